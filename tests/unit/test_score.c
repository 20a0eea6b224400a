/*
 * core/score: the published PAR INDEX 2020 example reproduced, clamping of
 * leaves and of children's sums, criteria that do not apply shrinking the
 * maximum (also for a partly applicable group), bonus/penalty points with
 * the index clamped to [0, 100], incomplete units with their reasons (not
 * ranked), units outside the group, the explain view, that block
 * evaluation matches one-unit evaluation across block boundaries, and the
 * example frameworks scoring a perfect unit at exactly 100.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "core/framework.h"
#include "core/score.h"
#include "io/framework_io.h"

static struct framework *load(struct arena *a, const char *json)
{
	struct diags d;
	diags_init(&d);
	struct framework *fw = NULL;
	if (frm_read_json("test.json", json, strlen(json), a, &fw, &d) != PX_OK) {
		diags_print(&d, stderr);
		fail_msg("framework did not load");
	}
	diags_free(&d);
	return fw;
}

static struct framework *load_file(struct arena *a, const char *rel)
{
	const char *dir = getenv("PARINDEX_FIXTURES");
	assert_non_null(dir);
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, rel);
	struct diags d;
	diags_init(&d);
	struct framework *fw = NULL;
	if (frm_read_file(path, NULL, a, &fw, &d) != PX_OK) {
		diags_print(&d, stderr);
		fail_msg("%s did not load", path);
	}
	diags_free(&d);
	return fw;
}

static void appraise(struct score_input *in, size_t u, const char *code, double v)
{
	int node = frm_find(in->fw, code);
	assert_true(node >= 0);
	assert_true(score_set_appraised(in, u, node, v));
}

static void metric(struct score_input *in, size_t u, const char *ref, double v)
{
	long slot = formula_symbols_find(&in->fw->symbols, ref);
	if (slot < 0)
		fail_msg("no metric %s", ref);
	assert_true(score_set_metric(in, u, (size_t)slot, v));
}

static double pts(const struct score_result *r, size_t u, const char *code)
{
	int node = frm_find(r->fw, code);
	assert_true(node >= 0);
	return score_points(r, u, node);
}

static void near(double got, double want, double tol)
{
	if (fabs(got - want) > tol)
		fail_msg("%.10g is not within %g of %.10g", got, tol, want);
}

/* ---- the published example --------------------------------------------- */

static const char *PAR2020 =
	"{\"format\": \"parindex-framework/1\", \"code\": \"VN-PAR-2020\","
	" \"title\": \"PAR INDEX 2020 (bốn thành phần)\", \"year\": 2020,"
	" \"group\": \"province\", \"grades\": [{\"code\": \"A\", \"min\": 90},"
	" {\"code\": \"B\", \"min\": 80}, {\"code\": \"C\", \"min\": 70}],"
	" \"criteria\": ["
	"  {\"code\": \"A\", \"title\": \"Điểm thẩm định tự đánh giá\", \"max\": 60, \"method\": \"assessed\"},"
	"  {\"code\": \"B\", \"title\": \"Sự hài lòng (SIPAS)\", \"max\": 10, \"method\": \"formula\","
	"   \"formula\": \"max * survey.sipas / 100\"},"
	"  {\"code\": \"C\", \"title\": \"Điều tra lãnh đạo, quản lý\", \"max\": 22, \"method\": \"formula\","
	"   \"formula\": \"survey.leaders_points\"},"
	"  {\"code\": \"D\", \"title\": \"Tác động đến phát triển KT-XH\", \"max\": 8, \"method\": \"formula\","
	"   \"formula\": \"impact.points\"}]}";

