/*
 * store_rec: the record families of a unit over the generic primitives of
 * store_impl.h. This file is the one place where each family's key is
 * built (the layouts are listed in store.h).
 */
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store_impl.h"

#define SHA STORE_SHA_LEN

/* ---- keys ---------------------------------------------------------------- */

/* "id" */
static size_t
key_id(uint8_t *sub, uint64_t id)
{
	store_be64(sub, id);
	return 8;
}

/* "initiative | sha256" */
static size_t
key_pair(uint8_t *sub, uint64_t id, const uint8_t *sha)
{
	store_be64(sub, id);
	memcpy(sub + 8, sha, SHA);
	return 8 + SHA;
}

/* "id | u32 index" or "id | u32 seq" */
static size_t
key_indexed(uint8_t *sub, uint64_t id, uint32_t index)
{
	store_be64(sub, id);
	store_be32(sub + 8, index);
	return 12;
}

/* "sha256 | u32 index" (chunks of older files) */
static size_t
key_chunk(uint8_t *sub, const uint8_t *sha, uint32_t index)
{
	memcpy(sub, sha, SHA);
	store_be32(sub + SHA, index);
	return SHA + 4;
}

/* "u8 level | u64 index" */
static size_t
key_node(uint8_t *sub, uint8_t level, uint64_t index)
{
	sub[0] = level;
	store_be64(sub + 1, index);
	return 9;
}

/* ---- scans --------------------------------------------------------------- */

/* Adapts a scan of sub-keys to the family's callback: plain records, or
 * records kept under an initiative (the key's first 8 bytes). */
struct visit {
	store_rec_fn fn;
	store_under_fn under;
	void *arg;
	size_t keylen; /* every key of the family has this length */
};

static int
visit_cb(const uint8_t *sub, size_t sublen, void *rec, void *arg)
{
	struct visit *v = arg;

	if (sublen != v->keylen) {
		store_rec_free(rec); /* not a key this family writes */
		return SK_DATA_LOSS;
	}
	if (v->under != NULL)
		return v->under(v->keylen >= 8 + SHA ? store_be64_get(sub) : 0, rec,
		    v->arg);
	return v->fn(rec, v->arg);
}

static int
scan_family(struct store_txn *t, const struct scope *sc, enum store_obj o,
    const uint8_t *prefix, size_t plen, const ProtobufCMessageDescriptor *d,
    struct visit *v)
{
	return store_obj_scan(t, sc, o, prefix, plen, d, visit_cb, v);
}

/* ---- the review ------------------------------------------------------------ */

int
store_history_put(struct store_txn *t, const struct scope *sc, uint64_t initiative,
    const HistoryRec *h)
{
	uint8_t sub[12];

	return store_obj_put(t, sc, STORE_HISTORY, sub,
	    key_indexed(sub, initiative, h->seq), &h->base);
}

int
store_history_scan(struct store_txn *t, const struct scope *sc, uint64_t initiative,
    store_rec_fn fn, void *arg)
{
	struct visit v = { .fn = fn, .arg = arg, .keylen = 12 };
	uint8_t prefix[8];

	return scan_family(t, sc, STORE_HISTORY, prefix, key_id(prefix, initiative),
	    &sk__store__v1__history_rec__descriptor, &v);
}

int
store_council_put(struct store_txn *t, const struct scope *sc, const CouncilRec *c)
{
	return store_obj_put(t, sc, STORE_COUNCIL, NULL, 0, &c->base);
}

int
store_council_get(struct store_txn *t, const struct scope *sc, CouncilRec **out)
{
	return store_obj_get(t, sc, STORE_COUNCIL, NULL, 0,
	    &sk__store__v1__council_rec__descriptor, (void **)out);
}

int
store_session_put(struct store_txn *t, const struct scope *sc, const SessionRec *s)
{
	uint8_t sub[8];

	return store_obj_put(t, sc, STORE_SESSION, sub, key_id(sub, s->id), &s->base);
}

int
store_session_get(struct store_txn *t, const struct scope *sc, uint64_t id,
    SessionRec **out)
{
	uint8_t sub[8];

	return store_obj_get(t, sc, STORE_SESSION, sub, key_id(sub, id),
	    &sk__store__v1__session_rec__descriptor, (void **)out);
}

int
store_decision_put(struct store_txn *t, const struct scope *sc, const DecisionRec *d)
{
	uint8_t sub[8];

	return store_obj_put(t, sc, STORE_DECISION, sub, key_id(sub, d->id), &d->base);
}

