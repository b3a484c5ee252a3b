/*
 * main.c - the storyline command.  Uses only the public API (storyline.h);
 * all printing and exiting happens here, never in the library.
 */
#include <errno.h>
#include <json-c/json.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "storyline.h"

enum fmt { FMT_AUTO, FMT_JSON, FMT_TEXT };

typedef struct opts {
    sl_config cfg;
    sl_read_options rd;
    enum fmt format;
    int quiet;
    int fail_on_error;
    int pairs;
    const char *out_path;
    const char *out_dir;
    const char *stats_path;
    const char *db_path;   /* add, export: the store */
    size_t batch;          /* add: articles per committed batch */
} opts;

/* ------------------------------------------------------------ messages */

static int progress_ok; /* stderr is a terminal and not -q */

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("storyline: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static void say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (progress_ok)
        fputs("\r\033[K", stderr);
    fputs("storyline: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static void progress(const char *fmt, ...)
{
    if (!progress_ok)
        return;
    va_list ap;
    va_start(ap, fmt);
    fputs("\r\033[K", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fflush(stderr);
}

static void progress_done(void)
{
    if (progress_ok)
        fputs("\r\033[K", stderr);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* ------------------------------------------------------------ usage */

static const char usage_text[] =
    "usage: storyline [OPTIONS] COMMAND [ARGS]\n"
    "\n"
    "Commands:\n"
    "  dedup INPUT...          duplicate and rewrite groups (JSON Lines or a table)\n"
    "  compare A B             explain how two articles (.txt or .jsonl files) relate\n"
    "  compare ID_A ID_B INPUT...  the same for two ids within the inputs\n"
    "  cluster INPUT... [--out DIR]  events and storylines; DIR gets articles.jsonl,\n"
    "                          events.jsonl, storylines.jsonl\n"
    "  facts INPUT...          entities, event time, quotes, outlet of each article\n"
    "  eval --gold GOLD.tsv PRED   score a clustering against gold events (eval --help)\n"
    "  add INPUT... [--db PATH] [--batch N]  ingest into a store (SQLite,\n"
    "                          default ./storyline.db), N articles a transaction (1000)\n"
    "  export [--db PATH] --out DIR   the store as cluster --out writes it\n"
    "  serve [--db PATH] [--port N]   HTTP API and web view (serve --help)\n"
    "  report [--db PATH] -o FILE     the web view as one static HTML file\n"
    "\n"
    "INPUT is a directory of .txt files, a .txt file, a JSON Lines file\n"
    "(.jsonl, optionally .gz or .zst) or - for JSON Lines on standard input.\n"
    "JSON fields: id, text (required), title, source, url, published\n"
    "(ISO 8601), lang.\n"
    "\n"
    "Output:\n"
    "  --format json|text      default: text on a terminal, json otherwise\n"
    "  --pairs                 dedup: also one record per related pair\n"
    "  --no-rewrites           dedup: duplicates only, no search for rewrites\n"
    "                          (about twice as fast)\n"
    "  -o, --output FILE       write results to FILE instead of stdout\n"
    "  --stats FILE            dedup, cluster: write counts and phase timings as JSON\n"
    "  -q, --quiet             no progress line and no summary on stderr\n"
    "\n"
    "Input:\n"
    "  --on-error skip|fail    bad records: skip and count (default), or stop\n"
    "  --max-article-bytes N   size cap of one article's text (default 4 MiB)\n"
    "  --lang L                default language, ISO 639-1 or Snowball name\n"
    "                          (default english; per article: the lang field)\n"
    "  --strip-accents         compare text without accents\n"
    "\n"
    "Tuning (defaults in parentheses):\n"
    "  -j, --threads N         worker threads (1); results identical for any N\n"
    "  --shingle N             words per shingle (5)\n"
    "  --minhash-k N           MinHash length, multiple of 8 (128)\n"
    "  --bands N, --rows N     LSH banding (42 x 3)\n"
    "  --dup-jaccard X         near duplicate at estimated Jaccard >= X (0.7)\n"
    "  --dup-containment X     ... or when the smaller is contained >= X (0.9)\n"
    "  --align-sim X           sentences align at similarity >= X (0.5)\n"
    "  --rewrite-coverage X    rewrite: aligned share of the shorter >= X (0.5)\n"
    "  --rewrite-order X       ... and share of aligned pairs in order >= X (0.5)\n"
    "  --rare-terms N          terms per article in the rewrite index (24)\n"
    "  --event-sim X           cluster: same event at score >= X (0.22)\n"
    "  --story-sim X           cluster: same storyline at entity score >= X (0.3)\n"
    "  --retire-days N         cluster: events quiet N days leave the index (30)\n"
    "  --seed N                hash seed (0)\n"
    "\n"
    "  -h, --help              this help\n"
    "  -V, --version           version\n"
    "\n"
    "Exit status: 0 on success, 1 on errors (including bad records with\n"
    "--on-error=fail), 2 on bad usage.\n";

static void usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("storyline: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\nTry 'storyline --help'.\n", stderr);
    va_end(ap);
    exit(2);
}

static double parse_real(const char *opt, const char *v)
{
    char *end;
    errno = 0;
    double x = strtod(v, &end);
    if (errno || end == v || *end || x < 0 || x > 1)
        usage_error("%s needs a number between 0 and 1, not \"%s\"", opt, v);
    return x;
}

static unsigned long long parse_uint(const char *opt, const char *v, unsigned long long max)
{
    char *end;
    errno = 0;
    unsigned long long x = strtoull(v, &end, 10);
    if (errno || end == v || *end || v[0] == '-' || x > max)
        usage_error("%s needs a whole number up to %llu, not \"%s\"", opt, max, v);
    return x;
}

/* ------------------------------------------------------------ options */

/* Parses options anywhere on the command line; positional arguments are
 * moved to the front of argv.  Returns their count. */
static int parse_opts(opts *o, int argc, char **argv)
{
    int npos = 0;
    int only_pos = 0;
    for (int i = 1; i < argc; i++) {
        char *a = argv[i];
        if (only_pos || a[0] != '-' || strcmp(a, "-") == 0) {
            argv[npos++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_pos = 1;
            continue;
        }
        char *val = NULL;
        char name[64];
        char *eq = strncmp(a, "--", 2) == 0 ? strchr(a, '=') : NULL;
        if (eq) {
            size_t n = (size_t)(eq - a) < sizeof name - 1 ? (size_t)(eq - a) : sizeof name - 1;
            memcpy(name, a, n);
            name[n] = '\0';
            val = eq + 1;
        } else if (a[1] != '-' && a[2] && strchr("jo", a[1])) { /* -j2, -oFILE */
            snprintf(name, sizeof name, "-%c", a[1]);
            val = a + 2;
        } else {
            snprintf(name, sizeof name, "%s", a);
        }
#define IS(s) (strcmp(name, s) == 0)
#define VALUE()                                                                 \
    (val ? val : (i + 1 < argc ? argv[++i] : (usage_error("%s needs a value", name), "")))
        if (IS("-h") || IS("--help")) {
            fputs(usage_text, stdout);
            exit(0);
        } else if (IS("-V") || IS("--version")) {
            printf("storyline %s\n", sl_version());
            exit(0);
        } else if (IS("-q") || IS("--quiet")) {
            o->quiet = 1;
        } else if (IS("--pairs")) {
            o->pairs = 1;
        } else if (IS("--no-rewrites")) {
            o->cfg.rewrites = 0;
        } else if (IS("--strip-accents")) {
            o->cfg.strip_accents = 1;
        } else if (IS("--format")) {
            const char *v = VALUE();
            if (strcmp(v, "json") == 0)
                o->format = FMT_JSON;
            else if (strcmp(v, "text") == 0)
                o->format = FMT_TEXT;
            else
                usage_error("--format is json or text, not \"%s\"", v);
        } else if (IS("--on-error")) {
            const char *v = VALUE();
            if (strcmp(v, "skip") == 0)
                o->fail_on_error = 0;
            else if (strcmp(v, "fail") == 0)
                o->fail_on_error = 1;
            else
                usage_error("--on-error is skip or fail, not \"%s\"", v);
        } else if (IS("-o") || IS("--output")) {
            o->out_path = VALUE();
        } else if (IS("--out")) {
            o->out_dir = VALUE();
        } else if (IS("--db")) {
            o->db_path = VALUE();
        } else if (IS("--batch")) {
            o->batch = (size_t)parse_uint(name, VALUE(), 1000000);
            if (!o->batch)
                usage_error("--batch must be at least 1");
        } else if (IS("--event-sim")) {
            o->cfg.event_sim = parse_real(name, VALUE());
        } else if (IS("--story-sim")) {
            o->cfg.story_sim = parse_real(name, VALUE());
        } else if (IS("--retire-days")) {
            o->cfg.retire_days = (unsigned)parse_uint(name, VALUE(), 100000);
        } else if (IS("--stats")) {
            o->stats_path = VALUE();
        } else if (IS("--lang")) {
            o->cfg.lang = VALUE();
        } else if (IS("--max-article-bytes")) {
            o->rd.max_article_bytes = (size_t)parse_uint(name, VALUE(), (size_t)1 << 40);
            if (!o->rd.max_article_bytes)
                usage_error("--max-article-bytes must be positive");
        } else if (IS("-j") || IS("--threads")) {
            o->cfg.threads = (unsigned)parse_uint(name, VALUE(), 256);
        } else if (IS("--shingle")) {
            o->cfg.shingle = (unsigned)parse_uint(name, VALUE(), 16);
        } else if (IS("--minhash-k")) {
            o->cfg.minhash_k = (unsigned)parse_uint(name, VALUE(), 1024);
        } else if (IS("--bands")) {
            o->cfg.bands = (unsigned)parse_uint(name, VALUE(), 1024);
        } else if (IS("--rows")) {
            o->cfg.rows = (unsigned)parse_uint(name, VALUE(), 16);
        } else if (IS("--rare-terms")) {
            o->cfg.rare_terms = (unsigned)parse_uint(name, VALUE(), 64);
        } else if (IS("--seed")) {
            o->cfg.seed = parse_uint(name, VALUE(), ULLONG_MAX);
        } else if (IS("--dup-jaccard")) {
            o->cfg.dup_jaccard = parse_real(name, VALUE());
        } else if (IS("--dup-containment")) {
            o->cfg.dup_containment = parse_real(name, VALUE());
        } else if (IS("--align-sim")) {
            o->cfg.align_sim = parse_real(name, VALUE());
        } else if (IS("--rewrite-coverage")) {
            o->cfg.rewrite_coverage = parse_real(name, VALUE());
        } else if (IS("--rewrite-order")) {
            o->cfg.rewrite_order = parse_real(name, VALUE());
        } else {
            usage_error("unknown option %s", name);
        }
#undef IS
#undef VALUE
        if (eq && !val)
            usage_error("%s takes no value", name);
    }
    return npos;
}

/* ------------------------------------------------------------ reading */

typedef struct counts {
    size_t read, skipped;
    size_t by_code[16]; /* indexed by -code */
    size_t dup_ids;
    size_t warnings;
} counts;

static void warn_cb(void *ud, const char *msg)
{
    counts *n = ud;
    n->warnings++;
    say("warning: %s", msg);
}

static void skip_record(const opts *o, counts *n, int code, const char *msg)
{
    say("%s", msg);
    if (o->fail_on_error)
        die("stopping at the first bad record (--on-error=fail)");
    n->skipped++;
    if (code < 0 && -code < 16)
        n->by_code[-code]++;
}

/* ------------------------------------------------------------ reading
 * A reader thread parses the inputs and hands articles over in batches;
 * the main thread adds each batch to the corpus and analyses it (with the
 * configured workers) while the reader parses the next one.  Bad records
 * are reported by the reader thread as it meets them. */

#define BATCH 4096

typedef struct item {
    sl_article *a;
    char *where; /* "FILE:LINE", for a duplicate-id message */
} item;

typedef struct batch {
    item v[BATCH];
    size_t n;
    struct batch *next;
} batch;

typedef struct feed {
    const opts *o;
    counts *n;            /* the reader thread's counts */
    char **paths;
    int npaths;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    batch *head, *tail;   /* full batches waiting for the main thread */
    int done;
} feed;

static void feed_push(feed *f, batch *b)
{
    pthread_mutex_lock(&f->mu);
    if (b) {
        b->next = NULL;
        if (f->tail)
            f->tail->next = b;
        else
            f->head = b;
        f->tail = b;
    } else {
        f->done = 1;
    }
    pthread_cond_signal(&f->cv);
    pthread_mutex_unlock(&f->mu);
}

/* Next full batch, or NULL when the reader has finished. */
static batch *feed_pop(feed *f)
{
    pthread_mutex_lock(&f->mu);
    while (!f->head && !f->done)
        pthread_cond_wait(&f->cv, &f->mu);
    batch *b = f->head;
    if (b) {
        f->head = b->next;
        if (!f->head)
            f->tail = NULL;
    }
    pthread_mutex_unlock(&f->mu);
    return b;
}

/* Reads every record of paths[0..npaths) and hands each good article to
 * fn (which takes ownership), with the reader for its position.  Bad
 * records are skipped and counted (skip_record); fatal errors exit.  The
 * one record loop of every command that reads inputs. */
static void each_article(const opts *o, counts *n, char **paths, int npaths,
                         void (*fn)(void *ud, sl_article *a, const sl_reader *r), void *ud)
{
    sl_read_options rd = o->rd;
    rd.warn = warn_cb;
    rd.warn_ud = n;
    for (int i = 0; i < npaths; i++) {
        sl_reader *r;
        if (sl_reader_open(&r, paths[i], &rd))
            die("%s", sl_errmsg());
        for (;;) {
            sl_article *a;
            int rc = sl_reader_next(r, &a);
            if (rc == 0)
                break;
            if (rc == SL_EIO || rc == SL_ENOMEM)
                die("%s", sl_errmsg());
            if (rc < 0) {
                skip_record(o, n, rc, sl_errmsg());
                continue;
            }
            fn(ud, a, r);
        }
        sl_reader_free(r);
    }
}

typedef struct feed_fill {
    feed *f;
    batch *b; /* being filled */
} feed_fill;

static void feed_one(void *ud, sl_article *a, const sl_reader *r)
{
    feed_fill *ff = ud;
    if (!ff->b && !(ff->b = calloc(1, sizeof *ff->b)))
        die("out of memory");
    batch *b = ff->b;
    b->v[b->n].a = a;
    if (!(b->v[b->n].where = strdup(sl_reader_where(r))))
        die("out of memory");
    if (++b->n == BATCH) {
        feed_push(ff->f, b);
        ff->b = NULL;
    }
}

static void *reader_main(void *p)
{
    feed *f = p;
    feed_fill ff = {f, NULL};
    each_article(f->o, f->n, f->paths, f->npaths, feed_one, &ff);
    if (ff.b)
        feed_push(f, ff.b);
    feed_push(f, NULL);
    return NULL;
}

static double analyse_seconds; /* time spent in sl_corpus_analyse */

/* Reads every input into c and analyses it.  Exits on fatal errors.  With
 * one thread (-j 1) everything runs in this thread, one step after the
 * other; with more, parsing overlaps the analysis. */
static void read_inputs(sl_corpus *c, const opts *o, counts *n, char **paths, int npaths)
{
    counts rn = {0}; /* the reader's */
    feed f = {.o = o, .n = &rn, .paths = paths, .npaths = npaths};
    pthread_mutex_init(&f.mu, NULL);
    pthread_cond_init(&f.cv, NULL);
    pthread_t tid;
    int threaded = o->cfg.threads > 1;
    if (!threaded)
        reader_main(&f);
    else if (pthread_create(&tid, NULL, reader_main, &f) != 0)
        die("cannot start the reader thread");
    batch *b;
    while ((b = feed_pop(&f))) {
        for (size_t i = 0; i < b->n; i++) {
            sl_article *a = b->v[i].a;
            int rc = sl_corpus_add(c, a);
            if (rc) {
                char msg[512];
                if (rc == SL_EDUPID) {
                    snprintf(msg, sizeof msg, "%s: duplicate id \"%.200s\": the first is kept",
                             b->v[i].where, a->id);
                    n->dup_ids++;
                } else {
                    snprintf(msg, sizeof msg, "%s: %s", b->v[i].where, sl_errmsg());
                }
                sl_article_free(a);
                if (rc == SL_ENOMEM)
                    die("%s", msg);
                skip_record(o, n, rc, msg);
            } else {
                n->read++;
            }
            free(b->v[i].where);
        }
        free(b);
        progress("reading and analysing: %zu articles", n->read);
        double t = now();
        if (sl_corpus_analyse(c))
            die("%s", sl_errmsg());
        analyse_seconds += now() - t;
    }
    if (threaded)
        pthread_join(tid, NULL);
    pthread_mutex_destroy(&f.mu);
    pthread_cond_destroy(&f.cv);
    n->skipped += rn.skipped;
    n->warnings += rn.warnings;
    for (int k = 0; k < 16; k++)
        n->by_code[k] += rn.by_code[k];
    progress_done();
}

static void summary_read(const opts *o, const counts *n)
{
    if (o->quiet)
        return;
    fprintf(stderr, "storyline: read %zu article%s", n->read, n->read == 1 ? "" : "s");
    if (n->skipped) {
        fprintf(stderr, ", skipped %zu (", n->skipped);
        const char *sep = "";
        for (int code = 1; code < 16; code++) {
            if (!n->by_code[code])
                continue;
            const char *what = code == -SL_EPARSE    ? "malformed"
                               : code == -SL_ETOOBIG ? "too large"
                                                     : sl_strerror(-code);
            fprintf(stderr, "%s%zu %s", sep, n->by_code[code], what);
            sep = ", ";
        }
        fputc(')', stderr);
    }
    if (n->warnings)
        fprintf(stderr, ", %zu warning%s", n->warnings, n->warnings == 1 ? "" : "s");
    fputc('\n', stderr);
}

/* The corpus of a command's inputs: created, read (counting into *n) and
 * summarised on stderr.  Exits on errors and on no input. */
static sl_corpus *load_corpus(opts *o, counts *n, const char *cmd, char **inputs, int ninputs)
{
    if (ninputs < 1)
        usage_error("%s needs at least one INPUT", cmd);
    sl_corpus *c;
    if (sl_corpus_new(&c, &o->cfg))
        die("%s", sl_errmsg());
    read_inputs(c, o, n, inputs, ninputs);
    summary_read(o, n);
    return c;
}

/* ------------------------------------------------------------ JSON out */

static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    const unsigned char *p = (const unsigned char *)s, *run = p;
    for (; *p; p++) {
        if (*p >= 0x20 && *p != '"' && *p != '\\')
            continue; /* written with the rest of its run */
        fwrite(run, 1, (size_t)(p - run), f);
        run = p + 1;
        switch (*p) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default: fprintf(f, "\\u%04x", *p);
        }
    }
    fwrite(run, 1, (size_t)(p - run), f);
    fputc('"', f);
}

/* Writes ,"key":["v0","v1",...]. */
static void json_str_array(FILE *f, const char *key, char *const *v, size_t n)
{
    fprintf(f, ",\"%s\":[", key);
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputc(',', f);
        json_str(f, v[i]);
    }
    fputc(']', f);
}

static void json_strn(FILE *f, const char *s, size_t n)
{
    char *t = malloc(n + 1);
    if (!t)
        die("out of memory");
    memcpy(t, s, n);
    t[n] = '\0';
    json_str(f, t);
    free(t);
}

static const char *id_of(const sl_corpus *c, uint32_t i)
{
    return sl_corpus_article(c, i)->id;
}

static void json_pair(FILE *f, const sl_corpus *c, const sl_pair *p, unsigned flags)
{
    char *j;
    if (sl_pair_json(&j, c, p, flags))
        die("%s", sl_errmsg());
    fputs(j, f);
    fputc('\n', f);
    free(j);
}

static void json_group(FILE *f, const sl_corpus *c, const sl_group *g, size_t no)
{
    fprintf(f, "{\"type\":\"group\",\"group\":%zu,\"kind\":\"%s\",\"size\":%zu,", no,
            sl_relation_name(g->kind), g->nmembers);
    fputs("\"representative\":", f);
    json_str(f, id_of(c, g->representative));
    fputs(",\"members\":[", f);
    for (size_t x = 0; x < g->nmembers; x++) {
        if (x)
            fputc(',', f);
        json_str(f, id_of(c, g->members[x]));
    }
    fputs("]}\n", f);
}

/* ------------------------------------------------------------ text out */

static void text_dedup(FILE *f, const sl_corpus *c, const sl_dedup *d, int pairs)
{
    size_t nd = 0, nr = 0, ad = 0, ar = 0;
    for (size_t g = 0; g < d->ngroups; g++) {
        if (d->groups[g].kind == SL_REL_DUPLICATE) {
            nd++;
            ad += d->groups[g].nmembers;
        } else {
            nr++;
            ar += d->groups[g].nmembers;
        }
    }
    fprintf(f, "%zu articles: %zu duplicate group%s (%zu articles), %zu rewrite group%s "
               "(%zu articles)\n\n",
            sl_corpus_count(c), nd, nd == 1 ? "" : "s", ad, nr, nr == 1 ? "" : "s", ar);
    if (d->ngroups)
        fprintf(f, "%-5s  %-9s  %4s  %-24s  %s\n", "GROUP", "KIND", "SIZE", "REPRESENTATIVE",
                "MEMBERS");
    for (size_t g = 0; g < d->ngroups; g++) {
        const sl_group *gr = &d->groups[g];
        fprintf(f, "%-5zu  %-9s  %4zu  %-24s ", g + 1, sl_relation_name(gr->kind),
                gr->nmembers, id_of(c, gr->representative));
        for (size_t x = 0; x < gr->nmembers; x++)
            fprintf(f, " %s", id_of(c, gr->members[x]));
        fputc('\n', f);
    }
    if (!pairs)
        return;
    fprintf(f, "\n%-20s  %-20s  %-9s  %5s  %5s  %5s  %5s  %s\n", "A", "B", "RELATION", "JACC",
            "CONT", "COVER", "ORDER", "DIRECTION");
    for (size_t x = 0; x < d->npairs; x++) {
        const sl_pair *p = &d->pairs[x];
        fprintf(f, "%-20s  %-20s  %-9s  %5.2f  %5.2f  %5.2f  %5.2f  ", id_of(c, p->a),
                id_of(c, p->b), sl_relation_name(p->relation), p->jaccard, p->containment,
                p->coverage, p->order);
        if (p->source == SL_NONE)
            fputs("unknown\n", f);
        else
            fprintf(f, "%s -> %s (%s%s%s)\n", id_of(c, p->source),
                    id_of(c, p->source == p->a ? p->b : p->a), sl_cue_name(p->cue),
                    p->cue_detail ? ": " : "", p->cue_detail ? p->cue_detail : "");
    }
}

/* ------------------------------------------------------------ commands */

static FILE *open_out(const opts *o)
{
    if (!o->out_path || strcmp(o->out_path, "-") == 0)
        return stdout;
    FILE *f = fopen(o->out_path, "w");
    if (!f)
        die("%s: %s", o->out_path, strerror(errno));
    return f;
}

static void close_out(FILE *f, const char *path)
{
    if (fflush(f) != 0 || ferror(f) || (f != stdout && fclose(f) != 0))
        die("%s: write error: %s", path ? path : "stdout", strerror(errno));
}

static enum fmt resolve_format(const opts *o, FILE *out)
{
    if (o->format != FMT_AUTO)
        return o->format;
    return isatty(fileno(out)) ? FMT_TEXT : FMT_JSON;
}

static int cmd_dedup(opts *o, char **inputs, int ninputs)
{
    counts n = {0};
    double t0 = now();
    o->cfg.drop_signatures = 1; /* nothing after the near duplicates reads them */
    sl_corpus *c = load_corpus(o, &n, "dedup", inputs, ninputs);
    double t1 = now();
    if (sl_corpus_analyse(c)) /* already done batch by batch: a no-op */
        die("%s", sl_errmsg());
    double t2 = now();
    progress("finding duplicates and rewrites");
    sl_dedup *d;
    if (sl_dedup_run(&d, c))
        die("%s", sl_errmsg());
    progress_done();
    double t3 = now();

    FILE *out = open_out(o);
    static char obuf[1 << 16];
    setvbuf(out, obuf, _IOFBF, sizeof obuf);
    if (resolve_format(o, out) == FMT_TEXT) {
        text_dedup(out, c, d, o->pairs);
    } else {
        if (o->pairs)
            for (size_t x = 0; x < d->npairs; x++)
                json_pair(out, c, &d->pairs[x], 0);
        for (size_t g = 0; g < d->ngroups; g++)
            json_group(out, c, &d->groups[g], g + 1);
    }
    close_out(out, o->out_path);
    double t4 = now();

    size_t ndg = 0, nrg = 0;
    for (size_t g = 0; g < d->ngroups; g++)
        d->groups[g].kind == SL_REL_DUPLICATE ? ndg++ : nrg++;
    if (!o->quiet)
        say("%zu duplicate group%s, %zu rewrite group%s, %zu related pair%s in %.2f s",
            ndg, ndg == 1 ? "" : "s", nrg, nrg == 1 ? "" : "s", d->npairs,
            d->npairs == 1 ? "" : "s", t4 - t0);
    if (o->stats_path) {
        FILE *s = fopen(o->stats_path, "w");
        if (!s)
            die("%s: %s", o->stats_path, strerror(errno));
        fprintf(s,
                "{\"articles\":%zu,\"skipped\":%zu,\"threads\":%u,\"exact_pairs\":%zu,"
                "\"near_pairs\":%zu,\"rewrite_pairs\":%zu,\"shingle_candidates\":%zu,"
                "\"term_candidates\":%zu,\"duplicate_groups\":%zu,\"rewrite_groups\":%zu,"
                "\"read_s\":%.4f,\"analyse_s\":%.4f,\"near_s\":%.4f,\"rewrite_s\":%.4f,"
                "\"groups_s\":%.4f,\"output_s\":%.4f,\"total_s\":%.4f}\n",
                n.read, n.skipped, o->cfg.threads, d->stats.exact_pairs, d->stats.near_pairs,
                d->stats.rewrite_pairs, d->stats.shingle_candidates, d->stats.term_candidates,
                ndg, nrg, t1 - t0 - analyse_seconds, analyse_seconds + t2 - t1, d->stats.near_s, d->stats.rewrite_s,
                d->stats.other_s, t4 - t3, t4 - t0);
        close_out(s, o->stats_path);
    }
    sl_dedup_free(d);
    sl_corpus_free(c);
    return 0;
}

/* ------------------------------------------------------------ facts */

static void json_time(FILE *f, const char *key, int64_t t)
{
    char d[32];
    fprintf(f, ",\"%s\":", key);
    if (t == SL_TIME_UNKNOWN) {
        fputs("null", f);
        return;
    }
    sl_format_date(d, sizeof d, t);
    json_str(f, d);
}

static void json_facts(FILE *f, const sl_article *a, const sl_facts *x)
{
    char *j;
    if (sl_facts_json(&j, a, x))
        die("%s", sl_errmsg());
    fputs(j, f);
    fputc('\n', f);
    free(j);
}

/* An event time into out[80]: "2013-09-18 .. 2013-09-19", or without a
 * window the month and day the text names, "--12-17, year unknown" ("--12"
 * for a month). */
static const char *event_time(char *out, int64_t start, int64_t end, unsigned month,
                              unsigned mday)
{
    if (month && mday) {
        snprintf(out, 80, "--%02u-%02u, year unknown", month % 100, mday % 100);
    } else if (month) {
        snprintf(out, 80, "--%02u, year unknown", month % 100);
    } else {
        char s[32], e[32];
        sl_format_date(s, sizeof s, start);
        sl_format_date(e, sizeof e, end);
        snprintf(out, 80, "%s .. %s", s, e);
    }
    return out;
}

static void text_facts(FILE *f, const sl_article *a, const sl_facts *x)
{
    fprintf(f, "%s\n  outlet: %s", a->id, x->outlet ? x->outlet : "-");
    if (x->dateline_place)
        fprintf(f, "   dateline: %s%s%s%s", x->dateline_place, x->dateline_outlet ? " (" : "",
                x->dateline_outlet ? x->dateline_outlet : "", x->dateline_outlet ? ")" : "");
    char et[80];
    event_time(et, x->event_start, x->event_end, x->event_month, x->event_mday);
    if (x->event_month)
        fprintf(f, "\n  event time: %s\n", et);
    else
        fprintf(f, "\n  event time: %s (confidence %.2f%s)\n", et, x->event_conf,
                !x->anchored                        ? ""
                : a->published != SL_TIME_UNKNOWN ? ", from the publication date"
                                                  : ", from the date in the URL");
    for (size_t i = 0; i < x->nentities; i++) {
        const sl_entity *en = &x->entities[i];
        fprintf(f, "  %-7s %s", sl_entity_kind_name(en->kind), en->name);
        if (en->role || en->affiliation)
            fprintf(f, " (%s%s%s)", en->role ? en->role : "",
                    en->role && en->affiliation ? ", " : "",
                    en->affiliation ? en->affiliation : "");
        fprintf(f, " x%u\n", en->mentions);
    }
    for (size_t i = 0; i < x->nquotes; i++)
        fprintf(f, "  quote   \"%s\" - %s%s%s\n", x->quotes[i].text,
                x->quotes[i].speaker ? x->quotes[i].speaker : "?",
                x->quotes[i].via ? ", via " : "", x->quotes[i].via ? x->quotes[i].via : "");
    if (x->amount > 0 && (size_t)x->amount_off + x->amount_len <= a->text_len)
        fprintf(f, "  sum     %.*s (%.15g %s)\n", (int)x->amount_len, a->text + x->amount_off,
                x->amount, x->amount_currency);
    fputc('\n', f);
}

static int cmd_facts(opts *o, char **inputs, int ninputs)
{
    counts n = {0};
    sl_corpus *c = load_corpus(o, &n, "facts", inputs, ninputs);
    FILE *out = open_out(o);
    int text = resolve_format(o, out) == FMT_TEXT;
    for (size_t i = 0; i < sl_corpus_count(c); i++) {
        const sl_article *a = sl_corpus_article(c, i);
        sl_facts *x;
        if (sl_extract(&x, a))
            die("%s: %s", a->id, sl_errmsg());
        text ? text_facts(out, a, x) : json_facts(out, a, x);
        sl_facts_free(x);
    }
    close_out(out, o->out_path);
    sl_corpus_free(c);
    return 0;
}

/* ------------------------------------------------------------ cluster */

static FILE *open_in_dir(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        die("%s: %s", path, strerror(errno));
    return f;
}

static void title_of(FILE *f, const sl_article *a)
{
    const char *t = a->title ? a->title : a->text;
    size_t n = 0;
    while (t[n] && t[n] != '\n' && n < 200)
        n++;
    json_strn(f, t, n);
}

static void write_cluster_dir(const char *dir, const sl_corpus *c, const sl_events *E,
                              const sl_dedup *d)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        die("%s: %s", dir, strerror(errno));
    size_t n = sl_corpus_count(c);
    /* duplicate / rewrite group of each article */
    uint32_t *dup = malloc((n + 1) * sizeof *dup), *rw = malloc((n + 1) * sizeof *rw);
    if (!dup || !rw)
        die("out of memory");
    for (size_t i = 0; i < n; i++)
        dup[i] = rw[i] = 0;
    for (size_t g = 0; g < d->ngroups; g++)
        for (size_t m = 0; m < d->groups[g].nmembers; m++)
            (d->groups[g].kind == SL_REL_DUPLICATE ? dup : rw)[d->groups[g].members[m]] =
                (uint32_t)g + 1;
    FILE *f = open_in_dir(dir, "articles.jsonl");
    for (size_t i = 0; i < n; i++) {
        const sl_article *a = sl_corpus_article(c, i);
        uint32_t e = E->event_of[i];
        fputs("{\"id\":", f);
        json_str(f, a->id);
        fprintf(f, ",\"event\":\"e%u\",\"storyline\":\"s%u\"", e + 1,
                E->events[e].storyline + 1);
        fputs(",\"duplicate_group\":", f);
        dup[i] ? (void)fprintf(f, "%u", dup[i]) : (void)fputs("null", f);
        fputs(",\"rewrite_group\":", f);
        rw[i] ? (void)fprintf(f, "%u", rw[i]) : (void)fputs("null", f);
        fputs("}\n", f);
    }
    close_out(f, "articles.jsonl");
    free(dup);
    free(rw);
    f = open_in_dir(dir, "events.jsonl");
    for (size_t e = 0; e < E->nevents; e++) {
        const sl_event *ev = &E->events[e];
        const sl_article *rep = sl_corpus_article(c, ev->representative);
        fprintf(f, "{\"id\":\"e%zu\",\"label\":", e + 1);
        json_str(f, ev->label);
        json_time(f, "start", ev->start);
        json_time(f, "end", ev->end);
        fprintf(f, ",\"storyline\":\"s%u\",\"size\":%zu,\"representative\":", ev->storyline + 1,
                ev->nmembers);
        json_str(f, rep->id);
        fputs(",\"title\":", f);
        title_of(f, rep);
        fputs(",\"members\":[", f);
        for (size_t m = 0; m < ev->nmembers; m++) {
            if (m)
                fputc(',', f);
            json_str(f, id_of(c, ev->members[m]));
        }
        fputc(']', f);
        json_str_array(f, "entities", ev->entities, ev->nentities);
        json_str_array(f, "quotes", ev->quotes, ev->nquotes);
        fputs(",\"quote_drift\":[", f);
        for (size_t q = 0; q < ev->ndrift; q++) {
            fputs(q ? ",{\"a\":" : "{\"a\":", f);
            json_str(f, ev->drift[q].a);
            fputs(",\"b\":", f);
            json_str(f, ev->drift[q].b);
            fprintf(f, ",\"similarity\":%.3f}", ev->drift[q].similarity);
        }
        fputs("]}\n", f);
    }
    close_out(f, "events.jsonl");
    f = open_in_dir(dir, "storylines.jsonl");
    for (size_t s = 0; s < E->nstorylines; s++) {
        const sl_storyline *st = &E->storylines[s];
        fprintf(f, "{\"id\":\"s%zu\",\"label\":", s + 1);
        json_str(f, st->label ? st->label : "");
        json_time(f, "start", st->start);
        json_time(f, "end", st->end);
        fputs(",\"events\":[", f);
        for (size_t k = 0; k < st->nevents; k++)
            fprintf(f, "%s\"e%u\"", k ? "," : "", st->events[k] + 1);
        fputs("]}\n", f);
    }
    close_out(f, "storylines.jsonl");
}

