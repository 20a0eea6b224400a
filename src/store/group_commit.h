/*
 * Group commit: many small durable writes share one transaction and one
 * fsync. A request thread submits an item and waits; one committer
 * thread with its own database connection takes every item queued (up
 * to max_batch, waiting at most max_wait_us after the first for more),
 * runs the batch function on them (which opens, fills and commits one
 * transaction) and wakes the submitters with the batch's answer. So an
 * answer of PX_OK means the item's transaction is committed: on SQLite
 * (WAL, synchronous=FULL) the WAL was fsynced, on PostgreSQL the server
 * flushed its WAL (synchronous_commit on) before the commit returned.
 * Contract and reasoning: docs/internals/group-commit.md.
 */
#ifndef PARINDEX_STORE_GROUP_COMMIT_H
#define PARINDEX_STORE_GROUP_COMMIT_H
#include <stddef.h>

#include "base/err.h"
#include "store/db.h"

struct group_commit;

/* Applies items[0..n) in one transaction on db, begun and committed (or
 * rolled back) by the function itself; sets each item's own outcome
 * (say "unknown token") in the item. A result other than PX_OK fails
 * the whole batch: every submitter of it gets that result. */
typedef enum px_err (*group_commit_fn)(struct db *db, void *const *items, size_t n, void *ctx);

struct group_commit_opts {
	size_t max_batch;      /* 0: 256 */
	long max_wait_us;      /* after the first item; 0: 2000 (2 ms); < 0: none */
	/* called on the committer's connection after a batch's submitters
	 * were answered (work that durability does not wait for); may be NULL */
	void (*after)(struct db *db, void *ctx);
};

/* Opens db_url for the committer (a connection of its own) and starts
 * its thread. PX_FAIL with *errmsg (malloc'd) when the database cannot
 * be opened. */
enum px_err group_commit_start(const char *db_url, const struct group_commit_opts *o,
                               group_commit_fn fn, void *ctx, struct group_commit **out,
                               char **errmsg);
/* Queues item and waits until the batch holding it is committed: the
 * batch function's answer (PX_FAIL with a copy of its message in msg,
 * when msg is not NULL, on a database error). PX_FAIL at once after
 * group_commit_stop began. */
enum px_err group_commit_submit(struct group_commit *g, void *item, char *msg, size_t cap);
/* The same without waiting: done(cb_ctx, result, msg) is called once,
 * on the committer thread, after the batch holding item is committed (or
 * failed; msg the database's message then); after group_commit_stop
 * began, at once on the caller's thread with PX_FAIL. done must be quick
 * (it holds up the next batch): wake someone, nothing more. */
void group_commit_submit_async(struct group_commit *g, void *item,
                               void (*done)(void *cb_ctx, enum px_err e, const char *msg),
                               void *cb_ctx);
/* Commits what is queued, stops the thread, closes its connection. */
void group_commit_stop(struct group_commit *g);

/* Counters, for logs and tests: batches committed, items in them, and
 * the seconds the batch function took in all. */
void group_commit_stats(struct group_commit *g, long *batches, long *items, double *busy);
#endif
