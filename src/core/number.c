/*
 * Number conventions: parsing, formatting and rounding (see number.h).
 * Moved out of the formula module, which uses them for literals and
 * round(), so that every reader and writer of numbers shares them.
 */
#include "core/number.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const double pow10_tab[23] = {
	1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

double number_round_scaled(double x, int n)
{
	n = n < -15 ? -15 : n > 15 ? 15 : n;
	double y = n >= 0 ? x * pow10_tab[n] : x / pow10_tab[-n];
	if (!isfinite(y) || fabs(y) >= 4503599627370496.0) /* 2^52: integral */
		return y;
	double t = trunc(y);
	double f = fabs(y - t);
	/* a tie up to representation and summation error: ~2^-44 relative */
	double tol = ldexp(fmax(1.0, fabs(y)), -44);
	if (f >= 0.5 - tol)
		t += copysign(1.0, y);
	return t + 0.0; /* no negative zero */
}

double number_round(double x, int n)
{
	if (!isfinite(x))
		return x;
	n = n < -15 ? -15 : n > 15 ? 15 : n;
	double y = number_round_scaled(x, n);
	if (!isfinite(y))
		return x;
	return n >= 0 ? y / pow10_tab[n] : y * pow10_tab[-n];
}

/* Copies text into buf replacing '.' by the locale's decimal point, so
 * strtod reads it as C would in the "C" locale. */
static bool to_locale_number(const char *s, size_t n, char *buf, size_t cap)
{
	const char *dp = localeconv()->decimal_point;
	size_t dplen = dp && *dp ? strlen(dp) : 1;
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.' && dp && *dp && strcmp(dp, ".") != 0) {
			if (o + dplen >= cap)
				return false;
			memcpy(buf + o, dp, dplen);
			o += dplen;
			continue;
		}
		if (o + 1 >= cap)
			return false;
		buf[o++] = s[i];
	}
	buf[o] = 0;
	return true;
}

bool number_parse(const char *s, size_t n, double *out)
{
	size_t i = 0, digits = 0;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++, digits++;
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, digits++;
	}
	if (digits == 0)
		return false;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		size_t ed = 0;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, ed++;
		if (ed == 0)
			return false;
	}
	if (i != n)
		return false;
	char buf[512];
	if (!to_locale_number(s, n, buf, sizeof buf))
		return false;
	char *end = NULL;
	double v = strtod(buf, &end);
	if (end != buf + strlen(buf) || !isfinite(v))
		return false;
	*out = v + 0.0;
	return true;
}

void number_format(double x, char out[32])
{
	if (x == 0 || !isfinite(x)) {
		memcpy(out, "0", 2);
		return;
	}
	if (x == trunc(x) && fabs(x) < 1e15) {
		snprintf(out, 32, "%.0f", x);
		return;
	}
	const char *dp = localeconv()->decimal_point;
	for (int prec = 15; prec <= 17; prec++) {
		char tmp[40];
		snprintf(tmp, sizeof tmp, "%.*g", prec, x);
		/* back to a '.' decimal point whatever the locale */
		size_t o = 0, dplen = dp && *dp ? strlen(dp) : 0;
		for (size_t i = 0; tmp[i] && o < 31;) {
			if (dplen && strncmp(tmp + i, dp, dplen) == 0) {
				out[o++] = '.';
				i += dplen;
			} else {
				out[o++] = tmp[i++];
			}
		}
		out[o] = 0;
		double back;
		if (number_parse(out, o, &back) && back == x)
			return;
	}
}

bool number_parse_input(const char *s, size_t n, double *out, int *decimals)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0 || n >= 64)
		return false;
	char buf[64];
	size_t marks = 0, after = 0;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (ch == ',' || ch == '.') {
			ch = '.';
			marks++;
		} else if (marks) {
			after++;
		}
		if (ch == 'e' || ch == 'E')
			return false; /* nobody types an exponent in a score */
		buf[i] = ch;
	}
	if (marks > 1)
		return false;
	if (decimals)
		*decimals = (int)after;
	return number_parse(buf, n, out);
}

void number_format_mark(double x, char mark, char out[32])
{
	number_format(x, out);
	for (char *p = out; *p; p++)
		if (*p == '.')
			*p = mark;
}
