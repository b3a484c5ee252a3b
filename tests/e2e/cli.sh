#!/bin/sh
# End-to-end checks of the storyline command on data files.  Prints
# "ok NAME" or "not ok NAME" per check (counted by tests/run.sh).
BUILD=${BUILD:-build}
SL="$BUILD/storyline"
D=tests/data/e2e
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

. tests/e2e/lib/check.sh
field() { # FILE KEY: first string value of "KEY" in a JSON line
    sed -n "s/.*\"$2\":\"\([^\"]*\)\".*/\1/p" "$1" | head -n 1
}

# --- usage
"$SL" --help >"$T/help" 2>&1
check "help exits 0 and lists commands" has "$T/help" "dedup INPUT"
check "version" test "$("$SL" --version)" = "storyline 0.1.0"
"$SL" --bogus dedup x >/dev/null 2>"$T/err"
check "unknown option exits 2" test $? -eq 2
check "unknown option is named" has "$T/err" "unknown option --bogus"
"$SL" dedup --threads 0 x >/dev/null 2>&1
check "bad thread count exits 2" test $? -eq 2
"$SL" cluster --pairs tests/data/e2e/cases.jsonl >/dev/null 2>"$T/err"
check "an option the command does not read exits 2" test $? -eq 2
check "... and says which commands read it" has "$T/err" "--pairs applies to dedup only, not cluster"
"$SL" facts --stats "$T/st.json" tests/data/e2e/cases.jsonl >/dev/null 2>"$T/err"
check "--stats with facts is refused" has "$T/err" "--stats applies to dedup and cluster only, not facts"
check "... before any work" test ! -e "$T/st.json"
"$SL" dedup "$T/missing.jsonl" >/dev/null 2>"$T/err"
check "missing input exits 1" test $? -eq 1
check "missing input message" has "$T/err" "storyline: $T/missing.jsonl: No such file or directory"

# --- regression cases: relation, source and cue of known pairs
tail -n +2 "$D/cases-expect.tsv" | while IFS="	" read -r a b rel src cue; do
    "$SL" compare --format json "$a" "$b" "$D/cases.jsonl" 2>/dev/null | head -n 1 >"$T/pair"
    got=$(field "$T/pair" relation)
    check "case $a/$b is $rel (got $got)" test "$got" = "$rel"
    if [ "$src" != "-" ]; then
        check "case $a/$b source $src" test "$(field "$T/pair" source)" = "$src"
        check "case $a/$b cue $cue" test "$(field "$T/pair" cue)" = "$cue"
    fi
done
"$SL" compare --format text wire rewrite "$D/cases.jsonl" >"$T/cmp" 2>&1
check "compare text shows relation" has "$T/cmp" "relation:      rewrite"
check "compare text shows aligned sentences" has "$T/cmp" "B| EU finance ministers on Tuesday"
check "compare text shows direction" has "$T/cmp" "direction:     wire -> rewrite (attribution: Reuters)"
"$SL" compare --format json "$D/txtdir/storm.txt" "$D/txtdir/storm-copy.txt" >"$T/cmp" 2>&1
check "compare two files" test "$(field "$T/cmp" relation)" = "duplicate"

# --- dedup groups on the cases
"$SL" dedup -q --format json "$D/cases.jsonl" >"$T/groups"
check "dedup finds the duplicate group" \
    has "$T/groups" '"kind":"duplicate","size":3,"representative":"wire","members":\["wire","repost","short"\]'
check "dedup finds the rewrite group" \
    has "$T/groups" '"kind":"rewrite","size":4,"representative":"wire"'
check "dedup keeps Cyrillic text" has "$T/groups" '"members":\["cyrillic","cyrillic-copy"\]'
check "dedup: same actors, other event stays apart" sh -c "! grep -q same-actors '$T/groups'"

# --- duplicates only: the same duplicate group, no rewrites searched
"$SL" dedup -q --no-rewrites --pairs --format json "$D/cases.jsonl" >"$T/dup-only"
check "--no-rewrites keeps the duplicate group" \
    has "$T/dup-only" '"kind":"duplicate","size":3,"representative":"wire","members":\["wire","repost","short"\]'
