/*
 * API tokens on the web: every signed-in user lists, creates and revokes
 * their own (/account/tokens); the admin also creates one for any user
 * (/admin/tokens, the list and revocation being on /admin/users). The
 * same app/user.c functions as `parindex token create/revoke`. A new
 * token's secret is in the answer to the POST that made it, once: the
 * page is not a redirect, is never cached (no-store), and the secret is
 * stored nowhere but as its hash. Tokens are made only from a browser
 * session, never with a token.
 */
#include "app/user.h"
#include "base/arena.h"
#include "web/html.h"
#include "web/page_common.h"
#include "web/pages.h"

#include <stdlib.h>
#include <string.h>

#define TOKEN_LABEL_MAX 200 /* bytes */

static void token_table(struct req *r, const struct token_rec *t, size_t n, bool with_login)
{
	if (!n) {
		html_printf(r, "<p>%h</p>", _("You have no API token yet."));
		return;
	}
	html_printf(r, "<div class=\"scroll\" role=\"region\" aria-label=\"%h\" tabindex=\"0\">"
	               "<table><thead><tr><th scope=\"col\" class=\"num\">%h</th>",
	            _("API tokens"), _("Id"));
	if (with_login)
		html_printf(r, "<th scope=\"col\">%h</th>", _("Login"));
	html_printf(r, "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
	               "<th scope=\"col\"><span class=\"visually-hidden\">%h</span></th></tr></thead><tbody>",
	            _("Label"), _("Created"), _("Revoked"), _("Revoke"));
	for (size_t i = 0; i < n; i++) {
		html_printf(r, "<tr><td class=\"num\">%lld</td>", (long long)t[i].id);
		if (with_login)
			html_printf(r, "<td>%h</td>", t[i].login);
		html_printf(r, "<td>%h</td><td>%h</td><td>%h</td><td>", t[i].label, t[i].created_at,
		            t[i].revoked_at ? t[i].revoked_at : "");
		if (!t[i].revoked_at) {
			html_printf(r, "<form class=\"inline\" method=\"post\" "
			               "action=\"/account/tokens/%lld/revoke\">", (long long)t[i].id);
			html_csrf_field(r);
			html_printf(r, "<button type=\"submit\" aria-label=\"%h %lld\">%h</button></form>",
			            _("Revoke token"), (long long)t[i].id, _("Revoke"));
		}
		html_printf(r, "</td></tr>");
	}
	html_printf(r, "</tbody></table></div>");
}

/* The token page; secret: a token just made (shown this once), or NULL. */
static void tokens_page(struct req *r, const char *secret, const char *error)
{
	struct token_rec *t;
	size_t n;
	if (app_token_list_of(&r->app, r->user->login, &t, &n) != PX_OK) {
		page_error(r, 500, "Internal error");
		return;
	}
	html_page_begin(r, _("API tokens"));
	if (error)
		html_printf(r, "<p class=\"flash error\" role=\"alert\">%h</p>", error);
	if (secret)
		html_printf(r, "<section class=\"flash\" role=\"status\"><p>%h</p>"
		               "<p class=\"token-secret\"><code id=\"token-secret\">%h</code></p></section>",
		            _("Your new token. Copy it now: it is shown only this once and cannot be "
		              "shown again."),
		            secret);
	html_printf(r, "<p>%h</p>",
	            _("A token lets a program use the JSON API as you (header Authorization: "
	              "Bearer TOKEN). Revoke it when the program no longer needs it."));
	token_table(r, t, n, false);
	html_printf(r, "<h3>%h</h3><form method=\"post\" action=\"/account/tokens\">",
	            _("Create a token"));
	html_csrf_field(r);
	html_printf(r, "<label for=\"token-label\">%h</label>"
	               "<input id=\"token-label\" name=\"label\" maxlength=\"%d\" required>"
	               "<button type=\"submit\">%h</button></form>",
	            _("What it is for (label)"), TOKEN_LABEL_MAX, _("Create a token"));
	html_page_end(r);
}

void page_tokens(struct req *r)
{
	tokens_page(r, NULL, NULL);
}

/* Creates a token for login; draws page (self: the token page; else the
 * admin's answer) with the secret. */
static void create(struct req *r, const char *login, bool self)
{
	const char *label = req_param(r, "label");
	if (r->user->via_token) {
		page_error(r, 403, "API tokens are made in a signed-in browser session.");
		return;
	}
	if (!label || !*label || strlen(label) > TOKEN_LABEL_MAX) {
		r->status = 422;
		if (self)
			tokens_page(r, NULL, _("Give the token a label of at most 200 characters."));
		else
			page_error(r, 422, "Give the token a label of at most 200 characters.");
		return;
	}
	int64_t id;
	const char *secret;
	enum px_err e = app_token_create(&r->app, login ? login : "", label, &id, &secret);
	if (e == PX_NOTFOUND) {
		page_error(r, 404, "No such user.");
		return;
	}
	if (e != PX_OK) {
		page_error(r, 500, "Internal error");
		return;
	}
	resp_header(r, "Cache-Control", "no-store");
	if (self) {
		tokens_page(r, secret, NULL);
		return;
	}
	html_page_begin(r, _("API tokens"));
	html_printf(r, "<section class=\"flash\" role=\"status\"><p>%h %h. %h</p>"
	               "<p class=\"token-secret\"><code id=\"token-secret\">%h</code></p></section>"
	               "<p><a href=\"/admin/users\">%h</a></p>",
	            _("A new token for"), login,
	            _("Copy it now: it is shown only this once and cannot be shown again."), secret,
	            _("Back to the users"));
	html_page_end(r);
}

void page_token_create(struct req *r)
{
	create(r, r->user->login, true);
}

void page_admin_token_create(struct req *r)
{
	create(r, req_param(r, "login"), false);
}

void page_token_revoke(struct req *r)
{
	const char *s = req_path_param(r, 0);
	char *end;
	long long id = s ? strtoll(s, &end, 10) : 0;
	if (!s || !*s || *end || id <= 0) {
		page_error(r, 404, "Page not found");
		return;
	}
	enum px_err e = app_token_revoke_of(&r->app, r->user->login, false, id);
	if (e == PX_NOTFOUND) {
		page_error(r, 404, "Page not found");
		return;
	}
	if (e != PX_OK) {
		page_error(r, 500, "Internal error");
		return;
	}
	page_flash(r, false, "The token has been revoked.");
	resp_redirect(r, "/account/tokens");
}
