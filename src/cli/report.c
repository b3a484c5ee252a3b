/*
 * report.c - `storyline report`: the web view (web/index.html, compiled in
 * as cli_web_index) with the whole collection embedded, as one static HTML
 * file that needs no server and no network.  Uses only the public API
 * (storyline.h) and json-c.
 *
 *   storyline report [--db PATH] -o FILE [-q]
 *
 * The page gets, right before its first <script> tag,
 *
 *   <script>window.SL_DATA={"events":[...],"event":{ID:doc},
 *     "storyline":{ID:doc},"article":{ID:doc},"compare":{"A\tB":doc}};</script>
 *
 * with the documents of docs/api.md as the store returns them: every event
 * list entry, every event, the storylines and member articles they name,
 * and the comparisons the pages link (each group member with its group's
 * representative, each independent report with the event's representative,
 * as web/index.html does; and each article with its related articles).
 * The web view answers its queries from SL_DATA instead of the HTTP API.
 * Inside the script "</" is written "<\/", "<!--" "\u003c!--", and U+2028
 * and U+2029 as escapes, so no document text can end the script.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "cli.h"
#include "storyline.h"

static const char report_usage[] =
    "usage: storyline report [--db PATH] -o FILE [-q]\n"
    "\n"
    "Writes the web view with the whole collection embedded: one HTML file\n"
    "that opens in a browser without a server or network.\n"
    "\n"
    "  --db PATH          the store (default ./storyline.db), opened read-only\n"
    "  -o, --output FILE  the HTML file to write (- for standard output)\n"
    "  -q, --quiet        no progress and no summary on stderr\n"
    "  -h, --help         this help\n"
    "\n"
    "Exit status: 0 on success, 1 on errors, 2 on bad usage.\n";

/* ------------------------------------------------------------ messages */

#define err sl_cli_err

#define usage(...) sl_cli_usage("report", __VA_ARGS__)

static int show_progress; /* stderr is a terminal and not -q */

static void progress(const char *what, size_t i, size_t n)
{
    if (show_progress && (i % 16 == 0 || i == n)) {
        fprintf(stderr, "\r\033[Kstoryline: report: %s %zu/%zu", what, i, n);
        fflush(stderr);
    }
}

static void progress_done(void)
{
    if (show_progress)
        fputs("\r\033[K", stderr);
}

/* Message for a failed store call: the library's, else the code's name. */
static const char *store_msg(int rc)
{
    const char *m = sl_errmsg();
    return m && *m ? m : sl_strerror(rc);
}

/* ------------------------------------------------------------ string set */

/* Strings in insertion order, with a hash index for membership. */
typedef struct strset {
    char **items;
    size_t n, cap;
    size_t *slot; /* index + 1, 0: empty */
    size_t mask;
} strset;

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h ^ (h >> 29);
}

static int strset_grow(strset *s)
{
    size_t slots = s->slot ? (s->mask + 1) * 2 : 64;
    size_t *slot = calloc(slots, sizeof *slot);
    if (!slot)
        return -1;
    for (size_t k = 0; k < s->n; k++) {
        size_t i = (size_t)hash_str(s->items[k]) & (slots - 1);
        while (slot[i])
            i = (i + 1) & (slots - 1);
        slot[i] = k + 1;
    }
    free(s->slot);
    s->slot = slot;
    s->mask = slots - 1;
    return 0;
}

/* Adds a copy of str: 1 when added, 0 when present, -1 out of memory. */
static int strset_add(strset *s, const char *str)
{
    if ((!s->slot || 2 * (s->n + 1) > s->mask + 1) && strset_grow(s))
        return -1;
    size_t i = (size_t)hash_str(str) & s->mask;
    for (; s->slot[i]; i = (i + 1) & s->mask)
        if (strcmp(s->items[s->slot[i] - 1], str) == 0)
            return 0;
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 64;
        char **items = realloc(s->items, cap * sizeof *items);
        if (!items)
            return -1;
        s->items = items;
        s->cap = cap;
    }
    char *copy = strdup(str);
    if (!copy)
        return -1;
    s->items[s->n] = copy;
    s->slot[i] = ++s->n;
    return 1;
}

