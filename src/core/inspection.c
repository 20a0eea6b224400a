/* Inspection rules; see inspection.h. */
#include "core/inspection.h"

#include <string.h>

const char *const insp_kind_names[] = {"scheduled", "unannounced", NULL};
const char *const insp_kind_vi[] = {"theo kế hoạch", "đột xuất", NULL};
const char *const insp_state_names[] = {"planned", "started", "concluded", "closed", NULL};
const char *const insp_state_vi[] = {"chưa tiến hành", "đang kiểm tra", "đã kết luận",
                                     "đã đóng", NULL};
const char *const insp_result_names[] = {"compliant", "non_compliant", "not_applicable", NULL};
const char *const insp_result_vi[] = {"đạt", "không đạt", "không áp dụng", NULL};
const char *const insp_finding_names[] = {"good_practice", "shortcoming", "violation", NULL};
const char *const insp_finding_vi[] = {"mô hình hay", "hạn chế", "vi phạm", NULL};
const char *const rec_state_names[] = {"open", "done", "accepted", NULL};
const char *const rec_state_vi[] = {"chưa khắc phục", "đã báo cáo khắc phục", "đã xác nhận",
                                    NULL};
const char *const insp_places[] = {"office", "one_stop", "reception", "subunit", NULL};

int insp_word(const char *const *names, const char *s)
{
	for (int i = 0; s && names[i]; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

bool insp_visible(enum insp_kind kind, enum insp_state state, const struct insp_viewer *v)
{
	if (v->on_team || v->city_staff || v->planner)
		return true;
	if (kind == INSP_UNANNOUNCED && state == INSP_PLANNED)
		return false;
	return v->sees_unit;
}

bool rec_overdue(enum rec_state st, int32_t due, int32_t accepted_on, int32_t asof)
{
	bool accepted = st == REC_ACCEPTED && accepted_on <= asof;
	return !accepted && due < asof;
}

bool rec_remedied_on_time(enum rec_state st, int32_t due, int32_t reported_on)
{
	return st == REC_ACCEPTED && reported_on <= due;
}

void insp_count_finding(struct insp_counts *c, enum insp_finding k)
{
	if (k == FIND_GOOD_PRACTICE)
		c->good_practices++;
	else if (k == FIND_SHORTCOMING)
		c->shortcomings++;
	else if (k == FIND_VIOLATION)
		c->violations++;
}

bool insp_remedy_rate(const struct insp_counts *c, double *out)
{
	if (c->due <= 0)
		return false;
	*out = (double)c->remedied / (double)c->due;
	return true;
}
