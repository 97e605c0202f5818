/*
 * unit_call: the typed calls' checks without a server: call_wrap() puts
 * every request of sk.v1 in its place, and call_result() gives the result
 * each call must have, or an error (never a NULL pointer) when the answer
 * is another call's, lacks what must be in it, or is a refusal.
 */
#include <stdlib.h>

#include "call.h"
#include "t.h"

/* Every request message of the Request oneof wraps, packs to itself, and
 * has a rule for its answer. */
static void
wrap_every_call(void)
{
	const ProtobufCMessageDescriptor *d = &sk__v1__request__descriptor;
	Sk__V1__Initiative not_a_call = SK__V1__INITIATIVE__INIT;
	Sk__V1__Request req = SK__V1__REQUEST__INIT;
	struct sk_error err = { 0 };
	unsigned calls = 0;

	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		const ProtobufCMessageDescriptor *qd = f->descriptor;
		ProtobufCMessage *q;
		Sk__V1__Request r = SK__V1__REQUEST__INIT, *back;
		uint8_t buf[256];
		size_t len;

		if (f->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		if ((q = calloc(1, qd->sizeof_message)) == NULL)
			return;
		qd->message_init(q);
		T_EQ_INT(call_wrap(&r, q), 0);
		T_EQ_INT(r.call_case, f->id);
		r.id = 7;
		len = protobuf_c_message_pack(&r.base, buf);
		back = sk__v1__request__unpack(NULL, len, buf);
		T_CHECK(
		    back != NULL && (uint32_t)back->call_case == f->id && back->id == 7);
		if (back != NULL)
			sk__v1__request__free_unpacked(back, NULL);
		/* Every call has its rule: an empty answer is no answer. */
		T_EQ_INT(call_result(r.call_case, sk__v1__response__unpack(NULL, 0, buf),
		             NULL, &err),
		    SK_UNKNOWN);
		free(q);
		calls++;
	}
	T_EQ_INT(calls, 60); /* Hello and the 59 calls of call.h */
	T_EQ_INT(call_wrap(&req, &not_a_call.base), -1);
	T_EQ_INT(req.call_case, SK__V1__REQUEST__CALL__NOT_SET);
}

/* A response as skc_recv would return it: packed and unpacked. */
static Sk__V1__Response *
received(Sk__V1__Response *r)
{
	uint8_t *buf = malloc(protobuf_c_message_get_packed_size(&r->base) + 1);
	size_t len;
	Sk__V1__Response *back;

	if (buf == NULL)
		abort();
	len = protobuf_c_message_pack(&r->base, buf);
	back = sk__v1__response__unpack(NULL, len, buf);
	free(buf);
	return back;
}

static Sk__V1__Response *
initiative_answer(bool with_initiative)
{
	static Sk__V1__InitiativeResponse ir;
	static Sk__V1__Initiative in;
	Sk__V1__Response r = SK__V1__RESPONSE__INIT;

	sk__v1__initiative_response__init(&ir);
	sk__v1__initiative__init(&in);
	in.id = 42;
	in.title = "Số hóa hồ sơ";
	ir.initiative = with_initiative ? &in : NULL;
	r.id = 3;
	r.result_case = SK__V1__RESPONSE__RESULT_INITIATIVE;
	r.initiative = &ir;
	return received(&r);
}

static void
result_inner(void)
{
	Sk__V1__Initiative *in = (void *)1;
	struct sk_error err = { 0 };

	/* An initiative call gets the initiative itself. */
	T_EQ_INT(call_result(SK__V1__REQUEST__CALL_INITIATIVE_GET,
	             initiative_answer(true), &in, &err),
	    0);
	T_CHECK(in != NULL && in->id == 42);
	if (in != NULL)
		T_EQ_STR(in->title, "Số hóa hồ sơ");
	call_free(in);
	T_EQ_INT(call_result(SK__V1__REQUEST__CALL_TRANSITION, initiative_answer(true),
	             NULL, &err),
	    0);
	/* An InitiativeResponse without its initiative is no answer. */
	T_EQ_INT(call_result(SK__V1__REQUEST__CALL_INITIATIVE_GET,
	             initiative_answer(false), &in, &err),
	    SK_UNKNOWN);
	T_CHECK(in == NULL);
	T_EQ_STR(err.msg, "unexpected reply to initiative_get: no initiative in it");
}

static void
result_other_call(void)
{
	Sk__V1__Session *s = (void *)1;
	struct sk_error err = { 0 };

	/* The answer of another call, e.g. an initiative for a session. */
	T_EQ_INT(call_result(SK__V1__REQUEST__CALL_SESSION_GET, initiative_answer(true),
	             &s, &err),
	    SK_UNKNOWN);
	T_CHECK(s == NULL);
	T_CONTAINS(err.msg, "session_get");
	T_EQ_INT(call_result(SK__V1__REQUEST__CALL__NOT_SET, initiative_answer(true), &s,
	             &err),
	    SK_INTERNAL);
}

