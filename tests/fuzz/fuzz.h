/*
 * fuzz.h - helpers shared by the fuzz targets (tests/fuzz/fuzz_*.c).
 *
 * A target defines LLVMFuzzerTestOneInput() and may define
 * LLVMFuzzerInitialize(); it is linked either with libFuzzer (`make fuzz`,
 * build-fuzz/fuzzer/NAME) or with the plain replay driver tests/fuzz/replay.c
 * (every build, $(BUILD)/fuzz/NAME, run by tests/e2e/fuzz_replay.sh).
 *
 * Rules for a target: no output, no state kept from one input to the next
 * (caches of immutable objects excepted), nothing leaked, files only under
 * the private directory fz_tmpdir() (removed at exit).  A broken invariant
 * is reported with FZ_CHECK, which aborts: libFuzzer and the replay driver
 * both count that as a crash.
 */
#ifndef SL_FUZZ_H
#define SL_FUZZ_H

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json_object.h>
#include <json-c/json_tokener.h>

#include "storyline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FZ_CHECK(cond)                                                              \
    do {                                                                            \
        if (!(cond)) {                                                              \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                                \
        }                                                                           \
    } while (0)

/* Removes `path` and, when it is a directory, everything under it.  Best
 * effort; returns 0 when path is gone. */
static inline int fz_rmtree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT ? 0 : -1;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d))) {
                if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                    continue;
                size_t n = strlen(path) + strlen(e->d_name) + 2;
                char *sub = malloc(n);
                if (!sub)
                    break;
                snprintf(sub, n, "%s/%s", path, e->d_name);
                fz_rmtree(sub);
                free(sub);
            }
            closedir(d);
        }
        return rmdir(path);
    }
    return unlink(path);
}

static char fz__dir[4096];

static inline void fz__cleanup(void)
{
    if (fz__dir[0])
        fz_rmtree(fz__dir);
    fz__dir[0] = '\0';
}

/* The process's private temporary directory, "$TMPDIR/sl-fuzz-XXXXXX"
 * (or under /tmp), created on first use and removed at exit.  Aborts when
 * it cannot be created. */
static inline const char *fz_tmpdir(void)
{
    if (fz__dir[0])
        return fz__dir;
    const char *t = getenv("TMPDIR");
    if (!t || !*t || strlen(t) > sizeof fz__dir - 32)
        t = "/tmp";
    snprintf(fz__dir, sizeof fz__dir, "%s/sl-fuzz-XXXXXX", t);
    if (!mkdtemp(fz__dir)) {
        perror("fuzz: mkdtemp");
        abort();
    }
    atexit(fz__cleanup);
    return fz__dir;
}

/* Writes data[0..n) to `path` (created or truncated).  Returns 0, or -1
 * (errno set) when the file system refused: the caller skips that file. */
static inline int fz_write(const char *path, const void *data, size_t n)
{
    FILE *fp = fopen(path, "wb");
    if (!fp)
        return -1;
    size_t w = n ? fwrite(data, 1, n, fp) : 0;
    int rc = fclose(fp);
    return w == n && rc == 0 ? 0 : -1;
}

/* A NUL-terminated copy of data[0..n) in which every byte that is not part
 * of valid UTF-8 and every NUL byte is replaced by `sub` (an ASCII byte):
 * lets targets that need valid UTF-8 text use every input.  Caller frees;
 * aborts when out of memory. */
static inline char *fz_utf8_copy(const uint8_t *data, size_t n, char sub)
{
    char *s = malloc(n + 1);
    if (!s)
        abort();
    size_t i = 0;
    while (i < n) {
        unsigned c = data[i];
        size_t need = c < 0x80 ? 0 : c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2
                                 : c >= 0xF0 && c <= 0xF4 ? 3 : 4;
        int ok = need < 4 && i + need < n;
        for (size_t k = 1; ok && k <= need; k++)
            ok = (data[i + k] & 0xC0) == 0x80;
        /* overlongs and surrogates of 3-byte forms, > U+10FFFF of 4-byte */
        if (ok && need == 2)
            ok = !(c == 0xE0 && data[i + 1] < 0xA0) && !(c == 0xED && data[i + 1] >= 0xA0);
        if (ok && need == 3)
            ok = !(c == 0xF0 && data[i + 1] < 0x90) && !(c == 0xF4 && data[i + 1] >= 0x90);
        if (!ok) {
            s[i++] = sub;
            continue;
        }
        if (need == 0 && c == 0)
            s[i] = sub;
        else
            memcpy(s + i, data + i, need + 1);
        i += need + 1;
    }
    s[n] = '\0';
    return s;
}

/* 1 when s is valid UTF-8, as the library judges it (through
 * sl_article_set); aborts when out of memory. */
static inline int fz_valid_utf8(const char *s)
{
    sl_article *a;
    if (sl_article_new(&a))
        abort();
    int rc = sl_article_set(a, "title", s);
    sl_article_free(a);
    FZ_CHECK(rc != SL_ENOMEM);
    return rc == SL_OK;
}

/* Reader caps from one input byte b0 (its low nibble and bits 4-5): an
 * article cap from 64 bytes to 64 KiB, a line cap of the default, equal,
 * half or four times that.  The rest of *o is left as it is. */
static inline void fz_read_caps(sl_read_options *o, unsigned b0)
{
    o->max_article_bytes = (size_t)64 << (b0 % 16 % 11);
    switch ((b0 >> 4) & 3) {
    case 0: o->max_line_bytes = 0; break;
    case 1: o->max_line_bytes = o->max_article_bytes; break;
    case 2: o->max_line_bytes = o->max_article_bytes / 2; break;
    default: o->max_line_bytes = 4 * o->max_article_bytes; break;
    }
}

/* Aborts unless js parses, in json-c's strict mode, as one JSON object. */
static inline void fz_check_json_object(const char *js)
{
    json_tokener *tok = json_tokener_new();
    FZ_CHECK(tok != NULL);
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
    json_object *obj = json_tokener_parse_ex(tok, js, (int)strlen(js) + 1);
    if (json_tokener_get_error(tok) != json_tokener_success ||
        !json_object_is_type(obj, json_type_object)) {
        fprintf(stderr, "not a JSON object: %s\n", js);
        abort();
    }
    json_object_put(obj);
    json_tokener_free(tok);
}

#endif /* SL_FUZZ_H */