static void text_cluster(FILE *f, const sl_corpus *c, const sl_events *E)
{
    fprintf(f, "%zu articles: %zu events in %zu storylines\n", sl_corpus_count(c), E->nevents,
            E->nstorylines);
    for (size_t s = 0; s < E->nstorylines; s++) {
        const sl_storyline *st = &E->storylines[s];
        size_t total = 0;
        for (size_t k = 0; k < st->nevents; k++)
            total += E->events[st->events[k]].nmembers;
        if (total < 2 && E->nstorylines > 20)
            continue; /* singletons of a large corpus: counted above */
        fprintf(f, "\nstoryline s%zu: %s (%zu event%s)\n", s + 1, st->label ? st->label : "",
                st->nevents, st->nevents == 1 ? "" : "s");
        for (size_t k = 0; k < st->nevents; k++) {
            const sl_event *ev = &E->events[st->events[k]];
            char d[32];
            sl_format_date(d, sizeof d, ev->start);
            fprintf(f, "  e%-5u %-10s %3zu article%s  %s\n", st->events[k] + 1,
                    ev->start == SL_TIME_UNKNOWN ? "-" : d, ev->nmembers,
                    ev->nmembers == 1 ? " " : "s", ev->label);
        }
    }
}

static int cmd_cluster(opts *o, char **inputs, int ninputs)
{
    counts n = {0};
    double t0 = now();
    /* the rewrite index and the event features reuse the first analysis's
     * word counts instead of analysing every text twice more */
    o->cfg.keep_terms = 1;
    o->cfg.drop_signatures = 1; /* nothing after the near duplicates reads them */
    sl_corpus *c = load_corpus(o, &n, "cluster", inputs, ninputs);
    double t1 = now();
    progress("finding duplicates and rewrites");
    sl_dedup *d;
    if (sl_dedup_run(&d, c))
        die("%s", sl_errmsg());
    double t2 = now();
    progress("clustering events");
    sl_events *E;
    if (sl_events_run(&E, c, d))
        die("%s", sl_errmsg());
    double t3 = now();
    progress_done();
    if (o->out_dir)
        write_cluster_dir(o->out_dir, c, E, d);
    if (!o->out_dir || o->format == FMT_TEXT) {
        FILE *out = open_out(o);
        if (o->out_dir || resolve_format(o, out) == FMT_TEXT) {
            text_cluster(out, c, E);
        } else {
            for (size_t i = 0; i < sl_corpus_count(c); i++) {
                fputs("{\"id\":", out);
                json_str(out, id_of(c, (uint32_t)i));
                fprintf(out, ",\"event\":\"e%u\",\"storyline\":\"s%u\"}\n", E->event_of[i] + 1,
                        E->events[E->event_of[i]].storyline + 1);
            }
        }
        close_out(out, o->out_path);
    }
    if (!o->quiet)
        say("%zu events, %zu storylines", E->nevents, E->nstorylines);
    if (o->stats_path) {
        FILE *s = fopen(o->stats_path, "w");
        if (!s)
            die("%s: %s", o->stats_path, strerror(errno));
        const sl_events_stats *es = &E->stats;
        double t4 = now();
        fprintf(s,
                "{\"articles\":%zu,\"skipped\":%zu,\"threads\":%u,\"groups\":%zu,"
                "\"copies\":%zu,\"events\":%zu,\"storylines\":%zu,\"merges\":%zu,"
                "\"small_joins\":%zu,\"splits\":%zu,\"moves\":%zu,\"read_s\":%.4f,"
                "\"analyse_s\":%.4f,\"dedup_s\":%.4f,\"features_s\":%.4f,"
                "\"cluster_s\":%.4f,\"records_s\":%.4f,\"storylines_s\":%.4f,"
                "\"output_s\":%.4f,\"total_s\":%.4f}\n",
                n.read, n.skipped, o->cfg.threads, d->ngroups, es->copies, E->nevents,
                E->nstorylines, es->merges, es->small_joins, es->splits, es->moves,
                t1 - t0 - analyse_seconds, analyse_seconds, t2 - t1,
                es->features_s, es->cluster_s, es->records_s, es->storylines_s, t4 - t3,
                t4 - t0);
        close_out(s, o->stats_path);
    }
    sl_events_free(E);
    sl_dedup_free(d);
    sl_corpus_free(c);
    return 0;
}

