/*
 * Files compiled into the binary by tools/embed.c (migrations, demo data,
 * web assets). Arrays end with a row whose name is NULL. The bytes are
 * NUL-terminated for convenience; len excludes the terminator.
 */
#ifndef PARINDEX_BASE_EMBEDDED_H
#define PARINDEX_BASE_EMBEDDED_H
#include <stddef.h>

struct embedded_file {
	const char *name;
	const char *data;
	size_t len;
};

extern const struct embedded_file migrations_files[];
extern const struct embedded_file demo_files[];

/* The file called name in files, or NULL. */
const struct embedded_file *embedded_find(const struct embedded_file *files,
                                          const char *name);
#endif
