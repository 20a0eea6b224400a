/*
 * What the cycle's files share (cycle.c: the cycle machine; assessment.c:
 * each unit's assessment machine; notices.c): the facts one framework's
 * cycle is decided on, loaded once per request or transaction.
 */
#ifndef PARINDEX_APP_CYCLE_IMPL_H
#define PARINDEX_APP_CYCLE_IMPL_H
#include "app/cycle.h"
#include "app/workflow.h"
#include "base/map.h"

struct cycle_ctx {
	struct framework *fw;
	struct cycle_info cycle;
	bool has_cycle;
	struct unit_set units;
	const struct unit_rec *unit; /* NULL when no unit was asked for */
};

/* The input of each assessment verb (assessment.c). */
struct self_score_args {
	struct self_score_item *items; /* one or many criteria, all or nothing */
	size_t n;
	size_t changed; /* out */
};
struct evidence_args {
	const char *criterion, *filename;
	const void *data;
	size_t len;
	const char *doc_number, *doc_date;
	int64_t id; /* out: the new evidence id */
};
struct evidence_remove_args {
	int64_t id;
	struct evidence_row removed; /* out */
};
struct section_accept_args {
	const char *section, *reason;
	size_t accepted, skipped; /* out */
};
struct extend_args {
	int32_t until;
	const char *reason;
};
struct assign_args {
	const char *login;
};
struct appraise_args {
	const char *criterion;
	double points;
	const char *reason;
};
struct reply_args {
	const char *criterion, *text;
};
struct decide_args {
	const char *criterion;
	bool accept, has_points;
	double points;
	const char *reason;
};

/* Loads the framework, its cycle (required when need_cycle) and the
 * register; unit (may be NULL) must be in the framework's group. In two
 * steps for the machines: prepare (framework, register, unit: what no
 * transition of the cycle changes) before the write lock, state (the
 * cycle's row) inside it. */
enum px_err cycle_ctx_load(struct app *app, const char *fw, const char *unit, bool need_cycle,
                           struct cycle_ctx *c, struct diags *d);
enum px_err cycle_ctx_prepare(struct app *app, const char *fw, const char *unit,
                              struct cycle_ctx *c, struct diags *d);
enum px_err cycle_ctx_state(struct app *app, bool need_cycle, struct cycle_ctx *c,
                            struct diags *d);
void cycle_ctx_free(struct cycle_ctx *c);
/* The machines' release: frees the cycle_ctx that is the first member of
 * their item (wf_ctx.data). */
void cycle_item_release(struct wf_ctx *c);
/* The cycle and assessment machines' finer grant rule (wf_machine.may): their
 * office verbs need app_may_manage_framework. */
bool cycle_may_manage(const struct wf_ctx *c, const struct wf_transition *t, const char **vi,
                      const char **en);

/* Progress of every unit of the group: *rows in app->arena, its strings
 * shared and read-only (app/live_cache.h), valid until the end of the
 * request. */
enum px_err cycle_progress(struct app *app, struct cycle_ctx *c, struct unit_progress **rows,
                           size_t *n, struct diags *d);

/* Score rows of a framework keyed "unit\x1fcriterion": a shared map
 * (app/live_cache.h), read-only, never map_free'd by the caller, valid
 * until the end of the request; inside a transaction, that transaction's
 * rows. */
enum px_err cycle_score_map(struct app *app, const char *fw, struct map *m);
const struct score_row *cycle_score_in(struct app *app, struct map *m, const char *unit,
                                       const char *crit);

const char *cycle_date_str(struct arena *a, int32_t d);
int32_t cycle_parse_date_or(const char *s, int32_t dflt);
/* Adds the message to d and returns PX_BADINPUT. */
enum px_err cycle_bad(struct diags *d, const char *vi, const char *en);
/* "database error, nothing changed" in d; PX_FAIL. */
enum px_err cycle_db_error(struct app *app, struct diags *d);
#endif
