#!/bin/sh
# The rule-language spec's three example rules on hand-checked data: the
# findings must be exactly lang/expected.txt, in order, and the exit status 1.
set -u
here=$(dirname "$0")
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$VERDICT" run -q --format text -r "$here/lang/lang.rules" -d "$here/lang/data" --as-of 2026-11-25 >"$out" 2>/dev/null
rc=$?
if [ "$rc" -ne 1 ]; then echo "expected exit status 1, got $rc"; exit 1; fi
diff -u "$here/lang/expected.txt" "$out" || exit 1
# the subquery and the joins are planned as index lookups, not scans
plan=$("$VERDICT" explain CSP-INDIRECT-002 -r "$here/lang/lang.rules") || exit 1
echo "$plan" | grep -q 'subquery exists(rel in relationships): index lookup relationships(ProviderId, MpnId, RelationshipType)' \
	|| { echo "INDIRECT-002 not planned as an index lookup:"; echo "$plan"; exit 1; }
plan=$("$VERDICT" explain CSP-RESALE-001 -r "$here/lang/lang.rules") || exit 1
echo "$plan" | grep -q 'join tenants as tenant: index lookup tenants(TenantId) = (sale.CustomerId)' \
	|| { echo "RESALE-001 join not planned as an index lookup:"; echo "$plan"; exit 1; }
exit 0
