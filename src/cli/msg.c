/* msg.c - messages shared by the commands that live outside main.c. */
#include <stdarg.h>
#include <stdio.h>

#include "cli.h"

void sl_cli_err(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("storyline: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int sl_cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "storyline: %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nTry 'storyline %s --help'.\n", cmd);
    va_end(ap);
    return 2;
}
