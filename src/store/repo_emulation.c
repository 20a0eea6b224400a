/* Emulation tables; see repo_emulation.h. Each function is its SQL. */
#include "store/repo_emulation.h"
#include "base/arena.h"
#include "store/repo_ruleset.h"

#include <stddef.h>
#include <string.h>

#define F(type, s, f) {type, offsetof(struct s, f)}

enum px_err repo_emu_rules_put(struct db *db, const struct emu_ruleset_rec *r, bool *is_new)
{
	struct ruleset_rec x = {r->code, r->valid_from, r->valid_to, r->body, r->imported_at};
	return repo_ruleset_put(db, RULESET_EMULATION, &x, is_new);
}

enum px_err repo_emu_rules_all(struct db *db, struct arena *a, struct emu_ruleset_rec **out,
                               size_t *n)
{
	struct ruleset_rec *v;
	enum px_err e = repo_ruleset_all(db, RULESET_EMULATION, a, &v, n);
	*out = e == PX_OK ? arena_array(a, *n + 1, sizeof **out) : NULL;
	for (size_t i = 0; e == PX_OK && i < *n; i++)
		(*out)[i] = (struct emu_ruleset_rec){v[i].code, v[i].valid_from, v[i].valid_to,
		                                    v[i].body, v[i].imported_at};
	return e;
}

enum px_err repo_emu_initiative_put(struct db *db, const struct emu_initiative_rec *r,
                                    const char *at, bool *is_new)
{
	bool had = false;
	enum px_err e = db_exists(
		DB_TEXTS(db_prepare(db, "SELECT 1 FROM emu_initiative WHERE code = ?1"), r->code), &had);
	*is_new = !had;
	if (e != PX_OK)
		return e;
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO emu_initiative(code, year, staff_code, title, level, decision, imported_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(code) DO UPDATE SET"
		" year = excluded.year, staff_code = excluded.staff_code, title = excluded.title,"
		" level = excluded.level, decision = excluded.decision, imported_at = excluded.imported_at");
	db_bind_text(st, 1, r->code, -1);
	db_bind_int(st, 2, r->year);
	db_bind_text(st, 3, r->staff, -1);
	db_bind_text(st, 4, r->title, -1);
	db_bind_text(st, 5, r->level, -1);
	db_bind_text(st, 6, r->decision, -1);
	db_bind_text(st, 7, at, -1);
	return db_run(st);
}

static const struct db_col init_cols[] = {
	F(DB_COL_TEXT, emu_initiative_rec, code), F(DB_COL_LONG, emu_initiative_rec, year),
	F(DB_COL_TEXT, emu_initiative_rec, staff), F(DB_COL_TEXT, emu_initiative_rec, title),
	F(DB_COL_TEXT, emu_initiative_rec, level), F(DB_COL_TEXT, emu_initiative_rec, decision),
};

enum px_err repo_emu_initiatives(struct db *db, long year, struct arena *a,
                                 struct emu_initiative_rec **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, "SELECT code, year, staff_code, title, level, decision"
	                                    " FROM emu_initiative WHERE year = ?1 ORDER BY code");
	db_bind_int(st, 1, year);
	return db_rows(st, a, DB_COLS(init_cols), sizeof **out, (void **)out, n);
}

enum px_err repo_emu_past_award_put(struct db *db, const struct emu_award_rec *r,
                                    const char *at, bool *is_new)
{
	bool had = false;
	struct db_stmt *q = db_prepare(db, "SELECT 1 FROM emu_past_award WHERE year = ?1"
	                                   " AND candidate = ?2 AND title = ?3");
	db_bind_int(q, 1, r->year);
	db_bind_text(q, 2, r->candidate, -1);
	db_bind_text(q, 3, r->title, -1);
	enum px_err e = db_exists(q, &had);
	*is_new = !had;
	if (e != PX_OK)
		return e;
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO emu_past_award(year, candidate, title, decision, imported_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(year, candidate, title) DO UPDATE SET"
		" decision = excluded.decision, imported_at = excluded.imported_at");
	db_bind_int(st, 1, r->year);
	db_bind_text(st, 2, r->candidate, -1);
	db_bind_text(st, 3, r->title, -1);
	db_bind_text(st, 4, r->decision, -1);
	db_bind_text(st, 5, at, -1);
	return db_run(st);
}

