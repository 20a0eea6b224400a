/*
 * Owns the dossier.* metrics: their catalogue entries (counts declared
 * `sum`, so years and quarters derive; rates and stocks not) and their
 * recomputation from the stored monthly counters after an import.
 *
 * Why it is built this way: every unit with dossiers gets dossier.*
 * values for every month of the data's range in a year where it has
 * data (zero counts included: a month with no dossier really has none;
 * core/dossier.h dossier_agg_table), so the work follows the data, never
 * the span between two dates; counts declared
 * `sum` so years and quarters derive; rates and stocks (open, overdue)
 * are written for months and for quarters and years the data covers
 * entirely, rates from the summed counts (never an average of rates),
 * stocks at the period's last month.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/dossier_impl.h"
#include "core/metric.h"
#include "store/repo_dossier.h"
#include "store/repo_metric.h"

struct dossier_metric {
	const char *name, *vi, *en, *formula;
	bool count;
};

static const struct dossier_metric field_metrics[DOSSIER_NFIELDS] = {
	[DOSSIER_RECEIVED] = {"received", "Hồ sơ tiếp nhận", "Dossiers received", "received_at in the period", true},
	[DOSSIER_RECEIVED_ONLINE] = {"received_online", "Hồ sơ tiếp nhận trực tuyến", "Dossiers received online", "received, channel online", true},
	[DOSSIER_RECEIVED_FULL_ONLINE] = {"received_full_online", "Hồ sơ trực tuyến toàn trình", "Dossiers received fully online", "received, online_kind full", true},
	[DOSSIER_PAID_ONLINE] = {"paid_online", "Hồ sơ thanh toán trực tuyến", "Dossiers paid online", "received, paid_online", true},
	[DOSSIER_DIGITIZED] = {"digitized", "Hồ sơ được số hóa", "Dossiers digitised", "received, digitized", true},
	[DOSSIER_FINISHED] = {"finished", "Hồ sơ đã giải quyết", "Dossiers finished", "status finished, finished_at in the period", true},
	[DOSSIER_FINISHED_ON_TIME] = {"finished_on_time", "Hồ sơ giải quyết đúng hạn", "Dossiers finished on time", "finished, finished_at <= due_at", true},
	[DOSSIER_RESULT_DIGITIZED] = {"result_digitized", "Kết quả giải quyết điện tử", "Results issued electronically", "finished, result_digitized", true},
	[DOSSIER_RATED] = {"rated", "Hồ sơ được đánh giá", "Dossiers rated", "finished with a rating", true},
	[DOSSIER_SATISFIED] = {"satisfied", "Đánh giá hài lòng", "Ratings satisfied (4-5)", "finished with rating >= 4", true},
	[DOSSIER_OVERDUE_OPEN] = {"overdue_open", "Hồ sơ quá hạn chưa xong (cuối kỳ)", "Open overdue dossiers (end of period)", "open at the period's last instant and due before it", false},
	[DOSSIER_OPEN] = {"open", "Hồ sơ đang giải quyết (cuối kỳ)", "Open dossiers (end of period)", "open at the period's last instant", false},
};

static const struct dossier_metric rate_metrics[DOSSIER_NRATES] = {
	[DOSSIER_RATE_ON_TIME] = {"on_time_rate", "Tỷ lệ giải quyết đúng hạn", "On-time rate", "finished_on_time / finished", false},
	[DOSSIER_RATE_ONLINE] = {"online_rate", "Tỷ lệ tiếp nhận trực tuyến", "Online rate", "received_online / received", false},
	[DOSSIER_RATE_FULL_ONLINE] = {"full_online_rate", "Tỷ lệ trực tuyến toàn trình", "Full-online rate", "received_full_online / received", false},
	[DOSSIER_RATE_PAID_ONLINE] = {"paid_online_rate", "Tỷ lệ thanh toán trực tuyến", "Online payment rate", "paid_online / received", false},
	[DOSSIER_RATE_DIGITIZED] = {"digitized_rate", "Tỷ lệ số hóa hồ sơ", "Digitisation rate", "digitized / received", false},
	[DOSSIER_RATE_RESULT_DIGITIZED] = {"result_digitized_rate", "Tỷ lệ kết quả điện tử", "Electronic result rate", "result_digitized / finished", false},
	[DOSSIER_RATE_SATISFIED] = {"satisfied_rate", "Tỷ lệ hài lòng", "Satisfaction rate", "satisfied / rated", false},
	[DOSSIER_RATE_OVERDUE] = {"overdue_rate", "Tỷ lệ quá hạn (cuối kỳ)", "Overdue rate (end of period)", "overdue_open / open", false},
};

enum px_err dossier_metrics_define(struct db *db)
{
	enum px_err e = PX_OK;
	for (int k = 0; k < DOSSIER_NFIELDS + DOSSIER_NRATES && e == PX_OK; k++) {
		const struct dossier_metric *m =
			k < DOSSIER_NFIELDS ? &field_metrics[k] : &rate_metrics[k - DOSSIER_NFIELDS];
		char code[64], desc[256];
		snprintf(code, sizeof code, "dossier.%s", m->name);
		snprintf(desc, sizeof desc, "%s (dossier import; shared/formats/dossiers.md)",
		         m->formula);
		struct metric_def def = {code, m->vi, m->en, m->count ? "hồ sơ" : k < DOSSIER_NFIELDS
		                                                         ? "hồ sơ" : "tỷ lệ 0..1",
		                         desc, m->count ? AGG_SUM : AGG_NONE, 0};
		e = repo_metric_define(db, &def);
	}
	return e;
}

/* Sums of one unit over a quarter or year being built. */
struct period_acc {
	int64_t sum[DOSSIER_NFIELDS];
	int months;
	int64_t last[DOSSIER_NFIELDS]; /* the values of the latest month */
};

