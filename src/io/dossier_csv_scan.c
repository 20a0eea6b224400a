/*
 * The scanner of the dossier CSV reader: what a worker does with one
 * chunk (records, fields, types; see the top of dossier_csv.c for why a
 * chunk always starts at a record start), the header record, and the
 * vectorised counting of quotes and LFs the coordinator uses to cut
 * chunks. Fields are found 16 bytes at a time (SSE2, the x86-64 baseline;
 * a byte loop elsewhere) and typed by hand: fixed-position datetimes
 * (day numbers from base/datetime), words, booleans.
 */
#include "io/dossier_csv_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "base/datetime.h"
#include "base/mem.h"
#include "base/utf8.h"

static const char *const col_names[DCSV_NCOLS] = {
	"dossier_code", "unit_code", "procedure_code", "channel",   "online_kind",
	"received_at",  "due_at",    "finished_at",    "status",    "paid_online",
	"digitized",    "result_digitized", "rating"};
static const bool col_required[DCSV_NCOLS] = {
	[DCSV_CODE] = true,     [DCSV_UNIT] = true,     [DCSV_PROCEDURE] = true,
	[DCSV_CHANNEL] = true,  [DCSV_RECEIVED] = true, [DCSV_STATUS] = true};

const char *dcsv_col_name(enum dcsv_col c)
{
	return (unsigned)c < DCSV_NCOLS ? col_names[c] : "";
}

/* ---- vectorised scanning ---- */

/* Number of quote and LF bytes in p[0..n). */
void dcsv_count_quotes_lines(const char *p, size_t n, uint64_t *quotes, uint64_t *lines)
{
	uint64_t q = 0, l = 0;
	size_t i = 0;
#ifdef __SSE2__
	const __m128i vq = _mm_set1_epi8('"'), vl = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();
	while (i + 16 <= n) {
		/* byte counters (each match subtracts -1), summed every 255 rounds */
		__m128i aq = zero, al = zero;
		size_t rounds = (n - i) / 16;
		if (rounds > 255)
			rounds = 255;
		for (size_t k = 0; k < rounds; k++, i += 16) {
			__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
			aq = _mm_sub_epi8(aq, _mm_cmpeq_epi8(x, vq));
			al = _mm_sub_epi8(al, _mm_cmpeq_epi8(x, vl));
		}
		__m128i sq = _mm_sad_epu8(aq, zero), sl = _mm_sad_epu8(al, zero);
		q += (uint64_t)_mm_cvtsi128_si32(sq) + (uint64_t)_mm_cvtsi128_si32(_mm_srli_si128(sq, 8));
		l += (uint64_t)_mm_cvtsi128_si32(sl) + (uint64_t)_mm_cvtsi128_si32(_mm_srli_si128(sl, 8));
	}
#endif
	for (; i < n; i++) {
		q += p[i] == '"';
		l += p[i] == '\n';
	}
	*quotes = q;
	*lines = l;
}

size_t dcsv_count_lines(const char *p, size_t n)
{
	uint64_t q, l;
	dcsv_count_quotes_lines(p, n, &q, &l);
	return (size_t)l;
}

/* First byte of p[0..end) that is , " CR LF or NUL, or end. *high is set
 * when a byte >= 0x80 was passed over. */
static inline const char *find_special(const char *p, const char *end, bool *high)
{
#ifdef __SSE2__
	const __m128i comma = _mm_set1_epi8(','), quote = _mm_set1_epi8('"');
	const __m128i cr = _mm_set1_epi8('\r'), lf = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();
	while (end - p >= 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
		__m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, comma), _mm_cmpeq_epi8(x, quote)),
		                         _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, cr),
		                                                   _mm_cmpeq_epi8(x, lf)),
		                                      _mm_cmpeq_epi8(x, zero)));
		unsigned mask = (unsigned)_mm_movemask_epi8(m);
		unsigned hi = (unsigned)_mm_movemask_epi8(x);
		if (mask) {
			unsigned k = (unsigned)__builtin_ctz(mask);
			if (hi & ((1u << k) - 1))
				*high = true;
			return p + k;
		}
		if (hi)
			*high = true;
		p += 16;
	}
