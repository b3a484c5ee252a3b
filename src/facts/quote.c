/*
 * quote.c - quotations with their speaker and the source they came
 * through; the article's own outlet and wire dateline.
 *
 * Quotes.  Quotation marks are paired line by line (a line is a paragraph,
 * or a sentence in detokenised corpora such as ECB+):
 *   - double marks (", U+201C, U+201D, U+201E, U+201F, and the PTB-style
 *     '' and `` of detokenised text) are one class and pair in order, since
 *     scraped text uses the typographic ones in either direction;
 *   - guillemets << >> pair by direction (with nesting); marks inside them
 *     are nested quotes and ignored; U+2018 ... U+2019 pair when the text
 *     is clearly a quote (4 words or more), the closing one being told from
 *     an apostrophe by its neighbours ("don't", "Lohan ' s");
 *   - a quote left open at the end of a line runs on when the next line
 *     that has double marks has an odd number of them (its first mark
 *     closes the quote), with at most CARRY_LINES lines and CARRY_BYTES
 *     bytes; otherwise it ends at the end of its own line (unclosed).
 * Quotes of fewer than 3 words (titles, scare quotes) are dropped.
 *
 * Speaker: right after the closing mark in the same sentence (", he
 * said", ", said X", ", X told Y", ", according to X"), else right before
 * the opening mark ("X said: ", "X told reporters: ", "X said that ").
 * Titles before a name are dropped ("Foreign Minister Wang Yi" -> "Wang
 * Yi"); a lone surname takes the full name used earlier ("Holley" ->
 * "Shawn Holley"); he/she take the name the text most likely means (a
 * speech attribution or a two-word name in the same or previous sentence,
 * else the last named speaker).  A quote without attribution that follows
 * the previous quote closely inherits its speaker.
 *
 * Via: "according to <statement/media/outlet>", "told <outlet>", "<outlet>
 * reported", "reported <outlet>", "in an interview with X", "X quoted him
 * as saying", then "in a statement", "on Twitter", within the quote's
 * sentence or the next one.
 *
 * Outlet: the `source` field, else a wire dateline in the first three
 * lines ("BEIJING, Dec 3 (Reuters) -", "WASHINGTON (AP) --"; a place
 * without outlet, "LONDON, Jan 5 -", gives the place only), ", BTA
 * reports." ending the first sentence of the body, "(AP)" near the start,
 * a byline "By Jane Doe, Reuters", or Reuters' "(Reporting by ...)".
 *
 * All look-arounds are bounded (a few hundred bytes; a surname's full name
 * is looked for NAME_WIN bytes back), so the work is linear in the text
 * whatever it holds.  Offsets past 4 GiB are not looked at.
 *
 * The word tables below must stay sorted bytewise (strcmp order), and
 * lex_first must index the lexicon's first letters.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "facts/facts.h"

#define QUOTE_SEED 0x71756f7465ULL /* seed of the quote key hash */
#define QUOTE_MAX 3000             /* longer "quotes" are mispaired marks */
#define CARRY_BYTES 2000           /* a quote runs on over lines this far ... */
#define CARRY_LINES 8              /* ... and over this many line breaks */
#define BACK_WIN 220               /* speaker look-back before the quote */
#define AFTER_WIN 320              /* attribution look-ahead after it */
#define PRON_WIN 600               /* pronoun resolution look-back */
#define NAME_SENT_WIN 400          /* ... for a name in the last two sentences */
#define NAME_WIN 4000              /* full-name look-back for a surname */
#define PREV_WIN 2000              /* a previous speaker counts this far */
#define INHERIT_GAP 160            /* unattributed quote this close to the
                                      previous one inherits its speaker */
#define WT_MAX 640                 /* tokens of one look-around window */

/* ------------------------------------------------------------- lexicon */

enum {
    LX_SPEECH = 1 << 0,   /* said, told, added, ... */
    LX_TELL = 1 << 1,     /* told: the object is the listener */
    LX_REPORT = 1 << 2,   /* reported, quoted: "<outlet> reported" */
    LX_AUX = 1 << 3,      /* may sit between subject and verb ("also") */
    LX_PRON = 1 << 4,
    LX_DET = 1 << 5,
    LX_STOPCAP = 1 << 6,  /* capitalised but never part of a name */
    LX_AGENT = 1 << 7,    /* bare plural speakers: "officials said" */
    LX_TITLE = 1 << 8,    /* "Minister", "spokeswoman" */
    LX_ORG = 1 << 9,      /* organisation or place words: "Ministry" */
    LX_MEDIA = 1 << 10,   /* "according to <...> statement" is a via */
    LX_STOPNP = 1 << 11,  /* ends a noun phrase: in, on, who, ... */
    LX_PARTICLE = 1 << 12,/* de, van, al, ... inside names */
    LX_MONTHDAY = 1 << 13,
    LX_ABBREV = 1 << 14,  /* a dot after it does not end a sentence */
    LX_OF = 1 << 15       /* "of" */
};

typedef struct lexent {
    const char *w;
    uint16_t f;
} lexent;

/* short names for the table below */
#define SP LX_SPEECH
#define TL LX_TELL
#define RP LX_REPORT
#define AX LX_AUX
#define PR LX_PRON
#define DT LX_DET
#define SC LX_STOPCAP
#define AG LX_AGENT
#define TI LX_TITLE
#define OR LX_ORG
#define ME LX_MEDIA
#define SN LX_STOPNP
#define PA LX_PARTICLE
#define MD LX_MONTHDAY
#define AB LX_ABBREV
#define OF LX_OF

