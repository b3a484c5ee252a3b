#!/usr/bin/python3
"""Scores `storyline dedup --pairs` output against a generated truth.

    /usr/bin/python3 bench/score_dedup.py TRUTH.jsonl PRED.jsonl
        [--negatives NEG.jsonl] [--ids IDS.txt] [--json] [--show N]

TRUTH is gen_corpus.py's truth.jsonl (a, b, relation, how, source).  PRED is
JSON Lines; records with "type": "pair" and "relation" "duplicate" or
"rewrite" are scored, everything else (groups, stats) is ignored.

Duplicates: truth duplicate edges are closed transitively - every pair inside
a connected component of duplicate edges is a true duplicate pair.  Precision
is over predicted duplicate pairs, recall over all those closed pairs.
Rewrites: a predicted rewrite pair is correct when it is a planted rewrite
pair or joins two articles of one component over duplicate + rewrite edges
(e.g. a rewrite of a copy of the source).  Recall is over the planted rewrite
pairs; one predicted as duplicate counts as found (and is reported).
Also: recall per "how", how wrong pairs split (unrelated, same-topic hard
negative, right family but wrong relation), and direction agreement when the
predicted pairs name a source ("source" or "direction": {"source": id}).

--negatives defaults to negatives.jsonl beside TRUTH when it exists.
--ids restricts the truth to pairs whose two articles are listed (one id a
line): for scoring a run on a subset, e.g. peer_sklearn.py --limit.
--json prints one machine-readable JSON line instead of the report.
--use-groups also counts every pair inside a predicted group record.
"Family recall" counts a planted pair as found when its derived article is
linked to any article of its family (e.g. to the original instead of to the
copy it was made from): it tells chain-attribution misses from real misses.
"""
import argparse
import json
import os
import sys

DUP_HOWS = ("exact", "token_edits", "boilerplate", "truncated",
            "added_paragraph")
REW_HOWS = ("reordered", "dropped", "reworded", "mixed")


class UF:
    def __init__(self):
        self.p = {}

    def find(self, x):
        p = self.p
        if x not in p:
            return x
        root = x
        while p.get(root, root) != root:
            root = p[root]
        while p.get(x, x) != root:
            nxt = p[x]
            p[x] = root
            x = nxt
        return root

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if rb < ra:
                ra, rb = rb, ra
            self.p[rb] = ra
            self.p.setdefault(ra, ra)


def key(a, b):
    return (a, b) if a <= b else (b, a)


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                yield json.loads(line)
            except ValueError as e:
                sys.exit("%s:%d: not JSON: %s" % (path, n, e))


