#!/usr/bin/env bash
# `ibid check` against mwparserfromhell on the wikitext bench's corpus
# (benches/wikitext.rs, corpus/wikitext.rs), in one run: cat, ibid -j 2,
# ibid -j 1 and mwparserfromhell over the same pages, their MB/s and the
# speedup (mwparserfromhell's time / ibid's; the issue's target: ibid -j 2
# at least 100 times as fast).
#
#   benches/wikitext_mwparserfromhell.sh [SAMPLE_MB]    # default: every page
#
# mwparserfromhell parses every page with mwparserfromhell.parse (its C
# tokenizer, which it reports in use), in one Python process looping over
# the pages, and then walks the tree for the tags and templates a checker
# would look at (`filter_tags`, `filter_templates`, recursively): it parses
# and checks nothing, which is all it offers offline. Only the parse and
# the walk are timed: not the interpreter's start, not the import, not
# reading the file. At about 1.5 MB/s the whole corpus (32 MB) takes about
# 20 s: it runs once; cat and ibid, best of ROUNDS.
#
# With SAMPLE_MB, the pages are the first ones of the manifest until they
# reach SAMPLE_MB MB (10^6 bytes); ibid is then run on those paths, in the
# corpus folder like the bench. Every page is its own unit, so any sample
# gives both tools the same files.
#
# With IBID_MWPFH_MODEL=1 the script also runs benches/wikitext_cite_model.py
# on the parse trees: a small model of MediaWiki's Cite errors and of the
# short-citation checks (DESIGN.md section 9), written apart from the
# generator, whose findings per page (code and label) must be what the
# generator planted. It is how the corpus was checked, not part of the
# timing.
#
# mwparserfromhell comes from PyPI, installed with pip into a scratch venv
# at ${CARGO_TARGET_DIR:-target}/peers/mwparserfromhell (never
# system-wide), pinned by IBID_MWPFH_SPEC (default mwparserfromhell==0.7.2).
# Needs python3 with venv and pip. Without IBID_BIN the binary is built
# with `cargo build --release`; the corpus is the bench's (`cargo test
# --bench wikitext -- --bench --dir`, which writes it once): IBID_BENCH_WIKITEXT_MB
# and IBID_BENCH_SEED change it as they do for the bench.
# IBID_MWPFH_ROUNDS sets ROUNDS (5).
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."

sample=${1:-}
rounds=${IBID_MWPFH_ROUNDS:-5}
spec=${IBID_MWPFH_SPEC:-mwparserfromhell==0.7.2}
target=${CARGO_TARGET_DIR:-target}
venv=$(realpath -m "$target/peers/mwparserfromhell")
py=$venv/bin/python
model=$(realpath benches/wikitext_cite_model.py)

# --- mwparserfromhell, in a scratch venv -----------------------------------
installed() { "$py" -c 'import mwparserfromhell as m; print("mwparserfromhell==" + m.__version__)' 2>/dev/null; }
if [ ! -x "$py" ]; then
    echo "creating $venv ..."
    python3 -m venv "$venv"
fi
if [ "$(installed)" != "$spec" ]; then
    echo "pip install $spec into $venv ..."
    "$venv/bin/pip" install --quiet --disable-pip-version-check "$spec"
fi
echo "mwparserfromhell: $("$py" -c 'import mwparserfromhell as m, sys; print(m.__version__, "(C tokenizer)" if m.parser.use_c else "(Python tokenizer)", "on Python", sys.version.split()[0])')"

# --- the corpus and the binary --------------------------------------------
if [ -z "${IBID_BIN:-}" ]; then
    cargo build --release --quiet --bin ibid
    IBID_BIN=$target/release/ibid
fi
bin=$(realpath "$IBID_BIN")
# The bench binary of the test profile writes the full corpus as well as
# `cargo bench` would (`--bench` asks for it), without an optimised build
# of every dependency first.
dir=$(cargo test --quiet --bench wikitext -- --bench --dir 2>/dev/null | tail -1)
manifest=$dir/.ibid-bench-manifest
[ -f "$manifest" ] || { echo "no corpus manifest in '$dir'" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The pages taken (size and path, relative to the corpus folder).
awk -v limit="${sample:-0}" '
    $1 == "page" && (limit == 0 || total < limit * 1e6) { print $3, $4; total += $3 }
' "$manifest" >"$tmp/pages"
mapfile -t pages < <(cut -d' ' -f2- "$tmp/pages")
bytes=$(awk '{ n += $1 } END { print n + 0 }' "$tmp/pages")
if [ -z "$sample" ]; then
    paths=(.)
    what="every page"
else
    paths=("${pages[@]}")
    what="a sample of $sample MB: the first ${#pages[@]} pages of the manifest"
fi
awk -v f="${#pages[@]}" -v r="$bytes" -v w="$what" 'BEGIN {
    printf "corpus: %s: %d .wiki pages, %.2f MB\n", w, f, r / 1e6 }'
echo "  $dir; ibid: $bin; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# --- timing ----------------------------------------------------------------
# shellcheck source=benches/peer_common.sh
source benches/peer_common.sh
time_stages "${pages[@]}"
read -r as_wiki diags < <("$py" -c '
import json, sys
j = json.load(open(sys.argv[1]))
print(sum(1 for f in j["files"] if f.get("dialect") == "wikitext"), len(j["diagnostics"]))' "$tmp/ibid.json")

echo "mwparserfromhell: parsing ${#pages[@]} pages once (about $(awk -v r="$bytes" 'BEGIN { printf "%.0f", r / 1.5e6 }') s at 1.5 MB/s) ..."
printf '%s\n' "${pages[@]}" >"$tmp/list"
"$py" - "$dir" "$tmp/list" "${IBID_MWPFH_MODEL:-0}" "$model" >"$tmp/mwpfh" <<'EOF'
import os, sys, time
import mwparserfromhell
root, listing, check, model = sys.argv[1], sys.argv[2], sys.argv[3] == "1", sys.argv[4]
if check:
    sys.path.insert(0, os.path.dirname(model))
    import wikitext_cite_model as cite
    planted = cite.planted(os.path.join(root, ".ibid-bench-manifest"))
secs = 0.0
nodes = 0
differing = []
for rel in open(listing, encoding="utf-8").read().splitlines():
    with open(os.path.join(root, rel), encoding="utf-8") as f:
        text = f.read()
    start = time.perf_counter()
    code = mwparserfromhell.parse(text)
    nodes += len(code.filter_tags()) + len(code.filter_templates())
    secs += time.perf_counter() - start
    if check and not cite.agrees(cite.check(code), planted.get(rel, {})):
        differing.append(rel)
print(f"{secs:.6f} {nodes}")
if check:
    print(f"model: {len(differing)} of the pages differ from what was planted", *differing[:5])
EOF
read -r mw_s mw_nodes <"$tmp/mwpfh"

peer_table mwparserfromhell "$mw_s" "$bytes" "parse and walk only"
echo "ibid: exit status $status, $diags diagnostics, $as_wiki files read as wikitext; mwparserfromhell: $mw_nodes tags and templates; load after $(cut -d' ' -f1-3 /proc/loadavg)"
sed -n '2,$p' "$tmp/mwpfh"
walk_note "$as_wiki" "no .wiki file as wikitext"
