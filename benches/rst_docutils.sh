#!/usr/bin/env bash
# `ibid check` against docutils on the rst bench's corpus (benches/rst.rs,
# corpus/rst.rs), in one run: cat, ibid -j 2, ibid -j 1 and docutils over
# the same files, their MB/s and the speedup (docutils' time / ibid's; the
# issue's target: ibid -j 2 at least 100 times as fast).
#
#   benches/rst_docutils.sh [SAMPLE_MB]    # default: the whole corpus
#
# docutils parses every .rst file with docutils.core.publish_doctree
# (report_level 5 and halt_level 5: nothing reported, nothing stops it;
# Sphinx's roles and directives become error nodes, which it parses all
# the same), in one Python process looping over the files. Only the parse
# is timed: not the interpreter's start, not the import, not reading the
# file (`.. include::` fragments are read inside the parse, as they must
# be). docutils does about 0.75 MB/s on this corpus, so the whole of it
# (33 MB of .rst) takes under a minute: it runs once; cat and ibid, best
# of ROUNDS.
#
# With SAMPLE_MB, the files are those of whole units of the corpus (an
# article, a folder of lectures, a Sphinx project), taken in the order of
# the manifest until their .rst files reach SAMPLE_MB MB (10^6 bytes):
# ibid checks a member of a Sphinx project with the rest of its project,
# so only whole units give it the same files as docutils. ibid is then
# run on those units' paths (`ibid check --format json -j N PATH...`), in
# the corpus folder like the bench.
#
# MB/s count the .rst bytes for every stage. ibid also reads the projects'
# .bib files (docutils does not; they are a few % of the bytes), and
# docutils reads the included .inc fragments again for each document.
#
# docutils comes from PyPI, installed with pip into a scratch venv at
# ${CARGO_TARGET_DIR:-target}/peers/docutils (never system-wide), pinned by
# IBID_DOCUTILS_SPEC (default docutils==0.23.1; Pygments is not installed,
# so code blocks are not highlighted). Needs python3 with venv and pip.
# Without IBID_BIN the binary is built with `cargo build --release`; the
# corpus is the bench's (`cargo bench --bench rst -- --dir`, which writes
# it once): IBID_BENCH_RST_MB and IBID_BENCH_SEED change it as they do for
# the bench. IBID_DOCUTILS_ROUNDS sets ROUNDS (5).
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."

sample=${1:-}
rounds=${IBID_DOCUTILS_ROUNDS:-5}
spec=${IBID_DOCUTILS_SPEC:-docutils==0.23.1}
target=${CARGO_TARGET_DIR:-target}
venv=$(realpath -m "$target/peers/docutils")
py=$venv/bin/python

# --- docutils, in a scratch venv ------------------------------------------
installed() { "$py" -c 'import docutils; print("docutils==" + docutils.__version__)' 2>/dev/null; }
if [ ! -x "$py" ]; then
    echo "creating $venv ..."
    python3 -m venv "$venv"
fi
if [ "$(installed)" != "$spec" ]; then
    echo "pip install $spec into $venv ..."
    "$venv/bin/pip" install --quiet --disable-pip-version-check "$spec"
fi
echo "docutils: $("$py" -c 'import docutils, sys; print(docutils.__version__, "on Python", sys.version.split()[0])')"

# --- the corpus and the binary --------------------------------------------
if [ -z "${IBID_BIN:-}" ]; then
    cargo build --release --quiet --bin ibid
    IBID_BIN=$target/release/ibid
