/*
 * The survey pages (docs/formats/surveys.md): the campaigns, one campaign
 * with its response progress per unit against the quota and its results
 * with interval bars (units whose intervals overlap must not be read as
 * different: the chart draws every interval on one scale, insufficient
 * samples dashed), the office's forms (open, close, reopen, import,
 * margins), the fast data-entry page for paper forms (one respondent per
 * screen, keyboard only, the next blank form after saving, what was typed
 * kept on a refusal) and the public form for citizens (no sign-in,
 * Vietnamese first, works without JavaScript, a thank-you page).
 *
 * Every rule (who may, which state, the answers' checks, one-time codes)
 * is app/survey.c's; pages only draw and pass what was typed. The public
 * form is also rate-limited per address here (the address is never
 * stored: nothing personal is kept beyond the answers).
 */
#include "web/html.h"
#include "web/page_common.h"
#include "web/page_cycle.h"
#include "web/page_report.h"
#include "web/rate_limit.h"
#include "web/pages.h"
#include "web/server.h"
#include "app/survey.h"
#include "io/qr.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/map.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_en(const struct req *r)
{
	return r->lang && !strcmp(r->lang, "en");
}

/* A fraction as a percentage with one decimal, decimal comma in Vietnamese. */
static const char *pct(struct req *r, double v)
{
	char *s = arena_printf(r->arena, "%.1f%%", v * 100);
	if (!is_en(r))
		for (char *p = s; *p; p++)
			if (*p == '.')
				*p = ',';
	return s;
}

static const char *qtext(const struct req *r, const struct survey_question *q)
{
	return is_en(r) ? q->text_en : q->text_vi;
}

static const char *state_text(const struct req *r, const char *state)
{
	return !strcmp(state, "open") ? _("collecting responses") : _("closed");
}

/* ---- the campaigns ----------------------------------------------------- */

void page_surveys(struct req *r)
{
	struct actor who = web_actor(r);
	struct survey_campaign_rec *v;
	size_t n;
	if (app_survey_list(&r->app, &who, &v, &n) != PX_OK) {
		page_error(r, 500, "Internal error");
		return;
	}
	html_page_begin(r, _("Surveys"));
	if (!n) {
		html_printf(r, "<p>%h</p>", _("No survey campaign yet."));
	} else {
		html_table_begin(r, _("Survey campaigns"));
		html_printf(r, "<caption>%h</caption><thead><tr><th scope=\"col\">%h</th>"
		               "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
		               "<th scope=\"col\" class=\"num\">%h</th><th scope=\"col\" class=\"num\">%h</th>"
		               "</tr></thead><tbody>",
		            _("Survey campaigns"), _("Campaign"), _("Instrument"), _("Period"), _("State"),
		            _("Units"), _("Responses"));
		for (size_t i = 0; i < n; i++)
			html_printf(r, "<tr><td><a href=\"/surveys/%u\">%h</a></td><td>%h</td><td>%h</td>"
			               "<td>%h</td><td class=\"num\">%ld</td><td class=\"num\">%ld</td></tr>",
			            v[i].code, v[i].code, v[i].instrument, v[i].period,
			            state_text(r, v[i].state), v[i].units, v[i].responses);
		html_printf(r, "</tbody>");
		html_table_end(r);
	}
	if (page_holds_city_wide(r, CAP_OFFICE)) {
		struct survey_instrument_rec *ins;
		size_t ni;
		if (app_survey_instruments(&r->app, &ins, &ni) == PX_OK && ni) {
			html_printf(r, "<h2>%h</h2><form method=\"post\" action=\"/surveys\">",
			            _("Open a campaign"));
			html_csrf_field(r);
			html_printf(r, "<p><label>%h <select name=\"instrument\">", _("Instrument"));
			for (size_t i = 0; i < ni; i++)
				html_printf(r, "<option value=\"%h\">%h</option>", ins[i].code, ins[i].code);
			html_printf(r, "</select></label></p>"
			               "<p><label>%h <input name=\"campaign\" required></label></p>"
			               "<p><label>%h <input name=\"period\" placeholder=\"2026\" required></label></p>"
			               "<p><label>%h <input name=\"group\" placeholder=\"department\"></label></p>"
			               "<p><label>%h <input name=\"codes\" type=\"number\" min=\"0\" value=\"0\"></label></p>"
			               "<p><button type=\"submit\">%h</button></p></form>",
			            _("Campaign code"), _("Period (YYYY, YYYY-Qn, YYYY-MM)"),
			            _("Unit kind (empty: every unit)"), _("One-time codes per unit"),
			            _("Open the campaign"));
		}
	}
	html_page_end(r);
}

