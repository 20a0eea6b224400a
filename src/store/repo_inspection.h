/* Storage of inspections, their checklist items, findings,
 * recommendations and evidence files (migration 0013). Units are named by
 * code. Nothing here decides who may see what (app/inspection.c does). */
#ifndef PARINDEX_STORE_REPO_INSPECTION_H
#define PARINDEX_STORE_REPO_INSPECTION_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

struct arena;

struct insp_rec {
	const char *code, *unit, *kind, *planned_from, *planned_to, *lead, *members, *places,
		*areas;
	const char *checklist, *planner, *started_at;              /* NULL when none */
	const char *concl_number, *concl_date, *concl_summary;     /* NULL until concluded */
	const char *state, *imported_at;
	long year;
};

struct insp_item_rec {
	int64_t id, recheck_rec; /* recheck_rec 0: a template item */
	const char *inspection, *item, *text, *note;
	const char *result, *checked_at, *checked_by; /* NULL until checked */
	long ord;
};

struct insp_finding_rec {
	int64_t id;
	const char *inspection, *kind, *area, *text, *criterion, *made_on, *made_by; /* criterion NULL */
	long n;
};

struct insp_reco_rec {
	int64_t id, finding;
	const char *inspection, *text, *unit, *due, *made_on, *state;
	const char *report_date, *report_note, *verified_on, *reject_reason; /* NULL when none */
};

struct insp_evidence_rec {
	int64_t id, item_id, rec_id, size; /* item_id/rec_id 0 when not */
	const char *inspection, *sha256, *filename, *content_type, *uploaded_at, *uploaded_by;
};

/* Inserts or replaces an inspection's plan row (not its state and what
 * follows); PX_NOTFOUND for an unknown unit. */
enum px_err repo_insp_put(struct db *db, const struct insp_rec *r);
/* Every inspection, by code. */
enum px_err repo_insp_list(struct db *db, struct arena *a, struct insp_rec **out, size_t *n);
enum px_err repo_insp_set_state(struct db *db, const char *code, const char *state);
enum px_err repo_insp_set_started(struct db *db, const char *code, const char *at);
enum px_err repo_insp_set_conclusion(struct db *db, const char *code, const char *number,
                                     const char *date, const char *summary);

/* Items, findings, recommendations, evidence of one inspection (NULL:
 * every one), in order. */
enum px_err repo_insp_items(struct db *db, const char *code, struct arena *a,
                            struct insp_item_rec **out, size_t *n);
enum px_err repo_insp_item_add(struct db *db, const struct insp_item_rec *r);
enum px_err repo_insp_item_check(struct db *db, int64_t id, const char *result,
                                 const char *note, const char *at, const char *by);
enum px_err repo_insp_findings(struct db *db, const char *code, struct arena *a,
                               struct insp_finding_rec **out, size_t *n);
enum px_err repo_insp_finding_add(struct db *db, const struct insp_finding_rec *r, int64_t *id);
enum px_err repo_insp_recos(struct db *db, const char *code, struct arena *a,
                            struct insp_reco_rec **out, size_t *n);
enum px_err repo_insp_reco_add(struct db *db, const struct insp_reco_rec *r, int64_t *id);
/* Writes state and the remediation/verification fields of r->id. */
enum px_err repo_insp_reco_update(struct db *db, const struct insp_reco_rec *r);
enum px_err repo_insp_evidence_add(struct db *db, const char *code, int64_t item_id,
                                   int64_t rec_id, const char *sha256, const char *filename,
                                   const char *at, const char *by, int64_t *id);
enum px_err repo_insp_evidence_list(struct db *db, const char *code, struct arena *a,
                                    struct insp_evidence_rec **out, size_t *n);
/* Removes the values of metric that inspections wrote (source "inspection"). */
enum px_err repo_insp_metric_clear(struct db *db, const char *metric);

/* One evidence file with its bytes (PX_NOTFOUND). */
enum px_err repo_insp_evidence_get(struct db *db, int64_t id, struct arena *a,
                                   struct insp_evidence_rec *out, const void **data);
#endif
