/*
 * The evaluation pages (shared/formats/evaluation.md): my evaluations
 * (the year's months and the self-evaluation form), the unit's month
 * (everyone's points, the quota gauge, the manager's score form per
 * person, the head's approval), the unit's year (the classification with
 * reasons and a chart of the levels). Every decision (who sees whom, who
 * may do what, the rules) is app/evaluation*.c's; a refused form is drawn
 * again (422) with what was typed and the message next to its field.
 */
#include "web/chart_view.h"
#include "web/html.h"
#include "web/page_common.h"
#include "web/pages.h"
#include "web/page_report.h"
#include "app/cycle.h"
#include "app/evaluation.h"
#include "app/evaluation_flow.h"
#include "app/evaluation_deadline.h"
#include "base/arena.h"
#include "base/datetime.h"
#include "store/repo_unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool is_en(const struct req *r)
{
	return r->lang && !strcmp(r->lang, "en");
}

static const char *points(const struct req *r, long centi)
{
	char b[32];
	eval_points_format(centi, is_en(r) ? '.' : ',', b, sizeof b);
	return arena_strdup(r->arena, b);
}

static const char *this_month(struct req *r)
{
	char b[9];
	period_format(period_month_of(app_today()), b);
	return arena_strdup(r->arena, b);
}

/* "2025-03" as the reader writes it: "03/2025" in Vietnamese. */
static const char *show_month(const struct req *r, const char *m)
{
	if (is_en(r) || !m || strlen(m) != 7)
		return m ? m : "";
	return arena_printf(r->arena, "%.2s/%.4s", m + 5, m);
}

/* "2026-12-03" as dd/mm/yyyy in Vietnamese. */
static const char *show_date(const struct req *r, const char *d)
{
	if (is_en(r) || strlen(d) != 10)
		return arena_strdup(r->arena, d);
	return arena_printf(r->arena, "%.2s/%.2s/%.4s", d + 8, d + 5, d);
}

static const char *state_text(struct req *r, const char *s)
{
	if (!strcmp(s, "missing"))
		return _("not evaluated yet");
	if (!strcmp(s, "self_evaluated"))
		return _("self-evaluated");
	if (!strcmp(s, "scored"))
		return _("scored by the manager");
	if (!strcmp(s, "approved"))
		return _("approved");
	return s;
}

/* The typed value of a form field, or dflt. */
static const char *typed(const struct req *r, const char *name, const char *dflt)
{
	const char *v = req_param(r, name);
	return v ? v : dflt;
}

/* The points typed per component ("p_<code>") in rule order. */
static struct eval_flow_args typed_points(struct req *r, const struct eval_rules *rules)
{
	const char **v = arena_array(r->arena, rules->ncomp + 1, sizeof *v);
	for (size_t i = 0; i < rules->ncomp; i++)
		v[i] = req_param(r, arena_printf(r->arena, "p_%s", rules->comp[i].code));
	struct eval_flow_args a = {v, rules->ncomp, req_param(r, "comment"), NULL, NULL, 0};
	if (rules->tasks_from_items) {
		/* the rows drawn are named i<N>_title ... for N = 1..nrows */
		long rows = strtol(typed(r, "nrows", "0"), NULL, 10);
		if (rows < 0 || rows > EVAL_MAX_ITEMS + 5)
			rows = EVAL_MAX_ITEMS + 5;
		struct eval_item_in *it = arena_array(r->arena, (size_t)rows + 1, sizeof *it);
		for (long i = 0; i < rows; i++)
			it[i] = (struct eval_item_in){
				req_param(r, arena_printf(r->arena, "i%ld_title", i + 1)),
				req_param(r, arena_printf(r->arena, "i%ld_quantity", i + 1)),
				req_param(r, arena_printf(r->arena, "i%ld_quality", i + 1)),
				req_param(r, arena_printf(r->arena, "i%ld_progress", i + 1))};
		a.items = it;
		a.nitems = (size_t)rows;
	}
	return a;
}

static const char *const item_fields[] = {"quantity", "quality", "progress"};

/* The work-item rows of a form (Decree 335 months): the stored items
 * (or, on the form that was refused, what was typed) and three blank
 * rows, each a fieldset so a phone stacks its four fields. */
