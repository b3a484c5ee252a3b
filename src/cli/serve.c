/*
 * serve.c - `storyline serve`: the HTTP API of docs/api.md and the web view
 * over a store, with libmicrohttpd (MHD).  Uses only the public API
 * (storyline.h), json-c and MHD.
 *
 *   storyline serve [--db PATH] [--bind ADDR] [--port N] [--threads N]
 *                   [--max-body BYTES] [--max-connections N]
 *                   [--timeout SECONDS] [-q] [-v]
 *
 * Threading model
 *   - MHD runs a pool of --threads worker threads; each is an event loop
 *     over the connections it accepted, and calls on_request() for them.
 *   - GET requests are answered in the worker, with the worker's own
 *     read-only store handle (a pthread key: opened at the worker's first
 *     GET, closed by the key's destructor when the worker exits, or at
 *     shutdown).  SQLite in WAL mode gives these readers the last committed
 *     batch; they never wait for the writer.  A worker answers one request
 *     at a time, so a slow query delays the worker's other connections.
 *   - POST /api/articles: the worker buffers the body (at most --max-body
 *     bytes, and all bodies together at most BODY_BUDGET_FACTOR times that)
 *     and parses it, then suspends the connection and queues the articles
 *     for the writer thread, the only user of the one read-write store
 *     handle (opened at startup, so that the file exists and schema errors
 *     are reported before listening).  The worker goes on serving its other
 *     connections; the writer ingests one batch at a time, in arrival
 *     order, stores the result in the request and resumes the connection,
 *     whose worker then sends the answer.
 *   - The main thread starts all this and waits (sigwait) for SIGINT or
 *     SIGTERM, which every thread blocks.  Then new POSTs get 503, the
 *     writer finishes the batches already queued, MHD stops (joining its
 *     workers, whose key destructors close their handles), and the
 *     remaining handles are closed.
 *   - sl_cli_server_* (cli.h) run the same server without a listening
 *     socket or worker threads, the caller turning MHD's event loop and
 *     handing it connected sockets: the HTTP fuzz target.
 */
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <json-c/json.h>
#include <microhttpd.h>

#include "cli.h"
#include "storyline.h"

#ifndef MHD_HTTP_CONTENT_TOO_LARGE /* MHD before 0.9.74 */
#define MHD_HTTP_CONTENT_TOO_LARGE 413
#endif

#define BODY_NAME "request body"  /* how records are named in messages */
#define BODY_BUDGET_FACTOR 4      /* all bodies buffered at once <= 4 x --max-body */
#define MAX_ERRORS_LISTED 1000    /* bad records listed in "errors" */
/* MHD's memory per connection (headers, read buffer) and how much the read
 * buffer grows at a time.  MHD's defaults (32 KiB, 1 KiB) read a body a
 * few KiB per turn of the worker's event loop, which is slow to come round
 * when the worker's other connections run heavy queries. */
#define CONN_MEMORY ((size_t)256 << 10)
#define CONN_READ_INCREMENT ((size_t)64 << 10)

static const char serve_usage[] =
    "usage: storyline serve [--db PATH] [--bind ADDR] [--port N] [OPTIONS]\n"
    "\n"
    "Serves the store PATH over HTTP: the JSON API of docs/api.md and the\n"
    "web view at /.\n"
    "\n"
    "  --db PATH             the store (default ./storyline.db; created if missing)\n"
    "  --bind ADDR           address to listen on (default 127.0.0.1)\n"
    "  --port N              port (default 8080; 0: any free port)\n"
    "  --threads N           worker threads (default 4)\n"
    "  --max-body BYTES      largest POST body (default 16777216: 16 MiB)\n"
    "  --max-connections N   open connections at most (default 256)\n"
    "  --timeout SECONDS     close connections idle this long (default 30; 0: never)\n"
    "  -q, --quiet           no startup line\n"
    "  -v, --verbose         one line per request on stderr\n"
    "  -h, --help            this help\n"
    "\n"
    "Endpoints: GET /healthz, POST /api/articles, GET /api/articles/ID,\n"
    "GET /api/events?q=&from=&to=&limit=&offset=, GET /api/events/ID,\n"
    "GET /api/storylines/ID, GET /api/compare?a=ID&b=ID, GET /.\n"
    "SIGINT or SIGTERM stops the server (exit 0).\n"
    "\n"
    "Exit status: 0 after a signal, 1 on errors, 2 on bad usage.\n";

/* ------------------------------------------------------------ options */

typedef struct serve_opts {
    const char *db;
    const char *bind;
    unsigned port;
    unsigned threads;
    size_t max_body;
    unsigned max_conn;
    unsigned timeout;
    int quiet, verbose;
} serve_opts;

#define err sl_cli_err

#define usage(...) sl_cli_usage("serve", __VA_ARGS__)

/* Parses a whole number in [min, max] into *out; 0 or -1 (bad). */
static int parse_num(unsigned long long *out, const char *v, unsigned long long min,
                     unsigned long long max)
{
    char *end;
    errno = 0;
    unsigned long long x = strtoull(v, &end, 10);
    if (errno || end == v || *end || v[0] == '-' || v[0] == '+' || x < min || x > max)
        return -1;
    *out = x;
    return 0;
}

