/*
 * rpc_council: the calls on the unit's council, its sessions and votes,
 * and the recognition decisions with their certificates. Decode, call
 * council.c and decision.c, encode.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "council.h"
#include "date.h"
#include "decision.h"
#include "log.h"
#include "rpc_impl.h"

/* ---- the council ----------------------------------------------------------- */

static void
reply_council(struct rpc_ctx *x, const CouncilRec *c)
{
	Sk__V1__CouncilResponse cr = SK__V1__COUNCIL_RESPONSE__INIT;

	if ((cr.council = convert_msg(&c->base, &sk__v1__council__descriptor)) == NULL) {
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	rpc_reply_result(x, SK__V1__RESPONSE__RESULT_COUNCIL, &cr);
	convert_free(cr.council);
}

struct council_op {
	struct rpc_op op;
	CouncilRec *in, *out;
};

static void
council_op_done(struct rpc_op *op)
{
	struct council_op *o = (struct council_op *)op;

	store_rec_free(o->in);
	store_rec_free(o->out);
}

static int
apply_council_set(struct rpc_op *op, const struct act *a, struct sk_error *err)
{
	struct council_op *o = (struct council_op *)op;

	store_rec_free(o->out);
	o->out = NULL;
	return council_set(a, o->in, &o->out, err);
}

static void
reply_council_set(struct rpc_op *op)
{
	struct council_op *o = (struct council_op *)op;

	log_info("%s: set the council of unit %u", op->who.login, op->sc.tenant);
	reply_council(&op->x, o->out);
}

RPC_HANDLER(rpc_council_set)
{
	struct sk_error err = { 0 };
	struct council_op *o;
	CouncilRec *in = NULL;

	if (req->council_set->council != NULL &&
	    (in = convert_msg(&req->council_set->council->base,
	         &sk__store__v1__council_rec__descriptor)) == NULL) {
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	if (council_check(in, &err) != 0) {
		store_rec_free(in);
		rpc_reply_error(x, &err);
		return;
	}
	if ((o = rpc_op_new(x, sizeof(*o), apply_council_set, reply_council_set,
	         council_op_done)) == NULL) {
		store_rec_free(in);
		return;
	}
	o->in = in;
	rpc_op_submit(&o->op);
}

static void
read_council(struct rpc_ctx *x, const struct act *a, const void *q)
{
	struct sk_error err = { 0 };
	CouncilRec *c = NULL;

	(void)q;
	if (council_get(a, &c, &err) != 0)
		rpc_reply_error(x, &err);
	else
		reply_council(x, c);
	store_rec_free(c);
}

RPC_HANDLER(rpc_council_get)
{
	(void)req;
	rpc_read(x, read_council, NULL);
}

/* ---- sessions and votes ------------------------------------------------------ */

/* A session as people may see it: no running tallies of a secret one. */
static void
reply_session(struct rpc_ctx *x, SessionRec *s)
{
	Sk__V1__SessionResponse sr = SK__V1__SESSION_RESPONSE__INIT;

	council_session_redact(s);
	if ((sr.session = convert_msg(&s->base, &sk__v1__session__descriptor)) == NULL) {
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	rpc_reply_result(x, SK__V1__RESPONSE__RESULT_SESSION, &sr);
	convert_free(sr.session);
}

/* A write whose answer is a session. */
struct session_op {
	struct rpc_op op;
	uint64_t id;
	bool secret;
	char *title, *held_on;
	uint64_t *ids;
	size_t n;
	BallotRec *ballot;
	SessionRec *out;
};

static void
session_op_done(struct rpc_op *op)
{
	struct session_op *o = (struct session_op *)op;

	free(o->title);
	free(o->held_on);
	free(o->ids);
	store_rec_free(o->ballot);
	store_rec_free(o->out);
}

static void
reply_session_op(struct rpc_op *op)
{
	reply_session(&op->x, ((struct session_op *)op)->out);
}

static struct session_op *
session_op_new(struct rpc_ctx *x, rpc_apply_fn apply)
{
	return rpc_op_new(x, sizeof(struct session_op), apply, reply_session_op,
	    session_op_done);
}

static int
apply_session_open(struct rpc_op *op, const struct act *a, struct sk_error *err)
{
	struct session_op *o = (struct session_op *)op;

	store_rec_free(o->out);
	o->out = NULL;
	return council_session_open(a, o->title, o->held_on, o->secret, o->ids, o->n,
	    &o->out, err);
}

/* An owned copy of n ids; NULL when out of memory. */
static uint64_t *
ids_dup(const uint64_t *ids, size_t n)
{
	uint64_t *v = malloc((n ? n : 1) * sizeof(*v));

	if (v != NULL && n > 0)
		memcpy(v, ids, n * sizeof(*v));
	return v;
}

RPC_HANDLER(rpc_session_open)
{
	const Sk__V1__SessionOpenRequest *q = req->session_open;
	struct sk_error err = { 0 };
	struct session_op *o;

	if (council_check_session(q->title, q->held_on, q->initiative_ids,
	        q->n_initiative_ids, &err) != 0) {
		rpc_reply_error(x, &err);
		return;
	}
	if ((o = session_op_new(x, apply_session_open)) == NULL)
		return;
	o->secret = q->secret;
	o->n = q->n_initiative_ids;
	if ((o->title = strdup(q->title)) == NULL ||
	    (o->held_on = strdup(q->held_on)) == NULL ||
	    (o->ids = ids_dup(q->initiative_ids, o->n)) == NULL) {
		rpc_op_free(&o->op);
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	rpc_op_submit(&o->op);
}

static void
read_session(struct rpc_ctx *x, const struct act *a, const void *arg)
{
	const Sk__V1__SessionGetRequest *q = arg;
	struct sk_error err = { 0 };
	SessionRec *s = NULL;

	if (council_session_get(a, q->id, &s, &err) != 0)
		rpc_reply_error(x, &err);
	else
		reply_session(x, s);
	store_rec_free(s);
}

RPC_HANDLER(rpc_session_get)
{
	rpc_read(x, read_session, req->session_get);
}

static int
apply_session_close(struct rpc_op *op, const struct act *a, struct sk_error *err)
{
	struct session_op *o = (struct session_op *)op;

	store_rec_free(o->out);
	o->out = NULL;
	return council_session_close(a, o->id, &o->out, err);
}

RPC_HANDLER(rpc_session_close)
{
	struct session_op *o;

	if ((o = session_op_new(x, apply_session_close)) == NULL)
		return;
	o->id = req->session_close->id;
	rpc_op_submit(&o->op);
}

static int
apply_vote(struct rpc_op *op, const struct act *a, struct sk_error *err)
{
	struct session_op *o = (struct session_op *)op;

	store_rec_free(o->out);
	o->out = NULL;
	return council_vote(a, o->id, o->ballot, &o->out, err);
}

RPC_HANDLER(rpc_vote)
{
	const Sk__V1__Ballot *b = req->vote->ballot;
	struct sk_error err = { 0 };
	struct session_op *o;
	BallotRec *in;

	if (b == NULL) {
		rpc_reply_code(x, SK_INVALID_ARGUMENT, "ballot.vote: yes, no or abstain");
		return;
	}
	if ((in = convert_msg(&b->base, &sk__store__v1__ballot_rec__descriptor)) ==
	    NULL) {
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	if (council_check_ballot(in, &err) != 0) {
		store_rec_free(in);
		rpc_reply_error(x, &err);
		return;
	}
	if ((o = session_op_new(x, apply_vote)) == NULL) {
		store_rec_free(in);
		return;
	}
	o->id = req->vote->session_id;
	o->ballot = in;
	rpc_op_submit(&o->op);
}

/* ---- decisions and certificates -------------------------------------------- */

static void
reply_decision(struct rpc_ctx *x, const DecisionRec *d, const struct recs *certs)
{
	Sk__V1__DecisionResponse dr = SK__V1__DECISION_RESPONSE__INIT;
	void **v;

	dr.decision = convert_msg(&d->base, &sk__v1__decision__descriptor);
	v = convert_all((const ProtobufCMessage *const *)certs->v, certs->n,
	    &sk__v1__certificate__descriptor);
	if (dr.decision == NULL || v == NULL) {
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
	} else {
		dr.n_certificates = certs->n;
		dr.certificates = (Sk__V1__Certificate **)v;
		rpc_reply_result(x, SK__V1__RESPONSE__RESULT_DECISION, &dr);
	}
	convert_free(dr.decision);
	convert_free_all(v, certs->n);
}

struct decision_op {
	struct rpc_op op;
	char *number, *signed_on;
	uint64_t *ids;
	size_t n;
	DecisionRec *out;
	struct recs certs;
};

static void
decision_op_done(struct rpc_op *op)
{
	struct decision_op *o = (struct decision_op *)op;

	free(o->number);
	free(o->signed_on);
	free(o->ids);
	store_rec_free(o->out);
	recs_free(&o->certs);
}

/* The decision and, in the same transaction, the certificates it made. */
static int
apply_decision(struct rpc_op *op, const struct act *a, struct sk_error *err)
{
	struct decision_op *o = (struct decision_op *)op;
	int rc;

	store_rec_free(o->out);
	o->out = NULL;
	recs_free(&o->certs);
	if ((rc = decision_issue(a, o->number, o->signed_on, o->ids, o->n, &o->out,
	         err)) != 0)
		return rc;
	return decision_certificates(a, o->out, &o->certs, err);
}

static void
reply_decision_op(struct rpc_op *op)
{
	struct decision_op *o = (struct decision_op *)op;

	log_info("%s: decision %s recognises %zu initiatives in unit %u", op->who.login,
	    o->out->number, o->out->n_initiative_ids, op->sc.tenant);
	reply_decision(&op->x, o->out, &o->certs);
}

RPC_HANDLER(rpc_decision_issue)
{
	const Sk__V1__DecisionIssueRequest *q = req->decision_issue;
	struct sk_error err = { 0 };
	struct decision_op *o;

	if (decision_check(q->number, q->signed_on, date_today(), q->initiative_ids,
	        q->n_initiative_ids, &err) != 0) {
		rpc_reply_error(x, &err);
		return;
	}
	if ((o = rpc_op_new(x, sizeof(*o), apply_decision, reply_decision_op,
	         decision_op_done)) == NULL)
		return;
	o->n = q->n_initiative_ids;
	if ((o->number = strdup(q->number)) == NULL ||
	    (o->signed_on = strdup(q->signed_on)) == NULL ||
	    (o->ids = ids_dup(q->initiative_ids, o->n)) == NULL) {
		rpc_op_free(&o->op);
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	rpc_op_submit(&o->op);
}

static void
read_decision(struct rpc_ctx *x, const struct act *a, const void *arg)
{
	const Sk__V1__DecisionGetRequest *q = arg;
	struct sk_error err = { 0 };
	struct recs certs = { 0 };
	DecisionRec *d = NULL;

	if (decision_get(a, q->id, &d, &err) != 0 ||
	    decision_certificates(a, d, &certs, &err) != 0)
		rpc_reply_error(x, &err);
	else
		reply_decision(x, d, &certs);
	recs_free(&certs);
	store_rec_free(d);
}

RPC_HANDLER(rpc_decision_get)
{
	rpc_read(x, read_decision, req->decision_get);
}

static void
read_certificates(struct rpc_ctx *x, const struct act *a, const void *arg)
{
	const Sk__V1__CertificateListRequest *q = arg;
	Sk__V1__CertificateListResponse cl = SK__V1__CERTIFICATE_LIST_RESPONSE__INIT;
	struct sk_error err = { 0 };
	struct recs certs;

	if (decision_certificates_of(a, q->initiative_id, &certs, &err) != 0) {
		rpc_reply_error(x, &err);
		return;
	}
	rpc_reply_recs(x, SK__V1__RESPONSE__RESULT_CERTIFICATE_LIST, &cl, &certs,
	    &sk__v1__certificate__descriptor, &cl.n_certificates,
	    (void ***)&cl.certificates);
	recs_free(&certs);
}

RPC_HANDLER(rpc_certificate_list)
{
	rpc_read(x, read_certificates, req->certificate_list);
}
