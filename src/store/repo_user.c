/*
 * Users, sessions, API tokens, login attempts, settings; see repo_user.h.
 * Every statement is a literal with bound values; `disabled` is read with
 * db_col_int (0/1 on both backends).
 */
#include "store/repo_user.h"
#include "base/arena.h"

#include <string.h>

#define USER_COLS "u.id, u.login, u.name, u.role, u.unit_code, u.lang, u.created_at, u.disabled"

static void read_user(struct db_stmt *st, int c, struct arena *a, struct user_rec *u)
{
	u->id = db_col_int(st, c);
	u->login = arena_strdup(a, db_col_text(st, c + 1));
	u->name = arena_strdup(a, db_col_text(st, c + 2));
	u->role = arena_strdup(a, db_col_text(st, c + 3));
	u->unit_code = db_col_null(st, c + 4) ? NULL : arena_strdup(a, db_col_text(st, c + 4));
	u->lang = arena_strdup(a, db_col_text(st, c + 5));
	u->created_at = arena_strdup(a, db_col_text(st, c + 6));
	u->disabled = db_col_int(st, c + 7) != 0;
}

/* Steps st once: PX_OK with a row, PX_NOTFOUND, PX_FAIL. The caller
 * reads the row, then calls db_done. */
static enum px_err step_one(struct db_stmt *st)
{
	enum db_step r = db_step(st);
	if (r == DB_ROW)
		return PX_OK;
	db_done(st);
	return r == DB_DONE ? PX_NOTFOUND : PX_FAIL;
}

enum px_err repo_user_insert(struct db *db, const struct user_rec *u, const char *hash,
                             const char *by, int64_t *id)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO web_user(login, name, role, unit_code, password_hash, lang, disabled,"
		" created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id");
	DB_TEXTS(st, u->login, u->name, u->role);
	db_bind_text_or_null(st, 4, u->unit_code);
	db_bind_text(st, 5, hash, -1);
	db_bind_text(st, 6, u->lang, -1);
	db_bind_int(st, 7, u->disabled ? 1 : 0);
	db_bind_text(st, 8, u->created_at, -1);
	enum px_err e = step_one(st);
	if (e != PX_OK)
		return PX_FAIL;
	*id = db_col_int(st, 0);
	db_done(st);
	int64_t gid;
	return repo_grant_insert(db, *id, u->role, u->unit_code, u->created_at, by, &gid);
}

enum px_err repo_user_get(struct db *db, struct arena *a, const char *login,
                          struct user_rec *out, const char **hash)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT " USER_COLS ", u.password_hash FROM web_user u WHERE u.login = ?1");
	db_bind_text(st, 1, login, -1);
	enum px_err e = step_one(st);
	if (e != PX_OK)
		return e;
	read_user(st, 0, a, out);
	if (hash)
		*hash = arena_strdup(a, db_col_text(st, 8));
	db_done(st);
	return PX_OK;
}

enum px_err repo_user_get_id(struct db *db, struct arena *a, int64_t id,
                             struct user_rec *out, const char **hash)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT " USER_COLS ", u.password_hash FROM web_user u WHERE u.id = ?1");
	db_bind_int(st, 1, id);
	enum px_err e = step_one(st);
	if (e != PX_OK)
		return e;
	read_user(st, 0, a, out);
	if (hash)
		*hash = arena_strdup(a, db_col_text(st, 8));
	db_done(st);
	return PX_OK;
}

enum px_err repo_user_list(struct db *db, struct arena *a, struct user_rec **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT " USER_COLS " FROM web_user u ORDER BY u.login");
	size_t cap = 16, k = 0;
	struct user_rec *v = arena_array(a, cap, sizeof *v);
	enum db_step r;
	while ((r = db_step(st)) == DB_ROW) {
		v = arena_grow(a, v, &cap, k, sizeof *v);
		read_user(st, 0, a, &v[k++]);
	}
	db_done(st);
	*out = v;
	*n = k;
	return r == DB_ERROR ? PX_FAIL : PX_OK;
}