static void test_par_index_2020_example(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct framework *fw = load(a, PAR2020);
	/* input order is not rank order */
	static const struct score_unit units[] = {
		{"HN", "Hà Nội", "province"},
		{"TTH", "Thừa Thiên-Huế", "province"},
		{"QN", "Quảng Ninh", "province"},
		{"HP", "Hải Phòng", "province"},
	};
	/* Published components are rounded; the published index comes from the
	 * unrounded ones: Quảng Ninh's rounded parts 57.66 + 9.56 + 18.83 + 5
	 * add up to 91.05, its index is 91.04. Its inputs here are unrounded
	 * values consistent with both. */
	static const double data[4][5] = {
		/* A, SIPAS %, C, D, published index */
		{55.79, 85.0, 20.28, 1.5, 86.07},
		{56.78, 85.7, 20.11, 3.01, 88.47},
		{57.6551, 95.551, 18.8251, 5, 91.04},
		{58.71, 93.5, 19.45, 3, 90.51},
	};
	static const double published[4][4] = {
		{55.79, 8.50, 20.28, 1.5},
		{56.78, 8.57, 20.11, 3.01},
		{57.66, 9.56, 18.83, 5},
		{58.71, 9.35, 19.45, 3},
	};
	struct score_input in;
	assert_int_equal(score_input_init(&in, a, fw, units, 4), PX_OK);
	for (size_t u = 0; u < 4; u++) {
		appraise(&in, u, "A", data[u][0]);
		metric(&in, u, "survey.sipas", data[u][1]);
		metric(&in, u, "survey.leaders_points", data[u][2]);
		metric(&in, u, "impact.points", data[u][3]);
	}
	struct score_result r;
	assert_int_equal(score_run(&in, a, &r), PX_OK);
	for (size_t u = 0; u < 4; u++) {
		const struct score_unit_result *ur = &r.units[u];
		assert_int_equal(ur->status, SCORE_OK);
		near(ur->max, 100, 0);
		/* the published index exactly at 2 decimals; the sum of the
		 * published components within 0.01 */
		assert_true(ur->index_rounded == data[u][4]);
		near(published[u][0] + published[u][1] + published[u][2] + published[u][3],
		     ur->index_rounded, 0.01 + 1e-9);
		near(pts(&r, u, "B"), data[u][1] / 10, 1e-12);
		static const char *const comp[] = {"A", "B", "C", "D"};
		for (int k = 0; k < 4; k++)
			assert_true(formula_round(pts(&r, u, comp[k]), 2) == published[u][k]);
	}
	near(r.units[2].points, 91.0353, 1e-9);
	assert_int_equal(r.units[2].rank, 1); /* Quảng Ninh */
	assert_int_equal(r.units[3].rank, 2); /* Hải Phòng */
	assert_int_equal(r.units[1].rank, 3); /* Thừa Thiên-Huế */
	assert_int_equal(r.units[0].rank, 4); /* Hà Nội below */
	assert_int_equal(r.nranked, 4);
	assert_int_equal(r.order[0], 2);
	assert_int_equal(r.order[1], 3);
	assert_int_equal(r.order[2], 1);
	assert_int_equal(r.order[3], 0);
	assert_string_equal(fw->grades[r.units[2].grade].code, "A");
	assert_string_equal(fw->grades[r.units[3].grade].code, "A");
	assert_string_equal(fw->grades[r.units[1].grade].code, "B");
	assert_string_equal(fw->grades[r.units[0].grade].code, "B");
	arena_free(a);
}

/* ---- clamping ---------------------------------------------------------- */

static void test_clamping(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d);
	const char *json =
		"{\"format\": \"parindex-framework/1\", \"code\": \"CL\", \"title\": \"Clamp\","
		" \"year\": 2024, \"group\": \"department\", \"criteria\": ["
		"  {\"code\": \"1\", \"title\": \"capped group\", \"max\": 5, \"children\": ["
		"    {\"code\": \"1.1\", \"title\": \"a\", \"max\": 3, \"method\": \"assessed\"},"
		"    {\"code\": \"1.2\", \"title\": \"b\", \"max\": 3, \"method\": \"assessed\"}]},"
		"  {\"code\": \"2\", \"title\": \"formula\", \"max\": 2, \"method\": \"formula\","
		"   \"formula\": \"x\"}]}";
	struct framework *fw;
	assert_int_equal(frm_read_json("c.json", json, strlen(json), a, &fw, &d), PX_OK);
	assert_int_equal(d.warnings, 1); /* the children's maxima exceed the group's */
	diags_free(&d);
	static const struct score_unit units[] = {
		{"U1", "u1", "department"}, {"U2", "u2", "department"}, {"U3", "u3", "department"}};
	struct score_input in;
	assert_int_equal(score_input_init(&in, a, fw, units, 3), PX_OK);
	appraise(&in, 0, "1.1", 3);
	appraise(&in, 0, "1.2", 3);
	metric(&in, 0, "x", 10);
	appraise(&in, 1, "1.1", 7); /* above max: clamped to 3 */
	appraise(&in, 1, "1.2", -1); /* below min: 0 */
	metric(&in, 1, "x", -4);
	appraise(&in, 2, "1.1", 1.5);
	appraise(&in, 2, "1.2", 2);
	metric(&in, 2, "x", 1.25);
	struct score_result r;
	assert_int_equal(score_run(&in, a, &r), PX_OK);
	near(pts(&r, 0, "1"), 5, 0);      /* 3 + 3 capped at 5 */
	near(pts(&r, 0, "2"), 2, 0);      /* 10 clamped to max */
	near(r.units[0].index, 100, 0);
	near(pts(&r, 1, "1.1"), 3, 0);
	near(pts(&r, 1, "1.2"), 0, 0);
	near(pts(&r, 1, "2"), 0, 0);      /* -4 clamped to min 0 */
	near(r.units[1].points, 3, 0);
	near(r.units[1].max, 7, 0);
	near(pts(&r, 2, "1"), 3.5, 0);
	near(r.units[2].index, 4.75 * 100 / 7, 1e-12);
	arena_free(a);
}

