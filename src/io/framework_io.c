/*
 * Framework files; see framework_io.h.
 *
 * JSON is read with jansson (duplicate keys rejected, its line/column in
 * syntax errors) and walked by hand so that every wrong type is reported
 * with its JSON path ("criteria[2].children[0].max") and the criterion
 * code; descent stops below FRM_MAX_DEPTH levels, so a hostile file
 * cannot recurse deep. Tables are read with the shared row reader
 * (io/table.h, io/fields.h); criteria rows are collected first and added
 * to the framework in tree order afterwards, so a child may come before
 * its parent in the sheet. The writer is hand-written (not json_dump) to
 * control number formatting and layout exactly.
 */
#include "io/framework_io.h"
#include "base/arena.h"
#include "base/map.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "base/vec.h"
#include "io/fields.h"
#include "io/table.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void frm_header_init(struct frm_header *h)
{
	memset(h, 0, sizeof *h);
	h->rank_precision = -1;
}

/* ---- helpers ---------------------------------------------------------- */

/* NFC copy of s[0..n) with surrounding ASCII spaces removed. */
static const char *clean_text(struct arena *a, const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
	             s[n - 1] == '\n'))
		n--;
	return utf8_nfc(a, s, n);
}

static void msg(struct diags *d, enum diag_level level, const char *file,
                long line, long col, const char *where, const char *vi,
                const char *en)
{
	diag_add(d, level, file, line, col, where, "%s%.0s", "%.0s%s", vi, en);
}

#define MSGF(d, level, file, line, col, where, fvi, fen, ...)                \
	do {                                                                 \
		char vi_[512], en_[512];                                     \
		snprintf(vi_, sizeof vi_, fvi, __VA_ARGS__);                 \
		snprintf(en_, sizeof en_, fen, __VA_ARGS__);                 \
		msg(d, level, file, line, col, where, vi_, en_);             \
	} while (0)

/* Parses "A:90;B:80" into grades; false on a malformed item. */
static bool parse_grades(struct framework *fw, const char *s)
{
	size_t len = strlen(s), start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && s[i] != ';' && s[i] != ',')
			continue;
		const char *item = s + start;
		size_t n = i - start;
		start = i + 1;
		while (n && (*item == ' '))
			item++, n--;
		while (n && item[n - 1] == ' ')
			n--;
		if (n == 0)
			continue;
		const char *colon = memchr(item, ':', n);
		if (!colon)
			colon = memchr(item, '=', n);
		if (!colon)
			return false;
		size_t cl = (size_t)(colon - item);
		while (cl && item[cl - 1] == ' ')
			cl--;
		const char *v = colon + 1;
		size_t vn = n - (size_t)(colon - item) - 1;
		while (vn && *v == ' ')
			v++, vn--;
		double min;
		if (cl == 0 || !formula_parse_number(v, vn, &min))
			return false;
		char *code = arena_strndup(fw->arena, item, cl);
		frm_add_grade(fw, code, min);
	}
	return true;
}

static void apply_header(struct framework *fw, const struct frm_header *h,
                         struct diags *d)
{
	if (!h)
		return;
	if (h->code)
		fw->code = clean_text(fw->arena, h->code, strlen(h->code));
	if (h->title)
		fw->title = clean_text(fw->arena, h->title, strlen(h->title));
	if (h->year)
		fw->year = h->year;
	if (h->group) {
		fw->ngroup = 0;
		fw->group = frm_split_kinds(fw->arena, h->group, strlen(h->group), &fw->ngroup);
	}
	if (h->rank_precision >= 0)
		fw->rank_precision = h->rank_precision;
	if (h->grades) {
		fw->ngrades = 0;
		fw->grades = NULL;
		if (!parse_grades(fw, h->grades))
			MSGF(d, DIAG_ERROR, fw->source, 0, 0, "grades",
			     "xếp loại '%s' không hợp lệ (dạng A:90;B:80;C:70)",
			     "grades '%s' are not valid (write A:90;B:80;C:70)", h->grades);
	}
	if (h->previous)
		fw->previous = clean_text(fw->arena, h->previous, strlen(h->previous));
}

/* Runs frm_finish and turns "any error so far" into the result. */
static enum px_err finish(struct framework *fw, size_t errors_before,
                          struct framework **out, struct diags *d)
{
	enum px_err e = frm_finish(fw, d);
	if (e != PX_OK || d->errors > errors_before) {
		*out = NULL;
		return PX_BADINPUT;
	}
	*out = fw;
	return PX_OK;
}

/* ---- JSON ------------------------------------------------------------- */

struct jctx {
	struct framework *fw;
	struct diags *d;
	const char *name;
};

static void jerr(struct jctx *c, enum diag_level level, const char *path,
                 const char *vi, const char *en)
{
	msg(c->d, level, c->name, 0, 0, path, vi, en);
}

static const char *jpath(struct jctx *c, const char *base, const char *key)
{
	if (!base || !base[0])
		return arena_strdup(c->fw->arena, key);
	return arena_printf(c->fw->arena, "%s.%s", base, key);
}

