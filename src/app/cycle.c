/*
 * The assessment cycle's use cases; see cycle.h. Each public function
 * loads what it needs (framework, cycle, unit, actor), checks who may act
 * and when, then writes in one transaction with its audit entries. Audit
 * keys of criterion values are "FRAMEWORK/UNIT/CRITERION", so the history
 * of a value is one query on the audit log.
 */
#include "app/cycle.h"
#include "base/clock.h"
#include "base/arena.h"
#include "base/datetime.h"
#include "base/mem.h"
#include "core/roles.h"
#include "io/sniff.h"
#include "store/repo_audit.h"
#include "store/repo_user.h"

#include <math.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int32_t app_today(void)
{
	return clock_today();
}

static const char *now_iso(struct arena *a)
{
	return clock_now_iso(a);
}

static const char *date_str(struct arena *a, int32_t d)
{
	if (d == DATE_MIN || d == DATE_MAX)
		return NULL;
	char buf[11];
	date_format(d, buf);
	return arena_strdup(a, buf);
}

static int32_t parse_date_or(const char *s, int32_t dflt)
{
	int32_t d;
	return s && *s && date_parse(s, strlen(s), &d) ? d : dflt;
}

static enum px_err deny(struct diags *d, const char *vi, const char *en)
{
	diag_text(d, DIAG_ERROR, NULL, 0, 0, NULL, vi, en);
	return PX_DENIED;
}

static enum px_err bad(struct diags *d, const char *vi, const char *en)
{
	diag_text(d, DIAG_ERROR, NULL, 0, 0, NULL, vi, en);
	return PX_BADINPUT;
}

static enum px_err db_error(struct app *app, struct diags *d)
{
	return app_commit(app, PX_FAIL, d);
}

static bool is_office(const struct actor *who)
{
	return role_has_cap(who->role, CAP_OFFICE);
}

static bool own_unit(const struct actor *who, const char *unit)
{
	return who->unit_code && !strcmp(who->unit_code, unit);
}

/* Everything most use cases need about one framework and unit. */
struct ctx {
	struct framework *fw;
	struct cycle_info cycle;
	bool has_cycle;
	struct unit_set units;
	const struct unit_rec *unit; /* NULL when no unit was asked for */
};

static void ctx_free(struct ctx *c)
{
	if (c->units.arena)
		unit_set_free(&c->units);
}

enum px_err app_cycle_get(struct app *app, const char *fw, struct cycle_info *out,
                          struct diags *d)
{
	struct cycle_row row;
	enum px_err e = repo_cycle_get(app->db, fw, app->arena, &row);
	if (e == PX_NOTFOUND) {
		diag_add(d, DIAG_ERROR, NULL, 0, 0, NULL, "bộ tiêu chí %s chưa mở kỳ đánh giá",
		         "framework %s has no assessment cycle open", fw);
		return e;
	}
	if (e != PX_OK)
		return db_error(app, d);
	memset(out, 0, sizeof *out);
	if (!cycle_phase_parse(row.phase, &out->phase))
		out->phase = PHASE_SELF;
	out->self_until = parse_date_or(row.self_until, DATE_MAX);
	out->appraisal_until = parse_date_or(row.appraisal_until, DATE_MAX);
	out->reply_until = parse_date_or(row.reply_until, DATE_MAX);
	out->quorum_pct = row.quorum_pct;
	out->opened_at = row.opened_at;
	out->opened_by = row.opened_by;
	out->approved_at = row.approved_at;
	out->approved_by = row.approved_by;
	return PX_OK;
}

static enum px_err ctx_load(struct app *app, const char *fw, const char *unit, bool need_cycle,
                            struct ctx *c, struct diags *d)
{
	memset(c, 0, sizeof *c);
	enum px_err e = app_framework_load(app, fw, d, &c->fw);
	if (e != PX_OK)
		return e;
	struct diags quiet;
	diags_init(&quiet);
	e = app_cycle_get(app, fw, &c->cycle, &quiet);
	c->has_cycle = e == PX_OK;
	if (need_cycle && e != PX_OK)
		for (size_t i = 0; i < quiet.n; i++)
			diag_text(d, DIAG_ERROR, NULL, 0, 0, NULL, quiet.v[i].vi, quiet.v[i].en);
	diags_free(&quiet);
	if (need_cycle && e != PX_OK)
		return e;
	e = app_register_load(app, &c->units);
	if (e != PX_OK)
		return db_error(app, d);
	if (unit) {
		long i = unit_set_find(&c->units, unit);
		if (i < 0 || !frm_in_group(c->fw, c->units.v[i].kind)) {
			diag_add(d, DIAG_ERROR, NULL, 0, 0, NULL,
			         "đơn vị %s không thuộc nhóm được đánh giá của %s",
			         "unit %s is not assessed by %s", unit, fw);
			return PX_NOTFOUND;
		}
		c->unit = &c->units.v[i];
	}
	return PX_OK;
}

/* The assessed leaf `criterion` applicable to the unit, or -1 (in d). */
static int assessed_node(struct ctx *c, const char *criterion, struct diags *d)
{
	int node = frm_find(c->fw, criterion);
	if (node < 0 || c->fw->nodes[node].method != FRM_METHOD_ASSESSED ||
	    !frm_applies(c->fw, node, c->unit->kind)) {
		diag_add(d, DIAG_ERROR, NULL, 0, 0, NULL,
		         "\"%s\" không phải tiêu chí chấm điểm áp dụng cho đơn vị %s",
		         "\"%s\" is not an assessed criterion that applies to unit %s", criterion,
		         c->unit->code);
		return -1;
	}
	return node;
}

/* The unit's stored score row for a criterion (zeroed when none). */
static enum px_err score_of(struct app *app, const char *fw, const char *unit,
                            const char *criterion, struct score_row *out)
{
	struct score_row *rows;
	size_t n;
	memset(out, 0, sizeof *out);
	out->unit = unit;
	out->criterion = criterion;
	out->note = "";
	enum px_err e = repo_score_list(app->db, fw, app->arena, &rows, &n);
	for (size_t i = 0; e == PX_OK && i < n; i++)
		if (!strcmp(rows[i].unit, unit) && !strcmp(rows[i].criterion, criterion))
			*out = rows[i];
	return e;
}

