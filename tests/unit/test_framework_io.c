/*
 * io/framework_io and core/framework: canonical JSON round trips (the
 * fixtures and every example in data/frameworks are already canonical, so
 * export(import(file)) must be the file byte for byte), the CSV and XLSX
 * table form with '@' header rows and children before parents, every
 * validation problem named by criterion, JSON paths for wrong types,
 * JSON syntax errors with line and column, table errors with line and
 * column, and the data checks (unknown kinds, metrics with no values,
 * points on the step).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/str.h"
#include "core/framework.h"
#include "io/framework_io.h"

static char *fixture_path(const char *rel)
{
	const char *dir = getenv("PARINDEX_FIXTURES");
	assert_non_null(dir);
	size_t n = strlen(dir) + strlen(rel) + 2;
	char *p = malloc(n);
	snprintf(p, n, "%s/%s", dir, rel);
	return p;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = 0;
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static char *export(const struct framework *fw)
{
	struct str s;
	str_init(&s, 0);
	assert_int_equal(frm_write_json(fw, &s), PX_OK);
	assert_false(str_error(&s));
	return str_detach(&s);
}

static void print_diags(const struct diags *d)
{
	diags_print(d, stderr);
}

/* The diag at where whose English text contains en, or NULL. */
static const struct diag *find(const struct diags *d, enum diag_level level,
                               const char *where, const char *en)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];
		if (g->level != level)
			continue;
		if (where && (!g->where || strcmp(g->where, where) != 0))
			continue;
		if (strstr(g->en, en))
			return g;
	}
	return NULL;
}

static void expect(const struct diags *d, enum diag_level level, const char *where,
                   const char *en)
{
	if (!find(d, level, where, en)) {
		print_diags(d);
		fail_msg("no %s at '%s' saying '%s'", level == DIAG_ERROR ? "error" : "warning",
		         where ? where : "", en);
	}
}

/* Reads a JSON text that must be valid. */
static struct framework *read_ok(struct arena *a, const char *name, const char *text,
                                 size_t len)
{
	struct diags d;
	diags_init(&d);
	struct framework *fw = NULL;
	enum px_err e = frm_read_json(name, text, len, a, &fw, &d);
	if (e != PX_OK) {
		print_diags(&d);
		fail_msg("%s did not load", name);
	}
	diags_free(&d);
	return fw;
}

/* import -> export must give the same bytes, and again. */
static void check_round_trip(const char *path)
{
	struct arena *a = arena_new();
	size_t len;
	char *text = slurp(path, &len);
	struct framework *fw = read_ok(a, path, text, len);
	char *out1 = export(fw);
	if (strcmp(out1, text) != 0) {
		size_t i = 0;
		while (out1[i] && out1[i] == text[i])
			i++;
		fail_msg("%s: export differs at byte %zu: ...%.40s... vs ...%.40s...", path, i,
		         out1 + (i > 10 ? i - 10 : 0), text + (i > 10 ? i - 10 : 0));
	}
	struct framework *fw2 = read_ok(a, "export", out1, strlen(out1));
	assert_true(frm_equal(fw, fw2));
	char *out2 = export(fw2);
	assert_string_equal(out1, out2);
	free(out1);
	free(out2);
	free(text);
	arena_free(a);
}

static void test_round_trip_fixture(void **state)
{
	(void)state;
	char *p = fixture_path("frameworks/small.json");
	check_round_trip(p);
	free(p);
}

static void test_round_trip_examples(void **state)
{
	(void)state;
	char *dir = fixture_path("../../data/frameworks");
	DIR *d = opendir(dir);
	if (!d)
		fail_msg("cannot open %s: the example frameworks (data/frameworks) must be there", dir);
	int count = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n < 5 || strcmp(e->d_name + n - 5, ".json") != 0)
			continue;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		check_round_trip(path);
		count++;
	}
	closedir(d);
	free(dir);
	assert_true(count >= 1);
}

