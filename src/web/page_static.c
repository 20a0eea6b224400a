/*
 * Infrastructure routes: the liveness check and the embedded assets. They
 * need no database (server.c does not open one for them), so /healthz
 * answers even when the database is down: it says the process serves.
 */
#include "web/html.h"
#include "web/pages.h"
#include "web/server.h"

#include <stdio.h>
#include <string.h>

void page_healthz(struct req *r)
{
	resp_type(r, 200, "text/plain; charset=utf-8");
	str_adds(&r->out, "ok\n");
}

/* /static/{rest*}: "style.css" is the classless CSS from npm (package.json)
 * followed by our own rules (the files of src/web/css), "app.js" our scripts
 * (src/web/js), compiled into the binary. Pages link it with ?v=<hash of the bytes>, so
 * it may be cached for a year: a new CSS is a new URL. */
void page_static(struct req *r)
{
	const char *name = req_path_param(r, 0);
	const struct embedded_file *f = NULL;
	const char *type = NULL;
	if (name && !strcmp(name, "style.css")) {
		f = embedded_find(assets_files, "style.css");
		type = "text/css; charset=utf-8";
	} else if (name && !strcmp(name, "app.js")) {
		f = embedded_find(assets_files, "app.js");
		type = "text/javascript; charset=utf-8";
	}
	if (!f) {
		r->status = 404;
		return;
	}
	const char *etag = html_css_version();
	char quoted[32];
	snprintf(quoted, sizeof quoted, "\"%s\"", etag);
	resp_header(r, "Cache-Control", "public, max-age=31536000, immutable");
	resp_header(r, "ETag", quoted);
	const char *inm = req_header(r, "If-None-Match");
	if (inm && !strcmp(inm, quoted)) {
		resp_type(r, 304, type);
		return;
	}
	resp_type(r, 200, type);
	str_add(&r->out, f->data, f->len);
}
