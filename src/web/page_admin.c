/*
 * Administration pages (CAP_ADMIN, checked by the router): users, their
 * grants (a role over a unit's subtree) and API tokens, and the audit log
 * with the result of the hash-chain check.
 * Changes go through app/user.c, which audits them; after a change the
 * browser is redirected (POST/redirect/GET) with ?done=... for the
 * message, so a reload never repeats it.
 */
#include "app/user.h"
#include "base/arena.h"
#include "core/roles.h"
#include "store/repo_audit.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/server.h"
#include "web/result_view.h"
#include "web/table_view.h"
#include "base/datetime.h"

#include <jansson.h>

#include <stdlib.h>
#include <string.h>

#define AUDIT_PAGE 50

struct add_form {
	const char *login, *name, *role, *unit;
};

/* The role select of a form: id, then the role to preselect (may be NULL). */
static void role_select(struct req *r, const char *id, const char *chosen)
{
	html_printf(r, "<select id=\"%h\" name=\"role\">\n", id);
	for (size_t i = 0; role_names[i]; i++)
		html_printf(r, "<option value=\"%h\"%s>%h</option>\n", role_names[i],
		            chosen && !strcmp(chosen, role_names[i]) ? " selected" : "",
		            _(role_names[i]));
	html_printf(r, "</select>\n");
}

/* The active grants of login as a list, each with its revoke button but
 * the last one (a user keeps one grant: disable the user instead). */
static void grant_cell(struct req *r, const char *login, const struct grant_rec *g, size_t ng)
{
	size_t held = 0;
	for (size_t k = 0; k < ng; k++)
		held += !strcmp(g[k].login, login);
	html_printf(r, "<ul class=\"grants\">");
	for (size_t k = 0; k < ng; k++) {
		if (strcmp(g[k].login, login))
			continue;
		const char *where = g[k].unit_code ? g[k].unit_code : _("city-wide");
		html_printf(r, "<li>%h · %h", _(g[k].role), where);
		if (held < 2) {
			html_printf(r, "</li>");
			continue;
		}
		html_printf(r, " <form class=\"inline\" method=\"post\" action=\"/admin/users/%u/grants/revoke\">",
		            login);
		html_csrf_field(r);
		html_printf(r, "<input type=\"hidden\" name=\"role\" value=\"%h\">"
		               "<input type=\"hidden\" name=\"unit\" value=\"%h\">"
		               "<button type=\"submit\" aria-label=\"%h: %h · %h · %h\">%h</button></form></li>",
		            g[k].role, g[k].unit_code ? g[k].unit_code : "", _("Revoke"), login,
		            _(g[k].role), where, _("Revoke"));
	}
	html_printf(r, "</ul>");
}

