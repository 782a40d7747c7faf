#!/bin/sh
# verdict inspect on the ingest fixtures: every count and data-quality
# finding exactly as in inspect/expected.txt; exit 2 (truncated.xml).
set -u
here=$(dirname "$0")
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$VERDICT" inspect -q -r fixtures/ingest/ingest.rules -d fixtures/ingest >"$out" 2>&1
rc=$?
if [ "$rc" -ne 2 ]; then echo "expected exit status 2, got $rc"; cat "$out"; exit 1; fi
diff -u "$here/inspect/expected.txt" "$out" || exit 1
# without the damaged XML it loads cleanly: exit 0
"$VERDICT" inspect -q -r "$here/inspect/clean.rules" -d fixtures/ingest >"$out" 2>&1
rc=$?
if [ "$rc" -ne 0 ]; then echo "expected exit status 0 on clean inputs, got $rc"; cat "$out"; exit 1; fi
grep -q '^partners (Partner registry): csv fixtures/ingest/partners.csv, 579 bytes$' "$out" || { cat "$out"; exit 1; }
grep -q '^  rows read 6, loaded 6, rejected 0$' "$out" || { cat "$out"; exit 1; }
# a rule-file syntax error: exit 2 with file:line:col and a caret
printf 'dataset x {\n  from csv "x.csv"\n  Id txet\n}\n' >"$out.rules"
"$VERDICT" inspect -q -r "$out.rules" -d fixtures/ingest >"$out" 2>&1
rc=$?
rm -f "$out.rules"
if [ "$rc" -ne 2 ]; then echo "expected exit status 2 on a rule error, got $rc"; exit 1; fi
grep -q ":3:6: error: unknown type 'txet' (did you mean 'text'?)" "$out" || { cat "$out"; exit 1; }
grep -q '^      |      ^~~~$' "$out" || { cat "$out"; exit 1; }
exit 0
