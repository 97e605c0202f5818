/*
 * store: everything the server keeps, in one LMDB environment.
 *
 * Only store*.c see LMDB. Named databases are opened once at start-up;
 * keys are big-endian composites that begin with the tenant (unit) id, so
 * one tenant's data is one contiguous key range and a scoped call cannot
 * reach past it. Values are sk.store.v1 protobuf records. Each record
 * family's key is built in one place (store.c for units, users and
 * initiatives, store_index.c for the initiatives' indexes, store_rec.c
 * for the rest):
 *
 *   units        u32 unit                  -> UnitRec
 *   users        u32 unit | login          -> UserRec
 *   logins       login                     -> u32 unit      (logins are global)
 *   certs        sha256(cert)              -> u32 unit | login
 *   initiatives  u32 unit | u64 id         -> InitiativeRec
 *   by_state     u32 unit | u32 state | u64 id       -> empty
 *   by_category  u32 unit | u32 category | u64 id    -> empty
 *   words        u32 unit | word | 0x00 | u64 id     -> empty (postings)
 *   lexicon      u32 unit | word                     -> u32 postings of it
 *   near         u64 word hash | u32 unit | u16 words | u64 id
 *                                                    -> u64 hashes, ascending
 *   seq          u32 unit | u8 kind        -> u64 last id, or a counter
 *   meta         name                      -> value ("schema": u32)
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
 *   log_heads    u32 unit | "size" / "checkpoint" / "cosigned" -> u64 / signed note
 *   rounds       u32 unit | u64 round                   -> RoundRec
 *   submissions  u32 unit | u64 submission              -> SubmissionRec
 *   copies       u32 unit | u64 copy                    -> CopyRec (never changed)
 *   exports      u32 unit | u64 seq                     -> ExportRec (never changed)
 *   reports      u32 unit | u64 seq                     -> ReportRec (never changed)
 *   sources      u32 unit | u32 other unit              -> SourceRec
 *   received     u32 unit | u32 from unit | u64 export  -> ReceivedRec
 *
 * The indexes (by_state ... near) change with their initiative in the
 * same transaction (store_initiative_put), so they never disagree with
 * the records. A word is one of the folded title and summary, as
 * text_word() cuts them, its first STORE_WORD_MAX bytes. near keys each
 * recognised initiative under the first words of its title's distinct
 * words in the order of their hash (store_index.c says why that finds
 * every title alike enough); its keys begin with the word, so that the
 * same keys can serve every unit.
 *
 * Calls return 0 or an sk_code: SK_NOT_FOUND for a missing record,
 * SK_DATA_LOSS for one that does not decode, SK_RESOURCE_EXHAUSTED when
 * memory, the map or the disk is full, SK_INTERNAL for other storage
 * failures. A store_txn remembers the first storage failure (a sticky
 * error), so a batch knows it must abort. Read transactions are short and
 * may run in any thread; write transactions run only in the writer thread.
 * Records from a get or a scan are the caller's: free them with
 * store_rec_free. Raw bytes from a get point into the map and are valid
 * until the transaction ends.
 */
#ifndef SK_STORE_H
#define SK_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"
#include "store.pb-c.h"

/* The layout this server writes. Older data directories are brought up to
 * it by server/migrate.c when skd starts; newer ones are refused. */
#define STORE_SCHEMA 4
#define STORE_KEY_MAX 128
#define STORE_SPACE_MARGIN (128u << 20) /* less free than this is a full disk */
#define STORE_FP_LEN 32
#define STORE_SHA_LEN 32
#define STORE_WORD_MAX 100 /* bytes of a folded word the index keeps */

