/*
 * net: the listener and its connections; the only module that sees
 * sockets and OpenSSL sessions.
 *
 * A connection is authenticated once, right after its TLS handshake: the
 * verified peer certificate's fingerprint must map to an enabled user.
 * Frames are checked against max_frame from their 4-byte header, before
 * the body is buffered. Decoded requests go to rpc_dispatch(); replies
 * come back through net_reply(), possibly out of order.
 */
#ifndef SK_NET_H
#define SK_NET_H

#include <stdbool.h>
#include <stdint.h>

#include "authz.h"
#include "server.h"
#include "sk.pb-c.h"

struct conn;

int net_start(struct server *srv, struct sk_error *err);

/* Stop accepting and reading; replies still go out. */
void net_quiesce(struct server *srv);

/* Have all connections sent everything they owe? */
bool net_flushed(struct server *srv);

/* Close every connection and free the listener. */
void net_free(struct server *srv);

/* Send a reply. secret: the packed bytes are wiped once sent. */
void net_reply(struct conn *c, const Sk__V1__Response *resp, bool secret);

/* Keep c's memory alive across an asynchronous write; replies to a
 * connection that closed meanwhile are dropped. */
void net_conn_hold(struct conn *c);
void net_conn_release(struct conn *c);

/* Close the connections of the user with this certificate, telling why. */
void net_kick(struct server *srv, const uint8_t fp[STORE_FP_LEN], const char *why);

#endif
