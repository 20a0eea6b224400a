/*
 * Reads data/calendar/rules.json: the statutory holiday rules with the
 * dates they are in force; see app/calendar_rules.h and
 * docs/formats/calendar.md.
 *
 * Why it is built this way: the law changes (Labour Code 2012 gave 2
 * September one day, 2019 gives it two from 2021; a Culture Day on 24
 * November is planned), so which days an occasion gives is data with
 * effective dates, not code. The rules are only the guess for a year
 * without the government's decision (data/calendar/YYYY.json). Every
 * problem names the field (rules[i].days); JSON itself has no positions
 * per value here, so the line and column are those of a syntax error only.
 */
#include "app/calendar_rules.h"
#include "app/dossier_impl.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "base/datetime.h"

/* "MM-DD" into month and day. */
static bool month_day(json_t *v, int *m, int *d)
{
	const char *s = json_is_string(v) ? json_string_value(v) : NULL;
	if (!s || strlen(s) != 5 || s[2] != '-')
		return false;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return false;
	*m = (s[0] - '0') * 10 + (s[1] - '0');
	*d = (s[3] - '0') * 10 + (s[4] - '0');
	return true;
}

static bool date_value(json_t *v, int32_t *out)
{
	return json_is_string(v) && date_parse(json_string_value(v), json_string_length(v), out);
}

static bool known_keys(json_t *obj, const char *const *keys, const char **bad)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		bool ok = false;
		for (size_t i = 0; keys[i]; i++)
			ok |= !strcmp(key, keys[i]);
		if (!ok) {
			*bad = key;
			return false;
		}
	}
	return true;
}

/* One element of "rules" into r; false with the problem in d. */
static bool one_rule(json_t *v, size_t i, const char *name, struct calendar_rule *r,
                     struct diags *d)
{
	static const char *const keys[] = {"occasion", "from", "to", "solar", "lunar",
	                                   "lunar_new_year", "first", "days", "adjacent",
	                                   "source", "compensatory", "unconfirmed", NULL};
	const char *bad = NULL;
	if (!json_is_object(v)) {
		diag_err(d, name, 0, 0, "rules[%zu]: cần một đối tượng", "rules[%zu]: expected an object",
		         i);
		return false;
	}
	if (!known_keys(v, keys, &bad)) {
		diag_err(d, name, 0, 0, "rules[%zu]: khóa không rõ \"%s\"",
		         "rules[%zu]: unknown key \"%s\"", i, bad);
		return false;
	}
	memset(r, 0, sizeof *r);
	json_t *occ = json_object_get(v, "occasion");
	if (!json_is_string(occ) || !holiday_parse(json_string_value(occ), &r->occasion)) {
		diag_err(d, name, 0, 0, "rules[%zu].occasion: dịp lễ không rõ",
		         "rules[%zu].occasion: unknown occasion", i);
		return false;
	}
	json_t *to = json_object_get(v, "to");
	r->to = INT32_MAX;
	if (!date_value(json_object_get(v, "from"), &r->from) ||
	    (to && !json_is_null(to) && !date_value(to, &r->to))) {
		diag_err(d, name, 0, 0, "rules[%zu]: \"from\" (và \"to\" nếu có) phải là ngày YYYY-MM-DD",
		         "rules[%zu]: \"from\" (and \"to\" if given) must be dates YYYY-MM-DD", i);
		return false;
	}
	json_t *solar = json_object_get(v, "solar"), *lunar = json_object_get(v, "lunar");
	json_t *lny = json_object_get(v, "lunar_new_year");
	int anchors = (solar != NULL) + (lunar != NULL) + json_is_true(lny);
	bool ok = anchors == 1;
	if (solar) {
		r->anchor = ANCHOR_SOLAR;
		ok &= month_day(solar, &r->month, &r->day);
	} else if (lunar) {
		r->anchor = ANCHOR_LUNAR;
		ok &= month_day(lunar, &r->month, &r->day);
	} else {
		r->anchor = ANCHOR_LUNAR_NEW_YEAR;
	}
	if (!ok) {
		diag_err(d, name, 0, 0, "rules[%zu]: cần đúng một trong \"solar\" (MM-DD), \"lunar\" "
		         "(MM-DD âm lịch) hoặc \"lunar_new_year\": true", "rules[%zu]: needs exactly one "
		         "of \"solar\" (MM-DD), \"lunar\" (lunar MM-DD) or \"lunar_new_year\": true", i);
		return false;
	}
	json_t *first = json_object_get(v, "first"), *days = json_object_get(v, "days");
	json_t *adj = json_object_get(v, "adjacent");
	if ((first && !json_is_integer(first)) || !json_is_integer(days) ||
	    (adj && !json_is_boolean(adj))) {
		diag_err(d, name, 0, 0, "rules[%zu]: \"days\" (số nguyên), \"first\" (số nguyên) và "
		         "\"adjacent\" (true/false)", "rules[%zu]: \"days\" (an integer), \"first\" (an "
		         "integer) and \"adjacent\" (true/false)", i);
		return false;
	}
	r->first = first ? (int)json_integer_value(first) : 0;
	r->days = (int)json_integer_value(days);
	if (json_integer_value(days) > 9 || json_integer_value(days) < 1)
		r->days = 0; /* refused below with the sentence of calendar_rule */
	r->adjacent = json_is_true(adj);
	json_t *src = json_object_get(v, "source"), *comp = json_object_get(v, "compensatory");
	if (!json_is_string(src) || (comp && !json_is_string(comp))) {
		diag_err(d, name, 0, 0, "rules[%zu]: cần \"source\" (văn bản luật), \"compensatory\" là "
		         "chuỗi nếu có", "rules[%zu]: needs \"source\" (the law), \"compensatory\" a "
		         "string if given", i);
		return false;
	}
	r->source = json_string_value(src);
	r->compensatory = comp ? json_string_value(comp) : NULL;
	return true;
}

bool app_calendar_rules_file(struct calendar *c, const char *name, const char *data, size_t len,
                             struct diags *d)
{
	static const char *const keys[] = {"source", "note", "rules", "planned", "unconfirmed",
	                                   NULL};
	json_t *root = dossier_json_load(name, data, len, d);
	if (!root)
		return false;
	bool ok = false;
	const char *bad = NULL;
	if (!json_is_object(root)) {
		diag_err(d, name, 0, 0, "cần một đối tượng JSON", "expected a JSON object");
		goto out;
	}
	if (!known_keys(root, keys, &bad)) {
		diag_err(d, name, 0, 0, "khóa không rõ \"%s\"", "unknown key \"%s\"", bad);
		goto out;
	}
	json_t *rules = json_object_get(root, "rules");
	if (!json_is_array(rules)) {
		diag_err(d, name, 0, 0, "\"rules\" phải là mảng", "\"rules\" must be an array");
		goto out;
	}
	size_t i;
	json_t *v;
	json_array_foreach(rules, i, v) {
		struct calendar_rule r;
		if (!one_rule(v, i, name, &r, d))
			goto out;
		char err[512];
		if (!calendar_rule(c, &r, err, sizeof err)) {
			char *bar = strstr(err, " | ");
			char where[32];
			snprintf(where, sizeof where, "rules[%zu]", i);
			if (bar)
				*bar = 0;
			diag_text(d, DIAG_ERROR, name, 0, 0, where, err, bar ? bar + 3 : err);
			goto out;
		}
	}
	ok = true;
out:
	json_decref(root);
	return ok;
}
