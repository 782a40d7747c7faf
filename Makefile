# verdict - batch rules and reporting engine.
#
#   make demo              build, then run the CSP rule pack on the sample exports
#   make test              layer check, unit, end-to-end and rule-pack tests
#   make test SANITIZE=1   the same under AddressSanitizer + UBSan
#   make test-browser      open the HTML report in headless Chromium
#   make fuzz              each libFuzzer target for FUZZ_SECONDS (default 30)
#                          seconds, built with clang in build-fuzz/
#   make fuzz-sql          COUNT (default 1000) random rules from SEED (default 1):
#                          verdict run against the SQL on sqlite, postgres, duckdb
#   make bench             benchmarks (see docs/benchmarks.md)
#   make check-layers      fail on an #include against the layer order
#   make install           install bin/verdict and share/man/man1/verdict.1
#                          under PREFIX (default /usr/local; DESTDIR too)
#   make clean             remove every build directory
#
# V=1 shows the commands and every test case; quiet otherwise.
# CFLAGS, LDFLAGS and CPPFLAGS are the user's (make CFLAGS=-O0 builds);
# the flags verdict needs are kept apart in ALL_CFLAGS (git's pattern).
# The first build checks for the Debian packages it needs and installs the
# missing ones (tools/deps.sh); once they are there, nothing is asked again.

CC       ?= cc
PREFIX   ?= /usr/local
DESTDIR  ?=
SANITIZE ?=
BUILD    ?= build$(if $(SANITIZE),-san)

CFLAGS   ?= -O2 -g
PKGS     := libxml-2.0 libpcre2-8 yajl libcrypto
WARN     := -Wall -Wextra -Wshadow -Wmissing-prototypes -Wstrict-prototypes \
            -Wpointer-arith -Wcast-qual -Wwrite-strings -Wundef -Wvla \
            -Wformat=2 -Wimplicit-fallthrough -Wno-unused-parameter -Werror
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all
SAN_CFLAGS := $(if $(SANITIZE),-O1 -g -fno-omit-frame-pointer $(SAN_FLAGS))

# Recursive (=): pkg-config runs when a recipe needs the flags, after the
# dependency step has installed it.
ALL_CFLAGS  = -std=c11 -D_GNU_SOURCE -pthread $(WARN) $(CFLAGS) $(SAN_CFLAGS) \
              -Iengine -I. -I$(BUILD)/gen $(CPPFLAGS) \
              $(shell pkg-config --cflags $(PKGS) 2>/dev/null) -MMD -MP
ALL_LDFLAGS = $(LDFLAGS) $(if $(SANITIZE),$(SAN_FLAGS)) -pthread
LDLIBS      = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lm

ifeq ($(V),1)
Q :=
quiet = @:
else
Q := @
quiet = @printf '  %-4s %s\n'
endif

