/*
 * eval.c - `storyline eval`: scores a clustering against gold labels with
 * sl_eval_clusters().  Uses only the public API (storyline.h) and json-c.
 *
 *   storyline eval --gold GOLD.tsv [--format text|json] [-q] PRED
 *
 * GOLD.tsv: a header line, then id<TAB>event[<TAB>topic] (all lines with a
 * topic or none).  PRED ("-": standard input), one article a line, either
 *   id<TAB>cluster[<TAB>anything]
 * or a JSON object with "id" and the first present of "event", "cluster",
 * "event_id", "cluster_id" (a string or an integer; an object: its "id").
 * Blank lines are skipped; when an id comes twice the last line counts;
 * predicted ids not in the gold are ignored (a note says how many); gold
 * articles without a prediction are scored as singletons.  This is what
 * the reference scorer tests/ref/eval_clusters.py reads, except that a
 * record without a usable cluster is an error here rather than the label
 * "None".
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "cli.h"
#include "storyline.h"

static const char eval_usage[] =
    "usage: storyline eval --gold GOLD.tsv [--format text|json] [-q] PRED\n"
    "\n"
    "Scores the clustering PRED against the gold events of GOLD.tsv.\n"
    "\n"
    "  --gold FILE        gold labels: a header line, then id<TAB>event[<TAB>topic]\n"
    "  --format text|json default: text on a terminal, json otherwise\n"
    "  -q, --quiet        no notes on stderr\n"
    "  -h, --help         this help\n"
    "\n"
    "PRED (- for standard input) has one article a line: id<TAB>cluster, or a\n"
    "JSON object with \"id\" and one of \"event\", \"cluster\", \"event_id\",\n"
    "\"cluster_id\" (a string or an integer; an object: its \"id\").  Predicted\n"
    "ids not in the gold are ignored; gold articles without a prediction are\n"
    "scored as singletons.\n"
    "\n"
    "Scores: pairwise precision/recall/F1 over article pairs put together,\n"
    "B-cubed precision/recall/F1, adjusted Rand index, and (when the gold has\n"
    "topics) the share of same-topic, different-event pairs put together.\n"
    "\n"
    "Exit status: 0 on success, 1 on errors, 2 on bad usage.\n";

/* ------------------------------------------------------------ messages */

static void err(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("storyline: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* "storyline: FILE:LINE: message" */
static void err_at(const char *file, size_t line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "storyline: %s:%zu: ", file, line);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

#define usage(...) sl_cli_usage("eval", __VA_ARGS__)

/* ------------------------------------------------------------ files */

/* Reads all of `path` ("-": stdin) into a NUL-terminated buffer. */
static int slurp(char **out, size_t *outlen, const char *path)
{
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        err("%s: %s", path, strerror(errno));
        return -1;
    }
    size_t len = 0, cap = 1 << 16;
    char *buf = malloc(cap);
    for (;;) {
        if (!buf) {
            err("out of memory");
            break;
        }
        len += fread(buf + len, 1, cap - 1 - len, f);
        if (len < cap - 1)
            break;
        char *p = cap <= SIZE_MAX / 2 ? realloc(buf, cap * 2) : NULL;
        if (!p)
            free(buf);
        buf = p;
        cap *= 2;
    }
    int bad = !buf || ferror(f);
    if (buf && ferror(f))
        err("%s: read error: %s", is_stdin ? "<stdin>" : path, strerror(errno));
    if (!is_stdin)
        fclose(f);
    if (bad) {
        free(buf);
        return -1;
    }
    buf[len] = '\0';
    *out = buf;
    *outlen = len;
    return 0;
}

/* Line iterator over a buffer; lines are NUL-terminated in place. */
typedef struct lines {
    char *p, *end;
    size_t no;
} lines;

/* Next line (without "\n" and a "\r" before it) in *line, its length in
 * *len.  0 at the end, 1 for a line, -1 for a line with a NUL byte. */
static int next_line(lines *it, char **line, size_t *len)
{
    if (it->p >= it->end)
        return 0;
    char *s = it->p;
    char *nl = memchr(s, '\n', (size_t)(it->end - s));
    char *e = nl ? nl : it->end;
    it->p = nl ? nl + 1 : it->end;
    it->no++;
    if (e > s && e[-1] == '\r')
        e--;
    *e = '\0';
    *line = s;
    *len = (size_t)(e - s);
    return memchr(s, '\0', *len) ? -1 : 1;
}

/* ------------------------------------------------------------ id map */

typedef struct idmap {
    size_t *slot; /* index + 1, 0: empty */
    size_t mask;
    char **ids;   /* the gold ids, by index */
} idmap;

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h ^ (h >> 29);
}

