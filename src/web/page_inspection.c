/*
 * The inspection pages (formats/inspections.md): the yearly plan with a
 * month calendar, one inspection as the team works it on site from a
 * phone (start, the checklist with a photo per item, findings,
 * recommendations, the conclusion), a recommendation with the unit's
 * remediation form and the lead's verification, the follow-up list, and
 * the city-wide list of good practices. Every decision is
 * app/inspection.c's: an inspection one may not see answers 404 here
 * exactly as a code that does not exist; forms are drawn from the verbs
 * the machines allow now; a refusal draws the page again (422) with the
 * reason.
 */
#include "web/html.h"
#include "web/page_common.h"
#include "web/page_report.h"
#include "web/pages.h"
#include "app/cycle.h"
#include "app/inspection.h"
#include "base/arena.h"
#include "base/datetime.h"
#include "core/plan.h"

#include <stdlib.h>
#include <string.h>

static bool is_en(const struct req *r)
{
	return r->lang && !strcmp(r->lang, "en");
}

static const char *show_date(const struct req *r, const char *iso)
{
	int32_t d;
	if (!iso || !*iso)
		return "";
	if (is_en(r) || strlen(iso) < 10 || !date_parse(iso, 10, &d))
		return iso;
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	return arena_printf(r->arena, "%02d/%02d/%04d%s", dd, m, y, iso + 10);
}

static const char *word(const struct req *r, const char *const *names, const char *const *vi,
                        const char *s)
{
	int i = insp_word(names, s);
	return i < 0 ? (s ? s : "") : is_en(r) ? names[i] : vi[i];
}

static const char *kind_text(const struct req *r, const char *s)
{
	return word(r, insp_kind_names, insp_kind_vi, s);
}

static const char *state_text(const struct req *r, const char *s)
{
	return word(r, insp_state_names, insp_state_vi, s);
}

static const char *rec_text(const struct req *r, const char *s)
{
	return word(r, rec_state_names, rec_state_vi, s);
}

static void flash(struct req *r, const char *err)
{
	if (err)
		html_printf(r, "<p class=\"flash error\" role=\"alert\">%h</p>", err);
	else if (req_param(r, "saved"))
		html_printf(r, "<p class=\"flash\" role=\"status\">%h</p>", _("Saved."));
}

/* ---- the plan and its calendar ------------------------------------------ */

