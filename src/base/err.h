/*
 * Error codes and diagnostics.
 *
 * Functions return enum px_err (0 ok). The CLI maps them to exit statuses:
 * 0 ok, 1 failure, 2 usage error, 3 bad input data (px_exit_status).
 *
 * A struct diags collects user-facing problems in input: each one names
 * where it is (file, line, column, or a field/criterion) and says what is
 * wrong in Vietnamese and in English. Importers collect every problem they
 * can, not just the first, then change nothing if any error was found.
 */
#ifndef PARINDEX_BASE_ERR_H
#define PARINDEX_BASE_ERR_H
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

enum px_err {
	PX_OK = 0,
	PX_FAIL = 1,     /* internal or environment failure (I/O, database) */
	PX_USAGE = 2,    /* wrong command-line or request usage */
	PX_BADINPUT = 3, /* the user's data is wrong; see the diags */
	PX_NOTFOUND = 4, /* a named thing does not exist */
	PX_DENIED = 5,   /* not allowed */
};

int px_exit_status(enum px_err e);

enum diag_level { DIAG_ERROR, DIAG_WARNING };

struct diag {
	enum diag_level level;
	const char *file;  /* may be NULL */
	long line;         /* 1-based physical line or sheet row; 0 = none */
	long col;          /* 1-based column; 0 = none */
	const char *where; /* extra locator ("criterion 1.2"), may be NULL */
	const char *vi;
	const char *en;
};

#define DIAGS_KEEP 1000 /* at most this many are kept; all are counted */

struct diags {
	struct arena *arena; /* owns the messages */
	struct diag *v;
	size_t n, cap;
	size_t errors, warnings;
};

void diags_init(struct diags *d);
void diags_free(struct diags *d);
/* Records a problem. fmt_vi and fmt_en take the same arguments, in order. */
void diag_add(struct diags *d, enum diag_level level, const char *file,
              long line, long col, const char *where, const char *fmt_vi,
              const char *fmt_en, ...) __attribute__((format(printf, 8, 9)));
void diag_vadd(struct diags *d, enum diag_level level, const char *file,
               long line, long col, const char *where, const char *fmt_vi,
               const char *fmt_en, va_list ap);
/* Shorthand for an error with file, line and column. */
void diag_err(struct diags *d, const char *file, long line, long col,
              const char *fmt_vi, const char *fmt_en, ...)
	__attribute__((format(printf, 6, 7)));
/* Records a problem whose two texts are already written. */
void diag_text(struct diags *d, enum diag_level level, const char *file,
               long line, long col, const char *where, const char *vi,
               const char *en);
/* One line per diag: "FILE:LINE:COL: [where: ]vi | en" (warnings say so). */
void diags_print(const struct diags *d, FILE *out);
/* One diag formatted as diags_print does, into the caller's buffer. */
void diag_format(const struct diag *g, char *buf, size_t size);
#endif
