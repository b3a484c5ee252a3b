#!/bin/sh
# End-to-end checks of `storyline serve`: every endpoint of docs/api.md with
# curl, bad requests, body caps, ids with path characters, readers served
# while a POST ingests, clean stop on SIGTERM.  Prints "ok NAME" or
# "not ok NAME" per check (counted by tests/run.sh).
BUILD=${BUILD:-build}
SL="$BUILD/storyline"
ECB=data/ecbplus-dev/articles.jsonl
T=$(mktemp -d)
PID=
cleanup() {
    [ -n "$PID" ] && kill -KILL "$PID" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT

. tests/e2e/lib/serve.sh
# jget FILE EXPR: EXPR evaluated with d = the JSON document in FILE
jget() { py -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2" 2>/dev/null; }
integrity() {
    py -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0])' "$1"
}

# start DB [OPTIONS...]: starts the server on a free port; sets PID and URL.
start() {
    db=$1
    shift
    rm -f "$T/serve.err"
    "$SL" serve --db "$db" --port 0 "$@" 2>"$T/serve.err" &
    PID=$!
    wait_url "$T/serve.err" "$PID"
}
# stop [SIGNAL]: stops the server; its exit status in RC.
stop() {
    kill -"${1:-TERM}" "$PID"
    wait "$PID"
    RC=$?
    PID=
}
# req [CURL ARGS...] PATH: the body goes to $T/body, headers to $T/head;
# prints the status code.
req() {
    n=$#
    i=0
    for a; do
        i=$((i + 1))
        if [ $i -eq $n ]; then p=$a; else set -- "$@" "$a"; fi
    done
    shift "$n"
    curl -s --max-time 60 -D "$T/head" -o "$T/body" -w '%{http_code}' "$@" "$URL${p#/}"
}
post() { # FILE [PATH]: POSTs FILE; prints the status code
    req -H 'Content-Type: application/json' --data-binary "@$1" "${2:-/api/articles}"
}

# --- startup
"$SL" serve --bogus >/dev/null 2>"$T/err"
check "unknown option exits 2" test $? -eq 2
check "unknown option is named" has "$T/err" "storyline: serve: unknown option --bogus"
"$SL" serve --port 70000 >/dev/null 2>&1
check "bad port exits 2" test $? -eq 2
"$SL" serve --help >"$T/help" 2>&1
check "serve --help lists the options" has "$T/help" "--max-connections N"
echo "not a database at all, just text that is long enough for a header" >"$T/text.db"
"$SL" serve --db "$T/text.db" --port 0 >/dev/null 2>"$T/err"
check "not a store: exit 1 before listening" test $? -eq 1
check "not a store: message" has "$T/err" "^storyline: .*not a storyline database"
check "not a store: never served" sh -c "! grep -q serving '$T/err'"

DB="$T/s.db"
start "$DB"
check "starts and prints the serving line" test -n "$URL"
check "serving line names the db and the real port" \
    sh -c "grep -q '^storyline: serving $DB on http://127.0.0.1:[1-9][0-9]*/\$' '$T/serve.err'"
check "db file created" test -f "$DB"

# --- healthz
check "healthz: 200" test "$(req /healthz)" = 200
check "healthz: status ok" test "$(jget "$T/body" 'd["status"]')" = ok
check "healthz: empty store" test "$(jget "$T/body" 'd["articles"]')" = 0
check "healthz: JSON content type" has "$T/head" "Content-Type: application/json; charset=utf-8"
check "healthz: no-store" has "$T/head" "Cache-Control: no-store"
check "healthz: nosniff" has "$T/head" "X-Content-Type-Options: nosniff"

# --- ingestion
head -n 200 "$ECB" >"$T/b200.jsonl"
check "POST 200 articles: 201" test "$(post "$T/b200.jsonl")" = 201
cp "$T/body" "$T/added.json"
check "POST: added 200" test "$(jget "$T/added.json" 'd["added"]')" = 200
check "POST: one entry per article" test "$(jget "$T/added.json" 'len(d["articles"])')" = 200
check "POST: every article has an event id" \
    test "$(jget "$T/added.json" 'all(a["event"].startswith("e") for a in d["articles"])')" = True
check "POST: every article has a storyline id" \
    test "$(jget "$T/added.json" 'all(a["storyline"].startswith("s") for a in d["articles"])')" = True
check "POST: no errors" test "$(jget "$T/added.json" 'd["errors"]')" = "[]"
req /healthz >/dev/null
cp "$T/body" "$T/stats1.json"
check "healthz counts the articles" test "$(jget "$T/stats1.json" 'd["articles"]')" = 200