static enum px_err put_score(struct app *app, const char *fw, const struct score_row *s)
{
	bool had;
	struct score_row old;
	return repo_score_put(app->db, fw, s, app->actor, now_iso(app->arena), &had, &old,
	                      app->arena);
}

static char *key3(struct arena *a, const char *fw, const char *unit, const char *crit)
{
	return arena_printf(a, "%s/%s/%s", fw, unit, crit);
}

/* ---- opening, extending, advancing ---------------------------------- */

enum px_err app_cycle_open(struct app *app, const struct actor *who, const char *fw,
                           int32_t self_until, int32_t appraisal_until, int32_t reply_until,
                           double quorum_pct, struct diags *d)
{
	if (!is_office(who))
		return deny(d, "chỉ Văn phòng CCHC được mở kỳ đánh giá",
		            "only the PAR office may open a cycle");
	struct ctx c;
	enum px_err e = ctx_load(app, fw, NULL, false, &c, d);
	if (e != PX_OK)
		goto out;
	if (c.has_cycle) {
		e = bad(d, "kỳ đánh giá của bộ tiêu chí này đã mở", "this framework's cycle is already open");
		goto out;
	}
	if (self_until < app_today()) {
		e = bad(d, "hạn tự đánh giá đã qua", "the self-assessment deadline is in the past");
		goto out;
	}
	if ((appraisal_until != DATE_MAX && appraisal_until < self_until) ||
	    (reply_until != DATE_MAX && appraisal_until != DATE_MAX && reply_until < appraisal_until)) {
		e = bad(d, "các hạn phải theo thứ tự: tự đánh giá, thẩm định, phản hồi",
		        "deadlines must be in order: self-assessment, appraisal, reply");
		goto out;
	}
	if (!(quorum_pct >= 50 && quorum_pct < 100)) {
		e = bad(d, "tỷ lệ biểu quyết từ 50 đến dưới 100 (%)", "the quorum is 50 to below 100 (%)");
		goto out;
	}
	struct cycle_row row = {fw, cycle_phase_name(PHASE_SELF), date_str(app->arena, self_until),
	                        date_str(app->arena, appraisal_until),
	                        date_str(app->arena, reply_until), now_iso(app->arena), who->login,
	                        NULL, NULL, quorum_pct};
	e = db_begin(app->db);
	if (e == PX_OK)
		e = repo_cycle_insert(app->db, &row);
	if (e == PX_OK) {
		char *detail = arena_printf(app->arena,
		                            "{\"self_until\": \"%s\", \"appraisal_until\": %s%s%s, "
		                            "\"reply_until\": %s%s%s, \"quorum_pct\": %g}",
		                            row.self_until, row.appraisal_until ? "\"" : "",
		                            row.appraisal_until ? row.appraisal_until : "null",
		                            row.appraisal_until ? "\"" : "", row.reply_until ? "\"" : "",
		                            row.reply_until ? row.reply_until : "null",
		                            row.reply_until ? "\"" : "", quorum_pct);
		e = audit_append(app->db, app->actor, "open", "cycle", fw, detail);
	}
	e = app_commit(app, e, d);
out:
	ctx_free(&c);
	return e;
}

enum px_err app_cycle_extend(struct app *app, const struct actor *who, const char *fw,
                             const char *unit, int32_t until, const char *reason,
                             struct diags *d)
{
	if (!is_office(who))
		return deny(d, "chỉ Văn phòng CCHC được gia hạn", "only the PAR office may extend");
	struct ctx c;
	enum px_err e = ctx_load(app, fw, unit, true, &c, d);
	if (e != PX_OK)
		goto out;
	if (c.cycle.phase != PHASE_SELF) {
		e = bad(d, "chỉ gia hạn được trong giai đoạn tự đánh giá",
		        "extensions are only possible during self-assessment");
		goto out;
	}
	if (!reason || !*reason) {
		e = bad(d, "cần ghi lý do gia hạn", "an extension needs a reason");
		goto out;
	}
	if (until < app_today()) {
		e = bad(d, "ngày gia hạn đã qua", "the extension date is in the past");
		goto out;
	}
	const char *day = date_str(app->arena, until);
	e = db_begin(app->db);
	if (e == PX_OK)
		e = repo_extension_put(app->db, fw, unit, day, reason, now_iso(app->arena), who->login);
	if (e == PX_OK) {
		struct str s;
		str_init(&s, 0);
		str_printf(&s, "{\"until\": \"%s\", \"reason\": ", day);
		str_add_json(&s, reason);
		str_addc(&s, '}');
		e = audit_append(app->db, app->actor, "extend", "cycle",
		                 arena_printf(app->arena, "%s/%s", fw, unit), str_cstr(&s));
		str_free(&s);
	}
	e = app_commit(app, e, d);
out:
	ctx_free(&c);
	return e;
}

/* Units of the group that exist at the framework's year end, in code order. */
static size_t group_units(const struct ctx *c, struct arena *a, const struct unit_rec ***out)
{
	int32_t year_end = date_from_ymd(c->fw->year, 12, 31);
	const struct unit_rec **v = arena_array(a, c->units.n + 1, sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < c->units.n; i++)
		if (frm_in_group(c->fw, c->units.v[i].kind) && unit_active_on(&c->units.v[i], year_end))
			v[n++] = &c->units.v[i];
	for (size_t i = 1; i < n; i++) /* insertion sort by code: n is small */
		for (size_t k = i; k > 0 && strcmp(v[k - 1]->code, v[k]->code) > 0; k--) {
			const struct unit_rec *t = v[k];
			v[k] = v[k - 1];
			v[k - 1] = t;
		}
	*out = v;
	return n;
}

/* Score rows of the framework, indexed "unit\x1fcriterion". */
static enum px_err score_map(struct app *app, const char *fw, struct map *m)
{
	struct score_row *rows;
	size_t n;
	enum px_err e = repo_score_list(app->db, fw, app->arena, &rows, &n);
	map_init(m);
	for (size_t i = 0; e == PX_OK && i < n; i++)
		map_puts(m, arena_printf(app->arena, "%s\x1f%s", rows[i].unit, rows[i].criterion),
		         &rows[i]);
	return e;
}

