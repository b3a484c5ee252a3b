#!/bin/sh
# Hostile and degenerate corpora, generated on the fly (tests/hostile/gen.py;
# nothing big is kept): a 1 GB line, a 10 MB article, a million one-word
# articles, 100,000 identical or near-identical articles, one sentence
# repeated, deep and huge JSON, NUL bytes, one date for everything and no
# dates at all.  Each case checks the exit status, the counts in the summary
# on stderr (nothing dropped without being counted), a sane result, and the
# wall time and peak RSS (tests/hostile/measure.py) against a bound stated
# in the check's name: about 3-5 times the figure measured on a busy 2-core
# machine, loose enough for CI, tight enough to catch quadratic work or a
# buffer that grows with the input.
#
# Under the sanitizers ($SAN set by `make asan`) time bounds are x5 and RSS
# bounds x3 + 300 MB (shadow memory, quarantine), and the slowest cases run
# on fewer articles: their names then say the N used.
BUILD=${BUILD:-build}
SL="$BUILD/storyline"
PY=/usr/bin/python3
GEN="$PY tests/hostile/gen.py"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

. tests/e2e/lib/check.sh

if [ ! -x "$PY" ]; then
    echo "ok hostile corpora skipped: no $PY"
    exit 0
fi

if [ -n "${SAN:-}" ]; then
    TX=5 RX=3 RA=300
else
    TX=1 RX=1 RA=0
fi
pick() { # NORMAL SANITIZED: the size for this build
    if [ -n "${SAN:-}" ]; then echo "$2"; else echo "$1"; fi
}

# measure CMD...: runs CMD (stdin/stdout/stderr as given) and sets rc, secs,
# mb (peak RSS) and cpu.  At the end of a pipeline (a subshell) use
# "... | $MEASURE CMD...; measured" instead.
MEASURE="$PY tests/hostile/measure.py $T/m"
measured() {
    read -r rc secs kb cpu <"$T/m"
    mb=$((kb / 1024))
}
measure() {
    $MEASURE "$@"
    measured
}
# bounded LABEL SECONDS MB: the last measure within the bounds (scaled for
# the sanitizers), figures and bounds in the check's name.
bounded() {
    maxs=$(($2 * TX))
    maxmb=$(($3 * RX + RA))
    check "$1: $secs s < $maxs s, RSS $mb MB < $maxmb MB (cpu $cpu s)" \
        awk "BEGIN { exit !($secs < $maxs && $mb < $maxmb) }"
}
status() { # LABEL WANT: exit status of the last measure
    check "$1: exit $2 (got $rc)" test "$rc" -eq "$2"
}
# jcount FILE: lines in FILE
jcount() { wc -l <"$1" | tr -d ' '; }
# one_event LABEL FILE SECONDS MB: `cluster` of FILE exits 0 and makes one
# event, within the bounds
one_event() {
    measure "$SL" cluster --format json --out "$T/one" "$2" >/dev/null 2>"$T/err"
    status "$1: cluster" 0
    check "$1: one event" test "$(jcount "$T/one/events.jsonl")" -eq 1
    bounded "$1: cluster" "$3" "$4"
    rm -rf "$T/one"
}
max_size() { # events.jsonl: the largest "size"
    sed -n 's/.*"size":\([0-9]*\).*/\1/p' "$1" | sort -n | tail -n 1
}

# ------------------------------------------------------------------ 1
# A 1 GB JSON line through a pipe: skipped as it streams (never buffered
# whole), counted, and the good line after it is still read.
$GEN line 1000000000 | $MEASURE "$SL" dedup --format json - >"$T/out" 2>"$T/err"
measured
status "1 GB line" 0
check "1 GB line: skipped with a message" has "$T/err" "<stdin>:1: line of more than [0-9]* bytes skipped"
check "1 GB line: counted, the next line read" \
    has "$T/err" "read 1 article, skipped 1 (1 too large)"
bounded "1 GB line" 30 100

