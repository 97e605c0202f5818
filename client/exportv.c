/*
 * exportv: a verifiable export, written and checked. The checks go from
 * the outside in: the file's framing, the signed checkpoint, each entry in
 * its tree, each stored record against its entry, the files' bytes, the
 * witnessed checkpoint; the first that fails is the verdict.
 */
#include "exportv.h"

#include <inttypes.h>
#include <openssl/sha.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPORTV_HEADER_MAX 512

static bool exportv_fail(struct exportv_report *rep, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Always false: the check stops here, saying why. */
static bool
exportv_fail(struct exportv_report *rep, const char *fmt, ...)
{
	va_list ap;

	rep->ok = false;
	va_start(ap, fmt);
	vsnprintf(rep->msg, sizeof(rep->msg), fmt, ap);
	va_end(ap);
	return false;
}

void
exportv_header(char *buf, size_t sz, uint64_t id, const char *origin)
{
	snprintf(buf, sz, "%s initiative %" PRIu64 " of %s\n", EXPORTV_MAGIC, id, origin);
}

/* The origin a checkpoint names (unverified: the writer trusts its server
 * for what it writes; the reader checks it). */
static int
origin_of(const char *note, char *origin, size_t osz)
{
	merkle_hash root;
	uint64_t size;

	return checkpoint_parse(note, origin, osz, &size, root);
}

int
exportv_bytes(const Sk__V1__InitiativeExport *x, uint8_t **out, size_t *len,
    struct sk_error *err)
{
	Sk__Store__V1__InitiativeRec *r;
	char head[EXPORTV_HEADER_MAX], origin[256];
	size_t hl, n;

	*out = NULL;
	r = sk__store__v1__initiative_rec__unpack(NULL, x->record.len, x->record.data);
	if (r == NULL || origin_of(x->checkpoint, origin, sizeof(origin)) != 0) {
		if (r != NULL)
			sk__store__v1__initiative_rec__free_unpacked(r, NULL);
		return status_set(err, SK_INVALID_ARGUMENT,
		    "the server's export has no readable record or checkpoint");
	}
	exportv_header(head, sizeof(head), r->id, origin);
	sk__store__v1__initiative_rec__free_unpacked(r, NULL);
	hl = strlen(head);
	n = protobuf_c_message_get_packed_size(&x->base);
	if ((*out = malloc(hl + n + 1)) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	memcpy(*out, head, hl);
	*len = hl + protobuf_c_message_pack(&x->base, *out + hl);
	return 0;
}

/* ---- proofs the file carries ---------------------------------------------------- */

/* A logv_source answering from the file: the inclusion proof of one entry,
 * or the consistency of the witnessed checkpoint with the checkpoint. */
struct exportv_src {
	const Sk__V1__EntryProof *p;
	const Sk__V1__InitiativeExport *x;
};

static int
hashes_copy(ProtobufCBinaryData *v, size_t n, merkle_hash **out, size_t *nout,
    struct sk_error *err)
{
	*out = NULL;
	*nout = 0;
	if (n > 0 && (*out = calloc(n, sizeof(**out))) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	for (size_t i = 0; i < n; i++)
		if (v[i].len == MERKLE_HASH_LEN) /* else zeros: it fails */
			memcpy((*out)[i], v[i].data, MERKLE_HASH_LEN);
	*nout = n;
	return 0;
}

static int
src_proof(void *arg, bool consistency, uint64_t x, uint64_t size, merkle_hash **hashes,
    size_t *n, struct sk_error *err)
{
	const struct exportv_src *s = arg;

	(void)size;
	if (consistency)
		return hashes_copy(s->x->consistency, s->x->n_consistency, hashes, n,
		    err);
	if (s->p == NULL || x != s->p->index)
		return status_set(err, SK_NOT_FOUND, "the file carries no such proof");
	return hashes_copy(s->p->hashes, s->p->n_hashes, hashes, n, err);
}

/* ---- the checks ---------------------------------------------------------------- */

/* Does m, or a message in it, hold a field its .proto does not name?
 * Packed again such a field comes back as it was, so a byte that turned
 * a known field into an unknown one would go unnoticed otherwise. */
static bool
has_unknown(const ProtobufCMessage *m)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;

	if (m->n_unknown_fields > 0)
		return true;
	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		const char *at = (const char *)m + f->offset;
		ProtobufCMessage *const *v;
		size_t n = 1;

		if (f->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			memcpy(&n, (const char *)m + f->quantifier_offset, sizeof(n));
			memcpy(&v, at, sizeof(v));
		} else
			v = (ProtobufCMessage *const *)(const void *)at;
		for (size_t k = 0; k < n; k++)
			if (v[k] != NULL && has_unknown(v[k]))
				return true;
	}
	return false;
}

/* The first line, the message decoded and packed again to the same bytes. */
static bool
check_framing(const uint8_t *data, size_t len, struct exportv_report *rep, size_t *body)
{
	const uint8_t *nl =
	    memchr(data, '\n', len < EXPORTV_HEADER_MAX ? len : EXPORTV_HEADER_MAX);
	size_t n, ml = strlen(EXPORTV_MAGIC);
	uint8_t *again;
	bool same;

	if (len < ml + 1 || memcmp(data, EXPORTV_MAGIC " ", ml + 1) != 0 || nl == NULL)
		return exportv_fail(rep,
		    "the file is not an export: its first line is not \"" EXPORTV_MAGIC
		    " initiative …\"");
	*body = (size_t)(nl - data) + 1;
	rep->x = sk__v1__initiative_export__unpack(NULL, len - *body, data + *body);
	if (rep->x == NULL)
		return exportv_fail(rep,
		    "the export does not decode as sk.v1.InitiativeExport: bytes were "
		    "changed");
	if (has_unknown(&rep->x->base))
		return exportv_fail(rep,
		    "the export holds a field sk.v1.InitiativeExport does not name: "
		    "bytes were changed");
	n = protobuf_c_message_get_packed_size(&rep->x->base);
	if (n != len - *body || (again = malloc(n ? n : 1)) == NULL)
		return exportv_fail(rep,
		    "the export is not as sk export wrote it: packed again it is %zu "
		    "bytes, not %zu (bytes were changed)",
		    n, len - *body);
	protobuf_c_message_pack(&rep->x->base, again);
	same = memcmp(again, data + *body, n) == 0;
	free(again);
	if (!same)
		return exportv_fail(rep,
		    "the export is not as sk export wrote it: packed again, its bytes "
		    "differ (bytes were changed)");
	return true;
}

/* The checkpoint under the pinned key, each of its lines under a key the
 * file or the caller gives. */
static bool
check_checkpoint(const char *log_key, struct exportv_report *rep)
{
	const Sk__V1__InitiativeExport *x = rep->x;
	struct logv_result res = { 0 };
	struct sk_error err = { 0 };

	if (logv_open(x->checkpoint, log_key, NULL, &rep->cp, &res) != LOGV_OK)
		return exportv_fail(rep, "the checkpoint: %s", res.msg);
	if (strlen(x->checkpoint) >= sizeof(rep->cp.note) ||
	    note_lines_verify(x->checkpoint, log_key,
	        (const char *const *)x->witness_keys, x->n_witness_keys, &err) != 0)
		return exportv_fail(rep, "the checkpoint: %s", err.msg);
	return true;
}

/* The record decoded, and the first line the one its content gives. */
static bool
check_header(const uint8_t *data, size_t body, struct exportv_report *rep)
{
	char want[EXPORTV_HEADER_MAX];
	const ProtobufCBinaryData *r = &rep->x->record;

	rep->rec = sk__store__v1__initiative_rec__unpack(NULL, r->len, r->data);
	if (rep->rec == NULL)
		return exportv_fail(rep,
		    "the record does not decode as sk.store.v1.InitiativeRec");
	exportv_header(want, sizeof(want), rep->rec->id, rep->cp.origin);
	if (strlen(want) != body || memcmp(want, data, body) != 0)
		return exportv_fail(rep,
		    "the first line does not say what the file holds: it should read "
		    "\"%.*s\"",
		    (int)strlen(want) - 1, want);
	return true;
}

/* p's entry in the checkpoint's tree, of its log, at its place, of action
 * on object; decoded into *out (the caller frees it). */
static bool
check_entry(const Sk__V1__EntryProof *p, const char *action, const char *object,
    const char *what, Sk__V1__LogEntry **out, struct exportv_report *rep)
{
	struct exportv_src s = { p, rep->x };
	struct logv_source src = { src_proof, &s };
	struct logv_result res = { 0 };
	struct sk_error err = { 0 };
	Sk__V1__LogEntry *e;

	*out = NULL;
	if (p == NULL)
		return exportv_fail(rep, "%s: the file carries no log entry for it",
		    what);
	if (logv_entry(&rep->cp, p->index, &p->entry, &src, &res, &err) != 0 ||
	    res.verdict != LOGV_OK)
		return exportv_fail(rep,
		    "%s: entry %" PRIu64 " is not in the signed tree", what, p->index);
	if ((e = sk__v1__log_entry__unpack(NULL, p->entry.len, p->entry.data)) == NULL)
		return exportv_fail(rep, "%s: entry %" PRIu64 " does not decode", what,
		    p->index);
	*out = e;
	if (strcmp(e->origin, rep->cp.origin) != 0 || e->seq != p->index)
		return exportv_fail(rep,
		    "%s: entry %" PRIu64 " names another log or place (%s, %" PRIu64 ")",
		    what, p->index, e->origin, e->seq);
	if (strcmp(e->action, p->what) != 0 ||
	    (action != NULL && strcmp(e->action, action) != 0) ||
	    strcmp(e->object, object) != 0)
		return exportv_fail(rep,
		    "%s: entry %" PRIu64 " is \"%s\" of %s, not %s%s of %s", what,
		    p->index, e->action, e->object, action != NULL ? action : "",
		    action != NULL ? "" : p->what, object);
	return true;
}

/* Does bytes hash to e's object_hash? */
static bool
holds(const Sk__V1__LogEntry *e, const ProtobufCBinaryData *bytes)
{
	uint8_t h[SHA256_DIGEST_LENGTH];

	SHA256(bytes->data, bytes->len, h);
	return e->object_hash.len == sizeof(h) &&
	    memcmp(e->object_hash.data, h, sizeof(h)) == 0;
}

/* The history: each entry in the tree, of this initiative, in order; the
 * record the state the last one logged; its recognition and decision. */
static bool
check_history(struct exportv_report *rep)
{
	const Sk__V1__InitiativeExport *x = rep->x;
	Sk__V1__LogEntry *e = NULL;
	char object[48], what[64];
	bool ok = true, held = false;

	snprintf(object, sizeof(object), "initiative/%" PRIu64, rep->rec->id);
	if (x->n_history == 0)
		return exportv_fail(rep, "the history: the file carries no entry of it");
	for (size_t i = 0; ok && i < x->n_history; i++) {
		const Sk__V1__EntryProof *p = x->history[i];

		snprintf(what, sizeof(what), "the history's entry %zu", i + 1);
		if (i > 0 && p->index <= x->history[i - 1]->index)
			ok = exportv_fail(rep, "%s: entries out of order", what);
		else if ((ok = check_entry(p, NULL, object, what, &e, rep)) &&
		    e != NULL) {
			rep->recognised = strcmp(e->action, "initiative.recognise") == 0 ?
			    p->index + 1 :
			    rep->recognised;
			rep->decided = strcmp(e->action, "initiative.decide") == 0 ?
			    p->index + 1 :
			    rep->decided;
			held = holds(e, &x->record);
			rep->last = p->index;
		}
		if (e != NULL)
			sk__v1__log_entry__free_unpacked(e, NULL);
		e = NULL;
	}
	if (!ok)
		return false;
	if (!held)
		return exportv_fail(rep,
		    "the record: its SHA-256 is not the object_hash of its last entry "
		    "(%" PRIu64 "): it is not the state the log holds",
		    rep->last);
	if (rep->recognised == 0 || rep->decided == 0 || rep->rec->decision_id == 0)
		return exportv_fail(rep, "the history: no entry %s initiative %" PRIu64,
		    rep->recognised == 0 ? "recognised" : "decided", rep->rec->id);
	return true;
}

/* A stored record and its entry: in the tree, of action on object, its
 * SHA-256 the entry's object_hash. */
static bool
check_proven(const Sk__V1__ProvenRecord *p, const char *action, const char *object,
    const char *what, struct exportv_report *rep)
{
	Sk__V1__LogEntry *e = NULL;
	bool ok;

	if (p == NULL)
		return exportv_fail(rep, "%s: the file does not carry it", what);
	ok = check_entry(p->proof, action, object, what, &e, rep);
	if (ok && e != NULL && !holds(e, &p->record))
		ok = exportv_fail(rep,
		    "%s: its SHA-256 is not the object_hash of entry %" PRIu64, what,
		    p->proof->index);
	if (e != NULL)
		sk__v1__log_entry__free_unpacked(e, NULL);
	return ok;
}

static bool
names(const uint64_t *v, size_t n, uint64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == id)
			return true;
	return false;
}

