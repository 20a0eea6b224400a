/*
 * Which cell formats show dates: the styles part's cellXfs (one number
 * format id per cell style) and numFmts (custom format codes), read
 * whole before the first row into x->xf_kind. A custom code is a date
 * when its first section has y or d, or m without h or s (so "mm:ss" is
 * not a month); [h] and the like are elapsed times, [Red] and [$-42A]
 * say nothing.
 */
#include "io/table_xlsx_impl.h"

#include <stdlib.h>

#include "base/mem.h"

/* Kind of a built-in number format (ECMA-376 18.8.30). */
static enum xlsx_fmt_kind builtin_kind(uint64_t id)
{
	if (id >= 14 && id <= 17)
		return XLSX_FMT_DATE;
	if (id == 22)
		return XLSX_FMT_DATETIME;
	return XLSX_FMT_NUMBER; /* 18-21, 45-47 are times of day */
}

static bool prefix_ci(const char *s, const char *word)
{
	for (; *word; s++, word++) {
		char c = *s;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != *word)
			return false;
	}
	return true;
}

/* True when [b, e) is one of h, m, s repeated: an elapsed time. */
static bool elapsed(const char *b, const char *e)
{
	if (b == e)
		return false;
	char c = *b;
	if (c >= 'A' && c <= 'Z')
		c = (char)(c - 'A' + 'a');
	if (c != 'h' && c != 'm' && c != 's')
		return false;
	for (const char *p = b; p < e; p++)
		if (*p != c && *p != c - 'a' + 'A')
			return false;
	return true;
}

/* Kind of a custom format code: the date and time letters of its first
 * section, outside quoted text, escapes and [brackets]. "m" alone is a
 * month; with h or s it may be minutes, but y or d still make a date. */
static enum xlsx_fmt_kind custom_kind(const char *code)
{
	bool y = false, d = false, m = false, h = false, s = false;
	for (const char *p = code; *p && *p != ';'; p++) {
		if (*p == '"') {
			p = strchr(p + 1, '"');
			if (!p)
				break;
			continue;
		}
		if (*p == '\\' || *p == '_' || *p == '*') {
			if (!p[1])
				break;
			p++;
			continue;
		}
		if (*p == '[') {
			/* [h], [mm], [ss]: elapsed time; [Red], [$-42A] and
			 * the like say nothing about dates */
			const char *q = strchr(p, ']');
			if (!q)
				break;
			if (elapsed(p + 1, q))
				h = true;
			p = q;
			continue;
		}
		if (prefix_ci(p, "general")) {
			p += 6;
			continue;
		}
		if (prefix_ci(p, "am/pm") || prefix_ci(p, "a/p")) {
			h = true;
			p += prefix_ci(p, "am/pm") ? 4 : 2;
			continue;
		}
		switch (*p) {
		case 'y': case 'Y': y = true; break;
		case 'd': case 'D': d = true; break;
		case 'm': case 'M': m = true; break;
		case 'h': case 'H': h = true; break;
		case 's': case 'S': s = true; break;
		default: break;
		}
	}
	bool date = y || d || (m && !h && !s);
	if (!date)
		return XLSX_FMT_NUMBER;
	return (h || s) ? XLSX_FMT_DATETIME : XLSX_FMT_DATE;
}

struct fmt {
	uint64_t id;
	size_t seq; /* order of definition */
	enum xlsx_fmt_kind kind;
};

struct styles_ctx {
	struct xctx b;
	bool in_cellxfs;
	struct fmt_vec VEC_OF(struct fmt) fmts;
	struct id_vec VEC_OF(uint64_t) xfs;
};

static void XMLCALL styles_start(void *ud, const XML_Char *name,
                                 const XML_Char **atts)
{
	struct styles_ctx *c = ud;
	const char *n = local(name);
	uint64_t id = 0;
	const char *v = attr(atts, "numFmtId");
	if (!v || !xlsx_parse_uint(v, strlen(v), UINT32_MAX, &id))
		id = 0;
	if (streq(n, "numFmt")) {
		const char *code = attr(atts, "formatCode");
		struct fmt f = {id, c->fmts.n,
		                code ? custom_kind(code) : XLSX_FMT_NUMBER};
		VEC_PUSH(&c->fmts, f);
	} else if (streq(n, "cellXfs")) {
		c->in_cellxfs = true;
	} else if (streq(n, "xf") && c->in_cellxfs) {
		VEC_PUSH(&c->xfs, id);
	}
}

static void XMLCALL styles_end(void *ud, const XML_Char *name)
{
	struct styles_ctx *c = ud;
	if (streq(local(name), "cellXfs"))
		c->in_cellxfs = false;
}

static int fmt_cmp(const void *a, const void *b)
{
	const struct fmt *f = a, *g = b;
	if (f->id != g->id)
		return f->id < g->id ? -1 : 1;
	return f->seq < g->seq ? 1 : f->seq > g->seq ? -1 : 0;
}

/* Kind of format id: a custom format defined in the part (the last one
 * when defined twice) or else the built-in one. */
static enum xlsx_fmt_kind fmt_kind_of(const struct styles_ctx *c, uint64_t id)
{
	size_t lo = 0, hi = c->fmts.n;
	while (lo < hi) { /* first entry with an id >= id */
		size_t mid = lo + (hi - lo) / 2;
		if (c->fmts.v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < c->fmts.n && c->fmts.v[lo].id == id)
		return c->fmts.v[lo].kind;
	return builtin_kind(id);
}

int xlsx_read_styles(struct table *t, struct table_xlsx *x,
                     struct diags *d, const char *part, enum px_err *e)
{
	struct styles_ctx c = {{t, x, d, NULL, part, false}};
	int r = xlsx_parse_part(&c.b, part, SMALL_PART_MAX, styles_start,
	                        styles_end, NULL, e);
	if (r > 0 && c.xfs.n) {
		/* sorted by id, the last definition of an id first, so that
		 * a lookup is a binary search even in a hostile styles part */
		if (c.fmts.n)
			qsort(c.fmts.v, c.fmts.n, sizeof *c.fmts.v, fmt_cmp);
		x->nxf = c.xfs.n;
		x->xf_kind = xmalloc(x->nxf);
		for (size_t i = 0; i < x->nxf; i++)
			x->xf_kind[i] = (unsigned char)fmt_kind_of(&c, c.xfs.v[i]);
	}
	VEC_FREE(&c.fmts);
	VEC_FREE(&c.xfs);
	return r;
}
