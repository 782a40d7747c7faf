#!/bin/sh
# Issue 14, defects 6 and 7: data that would corrupt outputs.
# (6) A Latin-1 byte (DQ-ENCODING) must not reach findings.csv,
#     summary.csv, resolved.csv or manifest.json: they stay valid UTF-8
#     (iconv -f UTF-8 -t UTF-8), the byte shown as U+FFFD.
# (7) A name cell holding a quoted CR/LF and a forged finding line must
#     not forge a line in `--format text` or `verdict inspect`: one line
#     per finding, control characters shown as \r, \n, \t, \xHH.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export SOURCE_DATE_EPOCH=1764032400
mkdir "$tmp/d"
cat >"$tmp/r.rules" <<'R'
dataset partners {
  from csv "partners.csv"
  key Id
  Id    text
  Name  text
}
rule R-1 {
  title "Name"
  severity warning
  for p in partners
  where p.Name != "ok"
  message "partner {p.Name}"
}
R
printf 'Id,Name\n1,"Evil\r\nR-1 warning partners 9: partner forged\tx\033[2J"\n2,Caf\351 Ltd\n3,ok\n' >"$tmp/d/partners.csv"

# (7) text output: exactly one line per finding, none forged
"$VERDICT" run -q -r "$tmp/r.rules" -d "$tmp/d" --as-of 2026-11-25 --format text --fail-on never >"$tmp/text" 2>"$tmp/err" ||
	fail "run --format text: $(cat "$tmp/err")"
n=$(wc -l <"$tmp/text")
[ "$n" -eq 3 ] || { cat -A "$tmp/text"; fail "text output: expected 3 lines (3 findings), got $n"; }
grep -q "^DQ-ENCODING error partners 2: Name: text is not valid UTF-8 (value: $(printf 'Caf\357\277\275') Ltd)\$" "$tmp/text" ||
	{ cat -A "$tmp/text"; fail "text output: the invalid byte is not U+FFFD"; }
grep -q '^R-1 warning partners 1: partner Evil\\r\\nR-1 warning partners 9: partner forged\\tx\\x1b\[2J$' "$tmp/text" ||
	{ cat -A "$tmp/text"; fail "text output: CR/LF/tab/ESC not escaped"; }
if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$tmp/text"; then
	cat -A "$tmp/text"; fail "text output holds a control character"
fi

# inspect: one line per data-quality finding, the escaped raw value
"$VERDICT" inspect -q -r "$tmp/r.rules" -d "$tmp/d" >"$tmp/inspect" 2>&1 || fail "inspect: $(cat "$tmp/inspect")"
if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$tmp/inspect"; then
	cat -A "$tmp/inspect"; fail "inspect output holds a control character"
fi
grep -q 'DQ-ENCODING' "$tmp/inspect" || { cat "$tmp/inspect"; fail "inspect: no DQ-ENCODING"; }
iconv -f UTF-8 -t UTF-8 "$tmp/inspect" >/dev/null 2>&1 || { cat -A "$tmp/inspect"; fail "inspect output is not UTF-8"; }

# (6) every CSV and JSON file is valid UTF-8
"$VERDICT" run -q -r "$tmp/r.rules" -d "$tmp/d" -o "$tmp/o" --as-of 2026-11-25 --fail-on never >"$tmp/out" 2>&1 ||
	fail "run: $(cat "$tmp/out")"
for f in findings.csv summary.csv manifest.json; do
	iconv -f UTF-8 -t UTF-8 "$tmp/o/$f" >/dev/null 2>&1 || { cat -A "$tmp/o/$f"; fail "$f is not valid UTF-8"; }
done
grep -q 'DQ-ENCODING' "$tmp/o/findings.csv" || fail "findings.csv: no DQ-ENCODING finding"
grep -q "$(printf 'Caf\357\277\275 Ltd')" "$tmp/o/findings.csv" || { cat -A "$tmp/o/findings.csv"; fail "findings.csv: no U+FFFD"; }
"$VERDICT" run -q -r "$tmp/r.rules" -d "$tmp/d" -o "$tmp/o" --as-of 2026-11-26 --fail-on never --format csv,json >"$tmp/out" 2>&1 ||
	fail "second run: $(cat "$tmp/out")"
for f in findings.csv findings.jsonl summary.csv manifest.json; do
	iconv -f UTF-8 -t UTF-8 "$tmp/o/$f" >/dev/null 2>&1 || fail "second run: $f is not valid UTF-8"
done
exit 0
