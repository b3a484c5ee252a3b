"""Hostile clients for tests/e2e/serve_hostile.sh (raw sockets: what curl
will not send).  Every subcommand prints "ok NAME" / "not ok NAME" lines,
each naming its bound and the figure measured, and exits 0.

    serve_hostile.py PORT big CAP PID      oversized bodies
    serve_hostile.py PORT slow TIMEOUT     slowloris clients and the idle timeout
    serve_hostile.py PORT many LIMIT THREADS PID   more connections than the limit
    serve_hostile.py PORT malformed        bad paths, queries, methods
    serve_hostile.py PORT ids              ids with path characters
"""
import json
import os
import re
import select
import socket
import sys
import threading
import time

PORT = int(sys.argv[1])


def check(name, ok):
    print(("ok " if ok else "not ok ") + name, flush=True)
    return ok


def connect(timeout=10.0):
    s = socket.create_connection(("127.0.0.1", PORT), timeout=timeout)
    s.settimeout(timeout)
    return s


def read_response(s):
    """One response: (status, headers, body); status 0 when the connection
    ended first."""
    buf = b""
    try:
        while b"\r\n\r\n" not in buf:
            b = s.recv(65536)
            if not b:
                return 0, b"", buf
            buf += b
        head, _, body = buf.partition(b"\r\n\r\n")
        m = re.search(rb"\r\ncontent-length: *(\d+)", head, re.I)
        n = int(m.group(1)) if m else None
        while n is not None and len(body) < n:
            b = s.recv(65536)
            if not b:
                break
            body += b
    except OSError:
        return 0, b"", buf
    m = re.match(rb"HTTP/1\.[01] (\d{3})", head)
    return (int(m.group(1)) if m else 0), head, body


def request(data, timeout=10.0):
    s = connect(timeout)
    try:
        s.sendall(data)
    except OSError:
        pass
    r = read_response(s)
    s.close()
    return r


def get(path, method=b"GET", extra=b""):
    if isinstance(path, str):
        path = path.encode()
    return request(method + b" " + path + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" +
                   extra + b"\r\n")


def healthz_ms():
    t0 = time.monotonic()
    st, _, _ = get("/healthz")
    return st, (time.monotonic() - t0) * 1e3


def json_error(body, status):
    """body is a JSON error document {"error":..., "status": status}, in
    strict UTF-8."""
    try:
        d = json.loads(body.decode("utf-8"))
        return d.get("status") == status and isinstance(d.get("error"), str)
    except (ValueError, UnicodeDecodeError):
        return False


def rss_kb(pid, field="VmRSS"):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return -1


# ------------------------------------------------------------ oversized bodies

def stream_body(chunked, total, limit_s):
    """POSTs a body of `total` bytes (chunked, or with its Content-Length)
    as fast as the server takes it, watching for an answer.  Returns
    (status, seconds to the answer, bytes sent before it)."""
    s = connect()
    hdr = b"POST /api/articles HTTP/1.1\r\nHost: x\r\n"
    hdr += b"Transfer-Encoding: chunked\r\n\r\n" if chunked else b"Content-Length: %d\r\n\r\n" % total
    s.sendall(hdr)
    piece = b"x" * 65536
    if chunked:
        piece = b"%x\r\n" % len(piece) + piece + b"\r\n"
    s.setblocking(False)
    t0 = time.monotonic()
    sent, resp, pending = 0, b"", b""
    while time.monotonic() - t0 < limit_s:
        r, w, _ = select.select([s], [s] if sent < total else [], [], 0.5)
        if r:
            try:
                b = s.recv(65536)
            except OSError:
                b = b""
            resp += b
            if not b or b"\r\n\r\n" in resp:
                break
        if w:
            if not pending:
                pending = piece
            try:
                n = s.send(pending)
            except OSError:
                break
            sent += n
            pending = pending[n:]
    t = time.monotonic() - t0
    s.setblocking(True)
    s.settimeout(2)
    try:
        while b"\r\n\r\n" not in resp:
            b = s.recv(65536)
            if not b:
                break
            resp += b
    except OSError:
        pass
    s.close()
    m = re.match(rb"HTTP/1\.[01] (\d{3})", resp)
    return (int(m.group(1)) if m else 0), t, sent