/* Index of id, or SIZE_MAX when absent. */
static size_t idmap_get(const idmap *m, const char *id)
{
    for (size_t i = (size_t)hash_str(id) & m->mask;; i = (i + 1) & m->mask) {
        size_t v = m->slot[i];
        if (!v)
            return SIZE_MAX;
        if (strcmp(m->ids[v - 1], id) == 0)
            return v - 1;
    }
}

/* Adds id (m->ids[index] must be id or be set to it next) at `index`;
 * returns `index`, or the earlier index when id is present already. */
static size_t idmap_put(idmap *m, const char *id, size_t index)
{
    for (size_t i = (size_t)hash_str(id) & m->mask;; i = (i + 1) & m->mask) {
        size_t v = m->slot[i];
        if (!v) {
            m->slot[i] = index + 1;
            return index;
        }
        if (strcmp(m->ids[v - 1], id) == 0)
            return v - 1;
    }
}

/* ------------------------------------------------------------ gold */

typedef struct gold {
    char *buf;
    size_t n;
    char **id, **event, **topic; /* topic NULL when the file has none */
    size_t *line;                /* line of each article */
    idmap map;
} gold;

static void gold_free(gold *g)
{
    free(g->buf);
    free(g->id);
    free(g->event);
    free(g->topic);
    free(g->line);
    free(g->map.slot);
}

/* Splits a line at tabs in place: up to `max` fields in f[], returns the
 * number of fields (extra fields are left in the last one's tail). */
static size_t split_tabs(char *s, char **f, size_t max)
{
    size_t k = 0;
    f[k++] = s;
    while (k < max) {
        char *t = strchr(s, '\t');
        if (!t)
            break;
        *t = '\0';
        s = t + 1;
        f[k++] = s;
    }
    if (k == max) { /* cut at a further tab: ignore extra columns */
        char *t = strchr(f[k - 1], '\t');
        if (t)
            *t = '\0';
    }
    return k;
}

static int gold_read(gold *g, const char *path)
{
    size_t len;
    if (slurp(&g->buf, &len, path))
        return -1;
    lines it = {g->buf, g->buf + len, 0};
    char *line;
    size_t ll;
    int rc = next_line(&it, &line, &ll);
    if (rc == 0) {
        err("%s: empty file (expected a header line, then id<TAB>event[<TAB>topic])", path);
        return -1;
    }
    /* upper bound of the articles: the remaining newlines + 1 */
    size_t cap = 1;
    for (const char *p = it.p; p < it.end; p++)
        cap += *p == '\n';
    g->id = malloc(cap * sizeof *g->id);
    g->event = malloc(cap * sizeof *g->event);
    g->topic = malloc(cap * sizeof *g->topic);
    g->line = malloc(cap * sizeof *g->line);
    size_t slots = 16;
    while (slots < 2 * cap)
        slots *= 2;
    g->map.slot = calloc(slots, sizeof *g->map.slot);
    g->map.mask = slots - 1;
    g->map.ids = g->id;
    if (!g->id || !g->event || !g->topic || !g->line || !g->map.slot) {
        err("out of memory");
        return -1;
    }
    int with_topic = -1; /* unknown until the first article */
    while ((rc = next_line(&it, &line, &ll)) != 0) {
        if (rc < 0) {
            err_at(path, it.no, "NUL byte in the line");
            return -1;
        }
        if (ll == 0)
            continue;
        char *f[3];
        size_t k = split_tabs(line, f, 3);
        if (k < 2) {
            err_at(path, it.no, "expected id<TAB>event[<TAB>topic]");
            return -1;
        }
        if (!*f[0] || !*f[1] || (k == 3 && !*f[2])) {
            err_at(path, it.no, "empty %s", !*f[0] ? "id" : !*f[1] ? "event" : "topic");
            return -1;
        }
        if (with_topic < 0) {
            with_topic = k == 3;
        } else if (with_topic != (k == 3)) {
            err_at(path, it.no, "%s topic column, unlike line %zu",
                k == 3 ? "a" : "no", g->line[0]);
            return -1;
        }
        size_t i = g->n;
        size_t at = idmap_put(&g->map, f[0], i);
        if (at != i) {
            err_at(path, it.no, "duplicate id \"%s\" (first on line %zu)", f[0],
                g->line[at]);
            return -1;
        }
        g->id[i] = f[0];
        g->event[i] = f[1];
        g->topic[i] = k == 3 ? f[2] : NULL;
        g->line[i] = it.no;
        g->n++;
    }
    if (g->n == 0) {
        err("%s: no articles (expected a header line, then id<TAB>event[<TAB>topic])", path);
        return -1;
    }
    if (with_topic != 1) {
        free(g->topic);
        g->topic = NULL;
    }
    return 0;
}