/* Parses argv into o.  Returns -1 when done, else an exit status. */
static int parse_serve_opts(serve_opts *o, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        char name[64];
        const char *val = NULL;
        const char *eq = strncmp(a, "--", 2) == 0 ? strchr(a, '=') : NULL;
        if (eq) {
            size_t n = (size_t)(eq - a) < sizeof name - 1 ? (size_t)(eq - a) : sizeof name - 1;
            memcpy(name, a, n);
            name[n] = '\0';
            val = eq + 1;
        } else {
            snprintf(name, sizeof name, "%s", a);
        }
#define IS(s) (strcmp(name, s) == 0)
        if (IS("-h") || IS("--help")) {
            fputs(serve_usage, stdout);
            return 0;
        }
        int quiet = IS("-q") || IS("--quiet"), verbose = IS("-v") || IS("--verbose");
        if (quiet || verbose) {
            if (val)
                return usage("%s takes no value", name);
            o->quiet |= quiet;
            o->verbose |= verbose;
            continue;
        }
        if (!IS("--db") && !IS("--bind") && !IS("--port") && !IS("--threads") &&
            !IS("--max-body") && !IS("--max-connections") && !IS("--timeout"))
            return a[0] == '-' ? usage("unknown option %s", name)
                               : usage("unexpected argument \"%s\"", a);
        if (!val) {
            if (i + 1 >= argc)
                return usage("%s needs a value", name);
            val = argv[++i];
        }
        unsigned long long x = 0;
        if (IS("--db")) {
            if (!*val)
                return usage("--db needs a path");
            o->db = val;
        } else if (IS("--bind")) {
            o->bind = val;
        } else if (IS("--port")) {
            if (parse_num(&x, val, 0, 65535))
                return usage("--port needs a number from 0 to 65535, not \"%s\"", val);
            o->port = (unsigned)x;
        } else if (IS("--threads")) {
            if (parse_num(&x, val, 1, 256))
                return usage("--threads needs a number from 1 to 256, not \"%s\"", val);
            o->threads = (unsigned)x;
        } else if (IS("--max-body")) {
            if (parse_num(&x, val, 1, (unsigned long long)1 << 40))
                return usage("--max-body needs a positive number of bytes, not \"%s\"", val);
            o->max_body = (size_t)x;
        } else if (IS("--max-connections")) {
            if (parse_num(&x, val, 1, 65536))
                return usage("--max-connections needs a number from 1 to 65536, not \"%s\"",
                             val);
            o->max_conn = (unsigned)x;
        } else { /* --timeout */
            if (parse_num(&x, val, 0, 86400))
                return usage("--timeout needs a number of seconds from 0 to 86400, not \"%s\"",
                             val);
            o->timeout = (unsigned)x;
        }
#undef IS
    }
    return -1;
}

/* ------------------------------------------------------------ strings */

/* A growable string; after an allocation failure `oom` is set and further
 * appends do nothing. */
typedef struct strbuf {
    char *p;
    size_t len, cap;
    int oom;
} strbuf;

static void sb_add(strbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (n >= b->cap - b->len || !b->p) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap - b->len <= n) {
            if (cap > SIZE_MAX / 2) {
                b->oom = 1;
                return;
            }
            cap *= 2;
        }
        char *p = realloc(b->p, cap);
        if (!p) {
            b->oom = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_puts(strbuf *b, const char *s) { sb_add(b, s, strlen(s)); }

static void sb_printf(strbuf *b, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp)
        b->oom = 1; /* only short formats are used */
    else
        sb_add(b, tmp, (size_t)n);
}

/* Length of the valid UTF-8 character at s[0..n), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    if (s[0] < 0x80)
        return 1;
    size_t k = s[0] >= 0xC2 && s[0] <= 0xDF ? 2 : s[0] >= 0xE0 && s[0] <= 0xEF ? 3
               : s[0] >= 0xF0 && s[0] <= 0xF4                               ? 4
                                                                            : 0;
    if (!k || k > n)
        return 0;
    for (size_t i = 1; i < k; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] > 0x9F) ||
        (s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] > 0x8F))
        return 0; /* overlong, surrogate, above U+10FFFF */
    return k;
}

/* Appends s as a JSON string; bytes that are not UTF-8 become U+FFFD. */
static void sb_json_str(strbuf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    sb_add(b, "\"", 1);
    for (size_t i = 0; i < n;) {
        size_t k = utf8_len(p + i, n - i);
        if (k == 0) {
            sb_add(b, "\xEF\xBF\xBD", 3);
            i++;
        } else if (p[i] == '"' || p[i] == '\\') {
            char e[2] = {'\\', (char)p[i]};
            sb_add(b, e, 2);
            i++;
        } else if (p[i] < 0x20 || p[i] == 0x7F) {
            sb_printf(b, "\\u%04x", p[i]);
            i++;
        } else {
            sb_add(b, s + i, k);
            i += k;
        }
    }
    sb_add(b, "\"", 1);
}

/* Inserts `"name":value` as the first (first = 1) or last field of the JSON
 * object doc.  Returns a new string (caller frees) or NULL (out of memory,
 * or doc is not an object). */