/* ---- applicability ------------------------------------------------------ */

static void test_not_applicable_shrinks_max(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct framework *fw = load_file(a, "frameworks/small.json");
	static const struct score_unit units[] = {
		{"C1", "Xã 1", "commune"}, {"W1", "Phường 1", "ward"},
		{"C2", "Xã 2", "commune"}, {"W2", "Phường 2", "ward"},
	};
	struct score_input in;
	assert_int_equal(score_input_init(&in, a, fw, units, 4), PX_OK);
	for (size_t u = 0; u < 4; u++) {
		bool full = u < 2;
		appraise(&in, u, "1.1", full ? 4 : 2);
		appraise(&in, u, "3.1", full ? 3.5 : 1.75);
		appraise(&in, u, "9.2", 0);
		metric(&in, u, "plan.tasks_done", full ? 10 : 5);
		metric(&in, u, "plan.tasks_total", 10);
		metric(&in, u, "dossier.on_time_rate", full ? 0.99 : 0.92);
		metric(&in, u, "inspection.recommendations_overdue", 0);
	}
	struct score_result r;
	assert_int_equal(score_run(&in, a, &r), PX_OK);
	/* commune: 1 (10) + 2 (5); ward: 1 (10) + 3 (3.5); 9 is extra */
	near(r.units[0].max, 15, 0);
	near(r.units[1].max, 13.5, 0);
	near(r.units[0].index, 100, 0);
	near(r.units[1].index, 100, 0);
	assert_int_equal(r.units[0].rank, 1);
	assert_int_equal(r.units[1].rank, 1);
	/* not applicable: neither points nor maximum, even when appraised */
	near(pts(&r, 0, "3.1"), 0, 0);
	near(pts(&r, 0, "3"), 0, 0);
	assert_false(score_node_applies(&r, 0, frm_find(fw, "3")));
	near(score_node_max(&r, 0, frm_find(fw, "3")), 0, 0);
	assert_false(score_node_applies(&r, 1, frm_find(fw, "2.1")));
	assert_true(score_node_applies(&r, 1, frm_find(fw, "3.1")));
	/* commune 2: 2 + 3 (rate 0.5 of 6) + 2.5 (steps 0.9: half of 5) = 7.5 of 15 */
	near(pts(&r, 2, "2.1"), 2.5, 0);
	near(r.units[2].index, 50, 1e-12);
	/* ward 2: 2 + 3 + 1.75 = 6.75 of 13.5 */
	near(r.units[3].index, 50, 1e-12);
	assert_int_equal(r.units[2].rank, 3);
	assert_int_equal(r.units[3].rank, 3);
	assert_int_equal(r.units[0].kind, 0);
	assert_int_equal(r.units[1].kind, 1);
	assert_int_equal(r.nkinds, 2);
	arena_free(a);
}