void page_inspections(struct req *r)
{
	struct actor who = web_actor(r);
	struct insp_rec *v;
	size_t n;
	struct diags d;
	diags_init(&d);
	int32_t today = app_today();
	int ty, tm, td;
	date_to_ymd(today, &ty, &tm, &td);
	const char *ms = req_param(r, "month");
	int y = ty, m = tm;
	if (ms && strlen(ms) == 7 && ms[4] == '-') {
		int yy = atoi(ms), mm = atoi(ms + 5);
		if (yy >= 2000 && yy <= 2100 && mm >= 1 && mm <= 12) {
			y = yy;
			m = mm;
		}
	}
	enum px_err e = app_inspection_list(&r->app, &who, 0, NULL, &v, &n, &d);
	if (e != PX_OK) {
		page_app_error(r, e, &d);
		diags_free(&d);
		return;
	}
	diags_free(&d);
	html_page_begin(r, _("PAR inspections"));
	html_printf(r, "<p><a href=\"/recommendations\">%h</a> · <a href=\"/inspections/"
	               "good-practices\">%h</a></p>",
	            _("Follow-up of recommendations"), _("Good practices"));
	/* the month calendar: which inspections run on which day */
	int32_t first = date_from_ymd(y, m, 1);
	int32_t last = (m == 12 ? date_from_ymd(y + 1, 1, 1) : date_from_ymd(y, m + 1, 1)) - 1;
	int py = m == 1 ? y - 1 : y, pm = m == 1 ? 12 : m - 1;
	int ny = m == 12 ? y + 1 : y, nm = m == 12 ? 1 : m + 1;
	const char *shown = arena_printf(r->arena, "%02d/%d", m, y);
	const char *prev = arena_printf(r->arena, "%d-%02d", py, pm);
	const char *next = arena_printf(r->arena, "%d-%02d", ny, nm);
	html_printf(r, "<section aria-labelledby=\"cal\"><h3 id=\"cal\">%h %h</h3>"
	               "<p><a href=\"/inspections?month=%u\">%h</a> · "
	               "<a href=\"/inspections?month=%u\">%h</a></p>",
	            _("Calendar"), shown, prev, _("Previous month"), next, _("Next month"));
	html_table_begin(r, _("Calendar"));
	static const char *const days_en[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
	static const char *const days_vi[] = {"T2", "T3", "T4", "T5", "T6", "T7", "CN"};
	html_printf(r, "<caption>%h %h</caption><thead><tr>", _("Calendar"), shown);
	for (int k = 0; k < 7; k++)
		html_printf(r, "<th scope=\"col\">%h</th>", is_en(r) ? days_en[k] : days_vi[k]);
	html_printf(r, "</tr></thead><tbody><tr>");
	/* 1970-01-01 was a Thursday: Monday = 0 */
	int lead = (int)(((first % 7) + 7 + 3) % 7);
	for (int k = 0; k < lead; k++)
		html_printf(r, "<td></td>");
	for (int32_t day = first; day <= last; day++) {
		int col = (int)(((day % 7) + 7 + 3) % 7);
		if (col == 0 && day != first)
			html_printf(r, "</tr><tr>");
		html_printf(r, "<td class=\"cal-day%s\"><span class=\"cal-n\">%d</span>",
		            day == today ? " cal-today" : "", (int)(day - first + 1));
		for (size_t i = 0; i < n; i++) {
			int32_t f, t;
			if (!date_parse(v[i].planned_from, 10, &f) || !date_parse(v[i].planned_to, 10, &t) ||
			    day < f || day > t)
				continue;
			html_printf(r, " <a href=\"/inspections/%u\">%h</a>", v[i].code, v[i].code);
		}
		html_printf(r, "</td>");
	}
	html_printf(r, "</tr></tbody>");
	html_table_end(r);
	html_printf(r, "</section><section aria-labelledby=\"plan\"><h3 id=\"plan\">%h</h3>",
	            _("Inspection plan"));
	if (!n) {
		html_printf(r, "<p>%h</p></section>", _("No inspection yet."));
		html_page_end(r);
		return;
	}
	html_table_begin(r, _("Inspection plan"));
	html_printf(r, "<caption>%h</caption><thead><tr><th scope=\"col\">%h</th><th scope=\"col\">"
	               "%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h"
	               "</th><th scope=\"col\">%h</th></tr></thead><tbody>",
	            _("Inspection plan"), _("Inspection"), _("Unit"), _("Kind"), _("Planned"),
	            _("Team lead"), _("State"));
	for (size_t i = 0; i < n; i++)
		html_printf(r, "<tr><td><a href=\"/inspections/%u\">%h</a></td><td>%h</td><td>%h</td>"
		               "<td>%h – %h</td><td>%h</td><td>%h</td></tr>",
		            v[i].code, v[i].code, v[i].unit, kind_text(r, v[i].kind),
		            show_date(r, v[i].planned_from), show_date(r, v[i].planned_to), v[i].lead,
		            state_text(r, v[i].state));
	html_printf(r, "</tbody>");
	html_table_end(r);
	html_printf(r, "</section>");
	html_page_end(r);
}

/* ---- one inspection, on site ----------------------------------------------- */

static void result_radios(struct req *r, const struct insp_item_rec *it)
{
	html_printf(r, "<fieldset><legend>%h</legend>", _("Result"));
	for (int k = 0; insp_result_names[k]; k++)
		html_printf(r, "<label><input type=\"radio\" name=\"result\" value=\"%h\"%s required> %h"
		               "</label> ",
		            insp_result_names[k],
		            it->result && !strcmp(it->result, insp_result_names[k]) ? " checked" : "",
		            is_en(r) ? insp_result_names[k] : insp_result_vi[k]);
	html_printf(r, "</fieldset>");
}

static void inspection_page(struct req *r, const char *code, const char *err)
{
	struct actor who = web_actor(r);
	struct insp_view v;
	struct diags d;
	diags_init(&d);
	enum px_err e = app_inspection_view(&r->app, &who, code, &v, &d);
	if (e != PX_OK) {
		page_app_error(r, e, &d);
		diags_free(&d);
		return;
	}
	diags_free(&d);
	const char *verbs[8];
	size_t nv = app_inspection_allowed(&r->app, &who, code, verbs, 8);
	const struct insp_rec *in = &v.insp;
	html_page_begin(r, arena_printf(r->arena, "%s %s", _("Inspection"), in->code));
	flash(r, err);
	html_printf(r, "<dl class=\"insp-facts\"><dt>%h</dt><dd>%h</dd><dt>%h</dt><dd>%h</dd>"
	               "<dt>%h</dt><dd>%h – %h</dd><dt>%h</dt><dd>%h</dd><dt>%h</dt><dd>%h</dd>"
	               "<dt>%h</dt><dd>%h</dd>",
	            _("Unit"), in->unit, _("Kind"), kind_text(r, in->kind), _("Planned"),
	            show_date(r, in->planned_from), show_date(r, in->planned_to), _("Team lead"),
	            in->lead, _("Members"), in->members, _("State"), state_text(r, in->state));
	if (in->started_at)
		html_printf(r, "<dt>%h</dt><dd>%h</dd>", _("Arrived at"), show_date(r, in->started_at));
	if (in->concl_number)
		html_printf(r, "<dt>%h</dt><dd>%h, %h — <a href=\"/inspections/%u/conclusion\">PDF</a>"
		               "</dd>",
		            _("Conclusion"), in->concl_number, show_date(r, in->concl_date), in->code);
	html_printf(r, "</dl>");
	if (wf_has(verbs, nv, "start")) {
		html_printf(r, "<form method=\"post\" action=\"/inspections/%u/start\">", in->code);
		html_csrf_field(r);
		html_printf(r, "<button type=\"submit\">%h</button></form>",
		            _("Start the inspection (record the arrival time)"));
	}
	bool checking = wf_has(verbs, nv, "check");
	if (v.nitems) {
		html_printf(r, "<section aria-labelledby=\"checklist\"><h3 id=\"checklist\">%h</h3>",
		            _("Checklist"));
		for (size_t i = 0; i < v.nitems; i++) {
			const struct insp_item_rec *it = &v.items[i];
			html_printf(r, "<article class=\"insp-item\" id=\"item-%u\"><h4>%h</h4><p>%h</p>",
			            it->item, it->item, it->text);
			if (it->result)
				html_printf(r, "<p>%h: <strong>%h</strong>%h%h</p>", _("Result"),
				            word(r, insp_result_names, insp_result_vi, it->result),
				            *it->note ? " — " : "", it->note);
			for (size_t k = 0; k < v.nevidence; k++)
				if (v.evidence[k].item_id == it->id)
					html_printf(r, "<p><a href=\"/inspections/evidence/%lld\">%h</a></p>",
					            (long long)v.evidence[k].id, v.evidence[k].filename);
			if (checking) {
				html_printf(r, "<form method=\"post\" action=\"/inspections/%u/check\" "
				               "enctype=\"multipart/form-data\">",
				            in->code);
				html_csrf_field(r);
				html_printf(r, "<input type=\"hidden\" name=\"item\" value=\"%h\">", it->item);
				result_radios(r, it);
				html_printf(r, "<p><label for=\"note-%u\">%h</label><textarea id=\"note-%u\" "
				               "name=\"note\" rows=\"2\">%h</textarea></p><p><label for=\"photo-%u\">"
				               "%h</label><input type=\"file\" id=\"photo-%u\" name=\"photo\" "
				               "accept=\"image/jpeg,image/png\" capture=\"environment\"></p>"
				               "<button type=\"submit\">%h</button></form>",
				            it->item, _("Note"), it->item, it->note, it->item,
				            _("Photo (JPEG or PNG)"), it->item, _("Save the item"));
			}
			html_printf(r, "</article>");
		}
		html_printf(r, "</section>");
	}
	html_printf(r, "<section aria-labelledby=\"findings\"><h3 id=\"findings\">%h</h3>",
	            _("Findings"));
	if (!v.nfindings)
		html_printf(r, "<p>%h</p>", _("No finding yet."));
	else
		html_printf(r, "<ol>");
	for (size_t i = 0; i < v.nfindings; i++) {
		const struct insp_finding_rec *f = &v.findings[i];
		html_printf(r, "<li value=\"%ld\"><strong>%h</strong> (%h%h%h): %h</li>", f->n,
		            word(r, insp_finding_names, insp_finding_vi, f->kind), f->area,
		            f->criterion ? ", " : "", f->criterion ? f->criterion : "", f->text);
	}
	if (v.nfindings)
		html_printf(r, "</ol>");
	if (wf_has(verbs, nv, "finding")) {
		html_printf(r, "<form method=\"post\" action=\"/inspections/%u/findings\">", in->code);
		html_csrf_field(r);
		html_printf(r, "<p><label for=\"f-kind\">%h</label><select id=\"f-kind\" name=\"kind\">",
		            _("Kind of finding"));
		for (int k = 0; insp_finding_names[k]; k++)
			html_printf(r, "<option value=\"%h\">%h</option>", insp_finding_names[k],
			            is_en(r) ? insp_finding_names[k] : insp_finding_vi[k]);
		html_printf(r, "</select></p><p><label for=\"f-area\">%h</label><select id=\"f-area\" "
		               "name=\"area\">",
		            _("Reform area"));
		for (int k = 0; plan_areas[k]; k++)
			html_printf(r, "<option value=\"%h\">%h</option>", plan_areas[k], plan_areas[k]);
		html_printf(r, "</select></p><p><label for=\"f-text\">%h</label><textarea id=\"f-text\" "
		               "name=\"text\" rows=\"3\" required></textarea></p><p><label for=\"f-crit\">"
		               "%h</label><input type=\"text\" id=\"f-crit\" name=\"criterion\" "
		               "maxlength=\"64\"></p><button type=\"submit\">%h</button></form>",
		            _("Finding"), _("Criterion code (optional)"), _("Add the finding"));
	}
	html_printf(r, "</section><section aria-labelledby=\"recs\"><h3 id=\"recs\">%h</h3>",
	            _("Recommendations"));
	if (!v.nrecos)
		html_printf(r, "<p>%h</p>", _("No recommendation yet."));
	else
		html_printf(r, "<ul>");
	for (size_t i = 0; i < v.nrecos; i++) {
		const struct insp_reco_rec *c = &v.recos[i];
		html_printf(r, "<li><a href=\"/recommendations/%lld\">%h %lld</a>: %h — %h, %h %h, %h</li>",
		            (long long)c->id, _("Recommendation"), (long long)c->id, c->text, c->unit,
		            _("due"), show_date(r, c->due), rec_text(r, c->state));
	}
	if (v.nrecos)
		html_printf(r, "</ul>");
	if (wf_has(verbs, nv, "recommend") && v.nfindings) {
		char today[11];
		date_format(app_today(), today);
		html_printf(r, "<form method=\"post\" action=\"/inspections/%u/recommendations\">",
		            in->code);
		html_csrf_field(r);
		html_printf(r, "<p><label for=\"r-finding\">%h</label><select id=\"r-finding\" "
		               "name=\"finding\">",
		            _("From finding"));
		for (size_t i = 0; i < v.nfindings; i++)
			html_printf(r, "<option value=\"%ld\">%ld</option>", v.findings[i].n, v.findings[i].n);
		html_printf(r, "</select></p><p><label for=\"r-text\">%h</label><textarea id=\"r-text\" "
		               "name=\"text\" rows=\"3\" required></textarea></p><p><label for=\"r-unit\">"
		               "%h</label><input type=\"text\" id=\"r-unit\" name=\"unit\" value=\"%h\">"
		               "</p><p><label for=\"r-due\">%h</label><input type=\"date\" id=\"r-due\" "
		               "name=\"due\" min=\"%h\" required></p><button type=\"submit\">%h</button>"
		               "</form>",
		            _("Recommendation"), _("Responsible unit"), in->unit, _("Due date"), today,
		            _("Add the recommendation"));
	}
	html_printf(r, "</section>");
	if (wf_has(verbs, nv, "conclude")) {
		char today[11];
		date_format(app_today(), today);
		html_printf(r, "<section aria-labelledby=\"concl\"><h3 id=\"concl\">%h</h3>"
		               "<form method=\"post\" action=\"/inspections/%u/conclude\">",
		            _("Conclusion"), in->code);
		html_csrf_field(r);
		html_printf(r, "<p><label for=\"c-number\">%h</label><input type=\"text\" id=\"c-number\" "
		               "name=\"number\" maxlength=\"100\" required></p><p><label for=\"c-date\">%h"
		               "</label><input type=\"date\" id=\"c-date\" name=\"date\" value=\"%h\" "
		               "required></p><p><label for=\"c-summary\">%h</label><textarea id=\"c-summary\" "
		               "name=\"summary\" rows=\"4\"></textarea></p><button type=\"submit\">%h"
		               "</button></form></section>",
		            _("Conclusion number"), _("Date"), today, _("Summary"), _("Conclude"));
	}
	if (wf_has(verbs, nv, "close")) {
		html_printf(r, "<form method=\"post\" action=\"/inspections/%u/close\">", in->code);
		html_csrf_field(r);
		html_printf(r, "<button type=\"submit\">%h</button></form>", _("Close the inspection"));
	}
	html_page_end(r);
}

void page_inspection(struct req *r)
{
	inspection_page(r, req_path_param(r, 0), NULL);
}

/* The answer of a POST on an inspection: back to its page, or the page
 * again with the reason. */
static void answered(struct req *r, const char *code, const char *anchor, enum px_err e,
                     struct diags *d)
{
	if (e == PX_OK) {
		resp_redirect(r, arena_printf(r->arena, "%s?saved=1%s",
		                              http_local_path(r->arena, arena_printf(r->arena,
		                                              "/inspections/%s", code)),
		                              anchor));
	} else if (e == PX_BADINPUT) {
		inspection_page(r, code, web_diag_text(r, d));
		r->status = 422;
	} else {
		page_app_error(r, e, d);
	}
	diags_free(d);
}

void page_inspection_start(struct req *r)
{
	struct diags d;
	diags_init(&d);
	struct actor who = web_actor(r);
	const char *code = req_path_param(r, 0);
	answered(r, code, "#checklist", app_inspection_start(&r->app, &who, code, &d), &d);
}

void page_inspection_close(struct req *r)
{
	struct diags d;
	diags_init(&d);
	struct actor who = web_actor(r);
	const char *code = req_path_param(r, 0);
	answered(r, code, "", app_inspection_close(&r->app, &who, code, &d), &d);
}

static struct insp_file *uploaded(struct req *r, const char *field, size_t *n)
{
	struct insp_file *files = arena_array(r->arena, r->nuploads + 1, sizeof *files);
	*n = 0;
	for (size_t i = 0; i < r->nuploads; i++)
		if (!strcmp(r->uploads[i].field, field) && r->uploads[i].filename &&
		    *r->uploads[i].filename)
			files[(*n)++] = (struct insp_file){r->uploads[i].filename, r->uploads[i].data,
			                                   r->uploads[i].len};
	return files;
}

void page_inspection_check(struct req *r)
{
	struct diags d;
	diags_init(&d);
	struct actor who = web_actor(r);
	const char *code = req_path_param(r, 0);
	struct insp_check_args a = {.item = req_param(r, "item"), .result = req_param(r, "result"),
	                            .note = req_param(r, "note")};
	a.files = uploaded(r, "photo", &a.nfiles);
	answered(r, code, "#checklist", app_inspection_check(&r->app, &who, code, &a, &d), &d);
}

void page_inspection_finding(struct req *r)
{
	struct diags d;
	diags_init(&d);
	struct actor who = web_actor(r);
	const char *code = req_path_param(r, 0);
	struct insp_finding_args a = {.kind = req_param(r, "kind"), .area = req_param(r, "area"),
	                              .text = req_param(r, "text"),
	                              .criterion = req_param(r, "criterion")};
	answered(r, code, "#findings", app_inspection_finding(&r->app, &who, code, &a, &d), &d);
}

void page_inspection_recommend(struct req *r)
{
	struct diags d;
	diags_init(&d);
	struct actor who = web_actor(r);
	const char *code = req_path_param(r, 0);
	struct insp_recommend_args a = {.finding = req_param(r, "finding"),
	                                .text = req_param(r, "text"), .due = req_param(r, "due"),
	                                .unit = req_param(r, "unit")};
	answered(r, code, "#recs", app_inspection_recommend(&r->app, &who, code, &a, &d), &d);
}

void page_inspection_conclude(struct req *r)
{
	struct diags d;
	diags_init(&d);
	struct actor who = web_actor(r);
	const char *code = req_path_param(r, 0);
	struct insp_conclude_args a = {.number = req_param(r, "number"), .date = req_param(r, "date"),
	                               .summary = req_param(r, "summary")};
	answered(r, code, "", app_inspection_conclude(&r->app, &who, code, &a, &d), &d);
}

void page_inspection_evidence(struct req *r)
{
	struct diags d;
	diags_init(&d);
	struct actor who = web_actor(r);
	struct insp_evidence_rec row;
	const void *data;
	char *end;
	long id = strtol(req_path_param(r, 0), &end, 10);
	enum px_err e = *end || id <= 0 ? PX_NOTFOUND
	                                : app_inspection_evidence_get(&r->app, &who, id, &row, &data, &d);
	diags_free(&d);
	if (e != PX_OK) {
		page_error(r, e == PX_NOTFOUND ? 404 : 500, "No such evidence file.");
		return;
	}
	resp_type(r, 200, row.content_type);
	str_reset(&r->out);
	str_add(&r->out, data, (size_t)row.size);
	struct str disp;
	str_init(&disp, 0);
	str_printf(&disp, "attachment; filename=\"inspection-evidence-%ld\"; filename*=UTF-8''", id);
	html_strf(&disp, "%u", row.filename);
	resp_header(r, "Content-Disposition", str_cstr(&disp));
	resp_header(r, "Content-Security-Policy", "sandbox; default-src 'none'");
	str_free(&disp);
}

/* ---- recommendations: the unit's remediation, the lead's verification ------- */

static enum px_err find_reco(struct req *r, const struct actor *who, const char *id,
                             struct reco_row *out, struct diags *d)
{
	struct reco_row *v;
	size_t n;
	enum px_err e = app_reco_list(&r->app, who, NULL, NULL, app_today(), &v, &n, d);
	char *end;
	long long want = strtoll(id, &end, 10);
	for (size_t i = 0; e == PX_OK && !*end && i < n; i++)
		if (v[i].r->id == want) {
			*out = v[i];
			return PX_OK;
		}
	if (e == PX_OK) {
		diag_err(d, NULL, 0, 0, "không có kiến nghị này", "no such recommendation");
		e = PX_NOTFOUND;
	}
	return e;
}

static void reco_page(struct req *r, const char *id, const char *err)
{
	struct actor who = web_actor(r);
	struct diags d;
	diags_init(&d);
	struct reco_row x;
	enum px_err e = find_reco(r, &who, id, &x, &d);
	if (e != PX_OK) {
		page_app_error(r, e, &d);
		diags_free(&d);
		return;
	}
	diags_free(&d);
	const struct insp_reco_rec *c = x.r;
	html_page_begin(r, arena_printf(r->arena, "%s %lld", _("Recommendation"), (long long)c->id));
	flash(r, err);
	html_printf(r, "<p>%h</p><dl><dt>%h</dt><dd><a href=\"/inspections/%u\">%h</a></dd>"
	               "<dt>%h</dt><dd>%h</dd><dt>%h</dt><dd>%h%h</dd><dt>%h</dt><dd>%h</dd>",
	            c->text, _("Inspection"), c->inspection, c->inspection, _("Responsible unit"),
	            c->unit, _("Due date"), show_date(r, c->due), x.overdue ? " — " : "",
	            x.overdue ? _("overdue") : "", _("State"), rec_text(r, c->state));
	if (c->report_date)
		html_printf(r, "<dt>%h</dt><dd>%h: %h</dd>", _("Remediation reported"),
		            show_date(r, c->report_date), c->report_note ? c->report_note : "");
	if (c->reject_reason)
		html_printf(r, "<dt>%h</dt><dd>%h</dd>", _("Last rejection"), c->reject_reason);
	html_printf(r, "</dl>");
	const char *verbs[4];
	size_t nv = app_reco_allowed(&r->app, &who, id, verbs, 4);
	char today[11];
	date_format(app_today(), today);
	if (wf_has(verbs, nv, "report")) {
		html_printf(r, "<h3>%h</h3><form method=\"post\" action=\"/recommendations/%lld/report\" "
		               "enctype=\"multipart/form-data\">",
		            _("Report the remediation"), (long long)c->id);
		html_csrf_field(r);
		html_printf(r, "<p><label for=\"rp-date\">%h</label><input type=\"date\" id=\"rp-date\" "
		               "name=\"date\" value=\"%h\" required></p><p><label for=\"rp-note\">%h"
		               "</label><textarea id=\"rp-note\" name=\"note\" rows=\"3\" required>"
		               "</textarea></p><p><label for=\"rp-file\">%h</label><input type=\"file\" "
		               "id=\"rp-file\" name=\"file\" multiple></p><button type=\"submit\">%h"
		               "</button></form>",
		            _("Date"), today, _("What was done"),
		            _("Evidence files (PDF, Word, Excel, images)"), _("Save the report"));
	}
	if (wf_has(verbs, nv, "accept")) {
		html_printf(r, "<form method=\"post\" action=\"/recommendations/%lld/accept\">",
		            (long long)c->id);
		html_csrf_field(r);
		html_printf(r, "<button type=\"submit\">%h</button></form>", _("Accept the remediation"));
	}
	if (wf_has(verbs, nv, "reject")) {
		html_printf(r, "<form method=\"post\" action=\"/recommendations/%lld/reject\">",
		            (long long)c->id);
		html_csrf_field(r);
		html_printf(r, "<p><label for=\"rj-reason\">%h</label><textarea id=\"rj-reason\" "
		               "name=\"reason\" rows=\"2\" required></textarea></p><button "
		               "type=\"submit\">%h</button></form>",
		            _("Reason"), _("Reject: back to open"));
	}
	html_page_end(r);
}

void page_recommendation(struct req *r)
{
	reco_page(r, req_path_param(r, 0), NULL);
}

static void reco_answered(struct req *r, const char *id, enum px_err e, struct diags *d)
{
	if (e == PX_OK) {
		resp_redirect(r, arena_printf(r->arena, "%s?saved=1",
		                              http_local_path(r->arena, arena_printf(r->arena,
		                                              "/recommendations/%s", id))));
	} else if (e == PX_BADINPUT) {
		reco_page(r, id, web_diag_text(r, d));
		r->status = 422;
	} else {
		page_app_error(r, e, d);
	}
	diags_free(d);
}

void page_reco_report(struct req *r)
{
	struct diags d;
	diags_init(&d);
	struct actor who = web_actor(r);
	const char *id = req_path_param(r, 0);
	struct reco_report_args a = {.date = req_param(r, "date"), .note = req_param(r, "note")};
	a.files = uploaded(r, "file", &a.nfiles);
	reco_answered(r, id, app_reco_report(&r->app, &who, id, &a, &d), &d);
}

void page_reco_accept(struct req *r)
{
	struct diags d;
	diags_init(&d);
	struct actor who = web_actor(r);
	const char *id = req_path_param(r, 0);
	struct reco_verify_args a = {0};
	reco_answered(r, id, app_reco_verify(&r->app, &who, id, true, &a, &d), &d);
}

void page_reco_reject(struct req *r)
{
	struct diags d;
	diags_init(&d);
	struct actor who = web_actor(r);
	const char *id = req_path_param(r, 0);
	struct reco_verify_args a = {.reason = req_param(r, "reason")};
	reco_answered(r, id, app_reco_verify(&r->app, &who, id, false, &a, &d), &d);
}

void page_recommendations(struct req *r)
{
	struct actor who = web_actor(r);
	struct diags d;
	diags_init(&d);
	const char *unit = req_param(r, "unit"), *state = req_param(r, "state");
	if (unit && !*unit)
		unit = NULL;
	if (state && !*state)
		state = NULL;
	const char *as = req_param(r, "as_of");
	int32_t asof = app_today();
	if (as && *as && !date_parse(as, strlen(as), &asof))
		asof = app_today();
	struct reco_row *v;
	size_t n;
	enum px_err e = app_reco_list(&r->app, &who, unit, state, asof, &v, &n, &d);
	if (e == PX_USAGE)
		e = PX_BADINPUT;
	if (e != PX_OK) {
		page_app_error(r, e, &d);
		diags_free(&d);
		return;
	}
	diags_free(&d);
	char day[11];
	date_format(asof, day);
	html_page_begin(r, _("Follow-up of recommendations"));
	html_printf(r, "<form method=\"get\" action=\"/recommendations\"><p><label for=\"fu-unit\">%h"
	               "</label><input type=\"text\" id=\"fu-unit\" name=\"unit\" value=\"%h\"></p>"
	               "<p><label for=\"fu-state\">%h</label><select id=\"fu-state\" name=\"state\">"
	               "<option value=\"\">%h</option>",
	            _("Unit code (and below)"), unit ? unit : "", _("State"), _("All"));
	static const char *const states[] = {"open", "overdue", "done", "accepted", NULL};
	for (int k = 0; states[k]; k++)
		html_printf(r, "<option value=\"%h\"%s>%h</option>", states[k],
		            state && !strcmp(state, states[k]) ? " selected" : "",
		            k == 1 ? _("overdue") : rec_text(r, states[k]));
	html_printf(r, "</select></p><p><label for=\"fu-asof\">%h</label><input type=\"date\" "
	               "id=\"fu-asof\" name=\"as_of\" value=\"%h\"></p><button type=\"submit\">%h"
	               "</button></form>",
	            _("State on"), day, _("Show"));
	if (!n) {
		html_printf(r, "<p>%h</p>", _("No recommendation."));
		html_page_end(r);
		return;
	}
	html_table_begin(r, _("Follow-up of recommendations"));
	html_printf(r, "<caption>%h</caption><thead><tr><th scope=\"col\">%h</th><th scope=\"col\">%h"
	               "</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h"
	               "</th><th scope=\"col\">%h</th></tr></thead><tbody>",
	            _("Follow-up of recommendations"), _("Recommendation"), _("Inspection"),
	            _("Responsible unit"), _("Due date"), _("State"), _("Days late"));
	for (size_t i = 0; i < n; i++) {
		const struct insp_reco_rec *c = v[i].r;
		html_printf(r, "<tr><td><a href=\"/recommendations/%lld\">%lld</a> %h</td><td><a "
		               "href=\"/inspections/%u\">%h</a></td><td>%h</td><td>%h</td><td>%h</td><td>",
		            (long long)c->id, (long long)c->id, c->text, c->inspection, c->inspection,
		            c->unit, show_date(r, c->due), rec_text(r, c->state));
		if (v[i].overdue)
			html_printf(r, "<strong>%ld</strong>", v[i].days_late);
		html_printf(r, "</td></tr>");
	}
	html_printf(r, "</tbody>");
	html_table_end(r);
	html_page_end(r);
}

void page_good_practices(struct req *r)
{
	struct actor who = web_actor(r);
	struct insp_finding_rec *v;
	size_t n;
	if (app_good_practices(&r->app, &who, &v, &n) != PX_OK) {
		page_error(r, 500, "Internal error");
		return;
	}
	html_page_begin(r, _("Good practices"));
	html_printf(r, "<p>%h</p>", _("Effective models found by inspections, to replicate "
	                              "throughout the city."));
	if (!n)
		html_printf(r, "<p>%h</p>", _("No good practice recorded yet."));
	else
		html_printf(r, "<ul>");
	for (size_t i = 0; i < n; i++)
		html_printf(r, "<li><strong>%h</strong> (%h, <a href=\"/inspections/%u\">%h</a>, %h)</li>",
		            v[i].text, v[i].area, v[i].inspection, v[i].inspection,
		            show_date(r, v[i].made_on));
	if (n)
		html_printf(r, "</ul>");
	html_page_end(r);
}

void page_inspection_conclusion(struct req *r)
{
	enum doc_format f = DOC_PDF;
	bool done = false;
	if (page_report_format(r, &f, &done) && done)
		return;
	struct diags d;
	diags_init(&d);
	struct actor who = web_actor(r);
	const char *code = req_path_param(r, 0);
	struct doc *doc = NULL;
	enum px_err e = app_report_inspection(&r->app, &who, code, r->lang, &doc, &d);
	page_report_send(r, e, doc, &d, f, arena_printf(r->arena, "Ket-luan-kiem-tra-%s", code),
	                 arena_printf(r->arena, "Inspection-conclusion-%s", code));
	diags_free(&d);
}

void page_inspection_unit_section(struct req *r, const struct actor *who, const char *unit)
{
	struct diags d;
	diags_init(&d);
	struct insp_rec *v;
	size_t n = 0;
	struct reco_row *late;
	size_t nl = 0;
	/* only what who may see: app_inspection_visible decides inside both */
	if (app_inspection_list(&r->app, who, 0, unit, &v, &n, &d) != PX_OK)
		n = 0;
	if (app_reco_list(&r->app, who, unit, "overdue", app_today(), &late, &nl, &d) != PX_OK)
		nl = 0;
	diags_free(&d);
	if (!n && !nl)
		return;
	html_printf(r, "<h2>%h</h2>", _("PAR inspections"));
	if (n) {
		html_printf(r, "<ul>");
		for (size_t i = 0; i < n; i++)
			html_printf(r, "<li><a href=\"/inspections/%u\">%h</a> — %h, %h, %h</li>", v[i].code,
			            v[i].code, v[i].unit, kind_text(r, v[i].kind), state_text(r, v[i].state));
		html_printf(r, "</ul>");
	}
	if (nl) {
		html_printf(r, "<h3>%h</h3><ul>", _("Overdue recommendations"));
		for (size_t i = 0; i < nl; i++)
			html_printf(r, "<li><a href=\"/recommendations/%lld\">%lld</a> %h (%h, %h %h): %ld %h"
			               "</li>",
			            (long long)late[i].r->id, (long long)late[i].r->id, late[i].r->text,
			            late[i].r->unit, _("due"), show_date(r, late[i].r->due), late[i].days_late,
			            _("Days late"));
		html_printf(r, "</ul>");
	}
}
