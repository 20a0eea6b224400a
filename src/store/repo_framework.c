/* Frameworks, assessment scores and publications; see repo_framework.h. */
#include "store/repo_framework.h"
#include "base/arena.h"

#include <string.h>

/* Grows an arena array by doubling (the old block stays in the arena). */
enum px_err repo_framework_put(struct db *db, const struct framework_row *f, bool *changed)
{
	struct db_stmt *st = db_prepare(db, "SELECT body FROM framework WHERE code = ?1");
	db_bind_text(st, 1, f->code, -1);
	enum db_step r = db_step(st);
	*changed = !(r == DB_ROW && !strcmp(db_col_text(st, 0), f->body));
	db_done(st);
	if (r == DB_ERROR)
		return PX_FAIL;
	if (!*changed)
		return PX_OK;
	st = db_prepare(db,
		"INSERT INTO framework(code, title, year, groups, body, imported_at, unit_code)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(code) DO UPDATE SET"
		" title = excluded.title, year = excluded.year, groups = excluded.groups,"
		" body = excluded.body, imported_at = excluded.imported_at,"
		" unit_code = excluded.unit_code");
	DB_TEXTS(st, f->code, f->title);
	db_bind_int(st, 3, f->year);
	db_bind_text(st, 4, f->groups, -1);
	db_bind_text(st, 5, f->body, -1);
	db_bind_text(st, 6, f->imported_at, -1);
	db_bind_text_or_null(st, 7, f->unit);
	return db_run(st);
}

enum px_err repo_framework_get(struct db *db, const char *code, struct arena *a,
                               struct framework_row *out)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT code, title, year, groups, body, imported_at, unit_code FROM framework"
		" WHERE code = ?1");
	db_bind_text(st, 1, code, -1);
	enum db_step r = db_step(st);
	if (r == DB_ROW) {
		out->code = arena_strdup(a, db_col_text(st, 0));
		out->title = arena_strdup(a, db_col_text(st, 1));
		out->year = (int)db_col_int(st, 2);
		out->groups = arena_strdup(a, db_col_text(st, 3));
		out->body = arena_strdup(a, db_col_text(st, 4));
		out->imported_at = arena_strdup(a, db_col_text(st, 5));
		out->unit = db_col_null(st, 6) ? NULL : arena_strdup(a, db_col_text(st, 6));
		out->versions = 0;
	}
	db_done(st);
	return r == DB_ROW ? PX_OK : r == DB_DONE ? PX_NOTFOUND : PX_FAIL;
}

enum px_err repo_framework_list(struct db *db, struct arena *a, struct framework_row **out,
                                size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT f.code, f.title, f.year, f.groups, f.imported_at,"
		" (SELECT count(*) FROM publication p WHERE p.framework = f.code), f.unit_code"
		" FROM framework f ORDER BY f.year, f.code");
	struct framework_row *v = NULL;
	size_t cap = 0;
	*n = 0;
	enum db_step r;
	for (r = db_step(st); r == DB_ROW; r = db_step(st)) {
		v = arena_grow(a, v, &cap, *n, sizeof *v);
		struct framework_row *f = &v[(*n)++];
		f->code = arena_strdup(a, db_col_text(st, 0));
		f->title = arena_strdup(a, db_col_text(st, 1));
		f->year = (int)db_col_int(st, 2);
		f->groups = arena_strdup(a, db_col_text(st, 3));
		f->imported_at = arena_strdup(a, db_col_text(st, 4));
		f->versions = (long)db_col_int(st, 5);
		f->unit = db_col_null(st, 6) ? NULL : arena_strdup(a, db_col_text(st, 6));
		f->body = NULL;
	}
	db_done(st);
	*out = v;
	return r == DB_ERROR ? PX_FAIL : PX_OK;
}

static void read_score(struct db_stmt *st, int c, struct score_row *s, struct arena *a)
{
	s->has_self = !db_col_null(st, c);
	s->self = db_col_double(st, c);
	s->has_appraised = !db_col_null(st, c + 1);
	s->appraised = db_col_double(st, c + 1);
	s->note = arena_strdup(a, db_col_text(st, c + 2));
}

