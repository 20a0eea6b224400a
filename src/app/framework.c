/*
 * Framework use cases: check, import, load, and assessment score import.
 * A framework is stored as its canonical JSON (io/framework_io.c), so an
 * export is byte-identical to what was imported and re-importing it
 * changes nothing.
 */
#include "app/scoring.h"
#include "app/cycle.h"
#include "base/clock.h"
#include "base/arena.h"
#include "base/mem.h"
#include "base/vec.h"
#include "io/fields.h"
#include "io/table.h"
#include "store/repo_audit.h"
#include "store/repo_metric.h"
#include "store/repo_user.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void now_iso(char out[32])
{
	clock_iso(clock_now(), out);
}

/* Adds the warnings that need the database: kinds with no unit, metrics
 * with no value. */
static enum px_err check_known(struct app *app, const struct framework *fw, struct diags *d)
{
	struct unit_set s;
	enum px_err e = app_register_load(app, &s);
	if (e != PX_OK) {
		unit_set_free(&s);
		return e;
	}
	struct map seen;
	map_init(&seen);
	const char **kinds = arena_array(app->arena, s.n + 1, sizeof *kinds);
	size_t nk = 0;
	for (size_t i = 0; i < s.n; i++)
		if (!map_puts(&seen, s.v[i].kind, (void *)1))
			kinds[nk++] = s.v[i].kind;
	map_free(&seen);
	struct metric_def *defs;
	size_t nd;
	e = repo_metric_list(app->db, app->arena, &defs, &nd);
	if (e == PX_OK) {
		const char **metrics = arena_array(app->arena, nd + 1, sizeof *metrics);
		size_t nm = 0;
		for (size_t i = 0; i < nd; i++)
			if (defs[i].values > 0)
				metrics[nm++] = defs[i].code;
		frm_check_known(fw, kinds, nk, metrics, nm, d);
	}
	unit_set_free(&s);
	return e;
}

/* The owner unit ("unit") must be in the register: an error at the file
 * and the field. */
static enum px_err check_owner(struct app *app, const struct framework *fw, struct diags *d)
{
	if (!fw->unit || repo_user_unit_exists(app->db, fw->unit))
		return PX_OK;
	diag_add(d, DIAG_ERROR, fw->source, 0, 0, "unit", "không có đơn vị này: \"%s\"",
	         "unknown unit: \"%s\"", fw->unit);
	return PX_BADINPUT;
}

enum px_err app_framework_check(struct app *app, const char *path,
                                const struct frm_header *over, struct diags *d,
                                struct framework **out)
{
	enum px_err e = frm_read_file(path, over, app->arena, out, d);
	if (e != PX_OK)
		return e;
	if ((e = check_owner(app, *out, d)) != PX_OK) {
		*out = NULL;
		return e;
	}
	if (check_known(app, *out, d) != PX_OK) {
		diag_err(d, NULL, 0, 0, "lỗi CSDL: %s", "database error: %s", db_errmsg(app->db));
		return PX_FAIL;
	}
	return PX_OK;
}

/* The framework rule (app_may_manage_framework), inside the import's
 * transaction: for the framework as imported and, when the code is
 * already stored, for the stored one (a department cannot take over the
 * city's framework by importing a file with its code). */
static enum px_err may_import(struct app *app, const struct actor *who,
                             const struct framework *fw, struct diags *d)
{
	struct framework_row old;
	enum px_err e = repo_framework_get(app->db, fw->code, app->arena, &old);
	if (e != PX_OK && e != PX_NOTFOUND)
		return PX_FAIL;
	const char *owner = e == PX_OK && !app_may_manage_owner(who, old.unit) ? old.unit
	                    : !app_may_manage_framework(who, fw)             ? fw->unit
	                                                                    : "";
	if (owner && !*owner)
		return PX_OK;
	if (owner)
		diag_add(d, DIAG_ERROR, fw->source, 0, 0, "unit",
		         "bộ tiêu chí %s thuộc đơn vị %s: quyền Văn phòng CCHC của bạn không bao gồm đơn vị này",
		         "framework %s belongs to unit %s: your PAR office grants do not cover it",
		         fw->code, owner);
	else
		diag_add(d, DIAG_ERROR, fw->source, 0, 0, "unit",
		         "bộ tiêu chí %s là của thành phố: chỉ Văn phòng CCHC thành phố được nhập",
		         "framework %s is city-wide: only the city's PAR office may import it", fw->code);
	return PX_DENIED;
}

