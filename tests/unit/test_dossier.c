/*
 * Unit tests for core/dossier (the definitions of
 * shared/formats/dossiers.md) and io/dossier_csv (the fast reader), each
 * boundary named:
 * - a dossier received at 23:30 local on a month's last day (the
 *   previous day in UTC, whatever offset it is written with) counts in
 *   that month; finished exactly at due_at is on time; a date deadline
 *   ends at 23:59:59 local; a deadline at a month's last second is not
 *   overdue at that month's end; a dossier open over several months is
 *   overdue at each of their ends until it is finished; rejected and
 *   withdrawn dossiers are only received; ratings 1..5 and none;
 * - the reader's datetime parser accepts exactly what datetime_parse
 *   accepts, with the same instant, and gives the local month;
 * - the aggregate adds, takes out and merges, and its tables follow the
 *   output rule (months up to the last, non-zero rows);
 * - reading gives the same rows and problems for every chunk size and
 *   thread count, and repeated codes are found exactly when the
 *   fingerprints are spilled to disk.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/dossier.h"
#include "base/arena.h"
#include "base/datetime.h"
#include "base/mem.h"
#include "base/str.h"
#include "core/dossier.h"
#include "io/dossier_csv.h"
#include "store/db.h"

static int64_t when(const char *s)
{
	int64_t t;
	bool date_only;
	int32_t month;
	if (!dcsv_parse_datetime(s, strlen(s), true, &t, &date_only, &month))
		fail_msg("not a datetime: %s", s);
	return t;
}

static int32_t month(const char *s)
{
	int32_t m;
	assert_true(dossier_month_parse(s, strlen(s), &m));
	return m;
}

/* A dossier from text (finished may be NULL). */
static struct dossier mk(const char *received, const char *due, const char *finished,
                         enum dossier_status st)
{
	struct dossier d = {0};
	d.received_at = when(received);
	d.due_at = when(due);
	d.has_finished = finished != NULL;
	if (finished)
		d.finished_at = when(finished);
	d.status = st;
	dossier_set_months(&d);
	return d;
}

static void test_months(void **state)
{
	(void)state;
	char s[8];
	dossier_month_format(month("2024-02"), s);
	assert_string_equal(s, "2024-02");
	assert_int_equal(month("2024-01") + 1, month("2024-02"));
	assert_int_equal(month("2023-12") + 1, month("2024-01"));
	int32_t m;
	assert_false(dossier_month_parse("2024-13", 7, &m));
	assert_false(dossier_month_parse("2024-1", 6, &m));
	/* the last instant of a month: 23:59:59 local on its last day */
	assert_int_equal(dossier_month_end(month("2024-02")), when("2024-02-29T23:59:59"));
	assert_int_equal(dossier_month_end(month("2023-12")), when("2023-12-31T23:59:59"));
	/* testcase: 23:30 local on 31 Jan is 16:30 UTC the same day; 00:30 at
	 * +08:00 on 1 Feb is the same instant: all January */
	assert_int_equal(dossier_month_of(when("2024-01-31T23:30:00")), month("2024-01"));
	assert_int_equal(dossier_month_of(when("2024-01-31T16:30:00Z")), month("2024-01"));
	assert_int_equal(dossier_month_of(when("2024-02-01T00:30:00+08:00")), month("2024-01"));
	assert_int_equal(dossier_month_of(when("2024-01-31T17:00:00Z")), month("2024-02"));
	/* testcase: 05:00 local on 1 March is 22:00 UTC on 29 February: March */
	assert_int_equal(dossier_month_of(when("2024-02-29T22:00:00Z")), month("2024-03"));
	/* testcase: a date deadline ends at 23:59:59 local */
	assert_int_equal(when("2024-02-05"), when("2024-02-05T23:59:59"));
}

