#!/bin/sh
# verdict sql, differentially: for each case, `verdict run` on the exports
# and the SQL of `verdict sql` over `verdict convert`'s CSVs must give the
# same sorted (rule_id, record_key, source_line, message, evidence,
# fingerprint).  Executed here: sqlite (Debian's sqlite3 shell; its
# fingerprints are hashed client-side, as README "Scaling out" says) and
# postgres (when Debian's server binaries are installed: a cluster in a
# temporary directory on a Unix socket, started and stopped by this test).
# Cases: tests/e2e/lang (the spec's rules) and rules/csp on fixtures/csp.
set -u
here=$(dirname "$0")
tmp=$(mktemp -d)
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
pg_up=
cleanup() {
	[ -n "$pg_up" ] && pg "$pgbin/pg_ctl" -D "$tmp/pg" -m immediate stop >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
command -v sqlite3 >/dev/null || fail "sqlite3 is not installed (tools/deps.sh installs it)"
export SOURCE_DATE_EPOCH=1764032400

# the comparable rows of a findings CSV (rule findings only), sorted, one per line
rows() { # csv out
	sqlite3 -batch :memory: \
		".import --csv '$1' f" \
		".mode quote" \
		"SELECT rule_id, record_key, CAST(source_line AS INTEGER), message, evidence, fingerprint FROM f
		 WHERE rule_id NOT LIKE 'DQ-%' ORDER BY 1, 2, 3, 4, 5, 6;" >"$2"
}

# replaces sqlite's 'sha256:HEX' fingerprints by the first 16 hex digits of SHA-256
hash_client() { # in.csv out.csv
	sqlite3 -batch -noheader :memory: ".import --csv '$1' f" \
		"SELECT DISTINCT substr(fingerprint, 8) FROM f WHERE fingerprint LIKE 'sha256:%';" |
	while IFS= read -r hex; do
		printf '%s,%s\n' "$hex" "$(printf '%s' "$hex" | xxd -r -p | sha256sum | cut -c1-16)"
	done >"$tmp/map.csv"
	sqlite3 -batch -csv -header :memory: ".import --csv '$1' f" \
		"CREATE TABLE m(hex TEXT, fp TEXT);" ".import --csv '$tmp/map.csv' m" \
		"SELECT rule_id, severity, dataset, record_key, source_file, source_line, message, evidence,
		        COALESCE((SELECT fp FROM m WHERE 'sha256:' || m.hex = f.fingerprint), f.fingerprint) AS fingerprint
		 FROM f;" >"$2"
}

# the server refuses to run as root: then as Debian's postgres user
pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_start() {
	[ -n "$pgbin" ] && [ -x "$pgbin/initdb" ] || return 1
	mkdir -p "$tmp/pg" "$tmp/pgsock"
	chmod 755 "$tmp"
	[ "$(id -u)" = 0 ] && chown postgres "$tmp/pg" "$tmp/pgsock"
	pg "$pgbin/initdb" -D "$tmp/pg" -A trust -U verdict --no-locale -E UTF8 >"$tmp/pg.log" 2>&1 ||
		{ cat "$tmp/pg.log"; fail "initdb failed"; }
	pg "$pgbin/pg_ctl" -D "$tmp/pg" -o "-k $tmp/pgsock -c listen_addresses= -F" -l "$tmp/pgsock/log" -w start \
		>/dev/null 2>&1 || { cat "$tmp/pgsock/log"; fail "postgres did not start"; }
	pg_up=1
}

covered=""
case_() { # name rules data as-of [params...]
	name=$1 rules=$2 data=$3 asof=$4
	shift 4
	d=$tmp/$name
	mkdir -p "$d"
	"$VERDICT" run -q --csv-raw --format csv -r "$rules" -d "$data" -o "$d/native" --as-of "$asof" "$@" >/dev/null 2>"$d/run.err"
	[ $? -le 2 ] || { cat "$d/run.err"; fail "$name: verdict run"; }
	rows "$d/native/findings.csv" "$d/native.rows"
	"$VERDICT" convert -q -r "$rules" -d "$data" -o "$d/conv" 2>"$d/conv.err"
	[ $? -le 2 ] || { cat "$d/conv.err"; fail "$name: verdict convert"; }
	for dialect in sqlite postgres; do
		[ $dialect = postgres ] && [ -z "$pg_up" ] && continue
		"$VERDICT" sql --dialect $dialect -r "$rules" -d "$d/conv" --as-of "$asof" "$@" >"$d/$dialect.sql" ||
			fail "$name: verdict sql --dialect $dialect"
		case $dialect in
		sqlite)
			sqlite3 -batch -bail -csv -header :memory: <"$d/sqlite.sql" >"$d/sqlite.raw" 2>"$d/sqlite.err" ||
				{ cat "$d/sqlite.err"; fail "$name: sqlite3 rejected the script"; }
			hash_client "$d/sqlite.raw" "$d/sqlite.csv" ;;
		postgres)
			psql -X -q -v ON_ERROR_STOP=1 -h "$tmp/pgsock" -U verdict -d postgres --csv -f "$d/postgres.sql" \
				>"$d/postgres.csv" 2>"$d/postgres.err" ||
				{ cat "$d/postgres.err"; fail "$name: psql rejected the script"; } ;;
		esac
		rows "$d/$dialect.csv" "$d/$dialect.rows"
		diff -u "$d/native.rows" "$d/$dialect.rows" >"$d/diff" ||
			{ cat "$d/diff"; fail "$name: $dialect differs from verdict run"; }
		n=$(wc -l <"$d/native.rows")
		covered="$covered $name/$dialect($n)"
	done
}

pg_start || echo "note: PostgreSQL server binaries not found: postgres only generated"
case_ lang "$here/lang/lang.rules" "$here/lang/data" 2026-11-25
case_ csp rules/csp fixtures/csp 2026-11-25
echo "sql: verdict run = generated SQL on:$covered"
exit 0
