/*
 * csvscan.c - the floor of the ingest target (docs/benchmarks.md): reads
 * a CSV file through libcsv with callbacks that do nothing but count, in
 * 1 MiB reads, on one thread.  verdict parses and types the same file
 * with libcsv too (the same options), so the ratio of the two is what verdict adds.
 *
 *   csvscan FILE     prints "RECORDS FIELDS BYTES SECONDS"
 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static unsigned long fields, records;

static void on_field(void *s, size_t n, void *data)
{
	(void)s, (void)n, (void)data;
	fields++;
}

static void on_record(int c, void *data)
{
	(void)c, (void)data;
	records++;
}

int main(int argc, char **argv)
{
	static char buf[1 << 20];
	struct csv_parser p;
	struct timespec t0, t1;
	unsigned long long bytes = 0;
	size_t n;
	FILE *fp;
	if (argc != 2) {
		fprintf(stderr, "usage: csvscan FILE\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	fp = fopen(argv[1], "rb");
	if (!fp || csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		perror(argv[1]);
		return 1;
	}
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0) {
		bytes += n;
		if (csv_parse(&p, buf, n, on_field, on_record, NULL) != n) {
			fprintf(stderr, "%s: %s\n", argv[1], csv_strerror(csv_error(&p)));
			return 1;
		}
	}
	csv_fini(&p, on_field, on_record, NULL);
	csv_free(&p);
	fclose(fp);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%lu %lu %llu %.3f\n", records, fields, bytes,
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return 0;
}
