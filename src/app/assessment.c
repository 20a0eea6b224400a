/*
 * Each unit's assessment of a framework on the workflow mechanism
 * (cycle.h): draft -> submitted, and the actions that keep the state
 * (self-assess, upload, extend, assign, unassign, appraise, reply,
 * decide). Every rule of who, when and what is a row of assessment_rows
 * plus its guard (when) and effect (what, with the input); the page's
 * buttons come from wf_allowed over the same rows. Audit keys of
 * criterion values are "FRAMEWORK/UNIT/CRITERION", so the history of a
 * value is one query on the audit log.
 */
#include "app/cycle_impl.h"
#include "app/live_cache.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/datetime.h"
#include "core/number.h"
#include "io/sniff.h"
#include "store/repo_audit.h"
#include "app/user.h"
#include "store/repo_user.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const states[] = {"draft", "submitted", NULL};
static const char *const states_vi[] = {"đang soạn", "đã nộp", NULL};

struct item {
	struct cycle_ctx ctx;
	const char *fw, *unit;
	const char *submitted_at, *ext; /* "" when none */
};

static char *key3(struct arena *a, const char *fw, const char *unit, const char *crit)
{
	return arena_printf(a, "%s/%s/%s", fw, unit, crit);
}

static enum px_err item_prepare(struct wf_ctx *c, const char *key)
{
	struct app *app = c->app;
	struct item *it = arena_alloc(app->arena, sizeof *it);
	memset(it, 0, sizeof *it);
	c->data = it;
	const char *slash = strchr(key, '/');
	if (!slash) {
		diag_err(c->d, NULL, 0, 0, "không tìm thấy", "not found");
		return PX_NOTFOUND;
	}
	it->fw = arena_strndup(app->arena, key, (size_t)(slash - key));
	it->unit = slash + 1;
	return cycle_ctx_prepare(app, it->fw, it->unit, &it->ctx, c->d);
}

/* Inside the write lock: the cycle's phase and deadlines, the unit's
 * submission, extension and the actor's assignment. */
static enum px_err item_load(struct wf_ctx *c, const char *key)
{
	(void)key;
	struct app *app = c->app;
	struct item *it = c->data;
	enum px_err e = cycle_ctx_state(app, true, &it->ctx, c->d);
	if (e != PX_OK)
		return e;
	if (repo_submission_get(app->db, it->fw, it->unit, app->arena, &it->submitted_at) != PX_OK ||
	    repo_extension_get(app->db, it->fw, it->unit, app->arena, &it->ext) != PX_OK ||
	    repo_appraiser_is(app->db, it->fw, c->who->login ? c->who->login : "", it->unit,
	                      &c->assigned) != PX_OK)
		return cycle_db_error(app, c->d);
	c->unit = it->unit;
	c->state = *it->submitted_at ? ASSESSMENT_SUBMITTED : ASSESSMENT_DRAFT;
	c->visible = app_may_see_unit(c->who, it->unit) || c->assigned;
	return PX_OK;
}

static enum px_err item_set_state(struct wf_ctx *c, int to)
{
	struct item *it = c->data;
	if (to != ASSESSMENT_SUBMITTED) /* nothing leaves "submitted" */
		return PX_FAIL;
	if (repo_submission_put(c->app->db, it->fw, it->unit, clock_now_iso(c->app->arena),
	                        c->who->login) != PX_OK)
		return cycle_db_error(c->app, c->d);
	return PX_OK;
}

/* ---- guards: when ---------------------------------------------------- */

static int phase_of(const struct wf_ctx *c)
{
	return (int)((const struct item *)c->data)->ctx.cycle.phase;
}

static enum px_err guard_self_open(struct wf_ctx *c)
{
	struct item *it = c->data;
	const struct cycle_info *y = &it->ctx.cycle;
	if (cycle_self_open(y->phase, app_today(), y->self_until,
	                    cycle_parse_date_or(it->ext, DATE_MIN), false))
		return PX_OK;
	return cycle_bad(c->d, "đã hết hạn tự đánh giá (hoặc không còn ở giai đoạn tự đánh giá)",
	                 "the self-assessment is closed (deadline passed or phase over)");
}

static enum px_err guard_phase_self(struct wf_ctx *c)
{
	if (phase_of(c) == PHASE_SELF)
		return PX_OK;
	return cycle_bad(c->d, "chỉ thực hiện được trong giai đoạn tự đánh giá",
	                 "only possible during self-assessment");
}

static enum px_err guard_before_reply(struct wf_ctx *c)
{
	if (phase_of(c) <= PHASE_APPRAISAL)
		return PX_OK;
	return cycle_bad(c->d, "chỉ phân công được trước khi kết thúc thẩm định",
	                 "assignments are possible only until appraisal ends");
}

static enum px_err guard_appraisal(struct wf_ctx *c)
{
	if (phase_of(c) == PHASE_APPRAISAL)
		return PX_OK;
	return cycle_bad(c->d, "không ở giai đoạn thẩm định", "the cycle is not in the appraisal phase");
}

static enum px_err guard_reply(struct wf_ctx *c)
{
	struct item *it = c->data;
	if (it->ctx.cycle.phase == PHASE_REPLY && app_today() <= it->ctx.cycle.reply_until)
		return PX_OK;
	return cycle_bad(c->d, "không trong thời hạn phản hồi", "the reply window is not open");
}

static enum px_err guard_decision(struct wf_ctx *c)
{
	if (phase_of(c) == PHASE_DECISION)
		return PX_OK;
	return cycle_bad(c->d, "không ở giai đoạn hội đồng xem xét phản hồi",
	                 "the cycle is not in the decision phase");
}

/* ---- effects: what ----------------------------------------------------- */

/* The assessed leaf `criterion` applicable to the unit, or -1 (in d). */
static int assessed_node(struct wf_ctx *c, const char *criterion)
{
	struct item *it = c->data;
	const struct framework *fw = it->ctx.fw;
	int node = criterion ? frm_find(fw, criterion) : -1;
	if (node < 0 || fw->nodes[node].method != FRM_METHOD_ASSESSED ||
	    !frm_applies(fw, node, it->ctx.unit->kind)) {
		diag_add(c->d, DIAG_ERROR, NULL, 0, 0, NULL,
		         "\"%s\" không phải tiêu chí chấm điểm áp dụng cho đơn vị %s",
		         "\"%s\" is not an assessed criterion that applies to unit %s",
		         criterion ? criterion : "", it->unit);
		return -1;
	}
	c->audit_entity = "assessment_score";
	c->audit_key = key3(c->app->arena, it->fw, it->unit, criterion);
	return node;
}

