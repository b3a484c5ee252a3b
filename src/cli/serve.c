/* serve.c - placeholder, being written */
#include <stdio.h>
#include "cli.h"
int sl_cli_serve(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("storyline: serve: not built yet\n", stderr);
    return 2;
}
