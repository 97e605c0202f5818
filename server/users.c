#include "users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "text.h"
#include "tlog.h"
#include "validate.h"

int
users_check_office(const char *office, struct sk_error *err)
{
	if (strlen(office) > 64 ||
	    strspn(office, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(office))
		return status_set(err, SK_INVALID_ARGUMENT,
		    "office: the code of an office unit, like phong-gd-dt");
	return 0;
}

int
users_check_roles(uint32_t roles, struct sk_error *err)
{
	if (roles == 0 || (roles & ~0xffu) != 0)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "roles: give at least one known role (%s)", roles_all());
	return 0;
}

int
users_check_new(const char *login, const char *name, uint32_t roles,
    const char *unit_code, uint32_t valid_days, uint32_t cert_days, struct sk_error *err)
{
	if (validate_login(login, err) != 0 || validate_name("name", name, err) != 0)
		return err->code;
	if (users_check_roles(roles, err) != 0)
		return err->code;
	if (strlen(unit_code) > 64)
		return status_set(err, SK_INVALID_ARGUMENT, "unit_code: too long");
	/* The name is the certificate's common name: X.509 allows 64. */
	if (text_chars(name) > USERS_CN_MAX)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "name: at most %d characters (it goes into the certificate)",
		    USERS_CN_MAX);
	if (valid_days > cert_days)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "valid_days: at most %u (cert_days of this server)", cert_days);
	return 0;
}

int
users_unit(struct store_txn *t, const char *code, UnitRec **out, struct sk_error *err)
{
	int rc = store_unit_by_code(t, code, out);

	if (rc == SK_NOT_FOUND)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "unit_code: no unit \"%s\" (see sk units)", code);
	if (rc != 0)
		return status_set(err, SK_UNAVAILABLE, "cannot read the units");
	return 0;
}

static int
users_unknown(const char *login, struct sk_error *err)
{
	return status_set(err, SK_NOT_FOUND, "login: no user %s", login);
}

int
users_find(struct store_txn *t, const char *login, UserRec **out, struct sk_error *err)
{
	int rc = store_user_find(t, login, out);

	if (rc == SK_NOT_FOUND)
		return users_unknown(login, err);
	if (rc != 0)
		return status_set(err, rc, "cannot read user %s", login);
	return 0;
}

int
users_reach(struct store_txn *t, const struct principal *p, enum authz_verb v,
    const char *what, const char *login, UserRec **out, struct scope *sc,
    struct sk_error *err)
{
	UserRec *u = NULL;
	int rc;

	*out = NULL;
	/* The role first: its refusal is the same whoever is named. */
	if ((rc = authz_require(p, AZ_USER, v, what, err)) != 0 ||
	    (rc = users_find(t, login, &u, err)) != 0)
		return rc;
	rc = authz_scope_unit(t, p, AZ_USER, v, what, u->unit_id, sc, err);
	if (rc != 0) {
		store_rec_free(u);
		return rc == SK_PERMISSION_DENIED ? users_unknown(login, err) : rc;
	}
	*out = u;
	return 0;
}

/* User changes go into the log of the user's unit. */
static int
users_log(const struct act *a, const UserRec *u, const char *action)
{
	char object[96], roles[128];

	snprintf(object, sizeof(object), "user/%s", u->login);
	roles_format(u->roles, roles, sizeof(roles));
	return tlog_append(a->t, a->sc, action, object, &u->base, roles);
}

int
users_create(const struct act *a, const UserRec *in, struct sk_error *err)
{
	UserRec u = *in, *old = NULL;
	int rc;

	if ((rc = store_user_find(a->t, u.login, &old)) == 0) {
		store_rec_free(old);
		return status_set(err, SK_ALREADY_EXISTS, "login: %s is already taken",
		    u.login);
	}
	if (rc != SK_NOT_FOUND)
		return status_set(err, rc, "cannot read the users");
	u.unit_id = a->sc->tenant;
	u.created_at = a->now;
	u.created_by = (char *)a->sc->login;
	if ((rc = store_user_put(a->t, &u)) != 0 ||
	    (rc = users_log(a, &u, "user.enrol")) != 0)
		return status_set(err, rc, "cannot store the user");
	return 0;
}

