/*
 * tool_upload: begin an upload and send only some of its chunks, as an
 * interrupted client would, for tests of resuming and expiry.
 *
 *   tool_upload CONF SERVER ID FILE CHUNKS|all|bad
 *
 * Prints "received N of M" as the server answers the begin, then sends
 * up to CHUNKS chunks from there and stops without finishing; "all" sends
 * the rest and finishes, printing "attached"; "bad" does the same with
 * one byte changed, which the finish must refuse. The upload is the
 * library's (xfer_upload); its progress callback stops it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tclient.h"
#include "xfer.h"

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

/* Show where the begin found the server; stop after `limit` chunks, or
 * at the end (the finish is for "all" and "bad" only). */
static int
progress(void *arg, uint64_t done, uint64_t size, unsigned chunks)
{
	const long *limit = arg;

	if (chunks == 0)
		printf("received %llu of %llu\n", (unsigned long long)done,
		    (unsigned long long)size);
	return *limit >= 0 && ((long)chunks >= *limit || done >= size);
}

int
main(int argc, char **argv)
{
	struct xfer_upload up = { 0 };
	struct skc_config cfg;
	struct sk_error err = { 0 };
	struct skc *s = NULL;
	uint8_t sha[SHA256_LEN], *data = NULL;
	size_t len = 0;
	long limit;
	int bad, rc = 1;

	if (argc != 6) {
		fprintf(stderr,
		    "usage: tool_upload CONF SERVER ID FILE CHUNKS|all|bad\n");
		return 2;
	}
	bad = strcmp(argv[5], "bad") == 0;
	limit = bad || strcmp(argv[5], "all") == 0 ? -1 : atol(argv[5]);
	if (tclient_load(&cfg, argv[1], argv[2]) != 0 ||
	    (s = tclient_connect(&cfg, argv[1])) == NULL)
		goto done;
	if ((data = slurp(argv[4], &len)) == NULL ||
	    (up.fp = fmemopen(data, len, "rb")) == NULL) {
		fprintf(stderr, "tool_upload: cannot read %s\n", argv[4]);
		goto done;
	}
	/* Bad: the hash of the file, the bytes with one changed. */
	if (bad) {
		sha256_file(up.fp, sha);
		data[len / 2] ^= 0x01;
		up.sha256 = sha;
	}
	up.name = "tool-upload.bin";
	up.media_type = "application/octet-stream";
	up.progress = progress;
	up.arg = &limit;
	rc = xfer_upload(s, strtoull(argv[3], NULL, 10), &up, NULL, &err);
	if (rc == 0)
		printf("attached\n");
	else if (rc != SK_CANCELLED)
		fprintf(stderr, "tool_upload: %s: %s\n", status_name(rc), err.msg);
	rc = rc == 0 || rc == SK_CANCELLED ? 0 : 1;
done:
	if (up.fp != NULL)
		fclose(up.fp);
	free(data);
	skc_close(s);
	return rc;
}