/* "must be ..." for key at path, naming the criterion when known. */
static void jtype(struct jctx *c, const char *path, const char *code,
                  const char *want_vi, const char *want_en)
{
	char vi[512], en[512];
	if (code && code[0]) {
		snprintf(vi, sizeof vi, "phải là %s (tiêu chí %s)", want_vi, code);
		snprintf(en, sizeof en, "must be %s (criterion %s)", want_en, code);
	} else {
		snprintf(vi, sizeof vi, "phải là %s", want_vi);
		snprintf(en, sizeof en, "must be %s", want_en);
	}
	msg(c->d, DIAG_ERROR, c->name, 0, 0, path, vi, en);
}

static bool jstring(struct jctx *c, json_t *v, const char *path, const char *code,
                    const char **out)
{
	if (!json_is_string(v)) {
		jtype(c, path, code, "một chuỗi", "a string");
		return false;
	}
	*out = clean_text(c->fw->arena, json_string_value(v), json_string_length(v));
	return true;
}

static bool jnumber(struct jctx *c, json_t *v, const char *path, const char *code,
                    double *out)
{
	if (!json_is_number(v)) {
		jtype(c, path, code, "một số", "a number");
		return false;
	}
	*out = json_number_value(v) + 0.0;
	return true;
}

static bool jint(struct jctx *c, json_t *v, const char *path, long lo, long hi,
                 int *out)
{
	if (!json_is_integer(v) || json_integer_value(v) < lo ||
	    json_integer_value(v) > hi) {
		char want_vi[64], want_en[64];
		snprintf(want_vi, sizeof want_vi, "một số nguyên từ %ld đến %ld", lo, hi);
		snprintf(want_en, sizeof want_en, "a whole number from %ld to %ld", lo, hi);
		jtype(c, path, NULL, want_vi, want_en);
		return false;
	}
	*out = (int)json_integer_value(v);
	return true;
}

/* A list of unit kinds: a string or an array of strings. */
static bool jkinds(struct jctx *c, json_t *v, const char *path, const char *code,
                   const char ***out, size_t *n)
{
	struct arena *a = c->fw->arena;
	if (json_is_string(v)) {
		*out = arena_alloc(a, sizeof **out);
		(*out)[0] = clean_text(a, json_string_value(v), json_string_length(v));
		*n = 1;
		return true;
	}
	if (!json_is_array(v)) {
		jtype(c, path, code, "một chuỗi hoặc danh sách chuỗi",
		      "a string or a list of strings");
		return false;
	}
	size_t count = json_array_size(v);
	*out = arena_array(a, count ? count : 1, sizeof **out);
	*n = 0;
	bool ok = true;
	for (size_t i = 0; i < count; i++) {
		json_t *item = json_array_get(v, i);
		const char *ip = arena_printf(a, "%s[%zu]", path, i);
		const char *s;
		if (jstring(c, item, ip, code, &s))
			(*out)[(*n)++] = s;
		else
			ok = false;
	}
	return ok;
}

static void junknown(struct jctx *c, const char *path)
{
	jerr(c, DIAG_WARNING, path, "khóa không dùng đến, bỏ qua",
	     "unknown key, ignored");
}

static void read_node(struct jctx *c, json_t *obj, int parent, const char *path,
                      int depth);

static void read_children(struct jctx *c, json_t *arr, int parent,
                          const char *path, int depth, const char *code)
{
	if (!json_is_array(arr)) {
		jtype(c, path, code, "một danh sách tiêu chí", "a list of criteria");
		return;
	}
	if (depth > FRM_MAX_DEPTH) {
		MSGF(c->d, DIAG_ERROR, c->name, 0, 0, path,
		     "tiêu chí lồng quá %d cấp", "criteria are nested more than %d levels",
		     FRM_MAX_DEPTH);
		return;
	}
	for (size_t i = 0; i < json_array_size(arr); i++)
		read_node(c, json_array_get(arr, i), parent,
		          arena_printf(c->fw->arena, "%s[%zu]", path, i), depth);
}

