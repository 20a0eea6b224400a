/*
 * Assessment cycle tables; see repo_cycle.h. Each function is its SQL and
 * little else: the conveniences of db.h (db_text, db_exists, db_changes,
 * db_rows) do the stepping. Puts name the unit by code and answer
 * PX_NOTFOUND when no such unit exists (zero rows changed).
 */
#include "store/repo_cycle.h"
#include "base/arena.h"

#include <stddef.h>
#include <string.h>

/* Runs a put whose rows come from "SELECT ... FROM unit u WHERE u.code =
 * ?": PX_NOTFOUND when it changed nothing. */
static enum px_err put(struct db_stmt *st)
{
	int64_t n;
	enum px_err e = db_changes(st, &n);
	return e == PX_OK && n == 0 ? PX_NOTFOUND : e;
}

/* *out = "" when there is no row: absence is an answer, not an error. */
static enum px_err text_or_empty(struct db_stmt *st, struct arena *a, const char **out)
{
	enum px_err e = db_text(st, a, out);
	return e == PX_NOTFOUND ? PX_OK : e;
}

#define F(type, s, f) {type, offsetof(struct s, f)}

static const struct db_col cycle_cols[] = {
	F(DB_COL_TEXT_NULL, cycle_row, framework), F(DB_COL_TEXT_NULL, cycle_row, phase),
	F(DB_COL_TEXT_NULL, cycle_row, self_until), F(DB_COL_TEXT_NULL, cycle_row, appraisal_until),
	F(DB_COL_TEXT_NULL, cycle_row, reply_until), F(DB_COL_TEXT_NULL, cycle_row, opened_at),
	F(DB_COL_TEXT_NULL, cycle_row, opened_by), F(DB_COL_TEXT_NULL, cycle_row, approved_at),
	F(DB_COL_TEXT_NULL, cycle_row, approved_by), F(DB_COL_DOUBLE, cycle_row, quorum_pct),
};

enum px_err repo_cycle_get(struct db *db, const char *fw, struct arena *a, struct cycle_row *out)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT framework, phase, self_until, appraisal_until, reply_until, opened_at,"
		" opened_by, approved_at, approved_by, quorum_pct FROM cycle WHERE framework = ?1");
	db_bind_text(st, 1, fw, -1);
	struct cycle_row *v;
	size_t n;
	enum px_err e = db_rows(st, a, DB_COLS(cycle_cols), sizeof *v, (void **)&v, &n);
	if (e == PX_OK && n == 0)
		return PX_NOTFOUND;
	if (e == PX_OK)
		*out = v[0];
	return e;
}

struct code_row {
	const char *code;
};
static const struct db_col code_cols[] = {F(DB_COL_TEXT, code_row, code)};

enum px_err repo_cycle_list(struct db *db, struct arena *a, const char ***out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, "SELECT framework FROM cycle ORDER BY framework");
	struct code_row *v;
	enum px_err e = db_rows(st, a, DB_COLS(code_cols), sizeof *v, (void **)&v, n);
	*out = (const char **)v; /* one pointer per row: the same layout */
	return e;
}

enum px_err repo_cycle_insert(struct db *db, const struct cycle_row *c)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO cycle(framework, phase, self_until, appraisal_until, reply_until,"
		" quorum_pct, opened_at, opened_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
	db_bind_text(st, 1, c->framework, -1);
	db_bind_text(st, 2, c->phase, -1);
	db_bind_text(st, 3, c->self_until, -1);
	db_bind_text_or_null(st, 4, c->appraisal_until);
	db_bind_text_or_null(st, 5, c->reply_until);
	db_bind_double(st, 6, c->quorum_pct);
	db_bind_text(st, 7, c->opened_at, -1);
	db_bind_text(st, 8, c->opened_by, -1);
	return db_run(st);
}

enum px_err repo_cycle_set_phase(struct db *db, const char *fw, const char *phase,
                                 const char *approved_at, const char *approved_by)
{
	return put(DB_TEXTS(db_prepare(db,
		"UPDATE cycle SET phase = ?2, approved_at = coalesce(?3, approved_at),"
		" approved_by = coalesce(?4, approved_by) WHERE framework = ?1"),
		fw, phase, approved_at, approved_by));
}

