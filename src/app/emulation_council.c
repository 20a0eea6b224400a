/*
 * The emulation council of a unit for a year (app/emulation.h): its
 * members and quorum, and the vote on its ballot.
 *
 * Why it is built this way: the threshold of a title is a share of ALL
 * members (Decree 98/2023 Art. 30(7)), so the member count is the
 * council's, never what a caller types; those who take part are the
 * members present and the absent ones voting in writing, and the quorum
 * is checked on them. The checks (who acts, the council, the quorum, the
 * eligibility and the threshold) run in app_emu_vote's write transaction.
 */
#include "app/emulation.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/str.h"
#include "store/repo_audit.h"
#include "store/repo_unit.h"
#include "store/repo_user.h"

#include <stdio.h>
#include <string.h>

static enum px_err db_error(struct app *app, struct diags *d)
{
	diag_err(d, NULL, 0, 0, "lỗi CSDL: %s", "database error: %s", db_errmsg(app->db));
	return PX_FAIL;
}

static bool unit_known(struct app *app, const char *unit)
{
	struct unit_set us;
	unit_set_init(&us, app->arena);
	bool found = unit && repo_unit_load(app->db, &us) == PX_OK && unit_set_find(&us, unit) >= 0;
	unit_set_free(&us);
	return found;
}

/* The office over unit sets its council up; else PX_DENIED (or NOT FOUND
 * for a unit that does not exist). */
static enum px_err office_only(struct app *app, const struct actor *who, const char *unit,
                               struct diags *d)
{
	if (!unit_known(app, unit)) {
		diag_err(d, NULL, 0, 0, "không có đơn vị \"%s\"", "no unit \"%s\"", unit ? unit : "");
		return PX_NOTFOUND;
	}
	if (!app_grant_covers(who, CAP_OFFICE, unit, NULL)) {
		diag_err(d, NULL, 0, 0, "chỉ văn phòng của đơn vị %s được lập hội đồng thi đua",
		         "only the office of unit %s may set up its emulation council", unit);
		return PX_DENIED;
	}
	return PX_OK;
}

enum px_err app_emu_council_set(struct app *app, const struct actor *who, const char *unit,
                                int year, long quorum_ppm, struct diags *d)
{
	if (quorum_ppm < 1 || quorum_ppm > 1000000) {
		diag_err(d, NULL, 0, 0, "túc số phải lớn hơn 0 và không quá 1 (tỷ lệ thành viên)",
		         "the quorum must be above 0 and at most 1 (a share of the members)");
		return PX_BADINPUT;
	}
	enum px_err e = office_only(app, who, unit, d);
	if (e != PX_OK)
		return e;
	if ((e = db_begin(app->db)) != PX_OK)
		return app_commit(app, e, d);
	struct emu_council_rec c = {unit, clock_now_iso(app->arena), year, quorum_ppm};
	bool is_new;
	e = repo_emu_council_put(app->db, &c, &is_new);
	if (e == PX_OK) {
		char det[96];
		snprintf(det, sizeof det, "{\"year\": %d, \"quorum_ppm\": %ld}", year, quorum_ppm);
		e = audit_append(app->db, app->actor, is_new ? "insert" : "update", "emu_council", unit,
		                 det);
	}
	return app_commit(app, e, d);
}

static enum px_err need_council(struct app *app, const char *unit, int year, struct diags *d)
{
	struct emu_council_rec c;
	enum px_err e = repo_emu_council_get(app->db, unit, year, app->arena, &c);
	if (e == PX_NOTFOUND)
		diag_err(d, NULL, 0, 0, "đơn vị %s chưa lập hội đồng thi đua năm %d (emulation council set)",
		         "unit %s has no emulation council for %d (emulation council set)", unit, year);
	else if (e != PX_OK)
		return db_error(app, d);
	return e;
}

