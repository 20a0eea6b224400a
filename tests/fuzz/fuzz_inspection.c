/*
 * Fuzz target: the whole inspection plan import (table reader, field
 * readers, the plan file's rules, the register, users and stored
 * inspections, the all-or-nothing write and the metrics) on a real
 * in-memory SQLite database holding a small register, two inspectors and
 * one started inspection. Invariant checked: a rejected import leaves the
 * inspections unchanged, and a started inspection is never changed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/inspection.h"
#include "base/arena.h"
#include "store/repo_user.h"

static const char units[] =
	"code,name,kind,parent\n"
	"HN,Thành phố,city,\n"
	"SO-VH,Sở Văn hóa và Thể thao,department,HN\n"
	"SO-VH.P1,Phòng Quản lý văn hóa,division,SO-VH\n"
	"SO-NV,Sở Nội vụ,department,HN\n";
static const char plan[] =
	"inspection_code,year,unit_code,kind,planned_from,planned_to,lead,members,places,areas,checklist\n"
	"KT-2026-01,2026,SO-VH,unannounced,2026-03-10,2026-03-10,insp1,insp2,one_stop,procedure,one_stop\n";

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
		for (int i = 0; i < 2; i++) {
			struct user_rec u = {.login = i ? "insp2" : "insp1", .name = "x", .role = "inspector",
			                     .lang = "vi", .created_at = "2026-01-01T00:00:00Z"};
			int64_t id;
			if (repo_user_insert(db, &u, "x", "fuzz", &id) != PX_OK)
				abort();
		}
		load(&app, "plan.csv", plan, app_inspection_import);
		struct diags d;
		diags_init(&d);
		struct actor cli = {"fuzz", "admin", NULL, NULL, 0, NULL};
		if (app_inspection_start(&app, &cli, "KT-2026-01", &d) != PX_OK)
			abort();
		diags_free(&d);
		arena_free(app.arena);
	}
	struct app app = {.db = db, .actor = "fuzz", .arena = arena_new()};
	struct diags d;
	diags_init(&d);
	struct import_summary sum;
	int64_t n = count(db, "SELECT count(*) FROM inspection");
	int64_t changed = count(db, "SELECT count(*) FROM inspection WHERE code = 'KT-2026-01'"
	                            " AND state = 'started' AND planned_from = '2026-03-10'");
	enum px_err e = app_import_table(&app, "fuzz.csv", (const char *)data, size, &d, &sum,
	                                 app_inspection_import);
	if (e != PX_OK && count(db, "SELECT count(*) FROM inspection") != n)
		abort(); /* all or nothing broken */
	if (changed != 1 ||
	    count(db, "SELECT count(*) FROM inspection WHERE code = 'KT-2026-01'"
	              " AND state = 'started' AND planned_from = '2026-03-10'") != 1)
		abort(); /* a started inspection changed by a re-import */
	diags_free(&d);
	arena_free(app.arena);
	return 0;
}
