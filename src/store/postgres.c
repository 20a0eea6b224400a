/*
 * PostgreSQL backend for db.h, on libpq. It exists so that the same
 * program, with the same SQL, runs a whole country on PostgreSQL (or a
 * wire-compatible distributed engine); docs/internals/db.md says what the
 * portable SQL is and docs/operations.md how to deploy it.
 *
 * How db.h maps onto libpq:
 * - db_prepare: the ?N placeholders are rewritten to $N once (never inside
 *   string literals, quoted identifiers, comments or dollar quotes), then
 *   PQprepare'd under a generated name (px1, px2, ...). Parameter types are
 *   inferred by the server; where it cannot infer one, the SQL says
 *   CAST(?N AS type) (portable). A prepare that fails because the SQL is
 *   wrong (SQLSTATE class 42) is reported, so db_prepare aborts like on
 *   SQLite; one that fails for another reason (connection lost, aborted
 *   transaction) is retried at the first step, which then reports it.
 * - Parameters travel in text format: integers as %lld, doubles as %.17g
 *   (round-trips exactly), text as given. Results come back in text format
 *   as one PGresult per execution, iterated by row index; db_col_int and
 *   db_col_double parse the text (booleans read as 1/0).
 * - A whole result is held in memory: large scans page with keyset
 *   queries (WHERE key > ?1 ORDER BY key LIMIT n), which is portable.
 * - db_exec is PQexec (several statements allowed). A COMMIT that the
 *   server turned into a ROLLBACK (the transaction had failed) is an error.
 * - Bulk loads (db_bulk_*) use COPY ... FROM STDIN in text format.
 * - The database must hold UTF-8 (db_open refuses any other encoding); its
 *   collation may be any: text columns are COLLATE "C" (store/migrate.c),
 *   so text sorts and compares byte for byte, as on SQLite.
 * - A lost connection is reset at the next statement outside a
 *   transaction; statements are then prepared again (generation counter).
 */
#include "store/db_impl.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/str.h"

#include <ctype.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pg_conn {
	PGconn *pg;
	unsigned long next_name; /* for generated statement names */
	unsigned generation;     /* bumped when the connection is reset */
	/* an open COPY (db_bulk_*) */
	struct str copybuf;
	int copy_ncols;
	bool copy_failed;
};

struct pg_stmt {
	char name[24];
	char *sql;           /* with $N placeholders */
	int nparams;
	unsigned generation; /* of the connection it was prepared on; 0 = not yet */
	char **values;       /* bound parameters as text; NULL = SQL NULL */
	PGresult *res;       /* result of the current execution */
	unsigned char *blob; /* last db_col_blob result (PQunescapeBytea) */
	int row, nrows;
	bool exhausted;      /* DB_DONE was returned */
};

static struct pg_conn *pgc(struct db *db) { return db->conn; }
static void free_blob(struct pg_stmt *st);

/* libpq's messages span lines ("...\n\tIs the server running..."): one
 * line, single spaces, no trailing blank. */
static void one_line(char *s)
{
	char *w = s;
	bool space = false;
	for (const char *r = s; *r; r++) {
		if (*r == '\n' || *r == '\t' || *r == '\r' || *r == ' ') {
			space = w != s;
			continue;
		}
		if (space)
			*w++ = ' ';
		space = false;
		*w++ = *r;
	}
	*w = '\0';
}

/* ---- errors ---- */

/* One line from a server error: message, detail, SQLSTATE. */
/* An error that trying again may cure: no connection (client side, or
 * SQLSTATE class 08), the server shutting down or starting (57P01-57P03),
 * a standby not yet promoted (25006), a lock or serialization timeout
 * (55P03, 40001, 40P01). */
static bool is_transient(PGconn *pg, const char *state)
{
	if (PQstatus(pg) != CONNECTION_OK || !state)
		return true;
	static const char *const codes[] = {"57P01", "57P02", "57P03", "25006",
	                                    "55P03", "40001", "40P01"};
	if (!strncmp(state, "08", 2))
		return true;
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
		if (!strcmp(state, codes[i]))
			return true;
	return false;
}

