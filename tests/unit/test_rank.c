/*
 * core/rank: competition ranking ("1, 2, 2, 4") with ties listed by code,
 * ties decided on the value rounded to rank_precision, grade thresholds
 * at their boundary (90.00 -> A, 89.995 rounds to 90.00 -> A, 89.994 ->
 * B), the sensitivity view (which units move when a domain is weighted
 * x0.9 or x1.1) and the year-on-year view (index and rank change, the
 * criteria that moved most, through previous_map when codes changed).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "core/framework.h"
#include "core/rank.h"
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

static void appraise(struct score_input *in, size_t u, const char *code, double v)
{
	int node = frm_find(in->fw, code);
	assert_true(node >= 0);
	assert_true(score_set_appraised(in, u, node, v));
}

/* One assessed criterion worth 100: the index is the appraised points. */
static const char *ONE =
	"{\"format\": \"parindex-framework/1\", \"code\": \"ONE\", \"title\": \"One\","
	" \"year\": 2024, \"group\": \"district\", \"rank_precision\": %d,"
	" \"grades\": [{\"code\": \"A\", \"min\": 90}, {\"code\": \"B\", \"min\": 80},"
	" {\"code\": \"C\", \"min\": 70}],"
	" \"criteria\": [{\"code\": \"1\", \"title\": \"all\", \"max\": 100,"
	" \"method\": \"assessed\"}]}";

static void score_one(struct arena *a, int precision, const struct score_unit *units,
                      const double *points, size_t n, struct score_result *r)
{
	char json[1024];
	snprintf(json, sizeof json, ONE, precision);
	struct framework *fw = load(a, json);
	struct score_input *in = arena_alloc(a, sizeof *in);
	assert_int_equal(score_input_init(in, a, fw, units, n), PX_OK);
	for (size_t u = 0; u < n; u++)
		appraise(in, u, "1", points[u]);
	assert_int_equal(score_run(in, a, r), PX_OK);
}

static void test_competition_ranking(void **state)
{
	(void)state;
	double keys[] = {9570, 9700, 9570, 9000, 9570, 9999};
	const char *codes[] = {"E", "B", "A", "D", "C", "Z"};
	bool eligible[] = {true, true, true, true, true, false};
	int rank[6];
	size_t order[6], nranked;
	rank_competition(keys, codes, eligible, 6, rank, order, &nranked);
	assert_int_equal(nranked, 5);
	assert_int_equal(rank[1], 1);
	assert_int_equal(rank[0], 2); /* three share 2nd place ... */
	assert_int_equal(rank[2], 2);
	assert_int_equal(rank[4], 2);
	assert_int_equal(rank[3], 5); /* ... and 3rd and 4th are skipped */
	assert_int_equal(rank[5], 0); /* not eligible: not ranked */
	static const size_t want[] = {1, 2, 4, 0, 3, 5}; /* ties by code: A, C, E */
	for (size_t i = 0; i < 6; i++)
		assert_int_equal(order[i], want[i]);
	/* nothing to rank */
	rank_competition(keys, codes, eligible, 0, rank, order, &nranked);
	assert_int_equal(nranked, 0);
}

static void test_ties_share_rank_next_skipped(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	/* Hanoi 2023 districts: two units at 95.7 % shared 2nd place */
	static const struct score_unit units[] = {
		{"D4", "d4", "district"}, {"D3", "d3", "district"},
		{"D2", "d2", "district"}, {"D1", "d1", "district"},
	};
	const double points[] = {90, 95.704, 95.696, 97};
	struct score_result r;
	score_one(a, 2, units, points, 4, &r);
	assert_int_equal(r.units[3].rank, 1);
	assert_int_equal(r.units[1].rank, 2); /* 95.704 -> 95.70 */
	assert_int_equal(r.units[2].rank, 2); /* 95.696 -> 95.70 */
	assert_int_equal(r.units[0].rank, 4);
	assert_true(r.units[1].index_rounded == 95.7);
	/* ties are listed by code: D2 before D3 */
	assert_int_equal(r.order[0], 3);
	assert_int_equal(r.order[1], 2);
	assert_int_equal(r.order[2], 1);
	assert_int_equal(r.order[3], 0);
	/* with 3 decimals they are no longer tied */
	score_one(a, 3, units, points, 4, &r);
	assert_int_equal(r.units[1].rank, 2);
	assert_int_equal(r.units[2].rank, 3);
	assert_int_equal(r.units[0].rank, 4);
	/* with 0 decimals both are 96, still below 97 */
	score_one(a, 0, units, points, 4, &r);
	assert_int_equal(r.units[3].rank, 1);
	assert_int_equal(r.units[1].rank, 2);
	assert_int_equal(r.units[2].rank, 2);
	assert_true(r.units[1].index_rounded == 96);
	arena_free(a);
}

