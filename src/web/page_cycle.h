/* Shared by the cycle pages and their JSON API (page_assessment.c). */
#ifndef PARINDEX_WEB_PAGE_CYCLE_H
#define PARINDEX_WEB_PAGE_CYCLE_H
#include "app/cycle.h"
#include "web/http.h"

/* The signed-in user as the app layer's actor. */
struct actor web_actor(const struct req *r);
/* HTTP status for an app error: 403 denied, 404, 422 bad input, 500. */
int web_status_of(enum px_err e);
/* The first diagnostic in the request's language (with its locator). */
const char *web_diag_text(const struct req *r, const struct diags *d);
#endif