typedef Sk__Store__V1__UnitRec UnitRec;
typedef Sk__Store__V1__UserRec UserRec;
typedef Sk__Store__V1__PeerRec PeerRec;
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
typedef Sk__Store__V1__NoticeRec NoticeRec;
typedef Sk__Store__V1__RoundRec RoundRec;
typedef Sk__Store__V1__ForwardRec ForwardRec;
typedef Sk__Store__V1__OriginRec OriginRec;
typedef Sk__Store__V1__SubmissionRec SubmissionRec;
typedef Sk__Store__V1__CopyRec CopyRec;
typedef Sk__Store__V1__EntryProofRec EntryProofRec;
typedef Sk__Store__V1__AwardRec AwardRec;
typedef Sk__Store__V1__ExportRec ExportRec;
typedef Sk__Store__V1__ReportRec ReportRec;
typedef Sk__Store__V1__SourceRec SourceRec;
typedef Sk__Store__V1__ReceivedRec ReceivedRec;

/* Who is asking, and in which unit: the tenant comes from authz (the TLS
 * peer and the rules of who may reach which unit), never from a request. */
struct scope {
	uint32_t tenant;
	uint32_t roles;
	const char *login;
	const uint8_t *fp;  /* the caller's certificate (decision log) */
	const char *office; /* a receiving office's code; NULL: every office */
};

struct store;
struct store_handle; /* the LMDB transaction, seen only by store.c */

