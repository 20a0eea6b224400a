/*
 * The demo city: a Hanoi-like register (real names of departments,
 * districts, communes and wards; synthetic divisions, quotas and staff),
 * loaded from CSV files compiled into the binary through the same import
 * use cases a user runs, so the demo also exercises the importers.
 * scripts/gen-demo.py regenerates the files.
 */
#include "app/app.h"
#include "app/papi.h"
#include "app/plan.h"
#include "app/inspection.h"
#include "app/survey.h"
#include "base/embedded.h"
#include "app/scoring.h"
#include "app/user.h"
#include "store/repo_audit.h"
#include "store/repo_unit.h"

#include <stdio.h>

enum px_err app_demo(struct app *app, int force, struct diags *d)
{
	if (repo_unit_count(app->db) > 0) {
		if (!force) {
			diag_err(d, NULL, 0, 0,
			         "CSDL đã có dữ liệu; dùng --force để xóa và nạp lại dữ liệu mẫu",
			         "the database is not empty; use --force to erase it and load the demo");
			return PX_USAGE;
		}
		enum px_err e = db_begin(app->db);
		if (e == PX_OK)
			e = repo_wipe_data(app->db);
		if (e == PX_OK)
			e = audit_append(app->db, app->actor, "delete", "database", "*",
			                 "{\"reason\": \"demo --force\"}");
		e = app_commit(app, e, d);
		if (e != PX_OK)
			return e;
	}
	static const struct {
		const char *file;
		app_import_fn import;
	} steps[] = {
		{"units.csv", app_unit_import},
		{"staff.csv", app_staff_import},
		/* the city's 2026 PAR plan, the departments' plans carrying it
		 * out and their reports (scripts/gen-demo-plans.py) */
		{"plans.csv", app_plan_import},
		{"plan_reports.csv", app_plan_report_import},
		/* Hanoi's PAPI dimension scores 2023-2025 (illustrative), which
		 * the PAPI frameworks of demo_scores.c score */
		{"papi.csv", app_papi_import},
	};
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		const struct embedded_file *f = embedded_find(demo_files, steps[i].file);
		struct import_summary sum;
		if (!f) {
			diag_err(d, NULL, 0, 0, "thiếu tệp mẫu %s", "missing demo file %s", steps[i].file);
			return PX_FAIL;
		}
		char name[64];
		snprintf(name, sizeof name, "demo/%s", f->name);
		enum px_err e = app_import_table(app, name, f->data, f->len, d, &sum, steps[i].import);
		if (e != PX_OK)
			return e;
	}
	/* users first: the demo's cycles assign the demo appraiser */
	enum px_err e = app_demo_users(app, d);
	/* the 2026 inspection plan and its history (its leads are demo users) */
	if (e == PX_OK)
		e = app_inspection_demo(app, d);
	if (e == PX_OK)
		e = app_demo_scores(app, d);
	/* a SIPAS campaign with responses (illustrative) */
	return e == PX_OK ? app_demo_surveys(app, d) : e;
}
