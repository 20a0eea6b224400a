/*
 * HTML output (html.h). html_printf is a small hand-written formatter, not
 * a wrapper around vsnprintf: its conversions escape by default, and a
 * conversion it does not know aborts (a bug found by the first test that
 * renders the page) instead of printing something half-escaped. The page
 * layout lives here too, so every page has the same head (CSS, CSP nonce),
 * navigation (from the user's capabilities), language switch and footer.
 */
#include "web/html.h"
#include "app/access.h"
#include "app/flash.h"
#include "app/evaluation.h"
#include "web/page_common.h"
#include "base/arena.h"
#include "core/roles.h"
#include "web/server.h"

#include <pthread.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define APP_TITLE "parindex — Cải cách hành chính"

static void add_html(struct str *s, const char *v)
{
	if (!v)
		return;
	const char *run = v;
	for (const char *p = v; *p; p++) {
		const char *e;
		switch (*p) {
		case '&': e = "&amp;"; break;
		case '<': e = "&lt;"; break;
		case '>': e = "&gt;"; break;
		case '"': e = "&quot;"; break;
		case '\'': e = "&#39;"; break;
		default: continue;
		}
		str_add(s, run, (size_t)(p - run));
		str_adds(s, e);
		run = p + 1;
	}
	str_adds(s, run);
}

static void add_url(struct str *s, const char *v)
{
	static const char hex[] = "0123456789ABCDEF";
	if (!v)
		return;
	for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
		unsigned char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~') {
			str_addc(s, (char)c);
		} else {
			char b[3] = {'%', hex[c >> 4], hex[c & 15]};
			str_add(s, b, 3);
		}
	}
}

static _Noreturn void bad_format(const char *fmt, const char *at)
{
	fprintf(stderr, "parindex: html_printf: unknown conversion at \"%.10s\" in \"%s\" (a bug)\n",
	        at, fmt);
	abort();
}

static void html_vstrf(struct str *s, const char *fmt, va_list ap)
{
	const char *p = fmt;
	while (*p) {
		const char *pct = strchr(p, '%');
		if (!pct) {
			str_adds(s, p);
			return;
		}
		str_add(s, p, (size_t)(pct - p));
		const char *c = pct + 1;
		char num[64];
		switch (*c) {
		case 'h':
			add_html(s, va_arg(ap, const char *));
			c++;
			break;
		case 'u':
			add_url(s, va_arg(ap, const char *));
			c++;
			break;
		case 'j': {
			const char *v = va_arg(ap, const char *);
			if (v)
				str_add_json(s, v);
			else
				str_adds(s, "null");
			c++;
			break;
		}
		case 's': {
			const char *v = va_arg(ap, const char *);
			if (v)
				str_adds(s, v);
			c++;
			break;
		}
		case 'd':
			snprintf(num, sizeof num, "%d", va_arg(ap, int));
			str_adds(s, num);
			c++;
			break;
		case 'l':
			if (c[1] == 'd') {
				snprintf(num, sizeof num, "%ld", va_arg(ap, long));
				c += 2;
			} else if (c[1] == 'l' && c[2] == 'd') {
				snprintf(num, sizeof num, "%lld", va_arg(ap, long long));
				c += 3;
			} else {
				bad_format(fmt, pct);
			}
			str_adds(s, num);
			break;
		case 'z':
			if (c[1] != 'u')
				bad_format(fmt, pct);
			snprintf(num, sizeof num, "%zu", va_arg(ap, size_t));
			str_adds(s, num);
			c += 2;
			break;
		case '.': {
			if (c[1] < '0' || c[1] > '9' || c[2] != 'f')
				bad_format(fmt, pct);
			int prec = c[1] - '0';
			double v = va_arg(ap, double);
			if (v != v)
				snprintf(num, sizeof num, "–");
			else
				snprintf(num, sizeof num, "%.*f", prec, v);
			str_adds(s, num);
			c += 3;
			break;
		}
		case '%':
			str_addc(s, '%');
			c++;
			break;
		default:
			bad_format(fmt, pct);
		}
		p = c;
	}
}

void html_strf(struct str *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	html_vstrf(s, fmt, ap);
	va_end(ap);
}

void html_printf(struct req *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	html_vstrf(&r->out, fmt, ap);
	va_end(ap);
}

