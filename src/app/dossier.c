/*
 * Owns the dossier use cases proper: `dossier analyze`, `dossier import`
 * and the late-dossier list; see app/dossier.h and
 * docs/internals/dossier.md.
 *
 * Why it is built this way:
 * - The analysis and the import read the file with the same fast reader
 *   (io/dossier_csv) and turn each row into counters with the same
 *   definitions (core/dossier), so `dossier analyze FILE` and the
 *   metrics after `dossier import FILE` cannot disagree. Worker threads
 *   each keep their own aggregate; they are merged at the end.
 * - The import is one pass: workers parse, type and check rows and
 *   format the database values; the calling thread inserts them in file
 *   order (db_bulk_*) while later chunks are parsed, inside one
 *   transaction. Nothing is committed unless the whole file is good
 *   (repeated codes are only known after the pass): bad input rolls
 *   everything back. A code already stored is replaced (staging table),
 *   and the stored monthly counters (dossier_month) get the new rows
 *   added and the replaced ones taken out, so they stay equal to what
 *   the dossier table gives without rescanning it.
 * - The other dossier concepts have their own files: the procedure
 *   catalogue (procedure.c), the calendar's data (calendar_data.c), the
 *   dossier.* metrics (dossier_metrics.c) and the Decision 766 index
 *   (service_index.c over core/service_index.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/dossier_impl.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/datetime.h"
#include "base/map.h"
#include "base/mem.h"
#include "base/str.h"
#include "io/dossier_csv.h"
#include "store/repo_audit.h"
#include "store/repo_dossier.h"
#include "store/repo_user.h"

/* PARINDEX_DOSSIER_TRACE=1: phase times on stderr (for bench/dossier). */
static void trace(const char *what)
{
	static struct timespec last;
	if (!getenv("PARINDEX_DOSSIER_TRACE"))
		return;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (what)
		fprintf(stderr, "dossier: %-28s %.3f s\n", what,
		        (double)(now.tv_sec - last.tv_sec) + (double)(now.tv_nsec - last.tv_nsec) / 1e9);
	last = now;
}

