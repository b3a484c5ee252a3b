/*
 * entity.c - named entities of one article: sl__extract_entities().
 *
 * Pipeline (every step linear in the text, all look-ups hashed):
 *   1. tokens: words (letters, marks, digits, inner apostrophes, hyphens and
 *      the dots of initials and abbreviations), numbers and punctuation, each
 *      tagged with its segment (a sentence of `sent`, cut again at line
 *      breaks), capitalisation, and a possessive "'s" that is stripped
 *      ("Reid's", ECB+'s detokenised "Reid 's" and "Lohan ’ s").
 *   2. segments are classified: normal, Title Case headline, or shouted
 *      (ALL CAPS).  In headlines and at the start of a sentence a capital is
 *      no evidence of a name, so there a word counts only when the text uses
 *      it capitalised elsewhere mid-sentence, when the gazetteer or outlet
 *      list knows it, (sentence starts) when another capitalised word
 *      follows and the word is no common word (common_word: used in lower
 *      case at least as often as capitalised alone mid-sentence), or
 *      (headlines) when it opens the headline before a surname the body
 *      uses alone (headline_first_name).  A nickname in marks between a
 *      first name and a surname is taken out of the tokens
 *      (drop_nicknames: "Vincent 'The Chin' Gigante" -> Vincent Gigante).
 *   3. candidates: maximal runs of name words in a segment, with name
 *      particles ("de", "van", "bin", "al"), "of [the]" after organisation,
 *      place and title heads ("Bank of England", "Secretary of State") and
 *      multi-word gazetteer names ("Bosnia and Herzegovina") inside.
 *   4. each candidate: the whole of it a gazetteer name -> place (a demonym
 *      alone is no entity but gives the next name its affiliation);
 *      otherwise a title ending in its last title word splits off as role
 *      ("Russian Foreign Minister Sergei Lavrov": affiliation Russia, role
 *      Foreign Minister, person Sergei Lavrov); then head words, acronyms,
 *      context (a lower-case role before: "actress Tara Reid"; an age after:
 *      "Reid, 33,"; "in X, <place>") and shape (2-4 capitalised words) pick
 *      the kind.
 *   5. mentions become entities: equal names merge; a one-word mention that
 *      is the first or last word of a full person name merges into the most
 *      recent such person before it (or the first after it); an acronym
 *      defined in parentheses merges into its long form; a lone "Promises"
 *      merges into "Promises Treatment Center" (unless the word is also a
 *      place: "in Palmer" vs "Palmer Arts Council").
 *
 * Output: the canonical name is the longest full form (person names with
 * and without a middle initial merge); the kind is that of the strongest
 * evidence among the full mentions (outlet > gazetteer place > title, head
 * word or context > shape); role and affiliation come from the first mention
 * that has one.  Places the gazetteer knows get their country as
 * affiliation (countries themselves none).  Shouted names take the body's or
 * Title Case spelling.  At most MAX_ENTITIES entities per article (the first
 * ones in text order win); further mentions of those are still counted.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "facts/facts.h"

#define MAX_ENTITIES 512    /* per article */
#define MAX_CAND_TOKENS 12  /* longest candidate, connectors included */
#define MAX_NAME_WORDS 4    /* a person's name without title */
#define MAX_WORD_BYTES 64   /* longer "words" are never names */
#define MAX_NAME_BYTES 192  /* longer candidates are dropped */
#define GZ_MAX_TOKENS 6     /* longest multi-word gazetteer name tried */
#define NONE UINT32_MAX

/* ================================================================ lexicon */

#define L_STOP (UINT64_C(1) << 0)        /* function/common word: not a name at a sentence start */
#define L_ART (UINT64_C(1) << 1)         /* The, A, An: never start a name mid-sentence */
#define L_TIME (UINT64_C(1) << 2)        /* month, weekday, holiday, time zone: never a name */
#define L_MAY (UINT64_C(1) << 3)         /* "May": a name right after a first name */
#define L_NOTACR (UINT64_C(1) << 4)      /* capitals that are no entity (TV, DNA, QC, XVI) */
#define L_RHEAD (UINT64_C(1) << 5)       /* title head: President, Minister, Sen. */
#define L_RMOD (UINT64_C(1) << 6)        /* title modifier: Foreign, Prime, Deputy */
#define L_HONOR (UINT64_C(1) << 7)       /* Mr., Mrs., Ms.: a person, no role */
#define L_ORG (UINT64_C(1) << 8)         /* organisation head word, anywhere */
#define L_PLAST (UINT64_C(1) << 9)       /* place head word, last: Street, Airport */
#define L_PFIRST (UINT64_C(1) << 10)     /* place head word, first: Mount, Lake */
#define L_OFX (UINT64_C(1) << 11)        /* more words that take "of": Republic, Battle */
#define L_OTHERH (UINT64_C(1) << 12)     /* event/work heads: War, Cup, Hurricane */
#define L_CONN (UINT64_C(1) << 13)       /* name particles: de, van, bin, al */
#define L_OF (UINT64_C(1) << 14)
#define L_THE (UINT64_C(1) << 15)
#define L_FOR (UINT64_C(1) << 16)
#define L_LOCPREP (UINT64_C(1) << 17)    /* in, at, near, from */
#define L_LRHEAD (UINT64_C(1) << 18)     /* lower-case role before a name: actress, publicist */
#define L_LRMOD (UINT64_C(1) << 19)      /* lower-case role modifier: foreign, former */
#define L_FAMILY (UINT64_C(1) << 20)     /* mother, son: a person follows, no role */
#define L_MINOR (UINT64_C(1) << 21)      /* lower-case words allowed in Title Case headlines */
#define L_AREA (UINT64_C(1) << 22)       /* "Secretary of <State>", "Minister of <Justice>" */
#define L_ABBR (UINT64_C(1) << 23)       /* an abbreviation that keeps its dot (set for "X.") */
#define L_SUFFIX (UINT64_C(1) << 24)     /* Jr., Sr.: not the surname */
#define L_NEAR (UINT64_C(1) << 25)       /* "near": a place follows */
#define L_NOTNAME (UINT64_C(1) << 26)    /* alone never an entity: Republican, Internet */
#define L_INST (UINT64_C(1) << 27)       /* one-word institutions: Congress, Pentagon */
#define L_DIR (UINT64_C(1) << 28)        /* North, Central, Middle: not a first name */
#define L_PLACEW (UINT64_C(1) << 29)     /* continents and seas: Europe, Mediterranean */
#define L_GENERIC (UINT64_C(1) << 30)    /* common nouns that end no person's name: Sox, Aid */
#define L_AND (UINT64_C(1) << 31)
#define L_OTHERF (UINT64_C(1) << 32) /* event heads in front: Hurricane, Operation */
#define L_PLACEN (UINT64_C(1) << 33) /* "the town of X": a place follows */
#define L_TEAM (UINT64_C(1) << 34)   /* team nicknames: "the Angels", "Boston Red Sox" */
#define L_TEAMX (UINT64_C(1) << 35)  /* ... only after a place: "New Orleans Saints" */
#define L_ORGCUE (UINT64_C(1) << 36) /* lower-case noun before an organisation: "firm X" */
#define L_ADJ (UINT64_C(1) << 37)    /* adjectives and nouns no first name is: Big, Secret */

