/*
 * Fuzz target for the formula language: compile arbitrary bytes as a
 * formula; when they compile, evaluate them for a few units with both
 * interpreters (one unit at a time and by block) over values that include
 * missing, zero, negative and huge numbers, and abort if the two disagree,
 * if a missing result has no reason, or if an error has no column or
 * message. Invariants checked here are the ones the scorer relies on.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "core/formula.h"

#define UNITS 7

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct formula_symbols syms;
	formula_symbols_init(&syms, a);
	struct formula *f = NULL;
	struct formula_error err;
	int rc = formula_compile(a, &syms, (const char *)data, size, -2, 5, &f, &err);
	if (rc != 0) {
		if (f || err.col < 1 || (size_t)err.col > size + 1 || !err.vi[0] || !err.en[0])
			abort();
		arena_free(a);
		return 0;
	}
	static const double pool[] = {NAN, 0, 1, -1, 0.5, 2, 100, 1e308, -1e-300, 3, 0.95};
	size_t ns = syms.n;
	double *vals = arena_array(a, ns * UNITS + 1, sizeof *vals);
	for (size_t k = 0; k < ns; k++)
		for (size_t u = 0; u < UNITS; u++)
			vals[k * UNITS + u] = pool[(k * 7 + u * 3 + size) % (sizeof pool / sizeof pool[0])];
	struct formula_scratch s;
	struct formula_block_scratch bs;
	formula_scratch_init(&s, a, f->max_stack, f->max_reasons);
	formula_block_scratch_init(&bs, a, f->max_stack);
	double out[UNITS];
	formula_eval_block(f, vals, UNITS, UNITS, &bs, out);
	for (size_t u = 0; u < UNITS; u++) {
		double v = 0;
		bool ok = formula_eval(f, vals + u, UNITS, &s, &v);
		if (ok && (!isfinite(v) || out[u] != v))
			abort();
		if (!ok && (!isnan(out[u]) || s.nreasons == 0 || s.nreasons > f->max_reasons))
			abort();
		for (size_t k = 0; !ok && k < s.nreasons; k++)
			if (s.reasons[k] < FORMULA_REASON_FIRST && s.reasons[k] >= ns)
				abort();
	}
	/* a slot list without duplicates, all known */
	for (size_t i = 0; i < f->nslots; i++) {
		if (f->slots[i] >= ns)
			abort();
		for (size_t j = 0; j < i; j++)
			if (f->slots[i] == f->slots[j])
				abort();
	}
	arena_free(a);
	return 0;
}