static const struct db_col award_cols[] = {
	F(DB_COL_TEXT, emu_award_rec, decision), F(DB_COL_TEXT, emu_award_rec, date),
	F(DB_COL_TEXT, emu_award_rec, candidate), F(DB_COL_TEXT, emu_award_rec, kind),
	F(DB_COL_TEXT, emu_award_rec, candidate_unit), F(DB_COL_TEXT, emu_award_rec, title),
	F(DB_COL_LONG, emu_award_rec, year), F(DB_COL_LONG, emu_award_rec, cash),
	F(DB_COL_LONG, emu_award_rec, seq),
};

enum px_err repo_emu_awards_any(struct db *db, long from, long to, struct arena *a,
                                struct emu_award_rec **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT a.decision, d.decision_date, a.candidate, a.kind, a.candidate_unit, a.title,"
		" a.year, a.cash, a.seq FROM emu_award a JOIN emu_decision d ON d.number = a.decision"
		" WHERE a.year BETWEEN ?1 AND ?2"
		" UNION ALL SELECT decision, '', candidate, '', '', title, year, -1, 0"
		" FROM emu_past_award WHERE year BETWEEN ?1 AND ?2 ORDER BY 7, 3, 6");
	db_bind_int(st, 1, from);
	db_bind_int(st, 2, to);
	return db_rows(st, a, DB_COLS(award_cols), sizeof **out, (void **)out, n);
}

enum px_err repo_emu_awards(struct db *db, long year, struct arena *a,
                            struct emu_award_rec **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT a.decision, d.decision_date, a.candidate, a.kind, a.candidate_unit, a.title,"
		" a.year, a.cash, a.seq FROM emu_award a JOIN emu_decision d ON d.number = a.decision"
		" WHERE a.year = ?1 ORDER BY d.decision_date, a.decision, a.seq");
	db_bind_int(st, 1, year);
	return db_rows(st, a, DB_COLS(award_cols), sizeof **out, (void **)out, n);
}

enum px_err repo_emu_award_put(struct db *db, const struct emu_award_rec *r)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO emu_award(decision, year, candidate, kind, candidate_unit, title, cash, seq)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
	db_bind_text(st, 1, r->decision, -1);
	db_bind_int(st, 2, r->year);
	db_bind_text(st, 3, r->candidate, -1);
	db_bind_text(st, 4, r->kind, -1);
	db_bind_text(st, 5, r->candidate_unit, -1);
	db_bind_text(st, 6, r->title, -1);
	db_bind_int(st, 7, r->cash);
	db_bind_int(st, 8, r->seq);
	return db_run(st);
}

enum px_err repo_emu_vote_put(struct db *db, const struct emu_vote_rec *v)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO emu_vote(year, title, candidate, yes, members, voted_at, voted_by)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(year, title, candidate) DO UPDATE SET"
		" yes = excluded.yes, members = excluded.members, voted_at = excluded.voted_at,"
		" voted_by = excluded.voted_by");
	db_bind_int(st, 1, v->year);
	db_bind_text(st, 2, v->title, -1);
	db_bind_text(st, 3, v->candidate, -1);
	db_bind_int(st, 4, v->yes);
	db_bind_int(st, 5, v->members);
	db_bind_text(st, 6, v->at, -1);
	db_bind_text(st, 7, v->by, -1);
	return db_run(st);
}

static const struct db_col vote_cols[] = {
	F(DB_COL_TEXT, emu_vote_rec, title), F(DB_COL_TEXT, emu_vote_rec, candidate),
	F(DB_COL_TEXT, emu_vote_rec, at), F(DB_COL_TEXT, emu_vote_rec, by),
	F(DB_COL_LONG, emu_vote_rec, year), F(DB_COL_LONG, emu_vote_rec, yes),
	F(DB_COL_LONG, emu_vote_rec, members),
};

enum px_err repo_emu_votes(struct db *db, long year, struct arena *a, struct emu_vote_rec **out,
                           size_t *n)
{
	struct db_stmt *st = db_prepare(db, "SELECT title, candidate, voted_at, voted_by, year, yes,"
	                                    " members FROM emu_vote WHERE year = ?1"
	                                    " ORDER BY title, candidate");
	db_bind_int(st, 1, year);
	return db_rows(st, a, DB_COLS(vote_cols), sizeof **out, (void **)out, n);
}

