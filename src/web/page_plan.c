/*
 * The plan pages: the plans one may see with their completion, one plan
 * as a tree by reform area with progress bars and, per task, the tasks
 * of the plans below that carry it out; one task with its report history,
 * evidence and the report form; the overdue list for urging. Every
 * decision (who sees a plan, who may report, the rules of a report) is
 * app/plan.c's; a refused report draws the form again (422) with what was
 * typed and the message next to its field.
 */
#include "web/html.h"
#include "web/page_common.h"
#include "web/page_report.h"
#include "web/pages.h"
#include "app/cycle.h"
#include "app/plan.h"
#include "base/arena.h"
#include "base/datetime.h"

#include <stdlib.h>
#include <string.h>

static bool is_en(const struct req *r)
{
	return r->lang && !strcmp(r->lang, "en");
}

/* An ISO date as the reader writes it: dd/mm/yyyy in Vietnamese. */
static const char *show_date(const struct req *r, const char *iso)
{
	int32_t d;
	if (!iso || !*iso)
		return "";
	if (is_en(r) || !date_parse(iso, strlen(iso), &d))
		return iso;
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	return arena_printf(r->arena, "%02d/%02d/%04d", dd, m, y);
}

static const char *const area_en[] = {"Direction and steering", "Institutions",
                                      "Administrative procedures", "Apparatus", "Civil service",
                                      "Public finance", "Digital government",
                                      "Impact of the reform"};
static const char *const area_vi[] = {"Công tác chỉ đạo, điều hành", "Cải cách thể chế",
                                      "Cải cách thủ tục hành chính", "Cải cách tổ chức bộ máy",
                                      "Cải cách chế độ công vụ", "Cải cách tài chính công",
                                      "Chính quyền điện tử, chính quyền số",
                                      "Tác động của cải cách hành chính"};
static const char *const state_en[] = {"done on time", "done late", "overdue", "open",
                                       "cancelled"};
static const char *const status_en[] = {"not started", "in progress", "done", "cancelled"};

static const char *state_text(const struct req *r, enum plan_state s)
{
	return is_en(r) ? state_en[s] : plan_state_vi[s];
}

static const char *status_text(const struct req *r, enum plan_status s)
{
	return is_en(r) ? status_en[s] : plan_status_vi[s];
}

static void state_cell(struct req *r, const struct plan_task_view *t)
{
	if (t->state == PLAN_OVERDUE || t->state == PLAN_DONE_LATE)
		html_printf(r, "<td><strong>%h</strong> (%ld %h)</td>", state_text(r, t->state),
		            t->days_late, _("days late"));
	else
		html_printf(r, "<td>%h</td>", state_text(r, t->state));
}

static void progress_cell(struct req *r, const struct plan_task_view *t)
{
	long p = t->has_progress ? t->progress : 0;
	html_printf(r, "<td><progress max=\"100\" value=\"%ld\" aria-label=\"%h %ld%%\">%ld%%</progress>"
	               " %ld%%</td>",
	            p, _("Progress"), p, p, p);
}

/* ?as_of=, or today. */
static int32_t page_asof(struct req *r)
{
	const char *s = req_param(r, "as_of");
	int32_t d;
	return s && *s && date_parse(s, strlen(s), &d) ? d : app_today();
}

