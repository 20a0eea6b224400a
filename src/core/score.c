/*
 * The scoring engine; see score.h for the data layout and the rules.
 *
 * Built as four column passes and one unit pass:
 *  1. per distinct unit kind: which nodes apply and their applicable
 *     maxima (kinds are few; units only carry a kind index);
 *  2. assessed leaves: clamp the appraised column;
 *  3. formula leaves: formula_eval_block over blocks of FORMULA_BLOCK
 *     units, then clamp (the block stays in cache between the two);
 *  4. group nodes in reverse pre-order (children before parents): sum the
 *     children's columns and clamp;
 *  5. per unit: total, index, status; incomplete units are re-evaluated
 *     with the one-unit interpreter to list what is missing; then rank.
 * A missing leaf counts 0 in its column, bumps the unit's missing counter
 * and is marked in a (leaf, unit) byte map, so pass 5 re-evaluates only
 * the missing leaves of the incomplete units. Reason sentences are made
 * on demand (score_missing_text): 12,000 units before appraisal would
 * otherwise format hundreds of thousands of them.
 */
#include "core/score.h"
#include "core/rank.h"
#include "base/arena.h"
#include "base/map.h"
#include "base/mem.h"
#include "base/vec.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static double *nan_array(struct arena *a, size_t n)
{
	double *v = arena_array(a, n ? n : 1, sizeof *v);
	for (size_t i = 0; i < n; i++)
		v[i] = NAN;
	return v;
}

enum px_err score_input_init(struct score_input *in, struct arena *a,
                             const struct framework *fw,
                             const struct score_unit *units, size_t nunits)
{
	memset(in, 0, sizeof *in);
	if (!fw || !fw->finished)
		return PX_USAGE;
	in->fw = fw;
	in->units = units;
	in->nunits = nunits;
	in->appraised = nan_array(a, size_mul(fw->nassessed, nunits));
	in->self = nan_array(a, size_mul(fw->nassessed, nunits));
	in->metrics = nan_array(a, size_mul(fw->symbols.n, nunits));
	return PX_OK;
}

static bool set_assessed(struct score_input *in, double *col, size_t u, int node,
                         double points)
{
	const struct framework *fw = in->fw;
	if (!fw || u >= in->nunits || node < 0 || node >= (int)fw->nnodes)
		return false;
	int ai = fw->nodes[node].assessed_index;
	if (ai < 0)
		return false;
	col[(size_t)ai * in->nunits + u] = isfinite(points) ? points + 0.0 : NAN;
	return true;
}

bool score_set_appraised(struct score_input *in, size_t u, int node, double points)
{
	return set_assessed(in, in->appraised, u, node, points);
}

bool score_set_self(struct score_input *in, size_t u, int node, double points)
{
	return set_assessed(in, in->self, u, node, points);
}

bool score_set_metric(struct score_input *in, size_t u, size_t slot, double value)
{
	if (!in->fw || u >= in->nunits || slot >= in->fw->symbols.n)
		return false;
	in->metrics[slot * in->nunits + u] = isfinite(value) ? value : NAN;
	return true;
}

/* ---- applicability ---------------------------------------------------- */

