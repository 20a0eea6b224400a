/*
 * The fast reader of the dossier interchange CSV
 * (shared/formats/dossiers.md): one pass, several threads, memory
 * bounded whatever the file size. The general table reader (table.h)
 * serves every other import; this one exists because dossier files have
 * tens of millions of rows and a fixed schema.
 *
 * - Syntax: RFC 4180 (quoted fields with "", ',' and line ends inside,
 *   LF or CRLF line ends, a leading UTF-8 BOM skipped, lines with no
 *   bytes skipped). Strict: a quote inside an unquoted field, text after
 *   a closing quote, a quote never closed, a CR not followed by LF
 *   outside quotes, a NUL byte, invalid UTF-8 and a row whose field
 *   count differs from the header's are errors.
 * - Columns are found by header name (trimmed, ASCII case-insensitive,
 *   any order; unknown ones ignored). Values are exact: no trimming; the
 *   words of the format in lower case (booleans in any case).
 * - Every problem is reported as FILE:LINE:COLUMN (LINE is the physical
 *   line where the field starts, 1 = header; COLUMN the 1-based field
 *   number), all of them, in file order; the first DIAGS_KEEP are kept
 *   and the rest counted.
 * - dossier_code must be unique within the file: checked exactly after
 *   the pass with about 8 bytes per row (docs/internals/dossier.md),
 *   spilled to a temporary file beyond a memory budget.
 *
 * Rows are handed to ops->row in worker threads (several at once, each
 * with its own worker state); within a chunk of the file they come in
 * order, and ops->chunk_done sees the chunks in file order on the
 * calling thread. Design and invariants: docs/internals/dossier.md.
 */
#ifndef PARINDEX_IO_DOSSIER_CSV_H
#define PARINDEX_IO_DOSSIER_CSV_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "core/dossier.h"

enum dcsv_col {
	DCSV_CODE,
	DCSV_UNIT,
	DCSV_PROCEDURE,
	DCSV_CHANNEL,
	DCSV_ONLINE_KIND,
	DCSV_RECEIVED,
	DCSV_DUE,
	DCSV_FINISHED,
	DCSV_STATUS,
	DCSV_PAID,
	DCSV_DIGITIZED,
	DCSV_RESULT_DIGITIZED,
	DCSV_RATING,
	DCSV_NCOLS
};

/* "dossier_code", "unit_code", ... as in the header. */
const char *dcsv_col_name(enum dcsv_col c);

/* One row whose every field is well-formed. Text is not NUL-terminated
 * and is valid during the callback only. d.due_at (and d.due_month) are
 * set only when due_given. */
struct dcsv_row {
	const char *code, *unit, *procedure;
	size_t code_len, unit_len, procedure_len;
	struct dossier d;
	bool due_given, due_date_only;
	long line;                   /* where the row starts */
	long field_line[DCSV_NCOLS]; /* where each field starts */
};

struct dcsv_chunk;

/* Reports a problem of the current chunk at (line, column number col;
 * see dcsv_column). Texts are copied. */
void dcsv_error(struct dcsv_chunk *ch, long line, int col, const char *vi, const char *en);
void dcsv_errorf(struct dcsv_chunk *ch, long line, int col, const char *fmt_vi,
                 const char *fmt_en, ...) __attribute__((format(printf, 5, 6)));
/* 1-based column number of a known column (0 when the file lacks it). */
int dcsv_column(const struct dcsv_chunk *ch, enum dcsv_col c);
/* Memory that lives until ops->chunk_done has returned (zeroed). */
void *dcsv_chunk_alloc(struct dcsv_chunk *ch, size_t n);
/* A pointer the row callback may set for chunk_done. */
void **dcsv_chunk_user(struct dcsv_chunk *ch);
/* Problems reported in this chunk so far. */
size_t dcsv_chunk_errors(const struct dcsv_chunk *ch);

struct dcsv_ops {
	void *ctx;
	/* per worker thread state (NULL callbacks: none) */
	void *(*worker_begin)(void *ctx);
	void (*worker_end)(void *ctx, void *worker);
	/* a well-formed row; may report problems with dcsv_error */
	void (*row)(void *worker, struct dcsv_chunk *ch, const struct dcsv_row *r);
	/* optional: a chunk is finished (file order, calling thread);
	 * errors_before: problems in all earlier chunks and this one */
	void (*chunk_done)(void *ctx, struct dcsv_chunk *ch, size_t errors_so_far);
};

struct dcsv_options {
	int threads;         /* worker threads; <= 1: rows read on the calling thread */
	size_t chunk_size;   /* bytes per chunk; 0: 4 MiB */
	size_t dedup_budget; /* bytes of code fingerprints in memory; 0: 128 MiB */
	void (*progress)(void *ctx, size_t done, size_t total);
	void *progress_ctx;
};

struct dcsv_stats {
	long rows;     /* data rows read (good or bad) */
	size_t bytes;  /* bytes read */
	bool has_due;  /* the header has a due_at column */
	size_t spills; /* times fingerprints were spilled to disk */
};

/* Reads path (a file or a pipe). PX_OK: every row was good; PX_BADINPUT:
 * problems are in d; PX_FAIL: the file could not be read (in d). */
enum px_err dcsv_read(const char *path, const struct dcsv_options *o, const struct dcsv_ops *ops,
                      struct diags *d, struct dcsv_stats *st);
/* The same over bytes in memory (an upload, a fuzz input); name is used
 * in messages. The bytes are only read. */
enum px_err dcsv_read_mem(const char *name, const char *data, size_t len,
                          const struct dcsv_options *o, const struct dcsv_ops *ops,
                          struct diags *d, struct dcsv_stats *st);

/* The datetime parser of the reader, exposed for tests: the same forms
 * and values as datetime_parse, plus the local month. */
bool dcsv_parse_datetime(const char *s, size_t n, bool allow_date, int64_t *t, bool *date_only,
                         int32_t *month);
/* Bytes per fingerprint kept for the uniqueness check (for docs/tests). */
#define DCSV_FP_BYTES 8
#endif
