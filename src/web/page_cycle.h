/* Shared by the cycle pages and their JSON API (page_assessment.c). */
#ifndef PARINDEX_WEB_PAGE_CYCLE_H
#define PARINDEX_WEB_PAGE_CYCLE_H
#include "app/cycle.h"
#include "web/page_common.h"

/* Back to `to` (at #c-anchor when anchor is not NULL) with the outcome of
 * a form in the session's flash (page_flash: ok_msgid, or the first
 * diagnostic), never in the URL; the error page instead for a refusal one
 * may not see past (denied, not found). */
void page_back(struct req *r, const char *to, const char *anchor, enum px_err e,
               const struct diags *d, const char *ok_msgid);

/* One form posted to an assessment (/assessments/FW/UNIT/...): the actor
 * and the diagnostics of its use case, the framework and unit of the
 * path, the form's criterion ("" when none). */
struct page_form {
	struct diags d;
	struct actor who;
	const char *fw, *unit, *crit;
};
void page_form_begin(struct req *r, struct page_form *f);
/* After the use case (e): page_back to the assessment, at the form's
 * criterion; frees f's diagnostics. */
void page_form_end(struct req *r, struct page_form *f, enum px_err e, const char *ok_msgid);
#endif