/* Reads the single article of file `path` (.txt, or the first of a JSON
 * Lines file) into c. */
static void read_one(sl_corpus *c, const opts *o, const char *path)
{
    sl_reader *r;
    sl_read_options rd = o->rd;
    if (sl_reader_open(&r, path, &rd))
        die("%s", sl_errmsg());
    sl_article *a;
    int rc;
    while ((rc = sl_reader_next(r, &a)) < 0) {
        if (rc == SL_EIO || rc == SL_ENOMEM)
            die("%s", sl_errmsg());
        say("%s", sl_errmsg());
    }
    if (rc == 0)
        die("%s: no article", path);
    /* two files may carry the same id: make them distinct */
    size_t dummy;
    if (sl_corpus_find(&dummy, c, a->id) == 0) {
        char id[512];
        snprintf(id, sizeof id, "%s (%s)", a->id, path);
        if (sl_article_set(a, "id", id))
            die("%s", sl_errmsg());
    }
    if (sl_corpus_add(c, a))
        die("%s: %s", path, sl_errmsg());
    sl_reader_free(r);
}

static void wrap_print(FILE *f, const char *indent, const char *s, size_t n, size_t width)
{
    size_t col = 0;
    fputs(indent, f);
    for (size_t i = 0; i < n;) {
        size_t w = i;
        while (w < n && s[w] != ' ' && s[w] != '\n')
            w++;
        if (col && col + (w - i) > width) {
            fputc('\n', f);
            fputs(indent, f);
            col = 0;
        }
        fwrite(s + i, 1, w - i, f);
        col += w - i;
        while (w < n && (s[w] == ' ' || s[w] == '\n'))
            w++;
        if (w < n && col) {
            fputc(' ', f);
            col++;
        }
        i = w;
    }
    fputc('\n', f);
}

