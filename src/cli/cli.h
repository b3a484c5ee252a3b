/*
 * cli.h - commands of the storyline command that live outside main.c.
 * Each takes the command's own argument vector (argv[0] is the command
 * name), parses its options, prints its results and messages, and returns
 * the exit status: 0 success, 1 errors, 2 bad usage.  Like main.c they use
 * only the public API (storyline.h).
 */
#ifndef SL_CLI_H
#define SL_CLI_H

/* storyline eval --gold GOLD.tsv [--format text|json] [-q] PRED
 * Scores the clustering PRED (TSV id<TAB>cluster, or JSON Lines with "id"
 * and "event"/"cluster"/"event_id"/"cluster_id") against GOLD.tsv (a header
 * line, then id<TAB>event[<TAB>topic]).  argv[0] is "eval". */
int sl_cli_eval(int argc, char **argv);

/* storyline serve [--db PATH] [--bind ADDR] [--port N] ...: the HTTP API
 * and the web view (src/cli/serve.c).  argv[0] is "serve". */
int sl_cli_serve(int argc, char **argv);

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
