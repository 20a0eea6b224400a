/*
 * Session expiry (app/user.c over store/repo_user.c) on a real SQLite
 * file, with the one clock set by the test (base/clock.h clock_set): a
 * session ends SESSION_IDLE_SECONDS (2 h) after its last recorded
 * activity and SESSION_MAX_SECONDS (12 h) after sign-in however active it
 * is. Each limit is checked at its edge: one second before, the session
 * is valid; at the limit, it has ended. Activity is recorded at most once
 * a minute, so the idle limit counts from the last recorded activity.
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

#include "app/user.h"
#include "base/arena.h"
#include "base/clock.h"
#include "store/db.h"

#define T0 1767225600 /* 2026-01-01T00:00:00Z */
#define PASSWORD "mat-khau-phien"

static char path[256];

static void cleanup(void)
{
	char f[300];
	unlink(path);
	snprintf(f, sizeof f, "%s-wal", path);
	unlink(f);
	snprintf(f, sizeof f, "%s-shm", path);
	unlink(f);
}

struct fixture {
	struct app app;
};

static int setup(void **state)
{
	const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	snprintf(path, sizeof path, "%s/test_session_%d.db", dir, (int)getpid());
	cleanup();
	struct fixture *f = calloc(1, sizeof *f);
	char *msg = NULL;
	if (db_open(path, &f->app.db, &msg) != PX_OK)
		fail_msg("db_open %s: %s", path, msg);
	assert_int_equal(db_migrate(f->app.db), PX_OK);
	f->app.arena = arena_new();
	f->app.actor = "test";
	clock_set(T0);
	struct diags d;
	diags_init(&d);
	assert_int_equal(app_user_add(&f->app, "lan", NULL, "office", NULL, PASSWORD, NULL, &d),
	                 PX_OK);
	diags_free(&d);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	clock_set(0);
	db_close(f->app.db);
	arena_free(f->app.arena);
	free(f);
	cleanup();
	return 0;
}

/* Signs in at the clock's time; the cookie token (in app.arena). */
static const char *sign_in(struct fixture *f)
{
	struct session s;
	assert_int_equal(app_login(&f->app, "lan", PASSWORD, "127.0.0.1", &s), LOGIN_OK);
	assert_non_null(s.token);
	return s.token;
}

static bool valid_at(struct fixture *f, int64_t t, const char *token)
{
	clock_set(t);
	struct session s;
	enum px_err e = app_session_lookup(&f->app, token, &s);
	assert_true(e == PX_OK || e == PX_NOTFOUND);
	if (e == PX_OK)
		assert_string_equal(s.user.login, "lan");
	return e == PX_OK;
}

/* testcase: idle for 2 h minus one second is still signed in; idle for
 * exactly 2 h is signed out (two sessions, since a valid lookup records
 * activity and would move the edge). */
static void test_idle_edge(void **state)
{
	struct fixture *f = *state;
	clock_set(T0);
	const char *a = sign_in(f), *b = sign_in(f);
	assert_true(valid_at(f, T0, a));
	assert_true(valid_at(f, T0 + SESSION_IDLE_SECONDS - 1, a));
	assert_false(valid_at(f, T0 + SESSION_IDLE_SECONDS, b));
	assert_false(valid_at(f, T0 + SESSION_IDLE_SECONDS + 1, b));
	/* a's activity at T0 + 2 h - 1 s moved its own edge */
	assert_true(valid_at(f, T0 + 2 * SESSION_IDLE_SECONDS - 2, a));
	assert_false(valid_at(f, T0 + 3 * SESSION_IDLE_SECONDS - 2, a));
	/* an ended session stays ended, also back in time */
	assert_false(valid_at(f, T0 + SESSION_IDLE_SECONDS, b));
}

/* testcase: activity is recorded at most once a minute, so a request 59 s
 * after sign-in does not move the idle edge, one 61 s after does. */
static void test_idle_counts_recorded_activity(void **state)
{
	struct fixture *f = *state;
	clock_set(T0);
	const char *a = sign_in(f), *b = sign_in(f);
	assert_true(valid_at(f, T0 + 59, a));
	assert_false(valid_at(f, T0 + SESSION_IDLE_SECONDS, a));
	assert_true(valid_at(f, T0 + 61, b));
	assert_true(valid_at(f, T0 + 61 + SESSION_IDLE_SECONDS - 1, b));
}

/* testcase: a session used every hour ends 12 h after sign-in: valid at
 * 12 h minus one second, ended at 12 h and after. */
static void test_absolute_edge(void **state)
{
	struct fixture *f = *state;
	clock_set(T0);
	const char *a = sign_in(f), *b = sign_in(f);
	for (int64_t t = T0 + 3600; t < T0 + SESSION_MAX_SECONDS; t += 3600) {
		assert_true(valid_at(f, t, a));
		assert_true(valid_at(f, t, b));
	}
	assert_true(valid_at(f, T0 + SESSION_MAX_SECONDS - 1, a));
	assert_false(valid_at(f, T0 + SESSION_MAX_SECONDS, b));
	assert_false(valid_at(f, T0 + SESSION_MAX_SECONDS, a));
	assert_false(valid_at(f, T0 + SESSION_MAX_SECONDS + 1, a));
}

/* A later sign-in purges the ended sessions; a current one survives it. */
static void test_purge_at_login(void **state)
{
	struct fixture *f = *state;
	clock_set(T0);
	const char *old = sign_in(f);
	clock_set(T0 + SESSION_IDLE_SECONDS - 10);
	const char *young = sign_in(f);
	clock_set(T0 + SESSION_IDLE_SECONDS);
	sign_in(f); /* purges old (idle 2 h), keeps young */
	long n = -1;
	struct db_stmt *st = db_prepare(f->app.db, "SELECT count(*) FROM web_session");
	assert_int_equal(db_step(st), DB_ROW);
	n = (long)db_col_int(st, 0);
	db_done(st);
	assert_int_equal(n, 2);
	assert_true(valid_at(f, T0 + SESSION_IDLE_SECONDS, young));
	assert_false(valid_at(f, T0 + SESSION_IDLE_SECONDS - 1, old));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_idle_edge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_idle_counts_recorded_activity, setup, teardown),
		cmocka_unit_test_setup_teardown(test_absolute_edge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_purge_at_login, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
