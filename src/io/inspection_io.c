/* The inspection plan reader; see inspection_io.h. */
#include "io/inspection_io.h"
#include "base/arena.h"
#include "base/datetime.h"
#include "base/map.h"
#include "base/vec.h"
#include "core/inspection.h"
#include "core/plan.h"
#include "io/fields.h"
#include "io/table.h"

#include <stdio.h>
#include <string.h>

const char *const insp_col_names[] = {"inspection_code", "year", "unit_code", "kind",
                                      "planned_from", "planned_to", "lead", "members",
                                      "places", "areas", "checklist", NULL};

static const bool required[IC_N] = {[IC_CODE] = true, [IC_YEAR] = true, [IC_UNIT] = true,
                                    [IC_KIND] = true, [IC_FROM] = true, [IC_TO] = true,
                                    [IC_LEAD] = true};

size_t insp_split(struct arena *a, const char *s, const char ***out)
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

static void row_err(struct diags *d, const struct table *t, const struct insp_row *r,
                    enum insp_col c, const char *vi, const char *en, const char *value)
{
	char bvi[320], ben[320];
	if (value) {
		snprintf(bvi, sizeof bvi, "cột %s: %s: \"%s\"", insp_col_names[c], vi, value);
		snprintf(ben, sizeof ben, "column %s: %s: \"%s\"", insp_col_names[c], en, value);
	} else {
		snprintf(bvi, sizeof bvi, "cột %s: %s", insp_col_names[c], vi);
		snprintf(ben, sizeof ben, "column %s: %s", insp_col_names[c], en);
	}
	diag_text(d, DIAG_ERROR, table_name(t), r->line[c], r->col[c], NULL, bvi, ben);
}

/* Each word of list must be one of allowed; false (reported) otherwise. */
static bool words_ok(struct diags *d, const struct table *t, const struct insp_row *r,
                     enum insp_col c, const char *const *list, size_t n,
                     const char *const *allowed)
{
	bool ok = true;
	for (size_t i = 0; i < n; i++)
		if (insp_word(allowed, list[i]) < 0) {
			row_err(d, t, r, c, "giá trị không hợp lệ", "invalid value", list[i]);
			ok = false;
		}
	return ok;
}

static bool read_row(struct table *t, const int *col, struct arena *a, struct diags *d,
                     struct insp_row *r)
{
	for (int c = 0; c < IC_N; c++) {
		r->line[c] = col[c] >= 0 ? table_field_line(t, col[c]) : table_line(t);
		r->col[c] = col[c] >= 0 ? table_field_column(t, col[c]) : 0;
	}
	const char *const *n = insp_col_names;
	const char *members, *places, *areas;
	int64_t year = 0;
	bool ok = field_code(t, col[IC_CODE], n[IC_CODE], true, a, d, &r->code);
	ok &= field_int(t, col[IC_YEAR], n[IC_YEAR], true, 2000, 2100, d, &year, &(bool){0});
	ok &= field_code(t, col[IC_UNIT], n[IC_UNIT], true, a, d, &r->unit);
	ok &= field_enum(t, col[IC_KIND], n[IC_KIND], true, insp_kind_names, "", d, &r->kind);
	ok &= field_date(t, col[IC_FROM], n[IC_FROM], true, DATE_MIN, d, &r->from);
	ok &= field_date(t, col[IC_TO], n[IC_TO], true, DATE_MIN, d, &r->to);
	ok &= field_code(t, col[IC_LEAD], n[IC_LEAD], true, a, d, &r->lead);
	ok &= field_text(t, col[IC_MEMBERS], n[IC_MEMBERS], false, false, a, d, &members);
	ok &= field_text(t, col[IC_PLACES], n[IC_PLACES], false, false, a, d, &places);
	ok &= field_text(t, col[IC_AREAS], n[IC_AREAS], false, false, a, d, &areas);
	ok &= field_code(t, col[IC_CHECKLIST], n[IC_CHECKLIST], false, a, d, &r->checklist);
	r->year = (int)year;
	if (!ok)
		return false;
	r->nmembers = insp_split(a, members, &r->members);
	r->nplaces = insp_split(a, places, &r->places);
	r->nareas = insp_split(a, areas, &r->areas);
	ok &= words_ok(d, t, r, IC_PLACES, r->places, r->nplaces, insp_places);
	ok &= words_ok(d, t, r, IC_AREAS, r->areas, r->nareas, plan_areas);
	for (size_t i = 0; i < r->nmembers; i++)
		if (!strcmp(r->members[i], r->lead)) {
			row_err(d, t, r, IC_MEMBERS, "trưởng đoàn đã có ở cột lead",
			        "the lead is already in column lead", r->members[i]);
			ok = false;
		}
	int y, m, dd;
	date_to_ymd(r->from, &y, &m, &dd);
	if (y != r->year) {
		row_err(d, t, r, IC_FROM, "không thuộc năm của kế hoạch kiểm tra",
		        "not in the inspection plan's year", NULL);
		ok = false;
	}
	if (r->to < r->from) {
		row_err(d, t, r, IC_TO, "trước ngày bắt đầu dự kiến", "before planned_from", NULL);
		ok = false;
	}
	return ok;
}

enum px_err insp_read(struct table *t, struct arena *a, struct diags *d, struct insp_row **rows,
                      size_t *n)
{
	int col[IC_N];
	*rows = NULL;
	*n = 0;
	if (table_columns(t, insp_col_names, required, col, d) != PX_OK)
		return PX_BADINPUT;
	struct VEC_OF(struct insp_row) v = {0};
	struct map seen;
	map_init(&seen);
	int r;
	for (r = table_next(t, d); r == 1; r = table_next(t, d)) {
		struct insp_row row = {0};
		if (!read_row(t, col, a, d, &row))
			continue;
		if (map_gets(&seen, row.code)) {
			row_err(d, t, &row, IC_CODE, "mã đợt kiểm tra trùng trong tệp",
			        "duplicate inspection_code in the file", row.code);
			continue;
		}
		VEC_PUSH(&v, row);
		map_puts(&seen, row.code, (void *)1);
	}
	map_free(&seen);
	*n = v.n;
	*rows = arena_array(a, v.n ? v.n : 1, sizeof **rows);
	if (v.n)
		memcpy(*rows, v.v, v.n * sizeof **rows);
	VEC_FREE(&v);
	return r < 0 || d->errors ? PX_BADINPUT : PX_OK;
}
