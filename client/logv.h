/*
 * logv: verification of a unit's decision log, as an auditor (sk audit)
 * or the district's puller does it.
 *
 *   1. logv_open()    the served checkpoint is signed by the pinned
 *                     verifier key (never the key the server offers) and
 *                     is the log of the unit asked for;
 *   2. logv_extend()  it extends the checkpoint trusted before: not
 *                     smaller (rollback), the same root at the same size,
 *                     else a consistency proof (fork);
 *   3. logv_entries() every entry hashes into its signed root, or else
 *                     which entry is the first altered; or
 *      logv_entry()   one entry is in it, by its inclusion proof.
 *
 * Where the trusted checkpoint lives is the caller's business: each step
 * takes what it needs and, after the last, the served checkpoint's note
 * (struct logv_checkpoint.note) is the one to trust next time. sk keeps
 * it in a file (trust.h); the puller in its own store.
 *
 * Proofs come from a struct logv_source: logv_remote_proof() asks a
 * server, a test answers from a tree in memory.
 *
 * Results: every check fills a struct logv_result, whose verdict is
 * LOGV_OK or what failed, with a message for people. The calls that need
 * a proof return 0 when they reached a verdict, or the error (with err)
 * that kept them from it: SK_UNAVAILABLE when the source is gone, or the
 * server's refusal of a consistency or inclusion proof.
 */
#ifndef SK_LOGV_H
#define SK_LOGV_H

#include <stdbool.h>
#include <stdint.h>

#include "merkle.h"
#include "note.h"
#include "skc.h"

enum logv_verdict {
	LOGV_OK = 0,
	LOGV_BAD_SIGNATURE,  /* not signed by the pinned key, or note or key malformed */
	LOGV_BAD_CHECKPOINT, /* signed, but not a checkpoint */
	LOGV_WRONG_LOG,      /* the checkpoint of another unit's log */
	LOGV_BAD_TRUSTED, /* the trusted checkpoint is unreadable, unsigned, another log's */
	LOGV_ROLLBACK,    /* the log is smaller than the trusted checkpoint */
	LOGV_FORK,        /* the log does not extend the trusted checkpoint */
	LOGV_MISSING,     /* fewer entries are served than the checkpoint covers */
	LOGV_ALTERED,     /* the entries do not hash to the signed root */
	LOGV_NOT_SERVED,   /* the entry asked for is not served */
	LOGV_NOT_INCLUDED, /* the entry is not in the signed tree */
	LOGV_UNWITNESSED   /* no valid cosignature by a witness required */
};

/* A checkpoint whose signature was verified. */
struct logv_checkpoint {
	char note[NOTE_MAX]; /* the signed note, exactly as served */
	char origin[256];    /* "<log name>/<unit code>" */
	uint64_t size;
	merkle_hash root;
};

struct logv_result {
	enum logv_verdict verdict;
	char msg[512]; /* what failed, e.g. "ROLLBACK: the server's log is ..." */
	/* LOGV_ALTERED: the first entry not in the signed tree; LOGV_MISSING:
	 * how many entries were served. */
	uint64_t index;
	uint64_t trusted_size; /* logv_extend: the size trusted before (0: none) */
	/* LOGV_ROLLBACK, LOGV_FORK: the checkpoint trusted before and the one
	 * served now, as signed notes; "" otherwise. */
	char trusted[NOTE_MAX];
	char served[NOTE_MAX];
};

/*
 * Proofs for the tree of size entries: the inclusion proof of leaf x, or
 * with consistency the proof that the tree of x entries is its prefix.
 * *hashes is malloc'd (*n of them; NULL when *n is 0) and logv frees it.
 * Returns 0, or an sk code with err.
 */
typedef int logv_proof_fn(void *arg, bool consistency, uint64_t x, uint64_t size,
    merkle_hash **hashes, size_t *n, struct sk_error *err);

struct logv_source {
	logv_proof_fn *proof;
	void *arg;
};

