#!/bin/sh
# SIGKILL a run on a large input (bench/gen's stress profile: many
# findings) at several points.  A file under a final
# name must never be partial: with SOURCE_DATE_EPOCH, findings.csv and
# summary.csv are byte-identical to a reference run's, so any that exists
# after a kill must equal the reference; report.html and manifest.json
# (which name the output directory) must be complete.  The next run
# sweeps the temporaries.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export SOURCE_DATE_EPOCH=1764032400
cc -O2 -o "$tmp/gen" bench/gen.c || fail "cannot build bench/gen.c"
mkdir "$tmp/data"
"$tmp/gen" "$tmp/data" 50000 --profile stress >/dev/null || fail "generator"
run() { "$VERDICT" run -q -r rules/csp -d "$tmp/data" -o "$1" --as-of 2026-11-25 --fail-on never >/dev/null 2>"$tmp/err"; }
run "$tmp/ref" || fail "reference run failed"
lines=$(wc -l <"$tmp/ref/findings.csv")
[ "$lines" -gt 1000 ] || fail "expected many findings, got $lines lines"
killed=0
for delay in 0.1 0.3 0.6 1.0 1.5 2.2; do
	out="$tmp/out"
	# started directly, not through run(): $! must be verdict itself (a
	# function in the background is a subshell, and killing it would leave
	# verdict running on)
	"$VERDICT" run -q -r rules/csp -d "$tmp/data" -o "$out" --as-of 2026-11-25 \
		--fail-on never >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null && killed=$((killed + 1))
	wait "$pid" 2>/dev/null
	for f in findings.csv summary.csv; do
		[ -e "$out/$f" ] && { cmp -s "$out/$f" "$tmp/ref/$f" || fail "after a kill at ${delay}s, $f is partial"; }
	done
	[ -e "$out/report.html" ] && { tail -n 1 "$out/report.html" | grep -q '</html>' || fail "partial report.html"; }
	[ -e "$out/manifest.json" ] && { tail -n 1 "$out/manifest.json" | grep -qx '}' || fail "partial manifest.json"; }
done
[ "$killed" -gt 0 ] || fail "every run finished before the kill: use a larger input"
run "$tmp/out" || fail "full run after the kills failed (exit $?): $(cat "$tmp/err")"
[ -z "$(find "$tmp/out" -name '.verdict-tmp-*')" ] || fail "temporaries of killed runs were not swept"
for f in findings.csv summary.csv; do
	cmp -s "$tmp/out/$f" "$tmp/ref/$f" || fail "$f of the full run differs from the reference"
done
exit 0
