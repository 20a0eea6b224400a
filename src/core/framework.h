/*
 * An assessment framework in memory: the header (code, title, year, the
 * unit kinds ranked together, rank precision, grades, the previous year's
 * framework and a criterion code mapping to it) and the criteria tree
 * (docs/formats/framework.md).
 *
 * Why it is built this way: readers (JSON, CSV/XLSX, the database) build a
 * framework node by node with frm_add_node(), in any order as long as a
 * parent is added before its children; frm_finish() then puts the nodes in
 * display (pre-)order, checks everything, collecting EVERY problem into a
 * struct diags, and compiles the formulas against one symbol table. Only a
 * finished framework is scored or written.
 *
 * Invariants after frm_finish() returns PX_OK:
 *  - nodes[] is in pre-order: a node's descendants are nodes[i+1 .. end),
 *    so a parent always comes before its children and a reverse scan sees
 *    children before parents;
 *  - codes are unique; a node with children is FRM_METHOD_GROUP and has no
 *    formula; a leaf is ASSESSED or FORMULA; min <= max; step > 0 if set;
 *    every FORMULA leaf has a compiled formula; only top-level nodes are
 *    `extra`.
 * Everything is allocated in the framework's arena; there is no free
 * function: free the arena.
 */
#ifndef PARINDEX_CORE_FRAMEWORK_H
#define PARINDEX_CORE_FRAMEWORK_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "core/formula.h"

struct arena;

#define FRM_FORMAT "parindex-framework/1"
#define FRM_MAX_DEPTH 16       /* levels of criteria */
#define FRM_MAX_NODES 100000
#define FRM_MAX_CODE 64        /* bytes of a criterion or grade code */
#define FRM_MAX_TITLE 2000     /* bytes of a title */
#define FRM_RANK_PRECISION_MAX 6

enum frm_method {
	FRM_METHOD_NONE,     /* not given (a group, or an error for a leaf) */
	FRM_METHOD_GROUP,    /* sums its children */
	FRM_METHOD_ASSESSED, /* self-assessed by the unit, appraised by the council */
	FRM_METHOD_FORMULA,  /* computed from metrics */
};

enum frm_evidence {
	FRM_EVIDENCE_OPTIONAL, /* the default */
	FRM_EVIDENCE_REQUIRED,
	FRM_EVIDENCE_NONE,
};

struct frm_node {
	/* as read */
	const char *code;
	const char *title;
	double max, min;          /* min defaults to 0 */
	bool has_max;
	double step;              /* points granularity of assessed leaves */
	bool has_step;
	enum frm_method method;
	const char *formula_text; /* NULL = none */
	const char **applies_to;  /* unit kinds; napplies == 0: all kinds */
	size_t napplies;
	enum frm_evidence evidence;
	bool extra;               /* bonus/penalty: points count, max does not */
	long line;                /* source line or sheet row, 0 = unknown */
	const char *path;         /* locator in the source ("criteria[0]"), may be NULL */

	/* tree, maintained by frm_add_node() and frm_finish() */
	int parent;               /* -1 = top level */
	int first_child, next_sibling, last_child; /* -1 = none */
	int nchildren;
	int depth;                /* 0 = top level */
	int end;                  /* one past the last descendant (pre-order) */

	/* set by frm_finish() */
	struct formula *formula;  /* FORMULA leaves */
	int assessed_index;       /* 0.. for ASSESSED leaves, else -1 */
	int formula_index;        /* 0.. for FORMULA leaves, else -1 */
};

struct frm_grade {
	const char *code;
	double min;
};

/* previous_map entry: this framework's criterion `code` was
 * `previous_code` in the previous framework. */
struct frm_prev_map {
	const char *code;
	const char *previous_code;
};

struct framework {
	struct arena *arena;
	const char *source;        /* file name for messages, may be NULL */
	const char *code;
	const char *title;
	int year;
	const char **group;        /* unit kinds ranked together */
	size_t ngroup;
	const char *unit;          /* the owner unit's code (ranks its subtree); NULL = the root */
	int rank_precision;        /* decimals for ranking and display; default 2 */
	struct frm_grade *grades;  /* first entry whose min <= index applies */
	size_t ngrades;
	const char *note;          /* free text (source decision...), may be NULL */
	const char *previous;      /* previous framework code, may be NULL */
	struct frm_prev_map *previous_map;
	size_t nprevious_map;

