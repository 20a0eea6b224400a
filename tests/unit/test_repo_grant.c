/*
 * Grants over a subtree of the register, on a real database (a temporary
 * SQLite file, or the PostgreSQL database of $PARINDEX_TEST_DB for
 * pg.unit.test_repo_grant): repo_unit_within walks the parents valid on
 * the date asked (a unit's last day and a new unit's first day are the
 * boundaries), and app_grant_covers / app_covers / app_may_see_unit answer
 * from an actor's union of grants: a grant covers its unit and what lies
 * below it, never its parent or a sibling; a city-wide thing only a
 * city-wide grant; an appraiser's unit recuses and does not bound; the
 * grants are stored, revoked (stamped, kept) and listed.
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

#include "app/access.h"
#include "base/arena.h"
#include "store/db.h"
#include "store/repo_user.h"

static char path[256];
static bool pg;

static struct db *open_fresh(void)
{
	if (!pg) {
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
	if (pg)
		assert_int_equal(db_exec(db, "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public"),
		                 PX_OK);
	assert_int_equal(db_migrate(db), PX_OK);
	return db;
}

static void unit(struct db *db, const char *code, const char *parent, const char *from,
                 const char *to)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO unit(code, name, kind, parent_id, valid_from, valid_to)"
		" VALUES (?1, ?1, 'department', (SELECT id FROM unit WHERE code = ?2), ?3, ?4)");
	db_bind_text(st, 1, code, -1);
	db_bind_text_or_null(st, 2, parent);
	db_bind_text_or_null(st, 3, from);
	db_bind_text_or_null(st, 4, to);
	assert_int_equal(db_run(st), PX_OK);
}

/* CITY > D1 > {D1.P1, D1.OLD (ended 2025-02-28)}; CITY > D2 > D2.P1;
 * CITY > D3 (from 2026-01-01) > D3.P1 */
static struct db *city(void)
{
	struct db *db = open_fresh();
	unit(db, "CITY", NULL, NULL, NULL);
	unit(db, "D1", "CITY", NULL, NULL);
	unit(db, "D1.P1", "D1", NULL, NULL);
	unit(db, "D1.OLD", "D1", NULL, "2025-02-28");
	unit(db, "D2", "CITY", NULL, NULL);
	unit(db, "D2.P1", "D2", NULL, NULL);
	unit(db, "D3", "CITY", "2026-01-01", NULL);
	unit(db, "D3.P1", "D3", "2026-01-01", NULL);
	return db;
}

static void test_within_on_a_date(void **state)
{
	(void)state;
	struct db *db = city();
	const char *d = "2026-06-01";
	assert_true(repo_unit_within(db, "D1.P1", "D1", d));
	assert_true(repo_unit_within(db, "D1.P1", "CITY", d));
	assert_true(repo_unit_within(db, "D1", "D1", d));
	assert_false(repo_unit_within(db, "D1", "D1.P1", d)); /* a parent is not below its child */
	assert_false(repo_unit_within(db, "D2.P1", "D1", d)); /* nor a cousin */
	assert_false(repo_unit_within(db, "NO-SUCH", "CITY", d));
	/* testcase: a unit's last day is inside, the day after is not */
	assert_true(repo_unit_within(db, "D1.OLD", "D1", "2025-02-28"));
	assert_false(repo_unit_within(db, "D1.OLD", "D1", "2025-03-01"));
	/* testcase: a new department's first day; the day before it is nobody's */
	assert_false(repo_unit_within(db, "D3.P1", "D3", "2025-12-31"));
	assert_true(repo_unit_within(db, "D3.P1", "D3", "2026-01-01"));
	assert_true(repo_unit_within(db, "D3.P1", "CITY", "2026-01-01"));
	db_close(db);
}

