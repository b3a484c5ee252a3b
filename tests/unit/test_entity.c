/* test_entity.c - named entities (sl__extract_entities) and the gazetteer. */
#include "testutil.h"

#include <json-c/json.h>

#include "facts/facts.h"

/* ------------------------------------------------------------- helpers */

/* Entities of s, with the sentence spans the library computes. */
static sl_facts *ents(const char *s)
{
    sl_facts *f = calloc(1, sizeof *f);
    assert_non_null(f);
    sl_spanvec sv = {0};
    size_t n = strlen(s);
    assert_int_equal(sl__sentences(&sv, s, n), SL_OK);
    assert_int_equal(sl__extract_entities(f, s, n, sv.v, sv.n), SL_OK);
    free(sv.v);
    /* invariants of every result */
    assert_true(f->nentities <= 512);
    for (size_t i = 0; i < f->nentities; i++) {
        const sl_entity *e = &f->entities[i];
        assert_non_null(e->name);
        assert_true(e->name[0] != '\0');
        assert_true(e->mentions >= 1);
        assert_true(e->first < n);
        assert_true((unsigned)e->kind <= SL_ENT_OTHER);
        if (i)
            assert_true(f->entities[i - 1].first <= e->first);
    }
    return f;
}

/* Frees f's entities (not f). */
static void free_ents(sl_facts *f)
{
    for (size_t i = 0; i < f->nentities; i++) {
        free(f->entities[i].name);
        free(f->entities[i].role);
        free(f->entities[i].affiliation);
    }
    free(f->entities);
}

static void ents_free(sl_facts *f)
{
    free_ents(f);
    free(f);
}

static const sl_entity *find(const sl_facts *f, const char *name)
{
    for (size_t i = 0; i < f->nentities; i++)
        if (strcmp(f->entities[i].name, name) == 0)
            return &f->entities[i];
    return NULL;
}

static void dump(const sl_facts *f)
{
    for (size_t i = 0; i < f->nentities; i++) {
        const sl_entity *e = &f->entities[i];
        print_message("  %-6s %s (m=%u, role=%s, aff=%s)\n", sl_entity_kind_name(e->kind),
                      e->name, e->mentions, e->role ? e->role : "-",
                      e->affiliation ? e->affiliation : "-");
    }
}

/* The entity `name` exists with this kind (and at least `mentions`). */
static const sl_entity *expect(const sl_facts *f, const char *name, sl_entity_kind kind,
                               unsigned mentions)
{
    const sl_entity *e = find(f, name);
    if (!e || e->kind != kind || e->mentions < mentions) {
        dump(f);
        fail_msg("want %s \"%s\" with >= %u mentions: %s", sl_entity_kind_name(kind), name,
                 mentions, e ? "other kind or fewer mentions" : "missing");
    }
    return e;
}

static void expect_none(const sl_facts *f, const char *name)
{
    if (find(f, name)) {
        dump(f);
        fail_msg("\"%s\" should not be an entity", name);
    }
}

static void expect_str(const char *got, const char *want, const char *what)
{
    if (!want) {
        if (got)
            fail_msg("%s: got \"%s\", want none", what, got);
        return;
    }
    if (!got || strcmp(got, want) != 0)
        fail_msg("%s: got \"%s\", want \"%s\"", what, got ? got : "(null)", want);
}

/* Text of ECB+ article `id` from the bundled dev split (malloc'd). */
static char *ecb_text(const char *id)
{
    FILE *fp = fopen("data/ecbplus-dev/articles.jsonl", "r");
    assert_non_null(fp);
    char *line = NULL, *out = NULL;
    size_t cap = 0;
    char key[64];
    snprintf(key, sizeof key, "\"id\": \"%s\"", id);
    while (!out && getline(&line, &cap, fp) > 0) {
        if (!strstr(line, key))
            continue;
        json_object *o = json_tokener_parse(line);
        json_object *t;
        if (o && json_object_object_get_ex(o, "text", &t))
            out = strdup(json_object_get_string(t));
        json_object_put(o);
    }
    free(line);
    fclose(fp);
    if (!out)
        fail_msg("ECB+ article %s not found", id);
    return out;
}

/* ----------------------------------------------------------- gazetteer */

