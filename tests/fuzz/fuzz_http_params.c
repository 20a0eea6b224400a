/*
 * Fuzz target for the request parsers of web/http.c: query strings and
 * urlencoded bodies, multipart/form-data, the Cookie header and the URL
 * path. The first byte chooses the parser; the rest is the input, copied
 * into an exactly-sized heap buffer so that ASan catches a read past the
 * length (the parsers must not rely on a NUL). For multipart, the bytes
 * up to the first newline are the Content-Type header. Besides "no crash,
 * no UB", it checks the contract of server.h: every text value is
 * NUL-terminated, as long as its len, valid UTF-8 without NUL bytes;
 * uploads lie inside the body; counts stay within HTTP_MAX_FIELDS.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/utf8.h"
#include "web/server.h"

static void check(int ok, const char *what)
{
	if (ok)
		return;
	fprintf(stderr, "fuzz_http_params: %s\n", what);
	abort();
}

static void check_text(const char *s, size_t len)
{
	check(s != NULL, "NULL text");
	check(strlen(s) == len, "text length / NUL");
	check(utf8_valid(s, len, NULL), "text not UTF-8");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned sel = data[0] % 4;
	size_t n = size - 1;
	char *buf = malloc(n ? n : 1);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, n);
	struct arena *a = arena_new();
	struct kv *kv;
	size_t nkv;
	switch (sel) {
	case 0:
		if (http_parse_urlencoded(a, buf, n, &kv, &nkv)) {
			check(nkv <= HTTP_MAX_FIELDS, "too many fields");
			for (size_t i = 0; i < nkv; i++) {
				check_text(kv[i].key, strlen(kv[i].key));
				check_text(kv[i].value, kv[i].len);
			}
		}
		break;
	case 1: {
		const char *nl = memchr(buf, '\n', n);
		size_t ctl = nl ? (size_t)(nl - buf) : 0;
		char *ct = arena_strndup(a, buf, ctl);
		const char *body = nl ? nl + 1 : buf;
		size_t blen = nl ? n - ctl - 1 : n;
		struct upload *up;
		size_t nup;
		if (http_parse_multipart(a, ct, body, blen, &kv, &nkv, &up, &nup)) {
			check(nkv + nup <= HTTP_MAX_FIELDS, "too many parts");
			for (size_t i = 0; i < nkv; i++) {
				check_text(kv[i].key, strlen(kv[i].key));
				check_text(kv[i].value, kv[i].len);
			}
			for (size_t i = 0; i < nup; i++) {
				check(up[i].data >= body && up[i].data + up[i].len <= body + blen,
				      "upload outside the body");
				check_text(up[i].field, strlen(up[i].field));
				check_text(up[i].filename, strlen(up[i].filename));
			}
		}
		break;
	}
	case 2: {
		char *h = arena_strndup(a, buf, n); /* a header value is a C string */
		static const char *const names[] = {"parindex_session", "parindex_lang", "a", ""};
		for (size_t i = 0; i < 4; i++) {
			const char *v = http_cookie_find(a, h, names[i]);
			if (v)
				check_text(v, strlen(v));
		}
		break;
	}
	default: {
		char *p;
		if (http_decode_path(a, buf, n, &p)) {
			check(p[0] == '/', "path without /");
			check_text(p, strlen(p));
		}
		break;
	}
	}
	arena_free(a);
	free(buf);
	return 0;
}
