/* Frameworks as JSON: the list, and one framework in its canonical form
 * (the same bytes as `parindex framework export`). */
#include "web/page_report.h"
#include "web/page_common.h"
#include "web/pages.h"

static enum px_err frameworks_doc(struct req *r, struct doc **doc, struct diags *d)
{
	return app_report_frameworks(&r->app, r->lang, doc, d);
}

void api_frameworks(struct req *r)
{
	if (page_report_list(r, frameworks_doc, "Bộ tiêu chí", "frameworks")) /* ?format= */
		return;
	struct framework_row *rows;
	size_t n;
	if (app_framework_list(&r->app, &rows, &n) != PX_OK) {
		resp_json_error(r, 500, "database error");
		return;
	}
	resp_type(r, 200, "application/json");
	str_adds(&r->out, "[");
	for (size_t i = 0; i < n; i++) {
		str_adds(&r->out, i ? ",\n {\"code\": " : "\n {\"code\": ");
		str_add_json(&r->out, rows[i].code);
		str_printf(&r->out, ", \"year\": %d, \"title\": ", rows[i].year);
		str_add_json(&r->out, rows[i].title);
		str_adds(&r->out, ", \"group\": ");
		str_add_json(&r->out, rows[i].groups);
		str_printf(&r->out, ", \"published_versions\": %ld, \"unit\": ", rows[i].versions);
		if (rows[i].unit)
			str_add_json(&r->out, rows[i].unit);
		else
			str_adds(&r->out, "null");
		str_addc(&r->out, '}');
	}
	str_adds(&r->out, "\n]\n");
}

void api_framework(struct req *r)
{
	struct framework *fw = page_framework_load(r);
	if (!fw)
		return;
	resp_type(r, 200, "application/json");
	if (frm_write_json(fw, &r->out) != PX_OK)
		resp_json_error(r, 500, "cannot write the framework");
}
