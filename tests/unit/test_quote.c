/* test_quote.c - quotations, speakers, sources; outlet and dateline. */
#include "testutil.h"

#include "facts/facts.h"

/* ------------------------------------------------------------- helpers */

static void facts_clear(sl_facts *f)
{
    for (size_t i = 0; i < f->nquotes; i++) {
        free(f->quotes[i].text);
        free(f->quotes[i].speaker);
        free(f->quotes[i].via);
    }
    free(f->quotes);
    free(f->outlet);
    free(f->dateline_place);
    free(f->dateline_outlet);
    memset(f, 0, sizeof *f);
}

/* Collapses white space runs of s[0..n) into one space (what sl_quote.text
 * holds for the span off/len). */
static char *collapsed(const char *s, size_t n)
{
    char *o = malloc(n + 1);
    assert_non_null(o);
    size_t k = 0;
    int sp = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r') {
            sp = k > 0;
            continue;
        }
        if (sp)
            o[k++] = ' ';
        sp = 0;
        o[k++] = s[i];
    }
    o[k] = '\0';
    return o;
}

/* Extracts the quotes of `text` into f and checks every quote's span. */
static void quotes_of(sl_facts *f, const char *text)
{
    memset(f, 0, sizeof *f);
    size_t n = strlen(text);
    assert_int_equal(sl__extract_quotes(f, text, n), SL_OK);
    for (size_t i = 0; i < f->nquotes; i++) {
        const sl_quote *q = &f->quotes[i];
        assert_non_null(q->text);
        assert_true((size_t)q->off + q->len <= n);
        char *c = collapsed(text + q->off, q->len);
        if (strcmp(c, q->text) != 0)
            fail_msg("quote %zu: span \"%s\" != text \"%s\"", i, c, q->text);
        free(c);
        if (i > 0)
            assert_true(f->quotes[i - 1].off < q->off);
    }
}

static void assert_str_or_null(const char *got, const char *want, const char *what)
{
    if (!want && !got)
        return;
    if (!want || !got || strcmp(got, want) != 0)
        fail_msg("%s: got \"%s\", want \"%s\"", what, got ? got : "(null)",
                 want ? want : "(null)");
}

/* One quote expected in `text`: its words, speaker and via. */
static void assert_one(const char *text, const char *words, const char *speaker, const char *via)
{
    sl_facts f;
    quotes_of(&f, text);
    if (f.nquotes != 1)
        fail_msg("%zu quotes in \"%s\", want 1", f.nquotes, text);
    assert_str_or_null(f.quotes[0].text, words, "text");
    assert_str_or_null(f.quotes[0].speaker, speaker, "speaker");
    assert_str_or_null(f.quotes[0].via, via, "via");
    facts_clear(&f);
}

static uint64_t key_of(const char *text)
{
    sl_facts f;
    quotes_of(&f, text);
    if (f.nquotes != 1)
        fail_msg("%zu quotes in \"%s\", want 1", f.nquotes, text);
    uint64_t k = f.quotes[0].key;
    facts_clear(&f);
    return k;
}

/* ------------------------------------------------------------ quotes */

static void test_straight_and_typographic(void **state)
{
    (void)state;
    assert_one("\"We will not give up the fight,\" he said.",
               "We will not give up the fight", "he", NULL);
    assert_one("\xE2\x80\x9CWe will not give up the fight,\xE2\x80\x9D he said.",
               "We will not give up the fight", "he", NULL);
    /* German low-high, guillemets with and without inner spaces */
    assert_one("Merkel sagte: \xE2\x80\x9E" "Wir schaffen das schon\xE2\x80\x9C.",
               "Wir schaffen das schon", NULL, NULL);
    assert_one("Le ministre a d\xC3\xA9" "clar\xC3\xA9 : \xC2\xAB Nous ne c\xC3\xA9" "derons pas \xC2\xBB.",
               "Nous ne c\xC3\xA9" "derons pas", NULL, NULL);
    assert_one("\xC2\xAB" "Nous ne c\xC3\xA9" "derons pas\xC2\xBB, a dit le ministre.",
               "Nous ne c\xC3\xA9" "derons pas", NULL, NULL);
    /* a nested quote inside guillemets stays inside */
    assert_one("\xC2\xAB Il a dit \xE2\x80\x9E" "non\xE2\x80\x9C et il est parti \xC2\xBB",
               "Il a dit \xE2\x80\x9E" "non\xE2\x80\x9C et il est parti", NULL, NULL);
}

