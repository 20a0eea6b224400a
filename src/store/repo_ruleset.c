/* Rule-set tables; see repo_ruleset.h. Each statement is a literal per table. */
#include "store/repo_ruleset.h"

#include <stddef.h>

#define F(type, s, f) {type, offsetof(struct s, f)}

static const char *const exists_sql[] = {
	[RULESET_EVALUATION] = "SELECT 1 FROM eval_ruleset WHERE code = ?1",
	[RULESET_EMULATION] = "SELECT 1 FROM emu_ruleset WHERE code = ?1",
};
static const char *const put_sql[] = {
	[RULESET_EVALUATION] =
		"INSERT INTO eval_ruleset(code, valid_from, valid_to, body, imported_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(code) DO UPDATE SET"
		" valid_from = excluded.valid_from, valid_to = excluded.valid_to, body = excluded.body,"
		" imported_at = excluded.imported_at",
	[RULESET_EMULATION] =
		"INSERT INTO emu_ruleset(code, valid_from, valid_to, body, imported_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(code) DO UPDATE SET"
		" valid_from = excluded.valid_from, valid_to = excluded.valid_to, body = excluded.body,"
		" imported_at = excluded.imported_at",
};
static const char *const all_sql[] = {
	[RULESET_EVALUATION] = "SELECT code, valid_from, valid_to, body, imported_at"
	                       " FROM eval_ruleset ORDER BY valid_from, code",
	[RULESET_EMULATION] = "SELECT code, valid_from, valid_to, body, imported_at"
	                      " FROM emu_ruleset ORDER BY valid_from, code",
};

enum px_err repo_ruleset_put(struct db *db, enum ruleset_table t, const struct ruleset_rec *r,
                             bool *is_new)
{
	bool had = false;
	enum px_err e = db_exists(DB_TEXTS(db_prepare(db, exists_sql[t]), r->code), &had);
	*is_new = !had;
	if (e != PX_OK)
		return e;
	struct db_stmt *st = db_prepare(db, put_sql[t]);
	db_bind_text(st, 1, r->code, -1);
	db_bind_text(st, 2, r->valid_from, -1);
	db_bind_text_or_null(st, 3, r->valid_to);
	db_bind_text(st, 4, r->body, -1);
	db_bind_text(st, 5, r->imported_at, -1);
	return db_run(st);
}

static const struct db_col cols[] = {
	F(DB_COL_TEXT, ruleset_rec, code), F(DB_COL_TEXT, ruleset_rec, valid_from),
	F(DB_COL_TEXT_NULL, ruleset_rec, valid_to), F(DB_COL_TEXT, ruleset_rec, body),
	F(DB_COL_TEXT, ruleset_rec, imported_at),
};

enum px_err repo_ruleset_all(struct db *db, enum ruleset_table t, struct arena *a,
                             struct ruleset_rec **out, size_t *n)
{
	return db_rows(db_prepare(db, all_sql[t]), a, DB_COLS(cols), sizeof **out, (void **)out, n);
}