#endif
	for (; p < end; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == ',' || c == '"' || c == '\r' || c == '\n' || c == 0)
			return p;
		if (c >= 0x80)
			*high = true;
	}
	return end;
}

/* The closing quote of a quoted field whose content starts at q (after
 * the opening quote), "" being a quote inside; NULL when the field is not
 * closed before end. Over the content: *lfs counts LF bytes, *high is set
 * when a byte >= 0x80 is there, *nul when a NUL is, *esc when "" is. */
static inline const char *scan_quoted(const char *q, const char *end, long *lfs, bool *high,
                                      bool *nul, bool *esc)
{
	long l = 0;
	bool h = false, z = false;
#ifdef __SSE2__
	const __m128i vq = _mm_set1_epi8('"'), vl = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();
	while (end - q >= 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)q);
		unsigned mq = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, vq));
		unsigned ml = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, vl));
		unsigned mz = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, zero));
		unsigned mh = (unsigned)_mm_movemask_epi8(x);
		unsigned before = mq ? (1u << __builtin_ctz(mq)) - 1 : 0xFFFFu;
		if (ml & before) /* rare: no popcnt in the x86-64 baseline */
			l += __builtin_popcount(ml & before);
		h |= (mh & before) != 0;
		z |= (mz & before) != 0;
		if (!mq) {
			q += 16;
			continue;
		}
		const char *c = q + __builtin_ctz(mq);
		if (c + 1 < end && c[1] == '"') {
			*esc = true;
			q = c + 2;
			continue;
		}
		*lfs = l;
		*high |= h;
		*nul = z;
		return c;
	}
#endif
	for (; q < end; q++) {
		unsigned char c = (unsigned char)*q;
		if (c == '"') {
			if (q + 1 < end && q[1] == '"') {
				*esc = true;
				q++;
				continue;
			}
			*lfs = l;
			*high |= h;
			*nul = z;
			return q;
		}
		if (c == '\n')
			l++;
		else if (c >= 0x80)
			h = true;
		else if (c == 0)
			z = true;
	}
	return NULL;
}

int dcsv_shown(const char *s, size_t n)
{
	if (n <= SHOW_MAX)
		return (int)n;
	size_t k = SHOW_MAX;
	while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	return (int)k;
}

/* ---- datetimes ---- */

static inline int two_digits(const char *s)
{
	unsigned a = (unsigned char)s[0] - '0', b = (unsigned char)s[1] - '0';
	return a <= 9 && b <= 9 ? (int)(a * 10 + b) : -1;
}