/* The decision that named it, and each author's certificate of it. */
static bool
check_decision(struct exportv_report *rep)
{
	const Sk__V1__InitiativeExport *x = rep->x;
	const Sk__Store__V1__InitiativeRec *r = rep->rec;
	char object[48], what[64];

	snprintf(object, sizeof(object), "decision/%" PRIu64, r->decision_id);
	if (!check_proven(x->decision, "decision.issue", object, "the decision", rep))
		return false;
	rep->decision = sk__store__v1__decision_rec__unpack(NULL, x->decision->record.len,
	    x->decision->record.data);
	if (rep->decision == NULL || rep->decision->id != r->decision_id ||
	    !names(rep->decision->initiative_ids, rep->decision->n_initiative_ids, r->id))
		return exportv_fail(rep,
		    "the decision: it is not decision %" PRIu64 " naming initiative "
		    "%" PRIu64,
		    r->decision_id, r->id);
	for (size_t i = 0; i < x->n_certificates; i++) {
		const Sk__V1__ProvenRecord *p = x->certificates[i];
		Sk__Store__V1__CertificateRec *c =
		    sk__store__v1__certificate_rec__unpack(NULL, p->record.len,
		        p->record.data);
		bool ok;

		snprintf(what, sizeof(what), "certificate %zu", i + 1);
		snprintf(object, sizeof(object), "certificate/%" PRIu64,
		    c != NULL ? c->id : 0);
		ok = c != NULL && c->initiative_id == r->id &&
		    c->decision_id == r->decision_id;
		if (c != NULL)
			sk__store__v1__certificate_rec__free_unpacked(c, NULL);
		if (!ok)
			return exportv_fail(rep,
			    "%s: not one of this initiative's decision", what);
		if (!check_proven(p, "certificate.issue", object, what, rep))
			return false;
	}
	return true;
}

