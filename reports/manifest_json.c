/*
 * manifest_json.c - manifest.json: the run's provenance (versions, times,
 * command line, parameters, rule files and inputs with their SHA-256 and
 * every file read, counts, each rule's result and reason, exit status).  Always written with the files, and committed
 * last (the last row of the writer table).
 */
#include "reports/sink.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "reports/findings.h"

struct manifest_json {
	struct outfile *of;
	struct strbuf sb;
};

static int manifest_json_open(void **state, struct outfile *of, const struct sink_opts *o)
{
	struct manifest_json *w = xcalloc(1, sizeof(*w));
	w->of = of;
	strbuf_init(&w->sb, 4096);
	*state = w;
	return 0;
}

static void manifest_json_str(struct strbuf *sb, const char *s)
{
	out_json_str(sb, s, strlen(s));
}

/* ["a", "b"] */
static void manifest_json_names(struct strbuf *sb, const char *const *names, size_t n)
{
	size_t k;
	strbuf_addch(sb, '[');
	for (k = 0; k < n; k++) {
		if (k)
			strbuf_addstr(sb, ", ");
		manifest_json_str(sb, names[k]);
	}
	strbuf_addch(sb, ']');
}

static void manifest_json_sha(struct strbuf *sb, const char *sha)
{
	if (sha[0])
		strbuf_addf(sb, "\"%s\"", sha);
	else
		strbuf_addstr(sb, "null");
}

/* the alternative read and every file read */
static void manifest_json_source(struct strbuf *sb, const struct report_input *in)
{
	size_t k;
	strbuf_addstr(sb, ", \"source\": ");
	if (in->source)
		manifest_json_str(sb, in->source);
	else
		strbuf_addstr(sb, "null");
	strbuf_addf(sb, ", \"alternative\": %d, \"optional\": %s, \"files\": [", in->alternative,
		    in->optional ? "true" : "false");
	for (k = 0; k < in->nfiles; k++) {
		strbuf_addstr(sb, k ? ", {\"path\": " : "{\"path\": ");
		manifest_json_str(sb, in->files[k].path);
		strbuf_addf(sb, ", \"bytes\": %llu, \"sha256\": ", (unsigned long long)in->files[k].bytes);
		manifest_json_sha(sb, in->files[k].sha256);
		strbuf_addch(sb, '}');
	}
	strbuf_addch(sb, ']');
}

/* , "rounded": {"UnitPrice": 3}   only when some value was rounded */
static void manifest_json_rounded(struct strbuf *sb, const struct report_input *in)
{
	size_t k;
	if (!in->nrounded)
		return;
	strbuf_addstr(sb, ", \"rounded\": {");
	for (k = 0; k < in->nrounded; k++) {
		if (k)
			strbuf_addstr(sb, ", ");
		manifest_json_str(sb, in->rounded[k].name);
		strbuf_addf(sb, ": %zu", in->rounded[k].n);
	}
	strbuf_addch(sb, '}');
}

static void manifest_json_input(struct strbuf *sb, const struct report_input *in)
{
	strbuf_addstr(sb, "\n    {\"dataset\": ");
	manifest_json_str(sb, in->dataset);
	strbuf_addstr(sb, ", \"path\": ");
	manifest_json_str(sb, in->path);
	strbuf_addf(sb, ", \"format\": \"%s\", \"bytes\": %llu, \"sha256\": ", in->format,
		    (unsigned long long)in->bytes);
	manifest_json_sha(sb, in->sha256);
	strbuf_addf(sb, ", \"rows_read\": %zu, \"rows_loaded\": %zu, \"rows_rejected\": %zu",
		    in->rows_read, in->rows_loaded, in->rows_rejected);
	if (in->rows_swallowed)
		strbuf_addf(sb, ", \"rows_swallowed\": %zu", in->rows_swallowed);
	strbuf_addstr(sb, ", \"columns_missing\": ");
	manifest_json_names(sb, in->missing_cols, in->nmissing);
	strbuf_addstr(sb, ", \"columns_extra\": ");
	manifest_json_names(sb, in->extra_cols, in->nextra);
	manifest_json_rounded(sb, in);
	strbuf_addstr(sb, ", \"input_error\": ");
	if (in->error)
		manifest_json_str(sb, in->error);
	else
		strbuf_addstr(sb, in->input_error ? "true" : "null");
	manifest_json_source(sb, in);
	strbuf_addch(sb, '}');
}

static void manifest_json_inputs(struct strbuf *sb, const struct sink_summary *s)
{
	size_t i;
	strbuf_addstr(sb, ",\n  \"inputs\": [");
	for (i = 0; i < s->ninputs; i++) {
		if (i)
			strbuf_addch(sb, ',');
		manifest_json_input(sb, &s->inputs[i]);
	}
	strbuf_addstr(sb, "\n  ]");
}

static void manifest_json_params(struct strbuf *sb, const struct report_run *run)
{
	size_t i;
	strbuf_addstr(sb, ",\n  \"parameters\": {");
	for (i = 0; i < run->ndeclared; i++) {
		strbuf_addf(sb, "%s\n    ", i ? "," : "");
		manifest_json_str(sb, run->declared[i].name);
		strbuf_addstr(sb, ": ");
		if (run->declared[i].value)
			manifest_json_str(sb, run->declared[i].value);
		else
			strbuf_addstr(sb, "null");
	}
	strbuf_addstr(sb, run->ndeclared ? "\n  }" : "}");
}

