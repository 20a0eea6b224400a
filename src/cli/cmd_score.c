/*
 * Framework and index commands: framework import/list/show/export/check,
 * assessment import, score (ranking, sensitivity, year-on-year changes),
 * explain, publish, results.
 */
#include "cli/cli.h"
#include "app/cycle.h"
#include "app/inspection.h"
#include "base/arena.h"
#include "base/utf8.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *method_name(enum frm_method m)
{
	switch (m) {
	case FRM_METHOD_ASSESSED:
		return "assessed";
	case FRM_METHOD_FORMULA:
		return "formula";
	default:
		return "group";
	}
}

static const char *evidence_name(enum frm_evidence e)
{
	return e == FRM_EVIDENCE_REQUIRED ? "required" : e == FRM_EVIDENCE_NONE ? "none" : "optional";
}

/* Header overrides for table files, from options. */
static enum px_err header_opts(int argc, char **argv, struct cli *c, struct frm_header *h,
                               const char **file)
{
	const char *year = NULL, *prec = NULL;
	frm_header_init(h);
	struct cli_opt opts[] = {
		{"--code", true, &h->code}, {"--title", true, &h->title}, {"--year", true, &year},
		{"--group", true, &h->group}, {"--grades", true, &h->grades},
		{"--rank-precision", true, &prec}, {"--previous", true, &h->previous}, {0}};
	enum px_err e = cli_one_arg(c, argc, argv, opts, file, CLI_NEED_FILE);
	if (e == PX_OK && year) {
		char *end;
		long y = strtol(year, &end, 10);
		if (*end || y < 1900 || y > 9999) {
			cli_usage_error(c->usage, "--year không hợp lệ | invalid --year");
			e = PX_USAGE;
		}
		h->year = (int)y;
	}
	if (e == PX_OK && prec) {
		char *end;
		long p = strtol(prec, &end, 10);
		if (*end || p < 0 || p > FRM_RANK_PRECISION_MAX) {
			cli_usage_error(c->usage, "--rank-precision từ 0 đến 6 | --rank-precision 0 to 6");
			e = PX_USAGE;
		}
		h->rank_precision = (int)p;
	}
	return e;
}

static void print_framework_summary(const struct framework *fw)
{
	printf("%s — %s (%d): %zu tiêu chí, %zu chấm điểm, %zu công thức | "
	       "%zu criteria, %zu assessed, %zu formulas\n",
	       fw->code, fw->title, fw->year, fw->nnodes, fw->nassessed, fw->nformulas,
	       fw->nnodes, fw->nassessed, fw->nformulas);
}

/* framework check and framework import: the same file and options; check
 * stores nothing and counts the problems, import stores the framework. */
static int framework_file(struct cli *c, int argc, char **argv, bool import)
{
	struct frm_header h;
	const char *file;
	enum px_err e = header_opts(argc, argv, c, &h, &file);
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct framework *fw;
	bool changed;
	struct actor who = cli_actor(c);
	e = import ? app_framework_import(&c->app, &who, file, &h, &d, &fw, &changed)
	           : app_framework_check(&c->app, file, &h, &d, &fw);
	if (import && e != PX_OK)
		cli_report_diags(&d, e);
	else
		diags_print(&d, stderr);
	if (e == PX_OK)
		print_framework_summary(fw);
	if (e == PX_OK && import)
		printf(changed ? "Đã nhập | imported\n"
		               : "Không thay đổi: đã có bộ tiêu chí giống hệt | unchanged: identical "
		                 "framework already stored\n");
	else if (e == PX_OK)
		printf("%zu cảnh báo, không có lỗi | %zu warning(s), no errors\n", d.warnings,
		       d.warnings);
	else if (e == PX_BADINPUT && !import)
		fprintf(stderr, "parindex: %zu lỗi, %zu cảnh báo | %zu error(s), %zu warning(s)\n",
		        d.errors, d.warnings, d.errors, d.warnings);
	diags_free(&d);
	return px_exit_status(e == PX_DENIED ? PX_USAGE : e);
}

int cmd_framework_check(struct cli *c, int argc, char **argv)
{
	return framework_file(c, argc, argv, false);
}

