/* STUB: not implemented yet; replaced by the real handlers. */
#include "web/http.h"
#include "web/pages.h"

void api_public_results(struct req *r)
{
	resp_json_error(r, 501, "not implemented yet");
}

void api_results(struct req *r)
{
	resp_json_error(r, 501, "not implemented yet");
}

void api_explain(struct req *r)
{
	resp_json_error(r, 501, "not implemented yet");
}
