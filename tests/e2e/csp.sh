#!/bin/sh
# The CSP rule pack on the sample exports: `verdict check` is clean; the
# findings and the summary are exactly the golden files (run_id column
# aside), which match the hand-checked fixtures/csp/EXPECTED.md; the rule
# unit tests pass with every rule covered both ways.
set -u
here=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export SOURCE_DATE_EPOCH=1764032400
"$VERDICT" check -r rules/csp >"$tmp/check" 2>&1 || { cat "$tmp/check"; fail "verdict check -r rules/csp"; }
grep -q warning "$tmp/check" && { cat "$tmp/check"; fail "the rule pack has warnings"; }
"$VERDICT" run -q -r rules/csp -d fixtures/csp -o "$tmp/out" --as-of 2026-11-25 >/dev/null
rc=$?
[ "$rc" -eq 1 ] || fail "expected exit status 1 (error findings), got $rc"
sed 's/^[^,]*,//' "$tmp/out/findings.csv" >"$tmp/findings.csv"
sed 's/^[^,]*,//' "$tmp/out/summary.csv" >"$tmp/summary.csv"
diff -u "$here/csp/findings.csv" "$tmp/findings.csv" || fail "findings.csv differs from the golden file"
diff -u "$here/csp/summary.csv" "$tmp/summary.csv" || fail "summary.csv differs from the golden file"
# every (rule, key) of EXPECTED.md, and nothing else
grep -o '^### CSP-[A-Z]*-[0-9]*\|^| `[^`]*`' fixtures/csp/EXPECTED.md | awk '
	/^###/ { rule = $2; next }
	{ key = $2; gsub(/`/, "", key); gsub(/\\\|/, "|", key); print rule " " key }' | sort >"$tmp/expected"
"$VERDICT" run -q -r rules/csp -d fixtures/csp --as-of 2026-11-25 --format text 2>/dev/null |
	awk '{ k = $4; sub(/:$/, "", k); print $1 " " k }' | sort >"$tmp/got"
diff -u "$tmp/expected" "$tmp/got" || fail "findings differ from fixtures/csp/EXPECTED.md"
[ "$(wc -l <"$tmp/got")" -eq 32 ] || fail "expected 32 findings"
"$VERDICT" test --coverage -r rules/csp rules/csp/tests >"$tmp/test" 2>&1 || { cat "$tmp/test"; fail "verdict test"; }
exit 0
