#!/bin/sh
# bench/load.sh - what `make bench-load` runs from the repository root, after
# the build: HTTP load on `storyline serve` while it ingests.  Not a test:
# it prints a table and writes it to bench/out/load.md.
#
#   1. a generated corpus (bench/gen_corpus.py, cached in bench/out/);
#   2. a store of its first LOAD_BASE articles (`storyline add`, cached; each
#      run works on a fresh copy);
#   3. `storyline serve` on it; ids and label words read through the API;
#   4. wrk (LOAD_CONNECTIONS connections, LOAD_SECONDS seconds, latency
#      percentiles) on bench/load.lua, which cycles GET /api/events?q=WORD,
#      /api/events/ID, /api/articles/ID and /healthz, WHILE a client
#      (python3 http.client, one keep-alive connection) POSTs the next
#      LOAD_INGEST articles to /api/articles in batches of LOAD_BATCH.
#
# Environment (all optional):
#   LOAD_BASE          articles stored beforehand (20000)
#   LOAD_INGEST        articles POSTed during the run (10000)
#   LOAD_BATCH         articles per POST (100)
#   LOAD_CONNECTIONS   wrk connections (200)
#   LOAD_SECONDS       wrk duration (20)
#   LOAD_WRK_THREADS   wrk threads (2)
#   LOAD_THREADS       server worker threads (4)
#   LOAD_SEED          generator seed (1)
#   LOAD_KIND_SECONDS  then each kind of GET alone for this long (5; 0: skip)
#   STORYLINE          the binary (default $BUILD/storyline, BUILD=build)
set -u

BASE=${LOAD_BASE:-20000}
INGEST=${LOAD_INGEST:-10000}
BATCH=${LOAD_BATCH:-100}
CONN=${LOAD_CONNECTIONS:-200}
SECS=${LOAD_SECONDS:-20}
WRK_THREADS=${LOAD_WRK_THREADS:-2}
THREADS=${LOAD_THREADS:-4}
SEED=${LOAD_SEED:-1}
BIN=${STORYLINE:-${BUILD:-build}/storyline}
PY=/usr/bin/python3
OUT=bench/out
N=$((BASE + INGEST))
CORPUS=$OUT/load-corpus-$N-s$SEED
BASEDB=$OUT/load-base-$BASE-s$SEED.db
RUNDB=$OUT/load-run.db
PATHS=$OUT/load-paths.txt

say() { printf '%s\n' "bench-load: $*" >&2; }
die() {
    say "$*"
    exit 1
}

[ -x "$BIN" ] || die "$BIN not found: build it first (make)"
[ -x "$PY" ] || die "$PY is missing: run 'sh setup.sh --bench'"
command -v wrk >/dev/null 2>&1 || die "wrk is missing: run 'sh setup.sh --bench' (Debian package wrk)"
mkdir -p "$OUT"

