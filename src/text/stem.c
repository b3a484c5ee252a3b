/*
 * stem.c - language names, Snowball stemmers and stopword sets.
 *
 * Stopword lists below are our own short lists of the most frequent function
 * words (articles, pronouns, auxiliaries, prepositions, conjunctions, common
 * adverbs) in NORMALISED form: lower case (full case folding, so German ß is
 * written "ss"), NFKC, ASCII apostrophe.  Reporting verbs ("said", "says")
 * are deliberately NOT stopwords: they carry signal for quotations.  Each
 * list is also entered in its accent-stripped form, so lookups work on text
 * normalised with strip_accents too.  Snowball languages without a list
 * below (arabic, armenian, basque, catalan, greek, hindi, hungarian,
 * indonesian, irish, lithuanian, nepali, romanian, serbian, tamil, turkish,
 * yiddish) have an EMPTY stopword set: sl__stopword() is always 0 for them.
 *
 * French, Italian and Catalan elisions are dropped before the stopword test
 * and before stemming: "l'homme" is looked up and stemmed as "homme",
 * "qu'il" as "il" (a stopword).  The tokenizer keeps them as one token
 * because the apostrophe sits between letters.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>

#include "internal.h"

/* ------------------------------------------------------------ languages */

typedef struct lang_alias {
    const char *name;      /* Snowball algorithm */
    const char *codes[4];  /* ISO 639-1, 639-3 (and 639-2/B variants) */
} lang_alias;

static const lang_alias langs[] = {
    {"english", {"en", "eng"}},
    {"german", {"de", "deu", "ger"}},
    {"french", {"fr", "fra", "fre"}},
    {"spanish", {"es", "spa"}},
    {"italian", {"it", "ita"}},
    {"portuguese", {"pt", "por"}},
    {"dutch", {"nl", "nld", "dut"}},
    {"swedish", {"sv", "swe"}},
    {"norwegian", {"no", "nor", "nb", "nob"}},
    {"norwegian", {"nn", "nno"}},
    {"danish", {"da", "dan"}},
    {"finnish", {"fi", "fin"}},
    {"russian", {"ru", "rus"}},
    {"arabic", {"ar", "ara"}},
    {"armenian", {"hy", "hye", "arm"}},
    {"basque", {"eu", "eus", "baq"}},
    {"catalan", {"ca", "cat"}},
    {"greek", {"el", "ell", "gre"}},
    {"hindi", {"hi", "hin"}},
    {"hungarian", {"hu", "hun"}},
    {"indonesian", {"id", "ind"}},
    {"irish", {"ga", "gle"}},
    {"lithuanian", {"lt", "lit"}},
    {"nepali", {"ne", "nep"}},
    {"romanian", {"ro", "ron", "rum"}},
    {"serbian", {"sr", "srp"}},
    {"tamil", {"ta", "tam"}},
    {"turkish", {"tr", "tur"}},
    {"yiddish", {"yi", "yid"}},
    {"porter", {NULL}},
};

/* The Snowball name as libstemmer spells it (static storage), or NULL when
 * this libstemmer lacks the algorithm. */
static const char *available(const char *name)
{
    for (const char **l = sb_stemmer_list(); *l; l++)
        if (strcmp(*l, name) == 0)
            return *l;
    return NULL;
}

const char *sl__lang_snowball(const char *lang)
{
    if (!lang)
        return NULL;
    /* lower-case copy, cut at a region or encoding suffix ("pt-BR",
     * "en_US.UTF-8"); Snowball names contain neither '-' nor '_' */
    char key[24];
    size_t n = 0;
    for (; lang[n] && lang[n] != '-' && lang[n] != '_' && lang[n] != '.'; n++) {
        if (n + 1 >= sizeof key)
            return NULL;
        unsigned char c = (unsigned char)lang[n];
        key[n] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    }
    key[n] = '\0';
    if (n < 2)
        return NULL;
    for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++) {
        const lang_alias *a = &langs[i];
        int hit = strcmp(key, a->name) == 0;
        for (size_t k = 0; !hit && k < 4 && a->codes[k]; k++)
            hit = strcmp(key, a->codes[k]) == 0;
        if (hit)
            return available(a->name);
    }
    /* a Snowball name this table does not know (newer libstemmer) */
    return available(key);
}

