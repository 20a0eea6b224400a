/*
 * Survey files (docs/formats/surveys.md): the instrument (JSON,
 * "parindex-survey/1"), the margins (CSV/XLSX variable,value,share) and
 * the responses (CSV/XLSX exported from KoboToolbox, ODK, LimeSurvey:
 * respondent_id, unit_code, one column per question code).
 *
 * This layer checks what a file can say about itself: an instrument's
 * codes, types, options, elements and indices (errors name the file and
 * the field, "questions[2].type"); a response's values against the
 * question types and respondents twice in the file; margins against the
 * instrument. What needs the database (the campaign's units, respondents
 * already stored) is app/survey.c's. Every problem is reported, at
 * FILE:LINE:COLUMN for tables, and none stops the reading.
 */
#ifndef PARINDEX_IO_SURVEY_IO_H
#define PARINDEX_IO_SURVEY_IO_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "core/survey.h"

struct arena;
struct table;

#define SURVEY_FORMAT "parindex-survey/1"
#define SURVEY_FILE_MAX ((size_t)4 << 20)

/* Parses and validates an instrument; *out in a. PX_BADINPUT with every
 * problem in d (warnings for unknown keys). */
enum px_err survey_instrument_parse(const char *name, const char *data, size_t len,
                                    struct arena *a, struct diags *d,
                                    struct survey_instrument **out);

/* One respondent's row. */
struct survey_row {
	const char *respondent, *unit;
	const char **answer; /* by question, canonical text; NULL: not answered */
	int16_t *cell;       /* by question, as survey_answer_check gives it */
	long line, col_resp, col_unit;
};

/* Reads every row of t against s into *rows (in a, *n of them). Columns
 * that are no question are warned about once (exports carry their own
 * metadata columns); question columns absent from the file are unanswered.
 * PX_BADINPUT when any error was reported. */
enum px_err survey_read_responses(struct table *t, const struct survey_instrument *s,
                                  struct arena *a, struct diags *d, struct survey_row **rows,
                                  size_t *n);

/* Reads margins for s: each variable a choice question, each value one
 * of its options, shares in [0, 1] summing to 1 within 1e-6 per variable,
 * no (variable, value) twice. Variables in order of first appearance. */
enum px_err survey_read_margins(struct table *t, const struct survey_instrument *s,
                                struct arena *a, struct diags *d, struct survey_margins *out);
#endif
