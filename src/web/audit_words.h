/*
 * Audit entries in words (audit_words.c), for the audit log and the
 * history pages. Results are in r's arena, in r's language.
 */
#ifndef PARINDEX_WEB_AUDIT_WORDS_H
#define PARINDEX_WEB_AUDIT_WORDS_H
#include <stddef.h>

#include "web/http.h"

/* "Self-score saved" for "assessment:self-assess"; unknown: the code. */
const char *web_audit_action(struct req *r, const char *code);
/* The actions with words (the audit log's filter): their number, the
 * code of the i-th as the log stores it (a transition's verb alone; two
 * may be the same: "publish"), NULL past the end. */
size_t web_audit_action_count(void);
const char *web_audit_action_code(size_t i);
/* "assessment score" for "assessment_score"; unknown: the code. */
const char *web_audit_entity(struct req *r, const char *code);
/* The JSON detail as HTML: "Moved from Draft to Submitted", then one
 * "field: value" per other key; text that is not a JSON object, escaped. */
const char *web_audit_detail_html(struct req *r, const char *detail);
#endif
