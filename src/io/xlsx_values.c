/*
 * XLSX cell values as pure functions; see xlsx_values.h. Split from the
 * reader so that the conversions (the part of the XLSX path that sees
 * every cell's bytes) can be fuzzed directly. Dates use base/datetime's
 * day numbers; everything else is exact text manipulation (no strtod, no
 * locale).
 */
#include "io/xlsx_values.h"

#include <string.h>

#include "base/str.h"
#include "base/datetime.h"
#include "io/table_impl.h"

/* Parses an unsigned decimal s[0..n) (surrounding spaces allowed) that
 * is at most max; false otherwise. */
bool xlsx_parse_uint(const char *s, size_t n, uint64_t max, uint64_t *out)
{
	while (n && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	             s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	if (n == 0)
		return false;
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		unsigned dgt = (unsigned)(s[i] - '0');
		if (dgt > max || v > (max - dgt) / 10) /* max < 9: no wrap-around */
			return false;
		v = v * 10 + dgt;
	}
	*out = v;
	return true;
}


/* Decodes OOXML's _xHHHH_ escapes (ECMA-376 22.9.2.19) in s[0..n) in
 * place, returning the new length: "_x000D_" is a CR, "_x005F_" an
 * underscore (so "_x005F_x0041_" is the text "_x0041_"). NUL, surrogates
 * and malformed escapes stay as written. */
size_t xlsx_unescape(char *s, size_t n)
{
	size_t i = 0, o = 0;
	while (i < n) {
		if (s[i] == '_' && n - i >= 7 && s[i + 1] == 'x' && s[i + 6] == '_') {
			int h[4] = {hex_digit(s[i + 2]), hex_digit(s[i + 3]),
			            hex_digit(s[i + 4]), hex_digit(s[i + 5])};
			if (h[0] >= 0 && h[1] >= 0 && h[2] >= 0 && h[3] >= 0) {
				unsigned cp = (unsigned)(h[0] << 12 | h[1] << 8 |
				                         h[2] << 4 | h[3]);
				if (cp != 0 && (cp < 0xD800 || cp > 0xDFFF)) {
					if (cp < 0x80) {
						s[o++] = (char)cp;
					} else if (cp < 0x800) {
						s[o++] = (char)(0xC0 | cp >> 6);
						s[o++] = (char)(0x80 | (cp & 0x3F));
					} else {
						s[o++] = (char)(0xE0 | cp >> 12);
						s[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
						s[o++] = (char)(0x80 | (cp & 0x3F));
					}
					i += 7;
					continue;
				}
			}
		}
		s[o++] = s[i++];
	}
	return o;
}

/* Writes the number s[0..n) (as XML Schema writes a double: [-]digits
 * [.digits][E[+-]digits]) in plain decimal into out, without leading or
 * trailing zeros: "1.0" -> "1", "2.50" -> "2.5", "1.5E-3" -> "0.0015".
 * Exact: only the decimal point moves. Returns the length, or 0 when s
 * is not such a number or too long (the caller keeps it as written). */
size_t xlsx_number_plain(const char *s, size_t n, char *out, size_t outsz)
{
	char dg[400];
	size_t nd = 0, i = 0, intlen = 0;
	bool neg = false;
	long exp = 0;
	if (n > sizeof dg || outsz < sizeof dg + 64)
		return 0;
	if (i < n && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		dg[nd++] = s[i];
	intlen = nd;
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			dg[nd++] = s[i];
	if (nd == 0)
		return 0;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		bool eneg = false;
		i++;
		if (i < n && (s[i] == '-' || s[i] == '+'))
			eneg = s[i++] == '-';
		size_t start = i;
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
			exp = exp * 10 + (s[i] - '0');
			if (exp > 60)
				return 0;
		}
		if (i == start)
			return 0;
		if (eneg)
			exp = -exp;
	}
	if (i != n)
		return 0;
	/* value = 0.dg * 10^point */
	long point = (long)intlen + exp;
	size_t b = 0, e = nd;
	while (b < e && dg[b] == '0') {
		b++;
		point--;
	}
	while (e > b && dg[e - 1] == '0')
		e--;
	size_t o = 0;
	if (b == e) {
		out[o++] = '0';
		return o;
	}
	size_t sig = e - b;
	size_t need = (neg ? 1 : 0) +
	              (point <= 0 ? 2 + (size_t)-point + sig
	                          : ((size_t)point >= sig ? (size_t)point : sig + 1));
	if (need >= outsz)
		return 0;
	if (neg)
		out[o++] = '-';
	if (point <= 0) {
		out[o++] = '0';
		out[o++] = '.';
		for (long k = 0; k < -point; k++)
			out[o++] = '0';
		memcpy(out + o, dg + b, sig);
		o += sig;
	} else if ((size_t)point >= sig) {
		memcpy(out + o, dg + b, sig);
		o += sig;
		for (size_t k = sig; k < (size_t)point; k++)
			out[o++] = '0';
	} else {
		memcpy(out + o, dg + b, (size_t)point);
		o += (size_t)point;
		out[o++] = '.';
		memcpy(out + o, dg + b + point, sig - (size_t)point);
		o += sig - (size_t)point;
	}
	return o;
}

