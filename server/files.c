#include "files.h"

#include <inttypes.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "author.h"
#include "convert.h"
#include "initiative.h"
#include "names.h"
#include "sha256.h"
#include "text.h"
#include "tlog.h"
#include "validate.h"
#include "workflow.h"

#define SHA STORE_SHA_LEN

int
files_check(const UploadRec *in, struct sk_error *err)
{
	if (in->sha256.len != SHA)
		return status_set(err, SK_INVALID_ARGUMENT, "sha256: must be 32 bytes");
	if (validate_name("name", in->name, err) != 0)
		return err->code;
	if (strchr(in->name, '/') != NULL || strchr(in->media_type, '/') == NULL ||
	    strlen(in->media_type) > 100 || text_has_control(in->media_type, NULL))
		return status_set(err, SK_INVALID_ARGUMENT,
		    "name must not contain '/'; media_type is like \"application/pdf\"");
	if (in->size == 0 || in->size > FILES_SIZE_MAX)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "size: a file has 1 byte to %" PRIu64 " MiB", FILES_SIZE_MAX >> 20);
	return 0;
}

/* The initiative, which the caller may attach files to now. */
static int
attach_target(const struct act *a, uint64_t id, struct sk_error *err)
{
	InitiativeRec *r = NULL;
	int rc;

	if ((rc = initiative_load(a, id, &r, err)) != 0)
		return rc;
	if (!author_is(r, a->sc->login))
		rc = status_set(err, SK_PERMISSION_DENIED,
		    "only the authors of initiative %" PRIu64 " can attach files", id);
	else if (!workflow_editable(r->state) &&
	    (r->forward == NULL || r->forward->stage != SK__V1__FORWARD__STAGE__ASKED))
		rc = status_set(err, SK_FAILED_PRECONDITION,
		    "initiative %" PRIu64
		    " is in state \"%s\"; files are attached while it is edited, "
		    "or completed for the level above",
		    id, state_name(r->state));
	store_rec_free(r);
	return rc;
}

/* The unit's checked copy of these bytes: 0, NOT_FOUND, or an error. A
 * record left unfinished by an older server counts as none. */
static int
blob_find(const struct act *a, const uint8_t *sha, BlobRec **b)
{
	int rc = store_blob_get(a->t, a->sc, sha, b);

	if (rc == 0 && !(*b)->complete) {
		store_rec_free(*b);
		*b = NULL;
		rc = SK_NOT_FOUND;
	}
	return rc;
}

/* Chunk i of a checked file, wherever its bytes were stored. */
static int
blob_chunk(const struct act *a, const BlobRec *b, uint32_t i, const void **data,
    size_t *len)
{
	if (b->upload != 0)
		return store_part_get(a->t, a->sc, b->upload, i, data, len);
	return store_chunk_get(a->t, a->sc, b->sha256.data, i, data, len);
}

/* Drop the parts of an upload of size bytes, and what they count. */
static int
upload_release(struct store_txn *t, const struct scope *sc, uint64_t upload,
    uint64_t size)
{
	int rc = store_part_del_all(t, sc, upload);

	return rc != 0 ? rc : store_seq_add(t, sc, SEQ_FILE_BYTES, -(int64_t)size, NULL);
}

/* Forget an upload of initiative id; its parts too unless keep_parts. */
static int
upload_drop(struct store_txn *t, const struct scope *sc, uint64_t id, const UploadRec *up,
    bool keep_parts)
{
	int rc;

	if ((rc = store_upload_del(t, sc, id, up->sha256.data)) != 0)
		return rc;
	return keep_parts ? 0 : upload_release(t, sc, up->id, up->size);
}

/*
 * Count delta more bytes of files for the unit, refusing growth past
 * unit_files_max: in a hosted district one unit must not fill the store
 * for all. Uploads count from their start, so none fails half-way.
 */
