/*
 * The SVG sanitizer of the chart module: cairo's SVG in, SVG that is safe
 * to inline in a page under a strict Content Security Policy out. It is a
 * tag-level filter with an allow-list, not a general SVG cleaner: input
 * it does not recognise as what cairo writes makes it fail, so it never
 * has to decide whether something unknown is harmless.
 *
 * Contract (docs/internals/chart.md, "The SVG sanitizer"): on PX_OK the
 * output
 *   - has only the elements svg g defs symbol path use clipPath rect mask
 *     linearGradient radialGradient stop pattern, plus one <title> it
 *     writes itself (so no <script>, <foreignObject>, <a>, <style>, <image>);
 *   - has no attribute named on* (any case), no style attribute (each
 *     declaration became a presentation attribute), and every href /
 *     xlink:href is a local "#id";
 *   - has no comment, prolog, DOCTYPE, CDATA or processing instruction;
 *   - has every id renamed PREFIX-N and every reference to one rewritten,
 *     and is the same bytes for the same input;
 *   - carries the title (XML-escaped) as role="img" aria-label and <title>.
 * Anything else is PX_FAIL (or PX_USAGE for a bad prefix) and nothing is
 * appended to out. tests/fuzz/fuzz_svg.c checks the first three points on
 * arbitrary input.
 */
#ifndef PARINDEX_IO_CHART_SVG_H
#define PARINDEX_IO_CHART_SVG_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "base/str.h"

/* True when s can prefix ids: a letter, then letters, digits, - and _,
 * at most 32 bytes. */
bool chart_svg_prefix_ok(const char *s);
/* Rewrites the SVG svg[0..len) as above, appending to out. prefix NULL:
 * "px" and 8 hex digits of a hash of the picture; title NULL or "": no
 * accessible name. PX_OK, or PX_FAIL with out unchanged. */
enum px_err chart_svg_rewrite(const char *svg, size_t len, const char *prefix, const char *title,
                              struct str *out);
#endif
