/*
 * UTF-8 helpers; see utf8.h. Validation is hand-written (it runs on every
 * imported field and must report the offset); normalisation and width
 * come from utf8proc, collation from ICU's "vi" collator, one per thread
 * because an ICU collator is not safe to share while comparing.
 */
#include "base/utf8.h"
#include "base/arena.h"

#include <stdint.h>
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
		if (c < 0x80) {
			/* ASCII runs 8 bytes at a time */
			uint64_t w;
			if (n - i >= 8 && (memcpy(&w, s + i, 8), !(w & 0x8080808080808080ULL)))
				i += 8;
			else
				i++;
			continue;
		}
		/* the well-formed sequences of Unicode's table 3-7 */
		if (c >= 0xC2 && c <= 0xDF) {
			if (n - i < 2 || (s[i + 1] & 0xC0) != 0x80)
				goto fail;
			i += 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			if (n - i < 3)
				goto fail;
			unsigned b1 = s[i + 1], b2 = s[i + 2];
			if ((b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80 || (c == 0xE0 && b1 < 0xA0) ||
			    (c == 0xED && b1 >= 0xA0))
				goto fail;
			i += 3;
		} else if (c >= 0xF0 && c <= 0xF4) {
			if (n - i < 4)
				goto fail;
			unsigned b1 = s[i + 1], b2 = s[i + 2], b3 = s[i + 3];
			if ((b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80 || (b3 & 0xC0) != 0x80 ||
			    (c == 0xF0 && b1 < 0x90) || (c == 0xF4 && b1 >= 0x90))
				goto fail;
			i += 4;
		} else {
			goto fail;
		}
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
