/*
 * One HTTP request as the handlers see it: parsed parameters, the signed-in
 * user, the language, a per-request arena, the thread's database
 * connection, and the response being built. server.c (libmicrohttpd)
 * fills it, router.c checks the capability from the route table, then the
 * handler runs; everything it allocates is freed with the arena when the
 * response has been queued. Handlers never free and never see MHD.
 *
 * Parameters come from the query string, an urlencoded or multipart form
 * body, and the route pattern ({code} segments); getters are typed and
 * bounded (req_int with a range), never atoi.
 * Contract: docs/internals/web.md.
 */
#ifndef PARINDEX_WEB_HTTP_H
#define PARINDEX_WEB_HTTP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "base/str.h"

/* Limits (docs/internals/web.md): a body of a route with an upload, of a
 * form or JSON, one form field, request line + headers together. */
#define HTTP_MAX_UPLOAD ((size_t)32 << 20)
#define HTTP_MAX_FORM_BODY ((size_t)64 << 10)
#define HTTP_MAX_HEADER_BYTES ((size_t)12 << 10)
#define HTTP_MAX_FORM_FIELD ((size_t)1 << 20)
#define HTTP_MAX_PATH_PARAMS 8

struct grant;

struct kv {
	const char *key, *value;
	size_t len; /* value length (uploads may hold NULs) */
};

/* An uploaded file (multipart/form-data). */
struct upload {
	const char *field, *filename, *content_type;
	const char *data;
	size_t len;
};

/* The signed-in user (NULL for anonymous). */
struct web_user {
	int64_t id;
	const char *login, *name, *role, *unit_code; /* unit_code may be NULL */
	const struct grant *grants;                    /* every active grant (app/access.h) */
	size_t ngrants;
	const char *lang;                              /* "vi" or "en" */
	bool via_token;                                /* Authorization: Bearer */
};

struct req {
	struct arena *arena;
	struct app app;           /* db, actor (the login or "anonymous"), arena */
	const char *id;           /* request id, in every log line */
	const char *method;       /* "GET", "POST", ... */
	const char *path;         /* decoded path, without the query string */
	struct kv *query;
	size_t nquery;
	struct kv *form;          /* urlencoded or multipart fields */
	size_t nform;
	struct upload *uploads;
	size_t nuploads;
	const char *body;         /* raw body (JSON APIs); NUL-terminated */
	size_t body_len;
	const char *content_type; /* of the request, may be NULL */
	const char *path_params[HTTP_MAX_PATH_PARAMS];
	size_t npath_params;
	const struct route *route;

	struct web_user *user;
	const char *csrf;         /* the session's CSRF token (NULL: no session) */
	const char *lang;         /* "vi" (default) or "en" */
	char nonce[33];           /* CSP nonce for this response */
	bool secure;              /* TLS, or a trusted proxy said https */
	bool wants_json;          /* /api/ routes */
	/* the session's one-time message (app/flash.h), taken by the first
	 * html_page_begin of a GET and drawn by every one after it */
	const char *flash;
	bool flash_error, flash_taken;

	/* the response */
	int status;               /* default 200 */
	const char *resp_type;    /* default "text/html; charset=utf-8" */
	struct str out;           /* body */
	struct kv *resp_headers;
	size_t nresp_headers, resp_headers_cap;

	void *server;             /* internal: server.c */
	void *conn;               /* internal: the MHD connection */

	/* A handler that must wait for work other threads finish (a rating's
	 * group commit) without holding its worker thread sets defer and
	 * cont and returns: server.c suspends the connection, then calls
	 * defer(r, wake); whoever finishes the work calls wake(r) once, from
	 * any thread; the connection is resumed and cont(r) writes the
	 * response on a worker (docs/internals/group-commit.md). */
	void (*defer)(struct req *r, void (*wake)(struct req *r));
	void (*cont)(struct req *r);
	void *defer_ctx;          /* the handler's */
	void *defer_con;          /* internal: server.c */
};

/* A query or form parameter (query first), or NULL. */
const char *req_param(const struct req *r, const char *name);
/* An integer parameter within [lo, hi]; false (and *out untouched) when
 * absent, not a number, or out of range. */
bool req_int(const struct req *r, const char *name, long *out, long lo, long hi);
/* The i-th {segment} of the route pattern, or NULL. */
const char *req_path_param(const struct req *r, size_t i);
/* A request header (case-insensitive), or NULL. */
const char *req_header(const struct req *r, const char *name);
/* A cookie value, or NULL. */
const char *req_cookie(const struct req *r, const char *name);
/* The first upload of a field, or NULL. */
const struct upload *req_upload(const struct req *r, const char *field);

/* The one way to build a link from a request path (r->path or a part of
 * it): a same-origin path in a, starting with exactly one '/', leading
 * slashes and backslashes collapsed ("//evil.example/x" gives
 * "/evil.example/x"), every byte but letters, digits and -._~/!$'()*+,;=:@
 * percent-encoded (so '\' is %5C, '?' %3F, a tab %09). Append a query
 * after it. */
const char *http_local_path(struct arena *a, const char *path);
/* Whether p is a path of this site that a browser cannot read as another
 * site's: "/" then no second '/' or '\', and no backslash or control
 * character anywhere (redirects, ?next=). */
bool http_path_is_local(const char *p);

/* Adds a response header (copied). */
void resp_header(struct req *r, const char *name, const char *value);
/* 303 See Other to a local path (must start with '/'). */
void resp_redirect(struct req *r, const char *location);
/* Replaces the body with a JSON error {"error": msg} and sets status. */
void resp_json_error(struct req *r, int status, const char *msg);
/* Sets the status and the content type, e.g. "text/csv; charset=utf-8". */
void resp_type(struct req *r, int status, const char *content_type);

/* The message in the request's language: msgid is the English text,
 * translations come from po/vi.po compiled into the binary (web/i18n.c). */
const char *tr(const struct req *r, const char *msgid);
#define _(msgid) tr(r, msgid)
#endif
