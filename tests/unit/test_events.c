/* test_events.c - the relation function on small hand-made pairs, one for
 * each of the five relations, and event clustering through the public API. */
#include <math.h>

#include "testutil.h"
#include "engine.h" /* sl__events_run_seeded: a store's working set */

static const char MEETING[] =
    "Chinese Foreign Minister Wang Yi met Russian Foreign Minister Sergei Lavrov in Beijing "
    "on Tuesday to discuss trade and regional security.\n"
    "The two ministers signed an agreement on energy cooperation worth 4 billion dollars.\n"
    "\"Relations between our countries are at their best level in history,\" Wang told "
    "reporters after the talks.\n"
    "Lavrov said Moscow would send a delegation to the Shanghai forum in March.";

/* Word for word, a copy with an extra line. */
static const char COPY[] =
    "Chinese Foreign Minister Wang Yi met Russian Foreign Minister Sergei Lavrov in Beijing "
    "on Tuesday to discuss trade and regional security.\n"
    "The two ministers signed an agreement on energy cooperation worth 4 billion dollars.\n"
    "\"Relations between our countries are at their best level in history,\" Wang told "
    "reporters after the talks.\n"
    "Lavrov said Moscow would send a delegation to the Shanghai forum in March.\n"
    "Follow us for more news.";

/* Paraphrased from MEETING. */
static const char REWRITE[] =
    "Russia's top diplomat Sergei Lavrov held talks with Chinese Foreign Minister Wang Yi in "
    "Beijing on Tuesday about security in the region and trade.\n"
    "The ministers signed an energy cooperation agreement worth 4 billion dollars.\n"
    "Moscow will send a delegation to the Shanghai forum in March, Lavrov said.";

/* Another outlet's own report of the same meeting, sharing the quote. */
static const char INDEPENDENT[] =
    "Beijing and Moscow pledged closer ties as Wang Yi hosted Sergei Lavrov for talks that "
    "lasted three hours.\n"
    "\"Relations between our countries are at their best level in history,\" Wang said.\n"
    "Diplomats said the talks covered pipelines, grain exports and a planned visit by the "
    "Russian president.\n"
    "Critics in Washington called the meeting a show of unity against the West.";

/* The same ministers meeting again two years later, elsewhere. */
static const char LATER[] =
    "Sergei Lavrov and Wang Yi met in Moscow on Monday, their first talks since the summer.\n"
    "The Russian and Chinese foreign ministers discussed the war in Sudan and oil prices.\n"
    "Lavrov told reporters the two sides agreed to expand trade settled in national "
    "currencies.";

static const char UNRELATED[] =
    "Heavy rain flooded dozens of streets in the port city of Valparaiso on Sunday night.\n"
    "Firefighters rescued eleven people from cars trapped under a railway bridge.\n"
    "The weather service warned that more storms would reach the coast by Wednesday.";

static sl_article *mk(const char *id, const char *text, const char *published)
{
    sl_article *a;
    assert_int_equal(sl_article_new(&a), SL_OK);
    assert_int_equal(sl_article_set(a, "id", id), SL_OK);
    assert_int_equal(sl_article_set(a, "text", text), SL_OK);
    if (published)
        assert_int_equal(sl_parse_time(&a->published, published), SL_OK);
    return a;
}

static sl_corpus *build(void)
{
    sl_corpus *c;
    assert_int_equal(sl_corpus_new(&c, NULL), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("meeting", MEETING, "2025-12-03T10:00:00Z")), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("copy", COPY, "2025-12-03T12:00:00Z")), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("rewrite", REWRITE, "2025-12-03T15:00:00Z")), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("independent", INDEPENDENT, "2025-12-03T16:00:00Z")),
                     SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("later", LATER, "2027-10-12T09:00:00Z")), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("flood", UNRELATED, "2025-12-04T08:00:00Z")), SL_OK);
    return c;
}

static sl_relation rel(sl_corpus *c, size_t i, size_t j, sl_pair **keep)
{
    sl_pair *p;
    assert_int_equal(sl_compare(&p, c, i, j), SL_OK);
    sl_relation r = p->relation;
    if (keep)
        *keep = p;
    else
        sl_pair_free(p);
    return r;
}

/* 1 when the pair's evidence lists `name` among the shared entities. */
static int shares(const sl_pair *p, const char *name)
{
    for (size_t i = 0; i < p->nshared_entities; i++)
        if (strcmp(p->shared_entities[i], name) == 0)
            return 1;
    return 0;
}

/* A corpus of two articles, "a" and "b", with their publication dates. */
static sl_corpus *two(const char *a, const char *pa, const char *b, const char *pb)
{
    sl_corpus *c;
    assert_int_equal(sl_corpus_new(&c, NULL), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("a", a, pa)), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("b", b, pb)), SL_OK);
    return c;
}

static void test_five_relations(void **state)
{
    (void)state;
    sl_corpus *c = build();
    sl_pair *p;
    assert_int_equal(rel(c, 0, 1, NULL), SL_REL_DUPLICATE);
    assert_int_equal(rel(c, 0, 2, NULL), SL_REL_REWRITE);
    assert_int_equal(rel(c, 0, 3, &p), SL_REL_SAME_EVENT);
    /* evidence: the shared quote and people */
    assert_int_equal(p->nshared_quotes, 1);
    assert_non_null(strstr(p->shared_quotes[0], "best level in history"));
    assert_true(shares(p, "Sergei Lavrov"));
    assert_false(p->time_conflict);
    assert_false(p->actor_conflict); /* each outlet's lead is named by the other */
    sl_pair_free(p);
    assert_int_equal(rel(c, 0, 4, &p), SL_REL_SAME_STORYLINE);
    assert_true(p->time_conflict); /* two years apart */
    assert_true(p->entity_sim > p->topic_sim);
    sl_pair_free(p);
    assert_int_equal(rel(c, 0, 5, &p), SL_REL_UNRELATED);
    assert_int_equal(p->nshared_entities, 0);
    sl_pair_free(p);
    sl_corpus_free(c);
}

