/*
 * Fuzz target: the whole plan import (table reader, field readers, the
 * plan file's rules, the register and parent-plan checks, the
 * all-or-nothing write and the metrics) on a real in-memory SQLite
 * database holding a small register and the city's plan. Invariant
 * checked: a rejected import leaves the plans and tasks unchanged.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/plan.h"
#include "base/arena.h"

static const char units[] =
	"code,name,kind,parent\n"
	"HN,Thành phố,city,\n"
	"SO-VH,Sở Văn hóa và Thể thao,department,HN\n"
	"SO-VH.P1,Phòng Quản lý văn hóa,division,SO-VH\n"
	"SO-NV,Sở Nội vụ,department,HN\n";
static const char city[] =
	"plan_code,plan_unit,year,task_code,area,title,owner_unit,due\n"
	"KH-2026-HN,HN,2026,2.1,institution,Rà soát văn bản,SO-VH,2026-06-30\n";

static int64_t count(struct db *db, const char *sql)
{
	int64_t n = -1;
	db_int(db_prepare(db, sql), -1, &n);
	return n;
}

static void load(struct app *app, const char *name, const char *text, app_import_fn fn)
{
	struct diags d;
	diags_init(&d);
	struct import_summary sum;
	if (app_import_table(app, name, text, strlen(text), &d, &sum, fn) != PX_OK)
		abort();
	diags_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct db *db;
	if (!db) {
		char *msg;
		if (db_open(":memory:", &db, &msg) != PX_OK || db_migrate(db) != PX_OK)
			abort();
		struct app app = {.db = db, .actor = "fuzz", .arena = arena_new()};
		load(&app, "units.csv", units, app_unit_import);
		load(&app, "city.csv", city, app_plan_import);
		arena_free(app.arena);
	}
	struct app app = {.db = db, .actor = "fuzz", .arena = arena_new()};
	struct diags d;
	diags_init(&d);
	struct import_summary sum;
	int64_t plans = count(db, "SELECT count(*) FROM plan");
	int64_t tasks = count(db, "SELECT count(*) FROM plan_task");
	enum px_err e = app_import_table(&app, "fuzz.csv", (const char *)data, size, &d, &sum,
	                                 size & 1 ? app_plan_import_force : app_plan_import);
	if (e != PX_OK && (count(db, "SELECT count(*) FROM plan") != plans ||
	                   count(db, "SELECT count(*) FROM plan_task") != tasks))
		abort(); /* all or nothing broken */
	diags_free(&d);
	arena_free(app.arena);
	return 0;
}