static void item_inputs(struct req *r, const char *prefix, const struct eval_item_rec *have,
                        size_t nhave, bool use_typed, const char *err_field, const char *err)
{
	long typed_rows = use_typed ? strtol(typed(r, "nrows", "0"), NULL, 10) : 0;
	long rows = (long)nhave + 3;
	if (typed_rows > rows)
		rows = typed_rows;
	if (rows > EVAL_MAX_ITEMS + 5)
		rows = EVAL_MAX_ITEMS + 5;
	html_printf(r, "<fieldset class=\"eval-items\"><legend>%h</legend><p class=\"hint\">%h</p>",
	            _("Work items of the month"),
	            _("Task points = 70 × the mean of the quantity, quality and progress rates of "
	              "the items (illustrative formula). Leave a row blank to skip it."));
	if (err_field && !strcmp(err_field, "items"))
		html_printf(r, "<p class=\"flash error\" role=\"alert\" id=\"err-%h-items\">%h</p>",
		            prefix, err);
	html_printf(r, "<input type=\"hidden\" name=\"nrows\" value=\"%ld\">", rows);
	for (long i = 0; i < rows; i++) {
		const struct eval_item_rec *h = (size_t)i < nhave ? &have[i] : NULL;
		html_printf(r, "<fieldset class=\"eval-item\"><legend>%h %ld</legend>", _("Item"), i + 1);
		const char *name = arena_printf(r->arena, "i%ld_title", i + 1);
		const char *id = arena_printf(r->arena, "%s-item%ld-title", prefix, i + 1);
		const char *where = arena_printf(r->arena, "item%ld.title", i + 1);
		bool bad = err_field && !strcmp(err_field, where);
		html_printf(r, "<p><label for=\"%h\">%h</label> <input type=\"text\" id=\"%h\" "
		               "name=\"%h\" maxlength=\"500\" value=\"%h\"",
		            id, _("Work done"), id, name,
		            use_typed ? typed(r, name, "") : h ? h->title : "");
		if (bad)
			html_printf(r, " aria-invalid=\"true\" aria-describedby=\"err-%h\" autofocus> "
			               "<span class=\"flash error\" role=\"alert\" id=\"err-%h\">%h</span></p>",
			            id, id, err);
		else
			html_printf(r, "></p>");
		html_printf(r, "<div class=\"eval-rates\">");
		for (int f = 0; f < 3; f++) {
			name = arena_printf(r->arena, "i%ld_%s", i + 1, item_fields[f]);
			id = arena_printf(r->arena, "%s-item%ld-%s", prefix, i + 1, item_fields[f]);
			where = arena_printf(r->arena, "item%ld.%s", i + 1, item_fields[f]);
			bad = err_field && !strcmp(err_field, where);
			long hv = !h ? 0 : f == 0 ? h->quantity : f == 1 ? h->quality : h->progress;
			const char *label = f == 0 ? _("Quantity %") : f == 1 ? _("Quality %") : _("Progress %");
			html_printf(r, "<p><label for=\"%h\">%h</label> <input type=\"number\" id=\"%h\" "
			               "name=\"%h\" min=\"0\" max=\"100\" step=\"1\" inputmode=\"numeric\" "
			               "value=\"%h\"",
			            id, label, id, name,
			            use_typed ? typed(r, name, "") : h ? arena_printf(r->arena, "%ld", hv) : "");
			if (bad)
				html_printf(r, " aria-invalid=\"true\" aria-describedby=\"err-%h\" autofocus> "
				               "<span class=\"flash error\" role=\"alert\" id=\"err-%h\">%h</span></p>",
				            id, id, err);
			else
				html_printf(r, "></p>");
		}
		html_printf(r, "</div></fieldset>");
	}
	html_printf(r, "</fieldset>");
}

