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
                         struct out_file *o)
{
	int npos;
	enum px_err e = cli_parse(c, argc, argv, opts, NULL, 0, &npos, c->usage);
	if (e != PX_OK)
		return e;
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

int cmd_report_ranking(struct cli *c, int argc, char **argv)
{
	const char *fw = NULL, *group = NULL, *version = NULL, *out = NULL, *lang = NULL;
	struct cli_opt opts[] = {{"--framework", true, &fw}, {"--group", true, &group},
	                         {"--version", true, &version}, {"--lang", true, &lang},
	                         {"--out", true, &out}, {0}};
	long v = 0;
	struct out_file o;
	enum px_err e = start(c, argc, argv, opts, &o);
	if (e == PX_OK && (!fw || !lang_ok(c, lang))) {
		if (!fw)
			cli_usage_error(c->usage, "cần --framework | --framework is needed");
		e = PX_USAGE;
	}
	if (e == PX_OK && version) {
		char *end;
		v = strtol(version, &end, 10);
		if (*end || v < 1) {
			cli_usage_error(c->usage, "--version phải là số nguyên dương | --version must be "
			                          "a positive integer");
			e = PX_USAGE;
		}
	}
	if (e != PX_OK) {
		out_abort(&o);
		return px_exit_status(e);
	}
	struct diags d;
	diags_init(&d);
	struct doc *doc = NULL;
	e = app_report_ranking(&c->app, fw, group, v, lang, &doc, &d);
	return finish(c, &o, e, doc, &d);
}

int cmd_report_unit(struct cli *c, int argc, char **argv)
{
	const char *fw = NULL, *unit = NULL, *out = NULL, *lang = NULL;
	struct cli_opt opts[] = {{"--framework", true, &fw}, {"--unit", true, &unit},
	                         {"--lang", true, &lang}, {"--out", true, &out}, {0}};
	struct out_file o;
	enum px_err e = start(c, argc, argv, opts, &o);
	if (e == PX_OK && (!fw || !unit || !lang_ok(c, lang))) {
		if (!fw || !unit)
			cli_usage_error(c->usage, "cần --framework và --unit | --framework and --unit are "
			                          "needed");
		out_abort(&o);
		e = PX_USAGE;
	}
	if (e != PX_OK)
		return px_exit_status(e);
	struct diags d;
	diags_init(&d);
	struct doc *doc = NULL;
	e = app_report_unit(&c->app, fw, unit, lang, &doc, &d);
	return finish(c, &o, e, doc, &d);
}

int cmd_report_streamlining(struct cli *c, int argc, char **argv)
{
	const char *from = NULL, *to = NULL, *out = NULL, *lang = NULL;
	struct cli_opt opts[] = {{"--from", true, &from}, {"--to", true, &to},
	                         {"--lang", true, &lang}, {"--out", true, &out}, {0}};
	struct out_file o;
	int32_t d1 = 0, d2 = 0;
	enum px_err e = start(c, argc, argv, opts, &o);
	if (e == PX_OK && (!from || !to || !lang_ok(c, lang))) {
		if (!from || !to)
			cli_usage_error(c->usage, "cần --from và --to | --from and --to are required");
		e = PX_USAGE;
	}
	if (e == PX_OK)
		e = cli_date_arg(from, "--from", &d1);
	if (e == PX_OK)
		e = cli_date_arg(to, "--to", &d2);
	if (e != PX_OK) {
		out_abort(&o);
		return px_exit_status(e);
	}
	struct diags d;
	diags_init(&d);
	struct doc *doc = NULL;
	e = app_report_streamlining(&c->app, d1, d2, lang, &doc, &d);
	return finish(c, &o, e, doc, &d);
}

int cmd_report_dossiers(struct cli *c, int argc, char **argv)
{
	const char *year = NULL, *unit = NULL, *out = NULL, *lang = NULL;
	struct cli_opt opts[] = {{"--year", true, &year}, {"--unit", true, &unit},
	                         {"--lang", true, &lang}, {"--out", true, &out}, {0}};
	struct out_file o;
	long y = 0;
	enum px_err e = start(c, argc, argv, opts, &o);
	if (e == PX_OK && lang_ok(c, lang)) {
		char *end = NULL;
		y = year ? strtol(year, &end, 10) : 0;
		if (!year || *end || y < 1900 || y > 9999) {
			cli_usage_error(c->usage, "cần --year YYYY | --year YYYY is needed");
			e = PX_USAGE;
		}
	} else if (e == PX_OK) {
		e = PX_USAGE;
	}
	if (e != PX_OK) {
		out_abort(&o);
		return px_exit_status(e);
	}
	struct diags d;
	diags_init(&d);
	struct doc *doc = NULL;
	e = app_report_dossiers(&c->app, (int)y, unit, lang, &doc, &d);
	return finish(c, &o, e, doc, &d);
}

int cmd_report_late(struct cli *c, int argc, char **argv)
{
	const char *unit = NULL, *month = NULL, *out = NULL, *lang = NULL;
	struct cli_opt opts[] = {{"--unit", true, &unit}, {"--month", true, &month},
	                         {"--lang", true, &lang}, {"--out", true, &out}, {0}};
	struct out_file o;
	int32_t m = 0;
	enum px_err e = start(c, argc, argv, opts, &o);
	if (e == PX_OK && (!unit || !month || !lang_ok(c, lang))) {
		if (!unit || !month)
			cli_usage_error(c->usage, "cần --unit và --month | --unit and --month are needed");
		e = PX_USAGE;
	}
	if (e == PX_OK && !dossier_month_parse(month, strlen(month), &m)) {
		cli_usage_error(c->usage, "--month cần dạng YYYY-MM | --month takes YYYY-MM");
		e = PX_USAGE;
	}
	if (e != PX_OK) {
		out_abort(&o);
		return px_exit_status(e);
	}
	struct diags d;
	diags_init(&d);
	struct doc *doc = NULL;
	e = app_report_late(&c->app, unit, m, lang, &doc, &d);
	return finish(c, &o, e, doc, &d);
}

int cmd_report_cycle(struct cli *c, int argc, char **argv)
{
	const char *fw = NULL, *out = NULL, *lang = NULL;
	struct cli_opt opts[] = {{"--framework", true, &fw}, {"--lang", true, &lang},
	                         {"--out", true, &out}, {0}};
	struct out_file o;
	enum px_err e = start(c, argc, argv, opts, &o);
	if (e == PX_OK && (!fw || !lang_ok(c, lang))) {
		if (!fw)
			cli_usage_error(c->usage, "cần --framework | --framework is needed");
		out_abort(&o);
		e = PX_USAGE;
	}
	if (e != PX_OK)
		return px_exit_status(e);
	struct diags d;
	diags_init(&d);
	struct doc *doc = NULL;
	e = app_report_cycle(&c->app, fw, lang, &doc, &d);
	return finish(c, &o, e, doc, &d);
}