static char *json_with_field(const char *doc, const char *name, const char *value, int first)
{
    const char *open = strchr(doc, '{'), *close = strrchr(doc, '}');
    if (!open || !close || close < open)
        return NULL;
    const char *q = open + 1;
    while (q < close && (*q == ' ' || *q == '\n' || *q == '\t' || *q == '\r'))
        q++;
    int empty = q == close;
    strbuf b = {0};
    if (first) {
        sb_add(&b, doc, (size_t)(open + 1 - doc));
        sb_printf(&b, "\"%s\":", name);
        sb_puts(&b, value);
        if (!empty)
            sb_add(&b, ",", 1);
        sb_puts(&b, open + 1);
    } else {
        sb_add(&b, doc, (size_t)(close - doc));
        sb_printf(&b, "%s\"%s\":", empty ? "" : ",", name);
        sb_puts(&b, value);
        sb_puts(&b, close);
    }
    if (b.oom) {
        free(b.p);
        return NULL;
    }
    return b.p;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* ------------------------------------------------------------ server state */

typedef struct request request;

/* A worker's read-only store handle, listed so that shutdown can close
 * the ones no key destructor closed. */
typedef struct reader_slot {
    sl_store *st;
    struct server *s;
    struct reader_slot *prev, *next;
} reader_slot;

typedef struct server {
    serve_opts o;
    pthread_key_t key;          /* the worker's reader_slot */
    pthread_mutex_t mu;         /* guards everything below */
    pthread_cond_t cv;          /* the writer waits for work */
    reader_slot *readers;
    request *qhead, *qtail;     /* batches waiting for the writer */
    int stopping;               /* no new POSTs; the writer drains and exits */
    size_t buffered;            /* bytes of request bodies held */
    atomic_uint conns;          /* open connections (on_connection) */
    sl_store *writer;           /* used by the writer thread only */
    pthread_t writer_tid;
    unsigned long queued;       /* batches queued for the writer so far */
    unsigned long batches;      /* batches the writer has ingested */
    struct MHD_Response *index; /* the web view, built once */
} server;

/* One HTTP request (MHD's per-request pointer). */
enum rq_state { RQ_NEW, RQ_QUEUED, RQ_DONE };

typedef struct route route;

struct request {
    server *s;
    struct MHD_Connection *conn;
    const route *rt;          /* NULL: 404, or 405 when `allow` is set */
    const char *allow;        /* the methods the path allows */
    const char *method, *url; /* for the -v log */
    double t0;
    /* POST: the body, at most o.max_body bytes */
    char *body;
    size_t len, cap, counted; /* counted: bytes reserved in s->buffered */
    int too_big, no_budget;
    /* POST: the parsed batch and what became of it */
    enum rq_state state;
    sl_article **arts;
    size_t narts;
    strbuf errors;            /* elements of the "errors" array */
    size_t nerrors;
    int rc;                   /* sl_store_add's result */
    char *doc;                /* its JSON document */
    char msg[512];            /* its message when rc != 0 */
    request *next;            /* in the writer's queue */
};

typedef enum MHD_Result (*handler_fn)(request *rq, const char *id);

struct route {
    const char *path; /* exact path, or the prefix before an id */
    int prefix;       /* 1: path + a non-empty id */
    int post;         /* 1: POST; 0: GET and HEAD */
    handler_fn fn;
};

/* ------------------------------------------------------------ responses */

static void log_request(const request *rq, unsigned status)
{
    if (!rq->s->o.verbose)
        return;
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(rq->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char host[INET6_ADDRSTRLEN] = "?";
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, host,
                      sizeof host);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
                      host, sizeof host);
    }
    fprintf(stderr, "storyline: %s %s %s %u %.1f ms\n", host, rq->method, rq->url, status,
            (now() - rq->t0) * 1e3);
}

/* Queues body (malloc'd; taken) as the answer. */
static enum MHD_Result respond(request *rq, unsigned status, char *body, size_t len,
                               const char *ctype, const char *allow)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, body, body ? MHD_RESPMEM_MUST_FREE
                                                        : MHD_RESPMEM_PERSISTENT);
    if (!r) {
        free(body);
        return MHD_NO;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    if (allow)
        MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, allow);
    enum MHD_Result ret = MHD_queue_response(rq->conn, status, r);
    MHD_destroy_response(r);
    log_request(rq, status);
    return ret;
}

static enum MHD_Result respond_json(request *rq, unsigned status, char *doc)
{
    return respond(rq, status, doc, strlen(doc), "application/json; charset=utf-8", NULL);
}

/* {"error":msg,"status":N}, plus "errors":[...] when there are some. */
static enum MHD_Result respond_error_allow(request *rq, unsigned status, const char *msg,
                                           const char *allow)
{
    strbuf b = {0};
    sb_puts(&b, "{\"error\":");
    sb_json_str(&b, msg);
    sb_printf(&b, ",\"status\":%u", status);
    if (rq->nerrors) {
        sb_puts(&b, ",\"errors\":[");
        if (rq->errors.p)
            sb_puts(&b, rq->errors.p);
        sb_puts(&b, "]");
    }
    sb_puts(&b, "}");
    if (b.oom) {
        free(b.p);
        return MHD_NO;
    }
    return respond(rq, status, b.p, b.len, "application/json; charset=utf-8", allow);
}

static enum MHD_Result respond_error(request *rq, unsigned status, const char *msg)
{
    return respond_error_allow(rq, status, msg, NULL);
}

/* The HTTP status of a library failure. */
static unsigned status_of(int rc, const char *msg)
{
    switch (rc) {
    case SL_ENOTFOUND:
        return MHD_HTTP_NOT_FOUND;
    case SL_EINVAL:
    case SL_EPARSE:
    case SL_EUTF8:
    case SL_EEMPTY:
        return MHD_HTTP_BAD_REQUEST;
    case SL_ETOOBIG:
        return MHD_HTTP_CONTENT_TOO_LARGE;
    case SL_EDB:
        return strstr(msg, "busy") || strstr(msg, "locked") ? MHD_HTTP_SERVICE_UNAVAILABLE
                                                            : MHD_HTTP_INTERNAL_SERVER_ERROR;
    default:
        return MHD_HTTP_INTERNAL_SERVER_ERROR;
    }
}

/* Answers a store call: its document (200) or its failure. */
static enum MHD_Result respond_store(request *rq, int rc, char *doc)
{
    if (rc) {
        free(doc);
        return respond_error(rq, status_of(rc, sl_errmsg()), sl_errmsg());
    }
    return respond_json(rq, MHD_HTTP_OK, doc);
}

/* ------------------------------------------------------------ stores */

static void reader_slot_close(void *p)
{
    reader_slot *slot = p;
    server *s = slot->s;
    pthread_mutex_lock(&s->mu);
    if (slot->prev)
        slot->prev->next = slot->next;
    else
        s->readers = slot->next;
    if (slot->next)
        slot->next->prev = slot->prev;
    pthread_mutex_unlock(&s->mu);
    sl_store_close(slot->st);
    free(slot);
}

/* The calling worker's read-only handle, opened at its first use; NULL
 * with sl_errmsg() set when it cannot be opened. */
