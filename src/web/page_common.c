/* Helpers for the result pages; see page_common.h. */
#include "web/page_common.h"
#include "web/html.h"
#include "core/roles.h"

#include <math.h>
#include <string.h>

bool page_can_see_unit(const struct req *r, const char *unit_code)
{
	if (!r->user)
		return false;
	if (role_has_cap(r->user->role, CAP_READ))
		return true;
	return r->user->unit_code && !strcmp(r->user->unit_code, unit_code);
}

void page_error(struct req *r, int status, const char *msgid)
{
	if (r->wants_json) {
		resp_json_error(r, status, msgid);
		return;
	}
	str_reset(&r->out);
	resp_type(r, status, "text/html; charset=utf-8");
	html_page_begin(r, _(msgid));
	html_printf(r, "<h1>%d</h1><p>%h</p><p><a href=\"/\">%h</a></p>", status, _(msgid),
	            _("Back to the dashboard"));
	html_page_end(r);
}

void page_app_error(struct req *r, enum px_err e, const struct diags *d)
{
	int status = e == PX_NOTFOUND ? 404 : e == PX_BADINPUT || e == PX_USAGE ? 400 : 500;
	const char *msg = d && d->n ? (strcmp(r->lang, "en") ? d->v[0].vi : d->v[0].en)
	                            : "Internal error";
	if (r->wants_json) {
		resp_json_error(r, status, d && d->n ? d->v[0].en : msg);
		return;
	}
	str_reset(&r->out);
	resp_type(r, status, "text/html; charset=utf-8");
	html_page_begin(r, _("Error"));
	html_printf(r, "<h1>%d</h1><p>%h</p><p><a href=\"/\">%h</a></p>", status, msg,
	            _("Back to the dashboard"));
	html_page_end(r);
}

const char *page_pick_framework(struct req *r, struct framework_row *rows, size_t n)
{
	const char *want = req_param(r, "framework");
	if (want)
		for (size_t i = 0; i < n; i++)
			if (!strcmp(rows[i].code, want))
				return rows[i].code;
	/* the newest year; among its frameworks the departments' one, which
	 * is what the office looks at first, else the first by code */
	const struct framework_row *best = NULL;
	for (size_t i = 0; i < n; i++) {
		bool dept = strstr(rows[i].groups, "department") != NULL;
		if (!best || rows[i].year > best->year ||
		    (rows[i].year == best->year && dept && !strstr(best->groups, "department")))
			best = &rows[i];
	}
	return best ? best->code : NULL;
}

void page_json_num(struct req *r, double v)
{
	if (isfinite(v))
		str_add_double(&r->out, v);
	else
		str_adds(&r->out, "null");
}