static enum px_err score_get(struct wf_ctx *c, const char *criterion, struct score_row *s)
{
	struct item *it = c->data;
	if (repo_score_get(c->app->db, it->fw, it->unit, criterion, c->app->arena, s) != PX_OK)
		return cycle_db_error(c->app, c->d);
	return PX_OK;
}

static enum px_err score_put(struct wf_ctx *c, const struct score_row *s)
{
	bool had;
	struct score_row old;
	struct app *app = c->app;
	struct item *it = c->data;
	if (repo_score_put(app->db, it->fw, s, app->actor, clock_now_iso(app->arena), &had, &old,
	                   app->arena) != PX_OK)
		return cycle_db_error(app, c->d);
	return PX_OK;
}

static void detail_num(struct str *s, const char *name, bool has, double v)
{
	str_printf(s, "%s\"%s\": ", s->len ? ", " : "", name);
	if (has)
		str_add_double(s, v);
	else
		str_adds(s, "null");
}

static void detail_text(struct str *s, const char *name, const char *v)
{
	str_printf(s, "%s\"%s\": ", s->len ? ", " : "", name);
	str_add_json(s, v ? v : "");
}

/* The first message of tmp, copied into the arena (it outlives tmp). */
static void take_msg(struct app *app, const struct diags *tmp, const char **vi, const char **en)
{
	*vi = arena_strdup(app->arena, tmp->n ? tmp->v[0].vi : "không hợp lệ");
	*en = arena_strdup(app->arena, tmp->n ? tmp->v[0].en : "invalid");
}

/* What an item asks for: *set false keeps the saved points. Refusals go
 * to the item's out fields. Returns false when the item is refused. */
static bool self_item_check(struct wf_ctx *c, struct self_score_item *a, bool *set, bool *has,
                            double *v)
{
	struct item *it = c->data;
	struct app *app = c->app;
	const struct framework *fw = it->ctx.fw;
	struct diags tmp;
	diags_init(&tmp);
	bool ok = true;
	int node = a->criterion ? frm_find(fw, a->criterion) : -1;
	*set = false;
	*has = false;
	*v = 0;
	if (node < 0 || fw->nodes[node].method != FRM_METHOD_ASSESSED ||
	    !frm_applies(fw, node, it->ctx.unit->kind)) {
		diag_add(&tmp, DIAG_ERROR, NULL, 0, 0, NULL,
		         "\"%s\" không phải tiêu chí chấm điểm áp dụng cho đơn vị %s",
		         "\"%s\" is not an assessed criterion that applies to unit %s",
		         a->criterion ? a->criterion : "", it->unit);
		take_msg(app, &tmp, &a->self_vi, &a->self_en);
		diags_free(&tmp);
		return false;
	}
	const struct frm_node *n = &fw->nodes[node];
	if (!a->self_text) { /* a number from the API or the CLI */
		*set = true;
		*has = a->has_self;
		*v = a->self;
	} else {
		const char *t = a->self_text;
		size_t len = strlen(t);
		int dec = 0;
		bool blank = strspn(t, " \t") == len;
		struct score_row saved = {0};
		double typed = 0;
		if (a->clear && !blank &&
		    repo_score_get(app->db, it->fw, it->unit, a->criterion, app->arena, &saved) != PX_OK)
			saved.has_self = false;
		/* "clear" with the saved value still in the field (as the page
		 * draws it) clears; with another value it is ambiguous */
		bool clears_saved = a->clear && !blank && saved.has_self &&
		                    number_parse_input(t, len, &typed, NULL) && typed == saved.self;
		if (blank || clears_saved) {
			*set = a->clear; /* empty keeps; only "clear" erases */
		} else if (a->clear) {
			diag_err(&tmp, NULL, 0, 0,
			         "đã chọn xoá điểm nhưng vẫn nhập điểm mới: chỉ chọn một trong hai",
			         "both a new value and \"clear\" were given: choose one");
		} else if (!number_parse_input(t, len, v, &dec)) {
			diag_err(&tmp, NULL, 0, 0, "không phải là số (ví dụ 7 hoặc 7,5)",
			         "not a number (for example 7 or 7.5)");
		} else {
			*set = *has = true;
			/* without a step: no more decimals than results are shown
			 * with (at least 2), so that what is saved is what is seen */
			int most = fw->rank_precision > 2 ? fw->rank_precision : 2;
			if (frm_check_points(fw, node, *v, &tmp) == PX_OK && !n->has_step && dec > most)
				diag_add(&tmp, DIAG_ERROR, NULL, 0, 0, NULL,
				         "nhiều chữ số thập phân quá: tối đa %d", "too many decimals: at most %d",
				         most);
		}
	}
	if (!tmp.n && *set && *has && frm_check_points(fw, node, *v, &tmp) != PX_OK)
		ok = false;
	if (tmp.n) {
		take_msg(app, &tmp, &a->self_vi, &a->self_en);
		ok = false;
	}
	if (a->explanation && strlen(a->explanation) > 20000) {
		a->expl_vi = "phần giải trình quá dài (tối đa 20000 byte)";
		a->expl_en = "the explanation is too long (at most 20000 bytes)";
		ok = false;
	}
	diags_free(&tmp);
	return ok;
}

