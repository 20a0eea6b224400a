/*
 * The inspection plan file (formats/inspections.md): CSV or XLSX, one row
 * per inspection, read through the table iterator and the typed field
 * readers. This layer checks what one file can say about itself (required
 * fields, codes, the year, dates and their order, the kind, places and
 * reform areas, an inspection code twice, the lead among the members);
 * what needs the register, the users or stored inspections is
 * app/inspection.c's. Every problem is reported at FILE:LINE:COLUMN and
 * none stops the reading.
 */
#ifndef PARINDEX_IO_INSPECTION_IO_H
#define PARINDEX_IO_INSPECTION_IO_H
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct arena;
struct table;

enum insp_col { IC_CODE, IC_YEAR, IC_UNIT, IC_KIND, IC_FROM, IC_TO, IC_LEAD, IC_MEMBERS,
                IC_PLACES, IC_AREAS, IC_CHECKLIST, IC_N };
/* The column names, by enum insp_col. */
extern const char *const insp_col_names[];

struct insp_row {
	const char *code, *unit, *kind, *lead, *checklist; /* checklist "" when absent */
	const char **members, **places, **areas;
	size_t nmembers, nplaces, nareas;
	int year;
	int32_t from, to;
	long line[IC_N], col[IC_N]; /* where each field is, for messages */
};

/* Splits "a; b;c" into trimmed non-empty words (in a); returns how many. */
size_t insp_split(struct arena *a, const char *s, const char ***out);

/* Reads every row of t into *rows (in a; *n of them). PX_BADINPUT when
 * any problem was reported in d (the good rows are still returned). */
enum px_err insp_read(struct table *t, struct arena *a, struct diags *d, struct insp_row **rows,
                      size_t *n);
#endif