/* Sorted by strcmp (bsearch). */
static const lexent lexicon[] = {
    {"a", DT|SC}, {"about", SC|SN}, {"academy", OR}, {"according", SC}, {"account", ME},
    {"acknowledged", SP}, {"acknowledges", SP}, {"act", OR}, {"activists", AG},
    {"actor", TI}, {"actress", TI}, {"added", SP}, {"adding", SP}, {"adds", SP},
    {"adm", AB|TI}, {"administration", OR}, {"admiral", TI}, {"admits", SP},
    {"admitted", SP}, {"adviser", TI}, {"advisor", TI}, {"advocate", TI}, {"affairs", OR},
    {"after", SC|SN}, {"again", AX}, {"against", SN}, {"agency", ME|OR}, {"agent", TI},
    {"agreed", SP}, {"agriculture", OR}, {"aid", OR}, {"aide", TI}, {"aides", AG},
    {"airlines", OR}, {"airport", OR}, {"al", PA}, {"ala", AB}, {"alderman", TI},
    {"all", SC}, {"alliance", OR}, {"also", AX|SC}, {"although", SC}, {"am", SN},
    {"amb", AB|TI}, {"ambassador", TI}, {"amid", SN}, {"among", SN}, {"an", DT|SC},
    {"analyst", TI}, {"analysts", AG}, {"and", SC|SN}, {"angrily", AX}, {"announced", SP},
    {"announces", SP}, {"another", DT|SC}, {"apr", AB|MD}, {"april", MD}, {"are", SN},
    {"aren't", SN}, {"arena", OR}, {"argued", SP}, {"argues", SP}, {"ariz", AB},
    {"ark", AB}, {"army", OR}, {"as", SC|SN}, {"asked", SP|SC}, {"asks", SP},
    {"assembly", OR}, {"assemblyman", TI}, {"assemblywoman", TI}, {"assn", AB},
    {"association", OR}, {"at", SC|SN}, {"attorney", TI}, {"attorneys", AG}, {"atty", AB},
    {"aug", AB|MD}, {"august", MD}, {"author", TI}, {"authorities", AG}, {"ave", AB},
    {"avenue", OR}, {"award", OR}, {"awards", OR}, {"bank", OR}, {"bay", OR}, {"be", SN},
    {"beach", OR}, {"because", SC|SN}, {"been", SN}, {"before", SC|SN}, {"being", SN},
    {"bin", PA}, {"bishop", TI}, {"blog", ME}, {"blvd", AB}, {"board", OR}, {"boasted", SP},
    {"both", DT|SC}, {"bridge", OR}, {"brig", AB|TI}, {"brigadier", TI}, {"broadcast", ME},
    {"bros", AB}, {"bulletin", ME}, {"bureau", OR}, {"but", SC|SN}, {"by", SC|SN},
    {"calif", AB}, {"campaign", OR}, {"can", SN}, {"can't", SN}, {"capital", OR},
    {"capt", AB|TI}, {"captain", TI}, {"cardinal", TI}, {"carried", RP}, {"cautioned", SP},
    {"center", OR}, {"centers", OR}, {"centre", OR}, {"ceo", TI}, {"cfo", TI},
    {"chair", TI}, {"chairman", TI}, {"chairperson", TI}, {"chairwoman", TI},
    {"chancellor", TI}, {"channel", ME}, {"chef", TI}, {"chief", TI}, {"church", OR},
    {"cio", TI}, {"cited", RP}, {"citing", RP}, {"city", OR}, {"claimed", SP}, {"clerk", TI},
    {"clinic", OR}, {"club", OR}, {"cmdr", AB}, {"co", AB}, {"coach", TI},
    {"coalition", OR}, {"coast", OR}, {"col", AB|TI}, {"college", OR}, {"colo", AB},
    {"colonel", TI}, {"columnist", TI}, {"comedian", TI}, {"commander", TI}, {"commentary", ME},
    {"commented", SP}, {"commerce", OR}, {"commission", OR}, {"commissioner", TI},
    {"committee", OR}, {"communique", ME}, {"company", OR}, {"complained", SP},
    {"complains", SP}, {"conceded", SP}, {"concedes", SP}, {"concluded", SP},
    {"confirmed", SP}, {"confirms", SP}, {"congress", OR}, {"congressman", TI},
    {"congresswoman", TI}, {"conn", AB}, {"const", AB|TI}, {"constable", TI},
    {"continued", SP}, {"continues", SP}, {"coo", TI}, {"corp", AB|OR}, {"corporal", TI},
    {"corporation", OR}, {"correspondent", TI}, {"could", SN}, {"couldn't", SN},
    {"council", OR}, {"councillor", TI}, {"councilman", TI}, {"councilor", TI},
    {"councilwoman", TI}, {"counsel", TI}, {"countered", SP}, {"county", OR}, {"court", OR},
    {"cpl", AB|TI}, {"critics", AG}, {"cto", TI}, {"cup", OR}, {"da", PA}, {"daily", ME|OR},
    {"das", PA}, {"de", PA}, {"deacon", TI}, {"dean", TI}, {"dec", AB|MD}, {"december", MD},
    {"declared", SP}, {"declares", SP}, {"defence", OR}, {"defender", TI}, {"defense", OR},
    {"del", PA}, {"della", PA}, {"den", PA}, {"department", OR}, {"dept", AB},
    {"deputy", TI}, {"der", PA}, {"described", SP}, {"despite", SC}, {"det", AB},
    {"detective", TI}, {"di", PA}, {"did", SN}, {"didn't", SN}, {"diplomats", AG},
    {"director", TI}, {"director-general", TI}, {"disclosed", SP}, {"dispatch", ME},
    {"district", OR}, {"do", SN}, {"doctor", TI}, {"doctors", AG}, {"document", ME},
    {"documents", ME}, {"does", SN}, {"doesn't", SN}, {"don't", SN}, {"dos", PA}, {"dr", AB|TI}, {"du", PA},
    {"during", SC|SN}, {"each", DT|SC}, {"earlier", AX|SC}, {"east", OR}, {"eastern", OR},
    {"economist", TI}, {"economy", OR}, {"editor", TI}, {"editorial", ME},
    {"education", OR}, {"either", SC}, {"el", PA}, {"emir", TI}, {"emmy", OR},
    {"emmys", OR}, {"emphasised", SP}, {"emphasises", SP}, {"emphasized", SP},
    {"emphasizes", SP}, {"energy", OR}, {"engineer", TI}, {"entertainment", OR},
    {"environment", OR}, {"esq", AB}, {"even", SC}, {"every", SC}, {"exclaimed", SP},
    {"executive", TI}, {"executives", AG}, {"experts", AG}, {"explained", SP},
    {"explains", SP}, {"fans", AG}, {"father", TI}, {"feb", AB|MD}, {"february", MD},
    {"federation", OR}, {"festival", OR}, {"filing", ME}, {"finally", AX}, {"finance", OR},
    {"firefighter", TI}, {"firefighters", AG}, {"five", DT}, {"fla", AB}, {"following", SC},
    {"footage", ME}, {"for", SC}, {"force", OR}, {"forces", OR}, {"foreign", OR},
    {"foundation", OR}, {"founder", TI}, {"four", DT}, {"fr", AB|TI}, {"friday", MD},
    {"friends", AG}, {"from", SC|SN}, {"ft", AB}, {"fund", OR}, {"further", AX},
    {"games", OR}, {"gen", AB|TI}, {"general", TI}, {"global", OR}, {"globe", OR},
    {"globes", OR}, {"gm", TI}, {"gov", AB|TI}, {"government", OR}, {"governor", TI},
    {"grammy", OR}, {"grammys", OR}, {"group", OR}, {"guard", OR}, {"had", AX},
    {"hadn't", SN}, {"hall", OR}, {"has", AX}, {"hasn't", SN}, {"have", AX},
    {"haven't", SN}, {"he", PR|SC}, {"head", TI}, {"health", OR}, {"her", DT|PR|SC},
    {"herald", OR}, {"here", SC}, {"herself", AX}, {"high", OR}, {"him", PR},
    {"himself", AX}, {"his", DT|SC}, {"holdings", OR}, {"homeland", OR}, {"hon", AB|TI},
    {"hospital", OR}, {"host", TI}, {"hotel", OR}, {"house", OR}, {"how", SC},
    {"however", SC}, {"i", PR|SC}, {"ibn", PA}, {"if", SC|SN}, {"ill", AB}, {"imam", TI},
    {"in", SC|SN}, {"inc", AB|OR}, {"ind", AB}, {"industries", OR}, {"initiative", OR},
    {"insiders", AG}, {"insisted", SP}, {"insists", SP}, {"insp", AB}, {"inspector", TI},
    {"instead", SC}, {"institute", OR}, {"interior", OR}, {"international", OR},
    {"interview", ME}, {"into", SN}, {"investigators", AG}, {"is", SN}, {"island", OR},
    {"islands", OR}, {"isn't", SN}, {"it", PR|SC}, {"its", DT|SC}, {"itself", AX},
    {"jan", AB|MD}, {"january", MD}, {"joked", SP}, {"journal", ME|OR}, {"jr", AB},
    {"judge", TI}, {"jul", AB|MD}, {"july", MD}, {"jun", AB|MD}, {"just", AX|SC},
    {"justice", TI}, {"kan", AB}, {"king", TI}, {"kingdom", OR}, {"ky", AB}, {"la", PA},
    {"labor", OR}, {"laboratory", OR}, {"labour", OR}, {"lady", TI}, {"lake", OR},
    {"lamented", SP}, {"last", SC}, {"later", AX|SC}, {"lawmakers", AG}, {"lawyer", TI},
    {"lawyers", AG}, {"le", PA}, {"leader", TI}, {"league", OR}, {"lecturer", TI},
    {"legislator", TI}, {"letter", ME}, {"lieutenant", TI}, {"like", SC},
    {"linebacker", TI}, {"llc", OR}, {"lord", TI}, {"lt", AB|TI}, {"ltd", AB|OR},
    {"magazine", ME|OR}, {"maintained", SP}, {"maj", AB|TI}, {"major", TI}, {"manager", TI},
    {"managers", AG}, {"many", DT|SC}, {"mar", AB|MD}, {"marshal", TI}, {"mass", AB},
    {"may", SN}, {"mayor", TI}, {"md", AB}, {"meanwhile", SC}, {"media", ME|OR},
    {"messrs", AB}, {"mich", AB}, {"middle", OR}, {"might", SN}, {"minister", TI},
    {"ministry", OR}, {"minn", AB}, {"miss", TI}, {"mme", AB}, {"mo", AB}, {"monday", MD},
    {"mont", AB}, {"more", SC}, {"most", SC}, {"motors", OR}, {"mountain", OR},
    {"mountains", OR}, {"movement", OR}, {"mr", AB|TI}, {"mrs", AB|TI}, {"ms", AB|TI},
    {"msgr", AB|TI}, {"mt", AB}, {"mused", SP}, {"museum", OR}, {"must", SN}, {"my", DT|SC},
    {"national", OR}, {"nations", OR}, {"navy", OR}, {"neb", AB}, {"neighbors", AG},
    {"neighbours", AG}, {"neither", SC}, {"network", OR}, {"nev", AB}, {"news", ME|OR},
    {"newspaper", ME}, {"newspapers", ME}, {"next", SC}, {"no", AB|SC}, {"nor", SN},
    {"north", OR}, {"northern", OR}, {"not", SC}, {"noted", SP}, {"nov", AB|MD},
    {"november", MD}, {"now", SC}, {"nurse", TI}, {"observed", SP}, {"observers", AG},
    {"oct", AB|MD}, {"october", MD}, {"of", OF}, {"office", OR}, {"officer", TI}, {"officers", AG},
    {"official", TI}, {"officials", AG}, {"often", AX}, {"ok", SC}, {"okla", AB},
    {"on", SC|SN}, {"once", AX}, {"one", DT|SC}, {"only", SC}, {"onto", SN}, {"or", SC|SN},
    {"ore", AB}, {"organisation", OR}, {"organisers", AG}, {"organization", OR},
    {"organizers", AG}, {"oscar", OR}, {"oscars", OR}, {"other", SC}, {"our", DT|SC},
    {"outlet", ME}, {"outlets", ME}, {"over", SC|SN}, {"pa", AB}, {"paper", ME},
    {"park", OR}, {"parliament", OR}, {"partners", OR}, {"party", OR}, {"pastor", TI},
    {"photographer", TI}, {"pictures", OR}, {"pilot", TI}, {"pleaded", SP},
    {"police", AG|OR}, {"pope", TI}, {"post", ME|OR}, {"posted", SP}, {"predicted", SP},
    {"premier", TI}, {"pres", AB}, {"president", TI}, {"president-elect", TI},
    {"press", OR}, {"previously", AX}, {"prime", TI}, {"prince", TI}, {"princess", TI},
    {"private", TI}, {"privately", AX}, {"prize", OR}, {"prizes", OR}, {"producer", TI},
    {"products", OR}, {"prof", AB|TI}, {"professor", TI}, {"program", OR},
    {"programme", OR}, {"project", OR}, {"promised", SP}, {"prosecutor", TI},
    {"prosecutors", AG}, {"protesters", AG}, {"protestors", AG}, {"province", OR},
    {"publication", ME}, {"publicist", TI}, {"publicly", AX}, {"pvt", AB|TI},
    {"quarterback", TI}, {"queen", TI}, {"quickly", AX}, {"quipped", SP}, {"quips", SP},
    {"quoted", RP}, {"quoting", RP}, {"rabbi", TI}, {"radio", ME|OR}, {"ranger", TI},
    {"rapper", TI}, {"rebels", AG}, {"recalled", SP}, {"recalls", SP}, {"receiver", TI},
    {"recently", AX}, {"records", OR}, {"recounted", SP}, {"recovery", OR}, {"region", OR},
    {"reiterated", SP}, {"reiterates", SP}, {"relatives", AG}, {"release", ME},
    {"remarked", SP}, {"rep", AB|TI}, {"repeatedly", AX}, {"replied", SP}, {"replies", SP},
    {"report", ME|RP}, {"reported", RP}, {"reportedly", AX}, {"reporter", TI},
    {"reports", ME|RP}, {"representative", TI}, {"representatives", AG}, {"reps", AG},
    {"republic", OR}, {"rescuers", AG}, {"researcher", TI}, {"researchers", AG},
    {"reserve", OR}, {"residents", AG}, {"responded", SP}, {"responds", SP}, {"rev", AB|TI},
    {"revealed", SP}, {"reveals", SP}, {"reverend", TI}, {"river", OR}, {"road", OR},
    {"said", RP|SP|SN}, {"saturday", MD}, {"say", SP}, {"saying", SP|SN},
    {"says", RP|SP|SN}, {"school", OR}, {"schools", OR}, {"scientist", TI},
    {"scientists", AG}, {"screamed", SP}, {"secretary", TI}, {"secretary-general", TI},
    {"security", OR}, {"sen", AB|TI}, {"senate", OR}, {"senator", TI}, {"sep", AB|MD},
    {"separately", AX}, {"sept", AB|MD}, {"september", MD}, {"sergeant", TI},
    {"service", OR}, {"services", OR}, {"several", DT}, {"sgt", AB|TI}, {"shall", SN},
    {"she", PR|SC}, {"sheikh", TI}, {"sheriff", TI}, {"should", SN}, {"shouldn't", SN},
    {"shouted", SP}, {"simply", AX}, {"since", SC|SN}, {"singer", TI}, {"sir", TI}, {"sister", TI},
    {"site", ME}, {"so", SC}, {"society", OR}, {"some", DT|SC}, {"sources", AG},
    {"south", OR}, {"southern", OR}, {"speaker", TI}, {"speaking", SC}, {"spokesman", TI},
    {"spokesmen", AG|TI}, {"spokesperson", TI}, {"spokeswoman", TI}, {"square", OR},
    {"sr", AB|TI}, {"st", AB}, {"stadium", OR}, {"star", TI}, {"state", OR}, {"stated", SP},
    {"statement", ME}, {"statements", ME}, {"states", OR}, {"station", OR}, {"still", SC},
    {"street", OR}, {"stressed", SP}, {"stresses", SP}, {"students", AG}, {"studio", OR},
    {"studios", OR}, {"subsequently", AX}, {"such", SC}, {"suggested", SP},
    {"suggests", SP}, {"sunday", MD}, {"superintendent", TI}, {"supervisor", TI},
    {"supt", AB}, {"surgeon", TI}, {"systems", OR}, {"teacher", TI}, {"team", OR},
    {"television", ME|OR}, {"tell", SP|TL}, {"telling", SP|TL}, {"tells", SP|TL}, {"ten", PA}, {"tenn", AB}, {"ter", PA},
    {"testified", SP}, {"tex", AB}, {"than", SN}, {"thanks", SC}, {"that", SC|SN},
    {"the", DT|SC}, {"theater", OR}, {"theatre", OR}, {"their", DT|SC}, {"them", PR},
    {"themselves", AX}, {"then", AX|SC}, {"there", SC}, {"these", SC}, {"they", PR|SC},
    {"this", SC}, {"those", SC}, {"though", SC}, {"three", DT}, {"thursday", MD},
    {"times", OR}, {"to", SC|SN}, {"today", SC}, {"told", SP|SN|TL}, {"tomorrow", SC},
    {"tower", OR}, {"trade", OR}, {"transcript", ME}, {"transportation", OR},
    {"treasury", OR}, {"treatment", OR}, {"tribune", OR}, {"trooper", TI}, {"troops", AG},
    {"trust", OR}, {"tuesday", MD}, {"tv", ME}, {"tweet", ME}, {"tweeted", SP},
    {"tweets", SP}, {"two", DT}, {"under", SC|SN}, {"undersheriff", TI}, {"union", OR},
    {"univ", AB}, {"university", OR}, {"upon", SN}, {"urged", SP}, {"urges", SP},
    {"va", AB}, {"valley", OR}, {"van", PA}, {"via", SN}, {"vice", TI},
    {"vice-president", TI}, {"video", ME}, {"von", PA}, {"vowed", SP}, {"vows", SP},
    {"vs", AB}, {"vt", AB}, {"warden", TI}, {"warned", SP}, {"warns", SP}, {"was", SN},
    {"wash", AB}, {"wasn't", SN}, {"we", PR|SC}, {"website", ME}, {"wednesday", MD},
    {"were", SN}, {"weren't", SN}, {"west", OR}, {"western", OR}, {"what", SC},
    {"when", SC|SN}, {"where", SC|SN}, {"which", SN}, {"while", SC|SN}, {"whispered", SP},
    {"who", SC|SN}, {"whom", SN}, {"why", SC}, {"will", AX|SN}, {"wire", ME}, {"wis", AB},
    {"with", SC|SN}, {"within", SN}, {"without", SN}, {"witnesses", AG}, {"won't", SN},
    {"wondered", SP}, {"world", OR}, {"would", AX|SN}, {"wouldn't", SN}, {"writer", TI},
    {"writes", SP}, {"writing", SP}, {"wrote", SP}, {"wyo", AB}, {"y", PA}, {"yelled", SP},
    {"yes", SC}, {"yesterday", SC}, {"yet", SC}, {"you", PR}, {"your", DT},
};
#undef SP
#undef TL
#undef RP
#undef AX
#undef PR
#undef DT
#undef SC
#undef AG
#undef TI
#undef OR
#undef ME
#undef SN
#undef PA
#undef MD
#undef AB
#undef OF

/* lexicon[lex_first[c - 'a'] .. lex_first[c - 'a' + 1]) start with c. */
static const uint16_t lex_first[27] = {
    0, 85, 109, 196, 241, 272, 301, 315, 342, 371, 382, 386, 411, 453, 476, 507, 553, 560, 604,
    682, 732, 740, 752, 791, 791, 798, 798,
};

static int lex_cmp(const void *k, const void *e)
{
    return strcmp((const char *)k, ((const lexent *)e)->w);
}

/* LX_* flags of the word s[0..n) (ASCII, case-insensitive, trailing dots
 * ignored); 0 when it is not in the lexicon. */
static unsigned lex_flags(const char *s, size_t n)
{
    char low[24];
    size_t full = n;
    while (n && s[n - 1] == '.')
        n--;
    if (!n || n >= sizeof low || (n == 1 && full > 1))
        return 0; /* an initial ("A.") is no word */
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 0x80)
            return 0;
        low[i] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
    }
    low[n] = '\0';
    if (low[0] < 'a' || low[0] > 'z')
        return 0;
    size_t a = lex_first[low[0] - 'a'], b = lex_first[low[0] - 'a' + 1];
    const lexent *e = bsearch(low, lexicon + a, b - a, sizeof *lexicon, lex_cmp);
    return e ? e->f : 0;
}

/* -------------------------------------------------------------- outlets */

/* Exact, case-sensitive names; sorted by strcmp, without repeats (a unit
 * test checks). */