static void test_events_and_storylines(void **state)
{
    (void)state;
    sl_corpus *c = build();
    sl_events *E;
    assert_int_equal(sl_events_run(&E, c, NULL), SL_OK);
    uint32_t e = E->event_of[0];
    assert_int_equal(E->event_of[1], e);
    assert_int_equal(E->event_of[2], e);
    assert_int_equal(E->event_of[3], e);
    assert_int_not_equal(E->event_of[4], e);
    assert_int_not_equal(E->event_of[5], e);
    assert_int_equal(E->events[E->event_of[4]].storyline, E->events[e].storyline);
    assert_int_not_equal(E->events[E->event_of[5]].storyline, E->events[e].storyline);
    const sl_event *ev = &E->events[e];
    assert_int_equal(ev->nmembers, 4);
    assert_non_null(strstr(ev->label, "Wang Yi"));
    assert_true(ev->nquotes >= 1);
    /* "on Tuesday", published Wednesday 3 Dec: the window holds 2 Dec */
    int64_t tue;
    assert_int_equal(sl_parse_time(&tue, "2025-12-02T12:00:00Z"), SL_OK);
    assert_true(ev->start <= tue && tue < ev->end);
    sl_events_free(E);
    sl_events_free(NULL);
    sl_corpus_free(c);
}

/* Two arrests of players of one team a month apart: the same storyline,
 * different events, told apart by who each report is about; a follow-up
 * on the first arrest 19 days later stays in its event. */
static const char ARREST_JACKSON[] =
    "San Diego Chargers receiver Vincent Jackson was arrested on suspicion of drunken driving "
    "early Tuesday, the California Highway Patrol said.\n"
    "Jackson was stopped on Interstate 15 after officers saw his truck weaving between lanes.\n"
    "Jackson failed a field sobriety test and was booked into county jail, then released on "
    "bail.\n"
    "The Chargers said Jackson would play in Sunday's playoff game at Pittsburgh.";

static const char ARREST_WILLIAMS[] =
    "Chargers nose tackle Jamal Williams spent part of Sunday morning in a cell after a patrol "
    "officer pulled over his Bentley near Mission Valley.\n"
    "A breath test put Williams above the legal limit, according to the California Highway "
    "Patrol.\n"
    "The team declined to comment beyond saying it was aware of the incident involving "
    "Williams.\n"
    "It is the second arrest of a San Diego Chargers player in less than a month, after "
    "receiver Vincent Jackson.";

static const char JACKSON_FOLLOWUP[] =
    "The San Diego County district attorney decided on Monday against prosecuting Vincent "
    "Jackson.\n"
    "Lawyers for the Chargers receiver had argued that the roadside test on Interstate 15 was "
    "flawed, and a later blood sample came back under the legal limit.\n"
    "Jackson caught six passes in the team's playoff loss at Pittsburgh and thanked fans for "
    "their patience.\n"
    "The California Highway Patrol stood by its officers.";

static void test_protagonists(void **state)
{
    (void)state;
    sl_corpus *c;
    assert_int_equal(sl_corpus_new(&c, NULL), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("jackson", ARREST_JACKSON, "2009-01-08")), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("williams", ARREST_WILLIAMS, "2009-02-03")), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("followup", JACKSON_FOLLOWUP, "2009-01-27")), SL_OK);
    sl_pair *p;
    assert_int_equal(rel(c, 0, 1, &p), SL_REL_SAME_STORYLINE);
    assert_true(p->actor_conflict);
    assert_false(p->time_conflict); /* 26 days: within a follow-up's reach */
    assert_string_equal(p->a_lead, "Vincent Jackson");
    assert_string_equal(p->b_lead, "Jamal Williams");
    sl_pair_free(p);
    assert_int_equal(rel(c, 0, 2, &p), SL_REL_SAME_EVENT);
    assert_false(p->actor_conflict);
    assert_false(p->time_conflict);
    assert_string_equal(p->b_lead, "Vincent Jackson");
    sl_pair_free(p);
    sl_events *E;
    assert_int_equal(sl_events_run(&E, c, NULL), SL_OK);
    assert_int_equal(E->event_of[2], E->event_of[0]);
    assert_int_not_equal(E->event_of[1], E->event_of[0]);
    assert_int_equal(E->events[E->event_of[1]].storyline, E->events[E->event_of[0]].storyline);
    sl_events_free(E);
    sl_corpus_free(c);
}

/* "W. Mark Felt Sr." and "Mark Felt" are one lead (surname, suffix
 * skipped): no conflict between two obituaries of one man. */
static void test_lead_surname(void **state)
{
    (void)state;
    sl_corpus *c = two("W. Mark Felt Sr., the FBI official who was Deep Throat, died on "
                       "Thursday in Santa Rosa.\nFelt was 95.\nFelt revealed his role in "
                       "2005.\nBob Woodward said Felt had been a source.",
                       "2008-12-19",
                       "Mark Felt, the FBI associate director known as Deep Throat, has "
                       "died aged 95.\nMark Felt guided the Washington Post reporters.\n"
                       "His family said Felt died in his sleep in Santa Rosa.",
                       "2008-12-19");
    sl_pair *p;
    assert_int_equal(rel(c, 0, 1, &p), SL_REL_SAME_EVENT);
    assert_false(p->actor_conflict);
    assert_string_equal(p->a_lead, "W. Mark Felt Sr.");
    assert_string_equal(p->b_lead, "Mark Felt");
    sl_pair_free(p);
    sl_corpus_free(c);
}

