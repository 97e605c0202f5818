#include "council.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "author.h"
#include "convert.h"
#include "date.h"
#include "initiative.h"
#include "sk.pb-c.h"
#include "tlog.h"
#include "validate.h"
#include "workflow.h"

/* ---- checks ---------------------------------------------------------------- */

int
council_check(const CouncilRec *c, struct sk_error *err)
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
	/* The law: at least 2/3 of the council's members agree. */
	if (c->threshold_den != 0 && c->threshold_num * 3 < c->threshold_den * 2)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "threshold: %u/%u is below the legal 2/3 of the members (TT 18/2013); "
		    "a unit may only set a stricter one",
		    c->threshold_num, c->threshold_den);
	if (c->count_base > SK__V1__COUNT_BASE__COUNT_ELIGIBLE)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "count_base: members or the members who may vote");
	return 0;
}

int
council_check_ids(const uint64_t *ids, size_t n, const char *what, struct sk_error *err)
{
	if (n == 0 || n > COUNCIL_AGENDA_MAX)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "initiative_ids: a %s 1 to %d initiatives", what, COUNCIL_AGENDA_MAX);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < i; k++)
			if (ids[i] == ids[k])
				return status_set(err, SK_INVALID_ARGUMENT,
				    "initiative_ids: %" PRIu64 " is listed twice",
				    ids[i]);
	return 0;
}

int
council_check_session(const char *title, const char *held_on, const uint64_t *ids,
    size_t n, struct sk_error *err)
{
	int32_t day;

	if (validate_name("title", title, err) != 0)
		return err->code;
	if (!date_parse_iso(held_on, &day))
		return status_set(err, SK_INVALID_ARGUMENT,
		    "held_on: not a date in YYYY-MM-DD form");
	return council_check_ids(ids, n, "session reviews", err);
}

int
council_check_ballot(const BallotRec *b, struct sk_error *err)
{
	if (b->vote < SK__V1__VOTE__YES || b->vote > SK__V1__VOTE__ABSTAIN)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "ballot.vote: yes, no or abstain");
	if (b->novelty > COUNCIL_SCORE_MAX || b->feasibility > COUNCIL_SCORE_MAX ||
	    b->benefit > COUNCIL_SCORE_MAX)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "ballot: scores for novelty, feasibility and benefit are 0 to %d",
		    COUNCIL_SCORE_MAX);
	return 0;
}

/* ---- the council --------------------------------------------------------------- */

int
council_get(const struct act *a, CouncilRec **out, struct sk_error *err)
{
	int rc = store_council_get(a->t, a->sc, out);

	if (rc == SK_NOT_FOUND)
		return status_set(err, SK_FAILED_PRECONDITION,
		    "your unit has no council yet (sk council set)");
	if (rc != 0)
		return status_set(err, rc, "cannot read the council");
	return 0;
}

/* Members are enabled users of this unit who hold the council role. */
static int
member_bind(const struct act *a, CouncilMemberRec *m, struct sk_error *err)
{
	UserRec *u = NULL;
	int rc;

	if (store_user_find(a->t, m->login, &u) != 0 || u->unit_id != a->sc->tenant) {
		store_rec_free(u);
		return status_set(err, SK_FAILED_PRECONDITION,
		    "members: %s is not a user of your unit", m->login);
	}
	if (!u->enabled || !(u->roles & SK__V1__ROLE__ROLE_COUNCIL))
		rc = status_set(err, SK_FAILED_PRECONDITION, "members: %s %s", m->login,
		    !u->enabled ? "is disabled" : "does not hold the council role");
	else if (rec_set_str(&m->name, u->name) != 0)
		rc = status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	else
		rc = 0;
	store_rec_free(u);
	return rc;
}

int
council_set(const struct act *a, const CouncilRec *in, CouncilRec **out,
    struct sk_error *err)
{
	CouncilRec *c;
	int rc = 0;