static void read_node(struct jctx *c, json_t *obj, int parent, const char *path,
                      int depth)
{
	struct framework *fw = c->fw;
	if (!json_is_object(obj)) {
		jtype(c, path, NULL, "một đối tượng (tiêu chí)", "an object (a criterion)");
		return;
	}
	struct frm_node n = frm_node_default();
	n.path = path;
	n.code = "";
	json_t *code = json_object_get(obj, "code");
	if (code)
		jstring(c, code, jpath(c, path, "code"), NULL, &n.code);
	const char *cc = n.code;
	json_t *children = NULL;
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		const char *kp = jpath(c, path, key);
		if (strcmp(key, "code") == 0) {
			continue;
		} else if (strcmp(key, "title") == 0) {
			jstring(c, v, kp, cc, &n.title);
		} else if (strcmp(key, "max") == 0) {
			jnumber(c, v, kp, cc, &n.max);
			n.has_max = true; /* a wrong type is reported once, here */
		} else if (strcmp(key, "min") == 0) {
			jnumber(c, v, kp, cc, &n.min);
		} else if (strcmp(key, "step") == 0) {
			n.has_step = jnumber(c, v, kp, cc, &n.step);
		} else if (strcmp(key, "method") == 0) {
			const char *m = NULL;
			if (!jstring(c, v, kp, cc, &m))
				continue;
			if (strcmp(m, "assessed") == 0)
				n.method = FRM_METHOD_ASSESSED;
			else if (strcmp(m, "formula") == 0)
				n.method = FRM_METHOD_FORMULA;
			else if (strcmp(m, "group") == 0)
				n.method = FRM_METHOD_GROUP;
			else
				MSGF(c->d, DIAG_ERROR, c->name, 0, 0, kp,
				     "method '%s' không hợp lệ (assessed, formula hoặc group)",
				     "method '%s' is not valid (assessed, formula or group)", m);
		} else if (strcmp(key, "formula") == 0) {
			if (!json_is_string(v)) {
				jtype(c, kp, cc, "một chuỗi", "a string");
				continue;
			}
			/* kept exactly as written: columns in messages refer to it */
			n.formula_text = arena_strndup(fw->arena, json_string_value(v),
			                               json_string_length(v));
		} else if (strcmp(key, "applies_to") == 0) {
			jkinds(c, v, kp, cc, &n.applies_to, &n.napplies);
		} else if (strcmp(key, "evidence") == 0) {
			const char *e = NULL;
			if (!jstring(c, v, kp, cc, &e))
				continue;
			if (strcmp(e, "required") == 0)
				n.evidence = FRM_EVIDENCE_REQUIRED;
			else if (strcmp(e, "optional") == 0)
				n.evidence = FRM_EVIDENCE_OPTIONAL;
			else if (strcmp(e, "none") == 0)
				n.evidence = FRM_EVIDENCE_NONE;
			else
				MSGF(c->d, DIAG_ERROR, c->name, 0, 0, kp,
				     "evidence '%s' không hợp lệ (required, optional hoặc none)",
				     "evidence '%s' is not valid (required, optional or none)", e);
		} else if (strcmp(key, "extra") == 0) {
			if (!json_is_boolean(v))
				jtype(c, kp, cc, "true hoặc false", "true or false");
			else
				n.extra = json_is_true(v);
		} else if (strcmp(key, "children") == 0) {
			children = v;
		} else {
			junknown(c, kp);
		}
	}
	if (!n.title)
		n.title = "";
	int idx = frm_add_node(fw, parent, &n);
	if (idx < 0) {
		MSGF(c->d, DIAG_ERROR, c->name, 0, 0, path,
		     "quá %d tiêu chí", "more than %d criteria", FRM_MAX_NODES);
		return;
	}
	if (children)
		read_children(c, children, idx, jpath(c, path, "children"), depth + 1, cc);
}

static void read_grades(struct jctx *c, json_t *v)
{
	if (!json_is_array(v)) {
		jtype(c, "grades", NULL, "một danh sách xếp loại", "a list of grades");
		return;
	}
	for (size_t i = 0; i < json_array_size(v); i++) {
		json_t *g = json_array_get(v, i);
		const char *gp = arena_printf(c->fw->arena, "grades[%zu]", i);
		if (!json_is_object(g)) {
			jtype(c, gp, NULL, "một đối tượng {\"code\", \"min\"}",
			      "an object {\"code\", \"min\"}");
			continue;
		}
		const char *code = NULL;
		double min = 0;
		bool has_min = false, ok = true;
		const char *key;
		json_t *item;
		json_object_foreach(g, key, item) {
			const char *kp = jpath(c, gp, key);
			if (strcmp(key, "code") == 0)
				ok = jstring(c, item, kp, NULL, &code) && ok;
			else if (strcmp(key, "min") == 0)
				ok = (has_min = jnumber(c, item, kp, NULL, &min)) && ok;
			else
				junknown(c, kp);
		}
		if (!code || !has_min) {
			if (ok)
				jerr(c, DIAG_ERROR, gp, "xếp loại cần có code và min",
				     "a grade needs a code and a min");
			continue;
		}
		frm_add_grade(c->fw, code, min);
	}
}

/* Builds the framework from JSON without finishing it; NULL when the
 * text is not a JSON object at all. */
