/*
 * Demo scores and metrics: frameworks for 2021-2025, appraised and self
 * points for every assessed criterion and values for every metric the
 * formulas use, then publication of the years before 2025. Figures are
 * synthetic but shaped like real ones: each unit has a stable quality
 * and a yearly trend, so rankings, movers and history mean something;
 * counts come with their totals (done <= total), rates in [0, 1], survey
 * scores 0..100. Generated as CSV text and loaded through the same import
 * use cases a user runs, so every value is validated and audited.
 */
#include "app/cycle.h"
#include "app/dossier.h"
#include "app/inspection.h"
#include "store/repo_audit.h"
#include "base/clock.h"
#include "base/arena.h"
#include "base/embedded.h"
#include "base/str.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static uint64_t mix(uint64_t x)
{
	x += 0x9E3779B97F4A7C15ULL;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
	return x ^ (x >> 31);
}

/* A deterministic number in [0, 1) from a few strings and a salt. */
static double uniform(const char *a, const char *b, long salt)
{
	uint64_t h = map_hash(a, strlen(a)) ^ mix(map_hash(b, strlen(b))) ^ mix((uint64_t)salt);
	return (double)(mix(h) >> 11) / 9007199254740992.0;
}

static double clampd(double x, double lo, double hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

/* A unit's performance level in a year: stable quality plus a trend. */
static double level(const char *unit, int year)
{
	double q = 0.72 + 0.24 * uniform(unit, "quality", 0);
	double trend = -0.015 + 0.04 * uniform(unit, "trend", 0);
	return q + trend * (year - 2023);
}

/* numerator -> denominator pairs of the example frameworks' metrics */
static const char *const pairs[][2] = {
	{"plan.tasks_done", "plan.tasks_total"},
	{"plan.targets_met", "plan.targets_total"},
	{"audit.recommendations_done", "audit.recommendations_total"},
	{"lawdoc.issued_on_plan", "lawdoc.planned"},
	{"training.done", "training.planned"},
	{"land.dossiers_on_time", "land.dossiers_finished"},
	{"procedure.published_on_time", "procedure.published_total"},
	{"public_unit.self_financed", "public_unit.total"},
	{"report.submitted_on_time", "report.required"},
	{"staff.commune_qualified", "staff.commune_total"},
	{"staff.qualified", "staff.total"},
	{"inspection.units_inspected", "inspection.units_planned"},
	{"staff.reduced", "staff.reduction_target"},
	{"budget.revenue", "budget.revenue_estimate"},
	{"econ.budget_revenue", "econ.budget_revenue_estimate"},
	{"econ.investment_registered", "econ.investment_target"},
	{"econ.new_enterprises", "econ.new_enterprises_target"},
	{"econ.grdp_growth", "econ.grdp_growth_target"},
	{"dossier.received_full_online", "dossier.received"},
	{"dossier.paid_online", "dossier.received"},
	{"staff.headcount", "staff.payroll_quota"},
};

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && !strcmp(s + a - b, suffix);
}

/* The denominator's value: a plausible size for the kind of count. */
static double denominator(const char *unit, const char *metric, int year)
{
	double r = uniform(unit, metric, year);
	if (!strcmp(metric, "dossier.received"))
		return floor(800 + 15000 * r);
	if (strstr(metric, "revenue") || strstr(metric, "investment"))
		return floor(500 + 4500 * r);
	if (!strcmp(metric, "econ.grdp_growth_target"))
		return 6.5;
	if (!strcmp(metric, "staff.payroll_quota"))
		return floor(60 + 240 * r);
	return floor(8 + 40 * r);
}

static double metric_value(const char *unit, const char *metric, int year)
{
	double lv = level(unit, year);
	double noise = uniform(unit, metric, year * 7 + 1) - 0.5;
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		if (!strcmp(metric, pairs[i][1]))
			return denominator(unit, metric, year);
		if (!strcmp(metric, pairs[i][0])) {
			double den = denominator(unit, pairs[i][1], year);
			double frac = clampd(lv + 0.12 * noise, 0.45, 1.0);
			if (!strcmp(metric, "econ.grdp_growth"))
				return round(den * (0.85 + 0.3 * frac) * 100) / 100;
			if (strstr(metric, "revenue") || strstr(metric, "investment") ||
			    strstr(metric, "new_enterprises"))
				frac = clampd(lv + 0.25 * noise + 0.1, 0.6, 1.3);
			if (!strcmp(metric, "dossier.received_full_online") ||
			    !strcmp(metric, "dossier.paid_online"))
				frac = clampd(lv - 0.25 + 0.2 * noise, 0.05, 1.0);
			return round(den * frac);
		}
	}
	if (strstr(metric, "on_time_rate"))
		return round(clampd(0.8 + 0.2 * lv + 0.08 * noise, 0.7, 1.0) * 10000) / 10000;
	if (strstr(metric, "rate"))
		return round(clampd(lv + 0.1 * noise + 0.03, 0.4, 1.0) * 10000) / 10000;
	if (!strncmp(metric, "survey.", 7))
		return round(clampd(lv - 0.02 + 0.12 * noise, 0.45, 0.99) * 10000) / 100;
	if (ends_with(metric, "overdue") || ends_with(metric, "overdue_open") ||
	    ends_with(metric, "cases"))
		return floor(clampd((1.0 - lv) * 12 + 3 * noise, 0, 20));
	return round(clampd(lv + 0.2 * noise, 0, 1) * 100);
}

