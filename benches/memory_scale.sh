#!/usr/bin/env bash
# Whether `ibid check`'s peak memory and time grow linearly with its input,
# on shapes that used to be quadratic (or worse): each shape at sizes n, 2n
# and 4n (in bytes), one `ibid check --format json FILE` per run, with its
# peak RSS, wall time and findings, and the ratio of each to the size
# before. A shape looks linear when its RSS above the baseline (the same
# shape at size 1: the process's fixed cost) grows at most 2.3 times, and
# its time at most 2.3 times, per doubling.
#
#   benches/memory_scale.sh          # the issue's sizes (6 min on the base
#                                    # build, which is killed on most)
#   benches/memory_scale.sh quick    # smaller: a quarter of those (the line
#                                    # and the indented list a sixteenth)
#   benches/memory_scale.sh large    # for a linear build: pairs x16, the line
#                                    # 16-64 MiB, dashes and indent 25-100 MB
#   IBID_BIN=path/to/other/ibid benches/memory_scale.sh   # another binary
#
# Shapes (generated here, into ${CARGO_TARGET_DIR:-target}/ibid-memory-scale/,
# once per size):
#   pairs .md    K lines `Call[^1]` then K lines `[^1]: a`, blank lines
#                between (K = 8,000 is 152 KB): K-1 `duplicate` findings;
#   pairs .txt   K lines `Some text here.[1]`, a `Notes` heading, K notes
#                `[1] a` (K = 8,000 is 200 KB): K-1 `duplicate` findings;
#   long line    one plain-text line of 1, 2, 4 MiB with a marker `[1]` every
#                70 bytes and no notes: ~15,000 `unresolved` findings a MiB;
#   dashes .md   `- - - … - x`, D dashes on one line (D = 50k, 100k, 200k);
#   indent .md   a list indented one more level per line, L lines (L²
#                bytes: 5,000, 7,071, 10,000 lines are 25, 50, 100 MB);
#   labels .tex  K lines `\label{a}` then K lines `\ref{a}` (K = 8,000 is
#                152 KB): K-1 `duplicate-label` findings, each with a
#                related place, in one LaTeX document;
#   braces .tex  one `\footnote{` holding B nested `{…}` and a `\ref{x}`
#                after it (B = 100,000 is 200 KB): one `undefined-ref`.
#
# Each run is capped (`ulimit -v`, IBID_MEM_CAP_MB, default 4096 MB of
# address space; `timeout`, IBID_TIME_LIMIT, default 120 s) and then shows
# "killed (over N MB)" or "killed (over N s)"; the larger sizes of that shape
# are skipped. Runs under a second are repeated (best of 3). The report goes
# to a scratch file (not /dev/null) so that its findings can be counted.
#
# Needs bash >= 5 and coreutils (and awk, grep: on every Debian). Peak RSS
# comes from GNU time (`/usr/bin/time -f %M`; Debian: `apt-get install
# time`); without it, from /proc/PID/status (VmHWM) sampled every 10 ms,
# a lower bound that misses growth in a run's last 10 ms.
# Without IBID_BIN, the binary is built with `cargo build --release`.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."

mode=${1:-full}
target=${CARGO_TARGET_DIR:-target}
cap_mb=${IBID_MEM_CAP_MB:-4096}
limit_s=${IBID_TIME_LIMIT:-120}
work=$target/ibid-memory-scale
# Growth per doubling above which a shape is called super-linear, and the
# floors under which a figure is too small to judge.
max_ratio=2.3
rss_floor_mb=2
time_floor_s=0.2

case $mode in
full)
    pairs=(8000 16000 32000)
    line=(1048576 2097152 4194304)
    dashes=(50000 100000 200000)
    indent=(5000 7071 10000)
    braces=(100000 200000 400000)
    ;;
quick)
    pairs=(2000 4000 8000)
    line=(65536 131072 262144)
    dashes=(12500 25000 50000)
    indent=(1250 1768 2500)
    braces=(25000 50000 100000)
    ;;
