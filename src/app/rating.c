/*
 * Citizen ratings of dossiers; see app/rating.h and
 * docs/internals/group-commit.md.
 *
 * Audit: one entry per committed batch (action "rate", entity
 * "dossier_rating"), listing every dossier rated in it with the new and
 * the previous rating (the comment's length only: it is a citizen's free
 * text). An entry per rating would make the hash chain, whose every
 * append reads and hashes the head, the serial bottleneck of the batch;
 * one per batch keeps every change recorded at the cost of one append
 * per fsync.
 */
#include "app/rating.h"
#include "app/dossier_impl.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/datetime.h"
#include "base/log.h"
#include "base/map.h"
#include "base/str.h"
#include "base/utf8.h"
#include "core/dossier.h"
#include "store/group_commit.h"
#include "store/repo_audit.h"
#include "store/repo_dossier.h"

#include <pthread.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static enum px_err db_error(struct app *app, struct diags *d)
{
	diag_err(d, NULL, 0, 0, "lỗi CSDL: %s", "database error: %s", db_errmsg(app->db));
	return PX_FAIL;
}

static enum px_err bad_field(struct diags *d, const char *field, const char *vi, const char *en)
{
	diag_text(d, DIAG_ERROR, NULL, 0, 0, field, vi, en);
	return PX_BADINPUT;
}

/* ---- tokens ---- */

/* "pxr_" + 43 base64url characters: 256 bits from randombytes. */
static const char *new_token(struct arena *a)
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	char b64[64];
	sodium_bin2base64(b64, sizeof b64, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
	return arena_printf(a, "%s%s", RATING_TOKEN_PREFIX, b64);
}

/* Characters (code points) of valid UTF-8. */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

