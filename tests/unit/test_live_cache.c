/*
 * The live cache (app/live_cache.c) on real SQLite files: a value is
 * built once per data version and shared; a write to a table the values
 * are computed from (the triggers of migration 0008) makes the next get
 * build again, a write elsewhere does not; a value whose build saw a
 * commit is used once and not kept; nothing is kept inside a transaction;
 * two databases with the same counter never share a value (the tag); a
 * value stays readable until live_release even when it is dropped from
 * the table meanwhile (ASan would see a use after free).
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

#include "app/app.h"
#include "app/live_cache.h"
#include "base/arena.h"
#include "store/db.h"

static char path[256], path2[256];
static struct db *db, *db2;
static struct arena *arena;
static struct app app;
static int builds;

struct built {
	int n;       /* the build's number */
	char text[32];
};

static enum px_err build(struct app *a, void *ctx, void **out)
{
	struct built *b = arena_alloc(a->arena, sizeof *b);
	b->n = ++builds;
	snprintf(b->text, sizeof b->text, "value %d", b->n);
	if (ctx) /* a write commits while the value is being computed */
		assert_int_equal(db_exec(a->db, "INSERT INTO metric VALUES ('m2', 'a', 'b', '', '', 'none')"),
		                 PX_OK);
	*out = b;
	return PX_OK;
}

static const struct built *get(struct app *a, const char *key, void *ctx)
{
	void *v = NULL;
	assert_int_equal(live_get(a, key, build, NULL, ctx, &v), PX_OK);
	return v;
}

static int setup(void **state)
{
	(void)state;
	snprintf(path, sizeof path, "/tmp/parindex-test-live-%d.db", (int)getpid());
	snprintf(path2, sizeof path2, "/tmp/parindex-test-live-%d-2.db", (int)getpid());
	unlink(path);
	unlink(path2);
	char *msg = NULL;
	assert_int_equal(db_open(path, &db, &msg), PX_OK);
	assert_int_equal(db_migrate(db), PX_OK);
	assert_int_equal(db_open(path2, &db2, &msg), PX_OK);
	assert_int_equal(db_migrate(db2), PX_OK);
	arena = arena_new();
	app = (struct app){.db = db, .actor = "test", .arena = arena};
	builds = 0;
	live_clear();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	live_release();
	live_clear();
	db_close(db);
	db_close(db2);
	arena_free(arena);
	unlink(path);
	unlink(path2);
	return 0;
}

static void test_built_once_per_version(void **state)
{
	(void)state;
	const struct built *a = get(&app, "k", NULL), *b = get(&app, "k", NULL);
	assert_int_equal(builds, 1);
	assert_ptr_equal(a, b);
	assert_int_equal(get(&app, "other", NULL)->n, 2);
	/* a write to a table no value reads: still the same version */
	assert_int_equal(db_exec(db, "INSERT INTO login_attempt VALUES ('x', 1, 'now')"), PX_OK);
	assert_int_equal(get(&app, "k", NULL)->n, 1);
	/* a write to an input table: built again, then shared again */
	assert_int_equal(db_exec(db, "INSERT INTO metric VALUES ('m1', 'a', 'b', '', '', 'none')"),
	                 PX_OK);
	const struct built *c = get(&app, "k", NULL);
	assert_int_equal(c->n, 3);
	assert_ptr_equal(get(&app, "k", NULL), c);
	assert_int_equal(builds, 3);
	/* an update and a delete count as well */
	assert_int_equal(db_exec(db, "UPDATE metric SET name_vi = 'c' WHERE code = 'm1'"), PX_OK);
	assert_int_equal(get(&app, "k", NULL)->n, 4);
	assert_int_equal(db_exec(db, "DELETE FROM metric WHERE code = 'm1'"), PX_OK);
	assert_int_equal(get(&app, "k", NULL)->n, 5);
	/* the old value stays readable until the end of the request */
	assert_string_equal(a->text, "value 1");
	assert_string_equal(c->text, "value 3");
}

static void test_not_kept_when_a_write_commits_during_the_build(void **state)
{
	(void)state;
	struct live_stats s0, s;
	live_stats(&s0);
	assert_int_equal(get(&app, "k", (void *)1)->n, 1); /* the build writes */
	assert_int_equal(get(&app, "k", NULL)->n, 2);      /* so it was not kept */
	assert_int_equal(get(&app, "k", NULL)->n, 2);      /* this one was */
	live_stats(&s);
	assert_int_equal(s.unstored - s0.unstored, 1);
	assert_int_equal(s.hits - s0.hits, 1);
}

static void test_nothing_kept_in_a_transaction(void **state)
{
	(void)state;
	assert_int_equal(get(&app, "k", NULL)->n, 1);
	assert_int_equal(db_begin(db), PX_OK);
	/* inside: always the transaction's own reading, never the cache */
	assert_int_equal(get(&app, "k", NULL)->n, 2);
	assert_int_equal(get(&app, "k", NULL)->n, 3);
	assert_int_equal(db_commit(db), PX_OK);
	assert_int_equal(get(&app, "k", NULL)->n, 1);
}

static void test_two_databases_never_mix(void **state)
{
	(void)state;
	/* the same counter on both: only the tag tells them apart */
	assert_int_equal(db_exec(db, "UPDATE live_version SET n = 7"), PX_OK);
	assert_int_equal(db_exec(db2, "UPDATE live_version SET n = 7"), PX_OK);
	struct app other = {.db = db2, .actor = "test", .arena = arena};
	assert_int_equal(get(&app, "k", NULL)->n, 1);
	assert_int_equal(get(&other, "k", NULL)->n, 2);
	assert_int_equal(get(&app, "k", NULL)->n, 3); /* one entry per key: the newest wins */
	char v1[96], v2[96];
	assert_true(live_version(db, v1, sizeof v1));
	assert_true(live_version(db2, v2, sizeof v2));
	assert_string_not_equal(v1, v2);
}

static void test_pinned_values_outlive_eviction(void **state)
{
	(void)state;
	const struct built *a = get(&app, "k", NULL);
	live_clear(); /* dropped from the table while this "request" uses it */
	assert_string_equal(a->text, "value 1");
	assert_int_equal(get(&app, "k", NULL)->n, 2);
	live_release(); /* now both are freed (ASan: no leak, no use after free) */
	struct live_stats s;
	live_stats(&s);
	assert_int_equal(s.entries, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_built_once_per_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_kept_when_a_write_commits_during_the_build,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(test_nothing_kept_in_a_transaction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_databases_never_mix, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pinned_values_outlive_eviction, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
