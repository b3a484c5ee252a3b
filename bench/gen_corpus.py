#!/usr/bin/python3
"""Builds a large, realistic news corpus with planted, labelled relations.

    /usr/bin/python3 bench/gen_corpus.py --articles N --seed S \
        --source data/ecbplus-dev/articles.jsonl --out DIR

Writes
  DIR/articles.jsonl   id, title, text, source (outlet), published
  DIR/truth.jsonl      one line per planted pair: a (parent), b (derived),
                       relation (duplicate|rewrite), how, source (= a, the
                       article b was made from), root (the base article)
  DIR/negatives.jsonl  hard negatives: same-topic pairs written independently
                       (they are NOT related; a finder must not report them)
  DIR/meta.json        parameters, counts, total text bytes, measured stats

How it works
  * The real ECB+ sentences train a word-level Markov chain (order 2, falling
    back to order 1 after a few forced steps so that the output is not a
    verbatim copy of a source sentence).
  * Every base article gets its own vocabulary: capitalised names, numbers and
    most content words of the generated sentences are replaced, consistently
    within the article, by names from a growing pool of invented entities
    (syllable generator; popular ones recur across articles, like real news),
    fresh numbers, and other real or invented words.  Only function words and
    a core of very common news words are shared, so unrelated articles share
    few words and almost never a 5-word sequence.
  * Derived articles (exact copies, near copies, rewrites) are made from a
    parent's token lists; some parents are themselves derived (chains).
The output depends only on the arguments (no hash-order or clock input).
"""
import argparse
import datetime
import json
import math
import os
import random
import re
import sys
import time

STOP = frozenset("""
a about above after again against all am an and any are aren't as at be because
been before being below between both but by can can't cannot could couldn't did
didn't do does doesn't doing don't down during each few for from further had
hadn't has hasn't have haven't having he he'd he'll he's her here here's hers
herself him himself his how how's i i'd i'll i'm i've if in into is isn't it
it's its itself let's me more most mustn't my myself no nor not of off on once
only or other ought our ours ourselves out over own same shan't she she'd she'll
she's should shouldn't so some such than that that's the their theirs them
themselves then there there's these they they'd they'll they're they've this
those through to too under until up very was wasn't we we'd we'll we're we've
were weren't what what's when when's where where's which while who who's whom
why why's with won't would wouldn't you you'd you'll you're you've your yours
yourself yourselves also just will may might must shall upon within without
among across around since though although whether yet per via s t
""".split())

KEEP_CAPS = frozenset("""I Monday Tuesday Wednesday Thursday Friday Saturday
Sunday January February March April May June July August September October
November December""".split())

MONTHS = "Jan Feb March April May June July Aug Sept Oct Nov Dec".split()

OUTLETS = [
    # (name, wire service?, published format, paragraph separator)
    ("Continental Press", True, "dt", "\n\n"),
    ("Global Wire Service", True, "dt", "\n\n"),
    ("United Newswire", True, "dt", "\n"),
    ("Atlas News Agency", True, "dt", "\n\n"),
    ("The Daily Meridian", False, "dt", "\n\n"),
    ("Harbor City Herald", False, "d", "\n"),
    ("Northline News", False, "dt", "\n\n"),
    ("The Evening Ledger", False, "d", "\n\n"),
    ("Riverside Post", False, "dt", "\n"),
    ("Capital Observer", False, "dt", "\n\n"),
    ("The Weekly Sentinel", False, "d", "\n\n"),
    ("Westbrook Gazette", False, "dt", "\n"),
    ("Summit Times", False, "dt", "\n\n"),
    ("The National Courier", False, "dt", "\n\n"),
    ("Lakeshore Tribune", False, "d", "\n"),
    ("Pacific Dispatch", False, "dt", "\n\n"),
    ("Metro Chronicle", False, "dt", "\n\n"),
    ("The Morning Record", False, "d", "\n"),
    ("Bayview Journal", False, "dt", "\n\n"),
    ("Granite State Register", False, "dt", "\n\n"),
    ("Silverton Examiner", False, "d", "\n"),
    ("NewsPulse Online", False, "dt", "\n\n"),
    ("Headline Hub", False, "dt", "\n"),
    ("The Open Bulletin", False, "dt", "\n\n"),
    ("Crossroads Daily", False, "d", "\n\n"),
    ("Frontier Star", False, "dt", "\n"),
    ("The Civic Review", False, "dt", "\n\n"),
    ("Beacon Report", False, "dt", "\n\n"),
    ("Valley Monitor", False, "d", "\n"),
    ("World Digest Today", False, "dt", "\n\n"),
]
OUTLET_WEIGHTS = [4 if o[1] else 1 for o in OUTLETS]

BOILER_HEAD = [
    "By {name} | {outlet}",
    "{outlet} Staff",
    "From {outlet} news desk",
]
BOILER_FOOT = [
    "Copyright {year} {outlet}. All rights reserved.",
    "Read more: https://www.{domain}.com/news/{slug}",
    "Follow {outlet} on Twitter and Facebook for the latest news.",
    "This material may not be published, broadcast, rewritten or "
    "redistributed without permission of {outlet}.",
    "(Reporting by {name}; Editing by {name2})",
    "Sign up for the {outlet} newsletter to get top stories every morning.",
]

