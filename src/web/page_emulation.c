/*
 * The emulation pages (issue 17, shared/formats/emulation.md): the
 * movement with its registrations and council, the council's proposal
 * table (filter by title, eligible first, each condition's reason in a
 * <details> that opens without JavaScript), the vote form, the decision
 * with its downloads, a person's or a unit's awards over the years, and
 * ?format=xlsx of every list. Every rule (who acts: app_emu_may_act; who
 * sees what: app_emu_may_see; eligibility, thresholds, quorum) is the app
 * layer's, the same functions the CLI calls; a refused form is drawn again
 * (422) with what was typed and the message.
 */
#include "web/html.h"
#include "web/page_common.h"
#include "web/page_report.h"
#include "web/pages.h"
#include "app/cycle.h"
#include "app/emulation.h"
#include "app/report.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/datetime.h"

#include <stdlib.h>
#include <string.h>

static bool is_en(const struct req *r)
{
	return r->lang && !strcmp(r->lang, "en");
}

static const char *typed(const struct req *r, const char *name, const char *dflt)
{
	const char *v = req_param(r, name);
	return v ? v : dflt;
}

/* ?year= or this year. */
static int year_of(struct req *r)
{
	long y;
	if (req_int(r, "year", &y, 2000, 2100))
		return (int)y;
	int yy, m, d;
	date_to_ymd(app_today(), &yy, &m, &d);
	return yy;
}

static const char *dmy(struct req *r, const char *iso)
{
	int32_t d;
	if (!iso || strlen(iso) < 10 || !date_parse(iso, 10, &d) || is_en(r))
		return iso ? arena_strndup(r->arena, iso, 10) : "";
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	return arena_printf(r->arena, "%02d/%02d/%04d", dd, m, y);
}

static const char *money(struct req *r, long v)
{
	char b[64];
	return arena_strdup(r->arena, doc_format_number((double)v, 0, is_en(r) ? "en" : "vi", b,
	                                                sizeof b));
}

static void unit_year_form(struct req *r, const char *action, const char *unit, int year)
{
	html_printf(r, "<form method=\"get\" action=\"%h\" class=\"emu-pick\"><p><label for=\"unit\">%h"
	               "</label> <input type=\"text\" id=\"unit\" name=\"unit\" value=\"%h\" required>"
	               "</p><p><label for=\"year\">%h</label> <input type=\"number\" id=\"year\" "
	               "name=\"year\" min=\"2000\" max=\"2100\" value=\"%d\" required></p>"
	               "<button type=\"submit\">%h</button></form>",
	            action, _("Unit code"), unit ? unit : "", _("Year"), year, _("Show"));
}

static void flash(struct req *r, const char *err)
{
	if (err)
		html_printf(r, "<p class=\"flash error\" role=\"alert\" id=\"emu-error\">%h</p>", err);
	else if (req_param(r, "done"))
		html_printf(r, "<p class=\"flash\" role=\"status\">%h</p>", _("Saved."));
}

static const char *diag_msg(struct req *r, const struct diags *d)
{
	return d->n ? web_diag_text(r, d) : _("Internal error");
}

/* ---- the movement: GET /emulation?unit=&year= ------------------------------ */

static enum px_err regs_doc(struct req *r, struct doc **doc, struct diags *d)
{
	struct actor who = web_actor(r);
	return app_report_emu_registrations(&r->app, &who, req_param(r, "unit"), year_of(r),
	                                    r->lang, doc, d);
}

