/*
 * The office's view of a cycle: phase, deadlines, every unit's progress
 * (criteria done / total, submitted, extension, adjustments, replies),
 * the button to move to the next phase; and everyone's notices: what is
 * waiting for me, deadlines within 7 days.
 */
#include "web/html.h"
#include "web/page_common.h"
#include "web/page_cycle.h"
#include "web/pages.h"
#include "base/arena.h"
#include "base/datetime.h"
#include "core/roles.h"

#include <stdlib.h>
#include <string.h>

void page_back(struct req *r, const char *to, const char *anchor, enum px_err e,
               const struct diags *d, const char *ok_msgid)
{
	if (e == PX_DENIED || e == PX_NOTFOUND) {
		page_error(r, web_status_of(e), web_diag_text(r, d));
		return;
	}
	/* the outcome waits on the server for the next page (never in the URL) */
	if (e == PX_OK)
		page_flash(r, false, ok_msgid);
	else
		page_flash(r, true, web_diag_text(r, d));
	if (!anchor) {
		resp_redirect(r, to);
		return;
	}
	struct str s;
	str_init(&s, 0);
	html_strf(&s, "%s#c-%u", to, anchor);
	resp_redirect(r, arena_strdup(r->arena, str_cstr(&s)));
	str_free(&s);
}

void page_form_begin(struct req *r, struct page_form *f)
{
	diags_init(&f->d);
	f->who = web_actor(r);
	f->fw = req_path_param(r, 0);
	f->unit = req_path_param(r, 1);
	f->crit = req_param(r, "criterion") ? req_param(r, "criterion") : "";
}

void page_form_end(struct req *r, struct page_form *f, enum px_err e, const char *ok_msgid)
{
	page_back(r, arena_printf(r->arena, "/assessments/%s/%s", f->fw, f->unit),
	          req_param(r, "criterion"), e, &f->d, ok_msgid);
	diags_free(&f->d);
}

/* A form date: absent -> DATE_MAX; bad -> false. */
static bool form_date(const struct req *r, const char *name, int32_t *out)
{
	const char *s = req_param(r, name);
	*out = DATE_MAX;
	return !s || !*s || date_parse(s, strlen(s), out);
}

/* After a form of the cycle page: back to it (page_back); frees f's
 * diagnostics. */
static void cycle_form_end(struct req *r, struct page_form *f, enum px_err e, const char *ok)
{
	page_back(r, arena_printf(r->arena, "/cycles/%s", f->fw), NULL, e, &f->d, ok);
	diags_free(&f->d);
}

static const char *typed(const struct req *r, const char *name, const char *dflt)
{
	const char *v = req_param(r, name);
	return v ? v : dflt;
}

/* The form that opens a cycle. After a refused POST (err: its message) it
 * is drawn again with everything typed still there and the message above
 * it, so nothing is lost (and no message travels in a URL). */
static void open_form(struct req *r, const char *fw, const char *err)
{
	html_page_begin(r, arena_printf(r->arena, "%s — %s", _("Assessment cycle"), fw));
	if (err)
		html_printf(r, "<p class=\"flash error\" role=\"alert\" id=\"open-error\">%h</p>", err);
	html_printf(r, "<p>%h</p>", _("No assessment cycle is open for this framework."));
	html_printf(r, "<form method=\"post\" action=\"/cycles/%u/open\">", fw);
	html_csrf_field(r);
	html_printf(r, "<p><label>%h <input type=\"date\" name=\"self_until\" value=\"%h\" required%s>"
	               "</label></p>"
	               "<p><label>%h <input type=\"date\" name=\"appraisal_until\" value=\"%h\"></label></p>"
	               "<p><label>%h <input type=\"date\" name=\"reply_until\" value=\"%h\"></label></p>"
	               "<p><label>%h <input type=\"number\" name=\"quorum\" value=\"%h\" min=\"50\" "
	               "max=\"99\" step=\"1\" inputmode=\"decimal\"></label></p>"
	               "<button type=\"submit\">%h</button></form>",
	            _("Self-assessment until"), typed(r, "self_until", ""),
	            err ? " aria-describedby=\"open-error\" autofocus" : "", _("Appraisal until"),
	            typed(r, "appraisal_until", ""), _("Replies until"), typed(r, "reply_until", ""),
	            _("Quorum (%)"), typed(r, "quorum", "50"), _("Open the cycle"));
	html_page_end(r);
}

