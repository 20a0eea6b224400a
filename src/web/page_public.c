/* STUB: not implemented yet; replaced by the real handlers. */
#include "web/http.h"
#include "web/pages.h"

void page_public_index(struct req *r)
{
	resp_json_error(r, 501, "not implemented yet");
}

void page_public_results(struct req *r)
{
	resp_json_error(r, 501, "not implemented yet");
}
