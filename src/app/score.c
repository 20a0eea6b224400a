/*
 * Scoring use cases: load a framework's inputs from the store, run the
 * pure engine (core/score.c, core/rank.c), publish frozen snapshots.
 *
 * Which units are scored: those whose kind is in the framework's group
 * (narrowed to one kind by --group) that exist on the last day of the
 * framework's year, plus any unit that has scores for the framework (a
 * unit merged away during the year keeps its published history). Units
 * are in code order, so output is deterministic on every backend.
 */
#include "app/scoring.h"
#include "app/live_cache.h"
#include "base/clock.h"
#include "base/arena.h"
#include "base/mem.h"
#include "store/repo_audit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int unit_code_cmp(const void *a, const void *b)
{
	return strcmp(((const struct score_unit *)a)->code, ((const struct score_unit *)b)->code);
}

enum px_err app_score(struct app *app, const char *framework, const char *group,
                      struct diags *d, struct app_scoring *out)
{
	struct arena *a = app->arena;
	memset(out, 0, sizeof *out);
	enum px_err e = app_framework_load(app, framework, d, &out->fw);
	if (e != PX_OK)
		return e;
	struct framework *fw = out->fw;
	e = repo_score_list(app->db, fw->code, a, &out->scores, &out->nscores);
	struct unit_set s = {0};
	if (e == PX_OK)
		e = app_register_load(app, &s);
	if (e != PX_OK) {
		diag_err(d, NULL, 0, 0, "lỗi CSDL: %s", "database error: %s", db_errmsg(app->db));
		goto out;
	}
	struct map scored;
	map_init(&scored);
	for (size_t i = 0; i < out->nscores; i++)
		map_puts(&scored, out->scores[i].unit, (void *)1);
	int32_t year_end = date_from_ymd(fw->year, 12, 31);
	out->units = arena_array(a, s.n + 1, sizeof *out->units);
	for (size_t i = 0; i < s.n; i++) {
		const struct unit_rec *u = &s.v[i];
		if (!app_framework_scopes(fw, &s, i) || (group && strcmp(group, u->kind)))
			continue;
		if (!unit_active_on(u, year_end) && !map_gets(&scored, u->code))
			continue;
		out->units[out->nunits++] = (struct score_unit){u->code, u->name, u->kind};
	}
	map_free(&scored);
	qsort(out->units, out->nunits, sizeof *out->units, unit_code_cmp);
	e = score_input_init(&out->in, a, fw, out->units, out->nunits);
	if (e != PX_OK)
		goto out;
	/* appraised and self points */
	struct map idx;
	map_init(&idx);
	for (size_t u = 0; u < out->nunits; u++)
		map_puts(&idx, out->units[u].code, (void *)(uintptr_t)(u + 1));
	for (size_t i = 0; i < out->nscores; i++) {
		uintptr_t u = (uintptr_t)map_gets(&idx, out->scores[i].unit);
		int node = frm_find(fw, out->scores[i].criterion);
		if (!u || node < 0)
			continue; /* a unit outside the group, or a criterion since removed */
		if (out->scores[i].has_appraised)
			score_set_appraised(&out->in, u - 1, node, out->scores[i].appraised);
		if (out->scores[i].has_self)
			score_set_self(&out->in, u - 1, node, out->scores[i].self);
	}
	map_free(&idx);
	/* metric values for the framework's year and any explicit periods */
	size_t nslots;
	const struct formula_slot *slots = frm_metric_slots(fw, &nslots);
	struct metric_table mt;
	metric_table_init(&mt, a);
	struct map years;
	map_init(&years);
	char ybuf[8];
	snprintf(ybuf, sizeof ybuf, "%d", fw->year);
	map_puts(&years, ybuf, (void *)1);
	for (size_t k = 0; k < nslots && e == PX_OK; k++)
		if (slots[k].period) {
			snprintf(ybuf, sizeof ybuf, "%d", slots[k].p.year);
			map_puts(&years, ybuf, (void *)1);
		}
	for (size_t i = 0; i < years.cap && e == PX_OK; i++)
		if (years.slots[i].key && nslots)
			e = app_metric_table_load(app, years.slots[i].key, &mt);
	map_free(&years);
	out->metric_source = arena_array(a, nslots * out->nunits + 1, sizeof(char *));
	struct period fy = {PERIOD_YEAR, fw->year, 0};
	for (size_t k = 0; k < nslots && e == PX_OK; k++)
		for (size_t u = 0; u < out->nunits; u++) {
			double v;
			const char *src;
			bool derived;
			if (metric_table_get(&mt, out->units[u].code, slots[k].metric,
			                     slots[k].period ? slots[k].p : fy, &v, &src, &derived)) {
				score_set_metric(&out->in, u, k, v);
				out->metric_source[k * out->nunits + u] = src;
			}
		}
	metric_table_free(&mt);
	if (e != PX_OK) {
		diag_err(d, NULL, 0, 0, "lỗi CSDL: %s", "database error: %s", db_errmsg(app->db));
		goto out;
	}
	e = score_run(&out->in, a, &out->res);
out:
	if (s.arena)
		unit_set_free(&s);
	return e;
}