static void users_page(struct req *r, const char *flash, struct diags *errors,
                       const struct add_form *f, const struct add_form *gf)
{
	html_page_begin(r, _("Users"));
	if (flash)
		html_printf(r, "<p class=\"flash\" role=\"status\">%h</p>\n", flash);
	if (errors && errors->n) {
		html_printf(r, "<div class=\"flash error\" role=\"alert\"><ul>\n");
		for (size_t i = 0; i < errors->n; i++)
			html_printf(r, "<li>%h</li>\n",
			            !strcmp(r->lang, "en") ? errors->v[i].en : errors->v[i].vi);
		html_printf(r, "</ul></div>\n");
	}
	struct user_rec *users;
	size_t n;
	if (app_user_list(&r->app, &users, &n) != PX_OK) {
		r->status = 500;
		str_reset(&r->out);
		return;
	}
	struct grant_rec *grants;
	size_t ng;
	if (app_grant_list(&r->app, NULL, false, &grants, &ng) != PX_OK) {
		r->status = 500;
		str_reset(&r->out);
		return;
	}
	html_printf(r, "<p>%h</p>\n", _("A grant gives a role over a unit and every unit below it on "
	                                 "the day in question; without a unit it is city-wide."));
	/* a figure scrolls sideways on its own (simple.css): the page does not */
	html_printf(r, "<figure><table>\n<thead><tr><th>%h</th><th>%h</th><th>%h</th>"
	               "<th>%h</th><th>%h</th><th></th></tr></thead>\n<tbody>\n",
	            _("Login"), _("Name"), _("Grants"), _("Language"), _("Status"));
	for (size_t i = 0; i < n; i++) {
		const struct user_rec *u = &users[i];
		html_printf(r, "<tr><td>%h</td><td>%h</td><td>", u->login, u->name);
		grant_cell(r, u->login, grants, ng);
		html_printf(r, "</td><td>%h</td><td>%h</td><td>", u->lang,
		            u->disabled ? _("disabled") : _("active"));
		if (!u->disabled && strcmp(u->login, r->user->login)) {
			html_printf(r, "<form class=\"inline\" method=\"post\" action=\"/admin/users/%u/disable\">",
			            u->login);
			html_csrf_field(r);
			html_printf(r, "<button type=\"submit\">%h</button></form>", _("Disable"));
		}
		html_printf(r, "</td></tr>\n");
	}
	html_printf(r, "</tbody>\n</table></figure>\n");

	html_printf(r, "<h3>%h</h3>\n<form method=\"post\" action=\"/admin/grants\">\n",
	            _("Give a grant"));
	html_csrf_field(r);
	html_printf(r, "<label for=\"g-login\">%h</label>\n"
	               "<input id=\"g-login\" name=\"login\" required maxlength=\"64\" value=\"%h\">\n"
	               "<label for=\"g-role\">%h</label>\n",
	            _("Login"), gf && gf->login ? gf->login : "", _("Role"));
	role_select(r, "g-role", gf ? gf->role : NULL);
	html_printf(r, "<label for=\"g-unit\">%h</label>\n"
	               "<input id=\"g-unit\" name=\"unit\" maxlength=\"64\" value=\"%h\">\n"
	               "<button type=\"submit\">%h</button>\n</form>\n",
	            _("Unit code (empty: city-wide; the grant covers the units below it too)"),
	            gf && gf->unit ? gf->unit : "", _("Grant"));

	html_printf(r, "<h3>%h</h3>\n<form method=\"post\" action=\"/admin/users\">\n",
	            _("Add a user"));
	html_csrf_field(r);
	html_printf(r,
		"<label for=\"login\">%h</label>\n"
		"<input id=\"login\" name=\"login\" required maxlength=\"64\" pattern=\"[a-z0-9._\\-]+\" value=\"%h\">\n"
		"<label for=\"name\">%h</label>\n"
		"<input id=\"name\" name=\"name\" maxlength=\"200\" value=\"%h\">\n"
		"<label for=\"role\">%h</label>\n",
		_("Login (a-z, 0-9, . _ -)"), f ? f->login : "", _("Name"), f ? f->name : "",
		_("Role"));
	role_select(r, "role", f ? f->role : NULL);
	html_printf(r,
		"<label for=\"unit\">%h</label>\n"
		"<input id=\"unit\" name=\"unit\" maxlength=\"64\" value=\"%h\">\n"
		"<label for=\"password\">%h</label>\n"
		"<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"new-password\" "
		"minlength=\"%d\" required>\n"
		"<button type=\"submit\">%h</button>\n</form>\n",
		_("Unit code (reporters and staff need one)"), f ? f->unit : "",
		_("Password (at least 8 characters)"), USER_MIN_PASSWORD, _("Add"));

	struct token_rec *tokens;
	size_t nt;
	if (app_token_list(&r->app, &tokens, &nt) != PX_OK) {
		r->status = 500;
		str_reset(&r->out);
		return;
	}
	html_printf(r, "<h3>%h</h3>\n<p>%h</p>\n", _("API tokens"),
	            _("A token is shown only once, when it is made (here, on the user's own token "
	              "page, or by parindex token create LOGIN)."));
	html_printf(r, "<form method=\"post\" action=\"/admin/tokens\">");
	html_csrf_field(r);
	html_printf(r, "<label for=\"token-login\">%h</label>"
	               "<input id=\"token-login\" name=\"login\" required maxlength=\"64\">"
	               "<label for=\"token-label\">%h</label>"
	               "<input id=\"token-label\" name=\"label\" required maxlength=\"200\">"
	               "<button type=\"submit\">%h</button></form>\n",
	            _("Login"), _("What it is for (label)"), _("Create a token"));
	html_printf(r, "<figure><table>\n<thead><tr><th class=\"num\">%h</th><th>%h</th><th>%h</th>"
	               "<th>%h</th><th>%h</th><th></th></tr></thead>\n<tbody>\n",
	            _("Id"), _("Login"), _("Label"), _("Created"), _("Revoked"));
	for (size_t i = 0; i < nt; i++) {
		const struct token_rec *t = &tokens[i];
		html_printf(r, "<tr><td class=\"num\">%lld</td><td>%h</td><td>%h</td><td>%h</td><td>%h</td><td>",
		            (long long)t->id, t->login, t->label, t->created_at,
		            t->revoked_at ? t->revoked_at : "");
		if (!t->revoked_at) {
			html_printf(r, "<form class=\"inline\" method=\"post\" action=\"/admin/tokens/%lld/revoke\">",
			            (long long)t->id);
			html_csrf_field(r);
			html_printf(r, "<button type=\"submit\">%h</button></form>", _("Revoke"));
		}
		html_printf(r, "</td></tr>\n");
	}
	html_printf(r, "</tbody>\n</table></figure>\n");
	html_page_end(r);
}

