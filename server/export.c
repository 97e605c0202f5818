#include "export.h"

#include <inttypes.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "files.h"
#include "initiative.h"
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

/* ---- one initiative, checked offline (sk export, sk verify) ----------------------- */

/*
 * What an export borrows while it is built; the message is then cloned
 * whole, and these are freed. Entries are looked for from the first of
 * the initiative's history on (nothing of it is logged before) to the
 * checkpoint's size (every proof is against that tree).
 */
struct xb {
	const struct act *a;
	uint64_t id;
	uint64_t from, size;
	struct recs msgs; /* wire messages (EntryProof) */
	void **bufs;      /* malloc'd: packed records, arrays, ProvenRecords */
	size_t nbufs, capbufs;
};

static void
xb_free(struct xb *b)
{
	for (size_t i = 0; i < b->nbufs; i++)
		free(b->bufs[i]);
	free(b->bufs);
	recs_free(&b->msgs);
}

/* n zeroed bytes, freed with b. */
static void *
xb_alloc(struct xb *b, size_t n)
{
	void **nv, *p;

	if (b->nbufs == b->capbufs) {
		b->capbufs = b->capbufs ? b->capbufs * 2 : 32;
		if ((nv = realloc(b->bufs, b->capbufs * sizeof(*nv))) == NULL)
			return NULL;
		b->bufs = nv;
	}
	if ((p = calloc(1, n ? n : 1)) != NULL)
		b->bufs[b->nbufs++] = p;
	return p;
}

/* m's stored bytes, as tlog_append hashed them, and their SHA-256. */
static int
xb_pack(struct xb *b, const ProtobufCMessage *m, ProtobufCBinaryData *out,
    uint8_t hash[SHA256_DIGEST_LENGTH])
{
	size_t len = protobuf_c_message_get_packed_size(m);

	if ((out->data = xb_alloc(b, len)) == NULL)
		return SK_RESOURCE_EXHAUSTED;
	out->len = protobuf_c_message_pack(m, out->data);
	SHA256(out->data, out->len, hash);
	return 0;
}

/* Entry index with its inclusion proof, what its action: freed with b. */
static int
xb_proof(struct xb *b, uint64_t index, Sk__V1__EntryProof **out, struct sk_error *err)
{
	EntryProofRec *p = NULL;
	Sk__V1__LogEntry *e;
	const void *data;
	size_t len;
	int rc;

	if (tlog_entry(b->a->t, b->a->sc, index, &data, &len) != 0 ||
	    (e = sk__v1__log_entry__unpack(NULL, len, data)) == NULL)
		return status_set(err, SK_DATA_LOSS,
		    "entry %" PRIu64 " of the unit's log does not decode", index);
	rc = entry_proof(b->a, index, b->size, e->action, &p, err);
	sk__v1__log_entry__free_unpacked(e, NULL);
	if (rc != 0)
		return rc;
	*out = convert_msg(&p->base, &sk__v1__entry_proof__descriptor);
	store_rec_free(p);
	if (*out == NULL || recs_push(&b->msgs, *out) != 0)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	return 0;
}

/* ---- the entries that logged a record ---- */

/* A record looked for in the log: the entry of action on object whose
 * object_hash is hash. */
struct xb_want {
	const char *action;
	char object[48];
	uint8_t hash[SHA256_DIGEST_LENGTH];
	uint64_t index; /* plus one: 0 until found */
};

static bool
want_is(const struct xb_want *w, const Sk__V1__LogEntry *e)
{
	return w->index == 0 && strcmp(e->action, w->action) == 0 &&
	    strcmp(e->object, w->object) == 0 && e->object_hash.len == sizeof(w->hash) &&
	    memcmp(e->object_hash.data, w->hash, sizeof(w->hash)) == 0;
}

/* One pass over the log from b->from to b->size, finding each of w. */
static int
xb_find(struct xb *b, struct xb_want *w, size_t n, struct sk_error *err)
{
	size_t left = 0;

	for (size_t k = 0; k < n; k++)
		left += w[k].index == 0;
	for (uint64_t i = b->from; i < b->size && left > 0; i++) {
		Sk__V1__LogEntry *e;
		const void *data;
		size_t len;

		if (tlog_entry(b->a->t, b->a->sc, i, &data, &len) != 0 ||
		    (e = sk__v1__log_entry__unpack(NULL, len, data)) == NULL)
			return status_set(err, SK_DATA_LOSS,
			    "entry %" PRIu64 " of the unit's log does not decode", i);
		for (size_t k = 0; k < n; k++)
			if (want_is(&w[k], e)) {
				w[k].index = i + 1;
				left--;
				break;
			}
		sk__v1__log_entry__free_unpacked(e, NULL);
	}
	for (size_t k = 0; k < n; k++)
		if (w[k].index == 0)
			return status_set(err, SK_FAILED_PRECONDITION,
			    "initiative %" PRIu64 ": no entry \"%s\" of %s holding its "
			    "stored state is under the unit's last signed checkpoint "
			    "(try again in a moment; a record migrated from older data "
			    "cannot be exported verifiably)",
			    b->id, w[k].action, w[k].object);
	return 0;
}

