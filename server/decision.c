#include "decision.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "convert.h"
#include "council.h"
#include "date.h"
#include "initiative.h"
#include "names.h"
#include "sk.pb-c.h"
#include "tlog.h"
#include "validate.h"
#include "workflow.h"

#define COAUTHORS_MAX 64

int
decision_check(const char *number, const char *signed_on, int32_t today,
    const uint64_t *ids, size_t n, struct sk_error *err)
{
	int32_t day;

	if (validate_name("number", number, err) != 0)
		return err->code;
	if (!date_parse_iso(signed_on, &day) || day > today)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "signed_on: a date in YYYY-MM-DD form, not in the future");
	return council_check_ids(ids, n, "decision names", err);
}

/* One certificate for each author of r, naming the co-authors. */
static int
certificates_issue(const struct act *a, const DecisionRec *d, const InitiativeRec *r)
{
	CertificateRec c = SK__STORE__V1__CERTIFICATE_REC__INIT;
	char num[48], *co[COAUTHORS_MAX], object[40], note[300];
	int y, m, dd, rc;
	int32_t day;

	date_parse_iso(d->signed_on, &day);
	date_to_ymd(day, &y, &m, &dd);
	for (size_t i = 0; i < r->n_authors; i++) {
		size_t n = 0;

		for (size_t k = 0; k < r->n_authors && n < COAUTHORS_MAX; k++)
			if (k != i)
				co[n++] = r->authors[k]->name;
		if ((rc = store_seq_next(a->t, a->sc, SEQ_CERTIFICATE, &c.id)) != 0)
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
		snprintf(object, sizeof(object), "certificate/%" PRIu64, c.id);
		snprintf(note, sizeof(note), "initiative %" PRIu64 ", %s", r->id,
		    c.author);
		if ((rc = store_certificate_put(a->t, a->sc, &c)) != 0 ||
		    (rc = tlog_append(a->t, a->sc, "certificate.issue", object, &c.base,
		         note)) != 0)
			return rc;
	}
	return 0;
}

/* Number the decision and name its unit and signer. */
static int
decision_fill(const struct act *a, DecisionRec *d)
{
	UnitRec *u = NULL;
	UserRec *head = NULL;
	int rc;

	if ((rc = store_seq_next(a->t, a->sc, SEQ_DECISION, &d->id)) != 0 ||
	    (rc = store_unit_get(a->t, a->sc->tenant, &u)) != 0 ||
	    (rc = store_user_find(a->t, a->sc->login, &head)) != 0)
		goto done;
	if (rec_set_str(&d->unit_name, u->name) != 0 ||
	    rec_set_str(&d->signer_name, head->name) != 0)
		rc = SK_RESOURCE_EXHAUSTED;
done:
	store_rec_free(u);
	store_rec_free(head);
	return rc;
}

/* The workflow refuses what the council has not recognised. */
static int
recognise_all(const struct act *a, const DecisionRec *d, struct sk_error *err)
{
	struct workflow_ctx wc = { .a = a,
		.internal = true,
		.decision_id = d->id,
		.decision = d };
	InitiativeRec *r = NULL;
	int rc = 0;

	for (size_t i = 0; i < d->n_initiative_ids && rc == 0; i++) {
		if ((rc = initiative_load(a, d->initiative_ids[i], &r, err)) != 0 ||
		    (rc = workflow_apply(&wc, r, SK__V1__ACTION__DECIDE, err)) != 0) {
			store_rec_free(r);
			break;
		}
		if ((rc = certificates_issue(a, d, r)) != 0)
			status_set(err, rc, "cannot store the decision");
		store_rec_free(r);
		r = NULL;
	}
	return rc;
}

/* "125/QĐ-UBND: initiative 1, initiative 4" */
static void
decision_note(const DecisionRec *d, char *note, size_t sz)
{
	snprintf(note, sz, "%s:", d->number);
	for (size_t i = 0; i < d->n_initiative_ids; i++) {
		size_t used = strlen(note);

		snprintf(note + used, sz - used, "%s initiative %" PRIu64, i ? "," : "",
		    d->initiative_ids[i]);
	}
}

