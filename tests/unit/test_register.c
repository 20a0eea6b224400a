/*
 * core/register: validation rules at their boundaries, the tree on a
 * date (both sides of 2025-07-01), lineage through several steps, and
 * streamlining counts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/arena.h"
#include "base/datetime.h"
#include "core/register.h"

static struct arena *A;

static void put(struct unit_set *s, const char *code, const char *kind, const char *parent,
                const char *from, const char *to, const char *succ, long line)
{
	struct unit_rec u = {0};
	u.code = code;
	u.name = code;
	u.kind = kind;
	u.parent = parent;
	u.valid_from = DATE_MIN;
	u.valid_to = DATE_MAX;
	if (from)
		assert_true(date_parse(from, strlen(from), &u.valid_from));
	if (to)
		assert_true(date_parse(to, strlen(to), &u.valid_to));
	if (succ) {
		const char **v = arena_array(A, 1, sizeof *v);
		v[0] = succ;
		u.successors = v;
		u.nsucc = 1;
	}
	u.has_quota = true;
	u.payroll_quota = 10;
	u.line = line;
	unit_set_put(s, &u);
}

static const struct register_cols COLS = {1, 4, 5, 6, 7};

static size_t validate(struct unit_set *s, struct diags *d)
{
	register_index(s);
	return register_validate(s, "f.csv", &COLS, d);
}

static void test_valid_register(void **state)
{
	(void)state;
	struct unit_set s;
	struct diags d;
	unit_set_init(&s, A);
	diags_init(&d);
	put(&s, "HN", "city", NULL, NULL, NULL, NULL, 2);
	put(&s, "D", "district", "HN", NULL, "2025-06-30", "W", 3);
	/* testcase: a child ending on exactly its parent's last day is valid */
	put(&s, "D.1", "ward", "D", NULL, "2025-06-30", "W", 4);
	put(&s, "W", "ward", "HN", "2025-07-01", NULL, NULL, 5);
	assert_int_equal(validate(&s, &d), 0);
	diags_free(&d);
	unit_set_free(&s);
}

static void test_child_outlives_parent(void **state)
{
	(void)state;
	struct unit_set s;
	struct diags d;
	unit_set_init(&s, A);
	diags_init(&d);
	put(&s, "HN", "city", NULL, NULL, NULL, NULL, 2);
	put(&s, "D", "district", "HN", "2020-01-01", "2025-06-30", NULL, 3);
	/* testcase: one day after the parent's end */
	put(&s, "D.1", "ward", "D", "2020-01-01", "2025-07-01", NULL, 4);
	/* testcase: one day before the parent's start */
	put(&s, "D.2", "ward", "D", "2019-12-31", "2025-06-30", NULL, 5);
	/* testcase: open end under a parent that ends */
	put(&s, "D.3", "ward", "D", "2020-01-01", NULL, NULL, 6);
	assert_int_equal(validate(&s, &d), 3);
	assert_int_equal(d.v[0].line, 4);
	assert_int_equal(d.v[0].col, 6);
	assert_int_equal(d.v[1].line, 5);
	assert_int_equal(d.v[1].col, 5);
	assert_int_equal(d.v[2].line, 6);
	diags_free(&d);
	unit_set_free(&s);
}

static void test_bad_links(void **state)
{
	(void)state;
	struct unit_set s;
	struct diags d;
	unit_set_init(&s, A);
	diags_init(&d);
	put(&s, "A", "department", "NOPE", NULL, NULL, NULL, 2);
	put(&s, "B", "department", NULL, NULL, "2025-01-01", "GHOST", 3);
	put(&s, "C", "department", NULL, NULL, "2025-01-01", "C", 4);
	put(&s, "E", "department", NULL, "2025-01-02", "2025-01-01", NULL, 5);
	assert_int_equal(validate(&s, &d), 4);
	assert_non_null(strstr(d.v[0].en, "parent \"NOPE\""));
	assert_non_null(strstr(d.v[1].en, "successor \"GHOST\""));
	assert_non_null(strstr(d.v[2].en, "its own successor"));
	assert_non_null(strstr(d.v[3].en, "valid_to is before valid_from"));
	diags_free(&d);
	unit_set_free(&s);
}

