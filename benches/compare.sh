#!/usr/bin/env bash
# Two builds of `ibid` side by side on the benchmark corpora, in the same
# run, so that a change can be quoted as "new vs base": for each corpus,
# `ibid check --format json` of both binaries, alternately (base new, then
# new base, ... ROUNDS times each after one untimed warm-up run each), with
# the best and median MB/s (10^6 bytes of the files read, per second of
# wall time), the median peak RSS, and the ratios new/base (MB/s above 1:
# new is faster; RSS below 1: new is smaller).
#
#   benches/compare.sh [ROUNDS] [CORPUS...]     # ROUNDS default 5
#   BASE_REV=b71c424 benches/compare.sh 11   # base: that commit, built in a
#                                            # worktree under target/ibid-base/
#   BASE_BIN=path/to/ibid IBID_BIN=target/release/ibid benches/compare.sh
#
# Corpora (default all three), the ones the benches generate, found or
# written by the same generators with the same seeds:
#   markdown  benches/markdown.rs's (examples/gen_markdown.rs, 68 MB), run
#             as `ibid check --format json DIR` from the package root;
#   repo      benches/repo.rs's repository (`cargo bench --bench repo --
#             --dir`, 10,000 documents, 254 MB read), run inside it on `.`;
#             its bytes are those of the documents and bibliographies of
#             its manifest (what ibid reads; build/ and the rest are not);
#   plain     benches/throughput.rs's plain-text corpus
#             (examples/gen_corpus.rs, 64 MiB), run on DIR.
# IBID_BENCH_MB, IBID_BENCH_REPO_FILES, IBID_BENCH_REPO_MB and
# IBID_BENCH_SEED change them as they do for the benches; IBID_ARGS adds
# options to every run (say `-j 1`; the default is one thread a core).
#
# The generators are built from BENCH_SRC, by default this checkout, and
# when it does not compile (work in progress) from the BASE_REV worktree:
# same generators and seeds, so the same Markdown and plain-text corpora;
# the repository is cleaned with the library of the checkout that writes
# it, so its text may differ a little between checkouts (both binaries read
# the same files in a run). The corpora are written once under
# ${CARGO_TARGET_DIR:-<that checkout>/target}; the repository takes minutes
# the first time. Without IBID_BIN, the new binary is built here with
# `cargo build --release --bin ibid`.
#
# Peak RSS comes from GNU time (`/usr/bin/time -f %M`; Debian: `apt-get
# install time`). Without it, runs are timed alone and the RSS is sampled
# from /proc/PID/status (VmHWM, every 10 ms) during the warm-up run: a
# lower bound, marked "~".
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
root=$PWD

rounds=5
if [[ ${1:-} =~ ^[0-9]+$ ]]; then
    rounds=$1
    shift
fi
corpora=("$@")
[ ${#corpora[@]} -gt 0 ] || corpora=(markdown repo plain)
for c in "${corpora[@]}"; do
    case $c in
    markdown | repo | plain) ;;
    *) echo "usage: $0 [ROUNDS] [markdown|repo|plain]..." >&2; exit 2 ;;
    esac
done
read -ra extra <<<"${IBID_ARGS:-}"
if [ -n "${CARGO_TARGET_DIR:-}" ]; then
    CARGO_TARGET_DIR=$(realpath -m "$CARGO_TARGET_DIR")
    export CARGO_TARGET_DIR
fi

# The binaries.
if [ -z "${IBID_BIN:-}" ]; then
    cargo build --release --quiet --bin ibid ||
        { echo "cannot build this checkout's ibid; set IBID_BIN" >&2; exit 2; }
    IBID_BIN=${CARGO_TARGET_DIR:-$root/target}/release/ibid
fi
# The base: BASE_BIN, or BASE_REV (a commit) checked out in a worktree
# under target/ and built there once.
base_src=
if [ -z "${BASE_BIN:-}" ]; then
    rev=${BASE_REV:?set BASE_BIN (a binary) or BASE_REV (a commit to build)}
    sha=$(git rev-parse --verify "$rev^{commit}")
    base_src=$root/target/ibid-base/$sha
    if [ ! -d "$base_src" ]; then
        git worktree add --detach "$base_src" "$sha" >/dev/null
    fi
    echo "building the base ($rev, ${sha:0:12}) in $base_src ..."
    (cd "$base_src" && CARGO_TARGET_DIR=$base_src/target cargo build --release --quiet --bin ibid)
    BASE_BIN=$base_src/target/release/ibid
