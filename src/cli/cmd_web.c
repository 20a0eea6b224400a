/*
 * Web commands: ui (the demo on this machine), serve (production), routes
 * (the route table), user and token management. The server itself is
 * web/server.c; these only parse options, prepare the database and print.
 */
#include "app/user.h"
#include "base/arena.h"
#include "cli/cli.h"
#include "store/repo_unit.h"
#include "web/route.h"
#include "web/server.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

extern char **environ;

static bool parse_uint(const char *s, unsigned long lo, unsigned long hi, unsigned *out)
{
	if (!s || !*s || *s == '-' || *s == '+')
		return false;
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return false;
	*out = (unsigned)v;
	return true;
}

/* ---- ui ---- */

struct ui_ctx {
	bool browser, demo;
	pid_t opener;
};

static void open_browser(struct ui_ctx *u, const char *url)
{
	const char *display = getenv("DISPLAY"), *wayland = getenv("WAYLAND_DISPLAY");
	if ((!display || !*display) && (!wayland || !*wayland))
		return; /* no desktop: nothing to open */
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	posix_spawnattr_init(&at);
	sigset_t none;
	sigemptyset(&none);
	posix_spawnattr_setsigmask(&at, &none); /* the server blocks SIGTERM/SIGINT */
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK);
	char *args[] = {"xdg-open", (char *)url, NULL};
	if (posix_spawnp(&u->opener, "xdg-open", &fa, &at, args, environ) != 0)
		u->opener = 0; /* no xdg-open: fine, the URL is printed */
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
}

static void ui_ready(void *ctx, const char *host, unsigned port)
{
	struct ui_ctx *u = ctx;
	char url[128];
	snprintf(url, sizeof url, "http://%s:%u/", host, port);
	printf("\nparindex đang chạy tại | is serving at  %s\n", url);
	if (u->demo) {
		printf("Đăng nhập mẫu | demo sign-ins (mật khẩu | password: %s)\n", DEMO_PASSWORD);
		for (size_t i = 0; app_demo_logins[i][0]; i++)
			printf("  %-12s %-10s %s\n", app_demo_logins[i][0], app_demo_logins[i][1],
			       app_demo_logins[i][2] ? app_demo_logins[i][2] : "");
	}
	printf("Dừng bằng Ctrl+C | stop with Ctrl+C\n\n");
	fflush(stdout);
	if (u->browser)
		open_browser(u, url);
}

int cmd_ui(struct cli *c, int argc, char **argv)
{
	static const char usage[] = "ui [--port N] [--no-browser]";
	const char *port_s = NULL, *no_browser = NULL;
	struct cli_opt opts[] = {{"--port", true, &port_s}, {"--no-browser", false, &no_browser}, {0}};
	int npos;
	enum px_err e = cli_parse(c, argc, argv, opts, NULL, 0, &npos, usage);
	if (e != PX_OK)
		return px_exit_status(e);
	unsigned port = 8080;
	if (port_s && !parse_uint(port_s, 0, 65535, &port)) {
		cli_usage_error(usage, "--port nhận 0..65535 | --port takes 0..65535");
		return 2;
	}
	if (cli_open_db(c) != PX_OK)
		return 1;
	struct ui_ctx u = {no_browser == NULL, false, 0};
	if (repo_unit_count(c->app.db) == 0) {
		printf("CSDL trống: nạp thành phố mẫu... | empty database: loading the demo city...\n");
		fflush(stdout);
		struct diags d;
		diags_init(&d);
		const char *actor = c->app.actor;
		c->app.actor = "demo";
		e = app_demo(&c->app, 0, &d);
		c->app.actor = actor;
		if (e != PX_OK) {
			cli_report_diags(&d, e);
			diags_free(&d);
			return px_exit_status(e);
		}
		diags_free(&d);
	}
	const char *demo = app_setting_get(&c->app, "demo");
	u.demo = demo && !strcmp(demo, "1");
	db_close(c->app.db); /* the server's threads open their own */
	c->app.db = NULL;
	struct server_opts o = {c->db_url, "127.0.0.1", port, 4, NULL, ui_ready, &u};
	e = server_run(&o);
	if (u.opener > 0)
		waitpid(u.opener, NULL, WNOHANG);
	return px_exit_status(e);
}

