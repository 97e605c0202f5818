/*
 * rpc_link: linking servers. The administrator reads this server's card
 * and adds the card of the server to link with (link.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "convert.h"
#include "link.h"
#include "log.h"
#include "pki.h"
#include "rpc_impl.h"
#include "tlog.h"

/* "host:port" linked servers dial: the configured address, else the host
 * listened on with the port bound. */
static void
card_address(const struct server *srv, char *buf, size_t sz)
{
	const char *colon = strrchr(srv->cfg->listen, ':');
	int hl = colon != NULL ? (int)(colon - srv->cfg->listen) : 0;

	if (srv->cfg->address[0] != '\0')
		snprintf(buf, sz, "%s", srv->cfg->address);
	else
		snprintf(buf, sz, "%.*s:%u", hl, srv->cfg->listen, srv->port);
}

static void
read_card(struct rpc_ctx *x, const struct act *a, const void *arg)
{
	Sk__V1__PeerCardResponse r = SK__V1__PEER_CARD_RESPONSE__INIT;
	Sk__V1__LinkCard card = SK__V1__LINK_CARD__INIT;
	const struct config *cfg = x->srv->cfg;
	struct sk_error err = { 0 };
	UnitRec *unit = NULL;
	char address[300], *cert;

	(void)arg;
	if ((cert = pki_read_file(cfg->link_cert_file, &err)) == NULL) {
		rpc_reply_error(x, &err);
		return;
	}
	if (store_unit_get(a->t, a->sc->tenant, &unit) != 0) {
		rpc_reply_code(x, SK_UNAVAILABLE, "cannot read your unit");
		free(cert);
		return;
	}
	card_address(x->srv, address, sizeof(address));
	card.name = (char *)cfg->log_name;
	card.unit_code = unit->code;
	card.address = address;
	card.ca_pem = (char *)pki_ca_pem(x->srv->ca);
	card.cert_pem = cert;
	card.log_key = (char *)tlog_vkey();
	r.card = &card;
	rpc_reply_result(x, SK__V1__RESPONSE__RESULT_PEER_CARD, &r);
	store_rec_free(unit);
	free(cert);
}

RPC_HANDLER(rpc_peer_card)
{
	rpc_read(x, read_card, req->peer_card);
}

struct link_op {
	struct rpc_op op;
	Sk__V1__LinkCard *card;
	struct pki_cert_info cert;
	bool upstream;
	UserRec *out;
};

static void
link_op_done(struct rpc_op *op)
{
	struct link_op *o = (struct link_op *)op;

	if (o->card != NULL)
		sk__v1__link_card__free_unpacked(o->card, NULL);
	store_rec_free(o->out);
}

static int
apply_link(struct rpc_op *op, const struct act *a, struct sk_error *err)
{
	struct link_op *o = (struct link_op *)op;

	store_rec_free(o->out);
	o->out = NULL;
	return link_add(a, o->card, &o->cert, o->upstream, &o->out, err);
}

static void
reply_linked(struct rpc_op *op)
{
	struct link_op *o = (struct link_op *)op;
	Sk__V1__UserResponse ur = SK__V1__USER_RESPONSE__INIT;
	struct user_view u;

	log_info("%s: linked %s as %s", op->who.login, o->out->login,
	    o->upstream ? "the level above" : "a unit's server");
	convert_user_view(&u, o->out);
	ur.user = &u.u;
	rpc_reply_result(&op->x, SK__V1__RESPONSE__RESULT_USER, &ur);
}

/*
 * The unit the link concerns: upstream, the unit here it is above (the
 * caller's own by default); downstream, the card's unit, which must be
 * below the caller's. The scope of enrolling there.
 */
static int
link_scope(struct rpc_ctx *x, const Sk__V1__PeerAddRequest *q, struct scope *sc)
{
	const char *code = q->upstream ? q->unit_code : q->card->unit_code;
	struct store_txn t;
	int rc;

	if (store_read_begin(x->srv->st, &t) != 0) {
		rpc_reply_code(x, SK_UNAVAILABLE, "storage unavailable");
		return SK_UNAVAILABLE;
	}
	if ((rc = rpc_scope_unit(x, &t, AZ_USER, AZ_CREATE, code, sc)) == 0 &&
	    !q->upstream && sc->tenant == x->who->tenant) {
		rpc_reply_code(x, SK_INVALID_ARGUMENT,
		    "card: %s is your own unit; a unit's server links downstream "
		    "from the level above",
		    code);
		rc = SK_INVALID_ARGUMENT;
	}
	store_read_end(&t);
	return rc;
}

RPC_HANDLER(rpc_peer_add)
{
	const Sk__V1__PeerAddRequest *q = req->peer_add;
	struct sk_error err = { 0 };
	struct pki_cert_info cert;
	struct link_op *o;
	struct scope sc;

	if (link_check_card(q->card, &cert, &err) != 0) {
		rpc_reply_error(x, &err);
		return;
	}
	if (link_scope(x, q, &sc) != 0 ||
	    (o = rpc_op_new(x, sizeof(*o), apply_link, reply_linked, link_op_done)) ==
	        NULL)
		return;
	rpc_op_scope(&o->op, &sc);
	o->cert = cert;
	o->upstream = q->upstream;
	if ((o->card = convert_msg(&q->card->base, &sk__v1__link_card__descriptor)) ==
	    NULL) {
		rpc_op_free(&o->op);
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	rpc_op_submit(&o->op);
}
