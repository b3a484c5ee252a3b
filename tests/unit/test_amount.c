/* test_amount.c - the sum of money a report's lead is about
 * (src/facts/amount.c). */
#include "testutil.h"

#include <math.h>

#include "facts/facts.h"

/* Extracts the lead sum of `text` with the library's own sentence spans;
 * checks the span and returns the facts by value. */
static sl_facts sum_of(const char *text)
{
    sl_spanvec sv = {0};
    sl_facts f;
    memset(&f, 0, sizeof f);
    assert_int_equal(sl__sentences(&sv, text, strlen(text)), SL_OK);
    assert_int_equal(sl__extract_amount(&f, text, strlen(text), sv.v, sv.n), SL_OK);
    free(sv.v);
    if (f.amount > 0)
        assert_true(f.amount_len > 0 && (size_t)f.amount_off + f.amount_len <= strlen(text));
    else
        assert_true(f.amount_len == 0 && f.amount_currency[0] == '\0');
    return f;
}

/* `text` has the lead sum `span` of `value` in `code`. */
static void expect(const char *text, const char *span, double value, const char *code)
{
    sl_facts f = sum_of(text);
    if (!(f.amount > 0))
        fail_msg("no sum in \"%s\" (expected %s)", text, span);
    char got[128];
    snprintf(got, sizeof got, "%.*s", (int)f.amount_len, text + f.amount_off);
    assert_string_equal(got, span);
    assert_true(fabs(f.amount - value) < 1e-6 * value);
    assert_string_equal(f.amount_currency, code);
}

static void none(const char *text)
{
    sl_facts f = sum_of(text);
    if (f.amount > 0)
        fail_msg("a sum in \"%s\": %.*s", text, (int)f.amount_len, text + f.amount_off);
}

static void test_forms(void **state)
{
    (void)state;
    expect("Thieves stole jewels worth $2.6 million on Monday.", "$2.6 million", 2.6e6, "USD");
    expect("Armed robbers stole diamonds valued at 85 million euros ($108 million) from "
           "Harry Winston.",
           "85 million euros", 85e6, "EUR");
    expect("Ram-raiders hit a Paris jewellery store for \xe2\x82\xac" "2m.", "\xe2\x82\xac" "2m",
           2e6, "EUR");
    expect("Jewellery worth \xc2\xa3" "1.7m was taken.", "\xc2\xa3" "1.7m", 1.7e6, "GBP");
    expect("The group agreed to pay US$5 billion for the mine.", "US$5 billion", 5e9, "USD");
    expect("The province set aside C$300 million.", "C$300 million", 3e8, "CAD");
    expect("The bank was fined USD 2.5 billion on Friday.", "USD 2.5 billion", 2.5e9, "USD");
    expect("Paris hit by 2 mn - euro jewelry heist.", "2 mn - euro", 2e6, "EUR");
    expect("Robbers made off with $137-million of diamonds.", "$137-million", 137e6, "USD");
    expect("The estate was valued at 1,500,000 dollars.", "1,500,000 dollars", 1.5e6, "USD");
    expect("A deal worth 40 billion yen was signed.", "40 billion yen", 4e10, "JPY");
    /* tokenised text: "$2. 6 million", a sentence break inside the sum */
    expect("Thieves in $2. 6 million smash-and-grab raid on Paris jewelry store.",
           "$2. 6 million", 2.6e6, "USD");
    expect("Paris: Jewellery Stolen\nWatches worth \xc2\xa3" "1. 7m have been stolen.",
           "\xc2\xa3" "1. 7m", 1.7e6, "GBP");
    /* the first sum of the lead, not a later one */
    expect("The insurer paid $40 million.\nLast year it paid $2 billion.", "$40 million", 4e7,
           "USD");
}

static void test_not_sums(void **state)
{
    (void)state;
    none("Five million people live in the region.");            /* no currency */
    none("The coffee cost $5 and the sandwich $7.50.");           /* under 1,000 */
    none("The 2,000 m race was won in 2008 by Kenya's runner.");  /* metres, a year */
    none("Model 3 sold 300,000 units, the company said.");        /* no currency */
    none("");
    /* digits without end: no infinite sum in the JSON */
    none("They owe $99999999999999999999999999999999999999999999999999999 trillion.");
    /* a sum past the first three sentences is not the lead's */
    none("Police said a man was arrested.\nHe is 34.\nHe was charged on Friday.\n"
         "His bail was set at $500,000.");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forms),
        cmocka_unit_test(test_not_sums),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