static void movement_page(struct req *r, const char *err)
{
	struct actor who = web_actor(r);
	const char *unit = req_param(r, "unit");
	int year = year_of(r);
	html_page_begin(r, _("Emulation and rewards"));
	flash(r, err);
	unit_year_form(r, "/emulation", unit, year);
	if (!unit || !*unit) {
		html_page_end(r);
		return;
	}
	struct diags d;
	diags_init(&d);
	struct emu_movement_view mv;
	if (app_emu_movement_view(&r->app, &who, unit, year, &mv, &d) != PX_OK) {
		html_printf(r, "<p class=\"flash error\" role=\"alert\">%h</p>", diag_msg(r, &d));
		diags_free(&d);
		html_page_end(r);
		return;
	}
	const char *q = html_arena(r, "unit=%u&amp;year=%d", unit, year);
	html_printf(r, "<nav class=\"emu-links\" aria-label=\"%h\"><ul>"
	               "<li><a href=\"/emulation/proposals?%s\">%h</a></li>"
	               "<li><a href=\"/emulation/awards?candidate=%u\">%h</a></li></ul></nav>",
	            _("Emulation"), q, _("The council's proposal table"), unit,
	            _("Awards over the years"));
	html_printf(r, "<h2>%h</h2>", _("The movement"));
	if (mv.exists)
		html_printf(r, "<p><strong>%h</strong></p><p>%h: %h · %h: %h</p><p>%h</p>",
		            mv.movement.title, _("Registration deadline"), dmy(r, mv.movement.deadline),
		            _("State"), strcmp(mv.movement.state, "open") ? _("closed") : _("open"),
		            mv.movement.targets);
	else
		html_printf(r, "<p>%h</p>", _("No movement launched for this year."));
	html_table_begin(r, _("Registrations"));
	html_printf(r, "<caption>%h (%zu)</caption><thead><tr><th scope=\"col\">%h</th>"
	               "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
	               "</tr></thead><tbody>",
	            _("Registrations"), mv.n, _("Code"), _("Collective or person"), _("Commitment"),
	            _("Registered on"));
	for (size_t i = 0; i < mv.n; i++)
		html_printf(r, "<tr><td>%h</td><td><a href=\"/emulation/awards?candidate=%u\">%h</a></td>"
		               "<td>%h</td><td>%h</td></tr>",
		            mv.regs[i].candidate, mv.regs[i].candidate, mv.names[i], mv.regs[i].commitment,
		            dmy(r, mv.regs[i].at));
	html_printf(r, "</tbody>");
	html_table_end(r);
	page_report_links(r, "/emulation", html_arena(r, "unit=%u&year=%d", unit, year), false);
	/* the council */
	struct emu_council_view cv;
	diags_free(&d);
	diags_init(&d);
	html_printf(r, "<h2>%h</h2>", _("The emulation council"));
	if (app_emu_council(&r->app, &who, unit, year, &cv, &d) == PX_OK) {
		char qb[32];
		emu_ppm_format(cv.council.quorum_ppm, qb, sizeof qb);
		html_printf(r, "<p>%h: %zu · %h: %h</p><ul class=\"emu-members\">", _("Council members"), cv.n,
		            _("Quorum"), qb);
		for (size_t i = 0; i < cv.n; i++)
			html_printf(r, "<li>%h — %h</li>", cv.members[i].name, cv.members[i].position);
		html_printf(r, "</ul><p><a href=\"/emulation/minutes?%s&amp;format=pdf\" download>%h</a> · "
		               "<a href=\"/emulation/minutes?%s&amp;format=xlsx\" download>%h</a></p>",
		            q, _("Minutes (PDF)"), q, _("Minutes (Excel)"));
	} else {
		html_printf(r, "<p>%h</p>", _("No council set up for this year."));
	}
	/* the decisions */
	struct emu_decision_rec *dec;
	size_t nd = 0;
	diags_free(&d);
	diags_init(&d);
	if (app_emu_decisions(&r->app, &who, year, &dec, &nd, &d) != PX_OK)
		nd = 0;
	html_printf(r, "<h2>%h</h2><ul class=\"emu-decisions\">", _("Award decisions"));
	size_t shown = 0;
	for (size_t i = 0; i < nd; i++)
		if (!strcmp(dec[i].unit, unit)) {
			html_printf(r, "<li><a href=\"/emulation/decision?number=%u\">%h</a> — %h</li>",
			            dec[i].number, dec[i].number, dmy(r, dec[i].date));
			shown++;
		}
	html_printf(r, "</ul>");
	if (!shown)
		html_printf(r, "<p>%h</p>", _("No decision yet."));
	if (app_emu_may_act(&r->app, &who, unit, year)) {
		html_printf(r, "<h3>%h</h3><form method=\"post\" action=\"/emulation/decide\">",
		            _("Issue the decision"));
		html_csrf_field(r);
		html_printf(r, "<input type=\"hidden\" name=\"unit\" value=\"%h\"><input type=\"hidden\" "
		               "name=\"year\" value=\"%d\"><p><label for=\"number\">%h</label> <input "
		               "type=\"text\" id=\"number\" name=\"number\" required value=\"%h\"></p>"
		               "<p><label for=\"date\">%h</label> <input type=\"date\" id=\"date\" "
		               "name=\"date\" required value=\"%h\"></p><button type=\"submit\">%h</button>"
		               "</form>",
		            unit, year, _("Decision number"), typed(r, "number", ""), _("Decision date"),
		            typed(r, "date", ""), _("Issue the decision"));
	}
	diags_free(&d);
	html_page_end(r);
}

