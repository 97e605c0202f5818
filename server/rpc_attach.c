/*
 * rpc_attach: supporting files of a dossier. A file is uploaded in fixed
 * chunks, stored once per unit under its SHA-256, checked against that
 * hash when the upload finishes, and can be resumed where it stopped.
 */
#include <inttypes.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "names.h"
#include "rpc_impl.h"
#include "text.h"
#include "tlog.h"
#include "validate.h"

#define ATTACH_MAX ((uint64_t)50 << 20) /* 50 MiB */
#define CHUNK ((uint32_t)256 << 10)     /* bytes per chunk */
#define SHA_LEN 32

static void
hex(const uint8_t *h, char *out)
{
	for (size_t i = 0; i < 8; i++)
		snprintf(out + 2 * i, 3, "%02x", h[i]);
}

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

static int
blob_get(struct store_txn *t, const struct scope *sc, const uint8_t *sha, BlobRec **b)
{
	return store_obj_get(t, sc, STORE_BLOB, sha, SHA_LEN,
	    &sk__store__v1__blob_rec__descriptor, (void **)b);
}

static int
blob_put(struct store_txn *t, const struct scope *sc, const BlobRec *b)
{
	return store_obj_put(t, sc, STORE_BLOB, b->sha256.data, SHA_LEN, &b->base);
}

static int
attachment_put(struct store_txn *t, const struct scope *sc, uint64_t id,
    const AttachmentRec *a)
{
	uint8_t sub[8 + SHA_LEN];

	store_be64(sub, id);
	memcpy(sub + 8, a->sha256.data, SHA_LEN);
	return store_obj_put(t, sc, STORE_ATTACHMENT, sub, sizeof(sub), &a->base);
}

static int
attachment_get(struct store_txn *t, const struct scope *sc, uint64_t id,
    const uint8_t *sha, AttachmentRec **a)
{
	uint8_t sub[8 + SHA_LEN];

	store_be64(sub, id);
	memcpy(sub + 8, sha, SHA_LEN);
	return store_obj_get(t, sc, STORE_ATTACHMENT, sub, sizeof(sub),
	    &sk__store__v1__attachment_rec__descriptor, (void **)a);
}