/* login, a user of the act's unit (the unit authz gave the act). */
static int
user_of_unit(const struct act *a, const char *login, UserRec **u, struct sk_error *err)
{
	int rc;

	if ((rc = users_find(a->t, login, u, err)) != 0)
		return rc;
	if ((*u)->unit_id != a->sc->tenant) {
		store_rec_free(*u);
		*u = NULL;
		users_unknown(login, err);
		return SK_NOT_FOUND;
	}
	return 0;
}

/* Store the change to u, with its entry in the unit's log. */
static int
user_keep(const struct act *a, UserRec *u, const char *action, UserRec **out,
    struct sk_error *err)
{
	int rc;

	if ((rc = store_user_put(a->t, u)) != 0 || (rc = users_log(a, u, action)) != 0) {
		store_rec_free(u);
		return status_set(err, rc, "cannot store the user");
	}
	*out = u;
	return 0;
}

int
users_disable(const struct act *a, const char *login, UserRec **out, struct sk_error *err)
{
	UserRec *u = NULL;
	int rc;

	*out = NULL;
	if ((rc = user_of_unit(a, login, &u, err)) != 0)
		return rc;
	u->enabled = false;
	return user_keep(a, u, "user.disable", out, err);
}

int
users_enable(const struct act *a, const char *login, UserRec **out, struct sk_error *err)
{
	UserRec *u = NULL;
	int rc;

	*out = NULL;
	if ((rc = user_of_unit(a, login, &u, err)) != 0)
		return rc;
	if (u->enabled) {
		store_rec_free(u);
		return status_set(err, SK_FAILED_PRECONDITION,
		    "user %s is enabled already", login);
	}
	u->enabled = true;
	return user_keep(a, u, "user.enable", out, err);
}

int
users_set_roles(const struct act *a, const char *login, uint32_t roles, UserRec **out,
    struct sk_error *err)
{
	UserRec *u = NULL;
	int rc;

	*out = NULL;
	if ((rc = users_check_roles(roles, err)) != 0 ||
	    (rc = user_of_unit(a, login, &u, err)) != 0)
		return rc;
	u->roles = roles;
	return user_keep(a, u, "user.roles", out, err);
}

int
users_renew(const struct act *a, const char *login, const uint8_t fp[STORE_FP_LEN],
    int64_t not_after, UserRec **out, struct sk_error *err)
{
	UserRec *u = NULL;
	uint8_t *copy;
	int rc;

	*out = NULL;
	if ((rc = user_of_unit(a, login, &u, err)) != 0)
		return rc;
	if (!u->enabled) {
		store_rec_free(u);
		return status_set(err, SK_FAILED_PRECONDITION,
		    "user %s is disabled: enable them first", login);
	}
	if (u->peer != NULL) {
		store_rec_free(u);
		return status_set(err, SK_FAILED_PRECONDITION,
		    "%s is a linked server: its certificate is its own (add its new "
		    "card instead)",
		    login);
	}
	if ((copy = malloc(STORE_FP_LEN)) == NULL) {
		store_rec_free(u);
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	}
	memcpy(copy, fp, STORE_FP_LEN);
	free(u->fingerprint.data);
	u->fingerprint.data = copy;
	u->fingerprint.len = STORE_FP_LEN;
	u->cert_not_after = not_after;
	return user_keep(a, u, "user.renew", out, err);
}

int
users_expiring(const UserRec *u, int64_t now, uint32_t days)
{
	return u->enabled && u->cert_not_after < now + (int64_t)days * 86400;
}

int
users_whoami(const struct act *a, UserRec **user, UnitRec **unit, struct sk_error *err)
{
	*user = NULL;
	*unit = NULL;
	if (store_unit_get(a->t, a->sc->tenant, unit) != 0 ||
	    store_user_find(a->t, a->sc->login, user) != 0) {
		store_rec_free(*unit);
		store_rec_free(*user);
		*user = NULL;
		*unit = NULL;
		return status_set(err, SK_UNAVAILABLE, "cannot read your user record");
	}
	return 0;
}
