/* Storage of the daily refresh's runs; see repo_refresh.h. */
#include "store/repo_refresh.h"

#include <stddef.h>

enum px_err repo_refresh_claim(struct db *db, const char *day, const char *started_at,
                               const char *by_host, bool *won)
{
	int64_t n = 0;
	enum px_err e = db_changes(DB_TEXTS(db_prepare(db,
		"INSERT INTO refresh_run(day, started_at, by_host) VALUES (?1, ?2, ?3)"
		" ON CONFLICT(day) DO NOTHING"), day, started_at, by_host), &n);
	*won = e == PX_OK && n == 1;
	return e;
}

enum px_err repo_refresh_finish(struct db *db, const char *day, const char *finished_at)
{
	return db_run(DB_TEXTS(db_prepare(db,
		"UPDATE refresh_run SET finished_at = ?2 WHERE day = ?1"), day, finished_at));
}

enum px_err repo_refresh_exists(struct db *db, const char *day, bool *yes)
{
	return db_exists(DB_TEXTS(db_prepare(db, "SELECT 1 FROM refresh_run WHERE day = ?1"), day),
	                 yes);
}

#define F(t, s, f) {t, offsetof(struct s, f)}
static const struct db_col run_cols[] = {
	F(DB_COL_TEXT, refresh_run_rec, day), F(DB_COL_TEXT, refresh_run_rec, started_at),
	F(DB_COL_TEXT, refresh_run_rec, finished_at), F(DB_COL_TEXT, refresh_run_rec, by_host),
};

enum px_err repo_refresh_list(struct db *db, struct arena *a, struct refresh_run_rec **out,
                              size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT day, started_at, finished_at, by_host FROM refresh_run ORDER BY day DESC");
	return db_rows(st, a, DB_COLS(run_cols), sizeof **out, (void **)out, n);
}
