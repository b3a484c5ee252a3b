#!/usr/bin/env python3
"""Baseline event clustering with scikit-learn, for comparison with
`storyline cluster`: TF-IDF vectors of the article texts (sublinear tf,
English stop words) and average-linkage agglomerative clustering on cosine
distance, cut at a distance threshold.  Every threshold of a sweep is scored
with the metrics of the reference scorer tests/ref/eval_clusters.py (its
functions are imported from there, so the numbers are the ones
`storyline eval` reports), and the best threshold by pairwise F1 is printed
as a markdown table.

Usage: /usr/bin/python3 bench/baseline_events.py [--sweep] [--pred-out FILE]
           [--articles data/ecbplus-dev/articles.jsonl]
           [--gold data/ecbplus-dev/gold.tsv] [--min 0.05] [--max 0.95] [--step 0.05]

Note that picking the threshold on the gold it is scored against flatters
the baseline: the best row is an upper bound for this method on that data.
"""
import argparse
import importlib.util
import inspect
import json
import os
import sys
import tempfile
import time

import joblib
import numpy as np
import sklearn
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_reference():
    """The reference scorer tests/ref/eval_clusters.py as a module."""
    path = os.path.join(ROOT, "tests", "ref", "eval_clusters.py")
    spec = importlib.util.spec_from_file_location("eval_clusters", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def read_articles(path):
    ids, texts = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                o = json.loads(line)
                ids.append(str(o["id"]))
                texts.append(o["text"])
    return ids, texts


def agglomerative(threshold, memory):
    """Average-linkage clustering on cosine distance, cut at `threshold`.
    scikit-learn renamed `affinity` to `metric` in 1.2.  With a threshold
    the full tree is built, and `memory` caches it: the sweep builds it once
    and only cuts it at each threshold."""
    params = inspect.signature(AgglomerativeClustering).parameters
    kw = {"metric": "cosine"} if "metric" in params else {"affinity": "cosine"}
    return AgglomerativeClustering(n_clusters=None, distance_threshold=threshold,
                                   linkage="average", memory=memory, **kw)


COLUMNS = [("threshold", "{:.2f}"), ("clusters", "{}"), ("pair P", "{:.3f}"),
           ("pair R", "{:.3f}"), ("pair F1", "{:.3f}"), ("B3 P", "{:.3f}"),
           ("B3 R", "{:.3f}"), ("B3 F1", "{:.3f}"), ("ARI", "{:.3f}"),
           ("same-topic merged", "{:.1%}")]


def row(t, s):
    vals = [t, s["pred_clusters"], s["pair_p"], s["pair_r"], s["pair_f1"], s["bcubed_p"],
            s["bcubed_r"], s["bcubed_f1"], s["ari"], s.get("same_topic_other_event_merged")]
    return "| " + " | ".join("n/a" if v is None else f.format(v)
                             for (_, f), v in zip(COLUMNS, vals)) + " |"


def header():
    return ("| " + " | ".join(c for c, _ in COLUMNS) + " |\n" +
            "|" + "|".join("---:" for _ in COLUMNS) + "|")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", default=os.path.join(ROOT, "data/ecbplus-dev/articles.jsonl"))
    ap.add_argument("--gold", default=os.path.join(ROOT, "data/ecbplus-dev/gold.tsv"))
    ap.add_argument("--sweep", action="store_true", help="print every threshold")
    ap.add_argument("--pred-out", metavar="FILE",
                    help="write the best clustering as TSV id<TAB>cluster")
    ap.add_argument("--min", type=float, default=0.05)
    ap.add_argument("--max", type=float, default=0.95)
    ap.add_argument("--step", type=float, default=0.05)
    a = ap.parse_args()

    ref = load_reference()
    gold, topic = ref.load_gold(a.gold)
    ids, texts = read_articles(a.articles)
    absent = [i for i in gold if i not in set(ids)]
    if absent:
        print(f"note: {len(absent)} gold articles are not in {a.articles} "
              "(scored as singletons)", file=sys.stderr)

    t0 = time.perf_counter()
    vec = TfidfVectorizer(sublinear_tf=True, stop_words="english")
    X = vec.fit_transform(texts).toarray()  # cosine affinity needs dense input
    t_vec = time.perf_counter() - t0

    n_steps = int(round((a.max - a.min) / a.step)) + 1
    thresholds = [round(a.min + k * a.step, 10) for k in range(n_steps)]
    results = []
    t0 = time.perf_counter()
    cache = tempfile.TemporaryDirectory(prefix="baseline-events-")
    memory = joblib.Memory(cache.name, verbose=0)
    for t in thresholds:
        labels = agglomerative(t, memory).fit_predict(X)
        pred = {i: str(c) for i, c in zip(ids, labels)}
        s = ref.score(gold, pred)
        if topic:
            s["same_topic_other_event_merged"] = ref.topic_confusion(gold, topic, pred)
        results.append((t, s, pred))
    t_clu = time.perf_counter() - t0
    cache.cleanup()

    best_t, best, best_pred = max(results, key=lambda r: r[1]["pair_f1"])
    print(f"Baseline: TF-IDF (sublinear tf, English stop words, {X.shape[1]} terms) + "
          f"average-linkage agglomerative clustering on cosine distance "
          f"(scikit-learn {sklearn.__version__}, numpy {np.__version__}); "
          f"{len(ids)} articles, {len(set(gold.values()))} gold events; "
          f"vectorising {t_vec:.2f} s, {len(thresholds)} clusterings {t_clu:.2f} s.\n")
    print("Best threshold by pairwise F1:\n")
    print(header())
    print(row(best_t, best))
    if a.sweep:
        print("\nSweep:\n")
        print(header())
        for t, s, _ in results:
            print(row(t, s))
    if a.pred_out:
        with open(a.pred_out, "w", encoding="utf-8") as f:
            for i in ids:
                f.write(f"{i}\tbaseline-{best_pred[i]}\n")
        print(f"\nwrote the clustering at threshold {best_t:.2f} to {a.pred_out}",
              file=sys.stderr)


if __name__ == "__main__":
    main()
