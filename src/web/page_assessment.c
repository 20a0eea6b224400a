/*
 * The assessment cycle in the browser: one page per framework and unit
 * where each role does its part, side by side per criterion: the unit's
 * self points, explanation and evidence (editable by the unit's focal
 * point while self-assessment is open), the council members' proposals
 * (by name) and the council's value with its reason (an assigned member
 * proposes here, or accepts a whole section's self points), formula
 * criteria with their computed value, the unit's reply (while replies are
 * open) and the council's decision (office).
 *
 * The self-assessment is ONE form (id self-form; every field joins it
 * with form="self-form", so that the per-criterion upload forms need not
 * nest): one save sends every criterion, app_self_assess applies them in
 * one transaction, all or nothing. A refused save is not a redirect: the
 * page is drawn again (422) from what is stored plus everything typed,
 * each refusal next to its field (aria-describedby, aria-invalid), a
 * summary at the top linking to them and the focus on the first. An empty
 * field keeps the saved points; "clear" is explicit and asks first (the
 * same form drawn again with a confirming button). Submitting asks first
 * too, on a page that lists every criterion still missing. Domains are
 * <details> whose summary says how far they are. Numbers are read with
 * the decimal comma or point and shown with the language's mark
 * (core/number.c). Plain forms, usable without JavaScript
 * (js/30-assessment.js only adds the typed total, the unsaved-changes
 * warning and scrolling to the first error); every rule is in
 * app/assessment.c, which the JSON API (api_assessment.c) shares.
 */
#include "web/audit_words.h"
#include "web/html.h"
#include "web/page_common.h"
#include "web/page_cycle.h"
#include "web/pages.h"
#include "base/arena.h"
#include "base/datetime.h"
#include "core/number.h"

#include <stdlib.h>
#include <string.h>

/* A number from a form field as a person types it (the Vietnamese comma
 * or the point, core/number.c); "" or blanks = absent. */