/* The server behind conn, for the log of unit (NULL or "": the caller's). */
struct logv_remote {
	struct skc *conn;
	const char *unit;
};

/* A logv_proof_fn over call_log_proof(); arg is a struct logv_remote.
 * A hash of another length than 32 bytes is kept as zeros (it then fails
 * to verify). */
int logv_remote_proof(void *arg, bool consistency, uint64_t x, uint64_t size,
    merkle_hash **hashes, size_t *n, struct sk_error *err);

/*
 * Verify note (a checkpoint as served) against the pinned verifier key
 * vkey and parse it into cp; when unit is given (not NULL or ""), the
 * origin must name that unit's log. Returns the verdict, also in res:
 * LOGV_OK, LOGV_BAD_SIGNATURE, LOGV_BAD_CHECKPOINT or LOGV_WRONG_LOG.
 */
enum logv_verdict logv_open(const char *note, const char *vkey, const char *unit,
    struct logv_checkpoint *cp, struct logv_result *res);

/*
 * Does cp (from logv_open) extend trusted, the signed note trusted
 * before? trusted NULL is the first use: cp is trusted as it is. Any other
 * trusted text must verify under vkey as a checkpoint of cp's log, else
 * LOGV_BAD_TRUSTED (so a file that could not be read is passed as "").
 * Then LOGV_ROLLBACK if cp is smaller, LOGV_FORK if it has another root at
 * the same size or its consistency proof (from src) fails, else LOGV_OK.
 */
int logv_extend(const struct logv_checkpoint *cp, const char *trusted, const char *vkey,
    const struct logv_source *src, struct logv_result *res, struct sk_error *err);

/*
 * Is cp (from logv_open, of the log of vkey) witnessed by the witness of
 * wkey? cosigned is the latest checkpoint the server says was cosigned:
 * it must be of the same log, carry a valid cosignature by that witness
 * (C2SP tlog-cosignature v1; its time into *when), and cp must extend it
 * (a consistency proof from src), else LOGV_UNWITNESSED, or the verdict
 * of logv_extend. A witness that saw another tree at that size has not
 * cosigned this one.
 */
int logv_witnessed(const struct logv_checkpoint *cp, const char *cosigned,
    const char *vkey, const char *wkey, const struct logv_source *src, int64_t *when,
    struct logv_result *res, struct sk_error *err);

/* The entries [0, n) of a log, as served (LogEntry bytes, as hashed). */
struct logv_entries {
	ProtobufCBinaryData *v;
	uint64_t n;
};

/*
 * Fetch entries [0, size) of the log of unit (NULL or "": the caller's)
 * into e, in as many calls as the server needs. Stops early, without
 * error, where the server serves nothing more: logv_entries() then says
 * LOGV_MISSING. Returns 0, or the call's error (e is then empty). Free e
 * with logv_entries_free.
 */
int logv_fetch(struct skc *s, const char *unit, uint64_t size, struct logv_entries *e,
    struct sk_error *err);

void logv_entries_free(struct logv_entries *e);

/*
 * Do the entries e hash to cp's root? LOGV_MISSING when there are fewer
 * than cp->size; LOGV_ALTERED, with index set to the first entry that
 * inclusion proofs from src do not place in the signed tree, when the
 * root differs. A proof the server refuses counts as not placing it; the
 * connection failing is an error.
 */
int logv_entries(const struct logv_checkpoint *cp, const struct logv_entries *e,
    const struct logv_source *src, struct logv_result *res, struct sk_error *err);

/*
 * Is entry (the bytes served as entry index; NULL when none were) in cp's
 * tree, by its inclusion proof from src? LOGV_NOT_SERVED, LOGV_NOT_INCLUDED
 * (also for an index past the tree) or LOGV_OK.
 */
int logv_entry(const struct logv_checkpoint *cp, uint64_t index,
    const ProtobufCBinaryData *entry, const struct logv_source *src,
    struct logv_result *res, struct sk_error *err);

#endif
