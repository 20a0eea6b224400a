/*
 * Formula compiler and the two interpreters; see formula.h.
 *
 * Built as: a hand-written lexer, a recursive-descent parser that emits
 * postfix code as it goes (no syntax tree), a peephole constant folder,
 * and two interpreters over the same code. Invariants the code relies on:
 *
 *  - Jumps only go forward, and each instruction runs at most once per
 *    evaluation, so a formula records at most max_reasons reasons.
 *  - The stack depth of the block interpreter (which keeps an if()'s
 *    condition and both branches) is computed at emit time as max_stack;
 *    the one-unit interpreter never goes deeper.
 *  - Every element operation returns NaN when any operand is NaN, and the
 *    two interpreters use the same element operations, so they compute
 *    identical values (the fuzz target checks this).
 *  - Folding never crosses a jump target (the "barrier") and never folds
 *    an operation that could produce a missing value (division by zero
 *    stays at run time so that the reason is reported).
 */
#include "core/formula.h"
#include "base/arena.h"
#include "base/map.h"
#include "base/utf8.h"
#include "base/mem.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	return formula_round(x, (int)n);
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

/* ---- numbers --------------------------------------------------------- */

static const double pow10_tab[23] = {
	1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

double formula_round_scaled(double x, int n)
{
	n = n < -15 ? -15 : n > 15 ? 15 : n;
	double y = n >= 0 ? x * pow10_tab[n] : x / pow10_tab[-n];
	if (!isfinite(y) || fabs(y) >= 4503599627370496.0) /* 2^52: integral */
		return y;
	double t = trunc(y);
	double f = fabs(y - t);
	/* a tie up to representation and summation error: ~2^-44 relative */
	double tol = ldexp(fmax(1.0, fabs(y)), -44);
	if (f >= 0.5 - tol)
		t += copysign(1.0, y);
	return t + 0.0; /* no negative zero */
}

double formula_round(double x, int n)
{
	if (!isfinite(x))
		return x;
	n = n < -15 ? -15 : n > 15 ? 15 : n;
	double y = formula_round_scaled(x, n);
	if (!isfinite(y))
		return x;
	return n >= 0 ? y / pow10_tab[n] : y * pow10_tab[-n];
}

/* Copies text into buf replacing '.' by the locale's decimal point, so
 * strtod reads it as C would in the "C" locale. */
static bool to_locale_number(const char *s, size_t n, char *buf, size_t cap)
{
	const char *dp = localeconv()->decimal_point;
	size_t dplen = dp && *dp ? strlen(dp) : 1;
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.' && dp && *dp && strcmp(dp, ".") != 0) {
			if (o + dplen >= cap)
				return false;
			memcpy(buf + o, dp, dplen);
			o += dplen;
			continue;
		}
		if (o + 1 >= cap)
			return false;
		buf[o++] = s[i];
	}
	buf[o] = 0;
	return true;
}

bool formula_parse_number(const char *s, size_t n, double *out)
{
	size_t i = 0, digits = 0;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++, digits++;
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, digits++;
	}
	if (digits == 0)
		return false;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		size_t ed = 0;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, ed++;
		if (ed == 0)
			return false;
	}
	if (i != n)
		return false;
	char buf[512];
	if (!to_locale_number(s, n, buf, sizeof buf))
		return false;
	char *end = NULL;
	double v = strtod(buf, &end);
	if (end != buf + strlen(buf) || !isfinite(v))
		return false;
	*out = v + 0.0;
	return true;
}

void formula_format_number(double x, char out[32])
{
	if (x == 0 || !isfinite(x)) {
		memcpy(out, "0", 2);
		return;
	}
	if (x == trunc(x) && fabs(x) < 1e15) {
		snprintf(out, 32, "%.0f", x);
		return;
	}
	const char *dp = localeconv()->decimal_point;
	for (int prec = 15; prec <= 17; prec++) {
		char tmp[40];
		snprintf(tmp, sizeof tmp, "%.*g", prec, x);
		/* back to a '.' decimal point whatever the locale */
		size_t o = 0, dplen = dp && *dp ? strlen(dp) : 0;
		for (size_t i = 0; tmp[i] && o < 31;) {
			if (dplen && strncmp(tmp + i, dp, dplen) == 0) {
				out[o++] = '.';
				i += dplen;
			} else {
				out[o++] = tmp[i++];
			}
		}
		out[o] = 0;
		double back;
		if (formula_parse_number(out, o, &back) && back == x)
			return;
	}
}

/* ---- symbols ---------------------------------------------------------- */

void formula_symbols_init(struct formula_symbols *s, struct arena *a)
{
	memset(s, 0, sizeof *s);
	s->arena = a;
}

static long symbols_lookup(const struct formula_symbols *s, const char *ref,
                           size_t len, size_t *pos)
{
	if (s->hcap == 0)
		return -1;
	size_t mask = s->hcap - 1;
	size_t i = (size_t)map_hash(ref, len) & mask;
	for (;; i = (i + 1) & mask) {
		uint32_t h = s->hash[i];
		if (h == 0) {
			if (pos)
				*pos = i;
			return -1;
		}
		const char *k = s->v[h - 1].ref;
		if (strlen(k) == len && memcmp(k, ref, len) == 0)
			return (long)h - 1;
	}
}