enum px_err repo_extension_put(struct db *db, const char *fw, const char *unit, const char *until,
                               const char *reason, const char *at, const char *by)
{
	return put(DB_TEXTS(db_prepare(db,
		"INSERT INTO cycle_extension(framework, unit_id, until_date, reason, granted_at,"
		" granted_by) SELECT ?1, u.id, ?3, ?4, ?5, ?6 FROM unit u WHERE u.code = ?2"
		" ON CONFLICT(framework, unit_id) DO UPDATE SET until_date = excluded.until_date,"
		" reason = excluded.reason, granted_at = excluded.granted_at,"
		" granted_by = excluded.granted_by"), fw, unit, until, reason, at, by));
}

enum px_err repo_extension_get(struct db *db, const char *fw, const char *unit, struct arena *a,
                               const char **until)
{
	return text_or_empty(DB_TEXTS(db_prepare(db,
		"SELECT x.until_date FROM cycle_extension x JOIN unit u ON u.id = x.unit_id"
		" WHERE x.framework = ?1 AND u.code = ?2"), fw, unit), a, until);
}

enum px_err repo_submission_put(struct db *db, const char *fw, const char *unit, const char *at,
                                const char *by)
{
	return put(DB_TEXTS(db_prepare(db,
		"INSERT INTO submission(framework, unit_id, submitted_at, submitted_by)"
		" SELECT ?1, u.id, ?3, ?4 FROM unit u WHERE u.code = ?2"), fw, unit, at, by));
}

enum px_err repo_submission_get(struct db *db, const char *fw, const char *unit, struct arena *a,
                                const char **at)
{
	return text_or_empty(DB_TEXTS(db_prepare(db,
		"SELECT s.submitted_at FROM submission s JOIN unit u ON u.id = s.unit_id"
		" WHERE s.framework = ?1 AND u.code = ?2"), fw, unit), a, at);
}

enum px_err repo_note_put(struct db *db, const char *fw, const char *unit, const char *criterion,
                          const char *text)
{
	return put(DB_TEXTS(db_prepare(db,
		"INSERT INTO self_note(framework, unit_id, criterion, explanation)"
		" SELECT ?1, u.id, ?3, ?4 FROM unit u WHERE u.code = ?2"
		" ON CONFLICT(framework, unit_id, criterion) DO UPDATE SET"
		" explanation = excluded.explanation"), fw, unit, criterion, text));
}

enum px_err repo_note_get(struct db *db, const char *fw, const char *unit, const char *criterion,
                          struct arena *a, const char **text)
{
	return text_or_empty(DB_TEXTS(db_prepare(db,
		"SELECT n.explanation FROM self_note n JOIN unit u ON u.id = n.unit_id"
		" WHERE n.framework = ?1 AND u.code = ?2 AND n.criterion = ?3"),
		fw, unit, criterion),
		a, text);
}

enum px_err repo_blob_put(struct db *db, const char *sha256, const char *type,
                          const void *data, size_t len, const char *at)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO evidence_blob(sha256, content_type, size, data, created_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(sha256) DO NOTHING");
	db_bind_text(st, 1, sha256, -1);
	db_bind_text(st, 2, type, -1);
	db_bind_int(st, 3, (int64_t)len);
	db_bind_blob(st, 4, data, len);
	db_bind_text(st, 5, at, -1);
	return db_run(st);
}

enum px_err repo_evidence_add(struct db *db, const struct evidence_row *e, int64_t *id)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO evidence(framework, unit_id, criterion, sha256, filename, doc_number,"
		" doc_date, uploaded_at, uploaded_by) SELECT ?1, u.id, ?3, ?4, ?5, ?6, ?7, ?8, ?9"
		" FROM unit u WHERE u.code = ?2 RETURNING id");
	DB_TEXTS(st, e->framework, e->unit, e->criterion, e->sha256, e->filename,
	         e->doc_number ? e->doc_number : "", e->doc_date && *e->doc_date ? e->doc_date : NULL,
	         e->uploaded_at, e->uploaded_by);
	*id = 0;
	enum px_err r = db_int(st, 0, id);
	return r == PX_OK && *id == 0 ? PX_NOTFOUND : r;
}

