/*
 * Recognised models (mô hình) to replicate through the city: the office
 * over a unit recognises one, or promotes a good practice an inspection
 * found (issue 17 "good practices found by inspections can be promoted to
 * models"); the list is public (/public/models). The finding is read
 * through app_good_practices, so an office can only promote what the
 * inspection visibility rule lets it see.
 */
#include "app/emulation.h"
#include "app/inspection.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/str.h"
#include "store/repo_audit.h"
#include "store/repo_inspection.h"
#include "store/repo_unit.h"

#include <string.h>

static enum px_err db_error(struct app *app, struct diags *d)
{
	diag_err(d, NULL, 0, 0, "lỗi CSDL: %s", "database error: %s", db_errmsg(app->db));
	return PX_FAIL;
}

enum px_err app_emu_model_recognise(struct app *app, const struct actor *who,
                                    const struct emu_model_args *a, struct diags *d)
{
	struct emu_model_rec m = {a->code, a->unit, a->title, a->description ? a->description : "",
	                          a->level, a->decision, NULL, clock_now_iso(app->arena), app->actor,
	                          a->from_finding};
	if (!a->code || !*a->code || !a->decision || !*a->decision) {
		diag_err(d, NULL, 0, 0, "cần mã mô hình và quyết định công nhận",
		         "the model's code and the recognising decision are needed");
		return PX_BADINPUT;
	}
	if (!a->level || emu_init_level_parse(a->level) < 0) {
		diag_err(d, NULL, 0, 0, "cấp công nhận phải là grassroots, province hoặc national: \"%s\"",
		         "the level must be grassroots, province or national: \"%s\"",
		         a->level ? a->level : "");
		return PX_BADINPUT;
	}
	struct unit_set us = {0};
	bool known = app_register_load(app, &us) == PX_OK && a->unit && unit_set_find(&us, a->unit) >= 0;
	unit_set_free(&us);
	if (!known) {
		diag_err(d, NULL, 0, 0, "không có đơn vị \"%s\"", "no unit \"%s\"", a->unit ? a->unit : "");
		return PX_NOTFOUND;
	}
	if (!app_grant_covers(who, CAP_OFFICE, a->unit, NULL)) {
		diag_err(d, NULL, 0, 0, "chỉ văn phòng của đơn vị %s được công nhận mô hình",
		         "only the office of unit %s may recognise a model", a->unit);
		return PX_DENIED;
	}
	if (a->from_finding > 0) {
		struct insp_finding_rec *g;
		size_t n;
		if (app_good_practices(app, who, &g, &n) != PX_OK)
			return db_error(app, d);
		const struct insp_finding_rec *f = NULL;
		for (size_t i = 0; i < n && !f; i++)
			if (g[i].id == a->from_finding)
				f = &g[i];
		if (!f) {
			diag_err(d, NULL, 0, 0, "không có cách làm hay (phát hiện kiểm tra) số %ld",
			         "no good practice (inspection finding) number %ld", a->from_finding);
			return PX_NOTFOUND;
		}
		m.source_inspection = f->inspection;
		if (!m.title || !*m.title)
			m.title = f->text;
		if (!*m.description)
			m.description = f->text;
	}
	if (!m.title || !*m.title) {
		diag_err(d, NULL, 0, 0, "cần tên mô hình", "the model's title is needed");
		return PX_BADINPUT;
	}
	enum px_err e = db_begin(app->db);
	if (e != PX_OK)
		return app_commit(app, e, d);
	bool exists = false;
	e = repo_emu_model_put(app->db, &m, &exists);
	if (e == PX_OK && exists) {
		diag_err(d, NULL, 0, 0, "mã mô hình \"%s\" đã có", "model code \"%s\" already exists",
		         m.code);
		e = PX_BADINPUT;
	}
	if (e == PX_OK) {
		struct str det;
		str_init(&det, 0);
		str_adds(&det, "{\"unit\": ");
		str_add_json(&det, m.unit);
		str_printf(&det, ", \"level\": \"%s\", \"finding\": %ld, \"decision\": ", m.level,
		           m.source_finding);
		str_add_json(&det, m.decision);
		str_adds(&det, "}");
		e = audit_append(app->db, app->actor, "insert", "emu_model", m.code, str_cstr(&det));
		str_free(&det);
	}
	return app_commit(app, e, d);
}

enum px_err app_emu_models(struct app *app, struct emu_model_rec **out, const char ***unit_names,
                           size_t *n, struct diags *d)
{
	if (repo_emu_models(app->db, app->arena, out, n) != PX_OK)
		return db_error(app, d);
	*unit_names = arena_array(app->arena, *n + 1, sizeof **unit_names);
	struct unit_set us = {0};
	bool have = app_register_load(app, &us) == PX_OK;
	for (size_t i = 0; i < *n; i++) {
		long k = have ? unit_set_find(&us, (*out)[i].unit) : -1;
		(*unit_names)[i] = k >= 0 ? arena_strdup(app->arena, us.v[k].name) : (*out)[i].unit;
	}
	unit_set_free(&us);
	return PX_OK;
}
