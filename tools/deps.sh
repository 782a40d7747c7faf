#!/bin/sh
# tools/deps.sh - install the Debian packages verdict builds with, when
# something is missing.  Each requirement is checked directly (a command,
# a pkg-config module, a header), so a machine that has everything runs no
# package manager at all.  Without apt-get it prints what to install and
# fails.  EXTRA="pkg ..." adds packages checked by command name (make
# bench: sqlite3 time nodejs npm).
missing=""
need() { # package, check command...
	pkg=$1
	shift
	"$@" >/dev/null 2>&1 || missing="$missing $pkg"
}
header() { # header file: compiles an #include of it
	printf '#include <%s>\n' "$1" | ${CC:-cc} -E -x c - >/dev/null 2>&1
}
case ${CC:-cc} in
clang*) need clang command -v "${CC}" ;;
*) need gcc command -v "${CC:-cc}" ;;
esac
need libc6-dev header stdio.h
need pkg-config command -v pkg-config
need libxml2-dev pkg-config --exists libxml-2.0
need libcsv-dev header csv.h
need libpcre2-dev pkg-config --exists libpcre2-8
need libyajl-dev pkg-config --exists yajl
need libssl-dev pkg-config --exists libcrypto   # SHA-256 (EVP, CPU SHA extensions)
need libcmocka-dev pkg-config --exists cmocka
need sqlite3 command -v sqlite3          # tests/e2e/sql.sh: the generated SQL, executed
need xxd command -v xxd                  # tests/e2e/sqlreport.sh: sqlite fingerprints, hashed client-side
for p in $EXTRA; do
	case $p in
	time) need time test -x /usr/bin/time ;;
	nodejs) need nodejs command -v node ;;
	*) need "$p" command -v "$p" ;;
	esac
done
# each package once
missing=$(printf '%s\n' $missing | sort -u | tr '\n' ' ')
[ -n "${missing% }" ] || exit 0
if ! command -v apt-get >/dev/null 2>&1; then
	echo "verdict needs these Debian packages (or your system's equivalents): $missing" >&2
	echo "install them, then run make again" >&2
	exit 1
fi
echo "make: installing $missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
