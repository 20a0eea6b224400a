/*
 * Decision 766 scoring; see service_index.h. Pure functions of the rules
 * and the rates: no allocation, no I/O.
 */
#include "core/service_index.h"

#include <string.h>

bool service_rules_check(const struct service_rules *r, int *bad_group, double *total)
{
	for (int g = 0; g < SERVICE_GROUPS; g++) {
		const struct service_group *sg = &r->groups[g];
		double sum = 0;
		for (size_t k = 0; k < sg->n; k++)
			sum += sg->ind[k].points;
		if (sum < sg->max_points - 1e-9 || sum > sg->max_points + 1e-9) {
			*bad_group = g;
			*total = sum;
			return false;
		}
	}
	return true;
}

static double clamp01(double x)
{
	return x < 0 ? 0 : x > 1 ? 1 : x;
}

double service_points(double rate, double target, double max_points)
{
	double share = clamp01(rate) / target;
	return (share > 1 ? 1 : share) * max_points;
}

bool service_indicator_rate(const struct service_indicator *x, service_value_fn get, void *ctx,
                            double *rate)
{
	double sum = 0;
	bool known = true;
	for (size_t t = 0; t < x->nterms; t++) {
		double v;
		if (!get(ctx, x->terms[t].metric, &v)) {
			known = false;
			continue;
		}
		sum += x->terms[t].invert ? 1 - v : v;
	}
	*rate = known ? clamp01(x->complement ? 1 - sum : sum) : 0;
	return known;
}

void service_score(const struct service_rules *r, service_value_fn get, void *ctx,
                   struct service_score *out)
{
	memset(out, 0, sizeof *out);
	for (int g = 0; g < SERVICE_GROUPS; g++) {
		const struct service_group *sg = &r->groups[g];
		double pts = 0;
		bool known = true;
		for (size_t k = 0; k < sg->n; k++) {
			const struct service_indicator *x = &sg->ind[k];
			double rate;
			if (!service_indicator_rate(x, get, ctx, &rate)) {
				known = false;
				continue;
			}
			pts += service_points(rate, x->target, x->points);
		}
		out->group_known[g] = known;
		out->group_points[g] = known ? pts : 0;
		if (known) {
			out->points += pts;
			out->max_points += sg->max_points;
		}
	}
	out->index = out->max_points > 0 ? out->points / out->max_points * 100 : 0;
}
