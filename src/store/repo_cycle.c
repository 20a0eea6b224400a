/* Assessment cycle tables; see repo_cycle.h. */
#include "store/repo_cycle.h"
#include "base/arena.h"

#include <string.h>

static const char *col(struct db_stmt *st, int c, struct arena *a)
{
	return db_col_null(st, c) ? NULL : arena_strdup(a, db_col_text(st, c));
}

/* Runs a one-row, one-text-column query with up to three text binds;
 * *out = "" when there is no row. */
static enum px_err one_text(struct db *db, const char *sql, const char *b1, const char *b2,
                            const char *b3, struct arena *a, const char **out)
{
	struct db_stmt *st = db_prepare(db, sql);
	const char *b[3] = {b1, b2, b3};
	for (int i = 0; i < 3 && b[i]; i++)
		db_bind_text(st, i + 1, b[i], -1);
	enum db_step r = db_step(st);
	*out = r == DB_ROW ? arena_strdup(a, db_col_text(st, 0)) : "";
	db_done(st);
	return r == DB_ERROR ? PX_FAIL : PX_OK;
}

enum px_err repo_cycle_get(struct db *db, const char *fw, struct arena *a, struct cycle_row *out)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT framework, phase, self_until, appraisal_until, reply_until, opened_at,"
		" opened_by, approved_at, approved_by, quorum_pct FROM cycle WHERE framework = ?1");
	db_bind_text(st, 1, fw, -1);
	enum db_step r = db_step(st);
	if (r == DB_ROW) {
		out->framework = col(st, 0, a);
		out->phase = col(st, 1, a);
		out->self_until = col(st, 2, a);
		out->appraisal_until = col(st, 3, a);
		out->reply_until = col(st, 4, a);
		out->opened_at = col(st, 5, a);
		out->opened_by = col(st, 6, a);
		out->approved_at = col(st, 7, a);
		out->approved_by = col(st, 8, a);
		out->quorum_pct = db_col_double(st, 9);
	}
	db_done(st);
	return r == DB_ROW ? PX_OK : r == DB_DONE ? PX_NOTFOUND : PX_FAIL;
}

enum px_err repo_cycle_list(struct db *db, struct arena *a, const char ***out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, "SELECT framework FROM cycle ORDER BY framework");
	const char **v = NULL;
	size_t cap = 0;
	*n = 0;
	enum db_step r;
	while ((r = db_step(st)) == DB_ROW) {
		v = arena_grow(a, v, &cap, *n, sizeof *v);
		v[(*n)++] = arena_strdup(a, db_col_text(st, 0));
	}
	db_done(st);
	*out = v;
	return r == DB_ERROR ? PX_FAIL : PX_OK;
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
	struct db_stmt *st = db_prepare(db,
		"UPDATE cycle SET phase = ?2, approved_at = coalesce(?3, approved_at),"
		" approved_by = coalesce(?4, approved_by) WHERE framework = ?1");
	db_bind_text(st, 1, fw, -1);
	db_bind_text(st, 2, phase, -1);
	db_bind_text(st, 3, approved_at, -1);
	db_bind_text(st, 4, approved_by, -1);
	return db_run(st);
}

enum px_err repo_extension_put(struct db *db, const char *fw, const char *unit, const char *until,
                               const char *reason, const char *at, const char *by)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO cycle_extension(framework, unit_id, until_date, reason, granted_at,"
		" granted_by) SELECT ?1, u.id, ?3, ?4, ?5, ?6 FROM unit u WHERE u.code = ?2"
		" ON CONFLICT(framework, unit_id) DO UPDATE SET until_date = excluded.until_date,"
		" reason = excluded.reason, granted_at = excluded.granted_at,"
		" granted_by = excluded.granted_by");
	db_bind_text(st, 1, fw, -1);
	db_bind_text(st, 2, unit, -1);
	db_bind_text(st, 3, until, -1);
	db_bind_text(st, 4, reason, -1);
	db_bind_text(st, 5, at, -1);
	db_bind_text(st, 6, by, -1);
	return db_run(st);
}