void page_survey_open(struct req *r)
{
	if (!page_city_wide(r, CAP_OFFICE))
		return;
	struct diags d;
	diags_init(&d);
	struct actor who = web_actor(r);
	const char *group = req_param(r, "group");
	long codes = 0;
	struct survey_open_args a = {req_param(r, "instrument"), req_param(r, "campaign"),
	                             req_param(r, "period"), NULL, group && *group ? group : NULL, 0,
	                             0};
	enum px_err e = PX_OK;
	const char *cs = req_param(r, "codes");
	if (cs && *cs && !req_int(r, "codes", &codes, 0, 100000)) {
		diag_err(&d, NULL, 0, 0, "số mã dùng một lần: 0..100000", "one-time codes: 0..100000");
		e = PX_BADINPUT;
	}
	a.codes = codes;
	if (e == PX_OK)
		e = app_survey_open(&r->app, &who, &a, &d);
	page_back(r, e == PX_OK ? arena_printf(r->arena, "/surveys/%s", a.campaign) : "/surveys",
	          NULL, e == PX_NOTFOUND ? PX_BADINPUT : e, &d, "Campaign opened");
	diags_free(&d);
}

/* ---- one campaign ------------------------------------------------------ */

/* The interval chart of one measure (an element or an index) over the
 * units: a dot at the value and a bar from ci_low to ci_high on one 0..100%
 * scale; insufficient samples dashed and grey. */
static void interval_chart(struct req *r, const struct survey_results_view *v,
                           enum survey_measure m, long idx, const char *label)
{
	size_t rows = 0;
	for (size_t i = 0; i < v->n; i++)
		rows += v->r[i].measure == m && v->r[i].idx == idx && v->r[i].has_ci;
	if (!rows)
		return;
	int h = 24 * (int)rows + 30, x0 = 130, x1 = 590;
	html_printf(r, "<figure class=\"survey-chart\"><svg viewBox=\"0 0 600 %d\" role=\"img\" "
	               "aria-label=\"%h\"><title>%h</title>",
	            h, label, label);
	for (int t = 0; t <= 100; t += 25) {
		int x = x0 + (x1 - x0) * t / 100;
		html_printf(r, "<line x1=\"%d\" y1=\"0\" x2=\"%d\" y2=\"%d\" class=\"grid\"/>"
		               "<text x=\"%d\" y=\"%d\" class=\"tick\">%d%%</text>",
		            x, x, h - 18, x, h - 4, t);
	}
	int y = 14;
	for (size_t i = 0; i < v->n; i++) {
		const struct survey_result *x = &v->r[i];
		if (x->measure != m || x->idx != idx || !x->has_ci)
			continue;
		double lo = x->ci_low < 0 ? 0 : x->ci_low, hi = x->ci_high > 1 ? 1 : x->ci_high;
		double xl = x0 + (x1 - x0) * lo, xh = x0 + (x1 - x0) * hi, xv = x0 + (x1 - x0) * x->value;
		const char *cls = x->insufficient ? "ci weak" : "ci";
		html_printf(r, "<text x=\"%d\" y=\"%d\" class=\"unit\">%h</text>"
		               "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" class=\"%s\"/>"
		               "<circle cx=\"%.1f\" cy=\"%d\" r=\"4\" class=\"%s\"/>",
		            x0 - 6, y + 4, x->unit < 0 ? "*" : v->units[x->unit], xl, y, xh, y, cls, xv, y,
		            cls);
		y += 24;
	}
	html_printf(r, "</svg><figcaption>%h</figcaption></figure>",
	            _("Dots: the weighted share; bars: 95% Wilson interval. Units whose bars overlap "
	              "cannot be told apart; dashed: too few respondents."));
}