enum px_err repo_score_put(struct db *db, const char *framework, const struct score_row *s,
                           const char *actor, const char *at, bool *had_old,
                           struct score_row *old, struct arena *a)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT x.self_points, x.appraised_points, x.note FROM assessment_score x"
		" JOIN unit u ON u.id = x.unit_id"
		" WHERE x.framework = ?1 AND u.code = ?2 AND x.criterion = ?3");
	DB_TEXTS(st, framework, s->unit, s->criterion);
	enum db_step r = db_step(st);
	*had_old = r == DB_ROW;
	if (*had_old)
		read_score(st, 0, old, a);
	db_done(st);
	if (r == DB_ERROR)
		return PX_FAIL;
	st = db_prepare(db,
		"INSERT INTO assessment_score(framework, unit_id, criterion, self_points,"
		" appraised_points, note, updated_at, updated_by)"
		" SELECT ?1, u.id, ?3, ?4, ?5, ?6, ?7, ?8 FROM unit u WHERE u.code = ?2"
		" ON CONFLICT(framework, unit_id, criterion) DO UPDATE SET"
		" self_points = excluded.self_points, appraised_points = excluded.appraised_points,"
		" note = excluded.note, updated_at = excluded.updated_at,"
		" updated_by = excluded.updated_by");
	DB_TEXTS(st, framework, s->unit, s->criterion);
	if (s->has_self)
		db_bind_double(st, 4, s->self);
	else
		db_bind_null(st, 4);
	if (s->has_appraised)
		db_bind_double(st, 5, s->appraised);
	else
		db_bind_null(st, 5);
	db_bind_text(st, 6, s->note ? s->note : "", -1);
	db_bind_text(st, 7, at, -1);
	db_bind_text(st, 8, actor, -1);
	return db_run(st);
}

enum px_err repo_score_list(struct db *db, const char *framework, struct arena *a,
                            struct score_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT u.code, x.criterion, x.self_points, x.appraised_points, x.note"
		" FROM assessment_score x JOIN unit u ON u.id = x.unit_id"
		" WHERE x.framework = ?1 ORDER BY u.code, x.criterion");
	db_bind_text(st, 1, framework, -1);
	struct score_row *v = NULL;
	size_t cap = 0;
	*n = 0;
	enum db_step r;
	for (r = db_step(st); r == DB_ROW; r = db_step(st)) {
		v = arena_grow(a, v, &cap, *n, sizeof *v);
		struct score_row *s = &v[(*n)++];
		s->unit = arena_strdup(a, db_col_text(st, 0));
		s->criterion = arena_strdup(a, db_col_text(st, 1));
		read_score(st, 2, s, a);
	}
	db_done(st);
	*out = v;
	return r == DB_ERROR ? PX_FAIL : PX_OK;
}

enum px_err repo_score_get(struct db *db, const char *framework, const char *unit,
                           const char *criterion, struct arena *a, struct score_row *out)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT x.self_points, x.appraised_points, x.note"
		" FROM assessment_score x JOIN unit u ON u.id = x.unit_id"
		" WHERE x.framework = ?1 AND u.code = ?2 AND x.criterion = ?3");
	DB_TEXTS(st, framework, unit, criterion);
	memset(out, 0, sizeof *out);
	out->unit = unit;
	out->criterion = criterion;
	out->note = "";
	enum db_step r = db_step(st);
	if (r == DB_ROW)
		read_score(st, 0, out, a);
	db_done(st);
	return r == DB_ERROR ? PX_FAIL : PX_OK;
}

enum px_err repo_publication_same(struct db *db, const char *framework, long version,
                                  const char *inputs, const char *results, bool *same)
{
	struct db_stmt *st = DB_TEXTS(db_prepare(db,
		"SELECT 1 FROM publication WHERE framework = ?1 AND inputs = ?2 AND results = ?3"
		" AND version = ?4"), framework, inputs, results);
	db_bind_int(st, 4, version);
	return db_exists(st, same);
}

long repo_publication_latest(struct db *db, const char *framework)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT coalesce(max(version), 0) FROM publication WHERE framework = ?1");
	db_bind_text(st, 1, framework, -1);
	long v = db_step(st) == DB_ROW ? (long)db_col_int(st, 0) : -1;
	db_done(st);
	return v;
}

