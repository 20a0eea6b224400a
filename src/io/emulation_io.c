/*
 * Emulation files; see emulation_io.h. JSON is read with jansson
 * (duplicate keys rejected) and walked by hand so that every wrong field
 * is named by its path; an unknown key is an error (a typo must not drop
 * a condition silently).
 */
#include "io/emulation_io.h"
#include "base/arena.h"
#include "base/datetime.h"
#include "base/map.h"
#include "base/vec.h"
#include "core/evaluation.h"
#include "io/fields.h"
#include "io/rules_json.h"
#include "io/table.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct jctx {
	const char *file;
	struct arena *a;
	struct diags *d;
	int depth;
};

static void jerr(struct jctx *c, const char *where, const char *vi, const char *en)
{
	rules_json_err(c->d, c->file, where, vi, en);
}

static void only_keys(struct jctx *c, json_t *o, const char *where, const char *const *allowed)
{
	rules_json_only_keys(c->d, c->file, o, where, allowed);
}

static bool is_code(const char *s)
{
	return rules_json_is_code(s);
}

static const char *jcode_v(struct jctx *c, json_t *v, const char *w)
{
	if (!json_is_string(v) || !is_code(json_string_value(v))) {
		jerr(c, w, "cần một mã (chữ, số, - _ .)", "a code is needed (letters, digits, - _ .)");
		return NULL;
	}
	return arena_strdup(c->a, json_string_value(v));
}

/* A number in [lo, hi] at v, scaled by scale (rounded). */
static bool jscaled(struct jctx *c, json_t *v, const char *w, double lo, double hi,
                    double scale, long *out)
{
	double x = json_is_number(v) ? json_number_value(v) : NAN;
	if (!(x >= lo && x <= hi)) {
		char vi[160], en[160];
		snprintf(vi, sizeof vi, "cần một số từ %g đến %g", lo, hi);
		snprintf(en, sizeof en, "a number from %g to %g is needed", lo, hi);
		jerr(c, w, vi, en);
		return false;
	}
	*out = lround(x * scale);
	return true;
}

static int jword(struct jctx *c, json_t *v, const char *w, const char *const *words,
                 const char *vi, const char *en)
{
	const char *s = json_is_string(v) ? json_string_value(v) : NULL;
	for (int i = 0; s && words[i]; i++)
		if (!strcmp(words[i], s))
			return i;
	jerr(c, w, vi, en);
	return -1;
}

static int jlevel(struct jctx *c, json_t *v, const char *w)
{
	int l = jword(c, v, w, eval_level_names, "cần excellent, good, completed hoặc not_completed",
	              "excellent, good, completed or not_completed is needed");
	if (l == EVAL_NOT_RATED) {
		jerr(c, w, "cần excellent, good, completed hoặc not_completed",
		     "excellent, good, completed or not_completed is needed");
		return -1;
	}
	return l;
}

static void read_cond(struct jctx *c, json_t *o, const char *w, struct emu_cond *e);

static void read_conds(struct jctx *c, json_t *arr, const char *w, struct emu_cond **out,
                       size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!json_is_array(arr) || json_array_size(arr) > 32) {
		jerr(c, w, "cần một mảng điều kiện (tối đa 32)", "an array of conditions is needed (32 at most)");
		return;
	}
	if (++c->depth > 8) {
		jerr(c, w, "điều kiện lồng quá sâu", "conditions nested too deeply");
		c->depth--;
		return;
	}
	*n = json_array_size(arr);
	*out = arena_array(c->a, *n ? *n : 1, sizeof **out);
	for (size_t i = 0; i < *n; i++)
		read_cond(c, json_array_get(arr, i), arena_printf(c->a, "%s[%zu]", w, i), &(*out)[i]);
	c->depth--;
}

