/*
 * cmd_export: one initiative in a file that proves itself (sk export), and
 * its check with no server (sk verify), by exportv.h. The export holds the
 * record as its unit's server stores it, with the confidential part and
 * the authors' personal data: it is for those who may read them, and for
 * auditors they give it to.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "call.h"
#include "cli.h"
#include "exportv.h"
#include "json.h"
#include "names.h"
#include "out.h"
#include "xfer.h"

#define EXPORT_FILE_MAX (1ull << 30) /* what sk verify reads at most */

enum { OPT_OUT = 256, OPT_WITH_FILES, OPT_FORCE, OPT_LOG_KEY, OPT_WITNESS };

/* ---- sk export ------------------------------------------------------------------- */

/* The bytes of file f of initiative id, fetched by hash and checked. */
static int
file_fetch(struct cli *c, uint64_t id, Sk__V1__ExportFile *f)
{
	Sk__Store__V1__AttachmentRec *a;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;
	int rc;

	if (f->attachment == NULL ||
	    (a = sk__store__v1__attachment_rec__unpack(NULL, f->attachment->record.len,
	         f->attachment->record.data)) == NULL) {
		status_set(&c->err, SK_UNKNOWN,
		    "the server's export lists a file unreadably");
		return cli_status(c, SK_UNKNOWN);
	}
	if ((fp = open_memstream(&buf, &len)) == NULL) {
		sk__store__v1__attachment_rec__free_unpacked(a, NULL);
		return cli_local(c, "out of memory");
	}
	rc = a->sha256.len == SHA256_LEN ?
	    xfer_fetch(c->conn, id, a->sha256.data, a->size, fp, NULL, NULL, &c->err) :
	    status_set(&c->err, SK_UNKNOWN, "file %s has no SHA-256", a->name);
	if (fclose(fp) != 0 && rc == 0)
		rc = status_set(&c->err, SK_RESOURCE_EXHAUSTED, "out of memory");
	sk__store__v1__attachment_rec__free_unpacked(a, NULL);
	if (rc != 0) {
		free(buf);
		return cli_status(c, rc);
	}
	/* The message owns it now: freed with it. */
	f->data.data = (uint8_t *)buf;
	f->data.len = len;
	return 0;
}

/* path written whole beside itself, then renamed over it. */
static int
file_put(struct cli *c, const char *path, const uint8_t *data, size_t len)
{
	char part[PATH_MAX];
	FILE *fp;

	if ((size_t)snprintf(part, sizeof(part), "%s.part", path) >= sizeof(part))
		return cli_local(c, "%s: path too long", path);
	if ((fp = fopen(part, "wb")) == NULL)
		return cli_local(c, "%s: cannot write: %s", part, strerror(errno));
	if (fwrite(data, 1, len, fp) != len || fflush(fp) != 0 ||
	    fsync(fileno(fp)) != 0) {
		int e = errno;

		fclose(fp);
		unlink(part);
		return cli_local(c, "%s: cannot write: %s", part, strerror(e));
	}
	if (fclose(fp) != 0 || rename(part, path) != 0) {
		int e = errno;

		unlink(part);
		return cli_local(c, "%s: cannot write: %s", path, strerror(e));
	}
	return 0;
}

static void
export_said(struct cli *c, const char *path, uint64_t id,
    const Sk__V1__InitiativeExport *x, bool with_files)
{
	char origin[256] = "?";
	merkle_hash root;
	uint64_t size = 0;

	checkpoint_parse(x->checkpoint, origin, sizeof(origin), &size, root);
	if (c->json) {
		printf("{\"path\":");
		json_string(stdout, path);
		printf(",\"initiative\":\"%" PRIu64 "\",\"origin\":", id);
		json_string(stdout, origin);
		printf(",\"size\":\"%" PRIu64 "\",\"entries\":%zu,\"files\":%zu,"
		       "\"with_files\":%s,\"witnessed\":%s}\n",
		    size, x->n_history, x->n_files, with_files ? "true" : "false",
		    x->cosigned[0] != '\0' ? "true" : "false");
		return;
	}
	printf("Exported initiative %" PRIu64 " of %s to %s:\n", id, origin, path);
	printf("  %zu entries of its history, its decision and %zu certificate%s, "
	       "%zu file%s (%s),\n",
	    x->n_history, x->n_certificates, x->n_certificates == 1 ? "" : "s",
	    x->n_files, x->n_files == 1 ? "" : "s",
	    with_files ? "with their bytes" : "by hash only");
	printf("  proven against the checkpoint of %" PRIu64 " entries%s.\n", size,
	    x->cosigned[0] != '\0' ? ", with the witnessed checkpoint" : "");
	printf("Check it with no server: sk verify %s --log-key KEY\n", path);
}

