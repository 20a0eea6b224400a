/*
 * Storage of the one-time page messages of sessions (migration
 * 0007_flash.sql). Plain row access; app/flash.c hashes the cookie and
 * decides when. Strings returned are in the arena given.
 */
#ifndef PARINDEX_STORE_REPO_FLASH_H
#define PARINDEX_STORE_REPO_FLASH_H
#include "store/db.h"

struct arena;

/* Stores (or replaces) the flash of the session token_hash, and purges
 * flashes created before purge_before (sessions that never came back). */
enum px_err repo_flash_put(struct db *db, const char *token_hash, const char *kind,
                           const char *message, const char *now, const char *purge_before);
/* Reads and deletes the flash of token_hash: PX_NOTFOUND when there is
 * none. Two pages drawn at once may both read it; it is deleted once. */
enum px_err repo_flash_take(struct db *db, struct arena *a, const char *token_hash,
                            const char **kind, const char **message);
#endif