int
store_decision_get(struct store_txn *t, const struct scope *sc, uint64_t id,
    DecisionRec **out)
{
	uint8_t sub[8];

	return store_obj_get(t, sc, STORE_DECISION, sub, key_id(sub, id),
	    &sk__store__v1__decision_rec__descriptor, (void **)out);
}

int
store_certificate_put(struct store_txn *t, const struct scope *sc,
    const CertificateRec *c)
{
	uint8_t sub[16];

	store_be64(sub, c->initiative_id);
	store_be64(sub + 8, c->id);
	return store_obj_put(t, sc, STORE_CERTIFICATE, sub, sizeof(sub), &c->base);
}

int
store_certificate_scan(struct store_txn *t, const struct scope *sc, uint64_t initiative,
    store_rec_fn fn, void *arg)
{
	struct visit v = { .fn = fn, .arg = arg, .keylen = 16 };
	uint8_t prefix[8];

	return scan_family(t, sc, STORE_CERTIFICATE, prefix, key_id(prefix, initiative),
	    &sk__store__v1__certificate_rec__descriptor, &v);
}

/* ---- the level above ---------------------------------------------------------- */

int
store_round_put(struct store_txn *t, const struct scope *sc, const RoundRec *r)
{
	uint8_t sub[8];

	return store_obj_put(t, sc, STORE_ROUND, sub, key_id(sub, r->id), &r->base);
}

int
store_round_get(struct store_txn *t, const struct scope *sc, uint64_t id, RoundRec **out)
{
	uint8_t sub[8];

	return store_obj_get(t, sc, STORE_ROUND, sub, key_id(sub, id),
	    &sk__store__v1__round_rec__descriptor, (void **)out);
}

int
store_round_scan(struct store_txn *t, const struct scope *sc, store_rec_fn fn, void *arg)
{
	struct visit v = { .fn = fn, .arg = arg, .keylen = 8 };

	return scan_family(t, sc, STORE_ROUND, NULL, 0,
	    &sk__store__v1__round_rec__descriptor, &v);
}

int
store_submission_put(struct store_txn *t, const struct scope *sc, const SubmissionRec *s)
{
	uint8_t sub[8];

	return store_obj_put(t, sc, STORE_SUBMISSION, sub, key_id(sub, s->id), &s->base);
}

int
store_submission_get(struct store_txn *t, const struct scope *sc, uint64_t id,
    SubmissionRec **out)
{
	uint8_t sub[8];

	return store_obj_get(t, sc, STORE_SUBMISSION, sub, key_id(sub, id),
	    &sk__store__v1__submission_rec__descriptor, (void **)out);
}

int
store_submission_scan(struct store_txn *t, const struct scope *sc, store_rec_fn fn,
    void *arg)
{
	struct visit v = { .fn = fn, .arg = arg, .keylen = 8 };

	return scan_family(t, sc, STORE_SUBMISSION, NULL, 0,
	    &sk__store__v1__submission_rec__descriptor, &v);
}

int
store_copy_put(struct store_txn *t, const struct scope *sc, const CopyRec *c)
{
	uint8_t sub[8];
	CopyRec *old = NULL;

	/* A copy is written once: no code path may change one. */
	if (store_copy_get(t, sc, c->id, &old) == 0) {
		store_rec_free(old);
		return SK_ALREADY_EXISTS;
	}
	return store_obj_put(t, sc, STORE_COPY, sub, key_id(sub, c->id), &c->base);
}

int
store_copy_get(struct store_txn *t, const struct scope *sc, uint64_t id, CopyRec **out)
{
	uint8_t sub[8];

	return store_obj_get(t, sc, STORE_COPY, sub, key_id(sub, id),
	    &sk__store__v1__copy_rec__descriptor, (void **)out);
}

/* ---- outboxes and what was taken from them ------------------------------------ */

/* A record put once: no code path may change it. */
static int
put_once(struct store_txn *t, const struct scope *sc, enum store_obj o,
    const uint8_t *sub, size_t len, const ProtobufCMessage *m)
{
	const void *data;
	size_t n;
	int rc = store_raw_get(t, sc, o, sub, len, &data, &n);

	if (rc == 0)
		return SK_ALREADY_EXISTS;
	if (rc != SK_NOT_FOUND)
		return rc;
	return store_obj_put(t, sc, o, sub, len, m);
}

