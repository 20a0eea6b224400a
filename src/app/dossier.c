/*
 * Dossier use cases; see app/dossier.h and docs/internals/dossier.md.
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
 * - Metrics: every unit with dossiers gets dossier.* values for every
 *   month of the data (zero counts included: a month inside the data
 *   with no dossier really has none), counts declared `sum` so years and
 *   quarters derive; rates and stocks (open, overdue) are written for
 *   months and for quarters and years the data covers entirely, rates
 *   from the summed counts (never an average of rates), stocks at the
 *   period's last month.
 * - The calendar's decisions and the service-index rules are data
 *   (data/calendar/YYYY.json, data/service-index-766.json), embedded in
 *   the binary, replaceable by a file given on the command line.
 */
#include "app/dossier.h"
#include "app/calendar_rules.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/arena.h"
#include "base/datetime.h"
#include "base/embedded.h"
#include "base/map.h"
#include "base/mem.h"
#include "base/vec.h"
#include "base/str.h"
#include "core/metric.h"
#include "io/dossier_csv.h"
#include "io/fields.h"
#include "io/table.h"
#include "store/repo_audit.h"
#include "store/repo_dossier.h"
#include "store/repo_metric.h"

/* data/calendar/YYYY.json and data/service-index-766.json, compiled in by
 * tools/embed (CMakeLists.txt, table "dossier_data"). */
extern const struct embedded_file dossier_data_files[];

#define SERVICE_RULES_FILE "service-index-766.json"

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

static void now_iso(char out[40], bool micro)
{
	if (micro)
		clock_iso_us(clock_now_us(), out);
	else
		clock_iso(clock_now(), out);
}

/* ---- the calendar ---- */

static bool json_date(json_t *v, int32_t *out)
{
	return json_is_string(v) && date_parse(json_string_value(v), json_string_length(v), out);
}

/* One override file; problems into d under name. */
static bool calendar_file(struct calendar *c, const char *name, const char *data, size_t len,
                          struct diags *d)
{
	json_error_t je;
	json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		diag_err(d, name, je.line > 0 ? je.line : 1, je.column > 0 ? je.column : 1,
		         "JSON không hợp lệ: %s", "invalid JSON: %s", je.text);
		return false;
	}
	bool ok = false;
	struct calendar_days_off off[32];
	int32_t worked[16];
	const char *worked_src[16];
	size_t noff = 0, nworked = 0;
	const char *key;
	json_t *v;
	if (!json_is_object(root)) {
		diag_err(d, name, 0, 0, "cần một đối tượng JSON", "expected a JSON object");
		goto out;
	}
	json_object_foreach(root, key, v) {
		if (strcmp(key, "year") && strcmp(key, "days_off") && strcmp(key, "worked_days") &&
		    strcmp(key, "source") && strcmp(key, "note") && strcmp(key, "unconfirmed") &&
		    strcmp(key, "documents")) {
			diag_err(d, name, 0, 0, "khóa không rõ \"%s\"", "unknown key \"%s\"", key);
			goto out;
		}
	}
	json_t *year = json_object_get(root, "year");
	if (!json_is_integer(year) || json_integer_value(year) < 1900 ||
	    json_integer_value(year) > 2199) {
		diag_err(d, name, 0, 0, "\"year\" phải là số năm 1900..2199",
		         "\"year\" must be a year 1900..2199");
		goto out;
	}
	json_t *arr = json_object_get(root, "days_off");
	if (arr && !json_is_array(arr)) {
		diag_err(d, name, 0, 0, "\"days_off\" phải là mảng", "\"days_off\" must be an array");
		goto out;
	}
	size_t i;
	json_array_foreach(arr, i, v) {
		json_t *occ = json_object_get(v, "occasions");
		struct calendar_days_off *o = &off[noff];
		memset(o, 0, sizeof *o);
		if (noff >= 32 || !json_is_object(v) || !json_is_array(occ) ||
		    !json_date(json_object_get(v, "from"), &o->from) ||
		    !json_date(json_object_get(v, "to"), &o->to)) {
			diag_err(d, name, 0, 0,
			         "days_off[%zu]: cần \"occasions\" (mảng), \"from\" và \"to\" (YYYY-MM-DD)",
			         "days_off[%zu]: needs \"occasions\" (an array), \"from\" and \"to\" "
			         "(YYYY-MM-DD)", i);
			goto out;
		}
		size_t k;
		json_t *h;
		json_array_foreach(occ, k, h) {
			enum holiday hol;
			if (!json_is_string(h) || !holiday_parse(json_string_value(h), &hol) ||
			    o->noccasions >= HOL_COUNT) {
				diag_err(d, name, 0, 0,
				         "days_off[%zu]: dịp lễ không rõ (new_year, tet, hung_kings, "
				         "reunification, labour, national_day)",
				         "days_off[%zu]: unknown occasion (new_year, tet, hung_kings, "
				         "reunification, labour, national_day)", i);
				goto out;
			}
			o->occasions[o->noccasions++] = hol;
		}
		json_t *src = json_object_get(v, "source");
		o->source = json_is_string(src) ? json_string_value(src) : "";
		noff++;
	}
	arr = json_object_get(root, "worked_days");
	if (arr && !json_is_array(arr)) {
		diag_err(d, name, 0, 0, "\"worked_days\" phải là mảng", "\"worked_days\" must be an array");
		goto out;
	}
	json_array_foreach(arr, i, v) {
		if (nworked >= 16 || !json_is_object(v) ||
		    !json_date(json_object_get(v, "date"), &worked[nworked])) {
			diag_err(d, name, 0, 0, "worked_days[%zu]: cần \"date\" (YYYY-MM-DD)",
			         "worked_days[%zu]: needs \"date\" (YYYY-MM-DD)", i);
			goto out;
		}
		json_t *src = json_object_get(v, "source");
		worked_src[nworked++] = json_is_string(src) ? json_string_value(src) : "";
	}
	char err[256];
	if (!calendar_override(c, (int)json_integer_value(year), off, noff, worked, worked_src,
	                       nworked, err, sizeof err)) {
		char *bar = strstr(err, " | ");
		if (bar) {
			*bar = 0;
			diag_text(d, DIAG_ERROR, name, 0, 0, NULL, err, bar + 3);
		} else {
			diag_text(d, DIAG_ERROR, name, 0, 0, NULL, err, err);
		}
		goto out;
	}
	ok = true;