/* A report that names its protagonist by surname only ("Bush", an
 * "other" entity: the full name is nowhere in it) is about the person the
 * corpus knows by that surname: two players put on injured reserve in the
 * same words are two events, told apart by who. */
static const char IR_REGGIE[] =
    "The New Orleans Saints placed running back Reggie Bush on injured reserve on Wednesday, "
    "ending the season of the former Heisman Trophy winner.\n"
    "Reggie Bush had surgery on a torn meniscus in October and hurt the knee again at Chicago.\n"
    "Reggie Bush ran for 404 yards this year.";
static const char IR_BUSH[] =
    "Saints coach Sean Payton has shut down Bush for the rest of the season.\n"
    "The Baton Rouge Advocate reports the team put Bush on injured reserve after the loss to "
    "the Detroit Lions.\n"
    "Bush missed four games with the knee earlier.";
static const char IR_THOMAS[] =
    "Pierre Thomas is headed to injured reserve, Saints coach Sean Payton confirmed.\n"
    "The Baton Rouge Advocate reports the New Orleans Saints put Thomas on the list after he "
    "hurt an ankle against the Detroit Lions.\n"
    "Thomas led the team in rushing.";

static void test_lead_corpus_surname(void **state)
{
    (void)state;
    sl_corpus *c;
    assert_int_equal(sl_corpus_new(&c, NULL), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("reggie", IR_REGGIE, "2008-12-17")), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("bush", IR_BUSH, "2008-12-17")), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("thomas", IR_THOMAS, "2008-12-17")), SL_OK);
    sl_pair *p;
    assert_int_equal(rel(c, 0, 1, &p), SL_REL_SAME_EVENT);
    assert_false(p->actor_conflict);
    assert_string_equal(p->a_lead, "Reggie Bush");
    assert_non_null(p->b_lead);
    assert_string_equal(p->b_lead, "Bush"); /* the pair knows the surname */
    sl_pair_free(p);
    sl_events *E;
    assert_int_equal(sl_events_run(&E, c, NULL), SL_OK);
    assert_int_equal(E->event_of[1], E->event_of[0]);
    assert_int_not_equal(E->event_of[2], E->event_of[1]);
    sl_events_free(E);
    sl_corpus_free(c);
}

static void test_copies_are_must_links(void **state)
{
    (void)state;
    /* two copies with no content words at all: nothing but the copy
     * relation can put them together */
    sl_corpus *c;
    assert_int_equal(sl_corpus_new(&c, NULL), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("p", "!!! ... ???", NULL)), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("q", "!!! ... ???", NULL)), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("r", UNRELATED, NULL)), SL_OK);
    sl_events *E;
    assert_int_equal(sl_events_run(&E, c, NULL), SL_OK);
    assert_int_not_equal(E->event_of[0], E->event_of[1]); /* no evidence alone */
    sl_events_free(E);
    sl_dedup *d;
    assert_int_equal(sl_dedup_run(&d, c), SL_OK);
    assert_int_equal(sl_events_run(&E, c, d), SL_OK);
    assert_int_equal(E->event_of[0], E->event_of[1]);
    assert_int_not_equal(E->event_of[0], E->event_of[2]);
    assert_int_equal(E->events[E->event_of[0]].nmembers, 2);
    sl_events_free(E);
    sl_dedup_free(d);
    sl_corpus_free(c);
}

/* The same text published again 17 months later (a re-post): the copy
 * shares the original's entities and quotes inside the clustering, but its
 * "on Monday" is its own Monday. */
static void test_reposted_copy(void **state)
{
    (void)state;
    sl_corpus *c;
    assert_int_equal(sl_corpus_new(&c, NULL), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("first", LATER, "2025-12-03")), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("meeting", MEETING, "2025-12-03")), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("again", LATER, "2027-05-12")), SL_OK);
    sl_events *E;
    assert_int_equal(sl_events_run(&E, c, NULL), SL_OK);
    int64_t mon1, mon2;
    assert_int_equal(sl_parse_time(&mon1, "2025-12-01T12:00:00Z"), SL_OK);
    assert_int_equal(sl_parse_time(&mon2, "2027-05-10T12:00:00Z"), SL_OK);
    const sl_event *a = &E->events[E->event_of[0]], *b = &E->events[E->event_of[2]];
    assert_int_not_equal(E->event_of[0], E->event_of[2]); /* 17 months apart */
    assert_true(a->start <= mon1 && mon1 < a->end);
    assert_true(b->start <= mon2 && mon2 < b->end);
    sl_events_free(E);
    sl_corpus_free(c);
}

/* Duplicates only (cfg.rewrites = 0): the copies are found, the rewrite
 * is not, and event clustering refuses the corpus (no word counts). */
/* The meeting report, its copy and its rewrite, in a corpus made with cfg
 * (NULL: defaults). */
static sl_corpus *copy_and_rewrite(const sl_config *cfg)
{
    sl_corpus *c;
    assert_int_equal(sl_corpus_new(&c, cfg), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("meeting", MEETING, NULL)), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("copy", COPY, NULL)), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("rewrite", REWRITE, NULL)), SL_OK);
    return c;
}

static void test_duplicates_only(void **state)
{
    (void)state;
    sl_config cfg;
    sl_config_init(&cfg);
    cfg.rewrites = 2;
    assert_int_equal(sl_config_check(&cfg), SL_EINVAL);
    cfg.rewrites = 0;
    sl_corpus *c = copy_and_rewrite(&cfg);
    sl_dedup *d;
    assert_int_equal(sl_dedup_run(&d, c), SL_OK);
    assert_int_equal(d->npairs, 1);
    assert_int_equal(d->pairs[0].relation, SL_REL_DUPLICATE);
    assert_int_equal(d->pairs[0].a, 0);
    assert_int_equal(d->pairs[0].b, 1);
    sl_events *E;
    assert_int_equal(sl_events_run(&E, c, d), SL_EINVAL);
    assert_null(E);
    sl_dedup_free(d);
    sl_corpus_free(c);
    /* the same three with rewrites on: the rewrite pair too */
    c = copy_and_rewrite(NULL);
    assert_int_equal(sl_dedup_run(&d, c), SL_OK);
    size_t rewrites = 0;
    for (size_t x = 0; x < d->npairs; x++)
        rewrites += d->pairs[x].relation == SL_REL_REWRITE;
    assert_true(rewrites >= 1);
    sl_dedup_free(d);
    sl_corpus_free(c);
}