/* Records of a family keyed by seq, from seq from on. */
static int
scan_from(struct store_txn *t, const struct scope *sc, enum store_obj o, uint64_t from,
    const ProtobufCMessageDescriptor *d, store_rec_fn fn, void *arg)
{
	struct visit v = { .fn = fn, .arg = arg, .keylen = 8 };
	uint8_t after[8];

	/* No record has seq 0: "after from - 1" starts at from. */
	return store_obj_scan_after(t, sc, o, after, key_id(after, from ? from - 1 : 0),
	    d, visit_cb, &v);
}

int
store_export_put(struct store_txn *t, const struct scope *sc, const ExportRec *e)
{
	uint8_t sub[8];

	return put_once(t, sc, STORE_EXPORT, sub, key_id(sub, e->seq), &e->base);
}

int
store_export_get(struct store_txn *t, const struct scope *sc, uint64_t seq,
    ExportRec **out)
{
	uint8_t sub[8];

	return store_obj_get(t, sc, STORE_EXPORT, sub, key_id(sub, seq),
	    &sk__store__v1__export_rec__descriptor, (void **)out);
}

int
store_export_scan(struct store_txn *t, const struct scope *sc, uint64_t from,
    store_rec_fn fn, void *arg)
{
	return scan_from(t, sc, STORE_EXPORT, from,
	    &sk__store__v1__export_rec__descriptor, fn, arg);
}

int
store_report_put(struct store_txn *t, const struct scope *sc, const ReportRec *r)
{
	uint8_t sub[8];

	return put_once(t, sc, STORE_REPORT, sub, key_id(sub, r->seq), &r->base);
}

int
store_report_get(struct store_txn *t, const struct scope *sc, uint64_t seq,
    ReportRec **out)
{
	uint8_t sub[8];

	return store_obj_get(t, sc, STORE_REPORT, sub, key_id(sub, seq),
	    &sk__store__v1__report_rec__descriptor, (void **)out);
}

int
store_report_scan(struct store_txn *t, const struct scope *sc, uint64_t from,
    store_rec_fn fn, void *arg)
{
	return scan_from(t, sc, STORE_REPORT, from,
	    &sk__store__v1__report_rec__descriptor, fn, arg);
}

int
store_source_put(struct store_txn *t, const struct scope *sc, const SourceRec *s)
{
	uint8_t sub[4];

	store_be32(sub, s->unit_id);
	return store_obj_put(t, sc, STORE_SOURCE, sub, sizeof(sub), &s->base);
}

int
store_source_get(struct store_txn *t, const struct scope *sc, uint32_t unit,
    SourceRec **out)
{
	uint8_t sub[4];

	store_be32(sub, unit);
	return store_obj_get(t, sc, STORE_SOURCE, sub, sizeof(sub),
	    &sk__store__v1__source_rec__descriptor, (void **)out);
}

int
store_source_scan(struct store_txn *t, const struct scope *sc, store_rec_fn fn, void *arg)
{
	struct visit v = { .fn = fn, .arg = arg, .keylen = 4 };

	return scan_family(t, sc, STORE_SOURCE, NULL, 0,
	    &sk__store__v1__source_rec__descriptor, &v);
}

/* "u32 from | u64 seq" */
static size_t
key_received(uint8_t *sub, uint32_t from, uint64_t seq)
{
	store_be32(sub, from);
	store_be64(sub + 4, seq);
	return 12;
}

int
store_received_put(struct store_txn *t, const struct scope *sc, uint32_t from,
    uint64_t seq, const ReceivedRec *r)
{
	uint8_t sub[12];

	return put_once(t, sc, STORE_RECEIVED, sub, key_received(sub, from, seq),
	    &r->base);
}

int
store_received_get(struct store_txn *t, const struct scope *sc, uint32_t from,
    uint64_t seq, ReceivedRec **out)
{
	uint8_t sub[12];

	return store_obj_get(t, sc, STORE_RECEIVED, sub, key_received(sub, from, seq),
	    &sk__store__v1__received_rec__descriptor, (void **)out);
}

/* ---- files ------------------------------------------------------------------ */

int
store_attachment_put(struct store_txn *t, const struct scope *sc, uint64_t initiative,
    const AttachmentRec *a)
{
	uint8_t sub[8 + SHA];

	if (a->sha256.len != SHA)
		return SK_INVALID_ARGUMENT;
	return store_obj_put(t, sc, STORE_ATTACHMENT, sub,
	    key_pair(sub, initiative, a->sha256.data), &a->base);
}