void page_admin_users(struct req *r)
{
	const char *done = req_param(r, "done");
	const char *flash = NULL;
	if (done && !strcmp(done, "added"))
		flash = _("The user has been added.");
	else if (done && !strcmp(done, "disabled"))
		flash = _("The user has been disabled and signed out.");
	else if (done && !strcmp(done, "revoked"))
		flash = _("The token has been revoked.");
	else if (done && !strcmp(done, "granted"))
		flash = _("The grant has been given.");
	else if (done && !strcmp(done, "grant-revoked"))
		flash = _("The grant has been revoked; the history keeps it.");
	users_page(r, flash, NULL, NULL, NULL);
}

void page_admin_user_add(struct req *r)
{
	struct add_form f = {req_param(r, "login"), req_param(r, "name"), req_param(r, "role"),
	                     req_param(r, "unit")};
	struct diags d;
	diags_init(&d);
	enum px_err e = app_user_add(&r->app, f.login ? f.login : "", f.name, f.role, f.unit,
	                             req_param(r, "password"), NULL, &d);
	if (e == PX_OK) {
		diags_free(&d);
		resp_redirect(r, "/admin/users?done=added");
		return;
	}
	r->status = e == PX_BADINPUT ? 400 : 500;
	if (e == PX_BADINPUT)
		users_page(r, NULL, &d, &f, NULL);
	diags_free(&d);
}

/* POST /admin/grants (login, role, unit) and POST
 * /admin/users/{login}/grants/revoke (role, unit): app_user_grant and
 * app_user_revoke; a refusal draws the page again with the reason and
 * what was typed (400, or 404 for an unknown login or grant). */
static void grant_post(struct req *r, const char *login, bool give)
{
	struct add_form gf = {login, NULL, req_param(r, "role"), req_param(r, "unit")};
	struct diags d;
	diags_init(&d);
	enum px_err e = give ? app_user_grant(&r->app, login ? login : "", gf.role, gf.unit, &d)
	                     : app_user_revoke(&r->app, login ? login : "", gf.role, gf.unit, &d);
	if (e == PX_OK) {
		diags_free(&d);
		resp_redirect(r, give ? "/admin/users?done=granted" : "/admin/users?done=grant-revoked");
		return;
	}
	r->status = e == PX_BADINPUT ? 400 : e == PX_NOTFOUND ? 404 : 500;
	if (e == PX_BADINPUT || e == PX_NOTFOUND)
		users_page(r, NULL, &d, NULL, give ? &gf : NULL);
	diags_free(&d);
}