/* The ECB+ sample (its first n articles) clustered with cfg; the corpus,
 * its dedup and events through the out parameters. */
static void cluster_ecb(sl_corpus **c, sl_dedup **d, sl_events **E, const sl_config *cfg,
                        size_t n)
{
    sl_reader *r;
    assert_int_equal(sl_corpus_new(c, cfg), SL_OK);
    assert_int_equal(sl_reader_open(&r, "data/ecbplus-dev/articles.jsonl", NULL), SL_OK);
    sl_article *a;
    while (sl_corpus_count(*c) < n && sl_reader_next(r, &a) == 1)
        assert_int_equal(sl_corpus_add(*c, a), SL_OK);
    sl_reader_free(r);
    assert_int_equal(sl_dedup_run(d, *c), SL_OK);
    assert_int_equal(sl_events_run(E, *c, *d), SL_OK);
}

/* keep_terms trades memory for speed only: the same pairs, events and
 * storylines as analysing the texts again. */
static void test_keep_terms(void **state)
{
    (void)state;
    sl_config cfg;
    sl_config_init(&cfg);
    cfg.keep_terms = 2;
    assert_int_equal(sl_config_check(&cfg), SL_EINVAL);
    sl_corpus *c[2];
    sl_dedup *d[2];
    sl_events *E[2];
    for (int k = 0; k < 2; k++) {
        cfg.keep_terms = k;
        cfg.threads = 2;
        cluster_ecb(&c[k], &d[k], &E[k], &cfg, 300);
    }
    assert_int_equal(sl_corpus_count(c[0]), 300);
    assert_int_equal(d[0]->npairs, d[1]->npairs);
    size_t rewrites = 0;
    for (size_t x = 0; x < d[0]->npairs; x++) {
        assert_int_equal(d[0]->pairs[x].a, d[1]->pairs[x].a);
        assert_int_equal(d[0]->pairs[x].b, d[1]->pairs[x].b);
        assert_int_equal(d[0]->pairs[x].relation, d[1]->pairs[x].relation);
        rewrites += d[0]->pairs[x].relation == SL_REL_REWRITE;
    }
    assert_true(rewrites > 0); /* the rewrite index was used */
    assert_int_equal(E[0]->nevents, E[1]->nevents);
    assert_int_equal(E[0]->nstorylines, E[1]->nstorylines);
    assert_true(E[0]->nevents > 20 && E[0]->nevents < 200);
    for (size_t i = 0; i < 300; i++)
        assert_int_equal(E[0]->event_of[i], E[1]->event_of[i]);
    for (size_t e = 0; e < E[0]->nevents; e++)
        assert_string_equal(E[0]->events[e].label, E[1]->events[e].label);
    for (int k = 0; k < 2; k++) {
        sl_events_free(E[k]);
        sl_dedup_free(d[k]);
        sl_corpus_free(c[k]);
    }
}

static void test_extract_public(void **state)
{
    (void)state;
    sl_article *a = mk("x", MEETING, "2025-12-03T10:00:00Z");
    sl_facts *f;
    assert_int_equal(sl_extract(&f, a), SL_OK);
    int wang = 0, lavrov = 0;
    for (size_t i = 0; i < f->nentities; i++) {
        const sl_entity *e = &f->entities[i];
        if (strcmp(e->name, "Wang Yi") == 0) {
            wang = 1;
            assert_int_equal(e->kind, SL_ENT_PERSON);
            assert_true(e->mentions >= 2); /* "Wang told reporters" */
        }
        if (strcmp(e->name, "Sergei Lavrov") == 0) {
            lavrov = 1;
            assert_non_null(e->affiliation);
            assert_string_equal(e->affiliation, "Russia");
        }
    }
    assert_true(wang && lavrov);
    assert_int_equal(f->nquotes, 1);
    assert_non_null(f->quotes[0].speaker);
    assert_non_null(strstr(f->quotes[0].speaker, "Wang"));
    assert_true(f->anchored);
    sl_facts_free(f);
    sl_facts_free(NULL);
    sl_article_free(a);
}

/* A report two years on recalls the day of what it follows up: their
 * event times are apart, but not confidently (same event); a later report
 * that names only the year does not recall a day. */
static void test_followup_recalls_date(void **state)
{
    (void)state;
    static const char SHOOTING[] =
        "A gunman killed three people at the Hartwell Mall in Dayton on Friday.\n"
        "Police chief Laura Menzies said the suspect, Daniel Okafor, was arrested at the scene.\n"
        "Witnesses said Okafor fired at shoppers near the food court.";
    static const char TRIAL[] =
        "A judge sentenced Daniel Okafor to life today for the Hartwell Mall rampage.\n"
        "The victims died in the Dayton attack on September 10, 2010.\n"
        "Laura Menzies, who led the police response, welcomed the verdict.";
    static const char TRIAL_YEAR[] =
        "A judge sentenced Daniel Okafor to life today for the Hartwell Mall rampage.\n"
        "The victims died in the Dayton attack in 2010.\n"
        "Laura Menzies, who led the police response, welcomed the verdict.";
    sl_corpus *c;
    assert_int_equal(sl_corpus_new(&c, NULL), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("shooting", SHOOTING, "2010-09-11")), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("trial", TRIAL, "2012-09-14")), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("trial-year", TRIAL_YEAR, "2012-09-14")), SL_OK);
    sl_pair *p;
    assert_int_equal(rel(c, 0, 1, &p), SL_REL_SAME_EVENT);
    assert_true(p->b_start - p->a_start > 700 * 86400); /* two years apart ... */
    assert_false(p->time_conflict);                     /* ... but B names A's day */
    int64_t day;
    assert_int_equal(sl_parse_time(&day, "2010-09-10"), SL_OK);
    assert_true(p->b_recalls == day); /* the evidence says which date */
    assert_true(p->a_recalls == SL_TIME_UNKNOWN);
    sl_pair_free(p);
    assert_int_equal(rel(c, 0, 2, &p), SL_REL_SAME_STORYLINE);
    assert_true(p->time_conflict); /* "in 2010" is coarser than a day */
    assert_true(p->a_recalls == SL_TIME_UNKNOWN && p->b_recalls == SL_TIME_UNKNOWN);
    sl_pair_free(p);
    sl_corpus_free(c);
}

