/*
 * UTF-8 helpers: validation, NFC normalisation (utf8proc), display width
 * (for aligned tables), and Vietnamese collation (ICU, locale "vi"), so
 * that "Đống Đa" sorts after "Dương" and "Ba Vì" before "Bắc Từ Liêm".
 */
#ifndef PARINDEX_BASE_UTF8_H
#define PARINDEX_BASE_UTF8_H
#include <stdbool.h>
#include <stddef.h>

struct arena;

/* True when s[0..n) is valid UTF-8 (no overlongs, no surrogates, <=
 * U+10FFFF). On failure *bad (if not NULL) is the byte offset of the first
 * invalid sequence. */
bool utf8_valid(const char *s, size_t n, size_t *bad);
/* 1-based column (in code points) of byte offset off in s: for messages. */
long utf8_column(const char *s, size_t off);
/* NFC form of valid UTF-8 s[0..n), allocated in a. */
char *utf8_nfc(struct arena *a, const char *s, size_t n);
/* True when s is already NFC. */
bool utf8_is_nfc(const char *s, size_t n);
/* Terminal display width of a NUL-terminated valid UTF-8 string. */
size_t utf8_width(const char *s);
/* Compare two NUL-terminated UTF-8 strings in Vietnamese collation order:
 * <0, 0, >0. Thread-safe (one collator per thread). */
int utf8_collate_vi(const char *a, const char *b);
/* Lower-case (full case folding is not needed: ASCII + Vietnamese
 * letters), for case-insensitive header matching and search. */
char *utf8_lower(struct arena *a, const char *s);
#endif