/* ------------------------------------------------------------ prediction */

/* Copies of labels taken from JSON records, in large blocks. */
typedef struct arena {
    struct block *head;
    size_t used, cap;
} arena;

struct block {
    struct block *next;
    char data[];
};

static char *arena_strdup(arena *a, const char *s)
{
    size_t n = strlen(s) + 1;
    if (!a->head || a->cap - a->used < n) {
        size_t cap = n > 65536 ? n : 65536;
        struct block *b = malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        b->next = a->head;
        a->head = b;
        a->used = 0;
        a->cap = cap;
    }
    char *d = a->head->data + a->used;
    memcpy(d, s, n);
    a->used += n;
    return d;
}

static void arena_free(arena *a)
{
    while (a->head) {
        struct block *b = a->head;
        a->head = b->next;
        free(b);
    }
}

typedef struct pred {
    char *buf;
    const char **label; /* by gold index; NULL: no prediction */
    arena copies;
    size_t unknown;     /* records whose id is not in the gold */
    size_t first_unknown_line;
    size_t repeated;    /* records repeating an id seen before */
    size_t records;
} pred;

static void pred_free(pred *p)
{
    free(p->buf);
    free(p->label);
    arena_free(&p->copies);
}

static int is_space(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

/* Text of a JSON id or label: a string as is, an integer in decimal.
 * NULL for any other type. */
static const char *json_label(json_object *v)
{
    if (json_object_is_type(v, json_type_string))
        return json_object_get_string(v);
    if (json_object_is_type(v, json_type_int))
        return json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN);
    return NULL;
}

static const char *const cluster_keys[] = {"event", "cluster", "event_id", "cluster_id"};

/* Parses one JSON record into *id and *label (valid while obj lives).
 * Prints the error and returns -1 when it is not usable. */
static int json_record(json_object **obj, const char **id, const char **label,
                       json_tokener *tok, const char *line, size_t len, const char *file,
                       size_t no)
{
    json_tokener_reset(tok);
    /* The terminating NUL is passed too: it tells json-c the data ends. */
    *obj = json_tokener_parse_ex(tok, line, (int)len + 1);
    enum json_tokener_error jerr = json_tokener_get_error(tok);
    if (jerr != json_tokener_success) {
        err_at(file, no, "malformed JSON: %s",
            jerr == json_tokener_continue ? "unexpected end of line"
                                          : json_tokener_error_desc(jerr));
        return -1;
    }
    if (json_tokener_get_parse_end(tok) < len) {
        err_at(file, no, "malformed JSON: text after the object");
        return -1;
    }
    if (!json_object_is_type(*obj, json_type_object)) {
        err_at(file, no, "expected a JSON object");
        return -1;
    }
    json_object *v;
    if (!json_object_object_get_ex(*obj, "id", &v)) {
        err_at(file, no, "no \"id\"");
        return -1;
    }
    if (!(*id = json_label(v))) {
        err_at(file, no, "\"id\" must be a string or an integer");
        return -1;
    }
    const char *key = NULL;
    for (size_t k = 0; k < sizeof cluster_keys / sizeof *cluster_keys && !key; k++)
        if (json_object_object_get_ex(*obj, cluster_keys[k], &v))
            key = cluster_keys[k];
    if (!key) {
        err_at(file, no, "no \"event\", \"cluster\", \"event_id\" or \"cluster_id\"");
        return -1;
    }
    if (json_object_is_type(v, json_type_object)) {
        json_object *inner;
        if (!json_object_object_get_ex(v, "id", &inner)) {
            err_at(file, no, "\"%s\" is an object without \"id\"", key);
            return -1;
        }
        v = inner;
    }
    if (!(*label = json_label(v))) {
        err_at(file, no, "\"%s\" must be a string, an integer or an object with \"id\"", key);
        return -1;
    }
    return 0;
}

