/*
 * Users, sign-in, sessions and API tokens; see user.h.
 *
 * Passwords: argon2id with libsodium's interactive limits (64 MiB, about
 * 0.1 s); at most PWHASH_CONCURRENCY hashes run at once, so a burst of
 * sign-ins cannot exhaust memory. A sign-in for a login that does not
 * exist verifies against a dummy hash, so both answers take the same time.
 * Tokens (sessions, API) are 32 random bytes; the database keeps their
 * SHA-256, so a stolen copy of it signs nobody in.
 */
#include "app/user.h"
#include "base/clock.h"
#include "base/arena.h"
#include "base/datetime.h"
#include "base/str.h"
#include "core/roles.h"
#include "store/repo_audit.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define PWHASH_CONCURRENCY 2
#define API_TOKEN_PREFIX "pxt_"

/* ---- helpers ---- */

static void iso_utc(int64_t t, char out[21])
{
	clock_iso(t, out);
}

static void sha256_hex(const char *s, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
	sodium_bin2hex(out, 65, h, sizeof h);
}

static char *random_token(struct arena *a, const char *prefix)
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	size_t n = sodium_base64_ENCODED_LEN(sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char b64[64];
	sodium_bin2base64(b64, n, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
	return arena_printf(a, "%s%s", prefix, b64);
}

/* A token as we issue it: prefix + 43 base64url characters. */
static bool token_shape_ok(const char *t, const char *prefix)
{
	size_t pl = strlen(prefix);
	if (!t || strncmp(t, prefix, pl) || strlen(t) != pl + 43)
		return false;
	for (const char *p = t + pl; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return false;
	return true;
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

static pthread_mutex_t hash_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t hash_cv = PTHREAD_COND_INITIALIZER;
static int hash_running;

static void hash_enter(void)
{
	pthread_mutex_lock(&hash_mu);
	while (hash_running >= PWHASH_CONCURRENCY)
		pthread_cond_wait(&hash_cv, &hash_mu);
	hash_running++;
	pthread_mutex_unlock(&hash_mu);
}

static void hash_leave(void)
{
	pthread_mutex_lock(&hash_mu);
	hash_running--;
	pthread_cond_signal(&hash_cv);
	pthread_mutex_unlock(&hash_mu);
}

/* argon2id of password into out; false when libsodium fails (memory). */
static bool password_hash(const char *password, char out[crypto_pwhash_STRBYTES])
{
	if (sodium_init() < 0)
		return false;
	hash_enter();
	int rc = crypto_pwhash_str(out, password, strlen(password),
	                           crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                           crypto_pwhash_MEMLIMIT_INTERACTIVE);
	hash_leave();
	return rc == 0;
}

static bool password_verify(const char *hash, const char *password)
{
	hash_enter();
	int rc = crypto_pwhash_str_verify(hash, password, strlen(password));
	hash_leave();
	return rc == 0;
}

static char dummy_hash[crypto_pwhash_STRBYTES];
static void dummy_init(void)
{
	char pw[33];
	unsigned char raw[16];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(pw, sizeof pw, raw, sizeof raw);
	if (!password_hash(pw, dummy_hash))
		dummy_hash[0] = 0;
}

static bool login_valid(const char *login)
{
	size_t n = strlen(login);
	if (n == 0 || n > 64)
		return false;
	for (const char *p = login; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' ||
		      *p == '_' || *p == '-'))
			return false;
	return true;
}

const char *app_login_normal(struct arena *a, const char *login)
{
	char *c = arena_strdup(a, login ? login : "");
	for (char *p = c; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return c;
}

/* Runs the audit append and commit of a change; rolls back on failure. */
static enum px_err finish(struct app *app, enum px_err e, const char *actor, const char *action,
                          const char *entity, const char *key, const char *detail)
{
	if (e == PX_OK)
		e = audit_append(app->db, actor, action, entity, key, detail);
	if (e == PX_OK)
		e = db_commit(app->db);
	if (e == PX_OK)
		audit_anchor_after_commit(app->db);
	if (e != PX_OK)
		db_rollback(app->db);
	return e;
}

/* ---- users ---- */

/* The checks of a grant (role, unit; unit already NULL for ""), into d. */
static void grant_check(struct app *app, const char *role, const char *unit_code,
                        struct diags *d)
{
	if (!role || !role_valid(role))
		diag_add(d, DIAG_ERROR, NULL, 0, 0, "role",
		         "vai trò không hợp lệ \"%s\"; dùng admin, office, appraiser, reporter, inspector, leader hoặc staff",
		         "unknown role \"%s\"; use admin, office, appraiser, reporter, inspector, leader or staff",
		         role ? role : "");
	if (role && role_valid(role) && role_needs_unit(role) && !unit_code)
		diag_add(d, DIAG_ERROR, NULL, 0, 0, "unit",
		         "vai trò %s cần một đơn vị (--unit CODE)", "the role %s needs a unit (--unit CODE)",
		         role);
	/* users, grants and settings are the whole installation's */
	if (role && !strcmp(role, "admin") && unit_code)
		diag_text(d, DIAG_ERROR, NULL, 0, 0, "unit",
		          "vai trò admin chỉ cấp cho toàn thành phố (không ghi --unit)",
		          "the admin role is city-wide only (no --unit)");
	if (unit_code && !repo_user_unit_exists(app->db, unit_code))
		diag_add(d, DIAG_ERROR, NULL, 0, 0, "unit", "không có đơn vị mã \"%s\"",
		         "there is no unit with code \"%s\"", unit_code);
	char today[11];
	date_format(clock_today(), today);
	if (unit_code && repo_user_unit_ended(app->db, unit_code, today))
		diag_add(d, DIAG_ERROR, NULL, 0, 0, "unit",
		         "đơn vị \"%s\" đã chấm dứt hoạt động (valid_to trước %s): không cấp quyền cho đơn vị không còn tồn tại",
		         "unit \"%s\" has ended (valid_to before %s): no grant over a unit that no longer exists",
		         unit_code, today);
}

/* {"role": ..., "unit": ... or null, "grant": id} */
static char *grant_detail(struct arena *a, const char *role, const char *unit, int64_t id)
{
	struct str det;
	str_init(&det, 0);
	str_adds(&det, "{\"role\": ");
	str_add_json(&det, role);
	str_adds(&det, ", \"unit\": ");
	if (unit)
		str_add_json(&det, unit);
	else
		str_adds(&det, "null");
	str_printf(&det, ", \"grant\": %lld}", (long long)id);
	char *r = arena_strdup(a, str_cstr(&det));
	str_free(&det);
	return r;
}

static bool same_unit(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* The active grant of u equal to (role, unit), or NULL; *n_active gets
 * how many u holds. */
static const struct grant_rec *active_grant(struct app *app, const char *login, const char *role,
                                            const char *unit, struct grant_rec **all,
                                            size_t *n_active, enum px_err *e)
{
	*e = repo_grant_list(app->db, app->arena, login, true, all, n_active);
	if (*e != PX_OK)
		return NULL;
	for (size_t i = 0; i < *n_active; i++)
		if (!strcmp((*all)[i].role, role) && same_unit((*all)[i].unit_code, unit))
			return &(*all)[i];
	return NULL;
}

/* The user a grant is given to or taken from (login normalised); an
 * unknown login is named in d. */
static enum px_err grant_user(struct app *app, const char *login, struct user_rec *u,
                              struct diags *d)
{
	login = app_login_normal(app->arena, login);
	enum px_err e = repo_user_get(app->db, app->arena, login, u, NULL);
	if (e == PX_NOTFOUND)
		diag_add(d, DIAG_ERROR, NULL, 0, 0, "login", "không có người dùng \"%s\"",
		         "no user \"%s\"", login);
	return e;
}

enum px_err app_user_grant(struct app *app, const char *login, const char *role,
                           const char *unit_code, struct diags *d)
{
	struct user_rec u;
	if (unit_code && !*unit_code)
		unit_code = NULL;
	enum px_err e = grant_user(app, login, &u, d);
	if (e != PX_OK)
		return e;
	size_t errors = d->errors;
	grant_check(app, role, unit_code, d);
	if (d->errors > errors)
		return PX_BADINPUT;
	e = db_begin(app->db);
	if (e != PX_OK)
		return e;
	struct grant_rec *all;
	size_t n;
	if (active_grant(app, u.login, role, unit_code, &all, &n, &e)) {
		db_rollback(app->db);
		diag_add(d, DIAG_ERROR, NULL, 0, 0, "role", "người dùng \"%s\" đã có quyền %s tại %s",
		         "the user \"%s\" already holds %s over %s", u.login, role,
		         unit_code ? unit_code : "(toàn thành phố / city-wide)");
		return PX_BADINPUT;
	}
	char now[21];
	iso_utc(clock_now(), now);
	int64_t id = 0;
	if (e == PX_OK)
		e = repo_grant_insert(app->db, u.id, role, unit_code, now, app->actor, &id);
	e = finish(app, e, app->actor, "grant", "user", u.login,
	           grant_detail(app->arena, role, unit_code, id));
	if (e != PX_OK)
		diag_add(d, DIAG_ERROR, NULL, 0, 0, NULL, "lỗi CSDL: %s", "database error: %s",
		         db_errmsg(app->db));
	return e;
}

enum px_err app_user_revoke(struct app *app, const char *login, const char *role,
                            const char *unit_code, struct diags *d)
{
	struct user_rec u;
	if (unit_code && !*unit_code)
		unit_code = NULL;
	enum px_err e = grant_user(app, login, &u, d);
	if (e != PX_OK)
		return e;
	if (!role)
		role = "";
	e = db_begin(app->db);
	if (e != PX_OK)
		return e;
	struct grant_rec *all;
	size_t n;
	const struct grant_rec *g = active_grant(app, u.login, role, unit_code, &all, &n, &e);
	if (e == PX_OK && !g) {
		db_rollback(app->db);
		diag_add(d, DIAG_ERROR, NULL, 0, 0, "role", "người dùng \"%s\" không có quyền %s tại %s",
		         "the user \"%s\" holds no %s over %s", u.login, role,
		         unit_code ? unit_code : "(toàn thành phố / city-wide)");
		return PX_NOTFOUND;
	}
	if (e == PX_OK && n == 1) {
		db_rollback(app->db);
		diag_add(d, DIAG_ERROR, NULL, 0, 0, "role",
		         "đây là quyền cuối cùng của \"%s\"; muốn chặn người dùng thì dùng user disable",
		         "this is the last grant of \"%s\"; to shut the user out, use user disable",
		         u.login);
		return PX_BADINPUT;
	}
	char now[21];
	iso_utc(clock_now(), now);
	int64_t id = e == PX_OK ? g->id : 0;
	if (e == PX_OK)
		e = repo_grant_revoke(app->db, id, now, app->actor);
	/* the role and unit shown for the user: its first remaining grant */
	const struct grant_rec *first = NULL;
	for (size_t i = 0; e == PX_OK && i < n && !first; i++)
		if (all[i].id != id)
			first = &all[i];
	if (first)
		e = repo_user_set_first_grant(app->db, u.id, first->role, first->unit_code);
	e = finish(app, e, app->actor, "revoke", "user", u.login,
	           grant_detail(app->arena, role, unit_code, id));
	if (e != PX_OK)
		diag_add(d, DIAG_ERROR, NULL, 0, 0, NULL, "lỗi CSDL: %s", "database error: %s",
		         db_errmsg(app->db));
	return e;
}

enum px_err app_grant_list(struct app *app, const char *login, bool all, struct grant_rec **out,
                           size_t *n)
{
	if (login)
		login = app_login_normal(app->arena, login);
	return repo_grant_list(app->db, app->arena, login, !all, out, n);
}

enum px_err app_user_add(struct app *app, const char *login, const char *name,
                         const char *role, const char *unit_code, const char *password,
                         const char *lang, struct diags *d)
{
	size_t errors = d->errors;
	const char *lg = app_login_normal(app->arena, login);
	if (!login_valid(lg))
		diag_text(d, DIAG_ERROR, NULL, 0, 0, "login",
		          "tên đăng nhập cần 1-64 ký tự a-z, 0-9, dấu chấm, gạch dưới hoặc gạch ngang",
		          "a login needs 1-64 characters a-z, 0-9, dot, underscore or hyphen");
	if (unit_code && !*unit_code)
		unit_code = NULL;
	grant_check(app, role, unit_code, d);
	if (!password || utf8_chars(password) < USER_MIN_PASSWORD)
		diag_add(d, DIAG_ERROR, NULL, 0, 0, "password", "mật khẩu cần ít nhất %d ký tự",
		         "a password needs at least %d characters", USER_MIN_PASSWORD);
	else if (strlen(password) > USER_MAX_PASSWORD)
		diag_add(d, DIAG_ERROR, NULL, 0, 0, "password", "mật khẩu dài quá %d byte",
		         "a password may have at most %d bytes", USER_MAX_PASSWORD);
	if (lang && strcmp(lang, "vi") && strcmp(lang, "en"))
		diag_text(d, DIAG_ERROR, NULL, 0, 0, "lang", "ngôn ngữ là vi hoặc en",
		          "the language is vi or en");
	if (name && strlen(name) > 200)
		diag_text(d, DIAG_ERROR, NULL, 0, 0, "name", "họ tên dài quá 200 byte",
		          "a name may have at most 200 bytes");
	struct user_rec existing;
	if (d->errors == errors && repo_user_get(app->db, app->arena, lg, &existing, NULL) == PX_OK)
		diag_add(d, DIAG_ERROR, NULL, 0, 0, "login", "tên đăng nhập \"%s\" đã có",
		         "the login \"%s\" is taken", lg);
	if (d->errors > errors)
		return PX_BADINPUT;

	char hash[crypto_pwhash_STRBYTES];
	if (!password_hash(password, hash)) {
		diag_text(d, DIAG_ERROR, NULL, 0, 0, NULL, "không băm được mật khẩu (thiếu bộ nhớ)",
		          "cannot hash the password (out of memory)");
		return PX_FAIL;
	}
	char now[21];
	iso_utc(clock_now(), now);
	struct user_rec u = {0, lg, name && *name ? name : lg, role, unit_code,
	                     lang ? lang : "vi", now, false};
	struct str det;
	str_init(&det, 0);
	str_adds(&det, "{\"role\": ");
	str_add_json(&det, role);
	str_adds(&det, ", \"unit\": ");
	if (unit_code)
		str_add_json(&det, unit_code);
	else
		str_adds(&det, "null");
	str_adds(&det, ", \"name\": ");
	str_add_json(&det, u.name);
	str_adds(&det, "}");
	int64_t id;
	enum px_err e = db_begin(app->db);
	if (e == PX_OK)
		e = repo_user_insert(app->db, &u, hash, app->actor, &id);
	e = finish(app, e, app->actor, "create", "user", lg, str_cstr(&det));
	str_free(&det);
	sodium_memzero(hash, sizeof hash);
	if (e != PX_OK)
		diag_add(d, DIAG_ERROR, NULL, 0, 0, NULL, "lỗi CSDL: %s", "database error: %s",
		         db_errmsg(app->db));
	return e;
}

enum px_err app_user_list(struct app *app, struct user_rec **out, size_t *n)
{
	return repo_user_list(app->db, app->arena, out, n);
}

enum px_err app_user_disable(struct app *app, const char *login)
{
	struct user_rec u;
	login = app_login_normal(app->arena, login);
	enum px_err e = repo_user_get(app->db, app->arena, login, &u, NULL);
	if (e != PX_OK)
		return e;
	e = db_begin(app->db);
	if (e == PX_OK)
		e = repo_user_set_disabled(app->db, u.id, true);
	if (e == PX_OK)
		e = repo_session_delete_user(app->db, u.id, NULL);
	return finish(app, e, app->actor, "disable", "user", u.login, "");
}

enum px_err app_user_set_lang(struct app *app, int64_t user_id, const char *lang)
{
	if (strcmp(lang, "vi") && strcmp(lang, "en"))
		return PX_USAGE;
	struct user_rec u;
	enum px_err e = repo_user_get_id(app->db, app->arena, user_id, &u, NULL);
	if (e != PX_OK || !strcmp(u.lang, lang))
		return e;
	e = db_begin(app->db);
	if (e == PX_OK)
		e = repo_user_set_lang(app->db, user_id, lang);
	return finish(app, e, app->actor, "update", "user", u.login,
	              !strcmp(lang, "en") ? "{\"lang\": \"en\"}" : "{\"lang\": \"vi\"}");
}

/* ---- sign-in and sessions ---- */

/* Whether key has reached max failures in the current window. */
static bool throttled(struct app *app, const char *key, long max, const char *window_since)
{
	long failures;
	const char *ws;
	if (repo_attempt_get(app->db, app->arena, key, &failures, &ws) != PX_OK)
		return false;
	return failures >= max && strcmp(ws, window_since) > 0;
}

/* Counts one failure for each of the n keys, in one transaction. */
static void record_failures(struct app *app, const char *const *keys, size_t n,
                            const char *now, const char *window_since)
{
	if (db_begin(app->db) != PX_OK)
		return;
	enum px_err e = PX_OK;
	for (size_t i = 0; i < n && e == PX_OK; i++) {
		long failures;
		const char *ws;
		e = repo_attempt_get(app->db, app->arena, keys[i], &failures, &ws);
		if (e == PX_OK) {
			if (strcmp(ws, window_since) > 0)
				e = repo_attempt_put(app->db, keys[i], failures + 1, ws);
			else
				e = repo_attempt_put(app->db, keys[i], 1, now);
		}
	}
	if (e == PX_OK)
		e = db_commit(app->db);
	if (e != PX_OK)
		db_rollback(app->db);
}

enum login_result app_login(struct app *app, const char *login, const char *password,
                            const char *addr, struct session *out)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	if (sodium_init() < 0)
		return LOGIN_ERROR;
	pthread_once(&once, dummy_init);
	memset(out, 0, sizeof *out);
	if (!login)
		login = "";
	if (!password)
		password = "";
	if (strlen(login) > 64)
		login = "";
	const char *lg = app_login_normal(app->arena, login);
	int64_t now_t = clock_now();
	char now[21], window_since[21], idle_since[21], expires[21];
	iso_utc(now_t, now);
	iso_utc(now_t - LOGIN_WINDOW_SECONDS, window_since);
	iso_utc(now_t - SESSION_IDLE_SECONDS, idle_since);
	iso_utc(now_t + SESSION_MAX_SECONDS, expires);
	/* Refusals are per (address, login) and per address only: failures
	 * for a login from other addresses never refuse the right password
	 * (else anyone could lock anyone out, admin included); they only
	 * slow the login down a little. */
	if (!addr)
		addr = "";
	const char *pair_key = arena_printf(app->arena, "pair:%s|%s", addr, lg);
	const char *addr_key = arena_printf(app->arena, "addr:%s", addr);
	const char *login_key = arena_printf(app->arena, "login:%s", lg);
	if (throttled(app, pair_key, LOGIN_MAX_FAILURES_LOGIN, window_since) ||
	    throttled(app, addr_key, LOGIN_MAX_FAILURES_ADDR, window_since))
		return LOGIN_THROTTLED;
	if (throttled(app, login_key, LOGIN_MAX_FAILURES_LOGIN, window_since)) {
		struct timespec delay = {0, LOGIN_SLOW_DELAY_MS * 1000L * 1000L};
		nanosleep(&delay, NULL);
	}

	struct user_rec u = {0};
	const char *hash = NULL;
	enum px_err e = login_valid(lg) ? repo_user_get(app->db, app->arena, lg, &u, &hash)
	                                : PX_NOTFOUND;
	if (e == PX_FAIL)
		return LOGIN_ERROR;
	bool found = e == PX_OK;
	if (!found)
		hash = dummy_hash;
	bool ok = strlen(password) <= USER_MAX_PASSWORD && hash[0] &&
	          password_verify(hash, password) && found && !u.disabled;
	if (!ok) {
		const char *keys[] = {pair_key, addr_key, login_key};
		record_failures(app, keys, 3, now, window_since);
		return LOGIN_BAD;
	}
	char token_hash[65];
	const char *token = random_token(app->arena, "");
	const char *csrf = random_token(app->arena, "");
	sha256_hex(token, token_hash);
	char *detail = NULL;
	{
		struct str det;
		str_init(&det, 4096);
		str_adds(&det, "{\"addr\": ");
		str_add_json(&det, addr ? addr : "");
		str_adds(&det, "}");
		detail = arena_strdup(app->arena, str_cstr(&det));
		str_free(&det);
	}
	e = db_begin(app->db);
	if (e == PX_OK)
		e = repo_attempt_delete(app->db, pair_key);
	if (e == PX_OK)
		e = repo_session_purge(app->db, now, idle_since);
	if (e == PX_OK)
		e = repo_session_insert(app->db, token_hash, u.id, csrf, now, expires);
	e = finish(app, e, u.login, "login", "session", u.login, detail);
	if (e != PX_OK)
		return LOGIN_ERROR;
	out->token = token;
	out->csrf = csrf;
	out->user = u;
	return LOGIN_OK;
}

enum px_err app_session_lookup(struct app *app, const char *token, struct session *out)
{
	memset(out, 0, sizeof *out);
	if (!token_shape_ok(token, ""))
		return PX_NOTFOUND;
	char token_hash[65];
	sha256_hex(token, token_hash);
	int64_t now_t = clock_now();
	char now[21], idle_since[21], touch_before[21];
	iso_utc(now_t, now);
	iso_utc(now_t - SESSION_IDLE_SECONDS, idle_since);
	iso_utc(now_t - 60, touch_before);
	const char *last_seen;
	enum px_err e = repo_session_get(app->db, app->arena, token_hash, now, idle_since,
	                                 &out->user, &out->csrf, &last_seen);
	if (e != PX_OK)
		return e;
	if (strcmp(last_seen, touch_before) < 0)
		repo_session_touch(app->db, token_hash, now); /* best effort */
	return PX_OK;
}

enum px_err app_logout(struct app *app, const char *token)
{
	struct session s;
	if (app_session_lookup(app, token, &s) != PX_OK)
		return PX_NOTFOUND;
	char token_hash[65];
	sha256_hex(token, token_hash);
	enum px_err e = db_begin(app->db);
	if (e == PX_OK)
		e = repo_session_delete(app->db, token_hash);
	return finish(app, e, s.user.login, "logout", "session", s.user.login, "");
}

enum px_err app_password_change(struct app *app, int64_t user_id, const char *current,
                                const char *new_password, const char *keep_token,
                                struct diags *d)
{
	struct user_rec u;
	const char *hash;
	enum px_err e = repo_user_get_id(app->db, app->arena, user_id, &u, &hash);
	if (e != PX_OK)
		return e;
	if (!current || strlen(current) > USER_MAX_PASSWORD || !password_verify(hash, current))
		return PX_DENIED;
	if (!new_password || utf8_chars(new_password) < USER_MIN_PASSWORD) {
		diag_add(d, DIAG_ERROR, NULL, 0, 0, "password", "mật khẩu cần ít nhất %d ký tự",
		         "a password needs at least %d characters", USER_MIN_PASSWORD);
		return PX_BADINPUT;
	}
	if (strlen(new_password) > USER_MAX_PASSWORD) {
		diag_add(d, DIAG_ERROR, NULL, 0, 0, "password", "mật khẩu dài quá %d byte",
		         "a password may have at most %d bytes", USER_MAX_PASSWORD);
		return PX_BADINPUT;
	}
	char nh[crypto_pwhash_STRBYTES];
	if (!password_hash(new_password, nh))
		return PX_FAIL;
	char keep[65] = "";
	if (keep_token)
		sha256_hex(keep_token, keep);
	e = db_begin(app->db);
	if (e == PX_OK)
		e = repo_user_set_password(app->db, user_id, nh);
	if (e == PX_OK)
		e = repo_session_delete_user(app->db, user_id, keep_token ? keep : NULL);
	sodium_memzero(nh, sizeof nh);
	return finish(app, e, app->actor, "update", "user", u.login, "{\"field\": \"password\"}");
}

/* ---- API tokens ---- */

enum px_err app_token_create(struct app *app, const char *login, const char *label,
                             int64_t *id, const char **token)
{
	if (sodium_init() < 0)
		return PX_FAIL;
	struct user_rec u;
	login = app_login_normal(app->arena, login);
	enum px_err e = repo_user_get(app->db, app->arena, login, &u, NULL);
	if (e != PX_OK)
		return e;
	if (!label)
		label = "";
	const char *t = random_token(app->arena, API_TOKEN_PREFIX);
	char th[65];
	sha256_hex(t, th);
	char now[21];
	iso_utc(clock_now(), now);
	e = db_begin(app->db);
	if (e == PX_OK)
		e = repo_token_insert(app->db, th, u.id, label, now, id);
	struct str det;
	str_init(&det, 0);
	str_adds(&det, "{\"login\": ");
	str_add_json(&det, u.login);
	str_adds(&det, ", \"label\": ");
	str_add_json(&det, label);
	str_adds(&det, "}");
	char key[32];
	snprintf(key, sizeof key, "%lld", e == PX_OK ? (long long)*id : 0LL);
	e = finish(app, e, app->actor, "create", "api_token", key, str_cstr(&det));
	str_free(&det);
	if (e == PX_OK)
		*token = t;
	return e;
}

enum px_err app_token_revoke(struct app *app, int64_t id)
{
	char now[21];
	iso_utc(clock_now(), now);
	const char *login = "";
	enum px_err e = db_begin(app->db);
	if (e != PX_OK)
		return e;
	e = repo_token_revoke(app->db, app->arena, id, now, &login);
	if (e == PX_NOTFOUND) {
		db_rollback(app->db);
		return e;
	}
	char key[32];
	snprintf(key, sizeof key, "%lld", (long long)id);
	struct str det;
	str_init(&det, 0);
	str_adds(&det, "{\"login\": ");
	str_add_json(&det, login);
	str_adds(&det, "}");
	e = finish(app, e, app->actor, "revoke", "api_token", key, str_cstr(&det));
	str_free(&det);
	return e;
}

enum px_err app_token_lookup(struct app *app, const char *token, struct user_rec *out)
{
	if (!token_shape_ok(token, API_TOKEN_PREFIX))
		return PX_NOTFOUND;
	char th[65];
	sha256_hex(token, th);
	return repo_token_user(app->db, app->arena, th, out);
}

enum px_err app_token_list(struct app *app, struct token_rec **out, size_t *n)
{
	return repo_token_list(app->db, app->arena, out, n);
}

/* ---- one's own tokens (the web's token page) ---- */

enum px_err app_token_list_of(struct app *app, const char *login, struct token_rec **out,
                              size_t *n)
{
	struct token_rec *all;
	size_t na;
	*n = 0;
	enum px_err e = repo_token_list(app->db, app->arena, &all, &na);
	if (e != PX_OK)
		return e;
	login = app_login_normal(app->arena, login);
	*out = arena_array(app->arena, na + 1, sizeof **out);
	for (size_t i = 0; i < na; i++)
		if (!strcmp(all[i].login, login))
			(*out)[(*n)++] = all[i];
	return PX_OK;
}

enum px_err app_token_revoke_of(struct app *app, const char *login, bool any_user, int64_t id)
{
	struct token_rec *v;
	size_t n;
	enum px_err e = any_user ? repo_token_list(app->db, app->arena, &v, &n)
	                         : app_token_list_of(app, login, &v, &n);
	if (e != PX_OK)
		return e;
	for (size_t i = 0; i < n; i++)
		if (v[i].id == id && !v[i].revoked_at)
			return app_token_revoke(app, id);
	return PX_NOTFOUND; /* someone else's token does not exist for this user */
}

/* ---- demo, settings, audit ---- */

const char *const app_demo_logins[][3] = {
	{"admin", "admin", NULL},
	{"office", "office", NULL},
	{"leader", "leader", NULL},
	{"appraiser", "appraiser", NULL},
	{"inspector", "inspector", NULL},
	{"reporter", "reporter", "SO-NV"},
	{"reporter-xa", "reporter", "X-DAI-THANH"},
	{"staff", "staff", "SO-NV"},
	{"office-vhtt", "office", "SO-VHTT"},
	{NULL, NULL, NULL},
};

static const char *const demo_names[] = {
	"Quản trị hệ thống",
	"Phòng Cải cách hành chính, Sở Nội vụ",
	"Lãnh đạo UBND Thành phố",
	"Thành viên Hội đồng thẩm định",
	"Thanh tra viên Sở Nội vụ",
	"Đầu mối CCHC Sở Nội vụ",
	"Đầu mối CCHC Xã Đại Thanh",
	"Chuyên viên Sở Nội vụ",
	"Bộ phận CCHC, Sở Văn hóa và Thể thao",
};

enum px_err app_demo_users(struct app *app, struct diags *d)
{
	char hash[crypto_pwhash_STRBYTES];
	if (!password_hash(DEMO_PASSWORD, hash)) {
		diag_text(d, DIAG_ERROR, NULL, 0, 0, NULL, "không băm được mật khẩu (thiếu bộ nhớ)",
		          "cannot hash the password (out of memory)");
		return PX_FAIL;
	}
	char now[21];
	iso_utc(clock_now(), now);
	enum px_err e = db_begin(app->db);
	for (size_t i = 0; e == PX_OK && app_demo_logins[i][0]; i++) {
		const char *login = app_demo_logins[i][0], *unit = app_demo_logins[i][2];
		struct user_rec old;
		if (repo_user_get(app->db, app->arena, login, &old, NULL) == PX_OK)
			continue;
		if (unit && !repo_user_unit_exists(app->db, unit))
			continue;
		struct user_rec u = {0, login, demo_names[i], app_demo_logins[i][1], unit, "vi",
		                     now, false};
		int64_t id;
		e = repo_user_insert(app->db, &u, hash, app->actor, &id);
		struct str det;
		str_init(&det, 0);
		str_adds(&det, "{\"role\": ");
		str_add_json(&det, u.role);
		str_adds(&det, ", \"unit\": ");
		if (unit)
			str_add_json(&det, unit);
		else
			str_adds(&det, "null");
		str_adds(&det, ", \"name\": ");
		str_add_json(&det, u.name);
		str_adds(&det, "}");
		if (e == PX_OK)
			e = audit_append(app->db, app->actor, "create", "user", login, str_cstr(&det));
		str_free(&det);
	}
	if (e == PX_OK)
		e = repo_setting_put(app->db, "demo", "1");
	e = finish(app, e, app->actor, "update", "setting", "demo", "{\"value\": \"1\"}");
	if (e != PX_OK)
		diag_add(d, DIAG_ERROR, NULL, 0, 0, NULL, "lỗi CSDL: %s", "database error: %s",
		         db_errmsg(app->db));
	return e;
}

const char *app_setting_get(struct app *app, const char *name)
{
	return repo_setting_get(app->db, app->arena, name);
}

enum px_err app_audit_page(struct app *app, long offset, long limit, struct audit_rec **out,
                           size_t *n, long *total)
{
	return repo_audit_page(app->db, app->arena, offset, limit, out, n, total);
}
