/*
 * server: the state one skd process shares between its modules.
 */
#ifndef SK_SERVER_H
#define SK_SERVER_H

#include <event2/event.h>
#include <openssl/ssl.h>

#include "config.h"
#include "store.h"
#include "writer.h"

struct net;

struct server {
	const struct config *cfg;
	struct event_base *base;
	struct store *st;
	struct writer *wr;
	SSL_CTX *ssl_ctx;
	X509 *ca_cert; /* issues user certificates */
	EVP_PKEY *ca_key;
	char *ca_pem;
	struct net *net;
};

#endif
