#include "receive.h"

#include <inttypes.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "date.h"
#include "files.h"
#include "names.h"
#include "note.h"
#include "round.h"
#include "sectors.h"
#include "sk.pb-c.h"
#include "tlog.h"
#include "workflow.h"

#define A(x) SK__V1__ACTION__##x
#define STAGE(x) SK__V1__FORWARD__STAGE__##x

/* ---- the other log ------------------------------------------------------------- */

static int
hosted_consistency(void *arg, uint64_t from, uint64_t to, merkle_hash *proof, size_t *n,
    struct sk_error *err)
{
	const struct act *a = arg;

	if (tlog_consistency(a->t, a->sc, from, to, proof, n) != 0)
		return status_set(err, SK_DATA_LOSS,
		    "the log cannot prove size %" PRIu64 " consistent with %" PRIu64,
		    from, to);
	return 0;
}

struct receive_log
receive_hosted(const struct act *a)
{
	struct receive_log l = { hosted_consistency, (void *)a };

	return l;
}

/* Body, size and root of a note signed by the source's pinned key. */
static int
checkpoint_read(const SourceRec *s, const char *note, char *origin, size_t osz,
    uint64_t *size, merkle_hash root, struct sk_error *err)
{
	char body[NOTE_MAX], want[160];
	struct sk_error verr = { 0 };
	size_t ol;

	if (note_verify(note, s->vkey, body, sizeof(body), &verr) != 0)
		return status_set(err, SK_UNAUTHENTICATED,
		    "the checkpoint of %s's log is not signed by its pinned key: %s",
		    s->code, verr.msg);
	if (checkpoint_parse(body, origin, osz, size, root) != 0)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "the checkpoint of %s's log is malformed", s->code);
	/* The origin names the unit: "<log name>/<code>". */
	snprintf(want, sizeof(want), "/%s", s->code);
	ol = strlen(origin);
	if (ol <= strlen(want) || strcmp(origin + ol - strlen(want), want) != 0)
		return status_set(err, SK_UNAUTHENTICATED,
		    "a checkpoint of \"%s\" is not of %s's log", origin, s->code);
	return 0;
}

/* "size 12 root 3fa0…" for messages: the root's first 16 hex digits, so
 * that a fork's message names both trees within an error's 256 bytes and
 * what sk peer status shows of it. */
static void
tree_name(uint64_t size, const merkle_hash root, char *buf, size_t sz)
{
	char hex[2 * MERKLE_HASH_LEN + 1];

	merkle_hex(root, hex);
	snprintf(buf, sz, "size %" PRIu64 " root %.16s…", size, hex);
}

int
receive_checkpoint(SourceRec *s, const char *note, const struct receive_log *log,
    struct receive_tree *tree, struct sk_error *err)
{
	char oorigin[256], t1[120], t2[120];
	const char *origin = tree->origin;
	merkle_hash oroot, proof[RECEIVE_PROOF_MAX];
	uint8_t *root = tree->root;
	uint64_t osize = 0, *size = &tree->size;
	size_t n = 0;
	bool same;
	int rc;

	if ((rc = checkpoint_read(s, note, tree->origin, sizeof(tree->origin), size, root,
	         err)) != 0)
		return rc;
	if (s->checkpoint[0] == '\0')
		return rec_set_str(&s->checkpoint, note) == 0 ?
		    0 :
		    status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	if ((rc = checkpoint_read(s, s->checkpoint, oorigin, sizeof(oorigin), &osize,
	         oroot, err)) != 0)
		return rc;
	if (strcmp(origin, oorigin) != 0)
		return status_set(err, SK_DATA_LOSS,
		    "%s's log changed its origin from \"%s\" to \"%s\"", s->code, oorigin,
		    origin);
	if (osize == *size)
		same = memcmp(oroot, root, MERKLE_HASH_LEN) == 0;
	else if ((rc = log->consistency(log->arg, osize < *size ? osize : *size,
	              osize < *size ? *size : osize, proof, &n, err)) != 0)
		return rc;
	else if (osize < *size)
		same = merkle_verify_consistency(osize, *size, oroot, root, proof, n);
	else
		same = merkle_verify_consistency(*size, osize, root, oroot, proof, n);
	if (!same) {
		tree_name(osize, oroot, t1, sizeof(t1));
		tree_name(*size, root, t2, sizeof(t2));
		return status_set(err, SK_DATA_LOSS,
		    "%s's log forked: the checkpoint seen before (%s) and this one "
		    "(%s) are not of one history",
		    s->code, t1, t2);
	}
	if (*size > osize && rec_set_str(&s->checkpoint, note) != 0)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	return 0;
}