static const char *metric_codes[DOSSIER_NFIELDS + DOSSIER_NRATES];

struct unit_values {
	struct dossier_metrics_load *load;
	const char *unit;
	long n;
};

static void put(struct unit_values *u, const char *period, const char *metric, double value)
{
	repo_dossier_metrics_add(u->load, u->unit, period, metric, value);
	u->n++;
}

static void put_rates(struct unit_values *u, const char *period, const int64_t *v)
{
	for (int k = 0; k < DOSSIER_NRATES; k++) {
		double x;
		if (dossier_rate_value((enum dossier_rate)k, v, &x))
			put(u, period, metric_codes[DOSSIER_NFIELDS + k], x);
	}
}

/* A finished quarter or year (when the data covers all of it): rates of
 * the summed flows, stocks at the period's end. */
static void put_period(struct unit_values *u, const char *period, const struct period_acc *a,
                       int months_needed)
{
	if (a->months != months_needed)
		return;
	int64_t v[DOSSIER_NFIELDS];
	memcpy(v, a->sum, sizeof v);
	v[DOSSIER_OVERDUE_OPEN] = a->last[DOSSIER_OVERDUE_OPEN];
	v[DOSSIER_OPEN] = a->last[DOSSIER_OPEN];
	put(u, period, metric_codes[DOSSIER_OVERDUE_OPEN], (double)v[DOSSIER_OVERDUE_OPEN]);
	put(u, period, metric_codes[DOSSIER_OPEN], (double)v[DOSSIER_OPEN]);
	put_rates(u, period, v);
}

/* Recomputes the metrics of the units in scope (NULL: all) from the
 * whole stored aggregate, for months first..last: every month, and the
 * quarters and years the months cover entirely. */
enum px_err dossier_metrics_write(struct db *db, const struct dossier_agg *all, int32_t first,
                                  int32_t last, const struct map *scope, const char *as_of,
                                  struct dossier_import_summary *sum)
{
	static char codes[DOSSIER_NFIELDS + DOSSIER_NRATES][48];
	for (int k = 0; k < DOSSIER_NFIELDS + DOSSIER_NRATES; k++) {
		snprintf(codes[k], sizeof codes[k], "dossier.%s",
		         k < DOSSIER_NFIELDS ? field_metrics[k].name : rate_metrics[k - DOSSIER_NFIELDS].name);
		metric_codes[k] = codes[k];
	}
	struct dossier_month_row *rows = NULL;
	size_t n = first == DOSSIER_NO_MONTH || last == DOSSIER_NO_MONTH
		? 0 : dossier_agg_table(all, first, last, true, &rows);
	struct unit_values u = {repo_dossier_metrics_begin(db), NULL, 0};
	/* units in scope lose their old values even when no month is left */
	for (size_t i = 0; scope && i < scope->cap; i++)
		if (scope->slots[i].key)
			repo_dossier_metrics_unit(u.load, scope->slots[i].key);
	for (size_t i = 0; i < n;) {
		const char *unit = rows[i].unit;
		size_t j = i;
		while (j < n && !strcmp(rows[j].unit, unit))
			j++;
		if (scope && !map_gets(scope, unit)) {
			i = j;
			continue;
		}
		sum->units++;
		u.unit = unit;
		repo_dossier_metrics_unit(u.load, unit);
		struct period_acc q = {0}, y = {0};
		for (size_t k = i; k < j; k++) {
			const struct dossier_month_row *r = &rows[k];
			int32_t m = r->month;
			if (m % 3 == 0)
				memset(&q, 0, sizeof q);
			if (m % 12 == 0)
				memset(&y, 0, sizeof y);
			char mp[8], pp[24];
			dossier_month_format(m, mp);
			for (int f = 0; f < DOSSIER_NFIELDS; f++)
				put(&u, mp, metric_codes[f], (double)r->v[f]);
			put_rates(&u, mp, r->v);
			/* a period counts only when its first month was seen */
			if (m % 3 == 0 || q.months)
				q.months++;
			if (m % 12 == 0 || y.months)
				y.months++;
			for (int f = 0; f < DOSSIER_NFIELDS; f++) {
				q.sum[f] += r->v[f];
				y.sum[f] += r->v[f];
				q.last[f] = y.last[f] = r->v[f];
			}
			if (m % 3 == 2) {
				snprintf(pp, sizeof pp, "%04d-Q%d", m / 12, m % 12 / 3 + 1);
				put_period(&u, pp, &q, 3);
			}
			if (m % 12 == 11) {
				snprintf(pp, sizeof pp, "%04d", m / 12);
				put_period(&u, pp, &y, 12);
			}
		}
		i = j;
	}
	free(rows);
	sum->values = u.n;
	return repo_dossier_metrics_end(u.load, as_of);
}