static void test_partly_applicable_group(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d);
	const char *json =
		"{\"format\": \"parindex-framework/1\", \"code\": \"PG\", \"title\": \"Partly\","
		" \"year\": 2024, \"group\": [\"x\", \"y\"], \"criteria\": ["
		"  {\"code\": \"1\", \"title\": \"over-full group\", \"max\": 10, \"children\": ["
		"    {\"code\": \"1.1\", \"title\": \"a\", \"max\": 6, \"method\": \"assessed\"},"
		"    {\"code\": \"1.2\", \"title\": \"b\", \"max\": 6, \"method\": \"assessed\","
		"     \"applies_to\": [\"x\"]}]},"
		"  {\"code\": \"2\", \"title\": \"under-full group\", \"max\": 10, \"children\": ["
		"    {\"code\": \"2.1\", \"title\": \"c\", \"max\": 4, \"method\": \"assessed\"},"
		"    {\"code\": \"2.2\", \"title\": \"d\", \"max\": 4, \"method\": \"assessed\","
		"     \"applies_to\": [\"x\"]}]}]}";
	struct framework *fw;
	assert_int_equal(frm_read_json("p.json", json, strlen(json), a, &fw, &d), PX_OK);
	assert_int_equal(d.warnings, 2);
	diags_free(&d);
	static const struct score_unit units[] = {{"X", "x", "x"}, {"Y", "y", "y"}};
	struct score_input in;
	score_input_init(&in, a, fw, units, 2);
	for (size_t u = 0; u < 2; u++) {
		appraise(&in, u, "1.1", 6);
		appraise(&in, u, "1.2", 6);
		appraise(&in, u, "2.1", 4);
		appraise(&in, u, "2.2", 4);
	}
	struct score_result r;
	score_run(&in, a, &r);
	/* x: everything applies: the nodes' own maxima */
	near(score_node_max(&r, 0, frm_find(fw, "1")), 10, 0);
	near(score_node_max(&r, 0, frm_find(fw, "2")), 10, 0);
	near(r.units[0].max, 20, 0);
	near(r.units[0].points, 18, 0);
	/* y: min(max, what still applies) */
	near(score_node_max(&r, 1, frm_find(fw, "1")), 6, 0);
	near(score_node_max(&r, 1, frm_find(fw, "2")), 4, 0);
	near(r.units[1].max, 10, 0);
	near(r.units[1].index, 100, 0);
	arena_free(a);
}

/* ---- bonus and penalty --------------------------------------------------- */

static void test_bonus_and_penalty(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct framework *fw = load_file(a, "frameworks/small.json");
	static const struct score_unit units[] = {
		{"C1", "full + bonus", "commune"},
		{"C2", "nothing + penalty", "commune"},
		{"C3", "mixed", "commune"},
	};
	struct score_input in;
	score_input_init(&in, a, fw, units, 3);
	static const double v[3][6] = {
		/* 1.1, done/10, on-time, overdue, 9.2 */
		{4, 10, 0.99, 0, 2, 0},
		{0, 0, 0.5, 6, 0, 0},
		{4, 10, 0.95, 4, 0, 0},
	};
	for (size_t u = 0; u < 3; u++) {
		appraise(&in, u, "1.1", v[u][0]);
		metric(&in, u, "plan.tasks_done", v[u][1]);
		metric(&in, u, "plan.tasks_total", 10);
		metric(&in, u, "dossier.on_time_rate", v[u][2]);
		metric(&in, u, "inspection.recommendations_overdue", v[u][3]);
		appraise(&in, u, "9.2", v[u][4]);
	}
	struct score_result r;
	score_run(&in, a, &r);
	/* 15 + 2 bonus = 17 of 15: index clamped to 100 */
	near(r.units[0].points, 17, 0);
	near(r.units[0].max, 15, 0);
	near(r.units[0].index, 100, 0);
	/* penalty -3 (capped by 9.1's min) with no points: index 0, not negative */
	near(pts(&r, 1, "9.1"), -3, 0);
	near(pts(&r, 1, "9"), -3, 0);
	near(r.units[1].points, -3, 0);
	near(r.units[1].index, 0, 0);
	assert_int_equal(r.units[1].status, SCORE_OK);
	/* 4 + 6 + 4 - 2 = 12 of 15 = 80 */
	near(pts(&r, 2, "9.1"), -2, 0);
	near(r.units[2].index, 80, 1e-12);
	assert_string_equal(fw->grades[r.units[2].grade].code, "B");
	assert_int_equal(r.units[0].rank, 1);
	assert_int_equal(r.units[2].rank, 2);
	assert_int_equal(r.units[1].rank, 3);
	arena_free(a);
}

/* ---- incomplete units ---------------------------------------------------- */

static const struct framework *FW; /* of the result has_missing looks at */

