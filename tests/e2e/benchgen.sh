#!/bin/sh
# bench/gen, small, so that make bench's generator cannot rot: for 2,000
# sales lines in both profiles, the CSP pack reads the bundle with no
# data-quality finding, finds exactly the sales-line violations the
# generator says it planted, and (stress) every rule of the pack fires;
# the same seed writes the same bytes, another seed other bytes.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
${CC:-cc} -O2 -Wall -Wextra -Werror -o "$tmp/gen" bench/gen.c || fail "bench/gen.c does not build"
"$tmp/gen" "$tmp/x" 2>/dev/null && fail "gen without N succeeded"
"$tmp/gen" "$tmp/x" 10 --profile nope 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "usage: gen DIR N" "$tmp/err" || fail "gen --profile nope: no usage error"

for profile in realistic stress; do
	d=$tmp/$profile
	mkdir -p "$d"
	"$tmp/gen" "$d" 2000 --profile $profile >"$d.gen" || fail "$profile: gen failed"
	grep -qx "sales.csv 2000" "$d.gen" || { cat "$d.gen"; fail "$profile: not 2000 sales lines"; }
	# realistic shapes: CRLF and a BOM on sales.csv, quoted names with commas, the XML file
	head -c 3 "$d/sales.csv" | od -An -tx1 | grep -q "ef bb bf" || fail "$profile: sales.csv has no BOM"
	head -1 "$d/sales.csv" | grep -q "$(printf '\r')\$" || fail "$profile: sales.csv lines do not end in CRLF"
	grep -q '^[^"]*,"[^"]*, [^"]*",' "$d/customers.csv" || fail "$profile: no quoted name with a comma"
	grep -q '<PartnerRelationship providerId="' "$d/relationships.xml" || fail "$profile: no relationships.xml"
	"$VERDICT" run -q --format csv -r rules/csp -d "$d" -o "$d.out" --as-of 2026-11-25 >/dev/null 2>"$d.err"
	st=$?
	[ $st -eq 1 ] || { cat "$d.err"; fail "$profile: verdict run exited $st, not 1 (findings)"; }
	sqlite3 -batch :memory: ".import --csv '$d.out/findings.csv' f" \
		"SELECT rule_id || ' ' || count(*) FROM f GROUP BY rule_id ORDER BY rule_id;" >"$d.counts"
	grep "^DQ-" "$d.counts" && fail "$profile: data-quality findings on the generated bundle"
	# every planted sales line is found, and nothing else on sales lines
	sed -n 's/^planted sales lines: //p' "$d.gen" | tr ' ' '\n' | grep '^CSP-' | tr '=' ' ' | sort >"$d.planted"
	[ -s "$d.planted" ] || fail "$profile: gen printed no planted counts"
	while read -r rule n; do
		got=$(awk -v r="$rule" '$1 == r { print $2 }' "$d.counts")
		[ "${got:-0}" -eq "$n" ] || { cat "$d.counts"; fail "$profile: $rule: $n planted, ${got:-0} found"; }
	done <"$d.planted"
	[ "$(wc -l <"$d.counts")" -ge 8 ] || { cat "$d.counts"; fail "$profile: fewer than 8 rules fire"; }
done
[ "$(wc -l <"$tmp/stress.counts")" -eq 14 ] || { cat "$tmp/stress.counts"; fail "stress: not every rule fires"; }
stress=$(awk '{ s += $2 } END { print s }' "$tmp/stress.counts")
realistic=$(awk '{ s += $2 } END { print s }' "$tmp/realistic.counts")
[ "$stress" -gt $((realistic * 10)) ] || fail "stress ($stress findings) is not far heavier than realistic ($realistic)"

# --only and --rate: one rule's violations in the given share of the lines
mkdir -p "$tmp/only" "$tmp/x"
"$tmp/gen" "$tmp/only" 2000 --rate 0.5 --only CSP-CLOUD-001 >"$tmp/only.gen" || fail "gen --only"
planted=$(sed -n 's/.* CSP-CLOUD-001=\([0-9]*\) .*/\1/p' "$tmp/only.gen")
[ "${planted:-0}" -gt 900 ] && [ "$planted" -lt 1100 ] || { cat "$tmp/only.gen"; fail "--rate 0.5 --only: $planted lines"; }
grep -q "CSP-CUSTOMER-001=0 " "$tmp/only.gen" || fail "--only planted other rules too"
"$tmp/gen" "$tmp/x" 10 --only CSP-NOPE-001 2>/dev/null && fail "--only CSP-NOPE-001 accepted"
"$tmp/gen" "$tmp/x" 10 --rate 2 2>/dev/null && fail "--rate 2 accepted"

# deterministic, and seeded
mkdir -p "$tmp/again" "$tmp/seed"
"$tmp/gen" "$tmp/again" 2000 --profile stress >/dev/null && "$tmp/gen" "$tmp/seed" 2000 --profile stress --seed 7 >/dev/null ||
	fail "gen failed"
for f in "$tmp"/stress/*; do
	cmp -s "$f" "$tmp/again/$(basename "$f")" || fail "$(basename "$f") differs between two runs"
done
cmp -s "$tmp/stress/sales.csv" "$tmp/seed/sales.csv" && fail "--seed 7 wrote the same sales.csv"
echo "benchgen: realistic $realistic findings, stress $stress, every planted line found, deterministic"
exit 0
