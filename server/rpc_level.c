/*
 * rpc_level: the calls of the level above the units: the receiving
 * level's rounds, a unit's submissions and what it forwards, the copies
 * kept above. Decode, ask authz, call round.c and forward.c, encode.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "date.h"
#include "district.h"
#include "forward.h"
#include "initiative.h"
#include "link.h"
#include "log.h"
#include "receive.h"
#include "round.h"
#include "rpc_impl.h"
#include "text.h"
#include "validate.h"

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

/*
 * The rounds of code, the level above the caller's unit on a linked server,
 * as last pulled from it; false (nothing replied) when code is not that.
 */
static bool
linked_rounds(struct rpc_ctx *x, const struct act *a, const char *code)
{
	Sk__V1__RoundListResponse rl = SK__V1__ROUND_LIST_RESPONSE__INIT;
	struct scope sc = { .tenant = x->who->tenant };
	UserRec *peer = NULL;
	SourceRec *src = NULL;
	UnitRec *u = NULL;
	struct recs r = { 0 };
	bool linked;

	if (code[0] == '\0' || store_unit_by_code(a->t, code, &u) != SK_NOT_FOUND) {
		store_rec_free(u);
		return false;
	}
	linked = link_upstream(a->t, x->who->tenant, &peer) == 0 &&
	    strcmp(peer->peer->unit_code, code) == 0;
	store_rec_free(peer);
	if (!linked)
		return false;
	if (!authz_allows(x->who->roles, AZ_ROUND, AZ_READ, AZ_PARENT))
		rpc_reply_code(x, SK_PERMISSION_DENIED,
		    "%s of the level above needs the role head", x->what);
	else if (store_source_get(a->t, &sc, RECEIVE_ABOVE, &src) != 0)
		rpc_reply_code(x, SK_FAILED_PRECONDITION,
		    "the rounds of %s have not been taken from its server yet "
		    "(sk peer sync)",
		    code);
	else {
		r.v = (void **)src->rounds;
		r.n = src->n_rounds;
		rpc_reply_recs(x, SK__V1__RESPONSE__RESULT_ROUND_LIST, &rl, &r,
		    &sk__v1__round__descriptor, &rl.n_rounds, (void ***)&rl.rounds);
	}
	store_rec_free(src);
	return true;
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

	if (linked_rounds(x, a, q->unit_code))
		return;
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

/* ---- forwarding ------------------------------------------------------------------ */

/* The submission and, when asked, its initiatives as the caller sees them. */
static void
reply_submission(struct rpc_ctx *x, const struct scope *sc, const SubmissionRec *s,
    const struct recs *r)
{
	Sk__V1__SubmissionResponse sr = SK__V1__SUBMISSION_RESPONSE__INIT;
	Sk__V1__Initiative **v = NULL;
	size_t ok = 0;

	sr.submission = convert_msg(&s->base, &sk__v1__submission__descriptor);
	if (r != NULL && (v = calloc(r->n + 1, sizeof(*v))) != NULL)
		for (; ok < r->n; ok++) {
			const InitiativeRec *i = r->v[ok];

			if ((v[ok] = convert_initiative_out(i,
			         initiative_may_read_confidential(i, sc))) == NULL)
				break;
		}
	if (sr.submission == NULL || (r != NULL && (v == NULL || ok < r->n))) {
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
	} else {
		sr.n_initiatives = ok;
		sr.initiatives = v;
		rpc_reply_result(x, SK__V1__RESPONSE__RESULT_SUBMISSION, &sr);
	}
	convert_free_all((void **)v, ok);
	convert_free(sr.submission);
}

/* A write on a submission of the caller's unit. */
struct forward_op {
	struct rpc_op op;
	uint64_t id;
	char *number, *signed_on, *reasons, *sector;
	uint64_t *ids;
	size_t n;
	struct scope up; /* forward_send: the level above, from authz */
	bool linked;     /* ... or on a linked server */
	SubmissionRec *out;
	struct recs initiatives;
};

static void
forward_op_done(struct rpc_op *op)
{
	struct forward_op *o = (struct forward_op *)op;

	free(o->number);
	free(o->signed_on);
	free(o->reasons);
	free(o->sector);
	free(o->ids);
	store_rec_free(o->out);
	recs_free(&o->initiatives);
}

/* The submission's initiatives as they are now, for the reply. */
static int
submission_initiatives(const struct act *a, const SubmissionRec *s, struct recs *out,
    struct sk_error *err)
{
	InitiativeRec *r;
	int rc = 0;

	recs_free(out);
	for (size_t i = 0; i < s->n_initiative_ids && rc == 0; i++)
		if ((rc = initiative_load(a, s->initiative_ids[i], &r, err)) == 0 &&
		    (rc = recs_push(out, r)) != 0)
			status_set(err, rc, "out of memory");
	return rc;
}

static void
reply_forward(struct rpc_op *op)
{
	struct forward_op *o = (struct forward_op *)op;

	log_info("%s: %s %s of unit %u", op->who.login, op->x.what, o->out->number,
	    op->sc.tenant);
	reply_submission(&op->x, &op->sc, o->out, &o->initiatives);
}

static int
apply_nominate(struct rpc_op *op, const struct act *a, struct sk_error *err)
{
	struct forward_op *o = (struct forward_op *)op;
	int rc;

	store_rec_free(o->out);
	o->out = NULL;
	if ((rc = forward_nominate(a, o->number, o->signed_on, o->reasons, o->sector,
	         o->ids, o->n, &o->out, err)) != 0)
		return rc;
	return submission_initiatives(a, o->out, &o->initiatives, err);
}

RPC_HANDLER(rpc_forward_nominate)
{
	const Sk__V1__ForwardNominateRequest *q = req->forward_nominate;
	struct sk_error err = { 0 };
	struct forward_op *o;

	if (forward_check(q->number, q->signed_on, q->reasons, q->sector,
	        q->initiative_ids, q->n_initiative_ids, date_today(),
	        x->srv->terms.sectors, &err) != 0) {
		rpc_reply_error(x, &err);
		return;
	}
	if ((o = rpc_op_new(x, sizeof(*o), apply_nominate, reply_forward,
	         forward_op_done)) == NULL)
		return;
	o->n = q->n_initiative_ids;
	if ((o->number = strdup(q->number)) == NULL ||
	    (o->signed_on = strdup(q->signed_on)) == NULL ||
	    (o->reasons = strdup(q->reasons)) == NULL ||
	    (o->sector = strdup(q->sector)) == NULL ||
	    (o->ids = malloc(o->n * sizeof(*o->ids))) == NULL) {
		rpc_op_free(&o->op);
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	memcpy(o->ids, q->initiative_ids, o->n * sizeof(*o->ids));
	rpc_op_submit(&o->op);
}

static int
apply_send(struct rpc_op *op, const struct act *a, struct sk_error *err)
{
	struct forward_op *o = (struct forward_op *)op;
	struct act up = *a;
	int rc;

	store_rec_free(o->out);
	o->out = NULL;
	up.sc = &o->up;
	if ((rc = forward_send(a, o->linked ? NULL : &up, o->id, &o->out, err)) != 0)
		return rc;
	return submission_initiatives(a, o->out, &o->initiatives, err);
}

/* The scope of the level above the caller's unit, for sending to it;
 * *linked when it is on a linked server (nothing to reach here). */
static int
scope_above(struct rpc_ctx *x, struct scope *sc, bool *linked)
{
	struct sk_error err = { 0 };
	struct store_txn t;
	UnitRec *u = NULL;
	UserRec *peer = NULL;
	int rc;

	*linked = false;
	if (store_read_begin(x->srv->st, &t) != 0) {
		rpc_reply_code(x, SK_UNAVAILABLE, "storage unavailable");
		return SK_UNAVAILABLE;
	}
	if ((rc = store_unit_get(&t, x->who->tenant, &u)) != 0)
		status_set(&err, SK_INTERNAL, "cannot read your unit");
	else if (u->parent_id != 0)
		rc = authz_scope_unit(&t, x->who, AZ_FORWARD, AZ_CREATE, x->what,
		    u->parent_id, sc, &err);
	else if (link_upstream(&t, x->who->tenant, &peer) == 0) {
		*linked = true;
		rc = authz_scope_own(x->who, AZ_FORWARD, AZ_CREATE, x->what, sc, &err);
	} else
		rc = status_set(&err, SK_FAILED_PRECONDITION,
		    "your unit is at the top: there is no level above to send to "
		    "(here, or linked: sk peer add --upstream)");
	store_read_end(&t);
	store_rec_free(u);
	store_rec_free(peer);
	if (rc != 0)
		rpc_reply_error(x, &err);
	return rc;
}

RPC_HANDLER(rpc_forward_send)
{
	struct forward_op *o;
	struct scope up;
	bool linked;

	if (scope_above(x, &up, &linked) != 0 ||
	    (o = rpc_op_new(x, sizeof(*o), apply_send, reply_forward, forward_op_done)) ==
	        NULL)
		return;
	o->id = req->forward_send->submission_id;
	o->up = up;
	o->linked = linked;
	o->up.login = o->op.who.login; /* the op's copy, not the connection's */
	o->up.fp = o->op.who.fp;
	rpc_op_submit(&o->op);
}

struct complete_op {
	struct rpc_op op;
	uint64_t id;
	char *scope;
	InitiativeRec *out;
};

static void
complete_op_done(struct rpc_op *op)
{
	struct complete_op *o = (struct complete_op *)op;

	free(o->scope);
	store_rec_free(o->out);
}

static int
apply_complete(struct rpc_op *op, const struct act *a, struct sk_error *err)
{
	struct complete_op *o = (struct complete_op *)op;

	store_rec_free(o->out);
	o->out = NULL;
	return forward_complete(a, o->id, o->scope, &o->out, err);
}

static void
reply_complete(struct rpc_op *op)
{
	rpc_reply_initiative(&op->x, &op->sc, ((struct complete_op *)op)->out);
}

RPC_HANDLER(rpc_forward_complete)
{
	const Sk__V1__ForwardCompleteRequest *q = req->forward_complete;
	struct complete_op *o;

	if (text_blank(q->scope) || !text_valid(q->scope, strlen(q->scope)) ||
	    text_chars(q->scope) > FORWARD_SCOPE_MAX) {
		rpc_reply_code(x, SK_INVALID_ARGUMENT,
		    "scope: the effect and scope at the level above, UTF-8, 1 to %d "
		    "characters",
		    FORWARD_SCOPE_MAX);
		return;
	}
	if ((o = rpc_op_new(x, sizeof(*o), apply_complete, reply_complete,
	         complete_op_done)) == NULL)
		return;
	o->id = q->initiative_id;
	if ((o->scope = strdup(q->scope)) == NULL) {
		rpc_op_free(&o->op);
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	rpc_op_submit(&o->op);
}

static void
read_submission(struct rpc_ctx *x, const struct act *a, const void *arg)
{
	const Sk__V1__SubmissionGetRequest *q = arg;
	struct sk_error err = { 0 };
	struct recs r = { 0 };
	SubmissionRec *s = NULL;

	if (forward_submission(a, q->id, &s, &err) != 0 ||
	    submission_initiatives(a, s, &r, &err) != 0)
		rpc_reply_error(x, &err);
	else
		reply_submission(x, a->sc, s, &r);
	recs_free(&r);
	store_rec_free(s);
}

RPC_HANDLER(rpc_submission_get)
{
	rpc_read(x, read_submission, req->submission_get);
}

static void
read_submissions(struct rpc_ctx *x, const struct act *a, const void *arg)
{
	Sk__V1__SubmissionListResponse sl = SK__V1__SUBMISSION_LIST_RESPONSE__INIT;
	struct sk_error err = { 0 };
	struct recs r;

	(void)arg;
	if (forward_submissions(a, &r, &err) != 0) {
		rpc_reply_error(x, &err);
		return;
	}
	rpc_reply_recs(x, SK__V1__RESPONSE__RESULT_SUBMISSION_LIST, &sl, &r,
	    &sk__v1__submission__descriptor, &sl.n_submissions,
	    (void ***)&sl.submissions);
	recs_free(&r);
}

RPC_HANDLER(rpc_submission_list)
{
	(void)req;
	rpc_read(x, read_submissions, NULL);
}

static void
read_copy(struct rpc_ctx *x, const struct act *a, const void *arg)
{
	const Sk__V1__CopyGetRequest *q = arg;
	Sk__V1__CopyResponse cr = SK__V1__COPY_RESPONSE__INIT;
	struct sk_error err = { 0 };
	CopyRec *c = NULL;

	if (forward_copy(a, q->id, &c, &err) != 0) {
		rpc_reply_error(x, &err);
		return;
	}
	if ((cr.copy = convert_msg(&c->base, &sk__v1__copy__descriptor)) == NULL)
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
	else
		rpc_reply_result(x, SK__V1__RESPONSE__RESULT_COPY, &cr);
	convert_free(cr.copy);
	store_rec_free(c);
}

RPC_HANDLER(rpc_copy_get)
{
	rpc_read(x, read_copy, req->copy_get);
}

/* ---- the district's own work ----------------------------------------------------- */

/* A write on one initiative of the caller's level, answered with it. */
struct level_op {
	struct rpc_op op;
	uint64_t id;
	bool flag; /* outcome: recognised; publish: published */
	bool outcome;
	char *number, *signed_on, *note;
	AwardRec *award;
	InitiativeRec *out;
};

static void
level_op_done(struct rpc_op *op)
{
	struct level_op *o = (struct level_op *)op;

	free(o->number);
	free(o->signed_on);
	free(o->note);
	store_rec_free(o->award);
	store_rec_free(o->out);
}

static void
reply_level(struct rpc_op *op)
{
	struct level_op *o = (struct level_op *)op;

	log_info("%s: %s, initiative %" PRIu64 " of unit %u", op->who.login, op->x.what,
	    o->id, op->sc.tenant);
	rpc_reply_initiative(&op->x, &op->sc, o->out);
}

static struct level_op *
level_op_new(struct rpc_ctx *x, uint64_t id, rpc_apply_fn apply)
{
	struct level_op *o = rpc_op_new(x, sizeof(*o), apply, reply_level, level_op_done);

	if (o != NULL)
		o->id = id;
	return o;
}

static int
apply_upper(struct rpc_op *op, const struct act *a, struct sk_error *err)
{
	struct level_op *o = (struct level_op *)op;

	store_rec_free(o->out);
	o->out = NULL;
	if (!o->outcome)
		return district_propose(a, o->id, o->number, o->signed_on, &o->out, err);
	return district_outcome(a, o->id, o->flag, o->number, o->signed_on, o->note,
	    &o->out, err);
}

RPC_HANDLER(rpc_upper_record)
{
	const Sk__V1__UpperRecordRequest *q = req->upper_record;
	struct sk_error err = { 0 };
	struct level_op *o;
	int32_t day;

	if (validate_name("number", q->number, &err) != 0 ||
	    (q->note[0] != '\0' && validate_name("note", q->note, &err) != 0)) {
		rpc_reply_error(x, &err);
		return;
	}
	if (!date_parse_iso(q->signed_on, &day) || day > date_today()) {
		rpc_reply_code(x, SK_INVALID_ARGUMENT,
		    "signed_on: a date in YYYY-MM-DD form, not in the future");
		return;
	}
	if ((o = level_op_new(x, q->initiative_id, apply_upper)) == NULL)
		return;
	o->outcome = q->outcome;
	o->flag = q->recognised;
	if ((o->number = strdup(q->number)) == NULL ||
	    (o->signed_on = strdup(q->signed_on)) == NULL ||
	    (o->note = strdup(q->note)) == NULL) {
		rpc_op_free(&o->op);
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	rpc_op_submit(&o->op);
}

static int
apply_award(struct rpc_op *op, const struct act *a, struct sk_error *err)
{
	struct level_op *o = (struct level_op *)op;

	store_rec_free(o->out);
	o->out = NULL;
	return district_award(a, o->id, o->award, &o->out, err);
}

RPC_HANDLER(rpc_award_record)
{
	const Sk__V1__AwardRecordRequest *q = req->award_record;
	struct sk_error err = { 0 };
	struct level_op *o;
	int32_t day;

	if (q->award == NULL || validate_name("award.name", q->award->name, &err) != 0 ||
	    validate_name("award.decision_number", q->award->decision_number, &err) !=
	        0) {
		if (err.code == 0)
			status_set(&err, SK_INVALID_ARGUMENT, "award: missing");
		rpc_reply_error(x, &err);
		return;
	}
	if (!date_parse_iso(q->award->signed_on, &day) || day > date_today()) {
		rpc_reply_code(x, SK_INVALID_ARGUMENT,
		    "award.signed_on: a date in YYYY-MM-DD form, not in the future");
		return;
	}
	if ((o = level_op_new(x, q->initiative_id, apply_award)) == NULL)
		return;
	if ((o->award = convert_msg(&q->award->base,
	         &sk__store__v1__award_rec__descriptor)) == NULL) {
		rpc_op_free(&o->op);
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	rpc_op_submit(&o->op);
}

static int
apply_publish(struct rpc_op *op, const struct act *a, struct sk_error *err)
{
	struct level_op *o = (struct level_op *)op;

	store_rec_free(o->out);
	o->out = NULL;
	return district_publish(a, o->id, o->flag, &o->out, err);
}

RPC_HANDLER(rpc_publish_set)
{
	struct level_op *o;

	if ((o = level_op_new(x, req->publish_set->initiative_id, apply_publish)) == NULL)
		return;
	o->flag = req->publish_set->published;
	rpc_op_submit(&o->op);
}

/* A list of initiatives with no confidential part, whoever asks; for
 * everyone (public), only what convert_initiative_public keeps. */
static void
reply_public(struct rpc_ctx *x, Sk__V1__Response__ResultCase rc, void *msg,
    size_t *n_field, Sk__V1__Initiative ***field, const struct recs *r, bool public)
{
	Sk__V1__Initiative **v = calloc(r->n + 1, sizeof(*v));
	size_t ok = 0;

	for (; v != NULL && ok < r->n; ok++)
		if ((v[ok] = public ? convert_initiative_public(r->v[ok]) :
		                      convert_initiative_out(r->v[ok], false)) == NULL)
			break;
	if (v == NULL || ok < r->n) {
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
	} else {
		*n_field = ok;
		*field = v;
		rpc_reply_result(x, rc, msg);
	}
	convert_free_all((void **)v, ok);
}

static void
read_commendations(struct rpc_ctx *x, const struct act *a, const void *arg)
{
	Sk__V1__CommendationListResponse cl = SK__V1__COMMENDATION_LIST_RESPONSE__INIT;
	struct sk_error err = { 0 };
	struct recs r;

	(void)arg;
	if (district_commendations(a, &r, &err) != 0) {
		rpc_reply_error(x, &err);
		return;
	}
	reply_public(x, SK__V1__RESPONSE__RESULT_COMMENDATION_LIST, &cl,
	    &cl.n_initiatives, &cl.initiatives, &r, false);
	recs_free(&r);
}

RPC_HANDLER(rpc_commendation_list)
{
	(void)req;
	rpc_read(x, read_commendations, NULL);
}

static void
read_published(struct rpc_ctx *x, const struct act *a, const void *arg)
{
	const Sk__V1__PublishedListRequest *q = arg;
	Sk__V1__InitiativeListResponse l = SK__V1__INITIATIVE_LIST_RESPONSE__INIT;
	struct sk_error err = { 0 };
	struct scope sc;
	struct act in = *a;
	struct recs r;

	if (rpc_scope_unit(x, a->t, AZ_PUBLISHED, AZ_READ, q->unit_code, &sc) != 0)
		return;
	in.sc = &sc;
	if (district_published(&in, &r, &err) != 0) {
		rpc_reply_error(x, &err);
		return;
	}
	reply_public(x, SK__V1__RESPONSE__RESULT_INITIATIVE_LIST, &l, &l.n_initiatives,
	    &l.initiatives, &r, true);
	recs_free(&r);
}

RPC_HANDLER(rpc_published_list)
{
	rpc_read(x, read_published, req->published_list);
}

/* The wire form of one unit's counts (owning its by_state array). */
static int
unit_summary(Sk__V1__UnitSummary *m, Sk__V1__Unit *u, const struct district_unit *d)
{
	sk__v1__unit_summary__init(m);
	convert_unit_view(u, d->unit);
	m->unit = u;
	if ((m->by_state = malloc(sizeof(d->by_state))) == NULL)
		return -1;
	memcpy(m->by_state, d->by_state, sizeof(d->by_state));
	m->n_by_state = DISTRICT_STATES;
	m->registrations = d->registrations;
	m->recognised = d->recognised;
	m->forwarded = d->forwarded;
	m->overdue = d->overdue;
	return 0;
}

static void
reply_summary(struct rpc_ctx *x, struct district_summary *s)
{
	Sk__V1__DistrictSummaryResponse sr = SK__V1__DISTRICT_SUMMARY_RESPONSE__INIT;
	Sk__V1__UnitSummary *m = calloc(s->n + 1, sizeof(*m)),
	                    **mp = calloc(s->n + 1, sizeof(*mp));
	Sk__V1__Unit *u = calloc(s->n + 1, sizeof(*u));
	size_t ok = 0;

	for (; m != NULL && mp != NULL && u != NULL && ok < s->n; ok++) {
		if (unit_summary(&m[ok], &u[ok], &s->v[ok]) != 0)
			break;
		mp[ok] = &m[ok];
	}
	if (ok < s->n ||
	    (s->round != NULL &&
	        (sr.round = convert_msg(&s->round->base, &sk__v1__round__descriptor)) ==
	            NULL)) {
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
	} else {
		sr.n_units = s->n;
		sr.units = mp;
		if (s->round != NULL) {
			sr.n_round_by_state = DISTRICT_STATES;
			sr.round_by_state = s->round_by_state;
		}
		rpc_reply_result(x, SK__V1__RESPONSE__RESULT_DISTRICT_SUMMARY, &sr);
	}
	for (size_t i = 0; i < ok; i++)
		free(m[i].by_state);
	convert_free(sr.round);
	free(m);
	free(mp);
	free(u);
}

static void
read_summary(struct rpc_ctx *x, const struct act *a, const void *arg)
{
	const Sk__V1__DistrictSummaryRequest *q = arg;
	struct district_summary s;
	struct sk_error err = { 0 };

	if (district_summary(a, q->round_id, &s, &err) != 0) {
		rpc_reply_error(x, &err);
		return;
	}
	reply_summary(x, &s);
	district_summary_free(&s);
}

RPC_HANDLER(rpc_district_summary)
{
	rpc_read(x, read_summary, req->district_summary);
}
