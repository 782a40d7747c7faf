#!/bin/sh
# The command line's messages (tests/e2e/cli/expected.txt): each
# invocation, its stdout ("1| "), stderr ("2| ") and exit status.  Options
# a command does not take, a value that is an option, -d and -o checked
# before any work, the valid values listed after a wrong one, -q, and the
# final summary (its duration replaced by N).  Temporary paths read TMP.
set -u
here=$(dirname "$0")
lang=$here/lang
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export SOURCE_DATE_EPOCH=1764032400
V=$(cd "$(dirname "$VERDICT")" && pwd)/$(basename "$VERDICT")
mkdir "$tmp/empty" "$tmp/ro"
: >"$tmp/out.txt"
cp -r "$lang/data" "$tmp/broken"
rm "$tmp/broken/customers.csv"

# case ARGS...: runs verdict, prints the transcript
case_() {
	echo "\$ verdict $*" | sed "s#$tmp#TMP#g"
	"$V" "$@" >"$tmp/1" 2>"$tmp/2"
	rc=$?
	sed "s/^/1| /; s#$tmp#TMP#g" "$tmp/1"
	sed "s/^/2| /; s#$tmp#TMP#g; s/ checked in [0-9.]* s;/ checked in N s;/" "$tmp/2"
	echo "exit $rc"
	echo
}

run() {
	# options a command does not take
	case_ run --junit x.xml
	case_ run --verbose
	case_ run -v
	case_ run --coverage
	case_ check -r rules/csp -d nowhere --threads 3 --as-of 2020-01-01
	case_ check -r rules/csp --threads 3
	case_ inspect -r rules/csp -d fixtures/csp --as-of 2020-01-01
	case_ explain CSP-ROLE-001 -r rules/csp -o out
	case_ test --threads 2
	case_ test -q
	# a value that is an option; a value missing
	case_ run --as-of -o out
	case_ run -d --out out
	case_ inspect -r -d fixtures/csp
	case_ run --as-of
	# -d and -o before any work
	case_ run -d fixtures/cps
	case_ run -d fixture/csp
	case_ run -d "$tmp/nowhere"
	case_ run -d "$tmp/out.txt"
	case_ inspect -r fixtures/ingest/ingest.rules -d fixtures/ingset
	case_ run -o "$tmp/out.txt"
	case_ run -o "$tmp/out.txt/sub/dir"
	case_ run -o /dev/null/out
	(cd "$tmp/empty" && case_ run)
	# the valid values
	case_ explain FOO -r rules/csp
	case_ explain CSP-RESALE-01 -r rules/csp
	case_ explain F-3 -r "$here/run/formula.rules"
	case_ check -v -r "$here/run/formula.rules"
	case_ run -r "$lang/lang.rules" -d "$lang/data" -o "$tmp/o" --param foo=bar
	case_ run -r "$here/run/formula.rules" -d "$lang/data" -o "$tmp/o" --param foo=bar
	case_ run -r "$lang/lang.rules" -d "$lang/data" -o "$tmp/o" --param as_of
	# -q: errors only; the summary
	case_ run -q -r "$lang/lang.rules" -d "$lang/data" -o "$tmp/o" --as-of 2026-11-25
	case_ run -r "$lang/lang.rules" -d "$lang/data" -o "$tmp/o" --as-of 2026-11-25
	case_ run -r "$lang/lang.rules" -d "$lang/data" -o "$tmp/o" --as-of 2026-11-25 --fail-on never --format csv
	case_ run -q -r "$lang/lang.rules" -d "$tmp/broken" -o "$tmp/o" --as-of 2026-11-25
	case_ run -r "$lang/lang.rules" -d "$tmp/broken" -o "$tmp/o" --as-of 2026-11-25
}
run >"$tmp/got"
diff -u "$here/cli/expected.txt" "$tmp/got" || fail "CLI messages differ from tests/e2e/cli/expected.txt"

# an -o in a directory the user cannot write (not testable as root)
if [ "$(id -u)" -ne 0 ]; then
	chmod 555 "$tmp/ro"
	"$V" run -o "$tmp/ro/out" >/dev/null 2>"$tmp/err"
	[ $? -eq 2 ] || fail "-o in a read-only directory: exit status"
	grep -qx "verdict run: -o $tmp/ro/out: cannot create it: $tmp/ro is not writable (Permission denied)" "$tmp/err" \
		|| fail "-o in a read-only directory: $(cat "$tmp/err")"
fi
exit 0
