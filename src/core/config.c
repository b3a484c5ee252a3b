/* config.c - defaults and validation of sl_config; names of enums. */
#include <string.h>

#include "internal.h"

void sl_config_init(sl_config *cfg)
{
    memset(cfg, 0, sizeof *cfg); /* a field added later starts at 0 */
    cfg->lang = "english";
    cfg->strip_accents = 0;
    cfg->shingle = 5;
    cfg->minhash_k = 128;
    cfg->bands = 42;
    cfg->rows = 3;
    cfg->dup_jaccard = 0.7;
    cfg->dup_containment = 0.9;
    cfg->align_sim = 0.5;
    cfg->rewrite_coverage = 0.5;
    cfg->rewrite_order = 0.5;
    cfg->rare_terms = 24;
    cfg->rewrites = 1;
    cfg->keep_terms = 0;
    cfg->drop_signatures = 0;
    cfg->event_sim = 0.22;
    cfg->story_sim = 0.3;
    cfg->retire_days = 30;
    cfg->threads = 1;
    cfg->seed = 0;
}

static int in01(double v) { return v >= 0.0 && v <= 1.0; }

int sl_config_check(const sl_config *cfg)
{
    if (!cfg)
        return sl__fail(SL_EINVAL, "no configuration");
    if (cfg->shingle < 1 || cfg->shingle > 16)
        return sl__fail(SL_EINVAL, "shingle size %u is outside 1..16", cfg->shingle);
    if (cfg->minhash_k < 8 || cfg->minhash_k > SL_MAX_MINHASH_K || cfg->minhash_k % 8)
        return sl__fail(SL_EINVAL, "MinHash length %u must be a multiple of 8 in 8..%u",
                        cfg->minhash_k, SL_MAX_MINHASH_K);
    if (cfg->bands < 1 || cfg->rows < 1 || cfg->rows > 16 ||
        (unsigned long)cfg->bands * cfg->rows > cfg->minhash_k)
        return sl__fail(SL_EINVAL, "LSH %u bands x %u rows do not fit a MinHash of %u "
                        "(rows 1..16, bands * rows <= k)", cfg->bands, cfg->rows,
                        cfg->minhash_k);
    if (!in01(cfg->dup_jaccard) || !in01(cfg->dup_containment) || !in01(cfg->align_sim) ||
        !in01(cfg->rewrite_coverage) || !in01(cfg->rewrite_order) || !in01(cfg->event_sim) ||
        !in01(cfg->story_sim))
        return sl__fail(SL_EINVAL, "thresholds must lie in 0..1");
    if (cfg->rare_terms < 2 || cfg->rare_terms > 64)
        return sl__fail(SL_EINVAL, "rare terms per article %u is outside 2..64",
                        cfg->rare_terms);
    if (cfg->keep_terms != 0 && cfg->keep_terms != 1)
        return sl__fail(SL_EINVAL, "keep_terms must be 0 or 1, not %d", cfg->keep_terms);
    if (cfg->drop_signatures != 0 && cfg->drop_signatures != 1)
        return sl__fail(SL_EINVAL, "drop_signatures must be 0 or 1, not %d",
                        cfg->drop_signatures);
    if (cfg->rewrites != 0 && cfg->rewrites != 1)
        return sl__fail(SL_EINVAL, "rewrites must be 0 or 1, not %d", cfg->rewrites);
    if (cfg->threads < 1 || cfg->threads > 256)
        return sl__fail(SL_EINVAL, "threads %u is outside 1..256", cfg->threads);
    if (cfg->lang && !sl__lang_snowball(cfg->lang))
        return sl__fail(SL_EFORMAT, "unknown language \"%s\" (see --help for the list)",
                        cfg->lang);
    return SL_OK;
}

const char *sl_relation_name(sl_relation r)
{
    switch (r) {
    case SL_REL_DUPLICATE: return "duplicate";
    case SL_REL_REWRITE: return "rewrite";
    case SL_REL_SAME_EVENT: return "same_event";
    case SL_REL_SAME_STORYLINE: return "same_storyline";
    default: return "unrelated";
    }
}

const char *sl_cue_name(sl_cue c)
{
    switch (c) {
    case SL_CUE_PUBLISHED: return "published";
    case SL_CUE_ATTRIBUTION: return "attribution";
    case SL_CUE_DATELINE: return "dateline";
    case SL_CUE_SUBSET: return "subset";
    default: return "none";
    }
}
