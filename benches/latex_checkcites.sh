#!/usr/bin/env bash
# `ibid check` against checkcites on a sample of the LaTeX bench's projects
# (benches/latex.rs, corpus/latex.rs): each tool run on one project at a
# time, best of ROUNDS, their times and the speedup (checkcites / ibid;
# the issue's target: ibid at least 100 times as fast), and whether both
# report the planted unknown citations and unused entries.
#
#   benches/latex_checkcites.sh [SAMPLE]      # default 20 projects
#
# checkcites needs what a compile leaves: the generator writes it, as
# LaTeX, BibTeX and biblatex would (`main.aux` with `\citation` lines,
# `\@input{chapters/ch01.aux}` for `\include`d chapters, `\bibdata`; the
# `.bcf` of biblatex theses), so the compile is not timed, only
# `checkcites FILE.aux` (`--backend biber thesis.bcf` for biblatex theses,
# `paper.aux supplement.aux` together for a pair: one bibliography for two
# documents, as ibid judges it) in the project's folder, and
# `ibid check --format json PROJECT`. Not sampled: books with a
# `thebibliography` (no .bib, nothing for checkcites) and projects under
# `\nocite{*}` (checkcites 2.6 then still lists every uncited entry as
# unused; ibid, as DESIGN.md says, none). The sample takes the projects
# kind by kind in turn (article, thesis with BibTeX, thesis with Biber,
# book, lecture notes, pair), in manifest order.
#
# checkcites and texlua come from Debian 12 packages, unpacked into
# ${CARGO_TARGET_DIR:-target}/peers/texlive/ (never installed system-wide):
#   texlive-luatex     holds checkcites (scripts/checkcites/checkcites.lua,
#                      v2.6, and the /usr/bin/checkcites link to it); not
#                      texlive-extra-utils, where upstream TeX Live has it;
#   texlive-binaries   texlua (a link to luatex);
#   libtexlua53-5, libkpathsea6, libzzip-0-13: what `ldd luatex` finds
#                      missing on a machine without TeX (libpng16-16 too,
#                      where it is missing: fetched when ldd says so).
# They are fetched with `apt-get download` (Debian's registry; run
# `apt-get update` once first) and unpacked with `dpkg -x`; checkcites runs
# with PATH and LD_LIBRARY_PATH pointing there. kpathsea, which checkcites
# loads first thing (`kpse.set_program_name`) and asks for a .bib it cannot
# open in the current folder, looks for texmf.cnf only in compiled-in
# system paths (/usr/share/texlive/texmf-dist/web2c, …): without one it
# warns on every run ("configuration file texmf.cnf not found") and finds
# nothing (`kpse.find_file('refs', 'bib')` is nil, even in the current
# folder). So the script writes a minimal texmf.cnf there (TEXMFDIST and
# BIBINPUTS = .;$TEXMFDIST/bibtex/bib//) and sets TEXMFCNF to its folder.
#
# Needs bash, coreutils, awk, jq (Debian: `apt-get install jq`), apt-get
# and dpkg. Without IBID_BIN, the binary is built with `cargo build
# --release`; the corpus is the bench's (`cargo bench --bench latex --
# --dir`, which writes it once), IBID_BENCH_LATEX_MB and IBID_BENCH_SEED
# change it as they do for the bench. IBID_CHECKCITES_ROUNDS sets ROUNDS (5).
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
root=$PWD

sample=${1:-20}
rounds=${IBID_CHECKCITES_ROUNDS:-5}
target=${CARGO_TARGET_DIR:-target}
peers=$(realpath -m "$target/peers/texlive")
command -v jq >/dev/null || { echo "needs jq (apt-get install jq)" >&2; exit 2; }

