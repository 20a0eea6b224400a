/* Evaluation tables; see repo_evaluation.h. Each function is its SQL. */
#include "store/repo_evaluation.h"
#include "base/arena.h"
#include "store/repo_ruleset.h"

#include <stddef.h>
#include <string.h>

#define F(type, s, f) {type, offsetof(struct s, f)}

/* Whether a row with this key exists (sql binds texts ?1..). */
static enum px_err exists(struct db_stmt *st, bool *yes)
{
	return db_exists(st, yes);
}

enum px_err repo_eval_rules_put(struct db *db, const struct eval_ruleset_rec *r, bool *is_new)
{
	struct ruleset_rec x = {r->code, r->valid_from, r->valid_to, r->body, r->imported_at};
	return repo_ruleset_put(db, RULESET_EVALUATION, &x, is_new);
}

enum px_err repo_eval_rules_all(struct db *db, struct arena *a, struct eval_ruleset_rec **out,
                                size_t *n)
{
	struct ruleset_rec *v;
	enum px_err e = repo_ruleset_all(db, RULESET_EVALUATION, a, &v, n);
	*out = e == PX_OK ? arena_array(a, *n + 1, sizeof **out) : NULL;
	for (size_t i = 0; e == PX_OK && i < *n; i++)
		(*out)[i] = (struct eval_ruleset_rec){v[i].code, v[i].valid_from, v[i].valid_to,
		                                    v[i].body, v[i].imported_at};
	return e;
}

enum px_err repo_eval_month_put(struct db *db, const struct eval_month_rec *m)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO eval_month(staff_code, month, unit_code, rules, state, source,"
		" approved_at, approved_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
		" ON CONFLICT(staff_code, month) DO UPDATE SET unit_code = excluded.unit_code,"
		" rules = excluded.rules, state = excluded.state, source = excluded.source,"
		" approved_at = excluded.approved_at, approved_by = excluded.approved_by");
	db_bind_text(st, 1, m->staff, -1);
	db_bind_text(st, 2, m->month, -1);
	db_bind_text(st, 3, m->unit, -1);
	db_bind_text(st, 4, m->rules, -1);
	db_bind_text(st, 5, m->state, -1);
	db_bind_text(st, 6, m->source, -1);
	db_bind_text_or_null(st, 7, m->approved_at);
	db_bind_text_or_null(st, 8, m->approved_by);
	return db_run(st);
}

static const struct db_col month_cols[] = {
	F(DB_COL_TEXT, eval_month_rec, staff), F(DB_COL_TEXT, eval_month_rec, month),
	F(DB_COL_TEXT, eval_month_rec, unit), F(DB_COL_TEXT, eval_month_rec, rules),
	F(DB_COL_TEXT, eval_month_rec, state), F(DB_COL_TEXT, eval_month_rec, source),
	F(DB_COL_TEXT_NULL, eval_month_rec, approved_at),
	F(DB_COL_TEXT_NULL, eval_month_rec, approved_by),
};

enum px_err repo_eval_months(struct db *db, const char *prefix, struct arena *a,
                             struct eval_month_rec **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT staff_code, month, unit_code, rules, state, source, approved_at, approved_by"
		" FROM eval_month WHERE substr(month, 1, length(?1)) = ?1"
		" ORDER BY unit_code, month, staff_code");
	db_bind_text(st, 1, prefix ? prefix : "", -1);
	return db_rows(st, a, DB_COLS(month_cols), sizeof **out, (void **)out, n);
}

enum px_err repo_eval_point_put(struct db *db, const struct eval_point_rec *p)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO eval_point(staff_code, month, component, stage, points, comment)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(staff_code, month, component, stage)"
		" DO UPDATE SET points = excluded.points, comment = excluded.comment");
	db_bind_text(st, 1, p->staff, -1);
	db_bind_text(st, 2, p->month, -1);
	db_bind_text(st, 3, p->component, -1);
	db_bind_text(st, 4, p->stage, -1);
	db_bind_int(st, 5, p->points);
	db_bind_text(st, 6, p->comment ? p->comment : "", -1);
	return db_run(st);
}

enum px_err repo_eval_points_clear(struct db *db, const char *staff, const char *month,
                                   const char *stage)
{
	struct db_stmt *st = db_prepare(db,
		"DELETE FROM eval_point WHERE staff_code = ?1 AND month = ?2"
		" AND (CAST(?3 AS TEXT) IS NULL OR stage = ?3)");
	db_bind_text(st, 1, staff, -1);
	db_bind_text(st, 2, month, -1);
	db_bind_text_or_null(st, 3, stage);
	return db_run(st);
}