/* ---- serve ---- */

static void serve_ready(void *ctx, const char *host, unsigned port)
{
	(void)ctx;
	printf("parindex: http://%s%s%s:%u/\n", strchr(host, ':') ? "[" : "", host,
	       strchr(host, ':') ? "]" : "", port);
	fflush(stdout);
}

/* HOST:PORT, [V6]:PORT or :PORT (all addresses) into host (arena) and port. */
static bool parse_listen(struct arena *a, const char *s, const char **host, unsigned *port)
{
	const char *colon;
	if (s[0] == '[') {
		const char *end = strchr(s, ']');
		if (!end || end[1] != ':')
			return false;
		*host = arena_strndup(a, s + 1, (size_t)(end - s - 1));
		colon = end + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon)
			return false;
		*host = colon == s ? "0.0.0.0" : arena_strndup(a, s, (size_t)(colon - s));
	}
	return parse_uint(colon + 1, 0, 65535, port) && **host;
}

int cmd_serve(struct cli *c, int argc, char **argv)
{
	static const char usage[] =
		"serve [--listen HOST:PORT] [--threads N] [--trusted-proxy ADDR]";
	const char *listen = NULL, *threads_s = NULL, *proxy = NULL;
	struct cli_opt opts[] = {{"--listen", true, &listen},
	                         {"--threads", true, &threads_s},
	                         {"--trusted-proxy", true, &proxy},
	                         {0}};
	int npos;
	enum px_err e = cli_parse(c, argc, argv, opts, NULL, 0, &npos, usage);
	if (e != PX_OK)
		return px_exit_status(e);
	const char *host = "127.0.0.1";
	unsigned port = 8080, threads = 0;
	if (listen && !parse_listen(c->app.arena, listen, &host, &port)) {
		cli_usage_error(usage, "--listen cần HOST:PORT, ví dụ 127.0.0.1:8080 | "
		                       "--listen needs HOST:PORT, e.g. 127.0.0.1:8080");
		return 2;
	}
	if (threads_s && !parse_uint(threads_s, 1, 256, &threads)) {
		cli_usage_error(usage, "--threads nhận 1..256 | --threads takes 1..256");
		return 2;
	}
	if (cli_open_db(c) != PX_OK) /* creates or migrates the schema once */
		return 1;
	db_close(c->app.db);
	c->app.db = NULL;
	struct server_opts o = {c->db_url, host, port, threads, proxy, serve_ready, NULL};
	return px_exit_status(server_run(&o));
}

/* ---- routes ---- */

int cmd_routes(struct cli *c, int argc, char **argv)
{
	int npos;
	enum px_err e = cli_parse(c, argc, argv, NULL, NULL, 0, &npos,
	                          "routes [--format table|csv|json]");
	if (e != PX_OK)
		return px_exit_status(e);
	static const char *const cols[] = {"method", "path", "capability", "help", NULL};
	struct report *rep = report_new(c->app.arena, cols);
	for (size_t i = 0; i < nroutes; i++) {
		report_row(rep);
		report_text(rep, routes[i].method);
		report_text(rep, routes[i].pattern);
		report_text(rep, cap_name(routes[i].cap));
		report_text(rep, routes[i].help);
	}
	return px_exit_status(cli_print(c, rep));
}

/* ---- users and tokens ---- */

/* One line from stdin (echo off on a terminal), without its newline, in
 * buf; false at end of input. */