static void set_result_error(struct db *db, const PGresult *res)
{
	const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	char conn_msg[400];
	if (!primary) {
		/* client-side error (e.g. the connection broke): libpq's own text */
		const char *m = res ? PQresultErrorMessage(res) : "";
		if (!*m)
			m = PQerrorMessage(pgc(db)->pg);
		snprintf(conn_msg, sizeof conn_msg, "%s", *m ? m : "unknown PostgreSQL error");
		one_line(conn_msg);
		primary = conn_msg;
	}
	db->transient = is_transient(pgc(db)->pg, state);
	db_set_error(db, "%s%s%s%s%s%s", primary, detail ? " (" : "", detail ? detail : "",
	             detail ? ")" : "", state ? " SQLSTATE " : "", state ? state : "");
}

static bool is_sql_bug(const PGresult *res)
{
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	/* 42: syntax error or access rule violation (undefined table or
	 * column, indeterminate parameter type, ...), except 42501: a missing
	 * privilege is the deployment's problem, reported when the statement
	 * runs */
	return state && state[0] == '4' && state[1] == '2' && strcmp(state, "42501");
}

static void notice_processor(void *arg, const char *message)
{
	(void)arg;
	/* NOTICEs are suppressed on the server (client_min_messages); what
	 * arrives here is a WARNING worth a log line */
	size_t n = strlen(message);
	while (n && message[n - 1] == '\n')
		n--;
	log_warn("PostgreSQL: %.*s", (int)n, message);
}

/* ---- ?N -> $N ---- */

static size_t skip_quoted(const char *p, char q)
{
	/* p points at the opening quote; a doubled quote is an escaped one */
	size_t i = 1;
	for (;;) {
		if (!p[i])
			return i;
		if (p[i] == q) {
			if (p[i + 1] == q) {
				i += 2;
				continue;
			}
			return i + 1;
		}
		i++;
	}
}

/* Length of a dollar-quoted string starting at p ($tag$...$tag$), or 0
 * when p does not open one. */
static size_t skip_dollar(const char *p)
{
	size_t t = 1;
	if (p[t] != '$') {
		if (!(isalpha((unsigned char)p[t]) || p[t] == '_'))
			return 0;
		while (isalnum((unsigned char)p[t]) || p[t] == '_')
			t++;
		if (p[t] != '$')
			return 0;
	}
	size_t taglen = t + 1; /* "$tag$" */
	const char *end = p + taglen;
	for (;;) {
		end = strchr(end, '$');
		if (!end)
			return strlen(p);
		if (!strncmp(end, p, taglen))
			return (size_t)(end - p) + taglen;
		end++;
	}
}

/* Rewrites SQLite-style placeholders (?N, and ? meaning "one more than the
 * largest so far") to PostgreSQL's $N. Returns the malloc'd text and the
 * number of parameters (the largest N), or NULL on a bad placeholder. */
static char *rewrite_placeholders(const char *sql, int *nparams)
{
	struct str out;
	str_init(&out, 0);
	int max = 0;
	const char *p = sql;
	while (*p) {
		size_t n = 0;
		if (*p == '\'' || *p == '"') {
			n = skip_quoted(p, *p);
		} else if (p[0] == '-' && p[1] == '-') {
			const char *nl = strchr(p, '\n');
			n = nl ? (size_t)(nl - p) : strlen(p);
		} else if (p[0] == '/' && p[1] == '*') {
			const char *e = strstr(p + 2, "*/");
			n = e ? (size_t)(e - p) + 2 : strlen(p);
		} else if (*p == '$') {
			n = skip_dollar(p);
			if (!n)
				n = 1;
		} else if (*p == '?') {
			p++;
			long v = 0;
			if (isdigit((unsigned char)*p)) {
				while (isdigit((unsigned char)*p) && v <= 65535)
					v = v * 10 + (*p++ - '0');
				if (v < 1 || v > 65535) {
					str_free(&out);
					return NULL;
				}
			} else {
				v = max + 1;
			}
			if (v > max)
				max = (int)v;
			str_printf(&out, "$%ld", v);
			continue;
		} else {
			n = 1;
		}
		str_add(&out, p, n);
		p += n;
	}
	*nparams = max;
	return str_detach(&out);
}