out:
	json_decref(root);
	return ok;
}

static bool is_calendar_name(const char *name)
{
	/* YYYY.json */
	if (strlen(name) != 9 || strcmp(name + 4, ".json"))
		return false;
	for (int i = 0; i < 4; i++)
		if (name[i] < '0' || name[i] > '9')
			return false;
	return true;
}

static char *read_file(const char *path, size_t *len, struct diags *d)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		diag_err(d, path, 0, 0, "không mở được tệp", "cannot open the file");
		return NULL;
	}
	struct str s;
	str_init(&s, (size_t)16 << 20);
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		str_add(&s, buf, n);
	bool bad = ferror(f) || str_error(&s);
	fclose(f);
	if (bad) {
		diag_err(d, path, 0, 0, "không đọc được tệp (tối đa 16 MiB)",
		         "cannot read the file (16 MiB at most)");
		str_free(&s);
		return NULL;
	}
	*len = s.len;
	if (!s.buf)
		return xstrdup("");
	return str_detach(&s);
}

enum px_err app_calendar_load(const char *extra_path, struct diags *d, struct calendar **out)
{
	struct calendar *c = calendar_new();
	bool ok = true;
	for (const struct embedded_file *f = dossier_data_files; f->name; f++)
		if (is_calendar_name(f->name))
			ok &= calendar_file(c, f->name, f->data, f->len, d);
		else if (!strcmp(f->name, CALENDAR_RULES_FILE))
			ok &= app_calendar_rules_file(c, f->name, f->data, f->len, d);
	if (extra_path) {
		size_t len;
		char *data = read_file(extra_path, &len, d);
		ok &= data && calendar_file(c, extra_path, data, len, d);
		free(data);
	}
	if (!ok) {
		calendar_free(c);
		*out = NULL;
		return PX_BADINPUT;
	}
	calendar_finish(c);
	*out = c;
	return PX_OK;
}

/* ---- the procedure catalogue ---- */

struct catalogue {
	struct map by_code; /* code -> struct procedure * */
	struct arena *arena;
};

static void catalogue_free(struct catalogue *c)
{
	if (!c)
		return;
	map_free(&c->by_code);
	arena_free(c->arena);
	free(c);
}

static const struct procedure *catalogue_find(const struct catalogue *c, const char *code,
                                              size_t n)
{
	return c ? map_get(&c->by_code, code, n) : NULL;
}

/* Reads a catalogue file (docs/formats/procedures.md) into rows. */
static enum px_err read_procedures(const char *path, struct arena *a, struct diags *d,
                                   struct procedure **out, size_t *nout)
{
	static const char *const names[] = {"code", "name", "processing_days", "online_kind", NULL};
	static const bool req[] = {true, true, false, false};
	static const char *const kinds[] = {"none", "partial", "full", NULL};
	struct table *t;
	enum px_err e = table_open(path, &t, d);
	if (e != PX_OK)
		return e;
	int col[4];
	e = table_columns(t, names, req, col, d);
	struct procedure *v = NULL;
	size_t n = 0, cap = 0;
	struct map seen;
	map_init(&seen);
	int r = 0;
	while (e == PX_OK && (r = table_next(t, d)) == 1) {
		struct procedure p = {0};
		const char *kind;
		int64_t days;
		bool present, ok = true;
		ok &= field_code(t, col[0], "code", true, a, d, &p.code);
		ok &= field_text(t, col[1], "name", true, true, a, d, &p.name);
		ok &= field_int(t, col[2], "processing_days", false, 0, 3650, d, &days, &present);
		ok &= field_enum(t, col[3], "online_kind", false, kinds, "none", d, &kind);
		if (!ok)
			continue;
		p.processing_days = present ? (int)days : -1;
		dossier_online_parse(kind, strlen(kind), &p.online_kind);
		uintptr_t first = (uintptr_t)map_gets(&seen, p.code);
		if (first) {
			diag_add(d, DIAG_ERROR, table_name(t), table_line(t), col[0] + 1, NULL,
			         "mã thủ tục \"%s\" bị trùng (đã có ở dòng %lu)",
			         "repeated procedure code \"%s\" (first on line %lu)", p.code,
			         (unsigned long)first);
			continue;
		}
		map_puts(&seen, p.code, (void *)(uintptr_t)table_line(t));
		VEC_GROW(v, cap, n + 1);
		v[n++] = p;
	}
	table_close(t);
	map_free(&seen);
	if (e == PX_OK && (r < 0 || d->errors))
		e = PX_BADINPUT;
	if (e != PX_OK) {
		free(v);
		return e;
	}
	*out = v;
	*nout = n;
	return PX_OK;
}