static void test_single_quotes(void **state)
{
    (void)state;
    /* four words or more, closing mark told from apostrophes */
    assert_one("\xE2\x80\x98We don\xE2\x80\x99t want another war,\xE2\x80\x99 he wrote.",
               "We don\xE2\x80\x99t want another war", "he", NULL);
    sl_facts f;
    /* titles in single quotes are no quotes */
    quotes_of(&f, "Gary Ross will direct \xE2\x80\x98" "Catching Fire\xE2\x80\x99 next year.");
    assert_int_equal(f.nquotes, 0);
    facts_clear(&f);
    /* a detokenised possessive is no opening mark */
    quotes_of(&f, "Ross took time to revise Simon Beaufoy \xE2\x80\x98 s script for the film.");
    assert_int_equal(f.nquotes, 0);
    facts_clear(&f);
}

static void test_short_quotes_ignored(void **state)
{
    (void)state;
    sl_facts f;
    quotes_of(&f, "Tara Reid, 33, who starred in \"American Pie\" and appeared on U.S. TV "
                  "show \"Scrubs, ' ' has entered the Promises Treatment Center.");
    assert_int_equal(f.nquotes, 0);
    facts_clear(&f);
    quotes_of(&f, "He called it a \"class act\" and left.");
    assert_int_equal(f.nquotes, 0);
    facts_clear(&f);
    quotes_of(&f, "");
    assert_int_equal(f.nquotes, 0);
    facts_clear(&f);
    memset(&f, 0, sizeof f);
    assert_int_equal(sl__extract_quotes(&f, NULL, 0), SL_OK);
    assert_int_equal(f.nquotes, 0);
}

static void test_unclosed_and_multiline(void **state)
{
    (void)state;
    sl_facts f;
    /* unclosed: ends at the end of its paragraph */
    quotes_of(&f, "The minister said: \"We will never accept this deal\n"
                  "The talks resume on Monday.");
    assert_int_equal(f.nquotes, 1);
    assert_string_equal(f.quotes[0].text, "We will never accept this deal");
    facts_clear(&f);
    /* too short when unclosed */
    quotes_of(&f, "He said \"no way\nThen he left.");
    assert_int_equal(f.nquotes, 0);
    facts_clear(&f);
    /* one quote over three lines (ECB+ puts every sentence on a line) */
    quotes_of(&f, "When asked, the Taradise star said, \"I've done enough of everything!\n"
                  "I partied.\n"
                  "I don't need to do any of that anymore.\"\n"
                  "Reid recently started her own clothing line.");
    assert_int_equal(f.nquotes, 1);
    assert_string_equal(f.quotes[0].text, "I've done enough of everything! I partied. "
                                          "I don't need to do any of that anymore.");
    assert_string_equal(f.quotes[0].speaker, "the Taradise star");
    facts_clear(&f);
    /* paragraph style: an open quote, the next paragraph opens again */
    quotes_of(&f, "\"We have done all we could for the town.\n"
                  "\"Now it is up to the government,\" the mayor said.");
    assert_int_equal(f.nquotes, 2);
    assert_string_equal(f.quotes[0].text, "We have done all we could for the town.");
    assert_string_equal(f.quotes[1].text, "Now it is up to the government");
    assert_string_equal(f.quotes[1].speaker, "the mayor");
    facts_clear(&f);
}

static void test_detokenised(void **state)
{
    (void)state;
    /* ECB+-style spacing around marks and punctuation */
    assert_one("\" We appreciate your respect , \" he said .", "We appreciate your respect",
               "he", NULL);
    assert_one("\xE2\x80\x9C She \xE2\x80\x99 s in rehab right now , \xE2\x80\x9D Heller argued.",
               "She \xE2\x80\x99 s in rehab right now", "Heller", NULL);
}