/* ---- statements ---- */

/* Run on every new session: notices stay on the server, and a writer
 * waits for a lock as long as SQLite's busy timeout (10 s). */
#define SESSION_SETUP                                                        \
	"SET client_min_messages = warning; SET lock_timeout = '10s';"       \
	" SET standard_conforming_strings = on"

/* The connection is usable for a statement; resets it when it was lost
 * and no transaction is open (a transaction cannot survive a reset). */
static void ensure_connection(struct db *db)
{
	struct pg_conn *c = pgc(db);
	if (PQstatus(c->pg) == CONNECTION_OK || db->txn_depth > 0)
		return;
	PQreset(c->pg);
	if (PQstatus(c->pg) != CONNECTION_OK)
		return;
	c->generation++; /* the server forgot every prepared statement */
	PQclear(PQexec(c->pg, SESSION_SETUP));
	log_warn("PostgreSQL: kết nối lại | connection re-established");
}

/* PQprepare on the server. at_prepare (called from db_prepare): a wrong
 * SQL text is PX_FAIL (db_prepare aborts), any other failure is PX_OK with
 * the statement left unprepared, to be retried, and reported, at its
 * first step. At a step every failure is PX_FAIL. */
static enum px_err server_prepare(struct db *db, struct pg_stmt *st, bool at_prepare)
{
	struct pg_conn *c = pgc(db);
	if (at_prepare && (PQstatus(c->pg) != CONNECTION_OK ||
	                   PQtransactionStatus(c->pg) == PQTRANS_INERROR))
		return PX_OK; /* cannot tell a bug now; try at the first step */
	PGresult *res = PQprepare(c->pg, st->name, st->sql, 0, NULL);
	enum px_err e = PX_OK;
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		if (!at_prepare || is_sql_bug(res)) {
			set_result_error(db, res);
			e = PX_FAIL;
		}
	} else {
		st->generation = c->generation;
	}
	PQclear(res);
	return e;
}

static enum px_err pg_prepare(struct db *db, const char *sql, void **handle)
{
	struct pg_conn *c = pgc(db);
	struct pg_stmt *st = xcalloc(1, sizeof *st);
	st->sql = rewrite_placeholders(sql, &st->nparams);
	if (!st->sql) {
		db_set_error(db, "placeholder ?N out of range 1..65535");
		free(st);
		return PX_FAIL;
	}
	snprintf(st->name, sizeof st->name, "px%lu", ++c->next_name);
	st->values = st->nparams ? xcalloc((size_t)st->nparams, sizeof *st->values) : NULL;
	st->row = -1;
	ensure_connection(db);
	if (server_prepare(db, st, true) != PX_OK) {
		free(st->values);
		free(st->sql);
		free(st);
		return PX_FAIL;
	}
	*handle = st;
	return PX_OK;
}

static void clear_values(struct pg_stmt *st)
{
	for (int i = 0; i < st->nparams; i++) {
		free(st->values[i]);
		st->values[i] = NULL;
	}
}

static void pg_finalize(struct db *db, void *h)
{
	(void)db; /* the server forgets the statement when the connection closes */
	struct pg_stmt *st = h;
	free_blob(st);
	PQclear(st->res);
	clear_values(st);
	free(st->values);
	free(st->sql);
	free(st);
}

static int pg_param_count(void *h) { return ((struct pg_stmt *)h)->nparams; }