int
store_attachment_get(struct store_txn *t, const struct scope *sc, uint64_t initiative,
    const uint8_t sha[SHA], AttachmentRec **out)
{
	uint8_t sub[8 + SHA];

	return store_obj_get(t, sc, STORE_ATTACHMENT, sub, key_pair(sub, initiative, sha),
	    &sk__store__v1__attachment_rec__descriptor, (void **)out);
}

int
store_attachment_del(struct store_txn *t, const struct scope *sc, uint64_t initiative,
    const uint8_t sha[SHA])
{
	uint8_t sub[8 + SHA];

	return store_obj_del_prefix(t, sc, STORE_ATTACHMENT, sub,
	    key_pair(sub, initiative, sha));
}

int
store_attachment_scan(struct store_txn *t, const struct scope *sc, uint64_t initiative,
    store_under_fn fn, void *arg)
{
	struct visit v = { .under = fn, .arg = arg, .keylen = 8 + SHA };
	uint8_t prefix[8];

	return scan_family(t, sc, STORE_ATTACHMENT, prefix,
	    initiative != 0 ? key_id(prefix, initiative) : 0,
	    &sk__store__v1__attachment_rec__descriptor, &v);
}

int
store_blob_put(struct store_txn *t, const struct scope *sc, const BlobRec *b)
{
	if (b->sha256.len != SHA)
		return SK_INVALID_ARGUMENT;
	return store_obj_put(t, sc, STORE_BLOB, b->sha256.data, SHA, &b->base);
}

int
store_blob_get(struct store_txn *t, const struct scope *sc, const uint8_t sha[SHA],
    BlobRec **out)
{
	return store_obj_get(t, sc, STORE_BLOB, sha, SHA,
	    &sk__store__v1__blob_rec__descriptor, (void **)out);
}

int
store_blob_del(struct store_txn *t, const struct scope *sc, const uint8_t sha[SHA])
{
	int rc = store_obj_del_prefix(t, sc, STORE_BLOB, sha, SHA);

	return rc != 0 ? rc : store_obj_del_prefix(t, sc, STORE_CHUNK, sha, SHA);
}

int
store_blob_scan(struct store_txn *t, const struct scope *sc, store_under_fn fn, void *arg)
{
	struct visit v = { .under = fn, .arg = arg, .keylen = SHA };

	return scan_family(t, sc, STORE_BLOB, NULL, 0,
	    &sk__store__v1__blob_rec__descriptor, &v);
}

int
store_chunk_get(struct store_txn *t, const struct scope *sc, const uint8_t sha[SHA],
    uint32_t index, const void **data, size_t *len)
{
	uint8_t sub[SHA + 4];

	return store_raw_get(t, sc, STORE_CHUNK, sub, key_chunk(sub, sha, index), data,
	    len);
}

int
store_upload_put(struct store_txn *t, const struct scope *sc, uint64_t initiative,
    const UploadRec *up)
{
	uint8_t sub[8 + SHA];

	if (up->sha256.len != SHA)
		return SK_INVALID_ARGUMENT;
	return store_obj_put(t, sc, STORE_UPLOAD, sub,
	    key_pair(sub, initiative, up->sha256.data), &up->base);
}

int
store_upload_get(struct store_txn *t, const struct scope *sc, uint64_t initiative,
    const uint8_t sha[SHA], UploadRec **out)
{
	uint8_t sub[8 + SHA];

	return store_obj_get(t, sc, STORE_UPLOAD, sub, key_pair(sub, initiative, sha),
	    &sk__store__v1__upload_rec__descriptor, (void **)out);
}

int
store_upload_del(struct store_txn *t, const struct scope *sc, uint64_t initiative,
    const uint8_t sha[SHA])
{
	uint8_t sub[8 + SHA];

	return store_obj_del_prefix(t, sc, STORE_UPLOAD, sub,
	    key_pair(sub, initiative, sha));
}

int
store_upload_scan(struct store_txn *t, const struct scope *sc, store_under_fn fn,
    void *arg)
{
	struct visit v = { .under = fn, .arg = arg, .keylen = 8 + SHA };

	return scan_family(t, sc, STORE_UPLOAD, NULL, 0,
	    &sk__store__v1__upload_rec__descriptor, &v);
}