/* At a receiving level, the copy the record reviews; *out (or NULL). */
static bool
check_copy(struct exportv_report *rep, Sk__Store__V1__CopyRec **out)
{
	const Sk__V1__InitiativeExport *x = rep->x;
	const Sk__Store__V1__OriginRec *o = rep->rec->origin;
	char object[48];

	*out = NULL;
	if (x->copy == NULL)
		return true;
	if (o == NULL || o->copy_id == 0)
		return exportv_fail(rep, "the copy: the record reviews no copy");
	snprintf(object, sizeof(object), "copy/%" PRIu64, o->copy_id);
	if (!check_proven(x->copy, "copy.receive", object, "the copy", rep))
		return false;
	*out = sk__store__v1__copy_rec__unpack(NULL, x->copy->record.len,
	    x->copy->record.data);
	if (*out == NULL || (*out)->id != o->copy_id || (*out)->review_id != rep->rec->id)
		return exportv_fail(rep,
		    "the copy: it is not copy %" PRIu64 " of this record", o->copy_id);
	return true;
}

/* Is bytes the stored form of an attachment the copy came with? */
static bool
copy_carries(const Sk__Store__V1__CopyRec *c, const ProtobufCBinaryData *bytes)
{
	bool same = false;

	for (size_t i = 0; c != NULL && i < c->n_attachments && !same; i++) {
		Sk__Store__V1__AttachmentRec a = *c->attachments[i];
		size_t n;
		uint8_t *buf;

		a.complete = true; /* so it is stored where the copy is kept */
		n = protobuf_c_message_get_packed_size(&a.base);
		if (n != bytes->len || (buf = malloc(n ? n : 1)) == NULL)
			continue;
		protobuf_c_message_pack(&a.base, buf);
		same = memcmp(buf, bytes->data, n) == 0;
		free(buf);
	}
	return same;
}