/* rec, stored, as a ProvenRecord whose proof is w's entry (found). */
static int
xb_proven(struct xb *b, ProtobufCBinaryData bytes, const struct xb_want *w,
    Sk__V1__ProvenRecord **out, struct sk_error *err)
{
	Sk__V1__ProvenRecord *p = xb_alloc(b, sizeof(*p));

	if (p == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	sk__v1__proven_record__init(p);
	p->record = bytes;
	*out = p;
	return w != NULL ? xb_proof(b, w->index - 1, &p->proof, err) : 0;
}

/* ---- the parts ---- */

/* The checkpoint every proof is against, and the tree's size. */
static int
xb_checkpoint(struct xb *b, Sk__V1__InitiativeExport *x, struct sk_error *err)
{
	char *note = NULL;
	int rc;

	if ((rc = checkpoint_of(b->a, &note, &b->size, err)) != 0)
		return rc;
	if ((x->checkpoint = xb_alloc(b, strlen(note) + 1)) == NULL) {
		free(note);
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	}
	memcpy(x->checkpoint, note, strlen(note) + 1);
	free(note);
	return 0;
}

/* The history's entries, oldest first: each line names its entry; lines
 * older than that are found in the log as proof_of finds them. */
struct xb_lines {
	uint64_t *v; /* entry indices */
	size_t n, cap;
	bool bad; /* out of memory */
	struct xb *b;
};

static int
xb_line_cb(void *rec, void *arg)
{
	struct xb_lines *l = arg;
	HistoryRec *h = rec;
	uint64_t index = h->log_entry - 1;
	uint64_t *nv;

	if (h->log_entry == 0 &&
	    ((h->action != A(RECOGNISE) && h->action != A(DECIDE)) ||
	        entry_scan(l->b->a, l->b->id, h->action, l->b->size, &index) != 0)) {
		store_rec_free(h);
		return 0; /* not named, and no step a proof needs */
	}
	store_rec_free(h);
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		if ((nv = realloc(l->v, l->cap * sizeof(*nv))) == NULL) {
			l->bad = true;
			return 1;
		}
		l->v = nv;
	}
	l->v[l->n++] = index;
	return 0;
}

static int
cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return a < b ? -1 : a > b;
}

/* The entry indices of initiative id's history, in order, once each
 * (*v malloc'd, *n of them). */
static int
history_indices(struct xb *b, uint64_t id, uint64_t **v, size_t *n, struct sk_error *err)
{
	struct xb_lines l = { .b = b };
	size_t keep = 0;

	*v = NULL;
	*n = 0;
	if (store_history_scan(b->a->t, b->a->sc, id, xb_line_cb, &l) < 0 || l.bad) {
		free(l.v);
		return status_set(err, SK_INTERNAL, "cannot read the history");
	}
	qsort(l.v, l.n, sizeof(*l.v), cmp_u64);
	for (size_t i = 0; i < l.n; i++)
		if (keep == 0 || l.v[keep - 1] != l.v[i])
			l.v[keep++] = l.v[i];
	*v = l.v;
	*n = keep;
	return 0;
}

/* Did the entry of p log hash as its object's new state? */
static bool
logs_state(const Sk__V1__EntryProof *p, const uint8_t hash[SHA256_DIGEST_LENGTH])
{
	Sk__V1__LogEntry *e =
	    sk__v1__log_entry__unpack(NULL, p->entry.len, p->entry.data);
	bool same = e != NULL && e->object_hash.len == SHA256_DIGEST_LENGTH &&
	    memcmp(e->object_hash.data, hash, SHA256_DIGEST_LENGTH) == 0;

	if (e != NULL)
		sk__v1__log_entry__free_unpacked(e, NULL);
	return same;
}

/* The record as stored, the entries of its history with their proofs; the
 * last must hold the record's state. */