static void read_cond(struct jctx *c, json_t *o, const char *w, struct emu_cond *e)
{
	memset(e, 0, sizeof *e);
	if (!json_is_object(o) || json_object_size(o) != 1) {
		jerr(c, w, "cần một đối tượng có đúng một điều kiện", "an object with exactly one condition is needed");
		return;
	}
	const char *k = json_object_iter_key(json_object_iter(o));
	json_t *v = json_object_iter_value(json_object_iter(o));
	const char *wk = arena_printf(c->a, "%s.%s", w, k);
	if (!strcmp(k, "level") || !strcmp(k, "level_at_least")) {
		e->kind = !strcmp(k, "level") ? EC_LEVEL : EC_LEVEL_AT_LEAST;
		e->level = jlevel(c, v, wk);
	} else if (!strcmp(k, "not_disciplined") || !strcmp(k, "registered")) {
		e->kind = !strcmp(k, "registered") ? EC_REGISTERED : EC_NOT_DISCIPLINED;
		if (!json_is_true(v))
			jerr(c, wk, "cần true", "true is needed");
	} else if (!strcmp(k, "title")) {
		e->kind = EC_TITLE;
		e->title = jcode_v(c, v, wk);
	} else if (!strcmp(k, "consecutive")) {
		static const char *const keys[] = {"title", "years", NULL};
		e->kind = EC_CONSECUTIVE;
		if (!json_is_object(v)) {
			jerr(c, wk, "cần {\"title\", \"years\"}", "{\"title\", \"years\"} is needed");
			return;
		}
		only_keys(c, v, wk, keys);
		e->title = jcode_v(c, json_object_get(v, "title"), arena_printf(c->a, "%s.title", wk));
		json_t *y = json_object_get(v, "years");
		if (!json_is_integer(y) || json_integer_value(y) < 1 || json_integer_value(y) > 20)
			jerr(c, arena_printf(c->a, "%s.years", wk), "cần số năm từ 1 đến 20",
			     "a number of years from 1 to 20 is needed");
		else
			e->years = (long)json_integer_value(y);
	} else if (!strcmp(k, "initiative_at_least")) {
		e->kind = EC_INITIATIVE_AT_LEAST;
		e->ilevel = jword(c, v, wk, emu_init_levels, "cần grassroots, province hoặc national",
		                  "grassroots, province or national is needed");
	} else if (!strcmp(k, "members_with_title_share") || !strcmp(k, "members_with_title")) {
		bool sh = !strcmp(k, "members_with_title_share");
		static const char *const keys[] = {"title", "min", NULL};
		e->kind = sh ? EC_MEMBERS_TITLE_SHARE : EC_MEMBERS_WITH_TITLE;
		if (!json_is_object(v)) {
			jerr(c, wk, "cần {\"title\", \"min\"}", "{\"title\", \"min\"} is needed");
			return;
		}
		only_keys(c, v, wk, keys);
		e->title = jcode_v(c, json_object_get(v, "title"), arena_printf(c->a, "%s.title", wk));
		const char *wm = arena_printf(c->a, "%s.min", wk);
		if (sh)
			jscaled(c, json_object_get(v, "min"), wm, 0, 1, 1e6, &e->min_ppm);
		else
			jscaled(c, json_object_get(v, "min"), wm, 0, 100000, 1, &e->min_count);
	} else if (!strcmp(k, "members_level_share")) {
		static const char *const keys[] = {"level_at_least", "min", NULL};
		e->kind = EC_MEMBERS_LEVEL_SHARE;
		if (!json_is_object(v)) {
			jerr(c, wk, "cần {\"level_at_least\", \"min\"}", "{\"level_at_least\", \"min\"} is needed");
			return;
		}
		only_keys(c, v, wk, keys);
		e->level = jlevel(c, json_object_get(v, "level_at_least"),
		                  arena_printf(c->a, "%s.level_at_least", wk));
		jscaled(c, json_object_get(v, "min"), arena_printf(c->a, "%s.min", wk), 0, 1, 1e6,
		        &e->min_ppm);
	} else if (!strcmp(k, "no_member_disciplined_at_least")) {
		e->kind = EC_NO_MEMBER_DISC;
		e->form = jword(c, v, wk, emu_disc_forms,
		                "cần reprimand, warning, demotion hoặc dismissal",
		                "reprimand, warning, demotion or dismissal is needed");
		if (e->form < 0)
			e->form = 0;
	} else if (!strcmp(k, "par_rank_at_most")) {
		e->kind = EC_PAR_RANK_AT_MOST;
		jscaled(c, v, wk, 1, 100000, 1, &e->rank);
	} else if (!strcmp(k, "par_index_gain_at_least")) {
		e->kind = EC_PAR_GAIN_AT_LEAST;
		jscaled(c, v, wk, -1000, 1000, 1000, &e->gain_milli);
	} else if (!strcmp(k, "any")) {
		e->kind = EC_ANY;
		read_conds(c, v, wk, &e->sub, &e->nsub);
		if (e->nsub == 0 && json_is_array(v))
			jerr(c, wk, "cần ít nhất một điều kiện", "at least one condition is needed");
	} else {
		char vi[200], en[200];
		snprintf(vi, sizeof vi, "điều kiện không biết: \"%.80s\"", k);
		snprintf(en, sizeof en, "unknown condition: \"%.80s\"", k);
		jerr(c, w, vi, en);
	}
}

