// Runs a SQL script on DuckDB (@duckdb/node-api) and prints the last
// statement's result as CSV (RFC 4180, a header, null as an empty cell).
// usage: node duckdb.js PEERS_DIR SCRIPT.sql
//        node duckdb.js PEERS_DIR SCRIPT.sql OUT.csv [SCRIPT.sql OUT.csv]...
//        (each script on a fresh in-memory database, its result in OUT.csv:
//        one process for many small scripts)
// PEERS_DIR holds node_modules/@duckdb/node-api (tests/e2e/sql.sh installs it).
'use strict';
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');

async function run(DuckDBInstance, script) {
	const db = await DuckDBInstance.create(':memory:');
	const con = await db.connect();
	const stmts = await con.extractStatements(fs.readFileSync(script, 'utf8'));
	let res = null;
	for (let i = 0; i < stmts.count; i++)
		res = await (await stmts.prepare(i)).runAndReadAll();
	if (!res)
		throw new Error(script + ': the script has no statement');
	const cell = (v) => {
		if (v === null || v === undefined)
			return '';
		const s = String(v);
		return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
	};
	const out = [res.columnNames().map(cell).join(',')];
	for (const row of res.getRows())
		out.push(row.map(cell).join(','));
	con.closeSync();
	return out.join('\n') + '\n';
}

async function main() {
	const [peers, ...scripts] = process.argv.slice(2);
	const { DuckDBInstance } = createRequire(path.resolve(peers, 'package.json'))('@duckdb/node-api');
	if (scripts.length === 1) {
		process.stdout.write(await run(DuckDBInstance, scripts[0]));
		return;
	}
	for (let i = 0; i + 1 < scripts.length; i += 2) {
		try {
			fs.writeFileSync(scripts[i + 1], await run(DuckDBInstance, scripts[i]));
		} catch (e) {
			throw new Error(scripts[i] + ': ' + (e && e.message ? e.message : e));
		}
	}
}

main().catch((e) => {
	process.stderr.write(String(e && e.message ? e.message : e) + '\n');
	process.exit(1);
});