static const struct lexsrc {
    uint64_t flag;
    const char *words;
} lex_src[] = {
    {L_STOP,
     "The A An This That These Those There Here It Its It's He She His Her Hers Him They "
     "Them Their Theirs We Us Our Ours You Your Yours I I'm Me My Mine Who Whom Whose What "
     "Which When Where Why How Whatever Whoever Whenever Wherever But And Or Nor So Yet If "
     "Then Than Though Although While Whilst Because Since Until Unless After Before As At "
     "On In Of For From To With Without Within By About Above Below Over Under Into Onto "
     "Upon Through Throughout During Despite Against Among Amid Amongst Between Beyond "
     "Across Along Around Behind Beside Besides Toward Towards Via Per Like Unlike Also "
     "Still Now Just Only Even Ever Never Always Often Sometimes Perhaps Maybe Meanwhile "
     "However Moreover Furthermore Nevertheless Nonetheless Instead Thus Hence Therefore "
     "Indeed Otherwise Rather Yes No Not Please Thanks Thank Today Tonight Yesterday "
     "Tomorrow Earlier Later Last Next First Second Third Finally Initially Eventually "
     "Recently Currently Previously Already Again Once Twice Some Many Much Most More Less "
     "Least Few Several All Both Each Every Either Neither Any None One Two Three Four Five "
     "Six Seven Eight Nine Ten Eleven Twelve Twenty Hundreds Thousands Dozens Millions "
     "Other Others Another Such Same Is Are Was Were Be Been Being Has Have Had Do Does "
     "Did Will Would Shall Should Can Could Might Must According Oh OK Ok Okay Hey Well "
     "Wow Sure Let Let's Former Late Ex Breaking Update Updated Watch Photos Photo Video "
     "Videos Read Click Share Related Advertisement Comments Posted Published Note "
     "Copyright Reporting Writing Editing Additional Sources Source Officials Authorities "
     "Witnesses Residents Police Investigators Prosecutors Critics Experts Analysts "
     "Reports Report Story Here's There's That's What's Who's Don't Can't Won't Isn't "
     "Wasn't Didn't Doesn't Where's Whether Every Everyone Everything Nothing "
     "Nobody Someone Something Anyone Anything Very Too Almost About Whatever"},
    {L_ART, "The A An"},
    {L_TIME,
     "January February March April May June July August September October November "
     "December Jan. Feb. Mar. Apr. Jun. Jul. Aug. Sep. Sept. Oct. Nov. Dec. Feb Mar Apr "
     "Jun Jul Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday Saturday "
     "Sunday Mon. Tue. Tues. Wed. Thu. Thur. Thurs. Fri. Sat. Sun. Mon Tue Tues Wed Thu "
     "Thur Thurs Fri Christmas Easter Thanksgiving Halloween Ramadan Hanukkah Passover "
     "Diwali GMT UTC EST EDT CST CDT MST MDT PST PDT ET PT CT BST CET CEST IST JST AEST "
     "AEDT AM PM A.M. P.M."},
    {L_MAY, "May"},
    {L_NOTACR,
     "TV OK DNA HIV AIDS GDP SUV DVD CD PC ID GPS LED CCTV VIP PR IT USB ATM MRI ICU ER "
     "RIP LOL OMG PS NB AKA FAQ PDF URL MVP MPH KM MW GB MB HQ CV IQ UFO LGBT LGBTQ TBA "
     "TBD FYI DIY ASAP CPR DUI DWI RV ATV HD BBQ QC KC MP MEP MBE OBE CBE KBE PhD MD Esq. "
     "Esq NB AD BC SMS GIF MP3 CEOs I'm I'd I've I'll No. Nos. KO TD VP XP HTML XML API OS IE "
     "DA EW ESP PIN OTC PhDs MBA BA BSc MSc"},
    {L_NOTNAME,
     "Republican Republicans Democrat Democrats Democratic Christian Christians Muslim "
     "Muslims Jewish Jew Jews Catholic Catholics Protestant Protestants Islamic Islamist "
     "Islamists Sunni Sunnis Shia Shiite Shiites Hindu Hindus Buddhist Buddhists Arab Arabs "
     "Latino Latinos Hispanic Hispanics African-American African-Americans Western Eastern "
     "Northern Southern Internet Web God Mom Dad Mum Sir Madam Ma'am Twitter-based Online "
     "Federal Caucasian Asian Asians African Africans European Europeans Latin"},
    {L_INST,
     "Congress Parliament Senate Navy Army Pentagon Kremlin Knesset Duma Bundestag Interpol "
     "Europol Hezbollah Hamas Taliban Politburo Scotland-Yard"},
    {L_DIR,
     "North South East West Northeast Northwest Southeast Southwest Central Western Eastern "
     "Northern Southern Middle Upper Lower Greater Far Near Latin Sub-Saharan Mid New La Le "
     "Les Los Las El"},
    {L_PLACEW,
     "Europe Asia Africa Antarctica Oceania Americas Mediterranean Caribbean Pacific "
     "Atlantic Arctic Balkans Scandinavia Sahara Himalayas Alps Andes Caucasus Sahel "
     "Maghreb Levant Eurasia Arabia Patagonia Midwest East West"},
    {L_GENERIC,
     "Foods Aid Update Fire Recovery Advisors Corridor Command Underground Sox Fair Compass "
     "Aces Heels Heel Explorer Safety Nations Meetings Player Moon Alive Server Helicopter "
     "Rescue Crossing Heat Magic Jazz Thunder Suns Kings Knicks Nets Bulls Lakers Celtics "
     "Pistons Bucks Hawks Spurs Warriors Clippers Raptors Rockets Grizzlies Pelicans Hornets "
     "Wizards Cavaliers Pacers Timberwolves Nuggets Blazers Mavericks Sixers Yankees Mets "
     "Dodgers Giants Cubs Braves Angels Mariners Astros Rangers Padres Orioles Tigers Twins "
     "Royals Phillies Pirates Reds Brewers Cardinals Marlins Rays Rockies Nationals "
     "Athletics Colts Patriots Jets Bills Dolphins Steelers Ravens Browns Bengals Texans "
     "Titans Jaguars Chiefs Raiders Broncos Chargers Cowboys Eagles Redskins Bears Packers "
     "Vikings Lions Saints Falcons Panthers Buccaneers Seahawks Rams Bobcats Canucks "
     "Maple Leafs Bruins Flyers Penguins Capitals Islanders Devils Sabres Senators Canadiens "
     "Oilers Flames Sharks Ducks Stars Blues Predators Wild Hurricanes Lightning Avalanche "
     "Coyotes Arsenal United City Rovers Wanderers Albion Athletic Hotspur Camry Corolla "
     "Civic Mustang Series Edition Online Mobile Phone Card Cards Pass Plus Pro Max Mini "
     "Street Avenue Times Post News Daily Weekly Magazine Review Journal State Rights "
     "Reserve Glove Girls Boys Origins Millionaire Word Industry Performance Parade Star "
     "Resources"},
    {L_RHEAD,
     "President Pres. President-elect Vice-President Premier Chancellor Minister Secretary "
     "Secretary-General Director-General Governor-General Attorney-General Undersecretary "
     "Under-Secretary King Queen Prince Princess Duke Duchess Earl Baron Baroness Emperor "
     "Empress Tsar Czar Shah Sultan Emir Sheikh Sheik Pope Cardinal Archbishop Bishop Rev. "
     "Reverend Rabbi Imam Ayatollah Pastor Father Fr. Mufti Patriarch Senator Sen. Sens. "
     "Congressman Congresswoman Rep. Reps. Representative Assemblyman Assemblywoman "
     "Councilman Councilwoman Councillor Councilor Alderman Mayor Governor Gov. Lieutenant "
     "Lt. Colonel Col. Major Maj. General Gen. Brig. Brigadier Admiral Adm. Commander "
     "Cmdr. Cdr. Captain Capt. Sergeant Sgt. Corporal Cpl. Private Pvt. Marshal Constable "
     "Superintendent Supt. Inspector Insp. Detective Det. Officer Trooper Deputy Sheriff "
     "Chief Commissioner Judge Justice Magistrate Coroner Prosecutor Attorney Solicitor "
     "Barrister Ambassador Envoy Consul Spokesman Spokeswoman Spokesperson Chairman "
     "Chairwoman Chairperson CEO CFO COO CTO Director Coach Manager Leader Speaker "
     "Professor Prof. Dr. Dr Doctor Surgeon Nurse Actor Actress Singer Rapper Comedian "
     "Producer Author Publicist Lord Lady Sir Dame Founder Editor Correspondent Striker Midfielder "
     "Defender Goalkeeper Quarterback Executive-Director Undersheriff Owner Co-owner "
     "Chief-Executive Commander-in-Chief Vice-Chairman Vice-Chancellor Provost Dean"},
    {L_HONOR, "Mr. Mr Mrs. Mrs Ms. Ms Miss Mme Mme. Madame Messrs. Mx. Mlle Mlle."},
    {L_RMOD,
     "Prime Foreign Defence Defense Interior Finance Home Health Trade Economy Economic "
     "Education Energy Environment Labour Labor Culture Transport Transportation "
     "Agriculture Treasury Justice State Deputy Vice Acting Interim Former First District "
     "Assistant Associate Senior Special High Crown Supreme Grand Police Fire Army Military "
     "Executive Field Lieutenant Chief Head Opposition Majority Minority Parliamentary "
     "Commerce Security Intelligence Homeland Immigration Information Communications "
     "Development Tourism Sports Sport Science Technology Housing Industry Fisheries "
     "Regional National International Managing General Lead Press Navy Naval Air Marine "
     "Party Club Team Foreign-Affairs Finance Interim Co-founder Chief-Executive Surgeon "
     "Attorney Medical Legal Deputy-Chief Team-Owner"},
    {L_ORG,
     "Ministry Council Agency Party Company Co. Corp Corp. Corporation Inc Inc. Ltd Ltd. "
     "LLC Plc PLC Group Holdings University College School Academy Institute Police Army "
     "Navy Court Commission Committee Bank Union Association Organization Organisation "
     "Federation Department Dept. Office Center Centre Centers Centres Foundation Church "
     "Club Airlines Airways Airline FC League Parliament Congress Senate Assembly "
     "Government Force Forces Service Services Bureau Board Authority Administration "
     "Society Trust Fund Alliance Coalition Movement Front Brigade Brigades Regiment Corps "
     "Guard Cabinet Secretariat Embassy Consulate Tribunal Hospital Clinic Museum Library "
     "Laboratory Laboratories Labs Studios Studio Pictures Records Entertainment "
     "Productions Films Network Networks Media Times Post News Herald Tribune Gazette "
     "Journal Magazine Radio Television Motors Electric Dynamics Industries Enterprises "
     "Systems Technologies Pharmaceuticals Bros. Partners Associates Ventures Exchange "
     "Orchestra Mission House Council Cartel Gang Mafia Brotherhood Unit Squad Team "
     "Conference Ministries Commissions Committees Universities Schools Institutes Nations "
     "Fire Rescue Patrol Sheriff's Constabulary Brigade Command Foods Airport-Authority Guild "
     "Globalcom Telecom Homicide Division Distributors Properties Brothers Magistrates"},
    {L_PLAST,
     "Street St Road Rd. Avenue Ave. Boulevard Blvd. Square Bridge River Lake Mountain "
     "Mountains Island Islands Bay Valley County Province Beach Coast Desert Sea Ocean "
     "Peninsula Canyon Highway Freeway Interstate Drive Plaza Harbor Harbour Pier Strait "
     "Straits Region District Airport Station Hotel Stadium Arena Mall Tower Towers Palace "
     "Cathedral Basilica Chapel Mosque Park Parkway Falls Hills Heights Creek Glacier "
     "Forest Reservoir Dam Canal Village Town Township Borough City Prison Jail "
     "Penitentiary Theatre Theater Cemetery Zoo Campus Gardens Circus Quay Wharf Terminal "
     "Memorial Monument Boardwalk Gorge Basin Delta Peak Volcano Archipelago Atoll Reef "
     "Castle Abbey Resort Casino Estate Ranch Farm Motel Inn Cafe Restaurant Bar Pub "
     "Gulf Springs Route Colony Inlet Sound Lagoon Fjord Courthouse Headquarters "
     "Apartments Condominiums"},
    {L_PFIRST,
     "Mount Mt. Lake Gulf Bay Cape Isle Fort Ft. Port Place Rue Camp Loch Strait Piazza "
     "Plaza Avenida Calle Via Lac Mont Pont Mt Point Key San Santa Santo Los Las Rancho "
     "Bayou Cap"},
    {L_OFX,
     "Republic Kingdom Commonwealth Federation Union States State Province Duchy Emirate "
     "Sultanate Principality Statue Battle Siege Treaty Declaration Bill Act Day Feast "
     "House Houses Order Knights Sisters Brothers Sons Daughters Friends Gallery Festival "
     "Championship Championships Cup Tomb Rock Museum Hall Hospital Church"},
    {L_OTHERH,
     "War Wars Cup Games Olympics Olympic Award Awards Prize Fellowship Festival Championship "
     "Championships Open Series Show Act Bill Law Treaty Accord Accords Agreement Summit "
     "Day Week Year Eve Revolution Depression Project Program Programme Plan Operation "
     "Report Index Deal Initiative Doctrine Crisis Attack Attacks Massacre Earthquake "
     "Hurricane Storm Typhoon Cyclone Tsunami Flight Express Tour Marathon Trophy Oscar "
     "Oscars Emmy Emmys Grammy Grammys Globe Globes Bowl Match Derby Classic Rally Era "
     "Age Dynasty Empire Strategy Policy Protocol Convention Constitution Charter "
     "Declaration Amendment Code Rules Bible Koran Quran Gospel Prix Trial Case Affair "
     "Scandal Album Movie Film Song Book Novel Episode Season Awards Edition"},
    {L_OTHERF,
     "Hurricane Typhoon Cyclone Storm Tropical Operation Flight Battle Siege Treaty Super "
     "World Grand Winter Summer Olympic Olympics"},
    {L_CONN,
     "de del della delle dei degli di da das dos do du des la le les van von der den ter "
     "ten zu bin bint ibn al el ul ud es"},
    {L_OF, "of"},
    {L_THE, "the"},
    /* plural team nicknames (also L_GENERIC above: no person's name ends
     * in them); "Senators", "Stars", "Kings", "Saints" and the like are
     * left out, too often something else */
    {L_TEAM,
     "Sox Knicks Nets Bulls Lakers Celtics Pistons Bucks Hawks Spurs Warriors Clippers "
     "Raptors Rockets Grizzlies Pelicans Hornets Wizards Cavaliers Pacers Timberwolves "
     "Nuggets Blazers Mavericks Sixers Yankees Mets Dodgers Cubs Braves Angels Mariners "
     "Astros Padres Orioles Phillies Brewers Marlins Rockies Colts Patriots Dolphins "
     "Steelers Ravens Bengals Texans Jaguars Chiefs Raiders Broncos Chargers Cowboys "
     "Redskins Packers Vikings Falcons Buccaneers Seahawks Bobcats Canucks Leafs Bruins "
     "Flyers Penguins Islanders Sabres Canadiens Oilers"},
    {L_TEAMX,
     "Nationals Saints Giants Rangers Tigers Twins Royals Pirates Reds Cardinals Rays "
     "Athletics Jets Bills Browns Titans Rams Lions Bears Eagles Panthers Kings Stars Blues "
     "Senators Capitals Predators Ducks Sharks Flames Devils Suns Hurricanes Lightning Heat "
     "Magic Jazz Thunder Wild Avalanche Coyotes"},
    {L_FOR, "for"},
    {L_AND, "and"},
    {L_LOCPREP, "in at near from outside inside"},
    {L_NEAR, "near"},
    {L_PLACEN,
     "town city village county state province capital suburb suburbs region district "
     "island islands hamlet borough township neighborhood neighbourhood municipality port "
     "outskirts streets"},
    {L_LRHEAD,
     "president minister secretary chancellor premier king queen prince princess pope "
     "senator congressman congresswoman representative rep governor mayor general "
     "commander captain judge justice prosecutor attorney lawyer solicitor barrister "
     "detective inspector officer sergeant constable sheriff deputy chief commissioner "
     "superintendent spokesman spokeswoman spokesperson chairman chairwoman chair ceo "
     "director manager coach leader speaker professor doctor dr physician surgeon nurse "
     "scientist researcher analyst economist actor actress singer rapper star comedian "
     "comedienne musician guitarist drummer bassist songwriter composer producer "
     "filmmaker designer model author writer novelist poet playwright journalist reporter "
     "correspondent columnist editor photographer publicist agent publisher founder owner "
     "boss executive official envoy ambassador diplomat negotiator cleric priest pastor "
     "bishop rabbi imam pilot driver striker midfielder defender goalkeeper forward "
     "quarterback pitcher player champion boxer golfer cyclist swimmer athlete skier "
     "wrestler jockey trainer candidate nominee lawmaker legislator councillor councilman "
     "councilwoman mp mep activist campaigner historian expert psychiatrist pathologist "
     "coroner suspect victim defendant witness teacher student businessman businesswoman "
     "billionaire millionaire tycoon magnate entrepreneur investor banker financier "
     "heiress socialite host presenter anchor broadcaster dj chef comic magician dancer "
     "astronaut explorer ruler dictator colonel lieutenant major corporal soldier marine "
     "trooper ranger firefighter paramedic pm cop sheikh emir veteran icon legend "
     "superstar starlet hitmaker frontman frontwoman lawyer counsel mogul"},
    /* a capitalised name starting with one of these is no person by its
     * shape alone ("Big Ten", "Secret Man", "Active Scripting", "Holy
     * Father"); with a person's context it still is ("rapper Big Sean").
     * ("Active" belongs here too, and is left out for now: ECB+ topic 27's
     * two events are told apart only through the false person "Active
     * Scripting"; README, "Events") */
    {L_ADJ,
     "Big Old Secret Natural Holy Ancient Modern Digital Global Public Private Civil "
     "Social Annual Official Total Final Daily Weekly Nuclear Medical Legal Financial "
     "Economic Political Military Criminal Top Great Pedestrian Family Signal Body"},
    /* "security firm Trend Micro", "software maker Microsoft", "rights group
     * Amnesty International" (words that also name a person's job,
     * "publisher", "broadcaster", are left out) */
    {L_ORGCUE,
     "firm company maker carrier retailer manufacturer automaker carmaker chipmaker "
     "drugmaker startup start-up conglomerate insurer lender bank chain airline operator "
     "vendor provider outfit label group website newspaper tabloid magazine charity "
     "union party studio"},
    {L_LRMOD,
     "foreign prime vice deputy former defence defense interior finance home health "
     "trade economy education energy environment labour labor culture transport "
     "agriculture treasury state assistant associate senior special high crown supreme "
     "grand police fire army military executive chief head opposition majority minority "
     "acting interim district public safety press team club party national regional "
     "international managing general lead fellow film movie pop rock reality tv "
     "television fashion football soccer tennis golf rugby basketball baseball hockey "
     "boxing hollywood country hip-hop r&b jazz opera celebrity veteran longtime "
     "long-time top chief-executive co-founder founding presidential opposition "
     "republican democratic conservative labour liberal"},
    {L_FAMILY,
     "son daughter wife husband mother father brother sister widow widower girlfriend "
     "boyfriend fiance fiancee fiancé fiancée partner cousin nephew niece uncle aunt "
     "grandson granddaughter grandmother grandfather stepson stepdaughter stepmother "
     "stepfather stepmom stepdad mom dad mum baby child friend pal sons daughters"},
    {L_MINOR,
     "a an the of in on at to for and or but with by from as vs vs. via nor per de la le "
     "du des van von over into after before about is are was be up out off than amid"},
    {L_AREA,
     "State Defense Defence Foreign Affairs Health Interior Justice Finance Homeland "
     "Security Energy Commerce Labor Labour Treasury Education Transportation Transport "
     "Agriculture Staff Police Trade Economy Environment Culture Tourism Information War "
     "Veterans Housing Development Public Works National Home Internal External "
     "International Industry Science Technology Sports Youth Women Children Family "
     "Welfare Immigration Communications Intelligence Planning Economic"},
    {L_SUFFIX, "Jr. Sr. Jr Sr"},
    {L_ABBR,
     "St. Mt. Ft. Co. Corp. Inc. Ltd. Bros. Dept. Ave. Blvd. Rd. Jr. Sr. Gov. Sen. Rep. "
     "No. Nos. Gen. Lt. Col. Sgt. Capt. Maj. Brig. Adm. Cmdr. Cdr. Cpl. Pvt. Supt. Insp. "
     "Det. Prof. Rev. Fr. Pres. Sens. Reps. Messrs. Mme. Mlle. Mx. Mr. Mrs. Ms. Dr. Esq."},
};

#define LEX_SLOTS 4096

static struct lexent {
    const char *w;
    uint32_t len;
    uint64_t flags;
} lex_tab[LEX_SLOTS];
static pthread_once_t lex_once = PTHREAD_ONCE_INIT;

/* Every word of an article is looked up, and few are in the lexicon: a
 * filter of one bit per (length, first, second and last byte) turns most
 * away before hashing (about 1,000 words in 16,384 bits: 6% pass by
 * chance). */
#define LEX_BLOOM_BITS 16384
static uint64_t lex_bloom[LEX_BLOOM_BITS / 64];

static unsigned lex_bit(const char *w, size_t n)
{
    unsigned a = (unsigned char)w[0], b = (unsigned char)w[n > 1], z = (unsigned char)w[n - 1];
    return (((a * 31u + b) * 31u + z) * 31u + (unsigned)n) & (LEX_BLOOM_BITS - 1);
}

static void lex_add(const char *w, size_t n, uint64_t flag)
{
    unsigned bit = lex_bit(w, n);
    lex_bloom[bit >> 6] |= UINT64_C(1) << (bit & 63);
    uint32_t i = sl__fnv1a(w, n) & (LEX_SLOTS - 1);
    for (;;) {
        struct lexent *e = &lex_tab[i];
        if (!e->w) {
            e->w = w;
            e->len = (uint32_t)n;
            e->flags = flag;
            return;
        }
        if (e->len == n && memcmp(e->w, w, n) == 0) {
            e->flags |= flag;
            return;
        }
        i = (i + 1) & (LEX_SLOTS - 1);
    }
}

