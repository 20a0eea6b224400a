/*
 * QR codes (libqrencode) as SVG, for the printed one-time survey codes and
 * receipts: the text (a URL) encoded at error correction level M, drawn
 * as one path of unit squares with a 4-module quiet zone. The SVG is
 * ours (no user text in it), so pages may inline it with html_svg.
 */
#ifndef PARINDEX_IO_QR_H
#define PARINDEX_IO_QR_H
#include "base/err.h"
#include "base/str.h"

/* Appends the SVG of text's QR code to out, labelled (aria-label) by
 * nothing: the caller prints the text beside it. PX_FAIL when the text
 * cannot be encoded (too long). */
enum px_err qr_svg(const char *text, struct str *out);
#endif