int cmd_framework_import(struct cli *c, int argc, char **argv)
{
	return framework_file(c, argc, argv, true);
}

int cmd_framework_list(struct cli *c, int argc, char **argv)
{
	struct framework_row *rows;
	size_t n;
	enum px_err e = cli_open(c, argc, argv, NULL);
	if (e == PX_OK)
		e = cli_listed(c, app_framework_list(&c->app, &rows, &n));
	if (e != PX_OK)
		return px_exit_status(e);
	struct report *r = report_new(c->app.arena, (const char *const[]){
		"code", "year", "group", "title", "published_versions", "unit", NULL});
	for (size_t i = 0; i < n; i++) {
		report_row(r);
		report_text(r, rows[i].code);
		report_int(r, rows[i].year);
		report_text(r, rows[i].groups);
		report_text(r, rows[i].title);
		report_int(r, rows[i].versions);
		report_text(r, rows[i].unit ? rows[i].unit : ""); /* the owner; empty: the city */
	}
	return px_exit_status(cli_print(c, r));
}

/* framework show and export: the framework named by the one argument,
 * loaded from the database. */
static enum px_err load_framework(struct cli *c, int argc, char **argv, struct framework **fw)
{
	const char *code;
	enum px_err e = cli_one_arg(c, argc, argv, NULL, &code,
	                            "cần mã bộ tiêu chí | a framework code is needed");
	if (e == PX_OK)
		e = cli_open_db(c);
	if (e != PX_OK)
		return e;
	struct diags d;
	diags_init(&d);
	e = app_framework_load(&c->app, code, &d, fw);
	if (e != PX_OK)
		diags_print(&d, stderr);
	diags_free(&d);
	return e;
}

static const char *kinds_text(struct arena *a, const char *const *k, size_t n)
{
	size_t len = 1;
	for (size_t i = 0; i < n; i++)
		len += strlen(k[i]) + 1;
	char *s = arena_alloc(a, len), *p = s;
	for (size_t i = 0; i < n; i++) {
		if (i)
			*p++ = ';';
		size_t l = strlen(k[i]);
		memcpy(p, k[i], l);
		p += l;
	}
	*p = 0;
	return s;
}

static const char *indent(struct arena *a, int depth, const char *s)
{
	size_t l = strlen(s);
	char *r = arena_alloc(a, 2 * (size_t)depth + l + 1);
	memset(r, ' ', 2 * (size_t)depth);
	memcpy(r + 2 * depth, s, l + 1);
	return r;
}

int cmd_framework_show(struct cli *c, int argc, char **argv)
{
	struct framework *fw = NULL;
	enum px_err e = load_framework(c, argc, argv, &fw);
	if (e != PX_OK)
		return px_exit_status(e);
	struct arena *a = c->app.arena;
	bool table = c->format == REPORT_TABLE;
	struct report *r = report_new(a, (const char *const[]){
		"code", "title", "max", "min", "method", "formula", "applies_to", "evidence", "depth",
		NULL});
	if (table)
		print_framework_summary(fw);
	for (size_t i = 0; i < fw->nnodes; i++) {
		const struct frm_node *n = &fw->nodes[i];
		report_row(r);
		report_text(r, table ? indent(a, n->depth, n->code) : n->code);
		report_text(r, n->title);
		report_num(r, n->max, 2);
		report_num(r, n->min, 2);
		report_text(r, n->extra ? "extra" : method_name(n->method));
		report_text(r, n->formula_text);
		report_text(r, n->napplies ? kinds_text(a, n->applies_to, n->napplies) : NULL);
		report_text(r, n->method == FRM_METHOD_GROUP ? NULL : evidence_name(n->evidence));
		report_int(r, n->depth);
	}
	return px_exit_status(cli_print(c, r));
}

int cmd_framework_export(struct cli *c, int argc, char **argv)
{
	struct framework *fw = NULL;
	enum px_err e = load_framework(c, argc, argv, &fw);
	if (e != PX_OK)
		return px_exit_status(e);
	struct str s;
	str_init(&s, FRM_FILE_MAX);
	e = frm_write_json(fw, &s);
	if (e == PX_OK && (str_error(&s) || fwrite(str_cstr(&s), 1, s.len, stdout) != s.len))
		e = PX_FAIL;
	str_free(&s);
	return px_exit_status(e);
}

