/*
 * core/emulation: the pure rules of emulation titles at their boundaries.
 * The rule set is the shipped LAW-06-2022-ND-152-2025 file read through
 * io/emulation_io.c (the figures are the data's, not the test's): votes
 * exactly at 80% and 90% and one vote below, cash rounded half up to
 * 1,000 VND, shares formatted with a decimal comma, and a collective's
 * share of members at exactly 70% with an unrated member left out.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "core/emulation.h"
#include "core/evaluation.h"
#include "io/emulation_io.h"

static struct arena *arena;
static struct emu_rules rules;

static int setup(void **state)
{
	(void)state;
	arena = arena_new();
	const char *dir = getenv("PARINDEX_FIXTURES");
	char path[1024];
	snprintf(path, sizeof path, "%s/../../data/emulation-rules/LAW-06-2022-ND-152-2025.json",
	         dir ? dir : "tests/fixtures");
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	static char buf[65536];
	size_t n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	struct diags d;
	diags_init(&d);
	enum px_err e = emu_rules_parse(path, buf, n, arena, &d, &rules);
	diags_free(&d);
	return e == PX_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(arena);
	return 0;
}

static const struct emu_title *title(const char *code)
{
	int k = emu_title_find(&rules, code);
	assert_true(k >= 0);
	return &rules.titles[k];
}

static void test_votes(void **state)
{
	(void)state;
	long v80 = title("CSTDCS")->vote_ppm, v90 = title("CSTD-TINH")->vote_ppm;
	assert_true(emu_vote_passes(v80, 8, 10));
	assert_true(emu_vote_passes(v80, 4, 5));
	assert_false(emu_vote_passes(v80, 7, 9));
	assert_true(emu_vote_passes(v90, 9, 10));
	assert_false(emu_vote_passes(v90, 8, 9));
	assert_true(emu_vote_passes(v90, 27, 30));
	assert_false(emu_vote_passes(v90, 26, 29)); /* 89,66% */
	assert_true(emu_vote_passes(title("LDTT")->vote_ppm, 0, 7));
	assert_false(emu_vote_passes(v80, 11, 10));
	assert_false(emu_vote_passes(v80, 1, 0));
}

/* the council's quorum: of all members, present + in writing, exact */
static void test_quorum(void **state)
{
	(void)state;
	long q = 0;
	assert_true(emu_share_parse("0,5", &q));
	assert_int_equal(q, 500000);
	assert_true(emu_share_parse("0.6667", &q));
	assert_int_equal(q, 666700);
	assert_false(emu_share_parse("1,5", &q));
	assert_false(emu_share_parse("50%", &q));
	assert_false(emu_share_parse("0,1234567", &q));
	assert_true(emu_quorum_met(500000, 5, 10));  /* exactly half */
	assert_false(emu_quorum_met(500000, 4, 10));
	assert_true(emu_quorum_met(666700, 7, 10));
	assert_false(emu_quorum_met(666700, 2, 3)); /* 66,67% of 3 is 2.0001 */
	assert_false(emu_quorum_met(500000, 11, 10));
	assert_false(emu_quorum_met(500000, 0, 0));
}

static void test_cash(void **state)
{
	(void)state;
	assert_int_equal(emu_cash(title("LDTT")->cash_milli, rules.base_salary), 702000);
	assert_int_equal(emu_cash(title("CSTDCS")->cash_milli, rules.base_salary), 2340000);
	assert_int_equal(emu_cash(title("TTLDXS")->cash_milli, rules.base_salary), 3510000);
	assert_int_equal(emu_cash(title("CSTD-TINH")->cash_milli, rules.base_salary), 7020000);
	assert_int_equal(emu_cash(300, 1234500), 370000);  /* 370 350 rounds down */
	assert_int_equal(emu_cash(300, 1235000), 371000);  /* 370 500 rounds half up */
}

static void test_format(void **state)
{
	(void)state;
	char b[32];
	emu_ppm_format(700000, b, sizeof b);
	assert_string_equal(b, "70%");
	emu_ppm_format(666667, b, sizeof b);
	assert_string_equal(b, "66,67%");
	emu_ppm_format(125000, b, sizeof b);
	assert_string_equal(b, "12,5%");
}

static void test_collective_share(void **state)
{
	(void)state;
	int k = emu_title_find(&rules, "LDTT"), tt = emu_title_find(&rules, "TTLDTT");
	struct emu_person m[11];
	bool ok[11][EMU_MAX_TITLES];
	memset(ok, 0, sizeof ok);
	for (int i = 0; i < 11; i++) {
		m[i] = (struct emu_person){"X", "U", i < 10, i < 7 ? EVAL_GOOD : EVAL_COMPLETED, -1, -1,
		                           false};
		ok[i][k] = i < 7;
	}
	struct emu_unit u = {.code = "U"};
	struct emu_facts f = {2025, NULL, NULL, m, 11, (const bool(*)[EMU_MAX_TITLES])ok};
	bool uok[EMU_MAX_TITLES] = {0};
	struct emu_check c;
	emu_check_unit(&rules, (size_t)tt, &u, uok, &f, &c);
	assert_true(c.eligible);
	assert_non_null(strstr(c.reason, "members LDTT=7/10=70% >= 70%"));
	ok[6][k] = false; /* 6 of 10 */
	emu_check_unit(&rules, (size_t)tt, &u, uok, &f, &c);
	assert_false(c.eligible);
	/* nobody rated: missing, never passing */
	for (int i = 0; i < 11; i++)
		m[i].rated = false;
	emu_check_unit(&rules, (size_t)tt, &u, uok, &f, &c);
	assert_false(c.eligible);
	assert_non_null(strstr(c.reason, "members LDTT=missing"));
}

static void test_person(void **state)
{
	(void)state;
	struct emu_person p = {"P", "U", true, EVAL_GOOD, -1, -1, false};
	bool ok[EMU_MAX_TITLES] = {0};
	struct emu_facts f = {2025, NULL, NULL, NULL, 0, NULL};
	struct emu_check c;
	emu_check_person(&rules, 0, &p, ok, &f, &c);
	assert_true(c.eligible);
	assert_string_equal(c.reason, "level=good >= good; disciplined=no");
	p.level = EVAL_COMPLETED;
	emu_check_person(&rules, 0, &p, ok, &f, &c);
	assert_false(c.eligible);
	p.rated = false;
	emu_check_person(&rules, 0, &p, ok, &f, &c);
	assert_string_equal(c.reason, "level=missing; disciplined=no");
	assert_false(c.eligible);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_votes), cmocka_unit_test(test_quorum), cmocka_unit_test(test_cash), cmocka_unit_test(test_format),
		cmocka_unit_test(test_collective_share), cmocka_unit_test(test_person),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
