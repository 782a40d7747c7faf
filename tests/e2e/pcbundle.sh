#!/bin/sh
# The CSP rule pack on the two sample bundles: fixtures/csp (the pack's own
# formats) and fixtures/partner-center (the same business facts in Partner
# Center's real formats). The expectations are read from the tables of the
# two EXPECTED.md files, so a change to either bundle, the rules or the
# documents that makes them disagree fails here:
# - each bundle gives exactly the (rule, key) findings its EXPECTED.md lists;
# - every fixtures/csp finding is accounted for in partner-center's tables as
#   same (same key), same fact (other key), or lost (that row's key here is
#   not a finding); every partner-center finding as same, same fact or gained;
# - per-rule counts and not_evaluated results (with their reason) as in the
#   summary table, and the golden findings.csv/summary.csv in pcbundle/;
# - without user_roles.csv, CSP-ROLE-001 is not evaluated and the run exits 2.
set -u
here=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export SOURCE_DATE_EPOCH=1764032400
csp=fixtures/csp
pc=fixtures/partner-center

# rule <TAB> key <TAB> second key <TAB> outcome, from the "## Findings" tables
tables() {
	awk '
	/^## / { on = ($0 ~ /^## Findings/) }
	/^### CSP-/ { rule = $2 }
	on && /^\| `/ {
		line = $0
		match(line, /`[^`]*`/); k1 = substr(line, RSTART + 1, RLENGTH - 2)
		rest = substr(line, RSTART + RLENGTH)
		match(rest, /`[^`]*`/); k2 = substr(rest, RSTART + 1, RLENGTH - 2)
		rest = substr(rest, RSTART + RLENGTH)
		out = substr(rest, index(rest, "| ") + 2)
		gsub(/\\\|/, "|", k1); gsub(/\\\|/, "|", k2)
		if (out ~ /^same fact/) o = "samefact"
		else if (out ~ /^same/) o = "same"
		else if (out ~ /\*\*gained\*\*/) o = "gained"
		else if (out ~ /\*\*lost\*\*/) o = "lost"
		else o = "?"
		print rule "\t" k1 "\t" k2 "\t" o
	}' "$1"
}
tables $csp/EXPECTED.md >"$tmp/csp.tab"
tables $pc/EXPECTED.md >"$tmp/pc.tab"
[ -s "$tmp/csp.tab" ] && [ -s "$tmp/pc.tab" ] || fail "no tables parsed"
grep -q '	?$' "$tmp/pc.tab" && { grep '	?$' "$tmp/pc.tab"; fail "partner-center EXPECTED.md: outcome not same/same fact/gained/lost"; }

run() { # dir out: rule <TAB> key of each finding, sorted
	"$VERDICT" run -q -r rules/csp -d "$1" --as-of 2026-11-25 --format text 2>/dev/null |
		awk '{ k = $4; sub(/:$/, "", k); print $1 "\t" k }' | sort >"$2"
}
run $csp "$tmp/csp.got"
run $pc "$tmp/pc.got"

cut -f1,2 "$tmp/csp.tab" | sort >"$tmp/csp.want"
diff -u "$tmp/csp.want" "$tmp/csp.got" || fail "fixtures/csp findings differ from its EXPECTED.md"
awk -F'\t' '$4 != "lost" { print $1 "\t" $2 }' "$tmp/pc.tab" | sort >"$tmp/pc.want"
diff -u "$tmp/pc.want" "$tmp/pc.got" || fail "partner-center findings differ from its EXPECTED.md"

# the mapping between the bundles, row by row
awk -F'\t' -v cspgot="$tmp/csp.got" -v pcgot="$tmp/pc.got" '
	FILENAME == ARGV[1] { short[$1 "\t" $3] = $2; next }   # csp: rule, short -> key
	FILENAME == cspgot { incsp[$0] = 1; next }
	FILENAME == pcgot { inpc[$0] = 1; next }
	{
		ck = short[$1 "\t" $3]; pk = $1 "\t" $2; c = $1 "\t" ck
		if ($4 == "same" || $4 == "samefact") {
			if (ck == "") { print "not a fixtures/csp finding: " $1 " " $3; bad = 1 }
			else if (!(c in incsp) || !(pk in inpc)) { print "not found in both runs: " $1 " " $3; bad = 1 }
			if ($4 == "same" && ck != $2) { print "same but the keys differ: " $1 " " ck " / " $2; bad = 1 }
			if ($4 == "samefact" && ck == $2) { print "same fact but the keys are equal: " $1 " " $2; bad = 1 }
			mapped[c] = 1
		} else if ($4 == "gained") {
			if (ck != "") { print "gained, but fixtures/csp has it: " $1 " " $3; bad = 1 }
		} else if ($4 == "lost") {
			if (ck == "" || !(c in incsp)) { print "lost, but not a fixtures/csp finding: " $1 " " $3; bad = 1 }
			if (pk in inpc) { print "lost, but partner-center has it: " $1 " " $2; bad = 1 }
			mapped[c] = 1
		}
	}
	END {
		for (c in incsp) if (!(c in mapped)) { print "fixtures/csp finding not in partner-center EXPECTED.md: " c; bad = 1 }
		exit bad
	}' "$tmp/csp.tab" "$tmp/csp.got" "$tmp/pc.got" "$tmp/pc.tab" || fail "the bundles disagree with the mapping in EXPECTED.md"

# per-rule counts and not_evaluated results of the summary table
"$VERDICT" run -q -r rules/csp -d $csp -o "$tmp/csp.out" --as-of 2026-11-25 >/dev/null 2>&1
[ $? -eq 1 ] || fail "fixtures/csp: expected exit status 1"
"$VERDICT" run -q -r rules/csp -d $pc -o "$tmp/pc.out" --as-of 2026-11-25 >/dev/null 2>&1
[ $? -eq 1 ] || fail "partner-center: expected exit status 1"
result() { # summary.csv rule -> "findings result reason"
	awk -v r="$2" '
	function csv(s, a,   n, f, q, c, i) {
		n = 0; f = ""; q = 0
		for (i = 1; i <= length(s); i++) {
			c = substr(s, i, 1)
			if (q) { if (c == "\"") { if (substr(s, i + 1, 1) == "\"") { f = f c; i++ } else q = 0 } else f = f c }
			else if (c == "\"") q = 1
			else if (c == ",") { a[++n] = f; f = "" }
			else f = f c
		}
		a[++n] = f
		return n
	}
	{ csv($0, a); if (a[2] == r) print a[7] " " a[12] " " a[13] }' "$1"
}
grep '^| CSP-' $pc/EXPECTED.md | awk -F' \\| ' '{ sub(/^\| /, "", $1); print $1 "\t" $2 "\t" $3 "\t" $4 }' |
while IFS='	' read -r rule c p diff; do
	diff=${diff% |}
	for side in csp pc; do
		if [ $side = csp ]; then want=$c; else want=$p; fi
		got=$(result "$tmp/$side.out/summary.csv" "$rule")
		case $want in
		not_evaluated) [ "$got" = "0 not_evaluated $diff" ] || fail "$side $rule: expected not_evaluated ($diff), got '$got'" ;;
		*) [ "${got%% *}" = "$want" ] || fail "$side $rule: expected $want findings, got '$got'" ;;
		esac
	done
done || exit 1

# golden files (run_id column aside)
sed 's/^[^,]*,//' "$tmp/pc.out/findings.csv" >"$tmp/findings.csv"
sed 's/^[^,]*,//' "$tmp/pc.out/summary.csv" >"$tmp/summary.csv"
diff -u "$here/pcbundle/findings.csv" "$tmp/findings.csv" || fail "findings.csv differs from the golden file"
diff -u "$here/pcbundle/summary.csv" "$tmp/summary.csv" || fail "summary.csv differs from the golden file"

# no source of roles: CSP-ROLE-001 is not evaluated, the rest is unchanged
mkdir "$tmp/noroles"
cp $pc/* "$tmp/noroles/"
rm "$tmp/noroles/user_roles.csv" "$tmp/noroles/EXPECTED.md"
"$VERDICT" run -q -r rules/csp -d "$tmp/noroles" -o "$tmp/noroles.out" --as-of 2026-11-25 >/dev/null 2>"$tmp/noroles.err"
[ $? -eq 2 ] || fail "without user_roles.csv: expected exit status 2"
got=$(result "$tmp/noroles.out/summary.csv" CSP-ROLE-001)
[ "$got" = "0 not_evaluated no source for dataset user_roles (user_roles.csv not found)" ] ||
	fail "without user_roles.csv: CSP-ROLE-001 gave '$got'"
grep -q 'CSP-ROLE-001: no source for dataset user_roles' "$tmp/noroles.err" || fail "without user_roles.csv: no reason on stderr"
run "$tmp/noroles" "$tmp/noroles.got"
{ grep -v '^CSP-ROLE-001	' "$tmp/pc.got"; printf 'DQ-INPUT\t\n'; } | sort | diff -u - "$tmp/noroles.got" ||
	fail "without user_roles.csv: expected the other findings and one DQ-INPUT"
exit 0
