/*
 * authz: who the caller is and what they may do.
 *
 * A principal is built once per connection from the verified TLS peer
 * certificate and the user record it maps to; nothing in a request body
 * can change it. Every RPC names the roles that may call it, and the
 * scope handed to the store carries the principal's own unit only.
 */
#ifndef SK_AUTHZ_H
#define SK_AUTHZ_H

#include <stdbool.h>
#include <stdint.h>

#include "status.h"
#include "store.h"

#define AUTHZ_LOGIN_MAX 64

struct principal {
	uint32_t tenant; /* the user's unit */
	uint32_t roles;  /* sk.v1.Role bits */
	char login[AUTHZ_LOGIN_MAX + 1];
	uint8_t fp[STORE_FP_LEN]; /* certificate fingerprint */
};

/* Fill p from a user record; FAILED if the record is disabled. */
int authz_principal(struct principal *p, const UserRec *u, const uint8_t fp[STORE_FP_LEN],
    struct sk_error *err);

/* PERMISSION_DENIED unless p holds one of the roles in any (0: anyone). */
int authz_require(const struct principal *p, uint32_t any, const char *what,
    struct sk_error *err);

/* The store scope of p. */
struct scope authz_scope(const struct principal *p);

#endif