enum px_err app_score_previous(struct app *app, const struct app_scoring *cur,
                               const char *group, struct diags *d, struct app_scoring *out)
{
	if (!cur->fw->previous)
		return PX_NOTFOUND;
	struct diags quiet;
	diags_init(&quiet);
	enum px_err e = app_score(app, cur->fw->previous, group, &quiet, out);
	if (e != PX_OK && e != PX_NOTFOUND)
		for (size_t i = 0; i < quiet.n; i++)
			diag_text(d, DIAG_WARNING, quiet.v[i].file, quiet.v[i].line, quiet.v[i].col,
			          quiet.v[i].where, quiet.v[i].vi, quiet.v[i].en);
	diags_free(&quiet);
	return e;
}

/* ---- live results through the live cache (app/live_cache.h) ---- */

struct score_live_ctx {
	const char *framework, *group;
	struct diags *d;
};

static enum px_err score_build(struct app *app, void *ctx, void **out)
{
	const struct score_live_ctx *c = ctx;
	struct app_scoring *sc = arena_alloc(app->arena, sizeof *sc);
	*out = sc;
	return app_score(app, c->framework, c->group, c->d, sc);
}

enum px_err app_score_live(struct app *app, const char *framework, const char *group,
                           struct diags *d, struct app_scoring *out)
{
	struct score_live_ctx c = {framework, group, d};
	/* \x1f cannot occur in a framework code or a kind */
	const char *key = arena_printf(app->arena, "score\x1f%s\x1f%s", framework,
	                               group ? group : "");
	void *v;
	enum px_err e = live_get(app, key, score_build, NULL, &c, &v);
	if (e != PX_OK) {
		memset(out, 0, sizeof *out);
		return e;
	}
	*out = *(const struct app_scoring *)v;
	return PX_OK;
}

enum px_err app_score_previous_live(struct app *app, const struct app_scoring *cur,
                                    const char *group, struct diags *d,
                                    struct app_scoring *out)
{
	if (!cur->fw->previous)
		return PX_NOTFOUND;
	struct diags quiet;
	diags_init(&quiet);
	enum px_err e = app_score_live(app, cur->fw->previous, group, &quiet, out);
	if (e != PX_OK && e != PX_NOTFOUND)
		for (size_t i = 0; i < quiet.n; i++)
			diag_text(d, DIAG_WARNING, quiet.v[i].file, quiet.v[i].line, quiet.v[i].col,
			          quiet.v[i].where, quiet.v[i].vi, quiet.v[i].en);
	diags_free(&quiet);
	return e;
}

struct framework_live_ctx {
	const char *code;
	struct diags *d;
};

static enum px_err framework_build(struct app *app, void *ctx, void **out)
{
	const struct framework_live_ctx *c = ctx;
	struct framework *fw = NULL;
	enum px_err e = app_framework_load(app, c->code, c->d, &fw);
	*out = fw;
	return e;
}

enum px_err app_framework_live(struct app *app, const char *code, struct diags *d,
                               const struct framework **out)
{
	struct framework_live_ctx c = {code, d};
	void *v = NULL;
	enum px_err e = live_get(app, arena_printf(app->arena, "framework\x1f%s", code),
	                         framework_build, NULL, &c, &v);
	*out = e == PX_OK ? v : NULL;
	return e;
}

