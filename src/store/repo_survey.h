/* Storage of survey instruments, campaigns, their units and one-time
 * codes, and responses (migration 0014). Units are named by code. */
#ifndef PARINDEX_STORE_REPO_SURVEY_H
#define PARINDEX_STORE_REPO_SURVEY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

struct arena;

struct survey_instrument_rec {
	const char *code, *title, *body, *imported_at;
	long campaigns;
};

struct survey_campaign_rec {
	const char *code, *instrument, *period, *state, *margins; /* margins NULL: none */
	long codes, responses, units;
	const char *opened_at, *opened_by, *closed_at;
};

struct survey_unit_rec {
	const char *unit;
	bool has_quota;
	long quota, responses;
};

struct survey_code_rec {
	const char *unit, *code, *used_at; /* used_at NULL: not used */
};

struct survey_response_rec {
	int64_t id;
	const char *respondent, *unit, *source, *answers, *received_at;
};

/* Inserts or replaces an instrument. */
enum px_err repo_survey_instrument_put(struct db *db, const struct survey_instrument_rec *r);
/* One instrument (PX_NOTFOUND). */
enum px_err repo_survey_instrument_get(struct db *db, const char *code, struct arena *a,
                                       struct survey_instrument_rec *out);
/* Every instrument with its number of campaigns, by code. */
enum px_err repo_survey_instrument_list(struct db *db, struct arena *a,
                                        struct survey_instrument_rec **out, size_t *n);

enum px_err repo_survey_campaign_add(struct db *db, const struct survey_campaign_rec *r);
/* One campaign with its counts (PX_NOTFOUND). */
enum px_err repo_survey_campaign_get(struct db *db, const char *code, struct arena *a,
                                     struct survey_campaign_rec *out);
/* Every campaign with its counts, by code. */
enum px_err repo_survey_campaign_list(struct db *db, struct arena *a,
                                      struct survey_campaign_rec **out, size_t *n);
/* State (and closed_at, NULL to clear). */
enum px_err repo_survey_campaign_set_state(struct db *db, const char *code, const char *state,
                                           const char *closed_at);
enum px_err repo_survey_campaign_set_margins(struct db *db, const char *code,
                                             const char *margins);

/* A unit asked by a campaign; quota < 0: none. */
enum px_err repo_survey_unit_add(struct db *db, const char *campaign, const char *unit,
                                 long quota);
/* The campaign's units with their response counts, by unit code. */
enum px_err repo_survey_units(struct db *db, const char *campaign, struct arena *a,
                              struct survey_unit_rec **out, size_t *n);

enum px_err repo_survey_code_add(struct db *db, const char *campaign, const char *unit,
                                 const char *code);
/* The campaign's codes (of unit, NULL: all), by unit then code. */
enum px_err repo_survey_codes(struct db *db, const char *campaign, const char *unit,
                              struct arena *a, struct survey_code_rec **out, size_t *n);
/* Marks a code used when it is the unit's and unused: *used_now false
 * when it was not (unknown, another unit's, or used already). */
enum px_err repo_survey_code_use(struct db *db, const char *campaign, const char *unit,
                                 const char *code, const char *at, bool *used_now);

/* Whether the campaign has a response of respondent. */
enum px_err repo_survey_respondent_exists(struct db *db, const char *campaign,
                                          const char *respondent, bool *yes);
enum px_err repo_survey_response_add(struct db *db, const char *campaign,
                                     const struct survey_response_rec *r, int64_t *id);
/* Every response of a campaign, by unit code then id. */
enum px_err repo_survey_responses(struct db *db, const char *campaign, struct arena *a,
                                  struct survey_response_rec **out, size_t *n);

/* Removes the metric values a campaign wrote (source starting with
 * source_prefix). */
enum px_err repo_survey_metric_clear(struct db *db, const char *source_prefix);
#endif