static void test_grade_thresholds(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	static const struct score_unit units[] = {
		{"U1", "", "district"}, {"U2", "", "district"}, {"U3", "", "district"},
		{"U4", "", "district"}, {"U5", "", "district"}, {"U6", "", "district"},
	};
	const double points[] = {90.00, 89.995, 89.994, 80, 79.99, 12};
	struct score_result r;
	score_one(a, 2, units, points, 6, &r);
	const struct framework *fw = r.fw;
	assert_string_equal(fw->grades[r.units[0].grade].code, "A"); /* exactly on 90 */
	assert_true(r.units[1].index_rounded == 90.0);               /* 89.995 -> 90.00 */
	assert_string_equal(fw->grades[r.units[1].grade].code, "A");
	assert_true(r.units[2].index_rounded == 89.99);
	assert_string_equal(fw->grades[r.units[2].grade].code, "B"); /* 89.994 -> 89.99 */
	assert_string_equal(fw->grades[r.units[3].grade].code, "B");
	assert_string_equal(fw->grades[r.units[4].grade].code, "C");
	assert_int_equal(r.units[5].grade, -1); /* below every grade */
	/* 90.00 and 89.995 are the same published value: they tie */
	assert_int_equal(r.units[0].rank, 1);
	assert_int_equal(r.units[1].rank, 1);
	assert_int_equal(r.units[2].rank, 3);
	assert_int_equal(rank_grade(fw, 70), 2);
	assert_int_equal(rank_grade(fw, 69.99), -1);
	arena_free(a);
}

/* ---- sensitivity ---------------------------------------------------------- */

static void test_sensitivity(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const char *json =
		"{\"format\": \"parindex-framework/1\", \"code\": \"S\", \"title\": \"Sens\","
		" \"year\": 2024, \"group\": \"department\", \"criteria\": ["
		"  {\"code\": \"1\", \"title\": \"d1\", \"max\": 50, \"method\": \"assessed\"},"
		"  {\"code\": \"2\", \"title\": \"d2\", \"max\": 50, \"method\": \"assessed\"},"
		"  {\"code\": \"9\", \"title\": \"bonus\", \"max\": 2, \"extra\": true,"
		"   \"method\": \"assessed\"}]}";
	struct framework *fw = load(a, json);
	static const struct score_unit units[] = {
		{"U1", "strong in d1", "department"},
		{"U2", "strong in d2", "department"},
		{"U3", "far behind", "department"},
		{"U4", "incomplete", "department"},
	};
	static const double p[4][3] = {{50, 30, 0}, {28, 50, 0}, {20, 20, 0}, {50, 50, NAN}};
	struct score_input in;
	score_input_init(&in, a, fw, units, 4);
	for (size_t u = 0; u < 4; u++) {
		appraise(&in, u, "1", p[u][0]);
		appraise(&in, u, "2", p[u][1]);
		if (!isnan(p[u][2]))
			appraise(&in, u, "9", p[u][2]);
	}
	struct score_result r;
	score_run(&in, a, &r);
	assert_int_equal(r.units[0].rank, 1); /* 80 */
	assert_int_equal(r.units[1].rank, 2); /* 78 */
	assert_int_equal(r.units[2].rank, 3); /* 40 */
	assert_int_equal(r.units[3].rank, 0);
	struct rank_sensitivity s;
	assert_int_equal(rank_sensitivity(&r, 0.9, 1.1, a, &s), PX_OK);
	assert_int_equal(s.ndomains, 3);
	size_t nd = s.ndomains;
	/* d1 x0.9: U1 75/95 = 78.95, U2 (25.2 + 50)/95 = 79.16: they swap */
	assert_int_equal(s.rank_low[0 * nd + 0], 2);
	assert_int_equal(s.rank_low[1 * nd + 0], 1);
	/* d1 x1.1: unchanged */
	assert_int_equal(s.rank_high[0 * nd + 0], 1);
	assert_int_equal(s.rank_high[1 * nd + 0], 2);
	/* d2 x1.1: 83/105 both: a tie, both 1st */
	assert_int_equal(s.rank_high[0 * nd + 1], 1);
	assert_int_equal(s.rank_high[1 * nd + 1], 1);
	assert_int_equal(s.max_shift[0], 1);
	assert_int_equal(s.max_shift[1], 1);
	assert_int_equal(s.max_shift[2], 0); /* robust */
	assert_int_equal(s.max_shift[3], 0);
	assert_int_equal(s.rank_low[3 * nd + 0], 0); /* never ranked */
	assert_int_equal(s.domain_max_shift[0], 1);
	assert_int_equal(s.domain_max_shift[1], 1);
	assert_int_equal(s.domain_max_shift[2], 0);
	assert_int_equal(s.max_shift_all, 1);
	assert_int_equal(rank_sensitivity(&r, 0, 1.1, a, &s), PX_USAGE);
	arena_free(a);
}

