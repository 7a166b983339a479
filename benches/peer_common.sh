# shellcheck shell=bash
# The caller's variables are set and read outside this file:
# shellcheck disable=SC2154,SC2034
# What the peer scripts share (`rst_docutils.sh`,
# `wikitext_mwparserfromhell.sh`, `asciidoc_asciidoctor.sh`): the timing
# of `cat` and `ibid` over the corpus. Sourced from the repository root,
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