static struct framework *json_build(const char *name, const char *data, size_t len,
                                    struct arena *a, struct diags *d)
{
	if (len > FRM_FILE_MAX) {
		MSGF(d, DIAG_ERROR, name, 0, 0, NULL, "tệp lớn quá %zu MB",
		     "the file is larger than %zu MB", FRM_FILE_MAX >> 20);
		return NULL;
	}
	json_error_t je;
	json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		diag_add(d, DIAG_ERROR, name, je.line > 0 ? je.line : 0,
		         je.column > 0 ? je.column : 0, NULL, "JSON không hợp lệ: %s",
		         "invalid JSON: %s", je.text);
		return NULL;
	}
	struct framework *fw = frm_new(a);
	fw->source = name ? arena_strdup(a, name) : NULL;
	struct jctx c = {fw, d, fw->source};
	if (!json_is_object(root)) {
		jerr(&c, DIAG_ERROR, NULL, "tệp bộ tiêu chí phải là một đối tượng JSON {...}",
		     "a framework file must be a JSON object {...}");
		fw = NULL;
		goto out;
	}
	json_t *format = json_object_get(root, "format");
	if (!format)
		jerr(&c, DIAG_WARNING, "format", "thiếu \"format\": \"" FRM_FORMAT "\"",
		     "no \"format\": \"" FRM_FORMAT "\"");
	json_t *criteria = NULL;
	const char *key;
	json_t *v;
	json_object_foreach(root, key, v) {
		if (strcmp(key, "format") == 0) {
			if (!json_is_string(v) || strcmp(json_string_value(v), FRM_FORMAT) != 0)
				jerr(&c, DIAG_ERROR, "format",
				     "định dạng không được hỗ trợ (cần \"" FRM_FORMAT "\")",
				     "unsupported format (expected \"" FRM_FORMAT "\")");
		} else if (strcmp(key, "code") == 0) {
			jstring(&c, v, key, NULL, &fw->code);
		} else if (strcmp(key, "title") == 0) {
			jstring(&c, v, key, NULL, &fw->title);
		} else if (strcmp(key, "year") == 0) {
			if (!jint(&c, v, key, 1900, 9999, &fw->year))
				fw->year = 1900; /* reported once, here */
		} else if (strcmp(key, "group") == 0) {
			jkinds(&c, v, key, NULL, &fw->group, &fw->ngroup);
		} else if (strcmp(key, "rank_precision") == 0) {
			jint(&c, v, key, 0, FRM_RANK_PRECISION_MAX, &fw->rank_precision);
		} else if (strcmp(key, "grades") == 0) {
			read_grades(&c, v);
		} else if (strcmp(key, "unit") == 0) {
			if (!json_is_null(v) && jstring(&c, v, key, NULL, &fw->unit) && !*fw->unit)
				fw->unit = NULL;
		} else if (strcmp(key, "note") == 0) {
			if (!json_is_null(v))
				jstring(&c, v, key, NULL, &fw->note);
		} else if (strcmp(key, "previous") == 0) {
			if (!json_is_null(v))
				jstring(&c, v, key, NULL, &fw->previous);
		} else if (strcmp(key, "previous_map") == 0) {
			if (!json_is_object(v)) {
				jtype(&c, key, NULL, "một đối tượng {\"mã mới\": \"mã cũ\"}",
				      "an object {\"new code\": \"old code\"}");
				continue;
			}
			const char *mk;
			json_t *mv;
			json_object_foreach(v, mk, mv) {
				const char *old;
				if (jstring(&c, mv, arena_printf(a, "previous_map.%s", mk), NULL, &old))
					frm_add_previous(fw, clean_text(a, mk, strlen(mk)), old);
			}
		} else if (strcmp(key, "criteria") == 0) {
			criteria = v;
		} else {
			junknown(&c, key);
		}
	}
	if (!criteria)
		jerr(&c, DIAG_ERROR, "criteria", "thiếu danh sách tiêu chí \"criteria\"",
		     "no \"criteria\" list");
	else
		read_children(&c, criteria, -1, "criteria", 0, NULL);
out:
	json_decref(root);
	return fw;
}

enum px_err frm_read_json(const char *name, const char *data, size_t len,
                          struct arena *a, struct framework **out,
                          struct diags *d)
{
	*out = NULL;
	size_t errors_before = d->errors;
	struct framework *fw = json_build(name, data, len, a, d);
	if (!fw)
		return PX_BADINPUT;
	return finish(fw, errors_before, out, d);
}

/* ---- tables ----------------------------------------------------------- */

enum tcol { C_CODE, C_PARENT, C_TITLE, C_MAX, C_MIN, C_METHOD, C_FORMULA,
            C_APPLIES, C_EVIDENCE, C_STEP, C_EXTRA, C_PREVIOUS, C_COUNT };

static const char *const table_cols[] = {
	"code", "parent", "title", "max", "min", "method", "formula",
	"applies_to", "evidence", "step", "extra", "previous", NULL};
static const bool table_req[] = {true, false, true, true, false, false, false,
                                 false, false, false, false, false};

struct trow {
	struct frm_node n;
	const char *parent;
	const char *previous;
	long line, parent_col;
	int parent_row;  /* -1 = top level */
	int first_child, next_child, last_child;
	int node;        /* index in the framework once added */
	bool orphan;
};

struct trow_vec VEC_OF(struct trow);

static bool word_in(const char *s, const char *const *words)
{
	for (size_t i = 0; words[i]; i++)
		if (strcasecmp(s, words[i]) == 0)
			return true;
	return false;
}

