#!/bin/sh
# Replays the kept fuzz inputs through every fuzz target, built with the
# plain driver tests/fuzz/replay.c into $BUILD/fuzz/NAME by `make test`
# (so under ASan+UBSan in `make asan`): tests/fuzz/corpus/NAME/ (the
# minimised corpus) and tests/fuzz/regress/NAME/ (inputs that once broke
# the library).  One "ok NAME" / "not ok NAME" per target.
BUILD=${BUILD:-build}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
for src in tests/fuzz/fuzz_*.c; do
    [ -f "$src" ] || continue
    name=$(basename "$src" .c)
    bin="$BUILD/fuzz/$name"
    set --
    [ -d "tests/fuzz/corpus/$name" ] && set -- "$@" "tests/fuzz/corpus/$name"
    [ -d "tests/fuzz/regress/$name" ] && set -- "$@" "tests/fuzz/regress/$name"
    if [ ! -x "$bin" ]; then
        echo "not ok fuzz replay $name: $bin not built"
        continue
    fi
    if [ $# -eq 0 ]; then
        echo "ok fuzz replay $name: no kept inputs yet"
        continue
    fi
    # the targets' temporary files go under $T (removed at exit)
    TMPDIR="$T" timeout 300 "$bin" "$@" >"$T/out" 2>&1
    rc=$?
    n=$(sed -n 's/^ok replay .*: \([0-9]*\) inputs.*/\1/p' "$T/out" | awk '{s += $1} END {print s + 0}')
    if [ "$rc" -eq 0 ]; then
        echo "ok fuzz replay $name: $n inputs"
    else
        echo "not ok fuzz replay $name (exit $rc):"
        sed 's/^/#   /' "$T/out" | head -n 60
    fi
done
exit 0