static enum px_err store(struct app *app, const struct actor *who, struct framework *fw,
                         struct diags *d, bool *changed)
{
	struct str body;
	str_init(&body, FRM_FILE_MAX);
	enum px_err e = frm_write_json(fw, &body);
	if (e == PX_OK && str_error(&body))
		e = PX_FAIL;
	struct str groups;
	str_init(&groups, 0);
	for (size_t i = 0; i < fw->ngroup; i++) {
		if (i)
			str_addc(&groups, ';');
		str_adds(&groups, fw->group[i]);
	}
	char now[32];
	now_iso(now);
	struct framework_row row = {fw->code, fw->title, str_cstr(&groups), str_cstr(&body), now,
	                            fw->unit, fw->year, 0};
	if (e == PX_OK)
		e = db_begin(app->db);
	if (e == PX_OK)
		e = may_import(app, who, fw, d);
	if (e == PX_OK)
		e = repo_framework_put(app->db, &row, changed);
	if (e == PX_OK && *changed) {
		struct str detail;
		str_init(&detail, 0);
		str_adds(&detail, "{\"title\": ");
		str_add_json(&detail, fw->title);
		str_printf(&detail, ", \"year\": %d, \"criteria\": %zu, \"bytes\": %zu", fw->year,
		           fw->nnodes, body.len);
		if (fw->unit) {
			str_adds(&detail, ", \"unit\": ");
			str_add_json(&detail, fw->unit);
		}
		str_addc(&detail, '}');
		e = audit_append(app->db, app->actor, "import", "framework", fw->code,
		                 str_cstr(&detail));
		str_free(&detail);
	}
	e = app_commit(app, e, d);
	str_free(&body);
	str_free(&groups);
	return e;
}

enum px_err app_framework_import(struct app *app, const struct actor *who, const char *path,
                                 const struct frm_header *over, struct diags *d,
                                 struct framework **out, bool *changed)
{
	*changed = false;
	enum px_err e = app_framework_check(app, path, over, d, out);
	return e == PX_OK ? store(app, who, *out, d, changed) : e;
}

enum px_err app_framework_import_json(struct app *app, const struct actor *who,
                                      const char *name, const char *data, size_t len,
                                      struct diags *d, struct framework **out, bool *changed)
{
	*changed = false;
	enum px_err e = frm_read_json(name, data, len, app->arena, out, d);
	if (e == PX_OK && (e = check_owner(app, *out, d)) != PX_OK)
		*out = NULL;
	return e == PX_OK ? store(app, who, *out, d, changed) : e;
}

bool app_framework_scopes(const struct framework *fw, const struct unit_set *s, size_t i)
{
	const struct unit_rec *u = &s->v[i];
	if (!frm_in_group(fw, u->kind))
		return false;
	if (!fw->unit)
		return true;
	int32_t day = date_from_ymd(fw->year, 12, 31);
	if (u->valid_to < day)
		day = u->valid_to;
	return register_within(s, i, fw->unit, day);
}

enum px_err app_framework_load(struct app *app, const char *code, struct diags *d,
                               struct framework **out)
{
	struct framework_row row;
	*out = NULL;
	enum px_err e = repo_framework_get(app->db, code, app->arena, &row);
	if (e == PX_NOTFOUND) {
		diag_add(d, DIAG_ERROR, NULL, 0, 0, NULL, "không có bộ tiêu chí mã \"%s\"",
		         "no framework with code \"%s\"", code);
		return e;
	}
	if (e != PX_OK) {
		diag_err(d, NULL, 0, 0, "lỗi CSDL: %s", "database error: %s", db_errmsg(app->db));
		return e;
	}
	char *name = arena_printf(app->arena, "framework %s", code);
	return frm_read_json(name, row.body, strlen(row.body), app->arena, out, d);
}

