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
	if (!page_framework_for(r, CAP_OFFICE)) /* its owner's office (app_may_manage_framework) */
		return;
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
	if (!page_framework_for(r, CAP_OFFICE)) /* its owner's office (app_may_manage_framework) */
		return;
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
	const char *back = req_param(r, "back");
	if (back && !strcmp(back, "cycle")) { /* the council table of the cycle page */
		page_back(r, arena_printf(r->arena, "/cycles/%s", f.fw), NULL, e, &f.d,
		          assign ? "Assigned" : "Unassigned");
		diags_free(&f.d);
		return;
	}
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

/* A date as people read it: dd/mm/yyyy in Vietnamese, ISO in English;
 * "—" when unset. */
static const char *day_text(const struct req *r, int32_t d)
{
	if (d == DATE_MIN || d == DATE_MAX)
		return "—";
	char iso[11];
	date_format(d, iso);
	if (!strcmp(r->lang, "en"))
		return arena_strdup(r->arena, iso);
	return arena_printf(r->arena, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
}

static const char *phase_text(const struct req *r, enum cycle_phase p)
{
	return strcmp(r->lang, "en") ? cycle_phase_name_vi(p) : cycle_phase_name(p);
}

static bool en(const struct req *r)
{
	return !strcmp(r->lang, "en");
}

/* The cycle's readiness, or the error page (false). */
static bool readiness(struct req *r, const char *fw, struct cycle_readiness *rd)
{
	struct diags d;
	diags_init(&d);
	enum px_err e = app_cycle_readiness(&r->app, fw, rd, &d);
	if (e != PX_OK)
		page_error(r, web_status_of(e), web_diag_text(r, &d));
	diags_free(&d);
	return e == PX_OK;
}

/* The framework, phase and deadlines of a cycle. */
static void cycle_head(struct req *r, const char *fw, const struct cycle_readiness *rd)
{
	html_printf(r, "<dl class=\"cycle-facts\"><dt>%h</dt><dd><a href=\"/frameworks/%u\">%h</a> "
	               "(%d)</dd><dt>%h</dt><dd><strong>%h</strong></dd>",
	            _("Framework"), fw, rd->title, rd->year, _("Phase"),
	            phase_text(r, rd->info.phase));
	html_printf(r, "<dt>%h</dt><dd>%h</dd><dt>%h</dt><dd>%h</dd><dt>%h</dt><dd>%h</dd></dl>",
	            _("Self-assessment until"), day_text(r, rd->info.self_until),
	            _("Appraisal until"), day_text(r, rd->info.appraisal_until), _("Replies until"),
	            day_text(r, rd->info.reply_until));
}

/* What is still missing (app_cycle_readiness), as a list; units named
 * when few enough to read. */
static void missing_list(struct req *r, const char *fw, const struct cycle_readiness *rd)
{
	html_printf(r, "<ul class=\"missing\">");
	if (rd->not_submitted) {
		html_printf(r, "<li>%ld %h", rd->not_submitted,
		            _("unit(s) have not submitted their self-assessment:"));
		for (size_t i = 0, k = 0; i < rd->n; i++)
			if (!*rd->rows[i].submitted_at)
				html_printf(r, "%s<a href=\"/assessments/%u/%u\">%h</a>", k++ ? ", " : " ", fw,
				            rd->rows[i].code, rd->rows[i].name);
		html_printf(r, "</li>");
	}
	if (rd->criteria_unappraised) {
		html_printf(r, "<li>%ld %h %ld %h", rd->criteria_unappraised,
		            _("criteria have no council value yet, in"), rd->units_unappraised,
		            _("submitted unit(s):"));
		for (size_t i = 0, k = 0; i < rd->n; i++) {
			const struct unit_progress *p = &rd->rows[i];
			if (*p->submitted_at && p->appraised < p->total)
				html_printf(r, "%s<a href=\"/assessments/%u/%u\">%h</a> (%ld/%ld)", k++ ? ", " : " ",
				            fw, p->code, p->name, p->appraised, p->total);
		}
		html_printf(r, "</li>");
	}
	if (rd->replies_pending)
		html_printf(r, "<li>%ld %h</li>", rd->replies_pending,
		            _("replies wait for the council's decision"));
	if (!rd->not_submitted && !rd->criteria_unappraised && !rd->replies_pending)
		html_printf(r, "<li>%h</li>", _("Nothing is missing: every unit submitted and was appraised."));
	html_printf(r, "</ul>");
}

/* The council of every unit: who is assigned (unassign), whom the office
 * may assign, and who is not offered because they belong to the unit
 * (recusal). Drawn when the assessment machine allows assign now. */
static void council_section(struct req *r, const char *fw, const struct cycle_readiness *rd,
                            bool can_assign, bool can_unassign)
{
	struct council_unit *cu;
	if (!rd->n || app_cycle_council(&r->app, fw, rd->rows, rd->n, &cu) != PX_OK)
		return;
	html_printf(r, "<section id=\"council\"><h3>%h</h3>", _("Appraisal council"));
	html_printf(r, "<div class=\"scroll\" role=\"region\" aria-label=\"%h\" tabindex=\"0\">"
	               "<table><thead><tr><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
	               "<th scope=\"col\">%h</th></tr></thead><tbody>",
	            _("Appraisal council"), _("Unit"), _("Council members"), _("Assign"));
	for (size_t i = 0; i < rd->n; i++) {
		const struct council_unit *u = &cu[i];
		html_printf(r, "<tr id=\"u-%h\"><th scope=\"row\">%h</th><td>", u->code, u->name);
		if (!u->nmembers)
			html_printf(r, "%h", _("none yet"));
		for (size_t k = 0; k < u->nmembers; k++) {
			html_printf(r, "%s%h", k ? "<br>" : "", u->members[k].name);
			if (can_unassign) {
				html_printf(r, " <form class=\"inline\" method=\"post\" "
				               "action=\"/assessments/%u/%u/appraisers/remove\">", fw, u->code);
				html_csrf_field(r);
				html_printf(r, "<input type=\"hidden\" name=\"login\" value=\"%h\">"
				               "<input type=\"hidden\" name=\"back\" value=\"cycle\">"
				               "<button type=\"submit\" aria-label=\"%h %h — %h\">%h</button></form>",
				            u->members[k].login, _("Unassign"), u->members[k].name, u->name,
				            _("Unassign"));
			}
		}
		html_printf(r, "</td><td>");
		if (can_assign && u->ncandidates) {
			html_printf(r, "<form class=\"inline\" method=\"post\" "
			               "action=\"/assessments/%u/%u/appraisers\">", fw, u->code);
			html_csrf_field(r);
			html_printf(r, "<input type=\"hidden\" name=\"back\" value=\"cycle\">"
			               "<select name=\"login\" aria-label=\"%h — %h\">",
			            _("Council member"), u->name);
			for (size_t k = 0; k < u->ncandidates; k++)
				html_printf(r, "<option value=\"%h\">%h</option>", u->candidates[k]->login,
				            u->candidates[k]->name);
			html_printf(r, "</select> <button type=\"submit\">%h</button></form>", _("Assign"));
		}
		for (size_t k = 0; k < u->nrecused; k++)
			html_printf(r, "<p class=\"recused\">%h — %h</p>", u->recused[k]->name,
			            _("member of this unit: not offered (recusal)"));
		html_printf(r, "</td></tr>");
	}
	html_printf(r, "</tbody></table></div></section>");
}

void page_cycle(struct req *r)
{
	if (!page_framework_for(r, CAP_READ)) /* readers over its owner unit */
		return;
	const char *fw = req_path_param(r, 0);
	struct actor who = web_actor(r);
	const char *verbs[8];
	size_t nv = wf_allowed(&r->app, &cycle_machine, &who, fw, verbs, 8, NULL);
	struct cycle_readiness rd;
	struct diags d;
	diags_init(&d);
	enum px_err e = app_cycle_readiness(&r->app, fw, &rd, &d);
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
	diags_free(&d);
	html_page_begin(r, arena_printf(r->arena, "%s — %s", _("Assessment cycle"), rd.title));
	cycle_head(r, fw, &rd);
	/* downloads: the dashboard route answers ?report=cycle&format= (page_dashboard.c) */
	html_printf(r, "<p class=\"downloads\"><a href=\"/?framework=%u&amp;report=cycle&amp;"
	               "format=xlsx\" download>%h</a> · <a href=\"/?framework=%u&amp;report=cycle"
	               "&amp;format=pdf\" download>%h</a></p>",
	            fw, en(r) ? "Download Excel" : "Tải Excel", fw,
	            en(r) ? "Download PDF" : "Tải PDF");
	if (rd.info.phase != PHASE_PUBLISHED) {
		html_printf(r, "<h3>%h</h3>", _("Still missing"));
		missing_list(r, fw, &rd);
	}
	/* the buttons exist exactly when the cycle machine allows the verb;
	 * each leads to a confirmation that says what is still missing, whose
	 * form names the phase it moves from, so a second click (or a second
	 * office member) cannot move the cycle twice */
	if (wf_has(verbs, nv, "advance")) {
		html_printf(r, "<form method=\"get\" action=\"/cycles/%u/advance\">", fw);
		html_printf(r, "<input type=\"hidden\" name=\"from\" value=\"%h\">",
		            cycle_phase_name(rd.info.phase));
		html_printf(r, "<button type=\"submit\">%h…</button></form>", _("Move to the next phase"));
	} else if (rd.info.phase != PHASE_PUBLISHED && !rd.can_advance && app_can(&who, CAP_OFFICE)) {
		html_printf(r, "<p>%h: %h</p>", _("The cycle cannot move to the next phase yet"),
		            en(r) ? rd.why_en : rd.why_vi);
	}
	if (wf_has(verbs, nv, "publish") && rd.info.phase == PHASE_PUBLISHED)
		html_printf(r, "<p><a href=\"/cycles/%u/publish\">%h…</a></p>", fw,
		            _("Publish again (a new version)"));
	html_printf(r, "<h3>%h</h3>", _("Progress of each unit"));
	html_printf(r, "<div class=\"scroll\" role=\"region\" aria-label=\"%h\" tabindex=\"0\">"
	               "<table><thead><tr><th scope=\"col\">%h</th><th scope=\"col\" class=\"num\">%h</th>"
	               "<th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
	               "<th scope=\"col\" class=\"num\">%h</th><th scope=\"col\" class=\"num\">%h</th>"
	               "<th scope=\"col\" class=\"num\">%h</th></tr></thead><tbody>",
	            _("Progress of each unit"), _("Unit"), _("Criteria done"), _("Submitted"),
	            _("Extension"), _("Appraised"), _("Adjusted"), _("Replies"));
	for (size_t i = 0; i < rd.n; i++) {
		const struct unit_progress *p = &rd.rows[i];
		html_printf(r, "<tr><th scope=\"row\"><a href=\"/assessments/%u/%u\">%h</a></th>"
		               "<td class=\"num\">%ld / %ld</td><td>%h</td><td>%h</td>"
		               "<td class=\"num\">%ld / %ld</td><td class=\"num\">%ld</td>"
		               "<td class=\"num\">%ld</td></tr>",
		            fw, p->code, p->name, p->done, p->total,
		            *p->submitted_at ? p->submitted_at : _("not yet"),
		            p->extension != DATE_MIN ? day_text(r, p->extension) : "",
		            p->appraised, p->total, p->adjusted, p->replied);
	}
	html_printf(r, "</tbody></table></div><p>%h: %ld / %zu</p>", _("Submitted"), rd.submitted,
	            rd.n);
	if (app_can(&who, CAP_OFFICE) && rd.n) {
		const char *av[16];
		size_t na = wf_allowed(&r->app, &assessment_machine, &who,
		                       arena_printf(r->arena, "%s/%s", fw, rd.rows[0].code), av, 16, NULL);
		/* assign and unassign are WF_REL_ANY with a phase guard: what the
		 * table allows for one unit it allows for every unit */
		if (wf_has(av, na, "assign") || wf_has(av, na, "unassign"))
			council_section(r, fw, &rd, wf_has(av, na, "assign"), wf_has(av, na, "unassign"));
	}
	html_page_end(r);
}

/* GET /cycles/FW/advance: what moving on leaves behind, and the button
 * (POST, with the phase it moves from) when the rule allows it now. The
 * last step publishes: it says so, and warns about incomplete units. */
void page_cycle_advance_confirm(struct req *r)
{
	if (!page_framework_for(r, CAP_OFFICE)) /* its owner's office (app_may_manage_framework) */
		return;
	const char *fw = req_path_param(r, 0);
	struct cycle_readiness rd;
	if (!readiness(r, fw, &rd))
		return;
	struct actor who = web_actor(r);
	const char *verbs[8];
	size_t nv = wf_allowed(&r->app, &cycle_machine, &who, fw, verbs, 8, NULL);
	html_page_begin(r, arena_printf(r->arena, "%s — %s", _("Move to the next phase"), rd.title));
	cycle_head(r, fw, &rd);
	bool last = rd.info.phase == PHASE_APPROVED;
	if (rd.info.phase < PHASE_PUBLISHED)
		html_printf(r, "<p>%h <strong>%h</strong> → <strong>%h</strong>.</p>",
		            _("The cycle moves from"), phase_text(r, rd.info.phase),
		            phase_text(r, rd.info.phase + 1));
	if (last)
		html_printf(r, "<p class=\"warning\">%h</p>",
		            _("This last step publishes the results: everyone will see them."));
	if (last && rd.incomplete)
		html_printf(r, "<p class=\"flash error\" role=\"alert\">%ld %h</p>", rd.incomplete,
		            _("unit(s) are incomplete (not submitted or not fully appraised): their "
		              "results are published as they are."));
	html_printf(r, "<h3>%h</h3>", _("Still missing"));
	missing_list(r, fw, &rd);
	if (wf_has(verbs, nv, "advance")) {
		html_printf(r, "<form method=\"post\" action=\"/cycles/%u/advance\">", fw);
		html_csrf_field(r);
		html_printf(r, "<input type=\"hidden\" name=\"from\" value=\"%h\">"
		               "<button type=\"submit\">%h</button> <a href=\"/cycles/%u\">%h</a></form>",
		            cycle_phase_name(rd.info.phase),
		            last ? _("Yes, publish the results") : _("Yes, move to the next phase"), fw,
		            _("Cancel"));
	} else {
		html_printf(r, "<p class=\"flash error\" role=\"alert\">%h%s%h</p>",
		            _("The cycle cannot move to the next phase yet"), rd.can_advance ? "" : ": ",
		            rd.can_advance ? "" : en(r) ? rd.why_en : rd.why_vi);
		html_printf(r, "<p><a href=\"/cycles/%u\">%h</a></p>", fw, _("Back to the cycle"));
	}
	html_page_end(r);
}

/* GET /cycles/FW/publish: the warning before a publication (once
 * approved, or again as a new version). */
void page_cycle_publish_confirm(struct req *r)
{
	if (!page_framework_for(r, CAP_OFFICE)) /* its owner's office (app_may_manage_framework) */
		return;
	const char *fw = req_path_param(r, 0);
	struct cycle_readiness rd;
	if (!readiness(r, fw, &rd))
		return;
	struct actor who = web_actor(r);
	const char *verbs[8];
	size_t nv = wf_allowed(&r->app, &cycle_machine, &who, fw, verbs, 8, NULL);
	html_page_begin(r, arena_printf(r->arena, "%s — %s", _("Publish the results"), rd.title));
	cycle_head(r, fw, &rd);
	html_printf(r, "<p class=\"warning\">%h</p>",
	            rd.info.phase == PHASE_PUBLISHED
	                    ? _("A new version is published; the earlier one stays in the history.")
	                    : _("The results are published: everyone will see them."));
	if (rd.incomplete)
		html_printf(r, "<p class=\"flash error\" role=\"alert\">%ld %h</p>", rd.incomplete,
		            _("unit(s) are incomplete (not submitted or not fully appraised): their "
		              "results are published as they are."));
	missing_list(r, fw, &rd);
	if (wf_has(verbs, nv, "publish")) {
		html_printf(r, "<form method=\"post\" action=\"/cycles/%u/publish\">", fw);
		html_csrf_field(r);
		html_printf(r, "<button type=\"submit\">%h</button> <a href=\"/cycles/%u\">%h</a></form>",
		            _("Yes, publish the results"), fw, _("Cancel"));
	} else {
		html_printf(r, "<p class=\"flash error\" role=\"alert\">%h</p>",
		            _("The results can be published once the cycle is approved."));
		html_printf(r, "<p><a href=\"/cycles/%u\">%h</a></p>", fw, _("Back to the cycle"));
	}
	html_page_end(r);
}

/* GET /cycles: every framework with its cycle's phase (or none yet), so
 * every cycle is reachable from the navigation. */
void page_cycles(struct req *r)
{
	struct framework_row *all;
	size_t nall, n = 0;
	if (app_framework_list(&r->app, &all, &nall) != PX_OK) {
		page_error(r, 500, "Internal error");
		return;
	}
	/* the frameworks whose cycle the user may see (their owner unit's
	 * readers: a department's office sees its own) */
	struct actor who = web_actor(r);
	struct framework_row *fws = arena_array(r->arena, nall + 1, sizeof *fws);
	for (size_t i = 0; i < nall; i++)
		if (app_may_see_framework(&who, &(struct framework){.unit = all[i].unit}))
			fws[n++] = all[i];
	html_page_begin(r, _("Assessment cycles"));
	if (!n) {
		html_printf(r, "<p>%h</p>", _("No framework has been imported yet, so there is no cycle."));
		html_page_end(r);
		return;
	}
	html_printf(r, "<div class=\"scroll\" role=\"region\" aria-label=\"%h\" tabindex=\"0\">"
	               "<table><thead><tr><th scope=\"col\">%h</th><th scope=\"col\" class=\"num\">%h</th>"
	               "<th scope=\"col\">%h</th><th scope=\"col\">%h</th></tr></thead><tbody>",
	            _("Assessment cycles"), _("Framework"), _("Year"), _("Phase"),
	            _("Self-assessment until"));
	for (size_t i = 0; i < n; i++) {
		struct diags d;
		diags_init(&d);
		struct cycle_info info;
		bool has = app_cycle_get(&r->app, fws[i].code, &info, &d) == PX_OK;
		diags_free(&d);
		html_printf(r, "<tr><th scope=\"row\"><a href=\"/cycles/%u\">%h</a></th>"
		               "<td class=\"num\">%d</td>",
		            fws[i].code, fws[i].title, fws[i].year);
		if (has)
			html_printf(r, "<td>%h</td><td>%h</td>", phase_text(r, info.phase),
			            day_text(r, info.self_until));
		else
			html_printf(r, "<td>%h</td><td>—</td>", _("no cycle yet"));
		html_printf(r, "</tr>");
	}
	html_printf(r, "</tbody></table></div>");
	html_page_end(r);
}

void page_cycle_advance(struct req *r)
{
	if (!page_framework_for(r, CAP_OFFICE)) /* its owner's office (app_may_manage_framework) */
		return;
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
		if (v[i].href)
			html_printf(r, "<a href=\"%h\">%h</a>", v[i].href,
			            strcmp(r->lang, "en") ? v[i].vi : v[i].en);
		else if (v[i].unit)
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