/* Appraised points of an assessed leaf, on its step. */
static double appraised_points(const struct frm_node *n, const char *unit, int year)
{
	double frac = clampd(level(unit, year) + 0.25 * (uniform(unit, n->code, year) - 0.5), 0, 1);
	double v = n->min + (n->max - n->min) * frac;
	double step = n->has_step ? n->step : 0.25;
	v = round(v / step) * step;
	return clampd(v, n->min, n->max);
}

/* How far the demo takes a framework's yearly cycle. */
enum demo_mode {
	MODE_NONE,      /* no scores (an example structure) */
	MODE_FULL,      /* appraised scores, no cycle (loaded from elsewhere) */
	MODE_SELF,      /* a cycle in self-assessment: some units done */
	MODE_APPRAISAL, /* a cycle in appraisal: all submitted, some appraised */
};

struct demo_framework {
	const char *file;     /* embedded JSON */
	const char *code;     /* code to store it under (NULL: as in the file) */
	int year;             /* 0: as in the file */
	const char *previous; /* NULL: as in the file */
	bool publish;
	enum demo_mode mode;
};

static const struct demo_framework frameworks[] = {
	{"hn-dept-2024.json", "HN-DEPT-2021", 2021, NULL, true, MODE_FULL},
	{"hn-dept-2024.json", "HN-DEPT-2022", 2022, "HN-DEPT-2021", true, MODE_FULL},
	{"hn-dept-2024.json", "HN-DEPT-2023", 2023, "HN-DEPT-2022", true, MODE_FULL},
	{"hn-dept-2024.json", NULL, 0, "HN-DEPT-2023", true, MODE_FULL},
	{"hn-dept-2025.json", NULL, 0, NULL, false, MODE_FULL},
	{"hn-district-2024.json", "HN-DISTRICT-2021", 2021, NULL, true, MODE_FULL},
	{"hn-district-2024.json", "HN-DISTRICT-2022", 2022, "HN-DISTRICT-2021", true, MODE_FULL},
	{"hn-district-2024.json", "HN-DISTRICT-2023", 2023, "HN-DISTRICT-2022", true, MODE_FULL},
	{"hn-district-2024.json", NULL, 0, "HN-DISTRICT-2023", true, MODE_FULL},
	{"hn-commune-2025.json", NULL, 0, NULL, false, MODE_APPRAISAL},
	{"hn-commune-nosurvey-2025.json", NULL, 0, NULL, false, MODE_SELF},
	{"vn-province-2022.json", NULL, 0, NULL, false, MODE_NONE},
	/* Sở Văn hóa và Thể thao's own framework for its divisions ("unit":
	 * SO-VHTT), its cycle in self-assessment; criterion 1.1 is scored
	 * from the divisions' task reports of the department's 2026 plan */
	{"hn-vhtt-division-2026.json", NULL, 0, NULL, false, MODE_SELF},
	/* PAPI's 8 dimensions for the city, scored from the papi.* values
	 * of data/demo/papi.csv (illustrative), never from demo figures */
	{"papi-2024.json", "PAPI-HN-2023", 2023, NULL, true, MODE_FULL},
	{"papi-2024.json", NULL, 0, "PAPI-HN-2023", true, MODE_FULL},
	{"papi-2024.json", "PAPI-HN-2025", 2025, "PAPI-HN-2024", false, MODE_FULL},
};

/* The year of the demo's PAR plans: their plan.* and task.* metrics come
 * from the task reports (app/plan.c), never from demo figures. */
#define DEMO_PLAN_YEAR 2026

/* The first year of the demo's inspection history: from then on the
 * inspection.* metrics the inspection module writes come from the
 * inspections (app/inspection_follow.c), never from demo figures, so the
 * 2025 frameworks' penalty 9.1 is what the inspections found. */
