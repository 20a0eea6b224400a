/*
 * Requests and responses as handlers see them (http.h), and the parsers
 * for what a client sends: query strings, urlencoded and multipart bodies,
 * cookies, the path. The parsers take a pointer and a length, never rely
 * on a NUL, copy what they keep into the request's arena and refuse
 * (false: 400) anything malformed rather than guessing: a bad percent
 * escape, a NUL byte in text, invalid UTF-8, too many fields, a field
 * over HTTP_MAX_FORM_FIELD. Uploads are the only values that may hold
 * any bytes; they point into the body, which lives as long as the request.
 */
#include "web/server.h"
#include "app/user.h"
#include "base/str.h"
#include "base/arena.h"
#include "base/utf8.h"
#include "web/html.h"

#include <errno.h>
#include <sodium.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- parsers ---- */

/* The first occurrence of needle (nlen > 0) in hay[0..n), or NULL
 * (memmem is a GNU extension). */
static const char *find_bytes(const char *hay, size_t n, const char *needle, size_t nlen)
{
	while (n >= nlen) {
		const char *p = memchr(hay, needle[0], n - nlen + 1);
		if (!p)
			return NULL;
		if (!memcmp(p, needle, nlen))
			return p;
		n -= (size_t)(p - hay) + 1;
		hay = p + 1;
	}
	return NULL;
}


/* Percent-decodes s[0..n) into the arena; plus_space turns '+' into ' '
 * (forms). Refuses bad escapes, NUL bytes, invalid UTF-8 and results
 * longer than max. */
static char *pct_decode(struct arena *a, const char *s, size_t n, bool plus_space,
                        size_t max)
{
	char *out = arena_alloc(a, n + 1);
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '%') {
			if (n - i < 3)
				return NULL;
			int h = hex_digit((unsigned char)s[i + 1]), l = hex_digit((unsigned char)s[i + 2]);
			if (h < 0 || l < 0)
				return NULL;
			c = (unsigned char)(h * 16 + l);
			i += 2;
		} else if (c == '+' && plus_space) {
			c = ' ';
		}
		if (c == 0)
			return NULL;
		out[o++] = (char)c;
	}
	out[o] = 0;
	if (o > max || !utf8_valid(out, o, NULL))
		return NULL;
	return out;
}

bool http_parse_urlencoded(struct arena *a, const char *s, size_t n, struct kv **out,
                           size_t *nout)
{
	*out = NULL;
	*nout = 0;
	size_t pieces = 1;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '&')
			pieces++;
	if (pieces > HTTP_MAX_FIELDS)
		return false;
	struct kv *v = arena_array(a, pieces, sizeof *v);
	size_t k = 0, start = 0;
	while (start <= n) {
		const char *amp = memchr(s + start, '&', n - start);
		size_t end = amp ? (size_t)(amp - s) : n;
		if (end > start) {
			const char *piece = s + start;
			size_t plen = end - start;
			const char *eq = memchr(piece, '=', plen);
			size_t klen = eq ? (size_t)(eq - piece) : plen;
			char *key = pct_decode(a, piece, klen, true, 256);
			const char *val = "";
			if (!key)
				return false;
			if (eq) {
				char *dv = pct_decode(a, eq + 1, plen - klen - 1, true,
				                      HTTP_MAX_FORM_FIELD);
				if (!dv)
					return false;
				val = dv;
			}
			v[k].key = key;
			v[k].value = val;
			v[k].len = strlen(val);
			k++;
		}
		if (!amp)
			break;
		start = end + 1;
	}
	*out = v;
	*nout = k;
	return true;
}

bool http_decode_path(struct arena *a, const char *s, size_t n, char **out)
{
	*out = NULL;
	if (n == 0 || s[0] != '/')
		return false;
	*out = pct_decode(a, s, n, false, 8192);
	return *out != NULL;
}

const char *http_cookie_find(struct arena *a, const char *header, const char *name)
{
	if (!header)
		return NULL;
	size_t nlen = strlen(name);
	const char *p = header;
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == ';')
			p++;
		const char *end = strchr(p, ';');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		const char *eq = memchr(p, '=', len);
		if (eq) {
			size_t klen = (size_t)(eq - p);
			while (klen > 0 && (p[klen - 1] == ' ' || p[klen - 1] == '\t'))
				klen--;
			if (klen == nlen && !memcmp(p, name, nlen)) {
				const char *v = eq + 1;
				size_t vlen = len - (size_t)(v - p);
				while (vlen > 0 && (*v == ' ' || *v == '\t')) {
					v++;
					vlen--;
				}
				while (vlen > 0 && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
					vlen--;
				if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
					v++;
					vlen -= 2;
				}
				if (vlen > 4096 || memchr(v, 0, vlen))
					return NULL;
				char *val = arena_strndup(a, v, vlen);
				return utf8_valid(val, vlen, NULL) ? val : NULL;
			}
		}
		if (!end)
			break;
		p = end + 1;
	}
	return NULL;
}

