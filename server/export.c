#include "export.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "files.h"
#include "names.h"
#include "note.h"
#include "sk.pb-c.h"
#include "tlog.h"

#define A(x) SK__V1__ACTION__##x

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

/* Entry index of the act's log with its inclusion proof in a tree of size. */
static int
entry_proof(const struct act *a, uint64_t index, uint64_t size, const char *what,
    EntryProofRec **out, struct sk_error *err)
{
	merkle_hash hashes[TLOG_PROOF_MAX];
	ProtobufCBinaryData v[TLOG_PROOF_MAX];
	EntryProofRec p = SK__STORE__V1__ENTRY_PROOF_REC__INIT;
	const void *data;
	size_t len, n = 0;

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

/* The entry of r's step action with its inclusion proof in a tree of size. */
static int
proof_of(const struct act *a, const InitiativeRec *r, uint32_t action, const char *what,
    uint64_t size, EntryProofRec **out, struct sk_error *err)
{
	struct line_find f = { action, 0 };
	uint64_t index;

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
	return entry_proof(a, index, size, what, out, err);
}

/* The act's log's last signed checkpoint (malloc'd) and its size. */
static int
checkpoint_of(const struct act *a, char **note, uint64_t *size, struct sk_error *err)
{
	char body[NOTE_MAX], origin[256];
	struct sk_error verr = { 0 };
	merkle_hash root;
	int rc;

	*note = NULL;
	if ((rc = store_log_checkpoint_get(a->t, a->sc, note)) != 0)
		return status_set(err, rc == SK_NOT_FOUND ? SK_FAILED_PRECONDITION : rc,
		    "the unit's log has no signed checkpoint");
	if (note_verify(*note, tlog_vkey(), body, sizeof(body), &verr) != 0 ||
	    checkpoint_parse(body, origin, sizeof(origin), size, root) != 0) {
		free(*note);
		*note = NULL;
		return status_set(err, SK_DATA_LOSS,
		    "the unit's checkpoint does not verify");
	}
	return 0;
}

/* The unit log's signed checkpoint and the proofs of r's recognition. */
static int
proofs_add(const struct act *a, const InitiativeRec *r, CopyRec *c, struct sk_error *err)
{
	static const struct {
		uint32_t action;
		const char *what;
	} steps[EXPORT_PROOFS] = { { A(RECOGNISE), "recognised" },
		{ A(DECIDE), "decided" } };
	uint64_t size;
	int rc;

	if ((rc = checkpoint_of(a, &c->checkpoint, &size, err)) != 0)
		return rc;
	if ((c->proofs = calloc(EXPORT_PROOFS, sizeof(*c->proofs))) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	for (size_t i = 0; i < EXPORT_PROOFS; i++) {
		if ((rc = proof_of(a, r, steps[i].action, steps[i].what, size,
		         &c->proofs[i], err)) != 0)
			return rc;
		c->n_proofs = i + 1;
	}
	return 0;
}

/* ---- exports -------------------------------------------------------------------- */

/* Where the copy comes from, as its unit says. */
static int
origin_fill(const struct act *a, const InitiativeRec *r, const SubmissionRec *s,
    const DecisionRec *d, OriginRec *o, UnitRec **unit, struct sk_error *err)
{
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
	o->submission_number = s->number;
	return 0;
}

/* Keep e, numbered, in the act's outbox, and log it. */
static int
export_keep(const struct act *a, ExportRec *e, const char *note, struct sk_error *err)
{
	char object[40];
	int rc;

	if ((rc = store_seq_next(a->t, a->sc, SEQ_EXPORT, &e->seq)) != 0)
		return status_set(err, rc, "cannot number the export");
	e->copy->origin->export_seq = e->seq;
	snprintf(object, sizeof(object), "export/%" PRIu64, e->seq);
	if ((rc = store_export_put(a->t, a->sc, e)) != 0 ||
	    (rc = tlog_append(a->t, a->sc, "forward.export", object, &e->base, note)) !=
	        0)
		return status_set(err, rc, "cannot keep the export");
	return 0;
}

int
export_copy(const struct act *a, const InitiativeRec *r, const SubmissionRec *s,
    const UnitRec *to, uint64_t round_id, uint64_t replaces, ExportRec **out,
    struct sk_error *err)
{
	ExportRec e = SK__STORE__V1__EXPORT_REC__INIT;
	CopyRec c = SK__STORE__V1__COPY_REC__INIT;
	OriginRec o = SK__STORE__V1__ORIGIN_REC__INIT;
	struct recs certs = { 0 }, atts = { 0 };
	DecisionRec *d = NULL;
	UnitRec *unit = NULL;
	char note[200];
	int rc;

	*out = NULL;
	c.checkpoint = NULL; /* proofs_add's, freed here */
	if ((rc = store_decision_get(a->t, a->sc, r->decision_id, &d)) != 0) {
		status_set(err, rc, "cannot read decision %" PRIu64, r->decision_id);
		goto done;
	}
	if ((rc = origin_fill(a, r, s, d, &o, &unit, err)) != 0)
		goto done;
	o.round_id = round_id;
	c.origin = &o;
	c.dossier = (InitiativeRec *)r;
	c.decision = d;
	c.scope = r->forward->scope;
	c.submission_signed_on = s->signed_on;
	c.submission_reasons = s->reasons;
	c.sent_by = (char *)a->sc->login;
	if (store_certificate_scan(a->t, a->sc, r->id, recs_collect, &certs) != 0) {
		rc = status_set(err, SK_INTERNAL, "cannot read the certificates");
		goto done;
	}
	if ((rc = files_list(a, r->id, &atts, err)) != 0)
		goto done;
	c.n_certificates = certs.n;
	c.certificates = (CertificateRec **)certs.v;
	c.n_attachments = atts.n;
	c.attachments = (AttachmentRec **)atts.v;
	if ((rc = proofs_add(a, r, &c, err)) != 0)
		goto done;
	e.to_code = to->code;
	e.round_id = round_id;
	e.sent_at = a->now;
	e.replaces = replaces;
	e.copy = &c;
	snprintf(note, sizeof(note), "initiative %" PRIu64 ", version %u, to %s", r->id,
	    r->version, to->code);
	if ((rc = export_keep(a, &e, note, err)) == 0 &&
	    (*out = rec_clone(&e.base)) == NULL)
		rc = status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
done:
	/* c borrows everything it points to but its checkpoint and proofs. */
	free(c.checkpoint);
	for (size_t i = 0; i < c.n_proofs; i++)
		store_rec_free(c.proofs[i]);
	free(c.proofs);
	recs_free(&certs);
	recs_free(&atts);
	store_rec_free(d);
	store_rec_free(unit);
	return rc;
}

/* ---- reports --------------------------------------------------------------------- */

int
export_report(const struct act *a, const InitiativeRec *review, const ForwardRec *result,
    const char *text, ReportRec **out, struct sk_error *err)
{
	ReportRec r = SK__STORE__V1__REPORT_REC__INIT;
	const OriginRec *o = review->origin;
	char object[40];
	int rc;

	*out = NULL;
	r.to_code = o->unit_code;
	r.initiative_id = o->initiative_id;
	r.export_seq = o->export_seq;
	r.copy_id = o->copy_id;
	r.result = (ForwardRec *)result;
	r.text = (char *)text;
	r.at = a->now;
	if ((rc = store_seq_next(a->t, a->sc, SEQ_REPORT, &r.seq)) != 0 ||
	    (rc = tlog_size(a->t, a->sc, &r.log_index)) != 0)
		return status_set(err, rc, "cannot number the report");
	snprintf(object, sizeof(object), "report/%" PRIu64, r.seq);
	if ((rc = store_report_put(a->t, a->sc, &r)) != 0 ||
	    (rc = tlog_append(a->t, a->sc, "report.send", object, &r.base, text)) != 0)
		return status_set(err, rc, "cannot keep the report");
	if ((*out = rec_clone(&r.base)) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	return 0;
}

/* ---- reading the outboxes --------------------------------------------------------- */

struct page {
	struct recs *out;
	size_t max;
	const char *to; /* reports: only to this unit */
};

static int
page_cb(void *rec, void *arg)
{
	struct page *p = arg;
	ReportRec *r = rec;

	if (p->to != NULL && strcmp(r->to_code, p->to) != 0) {
		store_rec_free(rec);
		return 0;
	}
	if (recs_push(p->out, rec) != 0)
		return SK_RESOURCE_EXHAUSTED;
	return p->out->n >= p->max ? 1 : 0;
}

int
export_list(const struct act *a, uint64_t from, size_t max, struct recs *out,
    struct sk_error *err)
{
	struct page p = { out, max, NULL };
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = store_export_scan(a->t, a->sc, from, page_cb, &p)) < 0 || rc > 1) {
		recs_free(out);
		return status_set(err, SK_INTERNAL, "cannot read the exports");
	}
	return 0;
}

int
export_reports(const struct act *a, const char *to, uint64_t from, size_t max,
    struct recs *out, struct sk_error *err)
{
	struct page p = { out, max, to };
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = store_report_scan(a->t, a->sc, from, page_cb, &p)) < 0 || rc > 1) {
		recs_free(out);
		return status_set(err, SK_INTERNAL, "cannot read the reports");
	}
	return 0;
}

int
export_reports_proven(const struct act *a, const char *to, uint64_t from, size_t max,
    struct export_proven *out, struct sk_error *err)
{
	uint64_t size;
	size_t keep = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = checkpoint_of(a, &out->checkpoint, &size, err)) != 0 ||
	    (rc = export_reports(a, to, from, max, &out->reports, err)) != 0)
		goto fail;
	for (; keep < out->reports.n; keep++) {
		const ReportRec *r = out->reports.v[keep];
		EntryProofRec *p = NULL;

		if (r->log_index >= size)
			break; /* not signed yet: a later call */
		if ((rc = entry_proof(a, r->log_index, size, "reported", &p, err)) != 0)
			goto fail;
		if ((rc = recs_push(&out->proofs, p)) != 0) {
			status_set(err, rc, "out of memory");
			goto fail;
		}
	}
	while (out->reports.n > keep)
		store_rec_free(out->reports.v[--out->reports.n]);
	return 0;
fail:
	export_proven_free(out);
	return rc;
}

void
export_proven_free(struct export_proven *p)
{
	free(p->checkpoint);
	p->checkpoint = NULL;
	recs_free(&p->reports);
	recs_free(&p->proofs);
}