SPID=
IPID=
cleanup() {
    [ -n "$IPID" ] && kill "$IPID" 2>/dev/null
    [ -n "$SPID" ] && kill -KILL "$SPID" 2>/dev/null
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# ---- corpus: the first BASE articles are stored, the next INGEST POSTed
if [ ! -s "$CORPUS/meta.json" ] ||
    [ -n "$(find bench/gen_corpus.py -newer "$CORPUS/meta.json")" ]; then
    say "generating $N articles (seed $SEED) into $CORPUS"
    rm -rf "$CORPUS.tmp"
    "$PY" bench/gen_corpus.py --articles "$N" --seed "$SEED" --no-stats \
        --source data/ecbplus-dev/articles.jsonl --out "$CORPUS.tmp" \
        2>"$OUT/load-gen.log" || {
        cat "$OUT/load-gen.log" >&2
        die "corpus generation failed"
    }
    rm -rf "$CORPUS"
    mv "$CORPUS.tmp" "$CORPUS"
    rm -f "$BASEDB"
fi
head -n "$BASE" "$CORPUS/articles.jsonl" >"$OUT/load-base.jsonl"
tail -n +"$((BASE + 1))" "$CORPUS/articles.jsonl" | head -n "$INGEST" >"$OUT/load-ingest.jsonl"

# ---- the base store (built once; a fresh copy per run)
if [ ! -s "$BASEDB" ] || [ -n "$(find "$BIN" -newer "$BASEDB")" ]; then
    say "storing $BASE articles into $BASEDB"
    rm -f "$BASEDB" "$BASEDB-wal" "$BASEDB-shm"
    t0=$(date +%s.%N)
    "$BIN" -q add --db "$BASEDB.tmp" "$OUT/load-base.jsonl" || die "storyline add failed"
    t1=$(date +%s.%N)
    mv "$BASEDB.tmp" "$BASEDB"
    say "stored in $(echo "$t0 $t1" | awk '{printf "%.1f", $2 - $1}') s"
fi
rm -f "$RUNDB" "$RUNDB-wal" "$RUNDB-shm"
cp "$BASEDB" "$RUNDB"

# ---- the server
"$BIN" serve --db "$RUNDB" --port 0 --threads "$THREADS" \
    --max-connections $((CONN + 64)) 2>"$OUT/load-serve.log" &
SPID=$!
URL=
i=0
while [ -z "$URL" ] && [ $i -lt 300 ]; do
    kill -0 "$SPID" 2>/dev/null || {
        cat "$OUT/load-serve.log" >&2
        die "the server did not start"
    }
    sleep 0.1
    URL=$(sed -n 's|^storyline: serving .* on \(http://[^ ]*\)$|\1|p' "$OUT/load-serve.log")
    i=$((i + 1))
done
[ -n "$URL" ] || die "the server did not start"
say "server at $URL ($THREADS threads)"

# ---- paths for wrk: event ids and label words from the API, article ids
# from the stored articles; checked once before the run
"$PY" - "$URL" "$OUT/load-base.jsonl" "$PATHS" <<'EOF' || die "could not list ids"
import json, re, sys, urllib.parse, urllib.request
url, base, out = sys.argv[1], sys.argv[2], sys.argv[3]
def get(path):
    with urllib.request.urlopen(url + path.lstrip("/"), timeout=30) as r:
        return json.load(r)
events, words, off = [], [], 0
while len(events) < 4000:
    d = get("/api/events?limit=1000&offset=%d" % off)
    if not d["events"]:
        break
    for e in d["events"]:
        events.append(e["id"])
        words += [w for w in re.findall(r"[A-Za-z]{4,}", e.get("label") or "")][:1]
    off += len(d["events"])
ids = [json.loads(l)["id"] for l in open(base)]
step = max(1, len(ids) // 4000)
ids = [str(x) for x in ids[::step]]
words = sorted(set(words))
q = urllib.parse.quote
n = max(len(events), len(ids))
with open(out, "w") as f:
    for i in range(n):
        f.write("/api/events?q=%s\n" % q(words[i % len(words)]))
        f.write("/api/events/%s\n" % q(events[i % len(events)], safe=""))
        f.write("/api/articles/%s\n" % q(ids[i % len(ids)], safe=""))
        f.write("/healthz\n")
lines = open(out).read().split()
for p in lines[:200]:
    get(p)  # raises on a non-2xx answer
print("%d events, %d article ids, %d words, %d paths" % (len(events), len(ids), len(words),
      len(lines)), file=sys.stderr)
EOF

# ---- ingestion client: POSTs the next articles in batches, timing itself
INGEST_PY='
import http.client, json, sys, time, urllib.parse
url, path, batch, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
u = urllib.parse.urlsplit(url)
lines = [l for l in open(path, "rb") if l.strip()]
conn = http.client.HTTPConnection(u.hostname, u.port, timeout=300)
codes, added, lat, errors, done = {}, 0, [], 0, []
t0 = time.monotonic()
for i in range(0, len(lines), batch):
    body = b"".join(lines[i:i + batch])
    t = time.monotonic()
    try:
        conn.request("POST", "/api/articles", body, {"Content-Type": "application/json"})
        r = conn.getresponse()
        doc = json.loads(r.read())
        codes[r.status] = codes.get(r.status, 0) + 1
        added += doc.get("added", 0) + doc.get("updated", 0)
    except Exception as e:
        errors += 1
        conn.close()
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=300)
    lat.append(time.monotonic() - t)
    done.append((time.time(), len(lines[i:i + batch])))
secs = time.monotonic() - t0
lat.sort()
json.dump({"articles": len(lines), "added": added, "seconds": secs, "codes": codes, "done": done,
           "errors": errors, "batches": len(lat),
           "batch_p50_ms": 1e3 * lat[len(lat) // 2] if lat else 0,
           "batch_p99_ms": 1e3 * lat[min(len(lat) - 1, int(len(lat) * 0.99))] if lat else 0},
          open(out, "w"))
'
rm -f "$OUT/load-ingest.json" "$OUT"/load-wrk-*.txt
say "wrk: $CONN connections, $SECS s; ingesting $INGEST articles in batches of $BATCH"
T0=$(date +%s.%N)
"$PY" -c "$INGEST_PY" "$URL" "$OUT/load-ingest.jsonl" "$BATCH" "$OUT/load-ingest.json" &
IPID=$!
LOAD_PATHS=$PATHS wrk -t "$WRK_THREADS" -c "$CONN" -d "${SECS}s" --timeout 10s --latency \
    -s bench/load.lua "$URL" >"$OUT/load-wrk.txt" 2>&1
WRK_RC=$?
T1=$(date +%s.%N)
wait "$IPID"
IPID=
T2=$(date +%s.%N)
[ "$WRK_RC" -eq 0 ] || {
    cat "$OUT/load-wrk.txt" >&2
    die "wrk failed"
}
curl -s "${URL}healthz" >"$OUT/load-health.json"

# ---- each kind of GET alone (no ingestion), LOAD_KIND_SECONDS each
KSECS=${LOAD_KIND_SECONDS:-5}
if [ "$KSECS" -gt 0 ]; then
    # the slowest last: the requests it leaves queued would delay the next
    for kind in healthz articles events-id events-q; do
        case $kind in
        articles) pat=/api/articles/ ;;
        events-id) pat=/api/events/ ;;
        events-q) pat='/api/events?q=' ;;
        healthz) pat=/healthz ;;
        esac
        grep -F "$pat" "$PATHS" >"$OUT/load-paths-$kind.txt"
        say "wrk: GET $pat alone, $KSECS s"
        LOAD_PATHS=$OUT/load-paths-$kind.txt wrk -t "$WRK_THREADS" -c "$CONN" -d "${KSECS}s" \
            --timeout 10s --latency -s bench/load.lua "$URL" >"$OUT/load-wrk-$kind.txt" 2>&1
    done