void page_plans(struct req *r)
{
	struct actor who = web_actor(r);
	struct plan_rec *p;
	size_t n;
	if (app_plan_list(&r->app, &who, &p, &n) != PX_OK) {
		page_error(r, 500, "Internal error");
		return;
	}
	html_page_begin(r, _("PAR plans"));
	html_printf(r, "<p><a href=\"/plans/overdue\">%h</a>", _("Overdue tasks (urging)"));
	if (app_can(&who, CAP_OFFICE)) /* the office's pages (page_plan_office.c) */
		html_printf(r, " · <a href=\"/plans/import\">%h</a> · <a href=\"/plans/overview\">%h</a>",
		            _("Import a plan"), _("Overview of all units' plans"));
	html_printf(r, "</p>");
	if (!n) {
		html_printf(r, "<p>%h</p>", _("No plan yet."));
		html_page_end(r);
		return;
	}
	html_printf(r, "<figure tabindex=\"0\"><table><caption>%h</caption><thead><tr><th scope=\"col\">%h</th>"
	               "<th scope=\"col\">%h</th><th scope=\"col\" class=\"num\">%h</th>"
	               "<th scope=\"col\">%h</th><th scope=\"col\" class=\"num\">%h</th>"
	               "<th scope=\"col\">%h</th></tr></thead><tbody>",
	            _("PAR plans"), _("Plan"), _("Unit"), _("Year"), _("Superior plan"), _("Tasks"),
	            _("Done on time"));
	for (size_t i = 0; i < n; i++) {
		struct plan_view v;
		struct diags d;
		diags_init(&d);
		bool ok = app_plan_view(&r->app, &who, p[i].code, app_today(), &v, &d) == PX_OK;
		diags_free(&d);
		html_printf(r, "<tr><td><a href=\"/plans/%u\">%h</a></td><td>%h</td><td class=\"num\">%ld"
		               "</td><td>%h</td><td class=\"num\">%ld</td>",
		            p[i].code, p[i].code, p[i].unit, p[i].year,
		            p[i].parent_plan ? p[i].parent_plan : "", p[i].ntasks);
		if (ok)
			html_printf(r, "<td>%ld / %ld</td></tr>", v.counts.done_on_time, v.counts.total);
		else
			html_printf(r, "<td></td></tr>");
	}
	html_printf(r, "</tbody></table></figure>");
	html_page_end(r);
}

void page_plan(struct req *r)
{
	struct actor who = web_actor(r);
	struct plan_view v;
	struct diags d;
	diags_init(&d);
	/* ?format=xlsx|pdf: the plan's tasks as `report plan` writes them */
	enum doc_format df;
	bool answered;
	if (page_report_format(r, &df, &answered)) {
		if (!answered) {
			struct doc *doc = NULL;
			const char *code = req_path_param(r, 0);
			enum px_err re = app_report_plan(&r->app, &who, code, page_asof(r), r->lang, &doc, &d);
			page_report_send(r, re, doc, &d, df, arena_printf(r->arena, "Kế hoạch %s", code),
			                 arena_printf(r->arena, "plan-%s", code));
		}
		diags_free(&d);
		return;
	}
	enum px_err e = app_plan_view(&r->app, &who, req_path_param(r, 0), page_asof(r), &v, &d);
	if (e != PX_OK) {
		page_app_error(r, e, &d);
		diags_free(&d);
		return;
	}
	diags_free(&d);
	char day[11];
	date_format(v.asof, day);
	html_page_begin(r, arena_printf(r->arena, "%s %s", _("Plan"), v.plan.code));
	html_printf(r, "<p>%h: %h · %h: %ld", _("Unit"), v.plan.unit, _("Year"), v.plan.year);
	if (v.plan.parent_plan)
		html_printf(r, " · %h: <a href=\"/plans/%u\">%h</a>", _("Superior plan"),
		            v.plan.parent_plan, v.plan.parent_plan);
	html_printf(r, "</p><form method=\"get\" action=\"/plans/%u\"><label>%h "
	               "<input type=\"date\" name=\"as_of\" value=\"%h\"></label> "
	               "<button type=\"submit\">%h</button></form>",
	            v.plan.code, _("State on"), day, _("Show"));
	page_report_links(r, html_arena(r, "/plans/%u", v.plan.code),
	                  arena_printf(r->arena, "as_of=%s", day), true);
	long pct = v.counts.total ? v.counts.done_on_time * 100 / v.counts.total : 0;
	html_printf(r, "<p>%h: %ld / %ld · %h: %ld · %h: %ld</p>"
	               "<p><progress max=\"100\" value=\"%ld\" aria-label=\"%h\">%ld%%</progress> %ld%%</p>",
	            _("Done on time"), v.counts.done_on_time, v.counts.total, _("Done"), v.counts.done,
	            _("Not done"), v.counts.overdue, pct, _("Done on time"), pct, pct);
	for (size_t a = 0; plan_areas[a]; a++) {
		size_t in = 0;
		for (size_t i = 0; i < v.n; i++)
			in += !strcmp(v.tasks[i].task->area, plan_areas[a]);
		if (!in)
			continue;
		const char *title = is_en(r) ? area_en[a] : area_vi[a];
		html_printf(r, "<section><h3>%h</h3><figure tabindex=\"0\"><table><caption>%h</caption><thead><tr>"
		               "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
		               "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
		               "<th scope=\"col\">%h</th></tr></thead><tbody>",
		            title, title, _("Task"), _("Task title"), _("Owner"), _("Due date"), _("State"),
		            _("Progress"), _("Carried out below"));
		for (size_t i = 0; i < v.n; i++) {
			const struct plan_task_view *t = &v.tasks[i];
			if (strcmp(t->task->area, plan_areas[a]))
				continue;
			html_printf(r, "<tr><td><a href=\"/plans/%u/tasks/%u\">%h</a></td><td>%h</td>"
			               "<td>%h</td><td>%h</td>",
			            v.plan.code, t->task->code, t->task->code, t->task->title, t->task->owner,
			            show_date(r, t->task->due));
			state_cell(r, t);
			progress_cell(r, t);
			html_printf(r, "<td>");
			if (t->nbelow)
				html_printf(r, "<ul>");
			for (size_t b = 0; b < t->nbelow; b++) {
				const struct plan_task_view *c = t->below[b];
				html_printf(r, "<li><a href=\"/plans/%u/tasks/%u\">%h %h</a> (%h): %h, %ld%%</li>",
				            c->task->plan, c->task->code, c->task->plan, c->task->code,
				            c->task->owner, state_text(r, c->state),
				            c->has_progress ? c->progress : 0L);
			}
			html_printf(r, "%s</td></tr>", t->nbelow ? "</ul>" : "");
		}
		html_printf(r, "</tbody></table></figure></section>");
	}
	html_page_end(r);
}