static void manifest_json_files(struct strbuf *sb, const struct report_run *run)
{
	size_t i;
	strbuf_addstr(sb, ",\n  \"rule_files\": [");
	for (i = 0; i < run->nrule_files; i++) {
		strbuf_addf(sb, "%s\n    {\"path\": ", i ? "," : "");
		manifest_json_str(sb, run->rule_files[i].path);
		strbuf_addf(sb, ", \"sha256\": \"%s\"}", run->rule_files[i].sha256);
	}
	strbuf_addstr(sb, "\n  ]");
}

static void manifest_json_counts(struct strbuf *sb, const struct report_run *run)
{
	strbuf_addstr(sb, ",\n  \"counts\": {\n    \"by_severity\": {");
	strbuf_addf(sb, "\"error\": %zu, \"warning\": %zu, \"info\": %zu},", run->counts[0],
		    run->counts[1], run->counts[2]);
	strbuf_addf(sb, "\n    \"by_status\": {\"open\": %zu, \"waived\": %zu}",
		    run->findings - run->waived, run->waived);
	strbuf_addf(sb, ",\n    \"findings\": %zu", run->findings);
	strbuf_addf(sb, ",\n    \"evaluation_anomalies\": %zu", run->anomalies);
	strbuf_addstr(sb, "\n  }");
}

/* every rule of the rule table (DQ kinds first) with its result */
static void manifest_json_rules(struct strbuf *sb, const struct sink_summary *s)
{
	size_t i;
	strbuf_addstr(sb, ",\n  \"rules\": [");
	for (i = 0; i < s->nrules; i++) {
		const struct report_rule *ru = &s->rules[i];
		strbuf_addf(sb, "%s\n    {\"id\": ", i ? "," : "");
		manifest_json_str(sb, ru->id);
		strbuf_addf(sb, ", \"result\": \"%s\", \"reason\": ", report_result(ru));
		if (ru->reason)
			manifest_json_str(sb, ru->reason);
		else
			strbuf_addstr(sb, "null");
		strbuf_addch(sb, '}');
	}
	strbuf_addstr(sb, s->nrules ? "\n  ]" : "]");
}

/* the findings schema and rule pack a later --baseline is checked
 * against, then the baseline and waivers this run used */
static void manifest_json_nightly(struct strbuf *sb, const struct report_run *run)
{
	const struct report_nightly *n = run->nightly;
	size_t expired, stale, expiring;
	strbuf_addf(sb, ",\n  \"findings_schema\": %d,\n  \"rule_pack_id\": ", FINDINGS_SCHEMA);
	manifest_json_str(sb, run->rule_pack_id ? run->rule_pack_id : "");
	if (n && n->baseline) {
		strbuf_addstr(sb, ",\n  \"baseline\": {\"path\": ");
		manifest_json_str(sb, n->baseline_path);
		strbuf_addf(sb, ", \"sha256\": \"%s\", \"run_id\": ", n->baseline_sha256);
		manifest_json_str(sb, n->baseline_run_id);
		strbuf_addf(sb, ", \"new\": %zu, \"resolved\": %zu, \"fail_on_new\": %s}", n->nnew,
			    n->nresolved, n->fail_on_new ? "true" : "false");
	}
	if (!n || !n->waivers_path)
		return;
	report_waiver_counts(n, &expired, &stale, &expiring);
	strbuf_addstr(sb, ",\n  \"waivers\": {\"path\": ");
	manifest_json_str(sb, n->waivers_path);
	strbuf_addf(sb, ", \"sha256\": \"%s\", \"waivers\": %zu, \"expired\": %zu, \"stale\": %zu, "
			"\"expiring\": %zu}", n->waivers_sha256, n->nwaivers, expired, stale, expiring);
}

static int manifest_json_finish(void *state, const struct sink_summary *s)
{
	struct manifest_json *w = state;
	const struct report_run *run = s->run;
	struct strbuf *sb = &w->sb;
	strbuf_addf(sb, "{\n  \"verdict_version\": \"%s\",\n  \"run_id\": \"%s\",\n", run->version,
		    run->run_id);
	strbuf_addf(sb, "  \"started\": \"%s\",\n  \"ended\": \"%s\",\n  \"duration_seconds\": %.3f,\n",
		    run->started, run->ended, run->duration_s);
	strbuf_addf(sb, "  \"as_of\": \"%s\",\n  \"command_line\": ", run->as_of);
	manifest_json_str(sb, run->command_line);
	manifest_json_params(sb, run);
	manifest_json_files(sb, run);
	manifest_json_inputs(sb, s);
	manifest_json_counts(sb, run);
	manifest_json_rules(sb, s);
	manifest_json_nightly(sb, run);
	strbuf_addf(sb, ",\n  \"incomplete\": %s", run->incomplete ? "true" : "false");
	strbuf_addf(sb, ",\n  \"exit_status\": %d\n}\n", run->exit_status);
	return out_write(w->of, sb);
}

static void manifest_json_free(void *state)
{
	struct manifest_json *w = state;
	if (!w)
		return;
	strbuf_release(&w->sb);
	free(w);
}

const struct sink_ops manifest_json_ops = {
	.open = manifest_json_open,
	.finish = manifest_json_finish,
	.free = manifest_json_free,
};
