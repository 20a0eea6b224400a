/*
 * The assessment cycle in the browser: one page per framework and unit
 * where each role does its part, side by side per criterion: the unit's
 * self points, explanation and evidence (editable by the unit's focal
 * point while self-assessment is open), the council members' proposals
 * and the council's value with its reason (an assigned appraiser proposes
 * here), the unit's reply (while replies are open) and the council's
 * decision (office). Plain forms, usable without JavaScript; every rule
 * is in app/cycle.c, which the JSON API (api_assessment.c) shares.
 */
#include "web/html.h"
#include "web/page_common.h"
#include "web/page_cycle.h"
#include "web/pages.h"
#include "base/arena.h"
#include "base/datetime.h"

#include <stdlib.h>
#include <string.h>

/* Bounded decimal from a form field ("" = absent). */
static bool form_number(const struct req *r, const char *name, double *out, bool *present)
{
	const char *s = req_param(r, name);
	*present = false;
	*out = 0;
	if (!s || !*s)
		return true;
	char *end;
	*out = strtod(s, &end);
	if (*end || end == s || *out != *out)
		return false;
	*present = true;
	return true;
}

static void fmt_date(int32_t d, char out[11])
{
	if (d == DATE_MIN || d == DATE_MAX)
		memcpy(out, "—", sizeof "—");
	else
		date_format(d, out);
}

static void cycle_banner(struct req *r, const struct assessment_view *v)
{
	if (!v->has_cycle) {
		html_printf(r, "<p class=\"flash\">%h</p>", _("No assessment cycle is open for this framework."));
		return;
	}
	char self[11], reply[11];
	fmt_date(v->cycle.self_until, self);
	fmt_date(v->cycle.reply_until, reply);
	html_printf(r, "<p class=\"flash\">%h: <strong>%h</strong> · %h %h · %h %h",
	            _("Phase"), strcmp(r->lang, "en") ? cycle_phase_name_vi(v->cycle.phase)
	                                              : cycle_phase_name(v->cycle.phase),
	            _("self-assessment until"), self, _("replies until"), reply);
	if (v->extension != DATE_MIN) {
		char ext[11];
		fmt_date(v->extension, ext);
		html_printf(r, " · %h %h", _("extended until"), ext);
	}
	if (*v->submitted_at)
		html_printf(r, " · %h %h", _("submitted"), v->submitted_at);
	html_printf(r, "</p>");
}

static bool allowed(const struct assessment_view *v, const char *verb)
{
	return wf_has(v->allowed, v->nallowed, verb);
}

/* The office's part of a unit's assessment: the council members (with
 * recusal: a member of the unit is never offered), an extension. Each
 * form exists only when the table allows its verb now. */
static void office_forms(struct req *r, const struct assessment_view *v)
{
	const char *fw = v->fw->code, *unit = v->unit;
	if (!allowed(v, "assign") && !allowed(v, "extend") && !v->nmembers)
		return;
	html_printf(r, "<section><h2>%h</h2>", _("Appraisal council"));
	if (!v->nmembers)
		html_printf(r, "<p>%h</p>", _("No council member is assigned to this unit yet."));
	html_printf(r, "<ul>");
	for (size_t i = 0; i < v->nmembers; i++) {
		html_printf(r, "<li>%h", v->members[i].name);
		if (allowed(v, "unassign")) {
			html_printf(r, " <form class=\"inline\" method=\"post\" "
			               "action=\"/assessments/%u/%u/appraisers/remove\">", fw, unit);
			html_csrf_field(r);
			html_printf(r, "<input type=\"hidden\" name=\"login\" value=\"%h\">"
			               "<button type=\"submit\">%h</button></form>",
			            v->members[i].login, _("Unassign"));
		}
		html_printf(r, "</li>");
	}
	html_printf(r, "</ul>");
	if (allowed(v, "assign")) {
		html_printf(r, "<form method=\"post\" action=\"/assessments/%u/%u/appraisers\">", fw, unit);
		html_csrf_field(r);
		html_printf(r, "<label>%h <input name=\"login\" required maxlength=\"64\" "
		               "autocomplete=\"off\"></label> <button type=\"submit\">%h</button></form>",
		            _("Council member (login)"), _("Assign"));
	}
	if (allowed(v, "extend")) {
		html_printf(r, "<form method=\"post\" action=\"/assessments/%u/%u/extend\">", fw, unit);
		html_csrf_field(r);
		html_printf(r, "<label>%h <input type=\"date\" name=\"until\" required></label> "
		               "<label>%h <input name=\"reason\" required maxlength=\"500\"></label> "
		               "<button type=\"submit\">%h</button></form>",
		            _("Extend until"), _("Reason"), _("Extend the deadline"));
	}
	html_printf(r, "</section>");
}

