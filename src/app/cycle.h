/*
 * The yearly assessment cycle, end to end (core/cycle.h for the phases):
 * the office opens a cycle with deadlines, units self-assess with
 * explanations and evidence and submit, the council appraises (each
 * member proposes; the value a majority proposed is the council's),
 * units reply to adjustments, the council decides on replies, the office
 * approves and publishes.
 *
 * Two machines on the one workflow mechanism (app/workflow.h) carry every
 * rule, for the CLI, the pages and the JSON API alike:
 *   cycle_machine       item "FRAMEWORK": none -> self -> appraisal ->
 *                       reply -> decision -> approved -> published
 *                       (open, advance, publish)
 *   assessment_machine  item "FRAMEWORK/UNIT": draft -> submitted
 *                       (self-assess, upload, submit; extend, assign,
 *                       unassign; appraise, reply, decide keep the state)
 * The functions below are typed front doors to wf_apply.
 */
#ifndef PARINDEX_APP_CYCLE_H
#define PARINDEX_APP_CYCLE_H
#include <stdbool.h>
#include <stdint.h>

#include "app/access.h"
#include "app/scoring.h"
#include "app/workflow.h"
#include "core/cycle.h"
#include "store/repo_audit.h"
#include "store/repo_cycle.h"
#include "store/repo_user.h"

#define EVIDENCE_MAX_DEFAULT ((size_t)20 << 20) /* setting 'evidence_max_bytes' */

extern const struct wf_machine cycle_machine;
extern const struct wf_machine assessment_machine;
enum assessment_state { ASSESSMENT_DRAFT, ASSESSMENT_SUBMITTED };

struct cycle_info {
	enum cycle_phase phase;
	int32_t self_until, appraisal_until, reply_until; /* DATE_MAX when unset */
	double quorum_pct;
	const char *opened_at, *opened_by, *approved_at, *approved_by;
};

/* Today's local date (base/clock.h: $PARINDEX_TODAY overrides it). */
int32_t app_today(void);

struct cycle_open_args {
	int32_t self_until, appraisal_until, reply_until; /* DATE_MAX when unset */
	double quorum_pct;
};
/* What a publication made: the version and what changed since the last. */
struct cycle_publish_out {
	long version;
	struct publish_change *changes;
	size_t n;
};

enum px_err app_cycle_open(struct app *app, const struct actor *who, const char *fw,
                           int32_t self_until, int32_t appraisal_until, int32_t reply_until,
                           double quorum_pct, struct diags *d);
/* PX_NOTFOUND (in d) when the framework has no cycle. */
enum px_err app_cycle_get(struct app *app, const char *fw, struct cycle_info *out,
                          struct diags *d);
enum px_err app_cycle_extend(struct app *app, const struct actor *who, const char *fw,
                             const char *unit, int32_t until, const char *reason,
                             struct diags *d);
/* Moves to the next phase when the rules allow (else PX_BADINPUT saying
 * what is missing); approval records who and when; the last step
 * publishes (*version) in the same transaction. expect_from (a phase, or
 * WF_ANY) refuses when the cycle is no longer in that phase: a second
 * click never moves the cycle twice. */
enum px_err app_cycle_advance(struct app *app, const struct actor *who, const char *fw,
                              int expect_from, enum cycle_phase *now, long *version,
                              struct diags *d);

/* Publishes a framework as the office asks for it: without a cycle, at
 * once; with one, only once approved (then the cycle moves to
 * published), and again later as a new version. */
enum px_err app_cycle_publish(struct app *app, const struct actor *who, const char *fw,
                              long *version, struct publish_change **changes, size_t *n,
                              struct diags *d);

struct unit_progress {
	const char *code, *name;
	long done, total;       /* assessed criteria with self points / applicable */
	const char *submitted_at; /* "" when not submitted */
	int32_t extension;      /* DATE_MIN when none */
	long adjusted, replied; /* criteria the council changed; replies sent */
	long appraised;         /* criteria with a council value */
};
/* Every unit of the framework's group with its progress. */
enum px_err app_cycle_status(struct app *app, const char *fw, struct cycle_info *info,
                             struct unit_progress **rows, size_t *n, struct diags *d);

