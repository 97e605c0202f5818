/*
 * rpc_council: the unit's council, its sessions and votes, and the
 * recognition decisions with their certificates.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "log.h"
#include "names.h"
#include "rpc_impl.h"
#include "text.h"
#include "tlog.h"
#include "validate.h"

#define COUNCIL_MAX 100
#define AGENDA_MAX 50
#define SCORE_MAX 10

static int
session_load(struct store_txn *t, const struct scope *sc, uint64_t id, SessionRec **s,
    struct sk_error *err)
{
	uint8_t sub[8];
	int rc;

	store_be64(sub, id);
	rc = store_obj_get(t, sc, STORE_SESSION, sub, sizeof(sub),
	    &sk__store__v1__session_rec__descriptor, (void **)s);
	if (rc == SK_NOT_FOUND)
		return status_set(err, rc, "session %" PRIu64 " not found in your unit",
		    id);
	if (rc != 0)
		return status_set(err, rc, "cannot read session %" PRIu64, id);
	return 0;
}

static int
session_store(struct store_txn *t, const struct scope *sc, const SessionRec *s)
{
	uint8_t sub[8];

	store_be64(sub, s->id);
	return store_obj_put(t, sc, STORE_SESSION, sub, sizeof(sub), &s->base);
}

/* Record a session's change in the decision log. */
static int
session_log(struct store_txn *t, const struct scope *sc, const SessionRec *s,
    const char *action, const char *note)
{
	char object[32];

	snprintf(object, sizeof(object), "session/%" PRIu64, s->id);
	return tlog_append(t, sc, action, object, &s->base, note);
}

static int
council_load(struct store_txn *t, const struct scope *sc, CouncilRec **c,
    struct sk_error *err)
{
	int rc = store_obj_get(t, sc, STORE_COUNCIL, NULL, 0,
	    &sk__store__v1__council_rec__descriptor, (void **)c);

	if (rc == SK_NOT_FOUND)
		return status_set(err, SK_FAILED_PRECONDITION,
		    "your unit has no council yet (sk council set)");
	if (rc != 0)
		return status_set(err, rc, "cannot read the council");
	return 0;
}

static bool
is_member(const CouncilRec *c, const char *login)
{
	for (size_t i = 0; c != NULL && i < c->n_members; i++)
		if (strcmp(c->members[i]->login, login) == 0)
			return true;
	return false;
}

/* ---- the council ----------------------------------------------------------- */

static void
reply_council(struct rpc_ctx *x, const CouncilRec *c)
{
	Sk__V1__Response resp = SK__V1__RESPONSE__INIT;
	Sk__V1__CouncilResponse cr = SK__V1__COUNCIL_RESPONSE__INIT;

	if ((cr.council = convert_msg(&c->base, &sk__v1__council__descriptor)) == NULL) {
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	resp.result_case = SK__V1__RESPONSE__RESULT_COUNCIL;
	resp.council = &cr;
	rpc_reply(x, &resp, false);
	convert_free(cr.council);
}

static int
check_council(const Sk__V1__Council *c, struct sk_error *err)
{
	size_t chairs = 0;

	if (c == NULL || c->n_members == 0 || c->n_members > COUNCIL_MAX)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "members: a council has 1 to %d members", COUNCIL_MAX);
	for (size_t i = 0; i < c->n_members; i++) {
		if (c->members[i]->role < SK__V1__COUNCIL_ROLE__CHAIR ||
		    c->members[i]->role > SK__V1__COUNCIL_ROLE__MEMBER)
			return status_set(err, SK_INVALID_ARGUMENT,
			    "members[%zu].role: unknown", i + 1);
		chairs += c->members[i]->role == SK__V1__COUNCIL_ROLE__CHAIR;
		for (size_t k = 0; k < i; k++)
			if (strcmp(c->members[i]->login, c->members[k]->login) == 0)
				return status_set(err, SK_INVALID_ARGUMENT,
				    "members: %s is listed twice", c->members[i]->login);
	}
	if (chairs != 1)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "members: a council has exactly one chair, not %zu", chairs);
	if (c->threshold_num > c->threshold_den || c->quorum_num > c->quorum_den ||
	    c->threshold_den > 100 || c->quorum_den > 100 ||
	    (c->threshold_den != 0 && c->threshold_num == 0))
		return status_set(err, SK_INVALID_ARGUMENT,
		    "threshold/quorum: give fractions like 2/3 (at most 100ths)");
	return 0;
}