static const struct db_col evidence_cols[] = {
	F(DB_COL_INT64, evidence_row, id), F(DB_COL_TEXT_NULL, evidence_row, framework),
	F(DB_COL_TEXT_NULL, evidence_row, unit), F(DB_COL_TEXT_NULL, evidence_row, criterion),
	F(DB_COL_TEXT_NULL, evidence_row, sha256), F(DB_COL_TEXT_NULL, evidence_row, filename),
	F(DB_COL_TEXT_NULL, evidence_row, doc_number), F(DB_COL_TEXT_NULL, evidence_row, doc_date),
	F(DB_COL_TEXT_NULL, evidence_row, uploaded_at),
	F(DB_COL_TEXT_NULL, evidence_row, uploaded_by),
	F(DB_COL_TEXT_NULL, evidence_row, content_type), F(DB_COL_INT64, evidence_row, size),
	F(DB_COL_LONG, evidence_row, other_units),
};
#define EVIDENCE_COLS                                                                    \
	"e.id, e.framework, u.code, e.criterion, e.sha256, e.filename, e.doc_number,"     \
	" e.doc_date, e.uploaded_at, e.uploaded_by, b.content_type, b.size,"              \
	" (SELECT count(DISTINCT o.unit_id) FROM evidence o WHERE o.sha256 = e.sha256"   \
	" AND o.unit_id <> e.unit_id)"

enum px_err repo_evidence_list(struct db *db, const char *fw, const char *unit,
                               const char *criterion, struct arena *a,
                               struct evidence_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT " EVIDENCE_COLS " FROM evidence e JOIN unit u ON u.id = e.unit_id"
		" JOIN evidence_blob b ON b.sha256 = e.sha256"
		" WHERE e.framework = ?1 AND u.code = ?2"
		" AND (CAST(?3 AS TEXT) IS NULL OR e.criterion = ?3) ORDER BY e.criterion, e.id");
	DB_TEXTS(st, fw, unit, criterion);
	return db_rows(st, a, DB_COLS(evidence_cols), sizeof **out, (void **)out, n);
}

enum px_err repo_evidence_find(struct db *db, const char *fw, const char *unit,
                               const char *criterion, const char *sha256, int64_t *id)
{
	struct db_stmt *st = DB_TEXTS(db_prepare(db,
		"SELECT e.id FROM evidence e JOIN unit u ON u.id = e.unit_id"
		" WHERE e.framework = ?1 AND u.code = ?2 AND e.criterion = ?3 AND e.sha256 = ?4"
		" ORDER BY e.id LIMIT 1"), fw, unit, criterion, sha256);
	*id = 0;
	enum px_err e = db_int(st, 0, id);
	return e == PX_OK && *id == 0 ? PX_NOTFOUND : e;
}

enum px_err repo_evidence_remove(struct db *db, const char *fw, const char *unit, int64_t id,
                                 struct arena *a, struct evidence_row *out)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT " EVIDENCE_COLS " FROM evidence e JOIN unit u ON u.id = e.unit_id"
		" JOIN evidence_blob b ON b.sha256 = e.sha256"
		" WHERE e.id = ?1 AND e.framework = ?2 AND u.code = ?3");
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, fw, -1);
	db_bind_text(st, 3, unit, -1);
	struct evidence_row *v;
	size_t n;
	enum px_err e = db_rows(st, a, DB_COLS(evidence_cols), sizeof *v, (void **)&v, &n);
	if (e != PX_OK || n == 0)
		return e != PX_OK ? e : PX_NOTFOUND;
	*out = v[0];
	st = db_prepare(db, "DELETE FROM evidence WHERE id = ?1");
	db_bind_int(st, 1, id);
	if ((e = put(st)) != PX_OK)
		return e;
	/* the bytes go too when no other entry (of any unit) uses them */
	return db_run(DB_TEXTS(db_prepare(db,
		"DELETE FROM evidence_blob WHERE sha256 = ?1"
		" AND NOT EXISTS (SELECT 1 FROM evidence o WHERE o.sha256 = ?1)"), out->sha256));
}

enum px_err repo_evidence_get(struct db *db, int64_t id, struct arena *a,
                              struct evidence_row *out, const void **data)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT " EVIDENCE_COLS " FROM evidence e JOIN unit u ON u.id = e.unit_id"
		" JOIN evidence_blob b ON b.sha256 = e.sha256 WHERE e.id = ?1");
	db_bind_int(st, 1, id);
	struct evidence_row *v;
	size_t n;
	enum px_err e = db_rows(st, a, DB_COLS(evidence_cols), sizeof *v, (void **)&v, &n);
	if (e != PX_OK || n == 0)
		return e != PX_OK ? e : PX_NOTFOUND;
	*out = v[0];
	st = db_prepare(db, "SELECT data FROM evidence_blob WHERE sha256 = ?1");
	db_bind_text(st, 1, out->sha256, -1);
	enum db_step r = db_step(st);
	size_t len = 0;
	const void *blob = r == DB_ROW ? db_col_blob(st, 0, &len) : NULL;
	void *copy = arena_alloc(a, len + 1);
	if (len)
		memcpy(copy, blob, len);
	db_done(st);
	*data = copy;
	out->size = (int64_t)len;
	return r == DB_ROW ? PX_OK : PX_FAIL;
}