static sl_store *reader_store(server *s)
{
    reader_slot *slot = pthread_getspecific(s->key);
    if (slot)
        return slot->st;
    sl_store *st;
    if (sl_store_open(&st, s->o.db, NULL, SL_STORE_READONLY))
        return NULL;
    if (!(slot = calloc(1, sizeof *slot)) || pthread_setspecific(s->key, slot)) {
        free(slot);
        sl_store_close(st);
        return NULL;
    }
    slot->st = st;
    slot->s = s;
    pthread_mutex_lock(&s->mu);
    slot->next = s->readers;
    if (s->readers)
        s->readers->prev = slot;
    s->readers = slot;
    pthread_mutex_unlock(&s->mu);
    return st;
}

#define WITH_READER(rq, st)                                                               \
    sl_store *st = reader_store((rq)->s);                                                 \
    if (!st)                                                                              \
        return respond_error(rq, MHD_HTTP_SERVICE_UNAVAILABLE,                            \
                             *sl_errmsg() ? sl_errmsg() : "cannot open the store")

/* ------------------------------------------------------------ GET handlers */

static enum MHD_Result h_healthz(request *rq, const char *id)
{
    (void)id;
    WITH_READER(rq, st);
    char *doc = NULL;
    int rc = sl_store_stats(&doc, st);
    if (rc)
        return respond_store(rq, rc, doc);
    char *full = json_with_field(doc, "status", "\"ok\"", 1);
    free(doc);
    return full ? respond_json(rq, MHD_HTTP_OK, full)
                : respond_error(rq, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
}

static enum MHD_Result h_article(request *rq, const char *id)
{
    WITH_READER(rq, st);
    char *doc = NULL;
    int rc = sl_store_article(&doc, st, id);
    return respond_store(rq, rc, doc);
}

static enum MHD_Result h_event(request *rq, const char *id)
{
    WITH_READER(rq, st);
    char *doc = NULL;
    int rc = sl_store_event(&doc, st, id);
    return respond_store(rq, rc, doc);
}

static enum MHD_Result h_storyline(request *rq, const char *id)
{
    WITH_READER(rq, st);
    char *doc = NULL;
    int rc = sl_store_storyline(&doc, st, id);
    return respond_store(rq, rc, doc);
}

/* Query argument `name`, or NULL when absent or empty. */
static const char *arg(const request *rq, const char *name)
{
    const char *v = MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, name);
    return v && *v ? v : NULL;
}

static enum MHD_Result h_events(request *rq, const char *id)
{
    (void)id;
    sl_event_query q;
    memset(&q, 0, sizeof q);
    q.q = arg(rq, "q");
    const char *from = arg(rq, "from"), *to = arg(rq, "to");
    const char *limit = arg(rq, "limit"), *offset = arg(rq, "offset");
    char msg[200];
    unsigned long long x;
    if (from && sl_parse_time(&q.from, from)) {
        snprintf(msg, sizeof msg, "bad \"from\": expected a date YYYY-MM-DD, not \"%.40s\"",
                 from);
        return respond_error(rq, MHD_HTTP_BAD_REQUEST, msg);
    }
    if (to && sl_parse_time(&q.to, to)) {
        snprintf(msg, sizeof msg, "bad \"to\": expected a date YYYY-MM-DD, not \"%.40s\"", to);
        return respond_error(rq, MHD_HTTP_BAD_REQUEST, msg);
    }
    if (limit) {
        if (parse_num(&x, limit, 1, 1000)) {
            snprintf(msg, sizeof msg, "bad \"limit\": expected 1 to 1000, not \"%.40s\"", limit);
            return respond_error(rq, MHD_HTTP_BAD_REQUEST, msg);
        }
        q.limit = (size_t)x;
    }
    if (offset) {
        if (parse_num(&x, offset, 0, (unsigned long long)1 << 40)) {
            snprintf(msg, sizeof msg, "bad \"offset\": expected a whole number >= 0, not \"%.40s\"",
                     offset);
            return respond_error(rq, MHD_HTTP_BAD_REQUEST, msg);
        }
        q.offset = (size_t)x;
    }
    WITH_READER(rq, st);
    char *doc = NULL;
    int rc = sl_store_events(&doc, st, &q);
    return respond_store(rq, rc, doc);
}

static enum MHD_Result h_compare(request *rq, const char *id)
{
    (void)id;
    const char *a = arg(rq, "a"), *b = arg(rq, "b");
    if (!a || !b)
        return respond_error(rq, MHD_HTTP_BAD_REQUEST,
                             "compare needs two article ids: /api/compare?a=ID&b=ID");
    WITH_READER(rq, st);
    char *doc = NULL;
    int rc = sl_store_compare(&doc, st, a, b);
    return respond_store(rq, rc, doc);
}

static enum MHD_Result h_index(request *rq, const char *id)
{
    (void)id;
    enum MHD_Result ret = MHD_queue_response(rq->conn, MHD_HTTP_OK, rq->s->index);
    log_request(rq, MHD_HTTP_OK);
    return ret;
}

/* ------------------------------------------------------------ POST /api/articles */

/* Reads the body into rq->arts; bad records go to rq->errors.  Returns 0,
 * or answers the request itself (400, 500) and returns 1 with *ret set. */