static int
xb_history(struct xb *b, const InitiativeRec *r, Sk__V1__InitiativeExport *x,
    struct sk_error *err)
{
	uint8_t hash[SHA256_DIGEST_LENGTH];
	uint64_t *v = NULL;
	size_t n = 0;
	int rc;

	if (xb_pack(b, &r->base, &x->record, hash) != 0)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	if ((rc = history_indices(b, r->id, &v, &n, err)) != 0)
		return rc;
	if (n == 0)
		rc = status_set(err, SK_FAILED_PRECONDITION,
		    "initiative %" PRIu64 " has no logged history", r->id);
	else if (v[n - 1] >= b->size)
		rc = status_set(err, SK_FAILED_PRECONDITION,
		    "initiative %" PRIu64 ": the unit's last signed checkpoint does not "
		    "cover its last step yet; try again",
		    r->id);
	else if ((x->history = xb_alloc(b, n * sizeof(*x->history))) == NULL)
		rc = status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	for (size_t i = 0; rc == 0 && i < n; i++)
		if ((rc = xb_proof(b, v[i], &x->history[i], err)) == 0)
			x->n_history = i + 1;
	b->from = n > 0 ? v[0] : 0;
	free(v);
	if (rc == 0 && !logs_state(x->history[n - 1], hash))
		rc = status_set(err, SK_FAILED_PRECONDITION,
		    "initiative %" PRIu64 ": its stored record is not the state its "
		    "last logged step holds (a record migrated from older data "
		    "cannot be exported verifiably)",
		    r->id);
	return rc;
}

/* Its decision and the authors' certificates, each with its entry. */
static int
xb_decision(struct xb *b, const InitiativeRec *r, Sk__V1__InitiativeExport *x,
    struct sk_error *err)
{
	struct recs certs = { 0 };
	DecisionRec *d = NULL;
	struct xb_want *w = NULL;
	ProtobufCBinaryData *bytes = NULL;
	size_t n = 0;
	int rc;

	if ((rc = store_decision_get(b->a->t, b->a->sc, r->decision_id, &d)) != 0) {
		status_set(err, rc, "cannot read decision %" PRIu64, r->decision_id);
		goto done;
	}
	if (store_certificate_scan(b->a->t, b->a->sc, r->id, recs_collect, &certs) != 0) {
		rc = status_set(err, SK_INTERNAL, "cannot read the certificates");
		goto done;
	}
	n = certs.n + 1;
	if ((w = calloc(n, sizeof(*w))) == NULL ||
	    (bytes = calloc(n, sizeof(*bytes))) == NULL ||
	    (x->certificates = xb_alloc(b, certs.n * sizeof(*x->certificates))) == NULL) {
		rc = status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
		goto done;
	}
	w[0].action = "decision.issue";
	snprintf(w[0].object, sizeof(w[0].object), "decision/%" PRIu64, d->id);
	rc = xb_pack(b, &d->base, &bytes[0], w[0].hash);
	for (size_t i = 0; rc == 0 && i < certs.n; i++) {
		const CertificateRec *c = certs.v[i];

		w[i + 1].action = "certificate.issue";
		snprintf(w[i + 1].object, sizeof(w[i + 1].object), "certificate/%" PRIu64,
		    c->id);
		rc = xb_pack(b, &c->base, &bytes[i + 1], w[i + 1].hash);
	}
	if (rc != 0) {
		status_set(err, rc, "out of memory");
		goto done;
	}
	if ((rc = xb_find(b, w, n, err)) != 0 ||
	    (rc = xb_proven(b, bytes[0], &w[0], &x->decision, err)) != 0)
		goto done;
	for (size_t i = 0; i < certs.n; i++) {
		if ((rc = xb_proven(b, bytes[i + 1], &w[i + 1], &x->certificates[i],
		         err)) != 0)
			goto done;
		x->n_certificates = i + 1;
	}
done:
	free(w);
	free(bytes);
	recs_free(&certs);
	store_rec_free(d);
	return rc;
}

/* m packed (malloc'd), its length in *n; NULL when out of memory. */
static uint8_t *
packed(const ProtobufCMessage *m, size_t *n)
{
	uint8_t *buf;

	*n = protobuf_c_message_get_packed_size(m);
	if ((buf = malloc(*n ? *n : 1)) != NULL)
		protobuf_c_message_pack(m, buf);
	return buf;
}