fi
bin=$(realpath "$IBID_BIN")
dir=$(cargo bench --quiet --bench rst -- --dir 2>/dev/null | tail -1)
manifest=$dir/.ibid-bench-manifest
[ -f "$manifest" ] || { echo "no corpus manifest in '$dir'" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The units taken, their .rst files, and their .bib files (paths relative
# to the corpus folder), from the manifest.
"$py" - "$manifest" "$sample" "$tmp" <<'EOF'
import sys
manifest, sample, out = sys.argv[1], sys.argv[2], sys.argv[3]
units, files = [], []
for line in open(manifest, encoding="utf-8").read().splitlines()[1:]:
    w = line.split(" ")
    if w[0] == "unit":
        units.append(w[2])
    elif w[0] == "file":
        files.append((w[2], int(w[1])))
def unit_of(path):
    for u in units:
        if path == u or path.startswith(u + "/"):
            return u
    raise SystemExit(f"{path}: in no unit")
by_unit = {u: [] for u in units}
for path, size in files:
    by_unit[unit_of(path)].append((path, size))
limit = float(sample) * 1e6 if sample else float("inf")
taken, rst_bytes = [], 0
for u in units:
    if rst_bytes >= limit:
        break
    taken.append(u)
    rst_bytes += sum(s for p, s in by_unit[u] if p.endswith(".rst"))
with open(f"{out}/units", "w") as f:
    f.write("\n".join(taken) + "\n")
for ext in ("rst", "bib"):
    with open(f"{out}/{ext}", "w") as f:
        for u in taken:
            for p, s in by_unit[u]:
                if p.endswith("." + ext):
                    f.write(f"{s} {p}\n")
EOF
mapfile -t units <"$tmp/units"
mapfile -t rst < <(cut -d' ' -f2- "$tmp/rst")
rst_bytes=$(awk '{ n += $1 } END { print n + 0 }' "$tmp/rst")
bib_bytes=$(awk '{ n += $1 } END { print n + 0 }' "$tmp/bib")
if [ -z "$sample" ]; then
    paths=(.)
    what="the whole corpus"
else
    paths=("${units[@]}")
    what="a sample of $sample MB: the first ${#units[@]} units of the manifest"
fi
awk -v f="${#rst[@]}" -v r="$rst_bytes" -v b="$bib_bytes" -v u="${#units[@]}" -v w="$what" 'BEGIN {
    printf "corpus: %s (%d units): %d .rst files, %.2f MB (+ %.2f MB of .bib that ibid reads too)\n", w, u, f, r / 1e6, b / 1e6 }'
echo "  $dir; ibid: $bin; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# --- timing ----------------------------------------------------------------
# shellcheck source=benches/peer_common.sh
source benches/peer_common.sh
time_stages "${rst[@]}"
read -r as_rst diags < <("$py" -c '
import json, sys
j = json.load(open(sys.argv[1]))
print(sum(1 for f in j["files"] if f.get("dialect") == "rst"), len(j["diagnostics"]))' "$tmp/ibid.json")

echo "docutils: parsing ${#rst[@]} files once (about $(awk -v r="$rst_bytes" 'BEGIN { printf "%.0f", r / 0.75e6 }') s at 0.75 MB/s) ..."
printf '%s\n' "${rst[@]}" >"$tmp/list"
"$py" - "$dir" "$tmp/list" >"$tmp/docutils" <<'EOF'
import os, sys, time
import docutils.core
root, listing = sys.argv[1], sys.argv[2]
settings = {
    "report_level": 5,
    "halt_level": 5,
    "warning_stream": False,
    "_disable_config": True,
}
parse = 0.0
failed = 0
files = open(listing, encoding="utf-8").read().splitlines()
for rel in files:
    path = os.path.join(root, rel)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    start = time.perf_counter()
    try:
        docutils.core.publish_doctree(text, source_path=path, settings_overrides=settings)
    except Exception as e:  # counted, not fatal: the time still counts
        failed += 1
        print(f"{rel}: {type(e).__name__}: {e}", file=sys.stderr)
    parse += time.perf_counter() - start
print(f"{parse:.6f} {failed}")
EOF
read -r du_s du_failed <"$tmp/docutils"

peer_table docutils "$du_s" "$rst_bytes" "the parse only"
echo "ibid: exit status $status, $diags diagnostics, $as_rst files read as rst; docutils: $du_failed files raised; load after $(cut -d' ' -f1-3 /proc/loadavg)"
walk_note "$as_rst" "no .rst file as reStructuredText"
