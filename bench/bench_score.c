/*
 * Scoring benchmark: a deterministic framework of 150 leaf criteria under
 * 8 domains plus a bonus/penalty domain, with formulas of the shapes the
 * real frameworks use (rate(), steps(), min/max, if, default) over 40
 * metrics, and 12,000 units with metric values and appraised points (a
 * few values missing, as in real data). Times compile (frm_finish) +
 * score + rank (score_run), best of 5, with CLOCK_MONOTONIC, and prints
 * the figure against the 100 ms target of DESIGN.md.
 *
 * Usage: bench_score [units] [leaves]   (defaults 12000 150)
 * Input generation is not timed: loading inputs is the store's work.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/arena.h"
#include "base/err.h"
#include "core/framework.h"
#include "core/score.h"

#define DOMAINS 8
#define METRICS 40
#define RUNS 5
#define TARGET_MS 100.0

static unsigned long long rng = 0x9E3779B97F4A7C15ULL;

static double rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (double)(rng >> 11) / 9007199254740992.0;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Metric names: m00..m09 are rates (0..1), m10..m19 survey scores (0..100),
 * m20..m35 counts in (done, total) pairs, m36..m39 penalty counts. */
static const char *metric_name(struct arena *a, int k)
{
	static const char *const area[] = {"dossier", "survey", "plan", "inspection"};
	return arena_printf(a, "%s.m%02d", area[k / 10], k);
}

static const char *leaf_formula(struct arena *a, int leaf, bool *is_formula,
                                 int formulas_every)
{
	*is_formula = (leaf % formulas_every) != formulas_every - 1;
	if (!*is_formula)
		return NULL;
	const char *rate = metric_name(a, leaf % 10);
	const char *surv = metric_name(a, 10 + leaf % 10);
	const char *num = metric_name(a, 20 + 2 * (leaf % 8));
	const char *den = metric_name(a, 21 + 2 * (leaf % 8));
	switch (leaf % 8) {
	case 0:
		return arena_printf(a, "max * rate(%s, %s)", num, den);
	case 1:
		return arena_printf(a, "steps(rate(%s, %s), 0.3, max*0.5, 0.5, max*0.75, 0.7, max)",
		                    num, den);
	case 2:
		return arena_printf(a, "max * min(1, rate(%s, %s) / 0.5)", num, den);
	case 3:
		return arena_printf(a, "if(%s >= %s, max, max * 0.5)", num, den);
	case 4:
		return arena_printf(a, "steps(%s, 0.9, max*0.5, 0.95, max*0.8, 0.98, max)", rate);
	case 5:
		return arena_printf(a, "max * %s / 100", surv);
	case 6:
		return arena_printf(a, "max * default(rate(%s, %s), 1)", num, den);
	default:
		return arena_printf(a, "max - 0.25 * min(4, %s)", metric_name(a, 36 + leaf % 4));
	}
}

/* Builds the framework (not finished). */
static struct framework *build(struct arena *a, int leaves, int formulas_every)
{
	struct framework *fw = frm_new(a);
	fw->code = "BENCH-2025";
	fw->title = "Benchmark framework";
	fw->year = 2025;
	frm_add_kind(fw, "commune");
	frm_add_kind(fw, "ward");
	frm_add_grade(fw, "A", 90);
	frm_add_grade(fw, "B", 80);
	frm_add_grade(fw, "C", 70);
	frm_add_grade(fw, "D", 0);
	int leaf = 0;
	for (int d = 0; d < DOMAINS; d++) {
		int n = leaves / DOMAINS + (d < leaves % DOMAINS);
		struct frm_node g = frm_node_default();
		g.code = arena_printf(a, "%d", d + 1);
		g.title = arena_printf(a, "Lĩnh vực %d", d + 1);
		g.has_max = true;
		g.max = n; /* one point per leaf on average */
		int gi = frm_add_node(fw, -1, &g);
		for (int k = 0; k < n; k++, leaf++) {
			struct frm_node l = frm_node_default();
			l.code = arena_printf(a, "%d.%d", d + 1, k + 1);
			l.title = arena_printf(a, "Tiêu chí %d.%d", d + 1, k + 1);
			l.has_max = true;
			l.max = 1;
			bool f;
			l.formula_text = leaf_formula(a, leaf, &f, formulas_every);
			l.method = f ? FRM_METHOD_FORMULA : FRM_METHOD_ASSESSED;
			if (!f) {
				l.has_step = true;
				l.step = 0.25;
			}
			if (k == n - 1 && d == 2) { /* one criterion for communes only */
				static const char *commune[] = {"commune"};
				l.applies_to = commune;
				l.napplies = 1;
			}
			frm_add_node(fw, gi, &l);
		}
	}
	struct frm_node x = frm_node_default();
	x.code = "9";
	x.title = "Điểm thưởng, điểm trừ";
	x.has_max = true;
	x.max = 2;
	x.min = -5;
	x.extra = true;
	int xi = frm_add_node(fw, -1, &x);
	struct frm_node p = frm_node_default();
	p.code = "9.1";
	p.title = "Kiến nghị quá hạn";
	p.has_max = true;
	p.max = 0;
	p.min = -3;
	p.method = FRM_METHOD_FORMULA;
	p.formula_text = arena_printf(a, "-min(3, 0.5 * %s)", metric_name(a, 39));
	frm_add_node(fw, xi, &p);
	return fw;
}

