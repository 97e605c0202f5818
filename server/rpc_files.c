/*
 * rpc_files: the calls on a dossier's supporting files: uploads in chunks,
 * the list of attachments and their bytes. Decode, call files.c, encode.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "files.h"
#include "log.h"
#include "rpc_impl.h"

static int
sha_ok(const ProtobufCBinaryData *sha, struct sk_error *err)
{
	if (sha->len != STORE_SHA_LEN)
		return status_set(err, SK_INVALID_ARGUMENT, "sha256: must be 32 bytes");
	return 0;
}

/* A write on the files of one initiative. */
struct files_op {
	struct rpc_op op;
	uint64_t id;
	UploadRec *in;              /* begin */
	uint8_t sha[STORE_SHA_LEN]; /* chunk, finish */
	uint64_t offset;
	ProtobufCBinaryData data;
	struct files_progress progress;
	AttachmentRec *out; /* finish */
};

static void
files_op_done(struct rpc_op *op)
{
	struct files_op *o = (struct files_op *)op;

	store_rec_free(o->in);
	free(o->data.data);
	store_rec_free(o->out);
}

static void
reply_progress(struct rpc_op *op)
{
	struct files_op *o = (struct files_op *)op;
	Sk__V1__AttachmentUploadResponse p = SK__V1__ATTACHMENT_UPLOAD_RESPONSE__INIT;

	p.received = o->progress.received;
	p.size = o->progress.size;
	p.chunk_size = o->progress.chunk_size;
	p.complete = o->progress.complete;
	rpc_reply_result(&op->x, SK__V1__RESPONSE__RESULT_ATTACHMENT_UPLOAD, &p);
}

static struct files_op *
files_op_new(struct rpc_ctx *x, uint64_t id, rpc_apply_fn apply, rpc_op_fn reply)
{
	struct files_op *o;

	if ((o = rpc_op_new(x, sizeof(*o), apply, reply, files_op_done)) != NULL)
		o->id = id;
	return o;
}

static int
apply_begin(struct rpc_op *op, const struct act *a, struct sk_error *err)
{
	struct files_op *o = (struct files_op *)op;

	return files_begin(a, o->id, o->in, &o->progress, err);
}