static void test_framework_content(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char *p = fixture_path("frameworks/small.json");
	struct diags d;
	diags_init(&d);
	struct framework *fw;
	assert_int_equal(frm_read_file(p, NULL, a, &fw, &d), PX_OK);
	assert_int_equal(d.warnings, 0);
	assert_string_equal(fw->code, "TEST-2025");
	assert_int_equal(fw->year, 2025);
	assert_int_equal(fw->ngroup, 2);
	assert_int_equal(fw->ngrades, 3);
	assert_int_equal(fw->nnodes, 10);
	assert_int_equal(fw->ntop, 4);
	assert_int_equal(fw->nassessed, 3);
	assert_int_equal(fw->nformulas, 3);
	assert_string_equal(fw->previous, "TEST-2024");
	int n12 = frm_find(fw, "1.2");
	assert_true(n12 > 0);
	assert_int_equal(fw->nodes[n12].parent, frm_find(fw, "1"));
	assert_int_equal(fw->nodes[n12].method, FRM_METHOD_FORMULA);
	assert_int_equal(fw->nodes[frm_find(fw, "1")].method, FRM_METHOD_GROUP);
	assert_int_equal(fw->nodes[frm_find(fw, "1")].end, frm_find(fw, "2"));
	assert_true(fw->nodes[frm_find(fw, "9")].extra);
	assert_true(frm_applies(fw, frm_find(fw, "2.1"), "commune"));
	assert_false(frm_applies(fw, frm_find(fw, "2.1"), "ward"));
	assert_int_equal(frm_find(fw, "nope"), -1);
	/* metric references */
	size_t ns, nc;
	const struct formula_slot *slots = frm_metric_slots(fw, &ns);
	assert_int_equal(ns, 4);
	assert_string_equal(slots[0].ref, "plan.tasks_done");
	const char **codes = frm_metric_codes(fw, a, &nc);
	assert_int_equal(nc, 4);
	assert_string_equal(codes[0], "dossier.on_time_rate");
	assert_string_equal(codes[3], "plan.tasks_total");
	/* what the data does not have yet */
	const char *kinds[] = {"commune"};
	const char *metrics[] = {"plan.tasks_done", "plan.tasks_total", "dossier.on_time_rate"};
	frm_check_known(fw, kinds, 1, metrics, 3, &d);
	expect(&d, DIAG_WARNING, NULL, "unit kind 'ward' (group) has no units yet");
	expect(&d, DIAG_WARNING, "9.1",
	       "metric 'inspection.recommendations_overdue' has no values yet");
	assert_int_equal(d.warnings, 2); /* 'ward' once, although 3.1 names it too */
	/* points on the step */
	diags_free(&d);
	diags_init(&d);
	int n11 = frm_find(fw, "1.1");
	assert_int_equal(frm_check_points(fw, n11, 3.75, &d), PX_OK);
	assert_int_equal(frm_check_points(fw, n11, 0, &d), PX_OK);
	assert_int_equal(frm_check_points(fw, n11, 3.7, &d), PX_BADINPUT);
	expect(&d, DIAG_ERROR, "1.1", "not a multiple of the step 0.25");
	assert_int_equal(frm_check_points(fw, n11, 4.25, &d), PX_BADINPUT);
	expect(&d, DIAG_ERROR, "1.1", "outside [0, 4]");
	assert_int_equal(frm_check_points(fw, n12, 1, &d), PX_BADINPUT);
	expect(&d, DIAG_ERROR, "1.2", "not assessed");
	int n92 = frm_find(fw, "9.2");
	assert_int_equal(frm_check_points(fw, n92, 1.5, &d), PX_OK);
	diags_free(&d);
	free(p);
	arena_free(a);
}