/* A header row ("@key" in the code column). */
static void table_header_row(struct table *t, const int *idx, struct framework *fw,
                             const char *key, struct diags *d)
{
	struct arena *a = fw->arena;
	const char *value = "";
	field_text(t, idx[C_TITLE], "title", false, true, a, d, &value);
	long line = table_field_line(t, idx[C_TITLE]);
	long col = table_field_column(t, idx[C_TITLE]);
	const char *name = table_name(t);
	if (strcasecmp(key, "code") == 0) {
		fw->code = value;
	} else if (strcasecmp(key, "title") == 0) {
		fw->title = value;
	} else if (strcasecmp(key, "unit") == 0) {
		fw->unit = value[0] ? value : NULL;
	} else if (strcasecmp(key, "note") == 0) {
		fw->note = value[0] ? value : NULL;
	} else if (strcasecmp(key, "previous") == 0) {
		fw->previous = value[0] ? value : NULL;
	} else if (strcasecmp(key, "group") == 0) {
		size_t n = 0;
		const char **kinds = frm_split_kinds(a, value, strlen(value), &n);
		for (size_t i = 0; i < n; i++)
			frm_add_kind(fw, kinds[i]);
	} else if (strcasecmp(key, "year") == 0 || strcasecmp(key, "rank_precision") == 0) {
		double v;
		bool year = strcasecmp(key, "year") == 0;
		long lo = year ? 1900 : 0, hi = year ? 9999 : FRM_RANK_PRECISION_MAX;
		if (!formula_parse_number(value, strlen(value), &v) || v != trunc(v) ||
		    v < lo || v > hi) {
			MSGF(d, DIAG_ERROR, name, line, col, NULL,
			     "@%s: '%s' không phải số nguyên từ %ld đến %ld",
			     "@%s: '%s' is not a whole number from %ld to %ld", key, value, lo, hi);
			return;
		}
		if (year)
			fw->year = (int)v;
		else
			fw->rank_precision = (int)v;
	} else if (strcasecmp(key, "grade") == 0) {
		double min = 0;
		bool present = false;
		if (!field_number(t, idx[C_MIN], "min", true, d, &min, &present))
			return;
		if (!value[0]) {
			msg(d, DIAG_ERROR, name, line, col, NULL,
			    "@grade: thiếu mã xếp loại ở cột title",
			    "@grade: the grade code is missing in the title column");
			return;
		}
		frm_add_grade(fw, value, min);
	} else {
		MSGF(d, DIAG_WARNING, name, table_line(t), table_field_column(t, idx[C_CODE]),
		     NULL, "dòng '@%s' không được dùng, bỏ qua",
		     "row '@%s' is not known, ignored", key);
	}
}

static void table_criterion_row(struct table *t, const int *idx, struct framework *fw,
                                const char *code, struct trow_vec *rows,
                                struct diags *d)
{
	struct arena *a = fw->arena;
	struct trow r;
	memset(&r, 0, sizeof r);
	r.n = frm_node_default();
	r.n.code = code;
	r.n.line = table_line(t);
	r.line = table_line(t);
	r.parent_row = -1;
	r.first_child = r.next_child = r.last_child = r.node = -1;
	field_text(t, idx[C_TITLE], "title", false, true, a, d, &r.n.title);
	field_text(t, idx[C_PARENT], "parent", false, true, a, d, &r.parent);
	r.parent_col = table_field_column(t, idx[C_PARENT]);
	bool present = false;
	field_number(t, idx[C_MAX], "max", false, d, &r.n.max, &r.n.has_max);
	field_number(t, idx[C_MIN], "min", false, d, &r.n.min, &present);
	field_number(t, idx[C_STEP], "step", false, d, &r.n.step, &r.n.has_step);
	static const char *const methods[] = {"assessed", "formula", "group", NULL};
	const char *m = "";
	if (field_enum(t, idx[C_METHOD], "method", false, methods, "", d, &m)) {
		if (strcasecmp(m, "assessed") == 0)
			r.n.method = FRM_METHOD_ASSESSED;
		else if (strcasecmp(m, "formula") == 0)
			r.n.method = FRM_METHOD_FORMULA;
		else if (strcasecmp(m, "group") == 0)
			r.n.method = FRM_METHOD_GROUP;
	}
	size_t flen = 0;
	const char *formula = table_field(t, idx[C_FORMULA], &flen);
	size_t fb = 0;
	while (fb < flen && (formula[fb] == ' ' || formula[fb] == '\t'))
		fb++;
	while (flen > fb && (formula[flen - 1] == ' ' || formula[flen - 1] == '\t'))
		flen--;
	if (flen > fb)
		r.n.formula_text = arena_strndup(a, formula + fb, flen - fb);
	const char *applies = "";
	field_text(t, idx[C_APPLIES], "applies_to", false, true, a, d, &applies);
	if (applies[0])
		r.n.applies_to = frm_split_kinds(a, applies, strlen(applies), &r.n.napplies);
	static const char *const evidences[] = {"required", "optional", "none", NULL};
	const char *e = "";
	if (field_enum(t, idx[C_EVIDENCE], "evidence", false, evidences, "optional", d, &e))
		r.n.evidence = strcasecmp(e, "required") == 0 ? FRM_EVIDENCE_REQUIRED
		             : strcasecmp(e, "none") == 0   ? FRM_EVIDENCE_NONE
		                                            : FRM_EVIDENCE_OPTIONAL;
	const char *x = "";
	field_text(t, idx[C_EXTRA], "extra", false, true, a, d, &x);
	static const char *const yes[] = {"true", "yes", "1", "x", "có", NULL};
	static const char *const no[] = {"", "false", "no", "0", "không", NULL};
	if (word_in(x, yes)) {
		r.n.extra = true;
	} else if (!word_in(x, no)) {
		MSGF(d, DIAG_ERROR, table_name(t), table_field_line(t, idx[C_EXTRA]),
		     table_field_column(t, idx[C_EXTRA]), code,
		     "extra: '%s' không hợp lệ (true/false, có/không)",
		     "extra: '%s' is not valid (true/false, yes/no)", x);
	}
	field_text(t, idx[C_PREVIOUS], "previous", false, true, a, d, &r.previous);
	VEC_PUSH(rows, r);
}

