/*
 * facts.h - the extractors behind sl_extract(): times, quotes, entities,
 * outlet and dateline.  Each works on the raw text (valid UTF-8) and
 * appends to an sl_facts under construction.  Not public.
 */
#ifndef SL_FACTS_H
#define SL_FACTS_H

#include "internal.h"

/* Days since 1970-01-01 of a civil date (proleptic Gregorian), and back.
 * (src/facts/time.c) */
int64_t sl__days_from_civil(int64_t y, unsigned m, unsigned d);
void sl__civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d);

/* The day (00:00 UTC, seconds) a news URL's path dates the article to,
 * "/2013/05/03/", "/2013-07-21/", "ymd=20081216", the first that is a
 * valid date in 1900-2099; SL_TIME_UNKNOWN when it names none (or url is
 * NULL).  (src/facts/extract.c) */
int64_t sl__url_day(const char *url);

/* When the article was published: `published`, else the day its URL
 * names, else SL_TIME_UNKNOWN.  What times are resolved against. */
int64_t sl__article_time(const sl_article *a);

/* The times of article a alone (what sl_extract finds of them): sets
 * f->times, f->ntimes and the event window.  SL_OK or SL_ENOMEM. */
int sl__extract_article_times(sl_facts *f, const sl_article *a);

/* Time expressions of `text`, resolved against `published` (seconds UTC, or
 * SL_TIME_UNKNOWN: then against the latest full date found in the text, and
 * f->anchored = 0); sets f->times, f->ntimes and the event-time window
 * f->event_start/end/conf.  `url_day`: `published` is only the day the
 * article's URL names, which a publication line in the lead ("Published:
 * July 29, 2004") more than a month away overrides (then f->anchored = 0).
 * `sent` are the sentence spans (for the lead:
 * times in the first sentences weigh most).  Returns SL_OK or SL_ENOMEM. */
int sl__extract_times(sl_facts *f, const char *text, size_t len, int64_t published,
                      int url_day, const sl_span *sent, size_t nsent);

/* Quotations with speaker and source (src/facts/quote.c); sets f->quotes.
 * Returns SL_OK or SL_ENOMEM. */
int sl__extract_quotes(sl_facts *f, const char *text, size_t len);

/* Named entities (src/facts/entity.c); sets f->entities.  Returns SL_OK or
 * SL_ENOMEM. */
int sl__extract_entities(sl_facts *f, const char *text, size_t len,
                         const sl_span *sent, size_t nsent);

/* 1 (default): plain ASCII words take the entity tokenizer's fast path.
 * Tests set it to 0 to check that the general path finds the same; not to
 * be changed while extractions run. */
extern int sl__entity_fast_words;

/* 1 when quote.c's word tables are sorted bytewise and its first-letter
 * index matches its lexicon (a test checks this after every edit). */
int sl__quote_tables_ok(void);

/* Quote drift (src/facts/drift.c): one quote told in slightly different
 * words (Dice >= 0.6 over the distinct words, at least 4 each).
 *
 * sl__drift_pair appends to *v (*n entries) each quote of fa that drifts
 * from a quote of fb (another key), with the closest one.
 *
 * sl__drift_group appends the drift among the quotes of a group of
 * articles: text[i] given by article owner[i], in the order they are
 * given; the quotes are compared by their words in order (not by key, so
 * that quotes read back from JSON give the same answer), the first 64
 * distinct ones each with the closest later one that another article gives,
 * at most `max` entries.  Texts are copied.
 *
 * Both return SL_OK or SL_ENOMEM; on failure *v and *n stay valid for the
 * caller to free (an entry may hold NULL texts). */
int sl__drift_pair(sl_quote_drift **v, size_t *n, const sl_facts *fa, const sl_facts *fb);
int sl__drift_group(sl_quote_drift **v, size_t *n, size_t max, const char *const *text,
                    const uint32_t *owner, size_t nq);

/* Frees the n entries of v and v (NULL is fine). */
void sl__drift_free(sl_quote_drift *v, size_t n);

/* Where the lead of a text of len bytes split into sent[0..nsent) ends: the
 * end of its third sentence (a headline line is one), or of its last when
 * it has fewer; the first 400 bytes when it has no sentences
 * (src/facts/extract.c): the span the time and amount cues read first. */
uint32_t sl__lead_end(const sl_span *sent, size_t nsent, size_t len);

/* The sum of money the lead (sl__lead_end) is about (src/facts/amount.c): sets f->amount,
 * f->amount_currency, f->amount_off and f->amount_len, or leaves them 0.
 * Returns SL_OK. */
int sl__extract_amount(sl_facts *f, const char *text, size_t len, const sl_span *sent,
                       size_t nsent);

/* Class of an ISO currency code that sl__extract_amount gives: 1 for the
 * currencies a report converts a sum between (USD, EUR, GBP, CHF, CAD, AUD,
 * NZD), a class of its own for each other one, 0 for an unknown code. */
uint8_t sl__currency_class(const char *code);

/* Outlet and dateline (src/facts/quote.c): f->outlet (from `source` when
 * given), f->dateline_place, f->dateline_outlet. */
int sl__extract_outlet(sl_facts *f, const char *text, size_t len, const char *source);

/* 1 when `name` (exact, case-sensitive) is a known news outlet or wire
 * agency ("Reuters", "AP", "Associated Press", "Xinhua", "BTA", ...). */
int sl__is_outlet(const char *name, size_t n);

/* Country for a country name, capital or demonym ("Russian" -> "Russia",
 * "Moscow" -> "Russia", "Russia" -> "Russia"), NULL when unknown; *kind
 * (may be NULL) gets 0 country, 1 capital/city, 2 demonym.
 * (src/facts/gazetteer.c, generated from data/gazetteer.tsv) */
const char *sl__gazetteer(const char *name, size_t n, int *kind);

/* 1 when some gazetteer name starts with prefix[0..n) ("New " for "New
 * York"), else 0. */
int sl__gazetteer_prefix(const char *prefix, size_t n);

#endif /* SL_FACTS_H */
