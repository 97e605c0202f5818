/*
 * rpc: the one entry point for what clients send.
 *
 * net calls rpc_open once a TLS peer has finished its handshake with a
 * verified certificate, rpc_frame with the body of each whole frame, and
 * rpc_close when the connection goes. Replies go back through the
 * connection's operations (conn.h), possibly out of order; rpc never
 * names net. One table (rpc.c) maps each call of sk.v1.Request to its
 * handler and to what authz must allow for it.
 */
#ifndef SK_RPC_H
#define SK_RPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conn.h"
#include "server.h"

struct rpc_session;

/*
 * Who is behind the certificate fp on c (peer names it in logs)? pinned:
 * a certificate of another CA, which only a linked server's pinned one
 * may be. NULL when refused (unknown certificate, disabled user): the
 * refusal has been sent and c will close once it is out.
 */
struct rpc_session *rpc_open(struct server *srv, struct conn *c,
    const uint8_t fp[STORE_FP_LEN], bool pinned, const char *peer);

/* Decode and handle one request; the reply goes out now or after its
 * write is durable. */
void rpc_frame(struct rpc_session *s, const uint8_t *body, size_t len);

/* The connection of s is gone: forget it. */
void rpc_close(struct rpc_session *s);

/* Hand the reads of the frames given since the last flush to the read
 * threads; net calls it once it has given the frames it has. */
void rpc_flush(struct rpc_session *s);

/* Refuse c as a whole (a reply with request id 0), then close it: frames
 * too large, peers without ALPN or a valid certificate. */
void rpc_refuse(struct conn *c, int code, const char *msg);

#endif
