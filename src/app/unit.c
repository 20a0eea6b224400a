/*
 * Use cases of the unit register: import units and staff, load the
 * register. An import reads the whole file first, overlays it on the
 * stored register, validates the result as a whole (core/register.c) and
 * writes only when nothing is wrong: all or nothing. Only rows that
 * change something are written, each with an audit entry.
 */
#include "app/app.h"
#include "base/arena.h"
#include "base/datetime.h"
#include "base/mem.h"
#include "base/vec.h"
#include "base/str.h"
#include "io/fields.h"
#include "io/table.h"
#include "store/repo_audit.h"
#include "store/repo_unit.h"

#include <stdlib.h>
#include <string.h>

enum px_err app_register_load(struct app *app, struct unit_set *s)
{
	unit_set_init(s, app->arena);
	return repo_unit_load(app->db, s);
}

static bool valid_kind(const char *k)
{
	if (!*k)
		return false;
	for (const char *p = k; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || *p == '_' || (*p >= '0' && *p <= '9')))
			return false;
	return true;
}

/* Splits "A; B;C" into trimmed non-empty codes. */
static size_t split_codes(struct arena *a, const char *s, const char ***out)
{
	size_t n = 0, cap = 1;
	for (const char *p = s; *p; p++)
		cap += *p == ';';
	const char **v = arena_array(a, cap, sizeof *v);
	const char *p = s;
	while (*p) {
		while (*p == ' ' || *p == ';')
			p++;
		const char *start = p;
		while (*p && *p != ';')
			p++;
		const char *end = p;
		while (end > start && end[-1] == ' ')
			end--;
		if (end > start)
			v[n++] = arena_strndup(a, start, (size_t)(end - start));
	}
	*out = v;
	return n;
}

static bool same_unit(const struct unit_rec *a, const struct unit_rec *b)
{
	if (strcmp(a->name, b->name) || strcmp(a->kind, b->kind) ||
	    a->valid_from != b->valid_from || a->valid_to != b->valid_to ||
	    a->has_quota != b->has_quota ||
	    (a->has_quota && a->payroll_quota != b->payroll_quota) ||
	    (!a->parent != !b->parent) || (a->parent && strcmp(a->parent, b->parent)) ||
	    a->nsucc != b->nsucc)
		return false;
	for (size_t i = 0; i < a->nsucc; i++) {
		bool found = false;
		for (size_t k = 0; k < b->nsucc && !found; k++)
			found = !strcmp(a->successors[i], b->successors[k]);
		if (!found)
			return false;
	}
	return true;
}

static void json_date(struct str *s, int32_t d)
{
	if (d == DATE_MIN || d == DATE_MAX) {
		str_adds(s, "null");
		return;
	}
	char buf[11];
	date_format(d, buf);
	str_add_json(s, buf);
}

/* The audit detail of a unit: its stored fields as JSON. */
static void unit_json(struct str *s, const struct unit_rec *u)
{
	str_adds(s, "{\"name\": ");
	str_add_json(s, u->name);
	str_adds(s, ", \"kind\": ");
	str_add_json(s, u->kind);
	str_adds(s, ", \"parent\": ");
	if (u->parent)
		str_add_json(s, u->parent);
	else
		str_adds(s, "null");
	str_adds(s, ", \"valid_from\": ");
	json_date(s, u->valid_from);
	str_adds(s, ", \"valid_to\": ");
	json_date(s, u->valid_to);
	str_adds(s, ", \"payroll_quota\": ");
	if (u->has_quota)
		str_printf(s, "%lld", (long long)u->payroll_quota);
	else
		str_adds(s, "null");
	str_adds(s, ", \"successors\": [");
	for (size_t i = 0; i < u->nsucc; i++) {
		if (i)
			str_adds(s, ", ");
		str_add_json(s, u->successors[i]);
	}
	str_adds(s, "]}");
}

