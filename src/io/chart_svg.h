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
 *     writes itself (so no <script>, <foreignObject>, <a>, <style>, <image>),
 *     and end tags that are only "</name>";
 *   - has no attribute named on* (any case, "on" followed by anything) and
 *     no style attribute (any case: each declaration became a presentation
 *     attribute); every value is double-quoted and has no '<' or '"';
 *   - refers to nothing outside the picture: every href / xlink:href (any
 *     case, as an HTML parser lowercases them) is a local "#id", every
 *     url() is url(#id), and no value holds "javascript:" (any case);
 *   - has no comment, prolog, DOCTYPE, CDATA or processing instruction;
 *   - has every id renamed PREFIX-N and every reference to one rewritten,
 *     and is the same bytes for the same input;
 *   - carries the title (XML-escaped) as role="img" aria-label and <title>.
 * Anything else is PX_FAIL and nothing is appended to out (the caller
 * checks an id prefix with chart_svg_prefix_ok first). tests/fuzz/fuzz_svg.c checks the first four points and
 * the determinism on arbitrary input. Text between tags is copied as
 * cairo wrote it (it writes none that is shown: text is glyph outlines).
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
