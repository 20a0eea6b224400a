/*
 * Storage of the assessment cycle (migration 0005): the cycle row, unit
 * extensions, submissions, explanations, evidence (blobs by SHA-256),
 * appraiser assignments, proposals, council reasons and replies. Units
 * are named by code at this API; SQL joins to unit ids. Every put answers
 * PX_NOTFOUND when the unit (or the row it updates) does not exist.
 */
#ifndef PARINDEX_STORE_REPO_CYCLE_H
#define PARINDEX_STORE_REPO_CYCLE_H
#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"

struct arena;

struct cycle_row {
	const char *framework, *phase, *self_until, *appraisal_until, *reply_until;
	const char *opened_at, *opened_by, *approved_at, *approved_by;
	double quorum_pct;
};

enum px_err repo_cycle_get(struct db *db, const char *fw, struct arena *a, struct cycle_row *out);
/* Every cycle's framework code, by code. */
enum px_err repo_cycle_list(struct db *db, struct arena *a, const char ***out, size_t *n);
enum px_err repo_cycle_insert(struct db *db, const struct cycle_row *c);
enum px_err repo_cycle_set_phase(struct db *db, const char *fw, const char *phase,
                                 const char *approved_at, const char *approved_by);

enum px_err repo_extension_put(struct db *db, const char *fw, const char *unit, const char *until,
                               const char *reason, const char *at, const char *by);
/* "" when the unit has no extension. */
enum px_err repo_extension_get(struct db *db, const char *fw, const char *unit, struct arena *a,
                               const char **until);

enum px_err repo_submission_put(struct db *db, const char *fw, const char *unit, const char *at,
                                const char *by);
/* *at is "" when the unit has not submitted. */
enum px_err repo_submission_get(struct db *db, const char *fw, const char *unit, struct arena *a,
                                const char **at);

enum px_err repo_note_put(struct db *db, const char *fw, const char *unit, const char *criterion,
                          const char *text);
enum px_err repo_note_get(struct db *db, const char *fw, const char *unit, const char *criterion,
                          struct arena *a, const char **text);

/* Stores the blob unless a blob with that hash exists. */
enum px_err repo_blob_put(struct db *db, const char *sha256, const char *type,
                          const void *data, size_t len, const char *at);
struct evidence_row {
	int64_t id;
	const char *framework, *unit, *criterion, *sha256, *filename, *doc_number, *doc_date;
	const char *uploaded_at, *uploaded_by, *content_type;
	int64_t size;
	long other_units; /* other units that uploaded the same file */
};
enum px_err repo_evidence_add(struct db *db, const struct evidence_row *e, int64_t *id);
/* Evidence of a unit (criterion NULL: every criterion), by criterion then id. */
/* The id of the evidence entry of this criterion with these bytes
 * (SHA-256), PX_NOTFOUND when there is none. */
enum px_err repo_evidence_find(struct db *db, const char *fw, const char *unit,
                               const char *criterion, const char *sha256, int64_t *id);
/* Deletes the entry id of fw/unit (*out: what it was); its bytes too when
 * no other entry uses them. PX_NOTFOUND when fw/unit has no such entry. */
enum px_err repo_evidence_remove(struct db *db, const char *fw, const char *unit, int64_t id,
                                 struct arena *a, struct evidence_row *out);
enum px_err repo_evidence_list(struct db *db, const char *fw, const char *unit,
                               const char *criterion, struct arena *a,
                               struct evidence_row **out, size_t *n);
/* One evidence row with its bytes (PX_NOTFOUND). */
enum px_err repo_evidence_get(struct db *db, int64_t id, struct arena *a,
                              struct evidence_row *out, const void **data);

enum px_err repo_appraiser_put(struct db *db, const char *fw, const char *login, const char *unit,
                               const char *at, const char *by);
enum px_err repo_appraiser_is(struct db *db, const char *fw, const char *login, const char *unit,
                              bool *yes);
/* Members assigned to a unit. */
enum px_err repo_appraiser_count(struct db *db, const char *fw, const char *unit, long *n);
enum px_err repo_appraiser_remove(struct db *db, const char *fw, const char *login,
                                  const char *unit);
struct member_row {
	const char *login, *name, *assigned_at;
};
/* The members assigned to a unit, with their names, by login. */
enum px_err repo_appraiser_list(struct db *db, const char *fw, const char *unit, struct arena *a,
                                struct member_row **out, size_t *n);

struct proposal_row {
	const char *unit, *criterion, *login, *reason, *at;
	double points;
};
enum px_err repo_proposal_put(struct db *db, const char *fw, const struct proposal_row *p);
enum px_err repo_proposal_list(struct db *db, const char *fw, const char *unit,
                               const char *criterion, struct arena *a,
                               struct proposal_row **out, size_t *n);

enum px_err repo_reason_put(struct db *db, const char *fw, const char *unit, const char *criterion,
                            const char *reason, const char *by, long agreeing, long total,
                            const char *at);
enum px_err repo_reason_get(struct db *db, const char *fw, const char *unit, const char *criterion,
                            struct arena *a, const char **reason);

struct reply_row {
	const char *unit, *criterion, *text, *replied_at, *replied_by;
	const char *decision, *decision_reason, *decided_at, *decided_by; /* NULL: undecided */
};
enum px_err repo_reply_put(struct db *db, const char *fw, const struct reply_row *r);
enum px_err repo_reply_decide(struct db *db, const char *fw, const char *unit,
                              const char *criterion, const char *decision, const char *reason,
                              const char *at, const char *by);
enum px_err repo_reply_list(struct db *db, const char *fw, const char *unit, struct arena *a,
                            struct reply_row **out, size_t *n);

#endif