void page_emulation(struct req *r)
{
	if (req_param(r, "unit") && page_report_list(r, regs_doc, "Dang-ky-thi-dua", "Registrations"))
		return;
	movement_page(r, NULL);
}

void page_emulation_decide(struct req *r)
{
	struct actor who = web_actor(r);
	const char *unit = req_param(r, "unit"), *number = req_param(r, "number"),
	           *date_s = req_param(r, "date");
	int32_t date = 0;
	struct diags d;
	diags_init(&d);
	enum px_err e = PX_BADINPUT;
	if (!date_s || !date_parse(date_s, strlen(date_s), &date))
		diag_err(&d, NULL, 0, 0, "cần ngày quyết định (dd/mm/yyyy)", "the decision date is needed");
	else {
		struct emu_award_view v;
		e = app_emu_decide(&r->app, &who, year_of(r), unit, number, date, &v, &d);
	}
	if (e == PX_OK)
		resp_redirect(r, html_arena(r, "/emulation/decision?number=%u&done=1", number));
	else if (e == PX_BADINPUT || e == PX_DENIED) {
		movement_page(r, diag_msg(r, &d));
		r->status = e == PX_DENIED ? 403 : 422;
	} else
		page_app_error(r, e, &d);
	diags_free(&d);
}

/* ---- the proposal table and the vote: /emulation/proposals ----------------- */

static enum px_err proposals_doc(struct req *r, struct doc **doc, struct diags *d)
{
	struct actor who = web_actor(r);
	return app_report_emu_proposals(&r->app, &who, req_param(r, "unit"), year_of(r),
	                                req_param(r, "title"), r->lang, doc, d);
}

/* One condition of a reason ("level=good >= good") per item. */
static void reasons(struct req *r, const char *reason)
{
	html_printf(r, "<ul>");
	const char *p = reason;
	while (*p) {
		const char *e = strstr(p, "; ");
		size_t n = e ? (size_t)(e - p) : strlen(p);
		html_printf(r, "<li>%h</li>", arena_strndup(r->arena, p, n));
		p += n;
		if (e)
			p += 2;
	}
	html_printf(r, "</ul>");
}

/* The council's one vote form: a candidate and a title that needs a vote
 * (any candidate: the server refuses an ineligible one and says why), the
 * yes votes of all members, those present and the absent voting in
 * writing; what was typed is kept after a refusal. */
