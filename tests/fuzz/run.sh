#!/bin/sh
# Runs the libFuzzer targets (used by `make fuzz`, which first builds them
# into build-fuzz/fuzzer/ with clang, ASan and UBSan):
#
#     sh tests/fuzz/run.sh [fuzz_NAME...]          (default: every target)
#     FUZZ_TIME=S   seconds per target (default 60), or
#     FUZZ_RUNS=N   executions per target (wins over FUZZ_TIME)
#     FUZZ_ARGS=... more libFuzzer options (e.g. -jobs=2 -workers=2)
#     sh tests/fuzz/run.sh --merge fuzz_NAME...
#                   minimises the kept corpus tests/fuzz/corpus/NAME/ with
#                   the inputs found so far (libFuzzer -merge=1; aims at
#                   <= 300 files and 1 MiB: FUZZ_MAX_FILES, FUZZ_MAX_KB)
#
# Each target runs on its working corpus build-fuzz/corpus/NAME/ (new
# inputs are written there), reading the kept seeds tests/fuzz/corpus/NAME/
# and the regression inputs tests/fuzz/regress/NAME/ too, with the
# dictionary tests/fuzz/NAME.dict when there is one, -timeout=10 and
# -rss_limit_mb=2048.  The log is build-fuzz/logs/NAME.log; a crash, leak,
# UBSan report, timeout or out-of-memory input is written to
# build-fuzz/crashes/NAME/ (crash-*, leak-*, timeout-*, oom-*).  Prints
# per target the executions, seconds, executions per second and the
# result; exits 1 when a target failed.
#
# Reproducing a crash:
#     build-fuzz/fuzzer/NAME build-fuzz/crashes/NAME/crash-HASH
#         (runs that one input under ASan+UBSan with the full report), or
#     make BUILD=build-asan CFLAGS="-O1 -g" \
#         SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" \
#         build-asan/fuzz/NAME && build-asan/fuzz/NAME build-fuzz/crashes/NAME/crash-HASH
#         (the same under gcc, through the replay driver tests/fuzz/replay.c).
#     build-fuzz/fuzzer/NAME -minimize_crash=1 -runs=10000 FILE  shrinks it.
# Turning it into a regression input, once the library is fixed:
#     cp build-fuzz/crashes/NAME/crash-HASH tests/fuzz/regress/NAME/WHAT-BROKE
#     (name it after the bug, e.g. reader-lone-surrogate-at-end); `make
#     test` and `make asan` replay tests/fuzz/regress/NAME/ and
#     tests/fuzz/corpus/NAME/ through tests/e2e/fuzz_replay.sh.  Where the
#     bug is easy to state, add a cmocka test in tests/unit/ as well.
BUILD=${BUILD:-build-fuzz}
FUZZ_TIME=${FUZZ_TIME:-60}
FUZZ_RUNS=${FUZZ_RUNS:-}
FUZZ_ARGS=${FUZZ_ARGS:-}
merge=0
if [ "$1" = "--merge" ]; then
    merge=1
    shift
fi
if [ $# -eq 0 ]; then
    for f in tests/fuzz/fuzz_*.c; do
        n=$(basename "$f" .c)
        set -- "$@" "$n"
    done
fi
mkdir -p "$BUILD/logs"
# the targets write their inputs to files under $TMPDIR: a tmpfs makes
# that (and fuzz_dir's directory per input) several times faster
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
    TMPDIR=/dev/shm
    export TMPDIR
fi

failed=0
[ "$merge" -eq 0 ] &&
    printf '%-16s %12s %8s %9s %7s  %s\n' target executions seconds exec/s corpus result
for name in "$@"; do
    bin="$BUILD/fuzzer/$name"
    if [ ! -x "$bin" ]; then
        echo "$name: $bin not built (make fuzz)"
        failed=1
        continue
    fi
    work="$BUILD/corpus/$name"
    crashes="$BUILD/crashes/$name"
    log="$BUILD/logs/$name.log"
    mkdir -p "$work" "$crashes" "tests/fuzz/corpus/$name"
    seeds="tests/fuzz/corpus/$name"
    regress=
    [ -d "tests/fuzz/regress/$name" ] && regress="tests/fuzz/regress/$name"
    dict=
    [ -f "tests/fuzz/$name.dict" ] && dict="-dict=tests/fuzz/$name.dict"

    if [ "$merge" -eq 1 ]; then
        # the smallest set of inputs that keeps all features of the kept
        # seeds, the regression inputs and the working corpus
        # (features: edges and hit counts); when that is over FUZZ_MAX_FILES
        # files or FUZZ_MAX_KB KiB, again with edges only.  (clang 14's
        # -set_cover_merge=1 keeps far fewer edges than -merge=1: not used.)
        new="$BUILD/merged/$name"
        for how in "" "-use_counters=0"; do
            rm -rf "$new"
            mkdir -p "$new"
            # shellcheck disable=SC2086
            "$bin" -merge=1 $how -timeout=10 -rss_limit_mb=2048 $dict "$new" \
                "$seeds" $regress "$work" >"$log" 2>&1
            rc=$?
            [ "$rc" -ne 0 ] && break
            [ "$(ls "$new" | wc -l)" -le "${FUZZ_MAX_FILES:-300}" ] &&
                [ "$(du -sk "$new" | cut -f1)" -le "${FUZZ_MAX_KB:-1024}" ] && break
        done
        if [ "$rc" -eq 0 ]; then
            rm -rf "$seeds"
            mv "$new" "$seeds"
            echo "$name: merged into $seeds: $(ls "$seeds" | wc -l) files," \
                "$(du -sk "$seeds" | cut -f1) KiB"
        else
            echo "$name: merge failed (exit $rc), see $log"
            failed=1
        fi
        continue
    fi

    if [ -n "$FUZZ_RUNS" ]; then
        limit="-runs=$FUZZ_RUNS"
    else
        limit="-max_total_time=$FUZZ_TIME"
    fi
    start=$(date +%s)
    # shellcheck disable=SC2086
    "$bin" $limit -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$crashes/" $dict $FUZZ_ARGS "$work" "$seeds" $regress \
        >"$log" 2>&1
    rc=$?
    secs=$(($(date +%s) - start))
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    files=$(ls "$work" | wc -l)
    if [ "$rc" -eq 0 ]; then
        result=ok
    elif [ "$rc" -eq 72 ] && grep -q 'run interrupted' "$log"; then
        result="interrupted (SIGINT), nothing found"
    else
        failed=1
        art=$(sed -n 's/.*Test unit written to \(.*\)/\1/p' "$log" | tail -n 1)
        what=$(grep -m 1 -o 'ERROR: [A-Za-z]*Sanitizer: [a-z-]*\|ERROR: libFuzzer: [a-z-]*\|runtime error: .*' "$log")
        result="FAILED (exit $rc): ${what:-see $log} ${art:+-> $art}"
    fi
    printf '%-16s %12s %8s %9s %7s  %s\n' "$name" "${execs:-?}" "$secs" "${rate:-?}" \
        "$files" "$result"
done
[ "$failed" -eq 0 ]
