/* Survey files; see survey_io.h. */
#include "io/survey_io.h"
#include "base/arena.h"
#include "base/map.h"
#include "base/utf8.h"
#include "base/vec.h"
#include "io/fields.h"
#include "io/table.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- instrument --------------------------------------------------------- */

struct ictx {
	struct arena *a;
	struct diags *d;
	const char *name;
};

static void ierr(struct ictx *c, const char *where, const char *vi, const char *en)
{
	diag_text(c->d, DIAG_ERROR, c->name, 0, 0, where, vi, en);
}

static const char *at(struct ictx *c, const char *fmt, const char *base, size_t i)
{
	return arena_printf(c->a, fmt, base, i);
}

static const char *key(struct ictx *c, const char *base, const char *k)
{
	if (!base || !*base)
		return arena_strdup(c->a, k);
	return arena_printf(c->a, "%s.%s", base, k);
}

/* A code: ASCII letters, digits, . _ - (it becomes part of a metric
 * code), at most 64 bytes. */
static bool is_code(const char *s)
{
	size_t n = strlen(s);
	if (!n || n > 64)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		      ch == '.' || ch == '_' || ch == '-'))
			return false;
	}
	return true;
}

/* A string member; required: an error when absent. NFC, trimmed. */
static bool jstr(struct ictx *c, json_t *obj, const char *k, const char *where, bool required,
                 const char **out)
{
	json_t *v = json_object_get(obj, k);
	*out = NULL;
	if (!v) {
		if (required)
			ierr(c, key(c, where, k), "thiếu giá trị bắt buộc", "missing required value");
		return !required;
	}
	if (!json_is_string(v)) {
		ierr(c, key(c, where, k), "phải là một chuỗi", "must be a string");
		return false;
	}
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (!n && required) {
		ierr(c, key(c, where, k), "thiếu giá trị bắt buộc", "missing required value");
		return false;
	}
	if (memchr(s, 0, n)) {
		ierr(c, key(c, where, k), "chứa ký tự NUL", "holds a NUL character");
		return false;
	}
	*out = utf8_nfc(c->a, s, n);
	return true;
}

static bool jcode(struct ictx *c, json_t *obj, const char *where, const char **out)
{
	if (!jstr(c, obj, "code", where, true, out))
		return false;
	if (!is_code(*out)) {
		ierr(c, key(c, where, "code"),
		     arena_printf(c->a, "mã chỉ gồm chữ cái không dấu, chữ số và . _ - (tối đa 64): \"%s\"",
		                  *out),
		     arena_printf(c->a, "a code has only ASCII letters, digits and . _ - (at most 64): \"%s\"",
		                  *out));
		return false;
	}
	return true;
}

/* {"vi": ..., "en": ...}: vi required, en optional (vi when absent). */
static bool jtext(struct ictx *c, json_t *obj, const char *k, const char *where, const char **vi,
                  const char **en)
{
	json_t *v = json_object_get(obj, k);
	const char *w = key(c, where, k);
	*vi = *en = "";
	if (!json_is_object(v)) {
		ierr(c, w, "cần {\"vi\": ..., \"en\": ...}", "needs {\"vi\": ..., \"en\": ...}");
		return false;
	}
	bool ok = jstr(c, v, "vi", w, true, vi) && jstr(c, v, "en", w, false, en);
	if (!*en || !**en)
		*en = *vi ? *vi : "";
	if (!*vi)
		*vi = "";
	return ok;
}

static void unknown_keys(struct ictx *c, json_t *obj, const char *where, const char *const *known)
{
	const char *k;
	json_t *v;
	json_object_foreach(obj, k, v) {
		bool found = false;
		for (size_t i = 0; known[i] && !found; i++)
			found = !strcmp(known[i], k);
		if (!found)
			diag_text(c->d, DIAG_WARNING, c->name, 0, 0,
			          where ? key(c, where, k) : arena_strdup(c->a, k),
			          "khóa không dùng đến, bỏ qua", "unknown key, ignored");
	}
}

static json_t *jarray(struct ictx *c, json_t *root, const char *k, bool required)
{
	json_t *v = json_object_get(root, k);
	if (!v) {
		if (required)
			ierr(c, k, "thiếu danh sách bắt buộc", "missing required list");
		return NULL;
	}
	if (!json_is_array(v)) {
		ierr(c, k, "phải là một danh sách [...]", "must be a list [...]");
		return NULL;
	}
	return v;
}

