/*
 * rpc_attach: supporting files of a dossier. A file is uploaded in fixed
 * chunks and can be resumed where it stopped. Uploads in progress belong to
 * one initiative, so no other upload of the same bytes can block or spoil
 * them; once the bytes match their SHA-256 they become the unit's one copy
 * of that file, shared by every initiative that attaches it.
 */
#include <inttypes.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "names.h"
#include "rpc.h"
#include "rpc_impl.h"
#include "sha256.h"
#include "text.h"
#include "tlog.h"
#include "validate.h"

#define ATTACH_MAX ((uint64_t)50 << 20) /* 50 MiB */
#define CHUNK ((uint32_t)256 << 10)     /* bytes per chunk */
#define SHA_LEN 32
#define UPLOAD_PENDING_MAX 8 /* unfinished uploads per user */

static int
sha_ok(const ProtobufCBinaryData *sha, struct sk_error *err)
{
	if (sha->len != SHA_LEN)
		return status_set(err, SK_INVALID_ARGUMENT, "sha256: must be 32 bytes");
	return 0;
}

/* The initiative, which the caller may attach files to now. */
static int
attach_target(struct store_txn *t, struct rpc_op *op, InitiativeRec **r)
{
	int rc;

	if ((rc = rpc_initiative_load(t, &op->sc, op->id, r, &op->w.err)) != 0)
		return rc;
	if (!convert_is_author(*r, op->who.login))
		return status_set(&op->w.err, SK_PERMISSION_DENIED,
		    "only the authors of initiative %" PRIu64 " can attach files",
		    op->id);
	if (!workflow_editable((*r)->state))
		return status_set(&op->w.err, SK_FAILED_PRECONDITION,
		    "initiative %" PRIu64 " is %s; files are attached while it is edited",
		    op->id, state_name((*r)->state));
	return 0;
}

/* The unit's checked copy of these bytes: 0, NOT_FOUND, or an error. A
 * record left unfinished by an older server counts as none. */
static int
blob_find(struct store_txn *t, const struct scope *sc, const uint8_t *sha, BlobRec **b)
{
	int rc = store_obj_get(t, sc, STORE_BLOB, sha, SHA_LEN,
	    &sk__store__v1__blob_rec__descriptor, (void **)b);

	if (rc == 0 && !(*b)->complete) {
		store_rec_free(*b);
		*b = NULL;
		rc = SK_NOT_FOUND;
	}
	return rc;
}

/* Chunk i of a checked file, wherever its bytes were stored. */
static int
blob_chunk(struct store_txn *t, const struct scope *sc, const BlobRec *b, uint32_t i,
    const void **data, size_t *len)
{
	uint8_t sub[SHA_LEN + 4];

	if (b->upload != 0) {
		store_be64(sub, b->upload);
		store_be32(sub + 8, i);
		return store_raw_get(t, sc, STORE_PART, sub, 12, data, len);
	}
	memcpy(sub, b->sha256.data, SHA_LEN);
	store_be32(sub + SHA_LEN, i);
	return store_raw_get(t, sc, STORE_CHUNK, sub, sizeof(sub), data, len);
}

static void
pair_key(uint8_t sub[8 + SHA_LEN], uint64_t id, const uint8_t *sha)
{
	store_be64(sub, id);
	memcpy(sub + 8, sha, SHA_LEN);
}

static int
attachment_put(struct store_txn *t, const struct scope *sc, uint64_t id,
    const AttachmentRec *a)
{
	uint8_t sub[8 + SHA_LEN];

	pair_key(sub, id, a->sha256.data);
	return store_obj_put(t, sc, STORE_ATTACHMENT, sub, sizeof(sub), &a->base);
}

static int
attachment_get(struct store_txn *t, const struct scope *sc, uint64_t id,
    const uint8_t *sha, AttachmentRec **a)
{
	uint8_t sub[8 + SHA_LEN];

	pair_key(sub, id, sha);
	return store_obj_get(t, sc, STORE_ATTACHMENT, sub, sizeof(sub),
	    &sk__store__v1__attachment_rec__descriptor, (void **)a);
}

static int
upload_get(struct store_txn *t, const struct scope *sc, uint64_t id, const uint8_t *sha,
    UploadRec **up)
{
	uint8_t sub[8 + SHA_LEN];

	pair_key(sub, id, sha);
	return store_obj_get(t, sc, STORE_UPLOAD, sub, sizeof(sub),
	    &sk__store__v1__upload_rec__descriptor, (void **)up);
}

