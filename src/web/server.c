/*
 * The HTTP server on GNU libmicrohttpd (MHD): a pool of worker threads,
 * each polling its share of the connections with epoll; a request runs
 * from start to end on one worker, so everything it touches is that
 * worker's: its arena (freed when MHD is done with the request) and its
 * database connection (struct db is not thread-safe: one per worker,
 * opened at its first request, closed when the thread ends).
 *
 * Limits: request line + headers must fit in CONN_MEMORY (MHD answers
 * 431/413 itself); bodies over HTTP_MAX_BODY get 413 (at once when
 * Content-Length says so, else when the limit is crossed; the rest is
 * read and dropped). A handler that fails answers 500 and the server
 * goes on; only a bug the code cannot survive (an abort) stops it.
 *
 * Stopping: SIGTERM and SIGINT are blocked in every thread and taken by
 * sigwait in server_run; then the listening socket is closed
 * (MHD_quiesce_daemon), requests in flight may finish (up to
 * STOP_GRACE_SECONDS, answering with Connection: close; a second signal
 * cuts the wait short), and the daemon stops.
 */
#include "web/server.h"
#include "base/arena.h"
#include "base/log.h"
#include "base/mem.h"
#include "web/html.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

/* request line + headers + read buffer: MHD clears the pool between
 * requests, so a larger pool costs time on every request (measured:
 * 64 KiB made memset the top symbol of the ranking page's profile) */
#define CONN_MEMORY ((size_t)16 << 10)
#define CONN_LIMIT 2000
#define CONN_TIMEOUT_SECONDS 60
#define STOP_GRACE_SECONDS 30

struct server {
	struct MHD_Daemon *daemon;
	const struct server_opts *o;
	pthread_key_t db_key;
	atomic_long inflight;
	atomic_bool stopping;
};

/* Per request: *con_cls of MHD, created by the URI logger. */
struct conn_state {
	struct server *srv;
	struct arena *arena;
	char *raw_uri;
	struct str body;
	bool started, too_large;
	struct timespec start;
	struct kv *headers;
	size_t nheaders, cap_headers;
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

/* ---- MHD callbacks ---- */

static void *uri_logger(void *cls, const char *uri, struct MHD_Connection *con)
{
	(void)con;
	struct conn_state *st = xcalloc(1, sizeof *st);
	st->srv = cls;
	st->arena = arena_new();
	st->raw_uri = arena_strdup(st->arena, uri ? uri : "/");
	str_init(&st->body, HTTP_MAX_BODY);
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
	if (st->nheaders == st->cap_headers) {
		size_t cap = st->cap_headers ? st->cap_headers * 2 : 32;
		struct kv *v = arena_array(st->arena, cap, sizeof *v);
		if (st->nheaders)
			memcpy(v, st->headers, st->nheaders * sizeof *v);
		st->headers = v;
		st->cap_headers = cap;
	}
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

/* Builds r from the connection and the body: false means 400. */
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

	/* body */
	r->body = str_cstr(&st->body);
	r->body_len = st->body.len;
	r->content_type = find_header(st, "Content-Type");
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
	                : status == 400 ? tr(r, "The request is not valid.")
	                                : tr(r, "The service is not available; try again later.");
	if (r->wants_json)
		resp_json_error(r, status, msg);
	else
		html_error_page(r, status, msg);
	return send_response(st, con, r);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *con, const char *url,
                              const char *method, const char *version,
                              const char *upload_data, size_t *upload_data_size,
                              void **con_cls)
{
	(void)url;
	(void)version;
	struct server *s = cls;
	struct conn_state *st = *con_cls;
	if (!st) /* no URI logger call: cannot happen with MHD >= 0.9 */
		return MHD_NO;
	if (!st->started) {
		st->started = true;
		atomic_fetch_add(&s->inflight, 1);
		clock_gettime(CLOCK_MONOTONIC, &st->start);
		MHD_get_connection_values(con, MHD_HEADER_KIND, add_header, st);
		const char *cl = find_header(st, "Content-Length");
		if (cl) {
			char *end;
			errno = 0;
			unsigned long long n = strtoull(cl, &end, 10);
			if (errno || *end || n > HTTP_MAX_BODY)
				st->too_large = true;
		}
		if (!st->too_large)
			return MHD_YES; /* wait for the body (or the end) */
	} else if (*upload_data_size) {
		if (!st->too_large) {
			if (st->body.len + *upload_data_size > HTTP_MAX_BODY)
				st->too_large = true;
			else
				str_add(&st->body, upload_data, *upload_data_size);
		}
		*upload_data_size = 0;
		return MHD_YES;
	}

	struct req r = {0};
	struct req_conn rc = {0};
	bool ok = build_request(st, con, method, &r, &rc);
	r.app.arena = st->arena;
	r.app.actor = "anonymous";
	if (st->too_large)
		return answer_plain(st, con, &r, 413);
	if (!ok)
		return answer_plain(st, con, &r, 400);
	bool infra = !strcmp(r.path, "/healthz") || !strncmp(r.path, "/static/", 8);
	r.app.db = infra ? NULL : thread_db(s);
	if (!infra && !r.app.db)
		return answer_plain(st, con, &r, 503);
	router_dispatch(&r);
	return send_response(st, con, &r);
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

	/* every thread MHD starts inherits this mask: signals come to sigwait */
	sigset_t sigs, old;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, &old);
	signal(SIGPIPE, SIG_IGN);

	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC |
	                 MHD_USE_ERROR_LOG | MHD_USE_TURBO;
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
		MHD_OPTION_LISTENING_ADDRESS_REUSE, 1,
		MHD_OPTION_END);
	if (!s.daemon) {
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
	MHD_stop_daemon(s.daemon);
	if (ls != MHD_INVALID_SOCKET)
		close(ls);
	pthread_key_delete(s.db_key);
	/* signals that came meanwhile are consumed, not delivered on unblocking */
	struct timespec zero = {0, 0};
	while (sigtimedwait(&sigs, NULL, &zero) > 0)
		;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	log_info("stopped");
	return PX_OK;
}
