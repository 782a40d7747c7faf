#!/bin/sh
# make test-browser: open report.html in headless Chromium (Debian's
# chromium, installed when missing), dump the DOM and take a screenshot;
# fail on any console message (errors, uncaught exceptions, injected
# scripts) and on a DOM without the report's structure.  Also runs a
# report whose data holds a script and an <img onerror>: neither may run.
#
# The demo report and a generated one with over 20,000 findings
# (bench/gen.c) are each rendered at 1400 px and 420 px and printed to
# PDF.  Checks: the overall-result element; at 420 px no element reaches
# past the viewport (tests/browser/overflow.js, run in a copy of the
# page); with the print rules applied at the printed width no table cell
# is narrower than its longest word (tests/browser/cells.js); the PDF's
# page count (pdfinfo, poppler-utils, installed when missing) under
# PDF_MAX_DEMO / PDF_MAX_BIG; a search driven by the page's fragment
# (#find?q=KEY) finds a finding past the first 500 of its rule.
set -u
VERDICT=${VERDICT:-build/verdict}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
# the demo (14 rules, 32 findings keyed by the 7-part sales key) prints as
# 16 pages: each rule's text, its findings, the inputs and the provenance
PDF_MAX_DEMO=${PDF_MAX_DEMO:-16}
# the big report (the same 14 rules, 30,000 findings) no more: print shows
# a bounded sample of each rule's findings, however many there are
PDF_MAX_BIG=${PDF_MAX_BIG:-16}
install() { # command, package
	command -v "$1" >/dev/null && return 0
	SUDO=""
	[ "$(id -u)" -ne 0 ] && SUDO=sudo
	$SUDO apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$2" >/dev/null \
		|| fail "cannot install $2"
}
install chromium chromium
install pdfinfo poppler-utils
chrome() { # profile name, chromium arguments...
	p=$1
	shift
	chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync --disable-quic --user-data-dir="$tmp/profile-$p" "$@"
}
browse() { # report.html, name
	chrome "$2" --enable-logging=stderr --v=0 --virtual-time-budget=3000 --window-size=1400,2000 \
		--dump-dom "file://$1" >"$tmp/$2.dom" 2>"$tmp/$2.log"
	chrome "$2" --hide-scrollbars --window-size=1400,2400 --screenshot="$tmp/$2.png" "file://$1" >/dev/null 2>&1
	if grep -q 'CONSOLE' "$tmp/$2.log"; then
		grep 'CONSOLE' "$tmp/$2.log"
		fail "$2: console messages"
	fi
	[ -s "$tmp/$2.png" ] || fail "$2: no screenshot"
	grep -q '<table' "$tmp/$2.dom" || fail "$2: no table in the DOM"
	grep -q 'id="overall-result"' "$tmp/$2.dom" || fail "$2: no overall result"
}
# a copy of the page with a check script before </body>; its verdict is
# <body data-check="ok">
with_check() { # report.html, check script, copy
	awk -v js="$2" '/^<\/body>$/ { print "<script>"; while ((getline l < js) > 0) print l; print "</script>" } { print }' \
		"$1" >"$3"
}
check_dom() { # name, what
	grep -q 'data-check="ok"' "$tmp/$1.dom" && return 0
	grep -o 'data-check="[^"]*"' "$tmp/$1.dom" | head -c 2000
	echo
	fail "$1: $2"
}
# 420 px: a screenshot, and no element past the viewport
phone() { # report.html, name
	chrome "$2-420" --enable-logging=stderr --v=0 --hide-scrollbars --window-size=420,2000 \
		--screenshot="$tmp/$2-420.png" "file://$1" >/dev/null 2>"$tmp/$2-420.log"
	[ -s "$tmp/$2-420.png" ] || fail "$2: no screenshot at 420 px"
	grep -q 'CONSOLE' "$tmp/$2-420.log" && fail "$2: console messages at 420 px"
	with_check "$1" tests/browser/overflow.js "$1.phone.html"
	chrome "$2-420" --virtual-time-budget=3000 --window-size=420,2000 --dump-dom "file://$1.phone.html" \
		>"$tmp/$2-phone.dom" 2>/dev/null
	check_dom "$2-phone" "elements wider than the 420 px viewport"
}
# print: the PDF's page count, and no table cell narrower than its
# longest word with the print rules applied at the page's width (A4 less
# the margins: 186 mm, about 703 px)
print_pdf() { # report.html, name, max pages
	chrome "$2-pdf" --no-pdf-header-footer --print-to-pdf="$tmp/$2.pdf" "file://$1" >/dev/null 2>&1
	pages=$(pdfinfo "$tmp/$2.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
	[ -n "$pages" ] || fail "$2: no PDF"
	echo "browser: $2 prints as $pages pages (bound $3)"
	[ "$pages" -le "$3" ] || fail "$2: $pages pages, more than $3"
	sed 's/@media print{/@media all{/' "$1" >"$1.print.html"
	with_check "$1.print.html" tests/browser/cells.js "$1.cells.html"
	chrome "$2-pdf" --virtual-time-budget=3000 --window-size=703,2000 --dump-dom "file://$1.cells.html" \
		>"$tmp/$2-cells.dom" 2>/dev/null
	check_dom "$2-cells" "printed table cells narrower than their longest word"
}
export SOURCE_DATE_EPOCH=1764032400
"$VERDICT" run -q -o "$tmp/csp" --as-of 2026-11-25 >/dev/null
[ $? -eq 1 ] || fail "run on the CSP sample"
browse "$tmp/csp/report.html" csp
for id in CSP-RESALE-001 CSP-RESALE-002 CSP-INDIRECT-001 CSP-INDIRECT-002 CSP-INDIRECT-003 CSP-INDIRECT-004 \
	CSP-CUSTOMER-001 CSP-CLOUD-001 CSP-MULTI-001 CSP-REGION-001 CSP-ROLE-001 CSP-REVENUE-001; do
	grep -q "id=\"rule-$id\"" "$tmp/csp.dom" || fail "csp: no section for $id"
done
phone "$tmp/csp/report.html" csp
print_pdf "$tmp/csp/report.html" csp "$PDF_MAX_DEMO"
# over 20,000 findings of one rule: bench/gen.c's bundle with only
# CSP-INDIRECT-004 planted in a quarter of the sales lines, the whole pack
t0=$(date +%s)
mkdir "$tmp/big"
cc -O2 -o "$tmp/gen" bench/gen.c || fail "cannot build bench/gen.c"
"$tmp/gen" "$tmp/big" 100000 --rate 0.25 --only CSP-INDIRECT-004 >/dev/null || fail "bench/gen.c"
"$VERDICT" run -q -r rules/csp -d "$tmp/big" -o "$tmp/bigout" --as-of 2026-11-25 >/dev/null
[ $? -eq 1 ] || fail "run on the generated data"
n=$(awk -F, '$2 == "CSP-INDIRECT-004" { print $7 }' "$tmp/bigout/summary.csv")
[ "${n:-0}" -ge 20000 ] || fail "big: $n findings, want at least 20000"
browse "$tmp/bigout/report.html" big
phone "$tmp/bigout/report.html" big
print_pdf "$tmp/bigout/report.html" big "$PDF_MAX_BIG"
# the 600th finding of the rule (past the 500 its section shows), found by
# the search the fragment drives: a row of the results table (the sales
# key's '|' escaped in the URL)
key=$(awk -F, '$3 == "CSP-INDIRECT-004" { if (++k == 600) { print $7; exit } }' "$tmp/bigout/findings.csv")
[ -n "$key" ] || fail "big: no 600th finding"
chrome big-search --virtual-time-budget=5000 --window-size=1400,2000 --enable-logging=stderr --v=0 \
	--dump-dom "file://$tmp/bigout/report.html#find?q=$(printf '%s' "$key" | sed 's/|/%7C/g')&rule=CSP-INDIRECT-004" \
	>"$tmp/big-search.dom" 2>"$tmp/big-search.log"
grep -q 'CONSOLE' "$tmp/big-search.log" && fail "big: console messages while searching"
sed -n '/id="search-results"/,/<\/table>/p' "$tmp/big-search.dom" | grep -q "<td class=\"mono\">$key</td>" \
	|| fail "big: the search did not find $key (finding 600 of CSP-INDIRECT-004)"
grep -q 'id="search-count"[^>]*>1 of [0-9]* findings match' "$tmp/big-search.dom" \
	|| fail "big: the search's count is not 1 match"
echo "browser: $n findings: rendered, printed and searched in $(($(date +%s) - t0)) s"

# hostile data: a partner name with a script and an image with onerror
mkdir "$tmp/data"
cp tests/e2e/lang/data/* "$tmp/data/"
sed -i 's/^3000003,Northwind Traders,/3000003,"<script>console.error(1)<\/script><img src=x onerror=console.error(2)>",/' \
	"$tmp/data/partners.csv"
"$VERDICT" run -q -r tests/e2e/lang/lang.rules -d "$tmp/data" -o "$tmp/hostile" --as-of 2026-11-25 >/dev/null
browse "$tmp/hostile/report.html" hostile
grep -q '&lt;script&gt;console.error(1)&lt;/script&gt;' "$tmp/hostile.dom" || fail "hostile name not shown as text"
grep -q '<img src="x"' "$tmp/hostile.dom" && fail "hostile <img> became an element"
# night 2 of the CSP sample against night 1, with waivers: the diff tiles,
# new badges, the resolved and waivers sections (whole-rule, expired, stale)
cat >"$tmp/waivers.csv" <<'W'
waiver_id,rule_id,record_key,fingerprint,reason,approved_by,ticket,expires_on
W-1,CSP-MULTI-001,*,,Several partners per customer are expected,Jane Roe,SEC-1,2026-12-01
W-2,CSP-REGION-001,*,,Old exemption,Jane Roe,SEC-2,2026-01-31
W-3,CSP-ROLE-001,nobody,,Stale,Jane Roe,SEC-3,
W
"$VERDICT" run -q -d fixtures/csp-night2 -o "$tmp/night2" --as-of 2026-11-26 --baseline "$tmp/csp" \
	--waivers "$tmp/waivers.csv" >/dev/null 2>&1
[ $? -eq 1 ] || fail "night-2 run on the CSP sample"
browse "$tmp/night2/report.html" night2
for s in 'id="tile-new"' 'id="tile-resolved"' 'id="resolved-table"' 'id="waiver-table"' \
	'id="whole-rule-waivers"' 'class="badge new"' 'badge expired' 'badge stale' 'badge expiring'; do
	grep -q "$s" "$tmp/night2.dom" || fail "night2: $s missing from the DOM"
done
[ -n "${KEEP_SCREENSHOTS:-}" ] && cp "$tmp"/*.png "$tmp"/*.pdf "$KEEP_SCREENSHOTS/"
echo "browser: 4 reports rendered, no console messages"
exit 0