static void test_keys(void **state)
{
    (void)state;
    uint64_t a = key_of("\"We appreciate your respect to her,\" he said.");
    uint64_t b = key_of("\xE2\x80\x9C" "we APPRECIATE your respect -- to her!\xE2\x80\x9D");
    uint64_t c = key_of("\" We appreciate your respect to her . \"");
    uint64_t d = key_of("\xC2\xAB We appreciate your respect to her \xC2\xBB");
    assert_true(a == b);
    assert_true(a == c);
    assert_true(a == d);
    /* detokenised apostrophes, typographic or not */
    uint64_t e = key_of("\"She's in rehab right now.\"");
    uint64_t g = key_of("\xE2\x80\x9C She \xE2\x80\x99 s in rehab right now. \xE2\x80\x9D");
    uint64_t h = key_of("\"She ' s in rehab right now\"");
    assert_true(e == g);
    assert_true(e == h);
    /* accents and different words */
    assert_true(key_of("\"Nous ne c\xC3\xA9" "derons pas\"") == key_of("\"Nous ne cederons pas\""));
    assert_true(key_of("\"We appreciate your respect\"") != a);
}

/* ------------------------------------------------------------- speakers */

static void test_speaker_after(void **state)
{
    (void)state;
    assert_one("\"The talks were useful,\" said Foreign Minister Wang Yi.",
               "The talks were useful", "Wang Yi", NULL);
    assert_one("\"The talks were useful,\" Foreign Minister Wang Yi told reporters.",
               "The talks were useful", "Wang Yi", NULL);
    assert_one("\"The talks were useful,\" Chinese Foreign Ministry spokeswoman Hua Chunying "
               "told a news briefing.",
               "The talks were useful", "Hua Chunying", NULL);
    assert_one("\"The talks were useful,\" the ministry said.", "The talks were useful",
               "the ministry", NULL);
    assert_one("\"The talks were useful,\" the Foreign Ministry added.",
               "The talks were useful", "the Foreign Ministry", NULL);
    assert_one("\"The situation is under control,\" a spokesman for the company said.",
               "The situation is under control", "a spokesman for the company", NULL);
    assert_one("\"The situation is under control,\" police said on Sunday.",
               "The situation is under control", "police", NULL);
    assert_one("\"The situation is under control,\" officials stressed.",
               "The situation is under control", "officials", NULL);
    assert_one("\"This is a rush job,\" Summit CEO Rob Friedman warned.",
               "This is a rush job", "Rob Friedman", NULL);
    assert_one("\"Absolutely not for now,\" O'Connor insisted.", "Absolutely not for now",
               "O'Connor", NULL);
    assert_one("\"The rule strengthens the regulations,\" said Secretary of the Interior "
               "Dirk Kempthorne.",
               "The rule strengthens the regulations", "Dirk Kempthorne", NULL);
    assert_one("\"He has the integrity and the ability,\" Harold L. Child Jr., legal "
               "attache to the embassy in Japan, told Nixon.",
               "He has the integrity and the ability", "Harold L. Child Jr.", NULL);
    assert_one("\"Tara Reid has checked herself into rehab,\" Reid's rep told Us.",
               "Tara Reid has checked herself into rehab", "Reid's rep", "Us");
    /* a new sentence after the quote says nothing about it */
    assert_one("\"We are done here.\" Smith left the room.", "We are done here.", NULL, NULL);
}

static void test_speaker_before(void **state)
{
    (void)state;
    assert_one("Wang Yi said: \"We oppose any unilateral action.\"",
               "We oppose any unilateral action.", "Wang Yi", NULL);
    assert_one("Wang Yi said \"we oppose any unilateral action\" on Monday.",
               "we oppose any unilateral action", "Wang Yi", NULL);
    assert_one("Foreign Minister Wang Yi told reporters: \"We oppose any unilateral action.\"",
               "We oppose any unilateral action.", "Wang Yi", NULL);
    assert_one("The ministry said that \"all options remain on the table.\"",
               "all options remain on the table.", "the ministry", NULL);
    assert_one("The company issued a statement saying it was \"deeply saddened by the loss.\"",
               "deeply saddened by the loss.", NULL, "a statement");
    assert_one("Nobody knows what comes next. \"We will see what happens.\"",
               "We will see what happens.", NULL, NULL);
}

/* The lexicon is looked up by its first letter through a hand-kept index:
 * a word added out of order or without updating the index is not found. */
static void test_tables(void **state)
{
    (void)state;
    assert_int_equal(sl__quote_tables_ok(), 1);
}