static int
quota_take(const struct act *a, int64_t delta, struct sk_error *err)
{
	uint64_t used, max = a->terms->unit_files_max;
	int rc;

	if ((rc = store_seq_get(a->t, a->sc, SEQ_FILE_BYTES, &used)) != 0)
		return status_set(err, rc, "cannot read the unit's storage use");
	if (delta > 0 && used + (uint64_t)delta > max)
		return status_set(err, SK_RESOURCE_EXHAUSTED,
		    "your unit's files would take %.2f of the %.2f MiB it may hold "
		    "(unit_files_max)",
		    (double)(used + (uint64_t)delta) / (1 << 20),
		    (double)max / (1 << 20));
	if ((rc = store_seq_add(a->t, a->sc, SEQ_FILE_BYTES, delta, NULL)) != 0)
		return status_set(err, rc, "cannot count the unit's storage use");
	return 0;
}

struct upload_count {
	const char *login;
	size_t n;
};

static int
count_cb(uint64_t initiative, void *rec, void *arg)
{
	struct upload_count *c = arg;
	UploadRec *up = rec;

	(void)initiative;
	c->n += strcmp(up->started_by, c->login) == 0;
	store_rec_free(up);
	return 0;
}

/* Unfinished uploads the caller began in their unit. Counted per user, as
 * each one holds its size of the unit's allowance until it ends. */
static int
upload_count(const struct act *a, size_t *n)
{
	struct upload_count c = { a->sc->login, 0 };
	int rc = store_upload_scan(a->t, a->sc, count_cb, &c);

	*n = c.n;
	return rc;
}

static void
progress(struct files_progress *p, uint64_t received, uint64_t size)
{
	p->received = received;
	p->size = size;
	p->chunk_size = FILES_CHUNK;
	p->complete = received == size;
}

/* List checked bytes under initiative id, once, in the decision log too. */
static int
attachment_add(const struct act *a, uint64_t id, const UploadRec *up,
    struct sk_error *err)
{
	AttachmentRec at = SK__STORE__V1__ATTACHMENT_REC__INIT, *old = NULL;
	char object[40];
	int rc;

	if (store_attachment_get(a->t, a->sc, id, up->sha256.data, &old) == 0 &&
	    old->complete) {
		store_rec_free(old); /* the same file, attached before */
		return 0;
	}
	store_rec_free(old);
	at.sha256 = up->sha256;
	at.name = up->name;
	at.media_type = up->media_type;
	at.size = up->size;
	at.added_at = a->now;
	at.added_by = up->started_by;
	at.complete = true;
	snprintf(object, sizeof(object), "initiative/%" PRIu64, id);
	if ((rc = store_attachment_put(a->t, a->sc, id, &at)) != 0 ||
	    (rc = tlog_append(a->t, a->sc, "attachment.add", object, &at.base,
	         at.name)) != 0)
		return status_set(err, rc, "cannot store the attachment");
	return 0;
}

/* The unit has these bytes already: attach them, drop any upload of them. */
static int
begin_known(const struct act *a, uint64_t id, const UploadRec *in, const BlobRec *b,
    struct files_progress *p, struct sk_error *err)
{
	UploadRec *up = NULL;
	int rc;

	if (b->size != in->size)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "size: a file with this sha256 has %" PRIu64 " bytes, not %" PRIu64,
		    b->size, in->size);
	if (store_upload_get(a->t, a->sc, id, in->sha256.data, &up) == 0) {
		rc = upload_drop(a->t, a->sc, id, up, false);
		store_rec_free(up);
		if (rc != 0)
			return status_set(err, rc, "cannot drop the upload");
	}
	if ((rc = attachment_add(a, id, in, err)) != 0)
		return rc;
	progress(p, b->size, b->size);
	return 0;
}

/* A new upload of in's bytes: counted against the user's and the unit's
 * allowances from its start. */
