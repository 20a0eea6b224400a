/*
 * Hash-chained audit log; see repo_audit.h. The hashed text is the fields
 * joined by the unit separator (0x1F), so no field boundary is ambiguous.
 * The genesis previous hash is 64 zeros.
 *
 * Appending reads the chain head (last seq and hash) and inserts after it.
 * Two writers must not read the same head: appending is allowed only inside
 * a write transaction (db_begin), which serialises writers on both backends
 * (SQLite BEGIN IMMEDIATE; PostgreSQL's transaction-scoped writer advisory
 * lock, see db.c), so the head cannot move between the read and the insert.
 * The primary key on seq is the backstop: a fork would fail, not commit.
 *
 * The walks (audit_walk, audit_continues) recompute every hash they read;
 * the anchor outside the database (audit_anchor.c) is checked against
 * them.
 */
#include "store/repo_audit.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/str.h"

#include <sodium.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

const char audit_genesis[65] = GENESIS;

static void entry_hash(const char *prev, int64_t seq, const char *at,
                       const char *actor, const char *action, const char *entity,
                       const char *key, const char *detail, char out[65])
{
	struct str s;
	str_init(&s, 0);
	str_printf(&s, "%s\x1f%lld\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s", prev,
	           (long long)seq, at, actor, action, entity, key, detail);
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)str_cstr(&s), s.len);
	sodium_bin2hex(out, 65, h, sizeof h);
	str_free(&s);
}

