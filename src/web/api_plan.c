/*
 * JSON API of plans and tasks (docs/api.md "Plans"): the plans one may
 * see, one plan with its tasks, their reports and the rollup of the tasks
 * below, the states on a day (the columns of `plan status`), and a report
 * on a task (JSON, or multipart with evidence files). The same app/plan.c
 * functions as the pages and the CLI; who may do what is theirs.
 */
#include "web/page_common.h"
#include "web/pages.h"
#include "app/cycle.h"
#include "app/plan.h"
#include "base/arena.h"
#include "base/datetime.h"

#include <jansson.h>
#include <math.h>
#include <string.h>

static void json_text_or_null(struct str *o, const char *s)
{
	if (s && *s)
		str_add_json(o, s);
	else
		str_adds(o, "null");
}

void api_plans(struct req *r)
{
	struct actor who = web_actor(r);
	struct plan_rec *p;
	size_t n;
	if (app_plan_list(&r->app, &who, &p, &n) != PX_OK) {
		resp_json_error(r, 500, "internal error");
		return;
	}
	struct str *o = &r->out;
	resp_type(r, 200, "application/json");
	str_adds(o, "{\"plans\": [");
	for (size_t i = 0; i < n; i++) {
		str_adds(o, i ? ",\n {\"code\": " : "\n {\"code\": ");
		str_add_json(o, p[i].code);
		str_adds(o, ", \"unit\": ");
		str_add_json(o, p[i].unit);
		str_printf(o, ", \"year\": %ld, \"parent_plan\": ", p[i].year);
		json_text_or_null(o, p[i].parent_plan);
		str_printf(o, ", \"tasks\": %ld}", p[i].ntasks);
	}
	str_adds(o, "\n]}\n");
}

/* ?as_of=YYYY-MM-DD, or today; false after answering 400. */
static bool as_of(struct req *r, int32_t *out)
{
	const char *s = req_param(r, "as_of");
	*out = app_today();
	if (s && *s && !date_parse(s, strlen(s), out)) {
		resp_json_error(r, 400, "as_of must be a date YYYY-MM-DD");
		return false;
	}
	return true;
}

static bool load(struct req *r, struct plan_view *v)
{
	int32_t day;
	if (!as_of(r, &day))
		return false;
	struct diags d;
	diags_init(&d);
	struct actor who = web_actor(r);
	enum px_err e = app_plan_view(&r->app, &who, req_path_param(r, 0), day, v, &d);
	if (e != PX_OK)
		api_app_error(r, e, &d);
	diags_free(&d);
	return e == PX_OK;
}

/* The state columns of one task, as `plan status` prints them. */
static void state_fields(struct str *o, const struct plan_task_view *t)
{
	str_adds(o, "\"status\": ");
	str_add_json(o, plan_status_names[t->status]);
	str_adds(o, ", \"state\": ");
	str_add_json(o, plan_state_names[t->state]);
	if (t->state == PLAN_DONE_LATE || t->state == PLAN_OVERDUE)
		str_printf(o, ", \"days_late\": %ld", t->days_late);
	else
		str_adds(o, ", \"days_late\": null");
	if (t->has_progress)
		str_printf(o, ", \"progress\": %ld", t->progress);
	else
		str_adds(o, ", \"progress\": null");
	str_adds(o, ", \"document\": ");
	json_text_or_null(o, t->current ? t->current->document : NULL);
}

static void header(struct str *o, const struct plan_view *v)
{
	char day[11];
	date_format(v->asof, day);
	str_adds(o, "{\"code\": ");
	str_add_json(o, v->plan.code);
	str_adds(o, ", \"unit\": ");
	str_add_json(o, v->plan.unit);
	str_printf(o, ", \"year\": %ld, \"parent_plan\": ", v->plan.year);
	json_text_or_null(o, v->plan.parent_plan);
	str_printf(o, ", \"as_of\": \"%s\", \"tasks_total\": %ld, \"tasks_done\": %ld,"
	              " \"tasks_done_on_time\": %ld, \"tasks_not_done\": %ld",
	           day, v->counts.total, v->counts.done, v->counts.done_on_time, v->counts.overdue);
}