void page_admin_grant(struct req *r)
{
	grant_post(r, req_param(r, "login"), true);
}

void page_admin_grant_revoke(struct req *r)
{
	grant_post(r, req_path_param(r, 0), false);
}

/* The end of an admin action: back to the user list saying what was done,
 * 404 for an unknown user or token, 500 when it failed. */
static void admin_done(struct req *r, enum px_err e, const char *back)
{
	if (e == PX_OK)
		resp_redirect(r, back);
	else
		r->status = e == PX_NOTFOUND ? 404 : 500;
}

void page_admin_user_disable(struct req *r)
{
	const char *login = req_path_param(r, 0);
	if (!login || !strcmp(login, r->user->login)) {
		html_error_page(r, 400, _("You cannot disable your own account."));
		return;
	}
	admin_done(r, app_user_disable(&r->app, login), "/admin/users?done=disabled");
}

void page_admin_token_revoke(struct req *r)
{
	const char *s = req_path_param(r, 0);
	char *end;
	long long id = s ? strtoll(s, &end, 10) : 0;
	if (!s || !*s || *end || id <= 0) {
		r->status = 404;
		return;
	}
	admin_done(r, app_token_revoke(&r->app, id), "/admin/users?done=revoked");
}

/* ---- the audit log, in words ---- */

struct code_name {
	const char *code, *name; /* name: English msgid */
};

/* Actions, objects, fields and states of audit entries as words; a code
 * not listed shows as it is (a new action is added here). */