static const struct db_col point_cols[] = {
	F(DB_COL_TEXT, eval_point_rec, staff), F(DB_COL_TEXT, eval_point_rec, month),
	F(DB_COL_TEXT, eval_point_rec, component), F(DB_COL_TEXT, eval_point_rec, stage),
	F(DB_COL_LONG, eval_point_rec, points), F(DB_COL_TEXT, eval_point_rec, comment),
};

enum px_err repo_eval_points(struct db *db, const char *prefix, struct arena *a,
                             struct eval_point_rec **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT staff_code, month, component, stage, points, comment FROM eval_point"
		" WHERE substr(month, 1, length(?1)) = ?1 ORDER BY staff_code, month, stage, component");
	db_bind_text(st, 1, prefix ? prefix : "", -1);
	return db_rows(st, a, DB_COLS(point_cols), sizeof **out, (void **)out, n);
}

enum px_err repo_eval_items_set(struct db *db, const char *staff, const char *month,
                                const char *stage, const struct eval_item_rec *it, size_t n)
{
	enum px_err e = db_run(DB_TEXTS(db_prepare(db,
		"DELETE FROM eval_item WHERE staff_code = ?1 AND month = ?2 AND stage = ?3"),
		staff, month, stage));
	for (size_t i = 0; i < n && e == PX_OK; i++) {
		struct db_stmt *st = db_prepare(db,
			"INSERT INTO eval_item(staff_code, month, stage, seq, title, quantity, quality,"
			" progress) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
		db_bind_text(st, 1, staff, -1);
		db_bind_text(st, 2, month, -1);
		db_bind_text(st, 3, stage, -1);
		db_bind_int(st, 4, (long)i + 1);
		db_bind_text(st, 5, it[i].title, -1);
		db_bind_int(st, 6, it[i].quantity);
		db_bind_int(st, 7, it[i].quality);
		db_bind_int(st, 8, it[i].progress);
		e = db_run(st);
	}
	return e;
}

static const struct db_col item_cols[] = {
	F(DB_COL_TEXT, eval_item_rec, staff), F(DB_COL_TEXT, eval_item_rec, month),
	F(DB_COL_TEXT, eval_item_rec, stage), F(DB_COL_LONG, eval_item_rec, seq),
	F(DB_COL_TEXT, eval_item_rec, title), F(DB_COL_LONG, eval_item_rec, quantity),
	F(DB_COL_LONG, eval_item_rec, quality), F(DB_COL_LONG, eval_item_rec, progress),
};

enum px_err repo_eval_items(struct db *db, const char *prefix, struct arena *a,
                            struct eval_item_rec **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT staff_code, month, stage, seq, title, quantity, quality, progress FROM eval_item"
		" WHERE substr(month, 1, length(?1)) = ?1 ORDER BY staff_code, month, stage, seq");
	db_bind_text(st, 1, prefix ? prefix : "", -1);
	return db_rows(st, a, DB_COLS(item_cols), sizeof **out, (void **)out, n);
}

enum px_err repo_eval_unit_month_put(struct db *db, const struct eval_unit_month_rec *u)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO eval_unit_month(unit_code, month, outstanding, reason) VALUES (?1, ?2, ?3, ?4)"
		" ON CONFLICT(unit_code, month) DO UPDATE SET outstanding = excluded.outstanding,"
		" reason = excluded.reason");
	db_bind_text(st, 1, u->unit, -1);
	db_bind_text(st, 2, u->month, -1);
	db_bind_int(st, 3, u->outstanding);
	db_bind_text(st, 4, u->reason ? u->reason : "", -1);
	return db_run(st);
}

static const struct db_col um_cols[] = {
	F(DB_COL_TEXT, eval_unit_month_rec, unit), F(DB_COL_TEXT, eval_unit_month_rec, month),
	F(DB_COL_BOOL, eval_unit_month_rec, outstanding),
	F(DB_COL_TEXT, eval_unit_month_rec, reason),
};

enum px_err repo_eval_unit_months(struct db *db, const char *prefix, struct arena *a,
                                  struct eval_unit_month_rec **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT unit_code, month, outstanding, reason FROM eval_unit_month"
		" WHERE substr(month, 1, length(?1)) = ?1 ORDER BY unit_code, month");
	db_bind_text(st, 1, prefix ? prefix : "", -1);
	return db_rows(st, a, DB_COLS(um_cols), sizeof **out, (void **)out, n);
}