static int
upload_new(const struct act *a, const UploadRec *in, UploadRec **up, struct sk_error *err)
{
	size_t pending;
	int rc;

	if ((rc = upload_count(a, &pending)) != 0)
		return status_set(err, rc, "cannot read the uploads");
	if (pending >= FILES_PENDING_MAX)
		return status_set(err, SK_RESOURCE_EXHAUSTED,
		    "you have %zu unfinished uploads; finish them first (or they are "
		    "dropped after upload_days)",
		    pending);
	if ((rc = quota_take(a, (int64_t)in->size, err)) != 0)
		return rc;
	if ((*up = rec_clone(&in->base)) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	if ((rc = store_seq_next(a->t, a->sc, SEQ_UPLOAD, &(*up)->id)) != 0)
		return status_set(err, rc, "cannot store the upload");
	return 0;
}

/* Resume the upload of these bytes to this initiative, or start one. */
static int
begin_upload(const struct act *a, uint64_t id, const UploadRec *in,
    struct files_progress *p, struct sk_error *err)
{
	UploadRec *up = NULL;
	int rc;

	rc = store_upload_get(a->t, a->sc, id, in->sha256.data, &up);
	if (rc == SK_NOT_FOUND) {
		if ((rc = upload_new(a, in, &up, err)) != 0)
			goto done;
	} else if (rc != 0) {
		status_set(err, rc, "cannot read the upload");
		goto done;
	} else if (up->size != in->size) {
		/* A co-author begins the same bytes with another size: one of
		 * them is wrong, and only the hash check can tell. Start over. */
		if ((rc = quota_take(a, (int64_t)in->size - (int64_t)up->size, err)) != 0)
			goto done;
		if ((rc = store_part_del_all(a->t, a->sc, up->id)) != 0) {
			status_set(err, rc, "cannot store the upload");
			goto done;
		}
		up->size = in->size;
		up->received = 0;
	}
	up->updated_at = a->now;
	if ((rc = store_upload_put(a->t, a->sc, id, up)) != 0) {
		status_set(err, rc, "cannot store the upload");
		goto done;
	}
	progress(p, up->received, up->size);
done:
	store_rec_free(up);
	return rc;
}

int
files_begin(const struct act *a, uint64_t id, const UploadRec *in,
    struct files_progress *p, struct sk_error *err)
{
	UploadRec u = SK__STORE__V1__UPLOAD_REC__INIT;
	BlobRec *b = NULL;
	int rc;

	memset(p, 0, sizeof(*p));
	if ((rc = attach_target(a, id, err)) != 0)
		return rc;
	/* What the caller describes; where the upload stands is the server's. */
	u.sha256 = in->sha256;
	u.name = in->name;
	u.media_type = in->media_type;
	u.size = in->size;
	u.started_at = a->now;
	u.started_by = (char *)a->sc->login;
	rc = blob_find(a, in->sha256.data, &b);
	if (rc == 0)
		rc = begin_known(a, id, &u, b, p, err);
	else if (rc == SK_NOT_FOUND)
		rc = begin_upload(a, id, &u, p, err);
	else
		status_set(err, rc, "cannot read the stored files");
	store_rec_free(b);
	return rc;
}

/* Why a chunk has no upload to go to. */
static int
upload_missing(const struct act *a, uint64_t id, const uint8_t *sha, int rc,
    struct sk_error *err)
{
	AttachmentRec *at = NULL;

	if (rc != SK_NOT_FOUND)
		return status_set(err, rc, "cannot read the upload");
	if (store_attachment_get(a->t, a->sc, id, sha, &at) == 0) {
		store_rec_free(at);
		return status_set(err, SK_FAILED_PRECONDITION,
		    "chunk out of order: the file is complete and attached");
	}
	return status_set(err, SK_NOT_FOUND,
	    "no upload of that sha256 was begun for this initiative (or it expired)");
}

int
files_chunk(const struct act *a, uint64_t id, const uint8_t sha[SHA], uint64_t offset,
    const void *data, size_t len, struct files_progress *p, struct sk_error *err)
{
	UploadRec *up = NULL;
	uint64_t want;
	int rc;

	memset(p, 0, sizeof(*p));
	if ((rc = attach_target(a, id, err)) != 0)
		return rc;
	if ((rc = store_upload_get(a->t, a->sc, id, sha, &up)) != 0)
		return upload_missing(a, id, sha, rc, err);
	if (offset != up->received || up->received == up->size) {
		rc = status_set(err, SK_FAILED_PRECONDITION,
		    "chunk out of order: the server has %" PRIu64 " of %" PRIu64
		    " bytes, this chunk starts at %" PRIu64,
		    up->received, up->size, offset);
		goto done;
	}
	want =
	    up->size - up->received < FILES_CHUNK ? up->size - up->received : FILES_CHUNK;
	if (len != want) {
		rc = status_set(err, SK_INVALID_ARGUMENT,
		    "data: a chunk at %" PRIu64 " has %" PRIu64 " bytes, not %zu", offset,
		    want, len);
		goto done;
	}
	up->received += want;
	up->updated_at = a->now;
	if ((rc = store_part_put(a->t, a->sc, up->id, (uint32_t)(offset / FILES_CHUNK),
	         data, len)) != 0 ||
	    (rc = store_upload_put(a->t, a->sc, id, up)) != 0) {
		status_set(err, rc, "cannot store the chunk");
		goto done;
	}
	progress(p, up->received, up->size);
done:
	store_rec_free(up);
	return rc;
}

/* SHA-256 of the parts of up. */
static int
upload_hash(const struct act *a, const UploadRec *up, uint8_t out[SHA])
{
	struct sha256 *h = sha256_new();
	const void *data;
	size_t len;
	int rc = 0;

	if (h == NULL)
		return SK_RESOURCE_EXHAUSTED;
	for (uint32_t i = 0; (uint64_t)i * FILES_CHUNK < up->size && rc == 0; i++)
		if ((rc = store_part_get(a->t, a->sc, up->id, i, &data, &len)) == 0)
			sha256_add(h, data, len);
	if (rc != 0) {
		sha256_free(h);
		return rc;
	}
	return sha256_end(h, out) == 0 ? 0 : SK_INTERNAL;
}

/* The parts of up become the unit's checked copy, unless it has one. */
static int
blob_keep(const struct act *a, const UploadRec *up)
{
	BlobRec nb = SK__STORE__V1__BLOB_REC__INIT, *b = NULL;
	int rc = blob_find(a, up->sha256.data, &b);

	store_rec_free(b);
	if (rc == 0) /* finished meanwhile for another initiative */
		return upload_release(a->t, a->sc, up->id, up->size);
	if (rc != SK_NOT_FOUND)
		return rc;
	nb.sha256 = up->sha256;
	nb.size = up->size;
	nb.received = up->size;
	nb.complete = true;
	nb.upload = up->id;
	return store_blob_put(a->t, a->sc, &nb);
}

/* The bytes did not match their hash: drop them, keep the refusal. */
static int
finish_mismatch(const struct act *a, uint64_t id, const UploadRec *up,
    const uint8_t got[SHA], struct sk_error *err)
{
	char want_hex[17], got_hex[17];
	int rc;

	if ((rc = upload_drop(a->t, a->sc, id, up, false)) != 0)
		return status_set(err, rc, "cannot discard the upload");
	sha256_hex(up->sha256.data, 8, want_hex);
	sha256_hex(got, 8, got_hex);
	/* Returning 0 commits the discard; the reply is still the refusal. */
	status_set(err, SK_DATA_LOSS,
	    "the bytes do not match their sha256 (%s…, got %s…); the upload was "
	    "discarded",
	    want_hex, got_hex);
	return 0;
}

/* Finishing what is attached already answers with it (a retried finish). */
static int
finish_again(const struct act *a, uint64_t id, const uint8_t *sha, AttachmentRec **out,
    struct sk_error *err)
{
	int rc = store_attachment_get(a->t, a->sc, id, sha, out);

	if (rc == SK_NOT_FOUND)
		return status_set(err, rc,
		    "no upload of that sha256 for this initiative (or it expired)");
	if (rc != 0)
		return status_set(err, rc, "cannot read the attachment");
	return 0;
}

int
files_finish(const struct act *a, uint64_t id, const uint8_t sha[SHA],
    AttachmentRec **out, struct sk_error *err)
{
	UploadRec *up = NULL;
	uint8_t got[SHA];
	int rc;

	*out = NULL;
	if ((rc = attach_target(a, id, err)) != 0)
		return rc;
	rc = store_upload_get(a->t, a->sc, id, sha, &up);
	if (rc == SK_NOT_FOUND)
		return finish_again(a, id, sha, out, err);
	if (rc != 0)
		return status_set(err, rc, "cannot read the upload");
	if (up->received != up->size) {
		rc = status_set(err, SK_FAILED_PRECONDITION,
		    "upload incomplete: %" PRIu64 " of %" PRIu64 " bytes", up->received,
		    up->size);
		goto done;
	}
	if ((rc = upload_hash(a, up, got)) != 0) {
		status_set(err, rc, "cannot read the chunks");
		goto done;
	}
	if (CRYPTO_memcmp(got, up->sha256.data, SHA) != 0) {
		rc = finish_mismatch(a, id, up, got, err);
		goto done;
	}
	if ((rc = blob_keep(a, up)) != 0 ||
	    (rc = upload_drop(a->t, a->sc, id, up, true)) != 0) {
		status_set(err, rc, "cannot store the file");
		goto done;
	}
	if ((rc = attachment_add(a, id, up, err)) == 0)
		rc = finish_again(a, id, up->sha256.data, out, err);
done:
	store_rec_free(up);
	return rc;
}

static int
list_cb(uint64_t initiative, void *rec, void *arg)
{
	AttachmentRec *at = rec;

	(void)initiative;
	if (!at->complete) {
		store_rec_free(at);
		return 0;
	}
	return recs_push(arg, at);
}

int
files_list(const struct act *a, uint64_t id, struct recs *out, struct sk_error *err)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = initiative_check(a, id, err)) != 0)
		return rc;
	if (store_attachment_scan(a->t, a->sc, id, list_cb, out) != 0) {
		recs_free(out);
		return status_set(err, SK_UNAVAILABLE, "cannot read the attachments");
	}
	return 0;
}