/* A parameter of a header value: name="x" or name=x, after a ';'. The
 * value is copied (quotes removed, \" unescaped); NULL when absent. */
static char *header_param(struct arena *a, const char *v, size_t n, const char *name)
{
	size_t nlen = strlen(name);
	size_t i = 0;
	while (i < n) {
		/* find the next ';' outside quotes */
		bool q = false;
		while (i < n && (q || v[i] != ';')) {
			if (v[i] == '"')
				q = !q;
			else if (q && v[i] == '\\' && i + 1 < n)
				i++;
			i++;
		}
		if (i >= n)
			return NULL;
		i++;
		while (i < n && (v[i] == ' ' || v[i] == '\t'))
			i++;
		if (n - i > nlen && !strncasecmp(v + i, name, nlen) && v[i + nlen] == '=') {
			i += nlen + 1;
			struct str s;
			str_init(&s, 4096);
			if (i < n && v[i] == '"') {
				i++;
				while (i < n && v[i] != '"') {
					if (v[i] == '\\' && i + 1 < n)
						i++;
					str_addc(&s, v[i]);
					i++;
				}
			} else {
				while (i < n && v[i] != ';' && v[i] != ' ' && v[i] != '\t')
					str_addc(&s, v[i++]);
			}
			char *r = NULL;
			if (!str_error(&s) && !memchr(str_cstr(&s), 0, s.len) &&
			    utf8_valid(str_cstr(&s), s.len, NULL))
				r = arena_strndup(a, str_cstr(&s), s.len);
			str_free(&s);
			return r;
		}
	}
	return NULL;
}

#define MAX_PART_HEADERS 8192

/* Browsers write '"', CR and LF in a multipart name or filename as %22,
 * %0D and %0A (WHATWG HTML "multipart/form-data encoding"); only those
 * three are decoded, in place. */
static const char *whatwg_unescape(char *s)
{
	if (!s)
		return NULL;
	char *o = s;
	for (const char *p = s; *p;) {
		if (p[0] == '%' && p[1] == '2' && p[2] == '2') {
			*o++ = '"';
			p += 3;
		} else if (p[0] == '%' && p[1] == '0' && (p[2] == 'D' || p[2] == 'd')) {
			*o++ = '\r';
			p += 3;
		} else if (p[0] == '%' && p[1] == '0' && (p[2] == 'A' || p[2] == 'a')) {
			*o++ = '\n';
			p += 3;
		} else {
			*o++ = *p++;
		}
	}
	*o = 0;
	return s;
}

