/* Error codes and bilingual diagnostics; see err.h. */
#include "base/err.h"
#include "base/arena.h"
#include "base/mem.h"

#include <stdlib.h>
#include <string.h>

int px_exit_status(enum px_err e)
{
	switch (e) {
	case PX_OK:
		return 0;
	case PX_USAGE:
		return 2;
	case PX_BADINPUT:
		return 3;
	default:
		return 1;
	}
}

void diags_init(struct diags *d)
{
	memset(d, 0, sizeof *d);
	d->arena = arena_new();
}

void diags_free(struct diags *d)
{
	arena_free(d->arena);
	free(d->v);
	memset(d, 0, sizeof *d);
}

void diag_vadd(struct diags *d, enum diag_level level, const char *file,
               long line, long col, const char *where, const char *fmt_vi,
               const char *fmt_en, va_list ap)
{
	if (level == DIAG_ERROR)
		d->errors++;
	else
		d->warnings++;
	if (d->n >= DIAGS_KEEP)
		return;
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->v = xrealloc(d->v, size_mul(d->cap, sizeof *d->v));
	}
	struct diag *g = &d->v[d->n++];
	g->level = level;
	g->file = file ? arena_strdup(d->arena, file) : NULL;
	g->line = line;
	g->col = col;
	g->where = where ? arena_strdup(d->arena, where) : NULL;
	va_list ap2;
	va_copy(ap2, ap);
	g->vi = arena_vprintf(d->arena, fmt_vi, ap2);
	va_end(ap2);
	g->en = arena_vprintf(d->arena, fmt_en, ap);
}

void diag_add(struct diags *d, enum diag_level level, const char *file,
              long line, long col, const char *where, const char *fmt_vi,
              const char *fmt_en, ...)
{
	va_list ap;
	va_start(ap, fmt_en);
	diag_vadd(d, level, file, line, col, where, fmt_vi, fmt_en, ap);
	va_end(ap);
}

void diag_text(struct diags *d, enum diag_level level, const char *file,
               long line, long col, const char *where, const char *vi,
               const char *en)
{
	diag_add(d, level, file, line, col, where, "%s%.0s", "%.0s%s", vi, en);
}

void diag_err(struct diags *d, const char *file, long line, long col,
              const char *fmt_vi, const char *fmt_en, ...)
{
	va_list ap;
	va_start(ap, fmt_en);
	diag_vadd(d, DIAG_ERROR, file, line, col, NULL, fmt_vi, fmt_en, ap);
	va_end(ap);
}

void diag_format(const struct diag *g, char *buf, size_t size)
{
	char loc[64] = "";
	/* FILE:LINE:COLUMN is a contract: a problem of a whole line (a
	 * missing column in the header, say) is reported at column 1 */
	if (g->line > 0)
		snprintf(loc, sizeof loc, ":%ld:%ld", g->line, g->col > 0 ? g->col : 1);
	snprintf(buf, size, "%s%s: %s%s%s%s | %s%s", g->file ? g->file : "parindex",
	         loc, g->where ? g->where : "", g->where ? ": " : "",
	         g->level == DIAG_WARNING ? "cảnh báo: " : "", g->vi,
	         g->level == DIAG_WARNING ? "warning: " : "", g->en);
}

void diags_print(const struct diags *d, FILE *out)
{
	char buf[2048];
	for (size_t i = 0; i < d->n; i++) {
		diag_format(&d->v[i], buf, sizeof buf);
		fprintf(out, "%s\n", buf);
	}
	size_t total = d->errors + d->warnings;
	if (total > d->n)
		fprintf(out, "... %zu lỗi khác không hiển thị | %zu more not shown\n",
		        total - d->n, total - d->n);
}