static void test_gazetteer_lookups(void **state)
{
    (void)state;
    int k = -1;
    assert_string_equal(sl__gazetteer("Moscow", 6, &k), "Russia");
    assert_int_equal(k, 1);
    /* prefixes: the multi-word names' first words (gz_joins' filter) */
    assert_true(sl__gazetteer_prefix("New ", 4));         /* New York */
    assert_true(sl__gazetteer_prefix("People's ", 9));    /* ...Republic of China */
    assert_true(sl__gazetteer_prefix("Bosnia and ", 11));
    assert_true(sl__gazetteer_prefix("Zimbabw", 7));      /* a byte prefix */
    assert_true(sl__gazetteer_prefix("Zimbabwe", 8));     /* a whole name */
    assert_false(sl__gazetteer_prefix("Zimbabwe ", 9));
    assert_false(sl__gazetteer_prefix("Moscow ", 7));
    assert_false(sl__gazetteer_prefix("Xq", 2));
    assert_false(sl__gazetteer_prefix("", 0));
    assert_false(sl__gazetteer_prefix("\xff", 1));
    assert_string_equal(sl__gazetteer("Russian", 7, &k), "Russia");
    assert_int_equal(k, 2);
    assert_string_equal(sl__gazetteer("Russia", 6, &k), "Russia");
    assert_int_equal(k, 0);
    assert_string_equal(sl__gazetteer("U.S.", 4, &k), "United States");
    assert_int_equal(k, 0);
    assert_string_equal(sl__gazetteer("US", 2, &k), "United States");
    assert_string_equal(sl__gazetteer("America", 7, &k), "United States");
    assert_string_equal(sl__gazetteer("American", 8, &k), "United States");
    assert_int_equal(k, 2);
    assert_string_equal(sl__gazetteer("Washington", 10, &k), "United States");
    assert_int_equal(k, 1);
    assert_string_equal(sl__gazetteer("Beijing", 7, NULL), "China");
    assert_string_equal(sl__gazetteer("Chinese", 7, NULL), "China");
    assert_string_equal(sl__gazetteer("Malibu", 6, &k), "United States");
    assert_int_equal(k, 1);
    assert_string_equal(sl__gazetteer("California", 10, &k), "United States");
    assert_int_equal(k, 1); /* region */
    assert_string_equal(sl__gazetteer("Calif.", 6, NULL), "United States");
    assert_string_equal(sl__gazetteer("Pristina", 8, NULL), "Kosovo");
    assert_string_equal(sl__gazetteer("Taipei", 6, NULL), "Taiwan");
    assert_string_equal(sl__gazetteer("Hong Kong", 9, &k), "Hong Kong");
    assert_int_equal(k, 0);
    assert_string_equal(sl__gazetteer("Palestinian", 11, NULL), "Palestine");
    assert_string_equal(sl__gazetteer("Bosnia and Herzegovina", 22, NULL),
                        "Bosnia and Herzegovina");
    const char *civ = "C\xc3\xb4te d'Ivoire"; /* UTF-8 name */
    assert_string_equal(sl__gazetteer(civ, strlen(civ), NULL), "Ivory Coast");
    /* exact and case-sensitive; prefixes and longer names are unknown */
    assert_null(sl__gazetteer("moscow", 6, NULL));
    assert_null(sl__gazetteer("MOSCOW", 6, NULL));
    assert_null(sl__gazetteer("Mosco", 5, NULL));
    assert_null(sl__gazetteer("Moscows", 7, NULL));
    assert_null(sl__gazetteer("Atlantis", 8, NULL));
    assert_null(sl__gazetteer("", 0, NULL));
    assert_null(sl__gazetteer(NULL, 3, NULL));
    /* n counts: "Moscow" inside a longer buffer */
    assert_string_equal(sl__gazetteer("Moscow, Russia", 6, NULL), "Russia");
}

/* Every row of data/gazetteer.tsv is found, with its country, or with a
 * stronger row of the same name (country > capital > city > region >
 * demonym): checks the generated table against its hash look-up. */
static void test_gazetteer_every_row(void **state)
{
    (void)state;
    FILE *fp = fopen("data/gazetteer.tsv", "r");
    assert_non_null(fp);
    char *line = NULL;
    size_t cap = 0, rows = 0, countries = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, fp)) > 0) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        line[strcspn(line, "\r\n")] = '\0';
        char *name = line, *kind = strchr(name, '\t');
        assert_non_null(kind);
        *kind++ = '\0';
        char *country = strchr(kind, '\t');
        assert_non_null(country);
        *country++ = '\0';
        int k = -1;
        const char *got = sl__gazetteer(name, strlen(name), &k);
        if (!got)
            fail_msg("gazetteer row \"%s\" not found", name);
        int want = strcmp(kind, "country") == 0   ? 0
                   : strcmp(kind, "demonym") == 0 ? 2
                                                  : 1;
        assert_true(k <= want);
        if (k == want && strcmp(got, country) != 0 && want == 0)
            fail_msg("\"%s\": got %s, want %s", name, got, country);
        if (want == 0 && k == 0 && strcmp(name, country) == 0) {
            assert_string_equal(got, country);
            countries++;
        }
        rows++;
    }
    free(line);
    fclose(fp);
    assert_true(rows > 1000);
    /* 193 UN members + Kosovo, Taiwan, Palestine, Hong Kong (+ Vatican City) */
    assert_true(countries >= 197);
}

/* ---------------------------------------------------------- entities */