static void results_table(struct req *r, const struct survey_results_view *v,
                          enum survey_measure m, long idx, const char *label)
{
	html_table_begin(r, label);
	html_printf(r, "<caption>%h</caption><thead><tr><th scope=\"col\">%h</th>"
	               "<th scope=\"col\" class=\"num\">n</th><th scope=\"col\" class=\"num\">n_eff</th>"
	               "<th scope=\"col\" class=\"num\">%h</th><th scope=\"col\" class=\"num\">%h</th>"
	               "<th scope=\"col\">%h</th></tr></thead><tbody>",
	            label, _("Unit"), _("Value"), _("95% interval"), _("Note"));
	for (size_t i = 0; i < v->n; i++) {
		const struct survey_result *x = &v->r[i];
		if (x->measure != m || x->idx != idx)
			continue;
		html_printf(r, "<tr><td>%h</td><td class=\"num\">%ld</td><td class=\"num\">%.1f</td>"
		               "<td class=\"num\">%h</td><td class=\"num\">%h</td><td>%h</td></tr>",
		            x->unit < 0 ? _("All units") : v->units[x->unit], x->n, x->n_eff,
		            x->has_value ? pct(r, x->value) : "",
		            x->has_ci ? arena_printf(r->arena, "%s – %s", pct(r, x->ci_low),
		                                     pct(r, x->ci_high))
		                      : "",
		            x->insufficient ? _("too few respondents: not ranked") : "");
	}
	html_printf(r, "</tbody>");
	html_table_end(r);
}

static void upload_form(struct req *r, const char *campaign, const char *what, const char *label,
                        const char *button)
{
	html_printf(r, "<form method=\"post\" action=\"/surveys/%u/%s\" enctype=\"multipart/form-data\">",
	            campaign, what);
	html_csrf_field(r);
	html_printf(r, "<p><label>%h <input type=\"file\" name=\"file\" required></label> "
	               "<button type=\"submit\">%h</button></p></form>",
	            label, button);
}