static void read_elements(struct ictx *c, json_t *arr, struct survey_instrument *s)
{
	static const char *const known[] = {"code", "title", NULL};
	size_t n = arr ? json_array_size(arr) : 0;
	s->e = arena_array(c->a, n + 1, sizeof *s->e);
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(arr, i);
		const char *w = at(c, "%s[%zu]", "elements", i);
		if (!json_is_object(o)) {
			ierr(c, w, "phải là một đối tượng {...}", "must be an object {...}");
			continue;
		}
		unknown_keys(c, o, w, known);
		struct survey_element el = {0};
		bool ok = jcode(c, o, w, &el.code);
		ok &= jtext(c, o, "title", w, &el.title_vi, &el.title_en);
		if (!ok)
			continue;
		if (survey_element_find(s, el.code) >= 0) {
			ierr(c, key(c, w, "code"), arena_printf(c->a, "mã thành phần trùng: \"%s\"", el.code),
			     arena_printf(c->a, "duplicate element code: \"%s\"", el.code));
			continue;
		}
		s->e[s->ne++] = el;
	}
}

static void read_options(struct ictx *c, json_t *o, const char *w, struct survey_question *q)
{
	json_t *opts = json_object_get(o, "options");
	const char *ow = key(c, w, "options");
	bool wants = q->type == SQ_CHOICE || q->type == SQ_MULTI;
	if (!wants) {
		if (opts)
			ierr(c, ow, "chỉ câu hỏi choice hoặc multi có lựa chọn",
			     "only choice and multi questions have options");
		return;
	}
	if (!json_is_array(opts) || !json_array_size(opts)) {
		ierr(c, ow, "cần danh sách lựa chọn không rỗng", "needs a non-empty list of options");
		return;
	}
	size_t n = json_array_size(opts);
	if (n > SURVEY_OPTIONS_MAX) {
		ierr(c, ow, "nhiều hơn 64 lựa chọn", "more than 64 options");
		return;
	}
	q->options = arena_array(c->a, n, sizeof *q->options);
	for (size_t i = 0; i < n; i++) {
		json_t *v = json_array_get(opts, i);
		const char *iw = at(c, "%s[%zu]", ow, i);
		const char *s = json_is_string(v) ? json_string_value(v) : NULL;
		if (!s || !*s || strlen(s) != json_string_length(v) || strchr(s, ';') ||
		    s[0] == ' ' || s[strlen(s) - 1] == ' ') {
			ierr(c, iw, "lựa chọn là chuỗi không rỗng, không có dấu ; và khoảng trắng ở hai đầu",
			     "an option is a non-empty string without ';' or surrounding spaces");
			continue;
		}
		const char *norm = utf8_nfc(c->a, s, strlen(s));
		if (survey_option_find(q, norm) >= 0) {
			ierr(c, iw, arena_printf(c->a, "lựa chọn trùng: \"%s\"", norm),
			     arena_printf(c->a, "duplicate option: \"%s\"", norm));
			continue;
		}
		q->options[q->noptions++] = norm;
	}
}