/* The work items of a row as a read-only table (the manager's view). */
static void items_table(struct req *r, const struct eval_month_row *m)
{
	if (!m->nitems)
		return;
	html_table_begin(r, arena_printf(r->arena, "%s %s", _("Work items of"), m->name));
	html_printf(r, "<caption>%h %h (%h)</caption><thead><tr><th scope=\"col\">%h</th>"
	               "<th scope=\"col\" class=\"num\">%h</th><th scope=\"col\" class=\"num\">%h</th>"
	               "<th scope=\"col\" class=\"num\">%h</th></tr></thead><tbody>",
	            _("Work items of"), m->name,
	            !strcmp(m->items_stage, "manager") ? _("as the manager confirmed them")
	                                               : _("as listed by the staff member"),
	            _("Work done"), _("Quantity %"), _("Quality %"), _("Progress %"));
	for (size_t i = 0; i < m->nitems; i++)
		html_printf(r, "<tr><td>%h</td><td class=\"num\">%ld</td><td class=\"num\">%ld</td>"
		               "<td class=\"num\">%ld</td></tr>",
		            m->items[i].title, m->items[i].quantity, m->items[i].quality,
		            m->items[i].progress);
	html_printf(r, "</tbody>");
	html_table_end(r);
}

/* The inputs of one form's points; err_field names the component the
 * message is about (NULL: none). prefix keeps ids unique on a page. */
static void point_inputs(struct req *r, const struct eval_rules *rules, const char *prefix,
                         const long *have, const bool *has, const char *err_field,
                         const char *err)
{
	for (size_t i = 0; i < rules->ncomp; i++) {
		const struct eval_component *k = &rules->comp[i];
		if (rules->tasks_from_items && !strcmp(k->code, "tasks"))
			continue; /* computed from the work items */
		const char *name = arena_printf(r->arena, "p_%s", k->code);
		const char *id = arena_printf(r->arena, "%s-%s", prefix, k->code);
		const char *dflt = has && has[i] ? arena_printf(r->arena, "%ld.%02ld", have[i] / 100,
		                                                have[i] % 100)
		                                 : "";
		bool bad = err_field && !strcmp(err_field, k->code);
		char mx[32];
		eval_points_format(k->max, '.', mx, sizeof mx);
		html_printf(r, "<p><label for=\"%h\">%h (0–%h)</label> <input type=\"number\" id=\"%h\" "
		               "name=\"%h\" min=\"0\" max=\"%h\" step=\"0.01\" inputmode=\"decimal\" "
		               "required value=\"%h\"",
		            id, is_en(r) ? k->title_en : k->title_vi, mx, id, name, mx,
		            typed(r, name, dflt));
		if (bad)
			html_printf(r, " aria-invalid=\"true\" aria-describedby=\"err-%h\" autofocus>"
			               " <span class=\"flash error\" role=\"alert\" id=\"err-%h\">%h</span></p>",
			            id, id, err);
		else
			html_printf(r, "></p>");
	}
}

/* The staff record of the signed-in user (login = staff code), or NULL. */
static const struct staff_rec *me(struct req *r)
{
	struct staff_rec *s;
	size_t n;
	if (!r->user || app_staff_list(&r->app, NULL, &s, &n) != PX_OK)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (!strcasecmp(s[i].code, r->user->login)) /* logins are lower case */
			return &s[i];
	return NULL;
}

