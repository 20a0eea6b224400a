/* The shared head of rule-set files; see rules_json.h. */
#include "io/rules_json.h"
#include "base/arena.h"
#include "base/datetime.h"

#include <stdio.h>
#include <string.h>

void rules_json_err(struct diags *d, const char *file, const char *where, const char *vi,
                    const char *en)
{
	diag_text(d, DIAG_ERROR, file, 0, 0, where ? where : "(gốc | root)", vi, en);
}

void rules_json_only_keys(struct diags *d, const char *file, json_t *o, const char *where,
                          const char *const *allowed)
{
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v) {
		bool known = false;
		for (size_t i = 0; allowed[i]; i++)
			known |= !strcmp(k, allowed[i]);
		if (!known) {
			char vi[200], en[200];
			snprintf(vi, sizeof vi, "trường không biết: \"%.80s\"", k);
			snprintf(en, sizeof en, "unknown field: \"%.80s\"", k);
			rules_json_err(d, file, where, vi, en);
		}
	}
}

bool rules_json_is_code(const char *s)
{
	if (!*s || strlen(s) > 64)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '_' || *p == '.'))
			return false;
	return true;
}

static void head_date(struct diags *d, const char *file, json_t *root, const char *key,
                      bool required, int32_t dflt, int32_t *out)
{
	json_t *v = json_object_get(root, key);
	*out = dflt;
	if (!v || (json_is_null(v) && !required)) {
		if (required)
			rules_json_err(d, file, key, "thiếu trường bắt buộc", "missing required field");
		return;
	}
	const char *s = json_is_string(v) ? json_string_value(v) : "";
	if (!date_parse(s, strlen(s), out))
		rules_json_err(d, file, key, "ngày không hợp lệ, cần dạng YYYY-MM-DD",
		               "invalid date, expected YYYY-MM-DD");
}

json_t *rules_json_open(const char *name, const char *data, size_t len, const char *format,
                        const char *const *keys, bool from_required, struct arena *a,
                        struct diags *d, struct rules_head *h)
{
	memset(h, 0, sizeof *h);
	h->valid_from = DATE_MIN;
	h->valid_to = DATE_MAX;
	json_error_t je;
	json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		diag_add(d, DIAG_ERROR, name, je.line > 0 ? je.line : 0, je.column > 0 ? je.column : 0,
		         NULL, "JSON không hợp lệ: %s", "invalid JSON: %s", je.text);
		return NULL;
	}
	if (!json_is_object(root)) {
		rules_json_err(d, name, NULL, "cần một đối tượng JSON", "a JSON object is needed");
		json_decref(root);
		return NULL;
	}
	rules_json_only_keys(d, name, root, NULL, keys);
	json_t *f = json_object_get(root, "format");
	if (!json_is_string(f) || strcmp(json_string_value(f), format)) {
		char vi[120], en[120];
		snprintf(vi, sizeof vi, "cần \"%s\"", format);
		snprintf(en, sizeof en, "\"%s\" is needed", format);
		rules_json_err(d, name, "format", vi, en);
	}
	json_t *c = json_object_get(root, "code");
	if (!c)
		rules_json_err(d, name, "code", "thiếu trường bắt buộc", "missing required field");
	else if (!json_is_string(c) || !rules_json_is_code(json_string_value(c)))
		rules_json_err(d, name, "code", "cần một mã (chữ, số, - _ .)",
		               "a code is needed (letters, digits, - _ .)");
	else
		h->code = arena_strdup(a, json_string_value(c));
	head_date(d, name, root, "valid_from", from_required, DATE_MIN, &h->valid_from);
	head_date(d, name, root, "valid_to", false, DATE_MAX, &h->valid_to);
	if (h->valid_to < h->valid_from)
		rules_json_err(d, name, "valid_to", "trước valid_from", "before valid_from");
	return root;
}
