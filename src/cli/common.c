/* Shared helpers of the CLI commands; see cli.h. */
#include "cli/cli.h"
#include "app/access.h"
#include "base/arena.h"
#include "base/datetime.h"
#include "base/mem.h"
#include "store/repo_audit.h"
#include "store/repo_user.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cli_usage_error(const char *usage, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "parindex: ");
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\ncách dùng | usage: parindex %s\n", usage);
}

enum px_err cli_parse(struct cli *c, int argc, char **argv, struct cli_opt *opts,
                      const char **pos, int maxpos, int *npos, const char *usage)
{
	const char *format = NULL;
	*npos = 0;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (a[0] != '-' || !a[1]) {
			if (*npos >= maxpos) {
				cli_usage_error(usage, "thừa tham số \"%s\" | unexpected argument \"%s\"", a, a);
				return PX_USAGE;
			}
			pos[(*npos)++] = a;
			continue;
		}
		const char *eq = strchr(a, '=');
		size_t len = eq ? (size_t)(eq - a) : strlen(a);
		struct cli_opt *o = NULL;
		struct cli_opt fmt_opt = {"--format", true, &format};
		if (len == 8 && !strncmp(a, "--format", 8))
			o = &fmt_opt;
		for (struct cli_opt *k = opts; !o && k && k->name; k++)
			if (strlen(k->name) == len && !strncmp(k->name, a, len))
				o = k;
		if (!o) {
			cli_usage_error(usage, "tùy chọn không rõ %.*s | unknown option %.*s",
			                (int)len, a, (int)len, a);
			return PX_USAGE;
		}
		if (!o->has_arg) {
			*o->value = "1";
		} else if (eq) {
			*o->value = eq + 1;
		} else if (i + 1 < argc) {
			*o->value = argv[++i];
		} else {
			cli_usage_error(usage, "%s cần một giá trị | %s needs a value", o->name, o->name);
			return PX_USAGE;
		}
	}
	c->format = REPORT_TABLE;
	if (format && !report_format_parse(format, &c->format)) {
		cli_usage_error(usage, "--format nhận table, csv hoặc json | --format takes table, csv or json");
		return PX_USAGE;
	}
	for (struct cli_opt *k = opts; k && k->name; k++) {
		if (k->has_arg == CLI_NEEDED && !*k->value) {
			cli_usage_error(usage, "cần %s | %s is needed", k->name, k->name);
			return PX_USAGE;
		}
	}
	return PX_OK;
}

enum px_err cli_options(struct cli *c, int argc, char **argv, struct cli_opt *opts)
{
	int npos;
	return cli_parse(c, argc, argv, opts, NULL, 0, &npos, c->usage);
}

enum px_err cli_one_arg(struct cli *c, int argc, char **argv, struct cli_opt *opts,
                        const char **arg, const char *needed)
{
	int npos;
	const char *pos[1] = {NULL};
	enum px_err e = cli_parse(c, argc, argv, opts, pos, 1, &npos, c->usage);
	if (e == PX_OK && npos != 1) {
		cli_usage_error(c->usage, "%s", needed);
		e = PX_USAGE;
	}
	*arg = pos[0];
	return e;
}

enum px_err cli_open(struct cli *c, int argc, char **argv, struct cli_opt *opts)
{
	enum px_err e = cli_options(c, argc, argv, opts);
	return e == PX_OK ? cli_open_db(c) : e;
}

bool cli_ready(struct cli *c, enum px_err *e, struct diags *d)
{
	if (*e == PX_OK)
		*e = cli_open_db(c);
	if (*e != PX_OK)
		return false;
	diags_init(d);
	return true;
}

enum px_err cli_listed(struct cli *c, enum px_err e)
{
	if (e == PX_OK)
		return e;
	fprintf(stderr, "parindex: %s\n", db_errmsg(c->app.db));
	return PX_FAIL;
}

enum px_err cli_open_db(struct cli *c)
{
	if (c->app.db)
		return PX_OK;
	char *msg = NULL;
	if (!c->db_shown) {
		char *shown = db_url_redact(c->db_url);
		c->db_shown = arena_strdup(c->app.arena, shown);
		free(shown);
	}
	if (db_open(c->db_url, &c->app.db, &msg) != PX_OK) {
		fprintf(stderr, "parindex: %s\n", msg);
		free(msg);
		return PX_FAIL;
	}
	if (db_migrate(c->app.db) != PX_OK) {
		fprintf(stderr, "parindex: %s: %s\n", c->db_shown, db_errmsg(c->app.db));
		return PX_FAIL;
	}
	/* a new database gets its audit anchor key (store/audit_anchor.c) */
	char amsg[600];
	if (audit_anchor_open(c->app.db, false, amsg, sizeof amsg) != PX_OK)
		fprintf(stderr, "parindex: %s\n", amsg);
	if (c->tty) {
		c->app.progress = cli_progress;
		c->app.progress_ctx = c;
	}
	return PX_OK;
}

enum px_err cli_report_diags(struct diags *d, enum px_err e)
{
	diags_print(d, stderr);
	if (e == PX_BADINPUT)
		fprintf(stderr, "parindex: %zu lỗi; không có gì thay đổi | %zu error(s); nothing changed\n",
		        d->errors, d->errors);
	return e;
}

enum px_err cli_date_arg(const char *s, const char *name, int32_t *out)
{
	if (!s) {
		*out = date_today();
		return PX_OK;
	}
	if (!date_parse(s, strlen(s), out)) {
		fprintf(stderr, "parindex: %s: ngày không hợp lệ \"%s\", cần YYYY-MM-DD | "
		                "invalid date \"%s\", expected YYYY-MM-DD\n", name, s, s);
		return PX_USAGE;
	}
	return PX_OK;
}

enum px_err cli_print(struct cli *c, struct report *r)
{
	if (report_write(r, c->format, stdout) != 0 || fflush(stdout) != 0) {
		fprintf(stderr, "parindex: lỗi ghi kết quả | cannot write the output\n");
		return PX_FAIL;
	}
	return PX_OK;
}

void cli_progress(void *ctx, size_t done, size_t total)
{
	(void)ctx;
	if (!total)
		return;
	static int last = -1;
	int pct = (int)(done * 100 / total);
	if (pct == last && done != total)
		return;
	last = pct;
	char bar[41];
	int fill = pct * 40 / 100;
	for (int i = 0; i < 40; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[40] = 0;
	fprintf(stderr, "\r[%s] %3d%% %zu/%zu", bar, pct, done, total);
	if (done == total) {
		fputc('\n', stderr);
		last = -1;
	}
}

struct actor cli_actor(struct cli *c)
{
	if (!c->as)
		return (struct actor){c->app.actor, "admin", NULL};
	struct user_rec u;
	struct actor who = {c->as, NULL, NULL, NULL, 0, c->app.db};
	if (c->app.db && repo_user_get(c->app.db, c->app.arena, c->as, &u, NULL) == PX_OK &&
	    !u.disabled)
		app_actor_of(&c->app, &u, &who);
	else
		fprintf(stderr, "parindex: --as: không có người dùng đang hoạt động \"%s\" | "
		                "--as: no active user \"%s\"\n", c->as, c->as);
	return who;
}

int cli_finish(struct diags *d, enum px_err e)
{
	if (e != PX_OK) {
		diags_print(d, stderr);
		if (e == PX_DENIED)
			e = PX_USAGE;
	}
	diags_free(d);
	return px_exit_status(e);
}