static int cmd_compare(opts *o, char **args, int nargs)
{
    if (nargs < 2)
        usage_error("compare needs two files, or two ids and INPUT...");
    sl_corpus *c;
    if (sl_corpus_new(&c, &o->cfg))
        die("%s", sl_errmsg());
    size_t i, j;
    if (nargs == 2) {
        read_one(c, o, args[0]);
        read_one(c, o, args[1]);
        i = 0;
        j = 1;
    } else {
        counts n = {0};
        read_inputs(c, o, &n, args + 2, nargs - 2);
        if (sl_corpus_find(&i, c, args[0]))
            die("%s", sl_errmsg());
        if (sl_corpus_find(&j, c, args[1]))
            die("%s", sl_errmsg());
        if (i == j)
            usage_error("compare needs two different articles");
    }
    sl_pair *p;
    if (sl_compare(&p, c, i, j))
        die("%s", sl_errmsg());
    FILE *out = open_out(o);
    const sl_article *A = sl_corpus_article(c, p->a), *B = sl_corpus_article(c, p->b);
    const sl_span *sa, *sb;
    size_t na, nb;
    if (sl_corpus_sentences(&sa, &na, c, p->a) || sl_corpus_sentences(&sb, &nb, c, p->b))
        die("%s", sl_errmsg());
    if (resolve_format(o, out) == FMT_JSON) {
        /* the pair record with its event evidence, the aligned sentences' text */
        json_pair(out, c, p, SL_JSON_EVIDENCE);
        for (size_t x = 0; x < p->naligned; x++) {
            const sl_align *al = &p->aligned[x];
            fprintf(out, "{\"type\":\"aligned\",\"a\":%u,\"b\":%u,\"sim\":%.3f,\"text_a\":",
                    al->a, al->b, al->sim);
            json_strn(out, A->text + sa[al->a].off, sa[al->a].len);
            fputs(",\"text_b\":", out);
            json_strn(out, B->text + sb[al->b].off, sb[al->b].len);
            fputs("}\n", out);
        }
    } else {
        fprintf(out, "A: %s (%zu sentence%s)\nB: %s (%zu sentence%s)\n\n", A->id, na,
                na == 1 ? "" : "s", B->id, nb, nb == 1 ? "" : "s");
        fprintf(out, "relation:      %s%s\n", sl_relation_name(p->relation),
                p->exact ? " (identical normalised text)" : "");
        fprintf(out, "shingles:      Jaccard %.2f, containment %.2f\n", p->jaccard,
                p->containment);
        fprintf(out, "content terms: overlap %.2f\n", p->term_overlap);
        fprintf(out, "alignment:     %zu sentence pair%s, coverage %.2f, order %.2f\n",
                p->naligned, p->naligned == 1 ? "" : "s", p->coverage, p->order);
        {
            fprintf(out, "event:         score %.2f (topic %.2f, entities %.2f)%s%s%s\n",
                    p->event_score, p->topic_sim, p->entity_sim,
                    p->time_conflict ? ", event times apart" : "",
                    p->actor_conflict ? ", about different people" : "",
                    p->amount_conflict ? ", sums apart" : "");
            if (p->a_lead || p->b_lead)
                fprintf(out, "about:         A %s, B %s\n", p->a_lead ? p->a_lead : "-",
                        p->b_lead ? p->b_lead : "-");
            if (p->a_amount || p->b_amount)
                fprintf(out, "sums:          A %s, B %s%s\n", p->a_amount ? p->a_amount : "-",
                        p->b_amount ? p->b_amount : "-",
                        p->amount_conflict ? " (an order of magnitude apart)" : "");
            char at[80], bt[80];
            fprintf(out, "event times:   A %s, B %s\n",
                    event_time(at, p->a_start, p->a_end, p->a_month, p->a_mday),
                    event_time(bt, p->b_start, p->b_end, p->b_month, p->b_mday));
            if (p->a_recalls != SL_TIME_UNKNOWN || p->b_recalls != SL_TIME_UNKNOWN) {
                char rd[32];
                int a_side = p->a_recalls != SL_TIME_UNKNOWN;
                sl_format_date(rd, sizeof rd, a_side ? p->a_recalls : p->b_recalls);
                fprintf(out, "recalls:       %s names %s, inside %s's %s: a follow-up, "
                             "not another time\n",
                        a_side ? "A" : "B", rd, a_side ? "B" : "A",
                        (a_side ? p->b_month : p->a_month) ? "month or day" : "window");
            }
            if (p->common_day != SL_TIME_UNKNOWN) {
                char cd[32];
                sl_format_date(cd, sizeof cd, p->common_day);
                fprintf(out, "common day:    both name %s: one happening, not another time\n",
                        cd);
            }
            if (p->years_guessed)
                fputs("years guessed: both event years are guesses from undated texts, "
                      "not counted apart\n",
                      out);
            if (p->time_agree)
                fputs("same time:     both windows are stated and at most a week apart: "
                      "counts for one happening\n",
                      out);
            fputs("shared:       ", out);
            for (size_t x = 0; x < p->nshared_entities; x++)
                fprintf(out, "%s %s", x ? "," : "", p->shared_entities[x]);
            if (!p->nshared_entities)
                fputs(" no entities", out);
            fputc('\n', out);
            for (size_t x = 0; x < p->nshared_quotes; x++)
                fprintf(out, "shared quote:  \"%s\"\n", p->shared_quotes[x]);
            for (size_t x = 0; x < p->ndrift; x++)
                fprintf(out, "quote drift:   A \"%s\"\n               B \"%s\" (%.2f)\n",
                        p->drift[x].a, p->drift[x].b, p->drift[x].similarity);
        }
        if (p->source != SL_NONE)
            fprintf(out, "direction:     %s -> %s (%s%s%s)\n", id_of(c, p->source),
                    id_of(c, p->source == p->a ? p->b : p->a), sl_cue_name(p->cue),
                    p->cue_detail ? ": " : "", p->cue_detail ? p->cue_detail : "");
        else if (p->relation == SL_REL_DUPLICATE || p->relation == SL_REL_REWRITE)
            fputs("direction:     unknown (no cue)\n", out);
        for (size_t x = 0; x < p->naligned; x++) {
            const sl_align *al = &p->aligned[x];
            fprintf(out, "\n[A %u] <-> [B %u]  similarity %.2f\n", al->a, al->b, al->sim);
            wrap_print(out, "  A| ", A->text + sa[al->a].off, sa[al->a].len, 74);
            wrap_print(out, "  B| ", B->text + sb[al->b].off, sb[al->b].len, 74);
        }
    }
    close_out(out, o->out_path);
    sl_pair_free(p);
    sl_corpus_free(c);
    return 0;
}