# --- checkcites and texlua, unpacked from Debian packages -----------------
script=$peers/usr/share/texlive/texmf-dist/scripts/checkcites/checkcites.lua
fetch() { # PACKAGE...
    mkdir -p "$peers/debs"
    local log
    log=$(mktemp)
    if ! (cd "$peers/debs" && apt-get download "$@") >"$log" 2>&1; then
        cat "$log" >&2
        echo "apt-get download $* failed (run apt-get update first?)" >&2
        exit 2
    fi
    rm -f "$log"
    local p deb
    for p in "$@"; do
        for deb in "$peers/debs/${p}"_*.deb; do
            dpkg -x "$deb" "$peers"
        done
    done
}
if [ ! -f "$script" ] || [ ! -e "$peers/usr/bin/texlua" ]; then
    echo "unpacking checkcites and texlua into $peers ..."
    fetch texlive-luatex texlive-binaries libtexlua53-5 libkpathsea6 libzzip-0-13
fi
libdir=$(dirname "$(find "$peers/usr/lib" -name 'libkpathsea.so.6' | head -1)")
if ldd "$peers/usr/bin/luatex" | grep -q 'libpng16.so.16 => not found'; then
    fetch libpng16-16
fi
cat >"$peers/texmf.cnf" <<EOF
% Written by benches/latex_checkcites.sh: just enough for kpathsea to find
% .bib files (checkcites asks it for those it cannot open itself).
TEXMFDIST = $peers/usr/share/texlive/texmf-dist
BIBINPUTS = .;\$TEXMFDIST/bibtex/bib//
EOF
checkcites() { # ARGS... (in the current folder)
    PATH="$peers/usr/bin:$PATH" LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
        TEXMFCNF=$peers command checkcites "$@"
}
if missing=$(LD_LIBRARY_PATH=$libdir ldd "$peers/usr/bin/luatex" | grep 'not found'); then
    echo "texlua still misses: $missing" >&2
    exit 2
fi
version() {
    local debs=("$peers/debs/$1"_*.deb)
    dpkg-deb -f "${debs[0]}" Version
}
echo "checkcites: $(checkcites --version | grep -o 'version [^ ]*' | head -1) from texlive-luatex $(version texlive-luatex);" \
    "texlua from texlive-binaries $(version texlive-binaries)"

# --- the corpus and the binary --------------------------------------------
if [ -z "${IBID_BIN:-}" ]; then
    cargo build --release --quiet --bin ibid
    IBID_BIN=$target/release/ibid
fi
bin=$(realpath "$IBID_BIN")
dir=$(cargo bench --quiet --bench latex -- --dir 2>/dev/null | tail -1)
manifest=$dir/.ibid-bench-manifest
[ -f "$manifest" ] || { echo "no corpus manifest in '$dir'" >&2; exit 2; }
echo "corpus: $dir; ibid: $bin ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"