static void kinds_setup(const struct score_input *in, struct arena *a,
                        struct score_result *r, uint8_t *all_apply)
{
	const struct framework *fw = in->fw;
	size_t nu = in->nunits, nn = fw->nnodes;
	struct map km;
	map_init(&km);
	r->kinds = arena_array(a, nu + 1, sizeof *r->kinds);
	for (size_t u = 0; u < nu; u++) {
		const char *kind = in->units[u].kind ? in->units[u].kind : "";
		uintptr_t id = (uintptr_t)map_gets(&km, kind);
		if (id == 0) {
			r->kinds[r->nkinds] = kind;
			id = ++r->nkinds;
			map_puts(&km, kind, (void *)id);
		}
		r->units[u].kind = (int)(id - 1);
		r->units[u].in_group = frm_in_group(fw, kind);
	}
	map_free(&km);
	size_t nk = r->nkinds;
	r->applies = arena_array(a, size_mul(nk, nn) + 1, 1);
	r->amax = arena_array(a, size_mul(nk, nn) + 1, sizeof *r->amax);
	r->kind_max = arena_array(a, nk + 1, sizeof *r->kind_max);
	uint8_t *full = xmalloc(nn + 1);
	for (size_t i = 0; i < nn; i++)
		all_apply[i] = 1;
	for (size_t k = 0; k < nk; k++) {
		uint8_t *ap = r->applies + k * nn;
		double *am = r->amax + k * nn;
		for (size_t i = 0; i < nn; i++) {
			const struct frm_node *n = &fw->nodes[i];
			ap[i] = frm_node_admits(n, r->kinds[k]) && (n->parent < 0 || ap[n->parent]);
		}
		for (size_t i = nn; i-- > 0;) {
			const struct frm_node *n = &fw->nodes[i];
			full[i] = 0;
			am[i] = 0;
			if (!ap[i])
				continue;
			if (n->nchildren == 0) {
				am[i] = n->max;
				full[i] = 1;
				continue;
			}
			bool any = false, all_full = true;
			double sum = 0;
			for (int c = n->first_child; c >= 0; c = fw->nodes[c].next_sibling) {
				if (ap[c]) {
					any = true;
					sum += am[c];
				}
				if (!full[c])
					all_full = false;
			}
			if (!any) {
				ap[i] = 0;
			} else if (all_full) {
				am[i] = n->max;
				full[i] = 1;
			} else {
				am[i] = fmin(n->max, sum);
			}
		}
		double total = 0;
		for (size_t t = 0; t < fw->ntop; t++) {
			int ti = fw->top[t];
			if (ap[ti] && !fw->nodes[ti].extra)
				total += am[ti];
		}
		r->kind_max[k] = total;
		for (size_t i = 0; i < nn; i++)
			all_apply[i] &= ap[i];
	}
	free(full);
}

/* ---- why a unit is incomplete ----------------------------------------- */

struct missing_vec VEC_OF(struct score_missing);

static void push_missing(struct missing_vec *v, enum score_why why, int node,
                         long slot, bool has_self)
{
	struct score_missing m = {why, node, slot, has_self};
	VEC_PUSH(v, m);
}

void score_missing_text(const struct framework *fw, const struct score_missing *m,
                        const char *kind, struct arena *a, const char **vi,
                        const char **en)
{
	const char *code = m->node >= 0 ? fw->nodes[m->node].code : "";
	switch (m->why) {
	case SCORE_WHY_NO_APPRAISAL:
		*vi = arena_printf(a, "tiêu chí %s chưa có điểm thẩm định%s", code,
		                   m->has_self ? " (mới có điểm tự chấm)" : "");
		*en = arena_printf(a, "criterion %s has no appraised points%s", code,
		                   m->has_self ? " (only self-assessed points)" : "");
		return;
	case SCORE_WHY_METRIC: {
		const struct formula_slot *sl = &fw->symbols.v[m->slot];
		if (sl->period) {
			*vi = arena_printf(a, "tiêu chí %s: chỉ số %s kỳ %s chưa có giá trị",
			                   code, sl->metric, sl->period);
			*en = arena_printf(a, "criterion %s: metric %s for %s has no value",
			                   code, sl->metric, sl->period);
		} else {
			*vi = arena_printf(a, "tiêu chí %s: chỉ số %s năm %d chưa có giá trị",
			                   code, sl->metric, fw->year);
			*en = arena_printf(a, "criterion %s: metric %s for %d has no value",
			                   code, sl->metric, fw->year);
		}
		return;
	}
	case SCORE_WHY_DIVZERO:
		*vi = arena_printf(a, "tiêu chí %s: chia cho 0", code);
		*en = arena_printf(a, "criterion %s: division by zero", code);
		return;
	case SCORE_WHY_RATEZERO:
		*vi = arena_printf(a, "tiêu chí %s: rate() có mẫu số bằng 0", code);
		*en = arena_printf(a, "criterion %s: rate() has a zero denominator", code);
		return;
	case SCORE_WHY_OVERFLOW:
		*vi = arena_printf(a, "tiêu chí %s: kết quả công thức không phải là số hữu hạn",
		                   code);
		*en = arena_printf(a, "criterion %s: the formula's result is not a finite number",
		                   code);
		return;
	case SCORE_WHY_NOTHING_APPLIES:
	default:
		*vi = arena_printf(a, "không có tiêu chí nào áp dụng cho loại đơn vị '%s'",
		                   kind ? kind : "");
		*en = arena_printf(a, "no criterion applies to unit kind '%s'", kind ? kind : "");
		return;
	}
}

