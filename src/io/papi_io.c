/* The PAPI file's reader and its rules (io/papi_io.h, docs/papi.md). */
#include "io/papi_io.h"
#include "base/arena.h"
#include "base/map.h"
#include "base/str.h"
#include "base/vec.h"
#include "core/number.h"
#include "io/fields.h"
#include "io/table.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Names as UNDP and its partners publish them (Vietnamese and English). */
const struct papi_dimension papi_dimensions[PAPI_NDIM] = {
	{"participation", "Tham gia của người dân ở cấp cơ sở", "Participation at local levels"},
	{"transparency", "Công khai, minh bạch trong việc ra quyết định ở địa phương",
	 "Transparency in local decision-making"},
	{"accountability", "Trách nhiệm giải trình với người dân",
	 "Vertical accountability towards citizens"},
	{"corruption", "Kiểm soát tham nhũng trong khu vực công",
	 "Control of corruption in the public sector"},
	{"procedures", "Thủ tục hành chính công", "Public administrative procedures"},
	{"services", "Cung ứng dịch vụ công", "Public service delivery"},
	{"environment", "Quản trị môi trường", "Environmental governance"},
	{"egovernance", "Quản trị điện tử", "E-governance"},
};

const char *const papi_col_names[] = {"province", "year", "dimension", "score", "source", NULL};
const bool papi_col_required[] = {true, true, true, true, false};

int papi_dimension_find(const char *code)
{
	for (int i = 0; i < PAPI_NDIM; i++)
		if (!strcasecmp(code, papi_dimensions[i].code))
			return i;
	return -1;
}

/* One province-year: which dimensions it has, where it starts. */
struct papi_group {
	const char *province;
	int year;
	unsigned have;
	long line;
};

/* Every province-year without all eight dimensions, in the order of their first line. */
static void report_missing(struct table *t, const int *col, const struct papi_group *g,
                           size_t ng, struct diags *d)
{
	for (size_t i = 0; i < ng; i++) {
		if (g[i].have == (1u << PAPI_NDIM) - 1)
			continue;
		struct str missing;
		str_init(&missing, 0);
		for (int k = 0; k < PAPI_NDIM; k++)
			if (!(g[i].have & (1u << k)))
				str_printf(&missing, "%s%s", missing.len ? ", " : "", papi_dimensions[k].code);
		diag_add(d, DIAG_ERROR, table_name(t), g[i].line, col[PAPI_C_DIMENSION] + 1, NULL,
		         "%s năm %d thiếu chiều %s (cần đủ 8 chiều để tính tổng PAPI)",
		         "%s %d lacks dimension(s) %s (all 8 are needed for the PAPI total)",
		         g[i].province, g[i].year, str_cstr(&missing));
		str_free(&missing);
	}
}

int papi_read(struct table *t, const int *col, struct arena *a, struct diags *d,
              struct papi_row **rows, size_t *n)
{
	struct map seen, groups;
	map_init(&seen);
	map_init(&groups);
	struct papi_group *g = NULL;
	size_t cap = 0, ng = 0, gcap = 0;
	*rows = NULL;
	*n = 0;
	int r;
	for (r = table_next(t, d); r == 1; r = table_next(t, d)) {
		struct papi_row v = {.dim = -1};
		const char *dim, *score;
		int64_t year = 0;
		bool ok = true, present;
		for (int c = 0; c < PAPI_C_N; c++)
			v.col[c] = table_field_column(t, col[c]);
		v.line = table_line(t);
		ok &= field_code(t, col[PAPI_C_PROVINCE], "province", true, a, d, &v.province);
		ok &= field_int(t, col[PAPI_C_YEAR], "year", true, 2000, 2100, d, &year, &present);
		ok &= field_text(t, col[PAPI_C_DIMENSION], "dimension", true, false, a, d, &dim);
		ok &= field_text(t, col[PAPI_C_SCORE], "score", true, false, a, d, &score);
		ok &= field_text(t, col[PAPI_C_SOURCE], "source", false, true, a, d, &v.source);
		v.year = (int)year;
		if (*dim && (v.dim = papi_dimension_find(dim)) < 0) {
			diag_add(d, DIAG_ERROR, table_name(t), table_field_line(t, col[PAPI_C_DIMENSION]),
			         v.col[PAPI_C_DIMENSION], NULL,
			         "cột dimension: không có chiều PAPI \"%s\" (participation, "
			         "transparency, accountability, corruption, procedures, services, "
			         "environment, egovernance)",
			         "column dimension: no PAPI dimension \"%s\" (participation, "
			         "transparency, accountability, corruption, procedures, services, "
			         "environment, egovernance)",
			         dim);
			ok = false;
		}
		if (*score) {
			if (!number_parse_input(score, strlen(score), &v.score, NULL)) {
				diag_add(d, DIAG_ERROR, table_name(t), table_field_line(t, col[PAPI_C_SCORE]),
				         v.col[PAPI_C_SCORE], NULL,
				         "cột score: \"%s\" không phải là số (ví dụ 7,169 hoặc 7.169)",
				         "column score: \"%s\" is not a number (e.g. 7,169 or 7.169)", score);
				ok = false;
			} else if (v.score < PAPI_DIM_MIN || v.score > PAPI_DIM_MAX) {
				diag_add(d, DIAG_ERROR, table_name(t), table_field_line(t, col[PAPI_C_SCORE]),
				         v.col[PAPI_C_SCORE], NULL,
				         "cột score: %s nằm ngoài thang điểm của chiều (1 đến 10)",
				         "column score: %s is outside the dimension's range (1 to 10)", score);
				ok = false;
			}
		}
		if (ok && v.dim < 0) {
			diag_add(d, DIAG_ERROR, table_name(t), table_field_line(t, col[PAPI_C_DIMENSION]),
			         v.col[PAPI_C_DIMENSION], NULL, "cột dimension: cần một chiều PAPI",
			         "column dimension: a PAPI dimension is needed");
			ok = false;
		}
		if (!ok)
			continue;
		char *gk = arena_printf(a, "%s\x1f%d", v.province, v.year);
		char *k = arena_printf(a, "%s\x1f%s", gk, papi_dimensions[v.dim].code);
		uintptr_t first = (uintptr_t)map_gets(&seen, k);
		if (first) {
			diag_add(d, DIAG_ERROR, table_name(t), v.line, v.col[PAPI_C_DIMENSION], NULL,
			         "dòng lặp lại: %s, %d, %s đã có ở dòng %lu",
			         "repeated row: %s, %d, %s is already on line %lu", v.province, v.year,
			         papi_dimensions[v.dim].code, (unsigned long)first);
			continue;
		}
		map_puts(&seen, k, (void *)(uintptr_t)v.line);
		uintptr_t gi = (uintptr_t)map_gets(&groups, gk);
		if (!gi) {
			struct papi_group ng1 = {v.province, v.year, 0, v.line};
			VEC_ADD(g, gcap, ng, ng1);
			gi = ng;
			map_puts(&groups, gk, (void *)gi);
		}
		g[gi - 1].have |= 1u << v.dim;
		VEC_ADD(*rows, cap, *n, v);
	}
	if (r == 0)
		report_missing(t, col, g, ng, d);
	free(g);
	map_free(&seen);
	map_free(&groups);
	return r;
}