static void vote_form(struct req *r, const struct emu_proposal_view *v, const char *unit,
                      int year, const char *title)
{
	const char *vcand = req_param(r, "candidate"), *vtitle = req_param(r, "vtitle");
	html_printf(r, "<h2 id=\"vote\">%h</h2><form method=\"post\" action=\"/emulation/vote\" "
	               "class=\"emu-vote\">", _("Record a secret-ballot result"));
	html_csrf_field(r);
	html_printf(r, "<input type=\"hidden\" name=\"unit\" value=\"%h\"><input type=\"hidden\" "
	               "name=\"year\" value=\"%d\"><input type=\"hidden\" name=\"title\" value=\"%h\">"
	               "<p><label for=\"v-candidate\">%h</label> <select id=\"v-candidate\" "
	               "name=\"candidate\" required>",
	            unit, year, title ? title : "", _("Collective or person"));
	const char *last = NULL;
	for (size_t i = 0; i < v->n; i++) {
		const struct emu_proposal *p = &v->rows[i];
		if (last && !strcmp(last, p->candidate))
			continue;
		last = p->candidate;
		html_printf(r, "<option value=\"%h\"%s>%h (%h)</option>", p->candidate,
		            vcand && !strcmp(vcand, p->candidate) ? " selected" : "", p->name,
		            p->candidate);
	}
	html_printf(r, "</select></p><p><label for=\"v-title\">%h</label> <select id=\"v-title\" "
	               "name=\"vtitle\" required>",
	            _("Emulation title"));
	for (size_t t = 0; t < v->rules.ntitles; t++) {
		const struct emu_title *tt = &v->rules.titles[t];
		if (!tt->vote_ppm)
			continue;
		char need[32];
		emu_ppm_format(tt->vote_ppm, need, sizeof need);
		bool sel = vtitle ? !strcmp(vtitle, tt->code) : title && !strcmp(title, tt->code);
		html_printf(r, "<option value=\"%h\"%s>%h (≥ %h)</option>", tt->code,
		            sel ? " selected" : "", is_en(r) ? tt->title_en : tt->title_vi, need);
	}
	html_printf(r, "</select></p><p><label for=\"v-yes\">%h</label> <input type=\"number\" "
	               "id=\"v-yes\" name=\"yes\" min=\"0\" required value=\"%h\"></p>"
	               "<p><label for=\"v-present\">%h</label> <input type=\"number\" id=\"v-present\" "
	               "name=\"present\" min=\"0\" value=\"%h\"></p><p><label for=\"v-written\">%h"
	               "</label> <input type=\"number\" id=\"v-written\" name=\"written\" min=\"0\" "
	               "value=\"%h\"></p><button type=\"submit\">%h</button></form>",
	            _("Yes votes (of all members)"), typed(r, "yes", ""), _("Present"),
	            typed(r, "present", ""), _("Absent, in writing"), typed(r, "written", ""),
	            _("Record the vote"));
}