# ------------------------------------------------------------------ 2
# A 10 MB article (and a 1 MB rewrite of its start): over the default cap
# (4 MiB) skipped and counted with the message; with the cap raised,
# processed, and the rewrite found.
$GEN big 10000000 >"$T/big.jsonl"
measure "$SL" dedup --format json "$T/big.jsonl" >"$T/out" 2>"$T/err"
status "10 MB article, default cap" 0
check "10 MB article: the cap's message" has "$T/err" \
    "big.jsonl:1: article of [0-9]* bytes exceeds the cap of 4194304 (id big; raise it with --max-article-bytes)"
check "10 MB article: skipped and counted" \
    has "$T/err" "read 2 articles, skipped 1 (1 too large)"
bounded "10 MB article, default cap" 10 150
CAP=--max-article-bytes CAPN=16000000 # a cap over 10 MB
measure "$SL" "$CAP" "$CAPN" dedup --format json --pairs "$T/big.jsonl" >"$T/out" 2>"$T/err"
status "10 MB article, cap raised: dedup" 0
check "10 MB article, cap raised: all read" has "$T/err" "read 3 articles$"
check "10 MB article, cap raised: the rewrite is related to it" \
    has "$T/out" '"type":"group","group":1,"kind":"rewrite","size":2,"representative":"big","members":\["big","big-rewrite"\]'
bounded "10 MB article, cap raised: dedup" 40 800
measure "$SL" "$CAP" "$CAPN" facts --format json "$T/big.jsonl" >"$T/out" 2>"$T/err"
status "10 MB article, cap raised: facts" 0
check "10 MB article, cap raised: facts of the 3" test "$(jcount "$T/out")" -eq 3
bounded "10 MB article, cap raised: facts" 30 800
measure "$SL" "$CAP" "$CAPN" cluster --format json --out "$T/c2" "$T/big.jsonl" >/dev/null 2>"$T/err"
status "10 MB article, cap raised: cluster" 0
check "10 MB article, cap raised: cluster places the 3" \
    test "$(jcount "$T/c2/articles.jsonl")" -eq 3
bounded "10 MB article, cap raised: cluster" 40 800
rm -f "$T/big.jsonl"

# ------------------------------------------------------------------ 3
# One-word articles: all read, none related (a one-shingle MinHash used to
# make 1 pair in 65,536 an exact match).
N=$(pick 1000000 200000)
$GEN oneword "$N" >"$T/ow.jsonl"
measure "$SL" dedup --format json "$T/ow.jsonl" >"$T/out" 2>"$T/err"
status "$N one-word articles: dedup" 0
check "$N one-word articles: all read" has "$T/err" "read $N articles$"
check "$N one-word articles: no duplicates" \
    has "$T/err" "0 duplicate groups, 0 rewrite groups, 0 related pairs"
bounded "$N one-word articles: dedup" 120 1500
N=$(pick 200000 50000)
head -n "$N" "$T/ow.jsonl" >"$T/ow2.jsonl"
measure "$SL" cluster --format json --out "$T/c3" "$T/ow2.jsonl" >/dev/null 2>"$T/err"
status "$N one-word articles: cluster" 0
check "$N one-word articles: cluster places all" test "$(jcount "$T/c3/articles.jsonl")" -eq "$N"
bounded "$N one-word articles: cluster" 60 1500
rm -rf "$T/ow.jsonl" "$T/ow2.jsonl" "$T/c3"

# ------------------------------------------------------------------ 4
# Identical articles: one duplicate group, one event.  Variants that differ
# by one word each (no exact-hash shortcut; every LSH bucket huge): still
# one group, with work linear in N.
N=$(pick 100000 20000)
$GEN identical "$N" >"$T/id.jsonl"
measure "$SL" dedup --format json "$T/id.jsonl" >"$T/out" 2>"$T/err"
status "$N identical: dedup" 0
check "$N identical: all read" has "$T/err" "read $N articles$"
check "$N identical: one duplicate group of $N" \
    has "$T/out" "\"kind\":\"duplicate\",\"size\":$N,"
