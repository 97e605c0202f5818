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

/* Housekeeping, in the writer: drop unfinished uploads last touched before
 * `before` (Unix seconds), at most max of them; *dropped says how many. */
int rpc_attach_expire(struct store_txn *t, int64_t before, size_t max, size_t *dropped);

#endif