/* ------------------------------------------------------------ store */

static sl_store *open_store(const opts *o, unsigned flags)
{
    sl_store *st;
    if (sl_store_open(&st, o->db_path ? o->db_path : "storyline.db", &o->cfg, flags))
        die("%s", sl_errmsg());
    return st;
}

static void add_batch(sl_store *st, sl_article **v, size_t *nv, size_t cnt[3])
{
    if (!*nv)
        return;
    char *res;
    if (sl_store_add(&res, st, v, *nv))
        die("%s", sl_errmsg());
    /* {"added":A,"updated":U,"unchanged":N,...} */
    json_object *doc = json_tokener_parse(res), *x;
    static const char *const K[3] = {"added", "updated", "unchanged"};
    for (int k = 0; k < 3; k++) {
        if (!doc || !json_object_object_get_ex(doc, K[k], &x))
            die("unexpected answer from the store");
        cnt[k] += (size_t)json_object_get_int64(x);
    }
    json_object_put(doc);
    free(res);
    for (size_t i = 0; i < *nv; i++)
        sl_article_free(v[i]);
    *nv = 0;
    if (getenv("STORYLINE_TRACE_COMMITS")) /* tests: what is durable */
        fprintf(stderr, "storyline: committed %zu articles\n", cnt[0] + cnt[1] + cnt[2]);
    progress("adding: %zu new, %zu updated, %zu unchanged", cnt[0], cnt[1], cnt[2]);
}