int cmd_assessment_import(struct cli *c, int argc, char **argv)
{
	const char *fw = NULL, *file;
	struct cli_opt opts[] = {{"--framework", CLI_NEEDED, &fw}, {0}};
	enum px_err e = cli_one_arg(c, argc, argv, opts, &file, CLI_NEED_FILE);
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct import_summary sum;
	e = app_assessment_import(&c->app, file, fw, &d, &sum);
	if (e == PX_OK)
		printf("Đã nhập %ld điểm: %ld mới, %ld cập nhật, %ld không đổi | "
		       "imported %ld scores: %ld new, %ld updated, %ld unchanged\n",
		       sum.rows, sum.inserted, sum.updated, sum.unchanged, sum.rows, sum.inserted,
		       sum.updated, sum.unchanged);
	else
		cli_report_diags(&d, e);
	diags_free(&d);
	return px_exit_status(e);
}

static void num_or_null(struct report *r, bool has, double v, int decimals)
{
	if (has && isfinite(v))
		report_num(r, v, decimals);
	else
		report_null(r);
}

static int print_ranking(struct cli *c, struct app_scoring *sc)
{
	struct arena *a = c->app.arena;
	const struct framework *fw = sc->fw;
	int prec = fw->rank_precision;
	size_t ncols = 9 + fw->ntop;
	const char **cols = arena_array(a, ncols + 1, sizeof *cols);
	const char *fixed[] = {"rank", "unit_code", "unit_name", "points", "max", "index",
	                       "grade", "status"};
	for (size_t i = 0; i < 8; i++)
		cols[i] = fixed[i];
	for (size_t t = 0; t < fw->ntop; t++)
		cols[8 + t] = arena_printf(a, "c:%s", fw->nodes[fw->top[t]].code);
	cols[8 + fw->ntop] = "missing";
	struct report *r = report_new(a, cols);
	for (size_t i = 0; i < sc->nunits; i++) {
		size_t u = sc->res.order[i];
		const struct score_unit_result *res = &sc->res.units[u];
		bool ok = res->status == SCORE_OK;
		report_row(r);
		if (res->rank)
			report_int(r, res->rank);
		else
			report_null(r);
		report_text(r, sc->units[u].code);
		report_text(r, sc->units[u].name);
		report_num(r, res->points, prec);
		report_num(r, res->max, prec);
		num_or_null(r, ok, res->index, prec);
		report_text(r, res->grade >= 0 ? fw->grades[res->grade].code : NULL);
		report_text(r, ok ? "ok" : "incomplete");
		for (size_t t = 0; t < fw->ntop; t++)
			num_or_null(r, score_node_applies(&sc->res, u, fw->top[t]),
			            score_points(&sc->res, u, fw->top[t]), prec);
		report_int(r, (int64_t)res->nmissing);
	}
	return px_exit_status(cli_print(c, r));
}

static int print_sensitivity(struct cli *c, struct app_scoring *sc)
{
	struct arena *a = c->app.arena;
	const struct framework *fw = sc->fw;
	struct rank_sensitivity sv;
	if (rank_sensitivity(&sc->res, 0.9, 1.1, a, &sv) != PX_OK)
		return 1;
	size_t ncols = 4 + 2 * sv.ndomains;
	const char **cols = arena_array(a, ncols + 1, sizeof *cols);
	cols[0] = "unit_code";
	cols[1] = "unit_name";
	cols[2] = "rank";
	cols[3] = "max_shift";
	for (size_t k = 0; k < sv.ndomains; k++) {
		cols[4 + 2 * k] = arena_printf(a, "%s:-10%%", fw->nodes[sv.domains[k]].code);
		cols[5 + 2 * k] = arena_printf(a, "%s:+10%%", fw->nodes[sv.domains[k]].code);
	}
	struct report *r = report_new(a, cols);
	for (size_t i = 0; i < sc->res.nranked; i++) {
		size_t u = sc->res.order[i];
		report_row(r);
		report_text(r, sc->units[u].code);
		report_text(r, sc->units[u].name);
		report_int(r, sc->res.units[u].rank);
		report_int(r, sv.max_shift[u]);
		for (size_t k = 0; k < sv.ndomains; k++) {
			report_int(r, sv.rank_low[u * sv.ndomains + k]);
			report_int(r, sv.rank_high[u * sv.ndomains + k]);
		}
	}
	enum px_err e = cli_print(c, r);
	if (c->format == REPORT_TABLE)
		printf(sv.max_shift_all == 0
		               ? "Xếp hạng vững: không đơn vị nào đổi hạng khi trọng số một lĩnh vực ±10%% | "
		                 "robust: no unit changes rank when one domain is weighted ±10%%\n"
		               : "Thay đổi hạng lớn nhất khi trọng số một lĩnh vực ±10%%: %d | "
		                 "largest rank shift when one domain is weighted ±10%%: %d\n",
		       sv.max_shift_all, sv.max_shift_all);
	return px_exit_status(e);
}

