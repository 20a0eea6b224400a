/*
 * Pieces shared by the pages that show results (dashboard, public
 * results): numbers in the reader's convention, the domains and grades
 * explained in words, the grade filter of a ranking, and the 400 answer
 * to a parameter that names nothing (a page never shows another year or
 * group instead of the one asked for).
 */
#ifndef PARINDEX_WEB_RESULT_VIEW_H
#define PARINDEX_WEB_RESULT_VIEW_H
#include "core/framework.h"
#include "web/http.h"
#include "web/table_view.h"

/* Filter values of units without a grade. */
#define PAGE_INCOMPLETE "incomplete"
#define PAGE_UNGRADED "none"

/* x with n decimals: "91,04" in Vietnamese, "91.04" in English; "—" for
 * NaN. In the request's arena. */
const char *page_num(struct req *r, double x, int n);
/* "A: 90% or more", "B: 75% to under 90%": what grade g of fw means. */
const char *page_grade_meaning(struct req *r, const struct framework *fw, size_t g);
/* The domains (top-level criteria) by code and name, and the grades with
 * their meaning, as a definition list under the ranking (a <details>,
 * open when open is true). */
void page_domain_legend(struct req *r, const struct framework *fw, bool open);
/* A ?grade= filter over fw's grades plus "incomplete". */
void page_grade_filter(struct req *r, const struct framework *fw, struct tv_filter *f);
/* A formula's text in words ("the maximum × the rate of a over b"), in
 * the request's arena; NULL when the text is not a formula this reader
 * follows (the code is then shown alone). Only for reading: scores come
 * from the compiled formula. */
const char *page_formula_words(struct req *r, const char *text);
/* 400 with msg (already in the request's language). */
void page_bad_param(struct req *r, const char *msg);
#endif