/* Two follow-ups of one shooting, a month and two years after it, each
 * dated by its own day, both name the day of the shooting: not apart.
 * Naming only its month is not enough. */
static void test_shared_day(void **state)
{
    (void)state;
    static const char MONTH_AFTER[] =
        "Police in Dayton released new video today of the gunman who killed three people at "
        "the Hartwell Mall on June 24, 2005.\n"
        "Chief Laura Menzies said the suspect, Daniel Okafor, had planned the attack for weeks.";
    static const char TRIAL[] =
        "The trial of Daniel Okafor opened today in Dayton, where prosecutors said he planned "
        "the Hartwell Mall shooting of June 24, 2005 for weeks.\n"
        "Chief Laura Menzies is expected to testify on Thursday.";
    static const char TRIAL_MONTH[] =
        "The trial of Daniel Okafor opened today in Dayton, where prosecutors said he planned "
        "the Hartwell Mall shooting of June 2005 for weeks.\n"
        "Chief Laura Menzies is expected to testify on Thursday.";
    sl_corpus *c;
    assert_int_equal(sl_corpus_new(&c, NULL), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("month-after", MONTH_AFTER, "2005-07-26")), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("trial", TRIAL, "2007-03-20")), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("trial-month", TRIAL_MONTH, "2007-03-20")), SL_OK);
    sl_pair *p;
    rel(c, 0, 1, &p);
    assert_true(p->b_start - p->a_start > 500 * 86400LL); /* each its own day */
    assert_true(p->a_recalls == SL_TIME_UNKNOWN && p->b_recalls == SL_TIME_UNKNOWN);
    assert_false(p->time_conflict); /* ... but both name June 24, 2005 */
    int64_t day;
    assert_int_equal(sl_parse_time(&day, "2005-06-24"), SL_OK);
    assert_true(p->common_day == day);
    sl_pair_free(p);
    rel(c, 0, 2, &p);
    assert_true(p->time_conflict);
    assert_true(p->common_day == SL_TIME_UNKNOWN);
    sl_pair_free(p);
    sl_corpus_free(c);
}

/* An undated report names its event's month and day but no year: a dated
 * report of another time of year is another event, one of the same days is
 * not kept apart, and one that names the undated report's day recalls it. */
static void test_month_day_without_year(void **state)
{
    (void)state;
    static const char UNDATED[] =
        "Microsoft issued an emergency patch for Internet Explorer on December 17, after "
        "attackers used a flaw in the browser to steal passwords.\n"
        "The company urged all users of Internet Explorer to install the patch at once.\n"
        "Security firm Trend Micro said the attacks hit thousands of websites.";
    /* the same text, the day named by its weekday only */
    static const char WEEKDAY[] =
        "Microsoft issued an emergency patch for Internet Explorer on Wednesday, after "
        "attackers used a flaw in the browser to steal passwords.\n"
        "The company urged all users of Internet Explorer to install the patch at once.\n"
        "Security firm Trend Micro said the attacks hit thousands of websites.";
    static const char SEPTEMBER[] =
        "Microsoft rushed out a temporary fix for Internet Explorer on Tuesday, as hackers "
        "exploited a browser flaw in targeted attacks in Japan.\n"
        "The company said users of Internet Explorer should install the Fix It tool.\n"
        "Security researchers said the attackers planted malicious code on news sites.";
    static const char RECALLS[] =
        "Microsoft rushed out a temporary fix for Internet Explorer on Tuesday, as hackers "
        "exploited a browser flaw in targeted attacks in Japan.\n"
        "It was the first such fix since the emergency patch of December 17, 2008.\n"
        "Security researchers said the attackers planted malicious code on news sites.";
    sl_corpus *c;
    assert_int_equal(sl_corpus_new(&c, NULL), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("undated", UNDATED, NULL)), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("weekday", WEEKDAY, NULL)), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("september", SEPTEMBER, "2013-09-18")), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("december", WEEKDAY, "2008-12-18")), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("recalls", RECALLS, "2013-09-18")), SL_OK);
    sl_pair *p;
    /* the weekday alone says nothing against September 2013 ... */
    assert_int_equal(rel(c, 1, 2, &p), SL_REL_SAME_EVENT);
    assert_false(p->time_conflict);
    assert_int_equal(p->a_month, 0);
    double free_score = p->event_score;
    sl_pair_free(p);
    /* ... December 17 does: it is 90 days from any September 17 */
    assert_int_not_equal(rel(c, 0, 2, &p), SL_REL_SAME_EVENT);
    assert_true(p->a_start == SL_TIME_UNKNOWN);
    assert_int_equal(p->a_month, 12);
    assert_int_equal(p->a_mday, 17);
    assert_int_equal(p->b_month, 0);
    assert_true(p->time_conflict);
    assert_true(p->event_score < free_score / 2);
    sl_pair_free(p);
    /* a report of December 18, 2008 (the same text, dated): within the
     * reach of a December 17 */
    rel(c, 0, 3, &p);
    assert_int_equal(p->a_month, 12);
    assert_false(p->time_conflict);
    sl_pair_free(p);
    /* one that names December 17 (2008) recalls the undated report's day */
    assert_int_equal(rel(c, 0, 4, &p), SL_REL_SAME_EVENT);
    assert_false(p->time_conflict);
    assert_true(p->b_recalls != SL_TIME_UNKNOWN);
    assert_true(p->a_recalls == SL_TIME_UNKNOWN);
    sl_pair_free(p);
    sl_corpus_free(c);
}