static const struct code_name audit_actions[] = {
	{"insert", "Added"}, {"update", "Changed"}, {"delete", "Deleted"},
	{"create", "Record created"}, {"import", "Imported"}, {"publish", "Published"},
	{"demo", "Demo data loaded"}, {"login", "Signed in"}, {"logout", "Signed out"},
	{"disable", "Disabled"}, {"revoke", "Access revoked"}, {"compute", "Computed"},
	{"define", "Defined"}, {"council", "Council decision recorded"},
	{"lang", "Language chosen"}, {"password", "Password changed"},
	{"token", "API token created"},
	{"cycle:open", "Cycle opened"}, {"cycle:advance", "Cycle moved to its next phase"},
	{"cycle:publish", "Results published"},
	{"assessment:self-assess", "Self-score saved"}, {"assessment:upload", "Evidence uploaded"},
	{"assessment:submit", "Self-assessment submitted"},
	{"assessment:extend", "Deadline extended"}, {"assessment:assign", "Appraiser assigned"},
	{"assessment:unassign", "Appraiser unassigned"},
	{"assessment:appraise", "Appraised points proposed"},
	{"assessment:reply", "Reply to an adjustment"}, {"assessment:decide", "Decision on a reply"},
};
static const struct code_name audit_entities[] = {
	{"assessment_score", "assessment score"}, {"metric", "metric"},
	{"metric_value", "metric value"}, {"staff", "staff member"}, {"unit", "unit"},
	{"user", "user"}, {"session", "session"}, {"setting", "setting"},
	{"framework", "framework"}, {"assessment", "assessment"}, {"dossier", "dossiers"},
	{"cycle", "cycle"}, {"api_token", "API token"}, {"database", "database"},
	{"service_index", "service index"},
};
static const struct code_name audit_fields[] = {
	{"self", "self score"}, {"appraised", "appraised points"}, {"note", "note"},
	{"value", "value"}, {"source", "source"}, {"name", "name"}, {"unit", "unit"},
	{"category", "category"}, {"position", "position"}, {"kind", "kind"},
	{"parent", "parent unit"}, {"valid_from", "valid from"}, {"valid_to", "valid to"},
	{"payroll_quota", "payroll quota"}, {"successors", "successors"}, {"role", "role"},
	{"file", "file"}, {"sha256", "SHA-256 fingerprint"}, {"rows", "rows"},
	{"inserted", "added"}, {"updated", "changed"}, {"unchanged", "unchanged"},
	{"replaced", "replaced"}, {"unit_months", "unit-months"},
	{"metric_values", "metric values"}, {"title", "title"}, {"year", "year"},
	{"criteria", "criteria"}, {"bytes", "bytes"}, {"catalogue", "catalogue"},
	{"version", "version"}, {"units", "units"}, {"ranked", "ranked"},
	{"changed", "changed"}, {"addr", "address"}, {"phase", "phase"},
	{"submitted", "submitted"}, {"criterion", "criterion"}, {"reason", "reason"},
	{"until", "until"}, {"login", "login"}, {"label", "label"}, {"lang", "language"},
	{"self_until", "self-assessment until"}, {"appraisal_until", "appraisal until"},
	{"reply_until", "replies until"}, {"quorum", "quorum"}, {"decision", "decision"},
	{"doc_number", "document number"}, {"doc_date", "document date"},
	{"size", "size"}, {"evidence", "evidence"},
};
static const struct code_name audit_values[] = {
	{"draft", "Draft"}, {"submitted", "Submitted"}, {"self", "Self-assessment"},
	{"appraisal", "Appraisal"}, {"reply", "Replies"}, {"decision", "Council review"},
	{"approved", "Approved"}, {"published", "Published"},
	{"commune", "commune"}, {"ward", "ward"}, {"department", "department"},
	{"district", "district"}, {"province", "province"}, {"city", "city"},
	{"admin", "administrator"}, {"office", "PAR office"}, {"leader", "leader"},
	{"appraiser", "council member"}, {"inspector", "inspector"},
	{"reporter", "unit focal point"}, {"staff", "staff member"},
	{"civil_servant", "civil servant"}, {"public_employee", "public employee"},
	{"added on import", "added on import"},
};

static const char *code_word(struct req *r, const struct code_name *v, size_t n,
                             const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].code, code))
			return _(v[i].name);
	return code;
}
#define WORD(tab, code) code_word(r, tab, sizeof tab / sizeof tab[0], code)

/* A JSON value as text a person reads. */
static const char *audit_value(struct req *r, json_t *v)
{
	if (json_is_string(v))
		return WORD(audit_values, json_string_value(v));
	if (json_is_null(v))
		return "—";
	if (json_is_true(v))
		return _("yes");
	if (json_is_false(v))
		return _("no");
	if (json_is_integer(v))
		return arena_printf(r->arena, "%lld", (long long)json_integer_value(v));
	if (json_is_number(v))
		return page_num(r, json_number_value(v), 2);
	if (json_is_array(v)) {
		if (!json_array_size(v))
			return "—";
		struct str s;
		str_init(&s, 0);
		size_t i;
		json_t *it;
		json_array_foreach(v, i, it)
		{
			if (i)
				str_adds(&s, ", ");
			str_adds(&s, audit_value(r, it));
		}
		char *out = arena_strdup(r->arena, str_cstr(&s));
		str_free(&s);
		return out;
	}
	return _("(structured value)");
}

/* The detail of an entry: "Moved from Draft to Submitted", then one
 * "field: value" per other key; the stored text stays available. */
