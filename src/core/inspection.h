/*
 * PAR inspections as pure rules (formats/inspections.md): the words of the
 * plan file and of the on-site work, who may see an inspection (the rule
 * that matters most), when a recommendation is overdue, and the counts of
 * one period that become the inspection.* metrics.
 *
 * Why it is built this way: the visibility of an unannounced inspection is
 * one predicate over facts about the viewer that app/inspection.c works
 * out from grants (insp_viewer); every read of inspections asks it through
 * app_inspection_visible, so no list, count, notice or URL can forget it.
 */
#ifndef PARINDEX_CORE_INSPECTION_H
#define PARINDEX_CORE_INSPECTION_H
#include <stdbool.h>
#include <stdint.h>

enum insp_kind { INSP_SCHEDULED, INSP_UNANNOUNCED, INSP_NKIND };
enum insp_state { INSP_PLANNED, INSP_STARTED, INSP_CONCLUDED, INSP_CLOSED, INSP_NSTATE };
enum insp_result { ITEM_COMPLIANT, ITEM_NON_COMPLIANT, ITEM_NOT_APPLICABLE, ITEM_NRESULT };
enum insp_finding { FIND_GOOD_PRACTICE, FIND_SHORTCOMING, FIND_VIOLATION, FIND_NKIND };
/* A recommendation: open, remediation reported (done), verified
 * (accepted). A rejection sends it back to open. */
enum rec_state { REC_OPEN, REC_DONE, REC_ACCEPTED, REC_NSTATE };

/* NULL-terminated word lists, by enum; *_vi the same in Vietnamese. */
extern const char *const insp_kind_names[], *const insp_kind_vi[];
extern const char *const insp_state_names[], *const insp_state_vi[];
extern const char *const insp_result_names[], *const insp_result_vi[];
extern const char *const insp_finding_names[], *const insp_finding_vi[];
extern const char *const rec_state_names[], *const rec_state_vi[];
extern const char *const insp_places[]; /* office, one_stop, reception, subunit */

/* The index of s in the NULL-terminated list names, or -1. */
int insp_word(const char *const *names, const char *s);

/* What the visibility rule needs to know about the viewer of one
 * inspection. */
struct insp_viewer {
	bool on_team;    /* the lead or a member */
	bool city_staff; /* a city-wide office, leader or admin grant */
	bool planner;    /* an office grant over the planning unit (a department's self-inspection) */
	bool sees_unit;  /* may see the inspected unit's pages (its people, readers over it) */
};

/* Whether the viewer may know that the inspection exists. An unannounced
 * inspection that has not started exists only for its team, the city's
 * office, leaders and administrators, and the office that planned it;
 * from its start (and a scheduled one from its import) also for those
 * who may see the unit. */
bool insp_visible(enum insp_kind kind, enum insp_state state, const struct insp_viewer *v);

/* Whether a recommendation in state st (accepted on accepted_on, DATE_MIN
 * when not) due on due is overdue on day asof: not accepted by asof and
 * due before it (due on asof is not overdue yet). */
bool rec_overdue(enum rec_state st, int32_t due, int32_t accepted_on, int32_t asof);
/* Whether it counts as remedied on time: remediation reported on or
 * before the due date, then accepted. */
bool rec_remedied_on_time(enum rec_state st, int32_t due, int32_t reported_on);

/* The counts of one (unit, period) (inspections.md "Metrics written"). */
struct insp_counts {
	long count, unannounced, shortcomings, violations, good_practices, recommendations;
	long overdue, due, remedied;
};
void insp_count_finding(struct insp_counts *c, enum insp_finding k);
/* remedied / due; false (missing) when nothing was due. */
bool insp_remedy_rate(const struct insp_counts *c, double *out);
#endif
