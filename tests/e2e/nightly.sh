#!/bin/sh
# Nightly runs: --baseline, --waivers, --fail-on-new on a two-night
# scenario (tests/e2e/nightly/: one violation fixed, one new, one waived
# by key, one by fingerprint, one by a formula-like key copied from
# findings.csv, an expired and a stale waiver, one expiring soon, rows
# moved and added: fingerprints unchanged), refused baselines, malformed
# waivers; then the CSP pack on fixtures/csp and fixtures/csp-night2,
# compared by rule counts and change/status columns only (its golden,
# nightly/csp-night2.summary, is the rule_id,findings,open,waived,new,
# resolved columns of summary.csv: regenerate it when the pack changes).
set -u
here=$(dirname "$0")
n=$here/nightly
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export SOURCE_DATE_EPOCH=1764032400
run() { "$VERDICT" run -q -r "$n/nightly.rules" "$@"; }
# rule_id record_key status change waiver (the scenario has no comma in
# these cells; the last six columns, fingerprint to raw_value, never hold
# one here)
cols() { awk -F, 'NR > 1 { print $3, $7, $5, $(NF-4), $(NF-3) }' "$1"; }
fp_of() { awk -F, -v r="$2" -v k="$3" '$3 == r && $7 == k { print $(NF-5) }' "$1"; }

# night 1: no baseline, no waivers: change and waiver empty, no resolved.csv
run -d "$n/night1" -o "$tmp/n1" --as-of 2026-11-24 >/dev/null
[ $? -eq 1 ] || fail "night 1: expected exit 1"
[ -e "$tmp/n1/resolved.csv" ] && fail "night 1: resolved.csv without --baseline"
awk -F, 'NR > 1 && ($(NF-4) != "" || $(NF-3) != "") { bad = 1 } END { exit !bad }' "$tmp/n1/findings.csv" \
	&& fail "night 1: change or waiver set without options"
grep -q '"findings_schema": 3' "$tmp/n1/manifest.json" || fail "manifest lacks findings_schema"
grep -q '"rule_pack_id": "[0-9a-f]\{16\}"' "$tmp/n1/manifest.json" || fail "manifest lacks rule_pack_id"

# night 2: the waivers file gets a waiver by fingerprint (copied from night 1)
root=$(fp_of "$tmp/n1/findings.csv" GRANT-ROOT-001 line:2)
[ -n "$root" ] || fail "no fingerprint for the root grant"
cp "$n/waivers.csv" "$tmp/waivers.csv"
echo "W-4,GRANT-ROOT-001,,$root,Break-glass account,Jane Roe,SEC-103,2026-12-10" >>"$tmp/waivers.csv"
run -d "$n/night2" -o "$tmp/n2" --as-of 2026-11-25 --baseline "$tmp/n1" --waivers "$tmp/waivers.csv" \
	>/dev/null 2>"$tmp/err2"
rc=$?
[ "$rc" -eq 1 ] || fail "night 2: expected exit 1 (new open error A6), got $rc"
cols "$tmp/n2/findings.csv" >"$tmp/got"
diff -u "$n/night2.expected" "$tmp/got" || fail "night 2: change, status or waiver differ"
cols "$tmp/n2/resolved.csv" >"$tmp/got"
diff -u "$n/resolved.expected" "$tmp/got" || fail "night 2: resolved.csv differs"
cut -d, -f2,7-11 "$tmp/n2/summary.csv" | grep -v '^DQ-' >"$tmp/got"
diff -u "$n/summary.expected" "$tmp/got" || fail "night 2: summary.csv counts differ"
# moved and added rows change no fingerprint (keyed and keyless datasets)
for rk in "ACC-REGION-001 A4" "GRANT-ROOT-001 line:2" "ACC-OWNER-001 =X1"; do
	set -- $rk
	a=$(fp_of "$tmp/n1/findings.csv" "$1" "$2")
	b=$(fp_of "$tmp/n2/findings.csv" "$1" "$([ "$1" = GRANT-ROOT-001 ] && echo line:3 || echo "$2")")
	[ -n "$a" ] && [ "$a" = "$b" ] || fail "fingerprint of $1 $2 changed: $a -> $b"
