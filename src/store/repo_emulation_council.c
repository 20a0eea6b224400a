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

static const struct db_col ballot_cols[] = {
	F(DB_COL_TEXT, emu_ballot_rec, title), F(DB_COL_TEXT, emu_ballot_rec, candidate),
	F(DB_COL_TEXT, emu_ballot_rec, at), F(DB_COL_TEXT, emu_ballot_rec, by),
	F(DB_COL_TEXT_NULL, emu_ballot_rec, council_unit), F(DB_COL_LONG, emu_ballot_rec, year),
	F(DB_COL_LONG, emu_ballot_rec, yes), F(DB_COL_LONG, emu_ballot_rec, members),
	F(DB_COL_LONG, emu_ballot_rec, present), F(DB_COL_LONG, emu_ballot_rec, written),
};

enum px_err repo_emu_ballots(struct db *db, long year, const char *council_unit, struct arena *a,
                             struct emu_ballot_rec **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT title, candidate, voted_at, voted_by, council_unit, year, yes, members,"
		" COALESCE(present, -1), COALESCE(written, -1) FROM emu_vote WHERE year = ?1"
		" AND (CAST(?2 AS TEXT) IS NULL OR council_unit = ?2) ORDER BY title, candidate");
	db_bind_int(st, 1, year);
	db_bind_text_or_null(st, 2, council_unit);
	return db_rows(st, a, DB_COLS(ballot_cols), sizeof **out, (void **)out, n);
}

static const struct db_col decision_cols[] = {
	F(DB_COL_TEXT, emu_decision_rec, number), F(DB_COL_TEXT, emu_decision_rec, unit),
	F(DB_COL_TEXT, emu_decision_rec, date), F(DB_COL_TEXT, emu_decision_rec, rules),
	F(DB_COL_TEXT, emu_decision_rec, at), F(DB_COL_TEXT, emu_decision_rec, by),
	F(DB_COL_LONG, emu_decision_rec, year),
};

enum px_err repo_emu_decision_get(struct db *db, const char *number, struct arena *a,
                                  struct emu_decision_rec *out)
{
	struct emu_decision_rec *rows;
	size_t n;
	enum px_err e = db_rows(
		DB_TEXTS(db_prepare(db, "SELECT number, unit_code, decision_date, rules, decided_at,"
		                        " decided_by, year FROM emu_decision WHERE number = ?1"),
		         number),
		a, DB_COLS(decision_cols), sizeof *rows, (void **)&rows, &n);
	if (e != PX_OK)
		return e;
	if (!n)
		return PX_NOTFOUND;
	*out = rows[0];
	return PX_OK;
}

enum px_err repo_emu_decisions(struct db *db, long year, struct arena *a,
                               struct emu_decision_rec **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, "SELECT number, unit_code, decision_date, rules,"
	                                    " decided_at, decided_by, year FROM emu_decision"
	                                    " WHERE year = ?1 ORDER BY decision_date, number");
	db_bind_int(st, 1, year);
	return db_rows(st, a, DB_COLS(decision_cols), sizeof **out, (void **)out, n);
}

static const struct db_col award_cols[] = {
	F(DB_COL_TEXT, emu_award_rec, decision), F(DB_COL_TEXT, emu_award_rec, date),
	F(DB_COL_TEXT, emu_award_rec, candidate), F(DB_COL_TEXT, emu_award_rec, kind),
	F(DB_COL_TEXT, emu_award_rec, candidate_unit), F(DB_COL_TEXT, emu_award_rec, title),
	F(DB_COL_LONG, emu_award_rec, year), F(DB_COL_LONG, emu_award_rec, cash),
	F(DB_COL_LONG, emu_award_rec, seq),
};

enum px_err repo_emu_awards_of(struct db *db, const char *candidate, struct arena *a,
                               struct emu_award_rec **out, size_t *n)
{
	return db_rows(
		DB_TEXTS(db_prepare(db,
			"SELECT a.decision, d.decision_date, a.candidate, a.kind, a.candidate_unit, a.title,"
			" a.year, a.cash, a.seq FROM emu_award a JOIN emu_decision d ON d.number = a.decision"
			" WHERE a.candidate = ?1"
			" UNION ALL SELECT decision, '', candidate, '', '', title, year, -1, 0"
			" FROM emu_past_award WHERE candidate = ?1 ORDER BY 7, 1, 9"),
		         candidate),
		a, DB_COLS(award_cols), sizeof **out, (void **)out, n);
}

