/*
 * ast.h - the program: datasets, params, defines and rules as parsed from
 * rule files, annotated in place by the checker (check.c).
 *
 * Everything here lives in the program's arena (struct program.arena) and
 * is freed with it.  Names are NUL-terminated arena strings.  Fields marked
 * "checker" are zero after parsing and filled by check_program().
 */
#ifndef VERDICT_AST_H
#define VERDICT_AST_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "lang/diag.h"
#include "lang/value.h"

struct pcre2_real_code_8;
struct pcre2_real_match_data_8;

/* A compiled regex with its source, shared by `matches` in field
 * declarations and in expressions. */
struct regex {
	const char *src;
	const char *flags;
	struct srcpos pos;
	struct pcre2_real_code_8 *code;  /* checker: compiled (JIT where available) */
};

enum severity { SEV_ERROR = 0, SEV_WARNING, SEV_INFO };

/* ---- datasets ------------------------------------------------------ */

struct field {
	const char *name;
	struct srcpos pos;
	enum vtype type;
	const char **enum_vals;     /* enum: declared spellings */
	size_t nenum;
	uint32_t *enum_ids;         /* loader: enum_vals interned in the data pool */
	int required;
	struct regex *re;           /* matches /re/: checked on the raw text */
	const char **null_if;       /* raw texts read as null */
	size_t nnull_if;
	const char *default_src;    /* default V, as written */
	struct srcpos default_pos;
	struct value default_val;   /* checker: default_src converted (text: loader) */
	const char **at;            /* column names or XML paths, first found wins */
	size_t nat;
	int index;                  /* position in the dataset */
	const char *ds_name;        /* checker: the dataset's name, for messages */
	int has_dq_severity;        /* `severity S`: of this field's data-quality findings */
	enum severity dq_severity;
	int optional;               /* `optional`: a file may lack the column (null, no finding) */
	int identity;               /* planner: an index looks this field up, so its
	                               text is always interned (util/strpool.h; the
	                               loader may store other text raw) */
	/* value formats (docs/rule-language.md, field options) */
	const char **formats;       /* `format "P" {, "P"}`: date/datetime patterns, as written */
	struct srcpos *format_pos;
	size_t nformats;
	struct value_pattern *patterns; /* checker: formats compiled, tried in order */
	const char *zone_src;       /* `zone utc` / `zone "+01:00"`, as written, or NULL */
	struct srcpos zone_pos;
	int64_t zone;               /* checker: its offset in seconds, or VALUE_ZONE_NONE */
	int has_scale;              /* `decimal(N)` */
	int scale;                  /* N (0..DEC_DIGITS); parse: as written */
	struct srcpos scale_pos;
};

/* The fraction digits a decimal field keeps: N of decimal(N), else 6. */
static inline int field_scale(const struct field *f) { return f->has_scale ? f->scale : DEC_DIGITS; }

/* One alternative of a dataset's `from`: a format name, a file name (a
 * glob when it holds '*', '?' or '[') and a record path.  The first
 * alternative with a file is read (data/load.h). */
struct source {
	const char *format;         /* the name after `from` or `or` ("csv", "xml", ...), as
	                               written; the language knows no format: the
	                               name is checked against the format table
	                               (data/format.h) when the rules are loaded */
	struct srcpos format_pos;
	const char *path;           /* relative to the data directory */
	struct srcpos path_pos;
	const char *record;         /* `record "PATH"` (XML: record element path), or NULL */
	struct srcpos record_pos;   /* the 'record' keyword; without one, the token
	                               after the file name (where it was expected) */
};

struct dataset {
	const char *name;
	const char *title;
	struct srcpos pos;
	struct source *sources;     /* the `from` alternatives, in order (none without
	                               a `from`, already an error) */
	size_t nsources;
	int optional;               /* `optional`: may be provided by no source */
	const char **key_names;
	struct srcpos *key_pos;
	size_t nkey;
	int *key;                   /* checker: field index of each key name */
	struct field *fields;
	size_t nfields;
	int used;                   /* checker: named by some rule */
	int index;
	enum severity dq_severity;  /* of its data-quality findings (default error) */
};

/* ---- expressions --------------------------------------------------- */

enum expr_kind {
	E_LIT,      /* lit (text literals: u.lit.text) */
	E_FIELD,    /* var.field */
	E_PARAM,    /* $name */
	E_NAME,     /* bare name: a let, a bound variable, a define argument */
	E_CALL,     /* built-in function or define */
	E_UNARY,    /* op: TK_MINUS or 'not' (OP_NOT) */
	E_BINARY,   /* op: OP_* */
	E_IN,       /* e [not] in (list) */
	E_BETWEEN,  /* e [not] between lo and hi */
	E_ISNULL,   /* e is [not] null */
	E_MATCH,    /* e matches /re/ */
	E_SUBQ      /* exists / count / sum / min / max over a dataset */
};

enum op {
	OP_OR = 1, OP_AND, OP_NOT, OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE,
	OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_NEG
};

enum agg { AGG_EXISTS = 1, AGG_COUNT, AGG_SUM, AGG_MIN, AGG_MAX };

struct subplan;
struct define;
struct func;

