/*
 * The audit log: every change is appended as one entry in the same
 * transaction as the change itself, chained by SHA-256 (libsodium): each
 * entry's hash covers the previous hash and its own fields, so editing or
 * deleting a past entry breaks every later hash (`parindex audit verify`).
 *
 * The chain alone cannot show that its newest entries were deleted, and
 * anyone with write access can recompute it (SHA-256 needs no secret). So
 * its head (newest seq and hash) is also kept outside the database, in an
 * anchor file authenticated with an HMAC key that the database does not
 * hold (audit_anchor_*, store/audit_anchor.c; docs/internals/audit.md).
 */
#ifndef PARINDEX_STORE_REPO_AUDIT_H
#define PARINDEX_STORE_REPO_AUDIT_H
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

struct arena;

#include "store/db.h"

/* Appends an entry; call inside the transaction that makes the change.
 * detail is JSON text (or "" ) describing what changed. Marks the
 * connection so that audit_anchor_after_commit anchors the new head. */
enum px_err audit_append(struct db *db, const char *actor, const char *action,
                         const char *entity, const char *key, const char *detail);

/* Recomputes the chain. *checked = entries read; *bad_seq = first entry
 * whose hash or link is wrong (0 when all are right). PX_OK means the
 * verification ran, not that the chain is intact: check *bad_seq. */
enum px_err audit_verify(struct db *db, int64_t *checked, int64_t *bad_seq);

/* An entry of the chain by its number and hash: the newest one, an
 * anchored head or a head printed earlier. seq 0 with 64 zeros is the
 * empty log (the genesis). */
struct audit_head {
	int64_t seq;
	char hash[65];
	char at[32]; /* the entry's time ("" for the genesis) */
};

/* The newest entry (seq 0 and the genesis hash when the log is empty). */
enum px_err audit_head(struct db *db, struct audit_head *out);

/* A head that must be in the chain, and what the walk found there. */
enum audit_mark_state { AUDIT_MARK_MISSING, AUDIT_MARK_MATCHES, AUDIT_MARK_DIFFERS };
struct audit_mark {
	int64_t seq;
	char hash[65];
	enum audit_mark_state state; /* set by audit_walk */
};

/* The result of a walk over the whole chain. */
struct audit_walk {
	int64_t checked;          /* entries read */
	int64_t bad_seq;          /* first broken entry, 0 when none */
	struct audit_head last;   /* the newest entry read */
};

/* Recomputes the chain from the genesis like audit_verify and looks up
 * each mark on the way (a mark past a broken entry stays MISSING). */
enum px_err audit_walk(struct db *db, struct audit_mark *marks, int nmarks,
                       struct audit_walk *w);

/* *ok when the entries after `seq` (whose hash is `hash`) up to `upto`
 * are all there and each continues the chain from it (recomputed). */
enum px_err audit_continues(struct db *db, int64_t seq, const char *hash, int64_t upto,
                            bool *ok);

/* "64 zeros": the previous hash of entry 1. */
extern const char audit_genesis[65];

/* ---- the anchor (store/audit_anchor.c) ---- */

/* For audit_append: this thread's open transaction on db appended
 * entries (read and cleared by audit_anchor_after_commit). */
void audit_anchor_note_append(struct db *db);

/* The key file for PostgreSQL databases (a SQLite FILE's key is always
 * FILE.audit-key beside it). Set once at start, from --audit-key or
 * $PARINDEX_AUDIT_KEY; NULL or "": none (PostgreSQL is then not anchored
 * and audit verify fails). The head file is KEY without a trailing
 * ".audit-key", plus ".audit-head". */
void audit_anchor_set_key_file(const char *path);

/* Called after opening a database (and its migrations). Creates the key
 * (32 random bytes, mode 0600) and the anchor when there is no key yet and
 * either the log is empty (a new database) or create_for_existing (`init`
 * on a database made before anchors existed: trusts its current head).
 * Never replaces an existing key or anchor, except writing the empty
 * log's anchor when the key exists without one (a crash at creation).
 * Not configured (PostgreSQL without a key file, SQLite in memory): PX_OK,
 * nothing done. PX_FAIL with a message in msg when a file cannot be
 * written. */
enum px_err audit_anchor_open(struct db *db, bool create_for_existing, char *msg,
                              size_t msgsize);

/* Call after every successful commit (outside any transaction). When the
 * committed transaction appended audit entries on this connection (in
 * this thread), advances the anchor to the database's newest entry, under
 * an exclusive flock on the key file, only when that entry is further than
 * the anchored one and continues its chain (so concurrent writers keep the
 * anchor monotonic, and a truncated or rewritten chain is never anchored).
 * Failures are logged, never returned: the commit has happened. */
void audit_anchor_after_commit(struct db *db);

enum audit_anchor_state {
	AUDIT_ANCHOR_OK,
	AUDIT_ANCHOR_UNCONFIGURED, /* PostgreSQL without a key file; SQLite in memory */
	AUDIT_ANCHOR_NO_KEY,       /* the key file does not exist */
	AUDIT_ANCHOR_BAD_KEY,      /* unreadable, or not 64 hex digits */
	AUDIT_ANCHOR_MISSING,      /* the key exists, the head file does not */
	AUDIT_ANCHOR_BAD,          /* unreadable, malformed, or the HMAC does not match */
};

struct audit_anchor {
	struct audit_head head;
	char hmac[65];
	char written[32];    /* when the anchor was written (not authenticated) */
	unsigned key_mode;   /* permission bits of the key file (0600 expected) */
	char key_path[4096];
	char head_path[4096];
};

/* Reads and authenticates the anchor (under a shared flock). Read it
 * before reading the chain: the anchor only moves after a commit, so the
 * chain read afterwards reaches at least as far. */
enum audit_anchor_state audit_anchor_read(struct db *db, struct audit_anchor *a);

/* The HMAC (hex) of head (seq, hash) with the database's anchor key, as
 * `parindex audit head` prints it. PX_FAIL when there is no usable key. */
enum px_err audit_anchor_mac(struct db *db, const struct audit_head *h, char out[65]);

/* What `audit verify` and the audit page report: the chain, the anchor
 * and (optionally) a head printed earlier, checked in one walk. */
struct audit_verdict {
	struct audit_walk walk;
	enum audit_anchor_state anchor_state;
	struct audit_anchor anchor;    /* its paths always; its head when OK */
	struct audit_mark anchor_mark; /* the anchored head in the chain (state OK) */
	bool witnessed;                /* a printed head was given */
	struct audit_mark witness_mark;
	/* the chain is intact and reaches the anchored head with its hash (or,
	 * without a key, the printed head), and the printed head is in it */
	bool intact;
	int64_t behind; /* entries past the anchored head: a warning */
};

/* Reads the anchor, then walks the chain (in that order: the anchor only
 * moves after a commit, so the chain read afterwards reaches at least as
 * far). witness may be NULL. PX_FAIL: a database error (db_errmsg). */
enum px_err audit_check(struct db *db, const struct audit_head *witness,
                        struct audit_verdict *v);
struct history_row {
	const char *at, *actor, *action, *detail;
};
/* Audit entries whose key starts with prefix ("FW/UNIT/CRIT"), oldest
 * first. */
enum px_err repo_audit_history(struct db *db, const char *key, struct arena *a,
                               struct history_row **out, size_t *n);
#endif