static void set_value(struct pg_stmt *st, int idx, char *v)
{
	free(st->values[idx - 1]);
	st->values[idx - 1] = v;
}

static void pg_bind_int(void *h, int i, int64_t v)
{
	char buf[24];
	snprintf(buf, sizeof buf, "%lld", (long long)v);
	set_value(h, i, xstrdup(buf));
}

static void pg_bind_double(void *h, int i, double v)
{
	char buf[40];
	snprintf(buf, sizeof buf, "%.17g", v);
	/* the C library may be in a locale with a decimal comma */
	for (char *p = buf; *p; p++)
		if (*p == ',')
			*p = '.';
	set_value(h, i, xstrdup(buf));
}

static void pg_bind_text(void *h, int i, const char *s, size_t n)
{
	char *v = xmalloc(n + 1);
	memcpy(v, s, n);
	v[n] = '\0';
	set_value(h, i, v);
}

static void pg_bind_null(void *h, int i) { set_value(h, i, NULL); }

/* BYTEA in text format: "\x" and two hex digits per byte, which the
 * server's bytea input reads; no binary-format parameters needed. */
static void pg_bind_blob(void *h, int i, const void *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *b = p;
	char *v = xmalloc(size_add(size_mul(n, 2), 3));
	v[0] = '\\';
	v[1] = 'x';
	for (size_t k = 0; k < n; k++) {
		v[2 + 2 * k] = hex[b[k] >> 4];
		v[3 + 2 * k] = hex[b[k] & 15];
	}
	v[2 + 2 * n] = '\0';
	set_value(h, i, v);
}

static void free_blob(struct pg_stmt *st)
{
	if (st->blob)
		PQfreemem(st->blob);
	st->blob = NULL;
}

static enum db_step pg_step(struct db *db, void *h)
{
	struct pg_stmt *st = h;
	struct pg_conn *c = pgc(db);
	if (st->res && !st->exhausted) {
		if (++st->row < st->nrows)
			return DB_ROW;
		st->exhausted = true;
		return DB_DONE;
	}
	/* first step, or a step after DB_DONE: (re-)execute, as SQLite does */
	free_blob(st);
	PQclear(st->res);
	st->res = NULL;
	st->exhausted = false;
	ensure_connection(db);
	if (st->generation != c->generation || st->generation == 0) {
		if (server_prepare(db, st, false) != PX_OK)
			return DB_ERROR;
	}
	PGresult *res = PQexecPrepared(c->pg, st->name, st->nparams,
	                               (const char *const *)st->values, NULL, NULL, 0);
	ExecStatusType s = PQresultStatus(res);
	if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
		set_result_error(db, res);
		PQclear(res);
		return DB_ERROR;
	}
	st->res = res;
	st->nrows = s == PGRES_TUPLES_OK ? PQntuples(res) : 0;
	st->row = 0;
	if (st->nrows > 0)
		return DB_ROW;
	st->exhausted = true;
	return DB_DONE;
}

static const char *cell(void *h, int col)
{
	struct pg_stmt *st = h;
	if (!st->res || st->row < 0 || st->row >= st->nrows || col < 0 ||
	    col >= PQnfields(st->res) || PQgetisnull(st->res, st->row, col))
		return NULL;
	return PQgetvalue(st->res, st->row, col);
}

/* A cell read as a number: its text, or NULL when it is a number by
 * itself, *v: NULL or empty (0), a boolean t (1) or f (0). */
static const char *number_cell(void *h, int col, int *v)
{
	const char *s = cell(h, col);
	*v = s && !strcmp(s, "t");
	return s && *s && strcmp(s, "t") && strcmp(s, "f") ? s : NULL;
}

static int64_t pg_col_int(void *h, int col)
{
	int b;
	const char *s = number_cell(h, col, &b);
	if (!s)
		return b;
	char *end;
	long long v = strtoll(s, &end, 10);
	if (*end == '.' || *end == 'e' || *end == 'E') {
		/* a fraction truncates, as in SQLite; out of range saturates */
		double d = strtod(s, NULL);
		if (!(d > -9223372036854775808.0))
			return d != d ? 0 : INT64_MIN;
		if (d >= 9223372036854775808.0)
			return INT64_MAX;
		return (int64_t)d;
	}
	return v;
}