static void test_title_affiliation(void **state)
{
    (void)state;
    sl_facts *f = ents("Russian Foreign Minister Sergei Lavrov arrived in Beijing on Tuesday. "
                       "Lavrov said the talks went well.");
    const sl_entity *e = expect(f, "Sergei Lavrov", SL_ENT_PERSON, 2);
    expect_str(e->role, "Foreign Minister", "role");
    expect_str(e->affiliation, "Russia", "affiliation");
    assert_int_equal(e->first, strlen("Russian Foreign Minister "));
    e = expect(f, "Beijing", SL_ENT_PLACE, 1);
    expect_str(e->affiliation, "China", "place's country");
    expect_none(f, "Lavrov");
    expect_none(f, "Russian");
    expect_none(f, "Russian Foreign Minister Sergei Lavrov");
    expect_none(f, "Tuesday");
    ents_free(f);

    /* a role word written in lower case elsewhere, capitalised at a
     * sentence start, is the role of the full name after it; two words
     * stay a name ("Star Jones") */
    f = ents("Analyst Rob Enderle said the patch was late. Lawyer Michael Marinaccio "
             "agreed. Star Jones laughed.");
    e = expect(f, "Rob Enderle", SL_ENT_PERSON, 1);
    expect_str(e->role, "Analyst", "role");
    e = expect(f, "Michael Marinaccio", SL_ENT_PERSON, 1);
    expect_str(e->role, "Lawyer", "role");
    expect(f, "Star Jones", SL_ENT_PERSON, 1);
    expect_none(f, "Analyst Rob Enderle");
    ents_free(f);

    f = ents("Chinese Foreign Minister Wang Yi met reporters in Beijing. Wang said "
             "cooperation would deepen.");
    e = expect(f, "Wang Yi", SL_ENT_PERSON, 2);
    assert_int_equal(e->mentions, 2);
    expect_str(e->role, "Foreign Minister", "role");
    expect_str(e->affiliation, "China", "affiliation");
    expect_none(f, "Wang");
    ents_free(f);

    f = ents("The talks came after U.S. Secretary of State John Kerry visited Moscow. The "
             "Foreign Minister of Russia, Sergei Lavrov, welcomed him, and Russia's foreign "
             "minister later met President Barack Obama. Obama thanked Mr. Lavrov.");
    e = expect(f, "John Kerry", SL_ENT_PERSON, 1);
    expect_str(e->role, "Secretary of State", "role");
    expect_str(e->affiliation, "United States", "affiliation");
    e = expect(f, "Sergei Lavrov", SL_ENT_PERSON, 2); /* + "Mr. Lavrov" */
    expect_str(e->role, "Foreign Minister", "appositive role");
    expect_str(e->affiliation, "Russia", "appositive affiliation");
    e = expect(f, "Barack Obama", SL_ENT_PERSON, 2);
    expect_str(e->role, "President", "role");
    expect(f, "Moscow", SL_ENT_PLACE, 1);
    expect_none(f, "Secretary of State");
    expect_none(f, "Foreign Minister");
    ents_free(f);

    /* lower-case role phrases and a demonym before them */
    f = ents("He spoke with Russian foreign minister Sergei Lavrov and actress Tara Reid, "
             "whose publicist, Jack Ketsoyan, confirmed it.");
    e = expect(f, "Sergei Lavrov", SL_ENT_PERSON, 1);
    expect_str(e->role, "foreign minister", "role");
    expect_str(e->affiliation, "Russia", "affiliation");
    e = expect(f, "Tara Reid", SL_ENT_PERSON, 1);
    expect_str(e->role, "actress", "role");
    expect_str(e->affiliation, NULL, "affiliation");
    e = expect(f, "Jack Ketsoyan", SL_ENT_PERSON, 1);
    expect_str(e->role, "publicist", "role");
    ents_free(f);

    /* "Doctor" spelt out is a title like "Dr." (ECB+: "Doctor Regina
     * Benjamin" and "Regina Benjamin" are one person) */
    f = ents("The nominee, Doctor Regina Benjamin, runs a clinic in Alabama.");
    e = expect(f, "Regina Benjamin", SL_ENT_PERSON, 1);
    expect_str(e->role, "Doctor", "role");
    expect_none(f, "Doctor Regina Benjamin");
    ents_free(f);

    /* a word capitalised before its hyphen only starts a sentence, it
     * names nobody (ECB+ 22_1ecb: "Sixty-year-old Sharron Diane Crawford
     * Smith" was an "other"); capitals after the hyphen still name */
    f = ents("Sixty-year-old Sharron Diane Crawford Smith is accused of murder. "
             "Ex-president Bill Clinton came. Super-agent Scott Boras spoke. "
             "The writer Jean-Paul Sartre was there.");
    expect(f, "Sharron Diane Crawford Smith", SL_ENT_PERSON, 1);
    expect(f, "Bill Clinton", SL_ENT_PERSON, 1);
    expect(f, "Scott Boras", SL_ENT_PERSON, 1);
    expect(f, "Jean-Paul Sartre", SL_ENT_PERSON, 1);
    expect_none(f, "Sixty-year-old Sharron Diane Crawford Smith");
    expect_none(f, "Ex-president Bill Clinton");
    ents_free(f);
}

