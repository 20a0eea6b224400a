/*
 * Report downloads from pages (web/page_report.h). The bytes are those of
 * doc_render over the builder's doc: the same as `parindex report` for the
 * same inputs (the export time is base/clock.h's, fixed by $PARINDEX_NOW).
 */
#include "web/page_report.h"
#include "web/html.h"
#include "web/page_common.h"
#include "base/arena.h"

#include <string.h>

bool page_report_format(struct req *r, enum doc_format *f, bool *answered)
{
	*answered = false;
	const char *fmt = req_param(r, "format");
	if (!fmt || !*fmt || !strcmp(fmt, "html"))
		return false;
	if (!doc_format_parse(fmt, f)) {
		page_error(r, 400, "format must be xlsx or pdf");
		*answered = true;
	}
	return true;
}

bool page_report_list(struct req *r,
                      enum px_err (*build)(struct req *r, struct doc **doc, struct diags *d),
                      const char *vi_name, const char *ascii_name)
{
	enum doc_format df;
	bool answered;
	if (!page_report_format(r, &df, &answered))
		return false;
	if (!answered) {
		struct diags d;
		diags_init(&d);
		struct doc *doc = NULL;
		enum px_err e = build(r, &doc, &d);
		page_report_send(r, e, doc, &d, df, vi_name, ascii_name);
		diags_free(&d);
	}
	return true;
}

void page_report_send(struct req *r, enum px_err e, struct doc *doc, struct diags *d,
                      enum doc_format f, const char *vi_name, const char *ascii_name)
{
	if (e != PX_OK) {
		page_app_error(r, e, d);
		return;
	}
	struct str bytes;
	str_init(&bytes, (size_t)1 << 30);
	if (doc_render(doc, f, &bytes) != PX_OK) {
		page_error(r, 500, "Internal error");
	} else {
		resp_type(r, 200, doc_mime_type(f));
		str_reset(&r->out);
		str_add(&r->out, bytes.buf, bytes.len);
		resp_header(r, "Content-Disposition",
		            app_report_disposition(r->arena, vi_name, ascii_name, f));
	}
	str_free(&bytes);
}

void page_report_links(struct req *r, const char *path, const char *query, bool pdf)
{
	const char *sep = query && *query ? "&amp;" : "";
	/* the words of the issue, not in po/ (owned by the pages' translators) */
	bool en = r->lang && !strcmp(r->lang, "en");
	html_printf(r, "<p class=\"downloads\"><a href=\"%h?%h%sformat=xlsx\" download>%h</a>",
	            path, query ? query : "", sep, en ? "Download Excel" : "Tải Excel");
	if (pdf)
		html_printf(r, " · <a href=\"%h?%h%sformat=pdf\" download>%h</a>", path,
		            query ? query : "", sep, en ? "Download PDF" : "Tải PDF");
	html_printf(r, "</p>");
}
