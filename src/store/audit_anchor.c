/*
 * The audit anchor: the head of the audit chain (newest seq and hash) kept
 * outside the database and authenticated with a key that the database
 * does not hold, so that deleting the newest entries, or rewriting the
 * whole chain (anyone with write access can recompute SHA-256), is caught
 * by `parindex audit verify`. Contract: repo_audit.h; design and threat
 * model: docs/internals/audit.md.
 *
 * Files, for a SQLite database FILE (for PostgreSQL the key file K comes
 * from --audit-key or $PARINDEX_AUDIT_KEY, and the head is K without a
 * trailing ".audit-key", plus ".audit-head"):
 *   FILE.audit-key    32 random bytes (libsodium) as 64 hex digits and a
 *                     newline; mode 0600; created once, never replaced
 *   FILE.audit-head   "parindex audit head v1", then "seq N", "hash H",
 *                     "hmac M" (HMAC-SHA256 with the key over the magic,
 *                     seq and hash, joined by 0x1F) and "written T"
 *
 * Concurrency: every writer (server threads and CLI processes alike)
 * takes flock(LOCK_EX) on the key file, which is never replaced (the head
 * file is replaced by rename, so a lock on it would lock a dead inode),
 * reads the anchored head, reads the database's newest entry, and writes
 * a new head only when that entry is further than the anchored one AND
 * the entries between continue the anchored chain. So the anchor only
 * moves forward, and a truncated or rewritten chain is never anchored
 * (the anchor stays as evidence). Readers take LOCK_SH.
 *
 * Crash safety: the head is written to a temporary file, fsync'd, renamed
 * over the old one, and the directory fsync'd; the key likewise, but
 * link()ed into place so that two processes creating it at once cannot
 * overwrite each other. The anchor is written after the commit, so a
 * crash in between leaves it behind by that last transaction: verify
 * reports that as a warning, never as a failure.
 */
#include "store/repo_audit.h"
#include "base/clock.h"
#include "base/log.h"

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define KEY_BYTES crypto_auth_hmacsha256_KEYBYTES
#define HEAD_MAGIC "parindex audit head v1"

static const char *pg_key_file;
/* the connection whose open transaction (in this thread) appended entries */
static _Thread_local struct db *appended_on;

void audit_anchor_set_key_file(const char *path)
{
	pg_key_file = path && *path ? path : NULL;
}

void audit_anchor_note_append(struct db *db)
{
	appended_on = db;
}

struct paths {
	char key[4096];
	char head[4096];
	char dir[4096];
};

/* The key, head and directory paths; false when the database has none. */
static bool anchor_paths(struct db *db, struct paths *p)
{
	char base[4096];
	if (db_backend(db) == DB_SQLITE) {
		const char *f = db_file_path(db);
		if (!f)
			return false;
		if ((size_t)snprintf(base, sizeof base, "%s", f) >= sizeof base ||
		    (size_t)snprintf(p->key, sizeof p->key, "%s.audit-key", base) >= sizeof p->key)
			return false;
	} else {
		if (!pg_key_file)
			return false;
		if ((size_t)snprintf(p->key, sizeof p->key, "%s", pg_key_file) >= sizeof p->key)
			return false;
		snprintf(base, sizeof base, "%s", pg_key_file);
		size_t n = strlen(base), sl = strlen(".audit-key");
		if (n > sl && !strcmp(base + n - sl, ".audit-key"))
			base[n - sl] = '\0';
	}
	if ((size_t)snprintf(p->head, sizeof p->head, "%s.audit-head", base) >= sizeof p->head ||
	    strlen(p->key) + 16 >= sizeof p->key)
		return false;
	snprintf(p->dir, sizeof p->dir, "%s", p->head);
	char *slash = strrchr(p->dir, '/');
	if (!slash)
		snprintf(p->dir, sizeof p->dir, ".");
	else if (slash == p->dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	return true;
}

static void sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

static bool write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		s += w;
		n -= (size_t)w;
	}
	return true;
}