typedef struct add_fill {
    sl_store *st;
    sl_article **v;
    size_t nv, bsz, cnt[3];
    counts *n;
} add_fill;

static void add_one(void *ud, sl_article *a, const sl_reader *r)
{
    (void)r;
    add_fill *af = ud;
    af->n->read++;
    af->v[af->nv++] = a;
    if (af->nv == af->bsz)
        add_batch(af->st, af->v, &af->nv, af->cnt);
}

static int cmd_add(opts *o, char **inputs, int ninputs)
{
    if (ninputs < 1)
        usage_error("add needs at least one INPUT");
    counts n = {0};
    add_fill af = {.st = open_store(o, SL_STORE_CREATE), .bsz = o->batch ? o->batch : 1000, .n = &n};
    if (!(af.v = malloc(af.bsz * sizeof *af.v)))
        die("out of memory");
    each_article(o, &n, inputs, ninputs, add_one, &af);
    add_batch(af.st, af.v, &af.nv, af.cnt);
    progress_done();
    summary_read(o, &n);
    if (!o->quiet) {
        char *stats;
        if (sl_store_stats(&stats, af.st))
            die("%s", sl_errmsg());
        fprintf(stderr, "storyline: %zu new, %zu updated, %zu unchanged; store: %s\n", af.cnt[0],
                af.cnt[1], af.cnt[2], stats);
        free(stats);
    }
    free(af.v);
    sl_store_close(af.st);
    return n.skipped ? 1 : 0;
}

