/*
 * The HTTP server on GNU libmicrohttpd (MHD): a pool of worker threads,
 * each polling its share of the connections with epoll; a request runs
 * from start to end on one worker, so everything it touches is that
 * worker's: its arena (freed when MHD is done with the request) and its
 * database connection (struct db is not thread-safe: one per worker,
 * opened at its first request, closed when the thread ends).
 *
 * Bodies are read only after router_begin has authenticated the request,
 * matched its route and checked the capability (an anonymous client gets
 * its redirect or 401 without a byte of body being kept), and only up to
 * the route's limit (router_body_limit: 64 KiB for forms and JSON, the
 * upload limit for upload routes): a Content-Length over it is answered
 * 413 at once; a streamed body that passes it closes the connection (MHD
 * cannot queue a response in the middle of a body).
 *
 * Limits on the head: request line + headers over HTTP_MAX_HEADER_BYTES
 * are answered 431 here; what does not even fit in MHD's connection pool
 * (CONN_MEMORY) MHD answers 431/414 itself. MHD's own parsing of query
 * arguments is switched off (uri_logger): it takes a record per argument
 * from the pool, and 250 of them exhausted it and left the request
 * without an answer; we parse the query ourselves (http.c, at most
 * HTTP_MAX_FIELDS).
 *
 * Lingering close: a connection closed while the client's bytes are still
 * unread would be reset by the kernel, and the reset can destroy the 431
 * or 413 on its way. Such a socket is kept (a dup) by one linger thread
 * that half-closes it and reads and drops what comes for up to
 * LINGER_MS, as web servers do (nginx's lingering_close).
 *
 * A handler that fails answers 500 and the server goes on; only a bug the
 * code cannot survive (an abort) stops it.
 *
 * Stopping: SIGTERM and SIGINT are blocked in every thread and taken by
 * sigwait in server_run; then the listening socket is closed
 * (MHD_quiesce_daemon), requests in flight may finish (up to
 * STOP_GRACE_SECONDS, answering with Connection: close; a second signal
 * cuts the wait short), and the daemon stops.
 */