static const char *typed(const struct req *r, const char *name, const char *dflt)
{
	const char *v = req_param(r, name);
	return v ? v : dflt;
}

/* The message for field, or NULL, and its id for aria-describedby. */
static void field_error(struct req *r, const char *field, const char *err_field, const char *err)
{
	if (err && err_field && !strcmp(field, err_field))
		html_printf(r, "<span class=\"flash error\" role=\"alert\" id=\"err-%s\">%h</span>", field,
		            err);
}

static const char *described(const char *field, const char *err_field)
{
	if (!err_field || strcmp(field, err_field))
		return "";
	if (!strcmp(field, "status"))
		return " aria-describedby=\"err-status\" aria-invalid=\"true\" autofocus";
	if (!strcmp(field, "date"))
		return " aria-describedby=\"err-date\" aria-invalid=\"true\" autofocus";
	if (!strcmp(field, "progress"))
		return " aria-describedby=\"err-progress\" aria-invalid=\"true\" autofocus";
	if (!strcmp(field, "document"))
		return " aria-describedby=\"err-document\" aria-invalid=\"true\" autofocus";
	if (!strcmp(field, "note"))
		return " aria-describedby=\"err-note\" aria-invalid=\"true\" autofocus";
	if (!strcmp(field, "file"))
		return " aria-describedby=\"err-file\" aria-invalid=\"true\" autofocus";
	return "";
}

/* The report form; after a refusal err is the message and err_field its
 * field (NULL: shown above the form). */
