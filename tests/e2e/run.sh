#!/bin/sh
# verdict run: golden findings.csv and summary.csv, exit statuses, a partial
# report on malformed XML, byte-identical outputs with SOURCE_DATE_EPOCH,
# spreadsheet-formula neutralization.
set -u
here=$(dirname "$0")
lang=$here/lang
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export SOURCE_DATE_EPOCH=1764032400   # 2025-11-25T01:00:00Z

# 1. violations: exit 1; findings.csv and summary.csv exactly as expected
# (without -q: the report's path on stdout; -q prints nothing, tests/e2e/cli.sh)
"$VERDICT" run -r "$lang/lang.rules" -d "$lang/data" -o "$tmp/a" --as-of 2026-11-25 --format html,csv,json >"$tmp/stdout" 2>/dev/null
rc=$?
[ "$rc" -eq 1 ] || fail "violations: expected exit 1, got $rc"
grep -qx "report: $tmp/a/report.html" "$tmp/stdout" || fail "report path not printed: $(cat "$tmp/stdout")"
for f in findings.csv summary.csv manifest.json report.html findings.jsonl; do
	[ -s "$tmp/a/$f" ] || fail "$f missing"
done
diff -u "$here/run/findings.csv" "$tmp/a/findings.csv" || fail "findings.csv differs"
diff -u "$here/run/summary.csv" "$tmp/a/summary.csv" || fail "summary.csv differs"
[ "$(wc -l <"$tmp/a/findings.jsonl")" -eq 6 ] || fail "findings.jsonl should have 6 lines"
grep -q '"exit_status": 1' "$tmp/a/manifest.json" || fail "manifest exit_status"
grep -q '"incomplete": false' "$tmp/a/manifest.json" || fail "manifest incomplete flag"
ls -a "$tmp/a" | grep -q verdict-tmp && fail "temporary files left behind"
# the report shows each rule as written and the defines it uses
grep -q '<code>define online_service(prod) = prod.ProductType in (&quot;Azure&quot;' "$tmp/a/report.html" \
	|| fail "report.html lacks the defines a rule uses"
grep -q '^define in_csp(p, day) =$' "$tmp/a/report.html" || fail "report.html lacks in_csp"

# 2. the same command again, same SOURCE_DATE_EPOCH: every output
# byte-identical (the command line is part of manifest.json and report.html)
cp -r "$tmp/a" "$tmp/a1"
"$VERDICT" run -r "$lang/lang.rules" -d "$lang/data" -o "$tmp/a" --as-of 2026-11-25 --format html,csv,json >/dev/null 2>&1
for f in findings.csv summary.csv manifest.json report.html findings.jsonl; do
	cmp -s "$tmp/a/$f" "$tmp/a1/$f" || fail "$f differs between two runs with SOURCE_DATE_EPOCH"
done

# 2b. the number of threads changes nothing in the outputs
for n in 1 3; do
	"$VERDICT" run -q -r "$lang/lang.rules" -d "$lang/data" -o "$tmp/t$n" --as-of 2026-11-25 --threads "$n" >/dev/null
	for f in findings.csv summary.csv; do
		cmp -s "$tmp/a/$f" "$tmp/t$n/$f" || fail "$f differs with --threads $n"
	done
	grep -v '<code>verdict run ' "$tmp/t$n/report.html" >"$tmp/t$n.html"
	grep -v '<code>verdict run ' "$tmp/a/report.html" >"$tmp/a.html"
	cmp -s "$tmp/a.html" "$tmp/t$n.html" || fail "report.html differs with --threads $n (beyond the command line)"
done

# 3. --fail-on: info findings only fail with --fail-on info; never: exit 0
"$VERDICT" run -q -r "$lang/lang.rules" -d "$lang/data" -o "$tmp/c" --as-of 2026-11-25 --fail-on never >/dev/null
[ $? -eq 0 ] || fail "--fail-on never should exit 0"

# 4. clean data: exit 0
mkdir -p "$tmp/clean"
cp "$lang/data/"*.csv "$lang/data/relationships.xml" "$tmp/clean/"
head -1 "$lang/data/sales.csv" >"$tmp/clean/sales.csv"
head -1 "$lang/data/customer_partners.csv" >"$tmp/clean/customer_partners.csv"
"$VERDICT" run -q -r "$lang/lang.rules" -d "$tmp/clean" -o "$tmp/d" --as-of 2026-11-25 >/dev/null
rc=$?
[ "$rc" -eq 0 ] || fail "clean data: expected exit 0, got $rc"
# rules driven by a header-only file checked no row: no_rows, never a plain pass
grep -c ',pass,,2026-11-25,true$' "$tmp/d/summary.csv" | grep -qx 10 || fail "clean data: every other rule should pass"
grep -c ',no_rows,,2026-11-25,true$' "$tmp/d/summary.csv" | grep -qx 2 || fail "clean data: the rules driven by sales are no_rows"