check "--no-rewrites finds no rewrite" sh -c "! grep -q '\"rewrite\"' '$T/dup-only'"
"$SL" dedup -q --pairs --format json "$D/cases.jsonl" | grep '"relation":"duplicate"' >"$T/dup-all"
grep '"relation":"duplicate"' "$T/dup-only" >"$T/dup-only-pairs"
check "--no-rewrites: the same duplicate pairs as a full run here" \
    cmp -s "$T/dup-all" "$T/dup-only-pairs"
"$SL" cluster --no-rewrites --out "$T/cl" "$D/cases.jsonl" >/dev/null 2>"$T/err"
check "cluster --no-rewrites exits 2" test $? -eq 2
check "cluster --no-rewrites says why" has "$T/err" "--no-rewrites applies to dedup only"

# --- bad input: messages, counts, policy
"$SL" dedup --format json "$D/bad.jsonl" >"$T/out" 2>"$T/err"
check "bad input skipped, exit 0" test $? -eq 0
check "malformed JSON located" has "$T/err" "storyline: $D/bad.jsonl:2: malformed JSON"
check "duplicate id located" has "$T/err" "storyline: $D/bad.jsonl:3: duplicate id \"ok1\""
check "empty text located" has "$T/err" "storyline: $D/bad.jsonl:4: missing or empty \"text\""
check "non-object located" has "$T/err" "storyline: $D/bad.jsonl:5: expected a JSON object"
check "unknown field warned" has "$T/err" "$D/bad.jsonl:6: unknown field \"extra\" ignored"
check "invalid UTF-8 located" has "$T/err" "storyline: $D/bad.jsonl:7: invalid UTF-8"
check "summary counts read and skipped" has "$T/err" "read 2 articles, skipped 5 (2 malformed, 1 invalid UTF-8, 1 missing id or text, 1 duplicate id), 1 warning"
"$SL" dedup --on-error=fail "$D/bad.jsonl" >/dev/null 2>"$T/err"
check "--on-error=fail exits 1" test $? -eq 1
check "--on-error=fail names the record" has "$T/err" "bad.jsonl:2: malformed JSON"

# --- input kinds give the same result
IO=tests/data/io
"$SL" dedup -q --pairs --format json "$IO/good.jsonl" >"$T/plain"
"$SL" dedup -q --pairs --format json "$IO/good.jsonl.gz" >"$T/gz"
"$SL" dedup -q --pairs --format json "$IO/good.jsonl.zst" >"$T/zst"
"$SL" dedup -q --pairs --format json - <"$IO/good.jsonl" >"$T/stdin"
check "gzip input equals plain" cmp -s "$T/plain" "$T/gz"
check "zstd input equals plain" cmp -s "$T/plain" "$T/zst"
check "stdin input equals plain" cmp -s "$T/plain" "$T/stdin"
"$SL" dedup --pairs --format json "$D/txtdir" >"$T/txt" 2>"$T/err"
check "directory of .txt files" has "$T/txt" '"a":"storm-copy","b":"storm","relation":"duplicate"'
check "directory summary" has "$T/err" "read 2 articles"

# --- real data: ECB+ wire copies, determinism across threads, output file
ECB=data/ecbplus-dev/articles.jsonl
"$SL" dedup -q --pairs --format json -j 1 "$ECB" >"$T/j1"
"$SL" dedup -q --pairs --format json -j 2 -o "$T/j2" --stats "$T/stats" "$ECB"
"$SL" dedup -q --pairs --format json -j4 -o"$T/j4" "$ECB" # attached values
check "ECB+: -j1 and -j2 byte-identical" cmp -s "$T/j1" "$T/j2"
check "ECB+: -j1 and -j4 byte-identical (-j4 -oFILE spelling)" cmp -s "$T/j1" "$T/j4"
check "ECB+: output matches the reviewed expectation" cmp -s "$T/j1" "$D/ecbplus-dedup.jsonl"
check "ECB+: natural wire copy 9_3ecbplus/9_9ecbplus found" \
    has "$T/j1" '"a":"9_3ecbplus","b":"9_9ecbplus","relation":"duplicate"'
check "--stats writes counts" has "$T/stats" '"articles":772'
"$SL" dedup -q --format text "$ECB" >"$T/text"
check "text format table" has "$T/text" "GROUP  KIND       SIZE  REPRESENTATIVE"
exit 0
