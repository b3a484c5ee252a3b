#!/bin/sh
# Runs every unit test binary (cmocka) and every end-to-end script, then
# prints one summary line "N passed, N failed".  Exit status 0 only when
# nothing failed.  Run from the repository root; BUILD names the build dir.
BUILD=${BUILD:-build}
export BUILD
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

count() { # $1 = pattern, file = $log: sums the number after the pattern
    sed -n "s/^\[  $1  \] \([0-9][0-9]*\) test.*/\1/p" "$log" |
        awk '{s += $1} END {print s + 0}'
}

for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    CMOCKA_MESSAGE_OUTPUT=stdout "$t" >"$log" 2>&1
    rc=$?
    p=$(count PASSED)
    f=$(count FAILED)
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1 # crashed or exited early: count it
    fi
    passed=$((passed + p))
    failed=$((failed + f))
    if [ "$f" -ne 0 ]; then
        echo "FAIL $(basename "$t") (exit $rc):"
        sed 's/^/    /' "$log"
    else
        echo "ok   $(basename "$t"): $p passed"
    fi
done

# End-to-end scripts print "ok NAME" or "not ok NAME" per check.
for s in tests/e2e/*.sh; do
    [ -f "$s" ] || continue
    sh "$s" >"$log" 2>&1
    rc=$?
    p=$(grep -c '^ok ' "$log")
    f=$(grep -c '^not ok ' "$log")
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1
    fi
    passed=$((passed + p))
    failed=$((failed + f))
    if [ "$f" -ne 0 ]; then
        echo "FAIL $(basename "$s") (exit $rc):"
        sed 's/^/    /' "$log"
    else
        echo "ok   $(basename "$s"): $p passed"
    fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
