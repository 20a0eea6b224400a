/* Evaluation rules; see evaluation.h. */
#include "core/evaluation.h"
#include "base/datetime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const eval_level_names[] = {"excellent", "good", "completed", "not_completed",
                                        "not_rated", NULL};
const char *const eval_level_vi[] = {"hoàn thành xuất sắc nhiệm vụ", "hoàn thành tốt nhiệm vụ",
                                     "hoàn thành nhiệm vụ", "không hoàn thành nhiệm vụ",
                                     "không xếp loại", NULL};

int eval_level_parse(const char *s)
{
	for (int i = 0; s && eval_level_names[i]; i++)
		if (!strcmp(s, eval_level_names[i]))
			return i;
	return -1;
}

int eval_grade_of(const struct eval_rules *r, long total)
{
	for (size_t i = 0; i < r->ngrades; i++)
		if (total >= r->grades[i].min)
			return (int)i;
	return r->ngrades ? (int)r->ngrades - 1 : 0;
}

int eval_component_find(const struct eval_rules *r, const char *code)
{
	for (size_t i = 0; code && i < r->ncomp; i++)
		if (r->comp[i].code && !strcmp(r->comp[i].code, code))
			return (int)i;
	return -1;
}

int eval_grade_find(const struct eval_rules *r, const char *code)
{
	for (size_t i = 0; code && i < r->ngrades; i++)
		if (r->grades[i].code && !strcmp(r->grades[i].code, code))
			return (int)i;
	return -1;
}

long eval_quota_cap(long share_ppm, long base, bool round_half_up)
{
	long long p = (long long)share_ppm * base;
	return (long)(round_half_up ? (p + 500000) / 1000000 : p / 1000000);
}

bool eval_month_quota(const struct eval_rules *r, bool outstanding, const int *grades, size_t n,
                      long *cap, long *count)
{
	const struct eval_quota *q = &r->quota;
	*cap = (long)n;
	*count = 0;
	if (!q->present)
		return true;
	long base = 0;
	for (size_t i = 0; i < n; i++) {
		if (grades[i] == q->rank)
			(*count)++;
		if (q->of_rank < 0 || grades[i] <= q->of_rank)
			base++;
	}
	long share = outstanding && q->share_outstanding_ppm >= 0 ? q->share_outstanding_ppm
	                                                          : q->share_ppm;
	*cap = eval_quota_cap(share, base, q->round_half_up);
	return *count <= *cap;
}

void eval_points_format(long centi, char comma, char *buf, size_t size)
{
	long a = labs(centi);
	const char *sign = centi < 0 ? "-" : "";
	if (a % 100 == 0)
		snprintf(buf, size, "%s%ld", sign, a / 100);
	else if (a % 10 == 0)
		snprintf(buf, size, "%s%ld%c%ld", sign, a / 100, comma, (a % 100) / 10);
	else
		snprintf(buf, size, "%s%ld%c%02ld", sign, a / 100, comma, a % 100);
}

int32_t eval_deadline(int year, int month, long day)
{
	if (day < 1)
		day = 1;
	if (day > 28)
		day = 28;
	return month >= 12 ? date_from_ymd(year + 1, 1, (int)day) : date_from_ymd(year, month + 1, (int)day);
}

long eval_tasks_from_items(long max, const struct eval_work_item *it, size_t n)
{
	if (!n)
		return -1;
	long sum = 0; /* at most 300 x EVAL_MAX_ITEMS per item set: no overflow */
	for (size_t i = 0; i < n; i++)
		sum += it[i].quantity + it[i].quality + it[i].progress;
	/* max x sum / (100 x 3n), half up, in integers */
	long den = 300 * (long)n;
	return (2 * max * sum + den) / (2 * den);
}

void eval_grade_counts(const struct eval_rules *r, const struct eval_year_in *in, char *buf,
                       size_t size)
{
	size_t len = 0;
	buf[0] = 0;
	for (size_t g = 0; g < r->ngrades && len < size; g++) {
		int k = snprintf(buf + len, size - len, "%s%s:%ld", g ? ";" : "", r->grades[g].code,
		                 in->grade_count[g]);
		if (k < 0)
			break;
		len += (size_t)k;
	}
}

