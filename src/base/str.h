/*
 * Bounded string builder (curl's dynbuf, SQLite's sqlite3_str, Fossil's
 * Blob). Initialising cannot fail; appends past the maximum size set a
 * sticky error and are dropped, so a caller appends freely and checks
 * str_error() once at the end. The buffer is always NUL-terminated.
 * Contract: docs/internals/str.md.
 */
#ifndef PARINDEX_BASE_STR_H
#define PARINDEX_BASE_STR_H
#include <stdarg.h>
#include <stddef.h>

#define STR_MAX_DEFAULT ((size_t)64 << 20)

struct str {
	char *buf;   /* NULL until the first append */
	size_t len;  /* bytes used, excluding the NUL */
	size_t cap;
	size_t max;  /* maximum len */
	int err;     /* sticky: nonzero once an append did not fit */
};

/* max = 0 means STR_MAX_DEFAULT. Never fails. */
void str_init(struct str *s, size_t max);
void str_add(struct str *s, const char *p, size_t n);
void str_adds(struct str *s, const char *p);
void str_addc(struct str *s, char c);
void str_printf(struct str *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void str_vprintf(struct str *s, const char *fmt, va_list ap);
/* The contents, "" when empty; valid until the next append or free. */
const char *str_cstr(const struct str *s);
/* Nonzero when an append was dropped. */
int str_error(const struct str *s);
/* Empties the string, keeps the buffer, clears the error. */
void str_reset(struct str *s);
/* Shortens to n bytes (n <= len). */
void str_truncate(struct str *s, size_t n);
void str_free(struct str *s);
/* Hands the buffer (malloc'd, caller frees) to the caller; s is empty. */
char *str_detach(struct str *s);

/* Appends the shortest decimal form of v that reads back as the same
 * double ("0.1", "91.04", "1e-07"); NaN and infinities as "null". */
void str_add_double(struct str *s, double v);
/* The value of one hexadecimal digit, or -1. */
int hex_digit(int c);
/* Appends s0 as a JSON string literal, quotes included (control
 * characters escaped, UTF-8 passed through; "</" written as "<\/" so the
 * text is also safe inside an HTML script element). */
void str_add_json(struct str *s, const char *s0);
/* Appends the JSON object {"k0": "v0", "k1": "v1", ...} of n members from
 * kv = {k0, v0, k1, v1, ...}: keys as given (plain names), values as
 * str_add_json. STR_JSON_TEXTS(s, "name", name, "unit", unit) counts. */
void str_add_json_texts(struct str *s, size_t n, const char *const *kv);
#define STR_JSON_TEXTS(s, ...)                                                             \
	str_add_json_texts((s), sizeof((const char *const[]){__VA_ARGS__}) / (2 * sizeof(char *)), \
	                   (const char *const[]){__VA_ARGS__})
/* Appends a CSV field, quoted when it holds , " CR or LF (RFC 4180). */
void str_add_csv(struct str *s, const char *field);
#endif
