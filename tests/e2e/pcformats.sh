#!/bin/sh
# The CSP pack reads the other real shape of each dataset: sales from the
# invoice line-items API (sales-*.json: camelCase, numbers as strings, ISO
# datetimes with 7 fraction digits, 0001-01-01T00:00:00 for no date),
# relationships from PowerShell (relationships.csv: #TYPE line, every cell
# quoted, CRLF), customers from the portal export (customers.csv: Microsoft
# ID, Company name, ...; UTF-8 BOM), the activity log from the audit-records
# API (admin_actions-*.json: snake_case), and a daily-rated usage file
# (usage-*.csv, 55 columns). tests/e2e/pcformats/bundle holds the facts of
# fixtures/partner-center in those shapes; expected.txt lists the findings
# and says how they differ from fixtures/partner-center's.
set -u
here=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
d=$here/pcformats/bundle
"$VERDICT" inspect -r rules/csp -d "$d" >"$tmp/inspect" 2>&1 || { cat "$tmp/inspect"; fail "verdict inspect"; }
for want in 'sales .*: json' 'source 2 of 2: json "sales\*.json"' \
	'source 2 of 3: csv "relationships.csv"' 'source 2 of 2: csv "customers.csv"' \
	'source 2 of 2: json "admin_actions\*.json"' 'source 1 of 2: csv "usage\*.csv"' \
	'^11 datasets, 0 data-quality findings$'; do
	grep -q "$want" "$tmp/inspect" || { cat "$tmp/inspect"; fail "inspect: no line matching '$want'"; }
done
"$VERDICT" run -q -r rules/csp -d "$d" --as-of 2026-11-25 --format text 2>"$tmp/err" >"$tmp/out"
[ $? -eq 1 ] || { cat "$tmp/err"; fail "expected exit status 1"; }
[ -s "$tmp/err" ] && { cat "$tmp/err"; fail "rules not evaluated"; }
awk '{ k = $4; sub(/:$/, "", k); print $1 " " k }' "$tmp/out" | sort >"$tmp/got"
grep -v '^#' "$here/pcformats/expected.txt" | diff -u - "$tmp/got" || fail "findings differ from pcformats/expected.txt"
# the same sales findings as the portal CSV, key for key
"$VERDICT" run -q -r rules/csp -d fixtures/partner-center --as-of 2026-11-25 --format text 2>/dev/null |
	awk '$4 ~ /^G[0-9]/ { k = $4; sub(/:$/, "", k); print $1 " " k }' | sort >"$tmp/pc.sales"
grep ' G[0-9]' "$tmp/got" | diff -u "$tmp/pc.sales" - || fail "sales findings differ between the CSV and the JSON shape"
# --param cloud in another letter case works like the declared spelling
"$VERDICT" run -q -r rules/csp -d "$d" --as-of 2026-11-25 --param cloud=usgov --format text 2>/dev/null |
	awk '$1 == "CSP-CLOUD-001" { print $4 }' >"$tmp/usgov"
"$VERDICT" run -q -r rules/csp -d "$d" --as-of 2026-11-25 --param cloud=USGov --format text 2>/dev/null |
	awk '$1 == "CSP-CLOUD-001" { print $4 }' | diff -u - "$tmp/usgov" || fail "--param cloud=usgov differs from USGov"
[ "$(wc -l <"$tmp/usgov")" -gt 1 ] || fail "--param cloud=USGov: expected the global-only sellers to fire"
exit 0