/* Adds the collected rows to fw in tree order. */
static void rows_to_framework(struct framework *fw, struct trow_vec *rows,
                              const char *name, struct diags *d)
{
	size_t n = rows->n;
	struct trow *v = rows->v;
	struct map codes;
	map_init(&codes);
	for (size_t i = 0; i < n; i++)
		if (v[i].n.code[0] && !map_gets(&codes, v[i].n.code))
			map_puts(&codes, v[i].n.code, (void *)(uintptr_t)(i + 1));
	for (size_t i = 0; i < n; i++) {
		if (!v[i].parent[0])
			continue;
		uintptr_t p = (uintptr_t)map_gets(&codes, v[i].parent);
		if (!p) {
			MSGF(d, DIAG_ERROR, name, v[i].line, v[i].parent_col, v[i].n.code,
			     "không có tiêu chí cha '%s'", "there is no parent criterion '%s'",
			     v[i].parent);
			v[i].orphan = true;
			continue;
		}
		v[i].parent_row = (int)p - 1;
	}
	/* children lists in row order */
	int first_root = -1, last_root = -1;
	for (size_t i = 0; i < n; i++) {
		if (v[i].orphan)
			continue;
		int p = v[i].parent_row;
		if (p < 0) {
			if (last_root < 0)
				first_root = (int)i;
			else
				v[last_root].next_child = (int)i;
			last_root = (int)i;
		} else {
			if (v[p].last_child < 0)
				v[p].first_child = (int)i;
			else
				v[v[p].last_child].next_child = (int)i;
			v[p].last_child = (int)i;
		}
	}
	/* pre-order walk; parents are added before children */
	int cur = first_root;
	while (cur >= 0) {
		int parent_node = v[cur].parent_row >= 0 ? v[v[cur].parent_row].node : -1;
		v[cur].node = frm_add_node(fw, parent_node, &v[cur].n);
		if (v[cur].node < 0) {
			MSGF(d, DIAG_ERROR, name, v[cur].line, 0, v[cur].n.code,
			     "quá %d tiêu chí", "more than %d criteria", FRM_MAX_NODES);
			break;
		}
		if (v[cur].previous[0] && strcmp(v[cur].previous, v[cur].n.code) != 0)
			frm_add_previous(fw, v[cur].n.code, v[cur].previous);
		if (v[cur].first_child >= 0) {
			cur = v[cur].first_child;
			continue;
		}
		while (cur >= 0 && v[cur].next_child < 0)
			cur = v[cur].parent_row;
		if (cur >= 0)
			cur = v[cur].next_child;
	}
	/* rows never reached sit on a parent cycle (or below an orphan) */
	for (size_t i = 0; i < n; i++) {
		if (v[i].node >= 0 || v[i].orphan)
			continue;
		bool below_orphan = false;
		int p = v[i].parent_row;
		for (size_t steps = 0; p >= 0 && steps < n; steps++) {
			if (v[p].orphan) {
				below_orphan = true;
				break;
			}
			p = v[p].parent_row;
		}
		if (!below_orphan)
			msg(d, DIAG_ERROR, name, v[i].line, v[i].parent_col, v[i].n.code,
			    "tiêu chí cha tạo thành vòng lặp (một tiêu chí là cha của chính nó)",
			    "the parent column makes a cycle (a criterion is its own ancestor)");
	}
	map_free(&codes);
}

static enum px_err read_table(struct table *t, const struct frm_header *over,
                              struct arena *a, struct framework **out,
                              struct diags *d, size_t errors_before)
{
	*out = NULL;
	int idx[C_COUNT];
	if (table_columns(t, table_cols, table_req, idx, d) != PX_OK)
		return PX_BADINPUT;
	struct framework *fw = frm_new(a);
	fw->source = arena_strdup(a, table_name(t));
	struct trow_vec rows = {0};
	int rc;
	for (rc = table_next(t, d); rc == 1; rc = table_next(t, d)) {
		const char *code = "";
		field_text(t, idx[C_CODE], "code", false, true, a, d, &code);
		if (code[0] == '@') {
			table_header_row(t, idx, fw, code + 1, d);
			continue;
		}
		if (!code[0]) {
			/* a row with nothing in it but spaces is skipped */
			bool blank = true;
			for (size_t k = 0; k < table_nfields(t) && blank; k++) {
				size_t len;
				const char *f = table_field(t, (int)k, &len);
				for (size_t j = 0; j < len; j++)
					if (f[j] != ' ' && f[j] != '\t')
						blank = false;
			}
			if (blank)
				continue;
		}
		table_criterion_row(t, idx, fw, code, &rows, d);
	}
	enum px_err e = PX_BADINPUT;
	if (rc < 0)
		goto out;
	rows_to_framework(fw, &rows, fw->source, d);
	apply_header(fw, over, d);
	e = finish(fw, errors_before, out, d);
out:
	VEC_FREE(&rows);
	return e;
}

