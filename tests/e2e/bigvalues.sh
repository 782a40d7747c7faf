#!/bin/sh
# Issue 14: a raw value is quoted in a message at most UTF8_SHOW_MAX
# (200) bytes, with a marker giving its length (defect 9: one 1 MB cell
# made a 1 MB finding), in a data-quality finding and in a rule message.
# Duplicate keys (defect 10): only the first row of a key is evaluated,
# so findings never share a fingerprint.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export SOURCE_DATE_EPOCH=1764032400
mkdir "$tmp/d"
cat >"$tmp/r.rules" <<'R'
dataset items {
  from csv "items.csv"
  key Id
  Id    text
  Code  text  matches /^[A-Z]+$/
  Note  text
}
rule R-1 {
  title "Note"
  severity warning
  for i in items
  where i.Note != "ok"
  message "note is {i.Note}"
}
R
big=$(head -c 1048576 /dev/zero | tr '\0' 'x')
{
	echo "Id,Code,Note"
	echo "1,$big,ok"
	echo "2,AB,$big"
	echo "3,AB,dup-first"
	echo "3,AB,dup-second"
} >"$tmp/d/items.csv"
"$VERDICT" run -q -r "$tmp/r.rules" -d "$tmp/d" -o "$tmp/o" --as-of 2026-11-25 --fail-on never >"$tmp/out" 2>&1 ||
	fail "run failed: $(cat "$tmp/out")"
f="$tmp/o/findings.csv"
size=$(wc -c <"$f")
[ "$size" -lt 10000 ] || fail "findings.csv is $size bytes: a raw value was copied in full"
grep -q "DQ-PATTERN.*(value: x\{200\}… \[1048576 bytes\])" "$f" || fail "DQ-PATTERN value not capped: $(cut -c1-300 "$f")"
grep -q "R-1.*note is x\{200\}… \[1048576 bytes\]" "$f" || fail "rule message not capped"
html=$(wc -c <"$tmp/o/report.html")
[ "$html" -lt 400000 ] || fail "report.html is $html bytes"
# duplicate key 3: one DQ-DUPLICATE-KEY, one R-1 finding (the first row's)
[ "$(grep -c '^[^,]*,[^,]*,DQ-DUPLICATE-KEY,' "$f")" = 1 ] || fail "expected one DQ-DUPLICATE-KEY"
[ "$(grep -c ',R-1,warning,open,items,3,' "$f")" = 1 ] || fail "the duplicate row was evaluated: $(grep ',R-1,' "$f")"
grep -q 'note is dup-first' "$f" || fail "the first row of key 3 was not evaluated"
grep -q 'note is dup-second' "$f" && fail "the second row of key 3 was evaluated"
dups=$(tail -n +2 "$f" | awk -F, '{print $(NF-2)}' | sort | uniq -d)
[ -z "$dups" ] || fail "findings share a fingerprint: $dups"
exit 0
