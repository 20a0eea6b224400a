/*
 * The survey tables that the command line prints (`survey list`, `survey
 * results`) and the JSON API answers (`/api/v1/surveys...`): one builder
 * per table, so the columns, their order and their precision are the same
 * on both paths and the API's JSON is byte for byte `--format json`.
 */
#include "app/survey.h"
#include "io/report.h"

#include <stdio.h>
#include <stdlib.h>

struct report *app_survey_campaigns_table(struct arena *a, const struct survey_campaign_rec *v,
                                          size_t n)
{
	struct report *r = report_new(a, (const char *const[]){
		"campaign", "instrument", "period", "state", "units", "responses", "codes_per_unit",
		"weighted", NULL});
	for (size_t i = 0; i < n; i++) {
		report_row(r);
		report_text(r, v[i].code);
		report_text(r, v[i].instrument);
		report_text(r, v[i].period);
		report_text(r, v[i].state);
		report_int(r, v[i].units);
		report_int(r, v[i].responses);
		report_int(r, v[i].codes);
		report_text(r, v[i].margins ? "yes" : "no");
	}
	return r;
}

static void num_or_empty(struct report *r, bool has, double v)
{
	if (has)
		report_num(r, v, 4);
	else
		report_null(r);
}

struct report *app_survey_results_table(struct arena *a, const struct survey_results_view *v)
{
	struct report *r = report_new(a, (const char *const[]){
		"unit_code", "measure", "code", "n", "n_eff", "value", "ci_low", "ci_high", "flag",
		NULL});
	for (size_t i = 0; i < v->n; i++) {
		const struct survey_result *x = &v->r[i];
		report_row(r);
		report_text(r, x->unit < 0 ? "*" : v->units[x->unit]);
		report_text(r, survey_measure_names[x->measure]);
		report_text(r, x->measure == SURVEY_QUESTION  ? v->s->q[x->idx].code
		               : x->measure == SURVEY_ELEMENT ? v->s->e[x->idx].code
		                                              : v->s->ix[x->idx].code);
		report_int(r, x->n);
		report_num(r, x->n_eff, 2);
		num_or_empty(r, x->has_value, x->value);
		num_or_empty(r, x->has_ci, x->ci_low);
		num_or_empty(r, x->has_ci, x->ci_high);
		report_text(r, x->insufficient ? "insufficient" : NULL);
	}
	return r;
}
