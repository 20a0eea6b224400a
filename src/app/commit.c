/* The one way a use case ends its transaction; see app_commit in app.h.
 * After a commit the audit anchor follows the chain's new head
 * (audit_anchor_after_commit, store/audit_anchor.c). */
#include "app/app.h"
#include "store/repo_audit.h"

#include <stdio.h>

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