static void test_short_forms(void **state)
{
    (void)state;
    /* surname and first word, before and after the full name */
    sl_facts *f = ents("Reid checks into rehab\n"
                       "Actress Tara Reid has entered rehab, People said. Reid, 33, is "
                       "in Malibu. Tara is doing well.");
    const sl_entity *e = expect(f, "Tara Reid", SL_ENT_PERSON, 4);
    assert_int_equal(e->mentions, 4);
    assert_int_equal(e->first, 0); /* the headline's short form comes first */
    expect_str(e->role, "Actress", "role");
    expect_none(f, "Reid");
    expect_none(f, "Tara");
    ents_free(f);

    /* several people share the surname: the most recent one before */
    f = ents("John Jenkin, 23, is charged with killing his mother Alice McMeekin and sister "
             "Katie Jenkin. Jenkin was found dead at home, police said. Ms McMeekin was 58.");
    e = expect(f, "John Jenkin", SL_ENT_PERSON, 1);
    assert_int_equal(e->mentions, 1);
    e = expect(f, "Katie Jenkin", SL_ENT_PERSON, 2);
    assert_int_equal(e->mentions, 2);
    expect(f, "Alice McMeekin", SL_ENT_PERSON, 2);
    expect_none(f, "McMeekin");
    ents_free(f);

    /* a surname the writer once lower-cases is still a name: it stands
     * capitalised alone more often ("sign Teixeira", "Teixeira still") */
    f = ents("The Angels withdrew their offer to free agent Mark Teixeira on Monday. The "
             "Nationals do not expect to sign Teixeira. Boston still has an offer on the "
             "table, and Teixeira has not decided. The Red Sox may yet land teixeira.");
    e = expect(f, "Mark Teixeira", SL_ENT_PERSON, 3);
    assert_int_equal(e->mentions, 3);
    ents_free(f);
    /* a name that starts with a word the text uses alone as a place is
     * no person by shape alone; with a person's context (an age) it is */
    f = ents("The fire spread overnight, the Philadelphia Inquirer said. Crews in "
             "Philadelphia worked until dawn. Paris Hilton, 27, flew to Paris on Monday.");
    e = find(f, "Philadelphia Inquirer");
    assert_true(!e || e->kind != SL_ENT_PERSON);
    expect(f, "Paris Hilton", SL_ENT_PERSON, 1);
    ents_free(f);
    /* nor with a place's first word inside it */
    f = ents("Two climbers fell on Aoraki Mount Cook on Saturday, the rescue team said.");
    e = find(f, "Aoraki Mount Cook");
    assert_true(!e || e->kind != SL_ENT_PERSON);
    ents_free(f);
    /* nor with a word inside that the text uses as a common word ("the
     * ship"); a person's context (a role) still makes one */
    f = ents("Pirates fired on the Naval Ship Sukanya on Monday. The ship was not hit. "
             "Actress Jennifer Love Hewitt said she would love to visit.");
    e = find(f, "Naval Ship Sukanya");
    assert_true(!e || e->kind != SL_ENT_PERSON);
    expect(f, "Jennifer Love Hewitt", SL_ENT_PERSON, 1);
    ents_free(f);
    /* ... but a word used in lower case as often as alone is common: no
     * person "Palmer Fire", no "Fix" from "Fix - It" (capitalised beside
     * "It", not alone) */
    f = ents("Crews fought the Palmer Fire on Monday. The fire spread east. Use the Fix - It "
             "tool, the Fix - It page says; a fix will follow.");
    e = find(f, "Palmer Fire");
    assert_true(!e || e->kind != SL_ENT_PERSON);
    expect_none(f, "Fix");
    ents_free(f);

    /* a nickname between first name and surname is no part of the name */
    f = ents("Mob boss Vincent 'The Chin' Gigante died in prison. Gigante was 77. Police "
             "shot Kimani (Kiki) Gray on Saturday, and Gray died. Officials cited the "
             "Regulatory Reform (Fire Safety) Order and the Security (SANS) Institute.\n"
             "Direct 'Hunger Games' Sequel Planned\n"
             "Studio executives spoke.");
    e = expect(f, "Vincent Gigante", SL_ENT_PERSON, 2);
    assert_int_equal(e->first, 9); /* at "Vincent" */
    expect(f, "Kimani Gray", SL_ENT_PERSON, 2);
    expect_none(f, "Chin");
    expect_none(f, "Kiki");
    expect_none(f, "Reform Order");
    expect_none(f, "Regulatory Reform Order");
    expect_none(f, "Security Institute");
    expect_none(f, "Direct Sequel");
    ents_free(f);

    /* middle initials: the longest form is the canonical name */
    f = ents("Richard Nixon resigned. Richard M. Nixon left Washington, and Nixon flew home.");
    e = expect(f, "Richard M. Nixon", SL_ENT_PERSON, 3);
    assert_int_equal(e->mentions, 3);
    expect_none(f, "Richard Nixon");
    ents_free(f);
}