enum px_err repo_extension_get(struct db *db, const char *fw, const char *unit, struct arena *a,
                               const char **until)
{
	return one_text(db,
		"SELECT x.until_date FROM cycle_extension x JOIN unit u ON u.id = x.unit_id"
		" WHERE x.framework = ?1 AND u.code = ?2", fw, unit, NULL, a, until);
}

enum px_err repo_extension_latest(struct db *db, const char *fw, struct arena *a,
                                  const char **until)
{
	return one_text(db,
		"SELECT max(until_date) FROM cycle_extension WHERE framework = ?1 HAVING count(*) > 0",
		fw, NULL, NULL, a, until);
}

enum px_err repo_submission_put(struct db *db, const char *fw, const char *unit, const char *at,
                                const char *by)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO submission(framework, unit_id, submitted_at, submitted_by)"
		" SELECT ?1, u.id, ?3, ?4 FROM unit u WHERE u.code = ?2");
	db_bind_text(st, 1, fw, -1);
	db_bind_text(st, 2, unit, -1);
	db_bind_text(st, 3, at, -1);
	db_bind_text(st, 4, by, -1);
	return db_run(st);
}

enum px_err repo_submission_get(struct db *db, const char *fw, const char *unit, struct arena *a,
                                const char **at)
{
	return one_text(db,
		"SELECT s.submitted_at FROM submission s JOIN unit u ON u.id = s.unit_id"
		" WHERE s.framework = ?1 AND u.code = ?2", fw, unit, NULL, a, at);
}

enum px_err repo_note_put(struct db *db, const char *fw, const char *unit, const char *criterion,
                          const char *text)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO self_note(framework, unit_id, criterion, explanation)"
		" SELECT ?1, u.id, ?3, ?4 FROM unit u WHERE u.code = ?2"
		" ON CONFLICT(framework, unit_id, criterion) DO UPDATE SET"
		" explanation = excluded.explanation");
	db_bind_text(st, 1, fw, -1);
	db_bind_text(st, 2, unit, -1);
	db_bind_text(st, 3, criterion, -1);
	db_bind_text(st, 4, text, -1);
	return db_run(st);
}

enum px_err repo_note_get(struct db *db, const char *fw, const char *unit, const char *criterion,
                          struct arena *a, const char **text)
{
	return one_text(db,
		"SELECT n.explanation FROM self_note n JOIN unit u ON u.id = n.unit_id"
		" WHERE n.framework = ?1 AND u.code = ?2 AND n.criterion = ?3", fw, unit, criterion,
		a, text);
}

enum px_err repo_blob_put(struct db *db, const char *sha256, const char *type,
                          const void *data, size_t len, const char *at)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM evidence_blob WHERE sha256 = ?1");
	db_bind_text(st, 1, sha256, -1);
	enum db_step r = db_step(st);
	db_done(st);
	if (r != DB_DONE)
		return r == DB_ROW ? PX_OK : PX_FAIL;
	st = db_prepare(db,
		"INSERT INTO evidence_blob(sha256, content_type, size, data, created_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5)");
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
	db_bind_text(st, 1, e->framework, -1);
	db_bind_text(st, 2, e->unit, -1);
	db_bind_text(st, 3, e->criterion, -1);
	db_bind_text(st, 4, e->sha256, -1);
	db_bind_text(st, 5, e->filename, -1);
	db_bind_text(st, 6, e->doc_number ? e->doc_number : "", -1);
	db_bind_text_or_null(st, 7, e->doc_date);
	db_bind_text(st, 8, e->uploaded_at, -1);
	db_bind_text(st, 9, e->uploaded_by, -1);
	enum db_step r = db_step(st);
	if (r == DB_ROW)
		*id = db_col_int(st, 0);
	if (r == DB_ROW)
		r = db_step(st);
	db_done(st);
	return r == DB_DONE ? PX_OK : PX_FAIL;
}

