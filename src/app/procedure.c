/*
 * Owns the procedure (TTHC) catalogue: its import from a CSV or XLSX
 * file (docs/formats/procedures.md, all or nothing, audited per changed
 * procedure), its listing, and the in-memory catalogue that `dossier
 * analyze` and `dossier import` compute empty deadlines from (a file or
 * the stored catalogue; app/dossier_impl.h).
 */
#include <stdlib.h>
#include <string.h>

#include "app/dossier_impl.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/map.h"
#include "base/mem.h"
#include "base/str.h"
#include "base/vec.h"
#include "io/fields.h"
#include "io/table.h"
#include "store/repo_audit.h"
#include "store/repo_dossier.h"

struct catalogue {
	struct map by_code; /* code -> struct procedure * */
	struct arena *arena;
};

void catalogue_free(struct catalogue *c)
{
	if (!c)
		return;
	map_free(&c->by_code);
	arena_free(c->arena);
	free(c);
}

const struct procedure *catalogue_find(const struct catalogue *c, const char *code, size_t n)
{
	return c ? map_get(&c->by_code, code, n) : NULL;
}

/* Reads a catalogue table (docs/formats/procedures.md) into rows. */
static enum px_err read_procedures(struct table *t, struct arena *a, struct diags *d,
                                   struct procedure **out, size_t *nout)
{
	static const char *const names[] = {"code", "name", "processing_days", "online_kind", NULL};
	static const bool req[] = {true, true, false, false};
	static const char *const kinds[] = {"none", "partial", "full", NULL};
	int col[4];
	enum px_err e = table_columns(t, names, req, col, d);
	struct procedure *v = NULL;
	size_t n = 0, cap = 0;
	struct map seen;
	map_init(&seen);
	int r = 0;
	for (r = e == PX_OK ? table_next(t, d) : 0; r == 1; r = e == PX_OK ? table_next(t, d) : 0) {
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
		VEC_ADD(v, cap, n, p);
	}
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
enum px_err catalogue_load(struct app *app, const char *path, bool from_db, struct diags *d,
                           struct catalogue **out)
{
	*out = NULL;
	struct arena *a = arena_new();
	struct procedure *v = NULL;
	size_t n = 0;
	enum px_err e = PX_OK;
	if (path) {
		struct table *t;
		e = table_open(path, &t, d);
		if (e == PX_OK) {
			e = read_procedures(t, a, d, &v, &n);
			table_close(t);
		}
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

enum px_err app_procedure_import(struct app *app, struct table *t, struct diags *d,
                                 struct import_summary *sum)
{
	struct procedure *v = NULL;
	size_t n = 0;
	enum px_err e = read_procedures(t, app->arena, d, &v, &n);
	if (e != PX_OK)
		return e;
	sum->rows = (long)n;
	char now[40];
	clock_iso(clock_now(), now);
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
		e = app_import_audit(app, change == 1, "procedure", v[i].code, &detail, sum);
	}
	e = app_commit(app, e, d);
	free(v);
	return e;
}

enum px_err app_procedure_list(struct app *app, struct procedure **out, size_t *n)
{
	return repo_procedure_all(app->db, app->arena, out, n);
}

/* ---- one row: deadline, checks, effect (shared by analyze and import) ---- */
