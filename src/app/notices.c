/*
 * What waits for the actor across every cycle: the unit's own
 * self-assessment and replies, the member's appraisals, the office's
 * backlog. Each notice exists exactly when the actor may do the verb it
 * points to (wf_allowed over the machines' tables), never by a second
 * copy of the rule.
 */
#include "app/cycle_impl.h"
#include "app/plan.h"
#include "app/inspection.h"
#include "app/evaluation_deadline.h"
#include "base/arena.h"

#include <string.h>

#define NOTICE_BACKLOG_UNITS 10 /* units of the backlog named one by one */

static void add_notice(struct app *app, struct notice **v, size_t *n, size_t *cap,
                       const char *fw, const char *unit, const char *vi, const char *en,
                       int32_t deadline)
{
	*v = arena_grow(app->arena, *v, cap, *n, sizeof **v);
	int32_t today = app_today();
	(*v)[(*n)++] = (struct notice){fw, unit, vi, en, deadline,
	                               deadline != DATE_MAX && deadline >= today &&
	                                       deadline - today <= 7};
}

/* The verbs actor may do on unit's assessment now. */
static size_t unit_verbs(struct app *app, const struct actor *who, const char *fw,
                         const char *unit, const char **verbs, size_t max)
{
	return wf_allowed(app, &assessment_machine, who, arena_printf(app->arena, "%s/%s", fw, unit),
	                  verbs, max, NULL);
}

enum px_err app_notices(struct app *app, const struct actor *who, struct notice **out,
                        size_t *n)
{
	const char **fws;
	size_t nfw, cap = 0;
	*out = NULL;
	*n = 0;
	if (repo_cycle_list(app->db, app->arena, &fws, &nfw) != PX_OK)
		return PX_FAIL;
	for (size_t i = 0; i < nfw; i++) {
		struct diags d;
		diags_init(&d);
		struct cycle_info info;
		struct unit_progress *rows;
		size_t nr;
		enum px_err e = app_cycle_status(app, fws[i], &info, &rows, &nr, &d);
		diags_free(&d);
		if (e != PX_OK)
			continue;
		long pending = 0, undecided = 0, unappraised = 0;
		for (size_t k = 0; k < nr; k++) {
			const struct unit_progress *p = &rows[k];
			pending += !*p->submitted_at;
			if (*p->submitted_at)
				unappraised += p->total - p->appraised;
			/* only the units the actor is tied to: their own, or assigned */
			bool own = app_covers(who, p->code), assigned = false;
			if (!own && info.phase == PHASE_APPRAISAL && app_can(who, CAP_APPRAISE) &&
			    repo_appraiser_is(app->db, fws[i], who->login, p->code, &assigned) != PX_OK)
				return PX_FAIL;
			if (!own && !assigned)
				continue;
			const char *verbs[16];
			size_t nv = unit_verbs(app, who, fws[i], p->code, verbs, 16);
			int32_t until = p->extension > info.self_until ? p->extension : info.self_until;
			if (wf_has(verbs, nv, "submit"))
				add_notice(app, out, n, &cap, fws[i], p->code,
				           arena_printf(app->arena, "Tự đánh giá: đã chấm %ld/%ld tiêu chí",
				                        p->done, p->total),
				           arena_printf(app->arena, "Self-assessment: %ld of %ld criteria done",
				                        p->done, p->total),
				           until);
			if (wf_has(verbs, nv, "reply") && p->adjusted > p->replied)
				add_notice(app, out, n, &cap, fws[i], p->code,
				           arena_printf(app->arena, "%ld tiêu chí bị điều chỉnh điểm, có thể phản hồi",
				                        p->adjusted),
				           arena_printf(app->arena, "%ld adjusted criteria you may reply to",
				                        p->adjusted),
				           info.reply_until);
			if (wf_has(verbs, nv, "appraise"))
				add_notice(app, out, n, &cap, fws[i], p->code,
				           arena_printf(app->arena, "Thẩm định đơn vị %s", p->name),
				           arena_printf(app->arena, "Appraise %s", p->name),
				           info.appraisal_until);
		}
		struct reply_row *reps;
		size_t nrep;
		if (repo_reply_list(app->db, fws[i], NULL, app->arena, &reps, &nrep) == PX_OK)
			for (size_t k = 0; k < nrep; k++)
				undecided += !reps[k].decision;
		const struct framework *fw = NULL;
		diags_init(&d);
		e = app_framework_live(app, fws[i], &d, &fw);
		diags_free(&d);
		if (e != PX_OK || !app_may_manage_framework(who, fw)) /* the framework's office */
			continue;
		if (info.phase == PHASE_SELF && pending)
			add_notice(app, out, n, &cap, fws[i], NULL,
			           arena_printf(app->arena, "%ld đơn vị chưa nộp tự đánh giá", pending),
			           arena_printf(app->arena, "%ld units have not submitted", pending),
			           info.self_until);
		/* the appraisal backlog, once self-assessment is closed (moved on,
		 * or its deadline and every extension passed): the submitted
		 * units whose criteria still lack the council's value */
		int32_t last = info.self_until;
		for (size_t k = 0; k < nr; k++)
			if (rows[k].extension != DATE_MIN && rows[k].extension > last)
				last = rows[k].extension;
		bool closed = info.phase != PHASE_SELF || (last != DATE_MAX && app_today() > last);
		if (closed && info.phase < PHASE_APPROVED && unappraised) {
			long units = 0;
			for (size_t k = 0; k < nr; k++)
				units += *rows[k].submitted_at && rows[k].appraised < rows[k].total;
			add_notice(app, out, n, &cap, fws[i], NULL,
			           arena_printf(app->arena, "Thẩm định còn tồn: %ld đơn vị, %ld tiêu chí chưa "
			                        "có điểm thẩm định của hội đồng", units, unappraised),
			           arena_printf(app->arena, "Appraisal backlog: %ld units, %ld criteria still "
			                        "wait for the council's points", units, unappraised),
			           info.appraisal_until);
			/* the units themselves, the first few (the cycle page lists all) */
			for (size_t k = 0, shown = 0; k < nr && shown < NOTICE_BACKLOG_UNITS; k++) {
				const struct unit_progress *p = &rows[k];
				if (!*p->submitted_at || p->appraised >= p->total)
					continue;
				shown++;
				add_notice(app, out, n, &cap, fws[i], p->code,
				           arena_printf(app->arena, "%s: đã thẩm định %ld/%ld tiêu chí", p->name,
				                        p->appraised, p->total),
				           arena_printf(app->arena, "%s: %ld of %ld criteria appraised", p->name,
				                        p->appraised, p->total),
				           info.appraisal_until);
			}
		}
		if (info.phase == PHASE_DECISION && undecided)
			add_notice(app, out, n, &cap, fws[i], NULL,
			           arena_printf(app->arena, "%ld phản hồi chờ hội đồng quyết định", undecided),
			           arena_printf(app->arena, "%ld replies wait for the council", undecided),
			           DATE_MAX);
	}
	enum px_err e = app_plan_notices(app, who, out, n, &cap);
	/* inspections: only those who may see each one (app_inspection_visible) */
	if (e == PX_OK)
		e = app_inspection_notices(app, who, out, n, &cap);
	/* staff evaluation: a self-evaluation or a score due or late */
	if (e == PX_OK)
		e = app_eval_notices(app, who, out, n, &cap);
	return e;
}
