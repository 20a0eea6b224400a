/*
 * report commands: `parindex report KIND [options] --out FILE.xlsx|FILE.pdf`.
 * Each kind parses its options, calls its app_report_* builder
 * (app/report.h) and renders the doc in the format the extension of
 * --out names.
 *
 * No partial file is ever left: the bytes are rendered in memory, written
 * to a temporary file in the directory of --out (created before any work,
 * so an unwritable --out is refused at once) and renamed over it only when
 * complete. Unknown extension or unwritable --out: exit 2; an unknown
 * framework, unit or version: exit 3 (bad input), with a bilingual message.
 */
#include "cli/cli.h"
#include "app/cycle.h"
#include "app/report.h"
#include "base/arena.h"
#include "base/datetime.h"
#include "core/dossier.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct out_file {
	const char *path;
	char tmp[4096];
	int fd;
	enum doc_format f;
};

/* Checks --out: a known extension, a directory we can write into. */
static enum px_err out_open(struct cli *c, const char *path, struct out_file *o)
{
	o->fd = -1;
	o->path = path;
	if (!path) {
		cli_usage_error(c->usage, "cần --out FILE.xlsx hoặc FILE.pdf | --out FILE.xlsx or "
		                          "FILE.pdf is needed");
		return PX_USAGE;
	}
	if (!doc_format_from_name(path, &o->f)) {
		cli_usage_error(c->usage, "--out: phần mở rộng phải là .xlsx hoặc .pdf: \"%s\" | "
		                          "--out: the extension must be .xlsx or .pdf: \"%s\"", path, path);
		return PX_USAGE;
	}
	const char *slash = strrchr(path, '/');
	int dl = slash ? (int)(slash - path) : 1;
	const char *dir = slash ? path : ".";
	if (slash == path)
		dl = 1;
	int n = snprintf(o->tmp, sizeof o->tmp, "%.*s/.parindex-report-XXXXXX", dl, dir);
	if (n < 0 || (size_t)n >= sizeof o->tmp) {
		cli_usage_error(c->usage, "--out: đường dẫn quá dài | --out: path too long");
		return PX_USAGE;
	}
	o->fd = mkstemp(o->tmp);
	if (o->fd < 0) {
		int err = errno;
		fprintf(stderr, "parindex: --out %s: không ghi được vào thư mục (%s) | cannot write "
		                "into its directory (%s)\n", path, strerror(err), strerror(err));
		return PX_USAGE;
	}
	return PX_OK;
}

static void out_abort(struct out_file *o)
{
	if (o->fd >= 0) {
		close(o->fd);
		unlink(o->tmp);
		o->fd = -1;
	}
}

