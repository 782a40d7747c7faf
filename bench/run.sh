#!/bin/sh
# make bench: generate a synthetic bundle (bench/gen.c), then time verdict
# and SQLite (the peer) on the same checks; peak memory from /usr/bin/time.
# Sizes: BENCH_SALES (default 1000000) lines, BENCH_PARTNERS (100000).
set -eu
cd "$(dirname "$0")/.."
VERDICT=${VERDICT:-build/verdict}
SALES=${BENCH_SALES:-1000000}
PARTNERS=${BENCH_PARTNERS:-100000}
DATA=bench/data/$SALES-$PARTNERS
BT=$PWD/build
mkdir -p "$DATA" build
cc -O2 -o build/bench-gen bench/gen.c
[ -f "$DATA/sales.csv" ] || build/bench-gen "$DATA" "$SALES" "$PARTNERS"
echo "bundle: $DATA ($SALES sales lines, $PARTNERS partners and tenants, $(du -sh "$DATA" | cut -f1))"

# best (lowest) wall time of REPEAT runs (default 3), and the peak RSS
measure() { # label, command...
	label=$1
	shift
	best=""
	peak=0
	i=0
	while [ "$i" -lt "${REPEAT:-3}" ]; do
		/usr/bin/time -f "%e %M" -o "$BT/bench-time" "$@" >/dev/null 2>"$BT/bench-err" || {
			st=$?
			[ "$st" -le 1 ] || { cat "$BT/bench-err"; exit 1; }
		}
		read -r secs kb <"$BT/bench-time"
		if [ -z "$best" ] || [ "$(echo "$secs < $best" | bc)" -eq 1 ]; then best=$secs; fi
		[ "$kb" -gt "$peak" ] && peak=$kb
		i=$((i + 1))
	done
	printf '%-46s %7.2f s %6d MB\n' "$label" "$best" "$((peak / 1024))"
}

run() { # label, rule files...
	label=$1
	shift
	measure "$label" "$VERDICT" run -q "$@" -d "$DATA" -o build/bench-out --format csv \
		--as-of 2026-11-25 --fail-on never
}
measure "verdict inspect: load only" "$VERDICT" inspect -q -r bench/datasets.rules -d "$DATA"
measure "verdict run: load + one-pass scan rule" "$VERDICT" run -q -r bench/scan.rules -d "$DATA" \
	-o build/bench-out --format csv --as-of 2026-11-25 --fail-on never
run "verdict run: load + 3 joins, no findings" -r bench/join-quiet.rules
run "verdict run: load + 3-join resale rule" -r bench/join.rules
run "verdict run: load + count subquery rule" -r bench/count.rules
run "verdict run: load + join + count (csv)" -r bench/join.rules -r bench/count.rules
measure "verdict run: load + join + count (csv+html)" "$VERDICT" run -q -r bench/join.rules -r bench/count.rules \
	-d "$DATA" -o build/bench-out --as-of 2026-11-25 --fail-on never
echo "verdict findings: $(grep -c ',BENCH-RESALE,' build/bench-out/findings.csv) resale," \
	"$(grep -c ',BENCH-COUNT,' build/bench-out/findings.csv) count"
echo "phases (--timings, one thread):"
for r in scan join-quiet join; do
	"$VERDICT" run -q --timings --threads 1 -r "bench/$r.rules" -d "$DATA" -o build/bench-out --format csv \
		--as-of 2026-11-25 --fail-on never 2>&1 | grep -E 'loaded|evaluated' | sed "s/^verdict:/  $r:/"
done
if command -v sqlite3 >/dev/null; then
	rm -f build/bench.db
	top=$PWD
	(cd "$DATA" && mkdir -p "$top/build" && REPEAT=1 measure "sqlite3 3: import + index + same queries" \
		sh -c "rm -f '$top/build/bench.db' && sqlite3 '$top/build/bench.db' '.read $top/bench/bench.sql'")
	(cd "$DATA" && rm -f "$top/build/bench.db" && sqlite3 "$top/build/bench.db" ".read $top/bench/bench.sql" | tail -1)
	rm -f build/bench.db
else
	echo "sqlite3 not installed: apt-get install sqlite3 for the peer figures"
fi