enum px_err app_unit_import(struct app *app, struct table *t, struct diags *d,
                            struct import_summary *sum)
{
	static const char *const names[] = {"code", "name", "kind", "parent", "valid_from",
	                                    "valid_to", "successor", "payroll_quota", NULL};
	static const bool req[] = {true, true, true, false, false, false, false, false};
	enum { C_CODE, C_NAME, C_KIND, C_PARENT, C_FROM, C_TO, C_SUCC, C_QUOTA };
	int col[8];
	struct arena *a = app->arena;
	struct unit_set set;
	enum px_err e = app_import_start(app, t, names, req, col, &set, d);
	if (e != PX_OK) {
		unit_set_free(&set);
		return e;
	}
	/* keep the stored state to tell inserts, updates and no-ops apart */
	size_t nstored = set.n;
	struct unit_rec *stored = xmalloc(size_mul(nstored + 1, sizeof *stored));
	if (nstored)
		memcpy(stored, set.v, nstored * sizeof *stored);
	struct map file_lines; /* code -> first line in this file */
	map_init(&file_lines);
	size_t *rows = NULL, nrows = 0, caprows = 0;
	int r;
	for (r = table_next(t, d); r == 1; r = table_next(t, d)) {
		struct unit_rec u = {0};
		bool ok = true;
		const char *parent, *succ;
		int64_t quota;
		ok &= field_code(t, col[C_CODE], "code", true, a, d, &u.code);
		ok &= field_text(t, col[C_NAME], "name", true, true, a, d, &u.name);
		ok &= field_text(t, col[C_KIND], "kind", true, false, a, d, &u.kind);
		ok &= field_code(t, col[C_PARENT], "parent", false, a, d, &parent);
		ok &= field_date(t, col[C_FROM], "valid_from", false, DATE_MIN, d, &u.valid_from);
		ok &= field_date(t, col[C_TO], "valid_to", false, DATE_MAX, d, &u.valid_to);
		ok &= field_text(t, col[C_SUCC], "successor", false, false, a, d, &succ);
		ok &= field_int(t, col[C_QUOTA], "payroll_quota", false, 0, 100000000, d,
		                &quota, &u.has_quota);
		if (*u.kind && !valid_kind(u.kind)) {
			diag_add(d, DIAG_ERROR, table_name(t), table_field_line(t, col[C_KIND]),
			         table_field_column(t, col[C_KIND]), NULL,
			         "cột kind: loại đơn vị là một từ viết thường (a-z, 0-9, _): \"%s\"",
			         "column kind: a unit kind is one lowercase word (a-z, 0-9, _): \"%s\"",
			         u.kind);
			ok = false;
		}
		if (!ok || !*u.code)
			continue;
		uintptr_t first = (uintptr_t)map_gets(&file_lines, u.code);
		if (first) {
			diag_add(d, DIAG_ERROR, table_name(t), table_line(t),
			         table_field_column(t, col[C_CODE]), NULL,
			         "mã đơn vị \"%s\" bị trùng (đã có ở dòng %lu)",
			         "duplicate unit code \"%s\" (first on line %lu)", u.code,
			         (unsigned long)first);
			continue;
		}
		map_puts(&file_lines, u.code, (void *)(uintptr_t)table_line(t));
		u.parent = *parent ? parent : NULL;
		u.payroll_quota = quota;
		u.nsucc = split_codes(a, succ, &u.successors);
		u.line = table_line(t);
		size_t at = unit_set_put(&set, &u);
		VEC_ADD(rows, caprows, nrows, at);
	}
	sum->rows = (long)nrows;
	if (r < 0 || d->errors) {
		e = PX_BADINPUT;
		goto out;
	}
	if (nrows == 0) {
		diag_err(d, table_name(t), 2, 0, "tệp không có dòng dữ liệu nào",
		         "the file has no data rows");
		e = PX_BADINPUT;
		goto out;
	}
	register_index(&set);
	struct register_cols rc = {col[C_CODE] + 1, col[C_PARENT] + 1, col[C_FROM] + 1,
	                           col[C_TO] + 1, col[C_SUCC] + 1};
	if (register_validate(&set, table_name(t), &rc, d)) {
		e = PX_BADINPUT;
		goto out;
	}
	/* write in three passes: the changed units, then their parents and
	 * successor links (every code exists by then), then the audit */
	bool *changed = xcalloc(nrows + 1, sizeof *changed);
	e = db_begin(app->db);
	for (size_t i = 0; i < nrows && e == PX_OK; i++) {
		const struct unit_rec *u = &set.v[rows[i]];
		bool is_new = rows[i] >= nstored;
		changed[i] = is_new || !same_unit(u, &stored[rows[i]]);
		if (changed[i])
			e = repo_unit_upsert(app->db, u);
	}
	for (size_t i = 0; i < nrows && e == PX_OK; i++) {
		const struct unit_rec *u = &set.v[rows[i]];
		if (!changed[i])
			continue;
		e = repo_unit_set_parent(app->db, u->code, u->parent);
		if (e == PX_OK)
			e = repo_unit_set_successors(app->db, u->code, u->successors, u->nsucc);
	}
	for (size_t i = 0; i < nrows && e == PX_OK; i++) {
		const struct unit_rec *u = &set.v[rows[i]];
		bool is_new = rows[i] >= nstored;
		if (!changed[i]) {
			sum->unchanged++;
			continue;
		}
		struct str detail;
		str_init(&detail, 0);
		if (!is_new) {
			str_adds(&detail, "{\"before\": ");
			unit_json(&detail, &stored[rows[i]]);
			str_adds(&detail, ", \"after\": ");
			unit_json(&detail, u);
			str_addc(&detail, '}');
		} else {
			unit_json(&detail, u);
		}
		e = app_import_audit(app, is_new, "unit", u->code, &detail, sum);
		if (app->progress)
			app->progress(app->progress_ctx, i + 1, nrows);
	}
	free(changed);
	e = app_commit(app, e, d);
out:
	free(rows);
	free(stored);
	map_free(&file_lines);
	unit_set_free(&set);
	return e;
}


