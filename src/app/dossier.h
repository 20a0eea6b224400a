/*
 * Dossier use cases (one-stop administrative-procedure dossiers): the
 * fast analysis of an interchange file, its import into the database
 * with the monthly metrics it produces (app/dossier.c,
 * app/dossier_metrics.c), the procedure catalogue (app/procedure.c), the
 * working-day calendar (app/calendar_data.c), the late-dossier list and
 * the Decision 766 service index (app/service_index.c over
 * core/service_index.c). The CLI (cli/cmd_dossier.c) and the web pages
 * are thin adapters over these functions. Definitions: core/dossier.h;
 * format: shared/formats/dossiers.md; design: docs/internals/dossier.md.
 */
#ifndef PARINDEX_APP_DOSSIER_H
#define PARINDEX_APP_DOSSIER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "base/datetime.h"
#include "core/calendar.h"
#include "core/dossier.h"
#include "core/service_index.h"

/* The working-day calendar: the statutory rules plus the government's
 * decisions embedded from data/calendar/YYYY.json, plus extra_path (an
 * override file of the same format; NULL: none), which wins for its
 * year. On PX_BADINPUT the problems are in d. Caller frees *out. */
enum px_err app_calendar_load(const char *extra_path, struct diags *d, struct calendar **out);

/* Imports the procedure (TTHC) catalogue (docs/formats/procedures.md), an
 * app_import_fn (app/app.h); a code already known is updated. */
enum px_err app_procedure_import(struct app *app, struct table *t, struct diags *d,
                                 struct import_summary *sum);
/* Every procedure, by code (strings in app->arena). */
enum px_err app_procedure_list(struct app *app, struct procedure **out, size_t *n);

struct dossier_opts {
	int threads;            /* 0: one per CPU */
	const char *procedures; /* analyze: catalogue file for empty due_at, or NULL */
	bool db_catalogue;      /* analyze: the catalogue from app->db instead */
	const char *calendar;   /* extra calendar override file, or NULL */
	size_t dedup_budget;    /* 0: the reader's default (tests make it small) */
	size_t chunk_size;      /* 0: the reader's default */
};

struct dossier_analysis {
	struct dossier_month_row *rows; /* sorted by unit (bytes), month */
	size_t n;
	int32_t last_month; /* DOSSIER_NO_MONTH when the file has no rows */
	long dossiers;      /* data rows read */
	struct dossier_agg *agg; /* owns the unit strings */
};

/*
 * `dossier analyze`: one pass over the file, rows counted per unit and
 * month as shared/formats/dossiers.md defines; rows with a zero in
 * every output field are left out. PX_BADINPUT: problems in d and no
 * result. Free the result with dossier_analysis_free.
 */
enum px_err app_dossier_analyze(struct app *app, const char *name, const char *data, size_t len,
                                const struct dossier_opts *o, struct diags *d,
                                struct dossier_analysis *out);
void dossier_analysis_free(struct dossier_analysis *a);

struct dossier_import_summary {
	long rows, inserted, replaced;
	long cells;   /* unit-months whose counters changed */
	long values;  /* metric values written */
	long units;   /* units whose metrics were recomputed */
};

/*
 * `dossier import`: every row into the database, all or nothing,
 * idempotent by dossier_code (a code already stored is replaced). Every
 * unit_code must be in the register; an empty due_at is computed from
 * the stored procedure catalogue and the calendar. Then the monthly
 * counters (table dossier_month) and the dossier.* metric values of the
 * affected units are recomputed. Progress goes to app->progress.
 *
 * Both read the file named `name`, or, when data is not NULL, the len
 * bytes at data (an upload, the demo), name then only naming them in
 * messages.
 */
enum px_err app_dossier_import(struct app *app, const char *name, const char *data, size_t len,
                               const struct dossier_opts *o, struct diags *d,
                               struct dossier_import_summary *sum);

/* A dossier that needs an apology letter in month M: finished late in M,
 * or open and overdue at the end of M. */
struct late_dossier {
	const char *code, *procedure, *procedure_name;
	const char *received_at, *due_at, *finished_at; /* local, "" when none */
	const char *state;       /* "finished_late" or "overdue_open" */
	int working_days_late;   /* after due_at: to finished_at, or to the month's end */
};
/* The late dossiers of unit in month (strings in app->arena), by
 * received_at then code. PX_NOTFOUND when the unit has no dossier. */
enum px_err app_dossier_late(struct app *app, const char *unit, int32_t month,
                             const struct dossier_opts *o, struct diags *d,
                             struct late_dossier **out, size_t *n);

/* Decision 766 service index (data/service-index-766.json). */
struct service_index_row {
	const char *unit;
	double group_points[SERVICE_GROUPS];
	bool group_known[SERVICE_GROUPS];  /* every indicator of the group has a value */
	double points, max_points, index;  /* over the known groups; index in % */
	const char *missing;               /* metrics without a value, "" when none */
};
struct service_index_group {
	const char *code, *name_vi, *name_en;
	double max_points;
};
struct service_index {
	struct service_index_group groups[SERVICE_GROUPS];
	struct service_index_row *rows; /* by unit code */
	size_t n;
	long values; /* metric values written */
};
/* Reads the rules (rules_path, or NULL: the embedded
 * data/service-index-766.json) into out (strings in a); PX_BADINPUT with
 * the problems in d. */
enum px_err app_service_rules(const char *rules_path, struct arena *a, struct diags *d,
                              struct service_rules *out);
/*
 * Computes the five group points and the total for every unit with
 * dossier metrics in period (a year, quarter or month), from the rates
 * (stored or derived from counts), with the rules file (NULL: the
 * embedded data/service-index-766.json), and stores them as metric
 * values service766.g1 .. g5, service766.points and service766.index
 * (usable in framework formulas). Strings in app->arena.
 */
enum px_err app_service_index(struct app *app, struct period p, const char *rules_path,
                              struct diags *d, struct service_index *out);
#endif
