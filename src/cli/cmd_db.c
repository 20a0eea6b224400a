/* Database-wide commands: init, demo, backup, audit verify. */
#include "cli/cli.h"
#include "base/arena.h"
#include "store/repo_audit.h"
#include "store/repo_unit.h"

#include <stdio.h>
#include <string.h>

int cmd_init(struct cli *c, int argc, char **argv)
{
	int npos;
	enum px_err e = cli_parse(c, argc, argv, NULL, NULL, 0, &npos, "init");
	if (e == PX_OK)
		e = cli_open_db(c);
	if (e == PX_OK)
		printf("CSDL %s sẵn sàng, lược đồ phiên bản %d | database %s ready, schema version %d\n",
		       c->db_shown, db_schema_version(c->app.db), c->db_shown,
		       db_schema_version(c->app.db));
	return px_exit_status(e);
}

int cmd_demo(struct cli *c, int argc, char **argv)
{
	const char *force = NULL;
	struct cli_opt opts[] = {{"--force", false, &force}, {0}};
	int npos;
	enum px_err e = cli_parse(c, argc, argv, opts, NULL, 0, &npos, "demo [--force]");
	if (e == PX_OK)
		e = cli_open_db(c);
	if (e != PX_OK)
		return px_exit_status(e);
	struct diags d;
	diags_init(&d);
	c->app.actor = "demo";
	e = app_demo(&c->app, force != NULL, &d);
	if (e == PX_OK)
		printf("Đã nạp thành phố mẫu vào %s: %ld đơn vị, %ld cán bộ (số liệu minh họa) | "
		       "demo city loaded into %s: %ld units, %ld staff (demo figures)\n",
		       c->db_shown, repo_unit_count(c->app.db), repo_staff_count(c->app.db),
		       c->db_shown, repo_unit_count(c->app.db), repo_staff_count(c->app.db));
	else
		cli_report_diags(&d, e);
	diags_free(&d);
	return px_exit_status(e);
}

int cmd_backup(struct cli *c, int argc, char **argv)
{
	const char *pos[1];
	int npos;
	enum px_err e = cli_parse(c, argc, argv, NULL, pos, 1, &npos, "backup FILE");
	if (e == PX_OK && npos != 1) {
		cli_usage_error("backup FILE", "cần tên tệp | a file name is needed");
		e = PX_USAGE;
	}
	if (e == PX_OK)
		e = cli_open_db(c);
	if (e == PX_OK && (e = db_backup(c->app.db, pos[0])) != PX_OK)
		fprintf(stderr, "parindex: sao lưu thất bại | backup failed: %s\n",
		        db_errmsg(c->app.db));
	if (e == PX_OK)
		printf("Đã sao lưu vào %s | backed up to %s\n", pos[0], pos[0]);
	return px_exit_status(e);
}

int cmd_audit_verify(struct cli *c, int argc, char **argv)
{
	int npos;
	enum px_err e = cli_parse(c, argc, argv, NULL, NULL, 0, &npos, "audit verify");
	if (e == PX_OK)
		e = cli_open_db(c);
	if (e != PX_OK)
		return px_exit_status(e);
	int64_t checked, bad;
	if (audit_verify(c->app.db, &checked, &bad) != PX_OK) {
		fprintf(stderr, "parindex: %s\n", db_errmsg(c->app.db));
		return 1;
	}
	if (bad) {
		fprintf(stderr, "parindex: nhật ký bị sửa đổi từ mục %lld | audit log broken at entry %lld\n",
		        (long long)bad, (long long)bad);
		return 1;
	}
	printf("Nhật ký toàn vẹn: %lld mục | audit log intact: %lld entries\n",
	       (long long)checked, (long long)checked);
	return 0;
}