/* Every title named by a title/consecutive/members condition exists; a
 * "title" condition names an earlier title (file order). */
static void check_refs(struct jctx *c, const struct emu_rules *r, size_t t,
                       const struct emu_cond *v, size_t n, const char *w)
{
	for (size_t i = 0; i < n; i++) {
		const struct emu_cond *e = &v[i];
		const char *wi = arena_printf(c->a, "%s[%zu]", w, i);
		if (e->kind == EC_ANY) {
			check_refs(c, r, t, e->sub, e->nsub, arena_printf(c->a, "%s.any", wi));
			continue;
		}
		if (!e->title)
			continue;
		int k = emu_title_find(r, e->title);
		if (k < 0) {
			char vi[200], en[200];
			snprintf(vi, sizeof vi, "không có danh hiệu \"%.64s\" trong titles", e->title);
			snprintf(en, sizeof en, "no title \"%.64s\" in titles", e->title);
			jerr(c, wi, vi, en);
		} else if ((e->kind == EC_TITLE || e->kind == EC_CONSECUTIVE) && (size_t)k >= t) {
			jerr(c, wi, "danh hiệu này phải đứng trước trong titles",
			     "this title must come earlier in titles");
		} else if ((e->kind == EC_MEMBERS_TITLE_SHARE || e->kind == EC_MEMBERS_WITH_TITLE) &&
		           r->titles[k].collective) {
			jerr(c, wi, "cần một danh hiệu cá nhân", "an individual title is needed");
		}
	}
}