static void test_effects(void **state)
{
	(void)state;
	struct dossier_effect e;
	/* testcase: finished exactly at due_at is on time */
	struct dossier d = mk("2024-01-31T23:30:00", "2024-02-05", "2024-02-05T23:59:59",
	                      DOSSIER_ST_FINISHED);
	d.rating = 4;
	d.result_digitized = true;
	assert_int_equal(dossier_check(&d), 0);
	dossier_effect(&d, &e);
	assert_int_equal(e.received_month, month("2024-01"));
	assert_int_equal(e.finished_month, month("2024-02"));
	assert_true(e.finished_flags & (1u << DOSSIER_FINISHED_ON_TIME));
	assert_true(e.finished_flags & (1u << DOSSIER_RESULT_DIGITIZED));
	assert_true(e.finished_flags & (1u << DOSSIER_RATED));
	assert_true(e.finished_flags & (1u << DOSSIER_SATISFIED));
	assert_false(dossier_finished_late(&d));
	/* one second later is late */
	d.finished_at++;
	dossier_set_months(&d);
	dossier_effect(&d, &e);
	assert_false(e.finished_flags & (1u << DOSSIER_FINISHED_ON_TIME));
	assert_true(dossier_finished_late(&d));
	/* ratings: 1..3 rated, not satisfied; 4, 5 satisfied; none: neither */
	for (int r = 0; r <= 5; r++) {
		d.rating = r;
		dossier_effect(&d, &e);
		assert_int_equal(!!(e.finished_flags & (1u << DOSSIER_RATED)), r > 0);
		assert_int_equal(!!(e.finished_flags & (1u << DOSSIER_SATISFIED)), r >= 4);
	}
	/* testcase: open across several months, overdue from the due month */
	d = mk("2024-01-10T08:00:00", "2024-01-20T17:00:00", NULL, DOSSIER_ST_PROCESSING);
	dossier_effect(&d, &e);
	assert_int_equal(e.overdue_from, month("2024-01"));
	assert_int_equal(e.overdue_until, DOSSIER_NO_MONTH);
	assert_true(dossier_overdue_open_at(&d, month("2024-01")));
	assert_true(dossier_overdue_open_at(&d, month("2024-07")));
	/* testcase: due at a month's last second is not overdue at its end */
	d = mk("2024-01-15T09:00", "2024-01-31T23:59:59", "2024-03-10T09:00:00",
	       DOSSIER_ST_FINISHED);
	dossier_effect(&d, &e);
	assert_int_equal(e.overdue_from, month("2024-02"));
	assert_int_equal(e.overdue_until, month("2024-03"));
	assert_false(dossier_overdue_open_at(&d, month("2024-01")));
	assert_true(dossier_overdue_open_at(&d, month("2024-02")));
	assert_false(dossier_overdue_open_at(&d, month("2024-03")));
	assert_int_equal(e.open_from, month("2024-01"));
	assert_int_equal(e.open_until, month("2024-03"));
	/* received after its deadline's month: overdue from receipt */
	d = mk("2024-03-05T08:00", "2024-03-05T09:00", NULL, DOSSIER_ST_PROCESSING);
	dossier_effect(&d, &e);
	assert_int_equal(e.overdue_from, month("2024-03"));
	/* testcase: rejected and withdrawn are received, never open or finished */
	d = mk("2024-02-20T10:00:00", "2024-02-25T17:00:00", "2024-02-26T08:00:00",
	       DOSSIER_ST_REJECTED);
	d.result_digitized = true;
	d.rating = 5;
	assert_int_equal(dossier_check(&d), 0);
	dossier_effect(&d, &e);
	assert_int_equal(e.received_flags, 1u << DOSSIER_RECEIVED);
	assert_int_equal(e.finished_month, DOSSIER_NO_MONTH);
	assert_true(e.open_from >= e.open_until);
	assert_true(e.overdue_from >= e.overdue_until);
	d.status = DOSSIER_ST_WITHDRAWN;
	d.has_finished = false;
	assert_int_equal(dossier_check(&d), 0);
	assert_false(dossier_open_at(&d, d.received_at));
	/* received flags */
	d = mk("2024-02-20T10:00:00", "2024-02-25T17:00:00", NULL, DOSSIER_ST_PROCESSING);
	d.channel = DOSSIER_ONLINE;
	d.online_kind = DOSSIER_ONLINE_FULL;
	d.paid_online = d.digitized = true;
	dossier_effect(&d, &e);
	assert_int_equal(e.received_flags,
	                 (1u << DOSSIER_RECEIVED) | (1u << DOSSIER_RECEIVED_ONLINE) |
	                 (1u << DOSSIER_RECEIVED_FULL_ONLINE) | (1u << DOSSIER_PAID_ONLINE) |
	                 (1u << DOSSIER_DIGITIZED));
}

static void test_check(void **state)
{
	(void)state;
	struct dossier d = mk("2024-01-10T08:00", "2024-01-20", NULL, DOSSIER_ST_FINISHED);
	assert_int_equal(dossier_check(&d), DOSSIER_BAD_FINISHED_MISSING);
	d = mk("2024-01-10T08:00", "2024-01-20", "2024-01-11T08:00", DOSSIER_ST_PROCESSING);
	assert_int_equal(dossier_check(&d), DOSSIER_BAD_PROCESSING_CLOSED);
	d = mk("2024-01-10T08:00", "2024-01-20", "2024-01-10T07:59:59", DOSSIER_ST_FINISHED);
	assert_int_equal(dossier_check(&d), DOSSIER_BAD_FINISHED_EARLY);
	d = mk("2024-01-10T08:00", "2024-01-10T07:59", NULL, DOSSIER_ST_PROCESSING);
	assert_int_equal(dossier_check(&d), DOSSIER_BAD_DUE_EARLY);
	/* testcase: equal instants are fine */
	d = mk("2024-01-10T08:00", "2024-01-10T08:00", "2024-01-10T01:00:00Z", DOSSIER_ST_FINISHED);
	assert_int_equal(dossier_check(&d), 0);
}

static void test_words_and_rates(void **state)
{
	(void)state;
	enum dossier_channel c;
	enum dossier_online k;
	enum dossier_status s;
	assert_true(dossier_channel_parse("postal", 6, &c) && c == DOSSIER_POSTAL);
	assert_false(dossier_channel_parse("Online", 6, &c));
	assert_true(dossier_online_parse("partial", 7, &k) && k == DOSSIER_ONLINE_PARTIAL);
	assert_true(dossier_status_parse("withdrawn", 9, &s) && s == DOSSIER_ST_WITHDRAWN);
	assert_false(dossier_status_parse("finishe", 7, &s));
	int64_t v[DOSSIER_NFIELDS] = {0};
	double x;
	assert_false(dossier_rate_value(DOSSIER_RATE_ON_TIME, v, &x)); /* no finished */
	v[DOSSIER_FINISHED] = 4;
	v[DOSSIER_FINISHED_ON_TIME] = 3;
	assert_true(dossier_rate_value(DOSSIER_RATE_ON_TIME, v, &x));
	assert_true(x == 0.75);
	v[DOSSIER_OPEN] = 8;
	v[DOSSIER_OVERDUE_OPEN] = 2;
	assert_true(dossier_rate_value(DOSSIER_RATE_OVERDUE, v, &x) && x == 0.25);
	assert_string_equal(dossier_rate_name(DOSSIER_RATE_SATISFIED), "satisfied_rate");
	assert_string_equal(dossier_field_name(DOSSIER_OVERDUE_OPEN), "overdue_open");
}