static int
upload_put(struct store_txn *t, const struct scope *sc, uint64_t id, const UploadRec *up)
{
	uint8_t sub[8 + SHA_LEN];

	pair_key(sub, id, up->sha256.data);
	return store_obj_put(t, sc, STORE_UPLOAD, sub, sizeof(sub), &up->base);
}

static int
upload_drop_parts(struct store_txn *t, const struct scope *sc, uint64_t upload)
{
	uint8_t prefix[8];

	store_be64(prefix, upload);
	return store_obj_del_prefix(t, sc, STORE_PART, prefix, sizeof(prefix));
}

/* Drop the parts of an upload of size bytes, and what they count. */
static int
upload_release(struct store_txn *t, const struct scope *sc, uint64_t upload,
    uint64_t size)
{
	int rc = upload_drop_parts(t, sc, upload);

	return rc != 0 ? rc : store_seq_add(t, sc, SEQ_FILE_BYTES, -(int64_t)size, NULL);
}

/* Forget an upload of initiative id; its parts too unless keep_parts. */
static int
upload_drop(struct store_txn *t, const struct scope *sc, uint64_t id, const UploadRec *up,
    bool keep_parts)
{
	uint8_t sub[8 + SHA_LEN];
	int rc;

	pair_key(sub, id, up->sha256.data);
	if ((rc = store_obj_del_prefix(t, sc, STORE_UPLOAD, sub, sizeof(sub))) != 0)
		return rc;
	return keep_parts ? 0 : upload_release(t, sc, up->id, up->size);
}

/*
 * Count delta more bytes of files for the caller's unit, refusing growth
 * past unit_files_max: in a hosted district one unit must not fill the
 * store for all. Uploads count from their start, so none fails half-way.
 */
static int
quota_take(struct store_txn *t, struct rpc_op *op, int64_t delta)
{
	uint64_t used, max = op->x.srv->cfg->unit_files_max;
	int rc;

	if ((rc = store_seq_get(t, &op->sc, SEQ_FILE_BYTES, &used)) != 0)
		return status_set(&op->w.err, rc, "cannot read the unit's storage use");
	if (delta > 0 && used + (uint64_t)delta > max)
		return status_set(&op->w.err, SK_RESOURCE_EXHAUSTED,
		    "your unit's files would take %.2f of the %.2f MiB it may hold "
		    "(unit_files_max)",
		    (double)(used + (uint64_t)delta) / (1 << 20),
		    (double)max / (1 << 20));
	if ((rc = store_seq_add(t, &op->sc, SEQ_FILE_BYTES, delta, NULL)) != 0)
		return status_set(&op->w.err, rc, "cannot count the unit's storage use");
	return 0;
}

struct upload_count {
	const char *login;
	size_t n;
};

static int
count_cb(const uint8_t *sub, size_t sublen, void *rec, void *arg)
{
	struct upload_count *c = arg;
	UploadRec *up = rec;

	(void)sub;
	(void)sublen;
	c->n += strcmp(up->started_by, c->login) == 0;
	store_rec_free(up);
	return 0;
}

/* Unfinished uploads the caller began in their unit. Counted per user, as
 * each one holds its size of the unit's allowance until it ends. */
static int
upload_count(struct store_txn *t, const struct scope *sc, size_t *n)
{
	struct upload_count c = { sc->login, 0 };
	int rc = store_obj_scan(t, sc, STORE_UPLOAD, NULL, 0,
	    &sk__store__v1__upload_rec__descriptor, count_cb, &c);

	*n = c.n;
	return rc;
}

/* Progress of an upload, as the reply says it. */
static int
progress(struct rpc_op *op, uint64_t received, uint64_t size)
{
	Sk__V1__AttachmentUploadResponse *p = malloc(sizeof(*p));

	if (p == NULL)
		return status_set(&op->w.err, SK_RESOURCE_EXHAUSTED, "out of memory");
	sk__v1__attachment_upload_response__init(p);
	p->received = received;
	p->size = size;
	p->chunk_size = CHUNK;
	p->complete = received == size;
	op->out = p;
	return 0;
}

static void
op_reply_progress(struct rpc_ctx *x, struct rpc_op *op)
{
	Sk__V1__Response resp = SK__V1__RESPONSE__INIT;

	resp.result_case = SK__V1__RESPONSE__RESULT_ATTACHMENT_UPLOAD;
	resp.attachment_upload = op->out;
	rpc_reply(x, &resp, false);
}