enum px_err repo_user_set_disabled(struct db *db, int64_t id, bool disabled)
{
	struct db_stmt *st = db_prepare(db, "UPDATE web_user SET disabled = ?2 WHERE id = ?1");
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, disabled ? 1 : 0);
	return db_run(st);
}

enum px_err repo_user_set_lang(struct db *db, int64_t id, const char *lang)
{
	struct db_stmt *st = db_prepare(db, "UPDATE web_user SET lang = ?2 WHERE id = ?1");
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, lang, -1);
	return db_run(st);
}

enum px_err repo_user_set_password(struct db *db, int64_t id, const char *hash)
{
	struct db_stmt *st = db_prepare(db,
		"UPDATE web_user SET password_hash = ?2 WHERE id = ?1");
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, hash, -1);
	return db_run(st);
}

long repo_user_count(struct db *db)
{
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM web_user");
	long n = db_step(st) == DB_ROW ? (long)db_col_int(st, 0) : 0;
	db_done(st);
	return n;
}

bool repo_user_unit_exists(struct db *db, const char *code)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM unit WHERE code = ?1");
	db_bind_text(st, 1, code, -1);
	bool found = db_step(st) == DB_ROW;
	db_done(st);
	return found;
}

bool repo_user_unit_ended(struct db *db, const char *code, const char *day)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM unit WHERE code = ?1 AND valid_to IS NOT NULL "
	                                    "AND valid_to <> '' AND valid_to < ?2");
	db_bind_text(st, 1, code, -1);
	db_bind_text(st, 2, day, -1);
	bool ended = db_step(st) == DB_ROW;
	db_done(st);
	return ended;
}

/* ---- grants ---- */

enum px_err repo_grant_insert(struct db *db, int64_t user_id, const char *role,
                              const char *unit_code, const char *at, const char *by,
                              int64_t *id)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO user_grant(user_id, role, unit_code, granted_at, granted_by)"
		" VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id");
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, role, -1);
	db_bind_text_or_null(st, 3, unit_code);
	db_bind_text(st, 4, at, -1);
	db_bind_text(st, 5, by, -1);
	enum px_err e = step_one(st);
	if (e != PX_OK)
		return PX_FAIL;
	*id = db_col_int(st, 0);
	db_done(st);
	return PX_OK;
}

static const char *text_or_null(struct db_stmt *st, int c, struct arena *a)
{
	return db_col_null(st, c) ? NULL : arena_strdup(a, db_col_text(st, c));
}

enum px_err repo_grant_list(struct db *db, struct arena *a, const char *login, bool active_only,
                            struct grant_rec **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT g.id, u.login, g.role, g.unit_code, g.granted_at, g.granted_by,"
		" g.revoked_at, g.revoked_by FROM user_grant g JOIN web_user u ON u.id = g.user_id"
		" WHERE (CAST(?1 AS TEXT) IS NULL OR u.login = ?1)"
		" AND (?2 = 0 OR g.revoked_at IS NULL) ORDER BY u.login, g.id");
	db_bind_text_or_null(st, 1, login);
	db_bind_int(st, 2, active_only ? 1 : 0);
	size_t cap = 8, k = 0;
	struct grant_rec *v = arena_array(a, cap, sizeof *v);
	enum db_step r;
	while ((r = db_step(st)) == DB_ROW) {
		v = arena_grow(a, v, &cap, k, sizeof *v);
		struct grant_rec *g = &v[k++];
		g->id = db_col_int(st, 0);
		g->login = arena_strdup(a, db_col_text(st, 1));
		g->role = arena_strdup(a, db_col_text(st, 2));
		g->unit_code = text_or_null(st, 3, a);
		g->granted_at = arena_strdup(a, db_col_text(st, 4));
		g->granted_by = arena_strdup(a, db_col_text(st, 5));
		g->revoked_at = text_or_null(st, 6, a);
		g->revoked_by = text_or_null(st, 7, a);
	}
	db_done(st);
	*out = v;
	*n = k;
	return r == DB_ERROR ? PX_FAIL : PX_OK;
}

