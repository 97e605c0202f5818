/*
 * tlog: each unit's append-only decision log, a Merkle tree as RFC 6962 /
 * RFC 9162 define it, with signed checkpoints (C2SP tlog-checkpoint,
 * signed note, Ed25519).
 *
 * tlog_append() runs inside the same write transaction as the change it
 * records. Interior hashes of complete subtrees are stored as leaves are
 * added, so a root or a proof over a million entries takes a logarithmic
 * number of reads. After each batch, tlog_batch_seal() signs a new
 * checkpoint for every unit whose log grew, after checking that the tree
 * still agrees with the last checkpoint it signed; it never signs a
 * smaller or inconsistent tree. Nothing here updates or deletes an entry.
 *
 * The signing key is process-wide: tlog_init() loads it (or makes it,
 * mode 0600) once at start-up.
 */
#ifndef SK_TLOG_H
#define SK_TLOG_H

#include <stdbool.h>
#include <stdint.h>

#include "merkle.h"
#include "status.h"
#include "store.h"

#define TLOG_PROOF_MAX 128

/* Load key_file, or create it (and key_file with ".pub" the verifier key). */
int tlog_init(const char *key_file, const char *name, bool create, struct sk_error *err);
void tlog_shutdown(void);

/* "name+id+key", the key auditors pin. */
const char *tlog_vkey(void);

/* Append what the actor in sc did to object, whose new state is state
 * (hashed; may be NULL), to sc's unit log. */
int tlog_append(struct store_txn *t, const struct scope *sc, const char *action,
    const char *object, const ProtobufCMessage *state, const char *note);

/* Around each batch of the single writer. */
void tlog_batch_begin(void);
int tlog_batch_seal(struct store_txn *t, struct sk_error *err);

/* Reads, in any transaction, of the unit in sc. */
int tlog_size(struct store_txn *t, const struct scope *sc, uint64_t *size);
int tlog_root(struct store_txn *t, const struct scope *sc, uint64_t size,
    merkle_hash out);
int tlog_entry(struct store_txn *t, const struct scope *sc, uint64_t seq,
    const void **data, size_t *len);
int tlog_inclusion(struct store_txn *t, const struct scope *sc, uint64_t index,
    uint64_t size, merkle_hash *proof, size_t *n);
int tlog_consistency(struct store_txn *t, const struct scope *sc, uint64_t from,
    uint64_t size, merkle_hash *proof, size_t *n);
/* The latest signed checkpoint; malloc'd, or SK_NOT_FOUND before any. */
int tlog_checkpoint(struct store_txn *t, const struct scope *sc, char **note);

/* Stored hashes read so far by this process (not thread-safe; benchmarks). */
unsigned long tlog_node_reads(void);

/* Append a leaf hash without an entry: for tests and benchmarks of the tree. */
int tlog_append_leaf(struct store_txn *t, const struct scope *sc, const merkle_hash leaf);

#endif
