/*
 * rpc_log: what auditors read of the decision logs: the latest signed
 * checkpoint, entries by range, inclusion and consistency proofs. Which
 * unit's log a caller may read is authz's to say.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "rpc_impl.h"
#include "tlog.h"

#define ENTRIES_MAX 1000

/* Run fn on the log of the unit with code, if the caller may read it (or,
 * family AZ_CHECKPOINT, only its checkpoint). */
typedef void (*log_fn)(struct rpc_ctx *x, struct store_txn *t, const struct scope *sc,
    const void *q);

static void
log_read(struct rpc_ctx *x, enum authz_family f, const char *code, log_fn fn,
    const void *q)
{
	struct store_txn t;
	struct scope sc;

	if (store_read_begin(x->srv->st, &t) != 0) {
		rpc_reply_code(x, SK_UNAVAILABLE, "storage unavailable");
		return;
	}
	if (rpc_scope_unit(x, &t, f, AZ_READ, code, &sc) == 0)
		fn(x, &t, &sc, q);
	store_read_end(&t);
}

static void
read_checkpoint(struct rpc_ctx *x, struct store_txn *t, const struct scope *sc,
    const void *q)
{
	Sk__V1__LogCheckpointResponse cr = SK__V1__LOG_CHECKPOINT_RESPONSE__INIT;
	char *note = NULL, *cosigned = NULL;
	int rc;

	(void)q;
	rc = tlog_checkpoint(t, sc, &note);
	if (rc == 0 && store_log_cosigned_get(t, sc, &cosigned) == 0)
		cr.cosigned = cosigned;
	if (rc == SK_NOT_FOUND) {
		rpc_reply_code(x, rc,
		    "this unit's log has no checkpoint yet (no entries)");
	} else if (rc != 0) {
		rpc_reply_code(x, SK_UNAVAILABLE, "cannot read the checkpoint");
	} else {
		cr.checkpoint = note;
		cr.verifier_key = (char *)tlog_vkey();
		rpc_reply_result(x, SK__V1__RESPONSE__RESULT_LOG_CHECKPOINT, &cr);
	}
	free(note);
	free(cosigned);
}

RPC_HANDLER(rpc_log_checkpoint)
{
	log_read(x, AZ_CHECKPOINT, req->log_checkpoint->unit_code, read_checkpoint, NULL);
}

static void
read_entries(struct rpc_ctx *x, struct store_txn *t, const struct scope *sc,
    const void *arg)
{
	const Sk__V1__LogEntriesRequest *q = arg;
	Sk__V1__LogEntriesResponse er = SK__V1__LOG_ENTRIES_RESPONSE__INIT;
	ProtobufCBinaryData *v;
	uint64_t size, end, i;
	size_t bytes = 0, n = 0;

	if (tlog_size(t, sc, &size) != 0) {
		rpc_reply_code(x, SK_UNAVAILABLE, "cannot read the log");
		return;
	}
	if (q->start >= size) {
		rpc_reply_code(x, SK_OUT_OF_RANGE,
		    "start: the log has %" PRIu64 " entries", size);
		return;
	}
	end = q->end < size ? q->end : size;
	if (end - q->start > ENTRIES_MAX)
		end = q->start + ENTRIES_MAX;
	if ((v = calloc(end - q->start, sizeof(*v))) == NULL) {
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	/* Entries point into the map: packed into the reply before the txn ends. */
	for (i = q->start; i < end && bytes < x->srv->cfg->max_frame / 2; i++, n++) {
		const void *data;
		size_t len;

		/* A missing entry is served as missing: auditors notice. */
		if (tlog_entry(t, sc, i, &data, &len) != 0)
			break;
		v[n].data = (uint8_t *)data;
		v[n].len = len;
		bytes += len + 8;
	}
	er.start = q->start;
	er.n_entries = n;
	er.entries = v;
	rpc_reply_result(x, SK__V1__RESPONSE__RESULT_LOG_ENTRIES, &er);
	free(v);
}

RPC_HANDLER(rpc_log_entries)
{
	const Sk__V1__LogEntriesRequest *q = req->log_entries;

	if (q->end <= q->start) {
		rpc_reply_code(x, SK_INVALID_ARGUMENT, "end: must be past start");
		return;
	}
	log_read(x, AZ_LOG, q->unit_code, read_entries, q);
}

static void
read_proof(struct rpc_ctx *x, struct store_txn *t, const struct scope *sc,
    const void *arg)
{
	const Sk__V1__LogProofRequest *q = arg;
	Sk__V1__LogProofResponse pr = SK__V1__LOG_PROOF_RESPONSE__INIT;
	merkle_hash proof[TLOG_PROOF_MAX];
	ProtobufCBinaryData v[TLOG_PROOF_MAX];
	size_t n = 0;
	int rc;

	rc = q->consistency ?
	    tlog_consistency(t, sc, q->from_size, q->tree_size, proof, &n) :
	    tlog_inclusion(t, sc, q->index, q->tree_size, proof, &n);
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
	rpc_reply_result(x, SK__V1__RESPONSE__RESULT_LOG_PROOF, &pr);
}

RPC_HANDLER(rpc_log_proof)
{
	log_read(x, AZ_LOG, req->log_proof->unit_code, read_proof, req->log_proof);
}