static double pg_col_double(void *h, int col)
{
	int b;
	const char *s = number_cell(h, col, &b);
	return s ? strtod(s, NULL) : b;
}

static const char *pg_col_text(void *h, int col) { return cell(h, col); }

static const void *pg_col_blob(void *h, int col, size_t *n)
{
	struct pg_stmt *st = h;
	const char *s = cell(h, col);
	*n = 0;
	if (!s)
		return NULL;
	free_blob(st);
	st->blob = PQunescapeBytea((const unsigned char *)s, n);
	return st->blob;
}

static bool pg_col_null(void *h, int col)
{
	struct pg_stmt *st = h;
	if (!st->res || st->row < 0 || st->row >= st->nrows || col < 0 ||
	    col >= PQnfields(st->res))
		return true;
	return PQgetisnull(st->res, st->row, col);
}

static int64_t pg_changes(struct db *db, void *h)
{
	(void)db;
	struct pg_stmt *st = h;
	const char *n = st->res ? PQcmdTuples(st->res) : "";
	int64_t v = 0;
	for (; *n >= '0' && *n <= '9'; n++)
		v = v * 10 + (*n - '0');
	return v;
}

static void pg_reset(void *h)
{
	struct pg_stmt *st = h;
	free_blob(st);
	PQclear(st->res);
	st->res = NULL;
	st->row = -1;
	st->nrows = 0;
	st->exhausted = false;
	clear_values(st);
}

static enum px_err pg_exec(struct db *db, const char *sql)
{
	struct pg_conn *c = pgc(db);
	ensure_connection(db);
	PGresult *res = PQexec(c->pg, sql);
	ExecStatusType s = PQresultStatus(res);
	enum px_err e = PX_OK;
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && s != PGRES_EMPTY_QUERY) {
		set_result_error(db, res);
		e = PX_FAIL;
	} else if (!strcmp(sql, "COMMIT") && !strcmp(PQcmdStatus(res), "ROLLBACK")) {
		/* the server rolled back a failed transaction instead */
		db_set_error(db, "giao dịch đã bị hủy do một lỗi trước đó | "
		                 "the transaction was aborted by an earlier error");
		e = PX_FAIL;
	}
	PQclear(res);
	return e;
}

static enum px_err pg_backup(struct db *db, const char *path)
{
	(void)path;
	db_set_error(db, "sao lưu CSDL PostgreSQL bằng pg_dump (ví dụ: pg_dump -Fc -f parindex.dump URL), "
	                 "xem docs/operations.md | back up a PostgreSQL database with pg_dump "
	                 "(e.g. pg_dump -Fc -f parindex.dump URL), see docs/operations.md");
	return PX_FAIL;
}

static void pg_close(struct db *db)
{
	struct pg_conn *c = pgc(db);
	PQfinish(c->pg);
	str_free(&c->copybuf);
	free(c);
}

/* ---- COPY for db_bulk_* ---- */

static enum px_err pg_copy_begin(struct db *db, const char *table, const char *const *cols,
                                 int ncols)
{
	struct pg_conn *c = pgc(db);
	struct str sql;
	str_init(&sql, 0);
	str_printf(&sql, "COPY %s (", table);
	for (int i = 0; i < ncols; i++)
		str_printf(&sql, "%s%s", i ? ", " : "", cols[i]);
	str_adds(&sql, ") FROM STDIN");
	PGresult *res = PQexec(c->pg, str_cstr(&sql));
	str_free(&sql);
	enum px_err e = PX_OK;
	if (PQresultStatus(res) != PGRES_COPY_IN) {
		set_result_error(db, res);
		e = PX_FAIL;
	}
	PQclear(res);
	str_reset(&c->copybuf);
	c->copy_ncols = ncols;
	c->copy_failed = false;
	return e;
}