enum px_err repo_emu_decision_put(struct db *db, const struct emu_decision_rec *r, bool *exists)
{
	enum px_err e = db_exists(
		DB_TEXTS(db_prepare(db, "SELECT 1 FROM emu_decision WHERE number = ?1"), r->number),
		exists);
	if (e != PX_OK || *exists)
		return e;
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO emu_decision(number, year, unit_code, decision_date, rules, decided_at,"
		" decided_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	db_bind_text(st, 1, r->number, -1);
	db_bind_int(st, 2, r->year);
	db_bind_text(st, 3, r->unit, -1);
	db_bind_text(st, 4, r->date, -1);
	db_bind_text(st, 5, r->rules, -1);
	db_bind_text(st, 6, r->at, -1);
	db_bind_text(st, 7, r->by, -1);
	return db_run(st);
}

static const struct db_col movement_cols[] = {
	F(DB_COL_TEXT, emu_movement_rec, unit), F(DB_COL_TEXT, emu_movement_rec, title),
	F(DB_COL_TEXT, emu_movement_rec, targets), F(DB_COL_TEXT, emu_movement_rec, deadline),
	F(DB_COL_TEXT, emu_movement_rec, state), F(DB_COL_TEXT, emu_movement_rec, at),
	F(DB_COL_LONG, emu_movement_rec, year),
};

enum px_err repo_emu_movement_get(struct db *db, const char *unit, long year, struct arena *a,
                                  struct emu_movement_rec *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT unit_code, title, targets, deadline, state,"
	                                    " launched_at, year FROM emu_movement"
	                                    " WHERE unit_code = ?1 AND year = ?2");
	db_bind_text(st, 1, unit, -1);
	db_bind_int(st, 2, year);
	struct emu_movement_rec *rows;
	size_t n;
	enum px_err e = db_rows(st, a, DB_COLS(movement_cols), sizeof *rows, (void **)&rows, &n);
	if (e != PX_OK)
		return e;
	if (!n)
		return PX_NOTFOUND;
	*out = rows[0];
	return PX_OK;
}

enum px_err repo_emu_movement_put(struct db *db, const struct emu_movement_rec *m)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO emu_movement(unit_code, year, title, targets, deadline, state, launched_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	db_bind_text(st, 1, m->unit, -1);
	db_bind_int(st, 2, m->year);
	db_bind_text(st, 3, m->title, -1);
	db_bind_text(st, 4, m->targets, -1);
	db_bind_text(st, 5, m->deadline, -1);
	db_bind_text(st, 6, m->state, -1);
	db_bind_text(st, 7, m->at, -1);
	return db_run(st);
}

enum px_err repo_emu_movement_set_state(struct db *db, const char *unit, long year,
                                        const char *state)
{
	struct db_stmt *st = db_prepare(db, "UPDATE emu_movement SET state = ?1"
	                                    " WHERE unit_code = ?2 AND year = ?3");
	db_bind_text(st, 1, state, -1);
	db_bind_text(st, 2, unit, -1);
	db_bind_int(st, 3, year);
	return db_run(st);
}

enum px_err repo_emu_register(struct db *db, const struct emu_registration_rec *r, bool *is_new)
{
	bool had = false;
	struct db_stmt *q = db_prepare(db, "SELECT 1 FROM emu_registration WHERE unit_code = ?1"
	                                   " AND year = ?2 AND candidate = ?3");
	db_bind_text(q, 1, r->unit, -1);
	db_bind_int(q, 2, r->year);
	db_bind_text(q, 3, r->candidate, -1);
	enum px_err e = db_exists(q, &had);
	*is_new = !had;
	if (e != PX_OK)
		return e;
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO emu_registration(unit_code, year, candidate, commitment, registered_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(unit_code, year, candidate) DO UPDATE SET"
		" commitment = excluded.commitment, registered_at = excluded.registered_at");
	db_bind_text(st, 1, r->unit, -1);
	db_bind_int(st, 2, r->year);
	db_bind_text(st, 3, r->candidate, -1);
	db_bind_text(st, 4, r->commitment, -1);
	db_bind_text(st, 5, r->at, -1);
	return db_run(st);
}

static const struct db_col reg_cols[] = {
	F(DB_COL_TEXT, emu_registration_rec, unit), F(DB_COL_TEXT, emu_registration_rec, candidate),
	F(DB_COL_TEXT, emu_registration_rec, commitment), F(DB_COL_TEXT, emu_registration_rec, at),
	F(DB_COL_LONG, emu_registration_rec, year),
};

enum px_err repo_emu_registrations(struct db *db, long year, struct arena *a,
                                   struct emu_registration_rec **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, "SELECT unit_code, candidate, commitment, registered_at,"
	                                    " year FROM emu_registration WHERE year = ?1"
	                                    " ORDER BY unit_code, candidate");
	db_bind_int(st, 1, year);
	return db_rows(st, a, DB_COLS(reg_cols), sizeof **out, (void **)out, n);
}
