# newsprint: one GNU Makefile.  `make help` lists the targets.

CC      ?= cc
BUILD   ?= build
PKGS    := jansson libutf8proc libxxhash libxml-2.0 zlib sqlite3 libmicrohttpd libcmark icu-uc
CSTD    := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wvla
ifeq ($(DEBUG),1)
OPT     := -O0 -g
else
OPT     := -O2 -g
endif
ifeq ($(SAN),1)
OPT     += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDSAN   := -fsanitize=address,undefined
endif
CFLAGS  ?=
# compilers `make check` runs side by side (and tests/run.sh's TEST_JOBS)
JOBS    ?= $(shell getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
CFLAGS  += $(CSTD) $(WARN) $(OPT) -Iinclude -Isrc -I$(BUILD) $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS  += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lstemmer -lm -lpthread
LDFLAGS += $(LDSAN)

LIB_SRC := $(sort $(wildcard src/common/*.c src/ingest/*.c src/text/*.c src/dedup/*.c src/cluster/*.c src/store/*.c src/server/*.c))
CLI_SRC := $(sort $(wildcard src/cli/*.c))
UNIT_SRC:= $(sort $(wildcard tests/unit_*.c)) tests/testmain.c
FUZZ_SRC:= $(sort $(wildcard fuzz/fuzz_*.c))

LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/web_assets.o
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_OBJ:= $(UNIT_SRC:%.c=$(BUILD)/%.o)
LIB     := $(BUILD)/libnewsprint.a
BIN     := $(BUILD)/newsprint
UNIT    := $(BUILD)/unit_tests
REPLAY  := $(FUZZ_SRC:fuzz/%.c=$(BUILD)/replay_%)

.PHONY: all build-all deps demo check test asan ubsan clang valgrind fuzz fuzz-print-seeds bench bench-extraction bench-serve bench-staged eval clean help

all: $(BIN)

deps:
	@sh scripts/deps.sh

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

# The identity of what a fingerprint holds: a checksum of the code that
# analyses and fingerprints an article.  A database keeps fingerprints made
# by the same code only (src/store); rewritten only when it changes.
PRINT_SRC := $(sort $(wildcard src/text/*.[ch] src/dedup/*.[ch] src/common/*.[ch]) src/cluster/fingerprint.c src/cluster/sentence_hash.c src/cluster/sentence_hash.h src/cluster/print_format.h src/cluster/engine.h include/newsprint.h)
$(BUILD)/print_id.h: $(PRINT_SRC)
	@mkdir -p $(dir $@)
	@id=$$(cat $(PRINT_SRC) | cksum | cut -d' ' -f1); \
	 printf '#define NP_PRINT_ID "%s-%s"\n' "$(shell sed -n 's/^#define NP_VERSION "\(.*\)"/\1/p' include/newsprint.h)" "$$id" > $@.tmp; \
	 if cmp -s $@.tmp $@; then rm $@.tmp; else mv $@.tmp $@; fi

$(BUILD)/src/store/store.o $(BUILD)/src/store/store_group.o $(BUILD)/src/cli/shard.o: $(BUILD)/print_id.h

# The web page (web/) compiled into the binary for `newsprint serve`.
$(BUILD)/web_assets.c: scripts/embed.sh $(wildcard web/*)
	@mkdir -p $(dir $@)
	@sh scripts/embed.sh web > $@.tmp && mv $@.tmp $@

$(BUILD)/web_assets.o: $(BUILD)/web_assets.c
	@$(CC) $(CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(LDLIBS)

# src/cli/json.c (JSON strings) is tested on its own, without the commands
$(UNIT): $(UNIT_OBJ) $(BUILD)/src/cli/json.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(UNIT_OBJ) $(BUILD)/src/cli/json.o $(LIB) $(LDLIBS)

# Fuzz targets built as plain programs that replay a corpus directory.
$(BUILD)/replay_%: fuzz/%.c fuzz/replay.c $(wildcard fuzz/*.h) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ fuzz/$*.c fuzz/replay.c $(LIB) $(LDLIBS)

build-all: $(BIN) $(UNIT) $(REPLAY)

# Build and run every test against this build directory.
test: build-all
	@sh tests/run.sh $(BUILD)

demo: deps
	@$(MAKE) --no-print-directory all >/dev/null
	@sh scripts/demo.sh $(BIN)

# Everything that must pass: the clang build and its unit tests, then every
# test against the release build and the AddressSanitizer+UBSan build,
# counted together.
check: deps
	@$(MAKE) --no-print-directory -j$(JOBS) clang >/dev/null
	@$(MAKE) --no-print-directory -j$(JOBS) build-all BUILD=build-asan SAN=1 >/dev/null
	@$(MAKE) --no-print-directory -j$(JOBS) build-all BUILD=build >/dev/null
	@sh tests/run.sh --unit-only build-clang build build-asan

asan:
	@$(MAKE) --no-print-directory test BUILD=build-asan SAN=1 DEBUG=$(DEBUG)

ubsan: asan

clang:
	@$(MAKE) --no-print-directory all build-clang/unit_tests BUILD=build-clang CC=clang

valgrind: $(BIN) $(UNIT)
	valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite --child-silent-after-fork=yes -q $(UNIT)
	valgrind --error-exitcode=1 --leak-check=full -q $(BIN) clean examples/articles >/dev/null
	valgrind --error-exitcode=1 --leak-check=full -q $(BIN) cluster --format json examples >/dev/null
	@rm -f $(BUILD)/valgrind.db* $(BUILD)/valgrind.nps $(BUILD)/valgrind*.npp $(BUILD)/valgrind.npl
	valgrind --error-exitcode=1 --leak-check=full -q $(BIN) add --quiet --db $(BUILD)/valgrind.db examples
	valgrind --error-exitcode=1 --leak-check=full -q $(BIN) stories --db $(BUILD)/valgrind.db --format json >/dev/null
	valgrind --error-exitcode=1 --leak-check=full -q $(BIN) show --db $(BUILD)/valgrind.db j01 >/dev/null
	valgrind --error-exitcode=1 --leak-check=full -q $(BIN) similar --db $(BUILD)/valgrind.db --file examples/corpus.jsonl >/dev/null
	valgrind --error-exitcode=1 --leak-check=full -q $(BIN) sign --quiet -o $(BUILD)/valgrind.nps examples
	valgrind --error-exitcode=1 --leak-check=full -q $(BIN) group $(BUILD)/valgrind.nps >/dev/null
	valgrind --error-exitcode=1 --leak-check=full -q $(BIN) join --quiet --part 0/2 -o $(BUILD)/valgrind-0.npp $(BUILD)/valgrind.nps
	valgrind --error-exitcode=1 --leak-check=full -q $(BIN) join --quiet --part 1/2 -o $(BUILD)/valgrind-1.npp $(BUILD)/valgrind.nps
	valgrind --error-exitcode=1 --leak-check=full -q $(BIN) verify --quiet --part 0/1 -o $(BUILD)/valgrind.npl $(BUILD)/valgrind.nps $(BUILD)/valgrind-0.npp $(BUILD)/valgrind-1.npp
	valgrind --error-exitcode=1 --leak-check=full -q $(BIN) group --format json $(BUILD)/valgrind.nps $(BUILD)/valgrind.npl >/dev/null

fuzz:
	@sh fuzz/run.sh

# fuzz_print's named seeds remade by this build (after a change of the print
# layout: unit test fuzz_print_seeds_accepted says when).
$(BUILD)/print_seeds: fuzz/print_seeds.c $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ fuzz/print_seeds.c $(LIB) $(LDLIBS)

fuzz-print-seeds: $(BUILD)/print_seeds
	$(BUILD)/print_seeds fuzz/corpus/fuzz_print/one examples/articles/01-*.txt
	$(BUILD)/print_seeds fuzz/corpus/fuzz_print/examples-01-03 examples/articles/0[1-3]-*.txt
	$(BUILD)/print_seeds fuzz/corpus/fuzz_print/family-16-19 examples/articles/1[6-9]-*.txt
	$(BUILD)/print_seeds --copies-only fuzz/corpus/fuzz_print/copies-only-01-04 examples/articles/0[1-4]-*.txt

bench: $(BIN)
	@sh scripts/deps.sh bench
	@sh bench/run.sh

# Loopback load test of `newsprint serve` (requests/s, latency, errors).
# Staged run on a loopback Dask cluster against cluster, 200k and 1M articles.
bench-staged: $(BIN)
	@/usr/bin/python3 bench/staged.py --binary $(BIN)

bench-serve: all
	@python3 bench/serve_load.py

# Main-text extraction against peers from Debian and npm, on ../shared's pages.
bench-extraction: $(BIN)
	@sh bench/extraction.sh

# Quality on the labelled sets in ../shared (not part of check).
eval: $(BIN)
	@python3 scripts/eval.py $(BIN)

# What clean removes: the build directories of the targets, and BUILD's
# when it is one of this tree's build* directories (a name without a slash
# or dots: BUILD=/tmp/x or BUILD=.. is never removed).  Other build*
# directories left are named.
CLEAN_BUILD := $(patsubst %/,%,$(BUILD))
CLEAN_DIRS := $(sort build build-asan build-clang build-fuzz $(if $(findstring /,$(CLEAN_BUILD))$(findstring \
                ..,$(CLEAN_BUILD)),,$(filter build%,$(CLEAN_BUILD))))
clean:
	rm -rf $(CLEAN_DIRS)
	@left=$$(ls -d build*/ 2>/dev/null | tr '\n' ' '); \
	 [ -z "$$left" ] || echo "make clean: left $$left(make clean BUILD=DIR removes DIR)"

# Every target of .PHONY, one line each (tests/makefile.sh checks that
# none is left out and none named is missing).
help:
	@echo "make / make all  release build: build/newsprint (BUILD=DIR builds in DIR)"
	@echo "make build-all  the binary, the unit tests and the fuzz replay drivers"
	@echo "make deps      install the Debian packages the build needs (scripts/deps.sh)"
	@echo "make demo      install deps, build, clean the example corpus"
	@echo "make test      build-all, then every test against that build (BUILD=DIR)"
	@echo "make check     install deps, build (gcc, clang, ASan+UBSan), run every test"
	@echo "make clang     the clang build and its unit tests (build-clang/)"
	@echo "make asan      tests under AddressSanitizer + UBSan (build-asan/)"
	@echo "make ubsan     the same as make asan (one build has both)"
	@echo "make valgrind  unit tests, cluster, the database commands and the staged run under valgrind"
	@echo "make fuzz      run the libFuzzer targets, FUZZ_SECONDS each (clang)"
	@echo "make fuzz-print-seeds  remake fuzz_print's named seeds (after a print layout change)"
	@echo "make bench     throughput benchmarks (bench/)"
	@echo "make bench-extraction  HTML extraction against readability and boilerpipe"
	@echo "make bench-serve  loopback load test of newsprint serve"
	@echo "make bench-staged  staged run on a local Dask cluster against cluster (200k, 1M)"
	@echo "make eval      quality on the labelled sets in ../shared (EVALUATION.md)"
	@echo "make clean     remove build, build-asan, build-clang, build-fuzz and BUILD=DIR's build* DIR (others named)"
	@echo "make help      this list"
	@echo "make DEBUG=1   -O0 -g build; SAN=1 adds ASan+UBSan, CC=clang compiles with clang"

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(UNIT_OBJ:.o=.d)
