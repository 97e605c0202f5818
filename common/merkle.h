/*
 * merkle: the Merkle tree hash of RFC 6962 / RFC 9162, and verification of
 * its inclusion and consistency proofs (RFC 9162 §2.1.3.2, §2.1.4.2).
 *
 *   leaf hash  SHA-256(0x00 || entry)
 *   node hash  SHA-256(0x01 || left || right)
 *   empty tree SHA-256("")
 *
 * Pure functions over byte strings: the server builds proofs from its
 * store, the auditor's CLI checks them offline with the same code.
 */
#ifndef SK_MERKLE_H
#define SK_MERKLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MERKLE_HASH_LEN 32

typedef uint8_t merkle_hash[MERKLE_HASH_LEN];

void merkle_leaf(const void *entry, size_t len, merkle_hash out);
void merkle_node(const merkle_hash left, const merkle_hash right, merkle_hash out);
void merkle_empty(merkle_hash out);

/* Root of the tree over n leaf hashes (n may be 0), by the definition. */
void merkle_root(const merkle_hash *leaves, uint64_t n, merkle_hash out);

/*
 * The root of the tree over n entries (their leaf hashes made here): what
 * an auditor computes over a whole log. The entries are hashed in up to
 * threads threads (0: one a processor; the entries must stay as they are
 * meanwhile). get gives entry i. 0, or -1 when memory ran out.
 */
typedef void (*merkle_entry_fn)(void *arg, uint64_t i, const void **data, size_t *len);
int merkle_root_entries(uint64_t n, merkle_entry_fn get, void *arg, unsigned threads,
    merkle_hash out);

/* The largest power of two smaller than n (n > 1). */
uint64_t merkle_split(uint64_t n);

/* Does proof (n hashes) show leaf `leaf` at index in a tree of size with root? */
bool merkle_verify_inclusion(uint64_t index, uint64_t size, const merkle_hash leaf,
    const merkle_hash *proof, size_t n, const merkle_hash root);

/* Does proof show that the tree (size1, root1) is a prefix of (size2, root2)? */
bool merkle_verify_consistency(uint64_t size1, uint64_t size2, const merkle_hash root1,
    const merkle_hash root2, const merkle_hash *proof, size_t n);

/* Lower-case hex of a hash; out needs 65 bytes. */
void merkle_hex(const merkle_hash h, char *out);

#endif