static int pred_read(pred *p, const gold *g, const char *path)
{
    size_t len;
    if (slurp(&p->buf, &len, path))
        return -1;
    if (!(p->label = calloc(g->n, sizeof *p->label))) {
        err("out of memory");
        return -1;
    }
    json_tokener *tok = json_tokener_new();
    if (!tok) {
        err("out of memory");
        return -1;
    }
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
    const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    lines it = {p->buf, p->buf + len, 0};
    char *line;
    size_t ll;
    int rc, failed = 0;
    while (!failed && (rc = next_line(&it, &line, &ll)) != 0) {
        if (rc < 0) {
            err_at(name, it.no, "NUL byte in the line");
            failed = 1;
            break;
        }
        while (ll && is_space(line[ll - 1]))
            line[--ll] = '\0';
        while (ll && is_space(*line)) {
            line++;
            ll--;
        }
        if (!ll)
            continue;
        const char *id = NULL, *label = NULL;
        json_object *obj = NULL;
        if (ll >= INT_MAX) {
            err_at(name, it.no, "line too long");
            failed = 1;
        } else if (*line == '{') {
            if (json_record(&obj, &id, &label, tok, line, ll, name, it.no) == 0) {
                if (!(label = arena_strdup(&p->copies, label))) {
                    err("out of memory");
                    failed = 1;
                }
            } else {
                failed = 1;
            }
        } else {
            char *f[2] = {NULL, NULL};
            if (split_tabs(line, f, 2) < 2) {
                err_at(name, it.no, "expected id<TAB>cluster or a JSON object");
                failed = 1;
            } else if (!*f[0] || !*f[1]) {
                err_at(name, it.no, "empty %s", !*f[0] ? "id" : "cluster");
                failed = 1;
            }
            id = f[0];
            label = f[1];
        }
        if (!failed) {
            p->records++;
            size_t i = idmap_get(&g->map, id);
            if (i == SIZE_MAX) {
                if (!p->unknown++)
                    p->first_unknown_line = it.no;
            } else {
                if (p->label[i])
                    p->repeated++;
                p->label[i] = label;
            }
        }
        json_object_put(obj);
    }
    json_tokener_free(tok);
    return failed ? -1 : 0;
}

/* ------------------------------------------------------------ output */

static void print_text(FILE *f, const sl_eval *e)
{
    fprintf(f, "articles scored      %8zu\n", e->n);
    fprintf(f, "gold clusters        %8zu\n", e->gold_clusters);
    fprintf(f, "predicted clusters   %8zu\n", e->pred_clusters);
    fprintf(f, "missing predictions  %8zu\n", e->missing);
    fprintf(f, "\n");
    fprintf(f, "%-12s %9s %7s %7s\n", "", "precision", "recall", "F1");
    fprintf(f, "%-12s %9.3f %7.3f %7.3f\n", "pairwise", e->pair_p, e->pair_r, e->pair_f1);
    fprintf(f, "%-12s %9.3f %7.3f %7.3f\n", "B-cubed", e->bcubed_p, e->bcubed_r,
            e->bcubed_f1);
    fprintf(f, "%-12s %25.3f\n", "ARI", e->ari);
    fprintf(f, "\n");
    if (e->topic_merge < 0)
        fprintf(f, "same-topic different-event pairs merged: n/a (no topics in the gold)\n");
    else
        fprintf(f, "same-topic different-event pairs merged: %.1f%%\n", 100 * e->topic_merge);
}