bool dcsv_parse_datetime(const char *s, size_t n, bool allow_date, int64_t *t, bool *date_only,
                         int32_t *month)
{
	if (n < 10 || s[4] != '-' || s[7] != '-')
		return false;
	int y1 = two_digits(s), y2 = two_digits(s + 2), mo = two_digits(s + 5),
	    d = two_digits(s + 8);
	if (y1 < 0 || y2 < 0 || mo < 1 || mo > 12 || d < 1)
		return false;
	int y = y1 * 100 + y2;
	if (y < 1 || (d > 28 && !date_valid_ymd(y, mo, d))) /* every month has 28 days */
		return false;
	int64_t days = date_from_valid_ymd(y, mo, d);
	if (n == 10) {
		if (!allow_date)
			return false;
		*t = days * 86400 - VN_UTC_OFFSET + 86399;
		*date_only = true;
		*month = y * 12 + mo - 1;
		return true;
	}
	if (n < 16 || s[10] != 'T' || s[13] != ':')
		return false;
	int hh = two_digits(s + 11), mi = two_digits(s + 14), ss = 0;
	if (hh < 0 || hh > 23 || mi < 0 || mi > 59)
		return false;
	size_t pos = 16;
	if (n - pos >= 3 && s[pos] == ':') {
		ss = two_digits(s + pos + 1);
		if (ss < 0 || ss > 59)
			return false;
		pos += 3;
	}
	int offset = VN_UTC_OFFSET;
	if (n - pos == 1 && s[pos] == 'Z') {
		offset = 0;
		pos++;
	} else if (n - pos == 6) {
		const char *o = s + pos;
		int oh = two_digits(o + 1), om = two_digits(o + 4);
		if ((o[0] != '+' && o[0] != '-') || o[3] != ':' || oh < 0 || om < 0 || om > 59 ||
		    oh * 3600 + om * 60 > 14 * 3600)
			return false;
		offset = (o[0] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
		pos += 6;
	}
	if (pos != n)
		return false;
	int64_t when = days * 86400 + hh * 3600 + mi * 60 + ss - offset;
	if (offset == VN_UTC_OFFSET) {
		*month = y * 12 + mo - 1;
	} else {
		/* the local date: refuse one outside years 1..9999 */
		int32_t local = datetime_local_date(when);
		int ly, lm, ld;
		date_to_ymd(local, &ly, &lm, &ld);
		if (ly < 1 || ly > 9999)
			return false;
		*month = ly * 12 + lm - 1;
	}
	*t = when;
	*date_only = false;
	return true;
}

/* ---- parsing a chunk ---- */

struct field {
	const char *raw; /* first byte of the field (the quote if quoted) */
	const char *s;   /* value (unescaped when esc) */
	size_t n;
	long line;
	bool esc; /* quoted with "" inside: s must be unescaped */
	bool present;
};

/* Skips a malformed record that starts at rec: it ends at the first LF
 * after which the quote count from rec is even (the coordinator's rule),
 * or at end. Returns the byte after it; *line counts its LFs. */
static const char *skip_record(const char *rec, const char *end, long *line, long rec_line)
{
	unsigned parity = 0;
	long l = rec_line;
	const char *p = rec;
	for (; p < end; p++) {
		if (*p == '"')
			parity ^= 1;
		else if (*p == '\n') {
			l++;
			if (!parity) {
				p++;
				break;
			}
		}
	}
	*line = l;
	return p;
}

/* A value for a message: at most SHOW_MAX bytes, control characters
 * escaped so a message stays on one line. */
static void show_value(char *out, size_t size, const char *s, size_t n)
{
	size_t k = (size_t)dcsv_shown(s, n), o = 0;
	for (size_t i = 0; i < k && o + 3 < size; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20) {
			out[o++] = '\\';
			out[o++] = c == '\n' ? 'n' : c == '\r' ? 'r' : c == '\t' ? 't' : '?';
		} else {
			out[o++] = (char)c;
		}
	}
	out[o] = 0;
}

static void err_value(struct dcsv_chunk *ch, const struct field *f, int col, const char *name,
                      const char *what_vi, const char *what_en)
{
	char vi[512], en[512], v[2 * SHOW_MAX + 4];
	show_value(v, sizeof v, f->s, f->n);
	snprintf(vi, sizeof vi, "cột %s: %s: \"%s\"", name, what_vi, v);
	snprintf(en, sizeof en, "column %s: %s: \"%s\"", name, what_en, v);
	dcsv_error(ch, f->line, col, vi, en);
}

static void err_missing(struct dcsv_chunk *ch, long line, int col, const char *name)
{
	dcsv_errorf(ch, line, col, "thiếu giá trị bắt buộc ở cột %s",
	            "missing required value in column %s", name);
}

static bool parse_bool(const char *s, size_t n, bool *out)
{
	if (n == 0 || (n == 1 && s[0] == '0')) {
		*out = false;
		return true;
	}
	if (n == 1 && s[0] == '1') {
		*out = true;
		return true;
	}
	if (n == 4 && !strncasecmp(s, "true", 4)) {
		*out = true;
		return true;
	}
	if (n == 5 && !strncasecmp(s, "false", 5)) {
		*out = false;
		return true;
	}
	return false;
}

