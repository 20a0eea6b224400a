/* Bounded string builder; see str.h. Growth doubles, capped at max + 1. */
#include "base/str.h"
#include "base/mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void str_init(struct str *s, size_t max)
{
	s->buf = NULL;
	s->len = s->cap = 0;
	s->max = max ? max : STR_MAX_DEFAULT;
	if (s->max > SIZE_MAX - 1) /* so that max + 1 (the NUL) cannot wrap */
		s->max = SIZE_MAX - 1;
	s->err = 0;
}

static int reserve(struct str *s, size_t extra)
{
	if (s->err)
		return 0;
	if (extra > s->max - s->len) {
		s->err = 1;
		return 0;
	}
	size_t need = s->len + extra + 1;
	if (need <= s->cap)
		return 1;
	size_t cap = s->cap ? s->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	if (cap > s->max + 1)
		cap = s->max + 1;
	s->buf = xrealloc(s->buf, cap);
	s->cap = cap;
	return 1;
}

void str_add(struct str *s, const char *p, size_t n)
{
	if (!reserve(s, n))
		return;
	memcpy(s->buf + s->len, p, n);
	s->len += n;
	s->buf[s->len] = 0;
}

void str_adds(struct str *s, const char *p)
{
	str_add(s, p, strlen(p));
}

void str_addc(struct str *s, char c)
{
	str_add(s, &c, 1);
}

void str_vprintf(struct str *s, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		s->err = 1;
		return;
	}
	if (!reserve(s, (size_t)n))
		return;
	vsnprintf(s->buf + s->len, (size_t)n + 1, fmt, ap);
	s->len += (size_t)n;
}

void str_printf(struct str *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	str_vprintf(s, fmt, ap);
	va_end(ap);
}

const char *str_cstr(const struct str *s)
{
	return s->buf ? s->buf : "";
}

int str_error(const struct str *s)
{
	return s->err;
}

void str_reset(struct str *s)
{
	s->len = 0;
	s->err = 0;
	if (s->buf)
		s->buf[0] = 0;
}

void str_truncate(struct str *s, size_t n)
{
	if (n < s->len) {
		s->len = n;
		s->buf[n] = 0;
	}
}

void str_free(struct str *s)
{
	free(s->buf);
	str_init(s, s->max);
}

char *str_detach(struct str *s)
{
	char *p = s->buf ? s->buf : xstrdup("");
	s->buf = NULL;
	s->len = s->cap = 0;
	s->err = 0;
	return p;
}

void str_add_double(struct str *s, double v)
{
	char buf[64];
	if (v != v || v > 1.7976931348623157e308 || v < -1.7976931348623157e308) {
		str_adds(s, "null");
		return;
	}
	if (v == 0) { /* also -0 */
		str_addc(s, '0');
		return;
	}
	/* plain decimals (no exponent) where they are exact enough to read
	 * back; spreadsheets and people both prefer "0.0000001" to "1e-07" */
	double mag = v < 0 ? -v : v;
	if (mag >= 1e-9 && mag < 1e15) {
		for (int prec = 0; prec <= 24; prec++) {
			snprintf(buf, sizeof buf, "%.*f", prec, v);
			if (strtod(buf, NULL) == v) {
				str_adds(s, buf);
				return;
			}
		}
	}
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, sizeof buf, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	str_adds(s, buf);
}

void str_add_json_texts(struct str *s, size_t n, const char *const *kv)
{
	str_addc(s, '{');
	for (size_t i = 0; i < n; i++) {
		str_printf(s, "%s\"%s\": ", i ? ", " : "", kv[2 * i]);
		str_add_json(s, kv[2 * i + 1]);
	}
	str_addc(s, '}');
}

void str_add_json(struct str *s, const char *p)
{
	str_addc(s, '"');
	for (; *p; p++) {
		unsigned char c = (unsigned char)*p;
		switch (c) {
		case '"':
			str_adds(s, "\\\"");
			break;
		case '\\':
			str_adds(s, "\\\\");
			break;
		case '\n':
			str_adds(s, "\\n");
			break;
		case '\r':
			str_adds(s, "\\r");
			break;
		case '\t':
			str_adds(s, "\\t");
			break;
		case '<':
			str_adds(s, p[1] == '/' ? "<\\" : "<");
			break;
		default:
			if (c < 0x20)
				str_printf(s, "\\u%04x", c);
			else
				str_addc(s, (char)c);
		}
	}
	str_addc(s, '"');
}

void str_add_csv(struct str *s, const char *field)
{
	if (!strpbrk(field, ",\"\r\n")) {
		str_adds(s, field);
		return;
	}
	str_addc(s, '"');
	for (const char *p = field; *p; p++) {
		if (*p == '"')
			str_addc(s, '"');
		str_addc(s, *p);
	}
	str_addc(s, '"');
}

int hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