# 5. malformed XML: exit 2, reports still written, marked incomplete
cp -r "$lang/data" "$tmp/broken"
head -c 400 "$lang/data/relationships.xml" >"$tmp/broken/relationships.xml"
"$VERDICT" run -q -r "$lang/lang.rules" -d "$tmp/broken" -o "$tmp/e" --as-of 2026-11-25 >/dev/null 2>"$tmp/err"
rc=$?
[ "$rc" -eq 2 ] || fail "malformed XML: expected exit 2, got $rc"
grep -q 'relationships.xml:1[0-9]:[0-9]*: \|malformed XML' "$tmp/err" || fail "no input error message: $(cat "$tmp/err")"
grep -q '"incomplete": true' "$tmp/e/manifest.json" || fail "manifest should say incomplete"
grep -q '"exit_status": 2' "$tmp/e/manifest.json" || fail "manifest exit_status 2"
grep -q '^[^,]*,2026-11-25,DQ-INPUT,error,open,relationships,' "$tmp/e/findings.csv" || fail "DQ-INPUT finding missing"
grep -q 'CSP-RESALE-001' "$tmp/e/findings.csv" || fail "partial report lacks the findings that could be evaluated"
grep -qi 'incomplete' "$tmp/e/report.html" || fail "report.html does not say incomplete"

# 6. missing data file: exit 2
rm "$tmp/broken/customers.csv"
"$VERDICT" run -q -r "$lang/lang.rules" -d "$tmp/broken" -o "$tmp/f" --as-of 2026-11-25 >/dev/null 2>&1
[ $? -eq 2 ] || fail "missing file: expected exit 2"

# 7. rule-file error: exit 2, nothing written
printf 'rule X {\n' >"$tmp/bad.rules"
"$VERDICT" run -q -r "$tmp/bad.rules" -d "$lang/data" -o "$tmp/g" >/dev/null 2>&1
[ $? -eq 2 ] || fail "rule error: expected exit 2"
[ -e "$tmp/g/findings.csv" ] && fail "rule error: nothing should be written"

# 8. usage errors: exit 2
"$VERDICT" run --fail-on sometimes >/dev/null 2>&1
[ $? -eq 2 ] || fail "bad --fail-on: expected exit 2"
"$VERDICT" run -q -r "$lang/lang.rules" -d "$lang/data" --as-of 2026-02-30 -o "$tmp/h" >/dev/null 2>&1
[ $? -eq 2 ] || fail "bad --as-of: expected exit 2"

# 9. formula neutralization in findings.csv, and --csv-raw
mkdir -p "$tmp/formula"
cp "$lang/data/"* "$tmp/formula/"
sed -i 's/^cccccccc-0000-0000-0000-000000000001,Adatum Corporation$/cccccccc-0000-0000-0000-000000000001,=HYPERLINK("http:\/\/x"\,"y")/' "$tmp/formula/customers.csv"
sed -i 's/,=HYPERLINK("http:\/\/x"\,"y")$/,"=HYPERLINK(""http:\/\/x"",""y"")"/' "$tmp/formula/customers.csv"
"$VERDICT" run -q -r "$lang/lang.rules" -d "$tmp/formula" -o "$tmp/i" --as-of 2026-11-25 >/dev/null
grep -q "CSP-MULTI-001,.*,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\") works with 2 partners\"" "$tmp/i/findings.csv" \
	|| fail "a message starting with '=' must be neutralized: $(grep MULTI "$tmp/i/findings.csv")"
"$VERDICT" run -q -r "$here/run/formula.rules" -d "$tmp/formula" -o "$tmp/j" --as-of 2026-11-25 >/dev/null
grep -q "^[^,]*,2026-11-25,F-1,info,open,customers,cccccccc-0000-0000-0000-000000000001,.*,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"," "$tmp/j/findings.csv" \
	|| fail "formula not neutralized: $(grep F-1 "$tmp/j/findings.csv" | head -1)"
grep -q ",-2," "$tmp/j/findings.csv" || fail "plain negative number must stay as is"
"$VERDICT" run -q -r "$here/run/formula.rules" -d "$tmp/formula" -o "$tmp/k" --as-of 2026-11-25 --csv-raw >/dev/null
grep -q ",\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"," "$tmp/k/findings.csv" || fail "--csv-raw must keep bytes"
# 10. declared severities of data-quality findings, and --fail-on with them
"$VERDICT" run -q -r "$here/run/sev/sev.rules" -d "$here/run/sev" -o "$tmp/l" --format text,csv >"$tmp/sev.txt"
[ $? -eq 1 ] || fail "a DQ finding declared error must fail the run"
grep -qx 'DQ-PATTERN warning partners P-1: PartnerId: does not match /^P-\[0-9\]{5}\$/ (value: P-1)' "$tmp/sev.txt" \
	|| fail "dataset severity: $(cat "$tmp/sev.txt")"
grep -q '^DQ-ENUM info partners P-00002: Tier: ' "$tmp/sev.txt" || fail "field severity"
grep -q '^DQ-TYPE error partners P-00003: Revenue: ' "$tmp/sev.txt" || fail "field severity error"
grep -q ',DQ-ENUM,info,open,partners,P-00002,' "$tmp/l/findings.csv" || fail "severity in findings.csv"
sed '/Revenue/d' "$here/run/sev/sev.rules" >"$tmp/sev2.rules"
"$VERDICT" run -q -r "$tmp/sev2.rules" -d "$here/run/sev" --format text >/dev/null
[ $? -eq 0 ] || fail "warning and info DQ findings must not fail the run with --fail-on error"
echo "run.sh: all checks ran"
exit 0
