/*
 * rpc_link: linking servers. The administrator reads this server's card
 * and adds the card of the server to link with (link.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "convert.h"
#include "export.h"
#include "files.h"
#include "link.h"
#include "log.h"
#include "note.h"
#include "pki.h"
#include "puller.h"
#include "receive.h"
#include "rpc_impl.h"
#include "tlog.h"
#include "users.h"
#include "witness.h"

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
	card.witness_key = (char *)witness_vkey();
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

/* ---- between linked servers ------------------------------------------------------ */

#define LINK_PAGE_MAX 16 /* exports or reports in one answer */

static uint32_t
page_max(uint32_t asked)
{
	return asked == 0 || asked > LINK_PAGE_MAX ? LINK_PAGE_MAX : asked;
}

/* Drop exports past half a frame: one answer carries what fits. */
static void
fit_frame(struct recs *l, size_t budget)
{
	size_t used = 0, keep = 0;

	for (; keep < l->n; keep++) {
		used += protobuf_c_message_get_packed_size(l->v[keep]);
		if (used > budget && keep > 0)
			break;
	}
	while (l->n > keep)
		store_rec_free(l->v[--l->n]);
}

static void
read_exports(struct rpc_ctx *x, const struct act *a, const void *arg)
{
	const Sk__V1__ExportListRequest *q = arg;
	Sk__V1__ExportListResponse r = SK__V1__EXPORT_LIST_RESPONSE__INIT;
	struct sk_error err = { 0 };
	struct recs l;

	if (export_list(a, q->from, page_max(q->max), &l, &err) != 0) {
		rpc_reply_error(x, &err);
		return;
	}
	fit_frame(&l, x->srv->cfg->max_frame / 2);
	rpc_reply_recs(x, SK__V1__RESPONSE__RESULT_EXPORT_LIST, &r, &l,
	    &sk__v1__export__descriptor, &r.n_exports, (void ***)&r.exports);
	recs_free(&l);
}

RPC_HANDLER(rpc_export_list)
{
	rpc_read(x, read_exports, req->export_list);
}

/* Is sha the hash of a file export e names? */
static bool
export_names(const ExportRec *e, const ProtobufCBinaryData *sha)
{
	for (size_t i = 0; e->copy != NULL && i < e->copy->n_attachments; i++)
		if (e->copy->attachments[i]->sha256.len == sha->len &&
		    memcmp(e->copy->attachments[i]->sha256.data, sha->data, sha->len) ==
		        0)
			return true;
	return false;
}

static void
read_export_file(struct rpc_ctx *x, const struct act *a, const void *arg)
{
	const Sk__V1__ExportFileRequest *q = arg;
	Sk__V1__AttachmentDataResponse d = SK__V1__ATTACHMENT_DATA_RESPONSE__INIT;
	struct sk_error err = { 0 };
	ExportRec *e = NULL;
	const void *data;
	size_t len;

	if (store_export_get(a->t, a->sc, q->seq, &e) != 0 ||
	    !export_names(e, &q->sha256))
		rpc_reply_code(x, SK_NOT_FOUND, "export %" PRIu64 " names no such file",
		    q->seq);
	else if (files_read(a, e->copy->dossier->id, q->sha256.data, q->offset, &data,
	             &len, &d.size, &err) != 0)
		rpc_reply_error(x, &err);
	else {
		d.offset = q->offset;
		d.data.data = (uint8_t *)data;
		d.data.len = len;
		rpc_reply_result(x, SK__V1__RESPONSE__RESULT_ATTACHMENT_DATA, &d);
	}
	store_rec_free(e);
}

RPC_HANDLER(rpc_export_file)
{
	if (req->export_file->sha256.len != STORE_SHA_LEN) {
		rpc_reply_code(x, SK_INVALID_ARGUMENT, "sha256: 32 bytes");
		return;
	}
	rpc_read(x, read_export_file, req->export_file);
}

