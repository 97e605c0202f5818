/*
 * xfer: whole files to and from a dossier, over the attachment calls.
 *
 * An upload hashes the file, begins (the server says how much of it it
 * has already and its chunk size), sends the rest in the server's chunk
 * size from where the server is, and finishes: an upload cut short
 * resumes where it stopped the next time. A download fetches every chunk
 * and checks the SHA-256 of the whole before anything is kept.
 *
 * Both report progress to an optional callback, which may stop them.
 *
 * Return values, for every call here that moves bytes:
 *   0             done.
 *   XFER_LOCAL    the local file failed (reading, writing, renaming);
 *                 err->msg says what and why (strerror), not which file
 *                 unless it was given by path.
 *   SK_CANCELLED  the progress callback asked to stop.
 *   SK_DATA_LOSS  a download's bytes do not match their SHA-256 (or the
 *                 server's finish found so for an upload).
 *   SK_UNKNOWN    the server answered out of turn: a chunk at another
 *                 offset or of another file size, an empty chunk, an
 *                 upload that does not move on, no chunk size.
 *   other codes   as call.h: the server refused, or SK_UNAVAILABLE.
 */
#ifndef SK_XFER_H
#define SK_XFER_H

#include <stdint.h>
#include <stdio.h>

#include "call.h"

#define XFER_LOCAL (-1)

/*
 * Called after each step with the bytes done and the file's size: once
 * after the upload's begin (chunks 0, done = what the server already had),
 * then after every chunk sent or received (chunks counts them). A non-zero
 * return stops the transfer at once: an upload then stays on the server,
 * to resume, and is not finished; a download keeps nothing.
 */
typedef int xfer_progress_fn(void *arg, uint64_t done, uint64_t size, unsigned chunks);

struct xfer_upload {
	FILE *fp;                   /* the bytes: seekable, read from its start */
	const char *name;           /* as the dossier lists it */
	const char *media_type;     /* NULL or "": xfer_media_type(name) */
	const uint8_t *sha256;      /* NULL: hashed here from fp */
	xfer_progress_fn *progress; /* NULL: none */
	void *arg;                  /* for progress */
};

/*
 * Upload up->fp to initiative initiative_id, resuming what the server has
 * of it. *out (if out is not NULL) gets the attachment as listed, freed
 * with call_free. A given sha256 that is not the bytes' own makes the
 * finish fail with SK_DATA_LOSS (tests use it so).
 */
int xfer_upload(struct skc *s, uint64_t initiative_id, const struct xfer_upload *up,
    Sk__V1__Attachment **out, struct sk_error *err);

/*
 * Download the file sha256 of size bytes attached to initiative_id into
 * fp, checking every answer's offset and size and the SHA-256 at the end.
 * On failure fp holds an unchecked part: the caller discards it.
 */
int xfer_fetch(struct skc *s, uint64_t initiative_id, const uint8_t sha256[SHA256_LEN],
    uint64_t size, FILE *fp, xfer_progress_fn *progress, void *arg, struct sk_error *err);

/*
 * The same into the file path: written aside as "path.part" and renamed
 * to path only once its SHA-256 is checked; on failure nothing is left.
 */
int xfer_download(struct skc *s, uint64_t initiative_id, const uint8_t sha256[SHA256_LEN],
    uint64_t size, const char *path, xfer_progress_fn *progress, void *arg,
    struct sk_error *err);

/*
 * The attachment of l that which names: its name exactly, or a hex
 * prefix of its SHA-256 of 8 digits or more. Attachments whose sha256 is
 * not 32 bytes are never found. NULL if none; the result points into l.
 */
const Sk__V1__Attachment *xfer_find(const Sk__V1__AttachmentListResponse *l,
    const char *which);

/* The media type of a file, by its name's extension; never NULL. */
const char *xfer_media_type(const char *name);

#endif
