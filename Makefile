# storyline - plain Makefile.
#   make                 library (static + shared) and the storyline command
#   make test            unit + end-to-end tests, ends with "N passed, N failed"
#   make asan            the same tests on an ASan+UBSan build (build-asan/)
#   make tsan            dedup and cluster at -j 2 under ThreadSanitizer
#                        (build-tsan/), compared with -j 1
#   make nosimd          the tests on the portable text paths, as without
#                        SSE2 (build-nosimd/)
#   make bench           benchmarks (not tests): throughput, memory, peer ratio
#   make bench-load      the HTTP server under wrk while articles are POSTed
#   make bench-scale     a million generated articles: dedup, cluster, the store
#   make demo            duplicates, rewrites, events and storylines of the
#                        bundled ECB+ sample, readable summaries
#   make lint            cppcheck over the sources
#   make fuzz            libFuzzer targets (clang, ASan+UBSan) for FUZZ_TIME s
#                        each (default 60), or FUZZ_RUNS executions each
#   make install PREFIX=/usr/local DESTDIR=
VERSION    := 0.1.0
SOVERSION  := 0
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR     ?= $(PREFIX)/share/man
PKG_CONFIG ?= pkg-config
BUILD      ?= build

DEPS      := libutf8proc json-c libxxhash libzstd zlib sqlite3 libmicrohttpd
DEP_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(DEPS) 2>/dev/null)
DEP_LIBS   := $(shell $(PKG_CONFIG) --libs $(DEPS) 2>/dev/null) -lstemmer -lpthread -lm

CFLAGS   ?= -O2 -g
SAN      ?=
ALL_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
              -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wvla \
              -fPIC -Iinclude -Isrc $(DEP_CFLAGS) $(CFLAGS) $(SAN)
ALL_LDFLAGS := $(LDFLAGS) $(SAN)

