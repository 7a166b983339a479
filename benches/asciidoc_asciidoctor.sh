#!/usr/bin/env bash
# `ibid check` against Asciidoctor on the asciidoc bench's corpus
# (benches/asciidoc.rs, corpus/asciidoc.rs), in one run: cat, ibid -j 2,
# ibid -j 1 and Asciidoctor over the same files, their MB/s and the
# speedup (Asciidoctor's time / ibid's; the issue's target: ibid -j 2 at
# least 100 times as fast).
#
#   benches/asciidoc_asciidoctor.sh [SAMPLE_MB]    # default: the whole corpus
#
# Asciidoctor converts every document root of the corpus (each book's
# book.adoc, which includes its chapters, sidebars, bibliography and code
# samples; each article; each guide, which includes its attributes and
# partial) to HTML in memory, as `asciidoctor -v` would (safe mode unsafe,
# standalone, its logger at INFO: Asciidoctor checks references, ids,
# footnotes and includes only while converting), in one Node.js process
# looping over the roots. Only the conversions are timed: not Node's
# start, not the import. At about 1 MB/s the whole corpus (32 MB) takes
# about half a minute: it runs once; cat and ibid, best of ROUNDS.
# Asciidoctor's messages are counted by kind beside what the generator
# planted (it has no word for an unused bibliography entry, an empty
# footnote or one footnote id given two texts, and reports an unresolved
# reference without its place).
#
# With SAMPLE_MB, the files are those of whole units of the corpus (a
# book, an article, a folder of guides), taken in the order of the
# manifest until their .adoc files reach SAMPLE_MB MB (10^6 bytes): ibid
# checks a chapter with the rest of its book, so only whole units give it
# the same files as Asciidoctor. ibid is then run on those units' paths.
# MB/s count the .adoc bytes, each file once, for every stage (Asciidoctor
# reads a guide folder's shared attributes and partial once per guide).
#
# Asciidoctor is Asciidoctor.js (the JavaScript port of Asciidoctor 2.0,
# whose CLI is also `asciidoctor`) from the npm registry, installed by
# `npm install --prefix` into ${CARGO_TARGET_DIR:-target}/peers/asciidoctor
# (never system-wide), pinned by IBID_ASCIIDOCTOR_SPEC (default
# asciidoctor@4.1.0, which is Asciidoctor 2.0.26): Ruby is not installed
# here, and Node.js and npm are, so no interpreter has to be unpacked into
# the scratch folder. Needs node >= 20 and npm. Without IBID_BIN the
# binary is built with `cargo build --release`; the corpus is the bench's
# (`cargo test --bench asciidoc -- --bench --dir`, which writes it once):
# IBID_BENCH_ASCIIDOC_MB and IBID_BENCH_SEED change it as they do for the
# bench. IBID_ASCIIDOCTOR_ROUNDS sets ROUNDS (5); IBID_ASCIIDOCTOR_LOG=FILE
# keeps Asciidoctor's messages (JSON, one per line).
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."

sample=${1:-}
rounds=${IBID_ASCIIDOCTOR_ROUNDS:-5}
spec=${IBID_ASCIIDOCTOR_SPEC:-asciidoctor@4.1.0}
target=${CARGO_TARGET_DIR:-target}
prefix=$(realpath -m "$target/peers/asciidoctor")
core=$prefix/node_modules/@asciidoctor/core

# --- Asciidoctor.js, in a scratch folder ----------------------------------
installed() { node -p "'asciidoctor@' + require('$prefix/node_modules/asciidoctor/package.json').version" 2>/dev/null; }
if [ "$(installed)" != "$spec" ]; then
    echo "npm install $spec into $prefix ..."
    mkdir -p "$prefix"
    npm install --prefix "$prefix" --no-audit --no-fund --silent "$spec"
fi
echo "asciidoctor: $("$prefix/node_modules/.bin/asciidoctor" --version | head -1), node $(node --version)"

# --- the corpus and the binary --------------------------------------------
if [ -z "${IBID_BIN:-}" ]; then
    cargo build --release --quiet --bin ibid
    IBID_BIN=$target/release/ibid
