/*
 * rpc_log: what auditors read of the decision logs: the latest signed
 * checkpoint, entries by range, inclusion and consistency proofs. An
 * auditor of the district reads every unit's log, any other auditor only
 * their own unit's.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "rpc_impl.h"
#include "tlog.h"

#define ENTRIES_MAX 1000

/* The scope of the log named by code, if the caller may read it. */
static int
log_scope(struct rpc_ctx *x, struct store_txn *t, const char *code, struct scope *sc,
    struct sk_error *err)
{
	UnitRec *own = NULL, *target = NULL;
	int rc;

	*sc = authz_scope(x->who);
	if (code[0] == '\0')
		return 0;
	if ((rc = store_unit_by_code(t, code, &target)) != 0)
		return status_set(err, rc == SK_NOT_FOUND ? SK_NOT_FOUND : rc,
		    "unit_code: no unit \"%s\"", code);
	if (target->id != x->who->tenant) {
		rc = store_unit_get(t, x->who->tenant, &own);
		if (rc != 0 || own->kind != SK__V1__UNIT_KIND__UNIT_DISTRICT)
			rc = status_set(err, SK_PERMISSION_DENIED,
			    "your audit covers your own unit only, not %s", code);
	}
	sc->tenant = target->id;
	store_rec_free(own);
	store_rec_free(target);
	return rc;
}

/* Open a read txn and resolve the log; replies and returns -1 on failure. */
static int
log_open(struct rpc_ctx *x, struct store_txn *t, const char *code, struct scope *sc)
{
	struct sk_error err = { 0 };

	if (store_read_begin(x->srv->st, t) != 0) {
		rpc_reply_code(x, SK_UNAVAILABLE, "storage unavailable");
		return -1;
	}
	if (log_scope(x, t, code, sc, &err) != 0) {
		store_read_end(t);
		rpc_reply_error(x, &err);
		return -1;
	}
	return 0;
}

void
rpc_log_checkpoint(struct rpc_ctx *x, const Sk__V1__Request *req)
{
	Sk__V1__Response resp = SK__V1__RESPONSE__INIT;
	Sk__V1__LogCheckpointResponse cr = SK__V1__LOG_CHECKPOINT_RESPONSE__INIT;
	struct store_txn t;
	struct scope sc;
	char *note = NULL;
	int rc;

	if (log_open(x, &t, req->log_checkpoint->unit_code, &sc) != 0)
		return;
	rc = tlog_checkpoint(&t, &sc, &note);
	store_read_end(&t);
	if (rc == SK_NOT_FOUND) {
		rpc_reply_code(x, rc,
		    "this unit's log has no checkpoint yet (no entries)");
	} else if (rc != 0) {
		rpc_reply_code(x, SK_UNAVAILABLE, "cannot read the checkpoint");
	} else {
		cr.checkpoint = note;
		cr.verifier_key = (char *)tlog_vkey();
		resp.result_case = SK__V1__RESPONSE__RESULT_LOG_CHECKPOINT;
		resp.log_checkpoint = &cr;
		rpc_reply(x, &resp, false);
	}
	free(note);
}

void
rpc_log_entries(struct rpc_ctx *x, const Sk__V1__Request *req)
{
	const Sk__V1__LogEntriesRequest *q = req->log_entries;
	Sk__V1__Response resp = SK__V1__RESPONSE__INIT;
	Sk__V1__LogEntriesResponse er = SK__V1__LOG_ENTRIES_RESPONSE__INIT;
	ProtobufCBinaryData *v = NULL;
	struct store_txn t;
	struct scope sc;
	uint64_t size, end, i;
	size_t bytes = 0, n = 0;

	if (q->end <= q->start) {
		rpc_reply_code(x, SK_INVALID_ARGUMENT, "end: must be past start");
		return;
	}
	if (log_open(x, &t, q->unit_code, &sc) != 0)
		return;
	if (tlog_size(&t, &sc, &size) != 0) {
		store_read_end(&t);
		rpc_reply_code(x, SK_UNAVAILABLE, "cannot read the log");
		return;
	}
	if (q->start >= size) {
		store_read_end(&t);
		rpc_reply_code(x, SK_OUT_OF_RANGE,
		    "start: the log has %" PRIu64 " entries", size);
		return;
	}
	end = q->end < size ? q->end : size;
	if (end - q->start > ENTRIES_MAX)
		end = q->start + ENTRIES_MAX;
	if ((v = calloc(end - q->start, sizeof(*v))) == NULL) {
		store_read_end(&t);
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	/* Entries point into the map: packed into the reply before the txn ends. */
	for (i = q->start; i < end && bytes < x->srv->cfg->max_frame / 2; i++, n++) {
		const void *data;
		size_t len;

		/* A missing entry is served as missing: auditors notice. */
		if (tlog_entry(&t, &sc, i, &data, &len) != 0)
			break;
		v[n].data = (uint8_t *)data;
		v[n].len = len;
		bytes += len + 8;
	}
	er.start = q->start;
	er.n_entries = n;
	er.entries = v;
	resp.result_case = SK__V1__RESPONSE__RESULT_LOG_ENTRIES;
	resp.log_entries = &er;
	rpc_reply(x, &resp, false);
	store_read_end(&t);
	free(v);
}

void
rpc_log_proof(struct rpc_ctx *x, const Sk__V1__Request *req)
{
	const Sk__V1__LogProofRequest *q = req->log_proof;
	Sk__V1__Response resp = SK__V1__RESPONSE__INIT;
	Sk__V1__LogProofResponse pr = SK__V1__LOG_PROOF_RESPONSE__INIT;
	merkle_hash proof[TLOG_PROOF_MAX];
	ProtobufCBinaryData v[TLOG_PROOF_MAX];
	struct store_txn t;
	struct scope sc;
	size_t n = 0;
	int rc;

	if (log_open(x, &t, q->unit_code, &sc) != 0)
		return;
	rc = q->consistency ?
	    tlog_consistency(&t, &sc, q->from_size, q->tree_size, proof, &n) :
	    tlog_inclusion(&t, &sc, q->index, q->tree_size, proof, &n);
	store_read_end(&t);
	if (rc == SK_OUT_OF_RANGE) {
		rpc_reply_code(x, rc, "tree_size, index or from_size out of range");
		return;
	}
	if (rc != 0) {
		rpc_reply_code(x, SK_UNAVAILABLE, "cannot read the tree");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		v[i].data = proof[i];
		v[i].len = MERKLE_HASH_LEN;
	}
	pr.n_hashes = n;
	pr.hashes = v;
	resp.result_case = SK__V1__RESPONSE__RESULT_LOG_PROOF;
	resp.log_proof = &pr;
	rpc_reply(x, &resp, false);
}
