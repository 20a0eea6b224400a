/*
 * Fuzz target: the whole unit import (CSV reader, field parsers, register
 * validation, the all-or-nothing write) on a real in-memory SQLite
 * database. Invariant checked: a rejected import leaves the unit count
 * unchanged.
 */
#include <stdint.h>
#include <stdlib.h>

#include "app/app.h"
#include "base/arena.h"
#include "store/repo_unit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct db *db;
	if (!db) {
		char *msg;
		if (db_open(":memory:", &db, &msg) != PX_OK || db_migrate(db) != PX_OK)
			abort();
	}
	struct app app = {.db = db, .actor = "fuzz", .arena = arena_new()};
	struct diags d;
	diags_init(&d);
	struct import_summary sum;
	long before = repo_unit_count(db);
	enum px_err e =
		app_import_table(&app, "fuzz.csv", (const char *)data, size, &d, &sum, app_unit_import);
	if (e != PX_OK && repo_unit_count(db) != before)
		abort(); /* all or nothing broken */
	diags_free(&d);
	arena_free(app.arena);
	return 0;
}