static void lex_init(void)
{
    for (size_t k = 0; k < sizeof lex_src / sizeof lex_src[0]; k++) {
        const char *p = lex_src[k].words;
        while (*p) {
            while (*p == ' ')
                p++;
            const char *q = p;
            while (*q && *q != ' ')
                q++;
            if (q > p) {
                uint64_t fl = lex_src[k].flag;
                if (q[-1] == '.' && q - p > 1)
                    fl |= L_ABBR;
                lex_add(p, (size_t)(q - p), fl);
            }
            p = q;
        }
    }
}

static uint64_t lex_get(const char *w, size_t n)
{
    if (n == 0 || n > 40)
        return 0;
    unsigned bit = lex_bit(w, n);
    if (!(lex_bloom[bit >> 6] & (UINT64_C(1) << (bit & 63))))
        return 0;
    uint32_t i = sl__fnv1a(w, n) & (LEX_SLOTS - 1);
    for (;;) {
        const struct lexent *e = &lex_tab[i];
        if (!e->w)
            return 0;
        if (e->len == n && memcmp(e->w, w, n) == 0)
            return e->flags;
        i = (i + 1) & (LEX_SLOTS - 1);
    }
}

/* ============================================================== hash map */

/* 64-bit key -> 32-bit value, open addressing; NONE marks an empty slot. */
typedef struct hmap {
    uint64_t *k;
    uint32_t *v;
    size_t cap, n;
} hmap;

static void hm_free(hmap *m)
{
    free(m->k);
    free(m->v);
    memset(m, 0, sizeof *m);
}

static uint32_t hm_get(const hmap *m, uint64_t k)
{
    if (!m->cap)
        return NONE;
    size_t i = (size_t)sl__mix64(k) & (m->cap - 1);
    while (m->v[i] != NONE) {
        if (m->k[i] == k)
            return m->v[i];
        i = (i + 1) & (m->cap - 1);
    }
    return NONE;
}

static int hm_grow(hmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    uint64_t *k = malloc(cap * sizeof *k);
    uint32_t *v = malloc(cap * sizeof *v);
    if (!k || !v) {
        free(k);
        free(v);
        return sl__nomem();
    }
    memset(v, 0xff, cap * sizeof *v);
    for (size_t i = 0; i < m->cap; i++) {
        if (m->v[i] == NONE)
            continue;
        size_t j = (size_t)sl__mix64(m->k[i]) & (cap - 1);
        while (v[j] != NONE)
            j = (j + 1) & (cap - 1);
        k[j] = m->k[i];
        v[j] = m->v[i];
    }
    free(m->k);
    free(m->v);
    m->k = k;
    m->v = v;
    m->cap = cap;
    return SL_OK;
}

/* Sets k -> v (replacing an old value only when `replace`). */
static int hm_put(hmap *m, uint64_t k, uint32_t v, int replace)
{
    if ((m->n + 1) * 2 > m->cap && hm_grow(m))
        return SL_ENOMEM;
    size_t i = (size_t)sl__mix64(k) & (m->cap - 1);
    while (m->v[i] != NONE) {
        if (m->k[i] == k) {
            if (replace)
                m->v[i] = v;
            return SL_OK;
        }
        i = (i + 1) & (m->cap - 1);
    }
    m->k[i] = k;
    m->v[i] = v;
    m->n++;
    return SL_OK;
}

/* ================================================================ tokens */

enum { T_WORD = 1, T_NUM = 2, T_PUNCT = 3 };

enum {
    F_CAP = 1u << 0,          /* starts upper case (also "al-Assad", "iPhone") */
    F_ALLCAPS = 1u << 1,      /* >= 2 letters, none lower case */
    F_DOT = 1u << 2,          /* ends with the dot of an initial/abbreviation */
    F_POSS = 1u << 3,         /* possessive 's followed (stripped) */
    F_SPACED = 1u << 4,       /* detokenised initials "U. S." (drop spaces) */
    F_INIT = 1u << 5,         /* first word of a sentence or quotation */
    F_NAMEW = 1u << 6,        /* may be part of a name */
    F_GZJ = 1u << 7,          /* inside a multi-word gazetteer name */
    F_TITLE = 1u << 8,        /* shouted word: render Title Case */
    F_SPACE_BEFORE = 1u << 9, /* whitespace right before */
    F_INITS = 1u << 10,       /* single letters with dots: "U.S.", "W." */
    F_CONFIRMED = 1u << 11,   /* shouted or long all-caps word known as a name */
    F_ROMAN = 1u << 12,       /* roman numeral (I, V, X only) */
    F_DIGIT = 1u << 13,       /* contains a digit: "AK-47", "IE6" */
};

enum { SEG_NORMAL = 0, SEG_TITLE = 1, SEG_SHOUT = 2 };

typedef struct tok {
    uint32_t off, len; /* bytes of the text (possessive excluded) */
    uint32_t seg;
    uint32_t form; /* token whose text renders this one (known form), or itself */
    uint64_t lex;  /* lexicon flags of the rendered word */
    uint16_t flags;
    uint8_t type;
    uint8_t p;    /* T_PUNCT: '"' any double quote, '\'' single, '-' dash, ASCII, '?' */
    uint8_t nlet; /* letters, capped at 255 */
    uint8_t num;  /* T_NUM: value when <= 3 plain digits and < 255, else 255 */
} tok;

/* what the text says about a lower-cased word */
typedef struct kinfo {
    uint32_t tc;  /* first capitalised (not all-caps) mid-sentence use, or NONE */
    uint32_t ac;  /* first all-caps mid-sentence use, or NONE */
    uint16_t nlow; /* lower-case uses (capped) */
    uint16_t nalone; /* capitalised mid-sentence uses alone, no capitalised
                        word beside it (capped) */
} kinfo;

/* A word the text uses in lower case is a common word ("Palmer Fire": "the
 * fire" too), unless it more often stands capitalised alone mid-sentence:
 * a surname the writer sometimes lower-cases (a blog's "land teixeira"
 * beside "sign Teixeira", "Teixeira still has"). */
static int common_word(const kinfo *k)
{
    return k && k->nlow && k->nlow >= k->nalone;
}

enum {
    M_FULLP = 1u << 0, /* person with >= 2 words */
    M_GZ = 1u << 1,    /* gazetteer place */
    M_PREP = 1u << 2,  /* after in/at/near/from */
    M_ACRO = 1u << 3,  /* one all-caps word */
    M_SHORT = 1u << 4, /* merged as a short form: no say on name and kind */
};

typedef struct mention {
    uint32_t off;            /* text offset of the name's first byte */
    uint32_t name, nlen;     /* in the arena */
    uint32_t role, rlen;     /* in the arena; rlen 0: none */
    const char *aff;         /* static (gazetteer) string or NULL */
    uint64_t h, hfirst, hlast;
    uint32_t ent;
    uint32_t alias;          /* mention of the long form of an acronym, or NONE */
    uint16_t nwords;
    uint8_t kind, score, flags;
} mention;

typedef struct went {
    uint32_t name, nlen, role, rlen;
    const char *aff;
    uint32_t mentions, first, id;
    int kind, score;
} went;

typedef struct ctx {
    const char *s;
    size_t n;
    tok *t;
    size_t nt, capt;
    uint8_t *segmode;
    size_t nseg;
    hmap known; /* lower-cased word hash -> index in kv */
    kinfo *kv;
    size_t nkv, capkv;
    mention *m;
    size_t nm, capm;
    sl_buf arena;
    hmap alias; /* acronym hash -> mention of its long form */
    /* pending affiliation (a demonym, "Russia's") for the next candidate */
    const char *pend_aff;
    size_t pend_aff_end;
    /* pending role (a title with no name: "Foreign Minister of Russia,") */
    uint32_t pend_role, pend_rlen;
    const char *pend_role_aff;
    size_t pend_role_end;
    /* the last place mention's last token (for "Newton Street, Millom") */
    size_t last_place_end;
} ctx;

enum { C_OTHER, C_SPACE, C_NL, C_UPPER, C_LOWER, C_LETTER, C_MARK, C_DIGIT };

/* Class of the non-ASCII character at s[i]; see cls(). */
static int cls_high(const uint8_t *s, size_t n, size_t i, size_t *cl, int32_t *cp)
{
    utf8proc_int32_t c;
    size_t avail = n - i < 4 ? n - i : 4;
    utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)avail, &c);
    if (k <= 0) {
        *cl = 1;
        *cp = -1;
        return C_OTHER;
    }
    *cl = (size_t)k;
    *cp = c;
    if (c == 0xA0 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F || c == 0x3000)
        return C_SPACE;
    if (c == 0x85 || c == 0x2028 || c == 0x2029)
        return C_NL;
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT:
        return C_UPPER;
    case UTF8PROC_CATEGORY_LL:
        return C_LOWER;
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
        return C_LETTER;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return C_MARK;
    case UTF8PROC_CATEGORY_ND:
        return C_DIGIT;
    default:
        return C_OTHER;
    }
}


/* ASCII classes: ' ' and '\t' space; '\n', '\r', '\f', '\v' line breaks. */
static const uint8_t ascii_cls[128] = {
    ['\t'] = C_SPACE, [' '] = C_SPACE,
    ['\n'] = C_NL, ['\r'] = C_NL, ['\f'] = C_NL, ['\v'] = C_NL,
    ['0'] = C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT,
    ['A'] = C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER,
    C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER,
    C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER,
    ['a'] = C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER,
    C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER,
    C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER,
};

/* Class of the character at s[i] (i < n); its length in *cl, code point in
 * *cp (-1 for an invalid byte, which is C_OTHER of length 1).  ASCII by a
 * table, inline; the rest through utf8proc. */
static inline int cls(const uint8_t *s, size_t n, size_t i, size_t *cl, int32_t *cp)
{
    uint8_t b = s[i];
    if (b < 0x80) {
        *cl = 1;
        *cp = b;
        return ascii_cls[b];
    }
    return cls_high(s, n, i, cl, cp);
}

static int is_letter(int k) { return k == C_UPPER || k == C_LOWER || k == C_LETTER; }
static int is_alnum(int k) { return is_letter(k) || k == C_MARK || k == C_DIGIT; }

/* class at i, C_OTHER past the end */
static int cls_at(const uint8_t *s, size_t n, size_t i, size_t *cl, int32_t *cp)
{
    if (i >= n) {
        *cl = 0;
        *cp = 0;
        return C_OTHER;
    }
    return cls(s, n, i, cl, cp);
}

static int is_apos(int32_t cp) { return cp == '\'' || cp == 0x2019; }

/* If a possessive "'s" ("’s") starts at i, its end; else 0. */
static size_t poss_at(const uint8_t *s, size_t n, size_t i)
{
    size_t l1, l2, l3;
    int32_t c1, c2, c3;
    cls_at(s, n, i, &l1, &c1);
    if (!l1 || !is_apos(c1))
        return 0;
    size_t j = i + l1;
    /* ECB+ detokenised "Lohan ’ s": one space inside is tolerated */
    if (j < n && s[j] == ' ')
        j++;
    cls_at(s, n, j, &l2, &c2);
    if (c2 != 's')
        return 0;
    int k3 = cls_at(s, n, j + 1, &l3, &c3);
    if (is_alnum(k3))
        return 0;
    return j + 1;
}

static const char *const particles[] = {"al", "el", "ad", "as", "ash", "at", "az", "bin",
                                        "ibn", "de", "di", "da", "du", "la", "le", "van",
                                        "von", "ul", "ud", "abd", "abu"};

static int is_particle(const char *w, size_t n)
{
    if (n > 3)
        return 0;
    for (size_t i = 0; i < sizeof particles / sizeof particles[0]; i++)
        if (strncmp(particles[i], w, n) == 0 && particles[i][n] == '\0')
            return 1;
    return 0;
}

static uint8_t punct_class(int32_t cp)
{
    switch (cp) {
    case '"': case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0xAB: case 0xBB:
    case 0x2033: case 0x300C: case 0x300D:
        return '"';
    case '\'': case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2039:
    case 0x203A: case '`': case 0xB4:
        return '\'';
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
    case 0x2212:
        return '-';
    default:
        if (cp > 32 && cp < 127)
            return (uint8_t)cp;
        return '?';
    }
}

/* Does "w." (w[0..n) plus a dot) keep its dot: a known abbreviation? */
static int abbr_dot(const char *w, size_t n)
{
    if (n == 0 || n > 10)
        return 0;
    char buf[12];
    memcpy(buf, w, n);
    buf[n] = '.';
    if (lex_get(buf, n + 1) & L_ABBR)
        return 1;
    return sl__gazetteer(buf, n + 1, NULL) != NULL; /* "Calif.", "Fla." */
}

int sl__entity_fast_words = 1;

/* Scans the word starting at i (a letter); fills *t and returns the offset
 * where scanning goes on. */