/* Reads at most cap - 1 bytes from the start of fd, NUL-terminated. */
static ssize_t read_small(int fd, char *buf, size_t cap)
{
	size_t got = 0;
	while (got < cap - 1) {
		ssize_t r = pread(fd, buf + got, cap - 1 - got, (off_t)got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	buf[got] = '\0';
	return (ssize_t)got;
}

static bool is_hex64(const char *s)
{
	for (int i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return s[64] == '\0';
}

/* Opens the key file, locks it (LOCK_SH or LOCK_EX) and reads the key.
 * Returns the locked descriptor, or -1 with *st saying why. */
static int open_key(const char *path, int lock, unsigned char key[KEY_BYTES],
                    enum audit_anchor_state *st)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*st = errno == ENOENT ? AUDIT_ANCHOR_NO_KEY : AUDIT_ANCHOR_BAD_KEY;
		return -1;
	}
	int rc = flock(fd, lock);
	while (rc != 0 && errno == EINTR)
		rc = flock(fd, lock);
	char buf[128];
	ssize_t n = rc == 0 ? read_small(fd, buf, sizeof buf) : -1;
	if (n == 65 && buf[64] == '\n')
		buf[--n] = '\0';
	size_t got = 0;
	bool ok = n == 64 && is_hex64(buf) &&
	          sodium_hex2bin(key, KEY_BYTES, buf, 64, NULL, &got, NULL) == 0 &&
	          got == KEY_BYTES;
	sodium_memzero(buf, sizeof buf);
	if (!ok) {
		close(fd);
		*st = AUDIT_ANCHOR_BAD_KEY;
		return -1;
	}
	*st = AUDIT_ANCHOR_OK;
	return fd;
}

static void head_mac(const unsigned char key[KEY_BYTES], const struct audit_head *h,
                     char out[65])
{
	char msg[160];
	int n = snprintf(msg, sizeof msg, HEAD_MAGIC "\x1f%lld\x1f%s", (long long)h->seq, h->hash);
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256(mac, (const unsigned char *)msg, (unsigned long long)n, key);
	sodium_bin2hex(out, 65, mac, sizeof mac);
}

/* One line "PREFIXvalue\n" of the head file at *p: the value (without
 * spaces, shorter than size) into out, or only the prefix when out is
 * NULL (the whole line must then equal it); advances *p. */
static bool head_line(const char **p, const char *prefix, char *out, size_t size)
{
	size_t k = strlen(prefix);
	if (strncmp(*p, prefix, k))
		return false;
	const char *v = *p + k, *end = strchr(v, '\n');
	if (!end)
		return false;
	size_t len = (size_t)(end - v);
	if (!out ? len != 0 : len == 0 || len >= size || memchr(v, ' ', len))
		return false;
	if (out) {
		memcpy(out, v, len);
		out[len] = '\0';
	}
	*p = end + 1;
	return true;
}

/* The line "seq N\n": N a decimal number without sign. */
static bool head_seq(const char **p, long long *seq)
{
	char digits[24];
	if (!head_line(p, "seq ", digits, sizeof digits))
		return false;
	long long v = 0;
	for (const char *d = digits; *d; d++) {
		if (*d < '0' || *d > '9' || v > (LLONG_MAX - 9) / 10)
			return false;
		v = v * 10 + (*d - '0');
	}
	*seq = v;
	return true;
}

/* Parses and authenticates the head file into a (head, hmac, written). */
static enum audit_anchor_state read_head_file(const char *path,
                                              const unsigned char key[KEY_BYTES],
                                              struct audit_anchor *a)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? AUDIT_ANCHOR_MISSING : AUDIT_ANCHOR_BAD;
	char buf[1024];
	ssize_t n = read_small(fd, buf, sizeof buf);
	close(fd);
	if (n <= 0 || (size_t)n >= sizeof buf - 1)
		return AUDIT_ANCHOR_BAD;
	buf[n] = '\0';
	/* exactly the five lines write_head writes, nothing more */
	char hash[80] = "", hmac[80] = "", written[32] = "";
	long long seq = -1;
	const char *p = buf;
	if (!head_line(&p, HEAD_MAGIC, NULL, 0) || !head_seq(&p, &seq) ||
	    !head_line(&p, "hash ", hash, sizeof hash) || !head_line(&p, "hmac ", hmac, sizeof hmac) ||
	    !head_line(&p, "written ", written, sizeof written) || *p || seq < 0 ||
	    !is_hex64(hash) || !is_hex64(hmac))
		return AUDIT_ANCHOR_BAD;
	a->head.seq = seq;
	memcpy(a->head.hash, hash, 65);
	a->head.at[0] = '\0';
	memcpy(a->hmac, hmac, 65);
	memcpy(a->written, written, sizeof a->written);
	char want[65];
	head_mac(key, &a->head, want);
	return sodium_memcmp(want, a->hmac, 64) == 0 ? AUDIT_ANCHOR_OK : AUDIT_ANCHOR_BAD;
}