done
# warnings on stderr: expired, stale, expiring soon
grep -q 'waivers.csv:3: waiver W-2 (ACC-REGION-001) expired on 2026-10-31' "$tmp/err2" || fail "no expired warning: $(cat "$tmp/err2")"
grep -q 'waivers.csv:4: waiver W-3 (ACC-OWNER-001) matched no finding (stale)' "$tmp/err2" || fail "no stale warning"
grep -q 'waiver W-4 (GRANT-ROOT-001) expires on 2026-12-10, within 30 days' "$tmp/err2" || fail "no expiring warning"
grep -q '"baseline": {"path": "'"$tmp"'/n1/findings.csv", "sha256": "[0-9a-f]\{64\}"' "$tmp/n2/manifest.json" \
	|| fail "manifest lacks the baseline's path and sha256"
grep -q '"by_status": {"open": 2, "waived": 3}' "$tmp/n2/manifest.json" || fail "manifest by_status"
# the report: tiles, badges, sections
for s in 'id="tile-new"' 'id="tile-resolved"' 'id="resolved"' 'id="waivers"' 'class="badge new"' \
	'badge expired' 'badge stale' 'badge expiring'; do
	grep -q "$s" "$tmp/n2/report.html" || fail "report.html lacks $s"
done

# --fail-on-new: night 2 has a new open error (exit 1); night 2 again
# against itself has none (exit 0), while the plain run still fails
run -d "$n/night2" -o "$tmp/n2b" --as-of 2026-11-25 --baseline "$tmp/n1" --waivers "$tmp/waivers.csv" \
	--fail-on-new >/dev/null 2>&1
[ $? -eq 1 ] || fail "--fail-on-new with a new error should exit 1"
run -d "$n/night2" -o "$tmp/n3" --as-of 2026-11-26 --baseline "$tmp/n2/findings.csv" --fail-on-new >/dev/null 2>&1
[ $? -eq 0 ] || fail "--fail-on-new without new findings should exit 0"
grep -q ',new,' "$tmp/n3/findings.csv" && fail "night 3: nothing is new"
[ "$(wc -l <"$tmp/n3/resolved.csv")" -eq 1 ] || fail "night 3: nothing is resolved"
run -d "$n/night2" -o "$tmp/n3" --as-of 2026-11-26 --baseline "$tmp/n2" >/dev/null 2>&1
[ $? -eq 1 ] || fail "night 3 without --fail-on-new should exit 1"
# waived findings do not count: everything failing waived -> exit 0
printf 'waiver_id,rule_id,record_key,fingerprint,reason,approved_by,ticket,expires_on\nW-A,ACC-OWNER-001,*,,all,Jane Roe,T-1,\nW-B,GRANT-ROOT-001,*,,all,Jane Roe,T-2,\n' >"$tmp/all.csv"
run -d "$n/night2" -o "$tmp/w" --as-of 2026-11-25 --waivers "$tmp/all.csv" >/dev/null 2>&1
[ $? -eq 0 ] || fail "whole-rule waivers: the only open finding is a warning, expected exit 0"
grep -q 'id="whole-rule-waivers"' "$tmp/w/report.html" || fail "whole-rule waivers not shown prominently"
"$VERDICT" run -q -r "$n/nightly.rules" -d "$n/night2" -o "$tmp/x" --fail-on-new >/dev/null 2>&1
[ $? -eq 2 ] || fail "--fail-on-new without --baseline should exit 2"

# refused baselines (exit 2, a clear message)
refused() { # what, expected message, run arguments...
	what=$1 msg=$2
	shift 2
	run -o "$tmp/r" "$@" >/dev/null 2>"$tmp/err"
	rc=$?
	[ "$rc" -eq 2 ] || fail "$what: expected exit 2, got $rc"
	grep -q "$msg" "$tmp/err" || fail "$what: no message '$msg': $(cat "$tmp/err")"
}
cp -r "$tmp/n1" "$tmp/old"
sed -i '/"findings_schema"/d' "$tmp/old/manifest.json"
refused "older manifest" "written by an older verdict" -d "$n/night2" --baseline "$tmp/old"
"$VERDICT" run -q -r "$here/lang/lang.rules" -d "$here/lang/data" -o "$tmp/lang" >/dev/null
refused "another pack" "from another rule pack" -d "$n/night2" --baseline "$tmp/lang"
mkdir "$tmp/bare"
cp "$tmp/lang/findings.csv" "$tmp/bare/"
refused "another pack, bare" "is not in this rule pack" -d "$n/night2" --baseline "$tmp/bare/findings.csv"
mkdir "$tmp/oldfp"
sed 's/,00590454a98bf5a1,/,1111111111111111,/' "$tmp/n1/findings.csv" >"$tmp/oldfp/findings.csv"
grep -q 1111111111111111 "$tmp/oldfp/findings.csv" || fail "oldfp: the fingerprint of A2 changed; update this test"
refused "other fingerprints" "made under another definition" -d "$n/night2" --baseline "$tmp/oldfp/findings.csv"
sed 1d "$tmp/n1/findings.csv" >"$tmp/bare/findings.csv"
refused "no header" "not a findings.csv of findings schema 3" -d "$n/night2" --baseline "$tmp/bare/findings.csv"
refused "missing" "cannot read baseline" -d "$n/night2" --baseline "$tmp/nowhere"