static size_t scan_word(const ctx *c, size_t i, tok *t)
{
    const uint8_t *s = (const uint8_t *)c->s;
    size_t n = c->n, j = i, next = 0;
    /* Most words: ASCII letters, lower case after the first, ended by a
     * space or by punctuation that none of the rules below looks at (not
     * an apostrophe, hyphen or dot, and no apostrophe after the spaces
     * that follow).  What the loop below would find, without it (a unit
     * test compares the two on random texts). */
    if (sl__entity_fast_words && i + 1 < n && (uint8_t)((s[i] | 0x20) - 'a') < 26 &&
        (uint8_t)(s[i + 1] - 'a') < 26) {
        size_t e = i + 2;
        while (e < n && (uint8_t)(s[e] - 'a') < 26)
            e++;
        uint8_t d = e < n ? s[e] : ' ';
        if (d < 0x80 && ascii_cls[d] != C_UPPER && ascii_cls[d] != C_LOWER &&
            ascii_cls[d] != C_DIGIT && d != '\'' && d != '-' && d != '.') {
            size_t k = e;
            while (k < n && (s[k] == ' ' || s[k] == '\t'))
                k++;
            if (!(k > e && k < n && (s[k] == '\'' || s[k] == 0xE2))) {
                t->off = (uint32_t)i;
                t->len = (uint32_t)(e - i);
                t->type = T_WORD;
                t->flags |= s[i] < 'a' ? F_CAP : 0;
                t->nlet = (uint8_t)(e - i > 255 ? 255 : e - i);
                return e;
            }
        }
    }
    unsigned nup = 0, nlow = 0, nlet = 0, segl = 0, segs = 0, multi = 0;
    int first = -1, second = -1, hyphen_at = -1;
    uint16_t fl = 0;
    while (j < n) {
        if (second >= 0) {
            /* the common case, a run of ASCII lower-case letters, counted
             * as the general path below would count it */
            size_t j0 = j;
            while (j < n && (uint8_t)(s[j] - 'a') < 26)
                j++;
            unsigned run = (unsigned)(j - j0);
            nlet += run;
            segl += run;
            nlow += run;
            if (j >= n)
                break;
        }
        size_t l2, l3;
        int32_t c2, c3;
        int k2 = cls(s, n, j, &l2, &c2);
        if (is_letter(k2)) {
            if (first < 0)
                first = k2;
            else if (second < 0)
                second = k2;
            nlet++;
            segl++;
            nup += k2 == C_UPPER;
            nlow += k2 == C_LOWER;
            j += l2;
            continue;
        }
        if (k2 == C_MARK || k2 == C_DIGIT) {
            if (k2 == C_DIGIT)
                fl |= F_DIGIT;
            j += l2;
            if (second < 0 && first >= 0)
                second = k2;
            continue;
        }
        if (is_apos(c2)) {
            size_t pe = poss_at(s, n, j);
            if (pe && s[j + l2] == 's') { /* attached "'s" ends the word */
                fl |= F_POSS;
                next = pe;
                break;
            }
            int k3 = cls_at(s, n, j + l2, &l3, &c3);
            if (is_letter(k3)) { /* O'Neill, don't */
                j += l2;
                multi = 1;
                continue;
            }
            break;
        }
        if (c2 == '-' || c2 == 0x2010 || c2 == 0x2011) {
            int k3 = cls_at(s, n, j + l2, &l3, &c3);
            if (is_alnum(k3)) {
                if (hyphen_at < 0)
                    hyphen_at = (int)(j - i);
                j += l2;
                segl = 0;
                multi = 1;
                continue;
            }
            break;
        }
        if (c2 == '.' && segl == 1) { /* "U.S": a letter, a dot, one letter */
            int k3 = cls_at(s, n, j + 1, &l3, &c3);
            size_t l4;
            int32_t c4;
            int k4 = cls_at(s, n, j + 1 + l3, &l4, &c4);
            if (is_letter(k3) && !is_alnum(k4)) {
                j += 1;
                segl = 0;
                segs++;
                continue;
            }
        }
        break;
    }
    size_t end = j;
    if (!(fl & F_POSS) && end < n && s[end] == '.') {
        if (segl == 1 && !multi) {
            end++;
            fl |= F_DOT | F_INITS;
        } else if (!segs && abbr_dot(c->s + i, end - i)) {
            end++;
            fl |= F_DOT;
        }
    } else if (segs && segl == 1 && !multi) {
        fl |= F_INITS; /* "U.S" without the final dot */
    }
    if (!(fl & F_POSS) && end > i && (s[end - 1] == 's') && end < n) {
        /* plural possessive "Lamas' son" */
        size_t l2, l3;
        int32_t c2, c3;
        cls_at(s, n, end, &l2, &c2);
        if (is_apos(c2) && !is_alnum(cls_at(s, n, end + l2, &l3, &c3))) {
            fl |= F_POSS;
            next = end + l2;
        }
    }
    if (!(fl & F_POSS)) { /* detached "Reid 's", "Lohan ’ s" */
        size_t k = end;
        while (k < n && (s[k] == ' ' || s[k] == '\t'))
            k++;
        /* an apostrophe: ASCII, or U+2019 (E2 80 99) */
        size_t pe = k > end && k < n && (s[k] == '\'' || s[k] == 0xE2) ? poss_at(s, n, k) : 0;
        if (pe) {
            fl |= F_POSS;
            next = pe;
        }
    }
    if (!next)
        next = end;
    if (first == C_UPPER) {
        /* "Sixty-year-old", "Ex-president", "Long-time": capitalised only
         * as the first word of a sentence, lower case after the hyphen */
        size_t k = hyphen_at > 0 ? i + (size_t)hyphen_at : end;
        while (k < end && (s[k] == '-' || (uint8_t)(s[k] - 'a') < 26))
            k++;
        if (k < end || hyphen_at <= 0)
            fl |= F_CAP;
    } else if (first == C_LOWER) {
        if (hyphen_at > 0 && is_particle(c->s + i, (size_t)hyphen_at)) {
            size_t l2;
            int32_t c2;
            if (cls_at(s, n, i + (size_t)hyphen_at + 1, &l2, &c2) == C_UPPER)
                fl |= F_CAP; /* al-Assad */
        } else if (second == C_UPPER && nlow > 0) {
            fl |= F_CAP; /* iPhone, eBay */
        } else if (end - i > 3 && (s[i] == 'd' || s[i] == 'l') && s[i + 1] == '\'' &&
                   s[i + 2] >= 'A' && s[i + 2] <= 'Z') {
            fl |= F_CAP; /* d'Antibes, l'Aquila */
        }
    }
    if (nlow == 0 && nup >= 2)
        fl |= F_ALLCAPS;
    if ((fl & F_ALLCAPS) && !(fl & F_DOT) && end - i <= 5) {
        size_t k = i;
        while (k < end && (s[k] == 'I' || s[k] == 'V' || s[k] == 'X'))
            k++;
        if (k == end)
            fl |= F_ROMAN;
    }
    t->off = (uint32_t)i;
    t->len = (uint32_t)(end - i);
    t->type = T_WORD;
    t->flags |= fl;
    t->nlet = (uint8_t)(nlet > 255 ? 255 : nlet);
    return next;
}

static size_t scan_number(const ctx *c, size_t i, tok *t)
{
    const uint8_t *s = (const uint8_t *)c->s;
    size_t n = c->n, j = i, l2, l3;
    int32_t c2, c3;
    int plain = 1;
    unsigned v = 0;
    while (j < n) {
        int k2 = cls(s, n, j, &l2, &c2);
        if (k2 == C_DIGIT || is_letter(k2) || k2 == C_MARK) {
            if (c2 >= '0' && c2 <= '9' && plain && v < 1000)
                v = v * 10 + (unsigned)(c2 - '0');
            else
                plain = 0;
            j += l2;
            continue;
        }
        if ((c2 == '.' || c2 == ',' || c2 == ':') &&
            cls_at(s, n, j + 1, &l3, &c3) == C_DIGIT) {
            plain = 0;
            j += 1;
            continue;
        }
        break;
    }
    t->off = (uint32_t)i;
    t->len = (uint32_t)(j - i);
    t->type = T_NUM;
    t->num = (uint8_t)(plain && j - i <= 3 && v < 255 ? v : 255);
    return j;
}

static int tokenize(ctx *c, const sl_span *sent, size_t nsent)
{
    const uint8_t *s = (const uint8_t *)c->s;
    size_t n = c->n, i = 0, cur = 0;
    /* news text runs at about one token per five bytes: one allocation
     * for most articles instead of a chain of doublings */
    void *p = c->t;
    if (sl__grow(&p, &c->capt, n / 4 + 16, sizeof(tok)))
        return SL_ENOMEM;
    c->t = p;
    uint64_t last_sid = UINT64_MAX;
    /* the sentence at or after i: sent[cur], from cur_off to cur_end */
    uint64_t cur_off = nsent ? sent[0].off : UINT64_MAX;
    uint64_t cur_end = nsent ? cur_off + sent[0].len : UINT64_MAX;
    uint32_t seg = 0;
    int nl = 0, sp = 1, pending = 1;
    while (i < n) {
        if (s[i] == ' ') { /* the common separator, before cls() */
            sp = 1;
            i++;
            continue;
        }
        size_t cl;
        int32_t cp;
        int k = cls(s, n, i, &cl, &cp);
        if (k == C_SPACE || k == C_NL || cp == 0) {
            nl |= k == C_NL;
            sp = 1;
            i += cl;
            continue;
        }
        if (i >= cur_end) {
            while (cur < nsent && (uint64_t)sent[cur].off + sent[cur].len <= i)
                cur++;
            cur_off = cur < nsent ? sent[cur].off : UINT64_MAX;
            cur_end = cur < nsent ? cur_off + sent[cur].len : UINT64_MAX;
        }
        uint64_t sid = 2 * (uint64_t)cur + (i >= cur_off);
        if (c->nt && (sid != last_sid || nl)) {
            seg++;
            pending = 1;
        }
        last_sid = sid;
        /* the token is built in place: c->t[c->nt], kept by c->nt++ */
        if (c->nt == c->capt) {
            p = c->t;
            if (sl__grow(&p, &c->capt, c->nt + 1, sizeof(tok)))
                return SL_ENOMEM;
            c->t = p;
        }
        tok *pv = c->nt ? &c->t[c->nt - 1] : NULL;
        tok *tp = &c->t[c->nt];
        memset(tp, 0, sizeof *tp);
        tp->seg = seg;
        tp->flags = sp ? F_SPACE_BEFORE : 0;
        size_t next;
        if (is_letter(k)) {
            next = scan_word(c, i, tp);
        } else if (k == C_DIGIT) {
            next = scan_number(c, i, tp);
        } else {
            tp->off = (uint32_t)i;
            tp->len = (uint32_t)cl;
            tp->type = T_PUNCT;
            tp->p = punct_class(cp);
            next = i + cl;
        }
        tp->form = (uint32_t)c->nt;
        nl = 0;
        sp = 0;
        i = next;
        int same = pv && pv->seg == tp->seg;
        if (tp->type == T_WORD) {
            /* "U. S." -> one token rendered "U.S." */
            if (same && (tp->flags & F_INITS) && (tp->flags & F_CAP) && (tp->flags & F_DOT) &&
                pv->type == T_WORD && (pv->flags & F_INITS) && (pv->flags & F_CAP) &&
                (pv->flags & F_DOT) && !(pv->flags & F_POSS) &&
                pv->off + pv->len + 1 == tp->off && s[pv->off + pv->len] == ' ') {
                pv->len = tp->off + tp->len - pv->off;
                pv->flags |= F_SPACED | F_ALLCAPS | (tp->flags & F_POSS);
                pv->nlet = (uint8_t)(pv->nlet + tp->nlet > 255 ? 255 : pv->nlet + tp->nlet);
                continue;
            }
            if (pending) {
                tp->flags |= F_INIT;
            } else if (same && pv->type == T_PUNCT) {
                const tok *pp = c->nt >= 2 ? &c->t[c->nt - 2] : NULL;
                int pv_first = !pp || pp->seg != pv->seg;
                if (pv->p == ':')
                    tp->flags |= F_INIT;
                else if ((pv->p == '"' || pv->p == '\'') && !(tp->flags & F_SPACE_BEFORE) &&
                         ((pv->flags & F_SPACE_BEFORE) || pv_first ||
                          (pp && pp->type == T_PUNCT)))
                    tp->flags |= F_INIT;
                else if (pv->p == '-' && (pv->flags & F_SPACE_BEFORE) &&
                         (tp->flags & F_SPACE_BEFORE))
                    tp->flags |= F_INIT;
            }
            pending = 0;
        } else if (tp->type == T_NUM) {
            pending = 0;
        } else if (!(tp->p == '"' || tp->p == '\'' || tp->p == '(' || tp->p == '[' ||
                     tp->p == '-' || tp->p == '*' || tp->p == '?' || tp->p == '>' ||
                     tp->p == '|')) {
            pending = 0;
        }
        c->nt++;
    }
    c->nseg = c->nt ? (size_t)seg + 1 : 0;
    return SL_OK;
}

/* ============================================================= rendering */

/* Appends token i's rendered text to out[*len..cap); 0 when it does not fit. */
static int put_tok(const ctx *c, size_t i, char *out, size_t *len, size_t cap)
{
    const tok *t = &c->t[i];
    const tok *f = &c->t[t->form];
    const char *src = c->s + f->off;
    size_t n = f->len;
    if (*len + n > cap)
        return 0;
    char *o = out + *len;
    size_t w = 0;
    int title = (t->flags & F_TITLE) && t->form == i;
    if (!title && !(f->flags & F_SPACED)) { /* most tokens: as written */
        memcpy(o, src, n);
        *len += n;
        return 1;
    }
    int up = 1;
    for (size_t k = 0; k < n; k++) {
        char ch = src[k];
        if ((f->flags & F_SPACED) && ch == ' ')
            continue;
        if (title && (unsigned char)ch < 0x80) {
            if (ch >= 'A' && ch <= 'Z' && !up)
                ch = (char)(ch - 'A' + 'a');
            up = ch == '-' || ch == '.' || ch == ' ';
        } else if (title) {
            up = 0;
        }
        o[w++] = ch;
    }
    *len += w;
    return 1;
}

/* Renders tokens a..b joined by single spaces; the possessive "'s" of inner
 * tokens when `poss` ("People's Republic").  Returns the length, 0 when it
 * does not fit in cap. */
static size_t render(const ctx *c, size_t a, size_t b, int poss, char *out, size_t cap)
{
    size_t len = 0;
    for (size_t i = a; i <= b; i++) {
        if (i > a) {
            if (len + 1 > cap)
                return 0;
            out[len++] = ' ';
        }
        if (!put_tok(c, i, out, &len, cap))
            return 0;
        if (poss && i < b && (c->t[i].flags & F_POSS)) {
            if (len + 2 > cap)
                return 0;
            out[len++] = '\'';
            out[len++] = 's';
        }
    }
    return len;
}

static const char *gz_range(const ctx *c, size_t a, size_t b, int *kind)
{
    char buf[MAX_NAME_BYTES];
    size_t n = render(c, a, b, 1, buf, sizeof buf);
    return n ? sl__gazetteer(buf, n, kind) : NULL;
}

/* hash of the lower-cased (ASCII) raw text of token i */
static uint64_t lower_hash(const ctx *c, size_t i)
{
    const tok *t = &c->t[i];
    char buf[MAX_WORD_BYTES];
    size_t n = t->len < MAX_WORD_BYTES ? t->len : MAX_WORD_BYTES;
    for (size_t k = 0; k < n; k++) {
        char ch = c->s[t->off + k];
        buf[k] = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
    }
    return sl__hash64(buf, n, 0x6b6e6f776eULL);
}

static uint64_t word_hash(const ctx *c, size_t i)
{
    char buf[MAX_NAME_BYTES];
    size_t len = 0;
    if (!put_tok(c, i, buf, &len, sizeof buf))
        return 0;
    return sl__hash64(buf, len, 0);
}

static int same_seg(const ctx *c, size_t i, size_t j)
{
    return i < c->nt && j < c->nt && c->t[i].seg == c->t[j].seg;
}

static int is_punct(const ctx *c, size_t i, uint8_t p)
{
    return i < c->nt && c->t[i].type == T_PUNCT && c->t[i].p == p;
}

/* ============================================================== analysis */

