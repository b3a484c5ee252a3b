#!/usr/bin/python3
"""The peer a data scientist would write: TF-IDF + cosine radius neighbours.

    /usr/bin/python3 bench/peer_sklearn.py ARTICLES.jsonl [--limit N]
        [--radius 0.5] [--pairs-out PRED.jsonl] [--ids-out IDS.txt]

Loads the JSON Lines, vectorises the texts with sklearn's TfidfVectorizer
(default word analyzer, sublinear_tf=True, min_df=1) and finds, with
NearestNeighbors(metric="cosine", algorithm="brute").radius_neighbors at
radius 1 - 0.5, every pair of articles with cosine similarity >= 0.5.
Prints one JSON line: articles, seconds (load, vectorize, neighbors, total),
pairs found, articles/s and peak RSS (getrusage).

The neighbour search is quadratic in the number of articles; --limit N runs
on the first N articles only, and the JSON line then also carries a clearly
labelled quadratic extrapolation to the whole file.  --pairs-out writes the
pairs in the format of `storyline dedup --pairs` (relation "duplicate" at
cosine >= 0.9, else "rewrite": the obvious split) so score_dedup.py can score
them; with --limit use --ids-out and score_dedup.py --ids to score only the
articles the peer saw.
"""
import argparse
import json
import resource
import sys
import time


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("articles")
    ap.add_argument("--limit", type=int, default=0,
                    help="use only the first N articles")
    ap.add_argument("--radius", type=float, default=1 - 0.5,
                    help="cosine distance radius (1 - similarity)")
    ap.add_argument("--dup-sim", type=float, default=0.9,
                    help="similarity from which --pairs-out says duplicate")
    ap.add_argument("--pairs-out")
    ap.add_argument("--ids-out")
    args = ap.parse_args()

    t0 = time.perf_counter()
    ids = []
    texts = []
    total_in_file = 0
    with open(args.articles, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            total_in_file += 1
            if args.limit and len(ids) >= args.limit:
                continue
            rec = json.loads(line)
            ids.append(rec["id"])
            texts.append(rec["text"])
    t1 = time.perf_counter()

    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.neighbors import NearestNeighbors

    t1b = time.perf_counter()
    X = TfidfVectorizer(sublinear_tf=True, min_df=1).fit_transform(texts)
    t2 = time.perf_counter()
    nn = NearestNeighbors(metric="cosine", algorithm="brute").fit(X)
    dist, ind = nn.radius_neighbors(X, radius=args.radius)
    t3 = time.perf_counter()

    pairs = []
    for i in range(len(ind)):
        row = ind[i]
        d = dist[i]
        for k in range(len(row)):
            j = int(row[k])
            if j > i:
                pairs.append((i, j, 1.0 - float(d[k])))
    t4 = time.perf_counter()

    if args.pairs_out:
        with open(args.pairs_out, "w", encoding="utf-8") as f:
            for i, j, sim in pairs:
                f.write(json.dumps({
                    "type": "pair", "a": ids[i], "b": ids[j],
                    "relation": "duplicate" if sim >= args.dup_sim
                    else "rewrite", "cosine": round(sim, 4)}))
                f.write("\n")
    if args.ids_out:
        with open(args.ids_out, "w", encoding="utf-8") as f:
            for i in ids:
                f.write(i + "\n")

    n = len(ids)
    total = (t1 - t0) + (t4 - t1b)
    out = {
        "peer": "sklearn TfidfVectorizer(sublinear_tf) + "
                "NearestNeighbors(cosine, brute).radius_neighbors",
        "articles": n,
        "articles_in_file": total_in_file,
        "limited": n < total_in_file,
        "vocabulary": X.shape[1],
        "seconds": {"load": round(t1 - t0, 3),
                    "vectorize": round(t2 - t1b, 3),
                    "neighbors": round(t3 - t2, 3),
                    "pairs": round(t4 - t3, 3),
                    "total": round(total, 3)},
        "pairs": len(pairs),
        "articles_per_s": round(n / total, 1) if total > 0 else None,
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
    if out["limited"]:
        # load and vectorise grow linearly, the brute-force search and the
        # pair walk quadratically: an estimate, labelled as such
        r = total_in_file / float(n)
        est = ((t1 - t0) + (t2 - t1b)) * r + ((t3 - t2) + (t4 - t3)) * r * r
        out["extrapolated_full"] = {
            "articles": total_in_file,
            "seconds": round(est, 1),
            "articles_per_s": round(total_in_file / est, 1),
            "method": "load+vectorize x N/n, neighbors x (N/n)^2",
        }
    print(json.dumps(out))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
