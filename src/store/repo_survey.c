/* Survey tables; see repo_survey.h. Each function is its SQL. */
#include "store/repo_survey.h"
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

static enum px_err one(enum px_err e, size_t n)
{
	return e == PX_OK && n == 0 ? PX_NOTFOUND : e;
}

enum px_err repo_survey_instrument_put(struct db *db, const struct survey_instrument_rec *r)
{
	return db_run(DB_TEXTS(db_prepare(db,
		"INSERT INTO survey_instrument(code, title, body, imported_at) VALUES (?1, ?2, ?3, ?4)"
		" ON CONFLICT(code) DO UPDATE SET title = excluded.title, body = excluded.body,"
		" imported_at = excluded.imported_at"), r->code, r->title, r->body, r->imported_at));
}

static const struct db_col instrument_cols[] = {
	F(DB_COL_TEXT, survey_instrument_rec, code), F(DB_COL_TEXT, survey_instrument_rec, title),
	F(DB_COL_TEXT, survey_instrument_rec, body),
	F(DB_COL_TEXT, survey_instrument_rec, imported_at),
	F(DB_COL_LONG, survey_instrument_rec, campaigns),
};

#define INSTRUMENT_SELECT                                                            \
	"SELECT i.code, i.title, i.body, i.imported_at,"                              \
	" (SELECT count(*) FROM survey_campaign c WHERE c.instrument = i.code)"        \
	" FROM survey_instrument i"

enum px_err repo_survey_instrument_get(struct db *db, const char *code, struct arena *a,
                                       struct survey_instrument_rec *out)
{
	struct survey_instrument_rec *v;
	size_t n;
	enum px_err e = db_rows(DB_TEXTS(db_prepare(db, INSTRUMENT_SELECT " WHERE i.code = ?1"), code),
	                        a, DB_COLS(instrument_cols), sizeof *v, (void **)&v, &n);
	if (e == PX_OK && n)
		*out = v[0];
	return one(e, n);
}

enum px_err repo_survey_instrument_list(struct db *db, struct arena *a,
                                        struct survey_instrument_rec **out, size_t *n)
{
	return db_rows(db_prepare(db, INSTRUMENT_SELECT " ORDER BY i.code"), a,
	               DB_COLS(instrument_cols), sizeof **out, (void **)out, n);
}

enum px_err repo_survey_campaign_add(struct db *db, const struct survey_campaign_rec *r)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO survey_campaign(code, instrument, period, state, codes, margins, opened_at,"
		" opened_by) VALUES (?1, ?2, ?3, ?4, ?5, NULL, ?6, ?7)");
	db_bind_text(st, 1, r->code, -1);
	db_bind_text(st, 2, r->instrument, -1);
	db_bind_text(st, 3, r->period, -1);
	db_bind_text(st, 4, r->state, -1);
	db_bind_int(st, 5, r->codes);
	db_bind_text(st, 6, r->opened_at, -1);
	db_bind_text(st, 7, r->opened_by, -1);
	return db_run(st);
}

static const struct db_col campaign_cols[] = {
	F(DB_COL_TEXT, survey_campaign_rec, code), F(DB_COL_TEXT, survey_campaign_rec, instrument),
	F(DB_COL_TEXT, survey_campaign_rec, period), F(DB_COL_TEXT, survey_campaign_rec, state),
	F(DB_COL_TEXT_NULL, survey_campaign_rec, margins), F(DB_COL_LONG, survey_campaign_rec, codes),
	F(DB_COL_LONG, survey_campaign_rec, responses), F(DB_COL_LONG, survey_campaign_rec, units),
	F(DB_COL_TEXT, survey_campaign_rec, opened_at), F(DB_COL_TEXT, survey_campaign_rec, opened_by),
	F(DB_COL_TEXT_NULL, survey_campaign_rec, closed_at),
};

#define CAMPAIGN_SELECT                                                                 \
	"SELECT c.code, c.instrument, c.period, c.state, c.margins, c.codes,"            \
	" (SELECT count(*) FROM survey_response r WHERE r.campaign = c.code),"            \
	" (SELECT count(*) FROM survey_unit u WHERE u.campaign = c.code),"                \
	" c.opened_at, c.opened_by, c.closed_at FROM survey_campaign c"

enum px_err repo_survey_campaign_get(struct db *db, const char *code, struct arena *a,
                                     struct survey_campaign_rec *out)
{
	struct survey_campaign_rec *v;
	size_t n;
	enum px_err e = db_rows(DB_TEXTS(db_prepare(db, CAMPAIGN_SELECT " WHERE c.code = ?1"), code),
	                        a, DB_COLS(campaign_cols), sizeof *v, (void **)&v, &n);
	if (e == PX_OK && n)
		*out = v[0];
	return one(e, n);
}

enum px_err repo_survey_campaign_list(struct db *db, struct arena *a,
                                      struct survey_campaign_rec **out, size_t *n)
{
	return db_rows(db_prepare(db, CAMPAIGN_SELECT " ORDER BY c.code"), a,
	               DB_COLS(campaign_cols), sizeof **out, (void **)out, n);
}

enum px_err repo_survey_campaign_set_state(struct db *db, const char *code, const char *state,
                                           const char *closed_at)
{
	return put(DB_TEXTS(db_prepare(db,
		"UPDATE survey_campaign SET state = ?2, closed_at = ?3 WHERE code = ?1"), code, state,
		closed_at));
}