int
files_read(const struct act *a, uint64_t id, const uint8_t sha[SHA], uint64_t offset,
    const void **data, size_t *len, uint64_t *size, struct sk_error *err)
{
	AttachmentRec *at = NULL;
	BlobRec *b = NULL;
	size_t skip = (size_t)(offset % FILES_CHUNK);
	int rc;

	/* Only files attached to this initiative, and only complete ones. */
	if (store_attachment_get(a->t, a->sc, id, sha, &at) != 0 || !at->complete)
		rc = status_set(err, SK_NOT_FOUND,
		    "no such attachment of initiative %" PRIu64, id);
	else if (offset >= at->size)
		rc = status_set(err, SK_OUT_OF_RANGE,
		    "offset: past the end (%" PRIu64 " bytes)", at->size);
	else if (blob_find(a, sha, &b) != 0 ||
	    blob_chunk(a, b, (uint32_t)(offset / FILES_CHUNK), data, len) != 0 ||
	    skip >= *len)
		rc = status_set(err, SK_DATA_LOSS, "a chunk of this file is missing");
	else {
		*data = (const uint8_t *)*data + skip;
		*len -= skip;
		*size = at->size;
		rc = 0;
	}
	store_rec_free(at);
	store_rec_free(b);
	return rc;
}

/* ---- copies to the level above ------------------------------------------------ */

