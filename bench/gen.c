/*
 * gen.c - a synthetic Partner Center export bundle for `make bench`: the
 * files, headers and value shapes the CSP rule pack (rules/csp) reads,
 * for N sales lines, the other datasets in proportion, with violations of
 * every rule of the pack planted at a chosen rate.  Seeded, deterministic:
 * the same arguments write the same bytes.
 *
 *   gen DIR N [--profile realistic|stress] [--seed S] [--rate R] [--only RULE]
 *
 * realistic: about 1% of the sales lines break some rule; stress: about
 * 30%.  --rate sets that share (0 to 1) instead; --only plants sales-line
 * violations of one rule only (tests/browser: many findings of a rule).  Value shapes: the portal's 46-column invoice recon with US dates
 * (7/14/2026), "0" for no reseller, quoted names with commas and quotes,
 * UTF-8 names, JSON arrays in cells; CRLF line ends and a UTF-8 BOM on
 * some files; relationships.xml as Partner Center's XML.  No record spans
 * two lines (bench/run.sh relies on it).  Prints each file's record count.
 *
 * The world: indirect providers (some suspended), indirect resellers
 * (some not in good standing, some with no sales), direct-bill partners,
 * and partners that left CSP; each partner has a CSP tenant, some a
 * corporate one.  A clean sales line is a two-tier sale (an active
 * provider, a good reseller it is authorized with, a customer with a CSP
 * reseller relationship with that reseller) or a direct sale.  A planted
 * line breaks one rule: see plant() below.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { REALISTIC, STRESS };

/* ---- deterministic randomness --------------------------------------- */

static uint64_t seed = 20261125;

static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* a value for (what, i): the same whatever order things are written in */
static uint64_t h2(uint64_t what, uint64_t i)
{
	return mix(seed ^ mix(what * 0x100000001b3ULL ^ mix(i)));
}

static uint64_t pick(uint64_t what, uint64_t i, uint64_t n) { return h2(what, i) % n; }

/* true with probability rate */
static int chance(uint64_t what, uint64_t i, double rate)
{
	return (double)(h2(what, i) >> 11) * (1.0 / 9007199254740992.0) < rate;
}

/* ---- output ---------------------------------------------------------- */

struct out {
	FILE *fp;
	const char *eol;
	long rows;
	const char *name;
};

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void out_open(struct out *o, const char *dir, const char *name, int crlf, int bom)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	o->fp = fopen(path, "wb");
	if (!o->fp)
		die(path);
	setvbuf(o->fp, NULL, _IOFBF, 1 << 20);
	o->eol = crlf ? "\r\n" : "\n";
	o->rows = 0;
	o->name = name;
	if (bom)
		fputs("\xef\xbb\xbf", o->fp);
}

static void out_close(struct out *o)
{
	if (ferror(o->fp) || fclose(o->fp))
		die(o->name);
	printf("%s %ld\n", o->name, o->rows);
}

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(o->fp, fmt, ap);
	va_end(ap);
}

/* a CSV cell: quoted when it holds a comma, a quote or a line break */
static void cell(struct out *o, const char *s)
{
	const char *p;
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, o->fp);
		return;
	}
	putc('"', o->fp);
	for (p = s; *p; p++) {
		if (*p == '"')
			putc('"', o->fp);
		putc(*p, o->fp);
	}
	putc('"', o->fp);
}

static void sep(struct out *o) { putc(',', o->fp); }

static void eol(struct out *o)
{
	fputs(o->eol, o->fp);
	o->rows++;
}

static void header(struct out *o, const char *h)
{
	fputs(h, o->fp);
	fputs(o->eol, o->fp);
}

static void xml_text(struct out *o, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", o->fp); break;
		case '<': fputs("&lt;", o->fp); break;
		case '>': fputs("&gt;", o->fp); break;
		default: putc(*s, o->fp);
		}
	}
}

/* ---- values ---------------------------------------------------------- */

