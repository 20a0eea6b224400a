/*
 * Survey statistics (docs/formats/surveys.md "Weighting" and
 * "Statistics"); see survey.h. Every formula is the contract's, written
 * the straight way (sums of weights in doubles, no compensated sums, no
 * rounding), so that an independent reference written from the contract
 * agrees to far better than 1e-9.
 */
#include "core/survey.h"
#include "base/mem.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const survey_measure_names[] = {"question", "element", "index", NULL};

enum survey_rake_status survey_rake_unit(const struct survey_instrument *s,
                                         const struct survey_data *data,
                                         const struct survey_margins *m, size_t u, double *w,
                                         int *rounds, size_t *var, size_t *value)
{
	size_t lo = 0, hi = data->nresp, cnt = 0;
	if (data->unit_start) {
		lo = data->unit_start[u];
		hi = data->unit_start[u + 1];
	}
	for (size_t r = lo; r < hi; r++)
		cnt += data->unit[r] == u;
	if (rounds)
		*rounds = 0;
	if (!cnt)
		return SURVEY_RAKE_OK;
	size_t *who = xmalloc(cnt * sizeof *who);
	double *old = xmalloc(cnt * sizeof *old);
	cnt = 0;
	for (size_t r = lo; r < hi; r++)
		if (data->unit[r] == u) {
			who[cnt++] = r;
			w[r] = 1;
		}
	enum survey_rake_status st = SURVEY_RAKE_OK;
	size_t nq = s->nq;
	if (m && m->n) {
		bool converged = false;
		int round;
		for (round = 1; round <= SURVEY_RAKE_ROUNDS && st == SURVEY_RAKE_OK; round++) {
			for (size_t i = 0; i < cnt; i++)
				old[i] = w[who[i]];
			for (size_t k = 0; k < m->n && st == SURVEY_RAKE_OK; k++) {
				const struct survey_margin_var *mv = &m->v[k];
				const struct survey_question *q = &s->q[mv->q];
				double sum_opt[SURVEY_OPTIONS_MAX] = {0}, total = 0, factor[SURVEY_OPTIONS_MAX];
				for (size_t i = 0; i < cnt; i++) {
					int c = data->cell[who[i] * nq + (size_t)mv->q];
					if (c > 0) {
						sum_opt[c - 1] += w[who[i]];
						total += w[who[i]];
					}
				}
				for (size_t o = 0; o < q->noptions; o++) {
					if (mv->share[o] > 0 && sum_opt[o] <= 0) {
						st = SURVEY_RAKE_EMPTY_VALUE;
						*var = k;
						*value = o;
						break;
					}
					factor[o] = sum_opt[o] > 0 ? mv->share[o] * total / sum_opt[o] : 0;
				}
				if (st != SURVEY_RAKE_OK)
					break;
				for (size_t i = 0; i < cnt; i++) {
					int c = data->cell[who[i] * nq + (size_t)mv->q];
					if (c > 0)
						w[who[i]] *= factor[c - 1];
				}
			}
			if (st != SURVEY_RAKE_OK)
				break;
			double moved = 0;
			for (size_t i = 0; i < cnt; i++) {
				double dlt = fabs(w[who[i]] - old[i]);
				if (dlt > moved)
					moved = dlt;
			}
			if (moved <= SURVEY_RAKE_EPS) {
				converged = true;
				break;
			}
		}
		if (rounds)
			*rounds = round > SURVEY_RAKE_ROUNDS ? SURVEY_RAKE_ROUNDS : round;
		if (st == SURVEY_RAKE_OK && !converged)
			st = SURVEY_RAKE_NO_CONVERGENCE;
	}
	if (st == SURVEY_RAKE_OK) {
		double sum = 0;
		for (size_t i = 0; i < cnt; i++)
			sum += w[who[i]];
		if (!(sum > 0)) {
			st = SURVEY_RAKE_ZERO;
		} else {
			double mean = sum / (double)cnt;
			for (size_t i = 0; i < cnt; i++)
				w[who[i]] /= mean;
		}
	}
	free(who);
	free(old);
	return st;
}

void survey_wilson(double p, double n, double z, double *lo, double *hi)
{
	double z2 = z * z;
	double denom = 1 + z2 / n;
	double centre = (p + z2 / (2 * n)) / denom;
	double half = z / denom * sqrt(p * (1 - p) / n + z2 / (4 * n * n));
	*lo = centre - half;
	*hi = centre + half;
}

size_t survey_results_max(const struct survey_instrument *s, size_t nunits)
{
	size_t nl = 0;
	for (size_t q = 0; q < s->nq; q++)
		nl += s->q[q].type == SQ_LIKERT5;
	return (nunits + 1) * (nl + s->ne + s->ni);
}

/* Sums of one measure in one group. */
struct acc {
	double sw, sw2, spos;
	long n;
};