static const char *const outlets[] = {
    "AAP", "ABC", "ABC News", "ABC News Online", "ABC7", "AFP", "ANP", "ANSA", "AP",
    "AP News", "APTN", "Access Hollywood", "Agence France Presse", "Agence France-Presse",
    "Agencia Brasil", "Agerpres", "Al Arabiya", "Al Jazeera", "Al-Jazeera", "Anadolu",
    "Anadolu Agency", "Anchorage Daily News", "Antara", "Arirang", "Asahi Shimbun",
    "Associated Press", "Associated Press Television News", "Axios", "BBC", "BBC News",
    "BTA", "Belga", "Bernama", "Bild", "Billboard", "Bloomberg", "Bloomberg News",
    "Boston Globe", "BuzzFeed", "CBC", "CBC News", "CBS", "CBS News", "CCTV", "CNBC", "CNN",
    "CTK", "CTV News", "Chicago Tribune", "China Daily", "Chosun Ilbo",
    "Corriere della Sera", "DPA", "DW", "Daily Beast", "Daily Mail", "Daily Mirror", "Dawn",
    "Der Spiegel", "Deutsche Welle", "Die Welt", "E! News", "E! Online", "EFE", "ESPN",
    "El Pais", "El País", "Entertainment Tonight", "Entertainment Weekly", "Euronews",
    "Fars", "Financial Times", "Fox News", "France 24", "Frankfurter Allgemeine Zeitung",
    "Global Times", "Globe and Mail", "Gothamist", "HINA", "Haaretz", "Hello! magazine",
    "Hollywood Reporter", "Houston Chronicle", "HuffPost", "Huffington Post", "IANS",
    "IRNA", "ISNA", "ITAR-TASS", "In Touch Weekly", "Interfax", "Itar-Tass", "Izvestia",
    "Japan Times", "Jerusalem Post", "JoongAng Ilbo", "KCNA", "KTLA", "Kommersant",
    "Korea Herald", "Korea Times", "Korean Central News Agency", "Kyiv Independent",
    "Kyodo", "Kyodo News", "Kyodo News agency", "La Repubblica", "Le Figaro", "Le Monde",
    "Life & Style", "Los Angeles Daily News", "Los Angeles Times", "Lusa", "MENA", "MSNBC",
    "MTI", "Mainichi", "Miami Herald", "NBC", "NBC News", "NHK", "NPR", "NTB", "NY1",
    "New York Post", "New York Times", "Newsweek", "Nikkei", "Nine News", "Notimex",
    "Novaya Gazeta", "OK! magazine", "PAP", "PBS", "PTI", "Page Six", "People magazine",
    "People's Daily", "Perez Hilton", "Politico", "Prensa Latina", "Press Trust of India",
    "RBC", "RFI", "RIA", "RIA Novosti", "RT", "Radar Online", "Reuters", "Ritzau",
    "Rolling Stone", "SANA", "STT", "San Francisco Chronicle", "Seattle Times", "Sky News",
    "Slate", "South China Morning Post", "Spiegel", "Sputnik", "Star magazine",
    "Straits Times", "Sydney Morning Herald", "TASS", "TMZ", "Tanjug", "Tasnim",
    "The Asahi Shimbun", "The Associated Press", "The Atlantic", "The Boston Globe",
    "The Daily Beast", "The Daily Telegraph", "The Economist", "The Globe and Mail",
    "The Guardian", "The Hill", "The Hindu", "The Hollywood Reporter",
    "The Huffington Post", "The Independent", "The Japan Times", "The Jerusalem Post",
    "The Korea Herald", "The Korea Times", "The Miami Herald", "The Mirror",
    "The New York Times", "The Seattle Times", "The Straits Times", "The Sun",
    "The Sunday Times", "The Sydney Morning Herald", "The Telegraph", "The Times",
    "The Times of India", "The Times of Israel", "The Wall Street Journal",
    "The Washington Post", "Time magazine", "Times of India", "Times of Israel",
    "Toronto Star", "UNIAN", "UPI", "USA TODAY", "USA Today", "Ukrinform",
    "United Press International", "Us Magazine", "Us Weekly", "VNA", "Variety", "Vedomosti",
    "Vox", "WABC", "WAFA", "WNBC", "Wall Street Journal", "Washington Post", "Xinhua",
    "Xinhua News Agency", "Xinhua news agency", "Yomiuri Shimbun", "Yonhap",
    "Yonhap News Agency", "dpa",
};

#define N_OUTLETS (sizeof outlets / sizeof *outlets)

/* Looked up by hash (a name per capitalised word: one probe for most). */
static uint32_t outlet_slots[1024];
static pthread_once_t outlet_once = PTHREAD_ONCE_INIT;

static const char *outlet_row(uint32_t i, size_t *len)
{
    *len = strlen(outlets[i]);
    return outlets[i];
}

static sl_strtab outlet_hash = {outlet_slots, sizeof outlet_slots / sizeof *outlet_slots,
                                outlet_row};

static void outlet_init(void)
{
    _Static_assert(2 * N_OUTLETS <= sizeof outlet_slots / sizeof *outlet_slots,
                   "outlet_slots: at least twice the outlets");
    for (uint32_t i = 0; i < N_OUTLETS; i++)
        sl__strtab_put(&outlet_hash, i);
}

int sl__is_outlet(const char *name, size_t n)
{
    if (!name || n == 0 || n > 64)
        return 0;
    pthread_once(&outlet_once, outlet_init);
    return sl__strtab_get(&outlet_hash, name, n) != UINT32_MAX;
}

int sl__quote_tables_ok(void)
{
    size_t n = sizeof lexicon / sizeof *lexicon;
    for (size_t i = 1; i < n; i++)
        if (strcmp(lexicon[i - 1].w, lexicon[i].w) >= 0)
            return 0;
    for (int c = 0; c < 26; c++)
        for (size_t i = lex_first[c]; i < lex_first[c + 1]; i++)
            if (i >= n || lexicon[i].w[0] != 'a' + c)
                return 0;
    if (lex_first[0] != 0 || lex_first[26] != n)
        return 0;
    for (size_t i = 1; i < N_OUTLETS; i++)
        if (strcmp(outlets[i - 1], outlets[i]) >= 0)
            return 0;
    return 1;
}

/* Outlets that are only taken in a "told X" position (ordinary words
 * elsewhere). */
static int told_outlet(const char *s, size_t n)
{
    static const char *const w[] = {"People", "PEOPLE", "Us", "Extra", "Access"};
    for (size_t i = 0; i < sizeof w / sizeof *w; i++)
        if (strlen(w[i]) == n && memcmp(w[i], s, n) == 0)
            return 1;
    return 0;
}

/* ----------------------------------------------------------- characters */

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int is_alpha(unsigned char c) { return (c | 32) >= 'a' && (c | 32) <= 'z'; }
static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static int is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }

/* Code point at t[i] (i < len) and its length in *n; -1 (length 1) for an
 * invalid or truncated sequence. */
static int32_t cp_at(const char *t, size_t len, size_t i, size_t *n)
{
    unsigned char c = (unsigned char)t[i];
    if (c < 0x80) {
        *n = 1;
        return c;
    }
    utf8proc_int32_t cp;
    size_t rest = len - i;
    if (rest > 4)
        rest = 4;
    utf8proc_ssize_t r = utf8proc_iterate((const utf8proc_uint8_t *)t + i,
                                          (utf8proc_ssize_t)rest, &cp);
    if (r <= 0) {
        *n = 1;
        return -1;
    }
    *n = (size_t)r;
    return cp;
}

/* Letters, marks and digits of any script. */
static int word_cp(int32_t cp)
{
    if (cp < 0)
        return 0;
    if (cp < 0x80)
        return is_alpha((unsigned char)cp) || is_digit((unsigned char)cp);
    utf8proc_category_t k = utf8proc_category(cp);
    return k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_NO;
}

static int upper_cp(int32_t cp)
{
    if (cp < 0)
        return 0;
    if (cp < 0x80)
        return is_upper((unsigned char)cp);
    utf8proc_category_t k = utf8proc_category(cp);
    return k == UTF8PROC_CATEGORY_LU || k == UTF8PROC_CATEGORY_LT;
}

/* ---------------------------------------------------------- quote marks */

enum { MK_NONE = 0, MK_DQ, MK_GO, MK_GC, MK_SO, MK_SC };

/* 1 when s[0..) (up to len) starts with an English clitic after an
 * apostrophe ("s", "t", "re", "ve", "ll", "d", "m") and then a non-letter. */
static int clitic_at(const char *t, size_t len, size_t i)
{
    static const char *const cl[] = {"s", "t", "re", "ve", "ll", "d", "m"};
    for (size_t k = 0; k < sizeof cl / sizeof *cl; k++) {
        size_t n = strlen(cl[k]);
        if (i + n > len || memcmp(t + i, cl[k], n) != 0)
            continue;
        if (i + n == len || !is_alpha((unsigned char)t[i + n]))
            return 1;
    }
    return 0;
}

/* Role of a single typographic mark at t[i..i+n): MK_SO for an opening
 * U+2018, MK_SC for a closing U+2019, MK_NONE when it is an apostrophe. */
static int single_role(const char *t, size_t len, size_t i, size_t n, int kind)
{
    size_t j = i + n;
    size_t nj = j < len && t[j] == ' ' ? j + 1 : j; /* after one space */
    int prev_letter = i > 0 && (is_alpha((unsigned char)t[i - 1]) ||
                                is_digit((unsigned char)t[i - 1]) ||
                                (unsigned char)t[i - 1] >= 0x80);
    int prev_word = prev_letter ||
                    (i > 1 && t[i - 1] == ' ' && (is_alpha((unsigned char)t[i - 2]) ||
                                                  is_digit((unsigned char)t[i - 2])));
    if (nj < len && clitic_at(t, len, nj) && prev_word)
        return MK_NONE; /* "Lohan ' s", "Beaufoy ' s" */
    if (kind == MK_SO) {
        if (prev_letter)
            return MK_NONE;
        return MK_SO;
    }
    int next_letter = j < len && (is_alpha((unsigned char)t[j]) ||
                                  (unsigned char)t[j] >= 0x80);
    if (prev_letter && next_letter)
        return MK_NONE; /* "don't" */
    return MK_SC;
}

/* Quote mark at t[i] (i < len), its length in *n. */
static int mark_at(const char *t, size_t len, size_t i, size_t *n)
{
    unsigned char c = (unsigned char)t[i];
    *n = 1;
    switch (c) {
    case '"':
        return MK_DQ;
    case '\'':
        if (i + 1 < len && t[i + 1] == '\'') {
            *n = 2;
            return MK_DQ;
        }
        if (i + 2 < len && t[i + 1] == ' ' && t[i + 2] == '\'') {
            *n = 3;
            return MK_DQ;
        }
        return MK_NONE;
    case '`':
        if (i + 1 < len && t[i + 1] == '`') {
            *n = 2;
            return MK_DQ;
        }
        return MK_NONE;
    case 0xC2:
        if (i + 1 < len && ((unsigned char)t[i + 1] == 0xAB || (unsigned char)t[i + 1] == 0xBB)) {
            *n = 2;
            return (unsigned char)t[i + 1] == 0xAB ? MK_GO : MK_GC;
        }
        return MK_NONE;
    case 0xE2:
        if (i + 2 < len && (unsigned char)t[i + 1] == 0x80) {
            unsigned char d = (unsigned char)t[i + 2];
            *n = 3;
            if (d >= 0x9C && d <= 0x9F)
                return MK_DQ;
            if (d == 0x98 || d == 0x9B)
                return MK_SO;
            if (d == 0x99)
                return MK_SC;
            *n = 1;
        }
        return MK_NONE;
    default:
        return MK_NONE;
    }
}

/* --------------------------------------------------------------- tokens */

enum { TK_WORD = 1, TK_PUNCT = 2, TK_QUOTE = 3, TK_NL = 4 };

typedef struct wtok {
    uint32_t off, len; /* bytes of the text */
    uint16_t lx;       /* LX_* of a word */
    uint8_t kind;      /* TK_* */
    uint8_t cap;       /* word: 1 capitalised, 2 all capitals */
    uint8_t poss;      /* word: ends in a possessive 's */
    char c;            /* punctuation: the ASCII byte, '-' for dashes */
} wtok;

static int is_abbrev_before(const char *t, size_t i);

/* Tokens of t[lo..hi) into v (at most WT_MAX); returns their number.
 * With stop_quote, ends before the first quotation mark. */