enum px_err repo_survey_campaign_set_margins(struct db *db, const char *code,
                                             const char *margins)
{
	return put(DB_TEXTS(db_prepare(db,
		"UPDATE survey_campaign SET margins = ?2 WHERE code = ?1"), code, margins));
}

enum px_err repo_survey_unit_add(struct db *db, const char *campaign, const char *unit,
                                 long quota)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO survey_unit(campaign, unit_id, quota) SELECT ?1, u.id, ?3 FROM unit u"
		" WHERE u.code = ?2");
	db_bind_text(st, 1, campaign, -1);
	db_bind_text(st, 2, unit, -1);
	if (quota >= 0)
		db_bind_int(st, 3, quota);
	else
		db_bind_null(st, 3);
	return put(st);
}

static const struct db_col unit_cols[] = {
	F(DB_COL_TEXT, survey_unit_rec, unit), F(DB_COL_NOTNULL, survey_unit_rec, has_quota),
	F(DB_COL_LONG, survey_unit_rec, quota), F(DB_COL_LONG, survey_unit_rec, responses),
};

enum px_err repo_survey_units(struct db *db, const char *campaign, struct arena *a,
                              struct survey_unit_rec **out, size_t *n)
{
	return db_rows(DB_TEXTS(db_prepare(db,
		"SELECT u.code, s.quota, s.quota, (SELECT count(*) FROM survey_response r"
		" WHERE r.campaign = s.campaign AND r.unit_id = s.unit_id)"
		" FROM survey_unit s JOIN unit u ON u.id = s.unit_id WHERE s.campaign = ?1"
		" ORDER BY u.code"), campaign), a, DB_COLS(unit_cols), sizeof **out, (void **)out, n);
}

enum px_err repo_survey_code_add(struct db *db, const char *campaign, const char *unit,
                                 const char *code)
{
	return put(DB_TEXTS(db_prepare(db,
		"INSERT INTO survey_code(campaign, code, unit_id) SELECT ?1, ?3, u.id FROM unit u"
		" WHERE u.code = ?2"), campaign, unit, code));
}

static const struct db_col code_cols[] = {
	F(DB_COL_TEXT, survey_code_rec, unit), F(DB_COL_TEXT, survey_code_rec, code),
	F(DB_COL_TEXT_NULL, survey_code_rec, used_at),
};

enum px_err repo_survey_codes(struct db *db, const char *campaign, const char *unit,
                              struct arena *a, struct survey_code_rec **out, size_t *n)
{
	return db_rows(DB_TEXTS(db_prepare(db,
		"SELECT u.code, c.code, c.used_at FROM survey_code c JOIN unit u ON u.id = c.unit_id"
		" WHERE c.campaign = ?1 AND (CAST(?2 AS TEXT) IS NULL OR u.code = ?2)"
		" ORDER BY u.code, c.code"), campaign, unit), a, DB_COLS(code_cols), sizeof **out,
		(void **)out, n);
}

enum px_err repo_survey_code_use(struct db *db, const char *campaign, const char *unit,
                                 const char *code, const char *at, bool *used_now)
{
	int64_t n = 0;
	enum px_err e = db_changes(DB_TEXTS(db_prepare(db,
		"UPDATE survey_code SET used_at = ?4 WHERE campaign = ?1 AND code = ?3"
		" AND used_at IS NULL AND unit_id = (SELECT id FROM unit WHERE code = ?2)"),
		campaign, unit, code, at), &n);
	*used_now = n > 0;
	return e;
}

enum px_err repo_survey_respondent_exists(struct db *db, const char *campaign,
                                          const char *respondent, bool *yes)
{
	return db_exists(DB_TEXTS(db_prepare(db,
		"SELECT 1 FROM survey_response WHERE campaign = ?1 AND respondent = ?2"), campaign,
		respondent), yes);
}

enum px_err repo_survey_response_add(struct db *db, const char *campaign,
                                     const struct survey_response_rec *r, int64_t *id)
{
	return put(DB_TEXTS(db_prepare(db,
		"INSERT INTO survey_response(campaign, respondent, unit_id, source, answers, received_at)"
		" SELECT ?1, ?2, u.id, ?4, ?5, ?6 FROM unit u WHERE u.code = ?3"), campaign,
		r->respondent, r->unit, r->source, r->answers, r->received_at)) == PX_OK
		? (id ? (*id = 0, PX_OK) : PX_OK) : PX_FAIL;
}

static const struct db_col response_cols[] = {
	F(DB_COL_INT64, survey_response_rec, id), F(DB_COL_TEXT, survey_response_rec, respondent),
	F(DB_COL_TEXT, survey_response_rec, unit), F(DB_COL_TEXT, survey_response_rec, source),
	F(DB_COL_TEXT, survey_response_rec, answers),
	F(DB_COL_TEXT, survey_response_rec, received_at),
};

enum px_err repo_survey_responses(struct db *db, const char *campaign, struct arena *a,
                                  struct survey_response_rec **out, size_t *n)
{
	return db_rows(DB_TEXTS(db_prepare(db,
		"SELECT r.id, r.respondent, u.code, r.source, r.answers, r.received_at"
		" FROM survey_response r JOIN unit u ON u.id = r.unit_id WHERE r.campaign = ?1"
		" ORDER BY u.code, r.id"), campaign), a, DB_COLS(response_cols), sizeof **out,
		(void **)out, n);
}

enum px_err repo_survey_metric_clear(struct db *db, const char *source_prefix)
{
	return db_run(DB_TEXTS(db_prepare(db,
		"DELETE FROM metric_value WHERE substr(source, 1, length(?1)) = ?1"), source_prefix));
}
