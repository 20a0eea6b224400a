/* Plan tables; see repo_plan.h. Each function is its SQL. */
#include "store/repo_plan.h"
#include "base/arena.h"

#include <stddef.h>
#include <string.h>

#define F(type, s, f) {type, offsetof(struct s, f)}

static enum px_err put(struct db_stmt *st)
{
	int64_t n;
	enum px_err e = db_changes(st, &n);
	return e == PX_OK && n == 0 ? PX_NOTFOUND : e;
}

enum px_err repo_plan_put(struct db *db, const struct plan_rec *p)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO plan(code, unit_id, year, parent_plan, imported_at)"
		" SELECT ?1, u.id, ?3, ?4, ?5 FROM unit u WHERE u.code = ?2"
		" ON CONFLICT(code) DO UPDATE SET unit_id = excluded.unit_id, year = excluded.year,"
		" parent_plan = excluded.parent_plan, imported_at = excluded.imported_at");
	db_bind_text(st, 1, p->code, -1);
	db_bind_text(st, 2, p->unit, -1);
	db_bind_int(st, 3, p->year);
	db_bind_text_or_null(st, 4, p->parent_plan);
	db_bind_text(st, 5, p->imported_at, -1);
	return put(st);
}

static const struct db_col plan_cols[] = {
	F(DB_COL_TEXT, plan_rec, code), F(DB_COL_TEXT, plan_rec, unit),
	F(DB_COL_TEXT_NULL, plan_rec, parent_plan), F(DB_COL_LONG, plan_rec, year),
	F(DB_COL_LONG, plan_rec, ntasks), F(DB_COL_TEXT, plan_rec, imported_at),
};

enum px_err repo_plan_list(struct db *db, struct arena *a, struct plan_rec **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT p.code, u.code, p.parent_plan, p.year,"
		" (SELECT count(*) FROM plan_task t WHERE t.plan = p.code), p.imported_at"
		" FROM plan p JOIN unit u ON u.id = p.unit_id ORDER BY p.code");
	return db_rows(st, a, DB_COLS(plan_cols), sizeof **out, (void **)out, n);
}

enum px_err repo_plan_tasks_clear(struct db *db, const char *plan)
{
	return db_run(DB_TEXTS(db_prepare(db, "DELETE FROM plan_task WHERE plan = ?1"), plan));
}

enum px_err repo_plan_reports_drop(struct db *db, const char *plan, const char *task)
{
	enum px_err e = db_run(DB_TEXTS(db_prepare(db,
		"DELETE FROM plan_evidence WHERE report_id IN"
		" (SELECT id FROM plan_report WHERE plan = ?1 AND task = ?2)"), plan, task));
	if (e == PX_OK)
		e = db_run(DB_TEXTS(db_prepare(db,
			"DELETE FROM plan_report WHERE plan = ?1 AND task = ?2"), plan, task));
	return e;
}

enum px_err repo_plan_task_add(struct db *db, const struct plan_task_rec *t)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO plan_task(plan, code, ord, parent_plan, parent_task, area, title,"
		" owner_id, coordinators, start_date, due, output, indicator, target)"
		" SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, u.id, ?9, ?10, ?11, ?12, ?13, ?14"
		" FROM unit u WHERE u.code = ?8");
	db_bind_text(st, 1, t->plan, -1);
	db_bind_text(st, 2, t->code, -1);
	db_bind_int(st, 3, t->ord);
	db_bind_text_or_null(st, 4, t->parent_plan);
	db_bind_text_or_null(st, 5, t->parent_task);
	db_bind_text(st, 6, t->area, -1);
	db_bind_text(st, 7, t->title, -1);
	db_bind_text(st, 8, t->owner, -1);
	db_bind_text(st, 9, t->coordinators, -1);
	db_bind_text_or_null(st, 10, t->start);
	db_bind_text(st, 11, t->due, -1);
	db_bind_text_or_null(st, 12, t->output);
	db_bind_text_or_null(st, 13, t->indicator);
	if (t->has_target)
		db_bind_double(st, 14, t->target);
	else
		db_bind_null(st, 14);
	return put(st);
}