/* The reports to the caller's unit, kept by the unit above it. */
static void
read_reports(struct rpc_ctx *x, const struct act *a, const void *arg)
{
	const Sk__V1__ReportListRequest *q = arg;
	Sk__V1__ReportListResponse r = SK__V1__REPORT_LIST_RESPONSE__INIT;
	struct sk_error err = { 0 };
	struct export_proven p;
	struct scope sc;
	struct act up = *a;
	UnitRec *me = NULL;
	void **proofs = NULL;

	if (store_unit_get(a->t, x->who->tenant, &me) != 0) {
		rpc_reply_code(x, SK_UNAVAILABLE, "cannot read your unit");
		return;
	}
	if (authz_scope_unit(a->t, x->who, AZ_REPORT, AZ_READ, x->what, me->parent_id,
	        &sc, &err) != 0 ||
	    (up.sc = &sc,
	        export_reports_proven(&up, me->code, q->from, page_max(q->max), &p,
	            &err)) != 0) {
		rpc_reply_error(x, &err);
		store_rec_free(me);
		return;
	}
	r.checkpoint = p.checkpoint;
	if ((proofs = convert_all((const ProtobufCMessage *const *)p.proofs.v, p.proofs.n,
	         &sk__v1__entry_proof__descriptor)) == NULL)
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
	else {
		r.n_proofs = p.proofs.n;
		r.proofs = (Sk__V1__EntryProof **)proofs;
		rpc_reply_recs(x, SK__V1__RESPONSE__RESULT_REPORT_LIST, &r, &p.reports,
		    &sk__v1__report__descriptor, &r.n_reports, (void ***)&r.reports);
		convert_free_all(proofs, p.proofs.n);
	}
	export_proven_free(&p);
	store_rec_free(me);
}

RPC_HANDLER(rpc_report_list)
{
	rpc_read(x, read_reports, req->report_list);
}

/* ---- how the links stand ------------------------------------------------------------ */

/* The cursor of link u: the next export (a unit's server) or report (the
 * level above's) to take. */
static uint64_t
link_cursor(const struct act *a, const UserRec *u)
{
	struct scope sc = { .tenant = u->unit_id };
	uint32_t key = RECEIVE_ABOVE;
	SourceRec *s = NULL;
	UnitRec *unit = NULL;
	uint64_t next = 1;
	bool down = (u->roles & SK__V1__ROLE__ROLE_DOWNSTREAM) != 0;

	if (down) {
		if (store_unit_get(a->t, u->unit_id, &unit) != 0)
			return 0;
		sc.tenant = unit->parent_id;
		key = unit->id;
		store_rec_free(unit);
	}
	if (store_source_get(a->t, &sc, key, &s) == 0)
		next = down ? s->next_export : s->next_report;
	store_rec_free(s);
	return next;
}

static void
state_fill(Sk__V1__PeerState *st, const UserRec *u, const struct puller_link *l,
    const struct act *a)
{
	sk__v1__peer_state__init(st);
	st->login = u->login;
	st->unit_code = u->peer->unit_code;
	st->upstream = (u->roles & SK__V1__ROLE__ROLE_UPSTREAM) != 0;
	st->enabled = u->enabled;
	st->address = u->peer->address;
	st->cursor = link_cursor(a, u);
	if (l != NULL) {
		st->last_try = l->last_try;
		st->last_ok = l->last_ok;
		st->next_try = l->next_try;
		st->last_error = (char *)l->error;
		st->taken = l->taken;
	}
}

static const struct puller_link *
link_find(const struct puller_link *v, size_t n, const char *login)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].login, login) == 0)
			return &v[i];
	return NULL;
}