static void
result_whole_and_need(void)
{
	Sk__V1__Response r = SK__V1__RESPONSE__INIT;
	Sk__V1__DecisionResponse dr = SK__V1__DECISION_RESPONSE__INIT, *got;
	Sk__V1__Decision d = SK__V1__DECISION__INIT;
	Sk__V1__OverdueResponse o = SK__V1__OVERDUE_RESPONSE__INIT, *ov;
	Sk__V1__OverdueItem item = SK__V1__OVERDUE_ITEM__INIT, *itemp = &item;
	Sk__V1__Initiative in = SK__V1__INITIATIVE__INIT;
	struct sk_error err = { 0 };

	/* A decision answer is the whole DecisionResponse, with its decision. */
	d.id = 9;
	dr.decision = &d;
	r.result_case = SK__V1__RESPONSE__RESULT_DECISION;
	r.decision = &dr;
	T_EQ_INT(call_result(SK__V1__REQUEST__CALL_DECISION_GET, received(&r), &got,
	             &err),
	    0);
	T_CHECK(got != NULL && got->decision != NULL && got->decision->id == 9);
	call_free(got);
	dr.decision = NULL;
	T_EQ_INT(call_result(SK__V1__REQUEST__CALL_DECISION_GET, received(&r), &got,
	             &err),
	    SK_UNKNOWN);
	T_CHECK(got == NULL);
	/* Overdue items name their initiative. */
	o.n_items = 1;
	o.items = &itemp;
	item.initiative = &in;
	r.result_case = SK__V1__RESPONSE__RESULT_OVERDUE;
	r.overdue = &o;
	T_EQ_INT(call_result(SK__V1__REQUEST__CALL_OVERDUE, received(&r), &ov, &err), 0);
	T_CHECK(ov != NULL && ov->n_items == 1);
	call_free(ov);
	item.initiative = NULL;
	T_EQ_INT(call_result(SK__V1__REQUEST__CALL_OVERDUE, received(&r), &ov, &err),
	    SK_UNKNOWN);
	T_CHECK(ov == NULL);
}

static void
result_refused(void)
{
	Sk__V1__Response r = SK__V1__RESPONSE__INIT;
	Sk__V1__Status st = SK__V1__STATUS__INIT;
	Sk__V1__Initiative *in = (void *)1;
	struct sk_error err = { 0 };

	st.code = SK__V1__CODE__NOT_FOUND;
	st.message = "initiative 5 not found in your unit";
	r.status = &st;
	T_EQ_INT(call_result(SK__V1__REQUEST__CALL_INITIATIVE_GET, received(&r), &in,
	             &err),
	    SK_NOT_FOUND);
	T_CHECK(in == NULL);
	T_EQ_STR(err.msg, "initiative 5 not found in your unit");
	/* err is cleared by the next success. */
	T_EQ_INT(call_result(SK__V1__REQUEST__CALL_INITIATIVE_GET,
	             initiative_answer(true), &in, &err),
	    0);
	T_EQ_INT(err.code, 0);
	T_EQ_STR(err.msg, "");
	call_free(in);
}

static void
free_anything(void)
{
	Sk__V1__UserCreateResponse u = SK__V1__USER_CREATE_RESPONSE__INIT;
	Sk__V1__User user = SK__V1__USER__INIT;
	Sk__V1__Response r = SK__V1__RESPONSE__INIT;
	Sk__V1__UserCreateResponse *got;
	struct sk_error err = { 0 };

	call_free(NULL);
	user.login = "an.hm";
	u.user = &user;
	u.key_pem = "-----BEGIN PRIVATE KEY-----\n...\n";
	r.result_case = SK__V1__RESPONSE__RESULT_USER_CREATE;
	r.user_create = &u;
	T_EQ_INT(call_result(SK__V1__REQUEST__CALL_USER_CREATE, received(&r), &got, &err),
	    0);
	T_CHECK(got != NULL && got->user != NULL);
	call_free(got); /* wipes the key, frees all: ASan sees no leak */
}

static const struct t_case cases[] = {
	{ "every request of sk.v1 wraps into its call", wrap_every_call },
	{ "an initiative call gets the initiative, or SK_UNKNOWN without one",
	    result_inner },
	{ "another call's answer is SK_UNKNOWN, not a NULL pointer", result_other_call },
	{ "whole results, with what must be in them", result_whole_and_need },
	{ "a refusal comes back with its code and message", result_refused },
	{ "call_free frees any result", free_anything },
};

T_MAIN(cases)