/* ---- the aggregate ---- */

static void test_aggregate(void **state)
{
	(void)state;
	struct dossier_agg *a = dossier_agg_new();
	struct dossier_effect e;
	struct dossier d = mk("2024-01-10T08:00:00", "2024-01-20T17:00:00", "2024-03-05T08:00",
	                      DOSSIER_ST_FINISHED);
	dossier_effect(&d, &e);
	dossier_agg_add(a, "U1", 2, &e, 1);
	struct dossier p = mk("2024-02-10T08:00:00", "2024-02-20T17:00:00", NULL,
	                      DOSSIER_ST_PROCESSING);
	struct dossier_effect pe;
	dossier_effect(&p, &pe);
	dossier_agg_add(a, "U0", 2, &pe, 1);
	assert_int_equal(dossier_agg_last_month(a), month("2024-03"));
	assert_int_equal(dossier_agg_first_month(a), month("2024-01"));
	struct dossier_month_row *rows;
	size_t n = dossier_agg_table(a, 0, month("2024-04"), false, &rows);
	/* U0: Feb (received, overdue), Mar, Apr (overdue); U1: Jan, Feb
	 * (overdue), Mar (finished) */
	assert_int_equal(n, 6);
	assert_string_equal(rows[0].unit, "U0");
	assert_int_equal(rows[0].month, month("2024-02"));
	assert_int_equal(rows[0].v[DOSSIER_OVERDUE_OPEN], 1);
	assert_int_equal(rows[2].month, month("2024-04"));
	assert_string_equal(rows[3].unit, "U1");
	assert_int_equal(rows[3].v[DOSSIER_OVERDUE_OPEN], 1);
	assert_int_equal(rows[5].v[DOSSIER_FINISHED], 1);
	assert_int_equal(rows[5].v[DOSSIER_OVERDUE_OPEN], 0);
	free(rows);
	/* every month of a range in a year with data, zero rows included;
	 * testcase: 2023 has no data for either unit, so no December row */
	n = dossier_agg_table(a, month("2023-12"), month("2024-03"), true, &rows);
	assert_int_equal(n, 6);
	assert_int_equal(rows[0].month, month("2024-01"));
	assert_int_equal(rows[0].v[DOSSIER_RECEIVED], 0);
	free(rows);
	/* merged into another and taken out again: nothing left */
	struct dossier_agg *b = dossier_agg_new();
	dossier_agg_merge(b, a);
	dossier_agg_add(b, "U1", 2, &e, -1);
	dossier_agg_add(b, "U0", 2, &pe, -1);
	struct dossier_cell *cells;
	assert_int_equal(dossier_agg_cells(b, &cells), 0);
	free(cells);
	assert_int_equal(dossier_agg_last_month(b), DOSSIER_NO_MONTH);
	/* testcase: a deadline centuries away goes to the overflow cells */
	struct dossier far = mk("2024-01-10T08:00:00", "2999-01-20T17:00:00", NULL,
	                        DOSSIER_ST_PROCESSING);
	dossier_effect(&far, &e);
	dossier_agg_add(b, "U2", 2, &e, 1);
	n = dossier_agg_cells(b, &cells);
	assert_int_equal(n, 2);
	assert_int_equal(cells[1].month, month("2999-01"));
	free(cells);
	n = dossier_agg_table(b, 0, dossier_agg_last_month(b), false, &rows);
	assert_int_equal(n, 1); /* Jan 2024 only: never overdue before its last month */
	free(rows);
	dossier_agg_free(a);
	dossier_agg_free(b);
}

/* The metric table follows the data, not the span between its dates:
 * two dossiers 20 years apart give the months of their two years, not
 * 241 months; an open dossier carried over is data for every year it
 * stays open. */
static void test_table_follows_data(void **state)
{
	(void)state;
	struct dossier_agg *a = dossier_agg_new();
	struct dossier_effect e;
	struct dossier d1 = mk("2005-03-10T08:00", "2005-03-20", "2005-03-15T08:00",
	                       DOSSIER_ST_FINISHED);
	struct dossier d2 = mk("2025-03-10T08:00", "2025-03-20", "2025-03-25T08:00",
	                       DOSSIER_ST_FINISHED);
	dossier_effect(&d1, &e);
	dossier_agg_add(a, "U1", 2, &e, 1);
	dossier_effect(&d2, &e);
	dossier_agg_add(a, "U1", 2, &e, 1);
	int32_t first = dossier_agg_first_month(a), last = dossier_agg_last_month(a);
	assert_int_equal(last - first, 240);
	struct dossier_month_row *rows;
	size_t n = dossier_agg_table(a, first, last, true, &rows);
	/* 2005-03..2005-12 and 2025-01..2025-03 */
	assert_int_equal(n, 10 + 3);
	assert_int_equal(rows[9].month, month("2005-12"));
	assert_int_equal(rows[10].month, month("2025-01"));
	assert_int_equal(rows[12].v[DOSSIER_FINISHED], 1);
	assert_int_equal(rows[12].v[DOSSIER_FINISHED_ON_TIME], 0);
	free(rows);
	/* a unit with data in 2025 only: its 2025 months, nothing of 2005..2024 */
	struct dossier d3 = mk("2025-02-10T08:00", "2025-02-20", "2025-02-11T08:00",
	                       DOSSIER_ST_FINISHED);
	dossier_effect(&d3, &e);
	dossier_agg_add(a, "U2", 2, &e, 1);
	n = dossier_agg_table(a, first, last, true, &rows);
	assert_int_equal(n, 13 + 3);
	assert_string_equal(rows[13].unit, "U2");
	assert_int_equal(rows[13].month, month("2025-01"));
	free(rows);
	/* testcase: an open dossier carried over is data for every month */
	struct dossier open = mk("2006-06-10T08:00", "2006-06-20", NULL, DOSSIER_ST_PROCESSING);
	dossier_effect(&open, &e);
	dossier_agg_add(a, "U3", 2, &e, 1);
	n = dossier_agg_table(a, first, last, true, &rows);
	size_t u3 = 0;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(rows[i].unit, "U3")) {
			u3++;
			assert_int_equal(rows[i].v[DOSSIER_OPEN], rows[i].month >= month("2006-06"));
		}
	assert_int_equal(u3, (size_t)(last - month("2006-01") + 1));
	free(rows);
	dossier_agg_free(a);
}

