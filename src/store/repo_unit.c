/*
 * Unit register and staff tables; see repo_unit.h. Dates are stored as
 * 'YYYY-MM-DD' text or NULL for an open end, and converted here.
 */
#include "store/repo_unit.h"
#include "base/arena.h"
#include "base/datetime.h"

#include <string.h>

static int32_t col_date(struct db_stmt *st, int col, int32_t open)
{
	const char *t = db_col_text(st, col);
	int32_t d;
	if (db_col_null(st, col) || !date_parse(t, strlen(t), &d))
		return open;
	return d;
}

static void bind_date(struct db_stmt *st, int idx, int32_t d)
{
	if (d == DATE_MIN || d == DATE_MAX) {
		db_bind_null(st, idx);
		return;
	}
	char buf[11];
	date_format(d, buf);
	db_bind_text(st, idx, buf, -1);
}

enum px_err repo_unit_load(struct db *db, struct unit_set *s)
{
	struct arena *a = s->arena;
	struct db_stmt *st = db_prepare(db,
		"SELECT u.code, u.name, u.kind, p.code, u.valid_from, u.valid_to,"
		" u.payroll_quota FROM unit u LEFT JOIN unit p ON p.id = u.parent_id"
		" ORDER BY u.id");
	enum db_step r;
	for (r = db_step(st); r == DB_ROW; r = db_step(st)) {
		struct unit_rec u = {0};
		u.code = arena_strdup(a, db_col_text(st, 0));
		u.name = arena_strdup(a, db_col_text(st, 1));
		u.kind = arena_strdup(a, db_col_text(st, 2));
		u.parent = db_col_null(st, 3) ? NULL : arena_strdup(a, db_col_text(st, 3));
		u.valid_from = col_date(st, 4, DATE_MIN);
		u.valid_to = col_date(st, 5, DATE_MAX);
		u.has_quota = !db_col_null(st, 6);
		u.payroll_quota = db_col_int(st, 6);
		unit_set_put(s, &u);
	}
	db_done(st);
	if (r == DB_ERROR)
		return PX_FAIL;
	/* successors: count first, then fill, per unit */
	st = db_prepare(db,
		"SELECT u.code, s.code FROM unit_successor x JOIN unit u ON u.id = x.unit_id"
		" JOIN unit s ON s.id = x.successor_id ORDER BY u.code, s.code");
	for (r = db_step(st); r == DB_ROW; r = db_step(st)) {
		long i = unit_set_find(s, db_col_text(st, 0));
		if (i < 0)
			continue;
		struct unit_rec *u = &s->v[i];
		const char **succ = arena_array(a, u->nsucc + 1, sizeof *succ);
		if (u->nsucc)
			memcpy(succ, u->successors, u->nsucc * sizeof *succ);
		succ[u->nsucc++] = arena_strdup(a, db_col_text(st, 1));
		u->successors = succ;
	}
	db_done(st);
	if (r == DB_ERROR)
		return PX_FAIL;
	register_index(s);
	return PX_OK;
}

enum px_err repo_unit_upsert(struct db *db, const struct unit_rec *u)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO unit(code, name, kind, valid_from, valid_to, payroll_quota)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(code) DO UPDATE SET"
		" name = excluded.name, kind = excluded.kind,"
		" valid_from = excluded.valid_from, valid_to = excluded.valid_to,"
		" payroll_quota = excluded.payroll_quota");
	DB_TEXTS(st, u->code, u->name, u->kind);
	bind_date(st, 4, u->valid_from);
	bind_date(st, 5, u->valid_to);
	if (u->has_quota)
		db_bind_int(st, 6, u->payroll_quota);
	else
		db_bind_null(st, 6);
	return db_run(st);
}

enum px_err repo_unit_set_parent(struct db *db, const char *code, const char *parent)
{
	return db_run(DB_TEXTS(db_prepare(db,
		"UPDATE unit SET parent_id = (SELECT id FROM unit WHERE code = ?2)"
		" WHERE code = ?1"), code, parent));
}

enum px_err repo_unit_set_successors(struct db *db, const char *code,
                                     const char *const *succ, size_t n)
{
	struct db_stmt *st = db_prepare(db,
		"DELETE FROM unit_successor WHERE unit_id = (SELECT id FROM unit WHERE code = ?1)");
	db_bind_text(st, 1, code, -1);
	if (db_run(st) != PX_OK)
		return PX_FAIL;
	st = db_prepare(db,
		"INSERT INTO unit_successor(unit_id, successor_id) SELECT u.id, s.id"
		" FROM unit u, unit s WHERE u.code = ?1 AND s.code = ?2");
	for (size_t i = 0; i < n; i++) {
		DB_TEXTS(st, code, succ[i]);
		if (db_run(st) != PX_OK)
			return PX_FAIL;
	}
	return PX_OK;
}

static long count(struct db *db, const char *sql)
{
	struct db_stmt *st = db_prepare(db, sql);
	long n = db_step(st) == DB_ROW ? (long)db_col_int(st, 0) : -1;
	db_done(st);
	return n;
}