# Function-word rewrites used by rewrites (token or phrase -> alternatives).
PHRASES = {
    ("said",): [("told", "reporters"), ("stated",), ("added",), ("noted",)],
    ("after",): [("following",)],
    ("before",): [("prior", "to")],
    ("about",): [("around",), ("some",), ("roughly",)],
    ("because",): [("as",), ("since",)],
    ("more", "than"): [("over",)],
    ("but",): [("however", ",")],
    ("also",): [()],
    ("that",): [()],
    ("very",): [()],
    ("just",): [()],
    ("has",): [("has", "also"), ("has", "now")],
    ("was",): [("was", "reportedly")],
    ("is",): [("is", "now")],
    ("will",): [("will", "also")],
    ("the",): [("a",), ("this",), ()],
    ("a",): [("the",), ("one",)],
    ("in",): [("at",), ("within",), ("inside",)],
    ("on",): [("upon",), ("over",)],
    ("at",): [("in",), ("near",)],
    ("of",): [("from",), ("for",)],
    ("for",): [("over",), ("of",)],
    ("with",): [("alongside",), ("along", "with")],
    ("and",): [("as", "well", "as"), (",", "and"), ("plus",)],
    ("by",): [("from",), ("through",)],
    ("from",): [("out", "of"), ("by",)],
    ("had",): [("has",), ("had", "already")],
    ("were",): [("are",), ("had", "been")],
    ("are",): [("were",)],
    ("he",): [("the", "man")],
    ("she",): [("the", "woman")],
    ("they",): [("the", "group")],
    ("it",): [("this",)],
    ("who",): [("which",), ("that",)],
    ("which",): [("that",)],
    ("when",): [("as",), ("while",)],
    ("would",): [("will",), ("could",)],
    ("could",): [("might",), ("would",)],
    ("not",): [("never",)],
}
PHRASE_KEYS = {}
for _k in PHRASES:
    PHRASE_KEYS.setdefault(_k[0], []).append(_k)

SUFFIXES = ("ation", "tion", "ment", "ness", "ing", "ity", "ist", "ers", "ies",
            "ed", "ly", "er", "al", "ic", "es", "s", "")

ONSETS = ("b", "br", "c", "ch", "d", "dr", "f", "fl", "g", "gr", "h", "j", "k",
          "kr", "l", "m", "n", "p", "pr", "r", "s", "sh", "sl", "st", "t",
          "tr", "v", "w", "z", "", "", "")
VOWELS = ("a", "e", "i", "o", "u", "a", "e", "o", "ai", "ea", "ou", "ie", "y")
CODAS = ("", "", "", "n", "r", "l", "s", "m", "k", "nd", "rt", "st", "x", "v")

TOKEN_RE = re.compile(r"\w+(?:[-'.,/:]\w+)*|[^\w\s]")
WORD_RE = re.compile(r"\w+")
NO_SPACE_BEFORE = frozenset(",.;:!?)]%'s")
NO_SPACE_BEFORE_TOK = frozenset([",", ".", ";", ":", "!", "?", ")", "]", "%",
                                 "'s", "n't", "'"])
NO_SPACE_AFTER_TOK = frozenset(["(", "[", "$", "#"])
END_PUNCT = frozenset([".", "!", "?"])

REWRITE_HOWS = frozenset(["reordered", "dropped", "reworded", "mixed"])

EPOCH0 = datetime.datetime(2023, 1, 1, tzinfo=datetime.timezone.utc)
SPAN_S = 730 * 86400


def log(*a):
    print(*a, file=sys.stderr)


# ------------------------------------------------------------------ source

def normalise_source(text):
    for a, b in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'),
                 ("\u201d", '"'), ("\u2014", "-"), ("\u2013", "-"),
                 ("\ufffd", ""), ("\u2009", " "), ("\u2026", "...")):
        text = text.replace(a, b)
    return text


SENT_SPLIT = re.compile(r'(?<=[.!?])\s+(?=["A-Z])')


def load_source(path):
    """Returns a list of token lists (one a sentence) and per-document token
    sets (for document frequencies)."""
    sents = []
    docs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            rec = json.loads(line)
            text = normalise_source(rec.get("text", ""))
            dtoks = set()
            for para in text.split("\n"):
                for s in SENT_SPLIT.split(para):
                    toks = []
                    for t in TOKEN_RE.findall(s):
                        if t == "'" or t == "`":
                            continue
                        if len(t) > 2 and t.endswith("'s") and t[0].isalpha():
                            toks.append(t[:-2])
                            toks.append("'s")
                        else:
                            toks.append(t)
                    if len(toks) < 4:
                        continue
                    if toks[-1] not in END_PUNCT and toks[-1] != '"':
                        toks.append(".")
                    sents.append(toks)
                    dtoks.update(toks)
            docs.append(dtoks)
    return sents, docs


def suffix_of(w):
    for s in SUFFIXES:
        if len(w) > len(s) + 2 and w.endswith(s):
            return s
    return ""


