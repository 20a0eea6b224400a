/*
 * Downloads of reports from pages (web/page_report.c): a page that shows a
 * table answers ?format=xlsx|pdf with the same document the CLI's
 * `parindex report` writes (app/report.h), as an attachment.
 */
#ifndef PARINDEX_WEB_PAGE_REPORT_H
#define PARINDEX_WEB_PAGE_REPORT_H
#include <stdbool.h>

#include "app/report.h"
#include "web/http.h"

/* The ?format= of the request: false when absent (render the page);
 * true with *f set for xlsx or pdf; true after answering 400 for any
 * other value (*answered set). */
bool page_report_format(struct req *r, enum doc_format *f, bool *answered);
/* Answers with doc rendered as f (e and d: the builder's result; an
 * error page when e failed), Content-Disposition naming the file
 * vi_name (UTF-8, RFC 6266 filename*) with ascii_name as the fallback. */
void page_report_send(struct req *r, enum px_err e, struct doc *doc, struct diags *d,
                      enum doc_format f, const char *vi_name, const char *ascii_name);
/* A JSON list's ?format=xlsx|pdf: false when the request asks for JSON;
 * else answers (400 for an unknown format, or the document build makes,
 * named vi_name/ascii_name) and returns true. build gets the request to
 * read its own parameters. */
bool page_report_list(struct req *r,
                      enum px_err (*build)(struct req *r, struct doc **doc, struct diags *d),
                      const char *vi_name, const char *ascii_name);
/* Renders "Tải Excel · Tải PDF" links to the current path with
 * ?QUERY&format=…; query is already URL-encoded ("framework=X"), may be "". */
void page_report_links(struct req *r, const char *path, const char *query, bool pdf);
#endif