static size_t tokenize_win(wtok *v, const char *t, size_t lo, size_t hi, int stop_quote)
{
    size_t n = 0, i = lo;
    while (i < hi && n < WT_MAX) {
        unsigned char ch = (unsigned char)t[i];
        if (ch == '\n') {
            v[n++] = (wtok){.off = (uint32_t)i, .len = 1, .kind = TK_NL};
            i++;
            continue;
        }
        if (is_space(ch)) {
            i++;
            continue;
        }
        size_t m;
        int mk = mark_at(t, hi, i, &m);
        if (mk == MK_SO || mk == MK_SC)
            mk = single_role(t, hi, i, m, mk);
        if (mk != MK_NONE) {
            if (stop_quote)
                break;
            v[n++] = (wtok){.off = (uint32_t)i, .len = (uint32_t)m, .kind = TK_QUOTE};
            i += m;
            continue;
        }
        size_t cl;
        int32_t cp = cp_at(t, hi, i, &cl);
        if (!word_cp(cp)) {
            char c = ch < 0x80 ? (char)ch : 0;
            if (cp == 0x2013 || cp == 0x2014)
                c = '-';
            v[n++] = (wtok){.off = (uint32_t)i, .len = (uint32_t)cl, .kind = TK_PUNCT, .c = c};
            i += cl;
            continue;
        }
        size_t s = i, seg = i; /* seg: start of the part after the last dot */
        int up = upper_cp(cp), lower = !up && (cp >= 0x80 || is_alpha((unsigned char)cp));
        int hyph_cap = 0;
        i += cl;
        while (i < hi) {
            size_t c2;
            int32_t q = cp_at(t, hi, i, &cl);
            if (word_cp(q)) {
                if (!upper_cp(q) && (q >= 0x80 || is_alpha((unsigned char)q)))
                    lower = 1;
                i += cl;
                continue;
            }
            if ((q == '\'' || q == 0x2019) && i + cl < hi &&
                word_cp(cp_at(t, hi, i + cl, &c2)) && i > s &&
                (is_alpha((unsigned char)t[i - 1]) || (unsigned char)t[i - 1] >= 0x80)) {
                i += cl; /* "O'Connor", "Reid's", "don't" */
                continue;
            }
            if (q == '-' && i + 1 < hi && word_cp(cp_at(t, hi, i + 1, &c2))) {
                /* "al-Assad": lower-case prefix before a capitalised name */
                if (!up && i - s <= 3 && upper_cp(cp_at(t, hi, i + 1, &c2)))
                    hyph_cap = 1;
                i++;
                continue;
            }
            if (q == '.' && (i - seg == 1 || is_abbrev_before(t, i))) {
                i++; /* "U.S.", "J.", "Mr." */
                seg = i;
                continue;
            }
            break;
        }
        /* "Lohan ' s": a detokenised possessive stays with its word */
        if (i + 3 < hi && t[i] == ' ') {
            size_t a = i + 1, an = 0;
            if (t[a] == '\'')
                an = 1;
            else if (a + 2 < hi && (unsigned char)t[a] == 0xE2 &&
                     (unsigned char)t[a + 1] == 0x80 && (unsigned char)t[a + 2] == 0x99)
                an = 3;
            if (an && a + an + 1 < hi && t[a + an] == ' ' && t[a + an + 1] == 's' &&
                (a + an + 2 == hi || !is_alpha((unsigned char)t[a + an + 2])))
                i = a + an + 2;
        }
        /* "Nichols' mother", "Nichols ' mother": a plural possessive */
        int pposs = 0;
        if (i - s >= 3 && t[i - 1] == 's' && i < hi) {
            size_t a = i + (t[i] == ' '), an = 0;
            if (a < hi && t[a] == '\'')
                an = 1;
            else if (a + 2 < hi && (unsigned char)t[a] == 0xE2 &&
                     (unsigned char)t[a + 1] == 0x80 && (unsigned char)t[a + 2] == 0x99)
                an = 3;
            if (an && a + an + 1 < hi && t[a + an] == ' ' &&
                !clitic_at(t, hi, a + an + 1) && is_alpha((unsigned char)t[a + an + 1])) {
                i = a + an;
                pposs = 1;
            }
        }
        wtok w = {.off = (uint32_t)s, .len = (uint32_t)(i - s), .kind = TK_WORD,
                  .poss = (uint8_t)pposs};
        w.lx = pposs ? 0 : (uint16_t)lex_flags(t + s, i - s);
        if (i - s >= 3 && t[i - 1] == 't' && t[i - 3] == 'n' &&
            (t[i - 2] == '\'' || (unsigned char)t[i - 2] == 0x99))
            w.lx |= LX_STOPNP; /* "won't", "didn\u2019t" */
        if (i - s >= 3 && t[i - 1] == 's' &&
            (t[i - 2] == '\'' || t[i - 2] == ' ' || (unsigned char)t[i - 2] == 0x99))
            w.poss = 1; /* "Reid's", "Lohan ' s", "Lohan\u2019s" */
        if (up || hyph_cap)
            w.cap = (!lower && i - s >= 2) ? 2 : 1;
        v[n++] = w;
    }
    return n;
}

/* Case-insensitive: word token w is exactly s. */
static int weq(const char *t, const wtok *w, const char *s)
{
    size_t n = strlen(s);
    if (w->kind != TK_WORD || w->len != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char a = (unsigned char)t[w->off + i];
        if (a >= 'A' && a <= 'Z')
            a = (unsigned char)(a + 32);
        if (a != (unsigned char)s[i])
            return 0;
    }
    return 1;
}

/* Length of word w without its possessive ending ("Times'" -> "Times"). */
static size_t bare_len(const char *t, const wtok *w)
{
    const char *p = t + w->off;
    size_t l = w->len;
    if (!w->poss)
        return l;
    if (l >= 2 && p[l - 1] == 's' &&
        (p[l - 2] == '\'' || p[l - 2] == ' ' || (unsigned char)p[l - 2] == 0x99))
        l--;
    for (;;) {
        if (l > 1 && (p[l - 1] == ' ' || p[l - 1] == '\''))
            l--;
        else if (l > 3 && (unsigned char)p[l - 1] == 0x99 && (unsigned char)p[l - 2] == 0x80 &&
                 (unsigned char)p[l - 3] == 0xE2)
            l -= 3;
        else
            return l;
    }
}

static int is_word(const wtok *w) { return w->kind == TK_WORD; }
static int is_punct(const wtok *w, char c) { return w->kind == TK_PUNCT && w->c == c; }

/* A capitalised word that may be part of a name. */
static int name_word(const wtok *w)
{
    return w->kind == TK_WORD && w->cap &&
           !(w->lx & (LX_STOPCAP | LX_MONTHDAY | LX_AUX | LX_STOPNP | LX_PRON));
}

/* ------------------------------------------------------------ sentences */

/* 1 when the '.' at t[i] follows an abbreviation or an initial. */
static int is_abbrev_before(const char *t, size_t i)
{
    size_t j = i;
    while (j > 0 && i - j < 12 && is_alpha((unsigned char)t[j - 1]))
        j--;
    if (j == i)
        return 0;
    if (i - j == 1) /* an initial, "U.S." */
        return is_upper((unsigned char)t[j]) || (j > 0 && t[j - 1] == '.');
    if (j > 0 && t[j - 1] == '.')
        return 1;
    return (lex_flags(t + j, i - j) & LX_ABBREV) != 0;
}

/* 1 when the . ! ? at t[i] ends a sentence: closing marks may follow, then
 * white space and a capital, digit, quote mark or non-ASCII letter. */
static int sentence_end_at(const char *t, size_t len, size_t i)
{
    unsigned char c = (unsigned char)t[i];
    if (c != '.' && c != '!' && c != '?')
        return 0;
    if (c == '.' && is_abbrev_before(t, i))
        return 0;
    size_t j = i + 1, k = 0;
    while (j < len && k < 4) { /* closing quotes and brackets */
        size_t n;
        int mk = mark_at(t, len, j, &n);
        if (mk == MK_DQ || mk == MK_GC || mk == MK_SC) {
            j += n;
        } else if (t[j] == ')' || t[j] == ']') {
            j++;
        } else {
            break;
        }
        k++;
    }
    if (j >= len)
        return 1;
    if (!is_space((unsigned char)t[j]))
        return 0;
    while (j < len && j - i < 16 && is_space((unsigned char)t[j]))
        j++;
    if (j >= len)
        return 1;
    unsigned char d = (unsigned char)t[j];
    return is_upper(d) || is_digit(d) || d >= 0x80 || d == '"' || d == '\'' || d == '(';
}

/* Start of the sentence holding position pos, looking back to lo at most. */
static size_t sent_begin(const char *t, size_t len, size_t pos, size_t lo)
{
    for (size_t i = pos; i > lo; i--) {
        unsigned char c = (unsigned char)t[i - 1];
        if (c == '\n')
            return i;
        if ((c == '.' || c == '!' || c == '?') && i < pos && sentence_end_at(t, len, i - 1))
            return i;
    }
    /* cut short: start after a space so no word is split */
    if (lo > 0) {
        size_t i = lo;
        while (i < pos && !is_space((unsigned char)t[i]))
            i++;
        return i;
    }
    return lo;
}

/* End of the sentence that goes on at pos, looking ahead to hi at most. */
static size_t sent_finish(const char *t, size_t len, size_t pos, size_t hi)
{
    for (size_t i = pos; i < hi; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c == '\n')
            return i;
        if ((c == '.' || c == '!' || c == '?') && sentence_end_at(t, len, i))
            return i + 1;
    }
    return hi;
}

/* ------------------------------------------------------- noun phrases */

enum { NP_NONE = 0, NP_PRON, NP_NAME, NP_PHRASE };

/* Noun phrase starting at token s and ending before ceil: a pronoun, a
 * name ("Foreign Minister Wang Yi"), a determiner phrase ("the ministry",
 * "a spokesman for the company") or a bare plural ("officials").  Stores
 * its end in *hi. */
static int np_fwd(const char *t, const wtok *v, size_t s, size_t ceil, size_t *hi)
{
    if (s >= ceil || !is_word(&v[s]))
        return NP_NONE;
    const wtok *w = &v[s];
    if ((w->lx & LX_PRON) && (!(w->lx & LX_DET) || s + 1 >= ceil || !is_word(&v[s + 1]))) {
        *hi = s + 1;
        return NP_PRON;
    }
    size_t k = s;
    if (!w->cap && (w->lx & LX_TITLE)) { /* "general manager A. J. Smith" */
        while (k < ceil && k - s < 3 && is_word(&v[k]) && !v[k].cap && (v[k].lx & LX_TITLE))
            k++;
        if (k >= ceil || !name_word(&v[k]))
            return NP_NONE;
    }
    if (name_word(&v[k])) {
        k++;
        while (k < ceil && k - s < 10 && is_word(&v[k])) {
            int next_cap = k + 1 < ceil && name_word(&v[k + 1]);
            if (name_word(&v[k])) {
                k++;
            } else if ((v[k].lx & (LX_PARTICLE | LX_TITLE)) && next_cap) {
                k++;
            } else {
                /* "Secretary of the Interior Dirk Kempthorne", "Trend Micro
                 * advanced threat researcher Paul Ferguson": lower-case
                 * words up to a title and a name */
                size_t j = k;
                while (j < ceil && j - k < 4 && is_word(&v[j]) && !v[j].cap &&
                       !(v[j].lx & (LX_SPEECH | LX_AUX | LX_PRON | LX_STOPNP)))
                    j++;
                /* "of the" only inside a title ("Secretary of the
                 * Interior"), not after a name ("X of the Center") */
                int titles = 1;
                for (size_t m = s; m < k; m++)
                    if (!(v[m].lx & (LX_TITLE | LX_ORG)))
                        titles = 0;
                int of_the = titles && ((j - k == 1 && (v[k].lx & LX_OF)) ||
                                        (j - k == 2 && (v[k].lx & LX_OF) &&
                                         (v[k + 1].lx & LX_DET)));
                if (j > k && j < ceil && name_word(&v[j]) &&
                    ((v[j - 1].lx & (LX_TITLE | LX_ORG)) || of_the))
                    k = j;
                else
                    break;
            }
        }
        if (v[k - 1].poss) { /* "Reid's rep" */
            size_t e = k;
            while (e < ceil && e - k < 3 && is_word(&v[e]) && !v[e].cap &&
                   !(v[e].lx & (LX_STOPNP | LX_SPEECH | LX_AUX)))
                e++;
            if (e > k) {
                *hi = e;
                return NP_PHRASE;
            }
        }
        *hi = k;
        return NP_NAME;
    }
    if (w->lx & LX_DET) {
        size_t e = s + 1;
        while (e < ceil && e - s < 8 && is_word(&v[e]) &&
               !(v[e].lx & (LX_STOPNP | LX_SPEECH | LX_AUX)) &&
               !(e > s + 1 && !v[e].cap && v[e].len > 5 &&
                 memcmp(t + v[e].off + v[e].len - 3, "ing", 3) == 0))
            e++; /* "a man wearing ..." ends before "wearing" */
        if (e == s + 1)
            return NP_NONE;
        *hi = e;
        return NP_PHRASE;
    }
    if (w->lx & LX_AGENT) {
        *hi = s + 1;
        return NP_PHRASE;
    }
    return NP_NONE;
}

/* Noun phrase ending just before token e, not before token floor; stores
 * its start in *lo. */
static int np_back(const wtok *v, size_t e, size_t floor, size_t *lo)
{
    if (e <= floor || !is_word(&v[e - 1]))
        return NP_NONE;
    size_t j = e - 1;
    const wtok *w = &v[j];
    if (w->lx & LX_PRON) {
        *lo = j;
        return NP_PRON;
    }
    if (name_word(w)) {
        size_t k = j;
        while (k > floor && j - k < 7 && is_word(&v[k - 1])) {
            const wtok *p = &v[k - 1];
            if (name_word(p) || (p->lx & (LX_PARTICLE | LX_TITLE))) {
                k--;
            } else if (p->lx & LX_DET && !(p->lx & LX_PRON)) {
                k--; /* "the Foreign Ministry" */
                break;
            } else {
                break;
            }
        }
        while (k < j && !v[k].cap && (v[k].lx & LX_PARTICLE))
            k++;
        *lo = k;
        return NP_NAME;
    }
    /* "the ministry", "a spokesman for the company", "the Taradise star" */
    size_t k = j;
    for (size_t steps = 0; k > floor && steps < 7; steps++) {
        const wtok *p = &v[k - 1];
        if (!is_word(p) || (p->lx & (LX_STOPNP | LX_SPEECH)))
            break;
        if ((p->lx & LX_PRON) && !(p->lx & LX_DET))
            break;
        k--;
        if (p->lx & LX_DET) {
            *lo = k;
            return NP_PHRASE;
        }
        if (p->poss && p->cap) { /* "Lindsay Lohan's lawyer" */
            while (k > floor && j - k < 8 && name_word(&v[k - 1]))
                k--;
            *lo = k;
            return NP_PHRASE;
        }
    }
    if (w->lx & LX_AGENT) { /* "police", "Chinese officials" */
        k = j;
        while (k > floor && j - k < 2 && name_word(&v[k - 1]))
            k--;
        *lo = k;
        return NP_PHRASE;
    }
    return NP_NONE;
}