enum px_err frm_read_table(const char *path, const struct frm_header *over,
                           struct arena *a, struct framework **out,
                           struct diags *d)
{
	*out = NULL;
	size_t errors_before = d->errors;
	struct table *t = NULL;
	enum px_err e = table_open(path, &t, d);
	if (e != PX_OK)
		return e;
	e = read_table(t, over, a, out, d, errors_before);
	table_close(t);
	return e;
}

enum px_err frm_read_table_mem(const char *name, const char *data, size_t len,
                               const struct frm_header *over, struct arena *a,
                               struct framework **out, struct diags *d)
{
	*out = NULL;
	size_t errors_before = d->errors;
	struct table *t = NULL;
	enum px_err e = table_open_mem(name, data, len, &t, d);
	if (e != PX_OK)
		return e;
	e = read_table(t, over, a, out, d, errors_before);
	table_close(t);
	return e;
}

enum px_err frm_read_file(const char *path, const struct frm_header *over,
                          struct arena *a, struct framework **out,
                          struct diags *d)
{
	*out = NULL;
	enum px_err e = PX_FAIL;
	char *buf = NULL;
	FILE *f = fopen(path, "rb");
	if (!f) {
		diag_add(d, DIAG_ERROR, path, 0, 0, NULL, "không mở được tệp: %s",
		         "cannot open the file: %s", strerror(errno));
		return PX_FAIL;
	}
	unsigned char head[64];
	size_t hn = fread(head, 1, sizeof head, f);
	size_t i = 0;
	if (hn >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF)
		i = 3;
	while (i < hn && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' ||
	                  head[i] == '\n'))
		i++;
	if (i >= hn || head[i] != '{') {
		fclose(f);
		return frm_read_table(path, over, a, out, d);
	}
	size_t cap = 1 << 16, len = 0;
	buf = xmalloc(cap);
	rewind(f);
	for (;;) {
		if (len == cap) {
			if (cap >= FRM_FILE_MAX + 1)
				break;
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		size_t got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		diag_add(d, DIAG_ERROR, path, 0, 0, NULL, "lỗi đọc tệp: %s",
		         "error reading the file: %s", strerror(errno));
		goto out;
	}
	size_t skip = (len >= 3 && (unsigned char)buf[0] == 0xEF &&
	               (unsigned char)buf[1] == 0xBB && (unsigned char)buf[2] == 0xBF) ? 3 : 0;
	size_t errors_before = d->errors;
	struct framework *fw = json_build(path, buf + skip, len - skip, a, d);
	e = PX_BADINPUT;
	if (fw) {
		apply_header(fw, over, d); /* command-line fields win over the file */
		e = finish(fw, errors_before, out, d);
	}
out:
	free(buf);
	fclose(f);
	return e;
}

/* ---- writer ----------------------------------------------------------- */

static void put_indent(struct str *o, int level)
{
	for (int i = 0; i < level; i++)
		str_add(o, "  ", 2);
}

static void put_string(struct str *o, const char *s)
{
	str_addc(o, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			str_add(o, "\\\"", 2);
			break;
		case '\\':
			str_add(o, "\\\\", 2);
			break;
		case '\n':
			str_add(o, "\\n", 2);
			break;
		case '\r':
			str_add(o, "\\r", 2);
			break;
		case '\t':
			str_add(o, "\\t", 2);
			break;
		case '\b':
			str_add(o, "\\b", 2);
			break;
		case '\f':
			str_add(o, "\\f", 2);
			break;
		default:
			if (*p < 0x20)
				str_printf(o, "\\u%04x", *p);
			else
				str_addc(o, (char)*p);
		}
	}
	str_addc(o, '"');
}

static void put_number(struct str *o, double x)
{
	char buf[32];
	formula_format_number(x, buf);
	str_adds(o, buf);
}

/* Starts a key at level: ",\n" before all but the first key. */
static void put_key(struct str *o, int level, bool *first, const char *key)
{
	str_adds(o, *first ? "\n" : ",\n");
	*first = false;
	put_indent(o, level);
	put_string(o, key);
	str_add(o, ": ", 2);
}

static void put_string_list(struct str *o, int level, const char *const *v, size_t n)
{
	if (n == 0) {
		str_add(o, "[]", 2);
		return;
	}
	str_addc(o, '[');
	for (size_t i = 0; i < n; i++) {
		str_adds(o, i ? ",\n" : "\n");
		put_indent(o, level + 1);
		put_string(o, v[i]);
	}
	str_addc(o, '\n');
	put_indent(o, level);
	str_addc(o, ']');
}