static void test_pronoun_speaker(void **state)
{
    (void)state;
    sl_facts f;
    /* a two-word name in the previous sentence */
    quotes_of(&f, "The move surprised Reunion Pictures' Matthew O'Connor, who produced "
                  "the film Vipers.\n"
                  "\"Tara was 100 percent professional,\" he told E! News.\n"
                  "\"She came in totally prepared every day.\"\n");
    assert_int_equal(f.nquotes, 2);
    assert_string_equal(f.quotes[0].speaker, "Matthew O'Connor");
    assert_string_equal(f.quotes[0].via, "E! News");
    /* the follow-on quote inherits its speaker */
    assert_string_equal(f.quotes[1].speaker, "Matthew O'Connor");
    assert_null(f.quotes[1].via);
    facts_clear(&f);
    /* the previous quote's speaker; a surname completed from earlier */
    quotes_of(&f, "Lohan's attorney, Shawn Holley, spoke out about the move.\n"
                  "\"Lindsay is grateful for the treatment she received,\" Holley said.\n"
                  "The judge set a new hearing for next month.\n"
                  "\"She has completed her course of treatment there,\" she added.");
    assert_int_equal(f.nquotes, 2);
    assert_string_equal(f.quotes[0].speaker, "Shawn Holley");
    assert_string_equal(f.quotes[1].speaker, "Shawn Holley");
    facts_clear(&f);
    /* nobody to resolve to */
    quotes_of(&f, "It was a cold morning.\n\"We will rebuild the whole town,\" she said.");
    assert_int_equal(f.nquotes, 1);
    assert_string_equal(f.quotes[0].speaker, "she");
    facts_clear(&f);
    /* a surname completed with the middle names and initials before it */
    quotes_of(&f, "Born in Nashville, Tennessee, Bettie Mae Page was one of six children.\n"
                  "For Page, the photos were harmless fun. \"Who could take this seriously?\" "
                  "she said.\n"
                  "Later George W. Bush spoke. \"We will not tire,\" Bush said.\n"
                  "Kraft Food's Susan Davison agreed. \"It is a fair deal,\" Davison said.\n"
                  "Angels GM Tony Reagins spoke. \"We made an offer,\" Reagins said.");
    assert_int_equal(f.nquotes, 4);
    assert_string_equal(f.quotes[0].speaker, "Bettie Mae Page");
    assert_string_equal(f.quotes[1].speaker, "George W. Bush");
    assert_string_equal(f.quotes[2].speaker, "Susan Davison");
    assert_string_equal(f.quotes[3].speaker, "Tony Reagins");
    facts_clear(&f);
    /* "X quoted him as saying" */
    quotes_of(&f, "According to Laurence Mark, the producer, the actor was chosen \"because "
                  "we want the ceremony to be fun,\" People quoted him as saying.");
    assert_int_equal(f.nquotes, 1);
    assert_string_equal(f.quotes[0].speaker, "Laurence Mark");
    assert_string_equal(f.quotes[0].via, "People");
    facts_clear(&f);
}

/* ------------------------------------------------------------------ via */

static void test_via(void **state)
{
    (void)state;
    assert_one("\"The US side should stop its provocations,\" the spokesman said, according "
               "to a Chinese ministry statement.",
               "The US side should stop its provocations", "the spokesman",
               "a Chinese ministry statement");
    assert_one("\"The US side should stop its provocations,\" according to state media.",
               "The US side should stop its provocations", NULL, "state media");
    assert_one("\"The enemy will pay a heavy price for this,\" the commander said, KCNA "
               "reported.",
               "The enemy will pay a heavy price for this", "the commander", "KCNA");
    assert_one("\"The enemy will pay a heavy price,\" the commander said.\n"
               "North Korea's official KCNA news agency reported the remarks on Sunday.",
               "The enemy will pay a heavy price", "the commander", "KCNA");
    assert_one("\"We are not going anywhere,\" the rebel leader told Reuters by phone.",
               "We are not going anywhere", "the rebel leader", "Reuters");
    assert_one("\"We are not going anywhere,\" he told The New York Times.",
               "We are not going anywhere", "he", "The New York Times");
    assert_one("\"We are not going anywhere,\" she said in an interview with CNN.",
               "We are not going anywhere", "she", "CNN");
    assert_one("\"We appreciate your respect to her,\" he said in a statement.",
               "We appreciate your respect to her", "he", "a statement");
    assert_one("\"It's official: I'm hosting the Oscars!\" the comedian wrote on Twitter.",
               "It's official: I'm hosting the Oscars!", "the comedian", "Twitter");
    assert_one("\"The situation is stable now,\" the governor said, Xinhua reported.",
               "The situation is stable now", "the governor", "Xinhua");
    assert_one("\"The situation is stable now,\" the governor said, reported Xinhua.",
               "The situation is stable now", "the governor", "Xinhua");
    assert_one("\"The situation is stable now,\" KCNA said.", "The situation is stable now",
               "KCNA", "KCNA");
}