static void classify_segments(ctx *c)
{
    size_t i = 0;
    while (i < c->nt) {
        uint32_t seg = c->t[i].seg;
        size_t j = i;
        unsigned ncap = 0, nall = 0, nlow = 0;
        for (; j < c->nt && c->t[j].seg == seg; j++) {
            const tok *t = &c->t[j];
            if (t->type != T_WORD || t->nlet == 0)
                continue;
            if (t->flags & F_ALLCAPS)
                nall += t->nlet >= 2;
            else if (t->flags & F_CAP)
                ncap += t->nlet >= 2;
            else if (!(t->lex & L_MINOR))
                nlow++;
        }
        /* a sentence that ends with a full stop is no headline */
        size_t last = j - 1;
        while (last > i && c->t[last].type == T_PUNCT &&
               (c->t[last].p == '"' || c->t[last].p == '\'' || c->t[last].p == ')'))
            last--;
        int stop = c->t[last].type == T_PUNCT && c->t[last].p == '.';
        uint8_t mode = SEG_NORMAL;
        if (nall >= 3 && (ncap + nlow) * 3 <= nall)
            mode = SEG_SHOUT;
        else if (ncap + nall >= 3 && nlow == 0 && !stop)
            mode = SEG_TITLE;
        if (seg < c->nseg)
            c->segmode[seg] = mode;
        i = j;
    }
}

static kinfo *known_get(const ctx *c, size_t i)
{
    uint32_t v = hm_get(&c->known, lower_hash(c, i));
    return v == NONE ? NULL : &c->kv[v];
}

/* Bloom-like filter over capitalised words, so that most lower-case words
 * need no hashing: bit of (length, first two letters folded). */
static unsigned cap_bit(const ctx *c, size_t i)
{
    const tok *t = &c->t[i];
    unsigned a = (unsigned char)c->s[t->off] | 0x20;
    unsigned b = t->len > 1 ? (unsigned char)c->s[t->off + 1] | 0x20 : 0;
    return ((a * 31u + b) * 31u + t->len) & 0xffffu;
}

/* 1 when token i (possibly out of range) is a capitalised word of segment
 * seg, or a hyphen joining one ("Fix - It" written with spaces); `step`
 * (+1 or -1) is the side to look on. */
static int cap_word_at(const ctx *c, size_t i, uint32_t seg, int step)
{
    if (i >= c->nt || c->t[i].seg != seg)
        return 0;
    if (c->t[i].type == T_PUNCT && c->t[i].p == '-')
        i += (size_t)(ptrdiff_t)step;
    return i < c->nt && c->t[i].seg == seg && c->t[i].type == T_WORD &&
           (c->t[i].flags & F_CAP);
}

static int build_known(ctx *c)
{
    uint64_t bloom[1024] = {0};
    for (size_t i = 0; i < c->nt; i++) {
        const tok *t = &c->t[i];
        if (t->type == T_WORD && (t->flags & F_CAP) && t->len <= MAX_WORD_BYTES) {
            unsigned bit = cap_bit(c, i);
            bloom[bit >> 6] |= 1ull << (bit & 63);
        }
    }
    for (size_t i = 0; i < c->nt; i++) {
        const tok *t = &c->t[i];
        if (t->type != T_WORD || t->len > MAX_WORD_BYTES || (t->flags & F_SPACED))
            continue;
        if (c->segmode[t->seg] != SEG_NORMAL)
            continue;
        int cap = (t->flags & F_CAP) != 0;
        if (cap && (t->flags & F_INIT))
            continue;
        if (!cap) { /* only worth recording when a capitalised twin exists */
            unsigned bit = cap_bit(c, i);
            if (!(bloom[bit >> 6] & (1ull << (bit & 63))))
                continue;
        }
        uint64_t h = lower_hash(c, i);
        uint32_t v = hm_get(&c->known, h);
        if (v == NONE) {
            if (c->nkv == c->capkv) {
                void *p = c->kv;
                if (sl__grow(&p, &c->capkv, c->nkv + 1, sizeof(kinfo)))
                    return SL_ENOMEM;
                c->kv = p;
            }
            v = (uint32_t)c->nkv++;
            c->kv[v] = (kinfo){NONE, NONE, 0, 0};
            if (hm_put(&c->known, h, v, 0))
                return SL_ENOMEM;
        }
        kinfo *k = &c->kv[v];
        if (!cap) {
            k->nlow += k->nlow < UINT16_MAX;
        } else if (t->flags & F_ALLCAPS) {
            if (k->ac == NONE)
                k->ac = (uint32_t)i;
        } else {
            if (k->tc == NONE)
                k->tc = (uint32_t)i;
            if (!cap_word_at(c, i - 1, t->seg, -1) && !cap_word_at(c, i + 1, t->seg, 1))
                k->nalone += k->nalone < UINT16_MAX;
        }
    }
    return SL_OK;
}

static int known_exact(const ctx *c, size_t i)
{
    const kinfo *k = known_get(c, i);
    if (!k || k->tc == NONE)
        return 0;
    const tok *a = &c->t[i], *b = &c->t[k->tc];
    return a->len == b->len && memcmp(c->s + a->off, c->s + b->off, a->len) == 0;
}

static int is_outlet_tok(const ctx *c, size_t i)
{
    char buf[MAX_WORD_BYTES + 8];
    size_t len = 0;
    if (!put_tok(c, i, buf, &len, sizeof buf))
        return 0;
    if (sl__is_outlet(buf, len))
        return 1;
    const tok *t = &c->t[i];
    return t->len <= MAX_WORD_BYTES && sl__is_outlet(c->s + t->off, t->len);
}

/* Lexicon flags of every word, then the segment modes. */
static void word_lex(ctx *c)
{
    char buf[MAX_WORD_BYTES + 8];
    for (size_t i = 0; i < c->nt; i++) {
        tok *t = &c->t[i];
        if (t->type != T_WORD)
            continue;
        if (!(t->flags & F_SPACED)) {
            t->lex = lex_get(c->s + t->off, t->len);
        } else {
            size_t len = 0;
            t->lex = put_tok(c, i, buf, &len, sizeof buf) ? lex_get(buf, len) : 0;
        }
    }
    classify_segments(c);
}

/* Shouted words and all-caps words of more than six letters are names only
 * when confirmed: the body spells them mid-sentence (their form becomes the
 * body's: MILLOM -> Millom), or, Title Cased, the gazetteer or the outlet
 * list knows them (BEIJING -> Beijing). */
/* Token i starts a nickname between a first name and a surname: "Vincent
 * 'The Chin' Gigante", "Kimani (Kiki) Gray", "Anthony \"Fat Tony\"
 * Salerno" - an opening mark, one to three capitalised words (no acronym,
 * no place), the matching closing mark, then the surname, all in one
 * sentence that is no headline ("Direct 'Hunger Games' Sequel"), after a
 * capitalised word in no word list that no other capitalised word
 * precedes but a title ("Regulatory Reform (Fire Safety) Order" is no
 * name).  Returns the index of the closing mark, or 0. */
static int opens_nickname(const tok *o)
{
    return o->type == T_PUNCT && (o->p == '"' || o->p == '\'' || o->p == '(');
}

static size_t nickname_at(const ctx *c, size_t i)
{
    if (i == 0 || i + 3 >= c->nt)
        return 0;
    const tok *f = &c->t[i - 1], *o = &c->t[i];
    if (!opens_nickname(o) || f->type != T_WORD || !(f->flags & F_CAP) || (f->flags & (F_ALLCAPS | F_DIGIT)) ||
        f->nlet < 2 || f->lex || f->seg != o->seg || c->segmode[o->seg] != SEG_NORMAL)
        return 0;
    if (i >= 2 && c->t[i - 2].seg == f->seg && c->t[i - 2].type == T_WORD &&
        (c->t[i - 2].flags & F_CAP) && !(c->t[i - 2].flags & F_INIT) &&
        !(c->t[i - 2].lex & (L_RHEAD | L_HONOR | L_RMOD)))
        return 0;
    uint8_t close = o->p == '(' ? ')' : o->p;
    size_t k = i + 1;
    for (; k < c->nt && k <= i + 3; k++) {
        const tok *w = &c->t[k];
        if (w->seg != o->seg || w->type != T_WORD)
            break;
        if (!(w->flags & F_CAP) || (w->flags & (F_ALLCAPS | F_DIGIT)) || w->len > MAX_WORD_BYTES ||
            sl__gazetteer(c->s + w->off, w->len, NULL))
            return 0;
    }
    if (k == i + 1 || k + 1 >= c->nt)
        return 0;
    const tok *e = &c->t[k], *l = &c->t[k + 1];
    if (e->seg != o->seg || e->type != T_PUNCT || e->p != close || l->seg != o->seg ||
        l->type != T_WORD || !(l->flags & F_CAP) || (l->flags & (F_ALLCAPS | F_DIGIT)) ||
        l->nlet < 2 || (l->lex & (L_STOP | L_ORG | L_PLAST | L_OTHERH | L_GENERIC | L_TIME)))
        return 0;
    return k;
}

/* Takes the nicknames out of the token list (nickname_at), so that the
 * first name and the surname make one name ("Vincent Gigante"); runs
 * before anything keeps token indices (build_known, confirm_caps). */
static void drop_nicknames(ctx *c)
{
    size_t w = 0;
    for (size_t i = 0; i < c->nt; i++) {
        /* nickname_at's first test here: few tokens open a mark */
        size_t e = opens_nickname(&c->t[i]) ? nickname_at(c, i) : 0;
        if (e) {
            i = e; /* the marks and the words between them go */
            continue;
        }
        if (w != i) { /* form is each token's own index until confirm_caps */
            c->t[w] = c->t[i];
            c->t[w].form = (uint32_t)w;
        }
        w++;
    }
    c->nt = w;
}

static void confirm_caps(ctx *c)
{
    char buf[MAX_WORD_BYTES + 8];
    for (size_t i = 0; i < c->nt; i++) {
        tok *t = &c->t[i];
        if (t->type != T_WORD || !(t->flags & F_ALLCAPS) || t->len > MAX_WORD_BYTES)
            continue;
        int shout = c->segmode[t->seg] == SEG_SHOUT;
        if (!shout && t->nlet <= 6)
            continue;
        const kinfo *k = known_get(c, i);
        if (k && k->tc != NONE) { /* the body's spelling: MILLOM -> Millom */
            t->form = k->tc;
            t->flags |= F_CONFIRMED;
        } else if (k && k->ac != NONE && k->ac != i && c->t[k->ac].nlet <= 6) {
            /* NATO mid-sentence elsewhere */
            t->flags |= F_CONFIRMED;
        } else if (t->nlet >= 3 && !(t->flags & F_INITS)) {
            t->flags |= F_TITLE;
            size_t len = 0;
            if (put_tok(c, i, buf, &len, sizeof buf) && sl__gazetteer(buf, len, NULL))
                t->flags |= F_CONFIRMED;
            else if (is_outlet_tok(c, i))
                t->flags |= F_CONFIRMED;
        } else if (sl__gazetteer(c->s + t->off, t->len, NULL) || is_outlet_tok(c, i)) {
            t->flags |= F_CONFIRMED;
        }
        size_t len = 0;
        t->lex = put_tok(c, i, buf, &len, sizeof buf) ? lex_get(buf, len) : 0;
    }
}

/* Multi-word gazetteer names ("Bosnia and Herzegovina", "Dar es Salaam",
 * "The Hague"): their tokens are name words whatever their case. */
static void gz_joins(ctx *c)
{
    for (size_t i = 0; i + 1 < c->nt; i++) {
        const tok *t = &c->t[i];
        if (t->type != T_WORD || !(t->flags & F_CAP) || t->len > MAX_WORD_BYTES)
            continue;
        /* inside a multi-word name: capitalised words and a few small ones
         * ("Bosnia and Herzegovina", "Dar es Salaam", "Port of Spain") */
        size_t m = 1;
        while (m < GZ_MAX_TOKENS && same_seg(c, i, i + m) && c->t[i + m].type == T_WORD &&
               ((c->t[i + m].flags & F_CAP) ||
                (c->t[i + m].lex & (L_CONN | L_AND | L_OF | L_THE))))
            m++;
        if (m >= 2) { /* no name starts with this word and a space: skip it */
            char buf[MAX_WORD_BYTES + 12];
            size_t len = 0;
            if (!put_tok(c, i, buf, &len, sizeof buf - 3))
                continue;
            if (t->flags & F_POSS) { /* as render() spells it: "People's " */
                buf[len++] = '\'';
                buf[len++] = 's';
            }
            buf[len++] = ' ';
            if (!sl__gazetteer_prefix(buf, len))
                continue;
        }
        for (size_t L = m; L >= 2; L--) {
            size_t b = i + L - 1;
            if (!(c->t[b].flags & F_CAP))
                continue;
            if (gz_range(c, i, b, NULL)) {
                for (size_t k = i; k <= b; k++)
                    c->t[k].flags |= F_GZJ;
                i = b;
                break;
            }
        }
    }
}

static int next_is_cap_name(const ctx *c, size_t i)
{
    size_t j = i + 1;
    if (!same_seg(c, i, j))
        return 0;
    const tok *n = &c->t[j];
    return n->type == T_WORD && (n->flags & F_CAP) && n->nlet >= 1 &&
           !(n->lex & (L_STOP | L_ART | L_TIME | L_NOTACR)) && !(n->flags & F_ROMAN);
}

/* 1 when the all-caps word i, in Title Case, is an article, a month or
 * weekday, or a demonym: "AN AUSTRALIAN climber", "JUNE 3": a word set in
 * capitals, not an acronym. */
static int shouted_word(const ctx *c, size_t i)
{
    const tok *t = &c->t[i];
    char buf[16];
    if (t->len >= sizeof buf)
        return 0;
    for (size_t k = 0; k < t->len; k++) {
        char ch = c->s[t->off + k];
        buf[k] = k && ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
    }
    if (lex_get(buf, t->len) & (L_ART | L_TIME))
        return 1;
    int k = -1;
    return sl__gazetteer(buf, t->len, &k) && k == 2;
}

/* A sentence adverb or an -ing form opening a sentence: "Naturally Scott
 * Boras", "Ironically Nichols", "Having Jackman", "Considering Lionsgate".
 * Adverbs by their suffix (-ally, -ously, -ively, -ately, -ently, -antly,
 * -edly, -ingly: given names in -ly, Billy, Kelly, Emily, Beverly, have
 * none of them); -ing forms of 6 letters or more (a first name in -ing,
 * "Irving Berlin", loses its first word at a sentence start). */
static int opener_word(const ctx *c, size_t i)
{
    static const char *const suf[] = {"ally", "ously", "ively", "ately", "ently",
                                      "antly", "edly", "ingly", "ing"};
    const tok *t = &c->t[i];
    if (t->nlet < 6 || t->nlet != t->len)
        return 0;
    const char *w = c->s + t->off;
    for (size_t k = 0; k < sizeof suf / sizeof *suf; k++) {
        size_t n = strlen(suf[k]);
        if (t->len > n + 2 && memcmp(w + t->len - n, suf[k], n) == 0)
            return 1;
    }
    return 0;
}