static void my_page(struct req *r, const char *err_field, const char *err)
{
	struct actor who = web_actor(r);
	const struct staff_rec *st = me(r);
	const char *month = typed(r, "month", this_month(r));
	html_page_begin(r, _("My evaluations"));
	if (!st) {
		html_printf(r, "<p>%h</p>", _("Your account is not a staff member's (the login is not a staff code)."));
	} else {
		html_printf(r, "<p>%h — %h</p>", st->name, st->unit_code);
		int year = atoi(month);
		html_table_begin(r, _("My evaluations"));
		html_printf(r, "<caption>%h %d</caption><thead><tr><th scope=\"col\">%h</th>"
		               "<th scope=\"col\" class=\"num\">%h</th><th scope=\"col\">%h</th>"
		               "<th scope=\"col\">%h</th></tr></thead><tbody>",
		            _("Monthly evaluations"), year, _("Month"), _("Total"), _("Grade"), _("State"));
		for (int m = 1; m <= 12; m++) {
			const char *mm = arena_printf(r->arena, "%04d-%02d", year, m);
			struct eval_month_view v;
			struct diags d;
			diags_init(&d);
			const struct eval_month_row *row = NULL;
			if (app_eval_month(&r->app, &who, st->unit_code, mm, &v, &d) == PX_OK)
				for (size_t i = 0; i < v.n; i++)
					if (!strcmp(v.rows[i].staff, st->code))
						row = &v.rows[i];
			diags_free(&d);
			if (!row)
				continue;
			html_printf(r, "<tr><td>%h</td><td class=\"num\">%h</td><td>%h</td><td>%h</td></tr>",
			            show_month(r, mm), row->approved ? points(r, row->total) : "",
			            row->approved ? v.rules.grades[row->grade].code : "",
			            state_text(r, row->state));
		}
		html_printf(r, "</tbody>");
		html_table_end(r);
		html_printf(r, "<p><a href=\"/evaluation/people/%u/year/%d\">%h</a></p>", st->code, year,
		            _("My year at a glance"));
		struct eval_rules rules;
		struct diags d;
		diags_init(&d);
		struct period p;
		bool have_rules = period_parse(month, strlen(month), &p) && p.kind == PERIOD_MONTH &&
		                  app_eval_rules_on(&r->app, period_first_day(p), &rules, &d) == PX_OK;
		diags_free(&d);
		const char *verbs[4];
		size_t nv = have_rules ? app_eval_allowed(&r->app, &who, st->code, month, verbs, 4) : 0;
		if (wf_has(verbs, nv, "self")) {
			html_printf(r, "<h2 id=\"self\">%h %h</h2>", _("Self-evaluation for"),
			            show_month(r, month));
			if (err && !err_field)
				html_printf(r, "<p class=\"flash error\" role=\"alert\">%h</p>", err);
			html_printf(r, "<form method=\"post\" action=\"/evaluation/self\">");
			html_csrf_field(r);
			html_printf(r, "<input type=\"hidden\" name=\"month\" value=\"%h\">", month);
			point_inputs(r, &rules, "self", NULL, NULL, err_field, err);
			if (rules.tasks_from_items) {
				const struct eval_month_row *mine = NULL;
				struct eval_month_view mv;
				struct diags d2;
				diags_init(&d2);
				if (app_eval_month(&r->app, &who, st->unit_code, month, &mv, &d2) == PX_OK)
					for (size_t i = 0; i < mv.n; i++)
						if (!strcmp(mv.rows[i].staff, st->code))
							mine = &mv.rows[i];
				diags_free(&d2);
				item_inputs(r, "self", mine ? mine->items : NULL, mine ? mine->nitems : 0,
				            err != NULL, err_field, err);
			}
			html_printf(r, "<p><label for=\"comment\">%h</label> <textarea id=\"comment\" "
			               "name=\"comment\" rows=\"3\">%h</textarea></p>"
			               "<button type=\"submit\">%h</button></form>",
			            _("Comment"), typed(r, "comment", ""), _("Save the self-evaluation"));
		} else if (err) {
			html_printf(r, "<p class=\"flash error\" role=\"alert\">%h</p>", err);
		}
	}
	html_printf(r, "<h2>%h</h2><form method=\"get\" action=\"/evaluation/unit\">"
	               "<p><label for=\"unit\">%h</label> <input type=\"text\" id=\"unit\" name=\"unit\" "
	               "value=\"%h\" required></p><p><label for=\"umonth\">%h</label> <input "
	               "type=\"month\" id=\"umonth\" name=\"month\" value=\"%h\" required></p>"
	               "<button type=\"submit\">%h</button></form>",
	            _("A unit's month"), _("Unit code"), st ? st->unit_code : "", _("Month"),
	            this_month(r), _("Show"));
	html_page_end(r);
}

void page_evaluation_me(struct req *r)
{
	my_page(r, NULL, NULL);
}

void page_evaluation_self(struct req *r)
{
	struct actor who = web_actor(r);
	const char *month = req_param(r, "month");
	struct diags d;
	diags_init(&d);
	struct eval_rules rules;
	struct period p;
	enum px_err e = month && period_parse(month, strlen(month), &p) && p.kind == PERIOD_MONTH
	                        ? app_eval_rules_on(&r->app, period_first_day(p), &rules, &d)
	                        : PX_BADINPUT;
	if (e == PX_OK) {
		struct eval_flow_args a = typed_points(r, &rules);
		const struct staff_rec *st = me(r);
		e = app_eval_apply(&r->app, &who, "self", st ? st->code : r->user->login, month, &a,
		                   &d);
	}
	if (e == PX_OK) {
		resp_redirect(r, arena_printf(r->arena, "/evaluation?month=%s&saved=1", month));
	} else if (e == PX_BADINPUT && d.n) {
		my_page(r, d.v[0].where, is_en(r) ? d.v[0].en : d.v[0].vi);
		r->status = 422;
	} else {
		page_app_error(r, e, &d);
	}
	diags_free(&d);
}

