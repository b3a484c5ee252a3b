#!/bin/sh
# tests/tsan.sh - what `make tsan` runs after building build-tsan/ with
# ThreadSanitizer: the threaded paths on real and generated data, each at
# -j 2 and compared with the plain build at -j 1 (results must not depend
# on the thread count).  Not part of `make test`: ThreadSanitizer makes the
# whole suite ten times slower.  Prints "ok NAME" / "not ok NAME" and ends
# with "N passed, N failed".
BUILD=${BUILD:-build-tsan}
TS="$BUILD/storyline"
SL=build/storyline
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export TSAN_OPTIONS="halt_on_error=1 exitcode=66"
. tests/e2e/lib/check.sh

ECB=data/ecbplus-dev/articles.jsonl
/usr/bin/python3 bench/gen_corpus.py --articles 3000 --seed 9 --source "$ECB" \
    --out "$T/gen" >/dev/null 2>&1
for f in "$ECB" "$T/gen/articles.jsonl"; do
    name=$(basename "$(dirname "$f")")
    "$TS" dedup --pairs -q -j 2 "$f" >"$T/ts" 2>"$T/err"
    check "dedup -j 2 on $name: no race" test $? -eq 0
    "$SL" dedup --pairs -q -j 1 "$f" >"$T/plain"
    check "dedup -j 2 on $name: same as -j 1" cmp -s "$T/ts" "$T/plain"
    "$TS" dedup --no-rewrites -q -j 2 "$f" >/dev/null 2>"$T/err"
    check "dedup --no-rewrites -j 2 on $name: no race" test $? -eq 0
    "$TS" cluster -q -j 2 --out "$T/cl" "$f" 2>"$T/err"
    check "cluster -j 2 on $name: no race" test $? -eq 0
    "$SL" cluster -q -j 1 --out "$T/cl1" "$f"
    check "cluster -j 2 on $name: same as -j 1" cmp -s "$T/cl/articles.jsonl" "$T/cl1/articles.jsonl"
    [ -s "$T/err" ] && sed -n 1,40p "$T/err" >&2
done >"$T/log"
cat "$T/log"
p=$(grep -c '^ok ' "$T/log")
f=$(grep -c '^not ok ' "$T/log")
echo "$p passed, $f failed"
[ "$f" -eq 0 ]
