/*
 * HTML output: everything a page writes goes through html_printf, whose
 * conversions escape by default (Fossil's %h): a value can only reach the
 * page as text. Conversions:
 *   %h  text, escaping & < > " '  (safe in text and quoted attributes)
 *   %u  percent-encoded (a URL path segment or query value)
 *   %j  a JSON string literal, quotes included, "</" escaped
 *   %d %ld %lld %zu  integers;  %.Nf  a double with N decimals
 *   %s  a literal the program wrote itself: NEVER user data (checked by
 *       review: grep for html_printf.*%s)
 *   %%  a percent sign
 * Anything else aborts (a bug, caught by tests).
 *
 * html_page_begin/end write the common layout: <head> with the embedded
 * classless CSS, the CSP nonce, the navigation for the user's role, the
 * language switch, and the footer that says figures are demo data when
 * they are.
 */
#ifndef PARINDEX_WEB_HTML_H
#define PARINDEX_WEB_HTML_H
#include "web/http.h"

void html_printf(struct req *r, const char *fmt, ...);
/* The same into any string builder (tests, fragments). */
void html_strf(struct str *s, const char *fmt, ...);
/* Starts a page: doctype, head, header, nav, <main>. title is text. */
void html_page_begin(struct req *r, const char *title);
/* Ends <main> and the page. */
void html_page_end(struct req *r);
/* A form's hidden CSRF field (every POST form calls it). */
void html_csrf_field(struct req *r);
/* An inline SVG (from io/chart.c) in the page; the SVG is ours, not user
 * text, and its text nodes are already escaped by the chart module. */
void html_svg(struct req *r, const char *svg, size_t len);
/* html_strf into a new string of the request's arena (a table cell). */
char *html_arena(struct req *r, const char *fmt, ...);
/* A wide table in its own scrolling box, so a phone scrolls the table,
 * not the page: <div class="table-wrap" tabindex="0" role="region"
 * aria-label="LABEL"><table> ... </table></div> (focusable: a keyboard
 * can scroll it). label is text. */
void html_table_begin(struct req *r, const char *label);
void html_table_end(struct req *r);
#endif
