#!/bin/sh
# End-to-end checks of facts, cluster and eval on data files.  Prints
# "ok NAME" or "not ok NAME" per check.
BUILD=${BUILD:-build}
SL="$BUILD/storyline"
D=tests/data/e2e
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/e2e/lib/check.sh
event_of() { sed -n "s/^{\"id\":\"$2\",\"event\":\"\([^\"]*\)\".*/\1/p" "$1"; }
story_of() { sed -n "s/^{\"id\":\"$2\",\"event\":\"[^\"]*\",\"storyline\":\"\([^\"]*\)\".*/\1/p" "$1"; }

# --- facts
"$SL" facts -q --format json "$D/cases.jsonl" >"$T/facts"
check "facts: one line per article" test "$(wc -l <"$T/facts")" -eq 11
check "facts: person with role split off" \
    has "$T/facts" '"name":"Maria Albuquerque","kind":"person","mentions":[0-9]*,"role":"Finance Minister"'
check "facts: wire dateline" has "$T/facts" '"dateline":{"place":"BRUSSELS","outlet":"Reuters"}'
check "facts: event time from the publication date" \
    has "$T/facts" '"id":"quake".*"event_time":{"anchored":true,"start":"2014-03-1[56]"'
check "facts: quote with speaker" \
    has "$T/facts" '"text":"a recognition of the sacrifices made by the Portuguese people","speaker":"Maria Albuquerque"'
check "facts: the anchor of relative dates" has "$T/facts" '"id":"quake".*"confidence":[0-9.]*,"anchor":"published"}'
printf '%s\n' '{"id":"u","text":"Thieves robbed a jeweller on Tuesday.","url":"http://example.com/2013/05/03/heist/"}' \
    '{"id":"v","text":"Thieves robbed a jeweller on Tuesday."}' >"$T/url.jsonl"
"$SL" facts -q --format json "$T/url.jsonl" >"$T/furl"
check "facts: without published, the URL's date anchors \"on Tuesday\"" \
    has "$T/furl" '"id":"u".*"anchored":true,.*"anchor":"url"}.*"text":"on Tuesday","start":"2013-04-30"'
check "facts: no date at all: unanchored" has "$T/furl" '"id":"v".*"anchored":false,.*"anchor":"text"}'
"$SL" facts -q --format text "$D/cases.jsonl" >"$T/ftext"
check "facts: text format" has "$T/ftext" "person  Jeroen Dijsselbloem"

# --- cluster on the hand-made cases
"$SL" cluster -q --stats "$T/cst.json" --out "$T/cl" "$D/cases.jsonl" >/dev/null
A="$T/cl/articles.jsonl"
check "cluster writes three files" test -s "$A" -a -s "$T/cl/events.jsonl" -a -s "$T/cl/storylines.jsonl"
check "cluster --stats: counts that match the files" \
    has "$T/cst.json" "^{\"articles\":$(wc -l <"$A"),\"skipped\":0,\"threads\":[0-9]*,\"groups\":[1-9][0-9]*,\"copies\":[0-9]*,\"events\":$(wc -l <"$T/cl/events.jsonl"),\"storylines\":$(wc -l <"$T/cl/storylines.jsonl"),"
check "cluster --stats: phase timings" has "$T/cst.json" '"features_s":[0-9.]*,"cluster_s":[0-9.]*,.*"total_s":[0-9.]*}$'
check "cluster --stats: the batch pass's steps" has "$T/cst.json" '"storylines":[0-9]*,"merges":[0-9]*,"small_joins":[0-9]*,"splits":[0-9]*,"moves":[0-9]*,'
# the same text from two outlets on two days: analysed once, one event
head -n 1 "$D/cases.jsonl" >"$T/copies.jsonl"
sed -n '1{s/"id": *"[^"]*"/"id": "copy-of-first"/;s/"source": *"[^"]*"/"source": "Another Wire"/
s/"published": *"[^"]*"/"published": "2014-03-05"/;p;}' "$D/cases.jsonl" >>"$T/copies.jsonl"
"$SL" cluster -q --stats "$T/cst2.json" --out "$T/cl2" "$T/copies.jsonl" >/dev/null
check "cluster --stats: a text copy is counted" has "$T/cst2.json" '"copies":1,"events":1,'
# re-typed: in capitals, other spacing, a typographic quote mark: the same
# normalised text, analysed once too
head -n 1 "$D/cases.jsonl" >"$T/retyped.jsonl"
/usr/bin/python3 -c '
import json, sys
d = json.loads(sys.stdin.readline())
d["id"], d["published"] = "retyped", "2014-03-05"
d["text"] = d["text"].upper().replace(" ", "  ", 3).replace("\"", "\u201c", 1)
print(json.dumps(d))' <"$D/cases.jsonl" >>"$T/retyped.jsonl"
"$SL" cluster -q --stats "$T/cst3.json" --out "$T/cl3" "$T/retyped.jsonl" >/dev/null
check "cluster --stats: a re-typed copy is counted" has "$T/cst3.json" '"copies":1,"events":1,'
e=$(event_of "$A" wire)
check "same event: rewrite" test "$(event_of "$A" rewrite)" = "$e"
check "same event: repost" test "$(event_of "$A" repost)" = "$e"
check "same event: independent report" test "$(event_of "$A" independent)" = "$e"
check "other event of the same actors is apart" test "$(event_of "$A" same-actors-other-event)" != "$e"
check "... but in the same storyline" \
    test "$(story_of "$A" same-actors-other-event)" = "$(story_of "$A" wire)"