static const struct score_row *score_in(struct app *app, struct map *m, const char *unit,
                                        const char *crit)
{
	return map_gets(m, arena_printf(app->arena, "%s\x1f%s", unit, crit));
}

enum px_err app_cycle_status(struct app *app, const char *fw, struct cycle_info *info,
                             struct unit_progress **rows, size_t *n, struct diags *d)
{
	struct ctx c;
	struct map scores = {0};
	enum px_err e = ctx_load(app, fw, NULL, true, &c, d);
	if (e != PX_OK)
		goto out;
	*info = c.cycle;
	const struct unit_rec **units;
	size_t nu = group_units(&c, app->arena, &units);
	if (score_map(app, fw, &scores) != PX_OK) {
		e = db_error(app, d);
		goto out;
	}
	struct reply_row *replies;
	size_t nrep;
	if (repo_reply_list(app->db, fw, NULL, app->arena, &replies, &nrep) != PX_OK) {
		e = db_error(app, d);
		goto out;
	}
	*rows = arena_array(app->arena, nu + 1, sizeof **rows);
	*n = nu;
	for (size_t i = 0; i < nu; i++) {
		struct unit_progress *p = &(*rows)[i];
		p->code = units[i]->code;
		p->name = units[i]->name;
		for (size_t k = 0; k < c.fw->nassessed; k++) {
			int node = c.fw->assessed[k];
			if (!frm_applies(c.fw, node, units[i]->kind))
				continue;
			p->total++;
			const struct score_row *s = score_in(app, &scores, p->code, c.fw->nodes[node].code);
			if (s && s->has_self)
				p->done++;
			if (s && s->has_appraised && (!s->has_self || s->appraised != s->self))
				p->adjusted++;
		}
		for (size_t k = 0; k < nrep; k++)
			p->replied += !strcmp(replies[k].unit, p->code);
		const char *ext;
		if (repo_submission_get(app->db, fw, p->code, app->arena, &p->submitted_at) != PX_OK ||
		    repo_extension_get(app->db, fw, p->code, app->arena, &ext) != PX_OK) {
			e = db_error(app, d);
			goto out;
		}
		p->extension = parse_date_or(ext, DATE_MIN);
	}
out:
	map_free(&scores);
	ctx_free(&c);
	return e;
}

enum px_err app_cycle_advance(struct app *app, const struct actor *who, const char *fw,
                              enum cycle_phase *now, long *version, struct diags *d)
{
	*version = 0;
	if (!is_office(who))
		return deny(d, "chỉ Văn phòng CCHC được chuyển giai đoạn",
		            "only the PAR office may advance the cycle");
	struct cycle_info info;
	struct unit_progress *rows;
	size_t n;
	enum px_err e = app_cycle_status(app, fw, &info, &rows, &n, d);
	if (e != PX_OK)
		return e;
	struct cycle_facts f = {.today = app_today(), .self_until = info.self_until,
	                        .latest_extension = DATE_MIN, .reply_until = info.reply_until,
	                        .units = (long)n};
	for (size_t i = 0; i < n; i++) {
		if (*rows[i].submitted_at)
			f.submitted++;
		if (rows[i].extension > f.latest_extension)
			f.latest_extension = rows[i].extension;
	}
	/* criteria of submitted units without a council value */
	struct map scores;
	struct ctx c;
	e = ctx_load(app, fw, NULL, true, &c, d);
	if (e == PX_OK && score_map(app, fw, &scores) == PX_OK) {
		for (size_t i = 0; i < n; i++) {
			if (!*rows[i].submitted_at)
				continue;
			const struct unit_rec *u = &c.units.v[unit_set_find(&c.units, rows[i].code)];
			for (size_t k = 0; k < c.fw->nassessed; k++) {
				int node = c.fw->assessed[k];
				if (!frm_applies(c.fw, node, u->kind))
					continue;
				const struct score_row *s =
					score_in(app, &scores, u->code, c.fw->nodes[node].code);
				if (!s || !s->has_appraised)
					f.criteria_without_council_value++;
			}
		}
		map_free(&scores);
	}
	struct reply_row *replies;
	size_t nrep;
	if (e == PX_OK && repo_reply_list(app->db, fw, NULL, app->arena, &replies, &nrep) == PX_OK)
		for (size_t i = 0; i < nrep; i++)
			f.replies_undecided += !replies[i].decision;
	ctx_free(&c);
	if (e != PX_OK)
		return e;
	const char *why_vi, *why_en;
	long count;
	if (!cycle_can_advance(info.phase, &f, &why_vi, &why_en, &count)) {
		char vi[512], en[512];
		snprintf(vi, sizeof vi, why_vi, count);
		snprintf(en, sizeof en, why_en, count);
		diag_text(d, DIAG_ERROR, NULL, 0, 0, NULL, vi, en);
		return PX_BADINPUT;
	}
	enum cycle_phase next = (enum cycle_phase)(info.phase + 1);
	if (next == PHASE_PUBLISHED) {
		struct publish_change *ch;
		size_t nch;
		e = app_publish(app, fw, d, version, &ch, &nch);
		if (e != PX_OK)
			return e;
	}
	e = db_begin(app->db);
	if (e == PX_OK)
		e = repo_cycle_set_phase(app->db, fw, cycle_phase_name(next),
		                         next == PHASE_APPROVED ? now_iso(app->arena) : NULL,
		                         next == PHASE_APPROVED ? who->login : NULL);
	if (e == PX_OK)
		e = audit_append(app->db, app->actor, "advance", "cycle", fw,
		                 arena_printf(app->arena, "{\"from\": \"%s\", \"to\": \"%s\"}",
		                              cycle_phase_name(info.phase), cycle_phase_name(next)));
	if (e == PX_OK)
		e = db_commit(app->db);
	if (e != PX_OK)
		return db_error(app, d);
	*now = next;
	return PX_OK;
}