static void read_questions(struct ictx *c, json_t *arr, struct survey_instrument *s)
{
	static const char *const known[] = {"code", "element", "type", "options", "text", NULL};
	static const char *const reserved[] = {"respondent_id", "unit_code", NULL};
	size_t n = arr ? json_array_size(arr) : 0;
	if (arr && !n)
		ierr(c, "questions", "bảng hỏi không có câu hỏi nào", "the instrument has no question");
	s->q = arena_array(c->a, n + 1, sizeof *s->q);
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(arr, i);
		const char *w = at(c, "%s[%zu]", "questions", i);
		if (!json_is_object(o)) {
			ierr(c, w, "phải là một đối tượng {...}", "must be an object {...}");
			continue;
		}
		unknown_keys(c, o, w, known);
		struct survey_question q = {.element = -1};
		const char *type = NULL, *element = NULL;
		bool ok = jcode(c, o, w, &q.code);
		ok &= jtext(c, o, "text", w, &q.text_vi, &q.text_en);
		if (jstr(c, o, "type", w, true, &type) && type) {
			int t = survey_qtype_parse(type);
			if (t < 0) {
				ierr(c, key(c, w, "type"),
				     arena_printf(c->a, "loại câu hỏi không hợp lệ: \"%s\" (likert5, choice, multi, "
				                  "number, text)", type),
				     arena_printf(c->a, "invalid question type: \"%s\" (likert5, choice, multi, "
				                  "number, text)", type));
				ok = false;
			} else {
				q.type = (enum survey_qtype)t;
				read_options(c, o, w, &q);
				ok &= q.type != SQ_CHOICE && q.type != SQ_MULTI ? true : q.noptions > 0;
			}
		} else {
			ok = false;
		}
		if (jstr(c, o, "element", w, false, &element) && element) {
			q.element = survey_element_find(s, element);
			if (q.element < 0) {
				ierr(c, key(c, w, "element"),
				     arena_printf(c->a, "không có thành phần này: \"%s\"", element),
				     arena_printf(c->a, "no such element: \"%s\"", element));
				ok = false;
			} else if (type && q.type != SQ_LIKERT5) {
				ierr(c, key(c, w, "element"),
				     "chỉ câu hỏi likert5 thuộc một thành phần (tỷ lệ hài lòng)",
				     "only likert5 questions belong to an element (satisfaction share)");
				ok = false;
			}
		}
		if (q.code) {
			for (size_t k = 0; reserved[k]; k++)
				if (!strcmp(q.code, reserved[k])) {
					ierr(c, key(c, w, "code"), "mã này là tên cột của tệp trả lời",
					     "this code is a column of the response file");
					ok = false;
				}
			if (survey_question_find(s, q.code) >= 0) {
				ierr(c, key(c, w, "code"), arena_printf(c->a, "mã câu hỏi trùng: \"%s\"", q.code),
				     arena_printf(c->a, "duplicate question code: \"%s\"", q.code));
				ok = false;
			}
		}
		if (ok)
			s->q[s->nq++] = q;
	}
}

static void read_indices(struct ictx *c, json_t *arr, struct survey_instrument *s)
{
	static const char *const known[] = {"code", "over", NULL};
	size_t n = arr ? json_array_size(arr) : 0;
	s->ix = arena_array(c->a, n + 1, sizeof *s->ix);
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(arr, i);
		const char *w = at(c, "%s[%zu]", "indices", i);
		if (!json_is_object(o)) {
			ierr(c, w, "phải là một đối tượng {...}", "must be an object {...}");
			continue;
		}
		unknown_keys(c, o, w, known);
		struct survey_index ix = {0};
		bool ok = jcode(c, o, w, &ix.code);
		json_t *over = json_object_get(o, "over");
		if (!json_is_array(over) || !json_array_size(over)) {
			ierr(c, key(c, w, "over"), "cần danh sách thành phần không rỗng",
			     "needs a non-empty list of elements");
			continue;
		}
		size_t m = json_array_size(over);
		ix.over = arena_array(c->a, m, sizeof *ix.over);
		for (size_t k = 0; k < m; k++) {
			json_t *v = json_array_get(over, k);
			long e = json_is_string(v) ? survey_element_find(s, json_string_value(v)) : -1;
			if (e < 0) {
				ierr(c, at(c, "%s[%zu]", key(c, w, "over"), k),
				     arena_printf(c->a, "không có thành phần này: \"%s\"",
				                  json_is_string(v) ? json_string_value(v) : "?"),
				     arena_printf(c->a, "no such element: \"%s\"",
				                  json_is_string(v) ? json_string_value(v) : "?"));
				ok = false;
				continue;
			}
			for (size_t j = 0; j < ix.nover; j++)
				if (ix.over[j] == e) {
					ierr(c, at(c, "%s[%zu]", key(c, w, "over"), k), "thành phần ghi hai lần",
					     "an element given twice");
					ok = false;
				}
			ix.over[ix.nover++] = e;
		}
		if (!ok)
			continue;
		bool clash = survey_element_find(s, ix.code) >= 0;
		for (size_t k = 0; k < s->ni && !clash; k++)
			clash = !strcmp(s->ix[k].code, ix.code);
		if (clash) {
			ierr(c, key(c, w, "code"),
			     arena_printf(c->a, "mã chỉ số trùng với một thành phần hoặc chỉ số khác: \"%s\"",
			                  ix.code),
			     arena_printf(c->a, "index code already used by an element or index: \"%s\"",
			                  ix.code));
			continue;
		}
		s->ix[s->ni++] = ix;
	}
}