RPC_HANDLER(rpc_attachment_begin)
{
	const Sk__V1__AttachmentBeginRequest *q = req->attachment_begin;
	const Sk__V1__Attachment *m = q->attachment;
	UploadRec in = SK__STORE__V1__UPLOAD_REC__INIT;
	struct sk_error err = { 0 };
	struct files_op *o;

	if (m == NULL) {
		rpc_reply_code(x, SK_INVALID_ARGUMENT, "attachment: missing");
		return;
	}
	/* The upload's own numbers differ from the wire's: copy by name. */
	in.sha256 = m->sha256;
	in.name = m->name;
	in.media_type = m->media_type;
	in.size = m->size;
	if (files_check(&in, &err) != 0) {
		rpc_reply_error(x, &err);
		return;
	}
	if ((o = files_op_new(x, q->initiative_id, apply_begin, reply_progress)) == NULL)
		return;
	if ((o->in = rec_clone(&in.base)) == NULL) {
		rpc_op_free(&o->op);
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	rpc_op_submit(&o->op);
}

static int
apply_chunk(struct rpc_op *op, const struct act *a, struct sk_error *err)
{
	struct files_op *o = (struct files_op *)op;

	return files_chunk(a, o->id, o->sha, o->offset, o->data.data, o->data.len,
	    &o->progress, err);
}

RPC_HANDLER(rpc_attachment_chunk)
{
	const Sk__V1__AttachmentChunkRequest *q = req->attachment_chunk;
	struct sk_error err = { 0 };
	struct files_op *o;

	if (sha_ok(&q->sha256, &err) != 0) {
		rpc_reply_error(x, &err);
		return;
	}
	if ((o = files_op_new(x, q->initiative_id, apply_chunk, reply_progress)) == NULL)
		return;
	memcpy(o->sha, q->sha256.data, STORE_SHA_LEN);
	o->offset = q->offset;
	o->data.len = q->data.len;
	if ((o->data.data = malloc(q->data.len ? q->data.len : 1)) == NULL) {
		rpc_op_free(&o->op);
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	if (q->data.len > 0)
		memcpy(o->data.data, q->data.data, q->data.len);
	rpc_op_submit(&o->op);
}

static int
apply_finish(struct rpc_op *op, const struct act *a, struct sk_error *err)
{
	struct files_op *o = (struct files_op *)op;

	store_rec_free(o->out);
	o->out = NULL;
	return files_finish(a, o->id, o->sha, &o->out, err);
}

static void
reply_attachment(struct rpc_op *op)
{
	struct files_op *o = (struct files_op *)op;
	Sk__V1__Attachment *m;

	if ((m = convert_msg(&o->out->base, &sk__v1__attachment__descriptor)) == NULL) {
		rpc_reply_code(&op->x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	log_info("%s: attached \"%s\" (%" PRIu64 " bytes) to initiative %" PRIu64,
	    op->who.login, m->name, m->size, o->id);
	rpc_reply_result(&op->x, SK__V1__RESPONSE__RESULT_ATTACHMENT, m);
	convert_free(m);
}

RPC_HANDLER(rpc_attachment_finish)
{
	const Sk__V1__AttachmentFinishRequest *q = req->attachment_finish;
	struct sk_error err = { 0 };
	struct files_op *o;

	if (sha_ok(&q->sha256, &err) != 0) {
		rpc_reply_error(x, &err);
		return;
	}
	if ((o = files_op_new(x, q->initiative_id, apply_finish, reply_attachment)) ==
	    NULL)
		return;
	memcpy(o->sha, q->sha256.data, STORE_SHA_LEN);
	rpc_op_submit(&o->op);
}

static void
read_list(struct rpc_ctx *x, const struct act *a, const void *arg)
{
	const Sk__V1__AttachmentListRequest *q = arg;
	Sk__V1__AttachmentListResponse al = SK__V1__ATTACHMENT_LIST_RESPONSE__INIT;
	struct sk_error err = { 0 };
	struct recs l;

	if (files_list(a, q->initiative_id, &l, &err) != 0) {
		rpc_reply_error(x, &err);
		return;
	}
	rpc_reply_recs(x, SK__V1__RESPONSE__RESULT_ATTACHMENT_LIST, &al, &l,
	    &sk__v1__attachment__descriptor, &al.n_attachments,
	    (void ***)&al.attachments);
	recs_free(&l);
}

RPC_HANDLER(rpc_attachment_list)
{
	rpc_read(x, read_list, req->attachment_list);
}

static void
read_data(struct rpc_ctx *x, const struct act *a, const void *arg)
{
	const Sk__V1__AttachmentGetRequest *q = arg;
	Sk__V1__AttachmentDataResponse d = SK__V1__ATTACHMENT_DATA_RESPONSE__INIT;
	struct sk_error err = { 0 };
	const void *data;
	size_t len;

	if (files_read(a, q->initiative_id, q->sha256.data, q->offset, &data, &len,
	        &d.size, &err) != 0) {
		rpc_reply_error(x, &err);
		return;
	}
	d.offset = q->offset;
	d.data.data = (uint8_t *)data;
	d.data.len = len;
	/* Packed before the transaction ends: data points into the map. */
	rpc_reply_result(x, SK__V1__RESPONSE__RESULT_ATTACHMENT_DATA, &d);
}

RPC_HANDLER(rpc_attachment_get)
{
	struct sk_error err = { 0 };

	if (sha_ok(&req->attachment_get->sha256, &err) != 0) {
		rpc_reply_error(x, &err);
		return;
	}
	rpc_read(x, read_data, req->attachment_get);
}