/* Years guessed from undated texts: two obituaries naming different years
 * of a life (1995, 1957) are not kept apart by those guesses, while a
 * report dated to the day still is kept apart from a guess decades off. */
static void test_guessed_years(void **state)
{
    (void)state;
    static const char BIO_1995[] =
        "Bettie Page, the pin-up model, died on Thursday in Los Angeles at the age of 85.\n"
        "In 1995 she gave her first interview in decades to a magazine.\n"
        "Her agent Mark Roesler said she had suffered a heart attack.";
    static const char BIO_1957[] =
        "Bettie Page, the pin-up model, died on Thursday in Los Angeles at the age of 85.\n"
        "In 1957 she left modelling and turned to religion.\n"
        "Her agent Mark Roesler said she had suffered a heart attack.";
    static const char DATED[] =
        "Bettie Page, the pin-up model, died on Thursday in Los Angeles at the age of 85.\n"
        "She had been in a coma since suffering a heart attack last week.\n"
        "Her agent Mark Roesler announced her death.";
    sl_corpus *c;
    assert_int_equal(sl_corpus_new(&c, NULL), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("bio-1995", BIO_1995, NULL)), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("bio-1957", BIO_1957, NULL)), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("dated", DATED, "2008-12-12")), SL_OK);
    sl_pair *p;
    rel(c, 0, 1, &p);
    assert_true(p->a_start != SL_TIME_UNKNOWN && p->b_start != SL_TIME_UNKNOWN);
    assert_true(p->a_start - p->b_start > 30 * 365 * 86400LL); /* guessed 1995, 1957 */
    assert_false(p->time_conflict);
    assert_true(p->years_guessed); /* the evidence says why */
    sl_pair_free(p);
    for (size_t i = 0; i < 2; i++) {
        rel(c, i, 2, &p);
        assert_true(p->time_conflict); /* a guess against a day */
        assert_false(p->years_guessed);
        sl_pair_free(p);
    }
    sl_corpus_free(c);
}

/* A quote two outlets give in slightly different words is reported as
 * drift, with its two wordings; the same words are a shared quote (no
 * drift); another quote is neither. */
static void test_quote_drift(void **state)
{
    (void)state;
    static const char OTHER[] =
        "Wang Yi hosted Sergei Lavrov in Beijing on Tuesday for talks on trade.\n"
        "\"Relations between our two countries are at the best level in their history,\" "
        "Wang said.\n"
        "\"Sanctions do not scare us at all,\" Lavrov added.";
    sl_corpus *c;
    assert_int_equal(sl_corpus_new(&c, NULL), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("meeting", MEETING, "2025-12-03")), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("other", OTHER, "2025-12-03")), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("independent", INDEPENDENT, "2025-12-03")), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("flood", UNRELATED, "2025-12-04")), SL_OK);
    sl_pair *p;
    rel(c, 0, 1, &p);
    assert_int_equal(p->nshared_quotes, 0);
    assert_int_equal(p->ndrift, 1);
    assert_string_equal(p->drift[0].a,
                        "Relations between our countries are at their best level in history");
    assert_string_equal(p->drift[0].b, "Relations between our two countries are at the best "
                                       "level in their history");
    assert_true(p->drift[0].similarity >= 0.6 && p->drift[0].similarity < 1.0);
    sl_pair_free(p);
    rel(c, 0, 2, &p); /* the same words: shared, not drifted */
    assert_int_equal(p->nshared_quotes, 1);
    assert_int_equal(p->ndrift, 0);
    sl_pair_free(p);
    rel(c, 0, 3, &p);
    assert_int_equal(p->ndrift, 0);
    sl_pair_free(p);
    /* the event's record lists the drift too: the earlier member's words
     * first, the quote that a third member repeats word for word once */
    sl_events *E;
    assert_int_equal(sl_events_run(&E, c, NULL), SL_OK);
    const sl_event *ev = &E->events[E->event_of[0]];
    assert_int_equal(E->event_of[1], E->event_of[0]);
    assert_int_equal(E->event_of[2], E->event_of[0]);
    assert_int_equal(ev->ndrift, 1);
    assert_string_equal(ev->drift[0].a,
                        "Relations between our countries are at their best level in history");
    assert_string_equal(ev->drift[0].b, "Relations between our two countries are at the best "
                                        "level in their history");
    assert_int_equal(E->events[E->event_of[3]].ndrift, 0);
    sl_events_free(E);
    sl_corpus_free(c);
}

/* Two robberies of Paris jewellers, undated: the reports' lead sums an
 * order of magnitude apart tell two happenings; the same sum in another
 * currency does not (ECB+ topic 24: 85 million euros in 2008, 2 million
 * euros in 2013). */
