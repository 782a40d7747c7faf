# verdict - batch rules and reporting engine.
#
#   make demo          build, then run the CSP rule pack on the sample exports
#   make test          unit, end-to-end and rule-pack tests
#   make test SANITIZE=1   the same under AddressSanitizer + UBSan
#   make test-browser  open the HTML report in headless Chromium
#   make bench         benchmarks (see docs/benchmarks.md)
#
# Every target first runs `deps`, which installs missing Debian packages.

CC       ?= cc
SANITIZE ?=
BUILD    := build$(if $(SANITIZE),-san)

PKGS     := libxml-2.0 libpcre2-8
WARN     := -Wall -Wextra -Wshadow -Wmissing-prototypes -Wstrict-prototypes \
            -Wpointer-arith -Wcast-qual -Wwrite-strings -Wundef -Wvla \
            -Wformat=2 -Wimplicit-fallthrough -Wno-unused-parameter -Werror
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all
OPT      := $(if $(SANITIZE),-O1 -g -fno-omit-frame-pointer $(SAN_FLAGS),-O2 -g)
CFLAGS   += -std=c11 -D_GNU_SOURCE -pthread $(WARN) $(OPT) -Iengine -Ireports
PKGCFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS    = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lm -pthread
LDFLAGS  += $(if $(SANITIZE),$(SAN_FLAGS))

LIB_SRC  := $(filter-out engine/main.c,$(wildcard engine/*.c)) $(wildcard reports/*.c)
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
LIB      := $(BUILD)/libverdict.a
BIN      := $(BUILD)/verdict
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps demo test test-browser bench clean
all: deps $(BIN)

# Install what is missing (fresh Debian machine); silent when all is there.
DEB_PKGS := gcc libc6-dev libxml2-dev libcsv-dev libpcre2-dev libcmocka-dev pkg-config
deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing$$missing"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

$(BUILD)/%.o: %.c $(wildcard engine/*.h reports/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKGCFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(BUILD)/engine/main.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)
	@[ -n "$(SANITIZE)" ] || ln -sf $(BIN) verdict

$(BUILD)/tests/%: tests/unit/%.c tests/unit/testutil.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKGCFLAGS) $(shell pkg-config --cflags cmocka) -Itests/unit \
	  -o $@ $< $(LIB) $(LDFLAGS) $(LDLIBS) $(shell pkg-config --libs cmocka)

# exit status 1 means "ran, found violations": expected on the sample data
demo: all
	@./$(BIN) run; rc=$$?; [ $$rc -le 1 ] || exit $$rc

test: deps $(BIN) $(UNIT_BIN)
	@BUILD=$(BUILD) VERDICT=$(BIN) sh tests/run.sh $(UNIT_BIN)

test-browser: deps $(BIN)
	VERDICT=$(BIN) sh tests/browser/run.sh

bench: all
	@command -v sqlite3 >/dev/null && command -v bc >/dev/null && [ -x /usr/bin/time ] || \
	  { SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	    $$SUDO apt-get install -y -qq sqlite3 time bc >/dev/null; }
	VERDICT=$(BIN) sh bench/run.sh

clean:
	rm -rf build build-san verdict out