static enum px_err self_score_effect(struct wf_ctx *c)
{
	struct self_score_args *a = (struct self_score_args *)c->args;
	struct item *it = c->data;
	struct app *app = c->app;
	bool *set = arena_array(app->arena, a->n + 1, sizeof *set);
	bool *has = arena_array(app->arena, a->n + 1, sizeof *has);
	double *val = arena_array(app->arena, a->n + 1, sizeof *val);
	size_t bad = 0;
	for (size_t i = 0; i < a->n; i++) {
		struct self_score_item *x = &a->items[i];
		if (self_item_check(c, x, &set[i], &has[i], &val[i]))
			continue;
		bad++;
		if (x->self_vi)
			diag_add(c->d, DIAG_ERROR, NULL, 0, 0, x->criterion, "%s%.0s", "%.0s%s",
			         x->self_vi, x->self_en);
		if (x->expl_vi)
			diag_add(c->d, DIAG_ERROR, NULL, 0, 0, x->criterion, "%s%.0s", "%.0s%s",
			         x->expl_vi, x->expl_en);
	}
	if (bad)
		return PX_BADINPUT; /* all or nothing: wf_apply rolls back */
	bool one = a->n == 1;
	for (size_t i = 0; i < a->n; i++) {
		struct self_score_item *x = &a->items[i];
		struct score_row s;
		const char *note = "";
		enum px_err e = score_get(c, x->criterion, &s);
		if (e != PX_OK)
			return e;
		if (x->explanation &&
		    repo_note_get(app->db, it->fw, it->unit, x->criterion, app->arena, &note) != PX_OK)
			return cycle_db_error(app, c->d);
		bool was_has = s.has_self;
		double was = s.self;
		bool points_change = set[i] && (was_has != has[i] || (has[i] && was != val[i]));
		bool note_change = x->explanation && strcmp(note, x->explanation);
		/* a single criterion is written as it always was, even unchanged */
		if (!one && !points_change && !note_change)
			continue;
		if (set[i]) {
			s.has_self = has[i];
			s.self = has[i] ? val[i] : 0;
		}
		if ((e = score_put(c, &s)) != PX_OK)
			return e;
		if (x->explanation &&
		    repo_note_put(app->db, it->fw, it->unit, x->criterion, x->explanation) != PX_OK)
			return cycle_db_error(app, c->d);
		x->changed = true;
		a->changed++;
		struct str det;
		str_init(&det, 0);
		detail_num(&det, "self", s.has_self, s.self);
		if (!one)
			detail_num(&det, "was", was_has, was);
		if (x->explanation)
			detail_text(&det, "explanation", x->explanation);
		if (one) {
			c->audit_entity = "assessment_score";
			c->audit_key = key3(app->arena, it->fw, it->unit, x->criterion);
			str_adds(&c->detail, str_cstr(&det));
			str_free(&det);
			continue;
		}
		/* many: one entry per criterion, so that its history stays one
		 * query on its key; wf_apply's entry names the form's save */
		struct str full;
		str_init(&full, 0);
		str_printf(&full, "{\"from\": \"draft\", \"to\": \"draft\", %s}", str_cstr(&det));
		e = audit_append(app->db, app->actor, "self-assess", "assessment_score",
		                 key3(app->arena, it->fw, it->unit, x->criterion), str_cstr(&full));
		str_free(&full);
		str_free(&det);
		if (e != PX_OK)
			return cycle_db_error(app, c->d);
	}
	if (!one)
		str_printf(&c->detail, "\"criteria\": %zu", a->changed);
	return PX_OK;
}

static size_t evidence_limit(struct app *app)
{
	const char *v = repo_setting_get(app->db, app->arena, "evidence_max_bytes");
	char *end = NULL;
	long long n = v ? strtoll(v, &end, 10) : 0;
	return v && end && !*end && n > 0 ? (size_t)n : EVIDENCE_MAX_DEFAULT;
}

/* What is wrong with an upload, or NULL; *type gets its recognised type. */
static enum px_err check_upload(struct wf_ctx *c, const struct evidence_args *a,
                                const char **type)
{
	size_t limit = evidence_limit(c->app);
	int32_t day;
	*type = sniff_document(a->data, a->len);
	if (a->len == 0)
		return cycle_bad(c->d, "tệp rỗng", "the file is empty");
	if (a->len > limit) {
		char vi[160], en[160];
		snprintf(vi, sizeof vi, "tệp quá lớn: %zu byte, tối đa %zu byte", a->len, limit);
		snprintf(en, sizeof en, "the file is too large: %zu bytes, at most %zu", a->len, limit);
		return cycle_bad(c->d, vi, en);
	}
	if (!*type)
		return cycle_bad(c->d,
		                 "chỉ nhận PDF, Word, Excel, OpenDocument, JPEG, PNG (nhận biết theo nội "
		                 "dung tệp)",
		                 "only PDF, Word, Excel, OpenDocument, JPEG and PNG are accepted "
		                 "(recognised by content)");
	if (a->doc_date && *a->doc_date && !date_parse(a->doc_date, strlen(a->doc_date), &day))
		return cycle_bad(c->d, "ngày văn bản không hợp lệ, cần YYYY-MM-DD",
		                 "invalid document date, expected YYYY-MM-DD");
	if (a->doc_date && *a->doc_date && day > app_today())
		return cycle_bad(c->d, "ngày văn bản ở tương lai", "the document date is in the future");
	if (a->doc_number && strlen(a->doc_number) > 200)
		return cycle_bad(c->d, "số hiệu văn bản quá dài", "the document number is too long");
	return PX_OK;
}

static enum px_err upload_effect(struct wf_ctx *c)
{
	struct evidence_args *a = (struct evidence_args *)c->args;
	struct item *it = c->data;
	struct app *app = c->app;
	const char *type;
	if (assessed_node(c, a->criterion) < 0)
		return PX_BADINPUT;
	c->audit_entity = "evidence";
	enum px_err e = check_upload(c, a, &type);
	if (e != PX_OK)
		return e;
	if (sodium_init() < 0)
		return PX_FAIL;
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, a->data, a->len);
	char sha[65];
	sodium_bin2hex(sha, sizeof sha, h, sizeof h);
	char safe[256];
	sniff_safe_filename(a->filename ? a->filename : "", safe, sizeof safe);
	int64_t same;
	e = repo_evidence_find(app->db, it->fw, it->unit, a->criterion, sha, &same);
	if (e == PX_OK) {
		a->id = same;
		diag_add(c->d, DIAG_ERROR, NULL, 0, 0, a->criterion,
		         "tệp này (cùng nội dung) đã có trong minh chứng của tiêu chí %s: không thêm lần nữa",
		         "this file (same content) is already evidence of criterion %s: not added again",
		         a->criterion);
		return PX_BADINPUT;
	}
	if (e != PX_NOTFOUND)
		return cycle_db_error(app, c->d);
	const char *at = clock_now_iso(app->arena);
	struct evidence_row row = {.framework = it->fw, .unit = it->unit, .criterion = a->criterion,
	                           .sha256 = sha, .filename = safe, .doc_number = a->doc_number,
	                           .doc_date = a->doc_date && *a->doc_date ? a->doc_date : NULL,
	                           .uploaded_at = at, .uploaded_by = c->who->login};
	if (repo_blob_put(app->db, sha, type, a->data, a->len, at) != PX_OK ||
	    repo_evidence_add(app->db, &row, &a->id) != PX_OK)
		return cycle_db_error(app, c->d);
	str_printf(&c->detail, "\"id\": %lld, \"sha256\": \"%s\", \"type\": \"%s\", \"size\": %zu",
	           (long long)a->id, sha, type, a->len);
	detail_text(&c->detail, "filename", safe);
	detail_text(&c->detail, "doc_number", a->doc_number);
	return PX_OK;
}

