/*
 * Ranking, grades, sensitivity and year-on-year views; see rank.h.
 *
 * Built as one sort (qsort of small entries: eligible first, key
 * descending, code ascending, then input position so the order is total
 * and stable) followed by one pass that gives equal keys the rank of the
 * first of them. The views re-use that function with recomputed keys, so
 * every ranking in the program follows exactly the same rules.
 */
#include "core/rank.h"
#include "core/formula.h"
#include "core/framework.h"
#include "core/score.h"
#include "base/arena.h"
#include "base/map.h"
#include "base/mem.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct rank_entry {
	double key;
	const char *code;
	size_t idx;
	bool eligible;
};

static int cmp_entry(const void *pa, const void *pb)
{
	const struct rank_entry *a = pa, *b = pb;
	if (a->eligible != b->eligible)
		return a->eligible ? -1 : 1;
	if (a->eligible && a->key != b->key)
		return a->key > b->key ? -1 : 1;
	int c = strcmp(a->code, b->code);
	if (c)
		return c;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

void rank_competition(const double *keys, const char *const *codes,
                      const bool *eligible, size_t n, int *rank,
                      size_t *order, size_t *nranked)
{
	struct rank_entry *e = xmalloc(size_mul(n + 1, sizeof *e));
	for (size_t i = 0; i < n; i++) {
		e[i].key = keys[i];
		e[i].code = codes[i] ? codes[i] : "";
		e[i].idx = i;
		e[i].eligible = eligible[i] && !isnan(keys[i]);
	}
	qsort(e, n, sizeof *e, cmp_entry);
	size_t ranked = 0;
	int prev_rank = 0;
	for (size_t pos = 0; pos < n; pos++) {
		size_t i = e[pos].idx;
		if (order)
			order[pos] = i;
		if (!e[pos].eligible) {
			rank[i] = 0;
			continue;
		}
		ranked++;
		if (pos > 0 && e[pos - 1].eligible && e[pos - 1].key == e[pos].key)
			rank[i] = prev_rank;
		else
			rank[i] = (int)pos + 1;
		prev_rank = rank[i];
	}
	if (nranked)
		*nranked = ranked;
	free(e);
}

int rank_grade(const struct framework *fw, double rounded_index)
{
	for (size_t g = 0; g < fw->ngrades; g++)
		if (fw->grades[g].min <= rounded_index)
			return (int)g;
	return -1;
}

/* ---- sensitivity ------------------------------------------------------ */

enum px_err rank_sensitivity(const struct score_result *r, double low, double high,
                             struct arena *a, struct rank_sensitivity *out)
{
	memset(out, 0, sizeof *out);
	if (!r->fw || !(low > 0) || !(high > 0) || !isfinite(low) || !isfinite(high))
		return PX_USAGE;
	const struct framework *fw = r->fw;
	size_t nu = r->nunits, nd = fw->ntop, nn = r->nnodes;
	int prec = fw->rank_precision;
	out->low = low;
	out->high = high;
	out->domains = fw->top;
	out->ndomains = nd;
	out->rank_low = arena_array(a, size_mul(nu, nd) + 1, sizeof *out->rank_low);
	out->rank_high = arena_array(a, size_mul(nu, nd) + 1, sizeof *out->rank_high);
	out->max_shift = arena_array(a, nu + 1, sizeof *out->max_shift);
	out->domain_max_shift = arena_array(a, nd + 1, sizeof *out->domain_max_shift);
	double *keys = xmalloc(size_mul(nu + 1, sizeof *keys));
	bool *eligible = xmalloc(nu + 1);
	const char **codes = xmalloc(size_mul(nu + 1, sizeof *codes));
	int *rank = xmalloc(size_mul(nu + 1, sizeof *rank));
	for (size_t u = 0; u < nu; u++) {
		eligible[u] = r->units[u].rank > 0;
		codes[u] = r->in->units[u].code;
	}
	for (size_t d = 0; d < nd; d++) {
		int node = fw->top[d];
		bool extra = fw->nodes[node].extra;
		for (int w = 0; w < 2; w++) {
			double weight = w == 0 ? low : high;
			for (size_t u = 0; u < nu; u++) {
				keys[u] = 0;
				if (!eligible[u])
					continue;
				const struct score_unit_result *ur = &r->units[u];
				double p = ur->points + (weight - 1) * score_points(r, u, node);
				double m = ur->max;
				if (!extra)
					m += (weight - 1) * r->amax[(size_t)ur->kind * nn + (size_t)node];
				double idx = m > 0 ? p * 100.0 / m : 0;
				idx = idx < 0 ? 0 : idx > 100 ? 100 : idx;
				keys[u] = formula_round_scaled(idx, prec);
			}
			rank_competition(keys, codes, eligible, nu, rank, NULL, NULL);
			int *dst = w == 0 ? out->rank_low : out->rank_high;
			for (size_t u = 0; u < nu; u++) {
				dst[u * nd + d] = rank[u];
				if (!eligible[u])
					continue;
				int shift = abs(rank[u] - r->units[u].rank);
				if (shift > out->max_shift[u])
					out->max_shift[u] = shift;
				if (shift > out->domain_max_shift[d])
					out->domain_max_shift[d] = shift;
				if (shift > out->max_shift_all)
					out->max_shift_all = shift;
			}
		}
	}
	free(keys);
	free(eligible);
	free(codes);
	free(rank);
	return PX_OK;
}

/* ---- year on year ----------------------------------------------------- */

/* Inserts m into the top-k list v (|change| descending, then node). */
static void top_insert(struct rank_move *v, size_t *n, size_t k, const struct rank_move *m)
{
	double mag = fabs(m->change);
	size_t pos = *n;
	while (pos > 0) {
		double pm = fabs(v[pos - 1].change);
		if (pm > mag || (pm == mag && v[pos - 1].node < m->node))
			break;
		pos--;
	}
	if (pos >= k)
		return;
	size_t last = *n < k ? *n : k - 1;
	memmove(v + pos + 1, v + pos, (last - pos) * sizeof *v);
	v[pos] = *m;
	if (*n < k)
		(*n)++;
}

enum px_err rank_compare(const struct score_result *cur,
                         const struct score_result *prev,
                         const long *prev_unit_of, size_t top_k,
                         struct arena *a, struct rank_yoy *out)
{
	memset(out, 0, sizeof *out);
	if (!cur->fw || !prev->fw)
		return PX_USAGE;
	const struct framework *fw = cur->fw, *pfw = prev->fw;
	size_t nu = cur->nunits, nn = cur->nnodes;
	out->mapped = fw->previous && pfw->code && strcmp(fw->previous, pfw->code) == 0;
	out->node_map = arena_array(a, nn + 1, sizeof *out->node_map);
	struct map pm;
	map_init(&pm);
	if (out->mapped)
		for (size_t i = 0; i < fw->nprevious_map; i++)
			map_puts(&pm, fw->previous_map[i].code,
			         (void *)fw->previous_map[i].previous_code);
	for (size_t i = 0; i < nn; i++) {
		const char *code = fw->nodes[i].code;
		const char *old = map_gets(&pm, code);
		out->node_map[i] = frm_find(pfw, old ? old : code);
	}
	map_free(&pm);

	struct map units;
	map_init(&units);
	if (!prev_unit_of)
		for (size_t p = 0; p < prev->nunits; p++)
			if (prev->in->units[p].code && !map_gets(&units, prev->in->units[p].code))
				map_puts(&units, prev->in->units[p].code, (void *)(uintptr_t)(p + 1));
	out->nunits = nu;
	out->units = arena_array(a, nu + 1, sizeof *out->units);
	int prec = fw->rank_precision;
	for (size_t u = 0; u < nu; u++) {
		struct rank_yoy_unit *y = &out->units[u];
		long p = -1;
		if (prev_unit_of) {
			if (prev_unit_of[u] >= 0 && (size_t)prev_unit_of[u] < prev->nunits)
				p = prev_unit_of[u];
		} else if (cur->in->units[u].code) {
			uintptr_t v = (uintptr_t)map_gets(&units, cur->in->units[u].code);
			p = v ? (long)v - 1 : -1;
		}
		y->prev = p;
		if (p < 0)
			continue;
		const struct score_unit_result *c = &cur->units[u], *o = &prev->units[p];
		if (c->status == SCORE_OK && o->status == SCORE_OK) {
			y->has_index_change = true;
			y->index_change = c->index - o->index;
			y->index_change_rounded =
				formula_round(c->index_rounded - o->index_rounded, prec);
		}
		if (c->rank > 0 && o->rank > 0) {
			y->has_rank_change = true;
			y->rank_change = o->rank - c->rank;
		}
		if (top_k == 0)
			continue;
		y->moves = arena_array(a, top_k, sizeof *y->moves);
		for (size_t i = 0; i < nn; i++) {
			int pi = out->node_map[i];
			if (pi < 0 || fw->nodes[i].nchildren > 0)
				continue;
			double m = score_node_max(cur, u, (int)i);
			double pmax = score_node_max(prev, (size_t)p, pi);
			if (!score_node_applies(cur, u, (int)i) ||
			    !score_node_applies(prev, (size_t)p, pi) || m == 0 || pmax == 0)
				continue;
			struct rank_move mv;
			mv.node = (int)i;
			mv.prev_node = pi;
			mv.points = score_points(cur, u, (int)i);
			mv.prev_points = score_points(prev, (size_t)p, pi);
			mv.max = m;
			mv.prev_max = pmax;
			mv.change = (mv.points / m - mv.prev_points / pmax) * 100.0;
			if (mv.change != 0)
				top_insert(y->moves, &y->nmoves, top_k, &mv);
		}
	}
	map_free(&units);
	return PX_OK;
}