/* ECB+ 1_2ecb and 1_3ecb: two reports of one event share a quote. */
static void test_ecbplus_shared_quote(void **state)
{
    (void)state;
    sl_reader *r;
    if (sl_reader_open(&r, "data/ecbplus-dev/articles.jsonl", NULL) != SL_OK)
        skip();
    sl_article *a;
    const char *want = "We appreciate your respect to her and her family's privacy at this time";
    uint64_t keys[2] = {0, 0};
    int got = 0, rc;
    while ((rc = sl_reader_next(r, &a)) != 0) {
        if (rc < 0)
            continue;
        int which = strcmp(a->id, "1_2ecb") == 0 ? 0 : strcmp(a->id, "1_3ecb") == 0 ? 1 : -1;
        if (which >= 0) {
            sl_facts f;
            quotes_of(&f, a->text);
            int found = 0;
            for (size_t i = 0; i < f.nquotes; i++)
                if (strcmp(f.quotes[i].text, want) == 0) {
                    found = 1;
                    keys[which] = f.quotes[i].key;
                    /* "..., he said" after "Jack Ketsoyan said Friday ..." /
                     * "according to her publicist, Jack Ketsoyan." */
                    assert_string_equal(f.quotes[i].speaker, "Jack Ketsoyan");
                    if (which == 0)
                        assert_string_equal(f.quotes[i].via, "a statement");
                }
            assert_true(found);
            if (which == 1) { /* and the rest of 1_3ecb */
                assert_true(f.nquotes >= 5);
                assert_string_equal(f.quotes[1].speaker, "Matthew O'Connor");
                assert_string_equal(f.quotes[1].via, "E! News");
            }
            facts_clear(&f);
            got++;
        }
        sl_article_free(a);
    }
    sl_reader_free(r);
    assert_int_equal(got, 2);
    assert_true(keys[0] != 0 && keys[0] == keys[1]);
}

/* ---------------------------------------------------- outlet, dateline */

static void outlet_of(sl_facts *f, const char *text, const char *source)
{
    memset(f, 0, sizeof *f);
    assert_int_equal(sl__extract_outlet(f, text, text ? strlen(text) : 0, source), SL_OK);
}

static void test_datelines(void **state)
{
    (void)state;
    sl_facts f;
    outlet_of(&f, "BEIJING, Dec 3 (Reuters) - China said on Tuesday it would respond.", NULL);
    assert_str_or_null(f.dateline_place, "BEIJING", "place");
    assert_str_or_null(f.dateline_outlet, "Reuters", "dateline outlet");
    assert_str_or_null(f.outlet, "Reuters", "outlet");
    facts_clear(&f);
    outlet_of(&f, "WASHINGTON (AP) -- The Senate passed the bill late on Friday.", NULL);
    assert_str_or_null(f.dateline_place, "WASHINGTON", "place");
    assert_str_or_null(f.dateline_outlet, "AP", "dateline outlet");
    assert_str_or_null(f.outlet, "AP", "outlet");
    facts_clear(&f);
    outlet_of(&f, "SAN FRANCISCO, Jan. 5, 2014 (Reuters) \xE2\x80\x94 Shares rose.", NULL);
    assert_str_or_null(f.dateline_place, "SAN FRANCISCO", "place");
    assert_str_or_null(f.dateline_outlet, "Reuters", "dateline outlet");
    facts_clear(&f);
    outlet_of(&f, "LONDON, Jan 5 - British lawmakers voted on Wednesday.", NULL);
    assert_str_or_null(f.dateline_place, "LONDON", "place");
    assert_null(f.dateline_outlet);
    assert_null(f.outlet);
    facts_clear(&f);
    /* the headline first, then the dateline */
    outlet_of(&f, "Quake hits coast\nTOKYO (Kyodo) - A strong quake hit the coast.", NULL);
    assert_str_or_null(f.dateline_place, "TOKYO", "place");
    assert_str_or_null(f.outlet, "Kyodo", "outlet");
    facts_clear(&f);
    /* a title-case place only with a known outlet */
    outlet_of(&f, "Beijing, Dec 3 (Xinhua) -- Chinese leaders met.", NULL);
    assert_str_or_null(f.dateline_place, "Beijing", "place");
    assert_str_or_null(f.dateline_outlet, "Xinhua", "dateline outlet");
    facts_clear(&f);
    /* a byline is no dateline (but names the outlet) */
    outlet_of(&f, "By Jane Doe, Reuters\nThe central bank kept rates on hold.", NULL);
    assert_null(f.dateline_place);
    assert_null(f.dateline_outlet);
    assert_str_or_null(f.outlet, "Reuters", "outlet");
    facts_clear(&f);
    /* no datelines */
    outlet_of(&f, "A FIRE - BOMB attack on a bank in Athens left three people dead.", NULL);
    assert_null(f.dateline_place);
    facts_clear(&f);
    outlet_of(&f, "BREAKING NEWS - 3 DEAD after attack on bank", NULL);
    assert_null(f.dateline_place);
    facts_clear(&f);
    outlet_of(&f, "COLTS TOP CHIEFS, 20 - 13, REACH PLAYOFFS", NULL);
    assert_null(f.dateline_place);
    facts_clear(&f);
    outlet_of(&f, "THURSDAY, DECEMBER 3, 2009, 9: 36 AM\nText.", NULL);
    assert_null(f.dateline_place);
    facts_clear(&f);
    outlet_of(&f, NULL, NULL);
    assert_null(f.outlet);
    facts_clear(&f);
}

