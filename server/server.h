/*
 * server: the state one skd process shares between its modules.
 */
#ifndef SK_SERVER_H
#define SK_SERVER_H

#include <event2/event.h>

#include "categories.h"
#include "config.h"
#include "domain.h"
#include "sectors.h"
#include "store.h"
#include "writer.h"

struct net;
struct pki_ca;
struct pool;
struct puller;
struct rpc_session;

struct server {
	const struct config *cfg;
	struct terms terms; /* the rules' durations, from cfg */
	struct event_base *base;
	struct store *st;
	struct writer *wr;
	struct pool *pool; /* serves reads on threads of their own */
	struct pki_ca *ca; /* issues user certificates */
	struct net *net;
	struct rpc_session *sessions; /* authenticated connections (rpc.c) */
	struct categories categories; /* the deployment's content categories */
	struct sectors sectors;       /* sectors and the offices they go to */
	unsigned port;                /* the port listened on */
	struct puller *puller;        /* takes from linked servers */
};

#endif