static struct catalogue *catalogue_of(struct procedure *v, size_t n, struct arena *a)
{
	struct catalogue *c = xcalloc(1, sizeof *c);
	map_init(&c->by_code);
	c->arena = a;
	for (size_t i = 0; i < n; i++) {
		struct procedure *p = arena_alloc(a, sizeof *p);
		*p = v[i];
		map_puts(&c->by_code, p->code, p);
	}
	return c;
}

/* The catalogue an analysis or import uses: a file, the database, or
 * none (*out NULL). */
static enum px_err catalogue_load(struct app *app, const char *path, bool from_db,
                                  struct diags *d, struct catalogue **out)
{
	*out = NULL;
	struct arena *a = arena_new();
	struct procedure *v = NULL;
	size_t n = 0;
	enum px_err e = PX_OK;
	if (path) {
		e = read_procedures(path, a, d, &v, &n);
		if (e == PX_OK)
			*out = catalogue_of(v, n, a);
		free(v);
	} else if (from_db && app->db) {
		e = repo_procedure_all(app->db, a, &v, &n);
		if (e != PX_OK)
			diag_err(d, NULL, 0, 0, "lỗi CSDL: %s", "database error: %s", db_errmsg(app->db));
		else
			*out = catalogue_of(v, n, a);
	} else {
		arena_free(a);
		return PX_OK;
	}
	if (!*out)
		arena_free(a);
	return e;
}

enum px_err app_procedure_import(struct app *app, const char *path, struct diags *d,
                                 struct import_summary *sum)
{
	memset(sum, 0, sizeof *sum);
	struct procedure *v = NULL;
	size_t n = 0;
	enum px_err e = read_procedures(path, app->arena, d, &v, &n);
	if (e != PX_OK)
		return e;
	sum->rows = (long)n;
	char now[40];
	now_iso(now, false);
	e = db_begin(app->db);
	for (size_t i = 0; i < n && e == PX_OK; i++) {
		int change;
		e = repo_procedure_put(app->db, &v[i], now, &change);
		if (e != PX_OK)
			break;
		if (change == 0) {
			sum->unchanged++;
			continue;
		}
		struct str detail;
		str_init(&detail, 0);
		str_adds(&detail, "{\"name\": ");
		str_add_json(&detail, v[i].name);
		str_adds(&detail, ", \"processing_days\": ");
		if (v[i].processing_days < 0)
			str_adds(&detail, "null");
		else
			str_printf(&detail, "%d", v[i].processing_days);
		str_adds(&detail, ", \"online_kind\": ");
		str_add_json(&detail, dossier_online_name(v[i].online_kind));
		str_addc(&detail, '}');
		e = audit_append(app->db, app->actor, change == 1 ? "insert" : "update", "procedure",
		                 v[i].code, str_cstr(&detail));
		str_free(&detail);
		if (change == 1)
			sum->inserted++;
		else
			sum->updated++;
	}
	if (e == PX_OK)
		e = db_commit(app->db);
	if (e == PX_OK)
		audit_anchor_after_commit(app->db);
	if (e != PX_OK) {
		diag_err(d, NULL, 0, 0, "lỗi CSDL, không có gì thay đổi: %s",
		         "database error, nothing changed: %s", db_errmsg(app->db));
		db_rollback(app->db);
		e = PX_FAIL;
	}
	free(v);
	return e;
}

enum px_err app_procedure_list(struct app *app, struct procedure **out, size_t *n)
{
	return repo_procedure_all(app->db, app->arena, out, n);
}

/* ---- one row: deadline, checks, effect (shared by analyze and import) ---- */

struct row_env {
	const struct catalogue *cat;
	const struct calendar *cal;
	const struct map *units; /* import: the register's codes */
};

/* Completes due_at from the catalogue when the file leaves it empty and
 * checks the consistency rules; reports problems. */