void page_cycle_open(struct req *r)
{
	struct page_form f;
	page_form_begin(r, &f);
	int32_t su, au, ru;
	const char *q = req_param(r, "quorum");
	char *end = NULL;
	double quorum = q && *q ? strtod(q, &end) : 50;
	enum px_err e = PX_BADINPUT;
	if (!form_date(r, "self_until", &su) || su == DATE_MAX || !form_date(r, "appraisal_until", &au) ||
	    !form_date(r, "reply_until", &ru) || (end && *end))
		diag_err(&f.d, NULL, 0, 0, "ngày (YYYY-MM-DD) hoặc tỷ lệ biểu quyết không hợp lệ",
		         "invalid date (YYYY-MM-DD) or quorum");
	else
		e = app_cycle_open(&r->app, &f.who, f.fw, su, au, ru, quorum, &f.d);
	const char *verbs[8];
	if (e == PX_BADINPUT &&
	    wf_has(verbs, wf_allowed(&r->app, &cycle_machine, &f.who, f.fw, verbs, 8, NULL), "open")) {
		open_form(r, f.fw, web_diag_text(r, &f.d)); /* still to open: the form again */
		r->status = 422; /* after the page began, as html_error_page does */
		diags_free(&f.d);
		return;
	}
	cycle_form_end(r, &f, e, "Cycle opened");
}

void page_cycle_publish(struct req *r)
{
	struct page_form f;
	page_form_begin(r, &f);
	long version;
	struct publish_change *ch;
	size_t n;
	cycle_form_end(r, &f, app_cycle_publish(&r->app, &f.who, f.fw, &version, &ch, &n, &f.d),
	               "Published");
}

void page_assessment_extend(struct req *r)
{
	struct page_form f;
	page_form_begin(r, &f);
	int32_t until;
	enum px_err e = PX_BADINPUT;
	if (!form_date(r, "until", &until) || until == DATE_MAX)
		diag_err(&f.d, NULL, 0, 0, "ngày gia hạn không hợp lệ (YYYY-MM-DD)",
		         "invalid extension date (YYYY-MM-DD)");
	else
		e = app_cycle_extend(&r->app, &f.who, f.fw, f.unit, until, req_param(r, "reason"), &f.d);
	page_form_end(r, &f, e, "Extended");
}

/* The assign and unassign forms: the same fields, two verbs. */
static void appraiser(struct req *r, bool assign)
{
	struct page_form f;
	page_form_begin(r, &f);
	const char *login = req_param(r, "login");
	enum px_err e = assign ? app_appraiser_assign(&r->app, &f.who, f.fw, login, f.unit, &f.d)
	                       : app_appraiser_unassign(&r->app, &f.who, f.fw, login, f.unit, &f.d);
	page_form_end(r, &f, e, assign ? "Assigned" : "Unassigned");
}

void page_appraiser_assign(struct req *r)
{
	appraiser(r, true);
}

void page_appraiser_unassign(struct req *r)
{
	appraiser(r, false);
}

