/*
 * The statutory holiday rules file (data/calendar/rules.json, format in
 * docs/formats/calendar.md): which days each occasion gives under the law
 * in force on its date. Read by app_calendar_load (app/dossier.c) into a
 * core/calendar before the per-year decisions.
 */
#ifndef PARINDEX_APP_CALENDAR_RULES_H
#define PARINDEX_APP_CALENDAR_RULES_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "core/calendar.h"

/* The name the rules file has among the embedded calendar files. */
#define CALENDAR_RULES_FILE "rules.json"

/* Adds every rule of the JSON text to c; false with the problems in d
 * (under name, the field named) when the file is not a valid rules file,
 * and then c has none of its rules that follow the bad one. */
bool app_calendar_rules_file(struct calendar *c, const char *name, const char *data, size_t len,
                             struct diags *d);
#endif