check "unrelated quake in its own storyline" test "$(story_of "$A" quake)" != "$(story_of "$A" wire)"
check "articles carry their duplicate group" has "$A" '"id":"repost","event":"[^"]*","storyline":"[^"]*","duplicate_group":[0-9]'
check "event record: label, window, representative" \
    has "$T/cl/events.jsonl" '"label":"Maria Albuquerque; [^"]*","start":"2014-03-0[34]","end":"2014-03-0[45]","storyline":"s1","size":5,"representative":"wire"'
/usr/bin/python3 -c '
import json, sys
for f in ("articles", "events", "storylines"):
    for l in open(sys.argv[1] + "/" + f + ".jsonl"): json.loads(l)
' "$T/cl" 2>/dev/null
check "cluster files are valid JSON Lines" test $? -eq 0
"$SL" cluster -q --format text "$D/cases.jsonl" >"$T/ctext"
check "cluster text summary" has "$T/ctext" "11 articles: 6 events in 5 storylines"

# --- who each report is about: two arrests of one team a month apart
"$SL" compare --format json jackson williams "$D/arrests.jsonl" >"$T/arr" 2>/dev/null
check "compare: different protagonists are evidence" \
    has "$T/arr" '"actor_conflict":true,"a_lead":"Vincent Jackson","b_lead":"Jamal Williams"'
check "compare: different protagonists, same storyline" has "$T/arr" '"relation":"same_storyline"'
"$SL" cluster -q --out "$T/arr-cl" "$D/arrests.jsonl" >/dev/null
A="$T/arr-cl/articles.jsonl"
check "cluster: a follow-up 19 days later stays in its event" \
    test "$(event_of "$A" jackson-followup)" = "$(event_of "$A" jackson)"
check "cluster: the other player's arrest is another event" \
    test "$(event_of "$A" williams)" != "$(event_of "$A" jackson)"
check "cluster: ... of the same storyline" \
    test "$(story_of "$A" williams)" = "$(story_of "$A" jackson)"

# --- a follow-up two years on that names the day of what it follows up
"$SL" compare --format json shooting trial "$D/followup.jsonl" >"$T/fu" 2>/dev/null
check "compare: a recalled date is evidence" \
    has "$T/fu" '"time_conflict":false,.*"a_recalls":null,"b_recalls":"2010-09-10"'
check "compare: a follow-up two years later is the same event" has "$T/fu" '"relation":"same_event"'
"$SL" compare --format text shooting trial "$D/followup.jsonl" >"$T/fut" 2>/dev/null
check "compare: the text output says which date" \
    has "$T/fut" "recalls:       B names 2010-09-10, inside A's window"

# --- real data: determinism, eval agreement with the reference scorer
ECB=data/ecbplus-dev
"$SL" cluster -q -j 1 --out "$T/e1" "$ECB/articles.jsonl"
"$SL" cluster -q -j 2 --out "$T/e2" "$ECB/articles.jsonl"
check "ECB+: cluster -j1 and -j2 identical" cmp -s "$T/e1/articles.jsonl" "$T/e2/articles.jsonl"
"$SL" eval --gold "$ECB/gold.tsv" --format json "$T/e1/articles.jsonl" >"$T/ours"
check "eval on real cluster output runs" test -s "$T/ours"
if [ -x /usr/bin/python3 ]; then
    /usr/bin/python3 tests/ref/eval_clusters.py "$ECB/gold.tsv" "$T/e1/articles.jsonl" >"$T/ref"
    /usr/bin/python3 - "$T/ours" "$T/ref" <<'PY'
import json, re, sys
ours = json.load(open(sys.argv[1]))
ref = open(sys.argv[2]).read()
def num(k):
    m = re.search(r"\b" + k + r"\W+([0-9.]+)", ref)
    return float(m.group(1)) if m else None
