/*
 * Owns the Decision 766 service index as a use case: reads the rules
 * file (data/service-index-766.json embedded, or --rules FILE) into
 * core/service_index's rules, scores every unit with dossier metrics in
 * a period from the stored or derived rates (core/metric), and stores
 * the results as service766.* metric values for framework formulas, in
 * one audited transaction. The scoring itself is pure, in core/.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/dossier_impl.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/map.h"
#include "base/mem.h"
#include "base/str.h"
#include "core/metric.h"
#include "core/service_index.h"
#include "store/repo_audit.h"
#include "store/repo_dossier.h"
#include "store/repo_metric.h"

#define SERVICE_RULES_FILE "service-index-766.json"
static const char *json_text(json_t *obj, const char *key, struct arena *a)
{
	json_t *v = json_object_get(obj, key);
	return json_is_string(v) ? arena_strdup(a, json_string_value(v)) : NULL;
}

/* One term of a rate: {"metric": code, "invert": bool} (or a plain
 * indicator's own metric and invert). */
static bool term(json_t *obj, struct arena *a, struct service_term *t)
{
	json_t *invert = json_object_get(obj, "invert");
	t->metric = json_text(obj, "metric", a);
	t->invert = json_is_true(invert);
	return t->metric && metric_code_valid(t->metric, strlen(t->metric)) &&
	       (!invert || json_is_boolean(invert));
}

/* An indicator: "metric" (+ "invert") or "one_minus_sum_of" [terms];
 * "points"; "target" (absent or null: 1); "illustrative". */
static bool indicator(json_t *ind, struct arena *a, struct service_indicator *x)
{
	json_t *pts = json_object_get(ind, "points");
	json_t *target = json_object_get(ind, "target");
	json_t *illustrative = json_object_get(ind, "illustrative");
	json_t *sum = json_object_get(ind, "one_minus_sum_of");
	if (!json_is_object(ind) || !json_is_number(pts) || json_number_value(pts) < 0 ||
	    (illustrative && !json_is_boolean(illustrative)))
		return false;
	if (target && !json_is_null(target) &&
	    (!json_is_number(target) || json_number_value(target) <= 0 ||
	     json_number_value(target) > 1))
		return false;
	x->points = json_number_value(pts);
	x->target = target && json_is_number(target) ? json_number_value(target) : 1;
	x->illustrative = json_is_true(illustrative);
	if (sum) {
		size_t i;
		json_t *t;
		if (json_object_get(ind, "metric") || !json_is_array(sum) || !json_array_size(sum) ||
		    json_array_size(sum) > SERVICE_MAX_TERMS)
			return false;
		x->complement = true;
		json_array_foreach(sum, i, t) {
			if (!json_is_object(t) || !term(t, a, &x->terms[x->nterms++]))
				return false;
		}
		x->code = json_text(ind, "code", a);
		return x->code && metric_code_valid(x->code, strlen(x->code));
	}
	x->nterms = 1;
	if (!term(ind, a, &x->terms[0]))
		return false;
	x->code = x->terms[0].metric;
	return true;
}

