#!/bin/sh
# bench/run.sh - what `make bench` runs from the repository root, after the
# build: throughput, memory and quality of `storyline dedup` on a generated
# 100k-article corpus, against a scikit-learn peer.  Not a test: it prints a
# table and writes it to bench/out/report.md.
#
# Environment (all optional):
#   BENCH_ARTICLES    corpus size (100000)
#   BENCH_SEED        generator seed (1)
#   BENCH_PEER_LIMIT  articles the sklearn peer runs on (20000; 0 = all; its
#                     search is quadratic: all 100k take ~20 min)
#   BENCH_SKIP_PEER   1: do not run the peer
#   BENCH_RUNS        runs of storyline dedup per thread count (3): the
#                     fastest is reported
#   STORYLINE         the binary (build/storyline)
#   BENCH_CLUSTER     0: skip the event clustering section
#   BENCH_CLUSTER_SMALL / BENCH_CLUSTER_LARGE  its two corpus sizes
#                     (20000 and 200000: throughput must not fall with size)
set -u

N=${BENCH_ARTICLES:-100000}
SEED=${BENCH_SEED:-1}
PEER_LIMIT=${BENCH_PEER_LIMIT:-20000}
BIN=${STORYLINE:-build/storyline}
PY=/usr/bin/python3
OUT=bench/out
CORPUS=$OUT/corpus-$N-s$SEED

say() { printf '%s\n' "bench: $*" >&2; }

# fastest TIME STATS CMD...: runs CMD BENCH_RUNS times under GNU time (on a
# shared 2-core machine single runs vary by 10%) and leaves in TIME the
# fastest run's "seconds KB"; when STATS is not empty, CMD writes
# STATS.run and the fastest run's copy becomes STATS.  1 when a run fails.
fastest() {
    _t=$1
    _st=$2
    shift 2
    rm -f "$_t"
    for _run in $(seq "${BENCH_RUNS:-3}"); do
        if ! /usr/bin/time -f '%e %M' -o "$_t.run" "$@"; then
            rm -f "$_t.run"
            return 1
        fi
        if [ ! -s "$_t" ] || awk -v a="$(cut -d' ' -f1 "$_t.run")" \
            -v b="$(cut -d' ' -f1 "$_t")" 'BEGIN{exit !(a < b)}'; then
            mv "$_t.run" "$_t"
            [ -z "$_st" ] || mv "$_st.run" "$_st"
        fi
    done
    rm -f "$_t.run"
    [ -z "$_st" ] || rm -f "$_st.run"
}

if [ ! -x "$BIN" ]; then
    say "$BIN not found: build it first (make)"
    exit 1
fi
if ! /usr/bin/time -f '%e %M' -o /dev/null true >/dev/null 2>&1; then
    say "GNU time (/usr/bin/time) is missing: run 'sh setup.sh --bench'"
    exit 1
fi
if [ ! -x "$PY" ]; then
    say "$PY is missing: run 'sh setup.sh --bench'"
    exit 1
fi
PEER=1
if [ "${BENCH_SKIP_PEER:-0}" = 1 ]; then
    PEER=0
elif ! "$PY" -c 'import sklearn, numpy' >/dev/null 2>&1; then
    say "scikit-learn/numpy missing for $PY (run 'sh setup.sh --bench'):" \
        "skipping the peer"
    PEER=0
fi
mkdir -p "$OUT"

# ---- corpus (generated once; again when the generator changed)
if [ ! -s "$CORPUS/meta.json" ] ||
    [ -n "$(find bench/gen_corpus.py -newer "$CORPUS/meta.json")" ]; then
    say "generating $N articles (seed $SEED) into $CORPUS"
    rm -rf "$CORPUS.tmp"
    if ! "$PY" bench/gen_corpus.py --articles "$N" --seed "$SEED" \
        --source data/ecbplus-dev/articles.jsonl --out "$CORPUS.tmp" \
        2>"$OUT/gen.log"; then
        cat "$OUT/gen.log" >&2
        say "corpus generation failed"
        exit 1
    fi
    rm -rf "$CORPUS"
    mv "$CORPUS.tmp" "$CORPUS"
    sed 's/^/  /' "$OUT/gen.log" >&2
else
    say "using cached corpus $CORPUS"
fi

