#!/bin/sh
# bench/scale.sh - what `make bench-scale` runs: storyline on one million
# generated articles.  Not a test (it takes about an hour on 2 cores and
# needs ~15 GB of disk); it prints a table and writes bench/out/scale.md.
#
#   1. the corpus: bench/gen_corpus.py, generated once and cached
#   2. `storyline dedup -j2` over all of it: throughput, peak memory
#   3. `storyline cluster -j2 --out` over all of it: the same
#   4. `storyline add --db` of all of it into one store, fed in slices of
#      SCALE_ARTICLES / SCALE_SLICES articles (one process per slice):
#      throughput per slice (is the cost per article flat as the store
#      grows?), peak memory of each process, and the store's size on disk
#
# Memory "beyond the text" is peak RSS minus the bytes of article text the
# command holds: dedup and cluster hold every text; add holds one batch.
# Time is wall-clock and CPU (user + system): on a machine shared with other
# work, articles per CPU-second is the figure that stays comparable.
#
# Environment (all optional):
#   SCALE_ARTICLES  corpus size (1000000)
#   SCALE_SEED      generator seed (3)
#   SCALE_SLICES    slices the store is fed in (10)
#   SCALE_BATCH     articles per store batch (1000)
#   SCALE_JOBS      threads (-j) for every command (2)
#   SCALE_SKIP      space-separated steps to skip: dedup cluster add
#   STORYLINE       the binary (build/storyline)
set -u

N=${SCALE_ARTICLES:-1000000}
SEED=${SCALE_SEED:-3}
SLICES=${SCALE_SLICES:-10}
BATCH=${SCALE_BATCH:-1000}
J=${SCALE_JOBS:-2}
SKIP=" ${SCALE_SKIP:-} "
BIN=${STORYLINE:-build/storyline}
PY=/usr/bin/python3
OUT=bench/out
CORPUS=$OUT/corpus-$N-s$SEED
W=$OUT/scale
REPORT=$OUT/scale.md

say() { printf '%s\n' "bench-scale: $*" >&2; }
skip() { case "$SKIP" in *" $1 "*) return 0 ;; esac; return 1; }

[ -x "$BIN" ] || { say "$BIN not found: build it first (make)"; exit 1; }
/usr/bin/time -f '%e %M' -o /dev/null true >/dev/null 2>&1 ||
    { say "GNU time is missing: run 'sh setup.sh --bench'"; exit 1; }
[ -x "$PY" ] || { say "$PY is missing"; exit 1; }
mkdir -p "$OUT" "$W"

# ---- 1. corpus
if [ ! -s "$CORPUS/meta.json" ]; then
    say "generating $N articles (seed $SEED) into $CORPUS (about 8 min per million)"
    rm -rf "$CORPUS.tmp"
    "$PY" bench/gen_corpus.py --articles "$N" --seed "$SEED" --no-stats \
        --source data/ecbplus-dev/articles.jsonl --out "$CORPUS.tmp" \
        2>"$OUT/gen-scale.log" || { cat "$OUT/gen-scale.log" >&2; exit 1; }
    rm -rf "$CORPUS" && mv "$CORPUS.tmp" "$CORPUS"
fi
TEXT=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["text_bytes"])' \
    "$CORPUS/meta.json" 2>/dev/null)
[ -n "$TEXT" ] || TEXT=0
FILE_MB=$(( $(wc -c <"$CORPUS/articles.jsonl") / 1048576 ))
say "corpus: $N articles, $((TEXT / 1048576)) MB of text, $FILE_MB MB of JSON Lines"

# per-article figures: rate N SECONDS, beyond RSS_KB TEXT_BYTES N
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }'; }
beyond() {
    awk -v r="$1" -v t="$2" -v n="$3" 'BEGIN { printf "%.0f", (r * 1024 - t) / n }'
}

: >"$W/rows.md"
row() { printf '%s\n' "$*" >>"$W/rows.md"; }
status=0

