#!/usr/bin/env python3
"""Writes the hand-made seed inputs of the fuzz targets into
tests/fuzz/corpus/NAME/seed-* (run from the repository root).  The kept
corpora are these seeds plus what fuzzing found, minimised with
`sh tests/fuzz/run.sh --merge NAME`; rerunning this script only adds or
refreshes the seed-* files.  Input layouts: see the comment at the top of
each tests/fuzz/fuzz_NAME.c."""
import json
import os

ROOT = "tests/fuzz/corpus"
ECB = "data/ecbplus-dev/articles.jsonl"
IO = "tests/data/io"
E2E = "tests/data/e2e"


def put(target, name, data):
    d = os.path.join(ROOT, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def read(path):
    with open(path, "rb") as f:
        return f.read()


ecb_lines = read(ECB).split(b"\n")
ecb = [json.loads(l) for l in ecb_lines[:400] if l.strip()]
ecb_texts = [a["text"] for a in ecb]
cases = [json.loads(l) for l in read(E2E + "/cases.jsonl").split(b"\n") if l.strip()]

HOSTILE_TEXT = [
    "",
    " \n\t\u00a0\u2028\u3000 ",
    "\ufeffBOM first. Then text.",
    "U.S. Sen. John R. Smith Jr. met Dr. J. R. R. Tolkien on Dec. 3 at 10 a.m. No. 5 "
    "was 3.5 times e.g. larger. \"Really?\" he said. 'Yes!' She left... The end",
    "\u201cWe will not back down,\u201d Foreign Minister Sergei Lavrov told "
    "reporters in Moscow on Tuesday, according to RIA Novosti.",
    "BEIJING, Dec 3 (Reuters) - China's foreign ministry said on Monday that "
    "\"no one should interfere\", Xinhua reported. Last week, officials met.",
    "\u00c9t\u00e9 \u00e0 Z\u00fcrich: \u00ab L'\u00e9conomie va bien \u00bb, "
    "a d\u00e9clar\u00e9 le ministre fran\u00e7ais. \ufb01n \u2460 \u00bd",
    "\u041c\u043e\u0441\u043a\u0432\u0430. \u041f\u0440\u0435\u0437\u0438\u0434\u0435\u043d\u0442 "
    "\u0437\u0430\u044f\u0432\u0438\u043b \u00ab\u043d\u0435\u0442\u00bb. \u0412\u0447\u0435\u0440\u0430.",
    "\u65e5\u672c\u8a9e\u306e\u6587\u3002\u3053\u308c\u306f\u30c6\u30b9\u30c8\u3067\u3059\uff01"
    "\u300c\u306f\u3044\u300d\u3068\u8a00\u3063\u305f\u3002\ud55c\uad6d\uc5b4 \ubb38\uc7a5.",
    "\u0627\u0644\u0633\u0644\u0627\u0645 \u0639\u0644\u064a\u0643\u0645\u061f \u0647\u0630\u0627 "
    "\u0646\u0635\u06d4 \u0928\u092e\u0938\u094d\u0924\u0947\u0964 \u0915\u0932\u0964",
    "e\u0301\u0302\u0303 a\u030a \u1e9b\u0323 \u212b \u2126 \uff21\uff22\uff23 \u2163 x\u200by",
    "On Tuesday, March 4, 2014, and last week, in 2012, next month, 2 days ago, "
    "on 2014-03-05, 4/3/2014, the 1990s, yesterday at 3 p.m., on Friday Jan. 31.",
    "He said: \"'Nested' quotes\" and \u201copen without close. \u00bbGerman\u00ab "
    "\u201eLow\u201c \u2039single\u203a \u300cCJK\u300d",
    "A" * 300 + ". " + "b " * 200,
    "\r\n\r\nCRLF line.\rCR line.\u0085NEL line.\u2029Para.",
]


def ctrl_text_targets():
    texts = ecb_texts[:12] + [c["text"] for c in cases[:6]] + HOSTILE_TEXT
    for i, t in enumerate(texts):
        # fuzz_text: control byte: strip accents, language index
        put("fuzz_text", "text%02d" % i, bytes([(i * 4) % 256 | (i & 1)]) + t.encode())
        put("fuzz_sentence", "text%02d" % i, t.encode())
    put("fuzz_text", "lang-in-text", b"\x02de\nDie Regierung hat am Dienstag entschieden, "
        b"dass die Zinsen steigen. \xc3\x84nderungen folgen.")
    put("fuzz_text", "lang-in-text-fr", b"\x03fr_FR.UTF-8\nL'\xc3\xa9t\xc3\xa9 d'Italie, "
        b"qu'il disait. Aujourd'hui.")
    put("fuzz_text", "invalid-utf8", b"\x00ok \xc0\xaf overlong \xed\xa0\x80 surrogate \xf4\x90\x80\x80 big")
    put("fuzz_sentence", "invalid-utf8", b"One. \xff Two. \xe2\x80 Three.\x00 Four")


def facts():
    modes = [0, 2, 4, 5, 6, 7, 3, 1]
    texts = ecb_texts[12:24] + [c["text"] for c in cases] + HOSTILE_TEXT[3:13]
    for i, t in enumerate(texts):
        m = modes[i % len(modes)]
        b0 = m | (8 | ((i % 8) << 4) if i % 3 == 0 else 0)
        v = (i * 2654435761) & 0xFFFFFFFF
        put("fuzz_facts", "text%02d" % i, bytes([b0]) + v.to_bytes(4, "big") + t.encode())


def jsonl():
    def p(b0, b1, data):
        return bytes([b0, b1]) + data
    n = 0

    def put_j(name, b0, b1, data):
        put("fuzz_jsonl", name, p(b0, b1, data))

    put_j("ecb3", 0x0A, 1, b"\n".join(ecb_lines[:3]) + b"\n")
    put_j("ecb3-small-cap", 0x04, 0, b"\n".join(ecb_lines[3:6]))
    put_j("cases", 0x0A, 1, read(E2E + "/cases.jsonl"))
    put_j("e2e-bad", 0x0A, 0, read(E2E + "/bad.jsonl"))
    put_j("io-bad", 0x03, 0, read(IO + "/bad.jsonl"))
    put_j("io-bad-nowarn", 0x43, 0, read(IO + "/bad.jsonl"))
    put_j("io-good", 0x2A, 1, read(IO + "/good.jsonl"))
    for f, b0 in (("good.jsonl.gz", 0x0A), ("good.jsonl.zst", 0x8A), ("twice.jsonl.gz", 0x1A),
                  ("truncated.jsonl.gz", 0x0A), ("truncated.jsonl.zst", 0x0A),
                  ("corrupt.jsonl.gz", 0x8A), ("good-gzip.bin", 0x8A)):
        put_j(f.replace(".", "-"), b0, 0, read(IO + "/" + f))
    put_j("plain-dat", 0x8A, 0, b'{"id":"a","text":"x"}\n')
    put_j("array", 0x0A, 1, b'[{"id":"a","text":"One."},\n {"id":2,"text":"Two.","lang":"de"}, '
          b'{"id":"c","text":"x","published":"2024-03-05T10:20:00.5+02:00"}]')
    put_j("array-empty", 0x0A, 0, b" [ ] ")
    put_j("array-bad", 0x0A, 0, b'[{"id":"a","text":"One."} {"id":"b"}]')
    put_j("pretty-object", 0x0A, 0,
          b'\xef\xbb\xbf{\n  "id": "p",\n  "text": "Pretty\\nprinted.",\n  "title": "T"\n}\n')
    put_j("object-then-lines", 0x0A, 0, b'{"id":"a",\n"text":"x"}\n{"id":"b","text":"y"}\n')
    put_j("hostile", 0x01, 0,
          b'{"id":"s","text":"\\ud83d\\ude00 ok \\udc00 lone"}\n'
          b'{"id":"s2","text":"end \\ud800"}\n'
          b'{"id":18446744073709551615,"text":"big id"}\n'
          b'{"id":-9223372036854775808,"text":"small id"}\n'
          b'{"id":1.5,"text":"float id"}\n'
          b'{"id":"d","text":"deep","x":' + b"[" * 40 + b"]" * 40 + b"}\n"
          b'{"id":"t","text":"t","published":"9999-12-31T23:59:60-23:59"}\n'
          b'{"id":"t0","text":"t","published":"0000-01-01T00:00:00+23:59"}\n'
          b'{"id":"n","text":"a\\u0000b"}\n'
          b'{"id":"dup","text":"one"}\n{"id":"dup","text":"two"}\n'
          b'\r\n   \t\n'
          b'{"id":"cr","text":"x"}\r\n')
    put_j("long-line", 0x10, 0, b'{"id":"l","text":"' + b"x" * 200 + b'"}\n{"id":"ok","text":"y"}')


def dirs():
    def entries(b0, items, pre=b""):
        out = bytes([b0]) + pre
        for name, content in items:
            out += b"\n==> " + name + b"\n" + content
        return out
    io_dir = [(n.encode(), read(IO + "/dir/" + n)) for n in sorted(os.listdir(IO + "/dir"))]
    put("fuzz_dir", "io-dir", entries(0x4A, io_dir))
    txt = [(n.encode(), read(E2E + "/txtdir/" + n)) for n in sorted(os.listdir(E2E + "/txtdir"))]
    put("fuzz_dir", "txtdir", entries(0x0A, txt))
    put("fuzz_dir", "mixed", entries(0x42, [
        (b"title.txt", b"Short headline\n\nBody text follows here. It is long enough."),
        (b"dot-title.txt", b"Not a title.\nBody."),
        (b"bom.txt", b"\xef\xbb\xbfBOM title\nBody."),
        (b"big.txt", b"x" * 300),
        (b"\xff\xfebad-name.txt", b"Invalid name."),
        (b"sub/", b""),
        (b"link.txt@", b"missing-target"),
        (b"data.jsonl", b'{"id":"j","text":"From JSON."}\n{"id":"j2"}\n'),
    ]))
    put("fuzz_dir", "compressed", entries(0x0A, [
        (b"a.jsonl.gz", read(IO + "/good.jsonl.gz")),
        (b"b.jsonl.zst", read(IO + "/good.jsonl.zst")),
        (b"c.ndjson", read(IO + "/good.jsonl")),
        (b"d.JSON", b"[]"),
        (b"e.txt", b"\x00nul"),
        (b".hidden.txt", b"hidden"),
        (b"f.TXT", b"Upper-case extension.\n"),
        (b"empty.txt", b""),
    ]))


def compare():
    sep = "\n==> "
    byid = {c["id"]: c["text"] for c in cases}
    groups = [
        ["wire", "rewrite"], ["wire", "repost", "short"], ["cyrillic", "cyrillic-copy"],
        ["wire", "same-actors"],
    ]
    for i, g in enumerate(groups):
        texts = [byid[k] for k in g if k in byid]
        if len(texts) >= 2:
            put("fuzz_compare", "cases%d" % i, bytes([i * 0x25 & 0x7F]) + sep.join(texts).encode())
    for i in range(0, 8, 2):
        put("fuzz_compare", "ecb%d" % i, bytes([0x21 + i]) + sep.join(ecb_texts[i:i + 2]).encode())
    put("fuzz_compare", "same", b"\x01" + (sep.join([ecb_texts[0]] * 3)).encode())
    put("fuzz_compare", "tiny", b"\x00a" + sep.encode() + b"a" + sep.encode() + b" ")


ctrl_text_targets()
facts()
jsonl()
dirs()
compare()
