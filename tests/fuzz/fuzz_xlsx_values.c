/*
 * Fuzz target for the XLSX cell values (io/xlsx_values.c), the pure part
 * of the XLSX reader that sees every cell's bytes. Input: byte 0 picks the
 * cell type (t=...), byte 1 the kind of its number format (low bits) and
 * the 1904 date system (bit 2); the rest is the cell's text. Checks:
 *  - text cells: never longer after decoding _xHHHH_, and valid UTF-8
 *    stays valid UTF-8;
 *  - booleans: "0"/"1" become FALSE/TRUE, anything else is kept;
 *  - numbers: the plain decimal has no exponent, no superfluous zero, and
 *    reads back (strtod) as exactly the double the input reads as; a date
 *    is YYYY-MM-DD (or with THH:MM:SS for a date-time format) of a valid
 *    day, the serial's day or the next (seconds rounding up);
 *  - a cell reference parses to a column before XFD; an unsigned integer
 *    is never above its maximum.
 * The cell text is copied into an exactly-sized heap buffer so that ASan
 * catches reads past its end.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/datetime.h"
#include "base/utf8.h"
#include "io/table_impl.h"
#include "io/xlsx_values.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok, const char *what)
{
	if (ok)
		return;
	fprintf(stderr, "fuzz_xlsx_values: %s\n", what);
	abort();
}

static char *dup0(const char *s, size_t n)
{
	char *z = malloc(n + 1);
	if (!z)
		abort();
	memcpy(z, s, n);
	z[n] = '\0';
	return z;
}

static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		check(s[i] >= '0' && s[i] <= '9', "date: not a digit");
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* The plain decimal out[0..k) of the number in[0..n). */
static void check_number(const char *in, size_t n, const char *out, size_t k)
{
	size_t i = 0;
	if (out[0] == '-')
		i++;
	size_t int_start = i;
	while (i < k && out[i] >= '0' && out[i] <= '9')
		i++;
	check(i > int_start, "number: no integer digits");
	check(out[int_start] != '0' || i == int_start + 1, "number: leading zero");
	if (i < k) {
		check(out[i] == '.', "number: not plain decimal");
		size_t f = ++i;
		while (i < k && out[i] >= '0' && out[i] <= '9')
			i++;
		check(i == k && i > f, "number: bad fraction");
		check(out[k - 1] != '0', "number: trailing zero");
	}
	check(!(k == 2 && out[0] == '-' && out[1] == '0'), "number: negative zero");
	char *a = dup0(in, n), *b = dup0(out, k);
	double x = strtod(a, NULL), y = strtod(b, NULL);
	check(x == y || (isnan(x) && isnan(y)), "number: value changed");
	free(a);
	free(b);
}

/* The date out (NUL-terminated) of the plain decimal serial num[0..k). */
static void check_date(const char *num, size_t k, const char *out, bool with_time, bool date1904)
{
	size_t len = strlen(out);
	check(len == (with_time ? 19u : 10u), "date: length");
	check(out[4] == '-' && out[7] == '-', "date: separators");
	int y = digits(out, 4), m = digits(out + 5, 2), d = digits(out + 8, 2);
	if (with_time) {
		check(out[10] == 'T' && out[13] == ':' && out[16] == ':', "time: separators");
		check(digits(out + 11, 2) < 24 && digits(out + 14, 2) < 60 && digits(out + 17, 2) < 60,
		      "time: out of range");
	}
	if (!date1904 && y == 1900 && m == 2 && d == 29)
		return; /* Excel's day 60 */
	check(date_valid_ymd(y, m, d), "date: not a day");
	char *z = dup0(num, k);
	double serial = floor(strtod(z, NULL));
	free(z);
	int32_t epoch = date1904 ? date_from_ymd(1904, 1, 1) : date_from_ymd(1899, 12, 30);
	double day = (double)(date_from_ymd(y, m, d) - epoch);
	if (!date1904 && serial < 60)
		day -= 1; /* before Excel's 1900-02-29 */
	check(day == serial || day == serial + 1, "date: not the serial's day");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 3)
		return 0;
	enum xlsx_cell_type type = (enum xlsx_cell_type)(data[0] % 5);
	enum xlsx_fmt_kind fk = (enum xlsx_fmt_kind)(data[1] % 3);
	bool date1904 = (data[1] & 4) != 0;
	size_t n = size - 2;
	char *v = malloc(n);
	char *orig = malloc(n);
	if (!v || !orig)
		abort();
	memcpy(v, data + 2, n);
	memcpy(orig, data + 2, n);

	struct xlsx_value_buf buf;
	const char *text = NULL;
	size_t len = 0;
	xlsx_cell_value(type, v, n, fk, date1904, &buf, &text, &len);
	check(text != NULL, "no text");
	switch (type) {
	case XLSX_CELL_SHARED:
		check(text == v && len == n, "shared: changed");
		break;
	case XLSX_CELL_INLINE:
	case XLSX_CELL_TEXT:
		check(text == v && len <= n, "text: longer after decoding");
		if (utf8_valid(orig, n, NULL))
			check(utf8_valid(text, len, NULL), "text: decoding made bad UTF-8");
		break;
	case XLSX_CELL_BOOL:
		if (n == 1 && (orig[0] == '0' || orig[0] == '1'))
			check(len == strlen(orig[0] == '1' ? "TRUE" : "FALSE") &&
			          !memcmp(text, orig[0] == '1' ? "TRUE" : "FALSE", len),
			      "bool: not TRUE/FALSE");
		else
			check(text == v && len == n && !memcmp(v, orig, n), "bool: changed");
		break;
	case XLSX_CELL_NUMBER:
		if (text == v) {
			check(len == n && !memcmp(v, orig, n), "number: kept but changed");
			break;
		}
		if (text == buf.date) {
			check(fk != XLSX_FMT_NUMBER, "date without a date format");
			size_t k = xlsx_number_plain(orig, n, buf.num, sizeof buf.num);
			check(k > 0, "date of no number");
			check_date(buf.num, k, buf.date, fk == XLSX_FMT_DATETIME, date1904);
			break;
		}
		check(text == buf.num && len > 0 && len < sizeof buf.num, "number: where?");
		check_number(orig, n, text, len);
		break;
	}

	char *z = dup0(orig, n);
	size_t col;
	if (xlsx_parse_ref(z, &col))
		check(col < TABLE_MAX_COLS, "reference past XFD");
	(void)xlsx_cell_type_of(z);
	uint64_t u, max = (uint64_t)data[1] * 1000003u;
	if (xlsx_parse_uint(orig, n, max, &u))
		check(u <= max, "integer above its maximum");
	free(z);
	free(v);
	free(orig);
	return 0;
}