class Model:
    """Markov tables and token classes built once from the source."""

    KEEP, NAME, NUM, CONTENT = 0, 1, 2, 3

    def __init__(self, path, core_df):
        sents, docs = load_source(path)
        ndocs = len(docs)
        # Decapitalise sentence-initial words that are ordinary words.
        lower_mid = {}
        cap_mid = {}
        for s in sents:
            for t in s[1:]:
                if t[:1].isupper():
                    cap_mid[t] = cap_mid.get(t, 0) + 1
                else:
                    lower_mid[t] = lower_mid.get(t, 0) + 1
        for s in sents:
            t = s[0]
            if t[:1].isupper() and t not in KEEP_CAPS:
                lw = t.lower()
                if (lw in STOP or lower_mid.get(lw, 0) >= cap_mid.get(t, 0)) \
                        and not (t.isupper() and len(t) > 1):
                    s[0] = lw
        df = {}
        for d in docs:
            for t in d:
                lt = t.lower()
                df[lt] = df.get(lt, 0) + 1
        # Vocabulary as ints; 0 = sentence boundary.
        self.voc = ["<s>"]
        self.ids = {"<s>": 0}
        isents = []
        for s in sents:
            row = []
            for t in s:
                i = self.ids.get(t)
                if i is None:
                    i = len(self.voc)
                    self.ids[t] = i
                    self.voc.append(t)
                row.append(i)
            isents.append(row)
        V = len(self.voc)
        self.V = V
        cls = [0] * V
        core = []
        rare = []
        for i, t in enumerate(self.voc):
            if i == 0:
                continue
            c0 = t[0]
            if any(ch.isdigit() for ch in t):
                cls[i] = self.NUM
            elif not c0.isalnum():
                cls[i] = self.KEEP
            elif c0.isupper():
                if t in KEEP_CAPS or t.lower() in STOP:
                    cls[i] = self.KEEP
                else:
                    cls[i] = self.NAME
            elif t in STOP:
                cls[i] = self.KEEP
            elif df.get(t, 0) >= core_df * ndocs:
                cls[i] = self.KEEP
                core.append(t)
            else:
                cls[i] = self.CONTENT
                rare.append(t)
        self.cls = cls
        self.suf = [suffix_of(t) for t in self.voc]
        # tokens every article keeps as they are
        self.ident = {i: t for i, t in enumerate(self.voc)
                      if i and cls[i] == self.KEEP and t not in core}
        self.core = core
        self.rare = rare
        self.real_words = frozenset(t.lower() for t in self.voc)
        by_suf = {}
        for t in core + rare:
            if "-" in t or "'" in t or not t.isalpha():
                continue
            by_suf.setdefault(suffix_of(t), []).append(t)
        self.by_suffix = by_suf
        self.all_content = [t for t in core + rare if t.isalpha()]
        # Markov tables: order 2 keyed by a * V + b, order 1 keyed by b.
        t2 = {}
        t1 = {}
        for row in isents:
            a = b = 0
            for c in row + [0]:
                k = a * V + b
                lst = t2.get(k)
                if lst is None:
                    t2[k] = [c]
                else:
                    lst.append(c)
                lst = t1.get(b)
                if lst is None:
                    t1[b] = [c]
                else:
                    lst.append(c)
                a, b = b, c
        # a state with a single possible successor holds a 1-tuple: the
        # walk counts those forced steps and leaves for order 1 after 4
        self.t2 = {k: (tuple(v) if len(set(v)) > 1 else (v[0],))
                   for k, v in t2.items()}
        self.t1 = {k: tuple(v) for k, v in t1.items()}
        self.quote = self.ids.get('"', -1)
        self.lpar = self.ids.get("(", -1)
        self.rpar = self.ids.get(")", -1)
        self.stop_id = self.ids["."]
        self.nsource_sents = len(isents)
        self.ntokens = sum(len(r) for r in isents)

    def sentence(self, rand, lo=7, hi=45):
        """One Markov sentence as a list of token ids."""
        t2 = self.t2
        t1 = self.t1
        V = self.V
        while True:
            a = b = 0
            out = []
            forced = 0
            while True:
                succ = t2[a * V + b]
                n = len(succ)
                if n == 1:
                    forced += 1
                    if forced >= 4 and b != 0:
                        succ = t1[b]
                        n = len(succ)
                        forced = 0
                    c = succ[int(rand() * n)] if n > 1 else succ[0]
                else:
                    forced = 0
                    c = succ[int(rand() * n)]
                if c == 0:
                    break
                out.append(c)
                if len(out) > hi:
                    break
                a, b = b, c
            n = len(out)
            if n < lo or n > hi:
                continue
            q = self.quote
            if q >= 0 and out.count(q) % 2:
                out = [t for t in out if t != q]
            if out.count(self.lpar) != out.count(self.rpar):
                out = [t for t in out if t != self.lpar and t != self.rpar]
            if len(out) < lo:
                continue
            last = self.voc[out[-1]]
            closed = last == '"' and self.voc[out[-2]] in END_PUNCT
            if last not in END_PUNCT and not closed:
                out.append(self.stop_id)
            return out


# --------------------------------------------------------------- lexicon

class Lexicon:
    """Invented names, words and numbers; pools grow with the corpus like a
    real vocabulary (Heaps' law), popular entries recur across articles."""

    def __init__(self, model, rng):
        self.m = model
        self.rng = rng
        self.used = set(model.real_words)
        self.names = []
        self.name_draws = 0
        self.words = {}       # suffix -> list of invented words
        self.word_draws = {}
        self.cities = []
        self.city_draws = 0
        self.syn = {}

    def syllables(self, n):
        r = self.rng.random
        parts = []
        for _ in range(n):
            parts.append(ONSETS[int(r() * len(ONSETS))])
            parts.append(VOWELS[int(r() * len(VOWELS))])
            parts.append(CODAS[int(r() * len(CODAS))])
        return "".join(parts)

    def fresh(self, nsyl, suffix=""):
        tries = 0
        while True:
            w = self.syllables(nsyl) + suffix
            if len(w) >= 3 and w not in self.used:
                self.used.add(w)
                return w
            tries += 1
            if tries % 8 == 0:   # short forms used up: go longer
                nsyl += 1

    def _draw(self, pool, draws, K, beta, make):
        target = K * (draws + 1) ** beta
        if len(pool) < target or not pool:
            w = make()
            pool.append(w)
            return w
        return pool[int(len(pool) * self.rng.random() ** 2.5)]

    def name(self):
        self.name_draws += 1
        r = self.rng.random
        return self._draw(self.names, self.name_draws, 6.0, 0.75,
                          lambda: self.fresh(2 + (r() < 0.35)).capitalize())

    def city(self):
        self.city_draws += 1
        return self._draw(self.cities, self.city_draws, 3.0, 0.6,
                          lambda: self.fresh(2 + (self.rng.random() < 0.3))
                          .upper())

    def word(self, suffix):
        n = self.word_draws.get(suffix, 0) + 1
        self.word_draws[suffix] = n
        pool = self.words.setdefault(suffix, [])
        r = self.rng.random
        return self._draw(pool, n, 8.0, 0.6,
                          lambda: self.fresh(1 + (r() < 0.6) + (r() < 0.2),
                                             suffix))

    def real_word(self, suffix):
        lst = self.m.by_suffix.get(suffix) or self.m.all_content
        return lst[int(self.rng.random() * len(lst))]

    def synonyms(self, w):
        """Two fixed 'synonyms' of a content word: real words of the same
        suffix class (what a rewriter's thesaurus does to word overlap)."""
        s = self.syn.get(w)
        if s is None:
            suf = suffix_of(w.lower())
            lst = self.m.by_suffix.get(suf) or self.m.all_content
            r = self.rng.random
            s = []
            while len(s) < 2:
                c = lst[int(r() * len(lst))]
                if c != w:
                    s.append(c)
            self.syn[w] = s
        return s

    def number(self, tok):
        r = self.rng.random
        if len(tok) == 4 and tok.isdigit() and tok[:2] in ("19", "20"):
            return str(1990 + int(r() * 35))
        if tok.isdigit() and len(tok) <= 2 and int(tok) <= 31:
            return str(1 + int(r() * (31 if int(tok) > 12 else 12)))
        out = []
        first = True
        for ch in tok:
            if ch.isdigit():
                d = int(r() * 10)
                if first and d == 0 and len(tok) > 1:
                    d = 1 + int(r() * 9)
                out.append(str(d))
                first = False
            else:
                out.append(ch)
        return "".join(out)