static void test_grant_covers(void **state)
{
	(void)state;
	struct db *db = city();
	const char *d = "2026-06-01";
	static const struct grant office_d1[] = {{"office", "D1"}};
	struct actor o = {"o", "office", "D1", office_d1, 1, db};
	assert_true(app_can(&o, CAP_OFFICE));
	assert_true(app_grant_covers(&o, CAP_OFFICE, "D1", d));
	assert_true(app_grant_covers(&o, CAP_OFFICE, "D1.P1", d));
	assert_true(app_grant_covers(&o, CAP_READ, "D1.P1", d));
	assert_false(app_grant_covers(&o, CAP_OFFICE, "D2", d));
	assert_false(app_grant_covers(&o, CAP_OFFICE, "CITY", d));
	assert_false(app_grant_covers(&o, CAP_OFFICE, NULL, d)); /* the city's own things */
	assert_false(app_grant_covers(&o, CAP_REPORT, "D1", d)); /* not the office's capability */
	assert_false(app_grant_covers(&o, CAP_OFFICE, "D1.OLD", "2025-03-01"));
	assert_true(app_grant_covers(&o, CAP_OFFICE, "D1.OLD", "2025-02-28"));
	assert_false(app_may_see_unit(&o, "D2.P1"));

	/* a city-wide office: everything, the city's things included */
	struct actor city_office = {"c", "office", NULL, NULL, 0, db};
	assert_true(app_grant_covers(&city_office, CAP_OFFICE, "D2.P1", d));
	assert_true(app_grant_covers(&city_office, CAP_OFFICE, NULL, d));
	assert_false(app_covers(&city_office, "D2")); /* a city-wide grant makes no unit its own */

	/* the union of grants: each capability where its own grant reaches */
	static const struct grant two[] = {{"reporter", "D1"}, {"leader", "D2"}};
	struct actor u = {"u", "reporter", "D1", two, 2, db};
	assert_true(app_grant_covers(&u, CAP_REPORT, "D1.P1", d));
	assert_false(app_grant_covers(&u, CAP_REPORT, "D2", d));
	assert_true(app_grant_covers(&u, CAP_READ, "D2.P1", d));
	assert_false(app_grant_covers(&u, CAP_READ, "D1", d));
	assert_true(app_may_see_unit(&u, "D1")); /* its own people */
	assert_true(app_may_see_unit(&u, "D2.P1"));
	assert_false(app_may_see_unit(&u, "CITY"));
	assert_true(app_covers(&u, "D2.P1"));

	/* an appraiser's unit recuses and does not bound */
	static const struct grant member[] = {{"appraiser", "D1"}};
	struct actor m = {"m", "appraiser", "D1", member, 1, db};
	assert_true(app_grant_covers(&m, CAP_APPRAISE, "D2", d));
	assert_true(app_grant_covers(&m, CAP_READ, "D2.P1", d));
	assert_true(app_covers(&m, "D1.P1"));
	assert_false(app_covers(&m, "D2"));

	/* no register attached: a grant covers exactly its unit */
	struct actor bare = {"b", "office", "D1", office_d1, 1, NULL};
	assert_true(app_grant_covers(&bare, CAP_OFFICE, "D1", d));
	assert_false(app_grant_covers(&bare, CAP_OFFICE, "D1.P1", d));
	/* no grant at all: nothing but what is public */
	struct actor none = {"n", "office", NULL, office_d1, 0, db};
	assert_false(app_can(&none, CAP_LOGIN));
	assert_true(app_can(&none, CAP_PUBLIC));
	db_close(db);
}

static void test_grants_stored_and_revoked(void **state)
{
	(void)state;
	struct db *db = city();
	struct arena *a = arena_new();
	struct user_rec u = {0, "rep", "Rep", "reporter", "D1", "vi", "2026-01-01T00:00:00Z", false};
	int64_t id, g2;
	assert_int_equal(db_begin(db), PX_OK);
	assert_int_equal(repo_user_insert(db, &u, "x", "test", &id), PX_OK);
	assert_int_equal(repo_grant_insert(db, id, "leader", NULL, "2026-01-02T00:00:00Z", "test", &g2),
	                 PX_OK);
	assert_int_equal(db_commit(db), PX_OK);
	struct grant_rec *v;
	size_t n;
	assert_int_equal(repo_grant_list(db, a, "rep", true, &v, &n), PX_OK);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].role, "reporter"); /* the first grant is the user's own */
	assert_string_equal(v[0].unit_code, "D1");
	assert_null(v[1].unit_code);
	assert_int_equal(repo_grant_revoke(db, g2, "2026-02-01T00:00:00Z", "admin"), PX_OK);
	assert_int_equal(repo_grant_revoke(db, g2, "2026-02-02T00:00:00Z", "admin"), PX_NOTFOUND);
	assert_int_equal(repo_grant_list(db, a, "rep", true, &v, &n), PX_OK);
	assert_int_equal(n, 1);
	assert_int_equal(repo_grant_list(db, a, NULL, false, &v, &n), PX_OK);
	assert_int_equal(n, 2); /* kept, stamped */
	assert_string_equal(v[1].revoked_at, "2026-02-01T00:00:00Z");
	assert_string_equal(v[1].revoked_by, "admin");
	arena_free(a);
	db_close(db);
}

int main(void)
{
	const char *url = getenv("PARINDEX_TEST_DB");
	if (url && *url) {
		pg = db_url_is_postgres(url);
		snprintf(path, sizeof path, "%s", url);
	} else {
		snprintf(path, sizeof path, "/tmp/parindex-test-grant-%d.db", (int)getpid());
	}
	printf("# database: %s\n", pg ? "PostgreSQL" : "SQLite");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_within_on_a_date),
		cmocka_unit_test(test_grant_covers),
		cmocka_unit_test(test_grants_stored_and_revoked),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	if (!pg)
		unlink(path);
	return rc;
}