static int parse_body(request *rq, enum MHD_Result *ret)
{
    sl_reader *r;
    int rc = sl_reader_open_mem(&r, BODY_NAME, rq->body ? rq->body : "", rq->len, NULL);
    if (rc) {
        *ret = respond_error(rq, status_of(rc, sl_errmsg()), sl_errmsg());
        return 1;
    }
    size_t cap = 0, nrec = 0;
    for (;;) {
        sl_article *a;
        rc = sl_reader_next(r, &a);
        if (rc == 0)
            break;
        if (rc == SL_EIO || rc == SL_ENOMEM) {
            sl_reader_free(r);
            *ret = respond_error(rq, MHD_HTTP_INTERNAL_SERVER_ERROR, sl_errmsg());
            return 1;
        }
        nrec++;
        if (rc < 0) {
            /* "request body:N: what" -> {"record":N,"error":"what"} */
            const char *where = sl_reader_where(r), *msg = sl_errmsg();
            const char *colon = strrchr(where, ':');
            size_t wl = strlen(where);
            if (strncmp(msg, where, wl) == 0 && msg[wl] == ':' && msg[wl + 1] == ' ')
                msg += wl + 2;
            if (rq->nerrors < MAX_ERRORS_LISTED) {
                sb_printf(&rq->errors, "%s{\"record\":%s,\"error\":", rq->nerrors ? "," : "",
                          colon ? colon + 1 : "null");
                sb_json_str(&rq->errors, msg);
                sb_puts(&rq->errors, "}");
            }
            rq->nerrors++;
            continue;
        }
        if (rq->narts == cap) {
            size_t ncap = cap ? 2 * cap : 64;
            sl_article **p = realloc(rq->arts, ncap * sizeof *p);
            if (!p) {
                sl_article_free(a);
                sl_reader_free(r);
                *ret = respond_error(rq, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
                return 1;
            }
            rq->arts = p;
            cap = ncap;
        }
        rq->arts[rq->narts++] = a;
    }
    sl_reader_free(r);
    if (rq->errors.oom) {
        *ret = respond_error(rq, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
        return 1;
    }
    if (rq->narts == 0) {
        *ret = respond_error(rq, MHD_HTTP_BAD_REQUEST,
                             nrec ? "no valid article in the request body: nothing stored"
                                  : "no article in the request body");
        return 1;
    }
    return 0;
}

static void release_body(request *rq)
{
    if (rq->counted) {
        pthread_mutex_lock(&rq->s->mu);
        rq->s->buffered -= rq->counted;
        pthread_mutex_unlock(&rq->s->mu);
        rq->counted = 0;
    }
    free(rq->body);
    rq->body = NULL;
    rq->len = rq->cap = 0;
}

/* Appends an upload chunk, within the caps. */
static void take_chunk(request *rq, const char *data, size_t n)
{
    server *s = rq->s;
    if (rq->too_big || rq->no_budget)
        return;
    if (n > s->o.max_body - rq->len) {
        rq->too_big = 1;
        release_body(rq);
        return;
    }
    if (rq->len + n > rq->cap) {
        size_t cap = rq->cap ? rq->cap : 64 << 10;
        while (cap < rq->len + n)
            cap *= 2;
        if (cap > s->o.max_body)
            cap = s->o.max_body;
        pthread_mutex_lock(&s->mu);
        size_t budget = s->o.max_body > SIZE_MAX / BODY_BUDGET_FACTOR
                            ? SIZE_MAX
                            : s->o.max_body * BODY_BUDGET_FACTOR;
        int ok = s->buffered - rq->counted + cap <= budget;
        if (ok)
            s->buffered += cap - rq->counted;
        pthread_mutex_unlock(&s->mu);
        char *p = ok ? realloc(rq->body, cap + 1) : NULL;
        if (!p) {
            if (ok) { /* give the reservation back */
                pthread_mutex_lock(&s->mu);
                s->buffered -= cap - rq->counted;
                pthread_mutex_unlock(&s->mu);
            }
            rq->no_budget = 1;
            release_body(rq);
            return;
        }
        rq->counted = cap;
        rq->body = p;
        rq->cap = cap;
    }
    memcpy(rq->body + rq->len, data, n);
    rq->len += n;
    rq->body[rq->len] = '\0';
}

/* The writer thread: ingests queued batches one at a time. */
static void *writer_main(void *p)
{
    server *s = p;
    pthread_mutex_lock(&s->mu);
    for (;;) {
        while (!s->qhead && !s->stopping)
            pthread_cond_wait(&s->cv, &s->mu);
        request *rq = s->qhead;
        if (!rq)
            break; /* stopping, and nothing left */
        s->qhead = rq->next;
        if (!s->qhead)
            s->qtail = NULL;
        pthread_mutex_unlock(&s->mu);

        rq->rc = sl_store_add(&rq->doc, s->writer, rq->arts, rq->narts);
        if (rq->rc)
            snprintf(rq->msg, sizeof rq->msg, "%s", sl_errmsg());
        struct MHD_Connection *conn = rq->conn;
        pthread_mutex_lock(&s->mu);
        rq->state = RQ_DONE;
        pthread_mutex_unlock(&s->mu);
        MHD_resume_connection(conn); /* rq may be gone from here on */
        pthread_mutex_lock(&s->mu);
        s->batches++; /* after the resume: see sl_cli_server_batches */
    }
    pthread_mutex_unlock(&s->mu);
    return NULL;
}

/* The body is complete: parse it and queue the batch for the writer (the
 * connection is suspended until the writer is done). */
static enum MHD_Result finish_upload(request *rq)
{
    server *s = rq->s;
    enum MHD_Result ret;
    if (rq->too_big) {
        char msg[128];
        snprintf(msg, sizeof msg, "request body over %zu bytes (--max-body)", s->o.max_body);
        return respond_error(rq, MHD_HTTP_CONTENT_TOO_LARGE, msg);
    }
    if (rq->no_budget)
        return respond_error(rq, MHD_HTTP_SERVICE_UNAVAILABLE,
                             "too many request bodies at once: try again");
    int failed = parse_body(rq, &ret);
    release_body(rq);
    if (failed)
        return ret;
    pthread_mutex_lock(&s->mu);
    if (s->stopping) {
        pthread_mutex_unlock(&s->mu);
        return respond_error(rq, MHD_HTTP_SERVICE_UNAVAILABLE, "the server is shutting down");
    }
    MHD_suspend_connection(rq->conn);
    rq->state = RQ_QUEUED;
    s->queued++;
    if (s->qtail)
        s->qtail->next = rq;
    else
        s->qhead = rq;
    s->qtail = rq;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
    return MHD_YES;
}

/* A chunked body went over --max-body.  MHD (0.9.75) takes a response only
 * before the body or after all of it, and would read, for us to drop, a
 * body however long the client makes it: so the 413 is written on the
 * socket here (plain TCP; nothing else is being sent on it while a body
 * comes in), the write side shut, and MHD_NO makes MHD close the
 * connection without reading the rest. */
static enum MHD_Result refuse_upload(request *rq)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(rq->conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    char body[160], msg[512];
    int n = snprintf(body, sizeof body,
                     "{\"error\":\"request body over %zu bytes (--max-body)\",\"status\":%d}",
                     rq->s->o.max_body, MHD_HTTP_CONTENT_TOO_LARGE);
    n = snprintf(msg, sizeof msg,
                 "HTTP/1.1 %d Content Too Large\r\nConnection: close\r\n"
                 "Content-Type: application/json; charset=utf-8\r\nCache-Control: no-store\r\n"
                 "X-Content-Type-Options: nosniff\r\nContent-Length: %d\r\n\r\n%s",
                 MHD_HTTP_CONTENT_TOO_LARGE, n, body);
    if (ci && n > 0 && (size_t)n < sizeof msg) {
        ssize_t w = send(ci->connect_fd, msg, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT);
        (void)w; /* a full send buffer: the client is not reading anyway */
        shutdown(ci->connect_fd, SHUT_WR);
    }
    log_request(rq, MHD_HTTP_CONTENT_TOO_LARGE);
    return MHD_NO;
}

/* The writer is done: 201 when something was added or updated, else 200;
 * the store's document with "errors" added. */
static enum MHD_Result answer_upload(request *rq)
{
    if (rq->rc)
        return respond_error(rq, status_of(rq->rc, rq->msg), rq->msg);
    int changed = 0;
    json_object *o = json_tokener_parse(rq->doc), *v;
    if (o && json_object_object_get_ex(o, "added", &v))
        changed |= json_object_get_int64(v) > 0;
    if (o && json_object_object_get_ex(o, "updated", &v))
        changed |= json_object_get_int64(v) > 0;
    json_object_put(o);
    strbuf e = {0};
    sb_puts(&e, "[");
    if (rq->errors.p)
        sb_puts(&e, rq->errors.p);
    sb_puts(&e, "]");
    char *full = e.oom ? NULL : json_with_field(rq->doc, "errors", e.p, 0);
    free(e.p);
    if (!full)
        return respond_error(rq, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    return respond_json(rq, changed ? MHD_HTTP_CREATED : MHD_HTTP_OK, full);
}

/* ------------------------------------------------------------ routing */

static const route routes[] = {
    {"/healthz", 0, 0, h_healthz},
    {"/api/articles", 0, 1, NULL}, /* POST: finish_upload / answer_upload */
    {"/api/articles/", 1, 0, h_article},
    {"/api/events", 0, 0, h_events},
    {"/api/events/", 1, 0, h_event},
    {"/api/storylines/", 1, 0, h_storyline},
    {"/api/compare", 0, 0, h_compare},
    {"/", 0, 0, h_index},
    {"/index.html", 0, 0, h_index},
};

/* The route of url: NULL when no path matches (*allow NULL: 404) or the
 * method does not (*allow: what it does allow: 405). */
static const route *find_route(const char *url, const char *method, const char **allow)
{
    int post = strcmp(method, MHD_HTTP_METHOD_POST) == 0;
    int get = strcmp(method, MHD_HTTP_METHOD_GET) == 0 || strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
    *allow = NULL;
    for (size_t i = 0; i < sizeof routes / sizeof *routes; i++) {
        const route *rt = &routes[i];
        size_t n = strlen(rt->path);
        if (rt->prefix ? strncmp(url, rt->path, n) != 0 || !url[n] : strcmp(url, rt->path) != 0)
            continue;
        if (rt->post ? post : get)
            return rt;
        *allow = rt->post ? "POST" : "GET, HEAD";
    }
    return NULL;
}

/* Called by MHD when the headers are in (rq is new: route it), for each
 * chunk of the body, and once the request is complete (*upload_size 0),
 * when it is answered.  Answering at the first call would make MHD close
 * the connection (it takes the request for unread), so only a body known
 * to be too large is answered there. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_size, void **ctx)
{
    (void)version;
    server *s = cls;
    request *rq = *ctx;
    if (!rq) {
        if (!(rq = calloc(1, sizeof *rq)))
            return MHD_NO;
        *ctx = rq;
        rq->s = s;
        rq->conn = conn;
        rq->t0 = now();
        rq->method = method;
        rq->url = url;
        rq->rt = find_route(url, method, &rq->allow);
        const char *cl =
            MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        unsigned long long n;
        if (rq->rt && rq->rt->post && cl && parse_num(&n, cl, 0, ULLONG_MAX) == 0 &&
            n > s->o.max_body) {
            rq->too_big = 1;
            return finish_upload(rq); /* 413 before the body is sent */
        }
        return MHD_YES;
    }
    if (*upload_size) { /* a body: kept for a POST, ignored otherwise */
        if (rq->rt && rq->rt->post)
            take_chunk(rq, upload_data, *upload_size);
        *upload_size = 0;
        /* over the cap mid-body: only a chunked body (MHD holds the
         * others to their Content-Length, checked at the first call) */
        return rq->too_big ? refuse_upload(rq) : MHD_YES;
    }
    if (!rq->rt)
        return rq->allow ? respond_error_allow(rq, MHD_HTTP_METHOD_NOT_ALLOWED,
                                               "method not allowed", rq->allow)
                         : respond_error(rq, MHD_HTTP_NOT_FOUND, "no such path");
    if (!rq->rt->post)
        return rq->rt->fn(rq, url + strlen(rq->rt->path));
    pthread_mutex_lock(&s->mu); /* the writer sets RQ_DONE */
    enum rq_state state = rq->state;
    pthread_mutex_unlock(&s->mu);
    if (state == RQ_NEW)
        return finish_upload(rq);
    if (state == RQ_DONE)
        return answer_upload(rq);
    return MHD_YES; /* queued: not called while suspended */
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **ctx,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)conn;
    (void)toe;
    request *rq = *ctx;
    if (!rq)
        return;
    release_body(rq);
    for (size_t i = 0; i < rq->narts; i++)
        sl_article_free(rq->arts[i]);
    free(rq->arts);
    free(rq->errors.p);
    free(rq->doc);
    free(rq);
    *ctx = NULL;
}

