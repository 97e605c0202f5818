#include "authz.h"

#include <stdio.h>
#include <string.h>

#include "names.h"

int
authz_principal(struct principal *p, const UserRec *u, const uint8_t fp[STORE_FP_LEN],
    struct sk_error *err)
{
	memset(p, 0, sizeof(*p));
	if (!u->enabled)
		return status_set(err, SK_UNAUTHENTICATED, "user %s is disabled",
		    u->login);
	p->tenant = u->unit_id;
	p->roles = u->roles;
	snprintf(p->login, sizeof(p->login), "%s", u->login);
	memcpy(p->fp, fp, STORE_FP_LEN);
	return 0;
}

int
authz_require(const struct principal *p, uint32_t any, const char *what,
    struct sk_error *err)
{
	char names[128];

	if (any == 0 || (p->roles & any) != 0)
		return 0;
	roles_format(any, names, sizeof(names));
	return status_set(err, SK_PERMISSION_DENIED, "%s needs the role %s", what, names);
}

struct scope
authz_scope(const struct principal *p)
{
	struct scope sc = { p->tenant, p->roles, p->login, p->fp };

	return sc;
}
