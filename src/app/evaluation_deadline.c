/*
 * Deadlines and notices of the monthly evaluation; see
 * evaluation_deadline.h. A notice exists only when the verb it points to
 * is allowed now (app_eval_allowed over eval_machine), so "you are late"
 * and "you may do it" cannot disagree; a cheap check of the grant comes
 * first so that a leader's notices cost one machine load per candidate.
 */
#include "app/evaluation_deadline.h"
#include "app/cycle.h"
#include "app/evaluation_flow.h"
#include "app/workflow.h"
#include "base/arena.h"
#include "base/datetime.h"
#include "core/evaluation.h"
#include "store/repo_evaluation.h"
#include "store/repo_unit.h"
#include "store/repo_user.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static long day_setting(struct app *app, const char *name, long dflt)
{
	const char *v = repo_setting_get(app->db, app->arena, name);
	char *end = NULL;
	long d = v && *v ? strtol(v, &end, 10) : -1;
	return v && *v && !*end && d >= 1 && d <= 28 ? d : dflt;
}

bool app_eval_deadlines(struct app *app, const char *month, struct eval_deadlines *out)
{
	struct period p;
	if (!month || !period_parse(month, strlen(month), &p) || p.kind != PERIOD_MONTH)
		return false;
	out->self_due = eval_deadline(p.year, p.n,
	                              day_setting(app, "evaluation_self_day", EVAL_SELF_DAY_DEFAULT));
	out->manager_due = eval_deadline(p.year, p.n, day_setting(app, "evaluation_manager_day",
	                                                          EVAL_MANAGER_DAY_DEFAULT));
	return true;
}

bool eval_self_late(const struct eval_deadlines *dl, const char *state, int32_t today)
{
	return today > dl->self_due && !strcmp(state, "missing");
}

bool eval_manager_late(const struct eval_deadlines *dl, const char *state, int32_t today)
{
	return today > dl->manager_due && (!strcmp(state, "missing") ||
	                                   !strcmp(state, "self_evaluated"));
}

static void add(struct app *app, struct notice **v, size_t *n, size_t *cap, const char *unit,
                const char *vi, const char *en, int32_t due, bool late, const char *href)
{
	*v = arena_grow(app->arena, *v, cap, *n, sizeof **v);
	(*v)[(*n)++] = (struct notice){"evaluation", unit, vi, en, due, !late, href};
}

static const char *show(struct app *app, int32_t day)
{
	char b[11];
	date_format(day, b); /* YYYY-MM-DD */
	return arena_printf(app->arena, "%.2s/%.2s/%.4s", b + 8, b + 5, b);
}

/* The notices of one month. */
static enum px_err month_notices(struct app *app, const struct actor *who, struct period p,
                                 const struct staff_rec *st, size_t nst, struct notice **v,
                                 size_t *n, size_t *cap)
{
	char month[9];
	period_format(p, month);
	struct eval_deadlines dl;
	if (!app_eval_deadlines(app, month, &dl))
		return PX_OK;
	int32_t today = app_today();
	struct eval_month_rec *m;
	size_t nm;
	if (repo_eval_months(app->db, month, app->arena, &m, &nm) != PX_OK)
		return PX_FAIL;
	const char *mv = arena_printf(app->arena, "%.2s/%.4s", month + 5, month);
	/* per unit: people waiting for the leader's score */
	const char **units = arena_array(app->arena, nst + 1, sizeof *units);
	long *waiting = arena_array(app->arena, nst + 1, sizeof *waiting);
	size_t nu = 0;
	for (size_t i = 0; i < nst; i++) {
		const struct staff_rec *s = &st[i];
		if (s->valid_from > period_last_day(p) || s->valid_to < period_first_day(p))
			continue;
		const char *state = "missing";
		for (size_t k = 0; k < nm; k++)
			if (!strcmp(m[k].staff, s->code))
				state = m[k].state;
		bool own = who->login && !strcasecmp(who->login, s->code);
		const char *verbs[4];
		if (own && !strcmp(state, "missing") && today + 7 >= dl.self_due &&
		    wf_has(verbs, app_eval_allowed(app, who, s->code, month, verbs, 4), "self")) {
			bool late = today > dl.self_due;
			add(app, v, n, cap, s->unit_code,
			    late ? arena_printf(app->arena, "Quá hạn tự đánh giá tháng %s (hạn %s)", mv,
			                        show(app, dl.self_due))
			         : arena_printf(app->arena, "Tự đánh giá tháng %s trước ngày %s", mv,
			                        show(app, dl.self_due)),
			    late ? arena_printf(app->arena, "Your self-evaluation of %s is late (due %s)",
			                        month, show(app, dl.self_due))
			         : arena_printf(app->arena, "Self-evaluate %s by %s", month,
			                        show(app, dl.self_due)),
			    dl.self_due, late, arena_printf(app->arena, "/evaluation?month=%s#self", month));
		}
		if (own || strcmp(state, "self_evaluated") || today + 7 < dl.manager_due ||
		    !app_holds_role_over(who, "leader", s->unit_code))
			continue;
		if (!wf_has(verbs, app_eval_allowed(app, who, s->code, month, verbs, 4), "score"))
			continue;
		size_t u = 0;
		while (u < nu && strcmp(units[u], s->unit_code))
			u++;
		if (u == nu) {
			units[nu] = s->unit_code;
			waiting[nu++] = 0;
		}
		waiting[u]++;
	}
	for (size_t u = 0; u < nu; u++) {
		bool late = today > dl.manager_due;
		const char *due = show(app, dl.manager_due);
		add(app, v, n, cap, units[u],
		    arena_printf(app->arena, "%s: %ld người chờ chấm điểm tháng %s (%s %s)", units[u],
		                 waiting[u], mv, late ? "quá hạn" : "hạn", due),
		    arena_printf(app->arena, "%s: %ld people wait for your score of %s (%s %s)", units[u],
		                 waiting[u], month, late ? "late, due" : "due", due),
		    dl.manager_due, late,
		    arena_printf(app->arena, "/evaluation/units/%s/%s", units[u], month));
	}
	return PX_OK;
}

enum px_err app_eval_notices(struct app *app, const struct actor *who, struct notice **v,
                             size_t *n, size_t *cap)
{
	if (!who || !who->login)
		return PX_OK;
	/* only a leader or a staff member can have one: nothing to load for
	 * the others (this runs on every home page) */
	bool staff = false;
	if (!app_holds_role(who, "leader") &&
	    (repo_eval_is_staff(app->db, who->login, &staff) != PX_OK || !staff))
		return PX_OK;
	struct staff_rec *st;
	size_t nst;
	if (app_staff_list(app, NULL, &st, &nst) != PX_OK)
		return PX_FAIL;
	struct period cur = period_month_of(app_today()), prev = cur;
	if (--prev.n < 1) {
		prev.n = 12;
		prev.year--;
	}
	enum px_err e = month_notices(app, who, prev, st, nst, v, n, cap);
	if (e == PX_OK)
		e = month_notices(app, who, cur, st, nst, v, n, cap);
	return e;
}