/* One file: its record proven, its bytes (if there) its SHA-256's. */
static bool
check_file(const Sk__V1__ExportFile *f, size_t i, const Sk__Store__V1__CopyRec *copy,
    struct exportv_report *rep)
{
	const Sk__V1__ProvenRecord *p = f->attachment;
	Sk__Store__V1__AttachmentRec *a = NULL;
	uint8_t h[SHA256_DIGEST_LENGTH];
	char object[48], what[300];
	bool ok = true;

	snprintf(what, sizeof(what), "file %zu", i + 1);
	if (p == NULL ||
	    (a = sk__store__v1__attachment_rec__unpack(NULL, p->record.len,
	         p->record.data)) == NULL)
		return exportv_fail(rep, "%s: its record is missing or does not decode",
		    what);
	snprintf(what, sizeof(what), "file %zu (%s)", i + 1, a->name);
	snprintf(object, sizeof(object), "initiative/%" PRIu64, rep->rec->id);
	if (p->proof != NULL)
		ok = check_proven(p, "attachment.add", object, what, rep);
	else if (!copy_carries(copy, &p->record))
		ok = exportv_fail(rep,
		    "%s: no entry proves it, and it is none of the copy's files", what);
	if (ok && a->sha256.len != SHA256_DIGEST_LENGTH)
		ok = exportv_fail(rep, "%s: it has no SHA-256", what);
	if (ok && f->data.len > 0) {
		SHA256(f->data.data, f->data.len, h);
		if (f->data.len != a->size || memcmp(h, a->sha256.data, sizeof(h)) != 0)
			ok = exportv_fail(rep,
			    "%s: its bytes do not match its SHA-256 and size", what);
		rep->files_with_bytes++;
	}
	sk__store__v1__attachment_rec__free_unpacked(a, NULL);
	return ok;
}

