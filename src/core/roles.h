/*
 * Roles and capabilities (DESIGN.md "Roles"). A route needs one
 * capability; a role grants a set of them. Finer rules (a reporter only
 * for their own unit, an appraiser never for their own unit) are checked
 * by the use case, not here.
 */
#ifndef PARINDEX_CORE_ROLES_H
#define PARINDEX_CORE_ROLES_H
#include <stdbool.h>

enum cap {
	CAP_PUBLIC,    /* anyone, signed in or not */
	CAP_LOGIN,     /* any signed-in user */
	CAP_READ,      /* read everything: admin, office, leader, appraiser */
	CAP_OFFICE,    /* frameworks, cycles, imports, publication */
	CAP_ADMIN,     /* users, roles, settings, audit */
	CAP_APPRAISE,  /* appraisal council members */
	CAP_REPORT,    /* a unit's PAR focal point */
	CAP_INSPECT,   /* inspectors */
	CAP_EVALUATE,  /* staff: own monthly evaluation */
	CAP_COUNT
};

/* "public", "login", "read", "office", "admin", "appraise", "report",
 * "inspect", "evaluate" */
const char *cap_name(enum cap c);
/* The role identifiers of DESIGN.md: admin, office, appraiser, reporter,
 * inspector, leader, staff. */
bool role_valid(const char *role);
/* Whether a role grants c (NULL role: anonymous, only CAP_PUBLIC). */
bool role_has_cap(const char *role, enum cap c);
/* Whether the role must be tied to a unit (reporter, staff). */
bool role_needs_unit(const char *role);
extern const char *const role_names[];
#endif