static void read_evidence(struct db_stmt *st, struct arena *a, struct evidence_row *e)
{
	e->id = db_col_int(st, 0);
	e->framework = col(st, 1, a);
	e->unit = col(st, 2, a);
	e->criterion = col(st, 3, a);
	e->sha256 = col(st, 4, a);
	e->filename = col(st, 5, a);
	e->doc_number = col(st, 6, a);
	e->doc_date = col(st, 7, a);
	e->uploaded_at = col(st, 8, a);
	e->uploaded_by = col(st, 9, a);
	e->content_type = col(st, 10, a);
	e->size = db_col_int(st, 11);
	e->other_units = (long)db_col_int(st, 12);
}

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
	db_bind_text(st, 1, fw, -1);
	db_bind_text(st, 2, unit, -1);
	db_bind_text(st, 3, criterion, -1);
	struct evidence_row *v = NULL;
	size_t cap = 0;
	*n = 0;
	enum db_step r;
	while ((r = db_step(st)) == DB_ROW) {
		v = arena_grow(a, v, &cap, *n, sizeof *v);
		read_evidence(st, a, &v[(*n)++]);
	}
	db_done(st);
	*out = v;
	return r == DB_ERROR ? PX_FAIL : PX_OK;
}

enum px_err repo_evidence_get(struct db *db, int64_t id, struct arena *a,
                              struct evidence_row *out, const void **data)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT " EVIDENCE_COLS ", b.data FROM evidence e JOIN unit u ON u.id = e.unit_id"
		" JOIN evidence_blob b ON b.sha256 = e.sha256 WHERE e.id = ?1");
	db_bind_int(st, 1, id);
	enum db_step r = db_step(st);
	if (r == DB_ROW) {
		read_evidence(st, a, out);
		size_t len;
		const void *blob = db_col_blob(st, 13, &len);
		void *copy = arena_alloc(a, len + 1);
		if (len)
			memcpy(copy, blob, len);
		*data = copy;
		out->size = (int64_t)len;
	}
	db_done(st);
	return r == DB_ROW ? PX_OK : r == DB_DONE ? PX_NOTFOUND : PX_FAIL;
}

enum px_err repo_appraiser_put(struct db *db, const char *fw, const char *login, const char *unit,
                               const char *at, const char *by)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO appraiser(framework, login, unit_id, assigned_at, assigned_by)"
		" SELECT ?1, ?2, u.id, ?4, ?5 FROM unit u WHERE u.code = ?3"
		" ON CONFLICT(framework, login, unit_id) DO NOTHING");
	db_bind_text(st, 1, fw, -1);
	db_bind_text(st, 2, login, -1);
	db_bind_text(st, 3, unit, -1);
	db_bind_text(st, 4, at, -1);
	db_bind_text(st, 5, by, -1);
	return db_run(st);
}

enum px_err repo_appraiser_is(struct db *db, const char *fw, const char *login, const char *unit,
                              bool *yes)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT 1 FROM appraiser a JOIN unit u ON u.id = a.unit_id"
		" WHERE a.framework = ?1 AND a.login = ?2 AND u.code = ?3");
	db_bind_text(st, 1, fw, -1);
	db_bind_text(st, 2, login, -1);
	db_bind_text(st, 3, unit, -1);
	enum db_step r = db_step(st);
	*yes = r == DB_ROW;
	db_done(st);
	return r == DB_ERROR ? PX_FAIL : PX_OK;
}

