/* STUB: not implemented yet; replaced by the real handlers. */
#include "web/http.h"
#include "web/pages.h"

void page_healthz(struct req *r)
{
	resp_json_error(r, 501, "not implemented yet");
}

void page_static(struct req *r)
{
	resp_json_error(r, 501, "not implemented yet");
}