/* days since 1970-01-01 to a civil date (Howard Hinnant's algorithm) */
static void civil(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;
	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static long days(int y, int m, int d)
{
	long era, yoe, doy, doe;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* ISO 2026-07-14 */
static const char *iso(long z, char *buf)
{
	int y, m, d;
	civil(z, &y, &m, &d);
	sprintf(buf, "%04d-%02d-%02d", y, m, d);
	return buf;
}

/* the portal's US form 7/14/2026 */
static const char *us(long z, char *buf)
{
	int y, m, d;
	civil(z, &y, &m, &d);
	sprintf(buf, "%d/%d/%04d", m, d, y);
	return buf;
}

/* a GUID for (what, i), lower-case hex */
static const char *guid(uint64_t what, uint64_t i, char *buf)
{
	uint64_t a = h2(what, i), b = h2(what + 7777, i);
	sprintf(buf, "%08x-%04x-4%03x-%04x-%012llx", (unsigned)(a >> 32), (unsigned)(a >> 16) & 0xffff,
		(unsigned)a & 0xfff, (unsigned)(0x8000 | ((b >> 48) & 0x3fff)),
		(unsigned long long)(b & 0xffffffffffffULL));
	return buf;
}

static const char *const adjectives[] = {
	"Alpine", "Northwind", "Contoso", "Fabrikam", "Tailwind", "Woodgrove", "Litware", "Proseware",
	"Adventure", "Blue Yonder", "Coho", "Fourth Coffee", "Lucerne", "Margie's", "Wingtip", "Trey",
	"Relecloud", "Humongous", "Wide World", "Graphic", "Bäckerei Köhler", "Château Lafleur", "Øresund",
	"Société Générale", "Müller", "Nod", "Southridge", "VanArsdel", "Datum", "Consolidated",
};
static const char *const nouns[] = {
	"Ski House", "Traders", "Bank", "Software", "Media", "Logistics", "Data", "Cloud Services",
	"Plumbing", "Insurance", "Airlines", "Video", "Publishing", "Design Institute", "Toys", "Winery",
	"Energy", "Health", "Partners", "Systems",
};
static const char *const suffixes[] = {
	"GmbH", "Ltd", ", Inc.", "B.V.", "S.A.S.", ", LLC", "& Sons Ltd", "AG", "ApS", "Ltda.", "KK",
	"Pty Ltd", "SARL", "\"Blue Sky\" Ltd", "Oy", "AB",
};

/* a company name for (what, i): some hold commas, quotes or UTF-8 */
static const char *company(uint64_t what, uint64_t i, char *buf)
{
	uint64_t r = h2(what, i);
	const char *s = suffixes[(r >> 20) % (sizeof(suffixes) / sizeof(*suffixes))];
	sprintf(buf, "%s %s %llu%s%s", adjectives[r % (sizeof(adjectives) / sizeof(*adjectives))],
		nouns[(r >> 8) % (sizeof(nouns) / sizeof(*nouns))], (unsigned long long)i, *s == ',' ? "" : " ", s);
	return buf;
}

static const char *domain(const char *tag, uint64_t i, char *buf)
{
	sprintf(buf, "%s%llu.onmicrosoft.com", tag, (unsigned long long)i);
	return buf;
}

static const char *const regions[] = { "Europe", "North America", "Latin America", "Asia Pacific" };
static const char *const countries[4][6] = {
	{ "DE", "FR", "NL", "GB", "IE", "DK" },
	{ "US", "CA", "US", "US", "CA", "US" },
	{ "BR", "MX", "AR", "BR", "CL", "CO" },
	{ "JP", "AU", "IN", "SG", "NZ", "KR" },
};

/* ---- the world -------------------------------------------------------- */

/* what h2() keys its draws by */
enum {
	K_REGION = 1, K_COUNTRY, K_NAME, K_ENROLL, K_TENANT, K_CORP, K_CUST, K_CUSTNAME, K_RESCLASS,
	K_SUB, K_ORDER, K_PRICE, K_QTY, K_PROD, K_DAY, K_PLANT, K_KIND, K_CUR, K_MULTI, K_XREGION,
	K_USER, K_ACT, K_ROLE, K_USAGE, K_STATE, K_OFFLIST, K_CHARGE, K_PROMO, K_EXTRA,
};

enum { R_GOOD, R_BAD, R_DORMANT };              /* reseller classes */
enum { C_NORMAL, C_USGOV, C_BADRES, C_PROVDIRECT, C_PTENANT, C_OWNTENANT, C_NPOOLS };

struct world {
	long n;                        /* sales lines */
	double rate;                   /* share of planted sales lines */
	int only;                      /* plant only this kind (0: all) */
	long np, nps, nr, nd, nn;      /* providers, suspended providers, resellers, direct, left */
	long nprod, nonline;           /* products; the online ones are the first nonline */
	long *good, ngood, *bad, nbad; /* reseller indices by class */
	char *rclass;                  /* per reseller */
	long pool0[C_NPOOLS + 1];      /* customers [pool0[k], pool0[k+1]) are of pool k */
	long ncust;
	long nusers, nact, nusage;
	long asof;                     /* 2026-11-25 */
};

static struct world w;

/* partner index layout: providers, suspended providers, resellers, direct, left */
static long p_prov(long j) { return j; }
static long p_susp(long j) { return w.np + j; }
static long p_res(long k) { return w.np + w.nps + k; }
static long p_direct(long j) { return w.np + w.nps + w.nr + j; }
static long nparts(void) { return w.np + w.nps + w.nr + w.nd + w.nn; }
static long pid(long p) { return 1000000 + p * 3 + (long)pick(K_EXTRA, (uint64_t)p, 3); }

static int region(long p) { return (int)(p % 4); }

/* a reseller's main provider: an active provider of its region */
static long res_provider(long k)
{
	long r = region(p_res(k)), per = (w.np - r + 3) / 4;
	return r + 4 * (long)pick(K_REGION, (uint64_t)k, (uint64_t)per);
}

/* its suspended provider (same region), with which it is authorized too */
static long res_susp(long k)
{
	long r = region(p_res(k)), per = (w.nps - r + 3) / 4;
	return r + 4 * (k % per);
}

/* an active provider it has no relationship with (same region, other) */
static long res_stranger(long k)
{
	return (res_provider(k) + 4) % w.np;
}

/* the cross-region provider some resellers also work with (REGION-001) */
static long res_xprovider(long k) { return (res_provider(k) + 1) % w.np; }

static int res_xregion(long k) { return w.rclass[k] == R_GOOD && chance(K_XREGION, (uint64_t)k, w.rate); }

static int in_pool(long c, int pool) { return c >= w.pool0[pool] && c < w.pool0[pool + 1]; }

static int cust_pool(long c)
{
	int k;
	for (k = 0; k < C_NPOOLS; k++)
		if (in_pool(c, k))
			return k;
	return C_NORMAL;
}

/* the ordinal of a normal two-tier customer among them */
static long two_tier_ord(long c) { return c / 10 * 7 + c % 10; }

/* who serves customer c: the reseller index (or -1 for a direct sale) and
 * the partner index of the seller */
static void cust_service(long c, long *res, long *seller)
{
	long i = c - w.pool0[cust_pool(c)];
	switch (cust_pool(c)) {
	case C_BADRES:
		*res = w.bad[i % w.nbad];
		*seller = res_provider(*res);
		return;
	case C_PROVDIRECT:
		*res = -1;
		*seller = p_prov(i % w.np);
		return;
	case C_NORMAL:
		if (c % 10 >= 7) { /* 30% direct sales */
			*res = -1;
			*seller = p_direct((long)pick(K_KIND, (uint64_t)c, (uint64_t)w.nd));
			return;
		}
		/* two-tier: the good resellers in turn, so each has customers */
		*res = w.good[two_tier_ord(c) % w.ngood];
		break;
	case C_OWNTENANT: /* pool no larger than the good resellers */
		*res = w.good[i];
		break;
	default:
		*res = w.good[(long)pick(K_KIND, (uint64_t)c, (uint64_t)w.ngood)];
	}
	*seller = res_provider(*res);
}

/* the customer's tenant id: its own, or a partner's CSP tenant */
static const char *cust_id(long c, char *buf)
{
	long i = c - w.pool0[cust_pool(c)];
	if (in_pool(c, C_PTENANT))
		return guid(K_TENANT, (uint64_t)p_direct(i % w.nd), buf);
	if (in_pool(c, C_OWNTENANT)) {
		long res, seller;
		cust_service(c, &res, &seller);
		return guid(K_TENANT, (uint64_t)p_res(res), buf);
	}
	return guid(K_CUST, (uint64_t)c, buf);
}

static int cust_country_region(long c)
{
	long res, seller;
	cust_service(c, &res, &seller);
	return region(seller);
}

static const char *cust_country(long c)
{
	return countries[cust_country_region(c)][pick(K_COUNTRY, (uint64_t)c, 6)];
}

/* each good reseller's first customer pays in USD (its revenue), others mostly */
static int cust_usd(long c)
{
	if (in_pool(c, C_NORMAL) && c % 10 < 7 && two_tier_ord(c) < w.ngood)
		return 1;
	return pick(K_CUR, (uint64_t)c, 10) < 8;
}

static void world_init(long n, int profile, double rate, int only)
{
	long k, c, per;
	w.n = n;
	w.rate = rate >= 0 ? rate : profile == STRESS ? 0.30 : 0.01;
	w.only = only;
	w.asof = days(2026, 11, 25);
	c = n / 10 < 40 ? 40 : n / 10;              /* normal customers: ~10 lines each */
	w.nr = c / 4 < 16 ? 16 : c / 4;
	w.np = w.nr / 100 < 8 ? 8 : (w.nr / 100 + 3) / 4 * 4; /* multiples of 4: regions by index */
	w.nps = w.np / 4 < 4 ? 4 : (w.np / 4 + 3) / 4 * 4;
	w.nd = c / 20 < 8 ? 8 : c / 20;
	w.nn = w.nd / 10 < 2 ? 2 : w.nd / 10;
	w.nprod = n / 200 < 40 ? 40 : n / 200 > 5000 ? 5000 : n / 200;
	w.nonline = w.nprod * 7 / 10;
	w.rclass = malloc((size_t)w.nr);
	w.good = malloc(sizeof(long) * (size_t)w.nr);
	w.bad = malloc(sizeof(long) * (size_t)w.nr);
	if (!w.rclass || !w.good || !w.bad)
		die("malloc");
	w.ngood = w.nbad = 0;
	for (k = 0; k < w.nr; k++) {
		w.rclass[k] = k % 33 == 5 ? R_BAD : chance(K_RESCLASS, (uint64_t)k, w.rate) && k % 33 != 6 ? R_DORMANT : R_GOOD;
		if (w.rclass[k] == R_GOOD)
			w.good[w.ngood++] = k;
		else if (w.rclass[k] == R_BAD)
			w.bad[w.nbad++] = k;
	}
	/* customer pools: normal ones, then small pools only planted lines use */
	per = c / 50 < 4 ? 4 : c / 50;
	w.pool0[C_NORMAL] = 0;
	w.pool0[C_USGOV] = c;
	for (k = C_USGOV; k < C_NPOOLS; k++)
		w.pool0[k + 1] = w.pool0[k] + (k == C_OWNTENANT && per > w.ngood ? w.ngood : per);
	w.ncust = w.pool0[C_NPOOLS];
	w.nusers = n / 2000 < 12 ? 12 : n / 2000;
	w.nact = n / 20 < 100 ? 100 : n / 20;
	w.nusage = n / 20 < 100 ? 100 : n / 20;
}

/* ---- partners, tenants, relationships ------------------------------- */

static void partner_row(struct out *o, long p)
{
	char name[160], d1[16], d2[16];
	const char *role, *status = "Active", *verif = "Accepted", *signed_ = "true";
	long enrolled = days(2015, 1, 5) + (long)pick(K_ENROLL, (uint64_t)p, 3300), left = 0;
	long k = p - p_res(0);
	if (p < w.np)
		role = "IndirectProvider";
	else if (p < w.np + w.nps) {
		role = "IndirectProvider";
		status = "Suspended";
	} else if (p < p_direct(0)) {
		role = "IndirectReseller";
		if (w.rclass[k] == R_BAD) {
			switch (k / 33 % 3) {
			case 0: signed_ = "false"; break;
			case 1: verif = "Pending"; break;
			default: status = "Suspended";
			}
		}
	} else if (p < p_direct(w.nd)) {
		role = "DirectBill";
	} else {
		role = "None";
		status = "None";
		left = days(2024, 6, 30) + (long)pick(K_ENROLL + 1, (uint64_t)p, 300);
	}
	put(o, "%ld,", pid(p));
	cell(o, company(K_NAME, (uint64_t)p, name));
	put(o, ",%s,%s,%s,%s,%s,%s,%s,%s", countries[region(p)][pick(K_COUNTRY, (uint64_t)p, 6)], regions[region(p)],
	    role, status, verif, signed_, iso(enrolled, d1), left ? iso(left, d2) : "");
	eol(o);
}

static void write_partners(const char *dir)
{
	struct out o;
	long p;
	out_open(&o, dir, "partners.csv", 1, 0);
	header(&o, "PartnerId,PartnerName,Country,CspRegion,CspRole,ProgramStatus,VerificationStatus,"
		   "IsAgreementSigned,CspEnrolledOn,CspLeftOn");
	for (p = 0; p < nparts(); p++)
		partner_row(&o, p);
	out_close(&o);
}

static void write_tenants(const char *dir)
{
	struct out o;
	long p;
	char g[40], dom[64];
	out_open(&o, dir, "tenants.csv", 0, 0);
	header(&o, "TenantId,PartnerId,PrimaryDomain,TenantUse,Cloud");
	for (p = 0; p < nparts(); p++) {
		put(&o, "%s,%ld,%s,CSP,Global", guid(K_TENANT, (uint64_t)p, g), pid(p), domain("csp", (uint64_t)p, dom));
		eol(&o);
		if (pick(K_CORP, (uint64_t)p, 10) < 3) {
			put(&o, "%s,%ld,corp%ld.example.com,Corporate,Global", guid(K_CORP, (uint64_t)p, g), pid(p), p);
			eol(&o);
		}
	}
	out_close(&o);
}

static void rel_row(struct out *o, long prov, long k, long authorized, long removed)
{
	char g[40], name[160], d1[16], d2[16];
	long p = p_res(k);
	put(o, "  <PartnerRelationship providerId=\"%ld\">\n    <Id>%s</Id>\n    <Name>", pid(prov),
	    guid(K_TENANT, (uint64_t)p, g));
	xml_text(o, company(K_NAME, (uint64_t)p, name));
	put(o, "</Name>\n    <MpnId>%ld</MpnId>\n    <Location>%s</Location>\n"
	       "    <RelationshipType>IsIndirectResellerOf</RelationshipType>\n    <State>%s</State>\n"
	       "    <AuthorizedAt>%s</AuthorizedAt>\n",
	    pid(p), countries[region(p)][pick(K_COUNTRY, (uint64_t)p, 6)],
	    pick(K_STATE, (uint64_t)k, 4) ? "active" : "Active", iso(authorized, d1));
	if (removed)
		put(o, "    <RemovedAt>%s</RemovedAt>\n", iso(removed, d2));
	fputs("  </PartnerRelationship>\n", o->fp);
	o->rows++;
}

static void write_relationships(const char *dir)
{
	struct out o;
	long k, t0 = days(2018, 1, 1);
	out_open(&o, dir, "relationships.xml", 0, 0);
	fputs("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<PartnerRelationships "
	      "xmlns=\"http://schemas.microsoft.com/partnercenter/2020/relationships\" "
	      "exportedAt=\"2026-11-25T02:00:00Z\">\n", o.fp);
	for (k = 0; k < w.nr; k++) {
		long t = t0 + (long)pick(K_ENROLL + 2, (uint64_t)k, 2000);
		rel_row(&o, res_provider(k), k, t, 0);
		rel_row(&o, p_susp(res_susp(k)), k, t, 0);
		if (res_xregion(k))
			rel_row(&o, res_xprovider(k), k, t + 30, 0);
		/* a relationship ended long ago, with the stranger provider */
		if (k % 7 == 3)
			rel_row(&o, res_stranger(k), k, t0 - 800, t0 - 10);
	}
	fputs("</PartnerRelationships>\n", o.fp);
	out_close(&o);
}

/* ---- customers -------------------------------------------------------- */

static void write_customers(const char *dir)
{
	struct out o;
	long c;
	char g[40], name[160], dom[64];
	out_open(&o, dir, "customers.csv", 0, 1);
	header(&o, "CustomerId,CompanyName,Domain,Country,Cloud");
	for (c = 0; c < w.ncust; c++) {
		put(&o, "%s,", cust_id(c, g));
		cell(&o, company(K_CUSTNAME, (uint64_t)c, name));
		put(&o, ",%s,%s,%s", domain("cust", (uint64_t)c, dom), cust_country(c), in_pool(c, C_USGOV) ? "USGov" : "Global");
		eol(&o);
	}
	out_close(&o);
}

static void cp_row(struct out *o, const char *cust, long p, const char *rel, const char *chan, const char *work,
		   long established, long ended)
{
	char d1[16], d2[16];
	put(o, "%s,%ld,%s,%s,%s,%s,%s", cust, pid(p), rel, chan, work, iso(established, d1), ended ? iso(ended, d2) : "");
	eol(o);
}

static void write_customer_partners(const char *dir)
{
	struct out o;
	long c, res, seller;
	char g[40];
	out_open(&o, dir, "customer_partners.csv", 0, 0);
	header(&o, "CustomerId,PartnerId,RelationshipToPartner,Channel,Workload,EstablishedAt,EndedAt");
	for (c = 0; c < w.ncust; c++) {
		long t = days(2019, 1, 1) + (long)pick(K_ENROLL + 3, (uint64_t)c, 2000);
		cust_id(c, g);
		cust_service(c, &res, &seller);
		cp_row(&o, g, res >= 0 ? p_res(res) : seller, "reseller", "CSP", "Microsoft365", t, 0);
		/* an ended relationship with someone else: not in force */
		if (c % 5 == 2)
			cp_row(&o, g, p_direct((c * 7) % w.nd), "reseller", "CSP", "Azure", t - 900, t - 30);
		/* a second partner in force: CSP-MULTI-001 (info) */
		if (in_pool(c, C_NORMAL) && chance(K_MULTI, (uint64_t)c, w.rate))
			cp_row(&o, g, p_direct((c * 13 + 1) % w.nd), "advisor", "MultiChannel", "Azure", t + 10, 0);
	}
	out_close(&o);
}

/* ---- products ---------------------------------------------------------- */

static const char *const online_titles[] = {
	"Microsoft 365 E3", "Microsoft 365 Business Premium", "Power BI Pro", "Azure plan",
	"Dynamics 365 Sales, Enterprise", "Microsoft Teams Rooms Pro", "Exchange Online (Plan 1)",
};
static const char *const other_titles[] = {
	"Windows Server 2022 Standard - 16 Core License Pack", "SQL Server 2022 Standard", "Contoso Backup, SaaS",
	"Fabrikam \"CRM\" Connector",
};

static const char *prod_type(long j)
{
	if (j < w.nonline)
		return j % 10 == 3 ? "Azure" : j % 10 == 7 ? "OnlineServices" : "OnlineServicesNCE";
	return j % 3 == 0 ? "Software" : j % 3 == 1 ? "SaaS" : "Marketplace";
}

static const char *prod_title(long j, char *buf)
{
	if (j < w.nonline)
		sprintf(buf, "%s %ld", online_titles[j % 7], j);
	else
		sprintf(buf, "%s %ld", other_titles[j % 4], j);
	return buf;
}

static const char *prod_id(long j, char *buf)
{
	sprintf(buf, "CFQ7TTC0%04lX", j);
	return buf;
}

static void write_products(const char *dir)
{
	struct out o;
	long j;
	char id[32], t[128];
	out_open(&o, dir, "products.csv", 0, 0);
	header(&o, "ProductId,Title,ProductType");
	for (j = 0; j < w.nprod; j++) {
		put(&o, "%s,", prod_id(j, id));
		cell(&o, prod_title(j, t));
		put(&o, ",%s", prod_type(j));
		eol(&o);
	}
	out_close(&o);
}

/* ---- sales ------------------------------------------------------------ */

/* rules a planted sales line breaks, one each */
enum {
	V_NONE, V_CUSTOMER, V_CLOUD, V_IND1, V_IND2, V_IND3, V_IND4, V_RESALE1, V_RESALE2, V_NKINDS
};

struct line {
	long cust, res, seller; /* res: reseller index or -1 */
	long prod;              /* -1: an Azure meter product not in the list */
};

/* a customer of pool k for line i */
static long pool_cust(int k, long i)
{
	long n = w.pool0[k + 1] - w.pool0[k];
	return w.pool0[k] + (long)pick(K_PLANT + 10, (uint64_t)i, (uint64_t)n);
}

/* what line i is: clean lines go round the normal customers in turn */
static int plan_line(long i, long *clean, struct line *l)
{
	int v = V_NONE;
	long normal = w.pool0[C_NORMAL + 1];
	if (chance(K_PLANT, (uint64_t)i, w.rate))
		v = w.only ? w.only : 1 + (int)pick(K_PLANT + 1, (uint64_t)i, V_NKINDS - 1);
	l->prod = pick(K_OFFLIST, (uint64_t)i, 20) == 0 ? -1 : (long)pick(K_PROD, (uint64_t)i, (uint64_t)w.nprod);
	switch (v) {
	case V_NONE:
		l->cust = (*clean)++ % normal;
		break;
	case V_CLOUD: l->cust = pool_cust(C_USGOV, i); break;
	case V_IND3: l->cust = pool_cust(C_BADRES, i); break;
	case V_IND4: l->cust = pool_cust(C_PROVDIRECT, i); break;
	case V_RESALE1:
		l->cust = pool_cust(C_PTENANT, i);
		l->prod = (long)pick(K_PROD, (uint64_t)i, (uint64_t)w.nonline);
		break;
	case V_RESALE2:
		l->cust = pool_cust(C_OWNTENANT, i);
		l->prod = (long)pick(K_PROD, (uint64_t)i, (uint64_t)w.nonline);
		break;
	default: /* a two-tier customer of a good reseller */
		l->cust = (long)pick(K_PLANT + 2, (uint64_t)i, (uint64_t)normal);
		l->cust -= l->cust % 10 >= 7 ? 3 : 0;
	}
	cust_service(l->cust, &l->res, &l->seller);
	switch (v) {
	case V_CUSTOMER: /* another good reseller of the same provider: no customer relationship */
		{
			long j, k = l->res;
			for (j = 1; j < w.ngood; j++) {
				long k2 = w.good[(long)pick(K_PLANT + 3, (uint64_t)(i + j), (uint64_t)w.ngood)];
				if (k2 != k && res_provider(k2) == l->seller) {
					l->res = k2;
					break;
				}
			}
			if (l->res == k)
				v = V_NONE; /* no such reseller in a tiny world: a clean line */
		}
		break;
	case V_IND1: l->seller = p_susp(res_susp(l->res)); break;
	case V_IND2: l->seller = p_prov(res_stranger(l->res)); break;
	}
	return v;
}

static const char *const charge_types[] = { "new", "renew", "cycleCharge", "addQuantity" };

static void sales_row(struct out *o, long i, const struct line *l)
{
	char g[40], cg[40], name[160], dom[64], d1[16], d2[16], d3[16], d4[16], pidbuf[32], title[128];
	long day = w.asof - 1 - (long)pick(K_DAY, (uint64_t)i, 355); /* within the revenue year */
	long start = day, end = day + 29, qty = 1 + (long)pick(K_QTY, (uint64_t)i, 40);
	long cents = 20000 + (long)pick(K_PRICE, (uint64_t)i, 300000); /* 200.00 .. 3199.99 */
	long unit_micros = cents * 10000 / qty;
	long subtotal_cents;
	int usd = cust_usd(l->cust), offlist = l->prod < 0;
	const char *ctype = charge_types[pick(K_CHARGE, (uint64_t)i, 4)];
	const char *pt = offlist ? "Azure" : prod_type(l->prod);
	int azure = offlist || !strcmp(pt, "Azure");
	subtotal_cents = unit_micros * qty / 10000;
	/* PartnerId: the seller's CSP tenant */
	put(o, "%s,%s,", guid(K_TENANT, (uint64_t)l->seller, g), cust_id(l->cust, cg));
	cell(o, company(K_CUSTNAME, (uint64_t)l->cust, name));
	put(o, ",%s,%s,G%09ld,%ld,%ld,%012llx,%s,", domain("cust", (uint64_t)l->cust, dom), cust_country(l->cust),
	    44000000 + i / 4, pid(l->seller), l->res >= 0 ? pid(p_res(l->res)) : 0L,
	    (unsigned long long)(h2(K_ORDER, (uint64_t)i / 2) & 0xffffffffffffULL), us(day, d1));
	if (offlist)
		sprintf(pidbuf, "DZH318Z0%04lX", (long)pick(K_PROD + 1, (uint64_t)i, 4096));
	else
		prod_id(l->prod, pidbuf);
	if (offlist)
		sprintf(title, "Azure meter %s", pidbuf);
	else
		prod_title(l->prod, title);
	put(o, "%s,%04ld,%s,", pidbuf, 1 + (long)pick(K_PROD + 2, (uint64_t)i, 3), "CFQ7TTC0ZZZZ");
	cell(o, title);       /* SkuName */
	sep(o);
	cell(o, title);       /* ProductName */
	put(o, ",%s,%ld.%06ld,%ld,%ld.%02ld,%ld.%02ld,%ld.%02ld,%s,", ctype, unit_micros / 1000000, unit_micros % 1000000,
	    qty, subtotal_cents / 100, subtotal_cents % 100, subtotal_cents / 500, subtotal_cents % 100,
	    subtotal_cents * 6 / 500, subtotal_cents % 100, usd ? "USD" : "EUR");
	/* PriceAdjustmentDescription: a JSON array in a quoted cell */
	cell(o, pick(K_PROMO, (uint64_t)i, 8) == 0 ? "[\"15.0% Tier 1 discount\",\"Promotion\"]" : "[]");
	put(o, ",%s,%s,%s,%s,%s,%s,", "Microsoft Corporation", "MSFT", azure ? "Azure plan" : "", guid(K_SUB, (uint64_t)i, g), us(start, d2), us(end, d3));
	put(o, "%s,%ld.%06ld,%s,,%ld,%s,%s,0.846202666,%s,,,,%s,%s,%s,",
	    azure ? "One-Month commitment for monthly/yearly billing" : offlist ? "" :
		    "One-Year commitment for monthly billing",
	    unit_micros / 1000000, unit_micros % 1000000, azure ? "1 Hour" : "Licenses", qty, "Monthly",
	    usd ? "USD" : "EUR", us(day - 1, d4), us(day - (long)pick(K_DAY + 1, (uint64_t)i, 300), d1),
	    us(day + 365, d2), guid(K_SUB + 1, (uint64_t)i, cg));
	cell(o, pick(K_PROMO + 1, (uint64_t)i, 16) == 0 ? "[\"Trial\"]" : "[]");
	put(o, ",%s", pick(K_PROMO + 2, (uint64_t)i, 10) == 0 ? "39NFJQT1Q5KL:0001:39NFJQT1Q5KM" : "");
	eol(o);
}

static void write_sales(const char *dir, long *planted)
{
	struct out o;
	long i, clean = 0;
	struct line l;
	out_open(&o, dir, "sales.csv", 1, 1);
	header(&o, "PartnerId,CustomerId,CustomerName,CustomerDomainName,CustomerCountry,InvoiceNumber,MpnId,"
		   "ResellerMpnId,OrderId,OrderDate,ProductId,SkuId,AvailabilityId,SkuName,ProductName,ChargeType,"
		   "UnitPrice,Quantity,Subtotal,TaxTotal,Total,Currency,PriceAdjustmentDescription,PublisherName,"
		   "PublisherId,SubscriptionDescription,SubscriptionId,ChargeStartDate,ChargeEndDate,"
		   "TermAndBillingCycle,EffectiveUnitPrice,UnitType,AlternateId,BillableQuantity,BillingFrequency,"
		   "PricingCurrency,PCToBCExchangeRate,PCToBCExchangeRateDate,MeterDescription,ReservationOrderId,"
		   "CreditReasonCode,SubscriptionStartDate,SubscriptionEndDate,ReferenceId,ProductQualifiers,PromotionId");
	for (i = 0; i < w.n; i++) {
		memset(&l, 0, sizeof(l));
		planted[plan_line(i, &clean, &l)]++;
		sales_row(&o, i, &l);
	}
	out_close(&o);
}

/* ---- daily-rated usage (CSP-RESALE-003/004) --------------------------- */

static void write_usage(const char *dir)
{
	struct out o;
	long i;
	char g[40], name[160], d1[16];
	out_open(&o, dir, "usage.csv", 1, 1);
	header(&o, "PartnerId,PartnerName,CustomerId,CustomerName,CustomerDomainName,CustomerCountry,MpnId,"
		   "Tier2MpnId,InvoiceNumber,ProductId,SkuId,AvailabilityId,SkuName,ProductName,PublisherName,"
		   "PublisherId,SubscriptionDescription,SubscriptionId,ChargeStartDate,ChargeEndDate,UsageDate,"
		   "MeterType,MeterCategory,MeterId,MeterSubCategory,MeterName,MeterRegion,Unit,ResourceLocation,"
		   "ConsumedService,ResourceGroup,ResourceURI,ChargeType,UnitPrice,Quantity,UnitType,"
		   "BillingPreTaxTotal,BillingCurrency,PricingPreTaxTotal,PricingCurrency,ServiceInfo1,ServiceInfo2,"
		   "Tags,AdditionalInfo,EffectiveUnitPrice,PCToBCExchangeRate,PCToBCExchangeRateDate,EntitlementId,"
		   "EntitlementDescription,PartnerEarnedCreditPercentage,CreditPercentage,CreditType,BenefitId,"
		   "BenefitOrderId,BenefitType");
	for (i = 0; i < w.nusage; i++) {
		long c, res, seller, day = w.asof - 1 - (long)pick(K_USAGE, (uint64_t)i, 28);
		long cents = 1 + (long)pick(K_USAGE + 1, (uint64_t)i, 50000);
		if (chance(K_USAGE + 2, (uint64_t)i, w.rate))
			c = pool_cust(i % 2 ? C_PTENANT : C_OWNTENANT, i);
		else
			c = (long)pick(K_USAGE + 3, (uint64_t)i, (uint64_t)w.pool0[C_NORMAL + 1]);
		cust_service(c, &res, &seller);
		put(&o, "%s,", guid(K_TENANT, (uint64_t)seller, g));
		cell(&o, company(K_NAME, (uint64_t)seller, name));
		put(&o, ",%s,", cust_id(c, g));
		cell(&o, company(K_CUSTNAME, (uint64_t)c, name));
		put(&o, ",cust%ld.onmicrosoft.com,%s,%ld,%ld,G%09ld,DZH318Z0BNZ5,0001,DZH318Z0BNZ5:0001,Azure plan,"
			"Azure plan,Microsoft,MSFT,Azure plan,%s,,,%s,Consumption,Virtual Machines,%s,D2s v5,"
			"D2s v5 Linux,EU West,1 Hour,westeurope,Microsoft.Compute,rg-%ld,"
			"/subscriptions/x/resourceGroups/rg-%ld,new,0.096,%ld.%02ld,1 Hour,%ld.%02ld,%s,,,,,"
			"\"{\"\"tag\"\":\"\"bench\"\"}\",,0.096,1,,,,,,,,,",
		    c, cust_country(c), pid(seller), res >= 0 ? pid(p_res(res)) : 0L, 45000000 + i / 100,
		    guid(K_SUB + 2, (uint64_t)c, g), us(day, d1), "fb7e6a9c-3d8b-4d5a-9f3e-1c2d3e4f5a6b", c, c,
		    cents / 100, cents % 100, cents / 100, cents % 100, cust_usd(c) ? "USD" : "EUR");
		eol(&o);
	}
	out_close(&o);
}

/* ---- activity log and roles ------------------------------------------- */

static const char *const role_sets[] = {
	"Admin agent", "Admin agent;Sales agent", "Account admin", "Account admin;Admin agent", "Global admin",
	"Sales agent", "Billing admin", "",
};

/* a user's roles: a share (the profile's rate) lack an admin role */
static const char *user_roles(long u)
{
	if (chance(K_ROLE, (uint64_t)u, w.rate) || u == 0)
		return role_sets[(u % 3) == 0 ? 0 : (u % 3) == 1 ? 5 : 7];
	return role_sets[2 + u % 3];
}

static long user_partner(long u) { return p_prov(u % w.np); }

static void write_user_roles(const char *dir)
{
	struct out o;
	long u;
	out_open(&o, dir, "user_roles.csv", 0, 0);
	header(&o, "UserPrincipalName,PartnerId,Roles,RetrievedOn");
	for (u = 0; u < w.nusers; u++) {
		if (u % 97 == 96)
			continue; /* not in user_roles.csv: no known role */
		put(&o, "user%ld@partner%ld.onmicrosoft.com,%ld,", u, user_partner(u), pid(user_partner(u)));
		cell(&o, user_roles(u));
		put(&o, ",2026-11-20");
		eol(&o);
	}
	out_close(&o);
}

static const char *const resources[][2] = {
	{ "order", "create_order" }, { "subscription", "update_subscription" }, { "customer", "create_customer" },
	{ "customer_user", "create_customer_user" }, { "partner_relationship", "create_partner_relationship" },
	{ "partner_customer_relationship", "add_partner_customer_relationship" },
	{ "license", "assign_license" }, { "partner_relationship", "remove_partner_relationship" },
};

static void write_admin_actions(const char *dir)
{
	struct out o;
	long i, t0 = days(2026, 8, 27) * 86400;
	char g[40];
	out_open(&o, dir, "admin_actions.csv", 1, 1);
	header(&o, "OperationDate,PartnerId,UserPrincipalName,UserRoles,ResourceType,OperationType,OperationStatus,"
		   "CustomerId");
	for (i = 0; i < w.nact; i++) {
		long u = (long)pick(K_ACT, (uint64_t)i, (uint64_t)w.nusers), t = t0 + i * 7 + (long)pick(K_ACT + 1, (uint64_t)i, 7);
		long z = t / 86400, s = t % 86400;
		int y, m, d;
		const char *const *r = resources[pick(K_ACT + 2, (uint64_t)i, 8)];
		civil(z, &y, &m, &d);
		put(&o, "%04d-%02d-%02dT%02ld:%02ld:%02ldZ,", y, m, d, s / 3600, s / 60 % 60, s % 60);
		if (i % 2)
			put(&o, "%ld,", pid(user_partner(u)));
		else
			put(&o, "%s,", guid(K_TENANT, (uint64_t)user_partner(u), g));
		put(&o, "user%ld@partner%ld.onmicrosoft.com,", u, user_partner(u));
		if (i % 3 == 0 && u % 97 != 96)
			cell(&o, user_roles(u)); /* the pack's own file carries the roles; empty: user_roles.csv */
		put(&o, ",%s,%s,%s,", r[0], r[1], pick(K_ACT + 3, (uint64_t)i, 20) ? "succeeded" : "failed");
		if (pick(K_ACT + 4, (uint64_t)i, 2))
			put(&o, "%s", cust_id((long)pick(K_ACT + 5, (uint64_t)i, (uint64_t)w.pool0[C_NORMAL + 1]), g));
		eol(&o);
	}
	out_close(&o);
}

/* ---- main ------------------------------------------------------------- */

static void usage(void)
{
	fprintf(stderr, "usage: gen DIR N [--profile realistic|stress] [--seed S] [--rate R] [--only RULE]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	int profile = REALISTIC, i, only = 0;
	long n = 0, planted[V_NKINDS] = { 0 };
	double rate = -1;
	const char *dir = NULL;
	char *end;
	static const char *const kinds[] = { "clean", "CSP-CUSTOMER-001", "CSP-CLOUD-001", "CSP-INDIRECT-001",
		"CSP-INDIRECT-002", "CSP-INDIRECT-003", "CSP-INDIRECT-004", "CSP-RESALE-001", "CSP-RESALE-002" };
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--profile") && i + 1 < argc) {
			i++;
			if (!strcmp(argv[i], "realistic"))
				profile = REALISTIC;
			else if (!strcmp(argv[i], "stress"))
				profile = STRESS;
			else
				usage();
		} else if (!strcmp(argv[i], "--rate") && i + 1 < argc) {
			rate = strtod(argv[++i], &end);
			if (*end || !(rate >= 0 && rate <= 1))
				usage();
		} else if (!strcmp(argv[i], "--only") && i + 1 < argc) {
			i++;
			for (only = 1; only < V_NKINDS && strcmp(argv[i], kinds[only]); only++)
				;
			if (only == V_NKINDS)
				usage();
		} else if (!strcmp(argv[i], "--seed") && i + 1 < argc) {
			seed = strtoull(argv[++i], &end, 10);
			if (*end)
				usage();
		} else if (!dir) {
			dir = argv[i];
		} else if (!n) {
			n = strtol(argv[i], &end, 10);
			if (*end || n < 1)
				usage();
		} else {
			usage();
		}
	}
	if (!dir || !n)
		usage();
	world_init(n, profile, rate, only);
	write_partners(dir);
	write_tenants(dir);
	write_relationships(dir);
	write_customers(dir);
	write_customer_partners(dir);
	write_products(dir);
	write_sales(dir, planted);
	write_usage(dir);
	write_user_roles(dir);
	write_admin_actions(dir);
	printf("planted sales lines:");
	for (i = 0; i < V_NKINDS; i++)
		printf(" %s=%ld", kinds[i], planted[i]);
	printf("\n");
	return 0;
}
