/*
 * Staff import (docs/formats/staff.md): the people of each unit with their
 * category (cadre, civil servant, public employee, contract worker) and
 * position. All or nothing; the unit must exist in the register; only
 * changed rows are written and audited.
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

static const char *const staff_categories[] = {"cadre", "civil_servant",
                                               "public_employee", "contract", NULL};

enum px_err app_staff_import(struct app *app, struct table *t, struct diags *d,
                             struct import_summary *sum)
{
	static const char *const names[] = {"code", "name", "unit_code", "category",
	                                    "position", "valid_from", "valid_to", NULL};
	static const bool req[] = {true, true, true, true, false, false, false};
	int col[7];
	struct arena *a = app->arena;
	struct unit_set units;
	struct map seen;
	map_init(&seen);
	struct staff_rec *rows = NULL;
	size_t n = 0, cap = 0;
	int r;
	enum px_err e = app_import_start(app, t, names, req, col, &units, d);
	if (e != PX_OK)
		goto out;
	for (r = table_next(t, d); r == 1; r = table_next(t, d)) {
		struct staff_rec s = {0};
		bool ok = true;
		ok &= field_code(t, col[0], "code", true, a, d, &s.code);
		ok &= field_text(t, col[1], "name", true, true, a, d, &s.name);
		ok &= field_code(t, col[2], "unit_code", true, a, d, &s.unit_code);
		ok &= field_enum(t, col[3], "category", true, staff_categories, NULL, d, &s.category);
		ok &= field_text(t, col[4], "position", false, true, a, d, &s.position);
		ok &= field_date(t, col[5], "valid_from", false, DATE_MIN, d, &s.valid_from);
		ok &= field_date(t, col[6], "valid_to", false, DATE_MAX, d, &s.valid_to);
		if (!ok)
			continue;
		s.line = table_line(t);
		if (unit_set_find(&units, s.unit_code) < 0) {
			diag_add(d, DIAG_ERROR, table_name(t), s.line, col[2] + 1, NULL,
			         "không có đơn vị mã \"%s\" trong danh mục",
			         "no unit with code \"%s\" in the register", s.unit_code);
			continue;
		}
		if (s.valid_from != DATE_MIN && s.valid_to != DATE_MAX && s.valid_to < s.valid_from) {
			diag_err(d, table_name(t), s.line, col[6] + 1,
			         "valid_to trước valid_from", "valid_to is before valid_from");
			continue;
		}
		uintptr_t first = (uintptr_t)map_gets(&seen, s.code);
		if (first) {
			diag_add(d, DIAG_ERROR, table_name(t), s.line, col[0] + 1, NULL,
			         "mã cán bộ \"%s\" bị trùng (đã có ở dòng %lu)",
			         "duplicate staff code \"%s\" (first on line %lu)", s.code,
			         (unsigned long)first);
			continue;
		}
		map_puts(&seen, s.code, (void *)(uintptr_t)s.line);
		VEC_ADD(rows, cap, n, s);
	}
	e = app_import_begin(app, r, n, d, sum);
	if (e == PX_BADINPUT)
		goto out;
	for (size_t i = 0; i < n && e == PX_OK; i++) {
		enum staff_change what;
		e = repo_staff_upsert(app->db, &rows[i], &what);
		if (e != PX_OK)
			break;
		if (what == STAFF_SAME) {
			sum->unchanged++;
			continue;
		}
		bool is_new = what == STAFF_NEW;
		struct str detail;
		str_init(&detail, 0);
		STR_JSON_TEXTS(&detail, "name", rows[i].name, "unit", rows[i].unit_code, "category",
		               rows[i].category, "position", rows[i].position);
		e = app_import_audit(app, is_new, "staff", rows[i].code, &detail, sum);
	}
	e = app_commit(app, e, d);
out:
	free(rows);
	map_free(&seen);
	unit_set_free(&units);
	return e;
}



enum px_err app_staff_list(struct app *app, const char *unit, struct staff_rec **out,
                           size_t *n)
{
	return repo_staff_list(app->db, unit, app->arena, out, n);
}
