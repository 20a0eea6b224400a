/*
 * The workflow mechanism (app/workflow.c) on a real SQLite file, with a
 * toy machine whose items live in a table of the test: a transition is
 * refused in the wrong state, without the capability, without the
 * relation to the unit, by its guard, and for an item the actor may not
 * see (NOT FOUND, whatever the verb); a refusal writes nothing (neither
 * the item, nor the effect's rows, nor the audit log); a success changes
 * the state and writes one audit entry with actor, verb, from, to and
 * the effect's fields; wf_allowed answers from the same table; and every
 * route of the web's table that names a verb requires exactly the
 * capability of that verb's transitions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/evaluation_flow.h"
#include "app/cycle.h"
#include "app/plan.h"
#include "app/inspection.h"
#include "app/survey.h"
#include "app/workflow.h"
#include "base/arena.h"
#include "store/db.h"
#include "store/repo_audit.h"
#include "web/route.h"

static char path[256];
static struct db *db;
static struct arena *arena;
static struct app app;
static bool guard_open;

enum { TOY_NEW, TOY_DONE };
static const char *const toy_states[] = {"new", "done", NULL};
static const char *const toy_states_vi[] = {"mới", "xong", NULL};

static int64_t count(const char *sql)
{
	int64_t n = -1;
	assert_int_equal(db_int(db_prepare(db, sql), -1, &n), PX_OK);
	return n;
}

static enum px_err toy_load(struct wf_ctx *c, const char *key)
{
	struct db_stmt *st = db_prepare(c->app->db, "SELECT state, unit, secret FROM toy WHERE key = ?1");
	db_bind_text(st, 1, key, -1);
	enum db_step r = db_step(st);
	if (r == DB_ROW) {
		c->state = wf_state(c->m, db_col_text(st, 0));
		c->unit = arena_strdup(c->app->arena, db_col_text(st, 1));
		c->visible = !db_col_int(st, 2) || app_can(c->who, CAP_READ);
		c->assigned = !strcmp(c->who->login, "member");
	}
	db_done(st);
	if (r != DB_ROW) {
		diag_err(c->d, NULL, 0, 0, "không có", "no such toy");
		return PX_NOTFOUND;
	}
	return PX_OK;
}

static enum px_err toy_set_state(struct wf_ctx *c, int to)
{
	struct db_stmt *st = db_prepare(c->app->db, "UPDATE toy SET state = ?2 WHERE key = ?1");
	db_bind_text(st, 1, c->key, -1);
	db_bind_text(st, 2, toy_states[to], -1);
	return db_run(st);
}

static enum px_err toy_guard(struct wf_ctx *c)
{
	if (guard_open)
		return PX_OK;
	diag_err(c->d, NULL, 0, 0, "đóng", "the guard says no");
	return PX_BADINPUT;
}

/* Writes a note, then refuses when the input says so: the note must not
 * survive the refusal. */
static enum px_err toy_effect(struct wf_ctx *c)
{
	const char *arg = c->args;
	struct db_stmt *st = db_prepare(c->app->db, "INSERT INTO toy_note(key, text) VALUES (?1, ?2)");
	db_bind_text(st, 1, c->key, -1);
	db_bind_text(st, 2, arg ? arg : "", -1);
	if (db_run(st) != PX_OK)
		return PX_FAIL;
	if (arg && !strcmp(arg, "refuse")) {
		diag_err(c->d, NULL, 0, 0, "không", "the input is refused");
		return PX_BADINPUT;
	}
	str_adds(&c->detail, "\"note\": ");
	str_add_json(&c->detail, arg ? arg : "");
	return PX_OK;
}

static const struct wf_transition toy_rows[] = {
	{"finish", TOY_NEW, TOY_DONE, CAP_REPORT, WF_REL_OWN, toy_guard, toy_effect, "xong", "finish"},
	{"note", WF_ANY, WF_ANY, CAP_OFFICE, WF_REL_ANY, NULL, toy_effect, "ghi", "note"},
	{"review", TOY_DONE, WF_ANY, CAP_APPRAISE, WF_REL_ASSIGNED, NULL, NULL, "xem", "review"},
};

static const struct wf_machine toy = {
	.entity = "toy", .states = toy_states, .states_vi = toy_states_vi, .rows = toy_rows,
	.nrows = 3, .load = toy_load, .set_state = toy_set_state,
};

static const struct actor reporter_a = {"rep-a", "reporter", "A"};
static const struct actor reporter_b = {"rep-b", "reporter", "B"};
static const struct actor office = {"office", "office", NULL};
static const struct actor staff = {"staff", "staff", "A"};
static const struct actor member = {"member", "appraiser", "B"};
static const struct actor member_of_a = {"member", "appraiser", "A"};

