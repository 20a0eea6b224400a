/* The plan file reader; see plan_io.h. */
#include "io/plan_io.h"
#include "base/arena.h"
#include "base/datetime.h"
#include "base/map.h"
#include "base/mem.h"
#include "base/vec.h"
#include "core/plan.h"
#include "io/fields.h"
#include "io/table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const plan_col_names[] = {"plan_code", "plan_unit", "year", "task_code",
                                      "parent_plan", "parent_task", "area", "title",
                                      "owner_unit", "coordinators", "start", "due", "output",
                                      "indicator", "target", NULL};

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

static void row_err(struct diags *d, const struct table *t, const struct plan_row *r,
                    enum plan_col c, const char *vi, const char *en)
{
	char bvi[256], ben[256];
	snprintf(bvi, sizeof bvi, "cột %s: %s", plan_col_names[c], vi);
	snprintf(ben, sizeof ben, "column %s: %s", plan_col_names[c], en);
	diag_text(d, DIAG_ERROR, table_name(t), r->line[c], r->col[c], NULL, bvi, ben);
}

/* The row's own fields; false when one is wrong (reported). */
static bool read_row(struct table *t, const int *col, struct arena *a, struct diags *d,
                     struct plan_row *r)
{
	static const bool req[PC_N] = {[PC_PLAN] = true, [PC_UNIT] = true, [PC_YEAR] = true,
	                               [PC_TASK] = true, [PC_AREA] = true, [PC_TITLE] = true,
	                               [PC_OWNER] = true, [PC_DUE] = true};
	for (int c = 0; c < PC_N; c++) {
		r->line[c] = col[c] >= 0 ? table_field_line(t, col[c]) : table_line(t);
		r->col[c] = col[c] >= 0 ? table_field_column(t, col[c]) : 0;
	}
	const char *const *n = plan_col_names;
	const char *coord;
	int64_t year = 0;
	bool ok = field_code(t, col[PC_PLAN], n[PC_PLAN], true, a, d, &r->plan);
	ok &= field_code(t, col[PC_UNIT], n[PC_UNIT], true, a, d, &r->plan_unit);
	ok &= field_int(t, col[PC_YEAR], n[PC_YEAR], true, 2000, 2100, d, &year, &(bool){0});
	ok &= field_code(t, col[PC_TASK], n[PC_TASK], true, a, d, &r->task);
	ok &= field_code(t, col[PC_PPLAN], n[PC_PPLAN], false, a, d, &r->parent_plan);
	ok &= field_code(t, col[PC_PTASK], n[PC_PTASK], false, a, d, &r->parent_task);
	ok &= field_enum(t, col[PC_AREA], n[PC_AREA], true, plan_areas, "", d, &r->area);
	ok &= field_text(t, col[PC_TITLE], n[PC_TITLE], req[PC_TITLE], true, a, d, &r->title);
	ok &= field_code(t, col[PC_OWNER], n[PC_OWNER], true, a, d, &r->owner);
	ok &= field_text(t, col[PC_COORD], n[PC_COORD], false, true, a, d, &coord);
	ok &= field_date(t, col[PC_START], n[PC_START], false, DATE_MIN, d, &r->start);
	ok &= field_date(t, col[PC_DUE], n[PC_DUE], true, DATE_MIN, d, &r->due);
	ok &= field_enum(t, col[PC_OUTPUT], n[PC_OUTPUT], false, plan_outputs, "", d, &r->output);
	ok &= field_code(t, col[PC_INDICATOR], n[PC_INDICATOR], false, a, d, &r->indicator);
	ok &= field_number(t, col[PC_TARGET], n[PC_TARGET], false, d, &r->target, &r->has_target);
	r->year = (int)year;
	r->ncoord = ok ? split_codes(a, coord, &r->coordinators) : 0;
	if (!ok)
		return false;
	if (*r->parent_task && !*r->parent_plan) {
		row_err(d, t, r, PC_PTASK, "parent_task cần parent_plan",
		        "parent_task needs parent_plan");
		ok = false;
	}
	if (r->start != DATE_MIN && r->due < r->start) {
		row_err(d, t, r, PC_DUE, "hạn trước ngày bắt đầu", "due before start");
		ok = false;
	}
	int y, m, dd;
	date_to_ymd(r->due, &y, &m, &dd);
	if (y < r->year - 1 || y > r->year + 1) {
		row_err(d, t, r, PC_DUE, "hạn nằm ngoài năm kế hoạch ±1",
		        "due outside the plan's year-1..year+1");
		ok = false;
	}
	return ok;
}

enum px_err plan_read(struct table *t, struct arena *a, struct diags *d,
                      struct plan_row **rows, size_t *n)
{
	static const bool req[PC_N] = {[PC_PLAN] = true, [PC_UNIT] = true, [PC_YEAR] = true,
	                               [PC_TASK] = true, [PC_AREA] = true, [PC_TITLE] = true,
	                               [PC_OWNER] = true, [PC_DUE] = true};
	int col[PC_N];
	*rows = NULL;
	*n = 0;
	if (table_columns(t, plan_col_names, req, col, d) != PX_OK)
		return PX_BADINPUT;
	struct VEC_OF(struct plan_row) v = {0};
	struct map seen; /* "plan\x1ftask" -> row index + 1; plan -> first row index + 1 */
	map_init(&seen);
	int r;
	for (r = table_next(t, d); r == 1; r = table_next(t, d)) {
		struct plan_row row = {0};
		if (!read_row(t, col, a, d, &row))
			continue;
		const char *pk = arena_printf(a, "\x1e%s", row.plan);
		uintptr_t first = (uintptr_t)map_gets(&seen, pk);
		if (first) {
			const struct plan_row *f = &v.v[first - 1];
			if (strcmp(f->plan_unit, row.plan_unit))
				row_err(d, t, &row, PC_UNIT, "khác đơn vị của kế hoạch ở dòng trước",
				        "differs from the plan's unit on an earlier row");
			if (f->year != row.year)
				row_err(d, t, &row, PC_YEAR, "khác năm của kế hoạch ở dòng trước",
				        "differs from the plan's year on an earlier row");
		}
		const char *tk = arena_printf(a, "%s\x1f%s", row.plan, row.task);
		if (map_gets(&seen, tk)) {
			row_err(d, t, &row, PC_TASK, "mã nhiệm vụ trùng trong kế hoạch",
			        "duplicate task_code in the plan");
			continue;
		}
		VEC_PUSH(&v, row);
		map_puts(&seen, tk, (void *)(uintptr_t)v.n);
		if (!first)
			map_puts(&seen, pk, (void *)(uintptr_t)v.n);
	}
	map_free(&seen);
	*n = v.n;
	*rows = arena_array(a, v.n ? v.n : 1, sizeof **rows);
	if (v.n)
		memcpy(*rows, v.v, v.n * sizeof **rows);
	VEC_FREE(&v);
	return r < 0 || d->errors ? PX_BADINPUT : PX_OK;
}
