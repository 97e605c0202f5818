#include "names.h"

#include <stdio.h>
#include <string.h>

#include "sk.pb-c.h"

static const struct {
	uint32_t bit;
	const char *name;
} role_names[] = {
	{ SK__V1__ROLE__ROLE_AUTHOR, "author" },
	{ SK__V1__ROLE__ROLE_CLERK, "clerk" },
	{ SK__V1__ROLE__ROLE_COUNCIL, "council" },
	{ SK__V1__ROLE__ROLE_HEAD, "head" },
	{ SK__V1__ROLE__ROLE_DISTRICT_OFFICE, "district" },
	{ SK__V1__ROLE__ROLE_COMMENDATION, "commendation" },
	{ SK__V1__ROLE__ROLE_AUDITOR, "auditor" },
	{ SK__V1__ROLE__ROLE_ADMIN, "admin" },
	/* Linked servers' roles: shown, never given to a person. */
	{ SK__V1__ROLE__ROLE_UPSTREAM, "upstream" },
	{ SK__V1__ROLE__ROLE_DOWNSTREAM, "downstream" },
};
#define NROLES (sizeof(role_names) / sizeof(role_names[0]))
#define NPERSON_ROLES 8 /* the first ones */

int
roles_parse(const char *s, uint32_t *roles)
{
	const char *end;
	size_t len, i;

	*roles = 0;
	if (*s == '\0')
		return -1;
	while (*s != '\0') {
		end = strchr(s, ',');
		len = end != NULL ? (size_t)(end - s) : strlen(s);
		for (i = 0; i < NPERSON_ROLES; i++)
			if (strlen(role_names[i].name) == len &&
			    strncmp(role_names[i].name, s, len) == 0)
				break;
		if (i == NPERSON_ROLES)
			return -1;
		*roles |= role_names[i].bit;
		s += len + (end != NULL);
		if (end != NULL && *s == '\0')
			return -1; /* "author," */
	}
	return 0;
}

void
roles_format(uint32_t roles, char *buf, size_t sz)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < NROLES && n < sz; i++)
		if (roles & role_names[i].bit)
			n += (size_t)snprintf(buf + n, sz - n, "%s%s", n ? "," : "",
			    role_names[i].name);
}

const char *
roles_all(void)
{
	return "author,clerk,council,head,district,commendation,auditor,admin";
}

static const char *const state_names[] = {
	"unknown",
	"registered",
	"draft",
	"submitted",
	"returned",
	"accepted",
	"in review",
	"recognised",
	"not recognised",
	"withdrawn",
	"refused",
	"received",
	"sent back",
	"superseded",
};

#define NSTATE_NAMES (sizeof(state_names) / sizeof(state_names[0]))

const char *
state_name(uint32_t state)
{
	return state < NSTATE_NAMES ? state_names[state] : "unknown";
}

int
state_parse(const char *name)
{
	char buf[32];
	size_t i;

	snprintf(buf, sizeof(buf), "%s", name);
	for (i = 0; buf[i] != '\0'; i++)
		if (buf[i] == '-' || buf[i] == '_')
			buf[i] = ' ';
	for (i = 1; i < NSTATE_NAMES; i++)
		if (strcmp(buf, state_names[i]) == 0)
			return (int)i;
	return -1;
}

const char *
action_name(uint32_t action)
{
	static const char *const actions[] = {
		"create",
		"start",
		"submit",
		"withdraw",
		"accept",
		"return",
		"refuse",
		"review",
		"recognise",
		"reject",
		"decide",
		"confirm",
		"distinct",
		"create",
		"edit",
		"nominate",
		"forward",
		"register",
		"send back",
		"report",
		"supersede",
		"propose",
		"award",
		"publish",
	};

	return action < sizeof(actions) / sizeof(actions[0]) ? actions[action] : "?";
}

const char *
unit_kind_name(uint32_t kind)
{
	static const char *const kinds[] = {
		"unit",
		"district",
		"township",
		"commune",
		"department",
		"organisation",
		"ward",
		"city",
		"province",
	};

	return kind < sizeof(kinds) / sizeof(kinds[0]) ? kinds[kind] : "unit";
}

int
unit_kind_parse(const char *s)
{
	for (uint32_t k = 1; strcmp(unit_kind_name(k), "unit") != 0; k++)
		if (strcmp(s, unit_kind_name(k)) == 0)
			return (int)k;
	return -1;
}