/* Unescapes "" in the fields that need it into w->scratch. */
static void unescape_fields(struct worker *w, struct field *f, size_t need)
{
	if (need > w->scratch_cap) {
		w->scratch_cap = need > 2 * w->scratch_cap ? need : 2 * w->scratch_cap;
		w->scratch = xrealloc(w->scratch, w->scratch_cap);
	}
	char *out = w->scratch;
	for (int c = 0; c < DCSV_NCOLS; c++) {
		if (!f[c].present || !f[c].esc)
			continue;
		char *start = out;
		for (size_t i = 0; i < f[c].n; i++) {
			*out++ = f[c].s[i];
			if (f[c].s[i] == '"')
				i++; /* the second of "" */
		}
		f[c].s = start;
		f[c].n = (size_t)(out - start);
	}
}

/* Types the fields of a syntactically good record; reports problems and
 * returns false when one is bad. */
static bool type_row(struct reader *r, struct dcsv_chunk *ch, struct field *f, struct dcsv_row *row)
{
	bool ok = true;
	const int *cn = r->colnum;
	struct dossier *d = &row->d;
	memset(d, 0, sizeof *d);
	for (int c = 0; c < DCSV_NCOLS; c++)
		row->field_line[c] = f[c].present ? f[c].line : row->line;
	for (int c = 0; c < DCSV_NCOLS; c++) {
		if (col_required[c] && f[c].n == 0) {
			err_missing(ch, row->field_line[c], cn[c], col_names[c]);
			ok = false;
		}
	}
	row->code = f[DCSV_CODE].s;
	row->code_len = f[DCSV_CODE].n;
	row->unit = f[DCSV_UNIT].s;
	row->unit_len = f[DCSV_UNIT].n;
	row->procedure = f[DCSV_PROCEDURE].s;
	row->procedure_len = f[DCSV_PROCEDURE].n;
	struct field *x;
	x = &f[DCSV_CHANNEL];
	if (x->n && !dossier_channel_parse(x->s, x->n, &d->channel)) {
		err_value(ch, x, cn[DCSV_CHANNEL], "channel", "giá trị không hợp lệ (direct, online, postal)",
		          "invalid value, expected direct, online or postal");
		ok = false;
	}
	x = &f[DCSV_ONLINE_KIND];
	if (x->n && !dossier_online_parse(x->s, x->n, &d->online_kind)) {
		err_value(ch, x, cn[DCSV_ONLINE_KIND], "online_kind",
		          "giá trị không hợp lệ (none, partial, full hoặc để trống)",
		          "invalid value, expected none, partial, full or empty");
		ok = false;
	}
	x = &f[DCSV_STATUS];
	if (x->n && !dossier_status_parse(x->s, x->n, &d->status)) {
		err_value(ch, x, cn[DCSV_STATUS], "status",
		          "giá trị không hợp lệ (processing, finished, rejected, withdrawn)",
		          "invalid value, expected processing, finished, rejected or withdrawn");
		ok = false;
	}
	bool date_only;
	x = &f[DCSV_RECEIVED];
	if (x->n && !dcsv_parse_datetime(x->s, x->n, false, &d->received_at, &date_only,
	                                 &d->received_month)) {
		err_value(ch, x, cn[DCSV_RECEIVED], "received_at",
		          "thời điểm không hợp lệ, cần YYYY-MM-DDTHH:MM[:SS] và có thể thêm Z hoặc ±HH:MM",
		          "invalid datetime, expected YYYY-MM-DDTHH:MM[:SS] with an optional Z or ±HH:MM");
		ok = false;
	}
	x = &f[DCSV_DUE];
	row->due_given = x->n > 0;
	row->due_date_only = false;
	if (x->n && !dcsv_parse_datetime(x->s, x->n, true, &d->due_at, &row->due_date_only,
	                                 &d->due_month)) {
		err_value(ch, x, cn[DCSV_DUE], "due_at",
		          "hạn không hợp lệ, cần YYYY-MM-DD hoặc YYYY-MM-DDTHH:MM[:SS] và có thể thêm Z "
		          "hoặc ±HH:MM",
		          "invalid deadline, expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS] with an optional "
		          "Z or ±HH:MM");
		ok = false;
	}
	x = &f[DCSV_FINISHED];
	d->has_finished = x->n > 0;
	d->finished_month = DOSSIER_NO_MONTH;
	if (x->n && !dcsv_parse_datetime(x->s, x->n, false, &d->finished_at, &date_only,
	                                 &d->finished_month)) {
		err_value(ch, x, cn[DCSV_FINISHED], "finished_at",
		          "thời điểm không hợp lệ, cần YYYY-MM-DDTHH:MM[:SS] và có thể thêm Z hoặc ±HH:MM",
		          "invalid datetime, expected YYYY-MM-DDTHH:MM[:SS] with an optional Z or ±HH:MM");
		ok = false;
	}
	static const struct {
		int col;
		size_t off;
	} bools[] = {{DCSV_PAID, offsetof(struct dossier, paid_online)},
	             {DCSV_DIGITIZED, offsetof(struct dossier, digitized)},
	             {DCSV_RESULT_DIGITIZED, offsetof(struct dossier, result_digitized)}};
	for (size_t i = 0; i < sizeof bools / sizeof bools[0]; i++) {
		x = &f[bools[i].col];
		bool *out = (bool *)(void *)((char *)d + bools[i].off);
		if (!parse_bool(x->s, x->n, out)) {
			err_value(ch, x, cn[bools[i].col], col_names[bools[i].col],
			          "cần 0, 1, true, false hoặc để trống", "expected 0, 1, true, false or empty");
			ok = false;
		}
	}
	x = &f[DCSV_RATING];
	if (x->n == 1 && x->s[0] >= '1' && x->s[0] <= '5') {
		d->rating = x->s[0] - '0';
	} else if (x->n) {
		err_value(ch, x, cn[DCSV_RATING], "rating", "cần số nguyên 1..5 hoặc để trống",
		          "expected an integer 1..5 or empty");
		ok = false;
	}
	return ok;
}

