/*
 * The SVG sanitizer (contract in chart_svg.h and docs/internals/chart.md):
 * two passes over cairo's SVG, the first collecting ids, the second
 * writing the allowed elements with their attributes rewritten (ids
 * renamed, style expanded, coordinates rounded). A tag-level scanner,
 * not an XML parser: it only has to recognise what cairo writes, and
 * anything else fails.
 */
#include "io/chart_svg.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/map.h"

/* Elements cairo writes for what this module draws. */
static const char *const svg_elements[] = {
	"svg", "g", "defs", "symbol", "path", "use", "clipPath", "rect", "mask",
	"linearGradient", "radialGradient", "stop", "pattern",
};

static bool svg_element_ok(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof svg_elements / sizeof svg_elements[0]; i++)
		if (strlen(svg_elements[i]) == len && !memcmp(svg_elements[i], name, len))
			return true;
	return false;
}

static bool name_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '-' || ch == ':' || ch == '_';
}

/* XML text/attribute escaping of our own title. */
static void xml_escape(struct str *out, const char *s)
{
	for (const char *p = s; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		switch (ch) {
		case '&': str_adds(out, "&amp;"); break;
		case '<': str_adds(out, "&lt;"); break;
		case '>': str_adds(out, "&gt;"); break;
		case '"': str_adds(out, "&quot;"); break;
		case '\'': str_adds(out, "&#39;"); break;
		default: str_addc(out, ch < 0x20 || ch == 0x7f ? ' ' : (char)ch); break;
		}
	}
}

struct attr {
	const char *name, *value;
	size_t nlen, vlen;
};

#define SVG_MAX_ATTRS 40

struct svg_ids {
	struct map map;   /* old id -> (void *)(index + 1) */
	size_t n;
	const char *prefix;
};

static bool attr_is(const struct attr *a, const char *name)
{
	return a->nlen == strlen(name) && !memcmp(a->name, name, a->nlen);
}

/* href or any prefix:href, in any case (an HTML parser lowercases the
 * attribute names of inline SVG, so HREF is an href too). */
static bool attr_is_href(const struct attr *a)
{
	return (a->nlen == 4 && !strncasecmp(a->name, "href", 4)) ||
	       (a->nlen > 5 && !strncasecmp(a->name + a->nlen - 5, ":href", 5));
}

/* A value the page could follow: a javascript: URL or a url() that is not
 * a local #id (any case; cairo writes neither). */
static bool value_refers_out(const char *v, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (len - i >= 11 && !strncasecmp(v + i, "javascript:", 11))
			return true;
		if (len - i >= 4 && !strncasecmp(v + i, "url(", 4) && (len - i == 4 || v[i + 4] != '#'))
			return true;
	}
	return false;
}

