#!/bin/sh
# Sources of a dataset (tests/e2e/sources): `from` alternatives, a glob
# over split files read into one table (each row keeps its file), a
# PowerShell #TYPE line, UTF-16, optional datasets and fields, and rules
# not evaluated (summary.csv, report.html, manifest.json, exit status,
# the terminal, `verdict test`).
set -u
here=$(dirname "$0")
src=$here/sources
rules=$src/sources.rules
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export SOURCE_DATE_EPOCH=1764032400
run() { "$VERDICT" run -q -r "$rules" --as-of 2026-11-25 --format html,csv,json "$@"; }

# 1. a column missing for a rule: the rule is not evaluated, exit 2
cp -r "$src/data" "$tmp/data"
run -d "$tmp/data" -o "$tmp/a" >/dev/null 2>"$tmp/err"
rc=$?
[ "$rc" -eq 2 ] || fail "missing column: expected exit 2, got $rc"
sed 's/^[^,]*,//' "$tmp/a/summary.csv" >"$tmp/summary.csv"
diff -u "$src/summary.csv" "$tmp/summary.csv" || fail "summary.csv differs"
grep -q "^  SRC-004: column Tier of partners missing from partners.csv$" "$tmp/err" \
	|| fail "stderr lacks the not-evaluated rule: $(cat "$tmp/err")"
grep -q '^  SRC-003: optional dataset user_roles was not provided$' "$tmp/err" || fail "stderr lacks SRC-003"
grep -q '{"id": "SRC-004", "result": "not_evaluated", "reason": "column Tier of partners missing from ' \
	"$tmp/a/manifest.json" || fail "manifest rule result"
grep -q '"exit_status": 2' "$tmp/a/manifest.json" || fail "manifest exit status"
grep -q '"incomplete": true' "$tmp/a/manifest.json" || fail "manifest incomplete"
grep -q 'SRC-004' "$tmp/a/findings.csv" && fail "a rule not evaluated has no findings"
grep -q '<span class="res res-na">not evaluated</span> <span class="reason">optional dataset user_roles was not provided</span>' \
	"$tmp/a/report.html" || fail "report.html badge"
grep -q '2 rules not evaluated' "$tmp/a/report.html" || fail "report.html counts not-evaluated rules"

# 2. the glob: both files in name order, each row with its own file and line
grep -q ",SRC-001,error,open,sales,INV-2,$tmp/data/invoice_recon_2025-01.csv,3," "$tmp/a/findings.csv" \
	|| fail "INV-2 file/line: $(cat "$tmp/a/findings.csv")"
grep -q ",SRC-001,error,open,sales,INV-4,$tmp/data/invoice_recon_2025-02.csv,4," "$tmp/a/findings.csv" \
	|| fail "INV-4 file/line (a blank line before it)"
grep -q '"source": "invoice_recon\*.csv", "alternative": 1, "optional": false, "files": \[{"path": "[^"]*invoice_recon_2025-01.csv", "bytes": 63, "sha256": "[0-9a-f]*"}, {"path": "[^"]*invoice_recon_2025-02.csv"' \
	"$tmp/a/manifest.json" || fail "manifest lists every file read"
"$VERDICT" inspect -r "$rules" -d "$tmp/data" >"$tmp/inspect"
grep -q "^  file $tmp/data/invoice_recon_2025-02.csv, 62 bytes$" "$tmp/inspect" || fail "inspect lists the files"
grep -q '^  not provided (optional): user_roles.csv, user_roles.json not found$' "$tmp/inspect" \
	|| fail "inspect: optional dataset"

# 3. the column there: only the optional dataset is missing, not an input error (exit 1)
printf 'PartnerId,Tier\nP-1,Gold\n' >"$tmp/data/partners.csv"
run -d "$tmp/data" -o "$tmp/b" >/dev/null 2>&1
rc=$?
[ "$rc" -eq 1 ] || fail "optional dataset absent: expected exit 1, got $rc"
grep -q ',SRC-003,.*,not_evaluated,optional dataset user_roles was not provided,2026-11-25,[a-z]*$' "$tmp/b/summary.csv" \
	|| fail "SRC-003 not evaluated"
