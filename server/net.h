/*
 * net: the listener and its connections; the only server module that
 * sees sockets and handshakes (tls13 seals and opens its records).
 *
 * After a TLS handshake the verified peer certificate goes to rpc_open;
 * frames are checked against max_frame from their 4-byte header, before
 * the body is buffered, and each whole one goes to rpc_frame. Replies come
 * back through the connection operations of conn.h, possibly out of order.
 */
#ifndef SK_NET_H
#define SK_NET_H

#include <stdbool.h>

#include "server.h"

/* Make the TLS context (cfg's CA, certificate and key) and listen. */
int net_start(struct server *srv, struct sk_error *err);

/* Stop accepting and reading; replies still go out. */
void net_quiesce(struct server *srv);

/* Have all connections sent everything they owe? */
bool net_flushed(struct server *srv);

/* Close every connection and free the listener. */
void net_free(struct server *srv);

#endif