static void report_form(struct req *r, const struct plan_task_view *t, const char *err_field,
                        const char *err)
{
	html_printf(r, "<h3 id=\"report\">%h</h3>", _("Report on the task"));
	if (err && !err_field)
		html_printf(r, "<p class=\"flash error\" role=\"alert\">%h</p>", err);
	html_printf(r, "<form method=\"post\" action=\"/plans/%u/tasks/%u/reports\" "
	               "enctype=\"multipart/form-data\">",
	            t->task->plan, t->task->code);
	html_csrf_field(r);
	const char *st = typed(r, "status", "in_progress");
	html_printf(r, "<p><label for=\"status\">%h</label> <select id=\"status\" name=\"status\"%s>",
	            _("Status"), described("status", err_field));
	for (int s = PLAN_IN_PROGRESS; s <= PLAN_DONE; s++)
		html_printf(r, "<option value=\"%h\"%s>%h</option>", plan_status_names[s],
		            !strcmp(st, plan_status_names[s]) ? " selected" : "",
		            status_text(r, (enum plan_status)s));
	html_printf(r, "</select> ");
	field_error(r, "status", err_field, err);
	char today[11];
	date_format(app_today(), today);
	html_printf(r, "</p><p><label for=\"date\">%h</label> <input type=\"date\" id=\"date\" "
	               "name=\"date\" value=\"%h\" required%s> ",
	            _("Date"), typed(r, "date", today), described("date", err_field));
	field_error(r, "date", err_field, err);
	html_printf(r, "</p><p><label for=\"progress\">%h</label> <input type=\"number\" "
	               "id=\"progress\" name=\"progress\" min=\"0\" max=\"100\" step=\"1\" "
	               "inputmode=\"numeric\" value=\"%h\"%s> ",
	            _("Progress (%)"), typed(r, "progress", ""), described("progress", err_field));
	field_error(r, "progress", err_field, err);
	html_printf(r, "</p><p><label for=\"document\">%h</label> <input type=\"text\" "
	               "id=\"document\" name=\"document\" maxlength=\"200\" value=\"%h\"%s> ",
	            _("Output document number"), typed(r, "document", ""),
	            described("document", err_field));
	field_error(r, "document", err_field, err);
	html_printf(r, "</p><p><label for=\"note\">%h</label> <textarea id=\"note\" name=\"note\" "
	               "rows=\"3\"%s>%h</textarea> ",
	            _("Note"), described("note", err_field), typed(r, "note", ""));
	field_error(r, "note", err_field, err);
	html_printf(r, "</p><p><label for=\"file\">%h</label> <input type=\"file\" id=\"file\" "
	               "name=\"file\" multiple%s> ",
	            _("Evidence files (PDF, Word, Excel, images)"), described("file", err_field));
	field_error(r, "file", err_field, err);
	html_printf(r, "</p><button type=\"submit\">%h</button></form>", _("Save the report"));
}

/* The office's form that cancels the task (a note is needed). */
static void cancel_form(struct req *r, const struct plan_task_view *t, const char *err_field,
                        const char *err)
{
	char today[11];
	date_format(app_today(), today);
	html_printf(r, "<h3 id=\"cancel\">%h</h3><form method=\"post\" "
	               "action=\"/plans/%u/tasks/%u/cancel\">",
	            _("Cancel the task"), t->task->plan, t->task->code);
	html_csrf_field(r);
	html_printf(r, "<input type=\"hidden\" name=\"cancel_form\" value=\"1\">");
	(void)err_field;
	bool mine = err != NULL;
	html_printf(r, "<p><label for=\"cancel-date\">%h</label> <input type=\"date\" "
	               "id=\"cancel-date\" name=\"date\" value=\"%h\" required></p>"
	               "<p><label for=\"cancel-note\">%h</label> <textarea id=\"cancel-note\" "
	               "name=\"note\" rows=\"2\" required%s>%h</textarea> ",
	            _("Date"), today, _("Reason for cancelling"),
	            mine ? " aria-describedby=\"err-cancel\" aria-invalid=\"true\" autofocus" : "",
	            mine ? typed(r, "note", "") : "");
	if (mine)
		html_printf(r, "<span class=\"flash error\" role=\"alert\" id=\"err-cancel\">%h</span>",
		            err);
	html_printf(r, "</p><button type=\"submit\">%h</button></form>", _("Cancel the task"));
}