/* List checked bytes under initiative id, once, in the decision log too. */
static int
attachment_add(struct store_txn *t, struct rpc_op *op, const UploadRec *up)
{
	AttachmentRec a = SK__STORE__V1__ATTACHMENT_REC__INIT, *old = NULL;
	char object[40];
	int rc;

	if (attachment_get(t, &op->sc, op->id, up->sha256.data, &old) == 0 &&
	    old->complete) {
		store_rec_free(old); /* the same file, attached before */
		return 0;
	}
	store_rec_free(old);
	a.sha256 = up->sha256;
	a.name = up->name;
	a.media_type = up->media_type;
	a.size = up->size;
	a.added_at = time(NULL);
	a.added_by = up->started_by;
	a.complete = true;
	snprintf(object, sizeof(object), "initiative/%" PRIu64, op->id);
	if ((rc = attachment_put(t, &op->sc, op->id, &a)) != 0 ||
	    (rc = tlog_append(t, &op->sc, "attachment.add", object, &a.base, a.name)) !=
	        0)
		return status_set(&op->w.err, rc, "cannot store the attachment");
	return 0;
}

/* The unit has these bytes already: attach them, drop any upload of them. */
static int
begin_known(struct store_txn *t, struct rpc_op *op, const UploadRec *in, const BlobRec *b)
{
	UploadRec *up = NULL;
	int rc;

	if (b->size != in->size)
		return status_set(&op->w.err, SK_INVALID_ARGUMENT,
		    "size: a file with this sha256 has %" PRIu64 " bytes, not %" PRIu64,
		    b->size, in->size);
	if (upload_get(t, &op->sc, op->id, in->sha256.data, &up) == 0) {
		rc = upload_drop(t, &op->sc, op->id, up, false);
		store_rec_free(up);
		if (rc != 0)
			return status_set(&op->w.err, rc, "cannot drop the upload");
	}
	if ((rc = attachment_add(t, op, in)) != 0)
		return rc;
	return progress(op, b->size, b->size);
}

/* Resume the upload of these bytes to this initiative, or start one. */
static int
begin_upload(struct store_txn *t, struct rpc_op *op, const UploadRec *in)
{
	UploadRec *up = NULL;
	size_t pending;
	int rc;

	rc = upload_get(t, &op->sc, op->id, in->sha256.data, &up);
	if (rc == SK_NOT_FOUND) {
		if ((rc = upload_count(t, &op->sc, &pending)) != 0)
			return status_set(&op->w.err, rc, "cannot read the uploads");
		if (pending >= UPLOAD_PENDING_MAX)
			return status_set(&op->w.err, SK_RESOURCE_EXHAUSTED,
			    "you have %zu unfinished uploads; finish them first (or "
			    "they are dropped after upload_days)",
			    pending);
		if ((rc = quota_take(t, op, (int64_t)in->size)) != 0)
			return rc;
		if ((up = rec_clone(&in->base)) == NULL)
			return status_set(&op->w.err, SK_RESOURCE_EXHAUSTED,
			    "out of memory");
		rc = store_seq_next(t, &op->sc, SEQ_UPLOAD, &up->id);
	} else if (rc == 0 && up->size != in->size) {
		/* A co-author begins the same bytes with another size: one of
		 * them is wrong, and only the hash check can tell. Start over. */
		if ((rc = quota_take(t, op, (int64_t)in->size - (int64_t)up->size)) != 0)
			goto done;
		rc = upload_drop_parts(t, &op->sc, up->id);
		up->size = in->size;
		up->received = 0;
	}
	if (rc == 0) {
		up->updated_at = time(NULL);
		rc = upload_put(t, &op->sc, op->id, up);
	}
	if (rc != 0)
		status_set(&op->w.err, rc, "cannot store the upload");
	else
		rc = progress(op, up->received, up->size);
done:
	store_rec_free(up);
	return rc;
}

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
expire_cb(const uint8_t *sub, size_t sublen, void *rec, void *arg)
{
	struct expire_scan *e = arg;
	UploadRec *up = rec;

	if (sublen != 8 + SHA_LEN || up->updated_at >= e->before) {
		store_rec_free(up);
		return 0;
	}
	if (e->n == e->cap) {
		store_rec_free(up);
		return 1; /* the rest waits for the next sweep */
	}
	e->v[e->n].initiative = store_be64_get(sub);
	e->v[e->n++].up = up;
	return 0;
}