/* Drops titles before a name: "Foreign Minister Wang Yi" -> "Wang Yi",
 * "Reid's representative Jack Ketsoyan" -> "Jack Ketsoyan"; keeps phrases
 * that are no person's name ("the Foreign Ministry", "the Taradise star").
 * The name must follow a title, an organisation word or a possessive. */
static void strip_titles(const wtok *v, size_t *lo, size_t hi)
{
    size_t r = hi;
    while (r > *lo) {
        const wtok *w = &v[r - 1];
        if (name_word(w) && !(w->lx & (LX_TITLE | LX_ORG)) && !w->poss)
            r--;
        else if ((w->lx & LX_PARTICLE) && r < hi && r - 1 > *lo)
            r--;
        else
            break;
    }
    while (r < hi && !v[r].cap)
        r++; /* no particle first */
    for (size_t k = *lo; r > *lo && r < hi && k < r; k++)
        if ((v[k].lx & (LX_TITLE | LX_ORG)) || v[k].poss) {
            *lo = r;
            break;
        }
}

/* 1 when tokens [lo, hi) look like a person's name: 1-4 capitalised words,
 * none a title, organisation or place word. */
static int person_like(const char *t, const wtok *v, size_t lo, size_t hi)
{
    if (hi <= lo || hi - lo > 5)
        return 0;
    size_t a = v[lo].off, b = v[hi - 1].off + v[hi - 1].len;
    if (sl__gazetteer(t + a, b - a, NULL))
        return 0; /* "Santa Monica", "New York" */
    size_t words = 0;
    for (size_t k = lo; k < hi; k++) {
        const wtok *w = &v[k];
        if (!is_word(w))
            return 0;
        if (w->lx & LX_PARTICLE && !w->cap && k > lo && k + 1 < hi)
            continue;
        if (!name_word(w) || (w->lx & (LX_TITLE | LX_ORG | LX_PRON)))
            return 0;
        if ((w->cap == 2 && w->len >= 3) || w->poss)
            return 0; /* "NEW YORK", "Reid's" */
        words++;
    }
    return words >= 1 && words <= 4;
}

/* ------------------------------------------------------------- strings */

/* Copy of s[0..n) with white space runs collapsed to one space and
 * trimmed; the first letter lower-cased when lower_first.  NULL on
 * allocation failure (error set). */
static char *collapse(const char *s, size_t n, int lower_first)
{
    char *out = malloc(n + 1);
    if (!out) {
        sl__nomem();
        return NULL;
    }
    size_t o = 0;
    int sp = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_space(c)) {
            sp = o > 0;
            continue;
        }
        if (sp)
            out[o++] = ' ';
        sp = 0;
        out[o++] = (char)c;
    }
    out[o] = '\0';
    if (lower_first && o && is_upper((unsigned char)out[0]))
        out[0] = (char)(out[0] + 32);
    return out;
}

static char *tok_str(const char *t, const wtok *v, size_t lo, size_t hi, int lower_first)
{
    size_t a = v[lo].off, b = v[hi - 1].off + v[hi - 1].len;
    if (v[hi - 1].poss)
        b = v[hi - 1].off + bare_len(t, &v[hi - 1]); /* "NBC's" -> "NBC" */
    return collapse(t + a, b - a, lower_first);
}

/* ------------------------------------------------------------- context */

typedef struct qctx {
    sl_facts *f;
    const char *t;
    size_t len;
    size_t cap;          /* capacity of f->quotes */
    sl_buf nb, kb;       /* normalised quote, key text */
    sl_tokvec tv;
    wtok *wa, *wb, *wc;  /* token windows (WT_MAX each) */
    size_t prev_end;     /* end of the previous kept quote's closing mark */
    size_t last_person;  /* index of the last quote with a named speaker + 1 */
    size_t last_phrase;  /* ... with a common-noun speaker ("officials") + 1 */
    /* the last "<Name> said" seen before ns_pos (scanned incrementally) */
    size_t ns_pos;       /* scanned up to here */
    int ns_have;
    size_t ns_at;        /* where the name starts */
    size_t ns_a, ns_b;   /* the name's bytes, titles dropped */
} qctx;

typedef struct qspan {
    size_t om, oe;  /* opening mark */
    size_t a, b;    /* quoted words (trimmed) */
    size_t cs, ce;  /* closing mark; cs == ce for an unclosed quote */
    int closed;
} qspan;

/* ---------------------------------------------------------------- names */

/* The name word ending just before byte e of t (t[e] is the space after
 * it), not before floor: a capitalised word of two or more letters.  Its
 * start, or SIZE_MAX when there is none; a middle initial ("W.") is one
 * too.  `more` asks for a further word of a name already found: then a
 * word in capitals is not one ("Angels GM Tony Reagins"). */
static size_t name_word_before(const char *t, size_t e, size_t floor, int more)
{
    size_t s = e;
    while (s > floor && s > 0 && e - s < 40 &&
           (is_alpha((unsigned char)t[s - 1]) || (unsigned char)t[s - 1] >= 0x80 ||
            t[s - 1] == '-' || t[s - 1] == '\''))
        s--;
    if (s == e && e >= floor + 2 && t[e - 1] == '.' && is_upper((unsigned char)t[e - 2]) &&
        (e - 2 == 0 || t[e - 3] == ' '))
        return e - 2; /* a middle initial */
    if (e - s < 2 || !is_upper((unsigned char)t[s]))
        return SIZE_MAX;
    if ((e - s > 2 && t[e - 2] == '\'' && t[e - 1] == 's') ||
        (e - s > 4 && memcmp(t + e - 4, "\xE2\x80\x99s", 4) == 0))
        return SIZE_MAX; /* a possessive: "Kraft Food's Susan Davison" */
    if (s > 0 && !is_space((unsigned char)t[s - 1]) && t[s - 1] != '(' && t[s - 1] != '"')
        return SIZE_MAX;
    if (lex_flags(t + s, e - s) & (LX_STOPCAP | LX_TITLE | LX_ORG | LX_MONTHDAY))
        return SIZE_MAX;
    if (e - s > 4 && memcmp(t + e - 3, "ing", 3) == 0)
        return SIZE_MAX; /* "Having Jackman host ..." */
    if (more) { /* all capitals: no lower-case ASCII letter, no other script */
        size_t k = s + 1;
        while (k < e && !(t[k] >= 'a' && t[k] <= 'z') && (unsigned char)t[k] < 0x80)
            k++;
        if (k == e)
            return SIZE_MAX;
    }
    return s;
}

/* A lone surname w[0..n) takes the full name used before `pos` ("Holley"
 * -> "Shawn Holley"): the nearest "<Capitalised> w" within NAME_WIN
 * bytes, with up to two more name words or initials before it ("Bettie
 * Mae Page", "George W. Bush"; an initial never starts the name).
 * Returns a new string or NULL (no error) when none. */
static char *full_name(const char *t, size_t len, size_t pos, const char *w, size_t n,
                       int *err)
{
    *err = 0;
    if (n < 2 || pos < n + 2)
        return NULL;
    size_t floor = pos > NAME_WIN ? pos - NAME_WIN : 0;
    for (size_t i = pos - n; i > floor + 1; i--) {
        if (t[i] != w[0] || memcmp(t + i, w, n) != 0 || t[i - 1] != ' ')
            continue;
        if (i + n < len) {
            size_t cl;
            if (word_cp(cp_at(t, len, i + n, &cl)))
                continue;
        }
        size_t start = SIZE_MAX, s = i - 1;
        for (int words = 0; words < 3 && s != SIZE_MAX && s > floor && t[s] == ' '; words++) {
            size_t b = name_word_before(t, s, floor, words > 0);
            if (b == SIZE_MAX)
                break;
            if (t[b + 1] != '.')
                start = b; /* names start with a word, not an initial */
            s = b ? b - 1 : SIZE_MAX;
        }
        if (start == SIZE_MAX)
            continue;
        char *r = collapse(t + start, i + n - start, 0);
        if (!r)
            *err = 1;
        return r;
    }
    return NULL;
}

/* Speaker string of tokens [lo, hi) of kind k (titles dropped, a lone
 * surname completed).  NULL with *err set on allocation failure. */
static char *speaker_str(qctx *c, const wtok *v, size_t lo, size_t hi, int k, size_t pos,
                         int *err)
{
    *err = 0;
    char *s;
    if (k == NP_NAME) {
        size_t l = lo;
        strip_titles(v, &l, hi);
        int det = (v[l].lx & LX_DET) != 0;
        if (hi - l == 1 && person_like(c->t, v, l, hi)) {
            char *full = full_name(c->t, c->len, pos, c->t + v[l].off, v[l].len, err);
            if (full || *err)
                return full;
        }
        s = tok_str(c->t, v, l, hi, det);
    } else {
        if (k == NP_PHRASE)
            strip_titles(v, &lo, hi);
        s = tok_str(c->t, v, lo, hi, (v[lo].lx & (LX_DET | LX_PRON | LX_AGENT)) != 0);
        if (s && k == NP_PRON && strcmp(s, "I") != 0)
            for (char *p = s; *p; p++)
                if (is_upper((unsigned char)*p))
                    *p = (char)(*p + 32);
    }
    if (!s)
        *err = 1;
    return s;
}

/* 1 when word w ends in "ing" ("Choosing"). */
static int ends_ing(const char *t, const wtok *w)
{
    return w->len > 4 && memcmp(t + w->off + w->len - 3, "ing", 3) == 0;
}

/* ----------------------------------------------------------- attribution */

/* `," X said` / `," said X` / `," X told Y` right after the closing mark:
 * v[0..n) are the tokens up to the end of that sentence. */
static int after_speaker(const char *t, const wtok *v, size_t n, size_t *lo, size_t *hi)
{
    size_t i = 0;
    while (i < n && i < 2 && (is_punct(&v[i], ',') || is_punct(&v[i], '-')))
        i++;
    if (i >= n || !is_word(&v[i]))
        return NP_NONE;
    if ((v[i].lx & LX_SPEECH) && !(v[i].lx & LX_TELL)) { /* ," said X */
        size_t h;
        int k = np_fwd(t, v, i + 1, n, &h);
        if (k) {
            *lo = i + 1;
            *hi = h;
        }
        return k;
    }
    /* ," Harold L. Child Jr., legal attache to the embassy ..., told */
    size_t h0;
    int k0 = np_fwd(t, v, i, n, &h0);
    if (k0 == NP_NAME && h0 < n && is_punct(&v[h0], ','))
        for (size_t vb = h0 + 1; vb < n && vb <= h0 + 25; vb++)
            if (is_word(&v[vb]) && (v[vb].lx & LX_SPEECH) && !(v[vb].lx & LX_PRON)) {
                *lo = i;
                *hi = h0;
                return k0;
            }
    for (size_t vb = i + 1; vb < n && vb <= i + 10; vb++) {
        if (!is_word(&v[vb])) {
            if (is_punct(&v[vb], ','))
                continue;
            return NP_NONE;
        }
        if (!(v[vb].lx & LX_SPEECH))
            continue;
        size_t e = vb;
        while (e > i + 1 && (v[e - 1].lx & LX_AUX))
            e--;
        size_t h;
        int k = np_fwd(t, v, i, e, &h);
        if (!k)
            return NP_NONE;
        if (k == NP_PHRASE && h + 1 < e && h + 5 >= e && weq(t, &v[h], "and")) {
            size_t j = h + 1; /* "the comedian and talk show host said" */
            while (j < e && is_word(&v[j]) && !v[j].cap &&
                   !(v[j].lx & (LX_STOPNP | LX_SPEECH | LX_PRON)))
                j++;
            if (j == e)
                h = e;
        }
        if (h == e || is_punct(&v[h], ',')) {
            *lo = i;
            *hi = h;
            return k;
        }
        return NP_NONE;
    }
    return NP_NONE;
}

/* `X said: "`, `X said "`, `X told reporters: "`, `X said that "`:
 * v[0..n) are the sentence's tokens before the opening mark. */
static int before_speaker(const char *t, const wtok *v, size_t n, size_t *lo, size_t *hi)
{
    size_t e = n;
    for (int s = 0; e > 0 && s < 3; s++) {
        const wtok *w = &v[e - 1];
        if (is_punct(w, ':') || is_punct(w, ',') || is_punct(w, '-') || weq(t, w, "that"))
            e--;
        else
            break;
    }
    int tries = 0;
    for (size_t k = e; k > 0 && e - k < 7 && tries < 2; k--) {
        const wtok *w = &v[k - 1];
        if (w->kind != TK_WORD) {
            if (is_punct(w, ',') || is_punct(w, '.'))
                continue;
            break;
        }
        if (!(w->lx & LX_SPEECH) || ends_ing(t, w))
            continue; /* "issued a statement saying" */
        tries++;
        size_t ee = k - 1;
        while (ee > 0 && (v[ee - 1].lx & LX_AUX))
            ee--;
        size_t l;
        int kind = np_back(v, ee, 0, &l);
        if (kind) {
            *lo = l;
            *hi = ee;
            return kind;
        }
    }
    return NP_NONE;
}