static enum px_err out_commit(struct out_file *o, const struct str *bytes)
{
	size_t off = 0;
	while (off < bytes->len) {
		ssize_t w = write(o->fd, bytes->buf + off, bytes->len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	/* mkstemp made it 0600; a report is a document to share */
	bool ok = off == bytes->len && fchmod(o->fd, 0644) == 0 && fsync(o->fd) == 0;
	ok = close(o->fd) == 0 && ok;
	o->fd = -1;
	if (ok && rename(o->tmp, o->path) != 0)
		ok = false;
	if (!ok) {
		int err = errno;
		unlink(o->tmp);
		fprintf(stderr, "parindex: --out %s: lỗi ghi tệp (%s) | cannot write the file (%s)\n",
		        o->path, strerror(err), strerror(err));
		return PX_FAIL;
	}
	return PX_OK;
}

/* The shared tail: builder result -> bytes -> file. */
static int finish(struct cli *c, struct out_file *o, enum px_err e, struct doc *doc,
                  struct diags *d)
{
	if (e == PX_NOTFOUND)
		e = PX_BADINPUT;
	if (e != PX_OK) {
		out_abort(o);
		return cli_finish(d, e);
	}
	diags_print(d, stderr);
	diags_free(d);
	struct str bytes;
	str_init(&bytes, (size_t)1 << 30);
	if (c->tty)
		fprintf(stderr, "parindex: %zu bảng, đang xuất %s... | %zu table(s), writing %s...\n",
		        doc->ntables, o->path, doc->ntables, o->path);
	e = doc_render(doc, o->f, &bytes);
	if (e != PX_OK) {
		fprintf(stderr, "parindex: không tạo được tệp %s | cannot render the %s file\n",
		        doc_extension(o->f), doc_extension(o->f));
		out_abort(o);
	} else {
		e = out_commit(o, &bytes);
	}
	if (e == PX_OK)
		printf("%s (%zu byte)\n", o->path, bytes.len);
	str_free(&bytes);
	return px_exit_status(e);
}

/* Parses options (+ --out, --lang) and opens --out and the database. */
static enum px_err start(struct cli *c, int argc, char **argv, struct cli_opt *opts,
                         struct out_file *o, const char **pos)
{
	int npos = 0;
	enum px_err e = cli_parse(c, argc, argv, opts, pos, pos ? 1 : 0, &npos, c->usage);
	if (e != PX_OK)
		return e;
	if (pos && npos != 1) {
		cli_usage_error(c->usage, "cần một mã kế hoạch | one plan code is needed");
		return PX_USAGE;
	}
	const char *out = NULL;
	for (struct cli_opt *p = opts; p->name; p++)
		if (!strcmp(p->name, "--out"))
			out = *p->value;
	e = out_open(c, out, o);
	if (e == PX_OK)
		e = cli_open_db(c);
	if (e != PX_OK)
		out_abort(o);
	return e;
}

static bool lang_ok(struct cli *c, const char *lang)
{
	if (!lang || !strcmp(lang, "vi") || !strcmp(lang, "en"))
		return true;
	cli_usage_error(c->usage, "--lang nhận vi hoặc en | --lang takes vi or en");
	return false;
}

/* Every option of every report kind; a kind names the ones it takes. */
struct report_args {
	const char *framework, *group, *version, *unit, *from, *to, *year, *month, *lang, *out, *as_of;
	const char *plan; /* report plan CODE */
	const char *number; /* report emulation-decision --number */
	long v, y;
	int32_t d1, d2, m;
};

enum report_kind { R_RANKING, R_UNIT, R_STREAMLINING, R_DOSSIERS, R_LATE, R_CYCLE, R_URGING,
                   R_PLANS, R_PLAN, R_INSPECTION,
                   R_EMU_MINUTES, R_EMU_DECISION };

/* The CODE of `report inspection CODE` (the one report with a positional
 * argument; one command per process). */
static const char *inspection_code;

/* The values the options hold, checked (a usage error printed). */
static enum px_err check_values(struct cli *c, enum report_kind k, struct report_args *a)
{
	char *end = NULL;
	if (!lang_ok(c, a->lang))
		return PX_USAGE;
	if (k == R_RANKING && a->version) {
		a->v = strtol(a->version, &end, 10);
		if (*end || a->v < 1) {
			cli_usage_error(c->usage, "--version phải là số nguyên dương | --version must be "
			                          "a positive integer");
			return PX_USAGE;
		}
	}
	if (k == R_STREAMLINING) {
		enum px_err e = cli_date_arg(a->from, "--from", &a->d1);
		return e == PX_OK ? cli_date_arg(a->to, "--to", &a->d2) : e;
	}
	if (k == R_DOSSIERS || k == R_PLANS || k == R_EMU_MINUTES) {
		a->y = strtol(a->year, &end, 10);
		if (*end || a->y < 1900 || a->y > 9999) {
			cli_usage_error(c->usage, "cần --year YYYY | --year YYYY is needed");
			return PX_USAGE;
		}
	}
	if (k == R_URGING || k == R_PLAN) {
		a->d1 = app_today();
		if (a->as_of && !date_parse(a->as_of, strlen(a->as_of), &a->d1)) {
			cli_usage_error(c->usage, "--as-of cần dạng YYYY-MM-DD | --as-of takes YYYY-MM-DD");
			return PX_USAGE;
		}
	}
	if (k == R_LATE && !dossier_month_parse(a->month, strlen(a->month), &a->m)) {
		cli_usage_error(c->usage, "--month cần dạng YYYY-MM | --month takes YYYY-MM");
		return PX_USAGE;
	}
	return PX_OK;
}

static enum px_err build(struct cli *c, enum report_kind k, const struct report_args *a,
                         struct doc **doc, struct diags *d)
{
	struct app *app = &c->app;
	switch (k) {
	case R_RANKING:
		return app_report_ranking(app, a->framework, a->group, a->v, a->lang, doc, d);
	case R_UNIT:
		return app_report_unit(app, a->framework, a->unit, a->lang, doc, d);
	case R_STREAMLINING:
		return app_report_streamlining(app, a->d1, a->d2, a->lang, doc, d);
	case R_DOSSIERS:
		return app_report_dossiers(app, (int)a->y, a->unit, a->lang, doc, d);
	case R_LATE:
		return app_report_late(app, a->unit, a->m, a->lang, doc, d);
	case R_CYCLE:
		return app_report_cycle(app, a->framework, a->lang, doc, d);
	case R_URGING: {
		struct actor who = cli_actor(c);
		return app_report_urging(app, &who, a->unit, a->d1, a->lang, doc, d);
	}
	case R_PLANS: {
		struct actor who = cli_actor(c);
		return app_report_plans(app, &who, (int)a->y, a->lang, doc, d);
	}
	case R_PLAN: {
		struct actor who = cli_actor(c);
		return app_report_plan(app, &who, a->plan, a->d1, a->lang, doc, d);
	}
	case R_INSPECTION: {
		struct actor who = cli_actor(c);
		return app_report_inspection(app, &who, inspection_code, a->lang, doc, d);
	}
	case R_EMU_MINUTES: {
		struct actor who = cli_actor(c);
		return app_report_emu_minutes(app, &who, a->unit, (int)a->y, a->lang, doc, d);
	}
	case R_EMU_DECISION: {
		struct actor who = cli_actor(c);
		return app_report_emu_decision(app, &who, a->number, a->lang, doc, d);
	}
	}
	return PX_USAGE;
}

/* One report command: parse (required options marked CLI_NEEDED), open
 * --out and the database, check the values, build, write. */
static int report(struct cli *c, int argc, char **argv, enum report_kind k)
{
	struct report_args a = {0};
	const bool fw = k == R_RANKING || k == R_UNIT || k == R_CYCLE;
	struct cli_opt opts[8];
	size_t n = 0;
	if (fw)
		opts[n++] = (struct cli_opt){"--framework", CLI_NEEDED, &a.framework};
	if (k == R_RANKING) {
		opts[n++] = (struct cli_opt){"--group", true, &a.group};
		opts[n++] = (struct cli_opt){"--version", true, &a.version};
	}
	if (k == R_UNIT || k == R_DOSSIERS || k == R_LATE || k == R_URGING || k == R_EMU_MINUTES)
		opts[n++] = (struct cli_opt){"--unit", k == R_DOSSIERS ? true : CLI_NEEDED, &a.unit};
	if (k == R_STREAMLINING) {
		opts[n++] = (struct cli_opt){"--from", CLI_NEEDED, &a.from};
		opts[n++] = (struct cli_opt){"--to", CLI_NEEDED, &a.to};
	}
	if (k == R_DOSSIERS || k == R_PLANS || k == R_EMU_MINUTES)
		opts[n++] = (struct cli_opt){"--year", CLI_NEEDED, &a.year};
	if (k == R_EMU_DECISION)
		opts[n++] = (struct cli_opt){"--number", CLI_NEEDED, &a.number};
	if (k == R_LATE)
		opts[n++] = (struct cli_opt){"--month", CLI_NEEDED, &a.month};
	if (k == R_URGING || k == R_PLAN)
		opts[n++] = (struct cli_opt){"--as-of", true, &a.as_of};
	opts[n++] = (struct cli_opt){"--lang", true, &a.lang};
	opts[n++] = (struct cli_opt){"--out", true, &a.out};
	opts[n] = (struct cli_opt){0};
	struct out_file o = {.fd = -1}; /* nothing to remove until --out is open */
	enum px_err e = start(c, argc, argv, opts, &o, k == R_PLAN ? &a.plan : NULL);
	if (e == PX_OK)
		e = check_values(c, k, &a);
	if (e != PX_OK) {
		out_abort(&o);
		return px_exit_status(e);
	}
	struct diags d;
	diags_init(&d);
	struct doc *doc = NULL;
	e = build(c, k, &a, &doc, &d);
	return finish(c, &o, e, doc, &d);
}

int cmd_report_ranking(struct cli *c, int argc, char **argv)
{
	return report(c, argc, argv, R_RANKING);
}

int cmd_report_unit(struct cli *c, int argc, char **argv)
{
	return report(c, argc, argv, R_UNIT);
}

int cmd_report_streamlining(struct cli *c, int argc, char **argv)
{
	return report(c, argc, argv, R_STREAMLINING);
}

int cmd_report_dossiers(struct cli *c, int argc, char **argv)
{
	return report(c, argc, argv, R_DOSSIERS);
}

int cmd_report_late(struct cli *c, int argc, char **argv)
{
	return report(c, argc, argv, R_LATE);
}

int cmd_report_cycle(struct cli *c, int argc, char **argv)
{
	return report(c, argc, argv, R_CYCLE);
}

int cmd_report_urging(struct cli *c, int argc, char **argv)
{
	return report(c, argc, argv, R_URGING);
}

int cmd_report_plans(struct cli *c, int argc, char **argv)
{
	return report(c, argc, argv, R_PLANS);
}

int cmd_report_plan(struct cli *c, int argc, char **argv)
{
	return report(c, argc, argv, R_PLAN);
}

int cmd_report_inspection(struct cli *c, int argc, char **argv)
{
	if (argc < 1 || argv[0][0] == '-') {
		cli_usage_error(c->usage, "cần mã đợt kiểm tra | an inspection code is needed");
		return px_exit_status(PX_USAGE);
	}
	inspection_code = argv[0];
	return report(c, argc - 1, argv + 1, R_INSPECTION);
}

int cmd_report_emu_minutes(struct cli *c, int argc, char **argv)
{
	return report(c, argc, argv, R_EMU_MINUTES);
}

int cmd_report_emu_decision(struct cli *c, int argc, char **argv)
{
	return report(c, argc, argv, R_EMU_DECISION);
}