static void test_places(void **state)
{
    (void)state;
    sl_facts *f = ents("She entered the Promises Treatment Center in Malibu, California, on "
                       "Friday. Fire broke out in Palmer, Alaska, and near Wasilla. The "
                       "bodies were found in Newton Street, Millom.");
    expect(f, "Malibu", SL_ENT_PLACE, 1);
    const sl_entity *e = expect(f, "California", SL_ENT_PLACE, 1);
    expect_str(e->affiliation, "United States", "region's country");
    expect(f, "Palmer", SL_ENT_PLACE, 1);  /* "in X, <known place>" */
    expect(f, "Wasilla", SL_ENT_PLACE, 1); /* "near X" */
    expect(f, "Newton Street", SL_ENT_PLACE, 1);
    expect(f, "Millom", SL_ENT_PLACE, 1); /* "<place>, X" */
    expect(f, "Promises Treatment Center", SL_ENT_ORG, 1);
    expect_none(f, "Friday");
    expect_none(f, "Fire");
    ents_free(f);

    /* multi-word gazetteer names, AP abbreviations, detokenised "U. S." */
    f = ents("Officials in Bosnia and Herzegovina and in Dar es Salaam met U. S. envoys in "
             "The Hague and in Malibu, Calif., last week.");
    expect(f, "Bosnia and Herzegovina", SL_ENT_PLACE, 1);
    expect(f, "Dar es Salaam", SL_ENT_PLACE, 1);
    expect(f, "The Hague", SL_ENT_PLACE, 1);
    expect(f, "Calif.", SL_ENT_PLACE, 1);
    const sl_entity *us = expect(f, "U.S.", SL_ENT_PLACE, 1);
    expect_str(us->affiliation, NULL, "a country has no affiliation");
    expect_none(f, "Bosnia");
    ents_free(f);

    /* buildings and the bodies named after a place are no persons */
    f = ents("He appeared at Bellflower Courthouse and later at the Natural Disasters "
             "Headquarters. Taunton Deane Magistrates heard the case, and Warner Brothers "
             "paid the MacArthur Fellowship winner.");
    expect(f, "Bellflower Courthouse", SL_ENT_PLACE, 1);
    expect(f, "Natural Disasters Headquarters", SL_ENT_PLACE, 1);
    expect(f, "Taunton Deane Magistrates", SL_ENT_ORG, 1);
    expect(f, "Warner Brothers", SL_ENT_ORG, 1);
    e = find(f, "MacArthur Fellowship");
    assert_true(!e || e->kind != SL_ENT_PERSON);
    ents_free(f);
}

static void test_orgs_outlets(void **state)
{
    (void)state;
    sl_facts *f = ents("BEIJING, Dec 3 (Reuters) - The Ministry of Foreign Affairs said NATO "
                       "was wrong. The Communist Party of China (CPC) agreed, and CPC "
                       "officials met the Bank of England and the U.S. Fish and Wildlife "
                       "Service.");
    expect(f, "Reuters", SL_ENT_OUTLET, 1);
    /* the shouted dateline takes the gazetteer's spelling */
    const sl_entity *e = expect(f, "Beijing", SL_ENT_PLACE, 1);
    expect_str(e->affiliation, "China", "dateline place");
    expect(f, "Ministry of Foreign Affairs", SL_ENT_ORG, 1);
    expect(f, "NATO", SL_ENT_ORG, 1);
    e = expect(f, "Communist Party of China", SL_ENT_ORG, 3);
    assert_int_equal(e->mentions, 3); /* + "(CPC)" + "CPC officials" */
    expect_none(f, "CPC");
    expect(f, "Bank of England", SL_ENT_ORG, 1);
    expect(f, "U.S. Fish and Wildlife Service", SL_ENT_ORG, 1);
    expect_none(f, "Dec");
    ents_free(f);

    /* a one-word short form of an organisation */
    f = ents("Promises is a celebrity favourite. She entered the Promises Treatment Center "
             "on Friday and left Promises a month later.");
    e = expect(f, "Promises Treatment Center", SL_ENT_ORG, 3);
    assert_int_equal(e->first, 0);
    ents_free(f);

    /* sports teams: a city and a plural nickname, or "the" and the
     * nickname alone; not a place, and a nickname is no one's surname */
    f = ents("The Los Angeles Angels made an offer to Mark Teixeira. The Boston Red Sox "
             "waited, and the Yankees did too. Paris Hilton watched the Angels play.");
    expect(f, "Los Angeles Angels", SL_ENT_ORG, 1);
    expect(f, "Boston Red Sox", SL_ENT_ORG, 1);
    expect(f, "Yankees", SL_ENT_ORG, 1);
    expect(f, "Mark Teixeira", SL_ENT_PERSON, 1);
    expect(f, "Paris Hilton", SL_ENT_PERSON, 1);
    ents_free(f);
    /* nicknames that are also words need the city: "the Saints" is not
     * enough */
    f = ents("The New Orleans Saints beat the Washington Nationals. Officials praised the "
             "Saints.");
    expect(f, "New Orleans Saints", SL_ENT_ORG, 1);
    expect(f, "Washington Nationals", SL_ENT_ORG, 1);
    ents_free(f);
    f = ents("Officials said Angels watched over the town."); /* no "the": not a team */
    expect_none(f, "Angels");
    ents_free(f);

    /* a lower-case noun of organisations right before a name */
    f = ents("Attacks spread, said researchers at security firm Trend Micro and software "
             "maker Trusteer. Paul Ferguson, a researcher, agreed.");
    expect(f, "Trend Micro", SL_ENT_ORG, 1);
    expect(f, "Trusteer", SL_ENT_ORG, 1);
    expect(f, "Paul Ferguson", SL_ENT_PERSON, 1);
    ents_free(f);

    /* an adjective or common noun no first name is starts no person by
     * shape ("Big Ten", "Secret Man"), but may with a person's context */
    f = ents("The Big Ten voted. Secret Man played the Holy Father, and rapper Big Sean "
             "sang.");
    e = find(f, "Big Ten");
    assert_true(!e || e->kind != SL_ENT_PERSON);
    e = find(f, "Secret Man");
    assert_true(!e || e->kind != SL_ENT_PERSON);
    e = find(f, "Holy Father");
    assert_true(!e || e->kind != SL_ENT_PERSON);
    expect(f, "Big Sean", SL_ENT_PERSON, 1);
    ents_free(f);
}