/* Months rated with rank <= g. */
static long at_least(const struct eval_year_in *in, int g)
{
	long n = 0;
	for (int i = 0; i <= g && i < EVAL_MAX_GRADES; i++)
		n += in->grade_count[i];
	return n;
}

static long below(const struct eval_year_in *in, int g)
{
	long n = 0;
	for (int i = g + 1; i < EVAL_MAX_GRADES; i++)
		n += in->grade_count[i];
	return n;
}

/* Rule 4: the annual list or the annual mean. */
static enum eval_level rule4(const struct eval_rules *r, const struct eval_year_in *in,
                             char *vi, char *en, size_t size)
{
	if (r->nmean) {
		long mean = in->months_rated ? in->sum_total / in->months_rated : 0;
		char pv[32], pe[32];
		eval_points_format(mean, ',', pv, sizeof pv);
		eval_points_format(mean, '.', pe, sizeof pe);
		for (size_t i = 0; i < r->nmean; i++) {
			/* exact: sum >= min x months, not the truncated mean */
			if (in->sum_total >= r->mean[i].min * in->months_rated) {
				char mv[32], me[32];
				eval_points_format(r->mean[i].min, ',', mv, sizeof mv);
				eval_points_format(r->mean[i].min, '.', me, sizeof me);
				snprintf(vi, size, "điểm bình quân %ld tháng là %s (từ %s)", in->months_rated,
				         pv, mv);
				snprintf(en, size, "the mean of %ld months is %s (%s or more)",
				         in->months_rated, pe, me);
				return r->mean[i].level;
			}
		}
		snprintf(vi, size, "điểm bình quân %ld tháng là %s", in->months_rated, pv);
		snprintf(en, size, "the mean of %ld months is %s", in->months_rated, pe);
		return EVAL_NOT_COMPLETED;
	}
	for (size_t i = 0; i < r->nannual; i++) {
		const struct eval_annual_rule *a = &r->annual[i];
		bool ok = true;
		if (a->at_least_rank >= 0 && at_least(in, a->at_least_rank) < a->at_least_months)
			ok = false;
		if (a->none_below_rank >= 0 && below(in, a->none_below_rank) > 0)
			ok = false;
		if (!ok)
			continue;
		char bv[160] = "", be[160] = "";
		if (a->at_least_rank >= 0) {
			const char *g = r->grades[a->at_least_rank].code;
			snprintf(bv, sizeof bv, "%ld tháng loại %s trở lên (cần %ld)",
			         at_least(in, a->at_least_rank), g, a->at_least_months);
			snprintf(be, sizeof be, "%ld months graded %s or better (%ld needed)",
			         at_least(in, a->at_least_rank), g, a->at_least_months);
		}
		if (a->none_below_rank >= 0) {
			const char *g = r->grades[a->none_below_rank].code;
			size_t lv = strlen(bv), le = strlen(be);
			snprintf(bv + lv, sizeof bv - lv, "%skhông tháng nào dưới loại %s", lv ? ", " : "", g);
			snprintf(be + le, sizeof be - le, "%sno month below %s", le ? ", " : "", g);
		}
		if (!*bv) {
			snprintf(bv, sizeof bv, "không đạt điều kiện của mức cao hơn");
			snprintf(be, sizeof be, "the conditions of a higher level are not met");
		}
		snprintf(vi, size, "%s", bv);
		snprintf(en, size, "%s", be);
		return a->level;
	}
	snprintf(vi, size, "không đạt điều kiện của mức nào");
	snprintf(en, size, "the conditions of no level are met");
	return EVAL_NOT_COMPLETED;
}

