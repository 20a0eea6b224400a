/*
 * The package around the worksheet: the relationships (_rels/.rels ->
 * workbook -> its .rels) that say which part is the first sheet, the
 * workbook (date system, first sheet), the shared strings (read whole,
 * streaming, before the first row), and the XML plumbing every part goes
 * through (namespace-aware expat, DOCTYPE refused, errors reported with
 * the part and line).
 */
#include "io/table_xlsx_impl.h"

#include <stdarg.h>

#include "base/arena.h"

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && streq(s + n - k, suffix);
}

__attribute__((format(printf, 3, 4))) void
xlsx_xfail(struct xctx *c, const char *vi, const char *en, ...)
{
	va_list ap;
	va_start(ap, en);
	diag_vadd(c->d, DIAG_ERROR, c->t->name, c->line, c->col, NULL, vi, en,
	          ap);
	va_end(ap);
	c->failed = true;
	XML_StopParser(c->p, XML_FALSE);
}

void xlsx_xml_error(struct xctx *c)
{
	if (c->failed)
		return;
	diag_err(c->d, c->t->name, 0, 0,
	         "tệp XLSX hỏng: lỗi XML trong %s, dòng %lu: %s",
	         "corrupt XLSX file: XML error in %s, line %lu: %s", c->part,
	         (unsigned long)XML_GetCurrentLineNumber(c->p),
	         XML_ErrorString(XML_GetErrorCode(c->p)));
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name,
                               const XML_Char *sysid, const XML_Char *pubid,
                               int internal)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)internal;
	struct xctx *c = ud;
	xlsx_xfail(c, "tệp XLSX hỏng: %s có khai báo DOCTYPE",
	           "corrupt XLSX file: %s has a DOCTYPE declaration", c->part);
}

XML_Parser xlsx_new_parser(struct xctx *c, XML_StartElementHandler start,
                           XML_EndElementHandler end,
                           XML_CharacterDataHandler text)
{
	XML_Parser p = XML_ParserCreateNS(NULL, '|');
	if (!p)
		return NULL;
	XML_SetUserData(p, c);
	XML_SetElementHandler(p, start, end);
	if (text)
		XML_SetCharacterDataHandler(p, text);
	XML_SetStartDoctypeDeclHandler(p, on_doctype);
	c->p = p;
	return p;
}

int xlsx_parse_part(struct xctx *c, const char *part, uint64_t limit,
                    XML_StartElementHandler start,
                    XML_EndElementHandler end,
                    XML_CharacterDataHandler text, enum px_err *e)
{
	struct table_xlsx *x = c->x;
	uint64_t size;
	int r = xlsx_open_part(c->t, x, part, limit, &size, c->d, e);
	if (r <= 0)
		return r;
	c->part = part;
	XML_Parser p = xlsx_new_parser(c, start, end, text);
	if (!p) {
		*e = xlsx_no_memory(c->t, c->d);
		r = -1;
		goto out;
	}
	for (;;) {
		void *buf = XML_GetBuffer(p, XML_CHUNK);
		if (!buf) {
			*e = xlsx_no_memory(c->t, c->d);
			r = -1;
			goto out;
		}
		int n = unzReadCurrentFile(x->zf, buf, XML_CHUNK);
		if (n < 0) {
			*e = xlsx_zip_fail(c->t, x, c->d, part, n);
			r = -1;
			goto out;
		}
		if (XML_ParseBuffer(p, n, n == 0) != XML_STATUS_OK) {
			xlsx_xml_error(c);
			*e = PX_BADINPUT;
			r = -1;
			goto out;
		}
		if (n == 0)
			break;
	}
	r = xlsx_close_part(c->t, x, part, c->d, e) < 0 ? -1 : 1;
out:
	if (p)
		XML_ParserFree(p);
	c->p = NULL;
	if (x->part_open) {
		unzCloseCurrentFile(x->zf);
		x->part_open = false;
	}
	return r;
}

/* Relationships ------------------------------------------------------------ */

struct rel {
	const char *id, *type, *target;
};

struct rels_ctx {
	struct xctx b;
	struct rel_vec VEC_OF(struct rel) v;
};