struct score_line {
	struct score_row row;
	int node;
	long line;
};

/* SHA-256 of the imported bytes (data, or the file at path), as hex. */
static void import_sha256(const char *path, const char *data, size_t len, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state st;
	out[0] = '\0';
	if (sodium_init() < 0)
		return;
	crypto_hash_sha256_init(&st);
	if (data) {
		crypto_hash_sha256_update(&st, (const unsigned char *)data, len);
	} else {
		FILE *f = fopen(path, "rb");
		unsigned char buf[65536];
		size_t n;
		if (!f)
			return;
		for (n = fread(buf, 1, sizeof buf, f); n > 0; n = fread(buf, 1, sizeof buf, f))
			crypto_hash_sha256_update(&st, buf, n);
		fclose(f);
	}
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(out, 65, h, sizeof h);
}

/* While a cycle is open (not yet published), an import writes only what
 * the cycle allows: self points of a unit that may still self-assess (the
 * unit's own rule, asked of assessment_machine as its focal point would
 * be), never the council's points (they come from the appraisal). Checked
 * inside the import's transaction; every refused row is in d. */
static void cycle_import_rules(struct app *app, const char *framework, struct table *t,
                               const int *col, const struct score_line *rows, size_t n,
                               struct diags *d)
{
	struct cycle_info info;
	struct diags quiet;
	diags_init(&quiet);
	enum px_err e = app_cycle_get(app, framework, &info, &quiet);
	diags_free(&quiet);
	if (e != PX_OK || info.phase == PHASE_PUBLISHED)
		return;
	struct map may_self; /* unit -> (void *)1 allowed, (void *)2 refused */
	map_init(&may_self);
	for (size_t i = 0; i < n; i++) {
		const struct score_row *s = &rows[i].row;
		if (s->has_appraised)
			diag_add(d, DIAG_ERROR, table_name(t), rows[i].line, col[3] + 1, NULL,
			         "kỳ đánh giá của %s đang mở: điểm thẩm định do hội đồng chấm trong kỳ, "
			         "không nhập từ tệp",
			         "the cycle of %s is open: the council's points come from the appraisal, "
			         "not from a file", framework);
		uintptr_t known = (uintptr_t)map_gets(&may_self, s->unit);
		if (!known) {
			struct actor focal = {"import", "reporter", s->unit};
			const char *verbs[16];
			size_t nv = wf_allowed(app, &assessment_machine, &focal,
			                       arena_printf(app->arena, "%s/%s", framework, s->unit),
			                       verbs, 16, NULL);
			known = wf_has(verbs, nv, "self-assess") ? 1 : 2;
			map_puts(&may_self, s->unit, (void *)known);
		}
		if (known == 2 && (s->has_self || (s->note && *s->note)))
			diag_add(d, DIAG_ERROR, table_name(t), rows[i].line, col[0] + 1, NULL,
			         "kỳ đánh giá của %s đang mở và đơn vị %s không còn được tự đánh giá "
			         "(đã nộp, hết hạn hoặc đã qua giai đoạn tự đánh giá)",
			         "the cycle of %s is open and unit %s may no longer self-assess "
			         "(submitted, past the deadline or past the self-assessment phase)",
			         framework, s->unit);
	}
	map_free(&may_self);
}