/* ------------------------------------------------------------ stopwords */

static const char *const sw_english[] = {
    "a", "an", "the", "this", "that", "these", "those",
    "i", "me", "my", "myself", "you", "your", "yours", "yourself",
    "yourselves", "he", "him", "his", "himself", "she", "her", "hers",
    "herself", "it", "its", "itself", "we", "us", "our", "ours", "ourselves",
    "they", "them", "their", "theirs", "themselves",
    "who", "whom", "whose", "which", "what",
    "is", "am", "are", "was", "were", "be", "been", "being",
    "have", "has", "had", "having", "do", "does", "did", "doing",
    "will", "would", "shall", "should", "can", "could", "may", "might", "must",
    "of", "in", "on", "at", "by", "for", "with", "from", "to", "into", "onto",
    "upon", "about", "above", "below", "over", "under", "between", "among",
    "through", "during", "before", "after", "against", "within", "without",
    "off", "out", "up", "down", "via", "than",
    "and", "or", "but", "nor", "so", "yet", "if", "because", "as", "until",
    "while", "whereas", "although", "though", "unless", "since", "whether",
    "when", "where", "why", "how", "then", "there", "here",
    "not", "no", "only", "also", "very", "too", "just", "even", "still",
    "again", "ever", "now", "already", "such", "same", "other", "another",
    "each", "every", "either", "neither", "both", "all", "any", "some",
    "few", "more", "most", "much", "many", "own", "once", "however",
    "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't",
    "hasn't", "haven't", "hadn't", "won't", "wouldn't", "can't", "cannot",
    "couldn't", "shouldn't", "it's", "that's", "there's", "he's", "she's",
    "i'm", "you're", "we're", "they're", "i've", "you've", "we've", "they've",
    "i'd", "he'd", "she'd", "we'd", "they'd", "i'll", "you'll", "he'll",
    "she'll", "we'll", "they'll", "let's",
};

static const char *const sw_german[] = {
    "der", "die", "das", "des", "dem", "den", "ein", "eine", "einer", "eines",
    "einem", "einen", "und", "oder", "aber", "denn", "sondern", "dass", "weil",
    "wenn", "als", "wie", "ob", "ich", "du", "er", "sie", "es", "wir", "ihr",
    "mich", "mir", "dich", "dir", "sich", "uns", "euch", "ihm", "ihn", "ihnen",
    "sein", "seine", "seiner", "seinen", "seinem", "ihre", "ihren", "ihrem",
    "ihrer", "mein", "meine", "dein", "unser", "unsere",
    "ist", "sind", "war", "waren", "bin", "bist", "wird", "werden", "wurde",
    "wurden", "hat", "haben", "hatte", "hatten", "kann", "können", "soll",
    "sollte", "muss", "will",
    "in", "im", "an", "am", "auf", "aus", "bei", "beim", "mit", "nach", "von",
    "vom", "zu", "zum", "zur", "für", "über", "unter", "vor", "durch",
    "gegen", "ohne", "um", "bis", "seit", "zwischen",
    "nicht", "auch", "noch", "nur", "schon", "so", "sehr", "hier", "da",
    "dort", "dann", "nun", "doch", "ja", "kein", "keine", "dieser", "diese",
    "dieses", "diesem", "diesen", "alle", "man", "was", "wer",
};