static void
read_status(struct rpc_ctx *x, const struct act *a, const void *arg)
{
	Sk__V1__PeerStatusResponse r = SK__V1__PEER_STATUS_RESPONSE__INIT;
	const uint64_t *wanted = arg;
	Sk__V1__PeerState *st = NULL, **ptrs = NULL;
	struct puller_link *links = NULL;
	enum authz_rel rel;
	UserRec **v = NULL;
	size_t n = 0, nl = 0, k = 0;

	r.wanted = *wanted;
	r.passes =
	    x->srv->puller != NULL ? puller_status(x->srv->puller, &links, &nl) : 0;
	if (store_user_list(a->t, 0, &v, &n) != 0) {
		rpc_reply_code(x, SK_UNAVAILABLE, "cannot read the users");
		goto done;
	}
	st = calloc(n + 1, sizeof(*st));
	ptrs = calloc(n + 1, sizeof(*ptrs));
	if (st == NULL || ptrs == NULL) {
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		if (v[i]->peer == NULL ||
		    authz_relation(a->t, x->who, v[i]->unit_id, &rel) != 0 ||
		    !authz_allows(x->who->roles, AZ_USER, AZ_READ, rel))
			continue;
		state_fill(&st[k], v[i], link_find(links, nl, v[i]->login), a);
		ptrs[k] = &st[k];
		k++;
	}
	r.n_peers = k;
	r.peers = ptrs;
	rpc_reply_result(x, SK__V1__RESPONSE__RESULT_PEER_STATUS, &r);
done:
	free(st);
	free(ptrs);
	free(links);
	store_user_list_free(v, n);
}

RPC_HANDLER(rpc_peer_status)
{
	uint64_t wanted = 0;

	(void)req;
	rpc_read(x, read_status, &wanted);
}

RPC_HANDLER(rpc_peer_sync)
{
	uint64_t wanted = x->srv->puller != NULL ? puller_kick(x->srv->puller) : 0;

	(void)req;
	rpc_read(x, read_status, &wanted);
}

/* ---- cosignatures ----------------------------------------------------------------- */

struct cosign_op {
	struct rpc_op op;
	char *checkpoint, *line;
};

static void
cosign_op_done(struct rpc_op *op)
{
	struct cosign_op *o = (struct cosign_op *)op;

	free(o->checkpoint);
	free(o->line);
}

/* The cosignature of the linked server calling, by its pinned witness key. */
static int
apply_cosign(struct rpc_op *op, const struct act *a, struct sk_error *err)
{
	struct cosign_op *o = (struct cosign_op *)op;
	UserRec *u = NULL;
	int rc;

	if ((rc = users_find(a->t, op->who.login, &u, err)) != 0)
		return rc;
	if (u->peer == NULL || u->peer->witness_key[0] == '\0')
		rc = status_set(err, SK_FAILED_PRECONDITION,
		    "%s has no witness key pinned: add its card again", u->login);
	else
		rc = witness_keep(a, o->checkpoint, o->line, u->peer->witness_key, err);
	store_rec_free(u);
	return rc;
}

static void
reply_cosigned(struct rpc_op *op)
{
	Sk__V1__LogCheckpointResponse r = SK__V1__LOG_CHECKPOINT_RESPONSE__INIT;
	struct cosign_op *o = (struct cosign_op *)op;

	log_info("%s: cosigned a checkpoint of unit %u", op->who.login, op->sc.tenant);
	r.checkpoint = o->checkpoint;
	r.verifier_key = (char *)tlog_vkey();
	rpc_reply_result(&op->x, SK__V1__RESPONSE__RESULT_LOG_CHECKPOINT, &r);
}

RPC_HANDLER(rpc_cosign)
{
	const Sk__V1__CosignRequest *q = req->cosign;
	struct cosign_op *o;

	if (strlen(q->checkpoint) >= NOTE_MAX || strlen(q->cosignature) > 1024) {
		rpc_reply_code(x, SK_INVALID_ARGUMENT,
		    "checkpoint or cosignature too long");
		return;
	}
	if ((o = rpc_op_new(x, sizeof(*o), apply_cosign, reply_cosigned,
	         cosign_op_done)) == NULL)
		return;
	if ((o->checkpoint = strdup(q->checkpoint)) == NULL ||
	    (o->line = strdup(q->cosignature)) == NULL) {
		rpc_op_free(&o->op);
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	rpc_op_submit(&o->op);
}