static enum px_err assessment_import(struct app *app, const char *path, const char *data,
                                     size_t len, const char *framework, struct diags *d,
                                     struct import_summary *sum)
{
	static const char *const names[] = {"unit_code", "criterion", "self", "appraised",
	                                    "note", NULL};
	static const bool req[] = {true, true, false, false, false};
	int col[5];
	struct arena *a = app->arena;
	struct framework *fw;
	struct table *t = NULL;
	struct unit_set units = {0};
	struct map seen;
	map_init(&seen);
	struct score_line *rows = NULL;
	size_t n = 0, cap = 0;
	memset(sum, 0, sizeof *sum);
	enum px_err e = app_framework_load(app, framework, d, &fw);
	if (e != PX_OK)
		goto out;
	e = data ? table_open_mem(path, data, len, &t, d) : table_open(path, &t, d);
	if (e != PX_OK)
		goto out;
	e = table_columns(t, names, req, col, d);
	if (e != PX_OK)
		goto out;
	e = app_register_load(app, &units);
	if (e != PX_OK)
		goto out;
	int r;
	for (r = table_next(t, d); r == 1; r = table_next(t, d)) {
		struct score_line s = {0};
		const char *crit;
		bool ok = true;
		ok &= field_code(t, col[0], "unit_code", true, a, d, &s.row.unit);
		ok &= field_text(t, col[1], "criterion", true, false, a, d, &crit);
		ok &= field_number(t, col[2], "self", false, d, &s.row.self, &s.row.has_self);
		ok &= field_number(t, col[3], "appraised", false, d, &s.row.appraised,
		                   &s.row.has_appraised);
		ok &= field_text(t, col[4], "note", false, true, a, d, &s.row.note);
		s.line = table_line(t);
		s.row.criterion = crit;
		if (!ok)
			continue;
		long ui = unit_set_find(&units, s.row.unit);
		if (ui < 0) {
			diag_add(d, DIAG_ERROR, table_name(t), s.line, col[0] + 1, NULL,
			         "không có đơn vị mã \"%s\" trong danh mục",
			         "no unit with code \"%s\" in the register", s.row.unit);
			continue;
		}
		const char *kind = units.v[ui].kind;
		if (!app_framework_scopes(fw, &units, (size_t)ui) && frm_in_group(fw, kind)) {
			diag_add(d, DIAG_ERROR, table_name(t), s.line, col[0] + 1, NULL,
			         "đơn vị %s không thuộc đơn vị %s, chủ quản của bộ tiêu chí %s",
			         "unit %s is not under unit %s, the owner of framework %s", s.row.unit,
			         fw->unit, framework);
			continue;
		}
		s.node = frm_find(fw, crit);
		if (s.node < 0 || fw->nodes[s.node].method != FRM_METHOD_ASSESSED) {
			diag_add(d, DIAG_ERROR, table_name(t), s.line, col[1] + 1, NULL,
			         s.node < 0 ? "bộ tiêu chí %s không có tiêu chí \"%s\""
			                    : "bộ tiêu chí %s: tiêu chí \"%s\" không phải tiêu chí chấm điểm",
			         s.node < 0 ? "framework %s has no criterion \"%s\""
			                    : "framework %s: criterion \"%s\" is not an assessed criterion",
			         framework, crit);
			continue;
		}
		if (!frm_in_group(fw, kind) || !frm_applies(fw, s.node, kind)) {
			diag_add(d, DIAG_ERROR, table_name(t), s.line, col[1] + 1, NULL,
			         "tiêu chí %s không áp dụng cho đơn vị %s (loại %s)",
			         "criterion %s does not apply to unit %s (kind %s)", crit, s.row.unit,
			         kind);
			continue;
		}
		/* range and step, reported at the cell */
		for (int k = 0; k < 2; k++) {
			bool has = k ? s.row.has_appraised : s.row.has_self;
			double v = k ? s.row.appraised : s.row.self;
			if (!has)
				continue;
			struct diags one;
			diags_init(&one);
			if (frm_check_points(fw, s.node, v, &one) != PX_OK) {
				for (size_t i = 0; i < one.n; i++)
					diag_text(d, DIAG_ERROR, table_name(t), s.line, col[2 + k] + 1, NULL,
					          one.v[i].vi, one.v[i].en);
				ok = false;
			}
			diags_free(&one);
		}
		if (!ok)
			continue;
		char *key = arena_printf(a, "%s\x1f%s", s.row.unit, crit);
		uintptr_t first = (uintptr_t)map_gets(&seen, key);
		if (first) {
			diag_add(d, DIAG_ERROR, table_name(t), s.line, col[0] + 1, NULL,
			         "điểm lặp lại cho đơn vị %s, tiêu chí %s (đã có ở dòng %lu)",
			         "repeated points for unit %s, criterion %s (first on line %lu)",
			         s.row.unit, crit, (unsigned long)first);
			continue;
		}
		map_puts(&seen, key, (void *)(uintptr_t)s.line);
		VEC_ADD(rows, cap, n, s);
	}
	char now[32];
	now_iso(now);
	e = app_import_begin(app, r, n, d, sum);
	if (e == PX_BADINPUT)
		goto out;
	if (e == PX_OK) {
		cycle_import_rules(app, framework, t, col, rows, n, d);
		if (d->errors)
			e = PX_BADINPUT;
	}
	for (size_t i = 0; i < n && e == PX_OK; i++) {
		bool had;
		struct score_row old;
		e = repo_score_put(app->db, framework, &rows[i].row, app->actor, now, &had, &old, a);
		if (e != PX_OK)
			break;
		const struct score_row *s = &rows[i].row;
		if (had && old.has_self == s->has_self && old.has_appraised == s->has_appraised &&
		    (!s->has_self || old.self == s->self) &&
		    (!s->has_appraised || old.appraised == s->appraised) &&
		    !strcmp(old.note, s->note ? s->note : "")) {
			sum->unchanged++;
			continue;
		}
		struct str detail;
		str_init(&detail, 0);
		str_adds(&detail, "{\"self\": ");
		if (s->has_self)
			str_add_double(&detail, s->self);
		else
			str_adds(&detail, "null");
		str_adds(&detail, ", \"appraised\": ");
		if (s->has_appraised)
			str_add_double(&detail, s->appraised);
		else
			str_adds(&detail, "null");
		if (had) {
			str_adds(&detail, ", \"old_self\": ");
			if (old.has_self)
				str_add_double(&detail, old.self);
			else
				str_adds(&detail, "null");
			str_adds(&detail, ", \"old_appraised\": ");
			if (old.has_appraised)
				str_add_double(&detail, old.appraised);
			else
				str_adds(&detail, "null");
		}
		str_adds(&detail, ", \"note\": ");
		str_add_json(&detail, s->note ? s->note : "");
		str_addc(&detail, '}');
		char *key = arena_printf(a, "%s/%s/%s", framework, s->unit, s->criterion);
		e = app_import_audit(app, !had, "assessment_score", key, &detail, sum);
	}
	if (e == PX_OK) {
		/* the import itself: who loaded which file, and how much of it */
		char sha[65];
		import_sha256(path, data, len, sha);
		struct str det;
		str_init(&det, 0);
		str_adds(&det, "{\"file\": ");
		str_add_json(&det, path);
		str_printf(&det, ", \"sha256\": \"%s\", \"rows\": %zu, \"inserted\": %ld, "
		                 "\"updated\": %ld, \"unchanged\": %ld}",
		           sha, n, sum->inserted, sum->updated, sum->unchanged);
		e = audit_append(app->db, app->actor, "import", "assessment", framework, str_cstr(&det));
		str_free(&det);
	}
	e = app_commit(app, e, d);
out:
	free(rows);
	map_free(&seen);
	if (units.arena)
		unit_set_free(&units);
	table_close(t);
	return e;
}

enum px_err app_assessment_import(struct app *app, const char *path, const char *framework,
                                  struct diags *d, struct import_summary *sum)
{
	return assessment_import(app, path, NULL, 0, framework, d, sum);
}

enum px_err app_assessment_import_mem(struct app *app, const char *name, const char *data,
                                      size_t len, const char *framework, struct diags *d,
                                      struct import_summary *sum)
{
	return assessment_import(app, name, data, len, framework, d, sum);
}