void page_assessment(struct req *r)
{
	const char *fw = req_path_param(r, 0), *unit = req_path_param(r, 1);
	struct diags d;
	diags_init(&d);
	struct actor who = web_actor(r);
	struct assessment_view v;
	enum px_err e = app_assessment_view(&r->app, &who, fw, unit, &v, &d);
	if (e != PX_OK) {
		page_error(r, web_status_of(e), web_diag_text(r, &d));
		goto out;
	}
	html_page_begin(r, arena_printf(r->arena, "%s — %s", v.unit_name, v.fw->title));
	cycle_banner(r, &v);
	const char *base = arena_printf(r->arena, "%s/%s", fw, unit);
	for (size_t i = 0; i < v.fw->nnodes; i++) {
		const struct frm_node *n = &v.fw->nodes[i];
		const struct assessment_item *it = &v.items[i];
		if (n->method != FRM_METHOD_ASSESSED) {
			html_printf(r, "<h3>%h %h <small>(%.2f)</small></h3>", n->code, n->title, n->max);
			continue;
		}
		html_printf(r, "<section class=\"criterion\" id=\"c-%h\"><h4>%h %h <small>[%.2f–%.2f%s%h]"
		               "</small></h4>",
		            n->code, n->code, n->title, n->min, n->max,
		            n->evidence == FRM_EVIDENCE_REQUIRED ? "; " : "",
		            n->evidence == FRM_EVIDENCE_REQUIRED ? _("evidence required") : "");
		if (!it->applies) {
			html_printf(r, "<p>%h</p></section>", _("not applicable"));
			continue;
		}
		html_printf(r, "<table><tr><th>%h</th><td>", _("Self-assessed"));
		if (it->has_self)
			html_printf(r, "%.2f", it->self);
		html_printf(r, "</td><th>%h</th><td>", _("Appraised"));
		if (it->has_appraised)
			html_printf(r, "<strong>%.2f</strong>", it->appraised);
		html_printf(r, "</td></tr>");
		if (*it->explanation)
			html_printf(r, "<tr><th>%h</th><td colspan=\"3\">%h</td></tr>", _("Explanation"),
			            it->explanation);
		if (*it->reason)
			html_printf(r, "<tr><th>%h</th><td colspan=\"3\">%h</td></tr>", _("Council's reason"),
			            it->reason);
		for (size_t k = 0; k < it->nproposals; k++)
			html_printf(r, "<tr><th>%h %h</th><td>%.2f</td><td colspan=\"2\">%h</td></tr>",
			            _("Proposal of"), it->proposals[k].login, it->proposals[k].points,
			            it->proposals[k].reason);
		for (size_t k = 0; k < it->nevidence; k++) {
			const struct evidence_row *ev = &it->evidence[k];
			html_printf(r, "<tr><th>%h</th><td colspan=\"3\"><a href=\"/evidence/%lld\">%h</a> "
			               "<small>%h %h</small>",
			            _("Evidence"), (long long)ev->id, ev->filename, ev->doc_number,
			            ev->doc_date ? ev->doc_date : "");
			if (ev->other_units)
				html_printf(r, " <strong>%h</strong>", _("also used by another unit"));
			html_printf(r, "</td></tr>");
		}
		if (it->reply) {
			html_printf(r, "<tr><th>%h</th><td colspan=\"3\">%h</td></tr>", _("Reply"),
			            it->reply->text);
			if (it->reply->decision)
				html_printf(r, "<tr><th>%h</th><td colspan=\"3\">%h — %h</td></tr>",
				            _("Council decision"), _(it->reply->decision),
				            it->reply->decision_reason);
		}
		html_printf(r, "</table><p><a href=\"/history/%u/%u/%u\">%h</a></p>", fw, unit, n->code,
		            _("History of this criterion"));
		if (v.can_edit) {
			html_printf(r, "<form method=\"post\" action=\"/assessments/%u/%u/scores\">", fw, unit);
			html_csrf_field(r);
			html_printf(r, "<input type=\"hidden\" name=\"criterion\" value=\"%h\"><label>%h "
			               "<input name=\"self\" inputmode=\"decimal\" value=\"",
			            n->code, _("Self-assessed points"));
			if (it->has_self)
				html_printf(r, "%.2f", it->self);
			html_printf(r, "\"></label><label>%h <textarea name=\"explanation\">%h</textarea>"
			               "</label><button type=\"submit\">%h</button></form>",
			            _("Explanation"), it->explanation, _("Save draft"));
			html_printf(r, "<form method=\"post\" enctype=\"multipart/form-data\" "
			               "action=\"/assessments/%u/%u/evidence\">", fw, unit);
			html_csrf_field(r);
			html_printf(r, "<input type=\"hidden\" name=\"criterion\" value=\"%h\"><label>%h "
			               "<input type=\"file\" name=\"file\" required></label><label>%h "
			               "<input name=\"doc_number\"></label><label>%h <input type=\"date\" "
			               "name=\"doc_date\"></label><button type=\"submit\">%h</button></form>",
			            n->code, _("Evidence file"), _("Document number"), _("Document date"),
			            _("Upload"));
		}
		if (v.can_appraise) {
			html_printf(r, "<form method=\"post\" action=\"/appraisals/%u/%u/scores\">", fw, unit);
			html_csrf_field(r);
			html_printf(r, "<input type=\"hidden\" name=\"criterion\" value=\"%h\"><label>%h "
			               "<input name=\"appraised\" inputmode=\"decimal\" required></label>"
			               "<label>%h <textarea name=\"reason\"></textarea></label>"
			               "<button type=\"submit\">%h</button></form>",
			            n->code, _("Appraised points"), _("Reason (required when different)"),
			            _("Propose"));
		}
		bool adjusted = it->has_appraised && (!it->has_self || it->appraised != it->self);
		if (v.can_reply && adjusted) {
			html_printf(r, "<form method=\"post\" action=\"/replies/%u/%u\">", fw, unit);
			html_csrf_field(r);
			html_printf(r, "<input type=\"hidden\" name=\"criterion\" value=\"%h\"><label>%h "
			               "<textarea name=\"text\" required></textarea></label>"
			               "<button type=\"submit\">%h</button></form>",
			            n->code, _("Your reply"), _("Send reply"));
		}
		if (v.can_decide && it->reply && !it->reply->decision) {
			html_printf(r, "<form method=\"post\" action=\"/decisions/%u/%u\">", fw, unit);
			html_csrf_field(r);
			html_printf(r, "<input type=\"hidden\" name=\"criterion\" value=\"%h\">"
			               "<label><input type=\"radio\" name=\"decision\" value=\"accept\" required> "
			               "%h</label><label><input type=\"radio\" name=\"decision\" value=\"reject\"> "
			               "%h</label><label>%h <input name=\"points\" inputmode=\"decimal\"></label>"
			               "<label>%h <textarea name=\"reason\" required></textarea></label>"
			               "<button type=\"submit\">%h</button></form>",
			            n->code, _("accept"), _("reject"), _("New points (when accepted)"),
			            _("Reason"), _("Decide"));
		}
		html_printf(r, "</section>");
	}
	if (v.can_submit) {
		html_printf(r, "<form method=\"post\" action=\"/assessments/%u/%u/submit\">", fw, unit);
		html_csrf_field(r);
		html_printf(r, "<button type=\"submit\">%h</button></form>",
		            _("Submit the self-assessment"));
	}
	office_forms(r, &v);
	(void)base;
	html_page_end(r);
out:
	diags_free(&d);
}

