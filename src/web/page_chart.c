/* STUB: not implemented yet; replaced by the real handlers. */
#include "web/http.h"
#include "web/pages.h"

void page_chart_ranking(struct req *r)
{
	resp_json_error(r, 501, "not implemented yet");
}
