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

double service_indicator_points(const struct service_indicator *x, double value)
{
	double rate = x->invert ? 1 - value : value;
	rate = rate < 0 ? 0 : rate > 1 ? 1 : rate;
	return x->has_target && rate >= x->target ? x->points : rate * x->points;
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
			double v;
			if (!get(ctx, sg->ind[k].metric, &v)) {
				known = false;
				continue;
			}
			pts += service_indicator_points(&sg->ind[k], v);
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
