// The DuckDB peer of make bench: runs a script of `verdict sql --dialect
// duckdb` (or bench/duckdb-raw.js's rewrite of it) on THREADS threads and
// writes the findings query's rows to OUT.csv with COPY, as a job would.
// Prints to stderr how long loading (the statements before "-- findings")
// and the findings query took.
// usage: node duckdb.js PEERS_DIR SCRIPT.sql OUT.csv THREADS
// PEERS_DIR holds node_modules/@duckdb/node-api (tools/duckdb-peer.sh).
'use strict';
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');

async function main() {
	const [peers, script, out, threads] = process.argv.slice(2);
	if (!threads)
		throw new Error('usage: node duckdb.js PEERS_DIR SCRIPT.sql OUT.csv THREADS');
	const { DuckDBInstance } = createRequire(path.resolve(peers, 'package.json'))('@duckdb/node-api');
	const text = fs.readFileSync(script, 'utf8');
	const at = text.search(/^-- findings$/m);
	if (at < 0)
		throw new Error(script + ': no "-- findings" line (not a verdict sql script?)');
	const findings = text.slice(at).replace(/;\s*$/, '');
	const t0 = process.hrtime.bigint();
	// spills (past DuckDB's memory limit, 80% of RAM) go next to OUT, not to ./.tmp
	const db = await DuckDBInstance.create(':memory:', {
		threads: String(threads),
		temp_directory: path.join(path.dirname(path.resolve(out)), 'duckdb.tmp'),
	});
	const con = await db.connect();
	const stmts = await con.extractStatements(text.slice(0, at));
	for (let i = 0; i < stmts.count; i++)
		await (await stmts.prepare(i)).run();
	const t1 = process.hrtime.bigint();
	await con.run("COPY (" + findings + ") TO '" + out.replace(/'/g, "''") + "' (FORMAT csv, HEADER)");
	const t2 = process.hrtime.bigint();
	const s = (a, b) => (Number(b - a) / 1e9).toFixed(3);
	process.stderr.write(`duckdb: load ${s(t0, t1)} s, findings query and COPY ${s(t1, t2)} s, threads ${threads}\n`);
}

main().catch((e) => {
	process.stderr.write(String(e && e.message ? e.message : e) + '\n');
	process.exit(1);
});
