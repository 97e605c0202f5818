#include "forward.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "author.h"
#include "convert.h"
#include "council.h"
#include "date.h"
#include "files.h"
#include "initiative.h"
#include "names.h"
#include "note.h"
#include "round.h"
#include "sectors.h"
#include "sk.pb-c.h"
#include "text.h"
#include "tlog.h"
#include "validate.h"
#include "workflow.h"

#define A(x) SK__V1__ACTION__##x
#define STAGE(x) SK__V1__FORWARD__STAGE__##x
#define PROOFS_MAX 2 /* recognised, decided */

int
forward_check(const char *number, const char *signed_on, const char *reasons,
    const char *sector, const uint64_t *ids, size_t n, int32_t today,
    const struct sectors *sectors, struct sk_error *err)
{
	int32_t day;

	if (validate_name("number", number, err) != 0)
		return err->code;
	if (!date_parse_iso(signed_on, &day) || day > today)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "signed_on: a date in YYYY-MM-DD form, not in the future");
	if (text_blank(reasons) || !text_valid(reasons, strlen(reasons)) ||
	    text_chars(reasons) > VALIDATE_TEXT_MAX)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "reasons: why these initiatives reach beyond the unit (UTF-8, at most "
		    "%d characters)",
		    VALIDATE_TEXT_MAX);
	if (sectors != NULL && sectors_find(sectors, sector) == NULL)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "sector: \"%s\" is not one of this deployment's %zu sectors", sector,
		    sectors->n);
	return council_check_ids(ids, n, "submission names", err);
}

/* ---- nominating, completing --------------------------------------------------- */

/* r's way up, asked of its authors for submission s. */
static int
ask_authors(const struct act *a, InitiativeRec *r, const SubmissionRec *s,
    struct sk_error *err)
{
	ForwardRec f = SK__STORE__V1__FORWARD_REC__INIT;
	struct workflow_ctx c = { .a = a,
		.internal = true,
		.reason = s->number,
		.forward = &f };
	UnitRec *u = NULL;
	int rc;

	if ((rc = store_unit_get(a->t, a->sc->tenant, &u)) != 0)
		return status_set(err, rc, "cannot read your unit");
	f.stage = STAGE(ASKED);
	f.submission_id = s->id;
	f.submission_number = s->number;
	f.sector = s->sector;
	f.to_unit = u->parent_id;
	store_rec_free(u);
	if (f.to_unit == 0)
		return status_set(err, SK_FAILED_PRECONDITION,
		    "your unit is at the top: there is no level above to forward to");
	/* Keep the authors' description of a previous attempt, sent back,
	 * and the copy it made (the next one supersedes it). */
	if (r->forward != NULL) {
		f.scope = r->forward->scope;
		f.copy_id = r->forward->copy_id;
	}
	return workflow_apply(&c, r, A(NOMINATE), err);
}