/* 1 when word i opens a headline and is the first name of the surname
 * after it: "Lindsay Lohan Checks Into Betty Ford Clinic" over a body that
 * says "Lohan has checked into ...".  The next word stands capitalised
 * alone mid-sentence in the body (a surname), and word i is in no word
 * list and never in the body (a headline's verbs and nouns mostly are:
 * "Angels Sign Teixeira" has no "Sign" before a surname anyway). */
static int headline_first_name(const ctx *c, size_t i)
{
    const tok *t = &c->t[i];
    if ((i > 0 && c->t[i - 1].seg == t->seg) || t->lex || !same_seg(c, i, i + 1) ||
        !(t->flags & F_CAP) || (t->flags & (F_ALLCAPS | F_DIGIT)) || t->nlet < 2 ||
        known_get(c, i))
        return 0;
    const tok *n = &c->t[i + 1];
    if (n->type != T_WORD || !(n->flags & F_CAP) || (n->flags & F_ALLCAPS) || n->lex ||
        !known_exact(c, i + 1))
        return 0;
    const kinfo *k = known_get(c, i + 1);
    return k && k->nalone > 0 && !common_word(k);
}

static int namew(const ctx *c, size_t i)
{
    const tok *t = &c->t[i];
    if (t->type != T_WORD)
        return 0;
    if (t->flags & F_GZJ)
        return 1;
    if (!(t->flags & F_CAP) || t->len > MAX_WORD_BYTES || t->nlet == 0 || (t->flags & F_DIGIT))
        return 0;
    uint64_t lx = t->lex;
    if (t->flags & F_ROMAN) /* "World War II", "Pope Benedict XVI" */
        return i > 0 && same_seg(c, i - 1, i) && (c->t[i - 1].flags & F_NAMEW) &&
               (c->t[i - 1].flags & F_CAP) && !(c->t[i - 1].flags & F_ROMAN);
    if (lx & L_NOTACR)
        return 0;
    if (t->nlet == 1 && !(t->flags & F_DOT))
        return 0;
    if (lx & L_TIME) {
        if (!(lx & L_MAY))
            return 0;
        /* "Theresa May", not "May 5" or "in May" */
        if (!(i > 0 && same_seg(c, i - 1, i) && (c->t[i - 1].flags & F_NAMEW) &&
              (c->t[i - 1].flags & F_CAP)))
            return 0;
        return !(same_seg(c, i, i + 1) && c->t[i + 1].type == T_NUM);
    }
    int mode = c->segmode[t->seg];
    if (t->flags & F_ALLCAPS) {
        if (mode == SEG_SHOUT || t->nlet > 6)
            return (t->flags & F_CONFIRMED) != 0;
        return !(lx & L_STOP) && !shouted_word(c, i);
    }
    if (mode != SEG_NORMAL || (t->flags & F_INIT)) {
        if (lx & (L_STOP | L_ART))
            return 0;
        if (known_exact(c, i))
            return 1;
        if (sl__gazetteer(c->s + t->off, t->len, NULL) || is_outlet_tok(c, i))
            return 1;
        if (mode == SEG_NORMAL) {
            if (next_is_cap_name(c, i) && !opener_word(c, i)) {
                const kinfo *k = known_get(c, i);
                if ((lx & (L_RHEAD | L_HONOR | L_RMOD)) || !common_word(k))
                    return 1;
            }
        } else if ((lx & (L_RHEAD | L_HONOR)) && same_seg(c, i, i + 1) &&
                   known_exact(c, i + 1)) {
            return 1;
        } else if (headline_first_name(c, i)) {
            return 1;
        }
        return 0;
    }
    return !(lx & L_ART);
}

/* ============================================================== mentions */

static int arena_put(ctx *c, const char *p, size_t n, uint32_t *off)
{
    if (c->arena.len + n + 1 > UINT32_MAX)
        return sl__nomem();
    *off = (uint32_t)c->arena.len;
    if (sl__buf_append(&c->arena, p, n))
        return SL_ENOMEM;
    return sl__buf_putc(&c->arena, '\0');
}

/* The last word of the name a..b that is no generational suffix or
 * Roman numeral ("Martin Luther King Jr.": "King"). */
static size_t last_name(const ctx *c, size_t a, size_t b)
{
    while (b > a && ((c->t[b].lex & L_SUFFIX) || (c->t[b].flags & F_ROMAN)))
        b--;
    return b;
}

/* number of capitalised words of a..b (connectors not counted) */
static size_t count_words(const ctx *c, size_t a, size_t b)
{
    size_t w = 0;
    for (size_t i = a; i <= b; i++)
        w += (c->t[i].flags & F_CAP) != 0;
    return w;
}

static int emit(ctx *c, size_t a, size_t b, int kind, int score, uint32_t role,
                uint32_t rlen, const char *aff, uint8_t mflags)
{
    char buf[MAX_NAME_BYTES];
    /* a final initial loses its dot ("Plan B." at a sentence end) */
    size_t n = render(c, a, b, 0, buf, sizeof buf);
    if (!n)
        return SL_OK;
    int long_word = 0;
    for (size_t i = a; i <= b; i++)
        long_word |= c->t[i].nlet >= 2;
    if (!long_word)
        return SL_OK;
    if (a < b && (c->t[b].flags & F_INITS) && c->t[b].nlet == 1 && buf[n - 1] == '.')
        n--;
    if (c->nm == c->capm) {
        void *p = c->m;
        if (sl__grow(&p, &c->capm, c->nm + 1, sizeof(mention)))
            return SL_ENOMEM;
        c->m = p;
    }
    mention *m = &c->m[c->nm];
    memset(m, 0, sizeof *m);
    if (arena_put(c, buf, n, &m->name))
        return SL_ENOMEM;
    m->nlen = (uint32_t)n;
    m->off = c->t[a].off;
    m->role = role;
    m->rlen = rlen;
    m->aff = aff;
    m->h = sl__hash64(buf, n, 0);
    m->nwords = (uint16_t)count_words(c, a, b);
    size_t last = last_name(c, a, b);
    m->hfirst = word_hash(c, a);
    m->hlast = word_hash(c, last);
    m->ent = NONE;
    m->alias = NONE;
    m->kind = (uint8_t)kind;
    m->score = (uint8_t)score;
    m->flags = mflags;
    if (kind == SL_ENT_PERSON && m->nwords >= 2)
        m->flags |= M_FULLP;
    if (a == b && (c->t[a].flags & F_ALLCAPS) && !(c->t[a].flags & (F_INITS | F_TITLE)) &&
        c->t[a].form == a)
        m->flags |= M_ACRO;
    if (a > 0 && same_seg(c, a - 1, a) && c->t[a - 1].type == T_WORD &&
        (c->t[a - 1].lex & L_LOCPREP) && !(c->t[a - 1].flags & F_CAP))
        m->flags |= M_PREP;
    c->nm++;
    if (kind == SL_ENT_PLACE)
        c->last_place_end = b;
    return SL_OK;
}

/* An event or work: "Super Bowl", "World War II", "Hurricane Katrina". */
static int event_name(const ctx *c, size_t a, size_t b)
{
    size_t last = b;
    while (last > a && (c->t[last].flags & F_ROMAN))
        last--;
    return (c->t[last].lex & L_OTHERH) || (a < b && (c->t[a].lex & L_OTHERF));
}

/* Is a..b a plausible person name: capitalised words, no acronym, no
 * "of", no event/organisation/place head, no common noun at the end? */
static int person_shape(const ctx *c, size_t a, size_t b)
{
    for (size_t i = a; i <= b; i++) {
        const tok *t = &c->t[i];
        if (t->lex & (L_OF | L_ORG | L_PLAST | L_THE | L_NOTNAME | L_PLACEW))
            return 0;
        if ((t->flags & F_ALLCAPS) && !(t->flags & (F_INITS | F_ROMAN)))
            return 0;
        if (t->flags & F_GZJ)
            return 0;
    }
    if (event_name(c, a, b))
        return 0;
    size_t last = last_name(c, a, b);
    if (c->t[last].lex & L_GENERIC)
        return 0;
    /* a place's first word inside the name: "Aoraki Mount Cook" */
    for (size_t i = a + 1; i < last; i++)
        if (c->t[i].lex & L_PFIRST)
            return 0;

    const kinfo *k = known_get(c, last);
    if (common_word(k) && !(c->t[last].flags & F_INITS)) /* "Palmer Fire": "fire" too */
        return 0;
    return !(c->t[a].lex & (L_PFIRST | L_STOP | L_DIR));
}

/* 1 when a word inside the name a..b (not its first or last) is a common
 * word to this text (common_word: "Naval Ship Sukanya" beside "the ship",
 * "Microsoft Security Bulletin", "Best Adapted Screenplay"): a middle name
 * is not, so such a name is no person by its shape alone.  (With a
 * person's context, "actress Jennifer Love Hewitt", it still is.) */
static int common_inside(const ctx *c, size_t a, size_t b)
{
    size_t last = last_name(c, a, b);
    for (size_t i = a + 1; i < last; i++)
        if (!(c->t[i].flags & F_INITS) && common_word(known_get(c, i)))
            return 1;
    return 0;
}

typedef struct cand_ctx {
    int person;       /* context says person: a role, family word or age */
    uint32_t role, rlen;
    const char *aff;
    const char *prefix_aff; /* demonym at the start ("Chinese Foreign Ministry") */
    int quoted;       /* "American Pie", The Big Lebowski: a title of a work */
    int gzprefix;     /* starts with a gazetteer name ("Los Angeles Lakers") */
    int org;          /* after an organisation's noun: "security firm X" */
    int prep_place;   /* "in X, California", "near X" */
    int after_place;  /* "Newton Street, X" */
    int in_place;     /* "in X" */
} cand_ctx;

/* Kind and score of the name a..b. */
static void classify(const ctx *c, size_t a, size_t b, const cand_ctx *cc, int *kind,
                     int *score)
{
    char buf[MAX_NAME_BYTES];
    size_t n = render(c, a, b, 0, buf, sizeof buf);
    size_t words = count_words(c, a, b);
    int gk = -1;
    *kind = SL_ENT_OTHER;
    *score = 0;
    if (n && sl__is_outlet(buf, n)) {
        *kind = SL_ENT_OUTLET;
        *score = 5;
        return;
    }
    if (n && sl__gazetteer(buf, n, &gk) && gk != 2) {
        *kind = SL_ENT_PLACE;
        *score = 4;
        return;
    }
    if (a < b && ((c->t[b].lex & L_TEAM) || ((c->t[b].lex & L_TEAMX) && cc->gzprefix))) {
        /* "Los Angeles Angels", "Boston Red Sox", "New Orleans Saints" */
        *kind = SL_ENT_ORG;
        *score = 3;
        return;
    }
    if ((c->t[b].lex & L_PLAST) || (c->t[a].lex & L_PFIRST)) {
        *kind = SL_ENT_PLACE;
        *score = 3;
        return;
    }
    /* continents, seas, "Middle East", "Central Asia", "South Florida" */
    int dirs = 1;
    for (size_t i = a; i < b; i++)
        dirs &= (c->t[i].lex & L_DIR) != 0;
    if (dirs && ((c->t[b].lex & L_PLACEW) || (a < b && (c->t[b].lex & L_DIR)) ||
                 (a < b && gz_range(c, b, b, &gk) && gk != 2))) {
        *kind = SL_ENT_PLACE;
        *score = 3;
        return;
    }
    for (size_t i = a; i <= b; i++)
        if (c->t[i].lex & L_ORG) {
            *kind = SL_ENT_ORG;
            *score = 3;
            return;
        }
    if (a == b && (c->t[a].lex & L_INST)) {
        *kind = SL_ENT_ORG;
        *score = 3;
        return;
    }
    if (a == b && (c->t[a].flags & F_ALLCAPS) && !(c->t[a].flags & (F_INITS | F_TITLE)) &&
        c->t[a].form == a && c->t[a].nlet >= 2 && c->t[a].nlet <= 6) {
        *kind = SL_ENT_ORG;
        *score = 2;
        return;
    }
    if (event_name(c, a, b))
        return;
    if (cc->org && !cc->person) {
        *kind = SL_ENT_ORG;
        *score = 2;
        return;
    }
    if (cc->prep_place) {
        *kind = SL_ENT_PLACE;
        *score = 2;
        return;
    }
    if (cc->after_place && words == 1 && !cc->person) {
        *kind = SL_ENT_PLACE;
        *score = 2;
        return;
    }
    if (cc->in_place && words == 1 && !cc->person) { /* "in Palmer" */
        *kind = SL_ENT_PLACE;
        *score = 1;
        return;
    }
    if (cc->person && words >= 1 && words <= MAX_NAME_WORDS && person_shape(c, a, b)) {
        *kind = SL_ENT_PERSON;
        *score = 3;
        return;
    }
    if (words >= 2 && words <= MAX_NAME_WORDS && !cc->quoted && !cc->gzprefix &&
        !(c->t[a].lex & L_ADJ) && person_shape(c, a, b) && !common_inside(c, a, b)) {
        *kind = SL_ENT_PERSON;
        *score = 1;
    }
}

/* Token range rendered into the arena (role strings). */
static int arena_range(ctx *c, size_t a, size_t b, uint32_t *off, uint32_t *len)
{
    char buf[MAX_NAME_BYTES];
    size_t n = render(c, a, b, 0, buf, sizeof buf);
    *len = 0;
    if (!n)
        return SL_OK;
    if (arena_put(c, buf, n, off))
        return SL_ENOMEM;
    *len = (uint32_t)n;
    return SL_OK;
}

static int lower_role_word(const ctx *c, size_t i, uint64_t flags)
{
    const tok *t = &c->t[i];
    return t->type == T_WORD && !(t->flags & (F_CAP | F_POSS)) && (t->lex & flags);
}

/* 1 when token i is a capitalised word ("Lawyer", not "LAWYER") whose
 * lower-case form is a role word before names (L_LRHEAD). */
static int role_word_cap(const ctx *c, size_t i)
{
    const tok *t = &c->t[i];
    if (t->type != T_WORD || !(t->flags & F_CAP) || (t->flags & (F_ALLCAPS | F_POSS)) ||
        t->len >= MAX_WORD_BYTES)
        return 0;
    char buf[MAX_WORD_BYTES];
    memcpy(buf, c->s + t->off, t->len);
    buf[0] = (char)(buf[0] >= 'A' && buf[0] <= 'Z' ? buf[0] + 32 : buf[0]);
    return (lex_get(buf, t->len) & L_LRHEAD) != 0;
}

/* Lower-case role words right before a (skipping one comma: "her publicist,
 * Jack Ketsoyan"); sets cc->role and cc->person; *before gets the token
 * before them (SIZE_MAX for none). */