	struct frm_node *nodes;
	size_t nnodes, nodes_cap;
	int first_top, last_top;   /* top-level sibling chain (internal) */

	/* set by frm_finish() */
	bool finished;
	int *top;                  /* top-level node indices, display order */
	size_t ntop;
	int *assessed;             /* node index of each assessed leaf */
	size_t nassessed;
	int *formulas;             /* node index of each formula leaf */
	size_t nformulas;
	struct formula_symbols symbols; /* metric slots of all formulas */
	size_t max_stack;          /* over all formulas: scratch sizes */
	size_t max_reasons;
	int *code_hash;            /* code -> node index + 1 */
	size_t code_hash_cap;
};

/* An empty framework allocated in a (which must outlive it), with
 * rank_precision 2. */
struct framework *frm_new(struct arena *a);

/* Appends a unit kind to the group. The string is copied. */
void frm_add_kind(struct framework *fw, const char *kind);
/* Appends a grade (code copied). */
void frm_add_grade(struct framework *fw, const char *code, double min);
/* Appends a previous_map entry (strings copied). */
void frm_add_previous(struct framework *fw, const char *code,
                      const char *previous_code);

/* Copies *proto (its strings and applies_to list too) as the last child of
 * node `parent` (-1 = top level) and returns the new node's index, or -1
 * if parent is not an existing node or FRM_MAX_NODES is reached. The tree
 * fields of proto are ignored. Indexes change in frm_finish(): look nodes
 * up again with frm_find() afterwards. */
int frm_add_node(struct framework *fw, int parent, const struct frm_node *proto);
/* A node prototype with the defaults: min 0, evidence optional, method
 * none, no step, not extra. */
struct frm_node frm_node_default(void);

/* Orders, checks and compiles fw (see the top of this file). Every
 * problem goes into d: errors (the framework cannot be used) and warnings
 * (it can). Returns PX_OK or PX_BADINPUT when there was an error. Can be
 * called again after changes. */
enum px_err frm_finish(struct framework *fw, struct diags *d);

/* Index of the node with this code, or -1. */
int frm_find(const struct framework *fw, const char *code);
/* True when the node's own applies_to admits kind (ancestors not checked). */
bool frm_node_admits(const struct frm_node *n, const char *kind);
/* True when the node and all its ancestors admit kind. */
bool frm_applies(const struct framework *fw, int node, const char *kind);
/* True when kind is one of the framework's group. */
bool frm_in_group(const struct framework *fw, const char *kind);

/* The metric references of a finished framework: *n slots, one per
 * distinct (metric, period); slot k's values go in score_input column k.
 * Owned by the framework. */
const struct formula_slot *frm_metric_slots(const struct framework *fw, size_t *n);
/* The distinct metric codes referenced, sorted (byte order), allocated in a. */
const char **frm_metric_codes(const struct framework *fw, struct arena *a, size_t *n);

/* Warnings about what the framework names but the data does not have yet:
 * unit kinds (group and applies_to) no unit has, and metrics with no
 * values. The caller passes the kinds that have units and the metric
 * codes that have values. */
void frm_check_known(const struct framework *fw, const char *const *kinds,
                     size_t nkinds, const char *const *metrics,
                     size_t nmetrics, struct diags *d);
/* Warnings about previous_map entries whose old code is not a criterion
 * of prev (the previous framework), and when prev is not fw->previous. */
void frm_check_previous(const struct framework *fw, const struct framework *prev,
                        struct diags *d);

/* Checks points a unit or the council gives to an assessed leaf: within
 * [min, max] and on the step. Returns PX_OK or PX_BADINPUT with one
 * error in d naming the criterion. */
enum px_err frm_check_points(const struct framework *fw, int node, double points,
                             struct diags *d);

/* True when a and b (both finished) have the same content: header,
 * grades, previous map and every node field that is written to a file. */
bool frm_equal(const struct framework *a, const struct framework *b);

/* Parses "district;commune" or "district, commune" (kinds separated by
 * ';' or ',', spaces trimmed, empty items dropped) into an array
 * allocated in a. */
const char **frm_split_kinds(struct arena *a, const char *s, size_t len, size_t *n);
#endif