# Layers, lowest first: each includes only its own folder and those before.
ENGINE_SRC := $(wildcard engine/util/*.c engine/lang/*.c engine/data/*.c \
                         engine/data/readers/*.c engine/run/*.c)
REPORT_SRC := $(wildcard reports/*.c)
CLI_SRC    := $(wildcard cli/*.c)
ASSETS     := $(wildcard reports/assets/*)
ASSET_INC  := $(ASSETS:reports/assets/%=$(BUILD)/gen/assets/%.inc)

LIB        := $(BUILD)/libverdict.a
REPORTS    := $(BUILD)/libreports.a
BIN        := $(BUILD)/verdict
MAN        := $(BUILD)/verdict.1
LIB_OBJ    := $(ENGINE_SRC:%.c=$(BUILD)/%.o)
REPORT_OBJ := $(REPORT_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ    := $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC   := $(wildcard tests/unit/test_*.c)
UNIT_BIN   := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
DEPS_OK    := $(BUILD)/.deps-ok

.PHONY: all deps demo test unit check-layers test-browser bench install clean fuzz fuzz-build fuzz-sql
all: $(BIN) $(MAN)

# ---- dependencies --------------------------------------------------------
deps: $(DEPS_OK)
$(DEPS_OK): tools/deps.sh
	$(Q)sh tools/deps.sh
	$(Q)mkdir -p $(dir $@) && touch $@

# ---- build ---------------------------------------------------------------
$(BUILD)/%.o: %.c | $(DEPS_OK) $(ASSET_INC)
	$(quiet) CC $<
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) -c $< -o $@

# report.html's CSS and JavaScript, as C byte lists included by the writer
# (kept: they are prerequisites of html.o through its .d file)
.SECONDARY: $(ASSET_INC)
$(BUILD)/gen/assets/%.inc: reports/assets/% tools/embed.sh
	$(quiet) GEN $@
	$(Q)mkdir -p $(dir $@)
	$(Q)sh tools/embed.sh $< >$@.tmp && mv $@.tmp $@

$(LIB): $(LIB_OBJ)
	$(quiet) AR $@
	$(Q)rm -f $@ && ar rcs $@ $^

$(REPORTS): $(REPORT_OBJ)
	$(quiet) AR $@
	$(Q)rm -f $@ && ar rcs $@ $^

$(BIN): $(CLI_OBJ) $(REPORTS) $(LIB)
	$(quiet) LINK $@
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LDLIBS)
	$(Q)[ -n "$(SANITIZE)" ] || ln -sf $(BIN) verdict

# Unit tests link the layers they test; cli/ objects (but main.o) too, for
# the tests of the commands.
TEST_CLI_OBJ := $(filter-out $(BUILD)/cli/main.o,$(CLI_OBJ))
$(BUILD)/tests/%: tests/unit/%.c tests/unit/testutil.h $(TEST_CLI_OBJ) $(REPORTS) $(LIB) | $(DEPS_OK)
	$(quiet) CC $<
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) $(shell pkg-config --cflags cmocka) -Itests/unit \
	  -o $@ $< $(TEST_CLI_OBJ) $(REPORTS) $(LIB) $(ALL_LDFLAGS) $(LDLIBS) $(shell pkg-config --libs cmocka)

# the man page, from the program's --help texts (tools/man.sh)
$(MAN): $(BIN) tools/man.sh
	$(quiet) GEN $@
	$(Q)sh tools/man.sh $(BIN) >$@.tmp && mv $@.tmp $@

-include $(LIB_OBJ:.o=.d) $(REPORT_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(UNIT_BIN:=.d)

# ---- running -------------------------------------------------------------
# exit status 1 means "ran, found violations": expected on the sample data
demo: $(BIN)
	@./$(BIN) run; rc=$$?; [ $$rc -le 1 ] || exit $$rc

check-layers:
	@sh tools/check-layers.sh

test: check-layers $(BIN) $(UNIT_BIN)
	@BUILD=$(BUILD) VERDICT=$(BIN) V=$(V) sh tests/run.sh $(UNIT_BIN)

test-browser: $(BIN)
	@VERDICT=$(BIN) sh tests/browser/run.sh

# ---- random rules against the SQL (tests/e2e/sql.sh, tests/e2e/sql/genrules.c)
# make test runs 300 of seed 1; this runs COUNT from SEED (50 a seed)
SEED  ?= 1
COUNT ?= 1000
fuzz-sql: $(BIN)
	@SQL_FUZZ_ONLY=1 SQL_FUZZ_SEED=$(SEED) SQL_FUZZ_COUNT=$(COUNT) VERDICT=$(BIN) sh tests/e2e/sql.sh

# ---- fuzzing (tests/fuzz/, docs/reliability.md) -------------------------
# The whole tree built with clang's fuzzer instrumentation, ASan and UBSan
# in build-fuzz/; each target links the libraries and the cli objects.
FUZZ_TARGETS := csv xml json rules rtest waivers sql run
FUZZ_SECONDS ?= 30
FUZZ_CFLAGS  := -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
                -fno-sanitize-recover=all
fuzz:
	$(Q)$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang CFLAGS='$(FUZZ_CFLAGS)' fuzz-build
	$(Q)BUILD=build-fuzz FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh $(FUZZ_TARGETS)

fuzz-build: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%)

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(wildcard tests/fuzz/*.h) $(TEST_CLI_OBJ) $(REPORTS) $(LIB) | $(DEPS_OK)
	$(quiet) LINK $@
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) -Itests/fuzz -o $@ $< $(TEST_CLI_OBJ) $(REPORTS) $(LIB) \
	  $(ALL_LDFLAGS) -fsanitize=fuzzer,address,undefined $(LDLIBS)

# not part of make test: tens of minutes at the default size (BENCH_N etc.:
# bench/run.sh); node and npm for DuckDB's client, perf for the phases
bench: $(BIN)
	@command -v sqlite3 >/dev/null && command -v node >/dev/null && command -v npm >/dev/null && \
	  [ -x /usr/bin/time ] || EXTRA="sqlite3 time nodejs npm" sh tools/deps.sh
	VERDICT=$(BIN) sh bench/run.sh

install: $(BIN) $(MAN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/verdict
	install -m 644 $(MAN) $(DESTDIR)$(PREFIX)/share/man/man1/verdict.1

clean:
	rm -rf build build-san build-* verdict out