static int setup(void **state)
{
	(void)state;
	snprintf(path, sizeof path, "/tmp/parindex-test-workflow-%d.db", (int)getpid());
	unlink(path);
	char *msg = NULL;
	assert_int_equal(db_open(path, &db, &msg), PX_OK);
	assert_int_equal(db_migrate(db), PX_OK);
	assert_int_equal(db_exec(db, "CREATE TABLE toy(key TEXT PRIMARY KEY, state TEXT, unit TEXT,"
	                             " secret INTEGER); CREATE TABLE toy_note(key TEXT, text TEXT);"
	                             "INSERT INTO toy VALUES ('t1', 'new', 'A', 0), ('t2', 'new', 'A', 1)"),
	                 PX_OK);
	arena = arena_new();
	app = (struct app){.db = db, .actor = "test", .arena = arena};
	guard_open = true;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	db_close(db);
	arena_free(arena);
	unlink(path);
	return 0;
}

/* Applies and checks the answer; returns the diags' first English text. */
static enum px_err apply(const struct actor *who, const char *verb, const char *key, int expect,
                         const char *arg)
{
	struct diags d;
	diags_init(&d);
	int to = -99;
	enum px_err e = wf_apply(&app, &toy, who, verb, key, expect, (void *)arg, &to, &d);
	if (e == PX_OK)
		assert_int_equal(d.errors, 0);
	else
		assert_true(d.errors > 0); /* every refusal says why */
	diags_free(&d);
	return e;
}

static void assert_nothing_written(int64_t audit_before)
{
	assert_int_equal(count("SELECT count(*) FROM toy WHERE state = 'done'"), 0);
	assert_int_equal(count("SELECT count(*) FROM toy_note"), 0);
	assert_int_equal(count("SELECT count(*) FROM audit_log"), audit_before);
}

static void test_refusals_write_nothing(void **state)
{
	(void)state;
	int64_t audit = count("SELECT count(*) FROM audit_log");
	/* no capability: staff is tied to A but may not report */
	assert_int_equal(apply(&staff, "finish", "t1", WF_ANY, "x"), PX_DENIED);
	/* capability, but not the item's unit */
	assert_int_equal(apply(&reporter_b, "finish", "t1", WF_ANY, "x"), PX_DENIED);
	/* the guard */
	guard_open = false;
	assert_int_equal(apply(&reporter_a, "finish", "t1", WF_ANY, "x"), PX_BADINPUT);
	guard_open = true;
	/* the effect refuses after writing: its row is rolled back */
	assert_int_equal(apply(&reporter_a, "finish", "t1", WF_ANY, "refuse"), PX_BADINPUT);
	/* the state the caller saw is gone (a second click) */
	assert_int_equal(apply(&reporter_a, "finish", "t1", TOY_DONE, "x"), PX_BADINPUT);
	/* wrong state: review needs done */
	assert_int_equal(apply(&member, "review", "t1", WF_ANY, NULL), PX_BADINPUT);
	/* unknown verb, unknown item */
	assert_int_equal(apply(&office, "fly", "t1", WF_ANY, NULL), PX_NOTFOUND);
	assert_int_equal(apply(&office, "note", "nope", WF_ANY, "x"), PX_NOTFOUND);
	assert_nothing_written(audit);
}

static void test_invisible_is_not_found(void **state)
{
	(void)state;
	int64_t audit = count("SELECT count(*) FROM audit_log");
	/* t2 is secret: a reporter of its own unit cannot see it, so every
	 * verb answers NOT FOUND, even one that would be refused anyway */
	assert_int_equal(apply(&reporter_a, "finish", "t2", WF_ANY, "x"), PX_NOTFOUND);
	assert_int_equal(apply(&reporter_a, "review", "t2", WF_ANY, NULL), PX_NOTFOUND);
	assert_int_equal(apply(&reporter_a, "fly", "t2", WF_ANY, NULL), PX_NOTFOUND);
	const char *v[4];
	assert_int_equal(wf_allowed(&app, &toy, &reporter_a, "t2", v, 4, NULL), 0);
	assert_nothing_written(audit);
	/* the office (a reader) sees it */
	assert_int_equal(wf_allowed(&app, &toy, &office, "t2", v, 4, NULL), 1);
	assert_string_equal(v[0], "note");
}