static bool has_missing(const struct score_unit_result *ur, enum score_why why,
                        const char *en_part, const char *vi_part)
{
	struct arena *a = arena_new();
	bool found = false;
	for (size_t i = 0; i < ur->nmissing && !found; i++) {
		const char *vi, *en;
		score_missing_text(FW, &ur->missing[i], "commune", a, &vi, &en);
		found = ur->missing[i].why == why && strstr(en, en_part) && strstr(vi, vi_part);
	}
	arena_free(a);
	return found;
}

static void fill_complete(struct score_input *in, size_t u)
{
	appraise(in, u, "1.1", 3);
	appraise(in, u, "3.1", 3);
	appraise(in, u, "9.2", 0.5);
	metric(in, u, "plan.tasks_done", 8);
	metric(in, u, "plan.tasks_total", 10);
	metric(in, u, "dossier.on_time_rate", 0.96);
	metric(in, u, "inspection.recommendations_overdue", 1);
}

static void test_incomplete_units(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct framework *fw = load_file(a, "frameworks/small.json");
	static const struct score_unit units[] = {
		{"U4", "complete", "commune"},
		{"U1", "self only", "commune"},
		{"U2", "metric missing", "commune"},
		{"U3", "rate of zero", "commune"},
		{"W1", "ward without dossier data", "ward"},
		{"U0", "several problems", "commune"},
	};
	struct score_input in;
	score_input_init(&in, a, fw, units, 6);
	for (size_t u = 0; u < 6; u++)
		fill_complete(&in, u);
	int n11 = frm_find(fw, "1.1");
	score_set_appraised(&in, 1, n11, NAN); /* no appraisal ... */
	score_set_self(&in, 1, n11, 4);        /* ... self points alone never count */
	score_set_metric(&in, 2, (size_t)formula_symbols_find(&fw->symbols, "plan.tasks_total"), NAN);
	metric(&in, 3, "plan.tasks_total", 0);
	score_set_metric(&in, 4, (size_t)formula_symbols_find(&fw->symbols, "dossier.on_time_rate"), NAN);
	score_set_appraised(&in, 5, n11, NAN);
	score_set_metric(&in, 5, (size_t)formula_symbols_find(&fw->symbols, "plan.tasks_done"), NAN);
	score_set_metric(&in, 5, (size_t)formula_symbols_find(&fw->symbols, "dossier.on_time_rate"), NAN);
	struct score_result r;
	score_run(&in, a, &r);
	FW = fw;
	assert_int_equal(r.units[0].status, SCORE_OK);
	near(r.units[0].index, 11.8 * 100 / 15, 1e-9);
	assert_int_equal(r.units[0].rank, 2);
	assert_int_equal(r.units[4].status, SCORE_OK); /* 2.1 does not apply to wards */
	near(r.units[4].index, 80, 1e-9);
	assert_int_equal(r.units[4].rank, 1);
	assert_int_equal(r.nranked, 2);
	for (size_t u = 1; u <= 5; u++) {
		if (u == 4)
			continue;
		assert_int_equal(r.units[u].status, SCORE_INCOMPLETE);
		assert_int_equal(r.units[u].rank, 0);
		assert_int_equal(r.units[u].grade, -1);
	}
	const struct score_unit_result *ur = &r.units[1];
	assert_int_equal(ur->nmissing, 1);
	assert_true(has_missing(ur, SCORE_WHY_NO_APPRAISAL,
	                        "criterion 1.1 has no appraised points (only self-assessed points)",
	                        "tiêu chí 1.1 chưa có điểm thẩm định"));
	assert_int_equal(ur->missing[0].node, n11);
	/* provisional points: the missing leaf counts 0 */
	near(ur->points, 0 + 4.8 + 4 - 0.5 + 0.5, 1e-9);
	ur = &r.units[2];
	assert_int_equal(ur->nmissing, 1);
	assert_true(has_missing(ur, SCORE_WHY_METRIC,
	                        "criterion 1.2: metric plan.tasks_total for 2025 has no value",
	                        "chỉ số plan.tasks_total năm 2025 chưa có giá trị"));
	assert_int_equal(ur->missing[0].slot,
	                 formula_symbols_find(&fw->symbols, "plan.tasks_total"));
	ur = &r.units[3];
	assert_true(has_missing(ur, SCORE_WHY_RATEZERO, "rate() has a zero denominator",
	                        "mẫu số bằng 0"));
	ur = &r.units[5];
	assert_int_equal(ur->nmissing, 3);
	assert_true(has_missing(ur, SCORE_WHY_NO_APPRAISAL, "criterion 1.1", "1.1"));
	assert_true(has_missing(ur, SCORE_WHY_METRIC, "plan.tasks_done", "plan.tasks_done"));
	assert_true(has_missing(ur, SCORE_WHY_METRIC, "dossier.on_time_rate", "dossier.on_time_rate"));
	/* ranked units first, then the others by code */
	static const char *const order[] = {"W1", "U4", "U0", "U1", "U2", "U3"};
	for (size_t i = 0; i < 6; i++)
		assert_string_equal(units[r.order[i]].code, order[i]);
	arena_free(a);
}

