/*
 * fuzz_http.c - raw bytes as one HTTP connection to the server of
 * `storyline serve`: libmicrohttpd's own parser, then our routing,
 * unescaping, handlers and POST ingestion (src/cli/serve.c).
 *
 * Set up once: a small store in fz_tmpdir() (articles forming events and
 * storylines, ids with path characters), kept as a pristine copy, and the
 * in-process server (sl_cli_server_*: no listening socket, MHD's event
 * loop turned here, the writer thread of POSTs) on a working copy with a
 * 4 KiB body cap.  Per input: a socketpair, one end handed to MHD, the
 * input written to the other end, which is half-closed once the server is
 * quiet; the event loop is turned until the response has been read to EOF
 * and MHD has let the connection go.  When an input got a batch ingested,
 * the server is restarted on a fresh copy of the pristine store, so every
 * input meets the same store.
 *
 * FUZZ_HTTP_ECHO=1 in the environment copies each response to stderr.
 *
 * Checks beyond the sanitizers: no "500" answer (the server's own errors
 * are 4xx; 503 only when busy), and the connection ends within 10 s.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "fuzz.h"
#include "storyline.h"

#define BODY_CAP 4096 /* --max-body of the fuzzed server */

/* The store: two reports of one event, a third, an unrelated pair, and
 * ids with path characters and escapes. */
static const char store_articles[] =
    "{\"id\":\"a1\",\"title\":\"Fire at Rotterdam chemical plant\",\"published\":\"2013-02-04\","
    "\"text\":\"Firefighters put out a large fire at a chemical plant in Rotterdam on Monday, the "
    "city said. Nobody was hurt, the mayor Ahmed Aboutaleb told reporters.\"}\n"
    "{\"id\":\"a2\",\"title\":\"Rotterdam plant fire put out\",\"published\":\"2013-02-04\","
    "\"text\":\"Firefighters put out a large fire at a chemical plant in Rotterdam on Monday, the "
    "city said. Nobody was hurt, mayor Ahmed Aboutaleb told reporters on Monday evening.\"}\n"
    "{\"id\":\"a3\",\"published\":\"2013-02-05\",\"text\":\"A day after the fire at the "
    "Rotterdam chemical plant, \\\"the air is safe\\\", the city's health service said on "
    "Tuesday.\"}\n"
    "{\"id\":\"b1\",\"title\":\"Bank robbery in Lyon\",\"published\":\"2012-11-20\","
    "\"text\":\"Police in Lyon arrested two men after a bank robbery on Tuesday morning, "
    "officials said.\"}\n"
    "{\"id\":\"a b/../c \\u00e9%2F\",\"text\":\"Heavy rain flooded streets in Valencia on "
    "Wednesday, and schools were closed.\"}\n"
    "{\"id\":\"..\\\\x\",\"text\":\"An earthquake of magnitude 5.1 shook northern Chile on "
    "Friday, the geological survey said.\"}\n";

static sl_cli_server *srv;
static char dir[4096], db[4200], pristine[4200];
static unsigned long batches_seen;
static int echo; /* FUZZ_HTTP_ECHO set */

static int copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : NULL;
    char buf[1 << 15];
    size_t n;
    int ok = in && out;
    while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0)
        ok = fwrite(buf, 1, n, out) == n;
    if (in)
        fclose(in);
    if (out && fclose(out))
        ok = 0;
    return ok ? 0 : -1;
}