static void test_date_range(void **state)
{
	(void)state;
	struct dossier_range r;
	int32_t today = date_from_ymd(2026, 6, 15);
	dossier_range_make(date_from_ymd(2000, 1, 1), today, 2, 5, &r);
	assert_int_equal(r.max, date_from_ymd(2028, 6, 15));
	assert_int_equal(r.due_max, date_from_ymd(2031, 6, 15));
	/* testcase: 29 February plus two years is 28 February */
	struct dossier_range leap;
	dossier_range_make(r.min, date_from_ymd(2028, 2, 29), 2, 4, &leap);
	assert_int_equal(leap.max, date_from_ymd(2030, 2, 28));
	assert_int_equal(leap.due_max, date_from_ymd(2032, 2, 29));
	/* testcase: the edges are inside, local time */
	struct dossier d = mk("2000-01-01T00:00:00", "2031-06-15", "2028-06-15T23:59:59",
	                      DOSSIER_ST_FINISHED);
	assert_int_equal(dossier_check_range(&d, &r), 0);
	d = mk("1999-12-31T23:59:59", "2031-06-16T00:00", "2028-06-16T00:00:00",
	       DOSSIER_ST_FINISHED);
	assert_int_equal(dossier_check_range(&d, &r),
	                 DOSSIER_OUT_RECEIVED | DOSSIER_OUT_DUE | DOSSIER_OUT_FINISHED);
	/* 31 Dec 1999 17:00 UTC is 1 Jan 2000 local */
	d = mk("1999-12-31T17:00:00Z", "2000-01-05", NULL, DOSSIER_ST_PROCESSING);
	assert_int_equal(dossier_check_range(&d, &r), 0);
	d = mk("0001-03-01T08:00", "0001-03-02", NULL, DOSSIER_ST_PROCESSING);
	assert_int_equal(dossier_check_range(&d, &r), DOSSIER_OUT_RECEIVED | DOSSIER_OUT_DUE);
	d = mk("2024-03-01T08:00", "2062-03-02", NULL, DOSSIER_ST_PROCESSING);
	assert_int_equal(dossier_check_range(&d, &r), DOSSIER_OUT_DUE);
}

/* An import into a real SQLite file: two dossiers 20 years apart (both
 * inside the allowed range) write the metric values of their two years,
 * a bounded number, not one set per month of the 20 years. */
static void test_import_far_apart(void **state)
{
	(void)state;
	char dir[] = "/tmp/test_dossier.XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[64], units[300];
	snprintf(path, sizeof path, "%s/t.db", dir);
	const char *fx = getenv("PARINDEX_FIXTURES");
	assert_non_null(fx);
	snprintf(units, sizeof units, "%s/dossier/units.csv", fx);
	struct app app = {0};
	app.arena = arena_new();
	app.actor = "test";
	char *msg = NULL;
	assert_int_equal(db_open(path, &app.db, &msg), PX_OK);
	assert_int_equal(db_migrate(app.db), PX_OK);
	struct diags d;
	diags_init(&d);
	struct import_summary us;
	assert_int_equal(app_import_table(&app, units, NULL, 0, &d, &us, app_unit_import), PX_OK);
	static const char csv[] =
		"dossier_code,unit_code,procedure_code,channel,received_at,due_at,finished_at,status\n"
		"A1,U1,P1,direct,2005-03-10T08:00,2005-03-20,2005-03-15T08:00,finished\n"
		"A2,U1,P1,direct,2025-03-10T08:00,2025-03-20,2025-03-25T08:00,finished\n";
	struct dossier_import_summary sum;
	assert_int_equal(app_dossier_import(&app, "far.csv", csv, sizeof csv - 1, NULL, &d, &sum),
	                 PX_OK);
	assert_int_equal(sum.rows, 2);
	assert_int_equal(sum.units, 1);
	/* 13 months x 12 counts, the rates of the two months with a finished
	 * dossier (on time, electronic result; the open stock is 0), the
	 * stocks and rates of 2005-Q2..Q4, 2025-Q1: a few hundred, where
	 * every month of 20 years would be over 2,900 */
	assert_true(sum.values > 13 * 12 && sum.values < 13 * 12 + 60);
	struct db_stmt *st = db_prepare(app.db, "SELECT count(*) FROM metric_value");
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), sum.values);
	db_done(st);
	diags_free(&d);
	db_close(app.db);
	arena_free(app.arena);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

/* While an import reads and checks its file, the main database is not
 * write-locked: another connection writes during the import's progress
 * callback (with the lock held it would wait out the busy timeout and
 * fail with "database is locked"). A bad row leaves the database and
 * the staging directory as they were. */
struct probe {
	const char *path;
	int calls, ok;
};