static int print_changes(struct cli *c, struct app_scoring *sc, const char *group)
{
	struct arena *a = c->app.arena;
	const struct framework *fw = sc->fw;
	struct diags d;
	diags_init(&d);
	struct app_scoring prev;
	enum px_err e = app_score_previous(&c->app, sc, group, &d, &prev);
	diags_print(&d, stderr);
	diags_free(&d);
	if (e == PX_NOTFOUND) {
		fprintf(stderr, "parindex: %s không có bộ tiêu chí năm trước (previous) | "
		                "%s names no previous framework\n", fw->code, fw->code);
		return 1;
	}
	if (e != PX_OK)
		return px_exit_status(e);
	struct rank_yoy y;
	if (rank_compare(&sc->res, &prev.res, NULL, 3, a, &y) != PX_OK)
		return 1;
	struct report *r = report_new(a, (const char *const[]){
		"unit_code", "unit_name", "rank", "rank_change", "index", "index_change",
		"moved_most", NULL});
	for (size_t i = 0; i < sc->nunits; i++) {
		size_t u = sc->res.order[i];
		const struct rank_yoy_unit *yu = &y.units[u];
		report_row(r);
		report_text(r, sc->units[u].code);
		report_text(r, sc->units[u].name);
		if (sc->res.units[u].rank)
			report_int(r, sc->res.units[u].rank);
		else
			report_null(r);
		if (yu->has_rank_change)
			report_int(r, yu->rank_change);
		else
			report_null(r);
		num_or_null(r, sc->res.units[u].status == SCORE_OK, sc->res.units[u].index,
		            fw->rank_precision);
		num_or_null(r, yu->has_index_change, yu->index_change, fw->rank_precision);
		struct str m;
		str_init(&m, 0);
		for (size_t k = 0; k < yu->nmoves; k++)
			str_printf(&m, "%s%s %+.1f", k ? "; " : "", fw->nodes[yu->moves[k].node].code,
			           yu->moves[k].change);
		report_text(r, yu->nmoves ? str_cstr(&m) : NULL);
		str_free(&m);
	}
	return px_exit_status(cli_print(c, r));
}

int cmd_score(struct cli *c, int argc, char **argv)
{
	const char *fw = NULL, *group = NULL, *view = "ranking";
	struct cli_opt opts[] = {{"--framework", CLI_NEEDED, &fw}, {"--group", true, &group},
	                         {"--view", true, &view}, {0}};
	enum px_err e = cli_options(c, argc, argv, opts);
	if (e == PX_OK && strcmp(view, "ranking") && strcmp(view, "sensitivity") &&
	    strcmp(view, "changes")) {
		cli_usage_error(c->usage, "--view nhận ranking, sensitivity hoặc changes | --view takes "
		                       "ranking, sensitivity or changes");
		e = PX_USAGE;
	}
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct app_scoring sc;
	e = app_score(&c->app, fw, group, &d, &sc);
	diags_print(&d, stderr);
	diags_free(&d);
	if (e != PX_OK)
		return px_exit_status(e);
	if (!strcmp(view, "sensitivity"))
		return print_sensitivity(c, &sc);
	if (!strcmp(view, "changes"))
		return print_changes(c, &sc, group);
	return print_ranking(c, &sc);
}

