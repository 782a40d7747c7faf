/*
 * gencsp.c - an adversarial export bundle for the CSP pack (tests/e2e/sql.sh).
 *
 *   gencsp SEED N OUTDIR
 *
 * Writes the pack's datasets as CSV files under OUTDIR, with the columns
 * rules/csp/datasets.rules declares (fixtures/csp's files, relationships
 * and customers as CSV): N sales lines, N/4 usage lines, and small curated
 * tables whose ids the lines reuse, so joins and subqueries match.  The
 * values are drawn, deterministically from SEED, from pools where engines
 * drift: nulls and empty strings, -1/0 sentinels, trailing CR/LF inside
 * quoted values, non-ASCII case ('É'/'é', 'ß', 'Ü'), .5 rounding
 * boundaries at the sixth fraction digit, leap days and month ends in
 * every date format the pack reads, values the pack rejects (data-quality
 * findings, nulls in both engines), and duplicate keys.  Standalone C99:
 * the test compiles it with cc.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static size_t pick(size_t n) { return (size_t)(next() % n); }
static int chance(int percent) { return (int)pick(100) < percent; }

#define N_(a) (sizeof(a) / sizeof((a)[0]))
#define ANY(a) ((a)[pick(N_(a))])

static const char *const partner_ids[] = {
	"4112790", "5120448", "5133907", "1111111", "2222222", "3333333", "4444444", "0", "-1", "", "12a",
};
static const char *const names[] = {
	"Müller IT GmbH", "MÜLLER IT GMBH", "müller it gmbh", "Straße AG", "STRASSE AG", "École Ltd", "école ltd",
	"ÉCOLE LTD", "Contoso\r\n", "Fabrikam\n", "  spaced  ", "", "Comma, Inc.", "Quote \"Q\" Ltd", "Tab\tCo",
	"Ünïcödé", "x", "Alpha", "alpha", "ALPHA",
};
static const char *const countries[] = { "DE", "FR", "US", "AT", "de", "", "XX", "É1", "GB" };
static const char *const regions[] = { "Europe", "europe", "North America", "", "Asia\r\n" };
static const char *const roles[] = {
	"DirectBill", "IndirectProvider", "IndirectReseller", "None", "indirectreseller", "INDIRECTPROVIDER", "",
	"Bogus",
};
static const char *const statuses[] = {
	"Active", "Suspended", "Deauthorized", "PendingQualification", "None", "active", "", "ACTIVE",
};
static const char *const verifications[] = { "Accepted", "Pending", "Rejected", "accepted", "" };
static const char *const bools[] = { "true", "false", "TRUE", "False", "yes", "no", "1", "0", "", "maybe" };
/* plain ISO dates (the curated files' `date` fields), with leap days,
 * month ends, the as-of date and its neighbours, and rejected values */
