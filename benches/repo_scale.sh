#!/usr/bin/env bash
# The repository bench (benches/repo.rs) and the profiles behind its
# findings, from a shell.
#
#   benches/repo_scale.sh            # build, then cargo bench --bench repo
#   benches/repo_scale.sh perf [N]   # where -j N (default 1) spends its CPU
#   benches/repo_scale.sh heap       # what is live at the peak (heaptrack)
#   benches/repo_scale.sh threads    # -j 1, -j 2, and -j 2 beside a busy core
#
# The repository is the one the bench writes under target/ibid-bench-repo/
# (IBID_BENCH_REPO_FILES, IBID_BENCH_REPO_MB and IBID_BENCH_SEED change it);
# IBID_BIN picks another binary (say, a patched build) for every mode.
# Profiles go to target/ibid-bench-repo/profile/.
set -euo pipefail
cd "$(dirname "$0")/.."

target=${CARGO_TARGET_DIR:-target}
mode=${1:-run}
cargo build --release --quiet --bin ibid
bin=$(realpath "${IBID_BIN:-$target/release/ibid}")
if [ "$mode" = run ]; then
    exec cargo bench --bench repo
fi
dir=$(cargo bench --quiet --bench repo -- --dir 2>/dev/null | tail -1)
out=$(realpath "$target")/ibid-bench-repo/profile
mkdir -p "$out"
cd "$dir"
echo "repo: $dir; binary: $bin; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

case $mode in
perf)
    jobs=${2:-1}
    perf record -q -F 999 --call-graph dwarf,16384 -o "$out/perf.data" \
        "$bin" check --format json -j "$jobs" . >/dev/null || true
    # Self time, then time including callees, of the hottest functions.
    perf report -i "$out/perf.data" --no-children --sort symbol -g none \
        --percent-limit 1 --stdio 2>/dev/null | grep -v '^#' | grep -v '^$' | head -30
    echo
    perf report -i "$out/perf.data" --children --sort symbol -g none \
        --stdio 2>/dev/null | grep -E 'ibid::(check::(check_document|collect|check_citations)|dialect::[a-z]+::parse|graph::RefGraph::build|rules::run|report::|citations::)|pulldown_cmark::firstpass::run_first_pass|std::fs::read' \
        | cut -c1-140 | head -20
    echo "perf data: $out/perf.data"
    ;;
heap)
    if ! command -v heaptrack >/dev/null; then
        echo "heaptrack not installed (apt-get install heaptrack); peak RSS by GNU time:"
        /usr/bin/time -f '%M KiB' "$bin" check --format json . >/dev/null || true
        exit 0
    fi
    rm -f "$out"/heaptrack.*
    heaptrack -o "$out/heaptrack" "$bin" check --format json -j 2 . >/dev/null 2>&1 || true
    heaptrack_print "$out"/heaptrack.* -p 1 -a 0 -T 0 -n 6 -s 3 2>/dev/null \
        | awk '/PEAK MEMORY CONSUMERS/ { on = 1 } /MOST (CALLS|TEMPORARY)/ { on = 0 } on' \
        | grep -E 'consumed|^ *at src/' \
        | awk '/consumed/ { print; n = 0; next } n++ < 4'
    heaptrack_print "$out"/heaptrack.* 2>/dev/null | grep -E '^peak (heap|RSS)'
    ;;
threads)
    # ibid exits with 1 when it finds errors (the repository has some).
    run() {
        if [ -x /usr/bin/time ]; then
            /usr/bin/time -f "%e s wall, %U s user, %S s system, %M KiB" "$@" >/dev/null || true
        else
            TIMEFORMAT='%R s wall, %U s user, %S s system'
            time ("$@" >/dev/null || true)
        fi
    }
    for jobs in 1 2; do
        echo "-j $jobs:"; run "$bin" check --format json -j "$jobs" .
    done
    echo "-j 2 while another process keeps one core busy:"
    timeout 30 sh -c 'while :; do :; done' & busy=$!
    run "$bin" check --format json -j 2 .
    kill "$busy" 2>/dev/null || true
    ;;
*)
    echo "usage: $0 [run | perf [N] | heap | threads]" >&2
    exit 2
    ;;
esac