long formula_symbols_find(const struct formula_symbols *s, const char *ref)
{
	return symbols_lookup(s, ref, strlen(ref), NULL);
}

static void symbols_rehash(struct formula_symbols *s)
{
	size_t cap = s->hcap ? s->hcap * 2 : 64;
	s->hash = arena_array(s->arena, cap, sizeof *s->hash);
	s->hcap = cap;
	for (size_t k = 0; k < s->n; k++) {
		size_t pos = 0;
		symbols_lookup(s, s->v[k].ref, strlen(s->v[k].ref), &pos);
		s->hash[pos] = (uint32_t)k + 1;
	}
}

/* The slot of metric[0..mlen) at period (NULL = framework year). */
static uint32_t symbols_intern(struct formula_symbols *s, const char *metric,
                               size_t mlen, const struct period *p)
{
	char pbuf[9] = "";
	if (p)
		period_format(*p, pbuf);
	char *ref = p ? arena_printf(s->arena, "%.*s@%s", (int)mlen, metric, pbuf)
	              : arena_strndup(s->arena, metric, mlen);
	size_t len = strlen(ref), pos = 0;
	if ((s->n + 1) * 2 > s->hcap)
		symbols_rehash(s);
	long found = symbols_lookup(s, ref, len, &pos);
	if (found >= 0)
		return (uint32_t)found;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 32;
		struct formula_slot *v = arena_array(s->arena, cap, sizeof *v);
		if (s->n)
			memcpy(v, s->v, s->n * sizeof *v);
		s->v = v;
		s->cap = cap;
	}
	struct formula_slot *slot = &s->v[s->n];
	slot->ref = ref;
	slot->metric = arena_strndup(s->arena, metric, mlen);
	slot->period = p ? arena_strdup(s->arena, pbuf) : NULL;
	if (p)
		slot->p = *p;
	s->hash[pos] = (uint32_t)s->n + 1;
	return (uint32_t)s->n++;
}

/* ---- lexer ------------------------------------------------------------ */

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