void page_assessment_score(struct req *r)
{
	struct page_form f;
	page_form_begin(r, &f);
	double self = 0;
	bool has = false;
	enum px_err e = PX_BADINPUT;
	if (!form_number(r, "self", &self, &has))
		diag_err(&f.d, NULL, 0, 0, "điểm tự chấm không phải là số", "self points are not a number");
	else
		e = app_self_score(&r->app, &f.who, f.fw, f.unit, f.crit, has, self,
		                   req_param(r, "explanation"), &f.d);
	page_form_end(r, &f, e, "Saved");
}

void page_assessment_evidence(struct req *r)
{
	struct page_form f;
	page_form_begin(r, &f);
	const struct upload *up = req_upload(r, "file");
	enum px_err e = PX_BADINPUT;
	int64_t id;
	if (!up)
		diag_err(&f.d, NULL, 0, 0, "chưa chọn tệp", "no file was sent");
	else
		e = app_evidence_add(&r->app, &f.who, f.fw, f.unit, f.crit, up->filename, up->data,
		                     up->len, req_param(r, "doc_number"), req_param(r, "doc_date"), &id,
		                     &f.d);
	page_form_end(r, &f, e, "Uploaded");
}

void page_assessment_submit(struct req *r)
{
	struct page_form f;
	page_form_begin(r, &f);
	page_form_end(r, &f, app_self_submit(&r->app, &f.who, f.fw, f.unit, &f.d), "Submitted");
}