/* Words after "according to" / "interview with": up to the end of the noun
 * phrase ("a Chinese ministry statement", "state media"). */
static size_t via_np(const wtok *v, size_t n, size_t s)
{
    size_t k = s;
    while (k < n && k - s < 8) {
        const wtok *w = &v[k];
        if (is_word(w)) {
            if (w->lx & (LX_STOPNP | LX_SPEECH | LX_AUX) && k > s)
                break;
            k++;
        } else if (w->kind == TK_PUNCT && w->c == '!' && k > s && k + 1 < n &&
                   is_word(&v[k + 1])) {
            k++; /* "E! News" */
        } else {
            break;
        }
    }
    return k;
}

/* Longest outlet name starting at token k: its end, or k when none. */
static size_t outlet_fwd(const char *t, const wtok *v, size_t n, size_t k)
{
    size_t best = k;
    for (size_t e = k; e < n && e < k + 6; e++) {
        if (v[e].kind == TK_QUOTE || v[e].kind == TK_NL)
            break;
        size_t a = v[k].off, b = v[e].off + bare_len(t, &v[e]);
        if (sl__is_outlet(t + a, b - a))
            best = e + 1;
    }
    return best;
}

/* Longest outlet name ending before token e: its start, or e when none. */
static size_t outlet_back(const char *t, const wtok *v, size_t e, size_t floor)
{
    size_t best = e;
    for (size_t s = e; s > floor && e - s < 6; s--) {
        if (v[s - 1].kind == TK_QUOTE || v[s - 1].kind == TK_NL)
            break;
        size_t a = v[s - 1].off, b = v[e - 1].off + bare_len(t, &v[e - 1]);
        if (sl__is_outlet(t + a, b - a))
            best = s - 1;
    }
    return best;
}

/* "state media", "state television", "state TV", "state radio" at k: the
 * end, or k. */
static size_t state_media(const char *t, const wtok *v, size_t n, size_t k)
{
    if (k + 1 >= n || !weq(t, &v[k], "state"))
        return k;
    const wtok *w = &v[k + 1];
    if (weq(t, w, "media") || weq(t, w, "television") || weq(t, w, "tv") || weq(t, w, "radio"))
        return k + 2;
    if (k + 2 < n && weq(t, w, "news") && weq(t, &v[k + 2], "agency"))
        return k + 3;
    return k;
}

typedef struct via_out {
    const wtok *v;       /* tokens of the via: v[lo, hi) */
    size_t lo, hi;
    const char *fixed;   /* or a fixed string ("a statement") */
    const wtok *sp_v;    /* a speaker from "according to <person>" or
                            "quoted him as saying": sp_v[sp_lo, sp_hi) */
    size_t sp_lo, sp_hi;
    int sp_kind;
    int found;
} via_out;

/* Outlet-like sources in v[0..n): "according to X", "told X", "X
 * reported", "reported X", "interview with X", "X quoted him as saying". */
static void via_outlet(const char *t, const wtok *v, size_t n, via_out *o)
{
    for (size_t k = 0; k < n && !o->found; k++) {
        const wtok *w = &v[k];
        if (!is_word(w))
            continue;
        if (k + 2 < n && weq(t, w, "according") && weq(t, &v[k + 1], "to")) {
            size_t s = k + 2, e = via_np(v, n, s);
            if (e == s)
                continue;
            size_t sw = weq(t, &v[s], "the") ? s + 1 : s;
            if (sw > s && sw < e && outlet_fwd(t, v, n, s) != e &&
                outlet_fwd(t, v, n, sw) == e) {
                o->v = v, o->lo = sw, o->hi = e, o->found = 1; /* "the AP" */
                return;
            }
            if ((v[e - 1].lx & LX_MEDIA) || outlet_fwd(t, v, n, s) == e ||
                state_media(t, v, n, s) == e) {
                o->v = v, o->lo = s, o->hi = e, o->found = 1;
                return;
            }
            if (!o->sp_kind) { /* a person: "according to her publicist, Jack Ketsoyan" */
                size_t h;
                int kind = np_fwd(t, v, s, e, &h);
                if (kind) {
                    e = h; /* "Danny Gold of Metropolis" -> "Danny Gold" */
                    size_t h2;
                    if (kind == NP_PHRASE && e + 1 < n && is_punct(&v[e], ',') &&
                        np_fwd(t, v, e + 1, n, &h2) == NP_NAME) {
                        o->sp_v = v, o->sp_lo = e + 1, o->sp_hi = h2, o->sp_kind = NP_NAME;
                    } else {
                        o->sp_v = v, o->sp_lo = s, o->sp_hi = e, o->sp_kind = kind;
                    }
                }
            }
            continue;
        }
        if (k + 2 < n && weq(t, w, "interview") && weq(t, &v[k + 1], "with")) {
            size_t s = k + 2, e = outlet_fwd(t, v, n, s);
            if (e == s)
                e = via_np(v, n, s);
            if (e > s) {
                o->v = v, o->lo = s, o->hi = e, o->found = 1;
                return;
            }
            continue;
        }
        if ((w->lx & LX_TELL) && k + 1 < n) { /* told Reuters, told the BBC */
            size_t s = k + 1, e = outlet_fwd(t, v, n, s);
            if (e == s && weq(t, &v[s], "the") && s + 1 < n) {
                size_t e2 = outlet_fwd(t, v, n, s + 1);
                if (e2 > s + 1)
                    s = s + 1, e = e2;
            }
            if (e == s)
                e = state_media(t, v, n, s);
            if (e == s && is_word(&v[s]) && told_outlet(t + v[s].off, v[s].len))
                e = s + 1;
            if (e > s) {
                o->v = v, o->lo = s, o->hi = e, o->found = 1;
                return;
            }
        }
        if (w->lx & LX_REPORT) {
            /* "<outlet> [news agency] reported", "state media reported" */
            size_t e = k;
            while (e > 0 && e + 3 > k && is_word(&v[e - 1]) && !v[e - 1].cap &&
                   (weq(t, &v[e - 1], "news") || weq(t, &v[e - 1], "agency") ||
                    weq(t, &v[e - 1], "newspaper") || weq(t, &v[e - 1], "daily") ||
                    weq(t, &v[e - 1], "television") || weq(t, &v[e - 1], "website") ||
                    weq(t, &v[e - 1], "magazine") || weq(t, &v[e - 1], "radio")))
                e--;
            size_t s = outlet_back(t, v, e, 0);
            if (s == e && e >= 2 && state_media(t, v, n, e - 2) == e)
                s = e - 2;
            if (s == e && e >= 3 && state_media(t, v, n, e - 3) == e)
                s = e - 3;
            if (s < e) {
                o->v = v, o->lo = s, o->hi = e, o->found = 1;
                return;
            }
            /* "X quoted him as saying": X need not be a known outlet */
            if (weq(t, w, "quoted") && k + 3 < n) {
                size_t a = k + 1;
                size_t h;
                int kind = np_fwd(t, v, a, n, &h);
                if (kind && h + 1 < n && weq(t, &v[h], "as") && weq(t, &v[h + 1], "saying")) {
                    size_t b = k;
                    while (b > 0 && k - b < 4 && name_word(&v[b - 1]))
                        b--;
                    if (b < k) {
                        o->v = v, o->lo = b, o->hi = k, o->found = 1;
                        if (!o->sp_kind)
                            o->sp_v = v, o->sp_lo = a, o->sp_hi = h, o->sp_kind = kind;
                        return;
                    }
                }
            }
            /* "reported Xinhua", "quoted by Xinhua", "carried by KCNA" */
            size_t f0 = k + 1;
            if (f0 < n && weq(t, &v[f0], "by"))
                f0++;
            if (f0 < n && weq(t, &v[f0], "the"))
                f0++;
            if (!weq(t, w, "said") && !weq(t, w, "says")) {
                size_t fe = outlet_fwd(t, v, n, f0);
                if (fe > f0) {
                    o->v = v, o->lo = f0, o->hi = fe, o->found = 1;
                    return;
                }
            }
        }
    }
}

/* "in a statement" (-> "a statement"), "on Twitter" and the like. */
static void via_other(const char *t, const wtok *v, size_t n, via_out *o)
{
    static const char *const social[] = {"Twitter", "Facebook", "Instagram", "Weibo",
                                         "YouTube", "Telegram", "X"};
    for (size_t k = 0; k < n && !o->found; k++) {
        const wtok *w = &v[k];
        if (!is_word(w))
            continue;
        if ((weq(t, w, "a") || weq(t, w, "an")) && k > 0 &&
            (weq(t, &v[k - 1], "in") || weq(t, &v[k - 1], "issued") ||
             weq(t, &v[k - 1], "released"))) {
            for (size_t j = k + 1; j < n && j <= k + 3 && is_word(&v[j]); j++)
                if (weq(t, &v[j], "statement")) {
                    o->fixed = "a statement";
                    o->found = 1;
                    return;
                }
        }
        if (weq(t, w, "tweeted") || weq(t, w, "tweet")) {
            o->fixed = "Twitter";
            o->found = 1;
            return;
        }
        if (weq(t, w, "on")) {
            for (size_t j = k + 1; j < n && j <= k + 2 && is_word(&v[j]); j++)
                for (size_t s = 0; s < sizeof social / sizeof *social; s++) {
                    size_t l = strlen(social[s]);
                    if (v[j].len == l && memcmp(t + v[j].off, social[s], l) == 0 &&
                        (l > 1 || j == k + 1)) {
                        o->fixed = social[s];
                        o->found = 1;
                        return;
                    }
                }
        }
    }
}

/* --------------------------------------------------------------- pronouns */

/* The last person named in v[0..n), outside quotation marks: a run of two
 * or more capitalised words that looks like a person ("Matthew
 * O'Connor"), or a lone surname whose full name was used before ("Page" ->
 * "Bettie Page").  A new string, or NULL when none (*err set on allocation
 * failure). */
static char *last_name(qctx *c, const wtok *v, size_t n, int *err)
{
    const char *t = c->t;
    *err = 0;
    for (int pass = 0; pass < 2; pass++) { /* two-word names first */
        int inq = 0;
        size_t k = n;
        while (k > 0) {
            const wtok *w = &v[k - 1];
            if (w->kind == TK_QUOTE)
                inq = !inq;
            if (inq || !name_word(w)) {
                k--;
                continue;
            }
            size_t e = k, s = k;
            while (s > 0 && is_word(&v[s - 1]) &&
                   (name_word(&v[s - 1]) || (v[s - 1].lx & (LX_PARTICLE | LX_TITLE))))
                s--;
            size_t l = s;
            strip_titles(v, &l, e);
            while (l < e && !name_word(&v[l]))
                l++;
            if (l < e && (l == 0 || v[l - 1].kind == TK_NL || is_punct(&v[l - 1], '.')) &&
                ends_ing(t, &v[l]))
                l++; /* a sentence-initial gerund: "Choosing DeGeneres" */
            if (pass == 0 && e - l >= 2 && person_like(t, v, l, e)) {
                char *r = tok_str(t, v, l, e, 0);
                if (!r)
                    *err = 1;
                return r;
            }
            if (pass == 1 && e - l == 1 && person_like(t, v, l, e)) {
                char *r = full_name(t, c->len, v[l].off, t + v[l].off, v[l].len, err);
                if (r || *err)
                    return r;
            }
            k = s;
        }
    }
    return NULL;
}

/* First byte of a word at or after lo (a window cut at lo splits none). */
static size_t word_start(const char *t, size_t lo, size_t hi)
{
    if (lo == 0 || is_space((unsigned char)t[lo - 1]))
        return lo;
    while (lo < hi && !is_space((unsigned char)t[lo]))
        lo++;
    return lo;
}

/* Brings c->ns_* up to position `upto`: the last "<Name> said" (a
 * person-like name as the subject of a speech verb) before it.  Each byte
 * is tokenised about once over the whole text (windows overlap a little so
 * a verb near a window's start still sees its subject). */
static void scan_name_said(qctx *c, size_t upto)
{
    const char *t = c->t;
    size_t from = c->ns_pos > 120 ? c->ns_pos - 120 : 0;
    if (upto > PRON_WIN && from < upto - PRON_WIN)
        from = upto - PRON_WIN;
    if (from >= upto)
        return;
    wtok *v = c->wc;
    size_t n = tokenize_win(v, t, word_start(t, from, upto), upto, 0);
    for (size_t k = 1; k < n; k++) {
        if (!is_word(&v[k]) || !(v[k].lx & LX_SPEECH))
            continue;
        size_t e = k;
        while (e > 0 && (v[e - 1].lx & LX_AUX))
            e--;
        size_t l;
        if (np_back(v, e, 0, &l) != NP_NAME)
            continue;
        strip_titles(v, &l, e);
        if (person_like(t, v, l, e)) {
            c->ns_have = 1;
            c->ns_at = v[l].off;
            c->ns_a = v[l].off;
            c->ns_b = v[e - 1].off + v[e - 1].len;
        }
    }
    c->ns_pos = upto;
}

/* The name a he/she of the quote at q most likely means; NULL when none
 * (*err set on allocation failure).  An attributed name ("<Name> said", a
 * previous quote's speaker) in the same or the previous sentence comes
 * first, then a two-word name there, then an attributed name further
 * back. */
