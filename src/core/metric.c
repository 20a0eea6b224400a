/* In-memory metric values with derivation of years and quarters; see metric.h. */
#include "core/metric.h"
#include "base/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

void metric_table_init(struct metric_table *t, struct arena *a)
{
	map_init(&t->values);
	map_init(&t->aggregates);
	t->arena = a;
}

void metric_table_free(struct metric_table *t)
{
	map_free(&t->values);
	map_free(&t->aggregates);
}

static size_t key(char *buf, size_t size, const char *unit, const char *metric, struct period p)
{
	char ps[9];
	period_format(p, ps);
	int n = snprintf(buf, size, "%s\x1f%s\x1f%s", unit, metric, ps);
	return n < 0 || (size_t)n >= size ? size - 1 : (size_t)n;
}

void metric_table_put(struct metric_table *t, const char *unit, const char *metric,
                      struct period p, double value, const char *source)
{
	char k[512];
	size_t n = key(k, sizeof k, unit, metric, p);
	struct metric_value *v = arena_alloc(t->arena, sizeof *v);
	v->value = value;
	v->source = source;
	map_put(&t->values, k, n, v);
}

void metric_table_set_aggregate(struct metric_table *t, const char *metric,
                                enum metric_aggregate agg)
{
	map_puts(&t->aggregates, metric, (void *)(uintptr_t)(agg + 1));
}

static const struct metric_value *stored(const struct metric_table *t, const char *unit,
                                         const char *metric, struct period p)
{
	char k[512];
	size_t n = key(k, sizeof k, unit, metric, p);
	return map_get(&t->values, k, n);
}

/* Combines the stored values of parts[0..n); false unless all exist. */
static bool combine(const struct metric_table *t, const char *unit, const char *metric,
                    const struct period *parts, int n, enum metric_aggregate agg,
                    double *out)
{
	double sum = 0;
	for (int i = 0; i < n; i++) {
		const struct metric_value *v = stored(t, unit, metric, parts[i]);
		if (!v)
			return false;
		sum += v->value;
	}
	*out = agg == AGG_MEAN ? sum / n : sum;
	return true;
}

bool metric_table_get(const struct metric_table *t, const char *unit, const char *metric,
                      struct period p, double *value, const char **source, bool *derived)
{
	*derived = false;
	const struct metric_value *v = stored(t, unit, metric, p);
	if (v) {
		*value = v->value;
		*source = v->source;
		return true;
	}
	uintptr_t a = (uintptr_t)map_gets(&t->aggregates, metric);
	enum metric_aggregate agg = a ? (enum metric_aggregate)(a - 1) : AGG_NONE;
	if (agg == AGG_NONE || p.kind == PERIOD_MONTH)
		return false;
	struct period parts[12];
	const char *how = agg == AGG_SUM ? "sum" : "mean";
	if (p.kind == PERIOD_YEAR) {
		for (int q = 0; q < 4; q++)
			parts[q] = (struct period){PERIOD_QUARTER, p.year, q + 1};
		if (combine(t, unit, metric, parts, 4, agg, value)) {
			*source = arena_printf(t->arena, "%s of 4 quarters", how);
			*derived = true;
			return true;
		}
	}
	int first = p.kind == PERIOD_YEAR ? 1 : (p.n - 1) * 3 + 1;
	int count = p.kind == PERIOD_YEAR ? 12 : 3;
	for (int m = 0; m < count; m++)
		parts[m] = (struct period){PERIOD_MONTH, p.year, first + m};
	if (combine(t, unit, metric, parts, count, agg, value)) {
		*source = arena_printf(t->arena, "%s of %d months", how, count);
		*derived = true;
		return true;
	}
	return false;
}

bool metric_aggregate_parse(const char *s, enum metric_aggregate *out)
{
	if (!*s || !strcmp(s, "none"))
		*out = AGG_NONE;
	else if (!strcmp(s, "sum"))
		*out = AGG_SUM;
	else if (!strcmp(s, "mean"))
		*out = AGG_MEAN;
	else
		return false;
	return true;
}

const char *metric_aggregate_name(enum metric_aggregate a)
{
	return a == AGG_SUM ? "sum" : a == AGG_MEAN ? "mean" : "none";
}

bool metric_code_valid(const char *s, size_t n)
{
	if (!n || n > 128 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '.'))
			return false;
	}
	return true;
}