char *html_arena(struct req *r, const char *fmt, ...)
{
	struct str s;
	str_init(&s, 0);
	va_list ap;
	va_start(ap, fmt);
	html_vstrf(&s, fmt, ap);
	va_end(ap);
	char *out = arena_strndup(r->arena, str_error(&s) ? "" : str_cstr(&s),
	                          str_error(&s) ? 0 : s.len);
	str_free(&s);
	return out;
}

void html_table_begin(struct req *r, const char *label)
{
	html_printf(r, "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" "
	               "aria-label=\"%h\"><table>", label);
}

void html_table_end(struct req *r)
{
	html_printf(r, "</table></div>");
}

/* ---- layout ---- */

/* The navigation: one row per link, shown when a grant of the user gives
 * cap (a city-wide grant for the views of every unit). */
static const struct {
	const char *path, *label; /* label: English msgid */
	enum cap cap;
	bool anonymous_only, signed_in_only, city_wide;
} nav[] = {
	{"/", "Dashboard", CAP_READ, false, false, true},
	{"/", "Home", CAP_LOGIN, false, true},
	{"/notices", "Waiting for me", CAP_LOGIN, false, true},
	{"/plans", "PAR plans", CAP_LOGIN, false, true},
	{"/inspections", "PAR inspections", CAP_LOGIN, false, true},
	{"/frameworks", "Frameworks", CAP_READ, false, false},
	{"/cycles", "Assessment cycles", CAP_READ, false, false, false}, /* filtered: app_may_see_framework */
	{"/dossiers", "Service quality", CAP_READ, false, false, true},
	{"/surveys", "Surveys", CAP_READ, false, false, true},
	{"/evaluation", "Evaluations", CAP_LOGIN, false, true}, /* filtered: app_eval_has_any */
	{"/emulation", "Emulation", CAP_READ, false, true},
	{"/public", "Published results", CAP_PUBLIC, false, false},
	{"/admin/users", "Users", CAP_ADMIN, false, false},
	{"/admin/audit", "Audit log", CAP_ADMIN, false, false},
	{"/account", "Account", CAP_LOGIN, false, true},
	{"/login", "Sign in", CAP_PUBLIC, true, false},
};

/* The version of the assets (CSS and script), for a cache-busting query
 * (computed once). */
static char css_ver[17];
static void css_version_init(void)
{
	crypto_generichash_state st;
	unsigned char h[8];
	crypto_generichash_init(&st, NULL, 0, sizeof h);
	for (const struct embedded_file *f = assets_files; f->name; f++)
		crypto_generichash_update(&st, (const unsigned char *)f->data, f->len);
	crypto_generichash_final(&st, h, sizeof h);
	sodium_bin2hex(css_ver, sizeof css_ver, h, sizeof h);
}

const char *html_css_version(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, css_version_init);
	return css_ver;
}

/* The current URL with lang=L instead of any lang parameter. */
static void lang_link(struct req *r, const char *lang)
{
	html_printf(r, "%h?", http_local_path(r->arena, r->path));
	for (size_t i = 0; i < r->nquery; i++)
		if (strcmp(r->query[i].key, "lang"))
			html_printf(r, "%u=%u&amp;", r->query[i].key, r->query[i].value);
	html_printf(r, "lang=%s", lang);
}

/* The session's one-time message (app/flash.h): taken by the first page
 * of a GET (a page drawn after a form's redirect), drawn by every page
 * begun in this request (an error page that replaces the first one too).
 * Messages never come from the URL. */
static void flash_show(struct req *r)
{
	if (!r->flash_taken && r->user && !r->user->via_token && r->app.db &&
	    !strcmp(r->method, "GET")) {
		r->flash_taken = true;
		bool error;
		const char *msg;
		if (app_flash_take(&r->app, req_cookie(r, "parindex_session"), &error, &msg) == PX_OK) {
			r->flash = msg;
			r->flash_error = error;
		}
	}
	if (!r->flash)
		return;
	if (r->flash_error)
		html_printf(r, "<p class=\"flash error\" role=\"alert\" id=\"flash\" "
		               "data-flash=\"error\">%h</p>\n", r->flash);
	else
		html_printf(r, "<p class=\"flash\" role=\"status\" id=\"flash\" "
		               "data-flash=\"ok\">%h</p>\n", _(r->flash));
}