static void probe_write(void *ctx, size_t done, size_t total)
{
	(void)done;
	(void)total;
	static int serial;
	struct probe *p = ctx;
	p->calls++;
	serial++;
	struct db *other;
	char *msg = NULL;
	assert_int_equal(db_open(p->path, &other, &msg), PX_OK);
	/* no waiting: a held write lock fails the write at once */
	assert_int_equal(db_exec(other, "PRAGMA busy_timeout = 0"), PX_OK);
	struct db_stmt *st = db_prepare(other, "INSERT INTO setting(name, value) VALUES (?1, '1')");
	char name[32];
	snprintf(name, sizeof name, "probe%d", serial);
	db_bind_text(st, 1, name, -1);
	if (db_begin(other) == PX_OK && db_run(st) == PX_OK && db_commit(other) == PX_OK)
		p->ok++;
	else
		db_rollback(other);
	db_close(other);
}

static long count_rows(struct db *db, const char *sql)
{
	struct db_stmt *st = db_prepare(db, sql);
	assert_int_equal(db_step(st), DB_ROW);
	long n = (long)db_col_int(st, 0);
	db_done(st);
	return n;
}

static void test_import_staged(void **state)
{
	(void)state;
	char dir[] = "/tmp/test_dossier.XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[64], units[300], tmp[64];
	snprintf(path, sizeof path, "%s/t.db", dir);
	snprintf(tmp, sizeof tmp, "%s/tmp", dir);
	assert_int_equal(mkdir(tmp, 0700), 0);
	const char *old_tmp = getenv("TMPDIR");
	setenv("TMPDIR", tmp, 1);
	snprintf(units, sizeof units, "%s/dossier/units.csv", getenv("PARINDEX_FIXTURES"));
	struct app app = {0};
	app.arena = arena_new();
	app.actor = "test";
	char *msg = NULL;
	assert_int_equal(db_open(path, &app.db, &msg), PX_OK);
	assert_int_equal(db_migrate(app.db), PX_OK);
	struct diags d;
	diags_init(&d);
	struct import_summary us;
	assert_int_equal(app_import_table(&app, units, NULL, 0, &d, &us, app_unit_import), PX_OK);
	struct str csv;
	str_init(&csv, 0);
	str_adds(&csv, "dossier_code,unit_code,procedure_code,channel,received_at,due_at,finished_at,"
	               "status\n");
	for (int i = 0; i < 2000; i++)
		str_printf(&csv, "C%04d,U%d,P1,direct,2024-0%d-10T08:00,2024-0%d-20,,processing\n", i,
		           1 + i % 2, 1 + i % 9, 1 + i % 9);
	struct probe p = {path, 0, 0};
	app.progress = probe_write;
	app.progress_ctx = &p;
	struct dossier_opts o = {.threads = 2, .chunk_size = 4096};
	struct dossier_import_summary sum;
	long audit = count_rows(app.db, "SELECT count(*) FROM audit_log");
	assert_int_equal(app_dossier_import(&app, "s.csv", str_cstr(&csv), csv.len, &o, &d, &sum),
	                 PX_OK);
	assert_int_equal(sum.inserted, 2000);
	assert_true(p.calls > 1);
	assert_int_equal(p.ok, p.calls); /* every write during the read went through */
	assert_int_equal(count_rows(app.db, "SELECT count(*) FROM dossier"), 2000);
	assert_int_equal(count_rows(app.db, "SELECT count(*) FROM audit_log"), audit + 1);
	/* testcase: a bad last row: nothing written, no staging file left */
	str_adds(&csv, "C9999,U1,P1,email,2024-01-10T08:00,2024-01-20,,processing\n");
	p.calls = p.ok = 0;
	assert_int_equal(app_dossier_import(&app, "s.csv", str_cstr(&csv), csv.len, &o, &d, &sum),
	                 PX_BADINPUT);
	assert_int_equal(p.ok, p.calls);
	assert_int_equal(count_rows(app.db, "SELECT count(*) FROM dossier"), 2000);
	assert_int_equal(count_rows(app.db, "SELECT count(*) FROM audit_log"), audit + 1);
	char cmd[160];
	snprintf(cmd, sizeof cmd, "test -z \"$(ls -A %s)\"", tmp);
	assert_int_equal(system(cmd), 0);
	/* a re-import replaces through the staging file: same counts */
	diags_free(&d);
	diags_init(&d);
	str_free(&csv);
	str_init(&csv, 0);
	str_adds(&csv, "dossier_code,unit_code,procedure_code,channel,received_at,due_at,finished_at,"
	               "status\nC0001,U2,P1,online,2024-02-10T08:00,2024-02-20,2024-02-11T08:00,"
	               "finished\n");
	assert_int_equal(app_dossier_import(&app, "r.csv", str_cstr(&csv), csv.len, &o, &d, &sum),
	                 PX_OK);
	assert_int_equal(sum.replaced, 1);
	assert_int_equal(count_rows(app.db, "SELECT count(*) FROM dossier WHERE status = 'finished'"),
	                 1);
	assert_int_equal(count_rows(app.db, "SELECT count(*) FROM dossier"), 2000);
	assert_int_equal(system(cmd), 0);
	str_free(&csv);
	diags_free(&d);
	db_close(app.db);
	arena_free(app.arena);
	if (old_tmp)
		setenv("TMPDIR", old_tmp, 1);
	else
		unsetenv("TMPDIR");
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

/* ---- the datetime parser against base/datetime ---- */

static void same_datetime(const char *s, size_t n)
{
	int64_t a = 0, b = 0;
	bool da = false, db = false;
	int32_t m = 0;
	bool ok_a = dcsv_parse_datetime(s, n, true, &a, &da, &m);
	bool ok_b = datetime_parse(s, n, true, &b, &db);
	if (ok_a != ok_b)
		fail_msg("\"%.*s\": reader %d, datetime_parse %d", (int)n, s, ok_a, ok_b);
	if (ok_a) {
		assert_true(a == b);
		assert_int_equal(da, db);
		assert_int_equal(m, dossier_month_of(a));
	}
	bool ok_c = dcsv_parse_datetime(s, n, false, &a, &da, &m);
	assert_int_equal(ok_c, datetime_parse(s, n, false, &b, NULL));
}

static void test_datetime_parser(void **state)
{
	(void)state;
	static const char *const samples[] = {
		"2024-01-31T23:30:00", "2024-01-31T23:30", "2024-01-31T16:30:00Z", "2024-01-31T16:30Z",
		"2024-02-01T00:30:00+08:00", "2024-02-29T12:00:00-05:30", "2023-02-29T12:00:00",
		"2024-02-29", "2024-02-30", "2024-13-01T00:00", "2024-00-10T00:00", "2024-01-00",
		"0001-01-01T00:00:00", "0001-01-01T06:59:59Z", "0001-01-01T00:00:00+07:01",
		"9999-12-31T23:59:59", "9999-12-31T17:00:00Z", "9999-12-31T16:59:59Z",
		"0000-12-31T23:00:00", "2024-01-05T24:00:00", "2024-01-05T23:60:00",
		"2024-01-05T23:59:60", "2024-01-05T10:00:00+14:00", "2024-01-05T10:00:00+14:01",
		"2024-01-05T10:00:00-14:00", "2024-01-05T10:00:00+07:60", "2024-01-05 10:00:00",
		"2024-01-05t10:00:00", "2024-01-05T10:00:00z", "2024-01-05T10:00:00+0700",
		"2024-01-05T10:00:0", "2024-01-05T10:0", "2024-1-05T10:00", "+024-01-05T10:00",
		"2024-01-05T10:00:00.5", "2024-01-05T10:00:00Z ", "", "2024", "2024-01-05T",
		"1900-02-29", "2000-02-29", "2100-02-29T00:00", "abcd-ef-ghTij:kl",
	};
	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++)
		same_datetime(samples[i], strlen(samples[i]));
	/* every length and byte substitution of a few valid forms */
	static const char *const forms[] = {"2024-02-29T23:59:59+07:00", "2023-12-31T17:00:00Z",
	                                    "2024-06-30"};
	const char alphabet[] = "0123456789-:TZ+ ";
	for (size_t f = 0; f < 3; f++) {
		char buf[32];
		size_t n = strlen(forms[f]);
		for (size_t len = 0; len <= n; len++)
			same_datetime(forms[f], len);
		for (size_t i = 0; i < n; i++)
			for (size_t k = 0; k < sizeof alphabet - 1; k++) {
				memcpy(buf, forms[f], n);
				buf[i] = alphabet[k];
				same_datetime(buf, n);
			}
	}
}