check "$N identical: only that group" test "$(jcount "$T/out")" -eq 1
bounded "$N identical: dedup" 30 600
one_event "$N identical" "$T/id.jsonl" 90 1000
N=$(pick 100000 20000)
$GEN near "$N" >"$T/near.jsonl"
measure "$SL" --stats "$T/stats" dedup --format json "$T/near.jsonl" >"$T/out" 2>"$T/err"
status "$N near-identical: dedup" 0
check "$N near-identical: one duplicate group of $N" \
    has "$T/out" "\"kind\":\"duplicate\",\"size\":$N,"
cand=$(sed -n 's/.*"shingle_candidates":\([0-9]*\).*/\1/p' "$T/stats")
check "$N near-identical: LSH candidates linear ($cand < 4 x $N)" test "$cand" -lt $((4 * N))
bounded "$N near-identical: dedup" 40 800
N=$(pick 30000 5000)
head -n "$N" "$T/near.jsonl" >"$T/near2.jsonl"
one_event "$N near-identical" "$T/near2.jsonl" 60 600
N=$(pick 10000 2000)
head -n "$N" "$T/id.jsonl" >"$T/id2.jsonl"
measure "$SL" add --db "$T/s.db" --batch 1000 "$T/id2.jsonl" >/dev/null 2>"$T/err"
status "$N identical: store add in batches of 1000" 0
check "$N identical: store holds $N in one event" \
    has "$T/err" "$N new, 0 updated, 0 unchanged; store: {\"articles\":$N,\"versions\":0,\"events\":1,"
bounded "$N identical: store add in batches of 1000" 60 500
rm -rf "$T/id.jsonl" "$T/id2.jsonl" "$T/near.jsonl" "$T/near2.jsonl" "$T/s.db"*

# ------------------------------------------------------------------ 5
# One sentence repeated: many articles of it, one long article of it, and
# two long articles repeating two wordings of one sentence (their sentence
# alignment: 20,000 x 20,000 equal pairs took 73 s and 7 GB).
N=$(pick 10000 2000)
$GEN repeat "$N" 50 >"$T/rep.jsonl"
measure "$SL" dedup --format json "$T/rep.jsonl" >"$T/out" 2>"$T/err"
status "$N articles of one sentence x 50: dedup" 0
check "$N articles of one sentence x 50: one group of $N" \
    has "$T/out" "\"kind\":\"duplicate\",\"size\":$N,"
bounded "$N articles of one sentence x 50: dedup" 30 250
one_event "$N articles of one sentence x 50" "$T/rep.jsonl" 60 250
K=$(pick 100000 20000)
$GEN repeat1 "$K" >"$T/rep1.jsonl"
for cmd in dedup facts cluster; do
    out=
    [ "$cmd" = cluster ] && out="--out $T/c5"
    # shellcheck disable=SC2086
    measure "$SL" "$CAP" "$CAPN" $cmd --format json $out "$T/rep1.jsonl" >"$T/out" 2>"$T/err"
    status "one sentence x $K: $cmd" 0
    check "one sentence x $K: $cmd reads both" has "$T/err" "read 2 articles$"
    bounded "one sentence x $K: $cmd" 30 500
done
K=$(pick 20000 5000)
$GEN repeat2 "$K" >"$T/rep2.jsonl"
measure "$SL" dedup --format json --pairs "$T/rep2.jsonl" >"$T/out" 2>"$T/err"
status "two wordings x $K: dedup" 0
check "two wordings x $K: related, all $K sentences aligned" \
    has "$T/out" "\"aligned\":\[\[0,0,1.000\].*\[$((K - 1)),$((K - 1)),1.000\]\]"
bounded "two wordings x $K: dedup" 20 150
rm -rf "$T"/rep*.jsonl "$T/c5"