static void XMLCALL rels_start(void *ud, const XML_Char *name,
                               const XML_Char **atts)
{
	struct rels_ctx *c = ud;
	if (c->b.failed || !streq(local(name), "Relationship"))
		return;
	const char *id = attr(atts, "Id"), *type = attr(atts, "Type");
	const char *target = attr(atts, "Target");
	const char *mode = attr(atts, "TargetMode");
	if (!id || !target || (mode && streq(mode, "External")))
		return;
	struct arena *a = c->b.t->arena;
	struct rel r = {arena_strdup(a, id), arena_strdup(a, type ? type : ""),
	                arena_strdup(a, target)};
	VEC_PUSH(&c->v, r);
}

static void XMLCALL ignore_end(void *ud, const XML_Char *name)
{
	(void)ud;
	(void)name;
}

static const struct rel *rel_by_type(const struct rels_ctx *c, const char *suffix)
{
	for (size_t i = 0; i < c->v.n; i++)
		if (ends_with(c->v.v[i].type, suffix))
			return &c->v.v[i];
	return NULL;
}

static const struct rel *rel_by_id(const struct rels_ctx *c, const char *id)
{
	for (size_t i = 0; i < c->v.n; i++)
		if (streq(c->v.v[i].id, id))
			return &c->v.v[i];
	return NULL;
}

/* The part a relationship target names, resolved against the folder of
 * the source part (OPC: "/x" starts at the package root; "." and ".."
 * segments are folded). NULL when it climbs out of the package or is
 * unreasonably long. */
static char *resolve(struct arena *a, const char *source, const char *target)
{
	char buf[1024];
	size_t n = 0;
	if (target[0] == '/') {
		target++;
	} else {
		const char *slash = strrchr(source, '/');
		n = slash ? (size_t)(slash - source) + 1 : 0;
		if (n >= sizeof buf)
			return NULL;
		memcpy(buf, source, n);
	}
	const char *p = target;
	while (*p) {
		const char *q = strchr(p, '/');
		size_t len = q ? (size_t)(q - p) : strlen(p);
		if (len == 2 && p[0] == '.' && p[1] == '.') {
			if (n == 0)
				return NULL;
			n--; /* the '/' ending the folder, then the folder */
			while (n > 0 && buf[n - 1] != '/')
				n--;
		} else if (len > 0 && !(len == 1 && p[0] == '.')) {
			if (len + 2 > sizeof buf - n)
				return NULL;
			memcpy(buf + n, p, len);
			n += len;
			if (q)
				buf[n++] = '/';
		}
		p += len;
		if (*p == '/')
			p++;
	}
	return arena_strndup(a, buf, n);
}

/* "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels". */
static char *rels_of(struct arena *a, const char *part)
{
	const char *slash = strrchr(part, '/');
	int dir = slash ? (int)(slash - part) + 1 : 0;
	return arena_printf(a, "%.*s_rels/%s.rels", dir, part, part + dir);
}

static int parse_rels(struct table *t, struct table_xlsx *x, struct diags *d,
                      const char *part, struct rels_ctx *c, enum px_err *e)
{
	memset(c, 0, sizeof *c);
	c->b = (struct xctx){t, x, d, NULL, part, false};
	return xlsx_parse_part(&c->b, part, SMALL_PART_MAX, rels_start, ignore_end,
	                       NULL, e);
}

/* Workbook ------------------------------------------------------------------ */

struct wb_ctx {
	struct xctx b;
	bool have_sheet;
	const char *rid, *sheet_name;
};

static void XMLCALL wb_start(void *ud, const XML_Char *name,
                             const XML_Char **atts)
{
	struct wb_ctx *c = ud;
	const char *n = local(name);
	if (streq(n, "workbookPr")) {
		const char *v = attr(atts, "date1904");
		c->b.x->date1904 = v && (streq(v, "1") || streq(v, "true"));
	} else if (streq(n, "sheet") && !c->have_sheet) {
		c->have_sheet = true;
		const char *rid = attr(atts, "id");
		const char *sname = attr(atts, "name");
		c->rid = rid ? arena_strdup(c->b.t->arena, rid) : NULL;
		c->sheet_name = arena_strdup(c->b.t->arena, sname ? sname : "");
	}
}

/* Shared strings ------------------------------------------------------------ */