/* Appends why leaf i is missing for unit u (nothing when it is present).
 * *has_value and *value give a formula's value before clamping. */
static void leaf_reasons(const struct score_result *r, size_t u, int i,
                         struct formula_scratch *s, struct missing_vec *v,
                         bool *has_value, double *value)
{
	const struct framework *fw = r->fw;
	const struct score_input *in = r->in;
	const struct frm_node *n = &fw->nodes[i];
	size_t nu = r->nunits;
	*has_value = false;
	if (n->method == FRM_METHOD_ASSESSED) {
		if (!isnan(in->appraised[(size_t)n->assessed_index * nu + u]))
			return;
		bool self = !isnan(in->self[(size_t)n->assessed_index * nu + u]);
		push_missing(v, SCORE_WHY_NO_APPRAISAL, i, -1, self);
		return;
	}
	if (n->method != FRM_METHOD_FORMULA || !n->formula)
		return;
	if (formula_eval(n->formula, in->metrics + u, nu, s, value)) {
		*has_value = true;
		return;
	}
	for (size_t k = 0; k < s->nreasons; k++) {
		uint32_t why = s->reasons[k];
		bool seen = false;
		for (size_t j = 0; j < k; j++)
			seen = seen || s->reasons[j] == why;
		if (seen)
			continue;
		if (why < FORMULA_REASON_FIRST)
			push_missing(v, SCORE_WHY_METRIC, i, (long)why, false);
		else if (why == FORMULA_REASON_DIVZERO)
			push_missing(v, SCORE_WHY_DIVZERO, i, -1, false);
		else if (why == FORMULA_REASON_RATEZERO)
			push_missing(v, SCORE_WHY_RATEZERO, i, -1, false);
		else
			push_missing(v, SCORE_WHY_OVERFLOW, i, -1, false);
	}
}

static struct score_missing *missing_copy(struct arena *a, struct missing_vec *v,
                                          size_t *n)
{
	*n = v->n;
	struct score_missing *m = arena_array(a, *n ? *n : 1, sizeof *m);
	if (*n)
		memcpy(m, v->v, *n * sizeof *m);
	return m;
}

/* Lists what unit u lacks; miss[i * nunits + u] marks the missing leaves. */
static void unit_reasons(struct score_result *r, size_t u, const uint8_t *miss,
                         struct formula_scratch *s, struct arena *a,
                         struct missing_vec *v)
{
	const struct framework *fw = r->fw;
	struct score_unit_result *ur = &r->units[u];
	v->n = 0;
	if (r->kind_max[ur->kind] <= 0)
		push_missing(v, SCORE_WHY_NOTHING_APPLIES, -1, -1, false);
	for (size_t i = 0; i < fw->nnodes; i++) {
		if (!miss[i * r->nunits + u])
			continue;
		bool has;
		double val;
		leaf_reasons(r, u, (int)i, s, v, &has, &val);
	}
	ur->missing = missing_copy(a, v, &ur->nmissing);
}

/* ---- the run ---------------------------------------------------------- */

/* v within [lo, hi]; a negative zero (a penalty "-min(3, 0)") becomes 0,
 * so that no page or table shows "-0.00" points. */
static inline double clampd(double v, double lo, double hi)
{
	v = v < lo ? lo : v;
	return (v > hi ? hi : v) + 0.0;
}

enum px_err score_run(const struct score_input *in, struct arena *a,
                      struct score_result *out)
{
	memset(out, 0, sizeof *out);
	const struct framework *fw = in->fw;
	if (!fw || !fw->finished || !in->appraised || !in->metrics)
		return PX_USAGE;
	size_t nu = in->nunits, nn = fw->nnodes;
	struct score_result *r = out;
	r->fw = fw;
	r->in = in;
	r->nunits = nu;
	r->nnodes = nn;
	r->units = arena_array(a, nu ? nu : 1, sizeof *r->units);
	uint8_t *all_apply = xmalloc(nn + 1);
	kinds_setup(in, a, r, all_apply);
	r->points = arena_array(a, size_mul(nn, nu) + 1, sizeof *r->points);
	uint32_t *missing = xcalloc(nu + 1, sizeof *missing);
	uint8_t *miss = xcalloc(size_mul(nn, nu) + 1, 1); /* missing leaves */
	int *kind_of = xmalloc(size_mul(nu + 1, sizeof *kind_of));
	for (size_t u = 0; u < nu; u++)
		kind_of[u] = r->units[u].kind;