# three decimals: within half a unit of the third, plus the rounding of
# our six decimals (ARI 0.9404999... is 0.940 there and 0.940500 here)
bad = [k for k in ("pair_p", "pair_r", "pair_f1", "bcubed_p", "bcubed_r", "bcubed_f1", "ari")
       if num(k) is None or abs(num(k) - ours[k]) > 0.0005 + 1e-6]
sys.exit(1 if bad else 0)
PY
    check "eval agrees with tests/ref/eval_clusters.py on real output (3 decimals)" test $? -eq 0
fi
# regression floor (the issue's targets are in the README, with the gap)
f1=$(sed -n 's/.*"pair_f1":\([0-9.]*\).*/\1/p' "$T/ours")
check "ECB+ pairwise F1 >= 0.89 (regression floor; got $f1)" \
    awk -v f="$f1" 'BEGIN { exit !(f >= 0.89) }'
tm=$(sed -n 's/.*"topic_merge":\([0-9.]*\).*/\1/p' "$T/ours")
# (5.5% until the sentence-opener fix: "Typically Microsoft", a false
# person, had kept two undated-vs-dated browser-patch events apart, 7.5%
# since; README "Events")
check "ECB+ same-topic different-event merges <= 8% (regression ceiling; got $tm)" \
    awk -v m="$tm" 'BEGIN { exit !(m != "" && m <= 0.08) }'
b3=$(sed -n 's/.*"bcubed_f1":\([0-9.]*\).*/\1/p' "$T/ours")
check "ECB+ B-cubed F1 >= 0.90 (regression floor; got $b3)" \
    awk -v f="$b3" 'BEGIN { exit !(f >= 0.90) }'

# small pieces of one event: two short reports of the Lo Presti suicide
# (26_9ecb, 26_12ecb) link to the other eleven under the threshold, but as
# closely as to each other and with no conflict: they join them (merge_pass,
# small_join); so does a piece of the Turkmen election (11_2ecb)
ev_of() { sed -n "s/.*\"id\":\"$1\",\"event\":\"\([^\"]*\)\".*/\1/p" "$T/e1/articles.jsonl"; }
check "ECB+: a two-report piece joins the rest of its event" \
    test -n "$(ev_of 26_9ecb)" -a "$(ev_of 26_9ecb)" = "$(ev_of 26_1ecb)" -a "$(ev_of 26_12ecb)" = "$(ev_of 26_1ecb)"
check "ECB+: a piece of the election joins the rest" test -n "$(ev_of 11_2ecb)" -a "$(ev_of 11_2ecb)" = "$(ev_of 11_1ecb)"
# a lone report joins its event when its protagonist differs from one
# member's only (conflicts: most of them, for protagonists): a piracy
# report (12_18ecb) and an Athens riot report (8_6ecbplus)
check "ECB+: a lone report joins despite one member about someone else" \
    test -n "$(ev_of 12_18ecb)" -a "$(ev_of 12_18ecb)" = "$(ev_of 12_1ecb)" -a "$(ev_of 8_6ecbplus)" = "$(ev_of 8_1ecbplus)"

# --- the same articles in another order (a fixed random permutation,
# tests/data/e2e/ecb-order-shuffled.txt): the file keeps each event's
# reports together, a shuffled input does not, and the single pass then
# joins two events while each has a report or two.  The split pass takes
# them apart again (this order: F1 0.891, merges 10.7% without it; 0.911,
# 6.4% with it; over 20 such orders the README gives the mean)
if [ -x /usr/bin/python3 ]; then
    /usr/bin/python3 - "$ECB/articles.jsonl" "$D/ecb-order-shuffled.txt" >"$T/shuf.jsonl" <<'PY'
import json, sys
by = {json.loads(l)["id"]: l for l in open(sys.argv[1])}
sys.stdout.writelines(by[i.strip()] for i in open(sys.argv[2]))
PY
    "$SL" cluster -q --stats "$T/shst" --out "$T/sh" "$T/shuf.jsonl"
    "$SL" eval --gold "$ECB/gold.tsv" --format json "$T/sh/articles.jsonl" >"$T/shs"
    check "ECB+ shuffled: the split pass splits (--stats)" has "$T/shst" '"splits":[1-9]'
    f1=$(sed -n 's/.*"pair_f1":\([0-9.]*\).*/\1/p' "$T/shs")
    tm=$(sed -n 's/.*"topic_merge":\([0-9.]*\).*/\1/p' "$T/shs")
    check "ECB+ shuffled: pairwise F1 >= 0.90 (got $f1)" awk -v f="$f1" 'BEGIN { exit !(f >= 0.90) }'
    check "ECB+ shuffled: merges <= 8% (got $tm)" awk -v m="$tm" 'BEGIN { exit !(m != "" && m <= 0.08) }'
fi
exit 0