/* Every applicable criterion needs points; one whose evidence is required
 * needs a file or an explanation. Every problem is reported in d (where:
 * the criterion); PX_BADINPUT when there is one. The submit effect and
 * the page's list of what still blocks submission share it. */
static enum px_err check_complete(struct app *app, const struct framework *fw, const char *fwc,
                                  const char *unit, const char *kind, struct diags *d)
{
	struct map scores;
	struct evidence_row *ev = NULL;
	size_t nev = 0;
	enum px_err e = cycle_score_map(app, fwc, &scores);
	if (e != PX_OK)
		return cycle_db_error(app, d);
	e = repo_evidence_list(app->db, fwc, unit, NULL, app->arena, &ev, &nev);
	size_t before = d->errors;
	for (size_t k = 0; k < fw->nassessed && e == PX_OK; k++) {
		int node = fw->assessed[k];
		const struct frm_node *n = &fw->nodes[node];
		if (!frm_applies(fw, node, kind))
			continue;
		const struct score_row *s = cycle_score_in(app, &scores, unit, n->code);
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
		const char *note = "";
		e = repo_note_get(app->db, fwc, unit, n->code, app->arena, &note);
		if (e == PX_OK && !has_file && !*note)
			diag_add(d, DIAG_ERROR, NULL, 0, 0, n->code,
			         "tiêu chí bắt buộc có minh chứng: cần tải tệp hoặc giải trình cách tính điểm",
			         "evidence is required: upload a file or explain in writing how the "
			         "score was computed");
	}
	if (e != PX_OK)
		return cycle_db_error(app, d);
	return d->errors > before ? PX_BADINPUT : PX_OK;
}

static enum px_err submit_effect(struct wf_ctx *c)
{
	struct item *it = c->data;
	return check_complete(c->app, it->ctx.fw, it->fw, it->unit, it->ctx.unit->kind, c->d);
}

/* Only while the unit still drafts (the row's from) and by its focal point
 * (the row's relation): the entry goes, its bytes too if nobody else uses
 * them; the audit entry keeps what it was. */
static enum px_err remove_evidence_effect(struct wf_ctx *c)
{
	struct evidence_remove_args *a = (struct evidence_remove_args *)c->args;
	struct item *it = c->data;
	struct app *app = c->app;
	enum px_err e = repo_evidence_remove(app->db, it->fw, it->unit, a->id, app->arena, &a->removed);
	if (e == PX_NOTFOUND) {
		diag_err(c->d, NULL, 0, 0, "không có tệp minh chứng này", "no such evidence file");
		return PX_NOTFOUND;
	}
	if (e != PX_OK)
		return cycle_db_error(app, c->d);
	c->audit_entity = "evidence";
	c->audit_key = key3(app->arena, it->fw, it->unit, a->removed.criterion);
	str_printf(&c->detail, "\"id\": %lld, \"sha256\": \"%s\"", (long long)a->id,
	           a->removed.sha256);
	detail_text(&c->detail, "filename", a->removed.filename);
	return PX_OK;
}

static enum px_err extend_effect(struct wf_ctx *c)
{
	const struct extend_args *a = c->args;
	struct item *it = c->data;
	if (!a->reason || !*a->reason)
		return cycle_bad(c->d, "cần ghi lý do gia hạn", "an extension needs a reason");
	if (a->until < app_today())
		return cycle_bad(c->d, "ngày gia hạn đã qua", "the extension date is in the past");
	const char *day = cycle_date_str(c->app->arena, a->until);
	if (repo_extension_put(c->app->db, it->fw, it->unit, day, a->reason,
	                       clock_now_iso(c->app->arena), c->who->login) != PX_OK)
		return cycle_db_error(c->app, c->d);
	detail_text(&c->detail, "until", day);
	detail_text(&c->detail, "reason", a->reason);
	return PX_OK;
}

/* The member to (un)assign: an appraiser who does not belong to the unit. */
static enum px_err member_check(struct wf_ctx *c, const char *login, const char **normal)
{
	struct item *it = c->data;
	struct user_rec u;
	c->audit_entity = "appraiser";
	if (login)
		login = app_login_normal(c->app->arena, login);
	if (!login || repo_user_get(c->app->db, c->app->arena, login, &u, NULL) != PX_OK) {
		diag_add(c->d, DIAG_ERROR, NULL, 0, 0, NULL, "không có người dùng \"%s\"",
		         "no user \"%s\"", login ? login : "");
		return PX_NOTFOUND;
	}
	struct actor member;
	app_actor_of(c->app, &u, &member);
	if (!app_holds_role(&member, "appraiser"))
		return cycle_bad(c->d,
		                 "người dùng này không phải thành viên hội đồng thẩm định (vai trò appraiser)",
		                 "this user is not an appraisal council member (role appraiser)");
	if (app_covers(&member, it->unit))
		return cycle_bad(c->d, "không được thẩm định đơn vị của chính mình",
		                 "nobody appraises their own unit");
	detail_text(&c->detail, "login", u.login);
	*normal = u.login;
	return PX_OK;
}

static enum px_err assign_effect(struct wf_ctx *c)
{
	const struct assign_args *a = c->args;
	struct item *it = c->data;
	const char *login = NULL;
	enum px_err e = member_check(c, a->login, &login);
	if (e == PX_OK && repo_appraiser_put(c->app->db, it->fw, login, it->unit,
	                                     clock_now_iso(c->app->arena), c->who->login) != PX_OK)
		e = cycle_db_error(c->app, c->d);
	return e;
}

static enum px_err unassign_effect(struct wf_ctx *c)
{
	const struct assign_args *a = c->args;
	struct item *it = c->data;
	c->audit_entity = "appraiser";
	const char *login = a->login ? app_login_normal(c->app->arena, a->login) : "";
	enum px_err e = repo_appraiser_remove(c->app->db, it->fw, login, it->unit);
	if (e == PX_NOTFOUND)
		return cycle_bad(c->d, "người này không được phân công thẩm định đơn vị này",
		                 "this member is not assigned to this unit");
	if (e != PX_OK)
		return cycle_db_error(c->app, c->d);
	detail_text(&c->detail, "login", login);
	return PX_OK;
}

/* Recomputes the council's value of a criterion from the proposals: the
 * value more than quorum_pct of the unit's assigned members proposed. A
 * change of the council's value is an audit entry of its own. */