static void test_csv_equals_json(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char *pj = fixture_path("frameworks/small.json");
	char *pc = fixture_path("frameworks/small.csv");
	struct diags d;
	diags_init(&d);
	struct framework *fj, *fc;
	assert_int_equal(frm_read_file(pj, NULL, a, &fj, &d), PX_OK);
	enum px_err e = frm_read_file(pc, NULL, a, &fc, &d);
	if (e != PX_OK)
		print_diags(&d);
	assert_int_equal(e, PX_OK);
	assert_int_equal(d.errors, 0);
	assert_true(frm_equal(fj, fc));
	char *x = export(fc);
	size_t len;
	char *text = slurp(pj, &len);
	assert_string_equal(x, text);
	/* rows are kept with their lines for messages */
	assert_int_equal(fc->nodes[frm_find(fc, "1.1")].line, 12);
	/* the same table as a workbook (numbers as numeric cells) */
	char *px = fixture_path("frameworks/small.xlsx");
	struct framework *fx;
	e = frm_read_file(px, NULL, a, &fx, &d);
	if (e != PX_OK)
		print_diags(&d);
	assert_int_equal(e, PX_OK);
	assert_true(frm_equal(fj, fx));
	assert_int_equal(fx->nodes[frm_find(fx, "1.1")].line, 12);
	free(px);
	free(x);
	free(text);
	diags_free(&d);
	free(pj);
	free(pc);
	arena_free(a);
}

static void test_header_override(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const char *csv = "code,title,max,method\n1,One,1,assessed\n";
	struct diags d;
	diags_init(&d);
	struct framework *fw;
	/* without a header the framework is incomplete */
	assert_int_equal(frm_read_table_mem("h.csv", csv, strlen(csv), NULL, a, &fw, &d),
	                 PX_BADINPUT);
	expect(&d, DIAG_ERROR, NULL, "the framework has no code");
	expect(&d, DIAG_ERROR, NULL, "has no year");
	expect(&d, DIAG_ERROR, NULL, "no group of unit kinds");
	diags_free(&d);
	diags_init(&d);
	struct frm_header h;
	frm_header_init(&h);
	h.code = "H-2025";
	h.title = "Header from options";
	h.year = 2025;
	h.group = "district, town";
	h.rank_precision = 1;
	h.grades = "A:90; B:80.5;C:0";
	h.previous = "H-2024";
	assert_int_equal(frm_read_table_mem("h.csv", csv, strlen(csv), &h, a, &fw, &d), PX_OK);
	assert_string_equal(fw->code, "H-2025");
	assert_int_equal(fw->ngroup, 2);
	assert_string_equal(fw->group[1], "town");
	assert_int_equal(fw->rank_precision, 1);
	assert_int_equal(fw->ngrades, 3);
	assert_true(fw->grades[1].min == 80.5);
	h.grades = "A90";
	assert_int_equal(frm_read_table_mem("h.csv", csv, strlen(csv), &h, a, &fw, &d),
	                 PX_BADINPUT);
	expect(&d, DIAG_ERROR, "grades", "not valid");
	diags_free(&d);
	arena_free(a);
}

static void test_validation_errors(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char *p = fixture_path("frameworks/errors.json");
	struct diags d;
	diags_init(&d);
	struct framework *fw = (struct framework *)1;
	assert_int_equal(frm_read_file(p, NULL, a, &fw, &d), PX_BADINPUT);
	assert_null(fw);
	expect(&d, DIAG_WARNING, "colour", "unknown key");
	expect(&d, DIAG_ERROR, "1", "a group of criteria (it has children) cannot have a method");
	expect(&d, DIAG_ERROR, "1.1", "a leaf criterion needs a method");
	expect(&d, DIAG_ERROR, "1.1", "criterion code '1.1' is used twice");
	expect(&d, DIAG_ERROR, "1.3", "formula, column 12: the formula ends where a value was expected");
	expect(&d, DIAG_ERROR, "1.4", "formula, column 7: unknown function 'foo'");
	expect(&d, DIAG_ERROR, "2.1", "min 5 is above max 3");
	expect(&d, DIAG_ERROR, "2.2", "step 0 must be greater than 0");
	expect(&d, DIAG_ERROR, "2.3", "an assessed criterion cannot have a formula");
	expect(&d, DIAG_ERROR, "criteria[1].children[3].max", "must be a number (criterion 2.4)");
	expect(&d, DIAG_ERROR, "criteria[1].children[4].method", "method 'computed' is not valid");
	expect(&d, DIAG_ERROR, "2.6", "a formula criterion has no formula");
	expect(&d, DIAG_ERROR, "3.1", "only top-level criteria can be marked extra");
	expect(&d, DIAG_WARNING, "criteria[2].children[1].colour", "unknown key");
	expect(&d, DIAG_WARNING, "3", "the children's maxima add up to 4, more than this criterion's max 2");
	expect(&d, DIAG_ERROR, "4", "method is 'group' but the criterion has no children");
	/* every message is bilingual and names the file */
	for (size_t i = 0; i < d.n; i++) {
		assert_non_null(d.v[i].vi);
		assert_true(d.v[i].vi[0] != 0);
		assert_string_equal(d.v[i].file, p);
	}
	diags_free(&d);
	free(p);
	arena_free(a);
}