enum px_err repo_eval_discipline_put(struct db *db, const struct eval_discipline_rec *r,
                                     const char *at, bool *is_new)
{
	bool had = false;
	enum px_err e = exists(DB_TEXTS(db_prepare(db,
		"SELECT 1 FROM eval_discipline WHERE staff_code = ?1 AND decision_date = ?2"
		" AND decision = ?3"), r->staff, r->date, r->decision), &had);
	*is_new = !had;
	if (e != PX_OK)
		return e;
	return db_run(DB_TEXTS(db_prepare(db,
		"INSERT INTO eval_discipline(staff_code, decision_date, form, decision, imported_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(staff_code, decision_date, decision)"
		" DO UPDATE SET form = excluded.form, imported_at = excluded.imported_at"),
		r->staff, r->date, r->form, r->decision, at));
}

static const struct db_col disc_cols[] = {
	F(DB_COL_TEXT, eval_discipline_rec, staff), F(DB_COL_TEXT, eval_discipline_rec, date),
	F(DB_COL_TEXT, eval_discipline_rec, form), F(DB_COL_TEXT, eval_discipline_rec, decision),
};

enum px_err repo_eval_disciplines(struct db *db, struct arena *a,
                                  struct eval_discipline_rec **out, size_t *n)
{
	return db_rows(db_prepare(db, "SELECT staff_code, decision_date, form, decision"
	                              " FROM eval_discipline ORDER BY staff_code, decision_date"),
	               a, DB_COLS(disc_cols), sizeof **out, (void **)out, n);
}

enum px_err repo_eval_absence_put(struct db *db, const struct eval_absence_rec *r,
                                  const char *at, bool *is_new)
{
	bool had = false;
	enum px_err e = exists(DB_TEXTS(db_prepare(db,
		"SELECT 1 FROM eval_absence WHERE staff_code = ?1 AND from_date = ?2 AND to_date = ?3"),
		r->staff, r->from, r->to), &had);
	*is_new = !had;
	if (e != PX_OK)
		return e;
	return db_run(DB_TEXTS(db_prepare(db,
		"INSERT INTO eval_absence(staff_code, from_date, to_date, reason, imported_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(staff_code, from_date, to_date)"
		" DO UPDATE SET reason = excluded.reason, imported_at = excluded.imported_at"),
		r->staff, r->from, r->to, r->reason ? r->reason : "", at));
}

static const struct db_col abs_cols[] = {
	F(DB_COL_TEXT, eval_absence_rec, staff), F(DB_COL_TEXT, eval_absence_rec, from),
	F(DB_COL_TEXT, eval_absence_rec, to), F(DB_COL_TEXT, eval_absence_rec, reason),
};

enum px_err repo_eval_absences(struct db *db, struct arena *a, struct eval_absence_rec **out,
                               size_t *n)
{
	return db_rows(db_prepare(db, "SELECT staff_code, from_date, to_date, reason"
	                              " FROM eval_absence ORDER BY staff_code, from_date"),
	               a, DB_COLS(abs_cols), sizeof **out, (void **)out, n);
}

enum px_err repo_eval_is_staff(struct db *db, const char *login, bool *yes)
{
	return db_exists(DB_TEXTS(db_prepare(db, "SELECT 1 FROM staff WHERE lower(code) = lower(?1)"),
	                          login), yes);
}

enum px_err repo_eval_metric_clear(struct db *db)
{
	return db_run(db_prepare(db, "DELETE FROM metric_value WHERE metric LIKE 'evaluation.%'"));
}

enum px_err repo_eval_year_confirm(struct db *db, const char *unit, long year, const char *levels,
                                   const char *at, const char *by, bool *is_new)
{
	bool had = false;
	struct db_stmt *q = db_prepare(db, "SELECT 1 FROM eval_unit_year WHERE unit_code = ?1 AND year = ?2");
	db_bind_text(q, 1, unit, -1);
	db_bind_int(q, 2, year);
	enum px_err e = exists(q, &had);
	*is_new = !had;
	if (e != PX_OK)
		return e;
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO eval_unit_year(unit_code, year, levels, confirmed_at, confirmed_by)"
		" VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(unit_code, year) DO UPDATE SET"
		" levels = excluded.levels, confirmed_at = excluded.confirmed_at,"
		" confirmed_by = excluded.confirmed_by");
	db_bind_text(st, 1, unit, -1);
	db_bind_int(st, 2, year);
	db_bind_text(st, 3, levels, -1);
	db_bind_text(st, 4, at, -1);
	db_bind_text(st, 5, by, -1);
	return db_run(st);
}
