/* Inspection tables; see repo_inspection.h. Each function is its SQL. */
#include "store/repo_inspection.h"
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

enum px_err repo_insp_put(struct db *db, const struct insp_rec *r)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO inspection(code, year, unit_id, kind, planned_from, planned_to, lead,"
		" members, places, areas, checklist, planner, state, imported_at)"
		" SELECT ?1, ?2, u.id, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'planned', ?13"
		" FROM unit u WHERE u.code = ?3"
		" ON CONFLICT(code) DO UPDATE SET year = excluded.year, unit_id = excluded.unit_id,"
		" kind = excluded.kind, planned_from = excluded.planned_from,"
		" planned_to = excluded.planned_to, lead = excluded.lead, members = excluded.members,"
		" places = excluded.places, areas = excluded.areas, checklist = excluded.checklist,"
		" planner = excluded.planner, imported_at = excluded.imported_at");
	db_bind_text(st, 1, r->code, -1);
	db_bind_int(st, 2, r->year);
	db_bind_text(st, 3, r->unit, -1);
	db_bind_text(st, 4, r->kind, -1);
	db_bind_text(st, 5, r->planned_from, -1);
	db_bind_text(st, 6, r->planned_to, -1);
	db_bind_text(st, 7, r->lead, -1);
	db_bind_text(st, 8, r->members, -1);
	db_bind_text(st, 9, r->places, -1);
	db_bind_text(st, 10, r->areas, -1);
	db_bind_text_or_null(st, 11, r->checklist);
	db_bind_text_or_null(st, 12, r->planner);
	db_bind_text(st, 13, r->imported_at, -1);
	return put(st);
}

static const struct db_col insp_cols[] = {
	F(DB_COL_TEXT, insp_rec, code), F(DB_COL_LONG, insp_rec, year),
	F(DB_COL_TEXT, insp_rec, unit), F(DB_COL_TEXT, insp_rec, kind),
	F(DB_COL_TEXT, insp_rec, planned_from), F(DB_COL_TEXT, insp_rec, planned_to),
	F(DB_COL_TEXT, insp_rec, lead), F(DB_COL_TEXT, insp_rec, members),
	F(DB_COL_TEXT, insp_rec, places), F(DB_COL_TEXT, insp_rec, areas),
	F(DB_COL_TEXT_NULL, insp_rec, checklist), F(DB_COL_TEXT_NULL, insp_rec, planner),
	F(DB_COL_TEXT, insp_rec, state), F(DB_COL_TEXT_NULL, insp_rec, started_at),
	F(DB_COL_TEXT_NULL, insp_rec, concl_number), F(DB_COL_TEXT_NULL, insp_rec, concl_date),
	F(DB_COL_TEXT_NULL, insp_rec, concl_summary), F(DB_COL_TEXT, insp_rec, imported_at),
};

enum px_err repo_insp_list(struct db *db, struct arena *a, struct insp_rec **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT i.code, i.year, u.code, i.kind, i.planned_from, i.planned_to, i.lead,"
		" i.members, i.places, i.areas, i.checklist, i.planner, i.state, i.started_at,"
		" i.concl_number, i.concl_date, i.concl_summary, i.imported_at"
		" FROM inspection i JOIN unit u ON u.id = i.unit_id ORDER BY i.code");
	return db_rows(st, a, DB_COLS(insp_cols), sizeof **out, (void **)out, n);
}

enum px_err repo_insp_set_state(struct db *db, const char *code, const char *state)
{
	return db_run(DB_TEXTS(db_prepare(db, "UPDATE inspection SET state = ?2 WHERE code = ?1"),
	                       code, state));
}

enum px_err repo_insp_set_started(struct db *db, const char *code, const char *at)
{
	return db_run(DB_TEXTS(db_prepare(db,
		"UPDATE inspection SET started_at = ?2 WHERE code = ?1"), code, at));
}

enum px_err repo_insp_set_conclusion(struct db *db, const char *code, const char *number,
                                     const char *date, const char *summary)
{
	return db_run(DB_TEXTS(db_prepare(db,
		"UPDATE inspection SET concl_number = ?2, concl_date = ?3, concl_summary = ?4"
		" WHERE code = ?1"), code, number, date, summary));
}

static const struct db_col item_cols[] = {
	F(DB_COL_INT64, insp_item_rec, id), F(DB_COL_INT64, insp_item_rec, recheck_rec),
	F(DB_COL_TEXT, insp_item_rec, inspection), F(DB_COL_TEXT, insp_item_rec, item),
	F(DB_COL_TEXT, insp_item_rec, text), F(DB_COL_TEXT, insp_item_rec, note),
	F(DB_COL_TEXT_NULL, insp_item_rec, result), F(DB_COL_TEXT_NULL, insp_item_rec, checked_at),
	F(DB_COL_TEXT_NULL, insp_item_rec, checked_by), F(DB_COL_LONG, insp_item_rec, ord),
};