/* Appends a non-negative integer (the hot path of the rewriter: no printf). */
static void put_uint(struct str *out, unsigned long long v)
{
	char b[24];
	size_t i = sizeof b;
	do {
		b[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	str_add(out, b + i, sizeof b - i);
}

/* Writes the new name of the id old[0..len), false when unknown. */
static bool put_id(struct str *out, const struct svg_ids *ids, const char *old, size_t len)
{
	void *v = map_get(&ids->map, old, len);
	if (!v)
		return false;
	str_adds(out, ids->prefix);
	put_uint(out, (unsigned long long)(uintptr_t)v - 1);
	return true;
}

/* An attribute value with every url(#id) renamed. */
static bool put_value(struct str *out, const struct svg_ids *ids, const char *v, size_t len)
{
	const char *end = v + len;
	while (v < end) {
		const char *u = NULL;
		for (const char *q = v; q + 5 <= end; q++)
			if (!memcmp(q, "url(#", 5)) {
				u = q;
				break;
			}
		if (!u) {
			str_add(out, v, (size_t)(end - v));
			break;
		}
		str_add(out, v, (size_t)(u - v) + 5);
		const char *id = u + 5, *close = memchr(id, ')', (size_t)(end - id));
		if (!close || !put_id(out, ids, id, (size_t)(close - id)))
			return false;
		v = close;
	}
	return true;
}

/* Coordinates with at most two decimals (cairo writes six; a hundredth
 * of a pixel is invisible even at 4x): "8.078125" -> "8.08", "-0.001"
 * -> "0". Locale-independent; any token it does not fully understand
 * (an exponent, a very long integer part) is copied unchanged. */
static void put_coords(struct str *out, const char *v, size_t len)
{
	const char *p = v, *end = v + len;
	while (p < end) {
		bool neg = *p == '-';
		const char *d = p + (neg ? 1 : 0), *q = d;
		while (q < end && *q >= '0' && *q <= '9')
			q++;
		if (q == d || q - d > 9 || q >= end || *q != '.' ||
		    (p > v && (p[-1] == '.' || (p[-1] >= '0' && p[-1] <= '9')))) {
			str_addc(out, *p);
			p++;
			continue;
		}
		const char *f = q + 1, *fe = f;
		while (fe < end && *fe >= '0' && *fe <= '9')
			fe++;
		if (fe < end && (*fe == 'e' || *fe == 'E' || *fe == '.')) {
			str_add(out, p, (size_t)(fe - p));
			p = fe;
			continue;
		}
		long long ip = 0;
		for (const char *k = d; k < q; k++)
			ip = ip * 10 + (*k - '0');
		int c1 = f < fe ? f[0] - '0' : 0, c2 = f + 1 < fe ? f[1] - '0' : 0;
		int c3 = f + 2 < fe ? f[2] - '0' : 0;
		long long hund = ip * 100 + c1 * 10 + c2 + (c3 >= 5 ? 1 : 0);
		if (neg && hund)
			str_addc(out, '-');
		put_uint(out, (unsigned long long)(hund / 100));
		int r = (int)(hund % 100);
		if (r) {
			str_addc(out, '.');
			str_addc(out, (char)('0' + r / 10));
			if (r % 10)
				str_addc(out, (char)('0' + r % 10));
		}
		p = fe;
	}
}

/* Parses attributes from *pp up to '>' or "/>"; false on anything not
 * plain name="value". */
static bool parse_attrs(const char **pp, const char *end, struct attr *a, size_t *na, bool *selfclose)
{
	const char *p = *pp;
	*na = 0;
	for (;;) {
		while (p < end && (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r'))
			p++;
		if (p >= end)
			return false;
		if (*p == '>' || (*p == '/' && p + 1 < end && p[1] == '>')) {
			*selfclose = *p == '/';
			*pp = p + (*selfclose ? 2 : 1);
			return true;
		}
		const char *name = p;
		while (p < end && name_char(*p))
			p++;
		if (p == name || p + 1 >= end || *p != '=' || (p[1] != '"' && p[1] != '\''))
			return false;
		if (*na == SVG_MAX_ATTRS)
			return false;
		char q = p[1];
		const char *val = p + 2, *vend = memchr(val, q, (size_t)(end - val));
		/* written back between double quotes: a '"' would end the value */
		if (!vend || memchr(val, '<', (size_t)(vend - val)) || memchr(val, '"', (size_t)(vend - val)))
			return false;
		a[*na] = (struct attr){name, val, (size_t)(p - name), (size_t)(vend - val)};
		/* no event handlers, no external references */
		if ((a[*na].nlen > 2 && (name[0] == 'o' || name[0] == 'O') &&
		     (name[1] == 'n' || name[1] == 'N')))
			return false;
		(*na)++;
		p = vend + 1;
	}
}

/* style="a:b;c:d" -> attributes a, c (replacing same-named ones). */
static bool expand_style(struct attr *a, size_t *na, size_t si)
{
	struct attr style = a[si];
	a[si] = a[--*na];
	const char *p = style.value, *end = style.value + style.vlen;
	while (p < end) {
		const char *semi = memchr(p, ';', (size_t)(end - p));
		const char *decl_end = semi ? semi : end;
		const char *colon = memchr(p, ':', (size_t)(decl_end - p));
		const char *n0 = p;
		while (n0 < decl_end && *n0 == ' ')
			n0++;
		if (n0 < decl_end) {
			if (!colon)
				return false;
			const char *n1 = colon;
			while (n1 > n0 && n1[-1] == ' ')
				n1--;
			const char *v0 = colon + 1, *v1 = decl_end;
			while (v0 < v1 && *v0 == ' ')
				v0++;
			while (v1 > v0 && v1[-1] == ' ')
				v1--;
			for (const char *q = n0; q < n1; q++)
				if (!((*q >= 'a' && *q <= 'z') || *q == '-'))
					return false;
			if (n1 == n0 || memchr(v0, '"', (size_t)(v1 - v0)))
				return false;
			struct attr nw = {n0, v0, (size_t)(n1 - n0), (size_t)(v1 - v0)};
			size_t k = 0;
			while (k < *na && !(a[k].nlen == nw.nlen && !memcmp(a[k].name, nw.name, nw.nlen)))
				k++;
			if (k == *na) {
				if (*na == SVG_MAX_ATTRS)
					return false;
				(*na)++;
			}
			a[k] = nw;
		}
		p = decl_end + (semi ? 1 : 0);
	}
	return true;
}

/* The first needle in [p, end), or NULL: the input is counted, not a
 * C string (strstr would read past its end). */
static const char *find(const char *p, const char *end, const char *needle)
{
	size_t k = strlen(needle);
	for (; end - p >= (ptrdiff_t)k; p++)
		if (!memcmp(p, needle, k))
			return p;
	return NULL;
}

/* One pass over cairo's SVG. collect: record ids only; else write. */
static bool svg_pass(const char *in, size_t len, struct svg_ids *ids, bool collect,
                     const char *title, struct str *out)
{
	const char *p = in, *end = in + len;
	bool root_done = false;
	while (p < end) {
		const char *lt = memchr(p, '<', (size_t)(end - p));
		if (!lt) {
			if (!collect)
				str_add(out, p, (size_t)(end - p));
			break;
		}
		if (!collect && root_done)
			str_add(out, p, (size_t)(lt - p));
		p = lt;
		if (end - p >= 2 && p[1] == '?') {      /* the XML prolog: dropped */
			const char *q = find(p, end, "?>");
			if (!q || root_done)
				return false;
			p = q + 2;
			while (p < end && (*p == '\n' || *p == '\r'))
				p++;
			continue;
		}
		if (end - p >= 4 && !memcmp(p, "<!--", 4)) { /* comments: dropped */
			const char *q = find(p, end, "-->");
			if (!q)
				return false;
			p = q + 3;
			continue;
		}
		bool closing = end - p >= 2 && p[1] == '/';
		const char *name = p + (closing ? 2 : 1), *q = name;
		while (q < end && name_char(*q))
			q++;
		if (!svg_element_ok(name, (size_t)(q - name)))
			return false;
		if (closing) {
			const char *gt = q; /* "</name>", perhaps with spaces: nothing else */
			while (gt < end && (*gt == ' ' || *gt == '\n' || *gt == '\t' || *gt == '\r'))
				gt++;
			if (gt >= end || *gt != '>')
				return false;
			if (!collect)
				str_add(out, p, (size_t)(gt + 1 - p));
			p = gt + 1;
			continue;
		}
		struct attr a[SVG_MAX_ATTRS];
		size_t na;
		bool selfclose;
		const char *after = q;
		if (!parse_attrs(&after, end, a, &na, &selfclose))
			return false;
		for (size_t i = 0; i < na; i++)
			if (attr_is(&a[i], "style")) {
				if (!expand_style(a, &na, i))
					return false;
				break; /* one style attribute per element */
			}
		for (size_t i = 0; i < na; i++) /* a second one, one made by the first, or StYlE */
			if (a[i].nlen == 5 && !strncasecmp(a[i].name, "style", 5))
				return false;
		bool is_root = !root_done;
		if (is_root && !(q - name == 3 && !memcmp(name, "svg", 3)))
			return false;
		for (size_t i = 0; i < na; i++) {
			if (a[i].nlen > 2 && !strncasecmp(a[i].name, "on", 2))
				return false; /* an event handler made from a style declaration */
			bool href = attr_is_href(&a[i]);
			if (href && (a[i].vlen < 2 || a[i].value[0] != '#'))
				return false;
			if (value_refers_out(a[i].value, a[i].vlen))
				return false;
			if (collect && attr_is(&a[i], "id") &&
			    !map_get(&ids->map, a[i].value, a[i].vlen)) {
				ids->n++;
				map_put(&ids->map, a[i].value, a[i].vlen, (void *)(uintptr_t)ids->n);
			}
		}
		if (!collect) {
			str_add(out, p, (size_t)(q - p));
			for (size_t i = 0; i < na; i++) {
				str_addc(out, ' ');
				str_add(out, a[i].name, a[i].nlen);
				str_adds(out, "=\"");
				if (attr_is(&a[i], "id")) {
					if (!put_id(out, ids, a[i].value, a[i].vlen))
						return false;
				} else if (attr_is_href(&a[i])) {
					str_addc(out, '#');
					if (!put_id(out, ids, a[i].value + 1, a[i].vlen - 1))
						return false;
				} else if (attr_is(&a[i], "d") || attr_is(&a[i], "x") ||
				           attr_is(&a[i], "y")) {
					put_coords(out, a[i].value, a[i].vlen);
				} else if (!put_value(out, ids, a[i].value, a[i].vlen)) {
					return false;
				}
				str_addc(out, '"');
			}
			if (is_root && title && *title) {
				str_adds(out, " role=\"img\" aria-label=\"");
				xml_escape(out, title);
				str_addc(out, '"');
			}
			str_adds(out, selfclose ? "/>" : ">");
			if (is_root && title && *title) {
				str_adds(out, "\n<title>");
				xml_escape(out, title);
				str_adds(out, "</title>");
			}
		}
		root_done = true;
		p = after;
	}
	return root_done;
}

bool chart_svg_prefix_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 32 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!name_char(s[i]) || s[i] == ':')
			return false;
	return true;
}

enum px_err chart_svg_rewrite(const char *svg, size_t len, const char *prefix, const char *title,
                              struct str *out)
{
	struct svg_ids ids = {.prefix = ""};
	enum px_err rc = PX_FAIL;
	char gen[24];
	struct str tmp;
	str_init(&tmp, 0);
	map_init(&ids.map);
	if (!svg_pass(svg, len, &ids, true, NULL, NULL))
		goto out;
	if (!prefix) {
		/* the name of the picture: a hash of it with neutral ids */
		ids.prefix = "i";
		if (!svg_pass(svg, len, &ids, false, title, &tmp) || str_error(&tmp))
			goto out;
		uint64_t h = map_hash(tmp.buf, tmp.len);
		snprintf(gen, sizeof gen, "px%08llx-", (unsigned long long)(h & 0xffffffffULL));
		str_reset(&tmp);
		ids.prefix = gen;
	} else {
		snprintf(gen, sizeof gen, "%s-", prefix);
		ids.prefix = gen;
	}
	if (!svg_pass(svg, len, &ids, false, title, &tmp) || str_error(&tmp))
		goto out;
	if (tmp.len > out->max - out->len)
		goto out;
	str_add(out, tmp.buf, tmp.len);
	rc = str_error(out) ? PX_FAIL : PX_OK;
out:
	map_free(&ids.map);
	str_free(&tmp);
	return rc;
}
