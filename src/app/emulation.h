/*
 * Use cases of the emulation movement (shared/formats/emulation.md):
 * rule sets as data, the initiative register and past awards (imports,
 * all or nothing), the proposal of every candidate x every title with
 * its reasons (derived, never stored), the council's vote, the head's
 * decision with cash, and the list of awards.
 *
 * The year's facts come from the other modules: the classification from
 * app_eval_year (evaluation), discipline from the evaluation register,
 * the PAR index from the published results (app_unit_history).
 */
#ifndef PARINDEX_APP_EMULATION_H
#define PARINDEX_APP_EMULATION_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/access.h"
#include "app/app.h"
#include "app/workflow.h"
#include "core/emulation.h"

enum px_err app_emu_rules_import(struct app *app, const char *name, const char *data,
                                 size_t len, struct diags *d, struct emu_rules *out,
                                 bool *is_new);
/* `initiative import` and `award import` (app_import_fn). */
enum px_err app_emu_initiative_import(struct app *app, struct table *t, struct diags *d,
                                      struct import_summary *sum);
enum px_err app_emu_award_import(struct app *app, struct table *t, struct diags *d,
                                 struct import_summary *sum);

struct emu_proposal {
	const char *candidate, *name, *kind, *unit; /* kind: individual, collective */
	size_t title;                               /* index in rules */
	struct emu_check check;
};
struct emu_proposal_view {
	struct emu_rules rules;
	struct emu_proposal *rows;
	size_t n;
};
/* Every staff member and collective of unit's subtree x every title. */
enum px_err app_emu_propose(struct app *app, const struct actor *who, int year, const char *unit,
                            struct emu_proposal_view *out, struct diags *d);

/* The council's vote: refused for a candidate not eligible, or when
 * yes / members is below the title's threshold. *passed on success. */
enum px_err app_emu_vote(struct app *app, const struct actor *who, int year, const char *title,
                         const char *candidate, long yes, long members, struct diags *d);

struct emu_award_view {
	struct emu_award_rec_v {
		const char *candidate, *kind, *unit, *title, *decision, *date;
		long cash;
	} *rows;
	size_t n;
	long total_cash;
};
/* Awards every voted or vote-free eligible title of unit's subtree. */
enum px_err app_emu_decide(struct app *app, const struct actor *who, int year, const char *unit,
                           const char *number, int32_t date, struct emu_award_view *out,
                           struct diags *d);
/* Decided awards of year (unit NULL: all; else its subtree). */
enum px_err app_emu_awards(struct app *app, const struct actor *who, int year, const char *unit,
                           struct emu_award_view *out, struct diags *d);
#endif

/* The movement (app/emulation_movement.c), on the workflow mechanism
 * (emu_movement_machine: launch -> open, register (open only, until the
 * deadline), close -> closed). The office of the unit acts. */
struct emu_movement_args {
	const char *title, *targets, *candidate, *commitment;
	int32_t deadline;
};
extern const struct wf_machine emu_movement_machine;
enum px_err app_emu_movement(struct app *app, const struct actor *who, const char *verb,
                             const char *unit, int year, const struct emu_movement_args *a,
                             struct diags *d);

#ifndef PARINDEX_APP_EMU_COUNCIL
#define PARINDEX_APP_EMU_COUNCIL
/* The council (app/emulation_council.c, migration 0019): a unit's
 * emulation council for a year, its members (users, by login) and its
 * quorum (a share of all members that must take part: present or, when
 * absent, voting in writing). A candidate's council is the nearest one
 * of its unit or a unit above. Only the office over the unit sets it up
 * (app_grant_covers); the office and the members act on it
 * (app_emu_may_act). */
#include "store/repo_emulation_council.h"

struct emu_council_view {
	struct emu_council_rec council;
	struct emu_member_rec *members;
	size_t n;
};
enum px_err app_emu_council_set(struct app *app, const struct actor *who, const char *unit,
                                int year, long quorum_ppm, struct diags *d);
enum px_err app_emu_member_add(struct app *app, const struct actor *who, const char *unit,
                               int year, const char *login, const char *position,
                               struct diags *d);
enum px_err app_emu_member_remove(struct app *app, const struct actor *who, const char *unit,
                                  int year, const char *login, struct diags *d);
/* unit's own council of year with its members: PX_NOTFOUND when none. */
enum px_err app_emu_council(struct app *app, const struct actor *who, const char *unit, int year,
                            struct emu_council_view *out, struct diags *d);