static const struct db_col task_cols[] = {
	F(DB_COL_TEXT, plan_task_rec, plan), F(DB_COL_TEXT, plan_task_rec, code),
	F(DB_COL_TEXT_NULL, plan_task_rec, parent_plan),
	F(DB_COL_TEXT_NULL, plan_task_rec, parent_task), F(DB_COL_TEXT, plan_task_rec, area),
	F(DB_COL_TEXT, plan_task_rec, title), F(DB_COL_TEXT, plan_task_rec, owner),
	F(DB_COL_TEXT, plan_task_rec, coordinators), F(DB_COL_TEXT_NULL, plan_task_rec, start),
	F(DB_COL_TEXT, plan_task_rec, due), F(DB_COL_TEXT_NULL, plan_task_rec, output),
	F(DB_COL_TEXT_NULL, plan_task_rec, indicator),
	F(DB_COL_NOTNULL, plan_task_rec, has_target), F(DB_COL_DOUBLE, plan_task_rec, target),
	F(DB_COL_LONG, plan_task_rec, ord),
};

enum px_err repo_plan_tasks(struct db *db, const char *plan, struct arena *a,
                            struct plan_task_rec **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT t.plan, t.code, t.parent_plan, t.parent_task, t.area, t.title, u.code,"
		" t.coordinators, t.start_date, t.due, t.output, t.indicator, t.target, t.target,"
		" t.ord FROM plan_task t JOIN unit u ON u.id = t.owner_id"
		" WHERE CAST(?1 AS TEXT) IS NULL OR t.plan = ?1 ORDER BY t.plan, t.ord, t.id");
	db_bind_text(st, 1, plan, -1);
	return db_rows(st, a, DB_COLS(task_cols), sizeof **out, (void **)out, n);
}

static const struct db_col report_cols[] = {
	F(DB_COL_INT64, plan_report_rec, id), F(DB_COL_TEXT, plan_report_rec, plan),
	F(DB_COL_TEXT, plan_report_rec, task), F(DB_COL_TEXT, plan_report_rec, status),
	F(DB_COL_TEXT, plan_report_rec, date), F(DB_COL_TEXT, plan_report_rec, document),
	F(DB_COL_TEXT, plan_report_rec, note), F(DB_COL_TEXT, plan_report_rec, reported_at),
	F(DB_COL_TEXT, plan_report_rec, reported_by),
	F(DB_COL_NOTNULL, plan_report_rec, has_progress), F(DB_COL_LONG, plan_report_rec, progress),
};

enum px_err repo_plan_reports(struct db *db, const char *plan, struct arena *a,
                              struct plan_report_rec **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT id, plan, task, status, report_date, document, note, reported_at, reported_by,"
		" progress, progress FROM plan_report WHERE CAST(?1 AS TEXT) IS NULL OR plan = ?1"
		" ORDER BY plan, task, report_date, id");
	db_bind_text(st, 1, plan, -1);
	return db_rows(st, a, DB_COLS(report_cols), sizeof **out, (void **)out, n);
}

struct code_row {
	const char *code;
};
static const struct db_col code_cols[] = {F(DB_COL_TEXT, code_row, code)};

enum px_err repo_plan_reported_tasks(struct db *db, const char *plan, struct arena *a,
                                     const char ***out, size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT DISTINCT task FROM plan_report WHERE plan = ?1 ORDER BY task");
	db_bind_text(st, 1, plan, -1);
	struct code_row *v;
	enum px_err e = db_rows(st, a, DB_COLS(code_cols), sizeof *v, (void **)&v, n);
	*out = (const char **)v; /* one pointer per row: the same layout */
	return e;
}

enum px_err repo_plan_report_add(struct db *db, const struct plan_report_rec *r, int64_t *id)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO plan_report(plan, task, status, report_date, progress, document, note,"
		" reported_at, reported_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id");
	db_bind_text(st, 1, r->plan, -1);
	db_bind_text(st, 2, r->task, -1);
	db_bind_text(st, 3, r->status, -1);
	db_bind_text(st, 4, r->date, -1);
	if (r->has_progress)
		db_bind_int(st, 5, r->progress);
	else
		db_bind_null(st, 5);
	db_bind_text(st, 6, r->document ? r->document : "", -1);
	db_bind_text(st, 7, r->note ? r->note : "", -1);
	db_bind_text(st, 8, r->reported_at, -1);
	db_bind_text(st, 9, r->reported_by, -1);
	return db_int(st, 0, id);
}

