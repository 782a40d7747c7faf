#!/bin/sh
# verdict test on bad input: `param as_of` with rules that declare no
# as_of, rows of inline tables named by their .test line, malformed .test
# files (each a syntax error, exit status 1, nothing leaked: under
# SANITIZE=1 LeakSanitizer fails the run), and a JUnit file that cannot
# be written.
set -u
here=$(dirname "$0")/rtest-errors
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
"$VERDICT" test "$here/debts.test" >"$tmp/out" 2>&1
rc=$?
[ "$rc" -eq 1 ] || { cat "$tmp/out"; fail "debts.test: expected exit status 1, got $rc"; }
diff -u "$here/debts.expected" "$tmp/out" || fail "debts.test output differs"
"$VERDICT" test "$here/negparam.test" >"$tmp/out" 2>&1 || { cat "$tmp/out"; fail "negparam.test: a negative param lost its sign"; }
: >"$tmp/all"
for t in "$here"/malformed/*.test; do
	"$VERDICT" test "$t" >>"$tmp/all" 2>&1
	rc=$?
	[ "$rc" -eq 1 ] || { cat "$tmp/all"; fail "$t: expected exit status 1, got $rc"; }
done
diff -u "$here/malformed.expected" "$tmp/all" || fail "malformed .test output differs"
# the JUnit file: an error naming it, the run's status kept
"$VERDICT" test "$here/debts.test" --junit "$tmp/no/such/dir/junit.xml" >"$tmp/out" 2>&1
[ $? -eq 1 ] || fail "--junit into a missing directory: exit status"
grep -qx "verdict test: cannot write $tmp/no/such/dir/junit.xml: No such file or directory" "$tmp/out" \
	|| { cat "$tmp/out"; fail "--junit into a missing directory: message"; }
if [ -w /dev/full ]; then
	"$VERDICT" test "$here/debts.test" --junit /dev/full >"$tmp/out" 2>&1
	[ $? -eq 1 ] || fail "--junit /dev/full: exit status"
	grep -qx 'verdict test: cannot write /dev/full: No space left on device' "$tmp/out" \
		|| { cat "$tmp/out"; fail "--junit /dev/full: message"; }
fi
exit 0