fi
kill -TERM "$SPID"
wait "$SPID"
SRC=$?
SPID=

# ---- the table
"$PY" - "$OUT/load-wrk.txt" "$OUT/load-ingest.json" "$OUT/load-health.json" \
    "$T0" "$T1" "$T2" "$SRC" "$BASE" "$CONN" "$SECS" "$THREADS" "$BATCH" \
    >"$OUT/load.md" <<'EOF'
import json, os, re, sys
ing, health = json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
t0, t1, t2 = map(float, sys.argv[4:7])
rc, base, conn, secs, threads, batch = sys.argv[7:]
def ms(v):  # wrk prints 1.23ms, 456.00us, 1.20s
    m = re.match(r"([\d.]+)(us|ms|s)", v)
    x = float(m.group(1)) * {"us": 1e-3, "ms": 1, "s": 1e3}[m.group(2)]
    return "%.2f" % x
def parse(path):
    wrk = open(path).read()
    def find(pat, default="0"):
        m = re.search(pat, wrk)
        return m.group(1) if m else default
    r = {"rps": float(find(r"Requests/sec:\s+([\d.]+)")),
         "total": int(find(r"(\d+) requests in")),
         "p": {k: ms(find(r"\n\s+%s%%\s+(\S+)" % k, "0us")) for k in ("50", "90", "99")},
         "non2xx": int(find(r"Non-2xx or 3xx responses: (\d+)"))}
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", wrk)
    r["sock"] = sock.groups() if sock else None
    r["sockerr"] = sum(map(int, sock.groups())) if sock else 0
    return r
