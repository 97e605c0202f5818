#include "district.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authz.h"
#include "convert.h"
#include "date.h"
#include "initiative.h"
#include "round.h"
#include "sk.pb-c.h"
#include "workflow.h"

#define A(x) SK__V1__ACTION__##x
#define S(x) SK__V1__STATE__STATE_##x
#define STAGE(x) SK__V1__FORWARD__STAGE__##x

/* Take a step of the table on id with c; the record stepped into *out. */
static int
step(struct workflow_ctx *c, uint64_t id, uint32_t action, InitiativeRec **out,
    struct sk_error *err)
{
	InitiativeRec *r = NULL;
	int rc;

	*out = NULL;
	if ((rc = initiative_load(c->a, id, &r, err)) != 0)
		return rc;
	if ((rc = workflow_apply(c, r, action, err)) != 0) {
		store_rec_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

int
district_propose(const struct act *a, uint64_t id, const char *number,
    const char *signed_on, InitiativeRec **out, struct sk_error *err)
{
	ForwardRec f = SK__STORE__V1__FORWARD_REC__INIT;
	struct workflow_ctx c = { .a = a, .reason = number, .forward = &f };

	f.stage = STAGE(SENT);
	f.submission_number = (char *)number;
	f.sent_on = (char *)signed_on;
	return step(&c, id, A(PROPOSE), out, err);
}

int
district_outcome(const struct act *a, uint64_t id, bool recognised, const char *number,
    const char *signed_on, const char *note, InitiativeRec **out, struct sk_error *err)
{
	struct workflow_ctx c = { .a = a };
	InitiativeRec *r = NULL;
	ForwardRec *f;
	char text[400], on[16];
	int rc;

	*out = NULL;
	if ((rc = initiative_load(a, id, &r, err)) != 0)
		return rc;
	f = r->forward;
	if (f == NULL || f->stage != STAGE(SENT) || f->to_unit != 0) {
		rc = status_set(err, SK_FAILED_PRECONDITION,
		    "initiative %" PRIu64 " was not proposed by hand to the level above",
		    id);
		goto fail;
	}
	date_format_iso(a->today, on, sizeof(on));
	f->stage = recognised ? STAGE(RECOGNISED) : STAGE(NOT_RECOGNISED);
	snprintf(text, sizeof(text), "the level above: %s by %s%s%s",
	    recognised ? "recognised" : "not recognised", number, note[0] ? ": " : "",
	    note);
	if (rec_set_str(&f->decision_number, number) != 0 ||
	    rec_set_str(&f->decision_signed_on, signed_on) != 0 ||
	    rec_set_str(&f->reason, note) != 0 || rec_set_str(&f->result_on, on) != 0) {
		rc = status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
		goto fail;
	}
	r->version++;
	r->updated_at = a->now;
	if ((rc = store_initiative_put(a->t, a->sc, r)) != 0 ||
	    (rc = workflow_note(&c, r, A(REPORT), r->state, text)) != 0) {
		status_set(err, rc, "cannot store initiative %" PRIu64, id);
		goto fail;
	}
	*out = r;
	return 0;
fail:
	store_rec_free(r);
	return rc;
}

/* Keeps the initiatives a predicate lets through. */
struct keep {
	bool (*ok)(const InitiativeRec *r);
	struct recs *out;
};

static int
keep_cb(void *rec, void *arg)
{
	struct keep *k = arg;
	InitiativeRec *r = rec;

	if (!k->ok(r)) {
		store_rec_free(r);
		return 0;
	}
	return recs_push(k->out, r);
}

static int
keep_all(const struct act *a, bool (*ok)(const InitiativeRec *r), struct recs *out,
    struct sk_error *err)
{
	struct keep k = { ok, out };

	memset(out, 0, sizeof(*out));
	if (store_initiative_scan(a->t, a->sc, 0, keep_cb, &k) != 0) {
		recs_free(out);
		return status_set(err, SK_INTERNAL, "cannot read the initiatives");
	}
	return 0;
}

static bool
decided(const InitiativeRec *r)
{
	return r->state == S(RECOGNISED) && r->decision_id != 0;
}

int
district_commendations(const struct act *a, struct recs *out, struct sk_error *err)
{
	return keep_all(a, decided, out, err);
}

int
district_award(const struct act *a, uint64_t id, const AwardRec *award,
    InitiativeRec **out, struct sk_error *err)
{
	AwardRec w = *award;
	struct workflow_ctx c = { .a = a, .reason = award->name, .award = &w };

	w.recorded_by = (char *)a->sc->login;
	w.recorded_at = a->now;
	return step(&c, id, A(AWARD), out, err);
}

int
district_publish(const struct act *a, uint64_t id, bool published, InitiativeRec **out,
    struct sk_error *err)
{
	struct workflow_ctx c = { .a = a,
		.published = published,
		.reason = published ? "published" : "withdrawn from publication" };

	return step(&c, id, A(PUBLISH), out, err);
}

static bool
is_published(const InitiativeRec *r)
{
	return r->published;
}

int
district_published(const struct act *a, struct recs *out, struct sk_error *err)
{
	return keep_all(a, is_published, out, err);
}

/* ---- the summary ------------------------------------------------------------------- */

/* Counts of one unit's initiatives: states, and what concerns the district. */
struct count {
	const struct act *a;
	struct district_unit *u;
};

static int
count_cb(void *rec, void *arg)
{
	struct count *c = arg;
	InitiativeRec *r = rec;
	uint32_t st = r->forward != NULL ? r->forward->stage : 0;
	int32_t due;

	if (r->state < DISTRICT_STATES)
		c->u->by_state[r->state]++;
	c->u->registrations += r->state == S(REGISTERED);
	c->u->recognised += r->state == S(RECOGNISED);
	c->u->forwarded += st >= STAGE(SENT);
	c->u->overdue += initiative_late(c->a, r, &due) != NULL;
	store_rec_free(r);
	return 0;
}

/* The units directly below the act's, in the summary. */
static int
units_below(const struct act *a, struct district_summary *s, struct sk_error *err)
{
	UnitRec **v = NULL;
	size_t n = 0;

	if (store_unit_list(a->t, &v, &n) != 0)
		return status_set(err, SK_INTERNAL, "cannot read the units");
	if ((s->v = calloc(n + 1, sizeof(*s->v))) == NULL) {
		store_unit_list_free(v, n);
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		if (v[i]->parent_id == a->sc->tenant && v[i]->id != a->sc->tenant) {
			s->v[s->n++].unit = v[i];
			v[i] = NULL;
		}
	}
	store_unit_list_free(v, n);
	return 0;
}

/* The progress of a round: its copies here, by state. */
static int
round_cb(void *rec, void *arg)
{
	struct district_summary *s = arg;
	InitiativeRec *r = rec;

	if (r->origin != NULL && s->round != NULL &&
	    r->origin->round_id == s->round->id && r->state < DISTRICT_STATES)
		s->round_by_state[r->state]++;
	store_rec_free(r);
	return 0;
}

static int
round_progress(const struct act *a, uint64_t round_id, struct district_summary *s,
    struct sk_error *err)
{
	struct sk_error none = { 0 };
	int rc;

	if (round_id != 0)
		rc = store_round_get(a->t, a->sc, round_id, &s->round);
	else
		rc = round_current(a, &s->round, &none) == 0 ? 0 : SK_NOT_FOUND;
	if (rc == SK_NOT_FOUND && round_id == 0)
		return 0; /* no round open: no progress to show */
	if (rc == SK_NOT_FOUND)
		return status_set(err, rc, "round %" PRIu64 " not found at your level",
		    round_id);
	if (rc != 0 || store_initiative_scan(a->t, a->sc, 0, round_cb, s) != 0)
		return status_set(err, SK_INTERNAL, "cannot read the round's copies");
	return 0;
}

int
district_summary(const struct act *a, uint64_t round_id, struct district_summary *s,
    struct sk_error *err)
{
	int rc;

	memset(s, 0, sizeof(*s));
	if ((rc = units_below(a, s, err)) != 0)
		goto fail;
	/* s->v ends with an empty entry. */
	for (size_t i = 0; i < s->n && s->v[i].unit != NULL; i++) {
		struct count c = { .u = &s->v[i] };
		struct scope sc;
		struct act in = *a;

		/* Each unit is reached through authz, for counts only. */
		if ((rc = authz_scope_from(a->t, a->sc, AZ_SUMMARY, AZ_READ,
		         "the district summary", s->v[i].unit->id, &sc, err)) != 0)
			goto fail;
		in.sc = &sc;
		c.a = &in;
		if (store_initiative_scan(a->t, &sc, 0, count_cb, &c) != 0) {
			rc = status_set(err, SK_INTERNAL,
			    "cannot read the initiatives of %s", s->v[i].unit->code);
			goto fail;
		}
	}
	if ((rc = round_progress(a, round_id, s, err)) != 0)
		goto fail;
	return 0;
fail:
	district_summary_free(s);
	return rc;
}

void
district_summary_free(struct district_summary *s)
{
	for (size_t i = 0; i < s->n; i++)
		store_rec_free(s->v[i].unit);
	free(s->v);
	store_rec_free(s->round);
	memset(s, 0, sizeof(*s));
}