def prf(tp, npred, ntrue):
    p = tp / npred if npred else 0.0
    r = tp / ntrue if ntrue else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("truth")
    ap.add_argument("pred")
    ap.add_argument("--negatives")
    ap.add_argument("--ids")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--use-groups", action="store_true",
                    help="also count every pair inside a predicted group")
    ap.add_argument("--show", type=int, default=10,
                    help="misses and false positives listed (10)")
    args = ap.parse_args()

    only = None
    if args.ids:
        with open(args.ids, encoding="utf-8") as f:
            only = set(line.strip() for line in f if line.strip())

    def inside(*xs):
        return only is None or all(x in only for x in xs)

    # ---- truth
    dup_uf = UF()
    all_uf = UF()
    planted = {}            # key -> (relation, how, source)
    order = []
    for t in read_jsonl(args.truth):
        a, b, rel = t["a"], t["b"], t["relation"]
        all_uf.union(a, b)
        if rel == "duplicate":
            dup_uf.union(a, b)
        if not inside(a, b):
            continue
        k = key(a, b)
        if k not in planted:
            planted[k] = (rel, t.get("how", "?"), t.get("source"))
            order.append(k)
    # closed duplicate pairs: sum over components of C(size, 2)
    comp = {}
    for x in list(dup_uf.p):
        if inside(x):
            r = dup_uf.find(x)
            comp[r] = comp.get(r, 0) + 1
    n_dup_closed = sum(s * (s - 1) // 2 for s in comp.values())
    n_dup_planted = sum(1 for v in planted.values() if v[0] == "duplicate")
    n_rew_planted = sum(1 for v in planted.values() if v[0] == "rewrite")

    negs = set()
    neg_path = args.negatives
    if neg_path is None:
        cand = os.path.join(os.path.dirname(args.truth) or ".",
                            "negatives.jsonl")
        if os.path.exists(cand):
            neg_path = cand
    if neg_path:
        for t in read_jsonl(neg_path):
            if inside(t["a"], t["b"]):
                negs.add(key(t["a"], t["b"]))

    # ---- predictions
    pred = {}
    pred_order = []
    pred_src = {}
    records = 0
    groups = []
    for r in read_jsonl(args.pred):
        records += 1
        if r.get("type", "pair") == "group":
            if args.use_groups and r.get("kind") in ("duplicate", "rewrite"):
                groups.append((r["kind"], [str(m) for m in
                                           r.get("members", [])]))
            continue
        if r.get("type", "pair") != "pair":
            continue
        rel = r.get("relation")
        if rel not in ("duplicate", "rewrite"):
            continue
        a, b = str(r["a"]), str(r["b"])
        if a == b:
            continue
        k = key(a, b)
        if k in pred:
            continue
        pred[k] = rel
        pred_order.append(k)
        src = r.get("source")
        if not isinstance(src, str) and isinstance(r.get("direction"), dict):
            src = r["direction"].get("source")
        if isinstance(src, str) and src in k:
            pred_src[k] = src
    n_from_groups = 0
    for kind, members in groups:   # --use-groups: every pair of a group
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                k = key(members[i], members[j])
                if k not in pred:
                    pred[k] = kind
                    pred_order.append(k)
                    n_from_groups += 1
    partners = {}
    for k in pred_order:
        partners.setdefault(k[0], []).append((k[1], pred[k]))
        partners.setdefault(k[1], []).append((k[0], pred[k]))

    def family_found(a, b, rel):
        """b (the derived article) is linked to some article of its family:
        for duplicates, as duplicate within b's duplicate component."""
        for x, r in partners.get(b, ()):
            if rel == "duplicate":
                if r == "duplicate" and dup_uf.find(x) == dup_uf.find(b):
                    return True
            elif all_uf.find(x) == all_uf.find(b):
                return True
        return False

    # ---- duplicates
    pd = [k for k in pred_order if pred[k] == "duplicate"]
    tp_dup = 0
    fp_dup = []
    fp_kind = {"unrelated": 0, "hard_negative": 0, "rewrite_family": 0}
    for k in pd:
        if dup_uf.find(k[0]) == dup_uf.find(k[1]):
            tp_dup += 1
        else:
            fp_dup.append(k)
            if k in negs:
                fp_kind["hard_negative"] += 1
            elif all_uf.find(k[0]) == all_uf.find(k[1]):
                fp_kind["rewrite_family"] += 1
            else:
                fp_kind["unrelated"] += 1
    dp, dr, df = prf(tp_dup, len(pd), n_dup_closed)

    # ---- rewrites
    pr = [k for k in pred_order if pred[k] == "rewrite"]
    tp_rew = 0
    fp_rew = []
    fpr_kind = {"unrelated": 0, "hard_negative": 0}
    for k in pr:
        v = planted.get(k)
        if (v and v[0] == "rewrite") or \
                all_uf.find(k[0]) == all_uf.find(k[1]):
            tp_rew += 1
        else:
            fp_rew.append(k)
            fpr_kind["hard_negative" if k in negs else "unrelated"] += 1
    found_rew = 0
    found_rew_as_dup = 0
    per_how = {}
    miss_dup = []
    miss_rew = []
    dir_n = dir_ok = 0
    for k in order:
        rel, how, src = planted[k]
        h = per_how.setdefault(how, [0, 0, 0, 0])  # n, as dup, as rew, any
        h[0] += 1
        p = pred.get(k)
        if p == "duplicate":
            h[1] += 1
        elif p == "rewrite":
            h[2] += 1
        if p:
            h[3] += 1
            if k in pred_src and src:
                dir_n += 1
                dir_ok += pred_src[k] == src
        if rel == "rewrite":
            if p:
                found_rew += 1
                if p == "duplicate":
                    found_rew_as_dup += 1
            else:
                miss_rew.append((k, how))
        elif p != "duplicate":
            miss_dup.append((k, how, p))
    _, rr, _ = prf(found_rew, 1, n_rew_planted)
    rp = tp_rew / len(pr) if pr else 0.0
    rf = 2 * rp * rr / (rp + rr) if rp + rr else 0.0
    fam_dup = sum(1 for k in order if planted[k][0] == "duplicate"
                  and family_found(k[0], k[1], "duplicate"))
    fam_rew = sum(1 for k in order if planted[k][0] == "rewrite"
                  and family_found(k[0], k[1], "rewrite"))
    strict_rew = sum(1 for k in order if planted[k][0] == "rewrite"
                     and pred.get(k) == "rewrite")
    planted_dup_found = sum(1 for k in order if planted[k][0] == "duplicate"
                            and pred.get(k) == "duplicate")

    # ---- any relation
    tp_any = sum(1 for k in pred_order
                 if all_uf.find(k[0]) == all_uf.find(k[1]))
    found_any = sum(1 for k in order if k in pred)
    ap_ = tp_any / len(pred_order) if pred_order else 0.0
    ar_ = found_any / len(order) if order else 0.0
    af_ = 2 * ap_ * ar_ / (ap_ + ar_) if ap_ + ar_ else 0.0
    neg_found = sum(1 for k in negs if k in pred)

    res = {
        "pred_records": records,
        "pred_pairs": len(pred_order),
        "pairs_from_groups": n_from_groups,
        "duplicate": {
            "predicted": len(pd), "true_pairs_closed": n_dup_closed,
            "tp": tp_dup, "precision": round(dp, 4), "recall": round(dr, 4),
            "f1": round(df, 4),
            "planted": n_dup_planted, "planted_found": planted_dup_found,
            "planted_recall": round(planted_dup_found / n_dup_planted, 4)
            if n_dup_planted else 0.0,
            "family_recall": round(fam_dup / n_dup_planted, 4)
            if n_dup_planted else 0.0,
            "false_positives": fp_kind},
        "rewrite": {
            "predicted": len(pr), "planted": n_rew_planted, "tp": tp_rew,
            "precision": round(rp, 4), "recall": round(rr, 4),
            "f1": round(rf, 4),
            "found_as_duplicate": found_rew_as_dup,
            "strict_recall": round(strict_rew / n_rew_planted, 4)
            if n_rew_planted else 0.0,
            "family_recall": round(fam_rew / n_rew_planted, 4)
            if n_rew_planted else 0.0,
            "false_positives": fpr_kind},
        "any": {"predicted": len(pred_order), "tp": tp_any,
                "planted": len(order), "planted_found": found_any,
                "precision": round(ap_, 4), "recall": round(ar_, 4),
                "f1": round(af_, 4)},
        "hard_negatives": {"pairs": len(negs), "predicted": neg_found},
        "per_how": {h: {"pairs": v[0], "as_duplicate": v[1],
                        "as_rewrite": v[2],
                        "recall": round(v[3] / v[0], 4) if v[0] else 0.0}
                    for h, v in sorted(per_how.items())},
        "direction": {"pairs_with_source": dir_n, "agree": dir_ok},
    }
    if args.json:
        print(json.dumps(res, sort_keys=True))
        return

    w = sys.stdout.write
    if n_from_groups:
        w("(%d of the predicted pairs come from groups: --use-groups)\n" %
          n_from_groups)
    w("pred: %d records, %d related pairs; truth: %d planted pairs "
      "(%d duplicate, %d rewrite), %d closed duplicate pairs%s\n" % (
          records, len(pred_order), len(order), n_dup_planted,
          n_rew_planted, n_dup_closed,
          ", restricted to %d ids" % len(only) if only is not None else ""))
    w("\n%-10s %9s %9s %9s %7s %7s %7s\n" % (
        "relation", "predicted", "true", "correct", "P", "R", "F1"))
    w("%-10s %9d %9d %9d %7.4f %7.4f %7.4f\n" % (
        "duplicate", len(pd), n_dup_closed, tp_dup, dp, dr, df))
    w("%-10s %9d %9d %9d %7.4f %7.4f %7.4f\n" % (
        "rewrite", len(pr), n_rew_planted, tp_rew, rp, rr, rf))
    w("%-10s %9d %9d %9d %7.4f %7.4f %7.4f\n" % (
        "any", len(pred_order), len(order), tp_any, ap_, ar_, af_))
    w("(duplicate recall is over the closed duplicate pairs, rewrite and "
      "any recall over the planted pairs)\n")
    w("\nplanted duplicate pairs found as duplicate: %d of %d\n" % (
        planted_dup_found, n_dup_planted))
    w("planted rewrite pairs found: %d of %d (%d of them as duplicate; "
      "as rewrite: recall %.4f)\n" % (found_rew, n_rew_planted,
                                      found_rew_as_dup,
                                      res["rewrite"]["strict_recall"]))
    w("family recall (the derived article linked to any article of its "
      "family, e.g. the\n  original rather than the copy it was made from): "
      "duplicate %.4f, rewrite %.4f\n" % (
          res["duplicate"]["family_recall"], res["rewrite"]["family_recall"]))
    w("wrong duplicate pairs: %d unrelated, %d hard negative, %d rewrite "
      "family (right family, wrong relation)\n" % (
          fp_kind["unrelated"], fp_kind["hard_negative"],
          fp_kind["rewrite_family"]))
    w("wrong rewrite pairs: %d unrelated, %d hard negative\n" % (
        fpr_kind["unrelated"], fpr_kind["hard_negative"]))
    if negs:
        w("hard negatives (same topic, unrelated) reported: %d of %d\n" % (
            neg_found, len(negs)))
    if dir_n:
        w("direction: %d found pairs name a source, %d agree with the "
          "truth (%.1f%%)\n" % (dir_n, dir_ok, 100.0 * dir_ok / dir_n))
    w("\n%-16s %7s %9s %9s %8s\n" % ("how", "pairs", "as dup", "as rew",
                                     "recall"))
    for h in DUP_HOWS + REW_HOWS + tuple(sorted(set(per_how) -
                                                 set(DUP_HOWS + REW_HOWS))):
        if h in per_how:
            v = per_how[h]
            w("%-16s %7d %9d %9d %8.4f\n" % (h, v[0], v[1], v[2],
                                             v[3] / v[0] if v[0] else 0))
    n = args.show
    if n:
        w("\nfirst %d missed planted duplicate pairs:\n" % n)
        for k, how, p in miss_dup[:n]:
            w("  %s %s  (%s%s)\n" % (k[0], k[1], how,
                                     ", found as " + p if p else ""))
        w("first %d missed planted rewrite pairs:\n" % n)
        for k, how in miss_rew[:n]:
            w("  %s %s  (%s)\n" % (k[0], k[1], how))
        w("first %d false duplicate pairs:\n" % n)
        for k in fp_dup[:n]:
            w("  %s %s%s\n" % (k[0], k[1], "  (hard negative)"
                               if k in negs else "  (rewrite family)"
                               if all_uf.find(k[0]) == all_uf.find(k[1])
                               else ""))
        w("first %d false rewrite pairs:\n" % n)
        for k in fp_rew[:n]:
            w("  %s %s%s\n" % (k[0], k[1], "  (hard negative)"
                               if k in negs else ""))


if __name__ == "__main__":
    main()
