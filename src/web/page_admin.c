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
#include "web/audit_words.h"
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

/* ---- the audit log, in words (web/audit_words.c) ---- */

enum { AC_SEQ, AC_AT, AC_WHO, AC_ACTION, AC_OBJECT, AC_DETAIL, AC_N };

static void audit_fill(struct req *r, const void *item, const char **cells)
{
	const struct audit_rec *v = item;
	char at[DATETIME_LOCAL_LEN];
	cells[AC_SEQ] = html_arena(r, "%lld", (long long)v->seq);
	cells[AC_AT] = html_arena(r, "<time datetime=\"%h\">%h</time>", v->at,
	                          datetime_text_local(v->at, at));
	cells[AC_WHO] = html_arena(r, "%h", v->actor);
	cells[AC_ACTION] = html_arena(r, "%h", web_audit_action(r, v->action));
	cells[AC_OBJECT] = html_arena(r, "%h <small>%h</small>", web_audit_entity(r, v->entity),
	                              v->key);
	cells[AC_DETAIL] = web_audit_detail_html(r, v->detail);
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
	size_t nknown = web_audit_action_count(), nacts = 0;
	const char **acts = arena_array(r->arena, nknown + 1, sizeof *acts);
	const char **act_labels = arena_array(r->arena, nknown + 1, sizeof *act_labels);
	for (size_t a = 0; a < nknown; a++) {
		const char *code = web_audit_action_code(a);
		bool seen = false;
		for (size_t k = 0; k < nacts && !seen; k++)
			seen = !strcmp(acts[k], code);
		if (seen)
			continue;
		acts[nacts] = code;
		act_labels[nacts++] = web_audit_action(r, code);
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
		t->text[AC_ACTION] = web_audit_action(r, v[i].action);
		t->text[AC_OBJECT] = v[i].key;
		t->search = arena_printf(r->arena, "%s %s %s %s", v[i].actor, v[i].key,
		                         web_audit_entity(r, v[i].entity), v[i].detail);
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