static enum px_err council_value(struct wf_ctx *c, const char *criterion)
{
	struct item *it = c->data;
	struct app *app = c->app;
	struct proposal_row *p;
	size_t n;
	long members;
	if (repo_proposal_list(app->db, it->fw, it->unit, criterion, app->arena, &p, &n) != PX_OK ||
	    repo_appraiser_count(app->db, it->fw, it->unit, &members) != PX_OK)
		return cycle_db_error(app, c->d);
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
	enum px_err e = score_get(c, criterion, &s);
	if (e != PX_OK)
		return e;
	bool had = s.has_appraised;
	double was = s.appraised;
	bool now = best && cycle_quorum(best, members, it->ctx.cycle.quorum_pct);
	if (now) {
		s.has_appraised = true;
		s.appraised = p[best_i].points;
	} else {
		s.has_appraised = false;
	}
	if (had == now && (!now || was == s.appraised))
		return PX_OK;
	e = score_put(c, &s);
	if (e == PX_OK && now &&
	    repo_reason_put(app->db, it->fw, it->unit, criterion, p[best_i].reason, p[best_i].login,
	                    best, members, clock_now_iso(app->arena)) != PX_OK)
		e = cycle_db_error(app, c->d);
	if (e != PX_OK)
		return e;
	struct str det;
	str_init(&det, 0);
	str_adds(&det, "{");
	detail_num(&det, "appraised", now, s.appraised);
	detail_num(&det, "was", had, was);
	str_printf(&det, ", \"agreeing\": %ld, \"members\": %ld}", best, members);
	e = audit_append(app->db, app->actor, "council", "assessment_score",
	                 key3(app->arena, it->fw, it->unit, criterion), str_cstr(&det));
	str_free(&det);
	return e;
}

static enum px_err appraise_effect(struct wf_ctx *c)
{
	const struct appraise_args *a = c->args;
	struct item *it = c->data;
	int node = assessed_node(c, a->criterion);
	if (node < 0 || frm_check_points(it->ctx.fw, node, a->points, c->d) != PX_OK)
		return PX_BADINPUT;
	struct score_row s;
	enum px_err e = score_get(c, a->criterion, &s);
	if (e != PX_OK)
		return e;
	if ((!s.has_self || s.self != a->points) && (!a->reason || !*a->reason))
		return cycle_bad(c->d, "điểm thẩm định khác điểm tự chấm: phải ghi lý do",
		                 "the appraised points differ from the self points: a reason is required");
	struct proposal_row p = {it->unit, a->criterion, c->who->login, a->reason ? a->reason : "",
	                         clock_now_iso(c->app->arena), a->points};
	if (repo_proposal_put(c->app->db, it->fw, &p) != PX_OK)
		return cycle_db_error(c->app, c->d);
	detail_num(&c->detail, "proposed", true, a->points);
	detail_text(&c->detail, "reason", p.reason);
	return council_value(c, a->criterion);
}

/* The member accepts the self points of a section: for each assessed
 * criterion under it that has self points and no proposal of this member
 * yet, the self points become the member's proposal (with the one
 * reason), audited per criterion as `appraise` is, and the council's value
 * follows (council_value). */
static enum px_err accept_section_effect(struct wf_ctx *c)
{
	struct section_accept_args *a = (struct section_accept_args *)c->args;
	struct item *it = c->data;
	struct app *app = c->app;
	const struct framework *fw = it->ctx.fw;
	int node = a->section ? frm_find(fw, a->section) : -1;
	if (node < 0) {
		diag_add(c->d, DIAG_ERROR, NULL, 0, 0, NULL, "không có mục \"%s\"", "no section \"%s\"",
		         a->section ? a->section : "");
		return PX_BADINPUT;
	}
	if (!a->reason || !*a->reason || strlen(a->reason) > 20000)
		return cycle_bad(c->d, "cần ghi một lý do (nhận xét) cho việc chấp nhận cả mục",
		                 "accepting a whole section needs one reason");
	const char *at = clock_now_iso(app->arena);
	for (int k = node; k < fw->nodes[node].end; k++) {
		const struct frm_node *n = &fw->nodes[k];
		if (n->method != FRM_METHOD_ASSESSED || !frm_applies(fw, k, it->ctx.unit->kind))
			continue;
		struct score_row s;
		struct proposal_row *p;
		size_t np;
		enum px_err e = score_get(c, n->code, &s);
		if (e != PX_OK)
			return e;
		if (repo_proposal_list(app->db, it->fw, it->unit, n->code, app->arena, &p, &np) != PX_OK)
			return cycle_db_error(app, c->d);
		bool mine = false;
		for (size_t i = 0; i < np && !mine; i++)
			mine = !strcmp(p[i].login, c->who->login);
		if (!s.has_self || mine) {
			a->skipped++;
			continue;
		}
		struct proposal_row prop = {it->unit, n->code, c->who->login, a->reason, at, s.self};
		if (repo_proposal_put(app->db, it->fw, &prop) != PX_OK)
			return cycle_db_error(app, c->d);
		struct str det;
		str_init(&det, 0);
		str_adds(&det, "{");
		detail_num(&det, "proposed", true, s.self);
		detail_text(&det, "reason", a->reason);
		detail_text(&det, "section", a->section);
		str_adds(&det, "}");
		e = audit_append(app->db, app->actor, "appraise", "assessment_score",
		                 key3(app->arena, it->fw, it->unit, n->code), str_cstr(&det));
		str_free(&det);
		if (e == PX_OK)
			e = council_value(c, n->code);
		if (e != PX_OK)
			return e;
		a->accepted++;
	}
	if (!a->accepted)
		return cycle_bad(c->d,
		                 "không có tiêu chí nào để chấp nhận trong mục này (chưa tự chấm, hoặc "
		                 "bạn đã đề xuất điểm)",
		                 "nothing to accept in this section (no self points, or you already "
		                 "proposed points)");
	detail_text(&c->detail, "section", a->section);
	str_printf(&c->detail, ", \"accepted\": %zu, \"skipped\": %zu", a->accepted, a->skipped);
	return PX_OK;
}

