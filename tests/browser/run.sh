#!/bin/sh
# make test-browser: open report.html in headless Chromium (Debian's
# chromium, installed when missing), dump the DOM and take a screenshot;
# fail on any console message (errors, uncaught exceptions, injected
# scripts) and on a DOM without the report's structure.  Also runs a
# report whose data holds a script and an <img onerror>: neither may run.
set -u
VERDICT=${VERDICT:-build/verdict}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
if ! command -v chromium >/dev/null; then
	SUDO=""
	[ "$(id -u)" -ne 0 ] && SUDO=sudo
	$SUDO apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null \
		|| fail "cannot install chromium"
fi
browse() { # report.html, name
	chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync --disable-quic --user-data-dir="$tmp/profile-$2" \
		--enable-logging=stderr --v=0 --virtual-time-budget=3000 --dump-dom "file://$1" \
		>"$tmp/$2.dom" 2>"$tmp/$2.log"
	chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync --disable-quic --user-data-dir="$tmp/profile-$2" \
		--hide-scrollbars --window-size=1280,2400 --screenshot="$tmp/$2.png" "file://$1" >/dev/null 2>&1
	if grep -q 'CONSOLE' "$tmp/$2.log"; then
		grep 'CONSOLE' "$tmp/$2.log"
		fail "$2: console messages"
	fi
	[ -s "$tmp/$2.png" ] || fail "$2: no screenshot"
	grep -q '<table' "$tmp/$2.dom" || fail "$2: no table in the DOM"
}
export SOURCE_DATE_EPOCH=1764032400
"$VERDICT" run -q -o "$tmp/csp" --as-of 2026-11-25 >/dev/null
[ $? -eq 1 ] || fail "run on the CSP sample"
browse "$tmp/csp/report.html" csp
for id in CSP-RESALE-001 CSP-RESALE-002 CSP-INDIRECT-001 CSP-INDIRECT-002 CSP-INDIRECT-003 CSP-INDIRECT-004 \
	CSP-CUSTOMER-001 CSP-CLOUD-001 CSP-MULTI-001 CSP-REGION-001 CSP-ROLE-001 CSP-REVENUE-001; do
	grep -q "id=\"rule-$id\"" "$tmp/csp.dom" || fail "csp: no section for $id"
done
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
[ -n "${KEEP_SCREENSHOTS:-}" ] && cp "$tmp/csp.png" "$tmp/hostile.png" "$tmp/night2.png" "$KEEP_SCREENSHOTS/"
echo "browser: 3 reports rendered, no console messages"
exit 0
