/* The server's daily refresh timer; see daily.h. */
#include "web/daily.h"
#include "app/refresh.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/datetime.h"
#include "base/log.h"
#include "base/mem.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct daily {
	const char *db_url;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool stop;
	char host[300];
};

static void run_day(struct daily *dl, struct db *db, int32_t day)
{
	struct app app = {.db = db, .actor = "server:daily-refresh", .arena = arena_new()};
	struct diags d;
	diags_init(&d);
	char name[11];
	date_format(day, name);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	enum refresh_outcome out = REFRESH_TAKEN;
	enum px_err e = app_daily_refresh(&app, day, dl->host, &out, &d);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long ms = (t1.tv_sec - t0.tv_sec) * 1000L + (t1.tv_nsec - t0.tv_nsec) / 1000000L;
	if (e != PX_OK) {
		char buf[512] = "";
		if (d.n)
			diag_format(&d.v[0], buf, sizeof buf);
		log_error("daily refresh %s failed: %s", name, buf[0] ? buf : db_errmsg(db));
	} else if (out == REFRESH_RAN) {
		log_info("daily refresh %s: plan.*, task.* and inspection.* recomputed by %s in %ld ms", name,
		         dl->host, ms);
	} else {
		log_info("daily refresh %s: already run by another server", name);
	}
	diags_free(&d);
	arena_free(app.arena);
}

static void *daily_main(void *p)
{
	struct daily *dl = p;
	struct db *db = NULL;
	int32_t done = INT32_MIN; /* the last day this server handled */
	pthread_mutex_lock(&dl->mu);
	while (!dl->stop) {
		pthread_mutex_unlock(&dl->mu);
		int32_t day = app_refresh_due_day(clock_now());
		if (day != INT32_MIN && day != done) {
			char *msg = NULL;
			if (!db && db_open(dl->db_url, &db, &msg) != PX_OK) {
				log_error("daily refresh: cannot open the database: %s", msg ? msg : "?");
				free(msg);
				db = NULL;
			}
			if (db) {
				run_day(dl, db, day);
				done = day; /* a failure is logged, not retried every second */
			}
		}
		/* once a second: the clock may be moved (tests), and a second
		 * late at 00:05 is nothing */
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 1;
		pthread_mutex_lock(&dl->mu);
		if (!dl->stop)
			pthread_cond_timedwait(&dl->cv, &dl->mu, &until);
	}
	pthread_mutex_unlock(&dl->mu);
	if (db)
		db_close(db);
	return NULL;
}

struct daily *daily_start(const char *db_url)
{
	struct daily *dl = xcalloc(1, sizeof *dl);
	dl->db_url = db_url;
	char h[256] = "";
	if (gethostname(h, sizeof h - 1) != 0)
		strcpy(h, "?");
	snprintf(dl->host, sizeof dl->host, "%s:%ld", h, (long)getpid());
	pthread_mutex_init(&dl->mu, NULL);
	pthread_cond_init(&dl->cv, NULL);
	if (pthread_create(&dl->thread, NULL, daily_main, dl) != 0) {
		log_error("daily refresh: cannot start its thread");
		pthread_cond_destroy(&dl->cv);
		pthread_mutex_destroy(&dl->mu);
		free(dl);
		return NULL;
	}
	return dl;
}

void daily_stop(struct daily *dl)
{
	if (!dl)
		return;
	pthread_mutex_lock(&dl->mu);
	dl->stop = true;
	pthread_cond_signal(&dl->cv);
	pthread_mutex_unlock(&dl->mu);
	pthread_join(dl->thread, NULL);
	pthread_cond_destroy(&dl->cv);
	pthread_mutex_destroy(&dl->mu);
	free(dl);
}
