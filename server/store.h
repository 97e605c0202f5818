/*
 * store: everything the server keeps, in one LMDB environment.
 *
 * Only this module sees LMDB. Named databases are opened once at start-up;
 * keys are big-endian composites that begin with the tenant (unit) id, so
 * one tenant's data is one contiguous key range and a scoped call cannot
 * reach past it. Values are sk.store.v1 protobuf records.
 *
 *   units        u32 unit                  -> UnitRec
 *   users        u32 unit | login          -> UserRec
 *   logins       login                     -> u32 unit      (logins are global)
 *   certs        sha256(cert)              -> u32 unit | login
 *   initiatives  u32 unit | u64 id         -> InitiativeRec
 *   seq          u32 unit | u8 kind        -> u64 last id, or a counter
 *   meta         name                      -> value ("schema": u32)
 *
 * and, through the generic store_obj_* calls, records of one tenant:
 *
 *   history      u32 unit | u64 initiative | u32 seq    -> HistoryRec
 *   councils     u32 unit                               -> CouncilRec
 *   sessions     u32 unit | u64 session                 -> SessionRec
 *   decisions    u32 unit | u64 decision                -> DecisionRec
 *   certificates u32 unit | u64 initiative | u64 cert   -> CertificateRec
 *   attachments  u32 unit | u64 initiative | sha256     -> AttachmentRec
 *   blobs        u32 unit | sha256                      -> BlobRec (checked)
 *   chunks       u32 unit | sha256 | u32 index          -> raw bytes (older files)
 *   uploads      u32 unit | u64 initiative | sha256     -> UploadRec
 *   parts        u32 unit | u64 upload | u32 index      -> raw bytes
 *   log_entries  u32 unit | u64 seq                     -> LogEntry bytes
 *   log_nodes    u32 unit | u8 level | u64 index        -> SHA-256
 *   log_heads    u32 unit | "size" / "checkpoint"       -> u64 / signed note
 *
 * Calls return 0 or an sk_code, and fill an sk_error where one is given.
 * A store_txn remembers the first LMDB failure (a sticky error), so a
 * batch knows it must abort. Read transactions are short and may run in
 * any thread; write transactions run only in the writer thread.
 */
#ifndef SK_STORE_H
#define SK_STORE_H

#include <lmdb.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"
#include "store.pb-c.h"

/* The layout this server writes. Older data directories are brought up to
 * it by server/migrate.c when skd starts; newer ones are refused. */
#define STORE_SCHEMA 2
#define STORE_KEY_MAX 128
#define STORE_SPACE_MARGIN (128u << 20) /* less free than this is a full disk */
#define STORE_FP_LEN 32

typedef Sk__Store__V1__UnitRec UnitRec;
typedef Sk__Store__V1__UserRec UserRec;
typedef Sk__Store__V1__InitiativeRec InitiativeRec;
typedef Sk__Store__V1__AuthorRec AuthorRec;
typedef Sk__Store__V1__ReceiptRec ReceiptRec;
typedef Sk__Store__V1__OutcomeRec OutcomeRec;
typedef Sk__Store__V1__HistoryRec HistoryRec;
typedef Sk__Store__V1__CouncilRec CouncilRec;
typedef Sk__Store__V1__CouncilMemberRec CouncilMemberRec;
typedef Sk__Store__V1__BallotRec BallotRec;
typedef Sk__Store__V1__SessionRec SessionRec;
typedef Sk__Store__V1__DecisionRec DecisionRec;
typedef Sk__Store__V1__CertificateRec CertificateRec;
typedef Sk__Store__V1__AttachmentRec AttachmentRec;
typedef Sk__Store__V1__BlobRec BlobRec;
typedef Sk__Store__V1__UploadRec UploadRec;

/* Who is asking: the tenant comes from the TLS peer, never from a request. */
struct scope {
	uint32_t tenant;
	uint32_t roles;
	const char *login;
	const uint8_t *fp; /* the caller's certificate (decision log) */
};

struct store;

struct store_txn {
	struct store *st;
	MDB_txn *txn;
	int mdb_rc; /* first LMDB error, sticky */
	bool rdonly;
};

struct store_opts {
	size_t map_size; /* initial map size in bytes */
	size_t map_max;  /* the map never grows past this */
	bool create;     /* make a new environment (skd init) */
};

int store_open(struct store **out, const char *dir, const struct store_opts *o,
    struct sk_error *err);
void store_close(struct store *st);

/* The schema of the data directory as committed (0 if unreadable), and
 * setting it in the transaction that migrates the records. */
uint32_t store_schema(struct store *st);
int store_schema_set(struct store_txn *t, uint32_t version);