/* GET /evaluation/unit?unit=&month=: to the unit's month page. */
void page_evaluation_pick(struct req *r)
{
	const char *u = req_param(r, "unit"), *m = req_param(r, "month");
	if (!u || !*u || !m || !*m) {
		page_error(r, 400, "A unit and a month are needed");
		return;
	}
	resp_redirect(r, http_local_path(r->arena, arena_printf(r->arena, "/evaluation/units/%s/%s",
	                                                         u, m)));
}

static void unit_month_page(struct req *r, const char *err_staff, const char *err_field,
                            const char *err)
{
	struct actor who = web_actor(r);
	const char *unit = req_path_param(r, 0), *month = req_path_param(r, 1);
	struct eval_month_view v;
	struct diags d;
	diags_init(&d);
	enum px_err e = app_eval_month(&r->app, &who, unit, month, &v, &d);
	if (e != PX_OK) {
		page_app_error(r, e, &d);
		diags_free(&d);
		return;
	}
	diags_free(&d);
	html_page_begin(r, arena_printf(r->arena, "%s — %s %s", unit, _("evaluation of"),
	                                show_month(r, month)));
	if (req_param(r, "saved"))
		html_printf(r, "<p class=\"flash\" role=\"status\">%h</p>", _("Saved."));
	if (err && !err_field)
		html_printf(r, "<p class=\"flash error\" role=\"alert\">%h</p>", err);
	struct eval_deadlines dl;
	int32_t today = app_today();
	bool has_dl = app_eval_deadlines(&r->app, month, &dl);
	if (has_dl) {
		char a[11], b[11];
		date_format(dl.self_due, a);
		date_format(dl.manager_due, b);
		html_printf(r, "<p class=\"eval-deadlines\">%h %h · %h %h</p>", _("Self-evaluation due"),
		            show_date(r, a), _("manager's score due"), show_date(r, b));
	}
	if (v.rules.quota.present)
		html_printf(r, "<p><label for=\"quota\">%h %h: %ld / %ld</label> <meter id=\"quota\" "
		               "min=\"0\" max=\"%ld\" high=\"%ld\" value=\"%ld\">%ld / %ld</meter> %h</p>",
		            _("Grade"), v.rules.grades[v.rules.quota.rank].code, v.holders, v.cap,
		            v.cap > v.holders ? v.cap : v.holders, v.cap, v.holders, v.holders, v.cap,
		            v.outstanding ? _("(outstanding unit: the higher share)") : "");
	html_table_begin(r, _("Evaluations of the month"));
	html_printf(r, "<caption>%h</caption><thead><tr><th scope=\"col\">%h</th>",
	            _("Evaluations of the month"), _("Staff member"));
	for (size_t c = 0; c < v.rules.ncomp; c++)
		html_printf(r, "<th scope=\"col\" class=\"num\">%h</th>",
		            is_en(r) ? v.rules.comp[c].title_en : v.rules.comp[c].title_vi);
	html_printf(r, "<th scope=\"col\" class=\"num\">%h</th><th scope=\"col\">%h</th>"
	               "<th scope=\"col\">%h</th></tr></thead><tbody>",
	            _("Total"), _("Grade"), _("State"));
	for (size_t i = 0; i < v.n; i++) {
		const struct eval_month_row *m = &v.rows[i];
		html_printf(r, "<tr><th scope=\"row\">%h<br><small>%h</small></th>", m->name, m->staff);
		for (size_t c = 0; c < v.rules.ncomp; c++)
			html_printf(r, "<td class=\"num\">%h</td>",
			            m->has_points[c] ? points(r, m->pts[c]) : "");
		const char *late = !has_dl ? ""
		                   : eval_self_late(&dl, m->state, today) ? _("self-evaluation late")
		                   : eval_manager_late(&dl, m->state, today) ? _("score late")
		                                                             : "";
		html_printf(r, "<td class=\"num\">%h</td><td>%h</td><td>%h", m->approved ? points(r, m->total) : "",
		            m->approved ? v.rules.grades[m->grade].code : "", state_text(r, m->state));
		if (*late)
			html_printf(r, " <strong class=\"eval-late\">(%h)</strong>", late);
		html_printf(r, "</td></tr>");
	}
	html_printf(r, "</tbody>");
	html_table_end(r);
	/* the work items each person listed (Decree 335 months) */
	bool any_items = false;
	for (size_t i = 0; i < v.n; i++)
		any_items |= v.rows[i].nitems > 0;
	if (any_items) {
		html_printf(r, "<h2>%h</h2>", _("Work items"));
		for (size_t i = 0; i < v.n; i++)
			items_table(r, &v.rows[i]);
	}
	/* the manager's forms: one per person they may score now */
	bool any = false;
	for (size_t i = 0; i < v.n; i++) {
		const struct eval_month_row *m = &v.rows[i];
		const char *verbs[4];
		size_t nv = app_eval_allowed(&r->app, &who, m->staff, month, verbs, 4);
		if (!wf_has(verbs, nv, "score"))
			continue;
		if (!any)
			html_printf(r, "<h2>%h</h2>", _("Score each person"));
		any = true;
		bool mine = err_staff && !strcmp(err_staff, m->staff);
		html_printf(r, "<details class=\"eval-score\"%s><summary>%h (%h)</summary>"
		               "<form method=\"post\" action=\"/evaluation/units/%u/%u/score\">",
		            mine ? " open" : "", m->name, m->staff, unit, month);
		html_csrf_field(r);
		html_printf(r, "<input type=\"hidden\" name=\"staff\" value=\"%h\">", m->staff);
		const char *prefix = arena_printf(r->arena, "s-%s", m->staff);
		if (mine) {
			point_inputs(r, &v.rules, prefix, m->pts, m->has_points, err_field, err);
		} else {
			/* other forms show the stored points, not this request's */
			for (size_t c = 0; c < v.rules.ncomp; c++) {
				const struct eval_component *k = &v.rules.comp[c];
				if (v.rules.tasks_from_items && !strcmp(k->code, "tasks"))
					continue; /* computed from the work items */
				char mx[32];
				eval_points_format(k->max, '.', mx, sizeof mx);
				const char *id = arena_printf(r->arena, "%s-%s", prefix, k->code);
				html_printf(r, "<p><label for=\"%h\">%h (0–%h)</label> <input type=\"number\" "
				               "id=\"%h\" name=\"p_%h\" min=\"0\" max=\"%h\" step=\"0.01\" "
				               "inputmode=\"decimal\" required value=\"%h\"></p>",
				            id, is_en(r) ? k->title_en : k->title_vi, mx, id, k->code, mx,
				            m->has_points[c] ? arena_printf(r->arena, "%ld.%02ld", m->pts[c] / 100,
				                                            m->pts[c] % 100)
				                             : "");
			}
		}
		if (v.rules.tasks_from_items)
			item_inputs(r, prefix, m->items, m->nitems, mine, mine ? err_field : NULL, err);
		html_printf(r, "<p><label for=\"%h-comment\">%h</label> <input type=\"text\" "
		               "id=\"%h-comment\" name=\"comment\" value=\"%h\"></p>"
		               "<button type=\"submit\">%h</button></form></details>",
		            prefix, _("Comment"), prefix, mine ? typed(r, "comment", "") : "",
		            _("Save the score"));
	}
	if (app_holds_role_over(&who, "leader", unit) || app_holds_role_over(&who, "admin", unit)) {
		html_printf(r, "<form method=\"post\" action=\"/evaluation/units/%u/%u/approve\">", unit,
		            month);
		html_csrf_field(r);
		html_printf(r, "<button type=\"submit\">%h</button></form>",
		            _("Approve the unit's month"));
	}
	if (app_grant_covers(&who, CAP_OFFICE, unit, NULL)) {
		html_printf(r, "<h2>%h</h2><form method=\"post\" action=\"/evaluation/units/%u/%u/reopen\">",
		            _("Reopen an approved month"), unit, month);
		html_csrf_field(r);
		html_printf(r, "<p><label for=\"rstaff\">%h</label> <select id=\"rstaff\" name=\"staff\">",
		            _("Staff member"));
		for (size_t i = 0; i < v.n; i++)
			if (v.rows[i].approved)
				html_printf(r, "<option value=\"%h\">%h (%h)</option>", v.rows[i].staff,
				            v.rows[i].name, v.rows[i].staff);
		html_printf(r, "</select></p><p><label for=\"reason\">%h</label> <input type=\"text\" "
		               "id=\"reason\" name=\"reason\" required></p><button type=\"submit\">%h"
		               "</button></form>",
		            _("Reason"), _("Reopen"));
	}
	page_report_links(r, r->path, "", true);
	html_printf(r, "<p><a href=\"/evaluation/units/%u/year/%u\">%h</a></p>", unit,
	            arena_strndup(r->arena, month, 4), _("The year's classification"));
	html_page_end(r);
}