long repo_unit_count(struct db *db)
{
	return count(db, "SELECT count(*) FROM unit");
}

long repo_staff_count(struct db *db)
{
	return count(db, "SELECT count(*) FROM staff");
}

enum px_err repo_staff_upsert(struct db *db, const struct staff_rec *s,
                              enum staff_change *what)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT t.name, u.code, t.category, coalesce(t.position, ''),"
		" coalesce(t.valid_from, ''), coalesce(t.valid_to, '')"
		" FROM staff t JOIN unit u ON u.id = t.unit_id WHERE t.code = ?1");
	char from[11] = "", to[11] = "";
	if (s->valid_from != DATE_MIN)
		date_format(s->valid_from, from);
	if (s->valid_to != DATE_MAX)
		date_format(s->valid_to, to);
	db_bind_text(st, 1, s->code, -1);
	enum db_step r = db_step(st);
	if (r == DB_ROW)
		*what = strcmp(db_col_text(st, 0), s->name) || strcmp(db_col_text(st, 1), s->unit_code) ||
		                        strcmp(db_col_text(st, 2), s->category) ||
		                        strcmp(db_col_text(st, 3), s->position ? s->position : "") ||
		                        strcmp(db_col_text(st, 4), from) || strcmp(db_col_text(st, 5), to)
		                ? STAFF_CHANGED
		                : STAFF_SAME;
	else
		*what = STAFF_NEW;
	db_done(st);
	if (r == DB_ERROR)
		return PX_FAIL;
	if (*what == STAFF_SAME)
		return PX_OK;
	return db_run(DB_TEXTS(db_prepare(db,
		"INSERT INTO staff(code, name, unit_id, category, position, valid_from, valid_to)"
		" SELECT ?1, ?2, u.id, ?4, ?5, ?6, ?7 FROM unit u WHERE u.code = ?3"
		" ON CONFLICT(code) DO UPDATE SET name = excluded.name,"
		" unit_id = excluded.unit_id, category = excluded.category,"
		" position = excluded.position, valid_from = excluded.valid_from,"
		" valid_to = excluded.valid_to"),
		s->code, s->name, s->unit_code, s->category, s->position, from, to));
}

enum px_err repo_staff_list(struct db *db, const char *unit, struct arena *a,
                            struct staff_rec **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT t.code, t.name, u.code, t.category, t.position, t.valid_from,"
		" t.valid_to FROM staff t JOIN unit u ON u.id = t.unit_id"
		" WHERE CAST(?1 AS TEXT) IS NULL OR u.code = ?1 ORDER BY u.code, t.code");
	db_bind_text(st, 1, unit, -1);
	size_t cap = 64;
	struct staff_rec *v = arena_array(a, cap, sizeof *v);
	*n = 0;
	enum db_step r;
	for (r = db_step(st); r == DB_ROW; r = db_step(st)) {
		v = arena_grow(a, v, &cap, *n, sizeof *v);
		struct staff_rec *s = &v[(*n)++];
		s->code = arena_strdup(a, db_col_text(st, 0));
		s->name = arena_strdup(a, db_col_text(st, 1));
		s->unit_code = arena_strdup(a, db_col_text(st, 2));
		s->category = arena_strdup(a, db_col_text(st, 3));
		s->position = db_col_null(st, 4) ? NULL : arena_strdup(a, db_col_text(st, 4));
		s->valid_from = col_date(st, 5, DATE_MIN);
		s->valid_to = col_date(st, 6, DATE_MAX);
	}
	db_done(st);
	*out = v;
	return r == DB_ERROR ? PX_FAIL : PX_OK;
}

enum px_err repo_wipe_data(struct db *db)
{
	/* children before parents, for the foreign keys */
	static const char *const sql[] = {
		"DELETE FROM survey_response", "DELETE FROM survey_code", "DELETE FROM survey_unit",
		"DELETE FROM survey_campaign", "DELETE FROM survey_instrument",
		"DELETE FROM plan_evidence", "DELETE FROM plan_report", "DELETE FROM plan_task",
		"DELETE FROM plan",
		"DELETE FROM reply", "DELETE FROM appraisal_reason", "DELETE FROM appraisal_proposal",
		"DELETE FROM appraiser", "DELETE FROM evidence", "DELETE FROM evidence_blob",
		"DELETE FROM self_note", "DELETE FROM submission", "DELETE FROM cycle_extension",
		"DELETE FROM cycle",
		"DELETE FROM publication_result", "DELETE FROM publication",
		"DELETE FROM assessment_score", "DELETE FROM framework", "DELETE FROM metric_value",
		"DELETE FROM metric", "DELETE FROM staff", "DELETE FROM unit_successor",
		"UPDATE unit SET parent_id = NULL", "DELETE FROM unit",
	};
	for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++)
		if (db_exec(db, sql[i]) != PX_OK)
			return PX_FAIL;
	return PX_OK;
}