static int
apply_council_set(struct store_txn *t, struct wop *w)
{
	struct rpc_op *op = (struct rpc_op *)w;
	CouncilRec *c;
	UserRec *u = NULL;
	int rc;

	rpc_op_reset(op);
	if ((c = rec_clone(op->in)) == NULL)
		return status_set(&w->err, SK_RESOURCE_EXHAUSTED, "out of memory");
	op->out = c;
	/* Members are enabled users of this unit who hold the council role. */
	for (size_t i = 0; i < c->n_members; i++) {
		CouncilMemberRec *m = c->members[i];

		if (store_user_find(t, m->login, &u) != 0 ||
		    u->unit_id != op->sc.tenant) {
			store_rec_free(u);
			return status_set(&w->err, SK_FAILED_PRECONDITION,
			    "members: %s is not a user of your unit", m->login);
		}
		if (!u->enabled || !(u->roles & R_COUNCIL)) {
			rc = status_set(&w->err, SK_FAILED_PRECONDITION, "members: %s %s",
			    m->login,
			    !u->enabled ? "is disabled" :
			                  "does not hold the council role");
			store_rec_free(u);
			return rc;
		}
		rc = rec_set_str(&m->name, u->name);
		store_rec_free(u);
		u = NULL;
		if (rc != 0)
			return status_set(&w->err, SK_RESOURCE_EXHAUSTED,
			    "out of memory");
	}
	if ((rc = store_obj_put(t, &op->sc, STORE_COUNCIL, NULL, 0, &c->base)) != 0 ||
	    (rc = tlog_append(t, &op->sc, "council.set", "council", &c->base, NULL)) != 0)
		return status_set(&w->err, rc, "cannot store the council");
	return 0;
}

static void
op_reply_council(struct rpc_ctx *x, struct rpc_op *op)
{
	log_info("%s: set the council of unit %u", x->who->login, x->who->tenant);
	reply_council(x, op->out);
}