enum px_err repo_appraiser_put(struct db *db, const char *fw, const char *login, const char *unit,
                               const char *at, const char *by)
{
	return put(DB_TEXTS(db_prepare(db,
		"INSERT INTO appraiser(framework, login, unit_id, assigned_at, assigned_by)"
		" SELECT ?1, ?2, u.id, ?4, ?5 FROM unit u WHERE u.code = ?3"
		" ON CONFLICT(framework, login, unit_id) DO UPDATE SET"
		" assigned_by = appraiser.assigned_by"), fw, login, unit, at, by));
}

enum px_err repo_appraiser_remove(struct db *db, const char *fw, const char *login,
                                  const char *unit)
{
	return put(DB_TEXTS(db_prepare(db,
		"DELETE FROM appraiser WHERE framework = ?1 AND login = ?2"
		" AND unit_id = (SELECT id FROM unit WHERE code = ?3)"), fw, login, unit));
}

enum px_err repo_appraiser_is(struct db *db, const char *fw, const char *login, const char *unit,
                              bool *yes)
{
	return db_exists(DB_TEXTS(db_prepare(db,
		"SELECT 1 FROM appraiser a JOIN unit u ON u.id = a.unit_id"
		" WHERE a.framework = ?1 AND a.login = ?2 AND u.code = ?3"), fw, login, unit), yes);
}

enum px_err repo_appraiser_count(struct db *db, const char *fw, const char *unit, long *n)
{
	int64_t v;
	enum px_err e = db_int(DB_TEXTS(db_prepare(db,
		"SELECT count(*) FROM appraiser a JOIN unit u ON u.id = a.unit_id"
		" WHERE a.framework = ?1 AND u.code = ?2"), fw, unit), 0, &v);
	*n = (long)v;
	return e;
}

static const struct db_col member_cols[] = {
	F(DB_COL_TEXT, member_row, login), F(DB_COL_TEXT, member_row, name),
	F(DB_COL_TEXT, member_row, assigned_at),
};

enum px_err repo_appraiser_list(struct db *db, const char *fw, const char *unit, struct arena *a,
                                struct member_row **out, size_t *n)
{
	struct db_stmt *st = DB_TEXTS(db_prepare(db,
		"SELECT a.login, coalesce(us.name, a.login), a.assigned_at FROM appraiser a"
		" JOIN unit u ON u.id = a.unit_id LEFT JOIN web_user us ON us.login = a.login"
		" WHERE a.framework = ?1 AND u.code = ?2 ORDER BY a.login"), fw, unit);
	return db_rows(st, a, DB_COLS(member_cols), sizeof **out, (void **)out, n);
}

enum px_err repo_proposal_put(struct db *db, const char *fw, const struct proposal_row *p)
{
	struct db_stmt *st = DB_TEXTS(db_prepare(db,
		"INSERT INTO appraisal_proposal(framework, unit_id, criterion, login, points, reason,"
		" proposed_at) SELECT ?1, u.id, ?3, ?4, ?5, ?6, ?7 FROM unit u WHERE u.code = ?2"
		" ON CONFLICT(framework, unit_id, criterion, login) DO UPDATE SET"
		" points = excluded.points, reason = excluded.reason,"
		" proposed_at = excluded.proposed_at"),
		fw, p->unit, p->criterion, p->login, NULL, p->reason, p->at);
	db_bind_double(st, 5, p->points);
	return put(st);
}

static const struct db_col proposal_cols[] = {
	F(DB_COL_TEXT, proposal_row, unit), F(DB_COL_TEXT, proposal_row, criterion),
	F(DB_COL_TEXT, proposal_row, login), F(DB_COL_TEXT, proposal_row, reason),
	F(DB_COL_TEXT, proposal_row, at), F(DB_COL_DOUBLE, proposal_row, points),
};