/* A transaction: on the stack of whoever opens it. */
struct store_txn {
	struct store *st;
	struct store_handle *h;
	int failed; /* first storage failure, sticky */
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

/* The map's size and the bytes of it in use (pages up to the last). */
void store_map_use(struct store *st, uint64_t *size, uint64_t *used);

/* A consistent, compacted copy of the store in dir (a server may be
 * writing it) into dest, a new directory. 0, or the error with err. */
int store_backup(const char *dir, const char *dest, struct sk_error *err);

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
/* Commit; on failure nothing was written and err says why in words
 * (a full disk or map is SK_RESOURCE_EXHAUSTED). */
int store_commit(struct store_txn *t, struct sk_error *err);
void store_abort(struct store_txn *t);

/* Did a storage call in the txn fail (it must not commit)? Was it a full
 * map (grow and retry)? */
bool store_txn_failed(const struct store_txn *t);
bool store_txn_map_full(const struct store_txn *t);

/* Key encoding, exposed for tests. Returns the key length. */
size_t store_key_initiative(uint8_t *key, uint32_t tenant, uint64_t id);
size_t store_key_user(uint8_t *key, size_t sz, uint32_t tenant, const char *login);
void store_key_decode_initiative(const uint8_t *key, uint32_t *tenant, uint64_t *id);

/* Free a record from any get or scan. */
void store_rec_free(void *rec);

/* Scans hand each record to fn, which owns it, in key order, until fn
 * returns non-zero; that value is returned (1 conventionally means "stop,
 * all is well"). */
typedef int (*store_rec_fn)(void *rec, void *arg);

/* ---- units (the tenants) ------------------------------------------------ */

int store_unit_put(struct store_txn *t, const UnitRec *u);
int store_unit_get(struct store_txn *t, uint32_t id, UnitRec **out);
int store_unit_by_code(struct store_txn *t, const char *code, UnitRec **out);
int store_unit_list(struct store_txn *t, UnitRec ***out, size_t *n);
void store_unit_list_free(UnitRec **v, size_t n);

/* ---- users --------------------------------------------------------------- */

/* put creates or replaces and keeps the login and certificate indexes. */
int store_user_put(struct store_txn *t, const UserRec *u);
int store_user_find(struct store_txn *t, const char *login, UserRec **out);
/* The user whose current certificate this is; an older certificate of a
 * re-issued user is SK_NOT_FOUND. */
int store_user_by_fp(struct store_txn *t, const uint8_t fp[STORE_FP_LEN], UserRec **out);
/* The users of a unit, or of all units when tenant is 0. */
int store_user_list(struct store_txn *t, uint32_t tenant, UserRec ***out, size_t *n);
void store_user_list_free(UserRec **v, size_t n);

/* ---- per-unit numbers ------------------------------------------------------ */

enum store_seq {
	SEQ_INITIATIVE = 1,
	SEQ_SESSION,
	SEQ_DECISION,
	SEQ_CERTIFICATE,
	SEQ_RECEIPT,
	SEQ_UPLOAD,
	SEQ_FILE_BYTES, /* not a sequence: bytes of files the unit holds */
	SEQ_NOTICE,
	SEQ_ROUND,
	SEQ_SUBMISSION,
	SEQ_COPY,
	SEQ_EXPORT,
	SEQ_REPORT
};

/* The next number of a per-tenant sequence (1, 2, ...). */
int store_seq_next(struct store_txn *t, const struct scope *sc, enum store_seq kind,
    uint64_t *id);

/* A per-tenant counter: read it (0 if never set), or add to it (never
 * below 0) and get the new value (value may be NULL). */
int store_seq_get(struct store_txn *t, const struct scope *sc, enum store_seq kind,
    uint64_t *value);
int store_seq_add(struct store_txn *t, const struct scope *sc, enum store_seq kind,
    int64_t delta, uint64_t *value);

/* ---- initiatives, always inside the caller's tenant ------------------------ */

int store_initiative_next_id(struct store_txn *t, const struct scope *sc, uint64_t *id);
/* SK_PERMISSION_DENIED when r belongs to another unit than sc's. */
int store_initiative_put(struct store_txn *t, const struct scope *sc,
    const InitiativeRec *r);
int store_initiative_get(struct store_txn *t, const struct scope *sc, uint64_t id,
    InitiativeRec **out);
/* The tenant's initiatives with id > after, in id order (fn gets an
 * InitiativeRec). */
int store_initiative_scan(struct store_txn *t, const struct scope *sc, uint64_t after,
    store_rec_fn fn, void *arg);

/* ---- finding initiatives: the indexes (store_index.c) ------------------------ */

/* What a search asks; every field given must match, zero ones ask nothing. */
struct store_find {
	uint32_t state;
	uint32_t category;
	/* Words as typed: each must begin a word of the title or summary,
	 * case and diacritics aside (a whole word begins itself). Text that
	 * holds no word (letters or digits) finds nothing. */
	const char *words;
};

/* The tenant's initiatives with id > after that match q, in id order (fn
 * gets an InitiativeRec, as from a scan). Each page costs what the
 * indexes skip to fill it, not the unit's size. SK_INVALID_ARGUMENT when
 * q asks nothing: that is store_initiative_scan. */
int store_initiative_find(struct store_txn *t, const struct scope *sc,
    const struct store_find *q, uint64_t after, store_rec_fn fn, void *arg);

/* The tenant's recognised initiatives whose title might be a near
 * duplicate of title: every one whose distinct title words (as
 * text_similarity counts them) have a Jaccard index of at least 0.7 with
 * title's is among them, and few others. To fn in id order, as a scan. */
int store_near_scan(struct store_txn *t, const struct scope *sc, const char *title,
    store_rec_fn fn, void *arg);

/* Empty every index and build it from the records (migration). */
int store_index_rebuild(struct store_txn *t);

/* Do the tenant's indexes agree with its records? Each key missing,
 * wrong or not called for, and each wrong lexicon count, is told to fn
 * as a line for people (the first few); *bad counts them all. 0, or the
 * storage error that stopped the check. */
typedef void (*store_report_fn)(const char *line, void *arg);
int store_index_check(struct store_txn *t, const struct scope *sc, store_report_fn fn,
    void *arg, size_t *bad);

/* ---- the review: history, council, sessions, decisions, certificates -------- */

int store_history_put(struct store_txn *t, const struct scope *sc, uint64_t initiative,
    const HistoryRec *h);
/* An initiative's history lines in order (fn gets a HistoryRec). */
int store_history_scan(struct store_txn *t, const struct scope *sc, uint64_t initiative,
    store_rec_fn fn, void *arg);

/* The unit's one council. */
int store_council_put(struct store_txn *t, const struct scope *sc, const CouncilRec *c);
int store_council_get(struct store_txn *t, const struct scope *sc, CouncilRec **out);

int store_session_put(struct store_txn *t, const struct scope *sc, const SessionRec *s);
int store_session_get(struct store_txn *t, const struct scope *sc, uint64_t id,
    SessionRec **out);

int store_decision_put(struct store_txn *t, const struct scope *sc, const DecisionRec *d);
int store_decision_get(struct store_txn *t, const struct scope *sc, uint64_t id,
    DecisionRec **out);

/* Certificates are kept under their initiative (c->initiative_id). */
int store_certificate_put(struct store_txn *t, const struct scope *sc,
    const CertificateRec *c);
/* An initiative's certificates in number order (fn gets a CertificateRec). */
int store_certificate_scan(struct store_txn *t, const struct scope *sc,
    uint64_t initiative, store_rec_fn fn, void *arg);

/* ---- the level above ----------------------------------------------------------- */

/* The rounds of a receiving level (RoundRec), by id. */
int store_round_put(struct store_txn *t, const struct scope *sc, const RoundRec *r);
int store_round_get(struct store_txn *t, const struct scope *sc, uint64_t id,
    RoundRec **out);
int store_round_scan(struct store_txn *t, const struct scope *sc, store_rec_fn fn,
    void *arg);

/* A unit's submissions (tờ trình) to the level above. */
int store_submission_put(struct store_txn *t, const struct scope *sc,
    const SubmissionRec *s);
int store_submission_get(struct store_txn *t, const struct scope *sc, uint64_t id,
    SubmissionRec **out);
int store_submission_scan(struct store_txn *t, const struct scope *sc, store_rec_fn fn,
    void *arg);

/* The immutable copies a receiving level keeps: put once, never again. */
int store_copy_put(struct store_txn *t, const struct scope *sc, const CopyRec *c);
int store_copy_get(struct store_txn *t, const struct scope *sc, uint64_t id,
    CopyRec **out);

/* A unit's outboxes: exports up, reports down; put once, never again.
 * Scans visit records with seq >= from, in order, until fn returns
 * non-zero. */
int store_export_put(struct store_txn *t, const struct scope *sc, const ExportRec *e);
int store_export_get(struct store_txn *t, const struct scope *sc, uint64_t seq,
    ExportRec **out);
int store_export_scan(struct store_txn *t, const struct scope *sc, uint64_t from,
    store_rec_fn fn, void *arg);
int store_report_put(struct store_txn *t, const struct scope *sc, const ReportRec *r);
int store_report_get(struct store_txn *t, const struct scope *sc, uint64_t seq,
    ReportRec **out);
int store_report_scan(struct store_txn *t, const struct scope *sc, uint64_t from,
    store_rec_fn fn, void *arg);

/* What the unit has taken from another unit's log (s->unit_id). */
int store_source_put(struct store_txn *t, const struct scope *sc, const SourceRec *s);
int store_source_get(struct store_txn *t, const struct scope *sc, uint32_t unit,
    SourceRec **out);
int store_source_scan(struct store_txn *t, const struct scope *sc, store_rec_fn fn,
    void *arg);

/* The copy export seq of unit from became. */
int store_received_put(struct store_txn *t, const struct scope *sc, uint32_t from,
    uint64_t seq, const ReceivedRec *r);
int store_received_get(struct store_txn *t, const struct scope *sc, uint32_t from,
    uint64_t seq, ReceivedRec **out);

/* ---- files: attachments, checked bytes, uploads in progress ------------------ */

/* Scans of records kept under an initiative also say which. */
typedef int (*store_under_fn)(uint64_t initiative, void *rec, void *arg);

int store_attachment_put(struct store_txn *t, const struct scope *sc, uint64_t initiative,
    const AttachmentRec *a);
int store_attachment_get(struct store_txn *t, const struct scope *sc, uint64_t initiative,
    const uint8_t sha[STORE_SHA_LEN], AttachmentRec **out);
int store_attachment_del(struct store_txn *t, const struct scope *sc, uint64_t initiative,
    const uint8_t sha[STORE_SHA_LEN]);
/* An initiative's attachments, or the unit's when initiative is 0. */
int store_attachment_scan(struct store_txn *t, const struct scope *sc,
    uint64_t initiative, store_under_fn fn, void *arg);

/* The unit's one stored copy of some bytes, by their hash. */
int store_blob_put(struct store_txn *t, const struct scope *sc, const BlobRec *b);
int store_blob_get(struct store_txn *t, const struct scope *sc,
    const uint8_t sha[STORE_SHA_LEN], BlobRec **out);
/* Drop a blob record and the chunks an older server kept under its hash. */
int store_blob_del(struct store_txn *t, const struct scope *sc,
    const uint8_t sha[STORE_SHA_LEN]);
/* Every blob of the unit (fn gets a BlobRec, initiative 0). */
int store_blob_scan(struct store_txn *t, const struct scope *sc, store_under_fn fn,
    void *arg);
/* Chunk index of bytes stored by older servers under their hash. */
int store_chunk_get(struct store_txn *t, const struct scope *sc,
    const uint8_t sha[STORE_SHA_LEN], uint32_t index, const void **data, size_t *len);

int store_upload_put(struct store_txn *t, const struct scope *sc, uint64_t initiative,
    const UploadRec *up);
int store_upload_get(struct store_txn *t, const struct scope *sc, uint64_t initiative,
    const uint8_t sha[STORE_SHA_LEN], UploadRec **out);
int store_upload_del(struct store_txn *t, const struct scope *sc, uint64_t initiative,
    const uint8_t sha[STORE_SHA_LEN]);
/* Every upload in progress in the unit (fn gets an UploadRec). */
int store_upload_scan(struct store_txn *t, const struct scope *sc, store_under_fn fn,
    void *arg);

/* The numbered parts of an upload (chunk-sized raw bytes). */
int store_part_put(struct store_txn *t, const struct scope *sc, uint64_t upload,
    uint32_t index, const void *data, size_t len);
int store_part_get(struct store_txn *t, const struct scope *sc, uint64_t upload,
    uint32_t index, const void **data, size_t *len);
int store_part_del_all(struct store_txn *t, const struct scope *sc, uint64_t upload);

/* ---- the decision log (tlog.c gives it meaning) ------------------------------ */

int store_log_entry_put(struct store_txn *t, const struct scope *sc, uint64_t seq,
    const void *data, size_t len);
int store_log_entry_get(struct store_txn *t, const struct scope *sc, uint64_t seq,
    const void **data, size_t *len);
int store_log_node_put(struct store_txn *t, const struct scope *sc, uint8_t level,
    uint64_t index, const uint8_t hash[STORE_SHA_LEN]);
/* SK_DATA_LOSS when the stored value is no hash. */
int store_log_node_get(struct store_txn *t, const struct scope *sc, uint8_t level,
    uint64_t index, uint8_t hash[STORE_SHA_LEN]);
/* The number of entries (0 before the first). */
int store_log_size_get(struct store_txn *t, const struct scope *sc, uint64_t *size);
int store_log_size_put(struct store_txn *t, const struct scope *sc, uint64_t size);
/* The latest signed checkpoint note: malloc'd, NUL-terminated. */
int store_log_checkpoint_get(struct store_txn *t, const struct scope *sc, char **note);
int store_log_checkpoint_put(struct store_txn *t, const struct scope *sc,
    const char *note);
/* The latest checkpoint witnessed: the note with its cosignatures. */
int store_log_cosigned_get(struct store_txn *t, const struct scope *sc, char **note);
int store_log_cosigned_put(struct store_txn *t, const struct scope *sc, const char *note);

#endif