static bool token_shape_ok(const char *t)
{
	size_t pl = strlen(RATING_TOKEN_PREFIX);
	if (!t || strncmp(t, RATING_TOKEN_PREFIX, pl) || strlen(t) != pl + 43)
		return false;
	for (const char *p = t + pl; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return false;
	return true;
}

/* The instants of a local month as stored (ISO UTC text). */
static bool month_range(struct app *app, const char *month, const char **from, const char **until)
{
	int32_t m;
	if (!month || !dossier_month_parse(month, strlen(month), &m))
		return false;
	int y = m / 12, mo = m % 12 + 1;
	char a[21], b[21];
	repo_dossier_instant(datetime_from_local_date(date_from_ymd(y, mo, 1)), a);
	repo_dossier_instant(dossier_month_end(m), b);
	*from = arena_printf(app->arena, "%s", a);
	*until = arena_printf(app->arena, "%s", b);
	return true;
}

static bool office_over(const struct actor *who, const char *unit)
{
	return app_grant_covers(who, CAP_OFFICE, unit, NULL);
}

enum px_err app_rating_tokens(struct app *app, const struct actor *who, const char *unit,
                              const char *month, const char *dossier, bool create,
                              struct rating_token_rec **out, size_t *n, struct diags *d)
{
	*out = NULL;
	*n = 0;
	const char *from = NULL, *until = NULL;
	enum px_err e = PX_OK;
	struct rating_token_rec one;
	if (dossier && *dossier) {
		e = repo_rating_token_of(app->db, dossier, app->arena, &one);
		if (e == PX_NOTFOUND) {
			diag_err(d, NULL, 0, 0, "không có hồ sơ đã giải quyết mã %s",
			         "no finished dossier %s", dossier);
			return e;
		}
		if (e != PX_OK)
			return db_error(app, d);
		/* the dossier's unit decides who may print it */
		const char *u = NULL;
		e = db_text(DB_TEXTS(db_prepare(app->db, "SELECT unit_code FROM dossier WHERE code = ?1"),
		                     dossier), app->arena, &u);
		if (e != PX_OK)
			return db_error(app, d);
		unit = u;
	} else {
		if (!unit || !*unit)
			return bad_field(d, "unit", "cần mã đơn vị (--unit)", "a unit code is needed (--unit)");
		if (!month_range(app, month, &from, &until)) {
			diag_text(d, DIAG_ERROR, NULL, 0, 0, "month",
			          arena_printf(app->arena, "tháng không hợp lệ \"%s\" (cần YYYY-MM)", month ? month : ""),
			          arena_printf(app->arena, "invalid month \"%s\" (YYYY-MM expected)", month ? month : ""));
			return PX_BADINPUT;
		}
		bool known = false;
		if (repo_rating_unit_known(app->db, unit, &known) != PX_OK)
			return db_error(app, d);
		if (!known) {
			diag_err(d, NULL, 0, 0, "không có đơn vị %s", "no unit %s", unit);
			return PX_NOTFOUND;
		}
	}
	if (!office_over(who, unit)) {
		diag_err(d, NULL, 0, 0, "chỉ cơ quan đầu mối CCHC phụ trách đơn vị %s in được phiếu",
		         "only the PAR office over unit %s may print rating slips", unit);
		return PX_DENIED;
	}
	e = create ? db_begin(app->db) : PX_OK;
	struct rating_token_rec *v = NULL;
	size_t nv = 0;
	if (e == PX_OK) {
		if (dossier && *dossier) {
			v = arena_alloc(app->arena, sizeof *v);
			e = repo_rating_token_of(app->db, dossier, app->arena, v);
			nv = e == PX_OK;
		} else {
			e = repo_rating_finished(app->db, unit, from, until, app->arena, &v, &nv);
		}
	}
	long created = 0;
	const char *now = clock_now_iso(app->arena);
	for (size_t i = 0; create && i < nv && e == PX_OK; i++) {
		if (v[i].token)
			continue;
		bool added;
		const char *t = new_token(app->arena);
		e = repo_rating_token_put(app->db, v[i].dossier_code, t, now, &added);
		if (e == PX_OK && added) {
			v[i].token = t;
			created++;
		} else if (e == PX_OK) {
			e = repo_rating_token_of(app->db, v[i].dossier_code, app->arena, &v[i]);
		}
	}
	if (e == PX_OK && created) {
		struct str det;
		str_init(&det, 0);
		str_adds(&det, "{\"unit\": ");
		str_add_json(&det, unit);
		str_adds(&det, ", \"month\": ");
		str_add_json(&det, dossier && *dossier ? "" : month);
		str_printf(&det, ", \"tokens\": %ld}", created);
		e = audit_append(app->db, app->actor, "insert", "rating_token",
		                 dossier && *dossier ? dossier : arena_printf(app->arena, "%s/%s", unit, month),
		                 str_cstr(&det));
		str_free(&det);
	}
	if (create)
		e = app_commit(app, e, d);
	else if (e != PX_OK)
		e = db_error(app, d);
	if (e == PX_OK) {
		*out = v;
		*n = nv;
	}
	return e;
}

const char *app_rating_url(struct app *app, const char *base, const char *token)
{
	size_t n = strlen(base);
	while (n && base[n - 1] == '/')
		n--;
	return arena_printf(app->arena, "%.*s/rate/%s", (int)n, base, token);
}

enum px_err app_rating_target(struct app *app, const char *token, struct rating_target *out)
{
	if (!token_shape_ok(token))
		return PX_NOTFOUND;
	return repo_rating_target(app->db, token, app->arena, out);
}

/* ---- the write: one batch function for both paths ---- */

struct rating_item {
	const char *token, *comment;
	int64_t rating;
	enum px_err result; /* PX_OK or PX_NOTFOUND */
};

static enum px_err apply_batch(struct db *db, void *const *items, size_t n, void *ctx)
{
	(void)ctx;
	struct arena *a = arena_new();
	enum px_err e = db_begin(db);
	struct str det;
	str_init(&det, 0);
	str_adds(&det, "{\"ratings\": [");
	long stored = 0;
	const char *first = NULL;
	struct map units;
	map_init(&units);
	char now[21];
	clock_iso(clock_now(), now);
	for (size_t i = 0; i < n && e == PX_OK; i++) {
		struct rating_item *it = items[i];
		struct rating_target t;
		e = repo_rating_target(db, it->token, a, &t);
		if (e == PX_NOTFOUND) {
			it->result = PX_NOTFOUND;
			e = PX_OK;
			continue;
		}
		if (e != PX_OK)
			break;
		int64_t fin;
		if (!datetime_parse(t.finished_at, strlen(t.finished_at), false, &fin, NULL)) {
			it->result = PX_NOTFOUND;
			continue;
		}
		int64_t cell[DOSSIER_NCELL] = {0};
		cell[DOSSIER_RATED] = t.rating ? 0 : 1;
		cell[DOSSIER_SATISFIED] = (it->rating >= 4) - (t.rating >= 4);
		if (cell[DOSSIER_RATED] || cell[DOSSIER_SATISFIED])
			e = repo_dossier_month_add(db, t.unit_code, dossier_month_of(fin), cell);
		if (e == PX_OK)
			e = repo_rating_put(db, t.dossier_code, it->rating, it->comment, now);
		/* each unit once per batch */
		if (e == PX_OK && !map_gets(&units, t.unit_code)) {
			map_puts(&units, t.unit_code, (void *)(uintptr_t)1);
			e = repo_rating_stale_mark(db, t.unit_code);
		}
		if (e != PX_OK)
			break;
		it->result = PX_OK;
		if (stored++)
			str_adds(&det, ", ");
		else
			first = t.dossier_code;
		str_adds(&det, "{\"dossier\": ");
		str_add_json(&det, t.dossier_code);
		str_printf(&det, ", \"rating\": %lld, \"was\": ", (long long)it->rating);
		if (t.rating)
			str_printf(&det, "%lld", (long long)t.rating);
		else
			str_adds(&det, "null");
		str_printf(&det, ", \"comment_chars\": %zu}", utf8_chars(it->comment));
	}
	str_adds(&det, "]}");
	if (e == PX_OK && stored)
		e = audit_append(db, "citizen", "rate", "dossier_rating",
		                 stored == 1 ? first : arena_printf(a, "%ld dossiers", stored),
		                 str_cstr(&det));
	str_free(&det);
	map_free(&units);
	if (e == PX_OK)
		e = db_commit(db);
	if (e != PX_OK)
		db_rollback(db);
	arena_free(a);
	return e;
}

/* After the batch's submitters are answered: the audit anchor follows
 * the chain's new head (a file replaced by rename and two fsyncs, as
 * app_commit does after every audited commit). Not part of a rating's
 * durability, so nobody waits for it; the next batch gathers meanwhile. */
static void after_batch(struct db *db, void *ctx)
{
	(void)ctx;
	audit_anchor_after_commit(db);
}

static pthread_mutex_t commit_mu = PTHREAD_MUTEX_INITIALIZER;
static struct group_commit *committer;

enum px_err app_rating_commit_start(const char *db_url, char **errmsg)
{
	struct group_commit_opts o = {0, 0, after_batch};
	const char *w = getenv("PARINDEX_GROUP_COMMIT_US");
	if (w && *w)
		o.max_wait_us = atol(w) > 0 ? atol(w) : -1;
	struct group_commit *g;
	enum px_err e = group_commit_start(db_url, &o, apply_batch, NULL, &g, errmsg);
	if (e == PX_OK) {
		pthread_mutex_lock(&commit_mu);
		committer = g;
		pthread_mutex_unlock(&commit_mu);
	}
	return e;
}

void app_rating_commit_stop(void)
{
	pthread_mutex_lock(&commit_mu);
	struct group_commit *g = committer;
	committer = NULL;
	pthread_mutex_unlock(&commit_mu);
	if (g) {
		long batches, items;
		double busy;
		group_commit_stats(g, &batches, &items, &busy);
		log_info("group commit: %ld rating(s) in %ld batch(es), %.0f ms committing", items,
		         batches, busy * 1000);
	}
	group_commit_stop(g);
}

/* "1".."5" exactly (no sign, no spaces, no "05"). */
static bool rating_parse(const char *s, int64_t *out)
{
	if (!s || strlen(s) != 1 || s[0] < '1' || s[0] > '5')
		return false;
	*out = s[0] - '0';
	return true;
}

struct rating_put {
	struct rating_item it;
	enum px_err e; /* the commit's answer */
	char msg[256];
	void (*done)(void *ctx);
	void *ctx;
};

enum px_err app_rating_check(struct app *app, const char *token, const char *rating,
                             const char *comment, struct diags *d, struct rating_put **out)
{
	*out = NULL;
	if (!token_shape_ok(token)) {
		diag_err(d, NULL, 0, 0, "không có phiếu đánh giá này", "no such rating slip");
		return PX_NOTFOUND;
	}
	struct rating_put *p = arena_alloc(app->arena, sizeof *p);
	p->it = (struct rating_item){token, comment ? comment : "", 0, PX_FAIL};
	p->e = PX_FAIL;
	if (!rating || !*rating)
		return bad_field(d, "rating", "Xin chọn một mức từ 1 đến 5.",
		                 "Please choose a rating from 1 to 5.");
	if (!rating_parse(rating, &p->it.rating))
		return bad_field(d, "rating",
		                 arena_printf(app->arena, "Mức \"%s\" không hợp lệ: chọn từ 1 đến 5.", rating),
		                 arena_printf(app->arena, "Rating \"%s\" is not valid: choose 1 to 5.", rating));
	size_t bad;
	if (!utf8_valid(p->it.comment, strlen(p->it.comment), &bad))
		return bad_field(d, "comment", "Ý kiến có ký tự không hợp lệ.",
		                 "The comment has invalid characters.");
	size_t chars = utf8_chars(p->it.comment);
	if (chars > RATING_COMMENT_MAX)
		return bad_field(d, "comment",
		                 arena_printf(app->arena, "Ý kiến dài %zu ký tự, tối đa %d.", chars,
		                              RATING_COMMENT_MAX),
		                 arena_printf(app->arena, "The comment has %zu characters; at most %d.",
		                              chars, RATING_COMMENT_MAX));
	p->it.comment = utf8_nfc(app->arena, p->it.comment, strlen(p->it.comment));
	*out = p;
	return PX_OK;
}

static struct group_commit *running(void)
{
	pthread_mutex_lock(&commit_mu);
	struct group_commit *g = committer;
	pthread_mutex_unlock(&commit_mu);
	return g;
}

bool app_rating_async(void)
{
	return running() != NULL;
}

static void async_done(void *ctx, enum px_err e, const char *msg)
{
	struct rating_put *p = ctx;
	p->e = e;
	snprintf(p->msg, sizeof p->msg, "%s", msg);
	p->done(p->ctx);
}

void app_rating_submit_async(struct rating_put *p, void (*done)(void *ctx), void *ctx)
{
	p->done = done;
	p->ctx = ctx;
	struct group_commit *g = running();
	if (!g) {
		async_done(p, PX_FAIL, "the group commit is not running");
		return;
	}
	group_commit_submit_async(g, &p->it, async_done, p);
}

enum px_err app_rating_result(struct rating_put *p, struct diags *d)
{
	if (p->e != PX_OK) {
		diag_err(d, NULL, 0, 0, "lỗi CSDL, chưa lưu: %s", "database error, not stored: %s", p->msg);
		return PX_FAIL;
	}
	if (p->it.result == PX_NOTFOUND)
		diag_err(d, NULL, 0, 0, "không có phiếu đánh giá này", "no such rating slip");
	return p->it.result;
}

enum px_err app_rating_put(struct app *app, const char *token, const char *rating,
                           const char *comment, struct diags *d)
{
	struct rating_put *p;
	enum px_err e = app_rating_check(app, token, rating, comment, d, &p);
	if (e != PX_OK)
		return e;
	struct group_commit *g = running();
	void *item = &p->it;
	if (g) {
		p->e = group_commit_submit(g, item, p->msg, sizeof p->msg);
	} else {
		p->e = apply_batch(app->db, &item, 1, NULL);
		snprintf(p->msg, sizeof p->msg, "%s", p->e == PX_OK ? "" : db_errmsg(app->db));
		after_batch(app->db, NULL);
	}
	return app_rating_result(p, d);
}

/* ---- reading and the metrics ---- */

enum px_err app_rating_list(struct app *app, const struct actor *who, const char *unit,
                            const char *month, struct rating_rec **out, size_t *n,
                            struct diags *d)
{
	if (!app_grant_covers(who, CAP_OFFICE, unit && *unit ? unit : NULL, NULL)) {
		diag_err(d, NULL, 0, 0, "chỉ cơ quan đầu mối CCHC xem được đánh giá",
		         "only the PAR office may list the ratings");
		return PX_DENIED;
	}
	const char *from = NULL, *until = NULL;
	if (month && *month && !month_range(app, month, &from, &until)) {
		diag_text(d, DIAG_ERROR, NULL, 0, 0, "month",
		          arena_printf(app->arena, "tháng không hợp lệ \"%s\" (cần YYYY-MM)", month),
		          arena_printf(app->arena, "invalid month \"%s\" (YYYY-MM expected)", month));
		return PX_BADINPUT;
	}
	if (repo_rating_list(app->db, unit && *unit ? unit : NULL, from, until, app->arena, out, n) !=
	    PX_OK)
		return db_error(app, d);
	return PX_OK;
}

static void load_cell(void *ctx, const char *unit, int32_t month, const int64_t *cell)
{
	dossier_agg_add_cell(ctx, unit, strlen(unit), month, cell);
}

enum px_err app_rating_metrics_refresh(struct app *app, struct diags *d)
{
	struct map stale;
	map_init(&stale);
	enum px_err e = db_begin(app->db);
	if (e == PX_OK)
		e = repo_rating_stale_take(app->db, app->arena, &stale);
	struct dossier_agg *all = NULL;
	if (e == PX_OK && stale.n) {
		all = dossier_agg_new();
		e = repo_dossier_month_each(app->db, load_cell, all);
		char as_of[40];
		clock_iso_us(clock_now_us(), as_of);
		struct dossier_import_summary sum = {0};
		if (e == PX_OK)
			e = dossier_metrics_define(app->db);
		if (e == PX_OK)
			e = dossier_metrics_write(app->db, all, dossier_agg_first_month(all),
			                          dossier_agg_last_month(all), &stale, as_of, &sum);
	}
	if (all)
		dossier_agg_free(all);
	map_free(&stale);
	return app_commit(app, e, d);
}