static void classify_one(const struct eval_rules *r, const struct eval_year_in *in,
                         struct eval_year_out *o)
{
	size_t sz = sizeof o->reason_vi;
	if (in->months_rated < 6) {
		o->level = EVAL_NOT_RATED;
		snprintf(o->reason_vi, sz, "chỉ có %ld tháng được đánh giá (cần ít nhất 6)",
		         in->months_rated);
		snprintf(o->reason_en, sz, "only %ld rated months (at least 6 needed)", in->months_rated);
		return;
	}
	if (in->absent_days >= 180) {
		o->level = EVAL_NOT_RATED;
		snprintf(o->reason_vi, sz, "nghỉ %ld ngày trong năm (từ 180 ngày: không xếp loại)",
		         in->absent_days);
		snprintf(o->reason_en, sz, "absent %ld days in the year (180 or more: not rated)",
		         in->absent_days);
		return;
	}
	if (in->disciplined) {
		char day[11];
		int y, m, d;
		date_to_ymd(in->discipline_date, &y, &m, &d);
		snprintf(day, sizeof day, "%02d/%02d/%04d", d, m, y);
		o->level = EVAL_NOT_COMPLETED;
		snprintf(o->reason_vi, sz, "bị kỷ luật (%s) ngày %s", in->discipline_form, day);
		snprintf(o->reason_en, sz, "disciplined (%s) on %s", in->discipline_form, day);
		return;
	}
	char vi[240], en[240];
	enum eval_level l = rule4(r, in, vi, en, sizeof vi);
	if (in->absent_days >= 90) {
		bool capped = l < EVAL_COMPLETED;
		if (capped)
			l = EVAL_COMPLETED;
		snprintf(o->reason_vi, sz, "nghỉ %ld ngày trong năm (90–179 ngày: tối đa hoàn thành "
		         "nhiệm vụ)%s; %s", in->absent_days, capped ? ", hạ mức" : "", vi);
		snprintf(o->reason_en, sz, "absent %ld days in the year (90–179: at most completed)%s; %s",
		         in->absent_days, capped ? ", lowered" : "", en);
	} else {
		snprintf(o->reason_vi, sz, "%s", vi);
		snprintf(o->reason_en, sz, "%s", en);
	}
	o->level = l;
}

struct holder {
	size_t i;
	long sum;
	const char *code;
};

static int by_sum(const void *a, const void *b)
{
	const struct holder *x = a, *y = b;
	if (x->sum != y->sum)
		return x->sum > y->sum ? -1 : 1;
	return strcmp(x->code ? x->code : "", y->code ? y->code : "");
}

void eval_classify_year(const struct eval_rules *r, const struct eval_year_in *in, size_t n,
                        struct eval_year_out *out)
{
	for (size_t i = 0; i < n; i++)
		classify_one(r, &in[i], &out[i]);
	const struct eval_quota *q = &r->annual_quota;
	if (!q->present || n == 0)
		return;
	long base = 0, count = 0;
	for (size_t i = 0; i < n; i++) {
		if (out[i].level == EVAL_NOT_RATED)
			continue;
		if (q->of_rank < 0 || (int)out[i].level <= q->of_rank)
			base++;
		if ((int)out[i].level == q->rank)
			count++;
	}
	long cap = eval_quota_cap(q->share_ppm, base, q->round_half_up);
	if (count <= cap)
		return;
	struct holder *h = malloc((size_t)count * sizeof *h);
	if (!h)
		return;
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if ((int)out[i].level == q->rank)
			h[k++] = (struct holder){i, in[i].sum_total, in[i].staff_code};
	qsort(h, k, sizeof *h, by_sum);
	enum eval_level lower = (enum eval_level)(q->rank + 1);
	for (size_t j = (size_t)cap; j < k; j++) {
		struct eval_year_out *o = &out[h[j].i];
		o->level = lower;
		size_t lv = strlen(o->reason_vi), le = strlen(o->reason_en);
		snprintf(o->reason_vi + lv, sizeof o->reason_vi - lv,
		         "; vượt tỷ lệ %s của đơn vị (tối đa %ld trong %ld, xét theo tổng điểm các "
		         "tháng): hạ xuống %s", eval_level_vi[q->rank], cap, base, eval_level_vi[lower]);
		snprintf(o->reason_en + le, sizeof o->reason_en - le,
		         "; beyond the unit's %s quota (at most %ld of %ld, by the sum of monthly "
		         "totals): lowered to %s", eval_level_names[q->rank], cap, base,
		         eval_level_names[lower]);
	}
	free(h);
}