void api_plan_status(struct req *r)
{
	struct plan_view v;
	if (!load(r, &v))
		return;
	struct str *o = &r->out;
	resp_type(r, 200, "application/json");
	header(o, &v);
	str_adds(o, ", \"tasks\": [");
	for (size_t i = 0; i < v.n; i++) {
		const struct plan_task_view *t = &v.tasks[i];
		str_adds(o, i ? ",\n {\"task_code\": " : "\n {\"task_code\": ");
		str_add_json(o, t->task->code);
		str_adds(o, ", \"owner_unit\": ");
		str_add_json(o, t->task->owner);
		str_adds(o, ", \"area\": ");
		str_add_json(o, t->task->area);
		str_adds(o, ", \"due\": ");
		str_add_json(o, t->task->due);
		str_adds(o, ", ");
		state_fields(o, t);
		str_addc(o, '}');
	}
	str_adds(o, "\n]}\n");
}

void api_plan(struct req *r)
{
	struct plan_view v;
	if (!load(r, &v))
		return;
	struct actor who = web_actor(r);
	struct str *o = &r->out;
	resp_type(r, 200, "application/json");
	header(o, &v);
	str_adds(o, ", \"tasks\": [");
	for (size_t i = 0; i < v.n; i++) {
		const struct plan_task_view *t = &v.tasks[i];
		const struct plan_task_rec *k = t->task;
		str_adds(o, i ? ",\n {\"code\": " : "\n {\"code\": ");
		str_add_json(o, k->code);
		str_adds(o, ", \"parent_plan\": ");
		json_text_or_null(o, k->parent_plan);
		str_adds(o, ", \"parent_task\": ");
		json_text_or_null(o, k->parent_task);
		str_adds(o, ", \"area\": ");
		str_add_json(o, k->area);
		str_adds(o, ", \"title\": ");
		str_add_json(o, k->title);
		str_adds(o, ", \"owner_unit\": ");
		str_add_json(o, k->owner);
		str_adds(o, ", \"coordinators\": ");
		json_text_or_null(o, k->coordinators);
		str_adds(o, ", \"start\": ");
		json_text_or_null(o, k->start);
		str_adds(o, ", \"due\": ");
		str_add_json(o, k->due);
		str_adds(o, ", \"output\": ");
		json_text_or_null(o, k->output);
		str_adds(o, ", \"indicator\": ");
		json_text_or_null(o, k->indicator);
		str_adds(o, ", \"target\": ");
		page_json_num(r, k->has_target ? k->target : (double)NAN);
		str_adds(o, ", ");
		state_fields(o, t);
		const char *verbs[4];
		size_t nv = app_task_allowed(&r->app, &who, k->plan, k->code, verbs, 4);
		str_adds(o, ", \"allowed\": [");
		for (size_t a = 0; a < nv; a++) {
			if (a)
				str_adds(o, ", ");
			str_add_json(o, verbs[a]);
		}
		str_addc(o, ']');
		str_adds(o, ", \"below\": [");
		for (size_t b = 0; b < t->nbelow; b++) {
			str_adds(o, b ? ", {\"plan\": " : "{\"plan\": ");
			str_add_json(o, t->below[b]->task->plan);
			str_adds(o, ", \"task\": ");
			str_add_json(o, t->below[b]->task->code);
			str_adds(o, ", \"owner_unit\": ");
			str_add_json(o, t->below[b]->task->owner);
			str_adds(o, ", ");
			state_fields(o, t->below[b]);
			str_addc(o, '}');
		}
		str_adds(o, "], \"reports\": [");
		for (size_t p = 0; p < t->nreports; p++) {
			const struct plan_report_rec *rep = &t->reports[p];
			str_printf(o, "%s{\"id\": %lld, \"status\": ", p ? ", " : "", (long long)rep->id);
			str_add_json(o, rep->status);
			str_adds(o, ", \"date\": ");
			str_add_json(o, rep->date);
			if (rep->has_progress)
				str_printf(o, ", \"progress\": %ld", rep->progress);
			else
				str_adds(o, ", \"progress\": null");
			str_adds(o, ", \"document\": ");
			json_text_or_null(o, rep->document);
			str_adds(o, ", \"note\": ");
			json_text_or_null(o, rep->note);
			str_adds(o, ", \"reported_at\": ");
			str_add_json(o, rep->reported_at);
			str_adds(o, ", \"reported_by\": ");
			str_add_json(o, rep->reported_by);
			str_adds(o, ", \"evidence\": [");
			size_t ne = 0;
			for (size_t e = 0; e < v.nevidence; e++) {
				if (v.evidence[e].report_id != rep->id)
					continue;
				str_printf(o, "%s{\"id\": %lld, \"filename\": ", ne++ ? ", " : "",
				           (long long)v.evidence[e].id);
				str_add_json(o, v.evidence[e].filename);
				str_adds(o, ", \"sha256\": ");
				str_add_json(o, v.evidence[e].sha256);
				str_printf(o, ", \"size\": %lld}", (long long)v.evidence[e].size);
			}
			str_adds(o, "]}");
		}
		str_adds(o, "]}");
	}
	str_adds(o, "\n]}\n");
}