# --- one article
ID=$(jget "$T/added.json" 'd["articles"][0]["id"]')
EV=$(jget "$T/added.json" 'd["articles"][0]["event"]')
check "GET article: 200" test "$(req "/api/articles/$ID")" = 200
check "GET article: its id" test "$(jget "$T/body" 'd["id"]')" = "$ID"
check "GET article: its event" test "$(jget "$T/body" 'd["event"]')" = "$EV"
check "GET article: text and facts" test "$(jget "$T/body" 'bool(d["text"]) and "facts" in d')" = True
check "GET unknown article: 404" test "$(req /api/articles/no-such-id)" = 404
check "404 body is a JSON error" test "$(jget "$T/body" 'd["status"]')" = 404

# --- events
check "GET events: 200" test "$(req '/api/events?limit=1000')" = 200
cp "$T/body" "$T/events.json"
check "events: total counts them" \
    test "$(jget "$T/events.json" 'd["total"] == len(d["events"]) > 0')" = True
check "events: default limit 50" test "$(req /api/events)" = 200
check "events: default limit applied" test "$(jget "$T/body" 'd["limit"] == 50 and len(d["events"]) <= 50')" = True
check "events: limit and offset" test "$(req '/api/events?limit=2&offset=1')" = 200
check "events: offset pages through the list" test "$(py -c '
import json,sys
a = json.load(open(sys.argv[1]))["events"]; b = json.load(open(sys.argv[2]))
print([e["id"] for e in a[1:3]] == [e["id"] for e in b["events"]] and b["offset"] == 1)' \
    "$T/events.json" "$T/body")" = True
