// Runs a SQL script on DuckDB (@duckdb/node-api) and prints the last
// statement's result as CSV (RFC 4180, a header, null as an empty cell).
// usage: node duckdb.js PEERS_DIR SCRIPT.sql
//        node duckdb.js PEERS_DIR SCRIPT.sql OUT.csv [SCRIPT.sql OUT.csv]...
//        (each script on a fresh in-memory database, its result in OUT.csv:
//        one process for many small scripts; written by COPY ... TO)
// PEERS_DIR holds node_modules/@duckdb/node-api (tests/e2e/sql.sh installs it).
'use strict';
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');

// with out, a verdict sql script's query (after "-- findings") is written
// by DuckDB's own CSV writer (COPY ... TO), much faster on large results
async function run(DuckDBInstance, script, out) {
	const db = await DuckDBInstance.create(':memory:');
	const con = await db.connect();
	let text = fs.readFileSync(script, 'utf8');
	const mark = text.indexOf('\n-- findings\n');
	if (out && mark >= 0) {
		const query = text.slice(mark).trim().replace(/;$/, '');
		text = text.slice(0, mark) + '\nCOPY (' + query + ') TO ' + "'" + out.replace(/'/g, "''") + "'" +
			' (HEADER, DELIMITER \',\', QUOTE \'"\', ESCAPE \'"\');\n';
		const stmts = await con.extractStatements(text);
		for (let i = 0; i < stmts.count; i++)
			await (await stmts.prepare(i)).run();
		con.closeSync();
		return null;
	}
	const stmts = await con.extractStatements(text);
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
	const lines = [res.columnNames().map(cell).join(",")];
	for (const row of res.getRows())
		lines.push(row.map(cell).join(","));
	con.closeSync();
	return lines.join("\n") + "\n";
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
			const csv = await run(DuckDBInstance, scripts[i], scripts[i + 1]);
			if (csv !== null)
				fs.writeFileSync(scripts[i + 1], csv);
		} catch (e) {
			throw new Error(scripts[i] + ': ' + (e && e.message ? e.message : e));
		}
	}
}

main().catch((e) => {
	process.stderr.write(String(e && e.message ? e.message : e) + '\n');
	process.exit(1);
});