static int cmd_export(opts *o, char **args, int nargs)
{
    (void)args;
    if (nargs)
        usage_error("export takes no INPUT (the store is --db)");
    if (!o->out_dir)
        usage_error("export needs --out DIR");
    sl_store *st = open_store(o, SL_STORE_READONLY);
    if (sl_store_export(st, o->out_dir))
        die("%s", sl_errmsg());
    sl_store_close(st);
    return 0;
}

/* The commands that share the options above (eval, serve and report
 * parse their own). */
static const struct command {
    const char *name;
    int (*run)(opts *o, char **args, int nargs);
} commands[] = {{"dedup", cmd_dedup},     {"compare", cmd_compare}, {"facts", cmd_facts},
                {"cluster", cmd_cluster}, {"add", cmd_add},         {"export", cmd_export}};

/* Fails when option `opt` was given (`given`) to command `cmd`, which is
 * not among `cmds` ("dedup and cluster": the commands, joined by " and "). */
static void only_for(const char *cmd, int given, const char *opt, const char *cmds)
{
    if (!given)
        return;
    size_t n = strlen(cmd);
    for (const char *p = cmds; *p;) {
        const char *q = strstr(p, " and ");
        size_t len = q ? (size_t)(q - p) : strlen(p);
        if (len == n && strncmp(p, cmd, n) == 0)
            return;
        p += len + (q ? 5 : 0);
    }
    usage_error("%s applies to %s only, not %s", opt, cmds, cmd);
}