	*out = NULL;
	if ((c = rec_clone(&in->base)) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	if (c->threshold_den == 0) /* the decree's default: 2/3 of members */
		c->threshold_num = 2, c->threshold_den = 3;
	if (c->quorum_den == 0)
		c->quorum_num = 1, c->quorum_den = 2;
	for (size_t i = 0; i < c->n_members && rc == 0; i++)
		rc = member_bind(a, c->members[i], err);
	if (rc == 0 &&
	    ((rc = store_council_put(a->t, a->sc, c)) != 0 ||
	        (rc = tlog_append(a->t, a->sc, "council.set", "council", &c->base,
	             NULL)) != 0))
		status_set(err, rc, "cannot store the council");
	if (rc != 0) {
		store_rec_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

/* ---- sessions ------------------------------------------------------------------- */

int
council_session_get(const struct act *a, uint64_t id, SessionRec **out,
    struct sk_error *err)
{
	int rc = store_session_get(a->t, a->sc, id, out);

	if (rc == SK_NOT_FOUND)
		return status_set(err, rc, "session %" PRIu64 " not found in your unit",
		    id);
	if (rc != 0)
		return status_set(err, rc, "cannot read session %" PRIu64, id);
	return 0;
}

/* Store a session's change with its entry in the decision log. */
static int
session_keep(const struct act *a, const SessionRec *s, const char *action,
    const char *note, struct sk_error *err)
{
	char object[32];
	int rc;

	snprintf(object, sizeof(object), "session/%" PRIu64, s->id);
	if ((rc = store_session_put(a->t, a->sc, s)) != 0 ||
	    (rc = tlog_append(a->t, a->sc, action, object, &s->base, note)) != 0)
		return status_set(err, rc, "cannot store the session");
	return 0;
}

/* The council's rule, into the outcome it decides. */
static void
outcome_rule(OutcomeRec *o, const CouncilRec *c)
{
	o->threshold_num = c->threshold_num;
	o->threshold_den = c->threshold_den;
	o->quorum_num = c->quorum_num;
	o->quorum_den = c->quorum_den;
	o->count_base = c->count_base;
	o->members = (uint32_t)c->n_members;
}

/* An empty tally of r under the council's rule, as frozen now. */
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
		if (!author_conflict(r, c->members[i]->login, c->members[i]->name))
			o->eligible++;
	outcome_rule(o, c);
	council_outcome_decide(o);
	return o;
}

/* Each dossier on the agenda goes into review and gets an empty tally. */
static int
agenda_review(const struct act *a, SessionRec *s, struct sk_error *err)
{
	struct workflow_ctx wc = { .a = a, .internal = true };
	InitiativeRec *r = NULL;
	int rc = 0;

	if ((s->outcomes = calloc(s->n_initiative_ids, sizeof(*s->outcomes))) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	for (size_t i = 0; i < s->n_initiative_ids && rc == 0; i++) {
		if ((rc = initiative_load(a, s->initiative_ids[i], &r, err)) != 0)
			break;
		if ((s->outcomes[i] = outcome_new(s->council, r, s->id)) == NULL) {
			rc = status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
			break;
		}
		s->n_outcomes = i + 1;
		wc.outcome = s->outcomes[i];
		if ((rc = workflow_apply(&wc, r, SK__V1__ACTION__REVIEW, err)) != 0)
			break;
		store_rec_free(r);
		r = NULL;
	}
	store_rec_free(r);
	return rc;
}

int
council_session_open(const struct act *a, const char *title, const char *held_on,
    bool secret, const uint64_t *ids, size_t n, SessionRec **out, struct sk_error *err)
{
	SessionRec in = SK__STORE__V1__SESSION_REC__INIT, *s;
	int rc;

	*out = NULL;
	in.title = (char *)title;
	in.held_on = (char *)held_on;
	in.secret = secret;
	in.n_initiative_ids = n;
	in.initiative_ids = (uint64_t *)ids;
	in.opened_by = (char *)a->sc->login;
	in.opened_at = a->now;
	if ((s = rec_clone(&in.base)) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	/* The council as it is now decides. */
	if ((rc = council_get(a, &s->council, err)) != 0)
		goto fail;
	if ((rc = store_seq_next(a->t, a->sc, SEQ_SESSION, &s->id)) != 0) {
		status_set(err, rc, "cannot number the session");
		goto fail;
	}
	if ((rc = agenda_review(a, s, err)) != 0 ||
	    (rc = session_keep(a, s, "session.open", s->title, err)) != 0)
		goto fail;
	*out = s;
	return 0;
fail:
	store_rec_free(s);
	return rc;
}

static const CouncilMemberRec *
member_of(const CouncilRec *c, const char *login)
{
	for (size_t i = 0; c != NULL && i < c->n_members; i++)
		if (strcmp(c->members[i]->login, login) == 0)
			return c->members[i];
	return NULL;
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

/* "login:initiative", what a session keeps of who has voted on what. */
static void
voter_key(char *key, size_t sz, const char *login, uint64_t initiative)
{
	snprintf(key, sz, "%s:%" PRIu64, login, initiative);
}

static int
vote_check(const struct act *a, const SessionRec *s, uint64_t initiative, ssize_t *at,
    struct sk_error *err)
{
	const CouncilMemberRec *m;
	InitiativeRec *r = NULL;
	char key[128];
	bool author;
	int rc;

	if (s->closed)
		return status_set(err, SK_FAILED_PRECONDITION,
		    "session %" PRIu64 " is closed; votes are no longer taken", s->id);
	if ((m = member_of(s->council, a->sc->login)) == NULL)
		return status_set(err, SK_PERMISSION_DENIED,
		    "you are not a member of the council of session %" PRIu64, s->id);
	if ((*at = agenda_index(s, initiative)) < 0)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "initiative_id: %" PRIu64 " is not on the agenda of session %" PRIu64,
		    initiative, s->id);
	if ((rc = initiative_load(a, initiative, &r, err)) != 0)
		return rc;
	author = author_conflict(r, a->sc->login, m->name);
	store_rec_free(r);
	if (author)
		return status_set(err, SK_PERMISSION_DENIED,
		    "you are an author of initiative %" PRIu64 " and cannot vote on it",
		    initiative);
	voter_key(key, sizeof(key), a->sc->login, initiative);
	for (size_t i = 0; i < s->n_voters; i++)
		if (strcmp(s->voters[i], key) == 0)
			return status_set(err, SK_ALREADY_EXISTS,
			    "you have already voted on initiative %" PRIu64
			    " in session %" PRIu64,
			    initiative, s->id);
	if ((size_t)*at >= s->n_outcomes)
		return status_set(err, SK_DATA_LOSS, "session %" PRIu64 " is damaged",
		    s->id);
	return 0;
}

/* Count a ballot; its scores only if it gave any: a ballot without them
 * is no sheet of zeros. */
static void
tally(OutcomeRec *o, const BallotRec *b)
{
	o->yes += b->vote == SK__V1__VOTE__YES;
	o->no += b->vote == SK__V1__VOTE__NO;
	o->abstain += b->vote == SK__V1__VOTE__ABSTAIN;
	if (!b->scored && b->novelty == 0 && b->feasibility == 0 && b->benefit == 0)
		return;
	o->scores++;
	o->novelty += b->novelty;
	o->feasibility += b->feasibility;
	o->benefit += b->benefit;
}

int
council_vote(const struct act *a, uint64_t session, const BallotRec *in, SessionRec **out,
    struct sk_error *err)
{
	BallotRec b = *in;
	SessionRec *s = NULL;
	char key[128], object[32];
	ssize_t at = -1;
	int rc;

	*out = NULL;
	b.login = (char *)a->sc->login; /* the voter is who is connected */
	if ((rc = council_session_get(a, session, &s, err)) != 0)
		return rc;
	if ((rc = vote_check(a, s, b.initiative_id, &at, err)) != 0)
		goto fail;
	tally(s->outcomes[at], &b);
	voter_key(key, sizeof(key), a->sc->login, b.initiative_id);
	/* A secret ballot keeps the tally and who voted, never who voted what. */
	if (strv_add(&s->voters, &s->n_voters, key) != 0 ||
	    (!s->secret && ballot_add(s, &b) != 0)) {
		rc = status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
		goto fail;
	}
	/* The log says a ballot was cast, never how. A secret session's state
	 * after each ballot holds running tallies: its hash would let a
	 * guesser recover each vote, so none is logged. */
	snprintf(key, sizeof(key), "a ballot on initiative %" PRIu64, b.initiative_id);
	snprintf(object, sizeof(object), "session/%" PRIu64, s->id);
	if (s->secret) {
		if ((rc = store_session_put(a->t, a->sc, s)) != 0 ||
		    (rc = tlog_append(a->t, a->sc, "session.vote", object, NULL, key)) !=
		        0) {
			status_set(err, rc, "cannot store the vote");
			goto fail;
		}
	} else if ((rc = session_keep(a, s, "session.vote", key, err)) != 0)
		goto fail;
	*out = s;
	return 0;
fail:
	store_rec_free(s);
	return rc;
}

/* The smallest n with n * den >= num * of. */
static uint32_t
at_least(uint32_t num, uint32_t den, uint32_t of)
{
	return den == 0 ? 0 : (uint32_t)(((uint64_t)num * of + den - 1) / den);
}

void
council_outcome_decide(OutcomeRec *o)
{
	uint32_t cast = o->yes + o->no + o->abstain;
	uint32_t base = o->count_base == SK__V1__COUNT_BASE__COUNT_ELIGIBLE ?
	    o->eligible :
	    o->members;
	uint32_t legal = at_least(2, 3, o->members), rule;

	/* Never fewer yes votes than 2/3 of the members, whatever the rule. */
	rule = at_least(o->threshold_num, o->threshold_den, base);
	o->needed = rule > legal ? rule : legal;
	o->quorum =
	    o->eligible > 0 && cast >= at_least(o->quorum_num, o->quorum_den, base);
	o->passed = o->quorum && o->yes >= o->needed && o->needed > 0;
}

void
council_rule_text(const OutcomeRec *o, char *buf, size_t sz)
{
	if (o->count_base == SK__V1__COUNT_BASE__COUNT_ELIGIBLE)
		snprintf(buf, sz,
		    "pass with %u/%u of the members who may vote and at least 2/3 of "
		    "the %u members, quorum %u/%u of those who may vote",
		    o->threshold_num, o->threshold_den, o->members, o->quorum_num,
		    o->quorum_den);
	else
		snprintf(buf, sz, "pass with %u/%u of the %u members, quorum %u/%u",
		    o->threshold_num, o->threshold_den, o->members, o->quorum_num,
		    o->quorum_den);
}

/* Decide the i-th dossier of s and move it on; its tally goes into tally. */
static int
close_one(const struct act *a, SessionRec *s, size_t i, char *tally, size_t sz,
    struct sk_error *err)
{
	struct workflow_ctx wc = { .a = a, .internal = true };
	OutcomeRec *o = s->outcomes[i];
	InitiativeRec *r = NULL;
	size_t used = strlen(tally);
	int rc;

	if (o->threshold_den == 0) /* opened by a server that froze no rule */
		outcome_rule(o, s->council);
	council_outcome_decide(o);
	snprintf(tally + used, sz - used,
	    "%sinitiative %" PRIu64 ": %u yes, %u no, %u abstain of %u, %u needed, %s",
	    used ? "; " : "", s->initiative_ids[i], o->yes, o->no, o->abstain,
	    o->eligible, o->needed, o->passed ? "passed" : "not passed");
	if ((rc = initiative_load(a, s->initiative_ids[i], &r, err)) != 0)
		return rc;
	store_rec_free(r->outcome);
	if ((r->outcome = rec_clone(&o->base)) == NULL)
		rc = status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	else
		rc = workflow_apply(&wc, r,
		    o->passed ? SK__V1__ACTION__RECOGNISE : SK__V1__ACTION__REJECT, err);
	store_rec_free(r);
	return rc;
}

int
council_session_close(const struct act *a, uint64_t id, SessionRec **out,
    struct sk_error *err)
{
	SessionRec *s = NULL;
	/* Room for the rule and COUNCIL_AGENDA_MAX tallies of ~100 bytes. */
	char tally[8192] = "rule: ";
	int rc;

	*out = NULL;
	if ((rc = council_session_get(a, id, &s, err)) != 0)
		return rc;
	if (s->closed) {
		rc = status_set(err, SK_FAILED_PRECONDITION,
		    "session %" PRIu64 " is already closed", s->id);
		goto fail;
	}
	if (s->n_outcomes > 0) {
		OutcomeRec o = *s->outcomes[0];

		outcome_rule(&o, s->council);
		council_rule_text(&o, tally + 6, sizeof(tally) - 6);
	}
	for (size_t i = 0; i < s->n_outcomes && rc == 0; i++)
		rc = close_one(a, s, i, tally, sizeof(tally), err);
	if (rc != 0)
		goto fail;
	s->closed = true;
	s->closed_at = a->now;
	if ((rc = session_keep(a, s, "session.close", tally, err)) != 0)
		goto fail;
	*out = s;
	return 0;
fail:
	store_rec_free(s);
	return rc;
}

void
council_session_redact(SessionRec *s)
{
	if (!s->secret || s->closed)
		return;
	for (size_t i = 0; i < s->n_outcomes; i++) {
		OutcomeRec *o = s->outcomes[i];

		o->yes = o->no = o->abstain = 0;
		o->scores = o->novelty = o->feasibility = o->benefit = 0;
	}
}
