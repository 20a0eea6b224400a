/* Content sniffing for uploads; see sniff.h. */
#include "io/sniff.h"
#include "base/utf8.h"

#include <string.h>

static bool has(const unsigned char *d, size_t len, const char *sig, size_t n)
{
	return len >= n && !memcmp(d, sig, n);
}

/* Whether the ZIP's local file headers (first 64 KiB) name an entry that
 * starts with prefix. */
static bool zip_has_entry(const unsigned char *d, size_t len, const char *prefix)
{
	size_t n = strlen(prefix), limit = len < 65536 ? len : 65536;
	for (size_t i = 0; i + 30 <= limit; i++) {
		if (memcmp(d + i, "PK\x03\x04", 4))
			continue;
		size_t name_len = (size_t)d[i + 26] | (size_t)d[i + 27] << 8;
		if (i + 30 + name_len <= len && name_len >= n && !memcmp(d + i + 30, prefix, n))
			return true;
	}
	return false;
}

const char *sniff_document(const unsigned char *d, size_t len)
{
	if (has(d, len, "%PDF-", 5))
		return "application/pdf";
	if (has(d, len, "\x89PNG\r\n\x1a\n", 8))
		return "image/png";
	if (has(d, len, "\xff\xd8\xff", 3))
		return "image/jpeg";
	if (has(d, len, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8))
		return "application/vnd.ms-office"; /* .doc, .xls (OLE2) */
	if (has(d, len, "PK\x03\x04", 4)) {
		/* OpenDocument: the first entry is "mimetype", stored, holding
		 * exactly the type (its stored size is the type's length) */
		if (len > 38 + 8 && !memcmp(d + 30, "mimetype", 8)) {
			static const char *const od[] = {
				"application/vnd.oasis.opendocument.text",
				"application/vnd.oasis.opendocument.spreadsheet",
				"application/vnd.oasis.opendocument.presentation"};
			size_t size = (size_t)d[18] | (size_t)d[19] << 8 | (size_t)d[20] << 16 |
			              (size_t)d[21] << 24;
			for (size_t k = 0; k < sizeof od / sizeof od[0]; k++)
				if (size == strlen(od[k]) && len >= 38 + size && !memcmp(d + 38, od[k], size))
					return od[k];
			return NULL;
		}
		/* Office Open XML: [Content_Types].xml and the document's part */
		if (zip_has_entry(d, len, "[Content_Types].xml")) {
			if (zip_has_entry(d, len, "word/"))
				return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
			if (zip_has_entry(d, len, "xl/"))
				return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
			if (zip_has_entry(d, len, "ppt/"))
				return "application/vnd.openxmlformats-officedocument.presentationml.presentation";
		}
		return NULL;
	}
	return NULL;
}

void sniff_safe_filename(const char *name, char *out, size_t size)
{
	const char *base = name;
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)base; *p && n + 1 < size && n < 200; p++) {
		unsigned char c = *p;
		out[n++] = (c < 0x20 || c == 0x7f || c == '"' || c == '\'' || c == ';' || c == '<' ||
		            c == '>' || c == '`')
		                   ? '_'
		                   : (char)c;
	}
	out[n] = 0;
	/* cut a UTF-8 sequence split by the length limit */
	size_t bad;
	while (n && !utf8_valid(out, n, &bad))
		out[n = bad] = 0;
	/* no hidden files, no "." or ".." */
	size_t lead = 0;
	while (out[lead] == '.')
		lead++;
	if (lead)
		memmove(out, out + lead, n - lead + 1);
	if (!out[0])
		memcpy(out, "file", 5);
}
