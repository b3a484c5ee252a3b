#!/bin/sh
# End-to-end checks of the store: add, export, incremental batches against
# one cluster run, re-adding, schema errors, and crash safety (SIGKILL in
# the middle of ingestion, repeatedly).  Prints "ok NAME" / "not ok NAME".
BUILD=${BUILD:-build}
SL="$BUILD/storyline"
ECB=data/ecbplus-dev
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/e2e/lib/check.sh
integrity() { # prints "ok" when PRAGMA integrity_check passes
    py -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0])' "$1"
}
count() { py -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM article").fetchone()[0])' "$1"; }
# articles.jsonl -> gold TSV (id, event), to compare two clusterings
as_gold() { py -c '
import json,sys
print("id\tevent")
for l in open(sys.argv[1]):
    r = json.loads(l); print(r["id"] + "\t" + r["event"])' "$1"; }
f1() { "$SL" eval --format json --gold "$1" "$2" | py -c 'import json,sys; print(json.load(sys.stdin)["pair_f1"])'; }

# --- one batch is one cluster run
"$SL" -q add --db "$T/one.db" "$ECB/articles.jsonl"
check "add: exit 0" test $? -eq 0
"$SL" export --db "$T/one.db" --out "$T/one"
"$SL" -q cluster --out "$T/cl" "$ECB/articles.jsonl" >/dev/null
check "export writes the three files" test -s "$T/one/articles.jsonl" -a -s "$T/one/events.jsonl" -a -s "$T/one/storylines.jsonl"
check "export: one line per article" test "$(wc -l <"$T/one/articles.jsonl")" -eq 772
check "export: events carry the quotes their members share" has "$T/one/events.jsonl" '"quotes":\["'
as_gold "$T/cl/articles.jsonl" >"$T/cl.tsv"
check "one batch: the same events as cluster" test "$(f1 "$T/cl.tsv" "$T/one/articles.jsonl")" = "1.0"
# quote drift: the export reads its members' stored facts, cluster its own
check "export: the same quote drift as cluster, event by event" py -c '
import json, sys
def drift(p):
    return {tuple(sorted(d["members"])): d["quote_drift"] for d in map(json.loads, open(p))}
a, b = drift(sys.argv[1]), drift(sys.argv[2])
sys.exit(not (a == b and sum(map(len, a.values())) > 0))' "$T/cl/events.jsonl" "$T/one/events.jsonl"
check "export: same fields as cluster" test "$(head -1 "$T/one/events.jsonl" | py -c 'import json,sys; print(sorted(json.load(sys.stdin)))')" = "$(head -1 "$T/cl/events.jsonl" | py -c 'import json,sys; print(sorted(json.load(sys.stdin)))')"

# --- incremental: batches of 50, quality close to the one-shot run
"$SL" -q add --batch 50 --db "$T/inc.db" "$ECB/articles.jsonl"
"$SL" export --db "$T/inc.db" --out "$T/inc"
F=$(f1 "$ECB/gold.tsv" "$T/inc/articles.jsonl")
check "batches of 50: pairwise F1 $F >= 0.88 (one run: 0.917)" py -c "import sys; sys.exit(not $F >= 0.88)"

# --- small batches: a stored event is one whole in the working set.  The
# ECB+ roundup 1_12ecb (stored with the Tara Reid rehab reports) also names
# Hugh Jackman as the Oscars host; the next batch's first Oscars report
# (2_1ecb) must not take the roundup's event through it, nor, after it, the
# other Oscars reports (batches of 20 were 0.865 that way; 0.904 now)
"$SL" -q -j 2 add --batch 20 --db "$T/b20.db" "$ECB/articles.jsonl"
"$SL" export --db "$T/b20.db" --out "$T/b20"
"$SL" -q -j 1 add --batch 20 --db "$T/b20j1.db" "$ECB/articles.jsonl"
"$SL" export --db "$T/b20j1.db" --out "$T/b20j1"
check "batches of 20: -j 1 and -j 2 store the same events" \
    cmp -s "$T/b20/events.jsonl" "$T/b20j1/events.jsonl"
ev() { py -c 'import json,sys; print([r["event"] for r in map(json.loads, open(sys.argv[1])) if r["id"] == sys.argv[2]][0])' "$T/b20/articles.jsonl" "$1"; }
check "batches of 20: a new story does not join an old event through a roundup" test "$(ev 2_1ecb)" != "$(ev 1_12ecb)"
check "batches of 20: the rehab event keeps its reports" test "$(ev 1_1ecb)" = "$(ev 1_12ecb)"
F=$(f1 "$ECB/gold.tsv" "$T/b20/articles.jsonl")
check "batches of 20: pairwise F1 $F >= 0.88" py -c "import sys; sys.exit(not $F >= 0.88)"

# --- re-adding is a no-op; a changed text is a new version
"$SL" add --db "$T/inc.db" "$ECB/articles.jsonl" 2>"$T/re"
check "re-add: all unchanged" has "$T/re" "0 new, 0 updated, 772 unchanged"
head -1 "$ECB/articles.jsonl" | sed 's/"text": *"/"text":"Updated. /' >"$T/upd.jsonl"
"$SL" add --db "$T/inc.db" "$T/upd.jsonl" 2>"$T/up"
check "changed text: a new version" has "$T/up" '0 new, 1 updated, 0 unchanged.*"versions":1'

# --- schema checks
cp "$T/one.db" "$T/old.db"
py -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("UPDATE meta SET value=7 WHERE key=\"schema\""); c.commit()' "$T/old.db"
"$SL" export --db "$T/old.db" --out "$T/x" 2>"$T/err"
check "other schema version: exit 1" test $? -eq 1
check "other schema version: clear message" has "$T/err" "storyline: .*schema version 7; this storyline .* reads version 2"
echo "not a database at all, just text that is long enough for a header" >"$T/text.db"
"$SL" export --db "$T/text.db" --out "$T/x" 2>"$T/err"
check "not a database: clear message" has "$T/err" "not a storyline database"
"$SL" export --db "$T/none.db" --out "$T/x" 2>"$T/err"
check "missing database: clear message" has "$T/err" "none.db: no such database"

# --- crash safety: SIGKILL during ingestion, five times at different moments
ok=1
for delay in 0.15 0.3 0.45 0.6 0.8; do
    STORYLINE_TRACE_COMMITS=1 "$SL" -q add --batch 40 --db "$T/kill.db" "$ECB/articles.jsonl" 2>"$T/trace" &
    pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    [ "$(integrity "$T/kill.db")" = ok ] || { echo "# integrity failed after kill at $delay s"; ok=0; }
    committed=$(sed -n 's/^storyline: committed \([0-9]*\) articles$/\1/p' "$T/trace" | tail -1)
    have=$(count "$T/kill.db")
    [ "$have" -ge "${committed:-0}" ] || { echo "# lost articles: $have < $committed"; ok=0; }
done
check "SIGKILL x5: integrity_check ok, no committed batch lost" test "$ok" -eq 1
"$SL" -q add --batch 40 --db "$T/kill.db" "$ECB/articles.jsonl"
check "after the kills: resuming completes the collection" test "$(count "$T/kill.db")" -eq 772