	/* assessed leaves */
	for (size_t k = 0; k < fw->nassessed; k++) {
		int i = fw->assessed[k];
		const struct frm_node *n = &fw->nodes[i];
		const double *col = in->appraised + k * nu;
		double *dst = r->points + (size_t)i * nu;
		const uint8_t *ap = r->applies + i;
		for (size_t u = 0; u < nu; u++) {
			if (!all_apply[i] && !ap[(size_t)kind_of[u] * nn])
				continue;
			double v = col[u];
			if (isnan(v)) {
				missing[u]++;
				miss[(size_t)i * nu + u] = 1;
				continue;
			}
			dst[u] = clampd(v, n->min, n->max);
		}
	}

	/* formula leaves, block by block */
	struct formula_block_scratch bs;
	formula_block_scratch_init(&bs, a, fw->max_stack);
	for (size_t k = 0; k < fw->nformulas; k++) {
		int i = fw->formulas[k];
		const struct frm_node *n = &fw->nodes[i];
		double *dst = r->points + (size_t)i * nu;
		const uint8_t *ap = r->applies + i;
		double lo = n->min, hi = n->max;
		uint8_t *mi = miss + (size_t)i * nu;
		for (size_t b = 0; b < nu; b += FORMULA_BLOCK) {
			size_t cnt = nu - b < FORMULA_BLOCK ? nu - b : FORMULA_BLOCK;
			double *d = dst + b;
			formula_eval_block(n->formula, in->metrics + b, nu, cnt, &bs, d);
			if (all_apply[i]) {
				for (size_t j = 0; j < cnt; j++) {
					double v = d[j];
					if (isnan(v)) {
						missing[b + j]++;
						mi[b + j] = 1;
						d[j] = 0;
					} else {
						d[j] = clampd(v, lo, hi);
					}
				}
			} else {
				for (size_t j = 0; j < cnt; j++) {
					double v = d[j];
					if (!ap[(size_t)kind_of[b + j] * nn]) {
						d[j] = 0;
					} else if (isnan(v)) {
						missing[b + j]++;
						mi[b + j] = 1;
						d[j] = 0;
					} else {
						d[j] = clampd(v, lo, hi);
					}
				}
			}
		}
	}

	/* groups, children first */
	for (size_t i = nn; i-- > 0;) {
		const struct frm_node *n = &fw->nodes[i];
		if (n->nchildren == 0)
			continue;
		double *dst = r->points + i * nu;
		int c = n->first_child;
		memcpy(dst, r->points + (size_t)c * nu, nu * sizeof *dst);
		for (c = fw->nodes[c].next_sibling; c >= 0; c = fw->nodes[c].next_sibling) {
			const double *src = r->points + (size_t)c * nu;
			for (size_t u = 0; u < nu; u++)
				dst[u] += src[u];
		}
		double lo = n->min, hi = n->max;
		for (size_t u = 0; u < nu; u++)
			dst[u] = clampd(dst[u], lo, hi);
		if (!all_apply[i]) {
			const uint8_t *ap = r->applies + i;
			for (size_t u = 0; u < nu; u++)
				if (!ap[(size_t)kind_of[u] * nn])
					dst[u] = 0;
		}
	}