enum px_err survey_instrument_parse(const char *name, const char *data, size_t len,
                                    struct arena *a, struct diags *d,
                                    struct survey_instrument **out)
{
	static const char *const known[] = {"format", "code", "title", "questions", "elements",
	                                    "indices", "min_n", NULL};
	*out = NULL;
	size_t errors = d->errors;
	struct ictx c = {a, d, name};
	if (len > SURVEY_FILE_MAX) {
		diag_err(d, name, 0, 0, "tệp lớn quá 4 MB", "the file is larger than 4 MB");
		return PX_BADINPUT;
	}
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		data += 3, len -= 3;
	json_error_t je;
	json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		diag_add(d, DIAG_ERROR, name, je.line > 0 ? je.line : 0, je.column > 0 ? je.column : 0,
		         NULL, "JSON không hợp lệ: %s", "invalid JSON: %s", je.text);
		return PX_BADINPUT;
	}
	struct survey_instrument *s = arena_alloc(a, sizeof *s);
	if (!json_is_object(root)) {
		ierr(&c, NULL, "bảng hỏi phải là một đối tượng JSON {...}",
		     "an instrument must be a JSON object {...}");
		goto out;
	}
	unknown_keys(&c, root, NULL, known);
	const char *format = NULL;
	if (jstr(&c, root, "format", "", true, &format) && format && strcmp(format, SURVEY_FORMAT))
		ierr(&c, "format", arena_printf(a, "cần \"%s\", có \"%s\"", SURVEY_FORMAT, format),
		     arena_printf(a, "expected \"%s\", got \"%s\"", SURVEY_FORMAT, format));
	jcode(&c, root, "", &s->code);
	jstr(&c, root, "title", "", true, &s->title);
	s->min_n = 30;
	json_t *mn = json_object_get(root, "min_n");
	if (mn && (!json_is_integer(mn) || json_integer_value(mn) < 1 ||
	           json_integer_value(mn) > 1000000))
		ierr(&c, "min_n", "phải là số nguyên từ 1 đến 1000000",
		     "must be a whole number from 1 to 1000000");
	else if (mn)
		s->min_n = (long)json_integer_value(mn);
	read_elements(&c, jarray(&c, root, "elements", false), s);
	read_questions(&c, jarray(&c, root, "questions", true), s);
	read_indices(&c, jarray(&c, root, "indices", false), s);
	for (size_t e = 0; e < s->ne; e++) {
		bool used = false;
		for (size_t q = 0; q < s->nq && !used; q++)
			used = s->q[q].element == (long)e;
		if (!used)
			diag_text(d, DIAG_WARNING, name, 0, 0, at(&c, "%s[%zu]", "elements", e),
			          "thành phần không có câu hỏi nào", "an element with no question");
	}
out:
	json_decref(root);
	if (d->errors > errors)
		return PX_BADINPUT;
	*out = s;
	return PX_OK;
}

/* ---- tables ------------------------------------------------------------- */

static void cell_err(struct diags *d, const struct table *t, long line, long col,
                     const char *colname, const char *vi, const char *en, const char *value,
                     size_t n)
{
	int shown = (int)(n > 80 ? 80 : n);
	char bvi[640], ben[640];
	snprintf(bvi, sizeof bvi, "cột %s: %s: \"%.*s\"", colname, vi, shown, value);
	snprintf(ben, sizeof ben, "column %s: %s: \"%.*s\"", colname, en, shown, value);
	diag_text(d, DIAG_ERROR, table_name(t), line, col, NULL, bvi, ben);
}

static const char *trim(const char *s, size_t *n)
{
	while (*n && (*s == ' ' || *s == '\t'))
		s++, (*n)--;
	while (*n && (s[*n - 1] == ' ' || s[*n - 1] == '\t'))
		(*n)--;
	return s;
}

