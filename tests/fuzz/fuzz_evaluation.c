/*
 * Fuzz target: the evaluation parsers. An input whose first byte is '{'
 * is a rule set (the JSON reader and every validation); anything else is
 * a points table imported whole (table reader, field readers, the staff
 * and time-in-unit checks, the quota, the all-or-nothing write and the
 * metrics) against HN-3814 on a real in-memory SQLite database holding a
 * small register. Invariants: a rule set that parses has its grades
 * best first and ending at 0; a rejected import leaves the stored months
 * unchanged.
 */
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/evaluation.h"
#include "base/arena.h"
#include "io/evaluation_io.h"

static const char units[] =
	"code,name,kind,parent\n"
	"HN,Thành phố,city,\n"
	"SO-NV,Sở Nội vụ,department,HN\n";
static const char staff[] =
	"code,name,unit_code,category,position,valid_from,valid_to\n"
	"NV01,A,SO-NV,civil_servant,,,\n"
	"NV02,B,SO-NV,civil_servant,,2025-03-01,\n"
	"NV03,C,SO-NV,civil_servant,,,\n";
static const char rules[] =
	"{\"format\": \"parindex-evaluation/1\", \"code\": \"HN-3814\","
	" \"valid_from\": \"2018-06-01\", \"valid_to\": \"2025-12-31\","
	" \"components\": [{\"code\": \"discipline\", \"max\": 20, \"title\": {\"vi\": \"K\"}},"
	" {\"code\": \"tasks\", \"max\": 70, \"title\": {\"vi\": \"N\"}},"
	" {\"code\": \"bonus\", \"max\": 10, \"title\": {\"vi\": \"T\"}}],"
	" \"grades\": [{\"code\": \"A\", \"min\": 90}, {\"code\": \"B\", \"min\": 70},"
	" {\"code\": \"C\", \"min\": 50}, {\"code\": \"D\", \"min\": 0}],"
	" \"quota\": {\"grade\": \"A\", \"max_share\": 0.3, \"of\": \"rated\"},"
	" \"annual\": [{\"level\": \"completed\"}]}";

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

/* The points import reads a file by path: the fuzz input is written to
 * one (a tmpfs path when there is one). */
static const char *input_path(void)
{
	static char path[64];
	if (!*path)
		snprintf(path, sizeof path, "/tmp/fuzz_evaluation.%ld.csv", (long)getpid());
	return path;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct db *db;
	struct diags d;
	if (size && data[0] == '{') {
		struct arena *a = arena_new();
		diags_init(&d);
		struct eval_rules r;
		if (eval_rules_parse("fuzz.json", (const char *)data, size, a, &d, &r) == PX_OK) {
			for (size_t i = 1; i < r.ngrades; i++)
				if (r.grades[i].min >= r.grades[i - 1].min)
					abort();
			if (!r.ngrades || r.grades[r.ngrades - 1].min != 0)
				abort();
		}
		diags_free(&d);
		arena_free(a);
		return 0;
	}
	if (!db) {
		char *msg;
		if (db_open(":memory:", &db, &msg) != PX_OK || db_migrate(db) != PX_OK)
			abort();
		struct app app = {.db = db, .actor = "fuzz", .arena = arena_new()};
		load(&app, "units.csv", units, app_unit_import);
		load(&app, "staff.csv", staff, app_staff_import);
		diags_init(&d);
		struct eval_rules r;
		bool is_new;
		if (app_eval_rules_import(&app, "rules.json", rules, strlen(rules), &d, &r, &is_new) !=
		    PX_OK)
			abort();
		diags_free(&d);
		arena_free(app.arena);
	}
	FILE *f = fopen(input_path(), "wb");
	if (!f)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	struct app app = {.db = db, .actor = "fuzz", .arena = arena_new()};
	diags_init(&d);
	struct import_summary sum;
	int64_t months = count(db, "SELECT count(*) FROM eval_month");
	int64_t points = count(db, "SELECT count(*) FROM eval_point");
	enum px_err e = app_eval_import(&app, input_path(), "HN-3814", &d, &sum);
	if (e != PX_OK && (count(db, "SELECT count(*) FROM eval_month") != months ||
	                   count(db, "SELECT count(*) FROM eval_point") != points))
		abort(); /* all or nothing broken */
	diags_free(&d);
	arena_free(app.arena);
	remove(input_path());
	return 0;
}