void html_page_begin(struct req *r, const char *title)
{
	struct actor who = web_actor(r);
	bool en = r->lang && !strcmp(r->lang, "en");
	r->resp_type = "text/html; charset=utf-8";
	html_printf(r,
		"<!doctype html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<title>%h — parindex</title>\n"
		"<link rel=\"stylesheet\" href=\"/static/style.css?v=%s\">\n"
		"<script src=\"/static/app.js?v=%s\" defer></script>\n"
		"</head>\n<body>\n<header>\n<nav>\n",
		en ? "en" : "vi", title, html_css_version(), html_css_version());
	for (size_t i = 0; i < sizeof nav / sizeof nav[0]; i++) {
		if (!app_can(&who, nav[i].cap) || (nav[i].city_wide && !page_holds_city_wide(r, nav[i].cap)))
			continue;
		if ((nav[i].anonymous_only && r->user) || (nav[i].signed_in_only && !r->user))
			continue;
		/* readers get the dashboard at /, the others their home page */
		if (!strcmp(nav[i].label, "Home") && page_holds_city_wide(r, CAP_READ))
			continue;
		if (!strcmp(nav[i].path, "/evaluation") && (!r->app.db || !app_eval_has_any(&r->app, &who)))
			continue;
		const char *cur = !strcmp(r->path, nav[i].path) ? " aria-current=\"page\"" : "";
		html_printf(r, "<a href=\"%s\"%s>%h</a>\n", nav[i].path, cur, _(nav[i].label));
	}
	if (r->user && r->user->unit_code)
		html_printf(r, "<a href=\"/units/%u\">%h</a>\n", r->user->unit_code,
		            _("My unit"));
	if (r->user && !r->user->via_token) {
		html_printf(r, "<form method=\"post\" action=\"/logout\">");
		html_csrf_field(r);
		html_printf(r, "<button type=\"submit\">%h (%h)</button></form>\n", _("Sign out"),
		            r->user->login);
	}
	html_printf(r, "<a href=\"");
	lang_link(r, en ? "vi" : "en");
	/* a browser that prefers English is offered the switch, in English,
	 * on a page that stays Vietnamese (router.c) */
	bool offer = !en && !r->user && !req_cookie(r, "parindex_lang") &&
	             !strcmp(i18n_accept_language(req_header(r, "Accept-Language")), "en");
	html_printf(r, "\" hreflang=\"%s\" lang=\"%s\"%s>%s</a>\n", en ? "vi" : "en",
	            en ? "vi" : "en", offer ? " class=\"lang-offer\"" : "",
	            en ? "Tiếng Việt" : offer ? "This page in English" : "English");
	html_printf(r, "</nav>\n<h1>%s</h1>\n</header>\n<main>\n<h2>%h</h2>\n", APP_TITLE, title);
	flash_show(r);
}

void html_page_end(struct req *r)
{
	html_printf(r, "</main>\n<footer>\n<p>parindex — %h",
	            _("public administration reform index"));
	if (req_is_demo(r))
		html_printf(r, "<br><span class=\"demo\">%h</span>",
		            _("All figures are demo data, not official results."));
	html_printf(r, "</p>\n</footer>\n</body>\n</html>\n");
}

void html_csrf_field(struct req *r)
{
	if (!r->csrf) {
		/* anonymous: a token in a cookie, echoed by the form (double submit) */
		r->csrf = web_random_token(r->arena);
		resp_cookie(r, "parindex_csrf", r->csrf, -1);
	}
	html_printf(r, "<input type=\"hidden\" name=\"csrf\" value=\"%h\">", r->csrf);
}

void html_svg(struct req *r, const char *svg, size_t len)
{
	str_add(&r->out, svg, len);
}

void html_error_page(struct req *r, int status, const char *msg)
{
	const char *title;
	switch (status) {
	case 400: title = _("Bad request"); break;
	case 403: title = _("Access denied"); break;
	case 404: title = _("Page not found"); break;
	case 405: title = _("Method not allowed"); break;
	case 413:
	case 431: title = _("Request too large"); break;
	case 429: title = _("Too many attempts"); break;
	default: title = status >= 500 ? _("Server error") : _("Error"); break;
	}
	str_reset(&r->out);
	html_page_begin(r, title);
	html_printf(r, "<p class=\"flash error\">%h</p>\n", msg ? msg : title);
	html_printf(r, "<p><a href=\"/\">%h</a></p>\n", _("Back to the start page"));
	html_page_end(r);
	r->status = status;
}
