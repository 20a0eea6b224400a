/*
 * The daily refresh's schedule and claim (app/refresh.h, migration 0012),
 * on a real database (a temporary SQLite file, or $PARINDEX_TEST_DB's
 * PostgreSQL for pg.unit.test_repo_refresh): the day due is today from
 * 00:05:00 Vietnam time (UTC+7) on, nothing at 00:04:59, and the Unix
 * epoch's edge; two connections claiming the same day: exactly one wins,
 * the other sees it taken, another day is claimed afresh; a run is marked
 * finished and listed newest first.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/refresh.h"
#include "base/arena.h"
#include "base/datetime.h"
#include "store/db.h"
#include "store/repo_refresh.h"

static char path[256];
static bool pg;

static struct db *open_db(bool fresh)
{
	if (fresh && !pg) {
		char f[300];
		unlink(path);
		snprintf(f, sizeof f, "%s-wal", path);
		unlink(f);
		snprintf(f, sizeof f, "%s-shm", path);
		unlink(f);
	}
	struct db *db;
	char *msg = NULL;
	if (db_open(path, &db, &msg) != PX_OK)
		fail_msg("db_open %s: %s", path, msg);
	if (fresh && pg)
		assert_int_equal(db_exec(db, "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public"),
		                 PX_OK);
	assert_int_equal(db_migrate(db), PX_OK);
	return db;
}

/* Unix seconds of y-m-d h:mi:s in Vietnam */
static int64_t vn(int y, int m, int d, int h, int mi, int s)
{
	return (int64_t)date_from_ymd(y, m, d) * 86400 + h * 3600 + mi * 60 + s - VN_UTC_OFFSET;
}

static void test_due_day(void **state)
{
	(void)state;
	int32_t may1 = date_from_ymd(2026, 5, 1);
	assert_int_equal(app_refresh_due_day(vn(2026, 5, 1, 0, 4, 59)), INT32_MIN);
	assert_int_equal(app_refresh_due_day(vn(2026, 5, 1, 0, 5, 0)), may1);
	assert_int_equal(app_refresh_due_day(vn(2026, 5, 1, 23, 59, 59)), may1);
	assert_int_equal(app_refresh_due_day(vn(2026, 5, 2, 0, 0, 0)), INT32_MIN);
	/* 17:05 UTC is 00:05 of the next day in Vietnam */
	assert_int_equal(app_refresh_due_day(vn(2026, 4, 30, 17, 5, 0) + VN_UTC_OFFSET), may1);
	assert_int_equal(app_refresh_due_day(0), 0); /* 07:00 on 01/01/1970 */
	assert_int_equal(app_refresh_due_day(-7 * 3600 + 299), INT32_MIN);
	assert_int_equal(app_refresh_due_day(-86400), -1);
}

static void test_one_claim_wins(void **state)
{
	(void)state;
	struct db *a = open_db(true), *b = open_db(false);
	bool won_a = false, won_b = true;
	assert_int_equal(repo_refresh_claim(a, "2026-05-01", "2026-04-30T17:05:00Z", "host-a:1", &won_a),
	                 PX_OK);
	assert_int_equal(repo_refresh_claim(b, "2026-05-01", "2026-04-30T17:05:01Z", "host-b:2", &won_b),
	                 PX_OK);
	assert_true(won_a);
	assert_false(won_b);
	bool yes = false;
	assert_int_equal(repo_refresh_exists(b, "2026-05-01", &yes), PX_OK);
	assert_true(yes);
	assert_int_equal(repo_refresh_exists(b, "2026-05-02", &yes), PX_OK);
	assert_false(yes);
	assert_int_equal(repo_refresh_claim(b, "2026-05-02", "2026-05-01T17:05:00Z", "host-b:2", &won_b),
	                 PX_OK);
	assert_true(won_b);
	assert_int_equal(repo_refresh_finish(a, "2026-05-01", "2026-04-30T17:05:02Z"), PX_OK);
	struct arena *ar = arena_new();
	struct refresh_run_rec *v;
	size_t n;
	assert_int_equal(repo_refresh_list(a, ar, &v, &n), PX_OK);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].day, "2026-05-02");
	assert_string_equal(v[0].finished_at, "");
	assert_string_equal(v[1].day, "2026-05-01");
	assert_string_equal(v[1].by_host, "host-a:1");
	assert_string_equal(v[1].finished_at, "2026-04-30T17:05:02Z");
	arena_free(ar);
	db_close(a);
	db_close(b);
}

int main(void)
{
	const char *url = getenv("PARINDEX_TEST_DB");
	if (url && *url) {
		pg = db_url_is_postgres(url);
		snprintf(path, sizeof path, "%s", url);
	} else {
		snprintf(path, sizeof path, "/tmp/parindex-test-refresh-%d.db", (int)getpid());
	}
	printf("# database: %s\n", pg ? "PostgreSQL" : "SQLite");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_due_day),
		cmocka_unit_test(test_one_claim_wins),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	if (!pg)
		unlink(path);
	return rc;
}