static void test_outlets(void **state)
{
    (void)state;
    sl_facts f;
    /* the source field wins; the dateline is still read */
    outlet_of(&f, "BEIJING, Dec 3 (Reuters) - China said on Tuesday it would respond.",
              "Yahoo News");
    assert_str_or_null(f.outlet, "Yahoo News", "outlet");
    assert_str_or_null(f.dateline_outlet, "Reuters", "dateline outlet");
    facts_clear(&f);
    outlet_of(&f, "President Radev met the prime minister on Monday, BTA reports.\nMore text.",
              NULL);
    assert_str_or_null(f.outlet, "BTA", "outlet");
    assert_null(f.dateline_place);
    facts_clear(&f);
    outlet_of(&f, "The minister resigned on Monday, reports BTA.", NULL);
    assert_str_or_null(f.outlet, "BTA", "outlet");
    facts_clear(&f);
    outlet_of(&f, "Headline Without Stop\nThe coach was fired on Saturday, dpa reported.", NULL);
    assert_str_or_null(f.outlet, "dpa", "outlet");
    facts_clear(&f);
    /* only the first sentence of the body counts */
    outlet_of(&f, "The navy caught 23 pirates.\nThe pirates were Somali, the BBC reported.",
              NULL);
    assert_null(f.outlet);
    facts_clear(&f);
    outlet_of(&f, "(AP) A storm hit the coast overnight.", NULL);
    assert_str_or_null(f.outlet, "AP", "outlet");
    facts_clear(&f);
    outlet_of(&f, "Stocks fell.\nMore text here.\n(Reporting by Jane Doe; Editing by John Roe)",
              NULL);
    assert_str_or_null(f.outlet, "Reuters", "outlet");
    facts_clear(&f);
    outlet_of(&f, "Stocks fell on Monday.", "");
    assert_null(f.outlet);
    facts_clear(&f);
}

