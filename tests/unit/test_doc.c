/*
 * Unit tests for io/doc (the report model): the PDF's number format in
 * Vietnamese and English at its boundaries (no "-0,00", rounding that
 * carries into a new thousands group, NaN), rows that grow past the first
 * block keep their cells, format choice from a file name, both renderers
 * on an empty doc and on awkward sheet names, a PDF that grows with its
 * rows, and the RFC 6266 Content-Disposition of a Vietnamese name.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "app/report.h"
#include "base/arena.h"
#include "io/doc.h"

static const char *fmt(double v, int dec, const char *lang)
{
	static char buf[64];
	return doc_format_number(v, dec, lang, buf, sizeof buf);
}

static void test_numbers(void **state)
{
	(void)state;
	assert_string_equal(fmt(95.3055, 2, "vi"), "95,31");
	assert_string_equal(fmt(95.3055, 2, "en"), "95.31");
	assert_string_equal(fmt(2340000, 0, "vi"), "2.340.000");
	assert_string_equal(fmt(2340000, 0, "en"), "2,340,000");
	assert_string_equal(fmt(999.999, 2, "vi"), "1.000,00"); /* carry into a new group */
	assert_string_equal(fmt(100, 2, "vi"), "100,00");     /* no separator below 1000 */
	assert_string_equal(fmt(-1234.5, 2, "vi"), "-1.234,50");
	assert_string_equal(fmt(-0.001, 2, "vi"), "0,00");    /* never "-0,00" */
	assert_string_equal(fmt(0, 0, "vi"), "0");
	assert_string_equal(fmt(NAN, 2, "vi"), "—");
	assert_string_equal(fmt(INFINITY, 2, "en"), "—");
	assert_string_equal(fmt(1.5, 9, "en"), "1.500000");   /* decimals clamped to 6 */
	assert_string_equal(fmt(1.5, 1, NULL), "1,5"); /* NULL lang: Vietnamese */
}

static void test_rows_grow(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct doc *d = doc_new(a, "t");
	struct doc_col cols[] = {{"n", DOC_COL_INT, 0, false, NULL}, {"s", DOC_COL_TEXT, 0, false, NULL}};
	struct doc_table *t = doc_table_new(d, "x", NULL, cols, 2);
	for (int i = 0; i < 1000; i++) {
		struct doc_cell *c = doc_row(t);
		assert_true(c[0].null && c[1].null); /* a new row is empty */
		doc_set_num(&c[0], i);
	}
	assert_int_equal(t->nrows, 1000);
	for (int i = 0; i < 1000; i++)
		assert_true(t->cells[i * 2].num == i && !t->cells[i * 2].null && t->cells[i * 2 + 1].null);
	doc_set_num(&t->cells[0], NAN);
	assert_true(t->cells[0].null); /* NaN is an empty cell */
	arena_free(a);
}

static void test_format_names(void **state)
{
	(void)state;
	enum doc_format f;
	assert_true(doc_format_from_name("a/b/x.XLSX", &f) && f == DOC_XLSX);
	assert_true(doc_format_from_name("x.pdf", &f) && f == DOC_PDF);
	assert_false(doc_format_from_name("x.docx", &f));
	assert_false(doc_format_from_name("dir.pdf/x", &f)); /* a dot in a directory */
	assert_false(doc_format_from_name("pdf", &f));
	assert_false(doc_format_parse(NULL, &f));
}

static void test_render(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct doc *empty = doc_new(a, NULL);
	struct str x, p;
	str_init(&x, 0);
	str_init(&p, 0);
	assert_int_equal(doc_render(empty, DOC_XLSX, &x), PX_OK);
	assert_true(x.len > 100 && !memcmp(x.buf, "PK", 2));
	assert_int_equal(doc_render(empty, DOC_PDF, &p), PX_OK);
	assert_true(p.len > 100 && !memcmp(p.buf, "%PDF-", 5));
	/* sheet names Excel refuses, twice the same: renamed, not a failure */
	struct doc *d = doc_new(a, "Báo cáo");
	struct doc_col cols[] = {{"Đơn vị", DOC_COL_TEXT, 0, false, NULL},
	                         {"Chỉ số", DOC_COL_PERCENT, 0, false, NULL}};
	for (int k = 0; k < 2; k++) {
		struct doc_table *t = doc_table_new(d, "a/b:c*d?[e] một tên rất dài hơn ba mươi mốt ký tự",
		                                    "Bảng", cols, 2);
		for (int i = 0; i < 200; i++) {
			struct doc_cell *c = doc_row(t);
			doc_set_text(&c[0], "Phường Văn Miếu - Quốc Tử Giám");
			doc_set_num(&c[1], 95.31);
		}
	}
	str_reset(&x);
	assert_int_equal(doc_render(d, DOC_XLSX, &x), PX_OK);
	size_t small = p.len;
	str_reset(&p);
	assert_int_equal(doc_render(d, DOC_PDF, &p), PX_OK);
	assert_true(p.len > small);
	str_free(&x);
	str_free(&p);
	arena_free(a);
}

static void test_disposition(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const char *cd = app_report_disposition(a, "Bảng xếp hạng", "ranking", DOC_XLSX);
	assert_string_equal(cd, "attachment; filename=\"ranking.xlsx\"; "
	                        "filename*=UTF-8''B%E1%BA%A3ng%20x%E1%BA%BFp%20h%E1%BA%A1ng.xlsx");
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers),      cmocka_unit_test(test_rows_grow),
		cmocka_unit_test(test_format_names), cmocka_unit_test(test_render),
		cmocka_unit_test(test_disposition),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
