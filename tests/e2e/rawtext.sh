#!/bin/sh
# Issue 13, lean interning: past its first 4096 values (INGEST_TEXT_SAMPLE),
# a text field of mostly distinct values is stored raw (not interned).
# Equality, joins through an index, `in`, derived strings and duplicate
# keys must give the same answers on raw text as on interned text.  The
# data has 12,000 rows, so most values are raw; every expected count is
# computed here with awk from the same file, not by verdict.  Ref is
# stored raw and probes the index on Id (ORPHAN); Id and Copy are indexed,
# so always interned; dataset names keys on Name, which is raw.
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
  Id     text
  Ref    text
  Copy   text
  Name   text
  Lower  text
  Kind   text
}
dataset names {
  from csv "items.csv"
  key Name
  Name   text
}
rule SAME {
  title "Copy equals Id"
  severity error
  for a in items
  where a.Copy = a.Id
  message "{a.Id}"
}
rule DIFF {
  title "Copy differs from Id"
  severity error
  for a in items
  where a.Copy != a.Id
  message "{a.Id}"
}
rule ORPHAN {
  title "Ref names no item"
  severity error
  for a in items
  left join b in items on b.Id = a.Ref
  where b is null
  message "{a.Id} -> {a.Ref}"
}
rule LOWER {
  title "Lower is lower(Name)"
  severity error
  for a in items
  where lower(a.Name) = a.Lower
  message "{a.Id}"
}
rule LISTED {
  title "Id in a list"
  severity error
  for a in items
  where a.Id in ("id-09000", "id-00010", "id-11999", "nope")
  message "{a.Id}"
}
rule REFERENCED {
  title "Copied by some item"
  severity error
  for a in items
  where exists b in items where b.Copy = a.Id
  message "{a.Id}"
}
R
# row i: Id id-i and Name Name-i-ETE (row 11000 repeats row 10500's: a
# duplicate key, interned for Id, raw for Name); Ref the id of row 7*i mod 13000 (missing past 12000);
# Copy equal to Id on every 3rd row; Name/Lower equal in lower case on
# every 4th row; Kind from 3 values (stays interned)
awk 'BEGIN {
	print "Id,Ref,Copy,Name,Lower,Kind"
	for (i = 0; i < 12000; i++) {
		id = sprintf("id-%05d", i == 11000 ? 10500 : i)
		ref = sprintf("id-%05d", (7 * i) % 13000)
		copy = (i % 3 == 0) ? id : sprintf("cp-%05d", i)
		name = sprintf("Name-%05d-ETE", i == 11000 ? 10500 : i)
		lower = (i % 4 == 0) ? sprintf("name-%05d-ete", i) : sprintf("other-%05d", i)
		printf "%s,%s,%s,%s,%s,k%d\n", id, ref, copy, name, lower, i % 3
	}
}' >"$tmp/d/items.csv"
"$VERDICT" run -q --threads 1 -r "$tmp/r.rules" -d "$tmp/d" -o "$tmp/o" --format csv --fail-on never \
	2>"$tmp/err" || fail "run: $(cat "$tmp/err")"
count() { grep -c ",$1,error," "$tmp/o/findings.csv"; }
# the duplicate row (line 11002) is never evaluated
data() { awk -F, 'NR > 1 && NR != 11002' "$tmp/d/items.csv"; }
[ "$(count DQ-DUPLICATE-KEY)" = 2 ] || fail "DQ-DUPLICATE-KEY: $(count DQ-DUPLICATE-KEY)"
grep -q ',items,id-10500,.*,11002,same key as the row at line 10502' "$tmp/o/findings.csv" ||
	fail "duplicate Id: $(grep DUPLICATE "$tmp/o/findings.csv")"
grep -q ',names,Name-10500-ETE,.*,11002,same key as the row at line 10502' "$tmp/o/findings.csv" ||
	fail "duplicate Name (raw): $(grep DUPLICATE "$tmp/o/findings.csv")"
want=$(data | awk -F, '$3 == $1' | wc -l)
[ "$(count SAME)" = "$want" ] || fail "SAME: $(count SAME), want $want"
want=$(data | awk -F, '$3 != $1' | wc -l)
[ "$(count DIFF)" = "$want" ] || fail "DIFF: $(count DIFF), want $want"
want=$(data >"$tmp/rows"; awk -F, 'NR == FNR { id[$1] = 1; next } !($2 in id)' "$tmp/rows" "$tmp/rows" | wc -l)
[ "$(count ORPHAN)" = "$want" ] || fail "ORPHAN: $(count ORPHAN), want $want"
want=$(awk -F, '$5 ~ /^name-/' "$tmp/rows" | wc -l)
[ "$(count LOWER)" = "$want" ] || fail "LOWER: $(count LOWER), want $want"
[ "$(count LISTED)" = 3 ] || fail "LISTED: $(count LISTED)"
want=$(awk -F, 'NR == FNR { cp[$3] = 1; next } ($1 in cp)' "$tmp/rows" "$tmp/rows" | wc -l)
[ "$(count REFERENCED)" = "$want" ] || fail "REFERENCED: $(count REFERENCED), want $want"
echo "rawtext: ok"
