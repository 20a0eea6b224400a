/* Helpers for the result pages; see page_common.h. */
#include "web/page_common.h"
#include "web/html.h"
#include "app/access.h"
#include "app/flash.h"
#include "core/roles.h"
#include "base/arena.h"
#include "base/log.h"
#include "io/chart.h"

#include <math.h>
#include <string.h>

struct actor web_actor(const struct req *r)
{
	if (!r->user)
		return (struct actor){"anonymous", NULL, NULL};
	return (struct actor){r->user->login, r->user->role, r->user->unit_code, r->user->grants,
	                      r->user->ngrants, r->app.db};
}

bool page_holds_city_wide(const struct req *r, enum cap c)
{
	struct actor who = web_actor(r);
	return r->user && app_grant_covers(&who, c, NULL, NULL);
}

bool page_city_wide(struct req *r, enum cap c)
{
	if (page_holds_city_wide(r, c))
		return true;
	const char *msg = "Your grants cover part of the city only: this view is of every unit.";
	if (r->wants_json)
		resp_json_error(r, 403, _(msg)); /* in the request's language, as the pages */
	else
		page_error(r, 403, msg);
	return false;
}

const struct framework *page_framework_for(struct req *r, enum cap c)
{
	struct diags d;
	diags_init(&d);
	const struct framework *fw = NULL;
	enum px_err e = app_framework_live(&r->app, req_path_param(r, 0), &d, &fw);
	if (e != PX_OK) {
		page_app_error(r, e, &d);
		diags_free(&d);
		return NULL;
	}
	diags_free(&d);
	struct actor who = web_actor(r);
	if (r->user && (c == CAP_OFFICE ? app_may_manage_framework(&who, fw)
	                                : app_may_see_framework(&who, fw)))
		return fw;
	const char *msg = fw->unit ? "This framework belongs to another unit: your grants do not "
	                             "cover its owner unit."
	                           : "Your grants cover part of the city only: this view is of every unit.";
	if (r->wants_json)
		resp_json_error(r, 403, _(msg));
	else
		page_error(r, 403, msg);
	return NULL;
}

bool page_can_see_unit(const struct req *r, const char *unit_code)
{
	struct actor who = web_actor(r);
	return r->user && app_may_see_unit(&who, unit_code);
}

void page_flash(struct req *r, bool error, const char *message)
{
	if (!r->user || r->user->via_token || !message)
		return;
	if (app_flash_set(&r->app, req_cookie(r, "parindex_session"), error, message) != PX_OK)
		log_warn("%s: the page message could not be stored", r->id);
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
	html_printf(r, "<p>%h (%d)</p><p><a href=\"/\">%h</a></p>", _(msgid), status,
	            _("Back to the dashboard"));
	html_page_end(r);
}

void api_app_error(struct req *r, enum px_err e, const struct diags *d)
{
	resp_json_error(r, web_status_of(e), d && d->n ? d->v[0].en : "internal error");
	if (d && d->n && d->v[0].where && e == PX_BADINPUT) {
		/* {"error": ..., "field": ...}: which field was refused */
		str_truncate(&r->out, r->out.len - 2); /* "}\n" */
		str_adds(&r->out, ", \"field\": ");
		str_add_json(&r->out, d->v[0].where);
		str_adds(&r->out, "}\n");
	}
}

void page_app_error(struct req *r, enum px_err e, const struct diags *d)
{
	int status = web_status_of(e);
	const char *msg = d && d->n ? web_diag_text(r, d) : _("Internal error");
	if (r->wants_json) {
		api_app_error(r, e, d);
		return;
	}
	str_reset(&r->out);
	resp_type(r, status, "text/html; charset=utf-8");
	html_page_begin(r, _("Error"));
	html_printf(r, "<p>%h (%d)</p><p><a href=\"/\">%h</a></p>", msg, status,
	            _("Back to the dashboard"));
	html_page_end(r);
}

int web_status_of(enum px_err e)
{
	switch (e) {
	case PX_OK:
		return 200;
	case PX_DENIED:
		return 403;
	case PX_NOTFOUND:
		return 404;
	case PX_BADINPUT:
	case PX_USAGE:
		return 422;
	default:
		return 500;
	}
}

const char *web_diag_text(const struct req *r, const struct diags *d)
{
	if (!d->n)
		return strcmp(r->lang, "en") ? "Lỗi hệ thống" : "Internal error";
	const struct diag *g = &d->v[0];
	const char *msg = strcmp(r->lang, "en") ? g->vi : g->en;
	return g->where ? arena_printf(r->arena, "%s: %s", g->where, msg) : msg;
}

const char *page_pick_framework(struct req *r, struct framework_row *rows, size_t n)
{
	const char *want = req_param(r, "framework");
	if (want)
		for (size_t i = 0; i < n; i++)
			if (!strcmp(rows[i].code, want))
				return rows[i].code;
	/* the newest year; among its frameworks the departments' one, which
	 * is what the office looks at first, else the first by code; a
	 * framework a unit owns (its divisions' ranking) only when no
	 * city-wide one exists */
	const struct framework_row *best = NULL;
	bool city = false;
	for (size_t i = 0; i < n; i++)
		city |= !rows[i].unit;
	for (size_t i = 0; i < n; i++) {
		bool dept = strstr(rows[i].groups, "department") != NULL;
		if (city && rows[i].unit)
			continue;
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

void page_ranking_spec(struct req *r, const struct app_scoring *sc,
                       struct chart_ranking_spec *spec)
{
	const struct framework *fw = sc->fw;
	struct chart_bar *bars = arena_array(r->arena, sc->res.nranked + 1, sizeof *bars);
	double sum = 0;
	for (size_t i = 0; i < sc->res.nranked; i++) {
		size_t u = sc->res.order[i];
		bars[i] = (struct chart_bar){.label = sc->units[u].name,
		                             .value = sc->res.units[u].index,
		                             .band = sc->res.units[u].grade,
		                             .emphasis = r->user && r->user->unit_code &&
		                                         !strcmp(r->user->unit_code, sc->units[u].code)};
		sum += bars[i].value;
	}
	const char **bands = arena_array(r->arena, fw->ngrades + 1, sizeof *bands);
	for (size_t g = 0; g < fw->ngrades; g++)
		bands[g] = arena_printf(r->arena, "%s ≥ %g", fw->grades[g].code, fw->grades[g].min);
	memset(spec, 0, sizeof *spec);
	spec->opts.title = fw->title;
	spec->opts.axis_title = _("Index (%)");
	spec->opts.lang = r->lang;
	spec->bars = bars;
	spec->nbars = sc->res.nranked;
	spec->bands = bands;
	spec->nbands = fw->ngrades;
	spec->has_average = sc->res.nranked > 0;
	spec->average = sc->res.nranked ? sum / (double)sc->res.nranked : 0;
	spec->average_label = _("Group average");
}
