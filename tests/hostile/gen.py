#!/usr/bin/python3
"""Hostile and degenerate corpora for tests/e2e/hostile.sh, written to
standard output (or into a directory) on the fly: nothing big is kept in
the repository.  The output depends only on the arguments.

    gen.py line SIZE             one JSON line with a text of SIZE bytes,
                                 then one good article
    gen.py big SIZE              one article of about SIZE bytes of prose, a
                                 rewrite of its first tenth (a third of the
                                 sentences left out, words put in,
                                 credited), and one unrelated small article
    gen.py oneword N             N articles of one word each, all different
    gen.py identical N           N copies of one article (distinct ids)
    gen.py near N                N variants of one article, each with one
                                 word replaced by a word of its own
    gen.py repeat N K            N articles, each one sentence K times
    gen.py repeat1 K             one article: one sentence K times, then a
                                 good article
    gen.py repeat2 K             two articles: two wordings of one sentence,
                                 each repeated K times
    gen.py nested KIND N         one hostile JSON line, then a good article;
                                 KIND: array (N deep [[[..]]]), object (N
                                 deep {"a":{"a":..}}), field (an object N
                                 deep beside "text"), number (N digits),
                                 keys (a field with N keys), unknown (a
                                 string field of N bytes beside "text")
    gen.py nul KIND              JSON Lines with NUL in them; KIND: raw (a
                                 raw NUL byte inside the text string),
                                 rawout (a raw NUL between fields), escaped
                                 ("\\u0000" inside the text)
    gen.py nuldir DIR            DIR/a.txt with a NUL byte in its middle,
                                 DIR/b.txt ending in a NUL byte, DIR/c.txt
                                 without NUL
    gen.py events N E DATES      N articles about E unrelated events (each
                                 event its own names and words); DATES:
                                 same (all published the same day) or none
                                 (no published field, no date words)
"""
import json
import random
import sys

OUT = sys.stdout

SYL = ["ka", "lo", "mi", "ru", "te", "sa", "vo", "ne", "di", "po",
       "ga", "fe", "zu", "ha", "bi", "ko", "la", "me", "ni", "to"]


def word(i, nsyl=3):
    """A made-up word, distinct for every i >= 0 (base-20 syllables)."""
    s = []
    for _ in range(nsyl):
        s.append(SYL[i % 20])
        i //= 20
    while i:
        s.append(SYL[i % 20])
        i //= 20
    return "".join(s)


def put(obj):
    OUT.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")))
    OUT.write("\n")


GOOD = {"id": "good", "text": "The harbour of Valdoria reopened on a calm "
        "morning after the storm had passed through the northern coast."}

TEMPLATES = [
    "{P} said the {w0} of the {w1} in {L} would {w2} the {w3} of {O}.",
    "Officials at {O} told reporters that {P} had asked for a {w4} {w5}.",
    "The {w6} near {L} was closed while {Q} and {P} discussed the {w7}.",
    "{Q} of {O} called the {w8} a {w9} and promised a full {w0}.",
    "Residents of {L} described a {w1} {w3} and long {w5} queues.",
    "According to {O}, the {w2} of {w4} rose sharply in {L}.",
    "{P} later met {Q} to review the {w6} and the {w7} {w8}.",
    "Witnesses said the {w9} {w0} began before {P} arrived in {L}.",
    '"We will rebuild the {w3} of {L} before the {w5}," {P} said.',
]


class Event:
    """The vocabulary of one event: two people, a place, an organisation
    and ten topic words, none shared with another event."""

    def __init__(self, e):
        b = e * 16
        cap = str.capitalize
        self.v = {
            "P": cap(word(b)) + " " + cap(word(b + 1)),
            "Q": cap(word(b + 2)) + " " + cap(word(b + 3)),
            "L": cap(word(b + 4)),
            "O": cap(word(b + 5)) + " " + cap(word(b + 6)),
        }
        for k in range(10):
            self.v["w%d" % k] = word(b + 6 + k + 1)

    def sentence(self, rng):
        return rng.choice(TEMPLATES).format(**self.v)

    def article(self, rng, nsent):
        return " ".join(self.sentence(rng) for _ in range(nsent))


def gen_line(size):
    OUT.write('{"id":"huge","text":"')
    chunk = "a" * (1 << 20)
    left = size
    while left > 0:
        n = min(left, len(chunk))
        OUT.write(chunk[:n])
        left -= n
    OUT.write('"}\n')
    put(GOOD)