static void test_sentence_starts(void **state)
{
    (void)state;
    sl_facts *f = ents("The police said on Monday that the fire started in March.\n"
                       "Police arrested a man. But officials said He was known.\n"
                       "Witnesses saw smoke. Thieves fled in May, and Prime Minister "
                       "Theresa May condemned the attack.\n"
                       "Arson is suspected, said Jon Owen. Owen is the fire chief.");
    expect_none(f, "The");
    expect_none(f, "Police");
    expect_none(f, "But");
    expect_none(f, "He");
    expect_none(f, "Witnesses");
    expect_none(f, "Thieves");
    expect_none(f, "Arson");
    expect_none(f, "Monday");
    expect_none(f, "March");
    expect_none(f, "May");
    const sl_entity *e = expect(f, "Theresa May", SL_ENT_PERSON, 1);
    expect_str(e->role, "Prime Minister", "role");
    /* a sentence-initial name used mid-sentence elsewhere is kept */
    e = expect(f, "Jon Owen", SL_ENT_PERSON, 2);
    assert_int_equal(e->mentions, 2);
    ents_free(f);

    /* sentence-initial name followed by another capitalised word */
    f = ents("Jack Ketsoyan said Friday that the star went to rehab.");
    expect(f, "Jack Ketsoyan", SL_ENT_PERSON, 1);
    expect_none(f, "Friday");
    ents_free(f);

    /* a sentence adverb or -ing form opening the sentence is no part of
     * the name after it; given names in -ly are */
    f = ents("The agent spoke. Naturally Scott Boras wants eight years. Having Jackman "
             "host the show was a risk. Kelly Clarkson sang.");
    expect(f, "Scott Boras", SL_ENT_PERSON, 1);
    expect_none(f, "Naturally Scott Boras");
    expect_none(f, "Having Jackman");
    expect_none(f, "Having");
    expect(f, "Kelly Clarkson", SL_ENT_PERSON, 1);
    ents_free(f);
}

static void test_headlines(void **state)
{
    (void)state;
    sl_facts *f = ents("Esther Williams Dead: Technicolor Star Dies At Age 91\n"
                       "PROVISIONAL TRIAL DATE SET FOR MILLOM MURDER ACCUSED\n"
                       "Swimmer and actress Esther Williams died on Thursday in Millom, "
                       "officials said. A PROVISIONAL trial date was set.");
    const sl_entity *e = expect(f, "Esther Williams", SL_ENT_PERSON, 2);
    assert_int_equal(e->first, 0);
    e = find(f, "Millom"); /* the shouted form takes the body's spelling */
    assert_non_null(e);
    assert_int_equal(e->mentions, 2);
    expect_none(f, "Dead");
    expect_none(f, "Dies");
    expect_none(f, "Technicolor Star Dies At Age");
    expect_none(f, "PROVISIONAL");
    expect_none(f, "MURDER");
    expect_none(f, "Thursday");
    ents_free(f);

    /* the full name only in the headline, the surname alone in the body:
     * the headline's first word is the first name; a word of the body
     * ("Signs") or the second word of a headline is not */
    f = ents("Lindsay Lohan Checks Into Betty Ford Clinic\n"
             "Officials said Lohan has checked into a rehab facility. Her lawyer said Lohan "
             "left another clinic on Thursday.\n"
             "Teixeira Signs With Yankees\n"
             "The Yankees said Teixeira signs on Tuesday. Boston Offers Gomez\n"
             "Gomez may go to Boston.");
    e = expect(f, "Lindsay Lohan", SL_ENT_PERSON, 3);
    assert_int_equal(e->first, 0);
    expect_none(f, "Signs Teixeira");
    expect_none(f, "Offers Gomez");
    ents_free(f);
}

static void test_detokenised(void **state)
{
    (void)state;
    /* ECB+ style: "Reid 's", "Lohan ’ s", quotes apart */
    sl_facts *f = ents("Lindsay Lohan \xe2\x80\x99 s attorney met Tara Reid . Reid 's publicist "
                       "Jack Ketsoyan said \" we appreciate it , \" and Lohan agreed .");
    expect(f, "Lindsay Lohan", SL_ENT_PERSON, 2);
    expect(f, "Tara Reid", SL_ENT_PERSON, 2);
    const sl_entity *e = expect(f, "Jack Ketsoyan", SL_ENT_PERSON, 1);
    expect_str(e->role, "publicist", "role");
    expect_none(f, "Reid");
    expect_none(f, "Lohan");
    ents_free(f);

    /* titles of works in quotes are no people */
    f = ents("She starred in \"American Pie\" and \"The Big Lebowski\" with Paris Hilton.");
    e = find(f, "American Pie");
    assert_non_null(e);
    assert_int_not_equal(e->kind, SL_ENT_PERSON);
    expect_str(e->affiliation, NULL, "work's affiliation");
    e = find(f, "Big Lebowski");
    assert_non_null(e);
    assert_int_not_equal(e->kind, SL_ENT_PERSON);
    expect(f, "Paris Hilton", SL_ENT_PERSON, 1);
    ents_free(f);
}

