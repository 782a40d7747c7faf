#!/bin/sh
# The hostile-input corpus (issue 14; index: tests/hostile/README.md).
# Each case is a directory tests/hostile/NAME/ holding:
#   cmd               shell commands run with sh in a scratch directory W
#                     (the current directory); its stdout, stderr and exit
#                     status are the case's.  $VERDICT, $CASE (the case's
#                     directory, absolute) and $W are set; outputs go to o/.
#   setup             optional: shell commands run in W first (inputs
#                     generated at test time, a previous run); must succeed
#   expected-exit     the exit status
#   expected-stderr   stderr, with W and CASE written as "W" and "CASE"
#                     (absent: stderr must be empty)
#   expected-stdout   optional: stdout, normalized the same way
#   normalize         optional: a sed script applied to both after that
#                     (figures that depend on the machine)
#   expected-counts   optional: one line per dataset, "DATASET PHYSICAL
#                     LOADED REJECTED SWALLOWED [UNREAD]" (PHYSICAL: the
#                     records in the file; UNREAD: those after an input
#                     error, which stops reading); checked against
#                     o/manifest.json, with rows_read = LOADED + REJECTED
#                     and PHYSICAL = LOADED + REJECTED + SWALLOWED + UNREAD;
#                     UNREAD > 0 only with the input error in the manifest
#   secret            optional: a string that must appear in no output
#                     (stdout, stderr, every file under o/), e.g. the
#                     contents of the file an XXE points at
#   check             optional: more assertions, run with sh in W after
#                     the command (output files, sizes, encodings)
# After every case: no temporary (.verdict-tmp-*) is left under o/.
# Usage: VERDICT=build/verdict sh tests/hostile/run.sh [NAME...]
# UPDATE=1 rewrites expected-exit/-stderr/-stdout from this run (review
# the diff).  Prints one line per failing case (every case with V=1),
# then "hostile: N passed, N failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
VERDICT=$(cd "$(dirname "${VERDICT:-build/verdict}")" && pwd)/$(basename "${VERDICT:-build/verdict}")
export VERDICT
export SOURCE_DATE_EPOCH=1764032400
passed=0
failed=0

norm() {
	if [ -f "$CASE/normalize" ]; then
		sed -e "s|$W|W|g" -e "s|$CASE|CASE|g" "$1" | sed -f "$CASE/normalize"
	else
		sed -e "s|$W|W|g" -e "s|$CASE|CASE|g" "$1"
	fi
}

# expected file $1 against got file $2 (normalized); a missing expected
# file means empty
same() {
	norm "$2" >"$W/.norm"
	if [ "${UPDATE:-}" = 1 ]; then
		if [ -s "$W/.norm" ] || [ -f "$1" ]; then cp "$W/.norm" "$1"; fi
		return 0
	fi
	if [ -f "$1" ]; then
		diff -u "$1" "$W/.norm" >"$W/.diff" 2>&1 || { why="$(basename "$1") differs:
$(cat "$W/.diff")"; return 1; }
	elif [ -s "$W/.norm" ]; then
		why="unexpected output: $(head -c 2000 "$W/.norm")"
		return 1
	fi
	return 0
}

# DATASET's inputs entry of o/manifest.json: "READ LOADED REJECTED SWALLOWED"
manifest_counts() {
	grep "\"dataset\": \"$1\"" "$W/o/manifest.json" | head -1 | sed -n \
	  's/.*"rows_read": \([0-9]*\), "rows_loaded": \([0-9]*\), "rows_rejected": \([0-9]*\)\(, "rows_swallowed": \([0-9]*\)\)\{0,1\}.*/\1 \2 \3 \5/p'
}

counts() {
	[ -f "$W/o/manifest.json" ] || { why="no o/manifest.json"; return 1; }
	while read -r ds phys loaded rejected swallowed unread; do
		unread=${unread:-0}
		set -- $(manifest_counts "$ds")
		[ $# -ge 3 ] || { why="$ds: not in manifest.json"; return 1; }
		r=$1 l=$2 j=$3 s=${4:-0}
		[ "$l $j $s" = "$loaded $rejected $swallowed" ] ||
			{ why="$ds: loaded rejected swallowed are $l $j $s, expected $loaded $rejected $swallowed"; return 1; }
		[ "$r" -eq $((l + j)) ] || { why="$ds: rows_read $r != loaded $l + rejected $j"; return 1; }
		[ "$phys" -eq $((l + j + s + unread)) ] ||
			{ why="$ds: $phys physical records != $l loaded + $j rejected + $s swallowed + $unread unread"; return 1; }
		if [ "$unread" -gt 0 ] && grep "\"dataset\": \"$ds\"" "$W/o/manifest.json" | grep -q '"input_error": null'; then
			why="$ds: $unread records unread without an input error"
			return 1
		fi
	done <"$CASE/expected-counts"
}

no_leak() {
	s=$(cat "$CASE/secret")
	for f in "$W/.stdout" "$W/.stderr" $(find "$W/o" -type f 2>/dev/null); do
		if grep -qF -- "$s" "$f"; then why="the secret leaked into $f"; return 1; fi
	done
}

run_case() {
	CASE=$1
	W=$(mktemp -d)
	export CASE W
	why=""
	ok=1
	if [ -f "$CASE/setup" ] && ! (cd "$W" && sh "$CASE/setup") >"$W/.setup" 2>&1; then
		why="setup failed: $(cat "$W/.setup")"
		ok=0
	fi
	if [ $ok = 1 ]; then
		(cd "$W" && timeout 120 sh "$CASE/cmd") >"$W/.stdout" 2>"$W/.stderr"
		rc=$?
		if [ "${UPDATE:-}" = 1 ]; then echo "$rc" >"$CASE/expected-exit"; fi
		if [ "$rc" != "$(cat "$CASE/expected-exit")" ]; then
			why="exit status $rc, expected $(cat "$CASE/expected-exit"); stderr: $(head -c 2000 "$W/.stderr")"
			ok=0
		fi
	fi
	[ $ok = 0 ] || same "$CASE/expected-stderr" "$W/.stderr" || ok=0
	if [ $ok = 1 ] && { [ -f "$CASE/expected-stdout" ] || [ "${UPDATE:-}" = 1 ]; }; then
		same "$CASE/expected-stdout" "$W/.stdout" || ok=0
	fi
	[ $ok = 0 ] || [ ! -f "$CASE/expected-counts" ] || counts || ok=0
	[ $ok = 0 ] || [ ! -f "$CASE/secret" ] || no_leak || ok=0
	if [ $ok = 1 ] && [ -d "$W/o" ] && [ -n "$(find "$W/o" -name '.verdict-tmp-*' 2>/dev/null)" ]; then
		why="temporaries left: $(find "$W/o" -name '.verdict-tmp-*')"
		ok=0
	fi
	if [ $ok = 1 ] && [ -f "$CASE/check" ] && ! (cd "$W" && sh "$CASE/check") >"$W/.check" 2>&1; then
		why="check failed: $(cat "$W/.check")"
		ok=0
	fi
	name=$(basename "$CASE")
	if [ $ok = 1 ]; then
		passed=$((passed + 1))
		[ "${V:-}" = 1 ] && echo "[ hostile PASS ] $name"
	else
		failed=$((failed + 1))
		printf '%s\n' "$why"
		echo "[ hostile FAIL ] $name"
	fi
	rm -rf "$W"
}

if [ $# -gt 0 ]; then
	for n in "$@"; do run_case "$here/${n%/}"; done
else
	for d in "$here"/*/; do
		[ -f "$d/cmd" ] && run_case "${d%/}"
	done
fi
echo "hostile: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
