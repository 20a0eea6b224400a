/* STUB: not implemented yet; replaced by the real handlers. */
#include "web/http.h"
#include "web/pages.h"

void api_frameworks(struct req *r)
{
	resp_json_error(r, 501, "not implemented yet");
}

void api_framework(struct req *r)
{
	resp_json_error(r, 501, "not implemented yet");
}