static void test_ecbplus(void **state)
{
    (void)state;
    char *t = ecb_text("1_1ecb");
    sl_facts *f = ents(t);
    expect(f, "Tara Reid", SL_ENT_PERSON, 2);
    const sl_entity *e = find(f, "Promises Treatment Center");
    if (!e || (e->kind != SL_ENT_ORG && e->kind != SL_ENT_OTHER)) {
        dump(f);
        fail_msg("Promises Treatment Center: want org or other");
    }
    expect(f, "Malibu", SL_ENT_PLACE, 1);
    expect(f, "Jack Ketsoyan", SL_ENT_PERSON, 1);
    expect(f, "Hollywood", SL_ENT_PLACE, 1);
    expect(f, "California", SL_ENT_PLACE, 1);
    expect_none(f, "Another");
    expect_none(f, "Word");
    ents_free(f);
    free(t);

    /* a court report: relatives sharing a surname, a judge, a court */
    t = ecb_text("32_5ecbplus");
    f = ents(t);
    expect(f, "John Jenkin", SL_ENT_PERSON, 1);
    expect(f, "Katie Jenkin", SL_ENT_PERSON, 1);
    expect(f, "Alice McMeekin", SL_ENT_PERSON, 2);
    expect(f, "Preston Crown Court", SL_ENT_ORG, 1);
    e = expect(f, "Anthony Russell", SL_ENT_PERSON, 1);
    expect_str(e->role, "Judge", "role");
    e = expect(f, "Susan Carter", SL_ENT_PERSON, 1);
    expect_str(e->role, "crown prosecutor", "role");
    expect(f, "Millom", SL_ENT_PLACE, 3);
    expect_none(f, "PROVISIONAL");
    expect_none(f, "Tuesday");
    ents_free(f);
    free(t);

    /* a local fire: officials with lower-case titles, places */
    t = ecb_text("13_5ecbplus");
    f = ents(t);
    e = expect(f, "Jon Owen", SL_ENT_PERSON, 3);
    expect_str(e->role, "public safety director", "role");
    e = expect(f, "Sarah Palin", SL_ENT_PERSON, 2);
    expect_str(e->role, "Gov.", "role");
    expect(f, "Franklin D. Roosevelt", SL_ENT_PERSON, 1);
    expect(f, "Alaska", SL_ENT_PLACE, 3);
    expect(f, "Anchorage", SL_ENT_PLACE, 1);
    expect(f, "Palmer", SL_ENT_PLACE, 3);
    expect_none(f, "Arson");
    ents_free(f);
    free(t);
}

static void test_robust(void **state)
{
    (void)state;
    sl_facts f;
    memset(&f, 0, sizeof f);
    assert_int_equal(sl__extract_entities(&f, "", 0, NULL, 0), SL_OK);
    assert_int_equal(f.nentities, 0);
    assert_null(f.entities);
    /* no spans given: the extractor splits sentences itself */
    const char *s = "Tara Reid met Jack Ketsoyan in Malibu.";
    assert_int_equal(sl__extract_entities(&f, s, strlen(s), NULL, 0), SL_OK);
    assert_int_equal(f.nentities, 3);
    free_ents(&f);

    /* random bytes, broken UTF-8, NULs, spans that make no sense */
    uint64_t x = 88172645463325252ULL;
    char *buf = malloc(4096);
    assert_non_null(buf);
    static const char *const bits[] = {"Mr. ", "Reid", " 's ", "\xe2\x80\x99", "U. S. ",
                                       "Foreign Minister ", "of ", "Russia", "\xc3",
                                       "NATO ", "(", ") ", ", 33, ", "\n", "\"", "al-",
                                       "Bosnia and ", "\0", "May ", "XVI "};
    for (int it = 0; it < 400; it++) {
        size_t n = 0, want = (size_t)(it * 37 % 4000);
        while (n < want) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            if (it % 2) {
                buf[n++] = (char)(x & 0xff);
            } else {
                const char *p = bits[x % (sizeof bits / sizeof bits[0])];
                size_t l = strlen(p);
                if (!l)
                    l = 1; /* the NUL piece */
                if (n + l > want)
                    break;
                memcpy(buf + n, p, l);
                n += l;
            }
        }
        sl_span spans[3] = {{5, 3}, {0, 4000}, {2, 1}};
        sl_facts g;
        memset(&g, 0, sizeof g);
        assert_int_equal(sl__extract_entities(&g, buf, n, it % 3 ? NULL : spans,
                                              it % 3 ? 0 : 3),
                         SL_OK);
        assert_true(g.nentities <= 512);
        for (size_t i = 0; i < g.nentities; i++) {
            assert_true(g.entities[i].first < n);
            assert_true(g.entities[i].name[0] != '\0');
        }
        free_ents(&g);
    }
    free(buf);
}

/* The tokenizer's fast path for plain ASCII words finds what the general
 * path finds: random texts of the pieces its rules look at (possessives
 * attached, detached and plural, dots, hyphens, apostrophes, capitals,
 * non-ASCII), extracted with the fast path on and off. */