static void remove_db(const char *path)
{
    char p[4300];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

/* Registered after fz_tmpdir's own cleanup, so run before it. */
static void stop_server(void)
{
    sl_cli_server_stop(srv);
    srv = NULL;
}

static void die(const char *what)
{
    fprintf(stderr, "fuzz_http: %s: %s\n", what, sl_errmsg());
    abort();
}

/* The server on a fresh copy of the pristine store. */
static void start_server(void)
{
    remove_db(db);
    if (copy_file(pristine, db))
        die("cannot copy the store");
    if (!(srv = sl_cli_server_start(db, BODY_CAP, 5)))
        die("cannot start the server");
    batches_seen = sl_cli_server_batches(srv, NULL);
}

static void setup(void)
{
    /* the store lives in fz_tmpdir(): under $TMPDIR, else /dev/shm when
     * there is one (on a disk each ingested batch waits about 25 ms for
     * its fsync), else /tmp */
    const char *tmp = getenv("TMPDIR");
    struct stat st_shm;
    if ((!tmp || !*tmp) && stat("/dev/shm", &st_shm) == 0 && S_ISDIR(st_shm.st_mode) &&
        access("/dev/shm", W_OK) == 0)
        setenv("TMPDIR", "/dev/shm", 1);
    echo = getenv("FUZZ_HTTP_ECHO") != NULL;
    snprintf(dir, sizeof dir, "%s", fz_tmpdir());
    snprintf(db, sizeof db, "%s/serve.db", dir);
    snprintf(pristine, sizeof pristine, "%s/pristine.db", dir);
    sl_store *st;
    sl_reader *r;
    sl_article *arts[16];
    size_t n = 0;
    char *doc = NULL;
    if (sl_store_open(&st, pristine, NULL, SL_STORE_CREATE))
        die("sl_store_open");
    if (sl_reader_open_mem(&r, "store", store_articles, sizeof store_articles - 1, NULL))
        die("sl_reader_open_mem");
    while (n < 16 && sl_reader_next(r, &arts[n]) > 0)
        n++;
    sl_reader_free(r);
    if (n != 6 || sl_store_add(&doc, st, arts, n))
        die("sl_store_add");
    free(doc);
    for (size_t i = 0; i < n; i++)
        sl_article_free(arts[i]);
    sl_store_close(st); /* checkpoints: the store is one file */
    atexit(stop_server);
    start_server();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (!srv)
        setup();
    return 0;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!srv)
        setup();
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
        die("socketpair");
    fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK);
    if (sl_cli_server_add_connection(srv, sv[1])) /* MHD closed sv[1] */
        die("MHD_add_connection");
    size_t off = 0, got = 0;
    int writing = 1, eof = 0, quiet = 0;
    char head[16], buf[1 << 16];
    double t0 = now_s();
    for (;;) {
        /* the input goes in as fast as the server takes it; once it is
         * all in, the connection is half-closed when the server is quiet
         * (no batch pending, nothing sent during two turns): MHD closes a
         * connection at EOF, even one whose answer is still to come */
        unsigned long pending, pending_after;
        if (writing && off < size) {
            ssize_t n = send(sv[0], data + off, size - off, MSG_NOSIGNAL);
            if (n > 0)
                off += (size_t)n;
            else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
                writing = 0; /* the server closed: it answered early */
        }
        sl_cli_server_batches(srv, &pending); /* resumes done before the turn */
        if (pending) { /* MHD_run_wait is not woken by the writer's resume */
            struct timespec ts = {0, 100000};
            nanosleep(&ts, NULL);
        }
        sl_cli_server_run(srv, writing || pending ? 0 : 10);
        sl_cli_server_batches(srv, &pending_after); /* batches queued in the turn */
        size_t before = got;
        while (!eof) {
            ssize_t n = recv(sv[0], buf, sizeof buf, 0);
            if (n > 0) {
                if (got < sizeof head)
                    memcpy(head + got, buf,
                           (size_t)n < sizeof head - got ? (size_t)n : sizeof head - got);
                got += (size_t)n;
                if (echo)
                    fwrite(buf, 1, (size_t)n, stderr);
            } else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
                eof = 1;
            } else {
                break;
            }
        }
        quiet = !pending && !pending_after && got == before ? quiet + 1 : 0;
        if (writing && off == size && quiet >= 2) {
            shutdown(sv[0], SHUT_WR);
            writing = 0;
        }
        if (eof && sl_cli_server_connections(srv) == 0)
            break;
        FZ_CHECK(now_s() - t0 < 10); /* the connection ends */
    }
    close(sv[0]);
    if (echo)
        fprintf(stderr, "\n-- %zu bytes in, %zu bytes out\n", size, got);
    /* never a 500: bad requests are 4xx, 503 only when busy */
    FZ_CHECK(!(got >= 12 && memcmp(head, "HTTP/1.", 7) == 0 && memcmp(head + 8, " 500", 4) == 0));
    if (sl_cli_server_batches(srv, NULL) != batches_seen) { /* the store changed */
        sl_cli_server_stop(srv);
        start_server();
    }
    return 0;
}
