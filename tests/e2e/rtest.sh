#!/bin/sh
# verdict test: exact failure output (positions, found vs expected, a
# did-you-mean for a mistyped rule id, data-quality findings in tables),
# the summary line, exit status 1, and well-formed JUnit XML.
set -u
here=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
"$VERDICT" test "$here/rtest/mixed.test" --junit "$tmp/junit.xml" >"$tmp/out" 2>&1
rc=$?
[ "$rc" -eq 1 ] || fail "expected exit status 1, got $rc"
diff -u "$here/rtest/expected.txt" "$tmp/out" || fail "output differs"
grep -q '<testsuites tests="3" failures="2">' "$tmp/junit.xml" || fail "JUnit totals"
grep -q '<testcase classname="[^"]*mixed.test" name="a customer with two partners in force is reported" time="[0-9.]*"/>' \
	"$tmp/junit.xml" || fail "JUnit passing testcase"
[ "$(grep -c '<failure ' "$tmp/junit.xml")" -eq 2 ] || fail "JUnit failures"
if command -v xmllint >/dev/null; then xmllint --noout "$tmp/junit.xml" || fail "JUnit XML is not well-formed"; fi
# a passing run exits 0; --coverage fails when a rule is only tested one way
"$VERDICT" test "$here/rtest/mixed.test" >/dev/null 2>&1 && fail "should fail"
sed -n '1,18p' "$here/rtest/mixed.test" >"$tmp/pass.test"
sed -i "s#\.\./lang/lang.rules#$PWD/$here/lang/lang.rules#" "$tmp/pass.test"
"$VERDICT" test "$tmp/pass.test" >"$tmp/out" 2>&1 || { cat "$tmp/out"; fail "passing test should exit 0"; }
grep -qx '1 passed, 0 failed' "$tmp/out" || fail "summary line"
"$VERDICT" test --coverage "$tmp/pass.test" >"$tmp/out" 2>&1 && fail "--coverage should fail"
grep -q 'CSP-MULTI-001 *no test where it stays quiet' "$tmp/out" || { cat "$tmp/out"; fail "coverage report"; }
grep -q 'CSP-INDIRECT-002 *no test names it' "$tmp/out" || { cat "$tmp/out"; fail "coverage report"; }
exit 0
