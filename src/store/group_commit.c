/*
 * Group commit (see group_commit.h and docs/internals/group-commit.md).
 *
 * One mutex guards the queue and the generations. A submitter appends
 * its waiter (on its own stack) and sleeps on `done` until its waiter is
 * marked finished; the committer sleeps on `more` until the queue is not
 * empty, then waits for up to max_wait_us or max_batch items, takes the
 * queue, releases the mutex, runs the batch (one transaction, one
 * fsync), and marks the batch's waiters finished with its answer. While
 * a batch commits, new items queue for the next one, so under load the
 * batch size grows with the commit time by itself; the short wait after
 * the first item only helps light load gather a few more.
 */
#include "store/group_commit.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct waiter {
	void *item;
	struct waiter *next;
	bool finished;
	enum px_err result;
	char *msg;
	size_t cap;
	/* asynchronous: called instead of waking a sleeper; the waiter is
	 * malloc'd and freed by the committer */
	void (*done)(void *cb_ctx, enum px_err e, const char *msg);
	void *cb_ctx;
};

struct group_commit {
	struct db *db;
	group_commit_fn fn;
	void (*after)(struct db *db, void *ctx);
	void *ctx;
	size_t max_batch;
	long max_wait_us;
	pthread_mutex_t mu;
	pthread_cond_t more, done;
	struct waiter *head, **tail;
	size_t queued;
	bool stopping;
	pthread_t thread;
	long batches, items;
	double busy; /* seconds spent in the batch function */
};

static void deadline_after(struct timespec *ts, long us)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_nsec += (us % 1000000) * 1000;
	ts->tv_sec += us / 1000000 + ts->tv_nsec / 1000000000;
	ts->tv_nsec %= 1000000000;
}

static void *committer(void *arg)
{
	struct group_commit *g = arg;
	void **items = malloc(g->max_batch * sizeof *items);
	struct waiter **ws = malloc(g->max_batch * sizeof *ws);
	if (!items || !ws)
		abort();
	pthread_mutex_lock(&g->mu);
	for (;;) {
		while (!g->head && !g->stopping)
			pthread_cond_wait(&g->more, &g->mu);
		if (!g->head && g->stopping)
			break;
		if (g->max_wait_us > 0 && !g->stopping && g->queued < g->max_batch) {
			struct timespec until;
			deadline_after(&until, g->max_wait_us);
			while (!g->stopping && g->queued < g->max_batch &&
			       pthread_cond_timedwait(&g->more, &g->mu, &until) != ETIMEDOUT)
				;
		}
		size_t n = 0;
		while (g->head && n < g->max_batch) {
			struct waiter *w = g->head;
			g->head = w->next;
			ws[n] = w;
			items[n++] = w->item;
		}
		if (!g->head)
			g->tail = &g->head;
		g->queued -= n;
		pthread_mutex_unlock(&g->mu);

		db_clear_transient(g->db);
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		enum px_err e = g->fn(g->db, items, n, g->ctx);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		const char *why = e == PX_FAIL ? db_errmsg(g->db) : "";

		pthread_mutex_lock(&g->mu);
		g->batches++;
		g->busy += (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
		g->items += (long)n;
		bool sleepers = false;
		size_t nasync = 0; /* the asynchronous waiters move to ws[0..nasync) */
		for (size_t i = 0; i < n; i++) {
			if (ws[i]->done) {
				ws[nasync++] = ws[i];
				continue;
			}
			ws[i]->result = e;
			if (ws[i]->msg && ws[i]->cap)
				snprintf(ws[i]->msg, ws[i]->cap, "%s", why ? why : "");
			ws[i]->finished = true;
			sleepers = true;
		}
		if (sleepers)
			pthread_cond_broadcast(&g->done);
		/* a sleeper's waiter (on its stack) may be gone from here on */
		pthread_mutex_unlock(&g->mu);
		for (size_t i = 0; i < nasync; i++) {
			ws[i]->done(ws[i]->cb_ctx, e, why ? why : "");
			free(ws[i]);
		}
		pthread_mutex_lock(&g->mu);
		if (g->after && e == PX_OK) {
			pthread_mutex_unlock(&g->mu);
			g->after(g->db, g->ctx);
			pthread_mutex_lock(&g->mu);
		}
	}
	pthread_mutex_unlock(&g->mu);
	free(items);
	free(ws);
	return NULL;
}

enum px_err group_commit_start(const char *db_url, const struct group_commit_opts *o,
                               group_commit_fn fn, void *ctx, struct group_commit **out,
                               char **errmsg)
{
	*out = NULL;
	struct group_commit *g = calloc(1, sizeof *g);
	if (!g)
		abort();
	if (db_open(db_url, &g->db, errmsg) != PX_OK) {
		free(g);
		return PX_FAIL;
	}
	g->fn = fn;
	g->after = o ? o->after : NULL;
	g->ctx = ctx;
	g->max_batch = o && o->max_batch ? o->max_batch : 256;
	g->max_wait_us = !o || o->max_wait_us == 0 ? 2000 : o->max_wait_us;
	g->tail = &g->head;
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_mutex_init(&g->mu, NULL);
	pthread_cond_init(&g->more, &ca);
	pthread_cond_init(&g->done, NULL);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&g->thread, NULL, committer, g) != 0) {
		db_close(g->db);
		free(g);
		if (errmsg)
			*errmsg = strdup("cannot start the group commit thread");
		return PX_FAIL;
	}
	*out = g;
	return PX_OK;
}