static bool
check_files(struct exportv_report *rep)
{
	Sk__Store__V1__CopyRec *copy = NULL;
	bool ok = check_copy(rep, &copy);

	for (size_t i = 0; ok && i < rep->x->n_files; i++)
		ok = check_file(rep->x->files[i], i, copy, rep);
	if (copy != NULL)
		sk__store__v1__copy_rec__free_unpacked(copy, NULL);
	return ok;
}

/* Is k a witness key written as keys are written (its id in lowercase
 * hex: an id in capitals names the same key, so would let a byte change
 * unnoticed)? */
static bool
key_canonical(const char *k)
{
	const char *id = strchr(k, '+');
	char name[257];

	return note_cosig_vkey_check(k, name, sizeof(name)) == 0 && id != NULL &&
	    strspn(id + 1, "0123456789abcdef") == 8 && id[9] == '+';
}

/* The witnessed checkpoint: of this log, a prefix of the checkpoint's
 * tree, each line under the log key or a witness key it names, each of
 * which cosigned it. */
static bool
check_cosigned(const char *log_key, struct exportv_report *rep)
{
	static struct logv_checkpoint w; /* a signed note: not on the stack */
	const Sk__V1__InitiativeExport *x = rep->x;
	struct logv_result res = { 0 };
	struct sk_error err = { 0 };
	merkle_hash *proof = NULL;
	size_t n = 0;
	int64_t t;
	bool ok;

	if (x->cosigned[0] == '\0')
		return x->n_consistency == 0 && x->n_witness_keys == 0 ?
		    true :
		    exportv_fail(rep,
		        "the witness: keys or a proof without a checkpoint");
	if (logv_open(x->cosigned, log_key, NULL, &w, &res) != LOGV_OK)
		return exportv_fail(rep, "the witnessed checkpoint: %s", res.msg);
	if (strcmp(w.origin, rep->cp.origin) != 0 || w.size > rep->cp.size)
		return exportv_fail(rep,
		    "the witnessed checkpoint: it is of %s at size %" PRIu64
		    ", not a prefix of the checkpoint",
		    w.origin, w.size);
	if (hashes_copy(x->consistency, x->n_consistency, &proof, &n, &err) != 0)
		return exportv_fail(rep, "%s", err.msg);
	ok = w.size == rep->cp.size ?
	    n == 0 && memcmp(w.root, rep->cp.root, MERKLE_HASH_LEN) == 0 :
	    merkle_verify_consistency(w.size, rep->cp.size, w.root, rep->cp.root, proof,
	        n);
	free(proof);
	if (!ok)
		return exportv_fail(rep,
		    "the witnessed checkpoint: its tree is not a prefix of the "
		    "checkpoint's by the proof the file carries");
	if (x->n_witness_keys == 0 || strlen(x->cosigned) >= NOTE_MAX ||
	    note_lines_verify(x->cosigned, log_key, (const char *const *)x->witness_keys,
	        x->n_witness_keys, &err) != 0)
		return exportv_fail(rep, "the witnessed checkpoint: %s",
		    x->n_witness_keys == 0 ? "no witness key is named" : err.msg);
	for (size_t i = 0; i < x->n_witness_keys; i++) {
		if (!key_canonical(x->witness_keys[i]))
			return exportv_fail(rep,
			    "the witnessed checkpoint: witness key %zu is not one",
			    i + 1);
		if (note_cosig_verify(x->cosigned, x->witness_keys[i], &t, &err) != 0)
			return exportv_fail(rep, "the witnessed checkpoint: %s", err.msg);
	}
	return true;
}