fi
declare -A bin=([base]=$(realpath "$BASE_BIN") [new]=$(realpath "$IBID_BIN"))
for b in base new; do
    [ -x "${bin[$b]}" ] || { echo "$b binary not found: ${bin[$b]}" >&2; exit 2; }
done

# The generators: this checkout's, or BENCH_SRC's.
log=$(mktemp)
tmp_out=$(mktemp)
tlog=$(mktemp)
trap 'rm -f "$log" "$tmp_out" "$tlog"' EXIT
src=${BENCH_SRC:-$root}
build_generators() { # SRC
    local examples=() c
    for c in "${corpora[@]}"; do
        case $c in
        markdown) examples+=(--example gen_markdown) ;;
        plain) examples+=(--example gen_corpus) ;;
        esac
    done
    (
        cd "$1" || exit 1
        if [ ${#examples[@]} -gt 0 ]; then
            cargo build --release --quiet "${examples[@]}" || exit 1
        fi
        # The repo bench builds in the bench profile.
        if [[ " ${corpora[*]} " == *" repo "* ]]; then
            cargo bench --quiet --bench repo --no-run || exit 1
        fi
    ) >"$log" 2>&1
}
echo "building the corpus generators in $src ..."
if ! build_generators "$src"; then
    fallback=$base_src
    if [ -n "${BENCH_SRC:-}" ] || [ -z "$fallback" ]; then
        cat "$log" >&2
        exit 2
    fi
    echo "  $src does not build ($(grep -m1 -E '^error' "$log" || tail -n 1 "$log")); using $fallback"
    src=$(realpath "$fallback")
    if ! build_generators "$src"; then
        tail -n 20 "$log" >&2
        echo "cannot build the generators in $src either" >&2
        exit 2
    fi
fi
tgt=${CARGO_TARGET_DIR:-$src/target}

# A corpus: sets dir, cwd (where ibid runs), arg (what it checks), bytes, files.
locate() {
    case $1 in
    markdown | plain)
        local gen=gen_markdown
        [ "$1" = markdown ] || gen=gen_corpus
        dir=$(cd "$src" && "$tgt/release/examples/$gen" 2>"$log" | tail -n 1) || dir=
        [ -d "$dir" ] || { cat "$log" >&2; echo "no $1 corpus" >&2; exit 2; }
        cwd=$root arg=$dir
        read -r files bytes < <(find "$dir" -type f -printf '%s\n' |
            awk '{ n++; b += $1 } END { print n, b }')
        ;;
    repo)
        dir=$(cd "$src" && cargo bench --quiet --bench repo -- --dir 2>"$log" | tail -n 1) || dir=
        [ -d "$dir" ] || { cat "$log" >&2; echo "no $1 corpus" >&2; exit 2; }
        cwd=$dir arg=.
        read -r files bytes < <(awk '$1 == "doc" || $1 == "bib" { n++; b += $2 } END { print n, b }' \
            "$dir/.ibid-bench-manifest")
        ;;
    esac
}

# usec, wait_sampling
. benches/peak_rss.sh

# IBID_GNU_TIME= (empty) tries the fallback.
gnu_time=${IBID_GNU_TIME-/usr/bin/time}
if [ -z "$gnu_time" ] || ! "$gnu_time" -f %M -o "$tlog" true 2>/dev/null; then
    gnu_time=
fi

# One run of binary B: sets us (wall time) and kb (peak RSS, or empty);
# the report goes to OUT. Exit status 1 means findings; above it, trouble.
run() { # B OUT
    local status=0 start
    start=$(usec)
    if [ -n "$gnu_time" ]; then
        (cd "$cwd" && exec "$gnu_time" -f %M -o "$tlog" "${bin[$1]}" check --format json \
            "${extra[@]}" "$arg") >"$2" || status=$?
        us=$(($(usec) - start))
        kb=$(tail -n 1 "$tlog")
    else
        (cd "$cwd" && exec "${bin[$1]}" check --format json "${extra[@]}" "$arg") >"$2" || status=$?
        us=$(($(usec) - start))
        kb=
    fi
    if [ "$status" -gt 1 ]; then
        echo "$1 binary (${bin[$1]}) exited with $status on $arg" >&2
        exit 2
    fi
}

