#!/usr/bin/env bash
# `ibid check` against `cat` on the Markdown benchmark corpus, from a
# shell: the MB/s of each (best of ROUNDS, the runs interleaved so that a
# noisy machine slows them alike), and the peak RSS of the binary measured
# by GNU time.
#
#   benches/markdown_vs_cat.sh [ROUNDS]          # default 5
#
# The corpus is the one `cargo bench --bench markdown` measures
# (examples/gen_markdown.rs writes it once under target/); IBID_BENCH_MB and
# IBID_BENCH_SEED change it. The binary is built with `cargo build
# --release`. Peak RSS needs /usr/bin/time (Debian: `apt-get install time`);
# the bench itself measures it without (getrusage), see benches/markdown.rs.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${1:-5}
target=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet --bin ibid --example gen_markdown
bin="$target/release/ibid"
dir=$("$target/release/examples/gen_markdown" 2>/dev/null)
mapfile -t files < <(find "$dir" -type f | sort)
bytes=$(cat "${files[@]}" | wc -c)
echo "corpus: ${#files[@]} files, $(awk "BEGIN { printf \"%.1f\", $bytes / 1e6 }") MB in $dir"
echo "binary: $bin ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"

# ibid exits with 1 when it finds errors (the corpus has some); 2 is trouble.
ibid() {
    local status=0
    "$bin" check --format "$1" "$dir" >/dev/null || status=$?
    if [ "$status" -gt 1 ]; then
        echo "ibid check --format $1 failed with status $status" >&2
        exit 1
    fi
}

stages=(cat json human)
declare -A best
for stage in "${stages[@]}"; do best[$stage]=0; done
for _ in $(seq "$rounds"); do
    for stage in "${stages[@]}"; do
        start=$(date +%s%N)
        case $stage in
            cat) cat "${files[@]}" >/dev/null ;;
            *) ibid "$stage" ;;
        esac
        ns=$(($(date +%s%N) - start))
        if [ "${best[$stage]}" -eq 0 ] || [ "$ns" -lt "${best[$stage]}" ]; then
            best[$stage]=$ns
        fi
    done
done

printf '%-22s %9s %9s %8s\n' stage 'best ms' 'MB/s' 'vs cat'
for stage in "${stages[@]}"; do
    name=$stage
    [ "$stage" = cat ] || name="ibid --format $stage"
    awk -v name="$name" -v ns="${best[$stage]}" -v cat="${best[cat]}" -v bytes="$bytes" 'BEGIN {
        printf "%-22s %9.1f %9.1f %7.2fx\n", name, ns / 1e6, bytes * 1e3 / ns, cat / ns
    }'
done
echo "(vs cat: cat's time / the stage's time; target for ibid: 330 MB/s)"

if [ -x /usr/bin/time ]; then
    for format in json human; do
        log=$(mktemp)
        /usr/bin/time -v "$bin" check --format "$format" "$dir" >/dev/null 2>"$log" || true
        awk -v format="$format" -F': ' '
            /Maximum resident set size/ { rss = $2 }
            /Elapsed \(wall clock\)/ { wall = $2 }
            /Percent of CPU/ { cpu = $2 }
            END { printf "peak RSS of ibid check --format %s: %.1f MB (target 32 MB); wall %s, CPU %s\n",
                  format, rss / 1024, wall, cpu }' "$log"
        rm -f "$log"
    done
else
    echo "peak RSS: /usr/bin/time not found (apt-get install time), or run cargo bench --bench markdown"
fi
