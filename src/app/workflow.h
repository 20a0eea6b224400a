/*
 * The one workflow mechanism (contract: docs/internals/workflow.md). A
 * module declares its states and transitions as a static table; wf_apply
 * applies one transition in ONE write transaction:
 *
 *   begin -> load the item -> visible to the actor? (else NOT FOUND, never
 *   "forbidden") -> a row for the verb in the item's state? -> capability
 *   and relation to the unit -> guard -> effect -> new state -> audit entry
 *   (actor, verb, from, to, the effect's fields) -> commit
 *
 * Because the load and every check run after the write lock is taken, two
 * concurrent requests can never both pass a rule that only one may pass.
 * wf_allowed answers, read-only and from the same table, which verbs the
 * actor may do on the item now: pages draw buttons and the API lists
 * `allowed` from it, so "may I" and "do it" cannot disagree.
 *
 * Guards look at the item and the actor only (they run for wf_allowed,
 * without input) and write nothing; effects check the input and write.
 */
#ifndef PARINDEX_APP_WORKFLOW_H
#define PARINDEX_APP_WORKFLOW_H
#include <stdbool.h>
#include <stddef.h>

#include "app/access.h"
#include "base/err.h"
#include "base/str.h"

struct app;

enum { WF_NONE = -1,  /* the item does not exist yet (a "create" row's from) */
       WF_ANY = -2 }; /* from: any state; to: stay in the current one */

/* The actor's relation to the item's unit that a transition requires. */
enum wf_rel {
	WF_REL_ANY,      /* whoever holds the capability */
	WF_REL_OWN,      /* the actor's grant covers the item's unit */
	WF_REL_NOT_OWN,  /* it does not (recusal) */
	WF_REL_ASSIGNED, /* the actor is assigned to the item, and it is not their own unit */
};

struct wf_ctx;

struct wf_transition {
	const char *verb; /* the CLI word, the URL segment and the audit action */
	int from, to;     /* state indexes; WF_NONE, WF_ANY */
	enum cap cap;
	enum wf_rel rel;
	/* NULL, or PX_OK when allowed now; otherwise the reason in c->d */
	enum px_err (*guard)(struct wf_ctx *c);
	/* NULL, or the change itself; may add audit fields to c->detail */
	enum px_err (*effect)(struct wf_ctx *c);
	const char *vi, *en; /* what the verb does, for buttons and messages */
};

struct wf_machine {
	const char *entity;           /* audit entity, e.g. "cycle" */
	const char *const *states;    /* state names (identifiers), by index */
	const char *const *states_vi; /* the same in Vietnamese */
	const struct wf_transition *rows;
	size_t nrows;
	/* NULL, or reads what the rules look at but this machine's
	 * transitions never change (the framework, the register), BEFORE the
	 * write lock is taken, so that concurrent requests do that work side
	 * by side; PX_NOTFOUND when there is no such item. Everything a guard
	 * decides on that a transition can change is read by load. */
	enum px_err (*prepare)(struct wf_ctx *c, const char *key);
	/* Loads the item named key into c (inside the write transaction in
	 * wf_apply): state, unit, visible, assigned, data. PX_NOTFOUND (with
	 * the reason in c->d) when there is none. */
	enum px_err (*load)(struct wf_ctx *c, const char *key);
	/* Stores the new state (called only when it changes). */
	enum px_err (*set_state)(struct wf_ctx *c, int to);
	/* NULL, or frees what load kept outside app->arena. */
	void (*release)(struct wf_ctx *c);
	/* NULL, or the machine's one finer grant rule, asked after the
	 * capability and the relation (a refusal is PX_DENIED): false with
	 * why (formats with one %s: the verb's words) when the actor may
	 * not. The cycle and assessment machines ask app_may_manage_framework
	 * for their office verbs. */
	bool (*may)(const struct wf_ctx *c, const struct wf_transition *t, const char **vi,
	            const char **en);
};

struct wf_ctx {
	struct app *app;
	const struct actor *who;
	const struct wf_machine *m;
	const struct wf_transition *t; /* the row being applied or asked about */
	const char *key;
	/* filled by load */
	int state;
	const char *unit; /* the item's unit, NULL when it has none */
	bool visible, assigned;
	void *data;
	/* input of the verb (NULL in wf_allowed) */
	const void *args;
	/* the effect may name a finer audit entity and key (a criterion) */
	const char *audit_entity, *audit_key;
	struct str detail; /* JSON fields the effect adds: "\"a\": 1, \"b\": 2" */
	struct diags *d;
};

/* Applies verb to the item key with input args. expect_from >= 0 refuses
 * when the item is no longer in that state (a second click of the same
 * button); WF_ANY accepts any. PX_NOTFOUND when the actor may not see the
 * item, PX_DENIED without the grant, PX_BADINPUT when the state or a rule
 * says no; the reason is in d and nothing was written. *state_out (may be
 * NULL) gets the new state. */
enum px_err wf_apply(struct app *app, const struct wf_machine *m, const struct actor *who,
                     const char *verb, const char *key, int expect_from, const void *args,
                     int *state_out, struct diags *d);

/* The verbs the actor may apply to key now (each once, in table order;
 * at most max), read-only. Returns how many; 0 when the item is not
 * visible. *state (may be NULL) gets the item's state. */
size_t wf_allowed(struct app *app, const struct wf_machine *m, const struct actor *who,
                  const char *key, const char **verbs, size_t max, int *state);
/* Whether verb is among verbs[0..n). */
bool wf_has(const char *const *verbs, size_t n, const char *verb);

/* The row of the table for verb from state, or NULL. */
const struct wf_transition *wf_find(const struct wf_machine *m, const char *verb, int state);
/* The state index of name, or WF_NONE. */
int wf_state(const struct wf_machine *m, const char *name);
#endif
