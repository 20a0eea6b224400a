/*
 * Typed readers for fields of the current table row (table.h), shared by
 * every importer so that a date, a number or a required value is checked
 * and reported the same way everywhere: FILE:LINE:COLUMN with the column
 * name, in Vietnamese and English. Each returns true when the field is
 * usable (or absent and optional); false after adding an error to d.
 * Text results are copied into the arena, trimmed of surrounding spaces.
 */
#ifndef PARINDEX_IO_FIELDS_H
#define PARINDEX_IO_FIELDS_H
#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "io/table.h"

struct arena;

/* Text; a required empty field is an error; *out is "" when empty. With
 * nfc, the value is NFC-normalised. */
bool field_text(struct table *t, int col, const char *colname, bool required,
                bool nfc, struct arena *a, struct diags *d, const char **out);
/* A code: letters, digits and . _ - / only (no spaces). */
bool field_code(struct table *t, int col, const char *colname, bool required,
                struct arena *a, struct diags *d, const char **out);
/* YYYY-MM-DD; empty gives dflt. */
bool field_date(struct table *t, int col, const char *colname, bool required,
                int32_t dflt, struct diags *d, int32_t *out);
/* An integer in [lo, hi]; *present says whether the field was given. */
bool field_int(struct table *t, int col, const char *colname, bool required,
               int64_t lo, int64_t hi, struct diags *d, int64_t *out, bool *present);
/* A decimal number with '.' as the decimal point (no exponent, no
 * thousands separators); *present as above. */
bool field_number(struct table *t, int col, const char *colname, bool required,
                  struct diags *d, double *out, bool *present);
/* One of the NULL-terminated words in allowed (case-insensitive); empty
 * gives dflt. */
bool field_enum(struct table *t, int col, const char *colname, bool required,
                const char *const *allowed, const char *dflt, struct diags *d,
                const char **out);
#endif
