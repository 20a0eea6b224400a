/* QR codes as SVG; see qr.h. */
#include "io/qr.h"

#include <qrencode.h>

enum px_err qr_svg(const char *text, struct str *out)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!q)
		return PX_FAIL;
	int w = q->width, size = w + 8;
	str_printf(out, "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
	                "aria-hidden=\"true\" shape-rendering=\"crispEdges\"><rect width=\"%d\" "
	                "height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
	           size, size, size, size);
	for (int y = 0; y < w; y++)
		for (int x = 0; x < w; x++)
			if (q->data[y * w + x] & 1)
				str_printf(out, "M%d %dh1v1h-1z", x + 4, y + 4);
	str_adds(out, "\"/></svg>");
	QRcode_free(q);
	return PX_OK;
}
