/*
 * store/group_commit on a real database (a temporary SQLite file, or the
 * PostgreSQL database of $PARINDEX_TEST_DB: pg.unit.test_db_group_commit):
 * concurrent submitters share batches and every acknowledged item is in
 * the table; a batch that fails answers PX_FAIL to each of its submitters
 * and stores none of them; asynchronous submits call back once each;
 * stopping commits what was queued.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/db.h"
#include "store/group_commit.h"

static char path[256];
static bool pg;

static struct db *open_db(void)
{
	struct db *db;
	char *msg = NULL;
	if (db_open(path, &db, &msg) != PX_OK)
		fail_msg("db_open %s: %s", path, msg);
	return db;
}

static void fresh_table(void)
{
	struct db *db = open_db();
	assert_int_equal(db_exec(db, "DROP TABLE IF EXISTS gc_t; CREATE TABLE gc_t (n BIGINT NOT NULL)"),
	                 PX_OK);
	db_close(db);
}

static int64_t count(const char *where_sql)
{
	struct db *db = open_db();
	int64_t n = -1;
	struct db_stmt *st = db_prepare(db, where_sql);
	assert_int_equal(db_int(st, -1, &n), PX_OK);
	db_close(db);
	return n;
}

/* Inserts every item (an int64_t); a negative one fails the batch. */
static enum px_err insert_all(struct db *db, void *const *items, size_t n, void *ctx)
{
	(void)ctx;
	enum px_err e = db_begin(db);
	for (size_t i = 0; i < n && e == PX_OK; i++) {
		int64_t v = *(int64_t *)items[i];
		struct db_stmt *st = db_prepare(db, "INSERT INTO gc_t(n) VALUES (?1)");
		db_bind_int(st, 1, v);
		e = v < 0 ? PX_FAIL : db_run(st);
		if (v < 0)
			db_done(st);
	}
	if (e == PX_OK)
		return db_commit(db);
	db_rollback(db);
	return e;
}

#define THREADS 16
#define EACH 40

struct worker {
	struct group_commit *g;
	int id;
	int ok, failed;
	bool poison; /* one negative item in the middle */
};

static void *submitter(void *p)
{
	struct worker *w = p;
	for (int i = 0; i < EACH; i++) {
		int64_t v = w->poison && i == EACH / 2 ? -1 : (int64_t)w->id * 1000 + i;
		char msg[128];
		if (group_commit_submit(w->g, &v, msg, sizeof msg) == PX_OK)
			w->ok++;
		else
			w->failed++;
	}
	return NULL;
}

static void run_workers(struct group_commit *g, struct worker *w, bool poison)
{
	pthread_t t[THREADS];
	for (int i = 0; i < THREADS; i++) {
		w[i] = (struct worker){g, i, 0, 0, poison && i == 3};
		assert_int_equal(pthread_create(&t[i], NULL, submitter, &w[i]), 0);
	}
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
}

static void test_batches_share_commits(void **state)
{
	(void)state;
	fresh_table();
	struct group_commit *g;
	char *msg = NULL;
	assert_int_equal(group_commit_start(path, NULL, insert_all, NULL, &g, &msg), PX_OK);
	struct worker w[THREADS];
	run_workers(g, w, false);
	long batches, items;
	double busy;
	group_commit_stats(g, &batches, &items, &busy);
	group_commit_stop(g);
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(w[i].ok, EACH);
	assert_int_equal(items, THREADS * EACH);
	assert_true(batches < items); /* 16 writers at once share commits */
	assert_int_equal(count("SELECT count(*) FROM gc_t"), THREADS * EACH);
	printf("# %ld items in %ld batches\n", items, batches);
}

static void test_failed_batch_answers_all(void **state)
{
	(void)state;
	fresh_table();
	struct group_commit *g;
	char *msg = NULL;
	assert_int_equal(group_commit_start(path, NULL, insert_all, NULL, &g, &msg), PX_OK);
	struct worker w[THREADS];
	run_workers(g, w, true);
	group_commit_stop(g);
	int ok = 0, failed = 0;
	for (int i = 0; i < THREADS; i++) {
		ok += w[i].ok;
		failed += w[i].failed;
	}
	assert_int_equal(ok + failed, THREADS * EACH);
	assert_true(failed >= 1); /* at least the poisoned item's own */
	/* exactly the acknowledged items are stored: a failed batch kept none */
	assert_int_equal(count("SELECT count(*) FROM gc_t"), ok);
	assert_int_equal(count("SELECT count(*) FROM gc_t WHERE n < 0"), 0);
}

static atomic_int called;
static void done_cb(void *ctx, enum px_err e, const char *msg)
{
	(void)msg;
	if (e == PX_OK)
		atomic_fetch_add(&called, 1);
	atomic_fetch_add((atomic_int *)ctx, 1);
}

static void test_async_and_stop(void **state)
{
	(void)state;
	fresh_table();
	struct group_commit *g;
	char *msg = NULL;
	struct group_commit_opts o = {8, 20000, NULL}; /* batches of 8, 20 ms wait */
	assert_int_equal(group_commit_start(path, &o, insert_all, NULL, &g, &msg), PX_OK);
	static int64_t v[100];
	atomic_int answered = 0;
	atomic_store(&called, 0);
	for (int i = 0; i < 100; i++) {
		v[i] = i;
		group_commit_submit_async(g, &v[i], done_cb, &answered);
	}
	group_commit_stop(g); /* commits what is queued first */
	assert_int_equal(atomic_load(&answered), 100);
	assert_int_equal(atomic_load(&called), 100);
	assert_int_equal(count("SELECT count(*) FROM gc_t"), 100);
}

int main(void)
{
	const char *url = getenv("PARINDEX_TEST_DB");
	if (url && *url) {
		pg = db_url_is_postgres(url);
		snprintf(path, sizeof path, "%s", url);
	} else {
		snprintf(path, sizeof path, "/tmp/parindex-test-gc-%d.db", (int)getpid());
	}
	printf("# database: %s\n", pg ? "PostgreSQL" : "SQLite");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_batches_share_commits),
		cmocka_unit_test(test_failed_batch_answers_all),
		cmocka_unit_test(test_async_and_stop),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	if (!pg) {
		char f[300];
		unlink(path);
		snprintf(f, sizeof f, "%s-wal", path);
		unlink(f);
		snprintf(f, sizeof f, "%s-shm", path);
		unlink(f);
	}
	return r;
}