/* The witness of wkey cosigned a checkpoint the file's extends. */
static bool
check_witness(const char *log_key, const char *wkey, struct exportv_report *rep)
{
	const Sk__V1__InitiativeExport *x = rep->x;
	struct exportv_src s = { NULL, x };
	struct logv_source src = { src_proof, &s };
	struct logv_result res = { 0 };
	struct sk_error err = { 0 };

	if (logv_witnessed(&rep->cp, x->cosigned, log_key, wkey, &src, &rep->witnessed_at,
	        &res, &err) != 0)
		return exportv_fail(rep, "the witness: %s", err.msg);
	if (res.verdict != LOGV_OK)
		return exportv_fail(rep, "the witness: %s", res.msg);
	snprintf(rep->witness, sizeof(rep->witness), "%.*s", (int)strcspn(wkey, "+"),
	    wkey);
	return true;
}

int
exportv_check(const uint8_t *data, size_t len, const char *log_key,
    const char *witness_key, struct exportv_report *rep, struct sk_error *err)
{
	size_t body = 0;

	(void)err;
	memset(rep, 0, sizeof(*rep));
	rep->ok = check_framing(data, len, rep, &body) &&
	    check_checkpoint(log_key, rep) && check_header(data, body, rep) &&
	    check_history(rep) && check_decision(rep) && check_files(rep) &&
	    check_cosigned(log_key, rep) &&
	    (witness_key == NULL || witness_key[0] == '\0' ||
	        check_witness(log_key, witness_key, rep));
	return 0;
}

void
exportv_report_free(struct exportv_report *rep)
{
	if (rep->x != NULL)
		sk__v1__initiative_export__free_unpacked(rep->x, NULL);
	if (rep->rec != NULL)
		sk__store__v1__initiative_rec__free_unpacked(rep->rec, NULL);
	if (rep->decision != NULL)
		sk__store__v1__decision_rec__free_unpacked(rep->decision, NULL);
	rep->x = NULL;
	rep->rec = NULL;
	rep->decision = NULL;
}
