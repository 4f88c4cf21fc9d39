#!/bin/sh
# links_no_rewrites.sh BUILD THREADS INPUT...: builds tests/links_no_rewrites.c
# against BUILD's library and checks on the inputs that a run without
# rewrites finds the copies-only links less the rewrites (counts by kind).
# Not part of make check (it is for the large generated corpora), e.g.
#   sh tests/links_no_rewrites.sh build 1 /tmp/c/g20k.jsonl
set -e
build=$1; threads=$2; shift 2
pkgs="jansson libutf8proc libxxhash libxml-2.0 zlib sqlite3 libmicrohttpd libcmark icu-uc"
${CC:-cc} -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -Wall -Wextra -Werror \
    -Iinclude -Isrc -I"$build" $(pkg-config --cflags $pkgs) -o "$build/links_no_rewrites" \
    tests/links_no_rewrites.c "$build/libnewsprint.a" $(pkg-config --libs $pkgs) -lstemmer -lm -lpthread
"$build/links_no_rewrites" "$threads" "$@"