enum px_err repo_insp_items(struct db *db, const char *code, struct arena *a,
                            struct insp_item_rec **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT id, COALESCE(recheck_rec, 0), inspection, item, text, note, result,"
		" checked_at, checked_by, ord FROM inspection_item"
		" WHERE CAST(?1 AS TEXT) IS NULL OR inspection = ?1 ORDER BY inspection, ord, id");
	db_bind_text(st, 1, code, -1);
	return db_rows(st, a, DB_COLS(item_cols), sizeof **out, (void **)out, n);
}

enum px_err repo_insp_item_add(struct db *db, const struct insp_item_rec *r)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO inspection_item(inspection, ord, item, text, recheck_rec, note)"
		" VALUES (?1, ?2, ?3, ?4, ?5, '')");
	db_bind_text(st, 1, r->inspection, -1);
	db_bind_int(st, 2, r->ord);
	db_bind_text(st, 3, r->item, -1);
	db_bind_text(st, 4, r->text, -1);
	if (r->recheck_rec)
		db_bind_int(st, 5, r->recheck_rec);
	else
		db_bind_null(st, 5);
	return db_run(st);
}

enum px_err repo_insp_item_check(struct db *db, int64_t id, const char *result,
                                 const char *note, const char *at, const char *by)
{
	struct db_stmt *st = db_prepare(db,
		"UPDATE inspection_item SET result = ?2, note = ?3, checked_at = ?4, checked_by = ?5"
		" WHERE id = ?1");
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, result, -1);
	db_bind_text(st, 3, note ? note : "", -1);
	db_bind_text(st, 4, at, -1);
	db_bind_text(st, 5, by, -1);
	return put(st);
}

static const struct db_col finding_cols[] = {
	F(DB_COL_INT64, insp_finding_rec, id), F(DB_COL_TEXT, insp_finding_rec, inspection),
	F(DB_COL_TEXT, insp_finding_rec, kind), F(DB_COL_TEXT, insp_finding_rec, area),
	F(DB_COL_TEXT, insp_finding_rec, text), F(DB_COL_TEXT_NULL, insp_finding_rec, criterion),
	F(DB_COL_TEXT, insp_finding_rec, made_on), F(DB_COL_TEXT, insp_finding_rec, made_by),
	F(DB_COL_LONG, insp_finding_rec, n),
};

enum px_err repo_insp_findings(struct db *db, const char *code, struct arena *a,
                               struct insp_finding_rec **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT id, inspection, kind, area, text, criterion, made_on, made_by, n"
		" FROM inspection_finding WHERE CAST(?1 AS TEXT) IS NULL OR inspection = ?1"
		" ORDER BY inspection, n");
	db_bind_text(st, 1, code, -1);
	return db_rows(st, a, DB_COLS(finding_cols), sizeof **out, (void **)out, n);
}

enum px_err repo_insp_finding_add(struct db *db, const struct insp_finding_rec *r, int64_t *id)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO inspection_finding(inspection, n, kind, area, text, criterion, made_on,"
		" made_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id");
	db_bind_text(st, 1, r->inspection, -1);
	db_bind_int(st, 2, r->n);
	db_bind_text(st, 3, r->kind, -1);
	db_bind_text(st, 4, r->area, -1);
	db_bind_text(st, 5, r->text, -1);
	db_bind_text_or_null(st, 6, r->criterion);
	db_bind_text(st, 7, r->made_on, -1);
	db_bind_text(st, 8, r->made_by, -1);
	return db_int(st, 0, id);
}

static const struct db_col reco_cols[] = {
	F(DB_COL_INT64, insp_reco_rec, id), F(DB_COL_INT64, insp_reco_rec, finding),
	F(DB_COL_TEXT, insp_reco_rec, inspection), F(DB_COL_TEXT, insp_reco_rec, text),
	F(DB_COL_TEXT, insp_reco_rec, unit), F(DB_COL_TEXT, insp_reco_rec, due),
	F(DB_COL_TEXT, insp_reco_rec, made_on), F(DB_COL_TEXT, insp_reco_rec, state),
	F(DB_COL_TEXT_NULL, insp_reco_rec, report_date),
	F(DB_COL_TEXT_NULL, insp_reco_rec, report_note),
	F(DB_COL_TEXT_NULL, insp_reco_rec, verified_on),
	F(DB_COL_TEXT_NULL, insp_reco_rec, reject_reason),
};

