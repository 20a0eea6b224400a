/*
 * The emulation movement a unit launches for a year, and the
 * registrations of its collectives and individuals, on the one workflow
 * mechanism (app/workflow.c): launch (none -> open), register (open,
 * stays open; refused after the registration deadline or for a candidate
 * outside the unit's subtree), close (open -> closed). A rule set's
 * {"registered": true} condition reads the registrations.
 */
#include "app/emulation.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/datetime.h"
#include "base/str.h"
#include "store/repo_emulation.h"
#include "store/repo_unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MV_OPEN, MV_CLOSED };
static const char *const mv_states[] = {"open", "closed", NULL};
static const char *const mv_states_vi[] = {"đang đăng ký", "đã đóng", NULL};

struct mv_item {
	const char *unit;
	long year;
	struct emu_movement_rec rec;
	bool exists;
};

static enum px_err mv_load(struct wf_ctx *c, const char *key)
{
	struct mv_item *it = arena_alloc(c->app->arena, sizeof *it);
	memset(it, 0, sizeof *it);
	const char *slash = strrchr(key, '/');
	it->unit = slash ? arena_strndup(c->app->arena, key, (size_t)(slash - key)) : key;
	it->year = slash ? strtol(slash + 1, NULL, 10) : 0;
	c->data = it;
	c->unit = it->unit;
	struct unit_set us;
	unit_set_init(&us, c->app->arena);
	enum px_err le = repo_unit_load(c->app->db, &us);
	bool found = le == PX_OK && unit_set_find(&us, it->unit) >= 0;
	unit_set_free(&us);
	if (le != PX_OK) {
		diag_err(c->d, NULL, 0, 0, "lỗi CSDL: %s", "database error: %s", db_errmsg(c->app->db));
		return PX_FAIL;
	}
	if (!found) {
		diag_err(c->d, NULL, 0, 0, "không có đơn vị \"%s\"", "no unit \"%s\"", it->unit);
		return PX_NOTFOUND;
	}
	enum px_err e = repo_emu_movement_get(c->app->db, it->unit, it->year, c->app->arena, &it->rec);
	if (e == PX_OK) {
		it->exists = true;
		c->state = strcmp(it->rec.state, "closed") ? MV_OPEN : MV_CLOSED;
	} else if (e == PX_NOTFOUND) {
		c->state = WF_NONE;
	} else {
		diag_err(c->d, NULL, 0, 0, "lỗi CSDL: %s", "database error: %s", db_errmsg(c->app->db));
		return PX_FAIL;
	}
	c->visible = app_grant_covers(c->who, CAP_READ, it->unit, NULL) ||
	             app_grant_covers(c->who, CAP_OFFICE, it->unit, NULL);
	return PX_OK;
}

static enum px_err mv_set_state(struct wf_ctx *c, int to)
{
	struct mv_item *it = c->data;
	return repo_emu_movement_set_state(c->app->db, it->unit, it->year, mv_states[to]);
}

static enum px_err launch_effect(struct wf_ctx *c)
{
	struct mv_item *it = c->data;
	const struct emu_movement_args *a = c->args;
	if (!a || !a->title || !*a->title) {
		diag_err(c->d, NULL, 0, 0, "cần tên phong trào (--title)", "the movement's title is needed (--title)");
		return PX_BADINPUT;
	}
	char ds[11];
	date_format(a->deadline, ds);
	struct emu_movement_rec m = {it->unit, a->title, a->targets ? a->targets : "", ds, "open",
	                             clock_now_iso(c->app->arena), it->year};
	str_printf(&c->detail, "\"deadline\": \"%s\", \"title\": ", ds);
	str_add_json(&c->detail, a->title);
	return repo_emu_movement_put(c->app->db, &m);
}

/* Whether candidate (a staff code or a unit code) belongs to unit's subtree. */
static bool in_subtree(struct wf_ctx *c, const char *unit, const char *cand)
{
	struct unit_set us;
	unit_set_init(&us, c->app->arena);
	bool inside = false;
	if (repo_unit_load(c->app->db, &us) != PX_OK)
		goto out;
	long root = unit_set_find(&us, unit), i = unit_set_find(&us, cand);
	if (i < 0) {
		struct staff_rec *s;
		size_t n;
		if (repo_staff_list(c->app->db, NULL, c->app->arena, &s, &n) != PX_OK)
			goto out;
		for (size_t k = 0; k < n && i < 0; k++)
			if (!strcmp(s[k].code, cand))
				i = unit_set_find(&us, s[k].unit_code);
	}
	for (int guard = 0; i >= 0 && guard < 64 && !inside; guard++, i = us.v[i].parent_idx)
		inside = i == root;
out:
	unit_set_free(&us);
	return inside;
}

static enum px_err register_effect(struct wf_ctx *c)
{
	struct mv_item *it = c->data;
	const struct emu_movement_args *a = c->args;
	int32_t deadline = DATE_MAX, today = clock_today();
	date_parse(it->rec.deadline, strlen(it->rec.deadline), &deadline);
	if (today > deadline) {
		diag_err(c->d, NULL, 0, 0, "đã hết hạn đăng ký thi đua (%s)",
		         "the registration deadline has passed (%s)", it->rec.deadline);
		return PX_BADINPUT;
	}
	if (!a || !a->candidate || !in_subtree(c, it->unit, a->candidate)) {
		diag_err(c->d, NULL, 0, 0, "\"%s\" không thuộc đơn vị %s",
		         "\"%s\" does not belong to unit %s", a && a->candidate ? a->candidate : "",
		         it->unit);
		return PX_BADINPUT;
	}
	struct emu_registration_rec r = {it->unit, a->candidate, a->commitment ? a->commitment : "",
	                                 clock_now_iso(c->app->arena), it->year};
	bool is_new;
	c->audit_entity = "emu_registration";
	c->audit_key = a->candidate;
	str_printf(&c->detail, "\"movement\": \"%s/%ld\", \"commitment\": ", it->unit, it->year);
	str_add_json(&c->detail, r.commitment);
	return repo_emu_register(c->app->db, &r, &is_new);
}

static const struct wf_transition mv_rows[] = {
	{"launch", WF_NONE, MV_OPEN, CAP_OFFICE, WF_REL_ANY, NULL, launch_effect,
	 "phát động phong trào thi đua", "launch the emulation movement"},
	{"register", MV_OPEN, WF_ANY, CAP_OFFICE, WF_REL_ANY, NULL, register_effect,
	 "đăng ký thi đua", "register for the movement"},
	{"close", MV_OPEN, MV_CLOSED, CAP_OFFICE, WF_REL_ANY, NULL, NULL,
	 "đóng đăng ký thi đua", "close the registration"},
};

const struct wf_machine emu_movement_machine = {
	.entity = "emu_movement",
	.states = mv_states,
	.states_vi = mv_states_vi,
	.rows = mv_rows,
	.nrows = sizeof mv_rows / sizeof mv_rows[0],
	.load = mv_load,
	.set_state = mv_set_state,
};

enum px_err app_emu_movement(struct app *app, const struct actor *who, const char *verb,
                             const char *unit, int year, const struct emu_movement_args *a,
                             struct diags *d)
{
	const char *key = arena_printf(app->arena, "%s/%d", unit ? unit : "", year);
	return wf_apply(app, &emu_movement_machine, who, verb, key, WF_ANY, a, NULL, d);
}
