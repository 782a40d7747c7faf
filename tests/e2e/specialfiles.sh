#!/bin/sh
# Rule files and includes that are not regular files are refused at once,
# with the include's location: /dev/zero would be read until memory runs
# out, a FIFO would block forever.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
mkfifo "$tmp/fifo.rules" || fail "mkfifo"
mkdir "$tmp/dir.rules"
printf 'include "/dev/zero"\ninclude "fifo.rules"\ninclude "dir.rules"\n' >"$tmp/main.rules"
timeout 10 "$VERDICT" check -r "$tmp/main.rules" >"$tmp/out" 2>&1
rc=$?
[ "$rc" -eq 1 ] || fail "expected exit 1, got $rc: $(cat "$tmp/out")"
sed "s|$tmp|TMP|g" "$tmp/out" >"$tmp/got"
cat >"$tmp/expected" <<'END'
TMP/main.rules:1:9: error: cannot include "/dev/zero": /dev/zero: not a regular file (a device, FIFO or socket is never read)
    1 | include "/dev/zero"
      |         ^~~~~~~~~~~
TMP/main.rules:2:9: error: cannot include "fifo.rules": TMP/fifo.rules: not a regular file (a device, FIFO or socket is never read)
    2 | include "fifo.rules"
      |         ^~~~~~~~~~~~
TMP/main.rules:3:9: error: cannot include "dir.rules": TMP/dir.rules: is a directory
    3 | include "dir.rules"
      |         ^~~~~~~~~~~
3 errors, 0 warnings
END
diff -u "$tmp/expected" "$tmp/got" || fail "messages differ"
# named directly with -r: a FIFO is refused, not waited on
timeout 10 "$VERDICT" check -r "$tmp/fifo.rules" >"$tmp/out2" 2>&1
rc=$?
[ "$rc" -ne 124 ] || fail "-r FIFO blocked"
grep -q 'not a regular file' "$tmp/out2" || fail "-r FIFO: $(cat "$tmp/out2")"
# data files: a device or FIFO under a dataset's name is an input error
# (exit 2), never read
mkdir "$tmp/d1" "$tmp/d2"
ln -s /dev/zero "$tmp/d1/x.csv"
mkfifo "$tmp/d2/x.csv" || fail "mkfifo"
printf 'dataset t { from csv "x.csv"  Id text }\n' >"$tmp/t.rules"
for d in d1 d2; do
	timeout 10 "$VERDICT" run -q -r "$tmp/t.rules" -d "$tmp/$d" -o "$tmp/o-$d" >"$tmp/out3" 2>&1
	rc=$?
	[ "$rc" -eq 2 ] || fail "data $d: expected exit 2, got $rc: $(cat "$tmp/out3")"
	grep -q 'x.csv: cannot read: not a regular file' "$tmp/out3" || fail "data $d: $(cat "$tmp/out3")"
done
echo "specialfiles: ok"
