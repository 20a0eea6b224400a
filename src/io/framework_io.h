/*
 * Framework files: read the canonical JSON (docs/formats/framework.md) or
 * a CSV/XLSX criteria table (docs/formats/framework-table.md), and write
 * the canonical JSON.
 *
 * Why it is built this way: every reader only builds a struct framework
 * with frm_add_node() and then calls frm_finish(), so the rules are
 * checked in one place whatever the source; readers add what only they
 * can know (a JSON path and type, a table's line and column). Reading
 * collects every problem into the diags and returns no framework if any
 * of them is an error.
 *
 * The writer is the canonical form: keys in a fixed order, 2-space
 * indent, one key or array element per line, UTF-8 (NFC) text unescaped,
 * numbers in the shortest form that reads back exactly ("0.25", "9"),
 * defaults left out (min 0, extra false, a group's method, evidence
 * "optional" except on assessed leaves, which always state it), a final
 * newline. Hence import(export(x)) equals x and
 * export(import(export(x))) is byte-identical to export(x); the example
 * files in data/frameworks are already in this form.
 */
#ifndef PARINDEX_IO_FRAMEWORK_IO_H
#define PARINDEX_IO_FRAMEWORK_IO_H
#include <stddef.h>

#include "base/err.h"
#include "base/str.h"
#include "core/framework.h"

struct arena;

#define FRM_FILE_MAX ((size_t)64 << 20) /* bytes of a framework file */

/* Header fields given outside a table file (command-line options). A
 * field that is set overrides the table's '@' rows. */
struct frm_header {
	const char *code;
	const char *title;
	int year;             /* 0 = not given */
	const char *group;    /* kinds separated by ';' or ',' */
	int rank_precision;   /* -1 = not given */
	const char *grades;   /* "A:90;B:80;C:70;D:0" */
	const char *previous;
};

/* All fields "not given". */
void frm_header_init(struct frm_header *h);

/* Reads canonical JSON from data[0..len); name is used in messages. On
 * success *out is a finished framework allocated in a; on failure *out is
 * NULL and d says why (PX_BADINPUT). Unknown keys are warnings. */
enum px_err frm_read_json(const char *name, const char *data, size_t len,
                          struct arena *a, struct framework **out,
                          struct diags *d);

/* Reads a CSV or XLSX criteria table (the format is sniffed from the
 * content); over (may be NULL) overrides header rows. As frm_read_json. */
enum px_err frm_read_table(const char *path, const struct frm_header *over,
                           struct arena *a, struct framework **out,
                           struct diags *d);
/* The same over CSV text in memory. */
enum px_err frm_read_table_mem(const char *name, const char *data, size_t len,
                               const struct frm_header *over, struct arena *a,
                               struct framework **out, struct diags *d);

/* Reads path as JSON when its first non-blank byte is '{', else as a
 * table. PX_FAIL (in d) when the file cannot be read. */
enum px_err frm_read_file(const char *path, const struct frm_header *over,
                          struct arena *a, struct framework **out,
                          struct diags *d);

/* Appends the canonical JSON of a finished framework to out (check
 * str_error(out) once at the end). PX_USAGE if fw is not finished. */
enum px_err frm_write_json(const struct framework *fw, struct str *out);
#endif