void page_survey(struct req *r)
{
	struct actor who = web_actor(r);
	const char *code = req_path_param(r, 0);
	struct diags d;
	diags_init(&d);
	enum doc_format f;
	bool answered = false;
	if (page_report_format(r, &f, &answered)) {
		if (!answered) {
			struct doc *doc = NULL;
			enum px_err e = app_survey_report(&r->app, &who, code, r->lang, &doc, &d);
			page_report_send(r, e, doc, &d, f, arena_printf(r->arena, "Ket-qua-khao-sat-%s", code),
			                 arena_printf(r->arena, "Ket-qua-khao-sat-%s", code));
		}
		diags_free(&d);
		return;
	}
	struct survey_results_view v;
	struct survey_unit_rec *units;
	size_t nu;
	enum px_err e = app_survey_units(&r->app, &who, code, &units, &nu, &d);
	if (e == PX_OK)
		e = app_survey_results(&r->app, &who, code, NULL, NULL, 0, &v, &d);
	if (e != PX_OK) {
		page_app_error(r, e, &d);
		diags_free(&d);
		return;
	}
	diags_free(&d);
	html_page_begin(r, arena_printf(r->arena, "%s — %s", _("Survey campaign"), code));
	html_printf(r, "<dl><dt>%h</dt><dd>%h</dd><dt>%h</dt><dd>%h</dd><dt>%h</dt><dd>%h</dd>"
	               "<dt>%h</dt><dd>%h</dd></dl>",
	            _("Instrument"), v.s->title, _("Period"), v.c.period, _("State"),
	            state_text(r, v.c.state), _("Weighting"),
	            v.c.margins ? _("raked to the margins given") : _("none (every weight 1)"));
	const char *verbs[8];
	size_t nv = wf_allowed(&r->app, &survey_machine, &who, code, verbs, 8, NULL);
	if (wf_has(verbs, nv, "enter"))
		html_printf(r, "<p><a href=\"/surveys/%u/entry\">%h</a></p>", code,
		            _("Type in paper forms"));
	if (v.c.codes > 0 && page_holds_city_wide(r, CAP_OFFICE))
		html_printf(r, "<p><a href=\"/surveys/%u/codes\">%h</a></p>", code,
		            _("One-time codes (printable, with QR codes)"));
	/* progress against quota */
	html_printf(r, "<h2>%h</h2>", _("Responses per unit"));
	html_table_begin(r, _("Responses per unit"));
	html_printf(r, "<caption>%h</caption><thead><tr><th scope=\"col\">%h</th>"
	               "<th scope=\"col\" class=\"num\">%h</th><th scope=\"col\" class=\"num\">%h</th>"
	               "<th scope=\"col\">%h</th></tr></thead><tbody>",
	            _("Responses per unit"), _("Unit"), _("Responses"), _("Quota"), _("Progress"));
	for (size_t i = 0; i < nu; i++) {
		long q = units[i].has_quota ? units[i].quota : v.s->min_n;
		long p = q > 0 ? units[i].responses * 100 / q : 100;
		if (p > 100)
			p = 100;
		html_printf(r, "<tr><td>%h</td><td class=\"num\">%ld</td><td class=\"num\">%ld</td>"
		               "<td><progress max=\"100\" value=\"%ld\" aria-label=\"%h %ld%%\">%ld%%"
		               "</progress></td></tr>",
		            units[i].unit, units[i].responses, q, p, units[i].unit, p, p);
	}
	html_printf(r, "</tbody>");
	html_table_end(r);
	/* results: each index, then each element */
	html_printf(r, "<h2>%h</h2>", _("Results"));
	page_report_links(r, arena_printf(r->arena, "/surveys/%s", code), "", true);
	if (v.c.margins)
		html_printf(r, "<p>%h</p>", _("The figures below are unweighted; the metrics use the "
		                             "campaign's margins (survey results --margins)."));
	for (size_t k = 0; k < v.s->ni + v.s->ne; k++) {
		bool ix = k < v.s->ni;
		long idx = ix ? (long)k : (long)(k - v.s->ni);
		const char *label =
			ix ? arena_printf(r->arena, "%s %s", _("Index"), v.s->ix[idx].code)
			   : arena_printf(r->arena, "%s %s: %s", _("Element"), v.s->e[idx].code,
			                  is_en(r) ? v.s->e[idx].title_en : v.s->e[idx].title_vi);
		html_printf(r, "<h3>%h</h3>", label);
		interval_chart(r, &v, ix ? SURVEY_INDEX : SURVEY_ELEMENT, idx, label);
		results_table(r, &v, ix ? SURVEY_INDEX : SURVEY_ELEMENT, idx, label);
	}
	/* the office's actions, from the machine */
	if (wf_has(verbs, nv, "import"))
		upload_form(r, code, "import", _("Responses (CSV/XLSX from KoboToolbox, ODK, LimeSurvey)"),
		            _("Import"));
	if (wf_has(verbs, nv, "weigh"))
		upload_form(r, code, "margins", _("Weighting margins (variable,value,share)"),
		            _("Set the margins"));
	for (size_t i = 0; i < nv; i++)
		if (!strcmp(verbs[i], "close") || !strcmp(verbs[i], "reopen")) {
			html_printf(r, "<form method=\"post\" action=\"/surveys/%u/%s\">", code, verbs[i]);
			html_csrf_field(r);
			html_printf(r, "<p><button type=\"submit\">%h</button></p></form>",
			            !strcmp(verbs[i], "close") ? _("Close the campaign")
			                                        : _("Reopen the campaign"));
		}
	html_page_end(r);
}

static void campaign_back(struct req *r, enum px_err e, struct diags *d, const char *ok)
{
	page_back(r, arena_printf(r->arena, "/surveys/%s", req_path_param(r, 0)), NULL, e, d, ok);
}

static void state_post(struct req *r, bool close)
{
	struct diags d;
	diags_init(&d);
	struct actor who = web_actor(r);
	const char *code = req_path_param(r, 0);
	enum px_err e = close ? app_survey_close(&r->app, &who, code, &d)
	                      : app_survey_reopen(&r->app, &who, code, &d);
	campaign_back(r, e, &d, close ? "Campaign closed" : "Campaign reopened");
	diags_free(&d);
}

void page_survey_close(struct req *r)
{
	state_post(r, true);
}

void page_survey_reopen(struct req *r)
{
	state_post(r, false);
}

