#!/bin/sh
# Runs each libFuzzer target for FUZZ_SECONDS (default 30) seconds over
# its seeds in tests/fuzz/corpus/TARGET/ (new inputs go to a scratch
# directory, not into the repository).  A crash, leak, timeout or
# sanitizer report fails: the input is kept under BUILD/fuzz/ and
# printed, to be added to the corpus and made a test before it is fixed.
# Prints one line per target: executions and coverage.
# Environment: BUILD (where the targets are), FUZZ_SECONDS.
set -u
secs=${FUZZ_SECONDS:-30}
bin=${BUILD:-build-fuzz}/fuzz
failed=0
passed=0
for t in "$@"; do
	scratch=$(mktemp -d)
	log="$bin/$t.log"
	"$bin/fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -close_fd_mask=3 \
		-print_final_stats=1 -artifact_prefix="$bin/crash-$t-" \
		"$scratch" "tests/fuzz/corpus/$t" >"$log" 2>&1
	rc=$?
	runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
	rm -rf "$scratch"
	if [ "$rc" -ne 0 ]; then
		failed=$((failed + 1))
		tail -n 40 "$log"
		echo "[ fuzz FAIL ] $t: exit $rc; input: $(ls "$bin"/crash-"$t"-* 2>/dev/null | head -1)"
	else
		echo "[ fuzz PASS ] $t: ${runs:-?} executions in ${secs} s, $cov"
		passed=$((passed + 1))
	fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