static void test_sums_apart(void **state)
{
    (void)state;
    const char *big = "Armed robbers stole diamonds worth 85 million euros from a jeweller on "
                      "Avenue Montaigne in Paris.\nThe robbers escaped with rings and watches.";
    const char *usd = "Gunmen disguised as women took $108 million of diamonds from a jeweller "
                      "on Avenue Montaigne, Paris police said.\nNo one was hurt in the robbery.";
    const char *small = "Four men rammed a car into a jeweller on Avenue Montaigne in Paris and "
                        "took jewellery worth 2 million euros, police said.\nThe robbers "
                        "fled in a second car.";
    sl_corpus *c;
    assert_int_equal(sl_corpus_new(&c, NULL), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("big", big, NULL)), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("usd", usd, NULL)), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("small", small, NULL)), SL_OK);
    sl_pair *p;
    assert_int_equal(rel(c, 0, 1, &p), SL_REL_SAME_EVENT);
    assert_false(p->amount_conflict);
    assert_string_equal(p->a_amount, "85 million euros");
    assert_string_equal(p->b_amount, "$108 million");
    sl_pair_free(p);
    assert_int_not_equal(rel(c, 0, 2, &p), SL_REL_SAME_EVENT);
    assert_true(p->amount_conflict);
    assert_string_equal(p->b_amount, "2 million euros");
    sl_pair_free(p);
    sl_events *E;
    assert_int_equal(sl_events_run(&E, c, NULL), SL_OK);
    assert_int_equal(E->event_of[0], E->event_of[1]);
    assert_int_not_equal(E->event_of[0], E->event_of[2]);
    sl_events_free(E);
    sl_corpus_free(c);
}

/* "Regina M. Benjamin" and "Regina Benjamin" are one person to the entity
 * similarity, as "Benjamin" alone is. */
static void test_middle_initial(void **state)
{
    (void)state;
    sl_corpus *c = two("President Barack Obama nominated Regina M. Benjamin as Surgeon "
                       "General.\nRegina M. Benjamin runs a rural clinic in Bayou La Batre.",
                       "2009-07-13",
                       "The foundation congratulated Regina Benjamin on her nomination "
                       "as Surgeon General by Barack Obama.\nRegina Benjamin was a trustee "
                       "of the foundation.",
                       "2009-07-13");
    sl_pair *p;
    assert_int_equal(rel(c, 0, 1, &p), SL_REL_SAME_EVENT);
    assert_true(shares(p, "Regina M. Benjamin"));
    assert_true(p->entity_sim > 0.6);
    sl_pair_free(p);
    sl_corpus_free(c);
}

/* A middle name too: "Bettie Mae Page" and "Bettie Page" are one person
 * (ECB+ 4_1ecb and 4_3ecb: entity similarity 0.06 before, two events). */
static void test_middle_name(void **state)
{
    (void)state;
    sl_corpus *c = two("Bettie Mae Page, the pin-up model of the 1950s, died in Los Angeles."
                       "\nBettie Mae Page was 85.",
                       NULL,
                       "Pin-up icon Bettie Page has died at a Los Angeles hospital.\n"
                       "Bettie Page had a heart attack earlier this month.",
                       NULL);
    sl_pair *p;
    rel(c, 0, 1, &p);
    assert_true(shares(p, "Bettie Mae Page") || shares(p, "Bettie Page"));
    assert_true(p->entity_sim > 0.6);
    sl_pair_free(p);
    sl_corpus_free(c);
}

/* "Mt Cook" and "Mount Cook" are one place to the entity similarity and
 * to the evidence. */
static void test_mount_abbreviation(void **state)
{
    (void)state;
    sl_corpus *c = two("A climber from Perth died on Mt Cook on Thursday.\n"
                       "Rescuers reached Mt Cook on Saturday.",
                       "2008-12-05",
                       "Rescuers on Mount Cook found the body of a climber "
                       "from Perth.\nMount Cook is the highest peak.",
                       "2008-12-06");
    sl_pair *p;
    rel(c, 0, 1, &p);
    assert_true(shares(p, "Mount Cook"));
    assert_true(p->entity_sim > 0.9); /* the two places they name are the same two */
    sl_pair_free(p);
    sl_corpus_free(c);
}

/* An event's entities and label count a surname written alone in some
 * reports ("Gupta") and a middle initial ("Sanjay K. Gupta") for the full
 * name the others give ("Sanjay Gupta"), not as names of their own; a
 * place is never a surname. */
static void test_label_surnames(void **state)
{
    (void)state;
    static const char FULL[] =
        "President Barack Obama picked Sanjay Gupta, the CNN medical correspondent, as surgeon "
        "general on Tuesday, officials in Atlanta said.\n"
        "Sanjay Gupta, a neurosurgeon at Emory University, would bring celebrity to the post.";
    static const char BARE[] =
        "The president picked Gupta, the CNN medical correspondent and Emory University "
        "neurosurgeon, as surgeon general on Tuesday, officials in Atlanta said.\n"
        "Colleagues said Gupta would bring celebrity to the post.";
    static const char MIDDLE[] =
        "President Barack Obama picked Sanjay K. Gupta, the CNN medical correspondent, as "
        "surgeon general on Tuesday, officials in Atlanta said.\n"
        "Sanjay K. Gupta, a neurosurgeon at Emory University, would bring celebrity to the post.";
    sl_corpus *c;
    assert_int_equal(sl_corpus_new(&c, NULL), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("a", FULL, "2009-01-07")), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("b", FULL, "2009-01-07")), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("c", BARE, "2009-01-07")), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("d", MIDDLE, "2009-01-07")), SL_OK);
    sl_events *E;
    assert_int_equal(sl_events_run(&E, c, NULL), SL_OK);
    assert_int_equal(E->event_of[2], E->event_of[0]);
    assert_int_equal(E->event_of[3], E->event_of[0]);
    const sl_event *ev = &E->events[E->event_of[0]];
    int full = 0;
    for (size_t k = 0; k < ev->nentities; k++) {
        assert_string_not_equal(ev->entities[k], "Gupta");
        full += strcmp(ev->entities[k], "Sanjay Gupta") == 0;
    }
    assert_int_equal(full, 1);
    /* 4 reports, not 2: the middle initial is the same person, and the
     * plainest form names him */
    assert_string_equal(ev->entities[0], "Sanjay Gupta");
    assert_non_null(strstr(ev->label, "Atlanta")); /* a place stays a place */
    sl_events_free(E);
    sl_corpus_free(c);
}

