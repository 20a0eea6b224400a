/*
 * The demo's SIPAS survey (DOMAIN.md "SIPAS"): the 2026 instrument
 * (data/survey-instruments/sipas-2026.json), a campaign over the city's
 * departments and a few hundred synthetic responses, loaded through the
 * same use cases as `survey instrument import`, `survey open` and `survey
 * import`, so `parindex demo` shows results with intervals and writes the
 * survey.sipas2026.* metrics. The answers are synthetic (each department a
 * stable satisfaction level; two departments with too few answers to be
 * reported): illustrative, not survey data.
 */
#include "app/survey.h"
#include "base/embedded.h"
#include "base/map.h"
#include "base/str.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define DEMO_SIPAS_CAMPAIGN "SIPAS-2026-SO"

/* A deterministic number in [0, 1) from a string and a salt. */
static double unit_rand(const char *s, uint64_t salt)
{
	uint64_t x = map_hash(s, strlen(s)) ^ (salt * 0x9E3779B97F4A7C15ULL);
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
	x ^= x >> 31;
	return (double)(x >> 11) / 9007199254740992.0;
}

enum px_err app_demo_surveys(struct app *app, struct diags *d)
{
	const struct embedded_file *f = embedded_find(demo_files, "sipas-2026.json");
	if (!f) {
		diag_err(d, NULL, 0, 0, "thiếu tệp mẫu %s", "missing demo file %s", "sipas-2026.json");
		return PX_FAIL;
	}
	struct actor who = {app->actor, "admin", NULL};
	bool is_new;
	const char *code;
	enum px_err e = app_survey_instrument_import(app, &who, "demo/sipas-2026.json", f->data,
	                                             f->len, d, &is_new, &code);
	struct survey_open_args o = {.instrument = code, .campaign = DEMO_SIPAS_CAMPAIGN,
	                             .period = "2026", .group = "department"};
	if (e == PX_OK)
		e = app_survey_open(app, &who, &o, d);
	struct survey_unit_rec *units;
	size_t nu = 0;
	if (e == PX_OK)
		e = app_survey_units(app, &who, DEMO_SIPAS_CAMPAIGN, &units, &nu, d);
	if (e != PX_OK)
		return e;
	static const char *const sex[] = {"male", "female"};
	static const char *const age[] = {"18-34", "35-54", "55+"};
	static const char *const channel[] = {"desk", "online", "desk;online", "post"};
	struct str csv;
	str_init(&csv, 0);
	str_adds(&csv, "respondent_id,unit_code");
	for (int q = 1; q <= 16; q++)
		str_printf(&csv, ",q%d", q);
	str_adds(&csv, ",sex,age,channel,suggestion\n");
	long k = 0;
	for (size_t i = 0; i < nu; i++) {
		const char *u = units[i].unit;
		double level = 3.4 + 1.3 * unit_rand(u, 1); /* mean answer, 3.4..4.7 */
		/* every seventh department has too few answers to report */
		int n = i % 7 == 3 ? 4 : 18 + (int)(22 * unit_rand(u, 2));
		for (int j = 0; j < n; j++) {
			str_printf(&csv, "S%05ld,%s", ++k, u);
			for (int q = 1; q <= 16; q++) {
				double x = level + 2.4 * (unit_rand(u, 1000 + (uint64_t)(j * 16 + q)) - 0.5);
				int a = x < 1.5 ? 1 : x < 2.5 ? 2 : x < 3.5 ? 3 : x < 4.5 ? 4 : 5;
				if (unit_rand(u, 5000 + (uint64_t)(j * 16 + q)) < 0.04)
					str_adds(&csv, ","); /* not answered */
				else
					str_printf(&csv, ",%d", a);
			}
			uint64_t s = 9000 + (uint64_t)j;
			str_printf(&csv, ",%s,%s,%s,\n", sex[(int)(unit_rand(u, s) * 2)],
			           age[(int)(unit_rand(u, s + 300) * 3)],
			           channel[(int)(unit_rand(u, s + 600) * 4)]);
		}
	}
	struct import_summary sum;
	if (str_error(&csv))
		e = PX_FAIL;
	else
		e = app_survey_import(app, &who, DEMO_SIPAS_CAMPAIGN, "demo/sipas-2026-responses.csv",
		                      str_cstr(&csv), csv.len, d, &sum);
	str_free(&csv);
	return e;
}
