/*
 * A chart in a page, readable on a desk and on a phone: the same spec
 * drawn twice, 800 units wide for wide screens and 340 wide for phones
 * (CSS shows one: 10-layout.css). An 800-wide SVG shrunk into a 390 px
 * phone would draw its 11 px labels at under 5 px; the narrow copy is
 * shown at its own size, so every label keeps at least 11 px.
 */
#ifndef PARINDEX_WEB_CHART_VIEW_H
#define PARINDEX_WEB_CHART_VIEW_H
#include <stdbool.h>

#include "io/chart.h"
#include "web/http.h"

#define WEB_CHART_NARROW 340

/* Writes both copies (nothing when drawing fails); false when it did. */
bool web_chart(struct req *r, enum chart_kind kind, const void *spec);
#endif