/* Replaces the head file with h (temp file, fsync, rename, fsync dir). */
static enum px_err write_head(const struct paths *p, const unsigned char key[KEY_BYTES],
                              const struct audit_head *h, char *msg, size_t msgsize)
{
	char tmp[4200];
	snprintf(tmp, sizeof tmp, "%s.tmp%ld", p->head, (long)getpid());
	char mac[65], now[28];
	head_mac(key, h, mac);
	clock_iso_us(clock_now_us(), now);
	char text[400];
	int n = snprintf(text, sizeof text, HEAD_MAGIC "\nseq %lld\nhash %s\nhmac %s\nwritten %s\n",
	                 (long long)h->seq, h->hash, mac, now);
	enum px_err e = PX_FAIL;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		goto out;
	bool ok = write_all(fd, text, (size_t)n) && fsync(fd) == 0;
	if (close(fd) != 0 || !ok)
		goto out;
	if (rename(tmp, p->head) != 0)
		goto out;
	sync_dir(p->dir);
	e = PX_OK;
out:
	if (e != PX_OK) {
		snprintf(msg, msgsize, "không ghi được %s | cannot write %s: %s", p->head, p->head,
		         strerror(errno));
		unlink(tmp);
	}
	return e;
}

/* Creates the key file unless it exists. *created: this call made it. */
static enum px_err create_key(const struct paths *p, bool *created, char *msg, size_t msgsize)
{
	*created = false;
	unsigned char key[KEY_BYTES];
	char hex[2 * KEY_BYTES + 2];
	randombytes_buf(key, sizeof key);
	sodium_bin2hex(hex, sizeof hex, key, sizeof key);
	sodium_memzero(key, sizeof key);
	strcat(hex, "\n");
	char tmp[4200];
	snprintf(tmp, sizeof tmp, "%s.tmp%ld", p->key, (long)getpid());
	unlink(tmp); /* a leftover of a crashed process with our pid */
	enum px_err e = PX_FAIL;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		goto out;
	bool ok = fchmod(fd, 0600) == 0 && write_all(fd, hex, strlen(hex)) && fsync(fd) == 0;
	if (close(fd) != 0 || !ok)
		goto out;
	if (link(tmp, p->key) == 0)
		*created = true;
	else if (errno != EEXIST) /* EEXIST: another process was first; use its key */
		goto out;
	unlink(tmp);
	sync_dir(p->dir);
	e = PX_OK;
out:
	sodium_memzero(hex, sizeof hex);
	if (e != PX_OK) {
		snprintf(msg, msgsize, "không tạo được khóa %s | cannot create the key %s: %s",
		         p->key, p->key, strerror(errno));
		unlink(tmp);
	}
	return e;
}

/* Moves the anchor to the database's newest entry (see the top comment).
 * new_key: the key was just made, so a head file signed with another key
 * (or none) is replaced instead of kept as evidence. */
