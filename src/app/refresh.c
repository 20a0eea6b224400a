/* The daily refresh; see refresh.h. */
#include "app/refresh.h"
#include "app/rating.h"
#include "app/inspection.h"
#include "app/plan.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/datetime.h"

int32_t app_refresh_due_day(int64_t t)
{
	int64_t local = t + VN_UTC_OFFSET;
	int64_t day = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
	int64_t secs = local - day * 86400;
	return secs >= REFRESH_AT_SECONDS ? (int32_t)day : INT32_MIN;
}

enum px_err app_metrics_refresh(struct app *app, struct diags *d)
{
	enum px_err e = app_plan_metrics_refresh(app, d);
	if (e == PX_OK)
		e = app_inspection_metrics_refresh(app, d);
	return e == PX_OK ? app_rating_metrics_refresh(app, d) : e;
}

enum px_err app_daily_refresh(struct app *app, int32_t day, const char *host,
                              enum refresh_outcome *out, struct diags *d)
{
	char name[11];
	date_format(day, name);
	bool won = false;
	enum px_err e = db_begin(app->db);
	if (e == PX_OK)
		e = repo_refresh_claim(app->db, name, clock_now_iso(app->arena), host, &won);
	e = app_commit(app, e, d);
	if (e != PX_OK)
		return e;
	*out = won ? REFRESH_RAN : REFRESH_TAKEN;
	if (!won)
		return PX_OK;
	/* the values and the end of the run in one transaction */
	e = db_begin(app->db);
	if (e == PX_OK)
		e = app_metrics_refresh(app, d);
	if (e == PX_OK)
		e = repo_refresh_finish(app->db, name, clock_now_iso(app->arena));
	return app_commit(app, e, d);
}

enum px_err app_refresh_runs(struct app *app, struct refresh_run_rec **out, size_t *n)
{
	return repo_refresh_list(app->db, app->arena, out, n);
}
