/* Role -> capability table; see roles.h. One row per role, so the whole
 * policy reads at a glance. */
#include "core/roles.h"

#include <string.h>

const char *const role_names[] = {"admin", "office", "appraiser", "reporter",
                                  "inspector", "leader", "staff", NULL};

static const struct {
	const char *role;
	unsigned caps; /* bit per enum cap */
} grants[] = {
#define B(c) (1u << (c))
	{"admin", ~0u},
	{"office", B(CAP_PUBLIC) | B(CAP_LOGIN) | B(CAP_READ) | B(CAP_OFFICE) | B(CAP_INSPECT)},
	{"leader", B(CAP_PUBLIC) | B(CAP_LOGIN) | B(CAP_READ)},
	{"appraiser", B(CAP_PUBLIC) | B(CAP_LOGIN) | B(CAP_READ) | B(CAP_APPRAISE)},
	{"reporter", B(CAP_PUBLIC) | B(CAP_LOGIN) | B(CAP_REPORT)},
	{"inspector", B(CAP_PUBLIC) | B(CAP_LOGIN) | B(CAP_INSPECT)},
	{"staff", B(CAP_PUBLIC) | B(CAP_LOGIN) | B(CAP_EVALUATE)},
#undef B
};

const char *cap_name(enum cap c)
{
	static const char *const names[CAP_COUNT] = {
		"public", "login", "read", "office", "admin", "appraise", "report", "inspect",
		"evaluate"};
	return (unsigned)c < CAP_COUNT ? names[c] : "?";
}

bool role_valid(const char *role)
{
	for (size_t i = 0; role_names[i]; i++)
		if (!strcmp(role, role_names[i]))
			return true;
	return false;
}

bool role_has_cap(const char *role, enum cap c)
{
	if (c == CAP_PUBLIC)
		return true;
	if (!role)
		return false;
	for (size_t i = 0; i < sizeof grants / sizeof grants[0]; i++)
		if (!strcmp(grants[i].role, role))
			return (grants[i].caps >> c) & 1u;
	return false;
}

bool role_needs_unit(const char *role)
{
	return !strcmp(role, "reporter") || !strcmp(role, "staff");
}

bool role_unit_is_scope(const char *role)
{
	return role && strcmp(role, "appraiser") != 0;
}
