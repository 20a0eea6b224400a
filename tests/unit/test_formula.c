/*
 * core/formula: every operator and function, missing-value propagation
 * (and its exceptions default() and if()), division by zero, steps()
 * boundaries, round() half away from zero, every compile error with its
 * column, the nesting and length limits, number parsing and formatting,
 * and that the one-unit and block interpreters agree.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/str.h"
#include "core/formula.h"

#define NSLOTS 64

struct env {
	struct arena *a;
	struct formula_symbols syms;
	double values[NSLOTS]; /* NaN = missing */
	struct formula_scratch s;
	struct formula_block_scratch bs;
};

static struct env *env_new(void)
{
	struct env *e = calloc(1, sizeof *e);
	e->a = arena_new();
	formula_symbols_init(&e->syms, e->a);
	for (int i = 0; i < NSLOTS; i++)
		e->values[i] = NAN;
	formula_scratch_init(&e->s, e->a, 4200, 4200);
	formula_block_scratch_init(&e->bs, e->a, 4200);
	return e;
}

static void env_free(struct env *e)
{
	arena_free(e->a);
	free(e);
}

static void set(struct env *e, const char *ref, double v)
{
	long slot = formula_symbols_find(&e->syms, ref);
	assert_true(slot >= 0 && slot < NSLOTS);
	e->values[slot] = v;
}

static struct formula *compile_b(struct env *e, const char *text, double bmin,
                                 double bmax)
{
	struct formula *f = NULL;
	struct formula_error err;
	int rc = formula_compile(e->a, &e->syms, text, strlen(text), bmin, bmax, &f, &err);
	if (rc != 0)
		fail_msg("'%s' did not compile: col %ld: %s", text, err.col, err.en);
	assert_true(e->syms.n <= NSLOTS);
	return f;
}

static struct formula *compile(struct env *e, const char *text)
{
	return compile_b(e, text, 0, 10);
}

/* Evaluates with both interpreters; they must agree. Returns present. */
static bool eval(struct env *e, const struct formula *f, double *out)
{
	double v = NAN, block[1];
	bool ok = formula_eval(f, e->values, 1, &e->s, &v);
	formula_eval_block(f, e->values, 1, 1, &e->bs, block);
	if (ok)
		assert_true(block[0] == v);
	else
		assert_true(isnan(block[0]));
	if (out)
		*out = v;
	return ok;
}

static double value_of(struct env *e, const char *text)
{
	struct formula *f = compile(e, text);
	double v;
	if (!eval(e, f, &v))
		fail_msg("'%s' is missing", text);
	return v;
}

static void assert_value(struct env *e, const char *text, double want)
{
	double v = value_of(e, text);
	if (fabs(v - want) > 1e-12)
		fail_msg("'%s' = %.17g, expected %.17g", text, v, want);
}

/* Asserts text evaluates to missing; returns the number of reasons. */
static size_t assert_missing(struct env *e, const char *text)
{
	struct formula *f = compile(e, text);
	double v;
	if (eval(e, f, &v))
		fail_msg("'%s' = %g, expected missing", text, v);
	assert_true(e->s.nreasons >= 1);
	return e->s.nreasons;
}

static bool has_reason(struct env *e, uint32_t why)
{
	for (size_t i = 0; i < e->s.nreasons; i++)
		if (e->s.reasons[i] == why)
			return true;
	return false;
}

static uint32_t slot_of(struct env *e, const char *ref)
{
	long s = formula_symbols_find(&e->syms, ref);
	assert_true(s >= 0);
	return (uint32_t)s;
}

/* Compiling must fail at column col with an English message containing
 * want (and a Vietnamese one). */
static void assert_error(const char *text, long col, const char *want)
{
	struct env *e = env_new();
	struct formula *f = NULL;
	struct formula_error err;
	int rc = formula_compile(e->a, &e->syms, text, strlen(text), 0, 10, &f, &err);
	if (rc == 0)
		fail_msg("'%s' compiled, expected an error", text);
	assert_null(f);
	if (err.col != col)
		fail_msg("'%s': error at column %ld (%s), expected %ld", text, err.col,
		         err.en, col);
	if (!strstr(err.en, want))
		fail_msg("'%s': message '%s' lacks '%s'", text, err.en, want);
	assert_true(err.vi[0] != 0);
	env_free(e);
}