void page_survey_import(struct req *r)
{
	struct diags d;
	diags_init(&d);
	struct actor who = web_actor(r);
	const struct upload *u = req_upload(r, "file");
	enum px_err e;
	struct import_summary sum;
	if (!u || !u->len) {
		diag_err(&d, NULL, 0, 0, "cần một tệp", "a file is needed");
		e = PX_BADINPUT;
	} else {
		e = app_survey_import(&r->app, &who, req_path_param(r, 0),
		                      u->filename && *u->filename ? u->filename : "upload.csv", u->data,
		                      u->len, &d, &sum);
	}
	/* the first error of a refused file, with its FILE:LINE:COLUMN */
	if (e == PX_BADINPUT && d.n) {
		for (size_t i = 0; i < d.n; i++)
			if (d.v[i].level == DIAG_ERROR) {
				struct diag g = d.v[i];
				d.v[0] = g;
				break;
			}
		char buf[1024];
		diag_format(&d.v[0], buf, sizeof buf);
		d.v[0].vi = d.v[0].en = arena_strdup(r->arena, buf);
		d.v[0].file = NULL;
		d.v[0].line = 0;
		d.v[0].where = NULL;
	}
	campaign_back(r, e == PX_NOTFOUND && u ? PX_NOTFOUND : e, &d, "Responses imported");
	diags_free(&d);
}

void page_survey_margins(struct req *r)
{
	struct diags d;
	diags_init(&d);
	struct actor who = web_actor(r);
	const struct upload *u = req_upload(r, "file");
	enum px_err e;
	struct survey_results_view v;
	if (!u || !u->len) {
		diag_err(&d, NULL, 0, 0, "cần một tệp", "a file is needed");
		e = PX_BADINPUT;
	} else {
		e = app_survey_results(&r->app, &who, req_path_param(r, 0),
		                       u->filename && *u->filename ? u->filename : "margins.csv", u->data,
		                       u->len, &v, &d);
	}
	campaign_back(r, e, &d, "Margins set");
	diags_free(&d);
}

/* ---- a form: data entry and the public form ------------------------------------- */

/* The questions of s as fields named by their codes, with what was typed
 * (typed[q]) and the refusal next to its field (err_field, err). */
static void question_fields(struct req *r, const struct survey_instrument *s, const char **typed,
                            const char *err_field, const char *err, bool autofocus)
{
	for (size_t q = 0; q < s->nq; q++) {
		const struct survey_question *qu = &s->q[q];
		const char *val = typed && typed[q] ? typed[q] : "";
		bool bad = err_field && !strcmp(err_field, qu->code);
		const char *id = arena_printf(r->arena, "f-%s", qu->code);
		switch (qu->type) {
		case SQ_LIKERT5:
		case SQ_CHOICE: {
			html_printf(r, "<fieldset class=\"survey-q\"><legend>%h</legend>", qtext(r, qu));
			size_t nopt = qu->type == SQ_LIKERT5 ? 5 : qu->noptions;
			html_printf(r, "<div class=\"survey-options\">");
			for (size_t o = 0; o < nopt; o++) {
				const char *value = qu->type == SQ_LIKERT5 ? arena_printf(r->arena, "%zu", o + 1)
				                                            : qu->options[o];
				const char *shown = value;
				if (qu->type == SQ_LIKERT5) {
					static const char *const words[] = {
						"1 — very dissatisfied", "2 — dissatisfied", "3 — neither",
						"4 — satisfied", "5 — very satisfied"};
					shown = _(words[o]);
				}
				html_printf(r, "<label><input type=\"radio\" name=\"%h\" value=\"%h\"%s%s> %h</label>",
				            qu->code, value, !strcmp(val, value) ? " checked" : "",
				            autofocus && q == 0 && o == 0 ? " autofocus" : "", shown);
			}
			html_printf(r, "</div>");
			if (bad)
				html_printf(r, "<p class=\"flash error\" role=\"alert\" id=\"%h-e\">%h</p>", id, err);
			html_printf(r, "</fieldset>");
			break;
		}
		case SQ_MULTI:
		case SQ_NUMBER:
		case SQ_TEXT:
			html_printf(r, "<p class=\"survey-q\"><label for=\"%h\">%h", id, qtext(r, qu));
			if (qu->type == SQ_MULTI)
				html_printf(r, " (%h)", _("options separated by ;"));
			html_printf(r, "</label>");
			if (qu->type == SQ_TEXT)
				html_printf(r, "<textarea id=\"%h\" name=\"%h\" maxlength=\"1000\" rows=\"3\"%s>%h"
				               "</textarea>",
				            id, qu->code, bad ? " aria-invalid=\"true\"" : "", val);
			else
				html_printf(r, "<input id=\"%h\" name=\"%h\" value=\"%h\"%s%s>", id, qu->code, val,
				            qu->type == SQ_NUMBER ? " inputmode=\"decimal\"" : "",
				            bad ? " aria-invalid=\"true\"" : "");
			if (bad)
				html_printf(r, "<span class=\"flash error\" role=\"alert\" id=\"%h-e\">%h</span>", id,
				            err);
			html_printf(r, "</p>");
			break;
		case SQ_NTYPES:
			break;
		}
	}
}