/* The bytes of b (from's) as a checked blob of to's unit, unless it has one. */
static int
blob_copy(const struct act *from, const BlobRec *b, const struct act *to,
    struct sk_error *err)
{
	BlobRec nb = SK__STORE__V1__BLOB_REC__INIT, *have = NULL;
	const void *data;
	uint64_t upload;
	size_t len;
	int rc = blob_find(to, b->sha256.data, &have);

	store_rec_free(have);
	if (rc == 0)
		return 0; /* to holds these bytes already */
	if (rc != SK_NOT_FOUND)
		return status_set(err, rc, "cannot read the stored files");
	if ((rc = quota_take(to, (int64_t)b->size, err)) != 0)
		return rc;
	if ((rc = store_seq_next(to->t, to->sc, SEQ_UPLOAD, &upload)) != 0)
		return status_set(err, rc, "cannot copy the file");
	for (uint32_t i = 0; (uint64_t)i * FILES_CHUNK < b->size; i++)
		if ((rc = blob_chunk(from, b, i, &data, &len)) != 0 ||
		    (rc = store_part_put(to->t, to->sc, upload, i, data, len)) != 0)
			return status_set(err, rc == SK_NOT_FOUND ? SK_DATA_LOSS : rc,
			    "cannot copy chunk %u of a file", i);
	nb.sha256 = b->sha256;
	nb.size = nb.received = b->size;
	nb.complete = true;
	nb.upload = upload;
	if ((rc = store_blob_put(to->t, to->sc, &nb)) != 0)
		return status_set(err, rc, "cannot copy the file");
	return 0;
}

