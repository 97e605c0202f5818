/*
 * cmd_attach: supporting files, moved by xfer.h. `sk attach` shows the
 * upload's progress when stderr is a terminal and resumes an interrupted
 * upload; `sk download` keeps only bytes that match their SHA-256, and
 * replaces an existing file only when told to (--force).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "call.h"
#include "cli.h"
#include "json.h"
#include "out.h"
#include "xfer.h"

/* A local file failed: "sk: PATH: what: why", no server status name. */
static int
local_error(struct cli *c, const char *path, const char *what)
{
	return cli_local(c, "%s: %s", path, what);
}

struct attach_state {
	bool tty;     /* show the progress (stderr is a terminal) */
	bool shown;   /* a progress line is there, to be ended */
	uint64_t had; /* what the server had when it began: a resumed upload */
};

/* "N of M bytes" after each chunk on a terminal, on one line rewritten;
 * and what the server had already, said once it is done. */
static int
attach_progress(void *arg, uint64_t done, uint64_t size, unsigned chunks)
{
	struct attach_state *st = arg;

	if (chunks == 0)
		st->had = done;
	else if (st->tty) {
		fprintf(stderr, "\r%" PRIu64 " of %" PRIu64 " bytes", done, size);
		st->shown = true;
	}
	return 0;
}

static void
print_attachment(struct cli *c, const Sk__V1__Attachment *a)
{
	char when[40];

	if (c->json) {
		out_json(&a->base);
		return;
	}
	out_time(a->added_at, when, sizeof(when));
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
	struct xfer_upload up = { 0 };
	Sk__V1__Attachment *a = NULL;
	uint8_t sha[SHA256_LEN];
	char why[300];
	const char *path;
	struct attach_state st = { .tty = isatty(STDERR_FILENO) };
	uint64_t id;
	int ch, rc;

	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (ch) {
		case 't': up.media_type = optarg; break;
		case 'n': up.name = optarg; break;
		default: return SK_EXIT_USAGE;
		}
	}
	if (argc - optind != 2 || !cli_parse_id(argv[optind], &id))
		return cli_usage("attach ID FILE [--type MEDIA/TYPE] [--name NAME]");
	path = argv[optind + 1];
	if (up.name == NULL || up.name[0] == '\0')
		up.name = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;
	if (up.media_type == NULL || up.media_type[0] == '\0')
		up.media_type = xfer_media_type(path);
	/* A file that cannot be read is found before connecting. */
	if ((up.fp = fopen(path, "rb")) == NULL || sha256_file(up.fp, sha) != 0) {
		snprintf(why, sizeof(why), "cannot read: %s", strerror(errno));
		if (up.fp != NULL)
			fclose(up.fp);
		return local_error(c, path, why);
	}
	up.sha256 = sha;
	up.progress = attach_progress;
	up.arg = &st;
	if ((rc = cli_connect(c)) == 0) {
		rc = xfer_upload(c->conn, id, &up, &a, &c->err);
		if (st.shown)
			fprintf(stderr, "\n");
		if (rc == XFER_LOCAL)
			rc = local_error(c, path, c->err.msg);
		else if ((rc = cli_status(c, rc)) == 0) {
			if (st.had > 0 && !c->json)
				printf("Resumed: the server had %" PRIu64
				       " of its %" PRIu64 " bytes already\n",
				    st.had, a->size);
			print_attachment(c, a);
		}
	}
	call_free(a);
	fclose(up.fp);
	return rc;
}

int
cmd_attachments(struct cli *c, int argc, char **argv)
{
	Sk__V1__AttachmentListResponse *l;
	uint64_t id;
	char sha[65], when[40];
	int rc;

	if ((rc = cli_args(c, argc, argv)) != 0)
		return rc;
	if (argc - optind != 1 || !cli_parse_id(argv[optind], &id))
		return cli_usage("attachments needs one initiative ID");
	if ((rc = cli_connect(c)) != 0 ||
	    (rc = cli_status(c, call_attachment_list(c->conn, id, &l, &c->err))) != 0)
		return rc;
	if (c->json) {
		out_json(&l->base);
	} else {
		printf("%-14s %10s  %-17s %-28s %s\n", "SHA256", "BYTES", "ADDED", "TYPE",
		    "NAME");
		for (size_t i = 0; i < l->n_attachments; i++) {
			const Sk__V1__Attachment *a = l->attachments[i];

			sha256_hex(a->sha256.data, a->sha256.len < 7 ? a->sha256.len : 7,
			    sha);
			out_time(a->added_at, when, sizeof(when));
			printf("%-14s %10" PRIu64 "  %-17s ", sha, a->size, when);
			out_cell(stdout, a->media_type, 29);
			printf("%s\n", a->name);
		}
	}
	call_free(l);
	return 0;
}

/* What download wrote, for people or as JSON. */
static void
print_download(struct cli *c, const char *path, const Sk__V1__Attachment *a)
{
	if (!c->json) {
		printf("%s: %" PRIu64 " bytes, sha256 checked\n", path, a->size);
		return;
	}
	printf("{\"path\":");
	json_string(stdout, path);
	printf(",\"attachment\":");
	json_message(stdout, &a->base);
	printf("}\n");
}

int
cmd_download(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	const Sk__V1__Attachment *a;
	Sk__V1__AttachmentListResponse *l;
	const char *out = NULL;
	bool force = false;
	uint64_t id;
	int ch, rc;

	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, opts)) != -1) {
		if (ch == 'o')
			out = optarg;
		else if (ch == 'f')
			force = true;
		else
			return SK_EXIT_USAGE;
	}
	if (argc - optind != 2 || !cli_parse_id(argv[optind], &id) || out == NULL)
		return cli_usage("download ID NAME|SHA256-PREFIX --out FILE [--force]");
	/* Checked before anything is fetched; xfer renames over it only
	 * once the bytes match. */
	if (!force && access(out, F_OK) == 0)
		return local_error(c, out, "exists; give --force to replace it");
	if ((rc = cli_connect(c)) != 0 ||
	    (rc = cli_status(c, call_attachment_list(c->conn, id, &l, &c->err))) != 0)
		return rc;
	if ((a = xfer_find(l, argv[optind + 1])) == NULL) {
		out_error(SK_EXIT_REFUSED, SK_NOT_FOUND,
		    "no such attachment (see sk attachments ID)", c->json);
		call_free(l);
		return SK_EXIT_REFUSED;
	}
	rc =
	    xfer_download(c->conn, id, a->sha256.data, a->size, out, NULL, NULL, &c->err);
	if (rc == XFER_LOCAL)
		rc = local_error(c, out, c->err.msg);
	else if ((rc = cli_status(c, rc)) == 0)
		print_download(c, out, a);
	call_free(l);
	return rc;
}