enum px_err repo_plan_evidence_add(struct db *db, int64_t report_id, const char *sha256,
                                   const char *filename, const char *at, const char *by,
                                   int64_t *id)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO plan_evidence(report_id, sha256, filename, uploaded_at, uploaded_by)"
		" VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id");
	db_bind_int(st, 1, report_id);
	db_bind_text(st, 2, sha256, -1);
	db_bind_text(st, 3, filename, -1);
	db_bind_text(st, 4, at, -1);
	db_bind_text(st, 5, by, -1);
	return db_int(st, 0, id);
}

static const struct db_col evidence_cols[] = {
	F(DB_COL_INT64, plan_evidence_rec, id), F(DB_COL_INT64, plan_evidence_rec, report_id),
	F(DB_COL_INT64, plan_evidence_rec, size), F(DB_COL_TEXT, plan_evidence_rec, plan),
	F(DB_COL_TEXT, plan_evidence_rec, task), F(DB_COL_TEXT, plan_evidence_rec, owner),
	F(DB_COL_TEXT, plan_evidence_rec, sha256), F(DB_COL_TEXT, plan_evidence_rec, filename),
	F(DB_COL_TEXT, plan_evidence_rec, content_type),
	F(DB_COL_TEXT, plan_evidence_rec, uploaded_at),
	F(DB_COL_TEXT, plan_evidence_rec, uploaded_by),
};

#define EVIDENCE_SELECT                                                                    \
	"SELECT e.id, e.report_id, b.size, r.plan, r.task,"                                 \
	" COALESCE((SELECT u.code FROM plan_task t JOIN unit u ON u.id = t.owner_id"         \
	" WHERE t.plan = r.plan AND t.code = r.task), ''), e.sha256, e.filename,"             \
	" b.content_type, e.uploaded_at, e.uploaded_by FROM plan_evidence e"                  \
	" JOIN plan_report r ON r.id = e.report_id JOIN evidence_blob b ON b.sha256 = e.sha256"

enum px_err repo_plan_evidence_list(struct db *db, const char *plan, struct arena *a,
                                    struct plan_evidence_rec **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, EVIDENCE_SELECT " WHERE r.plan = ?1 ORDER BY e.id");
	db_bind_text(st, 1, plan, -1);
	return db_rows(st, a, DB_COLS(evidence_cols), sizeof **out, (void **)out, n);
}

enum px_err repo_plan_evidence_get(struct db *db, int64_t id, struct arena *a,
                                   struct plan_evidence_rec *out, const void **data)
{
	struct db_stmt *st = db_prepare(db, EVIDENCE_SELECT " WHERE e.id = ?1");
	db_bind_int(st, 1, id);
	struct plan_evidence_rec *v;
	size_t n;
	enum px_err e = db_rows(st, a, DB_COLS(evidence_cols), sizeof *v, (void **)&v, &n);
	if (e == PX_OK && n == 0)
		return PX_NOTFOUND;
	if (e != PX_OK)
		return e;
	*out = v[0];
	st = db_prepare(db, "SELECT data FROM evidence_blob WHERE sha256 = ?1");
	db_bind_text(st, 1, out->sha256, -1);
	if (db_step(st) != DB_ROW) {
		db_done(st);
		return PX_FAIL;
	}
	size_t len;
	const void *p = db_col_blob(st, 0, &len);
	void *copy = arena_alloc(a, len ? len : 1);
	if (len)
		memcpy(copy, p, len);
	*data = copy;
	db_done(st);
	return PX_OK;
}

enum px_err repo_plan_metric_clear(struct db *db, const char *metric)
{
	return db_run(DB_TEXTS(db_prepare(db,
		"DELETE FROM metric_value WHERE metric = ?1 AND source = 'plan'"), metric));
}