class Vocab:
    """One article's vocabulary: maps source token ids to its own words."""

    def __init__(self, lex, rand, names=None, core_sub=0.2, real_frac=0.75):
        self.lex = lex
        self.rand = rand
        self.m = dict(lex.m.ident)
        self.core_sub = core_sub
        self.real_frac = real_frac
        if names is None:
            k = 5 + int(rand() * 8)
            names = []
            while len(names) < k:
                n = lex.name()
                if n not in names:
                    names.append(n)
        self.names = names
        self.acr = {}

    def map_sentence(self, ids):
        m = self.m
        out = []
        for t in ids:
            w = m.get(t)
            if w is None:
                w = self._new(t)
                m[t] = w
            if out and w == out[-1] and w[:1].isupper():
                w = self.names[int(self.rand() * len(self.names))]
                if w == out[-1]:
                    continue
            out.append(w)
        return out

    def _new(self, t):
        model = self.lex.m
        c = model.cls[t]
        tok = model.voc[t]
        r = self.rand
        if c == Model.KEEP:
            if r() < self.core_sub:
                return self.lex.real_word(model.suf[t])
            return tok
        if c == Model.NUM:
            return self.lex.number(tok)
        if c == Model.NAME:
            if tok.isupper() and len(tok) > 1:
                return "".join(chr(65 + int(r() * 26))
                               for _ in range(2 + int(r() * 2)))
            if r() < 0.45:
                return self.lex.name()
            n = self.names
            return n[int(len(n) * r() ** 1.3)]
        # rare content word
        suf = model.suf[t]
        if r() < self.real_frac:
            return self.lex.real_word(suf)
        return self.lex.word(suf)


# ------------------------------------------------------------ text output

def detok(toks, cap=True):
    parts = []
    quote_open = False
    no_space = True
    for i, w in enumerate(toks):
        if w == '"':
            if quote_open:
                parts.append('"')
                quote_open = False
                no_space = False
            else:
                if not no_space:
                    parts.append(" ")
                parts.append('"')
                quote_open = True
                no_space = True
            continue
        if not no_space and w not in NO_SPACE_BEFORE_TOK:
            parts.append(" ")
        if i == 0 or (cap and len(parts) == 1 and parts[0] == '"'):
            w = w[:1].upper() + w[1:]
        parts.append(w)
        no_space = w in NO_SPACE_AFTER_TOK
    s = "".join(parts)
    if cap and s[:1].islower():
        s = s[:1].upper() + s[1:]
    return s


def iso(t, fmt):
    d = EPOCH0 + datetime.timedelta(seconds=int(t))
    if fmt == "d":
        return d.strftime("%Y-%m-%d")
    return d.strftime("%Y-%m-%dT%H:%M:%SZ")


def effective(t, fmt):
    """The time a reader gets back from the formatted string."""
    if fmt == "d":
        return int(t) - int(t) % 86400
    return int(t)


class Article:
    __slots__ = ("sents", "paras", "dateline", "head", "foot", "outlet",
                 "time", "title", "names", "text", "idx", "root", "depth",
                 "vocab")

    def render(self):
        sep = OUTLETS[self.outlet][3]
        out = []
        i = 0
        first = True
        for n in self.paras:
            p = " ".join(detok(s) for s in self.sents[i:i + n])
            i += n
            if first and self.dateline:
                p = self.dateline + p
            first = False
            out.append(p)
        text = sep.join(out)
        if self.head:
            text = "\n".join(self.head) + "\n" + text
        if self.foot:
            text = text + sep + "\n".join(self.foot)
        return text


def paragraphs(n, rand):
    out = []
    while n > 0:
        k = 1 + int(rand() * 3)
        if k > n:
            k = n
        out.append(k)
        n -= k
    return out


# -------------------------------------------------------------- generator

