#!/bin/sh
# Hostile clients against a real `storyline serve` (raw sockets in
# tests/e2e/serve_hostile.py): oversized bodies, slowloris clients, more
# connections than the limit, malformed paths, queries and methods, ids
# with path characters; then that the server wrote nothing outside its
# database.  Each check states its bound and the figure measured.  Prints
# "ok NAME" or "not ok NAME" per check (counted by tests/run.sh).
BUILD=${BUILD:-build}
SL="$(pwd)/$BUILD/storyline"
HOSTILE="$(pwd)/tests/e2e/serve_hostile.py"
ECB="$(pwd)/data/ecbplus-dev/articles.jsonl"
T=$(mktemp -d)
D="$T/store"   # the store's directory
C="$T/cwd"     # the server's working directory
P="$T/tmp"     # the server's TMPDIR
mkdir "$D" "$C" "$P"
PID=
cleanup() {
    [ -n "$PID" ] && kill -KILL "$PID" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT

. tests/e2e/lib/serve.sh

MAXBODY=65536
MAXCONN=16
TIMEOUT=2
# the server runs in $C with TMPDIR=$P; its store is $D/s.db; -v: one
# line per answer, checked for 5xx at the end
(cd "$C" && TMPDIR="$P" exec "$SL" serve --db "$D/s.db" --port 0 --threads 2 -v \
    --max-body $MAXBODY --max-connections $MAXCONN --timeout $TIMEOUT 2>"$T/serve.err") &
PID=$!
wait_url "$T/serve.err" "$PID"
check "server starts" test -n "$URL"
[ -n "$URL" ] || exit 0
PORT=$(echo "$URL" | sed 's|.*:\([0-9]*\)/$|\1|')

# a few events to query (articles 1-30 of the ECB+ sample)
head -n 30 "$ECB" >"$T/b.jsonl"
code=$(curl -s --max-time 120 -o /dev/null -w '%{http_code}' --data-binary "@$T/b.jsonl" "${URL}api/articles")
check "store filled: 30 articles POSTed (201)" test "$code" = 201

alive() { kill -0 "$PID" 2>/dev/null; }

t0=$(date +%s)
py "$HOSTILE" "$PORT" big $MAXBODY "$PID"
check "oversized bodies: server still running" alive
py "$HOSTILE" "$PORT" slow $TIMEOUT
check "slow clients: server still running" alive
py "$HOSTILE" "$PORT" many $MAXCONN 2 "$PID"
check "many connections: server still running" alive
py "$HOSTILE" "$PORT" malformed
check "malformed requests: server still running" alive
py "$HOSTILE" "$PORT" ids
check "ids with path characters: server still running" alive
t1=$(date +%s)
echo "# attacks took $((t1 - t0)) s"

# nothing written outside the database: only s.db and its -wal/-shm
# files in the store's directory, nothing in the working directory or
# TMPDIR
files() { (cd "$1" && find . -mindepth 1 | sort | tr '\n' ' '); }
check "store directory holds only the db, -wal, -shm ($(files "$D"))" \
    sh -c "test -z \"\$(cd '$D' && find . -mindepth 1 ! -name s.db ! -name s.db-wal ! -name s.db-shm)\""
check "server's working directory empty ($(files "$C"))" test -z "$(files "$C")"
check "server's TMPDIR empty ($(files "$P"))" test -z "$(files "$P")"

kill -TERM "$PID"
wait "$PID"
RC=$?
PID=
check "SIGTERM after the attacks: exit 0" test "$RC" -eq 0
check "after stopping: only the db and its -wal/-shm left ($(files "$D"))" \
    sh -c "test -z \"\$(cd '$D' && find . -mindepth 1 ! -name s.db ! -name s.db-wal ! -name s.db-shm)\""
check "database intact (integrity_check)" \
    test "$(py -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0])' "$D/s.db")" = ok
# -v logs "storyline: HOST METHOD URL STATUS TIME ms" per answer
n5xx=$(grep -c ' 5[0-9][0-9] [0-9.]* ms$' "$T/serve.err")
nlog=$(grep -c ' [1-5][0-9][0-9] [0-9.]* ms$' "$T/serve.err")
check "no 5xx among the $nlog answers logged ($n5xx)" test "$n5xx" -eq 0
check "no sanitizer report in the server's log" \
    sh -c "! grep -q -e 'ERROR: AddressSanitizer' -e 'runtime error' -e 'ERROR: LeakSanitizer' '$T/serve.err'"
exit 0
