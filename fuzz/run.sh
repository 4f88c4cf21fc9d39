#!/bin/sh
# fuzz/run.sh: builds every libFuzzer target and runs each for a while.
#   sh fuzz/run.sh [fuzz_NAME...]        (`make fuzz` runs them all)
#
# Each fuzz/fuzz_NAME.c is built with clang -fsanitize=fuzzer,address,undefined
# into build-fuzz/, together with the library sources, and run for
# FUZZ_SECONDS over a working corpus (build-fuzz/corpus/fuzz_NAME, kept
# between runs) seeded from fuzz/corpus/fuzz_NAME, with fuzz/fuzz_NAME.dict
# when there is one.  Afterwards the inputs that reach new edges are merged
# into fuzz/corpus/fuzz_NAME for the replay in `make check`.  A crash or
# violated invariant stops that target; its input is left in
# build-fuzz/artifacts/ and the exit status is 1.
# Reproduce one with: make build-all SAN=1 BUILD=build-asan &&
#   build-asan/replay_fuzz_NAME build-fuzz/artifacts/fuzz_NAME-crash-...
#
# Environment: FUZZ_SECONDS (60) per target, FUZZ_JOBS (1) parallel workers
# per target (libFuzzer -fork), FUZZ_MAX_LEN (16384) bytes per input,
# FUZZ_CC (clang).
set -eu
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-1}
max_len=${FUZZ_MAX_LEN:-16384}
cc=${FUZZ_CC:-clang}
out=build-fuzz
# the Makefile's package list, so new libraries follow; the fixed list is the fallback
pkgs=$(printf 'np-fuzz-pkgs:\n\t@echo "$(PKGS)"\n' |
       make -s --no-print-directory -f Makefile -f - np-fuzz-pkgs 2>/dev/null) || pkgs=
[ -n "$pkgs" ] || pkgs="jansson libutf8proc libxxhash libxml-2.0 zlib"

command -v "$cc" >/dev/null 2>&1 || { echo "fuzz: $cc not found (apt-get install clang)" >&2; exit 1; }
pkg_cflags=$(pkg-config --cflags $pkgs) || { echo "fuzz: pkg-config cannot find $pkgs" >&2; exit 1; }
cflags="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -O1 -g
        -fno-omit-frame-pointer -fno-sanitize-recover=undefined -Iinclude -Isrc $pkg_cflags"

# The library's sources and link flags as the Makefile has them, so this
# script follows new modules; the fixed list is the fallback.
vars=$(printf 'np-fuzz-vars:\n\t@echo "$(LIB_SRC)"\n\t@echo "$(LDLIBS)"\n' |
       make -s --no-print-directory -f Makefile -f - np-fuzz-vars 2>/dev/null) || vars=
lib_src=$(printf '%s\n' "$vars" | sed -n 1p)
libs=$(printf '%s\n' "$vars" | sed -n 2p)
[ -n "$lib_src" ] || lib_src=$(ls src/common/*.c src/ingest/*.c src/text/*.c)
# The database and the server are not fuzz targets (they need generated
# headers and their own libraries); the parsers are.
lib_src=$(printf '%s\n' $lib_src | grep -v -e '^src/server/' -e '^src/store/')
[ -n "$libs" ] || libs="$(pkg-config --libs $pkgs) -lm -lpthread"

if [ $# -eq 0 ]; then
    for src in fuzz/fuzz_*.c; do
        name=${src##*/}
        set -- "$@" "${name%.c}"
    done
fi

# The library once, instrumented for coverage but without libFuzzer's main.
mkdir -p "$out/lib" "$out/corpus" "$out/artifacts"
objs=
for src in $lib_src; do
    obj="$out/lib/$(echo "$src" | tr / _ | sed 's/\.c$/.o/')"
    # shellcheck disable=SC2086
    "$cc" $cflags -fsanitize=fuzzer-no-link,address,undefined -c "$src" -o "$obj"
    objs="$objs $obj"
done

status=0
for name in "$@"; do
    [ -f "fuzz/$name.c" ] || { echo "FAIL $name: no fuzz/$name.c"; status=1; continue; }
    bin="$out/$name"
    # shellcheck disable=SC2086
    "$cc" $cflags -fsanitize=fuzzer,address,undefined -o "$bin" "fuzz/$name.c" $objs $libs

    seeds="fuzz/corpus/$name"
    work="$out/corpus/$name"
    mkdir -p "$seeds" "$work"
    dict=
    [ -f "fuzz/$name.dict" ] && dict="-dict=fuzz/$name.dict"
    fork=
    [ "$jobs" -gt 1 ] && fork="-fork=$jobs"
    log="$out/$name.log"
    before=$(ls "$seeds" | wc -l)
    echo "fuzz: $name for ${seconds}s (log in $log)"
    rc=0
    # shellcheck disable=SC2086
    "$bin" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$out/artifacts/$name-" $dict $fork \
        "$work" "$seeds" >"$log" 2>&1 || rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 || true)

    # keep only what reaches new edges (hit counts aside, so the committed
    # corpus stays small) in fuzz/corpus
    "$bin" -merge=1 -use_counters=0 -max_len="$max_len" "$seeds" "$work" >"$out/$name.merge.log" 2>&1 ||
        echo "fuzz: $name: merge failed, see $out/$name.merge.log"
    after=$(ls "$seeds" | wc -l)
    size=$(du -sk "$seeds" | cut -f1)

    if [ $rc -ne 0 ]; then
        crash=$(grep -o "Test unit written to .*" "$log" | tail -n 1 | sed 's/Test unit written to //')
        echo "FAIL $name: exit status $rc, input ${crash:-unknown}; report:"
        grep -m 1 -A 12 'ERROR:\|invariant violated\|runtime error' "$log" | sed 's/^/    /' || true
        status=1
    else
        echo "PASS $name: ${runs:-?} runs in ${seconds}s, ${speed:-?} exec/s, ${cov:-cov: ?}, corpus $before -> $after files (${size} KB)"
    fi
    [ "$after" -le 200 ] || echo "fuzz: $name: corpus has $after files; trim it below ~200 (-merge=1 -use_counters=0 into an empty directory)"
done
exit $status