# an event with a date and a label word
read -r DEV DSTART DWORD <<EOF
$(py -c '
import json,sys,re
for e in json.load(open(sys.argv[1]))["events"]:
    w = [x for x in re.findall(r"[A-Za-z]{4,}", e["label"] or "")]
    if e["start"] and w:
        print(e["id"], e["start"], w[0]); break' "$T/events.json")
EOF
DEND=$(py -c 'import datetime,sys; print(datetime.date.fromisoformat(sys.argv[1]) + datetime.timedelta(days=1))' "$DSTART")
check "events: from/to window finds $DEV ($DSTART)" \
    test "$(req "/api/events?from=$DSTART&to=$DEND&limit=1000")" = 200
check "events: from/to result holds the event" \
    test "$(jget "$T/body" "'$DEV' in [e['id'] for e in d['events']]")" = True
check "events: from/to result within the window" \
    test "$(jget "$T/body" "all(e['start'] and e['start'] < '$DEND' and (e['end'] or e['start']) >= '$DSTART' for e in d['events'])")" = True
check "events: q=$DWORD" test "$(req "/api/events?q=$DWORD&limit=1000")" = 200
check "events: q finds the event" test "$(jget "$T/body" "'$DEV' in [e['id'] for e in d['events']]")" = True
check "events: q filters" test "$(jget "$T/body" 'd["total"]')" -lt "$(jget "$T/events.json" 'd["total"]')"
check "events: q that matches nothing" test "$(req '/api/events?q=zzzqqqxxx')" = 200
check "events: empty result" test "$(jget "$T/body" 'd["total"] == 0 and d["events"] == []')" = True
for bad in 'limit=0' 'limit=1001' 'limit=abc' 'limit=-1' 'offset=-1' 'offset=x' \
    'from=2012-13-45' 'to=yesterday'; do
    check "events: bad $bad is 400" test "$(req "/api/events?$bad")" = 400
done
check "400 body names the parameter" has "$T/body" '"error":"bad \\"to\\"'

# --- one event, its storyline, compare
check "GET event: 200" test "$(req "/api/events/$EV")" = 200
check "GET event: its id and members" \
    test "$(jget "$T/body" "d['id'] == '$EV' and '$ID' in [a['id'] for a in d['articles']]")" = True
SLN=$(jget "$T/body" 'd["storyline"]')
check "GET storyline: 200" test "$(req "/api/storylines/$SLN")" = 200
check "GET storyline: holds the event" \
    test "$(jget "$T/body" "d['id'] == '$SLN' and '$EV' in [e['id'] for e in d['events']]")" = True
check "GET unknown event: 404" test "$(req /api/events/e999999)" = 404
check "GET unknown storyline: 404" test "$(req /api/storylines/s999999)" = 404
ID2=$(jget "$T/added.json" 'd["articles"][1]["id"]')
check "compare: 200" test "$(req "/api/compare?a=$ID&b=$ID2")" = 200
check "compare: relation and both articles" \
    test "$(jget "$T/body" "bool(d['relation']) and d['a']['id'] == '$ID' and d['b']['id'] == '$ID2'")" = True
check "compare without b: 400" test "$(req "/api/compare?a=$ID")" = 400
check "compare of an article with itself: 400" test "$(req "/api/compare?a=$ID&b=$ID")" = 400
check "compare with an unknown id: 404" test "$(req "/api/compare?a=$ID&b=nope")" = 404

# --- re-POST: nothing changes
check "re-POST the same: 200" test "$(post "$T/b200.jsonl")" = 200
check "re-POST: all unchanged" \
    test "$(jget "$T/body" '(d["added"], d["updated"], d["unchanged"])')" = "(0, 0, 200)"

# --- bad bodies
printf '{"id": "m1", "text": "Malformed' >"$T/bad.json"
printf '[{"id": "m2", "text": "ok"}, {"id": ]' >"$T/badarr.json"
printf 'hello, world\n' >"$T/garbage.txt"
: >"$T/empty.json"
req /healthz >/dev/null
cp "$T/body" "$T/stats2.json"
for f in bad.json badarr.json garbage.txt empty.json; do
    check "malformed body $f: 400" test "$(post "$T/$f")" = 400
    check "malformed body $f: JSON error" test "$(jget "$T/body" 'd["status"]')" = 400
done
cat >"$T/allbad.json" <<'EOF'
[{"id": "b1"}, {"id": "b2", "text": "  "}, 17]
EOF
check "every record bad: 400" test "$(post "$T/allbad.json")" = 400
check "every record bad: errors listed" test "$(jget "$T/body" '[e["record"] for e in d["errors"]]')" = "[1, 2, 3]"
req /healthz >/dev/null
check "bad bodies: healthz counts unchanged" \
    test "$(jget "$T/body" 'd["articles"], d["batches"]')" = "$(jget "$T/stats2.json" 'd["articles"], d["batches"]')"
cat >"$T/somebad.json" <<'EOF'
[
  {"id": "p1", "text": "Firefighters put out a large fire at a chemical plant in Rotterdam on Monday, the city said."},
  {"id": "p2", "published": "2013-02-30", "text": "Bad date."},
  {"id": "p3", "text": "Police in Lyon arrested two men after a bank robbery on Tuesday morning, officials said."}
]
EOF
check "one bad element: 201" test "$(post "$T/somebad.json")" = 201
check "one bad element: the others added" test "$(jget "$T/body" 'd["added"]')" = 2
check "one bad element: reported by index" test "$(jget "$T/body" '[e["record"] for e in d["errors"]]')" = "[2]"
check "one bad element: message" has "$T/body" 'bad \\"published\\" value'
cat >"$T/one.json" <<'EOF'
{
  "id": "pretty",
  "title": "A pretty-printed article",
  "text": "Heavy rain flooded streets in Valencia on Wednesday, and schools were closed."
}
EOF
check "one pretty-printed object: 201" test "$(post "$T/one.json")" = 201
check "one pretty-printed object: added" test "$(jget "$T/body" 'd["articles"][0]["id"]')" = pretty

# --- ids with path characters and other bytes
printf '{"id": "a b/../c \\u00e9%%2F", "text": "An id with a space, a slash, dots, an accent and a percent sign."}\n' >"$T/odd.json"
check "odd id: POST 201" test "$(post "$T/odd.json")" = 201
check "odd id: GET by its percent-encoded form" \
    test "$(req '/api/articles/a%20b%2F..%2Fc%20%C3%A9%252F')" = 200
check "odd id: the same id back" test "$(jget "$T/body" 'd["id"] == "a b/../c \u00e9%2F"')" = True
LS1=$(ls -a "$T")
check "traversal id: 404" test "$(req '/api/articles/..%2F..%2Fetc%2Fpasswd')" = 404
check "traversal id raw: 404" test "$(req --path-as-is '/api/articles/../../etc/passwd')" = 404
check "traversal event id: 404" test "$(req '/api/events/..%2F..%2F..%2Fetc%2Fpasswd')" = 404
check "NUL in id: 404" test "$(req "/api/articles/$ID%00x")" = 404
check "traversal: no file created" test "$(ls -a "$T")" = "$LS1"
check "traversal: nothing written next to the db" test ! -e "$T/etc"

# --- paths and methods
check "unknown path: 404" test "$(req /nope)" = 404
check "unknown API path: 404" test "$(req /api/articles/)" = 404
check "unknown path: JSON error" test "$(jget "$T/body" 'd["status"]')" = 404
check "GET /api/articles: 405" test "$(req /api/articles)" = 405
check "405 names the allowed method" has "$T/head" "Allow: POST"
check "DELETE /healthz: 405" test "$(req -X DELETE /healthz)" = 405
check "405 allows GET" has "$T/head" "Allow: GET, HEAD"
check "POST to an article: 405" test "$(req -d x /api/articles/x)" = 405
check "web view at /" test "$(req /)" = 200
check "web view is HTML" has "$T/head" "Content-Type: text/html; charset=utf-8"
check "web view body" has "$T/body" "<html"
check "web view at /index.html" test "$(req /index.html)" = 200
check "HEAD /healthz: 200" test "$(req -I /healthz)" = 200
curl -sv "${URL}healthz" "${URL}api/events" "${URL}nope" "${URL}healthz" >/dev/null 2>"$T/keep"
check "keep-alive: one connection for four requests" \
    test "$(grep -c 'Re-using existing connection' "$T/keep")" -eq 3

# --- readers are served while a POST ingests
req /healthz >/dev/null
BEFORE=$(jget "$T/body" 'd["articles"]')
for k in 1 2 3 4 5; do sed "s/\"id\": *\"/\"id\":\"big$k-/" "$ECB"; done >"$T/big.jsonl"
NBIG=$(wc -l <"$T/big.jsonl")
(curl -s --max-time 300 -o "$T/big.out" -w '%{http_code}' --data-binary "@$T/big.jsonl" \
    "${URL}api/articles" >"$T/big.code") &
CPID=$!
during=0
slow=0
stale=0
i=0
while [ $i -lt 300 ] && [ ! -s "$T/big.code" ]; do
    t0=$(date +%s%N)
    c=$(curl -s --max-time 2 -o "$T/h.json" -w '%{http_code}' "${URL}healthz")
    t1=$(date +%s%N)
    if [ ! -s "$T/big.code" ]; then # the POST was still running
        [ "$c" = 200 ] && during=$((during + 1))
        [ "$c" = 200 ] || slow=$((slow + 1))
        [ $((t1 - t0)) -gt 2000000000 ] && slow=$((slow + 1))
        a=$(jget "$T/h.json" 'd["articles"]')
        [ "$a" = "$BEFORE" ] || [ "$a" = $((BEFORE + NBIG)) ] || stale=$((stale + 1))
    fi
    sleep 0.05
    i=$((i + 1))
done
wait "$CPID"
check "during ingest: healthz answered ($during times)" test "$during" -gt 0
check "during ingest: every healthz within 2 s with 200" test "$slow" -eq 0
check "during ingest: readers see the last committed batch" test "$stale" -eq 0
check "big POST: 201" test "$(cat "$T/big.code")" = 201
check "big POST: all added" test "$(jget "$T/big.out" 'd["added"]')" = "$NBIG"

# --- SIGTERM: exit 0, database intact
stop TERM
check "SIGTERM: exit 0" test "$RC" -eq 0
check "SIGTERM: integrity_check ok" test "$(integrity "$DB")" = ok
check "no error printed" sh -c "! grep -v -e '^storyline: serving' -e '^storyline: SIGTERM: stopping' '$T/serve.err' | grep -q ."

# --- body caps (a small --max-body)
start "$T/small.db" --max-body 1000 --threads 2
head -c 5000 "$ECB" | head -n 2 >"$T/over.jsonl"
check "small server starts" test -n "$URL"
check "body over --max-body: 413" test "$(post "$T/over.jsonl")" = 413
check "413 body is a JSON error" test "$(jget "$T/body" 'd["status"]')" = 413
check "chunked body over --max-body: 413" \
    test "$(req -H 'Transfer-Encoding: chunked' --data-binary "@$T/over.jsonl" /api/articles)" = 413
check "body over the cap: nothing stored" test "$(req /healthz)" = 200
check "body over the cap: no articles" test "$(jget "$T/body" 'd["articles"]')" = 0
printf '{"id":"s1","text":"A short article that fits under the cap."}\n' >"$T/small.jsonl"
check "body under the cap: 201" test "$(post "$T/small.jsonl")" = 201
stop INT
check "SIGINT: exit 0" test "$RC" -eq 0
check "SIGINT: integrity_check ok" test "$(integrity "$T/small.db")" = ok

# --- a port in use
start "$T/p.db"
PORT=$(echo "$URL" | sed 's|.*:\([0-9]*\)/$|\1|')
timeout 10 "$SL" serve --db "$T/p2.db" --port "$PORT" 2>"$T/err"
check "port in use: exit 1" test $? -eq 1
check "port in use: message" has "$T/err" "^storyline: cannot listen on 127.0.0.1:$PORT"
stop TERM
exit 0
