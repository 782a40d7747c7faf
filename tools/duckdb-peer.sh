#!/bin/sh
# tools/duckdb-peer.sh - installs DuckDB's Node.js client, pinned, under
# build/peers/duckdb (git-ignored) when it is missing, and checks that it
# runs.  Used by tests/e2e/sql.sh and bench/run.sh; both run SQL on it with
# a small script (tests/e2e/sql/duckdb.js, bench/duckdb.js).  Needs node and
# npm (Debian's nodejs and npm).  Exit 1, with npm's log, when it cannot.
#
#   sh tools/duckdb-peer.sh [DIR]     (default build/peers/duckdb)
DUCKDB_NODE_API=1.5.6-r.1     # works on Node 20 and glibc 2.36 (Debian 12)
peers=${1:-build/peers/duckdb}
command -v node >/dev/null && command -v npm >/dev/null || { echo "node and npm are needed for DuckDB" >&2; exit 1; }
if ! grep -q "\"version\": \"$DUCKDB_NODE_API\"" "$peers/node_modules/@duckdb/node-api/package.json" 2>/dev/null; then
	mkdir -p "$peers" && { [ -f "$peers/package.json" ] || echo '{"private": true}' >"$peers/package.json"; }
	log=$(cd "$peers" && npm install --no-audit --no-fund --no-save --silent "@duckdb/node-api@$DUCKDB_NODE_API" 2>&1) ||
		{ printf '%s\n' "$log" >&2; exit 1; }
fi
cd "$peers" && node -e "require('@duckdb/node-api')" 2>&1 >/dev/null || exit 1
