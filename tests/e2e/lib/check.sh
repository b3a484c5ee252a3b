# Sourced by the e2e scripts (from the repository root): the helpers every
# one of them uses.  tests/run.sh counts the lines check prints.

# check NAME CONDITION...: prints "ok NAME" when the condition (a command)
# succeeds, else "not ok NAME".
check() {
    _check_name=$1
    shift
    if "$@"; then echo "ok $_check_name"; else echo "not ok $_check_name"; fi
}
# has FILE PATTERN: FILE has a line matching the grep pattern.
has() { grep -q -- "$2" "$1"; }
py() { /usr/bin/env python3 "$@"; }