/* The inspections and recommendations behind a node's inspection.*
 * inputs, one "CODE vi | en" per cause (NULL when the node has none), as
 * the command's actor may see them (app_inspection_causes). */
static const char *inspection_causes(struct cli *c, const struct framework *f,
                                     const struct score_explain_node *n, const char *unit)
{
	struct arena *a = c->app.arena;
	struct actor who = cli_actor(c);
	struct insp_cause *v;
	size_t nv;
	struct diags d;
	diags_init(&d);
	enum px_err e = app_inspection_explain_node(&c->app, &who, f->year, n, unit, &v, &nv, &d);
	diags_print(&d, stderr);
	diags_free(&d);
	struct str out;
	str_init(&out, 0);
	for (size_t i = 0; e == PX_OK && i < nv; i++)
		str_printf(&out, "%s%s %s | %s", out.len ? "; " : "", v[i].insp->code,
		           app_inspection_cause_text(a, &v[i], false),
		           app_inspection_cause_text(a, &v[i], true));
	const char *text = out.len ? arena_strdup(a, str_cstr(&out)) : NULL;
	str_free(&out);
	return text;
}

int cmd_explain(struct cli *c, int argc, char **argv)
{
	const char *fw = NULL, *unit = NULL;
	struct cli_opt opts[] = {{"--framework", CLI_NEEDED, &fw}, {"--unit", CLI_NEEDED, &unit},
	                         {0}};
	enum px_err e = cli_open(c, argc, argv, opts);
	if (e != PX_OK)
		return px_exit_status(e);
	struct arena *a = c->app.arena;
	struct diags d;
	diags_init(&d);
	struct app_scoring sc;
	e = app_score(&c->app, fw, NULL, &d, &sc);
	diags_print(&d, stderr);
	diags_free(&d);
	if (e != PX_OK)
		return px_exit_status(e);
	size_t u = 0;
	while (u < sc.nunits && strcmp(sc.units[u].code, unit))
		u++;
	if (u == sc.nunits) {
		fprintf(stderr, "parindex: đơn vị \"%s\" không thuộc nhóm của %s | unit \"%s\" is not "
		                "scored by %s\n", unit, fw, unit, fw);
		return 1;
	}
	struct score_explain ex;
	if (score_explain(&sc.res, u, a, &ex) != PX_OK)
		return 1;
	const struct framework *f = sc.fw;
	int prec = f->rank_precision;
	const struct score_unit_result *res = &sc.res.units[u];
	bool table = c->format == REPORT_TABLE;
	if (table) {
		printf("%s — %s (%s), %s %s\n", sc.units[u].code, sc.units[u].name, sc.units[u].kind,
		       f->code, f->title);
		if (res->status == SCORE_OK)
			printf("Điểm %.*f / %.*f = %.*f%%, hạng %d, xếp loại %s | points %.*f / %.*f = "
			       "%.*f%%, rank %d, grade %s\n",
			       prec, res->points, prec, res->max, prec, res->index, res->rank,
			       res->grade >= 0 ? f->grades[res->grade].code : "-", prec, res->points,
			       prec, res->max, prec, res->index, res->rank,
			       res->grade >= 0 ? f->grades[res->grade].code : "-");
		else
			printf("Chưa đủ dữ liệu (%zu mục thiếu) | incomplete (%zu missing)\n",
			       res->nmissing, res->nmissing);
	}
	struct report *r = report_new(a, (const char *const[]){
		"criterion", "title", "max", "self", "appraised", "points", "formula", "inputs",
		"missing", "inspections", NULL});
	for (size_t i = 0; i < ex.nnodes; i++) {
		const struct score_explain_node *n = &ex.nodes[i];
		const struct frm_node *fn = &f->nodes[n->node];
		report_row(r);
		report_text(r, table ? indent(a, fn->depth, fn->code) : fn->code);
		report_text(r, fn->title);
		if (n->applies)
			report_num(r, n->max, prec);
		else
			report_text(r, "n/a");
		num_or_null(r, n->has_self, n->self, prec);
		num_or_null(r, n->has_appraised, n->appraised, prec);
		num_or_null(r, n->applies && !n->missing, n->points, prec);
		report_text(r, n->formula);
		struct str in;
		str_init(&in, 0);
		for (size_t k = 0; k < n->nmetrics; k++) {
			const struct score_explain_metric *m = &n->metrics[k];
			const char *src = sc.metric_source[(size_t)m->slot * sc.nunits + u];
			str_printf(&in, "%s%s = ", k ? "; " : "", m->ref);
			if (m->present) {
				str_add_double(&in, m->value);
				if (src && *src)
					str_printf(&in, " [%s]", src);
			} else {
				str_adds(&in, "?");
			}
		}
		report_text(r, n->nmetrics ? str_cstr(&in) : NULL);
		str_free(&in);
		struct str why;
		str_init(&why, 0);
		for (size_t k = 0; k < n->nwhy; k++) {
			const char *vi, *en;
			score_missing_text(f, &n->why[k], sc.units[u].kind, a, &vi, &en);
			str_printf(&why, "%s%s | %s", k ? "; " : "", vi, en);
		}
		report_text(r, n->nwhy ? str_cstr(&why) : NULL);
		str_free(&why);
		report_text(r, n->applies ? inspection_causes(c, f, n, unit) : NULL);
	}
	return px_exit_status(cli_print(c, r));
}