static void test_cycles(void **state)
{
	(void)state;
	struct unit_set s;
	struct diags d;
	unit_set_init(&s, A);
	diags_init(&d);
	/* testcase: a unit that is its own parent */
	put(&s, "S", "department", "S", NULL, NULL, NULL, 2);
	/* testcase: a three-unit cycle reported once, at its first line */
	put(&s, "A", "department", "C", NULL, NULL, NULL, 3);
	put(&s, "B", "department", "A", NULL, NULL, NULL, 4);
	put(&s, "C", "department", "B", NULL, NULL, NULL, 5);
	/* a tail leading into a cycle is not itself a cycle */
	put(&s, "T", "division", "A", NULL, NULL, NULL, 6);
	assert_int_equal(validate(&s, &d), 2);
	assert_int_equal(d.v[0].line, 2);
	assert_int_equal(d.v[1].line, 3);
	diags_free(&d);
	unit_set_free(&s);
}

static void test_stored_units_not_blamed(void **state)
{
	(void)state;
	struct unit_set s;
	struct diags d;
	unit_set_init(&s, A);
	diags_init(&d);
	/* a stored unit (line 0) with a dangling parent is not the file's fault */
	put(&s, "OLD", "department", "GONE", NULL, NULL, NULL, 0);
	put(&s, "NEW", "department", NULL, NULL, NULL, NULL, 2);
	assert_int_equal(validate(&s, &d), 0);
	diags_free(&d);
	unit_set_free(&s);
}

static void test_tree_on_both_sides(void **state)
{
	(void)state;
	struct unit_set s;
	unit_set_init(&s, A);
	put(&s, "HN", "city", NULL, NULL, NULL, NULL, 2);
	put(&s, "D", "district", "HN", NULL, "2025-06-30", "W", 3);
	put(&s, "D.1", "ward", "D", NULL, "2025-06-30", "W", 4);
	put(&s, "W", "ward", "HN", "2025-07-01", NULL, NULL, 5);
	put(&s, "SO", "department", "HN", NULL, NULL, NULL, 6);
	register_index(&s);
	size_t *order;
	int *depth;
	int32_t before, after;
	assert_true(date_parse("2025-06-30", 10, &before));
	assert_true(date_parse("2025-07-01", 10, &after));
	size_t n = register_tree(&s, before, A, &order, &depth);
	assert_int_equal(n, 4);
	/* departments sort before districts */
	assert_string_equal(s.v[order[0]].code, "HN");
	assert_string_equal(s.v[order[1]].code, "SO");
	assert_string_equal(s.v[order[2]].code, "D");
	assert_string_equal(s.v[order[3]].code, "D.1");
	assert_int_equal(depth[3], 2);
	n = register_tree(&s, after, A, &order, &depth);
	assert_int_equal(n, 3);
	assert_string_equal(s.v[order[2]].code, "W");
	assert_int_equal(depth[2], 1);
	unit_set_free(&s);
}

/* register_within: the subtree of a unit on a date (a framework's owner) */
static void test_within(void **state)
{
	(void)state;
	struct unit_set s;
	unit_set_init(&s, A);
	put(&s, "HN", "city", NULL, NULL, NULL, NULL, 2);
	put(&s, "SO", "department", "HN", NULL, NULL, NULL, 3);
	put(&s, "SO.P1", "division", "SO", NULL, NULL, NULL, 4);
	put(&s, "SO.P2", "division", "SO", NULL, "2025-06-30", NULL, 5);
	put(&s, "NV", "department", "HN", NULL, NULL, NULL, 6);
	put(&s, "NV.P1", "division", "NV", NULL, NULL, NULL, 7);
	register_index(&s);
	int32_t d, before;
	assert_true(date_parse("2026-12-31", 10, &d));
	assert_true(date_parse("2025-06-30", 10, &before));
	size_t p1 = (size_t)unit_set_find(&s, "SO.P1"), p2 = (size_t)unit_set_find(&s, "SO.P2");
	size_t nv1 = (size_t)unit_set_find(&s, "NV.P1"), so = (size_t)unit_set_find(&s, "SO");
	assert_true(register_within(&s, p1, "SO", d));
	assert_true(register_within(&s, p1, "HN", d));
	assert_true(register_within(&s, so, "SO", d)); /* a unit is in its own subtree */
	assert_false(register_within(&s, nv1, "SO", d));
	assert_false(register_within(&s, so, "SO.P1", d)); /* not upwards */
	/* testcase: a unit that ended is in the subtree up to its last day only */
	assert_false(register_within(&s, p2, "SO", d));
	assert_true(register_within(&s, p2, "SO", before));
	unit_set_free(&s);
}

