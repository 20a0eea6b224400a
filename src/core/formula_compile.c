/*
 * Formula compiler (formula_compile); see formula.h. The lexer is
 * formula_lex.c, the symbol table formula_symbols.c, the interpreters
 * formula_eval.c.
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
#include "core/formula_impl.h"

#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/mem.h"
#include "base/utf8.h"

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
	formula_lex(p);
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
	formula_fail_at(p, off, vi, en);
}

/* One function call; the name token is current and '(' follows. */
static void parse_call(struct parser *p, int fi, size_t name_off)
{
	const char *name = functions[fi].name;
	enum fn fn = functions[fi].fn;
	formula_lex(p); /* name */
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
			formula_lex(p);
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
				formula_fail_at(p, arg_off[1],
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
				formula_fail_at(p, arg_off[k], "ngưỡng của steps() phải tăng dần",
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
	formula_lex(p); /* ')' */
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
		formula_lex(p);
		return;
	case T_LP:
		if (!enter(p, t.off))
			return;
		formula_lex(p);
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
			uint32_t slot = formula_symbols_intern(p->syms, id, t.id_len,
			                                       t.has_period ? &t.p : NULL);
			add_slot(p, slot);
			emit(p, OP_LOAD, 0, slot, 0);
		}
		formula_lex(p);
		return;
	}
	case T_END:
		formula_fail_at(p, t.off, "công thức thiếu toán hạng ở cuối",
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
		formula_lex(p);
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
		formula_lex(p);
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
		formula_lex(p);
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
	formula_lex(p);
	parse_add(p);
	if (p->failed)
		return;
	emit_binary(p, op);
	if (cmp_op(p->tok.t) >= 0)
		formula_fail_at(p, p->tok.off,
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
		formula_lex(p);
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
		formula_lex(p);
		parse_not(p);
		if (!p->failed)
			emit_binary(p, OP_AND);
	}
}

static void parse_expr(struct parser *p)
{
	parse_and(p);
	while (!p->failed && p->tok.t == T_OR) {
		formula_lex(p);
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
		formula_fail_at(&p, bad, "công thức có byte không phải UTF-8",
		                "the formula contains bytes that are not UTF-8");
		goto out;
	}
	if (memchr(text, 0, len)) {
		formula_fail_at(&p, (size_t)((const char *)memchr(text, 0, len) - text),
		                "công thức chứa byte NUL", "the formula contains a NUL byte");
		goto out;
	}
	formula_lex(&p);
	if (p.failed)
		goto out;
	if (p.tok.t == T_END) {
		formula_fail_at(&p, p.tok.off, "công thức trống", "the formula is empty");
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