static enum px_err advance(struct db *db, const struct paths *p, bool new_key, char *msg,
                           size_t msgsize)
{
	unsigned char key[KEY_BYTES];
	enum audit_anchor_state ks;
	int fd = open_key(p->key, LOCK_EX, key, &ks);
	if (fd < 0) {
		if (ks == AUDIT_ANCHOR_NO_KEY)
			return PX_OK; /* not anchored; audit verify says so */
		snprintf(msg, msgsize, "không đọc được khóa %s | cannot read the key %s", p->key,
		         p->key);
		return PX_FAIL;
	}
	enum px_err e = PX_OK;
	struct audit_anchor a;
	enum audit_anchor_state hs = read_head_file(p->head, key, &a);
	struct audit_head h;
	if (audit_head(db, &h) != PX_OK) {
		snprintf(msg, msgsize, "%s", db_errmsg(db));
		e = PX_FAIL;
		goto out;
	}
	if (hs == AUDIT_ANCHOR_OK) {
		/* the head is read after the anchor, under the lock, and the
		 * anchor only follows commits: honestly, h.seq >= a.head.seq */
		if (h.seq < a.head.seq) {
			snprintf(msg, msgsize,
			         "nhật ký dừng ở mục %lld, trước mục đã neo %lld: các mục mới nhất đã bị "
			         "xóa | the log ends at entry %lld, before the anchored entry %lld: the "
			         "newest entries were deleted",
			         (long long)h.seq, (long long)a.head.seq, (long long)h.seq,
			         (long long)a.head.seq);
			e = PX_FAIL;
			goto out;
		}
		if (h.seq == a.head.seq && strcmp(h.hash, a.head.hash)) {
			snprintf(msg, msgsize,
			         "mục %lld khác với đầu neo: chuỗi đã bị viết lại | entry %lld differs "
			         "from the anchored head: the chain was rewritten",
			         (long long)h.seq, (long long)h.seq);
			e = PX_FAIL;
			goto out;
		}
		if (h.seq == a.head.seq)
			goto out; /* another writer anchored it already */
		bool ok;
		e = audit_continues(db, a.head.seq, a.head.hash, h.seq, &ok);
		if (e != PX_OK) {
			snprintf(msg, msgsize, "%s", db_errmsg(db));
			goto out;
		}
		if (!ok) {
			snprintf(msg, msgsize,
			         "mục %lld đã neo không còn trong chuỗi của CSDL; giữ nguyên neo, hãy chạy "
			         "parindex audit verify | the anchored entry %lld is no longer in the "
			         "database's chain; the anchor is kept, run parindex audit verify",
			         (long long)a.head.seq, (long long)a.head.seq);
			e = PX_FAIL;
			goto out;
		}
	} else if (!new_key && !(hs == AUDIT_ANCHOR_MISSING && h.seq == 0)) {
		snprintf(msg, msgsize,
		         "tệp neo %s bị mất hoặc bị sửa; không cập nhật | the anchor file %s is "
		         "missing or altered; not updated",
		         p->head, p->head);
		e = PX_FAIL;
		goto out;
	}
	e = write_head(p, key, &h, msg, msgsize);
out:
	sodium_memzero(key, sizeof key);
	close(fd);
	return e;
}

enum px_err audit_anchor_open(struct db *db, bool create_for_existing, char *msg,
                              size_t msgsize)
{
	if (sodium_init() < 0)
		return PX_FAIL;
	struct paths p;
	if (!anchor_paths(db, &p))
		return PX_OK;
	struct audit_head h;
	if (access(p.key, F_OK) == 0) {
		/* a crash between creating the key and its first anchor */
		if (access(p.head, F_OK) != 0 && errno == ENOENT && audit_head(db, &h) == PX_OK &&
		    h.seq == 0)
			return advance(db, &p, false, msg, msgsize);
		return PX_OK;
	}
	if (errno != ENOENT) {
		snprintf(msg, msgsize, "không đọc được khóa %s | cannot read the key %s: %s", p.key,
		         p.key, strerror(errno));
		return PX_FAIL;
	}
	if (audit_head(db, &h) != PX_OK) {
		snprintf(msg, msgsize, "%s", db_errmsg(db));
		return PX_FAIL;
	}
	if (h.seq > 0 && !create_for_existing)
		return PX_OK; /* entries but no key: only `init` may trust them */
	bool created;
	if (create_key(&p, &created, msg, msgsize) != PX_OK)
		return PX_FAIL;
	return advance(db, &p, created, msg, msgsize);
}