enum px_err app_cycle_publish(struct app *app, const struct actor *who, const char *fw,
                              long *version, struct publish_change **changes, size_t *n,
                              struct diags *d)
{
	*n = 0;
	*changes = NULL;
	if (!is_office(who))
		return deny(d, "chỉ Văn phòng CCHC được công bố", "only the PAR office may publish");
	struct cycle_info info;
	struct diags quiet;
	diags_init(&quiet);
	enum px_err e = app_cycle_get(app, fw, &info, &quiet);
	diags_free(&quiet);
	if (e == PX_NOTFOUND || (e == PX_OK && info.phase == PHASE_PUBLISHED))
		return app_publish(app, fw, d, version, changes, n);
	if (e != PX_OK)
		return db_error(app, d);
	if (info.phase != PHASE_APPROVED)
		return bad(d, "kết quả chưa được phê duyệt; chưa thể công bố",
		           "the results are not approved yet; they cannot be published");
	enum cycle_phase now;
	return app_cycle_advance(app, who, fw, &now, version, d);
}

enum px_err app_appraiser_assign(struct app *app, const struct actor *who, const char *fw,
                                 const char *login, const char *unit, struct diags *d)
{
	if (!is_office(who))
		return deny(d, "chỉ Văn phòng CCHC được phân công thẩm định",
		            "only the PAR office may assign appraisers");
	struct ctx c;
	enum px_err e = ctx_load(app, fw, unit, true, &c, d);
	if (e != PX_OK)
		goto out;
	struct user_rec u;
	e = repo_user_get(app->db, app->arena, login, &u, NULL);
	if (e != PX_OK) {
		diag_add(d, DIAG_ERROR, NULL, 0, 0, NULL, "không có người dùng \"%s\"",
		         "no user \"%s\"", login);
		e = PX_NOTFOUND;
		goto out;
	}
	if (strcmp(u.role, "appraiser")) {
		e = bad(d, "người dùng này không phải thành viên hội đồng thẩm định (vai trò appraiser)",
		        "this user is not an appraisal council member (role appraiser)");
		goto out;
	}
	if (u.unit_code && !strcmp(u.unit_code, unit)) {
		e = bad(d, "không được thẩm định đơn vị của chính mình", "nobody appraises their own unit");
		goto out;
	}
	e = db_begin(app->db);
	if (e == PX_OK)
		e = repo_appraiser_put(app->db, fw, login, unit, now_iso(app->arena), who->login);
	if (e == PX_OK)
		e = audit_append(app->db, app->actor, "assign", "appraiser",
		                 arena_printf(app->arena, "%s/%s", fw, unit),
		                 arena_printf(app->arena, "{\"login\": \"%s\"}", login));
	e = app_commit(app, e, d);
out:
	ctx_free(&c);
	return e;
}

/* ---- self-assessment ------------------------------------------------ */

/* Whether who may change the unit's self-assessment now (else in d). */
static enum px_err may_self_assess(struct app *app, const struct actor *who, struct ctx *c,
                                   struct diags *d)
{
	if (!(own_unit(who, c->unit->code) && role_has_cap(who->role, CAP_REPORT)) &&
	    strcmp(who->role, "admin"))
		return deny(d, "chỉ đầu mối CCHC của đơn vị được tự đánh giá cho đơn vị mình",
		            "only the unit's own PAR focal point may self-assess it");
	if (!c->has_cycle)
		return bad(d, "bộ tiêu chí chưa mở kỳ đánh giá", "the framework has no open cycle");
	const char *sub, *ext;
	if (repo_submission_get(app->db, c->fw->code, c->unit->code, app->arena, &sub) != PX_OK ||
	    repo_extension_get(app->db, c->fw->code, c->unit->code, app->arena, &ext) != PX_OK)
		return db_error(app, d);
	if (*sub)
		return bad(d, "đơn vị đã nộp bản tự đánh giá; không sửa được nữa",
		           "the unit has submitted its self-assessment; it is locked");
	if (!cycle_self_open(c->cycle.phase, app_today(), c->cycle.self_until,
	                     parse_date_or(ext, DATE_MIN), false))
		return bad(d, "đã hết hạn tự đánh giá (hoặc không còn ở giai đoạn tự đánh giá)",
		           "the self-assessment is closed (deadline passed or phase over)");
	return PX_OK;
}

enum px_err app_self_score(struct app *app, const struct actor *who, const char *fw,
                           const char *unit, const char *criterion, bool has_self,
                           double self, const char *explanation, struct diags *d)
{
	struct ctx c;
	enum px_err e = ctx_load(app, fw, unit, true, &c, d);
	if (e == PX_OK)
		e = may_self_assess(app, who, &c, d);
	int node = e == PX_OK ? assessed_node(&c, criterion, d) : -1;
	if (e == PX_OK && node < 0)
		e = PX_BADINPUT;
	if (e == PX_OK && has_self && frm_check_points(c.fw, node, self, d) != PX_OK)
		e = PX_BADINPUT;
	if (e == PX_OK && explanation && strlen(explanation) > 20000)
		e = bad(d, "phần giải trình quá dài (tối đa 20000 byte)",
		        "the explanation is too long (at most 20000 bytes)");
	if (e != PX_OK)
		goto out;
	struct score_row s;
	if (score_of(app, fw, unit, criterion, &s) != PX_OK) {
		e = db_error(app, d);
		goto out;
	}
	s.has_self = has_self;
	s.self = self;
	e = db_begin(app->db);
	if (e == PX_OK)
		e = put_score(app, fw, &s);
	if (e == PX_OK && explanation)
		e = repo_note_put(app->db, fw, unit, criterion, explanation);
	if (e == PX_OK) {
		struct str det;
		str_init(&det, 0);
		str_adds(&det, "{\"self\": ");
		if (has_self)
			str_add_double(&det, self);
		else
			str_adds(&det, "null");
		if (explanation) {
			str_adds(&det, ", \"explanation\": ");
			str_add_json(&det, explanation);
		}
		str_addc(&det, '}');
		e = audit_append(app->db, app->actor, "self-assess", "assessment_score",
		                 key3(app->arena, fw, unit, criterion), str_cstr(&det));
		str_free(&det);
	}
	e = app_commit(app, e, d);
out:
	ctx_free(&c);
	return e;
}

static size_t evidence_limit(struct app *app)
{
	const char *v = repo_setting_get(app->db, app->arena, "evidence_max_bytes");
	char *end;
	long long n = v ? strtoll(v, &end, 10) : 0;
	return v && !*end && n > 0 ? (size_t)n : EVIDENCE_MAX_DEFAULT;
}

