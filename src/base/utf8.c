/*
 * UTF-8 helpers; see utf8.h. Validation is hand-written (it runs on every
 * imported field and must report the offset); normalisation and width
 * come from utf8proc, collation from ICU's "vi" collator, one per thread
 * because an ICU collator is not safe to share while comparing.
 */
#include "base/utf8.h"
#include "base/arena.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <unicode/ucol.h>

bool utf8_valid(const char *str, size_t n, size_t *bad)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i];
		size_t len;
		unsigned cp;
		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xC2 && c <= 0xDF) {
			len = 2;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			cp = c & 0x07;
		} else {
			goto fail;
		}
		if (n - i < len)
			goto fail;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				goto fail;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			goto fail;
		i += len;
	}
	return true;
fail:
	if (bad)
		*bad = i;
	return false;
}

long utf8_column(const char *s, size_t off)
{
	long col = 1;
	for (size_t i = 0; i < off && s[i]; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			col++;
	return col;
}

char *utf8_nfc(struct arena *a, const char *s, size_t n)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t len = utf8proc_map((const utf8proc_uint8_t *)s,
	                                    (utf8proc_ssize_t)n, &out,
	                                    UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (len < 0) /* invalid input: callers validate first; keep bytes */
		return arena_strndup(a, s, n);
	char *r = arena_strndup(a, (const char *)out, (size_t)len);
	free(out);
	return r;
}

bool utf8_is_nfc(const char *s, size_t n)
{
	struct arena *a = arena_new();
	char *t = utf8_nfc(a, s, n);
	bool same = strlen(t) == n && !memcmp(t, s, n);
	arena_free(a);
	return same;
}

size_t utf8_width(const char *s)
{
	size_t w = 0;
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t cp;
	while (*p) {
		utf8proc_ssize_t k = utf8proc_iterate(p, -1, &cp);
		if (k <= 0) {
			p++;
			w++;
			continue;
		}
		int cw = utf8proc_charwidth(cp);
		w += cw > 0 ? (size_t)cw : 0;
		p += k;
	}
	return w;
}

static _Thread_local UCollator *collator;
static _Thread_local int collator_failed;

int utf8_collate_vi(const char *a, const char *b)
{
	if (!collator && !collator_failed) {
		UErrorCode st = U_ZERO_ERROR;
		collator = ucol_open("vi", &st);
		if (U_FAILURE(st)) {
			collator = NULL;
			collator_failed = 1;
		}
	}
	if (!collator)
		return strcmp(a, b);
	UErrorCode st = U_ZERO_ERROR;
	UCollationResult r = ucol_strcollUTF8(collator, a, -1, b, -1, &st);
	if (U_FAILURE(st))
		return strcmp(a, b);
	return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : 0;
}

char *utf8_lower(struct arena *a, const char *s)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t len = utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
	                                    UTF8PROC_NULLTERM | UTF8PROC_STABLE |
	                                            UTF8PROC_COMPOSE |
	                                            UTF8PROC_CASEFOLD);
	if (len < 0)
		return arena_strdup(a, s);
	char *r = arena_strndup(a, (const char *)out, (size_t)len);
	free(out);
	return r;
}
