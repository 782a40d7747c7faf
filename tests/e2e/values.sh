#!/bin/sh
# Value formats (values/values.rules on values/recon.csv): inspect prints
# the counts of rounded decimals and the findings exactly as in
# values/inspect.txt; the findings show every value as read
# (values/findings.txt); manifest.json carries "rounded" per input.
set -u
here=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$VERDICT" inspect -q -r "$here/values/values.rules" -d "$here/values" >"$tmp/inspect" 2>&1
rc=$?
if [ "$rc" -ne 0 ]; then echo "inspect: expected exit status 0, got $rc"; cat "$tmp/inspect"; exit 1; fi
diff -u "$here/values/inspect.txt" "$tmp/inspect" || exit 1
"$VERDICT" run -q -r "$here/values/values.rules" -d "$here/values" -o "$tmp/out" --as-of 2026-11-25 \
	--format text,json >"$tmp/stdout" 2>&1
rc=$?
if [ "$rc" -ne 1 ]; then echo "run: expected exit status 1, got $rc"; cat "$tmp/stdout"; exit 1; fi
grep -v '^output: ' "$tmp/stdout" >"$tmp/findings"
diff -u "$here/values/findings.txt" "$tmp/findings" || exit 1
grep -q '"columns_extra": \[\], "rounded": {"UnitPrice": 3, "PCToBCExchangeRate": 1, "Quantity": 2}, "input_error": null, "source": "recon.csv"' \
	"$tmp/out/manifest.json" || { cat "$tmp/out/manifest.json"; exit 1; }
exit 0