enum px_err app_evidence_add(struct app *app, const struct actor *who, const char *fw,
                             const char *unit, const char *criterion, const char *filename,
                             const void *data, size_t len, const char *doc_number,
                             const char *doc_date, int64_t *id, struct diags *d)
{
	struct ctx c;
	enum px_err e = ctx_load(app, fw, unit, true, &c, d);
	if (e == PX_OK)
		e = may_self_assess(app, who, &c, d);
	if (e == PX_OK && assessed_node(&c, criterion, d) < 0)
		e = PX_BADINPUT;
	if (e != PX_OK)
		goto out;
	size_t limit = evidence_limit(app);
	const char *type = sniff_document(data, len);
	int32_t day;
	if (len == 0) {
		e = bad(d, "tệp rỗng", "the file is empty");
	} else if (len > limit) {
		char vi[160], en[160];
		snprintf(vi, sizeof vi, "tệp quá lớn: %zu byte, tối đa %zu byte", len, limit);
		snprintf(en, sizeof en, "the file is too large: %zu bytes, at most %zu", len, limit);
		e = bad(d, vi, en);
	} else if (!type) {
		e = bad(d, "chỉ nhận PDF, Word, Excel, OpenDocument, JPEG, PNG (nhận biết theo nội dung tệp)",
		        "only PDF, Word, Excel, OpenDocument, JPEG and PNG are accepted (recognised "
		        "by content)");
	} else if (doc_date && *doc_date && !date_parse(doc_date, strlen(doc_date), &day)) {
		e = bad(d, "ngày văn bản không hợp lệ, cần YYYY-MM-DD",
		        "invalid document date, expected YYYY-MM-DD");
	} else if (doc_number && strlen(doc_number) > 200) {
		e = bad(d, "số hiệu văn bản quá dài", "the document number is too long");
	}
	if (e != PX_OK)
		goto out;
	if (sodium_init() < 0) {
		e = PX_FAIL;
		goto out;
	}
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, data, len);
	char sha[65];
	sodium_bin2hex(sha, sizeof sha, h, sizeof h);
	char safe[256];
	sniff_safe_filename(filename ? filename : "", safe, sizeof safe);
	const char *at = now_iso(app->arena);
	struct evidence_row row = {.framework = fw, .unit = unit, .criterion = criterion,
	                           .sha256 = sha, .filename = safe, .doc_number = doc_number,
	                           .doc_date = doc_date && *doc_date ? doc_date : NULL,
	                           .uploaded_at = at, .uploaded_by = who->login};
	e = db_begin(app->db);
	if (e == PX_OK)
		e = repo_blob_put(app->db, sha, type, data, len, at);
	if (e == PX_OK)
		e = repo_evidence_add(app->db, &row, id);
	if (e == PX_OK) {
		struct str det;
		str_init(&det, 0);
		str_printf(&det, "{\"id\": %lld, \"sha256\": \"%s\", \"type\": \"%s\", \"size\": %zu, "
		                 "\"filename\": ", (long long)*id, sha, type, len);
		str_add_json(&det, safe);
		str_adds(&det, ", \"doc_number\": ");
		str_add_json(&det, doc_number ? doc_number : "");
		str_addc(&det, '}');
		e = audit_append(app->db, app->actor, "upload", "evidence",
		                 key3(app->arena, fw, unit, criterion), str_cstr(&det));
		str_free(&det);
	}
	e = app_commit(app, e, d);
out:
	ctx_free(&c);
	return e;
}

/* Readers see all; a unit sees its own; an appraiser sees assigned units. */
static bool may_view(struct app *app, const struct actor *who, const char *fw, const char *unit)
{
	if (role_has_cap(who->role, CAP_READ) || own_unit(who, unit))
		return true;
	bool yes = false;
	return repo_appraiser_is(app->db, fw, who->login, unit, &yes) == PX_OK && yes;
}

enum px_err app_evidence_get(struct app *app, const struct actor *who, int64_t id,
                             struct evidence_row *row, const void **data, struct diags *d)
{
	enum px_err e = repo_evidence_get(app->db, id, app->arena, row, data);
	if (e == PX_NOTFOUND || (e == PX_OK && !may_view(app, who, row->framework, row->unit))) {
		diag_err(d, NULL, 0, 0, "không có tệp minh chứng này", "no such evidence file");
		return PX_NOTFOUND; /* do not tell others that it exists */
	}
	return e == PX_OK ? e : db_error(app, d);
}

enum px_err app_self_submit(struct app *app, const struct actor *who, const char *fw,
                            const char *unit, struct diags *d)
{
	struct ctx c;
	struct map scores = {0};
	enum px_err e = ctx_load(app, fw, unit, true, &c, d);
	if (e == PX_OK)
		e = may_self_assess(app, who, &c, d);
	if (e != PX_OK)
		goto out;
	if (score_map(app, fw, &scores) != PX_OK) {
		e = db_error(app, d);
		goto out;
	}
	struct evidence_row *ev;
	size_t nev;
	if (repo_evidence_list(app->db, fw, unit, NULL, app->arena, &ev, &nev) != PX_OK) {
		e = db_error(app, d);
		goto out;
	}
	for (size_t k = 0; k < c.fw->nassessed; k++) {
		int node = c.fw->assessed[k];
		const struct frm_node *n = &c.fw->nodes[node];
		if (!frm_applies(c.fw, node, c.unit->kind))
			continue;
		const struct score_row *s = score_in(app, &scores, unit, n->code);
		if (!s || !s->has_self) {
			diag_add(d, DIAG_ERROR, NULL, 0, 0, n->code, "chưa tự chấm điểm",
			         "no self-assessed points yet");
			continue;
		}
		if (n->evidence != FRM_EVIDENCE_REQUIRED)
			continue;
		bool has_file = false;
		for (size_t i = 0; i < nev && !has_file; i++)
			has_file = !strcmp(ev[i].criterion, n->code);
		const char *note;
		if (repo_note_get(app->db, fw, unit, n->code, app->arena, &note) != PX_OK) {
			e = db_error(app, d);
			goto out;
		}
		if (!has_file && !*note)
			diag_add(d, DIAG_ERROR, NULL, 0, 0, n->code,
			         "tiêu chí bắt buộc có minh chứng: cần tải tệp hoặc giải trình cách tính điểm",
			         "evidence is required: upload a file or explain in writing how the "
			         "score was computed");
	}
	if (d->errors) {
		e = PX_BADINPUT;
		goto out;
	}
	e = db_begin(app->db);
	if (e == PX_OK)
		e = repo_submission_put(app->db, fw, unit, now_iso(app->arena), who->login);
	if (e == PX_OK)
		e = audit_append(app->db, app->actor, "submit", "assessment",
		                 arena_printf(app->arena, "%s/%s", fw, unit), "{}");
	e = app_commit(app, e, d);
out:
	map_free(&scores);
	ctx_free(&c);
	return e;
}