enum px_err repo_appraiser_count(struct db *db, const char *fw, const char *unit, long *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT count(*) FROM appraiser a JOIN unit u ON u.id = a.unit_id"
		" WHERE a.framework = ?1 AND u.code = ?2");
	db_bind_text(st, 1, fw, -1);
	db_bind_text(st, 2, unit, -1);
	enum db_step r = db_step(st);
	*n = r == DB_ROW ? (long)db_col_int(st, 0) : 0;
	db_done(st);
	return r == DB_ROW ? PX_OK : PX_FAIL;
}

enum px_err repo_appraiser_units(struct db *db, const char *fw, const char *login,
                                 struct arena *a, const char ***units, size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT DISTINCT u.code FROM appraiser a JOIN unit u ON u.id = a.unit_id"
		" WHERE a.framework = ?1 AND (?2 = '' OR a.login = ?2) ORDER BY u.code");
	db_bind_text(st, 1, fw, -1);
	db_bind_text(st, 2, login, -1);
	const char **v = NULL;
	size_t cap = 0;
	*n = 0;
	enum db_step r;
	while ((r = db_step(st)) == DB_ROW) {
		v = arena_grow(a, v, &cap, *n, sizeof *v);
		v[(*n)++] = arena_strdup(a, db_col_text(st, 0));
	}
	db_done(st);
	*units = v;
	return r == DB_ERROR ? PX_FAIL : PX_OK;
}

enum px_err repo_proposal_put(struct db *db, const char *fw, const struct proposal_row *p)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO appraisal_proposal(framework, unit_id, criterion, login, points, reason,"
		" proposed_at) SELECT ?1, u.id, ?3, ?4, ?5, ?6, ?7 FROM unit u WHERE u.code = ?2"
		" ON CONFLICT(framework, unit_id, criterion, login) DO UPDATE SET"
		" points = excluded.points, reason = excluded.reason,"
		" proposed_at = excluded.proposed_at");
	db_bind_text(st, 1, fw, -1);
	db_bind_text(st, 2, p->unit, -1);
	db_bind_text(st, 3, p->criterion, -1);
	db_bind_text(st, 4, p->login, -1);
	db_bind_double(st, 5, p->points);
	db_bind_text(st, 6, p->reason, -1);
	db_bind_text(st, 7, p->at, -1);
	return db_run(st);
}

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
	db_bind_text(st, 1, fw, -1);
	db_bind_text(st, 2, unit, -1);
	db_bind_text(st, 3, criterion, -1);
	struct proposal_row *v = NULL;
	size_t cap = 0;
	*n = 0;
	enum db_step r;
	while ((r = db_step(st)) == DB_ROW) {
		v = arena_grow(a, v, &cap, *n, sizeof *v);
		struct proposal_row *p = &v[(*n)++];
		p->unit = col(st, 0, a);
		p->criterion = col(st, 1, a);
		p->login = col(st, 2, a);
		p->reason = col(st, 3, a);
		p->at = col(st, 4, a);
		p->points = db_col_double(st, 5);
	}
	db_done(st);
	*out = v;
	return r == DB_ERROR ? PX_FAIL : PX_OK;
}

enum px_err repo_reason_put(struct db *db, const char *fw, const char *unit, const char *criterion,
                            const char *reason, const char *by, long agreeing, long total,
                            const char *at)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO appraisal_reason(framework, unit_id, criterion, reason, decided_by,"
		" members_agreeing, members_total, decided_at)"
		" SELECT ?1, u.id, ?3, ?4, ?5, ?6, ?7, ?8 FROM unit u WHERE u.code = ?2"
		" ON CONFLICT(framework, unit_id, criterion) DO UPDATE SET reason = excluded.reason,"
		" decided_by = excluded.decided_by, members_agreeing = excluded.members_agreeing,"
		" members_total = excluded.members_total, decided_at = excluded.decided_at");
	db_bind_text(st, 1, fw, -1);
	db_bind_text(st, 2, unit, -1);
	db_bind_text(st, 3, criterion, -1);
	db_bind_text(st, 4, reason, -1);
	db_bind_text(st, 5, by, -1);
	db_bind_int(st, 6, agreeing);
	db_bind_int(st, 7, total);
	db_bind_text(st, 8, at, -1);
	return db_run(st);
}