static void test_success_changes_state_and_audits(void **state)
{
	(void)state;
	const char *v[4];
	int st = -1;
	assert_int_equal(wf_allowed(&app, &toy, &reporter_a, "t1", v, 4, &st), 1);
	assert_int_equal(st, TOY_NEW);
	assert_string_equal(v[0], "finish");
	guard_open = false; /* the guard hides the verb too */
	assert_int_equal(wf_allowed(&app, &toy, &reporter_a, "t1", v, 4, NULL), 0);
	guard_open = true;
	int64_t audit = count("SELECT count(*) FROM audit_log");
	assert_int_equal(apply(&reporter_a, "finish", "t1", TOY_NEW, "done it"), PX_OK);
	assert_int_equal(count("SELECT count(*) FROM toy WHERE key = 't1' AND state = 'done'"), 1);
	assert_int_equal(count("SELECT count(*) FROM toy_note WHERE text = 'done it'"), 1);
	assert_int_equal(count("SELECT count(*) FROM audit_log"), audit + 1);
	struct db_stmt *q = db_prepare(db, "SELECT actor, action, entity, entity_key, detail"
	                                   " FROM audit_log ORDER BY seq DESC LIMIT 1");
	assert_int_equal(db_step(q), DB_ROW);
	assert_string_equal(db_col_text(q, 0), "test");
	assert_string_equal(db_col_text(q, 1), "finish");
	assert_string_equal(db_col_text(q, 2), "toy");
	assert_string_equal(db_col_text(q, 3), "t1");
	assert_string_equal(db_col_text(q, 4), "{\"from\": \"new\", \"to\": \"done\", \"note\": \"done it\"}");
	db_done(q);
	/* done: finish is gone; the assigned member reviews, unless it is
	 * their own unit (recusal) */
	assert_int_equal(apply(&reporter_a, "finish", "t1", WF_ANY, "again"), PX_BADINPUT);
	assert_int_equal(wf_allowed(&app, &toy, &member, "t1", v, 4, NULL), 1);
	assert_string_equal(v[0], "review");
	assert_int_equal(apply(&member_of_a, "review", "t1", WF_ANY, NULL), PX_DENIED);
	assert_int_equal(apply(&member, "review", "t1", WF_ANY, NULL), PX_OK);
	int64_t n;
	db_int(db_prepare(db, "SELECT count(*) FROM audit_log WHERE action = 'review'"
	                      " AND detail = '{\"from\": \"done\", \"to\": \"done\"}'"), 0, &n);
	assert_int_equal(n, 1);
	int64_t checked, bad;
	assert_int_equal(audit_verify(db, &checked, &bad), PX_OK);
}

/* Every route that names a workflow verb requires the capability of that
 * verb's transitions: the router's check and the table's cannot drift. */
static void test_routes_match_transitions(void **state)
{
	(void)state;
	const struct wf_machine *machines[] = {&cycle_machine, &assessment_machine, &task_machine,
	                                       &inspection_machine, &recommendation_machine,
	                                       &survey_machine, &eval_machine};
	const size_t nmachines = sizeof machines / sizeof machines[0];
	size_t checked = 0;
	for (size_t i = 0; i < nroutes; i++) {
		const char *v = routes[i].verb;
		if (!v)
			continue;
		const char *colon = strchr(v, ':');
		assert_non_null(colon);
		const struct wf_machine *m = NULL;
		for (size_t k = 0; k < nmachines; k++)
			if (!strncmp(machines[k]->entity, v, (size_t)(colon - v)) &&
			    !machines[k]->entity[colon - v])
				m = machines[k];
		assert_non_null(m);
		size_t rows = 0;
		for (size_t k = 0; k < m->nrows; k++)
			if (!strcmp(m->rows[k].verb, colon + 1)) {
				rows++;
				if (m->rows[k].cap != routes[i].cap)
					fail_msg("%s %s needs %s, its transition %s needs %s", routes[i].method,
					         routes[i].pattern, cap_name(routes[i].cap), v,
					         cap_name(m->rows[k].cap));
			}
		if (!rows)
			fail_msg("%s %s names %s, which no transition has", routes[i].method,
			         routes[i].pattern, v);
		checked++;
	}
	assert_true(checked >= 10);
	/* and every verb of the machines is reachable over HTTP */
	for (size_t k = 0; k < nmachines; k++)
		for (size_t r = 0; r < machines[k]->nrows; r++) {
			char want[64];
			snprintf(want, sizeof want, "%s:%s", machines[k]->entity, machines[k]->rows[r].verb);
			bool found = false;
			for (size_t i = 0; i < nroutes && !found; i++)
				found = routes[i].verb && !strcmp(routes[i].verb, want);
			if (!found)
				fail_msg("no route for %s", want);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_refusals_write_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invisible_is_not_found, setup, teardown),
		cmocka_unit_test_setup_teardown(test_success_changes_state_and_audits, setup, teardown),
		cmocka_unit_test(test_routes_match_transitions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