enum px_err repo_grant_revoke(struct db *db, int64_t id, const char *at, const char *by)
{
	struct db_stmt *st = db_prepare(db,
		"UPDATE user_grant SET revoked_at = ?2, revoked_by = ?3"
		" WHERE id = ?1 AND revoked_at IS NULL");
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, at, -1);
	db_bind_text(st, 3, by, -1);
	int64_t changed = 0;
	enum px_err e = db_changes(st, &changed);
	return e != PX_OK ? e : changed ? PX_OK : PX_NOTFOUND;
}

enum px_err repo_user_set_first_grant(struct db *db, int64_t id, const char *role,
                                      const char *unit_code)
{
	struct db_stmt *st = db_prepare(db, "UPDATE web_user SET role = ?2, unit_code = ?3 WHERE id = ?1");
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, role, -1);
	db_bind_text_or_null(st, 3, unit_code);
	return db_run(st);
}

bool repo_unit_within(struct db *db, const char *unit, const char *ancestor, const char *date)
{
	/* Up the parents from unit while each is valid on date; UNION (not
	 * UNION ALL) ends the walk even on a damaged register with a cycle. */
	struct db_stmt *st = db_prepare(db,
		"WITH RECURSIVE up(id, code, parent_id) AS ("
		" SELECT id, code, parent_id FROM unit WHERE code = ?1"
		"  AND (valid_from IS NULL OR valid_from <= ?3) AND (valid_to IS NULL OR valid_to >= ?3)"
		" UNION SELECT p.id, p.code, p.parent_id FROM unit p JOIN up ON p.id = up.parent_id"
		"  WHERE (p.valid_from IS NULL OR p.valid_from <= ?3)"
		"  AND (p.valid_to IS NULL OR p.valid_to >= ?3))"
		" SELECT 1 FROM up WHERE code = ?2");
	DB_TEXTS(st, unit, ancestor, date);
	bool found = db_step(st) == DB_ROW;
	db_done(st);
	return found;
}

enum px_err repo_session_insert(struct db *db, const char *token_hash, int64_t user_id,
                                const char *csrf, const char *created, const char *expires)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO web_session(token_hash, user_id, csrf, created_at, expires_at,"
		" last_seen) VALUES (?1, ?2, ?3, ?4, ?5, ?4)");
	db_bind_text(st, 1, token_hash, -1);
	db_bind_int(st, 2, user_id);
	db_bind_text(st, 3, csrf, -1);
	db_bind_text(st, 4, created, -1);
	db_bind_text(st, 5, expires, -1);
	return db_run(st);
}

enum px_err repo_session_get(struct db *db, struct arena *a, const char *token_hash,
                             const char *now, const char *idle_since, struct user_rec *user,
                             const char **csrf, const char **last_seen)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT " USER_COLS ", s.csrf, s.last_seen FROM web_session s"
		" JOIN web_user u ON u.id = s.user_id"
		" WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND s.last_seen > ?3"
		" AND u.disabled = 0");
	DB_TEXTS(st, token_hash, now, idle_since);
	enum px_err e = step_one(st);
	if (e != PX_OK)
		return e;
	read_user(st, 0, a, user);
	*csrf = arena_strdup(a, db_col_text(st, 8));
	*last_seen = arena_strdup(a, db_col_text(st, 9));
	db_done(st);
	return PX_OK;
}

enum px_err repo_session_touch(struct db *db, const char *token_hash, const char *now)
{
	/* A read must not wait for a writer: on SQLite the update tries once
	 * (busy timeout 0) and gives up when another connection or process
	 * holds the write lock; the timeout is then set back to the one
	 * db_open sets (10 s, docs/internals/db.md). On PostgreSQL a single
	 * UPDATE outside a transaction waits only for a lock on this row,
	 * which only a sign-out or a purge holds, briefly. */
	bool quick = db_backend(db) == DB_SQLITE && !db_in_transaction(db);
	if (quick && db_exec(db, "PRAGMA busy_timeout = 0") != PX_OK)
		return PX_FAIL;
	struct db_stmt *st = db_prepare(db,
		"UPDATE web_session SET last_seen = ?2 WHERE token_hash = ?1");
	DB_TEXTS(st, token_hash, now);
	enum px_err e = db_run(st);
	if (quick && db_exec(db, "PRAGMA busy_timeout = 10000") != PX_OK)
		e = PX_FAIL;
	return e;
}