static int lookback(ctx *c, size_t a, cand_ctx *cc, size_t *before)
{
    *before = a > 0 ? a - 1 : SIZE_MAX;
    if (a == 0 || !same_seg(c, a - 1, a))
        return SL_OK;
    size_t k = a - 1;
    if (is_punct(c, k, ',') && k > 0 && same_seg(c, k - 1, k) &&
        lower_role_word(c, k - 1, L_LRHEAD | L_FAMILY))
        k--;
    if (!lower_role_word(c, k, L_LRHEAD | L_FAMILY))
        return SL_OK;
    size_t j = k, cnt = 0;
    while (cnt < 4 && lower_role_word(c, j, L_LRHEAD | L_LRMOD | L_FAMILY)) {
        cnt++;
        if (j == 0 || !same_seg(c, j - 1, j)) {
            j = j == 0 ? SIZE_MAX : j - 1;
            break;
        }
        j--;
    }
    size_t first = j == SIZE_MAX ? 0 : j + 1;
    *before = j;
    cc->person = 1;
    if (!(c->t[k].lex & L_LRHEAD)) /* "his mother Alice": a person, no role */
        return SL_OK;
    size_t rs = first;
    while (rs < k && (c->t[rs].lex & L_FAMILY) && !(c->t[rs].lex & L_LRHEAD))
        rs++;
    return arena_range(c, rs, k, &cc->role, &cc->rlen);
}

/* A title split of candidate a..b at title word h: role run r..role_end,
 * name ns..b (ns > b: a title alone), prefix a..r-1. */
typedef struct split {
    size_t r, ns, role_end;
    const char *aff; /* "of <country>" or a country/demonym prefix */
    const char *g4;  /* gazetteer prefix */
    int k4, pkind, pscore;
} split;

static int title_split(const ctx *c, size_t a, size_t b, size_t h, split *sp)
{
    size_t ns = h + 1, role_end = h;
    memset(sp, 0, sizeof *sp);
    sp->k4 = -1;
    if (ns <= b && (c->t[ns].lex & L_OF)) {
        size_t q = ns + 1;
        if (q <= b && (c->t[q].lex & L_THE))
            q++;
        int done = 0;
        for (size_t L = b + 1 - q < 3 ? b + 1 - q : 3; L >= 1 && q <= b; L--) {
            int k2 = -1;
            const char *g2 = gz_range(c, q, q + L - 1, &k2);
            if (g2 && k2 == 0) { /* "Foreign Minister of Russia" */
                sp->aff = g2;
                ns = q + L;
                done = 1;
                break;
            }
        }
        if (!done) {
            size_t e = q;
            while (e <= b && (c->t[e].lex & L_AREA))
                e++;
            if (e > q) { /* "Secretary of State" */
                role_end = e - 1;
                ns = e;
            } else if (b + 1 - q >= 3) { /* "Director of National Intelligence X Y" */
                role_end = b - 2;
                ns = b - 1;
            } else {
                role_end = b;
                ns = b + 1;
            }
        }
    }
    if (ns <= b) {
        size_t w = count_words(c, ns, b);
        if (w < 1 || w > MAX_NAME_WORDS || !(c->t[ns].flags & F_CAP))
            return 0;
        for (size_t i = ns; i <= b; i++)
            if (c->t[i].lex & (L_ORG | L_PLAST | L_OF | L_INST | L_NOTNAME))
                return 0;
        if (event_name(c, ns, b))
            return 0;
        int k3 = -1;
        if (gz_range(c, ns, b, &k3) && k3 != 2)
            return 0; /* "Captain America" */
        if (c->t[ns].lex & (L_PFIRST | L_DIR))
            return 0;
    }
    size_t r = h;
    while (r > a && (c->t[r - 1].flags & F_CAP) &&
           (c->t[r - 1].lex & (L_RHEAD | L_RMOD | L_HONOR)))
        r--;
    if (r > a && !(c->t[r - 1].flags & F_CAP))
        return 0; /* "Ministry of Justice" */
    if (r > a) { /* "Oregon State Police Lt. X": the force is no part of the title */
        size_t o = h;
        while (o > r && !(c->t[o - 1].lex & L_ORG))
            o--;
        if (o > r)
            r = o;
    }
    sp->pkind = SL_ENT_OTHER;
    if (r > a) {
        if (ns > b)
            for (size_t i = a; i < r; i++)
                if (!(c->t[i].flags & F_CAP))
                    return 0; /* "Department of Criminal Justice" */
        sp->g4 = gz_range(c, a, r - 1, &sp->k4);
        if (sp->g4) {
            sp->pkind = SL_ENT_PLACE;
            sp->pscore = 4;
        } else {
            cand_ctx pc = {0};
            classify(c, a, r - 1, &pc, &sp->pkind, &sp->pscore);
            /* "John Major", "Aaron Judge": a surname, not a title */
            if (ns > b && (sp->pkind == SL_ENT_OTHER || sp->pkind == SL_ENT_PERSON))
                return 0;
        }
    }
    sp->r = r;
    sp->ns = ns;
    sp->role_end = role_end;
    return 1;
}

static int process_candidate(ctx *c, size_t a, size_t b)
{
    int rc;
    cand_ctx cc = {0};
    const char *pend_aff = c->pend_aff;
    size_t pend_aff_end = c->pend_aff_end;
    c->pend_aff = NULL;
    uint32_t pend_rlen = c->pend_rlen;
    c->pend_rlen = 0;

    /* the whole candidate is a gazetteer name */
    int gk = -1;
    const char *g = gz_range(c, a, b, &gk);
    if (!g && a == b && c->t[a].form == a && !(c->t[a].flags & F_TITLE) && c->t[a].len > 2 &&
        c->s[c->t[a].off + c->t[a].len - 1] == 's') {
        int k2 = -1; /* plural demonym: "Russians" */
        if (sl__gazetteer(c->s + c->t[a].off, c->t[a].len - 1, &k2) && k2 == 2)
            return SL_OK;
    }
    if (g) {
        if (gk == 2) { /* "Russian": affiliation of what follows */
            c->pend_aff = g;
            c->pend_aff_end = b;
            return SL_OK;
        }
        if (gk == 0 && (c->t[b].flags & F_POSS)) { /* "Russia's foreign minister" */
            c->pend_aff = g;
            c->pend_aff_end = b;
        }
        return emit(c, a, b, SL_ENT_PLACE, 4, 0, 0, gk == 0 ? NULL : g, M_GZ);
    }
    if (a == b) { /* one generic word: "Police", "Street", "Republican" */
        uint64_t lx = c->t[a].lex;
        if ((lx & L_TEAM) && a > 0 && same_seg(c, a - 1, a) &&
            (c->t[a - 1].lex & L_THE)) /* "the Angels": a team */
            return emit(c, a, b, SL_ENT_ORG, 2, 0, 0, NULL, 0);
        if (lx & (L_NOTNAME | L_STOP))
            return SL_OK;
        if ((lx & L_ABBR) && c->t[a].nlet <= 3)
            return SL_OK;
        if ((lx & (L_OTHERH | L_ORG | L_PLAST | L_PFIRST | L_AREA | L_RMOD | L_GENERIC |
                   L_DIR)) &&
            !(lx & (L_INST | L_PLACEW)) && !(c->t[a].flags & F_ALLCAPS))
            return SL_OK;
    }

    size_t before;
    if ((rc = lookback(c, a, &cc, &before)))
        return rc;
    if (pend_aff && before == pend_aff_end)
        cc.aff = pend_aff;
    if (pend_rlen && a >= 2 && is_punct(c, a - 1, ',') && a - 2 == c->pend_role_end &&
        same_seg(c, a - 2, a)) {
        cc.person = 1;
        cc.role = c->pend_role;
        cc.rlen = pend_rlen;
        if (c->pend_role_aff)
            cc.aff = c->pend_role_aff;
    }

    /* title split: the last title word that leaves a name (or nothing) */
    split sp;
    int have = 0;
    for (size_t i = b + 1; i-- > a;) {
        if ((c->t[i].lex & (L_RHEAD | L_HONOR)) && (c->t[i].flags & F_CAP) &&
            title_split(c, a, b, i, &sp)) {
            have = 1;
            break;
        }
    }
    if (have) {
        const char *aff = sp.aff;
        if (sp.r > a) { /* what precedes the title */
            if (sp.g4 && (sp.k4 == 0 || sp.k4 == 2)) {
                if (!aff)
                    aff = sp.g4;
            } else if ((rc = emit(c, a, sp.r - 1, sp.pkind, sp.pscore, 0, 0,
                                  sp.g4 && sp.k4 != 0 ? sp.g4 : NULL, sp.g4 ? M_GZ : 0))) {
                return rc;
            }
        }
        if (!aff)
            aff = cc.aff;
        uint32_t role = 0, rlen = 0;
        size_t rs = sp.r;
        while (rs <= sp.role_end && (c->t[rs].lex & L_HONOR) && !(c->t[rs].lex & L_RHEAD))
            rs++;
        if (rs <= sp.role_end && (rc = arena_range(c, rs, sp.role_end, &role, &rlen)))
            return rc;
        if (sp.ns > b) { /* a title alone: "Foreign Minister of Russia, Sergei Lavrov" */
            c->pend_role = role;
            c->pend_rlen = rlen;
            c->pend_role_aff = aff;
            c->pend_role_end = b;
            if (!rlen && aff) {
                c->pend_aff = aff;
                c->pend_aff_end = b;
            }
            return SL_OK;
        }
        if (!rlen && cc.rlen) {
            role = cc.role;
            rlen = cc.rlen;
        }
        int kind = SL_ENT_PERSON, score = 3;
        char buf[MAX_NAME_BYTES];
        size_t n = render(c, sp.ns, b, 0, buf, sizeof buf);
        if (n && sl__is_outlet(buf, n))
            kind = SL_ENT_OUTLET, score = 5;
        return emit(c, sp.ns, b, kind, score, role, rlen, aff, 0);
    }

    /* no title: a role the text would write in lower case, capitalised
     * at a sentence or headline start, before a full name ("Lawyer Michael
     * Marinaccio", "Kicker Ryan Succop") */
    if (!cc.rlen && count_words(c, a, b) >= 3 && role_word_cap(c, a) &&
        (c->t[a + 1].flags & F_CAP) && person_shape(c, a + 1, b)) {
        if ((rc = arena_range(c, a, a, &cc.role, &cc.rlen)))
            return rc;
        cc.person = 1;
        a++;
    }
    /* ... a demonym or place at the start? */
    size_t m = b - a + 1;
    for (size_t L = m - 1 < 3 ? m - 1 : 3; L >= 1; L--) {
        int k5 = -1;
        const char *g5 = gz_range(c, a, a + L - 1, &k5);
        if (g5 && k5 == 2 && count_words(c, a + L, b) >= 2 &&
            (c->t[a + L].flags & F_CAP) && person_shape(c, a + L, b)) {
            /* "Englishman Robert Buckley" */
            if (!cc.aff)
                cc.aff = g5;
            a += L;
            m = b - a + 1;
            break;
        }
        if (g5) {
            /* "Paris Hilton" may be a person, "Chicago Bulls" is not */
            cc.gzprefix = !(k5 == 1 && L == 1 && m == 2 &&
                            c->s[c->t[b].off + c->t[b].len - 1] != 's');
            if (k5 == 2)
                cc.prefix_aff = g5; /* "Chinese Foreign Ministry" */
            break;
        }
    }
    /* a title of a work: between quotes, or after a capitalised "The" */
    size_t q = a;
    int art = 0;
    if (q > 0 && same_seg(c, q - 1, q) && c->t[q - 1].type == T_WORD &&
        (c->t[q - 1].lex & L_ART) && (c->t[q - 1].flags & F_CAP)) {
        q--;
        art = !(c->t[q].flags & F_INIT);
    }
    cc.quoted = art ||
                (q > 0 && (is_punct(c, q - 1, '"') || is_punct(c, q - 1, '\'')) &&
                 (is_punct(c, b + 1, '"') || is_punct(c, b + 1, '\'') ||
                  (is_punct(c, b + 1, ',') &&
                   (is_punct(c, b + 2, '"') || is_punct(c, b + 2, '\'')))));
    /* age: "Reid, 33," / "Reid (33)" */
    if (same_seg(c, b, b + 2) && c->t[b + 2].type == T_NUM && c->t[b + 2].num <= 120 &&
        ((is_punct(c, b + 1, ',') &&
          (!same_seg(c, b, b + 3) || is_punct(c, b + 3, ',') || is_punct(c, b + 3, '.') ||
           is_punct(c, b + 3, ';') || is_punct(c, b + 3, ')'))) ||
         (is_punct(c, b + 1, '(') && is_punct(c, b + 3, ')'))))
        cc.person = 1;
    if (a > 0 && same_seg(c, a - 1, a) && lower_role_word(c, a - 1, L_LOCPREP)) {
        if (c->t[a - 1].lex & L_NEAR)
            cc.prep_place = 1;
        else if (c->t[a - 1].len == 2 && memcmp(c->s + c->t[a - 1].off, "in", 2) == 0)
            cc.in_place = 1;
        else if (is_punct(c, b + 1, ',') && same_seg(c, b, b + 2) &&
                 c->t[b + 2].type == T_WORD && (c->t[b + 2].flags & F_CAP)) {
            for (size_t L = 3; L >= 1; L--) {
                int k6 = -1;
                if (same_seg(c, b + 2, b + 1 + L) && gz_range(c, b + 2, b + 1 + L, &k6) &&
                    k6 != 2) {
                    cc.prep_place = 1;
                    break;
                }
            }
        }
    }
    if (a > 0 && same_seg(c, a - 1, a) && lower_role_word(c, a - 1, L_ORGCUE))
        cc.org = 1;
    if (a >= 2 && is_punct(c, a - 1, ',') && c->last_place_end == a - 2 &&
        same_seg(c, a - 2, a))
        cc.after_place = 1;
    if (a >= 2 && same_seg(c, a - 2, a) && lower_role_word(c, a - 1, L_OF) &&
        lower_role_word(c, a - 2, L_PLACEN))
        cc.prep_place = 1; /* "the town of Woodburn" */

    int kind, score;
    classify(c, a, b, &cc, &kind, &score);
    if (a == b && kind == SL_ENT_OTHER) { /* "Fix", "Story": used in lower case too */
        const kinfo *k = known_get(c, a);
        if (common_word(k))
            return SL_OK;
    }
    uint32_t role = 0, rlen = 0;
    const char *aff = cc.aff;
    if (kind == SL_ENT_PERSON) {
        role = cc.role;
        rlen = cc.rlen;
    } else if (kind == SL_ENT_ORG && !aff) {
        aff = cc.prefix_aff;
    } else if (kind != SL_ENT_ORG) {
        aff = NULL;
    }
    size_t mi = c->nm;
    if ((rc = emit(c, a, b, kind, score, role, rlen, aff, 0)))
        return rc;
    /* "the Communist Party of China (CPC)": CPC names the same thing */
    if (c->nm > mi && (kind == SL_ENT_ORG || kind == SL_ENT_OTHER) &&
        count_words(c, a, b) >= 2 && is_punct(c, b + 1, '(') && is_punct(c, b + 3, ')') &&
        same_seg(c, b, b + 3)) {
        const tok *x = &c->t[b + 2];
        if (x->type == T_WORD && (x->flags & F_ALLCAPS) && x->nlet >= 2 && x->nlet <= 8 &&
            c->s[x->off] == c->s[c->t[a].off]) {
            uint64_t hx = word_hash(c, b + 2);
            if (hm_put(&c->alias, hx, (uint32_t)mi, 0))
                return SL_ENOMEM;
        }
    }
    return SL_OK;
}

