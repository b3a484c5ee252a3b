/* error.c - per-thread error messages and static error names. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

static _Thread_local char errmsg[1024];

const char *sl_strerror(int code)
{
    switch (code) {
    case SL_OK: return "success";
    case SL_ENOMEM: return "out of memory";
    case SL_EINVAL: return "invalid argument";
    case SL_EIO: return "input/output error";
    case SL_EPARSE: return "malformed record";
    case SL_EUTF8: return "invalid UTF-8";
    case SL_EEMPTY: return "missing id or text";
    case SL_EDUPID: return "duplicate id";
    case SL_ETOOBIG: return "article too large";
    case SL_ENOTFOUND: return "not found";
    case SL_EFORMAT: return "unsupported format";
    case SL_EDB: return "database error";
    case SL_ESCHEMA: return "not a storyline database of this schema version";
    default: return "unknown error";
    }
}

const char *sl_errmsg(void) { return errmsg; }

const char *sl_version(void) { return SL_VERSION_STRING; }

int sl__vfail(int code, const char *fmt, va_list ap)
{
    vsnprintf(errmsg, sizeof errmsg, fmt, ap);
    return code;
}

int sl__fail(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sl__vfail(code, fmt, ap);
    va_end(ap);
    return code;
}

int sl__nomem(void) { return sl__fail(SL_ENOMEM, "out of memory"); }
