/*
 * Translations for the web pages. Texts are written in English in the
 * code (the msgid) and translated to Vietnamese in the po/ directory, gettext's own
 * format, so the usual tools (msgfmt -c, poedit, msgmerge) work on them.
 * We do not call libc's gettext: it needs the system locales installed
 * and its language is global to the process, while each request here has
 * its own. So the .po files are compiled into the binary (tools/embed),
 * parsed once at start into one read-only hash map, and tr() looks up
 * per request. Every embedded .po file is loaded (vi-core.po: this layer; the
 * feature pages add theirs); a msgid found twice keeps the first.
 * Fuzzy entries and empty msgstr are skipped (the English text shows).
 */
#include "web/server.h"
#include "base/arena.h"
#include "base/log.h"
#include "base/map.h"
#include "base/str.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static struct map catalogue;
static struct arena *strings;
static size_t ntranslations;

/* Reads a "..." string at *p (after blanks), appending its unescaped
 * bytes to s; false when there is none on this line. */
static bool po_string(const char **p, const char *end, struct str *s)
{
	const char *q = *p;
	while (q < end && (*q == ' ' || *q == '\t'))
		q++;
	if (q >= end || *q != '"')
		return false;
	q++;
	while (q < end && *q != '"' && *q != '\n') {
		if (*q == '\\' && q + 1 < end) {
			q++;
			switch (*q) {
			case 'n': str_addc(s, '\n'); break;
			case 't': str_addc(s, '\t'); break;
			case 'r': str_addc(s, '\r'); break;
			default: str_addc(s, *q); break; /* \" \\ */
			}
		} else {
			str_addc(s, *q);
		}
		q++;
	}
	if (q < end && *q == '"')
		q++;
	*p = q;
	return true;
}

static const char *next_line(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	return nl ? nl + 1 : end;
}

static void po_load(const char *name, const char *data, size_t len)
{
	const char *p = data, *end = data + len;
	struct str id, str;
	str_init(&id, 1 << 20);
	str_init(&str, 1 << 20);
	bool fuzzy = false, has_ctx = false;
	enum { NONE, ID, STR } state = NONE;
	size_t added = 0;
	for (;;) {
		bool at_end = p >= end;
		const char *line = p;
		/* a new entry starts at msgid/msgctxt/comment after a msgstr */
		bool starts = at_end || (state == STR && (*line == '#' || !strncmp(line, "msgid ", 6) ||
		                                          !strncmp(line, "msgctxt", 7)));
		if (starts && state == STR) {
			if (!fuzzy && !has_ctx && id.len && str.len && !str_error(&id) &&
			    !str_error(&str) && !map_gets(&catalogue, str_cstr(&id))) {
				map_puts(&catalogue, str_cstr(&id),
				         arena_strndup(strings, str_cstr(&str), str.len));
				added++;
			}
			str_reset(&id);
			str_reset(&str);
			fuzzy = has_ctx = false;
			state = NONE;
		}
		if (at_end)
			break;
		if (*line == '#') {
			const char *eol = next_line(line, end);
			for (const char *q = line; line[1] == ',' && q + 5 <= eol; q++)
				if (!memcmp(q, "fuzzy", 5))
					fuzzy = true;
		} else if (!strncmp(line, "msgctxt", 7)) {
			has_ctx = true;
		} else if (!strncmp(line, "msgid_plural", 12)) {
			has_ctx = true; /* plural forms: not used here */
		} else if (!strncmp(line, "msgid ", 6)) {
			const char *q = line + 5;
			state = ID;
			po_string(&q, end, &id);
		} else if (!strncmp(line, "msgstr ", 7)) {
			const char *q = line + 6;
			state = STR;
			po_string(&q, end, &str);
		} else if (!strncmp(line, "msgstr[", 7)) {
			state = STR;
		} else if (*line == '"') {
			const char *q = line;
			po_string(&q, end, state == ID ? &id : &str);
		}
		p = next_line(line, end);
	}
	str_free(&id);
	str_free(&str);
	ntranslations += added;
	log_debug("i18n: %s: %zu translations", name, added);
}

static void load_all(void)
{
	map_init(&catalogue);
	strings = arena_new();
	for (const struct embedded_file *f = po_files; f->name; f++)
		po_load(f->name, f->data, f->len);
}

size_t i18n_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, load_all);
	return ntranslations;
}

const char *i18n_text(const char *lang, const char *msgid)
{
	if (!msgid)
		return "";
	if (lang && !strcmp(lang, "en"))
		return msgid;
	i18n_init();
	const char *t = map_gets(&catalogue, msgid);
	return t ? t : msgid;
}

const char *tr(const struct req *r, const char *msgid)
{
	return i18n_text(r ? r->lang : NULL, msgid);
}

const char *i18n_accept_language(const char *h)
{
	if (!h)
		return "vi";
	double best_q = -1;
	const char *best = "vi";
	const char *p = h;
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		const char *tag = p;
		while (*p && *p != ',' && *p != ';' && *p != ' ')
			p++;
		size_t tlen = (size_t)(p - tag);
		double q = 1.0;
		while (*p && *p != ',') {
			if (*p == ';') {
				p++;
				while (*p == ' ')
					p++;
				if ((p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
					char *e;
					q = strtod(p + 2, &e);
					if (e == p + 2 || q < 0 || q > 1)
						q = 0;
					p = e > p ? e : p + 1;
					continue;
				}
			}
			if (*p)
				p++;
		}
		const char *lang = NULL;
		if (tlen >= 2 && !strncasecmp(tag, "vi", 2) && (tlen == 2 || tag[2] == '-'))
			lang = "vi";
		else if (tlen >= 2 && !strncasecmp(tag, "en", 2) && (tlen == 2 || tag[2] == '-'))
			lang = "en";
		if (lang && q > best_q) {
			best_q = q;
			best = lang;
		}
	}
	return best_q > 0 ? best : "vi";
}
