/*
 * Flash messages (flash.h). The session is named by the SHA-256 of its
 * cookie token, as web_session names it, so the cookie is never stored.
 */
#include "app/flash.h"
#include "base/arena.h"
#include "base/clock.h"
#include "store/repo_flash.h"

#include <sodium.h>
#include <string.h>

static void session_hash(const char *token, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(out, 65, h, sizeof h);
}

enum px_err app_flash_set(struct app *app, const char *session_token, bool error,
                          const char *message)
{
	if (!session_token || !*session_token || !message)
		return PX_NOTFOUND;
	size_t n = strlen(message);
	if (n > FLASH_MAX_BYTES) {
		n = FLASH_MAX_BYTES;
		while (n && ((unsigned char)message[n] & 0xC0) == 0x80)
			n--; /* not inside a UTF-8 sequence */
	}
	char *m = arena_alloc(app->arena, n + 1);
	memcpy(m, message, n);
	m[n] = 0;
	char hash[65], now[28], purge[28];
	session_hash(session_token, hash);
	int64_t us = clock_now_us();
	clock_iso_us(us, now);
	clock_iso_us(us - (int64_t)FLASH_PURGE_SECONDS * 1000000, purge);
	return repo_flash_put(app->db, hash, error ? "error" : "ok", m, now, purge);
}

enum px_err app_flash_take(struct app *app, const char *session_token, bool *error,
                           const char **message)
{
	*error = false;
	*message = NULL;
	if (!session_token || !*session_token)
		return PX_NOTFOUND;
	char hash[65];
	session_hash(session_token, hash);
	const char *kind;
	enum px_err e = repo_flash_take(app->db, app->arena, hash, &kind, message);
	if (e == PX_OK)
		*error = !strcmp(kind, "error");
	return e;
}