void page_evaluation_unit_month(struct req *r)
{
	enum doc_format df;
	bool answered;
	if (page_report_format(r, &df, &answered)) {
		if (!answered) {
			struct actor who = web_actor(r);
			const char *unit = req_path_param(r, 0), *month = req_path_param(r, 1);
			struct diags d;
			diags_init(&d);
			struct doc *doc = NULL;
			enum px_err e = app_report_eval_month(&r->app, &who, unit, month, r->lang, &doc, &d);
			page_report_send(r, e, doc, &d, df,
			                 arena_printf(r->arena, "Đánh giá %s tháng %s", unit, month),
			                 arena_printf(r->arena, "evaluation-%s-%s", unit, month));
			diags_free(&d);
		}
		return;
	}
	unit_month_page(r, NULL, NULL, NULL);
}

void page_evaluation_score(struct req *r)
{
	struct actor who = web_actor(r);
	const char *unit = req_path_param(r, 0), *month = req_path_param(r, 1);
	const char *staff = req_param(r, "staff");
	struct diags d;
	diags_init(&d);
	struct eval_rules rules;
	struct period p;
	enum px_err e = period_parse(month, strlen(month), &p) && p.kind == PERIOD_MONTH
	                        ? app_eval_rules_on(&r->app, period_first_day(p), &rules, &d)
	                        : PX_BADINPUT;
	if (e == PX_OK) {
		struct eval_flow_args a = typed_points(r, &rules);
		e = app_eval_apply(&r->app, &who, "score", staff, month, &a, &d);
	}
	if (e == PX_OK) {
		resp_redirect(r, arena_printf(r->arena, "%s?saved=1",
		                              http_local_path(r->arena, arena_printf(r->arena,
		                                              "/evaluation/units/%s/%s", unit, month))));
	} else if (e == PX_BADINPUT && d.n) {
		unit_month_page(r, staff, d.v[0].where, is_en(r) ? d.v[0].en : d.v[0].vi);
		r->status = 422;
	} else {
		page_app_error(r, e, &d);
	}
	diags_free(&d);
}