static int hexval(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* Decodes %XX escapes in place (MHD calls this for the path and for each
 * query key and value, after turning '+' into ' ' in the query).  "%00"
 * is kept as it is: a NUL would cut an id short.  Returns the new length. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
    (void)cls;
    (void)c;
    char *w = s;
    for (const char *r = s; *r; r++) {
        int hi, lo;
        if (r[0] == '%' && (hi = hexval(r[1])) >= 0 && (lo = hexval(r[2])) >= 0 &&
            (hi | lo) != 0) {
            *w++ = (char)(hi << 4 | lo);
            r += 2;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
    return (size_t)(w - s);
}

/* --max-connections.  At its own connection limit MHD stops accepting:
 * further clients then wait in the kernel's listen queue, behind idle
 * connections that hold the places until the idle timeout, and a client
 * that would be answered at once hangs for (queue / limit) timeouts.  So
 * MHD's limit is set above --max-connections and this accept policy
 * closes each connection over it at once (a worker thread or so may
 * overshoot by one: the count is taken when MHD starts a connection). */
static enum MHD_Result on_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
    server *s = cls;
    (void)addr;
    (void)addrlen;
    return atomic_load(&s->conns) < s->o.max_conn ? MHD_YES : MHD_NO;
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_ctx,
                          enum MHD_ConnectionNotificationCode toe)
{
    server *s = cls;
    (void)conn;
    (void)socket_ctx;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED)
        atomic_fetch_add(&s->conns, 1);
    else if (toe == MHD_CONNECTION_NOTIFY_CLOSED)
        atomic_fetch_sub(&s->conns, 1);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    const server *s = cls;
    if (!s->o.verbose)
        return;
    fputs("storyline: ", stderr);
    vfprintf(stderr, fmt, ap);
}