static void strset_free(strset *s)
{
    for (size_t k = 0; k < s->n; k++)
        free(s->items[k]);
    free(s->items);
    free(s->slot);
}

/* ------------------------------------------------------------ output */

typedef struct out {
    FILE *f;
    int failed; /* a write failed */
} out;

static void put(out *o, const char *s, size_t n)
{
    if (n && fwrite(s, 1, n, o->f) != n)
        o->failed = 1;
}

static void puts_(out *o, const char *s)
{
    put(o, s, strlen(s));
}

/* Writes JSON text so that it cannot end or confuse the <script> element
 * it is in: "</" becomes "<\/", "<!--" "\u003c!--", U+2028 and U+2029
 * their \u escapes.  All of these occur only inside JSON strings, where
 * the escapes mean the same characters. */
static void put_script_json(out *o, const char *s)
{
    const char *run = s;
    for (const char *p = s; *p; p++) {
        const char *rep = NULL;
        size_t skip = 1;
        if (p[0] == '<' && p[1] == '/') {
            rep = "<\\/";
            skip = 2;
        } else if (p[0] == '<' && strncmp(p, "<!--", 4) == 0) {
            rep = "\\u003c";
        } else if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
                   ((unsigned char)p[2] == 0xA8 || (unsigned char)p[2] == 0xA9)) {
            rep = (unsigned char)p[2] == 0xA8 ? "\\u2028" : "\\u2029";
            skip = 3;
        }
        if (!rep)
            continue;
        put(o, run, (size_t)(p - run));
        puts_(o, rep);
        p += skip - 1;
        run = p + 1;
    }
    put(o, run, strlen(run));
}

/* Writes the JSON string of s (a key), escaped as above. */
static int put_key(out *o, const char *s)
{
    json_object *js = json_object_new_string(s);
    if (!js)
        return -1;
    put_script_json(o, json_object_to_json_string_ext(js, JSON_C_TO_STRING_PLAIN |
                                                              JSON_C_TO_STRING_NOSLASHESCAPE));
    put(o, ":", 1);
    json_object_put(js);
    return 0;
}

/* ------------------------------------------------------------ JSON */

/* obj[key] when it is a string, else NULL. */
static const char *jstr(json_object *obj, const char *key)
{
    json_object *v;
    if (!json_object_object_get_ex(obj, key, &v) || !json_object_is_type(v, json_type_string))
        return NULL;
    return json_object_get_string(v);
}

/* obj[key] when it is an array, else NULL. */
static json_object *jarr(json_object *obj, const char *key)
{
    json_object *v;
    if (!json_object_object_get_ex(obj, key, &v) || !json_object_is_type(v, json_type_array))
        return NULL;
    return v;
}

/* obj[key] when it is an integer (*val), 1; else 0 (absent or null). */
static int jint(json_object *obj, const char *key, int64_t *val)
{
    json_object *v;
    if (!json_object_object_get_ex(obj, key, &v) || !json_object_is_type(v, json_type_int))
        return 0;
    *val = json_object_get_int64(v);
    return 1;
}

static json_object *parse_doc(const char *doc, const char *what, const char *id)
{
    json_object *obj = json_tokener_parse(doc);
    if (!obj || !json_object_is_type(obj, json_type_object)) {
        if (id)
            err("report: the store returned malformed JSON for %s \"%s\"", what, id);
        else
            err("report: the store returned malformed JSON for %s", what);
        json_object_put(obj);
        return NULL;
    }
    return obj;
}

/* ------------------------------------------------------------ collection */

typedef struct report {
    sl_store *st;
    out o;
    strset events, storylines, articles;
    strset pair_keys;  /* "A\tB" with A < B: one comparison per pair */
    strset pairs;      /* "A\tB" as linked: the comparisons to embed */
    size_t compared, missing;
} report;