def cmd_big(cap, pid):
    rss0 = rss_kb(pid)
    st, t, sent = stream_body(False, 100 << 20, 10)
    check("Content-Length 100 MiB over the %d-byte cap: 413 within 1 s "
          "(%d after %.3f s, %d body bytes sent)" % (cap, st, t, sent), st == 413 and t < 1)
    st, t, sent = stream_body(True, 1 << 40, 10)
    check("chunked body growing past the cap (client ready to send 1 TiB): 413 within 1 s "
          "and at most 64 MiB sent (%d after %.3f s, %.1f MiB sent)" % (st, t, sent / 2**20),
          st == 413 and t < 1 and sent < 64 << 20)
    # bodies just over the cap, several at once, then ones at the cap
    results = []

    def one(chunked):
        results.append(stream_body(chunked, cap + 4096, 10)[0])
    ts = [threading.Thread(target=one, args=(k % 2 == 0,)) for k in range(8)]
    for th in ts:
        th.start()
    for th in ts:
        th.join()
    check("8 bodies just over the cap at once: all 413 (%s)" % sorted(results),
          results == [413] * 8)
    rss1, hwm = rss_kb(pid), rss_kb(pid, "VmHWM")
    check("RSS after the oversized bodies within 16 MiB of before "
          "(%d -> %d KiB, peak %d KiB)" % (rss0, rss1, hwm), rss1 - rss0 < 16 << 10)
    st, ms = healthz_ms()
    check("after oversized bodies: healthz 200 in < 1 s (%d, %.1f ms)" % (st, ms),
          st == 200 and ms < 1000)


# ------------------------------------------------------------ slow clients

def cmd_slow(timeout):
    """6 clients trickle a request line and headers one byte a second, 2
    trickle a POST body; after TRICKLE seconds they all stall.  Meanwhile
    healthz is timed; then how long the server takes to close each stalled
    connection is measured."""
    trickle = timeout + 2.0  # longer than the idle timeout: bytes keep it open
    slow = []
    for k in range(8):
        s = connect()
        if k < 6:
            s.sendall(b"G")
            rest = b"ET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 64
        else:
            s.sendall(b"POST /api/articles HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n")
            rest = b'{"id":"slow","text":"' + b"b" * 900
        slow.append({"s": s, "rest": rest, "last": time.monotonic(), "closed": None})
    lat = []
    t0 = time.monotonic()
    next_byte = t0 + 1
    alive_while_trickling = 0
    while time.monotonic() - t0 < trickle:
        now = time.monotonic()
        if now >= next_byte:
            for c in slow:
                if c["closed"] is None:
                    try:
                        c["s"].sendall(c["rest"][:1])
                        c["rest"] = c["rest"][1:]
                        c["last"] = time.monotonic()
                    except OSError:
                        c["closed"] = time.monotonic()
            next_byte += 1
        st, ms = healthz_ms()
        lat.append((st, ms))
        time.sleep(0.2)
    for c in slow:
        c["s"].setblocking(False)
        try:
            if c["s"].recv(1) == b"":
                c["closed"] = c["closed"] or time.monotonic()
        except BlockingIOError:
            pass
        except OSError:
            c["closed"] = c["closed"] or time.monotonic()
    alive_while_trickling = sum(c["closed"] is None for c in slow)
    worst = max(ms for _, ms in lat)
    check("8 slow clients trickling 1 byte/s for %.0f s: %d healthz all 200 within 1 s "
          "(slowest %.1f ms)" % (trickle, len(lat), worst),
          all(st == 200 for st, _ in lat) and worst < 1000)
    check("trickling clients are not cut off while they send (%d of 8 still open)"
          % alive_while_trickling, alive_while_trickling == 8)
    # now they stall: the idle timeout must close them
    deadline = time.monotonic() + timeout + 5
    while time.monotonic() < deadline and any(c["closed"] is None for c in slow):
        socks = [c["s"] for c in slow if c["closed"] is None]
        r, _, _ = select.select(socks, [], [], 0.1)
        for c in slow:
            if c["s"] in r:
                try:
                    b = c["s"].recv(65536)
                except OSError:
                    b = b""
                if not b:
                    c["closed"] = time.monotonic()
    idle = [c["closed"] - c["last"] if c["closed"] else float("inf") for c in slow]
    check("stalled slow clients closed by the %d s idle timeout within %d.5 s of their "
          "last byte (slowest %.2f s)" % (timeout, timeout + 1, max(idle)),
          max(idle) < timeout + 1.5)
    for c in slow:
        c["s"].close()
    st, ms = healthz_ms()
    check("after slow clients: healthz 200 (%d, %.1f ms)" % (st, ms), st == 200 and ms < 1000)


