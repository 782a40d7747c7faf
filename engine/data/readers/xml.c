/*
 * xml.c - the XML reader: the record elements of an XML export become
 * table rows (contract in data/format.h).
 *
 * Paths.  `record "A/B/C"` names elements by local name from the document
 * root: every C inside a B inside the root A is a record.  A field's
 * `at` paths are relative to the record: "X/Y" is the text of a Y inside
 * an X, "@a" an attribute of the record, "X/@a" an attribute of an X; no
 * `at` means the child element named like the field.  Empty and "."
 * steps are skipped ("." alone is the record's own text), and a
 * namespace prefix in a step is dropped: elements and attributes match by
 * local name, so a default namespace or prefixes in the export change
 * nothing (xmlns declarations are never attributes).
 *
 * Values.  An element's value is its text: all text and CDATA inside it,
 * nested elements included, entities decoded (XPath string value), so a
 * container element's value includes the indentation between its
 * children.  The first occurrence in document order wins; with several
 * `at` paths the first path (in `at` order) found in the record wins.  A
 * path not found leaves the field null; an empty element or attribute is
 * given to ingest as empty (which makes it null).  Text is gathered in one
 * reusable buffer per `at` path: no allocation per record.  A value longer
 * than XMLIN_MAX_VALUE bytes stops the read (DQ-INPUT).
 *
 * Lines.  A row's line is the line of its record's start tag (of the
 * '<', also when the attributes span several lines).
 *
 * Parser.  libxml2's SAX2 parser pulling the stream through a read callback:
 * streaming, no tree, memory independent of the file size, and every
 * record completed before a syntax error is delivered (xmlTextReader parses
 * ahead in 512-byte chunks, drops the nodes it parsed ahead when it meets
 * an error, reports the parser's look-ahead line, and stores node lines in
 * 16 bits, clamped at 65535).
 *
 * Security.  No network (XML_PARSE_NONET), no DTD loading, no default
 * attributes from the DTD, no entity substitution (none of XML_PARSE_NOENT,
 * DTDLOAD, DTDATTR, DTDVALID, HUGE); the external entity loader refuses
 * everything for the duration of the read; and general entities declared
 * in the DOCTYPE are never expanded: a reference to one stops the read
 * with a DQ-INPUT finding.  The five predefined entities and character
 * references are decoded as usual.  This rules out external entities
 * (XXE) and entity expansion bombs (billion laughs, quadratic blowup).
 * libxml2 writes nothing to stderr: its errors are captured, the first
 * fatal one becomes "malformed XML: <libxml2 message>" at its line and
 * column, records before it are kept, a record cut off is rejected.
 * Warnings and namespace errors (an undeclared prefix) are ignored.
 * The libxml2 error handlers and entity loader are process-wide (per
 * thread for the error handlers): they are set for the read and restored
 * after it, so a read must not run concurrently with other libxml2 use.
 */
#include "data/format.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "util/alloc.h"
#include "util/strbuf.h"

#define XMLIN_MAX_VALUE 10000000  /* bytes; libxml2's own text node limit */
#define XMLIN_PROGRESS_EVERY 1000 /* records */

struct name {                  /* one path step: a local name */
	const char *s;
	size_t n;
};

struct alt {                   /* one `at` path of a field */
	const char *src;           /* as written */
	struct name *elem;         /* element steps below the record */
	size_t nelem;
	struct name attr;          /* attribute, or s == NULL: element text */
	int field;
	int found, active;         /* in the current record */
	struct strbuf text;
};

struct xr {
	struct ingest *in;
	struct instream *s;
	xmlParserCtxtPtr ctxt;
	uint64_t bytes;            /* read so far */
	struct name *rec;          /* record path */
	size_t nrec;
	struct alt *alts;          /* in field order, each field's in `at` order */
	size_t nalts;
	size_t *fstart;            /* field i: alts[fstart[i] .. fstart[i+1]) */
	const xmlChar **stack;     /* element names at depth 1..maxdepth below the record */
	size_t maxdepth;
	long depth;                /* depth of the open element, root 0, -1 outside */
	long onpath;               /* deepest open element still on the record path */
	int in_rec;
	size_t nactive;
	size_t nrecords;
	int stopped;               /* failed: ignore every further event */
	int malformed;             /* ... because of a syntax error */
	uint32_t err_line, err_col;
	struct strbuf err;         /* the DQ-INPUT message */
	struct strbuf declared;    /* general entities declared, one per line */
};