void
rpc_council_set(struct rpc_ctx *x, const Sk__V1__Request *req)
{
	Sk__V1__Council *c = req->council_set->council;
	struct sk_error err = { 0 };
	CouncilRec *rec;
	struct rpc_op *op;

	if (check_council(c, &err) != 0) {
		rpc_reply_error(x, &err);
		return;
	}
	if ((rec = convert_msg(&c->base, &sk__store__v1__council_rec__descriptor)) ==
	    NULL) {
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	if (rec->threshold_den == 0) /* the decree's default: 2/3 of members */
		rec->threshold_num = 2, rec->threshold_den = 3;
	if (rec->quorum_den == 0)
		rec->quorum_num = 1, rec->quorum_den = 2;
	if ((op = rpc_op_new(x, apply_council_set, op_reply_council)) == NULL) {
		convert_free(rec);
		return;
	}
	op->in = rec;
	rpc_op_submit(op);
}

void
rpc_council_get(struct rpc_ctx *x, const Sk__V1__Request *req)
{
	struct scope sc = authz_scope(x->who);
	struct sk_error err = { 0 };
	CouncilRec *c = NULL;
	struct store_txn t;

	(void)req;
	if (store_read_begin(x->srv->st, &t) != 0) {
		rpc_reply_code(x, SK_UNAVAILABLE, "storage unavailable");
		return;
	}
	if (council_load(&t, &sc, &c, &err) != 0)
		rpc_reply_error(x, &err);
	else
		reply_council(x, c);
	store_read_end(&t);
	store_rec_free(c);
}

/* ---- sessions and votes ------------------------------------------------------ */

/*
 * A session as people may see it. A secret session shows no running
 * tallies until it closes: seen after each ballot, they would tell who
 * voted what. (Its ballots are never stored at all.)
 */
static void
reply_session(struct rpc_ctx *x, const SessionRec *s)
{
	Sk__V1__Response resp = SK__V1__RESPONSE__INIT;
	Sk__V1__SessionResponse sr = SK__V1__SESSION_RESPONSE__INIT;

	if ((sr.session = convert_msg(&s->base, &sk__v1__session__descriptor)) == NULL) {
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	if (s->secret && !s->closed)
		for (size_t i = 0; i < sr.session->n_outcomes; i++) {
			Sk__V1__Outcome *o = sr.session->outcomes[i];

			o->yes = o->no = o->abstain = 0;
			o->scores = o->novelty = o->feasibility = o->benefit = 0;
		}
	resp.result_case = SK__V1__RESPONSE__RESULT_SESSION;
	resp.session = &sr;
	rpc_reply(x, &resp, false);
	convert_free(sr.session);
}

static void
op_reply_session(struct rpc_ctx *x, struct rpc_op *op)
{
	reply_session(x, op->out);
}

static OutcomeRec *
outcome_new(const CouncilRec *c, const InitiativeRec *r, uint64_t session)
{
	OutcomeRec *o = malloc(sizeof(*o));

	if (o == NULL)
		return NULL;
	sk__store__v1__outcome_rec__init(o);
	o->session_id = session;
	o->members = (uint32_t)c->n_members;
	for (size_t i = 0; i < c->n_members; i++)
		if (!convert_is_author(r, c->members[i]->login))
			o->eligible++;
	return o;
}

static int
apply_session_open(struct store_txn *t, struct wop *w)
{
	struct rpc_op *op = (struct rpc_op *)w;
	struct workflow_ctx wc = rpc_workflow(op, t, NULL, true);
	SessionRec *s;
	CouncilRec *c = NULL;
	InitiativeRec *r = NULL;
	int rc;

	rpc_op_reset(op);
	if ((s = rec_clone(op->in)) == NULL)
		return status_set(&w->err, SK_RESOURCE_EXHAUSTED, "out of memory");
	op->out = s;
	if ((rc = council_load(t, &op->sc, &c, &w->err)) != 0)
		return rc;
	s->council = c; /* the council as it is now decides */
	if ((rc = store_seq_next(t, &op->sc, SEQ_SESSION, &s->id)) != 0)
		return status_set(&w->err, rc, "cannot number the session");
	if ((s->outcomes = calloc(s->n_initiative_ids, sizeof(*s->outcomes))) == NULL)
		return status_set(&w->err, SK_RESOURCE_EXHAUSTED, "out of memory");
	for (size_t i = 0; i < s->n_initiative_ids; i++) {
		if ((rc = rpc_initiative_load(t, &op->sc, s->initiative_ids[i], &r,
		         &w->err)) != 0 ||
		    (rc = workflow_apply(&wc, r, SK__V1__ACTION__REVIEW, &w->err)) != 0)
			break;
		if ((s->outcomes[i] = outcome_new(c, r, s->id)) == NULL) {
			rc = status_set(&w->err, SK_RESOURCE_EXHAUSTED, "out of memory");
			break;
		}
		s->n_outcomes = i + 1;
		store_rec_free(r);
		r = NULL;
	}
	store_rec_free(r);
	if (rc != 0)
		return rc;
	if ((rc = session_store(t, &op->sc, s)) != 0 ||
	    (rc = session_log(t, &op->sc, s, "session.open", s->title)) != 0)
		return status_set(&w->err, rc, "cannot store the session");
	return 0;
}

/* A list of 1 to AGENDA_MAX distinct initiative ids. */
static int
check_ids(const uint64_t *ids, size_t n, const char *what, struct sk_error *err)
{
	if (n == 0 || n > AGENDA_MAX)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "initiative_ids: a %s 1 to %d initiatives", what, AGENDA_MAX);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < i; k++)
			if (ids[i] == ids[k])
				return status_set(err, SK_INVALID_ARGUMENT,
				    "initiative_ids: %" PRIu64 " is listed twice",
				    ids[i]);
	return 0;
}