/* ---- appraisal, replies, decisions ----------------------------------- */

/* Recomputes the council's value of a criterion from the proposals: the
 * value more than quorum_pct of the unit's assigned members proposed. */
static enum px_err council_value(struct app *app, struct ctx *c, const char *unit,
                                 const char *criterion)
{
	struct proposal_row *p;
	size_t n;
	long members;
	enum px_err e = repo_proposal_list(app->db, c->fw->code, unit, criterion, app->arena, &p, &n);
	if (e == PX_OK)
		e = repo_appraiser_count(app->db, c->fw->code, unit, &members);
	if (e != PX_OK)
		return e;
	long best = 0;
	size_t best_i = 0;
	for (size_t i = 0; i < n; i++) {
		long agree = 0;
		for (size_t k = 0; k < n; k++)
			agree += p[k].points == p[i].points;
		if (agree > best) {
			best = agree;
			best_i = i;
		}
	}
	struct score_row s;
	if ((e = score_of(app, c->fw->code, unit, criterion, &s)) != PX_OK)
		return e;
	if (best && cycle_quorum(best, members, c->cycle.quorum_pct)) {
		s.has_appraised = true;
		s.appraised = p[best_i].points;
		e = put_score(app, c->fw->code, &s);
		if (e == PX_OK)
			e = repo_reason_put(app->db, c->fw->code, unit, criterion, p[best_i].reason,
			                    p[best_i].login, best, members, now_iso(app->arena));
	} else if (s.has_appraised) {
		s.has_appraised = false;
		e = put_score(app, c->fw->code, &s);
	}
	return e;
}

enum px_err app_appraise(struct app *app, const struct actor *who, const char *fw,
                         const char *unit, const char *criterion, double points,
                         const char *reason, struct diags *d)
{
	struct ctx c;
	enum px_err e = ctx_load(app, fw, unit, true, &c, d);
	if (e != PX_OK)
		goto out;
	if (own_unit(who, unit)) {
		e = deny(d, "không được thẩm định đơn vị của chính mình", "nobody appraises their own unit");
		goto out;
	}
	bool assigned = false;
	if (repo_appraiser_is(app->db, fw, who->login, unit, &assigned) != PX_OK) {
		e = db_error(app, d);
		goto out;
	}
	if (!role_has_cap(who->role, CAP_APPRAISE) || !assigned) {
		e = deny(d, "chỉ thành viên hội đồng được phân công mới thẩm định đơn vị này",
		         "only a council member assigned to this unit may appraise it");
		goto out;
	}
	if (c.cycle.phase != PHASE_APPRAISAL) {
		e = bad(d, "không ở giai đoạn thẩm định", "the cycle is not in the appraisal phase");
		goto out;
	}
	int node = assessed_node(&c, criterion, d);
	if (node < 0 || frm_check_points(c.fw, node, points, d) != PX_OK) {
		e = PX_BADINPUT;
		goto out;
	}
	struct score_row s;
	if (score_of(app, fw, unit, criterion, &s) != PX_OK) {
		e = db_error(app, d);
		goto out;
	}
	if ((!s.has_self || s.self != points) && (!reason || !*reason)) {
		e = bad(d, "điểm thẩm định khác điểm tự chấm: phải ghi lý do",
		        "the appraised points differ from the self points: a reason is required");
		goto out;
	}
	struct proposal_row p = {unit, criterion, who->login, reason ? reason : "",
	                         now_iso(app->arena), points};
	e = db_begin(app->db);
	if (e == PX_OK)
		e = repo_proposal_put(app->db, fw, &p);
	if (e == PX_OK)
		e = council_value(app, &c, unit, criterion);
	if (e == PX_OK) {
		struct str det;
		str_init(&det, 0);
		str_adds(&det, "{\"proposed\": ");
		str_add_double(&det, points);
		str_adds(&det, ", \"reason\": ");
		str_add_json(&det, p.reason);
		str_addc(&det, '}');
		e = audit_append(app->db, app->actor, "appraise", "assessment_score",
		                 key3(app->arena, fw, unit, criterion), str_cstr(&det));
		str_free(&det);
	}
	e = app_commit(app, e, d);
out:
	ctx_free(&c);
	return e;
}

enum px_err app_reply(struct app *app, const struct actor *who, const char *fw,
                      const char *unit, const char *criterion, const char *text,
                      struct diags *d)
{
	struct ctx c;
	enum px_err e = ctx_load(app, fw, unit, true, &c, d);
	if (e != PX_OK)
		goto out;
	if (!(own_unit(who, unit) && role_has_cap(who->role, CAP_REPORT))) {
		e = deny(d, "chỉ đơn vị được thẩm định mới phản hồi", "only the appraised unit may reply");
		goto out;
	}
	if (c.cycle.phase != PHASE_REPLY || app_today() > c.cycle.reply_until) {
		e = bad(d, "không trong thời hạn phản hồi", "the reply window is not open");
		goto out;
	}
	if (assessed_node(&c, criterion, d) < 0) {
		e = PX_BADINPUT;
		goto out;
	}
	struct score_row s;
	if (score_of(app, fw, unit, criterion, &s) != PX_OK) {
		e = db_error(app, d);
		goto out;
	}
	if (!s.has_appraised || (s.has_self && s.appraised == s.self)) {
		e = bad(d, "tiêu chí này không bị điều chỉnh điểm", "this criterion was not adjusted");
		goto out;
	}
	if (!text || !*text || strlen(text) > 20000) {
		e = bad(d, "nội dung phản hồi trống hoặc quá dài", "the reply is empty or too long");
		goto out;
	}
	struct reply_row r = {.unit = unit, .criterion = criterion, .text = text,
	                      .replied_at = now_iso(app->arena), .replied_by = who->login};
	e = db_begin(app->db);
	if (e == PX_OK)
		e = repo_reply_put(app->db, fw, &r);
	if (e == PX_OK) {
		struct str det;
		str_init(&det, 0);
		str_adds(&det, "{\"reply\": ");
		str_add_json(&det, text);
		str_addc(&det, '}');
		e = audit_append(app->db, app->actor, "reply", "assessment_score",
		                 key3(app->arena, fw, unit, criterion), str_cstr(&det));
		str_free(&det);
	}
	e = app_commit(app, e, d);
out:
	ctx_free(&c);
	return e;
}