struct framework_list {
	struct framework_row *rows;
	size_t n;
};

static enum px_err framework_list_build(struct app *app, void *ctx, void **out)
{
	(void)ctx;
	struct framework_list *l = arena_alloc(app->arena, sizeof *l);
	*out = l;
	return repo_framework_list(app->db, app->arena, &l->rows, &l->n);
}

enum px_err app_framework_list_live(struct app *app, struct framework_row **out, size_t *n)
{
	void *v;
	enum px_err e = live_get(app, "frameworks", framework_list_build, NULL, NULL, &v);
	const struct framework_list *l = v;
	*out = e == PX_OK ? l->rows : NULL;
	*n = e == PX_OK ? l->n : 0;
	return e;
}

static enum px_err register_build(struct app *app, void *ctx, void **out)
{
	(void)ctx;
	struct unit_set *s = arena_alloc(app->arena, sizeof *s);
	*out = s;
	return app_register_load(app, s); /* strings in the entry's arena */
}

static void register_destroy(void *value)
{
	unit_set_free(value);
}

enum px_err app_register_live(struct app *app, struct unit_set *out)
{
	void *v;
	enum px_err e = live_get(app, "register", register_build, register_destroy, NULL, &v);
	if (e != PX_OK) {
		memset(out, 0, sizeof *out);
		return e;
	}
	*out = *(const struct unit_set *)v;
	out->arena = NULL; /* shared: no unit_set_put, no unit_set_free */
	return PX_OK;
}

static void json_num(struct str *s, double v)
{
	if (isfinite(v))
		str_add_double(s, v);
	else
		str_adds(s, "null");
}

/* The frozen inputs: the framework, the units, the scores and every
 * metric value used with its source. */
static void snapshot_inputs(struct app *app, const struct app_scoring *sc, struct str *s)
{
	const struct framework *fw = sc->fw;
	str_adds(s, "{\"framework\": ");
	frm_write_json(fw, s);
	str_adds(s, ", \"units\": [");
	for (size_t u = 0; u < sc->nunits; u++) {
		str_adds(s, u ? ", {\"code\": " : "{\"code\": ");
		str_add_json(s, sc->units[u].code);
		str_adds(s, ", \"name\": ");
		str_add_json(s, sc->units[u].name);
		str_adds(s, ", \"kind\": ");
		str_add_json(s, sc->units[u].kind);
		str_addc(s, '}');
	}
	str_adds(s, "], \"scores\": [");
	for (size_t i = 0; i < sc->nscores; i++) {
		const struct score_row *r = &sc->scores[i];
		str_adds(s, i ? ", {\"unit\": " : "{\"unit\": ");
		str_add_json(s, r->unit);
		str_adds(s, ", \"criterion\": ");
		str_add_json(s, r->criterion);
		str_adds(s, ", \"self\": ");
		json_num(s, r->has_self ? r->self : NAN);
		str_adds(s, ", \"appraised\": ");
		json_num(s, r->has_appraised ? r->appraised : NAN);
		str_addc(s, '}');
	}
	str_adds(s, "], \"metrics\": [");
	size_t nslots;
	const struct formula_slot *slots = frm_metric_slots(fw, &nslots);
	bool first = true;
	for (size_t k = 0; k < nslots; k++)
		for (size_t u = 0; u < sc->nunits; u++) {
			const char *src = sc->metric_source[k * sc->nunits + u];
			if (!src)
				continue;
			str_adds(s, first ? "{\"unit\": " : ", {\"unit\": ");
			first = false;
			str_add_json(s, sc->units[u].code);
			str_adds(s, ", \"ref\": ");
			str_add_json(s, slots[k].ref);
			str_adds(s, ", \"value\": ");
			json_num(s, sc->in.metrics[k * sc->nunits + u]);
			str_adds(s, ", \"source\": ");
			str_add_json(s, src);
			str_addc(s, '}');
		}
	str_adds(s, "]}");
	(void)app;
}

