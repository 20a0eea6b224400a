/*
 * The route table: every URL of the application is one row (method,
 * pattern, capability, handler, help), as cgit's cmds[] and Fossil's
 * WEBPAGE registry. The router matches a row and checks the capability
 * BEFORE the handler runs (Kore); handlers check finer rules (own unit
 * only, recusal). `parindex routes` prints the table; the authorization
 * test walks it for every role.
 *
 * Patterns are literal segments and {name} segments ("/units/{code}");
 * "{rest*}" as the last segment matches the remaining path.
 *
 * Bodies: server.c reads none before the router has authenticated the
 * request, matched its row and checked the capability; then at most
 * max_body bytes (413 beyond, as soon as Content-Length says so).
 */
#ifndef PARINDEX_WEB_ROUTE_H
#define PARINDEX_WEB_ROUTE_H
#include <stdbool.h>
#include <stddef.h>

#include "core/roles.h"

struct req;

struct route {
	const char *method;   /* "GET" or "POST" */
	const char *pattern;
	enum cap cap;
	void (*handler)(struct req *r);
	const char *help;     /* one line, English */
	/* the largest body this route takes; 0: HTTP_MAX_FORM_BODY (forms
	 * and JSON). Read only after the capability check passed, so the
	 * upload limit is only for those allowed to upload. */
	size_t max_body;
	/* "machine:verb" when the route applies a workflow transition (the
	 * capability above must be the transition's: test_workflow checks) */
	const char *verb;
	/* the path holds a secret that is the only right the route needs (a
	 * capability URL: /rate/{token}): a POST needs no CSRF token, since
	 * a forger who knows the URL can send the request himself; the
	 * same-origin check stays (web/page_rating.c) */
	bool capability_path;
};

extern const struct route routes[];
extern const size_t nroutes;

/* The route for method and path, filling r's path parameters; NULL when
 * none matches (*path_known says whether another method would). */
const struct route *route_match(struct req *r, const char *method, const char *path,
                                bool *path_known);
#endif