/* May "and" at k join the candidate a..k-1 with the name words after it?
 * "Department of Health and Human Services", "U.S. Fish and Wildlife
 * Service"; not "Reid and Promises Treatment Center". */
static int and_joins(const ctx *c, size_t a, size_t k)
{
    size_t b = k - 1;
    int of = 0, head = 0, rhead = 0;
    for (size_t i = a; i <= b; i++) {
        of |= !(c->t[i].flags & F_CAP) && (c->t[i].lex & L_OF);
        head |= (c->t[i].lex & (L_ORG | L_OFX)) != 0;
    }
    size_t e = k + 1, n = 0;
    while (n < 4 && same_seg(c, k, e) && (c->t[e].flags & F_NAMEW)) {
        rhead |= (c->t[e].lex & L_ORG) != 0;
        e++;
        n++;
    }
    if (!n)
        return 0;
    if (of && head)
        return 1;
    if (!rhead)
        return 0;
    int k0 = -1;
    return (gz_range(c, a, a, &k0) && (k0 == 0 || k0 == 2)) ||
           ((c->t[a].flags & F_ALLCAPS) && !(c->t[a].flags & F_INITS));
}

static int find_candidates(ctx *c)
{
    for (size_t i = 0; i < c->nt; i++)
        if (namew(c, i))
            c->t[i].flags |= F_NAMEW;
    c->last_place_end = SIZE_MAX;
    c->pend_aff_end = SIZE_MAX;
    c->pend_role_end = SIZE_MAX;
    size_t i = 0;
    while (i < c->nt) {
        if (!(c->t[i].flags & F_NAMEW)) {
            i++;
            continue;
        }
        size_t a = i, b = i;
        while (!(c->t[b].flags & F_POSS)) {
            size_t k = b + 1;
            if (!same_seg(c, b, k) || c->t[k].type != T_WORD)
                break;
            if (c->t[k].flags & F_NAMEW) {
                if (k - a + 1 > MAX_CAND_TOKENS)
                    break;
                b = k;
                continue;
            }
            size_t e = 0;
            uint64_t lk = c->t[k].lex, lb = c->t[b].lex;
            if (c->t[k].flags & F_CAP) {
                e = 0;
            } else if ((lk & L_OF) && (lb & (L_ORG | L_RHEAD | L_PLAST | L_PFIRST | L_OFX))) {
                size_t q = k + 1;
                if (same_seg(c, k, q) && c->t[q].type == T_WORD && (c->t[q].lex & L_THE) &&
                    !(c->t[q].flags & F_CAP))
                    q++;
                if (same_seg(c, k, q) && (c->t[q].flags & F_NAMEW))
                    e = q;
            } else if ((lk & L_FOR) && (lb & L_ORG)) {
                if (same_seg(c, k, k + 1) && (c->t[k + 1].flags & F_NAMEW))
                    e = k + 1;
            } else if (lk & L_CONN) {
                size_t q = k + 1;
                if (same_seg(c, k, q) && c->t[q].type == T_WORD && (c->t[q].lex & L_CONN) &&
                    !(c->t[q].flags & F_CAP))
                    q++;
                if (same_seg(c, k, q) && (c->t[q].flags & F_NAMEW))
                    e = q;
            } else if ((lk & L_AND) && and_joins(c, a, k)) {
                e = k + 1;
            }
            if (!e || e - a + 1 > MAX_CAND_TOKENS)
                break;
            b = e;
        }
        int rc = process_candidate(c, a, b);
        if (rc)
            return rc;
        i = b + 1;
    }
    return SL_OK;
}

/* ================================================================ merging */

static uint64_t pair_key(uint64_t x, uint64_t y)
{
    return sl__mix64(x ^ 0x9e3779b97f4a7c15ULL) ^ y;
}

static int new_entity(went **e, size_t *ne, size_t *cap, const mention *m, uint32_t *id)
{
    *id = NONE;
    if (*ne >= MAX_ENTITIES)
        return SL_OK;
    void *p = *e;
    if (sl__grow(&p, cap, *ne + 1, sizeof(went)))
        return SL_ENOMEM;
    *e = p;
    went *w = &(*e)[*ne];
    memset(w, 0, sizeof *w);
    w->name = m->name;
    w->nlen = m->nlen;
    w->kind = m->kind;
    w->score = -1;
    w->first = UINT32_MAX;
    w->id = (uint32_t)*ne;
    *id = (uint32_t)(*ne)++;
    return SL_OK;
}

/* The entity named like m (its name hash in `names`), created when there is
 * none yet.  *id is NONE when the entity cap is reached.  SL_OK or
 * SL_ENOMEM. */
static int named_entity(uint32_t *id, hmap *names, went **e, size_t *ne, size_t *cap,
                        const mention *m)
{
    *id = hm_get(names, m->h);
    if (*id != NONE)
        return SL_OK;
    if (new_entity(e, ne, cap, m, id))
        return SL_ENOMEM;
    if (*id != NONE && hm_put(names, m->h, *id, 0))
        return SL_ENOMEM;
    return SL_OK;
}

static int cmp_went(const void *x, const void *y)
{
    const went *a = x, *b = y;
    if (a->first != b->first)
        return a->first < b->first ? -1 : 1;
    return a->id < b->id ? -1 : a->id > b->id;
}

static int merge(ctx *c, sl_facts *f)
{
    int rc = SL_ENOMEM;
    went *e = NULL;
    size_t ne = 0, cape = 0;
    hmap names = {0}, fl = {0}, firstocc = {0}, recent = {0}, orgfirst = {0}, organy = {0};
    hmap placeword = {0};
    sl_entity *out = NULL;
    uint32_t *defer = NULL;
    size_t ndefer = 0;

    /* words the text uses alone as places ("in Palmer") */
    for (size_t i = 0; i < c->nm; i++) {
        const mention *m = &c->m[i];
        if (m->nwords == 1 && m->kind == SL_ENT_PLACE && hm_put(&placeword, m->h, 1, 0))
            goto out;
    }
    /* a person by shape alone whose first word the text uses alone as a
     * place is that place's something ("Philadelphia Inquirer", "Malibu
     * Rehab", "Brooklyn Mother" beside "in Philadelphia"...): no person */
    for (size_t i = 0; i < c->nm; i++) {
        mention *m = &c->m[i];
        if ((m->flags & M_FULLP) && m->score <= 1 && hm_get(&placeword, m->hfirst) != NONE) {
            m->kind = SL_ENT_OTHER;
            m->flags &= (uint8_t)~M_FULLP;
        }
    }
    /* A: full person names make entities first (short forms find them) */
    for (size_t i = 0; i < c->nm; i++) {
        mention *m = &c->m[i];
        if (!(m->flags & M_FULLP))
            continue;
        uint64_t kfl = pair_key(m->hfirst, m->hlast);
        uint32_t id = hm_get(&names, m->h);
        if (id == NONE)
            id = hm_get(&fl, kfl);
        if (id == NONE) {
            if (new_entity(&e, &ne, &cape, m, &id))
                goto out;
            if (id == NONE)
                continue;
        }
        m->ent = id;
        if (hm_put(&names, m->h, id, 0) || hm_put(&fl, kfl, id, 0) ||
            hm_put(&firstocc, m->hfirst, id, 0) || hm_put(&firstocc, m->hlast, id, 0))
            goto out;
    }
    /* the first multi-word organisation of each first word ("Promises" may
     * come before "Promises Treatment Center"); words also used as places
     * ("in Palmer") never stand for "Palmer Arts Council" */
    for (size_t i = 0; i < c->nm; i++) {
        const mention *m = &c->m[i];
        if (m->kind == SL_ENT_ORG && m->nwords >= 2 && hm_get(&placeword, m->hfirst) == NONE &&
            hm_put(&organy, m->hfirst, (uint32_t)i, 0))
            goto out;
    }
    if (c->nm && !(defer = malloc(c->nm * sizeof *defer))) {
        sl__nomem();
        goto out;
    }
    /* B: everything else, in text order */
    for (size_t i = 0; i < c->nm; i++) {
        mention *m = &c->m[i];
        if (m->flags & M_FULLP) {
            if (m->ent != NONE &&
                (hm_put(&recent, m->hfirst, m->ent, 1) || hm_put(&recent, m->hlast, m->ent, 1)))
                goto out;
            continue;
        }
        uint32_t id = NONE;
        if (m->nwords == 1 && (m->kind == SL_ENT_PERSON || m->kind == SL_ENT_OTHER ||
                               (m->flags & M_GZ))) {
            id = hm_get(&recent, m->h);
            if (id == NONE && !(m->flags & M_GZ))
                id = hm_get(&firstocc, m->h);
            if ((m->flags & M_GZ) && (m->flags & M_PREP))
                id = NONE;
        }
        if (id == NONE && (m->flags & M_ACRO)) {
            uint32_t lf = hm_get(&c->alias, m->h);
            if (lf != NONE && lf < i)
                id = c->m[lf].ent;
        }
        if (id == NONE && m->nwords == 1 && m->kind == SL_ENT_OTHER) {
            id = hm_get(&orgfirst, m->h);
            uint32_t oi = hm_get(&organy, m->h);
            if (id == NONE && oi != NONE && oi > i) {
                defer[ndefer++] = (uint32_t)i; /* decided once that one has its entity */
                continue;
            }
        }
        if (id != NONE) {
            m->ent = id;
            m->flags |= M_SHORT;
            continue;
        }
        if (named_entity(&id, &names, &e, &ne, &cape, m))
            goto out;
        if (id == NONE)
            continue;
        m->ent = id;
        if (m->kind == SL_ENT_ORG && m->nwords >= 2 && hm_get(&placeword, m->hfirst) == NONE &&
            hm_put(&orgfirst, m->hfirst, id, 1))
            goto out;
    }
    for (size_t d = 0; d < ndefer; d++) {
        mention *m = &c->m[defer[d]];
        uint32_t id = c->m[hm_get(&organy, m->h)].ent;
        if (id != NONE) {
            m->ent = id;
            m->flags |= M_SHORT;
            continue;
        }
        if (named_entity(&id, &names, &e, &ne, &cape, m))
            goto out;
        if (id == NONE)
            continue;
        m->ent = id;
    }
    /* attributes */
    for (size_t i = 0; i < c->nm; i++) {
        const mention *m = &c->m[i];
        if (m->ent == NONE)
            continue;
        went *w = &e[m->ent];
        w->mentions++;
        if (m->off < w->first)
            w->first = m->off;
        if (!(m->flags & M_SHORT)) {
            if (m->score > w->score) {
                w->score = m->score;
                w->kind = m->kind;
            }
            if (m->nlen > w->nlen) {
                w->name = m->name;
                w->nlen = m->nlen;
            }
        }
        if (!w->rlen && m->rlen) {
            w->role = m->role;
            w->rlen = m->rlen;
        }
        if (!w->aff && m->aff)
            w->aff = m->aff;
    }
    if (ne) {
        qsort(e, ne, sizeof *e, cmp_went);
        out = calloc(ne, sizeof *out);
        if (!out) {
            sl__nomem();
            goto out;
        }
        for (size_t i = 0; i < ne; i++) {
            const went *w = &e[i];
            sl_entity *o = &out[i];
            o->name = malloc(w->nlen + 1);
            if (!o->name)
                goto nomem;
            memcpy(o->name, c->arena.p + w->name, w->nlen);
            o->name[w->nlen] = '\0';
            if (w->rlen) {
                o->role = malloc(w->rlen + 1);
                if (!o->role)
                    goto nomem;
                memcpy(o->role, c->arena.p + w->role, w->rlen);
                o->role[w->rlen] = '\0';
            }
            if (w->aff && !(o->affiliation = sl__strdup(w->aff)))
                goto nomem_set;
            o->kind = (sl_entity_kind)w->kind;
            o->mentions = w->mentions;
            o->first = w->first;
        }
    }
    f->entities = out;
    f->nentities = ne;
    out = NULL;
    rc = SL_OK;
    goto out;
nomem:
    sl__nomem();
nomem_set:
    for (size_t i = 0; i < ne; i++) {
        free(out[i].name);
        free(out[i].role);
        free(out[i].affiliation);
    }
    free(out);
out:
    free(e);
    free(defer);
    hm_free(&organy);
    hm_free(&placeword);
    hm_free(&names);
    hm_free(&fl);
    hm_free(&firstocc);
    hm_free(&recent);
    hm_free(&orgfirst);
    return rc;
}

/* ================================================================== entry */

int sl__extract_entities(sl_facts *f, const char *text, size_t len, const sl_span *sent,
                         size_t nsent)
{
    f->entities = NULL;
    f->nentities = 0;
    if (!text || !len)
        return SL_OK;
    pthread_once(&lex_once, lex_init);
    if (len > UINT32_MAX - 1)
        len = UINT32_MAX - 1;
    ctx c;
    memset(&c, 0, sizeof c);
    c.s = text;
    c.n = len;
    int rc;
    sl_spanvec own = {0};
    if (!sent || !nsent) {
        if ((rc = sl__sentences(&own, text, len)))
            return rc;
        sent = own.v;
        nsent = own.n;
    }
    if ((rc = tokenize(&c, sent, nsent)))
        goto done;
    rc = SL_ENOMEM;
    if (c.nseg && !(c.segmode = calloc(c.nseg, 1))) {
        sl__nomem();
        goto done;
    }
    word_lex(&c);
    drop_nicknames(&c);
    if (build_known(&c))
        goto done;
    confirm_caps(&c);
    gz_joins(&c);
    if (find_candidates(&c) || merge(&c, f))
        goto done;
    rc = SL_OK;
done:
    free(own.v);
    free(c.t);
    free(c.segmode);
    free(c.kv);
    free(c.m);
    hm_free(&c.known);
    hm_free(&c.alias);
    sl__buf_free(&c.arena);
    return rc;
}
