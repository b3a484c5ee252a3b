#!/bin/sh
# End-to-end checks of `storyline eval`: every metric agrees with the
# independent reference scorer tests/ref/eval_clusters.py to three decimals
# on several predictions of the ECB+ dev gold, and errors are reported with
# the right exit status.  Prints "ok NAME" or "not ok NAME" per check.
BUILD=${BUILD:-build}
SL="$BUILD/storyline"
PY=/usr/bin/python3
REF=tests/ref/eval_clusters.py
G=data/ecbplus-dev/gold.tsv
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

. tests/e2e/lib/check.sh

# same GOLD PRED: storyline's JSON and the reference's line agree
same() {
    "$SL" eval -q --gold "$1" --format json "$2" >"$T/mine" 2>"$T/mine.err" || return 1
    "$PY" "$REF" "$1" "$2" >"$T/ref" 2>"$T/ref.err" || return 1
    "$PY" - "$T/mine" "$T/ref" <<'EOF'
import json, sys
mine = json.load(open(sys.argv[1]))
ref = dict(kv.split("=", 1) for kv in open(sys.argv[2]).read().split())
names = {"same_topic_other_event_merged": "topic_merge"}
bad = []
for k, v in ref.items():
    m = mine.get(names.get(k, k), "absent")
    if "." in v:
        ok = isinstance(m, float) and abs(m - float(v)) <= 0.0005 + 1e-9
    else:
        ok = m == int(v)
    if not ok:
        bad.append(f"{k}: reference {v}, storyline {m}")
if "same_topic_other_event_merged" not in ref and mine.get("topic_merge") is not None:
    bad.append("topic_merge should be null without topics")
for b in bad:
    print(b, file=sys.stderr)
sys.exit(1 if bad else 0)
EOF
}
compare() { # NAME GOLD PRED
    if same "$2" "$3" 2>"$T/diff"; then
        echo "ok $1"
    else
        echo "not ok $1"
        sed 's/^/    /' "$T/diff" "$T/mine.err" "$T/ref.err"
    fi
}

# --- agreement with the reference scorer
if [ -x "$PY" ]; then
    # predictions derived from the gold (the gold file itself is a valid
    # TSV prediction: its header is an id that is not in the gold)
    tail -n +2 "$G" | cut -f1,3 >"$T/topic.tsv"
    tail -n +2 "$G" | awk -F '\t' '{print $1 "\t" $1}' >"$T/single.tsv"
    tail -n +2 "$G" | awk -F '\t' '{print $1 "\tall"}' >"$T/one.tsv"
    tail -n +2 "$G" | cut -f1,2 >"$T/gold2.tsv.body"
    { echo "id	event"; cat "$T/gold2.tsv.body"; } >"$T/gold2.tsv"
    "$PY" - "$G" "$T" <<'EOF'
import json, random, sys
gold, out = sys.argv[1], sys.argv[2]
rows = [l.rstrip("\n").split("\t") for l in open(gold)][1:]
rnd = random.Random(20240601)
# random clustering, 90 clusters
with open(f"{out}/random.tsv", "w") as f:
    for r in rows:
        f.write(f"{r[0]}\tc{rnd.randrange(90)}\n")
# noisy gold: each article keeps its event with p = 0.7, else a random one
events = sorted({r[1] for r in rows})
with open(f"{out}/noisy.tsv", "w") as f:
    for r in rows:
        f.write(f"{r[0]}\t{r[1] if rnd.random() < 0.7 else rnd.choice(events)}\n")
# JSON Lines: "event" as a string, an integer, or an object with "id";
# some records carry other fields and other key orders
with open(f"{out}/pred.jsonl", "w") as f:
    for k, r in enumerate(rows):
        ev = r[1] if rnd.random() < 0.8 else rnd.choice(events)
        num = events.index(ev)
        form = k % 3
        val = ev if form == 0 else num if form == 1 else {"id": ev, "size": 3}
        rec = {"id": r[0], "event": val} if k % 2 else {"score": 0.5, "event": val, "id": r[0]}
        f.write(json.dumps(rec) + "\n")
# other key names: "cluster_id" integers
with open(f"{out}/cluster_id.jsonl", "w") as f:
    for r in rows:
        f.write(json.dumps({"id": r[0], "cluster_id": rnd.randrange(40)}) + "\n")
# integer ids, "cluster" objects, a gold with integer ids and topics
with open(f"{out}/intgold.tsv", "w") as f:
    f.write("id\tevent\ttopic\n")
    for k in range(300):
        f.write(f"{k}\te{k % 17}\tt{k % 17 // 3}\n")
with open(f"{out}/int.jsonl", "w") as f:
    for k in range(0, 320, 1):
        f.write(json.dumps({"id": k, "cluster": {"id": rnd.randrange(25)}}) + "\n")
# missing ids, ids not in the gold, a repeated id, blank lines
with open(f"{out}/missing.tsv", "w") as f:
    for r in rows:
        if rnd.random() < 0.15:
            continue
        f.write(f"{r[0]}\t{r[1] if rnd.random() < 0.8 else 'x' + str(rnd.randrange(20))}\n")
        if rnd.random() < 0.05:
            f.write(f"nosuch_{rnd.randrange(10**6)}\tc1\n\n")
    f.write(f"{rows[0][0]}\tlast-wins\n")
