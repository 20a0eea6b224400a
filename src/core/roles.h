/*
 * Roles and capabilities (DESIGN.md "Roles"). A route needs one
 * capability; a role grants a set of them. A user holds the role through
 * grants (role, unit): where a capability applies (the unit's subtree)
 * is app/access.c's question, what it is is this table's.
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
/* Whether a grant of the role applies only within its unit's subtree.
 * Every role but appraiser: a council member appraises the units the
 * council assigns, anywhere, and reads the city's results; the unit of an
 * appraiser's grant is where the member works, which only recuses them. */
bool role_unit_is_scope(const char *role);
extern const char *const role_names[];
#endif