static enum px_err flush_copy(struct db *db)
{
	struct pg_conn *c = pgc(db);
	if (c->copybuf.len == 0 || c->copy_failed)
		return c->copy_failed ? PX_FAIL : PX_OK;
	if (PQputCopyData(c->pg, c->copybuf.buf, (int)c->copybuf.len) != 1) {
		char why[300];
		snprintf(why, sizeof why, "%s", PQerrorMessage(c->pg));
		one_line(why);
		db_set_error(db, "COPY: %s", why);
		c->copy_failed = true;
	}
	str_reset(&c->copybuf);
	return c->copy_failed ? PX_FAIL : PX_OK;
}

static enum px_err pg_copy_row(struct db *db, const char *const *values)
{
	struct pg_conn *c = pgc(db);
	struct str *b = &c->copybuf;
	for (int i = 0; i < c->copy_ncols; i++) {
		if (i)
			str_addc(b, '\t');
		const char *v = values[i];
		if (!v) {
			str_add(b, "\\N", 2);
			continue;
		}
		/* text format: backslash escapes for the delimiter, line ends and
		 * the backslash itself; everything else passes through */
		const char *run = v;
		for (; *v; v++) {
			const char *esc = NULL;
			switch (*v) {
			case '\\': esc = "\\\\"; break;
			case '\t': esc = "\\t"; break;
			case '\n': esc = "\\n"; break;
			case '\r': esc = "\\r"; break;
			default: break;
			}
			if (esc) {
				str_add(b, run, (size_t)(v - run));
				str_add(b, esc, 2);
				run = v + 1;
			}
		}
		str_add(b, run, (size_t)(v - run));
	}
	str_addc(b, '\n');
	if (b->len >= 256 * 1024)
		return flush_copy(db);
	return c->copy_failed ? PX_FAIL : PX_OK;
}

static enum px_err pg_copy_end(struct db *db, bool ok)
{
	struct pg_conn *c = pgc(db);
	if (ok && flush_copy(db) != PX_OK)
		ok = false;
	bool client_failed = c->copy_failed || !ok;
	char keep[sizeof db->errmsg];
	memcpy(keep, db->errmsg, sizeof keep);
	if (PQputCopyEnd(c->pg, ok ? NULL : "parindex: bulk load cancelled") != 1) {
		char why[300];
		snprintf(why, sizeof why, "%s", PQerrorMessage(c->pg));
		one_line(why);
		db_set_error(db, "COPY: %s", why);
		client_failed = true;
	}
	enum px_err e = client_failed ? PX_FAIL : PX_OK;
	PGresult *res;
	for (res = PQgetResult(c->pg); res != NULL; res = PQgetResult(c->pg)) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK && e == PX_OK) {
			set_result_error(db, res);
			e = PX_FAIL;
		}
		PQclear(res);
	}
	if (client_failed)
		memcpy(db->errmsg, keep, sizeof keep); /* the first reason, not "cancelled" */
	str_reset(&c->copybuf);
	c->copy_ncols = 0;
	c->copy_failed = false;
	return e;
}

static const struct db_ops pg_ops = {
	.prepare = pg_prepare,
	.finalize = pg_finalize,
	.param_count = pg_param_count,
	.bind_int = pg_bind_int,
	.bind_double = pg_bind_double,
	.bind_text = pg_bind_text,
	.bind_blob = pg_bind_blob,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.col_int = pg_col_int,
	.col_double = pg_col_double,
	.col_text = pg_col_text,
	.col_blob = pg_col_blob,
	.col_null = pg_col_null,
	.reset = pg_reset,
	.changes = pg_changes,
	.exec = pg_exec,
	.backup = pg_backup,
	.close = pg_close,
	.copy_begin = pg_copy_begin,
	.copy_row = pg_copy_row,
	.copy_end = pg_copy_end,
};