static void snapshot_results(const struct app_scoring *sc, struct arena *a, struct str *s)
{
	const struct framework *fw = sc->fw;
	str_addc(s, '[');
	for (size_t i = 0; i < sc->nunits; i++) {
		size_t u = sc->res.order[i];
		const struct score_unit_result *r = &sc->res.units[u];
		str_adds(s, i ? ",\n{\"unit\": " : "{\"unit\": ");
		str_add_json(s, sc->units[u].code);
		str_printf(s, ", \"rank\": %d, \"points\": ", r->rank);
		json_num(s, r->points);
		str_adds(s, ", \"max\": ");
		json_num(s, r->max);
		str_adds(s, ", \"index\": ");
		json_num(s, r->index);
		str_adds(s, ", \"grade\": ");
		if (r->grade >= 0)
			str_add_json(s, fw->grades[r->grade].code);
		else
			str_adds(s, "null");
		str_adds(s, ", \"status\": ");
		str_add_json(s, r->status == SCORE_OK ? "ok" : "incomplete");
		str_adds(s, ", \"domains\": {");
		for (size_t t = 0; t < fw->ntop; t++) {
			if (t)
				str_adds(s, ", ");
			str_add_json(s, fw->nodes[fw->top[t]].code);
			str_adds(s, ": ");
			json_num(s, score_points(&sc->res, u, fw->top[t]));
		}
		str_adds(s, "}, \"missing\": [");
		for (size_t m = 0; m < r->nmissing; m++) {
			const char *vi, *en;
			score_missing_text(fw, &r->missing[m], sc->units[u].kind, a, &vi, &en);
			if (m)
				str_adds(s, ", ");
			str_add_json(s, en);
		}
		str_adds(s, "]}");
	}
	str_addc(s, ']');
}

enum px_err app_publish(struct app *app, const char *framework, struct diags *d,
                        long *version, struct publish_change **changes, size_t *nchanges)
{
	struct arena *a = app->arena;
	struct app_scoring sc;
	*nchanges = 0;
	*changes = NULL;
	enum px_err e = app_score(app, framework, NULL, d, &sc);
	if (e != PX_OK)
		return e;
	const struct framework *fw = sc.fw;
	struct publication_result_row *rows = arena_array(a, sc.nunits + 1, sizeof *rows);
	for (size_t u = 0; u < sc.nunits; u++) {
		const struct score_unit_result *r = &sc.res.units[u];
		rows[u] = (struct publication_result_row){
			.unit_code = sc.units[u].code, .unit_name = sc.units[u].name,
			.grade = r->grade >= 0 ? fw->grades[r->grade].code : NULL,
			.status = r->status == SCORE_OK ? "ok" : "incomplete", .rank = r->rank,
			.points = r->points, .max = r->max, .index = r->index,
			.has_index = r->status == SCORE_OK};
	}
	struct str inputs, results;
	str_init(&inputs, 0);
	str_init(&results, 0);
	snapshot_inputs(app, &sc, &inputs);
	snapshot_results(&sc, a, &results);
	if (str_error(&inputs) || str_error(&results)) {
		diag_err(d, NULL, 0, 0, "ảnh chụp dữ liệu quá lớn", "snapshot too large");
		e = PX_FAIL;
		goto out;
	}
	char now[32];
	clock_iso(clock_now(), now);
	e = db_begin(app->db);
	long prev = e == PX_OK ? repo_publication_latest(app->db, framework) : -1;
	if (prev < 0)
		e = PX_FAIL;
	*version = prev + 1;
	/* a version identical to the previous one is not a publication: two
	 * clicks on "publish" make one version */
	bool same = false;
	if (e == PX_OK && prev > 0)
		e = repo_publication_same(app->db, framework, prev, str_cstr(&inputs),
		                          str_cstr(&results), &same);
	if (e == PX_OK && same) {
		diag_add(d, DIAG_ERROR, NULL, 0, 0, NULL,
		         "không có gì thay đổi kể từ phiên bản %ld đã công bố; không công bố lại",
		         "nothing changed since published version %ld; not published again", prev);
		e = PX_BADINPUT;
	}
	/* what changed since the previous version */
	if (e == PX_OK && prev > 0) {
		struct publication_result_row *old;
		size_t nold;
		e = repo_publication_results(app->db, framework, prev, a, &old, &nold);
		struct map by;
		map_init(&by);
		for (size_t i = 0; i < nold; i++)
			map_puts(&by, old[i].unit_code, &old[i]);
		*changes = arena_array(a, sc.nunits + nold + 1, sizeof **changes);
		for (size_t u = 0; u < sc.nunits && e == PX_OK; u++) {
			const struct publication_result_row *o = map_gets(&by, rows[u].unit_code);
			const char *what = NULL;
			if (!o)
				what = "new";
			else if (o->rank != rows[u].rank)
				what = arena_printf(a, "rank %ld -> %ld", o->rank, rows[u].rank);
			else if (o->has_index != rows[u].has_index ||
			         (rows[u].has_index && o->index != rows[u].index))
				what = arena_printf(a, "index %.*f -> %.*f", fw->rank_precision, o->index,
				                    fw->rank_precision, rows[u].index);
			else if ((o->grade == NULL) != (rows[u].grade == NULL) ||
			         (o->grade && strcmp(o->grade, rows[u].grade)))
				what = "grade";
			if (what)
				(*changes)[(*nchanges)++] = (struct publish_change){rows[u].unit_code, what};
		}
		map_free(&by);
	}
	if (e == PX_OK)
		e = repo_publication_add(app->db, framework, *version, now, app->actor,
		                         str_cstr(&inputs), str_cstr(&results), rows, sc.nunits);
	if (e == PX_OK) {
		char *detail = arena_printf(a, "{\"version\": %ld, \"units\": %zu, \"ranked\": %zu, "
		                               "\"changed\": %zu}",
		                            *version, sc.nunits, sc.res.nranked, *nchanges);
		e = audit_append(app->db, app->actor, "publish", "framework", framework, detail);
	}
	e = app_commit(app, e, d);
out:
	str_free(&inputs);
	str_free(&results);
	return e;
}

