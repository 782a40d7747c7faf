#!/bin/sh
# Runs every unit-test binary given as arguments, then the end-to-end and
# rule-pack tests and the hostile-input corpus (tests/hostile/run.sh),
# and ends with one summary line: "N passed, N failed".
# One line per suite; V=1 also prints every case, and a failing suite
# always prints its whole output.
# Environment: BUILD (build dir), VERDICT (the verdict binary), V.
passed=0
failed=0
failed_names=""
for t in "$@"; do
	out=$("$t" 2>&1)
	rc=$?
	[ "${V:-}" = 1 ] && printf '%s\n' "$out"
	p=$(printf '%s\n' "$out" | grep -o 'PASSED  \] [0-9]* test' | grep -o '[0-9]*' | tail -1)
	f=$(printf '%s\n' "$out" | grep -o 'FAILED  \] [0-9]* test' | grep -o '[0-9]*' | tail -1)
	passed=$((passed + ${p:-0}))
	if [ "$rc" -ne 0 ] && [ -z "$f" ]; then f=1; fi
	failed=$((failed + ${f:-0}))
	if [ "${f:-0}" -gt 0 ]; then
		failed_names="$failed_names $(basename "$t")"
		[ "${V:-}" = 1 ] || printf '%s\n' "$out"
		echo "[ unit FAIL ] $(basename "$t"): ${p:-0} passed, $f failed"
	else
		echo "[ unit PASS ] $(basename "$t"): ${p:-0} passed"
	fi
done
for t in tests/e2e/*.sh; do
	[ -f "$t" ] || continue
	if out=$(VERDICT="$VERDICT" sh "$t" 2>&1); then
		passed=$((passed + 1))
		[ "${V:-}" = 1 ] && printf '%s\n' "$out"
		echo "[ e2e  PASS ] $(basename "$t")"
	else
		failed=$((failed + 1))
		failed_names="$failed_names $(basename "$t")"
		printf '%s\n' "$out"
		echo "[ e2e  FAIL ] $(basename "$t")"
	fi
done
# the hostile-input corpus: one count per case
out=$(VERDICT="$VERDICT" V="${V:-}" sh tests/hostile/run.sh 2>&1)
hp=$(printf '%s\n' "$out" | sed -n 's/^hostile: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
hf=$(printf '%s\n' "$out" | sed -n 's/^hostile: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
[ -n "$hp" ] || { hp=0; hf=1; }
passed=$((passed + hp))
failed=$((failed + hf))
if [ "$hf" -gt 0 ]; then
	printf '%s\n' "$out"
	failed_names="$failed_names hostile"
	echo "[ host FAIL ] tests/hostile: $hp passed, $hf failed"
else
	[ "${V:-}" = 1 ] && printf '%s\n' "$out"
	echo "[ host PASS ] tests/hostile: $hp cases"
fi
[ -n "$failed_names" ] && echo "failed:$failed_names"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