static enum px_err reply_effect(struct wf_ctx *c)
{
	const struct reply_args *a = c->args;
	struct item *it = c->data;
	if (assessed_node(c, a->criterion) < 0)
		return PX_BADINPUT;
	struct score_row s;
	enum px_err e = score_get(c, a->criterion, &s);
	if (e != PX_OK)
		return e;
	if (!s.has_appraised || (s.has_self && s.appraised == s.self))
		return cycle_bad(c->d, "tiêu chí này không bị điều chỉnh điểm",
		                 "this criterion was not adjusted");
	if (!a->text || !*a->text || strlen(a->text) > 20000)
		return cycle_bad(c->d, "nội dung phản hồi trống hoặc quá dài",
		                 "the reply is empty or too long");
	struct reply_row r = {.unit = it->unit, .criterion = a->criterion, .text = a->text,
	                      .replied_at = clock_now_iso(c->app->arena),
	                      .replied_by = c->who->login};
	if (repo_reply_put(c->app->db, it->fw, &r) != PX_OK)
		return cycle_db_error(c->app, c->d);
	detail_text(&c->detail, "reply", a->text);
	return PX_OK;
}

static enum px_err decide_effect(struct wf_ctx *c)
{
	const struct decide_args *a = c->args;
	struct item *it = c->data;
	struct app *app = c->app;
	if (!a->reason || !*a->reason)
		return cycle_bad(c->d, "quyết định phải có lý do", "a decision needs a reason");
	int node = assessed_node(c, a->criterion);
	if (node < 0 ||
	    (a->accept && a->has_points && frm_check_points(it->ctx.fw, node, a->points, c->d) != PX_OK))
		return PX_BADINPUT;
	const char *decision = a->accept ? "accepted" : "rejected";
	enum px_err e = repo_reply_decide(app->db, it->fw, it->unit, a->criterion, decision,
	                                  a->reason, clock_now_iso(app->arena), c->who->login);
	if (e == PX_NOTFOUND)
		return cycle_bad(c->d, "không có phản hồi cho tiêu chí này",
		                 "there is no reply for this criterion");
	if (e != PX_OK)
		return cycle_db_error(app, c->d);
	if (a->accept && a->has_points) {
		struct score_row s;
		e = score_get(c, a->criterion, &s);
		s.has_appraised = true;
		s.appraised = a->points;
		if (e == PX_OK)
			e = score_put(c, &s);
		if (e == PX_OK && repo_reason_put(app->db, it->fw, it->unit, a->criterion, a->reason,
		                                  c->who->login, 0, 0, clock_now_iso(app->arena)) != PX_OK)
			e = cycle_db_error(app, c->d);
	}
	detail_text(&c->detail, "decision", decision);
	detail_num(&c->detail, "points", a->accept && a->has_points, a->points);
	detail_text(&c->detail, "reason", a->reason);
	return e;
}

#define D ASSESSMENT_DRAFT
#define SUB ASSESSMENT_SUBMITTED
static const struct wf_transition assessment_rows[] = {
	{"self-assess", D, WF_ANY, CAP_REPORT, WF_REL_OWN, guard_self_open, self_score_effect,
	 "tự chấm điểm", "self-assess"},
	{"upload", D, WF_ANY, CAP_REPORT, WF_REL_OWN, guard_self_open, upload_effect,
	 "tải minh chứng", "upload evidence"},
	{"remove-evidence", D, WF_ANY, CAP_REPORT, WF_REL_OWN, guard_self_open,
	 remove_evidence_effect, "xoá minh chứng", "remove evidence"},
	{"submit", D, SUB, CAP_REPORT, WF_REL_OWN, guard_self_open, submit_effect,
	 "nộp bản tự đánh giá", "submit the self-assessment"},
	{"extend", D, WF_ANY, CAP_OFFICE, WF_REL_ANY, guard_phase_self, extend_effect,
	 "gia hạn tự đánh giá", "extend the deadline"},
	{"assign", WF_ANY, WF_ANY, CAP_OFFICE, WF_REL_ANY, guard_before_reply, assign_effect,
	 "phân công thẩm định", "assign an appraiser"},
	{"unassign", WF_ANY, WF_ANY, CAP_OFFICE, WF_REL_ANY, guard_before_reply, unassign_effect,
	 "bỏ phân công thẩm định", "unassign an appraiser"},
	{"appraise", WF_ANY, WF_ANY, CAP_APPRAISE, WF_REL_ASSIGNED, guard_appraisal, appraise_effect,
	 "thẩm định", "appraise"},
	{"accept-section", WF_ANY, WF_ANY, CAP_APPRAISE, WF_REL_ASSIGNED, guard_appraisal,
	 accept_section_effect, "chấp nhận điểm tự chấm của cả mục",
	 "accept the self points of a section"},
	{"reply", WF_ANY, WF_ANY, CAP_REPORT, WF_REL_OWN, guard_reply, reply_effect,
	 "phản hồi kết quả thẩm định", "reply to the appraisal"},
	{"decide", WF_ANY, WF_ANY, CAP_OFFICE, WF_REL_ANY, guard_decision, decide_effect,
	 "quyết định về phản hồi", "decide on a reply"},
};
#undef D
#undef SUB

const struct wf_machine assessment_machine = {
	.entity = "assessment",
	.states = states,
	.states_vi = states_vi,
	.rows = assessment_rows,
	.nrows = sizeof assessment_rows / sizeof assessment_rows[0],
	.prepare = item_prepare,
	.load = item_load,
	.set_state = item_set_state,
	.release = cycle_item_release,
	.may = cycle_may_manage,
};

/* ---- front doors ------------------------------------------------------ */

static enum px_err apply(struct app *app, const struct actor *who, const char *verb,
                         const char *fw, const char *unit, void *args, struct diags *d)
{
	const char *key = arena_printf(app->arena, "%s/%s", fw, unit);
	return wf_apply(app, &assessment_machine, who, verb, key, WF_ANY, args, NULL, d);
}

enum px_err app_cycle_extend(struct app *app, const struct actor *who, const char *fw,
                             const char *unit, int32_t until, const char *reason,
                             struct diags *d)
{
	struct extend_args a = {until, reason};
	return apply(app, who, "extend", fw, unit, &a, d);
}

enum px_err app_appraiser_assign(struct app *app, const struct actor *who, const char *fw,
                                 const char *login, const char *unit, struct diags *d)
{
	struct assign_args a = {login};
	return apply(app, who, "assign", fw, unit, &a, d);
}

enum px_err app_appraiser_unassign(struct app *app, const struct actor *who, const char *fw,
                                   const char *login, const char *unit, struct diags *d)
{
	struct assign_args a = {login};
	return apply(app, who, "unassign", fw, unit, &a, d);
}

enum px_err app_self_assess(struct app *app, const struct actor *who, const char *fw,
                            const char *unit, struct self_score_item *items, size_t n,
                            size_t *changed, struct diags *d)
{
	struct self_score_args a = {items, n, 0};
	enum px_err e = apply(app, who, "self-assess", fw, unit, &a, d);
	if (changed)
		*changed = e == PX_OK ? a.changed : 0;
	return e;
}