static void test_fast_words(void **state)
{
    (void)state;
    static const char *const bits[] = {
        "Reid", "Reid's", "Reid 's", "Lohan \xe2\x80\x99 s", "Lamas'", "son", "U.S.",
        "U. S.", "Dec.", "Jr.", "Mr.", "al-Assad", "iPhone", "eBay", "d'Antibes",
        "O'Neill", "don't", "well-known", "New", "York", "Times", "NASA", "XVI", "the",
        "Tara", "said", "on", "Tuesday", "in", "Paris", ",", ".", "\"", "'", "-",
        "\xe2\x80\x94", "(", ")", "33", "1.5", "Calif.", "St.", "Peter's", "People's",
        "Republic", "of", "China", "\xc3\xa9t\xc3\xa9", "Zo\xc3\xab", "\xd0\x9c\xd0\xbe",
        "Ab", "AB", "aB", "Jones \xe2\x80\x99", "s", "A.", "Mt", "Cook", "PRESIDENT", "\t",
        "\n", "can\xe2\x80\x99t", "Smith\xe2\x80\x99s", "x"};
    static const char *const seps[] = {" ", " ", " ", "", "\n", "  "};
    uint64_t x = 0x9e3779b97f4a7c15ULL;
    char buf[2048];
    for (int it = 0; it < 1500; it++) {
        size_t n = 0, words = 1 + (size_t)(it % 97);
        for (size_t w = 0; w < words; w++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            const char *p = bits[x % (sizeof bits / sizeof bits[0])];
            const char *q = seps[(x >> 32) % (sizeof seps / sizeof seps[0])];
            size_t lp = strlen(p), lq = strlen(q);
            if (n + lp + lq >= sizeof buf)
                break;
            memcpy(buf + n, p, lp);
            memcpy(buf + n + lp, q, lq);
            n += lp + lq;
        }
        sl_facts a, b;
        memset(&a, 0, sizeof a);
        memset(&b, 0, sizeof b);
        assert_int_equal(sl__extract_entities(&a, buf, n, NULL, 0), SL_OK);
        sl__entity_fast_words = 0;
        int rc = sl__extract_entities(&b, buf, n, NULL, 0);
        sl__entity_fast_words = 1;
        assert_int_equal(rc, SL_OK);
        if (a.nentities != b.nentities)
            fail_msg("text %d: %zu entities with the fast path, %zu without: %.*s", it,
                     a.nentities, b.nentities, (int)n, buf);
        for (size_t i = 0; i < a.nentities; i++) {
            const sl_entity *e = &a.entities[i], *f = &b.entities[i];
            if (strcmp(e->name, f->name) != 0 || e->kind != f->kind ||
                e->mentions != f->mentions || e->first != f->first ||
                (e->role == NULL) != (f->role == NULL) ||
                (e->role && strcmp(e->role, f->role) != 0))
                fail_msg("text %d: \"%s\" / \"%s\": %.*s", it, e->name, f->name, (int)n, buf);
        }
        free_ents(&a);
        free_ents(&b);
    }
}

static void test_entity_cap(void **state)
{
    (void)state;
    /* 2000 distinct two-word names: at most 512 entities, the first ones */
    sl_buf b = {0};
    for (int i = 0; i < 2000; i++)
        assert_int_equal(sl__buf_printf(&b, "He met Zq%c%c%c Xv%c%c. ", 'a' + i % 26,
                                        'a' + i / 26 % 26, 'a' + i / 676 % 26, 'a' + i % 7,
                                        'a' + i % 11),
                         SL_OK);
    sl_facts *f = ents(b.p);
    assert_int_equal(f->nentities, 512);
    assert_string_equal(f->entities[0].name, "Zqaaa Xvaa");
    ents_free(f);
    sl__buf_free(&b);
}

/* A lead set in capitals ("AN AUSTRALIAN climber") and capitalised months
 * are words, not acronyms; real acronyms stay. */
static void test_shouted_words(void **state)
{
    (void)state;
    sl_facts *f = ents("AN AUSTRALIAN climber died on Mount Cook, the FBI and NATO said.");
    expect_none(f, "AN Australian");
    expect_none(f, "AN");
    expect(f, "Mount Cook", SL_ENT_PLACE, 1);
    expect(f, "FBI", SL_ENT_ORG, 1);
    expect(f, "NATO", SL_ENT_ORG, 1);
    ents_free(f);
    f = ents("A FRENCH skier was hurt. The race was moved to JUNE by the IOC.");
    expect_none(f, "FRENCH");
    expect_none(f, "JUNE");
    expect(f, "IOC", SL_ENT_ORG, 1);
    ents_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gazetteer_lookups),
        cmocka_unit_test(test_gazetteer_every_row),
        cmocka_unit_test(test_title_affiliation),
        cmocka_unit_test(test_short_forms),
        cmocka_unit_test(test_places),
        cmocka_unit_test(test_orgs_outlets),
        cmocka_unit_test(test_shouted_words),
        cmocka_unit_test(test_sentence_starts),
        cmocka_unit_test(test_headlines),
        cmocka_unit_test(test_detokenised),
        cmocka_unit_test(test_ecbplus),
        cmocka_unit_test(test_robust),
        cmocka_unit_test(test_fast_words),
        cmocka_unit_test(test_entity_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