enum px_err emu_rules_parse(const char *name, const char *data, size_t len, struct arena *a,
                            struct diags *d, struct emu_rules *out)
{
	static const char *const keys[] = {"format", "code", "title", "note", "illustrative",
	                                   "unconfirmed", "valid_from", "valid_to", "base_salary",
	                                   "base_salary_from", "cash_rule", "titles", NULL};
	static const char *const tkeys[] = {"code", "for", "vote", "cash", "title", "when", "note",
	                                    "unconfirmed", NULL};
	memset(out, 0, sizeof *out);
	size_t before = d->errors;
	struct rules_head h;
	json_t *root = rules_json_open(name, data, len, EMU_FORMAT, keys, false, a, d, &h);
	if (!root)
		return PX_BADINPUT;
	struct jctx c = {name, a, d, 0};
	out->code = h.code;
	out->valid_from = h.valid_from;
	out->valid_to = h.valid_to;
	json_t *bs = json_object_get(root, "base_salary");
	if (!json_is_integer(bs) || json_integer_value(bs) < 1 || json_integer_value(bs) > 1000000000)
		jerr(&c, "base_salary", "cần mức lương cơ sở (đồng, số nguyên dương)",
		     "the base salary is needed (VND, a positive integer)");
	else
		out->base_salary = (long)json_integer_value(bs);
	json_t *cr = json_object_get(root, "cash_rule");
	static const char *const rules[] = {"highest", "sum", NULL};
	out->cash_highest = true;
	if (cr)
		out->cash_highest = jword(&c, cr, "cash_rule", rules, "cần \"highest\" hoặc \"sum\"",
		                          "\"highest\" or \"sum\" is needed") != 1;
	json_t *arr = json_object_get(root, "titles");
	if (!json_is_array(arr) || json_array_size(arr) == 0 ||
	    json_array_size(arr) > EMU_MAX_TITLES) {
		jerr(&c, "titles", "cần một mảng từ 1 đến 32 danh hiệu", "an array of 1 to 32 titles is needed");
		arr = NULL;
	}
	for (size_t i = 0; arr && i < json_array_size(arr); i++) {
		json_t *o = json_array_get(arr, i);
		const char *w = arena_printf(a, "titles[%zu]", i);
		struct emu_title *t = &out->titles[out->ntitles++];
		memset(t, 0, sizeof *t);
		if (!json_is_object(o)) {
			jerr(&c, w, "cần một đối tượng", "an object is needed");
			continue;
		}
		only_keys(&c, o, w, tkeys);
		t->code = jcode_v(&c, json_object_get(o, "code"), arena_printf(a, "%s.code", w));
		for (size_t j = 0; t->code && j + 1 < out->ntitles; j++)
			if (out->titles[j].code && !strcmp(out->titles[j].code, t->code))
				jerr(&c, arena_printf(a, "%s.code", w), "mã danh hiệu trùng", "duplicate title code");
		static const char *const fors[] = {"individual", "collective", NULL};
		t->collective = jword(&c, json_object_get(o, "for"), arena_printf(a, "%s.for", w), fors,
		                      "cần \"individual\" hoặc \"collective\"",
		                      "\"individual\" or \"collective\" is needed") == 1;
		jscaled(&c, json_object_get(o, "vote"), arena_printf(a, "%s.vote", w), 0, 1, 1e6,
		        &t->vote_ppm);
		jscaled(&c, json_object_get(o, "cash"), arena_printf(a, "%s.cash", w), 0, 1000, 1000,
		        &t->cash_milli);
		json_t *ti = json_object_get(o, "title");
		json_t *vi = json_is_object(ti) ? json_object_get(ti, "vi") : NULL;
		json_t *en = json_is_object(ti) ? json_object_get(ti, "en") : NULL;
		if (!json_is_string(vi) || !*json_string_value(vi) || !json_is_string(en)) {
			jerr(&c, arena_printf(a, "%s.title", w), "cần {\"vi\": ..., \"en\": ...}",
			     "{\"vi\": ..., \"en\": ...} is needed");
		} else {
			t->title_vi = arena_strdup(a, json_string_value(vi));
			t->title_en = arena_strdup(a, json_string_value(en));
		}
		read_conds(&c, json_object_get(o, "when"), arena_printf(a, "%s.when", w), &t->when,
		           &t->nwhen);
	}
	if (d->errors == before)
		for (size_t i = 0; i < out->ntitles; i++)
			check_refs(&c, out, i, out->titles[i].when, out->titles[i].nwhen,
			           arena_printf(a, "titles[%zu].when", i));
	json_decref(root);
	return d->errors > before ? PX_BADINPUT : PX_OK;
}

/* ---- the tables --------------------------------------------------------- */

