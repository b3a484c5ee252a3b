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

#endif /* SL_CLI_H */
