/*
 * The audit log: every change is appended as one entry in the same
 * transaction as the change itself, chained by SHA-256 (libsodium): each
 * entry's hash covers the previous hash and its own fields, so editing or
 * deleting a past entry breaks every later hash (`parindex audit verify`).
 */
#ifndef PARINDEX_STORE_REPO_AUDIT_H
#define PARINDEX_STORE_REPO_AUDIT_H
#include <stdint.h>

#include "store/db.h"

/* Appends an entry; call inside the transaction that makes the change.
 * detail is JSON text (or "" ) describing what changed. */
enum px_err audit_append(struct db *db, const char *actor, const char *action,
                         const char *entity, const char *key, const char *detail);

/* Recomputes the chain. *checked = entries read; *bad_seq = first entry
 * whose hash or link is wrong (0 when all are right). PX_OK means the
 * verification ran, not that the chain is intact: check *bad_seq. */
enum px_err audit_verify(struct db *db, int64_t *checked, int64_t *bad_seq);
#endif