static const char *const sw_french[] = {
    "le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "au", "aux",
    "et", "ou", "mais", "donc", "car", "ni", "que", "qu", "qui", "quoi",
    "dont", "où", "si", "comme", "quand",
    "je", "j", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles",
    "me", "m", "te", "t", "se", "s", "lui", "leur", "leurs", "eux", "moi",
    "toi", "ce", "c", "cet", "cette", "ces", "mon", "ma", "mes", "ton", "ta",
    "tes", "son", "sa", "ses", "notre", "nos", "votre", "vos", "y", "en",
    "est", "sont", "était", "été", "être", "a", "ont", "avait", "avoir",
    "sera", "fait",
    "dans", "sur", "sous", "par", "pour", "avec", "sans", "chez", "entre",
    "vers", "contre", "depuis", "pendant", "avant", "après",
    "ne", "n", "pas", "plus", "très", "aussi", "déjà", "encore", "tout",
    "tous", "toute", "toutes", "même",
};

static const char *const sw_spanish[] = {
    "el", "la", "los", "las", "lo", "un", "una", "unos", "unas", "al", "del",
    "y", "e", "o", "u", "ni", "pero", "sino", "que", "porque", "como",
    "cuando", "donde", "si", "mientras",
    "yo", "tú", "él", "ella", "ellos", "ellas", "nosotros", "usted",
    "ustedes", "me", "te", "se", "nos", "os", "le", "les", "mi", "mis", "tu",
    "tus", "su", "sus", "nuestro", "nuestra", "este", "esta", "esto", "estos",
    "estas", "ese", "esa", "eso", "esos", "esas",
    "es", "son", "era", "fue", "ser", "sido", "está", "están", "estaba", "ha",
    "han", "había", "hay", "haber",
    "a", "ante", "bajo", "con", "contra", "de", "desde", "durante", "en",
    "entre", "hacia", "hasta", "para", "por", "según", "sin", "sobre", "tras",
    "no", "sí", "ya", "muy", "más", "también", "todo", "todos", "toda",
    "todas", "otro", "otra",
};

static const char *const sw_italian[] = {
    "il", "lo", "la", "i", "gli", "le", "l", "un", "uno", "una",
    "e", "ed", "o", "ma", "però", "che", "chi", "cui", "se", "perché",
    "come", "quando", "mentre", "anche",
    "io", "tu", "lui", "lei", "noi", "voi", "loro", "mi", "ti", "si", "ci",
    "vi", "ne", "suo", "sua", "suoi", "sue", "mio", "mia", "nostro",
    "questo", "questa", "questi", "queste", "quello", "quella", "quelli",
    "è", "sono", "era", "erano", "essere", "stato", "stata", "ha", "hanno",
    "aveva", "avere",
    "di", "d", "a", "da", "in", "con", "su", "per", "tra", "fra",
    "del", "dello", "della", "dei", "degli", "delle", "al", "allo", "alla",
    "ai", "agli", "alle", "dal", "dalla", "dai", "nel", "nello", "nella",
    "nei", "negli", "nelle", "sul", "sulla", "sui",
    "non", "più", "molto", "già", "ancora", "tutto", "tutti",
};

static const char *const sw_portuguese[] = {
    "o", "a", "os", "as", "um", "uma", "uns", "umas", "ao", "aos", "à", "às",
    "do", "da", "dos", "das", "no", "na", "nos", "nas", "num", "numa",
    "pelo", "pela", "pelos", "pelas",
    "e", "ou", "mas", "nem", "que", "porque", "como", "quando", "onde", "se",
    "eu", "tu", "ele", "ela", "eles", "elas", "nós", "você", "vocês", "me",
    "te", "lhe", "lhes", "seu", "sua", "seus", "suas", "meu", "minha",
    "este", "esta", "isto", "esse", "essa", "isso", "aquele", "aquela",
    "é", "são", "foi", "foram", "era", "ser", "está", "estão", "estava",
    "tem", "têm", "tinha", "ter", "há",
    "de", "em", "para", "por", "com", "sem", "sobre", "entre", "até",
    "desde", "após", "contra",
    "não", "sim", "já", "mais", "muito", "também", "ainda", "só",
};