#include "web/server.h"
#include "app/rating.h"
#include "base/arena.h"
#include "base/log.h"
#include "base/mem.h"
#include "web/daily.h"
#include "web/html.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* request line + headers + read buffer: MHD clears the pool between
 * requests, so a larger pool costs time on every request (measured:
 * 64 KiB made memset the top symbol of the ranking page's profile) */
#define CONN_MEMORY ((size_t)16 << 10)
#define CONN_LIMIT 2000
#define CONN_TIMEOUT_SECONDS 60
#define STOP_GRACE_SECONDS 30
#define LINGER_MAX 256              /* sockets lingering at once */
#define LINGER_MS 2000              /* how long one may linger */
#define LINGER_BYTES ((size_t)1 << 20) /* how much is read and dropped */

struct lingering {
	int fd;
	struct timespec since;
	size_t dropped;
};

struct server {
	struct MHD_Daemon *daemon;
	const struct server_opts *o;
	pthread_key_t db_key;
	atomic_long inflight;
	atomic_bool stopping;
	/* lingering close (see the top of the file) */
	pthread_mutex_t linger_mu;
	struct lingering linger[LINGER_MAX];
	size_t nlinger;
	int marked[LINGER_MAX];    /* sockets answered before their body was read */
	size_t nmarked;
	int linger_wake[2];
	pthread_t linger_thread;
	bool linger_started;
};

/* Per request: *con_cls of MHD, created by the URI logger. */
struct conn_state {
	struct server *srv;
	struct arena *arena;
	char *raw_uri;
	struct str body;
	size_t body_limit;
	bool started;
	struct timespec start;
	struct kv *headers;
	size_t nheaders, cap_headers;
	struct req *r;        /* from the first call on: routed, no body yet */
	struct req_conn *rc;
	bool deferred;        /* suspended until r->defer's work wakes it */
};

/* ---- per-thread database ---- */

static void db_key_close(void *p)
{
	db_close(p);
}

static struct db *thread_db(struct server *s)
{
	struct db *db = pthread_getspecific(s->db_key);
	if (db)
		return db;
	char *msg = NULL;
	if (db_open(s->o->db_url, &db, &msg) != PX_OK) {
		log_error("cannot open the database: %s", msg ? msg : "?");
		free(msg);
		return NULL;
	}
	pthread_setspecific(s->db_key, db);
	return db;
}

/* ---- lingering close ---- */

static void linger_close_at(struct server *s, size_t i)
{
	close(s->linger[i].fd);
	s->linger[i] = s->linger[--s->nlinger];
}

static void *linger_main(void *p)
{
	struct server *s = p;
	struct pollfd pfd[LINGER_MAX + 1];
	char buf[16384];
	for (;;) {
		pthread_mutex_lock(&s->linger_mu);
		size_t n = s->nlinger;
		for (size_t i = 0; i < n; i++)
			pfd[i] = (struct pollfd){.fd = s->linger[i].fd, .events = POLLIN};
		pthread_mutex_unlock(&s->linger_mu);
		pfd[n] = (struct pollfd){.fd = s->linger_wake[0], .events = POLLIN};
		if (poll(pfd, n + 1, 100) < 0) {
			struct timespec pause = {0, 100 * 1000 * 1000};
			nanosleep(&pause, NULL); /* EINTR, ENOMEM: try again */
			continue;
		}
		if (pfd[n].revents) {
			ssize_t k = read(s->linger_wake[0], buf, sizeof buf);
			if (k == 0)
				break; /* the write end closed: the server stops */
		}
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		pthread_mutex_lock(&s->linger_mu);
		/* only the first n entries were polled; new ones come after them
		 * and removal moves the last entry down: walk from the end */
		for (size_t i = n; i-- > 0;) {
			struct lingering *l = &s->linger[i];
			bool done = false;
			if (pfd[i].revents) {
				ssize_t k = recv(l->fd, buf, sizeof buf, MSG_DONTWAIT);
				if (k > 0)
					l->dropped += (size_t)k;
				else if (k == 0 || (errno != EAGAIN && errno != EINTR))
					done = true;
			}
			long ms = (now.tv_sec - l->since.tv_sec) * 1000L +
			          (now.tv_nsec - l->since.tv_nsec) / 1000000L;
			if (done || ms > LINGER_MS || l->dropped > LINGER_BYTES)
				linger_close_at(s, i);
		}
		pthread_mutex_unlock(&s->linger_mu);
	}
	pthread_mutex_lock(&s->linger_mu);
	while (s->nlinger)
		linger_close_at(s, s->nlinger - 1);
	pthread_mutex_unlock(&s->linger_mu);
	return NULL;
}

/* The request on con has a body and may be answered before it is read:
 * its socket lingers when MHD closes it (even if no byte of the body is
 * there yet). linger_unmark drops the mark once the body was read; a
 * mark left on a descriptor whose connection did not close (cannot
 * happen: MHD closes after an early answer) would only make the next
 * connection on that descriptor linger once. */
static void linger_mark(struct server *s, struct MHD_Connection *con)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(con, MHD_CONNECTION_INFO_CONNECTION_FD);
	if (!ci)
		return;
	pthread_mutex_lock(&s->linger_mu);
	bool known = false;
	for (size_t i = 0; i < s->nmarked && !known; i++)
		known = s->marked[i] == ci->connect_fd;
	if (!known && s->nmarked < LINGER_MAX)
		s->marked[s->nmarked++] = ci->connect_fd;
	pthread_mutex_unlock(&s->linger_mu);
}

/* The body of the request on con was read: no early answer to protect. */
static void linger_unmark(struct server *s, struct MHD_Connection *con)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(con, MHD_CONNECTION_INFO_CONNECTION_FD);
	if (!ci)
		return;
	pthread_mutex_lock(&s->linger_mu);
	for (size_t i = 0; i < s->nmarked; i++)
		if (s->marked[i] == ci->connect_fd) {
			s->marked[i] = s->marked[--s->nmarked];
			break;
		}
	pthread_mutex_unlock(&s->linger_mu);
}

/* MHD is about to close a connection: when the client's bytes are still
 * unread (or its request was marked), keep the socket open (a dup) in
 * the linger thread. */