/* Current map size, for logs and tests. */
size_t store_map_size(struct store *st);

/* Grow the map (doubling, up to map_max). No read txn of this process may
 * be open in another thread meanwhile: it waits for them. -1 at the cap. */
int store_grow(struct store *st);

int store_read_begin(struct store *st, struct store_txn *t);
void store_read_end(struct store_txn *t);

/* A write txn, nested in parent when parent is not NULL. */
int store_write_begin(struct store *st, struct store_txn *parent, struct store_txn *t);
int store_commit(struct store_txn *t, struct sk_error *err);
void store_abort(struct store_txn *t);

/* Was the txn's failure a full map (grow and retry)? */
bool store_txn_map_full(const struct store_txn *t);

/* Key encoding, exposed for tests. Returns the key length. */
size_t store_key_initiative(uint8_t *key, uint32_t tenant, uint64_t id);
size_t store_key_user(uint8_t *key, size_t sz, uint32_t tenant, const char *login);
void store_key_decode_initiative(const uint8_t *key, uint32_t *tenant, uint64_t *id);

/* Units (the tenants). */
int store_unit_put(struct store_txn *t, const UnitRec *u);
int store_unit_get(struct store_txn *t, uint32_t id, UnitRec **out);
int store_unit_by_code(struct store_txn *t, const char *code, UnitRec **out);
int store_unit_list(struct store_txn *t, UnitRec ***out, size_t *n);
void store_unit_list_free(UnitRec **v, size_t n);

/* Users. put creates or replaces and keeps the login and cert indexes. */
int store_user_put(struct store_txn *t, const UserRec *u);
int store_user_find(struct store_txn *t, const char *login, UserRec **out);
int store_user_by_fp(struct store_txn *t, const uint8_t fp[STORE_FP_LEN], UserRec **out);
int store_user_list(struct store_txn *t, uint32_t tenant, UserRec ***out, size_t *n);
void store_user_list_free(UserRec **v, size_t n);

/* Initiatives, always inside the caller's tenant. */
int store_initiative_next_id(struct store_txn *t, const struct scope *sc, uint64_t *id);
int store_initiative_put(struct store_txn *t, const struct scope *sc,
    const InitiativeRec *r);
int store_initiative_get(struct store_txn *t, const struct scope *sc, uint64_t id,
    InitiativeRec **out);

/* Call fn for the tenant's initiatives with id > after, in id order,
 * until it returns non-zero (which is returned; 1 means "stop, fine"). */
typedef int (*store_initiative_fn)(InitiativeRec *r, void *arg);
int store_initiative_scan(struct store_txn *t, const struct scope *sc, uint64_t after,
    store_initiative_fn fn, void *arg);

/* Free a record from any get. */
void store_rec_free(void *rec);

/* ---- tenant records ------------------------------------------------------ */

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
	STORE_OBJ_COUNT
};

enum store_seq {
	SEQ_INITIATIVE = 1,
	SEQ_SESSION,
	SEQ_DECISION,
	SEQ_CERTIFICATE,
	SEQ_RECEIPT,
	SEQ_UPLOAD,
	SEQ_FILE_BYTES /* not a sequence: bytes of files the unit holds */
};

/* Big-endian helpers for sub-keys. */
void store_be64(uint8_t *p, uint64_t v);
uint64_t store_be64_get(const uint8_t *p);
void store_be32(uint8_t *p, uint32_t v);

/* The next number of a per-tenant sequence (1, 2, ...). */
int store_seq_next(struct store_txn *t, const struct scope *sc, enum store_seq kind,
    uint64_t *id);

/* A per-tenant counter: read it (0 if never set), or add to it (never
 * below 0) and get the new value (value may be NULL). */
int store_seq_get(struct store_txn *t, const struct scope *sc, enum store_seq kind,
    uint64_t *value);
int store_seq_add(struct store_txn *t, const struct scope *sc, enum store_seq kind,
    int64_t delta, uint64_t *value);

/* Records under the key "tenant | sub". */
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

/* Raw bytes (file chunks); get's pointer is valid until the txn ends. */
int store_raw_put(struct store_txn *t, const struct scope *sc, enum store_obj o,
    const void *sub, size_t sublen, const void *data, size_t len);
int store_raw_get(struct store_txn *t, const struct scope *sc, enum store_obj o,
    const void *sub, size_t sublen, const void **data, size_t *len);

/* Delete the tenant's records under a sub-key prefix (uploads only). */
int store_obj_del_prefix(struct store_txn *t, const struct scope *sc, enum store_obj o,
    const void *prefix, size_t plen);

#endif