/* What is still missing before the cycle moves on, for the office's
 * confirmation (web) and `cycle status` (CLI): every unit's progress, the
 * units not submitted, the submitted units whose criteria still lack the
 * council's value, the replies without a decision, and whether the
 * advance rule (the same code as the transition's guard) allows the next
 * phase now, with its reason when not. Strings in app->arena. */
struct cycle_readiness {
	struct cycle_info info;
	const char *title; /* the framework's */
	int year;
	struct unit_progress *rows;
	size_t n;
	long submitted, not_submitted;
	long units_unappraised, criteria_unappraised; /* of submitted units */
	long replies_pending;                        /* no council decision yet */
	long incomplete;     /* not submitted, or submitted and not fully appraised */
	bool can_advance;
	const char *why_vi, *why_en; /* the rule's refusal when !can_advance */
};
enum px_err app_cycle_readiness(struct app *app, const char *fw, struct cycle_readiness *out,
                                struct diags *d);

/* The council of every unit of rows: the members assigned, the council
 * members who may be assigned (appraisers not yet assigned, not of the
 * unit) and those who may not because they belong to the unit (recusal,
 * the assign transition's rule). Arrays in app->arena. */
struct council_unit {
	const char *code, *name;
	struct member_row *members;
	size_t nmembers;
	const struct user_rec **candidates, **recused;
	size_t ncandidates, nrecused;
};
enum px_err app_cycle_council(struct app *app, const char *fw, const struct unit_progress *rows,
                              size_t n, struct council_unit **out);

enum px_err app_appraiser_assign(struct app *app, const struct actor *who, const char *fw,
                                 const char *login, const char *unit, struct diags *d);
enum px_err app_appraiser_unassign(struct app *app, const struct actor *who, const char *fw,
                                   const char *login, const char *unit, struct diags *d);

/* One criterion of a self-assessment form. The points come either as
 * typed (self_text: the Vietnamese comma or the point; "" or blanks keep
 * the saved points, so an empty field never erases one) or as a number
 * (self_text NULL: has_self false clears them); clear removes the saved
 * points explicitly. explanation NULL keeps the saved one. */
struct self_score_item {
	const char *criterion;
	const char *self_text;
	bool has_self, clear;
	double self;
	const char *explanation;
	/* out: why a field was refused (NULL when it was not); changed when
	 * this criterion's points or explanation were written */
	const char *self_vi, *self_en, *expl_vi, *expl_en;
	bool changed;
};
/* Self-assessment of many criteria in ONE transaction (verb self-assess):
 * every item is checked first, and one refused item refuses them all
 * (each item's reasons in its out fields and in d, whose `where` is the
 * criterion). Only items whose values change are written, each with its
 * own audit entry; *changed (may be NULL) gets how many. */
enum px_err app_self_assess(struct app *app, const struct actor *who, const char *fw,
                            const char *unit, struct self_score_item *items, size_t n,
                            size_t *changed, struct diags *d);
/* Removes an evidence file of the unit before submission (verb
 * remove-evidence: draft, the unit's focal point, while self-assessment
 * is open); *criterion (may be NULL) gets its criterion. */
enum px_err app_evidence_remove(struct app *app, const struct actor *who, const char *fw,
                                const char *unit, int64_t id, const char **criterion,
                                struct diags *d);
/* An assigned council member accepts the self points of every assessed
 * criterion under `section` (verb accept-section, one transaction, one
 * reason): each becomes the member's proposal, audited per criterion as
 * `appraise` is. Criteria without self points, or already proposed by the
 * member, are left as they are (*skipped). PX_BADINPUT when none is left. */
enum px_err app_appraise_section(struct app *app, const struct actor *who, const char *fw,
                                 const char *unit, const char *section, const char *reason,
                                 size_t *accepted, size_t *skipped, struct diags *d);
/* Self-assessment of one criterion: points (has_self false clears them)
 * and the written explanation. */
enum px_err app_self_score(struct app *app, const struct actor *who, const char *fw,
                           const char *unit, const char *criterion, bool has_self,
                           double self, const char *explanation, struct diags *d);