grep -q '"incomplete": false' "$tmp/b/manifest.json" || fail "an optional dataset absent: not incomplete"
grep -q 'DQ-MISSING-COLUMN,.*,Cloud' "$tmp/b/findings.csv" && fail "an optional field missing: no DQ-MISSING-COLUMN"
grep -q ',SRC-002,.*,pass,,2026-11-25,[a-z]*$' "$tmp/b/summary.csv" || fail "a rule reading an optional field is evaluated"
# rows, but none driving: no_rows
printf 'User,Roles\n' >"$tmp/data/user_roles.csv"
run -d "$tmp/data" -o "$tmp/c" >/dev/null 2>&1
grep -q ',SRC-003,User without roles,error,user_roles,0,0,0,0,,,no_rows,,2026-11-25,[a-z]*$' "$tmp/c/summary.csv" \
	|| fail "an empty table: no_rows"

# 4. alternatives: the first that exists is read
rm "$tmp/data/customers.csv"
"$VERDICT" inspect -r "$rules" -d "$tmp/data" >"$tmp/inspect2"
grep -q '^  source 2 of 2: json "customers.json"$' "$tmp/inspect2" || fail "inspect: alternative read"
run -d "$tmp/data" -o "$tmp/d" >/dev/null 2>&1
grep -q '"source": "customers.json", "alternative": 2' "$tmp/d/manifest.json" || fail "manifest: alternative read"

# 5. no source at all for a dataset that is not optional: DQ-INPUT, not evaluated, exit 2
rm "$tmp/data/invoice_recon_"*.csv
run -d "$tmp/data" -o "$tmp/e" >/dev/null 2>&1
rc=$?
[ "$rc" -eq 2 ] || fail "no source: expected exit 2, got $rc"
grep -q ',SRC-001,.*,not_evaluated,no source for dataset sales (invoice_recon\*.csv not found),2026-11-25,[a-z]*$' "$tmp/e/summary.csv" \
	|| fail "no source: reason $(grep SRC-001 "$tmp/e/summary.csv")"
grep -q ',DQ-INPUT,error,open,sales,.*no source for dataset sales (invoice_recon\*.csv not found)' "$tmp/e/findings.csv" \
	|| fail "no source: DQ-INPUT"

# 6. UTF-16 LE with a byte-order mark and CRLF: decoded, lines right
cp -r "$src/data" "$tmp/u16"
cp "$src/utf16/customers.csv" "$tmp/u16/customers.csv"
"$VERDICT" inspect -r "$rules" -d "$tmp/u16" >"$tmp/inspect3"
grep -q '^  rows read 3, loaded 3, rejected 0$' "$tmp/inspect3" || fail "UTF-16: rows $(cat "$tmp/inspect3")"
grep -q "^$tmp/u16/customers.csv:5: customers: DQ-ENCODING: UTF-16 text with 1 unpaired surrogate" "$tmp/inspect3" \
	|| fail "UTF-16: the unpaired surrogate on line 5"
run -d "$tmp/u16" -o "$tmp/f" --format text >"$tmp/u16.txt" 2>/dev/null
grep -q 'INV-2' "$tmp/u16.txt" && fail "UTF-16: customer C-3 was read"

# 7. verdict test: absent DATASET, expect not_evaluated; expecting findings
# from a rule not evaluated fails with the reason
"$VERDICT" test "$src/sources.test" >"$tmp/test" 2>&1
[ $? -eq 1 ] || fail "verdict test: one test must fail"
grep -q '^1 passed, 1 failed$' "$tmp/test" || fail "verdict test: $(cat "$tmp/test")"
grep -q 'expect SRC-003: the rule was not evaluated: optional dataset user_roles was not provided' "$tmp/test" \
	|| fail "verdict test: reason not shown"
exit 0