enum px_err repo_proposal_list(struct db *db, const char *fw, const char *unit,
                               const char *criterion, struct arena *a,
                               struct proposal_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT u.code, p.criterion, p.login, p.reason, p.proposed_at, p.points"
		" FROM appraisal_proposal p JOIN unit u ON u.id = p.unit_id"
		" WHERE p.framework = ?1 AND u.code = ?2"
		" AND (CAST(?3 AS TEXT) IS NULL OR p.criterion = ?3)"
		" ORDER BY p.criterion, p.login");
	DB_TEXTS(st, fw, unit, criterion);
	return db_rows(st, a, DB_COLS(proposal_cols), sizeof **out, (void **)out, n);
}

enum px_err repo_reason_put(struct db *db, const char *fw, const char *unit, const char *criterion,
                            const char *reason, const char *by, long agreeing, long total,
                            const char *at)
{
	struct db_stmt *st = DB_TEXTS(db_prepare(db,
		"INSERT INTO appraisal_reason(framework, unit_id, criterion, reason, decided_by,"
		" members_agreeing, members_total, decided_at)"
		" SELECT ?1, u.id, ?3, ?4, ?5, ?6, ?7, ?8 FROM unit u WHERE u.code = ?2"
		" ON CONFLICT(framework, unit_id, criterion) DO UPDATE SET reason = excluded.reason,"
		" decided_by = excluded.decided_by, members_agreeing = excluded.members_agreeing,"
		" members_total = excluded.members_total, decided_at = excluded.decided_at"),
		fw, unit, criterion, reason, by, NULL, NULL, at);
	db_bind_int(st, 6, agreeing);
	db_bind_int(st, 7, total);
	return put(st);
}

enum px_err repo_reason_get(struct db *db, const char *fw, const char *unit, const char *criterion,
                            struct arena *a, const char **reason)
{
	return text_or_empty(DB_TEXTS(db_prepare(db,
		"SELECT r.reason FROM appraisal_reason r JOIN unit u ON u.id = r.unit_id"
		" WHERE r.framework = ?1 AND u.code = ?2 AND r.criterion = ?3"),
		fw, unit, criterion),
		a, reason);
}

enum px_err repo_reply_put(struct db *db, const char *fw, const struct reply_row *r)
{
	return put(DB_TEXTS(db_prepare(db,
		"INSERT INTO reply(framework, unit_id, criterion, text, replied_at, replied_by)"
		" SELECT ?1, u.id, ?3, ?4, ?5, ?6 FROM unit u WHERE u.code = ?2"
		" ON CONFLICT(framework, unit_id, criterion) DO UPDATE SET text = excluded.text,"
		" replied_at = excluded.replied_at, replied_by = excluded.replied_by"),
		fw, r->unit, r->criterion, r->text, r->replied_at, r->replied_by));
}

enum px_err repo_reply_decide(struct db *db, const char *fw, const char *unit,
                              const char *criterion, const char *decision, const char *reason,
                              const char *at, const char *by)
{
	return put(DB_TEXTS(db_prepare(db,
		"UPDATE reply SET decision = ?4, decision_reason = ?5, decided_at = ?6, decided_by = ?7"
		" WHERE framework = ?1 AND criterion = ?3"
		" AND unit_id = (SELECT id FROM unit WHERE code = ?2)"),
		fw, unit, criterion, decision, reason, at, by));
}

static const struct db_col reply_cols[] = {
	F(DB_COL_TEXT, reply_row, unit), F(DB_COL_TEXT, reply_row, criterion),
	F(DB_COL_TEXT, reply_row, text), F(DB_COL_TEXT, reply_row, replied_at),
	F(DB_COL_TEXT, reply_row, replied_by), F(DB_COL_TEXT_NULL, reply_row, decision),
	F(DB_COL_TEXT_NULL, reply_row, decision_reason),
	F(DB_COL_TEXT_NULL, reply_row, decided_at), F(DB_COL_TEXT_NULL, reply_row, decided_by),
};

enum px_err repo_reply_list(struct db *db, const char *fw, const char *unit, struct arena *a,
                            struct reply_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT u.code, r.criterion, r.text, r.replied_at, r.replied_by, r.decision,"
		" r.decision_reason, r.decided_at, r.decided_by FROM reply r"
		" JOIN unit u ON u.id = r.unit_id WHERE r.framework = ?1"
		" AND (CAST(?2 AS TEXT) IS NULL OR u.code = ?2) ORDER BY u.code, r.criterion");
	db_bind_text(st, 1, fw, -1);
	db_bind_text(st, 2, unit, -1);
	return db_rows(st, a, DB_COLS(reply_cols), sizeof **out, (void **)out, n);
}