static long column_of(const char *s, size_t off)
{
	long col = 1;
	for (size_t i = 0; i < off; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			col++;
	return col;
}

static void fail_at(struct parser *p, size_t off, const char *vi, const char *en)
{
	if (p->failed)
		return;
	p->failed = true;
	p->err->col = column_of(p->s, off);
	snprintf(p->err->vi, sizeof p->err->vi, "%s", vi);
	snprintf(p->err->en, sizeof p->err->en, "%s", en);
}

#define FAILF(p, off, fvi, fen, ...)                                         \
	do {                                                                 \
		char vi_[256], en_[256];                                     \
		snprintf(vi_, sizeof vi_, fvi, __VA_ARGS__);                 \
		snprintf(en_, sizeof en_, fen, __VA_ARGS__);                 \
		fail_at(p, off, vi_, en_);                                   \
	} while (0)

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_ident_char(char c)
{
	return is_alpha(c) || is_digit(c) || c == '.';
}

/* Length of the UTF-8 character at s[0..n) (1 for a bad byte). */
static size_t char_len(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	return len > n ? n : len;
}

static void lex(struct parser *p)
{
	const char *s = p->s;
	size_t n = p->n, i = p->pos;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
		i++;
	struct token *t = &p->tok;
	memset(t, 0, sizeof *t);
	t->off = i;
	if (i >= n) {
		t->t = T_END;
		p->pos = i;
		return;
	}
	char c = s[i], d = i + 1 < n ? s[i + 1] : 0;
	size_t len = 1;
	switch (c) {
	case '(':
		t->t = T_LP;
		break;
	case ')':
		t->t = T_RP;
		break;
	case ',':
		t->t = T_COMMA;
		break;
	case '+':
		t->t = T_PLUS;
		break;
	case '-':
		t->t = T_MINUS;
		break;
	case '*':
		t->t = T_STAR;
		break;
	case '/':
		t->t = T_SLASH;
		break;
	case '<':
		if (d == '>') {
			fail_at(p, i, "dùng '!=' cho phép so sánh khác",
			        "use '!=' for 'not equal'");
			return;
		}
		t->t = d == '=' ? T_LE : T_LT;
		len = d == '=' ? 2 : 1;
		break;
	case '>':
		t->t = d == '=' ? T_GE : T_GT;
		len = d == '=' ? 2 : 1;
		break;
	case '=':
		if (d != '=') {
			fail_at(p, i, "dùng '==' để so sánh bằng",
			        "use '==' to compare for equality");
			return;
		}
		t->t = T_EQ;
		len = 2;
		break;
	case '!':
		if (d != '=') {
			fail_at(p, i, "dùng 'not' thay cho '!'", "use 'not' instead of '!'");
			return;
		}
		t->t = T_NE;
		len = 2;
		break;
	case '&':
	case '|':
		fail_at(p, i, "dùng 'and' và 'or'", "use 'and' and 'or'");
		return;
	case '^':
		fail_at(p, i, "không có phép lũy thừa '^'", "there is no power operator '^'");
		return;
	default:
		if (is_digit(c) || (c == '.' && is_digit(d))) {
			size_t j = i;
			while (j < n && is_digit(s[j]))
				j++;
			if (j < n && s[j] == '.') {
				j++;
				while (j < n && is_digit(s[j]))
					j++;
			}
			if (j < n && (s[j] == 'e' || s[j] == 'E')) {
				size_t k = j + 1;
				if (k < n && (s[k] == '+' || s[k] == '-'))
					k++;
				if (k < n && is_digit(s[k])) {
					while (k < n && is_digit(s[k]))
						k++;
					j = k;
				}
			}
			/* "1.2.3" or "2abc" are not numbers */
			size_t end = j;
			while (end < n && is_ident_char(s[end]))
				end++;
			if (end != j || !formula_parse_number(s + i, j - i, &t->num)) {
				int shown = (int)((end - i) > 40 ? 40 : end - i);
				FAILF(p, i, "số không hợp lệ '%.*s'", "invalid number '%.*s'",
				      shown, s + i);
				return;
			}
			t->t = T_NUM;
			len = j - i;
			break;
		}
		if (is_alpha(c)) {
			size_t j = i;
			while (j < n && is_ident_char(s[j]))
				j++;
			t->id_len = j - i;
			if (j < n && s[j] == '@') {
				size_t k = j + 1;
				while (k < n && (is_alpha(s[k]) || is_digit(s[k]) || s[k] == '-'))
					k++;
				if (!period_parse(s + j + 1, k - j - 1, &t->p)) {
					int shown = (int)((k - j - 1) > 20 ? 20 : k - j - 1);
					FAILF(p, j + 1,
					      "kỳ không hợp lệ '%.*s' (dạng 2024, 2024-Q3 hoặc 2024-07)",
					      "invalid period '%.*s' (write 2024, 2024-Q3 or 2024-07)",
					      shown, s + j + 1);
					return;
				}
				t->has_period = true;
				j = k;
			}
			len = j - i;
			t->t = T_IDENT;
			if (!t->has_period) {
				if (t->id_len == 3 && memcmp(s + i, "and", 3) == 0)
					t->t = T_AND;
				else if (t->id_len == 2 && memcmp(s + i, "or", 2) == 0)
					t->t = T_OR;
				else if (t->id_len == 3 && memcmp(s + i, "not", 3) == 0)
					t->t = T_NOT;
			}
			break;
		}
		{
			int cl = (int)char_len(s + i, n - i);
			FAILF(p, i, "ký tự không hợp lệ '%.*s'", "unexpected character '%.*s'",
			      cl, s + i);
			return;
		}
	}
	t->len = len;
	p->pos = i + len;
}

/* ---- emitter ---------------------------------------------------------- */

static int op_effect(int op, uint16_t n)
{
	switch (op) {
	case OP_PUSH:
	case OP_LOAD:
		return 1;
	case OP_NEG:
	case OP_NOT:
	case OP_IF:
	case OP_ELSE:
	case OP_DMARK:
	case OP_DTEST:
		return 0;
	case OP_CLAMP:
	case OP_IFEND:
		return -2;
	case OP_STEPS:
		return 1 - (int)n;
	default: /* binary */
		return -1;
	}
}

static size_t emit(struct parser *p, int op, uint16_t n, uint32_t a, double k)
{
	if (p->ncode == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 32;
		p->code = xrealloc(p->code, size_mul(p->cap, sizeof *p->code));
	}
	struct formula_insn *in = &p->code[p->ncode];
	memset(in, 0, sizeof *in);
	in->op = (uint16_t)op;
	in->n = n;
	in->a = a;
	in->u.k = k;
	int eff = op_effect(op, n);
	p->sp = (size_t)((long)p->sp + eff);
	if (p->sp > p->max_sp)
		p->max_sp = p->sp;
	if (op == OP_LOAD || op == OP_DIV || op == OP_RATE)
		p->nreason_ops++;
	return p->ncode++;
}

static bool last_is_const(const struct parser *p, size_t back)
{
	return p->ncode >= back && p->ncode - back >= p->barrier &&
	       p->code[p->ncode - back].op == OP_PUSH;
}

static void emit_unary(struct parser *p, int op)
{
	if (last_is_const(p, 1)) {
		double x = p->code[p->ncode - 1].u.k;
		p->code[p->ncode - 1].u.k = op == OP_NEG ? -x + 0.0 : el_not(x);
		return;
	}
	emit(p, op, 0, 0, 0);
}

static double fold_binary(int op, double x, double y)
{
	switch (op) {
	case OP_ADD:
		return x + y;
	case OP_SUB:
		return x - y;
	case OP_MUL:
		return x * y;
	case OP_DIV:
		return el_div(x, y);
	case OP_AND:
		return el_and(x, y);
	case OP_OR:
		return el_or(x, y);
	case OP_MIN2:
		return el_min(x, y);
	case OP_MAX2:
		return el_max(x, y);
	default:
		return el_cmp(op, x, y);
	}
}

static void emit_binary(struct parser *p, int op)
{
	if (last_is_const(p, 1) && last_is_const(p, 2)) {
		double x = p->code[p->ncode - 2].u.k, y = p->code[p->ncode - 1].u.k;
		double r = fold_binary(op, x, y);
		if (isfinite(r)) { /* a missing or overflowing result stays at run time */
			p->ncode--;
			p->sp--;
			p->code[p->ncode - 1].u.k = r + 0.0;
			return;
		}
	}
	emit(p, op, 0, 0, 0);
}

static void set_label(struct parser *p)
{
	p->barrier = p->ncode;
}

/* ---- parser ----------------------------------------------------------- */

static void parse_expr(struct parser *p);

static bool enter(struct parser *p, size_t off)
{
	if (++p->depth > FORMULA_MAX_DEPTH) {
		FAILF(p, off, "lồng nhau quá %d mức", "nested more than %d levels",
		      FORMULA_MAX_DEPTH);
		return false;
	}
	return true;
}

static void leave(struct parser *p)
{
	p->depth--;
}

static void expect(struct parser *p, enum tok t, const char *what)
{
	if (p->failed)
		return;
	if (p->tok.t != t) {
		if (p->tok.t == T_END)
			FAILF(p, p->tok.off, "thiếu '%s' ở cuối công thức",
			      "missing '%s' at the end of the formula", what);
		else
			FAILF(p, p->tok.off, "cần '%s' ở đây, gặp '%.*s'",
			      "expected '%s' here, found '%.*s'", what,
			      (int)(p->tok.len > 40 ? 40 : p->tok.len), p->s + p->tok.off);
		return;
	}
	lex(p);
}

enum fn { FN_MIN, FN_MAX, FN_CLAMP, FN_ROUND, FN_IF, FN_RATE, FN_STEPS, FN_DEFAULT };

static const struct {
	const char *name;
	enum fn fn;
} functions[] = {
	{"min", FN_MIN},   {"max", FN_MAX},   {"clamp", FN_CLAMP},
	{"round", FN_ROUND}, {"if", FN_IF},   {"rate", FN_RATE},
	{"steps", FN_STEPS}, {"default", FN_DEFAULT},
};

static int find_function(const char *s, size_t len, bool fold_case)
{
	for (size_t i = 0; i < sizeof functions / sizeof functions[0]; i++) {
		const char *f = functions[i].name;
		if (strlen(f) != len)
			continue;
		size_t k = 0;
		for (; k < len; k++) {
			char c = s[k];
			if (fold_case && c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if (c != f[k])
				break;
		}
		if (k == len)
			return (int)i;
	}
	return -1;
}

static void arity_error(struct parser *p, size_t off, const char *name,
                        const char *want_vi, const char *want_en, int got)
{
	char vi[256], en[256];
	snprintf(vi, sizeof vi, "hàm %s() cần %s đối số, có %d", name, want_vi, got);
	snprintf(en, sizeof en, "%s() takes %s arguments, got %d", name, want_en, got);
	fail_at(p, off, vi, en);
}

/* One function call; the name token is current and '(' follows. */
static void parse_call(struct parser *p, int fi, size_t name_off)
{
	const char *name = functions[fi].name;
	enum fn fn = functions[fi].fn;
	lex(p); /* name */
	size_t lp_off = p->tok.off;
	expect(p, T_LP, "(");
	if (p->failed || !enter(p, lp_off))
		return;
	int argc = 0;
	size_t if_insn = 0, else_insn = 0, dtest_insn = 0;
	size_t arg_start[FORMULA_MAX_ARGS];
	size_t arg_off[FORMULA_MAX_ARGS];
	bool arg_const[FORMULA_MAX_ARGS];
	if (fn == FN_DEFAULT)
		emit(p, OP_DMARK, 0, 0, 0);
	if (p->tok.t != T_RP) {
		for (;;) {
			if (argc >= FORMULA_MAX_ARGS) {
				FAILF(p, p->tok.off, "hàm có quá %d đối số",
				      "more than %d arguments in one call", FORMULA_MAX_ARGS);
				return;
			}
			arg_start[argc] = p->ncode;
			arg_off[argc] = p->tok.off;
			parse_expr(p);
			if (p->failed)
				return;
			arg_const[argc] = p->ncode == arg_start[argc] + 1 &&
			                  p->code[arg_start[argc]].op == OP_PUSH;
			argc++;
			/* control flow between the arguments of if() and default() */
			if (fn == FN_IF && argc == 1) {
				if_insn = emit(p, OP_IF, 0, 0, 0);
			} else if (fn == FN_IF && argc == 2) {
				else_insn = emit(p, OP_ELSE, 0, 0, 0);
				p->code[if_insn].a = (uint32_t)p->ncode;
				set_label(p);
			} else if (fn == FN_DEFAULT && argc == 1) {
				dtest_insn = emit(p, OP_DTEST, 0, 0, 0);
			} else if ((fn == FN_MIN || fn == FN_MAX) && argc >= 2) {
				emit_binary(p, fn == FN_MIN ? OP_MIN2 : OP_MAX2);
			}
			if (p->tok.t != T_COMMA)
				break;
			lex(p);
		}
	}
	if (p->failed)
		return;
	if (p->tok.t != T_RP) {
		expect(p, T_RP, ")");
		return;
	}
	switch (fn) {
	case FN_MIN:
	case FN_MAX:
		if (argc < 2)
			arity_error(p, name_off, name, "ít nhất 2", "at least 2", argc);
		break;
	case FN_CLAMP:
		if (argc != 3)
			arity_error(p, name_off, name, "3", "3", argc);
		else
			emit(p, OP_CLAMP, 3, 0, 0);
		break;
	case FN_ROUND:
		if (argc < 1 || argc > 2) {
			arity_error(p, name_off, name, "1 hoặc 2", "1 or 2", argc);
			break;
		}
		if (argc == 1) {
			emit(p, OP_PUSH, 0, 0, 0);
		} else if (arg_const[1]) {
			double nd = p->code[arg_start[1]].u.k;
			if (nd != trunc(nd) || nd < -15 || nd > 15) {
				fail_at(p, arg_off[1],
				        "số chữ số làm tròn phải là số nguyên từ -15 đến 15",
				        "round() digits must be a whole number from -15 to 15");
				break;
			}
		}
		emit(p, OP_ROUND, 2, 0, 0);
		break;
	case FN_IF:
		if (argc != 3) {
			arity_error(p, name_off, name, "3", "3", argc);
			break;
		}
		emit(p, OP_IFEND, 3, 0, 0);
		p->code[else_insn].a = (uint32_t)p->ncode;
		p->code[if_insn].u.b = (uint32_t)p->ncode;
		set_label(p);
		break;
	case FN_RATE:
		if (argc != 2)
			arity_error(p, name_off, name, "2", "2", argc);
		else
			emit(p, OP_RATE, 2, 0, 0);
		break;
	case FN_STEPS:
		if (argc < 3 || argc % 2 == 0) {
			arity_error(p, name_off, name,
			            "x và các cặp (ngưỡng, điểm): 3, 5, 7...",
			            "x then (threshold, points) pairs: 3, 5, 7...", argc);
			break;
		}
		for (int k = 3; k < argc; k += 2) {
			if (arg_const[k] && arg_const[k - 2] &&
			    !(p->code[arg_start[k]].u.k > p->code[arg_start[k - 2]].u.k)) {
				fail_at(p, arg_off[k], "ngưỡng của steps() phải tăng dần",
				        "steps() thresholds must increase");
				break;
			}
		}
		if (!p->failed)
			emit(p, OP_STEPS, (uint16_t)argc, 0, 0);
		break;
	case FN_DEFAULT:
		if (argc != 2) {
			arity_error(p, name_off, name, "2", "2", argc);
			break;
		}
		emit(p, OP_DEND, 2, 0, 0);
		p->code[dtest_insn].a = (uint32_t)p->ncode;
		set_label(p);
		break;
	}
	if (p->failed)
		return;
	leave(p);
	lex(p); /* ')' */
}

static void add_slot(struct parser *p, uint32_t slot)
{
	for (size_t i = 0; i < p->nslots; i++)
		if (p->slots[i] == slot)
			return;
	if (p->nslots == p->slots_cap) {
		p->slots_cap = p->slots_cap ? p->slots_cap * 2 : 8;
		p->slots = xrealloc(p->slots, size_mul(p->slots_cap, sizeof *p->slots));
	}
	p->slots[p->nslots++] = slot;
}

static void parse_primary(struct parser *p)
{
	if (p->failed)
		return;
	struct token t = p->tok;
	switch (t.t) {
	case T_NUM:
		emit(p, OP_PUSH, 0, 0, t.num);
		lex(p);
		return;
	case T_LP:
		if (!enter(p, t.off))
			return;
		lex(p);
		parse_expr(p);
		expect(p, T_RP, ")");
		leave(p);
		return;
	case T_IDENT: {
		const char *id = p->s + t.off;
		/* a call: the name followed by '(' (spaces allowed) */
		size_t j = t.off + t.len;
		while (j < p->n && (p->s[j] == ' ' || p->s[j] == '\t' ||
		                    p->s[j] == '\r' || p->s[j] == '\n'))
			j++;
		bool call = !t.has_period && j < p->n && p->s[j] == '(';
		int fi = t.has_period ? -1 : find_function(id, t.id_len, false);
		if (call) {
			if (fi < 0) {
				int hint = find_function(id, t.id_len, true);
				if (hint >= 0)
					FAILF(p, t.off, "không có hàm '%.*s' (ý bạn là '%s'?)",
					      "unknown function '%.*s' (did you mean '%s'?)",
					      (int)(t.id_len > 40 ? 40 : t.id_len), id,
					      functions[hint].name);
				else
					FAILF(p, t.off, "không có hàm '%.*s'",
					      "unknown function '%.*s'",
					      (int)(t.id_len > 40 ? 40 : t.id_len), id);
				return;
			}
			parse_call(p, fi, t.off);
			return;
		}
		if (fi >= 0 && functions[fi].fn == FN_MAX) {
			emit(p, OP_PUSH, 0, 0, p->bmax);
		} else if (fi >= 0 && functions[fi].fn == FN_MIN) {
			emit(p, OP_PUSH, 0, 0, p->bmin);
		} else if (fi >= 0) {
			FAILF(p, t.off, "hàm '%s' cần đối số trong ngoặc",
			      "function '%s' needs its arguments in parentheses",
			      functions[fi].name);
			return;
		} else {
			uint32_t slot = symbols_intern(p->syms, id, t.id_len,
			                               t.has_period ? &t.p : NULL);
			add_slot(p, slot);
			emit(p, OP_LOAD, 0, slot, 0);
		}
		lex(p);
		return;
	}
	case T_END:
		fail_at(p, t.off, "công thức thiếu toán hạng ở cuối",
		        "the formula ends where a value was expected");
		return;
	default:
		FAILF(p, t.off, "cần một số, chỉ số, hàm hoặc '(' ở đây, gặp '%.*s'",
		      "expected a number, metric, function or '(' here, found '%.*s'",
		      (int)(t.len > 40 ? 40 : t.len), p->s + t.off);
		return;
	}
}

static void parse_unary(struct parser *p)
{
	if (p->failed)
		return;
	if (p->tok.t == T_MINUS || p->tok.t == T_PLUS) {
		bool neg = p->tok.t == T_MINUS;
		if (!enter(p, p->tok.off))
			return;
		lex(p);
		parse_unary(p);
		leave(p);
		if (neg && !p->failed)
			emit_unary(p, OP_NEG);
		return;
	}
	parse_primary(p);
}

static void parse_mul(struct parser *p)
{
	parse_unary(p);
	while (!p->failed && (p->tok.t == T_STAR || p->tok.t == T_SLASH)) {
		int op = p->tok.t == T_STAR ? OP_MUL : OP_DIV;
		lex(p);
		parse_unary(p);
		if (!p->failed)
			emit_binary(p, op);
	}
}

static void parse_add(struct parser *p)
{
	parse_mul(p);
	while (!p->failed && (p->tok.t == T_PLUS || p->tok.t == T_MINUS)) {
		int op = p->tok.t == T_PLUS ? OP_ADD : OP_SUB;
		lex(p);
		parse_mul(p);
		if (!p->failed)
			emit_binary(p, op);
	}
}

static int cmp_op(enum tok t)
{
	switch (t) {
	case T_LT:
		return OP_LT;
	case T_LE:
		return OP_LE;
	case T_GT:
		return OP_GT;
	case T_GE:
		return OP_GE;
	case T_EQ:
		return OP_EQ;
	case T_NE:
		return OP_NE;
	default:
		return -1;
	}
}

static void parse_cmp(struct parser *p)
{
	parse_add(p);
	int op = p->failed ? -1 : cmp_op(p->tok.t);
	if (op < 0)
		return;
	lex(p);
	parse_add(p);
	if (p->failed)
		return;
	emit_binary(p, op);
	if (cmp_op(p->tok.t) >= 0)
		fail_at(p, p->tok.off,
		        "không viết so sánh nối tiếp (a < b < c); dùng 'and'",
		        "comparisons cannot be chained (a < b < c); use 'and'");
}

static void parse_not(struct parser *p)
{
	if (p->failed)
		return;
	if (p->tok.t == T_NOT) {
		if (!enter(p, p->tok.off))
			return;
		lex(p);
		parse_not(p);
		leave(p);
		if (!p->failed)
			emit_unary(p, OP_NOT);
		return;
	}
	parse_cmp(p);
}

static void parse_and(struct parser *p)
{
	parse_not(p);
	while (!p->failed && p->tok.t == T_AND) {
		lex(p);
		parse_not(p);
		if (!p->failed)
			emit_binary(p, OP_AND);
	}
}

static void parse_expr(struct parser *p)
{
	parse_and(p);
	while (!p->failed && p->tok.t == T_OR) {
		lex(p);
		parse_and(p);
		if (!p->failed)
			emit_binary(p, OP_OR);
	}
}

int formula_compile(struct arena *a, struct formula_symbols *syms,
                    const char *text, size_t len, double bound_min,
                    double bound_max, struct formula **out,
                    struct formula_error *err)
{
	int rc = -1;
	struct parser p = {0};
	*out = NULL;
	memset(err, 0, sizeof *err);
	p.a = a;
	p.syms = syms;
	p.s = text;
	p.n = len;
	p.bmin = bound_min;
	p.bmax = bound_max;
	p.err = err;
	if (len > FORMULA_MAX_TEXT) {
		FAILF(&p, FORMULA_MAX_TEXT, "công thức dài quá %d byte",
		      "the formula is longer than %d bytes", FORMULA_MAX_TEXT);
		goto out;
	}
	size_t bad = 0;
	if (!utf8_valid(text, len, &bad)) {
		fail_at(&p, bad, "công thức có byte không phải UTF-8",
		        "the formula contains bytes that are not UTF-8");
		goto out;
	}
	if (memchr(text, 0, len)) {
		fail_at(&p, (size_t)((const char *)memchr(text, 0, len) - text),
		        "công thức chứa byte NUL", "the formula contains a NUL byte");
		goto out;
	}
	lex(&p);
	if (p.failed)
		goto out;
	if (p.tok.t == T_END) {
		fail_at(&p, p.tok.off, "công thức trống", "the formula is empty");
		goto out;
	}
	parse_expr(&p);
	if (!p.failed && p.tok.t != T_END)
		FAILF(&p, p.tok.off, "thừa '%.*s' sau biểu thức",
		      "unexpected '%.*s' after the expression",
		      (int)(p.tok.len > 40 ? 40 : p.tok.len), p.s + p.tok.off);
	if (p.failed)
		goto out;
	struct formula *f = arena_alloc(a, sizeof *f);
	f->text = arena_strndup(a, text, len);
	f->ncode = p.ncode;
	f->code = arena_array(a, p.ncode, sizeof *f->code);
	memcpy(f->code, p.code, p.ncode * sizeof *f->code);
	f->nslots = p.nslots;
	f->slots = arena_array(a, p.nslots ? p.nslots : 1, sizeof *f->slots);
	if (p.nslots)
		memcpy(f->slots, p.slots, p.nslots * sizeof *f->slots);
	f->max_stack = p.max_sp ? p.max_sp : 1;
	f->max_reasons = p.nreason_ops + 1; /* + overflow */
	f->constant = p.nslots == 0;
	*out = f;
	rc = 0;
out:
	free(p.code);
	free(p.slots);
	return rc;
}

/* ---- evaluation ------------------------------------------------------- */

void formula_scratch_init(struct formula_scratch *s, struct arena *a,
                          size_t max_stack, size_t max_reasons)
{
	s->stack_cap = max_stack ? max_stack : 1;
	s->reasons_cap = max_reasons ? max_reasons : 1;
	s->stack = arena_array(a, s->stack_cap, sizeof *s->stack);
	s->reasons = arena_array(a, s->reasons_cap, sizeof *s->reasons);
	s->nreasons = 0;
}

void formula_block_scratch_init(struct formula_block_scratch *s,
                                struct arena *a, size_t max_stack)
{
	s->stack_cap = max_stack ? max_stack : 1;
	s->buf = arena_array(a, size_mul(s->stack_cap, FORMULA_BLOCK), sizeof *s->buf);
	s->top = arena_array(a, s->stack_cap, sizeof *s->top);
}

bool formula_eval(const struct formula *f, const double *values,
                  size_t stride, struct formula_scratch *s, double *out)
{
	double *st = s->stack;
	uint32_t *why = s->reasons;
	size_t sp = 0, nr = 0, nm = 0;
	size_t marks[FORMULA_MAX_DEPTH + 1];
	const struct formula_insn *code = f->code;
	size_t pc = 0, n = f->ncode;
	while (pc < n) {
		const struct formula_insn *in = &code[pc++];
		switch (in->op) {
		case OP_PUSH:
			st[sp++] = in->u.k;
			break;
		case OP_LOAD: {
			double v = values[(size_t)in->a * stride];
			if (isnan(v))
				why[nr++] = in->a;
			st[sp++] = v;
			break;
		}
		case OP_NEG:
			st[sp - 1] = -st[sp - 1];
			break;
		case OP_NOT:
			st[sp - 1] = el_not(st[sp - 1]);
			break;
		case OP_ADD:
			sp--;
			st[sp - 1] += st[sp];
			break;
		case OP_SUB:
			sp--;
			st[sp - 1] -= st[sp];
			break;
		case OP_MUL:
			sp--;
			st[sp - 1] *= st[sp];
			break;
		case OP_DIV:
			sp--;
			if (st[sp] == 0)
				why[nr++] = FORMULA_REASON_DIVZERO;
			st[sp - 1] = el_div(st[sp - 1], st[sp]);
			break;
		case OP_RATE:
			sp--;
			if (st[sp] == 0)
				why[nr++] = FORMULA_REASON_RATEZERO;
			st[sp - 1] = el_div(st[sp - 1], st[sp]);
			break;
		case OP_LT:
		case OP_LE:
		case OP_GT:
		case OP_GE:
		case OP_EQ:
		case OP_NE:
			sp--;
			st[sp - 1] = el_cmp(in->op, st[sp - 1], st[sp]);
			break;
		case OP_AND:
			sp--;
			st[sp - 1] = el_and(st[sp - 1], st[sp]);
			break;
		case OP_OR:
			sp--;
			st[sp - 1] = el_or(st[sp - 1], st[sp]);
			break;
		case OP_MIN2:
			sp--;
			st[sp - 1] = el_min(st[sp - 1], st[sp]);
			break;
		case OP_MAX2:
			sp--;
			st[sp - 1] = el_max(st[sp - 1], st[sp]);
			break;
		case OP_CLAMP:
			sp -= 2;
			st[sp - 1] = el_clamp(st[sp - 1], st[sp], st[sp + 1]);
			break;
		case OP_ROUND:
			sp--;
			st[sp - 1] = el_round(st[sp - 1], st[sp]);
			break;
		case OP_STEPS:
			sp -= in->n;
			st[sp] = el_steps(st + sp, in->n);
			sp++;
			break;
		case OP_IF: {
			double c = st[--sp];
			if (isnan(c)) {
				st[sp++] = NAN;
				pc = in->u.b;
			} else if (c == 0) {
				pc = in->a;
			}
			break;
		}
		case OP_ELSE:
			pc = in->a;
			break;
		case OP_DMARK:
			marks[nm++] = nr;
			break;
		case OP_DTEST:
			if (!isnan(st[sp - 1])) {
				nm--;
				pc = in->a;
			} else {
				sp--;
				nr = marks[--nm];
			}
			break;
		default: /* OP_IFEND, OP_DEND */
			break;
		}
	}
	double r = st[0];
	if (!isfinite(r)) {
		if (nr == 0)
			why[nr++] = FORMULA_REASON_OVERFLOW;
		s->nreasons = nr;
		return false;
	}
	s->nreasons = 0;
	*out = r;
	return true;
}

void formula_eval_block(const struct formula *f, const double *values,
                        size_t stride, size_t count,
                        struct formula_block_scratch *s, double *out)
{
	const double **top = s->top;
	double *buf = s->buf;
	size_t sp = 0;
	const struct formula_insn *code = f->code;
	size_t n = f->ncode;
	for (size_t pc = 0; pc < n; pc++) {
		const struct formula_insn *in = &code[pc];
		switch (in->op) {
		case OP_PUSH: {
			double *d = buf + sp * FORMULA_BLOCK;
			double k = in->u.k;
			for (size_t i = 0; i < count; i++)
				d[i] = k;
			top[sp++] = d;
			break;
		}
		case OP_LOAD:
			top[sp++] = values + (size_t)in->a * stride;
			break;
		case OP_NEG: {
			const double *x = top[sp - 1];
			double *d = buf + (sp - 1) * FORMULA_BLOCK;
			for (size_t i = 0; i < count; i++)
				d[i] = -x[i];
			top[sp - 1] = d;
			break;
		}
		case OP_NOT: {
			const double *x = top[sp - 1];
			double *d = buf + (sp - 1) * FORMULA_BLOCK;
			for (size_t i = 0; i < count; i++)
				d[i] = el_not(x[i]);
			top[sp - 1] = d;
			break;
		}
#define BINARY(OPC, EXPR)                                                    \
		case OPC: {                                                  \
			const double *x = top[sp - 2], *y = top[sp - 1];     \
			double *d = buf + (sp - 2) * FORMULA_BLOCK;          \
			for (size_t i = 0; i < count; i++) {                 \
				double a_ = x[i], b_ = y[i];                 \
				d[i] = (EXPR);                               \
			}                                                    \
			top[sp - 2] = d;                                     \
			sp--;                                                \
			break;                                               \
		}
		BINARY(OP_ADD, a_ + b_)
		BINARY(OP_SUB, a_ - b_)
		BINARY(OP_MUL, a_ * b_)
		BINARY(OP_DIV, el_div(a_, b_))
		BINARY(OP_RATE, el_div(a_, b_))
		BINARY(OP_LT, el_cmp(OP_LT, a_, b_))
		BINARY(OP_LE, el_cmp(OP_LE, a_, b_))
		BINARY(OP_GT, el_cmp(OP_GT, a_, b_))
		BINARY(OP_GE, el_cmp(OP_GE, a_, b_))
		BINARY(OP_EQ, el_cmp(OP_EQ, a_, b_))
		BINARY(OP_NE, el_cmp(OP_NE, a_, b_))
		BINARY(OP_AND, el_and(a_, b_))
		BINARY(OP_OR, el_or(a_, b_))
		BINARY(OP_MIN2, el_min(a_, b_))
		BINARY(OP_MAX2, el_max(a_, b_))
		BINARY(OP_ROUND, el_round(a_, b_))
		BINARY(OP_DEND, isnan(a_) ? b_ : a_)
#undef BINARY
		case OP_CLAMP: {
			const double *x = top[sp - 3], *lo = top[sp - 2], *hi = top[sp - 1];
			double *d = buf + (sp - 3) * FORMULA_BLOCK;
			for (size_t i = 0; i < count; i++)
				d[i] = el_clamp(x[i], lo[i], hi[i]);
			top[sp - 3] = d;
			sp -= 2;
			break;
		}
		case OP_IFEND: {
			const double *c = top[sp - 3], *x = top[sp - 2], *y = top[sp - 1];
			double *d = buf + (sp - 3) * FORMULA_BLOCK;
			for (size_t i = 0; i < count; i++)
				d[i] = isnan(c[i]) ? NAN : c[i] != 0 ? x[i] : y[i];
			top[sp - 3] = d;
			sp -= 2;
			break;
		}
		case OP_STEPS: {
			size_t base = sp - in->n;
			const double *const *args = top + base;
			double *d = buf + base * FORMULA_BLOCK;
			double lane[FORMULA_MAX_ARGS] = {0};
			for (size_t i = 0; i < count; i++) {
				for (uint16_t k = 0; k < in->n; k++)
					lane[k] = args[k][i];
				/* d may be args[0]: written after lane i is read */
				d[i] = el_steps(lane, in->n);
			}
			top[base] = d;
			sp = base + 1;
			break;
		}
		default: /* OP_IF, OP_ELSE, OP_DMARK, OP_DTEST: no-ops here */
			break;
		}
	}
	const double *r = top[0];
	for (size_t i = 0; i < count; i++)
		out[i] = isfinite(r[i]) ? r[i] : NAN;
}
