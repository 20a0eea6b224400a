/*
 * Fuzz target: the emulation parsers and the pure checks. An input whose
 * first byte is '{' is a rule set (JSON reader and every validation);
 * when it parses, every title is checked for a few synthetic people and
 * collectives (core/emulation.c), with invariants: a reason is always a
 * terminated string, a title for the other kind is never eligible, and
 * cash is a non-negative multiple of 1,000. Anything else is read as an
 * initiative table and as a past-award table (table reader, field
 * readers, duplicate checks): rows returned only when nothing was
 * reported.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "core/emulation.h"
#include "core/evaluation.h"
#include "io/emulation_io.h"
#include "io/table.h"

static bool never(void *ctx, const char *c, const char *t, int y)
{
	(void)ctx;
	(void)t;
	return (y + (int)strlen(c)) % 2 == 0;
}

static void checks(const struct emu_rules *r)
{
	struct emu_person people[3] = {
		{"P1", "U", true, EVAL_EXCELLENT, -1, EMU_PROVINCE, false},
		{"P2", "U", true, EVAL_COMPLETED, 1, -1, false},
		{"P3", "U", false, EVAL_NOT_RATED, -1, -1, true},
	};
	bool ok[3][EMU_MAX_TITLES] = {{0}};
	struct emu_facts f = {2025, never, NULL, NULL, 0, NULL};
	struct emu_check c;
	for (size_t p = 0; p < 3; p++)
		for (size_t t = 0; t < r->ntitles; t++) {
			emu_check_person(r, t, &people[p], ok[p], &f, &c);
			if (strlen(c.reason) >= sizeof c.reason || (c.eligible && r->titles[t].collective))
				abort();
			ok[p][t] = c.eligible;
		}
	struct emu_unit u = {"U", true, true, 2, -1500, false};
	struct emu_facts fu = {2025, never, NULL, people, 3, (const bool(*)[EMU_MAX_TITLES])ok};
	bool uok[EMU_MAX_TITLES] = {0};
	for (size_t t = 0; t < r->ntitles; t++) {
		emu_check_unit(r, t, &u, uok, &fu, &c);
		if (strlen(c.reason) >= sizeof c.reason || (c.eligible && !r->titles[t].collective))
			abort();
		uok[t] = c.eligible;
		long cash = emu_cash(r->titles[t].cash_milli, r->base_salary);
		if (cash < 0 || cash % 1000)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d);
	if (size && data[0] == '{') {
		struct emu_rules r;
		if (emu_rules_parse("fuzz.json", (const char *)data, size, a, &d, &r) == PX_OK)
			checks(&r);
	} else {
		for (int kind = 0; kind < 2; kind++) {
			struct table *t;
			struct diags td;
			diags_init(&td);
			if (table_open_mem("fuzz.csv", (const char *)data, size, &t, &td) == PX_OK) {
				size_t n = 0;
				enum px_err e;
				if (kind == 0) {
					struct emu_initiative_row *rows;
					e = emu_initiatives_read(t, a, &td, &rows, &n);
				} else {
					struct emu_award_row *rows;
					e = emu_awards_read(t, a, &td, &rows, &n);
				}
				if (e == PX_OK && td.errors)
					abort();
				table_close(t);
			}
			diags_free(&td);
		}
	}
	diags_free(&d);
	arena_free(a);
	return 0;
}