#define DEMO_INSPECTION_YEAR 2025

/* Replaces "2024" in a title with the framework's year. */
static const char *retitle(struct arena *a, const char *title, int year)
{
	const char *p = strstr(title, "2024");
	if (!p)
		return title;
	return arena_printf(a, "%.*s%d%s", (int)(p - title), title, year, p + 4);
}

static enum px_err load_framework(struct app *app, const struct demo_framework *df,
                                  struct diags *d, struct framework **out)
{
	const struct embedded_file *f = embedded_find(demo_files, df->file);
	if (!f) {
		diag_err(d, NULL, 0, 0, "thiếu tệp mẫu %s", "missing demo file %s", df->file);
		return PX_FAIL;
	}
	struct framework *fw;
	enum px_err e = frm_read_json(f->name, f->data, f->len, app->arena, &fw, d);
	if (e != PX_OK)
		return e;
	if (df->code) {
		fw->code = df->code;
		fw->year = df->year;
		fw->title = retitle(app->arena, fw->title, df->year);
		fw->previous_map = NULL; /* same criteria every year */
		fw->nprevious_map = 0;
	}
	if (df->previous)
		fw->previous = df->previous;
	struct str json;
	str_init(&json, FRM_FILE_MAX);
	e = frm_write_json(fw, &json);
	bool changed;
	if (e == PX_OK)
		e = app_framework_import_json(app, &(struct actor){"demo", "admin", NULL},
		                              df->code ? df->code : f->name, str_cstr(&json),
		                              json.len, d, out, &changed);
	str_free(&json);
	return e;
}

/* Whether the demo has a unit in a cycle done with a step: a stable
 * share of the units (self-assessment submitted, appraisal finished). */
static bool demo_done(const char *unit, const char *what, double share)
{
	return uniform(unit, what, 11) < share;
}

static enum px_err demo_scores(struct app *app, const struct framework *fw,
                               enum demo_mode mode, struct diags *d)
{
	struct unit_set s;
	enum px_err e = app_register_load(app, &s);
	if (e != PX_OK)
		return e;
	int32_t year_end = date_from_ymd(fw->year, 12, 31);
	struct str scores, metrics;
	str_init(&scores, 0);
	str_init(&metrics, 0);
	str_adds(&scores, "unit_code,criterion,self,appraised,note\n");
	str_adds(&metrics, "unit_code,period,metric,value,source\n");
	size_t nm;
	const char **codes = frm_metric_codes(fw, app->arena, &nm);
	for (size_t i = 0; i < s.n; i++) {
		const struct unit_rec *u = &s.v[i];
		if (!app_framework_scopes(fw, &s, i) || !unit_active_on(u, year_end))
			continue;
		bool self_done = mode != MODE_SELF || demo_done(u->code, "submitted", 0.3);
		bool appraised = mode == MODE_FULL ||
		                 (mode == MODE_APPRAISAL && demo_done(u->code, "appraised", 0.15));
		for (size_t k = 0; k < fw->nassessed; k++) {
			const struct frm_node *n = &fw->nodes[fw->assessed[k]];
			if (!frm_applies(fw, fw->assessed[k], u->kind))
				continue;
			/* in self-assessment, unfinished units have filled part */
			if (!self_done && uniform(u->code, n->code, 3) < 0.5)
				continue;
			double ap = appraised_points(n, u->code, fw->year);
			double step = n->has_step ? n->step : 0.25;
			/* units rate themselves a little higher than the council */
			double self = uniform(u->code, n->code, fw->year + 99) < 0.3
			                      ? fmin(n->max, ap + step) : ap;
			/* two communes of 2025 still wait for one appraisal */
			bool pending = !appraised || (mode == MODE_FULL && fw->year == 2025 && k == 0 &&
			                              uniform(u->code, fw->code, 5) < 0.02);
			str_printf(&scores, "%s,%s,", u->code, n->code);
			str_add_double(&scores, self);
			str_addc(&scores, ',');
			if (!pending)
				str_add_double(&scores, ap);
			str_adds(&scores, ",\n");
		}
		for (size_t k = 0; k < nm; k++) {
			if (fw->year == DEMO_PLAN_YEAR &&
			    (!strncmp(codes[k], "plan.", 5) || !strncmp(codes[k], "task.", 5)))
				continue;
			if (fw->year >= DEMO_INSPECTION_YEAR && app_inspection_metric(codes[k]))
				continue;
			if (!strncmp(codes[k], "papi.", 5)) /* imported from data/demo/papi.csv */
				continue;
			str_printf(&metrics, "%s,%d,%s,", u->code, fw->year, codes[k]);
			str_add_double(&metrics, metric_value(u->code, codes[k], fw->year));
			str_adds(&metrics, ",dữ liệu mẫu (demo)\n");
		}
	}
	unit_set_free(&s);
	struct import_summary sum;
	char name[96];
	snprintf(name, sizeof name, "demo/%s-metrics.csv", fw->code);
	e = app_import_table(app, name, str_cstr(&metrics), metrics.len, d, &sum, app_metric_import);
	snprintf(name, sizeof name, "demo/%s-scores.csv", fw->code);
	if (e == PX_OK)
		e = app_assessment_import_mem(app, name, str_cstr(&scores), scores.len, fw->code, d,
		                              &sum);
	str_free(&scores);
	str_free(&metrics);
	return e;
}

