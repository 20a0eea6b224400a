/*
 * The formula language of computed criteria (docs/formats/framework.md):
 * numbers, metric references (`dossier.on_time_rate`, `m@2024-Q1`), the
 * criterion's bounds `max` and `min`, + - * /, comparisons, and/or/not,
 * parentheses and the functions min, max, clamp, round, if, rate, steps,
 * default.
 *
 * Why it is built this way: a framework is compiled once and evaluated for
 * every unit (12,000 units x 150 criteria must score in well under 100 ms),
 * so the text is parsed once into postfix bytecode over doubles. Metric
 * references are resolved to integer slots through a symbol table shared
 * by all criteria of a framework; the caller fills one value per (slot,
 * unit). Two interpreters run the same bytecode:
 *
 *  - formula_eval: one unit, short-circuits if() and default(), and records
 *    WHY a result is missing (which metric, division by zero, ...). Used to
 *    explain a score and to list what an incomplete unit lacks.
 *  - formula_eval_block: a block of units at once (each instruction loops
 *    over the block, so the loops vectorise). It evaluates both branches
 *    of if() and selects per unit, which gives the same values; it does
 *    not record reasons (the scorer re-runs formula_eval for the few units
 *    whose result is missing).
 *
 * Missing values: a missing value is represented by NaN inside the
 * evaluators and in the value arrays callers pass in. Every operation
 * propagates missing, except default(x, v) (v when x is missing) and if()
 * (only the condition and the branch taken matter). Division by zero and
 * rate(n, 0) are missing, never infinite or zero. A non-finite final result
 * (overflow) is missing too.
 *
 * Invariants: compiled code only jumps forward, so evaluation time is
 * linear in the code length; the evaluators never allocate (their scratch
 * is sized at compile time: max_stack, max_reasons); nesting is limited to
 * FORMULA_MAX_DEPTH, so the recursive-descent parser's recursion is bounded.
 * Contract: docs/internals/scoring.md.
 */
#ifndef PARINDEX_CORE_FORMULA_H
#define PARINDEX_CORE_FORMULA_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/datetime.h"
#include "core/number.h"

struct arena;

#define FORMULA_MAX_TEXT 4096 /* bytes of formula text */
#define FORMULA_MAX_DEPTH 64  /* nested parentheses, calls, unary operators */
#define FORMULA_MAX_ARGS 64   /* arguments of one function call */

/* One metric reference of a framework: metric code plus optional period. */
struct formula_slot {
	const char *ref;    /* canonical text: "m" or "m@2024-Q1" */
	const char *metric; /* metric code */
	const char *period; /* canonical period text, NULL = framework's year */
	struct period p;    /* valid when period != NULL */
};

/* Symbol table shared by all formulas of one framework: ref -> slot.
 * Everything lives in the arena given to formula_symbols_init. */
struct formula_symbols {
	struct arena *arena;
	struct formula_slot *v;
	size_t n, cap;
	uint32_t *hash; /* open addressing, slot + 1, 0 = empty */
	size_t hcap;
};

/* Instruction: see formula_impl.h for the opcodes. 16 bytes. */
struct formula_insn {
	uint16_t op;
	uint16_t n;  /* argument count of n-ary ops */
	uint32_t a;  /* slot, or jump target */
	union {
		double k;    /* constant */
		uint32_t b;  /* second jump target */
	} u;
};

struct formula {
	const char *text;        /* as given, NUL-terminated */
	struct formula_insn *code;
	size_t ncode;
	uint32_t *slots;         /* distinct slots referenced, first use first */
	size_t nslots;
	size_t max_stack;        /* values on the stack, block interpreter */
	size_t max_reasons;      /* reasons one evaluation can record */
	bool constant;           /* no metric reference */
};

/* A compile error: 1-based column (code points) and a bilingual message. */
struct formula_error {
	long col;
	char vi[256];
	char en[256];
};

/* Reasons recorded by formula_eval: a slot number (< FORMULA_REASON_FIRST)
 * means "this metric had no value"; the others are below. */
#define FORMULA_REASON_FIRST 0xFFFFFFF0u
#define FORMULA_REASON_DIVZERO 0xFFFFFFFFu  /* a / 0 */
#define FORMULA_REASON_RATEZERO 0xFFFFFFFEu /* rate(n, 0) */
#define FORMULA_REASON_OVERFLOW 0xFFFFFFFDu /* result not a finite number */

/* Scratch for formula_eval; one per thread. */
struct formula_scratch {
	double *stack;
	size_t stack_cap;
	uint32_t *reasons;
	size_t reasons_cap;
	size_t nreasons; /* reasons of the last evaluation */
};

/* Scratch for formula_eval_block; one per thread. */
#define FORMULA_BLOCK 256 /* units per block */
struct formula_block_scratch {
	double *buf;          /* max_stack * FORMULA_BLOCK */
	const double **top;   /* max_stack column pointers */
	size_t stack_cap;
};

/* Starts an empty table whose strings and arrays live in a. */
void formula_symbols_init(struct formula_symbols *s, struct arena *a);
/* The slot of a canonical reference ("m" or "m@2024-Q1"), or -1. */
long formula_symbols_find(const struct formula_symbols *s, const char *ref);

/* Compiles text[0..len) (need not be NUL-terminated). bound_min and
 * bound_max are the criterion's min and max, which the bare identifiers
 * `min` and `max` denote. New metric references are added to syms. On
 * success returns 0 and *out (allocated in a, as is everything it points
 * to); on error returns -1 and fills err (*out is NULL). */
int formula_compile(struct arena *a, struct formula_symbols *syms,
                    const char *text, size_t len, double bound_min,
                    double bound_max, struct formula **out,
                    struct formula_error *err);

/* Sizes scratch for formulas needing at most max_stack values and
 * max_reasons reasons (take the maximum over a framework's formulas). The
 * arrays are allocated in a. */
void formula_scratch_init(struct formula_scratch *s, struct arena *a,
                          size_t max_stack, size_t max_reasons);
void formula_block_scratch_init(struct formula_block_scratch *s,
                                struct arena *a, size_t max_stack);

/* Evaluates f for one unit. The value of slot k is values[k * stride]
 * (NaN = no value). Returns true and sets *out when the result is present;
 * returns false when it is missing, with s->reasons[0..s->nreasons) saying
 * why (metric slots may repeat). s must be sized for f. */
bool formula_eval(const struct formula *f, const double *values,
                  size_t stride, struct formula_scratch *s, double *out);

/* Evaluates f for count (<= FORMULA_BLOCK) consecutive units. The value of
 * slot k for unit i of the block is values[k * stride + i] (so pass the
 * address of the block's first unit in slot 0's column). out[i] is the
 * result, NaN when missing. Same values as formula_eval. */
void formula_eval_block(const struct formula *f, const double *values,
                        size_t stride, size_t count,
                        struct formula_block_scratch *s, double *out);

/* The number conventions (parsing, formatting, rounding) live in
 * core/number.h; these are their names from when they were part of this
 * module, kept for the callers. */
static inline double formula_round(double x, int n)
{
	return number_round(x, n);
}
static inline double formula_round_scaled(double x, int n)
{
	return number_round_scaled(x, n);
}
static inline bool formula_parse_number(const char *s, size_t n, double *out)
{
	return number_parse(s, n, out);
}
static inline void formula_format_number(double x, char out[32])
{
	number_format(x, out);
}
#endif