enum px_err emu_initiatives_read(struct table *t, struct arena *a, struct diags *d,
                                 struct emu_initiative_row **rows, size_t *n)
{
	static const char *const names[] = {"code", "year", "staff_code", "title", "level",
	                                    "decision", "authors", "evidence", NULL};
	static const bool req[] = {true, true, true, true, true, true, false, false};
	int col[8];
	*rows = NULL;
	*n = 0;
	if (table_columns(t, names, req, col, d) != PX_OK)
		return PX_BADINPUT;
	struct VEC_OF(struct emu_initiative_row) v = {0};
	struct map seen;
	map_init(&seen);
	int rc;
	for (rc = table_next(t, d); rc == 1; rc = table_next(t, d)) {
		struct emu_initiative_row row = {0};
		row.line = table_line(t);
		row.col_staff = table_field_column(t, col[2]);
		int64_t y = 0;
		bool present, ok = field_code(t, col[0], "code", true, a, d, &row.code);
		ok &= field_int(t, col[1], "year", true, 2000, 2100, d, &y, &present);
		ok &= field_code(t, col[2], "staff_code", true, a, d, &row.staff);
		ok &= field_text(t, col[3], "title", true, true, a, d, &row.title);
		ok &= field_enum(t, col[4], "level", true, emu_init_levels, NULL, d, &row.level);
		ok &= field_text(t, col[5], "decision", true, true, a, d, &row.decision);
		const char *authors = "";
		ok &= field_text(t, col[6], "authors", false, true, a, d, &authors);
		ok &= field_text(t, col[7], "evidence", false, true, a, d, &row.evidence);
		row.col_authors = table_field_column(t, col[6]);
		row.authors = arena_array(a, strlen(authors) / 2 + 2, sizeof *row.authors);
		for (const char *p = authors; ok && *p;) {
			const char *semi = strchr(p, ';');
			size_t len = semi ? (size_t)(semi - p) : strlen(p);
			while (len && *p == ' ')
				p++, len--;
			while (len && p[len - 1] == ' ')
				len--;
			if (!len) {
				diag_add(d, DIAG_ERROR, table_name(t), row.line, row.col_authors, NULL,
				         "cột authors: mã cán bộ trống (các mã cách nhau bằng \";\")",
				         "column authors: an empty staff code (codes separated by \";\")");
				ok = false;
				break;
			}
			const char *code = arena_strndup(a, p, len);
			if (row.staff && strcmp(code, row.staff))
				row.authors[row.nauthors++] = code;
			if (!semi)
				break;
			p = semi + 1;
			if (!*p) { /* a trailing ";" */
				diag_add(d, DIAG_ERROR, table_name(t), row.line, row.col_authors, NULL,
				         "cột authors: mã cán bộ trống (các mã cách nhau bằng \";\")",
				         "column authors: an empty staff code (codes separated by \";\")");
				ok = false;
			}
		}
		row.year = (long)y;
		if (!ok)
			continue;
		uintptr_t first = (uintptr_t)map_gets(&seen, row.code);
		if (first) {
			diag_add(d, DIAG_ERROR, table_name(t), row.line, table_field_column(t, col[0]), NULL,
			         "cột code: \"%s\" đã có ở dòng %lu", "column code: \"%s\" already on line %lu",
			         row.code, (unsigned long)first);
			continue;
		}
		map_puts(&seen, row.code, (void *)(uintptr_t)row.line);
		VEC_PUSH(&v, row);
	}
	map_free(&seen);
	*n = v.n;
	*rows = arena_array(a, v.n ? v.n : 1, sizeof **rows);
	if (v.n)
		memcpy(*rows, v.v, v.n * sizeof **rows);
	VEC_FREE(&v);
	return rc < 0 || d->errors ? PX_BADINPUT : PX_OK;
}

enum px_err emu_awards_read(struct table *t, struct arena *a, struct diags *d,
                            struct emu_award_row **rows, size_t *n)
{
	static const char *const names[] = {"year", "candidate", "title", "decision", NULL};
	static const bool req[] = {true, true, true, true};
	int col[4];
	*rows = NULL;
	*n = 0;
	if (table_columns(t, names, req, col, d) != PX_OK)
		return PX_BADINPUT;
	struct VEC_OF(struct emu_award_row) v = {0};
	struct map seen;
	map_init(&seen);
	int rc;
	for (rc = table_next(t, d); rc == 1; rc = table_next(t, d)) {
		struct emu_award_row row = {0};
		row.line = table_line(t);
		row.col_candidate = table_field_column(t, col[1]);
		row.col_title = table_field_column(t, col[2]);
		int64_t y = 0;
		bool present, ok = field_int(t, col[0], "year", true, 1945, 2100, d, &y, &present);
		ok &= field_code(t, col[1], "candidate", true, a, d, &row.candidate);
		ok &= field_code(t, col[2], "title", true, a, d, &row.title);
		ok &= field_text(t, col[3], "decision", true, true, a, d, &row.decision);
		row.year = (long)y;
		if (!ok)
			continue;
		const char *key = arena_printf(a, "%ld\x1f%s\x1f%s", row.year, row.candidate, row.title);
		uintptr_t first = (uintptr_t)map_gets(&seen, key);
		if (first) {
			diag_add(d, DIAG_ERROR, table_name(t), row.line, row.col_candidate, NULL,
			         "cột candidate: \"%s\" %s năm %ld đã có ở dòng %lu",
			         "column candidate: \"%s\" %s in %ld already on line %lu", row.candidate,
			         row.title, row.year, (unsigned long)first);
			continue;
		}
		map_puts(&seen, key, (void *)(uintptr_t)row.line);
		VEC_PUSH(&v, row);
	}
	map_free(&seen);
	*n = v.n;
	*rows = arena_array(a, v.n ? v.n : 1, sizeof **rows);
	if (v.n)
		memcpy(*rows, v.v, v.n * sizeof **rows);
	VEC_FREE(&v);
	return rc < 0 || d->errors ? PX_BADINPUT : PX_OK;
}