enum px_err survey_read_responses(struct table *t, const struct survey_instrument *s,
                                  struct arena *a, struct diags *d, struct survey_row **rows,
                                  size_t *n)
{
	static const char *const names[] = {"respondent_id", "unit_code", NULL};
	static const bool req[] = {true, true};
	int col[2];
	*rows = NULL;
	*n = 0;
	if (table_columns(t, names, req, col, d) != PX_OK)
		return PX_BADINPUT;
	size_t nq = s->nq, ncols = table_ncols(t);
	int *qcol = arena_array(a, nq + 1, sizeof *qcol);
	for (size_t q = 0; q < nq; q++)
		qcol[q] = -1;
	for (size_t i = 0; i < ncols; i++) {
		if ((int)i == col[0] || (int)i == col[1])
			continue;
		size_t hn = strlen(table_header(t, i));
		const char *h = trim(table_header(t, i), &hn);
		long q = -1;
		for (size_t k = 0; k < nq && q < 0; k++)
			if (strlen(s->q[k].code) == hn && !strncasecmp(s->q[k].code, h, hn))
				q = (long)k;
		if (q >= 0 && qcol[q] >= 0) {
			diag_add(d, DIAG_ERROR, table_name(t), 1, (long)i + 1, NULL,
			         "cột câu hỏi %s có hai lần", "question column %s appears twice",
			         s->q[q].code);
		} else if (q >= 0) {
			qcol[q] = (int)i;
		} else if (hn) {
			diag_add(d, DIAG_WARNING, table_name(t), 1, (long)i + 1, NULL,
			         "cột \"%.*s\" không phải câu hỏi của bảng hỏi, bỏ qua",
			         "column \"%.*s\" is no question of the instrument, ignored", (int)hn, h);
		}
	}
	for (size_t q = 0; q < nq; q++)
		if (qcol[q] < 0)
			diag_add(d, DIAG_WARNING, table_name(t), 1, 0, NULL,
			         "không có cột cho câu hỏi %s: coi như không trả lời",
			         "no column for question %s: taken as not answered", s->q[q].code);
	if (d->errors)
		return PX_BADINPUT;
	struct VEC_OF(struct survey_row) v = {0};
	struct map seen; /* respondent -> line */
	map_init(&seen);
	char *buf = arena_alloc(a, SURVEY_TEXT_MAX + 16);
	int r;
	for (r = table_next(t, d); r == 1; r = table_next(t, d)) {
		struct survey_row row = {0};
		row.line = table_line(t);
		row.col_resp = table_field_column(t, col[0]);
		row.col_unit = table_field_column(t, col[1]);
		bool ok = field_text(t, col[0], names[0], true, true, a, d, &row.respondent);
		ok &= field_code(t, col[1], names[1], true, a, d, &row.unit);
		if (ok && strlen(row.respondent) > 100) {
			cell_err(d, t, table_field_line(t, col[0]), row.col_resp, names[0],
			         "dài quá 100 byte", "longer than 100 bytes", row.respondent,
			         strlen(row.respondent));
			ok = false;
		}
		row.answer = arena_array(a, nq + 1, sizeof *row.answer);
		row.cell = arena_array(a, nq + 1, sizeof *row.cell);
		for (size_t q = 0; q < nq; q++) {
			if (qcol[q] < 0)
				continue;
			size_t len;
			const char *f = trim(table_field(t, qcol[q], &len), &len);
			if (!len)
				continue;
			const char *norm, *wvi, *wen;
			if (!utf8_valid(f, len, NULL)) {
				ok = false; /* the table reader has reported it */
				continue;
			}
			const char *nf = s->q[q].type == SQ_TEXT ? utf8_nfc(a, f, len) : f;
			size_t nl = s->q[q].type == SQ_TEXT ? strlen(nf) : len;
			if (!survey_answer_check(&s->q[q], nf, nl, buf, &row.cell[q], &norm, &wvi, &wen)) {
				cell_err(d, t, table_field_line(t, qcol[q]), table_field_column(t, qcol[q]),
				         s->q[q].code, wvi, wen, f, len);
				ok = false;
				continue;
			}
			row.answer[q] = arena_strdup(a, norm);
		}
		uintptr_t first = *row.respondent ? (uintptr_t)map_gets(&seen, row.respondent) : 0;
		if (first) {
			char vi[160], en[160];
			snprintf(vi, sizeof vi, "người trả lời trùng với dòng %lu", (unsigned long)first);
			snprintf(en, sizeof en, "duplicate respondent, first on line %lu",
			         (unsigned long)first);
			cell_err(d, t, table_field_line(t, col[0]), row.col_resp, names[0], vi, en,
			         row.respondent, strlen(row.respondent));
			continue;
		}
		if (*row.respondent)
			map_puts(&seen, row.respondent, (void *)(uintptr_t)row.line);
		if (ok)
			VEC_PUSH(&v, row);
	}
	map_free(&seen);
	*n = v.n;
	*rows = arena_array(a, v.n + 1, sizeof **rows);
	if (v.n)
		memcpy(*rows, v.v, v.n * sizeof **rows);
	VEC_FREE(&v);
	return r < 0 || d->errors ? PX_BADINPUT : PX_OK;
}