static const char *audit_detail_html(struct req *r, const char *detail)
{
	json_t *j = json_loads(detail ? detail : "", 0, NULL);
	if (!json_is_object(j)) {
		json_decref(j);
		return detail && *detail ? html_arena(r, "%h", detail) : "";
	}
	struct str s;
	str_init(&s, 0);
	json_t *from = json_object_get(j, "from"), *to = json_object_get(j, "to");
	if (json_is_string(from) && json_is_string(to)) {
		if (strcmp(json_string_value(from), json_string_value(to)))
			html_strf(&s, "<p>%h %h %h %h</p>", _("Moved from"), audit_value(r, from),
			          _("to"), audit_value(r, to));
		else
			html_strf(&s, "<p>%h: %h</p>", _("state"), audit_value(r, from));
	}
	const char *k;
	json_t *v;
	bool any = false;
	json_object_foreach(j, k, v)
	{
		if (json_is_string(from) && json_is_string(to) && (!strcmp(k, "from") || !strcmp(k, "to")))
			continue;
		if (!any)
			html_strf(&s, "<ul class=\"detail\">");
		any = true;
		html_strf(&s, "<li>%h: %h</li>", WORD(audit_fields, k), audit_value(r, v));
	}
	if (any)
		html_strf(&s, "</ul>");
	json_decref(j);
	char *out = arena_strdup(r->arena, str_error(&s) ? "" : str_cstr(&s));
	str_free(&s);
	return out;
}

enum { AC_SEQ, AC_AT, AC_WHO, AC_ACTION, AC_OBJECT, AC_DETAIL, AC_N };

static void audit_fill(struct req *r, const void *item, const char **cells)
{
	const struct audit_rec *v = item;
	char at[DATETIME_LOCAL_LEN];
	cells[AC_SEQ] = html_arena(r, "%lld", (long long)v->seq);
	cells[AC_AT] = html_arena(r, "<time datetime=\"%h\">%h</time>", v->at,
	                          datetime_text_local(v->at, at));
	cells[AC_WHO] = html_arena(r, "%h", v->actor);
	cells[AC_ACTION] = html_arena(r, "%h", WORD(audit_actions, v->action));
	cells[AC_OBJECT] = html_arena(r, "%h <small>%h</small>", WORD(audit_entities, v->entity),
	                              v->key);
	cells[AC_DETAIL] = audit_detail_html(r, v->detail);
}

