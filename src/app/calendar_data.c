/*
 * Owns the working-day calendar's data: the government's holiday and
 * swap-day decisions embedded from data/calendar/YYYY.json, plus an
 * override file given on the command line, read into core/calendar
 * (which holds the rules and the statutory fallback). Also the small
 * data-file reader the other dossier parts use. Why JSON data and not
 * code: each year's decision is announced late and differs from any
 * rule; a new year is a new file, not a new build of the logic.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/dossier_impl.h"
#include "app/calendar_rules.h"
#include "base/datetime.h"
#include "base/mem.h"
#include "base/str.h"

static bool json_date(json_t *v, int32_t *out)
{
	return json_is_string(v) && date_parse(json_string_value(v), json_string_length(v), out);
}

/* One override file; problems into d under name. */
static bool calendar_file(struct calendar *c, const char *name, const char *data, size_t len,
                          struct diags *d)
{
	json_t *root = dossier_json_load(name, data, len, d);
	if (!root)
		return false;
	bool ok = false;
	struct calendar_days_off off[32];
	int32_t worked[16];
	const char *worked_src[16];
	size_t noff = 0, nworked = 0;
	const char *key;
	json_t *v;
	if (!json_is_object(root)) {
		diag_err(d, name, 0, 0, "cần một đối tượng JSON", "expected a JSON object");
		goto out;
	}
	json_object_foreach(root, key, v) {
		if (strcmp(key, "year") && strcmp(key, "days_off") && strcmp(key, "worked_days") &&
		    strcmp(key, "source") && strcmp(key, "note") && strcmp(key, "unconfirmed") &&
		    strcmp(key, "documents")) {
			diag_err(d, name, 0, 0, "khóa không rõ \"%s\"", "unknown key \"%s\"", key);
			goto out;
		}
	}
	json_t *year = json_object_get(root, "year");
	if (!json_is_integer(year) || json_integer_value(year) < 1900 ||
	    json_integer_value(year) > 2199) {
		diag_err(d, name, 0, 0, "\"year\" phải là số năm 1900..2199",
		         "\"year\" must be a year 1900..2199");
		goto out;
	}
	json_t *arr = json_object_get(root, "days_off");
	if (arr && !json_is_array(arr)) {
		diag_err(d, name, 0, 0, "\"days_off\" phải là mảng", "\"days_off\" must be an array");
		goto out;
	}
	size_t i;
	json_array_foreach(arr, i, v) {
		json_t *occ = json_object_get(v, "occasions");
		struct calendar_days_off *o = &off[noff];
		memset(o, 0, sizeof *o);
		if (noff >= 32 || !json_is_object(v) || !json_is_array(occ) ||
		    !json_date(json_object_get(v, "from"), &o->from) ||
		    !json_date(json_object_get(v, "to"), &o->to)) {
			diag_err(d, name, 0, 0,
			         "days_off[%zu]: cần \"occasions\" (mảng), \"from\" và \"to\" (YYYY-MM-DD)",
			         "days_off[%zu]: needs \"occasions\" (an array), \"from\" and \"to\" "
			         "(YYYY-MM-DD)", i);
			goto out;
		}
		size_t k;
		json_t *h;
		json_array_foreach(occ, k, h) {
			enum holiday hol;
			if (!json_is_string(h) || !holiday_parse(json_string_value(h), &hol) ||
			    o->noccasions >= HOL_COUNT) {
				diag_err(d, name, 0, 0,
				         "days_off[%zu]: dịp lễ không rõ (new_year, tet, hung_kings, "
				         "reunification, labour, national_day)",
				         "days_off[%zu]: unknown occasion (new_year, tet, hung_kings, "
				         "reunification, labour, national_day)", i);
				goto out;
			}
			o->occasions[o->noccasions++] = hol;
		}
		json_t *src = json_object_get(v, "source");
		o->source = json_is_string(src) ? json_string_value(src) : "";
		noff++;
	}
	arr = json_object_get(root, "worked_days");
	if (arr && !json_is_array(arr)) {
		diag_err(d, name, 0, 0, "\"worked_days\" phải là mảng", "\"worked_days\" must be an array");
		goto out;
	}
	json_array_foreach(arr, i, v) {
		if (nworked >= 16 || !json_is_object(v) ||
		    !json_date(json_object_get(v, "date"), &worked[nworked])) {
			diag_err(d, name, 0, 0, "worked_days[%zu]: cần \"date\" (YYYY-MM-DD)",
			         "worked_days[%zu]: needs \"date\" (YYYY-MM-DD)", i);
			goto out;
		}
		json_t *src = json_object_get(v, "source");
		worked_src[nworked++] = json_is_string(src) ? json_string_value(src) : "";
	}
	char err[256];
	if (!calendar_override(c, (int)json_integer_value(year), off, noff, worked, worked_src,
	                       nworked, err, sizeof err)) {
		char *bar = strstr(err, " | ");
		if (bar) {
			*bar = 0;
			diag_text(d, DIAG_ERROR, name, 0, 0, NULL, err, bar + 3);
		} else {
			diag_text(d, DIAG_ERROR, name, 0, 0, NULL, err, err);
		}
		goto out;
	}
	ok = true;
out:
	json_decref(root);
	return ok;
}

static bool is_calendar_name(const char *name)
{
	/* YYYY.json */
	if (strlen(name) != 9 || strcmp(name + 4, ".json"))
		return false;
	for (int i = 0; i < 4; i++)
		if (name[i] < '0' || name[i] > '9')
			return false;
	return true;
}

json_t *dossier_json_load(const char *name, const char *data, size_t len, struct diags *d)
{
	json_error_t je;
	json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		diag_err(d, name, je.line > 0 ? je.line : 1, je.column > 0 ? je.column : 1,
		         "JSON không hợp lệ: %s", "invalid JSON: %s", je.text);
	return root;
}

char *dossier_data_read(const char *path, size_t *len, struct diags *d)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		diag_err(d, path, 0, 0, "không mở được tệp", "cannot open the file");
		return NULL;
	}
	struct str s;
	str_init(&s, (size_t)16 << 20);
	char buf[65536];
	size_t n;
	for (n = fread(buf, 1, sizeof buf, f); n > 0; n = fread(buf, 1, sizeof buf, f))
		str_add(&s, buf, n);
	bool bad = ferror(f) || str_error(&s);
	fclose(f);
	if (bad) {
		diag_err(d, path, 0, 0, "không đọc được tệp (tối đa 16 MiB)",
		         "cannot read the file (16 MiB at most)");
		str_free(&s);
		return NULL;
	}
	*len = s.len;
	if (!s.buf)
		return xstrdup("");
	return str_detach(&s);
}

enum px_err app_calendar_load(const char *extra_path, struct diags *d, struct calendar **out)
{
	struct calendar *c = calendar_new();
	bool ok = true;
	for (const struct embedded_file *f = dossier_data_files; f->name; f++)
		if (is_calendar_name(f->name))
			ok &= calendar_file(c, f->name, f->data, f->len, d);
		else if (!strcmp(f->name, CALENDAR_RULES_FILE))
			ok &= app_calendar_rules_file(c, f->name, f->data, f->len, d);
	if (extra_path) {
		size_t len;
		char *data = dossier_data_read(extra_path, &len, d);
		ok &= data && calendar_file(c, extra_path, data, len, d);
		free(data);
	}
	if (!ok) {
		calendar_free(c);
		*out = NULL;
		return PX_BADINPUT;
	}
	calendar_finish(c);
	*out = c;
	return PX_OK;
}

/* ---- the procedure catalogue ---- */