enum px_err audit_append(struct db *db, const char *actor, const char *action,
                         const char *entity, const char *key, const char *detail)
{
	if (sodium_init() < 0)
		return PX_FAIL;
	if (!db_in_transaction(db)) {
		fprintf(stderr, "parindex: audit_append outside a transaction (a bug)\n");
		abort();
	}
	struct db_stmt *st = db_prepare(db,
		"SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
	int64_t seq = 1;
	char prev[65];
	memcpy(prev, GENESIS, sizeof prev);
	enum db_step r = db_step(st);
	if (r == DB_ROW) {
		seq = db_col_int(st, 0) + 1;
		snprintf(prev, sizeof prev, "%s", db_col_text(st, 1));
	}
	db_done(st);
	if (r == DB_ERROR)
		return PX_FAIL;
	char at[32];
	clock_iso_us(clock_now_us(), at);
	char hash[65];
	entry_hash(prev, seq, at, actor, action, entity, key, detail, hash);
	st = db_prepare(db,
		"INSERT INTO audit_log(seq, at, actor, action, entity, entity_key,"
		" detail, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
	db_bind_int(st, 1, seq);
	db_bind_text(st, 2, at, -1);
	db_bind_text(st, 3, actor, -1);
	db_bind_text(st, 4, action, -1);
	db_bind_text(st, 5, entity, -1);
	db_bind_text(st, 6, key, -1);
	db_bind_text(st, 7, detail, -1);
	db_bind_text(st, 8, prev, -1);
	db_bind_text(st, 9, hash, -1);
	enum px_err e = db_run(st);
	if (e == PX_OK)
		audit_anchor_note_append(db);
	return e;
}

enum px_err audit_head(struct db *db, struct audit_head *out)
{
	out->seq = 0;
	memcpy(out->hash, GENESIS, sizeof out->hash);
	out->at[0] = '\0';
	struct db_stmt *st = db_prepare(db,
		"SELECT seq, hash, at FROM audit_log ORDER BY seq DESC LIMIT 1");
	enum db_step r = db_step(st);
	if (r == DB_ROW) {
		out->seq = db_col_int(st, 0);
		snprintf(out->hash, sizeof out->hash, "%s", db_col_text(st, 1));
		snprintf(out->at, sizeof out->at, "%s", db_col_text(st, 2));
	}
	db_done(st);
	return r == DB_ERROR ? PX_FAIL : PX_OK;
}

/* Checks the row st is on (columns as in the SELECTs below) against the
 * expected seq and previous hash; on success *prev becomes its hash. */
static bool entry_ok(struct db_stmt *st, int64_t expect, char prev[65])
{
	int64_t seq = db_col_int(st, 0);
	char h[65];
	entry_hash(prev, seq, db_col_text(st, 1), db_col_text(st, 2), db_col_text(st, 3),
	           db_col_text(st, 4), db_col_text(st, 5), db_col_text(st, 6), h);
	if (seq != expect || strcmp(prev, db_col_text(st, 7)) || strcmp(h, db_col_text(st, 8)))
		return false;
	memcpy(prev, h, 65);
	return true;
}

static void mark_seen(struct audit_mark *marks, int nmarks, int64_t seq, const char *hash)
{
	for (int i = 0; i < nmarks; i++)
		if (marks[i].seq == seq)
			marks[i].state = strcmp(marks[i].hash, hash) ? AUDIT_MARK_DIFFERS
			                                             : AUDIT_MARK_MATCHES;
}

enum px_err audit_walk(struct db *db, struct audit_mark *marks, int nmarks,
                       struct audit_walk *w)
{
	if (sodium_init() < 0)
		return PX_FAIL;
	memset(w, 0, sizeof *w);
	memcpy(w->last.hash, GENESIS, sizeof w->last.hash);
	for (int i = 0; i < nmarks; i++)
		marks[i].state = AUDIT_MARK_MISSING;
	mark_seen(marks, nmarks, 0, GENESIS);
	struct db_stmt *st = db_prepare(db,
		"SELECT seq, at, actor, action, entity, entity_key, detail, prev_hash,"
		" hash FROM audit_log ORDER BY seq");
	char prev[65];
	memcpy(prev, GENESIS, sizeof prev);
	int64_t expect = 1;
	enum db_step r = db_step(st);
	for (; r == DB_ROW; r = db_step(st)) {
		w->checked++;
		if (!entry_ok(st, expect, prev)) {
			w->bad_seq = db_col_int(st, 0);
			break;
		}
		w->last.seq = expect;
		memcpy(w->last.hash, prev, sizeof prev);
		snprintf(w->last.at, sizeof w->last.at, "%s", db_col_text(st, 1));
		mark_seen(marks, nmarks, expect, prev);
		expect++;
	}
	db_done(st);
	return r == DB_ERROR ? PX_FAIL : PX_OK;
}

enum px_err audit_verify(struct db *db, int64_t *checked, int64_t *bad_seq)
{
	struct audit_walk w;
	enum px_err e = audit_walk(db, NULL, 0, &w);
	*checked = w.checked;
	*bad_seq = w.bad_seq;
	return e;
}

enum px_err audit_continues(struct db *db, int64_t seq, const char *hash, int64_t upto,
                            bool *ok)
{
	*ok = false;
	if (sodium_init() < 0)
		return PX_FAIL;
	struct db_stmt *st = db_prepare(db,
		"SELECT seq, at, actor, action, entity, entity_key, detail, prev_hash,"
		" hash FROM audit_log WHERE seq > ?1 AND seq <= ?2 ORDER BY seq");
	db_bind_int(st, 1, seq);
	db_bind_int(st, 2, upto);
	char prev[65];
	snprintf(prev, sizeof prev, "%s", hash);
	int64_t expect = seq + 1;
	enum db_step r = db_step(st);
	while (r == DB_ROW && entry_ok(st, expect, prev)) {
		expect++;
		r = db_step(st);
	}
	db_done(st);
	if (r == DB_ERROR)
		return PX_FAIL;
	/* stopped at the end (not at a bad entry), and nothing was missing */
	*ok = r == DB_DONE && expect == upto + 1;
	return PX_OK;
}

#define F(type, s, f) {type, offsetof(struct s, f)}
static const struct db_col history_cols[] = {
	F(DB_COL_TEXT, history_row, at), F(DB_COL_TEXT, history_row, actor),
	F(DB_COL_TEXT, history_row, action), F(DB_COL_TEXT, history_row, detail),
};

enum px_err repo_audit_history(struct db *db, const char *key, struct arena *a,
                               struct history_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT at, actor, action, detail FROM audit_log WHERE entity_key = ?1 ORDER BY seq");
	db_bind_text(st, 1, key, -1);
	return db_rows(st, a, DB_COLS(history_cols), sizeof **out, (void **)out, n);
}
