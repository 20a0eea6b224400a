/*
 * The router: from a parsed request to a response, with every security
 * rule of the route table applied before a handler runs (Kore's way):
 *
 *   language -> authentication (session cookie or bearer token) -> route
 *   match (404, 405) -> capability (anonymous: redirect to /login or 401;
 *   signed in: 403) [router_begin: server.c has read no body yet, and
 *   reads at most the route's limit only when this passed] -> on POST,
 *   same origin and CSRF token (403; bearer
 *   requests are exempt: browsers never send that header by themselves;
 *   a capability_path route needs no CSRF token, its URL is the secret)
 *   -> the handler -> a default error body when a handler set an error
 *   status and wrote nothing.
 *
 * Denials made here carry "X-Parindex-Denied: login|capability|csrf", so
 * the authorization tests can tell the router's refusal from a handler's
 * finer rule.
 */
#include "web/route.h"
#include "app/access.h"
#include "app/live_cache.h"
#include "app/user.h"
#include "base/arena.h"
#include "base/log.h"
#include "web/html.h"
#include "web/page_common.h"
#include "web/server.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ---- matching ---- */

/* Next segment of a path or pattern at *p (after the '/'), length in *n;
 * false at the end. */
static bool next_seg(const char **p, const char **seg, size_t *n)
{
	if (**p != '/')
		return false;
	(*p)++;
	*seg = *p;
	const char *slash = strchr(*p, '/');
	*n = slash ? (size_t)(slash - *p) : strlen(*p);
	*p += *n;
	return true;
}

/* Whether path matches pattern; fills params (arena copies) and a score
 * that ranks literal segments above {params} above {rest*}, position by
 * position from the left. */
static bool pattern_match(struct arena *a, const char *pattern, const char *path,
                          const char **params, size_t *nparams, unsigned long long *score)
{
	const char *pp = pattern, *sp = path;
	size_t np = 0;
	unsigned long long sc = 0;
	int depth = 0;
	for (;;) {
		const char *pseg, *sseg;
		size_t pn, sn;
		bool hp = next_seg(&pp, &pseg, &pn);
		if (!hp) {
			if (*sp) /* path longer than the pattern */
				return false;
			break;
		}
		bool is_param = pn >= 2 && pseg[0] == '{' && pseg[pn - 1] == '}';
		bool is_rest = is_param && pn >= 4 && pseg[pn - 2] == '*';
		if (is_rest) {
			if (*sp != '/' || !sp[1])
				return false; /* needs at least one byte */
			if (np < HTTP_MAX_PATH_PARAMS)
				params[np++] = arena_strdup(a, sp + 1);
			sc = sc * 3 + 0;
			depth++;
			sp += strlen(sp);
			if (*pp) /* {rest*} must be last */
				return false;
			break;
		}
		if (!next_seg(&sp, &sseg, &sn))
			return false;
		if (is_param) {
			if (sn == 0)
				return false;
			if (np < HTTP_MAX_PATH_PARAMS)
				params[np++] = arena_strndup(a, sseg, sn);
			sc = sc * 3 + 1;
		} else {
			if (pn != sn || memcmp(pseg, sseg, sn))
				return false;
			sc = sc * 3 + 2;
		}
		depth++;
	}
	/* left-aligned: shorter patterns must not win by having fewer digits */
	for (; depth < 32; depth++)
		sc *= 3;
	*nparams = np;
	*score = sc;
	return true;
}

const struct route *route_match(struct req *r, const char *method, const char *path,
                                bool *path_known)
{
	const struct route *best = NULL;
	unsigned long long best_score = 0;
	const char *best_params[HTTP_MAX_PATH_PARAMS];
	size_t best_n = 0;
	if (path_known)
		*path_known = false;
	if (!strcmp(method, "HEAD"))
		method = "GET";
	if (!path || path[0] != '/')
		return NULL;
	for (size_t i = 0; i < nroutes; i++) {
		const char *params[HTTP_MAX_PATH_PARAMS];
		size_t np;
		unsigned long long sc;
		if (!pattern_match(r->arena, routes[i].pattern, path, params, &np, &sc))
			continue;
		if (strcmp(routes[i].method, method)) {
			if (path_known)
				*path_known = true;
			continue;
		}
		if (!best || sc > best_score) {
			best = &routes[i];
			best_score = sc;
			memcpy(best_params, params, np * sizeof *params);
			best_n = np;
		}
	}
	if (best) {
		memcpy(r->path_params, best_params, best_n * sizeof *best_params);
		r->npath_params = best_n;
		r->route = best;
	}
	return best;
}

/* The methods some route accepts for r->path ("GET, HEAD, POST"). */
static const char *allowed_methods(struct req *r)
{
	bool get = false, post = false;
	for (size_t i = 0; i < nroutes; i++) {
		const char *params[HTTP_MAX_PATH_PARAMS];
		size_t np;
		unsigned long long sc;
		if (!pattern_match(r->arena, routes[i].pattern, r->path, params, &np, &sc))
			continue;
		if (!strcmp(routes[i].method, "GET"))
			get = true;
		else if (!strcmp(routes[i].method, "POST"))
			post = true;
	}
	return get && post ? "GET, HEAD, POST" : get ? "GET, HEAD" : "POST";
}

