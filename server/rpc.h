/*
 * rpc: one table maps each call of sk.v1.Request to its handler and the
 * roles allowed to make it. Handlers see a decoded request and the
 * caller's principal, never a socket.
 */
#ifndef SK_RPC_H
#define SK_RPC_H

#include "authz.h"
#include "server.h"
#include "sk.pb-c.h"

struct conn;

/* Handle one request; the reply goes out now or after a commit. */
void rpc_dispatch(struct server *srv, struct conn *c, const struct principal *who,
    const Sk__V1__Request *req);

#endif
