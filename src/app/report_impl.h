/*
 * What the report builders of app/ share beyond app/report.h: the issuer
 * frame of a Decree 30 document, read from its template in
 * data/documents/NAME.json with the placeholders {city} {CITY} {place}
 * {dd} {mm} {yyyy} (the export day) and up to ten of the caller's own
 * (xkeys[i] -> xvals[i]).
 */
#ifndef PARINDEX_APP_REPORT_IMPL_H
#define PARINDEX_APP_REPORT_IMPL_H
#include "app/app.h"
#include "io/doc.h"

enum px_err report_issuer(struct app *app, const char *name, const char *const *xkeys,
                          const char *const *xvals, size_t nx, struct doc_issuer **out,
                          struct diags *d);

/* s in capitals (Unicode: "Sở Nội vụ" -> "SỞ NỘI VỤ"), in the arena. */
char *report_upper(struct arena *a, const char *s);
#endif
