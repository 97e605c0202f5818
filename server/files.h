/*
 * files: the supporting files of a dossier. A file is uploaded in fixed
 * chunks and can be resumed where it stopped. An upload in progress
 * belongs to one initiative, so no other upload of the same bytes can
 * block or spoil it; once the bytes match their SHA-256 they become the
 * unit's one copy of that file, shared by every initiative that attaches
 * it. Each unit may hold terms->unit_files_max bytes, counted from the
 * start of each upload, shared bytes once.
 */
#ifndef SK_FILES_H
#define SK_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain.h"
#include "store.h"

#define FILES_SIZE_MAX ((uint64_t)50 << 20) /* 50 MiB a file */
#define FILES_CHUNK ((uint32_t)256 << 10)   /* bytes per chunk */
#define FILES_PENDING_MAX 8                 /* unfinished uploads per user */

/* Where an upload stands, as the reply says it. */
struct files_progress {
	uint64_t received;
	uint64_t size;
	uint32_t chunk_size;
	bool complete;
};

/* Pure check of an upload's description: a 32-byte hash, a name without
 * '/', a media type like "application/pdf", 1 byte to FILES_SIZE_MAX. */
int files_check(const UploadRec *in, struct sk_error *err);

/* Begin (or resume) uploading in's bytes to initiative id, which the
 * caller may attach files to now. Bytes the unit holds already are
 * attached at once (complete). */
int files_begin(const struct act *a, uint64_t id, const UploadRec *in,
    struct files_progress *p, struct sk_error *err);

/* Store the chunk at offset of the upload of sha to initiative id. */
int files_chunk(const struct act *a, uint64_t id, const uint8_t sha[STORE_SHA_LEN],
    uint64_t offset, const void *data, size_t len, struct files_progress *p,
    struct sk_error *err);

/*
 * Check the whole upload against its hash and attach it; finishing what is
 * attached already answers with the attachment. When the bytes do not
 * match, the upload is dropped and the call returns 0 with err set to
 * SK_DATA_LOSS and *out NULL: the drop must be committed, the call is
 * still refused.
 */
int files_finish(const struct act *a, uint64_t id, const uint8_t sha[STORE_SHA_LEN],
    AttachmentRec **out, struct sk_error *err);

/* The complete attachments of initiative id (AttachmentRec). */
int files_list(const struct act *a, uint64_t id, struct recs *out, struct sk_error *err);

/* The bytes of an attachment of initiative id from offset to the end of
 * its chunk: *data points into the map until the transaction ends. */
int files_read(const struct act *a, uint64_t id, const uint8_t sha[STORE_SHA_LEN],
    uint64_t offset, const void **data, size_t *len, uint64_t *size,
    struct sk_error *err);

/* Give to's unit the bytes of attachments atts of from's unit, which it
 * then holds itself (once per hash, counted in its allowance): the files
 * of a copy sent to a level above on this server. */
int files_copy_bytes(const struct act *from, const struct act *to,
    AttachmentRec *const *atts, size_t n, struct sk_error *err);

/* Keep size bytes at data, whose SHA-256 must be sha, as the act's unit's
 * (counted in its allowance), unless it holds them already: a file of an
 * export pulled from a linked server. */
int files_hold(const struct act *a, const uint8_t sha[STORE_SHA_LEN], const void *data,
    size_t size, struct sk_error *err);

/* Does the act's unit hold the bytes with this hash? */
bool files_held(const struct act *a, const uint8_t sha[STORE_SHA_LEN]);

/* Attach atts to initiative id of the act's unit, whose bytes it must
 * hold already (FAILED_PRECONDITION if not): a received copy's files. */
int files_attach_held(const struct act *a, uint64_t id, AttachmentRec *const *atts,
    size_t n, struct sk_error *err);

/* Housekeeping, in the writer: drop unfinished uploads of every unit last
 * touched before `before` (Unix seconds), at most max of them. */
int files_expire(struct store_txn *t, int64_t before, size_t max, size_t *dropped);

#endif
