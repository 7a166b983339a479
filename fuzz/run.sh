#!/usr/bin/env bash
# Run every fuzz target (or those named) for SECONDS each, two at a time on
# a two-core machine, and print each target's executions and coverage.
#
#   fuzz/run.sh                 # every target, 600 s each
#   fuzz/run.sh 60 plain bibtex # those two, a minute each
#
# Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
# Each target starts from the repository's own documents of its kind
# (tests/fixtures, examples), copied into fuzz/corpus/TARGET/ (not
# committed); crashes are kept in fuzz/artifacts/TARGET/. JOBS=N runs N
# targets at once.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(plain markdown fix latex rst asciidoc wikitext bibtex csl_json csl_yaml config baseline project_config)
fi
jobs=${JOBS:-2}
root=..

seed() { # TARGET: copy the repository's documents of its kind as seeds
    local dir=corpus/$1 pattern
    mkdir -p "$dir"
    case $1 in
    plain) pattern='*.txt' ;;
    rst) pattern='*.rst' ;;
    asciidoc) pattern='*.adoc' ;;
    wikitext) pattern='*.wiki' ;;
    markdown) pattern='*.md' ;;
    fix) pattern='*.txt' ;;
    latex) pattern='*.tex' ;;
    bibtex) pattern='*.bib' ;;
    csl_json) pattern='*.json' ;;
    csl_yaml) pattern='*.yaml' ;;
    config) pattern='*.toml' ;;
    baseline) pattern='*.json' ;;
    project_config) pattern='*.yml' ;;
    esac
    find "$root/tests/fixtures" "$root/tests/fix" "$root/examples" "$root/src/config" -name "$pattern" \
        -size -64k -exec cp -t "$dir" {} + 2>/dev/null || true
}

cargo +nightly fuzz build >/dev/null
mkdir -p logs
running=0
for t in "${targets[@]}"; do
    seed "$t"
    (
        code=0
        cargo +nightly fuzz run "$t" "corpus/$t" -- -max_total_time="$seconds" \
            -rss_limit_mb=2048 -timeout=10 >"logs/$t.log" 2>&1 || code=$?
        echo "$code" >"logs/$t.status"
    ) &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        wait -n
        running=$((running - 1))
    fi
done
wait
status=0
printf '%-16s %12s %8s %8s  %s\n' target executions cov ft result
for t in "${targets[@]}"; do
    log=logs/$t.log
    runs=$(grep -oE 'Done [0-9]+ runs' "$log" | tail -1 | grep -oE '[0-9]+' || echo -)
    cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo -)
    ft=$(grep -oE 'ft: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo -)
    # cargo fuzz exits non-zero on a crash, a timeout or running out of
    # memory, and libFuzzer writes the input that did it.
    if [ "$(cat "logs/$t.status" 2>/dev/null || echo 1)" != 0 ] ||
        grep -q 'Test unit written to' "$log"; then
        result="FAILED (see fuzz/$log and fuzz/artifacts/$t/)"
        status=1
    else
        result=ok
    fi
    printf '%-16s %12s %8s %8s  %s\n' "$t" "$runs" "$cov" "$ft" "$result"
done
exit $status