static void notify_connection(void *cls, struct MHD_Connection *con, void **socket_context,
                              enum MHD_ConnectionNotificationCode toe)
{
	(void)socket_context;
	struct server *s = cls;
	if (toe != MHD_CONNECTION_NOTIFY_CLOSED || !s->linger_started)
		return;
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(con, MHD_CONNECTION_INFO_CONNECTION_FD);
	if (!ci)
		return;
	bool marked = false;
	pthread_mutex_lock(&s->linger_mu);
	for (size_t i = 0; i < s->nmarked; i++)
		if (s->marked[i] == ci->connect_fd) {
			s->marked[i] = s->marked[--s->nmarked];
			marked = true;
			break;
		}
	pthread_mutex_unlock(&s->linger_mu);
	int unread = 0;
	if (!marked && (ioctl(ci->connect_fd, FIONREAD, &unread) != 0 || unread <= 0))
		return;
	int fd = dup(ci->connect_fd);
	if (fd < 0)
		return;
	shutdown(fd, SHUT_WR); /* the answer is complete: FIN after it */
	pthread_mutex_lock(&s->linger_mu);
	if (s->nlinger < LINGER_MAX) {
		struct lingering *l = &s->linger[s->nlinger++];
		l->fd = fd;
		l->dropped = 0;
		clock_gettime(CLOCK_MONOTONIC, &l->since);
		fd = -1;
	}
	pthread_mutex_unlock(&s->linger_mu);
	if (fd >= 0) {
		close(fd); /* too many lingering already */
	} else {
		ssize_t w = write(s->linger_wake[1], "x", 1);
		(void)w; /* a full pipe means the thread is awake anyway */
	}
}

/* ---- MHD callbacks ---- */

static void *uri_logger(void *cls, const char *uri, struct MHD_Connection *con)
{
	(void)con;
	struct conn_state *st = xcalloc(1, sizeof *st);
	st->srv = cls;
	st->arena = arena_new();
	st->raw_uri = arena_strdup(st->arena, uri ? uri : "/");
	/* MHD parses the query after this call into records in the
	 * connection's pool, and a few hundred arguments exhaust it (the
	 * request then got no answer at all). We never use MHD's arguments
	 * (http.c parses raw_uri), so the query MHD sees is cut to nothing:
	 * uri is MHD's own writable read buffer (libmicrohttpd 0.9.x,
	 * parse_initial_message_line: the '?' was found before this call). */
	char *q = uri ? strchr(uri, '?') : NULL;
	if (q)
		q[1] = 0;
	str_init(&st->body, HTTP_MAX_FORM_BODY);
	st->body_limit = HTTP_MAX_FORM_BODY;
	return st;
}

static void completed(void *cls, struct MHD_Connection *con, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
	(void)con;
	(void)toe;
	struct server *s = cls;
	struct conn_state *st = *con_cls;
	if (!st)
		return;
	if (st->started)
		atomic_fetch_sub(&s->inflight, 1);
	str_free(&st->body);
	arena_free(st->arena);
	free(st);
	*con_cls = NULL;
}

static enum MHD_Result add_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *value)
{
	(void)kind;
	struct conn_state *st = cls;
	st->headers = arena_grow(st->arena, st->headers, &st->cap_headers, st->nheaders,
	                         sizeof *st->headers);
	st->headers[st->nheaders].key = key ? key : "";
	st->headers[st->nheaders].value = value ? value : "";
	st->headers[st->nheaders].len = value ? strlen(value) : 0;
	st->nheaders++;
	return MHD_YES;
}

static const char *find_header(struct conn_state *st, const char *name)
{
	for (size_t i = 0; i < st->nheaders; i++)
		if (!strcasecmp(st->headers[i].key, name))
			return st->headers[i].value;
	return NULL;
}

static double ms_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

static const char *peer_address(struct MHD_Connection *con, struct arena *a)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (!ci || !ci->client_addr)
		return "";
	char buf[INET6_ADDRSTRLEN] = "";
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, buf,
		          sizeof buf);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, buf,
		          sizeof buf);
	return arena_strdup(a, buf);
}

/* The last address of X-Forwarded-For (the one the proxy saw), trimmed. */
static const char *forwarded_for(struct arena *a, const char *h)
{
	const char *last = strrchr(h, ',');
	last = last ? last + 1 : h;
	while (*last == ' ' || *last == '\t')
		last++;
	size_t n = strcspn(last, " \t");
	if (n == 0 || n >= INET6_ADDRSTRLEN)
		return NULL;
	return arena_strndup(a, last, n);
}