enum px_err repo_session_delete(struct db *db, const char *token_hash)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM web_session WHERE token_hash = ?1");
	db_bind_text(st, 1, token_hash, -1);
	return db_run(st);
}

enum px_err repo_session_delete_user(struct db *db, int64_t user_id, const char *keep_hash)
{
	struct db_stmt *st = db_prepare(db,
		"DELETE FROM web_session WHERE user_id = ?1 AND token_hash <> ?2");
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, keep_hash ? keep_hash : "", -1);
	return db_run(st);
}

enum px_err repo_session_purge(struct db *db, const char *now, const char *idle_since)
{
	struct db_stmt *st = db_prepare(db,
		"DELETE FROM web_session WHERE expires_at <= ?1 OR last_seen <= ?2");
	DB_TEXTS(st, now, idle_since);
	return db_run(st);
}

enum px_err repo_token_insert(struct db *db, const char *token_hash, int64_t user_id,
                              const char *label, const char *created, int64_t *id)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO api_token(token_hash, user_id, label, created_at)"
		" VALUES (?1, ?2, ?3, ?4) RETURNING id");
	db_bind_text(st, 1, token_hash, -1);
	db_bind_int(st, 2, user_id);
	db_bind_text(st, 3, label, -1);
	db_bind_text(st, 4, created, -1);
	if (step_one(st) != PX_OK)
		return PX_FAIL;
	*id = db_col_int(st, 0);
	db_done(st);
	return PX_OK;
}

enum px_err repo_token_user(struct db *db, struct arena *a, const char *token_hash,
                            struct user_rec *user)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT " USER_COLS " FROM api_token t JOIN web_user u ON u.id = t.user_id"
		" WHERE t.token_hash = ?1 AND t.revoked_at IS NULL AND u.disabled = 0");
	db_bind_text(st, 1, token_hash, -1);
	enum px_err e = step_one(st);
	if (e != PX_OK)
		return e;
	read_user(st, 0, a, user);
	db_done(st);
	return PX_OK;
}

enum px_err repo_token_revoke(struct db *db, struct arena *a, int64_t id, const char *at,
                              const char **login)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT u.login FROM api_token t JOIN web_user u ON u.id = t.user_id"
		" WHERE t.id = ?1 AND t.revoked_at IS NULL");
	db_bind_int(st, 1, id);
	enum px_err e = step_one(st);
	if (e != PX_OK)
		return e;
	*login = arena_strdup(a, db_col_text(st, 0));
	db_done(st);
	st = db_prepare(db, "UPDATE api_token SET revoked_at = ?2 WHERE id = ?1");
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, at, -1);
	return db_run(st);
}

enum px_err repo_token_list(struct db *db, struct arena *a, struct token_rec **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT t.id, u.login, t.label, t.created_at, t.revoked_at FROM api_token t"
		" JOIN web_user u ON u.id = t.user_id ORDER BY t.id DESC");
	size_t cap = 16, k = 0;
	struct token_rec *v = arena_array(a, cap, sizeof *v);
	enum db_step r;
	while ((r = db_step(st)) == DB_ROW) {
		v = arena_grow(a, v, &cap, k, sizeof *v);
		v[k].id = db_col_int(st, 0);
		v[k].login = arena_strdup(a, db_col_text(st, 1));
		v[k].label = arena_strdup(a, db_col_text(st, 2));
		v[k].created_at = arena_strdup(a, db_col_text(st, 3));
		v[k].revoked_at = db_col_null(st, 4) ? NULL : arena_strdup(a, db_col_text(st, 4));
		k++;
	}
	db_done(st);
	*out = v;
	*n = k;
	return r == DB_ERROR ? PX_FAIL : PX_OK;
}

