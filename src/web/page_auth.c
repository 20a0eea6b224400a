/*
 * Sign-in, sign-out and the user's own account. The router has already
 * checked the capability and, for every POST, the CSRF token and the
 * origin; these handlers call app/user.c and never see a password hash or
 * a stored token. A failed sign-in says only "wrong login or password"
 * (never which), keeps the login typed, and sets no cookie.
 */
#include "app/user.h"
#include "base/arena.h"
#include "base/log.h"
#include "core/roles.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/route.h"
#include "web/server.h"

#include <string.h>

/* A local path to go back to after signing in, or NULL. */
static const char *safe_next(const char *next)
{
	if (!http_path_is_local(next) || strlen(next) > 1024)
		return NULL;
	if (!strncmp(next, "/login", 6) || !strncmp(next, "/logout", 7))
		return NULL;
	return next;
}

/* Where a user lands after signing in: the dashboard when the role may
 * see it (per the route table), else their unit, else the account page. */
static const char *home_of(struct req *r, const struct user_rec *u)
{
	bool known;
	struct req probe = {.arena = r->arena};
	const struct route *home = route_match(&probe, "GET", "/", &known);
	if (home && role_has_cap(u->role, home->cap))
		return "/";
	if (u->unit_code) {
		struct str s;
		str_init(&s, 1024);
		html_strf(&s, "/units/%u", u->unit_code);
		char *p = arena_strdup(r->arena, str_cstr(&s));
		str_free(&s);
		return p;
	}
	return "/account";
}

static void login_form(struct req *r, const char *login, const char *error)
{
	html_page_begin(r, _("Sign in"));
	if (error)
		html_printf(r, "<p class=\"flash error\" role=\"alert\">%h</p>\n", error);
	if (r->user && !error)
		html_printf(r, "<p>%h <strong>%h</strong>.</p>\n", _("You are signed in as"),
		            r->user->login);
	const char *next = safe_next(req_param(r, "next"));
	html_printf(r, "<form method=\"post\" action=\"/login\">\n");
	html_csrf_field(r);
	if (next)
		html_printf(r, "<input type=\"hidden\" name=\"next\" value=\"%h\">\n", next);
	html_printf(r,
		"<label for=\"login\">%h</label>\n"
		"<input id=\"login\" name=\"login\" autocomplete=\"username\" required maxlength=\"64\" "
		"value=\"%h\" autofocus>\n"
		"<label for=\"password\">%h</label>\n"
		"<input id=\"password\" name=\"password\" type=\"password\" "
		"autocomplete=\"current-password\" required>\n"
		"<button type=\"submit\">%h</button>\n</form>\n",
		_("Login"), login ? login : "", _("Password"), _("Sign in"));
	html_printf(r, "<p><a href=\"/public\">%h</a></p>\n",
	            _("Published results are open to everyone without signing in."));
	html_page_end(r);
}

void page_login_form(struct req *r)
{
	login_form(r, NULL, NULL);
}

void page_login_post(struct req *r)
{
	const char *login = req_param(r, "login");
	const char *password = req_param(r, "password");
	if (!login || !*login || !password || !*password) {
		r->status = 400;
		login_form(r, login, _("Enter your login and password."));
		return;
	}
	struct session s;
	enum login_result lr = app_login(&r->app, login, password, req_client_ip(r), &s);
	switch (lr) {
	case LOGIN_OK:
		break;
	case LOGIN_THROTTLED:
		log_warn("%s: sign-in throttled for this login or address", r->id);
		r->status = 429;
		login_form(r, login,
		           _("Too many failed sign-ins. Wait 15 minutes and try again."));
		return;
	case LOGIN_BAD:
		r->status = 401;
		login_form(r, login, _("Wrong login or password."));
		return;
	default:
		r->status = 500;
		return;
	}
	resp_cookie(r, "parindex_session", s.token, SESSION_MAX_SECONDS);
	resp_cookie(r, "parindex_csrf", "", 0);
	const char *next = safe_next(req_param(r, "next"));
	resp_redirect(r, next ? next : home_of(r, &s.user));
}

void page_logout(struct req *r)
{
	const char *token = req_cookie(r, "parindex_session");
	if (token)
		app_logout(&r->app, token);
	resp_cookie(r, "parindex_session", "", 0);
	resp_redirect(r, "/login");
}