struct expr {
	enum expr_kind kind;
	int op;                    /* E_UNARY/E_BINARY: enum op; E_SUBQ: enum agg */
	int neg;                   /* E_IN, E_BETWEEN, E_ISNULL, E_SUBQ(exists): negated */
	struct srcpos pos;         /* the whole expression's span */
	enum vtype type;           /* checker: static type (VT_NULL = unknown/null) */
	const struct field *enumf; /* checker: for enum-typed expressions, the field */
	union {
		struct {
			struct value v;
			const char *text;  /* text literal bytes (interned by the checker) */
			size_t len;
		} lit;
		struct {
			const char *var;
			const char *name;
			struct srcpos name_pos;
			int slot;          /* checker: binding slot of var */
			const struct dataset *ds; /* checker */
			int fidx;          /* checker: field index */
		} field;
		struct {
			const char *name;
			int idx;           /* checker: index in program params */
		} param;
		struct {
			const char *name;
			int slot;          /* checker: binding slot (record var) or let slot */
			int is_let;        /* checker */
		} name;
		struct {
			const char *name;
			struct srcpos name_pos;
			struct expr **args;
			size_t nargs;
			const struct func *fn;  /* checker: the built-in (func.h), or NULL */
			struct expr *expansion; /* checker: a define's body, inlined */
		} call;
		struct {
			struct expr *l, *r;
		} bin;
		struct {
			struct expr *e;
		} un;
		struct {
			struct expr *e;
			struct expr **list;
			size_t n;
		} in;
		struct {
			struct expr *e, *lo, *hi;
		} between;
		struct {
			struct expr *e;
			struct regex *re;
		} match;
		struct {
			const char *var;
			struct srcpos var_pos;
			const char *ds_name;
			struct srcpos ds_pos;
			struct expr *val;    /* sum/min/max: the aggregated expression */
			struct expr *where;  /* may be NULL */
			const struct dataset *ds; /* checker */
			int slot;            /* checker */
			struct subplan *plan; /* planner */
		} sub;
	} u;
};

/* ---- message templates --------------------------------------------- */

struct tmpl_part {
	const char *text;       /* literal text, or NULL for an expression */
	size_t len;
	struct expr *e;
};

struct tmpl {
	const char *src;
	struct srcpos pos;
	struct tmpl_part *parts;
	size_t nparts;
};

/* ---- declarations -------------------------------------------------- */

struct param {
	const char *name;
	struct srcpos pos;
	enum vtype type;
	struct expr *dflt;         /* default expression (a literal or `today`) */
	struct value val;          /* bound value for the run */
	int set;                   /* given on the command line */
};

struct define {
	const char *name;
	struct srcpos pos;
	const char **args;
	struct srcpos *arg_pos;
	size_t nargs;
	struct expr *body;
	const char *text;          /* the define as written, from `define` to the body's end */
	size_t text_len;
	int uses;                  /* checker */
	int recursive;             /* checker: its body calls itself, maybe through other defines */
	int expanding;             /* checker: calls being inlined (nested through arguments) */
	unsigned seen;             /* checker: search stamp (check.c reaches()) */
};

enum clause_kind { CL_FOR, CL_JOIN, CL_LEFT_JOIN, CL_WHERE, CL_LET };

struct clause {
	enum clause_kind kind;
	struct srcpos pos;
	const char *var;           /* for/join/let: the name bound */
	struct srcpos var_pos;
	const char *ds_name;       /* for/join */
	struct srcpos ds_pos;
	struct expr *e;            /* join: on-condition; where: condition; let: value */
	const struct dataset *ds;  /* checker */
	int slot;                  /* checker: binding slot (for/join) or let slot */
};

struct rule {
	const char *id;
	struct srcpos pos;
	const char *title;
	enum severity severity;
	int has_severity;
	const char *policy;
	const char *source;
	const char **tags;
	size_t ntags;
	struct clause *clauses;
	size_t nclauses;
	struct tmpl *message;
	const char *text;          /* the rule as written, from `rule` to `}` */
	size_t text_len;
	struct define **uses;      /* checker: defines it uses, directly or not, first use first */
	size_t nuses;
	int nslots;                /* checker: record bindings (for + joins) */
	int nlets;                 /* checker */
	int index;
};

struct program {
	struct arena arena;
	struct srcfile **files;    /* every rule file read, in order */
	size_t nfiles, files_cap;
	struct dataset **datasets;
	size_t ndatasets, datasets_cap;
	struct param **params;
	size_t nparams, params_cap;
	struct define **defines;
	size_t ndefines, defines_cap;
	struct rule **rules;
	size_t nrules, rules_cap;
};

/* ---- helpers (ast.c) ----------------------------------------------- */

struct strbuf;

/* "error", "warning", "info" */
const char *ast_severity_name(enum severity s);
/* 0 and *s set, or -1 when name is not a severity */
int ast_severity_from_name(const char *name, enum severity *s);
/* Appends e as rule source text (for `explain`, plans and reports), with
 * only the parentheses its operators' binding needs; a define call is
 * printed as the call, not its expansion. */
void ast_expr_text(const struct expr *e, struct strbuf *sb);

#endif