static bool read_password(char *buf, size_t size)
{
	bool tty = isatty(0);
	struct termios old, quiet;
	if (tty) {
		fprintf(stderr, "Mật khẩu | Password: ");
		fflush(stderr);
		tcgetattr(0, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(0, TCSAFLUSH, &quiet);
	}
	bool ok = fgets(buf, (int)size, stdin) != NULL;
	if (tty) {
		tcsetattr(0, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (!ok)
		return false;
	size_t n = strlen(buf);
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = 0;
	return true;
}

int cmd_user_add(struct cli *c, int argc, char **argv)
{
	static const char usage[] = "user add LOGIN --role R [--unit CODE] [--name N] [--lang vi|en]"
	                            "  (mật khẩu từ stdin | password on stdin)";
	const char *role = NULL, *unit = NULL, *name = NULL, *lang = NULL, *pos[1];
	struct cli_opt opts[] = {{"--role", true, &role},
	                         {"--unit", true, &unit},
	                         {"--name", true, &name},
	                         {"--lang", true, &lang},
	                         {0}};
	int npos;
	enum px_err e = cli_parse(c, argc, argv, opts, pos, 1, &npos, usage);
	if (e != PX_OK)
		return px_exit_status(e);
	if (npos != 1 || !role) {
		cli_usage_error(usage, "cần LOGIN và --role | LOGIN and --role are needed");
		return 2;
	}
	if (cli_open_db(c) != PX_OK)
		return 1;
	char pw[USER_MAX_PASSWORD + 8];
	if (!read_password(pw, sizeof pw)) {
		fprintf(stderr, "parindex: cần mật khẩu trên stdin | a password is needed on stdin\n");
		return 2;
	}
	struct diags d;
	diags_init(&d);
	e = app_user_add(&c->app, pos[0], name, role, unit, pw, lang, &d);
	explicit_bzero(pw, sizeof pw);
	if (e == PX_OK)
		printf("Đã thêm người dùng %s (%s) | added user %s (%s)\n", pos[0], role, pos[0], role);
	else
		cli_report_diags(&d, e);
	diags_free(&d);
	return px_exit_status(e);
}

int cmd_user_list(struct cli *c, int argc, char **argv)
{
	int npos;
	enum px_err e = cli_parse(c, argc, argv, NULL, NULL, 0, &npos,
	                          "user list [--format table|csv|json]");
	if (e == PX_OK)
		e = cli_open_db(c);
	if (e != PX_OK)
		return px_exit_status(e);
	struct user_rec *u;
	size_t n;
	if (app_user_list(&c->app, &u, &n) != PX_OK) {
		fprintf(stderr, "parindex: %s\n", db_errmsg(c->app.db));
		return 1;
	}
	static const char *const cols[] = {"login", "name", "role", "unit", "lang", "disabled",
	                                   "created_at", NULL};
	struct report *rep = report_new(c->app.arena, cols);
	for (size_t i = 0; i < n; i++) {
		report_row(rep);
		report_text(rep, u[i].login);
		report_text(rep, u[i].name);
		report_text(rep, u[i].role);
		report_text(rep, u[i].unit_code);
		report_text(rep, u[i].lang);
		report_int(rep, u[i].disabled ? 1 : 0);
		report_text(rep, u[i].created_at);
	}
	return px_exit_status(cli_print(c, rep));
}

/* user grant / user revoke: LOGIN --role R [--unit CODE]. */
static int grant_change(struct cli *c, int argc, char **argv, bool give)
{
	const char *usage = give ? "user grant LOGIN --role R [--unit CODE]"
	                         : "user revoke LOGIN --role R [--unit CODE]";
	const char *role = NULL, *unit = NULL, *pos[1];
	struct cli_opt opts[] = {{"--role", true, &role}, {"--unit", true, &unit}, {0}};
	int npos;
	enum px_err e = cli_parse(c, argc, argv, opts, pos, 1, &npos, usage);
	if (e != PX_OK)
		return px_exit_status(e);
	if (npos != 1 || !role) {
		cli_usage_error(usage, "cần LOGIN và --role | LOGIN and --role are needed");
		return 2;
	}
	if (cli_open_db(c) != PX_OK)
		return 1;
	struct diags d;
	diags_init(&d);
	e = give ? app_user_grant(&c->app, pos[0], role, unit, &d)
	         : app_user_revoke(&c->app, pos[0], role, unit, &d);
	const char *where = unit && *unit ? unit : "toàn thành phố";
	const char *where_en = unit && *unit ? unit : "city-wide";
	if (e == PX_OK && give)
		printf("Đã cấp quyền %s tại %s cho %s | granted %s over %s to %s\n", role, where, pos[0],
		       role, where_en, pos[0]);
	else if (e == PX_OK)
		printf("Đã thu hồi quyền %s tại %s của %s | revoked %s over %s from %s\n", role, where,
		       pos[0], role, where_en, pos[0]);
	else
		cli_report_diags(&d, e);
	diags_free(&d);
	return px_exit_status(e);
}

int cmd_user_grant(struct cli *c, int argc, char **argv)
{
	return grant_change(c, argc, argv, true);
}

int cmd_user_revoke(struct cli *c, int argc, char **argv)
{
	return grant_change(c, argc, argv, false);
}

int cmd_user_grants(struct cli *c, int argc, char **argv)
{
	static const char usage[] = "user grants [LOGIN] [--all] [--format table|csv|json]";
	const char *all = NULL, *pos[1] = {NULL};
	struct cli_opt opts[] = {{"--all", false, &all}, {0}};
	int npos;
	enum px_err e = cli_parse(c, argc, argv, opts, pos, 1, &npos, usage);
	if (e == PX_OK)
		e = cli_open_db(c);
	if (e != PX_OK)
		return px_exit_status(e);
	struct grant_rec *g;
	size_t n;
	if (app_grant_list(&c->app, npos ? pos[0] : NULL, all != NULL, &g, &n) != PX_OK) {
		fprintf(stderr, "parindex: %s\n", db_errmsg(c->app.db));
		return 1;
	}
	static const char *const cols[] = {"login", "role", "unit", "granted_at", "granted_by",
	                                   "revoked_at", "revoked_by", NULL};
	struct report *rep = report_new(c->app.arena, cols);
	for (size_t i = 0; i < n; i++) {
		report_row(rep);
		report_text(rep, g[i].login);
		report_text(rep, g[i].role);
		report_text(rep, g[i].unit_code);
		report_text(rep, g[i].granted_at);
		report_text(rep, g[i].granted_by);
		report_text(rep, g[i].revoked_at);
		report_text(rep, g[i].revoked_by);
	}
	return px_exit_status(cli_print(c, rep));
}

int cmd_token_create(struct cli *c, int argc, char **argv)
{
	static const char usage[] = "token create LOGIN [--label L]";
	const char *label = NULL, *pos[1];
	struct cli_opt opts[] = {{"--label", true, &label}, {0}};
	int npos;
	enum px_err e = cli_parse(c, argc, argv, opts, pos, 1, &npos, usage);
	if (e == PX_OK && npos != 1) {
		cli_usage_error(usage, "cần LOGIN | LOGIN is needed");
		e = PX_USAGE;
	}
	if (e == PX_OK)
		e = cli_open_db(c);
	if (e != PX_OK)
		return px_exit_status(e);
	int64_t id;
	const char *token;
	e = app_token_create(&c->app, pos[0], label, &id, &token);
	if (e == PX_NOTFOUND) {
		fprintf(stderr, "parindex: không có người dùng %s | no user %s\n", pos[0], pos[0]);
		return 1;
	}
	if (e != PX_OK) {
		fprintf(stderr, "parindex: %s\n", db_errmsg(c->app.db));
		return 1;
	}
	fprintf(stderr, "Mã API số %lld cho %s; chỉ hiện một lần, hãy lưu lại | "
	                "API token %lld for %s; shown only once, keep it now:\n",
	        (long long)id, pos[0], (long long)id, pos[0]);
	printf("%s\n", token);
	return 0;
}

int cmd_token_revoke(struct cli *c, int argc, char **argv)
{
	static const char usage[] = "token revoke ID";
	const char *pos[1];
	int npos;
	enum px_err e = cli_parse(c, argc, argv, NULL, pos, 1, &npos, usage);
	unsigned id = 0;
	if (e == PX_OK && (npos != 1 || !parse_uint(pos[0], 1, 0xFFFFFFFFul, &id))) {
		cli_usage_error(usage, "cần số ID của mã | the token's ID number is needed");
		e = PX_USAGE;
	}
	if (e == PX_OK)
		e = cli_open_db(c);
	if (e != PX_OK)
		return px_exit_status(e);
	e = app_token_revoke(&c->app, id);
	if (e == PX_NOTFOUND) {
		fprintf(stderr, "parindex: không có mã %u còn hiệu lực | no valid token %u\n", id, id);
		return 1;
	}
	if (e != PX_OK) {
		fprintf(stderr, "parindex: %s\n", db_errmsg(c->app.db));
		return 1;
	}
	printf("Đã thu hồi mã %u | revoked token %u\n", id, id);
	return 0;
}