large)
    pairs=(128000 256000 512000)
    line=(16777216 33554432 67108864)
    dashes=(12500000 25000000 50000000)
    indent=(5000 7071 10000)
    braces=(4000000 8000000 16000000)
    ;;
*)
    echo "usage: $0 [full | quick | large]" >&2
    exit 2
    ;;
esac

if [ -z "${IBID_BIN:-}" ]; then
    cargo build --release --quiet --bin ibid
    IBID_BIN=$target/release/ibid
fi
bin=$(realpath "$IBID_BIN")
[ -x "$bin" ] || { echo "no binary at $IBID_BIN" >&2; exit 2; }
mkdir -p "$work"
out=$work/report.json
err=$work/stderr.log
tlog=$work/time.log

# IBID_GNU_TIME= (empty) tries the fallback.
gnu_time=${IBID_GNU_TIME-/usr/bin/time}
if [ -z "$gnu_time" ] || ! "$gnu_time" -f %M -o "$tlog" true 2>/dev/null; then
    gnu_time=
fi

# The inputs, written once (under a temporary name, then renamed).
gen() { # SHAPE SIZE -> prints the file's path
    local shape=$1 n=$2 file
    case $shape in
    pairs-md) file=$work/pairs-$n.md ;;
    pairs-txt) file=$work/pairs-$n.txt ;;
    line) file=$work/line-$n.txt ;;
    dashes) file=$work/dashes-$n.md ;;
    indent) file=$work/indent-$n.md ;;
    labels-tex) file=$work/labels-$n.tex ;;
    braces-tex) file=$work/braces-$n.tex ;;
    esac
    if [ ! -f "$file" ]; then
        case $shape in
        pairs-md) awk -v k="$n" 'BEGIN {
            for (i = 0; i < k; i++) printf "Call[^1]\n\n"
            for (i = 0; i < k; i++) printf "[^1]: a\n\n" }' ;;
        pairs-txt) awk -v k="$n" 'BEGIN {
            for (i = 0; i < k; i++) print "Some text here.[1]"
            printf "\nNotes\n\n"
            for (i = 0; i < k; i++) print "[1] a" }' ;;
        line) awk -v bytes="$n" 'BEGIN {
            seg = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed eius.[1] "
            k = int((bytes - 1) / length(seg))
            for (i = 0; i < k; i++) printf "%s", seg
            printf "%s\n", substr(seg, 1, bytes - 1 - k * length(seg)) }' ;;
        dashes) awk -v d="$n" 'BEGIN { for (i = 0; i < d; i++) printf "- "; print "x" }' ;;
        indent) awk -v l="$n" 'BEGIN { s = ""; for (i = 0; i < l; i++) { print s "- x"; s = s "  " } }' ;;
        labels-tex) awk -v k="$n" 'BEGIN {
            print "\\documentclass{article}"
            for (i = 0; i < k; i++) print "\\label{a}"
            for (i = 0; i < k; i++) print "\\ref{a}" }' ;;
        braces-tex) awk -v b="$n" 'BEGIN {
            printf "\\documentclass{article}\n\\footnote{"
            for (i = 0; i < b; i++) printf "{"
            printf "x"
            for (i = 0; i < b; i++) printf "}"
            print "} \\ref{x}" }' ;;
        esac >"$file.tmp"
        mv "$file.tmp" "$file"
    fi
    echo "$file"
}

# usec, wait_sampling
. benches/peak_rss.sh