# ---- storyline, 1 and 2 threads; then duplicates only (--no-rewrites)
status=0
for v in j1 j2 dj1 dj2; do
    j=${v##*j}
    flags=""
    [ "${v#d}" != "$v" ] && flags="--no-rewrites"
    say "storyline dedup -j $j $flags"
    rm -f "$OUT/stats-$v.json" "$OUT/score-$v.json" "$OUT/score-$v.txt"
    # the fastest run's time, memory and phase timings
    # shellcheck disable=SC2086
    if fastest "$OUT/time-$v.txt" "$OUT/stats-$v.json" \
        "$BIN" dedup --pairs -q $flags --stats "$OUT/stats-$v.json.run" -j "$j" \
        "$CORPUS/articles.jsonl" >"$OUT/pred-$v.jsonl" 2>"$OUT/stderr-$v.txt"; then
        "$PY" bench/score_dedup.py "$CORPUS/truth.jsonl" \
            "$OUT/pred-$v.jsonl" >"$OUT/score-$v.txt"
        "$PY" bench/score_dedup.py --json "$CORPUS/truth.jsonl" \
            "$OUT/pred-$v.jsonl" >"$OUT/score-$v.json"
        # the agreed name for the -j 1 phase timings
        [ "$v" = j1 ] && cp "$OUT/stats-j1.json" "$OUT/stats.json"
    else
        rm -f "$OUT/pred-$v.jsonl"
        say "storyline -j $j $flags failed; its stderr:"
        tail -n 20 "$OUT/stderr-$v.txt" >&2
        status=1
    fi
done
same() {
    if [ -s "$OUT/pred-$1.jsonl" ] && [ -s "$OUT/pred-$2.jsonl" ]; then
        if cmp -s "$OUT/pred-$1.jsonl" "$OUT/pred-$2.jsonl"; then
            echo yes
        else
            echo NO
        fi
    else
        echo n/a
    fi
}
identical="$(same j1 j2) (--no-rewrites: $(same dj1 dj2))"

# ---- the peer
rm -f "$OUT/peer.json" "$OUT/time-peer.txt" "$OUT/score-peer.json" \
    "$OUT/pred-peer.jsonl" "$OUT/peer-ids.txt"
if [ "$PEER" = 1 ]; then
    if [ "$PEER_LIMIT" -gt 0 ] 2>/dev/null && [ "$PEER_LIMIT" -lt "$N" ]; then
        say "sklearn peer on the first $PEER_LIMIT articles (quadratic:" \
            "the whole corpus would take too long)"
        lim="--limit $PEER_LIMIT"
    else
        say "sklearn peer on all $N articles"
        lim=""
    fi
    # shellcheck disable=SC2086
    if /usr/bin/time -f '%e %M' -o "$OUT/time-peer.txt" \
        "$PY" bench/peer_sklearn.py "$CORPUS/articles.jsonl" $lim \
        --pairs-out "$OUT/pred-peer.jsonl" --ids-out "$OUT/peer-ids.txt" \
        >"$OUT/peer.json" 2>"$OUT/stderr-peer.txt"; then
        "$PY" bench/score_dedup.py --json --ids "$OUT/peer-ids.txt" \
            "$CORPUS/truth.jsonl" "$OUT/pred-peer.jsonl" \
            >"$OUT/score-peer.json"
    else
        say "peer failed; its stderr:"
        tail -n 20 "$OUT/stderr-peer.txt" >&2
    fi
fi

# ---- event clustering: throughput at two corpus sizes (flat cost per
# article is the point), 1 and 2 threads, peak memory
CL_SMALL=${BENCH_CLUSTER_SMALL:-20000}
CL_LARGE=${BENCH_CLUSTER_LARGE:-200000}
if [ "${BENCH_CLUSTER:-1}" != 0 ]; then
    LCORPUS=$OUT/corpus-$CL_LARGE-s2
    if [ ! -s "$LCORPUS/meta.json" ] ||
        [ -n "$(find bench/gen_corpus.py -newer "$LCORPUS/meta.json")" ]; then
        say "generating $CL_LARGE articles (seed 2) into $LCORPUS"
        rm -rf "$LCORPUS.tmp"
        "$PY" bench/gen_corpus.py --articles "$CL_LARGE" --seed 2 --no-stats \
            --source data/ecbplus-dev/articles.jsonl --out "$LCORPUS.tmp" \
            2>"$OUT/gen-large.log" && rm -rf "$LCORPUS" && mv "$LCORPUS.tmp" "$LCORPUS"
    fi
    head -n "$CL_SMALL" "$LCORPUS/articles.jsonl" >"$OUT/cluster-small.jsonl"
    {
        echo
        echo "| storyline cluster (generated corpus, seed 2; the fastest of ${BENCH_RUNS:-3} runs) | articles | -j | seconds | articles/s | per core | peak RSS, MB |"
        echo "|---|---:|---:|---:|---:|---:|---:|"
    } >"$OUT/cluster.md"
    for size in small large; do
        if [ "$size" = small ]; then f=$OUT/cluster-small.jsonl; n=$CL_SMALL; else
            f=$LCORPUS/articles.jsonl; n=$CL_LARGE; fi
        for j in 1 2; do
            say "storyline cluster, $n articles, -j $j"
            if fastest "$OUT/time-cluster.txt" "" \
                "$BIN" cluster -q -j "$j" --out "$OUT/cluster-out" "$f" \
                2>"$OUT/stderr-cluster.txt"; then
                read -r secs kb <"$OUT/time-cluster.txt"
                awk -v n="$n" -v j="$j" -v s="$secs" -v kb="$kb" 'BEGIN {
                    printf "| | %d | %d | %.1f | %.0f | %.0f | %.0f |\n", n, j, s, n / s, n / s / j, kb / 1024 }' \
                    >>"$OUT/cluster.md"
            else
                say "storyline cluster failed"
                status=1
            fi
        done
    done
    rm -rf "$OUT/cluster-out" "$OUT/cluster-small.jsonl"
fi

# ---- the table
echo
"$PY" bench/report.py --out "$OUT" --corpus "$CORPUS" \
    --identical "$identical" || status=1
[ -s "$OUT/score-j1.txt" ] &&
    say "full scoring of -j 1 (misses, false positives): $OUT/score-j1.txt"
[ -s "$OUT/cluster.md" ] && cat "$OUT/cluster.md" && cat "$OUT/cluster.md" >>"$OUT/report.md"
say "table written to $OUT/report.md"
exit "$status"