/* What the act's unit has taken from unit id's log (code names it),
 * made (pinning vkey) when new. */
static int
source_load(const struct act *a, uint32_t id, const char *code, const char *vkey,
    SourceRec **out, struct sk_error *err)
{
	SourceRec s = SK__STORE__V1__SOURCE_REC__INIT;
	int rc = store_source_get(a->t, a->sc, id, out);

	if (rc == 0)
		return 0;
	if (rc != SK_NOT_FOUND)
		return status_set(err, rc, "cannot read what was taken from %s", code);
	if (vkey == NULL || vkey[0] == '\0')
		return status_set(err, SK_FAILED_PRECONDITION,
		    "no log key is pinned for %s", code);
	s.unit_id = id;
	s.code = (char *)code;
	s.vkey = (char *)vkey;
	s.next_export = 1;
	s.next_report = 1;
	if ((*out = rec_clone(&s.base)) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	return 0;
}

/* ---- a copy ----------------------------------------------------------------------- */

/* Is p an entry of the origin's log, in the tree (size, root), that
 * recognised or decided (as p->what says) initiative id? */
static int
proof_check(const EntryProofRec *p, const char *origin, uint64_t id, uint64_t size,
    const merkle_hash root, struct sk_error *err)
{
	const char *want = strcmp(p->what, "recognised") == 0 ? "initiative.recognise" :
	    strcmp(p->what, "decided") == 0                   ? "initiative.decide" :
	                                                        NULL;
	merkle_hash leaf, hashes[RECEIVE_PROOF_MAX];
	Sk__V1__LogEntry *e;
	char object[40];
	bool ok;

	if (want == NULL || p->n_hashes > RECEIVE_PROOF_MAX)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "a proof of \"%s\" is malformed", p->what);
	for (size_t i = 0; i < p->n_hashes; i++) {
		if (p->hashes[i].len != MERKLE_HASH_LEN)
			return status_set(err, SK_INVALID_ARGUMENT,
			    "a proof of \"%s\" is malformed", p->what);
		memcpy(hashes[i], p->hashes[i].data, MERKLE_HASH_LEN);
	}
	merkle_leaf(p->entry.data, p->entry.len, leaf);
	if (!merkle_verify_inclusion(p->index, size, leaf, hashes, p->n_hashes, root))
		return status_set(err, SK_DATA_LOSS,
		    "the entry that %s initiative %" PRIu64 " is not in its unit's log "
		    "(entry %" PRIu64 " of %" PRIu64 ")",
		    p->what, id, p->index, size);
	if ((e = sk__v1__log_entry__unpack(NULL, p->entry.len, p->entry.data)) == NULL)
		return status_set(err, SK_DATA_LOSS, "a proven entry does not decode");
	snprintf(object, sizeof(object), "initiative/%" PRIu64, id);
	ok = strcmp(e->origin, origin) == 0 && e->seq == p->index &&
	    strcmp(e->action, want) == 0 && strcmp(e->object, object) == 0;
	sk__v1__log_entry__free_unpacked(e, NULL);
	if (!ok)
		return status_set(err, SK_DATA_LOSS,
		    "entry %" PRIu64
		    " of the unit's log is not the one that %s initiative "
		    "%" PRIu64,
		    p->index, p->what, id);
	return 0;
}

/* The checkpoint of c verified against s, then every proof against it:
 * both steps of the recognition must be there. */
static int
copy_check(SourceRec *s, const CopyRec *c, const struct receive_log *log,
    struct sk_error *err)
{
	bool seen[2] = { false, false };
	struct receive_tree tr;
	int rc;

	if ((rc = receive_checkpoint(s, c->checkpoint, log, &tr, err)) != 0)
		return rc;
	for (size_t i = 0; i < c->n_proofs; i++) {
		if ((rc = proof_check(c->proofs[i], tr.origin, c->dossier->id, tr.size,
		         tr.root, err)) != 0)
			return rc;
		seen[strcmp(c->proofs[i]->what, "decided") == 0] = true;
	}
	if (!seen[0] || !seen[1])
		return status_set(err, SK_DATA_LOSS,
		    "the copy of initiative %" PRIu64 " lacks the proof of its %s",
		    c->dossier->id, seen[0] ? "decision" : "recognition");
	return 0;
}

/* The round that takes e: the one it was sent in if that took it on the
 * day it was sent, else the one open here today. */