static int default_threads(int threads)
{
	if (threads > 0)
		return threads > 64 ? 64 : threads;
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

/* ---- one row: deadline, checks, effect (shared by analyze and import) ---- */

struct row_env {
	const struct catalogue *cat;
	const struct calendar *cal;
	const struct map *units; /* import: the register's codes and spans */
	struct dossier_range range;
};

/* The plausible dates of a dossier: the settings dossier_date_min
 * (YYYY-MM-DD, default 2000-01-01), dossier_years_ahead (default 2) and
 * dossier_due_years_ahead (default 5, for due_at) when there is a
 * database, counted from today (base/clock); a setting that is not valid
 * counts as absent. */
static struct dossier_range date_range(struct app *app)
{
	int32_t min = date_from_ymd(2000, 1, 1);
	long ahead[2] = {DOSSIER_RANGE_YEARS_AHEAD, DOSSIER_RANGE_DUE_YEARS_AHEAD};
	if (app->db) {
		static const char *const names[2] = {"dossier_years_ahead", "dossier_due_years_ahead"};
		const char *v = repo_setting_get(app->db, app->arena, "dossier_date_min");
		int32_t day;
		if (v && date_parse(v, strlen(v), &day))
			min = day;
		for (int i = 0; i < 2; i++) {
			v = repo_setting_get(app->db, app->arena, names[i]);
			char *end;
			long n = v ? strtol(v, &end, 10) : -1;
			if (v && *v && !*end && n >= 0 && n <= 100)
				ahead[i] = n;
		}
	}
	struct dossier_range r;
	dossier_range_make(min, clock_today(), (int)ahead[0], (int)ahead[1], &r);
	return r;
}

/* Reports a date of the row outside the plausible range. */
static void out_of_range(struct dcsv_chunk *ch, long line, int col, const char *name, int64_t t,
                         int32_t lo, int32_t hi, const char *setting)
{
	char at[26], from[11], to[11];
	datetime_format(t, at);
	date_format(lo, from);
	date_format(hi, to);
	dcsv_errorf(ch, line, col,
	            "%s %s nằm ngoài khoảng ngày hợp lý %s..%s (cài đặt dossier_date_min, %s)",
	            "%s %s is outside the plausible dates %s..%s (settings dossier_date_min, %s)",
	            name, at, from, to, setting);
}

/* Completes due_at from the catalogue when the file leaves it empty and
 * checks the consistency rules; reports problems. */
static bool complete_row(const struct row_env *env, struct dcsv_chunk *ch,
                         const struct dcsv_row *r, struct dossier *d)
{
	*d = r->d;
	bool ok = true;
	const struct repo_unit_span *span =
		env->units ? map_get(env->units, r->unit, r->unit_len) : NULL;
	if (env->units && !span) {
		dcsv_errorf(ch, r->field_line[DCSV_UNIT], dcsv_column(ch, DCSV_UNIT),
		            "không có đơn vị mã \"%.*s\" trong danh mục",
		            "no unit with code \"%.*s\" in the register",
		            (int)(r->unit_len > 80 ? 80 : r->unit_len), r->unit);
		ok = false;
	}
	/* a dossier is received by a unit that exists on that day (a district
	 * dissolved on 30/06/2025 receives nothing on 01/07/2025) */
	int32_t day = span ? datetime_local_date(r->d.received_at) : 0;
	if (span && (day < span->from || day > span->to)) {
		char on[11], from[11] = "", to[11] = "";
		date_format(day, on);
		if (span->from != DATE_MIN)
			date_format(span->from, from);
		if (span->to != DATE_MAX)
			date_format(span->to, to);
		dcsv_errorf(ch, r->field_line[DCSV_RECEIVED], dcsv_column(ch, DCSV_RECEIVED),
		            "đơn vị \"%.*s\" không tồn tại vào ngày tiếp nhận %s (tồn tại %s..%s)",
		            "unit \"%.*s\" did not exist on the day received %s (existed %s..%s)",
		            (int)(r->unit_len > 80 ? 80 : r->unit_len), r->unit, on, from, to);
		ok = false;
	}
	if (!r->due_given) {
		const struct procedure *p = catalogue_find(env->cat, r->procedure, r->procedure_len);
		int col = dcsv_column(ch, DCSV_DUE) ? dcsv_column(ch, DCSV_DUE)
		                                    : dcsv_column(ch, DCSV_PROCEDURE);
		int shown = (int)(r->procedure_len > 80 ? 80 : r->procedure_len);
		if (!env->cat) {
			dcsv_error(ch, r->field_line[DCSV_DUE], col,
			           "thiếu due_at và không có danh mục thủ tục để tính hạn",
			           "due_at is empty and no procedure catalogue is given to compute it");
			return false;
		}
		if (!p || p->processing_days < 0) {
			dcsv_errorf(ch, r->field_line[DCSV_DUE], col,
			            "thiếu due_at và thủ tục \"%.*s\" không có thời hạn giải quyết trong danh mục",
			            "due_at is empty and procedure \"%.*s\" has no processing time in the "
			            "catalogue", shown, r->procedure);
			return false;
		}
		d->due_at = calendar_add_working_days(env->cal, d->received_at, p->processing_days);
		d->due_month = dossier_month_of(d->due_at);
	}
	unsigned bad = dossier_check(d);
	unsigned out = dossier_check_range(d, &env->range);
	const struct dossier_range *rg = &env->range;
	if (out & DOSSIER_OUT_RECEIVED)
		out_of_range(ch, r->field_line[DCSV_RECEIVED], dcsv_column(ch, DCSV_RECEIVED),
		             "received_at", d->received_at, rg->min, rg->max, "dossier_years_ahead");
	if (out & DOSSIER_OUT_DUE)
		out_of_range(ch, r->field_line[DCSV_DUE],
		             dcsv_column(ch, DCSV_DUE) ? dcsv_column(ch, DCSV_DUE)
		                                       : dcsv_column(ch, DCSV_PROCEDURE),
		             "due_at", d->due_at, rg->min, rg->due_max, "dossier_due_years_ahead");
	if (out & DOSSIER_OUT_FINISHED)
		out_of_range(ch, r->field_line[DCSV_FINISHED], dcsv_column(ch, DCSV_FINISHED),
		             "finished_at", d->finished_at, rg->min, rg->max, "dossier_years_ahead");
	int fcol = dcsv_column(ch, DCSV_FINISHED) ? dcsv_column(ch, DCSV_FINISHED)
	                                          : dcsv_column(ch, DCSV_STATUS);
	long fline = r->field_line[DCSV_FINISHED];
	if (bad & DOSSIER_BAD_FINISHED_MISSING)
		dcsv_error(ch, fline, fcol, "trạng thái finished cần có finished_at",
		           "status finished requires finished_at");
	if (bad & DOSSIER_BAD_PROCESSING_CLOSED)
		dcsv_error(ch, fline, fcol, "trạng thái processing không được có finished_at",
		           "status processing requires an empty finished_at");
	if (bad & DOSSIER_BAD_FINISHED_EARLY)
		dcsv_error(ch, fline, fcol, "finished_at sớm hơn received_at",
		           "finished_at is earlier than received_at");
	if (bad & DOSSIER_BAD_DUE_EARLY)
		dcsv_error(ch, r->field_line[DCSV_DUE], dcsv_column(ch, DCSV_DUE),
		           "due_at sớm hơn received_at", "due_at is earlier than received_at");
	return ok && !bad && !out;
}

/* ---- analyze ---- */

/* Rows wait ANALYZE_AHEAD rows between their effect and its addition, so
 * the cells they add to are fetched (dossier_agg_prefetch) while the
 * next rows are parsed: the aggregate of 600 units over three years is
 * larger than a core's cache and its cells are hit in random order. */
#define ANALYZE_AHEAD 8

struct analyze_worker {
	const struct row_env *env;
	struct dossier_agg *agg;
	struct {
		size_t unit;
		struct dossier_effect e;
	} pending[ANALYZE_AHEAD];
	size_t npending, next; /* next: the oldest once the ring is full */
};

struct analyze_run {
	struct row_env env;
	struct analyze_worker **workers;
	size_t nworkers;
};

static void *analyze_begin(void *ctx)
{
	struct analyze_run *run = ctx;
	struct analyze_worker *w = xcalloc(1, sizeof *w);
	w->env = &run->env;
	w->agg = dossier_agg_new();
	return w;
}

static void analyze_row(void *wp, struct dcsv_chunk *ch, const struct dcsv_row *r)
{
	struct analyze_worker *w = wp;
	struct dossier d;
	if (!complete_row(w->env, ch, r, &d))
		return;
	size_t unit = dossier_agg_unit(w->agg, r->unit, r->unit_len);
	size_t slot = w->next;
	if (w->npending == ANALYZE_AHEAD) {
		dossier_agg_add_unit(w->agg, w->pending[slot].unit, &w->pending[slot].e, 1);
		w->next = (slot + 1) % ANALYZE_AHEAD;
	} else {
		slot = w->npending++;
	}
	w->pending[slot].unit = unit;
	struct dossier_effect *e = &w->pending[slot].e;
	dossier_effect(&d, e);
	dossier_agg_prefetch(w->agg, unit, e->received_month);
	if (e->finished_month != DOSSIER_NO_MONTH)
		dossier_agg_prefetch(w->agg, unit, e->finished_month);
}

static void analyze_end(void *ctx, void *wp)
{
	struct analyze_run *run = ctx;
	struct analyze_worker *w = wp;
	for (size_t i = 0; i < w->npending; i++)
		dossier_agg_add_unit(w->agg, w->pending[i].unit, &w->pending[i].e, 1);
	w->npending = 0;
	run->workers = xrealloc(run->workers, size_mul(run->nworkers + 1, sizeof *run->workers));
	run->workers[run->nworkers++] = wp;
}

static enum px_err reader_options(const struct dossier_opts *o, struct app *app,
                                  struct dcsv_options *ro)
{
	memset(ro, 0, sizeof *ro);
	ro->threads = default_threads(o ? o->threads : 0);
	ro->dedup_budget = o ? o->dedup_budget : 0;
	ro->chunk_size = o ? o->chunk_size : 0;
	ro->progress = app->progress;
	ro->progress_ctx = app->progress_ctx;
	return PX_OK;
}

/* Loads what rows need to complete their deadlines. */
static enum px_err load_env(struct app *app, const struct dossier_opts *o, bool db_catalogue,
                            struct diags *d, struct catalogue **cat, struct calendar **cal)
{
	*cat = NULL;
	*cal = NULL;
	enum px_err e = catalogue_load(app, o ? o->procedures : NULL, db_catalogue, d, cat);
	if (e == PX_OK)
		e = app_calendar_load(o ? o->calendar : NULL, d, cal);
	return e;
}

static enum px_err analyze(struct app *app, const char *path, const char *data, size_t len,
                           const struct dossier_opts *o, struct diags *d,
                           struct dossier_analysis *out)
{
	memset(out, 0, sizeof *out);
	out->last_month = DOSSIER_NO_MONTH;
	struct catalogue *cat;
	struct calendar *cal;
	enum px_err e = load_env(app, o, o && o->db_catalogue, d, &cat, &cal);
	if (e != PX_OK) {
		catalogue_free(cat);
		calendar_free(cal);
		return e;
	}
	struct analyze_run run = {{cat, cal, NULL, date_range(app)}, NULL, 0};
	struct dcsv_ops ops = {&run, analyze_begin, analyze_end, analyze_row, NULL};
	struct dcsv_options ro;
	reader_options(o, app, &ro);
	struct dcsv_stats st;
	e = data ? dcsv_read_mem(path, data, len, &ro, &ops, d, &st)
	         : dcsv_read(path, &ro, &ops, d, &st);
	struct dossier_agg *all = dossier_agg_new();
	for (size_t i = 0; i < run.nworkers; i++) {
		if (e == PX_OK)
			dossier_agg_merge(all, run.workers[i]->agg);
		dossier_agg_free(run.workers[i]->agg);
		free(run.workers[i]);
	}
	free(run.workers);
	catalogue_free(cat);
	calendar_free(cal);
	if (e != PX_OK) {
		dossier_agg_free(all);
		return e;
	}
	out->agg = all;
	out->dossiers = st.rows;
	out->last_month = dossier_agg_last_month(all);
	out->n = dossier_agg_table(all, 0, out->last_month, false, &out->rows);
	return PX_OK;
}

enum px_err app_dossier_analyze(struct app *app, const char *name, const char *data, size_t len,
                                const struct dossier_opts *o, struct diags *d,
                                struct dossier_analysis *out)
{
	return analyze(app, name, data, len, o, d, out);
}

void dossier_analysis_free(struct dossier_analysis *a)
{
	free(a->rows);
	dossier_agg_free(a->agg);
	memset(a, 0, sizeof *a);
}


/* Rows of one chunk ready for the database, in blocks (chunk memory). */
#define ROWS_PER_BLOCK 1024
struct row_block {
	struct row_block *next;
	size_t n;
	const char *v[ROWS_PER_BLOCK][REPO_DOSSIER_NCOLS];
};

struct chunk_rows {
	struct row_block *first, *last;
};

struct import_worker {
	const struct row_env *env;
	struct dossier_agg *agg;
};

struct import_run {
	struct row_env env;
	struct import_worker **workers;
	size_t nworkers;
	struct db_bulk *bulk;
	bool db_failed;
	long inserted;
};

static void *import_begin(void *ctx)
{
	struct import_run *run = ctx;
	struct import_worker *w = xcalloc(1, sizeof *w);
	w->env = &run->env;
	w->agg = dossier_agg_new();
	return w;
}

static void import_end(void *ctx, void *wp)
{
	struct import_run *run = ctx;
	run->workers = xrealloc(run->workers, size_mul(run->nworkers + 1, sizeof *run->workers));
	run->workers[run->nworkers++] = wp;
}

static const char *chunk_str(struct dcsv_chunk *ch, const char *s, size_t n)
{
	char *p = dcsv_chunk_alloc(ch, n + 1);
	memcpy(p, s, n);
	return p;
}

static const char *chunk_instant(struct dcsv_chunk *ch, int64_t t)
{
	char *p = dcsv_chunk_alloc(ch, 21);
	repo_dossier_instant(t, p);
	return p;
}

static void import_row(void *wp, struct dcsv_chunk *ch, const struct dcsv_row *r)
{
	static const char *const digits[] = {NULL, "1", "2", "3", "4", "5"};
	struct import_worker *w = wp;
	struct dossier d;
	if (!complete_row(w->env, ch, r, &d))
		return;
	struct dossier_effect e;
	dossier_effect(&d, &e);
	dossier_agg_add(w->agg, r->unit, r->unit_len, &e, 1);
	if (dcsv_chunk_errors(ch))
		return; /* the file is bad: nothing will be written */
	struct chunk_rows **cr = (struct chunk_rows **)dcsv_chunk_user(ch);
	if (!*cr)
		*cr = dcsv_chunk_alloc(ch, sizeof **cr);
	struct row_block *b = (*cr)->last;
	if (!b || b->n == ROWS_PER_BLOCK) {
		struct row_block *nb = dcsv_chunk_alloc(ch, sizeof *nb);
		if (b)
			b->next = nb;
		else
			(*cr)->first = nb;
		(*cr)->last = b = nb;
	}
	const char **v = b->v[b->n++];
	v[0] = chunk_str(ch, r->code, r->code_len);
	v[1] = chunk_str(ch, r->unit, r->unit_len);
	v[2] = chunk_str(ch, r->procedure, r->procedure_len);
	v[3] = dossier_channel_name(d.channel);
	v[4] = dossier_online_name(d.online_kind);
	v[5] = chunk_instant(ch, d.received_at);
	v[6] = chunk_instant(ch, d.due_at);
	v[7] = !r->due_given ? "catalogue" : r->due_date_only ? "date" : "file";
	v[8] = d.has_finished ? chunk_instant(ch, d.finished_at) : NULL;
	v[9] = dossier_status_name(d.status);
	v[10] = d.paid_online ? "1" : "0";
	v[11] = d.digitized ? "1" : "0";
	v[12] = d.result_digitized ? "1" : "0";
	v[13] = digits[d.rating];
	v[14] = d.status == DOSSIER_ST_PROCESSING || dossier_finished_late(&d) ? "1" : "0";
}

/* Inserts a chunk's rows, in file order, while the file is still good. */
static void import_chunk_done(void *ctx, struct dcsv_chunk *ch, size_t errors_so_far)
{
	struct import_run *run = ctx;
	struct chunk_rows *cr = *dcsv_chunk_user(ch);
	if (errors_so_far || run->db_failed || !cr)
		return;
	for (struct row_block *b = cr->first; b && !run->db_failed; b = b->next)
		for (size_t i = 0; i < b->n; i++) {
			if (db_bulk_row(run->bulk, b->v[i]) != PX_OK) {
				run->db_failed = true;
				break;
			}
			run->inserted++;
		}
}

static void take_out(void *ctx, const char *unit, const struct dossier *d)
{
	struct dossier_effect e;
	dossier_effect(d, &e);
	dossier_agg_add(ctx, unit, strlen(unit), &e, -1);
}

static void load_cell(void *ctx, const char *unit, int32_t month, const int64_t *cell)
{
	dossier_agg_add_cell(ctx, unit, strlen(unit), month, cell);
}

/* Seconds on a monotonic clock (the write-lock trace). */
static double mono(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A new staging SQLite file in $TMPDIR (or /tmp) and its connection. */
static enum px_err stage_open(char *path, size_t cap, struct db **out, struct diags *d)
{
	const char *dir = getenv("TMPDIR");
	snprintf(path, cap, "%s/parindex-import-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0) {
		diag_err(d, NULL, 0, 0, "không tạo được tệp tạm %s, không có gì thay đổi",
		         "cannot create the staging file %s, nothing changed", path);
		path[0] = 0;
		return PX_FAIL;
	}
	close(fd);
	char *msg = NULL;
	if (db_open(path, out, &msg) != PX_OK) {
		diag_err(d, NULL, 0, 0, "không mở được tệp tạm %s: %s, không có gì thay đổi",
		         "cannot open the staging file %s: %s, nothing changed", path,
		         msg ? msg : "");
		free(msg);
		*out = NULL;
		return PX_FAIL;
	}
	return PX_OK;
}

static void stage_remove(const char *path)
{
	static const char *const ext[] = {"", "-journal", "-wal", "-shm"};
	char f[4200];
	for (int i = 0; i < 4; i++) {
		snprintf(f, sizeof f, "%s%s", path, ext[i]);
		unlink(f);
	}
}

/*
 * On SQLite, outside a caller's transaction, the rows are parsed, checked
 * and written to a staging file through its own connection, without the
 * main database's write lock; only then does one write transaction
 * attach the file and switch them in (replace, counters, metrics,
 * audit). A bad row, a crash or a failure before that commit leaves the
 * main database as it was. On PostgreSQL (db_bulk's COPY takes the
 * writer lock with its transaction) and inside an outer transaction the
 * rows go to a temporary staging table of the same transaction.
 */
static enum px_err import(struct app *app, const char *path, const char *data, size_t len,
                          const struct dossier_opts *o, struct diags *d,
                          struct dossier_import_summary *sum)
{
	memset(sum, 0, sizeof *sum);
	struct db *db = app->db, *errdb = app->db;
	struct catalogue *cat = NULL;
	struct calendar *cal = NULL;
	struct map units;
	map_init(&units);
	struct dossier_agg *delta = dossier_agg_new(), *all = dossier_agg_new();
	struct import_run run = {0};
	bool direct = false, in_txn = false, attached = false;
	bool staged = db_backend(db) == DB_SQLITE && !db_in_transaction(db);
	struct db *stage = NULL;
	char stage_path[4096] = "";
	double locked = 0;
	enum px_err e = load_env(app, o, true, d, &cat, &cal);
	if (e != PX_OK)
		goto out;
	if (repo_dossier_unit_codes(db, app->arena, &units) != PX_OK ||
	    repo_dossier_is_empty(db, &direct) != PX_OK) {
		e = PX_FAIL;
		goto dberr;
	}
	run.env = (struct row_env){cat, cal, &units, date_range(app)};
	repo_dossier_bulk_mode(db, true);
	trace(NULL);
	if (staged) {
		e = stage_open(stage_path, sizeof stage_path, &stage, d);
		if (e != PX_OK)
			goto out;
		errdb = stage;
		run.bulk = repo_dossier_stage_begin(stage);
	} else {
		e = db_begin(db);
		if (e != PX_OK)
			goto dberr;
		in_txn = true;
		locked = mono();
		run.bulk = repo_dossier_load_begin(db, direct);
	}
	struct dcsv_ops ops = {&run, import_begin, import_end, import_row, import_chunk_done};
	struct dcsv_options ro;
	reader_options(o, app, &ro);
	struct dcsv_stats st;
	e = data ? dcsv_read_mem(path, data, len, &ro, &ops, d, &st)
	         : dcsv_read(path, &ro, &ops, d, &st);
	for (size_t i = 0; i < run.nworkers; i++) {
		if (e == PX_OK)
			dossier_agg_merge(delta, run.workers[i]->agg);
		dossier_agg_free(run.workers[i]->agg);
		free(run.workers[i]);
	}
	free(run.workers);
	if (e != PX_OK || run.db_failed) {
		db_bulk_cancel(run.bulk);
		in_txn = false;
		if (e == PX_OK) {
			e = PX_FAIL;
			goto dberr;
		}
		goto out;
	}
	sum->rows = st.rows;
	e = db_bulk_end(run.bulk);
	if (e != PX_OK)
		goto dberr;
	trace("read + insert");
	long replaced = 0;
	if (staged) {
		e = repo_dossier_stage_index(stage);
		if (e != PX_OK)
			goto dberr;
		db_close(stage);
		stage = NULL;
		errdb = db;
		trace("staging index");
		e = repo_dossier_stage_attach(db, stage_path);
		if (e != PX_OK)
			goto dberr;
		attached = true;
		e = db_begin(db);
		if (e != PX_OK)
			goto dberr;
		in_txn = true;
		locked = mono();
		/* another import may have filled the table meanwhile */
		e = repo_dossier_is_empty(db, &direct);
		if (e != PX_OK)
			goto dberr;
		e = repo_dossier_stage_switch(db, direct, take_out, delta, &replaced);
	} else {
		e = repo_dossier_load_finish(db, direct, take_out, delta, &replaced);
	}
	if (e != PX_OK)
		goto dberr;
	sum->replaced = replaced;
	sum->inserted = run.inserted - replaced;
	trace(direct ? "indexes" : "replace");
	/* the stored counters before and after */
	e = repo_dossier_month_each(db, load_cell, all);
	if (e != PX_OK)
		goto dberr;
	int32_t first_before = dossier_agg_first_month(all), last_before = dossier_agg_last_month(all);
	struct dossier_cell *cells;
	size_t ncells = dossier_agg_cells(delta, &cells);
	struct map scope;
	map_init(&scope);
	for (size_t i = 0; i < ncells && e == PX_OK; i++) {
		e = repo_dossier_month_add(db, cells[i].unit, cells[i].month, cells[i].v);
		map_puts(&scope, cells[i].unit, (void *)(uintptr_t)1);
	}
	sum->cells = (long)ncells;
	free(cells);
	if (e == PX_OK && !direct)
		e = repo_dossier_month_prune(db);
	dossier_agg_merge(all, delta);
	int32_t first = dossier_agg_first_month(all), last = dossier_agg_last_month(all);
	/* a new first or last month changes every unit's months */
	bool everyone = first != first_before || last != last_before;
	char as_of[40];
	clock_iso_us(clock_now_us(), as_of);
	trace("monthly counters");
	if (e == PX_OK)
		e = dossier_metrics_define(db);
	if (e == PX_OK)
		e = dossier_metrics_write(db, all, first, last, everyone ? NULL : &scope, as_of, sum);
	trace("metrics");
	map_free(&scope);
	if (e == PX_OK) {
		struct str det;
		str_init(&det, 0);
		str_adds(&det, "{\"file\": ");
		str_add_json(&det, path);
		str_printf(&det, ", \"rows\": %ld, \"inserted\": %ld, \"replaced\": %ld,"
		           " \"unit_months\": %ld, \"metric_values\": %ld}", sum->rows, sum->inserted,
		           sum->replaced, sum->cells, sum->values);
		e = audit_append(db, app->actor, "import", "dossier", path, str_cstr(&det));
		str_free(&det);
	}
	if (e == PX_OK) {
		e = db_commit(db); /* on failure it has rolled back */
		in_txn = false;
	}
	trace("commit");
	if (getenv("PARINDEX_DOSSIER_TRACE"))
		fprintf(stderr, "dossier: %-28s %.3f s\n", "write transaction held", mono() - locked);
	if (e == PX_OK)
		goto out;
dberr:
	diag_err(d, NULL, 0, 0, "lỗi CSDL, không có gì thay đổi: %s",
	         "database error, nothing changed: %s", db_errmsg(errdb));
	e = PX_FAIL;
out:
	/* only a transaction this import began and did not end (a caller's
	 * outer transaction stays open on success) */
	if (in_txn)
		db_rollback(db);
	if (attached)
		repo_dossier_stage_detach(db);
	if (stage)
		db_close(stage);
	if (stage_path[0])
		stage_remove(stage_path);
	repo_dossier_bulk_mode(db, false);
	map_free(&units);
	dossier_agg_free(delta);
	dossier_agg_free(all);
	catalogue_free(cat);
	calendar_free(cal);
	return e;
}

enum px_err app_dossier_import(struct app *app, const char *name, const char *data, size_t len,
                               const struct dossier_opts *o, struct diags *d,
                               struct dossier_import_summary *sum)
{
	return import(app, name, data, len, o, d, sum);
}

/* ---- the late list ---- */
struct late_ctx {
	struct app *app;
	const struct calendar *cal;
	int32_t month;
	struct late_dossier *v;
	size_t n, cap;
};

static const char *local_time(struct arena *a, int64_t t)
{
	char buf[26];
	datetime_format(t, buf);
	return arena_strdup(a, buf);
}

static void late_one(void *ctx, const struct stored_dossier *s)
{
	struct late_ctx *c = ctx;
	const struct dossier *d = &s->d;
	const char *state;
	int32_t until;
	if (dossier_finished_late(d) && d->finished_month == c->month) {
		state = "finished_late";
		until = datetime_local_date(d->finished_at);
	} else if (dossier_overdue_open_at(d, c->month)) {
		state = "overdue_open";
		until = datetime_local_date(dossier_month_end(c->month));
	} else {
		return;
	}
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		struct late_dossier *v = arena_array(c->app->arena, cap, sizeof *v);
		if (c->n)
			memcpy(v, c->v, c->n * sizeof *v);
		c->v = v;
		c->cap = cap;
	}
	struct arena *a = c->app->arena;
	struct late_dossier *x = &c->v[c->n++];
	x->code = arena_strdup(a, s->code);
	x->procedure = arena_strdup(a, s->procedure);
	x->procedure_name = arena_strdup(a, s->procedure_name);
	x->received_at = local_time(a, d->received_at);
	x->due_at = local_time(a, d->due_at);
	x->finished_at = d->has_finished ? local_time(a, d->finished_at) : "";
	x->state = state;
	x->working_days_late =
		calendar_working_days_between(c->cal, datetime_local_date(d->due_at), until);
}

enum px_err app_dossier_late(struct app *app, const char *unit, int32_t month,
                             const struct dossier_opts *o, struct diags *d,
                             struct late_dossier **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	bool has;
	if (repo_dossier_unit_has(app->db, unit, &has) != PX_OK) {
		diag_err(d, NULL, 0, 0, "lỗi CSDL: %s", "database error: %s", db_errmsg(app->db));
		return PX_FAIL;
	}
	if (!has)
		return PX_NOTFOUND;
	struct calendar *cal;
	enum px_err e = app_calendar_load(o ? o->calendar : NULL, d, &cal);
	if (e != PX_OK)
		return e;
	struct late_ctx c = {app, cal, month, NULL, 0, 0};
	int64_t from = dossier_month_end(month - 1) + 1, until = dossier_month_end(month);
	e = repo_dossier_candidates(app->db, unit, from, until, late_one, &c);
	calendar_free(cal);
	if (e != PX_OK) {
		diag_err(d, NULL, 0, 0, "lỗi CSDL: %s", "database error: %s", db_errmsg(app->db));
		return PX_FAIL;
	}
	*out = c.v;
	*n = c.n;
	return PX_OK;
}