static void proposals_page(struct req *r, const char *err)
{
	struct actor who = web_actor(r);
	const char *unit = req_param(r, "unit"), *title = req_param(r, "title");
	int year = year_of(r);
	html_page_begin(r, _("The council's proposal table"));
	flash(r, err);
	struct diags d;
	diags_init(&d);
	struct emu_proposal_view v;
	enum px_err e = unit ? app_emu_propose(&r->app, &who, year, unit, &v, &d) : PX_BADINPUT;
	if (e != PX_OK) {
		unit_year_form(r, "/emulation/proposals", unit, year);
		if (unit)
			html_printf(r, "<p class=\"flash error\" role=\"alert\">%h</p>", diag_msg(r, &d));
		diags_free(&d);
		html_page_end(r);
		return;
	}
	bool acts = app_emu_may_act(&r->app, &who, unit, year);
	html_printf(r, "<p><a href=\"/emulation?unit=%u&amp;year=%d\">%h</a></p>", unit, year,
	            _("The movement, the council and the decisions"));
	html_printf(r, "<form method=\"get\" action=\"/emulation/proposals\" class=\"emu-pick\">"
	               "<input type=\"hidden\" name=\"unit\" value=\"%h\"><input type=\"hidden\" "
	               "name=\"year\" value=\"%d\"><p><label for=\"title\">%h</label> <select "
	               "id=\"title\" name=\"title\"><option value=\"\">%h</option>",
	            unit, year, _("Emulation title"), _("Every title"));
	for (size_t t = 0; t < v.rules.ntitles; t++)
		html_printf(r, "<option value=\"%h\"%s>%h</option>", v.rules.titles[t].code,
		            title && !strcmp(title, v.rules.titles[t].code) ? " selected" : "",
		            is_en(r) ? v.rules.titles[t].title_en : v.rules.titles[t].title_vi);
	html_printf(r, "</select></p><button type=\"submit\">%h</button></form>", _("Filter"));
	size_t *order = arena_array(r->arena, v.n + 1, sizeof *order);
	size_t k = app_emu_proposal_order(&v, title, order), eligible = 0;
	for (size_t i = 0; i < k; i++)
		eligible += v.rows[order[i]].check.eligible;
	html_printf(r, "<p>%h: %zu · %h: %zu</p>", _("Proposals"), k, _("Eligible"), eligible);
	page_report_links(r, "/emulation/proposals",
	                  html_arena(r, "unit=%u&year=%d&title=%u", unit, year, title ? title : ""),
	                  true);
	if (acts)
		vote_form(r, &v, unit, year, title);
	html_printf(r, "<div class=\"emu-table\">");
	html_table_begin(r, _("The council's proposal table"));
	html_printf(r, "<caption>%h %h, %d</caption><thead><tr><th scope=\"col\">%h</th>"
	               "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
	               "<th scope=\"col\">%h</th></tr></thead><tbody>",
	            _("Proposals"), unit, year, _("Collective or person"), _("Emulation title"), _("Eligible"),
	            _("Reasons"), _("Vote"));
	for (size_t i = 0; i < k; i++) {
		const struct emu_proposal *p = &v.rows[order[i]];
		const struct emu_title *t = &v.rules.titles[p->title];
		html_printf(r, "<tr class=\"%s\"><td><a href=\"/emulation/awards?candidate=%u\">%h</a> "
		               "<small>%h</small></td><td>%h</td><td>%h</td><td><details><summary>%h"
		               "</summary>",
		            p->check.eligible ? "emu-yes" : "emu-no", p->candidate, p->name, p->candidate,
		            is_en(r) ? t->title_en : t->title_vi,
		            p->check.eligible ? _("yes") : _("no"), _("Each condition"));
		reasons(r, p->check.reason);
		html_printf(r, "</details></td><td>");
		if (t->vote_ppm > 0) {
			char need[32];
			emu_ppm_format(t->vote_ppm, need, sizeof need);
			html_printf(r, "≥ %h", need);
		} else {
			html_printf(r, "%h", _("no vote needed"));
		}
		html_printf(r, "</td></tr>");
	}
	html_printf(r, "</tbody>");
	html_table_end(r);
	html_printf(r, "</div>");
	diags_free(&d);
	html_page_end(r);
}

void page_emulation_proposals(struct req *r)
{
	if (req_param(r, "unit") &&
	    page_report_list(r, proposals_doc, "De-xuat-thi-dua", "Emulation-proposals"))
		return;
	proposals_page(r, NULL);
}

static bool long_field(struct req *r, const char *name, long *v)
{
	const char *s = req_param(r, name);
	if (!s || !*s) {
		*v = -1;
		return true;
	}
	return req_int(r, name, v, 0, 100000);
}

void page_emulation_vote(struct req *r)
{
	struct actor who = web_actor(r);
	struct diags d;
	diags_init(&d);
	struct emu_ballot b = {0, -1, -1, -1};
	enum px_err e = PX_BADINPUT;
	if (!req_int(r, "yes", &b.yes, 0, 100000) || !long_field(r, "present", &b.present) ||
	    !long_field(r, "written", &b.written))
		diag_err(&d, NULL, 0, 0, "số phiếu phải là số nguyên không âm",
		         "vote counts must be whole numbers, 0 or more");
	else
		e = app_emu_vote_ballot(&r->app, &who, year_of(r), req_param(r, "vtitle"),
		                        req_param(r, "candidate"), &b, &d);
	if (e == PX_OK) {
		const char *title = req_param(r, "title");
		resp_redirect(r, html_arena(r, "/emulation/proposals?unit=%u&year=%d&title=%u&done=1",
		                            typed(r, "unit", ""), year_of(r), title ? title : ""));
	} else if (e == PX_BADINPUT || e == PX_DENIED) {
		proposals_page(r, diag_msg(r, &d));
		r->status = 422;
	} else {
		page_app_error(r, e, &d);
	}
	diags_free(&d);
}

