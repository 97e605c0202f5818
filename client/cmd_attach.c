/*
 * cmd_attach: supporting files. `sk attach` uploads in the server's chunk
 * size and resumes an interrupted upload where the server stopped;
 * `sk download` checks the bytes against their SHA-256 before keeping them.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "date.h"
#include "out.h"
#include "sha256.h"

#define SHA_LEN 32

static const char *
media_type(const char *path)
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
	const char *dot = strrchr(path, '.');

	for (size_t i = 0; dot != NULL && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcasecmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

static int
local_error(struct cli *c, const char *what, const char *path)
{
	char msg[512];

	snprintf(msg, sizeof(msg), "%.300s: %s: %s", path, what, strerror(errno));
	out_error(SK_INVALID_ARGUMENT, msg, c->json);
	return SK_EXIT_LOCAL;
}

/* Send chunks from where the server is until it has the whole file. */
static int
upload(struct cli *c, FILE *fp, uint64_t id, const uint8_t *sha, uint64_t received,
    uint64_t size, uint32_t chunk)
{
	Sk__V1__Request req = SK__V1__REQUEST__INIT;
	Sk__V1__AttachmentChunkRequest ch = SK__V1__ATTACHMENT_CHUNK_REQUEST__INIT;
	Sk__V1__Response *resp;
	uint8_t *buf = malloc(chunk);
	size_t n;
	int rc = 0;

	if (buf == NULL)
		return SK_EXIT_LOCAL;
	ch.initiative_id = id;
	ch.sha256.data = (uint8_t *)sha;
	ch.sha256.len = SHA_LEN;
	req.call_case = SK__V1__REQUEST__CALL_ATTACHMENT_CHUNK;
	req.attachment_chunk = &ch;
	while (received < size) {
		n = size - received < chunk ? (size_t)(size - received) : chunk;
		if (fseeko(fp, (off_t)received, SEEK_SET) != 0 ||
		    fread(buf, 1, n, fp) != n) {
			rc = SK_EXIT_LOCAL;
			break;
		}
		ch.offset = received;
		ch.data.data = buf;
		ch.data.len = n;
		if ((rc = cli_call(c, &req, &resp)) != 0)
			break;
		received = resp->attachment_upload->received;
		sk__v1__response__free_unpacked(resp, NULL);
		if (!c->json)
			fprintf(stderr, "\r%" PRIu64 " of %" PRIu64 " bytes", received,
			    size);
	}
	if (!c->json && size > 0)
		fprintf(stderr, "\n");
	free(buf);
	return rc;
}

static void
print_attachment(struct cli *c, const Sk__V1__Attachment *a)
{
	char when[40];

	if (c->json) {
		out_json(&a->base);
		return;
	}
	time_format_vn(a->added_at, when, sizeof(when));
	printf("Attached \"%s\" (%s, %" PRIu64 " bytes), sha256 ", a->name, a->media_type,
	    a->size);
	for (size_t i = 0; i < a->sha256.len; i++)
		printf("%02x", a->sha256.data[i]);
	printf(", by %s on %s\n", a->added_by, when);
}

int
cmd_attach(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "type", required_argument, NULL, 't' },
		{ "name", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	Sk__V1__Request req = SK__V1__REQUEST__INIT;
	Sk__V1__AttachmentBeginRequest b = SK__V1__ATTACHMENT_BEGIN_REQUEST__INIT;
	Sk__V1__AttachmentFinishRequest f = SK__V1__ATTACHMENT_FINISH_REQUEST__INIT;
	Sk__V1__Attachment a = SK__V1__ATTACHMENT__INIT;
	Sk__V1__Response *resp = NULL;
	uint8_t sha[SHA_LEN];
	const char *path, *base;
	struct stat st;
	FILE *fp;
	int ch, rc;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 't': a.media_type = optarg; break;
		case 'n': a.name = optarg; break;
		default: return SK_EXIT_USAGE;
		}
	}
	if (argc - optind != 2 || !cli_parse_id(argv[optind], &b.initiative_id))
		return cli_usage("attach ID FILE [--type MEDIA/TYPE] [--name NAME]");
	path = argv[optind + 1];
	if ((fp = fopen(path, "rb")) == NULL || fstat(fileno(fp), &st) != 0) {
		rc = local_error(c, "cannot read", path);
		if (fp != NULL)
			fclose(fp);
		return rc;
	}
	if (sha256_file(fp, sha) != 0) {
		fclose(fp);
		return local_error(c, "cannot read", path);
	}
	base = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;
	if (a.name[0] == '\0')
		a.name = (char *)base;
	if (a.media_type[0] == '\0')
		a.media_type = (char *)media_type(path);
	a.size = (uint64_t)st.st_size;
	a.sha256.data = sha;
	a.sha256.len = SHA_LEN;
	b.attachment = &a;
	req.call_case = SK__V1__REQUEST__CALL_ATTACHMENT_BEGIN;
	req.attachment_begin = &b;
	if ((rc = cli_call(c, &req, &resp)) != 0)
		goto done;
	/* The server says how much it has: 0 for a new file, more on resume. */
	if (!resp->attachment_upload->complete &&
	    (rc = upload(c, fp, b.initiative_id, sha, resp->attachment_upload->received,
	         a.size, resp->attachment_upload->chunk_size)) != 0)
		goto done;
	sk__v1__response__free_unpacked(resp, NULL);
	resp = NULL;
	f.initiative_id = b.initiative_id;
	f.sha256 = a.sha256;
	req.call_case = SK__V1__REQUEST__CALL_ATTACHMENT_FINISH;
	req.attachment_finish = &f;
	if ((rc = cli_call(c, &req, &resp)) == 0)
		print_attachment(c, resp->attachment);