# Projects checkcites can check, by class, then taken in turn.
mapfile -t picked < <(awk -v n="$sample" '
    $1 == "project" && $4 == "0" && $5 != "-" {
        class = $2; if ($2 == "thesis") class = ($0 ~ /--backend biber/) ? "thesis-biber" : "thesis-bibtex"
        if (!(class in count)) order[++classes] = class
        list[class, ++count[class]] = $3
    }
    END {
        for (i = 1; taken < n; i++) {
            more = 0
            for (c = 1; c <= classes && taken < n; c++) {
                k = order[c]
                if (i <= count[k]) { print k " " list[k, i]; taken++; more = 1 }
            }
            if (!more) break
        }
    }' "$manifest")

now() { date +%s%N; }
best_of() { # VAR COMMAND... : the best wall time in ns of ROUNDS runs
    local var=$1 best=0 t s
    shift
    for _ in $(seq "$rounds"); do
        s=$(now)
        "$@" >/dev/null 2>&1 || true
        t=$(($(now) - s))
        if [ "$best" -eq 0 ] || [ "$t" -lt "$best" ]; then best=$t; fi
    done
    printf -v "$var" '%s' "$best"
}
# checkcites' lists: `=> key` lines under "Unused …" and "Undefined …".
cc_list() { # unused|undefined < output
    awk -v want="$1" '
        /^Unused references in your TeX document:/ { sec = "unused"; next }
        /^Undefined references in your TeX document:/ { sec = "undefined"; next }
        /^---/ { sec = "" }
        sec == want && /^=> / { print substr($0, 4) }' | sort -u
}
planted() { # CODE PROJECT
    awk -v code="$1" -v p="$2/" '$1 == "defect" && $2 == code && index($3, p) == 1 { print $4 }' \
        "$manifest" | sort -u
}
ibid_list() { # CODE < json
    jq -r --arg c "$1" '.diagnostics[] | select(.code == $c) | .label' | sort -u
}
count() { grep -c . || true; }
fmt() { echo "$(count <"$tmp/$1.unk")/$(count <"$tmp/$1.unu")"; }
# In the project's folder, without a subshell (its fork would be timed).
run_checkcites() {
    cd "$pdir" || return 2
    local status=0
    checkcites "${args[@]}" || status=$?
    cd "$root" || exit 2
    return "$status"
}

printf '\n%-14s %-34s %9s %9s %8s   %-17s %-17s %-17s\n' class project 'cc ms' 'ibid ms' speedup \
    'planted unk/unu' 'checkcites unk/unu' 'ibid unk/unu'
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
total_cc=0
total_ibid=0
cc_ns=0
ibid_ns=0
disagree=()
for line in "${picked[@]}"; do
    read -r class project <<<"$line"
    args=$(awk -v p="$project" '$1 == "project" && $3 == p { for (i = 5; i <= NF; i++) printf "%s ", $i }' "$manifest")
    read -ra args <<<"$args"
    pdir=$dir/$project
    (cd "$pdir" && checkcites "${args[@]}") >"$tmp/cc" 2>&1 || true
    "$bin" check --format json "$pdir" >"$tmp/ibid.json" 2>/dev/null || true
    best_of cc_ns run_checkcites
    best_of ibid_ns "$bin" check --format json "$pdir"
    total_cc=$((total_cc + cc_ns))
    total_ibid=$((total_ibid + ibid_ns))
    for what in unk unu; do
        case $what in
        unk) code=unknown-citation cc=undefined ;;
        unu) code=unused-entry cc=unused ;;
        esac
        planted "$code" "$project" >"$tmp/p.$what"
        cc_list "$cc" <"$tmp/cc" >"$tmp/c.$what"
        ibid_list "$code" <"$tmp/ibid.json" >"$tmp/i.$what"
        for tool in c i; do
            if ! cmp -s "$tmp/p.$what" "$tmp/$tool.$what"; then
                name=checkcites
                [ "$tool" = i ] && name=ibid
                only=$(comm -13 "$tmp/p.$what" "$tmp/$tool.$what" | tr '\n' ' ')
                lost=$(comm -23 "$tmp/p.$what" "$tmp/$tool.$what" | tr '\n' ' ')
                disagree+=("$project $code: $name${lost:+ misses: $lost}${only:+ also reports: $only}")
            fi
        done
    done
    awk -v c="$class" -v p="$project" -v cc="$cc_ns" -v ib="$ibid_ns" -v pl="$(fmt p)" \
        -v ccl="$(fmt c)" -v il="$(fmt i)" 'BEGIN {
        printf "%-14s %-34s %9.2f %9.2f %7.1fx   %-17s %-17s %-17s\n", c, p, cc / 1e6, ib / 1e6, cc / ib, pl, ccl, il }'
done
awk -v n="${#picked[@]}" -v cc="$total_cc" -v ib="$total_ibid" -v r="$rounds" 'BEGIN {
    printf "\n%d projects, best of %d runs each: checkcites %.1f ms, ibid %.1f ms in all; ", n, r, cc / 1e6, ib / 1e6
    printf "ibid %.1fx as fast (target >= 100x)\n", cc / ib }'
if [ "$(jq '[.files[] | select(.dialect == "latex")] | length' "$tmp/ibid.json")" -eq 0 ]; then
    echo "(this ibid reads no .tex file yet: its times are a walk over the project and its lists are empty)"
fi
if [ ${#disagree[@]} -eq 0 ]; then
    echo "agreement: checkcites and ibid report exactly the planted unknown citations and unused entries"
else
    echo "disagreements with the planted defects (${#disagree[@]}):"
    printf '  %s\n' "${disagree[@]}"
fi
