/* testutil.h - common includes for the cmocka unit tests. */
#ifndef SL_TESTUTIL_H
#define SL_TESTUTIL_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"
#include "storyline.h"

/* Directory of test data files; tests run from the repository root. */
#define SL_TEST_DATA "tests/data"
#endif
