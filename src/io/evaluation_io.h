/*
 * The evaluation files (shared/formats/evaluation.md): a rule set (JSON,
 * "parindex-evaluation/1"), checked whole at load with every problem
 * reported by its JSON path ("grades[2].min"); and the three tables
 * (approved monthly points, the discipline register, absences), read
 * through the table iterator and the typed field readers, every problem
 * at FILE:LINE:COLUMN. This layer checks what a file can say about
 * itself; what needs the register or the stored evaluations (unknown
 * staff, a month outside the staff member's time in the unit, the quota)
 * is app/evaluation.c's.
 */
#ifndef PARINDEX_IO_EVALUATION_IO_H
#define PARINDEX_IO_EVALUATION_IO_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "core/evaluation.h"

struct arena;
struct table;

#define EVAL_FORMAT "parindex-evaluation/1"

/* Parses and validates a rule set named name (for messages) from
 * data[0..len) into *out (strings in a). PX_BADINPUT with every problem
 * in d. */
enum px_err eval_rules_parse(const char *name, const char *data, size_t len, struct arena *a,
                             struct diags *d, struct eval_rules *out);

/* One row of `evaluation import`: approved points of a staff member's
 * month. */
struct eval_point_row {
	const char *staff;
	int year, month;
	long pts[EVAL_MAX_COMP]; /* centi-points, by the rule set's components */
	long line, col_staff, col_month;
};
/* Reads every row of t against rule set r (columns staff_code, month and
 * one per component). PX_BADINPUT when anything was reported. */
enum px_err eval_points_read(struct table *t, const struct eval_rules *r, struct arena *a,
                             struct diags *d, struct eval_point_row **rows, size_t *n);

extern const char *const eval_discipline_forms[]; /* reprimand, warning, demotion, dismissal */
struct eval_discipline_row {
	const char *staff, *form, *decision;
	int32_t date;
	long line, col_staff;
};
enum px_err eval_discipline_read(struct table *t, struct arena *a, struct diags *d,
                                 struct eval_discipline_row **rows, size_t *n);

struct eval_absence_row {
	const char *staff, *reason;
	int32_t from, to;
	long line, col_staff;
};
enum px_err eval_absence_read(struct table *t, struct arena *a, struct diags *d,
                              struct eval_absence_row **rows, size_t *n);
#endif
