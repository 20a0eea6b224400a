/* PAPI (UNDP's provincial governance and public administration
 * performance index) as metrics: the published dimension scores of a
 * province and year are stored as papi.<dimension> and their sum as
 * papi.total, so frameworks and the dashboard use them (docs/papi.md). */
#ifndef PARINDEX_APP_PAPI_H
#define PARINDEX_APP_PAPI_H
#include "app/app.h"

/* Imports a PAPI file (an app_import_fn): all or nothing; the province is
 * a root unit of the register (the city, e.g. HN); every value written is
 * audited, a replaced one with both numbers. */
enum px_err app_papi_import(struct app *app, struct table *t, struct diags *d,
                            struct import_summary *sum);
#endif