void page_cycle(struct req *r)
{
	const char *fw = req_path_param(r, 0);
	struct diags d;
	diags_init(&d);
	struct cycle_info info;
	struct unit_progress *rows;
	size_t n;
	enum px_err e = app_cycle_status(&r->app, fw, &info, &rows, &n, &d);
	struct actor who = web_actor(r);
	const char *verbs[8];
	size_t nv = wf_allowed(&r->app, &cycle_machine, &who, fw, verbs, 8, NULL);
	if (e == PX_NOTFOUND && wf_has(verbs, nv, "open")) {
		open_form(r, fw, NULL); /* no cycle yet: the office opens it here */
		diags_free(&d);
		return;
	}
	if (e != PX_OK) {
		page_error(r, web_status_of(e), web_diag_text(r, &d));
		diags_free(&d);
		return;
	}
	char self[11];
	date_format(info.self_until, self);
	html_page_begin(r, arena_printf(r->arena, "%s — %s", _("Assessment cycle"), fw));
	html_printf(r, "<p>%h: <strong>%h</strong> · %h %h</p>", _("Phase"),
	            strcmp(r->lang, "en") ? cycle_phase_name_vi(info.phase)
	                                  : cycle_phase_name(info.phase),
	            _("self-assessment until"), self);
	/* downloads: the dashboard route answers ?report=cycle&format= (page_dashboard.c) */
	html_printf(r, "<p class=\"downloads\"><a href=\"/?framework=%u&amp;report=cycle&amp;"
	               "format=xlsx\" download>%h</a> · <a href=\"/?framework=%u&amp;report=cycle"
	               "&amp;format=pdf\" download>%h</a></p>",
	            fw, strcmp(r->lang, "en") ? "Tải Excel" : "Download Excel", fw,
	            strcmp(r->lang, "en") ? "Tải PDF" : "Download PDF");
	size_t submitted = 0;
	html_printf(r, "<table><thead><tr><th>%h</th><th>%h</th><th>%h</th><th>%h</th><th>%h</th>"
	               "<th>%h</th></tr></thead><tbody>",
	            _("Unit"), _("Criteria done"), _("Submitted"), _("Extension"), _("Adjusted"),
	            _("Replies"));
	for (size_t i = 0; i < n; i++) {
		submitted += *rows[i].submitted_at != 0;
		char ext[11] = "";
		if (rows[i].extension != DATE_MIN)
			date_format(rows[i].extension, ext);
		html_printf(r, "<tr><td><a href=\"/assessments/%u/%u\">%h</a></td><td>%ld / %ld</td>"
		               "<td>%h</td><td>%h</td><td>%ld</td><td>%ld</td></tr>",
		            fw, rows[i].code, rows[i].name, rows[i].done, rows[i].total,
		            *rows[i].submitted_at ? rows[i].submitted_at : _("not yet"), ext,
		            rows[i].adjusted, rows[i].replied);
	}
	html_printf(r, "</tbody></table><p>%h: %zu / %zu</p>", _("Submitted"), submitted, n);
	/* the buttons exist exactly when the cycle machine allows the verb;
	 * the form names the phase it moves from, so a second click (or a
	 * second office member) cannot move the cycle twice */
	if (wf_has(verbs, nv, "publish") && info.phase == PHASE_PUBLISHED) {
		html_printf(r, "<form method=\"post\" action=\"/cycles/%u/publish\">", fw);
		html_csrf_field(r);
		html_printf(r, "<button type=\"submit\">%h</button></form>",
		            _("Publish again (a new version)"));
	}
	if (wf_has(verbs, nv, "advance")) {
		html_printf(r, "<form method=\"post\" action=\"/cycles/%u/advance\">", fw);
		html_csrf_field(r);
		html_printf(r, "<input type=\"hidden\" name=\"from\" value=\"%h\">",
		            cycle_phase_name(info.phase));
		html_printf(r, "<button type=\"submit\">%h</button></form>", _("Move to the next phase"));
	}
	html_page_end(r);
	diags_free(&d);
}

void page_cycle_advance(struct req *r)
{
	struct page_form f;
	page_form_begin(r, &f);
	enum cycle_phase now, from;
	long version;
	const char *fs = req_param(r, "from");
	int expect = fs && cycle_phase_parse(fs, &from) ? (int)from : WF_ANY;
	enum px_err e = app_cycle_advance(&r->app, &f.who, f.fw, expect, &now, &version, &f.d);
	if (e == PX_DENIED) {
		page_error(r, 403, web_diag_text(r, &f.d));
		diags_free(&f.d);
		return;
	}
	/* an unknown cycle too comes back to the page, with the reason */
	cycle_form_end(r, &f, e == PX_NOTFOUND ? PX_BADINPUT : e, "Moved to the next phase");
}

void page_notices(struct req *r)
{
	struct actor who = web_actor(r);
	struct notice *v;
	size_t n;
	if (app_notices(&r->app, &who, &v, &n) != PX_OK) {
		page_error(r, 500, "Internal error");
		return;
	}
	html_page_begin(r, _("Waiting for me"));
	if (!n)
		html_printf(r, "<p>%h</p>", _("Nothing is waiting for you."));
	html_printf(r, "<ul>");
	for (size_t i = 0; i < n; i++) {
		char dl[11] = "";
		if (v[i].deadline != DATE_MAX)
			date_format(v[i].deadline, dl);
		html_printf(r, "<li%s>", v[i].soon ? " class=\"soon\"" : "");
		if (v[i].unit)
			html_printf(r, "<a href=\"/assessments/%u/%u\">%h</a>", v[i].framework, v[i].unit,
			            strcmp(r->lang, "en") ? v[i].vi : v[i].en);
		else
			html_printf(r, "<a href=\"/cycles/%u\">%h</a>", v[i].framework,
			            strcmp(r->lang, "en") ? v[i].vi : v[i].en);
		html_printf(r, " — %h", v[i].framework);
		if (*dl)
			html_printf(r, " · %h %h%s", _("deadline"), dl, v[i].soon ? " ⚠" : "");
		html_printf(r, "</li>");
	}
	html_printf(r, "</ul>");
	html_page_end(r);
}
