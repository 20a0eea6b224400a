/*
 * The flash table (repo_flash.h). The common case, a page drawn with no
 * message waiting, costs one primary-key read and no write.
 */
#include "store/repo_flash.h"
#include "base/arena.h"

enum px_err repo_flash_put(struct db *db, const char *token_hash, const char *kind,
                           const char *message, const char *now, const char *purge_before)
{
	enum px_err e = db_run(DB_TEXTS(db_prepare(db,
		"DELETE FROM web_flash WHERE created_at < ?1"), purge_before));
	if (e != PX_OK)
		return e;
	return db_run(DB_TEXTS(db_prepare(db,
		"INSERT INTO web_flash(token_hash, kind, message, created_at) VALUES (?1, ?2, ?3, ?4)"
		" ON CONFLICT(token_hash) DO UPDATE SET kind = excluded.kind,"
		" message = excluded.message, created_at = excluded.created_at"),
		token_hash, kind, message, now));
}

enum px_err repo_flash_take(struct db *db, struct arena *a, const char *token_hash,
                            const char **kind, const char **message)
{
	struct db_stmt *st = DB_TEXTS(db_prepare(db,
		"SELECT kind, message, created_at FROM web_flash WHERE token_hash = ?1"), token_hash);
	enum db_step s = db_step(st);
	if (s != DB_ROW) {
		db_done(st);
		return s == DB_DONE ? PX_NOTFOUND : PX_FAIL;
	}
	*kind = arena_strdup(a, db_col_text(st, 0));
	*message = arena_strdup(a, db_col_text(st, 1));
	const char *at = arena_strdup(a, db_col_text(st, 2));
	db_done(st);
	/* only the flash read: a newer one stored meanwhile stays for the next page */
	return db_run(DB_TEXTS(db_prepare(db,
		"DELETE FROM web_flash WHERE token_hash = ?1 AND created_at = ?2 AND message = ?3"),
		token_hash, at, *message));
}
