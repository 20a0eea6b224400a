/*
 * The emulation files (shared/formats/emulation.md): a rule set (JSON,
 * "parindex-emulation/1") checked whole, every problem named by its JSON
 * path ("titles[2].when[0]"); the initiative register and past awards,
 * read through the table iterator, every problem at FILE:LINE:COLUMN.
 * What needs the register (unknown staff or units) is app/emulation.c's.
 */
#ifndef PARINDEX_IO_EMULATION_IO_H
#define PARINDEX_IO_EMULATION_IO_H
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "core/emulation.h"

struct arena;
struct table;

#define EMU_FORMAT "parindex-emulation/1"

enum px_err emu_rules_parse(const char *name, const char *data, size_t len, struct arena *a,
                            struct diags *d, struct emu_rules *out);

struct emu_initiative_row {
	const char *code, *staff, *title, *level, *decision;
	long year, line, col_staff;
	/* optional columns: authors (co-authors' staff codes, ";"-separated;
	 * the main author left out) and evidence ("" when absent) */
	const char **authors;
	size_t nauthors;
	long col_authors;
	const char *evidence;
};
enum px_err emu_initiatives_read(struct table *t, struct arena *a, struct diags *d,
                                 struct emu_initiative_row **rows, size_t *n);

struct emu_award_row {
	const char *candidate, *title, *decision;
	long year, line, col_candidate, col_title;
};
enum px_err emu_awards_read(struct table *t, struct arena *a, struct diags *d,
                            struct emu_award_row **rows, size_t *n);
#endif