/* Adds an evidence file (type from the content; size limit; stored once
 * by SHA-256). */
enum px_err app_evidence_add(struct app *app, const struct actor *who, const char *fw,
                             const char *unit, const char *criterion, const char *filename,
                             const void *data, size_t len, const char *doc_number,
                             const char *doc_date, int64_t *id, struct diags *d);
/* One evidence file with its bytes, if the actor may see the unit. */
enum px_err app_evidence_get(struct app *app, const struct actor *who, int64_t id,
                             struct evidence_row *row, const void **data, struct diags *d);
/* Submits the unit's self-assessment: every applicable criterion needs
 * points, and a criterion whose evidence is required needs a file or an
 * explanation. */
enum px_err app_self_submit(struct app *app, const struct actor *who, const char *fw,
                            const char *unit, struct diags *d);
/* A council member's proposal; reason required when it differs from the
 * self points. Updates the council's value when a majority agrees. */
enum px_err app_appraise(struct app *app, const struct actor *who, const char *fw,
                         const char *unit, const char *criterion, double points,
                         const char *reason, struct diags *d);
/* The unit's reply to an adjusted criterion. */
enum px_err app_reply(struct app *app, const struct actor *who, const char *fw,
                      const char *unit, const char *criterion, const char *text,
                      struct diags *d);
/* The council accepts (optionally with new points) or rejects a reply. */
enum px_err app_reply_decide(struct app *app, const struct actor *who, const char *fw,
                             const char *unit, const char *criterion, bool accept,
                             bool has_points, double points, const char *reason,
                             struct diags *d);

/* One criterion of a unit's assessment, side by side. */
struct assessment_item {
	int node;
	bool applies;
	bool has_self, has_appraised;
	double self, appraised;
	const char *explanation, *reason; /* "" when none */
	struct evidence_row *evidence;
	size_t nevidence;
	struct proposal_row *proposals;
	size_t nproposals;
	const struct reply_row *reply; /* NULL when none */
	const char **proposer_names; /* [nproposals]: the members' names */
	/* a formula leaf's computed points for the unit (the council and the
	 * office see them; has_computed false when a metric is missing) */
	bool has_computed;
	double computed;
};
struct assessment_blocker {
	const char *criterion, *vi, *en;
};
struct assessment_view {
	struct framework *fw;
	struct cycle_info cycle;
	bool has_cycle;
	const char *unit, *unit_name, *unit_kind;
	const char *submitted_at;
	int32_t extension;
	/* from assessment_machine's table (wf_allowed), never a second rule */
	bool can_edit, can_submit, can_appraise, can_reply, can_decide;
	const char *allowed[16]; /* every verb the actor may do now */
	size_t nallowed;
	struct member_row *members; /* council members assigned to the unit */
	size_t nmembers;
	struct assessment_item *items; /* fw->nnodes, display order */
	/* what still keeps the unit from submitting (every problem, the same
	 * check as submit), when the actor may submit */
	struct assessment_blocker *blockers;
	size_t nblockers;
};
enum px_err app_assessment_view(struct app *app, const struct actor *who, const char *fw,
                                const char *unit, struct assessment_view *out,
                                struct diags *d);
/* The assessments of a unit the actor may open: every framework with a
 * cycle whose group holds the unit (strings in app->arena). */
struct unit_assessment {
	const char *framework, *title;
};
enum px_err app_unit_assessments(struct app *app, const struct actor *who, const char *unit,
                                 struct unit_assessment **out, size_t *n);
/* The changes of one criterion's values (who, when, what, why). */
enum px_err app_criterion_history(struct app *app, const struct actor *who, const char *fw,
                                  const char *unit, const char *criterion,
                                  struct history_row **out, size_t *n, struct diags *d);

/* What is waiting for the actor. */
struct notice {
	const char *framework, *unit;
	const char *vi, *en;
	int32_t deadline; /* DATE_MAX when none */
	bool soon;        /* deadline within 7 days */
	const char *href; /* a page of another module (a plan's task); NULL: the cycle's */
};
enum px_err app_notices(struct app *app, const struct actor *who, struct notice **out,
                        size_t *n);
#endif
