/*
 * Fuzz target for the SVG sanitizer (io/chart_svg.c), which makes cairo's
 * SVG safe to inline in a page. Input: byte 0 bit 0 picks an id prefix
 * ("c1") or the hash-derived one; then, when a NUL byte follows, the
 * bytes before it are the title and those after it the SVG (else all of
 * it is the SVG, without title). The seeds (tests/fuzz/corpus/svg) are
 * real cairo 1.16 output (text, clip, dash, gradient) and hostile
 * variants. When the sanitizer accepts, its output is tokenised again and
 * must hold the contract of chart_svg.h:
 *  - every tag is an allowed element (or the <title> the sanitizer
 *    writes): no <script, no <foreignObject, no <!...> or <?...?>;
 *  - no attribute named on* (any case) or style, every attribute value
 *    double-quoted without '<', no "javascript:" (any case) in a value
 *    (but in the title's aria-label, which is text),
 *    every href / xlink:href (any case) and every url() a local "#id";
 *  - the same input gives the same bytes again (determinism).
 * When it refuses, what was already in the builder is left as it was.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/str.h"
#include "io/chart_svg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define KEEP "kept:" /* what the builder holds before the call */
static const char *last_out = ""; /* printed on failure with FUZZ_SVG_DEBUG=1 */

static void check(int ok, const char *what)
{
	if (ok)
		return;
	fprintf(stderr, "fuzz_svg: %s\n", what);
	if (getenv("FUZZ_SVG_DEBUG"))
		fprintf(stderr, "output: %s\n", last_out);
	abort();
}

static const char *const allowed[] = {
	"svg", "g", "defs", "symbol", "path", "use", "clipPath", "rect", "mask",
	"linearGradient", "radialGradient", "stop", "pattern", "title",
};

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == ':' || c == '_';
}

static bool has_ci(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (!strncasecmp(s + i, needle, k))
			return true;
	return false;
}

static void check_element(const char *name, size_t n)
{
	for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
		if (strlen(allowed[i]) == n && !memcmp(allowed[i], name, n))
			return;
	check(0, "element not allowed");
}

/* The attributes of a start tag from p; returns the byte after '>'. */
static const char *check_attrs(const char *p, const char *end)
{
	for (;;) {
		while (p < end && (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r'))
			p++;
		check(p < end, "tag not closed");
		if (*p == '>')
			return p + 1;
		if (*p == '/') {
			check(p + 1 < end && p[1] == '>', "stray '/' in a tag");
			return p + 2;
		}
		const char *name = p;
		while (p < end && name_char(*p))
			p++;
		size_t nlen = (size_t)(p - name);
		check(nlen > 0, "attribute without a name");
		check(p + 1 < end && p[0] == '=' && p[1] == '"', "attribute not name=\"value\"");
		const char *val = p + 2;
		const char *vend = memchr(val, '"', (size_t)(end - val));
		check(vend != NULL, "attribute value not closed");
		size_t vlen = (size_t)(vend - val);
		check(!(nlen > 2 && !strncasecmp(name, "on", 2)), "event handler attribute");
		check(!(nlen == 5 && !strncasecmp(name, "style", 5)), "style attribute");
		check(!memchr(val, '<', vlen), "'<' in an attribute value");
		bool label = nlen == 10 && !memcmp(name, "aria-label", 10); /* the title, text */
		check(label || !has_ci(val, vlen, "javascript:"), "javascript: in an attribute value");
		for (const char *u = val; !label && u + 4 <= vend; u++)
			if (!strncasecmp(u, "url(", 4))
				check(u + 4 < vend && u[4] == '#', "url() not a local #id");
		bool href = (nlen == 4 && !strncasecmp(name, "href", 4)) ||
		            (nlen > 5 && !strncasecmp(name + nlen - 5, ":href", 5));
		if (href)
			check(vlen >= 2 && val[0] == '#', "href not a local #id");
		p = vend + 1;
	}
}

static void check_output(const char *s, size_t n)
{
	check(!has_ci(s, n, "<script"), "<script in the output");
	const char *p = s, *end = s + n;
	while (p < end) {
		const char *lt = memchr(p, '<', (size_t)(end - p));
		if (!lt)
			break;
		p = lt + 1;
		check(p < end && *p != '!' && *p != '?', "markup declaration or instruction");
		bool closing = *p == '/';
		if (closing)
			p++;
		const char *name = p;
		while (p < end && name_char(*p))
			p++;
		check_element(name, (size_t)(p - name));
		if (closing) {
			while (p < end && (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r'))
				p++;
			check(p < end && *p == '>', "end tag with more than its name");
			p++;
		} else {
			p = check_attrs(p, end);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const char *prefix = (data[0] & 1) ? "c1" : NULL;
	const char *rest = (const char *)data + 1;
	size_t n = size - 1;
	char *title = NULL;
	const char *nul = memchr(rest, 0, n);
	if (nul) {
		title = strndup(rest, (size_t)(nul - rest));
		n -= (size_t)(nul - rest) + 1;
		rest = nul + 1;
	}
	char *svg = malloc(n ? n : 1); /* exactly sized: ASan sees overreads */
	if (!svg)
		abort();
	memcpy(svg, rest, n);

	struct str out, again;
	str_init(&out, 0);
	str_init(&again, 0);
	str_adds(&out, KEEP);
	str_adds(&again, KEEP);
	enum px_err rc = chart_svg_rewrite(svg, n, prefix, title, &out);
	check(out.len >= strlen(KEEP) && !memcmp(out.buf, KEEP, strlen(KEEP)), "builder overwritten");
	if (rc == PX_OK) {
		last_out = out.buf;
		check(!str_error(&out), "ok with a builder error");
		check_output(out.buf + strlen(KEEP), out.len - strlen(KEEP));
		check(chart_svg_rewrite(svg, n, prefix, title, &again) == PX_OK, "second call refused");
		check(again.len == out.len && !memcmp(again.buf, out.buf, out.len), "not deterministic");
		last_out = "";
	} else {
		check(rc == PX_FAIL, "unexpected error code");
		check(out.len == strlen(KEEP), "failure appended bytes");
	}
	str_free(&out);
	str_free(&again);
	free(svg);
	free(title);
	return 0;
}