/* Notes the comparison of a and b (a first, as the page links it). */
static int add_pair(report *r, const char *a, const char *b)
{
    if (!a || !b || strcmp(a, b) == 0)
        return 0;
    const char *lo = strcmp(a, b) < 0 ? a : b, *hi = lo == a ? b : a;
    size_t la = strlen(lo), lb = strlen(hi);
    char *key = malloc(la + lb + 2);
    if (!key)
        return -1;
    memcpy(key, lo, la);
    key[la] = '\t';
    memcpy(key + la + 1, hi, lb + 1);
    int rc = strset_add(&r->pair_keys, key);
    if (rc == 1) {
        memcpy(key, a, strlen(a));
        key[strlen(a)] = '\t';
        memcpy(key + strlen(a) + 1, b, strlen(b) + 1);
        rc = strset_add(&r->pairs, key);
    }
    free(key);
    return rc < 0 ? -1 : 0;
}

/* The representative of group `group` of `kind` in event ev: from the
 * event's "groups", else the group's first member, else the first article
 * of the event with that role and group (web/index.html: groupRep). */
static const char *group_rep(json_object *ev, const char *kind, int64_t group)
{
    json_object *groups = jarr(ev, "groups");
    size_t n = groups ? json_object_array_length(groups) : 0;
    for (size_t i = 0; i < n; i++) {
        json_object *g = json_object_array_get_idx(groups, i);
        const char *k = jstr(g, "kind");
        int64_t num;
        if (!k || strcmp(k, kind) != 0 || !jint(g, "group", &num) || num != group)
            continue;
        const char *rep = jstr(g, "representative");
        if (rep)
            return rep;
        json_object *m = jarr(g, "members");
        if (m && json_object_array_length(m) > 0)
            return json_object_get_string(json_object_array_get_idx(m, 0));
        break;
    }
    char field[32];
    snprintf(field, sizeof field, "%s_group", kind);
    json_object *arts = jarr(ev, "articles");
    n = arts ? json_object_array_length(arts) : 0;
    for (size_t i = 0; i < n; i++) {
        json_object *a = json_object_array_get_idx(arts, i);
        const char *role = jstr(a, "role");
        int64_t num;
        if (role && strcmp(role, kind) == 0 && jint(a, field, &num) && num == group)
            return jstr(a, "id");
    }
    return NULL;
}

/* Records the storyline, the member articles and the comparisons an event
 * page links (web/index.html: repOf). */
static int collect_event(report *r, json_object *ev)
{
    const char *s = jstr(ev, "storyline");
    if (s && strset_add(&r->storylines, s) < 0)
        return -1;
    const char *ev_rep = jstr(ev, "representative");
    json_object *arts = jarr(ev, "articles");
    size_t n = arts ? json_object_array_length(arts) : 0;
    for (size_t i = 0; i < n; i++) {
        json_object *a = json_object_array_get_idx(arts, i);
        const char *id = jstr(a, "id");
        if (!id)
            continue;
        if (strset_add(&r->articles, id) < 0)
            return -1;
        const char *role = jstr(a, "role");
        const char *rep = ev_rep;
        int64_t group;
        if (role && strcmp(role, "duplicate") == 0 && jint(a, "duplicate_group", &group))
            rep = group_rep(ev, "duplicate", group);
        else if (role && strcmp(role, "rewrite") == 0 && jint(a, "rewrite_group", &group))
            rep = group_rep(ev, "rewrite", group);
        if (add_pair(r, rep, id))
            return -1;
    }
    return 0;
}

/* Writes "KEY":DOC for each document fetched by `get` for the ids in
 * `ids`, calling `collect` (may be NULL) on each parsed document.  An id
 * the store does not know is skipped with a warning. */
static int write_docs(report *r, const char *what, const strset *ids,
                      int (*get)(char **, sl_store *, const char *),
                      int (*collect)(report *, json_object *))
{
    size_t written = 0;
    for (size_t i = 0; i < ids->n; i++) {
        const char *id = ids->items[i];
        char *doc = NULL;
        progress(what, i + 1, ids->n);
        int rc = get(&doc, r->st, id);
        if (rc == SL_ENOTFOUND) {
            progress_done();
            err("warning: report: %s \"%s\" is named but not found: %s", what, id, store_msg(rc));
            r->missing++;
            continue;
        }
        if (rc != SL_OK) {
            progress_done();
            err("report: %s \"%s\": %s", what, id, store_msg(rc));
            return -1;
        }
        json_object *obj = parse_doc(doc, what, id);
        if (!obj || (collect && collect(r, obj))) {
            if (obj)
                err("out of memory");
            json_object_put(obj);
            free(doc);
            return -1;
        }
        json_object_put(obj);
        if (written++)
            put(&r->o, ",", 1);
        if (put_key(&r->o, id)) {
            free(doc);
            err("out of memory");
            return -1;
        }
        put_script_json(&r->o, doc);
        free(doc);
    }
    progress_done();
    return 0;
}