enum px_err survey_read_margins(struct table *t, const struct survey_instrument *s,
                                struct arena *a, struct diags *d, struct survey_margins *out)
{
	static const char *const names[] = {"variable", "value", "share", NULL};
	static const bool req[] = {true, true, true};
	int col[3];
	memset(out, 0, sizeof *out);
	if (table_columns(t, names, req, col, d) != PX_OK)
		return PX_BADINPUT;
	struct survey_margin_var *v = arena_array(a, s->nq + 1, sizeof *v);
	bool **given = arena_array(a, s->nq + 1, sizeof *given);
	long *last_line = arena_array(a, s->nq + 1, sizeof *last_line);
	long *var_of = arena_array(a, s->nq + 1, sizeof *var_of); /* question -> var + 1 */
	size_t nv = 0;
	int r;
	for (r = table_next(t, d); r == 1; r = table_next(t, d)) {
		const char *var, *val;
		double share;
		bool present;
		bool ok = field_text(t, col[0], names[0], true, false, a, d, &var);
		ok &= field_text(t, col[1], names[1], true, true, a, d, &val);
		ok &= field_number(t, col[2], names[2], true, d, &share, &present);
		if (!ok)
			continue;
		long q = survey_question_find(s, var);
		if (q < 0 || s->q[q].type != SQ_CHOICE) {
			cell_err(d, t, table_field_line(t, col[0]), table_field_column(t, col[0]), names[0],
			         "không phải câu hỏi choice của bảng hỏi",
			         "not a choice question of the instrument", var, strlen(var));
			continue;
		}
		long o = survey_option_find(&s->q[q], val);
		if (o < 0) {
			cell_err(d, t, table_field_line(t, col[1]), table_field_column(t, col[1]), names[1],
			         arena_printf(a, "không phải lựa chọn của câu hỏi %s", var),
			         arena_printf(a, "not an option of question %s", var), val, strlen(val));
			continue;
		}
		if (!(share >= 0 && share <= 1)) {
			size_t len;
			const char *f = table_field(t, col[2], &len);
			cell_err(d, t, table_field_line(t, col[2]), table_field_column(t, col[2]), names[2],
			         "tỷ lệ phải từ 0 đến 1", "a share is from 0 to 1", f, len);
			continue;
		}
		if (!var_of[q]) {
			v[nv].q = q;
			v[nv].share = arena_array(a, s->q[q].noptions, sizeof *v[nv].share);
			given[nv] = arena_array(a, s->q[q].noptions, sizeof *given[nv]);
			var_of[q] = (long)++nv;
		}
		size_t k = (size_t)var_of[q] - 1;
		if (given[k][o]) {
			cell_err(d, t, table_field_line(t, col[1]), table_field_column(t, col[1]), names[1],
			         "giá trị ghi hai lần cho biến này", "value given twice for this variable",
			         val, strlen(val));
			continue;
		}
		given[k][o] = true;
		v[k].share[o] = share;
		last_line[k] = table_line(t);
	}
	for (size_t k = 0; k < nv && r >= 0; k++) {
		double sum = 0;
		const struct survey_question *q = &s->q[v[k].q];
		for (size_t o = 0; o < q->noptions; o++)
			sum += v[k].share[o];
		if (fabs(sum - 1) > 1e-6)
			diag_add(d, DIAG_ERROR, table_name(t), last_line[k], (long)col[2] + 1,
			         NULL, "tổng tỷ lệ của biến %s là %.9g, không phải 1",
			         "the shares of variable %s sum to %.9g, not 1", q->code, sum);
	}
	out->v = v;
	out->n = nv;
	return r < 0 || d->errors ? PX_BADINPUT : PX_OK;
}
