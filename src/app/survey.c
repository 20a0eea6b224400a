/*
 * Surveys: the use cases of app/survey.h.
 *
 * Why it is built this way: a campaign's responses are read whole
 * (struct dataset: one small integer per respondent and question, the
 * form core/survey_stats.c computes over), because every statistic is
 * over a unit's or the campaign's respondents and the metrics are
 * recomputed whole in the transaction of each change. Files are read and
 * checked against the instrument before the write lock is taken (what a
 * file says about itself); what needs the stored campaign (its units,
 * respondents already stored, its state) is checked by survey_machine's
 * effects after it.
 *
 * Grants: a campaign is the city's (no unit): city-wide readers and
 * offices see it; opening, closing, importing and weighing need the
 * office capability; a response on the public form needs none (the
 * campaign must be open, and a one-time code when it uses codes).
 */
#include "app/survey.h"
#include "app/cycle.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/datetime.h"
#include "base/map.h"
#include "base/str.h"
#include "base/vec.h"
#include "base/utf8.h"
#include "io/doc.h"
#include "io/fields.h"
#include "io/report.h"
#include "io/survey_io.h"
#include "io/table.h"
#include "store/repo_audit.h"
#include "store/repo_metric.h"
#include "store/repo_unit.h"

#include <jansson.h>
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const survey_state_names[] = {"open", "closed", NULL};
static const char *const survey_state_vi[] = {"đang thu thập", "đã đóng", NULL};

/* ---- small helpers ------------------------------------------------------ */

static enum px_err db_error(struct app *app, struct diags *d)
{
	diag_err(d, NULL, 0, 0, "lỗi CSDL: %s", "database error: %s", db_errmsg(app->db));
	return PX_FAIL;
}

static enum px_err bad_field(struct diags *d, const char *field, const char *vi, const char *en)
{
	diag_text(d, DIAG_ERROR, NULL, 0, 0, field, vi, en);
	return PX_BADINPUT;
}

static enum px_err no_campaign(struct diags *d, const char *code)
{
	diag_add(d, DIAG_ERROR, NULL, 0, 0, NULL, "không có đợt khảo sát \"%s\"",
	         "no survey campaign \"%s\"", code ? code : "");
	return PX_NOTFOUND;
}

static bool sees_campaigns(const struct actor *who)
{
	return app_grant_covers(who, CAP_READ, NULL, NULL) ||
	       app_grant_covers(who, CAP_OFFICE, NULL, NULL);
}