static void test_division_by_zero_reason(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const char *json =
		"{\"format\": \"parindex-framework/1\", \"code\": \"DZ\", \"title\": \"Div\","
		" \"year\": 2024, \"group\": \"department\", \"criteria\": ["
		"  {\"code\": \"1\", \"title\": \"ratio\", \"max\": 2, \"method\": \"formula\","
		"   \"formula\": \"max * a / b\"},"
		"  {\"code\": \"2\", \"title\": \"safe ratio\", \"max\": 2, \"method\": \"formula\","
		"   \"formula\": \"if(b == 0, 0, max * a / b)\"}]}";
	struct framework *fw = load(a, json);
	static const struct score_unit units[] = {{"D", "d", "department"}};
	struct score_input in;
	score_input_init(&in, a, fw, units, 1);
	metric(&in, 0, "a", 1);
	metric(&in, 0, "b", 0);
	struct score_result r;
	score_run(&in, a, &r);
	FW = fw;
	assert_int_equal(r.units[0].status, SCORE_INCOMPLETE);
	assert_int_equal(r.units[0].nmissing, 1);
	assert_true(has_missing(&r.units[0], SCORE_WHY_DIVZERO, "criterion 1: division by zero",
	                        "chia cho 0"));
	near(pts(&r, 0, "2"), 0, 0);
	arena_free(a);
}

static void test_out_of_group_and_nothing_applies(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct framework *fw = load_file(a, "frameworks/small.json");
	static const struct score_unit units[] = {
		{"C1", "commune", "commune"},
		{"D1", "a department", "department"},
	};
	struct score_input in;
	score_input_init(&in, a, fw, units, 2);
	fill_complete(&in, 0);
	fill_complete(&in, 1);
	struct score_result r;
	score_run(&in, a, &r);
	assert_true(r.units[0].in_group);
	assert_false(r.units[1].in_group);
	assert_int_equal(r.units[1].status, SCORE_OK); /* scored ... */
	assert_int_equal(r.units[1].rank, 0);          /* ... but not ranked */
	assert_int_equal(r.units[0].rank, 1);

	const char *json =
		"{\"format\": \"parindex-framework/1\", \"code\": \"NA\", \"title\": \"Wards only\","
		" \"year\": 2024, \"group\": [\"ward\", \"commune\"], \"criteria\": ["
		"  {\"code\": \"1\", \"title\": \"x\", \"max\": 2, \"method\": \"assessed\","
		"   \"applies_to\": [\"ward\"]}]}";
	fw = load(a, json);
	static const struct score_unit u2[] = {{"C", "c", "commune"}};
	score_input_init(&in, a, fw, u2, 1);
	score_run(&in, a, &r);
	FW = fw;
	assert_int_equal(r.units[0].status, SCORE_INCOMPLETE);
	assert_true(has_missing(&r.units[0], SCORE_WHY_NOTHING_APPLIES,
	                        "no criterion applies to unit kind 'commune'", "commune"));
	near(r.units[0].index, 0, 0);
	arena_free(a);
}

/* ---- explain ------------------------------------------------------------- */