static void test_json_syntax_and_types(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d);
	struct framework *fw;
	const char *bad = "{\n  \"code\": \"X\",\n  \"year\": 2024,,\n}";
	assert_int_equal(frm_read_json("bad.json", bad, strlen(bad), a, &fw, &d), PX_BADINPUT);
	assert_int_equal(d.errors, 1);
	assert_int_equal(d.v[0].line, 3);
	assert_true(d.v[0].col > 0);
	assert_non_null(strstr(d.v[0].en, "invalid JSON"));
	diags_free(&d);

	diags_init(&d);
	const char *dup = "{\"code\": \"X\", \"code\": \"Y\"}";
	assert_int_equal(frm_read_json("dup.json", dup, strlen(dup), a, &fw, &d), PX_BADINPUT);
	assert_non_null(strstr(d.v[0].en, "duplicate"));
	diags_free(&d);

	diags_init(&d);
	const char *types =
		"{\"format\": \"parindex-framework/9\", \"code\": 5, \"title\": \"T\", "
		"\"year\": \"2024\", \"group\": [\"a\", 3], \"rank_precision\": 9, "
		"\"grades\": [{\"code\": \"A\"}, 7], \"previous_map\": [],"
		"\"criteria\": [{\"code\": \"1\", \"title\": \"t\", \"max\": 1, "
		"\"method\": \"assessed\", \"extra\": \"yes\", \"applies_to\": 4, "
		"\"evidence\": \"maybe\", \"children\": {}}, 3]}";
	assert_int_equal(frm_read_json("t.json", types, strlen(types), a, &fw, &d), PX_BADINPUT);
	expect(&d, DIAG_ERROR, "format", "unsupported format");
	expect(&d, DIAG_ERROR, "code", "must be a string");
	expect(&d, DIAG_ERROR, "year", "must be a whole number from 1900 to 9999");
	expect(&d, DIAG_ERROR, "group[1]", "must be a string");
	expect(&d, DIAG_ERROR, "rank_precision", "from 0 to 6");
	expect(&d, DIAG_ERROR, "grades[0]", "a grade needs a code and a min");
	expect(&d, DIAG_ERROR, "grades[1]", "must be an object");
	expect(&d, DIAG_ERROR, "previous_map", "must be an object");
	expect(&d, DIAG_ERROR, "criteria[0].extra", "must be true or false (criterion 1)");
	expect(&d, DIAG_ERROR, "criteria[0].applies_to", "a string or a list of strings");
	expect(&d, DIAG_ERROR, "criteria[0].evidence", "evidence 'maybe' is not valid");
	expect(&d, DIAG_ERROR, "criteria[0].children", "must be a list of criteria (criterion 1)");
	expect(&d, DIAG_ERROR, "criteria[1]", "must be an object (a criterion)");
	diags_free(&d);

	diags_init(&d);
	assert_int_equal(frm_read_json("e.json", "[]", 2, a, &fw, &d), PX_BADINPUT);
	expect(&d, DIAG_ERROR, NULL, "must be a JSON object");
	diags_free(&d);

	/* deep nesting stops at FRM_MAX_DEPTH */
	struct str s;
	str_init(&s, 0);
	str_adds(&s, "{\"code\":\"D\",\"title\":\"D\",\"year\":2024,\"group\":\"x\",\"criteria\":[");
	for (int i = 0; i < 40; i++)
		str_printf(&s, "{\"code\":\"c%d\",\"title\":\"t\",\"max\":1,\"children\":[", i);
	str_adds(&s, "{\"code\":\"leaf\",\"title\":\"t\",\"max\":1,\"method\":\"assessed\"}");
	for (int i = 0; i < 40; i++)
		str_adds(&s, "]}");
	str_adds(&s, "]}");
	diags_init(&d);
	assert_int_equal(frm_read_json("deep.json", str_cstr(&s), s.len, a, &fw, &d),
	                 PX_BADINPUT);
	expect(&d, DIAG_ERROR, NULL, "nested more than 16 levels");
	diags_free(&d);
	str_free(&s);
	arena_free(a);
}

