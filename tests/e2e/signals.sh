#!/bin/sh
# SIGTERM and SIGINT at chosen points of a run (tests/e2e/signals/killat.c
# sends the signal when a file reaches a size: no timing assertions), and
# a full disk (a small tmpfs, when running as root).  After each, the
# exit status is 128+N (or 3 for the full disk), no temporary is left,
# and the previous run's outputs are all still in place: `latest` names
# the same run and every file equals the previous run's.
set -u
tmp=$(mktemp -d)
trap 'umount "$tmp/full" 2>/dev/null; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export SOURCE_DATE_EPOCH=1764032400
cc -O2 -o "$tmp/gen" bench/gen.c || fail "cannot build bench/gen.c"
cc -O2 -o "$tmp/killat" tests/e2e/signals/killat.c || fail "cannot build killat.c"
mkdir "$tmp/data" "$tmp/small"
"$tmp/gen" "$tmp/data" 100000 --profile stress >/dev/null || fail "generator"
out="$tmp/out"
run_args() { echo run -q -r rules/csp -d "$1" -o "$2" --as-of 2026-11-25 --fail-on never --html-limit 1000000; }
# the previous night: a small input, so that a new set is easy to tell apart
"$tmp/gen" "$tmp/small" 2000 >/dev/null || fail "generator (small)"
"$VERDICT" $(run_args "$tmp/small" "$out") >/dev/null 2>"$tmp/err" || fail "first run: $(cat "$tmp/err")"
prev=$(readlink "$out/latest")
mkdir "$tmp/prev"
for f in findings.csv summary.csv report.html manifest.json; do cp "$out/$f" "$tmp/prev/$f" || fail "no $f"; done

# intact NAME: the previous outputs are all in place, nothing temporary left
intact() {
	[ "$(readlink "$out/latest")" = "$prev" ] || fail "$1: latest now names $(readlink "$out/latest"), not $prev"
	for f in findings.csv summary.csv report.html manifest.json; do
		cmp -s "$out/$f" "$tmp/prev/$f" || fail "$1: $f is not the previous run's"
	done
	left=$(find "$out" -name '.verdict-tmp-*' | head -3)
	[ -z "$left" ] || fail "$1: temporaries left: $left"
	[ "$(ls "$out/runs")" = "$runs_before" ] || fail "$1: runs/ holds $(ls "$out/runs" | tr '\n' ' ')"
}

# whole_new NAME: the signal came during the final switch (signals are
# held there), so the new set replaced the old one: it must be whole
whole_new() {
	tail -n 1 "$out/report.html" | grep -q '</html>' || fail "$1: report.html of the new set incomplete"
	grep -q "\"run_id\": \"$(head -n 2 "$out/findings.csv" | tail -n 1 | cut -d, -f1)\"" "$out/manifest.json" ||
		fail "$1: findings.csv and manifest.json are of different runs"
	left=$(find "$out" -name '.verdict-tmp-*' | head -3)
	[ -z "$left" ] || fail "$1: temporaries left: $left"
	echo "note: $1: the signal arrived during the final switch; the new set is whole"
	prev=$(readlink "$out/latest")
	for f in findings.csv summary.csv report.html manifest.json; do cp "$out/$f" "$tmp/prev/$f"; done
}

# point SIGNAL PATH MINSIZE [late]: interrupt a run over the large input;
# with "late" the signal may land in the final switch (whole_new)
hits=0
point() {
	name=$1 sig=$2 path=$3 min=$4 late=${5:-}
	runs_before=$(ls "$out/runs")
	res=$("$tmp/killat" "$sig" "$path" "$min" "$VERDICT" $(run_args "$tmp/data" "$out") 2>"$tmp/err")
	case $res in
	"hit $((128 + sig))") hits=$((hits + 1))
		if [ -n "$late" ] && [ "$(readlink "$out/latest")" != "$prev" ]; then
			whole_new "$name"
		else
			intact "$name"
		fi ;;
	"missed "*) echo "note: $name: the run ended before the signal ($res)"
		# it replaced the set: make it the previous run for the next point
		prev=$(readlink "$out/latest")
		for f in findings.csv summary.csv report.html manifest.json; do cp "$out/$f" "$tmp/prev/$f"; done ;;
	*) fail "$name: $res, expected exit $((128 + sig)): $(cat "$tmp/err")" ;;
	esac
}
tdir="$out/runs/.verdict-tmp-%d"
# while the data is read (the run directory exists from the start of output)
point "SIGTERM while loading" 15 "$tmp/data/sales.csv" 0
# while findings.csv is streamed
point "SIGINT while findings.csv is written" 2 "$tdir/.verdict-tmp-%d-findings.csv" 1000000
# while report.html is written (it is assembled at the end)
point "SIGTERM while report.html is written" 15 "$tdir/.verdict-tmp-%d-report.html" 1000000
# report.html complete in the run directory, manifest.json not yet
point "SIGTERM after report.html" 15 "$tdir/report.html" 1 late
[ "$hits" -ge 3 ] || fail "only $hits of 4 signals arrived during the run"

# a full run after the interruptions replaces the set
"$VERDICT" $(run_args "$tmp/data" "$out") >/dev/null 2>"$tmp/err" || fail "full run: $(cat "$tmp/err")"
[ "$(readlink "$out/latest")" != "$prev" ] || fail "the full run did not switch latest"
tail -n 1 "$out/report.html" | grep -q '</html>' || fail "report.html incomplete"
grep -q "\"run_id\": \"$(head -n 2 "$out/findings.csv" | tail -n 1 | cut -d, -f1)\"" "$out/manifest.json" ||
	fail "findings.csv and manifest.json are of different runs"

# a full disk: exit 3, one message, the previous outputs intact
if [ "$(id -u)" != 0 ]; then
	echo "note: not root: the full-disk case (tmpfs) is skipped"
	exit 0
fi
mkdir "$tmp/full"
if ! mount -t tmpfs -o size=2m tmpfs "$tmp/full" 2>/dev/null; then
	echo "note: cannot mount a tmpfs: the full-disk case is skipped"
	exit 0
fi
out="$tmp/full/out"
"$VERDICT" $(run_args "$tmp/small" "$out") >/dev/null 2>"$tmp/err" || fail "small run on tmpfs: $(cat "$tmp/err")"
prev=$(readlink "$out/latest")
runs_before=$(ls "$out/runs")
for f in findings.csv summary.csv report.html manifest.json; do cp "$out/$f" "$tmp/prev/$f"; done
"$VERDICT" $(run_args "$tmp/data" "$out") >/dev/null 2>"$tmp/err"
rc=$?
[ "$rc" = 3 ] || fail "full disk: exit $rc, expected 3: $(cat "$tmp/err")"
n=$(grep -c 'No space left on device' "$tmp/err")
[ "$n" = 1 ] || fail "full disk: $n messages about the full disk, expected 1: $(cat "$tmp/err")"
grep -q "outputs not replaced; the previous run's are still in place" "$tmp/err" || fail "full disk: no summary: $(cat "$tmp/err")"
[ "$(wc -l <"$tmp/err")" = 2 ] || fail "full disk: expected two lines: $(cat "$tmp/err")"
intact "full disk"
exit 0