static const char *const dates[] = {
	"2024-02-29", "2023-02-28", "2024-03-01", "2025-12-31", "2026-01-31", "2026-02-28", "2026-11-25",
	"2026-11-24", "2026-11-26", "2025-11-25", "2025-11-26", "2019-01-01", "2020-02-29", "2027-02-28", "",
	"2023-02-29", "2026-13-01", "2026-04-30",
};
/* dates in every format the sales and usage files may use */
static const char *const any_dates[] = {
	"2024-02-29", "2/29/2024", "2/29/2024 0:00", "2024-02-29T00:00:00Z", "2024-02-29T23:59:59.9999999Z",
	"2025-12-31", "12/31/2025", "12/31/2025 23:59", "2026-11-25", "11/25/2026", "2026-11-24T10:00:00",
	"2025-11-26", "2025-11-25", "2026-01-31T00:00:00.5Z", "0001-01-01T00:00:00", "", "2/30/2024",
	"2026-06-30", "6/30/2026", "2023-03-31", "3/31/2023 12:00",
};
static const char *const datetimes[] = {
	"2026-11-24T10:00:00Z", "2026-11-24T10:00:00.1234567Z", "11/24/2026 10:00:00 AM", "11/24/2026 12:00:00 PM",
	"2024-02-29T23:59:59Z", "2024-02-29T23:59:59.5Z", "2026-11-24T10:00:00", "2025-12-31T23:59:59.999999Z",
	"", "2026-02-30T00:00:00Z", "1/1/2026 12:00:00 AM",
};
/* .5 at the sixth and seventh fraction digits, sentinels, big values */
static const char *const decimals[] = {
	"0", "-0", "0.5", "-0.5", "2.5", "1.0000005", "1.0000015", "-1.0000015", "0.0000005", "999.995",
	"1000", "999.999999", "1620.00", "-1", "12345678.123456", "", "1e3", "36.00", "0.000001", "-2.5000005",
	"7", "100", "1000.0000005",
};
static const char *const tenant_uses[] = { "CSP", "Corporate", "SharedServices", "Sandbox", "csp", "", "Other" };
static const char *const clouds[] = { "Global", "USGov", "Germany", "China21Vianet", "global", "", "Mars" };
static const char *const rel_types[] = {
	"IsIndirectResellerOf", "IsIndirectCloudSolutionProviderOf", "None", "isindirectresellerof", "",
};
static const char *const states[] = { "active", "Active", "ACTIVE", "ACTİVE", "terminated", "", "active\r\n" };
static const char *const cp_rel[] = { "reseller", "advisor", "none", "Reseller", "" };
static const char *const channels[] = { "CSP", "MultiChannel", "csp", "" };
static const char *const workloads[] = { "Microsoft365", "Azure", "Dynamics365", "", "azure" };
static const char *const product_ids[] = {
	"CFQ7TTC0LF8Q", "CFQ7TTC0LCHC", "DZH318Z0BQ3Q", "DZH318Z0BQ3Q", "cfq7ttc0lchc", "", "P-É",
};
static const char *const product_types[] = {
	"Azure", "OnlineServices", "OnlineServicesNCE", "Software", "Marketplace", "SaaS", "azure", "",
};
static const char *const charge_types[] = { "new", "renew", "usage", "cancel", "New", "", "addQuantity" };
static const char *const currencies[] = { "USD", "EUR", "usd", "", "GBP" };
static const char *const terms[] = {
	"One-Year commitment for monthly billing", "One-Time purchase", "", "Monthly",
};
static const char *const meters[] = { "Virtual Machines", "Storage", "", "Bandwidth" };
static const char *const res_types[] = {
	"customer", "order", "subscription", "partner_relationship", "partner_customer_relationship",
	"Partner_Relationship", "undefined", "", "brand_new_type",
};
static const char *const op_types[] = { "create_order", "CreateOrder", "update_customer", "", "delete" };
static const char *const op_statuses[] = { "succeeded", "failed", "progress", "decline", "Succeeded", "" };
static const char *const role_lists[] = {
	"Account admin", "Global admin", "account admin;sales agent", "ACCOUNT ADMIN", "Sales agent", "",
	" global admin ; helpdesk", "Globál admin", "Admin agent",
};
static const char *const upns[] = {
	"anna@contoso.com", "ANNA@contoso.com", "bob@fabrikam.com", "émile@école.fr", "", "carl@x.com\r\n",
	"dora@müller.de",
};

/* a GUID of pool i (a few shared between customers and tenants) */
static void guid(char *out, size_t i) { snprintf(out, 40, "%08zx-0000-4000-8000-%012zx", i * 2654435761u % 0xffffffffu, i); }

static char ids[64][40];   /* customer/tenant GUIDs, then a bad one and "" */
#define NIDS 40

static const char *an_id(void)
{
	size_t k = pick(NIDS + 2);
	return k < NIDS ? ids[k] : k == NIDS ? "not-a-guid" : "";
}

struct out {
	FILE *f;
	int first;
};

static void cell(struct out *o, const char *s)
{
	const char *p;
	int q = strpbrk(s, ",\"\r\n") != NULL || (*s && chance(3));
	if (!o->first)
		fputc(',', o->f);
	o->first = 0;
	if (!q) {
		fputs(s, o->f);
		return;
	}
	fputc('"', o->f);
	for (p = s; *p; p++) {
		if (*p == '"')
			fputc('"', o->f);
		fputc(*p, o->f);
	}
	fputc('"', o->f);
}

static void endrow(struct out *o)
{
	fputs(chance(10) ? "\r\n" : "\n", o->f);
	o->first = 1;
}

