/* report.c - placeholder, being written */
#include <stdio.h>
#include "cli.h"
int sl_cli_report(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("storyline: report: not built yet\n", stderr);
    return 2;
}