/* ---- reading ---- */

struct seen {
	struct str rows; /* "line code unit month..." per row, in any order */
	pthread_mutex_t mu;
};

static void collect(void *w, struct dcsv_chunk *ch, const struct dcsv_row *r)
{
	(void)ch;
	struct seen *s = w;
	char line[512];
	snprintf(line, sizeof line, "%ld %.*s %.*s %lld %lld %lld %d %d\n", r->line, (int)r->code_len,
	         r->code, (int)r->unit_len, r->unit, (long long)r->d.received_at,
	         r->due_given ? (long long)r->d.due_at : -1LL,
	         r->d.has_finished ? (long long)r->d.finished_at : -1LL, r->d.rating,
	         (int)r->d.status);
	pthread_mutex_lock(&s->mu);
	str_adds(&s->rows, line);
	pthread_mutex_unlock(&s->mu);
}

static void *begin(void *ctx)
{
	return ctx;
}

static int cmp_lines(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads data and returns its sorted rows and problems as one text. */
static char *read_text(const char *data, size_t len, int threads, size_t chunk, size_t budget,
                       size_t *spills)
{
	struct seen s;
	str_init(&s.rows, 0);
	pthread_mutex_init(&s.mu, NULL);
	struct dcsv_ops ops = {&s, begin, NULL, collect, NULL};
	struct dcsv_options o = {threads, chunk, budget, NULL, NULL};
	struct diags d;
	diags_init(&d);
	struct dcsv_stats st;
	enum px_err e = dcsv_read_mem("t.csv", data, len, &o, &ops, &d, &st);
	if (spills)
		*spills = st.spills;
	/* sort the row lines (threads deliver chunks in any order) */
	char *all = str_detach(&s.rows);
	size_t n = 0;
	char **lines = NULL;
	for (char *p = all ? strtok(all, "\n") : NULL; p; p = strtok(NULL, "\n")) {
		lines = xrealloc(lines, (n + 1) * sizeof *lines);
		lines[n++] = p;
	}
	if (n)
		qsort(lines, n, sizeof *lines, cmp_lines);
	struct str out;
	str_init(&out, 0);
	str_printf(&out, "rc %d rows %ld\n", (int)e, st.rows);
	for (size_t i = 0; i < n; i++)
		str_printf(&out, "%s\n", lines[i]);
	for (size_t i = 0; i < d.n; i++) {
		char buf[1024];
		diag_format(&d.v[i], buf, sizeof buf);
		str_printf(&out, "%s\n", buf);
	}
	str_printf(&out, "errors %zu\n", d.errors);
	free(lines);
	free(all);
	diags_free(&d);
	pthread_mutex_destroy(&s.mu);
	return str_detach(&out);
}

static const char sample[] =
	"\xEF\xBB\xBF" "Dossier_Code , unit_code,procedure_code,channel,online_kind,received_at,"
	"due_at,finished_at,status,paid_online,digitized,result_digitized,rating,note\r\n"
	"A1,U1,P,direct,,2024-01-31T23:30:00,2024-02-05,2024-02-05T23:59:59,finished,1,0,1,5,\r\n"
	"\"A\"\"2\",\"U,2\",P,online,full,2024-01-31T16:30Z,2024-02-05T17:00,,processing,,,,"
	",\"two\r\nlines, \"\"quoted\"\"\"\r\n"
	"\r\n"
	"A3,U1,P,postal,none,2024-02-01T00:30:00+08:00,,,withdrawn,0,0,0,,\n"
	"A4,U1,P,direct,,2024-02-01T08:00,2024-01-01,,processing,0,0,0,,x\n"
	"A5,U1,P,fax,,2024-02-01T08:00,2024-03-01,,processing,0,0,0,,\n"
	"A1,U1,P,direct,,2024-02-01T08:00,2024-03-01,,processing,0,0,0,,\n"
	"A7,U1,P,direct,,2024-02-01T08:00,2024-03-01,,processing,0,0,0,,\"note\n"
	"still\"x\n"
	"A8,U1,P,direct,,2024-02-01T08:00,2024-03-01,,processing,0,0,0,,\n"
	"A9,U1,P,direct,,2024-02-01T08:00,2024-03-01,,processing,0,0,0,,"; /* no final LF */

static void test_reader_chunks_threads(void **state)
{
	(void)state;
	size_t len = sizeof sample - 1;
	char *ref = read_text(sample, len, 1, 0, 0, NULL);
	/* the rows and problems, once */
	assert_non_null(strstr(ref, "rows 9\n"));
	assert_non_null(strstr(ref, "2 A1 U1 "));
	assert_non_null(strstr(ref, "3 A\"2 U,2 "));  /* unescaped */
	assert_non_null(strstr(ref, "6 A3 U1 "));     /* physical lines: 2 in row 2, 1 empty */
	assert_non_null(strstr(ref, "7 A4 U1 "));     /* typed: its due_at problem is the caller's */
	assert_null(strstr(ref, " A5 "));             /* bad channel: not handed out */
	assert_non_null(strstr(ref, "t.csv:8:4: "));
	assert_non_null(strstr(ref, "t.csv:9:1: mã hồ sơ \"A1\" bị trùng (đã có ở dòng 2)"));
	assert_non_null(strstr(ref, "t.csv:11:14: "));  /* text after a quote, on the 2nd line */
	assert_non_null(strstr(ref, "12 A8 U1 "));
	assert_non_null(strstr(ref, "13 A9 U1 "));
	assert_non_null(strstr(ref, "errors 3\n"));
	/* testcase: every chunk size splits the input everywhere */
	for (size_t chunk = 1; chunk <= len + 1; chunk++) {
		for (int threads = 1; threads <= 3; threads += 2) {
			char *got = read_text(sample, len, threads, chunk, 0, NULL);
			if (strcmp(ref, got))
				fail_msg("chunk %zu, %d threads:\n%s\nexpected:\n%s", chunk, threads, got, ref);
			free(got);
		}
	}
	free(ref);
}

/* Quoted fields longer than the scanner's 16-byte blocks: "" at every
 * offset of a block, LF (line numbers), NUL, invalid UTF-8 and a quote
 * never closed in the middle or at the end of a block, CRLF line ends;
 * the same result for every chunk size (fields cut at buffer ends). */
static void test_reader_long_quoted(void **state)
{
	(void)state;
	struct str s;
	str_init(&s, 0);
	str_adds(&s, "dossier_code,unit_code,procedure_code,channel,received_at,due_at,status,note\r\n");
	for (int k = 0; k < 40; k++) {
		str_adds(&s, "\"C");
		for (int i = 0; i < k; i++)
			str_addc(&s, 'x');
		str_adds(&s, "\"\"");
		for (int i = k; i < 40; i++)
			str_addc(&s, 'y');
		str_adds(&s, "\",U1,P,direct,2024-01-05T08:00,2024-01-09,processing,\"");
		for (int i = 0; i < k; i++)
			str_adds(&s, "ệ");
		str_adds(&s, "\r\nhai, \"\"x\"\"\"\r\n");
	}
	/* rows 1..40 take lines 2..81 */
	str_adds(&s, "N1,U1,P,direct,2024-01-05T08:00,2024-01-09,processing,\"0123456789abcdef01");
	str_add(&s, "\0", 1);
	str_adds(&s, "23456789\"\r\n");                                   /* line 82 */
	str_adds(&s, "N2,U1,P,direct,2024-01-05T08:00,2024-01-09,processing,\"0123456789abcdef0"
	             "\xC3\x28" "123456789\"\r\n");                         /* line 83 */
	str_adds(&s, "Z1,U1,P,direct,2024-01-05T08:00,2024-01-09,processing,\"ổn\"\r\n"); /* 84 */
	str_adds(&s, "N3,U1,P,direct,2024-01-05T08:00,2024-01-09,processing,\"never closed "
	             "0123456789abcdef\r\n0123456789\r\n");                  /* 85 */
	char *ref = read_text(s.buf, s.len, 1, 0, 0, NULL);
	assert_non_null(strstr(ref, "rows 44\n"));
	assert_non_null(strstr(ref, "2 C\"yyyy"));                        /* "" at offset 1 */
	assert_non_null(strstr(ref, "\n4 Cx\"yyy"));
	assert_non_null(strstr(ref, "\n32 Cxxxxxxxxxxxxxxx\"yyyyyyyyyyyyyyyyyyyyyyyyy U1 "));
	assert_non_null(strstr(ref, "\n80 Cxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"y U1 "));
	assert_non_null(strstr(ref, "t.csv:82:8: trường chứa ký tự NUL"));
	assert_non_null(strstr(ref, "t.csv:83:8: trường không phải UTF-8 hợp lệ"));
	assert_non_null(strstr(ref, "\n84 Z1 U1 "));
	assert_non_null(strstr(ref, "t.csv:85:8: dấu nháy kép mở ở đây chưa được đóng"));
	assert_non_null(strstr(ref, "errors 3\n"));
	for (size_t chunk = 1; chunk <= s.len + 1; chunk += chunk < 200 ? 1 : 37) {
		char *got = read_text(s.buf, s.len, 3, chunk, 0, NULL);
		if (strcmp(ref, got))
			fail_msg("chunk %zu:\n%s\nexpected:\n%s", chunk, got, ref);
		free(got);
	}
	free(ref);
	str_free(&s);
}

static void test_reader_empty_and_header(void **state)
{
	(void)state;
	char *t = read_text("", 0, 1, 0, 0, NULL);
	assert_non_null(strstr(t, "t.csv:1:1: tệp rỗng"));
	free(t);
	t = read_text("\r\n\n", 3, 1, 0, 0, NULL);
	assert_non_null(strstr(t, "empty file, no header row"));
	free(t);
	static const char hdr[] = "dossier_code,unit_code\n";
	t = read_text(hdr, sizeof hdr - 1, 1, 0, 0, NULL);
	assert_non_null(strstr(t, "t.csv:1:1: thiếu cột bắt buộc \"procedure_code\""));
	assert_non_null(strstr(t, "missing required column \"status\""));
	free(t);
	/* a header only: no rows, no problem */
	static const char only[] = "dossier_code,unit_code,procedure_code,channel,received_at,status";
	t = read_text(only, sizeof only - 1, 2, 3, 0, NULL);
	assert_non_null(strstr(t, "rc 0 rows 0\n"));
	free(t);
}

static void test_reader_duplicates_spilled(void **state)
{
	(void)state;
	struct str s;
	str_init(&s, 0);
	str_adds(&s, "dossier_code,unit_code,procedure_code,channel,received_at,due_at,status\n");
	for (int i = 0; i < 20000; i++)
		str_printf(&s, "D%05d,U%d,P,direct,2024-01-05T08:00,2024-01-09,processing\n",
		           i == 15000 ? 42 : i == 19999 ? 15000 : i, i % 7);
	size_t spills = 0;
	/* testcase: a 1-byte budget spills every 64 KiB of fingerprints */
	char *t = read_text(s.buf, s.len, 2, 4096, 1, &spills);
	assert_true(spills > 0);
	assert_non_null(strstr(t, "t.csv:15002:1: mã hồ sơ \"D00042\" bị trùng (đã có ở dòng 44)"));
	assert_null(strstr(t, "\"D15000\"")); /* row 15000 has D00042, so D15000 is once */
	assert_non_null(strstr(t, "errors 1\n"));
	char *u = read_text(s.buf, s.len, 1, 0, 0, &spills);
	assert_int_equal(spills, 0);
	assert_string_equal(t, u);
	free(t);
	free(u);
	str_free(&s);
}

static void test_analyze_mem(void **state)
{
	(void)state;
	static const char csv[] =
		"dossier_code,unit_code,procedure_code,channel,online_kind,received_at,due_at,"
		"finished_at,status,paid_online,digitized,result_digitized,rating\n"
		"B1,U1,P1,online,full,2024-01-31T23:30:00,2024-02-05,2024-02-05T23:59:59,finished,1,1,1,4\n"
		"B2,U1,P1,direct,,2024-01-10T08:00:00,2024-01-20T17:00:00,,processing,0,0,0,\n"
		"B3,U1,P1,direct,,2024-02-10T08:00:00,2024-02-20T17:00:00,2024-02-11T08:00:00,rejected,0,0,0,\n";
	struct app app = {0};
	app.arena = arena_new();
	struct diags d;
	diags_init(&d);
	struct dossier_analysis a;
	assert_int_equal(app_dossier_analyze(&app, "m.csv", csv, sizeof csv - 1, NULL, &d, &a),
	                 PX_OK);
	assert_int_equal(a.n, 2);
	assert_int_equal(a.last_month, month("2024-02"));
	const int64_t jan[DOSSIER_NOUT] = {2, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1};
	const int64_t feb[DOSSIER_NOUT] = {1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1};
	for (int k = 0; k < DOSSIER_NOUT; k++) {
		assert_int_equal(a.rows[0].v[k], jan[k]);
		assert_int_equal(a.rows[1].v[k], feb[k]);
	}
	assert_int_equal(a.rows[1].v[DOSSIER_OPEN], 1);
	dossier_analysis_free(&a);
	diags_free(&d);
	arena_free(app.arena);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_months),
		cmocka_unit_test(test_effects),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_words_and_rates),
		cmocka_unit_test(test_aggregate),
		cmocka_unit_test(test_table_follows_data),
		cmocka_unit_test(test_date_range),
		cmocka_unit_test(test_import_far_apart),
		cmocka_unit_test(test_import_staged),
		cmocka_unit_test(test_datetime_parser),
		cmocka_unit_test(test_reader_chunks_threads),
		cmocka_unit_test(test_reader_long_quoted),
		cmocka_unit_test(test_reader_empty_and_header),
		cmocka_unit_test(test_reader_duplicates_spilled),
		cmocka_unit_test(test_analyze_mem),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
