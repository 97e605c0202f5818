/*
 * tool_upload: begin an upload and send only some of its chunks, as an
 * interrupted client would, for tests of resuming and expiry.
 *
 *   tool_upload CONF SERVER ID FILE CHUNKS|all|bad
 *
 * Prints "received N of M" as the server answers the begin, then sends
 * up to CHUNKS chunks from there and stops without finishing; "all" sends
 * the rest and finishes, printing "attached"; "bad" does the same with
 * one byte changed, which the finish must refuse.
 */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "skc.h"

static uint8_t *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) <= 0 ||
	    fseek(f, 0, SEEK_SET) != 0 || (buf = malloc((size_t)n)) == NULL ||
	    fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	} else
		*len = (size_t)n;
	if (f != NULL)
		fclose(f);
	return buf;
}

static int
upload_call(struct skc *s, Sk__V1__Request *req, uint64_t *received, uint32_t *chunk)
{
	Sk__V1__Response *r = NULL;
	struct sk_error err = { 0 };
	int rc;

	if ((rc = skc_call(s, req, &r, &err)) != 0) {
		fprintf(stderr, "tool_upload: %s: %s\n", status_name(rc), err.msg);
		return rc;
	}
	*received = r->attachment_upload->received;
	*chunk = r->attachment_upload->chunk_size;
	sk__v1__response__free_unpacked(r, NULL);
	return 0;
}

static int
finish(struct skc *s, uint64_t id, const ProtobufCBinaryData *sha)
{
	Sk__V1__Request req = SK__V1__REQUEST__INIT;
	Sk__V1__AttachmentFinishRequest f = SK__V1__ATTACHMENT_FINISH_REQUEST__INIT;
	Sk__V1__Response *r = NULL;
	struct sk_error err = { 0 };
	int rc;

	f.initiative_id = id;
	f.sha256 = *sha;
	req.call_case = SK__V1__REQUEST__CALL_ATTACHMENT_FINISH;
	req.attachment_finish = &f;
	if ((rc = skc_call(s, &req, &r, &err)) != 0) {
		fprintf(stderr, "tool_upload: %s: %s\n", status_name(rc), err.msg);
		return rc;
	}
	printf("attached\n");
	sk__v1__response__free_unpacked(r, NULL);
	return 0;
}

int
main(int argc, char **argv)
{
	Sk__V1__Request req = SK__V1__REQUEST__INIT;
	Sk__V1__AttachmentBeginRequest b = SK__V1__ATTACHMENT_BEGIN_REQUEST__INIT;
	Sk__V1__AttachmentChunkRequest c = SK__V1__ATTACHMENT_CHUNK_REQUEST__INIT;
	Sk__V1__Attachment a = SK__V1__ATTACHMENT__INIT;
	struct skc_config cfg;
	struct sk_error err = { 0 };
	struct skc *s = NULL;
	uint8_t sha[32], *data = NULL;
	uint64_t id, received = 0;
	uint32_t chunk = 0;
	size_t len = 0;
	int n, bad, rc = 1;

	if (argc != 6) {
		fprintf(stderr,
		    "usage: tool_upload CONF SERVER ID FILE CHUNKS|all|bad\n");
		return 2;
	}
	id = strtoull(argv[3], NULL, 10);
	bad = strcmp(argv[5], "bad") == 0;
	n = bad || strcmp(argv[5], "all") == 0 ? -1 : atoi(argv[5]);
	skc_config_defaults(&cfg);
	if (skc_config_load(&cfg, argv[1], &err) != 0 ||
	    skc_config_set(&cfg, "server", argv[2], NULL, &err) != 0 ||
	    skc_connect(&cfg, &s, &err) != 0) {
		fprintf(stderr, "tool_upload: %s\n", err.msg);
		goto done;
	}
	if ((data = slurp(argv[4], &len)) == NULL) {
		fprintf(stderr, "tool_upload: cannot read %s\n", argv[4]);
		goto done;
	}
	EVP_Digest(data, len, sha, NULL, EVP_sha256(), NULL);
	if (bad)
		data[len / 2] ^= 0x01;
	a.sha256.data = sha;
	a.sha256.len = sizeof(sha);
	a.name = "tool-upload.bin";
	a.media_type = "application/octet-stream";
	a.size = len;
	b.initiative_id = id;
	b.attachment = &a;
	req.call_case = SK__V1__REQUEST__CALL_ATTACHMENT_BEGIN;
	req.attachment_begin = &b;
	if (upload_call(s, &req, &received, &chunk) != 0)
		goto done;
	printf("received %llu of %zu\n", (unsigned long long)received, len);
	c.initiative_id = id;
	c.sha256 = a.sha256;
	req.call_case = SK__V1__REQUEST__CALL_ATTACHMENT_CHUNK;
	req.attachment_chunk = &c;
	for (; n != 0 && received < len && chunk > 0; n--) {
		req.id = 0;
		c.offset = received;
		c.data.data = data + received;
		c.data.len = len - received < chunk ? len - received : chunk;
		if (upload_call(s, &req, &received, &chunk) != 0)
			goto done;
	}
	if (n < 0 && finish(s, id, &a.sha256) != 0)
		goto done;
	rc = 0;
done:
	free(data);
	skc_close(s);
	return rc;
}