enum px_err app_self_score(struct app *app, const struct actor *who, const char *fw,
                           const char *unit, const char *criterion, bool has_self,
                           double self, const char *explanation, struct diags *d)
{
	struct self_score_item x = {.criterion = criterion, .has_self = has_self, .self = self,
	                            .explanation = explanation};
	return app_self_assess(app, who, fw, unit, &x, 1, NULL, d);
}

enum px_err app_evidence_remove(struct app *app, const struct actor *who, const char *fw,
                                const char *unit, int64_t id, const char **criterion,
                                struct diags *d)
{
	struct evidence_remove_args a = {.id = id};
	enum px_err e = apply(app, who, "remove-evidence", fw, unit, &a, d);
	if (criterion)
		*criterion = e == PX_OK ? a.removed.criterion : NULL;
	return e;
}

enum px_err app_appraise_section(struct app *app, const struct actor *who, const char *fw,
                                 const char *unit, const char *section, const char *reason,
                                 size_t *accepted, size_t *skipped, struct diags *d)
{
	struct section_accept_args a = {section, reason, 0, 0};
	enum px_err e = apply(app, who, "accept-section", fw, unit, &a, d);
	*accepted = a.accepted;
	*skipped = a.skipped;
	return e;
}

enum px_err app_evidence_add(struct app *app, const struct actor *who, const char *fw,
                             const char *unit, const char *criterion, const char *filename,
                             const void *data, size_t len, const char *doc_number,
                             const char *doc_date, int64_t *id, struct diags *d)
{
	struct evidence_args a = {criterion, filename, data, len, doc_number, doc_date, 0};
	enum px_err e = apply(app, who, "upload", fw, unit, &a, d);
	*id = a.id;
	return e;
}

enum px_err app_self_submit(struct app *app, const struct actor *who, const char *fw,
                            const char *unit, struct diags *d)
{
	return apply(app, who, "submit", fw, unit, NULL, d);
}

enum px_err app_appraise(struct app *app, const struct actor *who, const char *fw,
                         const char *unit, const char *criterion, double points,
                         const char *reason, struct diags *d)
{
	struct appraise_args a = {criterion, points, reason};
	return apply(app, who, "appraise", fw, unit, &a, d);
}

enum px_err app_reply(struct app *app, const struct actor *who, const char *fw,
                      const char *unit, const char *criterion, const char *text,
                      struct diags *d)
{
	struct reply_args a = {criterion, text};
	return apply(app, who, "reply", fw, unit, &a, d);
}

enum px_err app_reply_decide(struct app *app, const struct actor *who, const char *fw,
                             const char *unit, const char *criterion, bool accept,
                             bool has_points, double points, const char *reason,
                             struct diags *d)
{
	struct decide_args a = {criterion, accept, has_points, points, reason};
	return apply(app, who, "decide", fw, unit, &a, d);
}

/* ---- reading ------------------------------------------------------------ */

enum px_err app_evidence_get(struct app *app, const struct actor *who, int64_t id,
                             struct evidence_row *row, const void **data, struct diags *d)
{
	enum px_err e = repo_evidence_get(app->db, id, app->arena, row, data);
	if (e == PX_NOTFOUND ||
	    (e == PX_OK && !app_may_see_assessment(app, who, row->framework, row->unit))) {
		diag_err(d, NULL, 0, 0, "không có tệp minh chứng này", "no such evidence file");
		return PX_NOTFOUND; /* do not tell others that it exists */
	}
	return e == PX_OK ? e : cycle_db_error(app, d);
}

static enum px_err not_found(struct diags *d)
{
	diag_err(d, NULL, 0, 0, "không tìm thấy bản đánh giá này", "no such assessment");
	return PX_NOTFOUND;
}

/* Each assessed criterion's explanation and council reason ("" when none),
 * by node, read once per data version (app/live_cache.h). */
struct criterion_texts {
	const char **note, **reason;
};
struct texts_ctx {
	const struct framework *fw;
	const char *code, *unit;
};

static enum px_err texts_build(struct app *app, void *ctx, void **out)
{
	const struct texts_ctx *c = ctx;
	struct criterion_texts *t = arena_alloc(app->arena, sizeof *t);
	*out = t;
	t->note = arena_array(app->arena, c->fw->nnodes + 1, sizeof *t->note);
	t->reason = arena_array(app->arena, c->fw->nnodes + 1, sizeof *t->reason);
	enum px_err e = PX_OK;
	for (size_t i = 0; i < c->fw->nnodes && e == PX_OK; i++) {
		t->note[i] = t->reason[i] = "";
		if (c->fw->nodes[i].method != FRM_METHOD_ASSESSED)
			continue;
		const char *code = c->fw->nodes[i].code;
		e = repo_note_get(app->db, c->code, c->unit, code, app->arena, &t->note[i]);
		if (e == PX_OK)
			e = repo_reason_get(app->db, c->code, c->unit, code, app->arena, &t->reason[i]);
	}
	return e;
}

/* The computed points of the framework's formula leaves for the unit, as
 * the ranking computes them (app_score_live: the cached results of this
 * data version); left unset when scoring fails. */
static void formula_values(struct app *app, struct assessment_view *out)
{
	struct app_scoring sc;
	struct diags quiet;
	diags_init(&quiet);
	if (app_score_live(app, out->fw->code, NULL, &quiet, &sc) == PX_OK) {
		for (size_t u = 0; u < sc.nunits; u++) {
			if (strcmp(sc.units[u].code, out->unit))
				continue;
			const struct score_unit_result *ur = &sc.res.units[u];
			for (size_t i = 0; i < sc.fw->nnodes && i < out->fw->nnodes; i++) {
				if (sc.fw->nodes[i].method != FRM_METHOD_FORMULA)
					continue;
				bool missing = false;
				for (size_t k = 0; k < ur->nmissing; k++)
					missing |= ur->missing[k].node == (int)i;
				out->items[i].has_computed = !missing;
				out->items[i].computed = score_points(&sc.res, u, (int)i);
			}
		}
	}
	diags_free(&quiet);
}