/* Does the copy c carry at as it came (stored with complete set)? */
static bool
copy_carries(const CopyRec *c, const AttachmentRec *at)
{
	size_t n, k;
	uint8_t *want = packed(&at->base, &n), *got;
	bool same = false;

	for (size_t i = 0; want != NULL && c != NULL && i < c->n_attachments && !same;
	     i++) {
		AttachmentRec x = *c->attachments[i];

		x.complete = true; /* as files_attach_held stores it */
		if ((got = packed(&x.base, &k)) == NULL)
			break;
		same = k == n && memcmp(got, want, n) == 0;
		free(got);
	}
	free(want);
	return same;
}

/* At a receiving level: the copy the record reviews, with its entry. */
static int
xb_copy(struct xb *b, const InitiativeRec *r, Sk__V1__InitiativeExport *x, CopyRec **copy,
    struct sk_error *err)
{
	struct xb_want w = { .action = "copy.receive" };
	ProtobufCBinaryData bytes;
	int rc;

	*copy = NULL;
	if (r->origin == NULL || r->origin->copy_id == 0)
		return 0;
	if ((rc = store_copy_get(b->a->t, b->a->sc, r->origin->copy_id, copy)) != 0)
		return status_set(err, rc, "cannot read copy %" PRIu64,
		    r->origin->copy_id);
	snprintf(w.object, sizeof(w.object), "copy/%" PRIu64, (*copy)->id);
	if (xb_pack(b, &(*copy)->base, &bytes, w.hash) != 0)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	if ((rc = xb_find(b, &w, 1, err)) != 0)
		return rc;
	return xb_proven(b, bytes, &w, &x->copy, err);
}

/* Its files' records, each proven by its entry, or by the copy it came
 * with; their bytes are not here (sk export fetches them by hash). */
static int
xb_files(struct xb *b, const InitiativeRec *r, const CopyRec *copy,
    Sk__V1__InitiativeExport *x, struct sk_error *err)
{
	struct recs atts = { 0 };
	struct xb_want *w = NULL;
	ProtobufCBinaryData *bytes = NULL;
	size_t nw = 0;
	int rc;

	if ((rc = files_list(b->a, r->id, &atts, err)) != 0)
		return rc;
	if ((w = calloc(atts.n + 1, sizeof(*w))) == NULL ||
	    (bytes = calloc(atts.n + 1, sizeof(*bytes))) == NULL ||
	    (x->files = xb_alloc(b, atts.n * sizeof(*x->files))) == NULL) {
		rc = status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
		goto done;
	}
	for (size_t i = 0; rc == 0 && i < atts.n; i++) {
		const AttachmentRec *at = atts.v[i];

		w[i].action = "attachment.add";
		snprintf(w[i].object, sizeof(w[i].object), "initiative/%" PRIu64, r->id);
		if (xb_pack(b, &at->base, &bytes[i], w[i].hash) != 0)
			rc = status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
		else if (copy_carries(copy, at))
			w[i].index = UINT64_MAX; /* proven by the copy */
		else
			nw++;
	}
	/* xb_find skips those the copy proves (index set), looks for the rest. */
	if (rc == 0 && nw > 0 && (rc = xb_find(b, w, atts.n, err)) != 0)
		goto done;
	for (size_t i = 0; rc == 0 && i < atts.n; i++) {
		Sk__V1__ExportFile *f = xb_alloc(b, sizeof(*f));

		if (f == NULL) {
			rc = status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
			break;
		}
		sk__v1__export_file__init(f);
		x->files[i] = f;
		x->n_files = i + 1;
		rc = xb_proven(b, bytes[i], w[i].index == UINT64_MAX ? NULL : &w[i],
		    &f->attachment, err);
	}
done:
	free(w);
	free(bytes);
	recs_free(&atts);
	return rc;
}

/* The witnesses linked above this unit whose cosignatures the latest
 * witnessed checkpoint carries, that checkpoint with only the lines that
 * verify, and its consistency with the checkpoint of the export. */