static void account_page(struct req *r, const char *flash, const char *error)
{
	struct web_user *u = r->user;
	html_page_begin(r, _("Account"));
	if (flash)
		html_printf(r, "<p class=\"flash\" role=\"status\">%h</p>\n", flash);
	if (error)
		html_printf(r, "<p class=\"flash error\" role=\"alert\">%h</p>\n", error);
	html_printf(r, "<table>\n<tr><th>%h</th><td>%h</td></tr>\n<tr><th>%h</th><td>%h</td></tr>\n"
	               "<tr><th>%h</th><td>%h</td></tr>\n",
	            _("Login"), u->login, _("Name"), u->name, _("Role"), _(u->role));
	if (u->unit_code)
		html_printf(r, "<tr><th>%h</th><td><a href=\"/units/%u\">%h</a></td></tr>\n", _("Unit"),
		            u->unit_code, u->unit_code);
	html_printf(r, "</table>\n");
	html_printf(r, "<p><a href=\"/account/tokens\">%h</a></p>\n", _("My API tokens"));

	html_printf(r, "<h3>%h</h3>\n<form method=\"post\" action=\"/lang\">\n", _("Language"));
	html_csrf_field(r);
	html_printf(r, "<input type=\"hidden\" name=\"next\" value=\"/account\">\n"
	               "<select name=\"lang\" aria-label=\"%h\">\n"
	               "<option value=\"vi\"%s>Tiếng Việt</option>\n"
	               "<option value=\"en\"%s>English</option>\n</select>\n"
	               "<button type=\"submit\">%h</button>\n</form>\n",
	            _("Language"), strcmp(r->lang, "en") ? " selected" : "",
	            strcmp(r->lang, "en") ? "" : " selected", _("Save"));

	if (!u->via_token) {
		html_printf(r, "<h3>%h</h3>\n<form method=\"post\" action=\"/account/password\">\n",
		            _("Change password"));
		html_csrf_field(r);
		html_printf(r,
			"<label for=\"current_password\">%h</label>\n"
			"<input id=\"current_password\" name=\"current_password\" type=\"password\" "
			"autocomplete=\"current-password\" required>\n"
			"<label for=\"new_password\">%h</label>\n"
			"<input id=\"new_password\" name=\"new_password\" type=\"password\" "
			"autocomplete=\"new-password\" minlength=\"%d\" required>\n"
			"<label for=\"new_password2\">%h</label>\n"
			"<input id=\"new_password2\" name=\"new_password2\" type=\"password\" "
			"autocomplete=\"new-password\" minlength=\"%d\" required>\n"
			"<button type=\"submit\">%h</button>\n</form>\n",
			_("Current password"), _("New password (at least 8 characters)"),
			USER_MIN_PASSWORD, _("New password again"), USER_MIN_PASSWORD,
			_("Change password"));
	}
	html_page_end(r);
}

void page_account(struct req *r)
{
	const char *done = req_param(r, "done");
	const char *flash = NULL;
	if (done && !strcmp(done, "password"))
		flash = _("Your password has been changed. Your other sessions were signed out.");
	else if (done && !strcmp(done, "lang"))
		flash = _("Your language has been saved.");
	account_page(r, flash, NULL);
}

void page_account_password(struct req *r)
{
	const char *cur = req_param(r, "current_password");
	const char *n1 = req_param(r, "new_password");
	const char *n2 = req_param(r, "new_password2");
	if (r->user->via_token) {
		r->wants_json = true;
		resp_json_error(r, 403, _("Passwords are changed in a signed-in browser session."));
		return;
	}
	if (!cur || !n1 || !n2 || !*cur || !*n1) {
		r->status = 400;
		account_page(r, NULL, _("Fill in every password field."));
		return;
	}
	if (strcmp(n1, n2)) {
		r->status = 400;
		account_page(r, NULL, _("The two new passwords differ."));
		return;
	}
	struct diags d;
	diags_init(&d);
	enum px_err e = app_password_change(&r->app, r->user->id, cur, n1,
	                                    req_cookie(r, "parindex_session"), &d);
	diags_free(&d);
	switch (e) {
	case PX_OK:
		resp_redirect(r, "/account?done=password");
		return;
	case PX_DENIED:
		r->status = 400;
		account_page(r, NULL, _("The current password is wrong."));
		return;
	case PX_BADINPUT:
		r->status = 400;
		account_page(r, NULL, _("A password needs at least 8 characters."));
		return;
	default:
		r->status = 500;
		return;
	}
}

void page_lang(struct req *r)
{
	const char *lang = req_param(r, "lang");
	if (!lang || (strcmp(lang, "vi") && strcmp(lang, "en"))) {
		r->status = 400;
		return;
	}
	r->lang = !strcmp(lang, "en") ? "en" : "vi";
	resp_cookie(r, "parindex_lang", r->lang, 365L * 24 * 3600);
	if (r->user && app_user_set_lang(&r->app, r->user->id, r->lang) != PX_OK) {
		r->status = 500;
		return;
	}
	const char *next = safe_next(req_param(r, "next"));
	if (next && !strcmp(next, "/account"))
		next = "/account?done=lang";
	resp_redirect(r, next ? next : "/");
}