static void test_table_errors(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char *p = fixture_path("frameworks/errors.csv");
	struct diags d;
	diags_init(&d);
	struct framework *fw;
	assert_int_equal(frm_read_file(p, NULL, a, &fw, &d), PX_BADINPUT);
	const struct diag *g = find(&d, DIAG_ERROR, "1.1", "there is no parent criterion '9'");
	if (!g)
		print_diags(&d);
	assert_non_null(g);
	assert_int_equal(g->line, 7);
	assert_int_equal(g->col, 2);
	g = find(&d, DIAG_ERROR, "2", "makes a cycle");
	assert_non_null(g);
	assert_int_equal(g->line, 8);
	assert_non_null(find(&d, DIAG_ERROR, "3", "makes a cycle"));
	/* the bad number, at its line and column */
	bool found = false;
	for (size_t i = 0; i < d.n; i++)
		if (d.v[i].level == DIAG_ERROR && d.v[i].line == 10 && d.v[i].col == 4)
			found = true;
	if (!found)
		print_diags(&d);
	assert_true(found);
	g = find(&d, DIAG_ERROR, "1.3", "formula, column 11");
	assert_non_null(g);
	assert_int_equal(g->line, 11);
	expect(&d, DIAG_WARNING, NULL, "row '@colour' is not known");
	diags_free(&d);

	/* a missing required column */
	diags_init(&d);
	const char *csv = "code,parent,title\n1,,x\n";
	assert_int_equal(frm_read_table_mem("m.csv", csv, strlen(csv), NULL, a, &fw, &d),
	                 PX_BADINPUT);
	assert_true(d.errors >= 1);
	diags_free(&d);
	free(p);
	arena_free(a);
}

/* Nodes added in any order (parent first) are put in display order. */
static void test_builder_orders_nodes(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct framework *fw = frm_new(a);
	fw->code = "B";
	fw->title = "Builder";
	fw->year = 2024;
	frm_add_kind(fw, "department");
	struct frm_node n = frm_node_default();
	n.has_max = true;
	n.code = "1";
	n.title = "one";
	n.max = 2;
	int one = frm_add_node(fw, -1, &n);
	n.code = "2";
	n.title = "two";
	int two = frm_add_node(fw, -1, &n);
	n.method = FRM_METHOD_ASSESSED;
	n.max = 1;
	n.code = "2.1";
	frm_add_node(fw, two, &n);
	n.code = "1.1";
	frm_add_node(fw, one, &n);
	n.code = "1.2";
	frm_add_node(fw, one, &n);
	n.code = "2.2";
	frm_add_node(fw, two, &n);
	assert_int_equal(frm_add_node(fw, 99, &n), -1);
	struct diags d;
	diags_init(&d);
	assert_int_equal(frm_finish(fw, &d), PX_OK);
	static const char *const order[] = {"1", "1.1", "1.2", "2", "2.1", "2.2"};
	for (size_t i = 0; i < 6; i++)
		assert_string_equal(fw->nodes[i].code, order[i]);
	assert_int_equal(fw->nodes[3].end, 6);
	assert_int_equal(fw->nodes[4].parent, 3);
	assert_int_equal(frm_find(fw, "2.2"), 5);
	char *x = export(fw);
	assert_non_null(strstr(x, "\"group\": \"department\""));
	assert_null(strstr(x, "\"grades\""));
	free(x);
	diags_free(&d);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_fixture),
		cmocka_unit_test(test_round_trip_examples),
		cmocka_unit_test(test_framework_content),
		cmocka_unit_test(test_csv_equals_json),
		cmocka_unit_test(test_header_override),
		cmocka_unit_test(test_validation_errors),
		cmocka_unit_test(test_json_syntax_and_types),
		cmocka_unit_test(test_table_errors),
		cmocka_unit_test(test_builder_orders_nodes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