void audit_anchor_after_commit(struct db *db)
{
	if (!db || appended_on != db || db_in_transaction(db))
		return;
	appended_on = NULL;
	if (sodium_init() < 0)
		return;
	struct paths p;
	if (!anchor_paths(db, &p))
		return;
	char msg[600];
	if (advance(db, &p, false, msg, sizeof msg) != PX_OK)
		log_warn("neo nhật ký không được cập nhật | audit anchor not updated: %s", msg);
}

enum audit_anchor_state audit_anchor_read(struct db *db, struct audit_anchor *a)
{
	memset(a, 0, sizeof *a);
	if (sodium_init() < 0)
		return AUDIT_ANCHOR_BAD_KEY;
	struct paths p;
	if (!anchor_paths(db, &p))
		return AUDIT_ANCHOR_UNCONFIGURED;
	snprintf(a->key_path, sizeof a->key_path, "%s", p.key);
	snprintf(a->head_path, sizeof a->head_path, "%s", p.head);
	unsigned char key[KEY_BYTES];
	enum audit_anchor_state st;
	int fd = open_key(p.key, LOCK_SH, key, &st);
	if (fd < 0)
		return st;
	struct stat sb;
	if (fstat(fd, &sb) == 0)
		a->key_mode = sb.st_mode & 07777;
	st = read_head_file(p.head, key, a);
	sodium_memzero(key, sizeof key);
	close(fd);
	return st;
}

enum px_err audit_anchor_mac(struct db *db, const struct audit_head *h, char out[65])
{
	if (sodium_init() < 0)
		return PX_FAIL;
	struct paths p;
	if (!anchor_paths(db, &p))
		return PX_FAIL;
	unsigned char key[KEY_BYTES];
	enum audit_anchor_state st;
	int fd = open_key(p.key, LOCK_SH, key, &st);
	if (fd < 0)
		return PX_FAIL;
	head_mac(key, h, out);
	sodium_memzero(key, sizeof key);
	close(fd);
	return PX_OK;
}

enum px_err audit_check(struct db *db, const struct audit_head *witness,
                        struct audit_verdict *v)
{
	memset(v, 0, sizeof *v);
	v->anchor_state = audit_anchor_read(db, &v->anchor);
	struct audit_mark marks[2];
	int nm = 0;
	if (v->anchor_state == AUDIT_ANCHOR_OK) {
		marks[nm].seq = v->anchor.head.seq;
		memcpy(marks[nm++].hash, v->anchor.head.hash, 65);
	}
	if (witness) {
		marks[nm].seq = witness->seq;
		memcpy(marks[nm++].hash, witness->hash, 65);
	}
	if (audit_walk(db, marks, nm, &v->walk) != PX_OK)
		return PX_FAIL;
	v->witnessed = witness != NULL;
	if (witness)
		v->witness_mark = marks[nm - 1];
	bool witness_ok = witness && v->witness_mark.state == AUDIT_MARK_MATCHES;
	v->intact = v->walk.bad_seq == 0 && (!witness || witness_ok);
	switch (v->anchor_state) {
	case AUDIT_ANCHOR_OK:
		v->anchor_mark = marks[0];
		if (v->anchor_mark.state != AUDIT_MARK_MATCHES)
			v->intact = false;
		else if (v->walk.last.seq > v->anchor.head.seq)
			v->behind = v->walk.last.seq - v->anchor.head.seq;
		break;
	case AUDIT_ANCHOR_UNCONFIGURED:
	case AUDIT_ANCHOR_NO_KEY:
		v->intact = v->intact && witness_ok;
		break;
	default:
		v->intact = false;
	}
	return PX_OK;
}