/* Progress of an upload, as the reply says it. */
static int
progress(struct rpc_op *op, const BlobRec *b)
{
	Sk__V1__AttachmentUploadResponse *p = malloc(sizeof(*p));

	if (p == NULL)
		return status_set(&op->w.err, SK_RESOURCE_EXHAUSTED, "out of memory");
	sk__v1__attachment_upload_response__init(p);
	p->received = b->received;
	p->size = b->size;
	p->chunk_size = CHUNK;
	p->complete = b->complete;
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

static int
apply_begin(struct store_txn *t, struct wop *w)
{
	struct rpc_op *op = (struct rpc_op *)w;
	AttachmentRec *a = op->in, *old = NULL;
	InitiativeRec *r = NULL;
	BlobRec nb = SK__STORE__V1__BLOB_REC__INIT, *b = NULL;
	int rc;

	rpc_op_reset(op);
	rc = attach_target(t, op, &r);
	store_rec_free(r);
	if (rc != 0)
		return rc;
	rc = blob_get(t, &op->sc, a->sha256.data, &b);
	if (rc == SK_NOT_FOUND) {
		/* New bytes: the upload starts at 0. */
		nb.sha256 = a->sha256;
		nb.size = a->size;
		if ((rc = blob_put(t, &op->sc, &nb)) != 0)
			return status_set(&w->err, rc, "cannot store the upload");
		b = rec_clone(&nb.base);
		if (b == NULL)
			return status_set(&w->err, SK_RESOURCE_EXHAUSTED,
			    "out of memory");
	} else if (rc != 0) {
		return status_set(&w->err, rc, "cannot read the upload");
	} else if (b->size != a->size) {
		rc = status_set(&w->err, SK_INVALID_ARGUMENT,
		    "size: a file with this sha256 has %" PRIu64 " bytes, not %" PRIu64,
		    b->size, a->size);
		store_rec_free(b);
		return rc;
	}
	/* Record the name under this initiative; listed once complete. */
	if (attachment_get(t, &op->sc, op->id, a->sha256.data, &old) == 0 &&
	    old->complete) {
		store_rec_free(old);
	} else {
		store_rec_free(old);
		char object[40];

		a->complete = b->complete; /* bytes already here and checked */
		snprintf(object, sizeof(object), "initiative/%" PRIu64, op->id);
		if ((rc = attachment_put(t, &op->sc, op->id, a)) != 0 ||
		    (a->complete &&
		        (rc = tlog_append(t, &op->sc, "attachment.add", object, &a->base,
		             a->name)) != 0)) {
			store_rec_free(b);
			return status_set(&w->err, rc, "cannot store the attachment");
		}
	}
	rc = progress(op, b);
	store_rec_free(b);
	return rc;
}

void
rpc_attachment_begin(struct rpc_ctx *x, const Sk__V1__Request *req)
{
	const Sk__V1__AttachmentBeginRequest *q = req->attachment_begin;
	const Sk__V1__Attachment *a = q->attachment;
	AttachmentRec in = SK__STORE__V1__ATTACHMENT_REC__INIT;
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
	in.added_at = time(NULL);
	in.added_by = (char *)x->who->login;
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

static int
apply_chunk(struct store_txn *t, struct wop *w)
{
	struct rpc_op *op = (struct rpc_op *)w;
	const Sk__V1__AttachmentChunkRequest *q = op->in;
	InitiativeRec *r = NULL;
	BlobRec *b = NULL;
	uint64_t want;
	uint8_t sub[SHA_LEN + 4];
	int rc;

	rpc_op_reset(op);
	rc = attach_target(t, op, &r);
	store_rec_free(r);
	if (rc != 0)
		return rc;
	if ((rc = blob_get(t, &op->sc, q->sha256.data, &b)) != 0)
		return status_set(&w->err, rc,
		    rc == SK_NOT_FOUND ? "no upload of that sha256 was begun" :
		                         "cannot read the upload");
	if (b->complete || q->offset != b->received) {
		rc = status_set(&w->err, SK_FAILED_PRECONDITION,
		    "chunk out of order: the server has %" PRIu64 " of %" PRIu64
		    " bytes, this chunk starts at %" PRIu64,
		    b->received, b->size, q->offset);
		goto done;
	}
	want = b->size - b->received < CHUNK ? b->size - b->received : CHUNK;
	if (q->data.len != want) {
		rc = status_set(&w->err, SK_INVALID_ARGUMENT,
		    "data: a chunk at %" PRIu64 " has %" PRIu64 " bytes, not %zu",
		    q->offset, want, q->data.len);
		goto done;
	}
	memcpy(sub, q->sha256.data, SHA_LEN);
	store_be32(sub + SHA_LEN, (uint32_t)(q->offset / CHUNK));
	b->received += want;
	if ((rc = store_raw_put(t, &op->sc, STORE_CHUNK, sub, sizeof(sub), q->data.data,
	         q->data.len)) != 0 ||
	    (rc = blob_put(t, &op->sc, b)) != 0) {
		status_set(&w->err, rc, "cannot store the chunk");
		goto done;
	}
	rc = progress(op, b);
done:
	store_rec_free(b);
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

/* SHA-256 of the stored chunks of b. */
static int
blob_hash(struct store_txn *t, const struct scope *sc, const BlobRec *b,
    uint8_t out[SHA_LEN])
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	uint8_t sub[SHA_LEN + 4];
	const void *data;
	size_t len;
	int rc = 0;

	if (md == NULL || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(md);
		return SK_INTERNAL;
	}
	memcpy(sub, b->sha256.data, SHA_LEN);
	for (uint32_t i = 0; (uint64_t)i * CHUNK < b->size && rc == 0; i++) {
		store_be32(sub + SHA_LEN, i);
		if ((rc = store_raw_get(t, sc, STORE_CHUNK, sub, sizeof(sub), &data,
		         &len)) == 0 &&
		    EVP_DigestUpdate(md, data, len) != 1)
			rc = SK_INTERNAL;
	}
	if (rc == 0 && EVP_DigestFinal_ex(md, out, NULL) != 1)
		rc = SK_INTERNAL;
	EVP_MD_CTX_free(md);
	return rc;
}

/* The bytes are not what their hash promised: drop them, keep nothing. */
static int
upload_discard(struct store_txn *t, struct rpc_op *op, const BlobRec *b)
{
	uint8_t sub[8 + SHA_LEN];
	int rc;

	store_be64(sub, op->id);
	memcpy(sub + 8, b->sha256.data, SHA_LEN);
	if ((rc = store_obj_del_prefix(t, &op->sc, STORE_CHUNK, b->sha256.data,
	         SHA_LEN)) != 0 ||
	    (rc = store_obj_del_prefix(t, &op->sc, STORE_BLOB, b->sha256.data,
	         SHA_LEN)) != 0 ||
	    (rc = store_obj_del_prefix(t, &op->sc, STORE_ATTACHMENT, sub, sizeof(sub))) !=
	        0)
		return rc;
	return 0;
}

static int
apply_finish(struct store_txn *t, struct wop *w)
{
	struct rpc_op *op = (struct rpc_op *)w;
	const Sk__V1__AttachmentFinishRequest *q = op->in;
	AttachmentRec *a = NULL;
	InitiativeRec *r = NULL;
	BlobRec *b = NULL;
	uint8_t got[SHA_LEN];
	char want_hex[17], got_hex[17], object[40];
	int rc;

	rpc_op_reset(op);
	rc = attach_target(t, op, &r);
	store_rec_free(r);
	if (rc != 0)
		return rc;
	if ((rc = blob_get(t, &op->sc, q->sha256.data, &b)) != 0 ||
	    (rc = attachment_get(t, &op->sc, op->id, q->sha256.data, &a)) != 0) {
		status_set(&w->err, rc,
		    rc == SK_NOT_FOUND ? "no upload of that sha256 for this initiative" :
		                         "cannot read the upload");
		goto done;
	}
	if (!b->complete && b->received != b->size) {
		rc = status_set(&w->err, SK_FAILED_PRECONDITION,
		    "upload incomplete: %" PRIu64 " of %" PRIu64 " bytes", b->received,
		    b->size);
		goto done;
	}
	if (!b->complete) {
		if ((rc = blob_hash(t, &op->sc, b, got)) != 0) {
			status_set(&w->err, rc, "cannot read the chunks");
			goto done;
		}
		if (CRYPTO_memcmp(got, b->sha256.data, SHA_LEN) != 0) {
			hex(b->sha256.data, want_hex);
			hex(got, got_hex);
			/* Commit the discard, but answer with the refusal. */
			if ((rc = upload_discard(t, op, b)) != 0) {
				status_set(&w->err, rc, "cannot discard the upload");
				goto done;
			}
			status_set(&w->err, SK_DATA_LOSS,
			    "the bytes do not match their sha256 (%s…, got %s…); "
			    "the upload was discarded",
			    want_hex, got_hex);
			goto done;
		}
		b->complete = true;
		if ((rc = blob_put(t, &op->sc, b)) != 0) {
			status_set(&w->err, rc, "cannot store the file");
			goto done;
		}
	}
	a->complete = true;
	snprintf(object, sizeof(object), "initiative/%" PRIu64, op->id);
	if ((rc = attachment_put(t, &op->sc, op->id, a)) != 0 ||
	    (rc = tlog_append(t, &op->sc, "attachment.add", object, &a->base, a->name)) !=
	        0) {
		status_set(&w->err, rc, "cannot store the attachment");
		goto done;
	}
	if ((op->out = convert_msg(&a->base, &sk__v1__attachment__descriptor)) == NULL)
		rc = status_set(&w->err, SK_RESOURCE_EXHAUSTED, "out of memory");
done:
	store_rec_free(a);
	store_rec_free(b);
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
	struct store_txn t;
	uint8_t sub[SHA_LEN + 4];
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
		memcpy(sub, q->sha256.data, SHA_LEN);
		store_be32(sub + SHA_LEN, (uint32_t)(q->offset / CHUNK));
		skip = (size_t)(q->offset % CHUNK);
		if (store_raw_get(&t, &sc, STORE_CHUNK, sub, sizeof(sub), &data, &len) !=
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
	if (err.code != 0)
		rpc_reply_error(x, &err);
}