/* The task page; after a refused report, the form with err next to its
 * field. */
static void task_page(struct req *r, const char *plan, const char *task, const char *err_field,
                      const char *err)
{
	struct actor who = web_actor(r);
	struct plan_view v;
	struct diags d;
	diags_init(&d);
	enum px_err e = app_plan_view(&r->app, &who, plan, page_asof(r), &v, &d);
	const struct plan_task_view *t = NULL;
	for (size_t i = 0; e == PX_OK && i < v.n && !t; i++)
		if (!strcmp(v.tasks[i].task->code, task))
			t = &v.tasks[i];
	if (e == PX_OK && !t) {
		e = PX_NOTFOUND;
		diag_err(&d, NULL, 0, 0, "không có nhiệm vụ này", "no such task");
	}
	if (e != PX_OK) {
		page_app_error(r, e, &d);
		diags_free(&d);
		return;
	}
	diags_free(&d);
	html_page_begin(r, arena_printf(r->arena, "%s %s — %s", _("Task"), task, plan));
	if (req_param(r, "saved") && !err)
		html_printf(r, "<p class=\"flash\" role=\"status\">%h</p>", _("The report is saved."));
	html_printf(r, "<p><a href=\"/plans/%u\">%h %h</a></p><dl><dt>%h</dt><dd>%h</dd>"
	               "<dt>%h</dt><dd>%h</dd><dt>%h</dt><dd>%h</dd><dt>%h</dt><dd>%h</dd>",
	            plan, _("Plan"), plan, _("Task title"), t->task->title, _("Owner"), t->task->owner,
	            _("Due date"), show_date(r, t->task->due), _("Status"), status_text(r, t->status));
	if (t->task->parent_plan && t->task->parent_task)
		html_printf(r, "<dt>%h</dt><dd><a href=\"/plans/%u/tasks/%u\">%h %h</a></dd>",
		            _("Carries out"), t->task->parent_plan, t->task->parent_task,
		            t->task->parent_plan, t->task->parent_task);
	html_printf(r, "</dl><p>%h: %h", _("State"), state_text(r, t->state));
	if (t->state == PLAN_OVERDUE || t->state == PLAN_DONE_LATE)
		html_printf(r, " (%ld %h)", t->days_late, _("days late"));
	html_printf(r, "</p>");
	html_printf(r, "<h3>%h</h3>", _("Reports"));
	if (!t->nreports)
		html_printf(r, "<p>%h</p>", _("No report yet."));
	else
		html_printf(r, "<figure tabindex=\"0\"><table><caption>%h</caption><thead><tr><th scope=\"col\">%h</th>"
		               "<th scope=\"col\">%h</th><th scope=\"col\" class=\"num\">%h</th>"
		               "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
		               "<th scope=\"col\">%h</th></tr></thead><tbody>",
		            _("Reports"), _("Date"), _("Status"), _("Progress"), _("Document"), _("Note"),
		            _("Reported by"), _("Evidence"));
	for (size_t i = 0; i < t->nreports; i++) {
		const struct plan_report_rec *p = &t->reports[i];
		html_printf(r, "<tr><td>%h</td><td>%h</td><td class=\"num\">", show_date(r, p->date),
		            status_text(r, (enum plan_status)plan_status_parse(p->status)));
		if (p->has_progress)
			html_printf(r, "%ld%%", p->progress);
		html_printf(r, "</td><td>%h</td><td>%h</td><td>%h</td><td>", p->document, p->note,
		            p->reported_by);
		for (size_t k = 0; k < v.nevidence; k++)
			if (v.evidence[k].report_id == p->id)
				html_printf(r, "<a href=\"/plans/evidence/%lld\">%h</a> ",
				            (long long)v.evidence[k].id, v.evidence[k].filename);
		html_printf(r, "</td></tr>");
	}
	if (t->nreports)
		html_printf(r, "</tbody></table></figure>");
	const char *verbs[4];
	size_t nv = app_task_allowed(&r->app, &who, plan, task, verbs, 4);
	bool cancelling = req_param(r, "cancel_form") != NULL;
	if (wf_has(verbs, nv, "report"))
		report_form(r, t, cancelling ? NULL : err_field, cancelling ? NULL : err);
	if (wf_has(verbs, nv, "cancel"))
		cancel_form(r, t, cancelling ? err_field : NULL, cancelling ? err : NULL);
	else if (err && cancelling)
		html_printf(r, "<p class=\"flash error\" role=\"alert\">%h</p>", err);
	html_page_end(r);
}

