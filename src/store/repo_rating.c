/* Rating tables (migration 0017); see repo_rating.h. Each function is its SQL. */
#include "store/repo_rating.h"
#include "base/arena.h"
#include "base/map.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define F(type, s, f) {type, offsetof(struct s, f)}

static const struct db_col token_cols[] = {
	F(DB_COL_TEXT, rating_token_rec, dossier_code),
	F(DB_COL_TEXT_NULL, rating_token_rec, token),
};

enum px_err repo_rating_finished(struct db *db, const char *unit, const char *from,
                                 const char *until, struct arena *a,
                                 struct rating_token_rec **out, size_t *n)
{
	return db_rows(DB_TEXTS(db_prepare(db,
		"SELECT d.code, t.token FROM dossier d LEFT JOIN rating_token t ON t.dossier_code = d.code"
		" WHERE d.unit_code = ?1 AND d.status = 'finished' AND d.finished_at >= ?2"
		" AND d.finished_at <= ?3 ORDER BY d.code"), unit, from, until),
		a, DB_COLS(token_cols), sizeof **out, (void **)out, n);
}

enum px_err repo_rating_token_of(struct db *db, const char *dossier, struct arena *a,
                                 struct rating_token_rec *out)
{
	struct rating_token_rec *v;
	size_t n;
	enum px_err e = db_rows(DB_TEXTS(db_prepare(db,
		"SELECT d.code, t.token FROM dossier d LEFT JOIN rating_token t ON t.dossier_code = d.code"
		" WHERE d.code = ?1 AND d.status = 'finished'"), dossier),
		a, DB_COLS(token_cols), sizeof *v, (void **)&v, &n);
	if (e == PX_OK && n)
		*out = v[0];
	return e == PX_OK && !n ? PX_NOTFOUND : e;
}

enum px_err repo_rating_token_put(struct db *db, const char *dossier, const char *token,
                                  const char *now, bool *added)
{
	int64_t n = 0;
	enum px_err e = db_changes(DB_TEXTS(db_prepare(db,
		"INSERT INTO rating_token(token, dossier_code, created_at) VALUES (?1, ?2, ?3)"
		" ON CONFLICT(dossier_code) DO NOTHING"), token, dossier, now), &n);
	*added = n > 0;
	return e;
}

static const struct db_col target_cols[] = {
	F(DB_COL_TEXT, rating_target, dossier_code), F(DB_COL_TEXT, rating_target, unit_code),
	F(DB_COL_TEXT, rating_target, procedure_code), F(DB_COL_TEXT, rating_target, procedure_name),
	F(DB_COL_TEXT, rating_target, finished_at), F(DB_COL_INT64, rating_target, rating),
	F(DB_COL_INT64, rating_target, rated), F(DB_COL_TEXT, rating_target, comment),
};

enum px_err repo_rating_target(struct db *db, const char *token, struct arena *a,
                               struct rating_target *out)
{
	struct rating_target *v;
	size_t n;
	enum px_err e = db_rows(DB_TEXTS(db_prepare(db,
		"SELECT d.code, d.unit_code, d.procedure_code, coalesce(p.name, ''), d.finished_at,"
		" d.rating, coalesce(r.rating, 0), coalesce(r.comment, '')"
		" FROM rating_token t JOIN dossier d ON d.code = t.dossier_code"
		" LEFT JOIN admin_procedure p ON p.code = d.procedure_code"
		" LEFT JOIN dossier_rating r ON r.dossier_code = d.code"
		" WHERE t.token = ?1 AND d.status = 'finished'"), token),
		a, DB_COLS(target_cols), sizeof *v, (void **)&v, &n);
	if (e == PX_OK && n)
		*out = v[0];
	return e == PX_OK && !n ? PX_NOTFOUND : e;
}

enum px_err repo_rating_put(struct db *db, const char *dossier, int64_t rating,
                            const char *comment, const char *at)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO dossier_rating(dossier_code, rating, comment, rated_at)"
		" VALUES (?1, ?2, ?3, ?4) ON CONFLICT(dossier_code) DO UPDATE SET"
		" rating = excluded.rating, comment = excluded.comment, rated_at = excluded.rated_at");
	db_bind_text(st, 1, dossier, -1);
	db_bind_int(st, 2, rating);
	db_bind_text(st, 3, comment, -1);
	db_bind_text(st, 4, at, -1);
	enum px_err e = db_run(st);
	if (e == PX_OK) {
		st = db_prepare(db, "UPDATE dossier SET rating = ?2 WHERE code = ?1");
		db_bind_text(st, 1, dossier, -1);
		db_bind_int(st, 2, rating);
		e = db_run(st);
	}
	return e;
}

enum px_err repo_rating_stale_mark(struct db *db, const char *unit)
{
	return db_run(DB_TEXTS(db_prepare(db,
		"INSERT INTO rating_stale_unit(unit_code) VALUES (?1)"
		" ON CONFLICT(unit_code) DO NOTHING"), unit));
}

static const struct db_col rating_cols[] = {
	F(DB_COL_TEXT, rating_rec, dossier_code), F(DB_COL_TEXT, rating_rec, unit_code),
	F(DB_COL_INT64, rating_rec, rating), F(DB_COL_TEXT, rating_rec, comment),
	F(DB_COL_TEXT, rating_rec, rated_at),
};

enum px_err repo_rating_list(struct db *db, const char *unit, const char *from,
                             const char *until, struct arena *a, struct rating_rec **out,
                             size_t *n)
{
	return db_rows(DB_TEXTS(db_prepare(db,
		"SELECT r.dossier_code, d.unit_code, r.rating, r.comment, r.rated_at"
		" FROM dossier_rating r JOIN dossier d ON d.code = r.dossier_code"
		" WHERE (CAST(?1 AS TEXT) IS NULL OR d.unit_code = ?1)"
		" AND (CAST(?2 AS TEXT) IS NULL OR (d.finished_at >= ?2 AND d.finished_at <= ?3))"
		" ORDER BY r.dossier_code"), unit, from, until),
		a, DB_COLS(rating_cols), sizeof **out, (void **)out, n);
}

enum px_err repo_rating_stale_take(struct db *db, struct arena *a, struct map *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT unit_code FROM rating_stale_unit");
	enum db_step s;
	while ((s = db_step(st)) == DB_ROW)
		map_puts(out, arena_printf(a, "%s", db_col_text(st, 0)), (void *)(uintptr_t)1);
	db_done(st);
	if (s == DB_ERROR)
		return PX_FAIL;
	return db_exec(db, "DELETE FROM rating_stale_unit");
}

enum px_err repo_rating_unit_known(struct db *db, const char *unit, bool *yes)
{
	return db_exists(DB_TEXTS(db_prepare(db, "SELECT 1 FROM unit WHERE code = ?1"), unit), yes);
}
