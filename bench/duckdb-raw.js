// The issue's headline peer: DuckDB reading the raw export files.  Takes
// the script `verdict sql --dialect duckdb -r rules/csp` wrote for
// `verdict convert`'s output and replaces each CSV dataset's load
// statement (CREATE TEMP TABLE "raw_X" AS ... read_csv('CONV/X.csv') ...)
// by one that reads the raw file of the bundle into the same columns:
// __file, __line, __key, __ident, __null, then the declared fields as text.
// The typed tables and the rule queries after it stay as generated.  The
// XML dataset (relationships) keeps reading verdict convert's CSV: DuckDB
// reads no XML, so the bench converts it beforehand and times that apart.
//
// What it knows of the CSP pack (rules/csp/datasets.rules), written out
// here rather than parsed: each dataset's file, key and the aliases, null
// markers and US dates (M/D/YYYY) the generated bundle uses.  Headers are
// matched as verdict matches them: exactly, else ignoring case, spaces and
// underscores.  __line is the record's ordinal + 1 (the header is line 1),
// exact because bench/gen writes no record over two lines (bench/run.sh
// checks that); __ident of a keyless dataset (customer_partners, usage) is
// not verdict's row hash, but no finding's evidence names those rows.
// usage: node duckdb-raw.js SCRIPT.sql DATA_DIR XML_CONV_DIR >RAW.sql
// (XML_CONV_DIR: verdict convert's output for the relationships dataset alone)
'use strict';
const fs = require('fs');

const PACK = {
	partners: { file: 'partners.csv', key: ['PartnerId'] },
	tenants: { file: 'tenants.csv', key: ['TenantId'] },
	customers: { file: 'customers.csv', key: ['CustomerId'] },
	customer_clouds: { file: 'customers.csv', key: ['CustomerId'] },
	customer_partners: { file: 'customer_partners.csv', key: null },
	products: { file: 'products.csv', key: ['ProductId'] },
	sales: {
		file: 'sales.csv',
		key: ['InvoiceNumber', 'OrderId', 'SubscriptionId', 'ChargeType', 'ChargeStartDate', 'ProductId', 'SkuId'],
		at: { ResellerMpnId: ['ResellerMpnId', 'Tier2MpnId'], CustomerName: ['CustomerName', 'CustomerCompanyName'],
			ChargeStartDate: ['ChargeStartDate', 'OrderDate'] },
		nullIf: { ResellerMpnId: ['0', '-1'] },
		usDates: ['OrderDate', 'ChargeStartDate'],
	},
	usage: {
		file: 'usage.csv',
		key: null,
		at: { ResellerMpnId: ['ResellerMpnId', 'Tier2MpnId'], CustomerName: ['CustomerName', 'CustomerCompanyName'] },
		nullIf: { ResellerMpnId: ['0', '-1'] },
		usDates: ['UsageDate'],
	},
	admin_actions: { file: 'admin_actions.csv', key: ['OperationDate', 'UserPrincipalName', 'ResourceType', 'OperationType'] },
	user_roles: { file: 'user_roles.csv', key: ['UserPrincipalName'] },
};

const q = (s) => "'" + s.replace(/'/g, "''") + "'";
const id = (s) => '"' + s.replace(/"/g, '""') + '"';
const norm = (s) => s.toLowerCase().replace(/[ _]/g, '');

function header(file) {
	const fd = fs.openSync(file, 'r');
	const buf = Buffer.alloc(65536);
	const n = fs.readSync(fd, buf, 0, buf.length, 0);
	fs.closeSync(fd);
	let line = buf.slice(0, n).toString('utf8').split('\n')[0].replace(/\r$/, '').replace(/^\ufeff/, '');
	if (line.includes('"'))
		throw new Error(file + ': a quoted header is not handled here');
	return line.split(',');
}

// the file's column for a declared field, or null (then the field is null)
function column(cols, spec, field) {
	for (const name of (spec.at && spec.at[field]) || [field]) {
		if (cols.includes(name))
			return name;
		const i = cols.findIndex((c) => norm(c) === norm(name));
		if (i >= 0)
			return cols[i];
	}
	return null;
}

function load(ds, fields, dir) {
	const spec = PACK[ds];
	const file = dir.replace(/\/$/, '') + '/' + spec.file;
	const cols = header(file);
	const src = {};
	for (const f of fields) {
		const c = column(cols, spec, f);
		let e = c === null ? 'CAST(NULL AS VARCHAR)' : 'r.' + id(c);
		if (c !== null && spec.usDates && spec.usDates.includes(f))
			e = `CASE WHEN ${e} LIKE '%/%' THEN strftime(strptime(${e}, '%m/%d/%Y'), '%Y-%m-%d') ELSE ${e} END`;
		src[f] = e;
	}
	const isNull = (f) => {
		const marks = ((spec.nullIf && spec.nullIf[f]) || []).concat(['']);
		return `coalesce(${src[f]} IN (${marks.map(q).join(', ')}), TRUE)`;
	};
	const key = spec.key ? `concat_ws('|', ${spec.key.map((f) => `coalesce(${src[f]}, '')`).join(', ')})` : null;
	const line = 'CAST(row_number() OVER () + 1 AS VARCHAR)';
	const sel = [
		`${q(file)} AS "__file"`,
		`${line} AS "__line"`,
		`${key || `'line:' || ${line}`} AS "__key"`,
		`${key || `'#' || ${line}`} AS "__ident"`,
		`concat(${fields.map((f) => `CASE WHEN ${isNull(f)} THEN '1' ELSE '0' END`).join(', ')}) AS "__null"`,
	].concat(fields.map((f) => `${src[f]} AS ${id(f)}`));
	const types = '{' + cols.map((c) => `${q(c)}: 'VARCHAR'`).join(', ') + '}';
	return `CREATE TEMP TABLE ${id('raw_' + ds)} AS SELECT\n  ${sel.join(',\n  ')}\n` +
		`FROM read_csv(${q(file)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',\n` +
		`  columns = ${types}) AS r;`;
}

function main() {
	const [script, dir, xmlconv] = process.argv.slice(2);
	if (!xmlconv)
		throw new Error('usage: node duckdb-raw.js SCRIPT.sql DATA_DIR XML_CONV_DIR');
	const text = fs.readFileSync(script, 'utf8');
	const re = /^CREATE TEMP TABLE "raw_([a-z_]+)" AS SELECT \* FROM read_csv\([^\n]*\n  columns = \{([^\n]*)\}\);$/gm;
	let seen = 0;
	const out = text.replace(re, (all, ds, cols) => {
		if (ds === 'relationships') {
			seen++;
			return all.replace(/read_csv\('(?:[^']|'')*'/, "read_csv(" + q(xmlconv.replace(/\/$/, '') + '/relationships.csv'));
		}
		if (!PACK[ds])
			throw new Error('dataset ' + ds + ' is not in the CSP pack this rewrite knows');
		const fields = [...cols.matchAll(/'([^']*)': 'VARCHAR'/g)].map((m) => m[1]).filter((f) => !f.startsWith('__'));
		seen++;
		return load(ds, fields, dir);
	});
	if (seen !== Object.keys(PACK).length + 1)
		throw new Error(`rewrote ${seen} load statements, expected ${Object.keys(PACK).length + 1}`);
	process.stdout.write(out);
}

try {
	main();
} catch (e) {
	process.stderr.write(String(e.message || e) + '\n');
	process.exit(1);
}