/* ---- values ----------------------------------------------------------- */

static void test_arithmetic_and_precedence(void **state)
{
	(void)state;
	struct env *e = env_new();
	assert_value(e, "1 + 2 * 3", 7);
	assert_value(e, "(1 + 2) * 3", 9);
	assert_value(e, "-2 * -3", 6);
	assert_value(e, "- - 2", 2);
	assert_value(e, "+2", 2);
	assert_value(e, "10 / 4", 2.5);
	assert_value(e, "2 - 3 - 4", -5); /* left associative */
	assert_value(e, "8 / 2 / 2", 2);
	assert_value(e, ".5 + 1e1 + 2E-1", 10.7);
	assert_value(e, "0.1 + 0.2", 0.1 + 0.2);
	env_free(e);
}

static void test_bounds_max_min(void **state)
{
	(void)state;
	struct env *e = env_new();
	struct formula *f = compile_b(e, "max", -3, 5);
	double v;
	assert_true(eval(e, f, &v));
	assert_true(v == 5);
	f = compile_b(e, "min", -3, 5);
	assert_true(eval(e, f, &v));
	assert_true(v == -3);
	/* as functions when followed by '(' (spaces allowed), bounds inside */
	f = compile_b(e, "max(min, 1) + min (max, 2)", -3, 5);
	assert_true(eval(e, f, &v));
	assert_true(v == 1 + 2);
	f = compile_b(e, "max * 0.5", 0, 3);
	assert_true(eval(e, f, &v));
	assert_true(v == 1.5);
	assert_true(f->constant);
	env_free(e);
}

static void test_metric_refs_and_periods(void **state)
{
	(void)state;
	struct env *e = env_new();
	struct formula *f = compile(e, "plan.tasks_done / plan.tasks_total");
	assert_int_equal(f->nslots, 2);
	assert_false(f->constant);
	set(e, "plan.tasks_done", 3);
	set(e, "plan.tasks_total", 4);
	double v;
	assert_true(eval(e, f, &v));
	assert_true(v == 0.75);

	struct formula *g = compile(e, "m@2024-Q1 + m@2024-q1 + m@2024 + m@2024-07 + m + plan.tasks_done");
	assert_int_equal(g->nslots, 5); /* 2024-q1 is 2024-Q1; plan.tasks_done is shared */
	assert_true(formula_symbols_find(&e->syms, "m@2024-Q1") >= 0);
	assert_true(formula_symbols_find(&e->syms, "m@2024-q1") < 0);
	const struct formula_slot *s = &e->syms.v[slot_of(e, "m@2024-07")];
	assert_string_equal(s->metric, "m");
	assert_string_equal(s->period, "2024-07");
	assert_int_equal(s->p.kind, PERIOD_MONTH);
	assert_null(e->syms.v[slot_of(e, "m")].period);
	set(e, "m@2024-Q1", 1);
	set(e, "m@2024", 10);
	set(e, "m@2024-07", 100);
	set(e, "m", 1000);
	assert_true(eval(e, g, &v));
	assert_true(v == 1 + 1 + 10 + 100 + 1000 + 3);
	/* identifiers: letters, digits, '_' and '.', not starting with a digit */
	compile(e, "_x.y_2.z + a1");
	env_free(e);
}

static void test_comparisons_and_logic(void **state)
{
	(void)state;
	struct env *e = env_new();
	assert_value(e, "1 < 2", 1);
	assert_value(e, "2 <= 2", 1);
	assert_value(e, "3 > 4", 0);
	assert_value(e, "4 >= 4.5", 0);
	assert_value(e, "1 == 1", 1);
	assert_value(e, "1 != 1", 0);
	assert_value(e, "1 and 0", 0);
	assert_value(e, "2 and 3", 1);
	assert_value(e, "1 or 0", 1);
	assert_value(e, "0 or 0", 0);
	assert_value(e, "not 0", 1);
	assert_value(e, "not 5", 0);
	assert_value(e, "not 1 < 2", 0);          /* not (1 < 2) */
	assert_value(e, "1 < 2 and 3 < 4", 1);
	assert_value(e, "0 and 1 or 1", 1);       /* (0 and 1) or 1 */
	assert_value(e, "1 + 1 == 2", 1);
	env_free(e);
}