static bool parse_rules(const char *name, const char *data, size_t len, struct arena *a,
                        struct diags *d, struct service_rules *out)
{
	memset(out, 0, sizeof *out);
	json_t *root = dossier_json_load(name, data, len, d);
	if (!root)
		return false;
	bool ok = false;
	json_t *groups = json_object_get(root, "groups");
	out->code = json_text(root, "code", a);
	if (!out->code || !metric_code_valid(out->code, strlen(out->code)) ||
	    !json_is_array(groups) || json_array_size(groups) != SERVICE_GROUPS) {
		diag_err(d, name, 0, 0, "cần \"code\" (mã chỉ số) và \"groups\" gồm đúng %d nhóm",
		         "needs \"code\" (a metric code) and \"groups\" of exactly %d groups",
		         SERVICE_GROUPS);
		goto out;
	}
	size_t i;
	json_t *g;
	json_array_foreach(groups, i, g) {
		struct service_group *sg = &out->groups[i];
		json_t *max = json_object_get(g, "max_points");
		json_t *inds = json_object_get(g, "indicators");
		sg->code = json_text(g, "code", a);
		sg->name_vi = json_text(g, "name_vi", a);
		sg->name_en = json_text(g, "name_en", a);
		if (!sg->code || !sg->name_vi || !sg->name_en || !json_is_number(max) ||
		    json_number_value(max) <= 0 || !json_is_array(inds) || !json_array_size(inds) ||
		    json_array_size(inds) > SERVICE_MAX_INDICATORS ||
		    !metric_code_valid(sg->code, strlen(sg->code))) {
			diag_err(d, name, 0, 0,
			         "groups[%zu]: cần code, name_vi, name_en, max_points > 0 và 1..%d indicators",
			         "groups[%zu]: needs code, name_vi, name_en, max_points > 0 and 1..%d "
			         "indicators", i, SERVICE_MAX_INDICATORS);
			goto out;
		}
		sg->max_points = json_number_value(max);
		size_t k;
		json_t *ind;
		json_array_foreach(inds, k, ind) {
			struct service_indicator *x = &sg->ind[sg->n++];
			if (!indicator(ind, a, x)) {
				diag_err(d, name, 0, 0,
				         "groups[%zu].indicators[%zu]: cần \"metric\" hoặc \"one_minus_sum_of\" "
				         "(1..%d mục {metric, invert}), points >= 0, target trong (0, 1], "
				         "invert và illustrative true/false",
				         "groups[%zu].indicators[%zu]: needs \"metric\" or \"one_minus_sum_of\" "
				         "(1..%d items {metric, invert}), points >= 0, target in (0, 1], "
				         "invert and illustrative true/false", i, k, SERVICE_MAX_TERMS);
				goto out;
			}
		}
	}
	int bad;
	double total;
	if (!service_rules_check(out, &bad, &total)) {
		diag_err(d, name, 0, 0,
		         "nhóm %s: tổng điểm các chỉ số %g khác điểm tối đa %g",
		         "group %s: the indicators' points add up to %g, not its maximum %g",
		         out->groups[bad].code, total, out->groups[bad].max_points);
		goto out;
	}
	ok = true;
out:
	json_decref(root);
	return ok;
}

/* The value of a metric for one unit and period; a missing one is
 * listed once. */
struct lookup {
	const struct metric_table *t;
	const char *unit;
	struct period p;
	struct str *missing;
};

static bool lookup(void *ctx, const char *metric, double *value)
{
	struct lookup *lk = ctx;
	const char *src;
	bool derived;
	if (metric_table_get(lk->t, lk->unit, metric, lk->p, value, &src, &derived))
		return true;
	size_t n = strlen(metric);
	const char *s = str_cstr(lk->missing);
	for (const char *h = strstr(s, metric); h; h = strstr(h + 1, metric))
		if ((h == s || h[-1] == ' ') && (h[n] == ' ' || !h[n]))
			return false;
	str_printf(lk->missing, "%s%s", lk->missing->len ? " " : "", metric);
	return false;
}