enum px_err group_commit_submit(struct group_commit *g, void *item, char *msg, size_t cap)
{
	struct waiter w = {item, NULL, false, PX_FAIL, msg, cap};
	if (msg && cap)
		msg[0] = 0;
	pthread_mutex_lock(&g->mu);
	if (g->stopping) {
		pthread_mutex_unlock(&g->mu);
		if (msg && cap)
			snprintf(msg, cap, "the server is stopping");
		return PX_FAIL;
	}
	*g->tail = &w;
	g->tail = &w.next;
	g->queued++;
	/* the committer waits for the first item, or for a full batch */
	if (g->queued == 1 || g->queued >= g->max_batch)
		pthread_cond_signal(&g->more);
	while (!w.finished)
		pthread_cond_wait(&g->done, &g->mu);
	pthread_mutex_unlock(&g->mu);
	return w.result;
}

void group_commit_submit_async(struct group_commit *g, void *item,
                               void (*done)(void *cb_ctx, enum px_err e, const char *msg),
                               void *cb_ctx)
{
	struct waiter *w = calloc(1, sizeof *w);
	if (!w)
		abort();
	w->item = item;
	w->done = done;
	w->cb_ctx = cb_ctx;
	pthread_mutex_lock(&g->mu);
	if (g->stopping) {
		pthread_mutex_unlock(&g->mu);
		free(w);
		done(cb_ctx, PX_FAIL, "the server is stopping");
		return;
	}
	*g->tail = w;
	g->tail = &w->next;
	g->queued++;
	if (g->queued == 1 || g->queued >= g->max_batch)
		pthread_cond_signal(&g->more);
	pthread_mutex_unlock(&g->mu);
}

void group_commit_stop(struct group_commit *g)
{
	if (!g)
		return;
	pthread_mutex_lock(&g->mu);
	g->stopping = true;
	pthread_cond_signal(&g->more);
	pthread_mutex_unlock(&g->mu);
	pthread_join(g->thread, NULL);
	db_close(g->db);
	pthread_cond_destroy(&g->more);
	pthread_cond_destroy(&g->done);
	pthread_mutex_destroy(&g->mu);
	free(g);
}

void group_commit_stats(struct group_commit *g, long *batches, long *items, double *busy)
{
	pthread_mutex_lock(&g->mu);
	*batches = g->batches;
	*items = g->items;
	*busy = g->busy;
	pthread_mutex_unlock(&g->mu);
}