/* A JSON member as text: a string, or a whole number written as one
 * (progress: 50); NULL when absent or null. */
static const char *member(struct req *r, json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v))
		return arena_printf(r->arena, "%lld", (long long)json_integer_value(v));
	if (json_is_real(v))
		return arena_printf(r->arena, "%g", json_real_value(v));
	return NULL;
}

static void report(struct req *r, bool cancel)
{
	struct diags d;
	diags_init(&d);
	struct actor who = web_actor(r);
	struct task_report_args a = {0};
	json_t *j = NULL;
	bool multipart = r->content_type && !strncmp(r->content_type, "multipart/form-data", 19);
	if (multipart) {
		a.status = req_param(r, "status");
		a.date = req_param(r, "date");
		a.progress = req_param(r, "progress");
		a.document = req_param(r, "document");
		a.note = req_param(r, "note");
		struct plan_file *files = arena_array(r->arena, r->nuploads + 1, sizeof *files);
		for (size_t i = 0; i < r->nuploads; i++)
			if (!strcmp(r->uploads[i].field, "file") && r->uploads[i].filename)
				files[a.nfiles++] = (struct plan_file){r->uploads[i].filename,
				                                       r->uploads[i].data, r->uploads[i].len};
		a.files = files;
	} else {
		json_error_t err;
		j = r->body ? json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &err) : NULL;
		if (!json_is_object(j)) {
			json_decref(j);
			diags_free(&d);
			resp_json_error(r, 400, "the body must be a JSON object");
			return;
		}
		a.status = member(r, j, "status");
		a.date = member(r, j, "date");
		a.progress = member(r, j, "progress");
		a.document = member(r, j, "document");
		a.note = member(r, j, "note");
	}
	enum px_err e = cancel ? app_task_cancel(&r->app, &who, req_path_param(r, 0),
	                                         req_path_param(r, 1), &a, &d)
	                       : app_task_report(&r->app, &who, req_path_param(r, 0),
	                                         req_path_param(r, 1), &a, &d);
	if (e == PX_OK) {
		resp_type(r, 201, "application/json");
		str_printf(&r->out, "{\"ok\": true, \"id\": %lld}\n", (long long)a.id);
	} else {
		api_app_error(r, e, &d);
	}
	json_decref(j);
	diags_free(&d);
}

void api_task_report(struct req *r)
{
	report(r, false);
}

void api_task_cancel(struct req *r)
{
	report(r, true);
}