/* ---- opening ---- */

static enum px_err open_fail(char **errmsg, const char *url, const char *vi, const char *en,
                             const char *why)
{
	char *safe = db_url_redact(url);
	struct str s;
	str_init(&s, 0);
	str_printf(&s, "%s %s | %s %s: %s", vi, safe, en, safe, why);
	free(safe);
	*errmsg = str_detach(&s);
	return PX_FAIL;
}

/* The database must hold UTF-8. Its collation does not matter: every text
 * column is created COLLATE "C" (store/migrate.c), so listings sort byte
 * for byte as on SQLite on a database made with any locale. */
static enum px_err check_database(PGconn *pg, const char *url, char **errmsg)
{
	PGresult *res = PQexec(pg, "SELECT pg_encoding_to_char(encoding)"
	                           " FROM pg_database WHERE datname = current_database()");
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		char why[300];
		snprintf(why, sizeof why, "%s", PQresultErrorMessage(res));
		one_line(why);
		PQclear(res);
		return open_fail(errmsg, url, "không đọc được thông tin CSDL PostgreSQL",
		                 "cannot read the PostgreSQL database settings of", why);
	}
	const char *encoding = PQgetvalue(res, 0, 0);
	enum px_err e = PX_OK;
	if (strcmp(encoding, "UTF8")) {
		char *safe = db_url_redact(url);
		struct str m;
		str_init(&m, 0);
		str_printf(&m,
		           "CSDL PostgreSQL %s dùng encoding %s; parindex cần UTF8 | the PostgreSQL "
		           "database %s uses encoding %s; parindex needs UTF8: "
		           "CREATE DATABASE parindex TEMPLATE template0 ENCODING 'UTF8' (docs/operations.md)",
		           safe, encoding, safe, encoding);
		free(safe);
		*errmsg = str_detach(&m);
		e = PX_FAIL;
	}
	PQclear(res);
	return e;
}

enum px_err db_postgres_open(const char *url, struct db **out, char **errmsg)
{
	/* keywords before dbname may be overridden by the URL; client_encoding
	 * after it is forced */
	const char *const keys[] = {"connect_timeout", "fallback_application_name", "dbname",
	                            "client_encoding", NULL};
	const char *const vals[] = {"10", "parindex", url, "UTF8", NULL};
	PGconn *pg = PQconnectdbParams(keys, vals, 1);
	if (!pg) {
		return open_fail(errmsg, url, "không kết nối được PostgreSQL", "cannot connect to PostgreSQL",
		                 "out of memory");
	}
	if (PQstatus(pg) != CONNECTION_OK) {
		char why[400];
		snprintf(why, sizeof why, "%s", PQerrorMessage(pg));
		one_line(why);
		PQfinish(pg);
		return open_fail(errmsg, url, "không kết nối được PostgreSQL", "cannot connect to PostgreSQL",
		                 why);
	}
	PQsetNoticeProcessor(pg, notice_processor, NULL);
	PGresult *res = PQexec(pg, SESSION_SETUP);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		char why[300];
		snprintf(why, sizeof why, "%s", PQresultErrorMessage(res));
		one_line(why);
		PQclear(res);
		PQfinish(pg);
		return open_fail(errmsg, url, "không kết nối được PostgreSQL", "cannot connect to PostgreSQL",
		                 why);
	}
	PQclear(res);
	if (check_database(pg, url, errmsg) != PX_OK) {
		PQfinish(pg);
		return PX_FAIL;
	}
	struct pg_conn *c = xcalloc(1, sizeof *c);
	c->pg = pg;
	c->generation = 1;
	str_init(&c->copybuf, 0);
	struct db *db = xcalloc(1, sizeof *db);
	db->ops = &pg_ops;
	db->backend = DB_POSTGRES;
	db->conn = c;
	map_init(&db->cache);
	*out = db;
	return PX_OK;
}