enum px_err repo_insp_recos(struct db *db, const char *code, struct arena *a,
                            struct insp_reco_rec **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT r.id, r.finding, r.inspection, r.text, u.code, r.due, r.made_on, r.state,"
		" r.report_date, r.report_note, r.verified_on, r.reject_reason"
		" FROM inspection_rec r JOIN unit u ON u.id = r.unit_id"
		" WHERE CAST(?1 AS TEXT) IS NULL OR r.inspection = ?1 ORDER BY r.id");
	db_bind_text(st, 1, code, -1);
	return db_rows(st, a, DB_COLS(reco_cols), sizeof **out, (void **)out, n);
}

enum px_err repo_insp_reco_add(struct db *db, const struct insp_reco_rec *r, int64_t *id)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO inspection_rec(inspection, finding, text, unit_id, due, made_on, state)"
		" SELECT ?1, ?2, ?3, u.id, ?5, ?6, 'open' FROM unit u WHERE u.code = ?4 RETURNING id");
	db_bind_text(st, 1, r->inspection, -1);
	db_bind_int(st, 2, r->finding);
	db_bind_text(st, 3, r->text, -1);
	db_bind_text(st, 4, r->unit, -1);
	db_bind_text(st, 5, r->due, -1);
	db_bind_text(st, 6, r->made_on, -1);
	return db_int(st, 0, id);
}

enum px_err repo_insp_reco_update(struct db *db, const struct insp_reco_rec *r)
{
	struct db_stmt *st = db_prepare(db,
		"UPDATE inspection_rec SET state = ?2, report_date = ?3, report_note = ?4,"
		" verified_on = ?5, reject_reason = ?6 WHERE id = ?1");
	db_bind_int(st, 1, r->id);
	db_bind_text(st, 2, r->state, -1);
	db_bind_text_or_null(st, 3, r->report_date);
	db_bind_text_or_null(st, 4, r->report_note);
	db_bind_text_or_null(st, 5, r->verified_on);
	db_bind_text_or_null(st, 6, r->reject_reason);
	return put(st);
}

enum px_err repo_insp_evidence_add(struct db *db, const char *code, int64_t item_id,
                                   int64_t rec_id, const char *sha256, const char *filename,
                                   const char *at, const char *by, int64_t *id)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO inspection_evidence(inspection, item_id, rec_id, sha256, filename,"
		" uploaded_at, uploaded_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id");
	db_bind_text(st, 1, code, -1);
	if (item_id)
		db_bind_int(st, 2, item_id);
	else
		db_bind_null(st, 2);
	if (rec_id)
		db_bind_int(st, 3, rec_id);
	else
		db_bind_null(st, 3);
	db_bind_text(st, 4, sha256, -1);
	db_bind_text(st, 5, filename, -1);
	db_bind_text(st, 6, at, -1);
	db_bind_text(st, 7, by, -1);
	return db_int(st, 0, id);
}

static const struct db_col evidence_cols[] = {
	F(DB_COL_INT64, insp_evidence_rec, id), F(DB_COL_INT64, insp_evidence_rec, item_id),
	F(DB_COL_INT64, insp_evidence_rec, rec_id), F(DB_COL_INT64, insp_evidence_rec, size),
	F(DB_COL_TEXT, insp_evidence_rec, inspection), F(DB_COL_TEXT, insp_evidence_rec, sha256),
	F(DB_COL_TEXT, insp_evidence_rec, filename),
	F(DB_COL_TEXT, insp_evidence_rec, content_type),
	F(DB_COL_TEXT, insp_evidence_rec, uploaded_at),
	F(DB_COL_TEXT, insp_evidence_rec, uploaded_by),
};

#define EVIDENCE_SELECT                                                                    \
	"SELECT e.id, COALESCE(e.item_id, 0), COALESCE(e.rec_id, 0), b.size, e.inspection,"  \
	" e.sha256, e.filename, b.content_type, e.uploaded_at, e.uploaded_by"                 \
	" FROM inspection_evidence e JOIN evidence_blob b ON b.sha256 = e.sha256"

enum px_err repo_insp_evidence_list(struct db *db, const char *code, struct arena *a,
                                    struct insp_evidence_rec **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, EVIDENCE_SELECT " WHERE e.inspection = ?1 ORDER BY e.id");
	db_bind_text(st, 1, code, -1);
	return db_rows(st, a, DB_COLS(evidence_cols), sizeof **out, (void **)out, n);
}

enum px_err repo_insp_evidence_get(struct db *db, int64_t id, struct arena *a,
                                   struct insp_evidence_rec *out, const void **data)
{
	struct db_stmt *st = db_prepare(db, EVIDENCE_SELECT " WHERE e.id = ?1");
	db_bind_int(st, 1, id);
	struct insp_evidence_rec *v;
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

enum px_err repo_insp_metric_clear(struct db *db, const char *metric)
{
	return db_run(DB_TEXTS(db_prepare(db,
		"DELETE FROM metric_value WHERE metric = ?1 AND source = 'inspection'"), metric));
}