static const char **typed_answers(struct req *r, const struct survey_instrument *s)
{
	const char **v = arena_array(r->arena, s->nq + 1, sizeof *v);
	for (size_t q = 0; q < s->nq; q++)
		v[q] = req_param(r, s->q[q].code);
	return v;
}

/* The campaign and its instrument for a form, or an error page (false). */
static bool form_campaign(struct req *r, const char *code, struct survey_campaign_rec *c,
                          struct survey_instrument **s)
{
	struct diags d;
	diags_init(&d);
	struct actor who = web_actor(r);
	/* the public sees open campaigns only: what is not open does not exist */
	enum px_err e = app_survey_get(&r->app, NULL, code, c, &d);
	if (e == PX_OK && strcmp(c->state, "open") && !page_holds_city_wide(r, CAP_READ))
		e = PX_NOTFOUND;
	(void)who;
	if (e == PX_OK)
		e = app_survey_instrument(&r->app, c->instrument, s, &d);
	if (e != PX_OK)
		page_app_error(r, e == PX_NOTFOUND ? e : e, &d);
	diags_free(&d);
	return e == PX_OK;
}

static void entry_page(struct req *r, const char *code, const char **typed, const char *unit,
                       const char *err_field, const char *err)
{
	struct survey_campaign_rec c;
	struct survey_instrument *s;
	if (!form_campaign(r, code, &c, &s))
		return;
	struct actor who = web_actor(r);
	struct survey_unit_rec *units;
	size_t nu;
	struct diags d;
	diags_init(&d);
	if (app_survey_units(&r->app, &who, code, &units, &nu, &d) != PX_OK) {
		page_app_error(r, PX_NOTFOUND, &d);
		diags_free(&d);
		return;
	}
	diags_free(&d);
	html_page_begin(r, arena_printf(r->arena, "%s — %s", _("Paper forms"), code));
	if (err && !err_field)
		html_printf(r, "<p class=\"flash error\" role=\"alert\">%h</p>", err);
	if (req_param(r, "saved") && !err)
		html_printf(r, "<p class=\"flash\" role=\"status\">%h</p>",
		            _("Saved. The next blank form is below."));
	html_printf(r, "<p><a href=\"/surveys/%u\">%h</a></p>", code, _("Back to the campaign"));
	html_printf(r, "<form method=\"post\" action=\"/surveys/%u/entry\" class=\"survey-form\">", code);
	html_csrf_field(r);
	html_printf(r, "<p><label>%h <select name=\"unit\" required>", _("Unit"));
	for (size_t i = 0; i < nu; i++)
		html_printf(r, "<option value=\"%h\"%s>%h</option>", units[i].unit,
		            unit && !strcmp(unit, units[i].unit) ? " selected" : "", units[i].unit);
	html_printf(r, "</select></label></p>");
	if (err_field && !strcmp(err_field, "unit"))
		html_printf(r, "<p class=\"flash error\" role=\"alert\">%h</p>", err);
	question_fields(r, s, typed, err_field, err, true);
	html_printf(r, "<p><button type=\"submit\">%h</button></p></form>", _("Save and next"));
	html_page_end(r);
}