int main(int argc, char **argv)
{
    /* eval has options of its own (--gold ...) */
    if (argc > 1 && strcmp(argv[1], "eval") == 0)
        return sl_cli_eval(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "serve") == 0)
        return sl_cli_serve(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "report") == 0)
        return sl_cli_report(argc - 1, argv + 1);
    opts o;
    memset(&o, 0, sizeof o);
    sl_config_init(&o.cfg);
    int npos = parse_opts(&o, argc, argv);
    progress_ok = !o.quiet && isatty(STDERR_FILENO);
    if (npos < 1)
        usage_error("no command given");
    if (sl_config_check(&o.cfg))
        usage_error("%s", sl_errmsg());
    const char *cmd = argv[0];
    if (!o.cfg.rewrites && strcmp(cmd, "dedup") != 0)
        usage_error("--no-rewrites applies to dedup only (%s needs the word counts it skips)",
                    cmd);
    const struct command *c = NULL;
    for (size_t k = 0; k < sizeof commands / sizeof *commands && !c; k++)
        if (strcmp(cmd, commands[k].name) == 0)
            c = &commands[k];
    if (!c)
        usage_error("unknown command \"%s\"", cmd);
    /* an option the command would not read is an error, not ignored */
    only_for(cmd, o.pairs, "--pairs", "dedup");
    only_for(cmd, o.stats_path != NULL, "--stats", "dedup and cluster");
    only_for(cmd, o.out_dir != NULL, "--out", "cluster and export");
    only_for(cmd, o.db_path != NULL, "--db", "add and export");
    only_for(cmd, o.batch != 0, "--batch", "add");
    return c->run(&o, argv + 1, npos - 1);
}