static void test_explain(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct framework *fw = load_file(a, "frameworks/small.json");
	static const struct score_unit units[] = {{"U", "Xã U", "commune"}};
	struct score_input in;
	score_input_init(&in, a, fw, units, 1);
	fill_complete(&in, 0);
	int n11 = frm_find(fw, "1.1");
	score_set_self(&in, 0, n11, 3.5);
	score_set_metric(&in, 0, (size_t)formula_symbols_find(&fw->symbols, "plan.tasks_total"), NAN);
	metric(&in, 0, "dossier.on_time_rate", 1.2); /* formula value above max: clamped */
	struct score_result r;
	score_run(&in, a, &r);
	struct score_explain x;
	assert_int_equal(score_explain(&r, 0, a, &x), PX_OK);
	assert_int_equal(x.nnodes, fw->nnodes);
	assert_string_equal(x.u->name, "Xã U");
	const struct score_explain_node *e = &x.nodes[n11];
	assert_true(e->has_self && e->self == 3.5);
	assert_true(e->has_appraised && e->appraised == 3);
	assert_true(e->points == 3 && e->max == 4 && e->applies);
	assert_false(e->missing);
	e = &x.nodes[frm_find(fw, "1.2")];
	assert_string_equal(e->formula, "max * rate(plan.tasks_done, plan.tasks_total)");
	assert_int_equal(e->nmetrics, 2);
	assert_string_equal(e->metrics[0].ref, "plan.tasks_done");
	assert_true(e->metrics[0].present && e->metrics[0].value == 8);
	assert_string_equal(e->metrics[1].metric, "plan.tasks_total");
	assert_false(e->metrics[1].present);
	assert_null(e->metrics[1].period);
	assert_null(e->metrics[1].source);
	assert_true(e->missing);
	assert_false(e->has_value);
	assert_int_equal(e->nwhy, 1);
	const char *vi, *en;
	score_missing_text(fw, &e->why[0], "commune", a, &vi, &en);
	assert_non_null(strstr(en, "plan.tasks_total"));
	assert_non_null(strstr(vi, "plan.tasks_total"));
	assert_true(x.nodes[frm_find(fw, "1")].missing); /* propagates to the group */
	assert_false(x.nodes[frm_find(fw, "2")].missing);
	e = &x.nodes[frm_find(fw, "2.1")];
	assert_true(e->has_value && e->value == 5 && e->points == 5);
	e = &x.nodes[frm_find(fw, "3.1")];
	assert_false(e->applies);
	assert_true(e->max == 0 && e->points == 0);
	e = &x.nodes[frm_find(fw, "9.1")];
	assert_true(e->has_value && e->value == -0.5);
	assert_int_equal(x.result->status, SCORE_INCOMPLETE);
	assert_int_equal(score_explain(&r, 1, a, &x), PX_USAGE);
	arena_free(a);
}

/* ---- block evaluation over many units ------------------------------------ */

static uint64_t rng = 0x2545F4914F6CDD1DULL;
static double rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (double)(rng >> 11) / 9007199254740992.0;
}

static void test_blocks_match_one_unit(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const char *json =
		"{\"format\": \"parindex-framework/1\", \"code\": \"BL\", \"title\": \"Blocks\","
		" \"year\": 2024, \"group\": [\"k1\", \"k2\"], \"criteria\": ["
		"  {\"code\": \"1\", \"title\": \"g\", \"max\": 10, \"children\": ["
		"   {\"code\": \"1.1\", \"title\": \"a\", \"max\": 4, \"method\": \"formula\","
		"    \"formula\": \"steps(rate(a, b), 0.3, max*0.5, 0.6, max)\"},"
		"   {\"code\": \"1.2\", \"title\": \"b\", \"max\": 3, \"min\": -1, \"method\": \"formula\","
		"    \"formula\": \"default(c / b, 2) - 1\", \"applies_to\": [\"k2\"]},"
		"   {\"code\": \"1.3\", \"title\": \"c\", \"max\": 3, \"method\": \"assessed\"}]},"
		"  {\"code\": \"2\", \"title\": \"h\", \"max\": 5, \"method\": \"formula\","
		"   \"formula\": \"if(a > c, max, max * 0.5)\"}]}";
	struct framework *fw = load(a, json);
	enum { N = 1000 };
	struct score_unit *units = arena_array(a, N, sizeof *units);
	struct score_input in;
	for (size_t u = 0; u < N; u++) {
		units[u].code = arena_printf(a, "U%04zu", u);
		units[u].kind = u % 3 ? "k1" : "k2";
	}
	score_input_init(&in, a, fw, units, N);
	for (size_t u = 0; u < N; u++) {
		for (size_t s = 0; s < fw->symbols.n; s++) {
			double x = rnd();
			score_set_metric(&in, u, s, x < 0.03 ? NAN : x < 0.08 ? 0 : floor(x * 20));
		}
		if (rnd() > 0.02)
			appraise(&in, u, "1.3", floor(rnd() * 13) / 4);
	}
	struct score_result r;
	score_run(&in, a, &r);
	struct formula_scratch fs;
	formula_scratch_init(&fs, a, fw->max_stack, fw->max_reasons);
	for (size_t u = 0; u < N; u++) {
		bool complete = true;
		for (size_t k = 0; k < fw->nformulas; k++) {
			int i = fw->formulas[k];
			const struct frm_node *n = &fw->nodes[i];
			double v = 0;
			bool ok = formula_eval(n->formula, in.metrics + u, N, &fs, &v);
			bool applies = frm_applies(fw, i, units[u].kind);
			double want = !applies || !ok ? 0 : v < n->min ? n->min : v > n->max ? n->max : v;
			if (applies && !ok)
				complete = false;
			if (score_points(&r, u, i) != want)
				fail_msg("unit %zu node %s: %g, expected %g", u, n->code,
				         score_points(&r, u, i), want);
		}
		if (isnan(in.appraised[u]))
			complete = false;
		assert_int_equal(r.units[u].status == SCORE_OK, complete);
		assert_int_equal(r.units[u].rank > 0, complete);
	}
	arena_free(a);
}