int
files_copy_bytes(const struct act *from, const struct act *to, AttachmentRec *const *atts,
    size_t n, struct sk_error *err)
{
	BlobRec *b = NULL;
	int rc = 0;

	for (size_t i = 0; i < n && rc == 0; i++) {
		if ((rc = blob_find(from, atts[i]->sha256.data, &b)) != 0) {
			status_set(err, rc == SK_NOT_FOUND ? SK_DATA_LOSS : rc,
			    "the bytes of \"%s\" are missing", atts[i]->name);
			break;
		}
		rc = blob_copy(from, b, to, err);
		store_rec_free(b);
		b = NULL;
	}
	return rc;
}

/* SHA-256 of size bytes at data. */
static int
sha_of(const void *data, size_t size, uint8_t out[SHA])
{
	struct sha256 *h = sha256_new();

	if (h == NULL)
		return -1;
	if (sha256_add(h, data, size) != 0) {
		sha256_free(h);
		return -1;
	}
	return sha256_end(h, out); /* which frees h */
}

int
files_hold(const struct act *a, const uint8_t sha[STORE_SHA_LEN], const void *data,
    size_t size, struct sk_error *err)
{
	BlobRec nb = SK__STORE__V1__BLOB_REC__INIT, *have = NULL;
	uint8_t got[SHA];
	uint64_t upload;
	int rc;

	if (size == 0 || size > FILES_SIZE_MAX)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "a file of %zu bytes (1 byte to %" PRIu64 " MiB)", size,
		    FILES_SIZE_MAX >> 20);
	if (sha_of(data, size, got) != 0)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	if (memcmp(got, sha, SHA) != 0)
		return status_set(err, SK_DATA_LOSS,
		    "the bytes of a file do not match its SHA-256");
	if ((rc = blob_find(a, sha, &have)) == 0) {
		store_rec_free(have);
		return 0; /* held already */
	}
	if (rc != SK_NOT_FOUND)
		return status_set(err, rc, "cannot read the stored files");
	if ((rc = quota_take(a, (int64_t)size, err)) != 0)
		return rc;
	if ((rc = store_seq_next(a->t, a->sc, SEQ_UPLOAD, &upload)) != 0)
		return status_set(err, rc, "cannot keep the file");
	for (uint32_t i = 0; (uint64_t)i * FILES_CHUNK < size; i++) {
		size_t off = (size_t)i * FILES_CHUNK;
		size_t len = size - off < FILES_CHUNK ? size - off : FILES_CHUNK;

		if ((rc = store_part_put(a->t, a->sc, upload, i,
		         (const uint8_t *)data + off, len)) != 0)
			return status_set(err, rc, "cannot keep the file");
	}
	nb.sha256.data = (uint8_t *)sha;
	nb.sha256.len = SHA;
	nb.size = nb.received = size;
	nb.complete = true;
	nb.upload = upload;
	if ((rc = store_blob_put(a->t, a->sc, &nb)) != 0)
		return status_set(err, rc, "cannot keep the file");
	return 0;
}