void page_appraisal_score(struct req *r)
{
	struct page_form f;
	page_form_begin(r, &f);
	double pts = 0;
	bool has = false;
	enum px_err e = PX_BADINPUT;
	if (!form_number(r, "appraised", &pts, &has) || !has)
		diag_err(&f.d, NULL, 0, 0, "điểm thẩm định không phải là số",
		         "appraised points are not a number");
	else
		e = app_appraise(&r->app, &f.who, f.fw, f.unit, f.crit, pts, req_param(r, "reason"),
		                 &f.d);
	page_form_end(r, &f, e, "Proposal recorded");
}

void page_reply(struct req *r)
{
	struct page_form f;
	page_form_begin(r, &f);
	const char *text = req_param(r, "text");
	page_form_end(r, &f, app_reply(&r->app, &f.who, f.fw, f.unit, f.crit, text, &f.d),
	              "Reply sent");
}

void page_decision(struct req *r)
{
	struct page_form f;
	page_form_begin(r, &f);
	const char *dec = req_param(r, "decision");
	double pts = 0;
	bool has = false;
	enum px_err e = PX_BADINPUT;
	if (!dec || (strcmp(dec, "accept") && strcmp(dec, "reject")) ||
	    !form_number(r, "points", &pts, &has))
		diag_err(&f.d, NULL, 0, 0, "quyết định hoặc điểm không hợp lệ", "invalid decision or points");
	else
		e = app_reply_decide(&r->app, &f.who, f.fw, f.unit, f.crit, !strcmp(dec, "accept"), has,
		                     pts, req_param(r, "reason"), &f.d);
	page_form_end(r, &f, e, "Decision recorded");
}

void page_evidence(struct req *r)
{
	long id;
	struct diags d;
	diags_init(&d);
	struct actor who = web_actor(r);
	struct evidence_row row;
	const void *data;
	const char *sid = req_path_param(r, 0);
	char *end;
	id = strtol(sid, &end, 10);
	enum px_err e = *end || id <= 0 ? PX_NOTFOUND
	                                : app_evidence_get(&r->app, &who, id, &row, &data, &d);
	if (e != PX_OK) {
		page_error(r, e == PX_NOTFOUND ? 404 : 500, "No such evidence file.");
		diags_free(&d);
		return;
	}
	/* never rendered by the browser from our origin: an attachment with
	 * the type found by content, and a sandbox if it is opened anyway */
	resp_type(r, 200, row.content_type);
	str_reset(&r->out);
	str_add(&r->out, data, (size_t)row.size);
	struct str disp;
	str_init(&disp, 0);
	str_adds(&disp, "attachment; filename=\"evidence-");
	str_printf(&disp, "%ld\"; filename*=UTF-8''", id);
	html_strf(&disp, "%u", row.filename);
	resp_header(r, "Content-Disposition", str_cstr(&disp));
	resp_header(r, "Content-Security-Policy", "sandbox; default-src 'none'");
	str_free(&disp);
	diags_free(&d);
}

void page_history(struct req *r)
{
	const char *fw = req_path_param(r, 0), *unit = req_path_param(r, 1),
	           *crit = req_path_param(r, 2);
	struct diags d;
	diags_init(&d);
	struct actor who = web_actor(r);
	struct history_row *h;
	size_t n;
	enum px_err e = app_criterion_history(&r->app, &who, fw, unit, crit, &h, &n, &d);
	if (e != PX_OK) {
		page_error(r, web_status_of(e), web_diag_text(r, &d));
		diags_free(&d);
		return;
	}
	html_page_begin(r, arena_printf(r->arena, "%s / %s / %s", fw, unit, crit));
	html_printf(r, "<p><a href=\"/assessments/%u/%u#c-%u\">%h</a></p><table><thead><tr><th>%h</th>"
	               "<th>%h</th><th>%h</th><th>%h</th></tr></thead><tbody>",
	            fw, unit, crit, _("Back to the assessment"), _("When"), _("Who"), _("What"),
	            _("Details"));
	for (size_t i = 0; i < n; i++)
		html_printf(r, "<tr><td>%h</td><td>%h</td><td>%h</td><td><code>%h</code></td></tr>",
		            h[i].at, h[i].actor, h[i].action, h[i].detail);
	html_printf(r, "</tbody></table>");
	html_page_end(r);
	diags_free(&d);
}
