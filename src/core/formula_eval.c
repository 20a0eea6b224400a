/*
 * The two interpreters of compiled formulas (see formula.h): formula_eval,
 * one unit with short-circuit and reasons, and formula_eval_block, a block
 * of FORMULA_BLOCK units per instruction so the loops vectorise. Both use
 * the element operations of formula_impl.h, so they compute identical
 * values (tests/fuzz/fuzz_formula.c checks this); neither allocates.
 */
#include "core/formula_impl.h"

#include "base/arena.h"
#include "base/mem.h"

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