static const char *const sw_dutch[] = {
    "de", "het", "een", "en", "of", "maar", "want", "dus", "dat", "die",
    "dit", "deze", "als", "omdat", "toen", "wanneer", "hoe", "wat", "wie",
    "ik", "je", "jij", "u", "hij", "zij", "ze", "we", "wij", "jullie", "hun",
    "hem", "haar", "mij", "me", "ons", "zich", "mijn", "zijn", "uw",
    "is", "was", "waren", "ben", "bent", "wordt", "worden", "werd", "heeft",
    "hebben", "had", "kan", "kunnen", "zal", "zou", "moet",
    "in", "op", "aan", "met", "van", "voor", "bij", "uit", "naar", "over",
    "door", "om", "tot", "tegen", "na", "onder", "tussen",
    "niet", "geen", "ook", "nog", "al", "wel", "er", "hier", "daar", "nu",
    "dan", "zo", "te", "toch",
};

static const char *const sw_swedish[] = {
    "en", "ett", "den", "det", "de", "dem", "denna", "detta", "dessa",
    "och", "eller", "men", "att", "som", "om", "när", "då", "så", "än",
    "jag", "du", "han", "hon", "vi", "ni", "mig", "dig", "honom", "henne",
    "oss", "er", "sig", "hans", "hennes", "deras", "min", "din", "sin",
    "sina", "sitt", "vår",
    "är", "var", "vara", "varit", "blir", "blev", "har", "hade", "ha",
    "kan", "kunde", "ska", "skulle", "vill",
    "i", "på", "av", "till", "från", "med", "för", "under", "över",
    "efter", "mot", "vid", "hos", "genom", "utan", "mellan",
    "inte", "också", "bara", "nu", "här", "där", "redan", "mycket",
};

static const char *const sw_norwegian[] = {
    "en", "ei", "et", "den", "det", "de", "denne", "dette", "disse",
    "og", "eller", "men", "at", "som", "om", "når", "da", "så", "enn",
    "jeg", "du", "han", "hun", "vi", "dere", "meg", "deg", "ham", "henne",
    "oss", "dem", "seg", "hans", "hennes", "deres", "min", "din", "sin",
    "sine", "sitt", "vår",
    "er", "var", "være", "vært", "blir", "ble", "har", "hadde", "ha",
    "kan", "kunne", "skal", "skulle", "vil", "ville",
    "i", "på", "av", "til", "fra", "med", "for", "over", "under", "etter",
    "mot", "ved", "hos", "gjennom", "uten", "mellom",
    "ikke", "også", "bare", "nå", "her", "der", "allerede", "mye", "å",
};

static const char *const sw_danish[] = {
    "en", "et", "den", "det", "de", "denne", "dette", "disse",
    "og", "eller", "men", "at", "som", "om", "når", "da", "så", "end",
    "jeg", "du", "han", "hun", "vi", "i", "mig", "dig", "ham", "hende",
    "os", "dem", "sig", "hans", "hendes", "deres", "min", "din", "sin",
    "sine", "sit", "vores",
    "er", "var", "være", "været", "bliver", "blev", "har", "havde", "have",
    "kan", "kunne", "skal", "skulle", "vil", "ville",
    "på", "af", "til", "fra", "med", "for", "over", "under", "efter",
    "mod", "ved", "hos", "gennem", "uden", "mellem",
    "ikke", "også", "kun", "nu", "her", "der", "allerede", "meget",
};

static const char *const sw_finnish[] = {
    "ja", "tai", "sekä", "mutta", "että", "kun", "jos", "koska", "kuin",
    "vaikka", "eli",
    "minä", "sinä", "hän", "me", "te", "he", "se", "ne", "minun", "sinun",
    "hänen", "meidän", "teidän", "heidän", "sen", "niiden", "sitä", "siitä",
    "siinä", "sille", "tämä", "tämän", "tätä", "tässä", "nämä", "joka",
    "jotka", "jonka", "mikä", "mitä", "itse",
    "on", "ovat", "oli", "olivat", "olla", "ole", "ollut", "olisi", "ei",
    "eivät", "eikä",
    "myös", "vain", "jo", "vielä", "nyt", "niin", "kanssa", "mukaan",
    "jälkeen", "ennen", "aikana", "yli", "kaikki", "paljon",
};