struct sst_ctx {
	struct xctx b;
	bool in_si, in_t;
	int rph;
	size_t start;
};

static void XMLCALL sst_start(void *ud, const XML_Char *name,
                              const XML_Char **atts)
{
	(void)atts;
	struct sst_ctx *c = ud;
	const char *n = local(name);
	if (streq(n, "si")) {
		c->in_si = true;
		c->in_t = false;
		c->rph = 0;
		c->start = c->b.x->sst.len;
	} else if (c->in_si && streq(n, "rPh")) {
		c->rph++;
	} else if (c->in_si && streq(n, "t")) {
		c->in_t = true;
	}
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
	struct sst_ctx *c = ud;
	struct table_xlsx *x = c->b.x;
	const char *n = local(name);
	if (!c->in_si || c->b.failed)
		return;
	if (streq(n, "t")) {
		c->in_t = false;
	} else if (streq(n, "rPh")) {
		if (c->rph > 0)
			c->rph--;
	} else if (streq(n, "si")) {
		c->in_si = false;
		if (str_error(&x->sst)) {
			xlsx_xfail(&c->b, "chuỗi dùng chung quá lớn",
			           "shared strings too large");
			return;
		}
		size_t len = x->sst.len - c->start;
		if (len)
			len = xlsx_unescape(x->sst.buf + c->start, len);
		str_truncate(&x->sst, c->start + len);
		struct ss_ref ref = {(uint32_t)c->start, (uint32_t)len};
		VEC_PUSH(&x->ss, ref);
	}
}

static void XMLCALL sst_text(void *ud, const XML_Char *s, int len)
{
	struct sst_ctx *c = ud;
	if (c->in_si && c->in_t && c->rph == 0)
		str_add(&c->b.x->sst, s, (size_t)len);
}

int xlsx_read_shared_strings(struct table *t, struct table_xlsx *x, struct diags *d,
                             const char *part, enum px_err *e)
{
	struct sst_ctx sc = {{t, x, d, NULL, NULL, false}};
	return xlsx_parse_part(&sc.b, part, PART_MAX, sst_start, sst_end, sst_text, e);
}

/* Opening ------------------------------------------------------------------- */

int xlsx_find_parts(struct table *t, struct table_xlsx *x, struct diags *d,
                    const char **sheet, const char **sst,
                    const char **styles, enum px_err *e)
{
	struct arena *a = t->arena;
	const char *wb = "xl/workbook.xml";
	struct rels_ctx rc;
	int r = parse_rels(t, x, d, "_rels/.rels", &rc, e);
	if (r > 0) {
		const struct rel *rel = rel_by_type(&rc, "/officeDocument");
		const char *p = rel ? resolve(a, "", rel->target) : NULL;
		if (p)
			wb = p;
	}
	VEC_FREE(&rc.v);
	if (r < 0)
		return -1;
	struct wb_ctx wc = {{t, x, d, NULL, wb, false}};
	r = xlsx_parse_part(&wc.b, wb, SMALL_PART_MAX, wb_start, ignore_end, NULL, e);
	if (r <= 0)
		return r;
	r = parse_rels(t, x, d, rels_of(a, wb), &rc, e);
	if (r > 0) {
		const struct rel *rel = wc.rid ? rel_by_id(&rc, wc.rid) : NULL;
		if (rel && !ends_with(rel->type, "/worksheet")) {
			diag_err(d, t->name, 0, 0,
			         "trang tính đầu tiên (\"%s\") không phải bảng dữ liệu "
			         "(có thể là biểu đồ): hãy đưa bảng dữ liệu lên đầu",
			         "the first sheet (\"%s\") is not a worksheet (perhaps "
			         "a chart): move the data sheet to the front",
			         wc.sheet_name);
			*e = PX_BADINPUT;
			r = -1;
		} else {
			*sheet = rel ? resolve(a, wb, rel->target) : NULL;
			rel = rel_by_type(&rc, "/sharedStrings");
			*sst = rel ? resolve(a, wb, rel->target) : NULL;
			rel = rel_by_type(&rc, "/styles");
			*styles = rel ? resolve(a, wb, rel->target) : NULL;
		}
	}
	VEC_FREE(&rc.v);
	return r;
}