def gen_big(size):
    rng = random.Random(1)
    # many events' vocabularies, so that a term is in a few sentences only
    evs = [Event(1000 + i) for i in range(200)]
    sents = []
    n = 0
    while n < size:
        s = evs[rng.randrange(len(evs))].sentence(rng)
        s = s[:-1] + " by " + word(10**6 + len(sents)) + s[-1]  # all different
        sents.append(s)
        n += len(s) + 1
    put({"id": "big", "text": " ".join(sents)})
    # of its first tenth, every third sentence left out and "reportedly"
    # put in every other one (aligning two 10 MB texts of common words is
    # O(sum over words of the products of their sentence counts): a
    # documented cost, not what this case is about)
    kept = [x.replace(" the ", " reportedly the ", 1) if i % 2 else x
            for i, x in enumerate(sents[:len(sents) // 10]) if i % 3 != 2]
    put({"id": "big-rewrite",
         "text": "Reuters reported that " + " ".join(kept)})
    put(GOOD)


def gen_oneword(n):
    for i in range(n):
        OUT.write('{"id":%d,"text":"%s"}\n' % (i, word(i)))


def base_article():
    """Eight sentences of one event, the last a quotation."""
    rng = random.Random(2)
    ev = Event(7)
    return ev.article(rng, 7) + " " + TEMPLATES[-1].format(**ev.v)


def gen_identical(n):
    t = json.dumps(base_article())
    for i in range(n):
        OUT.write('{"id":"c%d","text":%s}\n' % (i, t))


def gen_near(n):
    words = base_article().split(" ")
    for i in range(n):
        w = list(words)
        k = i % len(w)
        w[k] = word(100000 + i)
        OUT.write('{"id":"n%d","text":%s}\n' % (i, json.dumps(" ".join(w))))


def gen_repeat(n, k):
    t = json.dumps(" ".join([Event(9).sentence(random.Random(3))] * k))
    for i in range(n):
        OUT.write('{"id":"r%d","text":%s}\n' % (i, t))


def gen_repeat1(k):
    put({"id": "rep", "text": " ".join([Event(9).sentence(random.Random(3))] * k)})
    put(GOOD)


def gen_repeat2(k):
    s1 = ("Officials in Valdoria said the harbour bridge would reopen on "
          "Monday after repairs.")
    s2 = ("The harbour bridge in Valdoria will reopen Monday after repairs, "
          "officials said.")
    put({"id": "a", "text": " ".join([s1] * k)})
    put({"id": "b", "text": " ".join([s2] * k)})


def gen_nested(kind, n):
    w = OUT.write
    if kind == "array":
        w("[" * n + "]" * n + "\n")
    elif kind == "object":
        w('{"a":' * n + "1" + "}" * n + "\n")
    elif kind == "field":
        w('{"id":"deep","text":"Some text.","meta":' + '{"a":' * n + "1" +
          "}" * n + "}\n")
    elif kind == "number":
        w('{"id":"num","text":"Some text.","n":1')
        chunk = "7" * (1 << 20)
        left = n - 1
        while left > 0:
            w(chunk[:min(left, len(chunk))])
            left -= len(chunk)
        w("}\n")
    elif kind == "keys":
        w('{"id":"keys","text":"Some text.","m":{')
        w(",".join('"k%d":%d' % (i, i) for i in range(n)))
        w("}}\n")
    elif kind == "unknown":
        w('{"id":"blob","text":"Some text.","blob":"')
        chunk = "b" * (1 << 20)
        left = n
        while left > 0:
            w(chunk[:min(left, len(chunk))])
            left -= len(chunk)
        w('"}\n')
    else:
        sys.exit("gen.py: unknown nested kind " + kind)
    put(GOOD)


def gen_nul(kind):
    b = sys.stdout.buffer
    sys.stdout.flush()
    if kind == "raw":
        b.write(b'{"id":"raw","text":"before\x00after the byte"}\n')
    elif kind == "rawout":
        b.write(b'{"id":"rawout",\x00"text":"a text"}\n')
    elif kind == "escaped":
        b.write(b'{"id":"esc","text":"before\\u0000after the escape"}\n')
    else:
        sys.exit("gen.py: unknown nul kind " + kind)
    b.write(json.dumps(GOOD).encode() + b"\n")
    b.flush()


def gen_nuldir(d):
    with open(d + "/a.txt", "wb") as f:
        f.write(b"Storm hits the coast\n\nThe storm hit the coast.\x00"
                b" Hidden words after the NUL byte.\n")
    with open(d + "/b.txt", "wb") as f:
        f.write(b"A text that ends in a NUL byte.\n\x00")
    with open(d + "/c.txt", "wb") as f:
        f.write(GOOD["text"].encode() + b"\n")


def gen_events(n, ne, dates):
    rng = random.Random(4)
    evs = {}
    for i in range(n):
        e = i % ne
        if e not in evs:
            evs[e] = Event(50 + e)
        a = {"id": "e%d-%d" % (e, i // ne),
             "text": evs[e].article(rng, 5 + rng.randrange(4))}
        if dates == "same":
            a["published"] = "2024-05-01T%02d:%02d:00Z" % (i % 24, i % 60)
        put(a)


def main():
    a = sys.argv[1:]
    if not a:
        sys.exit(__doc__)
    c, args = a[0], a[1:]
    if c == "line":
        gen_line(int(args[0]))
    elif c == "big":
        gen_big(int(args[0]))
    elif c == "oneword":
        gen_oneword(int(args[0]))
    elif c == "identical":
        gen_identical(int(args[0]))
    elif c == "near":
        gen_near(int(args[0]))
    elif c == "repeat":
        gen_repeat(int(args[0]), int(args[1]))
    elif c == "repeat1":
        gen_repeat1(int(args[0]))
    elif c == "repeat2":
        gen_repeat2(int(args[0]))
    elif c == "nested":
        gen_nested(args[0], int(args[1]))
    elif c == "nul":
        gen_nul(args[0])
    elif c == "nuldir":
        gen_nuldir(args[0])
    elif c == "events":
        gen_events(int(args[0]), int(args[1]), args[2])
    else:
        sys.exit("gen.py: unknown corpus " + c)


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:  # the reader may stop early; that is its right
        sys.exit(0)