# One capped run of the binary on FILE: sets rss_kb, us (wall time in
# microseconds) and outcome (ok, or why it stopped).
pid=
trap '[ -z "$pid" ] || kill -KILL "$pid" 2>/dev/null || true' EXIT
run_once() {
    local file=$1 status=0 start
    start=$(usec)
    if [ -n "$gnu_time" ]; then
        (
            ulimit -v $((cap_mb * 1024))
            exec "$gnu_time" -f %M -o "$tlog" \
                timeout -k 5 "$limit_s" "$bin" check --format json "$file"
        ) >"$out" 2>"$err" || status=$?
        us=$(($(usec) - start))
        rss_kb=$(tail -n 1 "$tlog")
    else
        local hwm over
        # (The braces keep bash's "Killed" / "Aborted" notices quiet.)
        {
            (
                ulimit -v $((cap_mb * 1024))
                exec "$bin" check --format json "$file"
            ) >"$out" 2>"$err" &
            pid=$!
            wait_sampling "$pid" $((start + limit_s * 1000000))
        } 2>/dev/null
        pid=
        us=$(($(usec) - start))
        rss_kb=$hwm
        # Killed by the loop above: report it as timeout does.
        if [ "$over" = 1 ]; then status=124; fi
    fi
    if [ "$status" -le 1 ]; then
        outcome=ok
    elif [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
        outcome="killed (over $limit_s s)"
    elif grep -qE 'memory allocation of|out of memory|Cannot allocate memory' "$err"; then
        outcome="killed (over $cap_mb MB)"
    else
        outcome="failed (status $status: $(head -c 60 "$err" | head -n 1))"
    fi
}

# Best of 3 for runs under a second (the smallest time and RSS).
run() {
    local file=$1 best_us best_kb
    run_once "$file"
    [ "$outcome" = ok ] && [ "$us" -lt 1000000 ] || return 0
    best_us=$us best_kb=$rss_kb
    for _ in 2 3; do
        run_once "$file"
        [ "$outcome" = ok ] || return 0
        if [ "$us" -lt "$best_us" ]; then best_us=$us; fi
        if [ "$rss_kb" -lt "$best_kb" ]; then best_kb=$rss_kb; fi
    done
    us=$best_us rss_kb=$best_kb
}

findings() { { grep -o '"code":' "$out" || true; } | wc -l; }

echo "binary: $bin ($("$bin" --version 2>/dev/null || echo '?'))"
echo "mode: $mode; cap ${cap_mb} MB of address space, ${limit_s} s a run; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "$gnu_time" ]; then
    echo "peak RSS: GNU time (%M)"
else
    echo "peak RSS: VmHWM sampled every 10 ms (a lower bound; apt-get install time for GNU time)"
fi
echo "inputs: $work"
echo
fmt='%-10s %9s %11s %9s %10s %9s %7s %9s %7s\n'
# shellcheck disable=SC2059 # the format is the variable
printf "$fmt" shape size bytes findings 'RSS MB' seconds xRSS 'xRSS-base' xtime
started=$(usec)
verdicts=()

mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
sec() { awk -v u="$1" 'BEGIN { printf "%.3f", u / 1e6 }'; }

shape() { # NAME SHAPE BASE-SIZE SIZE...
    local name=$1 kind=$2 file n bytes base_kb prev_kb='' prev_us='' killed=''
    local worst_rss='' worst_time='' small='' r_rss r_excess r_time judged verdict
    file=$(gen "$kind" "$3")
    shift 3
    run "$file"
    base_kb=$rss_kb
    # shellcheck disable=SC2059 # the format is the variable
    printf "$fmt" "$name" "base $(basename "$file" | tr -dc 0-9)" "$(wc -c <"$file")" \
        "$(findings)" "$(mb "$rss_kb")" "$(sec "$us")" '' '' ''
    for n in "$@"; do
        file=$(gen "$kind" "$n")
        bytes=$(wc -c <"$file")
        if [ -n "$killed" ]; then
            # shellcheck disable=SC2059
            printf "$fmt" "$name" "$n" "$bytes" - skipped '' '' '' ''
            continue
        fi
        run "$file"
        if [ "$outcome" != ok ]; then
            killed=$n
            printf '%-10s %9s %11s %9s   %s; peak RSS %s MB, %s s\n' "$name" "$n" "$bytes" - \
                "$outcome" "$(mb "$rss_kb")" "$(sec "$us")"
            continue
        fi
        r_rss='' r_excess='' r_time='' judged=''
        if [ -n "$prev_kb" ]; then
            # Ratios to the size before; RSS above the baseline shown when
            # the smaller run is at least 256 KB above it, and judged when
            # it is at least rss_floor_mb above it; time judged when the
            # larger run takes at least time_floor_s.
            read -r r_rss r_excess r_time judged < <(awk -v k="$rss_kb" -v pk="$prev_kb" \
                -v b="$base_kb" -v u="$us" -v pu="$prev_us" -v rf="$rss_floor_mb" \
                -v tf="$time_floor_s" 'BEGIN {
                    e = k - b; pe = pk - b
                    re = pe >= 256 ? sprintf("%.2f", e / pe) : "-"
                    j = (pe / 1024 >= rf) ? "r" : ""
                    j = j ((u / 1e6 >= tf) ? "t" : "")
                    printf "%.2f %s %.2f %s\n", k / pk, re, u / pu, (j == "" ? "-" : j) }')
            if [[ $judged == *r* ]]; then
                worst_rss=$(awk -v a="${worst_rss:-0}" -v b="$r_excess" 'BEGIN { print (b > a ? b : a) }')
            else
                small+=r
            fi
            if [[ $judged == *t* ]]; then
                worst_time=$(awk -v a="${worst_time:-0}" -v b="$r_time" 'BEGIN { print (b > a ? b : a) }')
            else
                small+=t
            fi
        fi
        # shellcheck disable=SC2059
        printf "$fmt" "$name" "$n" "$bytes" "$(findings)" "$(mb "$rss_kb")" "$(sec "$us")" \
            "$r_rss" "$r_excess" "$r_time"
        prev_kb=$rss_kb prev_us=$us
    done
    over() { [ -n "$1" ] && awk -v r="$1" -v m="$max_ratio" 'BEGIN { exit !(r > m) }'; }
    if [ -n "$killed" ]; then
        verdict="NOT linear: killed at size $killed"
    elif over "$worst_rss" || over "$worst_time"; then
        verdict="NOT linear"
        if over "$worst_rss"; then verdict+="; RSS above baseline up to x$worst_rss per doubling"; fi
        if over "$worst_time"; then verdict+="; time up to x$worst_time per doubling"; fi
    else
        verdict="linear"
        if [ -n "$worst_rss" ]; then
            verdict+="; RSS above baseline at most x$worst_rss per doubling"
        else
            verdict+="; RSS too close to the baseline to judge"
        fi
        if [[ -n $worst_rss && $small == *r* ]]; then verdict+=" (not judged at every step)"; fi
        if [ -n "$worst_time" ]; then
            verdict+="; time at most x$worst_time per doubling"
        else
            verdict+="; runs too short to judge time"
        fi
        if [[ -n $worst_time && $small == *t* ]]; then verdict+=" (not judged at every step)"; fi
    fi
    echo "  -> $name: $verdict"
    verdicts+=("$name: $verdict")
}

shape 'pairs.md' pairs-md 1 "${pairs[@]}"
shape 'pairs.txt' pairs-txt 1 "${pairs[@]}"
shape 'line.txt' line 71 "${line[@]}"
shape 'dashes.md' dashes 1 "${dashes[@]}"
shape 'indent.md' indent 1 "${indent[@]}"
shape 'labels.tex' labels-tex 1 "${pairs[@]}"
shape 'braces.tex' braces-tex 1 "${braces[@]}"

echo
echo "summary (linear: RSS above the size-1 baseline and time grow at most x$max_ratio per doubling;"
echo "a step from under $rss_floor_mb MB above the baseline, or to a run under $time_floor_s s, is not judged):"
printf '  %s\n' "${verdicts[@]}"
echo "took $(awk -v u="$(($(usec) - started))" 'BEGIN { printf "%.0f", u / 1e6 }') s"