static int
round_for(const struct act *up, const ExportRec *e, RoundRec **out, struct sk_error *err)
{
	if (e->round_id != 0 && store_round_get(up->t, up->sc, e->round_id, out) == 0) {
		if (round_open_on(*out, act_day(e->sent_at)))
			return 0;
		store_rec_free(*out);
		*out = NULL;
	}
	return round_current(up, out, err);
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
	/* A copy of a copy (the district's, going to the city) comes from
	 * the unit that sent it here, not from the one before. */
	store_rec_free(v->origin);
	store_rec_free(v->award);
	v->receipt = NULL, v->outcome = NULL, v->notice = NULL, v->forward = NULL;
	v->origin = NULL, v->award = NULL;
	v->published = false;
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

/* The copy as this level keeps it: e's, with where it comes from here. */
static int
copy_make(const struct act *up, const UnitRec *from, const ExportRec *e,
    const RoundRec *round, CopyRec **out, struct sk_error *err)
{
	const struct sectors *secs = up->terms != NULL ? up->terms->sectors : NULL;
	const struct sector *sec;
	CopyRec *c;
	int rc;

	if ((c = rec_clone(&e->copy->base)) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	if ((rc = store_seq_next(up->t, up->sc, SEQ_COPY, &c->id)) != 0) {
		store_rec_free(c);
		return status_set(err, rc, "cannot number the copy");
	}
	sec = sectors_find(secs, c->origin->sector);
	c->origin->unit_id = from->id;
	c->origin->copy_id = c->id;
	c->origin->round_id = round->id;
	c->origin->export_seq = e->seq;
	c->received_at = up->now;
	if (rec_set_str(&c->origin->unit_code, from->code) != 0 ||
	    rec_set_str(&c->origin->unit_name, from->name) != 0 ||
	    rec_set_str(&c->origin->office, sec != NULL ? sec->office : "") != 0) {
		store_rec_free(c);
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	}
	*out = c;
	return 0;
}

/* Keep c and its review, reached from e by its sequence. */
static int
copy_keep(const struct act *up, const UnitRec *from, const ExportRec *e, CopyRec *c,
    uint64_t old_review, struct sk_error *err)
{
	ReceivedRec got = SK__STORE__V1__RECEIVED_REC__INIT;
	InitiativeRec *review = NULL;
	char object[32], note[200];
	int rc;

	if ((rc = review_make(up, c, old_review, &review, err)) != 0)
		return rc;
	c->review_id = review->id;
	rc = files_attach_held(up, review->id, c->attachments, c->n_attachments, err);
	store_rec_free(review);
	if (rc != 0)
		return rc;
	snprintf(object, sizeof(object), "copy/%" PRIu64, c->id);
	snprintf(note, sizeof(note),
	    "%s, initiative %" PRIu64 ", version %u, export %" PRIu64, from->code,
	    c->origin->initiative_id, c->origin->version, e->seq);
	got.copy_id = c->id;
	if ((rc = store_copy_put(up->t, up->sc, c)) != 0 ||
	    (rc = store_received_put(up->t, up->sc, from->id, e->seq, &got)) != 0 ||
	    (rc = tlog_append(up->t, up->sc, "copy.receive", object, &c->base, note)) !=
	        0)
		return status_set(err, rc, "cannot store the copy");
	return 0;
}

/* The copy export seq of from became here, or 0. */
static int
received(const struct act *up, uint32_t from, uint64_t seq, uint64_t *copy_id)
{
	ReceivedRec *r = NULL;
	int rc = store_received_get(up->t, up->sc, from, seq, &r);

	*copy_id = rc == 0 ? r->copy_id : 0;
	store_rec_free(r);
	return rc == SK_NOT_FOUND ? 0 : rc;
}

int
receive_copy(const struct act *up, const UnitRec *from, const char *vkey,
    const ExportRec *e, const struct receive_log *log, uint64_t *copy_id,
    struct sk_error *err)
{
	const CopyRec *x = e->copy;
	SourceRec *s = NULL;
	RoundRec *round = NULL;
	CopyRec *c = NULL;
	uint64_t old_copy = 0, old_review = 0;
	int rc;

	if (x == NULL || x->origin == NULL || x->dossier == NULL || x->decision == NULL)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "export %" PRIu64 " of %s is incomplete", e->seq, from->code);
	if ((rc = received(up, from->id, e->seq, copy_id)) != 0)
		return status_set(err, rc, "cannot read what was taken from %s",
		    from->code);
	if (*copy_id != 0)
		return 0; /* taken before */
	if ((rc = source_load(up, from->id, from->code, vkey, &s, err)) != 0)
		return rc;
	if (e->seq != s->next_export) {
		rc = status_set(err, SK_FAILED_PRECONDITION,
		    "export %" PRIu64 " of %s: export %" PRIu64 " comes first", e->seq,
		    from->code, s->next_export);
		goto done;
	}
	if ((rc = copy_check(s, x, log, err)) != 0 ||
	    (rc = round_for(up, e, &round, err)) != 0)
		goto done;
	if (e->replaces != 0 &&
	    (rc = received(up, from->id, e->replaces, &old_copy)) != 0) {
		status_set(err, rc, "cannot read what was taken from %s", from->code);
		goto done;
	}
	if ((rc = supersede(up, old_copy, &old_review, err)) != 0 ||
	    (rc = copy_make(up, from, e, round, &c, err)) != 0 ||
	    (rc = copy_keep(up, from, e, c, old_review, err)) != 0)
		goto done;
	s->next_export = e->seq + 1;
	if ((rc = store_source_put(up->t, up->sc, s)) != 0) {
		status_set(err, rc, "cannot store what was taken from %s", from->code);
		goto done;
	}
	*copy_id = c->id;
done:
	store_rec_free(c);
	store_rec_free(round);
	store_rec_free(s);
	return rc;
}

/* ---- a report ------------------------------------------------------------------- */

/* The fields of result that a report sets on the unit's way up. */
static int
result_apply(ForwardRec *f, const ForwardRec *r, uint64_t copy_id)
{
	f->stage = r->stage;
	f->copy_id = copy_id;
	if (rec_set_str(&f->reason, r->reason) != 0 ||
	    rec_set_str(&f->decision_number, r->decision_number) != 0 ||
	    rec_set_str(&f->decision_signed_on, r->decision_signed_on) != 0 ||
	    rec_set_str(&f->result_on, r->result_on) != 0)
		return SK_RESOURCE_EXHAUSTED;
	return 0;
}

int
receive_report(const struct act *a, const ReportRec *r, struct sk_error *err)
{
	struct workflow_ctx c = { .a = a, .internal = true };
	InitiativeRec *u = NULL;
	int rc;

	if (r->result == NULL)
		return status_set(err, SK_INVALID_ARGUMENT, "report %" PRIu64 " is empty",
		    r->seq);
	if ((rc = store_initiative_get(a->t, a->sc, r->initiative_id, &u)) != 0)
		return status_set(err, rc, "cannot read initiative %" PRIu64,
		    r->initiative_id);
	if (u->forward == NULL || u->forward->export_seq != r->export_seq) {
		store_rec_free(u);
		return 0; /* about an export replaced meanwhile */
	}
	if ((rc = result_apply(u->forward, r->result, r->copy_id)) == 0) {
		u->version++;
		u->updated_at = a->now;
		if ((rc = store_initiative_put(a->t, a->sc, u)) == 0)
			rc = workflow_note(&c, u, A(REPORT), u->state, r->text);
	}
	store_rec_free(u);
	if (rc != 0)
		return status_set(err, rc,
		    "cannot record the result on initiative %" PRIu64, r->initiative_id);
	return 0;
}

/* ---- from the level above's server ------------------------------------------------ */

int
receive_rounds(const struct act *a, const char *code, const char *vkey,
    RoundRec *const *v, size_t n, struct sk_error *err)
{
	SourceRec *s = NULL;
	RoundRec **copy;
	int rc;

	if ((rc = source_load(a, RECEIVE_ABOVE, code, vkey, &s, err)) != 0)
		return rc;
	if ((copy = calloc(n + 1, sizeof(*copy))) == NULL) {
		store_rec_free(s);
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	}
	for (size_t i = 0; i < n; i++)
		if ((copy[i] = rec_clone(&v[i]->base)) == NULL)
			rc = status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	for (size_t i = 0; i < s->n_rounds; i++)
		store_rec_free(s->rounds[i]);
	free(s->rounds);
	s->rounds = copy;
	s->n_rounds = n;
	if (rc == 0 && (rc = store_source_put(a->t, a->sc, s)) != 0)
		status_set(err, rc, "cannot keep the rounds of %s", code);
	store_rec_free(s);
	return rc;
}

/* Is p the entry of the level above's log that reported r? */
static int
report_check(const ReportRec *r, const EntryProofRec *p, const struct receive_tree *tr,
    const char *me, struct sk_error *err)
{
	merkle_hash leaf, hashes[RECEIVE_PROOF_MAX];
	uint8_t want[MERKLE_HASH_LEN];
	Sk__V1__LogEntry *e;
	char object[40];
	uint8_t *packed;
	size_t len;
	bool ok;

	if (strcmp(r->to_code, me) != 0 || r->result == NULL)
		return status_set(err, SK_DATA_LOSS, "report %" PRIu64 " is not for %s",
		    r->seq, me);
	if (p->n_hashes > RECEIVE_PROOF_MAX || p->index != r->log_index)
		return status_set(err, SK_DATA_LOSS,
		    "the proof of report %" PRIu64 " is malformed", r->seq);
	for (size_t i = 0; i < p->n_hashes; i++) {
		if (p->hashes[i].len != MERKLE_HASH_LEN)
			return status_set(err, SK_DATA_LOSS,
			    "the proof of report %" PRIu64 " is malformed", r->seq);
		memcpy(hashes[i], p->hashes[i].data, MERKLE_HASH_LEN);
	}
	merkle_leaf(p->entry.data, p->entry.len, leaf);
	if (!merkle_verify_inclusion(p->index, tr->size, leaf, hashes, p->n_hashes,
	        tr->root))
		return status_set(err, SK_DATA_LOSS,
		    "report %" PRIu64 " is not in the log of the level above", r->seq);
	len = protobuf_c_message_get_packed_size(&r->base);
	if ((packed = malloc(len ? len : 1)) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	protobuf_c_message_pack(&r->base, packed);
	SHA256(packed, len, want);
	free(packed);
	if ((e = sk__v1__log_entry__unpack(NULL, p->entry.len, p->entry.data)) == NULL)
		return status_set(err, SK_DATA_LOSS, "a proven entry does not decode");
	snprintf(object, sizeof(object), "report/%" PRIu64, r->seq);
	ok = strcmp(e->origin, tr->origin) == 0 && e->seq == p->index &&
	    strcmp(e->action, "report.send") == 0 && strcmp(e->object, object) == 0 &&
	    e->object_hash.len == sizeof(want) &&
	    memcmp(e->object_hash.data, want, sizeof(want)) == 0;
	sk__v1__log_entry__free_unpacked(e, NULL);
	if (!ok)
		return status_set(err, SK_DATA_LOSS,
		    "entry %" PRIu64 " of the level above's log is not report %" PRIu64,
		    p->index, r->seq);
	return 0;
}

int
receive_reports(const struct act *a, const char *code, const char *vkey,
    const char *checkpoint, ReportRec *const *reps, EntryProofRec *const *proofs,
    size_t n, const struct receive_log *log, size_t *applied, struct sk_error *err)
{
	struct receive_tree tr;
	SourceRec *s = NULL;
	UnitRec *me = NULL;
	int rc;

	*applied = 0;
	if ((rc = store_unit_get(a->t, a->sc->tenant, &me)) != 0)
		return status_set(err, rc, "cannot read your unit");
	if ((rc = source_load(a, RECEIVE_ABOVE, code, vkey, &s, err)) != 0 ||
	    (rc = receive_checkpoint(s, checkpoint, log, &tr, err)) != 0)
		goto done;
	/* Reports are numbered by the level above across all the units below
	 * it: those to this unit have gaps (the others'), taken in order. */
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (reps[i]->seq < s->next_report)
			continue; /* taken before */
		if ((rc = report_check(reps[i], proofs[i], &tr, me->code, err)) != 0 ||
		    (rc = receive_report(a, reps[i], err)) != 0)
			break;
		s->next_report = reps[i]->seq + 1;
		(*applied)++;
	}
	if (rc == 0 && (rc = store_source_put(a->t, a->sc, s)) != 0)
		status_set(err, rc, "cannot keep what was taken from %s", code);
done:
	store_rec_free(s);
	store_rec_free(me);
	return rc;
}

int
receive_witness(const struct act *a, const UnitRec *from, const char *vkey,
    const char *note, const struct receive_log *log, struct sk_error *err)
{
	struct receive_tree tr;
	SourceRec *s = NULL;
	int rc;

	if ((rc = source_load(a, from->id, from->code, vkey, &s, err)) == 0 &&
	    (rc = receive_checkpoint(s, note, log, &tr, err)) == 0 &&
	    (rc = store_source_put(a->t, a->sc, s)) != 0)
		status_set(err, rc, "cannot keep what was seen of %s's log", from->code);
	store_rec_free(s);
	return rc;
}