# ------------------------------------------------------------ many connections

def server_sockets(pid):
    n = 0
    for f in os.listdir("/proc/%d/fd" % pid):
        try:
            n += os.readlink("/proc/%d/fd/%s" % (pid, f)).startswith("socket:")
        except OSError:
            pass
    return n


def cmd_many(limit, threads, pid):
    n = 3 * limit
    base = server_sockets(pid)  # the listening socket(s)
    t0 = time.monotonic()
    socks, refused = [], 0
    for _ in range(n):
        try:
            socks.append(connect(5))
        except OSError:
            refused += 1
    # the server closes those over its limit at once
    time.sleep(0.5)
    closed = 0
    for s in socks:
        s.setblocking(False)
        try:
            if s.recv(1) == b"":
                closed += 1
        except BlockingIOError:
            pass
        except OSError:
            closed += 1
    held = server_sockets(pid) - base
    check("%d idle connections against --max-connections %d: the server holds at most %d "
          "(one over per worker thread), closes the rest at once (%d held, %d closed within "
          "0.5 s, %d refused)" % (n, limit, limit + threads, held, closed, refused),
          held <= limit + threads and closed + refused >= n - held)
    t1 = time.monotonic()
    try:
        st, _, _ = get("/healthz")
    except OSError:
        st = 0
    ms = (time.monotonic() - t1) * 1e3
    check("while they are held: a new client is answered or refused within 1 s, not queued "
          "(%s, %.1f ms)" % (st or "closed", ms), st in (0, 200, 503) and ms < 1000)
    for s in socks:
        s.close()
    time.sleep(0.2)
    st, ms = healthz_ms()
    check("after they close: healthz 200 within 1 s (%d, %.1f ms)" % (st, ms),
          st == 200 and ms < 1000)
    # as many requests at once: each answered 200 or 503, or its
    # connection refused/closed; never another status
    codes = []
    lock = threading.Lock()

    def one():
        try:
            st, _, _ = get("/api/events?limit=5")
        except OSError:
            st = 0
        with lock:
            codes.append(st)
    t1 = time.monotonic()
    ts = [threading.Thread(target=one) for _ in range(n)]
    for th in ts:
        th.start()
    for th in ts:
        th.join()
    dt = time.monotonic() - t1
    ok200 = codes.count(200)
    check("%d simultaneous GETs: every one 200, 503 or refused, within 20 s "
          "(%d x 200, %d x 503, %d refused/closed, %.2f s)"
          % (n, ok200, codes.count(503), codes.count(0), dt),
          all(c in (200, 503, 0) for c in codes) and ok200 > 0 and dt < 20)
    st, ms = healthz_ms()
    check("after the burst: healthz 200 within 1 s (%d, %.1f ms, %.1f s in all)"
          % (st, ms, time.monotonic() - t0), st == 200 and ms < 1000)


# ------------------------------------------------------------ malformed requests