static void put_node(const struct framework *fw, int i, struct str *o, int level)
{
	const struct frm_node *n = &fw->nodes[i];
	bool first = true;
	put_indent(o, level);
	str_addc(o, '{');
	put_key(o, level + 1, &first, "code");
	put_string(o, n->code);
	put_key(o, level + 1, &first, "title");
	put_string(o, n->title);
	if (n->min != 0) {
		put_key(o, level + 1, &first, "min");
		put_number(o, n->min);
	}
	put_key(o, level + 1, &first, "max");
	put_number(o, n->max);
	if (n->napplies) {
		put_key(o, level + 1, &first, "applies_to");
		put_string_list(o, level + 1, n->applies_to, n->napplies);
	}
	if (n->nchildren == 0) {
		put_key(o, level + 1, &first, "method");
		put_string(o, n->method == FRM_METHOD_FORMULA ? "formula" : "assessed");
	}
	if (n->has_step) {
		put_key(o, level + 1, &first, "step");
		put_number(o, n->step);
	}
	if (n->formula_text) {
		put_key(o, level + 1, &first, "formula");
		put_string(o, n->formula_text);
	}
	/* evidence: always for assessed leaves (the only ones it concerns),
	 * elsewhere only when not the default */
	if (n->method == FRM_METHOD_ASSESSED || n->evidence != FRM_EVIDENCE_OPTIONAL) {
		put_key(o, level + 1, &first, "evidence");
		put_string(o, n->evidence == FRM_EVIDENCE_REQUIRED ? "required"
		              : n->evidence == FRM_EVIDENCE_NONE   ? "none"
		                                                   : "optional");
	}
	if (n->extra) {
		put_key(o, level + 1, &first, "extra");
		str_adds(o, "true");
	}
	if (n->nchildren > 0) {
		put_key(o, level + 1, &first, "children");
		str_addc(o, '[');
		for (int c = n->first_child; c >= 0; c = fw->nodes[c].next_sibling) {
			str_adds(o, c == n->first_child ? "\n" : ",\n");
			put_node(fw, c, o, level + 2);
		}
		str_addc(o, '\n');
		put_indent(o, level + 1);
		str_addc(o, ']');
	}
	str_addc(o, '\n');
	put_indent(o, level);
	str_addc(o, '}');
}

enum px_err frm_write_json(const struct framework *fw, struct str *o)
{
	if (!fw->finished)
		return PX_USAGE;
	bool first = true;
	str_addc(o, '{');
	put_key(o, 1, &first, "format");
	put_string(o, FRM_FORMAT);
	put_key(o, 1, &first, "code");
	put_string(o, fw->code);
	put_key(o, 1, &first, "title");
	put_string(o, fw->title);
	put_key(o, 1, &first, "year");
	str_printf(o, "%d", fw->year);
	put_key(o, 1, &first, "group");
	if (fw->ngroup == 1)
		put_string(o, fw->group[0]);
	else
		put_string_list(o, 1, fw->group, fw->ngroup);
	if (fw->unit) {
		put_key(o, 1, &first, "unit");
		put_string(o, fw->unit);
	}
	put_key(o, 1, &first, "rank_precision");
	str_printf(o, "%d", fw->rank_precision);
	if (fw->ngrades) {
		put_key(o, 1, &first, "grades");
		str_addc(o, '[');
		for (size_t i = 0; i < fw->ngrades; i++) {
			str_adds(o, i ? ",\n" : "\n");
			put_indent(o, 2);
			str_add(o, "{\n", 2);
			put_indent(o, 3);
			str_adds(o, "\"code\": ");
			put_string(o, fw->grades[i].code);
			str_add(o, ",\n", 2);
			put_indent(o, 3);
			str_adds(o, "\"min\": ");
			put_number(o, fw->grades[i].min);
			str_addc(o, '\n');
			put_indent(o, 2);
			str_addc(o, '}');
		}
		str_add(o, "\n  ]", 4);
	}
	if (fw->note) {
		put_key(o, 1, &first, "note");
		put_string(o, fw->note);
	}
	if (fw->previous) {
		put_key(o, 1, &first, "previous");
		put_string(o, fw->previous);
	}
	if (fw->nprevious_map) {
		put_key(o, 1, &first, "previous_map");
		str_addc(o, '{');
		for (size_t i = 0; i < fw->nprevious_map; i++) {
			str_adds(o, i ? ",\n" : "\n");
			put_indent(o, 2);
			put_string(o, fw->previous_map[i].code);
			str_add(o, ": ", 2);
			put_string(o, fw->previous_map[i].previous_code);
		}
		str_add(o, "\n  }", 4);
	}
	put_key(o, 1, &first, "criteria");
	str_addc(o, '[');
	for (size_t t = 0; t < fw->ntop; t++) {
		str_adds(o, t ? ",\n" : "\n");
		put_node(fw, fw->top[t], o, 2);
	}
	str_add(o, fw->ntop ? "\n  ]" : "]", fw->ntop ? 4 : 1);
	str_add(o, "\n}\n", 3);
	return PX_OK;
}
