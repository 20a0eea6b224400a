/*
 * What every rule-set file (evaluation, emulation: a JSON object with a
 * "format", a "code" and a validity) shares: the parse with jansson
 * (duplicate keys refused, a syntax error at its line and column), the
 * top-level object with only known keys, the format string, the code and
 * valid_from/valid_to; and the small checks the walkers of the rest use
 * (an error at a JSON path, unknown keys, a code). Each module's io file
 * walks its own fields; only this preamble is shared.
 */
#ifndef PARINDEX_IO_RULES_JSON_H
#define PARINDEX_IO_RULES_JSON_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct arena;

/* An error of file at the JSON path where (NULL: the root). */
void rules_json_err(struct diags *d, const char *file, const char *where, const char *vi,
                    const char *en);
/* Every key of o is one of allowed (NULL-terminated); each other one is
 * reported at where. */
void rules_json_only_keys(struct diags *d, const char *file, json_t *o, const char *where,
                          const char *const *allowed);
/* A code: 1..64 of letters, digits, - _ . */
bool rules_json_is_code(const char *s);

/* The head of a rule set. */
struct rules_head {
	const char *code;             /* NULL when it was wrong (reported) */
	int32_t valid_from, valid_to; /* DATE_MIN / DATE_MAX when absent */
};
/* Parses data[0..len) of file name: a JSON object whose top-level keys
 * are in keys, whose "format" is format, with a code and valid_from
 * (required when from_required) and valid_to not before it. Returns the
 * root to walk further (the caller json_decref's it), or NULL after
 * reporting when there is nothing to walk; what was wrong in the head is
 * in d either way. */
json_t *rules_json_open(const char *name, const char *data, size_t len, const char *format,
                        const char *const *keys, bool from_required, struct arena *a,
                        struct diags *d, struct rules_head *h);
#endif