/* ---- the decision, the minutes, a candidate's awards ------------------------- */

void page_emulation_decision(struct req *r)
{
	struct actor who = web_actor(r);
	const char *number = req_param(r, "number");
	enum doc_format f = DOC_PDF;
	bool done = false;
	if (page_report_format(r, &f, &done)) {
		if (done)
			return;
		struct diags d;
		diags_init(&d);
		struct doc *doc = NULL;
		enum px_err e = app_report_emu_decision(&r->app, &who, number, r->lang, &doc, &d);
		page_report_send(r, e, doc, &d, f, "Quyet-dinh-khen-thuong", "Award-decision");
		diags_free(&d);
		return;
	}
	struct diags d;
	diags_init(&d);
	struct emu_decision_view v;
	enum px_err e = app_emu_decision(&r->app, &who, number, &v, &d);
	if (e != PX_OK) {
		page_app_error(r, e, &d);
		diags_free(&d);
		return;
	}
	html_page_begin(r, _("Award decision"));
	if (req_param(r, "done"))
		html_printf(r, "<p class=\"flash\" role=\"status\">%h</p>", _("The decision was issued."));
	html_printf(r, "<p>%h <strong>%h</strong> — %h — %h</p>", _("Decision"), v.dec.number,
	            dmy(r, v.dec.date), v.unit_name);
	html_printf(r, "<p class=\"downloads\"><a href=\"/emulation/decision?number=%u&amp;format=pdf\" "
	               "download id=\"emu-pdf\">%h</a> · <a href=\"/emulation/decision?number=%u&amp;"
	               "format=xlsx\" download>%h</a></p>",
	            v.dec.number, _("The decision and its annex (PDF)"), v.dec.number,
	            _("The annex (Excel)"));
	html_table_begin(r, _("Awards"));
	html_printf(r, "<caption>%h (%zu)</caption><thead><tr><th scope=\"col\">%h</th>"
	               "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\" "
	               "class=\"num\">%h</th></tr></thead><tbody>",
	            _("Awards"), v.n, _("Collective or person"), _("Unit"), _("Emulation title"),
	            _("Cash (VND)"));
	for (size_t i = 0; i < v.n; i++)
		html_printf(r, "<tr><td><a href=\"/emulation/awards?candidate=%u\">%h</a></td><td>%h</td>"
		               "<td>%h</td><td class=\"num\">%h</td></tr>",
		            v.rows[i].candidate, v.rows[i].name, v.rows[i].unit_name,
		            is_en(r) ? v.rows[i].title_en : v.rows[i].title_vi, money(r, v.rows[i].cash));
	html_printf(r, "</tbody><tfoot><tr><th scope=\"row\" colspan=\"3\">%h</th><td class=\"num\">"
	               "%h</td></tr></tfoot>",
	            _("Total cash"), money(r, v.total_cash));
	html_table_end(r);
	html_printf(r, "<p><a href=\"/emulation?unit=%u&amp;year=%ld\">%h</a></p>", v.dec.unit,
	            v.dec.year, _("The movement, the council and the decisions"));
	diags_free(&d);
	html_page_end(r);
}

void page_emulation_minutes(struct req *r)
{
	struct actor who = web_actor(r);
	enum doc_format f = DOC_PDF;
	bool done = false;
	if (page_report_format(r, &f, &done) && done)
		return;
	struct diags d;
	diags_init(&d);
	struct doc *doc = NULL;
	enum px_err e = app_report_emu_minutes(&r->app, &who, req_param(r, "unit"), year_of(r),
	                                       r->lang, &doc, &d);
	page_report_send(r, e, doc, &d, f, "Bien-ban-hoi-dong-thi-dua", "Emulation-council-minutes");
	diags_free(&d);
}

