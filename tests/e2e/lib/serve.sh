# Sourced by the e2e scripts that start `storyline serve` (serve.sh,
# serve_hostile.sh), from the repository root.

. tests/e2e/lib/check.sh

# wait_url ERRFILE PID: waits up to 30 s for the "storyline: serving ... on
# URL" line that a server started in the background (process PID, stderr in
# ERRFILE) prints when it listens.  Sets URL; returns 1, URL empty, when
# the server exited or never said it.
wait_url() {
    URL=
    _i=0
    while [ $_i -lt 300 ]; do
        URL=$(sed -n 's|^storyline: serving .* on \(http://[^ ]*\)$|\1|p' "$1" 2>/dev/null)
        [ -n "$URL" ] && return 0
        kill -0 "$2" 2>/dev/null || return 1
        sleep 0.1
        _i=$((_i + 1))
    done
    return 1
}