int
forward_nominate(const struct act *a, const char *number, const char *signed_on,
    const char *reasons, const char *sector, const uint64_t *ids, size_t n,
    SubmissionRec **out, struct sk_error *err)
{
	SubmissionRec in = SK__STORE__V1__SUBMISSION_REC__INIT, *s;
	InitiativeRec *r = NULL;
	char object[40];
	int rc = 0;

	*out = NULL;
	in.number = (char *)number;
	in.signed_on = (char *)signed_on;
	in.reasons = (char *)reasons;
	in.sector = (char *)sector;
	in.n_initiative_ids = n;
	in.initiative_ids = (uint64_t *)ids;
	in.created_by = (char *)a->sc->login;
	in.created_at = a->now;
	if ((s = rec_clone(&in.base)) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	if ((rc = store_seq_next(a->t, a->sc, SEQ_SUBMISSION, &s->id)) != 0) {
		status_set(err, rc, "cannot number the submission");
		goto fail;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		if ((rc = initiative_load(a, ids[i], &r, err)) == 0)
			rc = ask_authors(a, r, s, err);
		store_rec_free(r);
		r = NULL;
	}
	if (rc != 0)
		goto fail;
	snprintf(object, sizeof(object), "submission/%" PRIu64, s->id);
	if ((rc = store_submission_put(a->t, a->sc, s)) != 0 ||
	    (rc = tlog_append(a->t, a->sc, "submission.record", object, &s->base,
	         s->number)) != 0) {
		status_set(err, rc, "cannot store the submission");
		goto fail;
	}
	*out = s;
	return 0;
fail:
	store_rec_free(s);
	return rc;
}

int
forward_complete(const struct act *a, uint64_t id, const char *scope, InitiativeRec **out,
    struct sk_error *err)
{
	struct workflow_ctx c = { .a = a };
	InitiativeRec *r = NULL;
	int rc;

	*out = NULL;
	if ((rc = initiative_load(a, id, &r, err)) != 0)
		return rc;
	if (!author_is(r, a->sc->login))
		rc = status_set(err, SK_PERMISSION_DENIED,
		    "only the authors of initiative %" PRIu64 " complete it", id);
	else if (r->forward == NULL || r->forward->stage != STAGE(ASKED))
		rc = status_set(err, SK_FAILED_PRECONDITION,
		    "initiative %" PRIu64 " is not asked for the level above", id);
	else if (rec_set_str(&r->forward->scope, scope) != 0)
		rc = status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	if (rc == 0) {
		r->version++;
		r->updated_at = a->now;
		if ((rc = store_initiative_put(a->t, a->sc, r)) != 0 ||
		    (rc = workflow_note(&c, r, A(EDIT), r->state,
		         "completed for the level above")) != 0)
			status_set(err, rc, "cannot store initiative %" PRIu64, id);
	}
	if (rc != 0) {
		store_rec_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

/* ---- proofs -------------------------------------------------------------------- */

/* The log entry of r's last history line with action (its index), or
 * NOT_FOUND. */
struct line_find {
	uint32_t action;
	uint64_t entry; /* plus one */
};

static int
line_cb(void *rec, void *arg)
{
	struct line_find *f = arg;
	HistoryRec *h = rec;

	if (h->action == f->action && h->log_entry != 0)
		f->entry = h->log_entry;
	store_rec_free(h);
	return 0;
}

/* Older history lines do not say their entry: find it in the log. */
static int
entry_scan(const struct act *a, uint64_t id, uint32_t action, uint64_t size,
    uint64_t *index)
{
	char want[48], object[40];
	const void *data;
	size_t len;

	snprintf(want, sizeof(want), "initiative.%s", action_name(action));
	snprintf(object, sizeof(object), "initiative/%" PRIu64, id);
	for (uint64_t i = size; i-- > 0;) {
		Sk__V1__LogEntry *e;
		bool hit;

		if (tlog_entry(a->t, a->sc, i, &data, &len) != 0 ||
		    (e = sk__v1__log_entry__unpack(NULL, len, data)) == NULL)
			continue;
		hit = strcmp(e->action, want) == 0 && strcmp(e->object, object) == 0;
		sk__v1__log_entry__free_unpacked(e, NULL);
		if (hit) {
			*index = i;
			return 0;
		}
	}
	return SK_NOT_FOUND;
}

/* The entry of r's step action with its inclusion proof in a tree of size. */
static int
proof_of(const struct act *a, const InitiativeRec *r, uint32_t action, const char *what,
    uint64_t size, EntryProofRec **out, struct sk_error *err)
{
	struct line_find f = { action, 0 };
	merkle_hash hashes[TLOG_PROOF_MAX];
	ProtobufCBinaryData v[TLOG_PROOF_MAX];
	EntryProofRec p = SK__STORE__V1__ENTRY_PROOF_REC__INIT;
	const void *data;
	uint64_t index;
	size_t len, n = 0;

	if (store_history_scan(a->t, a->sc, r->id, line_cb, &f) != 0)
		return status_set(err, SK_INTERNAL, "cannot read the history");
	if (f.entry != 0)
		index = f.entry - 1;
	else if (entry_scan(a, r->id, action, size, &index) != 0)
		return status_set(err, SK_DATA_LOSS,
		    "initiative %" PRIu64 ": the log entry that %s it is missing", r->id,
		    what);
	if (index >= size)
		return status_set(err, SK_FAILED_PRECONDITION,
		    "initiative %" PRIu64 ": the unit's last signed checkpoint does not "
		    "cover it yet; try again",
		    r->id);
	if (tlog_entry(a->t, a->sc, index, &data, &len) != 0 ||
	    tlog_inclusion(a->t, a->sc, index, size, hashes, &n) != 0)
		return status_set(err, SK_DATA_LOSS,
		    "the unit's log cannot prove entry %" PRIu64, index);
	for (size_t i = 0; i < n; i++) {
		v[i].data = hashes[i];
		v[i].len = MERKLE_HASH_LEN;
	}
	p.what = (char *)what;
	p.index = index;
	p.entry.data = (uint8_t *)data;
	p.entry.len = len;
	p.n_hashes = n;
	p.hashes = v;
	if ((*out = rec_clone(&p.base)) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	return 0;
}

/* The unit log's signed checkpoint and the proofs of r's recognition. */
static int
proofs_add(const struct act *a, const InitiativeRec *r, CopyRec *c, struct sk_error *err)
{
	static const struct {
		uint32_t action;
		const char *what;
	} steps[PROOFS_MAX] = { { A(RECOGNISE), "recognised" },
		{ A(DECIDE), "decided" } };
	char body[NOTE_MAX], origin[256];
	struct sk_error verr = { 0 };
	merkle_hash root;
	uint64_t size;
	int rc;

	if ((rc = store_log_checkpoint_get(a->t, a->sc, &c->checkpoint)) != 0)
		return status_set(err, rc == SK_NOT_FOUND ? SK_FAILED_PRECONDITION : rc,
		    "your unit's log has no signed checkpoint");
	if (note_verify(c->checkpoint, tlog_vkey(), body, sizeof(body), &verr) != 0 ||
	    checkpoint_parse(body, origin, sizeof(origin), &size, root) != 0)
		return status_set(err, SK_DATA_LOSS,
		    "your unit's checkpoint does not verify");
	if ((c->proofs = calloc(PROOFS_MAX, sizeof(*c->proofs))) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	for (size_t i = 0; i < PROOFS_MAX; i++) {
		if ((rc = proof_of(a, r, steps[i].action, steps[i].what, size,
		         &c->proofs[i], err)) != 0)
			return rc;
		c->n_proofs = i + 1;
	}
	return 0;
}

/* ---- the copy ------------------------------------------------------------------- */

/* Where the copy comes from, and which office's inbox it goes to. */
static int
origin_fill(const struct act *a, const InitiativeRec *r, const SubmissionRec *s,
    const DecisionRec *d, OriginRec *o, UnitRec **unit, struct sk_error *err)
{
	const struct sectors *secs = a->terms != NULL ? a->terms->sectors : NULL;
	const struct sector *sec = sectors_find(secs, s->sector);
	int rc;

	if ((rc = store_unit_get(a->t, a->sc->tenant, unit)) != 0)
		return status_set(err, rc, "cannot read your unit");
	o->unit_id = (*unit)->id;
	o->unit_code = (*unit)->code;
	o->unit_name = (*unit)->name;
	o->initiative_id = r->id;
	o->version = r->version;
	o->decision_number = d->number;
	o->decision_signed_on = d->signed_on;
	o->sector = s->sector;
	o->office = sec != NULL ? sec->office : "";
	o->submission_number = s->number;
	return 0;
}

/* The record the level above reviews: the dossier, received. */
static int
review_make(const struct act *up, const CopyRec *c, uint64_t supersedes,
    InitiativeRec **out, struct sk_error *err)
{
	struct workflow_ctx wc = { .a = up };
	InitiativeRec *v;
	char note[200];
	int rc;

	if ((v = rec_clone(&c->dossier->base)) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	store_rec_free(v->receipt);
	store_rec_free(v->outcome);
	store_rec_free(v->notice);
	store_rec_free(v->forward);
	v->receipt = NULL, v->outcome = NULL, v->notice = NULL, v->forward = NULL;
	v->unit_id = up->sc->tenant;
	v->state = SK__V1__STATE__STATE_RECEIVED;
	v->version = 1;
	v->created_at = v->updated_at = up->now;
	v->decision_id = 0;
	if ((v->origin = rec_clone(&c->origin->base)) == NULL ||
	    rec_set_str(&v->duplicate_warning, "") != 0 ||
	    rec_set_str(&v->link_warning, "") != 0) {
		rc = status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
		goto fail;
	}
	v->origin->supersedes = supersedes;
	if ((rc = store_initiative_next_id(up->t, up->sc, &v->id)) != 0) {
		status_set(err, rc, "cannot number the copy");
		goto fail;
	}
	snprintf(note, sizeof(note),
	    "received from %s, initiative %" PRIu64 " (copy %" PRIu64 ")",
	    c->origin->unit_code, c->origin->initiative_id, c->id);
	if ((rc = store_initiative_put(up->t, up->sc, v)) != 0 ||
	    (rc = workflow_note(&wc, v, A(FORWARD), 0, note)) != 0) {
		status_set(err, rc, "cannot store the copy");
		goto fail;
	}
	*out = v;
	return 0;
fail:
	store_rec_free(v);
	return rc;
}

/* The copy sent back before, replaced by this one: its review ends. */
static int
supersede(const struct act *up, uint64_t old_copy, uint64_t *review, struct sk_error *err)
{
	struct workflow_ctx wc = { .a = up, .internal = true, .reason = "sent again" };
	InitiativeRec *r = NULL;
	CopyRec *c = NULL;
	int rc;

	*review = 0;
	if (old_copy == 0)
		return 0;
	if ((rc = store_copy_get(up->t, up->sc, old_copy, &c)) != 0)
		return rc == SK_NOT_FOUND ? 0 :
		                            status_set(err, rc, "cannot read the copies");
	*review = c->review_id;
	if ((rc = store_initiative_get(up->t, up->sc, c->review_id, &r)) == 0 &&
	    (r->state == SK__V1__STATE__STATE_RECEIVED ||
	        r->state == SK__V1__STATE__STATE_SENT_BACK))
		rc = workflow_apply(&wc, r, A(SUPERSEDE), err);
	else if (rc != 0)
		status_set(err, rc, "cannot read the copy's review");
	store_rec_free(r);
	store_rec_free(c);
	return rc;
}

/* Build and keep the copy of r at up's unit; its id into *copy_id. */
static int
copy_make(const struct act *a, const struct act *up, const InitiativeRec *r,
    const SubmissionRec *s, const RoundRec *round, uint64_t *copy_id,
    struct sk_error *err)
{
	CopyRec c = SK__STORE__V1__COPY_REC__INIT;
	OriginRec o = SK__STORE__V1__ORIGIN_REC__INIT;
	struct recs certs = { 0 }, atts = { 0 };
	InitiativeRec *review = NULL;
	DecisionRec *d = NULL;
	UnitRec *unit = NULL;
	char object[32], note[200];
	uint64_t old_review = 0;
	int rc;

	memset(&c, 0, sizeof(c));
	sk__store__v1__copy_rec__init(&c);
	if ((rc = store_decision_get(a->t, a->sc, r->decision_id, &d)) != 0) {
		status_set(err, rc, "cannot read decision %" PRIu64, r->decision_id);
		goto done;
	}
	if ((rc = origin_fill(a, r, s, d, &o, &unit, err)) != 0 ||
	    (rc = store_seq_next(up->t, up->sc, SEQ_COPY, &c.id)) != 0 ||
	    (rc = supersede(up, r->forward->copy_id, &old_review, err)) != 0)
		goto done;
	o.copy_id = c.id;
	o.round_id = round->id;
	c.origin = &o;
	c.dossier = (InitiativeRec *)r;
	c.decision = d;
	c.scope = r->forward->scope;
	c.submission_signed_on = s->signed_on;
	c.submission_reasons = s->reasons;
	c.received_at = up->now;
	c.sent_by = (char *)a->sc->login;
	if ((rc = store_certificate_scan(a->t, a->sc, r->id, recs_collect, &certs)) !=
	    0) {
		status_set(err, SK_INTERNAL, "cannot read the certificates");
		goto done;
	}
	c.n_certificates = certs.n;
	c.certificates = (CertificateRec **)certs.v;
	if ((rc = proofs_add(a, r, &c, err)) != 0 ||
	    (rc = review_make(up, &c, old_review, &review, err)) != 0 ||
	    (rc = files_copy(a, r->id, up, review->id, &atts, err)) != 0)
		goto done;
	c.n_attachments = atts.n;
	c.attachments = (AttachmentRec **)atts.v;
	c.review_id = review->id;
	snprintf(object, sizeof(object), "copy/%" PRIu64, c.id);
	snprintf(note, sizeof(note), "%s, initiative %" PRIu64 ", version %u",
	    o.unit_code, r->id, r->version);
	if ((rc = store_copy_put(up->t, up->sc, &c)) != 0 ||
	    (rc = tlog_append(up->t, up->sc, "copy.receive", object, &c.base, note)) !=
	        0) {
		status_set(err, rc, "cannot store the copy");
		goto done;
	}
	*copy_id = c.id;
done:
	/* c borrows everything it points to but its checkpoint and proofs. */
	free(c.checkpoint);
	for (size_t i = 0; i < c.n_proofs; i++)
		store_rec_free(c.proofs[i]);
	free(c.proofs);
	recs_free(&certs);
	recs_free(&atts);
	store_rec_free(review);
	store_rec_free(d);
	store_rec_free(unit);
	return rc;
}

/* Send r (of submission s) up: its copy, then its own record says so. */
static int
send_one(const struct act *a, const struct act *up, InitiativeRec *r,
    const SubmissionRec *s, const RoundRec *round, struct sk_error *err)
{
	struct workflow_ctx c = { .a = a, .internal = true };
	char on[16], reason[120];
	uint64_t copy_id = 0;
	int rc;

	if (r->forward == NULL || r->forward->stage != STAGE(ASKED) ||
	    r->forward->submission_id != s->id)
		return status_set(err, SK_FAILED_PRECONDITION,
		    "initiative %" PRIu64 " is not asked for submission %s", r->id,
		    s->number);
	if (text_blank(r->forward->scope))
		return status_set(err, SK_FAILED_PRECONDITION,
		    "initiative %" PRIu64
		    ": its authors have not described its effect and "
		    "scope at the level above yet (sk forward complete)",
		    r->id);
	if ((rc = copy_make(a, up, r, s, round, &copy_id, err)) != 0)
		return rc;
	date_format_iso(a->today, on, sizeof(on));
	r->forward->stage = STAGE(SENT);
	r->forward->copy_id = copy_id;
	r->forward->round_id = round->id;
	r->forward->to_unit = up->sc->tenant;
	if (rec_set_str(&r->forward->sent_on, on) != 0)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	snprintf(reason, sizeof(reason), "%s, round %" PRIu64 " \"%.60s\", copy %" PRIu64,
	    s->number, round->id, round->name, copy_id);
	c.reason = reason;
	return workflow_apply(&c, r, A(FORWARD), err);
}

int
forward_send(const struct act *a, const struct act *up, uint64_t id, SubmissionRec **out,
    struct sk_error *err)
{
	SubmissionRec *s = NULL;
	InitiativeRec *r = NULL;
	RoundRec *round = NULL;
	char object[40];
	int rc;

	*out = NULL;
	if ((rc = forward_submission(a, id, &s, err)) != 0)
		return rc;
	if (s->sent) {
		rc = status_set(err, SK_FAILED_PRECONDITION,
		    "submission %s was sent already", s->number);
		goto done;
	}
	/* The level above's clock decides the round. */
	if ((rc = round_current(up, &round, err)) != 0)
		goto done;
	for (size_t i = 0; i < s->n_initiative_ids && rc == 0; i++) {
		if ((rc = initiative_load(a, s->initiative_ids[i], &r, err)) == 0)
			rc = send_one(a, up, r, s, round, err);
		store_rec_free(r);
		r = NULL;
	}
	if (rc != 0)
		goto done;
	s->sent = true;
	s->sent_at = a->now;
	s->round_id = round->id;
	s->to_unit = up->sc->tenant;
	snprintf(object, sizeof(object), "submission/%" PRIu64, s->id);
	if ((rc = store_submission_put(a->t, a->sc, s)) != 0 ||
	    (rc = tlog_append(a->t, a->sc, "submission.send", object, &s->base,
	         s->number)) != 0) {
		status_set(err, rc, "cannot store the submission");
		goto done;
	}
	*out = s;
	s = NULL;
done:
	store_rec_free(s);
	store_rec_free(round);
	return rc;
}

/* ---- reading --------------------------------------------------------------------- */

int
forward_submission(const struct act *a, uint64_t id, SubmissionRec **out,
    struct sk_error *err)
{
	int rc = store_submission_get(a->t, a->sc, id, out);

	if (rc == SK_NOT_FOUND)
		return status_set(err, rc,
		    "submission %" PRIu64 " not found in your unit", id);
	if (rc != 0)
		return status_set(err, rc, "cannot read submission %" PRIu64, id);
	return 0;
}

int
forward_submissions(const struct act *a, struct recs *out, struct sk_error *err)
{
	memset(out, 0, sizeof(*out));
	if (store_submission_scan(a->t, a->sc, recs_collect, out) != 0) {
		recs_free(out);
		return status_set(err, SK_INTERNAL, "cannot read the submissions");
	}
	return 0;
}

int
forward_copy(const struct act *a, uint64_t id, CopyRec **out, struct sk_error *err)
{
	int rc = store_copy_get(a->t, a->sc, id, out);

	if (rc == SK_NOT_FOUND)
		return status_set(err, rc, "copy %" PRIu64 " not found at your level",
		    id);
	if (rc != 0)
		return status_set(err, rc, "cannot read copy %" PRIu64, id);
	return 0;
}
