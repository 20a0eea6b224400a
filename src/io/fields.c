/*
 * Typed field readers; see fields.h. Numbers are parsed by hand with a
 * cursor (no locale, no exponent) so "1,5" or "1e3" is refused rather
 * than misread; the value is then converted with strtod on the checked
 * text for correct rounding.
 */
#include "io/fields.h"
#include "base/arena.h"
#include "base/datetime.h"
#include "base/utf8.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *trimmed(struct table *t, int col, size_t *n)
{
	const char *s = table_field(t, col, n);
	while (*n && (*s == ' ' || *s == '\t')) {
		s++;
		(*n)--;
	}
	while (*n && (s[*n - 1] == ' ' || s[*n - 1] == '\t'))
		(*n)--;
	return s;
}

static void err(struct table *t, int col, struct diags *d, const char *colname,
                const char *vi, const char *en, const char *value, size_t n)
{
	int shown = (int)(n > 80 ? 80 : n);
	char bvi[512], ben[512];
	snprintf(bvi, sizeof bvi, "cột %s: %s: \"%.*s\"", colname, vi, shown, value);
	snprintf(ben, sizeof ben, "column %s: %s: \"%.*s\"", colname, en, shown, value);
	diag_text(d, DIAG_ERROR, table_name(t), table_field_line(t, col),
	          table_field_column(t, col), NULL, bvi, ben);
}

static bool missing(struct table *t, int col, struct diags *d, const char *colname)
{
	diag_add(d, DIAG_ERROR, table_name(t), table_line(t),
	         col >= 0 ? table_field_column(t, col) : 0, NULL,
	         "thiếu giá trị bắt buộc ở cột %s", "missing required value in column %s",
	         colname);
	return false;
}

bool field_text(struct table *t, int col, const char *colname, bool required,
                bool nfc, struct arena *a, struct diags *d, const char **out)
{
	size_t n;
	const char *s = trimmed(t, col, &n);
	if (!n) {
		*out = "";
		return required ? missing(t, col, d, colname) : true;
	}
	if (!utf8_valid(s, n, NULL)) {
		*out = "";
		return false; /* the table reader has reported it */
	}
	*out = nfc ? utf8_nfc(a, s, n) : arena_strndup(a, s, n);
	return true;
}

bool field_code(struct table *t, int col, const char *colname, bool required,
                struct arena *a, struct diags *d, const char **out)
{
	size_t n;
	const char *s = trimmed(t, col, &n);
	if (!n) {
		*out = "";
		return required ? missing(t, col, d, colname) : true;
	}
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' || c == '/')) {
			err(t, col, d, colname,
			    "mã chỉ gồm chữ cái không dấu, chữ số và . _ - /",
			    "a code has only ASCII letters, digits and . _ - /", s, n);
			*out = "";
			return false;
		}
	}
	if (n > 64) {
		err(t, col, d, colname, "mã dài quá 64 ký tự", "code longer than 64 characters", s, n);
		return false;
	}
	*out = arena_strndup(a, s, n);
	return true;
}

bool field_date(struct table *t, int col, const char *colname, bool required,
                int32_t dflt, struct diags *d, int32_t *out)
{
	size_t n;
	const char *s = trimmed(t, col, &n);
	*out = dflt;
	if (!n)
		return required ? missing(t, col, d, colname) : true;
	if (!date_parse(s, n, out)) {
		err(t, col, d, colname, "ngày không hợp lệ, cần dạng YYYY-MM-DD",
		    "invalid date, expected YYYY-MM-DD", s, n);
		return false;
	}
	return true;
}

/* Checks [-]digits[.digits] and copies it NUL-terminated into buf. */
static bool decimal_syntax(const char *s, size_t n, bool allow_fraction, char *buf,
                           size_t bufsize)
{
	size_t i = 0, digits = 0;
	if (n >= bufsize)
		return false;
	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	while (i < n && s[i] >= '0' && s[i] <= '9') {
		i++;
		digits++;
	}
	if (allow_fraction && i < n && s[i] == '.') {
		i++;
		size_t frac = 0;
		while (i < n && s[i] >= '0' && s[i] <= '9') {
			i++;
			frac++;
		}
		if (!frac)
			return false;
	}
	if (i != n || !digits)
		return false;
	memcpy(buf, s, n);
	buf[n] = 0;
	return true;
}

bool field_int(struct table *t, int col, const char *colname, bool required,
               int64_t lo, int64_t hi, struct diags *d, int64_t *out, bool *present)
{
	size_t n;
	const char *s = trimmed(t, col, &n);
	char buf[32];
	*present = false;
	*out = 0;
	if (!n)
		return required ? missing(t, col, d, colname) : true;
	if (!decimal_syntax(s, n, false, buf, sizeof buf)) {
		err(t, col, d, colname, "không phải số nguyên", "not an integer", s, n);
		return false;
	}
	errno = 0;
	long long v = strtoll(buf, NULL, 10);
	if (errno || v < lo || v > hi) {
		err(t, col, d, colname, "số nằm ngoài khoảng cho phép",
		    "number out of the allowed range", s, n);
		return false;
	}
	*out = v;
	*present = true;
	return true;
}

bool field_number(struct table *t, int col, const char *colname, bool required,
                  struct diags *d, double *out, bool *present)
{
	size_t n;
	const char *s = trimmed(t, col, &n);
	char buf[64];
	*present = false;
	*out = 0;
	if (!n)
		return required ? missing(t, col, d, colname) : true;
	if (!decimal_syntax(s, n, true, buf, sizeof buf)) {
		err(t, col, d, colname, "không phải số thập phân (dùng dấu chấm)",
		    "not a decimal number (use . as the decimal point)", s, n);
		return false;
	}
	*out = strtod(buf, NULL);
	*present = true;
	return true;
}

bool field_enum(struct table *t, int col, const char *colname, bool required,
                const char *const *allowed, const char *dflt, struct diags *d,
                const char **out)
{
	size_t n;
	const char *s = trimmed(t, col, &n);
	*out = dflt;
	if (!n)
		return required ? missing(t, col, d, colname) : true;
	for (const char *const *w = allowed; *w; w++)
		if (strlen(*w) == n && !strncasecmp(*w, s, n)) {
			*out = *w;
			return true;
		}
	err(t, col, d, colname, "giá trị không hợp lệ", "invalid value", s, n);
	return false;
}