m = parse(sys.argv[1])
rps, total, p, non2xx, sock, sockerr = m["rps"], m["total"], m["p"], m["non2xx"], m["sock"], m["sockerr"]
ing_non2xx = sum(v for k, v in ing["codes"].items() if not k.startswith("2"))
rate = ing["articles"] / ing["seconds"] if ing["seconds"] else 0
under = sum(n for t, n in ing["done"] if t <= t1)  # ingested while wrk ran
rate_under = under / (t1 - t0)
cpus = os.cpu_count()
rows = [
    ("GET requests/s (wrk, %s connections, %s s)" % (conn, secs), "{:,.0f}".format(rps)),
    ("GET requests served", "{:,}".format(total)),
    ("latency p50 / p90 / p99 (ms)", "%s / %s / %s" % (p["50"], p["90"], p["99"])),
    ("GET non-2xx responses", str(non2xx)),
    ("GET socket errors (connect, read, write, timeout)",
     "%d (%s)" % (sockerr, ", ".join(sock) if sock else "none reported")),
    ("ingestion under the GET load, articles/s (POST batches of %s)" % batch,
     "{:,.0f} ({:,} articles in {:.1f} s)".format(rate_under, under, t1 - t0)),
    ("ingestion of all %d articles, articles/s" % ing["articles"],
     "{:,.0f} ({:.1f} s)".format(rate, ing["seconds"])),
    ("ingestion: POST batch latency p50 / p99 (ms)",
     "%.0f / %.0f" % (ing["batch_p50_ms"], ing["batch_p99_ms"])),
    ("ingestion non-2xx responses, client errors", "%d, %d" % (ing_non2xx, ing["errors"])),
    ("store after the run: articles, events", "%d, %d" % (health["articles"], health["events"])),
    ("server exit status after SIGTERM", rc),
]
print("# storyline serve under load\n")
print("%s articles stored beforehand; `storyline serve --threads %s`; wrk and the"
      " ingesting client on the same %s-core machine.\n" % ("{:,}".format(int(base)), threads, cpus))
print("| measure | value |\n|---|---:|")
for k, v in rows:
    print("| %s | %s |" % (k, v))
kinds = [("healthz", "GET /healthz"), ("articles", "GET /api/articles/ID"),
         ("events-id", "GET /api/events/ID"), ("events-q", "GET /api/events?q=WORD")]
kinds = [(k, label, parse(os.path.join(os.path.dirname(sys.argv[1]), "load-wrk-%s.txt" % k)))
         for k, label in kinds
         if os.path.exists(os.path.join(os.path.dirname(sys.argv[1]), "load-wrk-%s.txt" % k))]
if kinds:
    print("\nEach kind of request alone (%s connections, no ingestion, after the run):\n" % conn)
    print("| request | requests/s | p50 ms | p99 ms | non-2xx | socket errors |")
    print("|---|---:|---:|---:|---:|---:|")
    for k, label, r in kinds:
        print("| %s | {:,.0f} | %s | %s | %d | %d |".format(r["rps"])
              % (label, r["p"]["50"], r["p"]["99"], r["non2xx"], r["sockerr"]))
ok = non2xx == 0 and sockerr == 0 and ing_non2xx == 0 and ing["errors"] == 0 and rc == "0"
print("\n%s" % ("No failed request." if ok else "**FAILED requests: see bench/out/load-wrk.txt**"))
sys.exit(0 if ok else 1)
EOF
STATUS=$?
cat "$OUT/load.md"
exit "$STATUS"