LIB_SRCS := $(sort $(wildcard src/core/*.c src/text/*.c src/sketch/*.c \
                              src/relate/*.c src/io/*.c src/facts/*.c \
                              src/store/*.c))
# C source generated from data files at build time
GEN_SRCS := $(BUILD)/gen/gazetteer.c
CLI_SRCS := $(sort $(wildcard src/cli/*.c))
TEST_SRCS := $(sort $(wildcard tests/unit/test_*.c))

LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o) $(GEN_SRCS:%.c=%.o)
# the web view (one self-contained HTML file) compiled into the command
WEB_GEN  := $(BUILD)/gen/web_index.c
CLI_OBJS := $(CLI_SRCS:%.c=$(BUILD)/%.o) $(WEB_GEN:%.c=%.o)
TEST_BINS := $(TEST_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
# Fuzz targets: tests/fuzz/fuzz_NAME.c defines LLVMFuzzerTestOneInput.  In
# every build they are linked with a plain replay driver (tests/fuzz/replay.c)
# so `make test` runs the kept corpus tests/fuzz/corpus/NAME/ under gcc;
# `make fuzz` links them with libFuzzer instead (clang, build-fuzz/).
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES := $(FUZZ_SRCS:tests/fuzz/%.c=%)
FUZZ_HDRS := $(wildcard tests/fuzz/*.h)
REPLAY_BINS := $(FUZZ_NAMES:%=$(BUILD)/fuzz/%)
# the command's objects other than main(), for targets that drive src/cli
CLI_LIB_OBJS := $(filter-out $(BUILD)/src/cli/main.o,$(CLI_OBJS))

STATIC := $(BUILD)/libstoryline.a
SHARED := $(BUILD)/libstoryline.so.$(VERSION)
BIN    := $(BUILD)/storyline

.PHONY: all test asan tsan nosimd bench bench-load bench-scale demo lint fuzz install uninstall clean check-deps
all: $(STATIC) $(SHARED) $(BIN) $(BUILD)/storyline.pc

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/gen/gazetteer.c: data/gazetteer.tsv tools/gen_gazetteer.sh
	@mkdir -p $(dir $@)
	sh tools/gen_gazetteer.sh data/gazetteer.tsv > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/web_index.c: web/index.html tools/embed.sh
	@mkdir -p $(dir $@)
	sh tools/embed.sh cli_web_index web/index.html > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(CC) $(ALL_CFLAGS) -Isrc/facts -c $< -o $@

$(STATIC): $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

# Only sl_<letter>* symbols are exported; sl__* internals stay local.
$(BUILD)/exports.map:
	@mkdir -p $(BUILD)
	printf '{ global: sl_[a-z]*; local: *; };\n' > $@

$(SHARED): $(LIB_OBJS) $(BUILD)/exports.map
	$(CC) -shared -Wl,-soname,libstoryline.so.$(SOVERSION) \
	    -Wl,--version-script=$(BUILD)/exports.map $(ALL_LDFLAGS) \
	    -o $@ $(LIB_OBJS) $(DEP_LIBS)
	ln -sf libstoryline.so.$(VERSION) $(BUILD)/libstoryline.so.$(SOVERSION)
	ln -sf libstoryline.so.$(SOVERSION) $(BUILD)/libstoryline.so

# The command links the static library: it uses only the public API
# (checked by `make lint`, which greps src/cli for sl__ names).
$(BIN): $(CLI_OBJS) $(STATIC)
	$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJS) $(STATIC) $(DEP_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(STATIC) tests/unit/testutil.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(STATIC) $(DEP_LIBS) -lcmocka

$(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/replay.c $(FUZZ_HDRS) $(CLI_LIB_OBJS) $(STATIC)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc/cli -Itests/fuzz -o $@ $< tests/fuzz/replay.c \
	    $(CLI_LIB_OBJS) $(STATIC) $(DEP_LIBS)

# Regenerated on every build: PREFIX may change between calls.
PC_SED = sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|'
.PHONY: $(BUILD)/storyline.pc
$(BUILD)/storyline.pc: storyline.pc.in
	@mkdir -p $(BUILD)
	@$(PC_SED) $< > $@

test: all $(TEST_BINS) $(REPLAY_BINS)
	@BUILD=$(BUILD) SAN="$(SAN)" sh tests/run.sh

asan:
	$(MAKE) BUILD=build-asan CFLAGS="-O1 -g -fno-omit-frame-pointer" \
	    SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" test

# the portable byte-by-byte text paths, as on a CPU without SSE2
nosimd:
	$(MAKE) BUILD=build-nosimd CFLAGS="-O2 -g -DSL_NO_SIMD" test

tsan: all
	$(MAKE) BUILD=build-tsan CFLAGS="-O1 -g" SAN="-fsanitize=thread" build-tsan/storyline
	@BUILD=build-tsan sh tests/tsan.sh

bench: all
	@sh bench/run.sh

bench-scale: all
	@sh bench/scale.sh

bench-load: all
	@sh bench/load.sh

FUZZ_TIME ?= 60
FUZZ_RUNS ?=
FUZZ_CC   ?= clang
fuzz:
	$(MAKE) BUILD=build-fuzz CC=$(FUZZ_CC) CFLAGS="-O1 -g -fno-omit-frame-pointer" \
	    SAN="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all" \
	    all $(FUZZ_NAMES:%=build-fuzz/fuzzer/%)
	@BUILD=build-fuzz FUZZ_TIME=$(FUZZ_TIME) FUZZ_RUNS=$(FUZZ_RUNS) \
	    sh tests/fuzz/run.sh $(FUZZ_NAMES)

$(BUILD)/fuzzer/%: tests/fuzz/%.c $(FUZZ_HDRS) $(CLI_LIB_OBJS) $(STATIC)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -Isrc/cli -Itests/fuzz -o $@ $< \
	    $(CLI_LIB_OBJS) $(STATIC) $(DEP_LIBS)

demo: all
	$(BIN) dedup --format text data/ecbplus-dev/articles.jsonl
	@echo
	$(BIN) cluster --format text data/ecbplus-dev/articles.jsonl

lint:
	cppcheck --quiet --error-exitcode=1 --std=c11 --inline-suppr \
	    --enable=warning,performance,portability \
	    --suppress=missingIncludeSystem -Iinclude -Isrc src tests/unit tests/fuzz
	@if grep -n 'sl__\|internal\.h' $(CLI_SRCS); then \
	    echo "src/cli must use only the public API"; exit 1; fi
	@# -O3's deeper analysis warns where -O2's does not (maybe-uninitialized):
	@# a user's CFLAGS=-O3 build must not stop on -Werror
	$(MAKE) --no-print-directory BUILD=build-o3 CFLAGS="-O3 -g" build-o3/storyline >/dev/null

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) \
	    $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(LIBDIR)/pkgconfig \
	    $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/storyline
	install -m 644 $(STATIC) $(DESTDIR)$(LIBDIR)/
	install -m 755 $(SHARED) $(DESTDIR)$(LIBDIR)/
	ln -sf libstoryline.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libstoryline.so.$(SOVERSION)
	ln -sf libstoryline.so.$(SOVERSION) $(DESTDIR)$(LIBDIR)/libstoryline.so
	install -m 644 include/storyline.h $(DESTDIR)$(INCLUDEDIR)/
	install -m 644 $(BUILD)/storyline.pc $(DESTDIR)$(LIBDIR)/pkgconfig/
	install -m 644 man/storyline.1 $(DESTDIR)$(MANDIR)/man1/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/storyline $(DESTDIR)$(LIBDIR)/libstoryline.* \
	    $(DESTDIR)$(INCLUDEDIR)/storyline.h \
	    $(DESTDIR)$(LIBDIR)/pkgconfig/storyline.pc \
	    $(DESTDIR)$(MANDIR)/man1/storyline.1

clean:
	rm -rf build build-asan build-tsan build-nosimd build-fuzz

-include $(LIB_OBJS:.o=.d) $(CLI_OBJS:.o=.d)
