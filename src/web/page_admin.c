/* STUB: not implemented yet; replaced by the real handlers. */
#include "web/http.h"
#include "web/pages.h"

void page_admin_users(struct req *r)
{
	resp_json_error(r, 501, "not implemented yet");
}

void page_admin_user_add(struct req *r)
{
	resp_json_error(r, 501, "not implemented yet");
}

void page_admin_user_disable(struct req *r)
{
	resp_json_error(r, 501, "not implemented yet");
}

void page_admin_token_revoke(struct req *r)
{
	resp_json_error(r, 501, "not implemented yet");
}

void page_admin_audit(struct req *r)
{
	resp_json_error(r, 501, "not implemented yet");
}