def cmd_malformed():
    A = b"/api/articles/"
    # (name, request target or full request, method, allowed statuses);
    # "json": the answer is our JSON error (404/400/405) or a 200 document
    cases = [
        ("id %00", A + b"abc%00", 404),
        ("id %zz", A + b"%zz", 404),
        ("id lone %", A + b"%", 404),
        ("id ending in %4", A + b"x%4", 404),
        ("id of invalid UTF-8 bytes", A + b"\xff\xfe\xc3(", 404),
        ("id of overlong UTF-8 %C0%AF", A + b"%C0%AF..%C0%AF", 404),
        ("100 KB id", A + b"A" * 100000, 404),
        ("100 KB q (over SL_QUERY_MAX)", b"/api/events?q=" + b"B" * 100000, 400),
        ("1 KB q", b"/api/events?q=" + b"B" * 1024, 200),
        ("//api//events", b"//api//events", 404),
        ("/api/../healthz", b"/api/../healthz", 404),
        ("/./healthz", b"/./healthz", 404),
        ("limit=-1 and a 20-digit offset", b"/api/events?limit=-1&offset=99999999999999999999", 400),
        ("20-digit offset", b"/api/events?offset=99999999999999999999", 400),
        ("limit=1e3", b"/api/events?limit=1e3", 400),
        ("limit=+5", b"/api/events?limit=%2B5", 400),
        ("limit with a NUL", b"/api/events?limit=5%00", 400),
        ("repeated limit (first wins)", b"/api/events?limit=2&limit=abc", 200),
        ("unknown parameters", b"/api/events?bogus=1&x&=y&&", 200),
        ("q of invalid UTF-8", b"/api/events?q=%ff%fe", 400),
        ("q with a NUL", b"/api/events?q=a%00b", 200),
        ("from=2013-02-30", b"/api/events?from=2013-02-30", 400),
        ("from with a NUL", b"/api/events?from=2013-01-01%00x", 400),
        ("empty article id", A, 404),
        ("empty event id", b"/api/events/", 404),
        ("empty storyline id", b"/api/storylines/", 404),
        ("event id ../healthz", b"/api/events/..%2Fhealthz", 404),
        ("compare with empty ids", b"/api/compare?a=&b=", 400),
        ("compare with repeated a", b"/api/compare?a=nope&a=x&b=y", 404),
        ("query on an id", A + b"nope?x=1", 404),
        ("a fragment", b"/healthz#frag", 404),
        ("absolute URI", b"http://localhost/healthz", 404),
    ]
    fails = []
    for name, target, want in cases:
        st, head, body = get(target)
        good = st == want and (json_error(body, st) if st != 200 else body.startswith(b"{"))
        check("malformed %s: %d JSON (%d)" % (name, want, st), good)
        if not good:
            fails.append(name)
    # methods: every GET route refuses the others with 405 + Allow
    for method in (b"POST", b"PUT", b"DELETE", b"PATCH", b"OPTIONS", b"TRACE", b"BREW"):
        sts = []
        for path in (b"/healthz", b"/api/events", b"/api/events/e1", A + b"x", b"/api/storylines/s1",
                     b"/api/compare?a=x&b=y", b"/"):
            extra = b"Content-Length: 2\r\n\r\n{}" if method in (b"POST", b"PUT", b"PATCH") else b""
            if extra:
                st, head, body = request(method + b" " + path + b" HTTP/1.1\r\nHost: x\r\n"
                                         b"Connection: close\r\n" + extra)
            else:
                st, head, body = get(path, method)
            sts.append(st == 405 and json_error(body, 405) and b"\r\nAllow: GET, HEAD" in head)
        check("%s on the 7 GET routes: 405 JSON with Allow (%d of 7)" % (method.decode(), sum(sts)),
              all(sts))
    for method in (b"GET", b"PUT", b"DELETE"):
        st, head, body = get(b"/api/articles", method)
        check("%s /api/articles: 405 JSON, Allow: POST (%d)" % (method.decode(), st),
              st == 405 and json_error(body, 405) and b"\r\nAllow: POST" in head)
    # framing errors MHD answers itself (HTML); none is a 5xx
    for name, data, want in [
        ("request line without a version", b"GET /healthz\r\n\r\n", (400,)),
        ("bad Content-Length", b"POST /api/articles HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n", (400,)),
        ("bad chunk size", b"POST /api/articles HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", (400,)),
        ("300 KB header", b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"h" * 300000 + b"\r\n\r\n", (431,)),
        ("garbage", b"\x00\x01\x02 \xff\xfe\r\n\r\n", (0, 400)),
    ]:
        st, _, _ = request(data)
        check("framing: %s: %s, no 5xx (%d)" % (name, "/".join(map(str, want)), st), st in want)
    st, ms = healthz_ms()
    check("after malformed requests: healthz 200 (%d, %.1f ms)" % (st, ms), st == 200)