static void test_is_outlet(void **state)
{
    (void)state;
    static const char *const yes[] = {
        "Reuters", "AP", "Associated Press", "AFP", "Agence France-Presse", "Xinhua",
        "TASS", "RIA Novosti", "Interfax", "KCNA", "Yonhap", "Kyodo", "BTA", "ANSA", "EFE",
        "dpa", "PAP", "Anadolu", "Bloomberg", "BBC", "CNN", "Al Jazeera",
        "The New York Times", "New York Times", "The Washington Post", "The Guardian",
        "People magazine", "E! News", "TMZ", "Fox News", "NBC", "CBS", "ABC", "NPR",
        "Sky News", "Le Monde", "Der Spiegel"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        if (!sl__is_outlet(yes[i], strlen(yes[i])))
            fail_msg("\"%s\" is an outlet", yes[i]);
    static const char *const no[] = {"reuters", "Reuter", "Reuterss", "People", "the BBC",
                                     "Ap", "", "New York", "Times", "Xinhua "};
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        if (sl__is_outlet(no[i], strlen(no[i])))
            fail_msg("\"%s\" is no outlet", no[i]);
    assert_false(sl__is_outlet(NULL, 3));
    /* the length counts, not the NUL */
    assert_true(sl__is_outlet("Reuters reported", 7));
    assert_false(sl__is_outlet("Reuters", 6));
}

/* -------------------------------------------------------- robustness */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* Random bytes biased towards quote marks, dashes, capitals and line
 * breaks: no crash, no read outside the buffer (run under ASan). */
static void test_fuzz(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "\"", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x9E", "\xE2\x80\x98", "\xE2\x80\x99",
        "\xC2\xAB", "\xC2\xBB", "''", "' '", "``", "\n", " ", ", ", ". ", " said ",
        " he said", " according to ", " told Reuters", "(Reuters) - ", "BEIJING, Dec 3 ",
        "Wang Yi", " the ministry", "Mr.", " KCNA reported", " ' s", "\xE2\x80\x94", "--",
        "By ", "(Reporting by ", "\xE2", "\xC2", "\x80", "\xFF", "al-", "O'"};
    size_t np = sizeof pieces / sizeof *pieces;
    for (int it = 0; it < 3000; it++) {
        size_t cap = (size_t)(rng() % 400) + 1;
        char *buf = malloc(cap);
        assert_non_null(buf);
        size_t n = 0;
        while (n < cap) {
            uint64_t r = rng();
            const char *p;
            char one[2] = {0, 0};
            if (r % 3 == 0) {
                one[0] = (char)(r >> 8);
                p = one;
            } else if (r % 3 == 1) {
                one[0] = (char)('a' + (r >> 8) % 26);
                if ((r >> 16) % 4 == 0)
                    one[0] = (char)('A' + (r >> 8) % 26);
                p = one;
            } else {
                p = pieces[(r >> 8) % np];
            }
            size_t l = strlen(p);
            if (l == 0)
                l = 1; /* a NUL byte */
            if (n + l > cap)
                l = cap - n;
            memcpy(buf + n, p, l);
            n += l;
        }
        sl_facts f;
        memset(&f, 0, sizeof f);
        assert_int_equal(sl__extract_quotes(&f, buf, n), SL_OK);
        for (size_t i = 0; i < f.nquotes; i++)
            assert_true((size_t)f.quotes[i].off + f.quotes[i].len <= n);
        assert_int_equal(sl__extract_outlet(&f, buf, n, NULL), SL_OK);
        facts_clear(&f);
        free(buf);
    }
}

/* A long article with many quotes, long lines and unclosed marks stays
 * linear (bounded look-arounds). */
static void test_large(void **state)
{
    (void)state;
    static const char unit[] =
        "\"We will not give up the fight for our town,\" Foreign Minister Wang Yi told "
        "reporters, KCNA reported. He said \"the talks were useful and constructive\n"
        "A stray \" mark and some more words follow here. \xC2\xAB Un autre avis tr\xC3\xA8s "
        "important \xC2\xBB, a dit le ministre.\n";
    size_t ul = sizeof unit - 1, reps = (4u << 20) / ul;
    char *buf = malloc(ul * reps + 1);
    assert_non_null(buf);
    for (size_t i = 0; i < reps; i++)
        memcpy(buf + i * ul, unit, ul);
    buf[ul * reps] = '\0';
    sl_facts f;
    memset(&f, 0, sizeof f);
    assert_int_equal(sl__extract_quotes(&f, buf, ul * reps), SL_OK);
    assert_true(f.nquotes >= reps * 3);
    assert_string_equal(f.quotes[0].speaker, "Wang Yi");
    assert_string_equal(f.quotes[0].via, "KCNA");
    facts_clear(&f);
    /* one 4 MiB line of marks and words: no quadratic pairing */
    for (size_t i = 0; i < ul * reps; i++)
        buf[i] = "\"ab \xE2\x80\x9C "[i % 8];
    memset(&f, 0, sizeof f);
    assert_int_equal(sl__extract_quotes(&f, buf, ul * reps), SL_OK);
    facts_clear(&f);
    free(buf);
}

/* Drift among an event's members: each quote with the closest later
 * wording another member gives; the same words typed differently, one
 * member's own variants and a different quote are no drift. */
