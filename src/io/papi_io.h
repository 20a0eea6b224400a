/*
 * The PAPI file (docs/papi.md): the published provincial PAPI dimension
 * scores, CSV or XLSX, one row per province, year and dimension, read
 * through the table iterator. This layer checks what one file can say
 * about itself (required fields, a year, a known dimension code, a score
 * in the dimension's range 1..10, a row twice, a province-year without all
 * eight dimensions); whether the province is a root unit of the register
 * is app/papi.c's. Every problem is reported at FILE:LINE:COLUMN and none
 * stops the reading.
 */
#ifndef PARINDEX_IO_PAPI_IO_H
#define PARINDEX_IO_PAPI_IO_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

struct arena;
struct table;

/* The eight PAPI dimensions (since 2018), in the published order. */
#define PAPI_NDIM 8
struct papi_dimension {
	const char *code; /* the metric is papi.<code> */
	const char *name_vi, *name_en;
};
extern const struct papi_dimension papi_dimensions[PAPI_NDIM];
/* Each dimension is scored 1..10; the total is their unweighted sum. */
#define PAPI_DIM_MIN 1.0
#define PAPI_DIM_MAX 10.0

/* Index of the dimension with code (case-insensitive), or -1. */
int papi_dimension_find(const char *code);

enum papi_col { PAPI_C_PROVINCE, PAPI_C_YEAR, PAPI_C_DIMENSION, PAPI_C_SCORE, PAPI_C_SOURCE,
                PAPI_C_N };
/* The column names, by enum papi_col (NULL-terminated), and which are required. */
extern const char *const papi_col_names[];
extern const bool papi_col_required[];

struct papi_row {
	const char *province, *source; /* source "" when absent */
	int year, dim;
	double score;
	long line, col[PAPI_C_N];
};

/* Reads every row of t (columns already found into col) into *rows (in a;
 * *n of them). Returns the table reader's last answer (1 never, 0 at the
 * end, -1 when reading stopped); problems are in d. */
int papi_read(struct table *t, const int *col, struct arena *a, struct diags *d,
              struct papi_row **rows, size_t *n);
#endif