fi
bin=$(realpath "$IBID_BIN")
# The bench binary of the test profile writes the full corpus as well as
# `cargo bench` would (`--bench` asks for it), without an optimised build
# of every dependency first.
dir=$(cargo test --quiet --bench asciidoc -- --bench --dir 2>/dev/null | tail -1)
manifest=$dir/.ibid-bench-manifest
[ -f "$manifest" ] || { echo "no corpus manifest in '$dir'" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The units taken, their .adoc files and document roots (paths relative to
# the corpus folder), and what the generator planted in them, from the
# manifest.
node - "$manifest" "$sample" "$tmp" <<'EOF'
const fs = require("fs");
const [manifest, sample, out] = process.argv.slice(2);
const units = [], files = [], roots = [], defects = [];
for (const line of fs.readFileSync(manifest, "utf8").split("\n").slice(1)) {
  const w = line.split(" ");
  if (w[0] === "unit") units.push(w[2]);
  else if (w[0] === "file") files.push([w[2], Number(w[1])]);
  else if (w[0] === "root") roots.push(w[1]);
  else if (w[0] === "defect") defects.push([w[1], w[2]]);
}
const unitOf = (p) => units.find((u) => p === u || p.startsWith(u + "/"));
const limit = sample ? Number(sample) * 1e6 : Infinity;
const taken = new Set();
let bytes = 0;
for (const u of units) {
  if (bytes >= limit) break;
  taken.add(u);
  for (const [p, s] of files) if (unitOf(p) === u) bytes += s;
}
const keep = (p) => taken.has(unitOf(p));
fs.writeFileSync(`${out}/units`, [...taken].join("\n") + "\n");
fs.writeFileSync(`${out}/adoc`, files.filter(([p]) => keep(p)).map(([p, s]) => `${s} ${p}`).join("\n") + "\n");
fs.writeFileSync(`${out}/roots`, roots.filter(keep).join("\n") + "\n");
const planted = {};
for (const [code, p] of defects) if (keep(p)) planted[code] = (planted[code] || 0) + 1;
fs.writeFileSync(`${out}/planted`, Object.entries(planted).map(([c, n]) => `${c} ${n}`).join(", ") + "\n");
EOF
mapfile -t units <"$tmp/units"
mapfile -t adoc < <(cut -d' ' -f2- "$tmp/adoc")
mapfile -t roots <"$tmp/roots"
adoc_bytes=$(awk '{ n += $1 } END { print n + 0 }' "$tmp/adoc")
if [ -z "$sample" ]; then
    paths=(.)
    what="the whole corpus"
else
    paths=("${units[@]}")
    what="a sample of $sample MB: the first ${#units[@]} units of the manifest"
fi
awk -v f="${#adoc[@]}" -v r="$adoc_bytes" -v d="${#roots[@]}" -v u="${#units[@]}" -v w="$what" 'BEGIN {
    printf "corpus: %s (%d units): %d .adoc files, %.2f MB, %d documents\n", w, u, f, r / 1e6, d }'
echo "  $dir; ibid: $bin; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# --- timing ----------------------------------------------------------------
# shellcheck source=benches/peer_common.sh
source benches/peer_common.sh
time_stages "${adoc[@]}"
read -r as_adoc diags < <(node -e '
const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
console.log(j.files.filter((f) => f.dialect === "asciidoc").length, j.diagnostics.length);' "$tmp/ibid.json")

echo "asciidoctor: converting ${#roots[@]} documents once (about $(awk -v r="$adoc_bytes" 'BEGIN { printf "%.0f", r / 1e6 }') s at 1 MB/s) ..."
printf '%s\n' "${roots[@]}" >"$tmp/roots.list"
log=${IBID_ASCIIDOCTOR_LOG:-$tmp/messages}
cat >"$tmp/convert.mjs" <<'EOF'
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
const [core, root, listing, log] = process.argv.slice(2);
const A = await import(pathToFileURL(path.join(core, "src/index.js")).href);
const logger = A.MemoryLogger.create();
logger.level = A.Severity.INFO; // as `asciidoctor -v`: references are checked
A.LoggerManager.setLogger(logger);
let secs = 0, failed = 0;
const out = fs.openSync(log, "w");
for (const rel of fs.readFileSync(listing, "utf8").split("\n").filter(Boolean)) {
  const file = path.join(root, rel);
  const start = process.hrtime.bigint();
  try {
    await A.convertFile(file, { safe: "unsafe", to_file: false, standalone: true });
  } catch (e) { // counted, not fatal: the time still counts
    failed++;
    console.error(`${rel}: ${e}`);
  }
  secs += Number(process.hrtime.bigint() - start) / 1e9;
  for (const m of logger.getMessages()) {
    const at = m.sourceLocation || (m.message && m.message.source_location) || null;
    fs.writeSync(out, JSON.stringify({
      document: rel, severity: m.getSeverity(), text: m.getText ? m.getText() : m.text,
      file: at ? path.relative(root, at.file || at.path || "") : null, line: at ? at.lineno : null,
    }) + "\n");
  }
  logger.messages.length = 0;
}
console.log(`${secs.toFixed(6)} ${failed}`);
EOF
read -r ad_s ad_failed < <(node "$tmp/convert.mjs" "$core" "$dir" "$tmp/roots.list" "$log")
# Asciidoctor's messages by kind.
kinds=$(node -e '
const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean);
const kinds = {};
for (const l of lines) {
  const t = JSON.parse(l).text;
  const k = /possible invalid reference/.test(t) ? "invalid reference"
    : /already in use/.test(t) ? "duplicate id"
    : /include file not found/.test(t) ? "missing include"
    : /invalid footnote reference/.test(t) ? "invalid footnote reference"
    : /deprecated footnoteref/.test(t) ? "deprecated footnoteref"
    : "other";
  kinds[k] = (kinds[k] || 0) + 1;
}
console.log(Object.entries(kinds).map(([k, n]) => `${k} ${n}`).join(", ") || "none");' "$log")

peer_table asciidoctor "$ad_s" "$adoc_bytes" "the conversions only"
echo "ibid: exit status $status, $diags diagnostics, $as_adoc files read as asciidoc; planted: $(cat "$tmp/planted")"
echo "asciidoctor: $ad_failed documents raised; its messages: $kinds; load after $(cut -d' ' -f1-3 /proc/loadavg)"
walk_note "$as_adoc" "no .adoc file as AsciiDoc"
