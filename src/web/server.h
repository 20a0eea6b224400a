/*
 * The HTTP server (server.c, on GNU libmicrohttpd) and the internals that
 * server.c, http.c, router.c, i18n.c and html.c share with each other and
 * with the tests. Handlers include http.h and html.h only; nothing here
 * is for them except what the auth and admin pages need (client address,
 * cookies, the database mark).
 *
 * Life of a request (docs/internals/web.md):
 *   MHD thread --> server.c: per-request arena, request id, headers
 *   (HTTP_MAX_HEADER_BYTES, 431), path and query (http.c) --> router_begin
 *   (router.c): language, authentication, route match (404/405),
 *   capability (redirect to /login, 401, 403) --> server.c: the body, at
 *   most the route's limit (413), form/multipart parsed --> router_finish:
 *   CSRF and same-origin on POST (403), handler --> security headers, one log line,
 *   the response queued, the arena freed when MHD is done with it.
 */
#ifndef PARINDEX_WEB_SERVER_H
#define PARINDEX_WEB_SERVER_H
#include <stdbool.h>
#include <stddef.h>

#include "base/embedded.h"
#include "web/http.h"

struct server_opts {
	const char *db_url;        /* every worker thread opens its own connection */
	const char *host;          /* address to bind: "127.0.0.1", "::1", "0.0.0.0" */
	unsigned port;             /* 0: any free port (tests); see ready */
	unsigned threads;          /* worker threads; 0: the number of CPUs */
	const char *trusted_proxy; /* peer address whose X-Forwarded-For/-Proto are
	                              believed; NULL: none */
	/* called once the server listens, with the bound port */
	void (*ready)(void *ctx, const char *host, unsigned port);
	void *ready_ctx;
};

/* Serves until SIGTERM or SIGINT, then stops accepting, lets requests in
 * flight finish (up to 30 s) and returns PX_OK. PX_FAIL (message on
 * stderr) when it cannot start: port in use, bad address, no database. */
enum px_err server_run(const struct server_opts *o);

/* Files embedded at build (CMakeLists.txt): the CSS (assets) and the
 * translations (every po file). */
extern const struct embedded_file assets_files[];
extern const struct embedded_file po_files[];

/* What server.c knows about a request that handlers do not see directly
 * (r->conn points to it). Tests fill it by hand. */
struct req_conn {
	struct kv *headers;      /* request headers, names as sent */
	size_t nheaders;
	const char *client_ip;   /* the peer, or X-Forwarded-For's last hop
	                            when the peer is the trusted proxy */
	const char *host;        /* the Host header (same-origin check) */
	bool set_lang_cookie;    /* ?lang= was given: remember it */
};

/* --- http.c: parsers (fuzzed by tests/fuzz/fuzz_http_params.c) ---
 * All return false on malformed input (the request is answered 400);
 * results are in a. Values are NUL-terminated, valid UTF-8 without NUL
 * bytes; uploads may hold any bytes. */
#define HTTP_MAX_FIELDS 1000
/* a=1&b=x+y%21 (query strings and urlencoded bodies) */
bool http_parse_urlencoded(struct arena *a, const char *s, size_t n, struct kv **out,
                           size_t *nout);
/* multipart/form-data: content_type carries the boundary. Uploads point
 * into body (which must outlive them). */
bool http_parse_multipart(struct arena *a, const char *content_type, const char *body,
                          size_t n, struct kv **form, size_t *nform, struct upload **up,
                          size_t *nup);
/* The value of cookie name in a Cookie header, or NULL. */
const char *http_cookie_find(struct arena *a, const char *header, const char *name);
/* Percent-decodes a URL path ("+" stays "+"); false on a bad escape, a
 * NUL, invalid UTF-8 or a path not starting with '/'. */
bool http_decode_path(struct arena *a, const char *s, size_t n, char **out);

/* --- http.c: helpers for the router and the auth pages --- */
/* Adds Set-Cookie: name=value; Path=/; HttpOnly; SameSite=Strict (and
 * Secure when r->secure); max_age < 0: a session cookie; 0 deletes. */
void resp_cookie(struct req *r, const char *name, const char *value, long max_age);
/* A fresh random token (32 bytes, base64url without padding, 43 chars)
 * in a: sessions, CSRF, API tokens. */
char *web_random_token(struct arena *a);
/* The client address (see req_conn), "" when unknown. */
const char *req_client_ip(const struct req *r);
/* Whether the database holds demo figures (footer, `parindex ui`). */
bool req_is_demo(const struct req *r);

/* --- router.c --- */
/* The part of routing that needs no body: authentication, language,
 * route match, capability. false: r holds the answer (404, 405, a
 * redirect to /login, 401, 403); true: read the body (at most
 * router_body_limit) and call router_finish. */
bool router_begin(struct req *r);
/* The body limit of the matched route (HTTP_MAX_FORM_BODY or the
 * route's max_body). */
size_t router_body_limit(const struct req *r);
/* CSRF and same origin on POST, the handler, default error bodies. */
void router_finish(struct req *r);
/* router_begin, then router_finish (tests; requests without a body).
 * Never fails: the response is in r. */
void router_dispatch(struct req *r);
/* Whether token equals r->csrf (constant time). */
bool router_csrf_ok(const struct req *r, const char *token);

/* --- i18n.c --- */
/* Loads every embedded po file (once; thread-safe; also done lazily by
 * tr). Returns the number of translations. */
size_t i18n_init(void);
/* The Vietnamese text of msgid, or msgid itself when lang is "en" or the
 * catalogue has no translation. */
const char *i18n_text(const char *lang, const char *msgid);
/* "vi" or "en" from an Accept-Language header (q-values honoured). */
const char *i18n_accept_language(const char *header);

/* --- html.c --- */
/* A whole page with a heading and a message (403, 404, 500 ...), in the
 * request's language; msg is text. */
void html_error_page(struct req *r, int status, const char *msg);
/* A short hash of the embedded CSS: /static/style.css?v=... */
const char *html_css_version(void);
#endif
