/*
 * A small result table that every listing command fills once and writes
 * in the format the user asked for: an aligned text table for people
 * (numbers rounded for display), CSV (RFC 4180, full precision) or JSON
 * (an array of objects keyed by column name, numbers as numbers). One
 * renderer, so `--format` behaves the same on every command.
 */
#ifndef PARINDEX_IO_REPORT_H
#define PARINDEX_IO_REPORT_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct arena;

enum report_format { REPORT_TABLE, REPORT_CSV, REPORT_JSON };

struct report;

/* cols: NULL-terminated column names (copied). Allocated in a. */
struct report *report_new(struct arena *a, const char *const *cols);
/* Starts a new row; cells are then added left to right. */
void report_row(struct report *r);
void report_text(struct report *r, const char *s); /* NULL = empty/null */
void report_int(struct report *r, int64_t v);
/* A number: full precision in CSV and JSON, `decimals` in the table. */
void report_num(struct report *r, double v, int decimals);
void report_null(struct report *r);
size_t report_rows(const struct report *r);
/* Writes the report; returns 0 or -1 on an output error. */
int report_write(const struct report *r, enum report_format f, FILE *out);
/* Appends one CSV field (RFC 4180 quoting) that a spreadsheet cannot run:
 * text starting with = + - @ tab or CR is written as '"'text"' (a leading
 * single quote, the OWASP advice against CSV injection), except a plain
 * decimal number ("-1.5", "+3", "-2e3"), which stays as it is. Every CSV
 * the program writes goes through this. */
struct str;
void report_csv_field(struct str *s, const char *field);
/* "table", "csv", "json" */
bool report_format_parse(const char *s, enum report_format *out);
#endif