static bool complete_row(const struct row_env *env, struct dcsv_chunk *ch,
                         const struct dcsv_row *r, struct dossier *d)
{
	*d = r->d;
	bool ok = true;
	if (env->units && !map_get(env->units, r->unit, r->unit_len)) {
		dcsv_errorf(ch, r->field_line[DCSV_UNIT], dcsv_column(ch, DCSV_UNIT),
		            "không có đơn vị mã \"%.*s\" trong danh mục",
		            "no unit with code \"%.*s\" in the register",
		            (int)(r->unit_len > 80 ? 80 : r->unit_len), r->unit);
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
	return ok && !bad;
}

/* ---- analyze ---- */

struct analyze_worker {
	const struct row_env *env;
	struct dossier_agg *agg;
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
	struct dossier_effect e;
	dossier_effect(&d, &e);
	dossier_agg_add(w->agg, r->unit, r->unit_len, &e, 1);
}

static void analyze_end(void *ctx, void *wp)
{
	struct analyze_run *run = ctx;
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
	struct analyze_run run = {{cat, cal, NULL}, NULL, 0};
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

enum px_err app_dossier_analyze(struct app *app, const char *path, const struct dossier_opts *o,
                                struct diags *d, struct dossier_analysis *out)
{
	return analyze(app, path, NULL, 0, o, d, out);
}

enum px_err app_dossier_analyze_mem(struct app *app, const char *name, const char *data,
                                    size_t len, const struct dossier_opts *o, struct diags *d,
                                    struct dossier_analysis *out)
{
	return analyze(app, name, data ? data : "", len, o, d, out);
}

void dossier_analysis_free(struct dossier_analysis *a)
{
	free(a->rows);
	dossier_agg_free(a->agg);
	memset(a, 0, sizeof *a);
}

/* ---- import ---- */

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

/* The dossier.* catalogue entries: counts derive by sum, the rest not. */
struct dossier_metric {
	const char *name, *vi, *en, *formula;
	bool count;
};

static const struct dossier_metric field_metrics[DOSSIER_NFIELDS] = {
	[DOSSIER_RECEIVED] = {"received", "Hồ sơ tiếp nhận", "Dossiers received", "received_at in the period", true},
	[DOSSIER_RECEIVED_ONLINE] = {"received_online", "Hồ sơ tiếp nhận trực tuyến", "Dossiers received online", "received, channel online", true},
	[DOSSIER_RECEIVED_FULL_ONLINE] = {"received_full_online", "Hồ sơ trực tuyến toàn trình", "Dossiers received fully online", "received, online_kind full", true},
	[DOSSIER_PAID_ONLINE] = {"paid_online", "Hồ sơ thanh toán trực tuyến", "Dossiers paid online", "received, paid_online", true},
	[DOSSIER_DIGITIZED] = {"digitized", "Hồ sơ được số hóa", "Dossiers digitised", "received, digitized", true},
	[DOSSIER_FINISHED] = {"finished", "Hồ sơ đã giải quyết", "Dossiers finished", "status finished, finished_at in the period", true},
	[DOSSIER_FINISHED_ON_TIME] = {"finished_on_time", "Hồ sơ giải quyết đúng hạn", "Dossiers finished on time", "finished, finished_at <= due_at", true},
	[DOSSIER_RESULT_DIGITIZED] = {"result_digitized", "Kết quả giải quyết điện tử", "Results issued electronically", "finished, result_digitized", true},
	[DOSSIER_RATED] = {"rated", "Hồ sơ được đánh giá", "Dossiers rated", "finished with a rating", true},
	[DOSSIER_SATISFIED] = {"satisfied", "Đánh giá hài lòng", "Ratings satisfied (4-5)", "finished with rating >= 4", true},
	[DOSSIER_OVERDUE_OPEN] = {"overdue_open", "Hồ sơ quá hạn chưa xong (cuối kỳ)", "Open overdue dossiers (end of period)", "open at the period's last instant and due before it", false},
	[DOSSIER_OPEN] = {"open", "Hồ sơ đang giải quyết (cuối kỳ)", "Open dossiers (end of period)", "open at the period's last instant", false},
};

static const struct dossier_metric rate_metrics[DOSSIER_NRATES] = {
	[DOSSIER_RATE_ON_TIME] = {"on_time_rate", "Tỷ lệ giải quyết đúng hạn", "On-time rate", "finished_on_time / finished", false},
	[DOSSIER_RATE_ONLINE] = {"online_rate", "Tỷ lệ tiếp nhận trực tuyến", "Online rate", "received_online / received", false},
	[DOSSIER_RATE_FULL_ONLINE] = {"full_online_rate", "Tỷ lệ trực tuyến toàn trình", "Full-online rate", "received_full_online / received", false},
	[DOSSIER_RATE_PAID_ONLINE] = {"paid_online_rate", "Tỷ lệ thanh toán trực tuyến", "Online payment rate", "paid_online / received", false},
	[DOSSIER_RATE_DIGITIZED] = {"digitized_rate", "Tỷ lệ số hóa hồ sơ", "Digitisation rate", "digitized / received", false},
	[DOSSIER_RATE_RESULT_DIGITIZED] = {"result_digitized_rate", "Tỷ lệ kết quả điện tử", "Electronic result rate", "result_digitized / finished", false},
	[DOSSIER_RATE_SATISFIED] = {"satisfied_rate", "Tỷ lệ hài lòng", "Satisfaction rate", "satisfied / rated", false},
	[DOSSIER_RATE_OVERDUE] = {"overdue_rate", "Tỷ lệ quá hạn (cuối kỳ)", "Overdue rate (end of period)", "overdue_open / open", false},
};

static enum px_err define_metrics(struct db *db)
{
	enum px_err e = PX_OK;
	for (int k = 0; k < DOSSIER_NFIELDS + DOSSIER_NRATES && e == PX_OK; k++) {
		const struct dossier_metric *m =
			k < DOSSIER_NFIELDS ? &field_metrics[k] : &rate_metrics[k - DOSSIER_NFIELDS];
		char code[64], desc[256];
		snprintf(code, sizeof code, "dossier.%s", m->name);
		snprintf(desc, sizeof desc, "%s (dossier import; shared/formats/dossiers.md)",
		         m->formula);
		struct metric_def def = {code, m->vi, m->en, m->count ? "hồ sơ" : k < DOSSIER_NFIELDS
		                                                         ? "hồ sơ" : "tỷ lệ 0..1",
		                         desc, m->count ? AGG_SUM : AGG_NONE, 0};
		e = repo_metric_define(db, &def);
	}
	return e;
}

/* Sums of one unit over a quarter or year being built. */
struct period_acc {
	int64_t sum[DOSSIER_NFIELDS];
	int months;
	int64_t last[DOSSIER_NFIELDS]; /* the values of the latest month */
};

static const char *metric_codes[DOSSIER_NFIELDS + DOSSIER_NRATES];

struct unit_values {
	struct dossier_metrics_load *load;
	const char *unit;
	long n;
};

static void put(struct unit_values *u, const char *period, const char *metric, double value)
{
	repo_dossier_metrics_add(u->load, u->unit, period, metric, value);
	u->n++;
}

static void put_rates(struct unit_values *u, const char *period, const int64_t *v)
{
	for (int k = 0; k < DOSSIER_NRATES; k++) {
		double x;
		if (dossier_rate_value((enum dossier_rate)k, v, &x))
			put(u, period, metric_codes[DOSSIER_NFIELDS + k], x);
	}
}

/* A finished quarter or year (when the data covers all of it): rates of
 * the summed flows, stocks at the period's end. */
static void put_period(struct unit_values *u, const char *period, const struct period_acc *a,
                       int months_needed)
{
	if (a->months != months_needed)
		return;
	int64_t v[DOSSIER_NFIELDS];
	memcpy(v, a->sum, sizeof v);
	v[DOSSIER_OVERDUE_OPEN] = a->last[DOSSIER_OVERDUE_OPEN];
	v[DOSSIER_OPEN] = a->last[DOSSIER_OPEN];
	put(u, period, metric_codes[DOSSIER_OVERDUE_OPEN], (double)v[DOSSIER_OVERDUE_OPEN]);
	put(u, period, metric_codes[DOSSIER_OPEN], (double)v[DOSSIER_OPEN]);
	put_rates(u, period, v);
}

/* Recomputes the metrics of the units in scope (NULL: all) from the
 * whole stored aggregate, for months first..last: every month, and the
 * quarters and years the months cover entirely. */
static enum px_err write_metrics(struct db *db, const struct dossier_agg *all, int32_t first,
                                 int32_t last, const struct map *scope, const char *as_of,
                                 struct dossier_import_summary *sum)
{
	static char codes[DOSSIER_NFIELDS + DOSSIER_NRATES][48];
	for (int k = 0; k < DOSSIER_NFIELDS + DOSSIER_NRATES; k++) {
		snprintf(codes[k], sizeof codes[k], "dossier.%s",
		         k < DOSSIER_NFIELDS ? field_metrics[k].name : rate_metrics[k - DOSSIER_NFIELDS].name);
		metric_codes[k] = codes[k];
	}
	struct dossier_month_row *rows = NULL;
	size_t n = first == DOSSIER_NO_MONTH || last == DOSSIER_NO_MONTH
		? 0 : dossier_agg_table(all, first, last, true, &rows);
	struct unit_values u = {repo_dossier_metrics_begin(db), NULL, 0};
	/* units in scope lose their old values even when no month is left */
	for (size_t i = 0; scope && i < scope->cap; i++)
		if (scope->slots[i].key)
			repo_dossier_metrics_unit(u.load, scope->slots[i].key);
	for (size_t i = 0; i < n;) {
		const char *unit = rows[i].unit;
		size_t j = i;
		while (j < n && !strcmp(rows[j].unit, unit))
			j++;
		if (scope && !map_gets(scope, unit)) {
			i = j;
			continue;
		}
		sum->units++;
		u.unit = unit;
		repo_dossier_metrics_unit(u.load, unit);
		struct period_acc q = {0}, y = {0};
		for (size_t k = i; k < j; k++) {
			const struct dossier_month_row *r = &rows[k];
			int32_t m = r->month;
			if (m % 3 == 0)
				memset(&q, 0, sizeof q);
			if (m % 12 == 0)
				memset(&y, 0, sizeof y);
			char mp[8], pp[24];
			dossier_month_format(m, mp);
			for (int f = 0; f < DOSSIER_NFIELDS; f++)
				put(&u, mp, metric_codes[f], (double)r->v[f]);
			put_rates(&u, mp, r->v);
			/* a period counts only when its first month was seen */
			if (m % 3 == 0 || q.months)
				q.months++;
			if (m % 12 == 0 || y.months)
				y.months++;
			for (int f = 0; f < DOSSIER_NFIELDS; f++) {
				q.sum[f] += r->v[f];
				y.sum[f] += r->v[f];
				q.last[f] = y.last[f] = r->v[f];
			}
			if (m % 3 == 2) {
				snprintf(pp, sizeof pp, "%04d-Q%d", m / 12, m % 12 / 3 + 1);
				put_period(&u, pp, &q, 3);
			}
			if (m % 12 == 11) {
				snprintf(pp, sizeof pp, "%04d", m / 12);
				put_period(&u, pp, &y, 12);
			}
		}
		i = j;
	}
	free(rows);
	sum->values = u.n;
	return repo_dossier_metrics_end(u.load, as_of);
}

static enum px_err import(struct app *app, const char *path, const char *data, size_t len,
                          const struct dossier_opts *o, struct diags *d,
                          struct dossier_import_summary *sum)
{
	memset(sum, 0, sizeof *sum);
	struct db *db = app->db;
	struct catalogue *cat = NULL;
	struct calendar *cal = NULL;
	struct map units;
	map_init(&units);
	struct dossier_agg *delta = dossier_agg_new(), *all = dossier_agg_new();
	struct import_run run = {0};
	bool direct = false, in_txn = false;
	enum px_err e = load_env(app, o, true, d, &cat, &cal);
	if (e != PX_OK)
		goto out;
	if (repo_dossier_unit_codes(db, &units) != PX_OK ||
	    repo_dossier_is_empty(db, &direct) != PX_OK) {
		e = PX_FAIL;
		goto dberr;
	}
	run.env = (struct row_env){cat, cal, &units};
	repo_dossier_bulk_mode(db, true);
	if ((e = db_begin(db)) != PX_OK)
		goto dberr;
	in_txn = true;
	trace(NULL);
	run.bulk = repo_dossier_load_begin(db, direct);
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
	if ((e = db_bulk_end(run.bulk)) != PX_OK)
		goto dberr;
	trace("read + insert");
	long replaced = 0;
	if ((e = repo_dossier_load_finish(db, direct, take_out, delta, &replaced)) != PX_OK)
		goto dberr;
	sum->replaced = replaced;
	sum->inserted = run.inserted - replaced;
	trace(direct ? "indexes" : "replace");
	/* the stored counters before and after */
	if ((e = repo_dossier_month_each(db, load_cell, all)) != PX_OK)
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
	now_iso(as_of, true);
	trace("monthly counters");
	if (e == PX_OK)
		e = define_metrics(db);
	if (e == PX_OK)
		e = write_metrics(db, all, first, last, everyone ? NULL : &scope, as_of, sum);
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
		if (e == PX_OK)
			audit_anchor_after_commit(db);
	}
	trace("commit");
	if (e == PX_OK)
		goto out;
dberr:
	diag_err(d, NULL, 0, 0, "lỗi CSDL, không có gì thay đổi: %s",
	         "database error, nothing changed: %s", db_errmsg(db));
	e = PX_FAIL;
out:
	/* only a transaction this import began and did not end (a caller's
	 * outer transaction stays open on success) */
	if (in_txn)
		db_rollback(db);
	repo_dossier_bulk_mode(db, false);
	map_free(&units);
	dossier_agg_free(delta);
	dossier_agg_free(all);
	catalogue_free(cat);
	calendar_free(cal);
	return e;
}

enum px_err app_dossier_import(struct app *app, const char *path, const struct dossier_opts *o,
                               struct diags *d, struct dossier_import_summary *sum)
{
	return import(app, path, NULL, 0, o, d, sum);
}

enum px_err app_dossier_import_mem(struct app *app, const char *name, const char *data,
                                   size_t len, const struct dossier_opts *o, struct diags *d,
                                   struct dossier_import_summary *sum)
{
	return import(app, name, data ? data : "", len, o, d, sum);
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

/* ---- the Decision 766 service index ---- */

#define SERVICE_MAX_INDICATORS 16

struct si_indicator {
	const char *metric;
	double points;
	bool invert;
	bool has_target;
	double target;
};

struct si_group {
	struct service_index_group g;
	struct si_indicator ind[SERVICE_MAX_INDICATORS];
	size_t n;
};

struct si_rules {
	const char *code;
	struct si_group groups[SERVICE_GROUPS];
};

static const char *json_text(json_t *obj, const char *key, struct arena *a)
{
	json_t *v = json_object_get(obj, key);
	return json_is_string(v) ? arena_strdup(a, json_string_value(v)) : NULL;
}

static bool parse_rules(const char *name, const char *data, size_t len, struct arena *a,
                        struct diags *d, struct si_rules *out)
{
	memset(out, 0, sizeof *out);
	json_error_t je;
	json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		diag_err(d, name, je.line > 0 ? je.line : 1, je.column > 0 ? je.column : 1,
		         "JSON không hợp lệ: %s", "invalid JSON: %s", je.text);
		return false;
	}
	bool ok = false;
	json_t *groups = json_object_get(root, "groups");
	out->code = json_text(root, "code", a);
	if (!out->code || !metric_code_valid(out->code, strlen(out->code)) ||
	    !json_is_array(groups) || json_array_size(groups) != SERVICE_GROUPS) {
		diag_err(d, name, 0, 0, "cần \"code\" (mã chỉ số) và \"groups\" gồm đúng %d nhóm",
		         "needs \"code\" (a metric code) and \"groups\" of exactly %d groups",
		         SERVICE_GROUPS);
		goto out;
	}
	size_t i;
	json_t *g;
	json_array_foreach(groups, i, g) {
		struct si_group *sg = &out->groups[i];
		json_t *max = json_object_get(g, "max_points");
		json_t *inds = json_object_get(g, "indicators");
		sg->g.code = json_text(g, "code", a);
		sg->g.name_vi = json_text(g, "name_vi", a);
		sg->g.name_en = json_text(g, "name_en", a);
		if (!sg->g.code || !sg->g.name_vi || !sg->g.name_en || !json_is_number(max) ||
		    json_number_value(max) <= 0 || !json_is_array(inds) || !json_array_size(inds) ||
		    json_array_size(inds) > SERVICE_MAX_INDICATORS ||
		    !metric_code_valid(sg->g.code, strlen(sg->g.code))) {
			diag_err(d, name, 0, 0,
			         "groups[%zu]: cần code, name_vi, name_en, max_points > 0 và 1..%d indicators",
			         "groups[%zu]: needs code, name_vi, name_en, max_points > 0 and 1..%d "
			         "indicators", i, SERVICE_MAX_INDICATORS);
			goto out;
		}
		sg->g.max_points = json_number_value(max);
		double total = 0;
		size_t k;
		json_t *ind;
		json_array_foreach(inds, k, ind) {
			struct si_indicator *x = &sg->ind[sg->n++];
			json_t *pts = json_object_get(ind, "points");
			json_t *target = json_object_get(ind, "target");
			json_t *invert = json_object_get(ind, "invert");
			x->metric = json_text(ind, "metric", a);
			if (!x->metric || !metric_code_valid(x->metric, strlen(x->metric)) ||
			    !json_is_number(pts) || json_number_value(pts) < 0 ||
			    (target && !json_is_null(target) &&
			     (!json_is_number(target) || json_number_value(target) < 0 ||
			      json_number_value(target) > 1)) ||
			    (invert && !json_is_boolean(invert))) {
				diag_err(d, name, 0, 0,
				         "groups[%zu].indicators[%zu]: cần metric, points >= 0; target "
				         "trong 0..1; invert true/false",
				         "groups[%zu].indicators[%zu]: needs metric, points >= 0; target "
				         "in 0..1; invert true/false", i, k);
				goto out;
			}
			x->points = json_number_value(pts);
			x->invert = json_is_true(invert);
			x->has_target = target && json_is_number(target);
			x->target = x->has_target ? json_number_value(target) : 0;
			total += x->points;
		}
		if (total < sg->g.max_points - 1e-9 || total > sg->g.max_points + 1e-9) {
			diag_err(d, name, 0, 0,
			         "nhóm %s: tổng điểm các chỉ số %g khác điểm tối đa %g",
			         "group %s: the indicators' points add up to %g, not its maximum %g",
			         sg->g.code, total, sg->g.max_points);
			goto out;
		}
	}
	ok = true;
out:
	json_decref(root);
	return ok;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

enum px_err app_service_index(struct app *app, struct period p, const char *rules_path,
                              struct diags *d, struct service_index *out)
{
	memset(out, 0, sizeof *out);
	struct arena *a = app->arena;
	struct si_rules rules;
	bool ok;
	if (rules_path) {
		size_t len;
		char *data = read_file(rules_path, &len, d);
		ok = data && parse_rules(rules_path, data, len, a, d, &rules);
		free(data);
	} else {
		const struct embedded_file *f = embedded_find(dossier_data_files, SERVICE_RULES_FILE);
		ok = f && parse_rules(SERVICE_RULES_FILE, f->data, f->len, a, d, &rules);
	}
	if (!ok)
		return PX_BADINPUT;
	for (int g = 0; g < SERVICE_GROUPS; g++)
		out->groups[g] = rules.groups[g].g;
	struct metric_table t;
	metric_table_init(&t, a);
	char prefix[8], ps[9];
	snprintf(prefix, sizeof prefix, "%04d", p.year);
	period_format(p, ps);
	enum px_err e = app_metric_table_load(app, prefix, &t);
	if (e != PX_OK) {
		metric_table_free(&t);
		diag_err(d, NULL, 0, 0, "lỗi CSDL: %s", "database error: %s", db_errmsg(app->db));
		return PX_FAIL;
	}
	/* the units with dossier metrics in the period */
	struct map seen;
	map_init(&seen);
	const char **units = NULL;
	size_t nunits = 0;
	for (size_t i = 0; i < t.values.cap; i++) {
		const struct map_slot *s = &t.values.slots[i];
		if (!s->key)
			continue;
		const char *u1 = memchr(s->key, '\x1f', s->klen);
		if (!u1)
			continue;
		const char *m1 = memchr(u1 + 1, '\x1f', s->klen - (size_t)(u1 + 1 - s->key));
		if (!m1 || (size_t)(m1 - u1 - 1) < 8 || memcmp(u1 + 1, "dossier.", 8))
			continue;
		struct period q;
		size_t plen = s->klen - (size_t)(m1 + 1 - s->key);
		if (!period_parse(m1 + 1, plen, &q) || !period_contains(p, q))
			continue;
		size_t ulen = (size_t)(u1 - s->key);
		if (map_get(&seen, s->key, ulen))
			continue;
		map_put(&seen, s->key, ulen, (void *)(uintptr_t)1);
		units = xrealloc(units, size_mul(nunits + 1, sizeof *units));
		units[nunits++] = arena_strndup(a, s->key, ulen);
	}
	map_free(&seen);
	if (nunits)
		qsort(units, nunits, sizeof *units, cmp_str);
	out->rows = arena_array(a, nunits ? nunits : 1, sizeof *out->rows);
	out->n = nunits;
	for (size_t i = 0; i < nunits; i++) {
		struct service_index_row *r = &out->rows[i];
		struct str missing;
		str_init(&missing, 0);
		r->unit = units[i];
		for (int g = 0; g < SERVICE_GROUPS; g++) {
			const struct si_group *sg = &rules.groups[g];
			double pts = 0;
			bool known = true;
			for (size_t k = 0; k < sg->n; k++) {
				const struct si_indicator *x = &sg->ind[k];
				double v;
				const char *src;
				bool derived;
				if (!metric_table_get(&t, r->unit, x->metric, p, &v, &src, &derived)) {
					known = false;
					str_printf(&missing, "%s%s", missing.len ? " " : "", x->metric);
					continue;
				}
				double rate = x->invert ? 1 - v : v;
				rate = rate < 0 ? 0 : rate > 1 ? 1 : rate;
				pts += x->has_target && rate >= x->target ? x->points : rate * x->points;
			}
			r->group_known[g] = known;
			r->group_points[g] = known ? pts : 0;
			if (known) {
				r->points += pts;
				r->max_points += sg->g.max_points;
			}
		}
		r->index = r->max_points > 0 ? r->points / r->max_points * 100 : 0;
		r->missing = arena_strdup(a, str_cstr(&missing));
		str_free(&missing);
	}
	free(units);
	metric_table_free(&t);
	/* store the results as metric values */
	char now[40];
	now_iso(now, false);
	e = db_begin(app->db);
	for (int g = 0; g < SERVICE_GROUPS + 3 && e == PX_OK; g++) {
		char code[160];
		const char *vi, *en;
		if (g < SERVICE_GROUPS) {
			snprintf(code, sizeof code, "%s.%s", rules.code, rules.groups[g].g.code);
			vi = rules.groups[g].g.name_vi;
			en = rules.groups[g].g.name_en;
		} else {
			static const char *const names[3][3] = {
				{"points", "Điểm chất lượng phục vụ (các nhóm có số liệu)",
				 "Service quality points (groups with data)"},
				{"max_points", "Điểm tối đa của các nhóm có số liệu",
				 "Maximum points of the groups with data"},
				{"index", "Chỉ số chất lượng phục vụ (%)", "Service quality index (%)"}};
			snprintf(code, sizeof code, "%s.%s", rules.code, names[g - SERVICE_GROUPS][0]);
			vi = names[g - SERVICE_GROUPS][1];
			en = names[g - SERVICE_GROUPS][2];
		}
		struct metric_def def = {code, vi, en, g == SERVICE_GROUPS + 2 ? "%" : "điểm",
		                         "Decision 766 service index (service-index)", AGG_NONE, 0};
		e = repo_metric_define(app->db, &def);
	}
	if (e == PX_OK)
		e = repo_dossier_metric_clear(app->db, ps, rules.code);
	for (size_t i = 0; i < out->n && e == PX_OK; i++) {
		const struct service_index_row *r = &out->rows[i];
		for (int g = 0; g < SERVICE_GROUPS + 3 && e == PX_OK; g++) {
			char code[160];
			double v;
			bool had;
			double old;
			if (g < SERVICE_GROUPS) {
				if (!r->group_known[g])
					continue;
				snprintf(code, sizeof code, "%s.%s", rules.code, rules.groups[g].g.code);
				v = r->group_points[g];
			} else if (g == SERVICE_GROUPS) {
				snprintf(code, sizeof code, "%s.points", rules.code);
				v = r->points;
			} else if (g == SERVICE_GROUPS + 1) {
				snprintf(code, sizeof code, "%s.max_points", rules.code);
				v = r->max_points;
			} else {
				if (r->max_points <= 0)
					continue;
				snprintf(code, sizeof code, "%s.index", rules.code);
				v = r->index;
			}
			e = repo_metric_put(app->db, r->unit, ps, code, v, "service-index", now, &had, &old);
			out->values++;
		}
	}
	if (e == PX_OK) {
		char detail[256];
		snprintf(detail, sizeof detail, "{\"period\": \"%s\", \"units\": %zu, \"values\": %ld}",
		         ps, out->n, out->values);
		e = audit_append(app->db, app->actor, "compute", "service_index", ps, detail);
	}
	if (e == PX_OK)
		e = db_commit(app->db);
	if (e == PX_OK)
		audit_anchor_after_commit(app->db);
	if (e != PX_OK) {
		diag_err(d, NULL, 0, 0, "lỗi CSDL, không có gì thay đổi: %s",
		         "database error, nothing changed: %s", db_errmsg(app->db));
		db_rollback(app->db);
		return PX_FAIL;
	}
	return PX_OK;
}