int cmd_publish(struct cli *c, int argc, char **argv)
{
	const char *fw = NULL;
	struct cli_opt opts[] = {{"--framework", CLI_NEEDED, &fw}, {0}};
	enum px_err e = cli_options(c, argc, argv, opts);
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	long version;
	struct publish_change *ch;
	size_t n;
	struct actor who = cli_actor(c);
	e = app_cycle_publish(&c->app, &who, fw, &version, &ch, &n, &d);
	diags_print(&d, stderr);
	diags_free(&d);
	if (e != PX_OK) /* a refusal (--as) exits as a usage error, as cli_finish does */
		return px_exit_status(e == PX_DENIED ? PX_USAGE : e);
	printf("Đã công bố %s phiên bản %ld | published %s version %ld\n", fw, version, fw, version);
	if (version > 1) {
		printf("%zu đơn vị thay đổi so với phiên bản %ld | %zu unit(s) changed since version %ld\n",
		       n, version - 1, n, version - 1);
		for (size_t i = 0; i < n; i++)
			printf("  %s: %s\n", ch[i].unit, ch[i].what);
	}
	return 0;
}

int cmd_results(struct cli *c, int argc, char **argv)
{
	const char *fw = NULL, *ver = NULL;
	struct cli_opt opts[] = {{"--framework", CLI_NEEDED, &fw}, {"--version", true, &ver}, {0}};
	long version = 0;
	enum px_err e = cli_options(c, argc, argv, opts);
	if (e == PX_OK && ver) {
		char *end;
		version = strtol(ver, &end, 10);
		if (*end || version < 1) {
			cli_usage_error(c->usage, "--version là số từ 1 | --version is a number from 1");
			e = PX_USAGE;
		}
	}
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct publication_result_row *rows;
	size_t n;
	const char *at, *by;
	e = app_published(&c->app, fw, &version, &rows, &n, &at, &by, &d);
	diags_print(&d, stderr);
	diags_free(&d);
	if (e != PX_OK)
		return px_exit_status(e);
	if (c->format == REPORT_TABLE)
		printf("%s, phiên bản %ld, công bố %s bởi %s | version %ld, published %s by %s\n", fw,
		       version, at, by, version, at, by);
	struct report *r = report_new(c->app.arena, (const char *const[]){
		"rank", "unit_code", "unit_name", "points", "max", "index", "grade", "status", NULL});
	for (size_t i = 0; i < n; i++) {
		report_row(r);
		if (rows[i].rank)
			report_int(r, rows[i].rank);
		else
			report_null(r);
		report_text(r, rows[i].unit_code);
		report_text(r, rows[i].unit_name);
		report_num(r, rows[i].points, 2);
		report_num(r, rows[i].max, 2);
		num_or_null(r, rows[i].has_index, rows[i].index, 2);
		report_text(r, rows[i].grade);
		report_text(r, rows[i].status);
	}
	return px_exit_status(cli_print(c, r));
}