static char *resolve_person(qctx *c, const qspan *q, int *err)
{
    *err = 0;
    const char *t = c->t;
    size_t floor = q->om > PRON_WIN ? q->om - PRON_WIN : 0;
    size_t s0 = sent_begin(t, c->len, q->om, floor), s1 = s0;
    if (s0 > floor) {
        size_t p = s0;
        while (p > floor && is_space((unsigned char)t[p - 1]))
            p--;
        if (p > floor)
            s1 = sent_begin(t, c->len, p - 1, floor);
    }
    /* the last "<Name> said" in the window */
    scan_name_said(c, q->om);
    int have = c->ns_have && c->ns_at >= floor;
    size_t best_pos = c->ns_at;
    /* or the previous named speaker, when later */
    const sl_quote *pq = NULL;
    if (c->last_person) {
        pq = &c->f->quotes[c->last_person - 1];
        if ((size_t)pq->off + pq->len + PREV_WIN < q->om || (have && pq->off < best_pos))
            pq = NULL;
    }
    size_t cand_pos = pq ? pq->off : best_pos;
    if (!((pq || have) && cand_pos >= s1)) {
        wtok *u = c->wb;
        size_t from = s1;
        if (q->om > NAME_SENT_WIN && from < q->om - NAME_SENT_WIN)
            from = word_start(t, q->om - NAME_SENT_WIN, q->om);
        size_t m = tokenize_win(u, t, from, q->om, 0);
        char *r = last_name(c, u, m, err);
        if (r || *err || (!pq && !have))
            return r;
    }
    char *r;
    if (pq) {
        r = sl__strdup(pq->speaker);
    } else if (!memchr(t + c->ns_a, ' ', c->ns_b - c->ns_a) &&
               (r = full_name(t, c->len, c->ns_at, t + c->ns_a, c->ns_b - c->ns_a, err))) {
        return r; /* a surname completed */
    } else {
        r = *err ? NULL : collapse(t + c->ns_a, c->ns_b - c->ns_a, 0);
    }
    if (!r)
        *err = 1;
    return r;
}

/* ---------------------------------------------------------------- quotes */

static int is_pron(const char *s, const char *p) { return strcmp(s, p) == 0; }

/* Just after the last quotation mark or line break in t[lo..hi), or lo. */
static size_t after_last_mark(const char *t, size_t lo, size_t hi)
{
    for (size_t i = hi; i > lo; i--) {
        unsigned char ch = (unsigned char)t[i - 1];
        if (ch == '\n')
            return i;
        if (ch == '"' || ch == '\'' || ch == '`' || ch == 0xC2 || ch == 0xE2) {
            size_t n;
            int k = mark_at(t, hi, i - 1, &n);
            if (k == MK_SO || k == MK_SC)
                k = single_role(t, hi, i - 1, n, k);
            if (k != MK_NONE)
                return i - 1 + n;
        }
    }
    return lo;
}

/* Speaker and via of the quote q into *speaker / *via (malloc'd or NULL).
 * Returns SL_OK or SL_ENOMEM. */
static int attribute(qctx *c, const qspan *q, char **speaker, char **via)
{
    const char *t = c->t;
    size_t len = c->len;
    *speaker = *via = NULL;
    int err = 0;

    /* after the closing mark: this sentence and the next one */
    wtok *a = c->wa;
    size_t na = 0, na1 = 0;
    if (q->closed && q->ce < len) {
        size_t lim = q->ce + AFTER_WIN < len ? q->ce + AFTER_WIN : len;
        size_t e1 = sent_finish(t, len, q->ce, lim);
        size_t e2 = e1 < lim ? sent_finish(t, len, e1 + 1 < lim ? e1 + 1 : lim, lim) : e1;
        na = tokenize_win(a, t, q->ce, e2, 1);
        for (size_t k = 0; k < na; k++)
            if (a[k].kind == TK_NL && a[k].off > e1) {
                na = k;
                break;
            }
        while (na1 < na && a[na1].off < e1 && a[na1].kind != TK_NL)
            na1++;
        /* "... time." He left: the sentence ended inside the quote */
        size_t p = q->cs;
        while (p > q->oe && is_space((unsigned char)t[p - 1]))
            p--;
        if (p > q->oe && t[p - 1] == '.' && na1 > 0 && is_word(&a[0]) && a[0].cap)
            na1 = 0;
    }
    /* before the opening mark, in its sentence, after any other quote */
    wtok *b = c->wb;
    size_t floor = q->om > BACK_WIN ? q->om - BACK_WIN : 0;
    size_t bs = after_last_mark(t, sent_begin(t, len, q->om, floor), q->om);
    size_t nb = tokenize_win(b, t, bs, q->om, 0);

    size_t lo = 0, hi = 0;
    int kind = NP_NONE;
    const wtok *sv = NULL;
    if ((kind = after_speaker(t, a, na1, &lo, &hi)))
        sv = a;
    else if ((kind = before_speaker(t, b, nb, &lo, &hi)))
        sv = b;

    via_out vo = {0};
    via_outlet(t, a, na, &vo);
    if (!vo.found)
        via_outlet(t, b, nb, &vo);
    if (!vo.found)
        via_other(t, a, na, &vo);
    if (!vo.found)
        via_other(t, b, nb, &vo);
    if (vo.found) {
        if (vo.fixed) {
            *via = sl__strdup(vo.fixed);
        } else {
            *via = tok_str(t, vo.v, vo.lo, vo.hi, 0);
            if (*via && (vo.v[vo.lo].lx & LX_DET) && !sl__is_outlet(*via, strlen(*via)) &&
                is_upper((unsigned char)(*via)[0]))
                (*via)[0] = (char)((*via)[0] + 32); /* "The statement" */
        }
        if (!*via)
            return SL_ENOMEM;
    }
    if (!kind && vo.sp_kind) {
        kind = vo.sp_kind;
        lo = vo.sp_lo;
        hi = vo.sp_hi;
        sv = vo.sp_v;
    }

    if (kind) {
        *speaker = speaker_str(c, sv, lo, hi, kind, q->om, &err);
        if (err)
            return SL_ENOMEM;
    }
    if (*speaker && kind == NP_PRON) {
        char *sp = *speaker, *r = NULL;
        if (is_pron(sp, "he") || is_pron(sp, "she") || is_pron(sp, "him") ||
            is_pron(sp, "her")) {
            r = resolve_person(c, q, &err);
            if (err)
                return SL_ENOMEM;
            if (!r && is_pron(sp, "him"))
                strcpy(sp, "he");
            else if (!r && is_pron(sp, "her"))
                strcpy(sp, "she");
        } else if (is_pron(sp, "they") || is_pron(sp, "them")) {
            if (c->last_phrase) {
                const sl_quote *pq = &c->f->quotes[c->last_phrase - 1];
                if ((size_t)pq->off + pq->len + PREV_WIN >= q->om &&
                    !(r = sl__strdup(pq->speaker)))
                    return SL_ENOMEM;
            }
            if (!r && is_pron(sp, "them"))
                strcpy(sp, "they");
        }
        if (r) {
            free(*speaker);
            *speaker = r;
        }
    }
    /* a follow-on quote without attribution */
    if (!*speaker && c->f->nquotes && q->om >= c->prev_end &&
        q->om - c->prev_end <= INHERIT_GAP) {
        const sl_quote *pq = &c->f->quotes[c->f->nquotes - 1];
        if (pq->speaker && !(*speaker = sl__strdup(pq->speaker)))
            return SL_ENOMEM;
    }
    /* an outlet as speaker ("KCNA said") is also the channel */
    if (*speaker && !*via && sl__is_outlet(*speaker, strlen(*speaker)) &&
        !(*via = sl__strdup(*speaker)))
        return SL_ENOMEM;
    return SL_OK;
}

/* Key text of normalised quote c->nb: the tokens joined by single spaces,
 * a detokenised clitic rejoined ("she ' s" -> "she's"). */
static int key_text(qctx *c)
{
    sl_buf *k = &c->kb;
    k->len = 0;
    const char *s = c->nb.p;
    for (size_t i = 0; i < c->tv.n; i++) {
        const sl_token *tk = &c->tv.v[i];
        if (i > 0) {
            const sl_token *pv = &c->tv.v[i - 1];
            size_t g0 = pv->off + pv->len, g1 = tk->off;
            int glue = 0;
            if (g1 > g0 && g1 - g0 <= 3) {
                size_t ap = 0, other = 0;
                for (size_t j = g0; j < g1; j++) {
                    if (s[j] == '\'')
                        ap++;
                    else if (s[j] != ' ')
                        other++;
                }
                glue = ap == 1 && other == 0 && tk->kind == SL_TOK_WORD &&
                       clitic_at(s, tk->off + tk->len, tk->off);
            }
            if (glue ? sl__buf_putc(k, '\'') : sl__buf_putc(k, ' '))
                return SL_ENOMEM;
        }
        if (sl__buf_append(k, s + tk->off, tk->len))
            return SL_ENOMEM;
    }
    return SL_OK;
}

/* Keeps the quote between q->oe and q->cs when it has min_words words. */
static int emit(qctx *c, qspan *q, size_t min_words)
{
    const char *t = c->t;
    size_t a = q->oe, b = q->cs;
    while (a < b && is_space((unsigned char)t[a]))
        a++;
    while (b > a && (is_space((unsigned char)t[b - 1]) || t[b - 1] == ','))
        b--;
    if (b <= a || b - a > QUOTE_MAX)
        return SL_OK;
    if (sl__utf8_check(t + a, b - a, NULL) != SL_OK)
        return SL_OK;
    c->nb.len = 0;
    int rc = sl__normalize_append(&c->nb, t + a, b - a, 1);
    if (rc == SL_EUTF8)
        return SL_OK;
    if (rc)
        return rc;
    c->tv.n = 0;
    if (c->nb.len && sl__tokenize(&c->tv, c->nb.p, c->nb.len))
        return SL_ENOMEM;
    if (c->tv.n < min_words)
        return SL_OK;
    if (key_text(c))
        return SL_ENOMEM;
    q->a = a;
    q->b = b;

    sl_quote qt = {0};
    qt.off = (uint32_t)a;
    qt.len = (uint32_t)(b - a);
    qt.key = sl__hash64(c->kb.p, c->kb.len, QUOTE_SEED);
    if (!(qt.text = collapse(t + a, b - a, 0)))
        return SL_ENOMEM;
    rc = attribute(c, q, &qt.speaker, &qt.via);
    if (rc == SL_OK) {
        void *p = c->f->quotes;
        rc = sl__grow(&p, &c->cap, c->f->nquotes + 1, sizeof(sl_quote));
        c->f->quotes = p;
    }
    if (rc) {
        free(qt.text);
        free(qt.speaker);
        free(qt.via);
        return rc;
    }
    c->f->quotes[c->f->nquotes++] = qt;
    c->prev_end = q->ce;
    if (qt.speaker) {
        unsigned char f0 = (unsigned char)qt.speaker[0];
        int named = (is_upper(f0) || f0 >= 0x80) && strcmp(qt.speaker, "I") != 0;
        if (named && !sl__is_outlet(qt.speaker, strlen(qt.speaker)))
            c->last_person = c->f->nquotes;
        else if (!named && strcmp(qt.speaker, "he") && strcmp(qt.speaker, "she") &&
                 strcmp(qt.speaker, "they") && strcmp(qt.speaker, "I") &&
                 strcmp(qt.speaker, "we") && strcmp(qt.speaker, "it"))
            c->last_phrase = c->f->nquotes;
    }
    return SL_OK;
}

/* The first byte at or after i (before end) that may start a quotation
 * mark: '"', '\'', '`', or the lead byte of « » (0xC2) or of the
 * typographic quotes (0xE2); end when none.  Most bytes of a text are
 * none of these: one table look-up each. */
static size_t skip_plain(const char *t, size_t i, size_t end)
{
    static const uint8_t mark_lead[256] = {['"'] = 1, ['\''] = 1, ['`'] = 1,
                                           [0xC2] = 1, [0xE2] = 1};
    const uint8_t *u = (const uint8_t *)t;
    while (i + 4 <= end && !(mark_lead[u[i]] | mark_lead[u[i + 1]] | mark_lead[u[i + 2]] |
                             mark_lead[u[i + 3]]))
        i += 4;
    while (i < end && !mark_lead[u[i]])
        i++;
    return i;
}

/* Double marks of line [a, b) outside guillemets, and its first guillemet
 * mark (MK_GO, MK_GC or MK_NONE). */
static void line_scan(const char *t, size_t a, size_t b, size_t *ndq, int *first_g)
{
    size_t depth = 0, nd = 0;
    int fg = MK_NONE;
    for (size_t i = a; i < b;) {
        if ((i = skip_plain(t, i, b)) == b)
            break;
        size_t n;
        int k = mark_at(t, b, i, &n);
        if (k == MK_GO || k == MK_GC) {
            if (fg == MK_NONE)
                fg = k;
            if (k == MK_GO)
                depth++;
            else if (depth)
                depth--;
        } else if (k == MK_DQ && depth == 0) {
            nd++;
        }
        i += n;
    }
    *ndq = nd;
    *first_g = fg;
}