void page_evaluation_approve(struct req *r)
{
	struct actor who = web_actor(r);
	const char *unit = req_path_param(r, 0), *month = req_path_param(r, 1);
	struct diags d;
	diags_init(&d);
	long n = 0;
	enum px_err e = app_eval_unit_approve(&r->app, &who, unit, month, &n, &d);
	if (e == PX_OK) {
		resp_redirect(r, arena_printf(r->arena, "%s?saved=1",
		                              http_local_path(r->arena, arena_printf(r->arena,
		                                              "/evaluation/units/%s/%s", unit, month))));
	} else if (e == PX_BADINPUT && d.n) {
		unit_month_page(r, NULL, NULL, is_en(r) ? d.v[0].en : d.v[0].vi);
		r->status = 422;
	} else {
		page_app_error(r, e, &d);
	}
	diags_free(&d);
}

static const char *const level_en[] = {"excellent", "good", "completed", "not completed",
                                       "not rated"};

void page_evaluation_unit_year(struct req *r)
{
	struct actor who = web_actor(r);
	const char *unit = req_path_param(r, 0);
	int year = atoi(req_path_param(r, 1));
	enum doc_format df;
	bool answered;
	if (page_report_format(r, &df, &answered)) {
		if (!answered) {
			struct diags d;
			diags_init(&d);
			struct doc *doc = NULL;
			enum px_err e = year >= 2000 && year <= 2100
			                        ? app_report_eval_year(&r->app, &who, unit, year, r->lang,
			                                               &doc, &d)
			                        : PX_NOTFOUND;
			page_report_send(r, e, doc, &d, df,
			                 arena_printf(r->arena, "Xếp loại năm %d %s", year, unit),
			                 arena_printf(r->arena, "classification-%s-%d", unit, year));
			diags_free(&d);
		}
		return;
	}
	struct eval_year_view v;
	struct diags d;
	diags_init(&d);
	enum px_err e = year >= 2000 && year <= 2100
	                        ? app_eval_year(&r->app, &who, unit, year, &v, &d)
	                        : PX_NOTFOUND;
	if (e != PX_OK) {
		page_app_error(r, e, &d);
		diags_free(&d);
		return;
	}
	diags_free(&d);
	html_page_begin(r, arena_printf(r->arena, "%s — %s %d", unit, _("classification of"), year));
	long count[EVAL_NLEVEL] = {0};
	for (size_t i = 0; i < v.n; i++)
		count[v.rows[i].out.level]++;
	struct chart_count c[EVAL_NLEVEL];
	for (int l = 0; l < EVAL_NLEVEL; l++)
		c[l] = (struct chart_count){is_en(r) ? level_en[l] : eval_level_vi[l], count[l],
		                            l == EVAL_NOT_RATED ? -1 : l};
	struct chart_grades_spec spec = {
		.opts = {.title = _("Annual classification"), .axis_title = _("Staff"), .lang = r->lang},
		.counts = c, .ncounts = EVAL_NLEVEL};
	web_chart(r, CHART_KIND_GRADES, &spec);
	html_table_begin(r, _("Annual classification"));
	html_printf(r, "<caption>%h</caption><thead><tr><th scope=\"col\">%h</th>"
	               "<th scope=\"col\" class=\"num\">%h</th><th scope=\"col\">%h</th>"
	               "<th scope=\"col\">%h</th><th scope=\"col\">%h</th></tr></thead><tbody>",
	            _("Annual classification"), _("Staff member"), _("Rated months"),
	            _("Months by grade"), _("Level"), _("Reason"));
	for (size_t i = 0; i < v.n; i++) {
		const struct eval_year_row *y = &v.rows[i];
		html_printf(r, "<tr><th scope=\"row\"><a href=\"/evaluation/people/%u/year/%d\">%h</a>"
		               "<br><small>%h</small></th><td class=\"num\">%ld"
		               "</td><td>%h</td><td>%h</td><td>%h</td></tr>",
		            y->staff, year, y->name, y->staff, y->in.months_rated, y->grade_counts,
		            is_en(r) ? level_en[y->out.level] : eval_level_vi[y->out.level],
		            is_en(r) ? y->out.reason_en : y->out.reason_vi);
	}
	html_printf(r, "</tbody>");
	html_table_end(r);
	page_report_links(r, r->path, "", true);
	html_page_end(r);
}

/* The office reopens one approved month (a reason is needed; audited). */
void page_evaluation_reopen(struct req *r)
{
	struct actor who = web_actor(r);
	const char *unit = req_path_param(r, 0), *month = req_path_param(r, 1);
	struct diags d;
	diags_init(&d);
	struct eval_flow_args a = {.reason = req_param(r, "reason")};
	enum px_err e = app_eval_apply(&r->app, &who, "reopen", req_param(r, "staff"), month, &a, &d);
	if (e == PX_OK) {
		resp_redirect(r, arena_printf(r->arena, "%s?saved=1",
		                              http_local_path(r->arena, arena_printf(r->arena,
		                                              "/evaluation/units/%s/%s", unit, month))));
	} else if (e == PX_BADINPUT && d.n) {
		unit_month_page(r, NULL, NULL, is_en(r) ? d.v[0].en : d.v[0].vi);
		r->status = 422;
	} else {
		page_app_error(r, e, &d);
	}
	diags_free(&d);
}