static double metric_value(int k)
{
	double r = rnd();
	if (r < 0.0002)
		return NAN; /* a few values missing: incomplete units */
	if (k < 10)
		return 0.5 + 0.5 * rnd();
	if (k < 20)
		return 60 + 40 * rnd();
	if (k >= 36)
		return floor(rnd() * 4);
	return floor(rnd() * 200) + ((k % 2) ? 200 : 0); /* done < total */
}

static int run(int nunits, int leaves, int formulas_every, bool appraised)
{
	struct arena *data = arena_new();
	/* inputs, generated once in the slot order the compiler assigns */
	struct arena *a0 = arena_new();
	struct framework *fw0 = build(a0, leaves, formulas_every);
	struct diags d;
	diags_init(&d);
	if (frm_finish(fw0, &d) != PX_OK) {
		diags_print(&d, stderr);
		return 1;
	}
	struct score_unit *units = arena_array(data, (size_t)nunits, sizeof *units);
	for (int u = 0; u < nunits; u++) {
		units[u].code = arena_printf(data, "U%05d", u);
		units[u].name = units[u].code;
		units[u].kind = u % 4 ? "commune" : "ward";
	}
	struct score_input in0;
	score_input_init(&in0, data, fw0, units, (size_t)nunits);
	for (size_t s = 0; s < fw0->symbols.n; s++) {
		int k = (int)strtol(strrchr(fw0->symbols.v[s].metric, 'm') + 1, NULL, 10);
		for (int u = 0; u < nunits; u++)
			score_set_metric(&in0, (size_t)u, s, metric_value(k));
	}
	for (size_t k = 0; k < fw0->nassessed && appraised; k++)
		for (int u = 0; u < nunits; u++)
			if (rnd() > 0.0001)
				score_set_appraised(&in0, (size_t)u, fw0->assessed[k],
				                    floor(rnd() * 5) / 4);

	double best = 1e9, best_compile = 0, best_score = 0;
	size_t ranked = 0, incomplete = 0;
	double checksum = 0;
	for (int run_i = 0; run_i < RUNS; run_i++) {
		struct arena *a = arena_new();
		struct framework *fw = build(a, leaves, formulas_every);
		struct diags d2;
		diags_init(&d2);
		double t0 = now_ms();
		if (frm_finish(fw, &d2) != PX_OK)
			return 1;
		double t1 = now_ms();
		struct score_input in = in0;
		in.fw = fw;
		struct score_result r;
		if (score_run(&in, a, &r) != PX_OK)
			return 1;
		double t2 = now_ms();
		if (t2 - t0 < best) {
			best = t2 - t0;
			best_compile = t1 - t0;
			best_score = t2 - t1;
		}
		ranked = r.nranked;
		incomplete = 0;
		checksum = 0;
		for (int u = 0; u < nunits; u++) {
			incomplete += r.units[u].status != SCORE_OK;
			checksum += r.units[u].index;
		}
		diags_free(&d2);
		arena_free(a);
	}
	printf("score: %d units x %d criteria (%zu formulas%s): %.1f ms "
	       "(target %.0f ms, ratio %.2f)\n",
	       nunits, leaves + 1, fw0->nformulas,
	       appraised ? "" : ", before appraisal: every unit incomplete", best,
	       TARGET_MS, best / TARGET_MS);
	printf("       compile %.2f ms, score + rank %.2f ms; %zu ranked, %zu incomplete, "
	       "mean index %.4f\n",
	       best_compile, best_score, ranked, incomplete, checksum / nunits);
	diags_free(&d);
	arena_free(a0);
	arena_free(data);
	return 0;
}

/* A whole number in [lo, hi] or -1. */
static int arg_int(const char *s, int lo, int hi)
{
	char *end = NULL;
	long v = strtol(s, &end, 10);
	if (end == s || *end || v < lo || v > hi)
		return -1;
	return (int)v;
}

int main(int argc, char **argv)
{
	int nunits = argc > 1 ? arg_int(argv[1], 1, 10000000) : 12000;
	int leaves = argc > 2 ? arg_int(argv[2], DOMAINS, 100000) : 150;
	if (nunits <= 0 || leaves < DOMAINS) {
		fprintf(stderr, "usage: bench_score [units] [leaves >= %d]\n", DOMAINS);
		return 2;
	}
	/* leaves - 1 under the domains, plus the penalty: `leaves` in all. One
	 * leaf in five assessed; then every leaf a formula; then the first case
	 * before the council has appraised (every unit incomplete, each
	 * explained: the slow path) */
	if (run(nunits, leaves - 1, 5, true) || run(nunits, leaves - 1, 1 << 30, true) ||
	    run(nunits, leaves - 1, 5, false))
		return 1;
	return 0;
}
