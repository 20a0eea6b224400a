/* The emulation council (migration 0019); each function is its SQL. */
#ifndef PARINDEX_STORE_REPO_EMULATION_COUNCIL_H
#define PARINDEX_STORE_REPO_EMULATION_COUNCIL_H
#include <stdbool.h>
#include <stddef.h>

#include "store/db.h"

struct arena;

struct emu_council_rec {
	const char *unit, *at;
	long year, quorum_ppm;
};
/* PX_NOTFOUND when unit has no council for year. */
enum px_err repo_emu_council_get(struct db *db, const char *unit, long year, struct arena *a,
                                 struct emu_council_rec *out);
/* Creates or updates; *is_new false on an update. */
enum px_err repo_emu_council_put(struct db *db, const struct emu_council_rec *c, bool *is_new);

struct emu_member_rec {
	const char *unit, *login, *name, *position, *at;
	long year;
};
/* The members of unit's council of year, by login. */
enum px_err repo_emu_members(struct db *db, const char *unit, long year, struct arena *a,
                             struct emu_member_rec **out, size_t *n);
enum px_err repo_emu_member_put(struct db *db, const struct emu_member_rec *m, bool *is_new);
/* *removed false when login was not a member. */
enum px_err repo_emu_member_remove(struct db *db, const char *unit, long year, const char *login,
                                   bool *removed);
/* Whether login is a member of unit's council of year. */
enum px_err repo_emu_is_member(struct db *db, const char *unit, long year, const char *login,
                               bool *is);
/* The ballot's detail of a vote just put (repo_emu_vote_put). */
enum px_err repo_emu_vote_ballot(struct db *db, long year, const char *title,
                                 const char *candidate, const char *council_unit, long present,
                                 long written);
#endif

#ifndef PARINDEX_REPO_EMU_DOCS
#define PARINDEX_REPO_EMU_DOCS
#include "store/repo_emulation.h"
/* A vote with its ballot (present, written: -1 when recorded before the
 * council existed; council_unit NULL then). */
struct emu_ballot_rec {
	const char *title, *candidate, *at, *by, *council_unit;
	long year, yes, members, present, written;
};
/* Every vote of year whose candidate's council is council_unit (NULL:
 * every vote of year), by title, candidate. */
enum px_err repo_emu_ballots(struct db *db, long year, const char *council_unit, struct arena *a,
                             struct emu_ballot_rec **out, size_t *n);
/* The decision numbered number; PX_NOTFOUND when none. */
enum px_err repo_emu_decision_get(struct db *db, const char *number, struct arena *a,
                                  struct emu_decision_rec *out);
/* The decisions of year (every unit), by date, number. */
enum px_err repo_emu_decisions(struct db *db, long year, struct arena *a,
                               struct emu_decision_rec **out, size_t *n);
/* Every decided award of candidate over the years, by year, decision. */
enum px_err repo_emu_awards_of(struct db *db, const char *candidate, struct arena *a,
                               struct emu_award_rec **out, size_t *n);
#endif

#ifndef PARINDEX_REPO_EMU_MODEL
#define PARINDEX_REPO_EMU_MODEL
struct emu_model_rec {
	const char *code, *unit, *title, *description, *level, *decision, *source_inspection, *on,
		*by;                /* source_inspection NULL: recorded directly */
	long source_finding; /* 0: none */
};
/* *exists true (nothing written) when the code is taken. */
enum px_err repo_emu_model_put(struct db *db, const struct emu_model_rec *m, bool *exists);
/* Every recognised model, by level (highest first), code. */
enum px_err repo_emu_models(struct db *db, struct arena *a, struct emu_model_rec **out,
                            size_t *n);
#endif

#ifndef PARINDEX_REPO_EMU_AUTHORS
#define PARINDEX_REPO_EMU_AUTHORS
/* Replaces initiative code's evidence and co-authors (staff codes). */
enum px_err repo_emu_initiative_extra(struct db *db, const char *code, const char *evidence,
                                      const char *const *authors, size_t n);
/* The co-authors of the initiatives of year, each with its level. */
struct emu_coauthor_rec {
	const char *staff, *level, *code;
};
enum px_err repo_emu_coauthors(struct db *db, long year, struct arena *a,
                               struct emu_coauthor_rec **out, size_t *n);
#endif