/* ------------------------------------------------------------ startup */

/* Resolves o->bind into *ss (port set); its printable form into host. */
static int resolve_bind(struct sockaddr_storage *ss, socklen_t *sslen, char *host, size_t cap,
                        const serve_opts *o)
{
    char name[256];
    const char *b = o->bind;
    size_t n = strlen(b);
    if (n >= 2 && b[0] == '[' && b[n - 1] == ']' && n - 2 < sizeof name) {
        memcpy(name, b + 1, n - 2);
        name[n - 2] = '\0';
        b = name;
    }
    struct addrinfo hints, *ai = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    int rc = getaddrinfo(b, NULL, &hints, &ai);
    if (rc) {
        err("--bind %s: %s", o->bind, gai_strerror(rc));
        return -1;
    }
    memset(ss, 0, sizeof *ss);
    memcpy(ss, ai->ai_addr, ai->ai_addrlen);
    *sslen = ai->ai_addrlen;
    freeaddrinfo(ai);
    if (ss->ss_family == AF_INET) {
        struct sockaddr_in *in = (struct sockaddr_in *)(void *)ss;
        in->sin_port = htons((uint16_t)o->port);
        inet_ntop(AF_INET, &in->sin_addr, host, (socklen_t)cap);
    } else {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)(void *)ss;
        char a[INET6_ADDRSTRLEN];
        in6->sin6_port = htons((uint16_t)o->port);
        inet_ntop(AF_INET6, &in6->sin6_addr, a, sizeof a);
        snprintf(host, cap, "[%s]", a);
    }
    return 0;
}

/* Stops the writer after the batches already queued. */
static void stop_writer(server *s)
{
    pthread_mutex_lock(&s->mu);
    s->stopping = 1;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
    pthread_join(s->writer_tid, NULL);
}

/* Sets up s (s->o filled in) up to listening: opens the writer's store
 * (so that the file exists and is a store), builds the web view's
 * response, starts the writer thread.  Returns 0, or 1 with a message
 * printed and nothing left to undo. */
static int server_init(server *s)
{
    if (sl_store_open(&s->writer, s->o.db, NULL, SL_STORE_CREATE)) {
        err("%s", sl_errmsg());
        return 1;
    }
    s->index = MHD_create_response_from_buffer((size_t)cli_web_index_len,
                                               (void *)(uintptr_t)cli_web_index,
                                               MHD_RESPMEM_PERSISTENT);
    if (!s->index) {
        err("out of memory");
        sl_store_close(s->writer);
        return 1;
    }
    MHD_add_response_header(s->index, MHD_HTTP_HEADER_CONTENT_TYPE, "text/html; charset=utf-8");
    MHD_add_response_header(s->index, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    MHD_add_response_header(s->index, "X-Content-Type-Options", "nosniff");
    atomic_init(&s->conns, 0);
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    pthread_key_create(&s->key, reader_slot_close);
    if (pthread_create(&s->writer_tid, NULL, writer_main, s) != 0) {
        err("cannot start the writer thread");
        pthread_key_delete(s->key);
        pthread_cond_destroy(&s->cv);
        pthread_mutex_destroy(&s->mu);
        MHD_destroy_response(s->index);
        sl_store_close(s->writer);
        return 1;
    }
    return 0;
}

/* Undoes server_init once the writer is stopped and MHD with it: closes
 * the readers' handles no key destructor closed, and the writer's. */
static void server_fini(server *s)
{
    pthread_mutex_lock(&s->mu);
    reader_slot *slot = s->readers;
    s->readers = NULL;
    pthread_mutex_unlock(&s->mu);
    while (slot) {
        reader_slot *next = slot->next;
        sl_store_close(slot->st);
        free(slot);
        slot = next;
    }
    pthread_key_delete(s->key);
    MHD_destroy_response(s->index);
    sl_store_close(s->writer);
    pthread_cond_destroy(&s->cv);
    pthread_mutex_destroy(&s->mu);
}

/* Starts MHD with the options of s->o; sa NULL: no listening socket. */
static struct MHD_Daemon *start_daemon(server *s, unsigned flags, const struct sockaddr *sa)
{
    return MHD_start_daemon(
        flags, (uint16_t)s->o.port, on_accept, s, on_request, s,
        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, s, /* first: it covers the others */
        MHD_OPTION_SOCK_ADDR, sa,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)s->o.threads,
        /* above --max-connections, which on_accept keeps (each worker
         * thread gets its share of MHD's limit) */
        MHD_OPTION_CONNECTION_LIMIT, (unsigned int)(2 * s->o.max_conn + s->o.threads),
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)s->o.timeout,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_MEMORY,
        MHD_OPTION_CONNECTION_MEMORY_INCREMENT, (size_t)CONN_READ_INCREMENT,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
        MHD_OPTION_UNESCAPE_CALLBACK, unescape, s,
        MHD_OPTION_END);
}