/* Drop the expired uploads of one unit, at most e->cap of them. */
static int
expire_unit(struct store_txn *t, const struct scope *sc, struct expire_scan *e)
{
	int rc;

	e->n = 0;
	rc = store_obj_scan(t, sc, STORE_UPLOAD, NULL, 0,
	    &sk__store__v1__upload_rec__descriptor, expire_cb, e);
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
rpc_attach_expire(struct store_txn *t, int64_t before, size_t max, size_t *dropped)
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

static int
apply_begin(struct store_txn *t, struct wop *w)
{
	struct rpc_op *op = (struct rpc_op *)w;
	const UploadRec *in = op->in;
	InitiativeRec *r = NULL;
	BlobRec *b = NULL;
	int rc;

	rpc_op_reset(op);
	rc = attach_target(t, op, &r);
	store_rec_free(r);
	if (rc != 0)
		return rc;
	rc = blob_find(t, &op->sc, in->sha256.data, &b);
	if (rc == 0)
		rc = begin_known(t, op, in, b);
	else if (rc == SK_NOT_FOUND)
		rc = begin_upload(t, op, in);
	else
		status_set(&w->err, rc, "cannot read the stored files");
	store_rec_free(b);
	return rc;
}

void
rpc_attachment_begin(struct rpc_ctx *x, const Sk__V1__Request *req)
{
	const Sk__V1__AttachmentBeginRequest *q = req->attachment_begin;
	const Sk__V1__Attachment *a = q->attachment;
	UploadRec in = SK__STORE__V1__UPLOAD_REC__INIT;
	struct sk_error err = { 0 };
	struct rpc_op *op;

	if (a == NULL) {
		rpc_reply_code(x, SK_INVALID_ARGUMENT, "attachment: missing");
		return;
	}
	if (sha_ok(&a->sha256, &err) != 0 || validate_name("name", a->name, &err) != 0) {
		rpc_reply_error(x, &err);
		return;
	}
	if (strchr(a->name, '/') != NULL || strchr(a->media_type, '/') == NULL ||
	    strlen(a->media_type) > 100 || text_has_control(a->media_type, NULL)) {
		rpc_reply_code(x, SK_INVALID_ARGUMENT,
		    "name must not contain '/'; media_type is like \"application/pdf\"");
		return;
	}
	if (a->size == 0 || a->size > ATTACH_MAX) {
		rpc_reply_code(x, SK_INVALID_ARGUMENT,
		    "size: a file has 1 byte to %" PRIu64 " MiB", ATTACH_MAX >> 20);
		return;
	}
	in.sha256 = a->sha256;
	in.name = a->name;
	in.media_type = a->media_type;
	in.size = a->size;
	in.started_at = time(NULL);
	in.started_by = (char *)x->who->login;
	if ((op = rpc_op_new(x, apply_begin, op_reply_progress)) == NULL)
		return;
	op->id = q->initiative_id;
	if ((op->in = rec_clone(&in.base)) == NULL) {
		free(op);
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	rpc_op_submit(op);
}

/* Why a chunk has no upload to go to. */
static int
upload_missing(struct store_txn *t, struct rpc_op *op, const uint8_t *sha, int rc)
{
	AttachmentRec *a = NULL;

	if (rc != SK_NOT_FOUND)
		return status_set(&op->w.err, rc, "cannot read the upload");
	if (attachment_get(t, &op->sc, op->id, sha, &a) == 0) {
		store_rec_free(a);
		return status_set(&op->w.err, SK_FAILED_PRECONDITION,
		    "chunk out of order: the file is complete and attached");
	}
	return status_set(&op->w.err, SK_NOT_FOUND,
	    "no upload of that sha256 was begun for this initiative (or it expired)");
}

static int
apply_chunk(struct store_txn *t, struct wop *w)
{
	struct rpc_op *op = (struct rpc_op *)w;
	const Sk__V1__AttachmentChunkRequest *q = op->in;
	InitiativeRec *r = NULL;
	UploadRec *up = NULL;
	uint64_t want;
	uint8_t sub[12];
	int rc;

	rpc_op_reset(op);
	rc = attach_target(t, op, &r);
	store_rec_free(r);
	if (rc != 0)
		return rc;
	if ((rc = upload_get(t, &op->sc, op->id, q->sha256.data, &up)) != 0)
		return upload_missing(t, op, q->sha256.data, rc);
	if (q->offset != up->received || up->received == up->size) {
		rc = status_set(&w->err, SK_FAILED_PRECONDITION,
		    "chunk out of order: the server has %" PRIu64 " of %" PRIu64
		    " bytes, this chunk starts at %" PRIu64,
		    up->received, up->size, q->offset);
		goto done;
	}
	want = up->size - up->received < CHUNK ? up->size - up->received : CHUNK;
	if (q->data.len != want) {
		rc = status_set(&w->err, SK_INVALID_ARGUMENT,
		    "data: a chunk at %" PRIu64 " has %" PRIu64 " bytes, not %zu",
		    q->offset, want, q->data.len);
		goto done;
	}
	store_be64(sub, up->id);
	store_be32(sub + 8, (uint32_t)(q->offset / CHUNK));
	up->received += want;
	up->updated_at = time(NULL);
	if ((rc = store_raw_put(t, &op->sc, STORE_PART, sub, sizeof(sub), q->data.data,
	         q->data.len)) != 0 ||
	    (rc = upload_put(t, &op->sc, op->id, up)) != 0) {
		status_set(&w->err, rc, "cannot store the chunk");
		goto done;
	}
	rc = progress(op, up->received, up->size);
done:
	store_rec_free(up);
	return rc;
}

void
rpc_attachment_chunk(struct rpc_ctx *x, const Sk__V1__Request *req)
{
	const Sk__V1__AttachmentChunkRequest *q = req->attachment_chunk;
	struct sk_error err = { 0 };
	struct rpc_op *op;

	if (sha_ok(&q->sha256, &err) != 0) {
		rpc_reply_error(x, &err);
		return;
	}
	if ((op = rpc_op_new(x, apply_chunk, op_reply_progress)) == NULL)
		return;
	op->id = q->initiative_id;
	if ((op->in = rec_clone(&q->base)) == NULL) {
		free(op);
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	rpc_op_submit(op);
}

/* SHA-256 of the parts of up. */
static int
upload_hash(struct store_txn *t, const struct scope *sc, const UploadRec *up,
    uint8_t out[SHA_LEN])
{
	struct sha256 *h = sha256_new();
	uint8_t sub[12];
	const void *data;
	size_t len;
	int rc = 0;

	if (h == NULL)
		return SK_RESOURCE_EXHAUSTED;
	store_be64(sub, up->id);
	for (uint32_t i = 0; (uint64_t)i * CHUNK < up->size && rc == 0; i++) {
		store_be32(sub + 8, i);
		if ((rc = store_raw_get(t, sc, STORE_PART, sub, sizeof(sub), &data,
		         &len)) == 0)
			sha256_add(h, data, len);
	}
	if (rc != 0) {
		sha256_free(h);
		return rc;
	}
	return sha256_end(h, out) == 0 ? 0 : SK_INTERNAL;
}

/* The parts of up become the unit's checked copy, unless it has one. */
static int
blob_keep(struct store_txn *t, const struct scope *sc, const UploadRec *up)
{
	BlobRec nb = SK__STORE__V1__BLOB_REC__INIT, *b = NULL;
	int rc = blob_find(t, sc, up->sha256.data, &b);

	store_rec_free(b);
	if (rc == 0) /* finished meanwhile for another initiative */
		return upload_release(t, sc, up->id, up->size);
	if (rc != SK_NOT_FOUND)
		return rc;
	nb.sha256 = up->sha256;
	nb.size = up->size;
	nb.received = up->size;
	nb.complete = true;
	nb.upload = up->id;
	return store_obj_put(t, sc, STORE_BLOB, nb.sha256.data, SHA_LEN, &nb.base);
}

/* The bytes did not match their hash: drop them, keep the refusal. */
static int
finish_mismatch(struct store_txn *t, struct rpc_op *op, const UploadRec *up,
    const uint8_t got[SHA_LEN])
{
	char want_hex[17], got_hex[17];
	int rc;

	if ((rc = upload_drop(t, &op->sc, op->id, up, false)) != 0)
		return status_set(&op->w.err, rc, "cannot discard the upload");
	sha256_hex(up->sha256.data, 8, want_hex);
	sha256_hex(got, 8, got_hex);
	/* Returning 0 commits the discard; the reply is still the refusal. */
	status_set(&op->w.err, SK_DATA_LOSS,
	    "the bytes do not match their sha256 (%s…, got %s…); the upload was "
	    "discarded",
	    want_hex, got_hex);
	return 0;
}

/* Finishing what is attached already answers with it (a retried finish). */
static int
finish_again(struct store_txn *t, struct rpc_op *op, const uint8_t *sha)
{
	AttachmentRec *a = NULL;
	int rc = attachment_get(t, &op->sc, op->id, sha, &a);

	if (rc == SK_NOT_FOUND)
		return status_set(&op->w.err, rc,
		    "no upload of that sha256 for this initiative (or it expired)");
	if (rc != 0)
		return status_set(&op->w.err, rc, "cannot read the attachment");
	if ((op->out = convert_msg(&a->base, &sk__v1__attachment__descriptor)) == NULL)
		rc = status_set(&op->w.err, SK_RESOURCE_EXHAUSTED, "out of memory");
	store_rec_free(a);
	return rc;
}

static int
apply_finish(struct store_txn *t, struct wop *w)
{
	struct rpc_op *op = (struct rpc_op *)w;
	const Sk__V1__AttachmentFinishRequest *q = op->in;
	InitiativeRec *r = NULL;
	UploadRec *up = NULL;
	uint8_t got[SHA_LEN];
	int rc;

	rpc_op_reset(op);
	rc = attach_target(t, op, &r);
	store_rec_free(r);
	if (rc != 0)
		return rc;
	rc = upload_get(t, &op->sc, op->id, q->sha256.data, &up);
	if (rc == SK_NOT_FOUND)
		return finish_again(t, op, q->sha256.data);
	if (rc != 0)
		return status_set(&w->err, rc, "cannot read the upload");
	if (up->received != up->size) {
		rc = status_set(&w->err, SK_FAILED_PRECONDITION,
		    "upload incomplete: %" PRIu64 " of %" PRIu64 " bytes", up->received,
		    up->size);
		goto done;
	}
	if ((rc = upload_hash(t, &op->sc, up, got)) != 0) {
		status_set(&w->err, rc, "cannot read the chunks");
		goto done;
	}
	if (CRYPTO_memcmp(got, up->sha256.data, SHA_LEN) != 0) {
		rc = finish_mismatch(t, op, up, got);
		goto done;
	}
	if ((rc = blob_keep(t, &op->sc, up)) != 0 ||
	    (rc = upload_drop(t, &op->sc, op->id, up, true)) != 0) {
		status_set(&w->err, rc, "cannot store the file");
		goto done;
	}
	if ((rc = attachment_add(t, op, up)) == 0)
		rc = finish_again(t, op, up->sha256.data);
done:
	store_rec_free(up);
	return rc;
}

static void
op_reply_attachment(struct rpc_ctx *x, struct rpc_op *op)
{
	Sk__V1__Response resp = SK__V1__RESPONSE__INIT;
	Sk__V1__Attachment *a = op->out;

	log_info("%s: attached \"%s\" (%" PRIu64 " bytes) to initiative %" PRIu64,
	    x->who->login, a->name, a->size, op->id);
	resp.result_case = SK__V1__RESPONSE__RESULT_ATTACHMENT;
	resp.attachment = a;
	rpc_reply(x, &resp, false);
}

void
rpc_attachment_finish(struct rpc_ctx *x, const Sk__V1__Request *req)
{
	const Sk__V1__AttachmentFinishRequest *q = req->attachment_finish;
	struct sk_error err = { 0 };
	struct rpc_op *op;

	if (sha_ok(&q->sha256, &err) != 0) {
		rpc_reply_error(x, &err);
		return;
	}
	if ((op = rpc_op_new(x, apply_finish, op_reply_attachment)) == NULL)
		return;
	op->id = q->initiative_id;
	if ((op->in = rec_clone(&q->base)) == NULL) {
		free(op);
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	rpc_op_submit(op);
}

struct att_list {
	Sk__V1__Attachment **v;
	size_t n, cap;
	int rc;
};

static int
att_list_cb(const uint8_t *sub, size_t sublen, void *rec, void *arg)
{
	struct att_list *l = arg;
	AttachmentRec *a = rec;
	Sk__V1__Attachment **nv, *m;

	(void)sub;
	(void)sublen;
	if (a->complete) {
		if (l->n == l->cap) {
			l->cap = l->cap ? l->cap * 2 : 8;
			if ((nv = realloc(l->v, l->cap * sizeof(*nv))) == NULL)
				goto fail;
			l->v = nv;
		}
		if ((m = convert_msg(&a->base, &sk__v1__attachment__descriptor)) == NULL)
			goto fail;
		l->v[l->n++] = m;
	}
	store_rec_free(a);
	return 0;
fail:
	store_rec_free(a);
	return l->rc = SK_RESOURCE_EXHAUSTED;
}

void
rpc_attachment_list(struct rpc_ctx *x, const Sk__V1__Request *req)
{
	Sk__V1__Response resp = SK__V1__RESPONSE__INIT;
	Sk__V1__AttachmentListResponse al = SK__V1__ATTACHMENT_LIST_RESPONSE__INIT;
	struct scope sc = authz_scope(x->who);
	uint64_t id = req->attachment_list->initiative_id;
	struct att_list l = { 0 };
	struct sk_error err = { 0 };
	InitiativeRec *r = NULL;
	struct store_txn t;
	uint8_t prefix[8];

	if (store_read_begin(x->srv->st, &t) != 0) {
		rpc_reply_code(x, SK_UNAVAILABLE, "storage unavailable");
		return;
	}
	store_be64(prefix, id);
	if (rpc_initiative_load(&t, &sc, id, &r, &err) == 0 &&
	    (store_obj_scan(&t, &sc, STORE_ATTACHMENT, prefix, sizeof(prefix),
	         &sk__store__v1__attachment_rec__descriptor, att_list_cb, &l) != 0 ||
	        l.rc != 0))
		status_set(&err, SK_UNAVAILABLE, "cannot read the attachments");
	store_read_end(&t);
	store_rec_free(r);
	if (err.code != 0) {
		rpc_reply_error(x, &err);
	} else {
		al.n_attachments = l.n;
		al.attachments = l.v;
		resp.result_case = SK__V1__RESPONSE__RESULT_ATTACHMENT_LIST;
		resp.attachment_list = &al;
		rpc_reply(x, &resp, false);
	}
	for (size_t i = 0; i < l.n; i++)
		convert_free(l.v[i]);
	free(l.v);
}

void
rpc_attachment_get(struct rpc_ctx *x, const Sk__V1__Request *req)
{
	const Sk__V1__AttachmentGetRequest *q = req->attachment_get;
	Sk__V1__Response resp = SK__V1__RESPONSE__INIT;
	Sk__V1__AttachmentDataResponse d = SK__V1__ATTACHMENT_DATA_RESPONSE__INIT;
	struct scope sc = authz_scope(x->who);
	struct sk_error err = { 0 };
	AttachmentRec *a = NULL;
	BlobRec *b = NULL;
	struct store_txn t;
	const void *data;
	size_t len, skip;

	if (sha_ok(&q->sha256, &err) != 0) {
		rpc_reply_error(x, &err);
		return;
	}
	if (store_read_begin(x->srv->st, &t) != 0) {
		rpc_reply_code(x, SK_UNAVAILABLE, "storage unavailable");
		return;
	}
	/* Only files attached to this initiative, and only complete ones. */
	if (attachment_get(&t, &sc, q->initiative_id, q->sha256.data, &a) != 0 ||
	    !a->complete) {
		status_set(&err, SK_NOT_FOUND,
		    "no such attachment of initiative %" PRIu64, q->initiative_id);
	} else if (q->offset >= a->size) {
		status_set(&err, SK_OUT_OF_RANGE,
		    "offset: past the end (%" PRIu64 " bytes)", a->size);
	} else {
		skip = (size_t)(q->offset % CHUNK);
		if (blob_find(&t, &sc, q->sha256.data, &b) != 0 ||
		    blob_chunk(&t, &sc, b, (uint32_t)(q->offset / CHUNK), &data, &len) !=
		        0 ||
		    skip >= len) {
			status_set(&err, SK_DATA_LOSS, "a chunk of this file is missing");
		} else {
			d.offset = q->offset;
			d.size = a->size;
			d.data.data = (uint8_t *)data + skip;
			d.data.len = len - skip;
			resp.result_case = SK__V1__RESPONSE__RESULT_ATTACHMENT_DATA;
			resp.attachment_data = &d;
			rpc_reply(x, &resp, false); /* packs before the txn ends */
		}
	}
	store_read_end(&t);
	store_rec_free(a);
	store_rec_free(b);
	if (err.code != 0)
		rpc_reply_error(x, &err);
}