/* ---- language ---- */

static void choose_lang(struct req *r)
{
	struct req_conn *c = r->conn;
	const char *q = NULL;
	for (size_t i = 0; i < r->nquery; i++)
		if (!strcmp(r->query[i].key, "lang"))
			q = r->query[i].value;
	if (q && (!strcmp(q, "vi") || !strcmp(q, "en"))) {
		r->lang = !strcmp(q, "en") ? "en" : "vi";
		if (c)
			c->set_lang_cookie = true;
		return;
	}
	const char *ck = req_cookie(r, "parindex_lang");
	if (ck && (!strcmp(ck, "vi") || !strcmp(ck, "en"))) {
		r->lang = !strcmp(ck, "en") ? "en" : "vi";
		return;
	}
	if (r->user && r->user->lang) {
		r->lang = !strcmp(r->user->lang, "en") ? "en" : "vi";
		return;
	}
	/* pages are Vietnamese unless the visitor chose English (?lang=en,
	 * the cookie, the account): a browser's English preference only
	 * offers the switch (html.c), it does not change the page; API
	 * clients still get their Accept-Language */
	r->lang = r->wants_json ? i18n_accept_language(req_header(r, "Accept-Language")) : "vi";
}

/* ---- authentication ---- */

static struct web_user *web_user_from(struct req *r, const struct user_rec *u, bool via_token)
{
	struct web_user *w = arena_alloc(r->arena, sizeof *w);
	w->id = u->id;
	w->login = u->login;
	w->name = u->name;
	w->role = u->role;
	w->unit_code = u->unit_code;
	w->lang = u->lang;
	w->via_token = via_token;
	struct actor a;
	app_actor_of(&r->app, u, &a);
	w->grants = a.grants;
	w->ngrants = a.ngrants;
	return w;
}

/* 0: authenticated or anonymous; 401: a bearer token was given and is not
 * valid; 503: the database could not be asked (unreachable, or a server
 * taking over). A session that cannot be looked up for that reason is
 * kept: its user is not signed out by a database's failover. */
static int authenticate(struct req *r)
{
	const char *auth = req_header(r, "Authorization");
	if (auth && !strncasecmp(auth, "Bearer ", 7)) {
		const char *t = auth + 7;
		while (*t == ' ')
			t++;
		struct user_rec u;
		if (!r->app.db)
			return 401;
		enum px_err e = app_token_lookup(&r->app, t, &u);
		if (e == PX_FAIL && db_transient(r->app.db))
			return 503;
		if (e != PX_OK)
			return 401;
		r->user = web_user_from(r, &u, true);
		r->app.actor = arena_printf(r->arena, "%s", u.login);
		return 0;
	}
	const char *cookie = req_cookie(r, "parindex_session");
	if (cookie && r->app.db) {
		struct session s;
		enum px_err e = app_session_lookup(&r->app, cookie, &s);
		if (e == PX_OK) {
			r->user = web_user_from(r, &s.user, false);
			r->csrf = s.csrf;
			r->app.actor = s.user.login;
		} else if (e == PX_FAIL && db_transient(r->app.db)) {
			return 503;
		} else {
			resp_cookie(r, "parindex_session", "", 0); /* stale: forget it */
		}
	}
	if (!r->user) {
		/* anonymous forms (sign-in): the double-submit token, if any */
		const char *t = req_cookie(r, "parindex_csrf");
		if (t && strlen(t) == 43)
			r->csrf = t;
	}
	return true;
}

bool router_csrf_ok(const struct req *r, const char *token)
{
	if (!r->csrf || !token)
		return false;
	size_t n = strlen(r->csrf);
	return strlen(token) == n && sodium_memcmp(token, r->csrf, n) == 0;
}

/* Origin (or Referer) names this server: scheme and Host as we see them.
 * Neither header: not a browser form, the token alone decides. */
static bool same_origin(struct req *r)
{
	struct req_conn *c = r->conn;
	const char *host = c ? c->host : NULL;
	const char *origin = req_header(r, "Origin");
	const char *src = origin ? origin : req_header(r, "Referer");
	if (!src)
		return true;
	if (!host)
		return false;
	const char *scheme = r->secure ? "https://" : "http://";
	size_t sl = strlen(scheme), hl = strlen(host);
	if (strncasecmp(src, scheme, sl) || strncasecmp(src + sl, host, hl))
		return false;
	char after = src[sl + hl];
	return after == 0 || after == '/';
}

/* ---- denials ---- */

static void deny(struct req *r, int status, const char *why, const char *msg)
{
	resp_header(r, "X-Parindex-Denied", why);
	if (r->wants_json) {
		resp_json_error(r, status, msg);
		return;
	}
	if (status == 401) {
		/* HTML: sign in first, then come back */
		const char *next = http_local_path(r->arena, r->path);
		struct str loc;
		str_init(&loc, 4096);
		str_adds(&loc, "/login?next=");
		html_strf(&loc, "%u", next);
		char *l = str_error(&loc) ? "/login" : arena_strdup(r->arena, str_cstr(&loc));
		str_free(&loc);
		resp_redirect(r, l);
		return;
	}
	html_error_page(r, status, msg);
}