int sl__extract_quotes(sl_facts *f, const char *text, size_t len)
{
    if (!f || !text || !len)
        return SL_OK;
    if (len > UINT32_MAX)
        len = UINT32_MAX;
    qctx c = {0};
    c.f = f;
    c.t = text;
    c.len = len;
    c.cap = f->nquotes;
    c.wa = malloc(3 * WT_MAX * sizeof(wtok));
    if (!c.wa)
        return sl__nomem();
    c.wb = c.wa + WT_MAX;
    c.wc = c.wb + WT_MAX;

    int rc = SL_OK;
    int carry = MK_NONE;            /* kind of a quote open over lines */
    qspan cq = {0};                 /* its opening mark */
    size_t carry_line = 0, carry_end = 0, line_no = 0;
    size_t pos = 0;
    while (pos < len && rc == SL_OK) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t le = nl ? (size_t)(nl - text) : len;
        int dq_open = 0, s_open = 0;
        size_t g_depth = 0;
        qspan dq = {0}, gq = {0}, sq = {0};
        int skip = 0;
        if (carry != MK_NONE) {
            int end_it = pos - cq.om > CARRY_BYTES || line_no - carry_line > CARRY_LINES;
            if (!end_it) {
                size_t ndq;
                int fg;
                line_scan(text, pos, le, &ndq, &fg);
                if (carry == MK_DQ) {
                    if (ndq == 0)
                        skip = 1;
                    else if (ndq & 1)
                        dq_open = 1, dq = cq;
                    else
                        end_it = 1;
                } else {
                    if (fg == MK_NONE)
                        skip = 1;
                    else if (fg == MK_GC)
                        g_depth = 1, gq = cq;
                    else
                        end_it = 1;
                }
            }
            if (end_it) {
                cq.cs = cq.ce = carry_end;
                cq.closed = 0;
                rc = emit(&c, &cq, 3);
            }
            if (!skip)
                carry = MK_NONE;
        }
        for (size_t i = pos; !skip && i < le && rc == SL_OK;) {
            if ((i = skip_plain(text, i, le)) == le)
                break;
            size_t n;
            int k = mark_at(text, le, i, &n);
            if (k == MK_SO || k == MK_SC)
                k = single_role(text, le, i, n, k);
            if (g_depth > 0) {
                if (k == MK_GO) {
                    g_depth++;
                } else if (k == MK_GC && --g_depth == 0) {
                    gq.cs = i, gq.ce = i + n, gq.closed = 1;
                    rc = emit(&c, &gq, 3);
                }
            } else if (dq_open) {
                if (k == MK_DQ) {
                    dq.cs = i, dq.ce = i + n, dq.closed = 1;
                    rc = emit(&c, &dq, 3);
                    dq_open = 0;
                }
            } else if (k == MK_DQ) {
                dq_open = 1, s_open = 0;
                dq.om = i, dq.oe = i + n;
            } else if (k == MK_GO) {
                g_depth = 1, s_open = 0;
                gq.om = i, gq.oe = i + n;
            } else if (k == MK_SO && !s_open) {
                s_open = 1;
                sq.om = i, sq.oe = i + n;
            } else if (k == MK_SC && s_open) {
                sq.cs = i, sq.ce = i + n, sq.closed = 1;
                rc = emit(&c, &sq, 4);
                s_open = 0;
            }
            i += n;
        }
        if (!skip && rc == SL_OK) {
            if (g_depth > 0) {
                carry = MK_GO, cq = gq;
            } else if (dq_open) {
                carry = MK_DQ, cq = dq;
            }
            if (g_depth > 0 || dq_open) {
                carry_line = line_no;
                carry_end = le;
            }
        }
        pos = le + 1;
        line_no++;
    }
    if (rc == SL_OK && carry != MK_NONE) {
        cq.cs = cq.ce = carry_end;
        cq.closed = 0;
        rc = emit(&c, &cq, 3);
    }
    free(c.wa);
    sl__buf_free(&c.nb);
    sl__buf_free(&c.kb);
    free(c.tv.v);
    return rc;
}

/* ------------------------------------------------------ outlet, dateline */

/* Words that open headlines, not datelines ("BREAKING NEWS - ..."). */
static int not_place(const char *s, size_t n)
{
    static const char *const w[] = {"A", "BREAKING", "UPDATE", "UPDATED", "EXCLUSIVE",
                                    "WATCH", "VIDEO", "PHOTOS", "LIVE", "OPINION",
                                    "ANALYSIS", "EDITORIAL", "COMMENT", "BY", "PUBLISHED",
                                    "NEW:", "URGENT", "FLASH", "REVIEW", "THE END"};
    for (size_t i = 0; i < sizeof w / sizeof *w; i++)
        if (strlen(w[i]) == n && memcmp(w[i], s, n) == 0)
            return 1;
    return 0;
}

/* A wire dateline at the start of line t[i..e): "BEIJING, Dec 3 (Reuters)
 * -", "WASHINGTON (AP) --", "LONDON, Jan 5 -", "(Reuters) -".  Stores the
 * place in [*p0, *p1) and the outlet in [*o0, *o1) (empty when absent);
 * returns 1 when the line starts with one. */
static int parse_dateline(const char *t, size_t i, size_t e, size_t *p0, size_t *p1,
                          size_t *o0, size_t *o1)
{
    while (i < e && is_space((unsigned char)t[i]))
        i++;
    size_t s = i, pe = i, words = 0, caps = 0, lowers = 0, first_end = i;
    while (i < e && words < 5) {
        size_t ws = i;
        unsigned char c0 = (unsigned char)t[i];
        if (!is_upper(c0) && c0 < 0x80)
            break;
        while (i < e) {
            unsigned char ch = (unsigned char)t[i];
            if (is_upper(ch))
                caps++;
            else if (ch >= 'a' && ch <= 'z')
                lowers++;
            else if (ch < 0x80 && ch != '.' && ch != '\'' && ch != '-')
                break;
            i++;
        }
        if (i == ws)
            break;
        if (!words)
            first_end = i;
        words++;
        pe = i;
        if (i + 1 < e && t[i] == ' ' &&
            (is_upper((unsigned char)t[i + 1]) || (unsigned char)t[i + 1] >= 0x80)) {
            i++;
            continue;
        }
        break;
    }
    i = pe;
    int allcaps = lowers == 0;
    if (words) {
        if ((allcaps && caps < 2) || not_place(t + s, first_end - s) ||
            not_place(t + s, pe - s))
            return 0;
        if (i < e && t[i] == ',') { /* ", Dec 3", ", Calif." */
            size_t j = i + 1;
            while (j < e && t[j] == ' ')
                j++;
            if (j >= e || !is_alpha((unsigned char)t[j]))
                return 0;
            size_t d = j;
            while (d < e && d - j < 40) {
                unsigned char ch = (unsigned char)t[d];
                if (!(is_alpha(ch) || is_digit(ch) || ch == ' ' || ch == '.' || ch == ',' ||
                      ch == '/'))
                    break;
                d++;
            }
            i = d;
        }
    }
    while (i < e && t[i] == ' ')
        i++;
    size_t os = 0, oe = 0;
    if (i < e && t[i] == '(') {
        size_t j = i + 1, k = j;
        while (k < e && t[k] != ')' && t[k] != '(' && k - j < 40)
            k++;
        if (k >= e || t[k] != ')' || k == j || !is_upper((unsigned char)t[j]))
            return 0;
        os = j;
        oe = k;
        i = k + 1;
        while (i < e && t[i] == ' ')
            i++;
    }
    size_t dl = 0;
    if (i < e && t[i] == '-')
        dl = i + 1 < e && t[i + 1] == '-' ? 2 : 1;
    else if (i + 2 < e && (unsigned char)t[i] == 0xE2 && (unsigned char)t[i + 1] == 0x80 &&
             ((unsigned char)t[i + 2] == 0x93 || (unsigned char)t[i + 2] == 0x94))
        dl = 3;
    if (!dl || (i + dl < e && !is_space((unsigned char)t[i + dl])))
        return 0;
    if (!words && os == oe)
        return 0;
    if (words && !allcaps && (os == oe || !sl__is_outlet(t + os, oe - os)))
        return 0; /* "Beijing (Xinhua) -" only with a known outlet */
    *p0 = s;
    *p1 = words ? pe : s;
    *o0 = os;
    *o1 = oe;
    return 1;
}

/* An outlet named at the end of sentence t[a..b): ", BTA reports.",
 * "reported Xinhua."  Stores it in [*o0, *o1). */
static int sentence_outlet(const char *t, wtok *v, size_t a, size_t b, size_t *o0, size_t *o1)
{
    size_t n = tokenize_win(v, t, a, b, 0);
    while (n > 0 && v[n - 1].kind == TK_PUNCT)
        n--;
    if (n > 0 && (v[n - 1].lx & LX_MONTHDAY))
        n--; /* "reported Wednesday" */
    if (n < 2)
        return 0;
    if ((v[n - 1].lx & LX_REPORT) && !weq(t, &v[n - 1], "report")) {
        size_t s = outlet_back(t, v, n - 1, 0);
        if (s < n - 1) {
            *o0 = v[s].off;
            *o1 = v[n - 2].off + v[n - 2].len;
            return 1;
        }
    }
    size_t s = outlet_back(t, v, n, 0);
    if (s < n && s > 0 && (weq(t, &v[s - 1], "reports") || weq(t, &v[s - 1], "reported"))) {
        *o0 = v[s].off;
        *o1 = v[n - 1].off + v[n - 1].len;
        return 1;
    }
    return 0;
}

static int set_str(char **dst, const char *s, size_t n)
{
    free(*dst);
    *dst = collapse(s, n, 0);
    return *dst ? SL_OK : SL_ENOMEM;
}

int sl__extract_outlet(sl_facts *f, const char *text, size_t len, const char *source)
{
    if (!f)
        return SL_OK;
    if (!text)
        len = 0;
    if (len > UINT32_MAX)
        len = UINT32_MAX;
    size_t o0 = 0, o1 = 0;  /* outlet named by the text */
    int rc = SL_OK;
    /* a dateline opens one of the first three lines */
    size_t pos = 0;
    for (int line = 0; line < 3 && pos < len && pos < 600; line++) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t le = nl ? (size_t)(nl - text) : len;
        size_t p0, p1, d0, d1;
        if (le - pos > 2 && parse_dateline(text, pos, le, &p0, &p1, &d0, &d1)) {
            if (p1 > p0 && (rc = set_str(&f->dateline_place, text + p0, p1 - p0)))
                return rc;
            if (d1 > d0) {
                if ((rc = set_str(&f->dateline_outlet, text + d0, d1 - d0)))
                    return rc;
                o0 = d0, o1 = d1;
            }
            break;
        }
        if (le == pos || nl == NULL) {
            if (nl == NULL)
                break;
        }
        pos = le + 1;
    }
    if (source && *source) {
        free(f->outlet);
        f->outlet = sl__strdup(source);
        return f->outlet ? SL_OK : SL_ENOMEM;
    }
    if (o1 == o0 && len) {
        wtok *v = malloc(WT_MAX * sizeof *v);
        if (!v)
            return sl__nomem();
        /* "..., BTA reports." ending the first sentence of the body (the
         * first line that is no headline: one with a full stop) */
        pos = 0;
        for (int line = 0; line < 3 && pos < len && pos < 800; line++) {
            const char *nl = memchr(text + pos, '\n', len - pos);
            size_t le = nl ? (size_t)(nl - text) : len;
            size_t lim = le - pos > 600 ? pos + 600 : le;
            size_t se = sent_finish(text, len, pos, lim);
            size_t p = se;
            while (p > pos && is_space((unsigned char)text[p - 1]))
                p--;
            if (p > pos && (text[p - 1] == '.' || text[p - 1] == '!' || text[p - 1] == '?' ||
                            se < le)) {
                sentence_outlet(text, v, pos, se, &o0, &o1);
                break;
            }
            if (!nl)
                break;
            pos = le + 1;
        }
        /* "(AP)" near the start; "By Jane Doe, Reuters" */
        size_t lim = len < 400 ? len : 400;
        for (size_t i = 0; i < lim && o1 == o0; i++) {
            if (text[i] == '(') {
                size_t j = i + 1;
                while (j < len && j - i < 40 && text[j] != ')' && text[j] != '\n')
                    j++;
                if (j < len && text[j] == ')' && sl__is_outlet(text + i + 1, j - i - 1))
                    o0 = i + 1, o1 = j;
            } else if ((i == 0 || text[i - 1] == '\n') && i + 3 < len &&
                       memcmp(text + i, "By ", 3) == 0) {
                size_t e = i;
                while (e < len && e - i < 120 && text[e] != '\n')
                    e++;
                size_t n = tokenize_win(v, text, i, e, 0);
                while (n > 0 && v[n - 1].kind == TK_PUNCT)
                    n--;
                size_t s = outlet_back(text, v, n, 0);
                if (s < n && s > 0 && (is_punct(&v[s - 1], ',') || is_punct(&v[s - 1], '(') ||
                                       is_punct(&v[s - 1], '-') || weq(text, &v[s - 1], "for")))
                    o0 = v[s].off, o1 = v[n - 1].off + v[n - 1].len;
            }
        }
        free(v);
        /* "(Reporting by X; Editing by Y)" closing Reuters copy */
        if (o1 == o0) {
            size_t from = len > 1500 ? len - 1500 : 0;
            static const char rb[] = "Reporting by ";
            for (size_t i = from; i + sizeof rb - 1 <= len; i++)
                if (text[i] == 'R' && memcmp(text + i, rb, sizeof rb - 1) == 0) {
                    free(f->outlet);
                    f->outlet = sl__strdup("Reuters");
                    return f->outlet ? SL_OK : SL_ENOMEM;
                }
        }
    }
    if (o1 > o0)
        return set_str(&f->outlet, text + o0, o1 - o0);
    return SL_OK;
}
