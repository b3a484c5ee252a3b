/* store.c - placeholder, being written */
#include "internal.h"
int sl_store_open(sl_store **out, const char *path, const sl_config *cfg, unsigned flags)
{
    (void)path; (void)cfg; (void)flags;
    *out = NULL;
    return sl__fail(SL_EDB, "store not built yet");
}
void sl_store_close(sl_store *st) { (void)st; }
int sl_store_add(char **out, sl_store *st, sl_article *const *arts, size_t n) { (void)st; (void)arts; (void)n; if (out) *out = NULL; return SL_EDB; }
int sl_store_article(char **out, sl_store *st, const char *id) { (void)st; (void)id; *out = NULL; return SL_EDB; }
int sl_store_events(char **out, sl_store *st, const sl_event_query *q) { (void)st; (void)q; *out = NULL; return SL_EDB; }
int sl_store_event(char **out, sl_store *st, const char *id) { (void)st; (void)id; *out = NULL; return SL_EDB; }
int sl_store_storyline(char **out, sl_store *st, const char *id) { (void)st; (void)id; *out = NULL; return SL_EDB; }
int sl_store_compare(char **out, sl_store *st, const char *a, const char *b) { (void)st; (void)a; (void)b; *out = NULL; return SL_EDB; }
int sl_store_stats(char **out, sl_store *st) { (void)st; *out = NULL; return SL_EDB; }
int sl_store_export(sl_store *st, const char *dir) { (void)st; (void)dir; return SL_EDB; }