done:
	if (resp != NULL)
		sk__v1__response__free_unpacked(resp, NULL);
	fclose(fp);
	return rc;
}

static int
list_attachments(struct cli *c, uint64_t id, Sk__V1__Response **resp)
{
	Sk__V1__Request req = SK__V1__REQUEST__INIT;
	Sk__V1__AttachmentListRequest l = SK__V1__ATTACHMENT_LIST_REQUEST__INIT;

	l.initiative_id = id;
	req.call_case = SK__V1__REQUEST__CALL_ATTACHMENT_LIST;
	req.attachment_list = &l;
	return cli_call(c, &req, resp);
}

int
cmd_attachments(struct cli *c, int argc, char **argv)
{
	Sk__V1__Response *resp;
	uint64_t id;
	char sha[65], when[40];
	int rc;

	if (argc != 2 || !cli_parse_id(argv[1], &id))
		return cli_usage("attachments needs one initiative ID");
	if ((rc = list_attachments(c, id, &resp)) != 0)
		return rc;
	if (c->json) {
		out_json(&resp->attachment_list->base);
	} else {
		printf("%-14s %10s  %-17s %-28s %s\n", "SHA256", "BYTES", "ADDED", "TYPE",
		    "NAME");
		for (size_t i = 0; i < resp->attachment_list->n_attachments; i++) {
			const Sk__V1__Attachment *a =
			    resp->attachment_list->attachments[i];

			sha256_hex(a->sha256.data, a->sha256.len < 7 ? a->sha256.len : 7,
			    sha);
			time_format_vn(a->added_at, when, sizeof(when));
			printf("%-14s %10" PRIu64 "  %-17s ", sha, a->size, when);
			out_cell(stdout, a->media_type, 29);
			printf("%s\n", a->name);
		}
	}
	sk__v1__response__free_unpacked(resp, NULL);
	return 0;
}

/* Fetch every chunk of a into fp, checking the hash at the end. */
static int
fetch(struct cli *c, uint64_t id, const Sk__V1__Attachment *a, FILE *fp)
{
	Sk__V1__Request req = SK__V1__REQUEST__INIT;
	Sk__V1__AttachmentGetRequest g = SK__V1__ATTACHMENT_GET_REQUEST__INIT;
	Sk__V1__Response *resp;
	struct sha256 *h = sha256_new();
	uint8_t got[SHA_LEN];
	int rc = 0;

	if (h == NULL)
		return SK_EXIT_LOCAL;
	g.initiative_id = id;
	g.sha256 = a->sha256;
	req.call_case = SK__V1__REQUEST__CALL_ATTACHMENT_GET;
	req.attachment_get = &g;
	while (g.offset < a->size) {
		if ((rc = cli_call(c, &req, &resp)) != 0)
			break;
		ProtobufCBinaryData *d = &resp->attachment_data->data;

		if (d->len == 0 || fwrite(d->data, 1, d->len, fp) != d->len)
			rc = SK_EXIT_LOCAL;
		sha256_add(h, d->data, d->len);
		g.offset += d->len;
		sk__v1__response__free_unpacked(resp, NULL);
		if (rc != 0)
			break;
	}
	if (rc != 0) {
		sha256_free(h);
		return rc;
	}
	if (sha256_end(h, got) != 0 || memcmp(got, a->sha256.data, SHA_LEN) != 0) {
		out_error(SK_DATA_LOSS, "downloaded bytes do not match their sha256",
		    c->json);
		rc = SK_EXIT_REFUSED;
	}
	return rc;
}

int
cmd_download(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const Sk__V1__Attachment *a = NULL;
	Sk__V1__Response *resp;
	const char *out = NULL, *which;
	char sha[65], tmp[4096];
	uint64_t id;
	FILE *fp;
	int ch, rc;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 'o')
			return SK_EXIT_USAGE;
		out = optarg;
	}
	if (argc - optind != 2 || !cli_parse_id(argv[optind], &id) || out == NULL)
		return cli_usage("download ID NAME|SHA256-PREFIX --out FILE");
	which = argv[optind + 1];
	if ((rc = list_attachments(c, id, &resp)) != 0)
		return rc;
	for (size_t i = 0; i < resp->attachment_list->n_attachments && a == NULL; i++) {
		const Sk__V1__Attachment *x = resp->attachment_list->attachments[i];

		sha256_hex(x->sha256.data,
		    x->sha256.len < SHA_LEN ? x->sha256.len : SHA_LEN, sha);
		if (strcmp(x->name, which) == 0 ||
		    (strlen(which) >= 8 && strncmp(sha, which, strlen(which)) == 0))
			a = x;
	}
	if (a == NULL) {
		out_error(SK_NOT_FOUND, "no such attachment (see sk attachments ID)",
		    c->json);
		sk__v1__response__free_unpacked(resp, NULL);
		return SK_EXIT_REFUSED;
	}
	/* Write aside, keep only checked bytes. */
	snprintf(tmp, sizeof(tmp), "%s.part", out);
	if ((fp = fopen(tmp, "wb")) == NULL) {
		sk__v1__response__free_unpacked(resp, NULL);
		return local_error(c, "cannot write", tmp);
	}
	rc = fetch(c, id, a, fp);
	if (fclose(fp) != 0 && rc == 0)
		rc = SK_EXIT_LOCAL;
	if (rc == 0 && rename(tmp, out) != 0)
		rc = local_error(c, "cannot write", out);
	if (rc != 0)
		remove(tmp);
	else if (!c->json)
		printf("%s: %" PRIu64 " bytes, sha256 checked\n", out, a->size);
	sk__v1__response__free_unpacked(resp, NULL);
	return rc;
}