static void add(struct acc *a, double w, bool pos)
{
	a->sw += w;
	a->sw2 += w * w;
	a->spos += pos ? w : 0;
	a->n++;
}

static void fill(struct survey_result *r, const struct acc *a, long unit,
                 enum survey_measure m, long idx, bool insufficient)
{
	memset(r, 0, sizeof *r);
	r->unit = unit;
	r->measure = m;
	r->idx = idx;
	r->n = a->n;
	r->n_eff = a->sw2 > 0 ? a->sw * a->sw / a->sw2 : 0;
	r->insufficient = insufficient;
}

static void interval(struct survey_result *r)
{
	if (r->has_value && r->n_eff > 0) {
		r->has_ci = true;
		survey_wilson(r->value, r->n_eff, SURVEY_Z, &r->ci_low, &r->ci_high);
	}
}

size_t survey_results(const struct survey_instrument *s, const struct survey_data *data,
                      const double *w, struct survey_result *out)
{
	size_t nq = s->nq, ne = s->ne, ni = s->ni, ng = data->nunits + 1;
	size_t per = nq + ne + ni; /* accumulators per group: questions, elements, indices */
	struct acc *acc = xcalloc(ng * per, sizeof *acc);
	long *resp = xcalloc(ng, sizeof *resp);
	bool *eans = xcalloc(ne + 1, sizeof *eans);
	for (size_t r = 0; r < data->nresp; r++) {
		size_t g[2] = {data->unit[r], data->nunits};
		const int16_t *row = data->cell + r * nq;
		memset(eans, 0, (ne + 1) * sizeof *eans);
		for (size_t q = 0; q < nq; q++) {
			if (s->q[q].type != SQ_LIKERT5 || !row[q])
				continue;
			for (int k = 0; k < 2; k++)
				add(&acc[g[k] * per + q], w[r], row[q] >= 4);
			if (s->q[q].element >= 0)
				eans[s->q[q].element] = true;
		}
		for (size_t e = 0; e < ne; e++)
			if (eans[e])
				for (int k = 0; k < 2; k++)
					add(&acc[g[k] * per + nq + e], w[r], false);
		for (size_t i = 0; i < ni; i++) {
			bool any = false;
			for (size_t k = 0; k < s->ix[i].nover && !any; k++)
				any = eans[s->ix[i].over[k]];
			if (any)
				for (int k = 0; k < 2; k++)
					add(&acc[g[k] * per + nq + ne + i], w[r], false);
		}
		resp[g[0]]++;
		resp[g[1]]++;
	}
	size_t n = 0;
	double *share = xcalloc(nq + 1, sizeof *share);
	bool *has_share = xcalloc(nq + 1, sizeof *has_share);
	double *elem = xcalloc(ne + 1, sizeof *elem);
	bool *has_elem = xcalloc(ne + 1, sizeof *has_elem);
	for (size_t gi = 0; gi < ng; gi++) {
		const struct acc *a = acc + gi * per;
		long unit = gi == data->nunits ? -1 : (long)gi;
		bool insufficient = resp[gi] < s->min_n;
		for (size_t q = 0; q < nq; q++) {
			if (s->q[q].type != SQ_LIKERT5)
				continue;
			struct survey_result *r = &out[n++];
			fill(r, &a[q], unit, SURVEY_QUESTION, (long)q, insufficient);
			has_share[q] = a[q].n > 0 && a[q].sw > 0;
			share[q] = has_share[q] ? a[q].spos / a[q].sw : 0;
			r->has_value = has_share[q];
			r->value = share[q];
			interval(r);
		}
		for (size_t e = 0; e < ne; e++) {
			struct survey_result *r = &out[n++];
			fill(r, &a[nq + e], unit, SURVEY_ELEMENT, (long)e, insufficient);
			double sum = 0;
			long cnt = 0;
			for (size_t q = 0; q < nq; q++)
				if (s->q[q].element == (long)e && has_share[q]) {
					sum += share[q];
					cnt++;
				}
			has_elem[e] = cnt > 0;
			elem[e] = cnt ? sum / (double)cnt : 0;
			r->has_value = has_elem[e];
			r->value = elem[e];
			interval(r);
		}
		for (size_t i = 0; i < ni; i++) {
			struct survey_result *r = &out[n++];
			fill(r, &a[nq + ne + i], unit, SURVEY_INDEX, (long)i, insufficient);
			double sum = 0;
			long cnt = 0;
			for (size_t k = 0; k < s->ix[i].nover; k++)
				if (has_elem[s->ix[i].over[k]]) {
					sum += elem[s->ix[i].over[k]];
					cnt++;
				}
			r->has_value = cnt > 0;
			r->value = cnt ? sum / (double)cnt : 0;
			interval(r);
		}
	}
	free(acc);
	free(resp);
	free(eans);
	free(share);
	free(has_share);
	free(elem);
	free(has_elem);
	return n;
}
