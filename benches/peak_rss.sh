# Shared by the bench scripts that time ibid from a shell (sourced, not
# run): a clock, and the peak RSS of a run sampled from /proc where GNU
# time (`/usr/bin/time -f %M`) is missing.

# Microseconds since the epoch.
usec() { local t=$EPOCHREALTIME; echo "${t/./}"; }

# wait_sampling PID [DEADLINE_US]: wait for PID, reading its peak RSS
# (VmHWM, KiB) from /proc every 10 ms, a lower bound that misses growth in
# its last 10 ms; kill it once `usec` passes DEADLINE_US. Sets hwm, over
# (1 when killed at the deadline) and status (its exit status).
wait_sampling() {
    local pid=$1 deadline=${2:-} key value state
    hwm=0 over=0 status=0
    while :; do
        state=
        while read -r key value _; do
            case $key in
            State:) state=$value ;;
            VmHWM:) if [ "$value" -gt "$hwm" ]; then hwm=$value; fi ;;
            esac
        done 2>/dev/null <"/proc/$pid/status" || true
        if [ -z "$state" ] || [ "$state" = Z ]; then break; fi
        if [ -n "$deadline" ] && [ "$(usec)" -gt "$deadline" ]; then
            kill -KILL "$pid" 2>/dev/null || true
            over=1
        fi
        sleep 0.01
    done
    wait "$pid" || status=$?
}