void page_plan_task(struct req *r)
{
	task_page(r, req_path_param(r, 0), req_path_param(r, 1), NULL, NULL);
}

static void post_report(struct req *r, bool cancel)
{
	struct diags d;
	diags_init(&d);
	struct actor who = web_actor(r);
	const char *plan = req_path_param(r, 0), *task = req_path_param(r, 1);
	struct task_report_args a = {.status = req_param(r, "status"), .date = req_param(r, "date"),
	                             .progress = req_param(r, "progress"),
	                             .document = req_param(r, "document"), .note = req_param(r, "note")};
	struct plan_file *files = arena_array(r->arena, r->nuploads + 1, sizeof *files);
	for (size_t i = 0; i < r->nuploads; i++)
		if (!strcmp(r->uploads[i].field, "file") && r->uploads[i].filename &&
		    *r->uploads[i].filename)
			files[a.nfiles++] = (struct plan_file){r->uploads[i].filename, r->uploads[i].data,
			                                       r->uploads[i].len};
	a.files = files;
	enum px_err e = cancel ? app_task_cancel(&r->app, &who, plan, task, &a, &d)
	                       : app_task_report(&r->app, &who, plan, task, &a, &d);
	if (e == PX_OK) {
		resp_redirect(r, arena_printf(r->arena, "%s?saved=1",
		                              http_local_path(r->arena, arena_printf(r->arena,
		                                              "/plans/%s/tasks/%s", plan, task))));
	} else if (e == PX_BADINPUT) {
		const struct diag *g = &d.v[0];
		task_page(r, plan, task, g->where, is_en(r) ? g->en : g->vi);
		r->status = 422;
	} else {
		page_app_error(r, e, &d);
	}
	diags_free(&d);
}

void page_task_report(struct req *r)
{
	post_report(r, false);
}

void page_task_cancel(struct req *r)
{
	post_report(r, true);
}