static const char *const sw_russian[] = {
    "и", "а", "но", "или", "да", "что", "чтобы", "как", "если", "когда",
    "потому", "хотя", "ли", "же", "бы", "ни", "не", "нет",
    "я", "ты", "он", "она", "оно", "мы", "вы", "они", "меня", "мне", "тебя",
    "тебе", "его", "него", "ему", "нему", "ее", "её", "ей", "ней", "нее",
    "нас", "нам", "вас", "вам", "их", "них", "им", "ним", "себя",
    "себе", "свой", "своей", "свои", "этот", "эта", "это", "эти", "этого",
    "этой", "том", "тот", "та", "те", "то", "того", "кто", "который",
    "которая", "которые", "которого",
    "был", "была", "было", "были", "быть", "будет", "есть",
    "в", "во", "на", "с", "со", "к", "ко", "у", "о", "об", "от", "по", "из",
    "за", "для", "до", "при", "про", "без", "под", "над", "через", "после",
    "между",
    "уже", "еще", "ещё", "также", "тоже", "только", "так", "там", "тут",
    "здесь", "все", "всё", "всех", "весь", "очень",
};

typedef struct sw_list {
    const char *lang;
    const char *const *words;
    size_t n;
} sw_list;

#define SW(lang, arr) {lang, arr, sizeof arr / sizeof arr[0]}
static const sw_list sw_lists[] = {
    SW("english", sw_english),     SW("porter", sw_english),
    SW("german", sw_german),       SW("french", sw_french),
    SW("spanish", sw_spanish),     SW("italian", sw_italian),
    SW("portuguese", sw_portuguese), SW("dutch", sw_dutch),
    SW("swedish", sw_swedish),     SW("norwegian", sw_norwegian),
    SW("danish", sw_danish),       SW("finnish", sw_finnish),
    SW("russian", sw_russian),
};
#undef SW

/* ------------------------------------------------------------- elisions */

enum { EL_NONE = 0, EL_FRENCH, EL_ITALIAN, EL_CATALAN };

/* Elided forms, without the apostrophe. */
static const char *const el_french[] = {
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu",
    "puisqu", "quoiqu", NULL,
};
static const char *const el_italian[] = {
    "l", "d", "c", "s", "m", "t", "v", "n", "un", "dell", "dall", "nell",
    "sull", "all", "coll", "quell", "quest", "bell", "sant", "tutt", "senz",
    "anch", "nessun", NULL,
};
static const char *const el_catalan[] = {
    "l", "d", "s", "m", "t", "n", NULL,
};

/* Bytes of an elided prefix ("l'", "qu'") at the start of w[0..n), 0 when
 * none.  Something must follow the apostrophe. */
static size_t elision(int el, const char *w, size_t n)
{
    if (el == EL_NONE)
        return 0;
    const char *ap = memchr(w, '\'', n < 8 ? n : 8);
    if (!ap || ap == w || (size_t)(ap - w) + 1 >= n)
        return 0;
    size_t k = (size_t)(ap - w);
    const char *const *l = el == EL_FRENCH ? el_french
                         : el == EL_ITALIAN ? el_italian : el_catalan;
    for (; *l; l++)
        if (strlen(*l) == k && memcmp(*l, w, k) == 0)
            return k + 1;
    return 0;
}

/* --------------------------------------------------------------- stemmer */

typedef struct sw_slot {
    const char *w; /* NULL: empty */
    size_t n;
} sw_slot;

struct sl_stemmer {
    struct sb_stemmer *sb;
    const char *name;
    int el;
    sw_slot *set;  /* open addressing, linear probing; NULL when empty */
    size_t mask;
    char *arena;   /* accent-stripped forms */
};

#define SW_SEED 0x73746f7077ULL

static void set_insert(sl_stemmer *s, const char *w, size_t n)
{
    size_t h = (size_t)sl__hash64(w, n, SW_SEED) & s->mask;
    while (s->set[h].w) {
        if (s->set[h].n == n && memcmp(s->set[h].w, w, n) == 0)
            return;
        h = (h + 1) & s->mask;
    }
    s->set[h].w = w;
    s->set[h].n = n;
}