bool http_parse_multipart(struct arena *a, const char *content_type, const char *body,
                          size_t n, struct kv **form, size_t *nform, struct upload **up,
                          size_t *nup)
{
	*form = NULL;
	*up = NULL;
	*nform = *nup = 0;
	if (!content_type)
		return false;
	const char *boundary = header_param(a, content_type, strlen(content_type), "boundary");
	size_t blen = boundary ? strlen(boundary) : 0;
	if (blen == 0 || blen > 70)
		return false;
	/* delimiter: CRLF "--" boundary; the first may start the body */
	char *delim = arena_alloc(a, blen + 5);
	memcpy(delim, "\r\n--", 4);
	memcpy(delim + 4, boundary, blen);
	size_t dlen = blen + 4;
	size_t pos;
	if (n >= dlen - 2 && !memcmp(body, delim + 2, dlen - 2)) {
		pos = dlen - 2;
	} else {
		const char *d = find_bytes(body, n, delim, dlen);
		if (!d)
			return false;
		pos = (size_t)(d - body) + dlen;
	}
	size_t cap_f = 16, cap_u = 4, nf = 0, nu = 0;
	struct kv *f = arena_array(a, cap_f, sizeof *f);
	struct upload *u = arena_array(a, cap_u, sizeof *u);
	for (size_t parts = 0;; parts++) {
		/* after a delimiter: "--" ends the body; else optional blanks, CRLF */
		if (n - pos >= 2 && body[pos] == '-' && body[pos + 1] == '-')
			break;
		while (pos < n && (body[pos] == ' ' || body[pos] == '\t'))
			pos++;
		if (n - pos < 2 || body[pos] != '\r' || body[pos + 1] != '\n')
			return false;
		pos += 2;
		if (parts >= HTTP_MAX_FIELDS)
			return false;
		/* part headers up to an empty line */
		const char *hend = find_bytes(body + pos, n - pos, "\r\n\r\n", 4);
		size_t hlen;
		if (n - pos >= 2 && body[pos] == '\r' && body[pos + 1] == '\n') {
			hlen = 0; /* no headers at all */
			hend = body + pos - 2;
		} else if (!hend) {
			return false;
		} else {
			hlen = (size_t)(hend - (body + pos));
		}
		if (hlen > MAX_PART_HEADERS)
			return false;
		const char *name = NULL, *filename = NULL, *ctype = NULL;
		bool form_data = false;
		size_t hp = pos;
		while (hp < pos + hlen) {
			const char *eol = find_bytes(body + hp, pos + hlen - hp, "\r\n", 2);
			size_t llen = eol ? (size_t)(eol - (body + hp)) : pos + hlen - hp;
			const char *line = body + hp;
			const char *colon = memchr(line, ':', llen);
			if (colon) {
				size_t nl = (size_t)(colon - line);
				const char *val = colon + 1;
				size_t vl = llen - nl - 1;
				while (vl > 0 && (*val == ' ' || *val == '\t')) {
					val++;
					vl--;
				}
				if (nl == 19 && !strncasecmp(line, "Content-Disposition", 19)) {
					form_data = vl >= 9 && !strncasecmp(val, "form-data", 9);
					name = whatwg_unescape(header_param(a, val, vl, "name"));
					filename = whatwg_unescape(header_param(a, val, vl, "filename"));
				} else if (nl == 12 && !strncasecmp(line, "Content-Type", 12)) {
					if (vl > 200 || memchr(val, 0, vl))
						return false;
					ctype = arena_strndup(a, val, vl);
				}
			}
			hp += llen + 2;
		}
		size_t dstart = (size_t)(hend - body) + 4;
		if (dstart > n)
			return false;
		const char *dend = find_bytes(body + dstart, n - dstart, delim, dlen);
		if (!dend)
			return false;
		size_t dl = (size_t)(dend - (body + dstart));
		pos = (size_t)(dend - body) + dlen;
		if (!form_data || !name)
			continue; /* not a form field: ignored */
		if (filename) {
			if (!*filename && dl == 0)
				continue; /* a file input left empty */
			if (nu == cap_u) {
				struct upload *nuv = arena_array(a, cap_u * 2, sizeof *nuv);
				memcpy(nuv, u, nu * sizeof *u);
				u = nuv;
				cap_u *= 2;
			}
			u[nu++] = (struct upload){name, filename,
			                          ctype ? ctype : "application/octet-stream",
			                          body + dstart, dl};
		} else {
			if (dl > HTTP_MAX_FORM_FIELD || memchr(body + dstart, 0, dl) ||
			    !utf8_valid(body + dstart, dl, NULL))
				return false;
			if (nf == cap_f) {
				struct kv *nfv = arena_array(a, cap_f * 2, sizeof *nfv);
				memcpy(nfv, f, nf * sizeof *f);
				f = nfv;
				cap_f *= 2;
			}
			f[nf].key = name;
			f[nf].value = arena_strndup(a, body + dstart, dl);
			f[nf].len = dl;
			nf++;
		}
	}
	*form = f;
	*nform = nf;
	*up = u;
	*nup = nu;
	return true;
}

/* ---- request accessors ---- */

const char *req_param(const struct req *r, const char *name)
{
	for (size_t i = 0; i < r->nquery; i++)
		if (!strcmp(r->query[i].key, name))
			return r->query[i].value;
	for (size_t i = 0; i < r->nform; i++)
		if (!strcmp(r->form[i].key, name))
			return r->form[i].value;
	return NULL;
}