static enum px_err history_doc(struct req *r, struct doc **doc, struct diags *d)
{
	struct actor who = web_actor(r);
	return app_report_emu_history(&r->app, &who, req_param(r, "candidate"), r->lang, doc, d);
}

void page_emulation_awards(struct req *r)
{
	if (page_report_list(r, history_doc, "Khen-thuong-qua-cac-nam", "Awards-over-the-years"))
		return;
	struct actor who = web_actor(r);
	const char *cand = req_param(r, "candidate");
	struct diags d;
	diags_init(&d);
	struct emu_history_view v;
	enum px_err e = app_emu_history(&r->app, &who, cand, &v, &d);
	if (e != PX_OK) {
		page_app_error(r, e, &d);
		diags_free(&d);
		return;
	}
	html_page_begin(r, _("Awards over the years"));
	html_printf(r, "<p><strong>%h</strong> (%h)</p>", v.name, v.candidate);
	page_report_links(r, "/emulation/awards", html_arena(r, "candidate=%u", cand), false);
	html_table_begin(r, _("Awards over the years"));
	html_printf(r, "<caption>%h</caption><thead><tr><th scope=\"col\">%h</th><th scope=\"col\">"
	               "%h</th><th scope=\"col\">%h</th><th scope=\"col\" class=\"num\">%h</th></tr>"
	               "</thead><tbody>",
	            _("Awards over the years"), _("Year"), _("Emulation title"), _("Decision"), _("Cash (VND)"));
	for (size_t i = 0; i < v.n; i++)
		html_printf(r, "<tr><td>%ld</td><td>%h</td><td>%h%s%h</td><td class=\"num\">%h</td></tr>",
		            v.rows[i].year, is_en(r) ? v.rows[i].title_en : v.rows[i].title_vi,
		            v.rows[i].decision, *v.rows[i].date ? " — " : "", dmy(r, v.rows[i].date),
		            v.rows[i].cash >= 0 ? money(r, v.rows[i].cash) : _("imported"));
	html_printf(r, "</tbody>");
	html_table_end(r);
	if (!v.n)
		html_printf(r, "<p>%h</p>", _("No award yet."));
	diags_free(&d);
	html_page_end(r);
}

/* ---- recognised models: GET /public/models (no sign-in) --------------------- */

static const char *level_text(struct req *r, const char *level)
{
	if (!strcmp(level, "national"))
		return _("national");
	if (!strcmp(level, "province"))
		return _("city / province");
	return _("grassroots");
}

void page_public_models(struct req *r)
{
	struct diags d;
	diags_init(&d);
	struct emu_model_rec *m;
	const char **names;
	size_t n;
	enum px_err e = app_emu_models(&r->app, &m, &names, &n, &d);
	if (e != PX_OK) {
		page_app_error(r, e, &d);
		diags_free(&d);
		return;
	}
	diags_free(&d);
	html_page_begin(r, _("Recognised models to replicate"));
	html_printf(r, "<p>%h</p>", _("Models and good practices recognised by the emulation councils, for every unit of the city to replicate."));
	html_table_begin(r, _("Recognised models to replicate"));
	html_printf(r, "<caption>%h (%zu)</caption><thead><tr><th scope=\"col\">%h</th>"
	               "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
	               "</tr></thead><tbody>",
	            _("Recognised models to replicate"), n, _("Model"), _("Unit"), _("Recognition level"),
	            _("Decision"));
	for (size_t i = 0; i < n; i++) {
		html_printf(r, "<tr><td><details><summary>%h</summary><p>%h</p>", m[i].title,
		            m[i].description);
		if (m[i].source_inspection)
			html_printf(r, "<p>%h %h</p>", _("Found by inspection"), m[i].source_inspection);
		html_printf(r, "</details></td><td>%h</td><td>%h</td><td>%h</td></tr>", names[i],
		            level_text(r, m[i].level), m[i].decision);
	}
	html_printf(r, "</tbody>");
	html_table_end(r);
	if (!n)
		html_printf(r, "<p>%h</p>", _("No model recognised yet."));
	html_page_end(r);
}