static int build_stopwords(sl_stemmer *s, const sw_list *l)
{
    /* accent-stripped forms first: the arena must not move afterwards */
    sl_buf ar = {0};
    size_t *offs = malloc(l->n * 2 * sizeof *offs);
    if (!offs)
        return sl__nomem();
    for (size_t i = 0; i < l->n; i++) {
        size_t o = ar.len;
        int rc = sl__normalize_append(&ar, l->words[i], strlen(l->words[i]), 1);
        if (rc) {
            free(offs);
            sl__buf_free(&ar);
            return rc;
        }
        offs[2 * i] = o;
        offs[2 * i + 1] = ar.len - o;
    }
    size_t cap = 16;
    while (cap < l->n * 4)
        cap *= 2; /* load <= 1/2 with both forms */
    s->set = calloc(cap, sizeof *s->set);
    if (!s->set) {
        free(offs);
        sl__buf_free(&ar);
        return sl__nomem();
    }
    s->mask = cap - 1;
    s->arena = ar.p;
    for (size_t i = 0; i < l->n; i++) {
        set_insert(s, l->words[i], strlen(l->words[i]));
        if (offs[2 * i + 1])
            set_insert(s, ar.p + offs[2 * i], offs[2 * i + 1]);
    }
    free(offs);
    return SL_OK;
}

int sl__stemmer_new(sl_stemmer **out, const char *snowball_name)
{
    *out = NULL;
    const char *name = sl__lang_snowball(snowball_name);
    if (!name)
        return sl__fail(SL_EFORMAT, "unsupported language \"%s\"",
                        snowball_name ? snowball_name : "(null)");
    sl_stemmer *s = calloc(1, sizeof *s);
    if (!s)
        return sl__nomem();
    s->name = name;
    s->sb = sb_stemmer_new(name, "UTF_8");
    if (!s->sb) {
        free(s);
        return sl__nomem(); /* the name is known, so this is memory */
    }
    if (strcmp(name, "french") == 0)
        s->el = EL_FRENCH;
    else if (strcmp(name, "italian") == 0)
        s->el = EL_ITALIAN;
    else if (strcmp(name, "catalan") == 0)
        s->el = EL_CATALAN;
    for (size_t i = 0; i < sizeof sw_lists / sizeof sw_lists[0]; i++) {
        if (strcmp(sw_lists[i].lang, name) == 0) {
            int rc = build_stopwords(s, &sw_lists[i]);
            if (rc) {
                sl__stemmer_free(s);
                return rc;
            }
            break;
        }
    }
    *out = s;
    return SL_OK;
}

void sl__stemmer_free(sl_stemmer *s)
{
    if (!s)
        return;
    if (s->sb)
        sb_stemmer_delete(s->sb);
    free(s->set);
    free(s->arena);
    free(s);
}

int sl__stopword(const sl_stemmer *s, const char *w, size_t n)
{
    if (!s || !s->set || n == 0)
        return 0;
    size_t e = elision(s->el, w, n);
    w += e;
    n -= e;
    size_t h = (size_t)sl__hash64(w, n, SW_SEED) & s->mask;
    while (s->set[h].w) {
        if (s->set[h].n == n && memcmp(s->set[h].w, w, n) == 0)
            return 1;
        h = (h + 1) & s->mask;
    }
    return 0;
}

const char *sl__stem(sl_stemmer *s, const char *w, size_t n, size_t *outlen)
{
    *outlen = n;
    if (!s || n == 0 || n > INT_MAX)
        return w;
    size_t e = elision(s->el, w, n);
    const sb_symbol *r = sb_stemmer_stem(s->sb, (const sb_symbol *)(w + e),
                                         (int)(n - e));
    if (!r)
        return w;
    *outlen = (size_t)sb_stemmer_length(s->sb);
    return (const char *)r;
}
