/*
 * What a file really is, from its first bytes, not its name: evidence
 * uploads accept PDF, Word, Excel, OpenDocument, JPEG and PNG only, and
 * are served back with the type found here. ZIP containers are told apart
 * by their entries ([Content_Types].xml with word/ or xl/, or an
 * OpenDocument mimetype entry); old OLE2 Office files by their signature.
 */
#ifndef PARINDEX_IO_SNIFF_H
#define PARINDEX_IO_SNIFF_H
#include <stddef.h>

/* The MIME type of an accepted document, or NULL when the content is not
 * one of the accepted kinds (HTML, SVG, scripts, executables, unknown). */
const char *sniff_document(const unsigned char *data, size_t len);
/* A safe file name for storage and Content-Disposition: the last path
 * component, control characters, quotes, slashes and backslashes
 * replaced by '_', at most 200 bytes of valid UTF-8; "file" when nothing
 * is left. Written into out (size >= 256). */
void sniff_safe_filename(const char *name, char *out, size_t size);
#endif