enum px_err app_service_rules(const char *rules_path, struct arena *a, struct diags *d,
                              struct service_rules *out)
{
	bool ok;
	if (rules_path) {
		size_t len;
		char *data = dossier_data_read(rules_path, &len, d);
		ok = data && parse_rules(rules_path, data, len, a, d, out);
		free(data);
	} else {
		const struct embedded_file *f = embedded_find(dossier_data_files, SERVICE_RULES_FILE);
		ok = f && parse_rules(SERVICE_RULES_FILE, f->data, f->len, a, d, out);
	}
	return ok ? PX_OK : PX_BADINPUT;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

enum px_err app_service_index(struct app *app, struct period p, const char *rules_path,
                              struct diags *d, struct service_index *out)
{
	memset(out, 0, sizeof *out);
	struct arena *a = app->arena;
	struct service_rules rules;
	if (app_service_rules(rules_path, a, d, &rules) != PX_OK)
		return PX_BADINPUT;
	for (int g = 0; g < SERVICE_GROUPS; g++) {
		out->groups[g].code = rules.groups[g].code;
		out->groups[g].name_vi = rules.groups[g].name_vi;
		out->groups[g].name_en = rules.groups[g].name_en;
		out->groups[g].max_points = rules.groups[g].max_points;
	}
	struct metric_table t;
	metric_table_init(&t, a);
	char prefix[8], ps[9];
	snprintf(prefix, sizeof prefix, "%04d", p.year);
	period_format(p, ps);
	enum px_err e = app_metric_table_load(app, prefix, &t);
	if (e != PX_OK) {
		metric_table_free(&t);
		diag_err(d, NULL, 0, 0, "lỗi CSDL: %s", "database error: %s", db_errmsg(app->db));
		return PX_FAIL;
	}
	/* the units with dossier metrics in the period */
	struct map seen;
	map_init(&seen);
	const char **units = NULL;
	size_t nunits = 0;
	for (size_t i = 0; i < t.values.cap; i++) {
		const struct map_slot *s = &t.values.slots[i];
		if (!s->key)
			continue;
		const char *u1 = memchr(s->key, '\x1f', s->klen);
		if (!u1)
			continue;
		const char *m1 = memchr(u1 + 1, '\x1f', s->klen - (size_t)(u1 + 1 - s->key));
		if (!m1 || (size_t)(m1 - u1 - 1) < 8 || memcmp(u1 + 1, "dossier.", 8))
			continue;
		struct period q;
		size_t plen = s->klen - (size_t)(m1 + 1 - s->key);
		if (!period_parse(m1 + 1, plen, &q) || !period_contains(p, q))
			continue;
		size_t ulen = (size_t)(u1 - s->key);
		if (map_get(&seen, s->key, ulen))
			continue;
		map_put(&seen, s->key, ulen, (void *)(uintptr_t)1);
		units = xrealloc(units, size_mul(nunits + 1, sizeof *units));
		units[nunits++] = arena_strndup(a, s->key, ulen);
	}
	map_free(&seen);
	if (nunits)
		qsort(units, nunits, sizeof *units, cmp_str);
	out->rows = arena_array(a, nunits ? nunits : 1, sizeof *out->rows);
	out->n = nunits;
	for (size_t i = 0; i < nunits; i++) {
		struct service_index_row *r = &out->rows[i];
		struct str missing;
		str_init(&missing, 0);
		r->unit = units[i];
		struct lookup lk = {&t, r->unit, p, &missing};
		struct service_score sc;
		service_score(&rules, lookup, &lk, &sc);
		memcpy(r->group_points, sc.group_points, sizeof r->group_points);
		memcpy(r->group_known, sc.group_known, sizeof r->group_known);
		r->points = sc.points;
		r->max_points = sc.max_points;
		r->index = sc.index;
		r->missing = arena_strdup(a, str_cstr(&missing));
		str_free(&missing);
	}
	free(units);
	metric_table_free(&t);
	/* store the results as metric values */
	char now[40];
	clock_iso(clock_now(), now);
	e = db_begin(app->db);
	for (int g = 0; g < SERVICE_GROUPS + 3 && e == PX_OK; g++) {
		char code[160];
		const char *vi, *en;
		if (g < SERVICE_GROUPS) {
			snprintf(code, sizeof code, "%s.%s", rules.code, rules.groups[g].code);
			vi = rules.groups[g].name_vi;
			en = rules.groups[g].name_en;
		} else {
			static const char *const names[3][3] = {
				{"points", "Điểm chất lượng phục vụ (các nhóm có số liệu)",
				 "Service quality points (groups with data)"},
				{"max_points", "Điểm tối đa của các nhóm có số liệu",
				 "Maximum points of the groups with data"},
				{"index", "Chỉ số chất lượng phục vụ (%)", "Service quality index (%)"}};
			snprintf(code, sizeof code, "%s.%s", rules.code, names[g - SERVICE_GROUPS][0]);
			vi = names[g - SERVICE_GROUPS][1];
			en = names[g - SERVICE_GROUPS][2];
		}
		struct metric_def def = {code, vi, en, g == SERVICE_GROUPS + 2 ? "%" : "điểm",
		                         "Decision 766 service index (service-index)", AGG_NONE, 0};
		e = repo_metric_define(app->db, &def);
	}
	if (e == PX_OK)
		e = repo_dossier_metric_clear(app->db, ps, rules.code);
	for (size_t i = 0; i < out->n && e == PX_OK; i++) {
		const struct service_index_row *r = &out->rows[i];
		for (int g = 0; g < SERVICE_GROUPS + 3 && e == PX_OK; g++) {
			char code[160];
			double v;
			bool had;
			double old;
			if (g < SERVICE_GROUPS) {
				if (!r->group_known[g])
					continue;
				snprintf(code, sizeof code, "%s.%s", rules.code, rules.groups[g].code);
				v = r->group_points[g];
			} else if (g == SERVICE_GROUPS) {
				snprintf(code, sizeof code, "%s.points", rules.code);
				v = r->points;
			} else if (g == SERVICE_GROUPS + 1) {
				snprintf(code, sizeof code, "%s.max_points", rules.code);
				v = r->max_points;
			} else {
				if (r->max_points <= 0)
					continue;
				snprintf(code, sizeof code, "%s.index", rules.code);
				v = r->index;
			}
			e = repo_metric_put(app->db, r->unit, ps, code, v, "service-index", now, &had, &old);
			out->values++;
		}
	}
	if (e == PX_OK) {
		char detail[256];
		snprintf(detail, sizeof detail, "{\"period\": \"%s\", \"units\": %zu, \"values\": %ld}",
		         ps, out->n, out->values);
		e = audit_append(app->db, app->actor, "compute", "service_index", ps, detail);
	}
	return app_commit(app, e, d);
}
