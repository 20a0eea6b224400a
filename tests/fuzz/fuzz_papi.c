/*
 * Fuzz target: the whole PAPI import (table reader, the PAPI file's row
 * rules in io/papi_io.c, the register check and the all-or-nothing write)
 * on a real in-memory SQLite database holding a city and a department.
 * Invariants checked: a rejected import leaves the metric values and the
 * audit log unchanged; after an accepted one every stored papi.total is
 * the sum of its eight dimensions, each within 1..10, and only a root
 * unit has papi values.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/papi.h"
#include "base/arena.h"

static const char units[] =
	"code,name,kind,parent\n"
	"HN,Thành phố Hà Nội,city,\n"
	"SO-NV,Sở Nội vụ,department,HN\n";

static int64_t count(struct db *db, const char *sql)
{
	int64_t n = -1;
	db_int(db_prepare(db, sql), -1, &n);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct db *db;
	if (!db) {
		char *msg;
		if (db_open(":memory:", &db, &msg) != PX_OK || db_migrate(db) != PX_OK)
			abort();
		struct app app = {.db = db, .actor = "fuzz", .arena = arena_new()};
		struct diags d;
		diags_init(&d);
		struct import_summary sum;
		if (app_import_table(&app, "units.csv", units, strlen(units), &d, &sum,
		                     app_unit_import) != PX_OK)
			abort();
		diags_free(&d);
		arena_free(app.arena);
	}
	struct app app = {.db = db, .actor = "fuzz", .arena = arena_new()};
	struct diags d;
	diags_init(&d);
	struct import_summary sum;
	int64_t values = count(db, "SELECT count(*) FROM metric_value");
	int64_t audit = count(db, "SELECT count(*) FROM audit_log");
	enum px_err e = app_import_table(&app, "fuzz.csv", (const char *)data, size, &d, &sum,
	                                 app_papi_import);
	if (e != PX_OK && (count(db, "SELECT count(*) FROM metric_value") != values ||
	                   count(db, "SELECT count(*) FROM audit_log") != audit))
		abort(); /* all or nothing broken */
	if (e == PX_OK) {
		if (count(db, "SELECT count(*) FROM metric_value t WHERE t.metric = 'papi.total'"
		              " AND abs(t.value - (SELECT sum(x.value) FROM metric_value x"
		              " WHERE x.unit_id = t.unit_id AND x.period = t.period"
		              " AND x.metric LIKE 'papi.%' AND x.metric <> 'papi.total')) > 1e-6") != 0)
			abort(); /* a total that is not the sum of its dimensions */
		if (count(db, "SELECT count(*) FROM metric_value WHERE metric LIKE 'papi.%'"
		              " AND metric <> 'papi.total' AND (value < 1 OR value > 10)") != 0)
			abort(); /* a dimension outside 1..10 */
		if (count(db, "SELECT count(*) FROM metric_value v JOIN unit u ON u.id = v.unit_id"
		              " WHERE v.metric LIKE 'papi.%' AND u.parent_id IS NOT NULL") != 0)
			abort(); /* a PAPI value on a unit that is not a province */
	}
	diags_free(&d);
	arena_free(app.arena);
	return 0;
}
