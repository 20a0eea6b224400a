/*
 * The yearly assessment cycle of one framework as a state machine:
 *
 *   self -> appraisal -> reply -> decision -> approved -> published
 *
 * self:      units fill self-scores, explanations and evidence until the
 *            self-assessment deadline (or their extension); then locked.
 * appraisal: assigned council members propose points with reasons; the
 *            council's value is what a majority proposed (or a decision).
 * reply:     units see every adjusted criterion and may reply.
 * decision:  the council accepts or rejects each reply, with a reason.
 * approved:  the results are approved (who, when).
 * published: a frozen snapshot is public; re-publication makes a version.
 *
 * Pure rules only; app/cycle.c loads the facts and applies them.
 */
#ifndef PARINDEX_CORE_CYCLE_H
#define PARINDEX_CORE_CYCLE_H
#include <stdbool.h>
#include <stdint.h>

enum cycle_phase {
	PHASE_SELF,
	PHASE_APPRAISAL,
	PHASE_REPLY,
	PHASE_DECISION,
	PHASE_APPROVED,
	PHASE_PUBLISHED,
	PHASE_COUNT
};

const char *cycle_phase_name(enum cycle_phase p);
/* Vietnamese name of the phase for pages and messages. */
const char *cycle_phase_name_vi(enum cycle_phase p);
bool cycle_phase_parse(const char *s, enum cycle_phase *out);

/* Whether a unit may still change its self-assessment on `today` (local
 * date): in the self phase, not submitted, and today is on or before the
 * deadline or the unit's extension (DATE_MIN when none). */
bool cycle_self_open(enum cycle_phase p, int32_t today, int32_t self_until,
                     int32_t extension_until, bool submitted);

/* Whether a value agreed by `agreeing` of `members` council members is
 * the council's: strictly more than quorum_pct percent of the members. */
bool cycle_quorum(long agreeing, long members, double quorum_pct);

/* Facts the advance rules look at. */
struct cycle_facts {
	int32_t today;
	int32_t self_until, latest_extension; /* DATE_MIN when none */
	int32_t reply_until;                  /* DATE_MAX when not set */
	long units, submitted;                /* in the framework's group */
	long criteria_without_council_value;  /* of submitted units */
	long replies_undecided;
};

/* Whether the cycle may move on from p; when not, *why_vi and *why_en say
 * what is still missing (static formats with one %ld, filled from
 * *count). */
bool cycle_can_advance(enum cycle_phase p, const struct cycle_facts *f,
                       const char **why_vi, const char **why_en, long *count);
#endif