static bool is_code(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (!n || n > 64)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

const char *app_survey_metric_code(struct app *app, const char *instrument, const char *code)
{
	char *lower = arena_strdup(app->arena, instrument);
	for (char *p = lower; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return arena_printf(app->arena, "survey.%s.%s", lower, code);
}

/* ---- instruments -------------------------------------------------------- */

enum px_err app_survey_instrument(struct app *app, const char *code,
                                  struct survey_instrument **out, struct diags *d)
{
	struct survey_instrument_rec r;
	enum px_err e = repo_survey_instrument_get(app->db, code, app->arena, &r);
	if (e == PX_NOTFOUND) {
		diag_add(d, DIAG_ERROR, NULL, 0, 0, NULL, "không có bảng hỏi \"%s\"",
		         "no survey instrument \"%s\"", code ? code : "");
		return e;
	}
	if (e != PX_OK)
		return db_error(app, d);
	struct diags tmp;
	diags_init(&tmp);
	e = survey_instrument_parse(r.code, r.body, strlen(r.body), app->arena, &tmp, out);
	diags_free(&tmp);
	if (e != PX_OK)
		diag_err(d, NULL, 0, 0, "bảng hỏi %s lưu trong CSDL không đọc được",
		         "the stored instrument %s cannot be read", r.code);
	return e == PX_OK ? e : PX_FAIL;
}

enum px_err app_survey_instrument_import(struct app *app, const struct actor *who,
                                         const char *name, const char *data, size_t len,
                                         struct diags *d, bool *is_new, const char **code)
{
	struct survey_instrument *s;
	*is_new = false;
	*code = NULL;
	if (!app_grant_covers(who, CAP_OFFICE, NULL, NULL)) {
		diag_err(d, NULL, 0, 0, "chỉ cơ quan đầu mối CCHC được nhập bảng hỏi",
		         "only the PAR office may import an instrument");
		return PX_DENIED;
	}
	enum px_err e = survey_instrument_parse(name, data, len, app->arena, d, &s);
	if (e != PX_OK)
		return e;
	*code = s->code;
	e = db_begin(app->db);
	if (e != PX_OK)
		return app_commit(app, db_error(app, d), d);
	struct survey_instrument_rec old;
	e = repo_survey_instrument_get(app->db, s->code, app->arena, &old);
	*is_new = e == PX_NOTFOUND;
	char *body = arena_strndup(app->arena, data, len);
	if (e == PX_OK && old.campaigns > 0 && strcmp(old.body, body)) {
		diag_add(d, DIAG_ERROR, name, 0, 0, "code",
		         "bảng hỏi %s đã được %ld đợt khảo sát dùng, không thể thay đổi (hãy nhập với "
		         "mã mới)",
		         "instrument %s is used by %ld campaigns and cannot change (import it under a "
		         "new code)",
		         s->code, old.campaigns);
		return app_commit(app, PX_BADINPUT, d);
	}
	if (e != PX_OK && e != PX_NOTFOUND)
		return app_commit(app, db_error(app, d), d);
	struct survey_instrument_rec r = {s->code, s->title, body, clock_now_iso(app->arena), 0};
	e = repo_survey_instrument_put(app->db, &r);
	if (e == PX_OK) {
		struct str det;
		str_init(&det, 0);
		str_printf(&det, "{\"questions\": %zu, \"elements\": %zu, \"indices\": %zu, "
		                 "\"min_n\": %ld}", s->nq, s->ne, s->ni, s->min_n);
		e = audit_append(app->db, app->actor, *is_new ? "insert" : "update", "survey_instrument",
		                 s->code, str_cstr(&det));
		str_free(&det);
	}
	if (e != PX_OK)
		e = db_error(app, d);
	return app_commit(app, e, d);
}

enum px_err app_survey_instruments(struct app *app, struct survey_instrument_rec **out,
                                   size_t *n)
{
	return repo_survey_instrument_list(app->db, app->arena, out, n);
}

/* ---- the dataset of a campaign ------------------------------------------ */

struct dataset {
	struct survey_unit_rec *units;
	size_t nunits;
	const char **unit_codes;
	struct survey_response_rec *resp;
	struct survey_data data;
	struct map unit_idx; /* code -> index + 1 */
};

static void dataset_free(struct dataset *ds)
{
	map_free(&ds->unit_idx);
}

/* Loads the campaign's units and responses into cells for s. */
static enum px_err dataset_load(struct app *app, const char *campaign,
                                const struct survey_instrument *s, struct dataset *ds,
                                struct diags *d)
{
	memset(ds, 0, sizeof *ds);
	map_init(&ds->unit_idx);
	size_t nresp;
	if (repo_survey_units(app->db, campaign, app->arena, &ds->units, &ds->nunits) != PX_OK ||
	    repo_survey_responses(app->db, campaign, app->arena, &ds->resp, &nresp) != PX_OK)
		return db_error(app, d);
	ds->unit_codes = arena_array(app->arena, ds->nunits + 1, sizeof *ds->unit_codes);
	for (size_t i = 0; i < ds->nunits; i++) {
		ds->unit_codes[i] = ds->units[i].unit;
		map_puts(&ds->unit_idx, ds->units[i].unit, (void *)(uintptr_t)(i + 1));
	}
	int16_t *cell = arena_array(app->arena, nresp * s->nq + 1, sizeof *cell);
	size_t *unit = arena_array(app->arena, nresp + 1, sizeof *unit);
	char *buf = arena_alloc(app->arena, SURVEY_TEXT_MAX + 16);
	size_t kept = 0;
	for (size_t r = 0; r < nresp; r++) {
		uintptr_t u = (uintptr_t)map_gets(&ds->unit_idx, ds->resp[r].unit);
		json_t *obj = json_loads(ds->resp[r].answers, 0, NULL);
		if (!u || !json_is_object(obj)) {
			json_decref(obj);
			continue; /* cannot happen: units and answers are written checked */
		}
		unit[kept] = u - 1;
		for (size_t q = 0; q < s->nq; q++) {
			json_t *v = json_object_get(obj, s->q[q].code);
			const char *t = json_string_value(v), *wvi, *wen;
			int16_t c = 0;
			if (t && *t && !survey_answer_check(&s->q[q], t, strlen(t), buf, &c, NULL, &wvi, &wen))
				c = 0;
			cell[kept * s->nq + q] = c;
		}
		json_decref(obj);
		ds->resp[kept] = ds->resp[r];
		kept++;
	}
	/* responses come ordered by unit code, as the units: one run each */
	size_t *start = arena_array(app->arena, ds->nunits + 2, sizeof *start);
	bool grouped = true;
	for (size_t r = 1; r < kept && grouped; r++)
		grouped = unit[r - 1] <= unit[r];
	for (size_t r = 0, u = 0; grouped && u <= ds->nunits; u++) {
		while (r < kept && unit[r] < u)
			r++;
		start[u] = r;
	}
	ds->data = (struct survey_data){kept, ds->nunits, cell, unit, grouped ? start : NULL};
	return PX_OK;
}

/* The margins as canonical CSV text (stored with the campaign). */
static const char *margins_text(struct app *app, const struct survey_instrument *s,
                                const struct survey_margins *m)
{
	struct str o;
	str_init(&o, 0);
	str_adds(&o, "variable,value,share\n");
	for (size_t k = 0; k < m->n; k++) {
		const struct survey_question *q = &s->q[m->v[k].q];
		for (size_t i = 0; i < q->noptions; i++) {
			report_csv_field(&o, q->code);
			str_addc(&o, ',');
			report_csv_field(&o, q->options[i]);
			str_addc(&o, ',');
			str_add_double(&o, m->v[k].share[i]);
			str_addc(&o, '\n');
		}
	}
	const char *out = arena_strdup(app->arena, str_cstr(&o));
	str_free(&o);
	return out;
}

static enum px_err margins_read(struct app *app, const struct survey_instrument *s,
                                const char *name, const char *data, size_t len,
                                struct survey_margins *m, struct diags *d)
{
	struct table *t;
	enum px_err e = data ? table_open_mem(name, data, len, &t, d) : table_open(name, &t, d);
	if (e != PX_OK)
		return e;
	e = survey_read_margins(t, s, app->arena, d, m);
	table_close(t);
	return e;
}

/* Rakes every unit; on an error of unit u: strict, an error naming it in
 * d (PX_BADINPUT); else the unit's weights are marked unusable (NaN). */
static enum px_err weigh(const struct survey_instrument *s,
                         const struct dataset *ds, const struct survey_margins *m, bool strict,
                         double *w, struct diags *d)
{
	enum px_err e = PX_OK;
	for (size_t u = 0; u < ds->nunits; u++) {
		size_t var = 0, val = 0;
		enum survey_rake_status st = survey_rake_unit(s, &ds->data, m, u, w, NULL, &var, &val);
		if (st == SURVEY_RAKE_OK)
			continue;
		const char *unit = ds->unit_codes[u];
		enum diag_level lv = strict ? DIAG_ERROR : DIAG_WARNING;
		if (st == SURVEY_RAKE_EMPTY_VALUE) {
			const struct survey_question *q = &s->q[m->v[var].q];
			diag_add(d, lv, NULL, 0, 0, NULL,
			         "đơn vị %s: không có người trả lời nào có %s = \"%s\" (tỷ lệ biên dương)",
			         "unit %s: no respondent with %s = \"%s\" (a positive margin share)", unit,
			         q->code, q->options[val]);
		} else if (st == SURVEY_RAKE_NO_CONVERGENCE) {
			diag_add(d, lv, NULL, 0, 0, NULL,
			         "đơn vị %s: phép cân chỉnh trọng số không hội tụ sau %d vòng",
			         "unit %s: raking did not converge in %d rounds", unit, SURVEY_RAKE_ROUNDS);
		} else {
			diag_add(d, lv, NULL, 0, 0, NULL, "đơn vị %s: mọi trọng số bằng 0",
			         "unit %s: every weight is 0", unit);
		}
		if (strict)
			e = PX_BADINPUT;
		for (size_t r = 0; r < ds->data.nresp; r++)
			if (ds->data.unit[r] == u)
				w[r] = NAN;
	}
	return e;
}

static const char *source_prefix(struct app *app, const char *campaign)
{
	return arena_printf(app->arena, "survey:%s ", campaign);
}

/* Rewrites the campaign's survey.* metrics, inside the caller's
 * transaction, with its stored margins. A unit whose raking fails gets
 * no value (a warning in d). */
static enum px_err metrics_refresh(struct app *app, const char *campaign, struct diags *d)
{
	struct survey_campaign_rec c;
	struct survey_instrument *s;
	if (repo_survey_campaign_get(app->db, campaign, app->arena, &c) != PX_OK)
		return db_error(app, d);
	enum px_err e = app_survey_instrument(app, c.instrument, &s, d);
	if (e != PX_OK)
		return e;
	struct dataset ds;
	e = dataset_load(app, campaign, s, &ds, d);
	struct survey_margins m = {0};
	if (e == PX_OK && c.margins) {
		struct diags tmp;
		diags_init(&tmp);
		if (margins_read(app, s, "margins", c.margins, strlen(c.margins), &m, &tmp) != PX_OK)
			memset(&m, 0, sizeof m);
		diags_free(&tmp);
	}
	double *w = NULL;
	struct survey_result *res = NULL;
	if (e == PX_OK) {
		w = arena_array(app->arena, ds.data.nresp + 1, sizeof *w);
		weigh(s, &ds, &m, false, w, d);
		res = arena_array(app->arena, survey_results_max(s, ds.nunits) + 1, sizeof *res);
	}
	size_t nres = e == PX_OK ? survey_results(s, &ds.data, w, res) : 0;
	const char *prefix = source_prefix(app, campaign);
	if (e == PX_OK && repo_survey_metric_clear(app->db, prefix) != PX_OK)
		e = db_error(app, d);
	for (size_t k = 0; e == PX_OK && k < s->ne + s->ni; k++) {
		bool el = k < s->ne;
		const char *code = el ? s->e[k].code : s->ix[k - s->ne].code;
		struct metric_def def = {
			app_survey_metric_code(app, s->code, code),
			el ? arena_printf(app->arena, "%s: %s", s->code, s->e[k].title_vi)
			   : arena_printf(app->arena, "%s: chỉ số %s", s->code, code),
			el ? arena_printf(app->arena, "%s: %s", s->code, s->e[k].title_en)
			   : arena_printf(app->arena, "%s: index %s", s->code, code),
			"ratio",
			el ? "share of satisfied answers (4-5), mean over the element's questions "
			     "(surveys.md)"
			   : "mean of the elements' values (surveys.md)",
			AGG_NONE, 0};
		if (repo_metric_define(app->db, &def) != PX_OK)
			e = db_error(app, d);
	}
	char day[11];
	date_format(app_today(), day);
	const char *asof = day;
	for (size_t i = 0; e == PX_OK && i < nres; i++) {
		const struct survey_result *r = &res[i];
		if (r->unit < 0 || r->measure == SURVEY_QUESTION || !r->has_value || r->value != r->value)
			continue;
		const char *code = r->measure == SURVEY_ELEMENT ? s->e[r->idx].code : s->ix[r->idx].code;
		struct str src;
		str_init(&src, 0);
		str_printf(&src, "%sn=%ld n_eff=", prefix, r->n);
		str_add_double(&src, r->n_eff);
		if (r->has_ci) {
			str_adds(&src, " ci=[");
			str_add_double(&src, r->ci_low);
			str_adds(&src, ", ");
			str_add_double(&src, r->ci_high);
			str_addc(&src, ']');
		}
		if (r->insufficient)
			str_adds(&src, " insufficient");
		bool had;
		double old;
		if (repo_metric_put(app->db, ds.unit_codes[r->unit], c.period,
		                    app_survey_metric_code(app, s->code, code), r->value, str_cstr(&src),
		                    asof, &had, &old) != PX_OK)
			e = db_error(app, d);
		str_free(&src);
	}
	dataset_free(&ds);
	return e;
}

/* ---- the campaign machine ------------------------------------------------ */

struct survey_item {
	bool exists;
	struct survey_campaign_rec c;
};

static enum px_err item_load(struct wf_ctx *c, const char *key)
{
	struct survey_item *it = arena_alloc(c->app->arena, sizeof *it);
	c->data = it;
	enum px_err e = repo_survey_campaign_get(c->app->db, key, c->app->arena, &it->c);
	if (e != PX_OK && e != PX_NOTFOUND)
		return db_error(c->app, c->d);
	it->exists = e == PX_OK;
	c->state = it->exists ? (strcmp(it->c.state, "open") ? SURVEY_CLOSED : SURVEY_OPEN) : WF_NONE;
	c->unit = NULL;
	/* the public form's respondents see an open campaign; the rest is the
	 * city's readers' and offices' */
	c->visible = sees_campaigns(c->who) || (it->exists && c->state == SURVEY_OPEN);
	return PX_OK;
}

static enum px_err item_set_state(struct wf_ctx *c, int to)
{
	const char *at = to == SURVEY_CLOSED ? clock_now_iso(c->app->arena) : NULL;
	if (repo_survey_campaign_set_state(c->app->db, c->key, survey_state_names[to], at) != PX_OK)
		return db_error(c->app, c->d);
	return PX_OK;
}

/* The units of a campaign being opened, from a file (FILE:LINE:COLUMN). */
struct open_unit {
	const char *code;
	long quota;
};

static bool active_in(const struct unit_rec *u, struct period p)
{
	return u->valid_from <= period_last_day(p) && u->valid_to >= period_first_day(p);
}

static enum px_err read_units_file(struct app *app, const char *path, const struct unit_set *units,
                                   struct open_unit **out, size_t *n, struct diags *d)
{
	static const char *const names[] = {"unit_code", "quota", NULL};
	static const bool req[] = {true, false};
	int col[2];
	struct table *t;
	*n = 0;
	enum px_err e = table_open(path, &t, d);
	if (e != PX_OK)
		return e;
	if (table_columns(t, names, req, col, d) != PX_OK) {
		table_close(t);
		return PX_BADINPUT;
	}
	struct VEC_OF(struct open_unit) v = {0};
	struct map seen;
	map_init(&seen);
	int r;
	for (r = table_next(t, d); r == 1; r = table_next(t, d)) {
		const char *code;
		int64_t quota = -1;
		bool has;
		bool ok = field_code(t, col[0], names[0], true, app->arena, d, &code);
		ok &= field_int(t, col[1], names[1], false, 0, 10000000, d, &quota, &has);
		if (!ok)
			continue;
		if (unit_set_find(units, code) < 0) {
			diag_add(d, DIAG_ERROR, table_name(t), table_line(t), table_field_column(t, col[0]),
			         NULL, "cột unit_code: không có đơn vị này: \"%s\"",
			         "column unit_code: unknown unit: \"%s\"", code);
			continue;
		}
		if (map_gets(&seen, code)) {
			diag_add(d, DIAG_ERROR, table_name(t), table_line(t), table_field_column(t, col[0]),
			         NULL, "cột unit_code: đơn vị ghi hai lần: \"%s\"",
			         "column unit_code: unit given twice: \"%s\"", code);
			continue;
		}
		map_puts(&seen, code, (void *)1);
		VEC_PUSH(&v, ((struct open_unit){code, has ? (long)quota : -1}));
	}
	map_free(&seen);
	table_close(t);
	*out = arena_array(app->arena, v.n + 1, sizeof **out);
	if (v.n)
		memcpy(*out, v.v, v.n * sizeof **out);
	*n = v.n;
	VEC_FREE(&v);
	return r < 0 || d->errors ? PX_BADINPUT : PX_OK;
}

/* A one-time code: 10 characters without look-alikes (about 49 bits). */
static const char *new_code(struct app *app)
{
	static const char alphabet[] = "ABCDEFGHJKMNPQRSTVWXYZ23456789";
	char buf[11];
	for (int i = 0; i < 10; i++)
		buf[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
	buf[10] = 0;
	return arena_strdup(app->arena, buf);
}

static enum px_err open_effect(struct wf_ctx *c)
{
	struct survey_open_args *a = (struct survey_open_args *)c->args;
	struct app *app = c->app;
	struct period p;
	if (!is_code(a->campaign))
		return bad_field(c->d, "--campaign", "mã đợt khảo sát chỉ gồm chữ cái không dấu, chữ số và . _ -",
		                 "a campaign code has only ASCII letters, digits and . _ -");
	if (!a->period || !period_parse(a->period, strlen(a->period), &p))
		return bad_field(c->d, "--period", "kỳ không hợp lệ: cần YYYY, YYYY-Qn hoặc YYYY-MM",
		                 "invalid period: expected YYYY, YYYY-Qn or YYYY-MM");
	if (a->codes < 0 || a->codes > 100000)
		return bad_field(c->d, "--codes", "số mã dùng một lần: 0..100000",
		                 "one-time codes: 0..100000");
	if (a->units_file && a->group)
		return bad_field(c->d, "--units", "chỉ dùng một trong --units và --group",
		                 "give --units or --group, not both");
	struct survey_instrument *s;
	enum px_err e = app_survey_instrument(app, a->instrument, &s, c->d);
	if (e != PX_OK)
		return e == PX_NOTFOUND ? PX_BADINPUT : e;
	struct unit_set units = {0};
	if (app_register_load(app, &units) != PX_OK) {
		unit_set_free(&units);
		return db_error(app, c->d);
	}
	register_index(&units);
	struct open_unit *list = NULL;
	size_t n = 0;
	if (a->units_file) {
		e = read_units_file(app, a->units_file, &units, &list, &n, c->d);
	} else {
		list = arena_array(app->arena, units.n + 1, sizeof *list);
		for (size_t i = 0; i < units.n; i++)
			if (active_in(&units.v[i], p) && (!a->group || !strcmp(units.v[i].kind, a->group)))
				list[n++] = (struct open_unit){units.v[i].code, -1};
	}
	unit_set_free(&units);
	if (e != PX_OK)
		return e;
	if (!n)
		return bad_field(c->d, a->units_file ? "--units" : "--group",
		                 "đợt khảo sát không có đơn vị nào", "the campaign has no unit");
	char pbuf[9];
	period_format(p, pbuf);
	/* one campaign per instrument and period: its metrics are the period's */
	struct survey_campaign_rec *all;
	size_t nall;
	if (repo_survey_campaign_list(app->db, app->arena, &all, &nall) != PX_OK)
		return db_error(app, c->d);
	for (size_t i = 0; i < nall; i++)
		if (!strcmp(all[i].instrument, s->code) && !strcmp(all[i].period, pbuf)) {
			diag_add(c->d, DIAG_ERROR, NULL, 0, 0, "--period",
			         "đợt khảo sát %s đã dùng bảng hỏi %s cho kỳ %s",
			         "campaign %s already uses instrument %s for period %s", all[i].code,
			         s->code, pbuf);
			return PX_BADINPUT;
		}
	struct survey_campaign_rec r = {.code = a->campaign, .instrument = s->code,
	                                .period = arena_strdup(app->arena, pbuf), .state = "open",
	                                .codes = a->codes, .opened_at = clock_now_iso(app->arena),
	                                .opened_by = c->who->login ? c->who->login : app->actor};
	if (repo_survey_campaign_add(app->db, &r) != PX_OK)
		return db_error(app, c->d);
	if (sodium_init() < 0)
		return PX_FAIL;
	for (size_t i = 0; i < n; i++) {
		if (repo_survey_unit_add(app->db, a->campaign, list[i].code, list[i].quota) != PX_OK)
			return db_error(app, c->d);
		for (long k = 0; k < a->codes; k++)
			if (repo_survey_code_add(app->db, a->campaign, list[i].code, new_code(app)) != PX_OK)
				return db_error(app, c->d);
	}
	a->nunits = n;
	str_adds(&c->detail, "\"instrument\": ");
	str_add_json(&c->detail, s->code);
	str_adds(&c->detail, ", \"period\": ");
	str_add_json(&c->detail, r.period);
	str_printf(&c->detail, ", \"units\": %zu, \"codes_per_unit\": %ld", n, a->codes);
	return PX_OK;
}

static enum px_err close_effect(struct wf_ctx *c)
{
	(void)c;
	return PX_OK;
}

/* ---- imports ------------------------------------------------------------ */

struct import_args {
	const struct survey_instrument *s;
	const char *file;
	struct survey_row *rows;
	size_t n;
	const char *source;
};

static const char *answers_json(struct app *app, const struct survey_instrument *s,
                                const char *const *answer)
{
	struct str o;
	str_init(&o, 0);
	str_addc(&o, '{');
	bool first = true;
	for (size_t q = 0; q < s->nq; q++) {
		if (!answer[q])
			continue;
		if (!first)
			str_adds(&o, ", ");
		first = false;
		str_add_json(&o, s->q[q].code);
		str_adds(&o, ": ");
		str_add_json(&o, answer[q]);
	}
	str_addc(&o, '}');
	const char *out = arena_strdup(app->arena, str_cstr(&o));
	str_free(&o);
	return out;
}

/* The checks of rows that need the stored campaign: units in it,
 * respondents not stored yet. */
static enum px_err check_rows(struct app *app, const char *campaign, const char *file,
                              const struct survey_row *rows, size_t n, struct diags *d)
{
	struct survey_unit_rec *units;
	size_t nu;
	if (repo_survey_units(app->db, campaign, app->arena, &units, &nu) != PX_OK)
		return db_error(app, d);
	struct map in;
	map_init(&in);
	for (size_t i = 0; i < nu; i++)
		map_puts(&in, units[i].unit, (void *)1);
	enum px_err e = PX_OK;
	for (size_t i = 0; i < n && e == PX_OK; i++) {
		const struct survey_row *r = &rows[i];
		if (!map_gets(&in, r->unit))
			diag_add(d, DIAG_ERROR, file, r->line, r->col_unit, NULL,
			         "cột unit_code: đơn vị không thuộc đợt khảo sát: \"%s\"",
			         "column unit_code: the unit is not in the campaign: \"%s\"", r->unit);
		bool dup = false;
		if (repo_survey_respondent_exists(app->db, campaign, r->respondent, &dup) != PX_OK)
			e = db_error(app, d);
		else if (dup)
			diag_add(d, DIAG_ERROR, file, r->line, r->col_resp, NULL,
			         "cột respondent_id: người trả lời đã có trong đợt khảo sát: \"%s\"",
			         "column respondent_id: the respondent is already in the campaign: \"%s\"",
			         r->respondent);
	}
	map_free(&in);
	return e;
}

static enum px_err import_effect(struct wf_ctx *c)
{
	const struct import_args *a = c->args;
	struct app *app = c->app;
	struct survey_item *it = c->data;
	if (strcmp(it->c.instrument, a->s->code))
		return PX_FAIL;
	if (check_rows(app, c->key, a->file, a->rows, a->n, c->d) != PX_OK)
		return PX_FAIL;
	if (c->d->errors)
		return PX_BADINPUT;
	const char *at = clock_now_iso(app->arena);
	for (size_t i = 0; i < a->n; i++) {
		const struct survey_row *r = &a->rows[i];
		struct survey_response_rec rec = {0, r->respondent, r->unit, a->source,
		                                  answers_json(app, a->s, r->answer), at};
		if (repo_survey_response_add(app->db, c->key, &rec, NULL) != PX_OK)
			return db_error(app, c->d);
	}
	str_adds(&c->detail, "\"file\": ");
	str_add_json(&c->detail, a->file);
	str_printf(&c->detail, ", \"responses\": %zu", a->n);
	return metrics_refresh(app, c->key, c->d);
}

/* ---- one response ----------------------------------------------------------- */

struct respond_args {
	struct survey_respond_args *a;
	const struct survey_instrument *s;
};

static enum px_err respond_effect(struct wf_ctx *c)
{
	const struct respond_args *ra = c->args;
	struct survey_respond_args *a = ra->a;
	const struct survey_instrument *s = ra->s;
	struct app *app = c->app;
	struct survey_item *it = c->data;
	if (strcmp(it->c.instrument, s->code))
		return PX_FAIL;
	struct survey_unit_rec *units;
	size_t nu;
	if (repo_survey_units(app->db, c->key, app->arena, &units, &nu) != PX_OK)
		return db_error(app, c->d);
	bool in = false;
	for (size_t i = 0; i < nu && !in; i++)
		in = a->unit && !strcmp(units[i].unit, a->unit);
	if (!in)
		return bad_field(c->d, "unit", "đơn vị không thuộc đợt khảo sát",
		                 "the unit is not in the campaign");
	const char **answer = arena_array(app->arena, s->nq + 1, sizeof *answer);
	char *buf = arena_alloc(app->arena, SURVEY_TEXT_MAX + 16);
	size_t given = 0;
	for (size_t q = 0; q < s->nq; q++) {
		const char *t = a->answers ? a->answers[q] : NULL;
		size_t n = t ? strlen(t) : 0;
		while (n && (*t == ' ' || *t == '\t' || *t == '\r' || *t == '\n'))
			t++, n--;
		while (n && (t[n - 1] == ' ' || t[n - 1] == '\t' || t[n - 1] == '\r' || t[n - 1] == '\n'))
			n--;
		if (!n)
			continue;
		int16_t cell;
		const char *norm, *wvi, *wen;
		if (!utf8_valid(t, n, NULL)) {
			bad_field(c->d, s->q[q].code, "không phải UTF-8 hợp lệ", "not valid UTF-8");
			continue;
		}
		const char *nf = s->q[q].type == SQ_TEXT ? utf8_nfc(app->arena, t, n) : t;
		size_t nl = s->q[q].type == SQ_TEXT ? strlen(nf) : n;
		if (!survey_answer_check(&s->q[q], nf, nl, buf, &cell, &norm, &wvi, &wen)) {
			bad_field(c->d, s->q[q].code, wvi, wen);
			continue;
		}
		answer[q] = arena_strdup(app->arena, norm);
		given++;
	}
	if (c->d->errors)
		return PX_BADINPUT;
	if (!given)
		return bad_field(c->d, NULL, "phiếu chưa trả lời câu hỏi nào",
		                 "the form answers no question");
	const char *at = clock_now_iso(app->arena);
	if (it->c.codes > 0 && strcmp(a->source, "paper")) {
		bool used = false;
		if (!a->code || !*a->code)
			return bad_field(c->d, "code", "cần mã phiếu dùng một lần",
			                 "a one-time code is needed");
		if (repo_survey_code_use(app->db, c->key, a->unit, a->code, at, &used) != PX_OK)
			return db_error(app, c->d);
		if (!used)
			return bad_field(c->d, "code", "mã phiếu không đúng hoặc đã được dùng",
			                 "the code is wrong or has been used");
	}
	unsigned char rnd[9];
	randombytes_buf(rnd, sizeof rnd);
	char hex[19];
	sodium_bin2hex(hex, sizeof hex, rnd, sizeof rnd);
	a->respondent = arena_printf(app->arena, "%s-%s", a->source, hex);
	struct survey_response_rec rec = {0, a->respondent, a->unit, a->source,
	                                  answers_json(app, s, answer), at};
	if (repo_survey_response_add(app->db, c->key, &rec, NULL) != PX_OK)
		return db_error(app, c->d);
	c->audit_entity = "survey_response";
	c->audit_key = arena_printf(app->arena, "%s/%s", c->key, a->respondent);
	str_adds(&c->detail, "\"unit\": ");
	str_add_json(&c->detail, a->unit);
	str_adds(&c->detail, ", \"source\": ");
	str_add_json(&c->detail, a->source);
	return metrics_refresh(app, c->key, c->d);
}

/* ---- weighing ------------------------------------------------------------ */

static enum px_err weigh_effect(struct wf_ctx *c)
{
	const char *margins = c->args;
	if (repo_survey_campaign_set_margins(c->app->db, c->key, margins) != PX_OK)
		return db_error(c->app, c->d);
	str_adds(&c->detail, "\"margins\": ");
	str_add_json(&c->detail, margins);
	return metrics_refresh(c->app, c->key, c->d);
}

static const struct wf_transition survey_rows[] = {
	{"open", WF_NONE, SURVEY_OPEN, CAP_OFFICE, WF_REL_ANY, NULL, open_effect,
	 "mở đợt khảo sát", "open the survey campaign"},
	{"close", SURVEY_OPEN, SURVEY_CLOSED, CAP_OFFICE, WF_REL_ANY, NULL, close_effect,
	 "đóng đợt khảo sát", "close the survey campaign"},
	{"reopen", SURVEY_CLOSED, SURVEY_OPEN, CAP_OFFICE, WF_REL_ANY, NULL, close_effect,
	 "mở lại đợt khảo sát", "reopen the survey campaign"},
	{"import", SURVEY_OPEN, WF_ANY, CAP_OFFICE, WF_REL_ANY, NULL, import_effect,
	 "nhập phiếu trả lời", "import responses"},
	{"enter", SURVEY_OPEN, WF_ANY, CAP_OFFICE, WF_REL_ANY, NULL, respond_effect,
	 "nhập phiếu giấy", "enter a paper form"},
	{"respond", SURVEY_OPEN, WF_ANY, CAP_PUBLIC, WF_REL_ANY, NULL, respond_effect,
	 "gửi phiếu khảo sát", "send the survey form"},
	{"weigh", SURVEY_OPEN, WF_ANY, CAP_OFFICE, WF_REL_ANY, NULL, weigh_effect,
	 "đặt tỷ lệ biên để gia quyền", "set the weighting margins"},
	{"weigh", SURVEY_CLOSED, WF_ANY, CAP_OFFICE, WF_REL_ANY, NULL, weigh_effect,
	 "đặt tỷ lệ biên để gia quyền", "set the weighting margins"},
};

const struct wf_machine survey_machine = {
	.entity = "survey",
	.states = survey_state_names,
	.states_vi = survey_state_vi,
	.rows = survey_rows,
	.nrows = sizeof survey_rows / sizeof survey_rows[0],
	.load = item_load,
	.set_state = item_set_state,
};

static int diag_cmp(const void *a, const void *b)
{
	const struct diag *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->col < y->col ? -1 : x->col > y->col;
}

/* ---- front doors ----------------------------------------------------------- */

enum px_err app_survey_open(struct app *app, const struct actor *who, struct survey_open_args *a,
                            struct diags *d)
{
	if (!a->campaign || !*a->campaign)
		return bad_field(d, "--campaign", "cần mã đợt khảo sát", "a campaign code is needed");
	return wf_apply(app, &survey_machine, who, "open", a->campaign, WF_NONE, a, NULL, d);
}

/* PX_NOTFOUND unless the campaign exists (campaigns are never removed,
 * so asking before the transaction cannot race). */
static enum px_err exists(struct app *app, const struct actor *who, const char *campaign,
                          struct survey_campaign_rec *c, struct diags *d)
{
	struct survey_campaign_rec tmp;
	enum px_err e = repo_survey_campaign_get(app->db, campaign ? campaign : "", app->arena,
	                                         c ? c : &tmp);
	if (e == PX_NOTFOUND || (e == PX_OK && who && !sees_campaigns(who)))
		return no_campaign(d, campaign);
	return e == PX_OK ? e : db_error(app, d);
}

enum px_err app_survey_close(struct app *app, const struct actor *who, const char *campaign,
                             struct diags *d)
{
	enum px_err e = exists(app, NULL, campaign, NULL, d);
	return e != PX_OK ? e
	                  : wf_apply(app, &survey_machine, who, "close", campaign, WF_ANY, NULL, NULL, d);
}

enum px_err app_survey_reopen(struct app *app, const struct actor *who, const char *campaign,
                              struct diags *d)
{
	enum px_err e = exists(app, NULL, campaign, NULL, d);
	return e != PX_OK ? e
	                  : wf_apply(app, &survey_machine, who, "reopen", campaign, WF_ANY, NULL, NULL,
	                             d);
}

enum px_err app_survey_list(struct app *app, const struct actor *who,
                            struct survey_campaign_rec **out, size_t *n)
{
	*n = 0;
	*out = NULL;
	if (!sees_campaigns(who))
		return PX_OK;
	return repo_survey_campaign_list(app->db, app->arena, out, n);
}

enum px_err app_survey_get(struct app *app, const struct actor *who, const char *campaign,
                           struct survey_campaign_rec *out, struct diags *d)
{
	return exists(app, who, campaign, out, d);
}

enum px_err app_survey_units(struct app *app, const struct actor *who, const char *campaign,
                             struct survey_unit_rec **out, size_t *n, struct diags *d)
{
	enum px_err e = exists(app, who, campaign, NULL, d);
	if (e == PX_OK && repo_survey_units(app->db, campaign, app->arena, out, n) != PX_OK)
		e = db_error(app, d);
	return e;
}

enum px_err app_survey_codes(struct app *app, const struct actor *who, const char *campaign,
                             const char *unit, struct survey_code_rec **out, size_t *n,
                             struct diags *d)
{
	enum px_err e = exists(app, who, campaign, NULL, d);
	if (e == PX_OK && !app_grant_covers(who, CAP_OFFICE, NULL, NULL)) {
		diag_err(d, NULL, 0, 0, "chỉ cơ quan đầu mối CCHC xem được mã phiếu",
		         "only the PAR office may see the codes");
		e = PX_DENIED;
	}
	if (e == PX_OK && repo_survey_codes(app->db, campaign, unit, app->arena, out, n) != PX_OK)
		e = db_error(app, d);
	return e;
}

enum px_err app_survey_import(struct app *app, const struct actor *who, const char *campaign,
                              const char *path, const char *data, size_t len, struct diags *d,
                              struct import_summary *sum)
{
	memset(sum, 0, sizeof *sum);
	struct survey_campaign_rec c;
	enum px_err e = exists(app, NULL, campaign, &c, d);
	struct survey_instrument *s;
	if (e == PX_OK)
		e = app_survey_instrument(app, c.instrument, &s, d);
	if (e != PX_OK)
		return e;
	struct table *t;
	e = data ? table_open_mem(path, data, len, &t, d) : table_open(path, &t, d);
	if (e != PX_OK)
		return e;
	struct import_args a = {s, table_name(t), NULL, 0, "import"};
	a.file = arena_strdup(app->arena, table_name(t));
	e = survey_read_responses(t, s, app->arena, d, &a.rows, &a.n);
	table_close(t);
	sum->rows = (long)a.n;
	/* every problem of the file at once, in the order of its lines */
	if (check_rows(app, campaign, a.file, a.rows, a.n, d) != PX_OK)
		return PX_FAIL;
	if (d->n > 1)
		qsort(d->v, d->n, sizeof *d->v, diag_cmp);
	if (e != PX_OK || d->errors)
		return PX_BADINPUT;
	e = wf_apply(app, &survey_machine, who, "import", campaign, WF_ANY, &a, NULL, d);
	if (e == PX_OK)
		sum->inserted = (long)a.n;
	return e;
}

enum px_err app_survey_respond(struct app *app, const struct actor *who, const char *campaign,
                               struct survey_respond_args *a, struct diags *d)
{
	struct survey_campaign_rec c;
	enum px_err e = exists(app, NULL, campaign, &c, d);
	struct survey_instrument *s;
	if (e == PX_OK)
		e = app_survey_instrument(app, c.instrument, &s, d);
	if (e != PX_OK)
		return e;
	struct respond_args ra = {a, s};
	bool paper = a->source && !strcmp(a->source, "paper");
	if (!paper)
		a->source = "web";
	return wf_apply(app, &survey_machine, who, paper ? "enter" : "respond", campaign, WF_ANY, &ra,
	                NULL, d);
}

enum px_err app_survey_results(struct app *app, const struct actor *who, const char *campaign,
                               const char *margins_path, const char *margins_data,
                               size_t margins_len, struct survey_results_view *out,
                               struct diags *d)
{
	memset(out, 0, sizeof *out);
	enum px_err e = exists(app, who, campaign, &out->c, d);
	if (e == PX_OK)
		e = app_survey_instrument(app, out->c.instrument, &out->s, d);
	if (e != PX_OK)
		return e;
	struct survey_margins m = {0};
	if (margins_path) {
		e = margins_read(app, out->s, margins_path, margins_data, margins_len, &m, d);
		if (e != PX_OK)
			return e;
	}
	struct dataset ds;
	e = dataset_load(app, campaign, out->s, &ds, d);
	double *w = arena_array(app->arena, ds.data.nresp + 1, sizeof *w);
	if (e == PX_OK)
		e = weigh(out->s, &ds, &m, true, w, d);
	if (e == PX_OK) {
		out->r = arena_array(app->arena, survey_results_max(out->s, ds.nunits) + 1,
		                     sizeof *out->r);
		out->n = survey_results(out->s, &ds.data, w, out->r);
		out->units = ds.unit_codes;
		out->nunits = ds.nunits;
		out->weighted = m.n > 0;
	}
	dataset_free(&ds);
	if (e == PX_OK && margins_path)
		e = wf_apply(app, &survey_machine, who, "weigh", campaign, WF_ANY,
		             margins_text(app, out->s, &m), NULL, d);
	return e;
}

/* ---- the report ---------------------------------------------------------- */

enum px_err app_survey_report(struct app *app, const struct actor *who, const char *campaign,
                              const char *lang, struct doc **out, struct diags *d)
{
	bool en = lang && !strcmp(lang, "en");
#define T(vi, en_) (en ? (en_) : (vi))
	struct survey_results_view v;
	struct survey_unit_rec *units;
	size_t nu;
	enum px_err e = app_survey_units(app, who, campaign, &units, &nu, d);
	if (e == PX_OK)
		e = app_survey_results(app, who, campaign, NULL, NULL, 0, &v, d);
	if (e != PX_OK)
		return e;
	struct doc *doc = doc_new(app->arena, arena_printf(app->arena, "%s %s",
	                                                   T("Kết quả khảo sát", "Survey results"),
	                                                   campaign));
	doc->lang = en ? "en" : "vi";
	doc->exported_at = clock_now();
	doc->subtitle = v.s->title;
	doc->source = arena_printf(app->arena, "parindex — %s %s, %s %s", T("bảng hỏi", "instrument"),
	                           v.s->code, T("kỳ", "period"), v.c.period);
	doc->version = T("chưa gia quyền", "unweighted");
	struct doc_col cols[] = {
		{T("Đơn vị", "Unit"), DOC_COL_TEXT, 14, false, NULL},
		{T("Loại", "Measure"), DOC_COL_TEXT, 10, false, NULL},
		{T("Mã", "Code"), DOC_COL_TEXT, 14, false, NULL},
		{"n", DOC_COL_INT, 8, false, NULL},
		{"n_eff", DOC_COL_POINTS, 9, false, NULL},
		{T("Tỷ lệ hài lòng (%)", "Satisfied (%)"), DOC_COL_PERCENT, 12, false, NULL},
		{T("Cận dưới 95% (%)", "95% low (%)"), DOC_COL_PERCENT, 12, false, NULL},
		{T("Cận trên 95% (%)", "95% high (%)"), DOC_COL_PERCENT, 12, false, NULL},
		{T("Ghi chú", "Note"), DOC_COL_TEXT, 22, false, NULL},
	};
	struct doc_table *tb = doc_table_new(doc, T("Kết quả", "Results"), doc->title, cols, 9);
	for (size_t i = 0; i < v.n; i++) {
		const struct survey_result *x = &v.r[i];
		if (x->measure == SURVEY_QUESTION)
			continue;
		struct doc_cell *c = doc_row(tb);
		doc_set_text(&c[0], x->unit < 0 ? T("Tất cả", "All") : v.units[x->unit]);
		doc_set_text(&c[1], x->measure == SURVEY_ELEMENT ? T("yếu tố", "element")
		                                                 : T("chỉ số", "index"));
		doc_set_text(&c[2], x->measure == SURVEY_ELEMENT ? v.s->e[x->idx].code
		                                                 : v.s->ix[x->idx].code);
		doc_set_num(&c[3], (double)x->n);
		doc_set_num(&c[4], x->n_eff);
		doc_set_num(&c[5], x->has_value ? x->value * 100 : NAN);
		doc_set_num(&c[6], x->has_ci ? x->ci_low * 100 : NAN);
		doc_set_num(&c[7], x->has_ci ? x->ci_high * 100 : NAN);
		doc_set_text(&c[8], x->insufficient ? T("quá ít người trả lời", "too few respondents")
		                                    : NULL);
	}
	struct doc_col pc[] = {
		{T("Đơn vị", "Unit"), DOC_COL_TEXT, 14, false, NULL},
		{T("Số phiếu", "Responses"), DOC_COL_INT, 10, false, NULL},
		{T("Chỉ tiêu", "Quota"), DOC_COL_INT, 10, false, NULL},
	};
	struct doc_table *pt = doc_table_new(doc, T("Tiến độ", "Progress"),
	                                     T("Số phiếu theo đơn vị", "Responses per unit"), pc, 3);
	for (size_t i = 0; i < nu; i++) {
		struct doc_cell *c = doc_row(pt);
		doc_set_text(&c[0], units[i].unit);
		doc_set_num(&c[1], (double)units[i].responses);
		doc_set_num(&c[2], units[i].has_quota ? (double)units[i].quota : NAN);
	}
#undef T
	*out = doc;
	return PX_OK;
}