/* ---- year on year ---------------------------------------------------------- */

static const char *Y2024 =
	"{\"format\": \"parindex-framework/1\", \"code\": \"Y-2024\", \"title\": \"2024\","
	" \"year\": 2024, \"group\": \"department\", \"criteria\": ["
	"  {\"code\": \"1\", \"title\": \"g\", \"max\": 10, \"children\": ["
	"    {\"code\": \"1.1\", \"title\": \"a\", \"max\": 5, \"method\": \"assessed\"},"
	"    {\"code\": \"1.3\", \"title\": \"b\", \"max\": 5, \"method\": \"assessed\"}]},"
	"  {\"code\": \"2\", \"title\": \"c\", \"max\": 10, \"method\": \"assessed\"}]}";

static const char *Y2025 =
	"{\"format\": \"parindex-framework/1\", \"code\": \"Y-2025\", \"title\": \"2025\","
	" \"year\": 2025, \"group\": \"department\", \"previous\": \"%s\","
	" \"previous_map\": {\"1.2\": \"1.3\"}, \"criteria\": ["
	"  {\"code\": \"1\", \"title\": \"g\", \"max\": 10, \"children\": ["
	"    {\"code\": \"1.1\", \"title\": \"a\", \"max\": 5, \"method\": \"assessed\"},"
	"    {\"code\": \"1.2\", \"title\": \"b, renumbered\", \"max\": 5, \"method\": \"assessed\"}]},"
	"  {\"code\": \"2\", \"title\": \"c\", \"max\": 10, \"method\": \"assessed\"},"
	"  {\"code\": \"3\", \"title\": \"new\", \"max\": 5, \"method\": \"assessed\"}]}";