static void security_headers(struct req *r)
{
	bool has_cache = false;
	for (size_t i = 0; i < r->nresp_headers; i++)
		if (!strcasecmp(r->resp_headers[i].key, "Cache-Control"))
			has_cache = true;
	resp_header(r, "Content-Security-Policy",
	            arena_printf(r->arena,
	                         "default-src 'none'; script-src 'self' 'nonce-%s'; "
	                         "style-src 'self' 'nonce-%s'; img-src 'self' data:; "
	                         "font-src 'self'; connect-src 'self'; form-action 'self'; "
	                         "base-uri 'none'; frame-ancestors 'none'",
	                         r->nonce, r->nonce));
	resp_header(r, "X-Content-Type-Options", "nosniff");
	resp_header(r, "Referrer-Policy", "same-origin");
	resp_header(r, "X-Frame-Options", "DENY");
	resp_header(r, "Cross-Origin-Opener-Policy", "same-origin");
	if (!has_cache)
		resp_header(r, "Cache-Control", "no-store");
	if (r->secure)
		resp_header(r, "Strict-Transport-Security", "max-age=31536000");
	resp_header(r, "X-Request-Id", r->id);
}

/* Builds r from the connection, without the body: false means 400. */
static bool build_request(struct conn_state *st, struct MHD_Connection *con, const char *method,
                          struct req *r, struct req_conn *rc)
{
	struct server *s = st->srv;
	struct arena *a = st->arena;
	r->arena = a;
	r->method = arena_strdup(a, method);
	r->conn = rc;
	r->server = s;
	r->status = 200;
	r->resp_type = "text/html; charset=utf-8";
	str_init(&r->out, 0);
	rc->headers = st->headers;
	rc->nheaders = st->nheaders;
	rc->host = find_header(st, "Host");

	unsigned char raw[16];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(r->nonce, sizeof r->nonce, raw, sizeof raw);
	unsigned char idb[8];
	randombytes_buf(idb, sizeof idb);
	char *id = arena_alloc(a, 17);
	sodium_bin2hex(id, 17, idb, sizeof idb);
	r->id = id;

	const char *peer = peer_address(con, a);
	rc->client_ip = peer;
	r->secure = false; /* no TLS here: put a proxy in front (docs/operations.md) */
	if (s->o->trusted_proxy && !strcmp(peer, s->o->trusted_proxy)) {
		const char *xff = find_header(st, "X-Forwarded-For");
		const char *ip = xff ? forwarded_for(a, xff) : NULL;
		if (ip)
			rc->client_ip = ip;
		const char *proto = find_header(st, "X-Forwarded-Proto");
		if (proto && !strcasecmp(proto, "https"))
			r->secure = true;
	}

	/* path and query from the raw request target */
	const char *uri = st->raw_uri;
	const char *qm = strchr(uri, '?');
	size_t plen = qm ? (size_t)(qm - uri) : strlen(uri);
	const char *hash = memchr(uri, '#', plen);
	if (hash)
		plen = (size_t)(hash - uri);
	char *path;
	r->path = "/";
	if (!http_decode_path(a, uri, plen, &path))
		return false;
	r->path = path;
	if (qm && !http_parse_urlencoded(a, qm + 1, strcspn(qm + 1, "#"), &r->query, &r->nquery))
		return false;
	r->content_type = find_header(st, "Content-Type");
	return true;
}

/* The body into r (urlencoded or multipart parsed): false means 400. */
static bool add_body(struct conn_state *st, struct req *r)
{
	struct arena *a = st->arena;
	r->body = str_cstr(&st->body);
	r->body_len = st->body.len;
	if (r->body_len && r->content_type) {
		const char *ct = r->content_type;
		if (!strncasecmp(ct, "application/x-www-form-urlencoded", 33)) {
			if (!http_parse_urlencoded(a, r->body, r->body_len, &r->form, &r->nform))
				return false;
		} else if (!strncasecmp(ct, "multipart/form-data", 19)) {
			if (!http_parse_multipart(a, ct, r->body, r->body_len, &r->form, &r->nform,
			                          &r->uploads, &r->nuploads))
				return false;
		}
	}
	return true;
}