/* ---- the example frameworks: a perfect unit scores exactly 100 ----------- */

static double perfect_value(const char *metric)
{
	if (strncmp(metric, "survey.", 7) == 0)
		return 100;
	if (strncmp(metric, "papi.", 5) == 0)
		return 10; /* a PAPI dimension's best score */
	if (strstr(metric, "overdue") || strstr(metric, "cases"))
		return 0;
	return 1;
}

static void test_example_frameworks_perfect_units(void **state)
{
	(void)state;
	const char *fixtures = getenv("PARINDEX_FIXTURES");
	assert_non_null(fixtures);
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/../../data/frameworks", fixtures);
	DIR *dp = opendir(dir);
	if (!dp)
		fail_msg("cannot open %s: the example frameworks (data/frameworks) must be there", dir);
	struct dirent *de;
	int files = 0;
	while ((de = readdir(dp))) {
		size_t len = strlen(de->d_name);
		if (len < 5 || strcmp(de->d_name + len - 5, ".json") != 0)
			continue;
		struct arena *a = arena_new();
		char rel[4200];
		snprintf(rel, sizeof rel, "../../data/frameworks/%s", de->d_name);
		struct framework *fw = load_file(a, rel);
		enum { N = 300 };
		struct score_unit *units = arena_array(a, N, sizeof *units);
		for (size_t u = 0; u < N; u++) {
			units[u].code = arena_printf(a, "U%03zu", u);
			units[u].kind = fw->group[u % fw->ngroup];
		}
		struct score_input in;
		score_input_init(&in, a, fw, units, N);
		for (size_t u = 0; u < N; u++) {
			for (size_t k = 0; k < fw->nassessed; k++) {
				const struct frm_node *n = &fw->nodes[fw->assessed[k]];
				int top = fw->assessed[k];
				while (fw->nodes[top].parent >= 0)
					top = fw->nodes[top].parent;
				score_set_appraised(&in, u, fw->assessed[k],
				                    fw->nodes[top].extra ? 0 : n->max);
			}
			for (size_t s = 0; s < fw->symbols.n; s++)
				score_set_metric(&in, u, s, perfect_value(fw->symbols.v[s].metric));
		}
		struct score_result r;
		assert_int_equal(score_run(&in, a, &r), PX_OK);
		for (size_t u = 0; u < N; u++) {
			if (r.units[u].status != SCORE_OK || r.units[u].index != 100 ||
			    r.units[u].rank != 1)
				fail_msg("%s unit %zu: status %d index %.17g rank %d", de->d_name, u,
				         r.units[u].status, r.units[u].index, r.units[u].rank);
		}
		assert_int_equal(r.nranked, N);
		files++;
		arena_free(a);
	}
	closedir(dp);
	assert_true(files >= 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_par_index_2020_example),
		cmocka_unit_test(test_clamping),
		cmocka_unit_test(test_not_applicable_shrinks_max),
		cmocka_unit_test(test_partly_applicable_group),
		cmocka_unit_test(test_bonus_and_penalty),
		cmocka_unit_test(test_incomplete_units),
		cmocka_unit_test(test_division_by_zero_reason),
		cmocka_unit_test(test_out_of_group_and_nothing_applies),
		cmocka_unit_test(test_explain),
		cmocka_unit_test(test_blocks_match_one_unit),
		cmocka_unit_test(test_example_frameworks_perfect_units),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