int
decision_issue(const struct act *a, const char *number, const char *signed_on,
    const uint64_t *ids, size_t n, DecisionRec **out, struct sk_error *err)
{
	DecisionRec in = SK__STORE__V1__DECISION_REC__INIT, *d;
	char object[40], note[2048]; /* a number, COUNCIL_AGENDA_MAX ids */
	int rc;

	*out = NULL;
	in.number = (char *)number;
	in.signed_on = (char *)signed_on;
	in.signer = (char *)a->sc->login;
	in.n_initiative_ids = n;
	in.initiative_ids = (uint64_t *)ids;
	in.created_at = a->now;
	if ((d = rec_clone(&in.base)) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	if ((rc = decision_fill(a, d)) != 0) {
		status_set(err, rc, "cannot prepare the decision");
		goto fail;
	}
	if ((rc = recognise_all(a, d, err)) != 0)
		goto fail;
	snprintf(object, sizeof(object), "decision/%" PRIu64, d->id);
	decision_note(d, note, sizeof(note));
	if ((rc = store_decision_put(a->t, a->sc, d)) != 0 ||
	    (rc = tlog_append(a->t, a->sc, "decision.issue", object, &d->base, note)) !=
	        0) {
		status_set(err, rc, "cannot store the decision");
		goto fail;
	}
	*out = d;
	return 0;
fail:
	store_rec_free(d);
	return rc;
}

int
decision_get(const struct act *a, uint64_t id, DecisionRec **out, struct sk_error *err)
{
	int rc = store_decision_get(a->t, a->sc, id, out);

	if (rc == SK_NOT_FOUND)
		return status_set(err, rc, "decision %" PRIu64 " not found in your unit",
		    id);
	if (rc != 0)
		return status_set(err, SK_UNAVAILABLE, "cannot read decision %" PRIu64,
		    id);
	return 0;
}

/* Keeps the certificates of one decision (0: all) into a struct recs. */
struct certs {
	struct recs *out;
	uint64_t decision;
};

static int
certs_cb(void *rec, void *arg)
{
	struct certs *c = arg;
	CertificateRec *r = rec;

	if (c->decision != 0 && r->decision_id != c->decision) {
		store_rec_free(r);
		return 0;
	}
	return recs_push(c->out, r);
}

int
decision_certificates(const struct act *a, const DecisionRec *d, struct recs *out,
    struct sk_error *err)
{
	struct certs c = { out, d->id };
	int rc = 0;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < d->n_initiative_ids && rc == 0; i++)
		rc = store_certificate_scan(a->t, a->sc, d->initiative_ids[i], certs_cb,
		    &c);
	if (rc != 0) {
		recs_free(out);
		return status_set(err, SK_UNAVAILABLE, "cannot read the certificates");
	}
	return 0;
}

int
decision_certificates_of(const struct act *a, uint64_t id, struct recs *out,
    struct sk_error *err)
{
	struct certs c = { out, 0 };
	InitiativeRec *r = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = initiative_load(a, id, &r, err)) != 0)
		return rc;
	if (r->state != SK__V1__STATE__STATE_RECOGNISED || r->decision_id == 0)
		rc = status_set(err, SK_FAILED_PRECONDITION,
		    "initiative %" PRIu64
		    " is in state \"%s\"%s; certificates exist only for "
		    "initiatives recognised by a decision",
		    id, state_name(r->state),
		    r->state == SK__V1__STATE__STATE_RECOGNISED ?
		        ", with no decision yet" :
		        "");
	else if (store_certificate_scan(a->t, a->sc, id, certs_cb, &c) != 0) {
		recs_free(out);
		rc = status_set(err, SK_UNAVAILABLE, "cannot read the certificates");
	}
	store_rec_free(r);
	return rc;
}