/* Comparisons and logic on metrics, so neither interpreter's comparison
 * code is skipped by constant folding (the cases above are all folded at
 * compile time). testcase: each operator below, at and on both sides of
 * equality, metric against metric and metric against a constant. */
struct cmp_case {
	const char *text;
	double a, b, want; /* want NaN: missing */
};

static void assert_on_vars(struct env *e, const struct cmp_case *c)
{
	struct formula *f = compile(e, c->text);
	set(e, "m.a", c->a);
	if (formula_symbols_find(&e->syms, "m.b") >= 0)
		set(e, "m.b", c->b);
	if (f->constant)
		fail_msg("'%s' was folded to a constant", c->text);
	double v;
	bool ok = eval(e, f, &v);
	if (isnan(c->want)) {
		if (ok)
			fail_msg("'%s' with a=%g b=%g = %g, expected missing", c->text, c->a, c->b, v);
		return;
	}
	if (!ok)
		fail_msg("'%s' with a=%g b=%g is missing, expected %g", c->text, c->a, c->b, c->want);
	if (v != c->want)
		fail_msg("'%s' with a=%g b=%g = %g, expected %g", c->text, c->a, c->b, v, c->want);
}

static void test_comparisons_on_variables(void **state)
{
	(void)state;
	struct env *e = env_new();
	static const struct cmp_case cases[] = {
		{"m.a < m.b", 1, 2, 1},   {"m.a < m.b", 2, 2, 0},   {"m.a < m.b", 3, 2, 0},
		{"m.a <= m.b", 1, 2, 1},  {"m.a <= m.b", 2, 2, 1},  {"m.a <= m.b", 3, 2, 0},
		{"m.a > m.b", 1, 2, 0},   {"m.a > m.b", 2, 2, 0},   {"m.a > m.b", 3, 2, 1},
		{"m.a >= m.b", 1, 2, 0},  {"m.a >= m.b", 2, 2, 1},  {"m.a >= m.b", 3, 2, 1},
		{"m.a == m.b", 1, 2, 0},  {"m.a == m.b", 2, 2, 1},  {"m.a == m.b", 3, 2, 0},
		{"m.a != m.b", 1, 2, 1},  {"m.a != m.b", 2, 2, 0},  {"m.a != m.b", 3, 2, 1},
		/* fractions one ulp-free step apart, and 0 == -0 */
		{"m.a < m.b", 0.75, 0.8, 1}, {"m.a >= m.b", 0.8, 0.8, 1}, {"m.a == m.b", 0, -0.0, 1},
		{"m.a != m.b", 0, -0.0, 0},
		/* metric against a constant, on both sides of the operator */
		{"m.a < 0.8", 0.8, 0, 0}, {"m.a <= 0.8", 0.8, 0, 1}, {"m.a > 0.8", 0.8, 0, 0},
		{"m.a >= 0.8", 0.8, 0, 1}, {"m.a >= 0.8", 0.79, 0, 0}, {"m.a == 0.8", 0.8, 0, 1},
		{"m.a != 0.8", 0.8, 0, 0}, {"0.8 < m.a", 0.8, 0, 0}, {"0.8 <= m.a", 0.8, 0, 1},
		{"0.8 > m.a", 0.7, 0, 1}, {"0.8 >= m.a", 0.9, 0, 0},
		/* logic: 0 is false, anything else (negative, fractional) true */
		{"m.a and m.b", 0, 0, 0},  {"m.a and m.b", 0, 1, 0},  {"m.a and m.b", 1, 0, 0},
		{"m.a and m.b", 2, -3, 1}, {"m.a and m.b", 0.5, 1, 1},
		{"m.a or m.b", 0, 0, 0},   {"m.a or m.b", 0, 1, 1},   {"m.a or m.b", 1, 0, 1},
		{"m.a or m.b", -1, -1, 1}, {"m.a or m.b", 0.5, 0, 1},
		{"not m.a", 0, 0, 1},      {"not m.a", 1, 0, 0},      {"not m.a", -0.5, 0, 0},
		{"not m.a < m.b", 1, 2, 0}, {"not m.a < m.b", 2, 2, 1},
		{"m.a >= 1 and m.b >= 1", 1, 1, 1}, {"m.a >= 1 and m.b >= 1", 1, 0.99, 0},
		{"m.a > 1 or m.b > 1", 1, 1, 0},    {"m.a > 1 or m.b > 1", 1, 1.01, 1},
		/* a comparison's value is a number: 0 or 1 */
		{"(m.a < m.b) + (m.a <= m.b) + (m.a == m.b)", 2, 2, 2},
		{"(m.a > m.b) * 10 + (m.a != m.b)", 3, 2, 11},
		/* missing operands propagate through every operator */
		{"m.a < m.b", NAN, 2, NAN},  {"m.a <= m.b", 2, NAN, NAN}, {"m.a > m.b", NAN, NAN, NAN},
		{"m.a >= m.b", NAN, 2, NAN}, {"m.a == m.b", 2, NAN, NAN}, {"m.a != m.b", NAN, 2, NAN},
		{"m.a and m.b", 0, NAN, NAN}, {"m.a and m.b", NAN, 0, NAN},
		{"m.a or m.b", 1, NAN, NAN},  {"m.a or m.b", NAN, 1, NAN},
		{"not m.a", NAN, 0, NAN},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_on_vars(e, &cases[i]);
	/* the same through if() and default(), whose branches the one-unit
	 * interpreter short-circuits */
	static const struct cmp_case branches[] = {
		{"if(m.a >= m.b, 10, 5)", 2, 2, 10}, {"if(m.a >= m.b, 10, 5)", 1.99, 2, 5},
		{"if(m.a > m.b, 10, 5)", 2, 2, 5},   {"if(m.a == m.b and m.a > 0, 1, 0)", 3, 3, 1},
		{"if(m.a < m.b, 10, 5)", NAN, 2, NAN},
		{"default(m.a < m.b, 7)", NAN, 2, 7}, {"default(m.a < m.b, 7)", 1, 2, 1},
	};
	for (size_t i = 0; i < sizeof branches / sizeof branches[0]; i++)
		assert_on_vars(e, &branches[i]);
	env_free(e);
}

static void test_functions(void **state)
{
	(void)state;
	struct env *e = env_new();
	assert_value(e, "min(3, 1, 2)", 1);
	assert_value(e, "max(3, 1, 2)", 3);
	assert_value(e, "clamp(5, 0, 3)", 3);
	assert_value(e, "clamp(-1, 0, 3)", 0);
	assert_value(e, "clamp(2, 0, 3)", 2);
	assert_value(e, "round(2.5, 0)", 3);      /* half away from zero */
	assert_value(e, "round(-2.5, 0)", -3);
	assert_value(e, "round(0.5)", 1);
	assert_value(e, "round(2.675, 2)", 2.68); /* a decimal tie */
	assert_value(e, "round(1.005, 2)", 1.01);
	assert_value(e, "round(2.4999, 0)", 2);
	assert_value(e, "round(1250, -2)", 1300);
	assert_value(e, "if(1, 2, 3)", 2);
	assert_value(e, "if(0, 2, 3)", 3);
	assert_value(e, "if(0.5 > 1, 2, if(1, 4, 5))", 4);
	assert_value(e, "rate(1, 4)", 0.25);
	assert_value(e, "default(5, 7)", 5);
	assert_value(e, "if(1, 2, 3) + 3", 5); /* folding does not cross labels */
	assert_value(e, "default(4, 1) + 2", 6);
	env_free(e);
}

static void test_steps_boundaries(void **state)
{
	(void)state;
	struct env *e = env_new();
	struct formula *f = compile(e, "steps(x, 0.8, 1, 0.9, 2, 0.95, 3)");
	static const struct {
		double x, want;
	} cases[] = {
		{0.79, 0}, {0.8, 1}, {0.8999, 1}, {0.9, 2}, {0.9499, 2},
		{0.95, 3}, {1.0, 3}, {-5, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		set(e, "x", cases[i].x);
		double v;
		assert_true(eval(e, f, &v));
		if (v != cases[i].want)
			fail_msg("steps at %g = %g, expected %g", cases[i].x, v, cases[i].want);
	}
	/* thresholds from expressions: highest threshold <= x wins */
	f = compile(e, "steps(x, t1, 10, t2, 20)");
	set(e, "x", 5);
	set(e, "t1", 6);
	set(e, "t2", 1);
	double v;
	assert_true(eval(e, f, &v));
	assert_true(v == 20);
	set(e, "t1", 4);
	assert_true(eval(e, f, &v));
	assert_true(v == 10);
	env_free(e);
}

/* ---- missing values ---------------------------------------------------- */

static void test_missing_propagation(void **state)
{
	(void)state;
	struct env *e = env_new();
	compile(e, "a + b + c + t");
	set(e, "b", 2);
	set(e, "t", 1);
	assert_missing(e, "a + 1");
	assert_true(has_reason(e, slot_of(e, "a")));
	assert_missing(e, "a * 0"); /* never silently zero */
	assert_missing(e, "a < 1");
	assert_missing(e, "a and 0");
	assert_missing(e, "not a");
	assert_missing(e, "min(a, 1)");
	assert_missing(e, "max(1, a)");
	assert_missing(e, "clamp(1, a, 2)");
	assert_missing(e, "round(a, 1)");
	assert_missing(e, "steps(a, 1, 2)");
	assert_missing(e, "steps(5, 1, a)");
	assert_missing(e, "rate(a, 2)");
	assert_missing(e, "-a");
	/* if(): the condition and the branch taken only */
	assert_missing(e, "if(a, 1, 2)");
	assert_true(has_reason(e, slot_of(e, "a")));
	assert_value(e, "if(t, b, a)", 2);
	assert_value(e, "if(t - 1, a, b)", 2);
	assert_missing(e, "if(t, a, b)");
	assert_true(has_reason(e, slot_of(e, "a")));
	/* default(): v when x is missing; x's reasons are forgotten */
	assert_value(e, "default(a, 7)", 7);
	assert_value(e, "default(a / 0, 1)", 1);
	assert_value(e, "default(a, default(c, 3))", 3);
	size_t n = assert_missing(e, "default(a, c) + 1");
	assert_int_equal(n, 1);
	assert_true(has_reason(e, slot_of(e, "c")));
	assert_false(has_reason(e, slot_of(e, "a")));
	n = assert_missing(e, "default(a, 1) + c");
	assert_int_equal(n, 1);
	assert_true(has_reason(e, slot_of(e, "c")));
	/* several metrics missing: all named */
	assert_missing(e, "a + c");
	assert_true(has_reason(e, slot_of(e, "a")));
	assert_true(has_reason(e, slot_of(e, "c")));
	env_free(e);
}

static void test_division_by_zero(void **state)
{
	(void)state;
	struct env *e = env_new();
	compile(e, "a + z");
	set(e, "a", 3);
	set(e, "z", 0);
	assert_missing(e, "1 / 0"); /* constants are not folded into a missing value */
	assert_true(has_reason(e, FORMULA_REASON_DIVZERO));
	assert_missing(e, "a / z");
	assert_true(has_reason(e, FORMULA_REASON_DIVZERO));
	assert_missing(e, "0 / 0");
	assert_missing(e, "rate(a, z)");
	assert_true(has_reason(e, FORMULA_REASON_RATEZERO));
	assert_value(e, "default(rate(a, z), 1)", 1);
	assert_value(e, "if(z == 0, 0, a / z)", 0); /* the division is not taken */
	assert_missing(e, "1e308 * 10");            /* overflow is missing too */
	assert_true(has_reason(e, FORMULA_REASON_OVERFLOW));
	assert_value(e, "0 * -1", 0);
	env_free(e);
}

/* ---- errors ----------------------------------------------------------- */

static void test_errors_with_columns(void **state)
{
	(void)state;
	assert_error("", 1, "empty");
	assert_error("   ", 4, "empty");
	assert_error("1 +", 4, "ends where a value was expected");
	assert_error("1 + * 2", 5, "expected a number");
	assert_error("foo(1)", 1, "unknown function 'foo'");
	assert_error("2 * MAX(1, 2)", 5, "did you mean 'max'");
	assert_error("min(1)", 1, "min() takes at least 2 arguments, got 1");
	assert_error("1 + clamp(1, 2)", 5, "clamp() takes 3 arguments, got 2");
	assert_error("if(1, 2)", 1, "if() takes 3 arguments");
	assert_error("rate(1)", 1, "rate() takes 2 arguments");
	assert_error("default(1, 2, 3)", 1, "default() takes 2 arguments");
	assert_error("round(1, 2, 3)", 1, "round() takes 1 or 2 arguments");
	assert_error("round(1, 0.5)", 10, "whole number from -15 to 15");
	assert_error("round(1, 16)", 10, "whole number");
	assert_error("steps(x, 1)", 1, "steps() takes x then");
	assert_error("steps(x, 1, 2, 3)", 1, "steps() takes");
	assert_error("steps(x, 2, 1, 1, 2)", 16, "thresholds must increase");
	assert_error("steps(x, 1, 1, 1, 2)", 16, "thresholds must increase");
	assert_error("(1 + 2", 7, "missing ')'");
	assert_error("min(1, 2", 9, "missing ')'");
	assert_error("1 + 2)", 6, "unexpected ')'");
	assert_error("1 2", 3, "unexpected '2'");
	assert_error("a = 1", 3, "use '=='");
	assert_error("a <> 1", 3, "'!='");
	assert_error("a && b", 3, "'and'");
	assert_error("!a", 1, "'not'");
	assert_error("2 ^ 3", 3, "no power operator");
	assert_error("1.2.3", 1, "invalid number '1.2.3'");
	assert_error("2abc", 1, "invalid number");
	assert_error("1 < 2 < 3", 7, "cannot be chained");
	assert_error("rate + 1", 1, "needs its arguments in parentheses");
	assert_error("x@2024-13", 3, "invalid period '2024-13'");
	assert_error("x@24", 3, "invalid period");
	assert_error("ê + 1", 1, "unexpected character 'ê'");
	assert_error("a + ê", 5, "unexpected character");      /* columns count characters */
	assert_error("tiêu + 1", 3, "unexpected character 'ê'");
	assert_error("a , b", 3, "unexpected ','");
	assert_error("and", 1, "expected a number");
	assert_error("min()", 1, "got 0");
	/* invalid UTF-8 and NUL bytes */
	assert_error("a + \xC3", 5, "not UTF-8");
	{
		struct env *e = env_new();
		struct formula *f;
		struct formula_error err;
		assert_int_equal(formula_compile(e->a, &e->syms, "a\0b", 3, 0, 1, &f, &err), -1);
		assert_int_equal(err.col, 2);
		env_free(e);
	}
}

static void test_nesting_and_length_limits(void **state)
{
	(void)state;
	char buf[FORMULA_MAX_TEXT + 16];
	/* 64 nested parentheses compile; 65 do not */
	for (int depth = 63; depth <= 65; depth++) {
		size_t k = 0;
		for (int i = 0; i < depth; i++)
			buf[k++] = '(';
		buf[k++] = '1';
		for (int i = 0; i < depth; i++)
			buf[k++] = ')';
		buf[k] = 0;
		struct env *e = env_new();
		struct formula *f;
		struct formula_error err;
		int rc = formula_compile(e->a, &e->syms, buf, k, 0, 1, &f, &err);
		if (depth <= FORMULA_MAX_DEPTH) {
			assert_int_equal(rc, 0);
			double v;
			assert_true(eval(e, f, &v));
			assert_true(v == 1);
		} else {
			assert_int_equal(rc, -1);
			assert_int_equal(err.col, FORMULA_MAX_DEPTH + 1);
			assert_non_null(strstr(err.en, "nested more than 64 levels"));
		}
		env_free(e);
	}
	/* unary operators and function calls count too */
	{
		size_t k = 0;
		for (int i = 0; i < 65; i++)
			buf[k++] = '-';
		buf[k++] = '1';
		buf[k] = 0;
		assert_error(buf, 65, "nested more than");
	}
	{
		struct str s;
		str_init(&s, 0);
		for (int i = 0; i < 65; i++)
			str_adds(&s, "max(1, ");
		str_adds(&s, "1");
		for (int i = 0; i < 65; i++)
			str_adds(&s, ")");
		assert_error(str_cstr(&s), 1 + 7 * 64 + 3, "nested more than");
		str_free(&s);
	}
	/* the length limit: exactly FORMULA_MAX_TEXT is fine */
	{
		size_t k = 0;
		buf[k++] = '1';
		while (k + 2 <= FORMULA_MAX_TEXT) {
			buf[k++] = '+';
			buf[k++] = '1';
		}
		while (k < FORMULA_MAX_TEXT)
			buf[k++] = ' ';
		assert_int_equal(k, FORMULA_MAX_TEXT);
		struct env *e = env_new();
		struct formula *f;
		struct formula_error err;
		assert_int_equal(formula_compile(e->a, &e->syms, buf, k, 0, 1, &f, &err), 0);
		double v;
		assert_true(eval(e, f, &v));
		assert_true(v == (FORMULA_MAX_TEXT) / 2);
		buf[k++] = ' ';
		assert_int_equal(formula_compile(e->a, &e->syms, buf, k, 0, 1, &f, &err), -1);
		assert_non_null(strstr(err.en, "longer than 4096"));
		env_free(e);
	}
}

/* ---- numbers ----------------------------------------------------------- */

static void test_parse_and_format_numbers(void **state)
{
	(void)state;
	double v;
	assert_true(formula_parse_number("0.25", 4, &v) && v == 0.25);
	assert_true(formula_parse_number("-3", 2, &v) && v == -3);
	assert_true(formula_parse_number("+2.5", 4, &v) && v == 2.5);
	assert_true(formula_parse_number(".5", 2, &v) && v == 0.5);
	assert_true(formula_parse_number("1e3", 3, &v) && v == 1000);
	assert_true(formula_parse_number("-0", 2, &v) && v == 0 && !signbit(v));
	static const char *const bad[] = {"", "+", ".", "1e", "1e+", "inf", "nan",
	                                  "0x10", "1.2.3", "1 ", " 1", "1,5", "1e999",
	                                  "--1", NULL};
	for (size_t i = 0; bad[i]; i++)
		if (formula_parse_number(bad[i], strlen(bad[i]), &v))
			fail_msg("'%s' parsed as a number", bad[i]);
	static const struct {
		double x;
		const char *text;
	} fmt[] = {
		{0.25, "0.25"}, {9, "9"}, {-3, "-3"}, {-0.0, "0"}, {0.1, "0.1"},
		{0.1 + 0.2, "0.30000000000000004"}, {1e300, "1e+300"},
		{1.0 / 3, "0.3333333333333333"}, {1e-7, "1e-07"}, {123456.5, "123456.5"},
		{-5, "-5"}, {2.675, "2.675"},
	};
	for (size_t i = 0; i < sizeof fmt / sizeof fmt[0]; i++) {
		char buf[32];
		formula_format_number(fmt[i].x, buf);
		assert_string_equal(buf, fmt[i].text);
		assert_true(formula_parse_number(buf, strlen(buf), &v) && v == fmt[i].x);
	}
}

static void test_round_half_away_from_zero(void **state)
{
	(void)state;
	assert_true(formula_round(2.5, 0) == 3);
	assert_true(formula_round(-2.5, 0) == -3);
	assert_true(formula_round(0.5, 0) == 1);
	assert_true(formula_round(-0.4, 0) == 0 && !signbit(formula_round(-0.4, 0)));
	assert_true(formula_round(89.995, 2) == 90.0);   /* decimal tie rounds up */
	assert_true(formula_round(89.994, 2) == 89.99);
	assert_true(formula_round(89.9949999, 2) == 89.99);
	assert_true(formula_round(95.695, 2) == 95.7);
	assert_true(formula_round(1.005, 2) == 1.01);
	assert_true(formula_round(-1.005, 2) == -1.01);
	assert_true(formula_round(1e20, 2) == 1e20);
	assert_true(formula_round_scaled(89.995, 2) == 9000);
	assert_true(formula_round_scaled(91.04, 2) == 9104);
	assert_true(isnan(formula_round(NAN, 2)));
}

/* ---- the two interpreters agree ---------------------------------------- */

static uint64_t rng = 88172645463325252ULL;
static double rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (double)(rng >> 11) / 9007199254740992.0;
}

static void test_block_matches_one_unit(void **state)
{
	(void)state;
	static const char *const formulas[] = {
		"max * rate(a, b)",
		"steps(rate(a, b), 0.3, max*0.5, 0.5, max*0.75, 0.7, max)",
		"if(a >= b, max, max * 0.5)",
		"max - 0.25 * c",
		"default(rate(a, b), 1) * max",
		"-min(3, 0.5 * c)",
		"if(c, a / c, default(b, 2)) + round(a, 1)",
		"clamp(a - b, min, max) + (a == b) + (a != c) + (not (a < 0.5 or b > 0.5))",
		"default(a / c, default(b / c, 7))",
	};
	enum { UNITS = 700 };
	struct env *e = env_new();
	struct formula *f[sizeof formulas / sizeof formulas[0]];
	for (size_t i = 0; i < sizeof formulas / sizeof formulas[0]; i++)
		f[i] = compile_b(e, formulas[i], -1, 4);
	size_t ns = e->syms.n;
	double *vals = malloc(ns * UNITS * sizeof *vals);
	for (size_t i = 0; i < ns * UNITS; i++) {
		double r = rnd();
		vals[i] = r < 0.1 ? NAN : r < 0.2 ? 0 : r < 0.25 ? 1 : floor(rnd() * 8) / 4;
	}
	double out[FORMULA_BLOCK];
	for (size_t i = 0; i < sizeof formulas / sizeof formulas[0]; i++) {
		for (size_t b = 0; b < UNITS; b += FORMULA_BLOCK) {
			size_t cnt = UNITS - b < FORMULA_BLOCK ? UNITS - b : FORMULA_BLOCK;
			formula_eval_block(f[i], vals + b, UNITS, cnt, &e->bs, out);
			for (size_t u = 0; u < cnt; u++) {
				double v;
				bool ok = formula_eval(f[i], vals + b + u, UNITS, &e->s, &v);
				if (ok ? out[u] != v : !isnan(out[u]))
					fail_msg("'%s' unit %zu: block %g, one unit %g (%d)",
					         formulas[i], b + u, out[u], v, ok);
			}
		}
	}
	free(vals);
	env_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arithmetic_and_precedence),
		cmocka_unit_test(test_bounds_max_min),
		cmocka_unit_test(test_metric_refs_and_periods),
		cmocka_unit_test(test_comparisons_and_logic),
		cmocka_unit_test(test_comparisons_on_variables),
		cmocka_unit_test(test_functions),
		cmocka_unit_test(test_steps_boundaries),
		cmocka_unit_test(test_missing_propagation),
		cmocka_unit_test(test_division_by_zero),
		cmocka_unit_test(test_errors_with_columns),
		cmocka_unit_test(test_nesting_and_length_limits),
		cmocka_unit_test(test_parse_and_format_numbers),
		cmocka_unit_test(test_round_half_away_from_zero),
		cmocka_unit_test(test_block_matches_one_unit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