# ------------------------------------------------------------ ids with path characters

def pct(s):
    return "".join(c if c.isalnum() or c in "-._~" else "".join("%%%02X" % b for b in c.encode())
                   for c in s)


def cmd_ids():
    ids = ["../../etc/passwd", "..", ".", "a/b", "a\\b", "..\\..\\windows\\win.ini", "/leading",
           "trailing/", "%2F%00", "q?x=1#f", "\u00fc/\u00f6 \u4e2d"]
    text = "Storm damage closed the port of Gdansk on Thursday, officials said, in story %d."
    body = "\n".join(json.dumps({"id": i, "text": text % k}) for k, i in enumerate(ids))
    body += "\n" + json.dumps({"id": "nul\u0000id", "text": "An id with a NUL byte in it."}) + "\n"
    data = body.encode()
    st, _, resp = request(b"POST /api/articles HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                          b"Content-Length: %d\r\n\r\n" % len(data) + data, timeout=60)
    try:
        d = json.loads(resp)
    except ValueError:
        d = {}
    check("POST %d ids with path characters: 201, all stored (%d, added %s)"
          % (len(ids), st, d.get("added")), st == 201 and d.get("added") == len(ids))
    errs = d.get("errors", [])
    check("POST: the id with a NUL is the one bad record (%s)" % errs,
          len(errs) == 1 and errs[0].get("record") == len(ids) + 1 and "NUL" in errs[0].get("error", ""))
    back = []
    for i in ids:
        st, _, b = get("/api/articles/" + pct(i))
        try:
            back.append(st == 200 and json.loads(b)["id"] == i)
        except (ValueError, KeyError):
            back.append(False)
    check("each fetched by its percent-encoded id, the same id back (%d of %d)"
          % (sum(back), len(ids)), all(back))
    # unescaped: the rest of the path is the id, slashes and all
    st, _, b = get("/api/articles/a/b")
    check("a/b fetched unescaped: 200 a/b (%d)" % st, st == 200 and json.loads(b).get("id") == "a/b")
    st, _, b = get("/api/articles/a\\b")
    check("a\\b fetched unescaped: 200 (%d)" % st, st == 200 and json.loads(b).get("id") == "a\\b")
    st, _, b = get("/api/articles/nul%00id")
    check("the NUL id was not stored: 404 (%d)" % st, st == 404 and json_error(b, 404))
    st, _, b = get("/api/compare?a=" + pct("../../etc/passwd") + "&b=" + pct("a\\b"))
    check("compare two path-like ids: 200 (%d)" % st, st == 200)


cmd = sys.argv[2]
if cmd == "big":
    cmd_big(int(sys.argv[3]), int(sys.argv[4]))
elif cmd == "slow":
    cmd_slow(int(sys.argv[3]))
elif cmd == "many":
    cmd_many(int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
elif cmd == "malformed":
    cmd_malformed()
elif cmd == "ids":
    cmd_ids()
else:
    sys.exit("unknown subcommand " + cmd)
