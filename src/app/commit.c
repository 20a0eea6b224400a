/* The one way a use case ends its transaction; see app_commit in app.h.
 * After a commit the audit anchor follows the chain's new head
 * (audit_anchor_after_commit, store/audit_anchor.c). The imports' opening
 * (app_import_table) and the step from reading to writing
 * (app_import_begin) live here too, so every import reads all or nothing
 * the same way. */
#include "app/app.h"
#include "base/str.h"
#include "io/table.h"
#include "store/repo_audit.h"

#include <stdio.h>
#include <string.h>

enum px_err app_import_table_ctx(struct app *app, const char *path, const char *data, size_t len,
                                 struct diags *d, struct import_summary *sum,
                                 app_import_ctx_fn fn, void *ctx)
{
	struct table *t;
	memset(sum, 0, sizeof *sum);
	enum px_err e = data ? table_open_mem(path, data, len, &t, d) : table_open(path, &t, d);
	if (e != PX_OK)
		return e;
	e = fn(app, t, ctx, d, sum);
	table_close(t);
	return e;
}

static enum px_err plain(struct app *app, struct table *t, void *ctx, struct diags *d,
                         struct import_summary *sum)
{
	return (*(app_import_fn *)ctx)(app, t, d, sum);
}

enum px_err app_import_table(struct app *app, const char *path, const char *data, size_t len,
                             struct diags *d, struct import_summary *sum, app_import_fn fn)
{
	return app_import_table_ctx(app, path, data, len, d, sum, plain, &fn);
}

enum px_err app_import_start(struct app *app, struct table *t, const char *const *names,
                             const bool *req, int *col, struct unit_set *units,
                             struct diags *d)
{
	memset(units, 0, sizeof *units);
	enum px_err e = table_columns(t, names, req, col, d);
	if (e != PX_OK)
		return e;
	if (app_register_load(app, units) != PX_OK) {
		diag_err(d, NULL, 0, 0, "lỗi CSDL: %s", "database error: %s", db_errmsg(app->db));
		return PX_FAIL;
	}
	return PX_OK;
}

enum px_err app_import_begin(struct app *app, int r, size_t n, struct diags *d,
                             struct import_summary *sum)
{
	sum->rows = (long)n;
	if (r < 0 || d->errors)
		return PX_BADINPUT;
	return db_begin(app->db);
}

enum px_err app_commit(struct app *app, enum px_err e, struct diags *d)
{
	if (e == PX_OK)
		e = db_commit(app->db);
	if (e == PX_OK) {
		audit_anchor_after_commit(app->db);
		return PX_OK;
	}
	char msg[512];
	snprintf(msg, sizeof msg, "%s", db_errmsg(app->db));
	db_rollback(app->db);
	if (e == PX_FAIL)
		diag_err(d, NULL, 0, 0, "lỗi CSDL, không có gì thay đổi: %s",
		         "database error, nothing changed: %s", msg);
	return e;
}

enum px_err app_import_audit(struct app *app, bool is_new, const char *entity, const char *key,
                             struct str *detail, struct import_summary *sum)
{
	enum px_err e = audit_append(app->db, app->actor, is_new ? "insert" : "update", entity, key,
	                             str_cstr(detail));
	str_free(detail);
	if (is_new)
		sum->inserted++;
	else
		sum->updated++;
	return e;
}