bool req_int(const struct req *r, const char *name, long *out, long lo, long hi)
{
	const char *s = req_param(r, name);
	if (!s || !*s)
		return false;
	const char *p = s;
	if (*p == '-' || *p == '+')
		p++;
	if (*p < '0' || *p > '9')
		return false;
	errno = 0;
	char *end;
	long v = strtol(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

const char *req_path_param(const struct req *r, size_t i)
{
	return i < r->npath_params ? r->path_params[i] : NULL;
}

const char *req_header(const struct req *r, const char *name)
{
	const struct req_conn *c = r->conn;
	if (!c)
		return NULL;
	for (size_t i = 0; i < c->nheaders; i++)
		if (!strcasecmp(c->headers[i].key, name))
			return c->headers[i].value;
	return NULL;
}

const char *req_cookie(const struct req *r, const char *name)
{
	const struct req_conn *c = r->conn;
	if (!c)
		return NULL;
	/* several Cookie headers are allowed (HTTP/2 style); look in each */
	for (size_t i = 0; i < c->nheaders; i++)
		if (!strcasecmp(c->headers[i].key, "Cookie")) {
			const char *v = http_cookie_find(r->arena, c->headers[i].value, name);
			if (v)
				return v;
		}
	return NULL;
}

const struct upload *req_upload(const struct req *r, const char *field)
{
	for (size_t i = 0; i < r->nuploads; i++)
		if (!strcmp(r->uploads[i].field, field))
			return &r->uploads[i];
	return NULL;
}

const char *req_client_ip(const struct req *r)
{
	const struct req_conn *c = r->conn;
	return c && c->client_ip ? c->client_ip : "";
}

bool req_is_demo(const struct req *r)
{
	if (!r->app.db)
		return false;
	const char *v = app_setting_get((struct app *)&r->app, "demo");
	return v && !strcmp(v, "1");
}

/* ---- same-origin paths ---- */

bool http_path_is_local(const char *p)
{
	if (!p || p[0] != '/' || p[1] == '/' || p[1] == '\\')
		return false;
	/* browsers drop tabs and newlines inside URLs ("/\t/x" is "//x") and
	 * read a backslash as a slash */
	for (; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '\\')
			return false;
	return true;
}

const char *http_local_path(struct arena *a, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	if (!path)
		path = "/";
	while (*path == '/' || *path == '\\')
		path++; /* "//host", "/\host": one slash, then the rest as a path */
	struct str s;
	str_init(&s, 0);
	str_addc(&s, '/');
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		unsigned char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    strchr("-._~/!$'()*+,;=:@", c)) {
			str_addc(&s, (char)c);
		} else {
			char b[3] = {'%', hex[c >> 4], hex[c & 15]};
			str_add(&s, b, 3);
		}
	}
	char *out = arena_strdup(a, str_error(&s) ? "/" : str_cstr(&s));
	str_free(&s);
	return out;
}

/* ---- responses ---- */

static bool header_safe(const char *s)
{
	for (; *s; s++)
		if (*s == '\r' || *s == '\n')
			return false;
	return true;
}

void resp_header(struct req *r, const char *name, const char *value)
{
	if (!header_safe(name) || !header_safe(value)) {
		/* a CR or LF would split the response: a bug in the caller */
		r->status = 500;
		return;
	}
	r->resp_headers = arena_grow(r->arena, r->resp_headers, &r->resp_headers_cap,
	                             r->nresp_headers, sizeof *r->resp_headers);
	r->resp_headers[r->nresp_headers].key = arena_strdup(r->arena, name);
	r->resp_headers[r->nresp_headers].value = arena_strdup(r->arena, value);
	r->resp_headers[r->nresp_headers].len = strlen(value);
	r->nresp_headers++;
}

void resp_redirect(struct req *r, const char *location)
{
	/* local paths only: "/x", never "//host" or "/\host" (open redirect) */
	if (!http_path_is_local(location))
		location = "/";
	r->status = 303;
	str_reset(&r->out);
	resp_header(r, "Location", location);
}

void resp_json_error(struct req *r, int status, const char *msg)
{
	r->status = status;
	r->resp_type = "application/json";
	str_reset(&r->out);
	str_adds(&r->out, "{\"error\": ");
	str_add_json(&r->out, msg);
	str_adds(&r->out, "}\n");
}

void resp_type(struct req *r, int status, const char *content_type)
{
	r->status = status;
	r->resp_type = content_type;
}

void resp_cookie(struct req *r, const char *name, const char *value, long max_age)
{
	char *v;
	if (max_age >= 0)
		v = arena_printf(r->arena, "%s=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Strict%s",
		                 name, value, max_age, r->secure ? "; Secure" : "");
	else
		v = arena_printf(r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s", name,
		                 value, r->secure ? "; Secure" : "");
	resp_header(r, "Set-Cookie", v);
}

char *web_random_token(struct arena *a)
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	size_t n = sodium_base64_ENCODED_LEN(sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = arena_alloc(a, n);
	sodium_bin2base64(out, n, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
	return out;
}
