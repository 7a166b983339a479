# shellcheck shell=bash
# The caller's variables are set and read outside this file:
# shellcheck disable=SC2154,SC2034
# What the peer scripts share (`rst_docutils.sh`,
# `wikitext_mwparserfromhell.sh`, `asciidoc_asciidoctor.sh`): the timing
# of `cat` and `ibid` over the corpus, and the table of both beside the
# peer. Sourced from the repository root,
# not run; the caller sets `dir` (the corpus folder), `rounds`, `tmp`,
# `bin` and `paths` (what ibid checks, relative to `dir`).

now() { date +%s%N; }
best_of() { # VAR COMMAND... : the best wall time in ns of ROUNDS runs, in the corpus folder
    local var=$1 best=0 t s
    shift
    for _ in $(seq "$rounds"); do
        s=$(now)
        (cd "$dir" && "$@" >/dev/null 2>&1) || true
        t=$(($(now) - s))
        if [ "$best" -eq 0 ] || [ "$t" -lt "$best" ]; then best=$t; fi
    done
    printf -v "$var" '%s' "$best"
}

# time_stages FILE... : `cat` over FILE... (in `dir`), `ibid check -j 2`
# and `-j 1` over `paths`, the best of `rounds` runs each, into `cat_ns`,
# `ibid2_ns` and `ibid1_ns`; then one `-j 2` run's JSON in
# `$tmp/ibid.json` and its exit status in `status`.
time_stages() {
    cat_ns=0
    ibid2_ns=0
    ibid1_ns=0
    printf '%s\0' "$@" >"$tmp/list0"
    (cd "$dir" && xargs -0 -a "$tmp/list0" cat >/dev/null) # warm the page cache
    best_of cat_ns xargs -0 -a "$tmp/list0" cat
    best_of ibid2_ns "$bin" check --format json -j 2 "${paths[@]}"
    best_of ibid1_ns "$bin" check --format json -j 1 "${paths[@]}"
    status=0
    (cd "$dir" && "$bin" check --format json -j 2 "${paths[@]}" >"$tmp/ibid.json" 2>/dev/null) || status=$?
}

# peer_table PEER SECS BYTES WHAT: the table of `cat`, `ibid -j 2` and
# `-j 1` (from `time_stages`) beside the peer's one pass of SECS seconds
# over BYTES bytes (WHAT it times), then the target: ibid -j 2 at least
# 100 times the peer.
peer_table() {
    awk -v peer="$1" -v p="$2" -v r="$3" -v what="$4" -v cat="$cat_ns" -v i2="$ibid2_ns" \
        -v i1="$ibid1_ns" -v n="$rounds" 'BEGIN {
    mb = r / 1e6
    w = length(peer) + 1
    if (w < 12) w = 12
    row = "%-" w "s %10.3f %10.1f %" (length(peer) + 3) ".0fx\n"
    printf "\n%-" w "s %10s %10s %" (length(peer) + 4) "s\n", "stage", "time s", "MB/s", peer " / it"
    printf row, "cat", cat / 1e9, mb / (cat / 1e9), p / (cat / 1e9)
    printf row, "ibid -j 2", i2 / 1e9, mb / (i2 / 1e9), p / (i2 / 1e9)
    printf row, "ibid -j 1", i1 / 1e9, mb / (i1 / 1e9), p / (i1 / 1e9)
    sub(/10\.1f/, "10.2f", row)
    printf row, peer, p, mb / p, 1
    printf "(cat and ibid: best of %d runs, wall time of the process; %s: one pass, %s)\n", n, peer, what
    ratio = p / (i2 / 1e9)
    printf "target: ibid -j 2 at least 100x %s: %.0fx, %s\n", peer, ratio, (ratio >= 100 ? "met" : "MISSED") }'
}

# walk_note COUNT WHAT: when ibid read COUNT files as its dialect and that
# is none, say that it read WHAT ("no .rst file as reStructuredText") and
# timed a walk.
walk_note() {
    if [ "$1" -eq 0 ]; then
        echo "(this ibid reads $2 yet: its times are a walk over the corpus)"
    fi
}
