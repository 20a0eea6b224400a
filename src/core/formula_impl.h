/*
 * Private to the formula module (formula_symbols.c, formula_lex.c,
 * formula_compile.c, formula_eval.c): the opcodes, the element operations
 * both interpreters and the constant folder share (so that folding and run
 * time compute the same values), and the parser state the lexer and the
 * compiler share. Nothing outside src/core/formula_*.c includes it; the
 * public API is formula.h.
 */
#ifndef PARINDEX_CORE_FORMULA_IMPL_H
#define PARINDEX_CORE_FORMULA_IMPL_H
#include <math.h>
#include <stdio.h>

#include "core/formula.h"
#include "core/number.h"

enum op {
	OP_PUSH,  /* u.k */
	OP_LOAD,  /* a = slot */
	OP_NEG,
	OP_ADD,
	OP_SUB,
	OP_MUL,
	OP_DIV,
	OP_LT,
	OP_LE,
	OP_GT,
	OP_GE,
	OP_EQ,
	OP_NE,
	OP_AND,
	OP_OR,
	OP_NOT,
	OP_MIN2,
	OP_MAX2,
	OP_CLAMP, /* x lo hi */
	OP_ROUND, /* x n */
	OP_RATE,  /* num den */
	OP_STEPS, /* n values: x t1 p1 ... */
	OP_IF,    /* one unit: pop cond; missing -> push NaN, goto u.b;
	             false -> goto a. block: nothing */
	OP_ELSE,  /* one unit: goto a. block: nothing */
	OP_IFEND, /* one unit: nothing. block: select(cond, a, b) */
	OP_DMARK, /* one unit: remember the reason count. block: nothing */
	OP_DTEST, /* one unit: present -> goto a; else pop, forget reasons */
	OP_DEND,  /* one unit: nothing. block: missing(x) ? v : x */
};

/* ---- element operations, shared by both interpreters ---------------- */

static inline double el_div(double a, double b)
{
	return b == 0 ? NAN : a / b;
}

static inline bool el_any_nan2(double a, double b)
{
	return isnan(a) || isnan(b);
}

static inline double el_cmp(int op, double a, double b)
{
	if (el_any_nan2(a, b))
		return NAN;
	switch (op) {
	case OP_LT:
		return a < b;
	case OP_LE:
		return a <= b;
	case OP_GT:
		return a > b;
	case OP_GE:
		return a >= b;
	case OP_EQ:
		return a == b;
	default:
		return a != b;
	}
}

static inline double el_and(double a, double b)
{
	return el_any_nan2(a, b) ? NAN : (a != 0 && b != 0);
}

static inline double el_or(double a, double b)
{
	return el_any_nan2(a, b) ? NAN : (a != 0 || b != 0);
}

static inline double el_not(double a)
{
	return isnan(a) ? NAN : (a == 0);
}

static inline double el_min(double a, double b)
{
	return el_any_nan2(a, b) ? NAN : (b < a ? b : a);
}

static inline double el_max(double a, double b)
{
	return el_any_nan2(a, b) ? NAN : (b > a ? b : a);
}

static inline double el_clamp(double x, double lo, double hi)
{
	if (isnan(x) || isnan(lo) || isnan(hi))
		return NAN;
	x = x < lo ? lo : x;
	return x > hi ? hi : x;
}

static inline double el_round(double x, double n)
{
	if (el_any_nan2(x, n))
		return NAN;
	n = n < -15 ? -15 : n > 15 ? 15 : n;
	return number_round(x, (int)n);
}

/* v[0] = x, then threshold/points pairs v[1], v[2], ...; n values. */
static inline double el_steps(const double *v, uint16_t n)
{
	double x = v[0];
	if (isnan(x))
		return NAN;
	double points = 0, best = -INFINITY;
	bool any = false;
	for (uint16_t k = 1; k + 1 < n; k += 2) {
		double t = v[k], p = v[k + 1];
		if (el_any_nan2(t, p))
			return NAN;
		if (t <= x && (!any || t >= best)) {
			best = t;
			points = p;
			any = true;
		}
	}
	return points;
}


enum tok {
	T_END,
	T_NUM,
	T_IDENT,
	T_LP,
	T_RP,
	T_COMMA,
	T_PLUS,
	T_MINUS,
	T_STAR,
	T_SLASH,
	T_LT,
	T_LE,
	T_GT,
	T_GE,
	T_EQ,
	T_NE,
	T_AND,
	T_OR,
	T_NOT,
};

struct token {
	enum tok t;
	size_t off, len;  /* the whole token in the text */
	size_t id_len;    /* identifier part (before '@') */
	bool has_period;
	struct period p;
	double num;
};

struct parser {
	struct arena *a;
	struct formula_symbols *syms;
	const char *s;
	size_t n, pos;
	struct token tok;
	int depth;
	double bmin, bmax;
	struct formula_insn *code;
	size_t ncode, cap;
	size_t sp, max_sp, barrier, nreason_ops;
	uint32_t *slots;
	size_t nslots, slots_cap;
	struct formula_error *err;
	bool failed;
};

/* Records the first error at byte off of the text (later ones are
 * dropped: the first is the one to fix). */
void formula_fail_at(struct parser *p, size_t off, const char *vi, const char *en);
#define FAILF(p, off, fvi, fen, ...)                                         \
	do {                                                                 \
		char vi_[256], en_[256];                                     \
		snprintf(vi_, sizeof vi_, fvi, __VA_ARGS__);                 \
		snprintf(en_, sizeof en_, fen, __VA_ARGS__);                 \
		formula_fail_at(p, off, vi_, en_);                              \
	} while (0)

/* Reads the next token of p->s at p->pos into p->tok (T_END at the end);
 * a bad token fails p. */
void formula_lex(struct parser *p);
/* The slot of metric[0..mlen) at period p (NULL = the framework year),
 * added to s when new. */
uint32_t formula_symbols_intern(struct formula_symbols *s, const char *metric, size_t mlen,
                                const struct period *p);
#endif