/* Every event list entry, page by page, in the store's order. */
static int write_event_list(report *r)
{
    size_t offset = 0, written = 0;
    for (;;) {
        sl_event_query q = {.limit = 1000, .offset = offset};
        char *doc = NULL;
        int rc = sl_store_events(&doc, r->st, &q);
        if (rc != SL_OK) {
            err("report: listing events: %s", store_msg(rc));
            return -1;
        }
        json_object *obj = parse_doc(doc, "the event list", NULL);
        free(doc);
        if (!obj)
            return -1;
        json_object *list = jarr(obj, "events");
        int64_t total = 0;
        if (!list || !jint(obj, "total", &total)) {
            err("report: the store's event list has no \"events\" array or \"total\"");
            json_object_put(obj);
            return -1;
        }
        size_t n = json_object_array_length(list);
        for (size_t i = 0; i < n; i++) {
            json_object *e = json_object_array_get_idx(list, i);
            const char *id = jstr(e, "id");
            if (!id) {
                err("report: an event list entry has no \"id\"");
                json_object_put(obj);
                return -1;
            }
            if (strset_add(&r->events, id) < 0) {
                err("out of memory");
                json_object_put(obj);
                return -1;
            }
            if (written++)
                put(&r->o, ",", 1);
            put_script_json(&r->o, json_object_to_json_string_ext(
                                       e, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
        }
        json_object_put(obj);
        offset += n;
        if (n == 0 || offset >= (size_t)(total > 0 ? total : 0))
            return 0;
    }
}

static int collect_article(report *r, json_object *a)
{
    const char *id = jstr(a, "id");
    json_object *rels = jarr(a, "relations");
    size_t n = rels ? json_object_array_length(rels) : 0;
    for (size_t i = 0; id && i < n; i++)
        if (add_pair(r, id, jstr(json_object_array_get_idx(rels, i), "id")))
            return -1;
    return 0;
}

static int write_compares(report *r)
{
    size_t written = 0;
    for (size_t i = 0; i < r->pairs.n; i++) {
        const char *key = r->pairs.items[i];
        const char *tab = strchr(key, '\t');
        size_t la = (size_t)(tab - key);
        char *a = strndup(key, la);
        if (!a) {
            err("out of memory");
            return -1;
        }
        const char *b = tab + 1;
        char *doc = NULL;
        progress("comparisons", i + 1, r->pairs.n);
        int rc = sl_store_compare(&doc, r->st, a, b);
        if (rc == SL_ENOTFOUND || rc == SL_EINVAL) {
            progress_done();
            err("warning: report: cannot compare \"%s\" and \"%s\": %s", a, b, store_msg(rc));
            r->missing++;
            free(a);
            continue;
        }
        if (rc != SL_OK) {
            progress_done();
            err("report: comparing \"%s\" and \"%s\": %s", a, b, store_msg(rc));
            free(a);
            return -1;
        }
        json_object *obj = parse_doc(doc, "the comparison of", key);
        free(a);
        if (!obj) {
            free(doc);
            return -1;
        }
        json_object_put(obj);
        if (written++)
            put(&r->o, ",", 1);
        if (put_key(&r->o, key)) {
            free(doc);
            err("out of memory");
            return -1;
        }
        put_script_json(&r->o, doc);
        free(doc);
        r->compared++;
    }
    progress_done();
    return 0;
}

/* Writes the page with SL_DATA before its first <script>. */
static int write_report(report *r)
{
    const char *html = (const char *)cli_web_index;
    const char *at = strstr(html, "<script");
    if (!at) {
        err("report: the compiled-in web view has no <script> element");
        return -1;
    }
    put(&r->o, html, (size_t)(at - html));
    puts_(&r->o, "<script>window.SL_DATA={\"events\":[");
    if (write_event_list(r))
        return -1;
    puts_(&r->o, "],\n\"event\":{");
    if (write_docs(r, "event", &r->events, sl_store_event, collect_event))
        return -1;
    puts_(&r->o, "},\n\"storyline\":{");
    if (write_docs(r, "storyline", &r->storylines, sl_store_storyline, NULL))
        return -1;
    puts_(&r->o, "},\n\"article\":{");
    if (write_docs(r, "article", &r->articles, sl_store_article, collect_article))
        return -1;
    puts_(&r->o, "},\n\"compare\":{");
    if (write_compares(r))
        return -1;
    puts_(&r->o, "}};</script>\n");
    puts_(&r->o, at);
    return 0;
}

/* ------------------------------------------------------------ command */

int sl_cli_report(int argc, char **argv)
{
    const char *db = "storyline.db", *out_path = NULL;
    int quiet = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(report_usage, stdout);
            return 0;
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            quiet = 1;
        } else if (strcmp(a, "--db") == 0 || strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            if (i + 1 >= argc)
                return usage("%s needs a value", a);
            val = argv[++i];
        } else if (strncmp(a, "--db=", 5) == 0) {
            val = a + 5;
            a = "--db";
        } else if (strncmp(a, "--output=", 9) == 0) {
            val = a + 9;
            a = "-o";
        } else if (a[0] == '-' && a[1]) {
            return usage("unknown option %s", a);
        } else {
            return usage("unexpected argument \"%s\"", a);
        }
        if (val && !*val)
            return usage("%s needs a non-empty value", a);
        if (val && strcmp(a, "--db") == 0)
            db = val;
        else if (val)
            out_path = val;
    }
    if (!out_path)
        return usage("missing -o FILE (- for standard output)");
    show_progress = !quiet && isatty(STDERR_FILENO);

    report r;
    memset(&r, 0, sizeof r);
    int rc = sl_store_open(&r.st, db, NULL, SL_STORE_READONLY);
    if (rc != SL_OK) {
        const char *m = sl_errmsg();
        if (m && *m && strstr(m, db))
            err("%s", m);
        else
            err("%s: %s", db, m && *m ? m : sl_strerror(rc));
        return 1;
    }

    int to_stdout = strcmp(out_path, "-") == 0;
    char *tmp = NULL;
    if (to_stdout) {
        r.o.f = stdout;
    } else {
        /* written next to FILE, renamed over it when complete */
        size_t n = strlen(out_path) + 16;
        tmp = malloc(n);
        int fd = -1;
        if (tmp) {
            snprintf(tmp, n, "%s.tmp.XXXXXX", out_path);
            fd = mkstemp(tmp);
        }
        if (fd >= 0) {
            mode_t um = umask(0);
            umask(um);
            if (fchmod(fd, 0666 & ~um) != 0 || !(r.o.f = fdopen(fd, "wb"))) {
                close(fd);
                unlink(tmp);
                fd = -1;
            }
        }
        if (fd < 0) {
            err("%s: %s", out_path, tmp ? strerror(errno) : "out of memory");
            free(tmp);
            sl_store_close(r.st);
            return 1;
        }
    }

    int failed = write_report(&r) != 0;
    if (!failed && r.o.failed)
        err("%s: write error: %s", to_stdout ? "standard output" : out_path, strerror(errno));
    failed = failed || r.o.failed;
    if (to_stdout) {
        if (fflush(stdout) != 0 && !failed) {
            err("standard output: write error: %s", strerror(errno));
            failed = 1;
        }
    } else {
        if (fclose(r.o.f) != 0 && !failed) {
            err("%s: write error: %s", out_path, strerror(errno));
            failed = 1;
        }
        if (!failed && rename(tmp, out_path) != 0) {
            err("%s: %s", out_path, strerror(errno));
            failed = 1;
        }
        if (failed)
            unlink(tmp);
        free(tmp);
    }
    if (!failed && !quiet)
        err("report: %zu events, %zu articles -> %s", r.events.n, r.articles.n,
            to_stdout ? "standard output" : out_path);
    sl_store_close(r.st);
    strset_free(&r.events);
    strset_free(&r.storylines);
    strset_free(&r.articles);
    strset_free(&r.pair_keys);
    strset_free(&r.pairs);
    return failed ? 1 : 0;
}