enum px_err app_emu_member_add(struct app *app, const struct actor *who, const char *unit,
                               int year, const char *login, const char *position,
                               struct diags *d)
{
	enum px_err e = office_only(app, who, unit, d);
	if (e != PX_OK)
		return e;
	struct user_rec u;
	if (!login || repo_user_get(app->db, app->arena, login, &u, NULL) != PX_OK || u.disabled) {
		diag_err(d, NULL, 0, 0, "không có người dùng đang hoạt động \"%s\"",
		         "no active user \"%s\"", login ? login : "");
		return PX_BADINPUT;
	}
	if ((e = db_begin(app->db)) != PX_OK)
		return app_commit(app, e, d);
	e = need_council(app, unit, year, d);
	struct emu_member_rec m = {unit, u.login, u.name ? u.name : u.login,
	                           position && *position ? position : "Ủy viên",
	                           clock_now_iso(app->arena), year};
	bool is_new = false;
	if (e == PX_OK)
		e = repo_emu_member_put(app->db, &m, &is_new);
	if (e == PX_OK) {
		struct str det;
		str_init(&det, 0);
		str_printf(&det, "{\"year\": %d, \"login\": ", year);
		str_add_json(&det, m.login);
		str_adds(&det, ", \"position\": ");
		str_add_json(&det, m.position);
		str_adds(&det, "}");
		e = audit_append(app->db, app->actor, is_new ? "insert" : "update", "emu_council_member",
		                 unit, str_cstr(&det));
		str_free(&det);
	}
	return app_commit(app, e, d);
}

enum px_err app_emu_member_remove(struct app *app, const struct actor *who, const char *unit,
                                  int year, const char *login, struct diags *d)
{
	enum px_err e = office_only(app, who, unit, d);
	if (e != PX_OK)
		return e;
	if ((e = db_begin(app->db)) != PX_OK)
		return app_commit(app, e, d);
	bool removed = false;
	e = repo_emu_member_remove(app->db, unit, year, login ? login : "", &removed);
	if (e == PX_OK && !removed) {
		diag_err(d, NULL, 0, 0, "\"%s\" không phải thành viên hội đồng thi đua của %s năm %d",
		         "\"%s\" is not a member of the emulation council of %s for %d", login, unit, year);
		e = PX_BADINPUT;
	}
	if (e == PX_OK) {
		char det[160];
		snprintf(det, sizeof det, "{\"year\": %d, \"login\": \"%.100s\"}", year, login);
		e = audit_append(app->db, app->actor, "delete", "emu_council_member", unit, det);
	}
	return app_commit(app, e, d);
}

static enum px_err load_view(struct app *app, const char *unit, int year,
                             struct emu_council_view *out)
{
	memset(out, 0, sizeof *out);
	enum px_err e = repo_emu_council_get(app->db, unit, year, app->arena, &out->council);
	if (e == PX_OK)
		e = repo_emu_members(app->db, unit, year, app->arena, &out->members, &out->n);
	return e;
}

enum px_err app_emu_council(struct app *app, const struct actor *who, const char *unit, int year,
                            struct emu_council_view *out, struct diags *d)
{
	memset(out, 0, sizeof *out);
	if (!unit_known(app, unit) || !(app_grant_covers(who, CAP_READ, unit, NULL) ||
	                                app_emu_may_act(app, who, unit, year))) {
		diag_err(d, NULL, 0, 0, "không có đơn vị \"%s\"", "no unit \"%s\"", unit ? unit : "");
		return PX_NOTFOUND;
	}
	enum px_err e = load_view(app, unit, year, out);
	if (e == PX_NOTFOUND)
		diag_err(d, NULL, 0, 0, "đơn vị %s chưa lập hội đồng thi đua năm %d",
		         "unit %s has no emulation council for %d", unit, year);
	else if (e != PX_OK)
		return db_error(app, d);
	return e;
}

enum px_err app_emu_council_of(struct app *app, const char *unit, int year, bool *found,
                               struct emu_council_view *out)
{
	*found = false;
	memset(out, 0, sizeof *out);
	struct unit_set us;
	unit_set_init(&us, app->arena);
	enum px_err e = repo_unit_load(app->db, &us);
	long i = e == PX_OK && unit ? unit_set_find(&us, unit) : -1;
	for (int guard = 0; i >= 0 && guard < 64 && e == PX_OK && !*found;
	     guard++, i = us.v[i].parent_idx) {
		e = load_view(app, us.v[i].code, year, out);
		if (e == PX_OK)
			*found = true;
		else if (e == PX_NOTFOUND)
			e = PX_OK;
	}
	unit_set_free(&us);
	return e;
}