/* The state of a cycle in progress, written directly: the demo loads a
 * situation, it does not replay weeks of work (one audit entry says so).
 * Submitted units explain their evidence-required criteria; in appraisal
 * the demo appraiser is assigned to every unit and has proposed the
 * council's values of the units already appraised. */
static enum px_err demo_cycle(struct app *app, const struct framework *fw, enum demo_mode mode,
                              struct diags *d)
{
	struct arena *a = app->arena;
	int32_t today = app_today();
	char now[32];
	clock_iso(clock_now(), now);
	char self_until[11], appraisal_until[11], reply_until[11];
	date_format(mode == MODE_SELF ? today + 21 : today - 3, self_until);
	date_format(today + 14, appraisal_until);
	date_format(today + 30, reply_until);
	struct cycle_row row = {fw->code, mode == MODE_SELF ? "self" : "appraisal", self_until,
	                        appraisal_until, reply_until, now, "demo", NULL, NULL, 50};
	struct unit_set s;
	enum px_err e = app_register_load(app, &s);
	if (e != PX_OK)
		return e;
	struct score_row *scores;
	size_t nscores;
	e = repo_score_list(app->db, fw->code, a, &scores, &nscores);
	if (e == PX_OK)
		e = db_begin(app->db);
	if (e == PX_OK)
		e = repo_cycle_insert(app->db, &row);
	int32_t year_end = date_from_ymd(fw->year, 12, 31);
	long submitted = 0;
	for (size_t i = 0; i < s.n && e == PX_OK; i++) {
		const struct unit_rec *u = &s.v[i];
		if (!app_framework_scopes(fw, &s, i) || !unit_active_on(u, year_end))
			continue;
		if (mode == MODE_SELF && !demo_done(u->code, "submitted", 0.3))
			continue;
		for (size_t k = 0; k < fw->nassessed && e == PX_OK; k++) {
			const struct frm_node *n = &fw->nodes[fw->assessed[k]];
			if (n->evidence == FRM_EVIDENCE_REQUIRED && frm_applies(fw, fw->assessed[k], u->kind))
				e = repo_note_put(app->db, fw->code, u->code, n->code,
				                  "Minh chứng lưu tại văn thư của đơn vị (dữ liệu mẫu)");
		}
		if (e == PX_OK)
			e = repo_submission_put(app->db, fw->code, u->code, now, "demo");
		submitted++;
		if (e != PX_OK || mode != MODE_APPRAISAL)
			continue;
		e = repo_appraiser_put(app->db, fw->code, "appraiser", u->code, now, "demo");
		for (size_t k = 0; k < nscores && e == PX_OK; k++) {
			const struct score_row *sr = &scores[k];
			if (strcmp(sr->unit, u->code) || !sr->has_appraised)
				continue;
			bool same = sr->has_self && sr->self == sr->appraised;
			struct proposal_row p = {u->code, sr->criterion, "appraiser",
			                         same ? "" : "Minh chứng chưa đầy đủ (dữ liệu mẫu)", now,
			                         sr->appraised};
			e = repo_proposal_put(app->db, fw->code, &p);
			if (e == PX_OK && !same)
				e = repo_reason_put(app->db, fw->code, u->code, sr->criterion, p.reason,
				                    "appraiser", 1, 1, now);
		}
	}
	if (e == PX_OK)
		e = audit_append(app->db, app->actor, "demo", "cycle", fw->code,
		                 arena_printf(a, "{\"phase\": \"%s\", \"submitted\": %ld}", row.phase,
		                              submitted));
	e = app_commit(app, e, d);
	unit_set_free(&s);
	return e;
}

/* One-stop dossiers of this year's finished months for the communes,
 * wards and departments, loaded through `dossier import` (which also
 * writes the monthly dossier.* metrics). Each unit has a stable on-time
 * level; some dossiers are online, paid online, digitised, rated. */
