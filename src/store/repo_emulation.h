/* Emulation tables (migration 0016); each function is its SQL. */
#ifndef PARINDEX_STORE_REPO_EMULATION_H
#define PARINDEX_STORE_REPO_EMULATION_H
#include <stdbool.h>
#include <stddef.h>

#include "store/db.h"

struct arena;

struct emu_ruleset_rec {
	const char *code, *valid_from, *valid_to, *body, *imported_at; /* valid_to NULL: open */
};
enum px_err repo_emu_rules_put(struct db *db, const struct emu_ruleset_rec *r, bool *is_new);
enum px_err repo_emu_rules_all(struct db *db, struct arena *a, struct emu_ruleset_rec **out,
                               size_t *n);

struct emu_initiative_rec {
	const char *code, *staff, *title, *level, *decision;
	long year;
};
enum px_err repo_emu_initiative_put(struct db *db, const struct emu_initiative_rec *r,
                                    const char *at, bool *is_new);
enum px_err repo_emu_initiatives(struct db *db, long year, struct arena *a,
                                 struct emu_initiative_rec **out, size_t *n);

/* A past award (imported) or a decided one (decision, date, cash set). */
struct emu_award_rec {
	const char *decision, *date, *candidate, *kind, *candidate_unit, *title;
	long year, cash, seq;
};
enum px_err repo_emu_past_award_put(struct db *db, const struct emu_award_rec *r,
                                    const char *at, bool *is_new);
/* Every award (past and decided) of years [from, to]: decided ones with
 * their decision's date; past ones with date "" and cash -1. */
enum px_err repo_emu_awards_any(struct db *db, long from, long to, struct arena *a,
                                struct emu_award_rec **out, size_t *n);
/* Decided awards of year, by decision, seq. */
enum px_err repo_emu_awards(struct db *db, long year, struct arena *a,
                            struct emu_award_rec **out, size_t *n);
enum px_err repo_emu_award_put(struct db *db, const struct emu_award_rec *r);

struct emu_vote_rec {
	const char *title, *candidate, *at, *by;
	long year, yes, members;
};
enum px_err repo_emu_vote_put(struct db *db, const struct emu_vote_rec *v);
enum px_err repo_emu_votes(struct db *db, long year, struct arena *a, struct emu_vote_rec **out,
                           size_t *n);

struct emu_decision_rec {
	const char *number, *unit, *date, *rules, *at, *by;
	long year;
};
/* *exists true (nothing written) when the number is already used. */
enum px_err repo_emu_decision_put(struct db *db, const struct emu_decision_rec *r, bool *exists);
#endif

#ifndef PARINDEX_REPO_EMU_MOVEMENT
#define PARINDEX_REPO_EMU_MOVEMENT
struct emu_movement_rec {
	const char *unit, *title, *targets, *deadline, *state, *at;
	long year;
};
/* PX_NOTFOUND when there is none. */
enum px_err repo_emu_movement_get(struct db *db, const char *unit, long year, struct arena *a,
                                  struct emu_movement_rec *out);
enum px_err repo_emu_movement_put(struct db *db, const struct emu_movement_rec *m);
enum px_err repo_emu_movement_set_state(struct db *db, const char *unit, long year,
                                        const char *state);
struct emu_registration_rec {
	const char *unit, *candidate, *commitment, *at;
	long year;
};
/* *is_new false when the candidate had registered (commitment updated). */
enum px_err repo_emu_register(struct db *db, const struct emu_registration_rec *r, bool *is_new);
/* Every registration of year (any unit's movement). */
enum px_err repo_emu_registrations(struct db *db, long year, struct arena *a,
                                   struct emu_registration_rec **out, size_t *n);
#endif