# malformed waivers: an input error naming file:line
bad() { # expected message, file content
	printf '%s' "$2" >"$tmp/bad.csv"
	refused "waivers: $1" "$1" -d "$n/night2" --waivers "$tmp/bad.csv"
}
H='waiver_id,rule_id,record_key,fingerprint,reason,approved_by,ticket,expires_on'
bad "bad.csv:1: missing column expires_on" 'waiver_id,rule_id,record_key,fingerprint,reason,approved_by,ticket
'
bad "bad.csv:3: expires_on '2026-02-30' is not a date" "$H
W-1,ACC-OWNER-001,A3,,r,a,t,2027-01-01
W-2,ACC-OWNER-001,A2,,r,a,t,2026-02-30
"
bad "bad.csv:3: duplicate waiver_id W-1 (first on line 2)" "$H
W-1,ACC-OWNER-001,A3,,r,a,t,
W-1,ACC-OWNER-001,A2,,r,a,t,
"
bad "bad.csv:2: waiver W-1 has neither a record_key nor a fingerprint" "$H
W-1,ACC-OWNER-001,,,r,a,t,
"
printf '%s\nW-1,NO-SUCH-RULE,A3,,r,a,t,\n' "$H" >"$tmp/unknown.csv"
run -d "$n/night2" -o "$tmp/u" --waivers "$tmp/unknown.csv" >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] || fail "unknown rule in waivers should only warn"
grep -q 'warning: .*unknown.csv:2: waiver W-1: rule NO-SUCH-RULE is not in the rule pack' "$tmp/err" \
	|| fail "no warning for an unknown rule: $(cat "$tmp/err")"

# the CSP pack, night 1 and night 2 (fixtures/csp-night2)
"$VERDICT" run -q -r rules/csp -d fixtures/csp -o "$tmp/c1" --as-of 2026-11-25 >/dev/null
"$VERDICT" run -q -r rules/csp -d fixtures/csp-night2 -o "$tmp/c2" --as-of 2026-11-26 --baseline "$tmp/c1" >/dev/null
[ $? -eq 1 ] || fail "CSP night 2: expected exit 1"
cut -d, -f2 "$tmp/c2/summary.csv" >"$tmp/ids"
awk -F, '{ print $(NF-8) "," $(NF-7) "," $(NF-6) "," $(NF-5) "," $(NF-4) }' "$tmp/c2/summary.csv" |
	paste -d, "$tmp/ids" - | sed 1d >"$tmp/got"
diff -u "$n/csp-night2.summary" "$tmp/got" || fail "CSP night 2: summary counts differ"
awk -F, 'NR > 1 && $(NF-4) == "new" { print $3 }' "$tmp/c2/findings.csv" >"$tmp/got"
[ "$(cat "$tmp/got")" = CSP-CUSTOMER-001 ] || fail "CSP night 2: expected one new CSP-CUSTOMER-001 finding: $(cat "$tmp/got")"
awk -F, 'NR > 1 { print $3, $(NF-4) }' "$tmp/c2/resolved.csv" >"$tmp/got"
[ "$(cat "$tmp/got")" = "CSP-CUSTOMER-001 resolved" ] || fail "CSP night 2: resolved.csv: $(cat "$tmp/got")"
a=$(awk -F, '$3 == "CSP-CLOUD-001" { print $(NF-5) }' "$tmp/c1/findings.csv")
b=$(awk -F, '$3 == "CSP-CLOUD-001" { print $(NF-5), $(NF-4) }' "$tmp/c2/findings.csv")
[ "$b" = "$a persisting" ] || fail "CSP night 2: the moved CSP-CLOUD-001 row: '$a' -> '$b'"
exit 0