void page_survey_entry(struct req *r)
{
	entry_page(r, req_path_param(r, 0), NULL, req_param(r, "unit"), NULL, NULL);
}

void page_survey_enter(struct req *r)
{
	const char *code = req_path_param(r, 0);
	struct survey_campaign_rec c;
	struct survey_instrument *s;
	struct diags d;
	diags_init(&d);
	enum px_err e = app_survey_get(&r->app, NULL, code, &c, &d);
	if (e == PX_OK)
		e = app_survey_instrument(&r->app, c.instrument, &s, &d);
	const char **typed = e == PX_OK ? typed_answers(r, s) : NULL;
	struct actor who = web_actor(r);
	struct survey_respond_args a = {req_param(r, "unit"), NULL, "paper", typed, NULL};
	if (e == PX_OK)
		e = app_survey_respond(&r->app, &who, code, &a, &d);
	if (e == PX_OK) {
		resp_redirect(r, html_arena(r, "%s?unit=%u&saved=1",
		                            http_local_path(r->arena,
		                                            arena_printf(r->arena, "/surveys/%s/entry", code)),
		                            a.unit ? a.unit : ""));
	} else if (e == PX_BADINPUT) {
		entry_page(r, code, typed, a.unit, d.v[0].where, is_en(r) ? d.v[0].en : d.v[0].vi);
		r->status = 422;
	} else {
		page_app_error(r, e, &d);
	}
	diags_free(&d);
}

/* ---- the public form ------------------------------------------------------------ */

/* At most SURVEY_WEB_PER_HOUR submissions per address and hour, in this
 * process's memory only (the address is never written anywhere). */
#define SURVEY_WEB_PER_HOUR 20
static struct rate_limit survey_limit = RATE_LIMIT_INIT;

static bool rate_ok(const char *addr)
{
	return rate_limit_ok(&survey_limit, addr, SURVEY_WEB_PER_HOUR);
}

/* Whether unit is one of the campaign's; else a 404 page (false). */
static bool unit_in(struct req *r, const char *code, const char *unit)
{
	struct survey_unit_rec *units;
	size_t nu;
	struct diags d;
	diags_init(&d);
	bool in = false;
	if (app_survey_units(&r->app, NULL, code, &units, &nu, &d) == PX_OK)
		for (size_t i = 0; i < nu && !in; i++)
			in = unit && !strcmp(units[i].unit, unit);
	diags_free(&d);
	if (!in)
		page_error(r, 404, "Not found");
	return in;
}

static void public_page(struct req *r, const char *code, const char *unit, const char **typed,
                        const char *err_field, const char *err)
{
	struct survey_campaign_rec c;
	struct survey_instrument *s;
	if (!form_campaign(r, code, &c, &s))
		return;
	if (!unit_in(r, code, unit))
		return;
	html_page_begin(r, s->title);
	html_printf(r, "<p>%h: %h</p>", _("Unit"), unit);
	html_printf(r, "<p>%h</p>", _("Your answers are anonymous: nothing but the answers is kept."));
	if (err && (!err_field || !strcmp(err_field, "unit")))
		html_printf(r, "<p class=\"flash error\" role=\"alert\">%h</p>", err);
	html_printf(r, "<form method=\"post\" action=\"/survey/%u/%u\" class=\"survey-form\">", code,
	            unit);
	html_csrf_field(r);
	if (c.codes > 0) {
		const char *typed_code = req_param(r, "code");
		html_printf(r, "<p class=\"survey-q\"><label for=\"f-code\">%h</label>"
		               "<input id=\"f-code\" name=\"code\" value=\"%h\" autocomplete=\"off\" "
		               "required%s>",
		            _("The code printed on your form"), typed_code ? typed_code : "",
		            err_field && !strcmp(err_field, "code") ? " aria-invalid=\"true\"" : "");
		if (err_field && !strcmp(err_field, "code"))
			html_printf(r, "<span class=\"flash error\" role=\"alert\">%h</span>", err);
		html_printf(r, "</p>");
	}
	question_fields(r, s, typed, err_field, err, false);
	html_printf(r, "<p><button type=\"submit\">%h</button></p></form>", _("Send"));
	html_page_end(r);
}