int
cmd_export(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, OPT_OUT },
		{ "with-files", no_argument, NULL, OPT_WITH_FILES },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ NULL, 0, NULL, 0 },
	};
	Sk__V1__InitiativeExport *x = NULL;
	const char *out = NULL;
	bool with_files = false, force = false;
	uint8_t *bytes = NULL;
	struct stat st;
	size_t len = 0;
	uint64_t id;
	int ch, rc;

	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, opts)) != -1) {
		if (ch == OPT_OUT)
			out = optarg;
		else if (ch == OPT_WITH_FILES)
			with_files = true;
		else if (ch == OPT_FORCE)
			force = true;
		else
			return SK_EXIT_USAGE;
	}
	if (argc - optind != 1 || !cli_parse_id(argv[optind], &id) || out == NULL)
		return cli_usage("export needs one initiative ID and --out FILE");
	if (!force && stat(out, &st) == 0)
		return cli_local(c, "%s exists: give --force to replace it", out);
	if ((rc = cli_connect(c)) != 0 ||
	    (rc = cli_status(c, call_initiative_export(c->conn, id, &x, &c->err))) != 0)
		return rc;
	for (size_t i = 0; with_files && rc == 0 && i < x->n_files; i++)
		rc = file_fetch(c, id, x->files[i]);
	if (rc == 0 && (rc = exportv_bytes(x, &bytes, &len, &c->err)) != 0)
		rc = cli_status(c, SK_UNKNOWN);
	if (rc == 0 && (rc = file_put(c, out, bytes, len)) == 0)
		export_said(c, out, id, x, with_files);
	free(bytes);
	call_free(x);
	return rc;
}

/* ---- sk verify ------------------------------------------------------------------- */

/* The whole of path, malloc'd. */
static int
file_get(struct cli *c, const char *path, uint8_t **data, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	struct stat st;
	int rc = 0;

	*data = NULL;
	if (fp == NULL)
		return cli_local(c, "%s: cannot read: %s", path, strerror(errno));
	if (fstat(fileno(fp), &st) != 0 || st.st_size < 0 ||
	    (unsigned long long)st.st_size > EXPORT_FILE_MAX)
		rc = cli_local(c, "%s: not a file of at most 1 GiB", path);
	else if ((*data = malloc((size_t)st.st_size + 1)) == NULL)
		rc = cli_local(c, "%s: out of memory", path);
	else if ((*len = fread(*data, 1, (size_t)st.st_size, fp)) != (size_t)st.st_size)
		rc = cli_local(c, "%s: cannot read: %s", path, strerror(errno));
	fclose(fp);
	if (rc != 0) {
		free(*data);
		*data = NULL;
	}
	return rc;
}

static void
verified_json(const struct exportv_report *r)
{
	printf("{\"verified\":%s,\"origin\":", r->ok ? "true" : "false");
	json_string(stdout, r->cp.origin);
	if (!r->ok) {
		printf(",\"reason\":");
		json_string(stdout, r->msg);
		printf("}\n");
		return;
	}
	printf(",\"size\":\"%" PRIu64 "\",\"initiative\":\"%" PRIu64 "\",\"title\":",
	    r->cp.size, r->rec->id);
	json_string(stdout, r->rec->title);
	printf(",\"state\":");
	json_string(stdout, state_name(r->rec->state));
	printf(",\"entry\":\"%" PRIu64 "\",\"recognised\":\"%" PRIu64
	       "\",\"decided\":\"%" PRIu64 "\",\"decision\":",
	    r->last, r->recognised - 1, r->decided - 1);
	json_string(stdout, r->decision->number);
	printf(",\"files\":%zu,\"files_with_bytes\":%zu", r->x->n_files,
	    r->files_with_bytes);
	if (r->witness[0] != '\0') {
		printf(",\"witness\":");
		json_string(stdout, r->witness);
	}
	printf("}\n");
}

