/*
 * The plan file (docs/formats/plans.md): CSV or XLSX, one row per task,
 * read through the table iterator and the typed field readers. This layer
 * checks what one file can say about itself (required fields, codes,
 * dates, areas, outputs, numbers, due before start, due outside
 * year-1..year+1, a task code twice in one plan, one plan with two units
 * or years); what needs the register or other plans (units, subtrees,
 * parent plans) is app/plan.c's. Every problem is reported, at
 * FILE:LINE:COLUMN, and none stops the reading.
 */
#ifndef PARINDEX_IO_PLAN_IO_H
#define PARINDEX_IO_PLAN_IO_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct arena;
struct table;

enum plan_col { PC_PLAN, PC_UNIT, PC_YEAR, PC_TASK, PC_PPLAN, PC_PTASK, PC_AREA, PC_TITLE,
                PC_OWNER, PC_COORD, PC_START, PC_DUE, PC_OUTPUT, PC_INDICATOR, PC_TARGET,
                PC_N };
/* The column names, by enum plan_col. */
extern const char *const plan_col_names[];

struct plan_row {
	const char *plan, *plan_unit, *task, *parent_plan, *parent_task, *area, *title, *owner;
	const char *output, *indicator; /* "" when absent */
	const char **coordinators;
	size_t ncoord;
	int year;
	int32_t start, due; /* start DATE_MIN when absent */
	bool has_target;
	double target;
	long line[PC_N], col[PC_N]; /* where each field is, for messages */
};

/* Reads every row of t into *rows (in a; *n of them). PX_BADINPUT when
 * any problem was reported in d (the rows read are still returned). */
enum px_err plan_read(struct table *t, struct arena *a, struct diags *d,
                      struct plan_row **rows, size_t *n);
#endif