static bool form_number(const struct req *r, const char *name, double *out, bool *present)
{
	const char *s = req_param(r, name);
	*present = false;
	*out = 0;
	if (!s || strspn(s, " \t") == strlen(s))
		return true;
	if (!number_parse_input(s, strlen(s), out, NULL))
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

/* A number as this page shows it: the comma in Vietnamese, the point in
 * English (core/number.c). */
static const char *num(struct req *r, double x)
{
	char b[32];
	number_format_mark(x, strcmp(r->lang, "en") ? ',' : '.', b);
	return arena_strdup(r->arena, b);
}

/* A save of the self-assessment drawn again: refused (422, every typed
 * value and its refusal), or waiting for the confirmation of a "clear". */
struct typed {
	struct self_score_item *items;
	size_t n;
	size_t bad;        /* items refused */
	bool confirm_clear; /* the step that asks before erasing saved points */
	const char *error; /* a refusal of the whole save (the cycle's state), or NULL */
};

static struct self_score_item *typed_item(const struct typed *t, const char *code)
{
	for (size_t i = 0; t && i < t->n; i++)
		if (!strcmp(t->items[i].criterion, code))
			return &t->items[i];
	return NULL;
}

static const char *msg(const struct req *r, const char *vi, const char *en)
{
	return strcmp(r->lang, "en") ? vi : en;
}

/* Points of a domain: applicable assessed criteria, those with self
 * points, their sum and the sum of their maxima. */
struct tally {
	long total, done;
	double self, max;
};

static struct tally tally_of(const struct assessment_view *v, int from, int to)
{
	struct tally t = {0};
	for (int i = from; i < to; i++) {
		const struct frm_node *n = &v->fw->nodes[i];
		const struct assessment_item *it = &v->items[i];
		if (n->method != FRM_METHOD_ASSESSED || !it->applies)
			continue;
		t.total++;
		t.max += n->max;
		if (it->has_self) {
			t.done++;
			t.self += it->self;
		}
	}
	return t;
}

/* The self-assessment fields of one criterion, in the page's one form
 * (form="self-form"): the typed value after a refused save, else the
 * saved one; the refusal next to its field. */
static void self_fields(struct req *r, const struct assessment_view *v, const struct frm_node *n,
                        const struct assessment_item *it, const struct typed *t, bool *focused)
{
	const struct self_score_item *x = typed_item(t, n->code);
	const char *code = n->code;
	const char *value = x && x->self_text ? x->self_text : it->has_self ? num(r, it->self) : "";
	const char *expl = x && x->explanation ? x->explanation : it->explanation;
	bool bad_self = x && x->self_vi, bad_expl = x && x->expl_vi;
	html_printf(r, "<div class=\"self-fields\"><p><label for=\"self-%h\">%h</label> "
	               "<span class=\"hint\" id=\"hint-%h\">%h %h–%h",
	            code, _("Self-assessed points"), code, _("from–to"), num(r, n->min),
	            num(r, n->max));
	if (n->has_step)
		html_printf(r, ", %h %h", _("step"), num(r, n->step));
	html_printf(r, "</span>");
	/* the message between the label and the field (it is read first and
	 * stays in view when the browser scrolls the focused field in) */
	if (bad_self)
		html_printf(r, "<span class=\"field-error\" id=\"err-self-%h\">%h</span>", code,
		            msg(r, x->self_vi, x->self_en));
	html_printf(r, "<br><input id=\"self-%h\" name=\"self:%h\" form=\"self-form\" "
	               "type=\"text\" inputmode=\"decimal\" autocomplete=\"off\" size=\"8\" "
	               "pattern=\"\\s*[+\\-]?[0-9]*[.,]?[0-9]*\\s*\" data-min=\"%h\" data-max=\"%h\" "
	               "data-saved=\"%h\" value=\"%h\" aria-describedby=\"hint-%h%s%h\"%s%s></p>",
	            code, code, num(r, n->min), num(r, n->max),
	            it->has_self ? num(r, it->self) : "", value, code,
	            bad_self ? " err-self-" : "", bad_self ? code : "",
	            bad_self ? " aria-invalid=\"true\"" : "",
	            bad_self && !*focused ? " autofocus" : "");
	if (bad_self)
		*focused = true;
	if (it->has_self)
		html_printf(r, "<p><label><input type=\"checkbox\" name=\"clear:%h\" value=\"1\" "
		               "form=\"self-form\"%s> %h</label></p>",
		            code, x && x->clear ? " checked" : "", _("Clear the saved points"));
	html_printf(r, "<p><label for=\"expl-%h\">%h</label>", code, _("Explanation"));
	if (bad_expl)
		html_printf(r, "<span class=\"field-error\" id=\"err-expl-%h\">%h</span>", code,
		            msg(r, x->expl_vi, x->expl_en));
	html_printf(r, "<br><textarea id=\"expl-%h\" name=\"explanation:%h\" form=\"self-form\" "
	               "rows=\"3\"%s%s%h%s%s>%h</textarea>",
	            code, code, bad_expl ? " aria-describedby=\"" : "", bad_expl ? "err-expl-" : "",
	            bad_expl ? code : "", bad_expl ? "\" aria-invalid=\"true\"" : "",
	            bad_expl && !*focused ? " autofocus" : "", expl);
	if (bad_expl)
		*focused = true;
	html_printf(r, "</p></div>");
	(void)v;
}

static void criterion_section(struct req *r, const struct assessment_view *v, int i,
                              const struct typed *t, bool *focused)
{
	const char *fw = v->fw->code, *unit = v->unit;
	const struct frm_node *n = &v->fw->nodes[i];
	const struct assessment_item *it = &v->items[i];
	html_printf(r, "<section class=\"criterion\" id=\"c-%h\" aria-labelledby=\"h-%h\">"
	               "<h4 id=\"h-%h\">%h %h</h4><p class=\"limits\">%h: %h–%h",
	            n->code, n->code, n->code, n->code, n->title, _("Points"), num(r, n->min),
	            num(r, n->max));
	if (n->evidence == FRM_EVIDENCE_REQUIRED)
		html_printf(r, " · %h", _("evidence required"));
	html_printf(r, "</p>");
	if (!it->applies) {
		html_printf(r, "<p>%h</p></section>", _("not applicable"));
		return;
	}
	html_printf(r, "<table class=\"values\"><tbody><tr><th scope=\"row\">%h</th>"
	               "<td class=\"num\">%h</td><th scope=\"row\">%h</th><td class=\"num\">",
	            _("Self-assessed"), it->has_self ? num(r, it->self) : "—", _("Appraised"));
	if (it->has_appraised)
		html_printf(r, "<strong>%h</strong>", num(r, it->appraised));
	else
		html_printf(r, "—");
	html_printf(r, "</td></tr>");
	if (*it->explanation)
		html_printf(r, "<tr><th scope=\"row\">%h</th><td colspan=\"3\">%h</td></tr>",
		            _("Explanation"), it->explanation);
	if (*it->reason)
		html_printf(r, "<tr><th scope=\"row\">%h</th><td colspan=\"3\">%h</td></tr>",
		            _("Council's reason"), it->reason);
	for (size_t k = 0; k < it->nproposals; k++)
		html_printf(r, "<tr><th scope=\"row\">%h %h</th><td class=\"num\">%h</td>"
		               "<td colspan=\"2\">%h</td></tr>",
		            _("Proposal of"), it->proposer_names[k], num(r, it->proposals[k].points),
		            it->proposals[k].reason);
	if (it->reply) {
		html_printf(r, "<tr><th scope=\"row\">%h</th><td colspan=\"3\">%h</td></tr>", _("Reply"),
		            it->reply->text);
		if (it->reply->decision)
			html_printf(r, "<tr><th scope=\"row\">%h</th><td colspan=\"3\">%h — %h</td></tr>",
			            _("Council decision"), _(it->reply->decision),
			            it->reply->decision_reason);
	}
	html_printf(r, "</tbody></table>");
	if (it->nevidence) {
		html_printf(r, "<p>%h:</p><ul class=\"evidence\">", _("Evidence"));
		for (size_t k = 0; k < it->nevidence; k++) {
			const struct evidence_row *ev = &it->evidence[k];
			html_printf(r, "<li><a href=\"/evidence/%lld\">%h</a> <small>%h %h</small>",
			            (long long)ev->id, ev->filename, ev->doc_number,
			            ev->doc_date ? ev->doc_date : "");
			if (ev->other_units)
				html_printf(r, " <strong>%h</strong>", _("also used by another unit"));
			if (wf_has(v->allowed, v->nallowed, "remove-evidence")) {
				html_printf(r, " <form class=\"inline\" method=\"post\" "
				               "action=\"/assessments/%u/%u/evidence/remove\">", fw, unit);
				html_csrf_field(r);
				html_printf(r, "<input type=\"hidden\" name=\"id\" value=\"%lld\">"
				               "<input type=\"hidden\" name=\"criterion\" value=\"%h\">"
				               "<button type=\"submit\" class=\"secondary\" "
				               "aria-label=\"%h %h\">%h</button></form>",
				            (long long)ev->id, n->code, _("Remove"), ev->filename, _("Remove"));
			}
			html_printf(r, "</li>");
		}
		html_printf(r, "</ul>");
	}
	html_printf(r, "<p><a href=\"/history/%u/%u/%u\">%h %h</a></p>", fw, unit, n->code,
	            _("History of this criterion"), n->code);
	if (v->can_edit) {
		self_fields(r, v, n, it, t, focused);
		html_printf(r, "<form class=\"upload\" method=\"post\" enctype=\"multipart/form-data\" "
		               "action=\"/assessments/%u/%u/evidence\">", fw, unit);
		html_csrf_field(r);
		html_printf(r, "<input type=\"hidden\" name=\"criterion\" value=\"%h\"><label>%h "
		               "<input type=\"file\" name=\"file\" required></label> <label>%h "
		               "<input name=\"doc_number\" size=\"12\"></label> <label>%h <input "
		               "type=\"date\" name=\"doc_date\"></label> <button type=\"submit\">%h"
		               "</button></form>",
		            n->code, _("Evidence file"), _("Document number"), _("Document date"),
		            _("Upload"));
	}
	if (v->can_appraise) {
		html_printf(r, "<form method=\"post\" action=\"/appraisals/%u/%u/scores\">", fw, unit);
		html_csrf_field(r);
		html_printf(r, "<input type=\"hidden\" name=\"criterion\" value=\"%h\"><label>%h "
		               "<input name=\"appraised\" type=\"text\" inputmode=\"decimal\" size=\"8\" "
		               "required></label> <label>%h <textarea name=\"reason\"></textarea></label>"
		               "<button type=\"submit\">%h</button></form>",
		            n->code, _("Appraised points"), _("Reason (required when different)"),
		            _("Propose"));
	}
	bool adjusted = it->has_appraised && (!it->has_self || it->appraised != it->self);
	if (v->can_reply && adjusted) {
		html_printf(r, "<form method=\"post\" action=\"/replies/%u/%u\">", fw, unit);
		html_csrf_field(r);
		html_printf(r, "<input type=\"hidden\" name=\"criterion\" value=\"%h\"><label>%h "
		               "<textarea name=\"text\" required></textarea></label>"
		               "<button type=\"submit\">%h</button></form>",
		            n->code, _("Your reply"), _("Send reply"));
	}
	if (v->can_decide && it->reply && !it->reply->decision) {
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

/* A formula criterion: computed from metrics, with its value for the
 * unit when the viewer is the council or the office. */
static void formula_section(struct req *r, const struct assessment_view *v, int i)
{
	const struct frm_node *n = &v->fw->nodes[i];
	const struct assessment_item *it = &v->items[i];
	html_printf(r, "<section class=\"criterion formula\" id=\"c-%h\"><h4>%h %h</h4><p>%h "
	               "(%h %h)</p>",
	            n->code, n->code, n->title, _("Computed from metrics"), _("at most"),
	            num(r, n->max));
	if (v->can_appraise || v->can_decide) {
		if (!it->applies)
			html_printf(r, "<p>%h</p>", _("not applicable"));
		else if (it->has_computed)
			html_printf(r, "<table class=\"values\"><tbody><tr><th scope=\"row\">%h</th>"
			               "<td class=\"num\"><strong>%h</strong></td></tr></tbody></table>",
			            _("Computed value"), num(r, it->computed));
		else
			html_printf(r, "<p>%h</p>", _("Computed value: a metric is missing"));
	}
	if (n->formula_text)
		html_printf(r, "<p><small>%h: <code>%h</code></small></p>", _("Formula"), n->formula_text);
	html_printf(r, "</section>");
}

/* Whether a refused or to-be-confirmed item lies in nodes [from, to). */
static bool typed_within(const struct assessment_view *v, const struct typed *t, int from, int to)
{
	for (int i = from; t && i < to; i++) {
		const struct self_score_item *x = typed_item(t, v->fw->nodes[i].code);
		if (x && (x->self_vi || x->expl_vi || (t->confirm_clear && x->clear)))
			return true;
	}
	return false;
}

/* Every domain (a top-level node) is one <details>: its summary says how
 * far it is (criteria self-scored / applicable, points), so that a long
 * framework is first a list of domains. */
static void domain(struct req *r, const struct assessment_view *v, int top, const struct typed *t,
                   bool *focused)
{
	const struct frm_node *d = &v->fw->nodes[top];
	struct tally ty = tally_of(v, top, d->end);
	html_printf(r, "<details class=\"domain\" id=\"d-%h\"%s><summary><span class=\"domain-title\">"
	               "%h %h</span> <span class=\"domain-state\">",
	            d->code, typed_within(v, t, top, d->end) ? " open" : "", d->code, d->title);
	if (ty.total)
		html_printf(r, "%ld/%ld %h · %h/%h %h", ty.done, ty.total, _("self-scored"),
		            num(r, ty.self), num(r, ty.max), _("points"));
	else
		html_printf(r, "%h", _("Computed from metrics"));
	html_printf(r, "</span></summary>");
	if (v->can_appraise && ty.total) {
		html_printf(r, "<form class=\"bulk\" method=\"post\" action=\"/appraisals/%u/%u/sections\">",
		            v->fw->code, v->unit);
		html_csrf_field(r);
		html_printf(r, "<input type=\"hidden\" name=\"section\" value=\"%h\"><label>%h "
		               "<input name=\"reason\" required maxlength=\"2000\"></label> "
		               "<button type=\"submit\">%h %h</button></form>",
		            d->code, _("Reason"), _("Accept the self points of section"), d->code);
	}
	for (int i = top; i < d->end; i++) {
		const struct frm_node *n = &v->fw->nodes[i];
		if (n->method == FRM_METHOD_ASSESSED)
			criterion_section(r, v, i, t, focused);
		else if (n->method == FRM_METHOD_FORMULA)
			formula_section(r, v, i);
		else if (i != top)
			html_printf(r, "<h3>%h %h <small>(%h)</small></h3>", n->code, n->title,
			            num(r, n->max));
	}
	if (v->can_edit)
		html_printf(r, "<p><button type=\"submit\" form=\"self-form\">%h</button></p>",
		            _("Save everything typed"));
	html_printf(r, "</details>");
}

/* The top of a refused save: every refusal, each a link to its field. */
static void error_summary(struct req *r, const struct assessment_view *v, const struct typed *t)
{
	if (!t || (!t->bad && !t->error))
		return;
	html_printf(r, "<div class=\"error-summary\" role=\"alert\" id=\"error-summary\" "
	               "tabindex=\"-1\"><h2>%h</h2>",
	            _("Nothing was saved: correct what is marked and save again"));
	if (t->error)
		html_printf(r, "<p>%h</p>", t->error);
	html_printf(r, "<ul>");
	for (size_t i = 0; i < t->n; i++) {
		const struct self_score_item *x = &t->items[i];
		if (x->self_vi)
			html_printf(r, "<li><a href=\"#self-%h\">%h: %h</a></li>", x->criterion,
			            x->criterion, msg(r, x->self_vi, x->self_en));
		if (x->expl_vi)
			html_printf(r, "<li><a href=\"#expl-%h\">%h: %h</a></li>", x->criterion,
			            x->criterion, msg(r, x->expl_vi, x->expl_en));
	}
	html_printf(r, "</ul></div>");
	(void)v;
}

/* The confirmation step of a save that clears saved points: the same
 * form, drawn again with everything typed, and a button that confirms. */
static void clear_confirmation(struct req *r, const struct typed *t)
{
	if (!t || !t->confirm_clear)
		return;
	html_printf(r, "<div class=\"confirm\" role=\"alert\" id=\"confirm-clear\"><h2>%h</h2><p>%h",
	            _("Clear saved points?"), _("Nothing is saved yet. The saved points of these "
	                                        "criteria will be erased:"));
	for (size_t i = 0, k = 0; i < t->n; i++)
		if (t->items[i].clear)
			html_printf(r, "%s <a href=\"#c-%h\">%h</a>", k++ ? "," : "", t->items[i].criterion,
			            t->items[i].criterion);
	html_printf(r, "</p><p><button type=\"submit\" form=\"self-form\" name=\"confirm\" "
	               "value=\"clear\" autofocus>%h</button> <a href=\"/assessments/%u/%u\">%h</a>"
	               "</p></div>",
	            _("Yes, clear them and save"), r->path_params[0], r->path_params[1],
	            _("Cancel (discard what was typed)"));
}

static void guidance(struct req *r, const struct assessment_view *v)
{
	struct tally t = tally_of(v, 0, (int)v->fw->nnodes);
	if (!t.total)
		return;
	html_printf(r, "<section class=\"guidance\" aria-labelledby=\"progress-h\"><h2 id=\"progress-h\">"
	               "%h</h2><p><label for=\"progress\">%ld/%ld %h</label> <progress id=\"progress\" "
	               "max=\"%ld\" value=\"%ld\">%ld/%ld</progress></p><p>%h: <strong "
	               "id=\"running-total\">%h</strong> / %h %h</p>",
	            _("Progress"), t.done, t.total, _("criteria self-scored"), t.total, t.done, t.done,
	            t.total, _("Self-scored points (saved)"), num(r, t.self), num(r, t.max),
	            _("points"));
	if (v->can_edit) /* filled in by 30-assessment.js while typing */
		html_printf(r, "<p id=\"typed-total-line\" hidden>%h: <output id=\"typed-total\" "
		               "for=\"self-form\"></output></p>",
		            _("With what is typed now (not saved yet)"));
	if (v->can_submit) {
		if (v->nblockers) {
			html_printf(r, "<div class=\"blockers\" id=\"blockers\"><p>%h (%zu):</p><ul>",
			            _("Still needed before submitting"), v->nblockers);
			for (size_t i = 0; i < v->nblockers; i++)
				html_printf(r, "<li><a href=\"#c-%h\">%h</a>: %h</li>", v->blockers[i].criterion,
				            v->blockers[i].criterion,
				            msg(r, v->blockers[i].vi, v->blockers[i].en));
			html_printf(r, "</ul></div>");
		} else {
			html_printf(r, "<p>%h</p>", _("Everything needed is there: the self-assessment can be "
			                              "submitted."));
		}
	}
	html_printf(r, "</section>");
}

static void render(struct req *r, const struct assessment_view *v, const struct typed *t)
{
	const char *fw = v->fw->code, *unit = v->unit;
	html_page_begin(r, arena_printf(r->arena, "%s — %s", v->unit_name, v->fw->title));
	cycle_banner(r, v);
	error_summary(r, v, t);
	clear_confirmation(r, t);
	guidance(r, v);
	if (v->can_edit) {
		html_printf(r, "<form id=\"self-form\" class=\"self-form\" method=\"post\" "
		               "action=\"/assessments/%u/%u/scores\">",
		            fw, unit);
		html_csrf_field(r);
		html_printf(r, "<p class=\"hint\">%h <span class=\"unsaved\" id=\"unsaved\" hidden>%h"
		               "</span></p></form>",
		            _("Type the points and explanations of any criteria, then save once: "
		              "everything typed is kept. An empty field keeps the saved points."),
		            _("Unsaved changes"));
	}
	bool focused = t && t->confirm_clear;
	for (size_t i = 0; i < v->fw->nnodes;) {
		const struct frm_node *n = &v->fw->nodes[i];
		domain(r, v, (int)i, t, &focused);
		i = n->end > (int)i ? (size_t)n->end : i + 1;
	}
	if (v->can_edit)
		html_printf(r, "<p><button type=\"submit\" form=\"self-form\">%h</button></p>",
		            _("Save everything typed"));
	if (v->can_submit) {
		html_printf(r, "<form method=\"post\" action=\"/assessments/%u/%u/submit\">", fw, unit);
		html_csrf_field(r);
		html_printf(r, "<button type=\"submit\">%h</button></form>",
		            _("Submit the self-assessment"));
	}
	office_forms(r, v);
	html_page_end(r);
}

void page_assessment(struct req *r)
{
	const char *fw = req_path_param(r, 0), *unit = req_path_param(r, 1);
	struct diags d;
	diags_init(&d);
	struct actor who = web_actor(r);
	struct assessment_view v;
	enum px_err e = app_assessment_view(&r->app, &who, fw, unit, &v, &d);
	if (e != PX_OK)
		page_error(r, web_status_of(e), web_diag_text(r, &d));
	else
		render(r, &v, NULL);
	diags_free(&d);
}

/* The page's one form: every criterion's self:CODE, explanation:CODE and
 * clear:CODE (and the single criterion= self= explanation= of a form of
 * one criterion). One app_self_assess, all or nothing; refused, the page
 * is drawn again (422) with everything typed; a "clear" asks first. */
void page_assessment_score(struct req *r)
{
	struct page_form f;
	page_form_begin(r, &f);
	struct assessment_view v;
	enum px_err e = app_assessment_view(&r->app, &f.who, f.fw, f.unit, &v, &f.d);
	if (e != PX_OK) {
		page_form_end(r, &f, e, NULL);
		return;
	}
	struct typed t = {0};
	t.items = arena_array(r->arena, v.fw->nassessed + 1, sizeof *t.items);
	bool any_clear = false;
	for (size_t k = 0; k < v.fw->nassessed; k++) {
		const struct frm_node *n = &v.fw->nodes[v.fw->assessed[k]];
		bool single = !strcmp(f.crit, n->code);
		const char *self = req_param(r, arena_printf(r->arena, "self:%s", n->code));
		const char *expl = req_param(r, arena_printf(r->arena, "explanation:%s", n->code));
		const char *clr = req_param(r, arena_printf(r->arena, "clear:%s", n->code));
		if (single) {
			self = self ? self : req_param(r, "self");
			expl = expl ? expl : req_param(r, "explanation");
			clr = clr ? clr : req_param(r, "clear");
		}
		if (!self && !expl && !clr)
			continue;
		struct self_score_item *x = &t.items[t.n++];
		x->criterion = n->code;
		x->self_text = self ? self : "";
		x->explanation = expl;
		x->clear = clr && *clr;
		any_clear |= x->clear;
	}
	const char *confirm = req_param(r, "confirm");
	if (any_clear && !(confirm && !strcmp(confirm, "clear"))) {
		t.confirm_clear = true; /* nothing written yet: ask */
		render(r, &v, &t);
		diags_free(&f.d);
		return;
	}
	size_t changed = 0;
	e = app_self_assess(&r->app, &f.who, f.fw, f.unit, t.items, t.n, &changed, &f.d);
	if (e == PX_BADINPUT) {
		for (size_t i = 0; i < t.n; i++)
			t.bad += t.items[i].self_vi || t.items[i].expl_vi;
		if (!t.bad)
			t.error = web_diag_text(r, &f.d);
		/* drawn again from what is stored (unchanged) and what was typed */
		struct diags d2;
		diags_init(&d2);
		if (app_assessment_view(&r->app, &f.who, f.fw, f.unit, &v, &d2) == PX_OK) {
			render(r, &v, &t);
			r->status = 422; /* after the page began, as html_error_page does */
		} else {
			page_error(r, 500, "internal error");
		}
		diags_free(&d2);
		diags_free(&f.d);
		return;
	}
	page_back(r, arena_printf(r->arena, "/assessments/%s/%s", f.fw, f.unit),
	          *f.crit ? f.crit : NULL, e, &f.d, "Saved");
	diags_free(&f.d);
}

/* Removes an evidence file before submission (the remove-evidence verb). */
void page_assessment_evidence_remove(struct req *r)
{
	struct page_form f;
	page_form_begin(r, &f);
	const char *sid = req_param(r, "id");
	char *end = NULL;
	long long id = sid ? strtoll(sid, &end, 10) : 0;
	enum px_err e = PX_BADINPUT;
	const char *crit = NULL;
	if (!sid || !*sid || *end || id <= 0)
		diag_err(&f.d, NULL, 0, 0, "thiếu mã minh chứng", "no evidence id");
	else
		e = app_evidence_remove(&r->app, &f.who, f.fw, f.unit, id, &crit, &f.d);
	page_form_end(r, &f, e, "Evidence removed");
}

/* An assigned member accepts the self points of a whole section. */
void page_appraisal_section(struct req *r)
{
	struct page_form f;
	page_form_begin(r, &f);
	size_t accepted = 0, skipped = 0;
	enum px_err e = app_appraise_section(&r->app, &f.who, f.fw, f.unit, req_param(r, "section"),
	                                     req_param(r, "reason"), &accepted, &skipped, &f.d);
	page_form_end(r, &f, e, "Self points of the section accepted");
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

/* Submitting asks first: without confirm=1 the answer is a page that
 * says what will be submitted (or, when something is missing, every
 * criterion still missing, with links) and a button that confirms. */
void page_assessment_submit(struct req *r)
{
	struct page_form f;
	page_form_begin(r, &f);
	const char *confirm = req_param(r, "confirm");
	if (confirm && !strcmp(confirm, "1")) {
		page_form_end(r, &f, app_self_submit(&r->app, &f.who, f.fw, f.unit, &f.d), "Submitted");
		return;
	}
	struct assessment_view v;
	enum px_err e = app_assessment_view(&r->app, &f.who, f.fw, f.unit, &v, &f.d);
	if (e == PX_OK && !v.can_submit)
		e = app_self_submit(&r->app, &f.who, f.fw, f.unit, &f.d); /* says why not */
	if (e != PX_OK) {
		page_form_end(r, &f, e, NULL);
		return;
	}
	struct tally t = tally_of(&v, 0, (int)v.fw->nnodes);
	html_page_begin(r, arena_printf(r->arena, "%s — %s", _("Submit the self-assessment"),
	                                v.unit_name));
	html_printf(r, "<section class=\"confirm\" aria-labelledby=\"confirm-h\"><h2 id=\"confirm-h\">"
	               "%h</h2><p>%h — %h</p><p>%ld/%ld %h · %h/%h %h</p>",
	            _("Submit the self-assessment?"), v.unit_name, v.fw->title, t.done, t.total,
	            _("criteria self-scored"), num(r, t.self), num(r, t.max), _("points"));
	if (v.nblockers) {
		html_printf(r, "<div class=\"blockers\" role=\"alert\"><p>%h (%zu):</p><ul>",
		            _("It cannot be submitted yet. Still needed"), v.nblockers);
		for (size_t i = 0; i < v.nblockers; i++)
			html_printf(r, "<li><a href=\"/assessments/%u/%u#c-%u\">%h</a>: %h</li>", f.fw, f.unit,
			            v.blockers[i].criterion, v.blockers[i].criterion,
			            msg(r, v.blockers[i].vi, v.blockers[i].en));
		html_printf(r, "</ul></div><p><a href=\"/assessments/%u/%u\">%h</a></p>", f.fw, f.unit,
		            _("Back to the assessment"));
	} else {
		html_printf(r, "<p>%h</p><form method=\"post\" action=\"/assessments/%u/%u/submit\">",
		            _("After submitting, the unit can no longer change its points, explanations "
		              "or evidence."),
		            f.fw, f.unit);
		html_csrf_field(r);
		html_printf(r, "<input type=\"hidden\" name=\"confirm\" value=\"1\"><button "
		               "type=\"submit\" autofocus>%h</button> <a href=\"/assessments/%u/%u\">%h</a>"
		               "</form>",
		            _("Yes, submit"), f.fw, f.unit, _("Cancel"));
	}
	html_printf(r, "</section>");
	html_page_end(r);
	diags_free(&f.d);
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
	for (size_t i = 0; i < n; i++) {
		char at[DATETIME_LOCAL_LEN];
		html_printf(r, "<tr><td><time datetime=\"%h\">%h</time></td><td>%h</td><td>%h</td><td>",
		            h[i].at, datetime_text_local(h[i].at, at), h[i].actor,
		            web_audit_action(r, h[i].action));
		/* built by html_strf: escaped already */
		str_adds(&r->out, web_audit_detail_html(r, h[i].detail));
		html_printf(r, "</td></tr>");
	}
	html_printf(r, "</tbody></table>");
	html_page_end(r);
	diags_free(&d);
}