static void print_json(FILE *f, const sl_eval *e)
{
    fprintf(f,
            "{\"n\":%zu,\"gold_clusters\":%zu,\"pred_clusters\":%zu,\"missing\":%zu,"
            "\"pair_p\":%.6f,\"pair_r\":%.6f,\"pair_f1\":%.6f,"
            "\"bcubed_p\":%.6f,\"bcubed_r\":%.6f,\"bcubed_f1\":%.6f,\"ari\":%.6f,",
            e->n, e->gold_clusters, e->pred_clusters, e->missing, e->pair_p, e->pair_r,
            e->pair_f1, e->bcubed_p, e->bcubed_r, e->bcubed_f1, e->ari);
    if (e->topic_merge < 0)
        fputs("\"topic_merge\":null}\n", f);
    else
        fprintf(f, "\"topic_merge\":%.6f}\n", e->topic_merge);
}

/* ------------------------------------------------------------ command */

enum { FMT_AUTO, FMT_TEXT, FMT_JSON };

int sl_cli_eval(int argc, char **argv)
{
    const char *gold_path = NULL, *pred_path = NULL;
    int format = FMT_AUTO, quiet = 0, only_pos = 0, npos = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_pos || a[0] != '-' || strcmp(a, "-") == 0) {
            if (npos++ == 0)
                pred_path = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_pos = 1;
            continue;
        }
        const char *val = NULL;
        size_t nlen = strlen(a);
        const char *eq = strncmp(a, "--", 2) == 0 ? strchr(a, '=') : NULL;
        if (eq) {
            nlen = (size_t)(eq - a);
            val = eq + 1;
        }
#define IS(s) (nlen == strlen(s) && strncmp(a, s, nlen) == 0)
        if (IS("-h") || IS("--help")) {
            fputs(eval_usage, stdout);
            return 0;
        } else if (IS("-q") || IS("--quiet")) {
            if (val)
                return usage("%.*s takes no value", (int)nlen, a);
            quiet = 1;
        } else if (IS("--gold") || IS("--format")) {
            if (!val) {
                if (i + 1 >= argc)
                    return usage("%s needs a value", a);
                val = argv[++i];
            }
            if (IS("--gold")) {
                gold_path = val;
            } else if (strcmp(val, "json") == 0) {
                format = FMT_JSON;
            } else if (strcmp(val, "text") == 0) {
                format = FMT_TEXT;
            } else {
                return usage("--format is json or text, not \"%s\"", val);
            }
        } else {
            return usage("unknown option %.*s", (int)nlen, a);
        }
#undef IS
    }
    if (!gold_path)
        return usage("needs --gold GOLD.tsv");
    if (npos != 1)
        return usage(npos ? "takes one PRED file, not %d" : "needs a PRED file", npos);

    gold g;
    pred p;
    memset(&g, 0, sizeof g);
    memset(&p, 0, sizeof p);
    int status = 1;
    if (gold_read(&g, gold_path) || pred_read(&p, &g, pred_path))
        goto done;
    const char *pname = strcmp(pred_path, "-") == 0 ? "<stdin>" : pred_path;
    if (!quiet && p.unknown)
        err("note: %s: %zu predicted id%s not in the gold, ignored (the first on line %zu)",
            pname, p.unknown, p.unknown == 1 ? " is" : "s are", p.first_unknown_line);
    if (!quiet && p.repeated)
        err("note: %s: %zu id%s predicted again: the last line counts", pname, p.repeated,
            p.repeated == 1 ? "" : "s");
    sl_eval e;
    if (sl_eval_clusters(&e, (const char *const *)g.event, p.label,
                         (const char *const *)g.topic, g.n)) {
        err("%s", sl_errmsg());
        goto done;
    }
    if (!quiet && e.missing)
        err("note: %zu of %zu gold article%s no prediction: scored as singletons", e.missing,
            e.n, e.missing == 1 ? " has" : "s have");
    if (format == FMT_AUTO)
        format = isatty(STDOUT_FILENO) ? FMT_TEXT : FMT_JSON;
    if (format == FMT_TEXT)
        print_text(stdout, &e);
    else
        print_json(stdout, &e);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        err("stdout: write error: %s", strerror(errno));
        goto done;
    }
    status = 0;
done:
    pred_free(&p);
    gold_free(&g);
    return status;
}