enum px_err app_published(struct app *app, const char *framework, long *version,
                          struct publication_result_row **rows, size_t *n,
                          const char **at, const char **by, struct diags *d)
{
	if (*version <= 0)
		*version = repo_publication_latest(app->db, framework);
	if (*version <= 0) {
		diag_add(d, DIAG_ERROR, NULL, 0, 0, NULL, "bộ tiêu chí \"%s\" chưa được công bố",
		         "framework \"%s\" has not been published", framework);
		return PX_NOTFOUND;
	}
	enum px_err e = repo_publication_info(app->db, framework, *version, app->arena, at, by);
	if (e == PX_NOTFOUND) {
		diag_add(d, DIAG_ERROR, NULL, 0, 0, NULL, "không có phiên bản %ld của \"%s\"",
		         "no version %ld of \"%s\"", *version, framework);
		return e;
	}
	if (e == PX_OK)
		e = repo_publication_results(app->db, framework, *version, app->arena, rows, n);
	if (e != PX_OK)
		diag_err(d, NULL, 0, 0, "lỗi CSDL: %s", "database error: %s", db_errmsg(app->db));
	return e;
}

enum px_err app_framework_list(struct app *app, struct framework_row **out, size_t *n)
{
	return repo_framework_list(app->db, app->arena, out, n);
}

enum px_err app_published_json(struct app *app, const char *framework, long *version,
                               const char **json, struct diags *d)
{
	if (*version <= 0)
		*version = repo_publication_latest(app->db, framework);
	if (*version <= 0) {
		diag_add(d, DIAG_ERROR, NULL, 0, 0, NULL, "bộ tiêu chí \"%s\" chưa được công bố",
		         "framework \"%s\" has not been published", framework);
		return PX_NOTFOUND;
	}
	enum px_err e = repo_publication_results_json(app->db, framework, *version, app->arena,
	                                              json);
	if (e == PX_NOTFOUND)
		diag_add(d, DIAG_ERROR, NULL, 0, 0, NULL, "không có phiên bản %ld của \"%s\"",
		         "no version %ld of \"%s\"", *version, framework);
	return e;
}

enum px_err app_unit_history(struct app *app, const char *unit,
                             struct publication_history_row **out, size_t *n)
{
	return repo_publication_history(app->db, unit, app->arena, out, n);
}

long app_published_latest(struct app *app, const char *framework)
{
	long v = repo_publication_latest(app->db, framework);
	return v > 0 ? v : 0;
}