void dcsv_parse_chunk(struct worker *w, struct job *job)
{
	struct reader *r = w->r;
	struct dcsv_chunk *ch = &job->ch;
	const char *p = job->data, *end = job->data + job->len;
	long line = job->line;
	const signed char *colmap = r->colmap;
	const size_t ncols = r->ncols;
	struct field f[DCSV_NCOLS];
	/* a complete record sets every column the header has; the others
	 * stay empty */
	memset(f, 0, sizeof f);
	long rows = 0; /* counted here: job structs share cache lines */
	while (p < end) {
		if (*p == '\n') {
			line++;
			p++;
			continue;
		}
		if (*p == '\r' && end - p >= 2 && p[1] == '\n') {
			line++;
			p += 2;
			continue;
		}
		const char *rec = p;
		long rec_line = line;
		rows++;
		size_t nf = 0;
		bool broken = false, bad_text = false, esc_any = false;
		long stray_line = 0, after_line = 0;
		int stray_col = 0, after_col = 0;
		for (;;) {
			const char *fs = p;
			long fline = line;
			const char *vs, *ve;
			bool high = false, esc = false;
			int col = (int)nf + 1;
			if (p < end && *p == '"') {
				long lfs;
				bool nul;
				const char *e = scan_quoted(p + 1, end, &lfs, &high, &nul, &esc);
				if (!e) {
					dcsv_error(ch, fline, col, "dấu nháy kép mở ở đây chưa được đóng",
					           "quoted field opened here is not closed");
					broken = true;
					break;
				}
				vs = p + 1;
				ve = e;
				p = e + 1;
				if (nul) {
					dcsv_error(ch, fline, col, "trường chứa ký tự NUL",
					           "the field contains a NUL byte");
					broken = true;
					break;
				}
				line += lfs;
				if (p < end && *p != ',' && *p != '\n' && !(*p == '\r' && end - p >= 2 && p[1] == '\n')) {
					after_line = line;
					after_col = col;
					broken = true;
					break;
				}
			} else {
				vs = p;
				p = find_special(p, end, &high);
				ve = p;
				if (p < end && *p == '"') {
					stray_line = line;
					stray_col = col;
					broken = true;
					break;
				}
				if (p < end && *p == '\0') {
					dcsv_error(ch, line, col, "trường chứa ký tự NUL",
					           "the field contains a NUL byte");
					broken = true;
					break;
				}
				if (p < end && *p == '\r' && !(end - p >= 2 && p[1] == '\n')) {
					dcsv_error(ch, line, col, "ký tự CR không đi kèm LF ngoài dấu nháy kép",
					           "carriage return (CR) without a line feed outside quotes");
					broken = true;
					break;
				}
			}
			if (high && !utf8_valid(vs, (size_t)(ve - vs), NULL)) {
				dcsv_error(ch, fline, col, "trường không phải UTF-8 hợp lệ",
				           "the field is not valid UTF-8");
				bad_text = true; /* the record is still well delimited: go on */
			}
			if (nf < ncols && colmap[nf] >= 0) {
				struct field *x = &f[colmap[nf]];
				x->raw = fs;
				x->s = vs;
				x->n = (size_t)(ve - vs);
				x->line = fline;
				x->esc = esc;
				x->present = true;
				esc_any |= esc;
			}
			nf++;
			if (p >= end)
				break;
			if (*p == ',') {
				p++;
				continue;
			}
			/* LF or CRLF */
			p += *p == '\r' ? 2 : 1;
			line++;
			break;
		}
		if (broken) {
			/* resynchronise on the coordinator's rule */
			p = skip_record(rec, end, &line, rec_line);
			/* the last line the row took (it ends with a LF, or at the end) */
			long last = p > rec && p[-1] == '\n' ? line - 1 : line;
			if (stray_line || after_line) {
				char vi[256], en[256];
				const char *wvi = stray_line ? "dấu nháy kép nằm giữa trường không được bao nháy"
				                             : "có ký tự sau dấu nháy kép đóng";
				const char *wen = stray_line ? "stray quote inside an unquoted field"
				                             : "text after a closing quote";
				long at = stray_line ? stray_line : after_line;
				if (last > at) {
					snprintf(vi, sizeof vi, "%s (dấu nháy lẻ: dòng %ld..%ld bị đọc thành một hàng)",
					         wvi, rec_line, last);
					snprintf(en, sizeof en, "%s (unbalanced quotes: lines %ld..%ld read as one row)",
					         wen, rec_line, last);
				} else {
					snprintf(vi, sizeof vi, "%s", wvi);
					snprintf(en, sizeof en, "%s", wen);
				}
				dcsv_error(ch, at, stray_line ? stray_col : after_col, vi, en);
			}
			continue;
		}
		if (bad_text)
			continue;
		if (nf != ncols) {
			dcsv_errorf(ch, rec_line, nf < ncols ? (int)nf + 1 : (int)ncols + 1,
			            "dòng có %zu trường, dòng tiêu đề có %zu cột",
			            "the row has %zu fields, the header has %zu columns", nf, ncols);
			continue;
		}
		if (esc_any)
			unescape_fields(w, f, (size_t)(p - rec));
		struct dcsv_row row;
		row.line = rec_line;
		bool ok = type_row(r, ch, f, &row);
		if (f[DCSV_CODE].n) {
			uint64_t off = job->offset + (uint64_t)(f[DCSV_CODE].raw - job->data);
			dcsv_fp_add_code(w->fp, f[DCSV_CODE].s, f[DCSV_CODE].n, off);
		}
		if (ok && r->ops->row)
			r->ops->row(w->user, ch, &row);
	}
	ch->rows = rows;
}

