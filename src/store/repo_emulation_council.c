/* The emulation council; see repo_emulation_council.h. Each function is its SQL. */
#include "store/repo_emulation_council.h"
#include "base/arena.h"

#include <stddef.h>
#include <string.h>

#define F(type, s, f) {type, offsetof(struct s, f)}

static const struct db_col council_cols[] = {
	F(DB_COL_TEXT, emu_council_rec, unit), F(DB_COL_TEXT, emu_council_rec, at),
	F(DB_COL_LONG, emu_council_rec, year), F(DB_COL_LONG, emu_council_rec, quorum_ppm),
};

enum px_err repo_emu_council_get(struct db *db, const char *unit, long year, struct arena *a,
                                 struct emu_council_rec *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT unit_code, set_at, year, quorum_ppm"
	                                    " FROM emu_council WHERE unit_code = ?1 AND year = ?2");
	db_bind_text(st, 1, unit, -1);
	db_bind_int(st, 2, year);
	struct emu_council_rec *rows;
	size_t n;
	enum px_err e = db_rows(st, a, DB_COLS(council_cols), sizeof *rows, (void **)&rows, &n);
	if (e != PX_OK)
		return e;
	if (!n)
		return PX_NOTFOUND;
	*out = rows[0];
	return PX_OK;
}

enum px_err repo_emu_council_put(struct db *db, const struct emu_council_rec *c, bool *is_new)
{
	bool had = false;
	struct db_stmt *q = db_prepare(db, "SELECT 1 FROM emu_council WHERE unit_code = ?1"
	                                   " AND year = ?2");
	db_bind_text(q, 1, c->unit, -1);
	db_bind_int(q, 2, c->year);
	enum px_err e = db_exists(q, &had);
	*is_new = !had;
	if (e != PX_OK)
		return e;
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO emu_council(unit_code, year, quorum_ppm, set_at) VALUES (?1, ?2, ?3, ?4)"
		" ON CONFLICT(unit_code, year) DO UPDATE SET quorum_ppm = excluded.quorum_ppm,"
		" set_at = excluded.set_at");
	db_bind_text(st, 1, c->unit, -1);
	db_bind_int(st, 2, c->year);
	db_bind_int(st, 3, c->quorum_ppm);
	db_bind_text(st, 4, c->at, -1);
	return db_run(st);
}

static const struct db_col member_cols[] = {
	F(DB_COL_TEXT, emu_member_rec, unit), F(DB_COL_TEXT, emu_member_rec, login),
	F(DB_COL_TEXT, emu_member_rec, name), F(DB_COL_TEXT, emu_member_rec, position),
	F(DB_COL_TEXT, emu_member_rec, at), F(DB_COL_LONG, emu_member_rec, year),
};

enum px_err repo_emu_members(struct db *db, const char *unit, long year, struct arena *a,
                             struct emu_member_rec **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, "SELECT unit_code, login, name, position, added_at, year"
	                                    " FROM emu_council_member WHERE unit_code = ?1"
	                                    " AND year = ?2 ORDER BY login");
	db_bind_text(st, 1, unit, -1);
	db_bind_int(st, 2, year);
	return db_rows(st, a, DB_COLS(member_cols), sizeof **out, (void **)out, n);
}

enum px_err repo_emu_is_member(struct db *db, const char *unit, long year, const char *login,
                               bool *is)
{
	struct db_stmt *q = db_prepare(db, "SELECT 1 FROM emu_council_member WHERE unit_code = ?1"
	                                   " AND year = ?2 AND login = ?3");
	db_bind_text(q, 1, unit, -1);
	db_bind_int(q, 2, year);
	db_bind_text(q, 3, login, -1);
	return db_exists(q, is);
}

enum px_err repo_emu_member_put(struct db *db, const struct emu_member_rec *m, bool *is_new)
{
	bool had = false;
	enum px_err e = repo_emu_is_member(db, m->unit, m->year, m->login, &had);
	*is_new = !had;
	if (e != PX_OK)
		return e;
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO emu_council_member(unit_code, year, login, name, position, added_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(unit_code, year, login) DO UPDATE SET"
		" name = excluded.name, position = excluded.position, added_at = excluded.added_at");
	db_bind_text(st, 1, m->unit, -1);
	db_bind_int(st, 2, m->year);
	db_bind_text(st, 3, m->login, -1);
	db_bind_text(st, 4, m->name, -1);
	db_bind_text(st, 5, m->position, -1);
	db_bind_text(st, 6, m->at, -1);
	return db_run(st);
}

enum px_err repo_emu_member_remove(struct db *db, const char *unit, long year, const char *login,
                                   bool *removed)
{
	enum px_err e = repo_emu_is_member(db, unit, year, login, removed);
	if (e != PX_OK || !*removed)
		return e;
	struct db_stmt *st = db_prepare(db, "DELETE FROM emu_council_member WHERE unit_code = ?1"
	                                    " AND year = ?2 AND login = ?3");
	db_bind_text(st, 1, unit, -1);
	db_bind_int(st, 2, year);
	db_bind_text(st, 3, login, -1);
	return db_run(st);
}

enum px_err repo_emu_vote_ballot(struct db *db, long year, const char *title,
                                 const char *candidate, const char *council_unit, long present,
                                 long written)
{
	struct db_stmt *st = db_prepare(db, "UPDATE emu_vote SET council_unit = ?1, present = ?2,"
	                                    " written = ?3 WHERE year = ?4 AND title = ?5"
	                                    " AND candidate = ?6");
	db_bind_text_or_null(st, 1, council_unit);
	db_bind_int(st, 2, present);
	db_bind_int(st, 3, written);
	db_bind_int(st, 4, year);
	db_bind_text(st, 5, title, -1);
	db_bind_text(st, 6, candidate, -1);
	return db_run(st);
}
