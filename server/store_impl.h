/*
 * store_impl: the generic tenant-record primitives under the record
 * families of store.h. For store_rec.c, which builds each family's keys,
 * and for test tools that must reach raw records (to tamper with them);
 * nothing else includes it.
 *
 * A record lives under the key "tenant | sub" of one named database.
 */
#ifndef SK_STORE_IMPL_H
#define SK_STORE_IMPL_H

#include "store.h"

enum store_obj {
	STORE_HISTORY,
	STORE_COUNCIL,
	STORE_SESSION,
	STORE_DECISION,
	STORE_CERTIFICATE,
	STORE_ATTACHMENT,
	STORE_BLOB,
	STORE_CHUNK,
	STORE_UPLOAD,
	STORE_PART,
	STORE_LOG_ENTRY,
	STORE_LOG_NODE,
	STORE_LOG_HEAD,
	STORE_ROUND,
	STORE_SUBMISSION,
	STORE_COPY,
	STORE_EXPORT,
	STORE_REPORT,
	STORE_SOURCE,
	STORE_RECEIVED,
	STORE_OBJ_COUNT
};

/* Big-endian helpers for sub-keys. */
void store_be64(uint8_t *p, uint64_t v);
uint64_t store_be64_get(const uint8_t *p);
void store_be32(uint8_t *p, uint32_t v);
uint32_t store_be32_get(const uint8_t *p);

int store_obj_put(struct store_txn *t, const struct scope *sc, enum store_obj o,
    const void *sub, size_t sublen, const ProtobufCMessage *m);
int store_obj_get(struct store_txn *t, const struct scope *sc, enum store_obj o,
    const void *sub, size_t sublen, const ProtobufCMessageDescriptor *d, void **out);

/* Visit records whose sub-key starts with prefix, in key order; fn owns
 * rec (free it with store_rec_free) and stops the scan by returning non-0. */
typedef int (*store_obj_fn)(const uint8_t *sub, size_t sublen, void *rec, void *arg);
int store_obj_scan(struct store_txn *t, const struct scope *sc, enum store_obj o,
    const void *prefix, size_t plen, const ProtobufCMessageDescriptor *d, store_obj_fn fn,
    void *arg);

/* The same over the whole family, from the first sub-key after after. */
int store_obj_scan_after(struct store_txn *t, const struct scope *sc, enum store_obj o,
    const void *after, size_t alen, const ProtobufCMessageDescriptor *d, store_obj_fn fn,
    void *arg);

/* Raw bytes; get's pointer is valid until the txn ends. */
int store_raw_put(struct store_txn *t, const struct scope *sc, enum store_obj o,
    const void *sub, size_t sublen, const void *data, size_t len);
int store_raw_get(struct store_txn *t, const struct scope *sc, enum store_obj o,
    const void *sub, size_t sublen, const void **data, size_t *len);

/* What a bug or a hand could do to the indexes, for the tests of skd
 * check: remove initiative id from every index (its record kept), or
 * add the keys r calls for as if it were stored (its record not). */
int store_index_drop(struct store_txn *t, const struct scope *sc, uint64_t id);
int store_index_add(struct store_txn *t, const struct scope *sc, const InitiativeRec *r);

/* Delete the tenant's records under a sub-key prefix. */
int store_obj_del_prefix(struct store_txn *t, const struct scope *sc, enum store_obj o,
    const void *prefix, size_t plen);

#endif
