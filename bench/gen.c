/*
 * gen.c - synthetic exports for `make bench`: N sales lines against P
 * partners and P tenants (deterministic, no randomness source needed).
 *
 *   gen DIR SALES PARTNERS
 */
#include <stdio.h>
#include <stdlib.h>

static unsigned long long state = 88172645463325252ULL;

static unsigned long long next(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

static FILE *open_file(const char *dir, const char *name)
{
	char path[4096];
	FILE *fp;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "w");
	if (!fp) {
		perror(path);
		exit(1);
	}
	return fp;
}

int main(int argc, char **argv)
{
	long sales, partners, i;
	FILE *fp;
	static const char *roles[] = { "DirectBill", "IndirectProvider", "IndirectReseller", "None" };
	static const char *types[] = { "Azure", "OnlineServices", "OnlineServicesNCE", "Software" };
	if (argc != 4) {
		fprintf(stderr, "usage: gen DIR SALES PARTNERS\n");
		return 2;
	}
	sales = atol(argv[2]);
	partners = atol(argv[3]);
	fp = open_file(argv[1], "partners.csv");
	fprintf(fp, "PartnerId,PartnerName,CspRole,CspEnrolledOn,CspLeftOn\n");
	for (i = 0; i < partners; i++)
		fprintf(fp, "%ld,Partner %ld Ltd,%s,20%02d-%02d-%02d,%s\n", 1000000 + i, i, roles[next() % 4],
			15 + (int)(next() % 10), 1 + (int)(next() % 12), 1 + (int)(next() % 28),
			next() % 10 == 0 ? "2025-06-30" : "");
	fclose(fp);
	fp = open_file(argv[1], "tenants.csv");
	fprintf(fp, "TenantId,PartnerId,TenantUse\n");
	for (i = 0; i < partners; i++)
		fprintf(fp, "%08lx-0000-4000-8000-%012lx,%ld,%s\n", i, i, 1000000 + i, next() % 3 ? "CSP" : "Corporate");
	fclose(fp);
	fp = open_file(argv[1], "products.csv");
	fprintf(fp, "ProductId,Title,ProductType\n");
	for (i = 0; i < 100; i++)
		fprintf(fp, "P-%03ld,Product %ld,%s\n", i, i, types[i % 4]);
	fclose(fp);
	fp = open_file(argv[1], "sales.csv");
	fprintf(fp, "InvoiceNumber,LineItemId,MpnId,ResellerMpnId,CustomerId,OrderId,OrderDate,ProductId,Subtotal\n");
	for (i = 0; i < sales; i++) {
		long cust = (long)(next() % (unsigned long long)(partners * 2)); /* half are not partner tenants */
		fprintf(fp, "INV-%ld,%ld,%ld,%ld,%08lx-0000-4000-8000-%012lx,O-%ld,2026-%02d-%02d,P-%03d,%d.%02d\n",
			i / 10, i % 10 + 1, 1000000 + (long)(next() % (unsigned long long)partners),
			next() % 4 ? 1000000 + (long)(next() % (unsigned long long)partners) : -1L, cust, cust, i,
			1 + (int)(next() % 10), 1 + (int)(next() % 28), (int)(next() % 100),
			(int)(next() % 10000), (int)(next() % 100));
	}
	fclose(fp);
	return 0;
}