enum px_err repo_attempt_get(struct db *db, struct arena *a, const char *key, long *failures,
                             const char **window_start)
{
	*failures = 0;
	*window_start = "";
	struct db_stmt *st = db_prepare(db,
		"SELECT failures, window_start FROM login_attempt WHERE attempt_key = ?1");
	db_bind_text(st, 1, key, -1);
	enum px_err e = step_one(st);
	if (e == PX_NOTFOUND)
		return PX_OK;
	if (e != PX_OK)
		return e;
	*failures = (long)db_col_int(st, 0);
	*window_start = arena_strdup(a, db_col_text(st, 1));
	db_done(st);
	return PX_OK;
}

enum px_err repo_attempt_put(struct db *db, const char *key, long failures,
                             const char *window_start)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO login_attempt(attempt_key, failures, window_start) VALUES (?1, ?2, ?3)"
		" ON CONFLICT(attempt_key) DO UPDATE SET failures = excluded.failures,"
		" window_start = excluded.window_start");
	db_bind_text(st, 1, key, -1);
	db_bind_int(st, 2, failures);
	db_bind_text(st, 3, window_start, -1);
	return db_run(st);
}

enum px_err repo_attempt_delete(struct db *db, const char *key)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM login_attempt WHERE attempt_key = ?1");
	db_bind_text(st, 1, key, -1);
	return db_run(st);
}

const char *repo_setting_get(struct db *db, struct arena *a, const char *name)
{
	struct db_stmt *st = db_prepare(db, "SELECT value FROM setting WHERE name = ?1");
	db_bind_text(st, 1, name, -1);
	const char *v = NULL;
	if (db_step(st) == DB_ROW)
		v = arena_strdup(a, db_col_text(st, 0));
	db_done(st);
	return v;
}

enum px_err repo_setting_put(struct db *db, const char *name, const char *value)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO setting(name, value) VALUES (?1, ?2)"
		" ON CONFLICT(name) DO UPDATE SET value = excluded.value");
	DB_TEXTS(st, name, value);
	return db_run(st);
}

enum px_err repo_setting_delete(struct db *db, const char *name)
{
	return db_run(DB_TEXTS(db_prepare(db, "DELETE FROM setting WHERE name = ?1"), name));
}

enum px_err repo_audit_page(struct db *db, struct arena *a, long offset, long limit,
                            struct audit_rec **out, size_t *n, long *total)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM audit_log");
	if (db_step(st) != DB_ROW) {
		db_done(st);
		return PX_FAIL;
	}
	*total = (long)db_col_int(st, 0);
	db_done(st);
	st = db_prepare(db,
		"SELECT seq, at, actor, action, entity, entity_key, detail FROM audit_log"
		" ORDER BY seq DESC LIMIT ?1 OFFSET ?2");
	db_bind_int(st, 1, limit);
	db_bind_int(st, 2, offset);
	struct audit_rec *v = arena_array(a, (size_t)(limit > 0 ? limit : 1), sizeof *v);
	size_t k = 0;
	enum db_step r;
	while ((r = db_step(st)) == DB_ROW && k < (size_t)limit) {
		v[k].seq = db_col_int(st, 0);
		v[k].at = arena_strdup(a, db_col_text(st, 1));
		v[k].actor = arena_strdup(a, db_col_text(st, 2));
		v[k].action = arena_strdup(a, db_col_text(st, 3));
		v[k].entity = arena_strdup(a, db_col_text(st, 4));
		v[k].key = arena_strdup(a, db_col_text(st, 5));
		v[k].detail = arena_strdup(a, db_col_text(st, 6));
		k++;
	}
	db_done(st);
	*out = v;
	*n = k;
	return r == DB_ERROR ? PX_FAIL : PX_OK;
}
