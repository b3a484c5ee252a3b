/*
 * replay.c - a plain main() for the fuzz targets, so every build (gcc,
 * ASan+UBSan) runs their kept inputs without libFuzzer:
 *
 *     $(BUILD)/fuzz/fuzz_NAME PATH...
 *
 * Each PATH is a file or a directory (read recursively; hidden entries
 * skipped); the files of a directory are run in strcmp order of their
 * paths, each once, through LLVMFuzzerTestOneInput (after
 * LLVMFuzzerInitialize when the target defines it).  Prints one line per
 * PATH, "ok replay NAME PATH: N inputs (S s, slowest T s)" or "not ok
 * replay NAME PATH: why", and exits 1 when one failed.  A crash (signal, or
 * a sanitizer report) prints "not ok replay NAME: crashed on FILE" before
 * the process dies.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define REPLAY_SANITIZER 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define REPLAY_SANITIZER 1
#endif
#ifdef REPLAY_SANITIZER
#include <sanitizer/common_interface_defs.h>
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static const char *prog = "fuzz";
static char current[4096]; /* the input being run, for a crash message */

static void crash_note(const char *how)
{
    char msg[4400];
    int n = snprintf(msg, sizeof msg, "not ok replay %s: %s on %s\n", prog, how,
                     current[0] ? current : "(initialisation)");
    if (n > 0) {
        ssize_t w = write(STDOUT_FILENO, msg, (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1);
        (void)w;
    }
}

#ifdef REPLAY_SANITIZER
static void on_death(void) { crash_note("sanitizer report"); }
#else
static void on_signal(int sig)
{
    crash_note(sig == SIGABRT ? "abort" : "crash (signal)");
    signal(sig, SIG_DFL);
    raise(sig);
}
#endif

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct list {
    char **v;
    size_t n, cap;
} list;

static int push(list *l, const char *s)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        char **v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return -1;
        l->v = v;
        l->cap = cap;
    }
    if (!(l->v[l->n] = strdup(s)))
        return -1;
    l->n++;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds the regular files under `path` to l.  Returns 0 or -1 (message in
 * why). */
static int collect(list *l, const char *path, char *why, size_t cap)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        snprintf(why, cap, "%s", strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode))
        return push(l, path) ? (snprintf(why, cap, "out of memory"), -1) : 0;
    DIR *d = opendir(path);
    if (!d) {
        snprintf(why, cap, "%s", strerror(errno));
        return -1;
    }
    struct dirent *e;
    int rc = 0;
    while (rc == 0 && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char sub[4096];
        if ((size_t)snprintf(sub, sizeof sub, "%s/%s", path, e->d_name) >= sizeof sub) {
            snprintf(why, cap, "path too long");
            rc = -1;
        } else {
            rc = collect(l, sub, why, cap);
        }
    }
    closedir(d);
    return rc;
}

static int read_file(uint8_t **out, size_t *n, const char *path)
{
    FILE *fp = fopen(path, "rb");
    *out = NULL;
    *n = 0;
    if (!fp)
        return -1;
    size_t cap = 0;
    uint8_t *p = NULL;
    for (;;) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 4096;
            uint8_t *q = realloc(p, cap);
            if (!q) {
                free(p);
                fclose(fp);
                return -1;
            }
            p = q;
        }
        size_t got = fread(p + *n, 1, cap - *n, fp);
        *n += got;
        if (got == 0)
            break;
    }
    int err = ferror(fp);
    fclose(fp);
    if (err) {
        free(p);
        return -1;
    }
    /* an exact-size copy, so an overread past the input is caught */
    *out = malloc(*n ? *n : 1);
    if (!*out) {
        free(p);
        return -1;
    }
    if (*n)
        memcpy(*out, p, *n);
    free(p);
    return 0;
}

/* Runs every input under `path`; prints the verdict line; 0 when ok. */
static int replay(const char *path)
{
    list l = {0};
    char why[512] = "";
    int rc = collect(&l, path, why, sizeof why);
    size_t ran = 0;
    double t0 = now(), slowest = 0;
    if (rc == 0) {
        qsort(l.v, l.n, sizeof *l.v, cmp_str);
        for (size_t i = 0; i < l.n; i++) {
            uint8_t *data;
            size_t n;
            if (read_file(&data, &n, l.v[i])) {
                snprintf(why, sizeof why, "%s: cannot read: %s", l.v[i], strerror(errno));
                rc = -1;
                break;
            }
            snprintf(current, sizeof current, "%s", l.v[i]);
            double t = now();
            LLVMFuzzerTestOneInput(data, n);
            t = now() - t;
            if (t > slowest)
                slowest = t;
            current[0] = '\0';
            free(data);
            ran++;
        }
    }
    for (size_t i = 0; i < l.n; i++)
        free(l.v[i]);
    free(l.v);
    if (rc)
        printf("not ok replay %s %s: %s\n", prog, path, why);
    else
        printf("ok replay %s %s: %zu inputs (%.2f s, slowest %.3f s)\n", prog, path, ran,
               now() - t0, slowest);
    return rc;
}

int main(int argc, char **argv)
{
    const char *slash = strrchr(argv[0], '/');
    prog = slash ? slash + 1 : argv[0];
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE|DIR...\n", prog);
        return 2;
    }
#ifdef REPLAY_SANITIZER
    __sanitizer_set_death_callback(on_death);
#else
    static const int sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
        signal(sigs[i], on_signal);
#endif
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    int failed = 0;
    for (int i = 1; i < argc; i++)
        failed |= replay(argv[i]) != 0;
    return failed;
}