int sl_cli_serve(int argc, char **argv)
{
    server s;
    memset(&s, 0, sizeof s);
    s.o.db = "storyline.db";
    s.o.bind = "127.0.0.1";
    s.o.port = 8080;
    s.o.threads = 4;
    s.o.max_body = (size_t)16 << 20;
    s.o.max_conn = 256;
    s.o.timeout = 30;
    int rc = parse_serve_opts(&s.o, argc, argv);
    if (rc >= 0)
        return rc;

    struct sockaddr_storage ss;
    socklen_t sslen;
    char host[INET6_ADDRSTRLEN + 2];
    if (resolve_bind(&ss, &sslen, host, sizeof host, &s.o))
        return 1;

    /* Every thread started from here on blocks the stop signals; the main
     * thread takes them with sigwait. */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);

    /* The writer first: the file exists and is a store before we listen. */
    if (server_init(&s))
        return 1;

    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_ALLOW_SUSPEND_RESUME |
                     MHD_USE_ERROR_LOG;
    if (ss.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    struct MHD_Daemon *d = start_daemon(&s, flags, (struct sockaddr *)&ss);
    if (!d) {
        err("cannot listen on %s:%u%s%s", host, s.o.port, errno ? ": " : "",
            errno ? strerror(errno) : "");
        stop_writer(&s);
        server_fini(&s);
        return 1;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = di && di->port ? di->port : s.o.port;
    (void)sslen;
    if (!s.o.quiet) {
        fprintf(stderr, "storyline: serving %s on http://%s:%u/\n", s.o.db, host, port);
        fflush(stderr);
    }

    int sig = 0;
    while (sigwait(&sigs, &sig) != 0)
        ;
    if (!s.o.quiet)
        err("%s: stopping", sig == SIGINT ? "SIGINT" : "SIGTERM");
    stop_writer(&s);    /* finishes the queued batches, resumes them */
    MHD_stop_daemon(d); /* joins the workers: their key destructors run */
    server_fini(&s);
    return 0;
}

/* ------------------------------------------------------------ in-process server (fuzzing) */

struct sl_cli_server {
    server s;
    struct MHD_Daemon *d;
};

sl_cli_server *sl_cli_server_start(const char *db, size_t max_body, unsigned timeout)
{
    sl_cli_server *srv = calloc(1, sizeof *srv);
    if (!srv) {
        err("out of memory");
        return NULL;
    }
    server *s = &srv->s;
    s->o.db = db;
    s->o.bind = "";
    s->o.threads = 1;
    s->o.max_body = max_body;
    s->o.max_conn = 16;
    s->o.timeout = timeout;
    s->o.quiet = 1;
    signal(SIGPIPE, SIG_IGN);
    if (server_init(s)) {
        free(srv);
        return NULL;
    }
    /* external polling (sl_cli_server_run); MHD 0.9.75's MHD_run_wait is
     * not woken by the writer's MHD_resume_connection: the caller polls */
    srv->d = start_daemon(s, MHD_USE_NO_LISTEN_SOCKET | MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME |
                                 MHD_USE_ERROR_LOG, NULL);
    if (!srv->d) {
        err("cannot start the HTTP server");
        stop_writer(s);
        server_fini(s);
        free(srv);
        return NULL;
    }
    return srv;
}

int sl_cli_server_add_connection(sl_cli_server *srv, int fd)
{
    struct sockaddr_in sin; /* what -v would log: a made-up loopback peer */
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return MHD_add_connection(srv->d, fd, (const struct sockaddr *)&sin, sizeof sin) == MHD_YES
               ? 0
               : -1;
}

void sl_cli_server_run(sl_cli_server *srv, int wait_ms)
{
    MHD_run_wait(srv->d, wait_ms);
}

unsigned sl_cli_server_connections(sl_cli_server *srv)
{
    const union MHD_DaemonInfo *di =
        MHD_get_daemon_info(srv->d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
    return di ? di->num_connections : 0;
}

unsigned long sl_cli_server_batches(sl_cli_server *srv, unsigned long *pending)
{
    pthread_mutex_lock(&srv->s.mu);
    unsigned long n = srv->s.batches;
    if (pending)
        *pending = srv->s.queued - srv->s.batches;
    pthread_mutex_unlock(&srv->s.mu);
    return n;
}

void sl_cli_server_stop(sl_cli_server *srv)
{
    if (!srv)
        return;
    stop_writer(&srv->s);
    MHD_stop_daemon(srv->d);
    server_fini(&srv->s);
    free(srv);
}