enum px_err repo_reason_get(struct db *db, const char *fw, const char *unit, const char *criterion,
                            struct arena *a, const char **reason)
{
	return one_text(db,
		"SELECT r.reason FROM appraisal_reason r JOIN unit u ON u.id = r.unit_id"
		" WHERE r.framework = ?1 AND u.code = ?2 AND r.criterion = ?3", fw, unit, criterion,
		a, reason);
}

enum px_err repo_reply_put(struct db *db, const char *fw, const struct reply_row *r)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO reply(framework, unit_id, criterion, text, replied_at, replied_by)"
		" SELECT ?1, u.id, ?3, ?4, ?5, ?6 FROM unit u WHERE u.code = ?2"
		" ON CONFLICT(framework, unit_id, criterion) DO UPDATE SET text = excluded.text,"
		" replied_at = excluded.replied_at, replied_by = excluded.replied_by");
	db_bind_text(st, 1, fw, -1);
	db_bind_text(st, 2, r->unit, -1);
	db_bind_text(st, 3, r->criterion, -1);
	db_bind_text(st, 4, r->text, -1);
	db_bind_text(st, 5, r->replied_at, -1);
	db_bind_text(st, 6, r->replied_by, -1);
	return db_run(st);
}

enum px_err repo_reply_decide(struct db *db, const char *fw, const char *unit,
                              const char *criterion, const char *decision, const char *reason,
                              const char *at, const char *by)
{
	struct db_stmt *st = db_prepare(db,
		"UPDATE reply SET decision = ?4, decision_reason = ?5, decided_at = ?6, decided_by = ?7"
		" WHERE framework = ?1 AND criterion = ?3"
		" AND unit_id = (SELECT id FROM unit WHERE code = ?2)");
	db_bind_text(st, 1, fw, -1);
	db_bind_text(st, 2, unit, -1);
	db_bind_text(st, 3, criterion, -1);
	db_bind_text(st, 4, decision, -1);
	db_bind_text(st, 5, reason, -1);
	db_bind_text(st, 6, at, -1);
	db_bind_text(st, 7, by, -1);
	return db_run(st);
}

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
	struct reply_row *v = NULL;
	size_t cap = 0;
	*n = 0;
	enum db_step r;
	while ((r = db_step(st)) == DB_ROW) {
		v = arena_grow(a, v, &cap, *n, sizeof *v);
		struct reply_row *x = &v[(*n)++];
		x->unit = col(st, 0, a);
		x->criterion = col(st, 1, a);
		x->text = col(st, 2, a);
		x->replied_at = col(st, 3, a);
		x->replied_by = col(st, 4, a);
		x->decision = col(st, 5, a);
		x->decision_reason = col(st, 6, a);
		x->decided_at = col(st, 7, a);
		x->decided_by = col(st, 8, a);
	}
	db_done(st);
	*out = v;
	return r == DB_ERROR ? PX_FAIL : PX_OK;
}

enum px_err repo_audit_history(struct db *db, const char *key, struct arena *a,
                               struct history_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT at, actor, action, detail FROM audit_log WHERE entity_key = ?1 ORDER BY seq");
	db_bind_text(st, 1, key, -1);
	struct history_row *v = NULL;
	size_t cap = 0;
	*n = 0;
	enum db_step r;
	while ((r = db_step(st)) == DB_ROW) {
		v = arena_grow(a, v, &cap, *n, sizeof *v);
		struct history_row *h = &v[(*n)++];
		h->at = col(st, 0, a);
		h->actor = col(st, 1, a);
		h->action = col(st, 2, a);
		h->detail = col(st, 3, a);
	}
	db_done(st);
	*out = v;
	return r == DB_ERROR ? PX_FAIL : PX_OK;
}