static const char *status_text(struct req *r, int status)
{
	switch (status) {
	case 400: return _("The request is not valid.");
	case 401: return _("Please sign in.");
	case 403: return _("You do not have the right to do this.");
	case 404: return _("There is no such page.");
	case 405: return _("This address does not accept this method.");
	case 413: return _("The request is too large.");
	case 429: return _("Too many attempts; wait a few minutes.");
	case 503: return _("The database cannot be reached for a moment; nothing was changed. Please try again in a few seconds.");
	default: return status >= 500 ? _("Something went wrong on the server; the error has been logged. Please try again.")
	                              : _("The request could not be handled.");
	}
}

/* 503 with Retry-After: the database is unreachable or busy (db_transient),
 * whatever the handler had written is replaced. */
static void unavailable(struct req *r)
{
	str_reset(&r->out);
	r->status = 503;
	resp_header(r, "Retry-After", "5");
	if (r->wants_json)
		resp_json_error(r, 503, status_text(r, 503));
	else
		html_error_page(r, 503, status_text(r, 503));
}

/* An error status set and nothing written: the standard error body. */
static void default_error_body(struct req *r)
{
	if (r->status >= 400 && r->out.len == 0) {
		if (r->wants_json)
			resp_json_error(r, r->status, status_text(r, r->status));
		else
			html_error_page(r, r->status, status_text(r, r->status));
	}
}

bool router_begin(struct req *r)
{
	r->wants_json = !strncmp(r->path, "/api/", 5) || !strcmp(r->path, "/api");
	if (!r->status)
		r->status = 200;
	if (!r->resp_type)
		r->resp_type = "text/html; charset=utf-8";
	r->app.actor = "anonymous";

	int auth = authenticate(r);
	choose_lang(r);
	struct req_conn *c = r->conn;
	if (c && c->set_lang_cookie)
		resp_cookie(r, "parindex_lang", r->lang, 365L * 24 * 3600);
	if (auth == 503) {
		unavailable(r);
		return false;
	}
	if (auth == 401) {
		resp_header(r, "WWW-Authenticate", "Bearer");
		r->wants_json = true;
		deny(r, 401, "login", _("The API token is not valid or was revoked."));
		return false;
	}

	bool path_known;
	const struct route *rt = route_match(r, r->method, r->path, &path_known);
	if (!rt) {
		if (path_known) {
			resp_header(r, "Allow", allowed_methods(r));
			r->status = 405;
		} else {
			r->status = 404;
		}
		default_error_body(r);
		return false;
	}
	/* The capability check: does any grant give it? Whether such a grant
	 * covers the unit the request is about is the use case's question to
	 * app/access.c (app_grant_covers), asked after the item is loaded:
	 * what the actor may not see answers 404 there (wf_apply). */
	struct actor who = web_actor(r);
	if (!app_can(&who, rt->cap)) {
		if (!r->user)
			deny(r, 401, "login", _("Please sign in."));
		else
			deny(r, 403, "capability", _("You do not have the right to do this."));
		return false;
	}
	return true;
}

size_t router_body_limit(const struct req *r)
{
	return r->route && r->route->max_body ? r->route->max_body : HTTP_MAX_FORM_BODY;
}

void router_finish(struct req *r)
{
	const struct route *rt = r->route;
	if (!strcmp(r->method, "POST") && !(r->user && r->user->via_token)) {
		const char *t = NULL;
		for (size_t i = 0; i < r->nform; i++)
			if (!strcmp(r->form[i].key, "csrf"))
				t = r->form[i].value;
		if (!t)
			t = req_header(r, "X-CSRF-Token");
		if (!same_origin(r)) {
			log_warn("%s: cross-origin POST %s refused", r->id, r->path);
			deny(r, 403, "csrf", _("This form did not come from this site."));
			return;
		}
		if (!rt->capability_path && !router_csrf_ok(r, t)) {
			deny(r, 403, "csrf",
			     _("The form has expired or did not come from this site. Reload the page and try again."));
			return;
		}
	}
	rt->handler(r);
	live_release(); /* the body is rendered: cached values may go */
	if (r->status == 500 && db_transient(r->app.db)) {
		/* not a bug: the database was unreachable or busy, the use case
		 * rolled back; say so, and that trying again will do */
		if (db_in_transaction(r->app.db))
			db_rollback(r->app.db);
		unavailable(r);
		return;
	}
	if (r->app.db && db_in_transaction(r->app.db)) {
		log_error("%s: %s %s left a transaction open (a bug); rolled back", r->id,
		          r->method, r->path);
		db_rollback(r->app.db);
		r->status = 500;
		str_reset(&r->out);
	}
	default_error_body(r);
}

void router_dispatch(struct req *r)
{
	if (router_begin(r))
		router_finish(r);
}