int
store_part_put(struct store_txn *t, const struct scope *sc, uint64_t upload,
    uint32_t index, const void *data, size_t len)
{
	uint8_t sub[12];

	return store_raw_put(t, sc, STORE_PART, sub, key_indexed(sub, upload, index),
	    data, len);
}

int
store_part_get(struct store_txn *t, const struct scope *sc, uint64_t upload,
    uint32_t index, const void **data, size_t *len)
{
	uint8_t sub[12];

	return store_raw_get(t, sc, STORE_PART, sub, key_indexed(sub, upload, index),
	    data, len);
}

int
store_part_del_all(struct store_txn *t, const struct scope *sc, uint64_t upload)
{
	uint8_t prefix[8];

	return store_obj_del_prefix(t, sc, STORE_PART, prefix, key_id(prefix, upload));
}

/* ---- the decision log --------------------------------------------------------- */

int
store_log_entry_put(struct store_txn *t, const struct scope *sc, uint64_t seq,
    const void *data, size_t len)
{
	uint8_t sub[8];

	return store_raw_put(t, sc, STORE_LOG_ENTRY, sub, key_id(sub, seq), data, len);
}

int
store_log_entry_get(struct store_txn *t, const struct scope *sc, uint64_t seq,
    const void **data, size_t *len)
{
	uint8_t sub[8];

	return store_raw_get(t, sc, STORE_LOG_ENTRY, sub, key_id(sub, seq), data, len);
}

int
store_log_node_put(struct store_txn *t, const struct scope *sc, uint8_t level,
    uint64_t index, const uint8_t hash[SHA])
{
	uint8_t sub[9];

	return store_raw_put(t, sc, STORE_LOG_NODE, sub, key_node(sub, level, index),
	    hash, SHA);
}

int
store_log_node_get(struct store_txn *t, const struct scope *sc, uint8_t level,
    uint64_t index, uint8_t hash[SHA])
{
	uint8_t sub[9];
	const void *data;
	size_t len;
	int rc;

	rc = store_raw_get(t, sc, STORE_LOG_NODE, sub, key_node(sub, level, index), &data,
	    &len);
	if (rc != 0)
		return rc;
	if (len != SHA)
		return SK_DATA_LOSS;
	memcpy(hash, data, SHA);
	return 0;
}

int
store_log_size_get(struct store_txn *t, const struct scope *sc, uint64_t *size)
{
	const void *data;
	size_t len;
	int rc;

	*size = 0;
	rc = store_raw_get(t, sc, STORE_LOG_HEAD, "size", 4, &data, &len);
	if (rc == SK_NOT_FOUND)
		return 0;
	if (rc != 0)
		return rc;
	if (len != 8)
		return SK_DATA_LOSS;
	*size = store_be64_get(data);
	return 0;
}

int
store_log_size_put(struct store_txn *t, const struct scope *sc, uint64_t size)
{
	uint8_t val[8];

	store_be64(val, size);
	return store_raw_put(t, sc, STORE_LOG_HEAD, "size", 4, val, sizeof(val));
}

/* A head of the log kept as text under key. */
static int
head_text_get(struct store_txn *t, const struct scope *sc, const char *key, char **note)
{
	const void *data;
	size_t len;
	int rc;

	*note = NULL;
	if ((rc = store_raw_get(t, sc, STORE_LOG_HEAD, key, strlen(key), &data, &len)) !=
	    0)
		return rc;
	if ((*note = malloc(len + 1)) == NULL)
		return SK_RESOURCE_EXHAUSTED;
	memcpy(*note, data, len);
	(*note)[len] = '\0';
	return 0;
}

int
store_log_checkpoint_get(struct store_txn *t, const struct scope *sc, char **note)
{
	return head_text_get(t, sc, "checkpoint", note);
}

int
store_log_checkpoint_put(struct store_txn *t, const struct scope *sc, const char *note)
{
	return store_raw_put(t, sc, STORE_LOG_HEAD, "checkpoint", 10, note, strlen(note));
}

int
store_log_cosigned_get(struct store_txn *t, const struct scope *sc, char **note)
{
	return head_text_get(t, sc, "cosigned", note);
}

int
store_log_cosigned_put(struct store_txn *t, const struct scope *sc, const char *note)
{
	return store_raw_put(t, sc, STORE_LOG_HEAD, "cosigned", 8, note, strlen(note));
}