# The warm-up run, with the RSS sampled when GNU time is missing.
warm_up() { # B
    if [ -n "$gnu_time" ]; then
        run "$1" "$tmp_out"
        return
    fi
    local status hwm over
    # (The braces keep bash's job notices quiet.)
    {
        (cd "$cwd" && exec "${bin[$1]}" check --format json "${extra[@]}" "$arg") >"$tmp_out" &
        wait_sampling $!
    } 2>/dev/null
    [ "$status" -le 1 ] || { echo "$1 binary exited with $status on $arg" >&2; exit 2; }
    sampled_kb[$1]=$hwm
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "base: ${bin[base]} ($("${bin[base]}" --version 2>/dev/null || echo ?))"
echo "new:  ${bin[new]} ($("${bin[new]}" --version 2>/dev/null || echo ?))"
echo "rounds: $rounds, interleaved; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)${IBID_ARGS:+; IBID_ARGS=$IBID_ARGS}"
[ -n "$gnu_time" ] || echo "peak RSS: sampled from /proc in the warm-up run (apt-get install time for GNU time)"
started=$(usec)
summary=()
declare -A sampled_kb=()
for corpus in "${corpora[@]}"; do
    locate "$corpus"
    echo
    printf '%s: %d files, %.1f MB, %s\n' "$corpus" "$files" "$(awk -v b="$bytes" 'BEGIN { print b / 1e6 }')" "$dir"
    declare -A times=() rss=()
    for b in base new; do
        warm_up "$b"
        printf '  findings of %s: %s\n' "$b" "$({ grep -o '"code":' "$tmp_out" || true; } | wc -l)"
        times[$b]='' rss[$b]=''
    done
    for ((r = 1; r <= rounds; r++)); do
        order=(base new)
        ((r % 2)) || order=(new base)
        for b in "${order[@]}"; do
            run "$b" /dev/null
            times[$b]+="$us "
            rss[$b]+="${kb:-${sampled_kb[$b]}} "
        done
    done
    declare -A best=() med=() mem=()
    printf '  %-9s %10s %12s %10s\n' binary 'best MB/s' 'median MB/s' 'RSS MB'
    for b in base new; do
        best[$b]=$(tr ' ' '\n' <<<"${times[$b]}" | grep . | sort -n | head -n 1)
        med[$b]=$(tr ' ' '\n' <<<"${times[$b]}" | grep . | median)
        mem[$b]=$(tr ' ' '\n' <<<"${rss[$b]}" | grep . | median)
        awk -v name="$b" -v bytes="$bytes" -v best="${best[$b]}" -v med="${med[$b]}" \
            -v kb="${mem[$b]}" -v mark="${gnu_time:+ }" 'BEGIN {
            printf "  %-9s %10.1f %12.1f %10s\n", name, bytes / best, bytes / med,
                sprintf("%s%.1f", (mark == "" ? "~" : ""), kb / 1024) }'
    done
    line=$(awk -v bb="${best[base]}" -v bn="${best[new]}" -v mb="${med[base]}" -v mn="${med[new]}" \
        -v rb="${mem[base]}" -v rn="${mem[new]}" 'BEGIN {
        printf "%10.2fx %11.2fx %9.2fx", bb / bn, mb / mn, rn / rb }')
    printf '  %-9s %s\n' new/base "$line"
    summary+=("$(printf '%-9s %s' "$corpus" "$line")")
done

echo
echo "new/base     best MB/s  median MB/s   peak RSS   (MB/s > 1: new faster; RSS < 1: new smaller)"
printf '%s\n' "${summary[@]}"
echo "took $(awk -v u="$(($(usec) - started))" 'BEGIN { printf "%.0f", u / 1e6 }') s (after building)"