EOF
    compare "gold itself agrees with the reference" "$G" "$G"
    compare "grouping by topic agrees" "$G" "$T/topic.tsv"
    compare "all singletons agree" "$G" "$T/single.tsv"
    compare "one big cluster agrees" "$G" "$T/one.tsv"
    compare "random clustering agrees" "$G" "$T/random.tsv"
    compare "noisy gold agrees" "$G" "$T/noisy.tsv"
    compare "JSON Lines with event fields agree" "$G" "$T/pred.jsonl"
    compare "JSON Lines with cluster_id integers agree" "$G" "$T/cluster_id.jsonl"
    compare "missing and unknown ids agree" "$G" "$T/missing.tsv"
    compare "integer ids and cluster objects agree" "$T/intgold.tsv" "$T/int.jsonl"
    compare "gold without topics agrees" "$T/gold2.tsv" "$T/random.tsv"
    "$SL" eval --gold "$G" --format json "$T/missing.tsv" >"$T/out" 2>"$T/err"
    check "ignored ids are noted" has "$T/err" "predicted ids are not in the gold, ignored"
    check "missing ids are counted" sh -c "grep -q '\"missing\":[1-9]' '$T/out'"
    "$SL" eval --gold "$T/gold2.tsv" --format json "$T/random.tsv" >"$T/out" 2>&1
    check "no topics: topic_merge is null" has "$T/out" '"topic_merge":null'
else
    echo "ok # skip comparisons with the reference scorer: $PY is missing"
fi

# --- output forms
"$SL" eval --gold "$G" --format text "$G" >"$T/text" 2>"$T/err"
check "text output exits 0" test $? -eq 0
check "text output has the pairwise row" has "$T/text" "^pairwise  *1.000  *1.000  *1.000$"
check "text output has the merge share" has "$T/text" "pairs merged: 0.0%"
check "the gold header is an ignored id" has "$T/err" "1 predicted id is not in the gold"
"$SL" eval --gold="$G" "$G" <"$G" >"$T/auto" 2>/dev/null
check "json when stdout is not a terminal" has "$T/auto" '^{"n":772,'
tail -n +2 "$G" | cut -f1,2 | "$SL" eval -q --gold "$G" --format json - >"$T/stdin" 2>&1
check "PRED from standard input" has "$T/stdin" '"pair_f1":1.000000'

# --- usage errors (exit 2)
"$SL" eval "$G" >/dev/null 2>"$T/err"
check "missing --gold exits 2" test $? -eq 2
check "missing --gold is named" has "$T/err" "needs --gold"
"$SL" eval --gold "$G" >/dev/null 2>&1
check "missing PRED exits 2" test $? -eq 2
"$SL" eval --gold "$G" --format xml "$G" >/dev/null 2>&1
check "bad --format exits 2" test $? -eq 2
"$SL" eval --gold "$G" --bogus "$G" >/dev/null 2>&1
check "unknown option exits 2" test $? -eq 2

# --- input errors (exit 1, located)
printf 'id\tevent\ttopic\na\te1\tt1\nb-without-tabs\nc\te2\tt1\n' >"$T/badgold.tsv"
"$SL" eval --gold "$T/badgold.tsv" "$G" >/dev/null 2>"$T/err"
check "malformed gold line exits 1" test $? -eq 1
check "malformed gold line is located" has "$T/err" "^storyline: $T/badgold.tsv:3: "
printf 'id\tevent\ttopic\na\te1\tt1\na\te2\tt1\n' >"$T/dupgold.tsv"
"$SL" eval --gold "$T/dupgold.tsv" "$G" >/dev/null 2>"$T/err"
check "duplicate gold id exits 1" test $? -eq 1
check "duplicate gold id is located" has "$T/err" "dupgold.tsv:3: duplicate id \"a\" (first on line 2)"
printf 'id\tevent\ttopic\na\te1\tt1\nb\te2\n' >"$T/mixgold.tsv"
"$SL" eval --gold "$T/mixgold.tsv" "$G" >/dev/null 2>"$T/err"
check "gold with and without topics exits 1" test $? -eq 1
"$SL" eval --gold "$T/nosuch.tsv" "$G" >/dev/null 2>"$T/err"
check "missing gold file exits 1" test $? -eq 1
check "missing gold file is named" has "$T/err" "storyline: $T/nosuch.tsv: No such file"
printf '{"id": "1_1ecb", "event": "a"}\n{"id": "1_2ecb", "event": \n' >"$T/bad.jsonl"
"$SL" eval --gold "$G" "$T/bad.jsonl" >/dev/null 2>"$T/err"
check "malformed JSON prediction exits 1" test $? -eq 1
check "malformed JSON prediction is located" has "$T/err" "^storyline: $T/bad.jsonl:2: malformed JSON"
printf '{"id": "1_1ecb", "topic": "a"}\n' >"$T/nolabel.jsonl"
"$SL" eval --gold "$G" "$T/nolabel.jsonl" >/dev/null 2>"$T/err"
check "JSON prediction without a cluster exits 1" has "$T/err" "nolabel.jsonl:1: no \"event\""
printf '1_1ecb 1ecb\n' >"$T/notab.tsv"
"$SL" eval --gold "$G" "$T/notab.tsv" >/dev/null 2>"$T/err"
check "TSV prediction without a tab exits 1" has "$T/err" "notab.tsv:1: expected id<TAB>cluster"
