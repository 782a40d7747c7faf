#!/bin/sh
# The hash key (util/hash.h) changes nothing in the outputs: two runs with
# different VERDICT_HASH_SEED values, on one thread and on three, write
# byte-identical files; a seed that is not a number is a warning only.
set -u
here=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export SOURCE_DATE_EPOCH=1764032400
run() { # name, seed, threads, rules, data
	VERDICT_HASH_SEED=$2 "$VERDICT" run -q -r "$4" -d "$5" -o "$tmp/$1" --as-of 2026-11-25 \
		--threads "$3" --format csv,json >/dev/null 2>"$tmp/$1.err"
	[ $? -le 1 ] || { cat "$tmp/$1.err"; fail "$1: run failed"; }
}
for pack in lang csp; do
	case $pack in
	lang) rules=$here/lang/lang.rules data=$here/lang/data ;;
	csp) rules=rules/csp data=fixtures/csp ;;
	esac
	run "$pack-1" 1 1 "$rules" "$data"
	run "$pack-2" 0xdeadbeefcafef00d 3 "$rules" "$data"
	run "$pack-3" 12345 1 "$rules" "$data"
	for f in findings.csv summary.csv findings.jsonl; do
		cmp -s "$tmp/$pack-1/$f" "$tmp/$pack-2/$f" || fail "$pack: $f differs between two hash seeds"
		cmp -s "$tmp/$pack-1/$f" "$tmp/$pack-3/$f" || fail "$pack: $f differs between two hash seeds"
	done
done
run bad not-a-number 1 "$here/lang/lang.rules" "$here/lang/data"
grep -q 'VERDICT_HASH_SEED=not-a-number is not a 64-bit number' "$tmp/bad.err" || fail "no warning for a bad seed"
cmp -s "$tmp/lang-1/findings.csv" "$tmp/bad/findings.csv" || fail "findings differ with a random seed"
exit 0