static void
verified_text(const struct exportv_report *r)
{
	const Sk__Store__V1__InitiativeRec *rec = r->rec;
	char hex[2 * MERKLE_HASH_LEN + 1], day[16], when[40];

	merkle_hex(r->cp.root, hex);
	printf("verified: initiative %" PRIu64 " of %s, \"%s\"\n", rec->id, r->cp.origin,
	    rec->title);
	printf("  Checkpoint:   %" PRIu64 " entries, root %.16s…, signed by the pinned "
	       "key\n",
	    r->cp.size, hex);
	printf("  Record:       %s, version %u: the state entry %" PRIu64
	       " logged (its SHA-256)\n",
	    state_name(rec->state), rec->version, r->last);
	printf("  History:      %zu entries in the tree; recognised by entry %" PRIu64
	       ", decided by entry %" PRIu64 "\n",
	    r->x->n_history, r->recognised - 1, r->decided - 1);
	printf("  Decision:     %s of %s, entry %" PRIu64 "; %zu certificate%s\n",
	    r->decision->number, out_date(r->decision->signed_on, day, sizeof(day)),
	    r->x->decision->proof->index, r->x->n_certificates,
	    r->x->n_certificates == 1 ? "" : "s");
	if (r->x->n_files == 0)
		printf("  Files:        none\n");
	else if (r->files_with_bytes == r->x->n_files)
		printf("  Files:        %zu, their bytes matching their SHA-256\n",
		    r->x->n_files);
	else
		printf("  Files:        %zu by SHA-256, %zu with their bytes (exported "
		       "without --with-files?)\n",
		    r->x->n_files, r->files_with_bytes);
	if (r->witness[0] != '\0')
		printf("  Witness:      %s cosigned it at %s\n", r->witness,
		    out_time(r->witnessed_at, when, sizeof(when)));
	else
		printf("  Witness:      %s\n",
		    r->x->cosigned[0] != '\0' ?
		        "cosignatures carried, none required (--witness KEY)" :
		        "none carried, none required");
}

int
cmd_verify(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "log-key", required_argument, NULL, OPT_LOG_KEY },
		{ "witness", required_argument, NULL, OPT_WITNESS },
		{ NULL, 0, NULL, 0 },
	};
	struct exportv_report rep;
	const char *witness = NULL;
	uint8_t *data = NULL;
	size_t len = 0;
	int ch, rc;

	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, opts)) != -1) {
		if (ch == OPT_LOG_KEY)
			cli_set(c, "log_key", optarg);
		else if (ch == OPT_WITNESS)
			witness = optarg;
		else
			return SK_EXIT_USAGE;
	}
	if (argc - optind != 1)
		return cli_usage("verify needs one FILE (as sk export wrote it)");
	if ((rc = cli_config(c)) != 0)
		return rc;
	if (c->cfg.log_key[0] == '\0')
		return cli_local(c,
		    "no pinned log key: pass --log-key (the unit server's log.key.pub, "
		    "or log_key of a configuration its administrator wrote)");
	if (witness == NULL && c->cfg.witness_key[0] != '\0')
		witness = c->cfg.witness_key;
	if ((rc = file_get(c, argv[optind], &data, &len)) != 0)
		return rc;
	exportv_check(data, len, c->cfg.log_key, witness, &rep, &c->err);
	free(data);
	if (!rep.ok)
		fprintf(stderr, "sk verify: VERIFICATION FAILED: %s\n", rep.msg);
	if (c->json)
		verified_json(&rep);
	else if (rep.ok)
		verified_text(&rep);
	rc = rep.ok ? 0 : SK_EXIT_VERIFY;
	exportv_report_free(&rep);
	return rc;
}