static enum px_err demo_dossiers(struct app *app, struct diags *d)
{
	int year, month, day;
	date_to_ymd(app_today(), &year, &month, &day);
	if (month == 1)
		return PX_OK; /* no finished month yet this year */
	struct unit_set s;
	enum px_err e = app_register_load(app, &s);
	if (e != PX_OK)
		return e;
	struct str csv;
	str_init(&csv, 0);
	str_adds(&csv, "dossier_code,unit_code,procedure_code,channel,online_kind,received_at,due_at,"
	               "finished_at,status,paid_online,digitized,result_digitized,rating\n");
	int32_t today = app_today();
	long k = 0;
	for (size_t i = 0; i < s.n; i++) {
		const struct unit_rec *u = &s.v[i];
		if (!unit_active_on(u, today) || (strcmp(u->kind, "commune") && strcmp(u->kind, "ward") &&
		                                  strcmp(u->kind, "department")))
			continue;
		double on_time = 0.78 + 0.21 * uniform(u->code, "dossier-on-time", 0);
		double online = 0.35 + 0.5 * uniform(u->code, "dossier-online", 0);
		for (int m = 1; m < month; m++) {
			int count = 6 + (int)(14 * uniform(u->code, "dossiers", m));
			int dim = date_days_in_month(year, m);
			for (int j = 0; j < count; j++) {
				double r1 = uniform(u->code, "r1", m * 100 + j);
				double r2 = uniform(u->code, "r2", m * 100 + j);
				double r3 = uniform(u->code, "r3", m * 100 + j);
				int rd = 1 + (int)(r1 * dim);
				int32_t received = date_from_ymd(year, m, rd > dim ? dim : rd);
				if (!unit_active_on(u, received))
					continue; /* a unit receives nothing before it exists */
				int32_t due = received + 5 + (int)(10 * r2);
				bool late = r3 > on_time;
				bool is_online = uniform(u->code, "ch", m * 100 + j) < online;
				int32_t finished = late ? due + 1 + (int)(8 * r2) : received + 1 + (int)((due - received - 1) * r1);
				bool open = finished > today - 1;
				char rec[11], du[11], fin[11];
				date_format(received, rec);
				date_format(due, du);
				date_format(finished, fin);
				int rating = uniform(u->code, "rt", m * 100 + j) < 0.6
				                     ? (late ? 2 + (int)(3 * r1) : 3 + (int)(3 * r2)) : 0;
				if (rating > 5)
					rating = 5;
				str_printf(&csv, "D%07ld,%s,TTHC-%02d,%s,%s,%sT%02d:%02d,%s,", ++k, u->code,
				           1 + (int)(20 * r2), is_online ? "online" : "direct",
				           is_online ? (r1 < 0.5 ? "full" : "partial") : "none", rec,
				           8 + (int)(8 * r3), (int)(59 * r1), du);
				if (open)
					str_adds(&csv, ",processing,");
				else
					str_printf(&csv, "%sT%02d:%02d,finished,", fin, 8 + (int)(9 * r1), (int)(59 * r2));
				str_printf(&csv, "%d,%d,%d,", is_online && r2 < 0.7, r3 < 0.8, !open && r1 < 0.75);
				if (rating && !open)
					str_printf(&csv, "%d", rating);
				str_addc(&csv, '\n');
			}
		}
	}
	unit_set_free(&s);
	struct dossier_opts o = {0};
	struct dossier_import_summary sum;
	if (!str_error(&csv))
		e = app_dossier_import(app, "demo/dossiers.csv", str_cstr(&csv), csv.len, &o, d, &sum);
	str_free(&csv);
	return e;
}

enum px_err app_demo_scores(struct app *app, struct diags *d)
{
	for (size_t i = 0; i < sizeof frameworks / sizeof frameworks[0]; i++) {
		const struct demo_framework *df = &frameworks[i];
		struct framework *fw;
		enum px_err e = load_framework(app, df, d, &fw);
		if (e == PX_OK && df->mode != MODE_NONE)
			e = demo_scores(app, fw, df->mode, d);
		if (e == PX_OK && (df->mode == MODE_SELF || df->mode == MODE_APPRAISAL))
			e = demo_cycle(app, fw, df->mode, d);
		if (e == PX_OK && df->publish) {
			long version;
			struct publish_change *ch;
			size_t n;
			e = app_publish(app, fw->code, d, &version, &ch, &n);
		}
		if (e != PX_OK)
			return e;
	}
	return demo_dossiers(app, d);
}
