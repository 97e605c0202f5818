/*
 * rpc_level: the calls of the level above the units: the receiving
 * level's rounds. Decode, ask authz, call round.c, encode.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "date.h"
#include "log.h"
#include "round.h"
#include "rpc_impl.h"

struct round_op {
	struct rpc_op op;
	uint64_t id;
	char *name, *opens_on, *closes_on;
	RoundRec *out;
};

static void
round_op_done(struct rpc_op *op)
{
	struct round_op *o = (struct round_op *)op;

	free(o->name);
	free(o->opens_on);
	free(o->closes_on);
	store_rec_free(o->out);
}

static void
reply_round(struct rpc_op *op)
{
	struct round_op *o = (struct round_op *)op;
	Sk__V1__RoundResponse rr = SK__V1__ROUND_RESPONSE__INIT;

	log_info("%s: %s %" PRIu64 " of unit %u", op->who.login, op->x.what, o->out->id,
	    op->sc.tenant);
	if ((rr.round = convert_msg(&o->out->base, &sk__v1__round__descriptor)) == NULL) {
		rpc_reply_code(&op->x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	rpc_reply_result(&op->x, SK__V1__RESPONSE__RESULT_ROUND, &rr);
	convert_free(rr.round);
}

static int
apply_round_create(struct rpc_op *op, const struct act *a, struct sk_error *err)
{
	struct round_op *o = (struct round_op *)op;

	store_rec_free(o->out);
	o->out = NULL;
	return round_create(a, o->name, o->opens_on, o->closes_on, &o->out, err);
}

RPC_HANDLER(rpc_round_create)
{
	const Sk__V1__RoundCreateRequest *q = req->round_create;
	struct sk_error err = { 0 };
	struct round_op *o;

	if (round_check(q->name, q->opens_on, q->closes_on, date_today(), &err) != 0) {
		rpc_reply_error(x, &err);
		return;
	}
	if ((o = rpc_op_new(x, sizeof(*o), apply_round_create, reply_round,
	         round_op_done)) == NULL)
		return;
	if ((o->name = strdup(q->name)) == NULL ||
	    (o->opens_on = strdup(q->opens_on)) == NULL ||
	    (o->closes_on = strdup(q->closes_on)) == NULL) {
		rpc_op_free(&o->op);
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	rpc_op_submit(&o->op);
}

static int
apply_round_close(struct rpc_op *op, const struct act *a, struct sk_error *err)
{
	struct round_op *o = (struct round_op *)op;

	store_rec_free(o->out);
	o->out = NULL;
	return round_close(a, o->id, &o->out, err);
}

RPC_HANDLER(rpc_round_close)
{
	struct round_op *o;

	if ((o = rpc_op_new(x, sizeof(*o), apply_round_close, reply_round,
	         round_op_done)) == NULL)
		return;
	o->id = req->round_close->id;
	rpc_op_submit(&o->op);
}

static void
read_rounds(struct rpc_ctx *x, const struct act *a, const void *arg)
{
	const Sk__V1__RoundListRequest *q = arg;
	Sk__V1__RoundListResponse rl = SK__V1__ROUND_LIST_RESPONSE__INIT;
	struct sk_error err = { 0 };
	struct scope sc;
	struct act in;
	struct recs r;

	/* A unit's head reads the rounds of the level above theirs. */
	if (rpc_scope_unit(x, a->t, AZ_ROUND, AZ_READ, q->unit_code, &sc) != 0)
		return;
	in = *a;
	in.sc = &sc;
	if (round_list(&in, &r, &err) != 0) {
		rpc_reply_error(x, &err);
		return;
	}
	rpc_reply_recs(x, SK__V1__RESPONSE__RESULT_ROUND_LIST, &rl, &r,
	    &sk__v1__round__descriptor, &rl.n_rounds, (void ***)&rl.rounds);
	recs_free(&r);
}

RPC_HANDLER(rpc_round_list)
{
	rpc_read(x, read_rounds, req->round_list);
}