enum px_err repo_emu_model_put(struct db *db, const struct emu_model_rec *m, bool *exists)
{
	enum px_err e = db_exists(
		DB_TEXTS(db_prepare(db, "SELECT 1 FROM emu_model WHERE code = ?1"), m->code), exists);
	if (e != PX_OK || *exists)
		return e;
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO emu_model(code, unit_code, title, description, level, decision,"
		" source_inspection, source_finding, recognised_on, recognised_by)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
	db_bind_text(st, 1, m->code, -1);
	db_bind_text(st, 2, m->unit, -1);
	db_bind_text(st, 3, m->title, -1);
	db_bind_text(st, 4, m->description, -1);
	db_bind_text(st, 5, m->level, -1);
	db_bind_text(st, 6, m->decision, -1);
	db_bind_text_or_null(st, 7, m->source_inspection);
	if (m->source_finding > 0)
		db_bind_int(st, 8, m->source_finding);
	else
		db_bind_null(st, 8);
	db_bind_text(st, 9, m->on, -1);
	db_bind_text(st, 10, m->by, -1);
	return db_run(st);
}

static const struct db_col model_cols[] = {
	F(DB_COL_TEXT, emu_model_rec, code), F(DB_COL_TEXT, emu_model_rec, unit),
	F(DB_COL_TEXT, emu_model_rec, title), F(DB_COL_TEXT, emu_model_rec, description),
	F(DB_COL_TEXT, emu_model_rec, level), F(DB_COL_TEXT, emu_model_rec, decision),
	F(DB_COL_TEXT_NULL, emu_model_rec, source_inspection), F(DB_COL_TEXT, emu_model_rec, on),
	F(DB_COL_TEXT, emu_model_rec, by), F(DB_COL_LONG, emu_model_rec, source_finding),
};

enum px_err repo_emu_models(struct db *db, struct arena *a, struct emu_model_rec **out,
                            size_t *n)
{
	return db_rows(db_prepare(db, "SELECT code, unit_code, title, description, level, decision,"
	                              " source_inspection, recognised_on, recognised_by,"
	                              " COALESCE(source_finding, 0) FROM emu_model"
	                              " ORDER BY CASE level WHEN 'national' THEN 0"
	                              " WHEN 'province' THEN 1 ELSE 2 END, code"),
	               a, DB_COLS(model_cols), sizeof **out, (void **)out, n);
}

enum px_err repo_emu_initiative_extra(struct db *db, const char *code, const char *evidence,
                                      const char *const *authors, size_t n)
{
	struct db_stmt *st = db_prepare(db, "UPDATE emu_initiative SET evidence = ?1 WHERE code = ?2");
	db_bind_text_or_null(st, 1, evidence && *evidence ? evidence : NULL);
	db_bind_text(st, 2, code, -1);
	enum px_err e = db_run(st);
	if (e == PX_OK)
		e = db_run(DB_TEXTS(db_prepare(db, "DELETE FROM emu_initiative_author WHERE code = ?1"),
		                    code));
	for (size_t i = 0; i < n && e == PX_OK; i++) {
		st = db_prepare(db, "INSERT INTO emu_initiative_author(code, staff_code) VALUES (?1, ?2)"
		                    " ON CONFLICT(code, staff_code) DO NOTHING");
		db_bind_text(st, 1, code, -1);
		db_bind_text(st, 2, authors[i], -1);
		e = db_run(st);
	}
	return e;
}

static const struct db_col coauthor_cols[] = {
	F(DB_COL_TEXT, emu_coauthor_rec, staff), F(DB_COL_TEXT, emu_coauthor_rec, level),
	F(DB_COL_TEXT, emu_coauthor_rec, code),
};

enum px_err repo_emu_coauthors(struct db *db, long year, struct arena *a,
                               struct emu_coauthor_rec **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, "SELECT x.staff_code, i.level, i.code"
	                                    " FROM emu_initiative_author x JOIN emu_initiative i"
	                                    " ON i.code = x.code WHERE i.year = ?1"
	                                    " ORDER BY x.staff_code, i.code");
	db_bind_int(st, 1, year);
	return db_rows(st, a, DB_COLS(coauthor_cols), sizeof **out, (void **)out, n);
}
