/*
 * The settings an administrator may change (the `setting` table): each
 * known by name, with its meaning, its default and its range, so a typo or
 * an absurd value is refused with a message instead of being ignored at
 * the next read. Changes are audited.
 */
#ifndef PARINDEX_APP_SETTING_H
#define PARINDEX_APP_SETTING_H
#include "app/app.h"

struct setting_row {
	const char *name, *value; /* value NULL: the default holds */
	const char *dflt, *what_vi, *what_en;
};

/* Every known setting with its stored value, by name. */
enum px_err app_setting_list(struct app *app, struct setting_row **out, size_t *n);
/* Sets name to value (checked: a known name, a whole number in its range),
 * or back to its default (value NULL); audited as (setting, name). */
enum px_err app_setting_set(struct app *app, const char *name, const char *value,
                            struct diags *d);
#endif