# ---- 2. dedup, 3. cluster
run_whole() { # NAME ARGS...
    name=$1
    shift
    say "storyline $name -j $J over $N articles"
    if /usr/bin/time -f '%e %M %U %S' -o "$W/time-$name.txt" "$BIN" "$@" -q -j "$J" \
        "$CORPUS/articles.jsonl" 2>"$W/stderr-$name.txt"; then
        read -r s kb u y <"$W/time-$name.txt"
        cpu=$(awk -v a="$u" -v b="$y" 'BEGIN { print a + b }')
        row "| \`$name -j $J\` | $N | $s s | $cpu s | $(rate "$N" "$s") |" \
            "$(rate "$N" "$cpu") | $((kb / 1024)) MB | $(beyond "$kb" "$TEXT" "$N") B |"
    else
        say "$name failed:"
        tail -n 5 "$W/stderr-$name.txt" >&2
        status=1
    fi
}
skip dedup || run_whole dedup dedup --pairs >"$W/dedup.jsonl"
skip cluster || { rm -rf "$W/cluster"; run_whole cluster cluster --out "$W/cluster"; }

# ---- 4. the store, slice by slice
if ! skip add; then
    DB=$W/store.db
    rm -f "$DB" "$DB-wal" "$DB-shm" "$W"/slice-*
    per=$(( (N + SLICES - 1) / SLICES ))
    split -l "$per" -d -a 3 --additional-suffix=.jsonl "$CORPUS/articles.jsonl" \
        "$W/slice-"
    : >"$W/slices.md"
    tot_s=0
    tot_cpu=0
    max_kb=0
    done_n=0
    for f in "$W"/slice-*; do
        n=$(wc -l <"$f")
        if ! /usr/bin/time -f '%e %M %U %S' -o "$W/time-add.txt" "$BIN" add --db "$DB" \
            --batch "$BATCH" -j "$J" -q "$f" 2>"$W/stderr-add.txt"; then
            say "add failed on $f:"
            tail -n 5 "$W/stderr-add.txt" >&2
            status=1
            break
        fi
        read -r s kb u y <"$W/time-add.txt"
        cpu=$(awk -v a="$u" -v b="$y" 'BEGIN { print a + b }')
        tot_cpu=$(awk -v a="$tot_cpu" -v b="$cpu" 'BEGIN { print a + b }')
        done_n=$((done_n + n))
        tot_s=$(awk -v a="$tot_s" -v b="$s" 'BEGIN { print a + b }')
        [ "$kb" -gt "$max_kb" ] && max_kb=$kb
        bytes=$(cat "$DB" "$DB-wal" 2>/dev/null | wc -c)
        printf '| %s | %s | %s s | %s s | %s | %s | %s MB | %s MB |\n' "$done_n" "$n" \
            "$s" "$cpu" "$(rate "$n" "$s")" "$(rate "$n" "$cpu")" "$((kb / 1024))" \
            "$((bytes / 1048576))" >>"$W/slices.md"
        say "add: $done_n articles stored, slice at $(rate "$n" "$s")/s," \
            "RSS $((kb / 1024)) MB, store $((bytes / 1048576)) MB"
        rm -f "$f"
    done
    rm -f "$W"/slice-*
    bytes=$(cat "$DB" "$DB-wal" 2>/dev/null | wc -c)
    row "| \`add --batch $BATCH -j $J\`, $SLICES slices | $done_n | $tot_s s | $tot_cpu s |" \
        "$(rate "$done_n" "$tot_s") | $(rate "$done_n" "$tot_cpu") | $((max_kb / 1024)) MB |" \
        "$(awk -v r="$max_kb" -v n="$done_n" 'BEGIN { printf "%.0f", (n ? r * 1024 / n : 0) }') B" \
        "(holds one batch of text) |"
    kb_per=$(awk -v b="$bytes" -v n="$done_n" 'BEGIN { printf "%.1f", b / n / 1024 }')
    STORE_LINE="Store on disk: $((bytes / 1048576)) MB for $done_n articles"
    STORE_LINE="$STORE_LINE ($kb_per KB per article; the JSON Lines input: $FILE_MB MB)."
fi

{
    echo "## bench-scale: $N generated articles ($(date -u +%Y-%m-%d), $(nproc) cores)"
    echo
    echo "Text: $((TEXT / 1048576)) MB. Commit: $(git rev-parse --short HEAD 2>/dev/null)."
    echo
    echo "| run | articles | wall | CPU | articles/s | per CPU-second | peak RSS |" \
        "RSS beyond the text, per article |"
    echo "|---|---|---|---|---|---|---|---|"
    cat "$W/rows.md"
    if [ -s "$W/slices.md" ]; then
        echo
        echo "${STORE_LINE:-}"
        echo
        echo "| stored after | slice | wall | CPU | articles/s | per CPU-second |" \
            "peak RSS | store size |"
        echo "|---|---|---|---|---|---|---|---|"
        cat "$W/slices.md"
    fi
} >"$REPORT"
cat "$REPORT"
exit $status
