/* STUB: not implemented yet; replaced by the real handlers. */
#include "web/http.h"
#include "web/pages.h"

void page_login_form(struct req *r)
{
	resp_json_error(r, 501, "not implemented yet");
}

void page_login_post(struct req *r)
{
	resp_json_error(r, 501, "not implemented yet");
}

void page_logout(struct req *r)
{
	resp_json_error(r, 501, "not implemented yet");
}

void page_account(struct req *r)
{
	resp_json_error(r, 501, "not implemented yet");
}

void page_account_password(struct req *r)
{
	resp_json_error(r, 501, "not implemented yet");
}

void page_lang(struct req *r)
{
	resp_json_error(r, 501, "not implemented yet");
}