void page_survey_form(struct req *r)
{
	public_page(r, req_path_param(r, 0), req_path_param(r, 1), NULL, NULL, NULL);
}

void page_survey_respond(struct req *r)
{
	const char *code = req_path_param(r, 0), *unit = req_path_param(r, 1);
	struct survey_campaign_rec c;
	struct survey_instrument *s;
	struct diags d;
	diags_init(&d);
	enum px_err e = app_survey_get(&r->app, NULL, code, &c, &d);
	if (e == PX_OK)
		e = app_survey_instrument(&r->app, c.instrument, &s, &d);
	const char **typed = e == PX_OK ? typed_answers(r, s) : NULL;
	if (e == PX_OK && c.codes == 0 && !rate_ok(req_client_ip(r))) {
		diag_err(&d, NULL, 0, 0, "quá nhiều phiếu gửi từ địa chỉ này, xin thử lại sau",
		         "too many forms sent from this address, please try again later");
		e = PX_BADINPUT;
	}
	struct actor who = web_actor(r);
	struct survey_respond_args a = {unit, req_param(r, "code"), "web", typed, NULL};
	if (e == PX_OK)
		e = app_survey_respond(&r->app, &who, code, &a, &d);
	if (e == PX_OK) {
		resp_redirect(r, http_local_path(r->arena,
		                                 arena_printf(r->arena, "/survey/%s/%s/thanks", code, unit)));
	} else if (e == PX_BADINPUT) {
		public_page(r, code, unit, typed, d.v[0].where, is_en(r) ? d.v[0].en : d.v[0].vi);
		r->status = 422;
	} else {
		page_app_error(r, e, &d);
	}
	diags_free(&d);
}

void page_survey_thanks(struct req *r)
{
	if (!unit_in(r, req_path_param(r, 0), req_path_param(r, 1)))
		return;
	html_page_begin(r, _("Thank you"));
	html_printf(r, "<p>%h</p><p><a href=\"/survey/%u/%u\">%h</a></p>",
	            _("Your answers are saved. Thank you for helping us serve you better."),
	            req_path_param(r, 0), req_path_param(r, 1), _("Back to the form"));
	html_page_end(r);
}

/* ---- the printable sheet of one-time codes ---------------------------------- */

void page_survey_codes(struct req *r)
{
	struct actor who = web_actor(r);
	const char *code = req_path_param(r, 0), *unit = req_param(r, "unit");
	struct diags d;
	diags_init(&d);
	struct survey_code_rec *v;
	size_t n;
	enum px_err e = app_survey_codes(&r->app, &who, code, unit && *unit ? unit : NULL, &v, &n, &d);
	if (e != PX_OK) {
		page_app_error(r, e, &d);
		diags_free(&d);
		return;
	}
	diags_free(&d);
	const char *host = req_header(r, "Host");
	const char *base = arena_printf(r->arena, "%s://%s", r->secure ? "https" : "http",
	                                host && *host ? host : "127.0.0.1");
	html_page_begin(r, arena_printf(r->arena, "%s — %s", _("One-time codes"), code));
	html_printf(r, "<p>%h</p>", _("Print this page and cut the cards: each code answers the form "
	                             "once. Scanning the square opens the form with the code filled in."));
	if (!n)
		html_printf(r, "<p>%h</p>", _("This campaign has no one-time codes."));
	html_printf(r, "<ul class=\"survey-codes\">");
	for (size_t i = 0; i < n; i++) {
		struct str url, svg;
		str_init(&url, 0);
		str_init(&svg, 0);
		html_strf(&url, "%s/survey/%u/%u?code=%u", base, code, v[i].unit, v[i].code);
		bool drawn = qr_svg(str_cstr(&url), &svg) == PX_OK;
		html_printf(r, "<li><p><strong>%h</strong> · %h</p>", v[i].unit,
		            v[i].used_at ? _("used") : _("not used yet"));
		if (drawn)
			html_svg(r, str_cstr(&svg), svg.len);
		html_printf(r, "<p>%h: <code>%h</code></p><p class=\"survey-url\">%h</p></li>",
		            _("Code"), v[i].code, str_cstr(&url));
		str_free(&url);
		str_free(&svg);
	}
	html_printf(r, "</ul>");
	html_page_end(r);
}
