/*
 * users: the people of a unit: enrolment, disabling, listing, and who a
 * connected caller is. Logins are unique across the deployment. Every
 * change is an entry in the log of the user's unit, made by whoever acts
 * (the act's scope is the user's unit: authz decides whether the caller
 * may reach it).
 */
#ifndef SK_USERS_H
#define SK_USERS_H

#include <stdint.h>

#include "authz.h"
#include "domain.h"
#include "store.h"

#define USERS_CN_MAX 64 /* characters of a certificate's common name */

/* Pure check of a new user: login, name (it goes into the certificate),
 * known roles, a unit code, and a validity of at most cert_days. */
/* An office is a unit code ([a-z0-9-]), or empty. */
int users_check_office(const char *office, struct sk_error *err);

/* Known roles, at least one. */
int users_check_roles(uint32_t roles, struct sk_error *err);

int users_check_new(const char *login, const char *name, uint32_t roles,
    const char *unit_code, uint32_t valid_days, uint32_t cert_days, struct sk_error *err);

/* The unit a code names: INVALID_ARGUMENT "unit_code: no unit" if none. */
int users_unit(struct store_txn *t, const char *code, UnitRec **out,
    struct sk_error *err);

/* The user with this login: NOT_FOUND "login: no user" if none. */
int users_find(struct store_txn *t, const char *login, UserRec **out,
    struct sk_error *err);

/*
 * The user login as p may reach it for verb v on users (what names the
 * act in messages): out of p's reach, it is answered exactly as a login
 * that does not exist, so that no unit learns another's staff. The scope
 * of the user's unit into *sc.
 */
int users_reach(struct store_txn *t, const struct principal *p, enum authz_verb v,
    const char *what, const char *login, UserRec **out, struct scope *sc,
    struct sk_error *err);

/* Enrol u (checked, with its certificate's fingerprint) in the act's
 * unit; ALREADY_EXISTS when the login is taken. */
int users_create(const struct act *a, const UserRec *u, struct sk_error *err);

/* Disable login, a user of the act's unit: their certificate stops
 * working at once. */
int users_disable(const struct act *a, const char *login, UserRec **out,
    struct sk_error *err);

/* Enable login again, a user of the act's unit. */
int users_enable(const struct act *a, const char *login, UserRec **out,
    struct sk_error *err);

/* Give login, a user of the act's unit, the roles (sk.v1.Role bits). */
int users_set_roles(const struct act *a, const char *login, uint32_t roles, UserRec **out,
    struct sk_error *err);

/* A new certificate for login, a user of the act's unit: fingerprint fp,
 * valid until not_after. The old one is no user's from then on. */
int users_renew(const struct act *a, const char *login, const uint8_t fp[STORE_FP_LEN],
    int64_t not_after, UserRec **out, struct sk_error *err);

/* Is u enabled with a certificate that ends within days of now (or has
 * ended)? */
int users_expiring(const UserRec *u, int64_t now, uint32_t days);

/* The caller's own record and unit. */
int users_whoami(const struct act *a, UserRec **user, UnitRec **unit,
    struct sk_error *err);

#endif