static int
xb_witness(struct xb *b, Sk__V1__InitiativeExport *x, struct sk_error *err)
{
	char *note = NULL, *kept = NULL, body[NOTE_MAX], origin[256];
	const char *keys[16];
	merkle_hash root, proof[TLOG_PROOF_MAX];
	struct sk_error verr = { 0 };
	UserRec **users = NULL;
	size_t nusers = 0, nkeys = 0, n = 0;
	uint64_t wsize;
	int64_t t;
	int rc = 0;

	if (store_log_cosigned_get(b->a->t, b->a->sc, &note) != 0 || note[0] == '\0')
		goto done; /* never witnessed */
	if (store_user_list(b->a->t, b->a->sc->tenant, &users, &nusers) != 0) {
		rc = status_set(err, SK_UNAVAILABLE, "cannot read the unit's links");
		goto done;
	}
	for (size_t i = 0; i < nusers && nkeys < 16; i++) {
		const PeerRec *p = users[i]->peer;

		if (p != NULL && p->witness_key[0] != '\0' &&
		    (users[i]->roles & SK__V1__ROLE__ROLE_UPSTREAM) != 0 &&
		    note_cosig_verify(note, p->witness_key, &t, &verr) == 0)
			keys[nkeys++] = p->witness_key;
	}
	if (nkeys == 0 ||
	    note_verify(note, tlog_vkey(), body, sizeof(body), &verr) != 0 ||
	    checkpoint_parse(body, origin, sizeof(origin), &wsize, root) != 0 ||
	    wsize > b->size)
		goto done; /* no cosignature anyone here can check */
	if (tlog_consistency(b->a->t, b->a->sc, wsize, b->size, proof, &n) != 0) {
		rc = status_set(err, SK_DATA_LOSS,
		    "the log cannot prove its witnessed checkpoint consistent");
		goto done;
	}
	if ((kept = note_lines_keep(note, tlog_vkey(), keys, nkeys)) == NULL ||
	    (x->cosigned = xb_alloc(b, strlen(kept) + 1)) == NULL ||
	    (x->consistency = xb_alloc(b, (n + 1) * sizeof(*x->consistency))) == NULL ||
	    (x->witness_keys = xb_alloc(b, nkeys * sizeof(char *))) == NULL) {
		rc = status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
		goto done;
	}
	memcpy(x->cosigned, kept, strlen(kept) + 1);
	for (size_t i = 0; i < n; i++) {
		if ((x->consistency[i].data = xb_alloc(b, MERKLE_HASH_LEN)) == NULL) {
			rc = status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
			goto done;
		}
		memcpy(x->consistency[i].data, proof[i], MERKLE_HASH_LEN);
		x->consistency[i].len = MERKLE_HASH_LEN;
		x->n_consistency = i + 1;
	}
	for (size_t i = 0; i < nkeys; i++) {
		if ((x->witness_keys[i] = xb_alloc(b, strlen(keys[i]) + 1)) == NULL) {
			rc = status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
			goto done;
		}
		memcpy(x->witness_keys[i], keys[i], strlen(keys[i]) + 1);
		x->n_witness_keys = i + 1;
	}
done:
	if (rc != 0 || x->n_witness_keys == 0) {
		x->cosigned = (char *)""; /* its parts are b's */
		x->n_consistency = 0;
		x->n_witness_keys = 0;
	}
	free(kept);
	free(note);
	store_user_list_free(users, nusers);
	return rc;
}

int
export_initiative(const struct act *a, uint64_t id, Sk__V1__InitiativeExport **out,
    struct sk_error *err)
{
	Sk__V1__InitiativeExport x = SK__V1__INITIATIVE_EXPORT__INIT;
	struct xb b = { .a = a, .id = id };
	InitiativeRec *r = NULL;
	CopyRec *copy = NULL;
	int rc;

	*out = NULL;
	if ((rc = initiative_load(a, id, &r, err)) != 0)
		return rc;
	if (!initiative_may_read_confidential(r, a->sc)) {
		rc = status_set(err, SK_PERMISSION_DENIED,
		    "an export holds initiative %" PRIu64 "'s whole record, its "
		    "confidential part too: only its authors and those who read that "
		    "part (clerk, council, head, the district's office) export it",
		    id);
		goto done;
	}
	if (r->decision_id == 0) {
		rc = status_set(err, SK_FAILED_PRECONDITION,
		    "initiative %" PRIu64 " has no recognition decision: only a "
		    "recognised and decided record is exported",
		    id);
		goto done;
	}
	if ((rc = xb_checkpoint(&b, &x, err)) != 0 ||
	    (rc = xb_history(&b, r, &x, err)) != 0 ||
	    (rc = xb_decision(&b, r, &x, err)) != 0 ||
	    (rc = xb_copy(&b, r, &x, &copy, err)) != 0 ||
	    (rc = xb_files(&b, r, copy, &x, err)) != 0 ||
	    (rc = xb_witness(&b, &x, err)) != 0)
		goto done;
	if ((*out = rec_clone(&x.base)) == NULL)
		rc = status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
done:
	xb_free(&b);
	store_rec_free(copy);
	store_rec_free(r);
	return rc;
}