static void test_drift_group(void **state)
{
    (void)state;
    const char *text[] = {
        "Relations between our countries are at their best level in history", /* 0 */
        "It's time to act now, together",                                     /* 0 */
        "Sanctions do not scare us at all, we will answer",                   /* 0 */
        "Sanctions do not scare us at all, we will respond",                  /* 0: own variant */
        "Relations between our two countries are at the best level in their history", /* 1 */
        "it \xe2\x80\x99 s time to act NOW \xe2\x80\x94 together!",                /* 1 */
        "\xd0\x9c\xd1\x8b \xd0\xbd\xd0\xb5 \xd1\x81\xd0\xb4\xd0\xb0\xd0\xb4\xd0\xb8\xd0\xbc\xd1\x81\xd1\x8f "
        "\xd0\xbd\xd0\xb8\xd0\xba\xd0\xbe\xd0\xb3\xd0\xb4\xd0\xb0 \xd0\xb8 \xd0\xbd\xd0\xb8\xd0\xba\xd0\xbe\xd0\xbc\xd1\x83", /* 1: Cyrillic */
        "\xd0\xbc\xd1\x8b \xd0\x9d\xd0\x95 \xd1\x81\xd0\xb4\xd0\xb0\xd0\xb4\xd0\xb8\xd0\xbc\xd1\x81\xd1\x8f "
        "\xd0\xbd\xd0\xb8\xd0\xba\xd0\xbe\xd0\xb3\xd0\xb4\xd0\xb0, \xd0\xb8 \xd0\xbd\xd0\xb8\xd0\xba\xd0\xbe\xd0\xbc\xd1\x83.", /* 2: the same, case */
        "We will not give up",                                                /* 2 */
        "We will win this war",                                               /* 3: Dice 0.4 */
    };
    const uint32_t owner[] = {0, 0, 0, 0, 1, 1, 1, 2, 2, 3};
    size_t nq = sizeof text / sizeof *text;
    sl_quote_drift *v = NULL;
    size_t n = 0;
    assert_int_equal(sl__drift_group(&v, &n, 8, text, owner, nq), SL_OK);
    assert_int_equal(n, 1);
    assert_string_equal(v[0].a, text[0]);
    assert_string_equal(v[0].b, text[4]);
    assert_true(v[0].similarity >= 0.6 && v[0].similarity < 1.0);
    sl__drift_free(v, n);
    /* one member's own variants count once another member gives one */
    const char *again[] = {text[2], text[3], text[2]};
    const uint32_t again_owner[] = {0, 0, 1};
    v = NULL;
    n = 0;
    assert_int_equal(sl__drift_group(&v, &n, 8, again, again_owner, 3), SL_OK);
    assert_int_equal(n, 1);
    assert_string_equal(v[0].a, text[2]);
    assert_string_equal(v[0].b, text[3]);
    sl__drift_free(v, n);
    /* at most max entries; none from fewer than two quotes */
    v = NULL;
    n = 0;
    const char *many[] = {text[0], text[4], text[0], text[4]};
    const uint32_t many_owner[] = {0, 1, 2, 3};
    assert_int_equal(sl__drift_group(&v, &n, 0, many, many_owner, 4), SL_OK);
    assert_int_equal(n, 0);
    assert_int_equal(sl__drift_group(&v, &n, 8, many, many_owner, 1), SL_OK);
    assert_int_equal(n, 0);
    assert_int_equal(sl__drift_group(&v, &n, 8, many, many_owner, 4), SL_OK);
    assert_int_equal(n, 1); /* the same two wordings once */
    sl__drift_free(v, n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_straight_and_typographic),
        cmocka_unit_test(test_single_quotes),
        cmocka_unit_test(test_short_quotes_ignored),
        cmocka_unit_test(test_unclosed_and_multiline),
        cmocka_unit_test(test_detokenised),
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_speaker_after),
        cmocka_unit_test(test_speaker_before),
        cmocka_unit_test(test_tables),
        cmocka_unit_test(test_pronoun_speaker),
        cmocka_unit_test(test_via),
        cmocka_unit_test(test_ecbplus_shared_quote),
        cmocka_unit_test(test_datelines),
        cmocka_unit_test(test_outlets),
        cmocka_unit_test(test_is_outlet),
        cmocka_unit_test(test_fuzz),
        cmocka_unit_test(test_large),
        cmocka_unit_test(test_drift_group),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
