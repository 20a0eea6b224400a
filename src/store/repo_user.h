/*
 * Storage of web users, their grants (0009_grants.sql), sessions, API
 * tokens, login throttling counters and settings (migration 0003_web.sql). Plain row access: hashing,
 * expiry rules and audit entries are app/user.c's. Writes run inside the
 * caller's transaction. Strings returned are in the arena given.
 */
#ifndef PARINDEX_STORE_REPO_USER_H
#define PARINDEX_STORE_REPO_USER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

struct arena;

struct user_rec {
	int64_t id;
	const char *login, *name, *role;
	const char *unit_code; /* NULL when the user has no unit */
	const char *lang;      /* "vi" or "en" */
	const char *created_at;
	bool disabled;
};

/* One grant: role over unit_code's subtree (NULL: the root, city-wide). */
struct grant_rec {
	int64_t id;
	const char *login, *role, *unit_code;
	const char *granted_at, *granted_by;
	const char *revoked_at, *revoked_by; /* NULL while active */
};

struct token_rec {
	int64_t id;
	const char *login, *label, *created_at;
	const char *revoked_at; /* NULL while valid */
};

struct audit_rec {
	int64_t seq;
	const char *at, *actor, *action, *entity, *key, *detail;
};

/* Inserts a user and its first grant (u->role over u->unit_code), granted
 * by `by`. */
enum px_err repo_user_insert(struct db *db, const struct user_rec *u, const char *hash,
                             const char *by, int64_t *id);
/* PX_NOTFOUND when there is no such login; *hash (may be NULL) gets the
 * password hash. */
enum px_err repo_user_get(struct db *db, struct arena *a, const char *login,
                          struct user_rec *out, const char **hash);
enum px_err repo_user_get_id(struct db *db, struct arena *a, int64_t id,
                             struct user_rec *out, const char **hash);
/* Every user, by login. */
enum px_err repo_user_list(struct db *db, struct arena *a, struct user_rec **out, size_t *n);
enum px_err repo_user_set_disabled(struct db *db, int64_t id, bool disabled);
enum px_err repo_user_set_lang(struct db *db, int64_t id, const char *lang);
enum px_err repo_user_set_password(struct db *db, int64_t id, const char *hash);
long repo_user_count(struct db *db);
/* Whether the register has a unit with this code. */
bool repo_user_unit_exists(struct db *db, const char *code);
/* Whether the unit's last day (valid_to) is before day (YYYY-MM-DD). */
bool repo_user_unit_ended(struct db *db, const char *code, const char *day);

/* Stores a new active grant of user_id. */
enum px_err repo_grant_insert(struct db *db, int64_t user_id, const char *role,
                              const char *unit_code, const char *at, const char *by,
                              int64_t *id);
/* Grants of login (NULL: every user's), active only or with the revoked
 * ones too; by login, then id (the first grant first). */
enum px_err repo_grant_list(struct db *db, struct arena *a, const char *login, bool active_only,
                            struct grant_rec **out, size_t *n);
/* Stamps grant id revoked (PX_NOTFOUND when it is not active). */
enum px_err repo_grant_revoke(struct db *db, int64_t id, const char *at, const char *by);
/* Sets the role/unit shown for a user (its first active grant). */
enum px_err repo_user_set_first_grant(struct db *db, int64_t id, const char *role,
                                      const char *unit_code);
/* Whether unit is ancestor or lies below it in the register on date
 * ("YYYY-MM-DD"): every unit on the way up, ancestor included, is valid
 * on that date. */
bool repo_unit_within(struct db *db, const char *unit, const char *ancestor, const char *date);

enum px_err repo_session_insert(struct db *db, const char *token_hash, int64_t user_id,
                                const char *csrf, const char *created, const char *expires);
/* The session's user (enabled only) and CSRF token, if the session is
 * valid at now (expires_at > now and last_seen > idle_since);
 * PX_NOTFOUND otherwise. *last_seen gets the last activity. */
enum px_err repo_session_get(struct db *db, struct arena *a, const char *token_hash,
                             const char *now, const char *idle_since, struct user_rec *user,
                             const char **csrf, const char **last_seen);
/* Records a session's activity; never waits for a writer (PX_FAIL when
 * the write lock is taken: the caller skips the touch). */
enum px_err repo_session_touch(struct db *db, const char *token_hash, const char *now);
enum px_err repo_session_delete(struct db *db, const char *token_hash);
/* Deletes every session of a user except keep_hash (NULL: all). */
enum px_err repo_session_delete_user(struct db *db, int64_t user_id, const char *keep_hash);
/* Deletes sessions expired at now or idle since before idle_since. */
enum px_err repo_session_purge(struct db *db, const char *now, const char *idle_since);

enum px_err repo_token_insert(struct db *db, const char *token_hash, int64_t user_id,
                              const char *label, const char *created, int64_t *id);
/* The user of a valid (not revoked, user enabled) token; PX_NOTFOUND. */
enum px_err repo_token_user(struct db *db, struct arena *a, const char *token_hash,
                            struct user_rec *user);
/* Revokes token id at `at`; PX_NOTFOUND when no such valid token. *login
 * gets its user's login. */
enum px_err repo_token_revoke(struct db *db, struct arena *a, int64_t id, const char *at,
                              const char **login);
/* Every token, newest first. */
enum px_err repo_token_list(struct db *db, struct arena *a, struct token_rec **out, size_t *n);

/* Failed sign-ins under key in the window that started at *window_start
 * ("" and 0 when none). */
enum px_err repo_attempt_get(struct db *db, struct arena *a, const char *key, long *failures,
                             const char **window_start);
enum px_err repo_attempt_put(struct db *db, const char *key, long failures,
                             const char *window_start);
enum px_err repo_attempt_delete(struct db *db, const char *key);

/* A setting's value, or NULL. */
const char *repo_setting_get(struct db *db, struct arena *a, const char *name);
enum px_err repo_setting_put(struct db *db, const char *name, const char *value);
enum px_err repo_setting_delete(struct db *db, const char *name);

/* Audit entries newest first, from offset (a page of the admin's audit
 * view; reads only, so it lives beside the web's other reads rather than
 * in repo_audit.c). *total gets the number of entries. */
enum px_err repo_audit_page(struct db *db, struct arena *a, long offset, long limit,
                            struct audit_rec **out, size_t *n, long *total);
#endif