/* Two reports whose stated times agree (at most a week apart) score
 * TIME_BONUS (0.04) more than the same texts when one of them is undated,
 * and the evidence says so; a month apart is neither agreement nor
 * conflict; a year guessed from an undated text agrees with nothing. */
static void test_time_agreement(void **state)
{
    (void)state;
    static const char A[] =
        "Flood waters cut the main road into Keswick on Tuesday, officials said.\n"
        "Residents of 40 homes were moved to the leisure centre.";
    static const char B[] =
        "Forty households in Keswick left their homes on Tuesday as the river rose over the "
        "main road.\nThe council opened the leisure centre for them.";
    static const char B_GUESS[] =
        "Forty households in Keswick left their homes as the river rose over the main road, "
        "the worst since 2009 and 2009's repairs.\nThe council opened the leisure centre.";
    sl_corpus *dated = two(A, "2015-12-08", B, "2015-12-09");
    sl_corpus *undated = two(A, "2015-12-08", B, NULL);
    sl_pair *p, *q;
    rel(dated, 0, 1, &p);
    rel(undated, 0, 1, &q);
    assert_true(p->time_agree);
    assert_false(q->time_agree);
    assert_false(p->time_conflict || q->time_conflict);
    assert_true(fabs(p->topic_sim - q->topic_sim) < 1e-9);
    assert_true(fabs((p->event_score - q->event_score) - 0.04) < 1e-6);
    sl_pair_free(p);
    sl_pair_free(q);
    sl_corpus_free(dated);
    sl_corpus_free(undated);
    /* a month apart: no conflict (within reach) and no agreement either */
    sl_corpus *month = two(A, "2015-12-08", B, "2016-01-08");
    rel(month, 0, 1, &p);
    assert_false(p->time_conflict);
    assert_false(p->time_agree);
    sl_pair_free(p);
    sl_corpus_free(month);
    sl_corpus *guess = two(A, "2015-12-08", B_GUESS, NULL);
    rel(guess, 0, 1, &p);
    assert_true(p->b_start != SL_TIME_UNKNOWN); /* 2009, guessed */
    assert_false(p->time_agree);
    sl_pair_free(p);
    sl_corpus_free(guess);
}

/* A store's working set: the stored articles come seeded with their
 * events.  A seeded event is never split, never merged with another and
 * its members never move, not even by the must-link of a shared quote;
 * new articles join them as they fit. */
static void test_seeded(void **state)
{
    (void)state;
    sl_corpus *c = build(); /* meeting copy rewrite independent later flood */
    /* "meeting" and "rewrite" + "independent" were stored as two events (a
     * mistake the store keeps), "later" as a third */
    const int64_t apart[] = {7, 0, 9, 9, 8, 0};
    sl_events *E;
    assert_int_equal(sl__events_run_seeded(&E, c, NULL, apart), SL_OK);
    const uint32_t *ev = E->event_of;
    assert_int_not_equal(ev[0], ev[2]);
    assert_int_not_equal(ev[0], ev[4]);
    assert_int_not_equal(ev[2], ev[4]);
    assert_true(ev[1] == ev[0] || ev[1] == ev[2]); /* the copy: the same meeting */
    assert_int_equal(ev[3], ev[2]); /* though it shares a quote with "meeting" */
    assert_int_not_equal(ev[5], ev[0]); /* the flood: an event of its own */
    assert_int_not_equal(ev[5], ev[2]);
    assert_int_not_equal(ev[5], ev[4]);
    sl_events_free(E);
    /* "meeting" and "later" stored as one event stay one, and the reports
     * of the meeting join it */
    const int64_t together[] = {7, 0, 0, 0, 7, 0};
    assert_int_equal(sl__events_run_seeded(&E, c, NULL, together), SL_OK);
    ev = E->event_of;
    assert_int_equal(ev[4], ev[0]);
    assert_int_equal(ev[1], ev[0]);
    assert_int_equal(ev[2], ev[0]);
    assert_int_equal(ev[3], ev[0]);
    assert_int_not_equal(ev[5], ev[0]);
    sl_events_free(E);
    /* no seeds: the plain run, where the reports are one event and the
     * later meeting another */
    assert_int_equal(sl__events_run_seeded(&E, c, NULL, NULL), SL_OK);
    assert_int_equal(E->event_of[0], E->event_of[2]);
    assert_int_not_equal(E->event_of[0], E->event_of[4]);
    sl_events_free(E);
    sl_corpus_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_five_relations),
        cmocka_unit_test(test_events_and_storylines),
        cmocka_unit_test(test_protagonists),
        cmocka_unit_test(test_lead_surname),
        cmocka_unit_test(test_lead_corpus_surname),
        cmocka_unit_test(test_followup_recalls_date),
        cmocka_unit_test(test_month_day_without_year),
        cmocka_unit_test(test_shared_day),
        cmocka_unit_test(test_guessed_years),
        cmocka_unit_test(test_quote_drift),
        cmocka_unit_test(test_sums_apart),
        cmocka_unit_test(test_middle_initial),
        cmocka_unit_test(test_middle_name),
        cmocka_unit_test(test_mount_abbreviation),
        cmocka_unit_test(test_time_agreement),
        cmocka_unit_test(test_seeded),
        cmocka_unit_test(test_label_surnames),
        cmocka_unit_test(test_copies_are_must_links),
        cmocka_unit_test(test_reposted_copy),
        cmocka_unit_test(test_duplicates_only),
        cmocka_unit_test(test_keep_terms),
        cmocka_unit_test(test_extract_public),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
