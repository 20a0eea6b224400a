/*
 * The baselines of bench/http/ratings.sh: one rating per transaction, the
 * way a server without group commit would store them, for DURATION
 * seconds from one connection, printing "commits_per_s p99_ms".
 *
 *   ratings_baseline sqlite FILE SECONDS     WAL, synchronous=FULL
 *   ratings_baseline pg CONNINFO SECONDS     INSERT ... ON CONFLICT + COMMIT
 *
 * The row is the shape of dossier_rating (code, rating, comment, time),
 * an upsert over 1000 codes, as ratings replace earlier ones.
 */
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

#define MAXN 2000000
static double lat[MAXN];

static void report(long n, double secs)
{
	qsort(lat, (size_t)n, sizeof lat[0], cmp);
	printf("%.0f %.2f\n", n / secs, n ? lat[(size_t)(n * 0.99)] * 1000 : 0.0);
}

static int run_sqlite(const char *path, double secs)
{
	sqlite3 *db;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return 1;
	sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
	                 "CREATE TABLE IF NOT EXISTS r(code TEXT PRIMARY KEY, rating INTEGER,"
	                 " comment TEXT, at TEXT)", NULL, NULL, NULL);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "INSERT INTO r VALUES (?1, ?2, ?3, ?4) ON CONFLICT(code) DO UPDATE"
	                           " SET rating = excluded.rating, comment = excluded.comment,"
	                           " at = excluded.at", -1, &st, NULL) != SQLITE_OK)
		return 1;
	long n = 0;
	double start = now(), end = start + secs;
	char code[32];
	while (now() < end && n < MAXN) {
		double t0 = now();
		snprintf(code, sizeof code, "D%04ld", n % 1000);
		sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 2, (int)(n % 5) + 1);
		sqlite3_bind_text(st, 3, "baseline", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, "2026-12-06T00:00:00Z", -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			return 1;
		sqlite3_reset(st);
		if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
			return 1;
		lat[n++] = now() - t0;
	}
	report(n, now() - start);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return 0;
}

static int run_pg(const char *conninfo, double secs)
{
	PGconn *c = PQconnectdb(conninfo);
	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "%s", PQerrorMessage(c));
		return 1;
	}
	PQclear(PQexec(c, "CREATE TABLE IF NOT EXISTS r(code TEXT PRIMARY KEY, rating BIGINT,"
	                  " comment TEXT, at TEXT)"));
	PQclear(PQprepare(c, "up", "INSERT INTO r VALUES ($1, $2, $3, $4) ON CONFLICT(code) DO UPDATE"
	                           " SET rating = excluded.rating, comment = excluded.comment,"
	                           " at = excluded.at", 4, NULL));
	long n = 0;
	double start = now(), end = start + secs;
	char code[32], rating[4];
	while (now() < end && n < MAXN) {
		double t0 = now();
		snprintf(code, sizeof code, "D%04ld", n % 1000);
		snprintf(rating, sizeof rating, "%ld", n % 5 + 1);
		const char *v[4] = {code, rating, "baseline", "2026-12-06T00:00:00Z"};
		PQclear(PQexec(c, "BEGIN"));
		PGresult *r = PQexecPrepared(c, "up", 4, v, NULL, NULL, 0);
		int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
		PQclear(r);
		r = PQexec(c, "COMMIT");
		ok = ok && PQresultStatus(r) == PGRES_COMMAND_OK;
		PQclear(r);
		if (!ok) {
			fprintf(stderr, "%s", PQerrorMessage(c));
			return 1;
		}
		lat[n++] = now() - t0;
	}
	report(n, now() - start);
	PQfinish(c);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: ratings_baseline sqlite FILE SECONDS | pg CONNINFO SECONDS\n");
		return 2;
	}
	double secs = atof(argv[3]);
	return !strcmp(argv[1], "sqlite") ? run_sqlite(argv[2], secs) : run_pg(argv[2], secs);
}