/* ---- the header ---- */

enum header_result dcsv_read_header(struct reader *r, struct job *job)
{
	const char *p = job->data, *end = job->data + job->len;
	const char *name = r->src.name;
	long line = job->line;
	if (job->offset == 0 && end - p >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	while (p < end && (*p == '\n' || (*p == '\r' && end - p >= 2 && p[1] == '\n'))) {
		p += *p == '\r' ? 2 : 1;
		line++;
	}
	if (p == end) {
		/* only lines with no bytes so far: the header may follow */
		if (dcsv_more_input(r)) {
			job->data = p;
			job->offset += job->len;
			job->len = 0;
			job->line = line;
			return HEADER_LATER;
		}
		diag_err(r->d, name, 1, 0, "tệp rỗng, thiếu dòng tiêu đề", "empty file, no header row");
		return HEADER_BAD;
	}
	long header_line = line;
	struct {
		const char *s;
		size_t n;
		bool esc;
	} *cols = NULL;
	size_t n = 0, cap = 0;
	bool ok = true;
	for (;;) {
		const char *vs, *ve;
		bool high = false, esc = false;
		long col = (long)n + 1;
		if (p < end && *p == '"') {
			const char *q = p + 1, *e;
			for (;;) {
				e = memchr(q, '"', (size_t)(end - q));
				if (!e || e + 1 >= end || e[1] != '"')
					break;
				esc = true;
				q = e + 2;
			}
			if (!e) {
				diag_err(r->d, name, line, col, "dấu nháy kép mở ở đây chưa được đóng",
				         "quoted field opened here is not closed");
				ok = false;
				break;
			}
			vs = p + 1;
			ve = e;
			line += (long)dcsv_count_lines(vs, (size_t)(ve - vs));
			high = true; /* check it below */
			p = e + 1;
			if (p < end && *p != ',' && *p != '\n' && !(*p == '\r' && end - p >= 2 && p[1] == '\n')) {
				diag_err(r->d, name, line, col, "có ký tự sau dấu nháy kép đóng",
				         "text after a closing quote");
				ok = false;
				break;
			}
		} else {
			vs = p;
			p = find_special(p, end, &high);
			ve = p;
			if (p < end && (*p == '"' || *p == 0 || (*p == '\r' && !(end - p >= 2 && p[1] == '\n')))) {
				diag_err(r->d, name, line, col, "dòng tiêu đề không đúng cú pháp CSV",
				         "the header row is not valid CSV");
				ok = false;
				break;
			}
		}
		if (high && (!utf8_valid(vs, (size_t)(ve - vs), NULL) || memchr(vs, 0, (size_t)(ve - vs)))) {
			diag_err(r->d, name, line, col, "tên cột không phải UTF-8 hợp lệ",
			         "the column name is not valid UTF-8");
			ok = false;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			cols = xrealloc(cols, size_mul(cap, sizeof *cols));
		}
		cols[n].s = vs;
		cols[n].n = (size_t)(ve - vs);
		cols[n].esc = esc;
		n++;
		if (n > 16384) {
			diag_err(r->d, name, header_line, (long)n, "dòng tiêu đề có quá nhiều cột",
			         "the header row has too many columns");
			ok = false;
			break;
		}
		if (p >= end)
			break;
		if (*p == ',') {
			p++;
			continue;
		}
		p += *p == '\r' ? 2 : 1;
		line++;
		break;
	}
	if (ok) {
		r->ncols = n;
		r->colmap = xmalloc(n);
		for (size_t i = 0; i < n; i++) {
			/* trimmed, ASCII case-folded; "" inside a name is rare enough
			 * to compare it raw */
			const char *s = cols[i].s;
			size_t k = cols[i].n;
			while (k && (*s == ' ' || *s == '\t')) {
				s++;
				k--;
			}
			while (k && (s[k - 1] == ' ' || s[k - 1] == '\t'))
				k--;
			r->colmap[i] = -1;
			for (int c = 0; c < DCSV_NCOLS; c++) {
				if (strlen(col_names[c]) != k || strncasecmp(col_names[c], s, k))
					continue;
				if (r->colnum[c]) {
					diag_err(r->d, name, header_line, (long)i + 1,
					         "tên cột \"%s\" bị trùng (đã có ở cột %d)",
					         "duplicate column name \"%s\" (also column %d)", col_names[c],
					         r->colnum[c]);
					ok = false;
				} else {
					r->colnum[c] = (int)i + 1;
					r->colmap[i] = (signed char)c;
				}
			}
		}
		for (int c = 0; c < DCSV_NCOLS; c++)
			if (col_required[c] && !r->colnum[c]) {
				diag_err(r->d, name, header_line, 0, "thiếu cột bắt buộc \"%s\"",
				         "missing required column \"%s\"", col_names[c]);
				ok = false;
			}
	}
	free(cols);
	if (!ok)
		return HEADER_BAD;
	size_t used = (size_t)(p - job->data);
	job->data = p;
	job->len -= used;
	job->offset += used;
	job->line = line;
	return HEADER_OK;
}