# ------------------------------------------------------------------ 6
# Deep and huge JSON, each followed by a good line: a clear message, skipped
# and counted, memory bounded by the line cap (16 MiB + 64 KiB).  A field
# of a million keys fits under the cap: parsed, ignored with a warning.
deep() { # KIND N MESSAGE LABEL
    $GEN nested "$1" "$2" | $MEASURE "$SL" dedup --format json - >/dev/null 2>"$T/err"
    measured
    status "$4" 0
    check "$4: message" has "$T/err" "<stdin>:1: $3"
    check "$4: skipped, counted, next line read" \
        has "$T/err" "read 1 article, skipped 1 ("
    bounded "$4" 30 100
}
deep array 100000 "malformed JSON: nesting too deep" "[[[..]]] 100,000 deep"
deep object 100000 "malformed JSON: nesting too deep" "{\"a\":{\"a\":..}} 100,000 deep"
deep field 100000 "malformed JSON: nesting too deep" "an object 100,000 deep beside \"text\""
deep number 50000000 "line of more than [0-9]* bytes skipped" "a 50 MB number"
deep unknown 100000000 "line of more than [0-9]* bytes skipped" "a 100 MB unknown field"
N=$(pick 1000000 300000)
$GEN nested keys "$N" | $MEASURE "$SL" dedup --format json - >/dev/null 2>"$T/err"
measured
status "a field of $N keys" 0
check "a field of $N keys: read, warned" \
    has "$T/err" "read 2 articles, 1 warning"
bounded "a field of $N keys" 30 600

# ------------------------------------------------------------------ 7
# NUL bytes: rejected with a message and counted, never cut short silently
# (README: "NUL in a string: skipped and counted").
nul() { # KIND MESSAGE LABEL
    $GEN nul "$1" | "$SL" dedup --format json - >/dev/null 2>"$T/err"
    check "$3: exit 0" test $? -eq 0
    check "$3: message" has "$T/err" "<stdin>:1: $2"
    check "$3: skipped and counted" has "$T/err" "read 1 article, skipped 1 (1 malformed)"
}
nul raw "malformed JSON: NUL byte at byte 26" "raw NUL inside a JSON string"
nul rawout "malformed JSON: NUL byte at byte 15" "raw NUL between JSON fields"
nul escaped "NUL character in \"text\"" "\\\\u0000 inside \"text\""
mkdir "$T/nuldir"
$GEN nuldir "$T/nuldir"
"$SL" dedup --format json "$T/nuldir" >/dev/null 2>"$T/err"
check "NUL in .txt files: exit 0" test $? -eq 0
check "NUL in a .txt file: named with its offset" has "$T/err" "nuldir/a.txt: NUL character at byte 46"
check "NUL at the end of a .txt file: named" has "$T/err" "nuldir/b.txt: NUL character at byte 32"
check "NUL in .txt files: skipped and counted" has "$T/err" "read 1 article, skipped 2 (2 malformed)"

# ------------------------------------------------------------------ 8
# One publication day for everything, and no dates at all: E unrelated
# events of 10 articles each; events stay apart (none merges two planted
# events, none is bigger than its 10).
N=$(pick 30000 5000)
E=$((N / 10))
for d in same none; do
    $GEN events "$N" "$E" "$d" >"$T/ev.jsonl"
    measure "$SL" cluster --format json --out "$T/c8" "$T/ev.jsonl" >/dev/null 2>"$T/err"
    status "$N articles, dates $d: cluster" 0
    check "$N articles, dates $d: all read" has "$T/err" "read $N articles$"
    ne=$(jcount "$T/c8/events.jsonl")
    big=$(max_size "$T/c8/events.jsonl")
    check "$N articles, dates $d: $ne events (planted $E), largest $big (planted 10)" \
        test "$ne" -ge $((E * 9 / 10)) -a "$ne" -le $((E * 11 / 10)) -a "$big" -le 10
    impure=$($PY - "$T/c8/articles.jsonl" <<'EOF'
import json, sys
ev = {}
for line in open(sys.argv[1]):
    a = json.loads(line)
    ev.setdefault(a["event"], set()).add(a["id"].split("-")[0])
print(sum(1 for s in ev.values() if len(s) > 1))
EOF
)
    check "$N articles, dates $d: no event mixes two planted events ($impure do)" \
        test "$impure" -eq 0
    bounded "$N articles, dates $d: cluster" 60 500
done