bool
files_held(const struct act *a, const uint8_t sha[STORE_SHA_LEN])
{
	BlobRec *b = NULL;
	bool held = blob_find(a, sha, &b) == 0;

	store_rec_free(b);
	return held;
}

int
files_attach_held(const struct act *a, uint64_t id, AttachmentRec *const *atts, size_t n,
    struct sk_error *err)
{
	AttachmentRec at;
	BlobRec *b = NULL;
	int rc = 0;

	for (size_t i = 0; i < n && rc == 0; i++) {
		if (atts[i]->sha256.len != STORE_SHA_LEN)
			return status_set(err, SK_INVALID_ARGUMENT,
			    "attachment \"%s\" has no SHA-256", atts[i]->name);
		if ((rc = blob_find(a, atts[i]->sha256.data, &b)) != 0)
			return status_set(err,
			    rc == SK_NOT_FOUND ? SK_FAILED_PRECONDITION : rc,
			    "the bytes of \"%s\" have not arrived", atts[i]->name);
		store_rec_free(b);
		b = NULL;
		/* Its bytes are held, checked against its hash: it is complete
		 * here, whatever the record says (a linked server's Attachment
		 * does not carry the flag). */
		at = *atts[i];
		at.complete = true;
		if ((rc = store_attachment_put(a->t, a->sc, id, &at)) != 0)
			status_set(err, rc, "cannot attach \"%s\"", atts[i]->name);
	}
	return rc;
}

/* ---- housekeeping --------------------------------------------------------------- */

/* Uploads found expired in one unit, owned until dropped. */
struct expire_scan {
	int64_t before;
	struct {
		uint64_t initiative;
		UploadRec *up;
	} * v;
	size_t n, cap;
};

static int
expire_cb(uint64_t initiative, void *rec, void *arg)
{
	struct expire_scan *e = arg;
	UploadRec *up = rec;

	if (up->updated_at >= e->before) {
		store_rec_free(up);
		return 0;
	}
	if (e->n == e->cap) {
		store_rec_free(up);
		return 1; /* the rest waits for the next sweep */
	}
	e->v[e->n].initiative = initiative;
	e->v[e->n++].up = up;
	return 0;
}

/* Drop the expired uploads of one unit, at most e->cap of them. */
static int
expire_unit(struct store_txn *t, const struct scope *sc, struct expire_scan *e)
{
	int rc;

	e->n = 0;
	rc = store_upload_scan(t, sc, expire_cb, e);
	if (rc == 1) /* stopped with the batch full */
		rc = 0;
	for (size_t i = 0; i < e->n; i++) {
		if (rc == 0)
			rc = upload_drop(t, sc, e->v[i].initiative, e->v[i].up, false);
		store_rec_free(e->v[i].up);
	}
	return rc;
}

int
files_expire(struct store_txn *t, int64_t before, size_t max, size_t *dropped)
{
	struct expire_scan e = { .before = before };
	UnitRec **units = NULL;
	size_t nunits = 0;
	int rc;

	*dropped = 0;
	if ((e.v = calloc(max ? max : 1, sizeof(*e.v))) == NULL)
		return SK_RESOURCE_EXHAUSTED;
	if ((rc = store_unit_list(t, &units, &nunits)) == 0)
		for (size_t i = 0; i < nunits && rc == 0 && *dropped < max; i++) {
			struct scope sc = { .tenant = units[i]->id, .login = "skd" };

			e.cap = max - *dropped;
			if ((rc = expire_unit(t, &sc, &e)) == 0)
				*dropped += e.n;
		}
	store_unit_list_free(units, nunits);
	free(e.v);
	return rc;
}