/* ---- failure ------------------------------------------------------- */

static void fail(struct xr *x, uint32_t line, uint32_t col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Remember the first failure and stop: later events are ignored and the
 * read callback reports end of file, so the parser winds down at once. */
static void fail(struct xr *x, uint32_t line, uint32_t col, const char *fmt, ...)
{
	va_list ap;
	if (x->stopped)
		return;
	x->stopped = 1;
	x->err_line = line;
	x->err_col = col;
	va_start(ap, fmt);
	strbuf_vaddf(&x->err, fmt, ap);
	va_end(ap);
}

/* libxml2 messages end in a newline and some span two lines. */
static void add_message(struct strbuf *sb, const char *msg)
{
	size_t start = sb->len;
	for (; msg && *msg; msg++)
		strbuf_addch(sb, *msg == '\n' || *msg == '\r' || *msg == '\t' ? ' ' : *msg);
	while (sb->len > start && sb->buf[sb->len - 1] == ' ')
		strbuf_setlen(sb, sb->len - 1);
}

static int declared(const struct xr *x, const char *name)
{
	size_t n = strlen(name);
	const char *p = x->declared.buf;
	for (; *p; p = strchr(p, '\n') + 1)
		if (!strncmp(p, name, n) && p[n] == '\n')
			return 1;
	return 0;
}

/* A reference to an entity other than the five predefined ones (libxml2
 * reports general and parameter entities with the same codes). */
static void entity_error(struct xr *x, const xmlError *e)
{
	uint32_t line = (uint32_t)e->line, col = (uint32_t)e->int2;
	int pe = e->message && !strncmp(e->message, "PEReference", 11);
	struct strbuf ref = STRBUF_INIT;
	strbuf_addf(&ref, "%c%s", pe ? '%' : '&', e->str1);
	if (declared(x, pe ? ref.buf : e->str1))
		fail(x, line, col, "unsupported XML: entity %s; is declared in the DOCTYPE; "
		     "only &amp; &lt; &gt; &quot; &apos; and character references are expanded", ref.buf);
	else if (e->code == XML_WAR_UNDECLARED_ENTITY)
		fail(x, line, col, "unsupported XML: entity %s; is not defined in the document "
		     "(external DTDs are not read)", ref.buf);
	else {
		fail(x, line, col, "malformed XML: ");
		add_message(&x->err, e->message);
		x->malformed = 1;
	}
	strbuf_release(&ref);
}

/* Structured error handler, for the parser and for libxml2 as a whole
 * during the read. */
static void on_error(void *ud, xmlErrorPtr e)
{
	struct xr *x = ud;
	if (x->stopped || !e)
		return;
	if ((e->code == XML_ERR_UNDECLARED_ENTITY || e->code == XML_WAR_UNDECLARED_ENTITY) && e->str1) {
		entity_error(x, e);
		return;
	}
	if (e->level < XML_ERR_FATAL)
		return;
	fail(x, (uint32_t)e->line, (uint32_t)e->int2, "malformed XML: ");
	add_message(&x->err, e->message);
	x->malformed = 1;
}

static void on_generic_error(void *ctx, const char *msg, ...) __attribute__((format(printf, 2, 3)));
static void on_generic_error(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* Refuses every external entity, DTD and schema. */
static xmlParserInputPtr refuse_entity(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	return NULL;
}

/* General entities declared in the DOCTYPE are not expanded: libxml2
 * then reports the reference as undeclared (see on_error). */
static xmlEntityPtr no_entity(void *ud, const xmlChar *name)
{
	(void)ud;
	(void)name;
	return NULL;
}

/* ---- paths --------------------------------------------------------- */

static int name_is(struct name nm, const xmlChar *local)
{
	return !strncmp((const char *)local, nm.s, nm.n) && local[nm.n] == '\0';
}

/* The next step of path *p, as written. */
static struct name next_step(const char **p)
{
	struct name nm;
	const char *e = strchr(*p, '/');
	if (!e)
		e = *p + strlen(*p);
	nm.s = *p;
	nm.n = (size_t)(e - *p);
	*p = *e ? e + 1 : e;
	return nm;
}

/* Names match by local name: "ns:Name" is Name. */
static struct name local_part(struct name nm)
{
	const char *colon = memchr(nm.s, ':', nm.n);
	if (colon) {
		nm.n -= (size_t)(colon + 1 - nm.s);
		nm.s = colon + 1;
	}
	return nm;
}

static int is_skipped(struct name nm)
{
	return nm.n == 0 || (nm.n == 1 && nm.s[0] == '.');
}

/* Split an `at` path into element steps and an optional final attribute;
 * -1 (and a failure) when an attribute step is not the last. */
static int compile_alt(struct xr *x, struct alt *a, const char *src, int field)
{
	const char *p = src;
	memset(a, 0, sizeof(*a));
	a->src = src;
	a->field = field;
	strbuf_init(&a->text, 0);
	a->elem = xcalloc(strlen(src) / 2 + 1, sizeof(*a->elem));
	while (*p) {
		struct name nm = next_step(&p);
		if (is_skipped(nm))
			continue;
		if (a->attr.s) {
			fail(x, 0, 0, "field %s: XML path \"%s\": an attribute (@name) must be the last step",
			     x->in->ds->fields[field].name, src);
			return -1;
		}
		if (nm.s[0] == '@') {
			nm.s++;
			nm.n--;
			a->attr = local_part(nm);
		} else {
			a->elem[a->nelem++] = local_part(nm);
		}
	}
	if (a->attr.s && !a->attr.n) {
		fail(x, 0, 0, "field %s: XML path \"%s\": '@' without an attribute name",
		     x->in->ds->fields[field].name, src);
		return -1;
	}
	return 0;
}

static int compile_record(struct xr *x)
{
	const char *src = x->in->src->record ? x->in->src->record : "", *p = src;
	x->rec = xcalloc(strlen(src) / 2 + 1, sizeof(*x->rec));
	while (*p) {
		struct name nm = next_step(&p);
		if (is_skipped(nm))
			continue;
		if (nm.s[0] == '@') {
			fail(x, 0, 0, "record path \"%s\" names an attribute; it must name elements", src);
			return -1;
		}
		x->rec[x->nrec++] = local_part(nm);
	}
	if (!x->nrec)
		fail(x, 0, 0, "record path \"%s\" names no element", src);
	return x->nrec ? 0 : -1;
}

static int compile_paths(struct xr *x)
{
	const struct dataset *ds = x->in->ds;
	size_t fi, k, n = 0;
	if (compile_record(x))
		return -1;
	for (fi = 0; fi < ds->nfields; fi++)
		n += ds->fields[fi].nat;
	x->alts = xcalloc(n ? n : 1, sizeof(*x->alts));
	x->fstart = xcalloc(ds->nfields + 1, sizeof(*x->fstart));
	for (fi = 0; fi < ds->nfields; fi++) {
		x->fstart[fi] = x->nalts;
		for (k = 0; k < ds->fields[fi].nat; k++) {
			struct alt *a = &x->alts[x->nalts++];
			if (compile_alt(x, a, ds->fields[fi].at[k], (int)fi))
				return -1;
			if (a->nelem > x->maxdepth)
				x->maxdepth = a->nelem;
		}
	}
	x->fstart[ds->nfields] = x->nalts;
	x->stack = xcalloc(x->maxdepth + 1, sizeof(*x->stack));
	return 0;
}

/* ---- values -------------------------------------------------------- */

static void add_text(struct xr *x, struct alt *a, const xmlChar *s, size_t n)
{
	if (a->text.len + n > XMLIN_MAX_VALUE) {
		fail(x, (uint32_t)xmlSAX2GetLineNumber(x->ctxt), 0,
		     "value of field %s (XML path \"%s\") is longer than %d bytes",
		     x->in->ds->fields[a->field].name, a->src, XMLIN_MAX_VALUE);
		return;
	}
	strbuf_add(&a->text, s, n);
}

/* With entity substitution off, libxml2 hands attribute values over with
 * every '&' (from &amp; or &#38;) written as "&#38;", for the tree builder
 * to decode; a literal "&#38;" in the file arrives as "&#38;#38;". */
static void add_attr_value(struct xr *x, struct alt *a, const xmlChar *s, const xmlChar *end)
{
	while (s < end && !x->stopped) {
		const xmlChar *amp = memchr(s, '&', (size_t)(end - s));
		if (!amp) {
			add_text(x, a, s, (size_t)(end - s));
			return;
		}
		add_text(x, a, s, (size_t)(amp - s));
		add_text(x, a, (const xmlChar *)"&", 1);
		s = amp + (end - amp >= 5 && !memcmp(amp, "&#38;", 5) ? 5 : 1);
	}
}

/* attrs: nattr entries of localname, prefix, URI, value, value end;
 * attributes defaulted from the DTD are not given (no XML_PARSE_DTDATTR). */
static void take_attr(struct xr *x, struct alt *a, int nattr, const xmlChar **attrs)
{
	int i;
	for (i = 0; i < nattr; i++) {
		const xmlChar **at = attrs + 5 * i;
		if (!name_is(a->attr, at[0]))
			continue;
		add_attr_value(x, a, at[3], at[4]);
		a->found = 1;
		return;
	}
}

static int path_matches(const struct xr *x, const struct alt *a)
{
	size_t j;
	for (j = 0; j < a->nelem; j++)
		if (!name_is(a->elem[j], x->stack[j + 1]))
			return 0;
	return 1;
}

/* An element opens at depth rel below the record (0: the record). */
static void match_alts(struct xr *x, size_t rel, int nattr, const xmlChar **attrs)
{
	size_t i;
	for (i = 0; i < x->nalts; i++) {
		struct alt *a = &x->alts[i];
		if (a->found || a->active || a->nelem != rel || !path_matches(x, a))
			continue;
		if (a->attr.s) {
			take_attr(x, a, nattr, attrs);
		} else {
			a->active = 1;
			x->nactive++;
		}
	}
}

/* An element closes at depth rel below the record. */
static void end_alts(struct xr *x, size_t rel)
{
	size_t i;
	for (i = 0; x->nactive && i < x->nalts; i++) {
		struct alt *a = &x->alts[i];
		if (a->active && a->nelem == rel) {
			a->active = 0;
			a->found = 1;
			x->nactive--;
		}
	}
}

/* ---- records ------------------------------------------------------- */

/* Line and column of the '<' of the start tag being reported.  libxml2
 * calls startElementNs with the input at the end of the start tag and
 * never shrinks its buffer while parsing a start tag (the attribute values
 * point into it); attribute values cannot contain '<'.  Column in bytes,
 * 0 when the line start is no longer in the buffer. */
static void tag_start(const struct xr *x, uint32_t *line, uint32_t *col)
{
	const xmlParserInput *ip = x->ctxt->input;
	const xmlChar *lt = ip->cur, *bol;
	uint32_t nl = 0;
	*line = (uint32_t)ip->line;
	*col = 0;
	while (lt > ip->base && *lt != '<')
		if (*--lt == '\n')
			nl++;
	if (*lt != '<')
		return;
	*line -= nl;
	for (bol = lt; bol > ip->base && bol[-1] != '\n'; bol--)
		;
	if (bol > ip->base || ip->consumed == 0)
		*col = (uint32_t)(lt - bol) + 1;
}

static void record_start(struct xr *x, int nattr, const xmlChar **attrs)
{
	uint32_t line, col;
	size_t i;
	tag_start(x, &line, &col);
	x->in_rec = 1;
	ingest_row_begin(x->in, line);
	for (i = 0; i < x->nalts; i++) {
		x->alts[i].found = 0;
		x->alts[i].active = 0;
		strbuf_reset(&x->alts[i].text);
	}
	x->nactive = 0;
	match_alts(x, 0, nattr, attrs);
}

static void record_end(struct xr *x)
{
	size_t fi, k;
	for (fi = 0; fi < x->in->ds->nfields; fi++) {
		for (k = x->fstart[fi]; k < x->fstart[fi + 1]; k++) {
			const struct alt *a = &x->alts[k];
			if (a->found) {
				ingest_cell(x->in, (int)fi, a->text.buf, a->text.len);
				break;
			}
		}
	}
	ingest_row_end(x->in);
	x->in_rec = 0;
	if (++x->nrecords % XMLIN_PROGRESS_EVERY == 0)
		ingest_progress(x->in, x->bytes);
}

static void wrong_root(struct xr *x, const xmlChar *local)
{
	uint32_t line, col;
	tag_start(x, &line, &col);
	fail(x, line, col, "root element is <%s>, expected <%.*s> (record path \"%s\")",
	     (const char *)local, (int)x->rec[0].n, x->rec[0].s, x->in->src->record);
}

/* ---- SAX callbacks ------------------------------------------------- */

static void on_start(void *ud, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
		     int nns, const xmlChar **ns, int nattr, int ndefaulted, const xmlChar **attrs)
{
	struct xr *x = ud;
	long d;
	(void)prefix, (void)uri, (void)nns, (void)ns;
	if (x->stopped)
		return;
	d = ++x->depth;
	nattr -= ndefaulted;
	if (x->in_rec) {
		size_t rel = (size_t)d - (x->nrec - 1);
		if (rel <= x->maxdepth) {
			x->stack[rel] = local;
			match_alts(x, rel, nattr, attrs);
		}
		return;
	}
	if (d == 0 && !name_is(x->rec[0], local)) {
		wrong_root(x, local);
		return;
	}
	if (x->onpath != d - 1 || (size_t)d >= x->nrec || !name_is(x->rec[d], local))
		return;
	x->onpath = d;
	if ((size_t)d == x->nrec - 1)
		record_start(x, nattr, attrs);
}

static void on_end(void *ud, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
	struct xr *x = ud;
	long d;
	(void)local, (void)prefix, (void)uri;
	if (x->stopped)
		return;
	d = x->depth--;
	if (x->in_rec) {
		size_t rel = (size_t)d - (x->nrec - 1);
		end_alts(x, rel);
		if (rel == 0)
			record_end(x);
	}
	if (x->onpath == d)
		x->onpath = d - 1;
}

/* Text, CDATA and whitespace. */
static void on_text(void *ud, const xmlChar *s, int len)
{
	struct xr *x = ud;
	size_t i;
	if (x->stopped || !x->nactive)
		return;
	for (i = 0; i < x->nalts && !x->stopped; i++)
		if (x->alts[i].active)
			add_text(x, &x->alts[i], s, (size_t)len);
}

static int on_read(void *ud, char *buf, int len)
{
	struct xr *x = ud;
	ssize_t n;
	if (x->stopped)
		return 0;
	n = instream_read(x->s, buf, (size_t)len);
	if (n < 0) {
		fail(x, 0, 0, "cannot read: %s", strerror(errno));
		return 0;
	}
	x->bytes += (uint64_t)n;
	return (int)n;
}

/* The document declares an entity: remember its name ("%name" for a
 * parameter entity), for messages only. */
static void on_entity_decl(void *ud, const xmlChar *name, int type, const xmlChar *public_id,
			   const xmlChar *system_id, xmlChar *content)
{
	struct xr *x = ud;
	(void)public_id, (void)system_id, (void)content;
	if (type == XML_INTERNAL_PARAMETER_ENTITY || type == XML_EXTERNAL_PARAMETER_ENTITY)
		strbuf_addch(&x->declared, '%');
	strbuf_addstr(&x->declared, (const char *)name);
	strbuf_addch(&x->declared, '\n');
}

/* Only what the reader needs.  No xmlSAX2* defaults: they take the parser
 * context as user data, and the user data must not be the context, or
 * libxml2 looks entities up itself when getEntity finds none. */
static void sax_init(xmlSAXHandler *h)
{
	memset(h, 0, sizeof(*h));
	h->initialized = XML_SAX2_MAGIC;
	h->startElementNs = on_start;
	h->endElementNs = on_end;
	h->characters = on_text;
	h->ignorableWhitespace = on_text;
	h->cdataBlock = on_text;
	h->getEntity = no_entity;
	h->entityDecl = on_entity_decl;
	h->serror = on_error;
}

/* ---- the read ------------------------------------------------------ */

struct saved_handlers {
	xmlExternalEntityLoader loader;
	xmlGenericErrorFunc generic;
	void *generic_ctx;
	xmlStructuredErrorFunc structured;
	void *structured_ctx;
};

static void handlers_set(struct saved_handlers *s, struct xr *x)
{
	s->loader = xmlGetExternalEntityLoader();
	s->generic = xmlGenericError;
	s->generic_ctx = xmlGenericErrorContext;
	s->structured = xmlStructuredError;
	s->structured_ctx = xmlStructuredErrorContext;
	xmlSetExternalEntityLoader(refuse_entity);
	xmlSetGenericErrorFunc(x, on_generic_error);
	xmlSetStructuredErrorFunc(x, on_error);
}

static void handlers_restore(const struct saved_handlers *s)
{
	xmlSetExternalEntityLoader(s->loader);
	xmlSetGenericErrorFunc(s->generic_ctx, s->generic);
	xmlSetStructuredErrorFunc(s->structured_ctx, s->structured);
}

static void parse(struct xr *x)
{
	xmlSAXHandler sax;
	struct saved_handlers saved;
	sax_init(&sax);
	handlers_set(&saved, x);
	x->ctxt = xmlCreateIOParserCtxt(&sax, x, on_read, NULL, x, XML_CHAR_ENCODING_NONE);
	if (!x->ctxt) {
		fail(x, 0, 0, "cannot read: libxml2 could not create a parser");
	} else {
		xmlCtxtUseOptions(x->ctxt, XML_PARSE_NONET);
		xmlParseDocument(x->ctxt);
		if (x->ctxt->myDoc)
			xmlFreeDoc(x->ctxt->myDoc);
		x->ctxt->myDoc = NULL;
		xmlFreeParserCtxt(x->ctxt);
		x->ctxt = NULL;
	}
	handlers_restore(&saved);
}

static void report(struct xr *x)
{
	if (x->in_rec)
		ingest_row_reject(x->in, 0, "record cut off by %s at line %u",
				  x->malformed ? "malformed XML" : "the input error", ingest_line(x->in, x->err_line));
	ingest_input_error(x->in, x->err_line, x->err_col, "%s", x->err.buf);
}

static void release(struct xr *x)
{
	size_t i;
	for (i = 0; i < x->nalts; i++) {
		free(x->alts[i].elem);
		strbuf_release(&x->alts[i].text);
	}
	free(x->alts);
	free(x->fstart);
	free(x->rec);
	free(x->stack);
	strbuf_release(&x->err);
	strbuf_release(&x->declared);
}

int xmlin_read(struct ingest *in, struct instream *s)
{
	struct xr x;
	int rc;
	memset(&x, 0, sizeof(x));
	x.in = in;
	x.s = s;
	x.depth = -1;
	x.onpath = -1;
	strbuf_init(&x.err, 0);
	strbuf_init(&x.declared, 0);
	xmlInitParser();
	if (!compile_paths(&x))
		parse(&x);
	rc = x.stopped ? -1 : 0;
	if (x.stopped)
		report(&x);
	release(&x);
	return rc;
}
