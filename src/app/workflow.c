/*
 * The workflow mechanism; see workflow.h and docs/internals/workflow.md.
 * The order of the checks is the contract: visibility first (an item the
 * actor may not see answers NOT FOUND whatever the verb), then the state,
 * then the grant, then the guard. Everything between db_begin and
 * app_commit sees the database as the write lock left it.
 */
#include "app/workflow.h"
#include "app/app.h"
#include "base/arena.h"
#include "store/repo_audit.h"

#include <stdio.h>
#include <string.h>

const struct wf_transition *wf_find(const struct wf_machine *m, const char *verb, int state)
{
	for (size_t i = 0; i < m->nrows; i++) {
		const struct wf_transition *t = &m->rows[i];
		if (!strcmp(t->verb, verb) && (t->from == state || (t->from == WF_ANY && state >= 0)))
			return t;
	}
	return NULL;
}

int wf_state(const struct wf_machine *m, const char *name)
{
	for (int i = 0; name && m->states[i]; i++)
		if (!strcmp(m->states[i], name))
			return i;
	return WF_NONE;
}

bool wf_has(const char *const *verbs, size_t n, const char *verb)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(verbs[i], verb))
			return true;
	return false;
}

static const char *state_name(const struct wf_machine *m, int s, bool vi)
{
	if (s < 0)
		return vi ? "chưa có" : "none";
	return vi ? m->states_vi[s] : m->states[s];
}

static void ctx_init(struct wf_ctx *c, struct app *app, const struct wf_machine *m,
                     const struct actor *who, const char *key, struct diags *d)
{
	memset(c, 0, sizeof *c);
	c->app = app;
	c->who = who;
	c->m = m;
	c->key = key;
	c->d = d;
	c->state = WF_NONE;
}

static enum px_err prepare(struct wf_ctx *c)
{
	return c->m->prepare ? c->m->prepare(c, c->key) : PX_OK;
}

/* Capability and relation of row t for the loaded item; when refused and
 * vi/en are given, why (formats with one %s: the verb's words). */
static bool granted(const struct wf_ctx *c, const struct wf_transition *t, const char **vi,
                    const char **en)
{
	const char *v = "vai trò của bạn không được %s", *e = "your role may not %s";
	bool ok = app_grant_covers(c->who, t->cap, c->unit, NULL);
	if (!ok && app_can(c->who, t->cap)) {
		v = "quyền của bạn không bao gồm đơn vị này, không được %s";
		e = "your grants do not cover this unit: you may not %s";
	}
	/* the machine's finer rule, also to say why when the unit is not covered */
	if (c->m->may && (ok || app_can(c->who, t->cap)) && !c->m->may(c, t, &v, &e))
		ok = false;
	if (ok) {
		switch (t->rel) {
		case WF_REL_ANY:
			break;
		case WF_REL_OWN:
			ok = app_covers(c->who, c->unit);
			v = "chỉ người của chính đơn vị được %s";
			e = "only the unit's own people may %s";
			break;
		case WF_REL_NOT_OWN:
			ok = !app_covers(c->who, c->unit);
			v = "không ai được %s cho đơn vị của chính mình";
			e = "nobody may %s for their own unit";
			break;
		case WF_REL_ASSIGNED:
			ok = c->assigned && !app_covers(c->who, c->unit);
			v = app_covers(c->who, c->unit)
			            ? "không ai được %s cho đơn vị của chính mình (không được thẩm định đơn vị mình)"
			            : "chỉ thành viên hội đồng được phân công cho đơn vị này mới được %s";
			e = app_covers(c->who, c->unit)
			            ? "nobody may %s for their own unit (nobody appraises their own unit)"
			            : "only a council member assigned to this unit may %s";
			break;
		}
	}
	if (vi)
		*vi = v;
	if (en)
		*en = e;
	return ok;
}

/* The first row of verb, whatever its state (NULL: no such verb). */
static const struct wf_transition *named(const struct wf_machine *m, const char *verb)
{
	for (size_t i = 0; i < m->nrows; i++)
		if (!strcmp(m->rows[i].verb, verb))
			return &m->rows[i];
	return NULL;
}

