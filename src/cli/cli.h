/*
 * cli.h - commands of the storyline command that live outside main.c.
 * Each takes the command's own argument vector (argv[0] is the command
 * name), parses its options, prints its results and messages, and returns
 * the exit status: 0 success, 1 errors, 2 bad usage.  Like main.c they use
 * only the public API (storyline.h).
 */
#ifndef SL_CLI_H
#define SL_CLI_H

#include <stddef.h>

/* storyline eval --gold GOLD.tsv [--format text|json] [-q] PRED
 * Scores the clustering PRED (TSV id<TAB>cluster, or JSON Lines with "id"
 * and "event"/"cluster"/"event_id"/"cluster_id") against GOLD.tsv (a header
 * line, then id<TAB>event[<TAB>topic]).  argv[0] is "eval". */
int sl_cli_eval(int argc, char **argv);

/* storyline serve [--db PATH] [--bind ADDR] [--port N] ...: the HTTP API
 * and the web view (src/cli/serve.c).  argv[0] is "serve". */
int sl_cli_serve(int argc, char **argv);

/* The server of `storyline serve` in-process, without a listening socket
 * and without worker threads, for tests/fuzz/fuzz_http.c: the same
 * handlers, MHD options and writer thread, on the store DB (created if
 * missing), at most max_body bytes a POST body, connections idle for
 * `timeout` seconds closed (0: never).  The caller hands it connected
 * sockets (sl_cli_server_add_connection: MHD owns and closes fd, even on
 * failure) and turns its event loop (sl_cli_server_run: waits at most
 * wait_ms for something to do, then does it); sl_cli_server_connections
 * counts the connections MHD still holds, sl_cli_server_batches the POST
 * batches ingested so far (*pending, unless NULL: those queued and not yet
 * ingested).  start returns NULL with a message printed on
 * failure; stop finishes the queued batches and frees everything. */
typedef struct sl_cli_server sl_cli_server;
sl_cli_server *sl_cli_server_start(const char *db, size_t max_body, unsigned timeout);
int sl_cli_server_add_connection(sl_cli_server *srv, int fd);
void sl_cli_server_run(sl_cli_server *srv, int wait_ms);
unsigned sl_cli_server_connections(sl_cli_server *srv);
unsigned long sl_cli_server_batches(sl_cli_server *srv, unsigned long *pending);
void sl_cli_server_stop(sl_cli_server *srv);

/* storyline report [--db PATH] -o FILE: the web view with the collection
 * embedded, as one static HTML file (src/cli/report.c).  argv[0] is
 * "report". */
int sl_cli_report(int argc, char **argv);

/* "storyline: MESSAGE" on stderr (src/cli/msg.c). */
void sl_cli_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "storyline: CMD: MESSAGE" and a pointer to CMD --help on stderr; returns
 * 2, the exit status of bad usage. */
int sl_cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The web view (web/index.html), compiled in by tools/embed.sh. */
extern const unsigned char cli_web_index[];
extern const unsigned long cli_web_index_len;

#endif /* SL_CLI_H */