	/* units */
	double *keys = xmalloc(size_mul(nu + 1, sizeof *keys));
	bool *eligible = xmalloc(nu + 1);
	const char **codes = xmalloc(size_mul(nu + 1, sizeof *codes));
	int *rank = xmalloc(size_mul(nu + 1, sizeof *rank));
	struct formula_scratch fs;
	formula_scratch_init(&fs, a, fw->max_stack, fw->max_reasons);
	struct missing_vec mv = {0};
	int prec = fw->rank_precision;
	for (size_t u = 0; u < nu; u++) {
		struct score_unit_result *ur = &r->units[u];
		double total = 0;
		for (size_t t = 0; t < fw->ntop; t++)
			total += r->points[(size_t)fw->top[t] * nu + u];
		double max = r->kind_max[ur->kind];
		ur->points = total;
		ur->max = max;
		ur->index = max > 0 ? clampd(total * 100.0 / max, 0, 100) : 0;
		ur->index_rounded = formula_round(ur->index, prec);
		ur->status = missing[u] || max <= 0 ? SCORE_INCOMPLETE : SCORE_OK;
		ur->grade = -1;
		if (ur->status == SCORE_INCOMPLETE)
			unit_reasons(r, u, miss, &fs, a, &mv);
		else
			ur->grade = rank_grade(fw, ur->index_rounded);
		keys[u] = formula_round_scaled(ur->index, prec);
		eligible[u] = ur->status == SCORE_OK && ur->in_group;
		codes[u] = in->units[u].code ? in->units[u].code : "";
	}
	r->order = arena_array(a, nu + 1, sizeof *r->order);
	rank_competition(keys, codes, eligible, nu, rank, r->order, &r->nranked);
	for (size_t u = 0; u < nu; u++)
		r->units[u].rank = rank[u];

	VEC_FREE(&mv);
	free(keys);
	free(eligible);
	free(codes);
	free(rank);
	free(kind_of);
	free(missing);
	free(miss);
	free(all_apply);
	return PX_OK;
}

/* ---- explain ---------------------------------------------------------- */

enum px_err score_explain(const struct score_result *r, size_t u,
                          struct arena *a, struct score_explain *out)
{
	memset(out, 0, sizeof *out);
	if (!r->fw || u >= r->nunits)
		return PX_USAGE;
	const struct framework *fw = r->fw;
	const struct score_input *in = r->in;
	size_t nu = r->nunits, nn = fw->nnodes;
	out->unit = u;
	out->u = &in->units[u];
	out->result = &r->units[u];
	out->nnodes = nn;
	out->nodes = arena_array(a, nn + 1, sizeof *out->nodes);
	struct formula_scratch fs;
	formula_scratch_init(&fs, a, fw->max_stack, fw->max_reasons);
	struct missing_vec mv = {0};
	for (size_t i = 0; i < nn; i++) {
		const struct frm_node *n = &fw->nodes[i];
		struct score_explain_node *e = &out->nodes[i];
		e->node = (int)i;
		e->applies = score_node_applies(r, u, (int)i);
		e->max = score_node_max(r, u, (int)i);
		e->points = score_points(r, u, (int)i);
		if (n->method == FRM_METHOD_ASSESSED) {
			double ap = in->appraised[(size_t)n->assessed_index * nu + u];
			double sf = in->self[(size_t)n->assessed_index * nu + u];
			e->has_appraised = !isnan(ap);
			e->appraised = e->has_appraised ? ap : 0;
			e->has_self = !isnan(sf);
			e->self = e->has_self ? sf : 0;
		}
		if (n->method == FRM_METHOD_FORMULA && n->formula) {
			const struct formula *f = n->formula;
			e->formula = f->text;
			e->nmetrics = f->nslots;
			e->metrics = arena_array(a, f->nslots + 1, sizeof *e->metrics);
			for (size_t k = 0; k < f->nslots; k++) {
				const struct formula_slot *sl = &fw->symbols.v[f->slots[k]];
				struct score_explain_metric *m = &e->metrics[k];
				double v = in->metrics[(size_t)f->slots[k] * nu + u];
				m->slot = (long)f->slots[k];
				m->ref = sl->ref;
				m->metric = sl->metric;
				m->period = sl->period;
				m->present = !isnan(v);
				m->value = m->present ? v : 0;
			}
		}
		if (n->nchildren == 0) {
			mv.n = 0;
			leaf_reasons(r, u, (int)i, &fs, &mv, &e->has_value, &e->value);
			if (!e->applies) /* nothing is missing where nothing is due */
				mv.n = 0;
			e->why = missing_copy(a, &mv, &e->nwhy);
			e->missing = e->nwhy > 0;
		}
	}
	for (size_t i = nn; i-- > 0;) {
		const struct frm_node *n = &fw->nodes[i];
		if (out->nodes[i].missing && n->parent >= 0 && out->nodes[n->parent].applies)
			out->nodes[n->parent].missing = true;
	}
	VEC_FREE(&mv);
	return PX_OK;
}
