/*
 * The PAR office's plan pages (issue 13): the import of a plan file
 * (CSV or XLSX upload, all or nothing, every error as FILE:LINE:COLUMN in
 * Vietnamese and English; a department's office only for units of its
 * subtree: app_plan_import_by decides), and the overview of every plan of
 * a year in the office's subtree (per unit: tasks, done, on time, in
 * progress, overdue, completion; sortable; a bar chart; XLSX and PDF
 * through the report layer: app_report_plans).
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

/* ---- import --------------------------------------------------------------- */

static void import_form(struct req *r, bool force, const char *chosen)
{
	html_printf(r, "<form method=\"post\" action=\"/plans/import\" enctype=\"multipart/form-data\" "
	               "class=\"plan-import\">");
	html_csrf_field(r);
	html_printf(r, "<p><label for=\"plan-file\">%h</label> <input type=\"file\" id=\"plan-file\" "
	               "name=\"file\" required accept=\".csv,.xlsx,text/csv,application/"
	               "vnd.openxmlformats-officedocument.spreadsheetml.sheet\" "
	               "aria-describedby=\"plan-file-help\"> <small id=\"plan-file-help\">%h %d MB",
	            _("Plan file (CSV or XLSX)"), _("at most"), (int)(HTTP_MAX_UPLOAD / (1024 * 1024)));
	if (chosen && *chosen)
		html_printf(r, " · %h: <code>%h</code>", _("last file sent"), chosen);
	html_printf(r, "</small></p>");
	html_printf(r, "<p><label><input type=\"checkbox\" name=\"force\" value=\"1\"%s> %h</label></p>",
	            force ? " checked" : "",
	            _("Replace even when a task that has reports is no longer in the file (its reports "
	              "are removed)"));
	html_printf(r, "<p><button type=\"submit\">%h</button></p></form>", _("Import"));
}

void page_plan_import_form(struct req *r)
{
	html_page_begin(r, _("Import a PAR plan"));
	html_printf(r, "<p>%h</p>",
	            _("A plan file as in the plan format (plan_code, plan_unit, year, task_code, ...); "
	              "every row is checked first and nothing is imported when any row is wrong. "
	              "You may import only plans of units your grant covers."));
	import_form(r, false, NULL);
	html_printf(r, "<p><a href=\"/plans\">%h</a></p>", _("PAR plans"));
	html_page_end(r);
}

void page_plan_import(struct req *r)
{
	struct actor who = web_actor(r);
	const struct upload *f = req_upload(r, "file");
	const char *force_s = req_param(r, "force");
	struct plan_import_opts o = {.who = &who, .force = force_s && *force_s};
	struct diags d;
	diags_init(&d);
	struct import_summary sum = {0};
	enum px_err e = PX_BADINPUT;
	const char *name = f && f->filename && *f->filename ? f->filename : "upload.csv";
	if (!f || !f->len)
		diag_err(&d, NULL, 0, 0, "chưa chọn tệp (hoặc tệp rỗng)", "no file was sent (or it is empty)");
	else /* the uploaded bytes, never a file of that name on the server */
		e = app_plan_import_by(&r->app, name, f->data, f->len, &o, &d, &sum);
	if (e != PX_OK && e != PX_BADINPUT) {
		page_app_error(r, e, &d);
		diags_free(&d);
		return;
	}
	if (e != PX_OK)
		r->status = 422;
	html_page_begin(r, _("Import a PAR plan"));
	if (e == PX_OK) {
		html_printf(r, "<p class=\"flash\" role=\"status\">%h: %zu (%h: %ld) · %h: %ld</p>",
		            _("Plans imported"), o.nplans, _("new"), sum.inserted, _("tasks"), sum.rows);
		html_printf(r, "<ul class=\"plan-imported\">");
		for (size_t i = 0; i < o.nplans; i++)
			html_printf(r, "<li><a href=\"/plans/%u\">%h</a></li>", o.plans[i], o.plans[i]);
		html_printf(r, "</ul>");
	} else {
		html_printf(r, "<div class=\"flash error\" role=\"alert\"><p>%h (%zu)</p><ol class=\"diags\">",
		            _("Nothing was imported: the file has errors"), d.errors);
		for (size_t i = 0; i < d.n; i++) {
			char buf[1024];
			diag_format(&d.v[i], buf, sizeof buf);
			html_printf(r, "<li><code>%h</code></li>", buf);
		}
		html_printf(r, "</ol></div>");
	}
	html_printf(r, "<h2>%h</h2>", e == PX_OK ? _("Import another file") : _("Try again"));
	import_form(r, o.force, f ? name : NULL);
	html_printf(r, "<p><a href=\"/plans\">%h</a></p>", _("PAR plans"));
	html_page_end(r);
	diags_free(&d);
}