static struct out open_out(const char *dir, const char *name, const char *header)
{
	struct out o;
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	o.f = fopen(path, "wb");
	if (!o.f) {
		fprintf(stderr, "gencsp: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	fprintf(o.f, "%s\n", header);
	o.first = 1;
	return o;
}

static void close_out(struct out *o)
{
	if (fclose(o->f)) {
		perror("gencsp");
		exit(2);
	}
}

static void partners(const char *dir)
{
	struct out o = open_out(dir, "partners.csv", "PartnerId,PartnerName,Country,CspRegion,CspRole,ProgramStatus,"
				"VerificationStatus,IsAgreementSigned,CspEnrolledOn,CspLeftOn,IsSelf");
	size_t i;
	for (i = 0; i < N_(partner_ids) + 3; i++) {
		cell(&o, i < N_(partner_ids) ? partner_ids[i] : ANY(partner_ids)); /* then duplicate keys */
		cell(&o, ANY(names));
		cell(&o, ANY(countries));
		cell(&o, ANY(regions));
		cell(&o, ANY(roles));
		cell(&o, ANY(statuses));
		cell(&o, ANY(verifications));
		cell(&o, ANY(bools));
		cell(&o, ANY(dates));
		cell(&o, chance(70) ? "" : ANY(dates));
		cell(&o, i == 0 ? "true" : chance(80) ? "" : ANY(bools));
		endrow(&o);
	}
	close_out(&o);
}

static void tenants(const char *dir)
{
	struct out o = open_out(dir, "tenants.csv", "TenantId,PartnerId,PrimaryDomain,TenantUse,Cloud");
	size_t i;
	for (i = 0; i < 24; i++) {
		cell(&o, i < 20 ? ids[i] : an_id());
		cell(&o, ANY(partner_ids));
		cell(&o, ANY(names));
		cell(&o, ANY(tenant_uses));
		cell(&o, ANY(clouds));
		endrow(&o);
	}
	close_out(&o);
}

static void relationships(const char *dir)
{
	struct out o = open_out(dir, "relationships.csv", "ProviderId,Id,Name,MpnId,Location,RelationshipType,State,"
				"AuthorizedAt,RemovedAt");
	size_t i;
	for (i = 0; i < 40; i++) {
		cell(&o, chance(30) ? "" : ANY(partner_ids));
		cell(&o, an_id());
		cell(&o, ANY(names));
		cell(&o, ANY(partner_ids));
		cell(&o, ANY(countries));
		cell(&o, ANY(rel_types));
		cell(&o, ANY(states));
		cell(&o, chance(30) ? "" : ANY(dates));
		cell(&o, chance(70) ? "" : ANY(dates));
		endrow(&o);
	}
	close_out(&o);
}

static void customers(const char *dir)
{
	struct out o = open_out(dir, "customers.csv", "CustomerId,CompanyName,Domain,Relationship,Country,Cloud");
	struct out c = open_out(dir, "customer_clouds.csv", "CustomerId,Cloud,Evidence");
	size_t i;
	for (i = 0; i < NIDS + 4; i++) {
		const char *id = i < NIDS ? ids[i] : an_id();
		cell(&o, id);
		cell(&o, ANY(names));
		cell(&o, ANY(names));
		cell(&o, chance(50) ? "Reseller" : "");
		cell(&o, ANY(countries));
		cell(&o, chance(70) ? "" : ANY(clouds));
		endrow(&o);
		if (chance(50)) {
			cell(&c, id);
			cell(&c, ANY(clouds));
			cell(&c, ANY(names));
			endrow(&c);
		}
	}
	close_out(&o);
	close_out(&c);
}

/* about half the (customer, partner) pairs, so sales lines find one often */
static void customer_partners(const char *dir)
{
	struct out o = open_out(dir, "customer_partners.csv", "CustomerId,PartnerId,RelationshipToPartner,Channel,"
				"Workload,EstablishedAt,EndedAt");
	size_t i, p;
	for (i = 0; i < NIDS + 2; i++)
		for (p = 0; p < N_(partner_ids); p++) {
			if (chance(50))
				continue;
			cell(&o, i < NIDS ? ids[i] : an_id());
			cell(&o, partner_ids[p]);
			cell(&o, chance(80) ? "reseller" : ANY(cp_rel));
			cell(&o, chance(80) ? "CSP" : ANY(channels));
			cell(&o, ANY(workloads));
			cell(&o, ANY(dates));
			cell(&o, chance(80) ? "" : ANY(dates));
			endrow(&o);
		}
	close_out(&o);
}

static void products(const char *dir)
{
	struct out o = open_out(dir, "products.csv", "ProductId,Title,ProductType");
	size_t i;
	for (i = 0; i < N_(product_ids); i++) {
		cell(&o, product_ids[i]);
		cell(&o, ANY(names));
		cell(&o, ANY(product_types));
		endrow(&o);
	}
	close_out(&o);
}

static void sales(const char *dir, size_t n)
{
	struct out o = open_out(dir, "sales.csv", "InvoiceNumber,PartnerId,MpnId,ResellerMpnId,CustomerId,CustomerName,"
				"CustomerDomainName,CustomerCountry,OrderId,OrderDate,ChargeStartDate,ProductId,SkuId,"
				"ProductName,SubscriptionDescription,PublisherName,TermAndBillingCycle,ChargeType,"
				"UnitPrice,Quantity,Subtotal,Currency,SubscriptionId");
	char row[23][96];
	size_t i, k;
	for (i = 0; i < n; i++) {
		/* 2%: the previous line again (a duplicate key, maybe other values) */
		int dup = i && chance(2);
		if (!dup) { /* the key: InvoiceNumber, OrderId, SubscriptionId, ChargeType, ChargeStartDate, ProductId, SkuId */
			snprintf(row[0], 96, "G%06zu", i / 3);
			snprintf(row[8], 96, "%zu", i % 7);
			strcpy(row[9], ANY(any_dates));
			strcpy(row[10], chance(60) ? row[9] : ANY(any_dates));
			strcpy(row[11], ANY(product_ids));
			strcpy(row[12], chance(90) ? "0001" : "");
			strcpy(row[17], ANY(charge_types));
			strcpy(row[22], an_id());
		}
		strcpy(row[1], an_id());
		strcpy(row[2], ANY(partner_ids));
		strcpy(row[3], ANY(partner_ids));
		strcpy(row[4], an_id());
		strcpy(row[5], ANY(names));
		strcpy(row[6], chance(50) ? "" : ANY(names));
		strcpy(row[7], ANY(countries));
		strcpy(row[13], ANY(names));
		strcpy(row[14], chance(80) ? "" : "Azure plan");
		strcpy(row[15], chance(80) ? "" : "Microsoft");
		strcpy(row[16], ANY(terms));
		strcpy(row[18], ANY(decimals));
		strcpy(row[19], ANY(decimals));
		strcpy(row[20], ANY(decimals));
		strcpy(row[21], ANY(currencies));
		for (k = 0; k < 23; k++)
			cell(&o, row[k]);
		endrow(&o);
	}
	close_out(&o);
}

static void usage(const char *dir, size_t n)
{
	struct out o = open_out(dir, "usage.csv", "CustomerId,CustomerName,MpnId,ResellerMpnId,SubscriptionId,"
				"ProductName,MeterCategory,UsageDate,BillingPreTaxTotal,BillingCurrency");
	size_t i;
	for (i = 0; i < n; i++) {
		cell(&o, chance(80) ? ids[pick(20)] : an_id()); /* mostly the tenants' */
		cell(&o, ANY(names));
		cell(&o, ANY(partner_ids));
		cell(&o, ANY(partner_ids));
		cell(&o, an_id());
		cell(&o, ANY(names));
		cell(&o, ANY(meters));
		cell(&o, ANY(any_dates));
		cell(&o, ANY(decimals));
		cell(&o, ANY(currencies));
		endrow(&o);
	}
	close_out(&o);
}

static void admin(const char *dir)
{
	struct out o = open_out(dir, "admin_actions.csv", "OperationDate,PartnerId,UserPrincipalName,UserRoles,"
				"ResourceType,OperationType,OperationStatus,CustomerId");
	struct out u = open_out(dir, "user_roles.csv", "UserPrincipalName,PartnerId,Roles,RetrievedOn");
	size_t i;
	for (i = 0; i < 80; i++) {
		cell(&o, ANY(datetimes));
		cell(&o, chance(20) ? ids[pick(20)] : ANY(partner_ids));
		cell(&o, ANY(upns));
		cell(&o, chance(50) ? "" : ANY(role_lists));
		cell(&o, ANY(res_types));
		cell(&o, ANY(op_types));
		cell(&o, ANY(op_statuses));
		cell(&o, an_id());
		endrow(&o);
	}
	for (i = 0; i < N_(upns) + 2; i++) {
		cell(&u, i < N_(upns) ? upns[i] : ANY(upns));
		cell(&u, ANY(partner_ids));
		cell(&u, ANY(role_lists));
		cell(&u, ANY(dates));
		endrow(&u);
	}
	close_out(&o);
	close_out(&u);
}

int main(int argc, char **argv)
{
	size_t n, i;
	if (argc != 4) {
		fprintf(stderr, "usage: gencsp SEED N OUTDIR\n");
		return 2;
	}
	rng = strtoull(argv[1], NULL, 10) * 0x9E3779B97F4A7C15ull + 1;
	n = (size_t)strtoull(argv[2], NULL, 10);
	for (i = 0; i < NIDS; i++)
		guid(ids[i], i + 1);
	partners(argv[3]);
	tenants(argv[3]);
	relationships(argv[3]);
	customers(argv[3]);
	customer_partners(argv[3]);
	products(argv[3]);
	sales(argv[3], n);
	usage(argv[3], n / 4);
	admin(argv[3]);
	return 0;
}
