/*
 * Fuzz target for framework JSON: read arbitrary bytes as a framework.
 * When they are accepted, the canonical export must read back to an equal
 * framework and export to the same bytes again, and the framework must
 * score, rank, explain and run the sensitivity view for a few units
 * without tripping the sanitizers. Rejected input must say why.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/str.h"
#include "core/rank.h"
#include "core/score.h"
#include "io/framework_io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void exercise(struct arena *a, const struct framework *fw)
{
	enum { UNITS = 4 };
	struct score_unit units[UNITS];
	for (size_t u = 0; u < UNITS; u++) {
		units[u].code = u % 2 ? "B" : "A";
		units[u].name = "unit";
		units[u].kind = fw->group[u % fw->ngroup];
	}
	struct score_input in;
	if (score_input_init(&in, a, fw, units, UNITS) != PX_OK)
		abort();
	for (size_t u = 0; u < UNITS; u++) {
		for (size_t k = 0; k < fw->nassessed; k++)
			if ((u + k) % 3)
				score_set_appraised(&in, u, fw->assessed[k], (double)(u + k) / 2);
		for (size_t s = 0; s < fw->symbols.n; s++)
			if ((u + s) % 5)
				score_set_metric(&in, u, s, (double)((u * 7 + s) % 4));
	}
	struct score_result r;
	if (score_run(&in, a, &r) != PX_OK)
		abort();
	for (size_t u = 0; u < UNITS; u++) {
		if (!(r.units[u].index >= 0 && r.units[u].index <= 100))
			abort();
		if ((r.units[u].status == SCORE_OK) != (r.units[u].nmissing == 0))
			abort();
	}
	struct score_explain x;
	if (score_explain(&r, 0, a, &x) != PX_OK)
		abort();
	struct rank_sensitivity sv;
	if (rank_sensitivity(&r, 0.9, 1.1, a, &sv) != PX_OK)
		abort();
	struct rank_yoy y;
	if (rank_compare(&r, &r, NULL, 3, a, &y) != PX_OK)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d);
	struct framework *fw = NULL;
	enum px_err e = frm_read_json("fuzz.json", (const char *)data, size, a, &fw, &d);
	if (e != PX_OK) {
		if (fw || d.errors == 0)
			abort();
		goto out;
	}
	struct str s1, s2;
	str_init(&s1, 0);
	str_init(&s2, 0);
	if (frm_write_json(fw, &s1) != PX_OK || str_error(&s1))
		abort();
	struct framework *fw2 = NULL;
	struct diags d2;
	diags_init(&d2);
	if (frm_read_json("export", str_cstr(&s1), s1.len, a, &fw2, &d2) != PX_OK)
		abort();
	if (!frm_equal(fw, fw2))
		abort();
	frm_write_json(fw2, &s2);
	if (s1.len != s2.len || memcmp(str_cstr(&s1), str_cstr(&s2), s1.len) != 0)
		abort();
	exercise(a, fw);
	diags_free(&d2);
	str_free(&s1);
	str_free(&s2);
out:
	diags_free(&d);
	arena_free(a);
	return 0;
}