enum px_err repo_publication_add(struct db *db, const char *framework, long version,
                                 const char *at, const char *by, const char *inputs,
                                 const char *results,
                                 const struct publication_result_row *rows, size_t n)
{
	struct db_stmt *st = DB_TEXTS(db_prepare(db,
		"INSERT INTO publication(framework, published_at, published_by, inputs, results,"
		" version) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"), framework, at, by, inputs, results);
	db_bind_int(st, 6, version);
	if (db_run(st) != PX_OK)
		return PX_FAIL;
	st = db_prepare(db,
		"INSERT INTO publication_result(framework, version, unit_code, unit_name,"
		" rank_in_group, points, max_points, index_pct, grade, status)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
	for (size_t i = 0; i < n; i++) {
		const struct publication_result_row *p = &rows[i];
		db_bind_text(st, 1, framework, -1);
		db_bind_int(st, 2, version);
		db_bind_text(st, 3, p->unit_code, -1);
		db_bind_text(st, 4, p->unit_name, -1);
		if (p->rank)
			db_bind_int(st, 5, p->rank);
		else
			db_bind_null(st, 5);
		db_bind_double(st, 6, p->points);
		db_bind_double(st, 7, p->max);
		if (p->has_index)
			db_bind_double(st, 8, p->index);
		else
			db_bind_null(st, 8);
		db_bind_text(st, 9, p->grade, -1);
		db_bind_text(st, 10, p->status, -1);
		if (db_run(st) != PX_OK)
			return PX_FAIL;
	}
	return PX_OK;
}

enum px_err repo_publication_results(struct db *db, const char *framework, long version,
                                     struct arena *a, struct publication_result_row **out,
                                     size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT unit_code, unit_name, rank_in_group, points, max_points, index_pct, grade,"
		" status FROM publication_result WHERE framework = ?1 AND version = ?2"
		" ORDER BY CASE WHEN rank_in_group IS NULL THEN 1 ELSE 0 END, rank_in_group,"
		" unit_code");
	db_bind_text(st, 1, framework, -1);
	db_bind_int(st, 2, version);
	struct publication_result_row *v = NULL;
	size_t cap = 0;
	*n = 0;
	enum db_step r;
	for (r = db_step(st); r == DB_ROW; r = db_step(st)) {
		v = arena_grow(a, v, &cap, *n, sizeof *v);
		struct publication_result_row *p = &v[(*n)++];
		p->unit_code = arena_strdup(a, db_col_text(st, 0));
		p->unit_name = arena_strdup(a, db_col_text(st, 1));
		p->rank = db_col_null(st, 2) ? 0 : (long)db_col_int(st, 2);
		p->points = db_col_double(st, 3);
		p->max = db_col_double(st, 4);
		p->has_index = !db_col_null(st, 5);
		p->index = db_col_double(st, 5);
		p->grade = db_col_null(st, 6) ? NULL : arena_strdup(a, db_col_text(st, 6));
		p->status = arena_strdup(a, db_col_text(st, 7));
	}
	db_done(st);
	*out = v;
	return r == DB_ERROR ? PX_FAIL : PX_OK;
}

enum px_err repo_publication_info(struct db *db, const char *framework, long version,
                                  struct arena *a, const char **at, const char **by)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT published_at, published_by FROM publication"
		" WHERE framework = ?1 AND version = ?2");
	db_bind_text(st, 1, framework, -1);
	db_bind_int(st, 2, version);
	enum db_step r = db_step(st);
	if (r == DB_ROW) {
		*at = arena_strdup(a, db_col_text(st, 0));
		*by = arena_strdup(a, db_col_text(st, 1));
	}
	db_done(st);
	return r == DB_ROW ? PX_OK : r == DB_DONE ? PX_NOTFOUND : PX_FAIL;
}

enum px_err repo_publication_results_json(struct db *db, const char *framework, long version,
                                          struct arena *a, const char **json)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT results FROM publication WHERE framework = ?1 AND version = ?2");
	db_bind_text(st, 1, framework, -1);
	db_bind_int(st, 2, version);
	enum db_step r = db_step(st);
	if (r == DB_ROW)
		*json = arena_strdup(a, db_col_text(st, 0));
	db_done(st);
	return r == DB_ROW ? PX_OK : r == DB_DONE ? PX_NOTFOUND : PX_FAIL;
}

enum px_err repo_publication_history(struct db *db, const char *unit, struct arena *a,
                                     struct publication_history_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT f.code, f.title, f.groups, f.year, r.version, r.rank_in_group, r.index_pct,"
		" r.grade FROM publication_result r JOIN framework f ON f.code = r.framework"
		" WHERE r.unit_code = ?1 AND r.version = (SELECT max(p.version) FROM publication p"
		" WHERE p.framework = r.framework) ORDER BY f.year, f.code");
	db_bind_text(st, 1, unit, -1);
	struct publication_history_row *v = NULL;
	size_t cap = 0;
	*n = 0;
	enum db_step r;
	for (r = db_step(st); r == DB_ROW; r = db_step(st)) {
		v = arena_grow(a, v, &cap, *n, sizeof *v);
		struct publication_history_row *h = &v[(*n)++];
		h->framework = arena_strdup(a, db_col_text(st, 0));
		h->title = arena_strdup(a, db_col_text(st, 1));
		h->groups = arena_strdup(a, db_col_text(st, 2));
		h->year = (int)db_col_int(st, 3);
		h->version = (long)db_col_int(st, 4);
		h->rank = db_col_null(st, 5) ? 0 : (long)db_col_int(st, 5);
		h->has_index = !db_col_null(st, 6);
		h->index = db_col_double(st, 6);
		h->grade = db_col_null(st, 7) ? NULL : arena_strdup(a, db_col_text(st, 7));
	}
	db_done(st);
	*out = v;
	return r == DB_ERROR ? PX_FAIL : PX_OK;
}
