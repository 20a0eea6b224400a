/* Units as JSON: the register on a date, and one unit with its lineage. */
#include "web/page_report.h"
#include "web/page_common.h"
#include "web/pages.h"
#include "base/arena.h"
#include "base/datetime.h"

#include <string.h>

static void date_json(struct str *o, int32_t d)
{
	if (d == DATE_MIN || d == DATE_MAX) {
		str_adds(o, "null");
		return;
	}
	char buf[11];
	date_format(d, buf);
	str_add_json(o, buf);
}

static void unit_json(struct str *o, const struct unit_set *s, const struct unit_rec *u)
{
	str_adds(o, "{\"code\": ");
	str_add_json(o, u->code);
	str_adds(o, ", \"name\": ");
	str_add_json(o, u->name);
	str_adds(o, ", \"kind\": ");
	str_add_json(o, u->kind);
	str_adds(o, ", \"parent\": ");
	if (u->parent_idx >= 0)
		str_add_json(o, s->v[u->parent_idx].code);
	else
		str_adds(o, "null");
	str_adds(o, ", \"valid_from\": ");
	date_json(o, u->valid_from);
	str_adds(o, ", \"valid_to\": ");
	date_json(o, u->valid_to);
	str_adds(o, ", \"payroll_quota\": ");
	if (u->has_quota)
		str_printf(o, "%lld", (long long)u->payroll_quota);
	else
		str_adds(o, "null");
	str_addc(o, '}');
}

static enum px_err units_doc(struct req *r, struct doc **doc, struct diags *d)
{
	const char *date = req_param(r, "date");
	int32_t on = 0;
	if (date)
		date_parse(date, strlen(date), &on); /* checked by api_units */
	return app_report_units(&r->app, on, r->lang, doc, d);
}

void api_units(struct req *r)
{
	const char *date = req_param(r, "date");
	int32_t on = 0;
	if (date && !date_parse(date, strlen(date), &on)) {
		resp_json_error(r, 400, "date must be YYYY-MM-DD");
		return;
	}
	if (page_report_list(r, units_doc, "Danh mục đơn vị", "units")) /* ?format= */
		return;
	struct unit_set s;
	if (app_register_load(&r->app, &s) != PX_OK) {
		resp_json_error(r, 500, "database error");
		return;
	}
	resp_type(r, 200, "application/json");
	str_adds(&r->out, "[");
	size_t k = 0;
	for (size_t i = 0; i < s.n; i++) {
		if (date && !unit_active_on(&s.v[i], on))
			continue;
		str_adds(&r->out, k++ ? ",\n " : "\n ");
		unit_json(&r->out, &s, &s.v[i]);
	}
	str_adds(&r->out, "\n]\n");
	unit_set_free(&s);
}

void api_unit(struct req *r)
{
	const char *code = req_path_param(r, 0);
	if (!page_can_see_unit(r, code)) {
		resp_json_error(r, 403, "you may only see your own unit");
		return;
	}
	struct unit_set s;
	if (app_register_load(&r->app, &s) != PX_OK) {
		resp_json_error(r, 500, "database error");
		return;
	}
	long idx = unit_set_find(&s, code);
	if (idx < 0) {
		unit_set_free(&s);
		resp_json_error(r, 404, "no such unit");
		return;
	}
	struct lineage_step *steps;
	size_t n = register_lineage(&s, (size_t)idx, r->arena, &steps);
	resp_type(r, 200, "application/json");
	str_adds(&r->out, "{\"unit\": ");
	unit_json(&r->out, &s, &s.v[idx]);
	str_adds(&r->out, ", \"lineage\": [");
	for (size_t i = 0; i < n; i++) {
		str_adds(&r->out, i ? ", {\"direction\": " : "{\"direction\": ");
		str_add_json(&r->out, steps[i].backward ? "predecessor" : "successor");
		str_printf(&r->out, ", \"depth\": %d, \"event\": ", steps[i].depth);
		str_add_json(&r->out, lineage_event_name(steps[i].event));
		str_adds(&r->out, ", \"date\": ");
		date_json(&r->out, steps[i].date);
		str_adds(&r->out, ", \"from\": ");
		str_add_json(&r->out, s.v[steps[i].from].code);
		str_adds(&r->out, ", \"to\": ");
		str_add_json(&r->out, s.v[steps[i].to].code);
		str_addc(&r->out, '}');
	}
	str_adds(&r->out, "]}\n");
	unit_set_free(&s);
}
