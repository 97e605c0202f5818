/*
 * xfer: uploads that resume and downloads that are checked, over the
 * attachment calls of call.h.
 */
#include "xfer.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A local file failed: err says what, XFER_LOCAL for the caller. */
static int xfer_local(struct sk_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
xfer_local(struct sk_error *err, const char *fmt, ...)
{
	char what[200];
	va_list ap;
	int saved = errno;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	status_set(err, SK_INVALID_ARGUMENT, "%s: %s", what,
	    saved != 0 ? strerror(saved) : "short read or write");
	return XFER_LOCAL;
}

/* Tell progress; true when it asks to stop (err then says so). */
static bool
xfer_stop(xfer_progress_fn *progress, void *arg, uint64_t done, uint64_t size,
    unsigned chunks, struct sk_error *err)
{
	if (progress == NULL || progress(arg, done, size, chunks) == 0)
		return false;
	status_set(err, SK_CANCELLED, "stopped after %" PRIu64 " of %" PRIu64 " bytes",
	    done, size);
	return true;
}

/* The size of fp, and its SHA-256 unless given. */
static int
xfer_hash(const struct xfer_upload *up, uint64_t *size, uint8_t sha[SHA256_LEN],
    struct sk_error *err)
{
	off_t end;

	errno = 0;
	if (fseeko(up->fp, 0, SEEK_END) != 0 || (end = ftello(up->fp)) < 0 ||
	    fseeko(up->fp, 0, SEEK_SET) != 0)
		return xfer_local(err, "cannot read");
	*size = (uint64_t)end;
	if (up->sha256 != NULL)
		memcpy(sha, up->sha256, SHA256_LEN);
	else if (sha256_file(up->fp, sha) != 0)
		return xfer_local(err, "cannot read");
	return 0;
}

/* Send chunks from where the server is (u) until it has the whole file. */
static int
xfer_send(struct skc *s, uint64_t id, const struct xfer_upload *up,
    const uint8_t sha[SHA256_LEN], uint64_t size,
    const Sk__V1__AttachmentUploadResponse *u, struct sk_error *err)
{
	Sk__V1__AttachmentUploadResponse *next = NULL;
	uint64_t at = u->received;
	uint32_t chunk = u->chunk_size;
	unsigned chunks = 0;
	uint8_t *buf;
	size_t n;
	int rc = 0;

	if (xfer_stop(up->progress, up->arg, at, size, 0, err))
		return SK_CANCELLED;
	if (u->complete || at >= size)
		return 0;
	if (chunk == 0)
		return status_set(err, SK_UNKNOWN, "the server gave no chunk size");
	if ((buf = malloc(chunk)) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	while (at < size) {
		n = size - at < chunk ? (size_t)(size - at) : chunk;
		errno = 0;
		if (fseeko(up->fp, (off_t)at, SEEK_SET) != 0 ||
		    fread(buf, 1, n, up->fp) != n) {
			rc = xfer_local(err, "cannot read");
			break;
		}
		if ((rc = call_attachment_chunk(s, id, sha, at, buf, n, &next, err)) != 0)
			break;
		/* A chunk taken moves the server on, and never past the end. */
		if (next->received <= at || next->received > size) {
			rc = status_set(err, SK_UNKNOWN,
			    "the server answered a chunk at %" PRIu64 " with %" PRIu64,
			    at, next->received);
			break;
		}
		at = next->received;
		call_free(next);
		next = NULL;
		if (xfer_stop(up->progress, up->arg, at, size, ++chunks, err)) {
			rc = SK_CANCELLED;
			break;
		}
	}
	call_free(next);
	free(buf);
	return rc;
}

int
xfer_upload(struct skc *s, uint64_t initiative_id, const struct xfer_upload *up,
    Sk__V1__Attachment **out, struct sk_error *err)
{
	Sk__V1__Attachment a = SK__V1__ATTACHMENT__INIT;
	Sk__V1__AttachmentUploadResponse *u = NULL;
	uint8_t sha[SHA256_LEN];
	uint64_t size = 0;
	int rc;

	if (out != NULL)
		*out = NULL;
	err->code = 0;
	err->msg[0] = '\0';
	if ((rc = xfer_hash(up, &size, sha, err)) != 0)
		return rc;
	a.sha256.data = sha;
	a.sha256.len = SHA256_LEN;
	a.name = (char *)(up->name != NULL ? up->name : "");
	a.media_type = (char *)(up->media_type != NULL && up->media_type[0] != '\0' ?
	        up->media_type :
	        xfer_media_type(a.name));
	a.size = size;
	/* The server says how much it has: 0 for a new file, more on resume. */
	if ((rc = call_attachment_begin(s, initiative_id, &a, &u, err)) != 0)
		return rc;
	rc = xfer_send(s, initiative_id, up, sha, size, u, err);
	call_free(u);
	if (rc != 0)
		return rc;
	return call_attachment_finish(s, initiative_id, sha, out, err);
}

int
xfer_fetch(struct skc *s, uint64_t initiative_id, const uint8_t sha256[SHA256_LEN],
    uint64_t size, FILE *fp, xfer_progress_fn *progress, void *arg, struct sk_error *err)
{
	Sk__V1__AttachmentDataResponse *d = NULL;
	struct sha256 *h;
	uint8_t got[SHA256_LEN];
	uint64_t at = 0;
	unsigned chunks = 0;
	int rc = 0;

	err->code = 0;
	err->msg[0] = '\0';
	if ((h = sha256_new()) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	while (at < size) {
		if ((rc = call_attachment_get(s, initiative_id, sha256, at, &d, err)) !=
		    0)
			break;
		errno = 0;
		if (d->offset != at || d->size != size || d->data.len == 0 ||
		    d->data.len > size - at)
			rc = status_set(err, SK_UNKNOWN,
			    "asked for byte %" PRIu64 " of %" PRIu64
			    ", the server sent %zu "
			    "at %" PRIu64 " of %" PRIu64,
			    at, size, d->data.len, d->offset, d->size);
		else if (fwrite(d->data.data, 1, d->data.len, fp) != d->data.len)
			rc = xfer_local(err, "cannot write");
		else {
			sha256_add(h, d->data.data, d->data.len);
			at += d->data.len;
		}
		call_free(d);
		d = NULL;
		if (rc != 0)
			break;
		if (xfer_stop(progress, arg, at, size, ++chunks, err)) {
			rc = SK_CANCELLED;
			break;
		}
	}
	if (rc != 0) {
		sha256_free(h);
		return rc;
	}
	if (sha256_end(h, got) != 0 || memcmp(got, sha256, SHA256_LEN) != 0)
		return status_set(err, SK_DATA_LOSS,
		    "downloaded bytes do not match their sha256");
	return 0;
}

int
xfer_download(struct skc *s, uint64_t initiative_id, const uint8_t sha256[SHA256_LEN],
    uint64_t size, const char *path, xfer_progress_fn *progress, void *arg,
    struct sk_error *err)
{
	char tmp[4096], msg[sizeof(err->msg)];
	FILE *fp;
	int rc;

	err->code = 0;
	err->msg[0] = '\0';
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.part", path) >= sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return xfer_local(err, "%.300s: cannot write", path);
	}
	if ((fp = fopen(tmp, "wb")) == NULL)
		return xfer_local(err, "%.300s: cannot write", tmp);
	rc = xfer_fetch(s, initiative_id, sha256, size, fp, progress, arg, err);
	if (rc == XFER_LOCAL) {
		snprintf(msg, sizeof(msg), "%s", err->msg);
		status_set(err, err->code, "%.300s: %s", tmp, msg);
	}
	errno = 0;
	if (fclose(fp) != 0 && rc == 0)
		rc = xfer_local(err, "%.300s: cannot write", tmp);
	if (rc == 0 && rename(tmp, path) != 0)
		rc = xfer_local(err, "%.300s: cannot write", path);
	if (rc != 0)
		remove(tmp);
	return rc;
}

const Sk__V1__Attachment *
xfer_find(const Sk__V1__AttachmentListResponse *l, const char *which)
{
	char hex[2 * SHA256_LEN + 1];
	size_t len = strlen(which);

	for (size_t i = 0; i < l->n_attachments; i++) {
		const Sk__V1__Attachment *a = l->attachments[i];

		if (a->sha256.len != SHA256_LEN)
			continue;
		sha256_hex(a->sha256.data, SHA256_LEN, hex);
		if (strcmp(a->name, which) == 0 ||
		    (len >= 8 && strncmp(hex, which, len) == 0))
			return a;
	}
	return NULL;
}

const char *
xfer_media_type(const char *name)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{ ".pdf", "application/pdf" },
		{ ".doc", "application/msword" },
		{ ".docx",
		    "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
		{ ".xls", "application/vnd.ms-excel" },
		{ ".xlsx",
		    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
		{ ".jpg", "image/jpeg" },
		{ ".jpeg", "image/jpeg" },
		{ ".png", "image/png" },
		{ ".txt", "text/plain; charset=utf-8" },
		{ ".csv", "text/csv" },
	};
	const char *dot = strrchr(name, '.');

	for (size_t i = 0; dot != NULL && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcasecmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}