/* The council that votes on unit's candidates: the nearest of unit and
 * the units above it with a council for year. *found false when none. */
enum px_err app_emu_council_of(struct app *app, const char *unit, int year, bool *found,
                               struct emu_council_view *out);

/* A council's ballot: yes of all members; present and absent members
 * voting in writing take part (-1: not given: members present, none in
 * writing). members -1: the council's size. */
struct emu_ballot {
	long yes, members, present, written;
};
enum px_err app_emu_vote_ballot(struct app *app, const struct actor *who, int year,
                                const char *title, const char *candidate,
                                const struct emu_ballot *b, struct diags *d);
#endif

#ifndef PARINDEX_APP_EMU_VIEWS
#define PARINDEX_APP_EMU_VIEWS
/* The rule set in force on 31 December of year. */
enum px_err app_emu_rules_for(struct app *app, int year, struct emu_rules *out, struct diags *d);

/* Views for the documents and the pages (app/emulation_views.c); every
 * one applies app_emu_may_see. Names: a staff member's or a unit's name;
 * title_vi/title_en from the rule set of the year. */
struct emu_named_award {
	const char *candidate, *name, *kind, *unit, *unit_name, *title, *title_vi, *title_en,
		*decision, *date;
	long year, cash; /* cash -1: an imported past award */
};
struct emu_decision_view {
	struct emu_decision_rec dec;
	const char *unit_name;
	struct emu_named_award *rows;
	size_t n;
	long total_cash;
};
/* The decision numbered number with its awards: PX_NOTFOUND when none or
 * when the actor may not see the deciding unit's record. */
enum px_err app_emu_decision(struct app *app, const struct actor *who, const char *number,
                             struct emu_decision_view *out, struct diags *d);
/* The decisions of year the actor may see. */
enum px_err app_emu_decisions(struct app *app, const struct actor *who, int year,
                              struct emu_decision_rec **out, size_t *n, struct diags *d);

struct emu_minutes_view {
	struct emu_council_view council;
	const char *unit_name;
	struct emu_rules rules;
	struct emu_ballot_rec *votes;
	const char **names; /* the candidate of votes[i] */
	size_t n;
};
/* unit's council of year and the votes it took (PX_NOTFOUND without a
 * council, or for an actor who may not see unit's record). */
enum px_err app_emu_minutes(struct app *app, const struct actor *who, const char *unit, int year,
                            struct emu_minutes_view *out, struct diags *d);

/* A person's or a unit's awards over the years (decided and imported). */
struct emu_history_view {
	const char *candidate, *name, *unit;
	struct emu_named_award *rows;
	size_t n;
};
enum px_err app_emu_history(struct app *app, const struct actor *who, const char *candidate,
                            struct emu_history_view *out, struct diags *d);
#endif

#ifndef PARINDEX_APP_EMU_MOVEMENT_VIEW
#define PARINDEX_APP_EMU_MOVEMENT_VIEW
/* unit's movement of year and its registrations (exists false when none
 * was launched); staff see only their own registration. */
struct emu_movement_view {
	bool exists;
	struct emu_movement_rec movement;
	struct emu_registration_rec *regs;
	const char **names;
	size_t n;
};
/* The proposal table's order (app/report_emulation.c): indices of v's
 * rows of title (NULL or "": all), eligible first; returns their count. */
size_t app_emu_proposal_order(const struct emu_proposal_view *v, const char *title,
                              size_t *order);
enum px_err app_emu_movement_view(struct app *app, const struct actor *who, const char *unit,
                                  int year, struct emu_movement_view *out, struct diags *d);
#endif

#ifndef PARINDEX_APP_EMU_MODELS
#define PARINDEX_APP_EMU_MODELS
/* Models (app/emulation_models.c): the office over unit recognises a
 * model, directly or by promoting a good practice an inspection found
 * (from_finding: the finding's id, which must be a good practice of an
 * inspection the actor may see; its text is the default title). */
struct emu_model_args {
	const char *code, *unit, *title, *description, *level, *decision;
	long from_finding; /* 0: none */
};
enum px_err app_emu_model_recognise(struct app *app, const struct actor *who,
                                    const struct emu_model_args *a, struct diags *d);
/* Every recognised model (public), with its unit's name in unit_names. */
enum px_err app_emu_models(struct app *app, struct emu_model_rec **out, const char ***unit_names,
                           size_t *n, struct diags *d);
#endif