static void test_year_on_year(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct framework *f24 = load(a, Y2024);
	char json[2048];
	snprintf(json, sizeof json, Y2025, "Y-2024");
	struct framework *f25 = load(a, json);
	struct diags d;
	diags_init(&d);
	frm_check_previous(f25, f24, &d);
	assert_int_equal(d.warnings, 0);

	static const struct score_unit u24[] = {
		{"A", "", "department"}, {"B", "", "department"}, {"C", "", "department"}};
	static const struct score_unit u25[] = {
		{"B", "", "department"}, {"A", "", "department"}, {"D", "", "department"}};
	struct score_input in24, in25;
	score_input_init(&in24, a, f24, u24, 3);
	score_input_init(&in25, a, f25, u25, 3);
	static const double p24[3][3] = {{5, 2, 8}, {5, 5, 10}, {1, 1, 1}};
	for (size_t u = 0; u < 3; u++) {
		appraise(&in24, u, "1.1", p24[u][0]);
		appraise(&in24, u, "1.3", p24[u][1]);
		appraise(&in24, u, "2", p24[u][2]);
	}
	static const double p25[3][4] = {{5, 4, 9, 4}, {5, 5, 8, 5}, {2, 2, 2, 2}};
	for (size_t u = 0; u < 3; u++) {
		appraise(&in25, u, "1.1", p25[u][0]);
		appraise(&in25, u, "1.2", p25[u][1]);
		appraise(&in25, u, "2", p25[u][2]);
		appraise(&in25, u, "3", p25[u][3]);
	}
	struct score_result r24, r25;
	score_run(&in24, a, &r24);
	score_run(&in25, a, &r25);
	struct rank_yoy y;
	assert_int_equal(rank_compare(&r25, &r24, NULL, 5, a, &y), PX_OK);
	assert_true(y.mapped);
	assert_int_equal(y.node_map[frm_find(f25, "1.2")], frm_find(f24, "1.3"));
	assert_int_equal(y.node_map[frm_find(f25, "1.1")], frm_find(f24, "1.1"));
	assert_int_equal(y.node_map[frm_find(f25, "3")], -1);

	/* A: 15/20 = 75 (2nd) -> 23/25 = 92 (1st) */
	const struct rank_yoy_unit *ya = &y.units[1];
	assert_int_equal(ya->prev, 0);
	assert_true(ya->has_index_change);
	assert_true(fabs(ya->index_change - 17) < 1e-9);
	assert_true(ya->index_change_rounded == 17);
	assert_true(ya->has_rank_change);
	assert_int_equal(ya->rank_change, 1);
	assert_int_equal(ya->nmoves, 1); /* 1.1 and 2 did not move; 3 is new */
	assert_int_equal(ya->moves[0].node, frm_find(f25, "1.2"));
	assert_int_equal(ya->moves[0].prev_node, frm_find(f24, "1.3"));
	assert_true(fabs(ya->moves[0].change - 60) < 1e-9); /* 2/5 -> 5/5 */

	/* B: 100 (1st) -> 88 (2nd); 1.2 fell 20 points of %, 2 fell 10 */
	const struct rank_yoy_unit *yb = &y.units[0];
	assert_true(fabs(yb->index_change + 12) < 1e-9);
	assert_int_equal(yb->rank_change, -1);
	assert_int_equal(yb->nmoves, 2);
	assert_int_equal(yb->moves[0].node, frm_find(f25, "1.2"));
	assert_true(fabs(yb->moves[0].change + 20) < 1e-9);
	assert_int_equal(yb->moves[1].node, frm_find(f25, "2"));
	assert_true(fabs(yb->moves[1].change + 10) < 1e-9);

	/* D is new */
	assert_int_equal(y.units[2].prev, -1);
	assert_false(y.units[2].has_index_change);
	assert_false(y.units[2].has_rank_change);

	/* top_k keeps the largest moves only */
	assert_int_equal(rank_compare(&r25, &r24, NULL, 1, a, &y), PX_OK);
	assert_int_equal(y.units[0].nmoves, 1);
	assert_int_equal(y.units[0].moves[0].node, frm_find(f25, "1.2"));

	/* units matched by the caller (D continues C, say after a merger) */
	const long prev_of[] = {1, 0, 2};
	assert_int_equal(rank_compare(&r25, &r24, prev_of, 3, a, &y), PX_OK);
	assert_int_equal(y.units[2].prev, 2);
	assert_int_equal(y.units[2].rank_change, 0); /* 3rd both years */
	assert_true(fabs(y.units[2].index_change - (800.0 / 25 - 300.0 / 20)) < 1e-9);

	/* compared with a framework that is not `previous`: codes only */
	snprintf(json, sizeof json, Y2025, "OTHER");
	struct framework *fo = load(a, json);
	struct score_input ino;
	score_input_init(&ino, a, fo, u25, 3);
	for (size_t u = 0; u < 3; u++)
		appraise(&ino, u, "1.2", 1);
	struct score_result ro;
	score_run(&ino, a, &ro);
	assert_int_equal(rank_compare(&ro, &r24, NULL, 3, a, &y), PX_OK);
	assert_false(y.mapped);
	assert_int_equal(y.node_map[frm_find(fo, "1.2")], -1);
	frm_check_previous(fo, f24, &d);
	assert_int_equal(d.warnings, 1);
	diags_free(&d);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_competition_ranking),
		cmocka_unit_test(test_ties_share_rank_next_skipped),
		cmocka_unit_test(test_grade_thresholds),
		cmocka_unit_test(test_sensitivity),
		cmocka_unit_test(test_year_on_year),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
