/*
 * fuzz_dir.c - the directory reader: file kinds by name, .txt articles
 * (title guess, BOM, caps, file names as ids), JSON Lines files in the
 * directory, entries that are not regular files.
 *
 * Input: one control byte, then up to 8 entries, each introduced by the
 * separator "\n==> ":
 *     CONTROL [ignored] "\n==> " NAME "\n" CONTENT "\n==> " NAME "\n" ...
 *   control: bits 0-3  max_article_bytes = 64 << (bits % 11);
 *            bits 4-5  max_line_bytes mode as in fuzz_jsonl;
 *            bit 6     also open each .txt file on its own.
 *   NAME: at most 80 bytes; '/' becomes '_' and an empty name, "." or ".."
 *   is replaced by "fN.txt"; a name ending in '/' is a subdirectory (the
 *   CONTENT is ignored), one ending in '@' a symbolic link to the entry
 *   named by CONTENT (a dangling link when there is none; the '/' or '@'
 *   is not part of the name).  Any other byte
 *   (invalid UTF-8, controls, spaces) is kept: the file system allows them.
 * The entries are written into a fresh directory under the private temp
 * dir, which is then read to its end with sl_reader_open and removed.
 */
#include "fuzz.h"

#define SEP "\n==> "
#define SEPLEN 5
#define MAXFILES 8
#define MAXNAME 80

static const uint8_t *find_sep(const uint8_t *p, const uint8_t *end)
{
    while ((size_t)(end - p) >= SEPLEN) {
        const uint8_t *q = memchr(p, '\n', (size_t)(end - p));
        if (!q || (size_t)(end - q) < SEPLEN)
            return NULL;
        if (!memcmp(q, SEP, SEPLEN))
            return q;
        p = q + 1;
    }
    return NULL;
}

/* Reads everything from r; checks the contracts.  Returns articles read. */
static size_t drain(sl_reader *r, size_t cap)
{
    size_t n = 0, calls = 0;
    for (;;) {
        sl_article *a = NULL;
        int rc = sl_reader_next(r, &a);
        FZ_CHECK(++calls < 100000);
        if (rc == 0)
            break;
        if (rc < 0) {
            FZ_CHECK(a == NULL && sl_errmsg()[0]);
            if (rc == SL_EIO || rc == SL_ENOMEM) {
                FZ_CHECK(sl_reader_next(r, &a) == 0);
                break;
            }
            FZ_CHECK(rc == SL_EPARSE || rc == SL_EUTF8 || rc == SL_EEMPTY || rc == SL_ETOOBIG);
            continue;
        }
        FZ_CHECK(rc == 1 && a);
        FZ_CHECK(a->id && a->text && strlen(a->text) == a->text_len);
        FZ_CHECK(a->text_len > 0 && a->text_len <= cap);
        FZ_CHECK(fz_valid_utf8(a->id) && fz_valid_utf8(a->text));
        FZ_CHECK(!a->title || fz_valid_utf8(a->title));
        FZ_CHECK(sl_reader_where(r)[0]);
        sl_article_free(a);
        n++;
    }
    return n;
}

static void warn_cb(void *ud, const char *msg)
{
    (void)ud;
    FZ_CHECK(msg && msg[0]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned b0 = data[0];
    sl_read_options o = {0};
    fz_read_caps(&o, b0);
    o.warn = warn_cb;

    char dir[4200];
    snprintf(dir, sizeof dir, "%s/d", fz_tmpdir());
    FZ_CHECK(mkdir(dir, 0700) == 0);

    const uint8_t *end = data + size;
    const uint8_t *p = find_sep(data + 1, end);
    char names[MAXFILES][MAXNAME + 8];
    int kinds[MAXFILES]; /* 0 file, 1 dir, 2 link */
    const uint8_t *content[MAXFILES];
    size_t clen[MAXFILES];
    int nf = 0;
    while (p && nf < MAXFILES) {
        const uint8_t *h = p + SEPLEN;
        const uint8_t *next = find_sep(h, end);
        const uint8_t *stop = next ? next : end;
        const uint8_t *nl = memchr(h, '\n', (size_t)(stop - h));
        const uint8_t *ne = nl ? nl : stop;
        size_t nlen = (size_t)(ne - h);
        char *name = names[nf];
        size_t k = 0;
        for (size_t i = 0; i < nlen && k < MAXNAME; i++) {
            if (h[i] == '\0')
                break;
            name[k++] = h[i] == '/' && i + 1 < nlen ? '_' : (char)h[i];
        }
        name[k] = '\0';
        kinds[nf] = 0;
        if (k > 0 && name[k - 1] == '/') {
            kinds[nf] = 1;
            name[--k] = '\0';
        } else if (k > 0 && name[k - 1] == '@') {
            kinds[nf] = 2;
            name[--k] = '\0';
        }
        if (!strcmp(name, "") || !strcmp(name, ".") || !strcmp(name, ".."))
            snprintf(name, MAXNAME + 8, "f%d.txt", nf);
        content[nf] = nl ? nl + 1 : stop;
        clen[nf] = (size_t)(stop - content[nf]);
        nf++;
        p = next;
    }

    char path[8800];
    for (int i = 0; i < nf; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (kinds[i] == 1) {
            (void)mkdir(path, 0700);
        } else if (kinds[i] == 2) {
            char target[MAXNAME + 8];
            size_t k = 0;
            for (size_t j = 0; j < clen[i] && k < MAXNAME; j++)
                if (content[i][j] != '/' && content[i][j] != '\0' && content[i][j] != '\n')
                    target[k++] = (char)content[i][j];
            target[k] = '\0';
            if (k == 0 || !strcmp(target, ".."))
                snprintf(target, sizeof target, "missing");
            (void)symlink(target, path);
        } else {
            (void)fz_write(path, content[i], clen[i]); /* may fail: EISDIR... */
        }
    }

    sl_reader *r = NULL;
    FZ_CHECK(sl_reader_open(&r, dir, &o) == SL_OK);
    drain(r, o.max_article_bytes);
    sl_reader_free(r);

    if (b0 & 0x40) {
        DIR *d = opendir(dir);
        struct dirent *e;
        while (d && (e = readdir(d))) {
            size_t n = strlen(e->d_name);
            if (n < 4 || strcmp(e->d_name + n - 4, ".txt"))
                continue;
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            int rc = sl_reader_open(&r, path, &o);
            FZ_CHECK(rc == SL_OK || rc == SL_EIO);
            if (rc == SL_OK) {
                drain(r, o.max_article_bytes);
                sl_reader_free(r);
            }
        }
        if (d)
            closedir(d);
    }
    FZ_CHECK(fz_rmtree(dir) == 0);
    return 0;
}