enum px_err app_assessment_view(struct app *app, const struct actor *who, const char *fw,
                                const char *unit, struct assessment_view *out,
                                struct diags *d)
{
	struct cycle_ctx c;
	struct map scores; /* shared (cycle_score_map) */
	memset(out, 0, sizeof *out);
	enum px_err e = cycle_ctx_load(app, fw, unit, false, &c, d);
	if (e == PX_OK && !app_may_see_assessment(app, who, fw, unit))
		e = not_found(d);
	if (e != PX_OK)
		goto out;
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
	if (cycle_score_map(app, fw, &scores) != PX_OK ||
	    repo_submission_get(app->db, fw, unit, app->arena, &out->submitted_at) != PX_OK ||
	    repo_extension_get(app->db, fw, unit, app->arena, &ext) != PX_OK ||
	    repo_evidence_list(app->db, fw, unit, NULL, app->arena, &ev, &nev) != PX_OK ||
	    repo_proposal_list(app->db, fw, unit, NULL, app->arena, &props, &nprops) != PX_OK ||
	    repo_reply_list(app->db, fw, unit, app->arena, &reps, &nreps) != PX_OK ||
	    repo_appraiser_list(app->db, fw, unit, app->arena, &out->members, &out->nmembers) !=
	            PX_OK) {
		e = cycle_db_error(app, d);
		goto out;
	}
	out->extension = cycle_parse_date_or(ext, DATE_MIN);
	const char **verbs = out->allowed;
	size_t nv = wf_allowed(app, &assessment_machine, who,
	                       arena_printf(app->arena, "%s/%s", fw, unit), verbs, 16, NULL);
	out->nallowed = nv;
	out->can_edit = wf_has(verbs, nv, "self-assess");
	out->can_submit = wf_has(verbs, nv, "submit");
	out->can_appraise = wf_has(verbs, nv, "appraise");
	out->can_reply = wf_has(verbs, nv, "reply");
	out->can_decide = wf_has(verbs, nv, "decide");
	struct texts_ctx tc = {c.fw, fw, unit};
	void *tv;
	if (live_get(app, arena_printf(app->arena, "texts\x1f%s\x1f%s", fw, unit), texts_build, NULL,
	             &tc, &tv) != PX_OK) {
		e = cycle_db_error(app, d);
		goto out;
	}
	const struct criterion_texts *texts = tv;
	if (out->can_submit) {
		struct diags bl;
		diags_init(&bl);
		e = check_complete(app, c.fw, fw, unit, c.unit->kind, &bl);
		if (e == PX_BADINPUT) {
			out->blockers = arena_array(app->arena, bl.n + 1, sizeof *out->blockers);
			for (size_t i = 0; i < bl.n; i++) {
				struct assessment_blocker *b = &out->blockers[out->nblockers++];
				b->criterion = arena_strdup(app->arena, bl.v[i].where ? bl.v[i].where : "");
				b->vi = arena_strdup(app->arena, bl.v[i].vi);
				b->en = arena_strdup(app->arena, bl.v[i].en);
			}
			e = PX_OK;
		}
		diags_free(&bl);
		if (e != PX_OK)
			goto out;
	}
	/* people by name: the members' names, else the user's, else the login */
	const char **names = arena_array(app->arena, nprops + 1, sizeof *names);
	for (size_t k = 0; k < nprops; k++) {
		names[k] = props[k].login;
		for (size_t m = 0; m < out->nmembers; m++)
			if (!strcmp(out->members[m].login, props[k].login))
				names[k] = out->members[m].name;
		struct user_rec u;
		if (names[k] == props[k].login &&
		    repo_user_get(app->db, app->arena, props[k].login, &u, NULL) == PX_OK && u.name &&
		    *u.name)
			names[k] = u.name;
	}
	out->items = arena_array(app->arena, c.fw->nnodes + 1, sizeof *out->items);
	for (size_t i = 0; i < c.fw->nnodes; i++) {
		struct assessment_item *it = &out->items[i];
		const struct frm_node *n = &c.fw->nodes[i];
		it->node = (int)i;
		it->applies = frm_applies(c.fw, (int)i, c.unit->kind);
		it->explanation = it->reason = "";
		if (n->method != FRM_METHOD_ASSESSED)
			continue;
		const struct score_row *s = cycle_score_in(app, &scores, unit, n->code);
		if (s) {
			it->has_self = s->has_self;
			it->self = s->self;
			it->has_appraised = s->has_appraised;
			it->appraised = s->appraised;
		}
		it->explanation = texts->note[i];
		it->reason = texts->reason[i];
		for (size_t k = 0; k < nev; k++)
			if (!strcmp(ev[k].criterion, n->code)) {
				if (!it->evidence)
					it->evidence = &ev[k];
				it->nevidence++;
			}
		for (size_t k = 0; k < nprops; k++)
			if (!strcmp(props[k].criterion, n->code)) {
				if (!it->proposals) {
					it->proposals = &props[k];
					it->proposer_names = &names[k];
				}
				it->nproposals++;
			}
		for (size_t k = 0; k < nreps; k++)
			if (!strcmp(reps[k].criterion, n->code))
				it->reply = &reps[k];
	}
	if (c.fw->nformulas && (out->can_appraise || out->can_decide))
		formula_values(app, out);
out:
	cycle_ctx_free(&c); /* out keeps strings, which live in app->arena */
	return e;
}

enum px_err app_criterion_history(struct app *app, const struct actor *who, const char *fw,
                                  const char *unit, const char *criterion,
                                  struct history_row **out, size_t *n, struct diags *d)
{
	if (!app_may_see_assessment(app, who, fw, unit))
		return not_found(d);
	if (repo_audit_history(app->db, key3(app->arena, fw, unit, criterion), app->arena, out, n) !=
	    PX_OK)
		return cycle_db_error(app, d);
	return PX_OK;
}

enum px_err app_unit_assessments(struct app *app, const struct actor *who, const char *unit,
                                 struct unit_assessment **out, size_t *n)
{
	const char **fws;
	size_t nfw;
	*out = NULL;
	*n = 0;
	if (repo_cycle_list(app->db, app->arena, &fws, &nfw) != PX_OK)
		return PX_FAIL;
	*out = arena_array(app->arena, nfw + 1, sizeof **out);
	for (size_t i = 0; i < nfw; i++) {
		if (!app_may_see_assessment(app, who, fws[i], unit))
			continue;
		struct cycle_ctx c;
		memset(&c, 0, sizeof c);
		struct diags d;
		diags_init(&d);
		/* only the frameworks whose group holds the unit */
		if (cycle_ctx_prepare(app, fws[i], unit, &c, &d) == PX_OK && c.unit) {
			struct unit_assessment *x = &(*out)[(*n)++];
			x->framework = fws[i];
			x->title = arena_strdup(app->arena, c.fw->title);
		}
		cycle_ctx_free(&c);
		diags_free(&d);
	}
	return PX_OK;
}