static enum MHD_Result send_response(struct conn_state *st, struct MHD_Connection *con,
                                     struct req *r)
{
	struct server *s = st->srv;
	security_headers(r);
	size_t len = r->out.len;
	char *body = str_detach(&r->out);
	struct MHD_Response *resp = body ? MHD_create_response_from_buffer(len, body,
	                                                                   MHD_RESPMEM_MUST_FREE)
	                                 : MHD_create_response_from_buffer(0, (void *)"",
	                                                                   MHD_RESPMEM_PERSISTENT);
	if (!resp) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(resp, "Content-Type", r->resp_type ? r->resp_type
	                                                            : "text/plain; charset=utf-8");
	for (size_t i = 0; i < r->nresp_headers; i++)
		MHD_add_response_header(resp, r->resp_headers[i].key, r->resp_headers[i].value);
	if (atomic_load(&s->stopping))
		MHD_add_response_header(resp, "Connection", "close");
	enum MHD_Result ret = MHD_queue_response(con, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	const char *who = r->user ? r->user->login : "-";
	log_info("%s %s %s %d %.1fms %s %s", r->id, r->method, r->path, r->status,
	         ms_since(&st->start), req_client_ip(r), who);
	return ret;
}

/* A response without routing (413, 400, 503) in the request's language
 * as far as known. */
static enum MHD_Result answer_plain(struct conn_state *st, struct MHD_Connection *con,
                                    struct req *r, int status)
{
	if (!r->lang)
		r->lang = i18n_accept_language(req_header(r, "Accept-Language"));
	r->wants_json = r->path && !strncmp(r->path, "/api/", 5);
	r->status = status;
	const char *msg = status == 413 ? tr(r, "The request is too large.")
	                : status == 431 ? tr(r, "The request headers are too large.")
	                : status == 400 ? tr(r, "The request is not valid.")
	                                : tr(r, "The service is not available; try again later.");
	if (r->wants_json)
		resp_json_error(r, status, msg);
	else
		html_error_page(r, status, msg);
	return send_response(st, con, r);
}

/* Bytes of the request line and headers as sent (about). */
static size_t head_bytes(const struct conn_state *st, const char *method)
{
	size_t n = strlen(method) + strlen(st->raw_uri) + 12;
	for (size_t i = 0; i < st->nheaders; i++)
		n += strlen(st->headers[i].key) + st->headers[i].len + 4;
	return n;
}

/* The first call for a request (headers complete, no body read yet):
 * parse the head, route, authenticate; answer at once when routing says
 * no or the announced body is over the route's limit. */
static enum MHD_Result request_head(struct conn_state *st, struct MHD_Connection *con,
                                    const char *method)
{
	struct server *s = st->srv;
	st->started = true;
	atomic_fetch_add(&s->inflight, 1);
	clock_gettime(CLOCK_MONOTONIC, &st->start);
	MHD_get_connection_values(con, MHD_HEADER_KIND, add_header, st);
	struct req *r = arena_alloc(st->arena, sizeof *r);
	struct req_conn *rc = arena_alloc(st->arena, sizeof *rc);
	st->r = r;
	st->rc = rc;
	bool ok = build_request(st, con, method, r, rc);
	r->app.arena = st->arena;
	r->app.actor = "anonymous";
	/* every answer from here on comes before the body: when one may
	 * follow, let the socket linger so that the answer is not lost in a
	 * reset */
	const char *cl = find_header(st, "Content-Length");
	const char *te = find_header(st, "Transfer-Encoding");
	bool body_follows = (cl && strcmp(cl, "0")) || (te && strcasecmp(te, "identity"));
	if (body_follows)
		linger_mark(s, con);
	if (head_bytes(st, method) > HTTP_MAX_HEADER_BYTES)
		return answer_plain(st, con, r, 431);
	if (!ok)
		return answer_plain(st, con, r, 400);
	unsigned long long announced = 0;
	if (cl) {
		char *end;
		errno = 0;
		announced = strtoull(cl, &end, 10);
		if (errno || *end || !*cl || *cl == '-' || *cl == '+' || *cl == ' ')
			return answer_plain(st, con, r, 400);
	}
	bool infra = !strcmp(r->path, "/healthz") || !strncmp(r->path, "/static/", 8);
	r->app.db = infra ? NULL : thread_db(s);
	db_clear_transient(r->app.db);
	if (!infra && !r->app.db)
		return answer_plain(st, con, r, 503);
	if (!router_begin(r))
		return send_response(st, con, r);
	st->body_limit = router_body_limit(r);
	if (announced > st->body_limit)
		return answer_plain(st, con, r, 413);
	str_init(&st->body, st->body_limit);
	return MHD_YES; /* wait for the body (or the end) */
}

/* The deferred work of a suspended request is done (any thread). */
static void wake_deferred(struct req *r)
{
	MHD_resume_connection(r->defer_con);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *con, const char *url,
                              const char *method, const char *version,
                              const char *upload_data, size_t *upload_data_size,
                              void **con_cls)
{
	(void)cls;
	(void)url;
	(void)version;
	struct conn_state *st = *con_cls;
	if (!st) /* no URI logger call: cannot happen with MHD >= 0.9 */
		return MHD_NO;
	if (!st->started)
		return request_head(st, con, method);
	if (*upload_data_size) {
		if (st->body.len + *upload_data_size > st->body_limit) {
			/* MHD cannot answer in the middle of a body: close */
			log_warn("%s: %s %s: body over %zu bytes; connection closed", st->r->id,
			         method, st->r->path, st->body_limit);
			return MHD_NO;
		}
		str_add(&st->body, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	struct req *r = st->r;
	if (st->deferred) {
		/* resumed: the deferred work is done; the handler answers */
		st->deferred = false;
		r->cont(r);
		return send_response(st, con, r);
	}
	linger_unmark(st->srv, con);
	if (!add_body(st, r))
		return answer_plain(st, con, r, 400);
	router_finish(r);
	if (r->defer) {
		/* the worker goes on with other connections meanwhile */
		void (*defer)(struct req *, void (*)(struct req *)) = r->defer;
		r->defer = NULL;
		st->deferred = true;
		r->defer_con = con;
		MHD_suspend_connection(con);
		defer(r, wake_deferred);
		return MHD_YES;
	}
	return send_response(st, con, r);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = 0;
	log_warn("http: %s", msg);
}

/* ---- start and stop ---- */

static void linger_stop(struct server *s)
{
	close(s->linger_wake[1]); /* the thread reads EOF and closes the rest */
	if (s->linger_started)
		pthread_join(s->linger_thread, NULL);
	s->linger_started = false;
	close(s->linger_wake[0]);
	pthread_mutex_destroy(&s->linger_mu);
}

static bool resolve(const char *host, unsigned port, struct sockaddr_storage *ss, socklen_t *len)
{
	memset(ss, 0, sizeof *ss);
	struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
	if (inet_pton(AF_INET, host, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons((uint16_t)port);
		*len = sizeof *in4;
		return true;
	}
	if (inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
		*len = sizeof *in6;
		return true;
	}
	struct addrinfo hints = {0}, *res = NULL;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_family = AF_UNSPEC;
	if (getaddrinfo(host, NULL, &hints, &res) != 0 || !res)
		return false;
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*len = res->ai_addrlen;
	if (ss->ss_family == AF_INET)
		in4->sin_port = htons((uint16_t)port);
	else
		in6->sin6_port = htons((uint16_t)port);
	freeaddrinfo(res);
	return true;
}

enum px_err server_run(const struct server_opts *o)
{
	if (sodium_init() < 0) {
		fprintf(stderr, "parindex: libsodium không khởi động được | libsodium failed to start\n");
		return PX_FAIL;
	}
	i18n_init();
	struct sockaddr_storage ss;
	socklen_t slen;
	if (!resolve(o->host, o->port, &ss, &slen)) {
		fprintf(stderr, "parindex: địa chỉ không hợp lệ %s | invalid address %s\n", o->host,
		        o->host);
		return PX_FAIL;
	}
	unsigned threads = o->threads;
	if (!threads) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		threads = n > 0 ? (unsigned)n : 2;
	}
	if (threads > 256)
		threads = 256;

	struct server s = {0};
	s.o = o;
	atomic_init(&s.inflight, 0);
	atomic_init(&s.stopping, false);
	if (pthread_key_create(&s.db_key, db_key_close) != 0)
		return PX_FAIL;
	pthread_mutex_init(&s.linger_mu, NULL);
	if (pipe(s.linger_wake) != 0) {
		pthread_key_delete(s.db_key);
		return PX_FAIL;
	}
	for (int i = 0; i < 2; i++)
		fcntl(s.linger_wake[i], F_SETFL, fcntl(s.linger_wake[i], F_GETFL) | O_NONBLOCK);

	/* every thread MHD starts inherits this mask: signals come to sigwait */
	sigset_t sigs, old;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, &old);
	signal(SIGPIPE, SIG_IGN);
	s.linger_started = pthread_create(&s.linger_thread, NULL, linger_main, &s) == 0;
	/* citizens' ratings share one transaction and fsync per batch (its
	 * own thread and connection; without it each rating commits alone) */
	char *gc_msg = NULL;
	if (app_rating_commit_start(o->db_url, &gc_msg) != PX_OK) {
		log_warn("group commit not started (%s): ratings commit one by one",
		         gc_msg ? gc_msg : "?");
		free(gc_msg);
	}

	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC |
	                 MHD_USE_ERROR_LOG | MHD_USE_TURBO | MHD_ALLOW_SUSPEND_RESUME;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	s.daemon = MHD_start_daemon(
		flags, (uint16_t)o->port, NULL, NULL, handle, &s,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)CONN_LIMIT,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONN_TIMEOUT_SECONDS,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, CONN_MEMORY,
		MHD_OPTION_URI_LOG_CALLBACK, uri_logger, &s,
		MHD_OPTION_NOTIFY_COMPLETED, completed, &s,
		MHD_OPTION_NOTIFY_CONNECTION, notify_connection, &s,
		MHD_OPTION_LISTENING_ADDRESS_REUSE, 1,
		MHD_OPTION_END);
	if (!s.daemon) {
		app_rating_commit_stop();
		linger_stop(&s);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		pthread_key_delete(s.db_key);
		fprintf(stderr, "parindex: không mở được cổng %s:%u (đang được dùng?) | "
		                "cannot listen on %s:%u (in use?)\n",
		        o->host, o->port, o->host, o->port);
		return PX_FAIL;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(s.daemon, MHD_DAEMON_INFO_BIND_PORT);
	unsigned port = di && di->port ? di->port : o->port;
	log_info("listening on %s:%u, %u threads, database %s", o->host, port, threads,
	         db_url_is_postgres(o->db_url) ? "postgresql" : o->db_url);
	if (o->ready)
		o->ready(o->ready_ctx, o->host, port);
	/* the daily refresh at 00:05 (and now, when today's was missed) */
	struct daily *daily = daily_start(o->db_url);

	int sig = 0;
	while (sigwait(&sigs, &sig) != 0)
		;
	log_info("signal %d: stopping; %ld request(s) in flight", sig,
	         (long)atomic_load(&s.inflight));
	atomic_store(&s.stopping, true);
	MHD_socket ls = MHD_quiesce_daemon(s.daemon);
	/* wait for requests in flight; a second signal means "now" */
	for (int i = 0; i < STOP_GRACE_SECONDS * 20 && atomic_load(&s.inflight) > 0; i++) {
		struct timespec ts = {0, 50 * 1000 * 1000};
		if (sigtimedwait(&sigs, NULL, &ts) > 0) {
			log_warn("second signal: not waiting any longer");
			break;
		}
	}
	if (atomic_load(&s.inflight) > 0)
		log_warn("%ld request(s) still running after %d s; stopping anyway",
		         (long)atomic_load(&s.inflight), STOP_GRACE_SECONDS);
	daily_stop(daily);
	MHD_stop_daemon(s.daemon);
	app_rating_commit_stop(); /* after the last request that could submit */
	if (ls != MHD_INVALID_SOCKET)
		close(ls);
	linger_stop(&s);
	pthread_key_delete(s.db_key);
	/* signals that came meanwhile are consumed, not delivered on unblocking */
	struct timespec zero = {0, 0};
	while (sigtimedwait(&sigs, NULL, &zero) > 0)
		;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	log_info("stopped");
	return PX_OK;
}