void page_plan_overdue(struct req *r)
{
	struct actor who = web_actor(r);
	struct plan_overdue_row *v;
	size_t n;
	struct diags d;
	diags_init(&d);
	const char *unit = req_param(r, "unit");
	if (unit && !*unit)
		unit = NULL;
	int32_t asof = page_asof(r);
	enum px_err e = app_plan_overdue(&r->app, &who, unit, asof, &v, &n, &d);
	if (e != PX_OK) {
		page_app_error(r, e, &d);
		diags_free(&d);
		return;
	}
	diags_free(&d);
	char day[11];
	date_format(asof, day);
	html_page_begin(r, _("Overdue tasks (urging)"));
	html_printf(r, "<form method=\"get\" action=\"/plans/overdue\"><label>%h "
	               "<input type=\"text\" name=\"unit\" value=\"%h\"></label> <label>%h "
	               "<input type=\"date\" name=\"as_of\" value=\"%h\"></label> "
	               "<button type=\"submit\">%h</button></form>",
	            _("Unit code (and below)"), unit ? unit : "", _("State on"), day, _("Show"));
	if (!n) {
		html_printf(r, "<p>%h</p>", _("Nothing overdue or due within 7 days."));
		html_page_end(r);
		return;
	}
	html_printf(r, "<figure tabindex=\"0\"><table><caption>%h</caption><thead><tr><th scope=\"col\">%h</th>"
	               "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
	               "<th scope=\"col\">%h</th><th scope=\"col\" class=\"num\">%h</th></tr></thead>"
	               "<tbody>",
	            _("Overdue tasks (urging)"), _("Unit"), _("Plan"), _("Task"), _("Task title"), _("Due date"),
	            _("Days late / left"));
	bool office = app_can(&who, CAP_OFFICE);
	for (size_t i = 0; i < n; i++) {
		bool late = v[i].state == PLAN_OVERDUE;
		html_printf(r, "<tr><td>%h</td><td><a href=\"/plans/%u\">%h</a></td><td><a href=\"/plans/"
		               "%u/tasks/%u\">%h</a></td><td>%h</td><td>%h</td><td class=\"num\">",
		            v[i].owner, v[i].plan, v[i].plan, v[i].plan, v[i].task, v[i].task, v[i].title,
		            show_date(r, v[i].due));
		if (late)
			html_printf(r, "<strong>%ld %h</strong></td></tr>", v[i].days_late, _("days late"));
		else
			html_printf(r, "%ld %h</td></tr>", v[i].days_left, _("days left"));
	}
	html_printf(r, "</tbody></table></figure>");
	if (office) {
		/* one urging letter per unit with overdue tasks (PDF, or XLSX) */
		html_printf(r, "<h3>%h</h3><ul class=\"downloads\">", _("Urging letters"));
		for (size_t i = 0; i < n; i++) {
			bool first = v[i].state == PLAN_OVERDUE;
			for (size_t k = 0; k < i && first; k++)
				first = !(v[k].state == PLAN_OVERDUE && !strcmp(v[k].owner, v[i].owner));
			if (first)
				html_printf(r, "<li>%h: <a href=\"/plans/urging/%u?as_of=%u\">PDF</a> · "
				               "<a href=\"/plans/urging/%u?as_of=%u&amp;format=xlsx\">Excel</a></li>",
				            v[i].owner, v[i].owner, day, v[i].owner, day);
		}
		html_printf(r, "</ul>");
	}
	html_page_end(r);
}

void page_plan_urging(struct req *r)
{
	enum doc_format f = DOC_PDF;
	bool answered = false;
	if (page_report_format(r, &f, &answered) && answered)
		return;
	struct diags d;
	diags_init(&d);
	struct actor who = web_actor(r);
	const char *unit = req_path_param(r, 0);
	struct doc *doc = NULL;
	enum px_err e = app_report_urging(&r->app, &who, unit, page_asof(r), r->lang, &doc, &d);
	page_report_send(r, e, doc, &d, f, arena_printf(r->arena, "Don-doc-%s", unit),
	                 arena_printf(r->arena, "Urging-%s", unit));
	diags_free(&d);
}

void page_plan_evidence(struct req *r)
{
	struct diags d;
	diags_init(&d);
	struct actor who = web_actor(r);
	struct plan_evidence_rec row;
	const void *data;
	char *end;
	long id = strtol(req_path_param(r, 0), &end, 10);
	enum px_err e = *end || id <= 0 ? PX_NOTFOUND
	                                : app_plan_evidence_get(&r->app, &who, id, &row, &data, &d);
	diags_free(&d);
	if (e != PX_OK) {
		page_error(r, e == PX_NOTFOUND ? 404 : 500, "No such evidence file.");
		return;
	}
	/* an attachment with the type found by content, sandboxed if opened */
	resp_type(r, 200, row.content_type);
	str_reset(&r->out);
	str_add(&r->out, data, (size_t)row.size);
	struct str disp;
	str_init(&disp, 0);
	str_printf(&disp, "attachment; filename=\"task-evidence-%ld\"; filename*=UTF-8''", id);
	html_strf(&disp, "%u", row.filename);
	resp_header(r, "Content-Disposition", str_cstr(&disp));
	resp_header(r, "Content-Security-Policy", "sandbox; default-src 'none'");
	str_free(&disp);
}