enum px_err app_reply_decide(struct app *app, const struct actor *who, const char *fw,
                             const char *unit, const char *criterion, bool accept,
                             bool has_points, double points, const char *reason,
                             struct diags *d)
{
	struct ctx c;
	enum px_err e = ctx_load(app, fw, unit, true, &c, d);
	if (e != PX_OK)
		goto out;
	if (!is_office(who)) {
		e = deny(d, "chỉ hội đồng (Văn phòng CCHC) quyết định về phản hồi",
		         "only the council (PAR office) decides on replies");
		goto out;
	}
	if (c.cycle.phase != PHASE_DECISION) {
		e = bad(d, "không ở giai đoạn hội đồng xem xét phản hồi",
		        "the cycle is not in the decision phase");
		goto out;
	}
	if (!reason || !*reason) {
		e = bad(d, "quyết định phải có lý do", "a decision needs a reason");
		goto out;
	}
	int node = assessed_node(&c, criterion, d);
	if (node < 0 || (accept && has_points && frm_check_points(c.fw, node, points, d) != PX_OK)) {
		e = PX_BADINPUT;
		goto out;
	}
	struct reply_row *reps;
	size_t nrep;
	bool found = false;
	if (repo_reply_list(app->db, fw, unit, app->arena, &reps, &nrep) != PX_OK) {
		e = db_error(app, d);
		goto out;
	}
	for (size_t i = 0; i < nrep; i++)
		found |= !strcmp(reps[i].criterion, criterion);
	if (!found) {
		e = bad(d, "không có phản hồi cho tiêu chí này", "there is no reply for this criterion");
		goto out;
	}
	struct score_row s;
	if (score_of(app, fw, unit, criterion, &s) != PX_OK) {
		e = db_error(app, d);
		goto out;
	}
	e = db_begin(app->db);
	if (e == PX_OK)
		e = repo_reply_decide(app->db, fw, unit, criterion, accept ? "accepted" : "rejected",
		                      reason, now_iso(app->arena), who->login);
	if (e == PX_OK && accept && has_points) {
		s.has_appraised = true;
		s.appraised = points;
		e = put_score(app, fw, &s);
		if (e == PX_OK)
			e = repo_reason_put(app->db, fw, unit, criterion, reason, who->login, 0, 0,
			                    now_iso(app->arena));
	}
	if (e == PX_OK) {
		struct str det;
		str_init(&det, 0);
		str_printf(&det, "{\"decision\": \"%s\", \"points\": ", accept ? "accepted" : "rejected");
		if (accept && has_points)
			str_add_double(&det, points);
		else
			str_adds(&det, "null");
		str_adds(&det, ", \"reason\": ");
		str_add_json(&det, reason);
		str_addc(&det, '}');
		e = audit_append(app->db, app->actor, "decide", "assessment_score",
		                 key3(app->arena, fw, unit, criterion), str_cstr(&det));
		str_free(&det);
	}
	e = app_commit(app, e, d);
out:
	ctx_free(&c);
	return e;
}

/* ---- reading ----------------------------------------------------------- */

enum px_err app_assessment_view(struct app *app, const struct actor *who, const char *fw,
                                const char *unit, struct assessment_view *out,
                                struct diags *d)
{
	struct ctx c;
	struct map scores = {0};
	memset(out, 0, sizeof *out);
	enum px_err e = ctx_load(app, fw, unit, false, &c, d);
	if (e != PX_OK)
		goto out;
	if (!may_view(app, who, fw, unit)) {
		e = deny(d, "bạn không được xem bản đánh giá của đơn vị này",
		         "you may not see this unit's assessment");
		goto out;
	}
	out->fw = c.fw;
	out->cycle = c.cycle;
	out->has_cycle = c.has_cycle;
	out->unit = c.unit->code;
	out->unit_name = c.unit->name;
	out->unit_kind = c.unit->kind;
	const char *ext;
	struct evidence_row *ev;
	struct proposal_row *props;
	struct reply_row *reps;
	size_t nev, nprops, nreps;
	if (score_map(app, fw, &scores) != PX_OK ||
	    repo_submission_get(app->db, fw, unit, app->arena, &out->submitted_at) != PX_OK ||
	    repo_extension_get(app->db, fw, unit, app->arena, &ext) != PX_OK ||
	    repo_evidence_list(app->db, fw, unit, NULL, app->arena, &ev, &nev) != PX_OK ||
	    repo_proposal_list(app->db, fw, unit, NULL, app->arena, &props, &nprops) != PX_OK ||
	    repo_reply_list(app->db, fw, unit, app->arena, &reps, &nreps) != PX_OK) {
		e = db_error(app, d);
		goto out;
	}
	out->extension = parse_date_or(ext, DATE_MIN);
	bool own = own_unit(who, unit) && role_has_cap(who->role, CAP_REPORT);
	bool assigned = false;
	repo_appraiser_is(app->db, fw, who->login, unit, &assigned);
	out->can_edit = c.has_cycle && own &&
	                cycle_self_open(c.cycle.phase, app_today(), c.cycle.self_until,
	                                out->extension, *out->submitted_at != 0);
	out->can_appraise = c.has_cycle && c.cycle.phase == PHASE_APPRAISAL && assigned &&
	                    !own_unit(who, unit) && role_has_cap(who->role, CAP_APPRAISE);
	out->can_reply = c.has_cycle && own && c.cycle.phase == PHASE_REPLY &&
	                 app_today() <= c.cycle.reply_until;
	out->can_decide = c.has_cycle && c.cycle.phase == PHASE_DECISION && is_office(who);
	out->items = arena_array(app->arena, c.fw->nnodes + 1, sizeof *out->items);
	for (size_t i = 0; i < c.fw->nnodes; i++) {
		struct assessment_item *it = &out->items[i];
		const struct frm_node *n = &c.fw->nodes[i];
		it->node = (int)i;
		it->applies = frm_applies(c.fw, (int)i, c.unit->kind);
		it->explanation = it->reason = "";
		if (n->method != FRM_METHOD_ASSESSED)
			continue;
		const struct score_row *s = score_in(app, &scores, unit, n->code);
		if (s) {
			it->has_self = s->has_self;
			it->self = s->self;
			it->has_appraised = s->has_appraised;
			it->appraised = s->appraised;
		}
		if (repo_note_get(app->db, fw, unit, n->code, app->arena, &it->explanation) != PX_OK ||
		    repo_reason_get(app->db, fw, unit, n->code, app->arena, &it->reason) != PX_OK) {
			e = db_error(app, d);
			goto out;
		}
		for (size_t k = 0; k < nev; k++)
			if (!strcmp(ev[k].criterion, n->code)) {
				if (!it->evidence)
					it->evidence = &ev[k];
				it->nevidence++;
			}
		for (size_t k = 0; k < nprops; k++)
			if (!strcmp(props[k].criterion, n->code)) {
				if (!it->proposals)
					it->proposals = &props[k];
				it->nproposals++;
			}
		for (size_t k = 0; k < nreps; k++)
			if (!strcmp(reps[k].criterion, n->code))
				it->reply = &reps[k];
	}
out:
	map_free(&scores);
	ctx_free(&c); /* out keeps strings, which live in app->arena */
	return e;
}