void
rpc_session_open(struct rpc_ctx *x, const Sk__V1__Request *req)
{
	const Sk__V1__SessionOpenRequest *q = req->session_open;
	SessionRec in = SK__STORE__V1__SESSION_REC__INIT;
	struct sk_error err = { 0 };
	struct rpc_op *op;
	int32_t day;

	if (validate_name("title", q->title, &err) != 0) {
		rpc_reply_error(x, &err);
		return;
	}
	if (!date_parse_iso(q->held_on, &day)) {
		rpc_reply_code(x, SK_INVALID_ARGUMENT,
		    "held_on: not a date in YYYY-MM-DD form");
		return;
	}
	if (check_ids(q->initiative_ids, q->n_initiative_ids, "session reviews", &err) !=
	    0) {
		rpc_reply_error(x, &err);
		return;
	}
	in.title = q->title;
	in.held_on = q->held_on;
	in.secret = q->secret;
	in.n_initiative_ids = q->n_initiative_ids;
	in.initiative_ids = q->initiative_ids;
	in.opened_by = (char *)x->who->login;
	in.opened_at = time(NULL);
	if ((op = rpc_op_new(x, apply_session_open, op_reply_session)) == NULL)
		return;
	if ((op->in = rec_clone(&in.base)) == NULL) {
		free(op);
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	rpc_op_submit(op);
}

void
rpc_session_get(struct rpc_ctx *x, const Sk__V1__Request *req)
{
	struct scope sc = authz_scope(x->who);
	struct sk_error err = { 0 };
	SessionRec *s = NULL;
	struct store_txn t;

	if (store_read_begin(x->srv->st, &t) != 0) {
		rpc_reply_code(x, SK_UNAVAILABLE, "storage unavailable");
		return;
	}
	if (session_load(&t, &sc, req->session_get->id, &s, &err) != 0)
		rpc_reply_error(x, &err);
	else
		reply_session(x, s);
	store_read_end(&t);
	store_rec_free(s);
}

static ssize_t
agenda_index(const SessionRec *s, uint64_t id)
{
	for (size_t i = 0; i < s->n_initiative_ids; i++)
		if (s->initiative_ids[i] == id)
			return (ssize_t)i;
	return -1;
}

/* Insert a copy of s into a sorted repeated string field: who voted is
 * kept, the order in which they voted is not. */
static int
strv_add(char ***v, size_t *n, const char *s)
{
	char **nv = realloc(*v, (*n + 1) * sizeof(*nv)), *copy;
	size_t at = 0;

	if (nv == NULL)
		return -1;
	*v = nv;
	if ((copy = strdup(s)) == NULL)
		return -1;
	while (at < *n && strcmp(nv[at], s) < 0)
		at++;
	memmove(nv + at + 1, nv + at, (*n - at) * sizeof(*nv));
	nv[at] = copy;
	(*n)++;
	return 0;
}

static int
ballot_add(SessionRec *s, const BallotRec *b)
{
	BallotRec **nv = realloc(s->ballots, (s->n_ballots + 1) * sizeof(*nv));

	if (nv == NULL)
		return -1;
	s->ballots = nv;
	if ((nv[s->n_ballots] = rec_clone(&b->base)) == NULL)
		return -1;
	s->n_ballots++;
	return 0;
}

static int
vote_check(struct store_txn *t, struct rpc_op *op, const SessionRec *s,
    const BallotRec *b, ssize_t *at)
{
	struct wop *w = &op->w;
	InitiativeRec *r = NULL;
	char key[128];
	bool author;
	int rc;

	if (s->closed)
		return status_set(&w->err, SK_FAILED_PRECONDITION,
		    "session %" PRIu64 " is closed; votes are no longer taken", s->id);
	if (!is_member(s->council, op->who.login))
		return status_set(&w->err, SK_PERMISSION_DENIED,
		    "you are not a member of the council of session %" PRIu64, s->id);
	if ((*at = agenda_index(s, b->initiative_id)) < 0)
		return status_set(&w->err, SK_INVALID_ARGUMENT,
		    "initiative_id: %" PRIu64 " is not on the agenda of session %" PRIu64,
		    b->initiative_id, s->id);
	if ((rc = rpc_initiative_load(t, &op->sc, b->initiative_id, &r, &w->err)) != 0)
		return rc;
	author = convert_is_author(r, op->who.login);
	store_rec_free(r);
	if (author)
		return status_set(&w->err, SK_PERMISSION_DENIED,
		    "you are an author of initiative %" PRIu64 " and cannot vote on it",
		    b->initiative_id);
	snprintf(key, sizeof(key), "%s:%" PRIu64, op->who.login, b->initiative_id);
	for (size_t i = 0; i < s->n_voters; i++)
		if (strcmp(s->voters[i], key) == 0)
			return status_set(&w->err, SK_ALREADY_EXISTS,
			    "you have already voted on initiative %" PRIu64
			    " in session %" PRIu64,
			    b->initiative_id, s->id);
	return 0;
}

static int
apply_vote(struct store_txn *t, struct wop *w)
{
	struct rpc_op *op = (struct rpc_op *)w;
	BallotRec *b = op->in;
	SessionRec *s = NULL;
	OutcomeRec *o;
	char key[128], object[32];
	ssize_t at = -1;
	int rc;

	rpc_op_reset(op);
	snprintf(object, sizeof(object), "session/%" PRIu64, op->id);
	if ((rc = session_load(t, &op->sc, op->id, &s, &w->err)) != 0)
		return rc;
	op->out = s;
	if ((rc = vote_check(t, op, s, b, &at)) != 0)
		return rc;
	if (at < 0 || (size_t)at >= s->n_outcomes)
		return status_set(&w->err, SK_DATA_LOSS, "session %" PRIu64 " is damaged",
		    s->id);
	o = s->outcomes[at];
	o->yes += b->vote == SK__V1__VOTE__YES;
	o->no += b->vote == SK__V1__VOTE__NO;
	o->abstain += b->vote == SK__V1__VOTE__ABSTAIN;
	o->scores++;
	o->novelty += b->novelty;
	o->feasibility += b->feasibility;
	o->benefit += b->benefit;
	snprintf(key, sizeof(key), "%s:%" PRIu64, op->who.login, b->initiative_id);
	/* A secret ballot keeps the tally and who voted, never who voted what. */
	if (strv_add(&s->voters, &s->n_voters, key) != 0 ||
	    (!s->secret && ballot_add(s, b) != 0))
		return status_set(&w->err, SK_RESOURCE_EXHAUSTED, "out of memory");
	/* The log says a ballot was cast, never how: secret stays secret. */
	snprintf(key, sizeof(key), "a ballot on initiative %" PRIu64, b->initiative_id);
	/* A secret session's state after each ballot holds running tallies:
	 * its hash would let a guesser recover each vote, so none is logged. */
	if ((rc = session_store(t, &op->sc, s)) != 0 ||
	    (rc = (s->secret ?
	             tlog_append(t, &op->sc, "session.vote", object, NULL, key) :
	             session_log(t, &op->sc, s, "session.vote", key))) != 0)
		return status_set(&w->err, rc, "cannot store the vote");
	return 0;
}

void
rpc_vote(struct rpc_ctx *x, const Sk__V1__Request *req)
{
	const Sk__V1__VoteRequest *q = req->vote;
	const Sk__V1__Ballot *b = q->ballot;
	BallotRec in = SK__STORE__V1__BALLOT_REC__INIT;
	struct rpc_op *op;

	if (b == NULL || b->vote < SK__V1__VOTE__YES || b->vote > SK__V1__VOTE__ABSTAIN) {
		rpc_reply_code(x, SK_INVALID_ARGUMENT, "ballot.vote: yes, no or abstain");
		return;
	}
	if (b->novelty > SCORE_MAX || b->feasibility > SCORE_MAX ||
	    b->benefit > SCORE_MAX) {
		rpc_reply_code(x, SK_INVALID_ARGUMENT,
		    "ballot: scores for novelty, feasibility and benefit are 0 to %d",
		    SCORE_MAX);
		return;
	}
	in.login = (char *)x->who->login; /* the voter is who is connected */
	in.initiative_id = b->initiative_id;
	in.vote = (uint32_t)b->vote;
	in.novelty = b->novelty;
	in.feasibility = b->feasibility;
	in.benefit = b->benefit;
	if ((op = rpc_op_new(x, apply_vote, op_reply_session)) == NULL)
		return;
	op->id = q->session_id;
	if ((op->in = rec_clone(&in.base)) == NULL) {
		free(op);
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	rpc_op_submit(op);
}

/* Quorum and the pass threshold, from the council's own configuration. */
static void
outcome_decide(OutcomeRec *o, const CouncilRec *c)
{
	uint32_t cast = o->yes + o->no + o->abstain;

	o->quorum = o->eligible > 0 &&
	    (uint64_t)cast * c->quorum_den >= (uint64_t)o->eligible * c->quorum_num;
	o->passed = o->quorum &&
	    (uint64_t)o->yes * c->threshold_den >=
	        (uint64_t)o->eligible * c->threshold_num;
}

static int
apply_session_close(struct store_txn *t, struct wop *w)
{
	struct rpc_op *op = (struct rpc_op *)w;
	struct workflow_ctx wc = rpc_workflow(op, t, NULL, true);
	InitiativeRec *r = NULL;
	SessionRec *s = NULL;
	char tally[1024] = "";
	int rc;

	rpc_op_reset(op);
	if ((rc = session_load(t, &op->sc, op->id, &s, &w->err)) != 0)
		return rc;
	op->out = s;
	if (s->closed)
		return status_set(&w->err, SK_FAILED_PRECONDITION,
		    "session %" PRIu64 " is already closed", s->id);
	for (size_t i = 0; i < s->n_outcomes && rc == 0; i++) {
		OutcomeRec *o = s->outcomes[i];
		size_t used = strlen(tally);

		outcome_decide(o, s->council);
		snprintf(tally + used, sizeof(tally) - used,
		    "%sinitiative %" PRIu64 ": %u yes, %u no, %u abstain of %u, %s",
		    used ? "; " : "", s->initiative_ids[i], o->yes, o->no, o->abstain,
		    o->eligible, o->passed ? "passed" : "not passed");
		if ((rc = rpc_initiative_load(t, &op->sc, s->initiative_ids[i], &r,
		         &w->err)) != 0)
			break;
		store_rec_free(r->outcome);
		if ((r->outcome = rec_clone(&o->base)) == NULL)
			rc = status_set(&w->err, SK_RESOURCE_EXHAUSTED, "out of memory");
		else
			rc = workflow_apply(&wc, r,
			    o->passed ? SK__V1__ACTION__RECOGNISE :
			                SK__V1__ACTION__REJECT,
			    &w->err);
		store_rec_free(r);
		r = NULL;
	}
	if (rc != 0)
		return rc;
	s->closed = true;
	s->closed_at = time(NULL);
	if ((rc = session_store(t, &op->sc, s)) != 0 ||
	    (rc = session_log(t, &op->sc, s, "session.close", tally)) != 0)
		return status_set(&w->err, rc, "cannot store the session");
	return 0;
}

void
rpc_session_close(struct rpc_ctx *x, const Sk__V1__Request *req)
{
	struct rpc_op *op;

	if ((op = rpc_op_new(x, apply_session_close, op_reply_session)) == NULL)
		return;
	op->id = req->session_close->id;
	rpc_op_submit(op);
}

/* ---- decisions and certificates -------------------------------------------- */

struct certs {
	Sk__V1__Certificate **v;
	size_t n, cap;
	uint64_t decision; /* only this decision's; 0: all */
	int rc;
};

static int
certs_cb(const uint8_t *sub, size_t sublen, void *rec, void *arg)
{
	struct certs *c = arg;
	CertificateRec *r = rec;
	Sk__V1__Certificate **nv, *m = NULL;

	(void)sub;
	(void)sublen;
	if (c->decision == 0 || r->decision_id == c->decision) {
		if (c->n == c->cap) {
			c->cap = c->cap ? c->cap * 2 : 8;
			if ((nv = realloc(c->v, c->cap * sizeof(*nv))) == NULL)
				goto fail;
			c->v = nv;
		}
		if ((m = convert_msg(&r->base, &sk__v1__certificate__descriptor)) == NULL)
			goto fail;
		c->v[c->n++] = m;
	}
	store_rec_free(r);
	return 0;
fail:
	store_rec_free(r);
	return c->rc = SK_RESOURCE_EXHAUSTED;
}

static int
certs_of(struct store_txn *t, const struct scope *sc, uint64_t initiative,
    struct certs *c)
{
	uint8_t prefix[8];

	store_be64(prefix, initiative);
	return store_obj_scan(t, sc, STORE_CERTIFICATE, prefix, sizeof(prefix),
	    &sk__store__v1__certificate_rec__descriptor, certs_cb, c);
}

static void
certs_free(struct certs *c)
{
	for (size_t i = 0; i < c->n; i++)
		convert_free(c->v[i]);
	free(c->v);
}

static void
reply_decision(struct rpc_ctx *x, const DecisionRec *d, struct certs *c)
{
	Sk__V1__Response resp = SK__V1__RESPONSE__INIT;
	Sk__V1__DecisionResponse dr = SK__V1__DECISION_RESPONSE__INIT;

	if ((dr.decision = convert_msg(&d->base, &sk__v1__decision__descriptor)) ==
	    NULL) {
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	dr.n_certificates = c->n;
	dr.certificates = c->v;
	resp.result_case = SK__V1__RESPONSE__RESULT_DECISION;
	resp.decision = &dr;
	rpc_reply(x, &resp, false);
	convert_free(dr.decision);
}

/* One certificate for each author of r, naming the co-authors. */
static int
certificates_issue(struct store_txn *t, struct rpc_op *op, const DecisionRec *d,
    const InitiativeRec *r)
{
	CertificateRec c = SK__STORE__V1__CERTIFICATE_REC__INIT;
	char num[48], *co[64], object[40], note[300];
	uint8_t sub[16];
	int y, m, dd, rc;
	int32_t day;

	date_parse_iso(d->signed_on, &day);
	date_to_ymd(day, &y, &m, &dd);
	for (size_t i = 0; i < r->n_authors; i++) {
		size_t n = 0;

		for (size_t k = 0; k < r->n_authors && n < 64; k++)
			if (k != i)
				co[n++] = r->authors[k]->name;
		if ((rc = store_seq_next(t, &op->sc, SEQ_CERTIFICATE, &c.id)) != 0)
			return rc;
		snprintf(num, sizeof(num), "%" PRIu64 "/%d/GCN-SK", c.id, y);
		c.number = num;
		c.decision_id = d->id;
		c.initiative_id = r->id;
		c.title = r->title;
		c.author = r->authors[i]->name;
		c.share = r->authors[i]->share;
		c.n_coauthors = n;
		c.coauthors = co;
		c.unit_name = d->unit_name;
		c.decision_number = d->number;
		c.signed_on = d->signed_on;
		store_be64(sub, r->id);
		store_be64(sub + 8, c.id);
		snprintf(object, sizeof(object), "certificate/%" PRIu64, c.id);
		snprintf(note, sizeof(note), "initiative %" PRIu64 ", %s", r->id,
		    c.author);
		if ((rc = store_obj_put(t, &op->sc, STORE_CERTIFICATE, sub, sizeof(sub),
		         &c.base)) != 0 ||
		    (rc = tlog_append(t, &op->sc, "certificate.issue", object, &c.base,
		         note)) != 0)
			return rc;
	}
	return 0;
}

static int
decision_fill(struct store_txn *t, struct rpc_op *op, DecisionRec *d)
{
	UnitRec *u = NULL;
	UserRec *head = NULL;
	int rc;

	if ((rc = store_seq_next(t, &op->sc, SEQ_DECISION, &d->id)) != 0 ||
	    (rc = store_unit_get(t, op->sc.tenant, &u)) != 0 ||
	    (rc = store_user_find(t, op->who.login, &head)) != 0)
		goto done;
	if (rec_set_str(&d->unit_name, u->name) != 0 ||
	    rec_set_str(&d->signer_name, head->name) != 0)
		rc = SK_RESOURCE_EXHAUSTED;
done:
	store_rec_free(u);
	store_rec_free(head);
	return rc;
}

static int
apply_decision_issue(struct store_txn *t, struct wop *w)
{
	struct rpc_op *op = (struct rpc_op *)w;
	struct workflow_ctx wc = rpc_workflow(op, t, NULL, true);
	InitiativeRec *r = NULL;
	DecisionRec *d;
	char object[40], note[1024];
	uint8_t sub[8];
	int rc;

	rpc_op_reset(op);
	if ((d = rec_clone(op->in)) == NULL)
		return status_set(&w->err, SK_RESOURCE_EXHAUSTED, "out of memory");
	op->out = d;
	if ((rc = decision_fill(t, op, d)) != 0)
		return status_set(&w->err, rc, "cannot prepare the decision");
	wc.decision_id = d->id;
	for (size_t i = 0; i < d->n_initiative_ids && rc == 0; i++) {
		/* The workflow refuses what the council has not recognised. */
		if ((rc = rpc_initiative_load(t, &op->sc, d->initiative_ids[i], &r,
		         &w->err)) != 0 ||
		    (rc = workflow_apply(&wc, r, SK__V1__ACTION__DECIDE, &w->err)) != 0) {
			store_rec_free(r);
			r = NULL;
			break;
		}
		if ((rc = certificates_issue(t, op, d, r)) != 0)
			status_set(&w->err, rc, "cannot store the decision");
		store_rec_free(r);
		r = NULL;
	}
	if (rc != 0)
		return rc;
	store_be64(sub, d->id);
	snprintf(object, sizeof(object), "decision/%" PRIu64, d->id);
	/* "125/QĐ-UBND: initiative 1, initiative 4" */
	snprintf(note, sizeof(note), "%s:", d->number);
	for (size_t i = 0; i < d->n_initiative_ids; i++) {
		size_t used = strlen(note);

		snprintf(note + used, sizeof(note) - used, "%s initiative %" PRIu64,
		    i ? "," : "", d->initiative_ids[i]);
	}
	if ((rc = store_obj_put(t, &op->sc, STORE_DECISION, sub, sizeof(sub),
	         &d->base)) != 0 ||
	    (rc = tlog_append(t, &op->sc, "decision.issue", object, &d->base, note)) != 0)
		return status_set(&w->err, rc, "cannot store the decision");
	return 0;
}

static void
op_reply_decision(struct rpc_ctx *x, struct rpc_op *op)
{
	DecisionRec *d = op->out;
	struct scope sc = authz_scope(x->who);
	struct certs c = { .decision = d->id };
	struct store_txn t;
	int rc = 0;

	log_info("%s: decision %s recognises %zu initiatives in unit %u", x->who->login,
	    d->number, d->n_initiative_ids, x->who->tenant);
	if (store_read_begin(x->srv->st, &t) != 0) {
		rpc_reply_code(x, SK_UNAVAILABLE, "decision stored; cannot read it back");
		return;
	}
	for (size_t i = 0; i < d->n_initiative_ids && rc == 0; i++)
		rc = certs_of(&t, &sc, d->initiative_ids[i], &c);
	store_read_end(&t);
	if (rc != 0 || c.rc != 0)
		rpc_reply_code(x, SK_UNAVAILABLE,
		    "decision stored; cannot read its certificates");
	else
		reply_decision(x, d, &c);
	certs_free(&c);
}

void
rpc_decision_issue(struct rpc_ctx *x, const Sk__V1__Request *req)
{
	const Sk__V1__DecisionIssueRequest *q = req->decision_issue;
	DecisionRec in = SK__STORE__V1__DECISION_REC__INIT;
	struct sk_error err = { 0 };
	struct rpc_op *op;
	int32_t day;

	if (validate_name("number", q->number, &err) != 0) {
		rpc_reply_error(x, &err);
		return;
	}
	if (!date_parse_iso(q->signed_on, &day) || day > date_today()) {
		rpc_reply_code(x, SK_INVALID_ARGUMENT,
		    "signed_on: a date in YYYY-MM-DD form, not in the future");
		return;
	}
	if (check_ids(q->initiative_ids, q->n_initiative_ids, "decision names", &err) !=
	    0) {
		rpc_reply_error(x, &err);
		return;
	}
	in.number = q->number;
	in.signed_on = q->signed_on;
	in.signer = (char *)x->who->login;
	in.n_initiative_ids = q->n_initiative_ids;
	in.initiative_ids = q->initiative_ids;
	in.created_at = time(NULL);
	if ((op = rpc_op_new(x, apply_decision_issue, op_reply_decision)) == NULL)
		return;
	if ((op->in = rec_clone(&in.base)) == NULL) {
		free(op);
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	rpc_op_submit(op);
}

void
rpc_decision_get(struct rpc_ctx *x, const Sk__V1__Request *req)
{
	struct scope sc = authz_scope(x->who);
	uint64_t id = req->decision_get->id;
	struct certs c = { .decision = id };
	DecisionRec *d = NULL;
	struct store_txn t;
	uint8_t sub[8];
	int rc;

	if (store_read_begin(x->srv->st, &t) != 0) {
		rpc_reply_code(x, SK_UNAVAILABLE, "storage unavailable");
		return;
	}
	store_be64(sub, id);
	rc = store_obj_get(&t, &sc, STORE_DECISION, sub, sizeof(sub),
	    &sk__store__v1__decision_rec__descriptor, (void **)&d);
	for (size_t i = 0; rc == 0 && i < d->n_initiative_ids; i++)
		rc = certs_of(&t, &sc, d->initiative_ids[i], &c);
	store_read_end(&t);
	if (rc == SK_NOT_FOUND)
		rpc_reply_code(x, rc, "decision %" PRIu64 " not found in your unit", id);
	else if (rc != 0 || c.rc != 0)
		rpc_reply_code(x, SK_UNAVAILABLE, "cannot read decision %" PRIu64, id);
	else
		reply_decision(x, d, &c);
	certs_free(&c);
	store_rec_free(d);
}

void
rpc_certificate_list(struct rpc_ctx *x, const Sk__V1__Request *req)
{
	Sk__V1__Response resp = SK__V1__RESPONSE__INIT;
	Sk__V1__CertificateListResponse cl = SK__V1__CERTIFICATE_LIST_RESPONSE__INIT;
	struct scope sc = authz_scope(x->who);
	uint64_t id = req->certificate_list->initiative_id;
	struct certs c = { 0 };
	InitiativeRec *r = NULL;
	struct sk_error err = { 0 };
	struct store_txn t;

	if (store_read_begin(x->srv->st, &t) != 0) {
		rpc_reply_code(x, SK_UNAVAILABLE, "storage unavailable");
		return;
	}
	if (rpc_initiative_load(&t, &sc, id, &r, &err) == 0) {
		if (r->state != SK__V1__STATE__STATE_RECOGNISED || r->decision_id == 0)
			status_set(&err, SK_FAILED_PRECONDITION,
			    "initiative %" PRIu64 " is %s%s; certificates exist only for "
			    "initiatives recognised by a decision",
			    id, state_name(r->state),
			    r->state == SK__V1__STATE__STATE_RECOGNISED ?
			        " without a decision" :
			        "");
		else if (certs_of(&t, &sc, id, &c) != 0 || c.rc != 0)
			status_set(&err, SK_UNAVAILABLE, "cannot read the certificates");
	}
	store_read_end(&t);
	store_rec_free(r);
	if (err.code != 0) {
		rpc_reply_error(x, &err);
	} else {
		cl.n_certificates = c.n;
		cl.certificates = c.v;
		resp.result_case = SK__V1__RESPONSE__RESULT_CERTIFICATE_LIST;
		resp.certificate_list = &cl;
		rpc_reply(x, &resp, false);
	}
	certs_free(&c);
}
