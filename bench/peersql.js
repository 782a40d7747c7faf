// The rewrites make bench applies to the SQL of `verdict sql` before
// a peer runs it, so that the peers are measured on the SQL a data team
// would write for the same rules (docs/benchmarks.md, "Peers"):
//
// 1. DECIMAL(38,6) casts become DECIMAL(18,6) (duckdb only, --duckdb):
// DuckDB 1.5 parses text into a 128-bit DECIMAL(38,6) about 40 times
// slower than into DECIMAL(18,6) (64-bit).  Exact for |value| < 10^12;
// the generated amounts stay below 10^5.
//
// 2. The pack's self_id(), the uncorrelated scalar subquery (SELECT
// MIN(PartnerId) FROM partners WHERE IsSelf = TRUE), is computed once into
// a variable before the findings query (duckdb only, --decimal18 too):
// inside a join key DuckDB cannot hash-join on it and loops over every pair
// (CSP-REGION-001 took 61 s of the findings query at 1M lines, 0.5 s after).
//
// 3. `COALESCE(p, FALSE)` becomes `p` where p is a conjunct of a WHERE
// or ON clause: there a NULL condition drops the row just as FALSE does,
// so the result is the same, and DuckDB and SQLite can then plan the
// equalities as hash joins (DuckDB) or automatic indexes (SQLite) instead
// of nested loops over every pair of rows.  `verdict sql` wraps every
// comparison so that NOT and OR see two-valued logic; only the conjuncts
// the scan below proves safe are unwrapped: at the clause's top level
// (through grouping parentheses), with no OR, NOT, CASE or comma at that
// level of the clause.  docs/benchmarks.md says why the bench needs it.
// usage: node peersql.js [--duckdb] IN.sql >OUT.sql   (counts to stderr)
'use strict';
const fs = require('fs');

function tokens(s) {
	const re = /\s+|'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|[A-Za-z_][A-Za-z_0-9]*|\d+(?:\.\d+)?|<=|>=|<>|!=|\|\||[^\s]/g;
	const out = [];
	let m;
	while ((m = re.exec(s)))
		out.push(m[0]);
	return out;
}

const blank = (t) => /^\s/.test(t) || t.startsWith('--');
const word = (t) => t.toUpperCase();
const CLAUSE = new Set(['WHERE', 'ON']);
const BAD = new Set(['OR', 'NOT', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'BETWEEN', 'SELECT', ',', 'HAVING']);
const END = new Set(['LEFT', 'RIGHT', 'INNER', 'JOIN', 'WHERE', 'GROUP', 'ORDER', 'LIMIT', 'UNION', ';', ')']);

function main() {
	const args = process.argv.slice(2);
	const duck = args[0] === '--duckdb';
	let sql = fs.readFileSync(args[duck ? 1 : 0], 'utf8');
	let ndec = 0, nself = 0;
	if (duck) {
		sql = sql.replace(/ AS DECIMAL\(38,6\)\)/g, () => (ndec++, ' AS DECIMAL(18,6))'));
		// verdict sql prints the subquery's WHERE bare (top_cond), older ones wrapped it
		sql = sql.replace(/\(SELECT MIN\("(v\d+)"\."PartnerId"\) FROM "partners" AS "\1" WHERE (?:COALESCE\("\1"\."IsSelf" = TRUE, FALSE\)|"\1"\."IsSelf" = TRUE)\)/g,
			() => (nself++, "getvariable('verdict_self_id')"));
		if (nself)
			sql = sql.replace(/^-- findings$/m, 'SET VARIABLE verdict_self_id = ' +
				'(SELECT MIN("PartnerId") FROM "partners" WHERE COALESCE("IsSelf" = TRUE, FALSE));\n\n-- findings');
	}
	const t = tokens(sql);
	const match = new Array(t.length).fill(-1);
	const stack = [];
	t.forEach((x, i) => {
		if (x === '(')
			stack.push(i);
		else if (x === ')' && stack.length)
			match[(match[i] = stack.pop())] = i;
	});
	const prev = (i) => { do i--; while (i >= 0 && blank(t[i])); return i; };
	const next = (i) => { do i++; while (i < t.length && blank(t[i])); return i; };

	// COALESCE at i, its '(' at o: the index of its ", FALSE" comma, or -1
	function falseArg(o) {
		const c = match[o];
		const f = prev(c), comma = prev(f);
		if (c < 0 || word(t[f]) !== 'FALSE' || t[comma] !== ',')
			return -1;
		for (let j = o + 1; j < comma; j++) {
			if (t[j] === '(')
				j = match[j];
			else if (t[j] === ',')
				return -1;
		}
		return comma;
	}

	// is the expression t[a..b] a top-level conjunct of a WHERE or ON?
	function conjunct(a, b) {
		let n = next(b);
		while (n < t.length && !END.has(word(t[n]))) {
			if (BAD.has(word(t[n])))
				return false;
			n = t[n] === '(' ? next(match[n]) : next(n);
		}
		let p = prev(a);
		for (;;) {
			if (p < 0)
				return false;
			const w = word(t[p]);
			if (CLAUSE.has(w))
				return true;
			if (t[p] === '(') { // a grouping parenthesis: the group is the conjunct
				const q = prev(p);
				if (q < 0 || !(CLAUSE.has(word(t[q])) || word(t[q]) === 'AND' || t[q] === '('))
					return false;
				for (n = next(match[p]); n < t.length && !END.has(word(t[n])); n = t[n] === '(' ? next(match[n]) : next(n))
					if (BAD.has(word(t[n])))
						return false;
				p = q;
				continue;
			}
			if (w === 'AND') {
				p = prev(p);
				continue;
			}
			if (BAD.has(w))
				return false;
			p = t[p] === ')' ? prev(match[p]) : prev(p);
		}
	}

	const drop = new Set();
	let count = 0;
	for (let i = 0; i < t.length; i++) {
		if (word(t[i]) !== 'COALESCE')
			continue;
		const o = next(i);
		if (t[o] !== '(')
			continue;
		const comma = falseArg(o);
		if (comma < 0 || !conjunct(i, match[o]))
			continue;
		// keep "(p)": drop COALESCE and ", FALSE"
		drop.add(i);
		for (let j = comma; j < match[o]; j++)
			drop.add(j);
		count++;
	}
	process.stdout.write(t.filter((x, i) => !drop.has(i)).join(''));
	process.stderr.write(`peersql: ${ndec} DECIMAL(38,6) casts made DECIMAL(18,6), ` +
		`${nself} self_id() subqueries made a variable, ${count} COALESCE(..., FALSE) conjuncts unwrapped\n`);
}

main();