enum px_err app_criterion_history(struct app *app, const struct actor *who, const char *fw,
                                  const char *unit, const char *criterion,
                                  struct history_row **out, size_t *n, struct diags *d)
{
	if (!may_view(app, who, fw, unit))
		return deny(d, "bạn không được xem bản đánh giá của đơn vị này",
		            "you may not see this unit's assessment");
	if (repo_audit_history(app->db, key3(app->arena, fw, unit, criterion), app->arena, out, n) !=
	    PX_OK)
		return db_error(app, d);
	return PX_OK;
}

static void add_notice(struct app *app, struct notice **v, size_t *n, size_t *cap,
                       const char *fw, const char *unit, const char *vi, const char *en,
                       int32_t deadline)
{
	*v = arena_grow(app->arena, *v, cap, *n, sizeof **v);
	int32_t today = app_today();
	(*v)[(*n)++] = (struct notice){fw, unit, vi, en, deadline,
	                               deadline != DATE_MAX && deadline >= today &&
	                                       deadline - today <= 7};
}

enum px_err app_notices(struct app *app, const struct actor *who, struct notice **out,
                        size_t *n)
{
	const char **fws;
	size_t nfw, cap = 0;
	*out = NULL;
	*n = 0;
	if (repo_cycle_list(app->db, app->arena, &fws, &nfw) != PX_OK)
		return PX_FAIL;
	for (size_t i = 0; i < nfw; i++) {
		struct diags d;
		diags_init(&d);
		struct cycle_info info;
		struct unit_progress *rows;
		size_t nr;
		enum px_err e = app_cycle_status(app, fws[i], &info, &rows, &nr, &d);
		diags_free(&d);
		if (e != PX_OK)
			continue;
		long pending = 0, undecided = 0;
		for (size_t k = 0; k < nr; k++) {
			const struct unit_progress *p = &rows[k];
			pending += !*p->submitted_at;
			if (own_unit(who, p->code) && role_has_cap(who->role, CAP_REPORT)) {
				int32_t until = p->extension > info.self_until ? p->extension : info.self_until;
				if (info.phase == PHASE_SELF && !*p->submitted_at)
					add_notice(app, out, n, &cap, fws[i], p->code,
					           arena_printf(app->arena, "Tự đánh giá: đã chấm %ld/%ld tiêu chí",
					                        p->done, p->total),
					           arena_printf(app->arena, "Self-assessment: %ld of %ld criteria done",
					                        p->done, p->total),
					           until);
				if (info.phase == PHASE_REPLY && p->adjusted > p->replied)
					add_notice(app, out, n, &cap, fws[i], p->code,
					           arena_printf(app->arena, "%ld tiêu chí bị điều chỉnh điểm, có thể phản hồi",
					                        p->adjusted),
					           arena_printf(app->arena, "%ld adjusted criteria you may reply to",
					                        p->adjusted),
					           info.reply_until);
			}
			bool assigned = false;
			if (info.phase == PHASE_APPRAISAL && role_has_cap(who->role, CAP_APPRAISE) &&
			    repo_appraiser_is(app->db, fws[i], who->login, p->code, &assigned) == PX_OK &&
			    assigned)
				add_notice(app, out, n, &cap, fws[i], p->code,
				           arena_printf(app->arena, "Thẩm định đơn vị %s", p->name),
				           arena_printf(app->arena, "Appraise %s", p->name),
				           info.appraisal_until);
		}
		struct reply_row *reps;
		size_t nrep;
		if (repo_reply_list(app->db, fws[i], NULL, app->arena, &reps, &nrep) == PX_OK)
			for (size_t k = 0; k < nrep; k++)
				undecided += !reps[k].decision;
		if (is_office(who) && info.phase == PHASE_SELF && pending)
			add_notice(app, out, n, &cap, fws[i], NULL,
			           arena_printf(app->arena, "%ld đơn vị chưa nộp tự đánh giá", pending),
			           arena_printf(app->arena, "%ld units have not submitted", pending),
			           info.self_until);
		if (is_office(who) && info.phase == PHASE_DECISION && undecided)
			add_notice(app, out, n, &cap, fws[i], NULL,
			           arena_printf(app->arena, "%ld phản hồi chờ hội đồng quyết định", undecided),
			           arena_printf(app->arena, "%ld replies wait for the council", undecided),
			           DATE_MAX);
	}
	return PX_OK;
}