static void test_lineage_transitive(void **state)
{
	(void)state;
	struct unit_set s;
	unit_set_init(&s, A);
	/* A and B merge into M (2020); M is renamed R (2025) */
	put(&s, "A", "commune", NULL, NULL, "2019-12-31", "M", 2);
	put(&s, "B", "commune", NULL, NULL, "2019-12-31", "M", 3);
	put(&s, "M", "commune", NULL, "2020-01-01", "2025-06-30", "R", 4);
	put(&s, "R", "ward", NULL, "2025-07-01", NULL, NULL, 5);
	register_index(&s);
	struct lineage_step *st;
	size_t n = register_lineage(&s, (size_t)unit_set_find(&s, "R"), A, &st);
	assert_int_equal(n, 3);
	assert_true(st[0].backward);
	assert_int_equal(st[0].depth, 1);
	assert_string_equal(s.v[st[0].from].code, "M");
	assert_int_equal(st[0].event, LINEAGE_RENAME);
	assert_int_equal(st[1].depth, 2);
	assert_int_equal(st[1].event, LINEAGE_MERGE);
	char day[11];
	date_format(st[1].date, day);
	assert_string_equal(day, "2020-01-01");
	n = register_lineage(&s, (size_t)unit_set_find(&s, "A"), A, &st);
	assert_int_equal(n, 2);
	assert_false(st[0].backward);
	assert_string_equal(s.v[st[1].to].code, "R");
	assert_int_equal(st[1].depth, 2);
	unit_set_free(&s);
}

static void test_stats(void **state)
{
	(void)state;
	struct unit_set s;
	unit_set_init(&s, A);
	put(&s, "D1", "division", NULL, NULL, "2025-02-28", NULL, 2);
	put(&s, "D2", "division", NULL, NULL, NULL, NULL, 3);
	put(&s, "D3", "division", NULL, "2025-03-01", NULL, NULL, 4);
	put(&s, "X", "zone", NULL, NULL, NULL, NULL, 5);
	register_index(&s);
	int32_t d1, d2;
	assert_true(date_parse("2025-02-28", 10, &d1));
	assert_true(date_parse("2025-03-01", 10, &d2));
	struct kind_stats *ks;
	size_t n = register_stats(&s, d1, d2, A, &ks);
	assert_int_equal(n, 2);
	assert_string_equal(ks[0].kind, "division");
	assert_int_equal(ks[0].count_from, 2);
	assert_int_equal(ks[0].count_to, 2);
	assert_int_equal(ks[0].payroll_from, 20);
	/* testcase: a kind not built in sorts after the built-in ones */
	assert_string_equal(ks[1].kind, "zone");
	unit_set_free(&s);
}

int main(void)
{
	A = arena_new();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_register),
		cmocka_unit_test(test_child_outlives_parent),
		cmocka_unit_test(test_bad_links),
		cmocka_unit_test(test_cycles),
		cmocka_unit_test(test_stored_units_not_blamed),
		cmocka_unit_test(test_tree_on_both_sides),
		cmocka_unit_test(test_within),
		cmocka_unit_test(test_lineage_transitive),
		cmocka_unit_test(test_stats),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	arena_free(A);
	return rc;
}