class Generator:

    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.rand = self.rng.random
        t0 = time.time()
        self.m = Model(args.source, args.core_df)
        self.lex = Lexicon(self.m, random.Random(args.seed * 7919 + 1))
        log("gen_corpus: source %d sentences, %d tokens, %d types "
            "(%d core words kept) in %.1fs" % (
                self.m.nsource_sents, self.m.ntokens, self.m.V,
                len(self.m.core), time.time() - t0))
        self.arts = []
        self.truth = []
        self.negs = []

    # -- helpers
    def vocab(self, names=None):
        return Vocab(self.lex, self.rand, names, self.args.core_sub,
                     1.0 - self.args.invented)

    def outlet(self, exclude=-1):
        while True:
            o = self.rng.choices(range(len(OUTLETS)), OUTLET_WEIGHTS)[0] \
                if exclude < 0 else int(self.rand() * len(OUTLETS))
            if o != exclude:
                return o

    def nsent(self):
        # lognormal, median ~16 sentences, clipped to 5..30
        n = int(round(math.exp(self.rng.gauss(math.log(16), 0.45))))
        return max(5, min(30, n))

    def title(self, vocab):
        ids = self.m.sentence(self.rand, 6, 14)
        toks = vocab.map_sentence(ids)
        while toks and toks[-1] in END_PUNCT or (toks and toks[-1] == '"'):
            toks = toks[:-1]
        toks = [t for t in toks if t != '"']
        s = detok(toks)
        if self.rand() < 0.4:
            s = " ".join(w[:1].upper() + w[1:] if w.lower() not in STOP
                         else w for w in s.split(" "))
        return s

    def emit(self, art):
        art.idx = len(self.arts)
        art.text = art.render()
        self.arts.append(art)
        return art

    def later(self, parent, outlet, mean_s, min_s=600):
        fmt = OUTLETS[outlet][2]
        pfmt = OUTLETS[parent.outlet][2]
        t = parent.time + min_s + self.rng.expovariate(1.0 / mean_s)
        pe = effective(parent.time, pfmt)
        while effective(t, fmt) <= pe:
            t += 86400 * 0.5
        return t

    # -- base articles
    def base(self, sibling_of=None):
        rand = self.rand
        a = Article()
        if sibling_of is None:
            v = self.vocab()
            a.time = rand() * SPAN_S
        else:
            # same topic: a few of the sibling's names, own everything else
            own = self.vocab()
            shared = sibling_of.names[:2 + int(rand() * 2)]
            names = list(shared) + [n for n in own.names if n not in shared]
            v = self.vocab(names[:max(len(shared) + 2, 5)])
            a.time = min(SPAN_S - 1, sibling_of.time + rand() * 3 * 86400)
        a.vocab = v
        a.names = v.names
        n = self.nsent()
        a.sents = [v.map_sentence(self.m.sentence(rand)) for _ in range(n)]
        if sibling_of is not None:
            self.share_words(a, sibling_of)
        a.paras = paragraphs(n, rand)
        a.outlet = self.outlet()
        a.head = a.foot = None
        a.dateline = None
        if OUTLETS[a.outlet][1] and rand() < 0.85:
            d = EPOCH0 + datetime.timedelta(seconds=int(a.time))
            a.dateline = "%s, %s %d (%s) - " % (
                self.lex.city(), MONTHS[d.month - 1], d.day,
                OUTLETS[a.outlet][0])
        a.title = self.title(v)
        a.root = None
        a.depth = 0
        return self.emit(a)

    def share_words(self, b, a):
        """Makes 15-25% of the content-word types of b and a shared."""
        rand = self.rand
        ta = content_types(a.sents)
        tb = content_types(b.sents)
        sa = set(ta)
        sb = set(tb)
        target = 0.15 + rand() * 0.10
        inter = len(sa & sb)
        union = len(sa | sb)
        # replacing x unshared types of b by unshared types of a:
        # inter + x over union - x
        x = int(math.ceil((target * union - inter) / (1 + target)))
        if x <= 0:
            return
        cand_b = [w for w in tb if w not in sa and not w[:1].isupper()]
        cand_a = [w for w in ta if w not in sb]
        self.rng.shuffle(cand_b)
        self.rng.shuffle(cand_a)
        repl = dict(zip(cand_b[:x], cand_a[:x]))
        b.sents = [[repl.get(w, w) for w in s] for s in b.sents]

    # -- derived articles
    def derive(self, parent, how):
        rand = self.rand
        a = Article()
        a.root = parent.root if parent.root is not None else parent
        a.depth = parent.depth + 1
        a.names = parent.names
        a.vocab = parent.vocab
        a.outlet = self.outlet(exclude=parent.outlet)
        a.head = parent.head
        a.foot = parent.foot
        a.dateline = parent.dateline
        a.paras = parent.paras
        a.sents = parent.sents
        a.title = parent.title
        rel = "rewrite" if how in REWRITE_HOWS else "duplicate"
        mean = {"exact": 8 * 3600, "duplicate": 12 * 3600,
                "rewrite": 30 * 3600}["exact" if how == "exact" else rel]
        a.time = self.later(parent, a.outlet, mean)
        if how == "exact":
            if rand() < 0.3:
                a.title = parent.title + " | " + OUTLETS[a.outlet][0]
            a.idx = len(self.arts)
            a.text = exact_variant(parent.text, self.rng)
            self.arts.append(a)
        else:
            if how == "token_edits":
                a.sents = token_edits(parent.sents, self.rng, self.lex)
            elif how == "boilerplate":
                self.boilerplate(a)
            elif how == "truncated":
                n = len(parent.sents)
                k = max(2, int(round(n * (0.5 + 0.3 * rand()))))
                a.sents = parent.sents[:k]
                a.paras = cut_paras(parent.paras, k)
                a.foot = None
            elif how == "added_paragraph":
                self.added_paragraph(a, parent)
            else:
                self.rewrite(a, parent, how)
            self.emit(a)
        self.truth.append((parent.idx, a.idx, rel, how, a.root.idx))
        return a

    def boilerplate(self, a):
        rand = self.rand
        o = OUTLETS[a.outlet][0]
        dom = re.sub(r"[^a-z]", "", o.lower())
        year = (EPOCH0 + datetime.timedelta(seconds=int(a.time))).year
        slug = "-".join(detok(a.sents[0]).lower().split()[:6])
        slug = re.sub(r"[^a-z0-9-]", "", slug)
        fill = dict(outlet=o, domain=dom, slug=slug, year=year,
                    name=self.lex.name() + " " + self.lex.name(),
                    name2=self.lex.name() + " " + self.lex.name())
        # each outlet has its own fixed style
        oi = a.outlet
        r = rand()
        head = foot = None
        if r < 0.3:
            head = [BOILER_HEAD[oi % len(BOILER_HEAD)].format(**fill)]
        if r >= 0.2:
            foot = [BOILER_FOOT[oi % len(BOILER_FOOT)].format(**fill)]
            if rand() < 0.3:
                foot.append(BOILER_FOOT[(oi + 1) % len(BOILER_FOOT)]
                            .format(**fill))
        a.head = (a.head or []) + head if head else a.head
        a.foot = (a.foot or []) + foot if foot else a.foot

    def new_sentences(self, parent, k, maxwords=None):
        """k new sentences about the same story: own words, parent's names."""
        rand = self.rand
        v = self.vocab(parent.names)
        out = []
        tries = 0
        budget = maxwords
        while len(out) < k and tries < 40:
            tries += 1
            hi = 45
            if budget is not None:
                hi = min(45, budget - 4 * (k - len(out) - 1))
                if hi < 6:
                    break
            s = v.map_sentence(self.m.sentence(rand, 5, max(hi, 6)))
            if budget is not None:
                if len(s) > budget:
                    continue
                budget -= len(s)
            out.append(s)
        return out

    def added_paragraph(self, a, parent):
        rand = self.rand
        n = len(parent.sents)
        words = sum(len(s) for s in parent.sents)
        k = 2 + int(rand() * 3)
        extra = self.new_sentences(parent, k, int(words * 0.3))
        if not extra:
            extra = self.new_sentences(parent, 1, None)[:1]
        if rand() < 0.5 or n < 3:
            pos = n
        else:
            pos = 1 + int(rand() * (n - 1))
        a.sents = parent.sents[:pos] + extra + parent.sents[pos:]
        paras = []
        i = 0
        inserted = False
        for p in parent.paras:
            if i == pos and not inserted:
                paras.append(len(extra))
                inserted = True
            if i < pos < i + p and not inserted:
                paras.append(pos - i)
                paras.append(len(extra))
                paras.append(i + p - pos)
                inserted = True
            else:
                paras.append(p)
            i += p
        if not inserted:
            paras.append(len(extra))
        a.paras = paras

    def rewrite(self, a, parent, how):
        rand = self.rand
        lex = self.lex
        a.dateline = None
        a.head = a.foot = None
        sents = parent.sents
        if how == "reordered":
            sents = block_shuffle(sents, self.rng)
            sents = [reword(s, rand, lex, 0.25, 0.3, 0.25) for s in sents]
        elif how == "dropped":
            n = len(sents)
            drop = int(round(n * (0.3 + 0.2 * rand())))
            keep = sorted(self.rng.sample(range(1, n), min(drop, n - 1))
                          ) if n > 1 else []
            kept = set(range(n)) - set(keep)
            sents = [sents[i] for i in sorted(kept)]
            sents = [reword(s, rand, lex, 0.18, 0.25, 0.25) for s in sents]
        elif how == "reworded":
            p = 0.2 + 0.2 * rand()
            sents = [reword(s, rand, lex, p, 0.4, 0.4) for s in sents]
        elif how == "mixed":
            p = 0.2 + 0.15 * rand()
            src = [reword(s, rand, lex, p, 0.35, 0.3) for s in sents]
            frac = 0.2 + 0.2 * rand()
            k = max(1, int(round(len(src) * frac / (1 - frac))))
            new = self.new_sentences(parent, k)
            out = []
            # interleave: new sentences at random places, never first
            pos = sorted(1 + int(rand() * len(src)) for _ in new)
            j = 0
            for i, s in enumerate(src):
                while j < len(new) and pos[j] == i:
                    out.append(new[j])
                    j += 1
                out.append(s)
            out.extend(new[j:])
            sents = out
        else:
            raise ValueError(how)
        if rand() < 0.4:
            sents = list(sents)
            i = 0 if rand() < 0.7 else int(rand() * len(sents))
            sents[i] = attribute(sents[i], OUTLETS[parent.outlet][0], rand)
        a.sents = sents
        a.paras = paragraphs(len(sents), rand)
        a.title = self.title(self.vocab(parent.names))

    # -- driver
    def run(self):
        args = self.args
        rand = self.rand
        N = args.articles
        n_exact = int(round(N * args.exact))
        n_near = int(round(N * args.near))
        n_rew = int(round(N * args.rewrite))
        n_base = N - n_exact - n_near - n_rew
        if n_base < 1:
            sys.exit("gen_corpus: fractions leave no base articles")
        n_neg = min(int(round(N * args.hard_negatives)), n_base // 3)
        near_hows = ["token_edits", "boilerplate", "truncated",
                     "added_paragraph"]
        rew_hows = ["reordered", "dropped", "reworded", "mixed"]
        kinds = ["exact"] * n_exact
        kinds += [near_hows[i % 4] for i in range(n_near)]
        kinds += [rew_hows[i % 4] for i in range(n_rew)]
        self.rng.shuffle(kinds)
        children = [[] for _ in range(n_base)]
        for k in kinds:
            children[int(rand() * n_base)].append(k)
        # base slots whose next slot is a same-topic sibling
        sib = set()
        if n_neg:
            cand = list(range(0, n_base - 1, 2))
            self.rng.shuffle(cand)
            sib = set(cand[:n_neg])
        prev = None
        t0 = time.time()
        for slot in range(n_base):
            if slot - 1 in sib and prev is not None:
                art = self.base(sibling_of=prev)
                self.negs.append((prev.idx, art.idx))
            else:
                art = self.base()
            fam = [art]
            for how in children[slot]:
                if len(fam) > 1 and rand() < args.chain:
                    parent = fam[1 + int(rand() * (len(fam) - 1))]
                    if parent.depth >= 3:
                        parent = art
                else:
                    parent = art
                fam.append(self.derive(parent, how))
            # free token lists no longer needed (the base article's are kept
            # one more round: a same-topic sibling may follow)
            for f in fam[1:]:
                f.sents = None
                f.vocab = None
            if prev is not None:
                prev.sents = None
                prev.vocab = None
            prev = art
            if args.progress and slot % 20000 == 0 and slot:
                log("gen_corpus: %d base articles, %.1fs" %
                    (slot, time.time() - t0))

    # -- output
    def write(self, out):
        os.makedirs(out, exist_ok=True)
        order = sorted(range(len(self.arts)),
                       key=lambda i: (effective(self.arts[i].time,
                                                OUTLETS[self.arts[i].outlet]
                                                [2]), i))
        width = max(7, len(str(len(order))))
        ids = [None] * len(self.arts)
        for pos, i in enumerate(order):
            ids[i] = "n%0*d" % (width, pos + 1)
        total_text = 0
        tmp = os.path.join(out, "articles.jsonl.tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            w = f.write
            for i in order:
                a = self.arts[i]
                total_text += len(a.text.encode("utf-8"))
                w(json.dumps({
                    "id": ids[i], "title": a.title, "text": a.text,
                    "source": OUTLETS[a.outlet][0],
                    "published": iso(a.time, OUTLETS[a.outlet][2])},
                    ensure_ascii=False))
                w("\n")
        os.replace(tmp, os.path.join(out, "articles.jsonl"))
        with open(os.path.join(out, "truth.jsonl"), "w") as f:
            for p, c, rel, how, root in self.truth:
                f.write(json.dumps({"a": ids[p], "b": ids[c],
                                    "relation": rel, "how": how,
                                    "source": ids[p], "root": ids[root]}))
                f.write("\n")
        with open(os.path.join(out, "negatives.jsonl"), "w") as f:
            for a, b in self.negs:
                f.write(json.dumps({"a": ids[a], "b": ids[b],
                                    "kind": "same_topic"}))
                f.write("\n")
        return ids, total_text


# ------------------------------------------------------ edit operations

def content_types(sents):
    seen = {}
    for s in sents:
        for w in s:
            if w[:1].isalpha() and w.lower() not in STOP and w not in seen:
                seen[w] = 1
    return list(seen)


def is_content(w):
    return w[:1].isalpha() and not w[:1].isupper() and w not in STOP


def exact_variant(text, rng):
    r = rng.random()
    if r < 0.4:
        return text
    t = text
    if rng.random() < 0.4:
        t = t.replace("\n\n", "\n") if "\n\n" in t else t.replace("\n",
                                                                    "\n\n")
    if rng.random() < 0.35:
        t = re.sub(r'"([^"\n]*)"', "\u201c\\1\u201d", t).replace("'",
                                                                 "\u2019")
    if rng.random() < 0.3:
        t = t.replace(". ", ".  ")
    if rng.random() < 0.3:
        t = "\n".join(line + " " for line in t.split("\n"))
    if rng.random() < 0.15:
        t = t.replace("\n", "\r\n")
    if rng.random() < 0.2:
        t = "  " + t + "\n"
    if rng.random() < 0.12:
        # print style: the opening words in capitals
        ws = t.split(" ")
        t = " ".join([w.upper() for w in ws[:4]] + ws[4:])
    if t == text:
        t = text + "\n"
    return t


def token_edits(sents, rng, lex):
    rand = rng.random
    n = sum(len(s) for s in sents)
    k = max(1, int(round(n * (0.01 + 0.02 * rand()))))
    out = [list(s) for s in sents]
    for _ in range(k):
        si = int(rand() * len(out))
        s = out[si]
        if len(s) < 4:
            continue
        j = int(rand() * (len(s) - 1))
        w = s[j]
        r = rand()
        if r < 0.45 and w[:1].isalnum():
            if is_content(w) and rand() < 0.6:
                s[j] = lex.synonyms(w)[0]
            elif len(w) > 3:   # a typo: two letters swapped
                p = 1 + int(rand() * (len(w) - 2))
                if w[p - 1] != w[p]:
                    s[j] = w[:p - 1] + w[p] + w[p - 1] + w[p + 1:]
                else:             # or one dropped
                    s[j] = w[:p] + w[p + 1:]
            else:
                s[j] = "the" if w != "the" else "a"
        elif r < 0.75 and len(s) > 5 and w[:1].isalnum():
            del s[j]
        else:
            s.insert(j + 1, ("also", "now", "then", "the", "still",
                             "reportedly")[int(rand() * 6)])
    return out


def reword(s, rand, lex, p_sub, p_func, p_swap):
    toks = []
    i = 0
    n = len(s)
    while i < n:
        w = s[i]
        if is_content(w) and rand() < p_sub:
            syn = lex.synonyms(w)
            toks.append(syn[int(rand() * 2)])
            i += 1
            continue
        keys = PHRASE_KEYS.get(w)
        if keys and rand() < p_func:
            done = False
            for key in keys:
                L = len(key)
                if tuple(s[i:i + L]) == key:
                    alts = PHRASES[key]
                    toks.extend(alts[int(rand() * len(alts))])
                    i += L
                    done = True
                    break
            if done:
                continue
        toks.append(w)
        i += 1
    if rand() < p_swap:
        toks = swap_clauses(toks, rand)
    if not toks:
        return list(s)
    return toks


def swap_clauses(t, rand):
    if len(t) < 10 or t[-1] not in END_PUNCT or '"' in t:
        return t
    commas = [i for i, w in enumerate(t) if w == ","
              and 4 <= i <= len(t) - 5]
    if not commas:
        return t
    c = commas[int(rand() * len(commas))]
    left = t[:c]
    right = t[c + 1:-1]
    if right[0] in ("and", "but", "or", "which", "who", "while", "where",
                    "whose", "when", "including", "as"):
        return t
    return right + [","] + left + [t[-1]]


def attribute(s, outlet, rand):
    o = outlet.split()
    if o[0] == "The":
        o = ["the"] + o[1:]
    r = rand()
    body = s[:-1] if s and s[-1] in END_PUNCT else list(s)
    end = s[-1] if s and s[-1] in END_PUNCT else "."
    if '"' in s:
        return body + [",", "according", "to"] + o + [end]
    if r < 0.5:
        return body + [","] + o + ["reported", end]
    if r < 0.8:
        return body + [",", "according", "to"] + o + [end]
    return o + ["reported", "that"] + body + [end]


def block_shuffle(sents, rng):
    n = len(sents)
    if n < 4:
        return list(reversed(sents))
    blocks = []
    i = 0
    while i < n:
        k = 2 + int(rng.random() * 3)
        blocks.append(sents[i:i + k])
        i += k
    # move 1-2 blocks (never all): the lede stays or moves, as editors do
    moves = 1 + (len(blocks) > 3 and rng.random() < 0.5)
    for _ in range(moves):
        a = int(rng.random() * len(blocks))
        b = int(rng.random() * len(blocks))
        if a == b:
            b = (a + 1) % len(blocks)
        blk = blocks.pop(a)
        blocks.insert(b, blk)
    return [s for blk in blocks for s in blk]


def cut_paras(paras, k):
    out = []
    i = 0
    for p in paras:
        if i + p >= k:
            if k - i > 0:
                out.append(k - i)
            break
        out.append(p)
        i += p
    return out


# ---------------------------------------------------------------- stats

def words(text):
    return WORD_RE.findall(text.lower())


def shingles(ws, k=5):
    return set(" ".join(ws[i:i + k]) for i in range(len(ws) - k + 1))


def unigrams(ws):
    return set(w for w in ws if w not in STOP and not w.isdigit())


def jac(a, b):
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def quant(xs, qs=(0.1, 0.5, 0.9)):
    if not xs:
        return [float("nan")] * len(qs)
    xs = sorted(xs)
    return [xs[min(len(xs) - 1, int(q * len(xs)))] for q in qs]


def measure(gen, seed, npairs=400):
    rng = random.Random(seed + 17)
    arts = gen.arts
    feats = {}

    def f(i, keep=False):
        x = feats.get(i)
        if x is None:
            ws = words(arts[i].text)
            x = (shingles(ws), unigrams(ws), len(ws))
            if keep:
                feats[i] = x
        return x

    by_how = {}
    for p, c, rel, how, root in gen.truth:
        by_how.setdefault(how, []).append((p, c))
    out = {}
    for how, pairs in by_how.items():
        if len(pairs) > npairs:
            pairs = rng.sample(pairs, npairs)
        sj = []
        uj = []
        for p, c in pairs:
            a, b = f(p), f(c)
            sj.append(jac(a[0], b[0]))
            uj.append(jac(a[1], b[1]))
        out[how] = (len(by_how[how]), quant(sj), quant(uj))
    # random pairs of unrelated articles
    root = {}
    for p, c, rel, how, r in gen.truth:
        root[c] = r
        root[p] = root.get(p, p)
    neg = set()
    for a, b in gen.negs:
        neg.add((a, b))
    sample = rng.sample(range(len(arts)), min(len(arts), 2500))
    for i in sample:
        f(i, True)
    sj = []
    uj = []
    share = 0
    tries = 0
    while len(sj) < 20000 and tries < 40000:
        tries += 1
        i, j = rng.sample(sample, 2)
        if root.get(i, i) == root.get(j, j) or (i, j) in neg or (j, i) in neg:
            continue
        a, b = f(i), f(j)
        inter = len(a[0] & b[0])
        if inter:
            share += 1
        sj.append(inter / max(1, len(a[0] | b[0])))
        uj.append(jac(a[1], b[1]))
    out["random"] = (len(sj), quant(sj), quant(uj))
    nrand = len(sj)
    sj = []
    uj = []
    for i, j in gen.negs[:npairs]:
        a, b = f(i), f(j)
        sj.append(jac(a[0], b[0]))
        uj.append(jac(a[1], b[1]))
    out["hard_negative"] = (len(gen.negs), quant(sj), quant(uj))
    lens = sorted(f(i)[2] for i in sample)
    return out, share / max(1, nrand), quant(lens, (0.1, 0.5, 0.9))


# ----------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--source", default="data/ecbplus-dev/articles.jsonl")
    ap.add_argument("--out", required=True)
    ap.add_argument("--exact", type=float, default=0.10,
                    help="share of articles that are exact copies")
    ap.add_argument("--near", type=float, default=0.10,
                    help="share of articles that are near copies")
    ap.add_argument("--rewrite", type=float, default=0.10,
                    help="share of articles that are rewrites")
    ap.add_argument("--hard-negatives", type=float, default=0.01,
                    help="same-topic unrelated pairs, as a share of articles")
    ap.add_argument("--chain", type=float, default=0.2,
                    help="chance a derived article copies an earlier "
                    "derived one of its family rather than the original")
    ap.add_argument("--core-df", type=float, default=0.03,
                    help="source document frequency from which content words "
                    "are shared by all articles")
    ap.add_argument("--core-sub", type=float, default=0.15,
                    help="chance an article replaces a shared core word")
    ap.add_argument("--invented", type=float, default=0.25,
                    help="share of an article's rare content words replaced "
                    "by invented words (the rest by other real words)")
    ap.add_argument("--no-stats", action="store_true")
    ap.add_argument("--progress", action="store_true")
    args = ap.parse_args()
    t0 = time.time()
    gen = Generator(args)
    gen.run()
    t1 = time.time()
    ids, total_text = gen.write(args.out)
    t2 = time.time()
    counts = {}
    for p, c, rel, how, root in gen.truth:
        counts[how] = counts.get(how, 0) + 1
    meta = {"articles": len(gen.arts), "seed": args.seed,
            "text_bytes": total_text,
            "file_bytes": os.path.getsize(os.path.join(args.out,
                                                       "articles.jsonl")),
            "truth_pairs": len(gen.truth), "hard_negatives": len(gen.negs),
            "per_how": counts, "params": vars(args),
            "generate_s": round(t1 - t0, 2), "write_s": round(t2 - t1, 2)}
    log("gen_corpus: %d articles (%.1f MB text) in %.1fs + %.1fs writing" %
        (len(gen.arts), total_text / 1e6, t1 - t0, t2 - t1))
    depth = {}
    for a in gen.arts:
        depth[a.depth] = depth.get(a.depth, 0) + 1
    log("gen_corpus: planted %d pairs: %s; chain depths %s; "
        "%d hard negatives" % (len(gen.truth), ", ".join(
            "%s %d" % kv for kv in sorted(counts.items())),
            dict(sorted(depth.items())), len(gen.negs)))
    if not args.no_stats:
        st, share, lens = measure(gen, args.seed)
        log("gen_corpus: words/article p10/p50/p90 %d/%d/%d; random pairs "
            "sharing a 5-shingle %.3f%%" % (lens[0], lens[1], lens[2],
                                            100 * share))
        log("  %-16s %7s  %-20s  %-20s" % ("kind", "pairs",
                                          "5-shingle J p10/50/90",
                                          "content J p10/50/90"))
        for how in ("exact", "token_edits", "boilerplate", "truncated",
                    "added_paragraph", "reordered", "dropped", "reworded",
                    "mixed", "hard_negative", "random"):
            if how not in st:
                continue
            n, sj, uj = st[how]
            log("  %-16s %7d  %-20s  %-20s" % (
                how, n, "/".join("%.3f" % x for x in sj),
                "/".join("%.3f" % x for x in uj)))
        meta["stats"] = {k: {"pairs": v[0], "shingle_j_p10_50_90": v[1],
                             "content_j_p10_50_90": v[2]}
                         for k, v in st.items()}
        meta["random_pairs_sharing_5shingle"] = share
        meta["words_p10_50_90"] = lens
        meta["stats_s"] = round(time.time() - t2, 2)
    with open(os.path.join(args.out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
