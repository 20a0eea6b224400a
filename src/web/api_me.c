/*
 * GET /api/v1/me: who the request is signed in as (session or bearer
 * token). API clients use it to check a token; pages' scripts to learn
 * the CSRF token of the session (same-origin reads only: no CORS).
 */
#include "web/http.h"
#include "app/access.h"
#include "web/pages.h"

void api_me(struct req *r)
{
	struct web_user *u = r->user; /* the route needs CAP_LOGIN: never NULL */
	resp_type(r, 200, "application/json");
	struct str *o = &r->out;
	str_adds(o, "{\"login\": ");
	str_add_json(o, u->login);
	str_adds(o, ", \"name\": ");
	str_add_json(o, u->name);
	str_adds(o, ", \"role\": ");
	str_add_json(o, u->role);
	str_adds(o, ", \"unit\": ");
	if (u->unit_code)
		str_add_json(o, u->unit_code);
	else
		str_adds(o, "null");
	str_adds(o, ", \"grants\": [");
	for (size_t i = 0; i < u->ngrants; i++) {
		str_adds(o, i ? ", {\"role\": " : "{\"role\": ");
		str_add_json(o, u->grants[i].role);
		str_adds(o, ", \"unit\": ");
		if (u->grants[i].unit_code)
			str_add_json(o, u->grants[i].unit_code);
		else
			str_adds(o, "null");
		str_adds(o, "}");
	}
	str_adds(o, "]");
	str_adds(o, ", \"lang\": ");
	str_add_json(o, r->lang);
	str_adds(o, ", \"via_token\": ");
	str_adds(o, u->via_token ? "true" : "false");
	if (!u->via_token && r->csrf) {
		str_adds(o, ", \"csrf\": ");
		str_add_json(o, r->csrf);
	}
	str_adds(o, "}\n");
}