enum px_err wf_apply(struct app *app, const struct wf_machine *m, const struct actor *who,
                     const char *verb, const char *key, int expect_from, const void *args,
                     int *state_out, struct diags *d)
{
	struct wf_ctx c;
	ctx_init(&c, app, m, who, key, d);
	str_init(&c.detail, 0);
	enum px_err e = prepare(&c);
	if (e == PX_OK)
		e = db_begin(app->db);
	if (e == PX_OK)
		e = m->load(&c, key);
	c.args = args;
	if (e == PX_OK && !c.visible) {
		diag_err(d, NULL, 0, 0, "không tìm thấy", "not found");
		e = PX_NOTFOUND;
	}
	if (e != PX_OK)
		goto out;
	if (!named(m, verb)) {
		diag_add(d, DIAG_ERROR, NULL, 0, 0, NULL, "không có thao tác \"%s\"",
		         "no action \"%s\"", verb);
		e = PX_NOTFOUND;
		goto out;
	}
	const int from = c.state;
	const struct wf_transition *t = wf_find(m, verb, from);
	if (!t || (expect_from != WF_ANY && expect_from != from)) {
		char vi[256], en[256];
		const struct wf_transition *any = named(m, verb);
		if (any->from == WF_NONE && from >= 0) { /* a create: it exists already */
			snprintf(vi, sizeof vi, "đã thực hiện rồi: %s (hiện ở trạng thái \"%s\")", any->vi,
			         state_name(m, from, true));
			snprintf(en, sizeof en, "already done: %s (now in state \"%s\")", any->en,
			         state_name(m, from, false));
		} else {
			snprintf(vi, sizeof vi, "không thể %s ở trạng thái \"%s\"", any->vi,
			         state_name(m, from, true));
			snprintf(en, sizeof en, "cannot %s in state \"%s\"", any->en,
			         state_name(m, from, false));
		}
		diag_text(d, DIAG_ERROR, NULL, 0, 0, NULL, vi, en);
		e = PX_BADINPUT;
		goto out;
	}
	c.t = t;
	const char *why_vi, *why_en;
	if (!granted(&c, t, &why_vi, &why_en)) {
		char vi[256], en[256];
		snprintf(vi, sizeof vi, why_vi, t->vi);
		snprintf(en, sizeof en, why_en, t->en);
		diag_text(d, DIAG_ERROR, NULL, 0, 0, NULL, vi, en);
		e = PX_DENIED;
		goto out;
	}
	if (t->guard)
		e = t->guard(&c);
	if (e == PX_OK && t->effect)
		e = t->effect(&c);
	const int to = t->to == WF_ANY ? from : t->to;
	if (e == PX_OK && to != from)
		e = m->set_state(&c, to);
	if (e == PX_OK) {
		struct str det;
		str_init(&det, 0);
		str_adds(&det, "{\"from\": ");
		str_add_json(&det, state_name(m, from, false));
		str_adds(&det, ", \"to\": ");
		str_add_json(&det, state_name(m, to, false));
		if (c.detail.len) {
			str_adds(&det, ", ");
			str_adds(&det, str_cstr(&c.detail));
		}
		str_addc(&det, '}');
		e = str_error(&det) ? PX_FAIL
		                    : audit_append(app->db, app->actor, verb,
		                                   c.audit_entity ? c.audit_entity : m->entity,
		                                   c.audit_key ? c.audit_key : key, str_cstr(&det));
		str_free(&det);
	}
	if (e == PX_OK && state_out)
		*state_out = to;
out:
	str_free(&c.detail);
	if (m->release)
		m->release(&c);
	return app_commit(app, e, d);
}

size_t wf_allowed(struct app *app, const struct wf_machine *m, const struct actor *who,
                  const char *key, const char **verbs, size_t max, int *state)
{
	struct diags quiet;
	diags_init(&quiet);
	struct wf_ctx c;
	size_t n = 0;
	if (state)
		*state = WF_NONE;
	ctx_init(&c, app, m, who, key, &quiet);
	if (prepare(&c) != PX_OK || m->load(&c, key) != PX_OK || !c.visible)
		goto out;
	if (state)
		*state = c.state;
	for (size_t i = 0; i < m->nrows && n < max; i++) {
		const struct wf_transition *t = &m->rows[i];
		if (wf_find(m, t->verb, c.state) != t || wf_has(verbs, n, t->verb) ||
		    !granted(&c, t, NULL, NULL))
			continue;
		c.t = t;
		if (!t->guard || t->guard(&c) == PX_OK)
			verbs[n++] = t->verb;
	}
out:
	if (m->release)
		m->release(&c);
	diags_free(&quiet);
	return n;
}