void page_admin_audit(struct req *r)
{
	static const struct tv_col cols_en[AC_N] = {
		{"seq", "#", NULL, TV_NUM}, {"time", "Time", NULL, TV_NUM},
		{"who", "Who", NULL, TV_TEXT}, {"action", "Action", NULL, TV_TEXT},
		{"object", "Object", NULL, TV_TEXT}, {NULL, "Detail", NULL, TV_TEXT}};
	struct tv_col *cols = arena_array(r->arena, AC_N, sizeof *cols);
	for (size_t c = 0; c < AC_N; c++) {
		cols[c] = cols_en[c];
		cols[c].title = _(cols_en[c].title);
	}
	struct table_view tv = {.base = "/admin/audit", .label = _("Audit log"),
	                        .what = _("entries"), .none = _("The audit log is empty."),
	                        .search_label = _("Who, object or detail"), .cols = cols,
	                        .ncol = AC_N, .per_page = AUDIT_PAGE, .fill = audit_fill};
	if (!tv_parse(r, &tv)) {
		page_bad_param(r, _(tv.error));
		return;
	}
	/* the same verdict as `parindex audit verify`: chain and anchor */
	struct audit_verdict av;
	bool verified = audit_check(r->app.db, NULL, &av) == PX_OK;
	int64_t checked = av.walk.checked, bad = av.walk.bad_seq;
	struct audit_rec *v;
	size_t n;
	long total;
	/* every entry (newest first): search and filters see the whole log;
	 * only the shown page is rendered */
	if (app_audit_page(&r->app, 0, 1, &v, &n, &total) != PX_OK ||
	    app_audit_page(&r->app, 0, total > 0 ? total : 1, &v, &n, &total) != PX_OK) {
		r->status = 500;
		return;
	}
	const char **acts = arena_array(r->arena, sizeof audit_actions / sizeof audit_actions[0] + 1,
	                                sizeof *acts);
	const char **act_labels = arena_array(r->arena,
	                                      sizeof audit_actions / sizeof audit_actions[0] + 1,
	                                      sizeof *act_labels);
	size_t nacts = 0;
	for (size_t a = 0; a < sizeof audit_actions / sizeof audit_actions[0]; a++) {
		acts[nacts] = audit_actions[a].code;
		act_labels[nacts++] = _(audit_actions[a].name);
	}
	tv.filters[0] = (struct tv_filter){"kind", _("Action"), acts, act_labels, nacts};
	tv.nfilter = 1;
	struct tv_row *rows = arena_array(r->arena, n + 1, sizeof *rows);
	for (size_t i = 0; i < n; i++) {
		struct tv_row *t = &rows[i];
		t->text = arena_array(r->arena, AC_N, sizeof *t->text);
		t->num = arena_array(r->arena, AC_N, sizeof *t->num);
		t->num[AC_SEQ] = t->num[AC_AT] = (double)v[i].seq;
		t->text[AC_WHO] = v[i].actor;
		t->text[AC_ACTION] = WORD(audit_actions, v[i].action);
		t->text[AC_OBJECT] = v[i].key;
		t->search = arena_printf(r->arena, "%s %s %s %s", v[i].actor, v[i].key,
		                         WORD(audit_entities, v[i].entity), v[i].detail);
		t->attr[0] = v[i].action;
		t->item = &v[i];
	}
	if (!tv_apply(r, &tv, rows, n)) {
		page_bad_param(r, _(tv.error));
		return;
	}
	html_page_begin(r, _("Audit log"));
	if (!verified)
		html_printf(r, "<p class=\"flash error\">%h</p>\n",
		            _("The chain could not be checked (database error)."));
	else if (bad)
		html_printf(r, "<p class=\"flash error\" role=\"alert\">%h %lld.</p>\n",
		            _("The audit log has been tampered with: the hash chain breaks at entry"),
		            (long long)bad);
	else if (av.anchor_state == AUDIT_ANCHOR_OK && av.anchor_mark.state == AUDIT_MARK_MISSING)
		html_printf(r, "<p class=\"flash error\" role=\"alert\">%h %lld–%lld.</p>\n",
		            _("The newest audit entries were deleted; missing entries:"),
		            (long long)av.walk.last.seq + 1, (long long)av.anchor.head.seq);
	else if (av.anchor_state == AUDIT_ANCHOR_OK && av.anchor_mark.state == AUDIT_MARK_DIFFERS)
		html_printf(r, "<p class=\"flash error\" role=\"alert\">%h %lld.</p>\n",
		            _("The audit log was rewritten: it differs from the anchored head at entry"),
		            (long long)av.anchor.head.seq);
	else if (!av.intact)
		html_printf(r, "<p class=\"flash error\" role=\"alert\">%h</p>\n",
		            av.anchor_state == AUDIT_ANCHOR_NO_KEY ||
		                            av.anchor_state == AUDIT_ANCHOR_UNCONFIGURED
		                    ? _("This database has no audit anchor key: deletion of the newest "
		                        "entries cannot be ruled out.")
		                    : _("The audit anchor file is missing or altered: deletion of the "
		                        "newest entries cannot be ruled out."));
	else
		html_printf(r, "<p class=\"flash\" role=\"status\">%h: %lld %h.</p>\n",
		            _("Hash chain intact"), (long long)checked, _("entries checked"));
	if (verified && av.intact && av.behind)
		html_printf(r, "<p class=\"flash\">%h %lld.</p>\n",
		            _("Warning: the anchor is behind (last write not anchored) by entries:"),
		            (long long)av.behind);
	html_printf(r, "<p>%h</p>\n", _("Times are Vietnam time (UTC+07:00)."));
	tv_render(r, &tv);
	html_page_end(r);
}
