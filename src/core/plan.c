/* Plan rules; see plan.h. */
#include "core/plan.h"

#include <string.h>

const char *const plan_areas[] = {"direction", "institution", "procedure", "apparatus",
                                  "civil_service", "public_finance", "digital", "impact", NULL};
const char *const plan_outputs[] = {"report", "decision", "plan", "document", "system", "other",
                                    NULL};
const char *const plan_status_names[] = {"not_started", "in_progress", "done", "cancelled", NULL};
const char *const plan_status_vi[] = {"chưa bắt đầu", "đang thực hiện", "hoàn thành", "hủy bỏ",
                                      NULL};
const char *const plan_state_names[] = {"done_on_time", "done_late", "overdue", "open",
                                        "cancelled", NULL};
const char *const plan_state_vi[] = {"hoàn thành đúng hạn", "hoàn thành trễ hạn", "quá hạn",
                                     "trong hạn", "hủy bỏ", NULL};

int plan_status_parse(const char *s)
{
	for (int i = 0; s && plan_status_names[i]; i++)
		if (!strcmp(s, plan_status_names[i]))
			return i;
	return -1;
}

long plan_current(const struct plan_report_fact *reports, size_t n, int32_t asof)
{
	long cur = -1;
	for (size_t i = 0; i < n; i++)
		if (reports[i].date <= asof)
			cur = (long)i;
	return cur;
}

enum plan_state plan_state_on(const struct plan_report_fact *cur, int32_t due, int32_t asof,
                              long *days_late)
{
	long late = 0;
	enum plan_state st;
	if (cur && cur->status == PLAN_CANCELLED) {
		st = PLAN_STATE_CANCELLED;
	} else if (cur && cur->status == PLAN_DONE) {
		st = cur->date <= due ? PLAN_DONE_ON_TIME : PLAN_DONE_LATE;
		if (st == PLAN_DONE_LATE)
			late = (long)cur->date - due;
	} else if (due < asof) {
		st = PLAN_OVERDUE;
		late = (long)asof - due;
	} else {
		st = PLAN_OPEN;
	}
	if (days_late)
		*days_late = late;
	return st;
}

void plan_count(struct plan_counts *c, enum plan_state st)
{
	if (st == PLAN_STATE_CANCELLED)
		return;
	c->total++;
	if (st == PLAN_DONE_ON_TIME || st == PLAN_DONE_LATE)
		c->done++;
	else
		c->overdue++;
	if (st == PLAN_DONE_ON_TIME)
		c->done_on_time++;
}

bool plan_completion(const struct plan_counts *c, double *out)
{
	if (c->total <= 0)
		return false;
	*out = (double)c->done_on_time / (double)c->total;
	return true;
}

int32_t plan_period_end(int32_t last, int32_t today)
{
	return today < last ? today : last;
}