#define EXCEL_MAX_SERIAL 2958465 /* 9999-12-31 */

/* Writes v (0 <= v < 10^width) as width digits; returns the end. */
static char *put_digits(char *p, long v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + width;
}

/* Writes the serial date num (plain decimal, from number_plain) as
 * YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS when with_time, into out; false
 * when Excel could not show it as a date (negative, too large, or 0 in
 * the 1900 system). Serial 60 is Excel's (Lotus's) 1900-02-29. */
bool xlsx_serial_date(const char *num, size_t n, bool date1904,
                      bool with_time, char *out, size_t outsz)
{
	if (n == 0 || num[0] == '-')
		return false;
	size_t i = 0;
	long days = 0;
	for (; i < n && num[i] != '.'; i++) {
		if (i >= 7)
			return false;
		days = days * 10 + (num[i] - '0');
	}
	uint64_t frac = 0, scale = 1;
	if (i < n)
		for (i++; i < n && scale < 1000000000; i++) {
			frac = frac * 10 + (uint64_t)(num[i] - '0');
			scale *= 10;
		}
	long secs = (long)((frac * 86400 + scale / 2) / scale);
	if (secs >= 86400) {
		days++;
		secs -= 86400;
	}
	if (days > EXCEL_MAX_SERIAL)
		return false;
	int y, m, d;
	if (date1904) {
		date_to_ymd((int32_t)(days - 24107), &y, &m, &d);
	} else if (days < 1) {
		return false;
	} else if (days == 60) {
		y = 1900, m = 2, d = 29;
	} else {
		date_to_ymd((int32_t)(days < 60 ? days - 25568 : days - 25569), &y, &m, &d);
	}
	/* with y in 1900..9999 every number has a fixed width */
	char *p = out;
	if (y > 9999 || outsz < sizeof "YYYY-MM-DDTHH:MM:SS")
		return false;
	p = put_digits(p, y, 4);
	*p++ = '-';
	p = put_digits(p, m, 2);
	*p++ = '-';
	p = put_digits(p, d, 2);
	if (with_time) {
		*p++ = 'T';
		p = put_digits(p, secs / 3600, 2);
		*p++ = ':';
		p = put_digits(p, secs / 60 % 60, 2);
		*p++ = ':';
		p = put_digits(p, secs % 60, 2);
	}
	*p = '\0';
	return true;
}

/* "C5" -> 2 (0-based column); lower case accepted. False when it is
 * not letters followed by digits or lies past XFD. */
bool xlsx_parse_ref(const char *ref, size_t *col)
{
	size_t c = 0, i = 0;
	for (; ref[i]; i++) {
		char ch = ref[i];
		if (ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 'a' + 'A');
		if (ch < 'A' || ch > 'Z')
			break;
		c = c * 26 + (size_t)(ch - 'A' + 1);
		if (c > TABLE_MAX_COLS)
			return false;
	}
	if (i == 0)
		return false;
	for (; ref[i]; i++)
		if (ref[i] < '0' || ref[i] > '9')
			return false;
	*col = c - 1;
	return true;
}

enum xlsx_cell_type xlsx_cell_type_of(const char *t)
{
	if (!t || !strcmp(t, "n"))
		return XLSX_CELL_NUMBER;
	if (!strcmp(t, "s"))
		return XLSX_CELL_SHARED;
	if (!strcmp(t, "inlineStr"))
		return XLSX_CELL_INLINE;
	if (!strcmp(t, "b"))
		return XLSX_CELL_BOOL;
	return XLSX_CELL_TEXT;
}

void xlsx_cell_value(enum xlsx_cell_type type, char *v, size_t n, enum xlsx_fmt_kind fk,
                     bool date1904, struct xlsx_value_buf *buf, const char **text, size_t *len)
{
	*text = v;
	*len = n;
	switch (type) {
	case XLSX_CELL_SHARED:
		break;
	case XLSX_CELL_INLINE:
	case XLSX_CELL_TEXT:
		*len = xlsx_unescape(v, n);
		break;
	case XLSX_CELL_BOOL:
		if (n == 1 && (v[0] == '0' || v[0] == '1')) {
			*text = v[0] == '1' ? "TRUE" : "FALSE";
			*len = strlen(*text);
		}
		break;
	case XLSX_CELL_NUMBER: {
		size_t k = xlsx_number_plain(v, n, buf->num, sizeof buf->num);
		if (k == 0)
			break;
		*text = buf->num;
		*len = k;
		if (fk != XLSX_FMT_NUMBER &&
		    xlsx_serial_date(buf->num, k, date1904, fk == XLSX_FMT_DATETIME, buf->date,
		                     sizeof buf->date)) {
			*text = buf->date;
			*len = strlen(buf->date);
		}
		break;
	}
	}
}
