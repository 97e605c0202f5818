/*
 * cmd_audit: an auditor's offline check of a unit's decision log.
 *
 * The checkpoint's signature is checked against the pinned key (log_key
 * in the configuration, or --log-key), never the key the server offers.
 * The last checkpoint trusted for each log is kept in a local file; every
 * run proves the new one consistent with it, and fails loudly on a fork
 * or a rollback, printing both. Entries are hashed here, so an entry
 * altered or removed on the server is caught even if its tree was not.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "date.h"
#include "merkle.h"
#include "note.h"
#include "out.h"

#define SK_EXIT_VERIFY 5 /* the log failed verification */

struct audit {
	struct cli *c;
	const char *unit; /* unit code, "" for one's own */
	char state_dir[1024];
	char origin[256];
	char note[NOTE_MAX]; /* the server's signed checkpoint */
	uint64_t size;
	merkle_hash root;
	uint64_t entry;      /* --entry N, or UINT64_MAX */
	uint64_t initiative; /* history filter, 0: all */
	bool history;
};

static int fail_verify(struct audit *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
fail_verify(struct audit *a, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "sk audit: VERIFICATION FAILED: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	if (a->c->json)
		printf("{\"verified\":false,\"origin\":\"%s\"}\n", a->origin);
	return SK_EXIT_VERIFY;
}

static int
fetch_checkpoint(struct audit *a)
{
	Sk__V1__Request req = SK__V1__REQUEST__INIT;
	Sk__V1__LogCheckpointRequest q = SK__V1__LOG_CHECKPOINT_REQUEST__INIT;
	Sk__V1__Response *resp;
	struct sk_error err = { 0 };
	char body[NOTE_MAX], want[300];
	int rc;

	q.unit_code = (char *)a->unit;
	req.call_case = SK__V1__REQUEST__CALL_LOG_CHECKPOINT;
	req.log_checkpoint = &q;
	if ((rc = cli_call(a->c, &req, &resp)) != 0)
		return rc;
	snprintf(a->note, sizeof(a->note), "%s", resp->log_checkpoint->checkpoint);
	if (a->c->cfg.log_key[0] == '\0') {
		fprintf(stderr,
		    "sk audit: no pinned log key. The server presents\n  %s\n"
		    "Check it with the deployment's operator by another channel, then put\n"
		    "  log_key = <that key>\nin your configuration (or pass --log-key).\n",
		    resp->log_checkpoint->verifier_key);
		sk__v1__response__free_unpacked(resp, NULL);
		return SK_EXIT_LOCAL;
	}
	sk__v1__response__free_unpacked(resp, NULL);
	if (note_verify(a->note, a->c->cfg.log_key, body, sizeof(body), &err) != 0)
		return fail_verify(a, "%s", err.msg);
	if (checkpoint_parse(body, a->origin, sizeof(a->origin), &a->size, a->root) != 0)
		return fail_verify(a, "%s", "the checkpoint does not parse");
	snprintf(want, sizeof(want), "/%s", a->unit);
	if (a->unit[0] != '\0' &&
	    (strlen(a->origin) < strlen(want) ||
	        strcmp(a->origin + strlen(a->origin) - strlen(want), want) != 0))
		return fail_verify(a, "the server answered with the log of %s",
		    a->origin);
	return 0;
}

static void
state_path(struct audit *a, char *buf, size_t sz)
{
	char name[256];

	snprintf(name, sizeof(name), "%s", a->origin);
	for (char *p = name; *p; p++)
		if (*p == '/' || *p == ' ')
			*p = '_';
	snprintf(buf, sz, "%s/%s.checkpoint", a->state_dir, name);
}

/* The checkpoint trusted last time, if any: 1 found, 0 none, <0 error. */
static int
load_trusted(struct audit *a, char *note, size_t nsz, uint64_t *size, merkle_hash root)
{
	char path[1400], body[NOTE_MAX], origin[256];
	struct sk_error err = { 0 };
	size_t n;
	FILE *fp;

	state_path(a, path, sizeof(path));
	if ((fp = fopen(path, "r")) == NULL)
		return errno == ENOENT ? 0 : -1;
	n = fread(note, 1, nsz - 1, fp);
	note[n] = '\0';
	fclose(fp);
	if (note_verify(note, a->c->cfg.log_key, body, sizeof(body), &err) != 0 ||
	    checkpoint_parse(body, origin, sizeof(origin), size, root) != 0 ||
	    strcmp(origin, a->origin) != 0)
		return -2;
	return 1;
}

static int
save_trusted(struct audit *a)
{
	char path[1400], tmp[1500];
	FILE *fp;

	mkdir(a->state_dir, 0700);
	state_path(a, path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if ((fp = fopen(tmp, "w")) == NULL || fputs(a->note, fp) == EOF ||
	    fclose(fp) != 0 || rename(tmp, path) != 0) {
		fprintf(stderr, "sk audit: %s: %s\n", path, strerror(errno));
		return SK_EXIT_LOCAL;
	}
	return 0;
}

static int
fetch_proof(struct audit *a, bool consistency, uint64_t x, uint64_t size,
    merkle_hash **out, size_t *n)
{
	Sk__V1__Request req = SK__V1__REQUEST__INIT;
	Sk__V1__LogProofRequest q = SK__V1__LOG_PROOF_REQUEST__INIT;
	Sk__V1__Response *resp;
	int rc;

	q.unit_code = (char *)a->unit;
	q.tree_size = size;
	q.consistency = consistency;
	if (consistency)
		q.from_size = x;
	else
		q.index = x;
	req.call_case = SK__V1__REQUEST__CALL_LOG_PROOF;
	req.log_proof = &q;
	if ((rc = cli_call(a->c, &req, &resp)) != 0)
		return rc;
	*n = resp->log_proof->n_hashes;
	if ((*out = calloc(*n + 1, sizeof(merkle_hash))) == NULL) {
		sk__v1__response__free_unpacked(resp, NULL);
		return SK_EXIT_LOCAL;
	}
	for (size_t i = 0; i < *n; i++)
		if (resp->log_proof->hashes[i].len == MERKLE_HASH_LEN)
			memcpy((*out)[i], resp->log_proof->hashes[i].data,
			    MERKLE_HASH_LEN);
	sk__v1__response__free_unpacked(resp, NULL);
	return 0;
}

/* The new checkpoint must extend the one trusted before. */
static int
check_consistency(struct audit *a)
{
	char old[NOTE_MAX], hex1[65], hex2[65];
	merkle_hash oroot, *proof = NULL;
	uint64_t osize;
	size_t n = 0;
	int rc;
	bool ok;

	if ((rc = load_trusted(a, old, sizeof(old), &osize, oroot)) == 0)
		return 0; /* first use: trust on this first checkpoint */
	if (rc < 0)
		return fail_verify(a, "%s",
		    "the locally trusted checkpoint is unreadable or "
		    "not signed by the pinned key");
	if (a->size < osize) {
		fprintf(stderr, "trusted before:\n%s\nserved now:\n%s\n", old, a->note);
		return fail_verify(a, "%s",
		    "ROLLBACK: the server's log is shorter than the "
		    "checkpoint you trusted before");
	}
	if (a->size == osize)
		ok = memcmp(a->root, oroot, MERKLE_HASH_LEN) == 0;
	else {
		if ((rc = fetch_proof(a, true, osize, a->size, &proof, &n)) != 0)
			return rc;
		ok = merkle_verify_consistency(osize, a->size, oroot, a->root, proof, n);
		free(proof);
	}
	if (!ok) {
		merkle_hex(oroot, hex1);
		merkle_hex(a->root, hex2);
		fprintf(stderr, "trusted before:\n%s\nserved now:\n%s\n", old, a->note);
		return fail_verify(a, "%s",
		    "FORK: the server's log does not extend the "
		    "checkpoint you trusted before");
	}
	if (!a->c->json)
		printf("consistent with the checkpoint trusted before (size %" PRIu64
		       ")\n",
		    osize);
	return 0;
}

/* Fetch entries [0, size) into *v (each malloc'd bytes). */
static int
fetch_entries(struct audit *a, ProtobufCBinaryData **v, uint64_t *got)
{
	Sk__V1__Request req = SK__V1__REQUEST__INIT;
	Sk__V1__LogEntriesRequest q = SK__V1__LOG_ENTRIES_REQUEST__INIT;
	Sk__V1__Response *resp;
	uint64_t n = 0;
	int rc;

	*got = 0;
	if ((*v = calloc(a->size + 1, sizeof(**v))) == NULL)
		return SK_EXIT_LOCAL;
	q.unit_code = (char *)a->unit;
	req.call_case = SK__V1__REQUEST__CALL_LOG_ENTRIES;
	req.log_entries = &q;
	while (n < a->size) {
		q.start = n;
		q.end = a->size;
		if ((rc = cli_call(a->c, &req, &resp)) != 0) {
			*got = n;
			return rc; /* the connection failed: no verdict */
		}
		Sk__V1__LogEntriesResponse *er = resp->log_entries;

		for (size_t i = 0; i < er->n_entries && n < a->size; i++, n++) {
			(*v)[n].len = er->entries[i].len;
			if (((*v)[n].data = malloc(er->entries[i].len + 1)) != NULL)
				memcpy((*v)[n].data, er->entries[i].data,
				    er->entries[i].len);
		}
		rc = er->n_entries == 0 ? -1 : 0;
		sk__v1__response__free_unpacked(resp, NULL);
		if (rc != 0)
			break; /* the server has fewer entries than it signed */
	}
	*got = n;
	return 0;
}

static void
entries_free(ProtobufCBinaryData *v, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		free(v[i].data);
	free(v);
}

static void
print_entry(const Sk__V1__LogEntry *e)
{
	char when[40];

	time_format_vn(e->time, when, sizeof(when));
	printf("%6" PRIu64 "  %s  ", e->seq, when);
	out_cell(stdout, e->actor, 15);
	out_cell(stdout, e->action, 22);
	out_cell(stdout, e->object, 18);
	printf("%s\n", e->note);
}

static bool
mentions(const Sk__V1__LogEntry *e, uint64_t id)
{
	char obj[40], note[48];

	snprintf(obj, sizeof(obj), "initiative/%" PRIu64, id);
	snprintf(note, sizeof(note), "initiative %" PRIu64, id);
	return strcmp(e->object, obj) == 0 || strstr(e->note, note) != NULL;
}

/* Hash every entry; they must make the signed root, entry by entry. */
static int
verify_all(struct audit *a)
{
	ProtobufCBinaryData *v = NULL;
	merkle_hash *leaves, root;
	uint64_t got = 0;
	int rc;

	if ((rc = fetch_entries(a, &v, &got)) != 0) {
		entries_free(v, got);
		return rc;
	}
	if (got < a->size) {
		entries_free(v, got);
		return fail_verify(a,
		    "the server serves only %" PRIu64 " of the %" PRIu64
		    " entries its checkpoint covers: entries were removed",
		    got, a->size);
	}
	if ((leaves = calloc(a->size + 1, sizeof(*leaves))) == NULL) {
		entries_free(v, got);
		return SK_EXIT_LOCAL;
	}
	for (uint64_t i = 0; i < a->size; i++)
		merkle_leaf(v[i].data, v[i].len, leaves[i]);
	merkle_root(leaves, a->size, root);
	rc = 0;
	if (memcmp(root, a->root, MERKLE_HASH_LEN) != 0) {
		/* Find the first entry whose leaf is not in the signed tree. */
		uint64_t bad = a->size;

		for (uint64_t i = 0; i < a->size && bad == a->size; i++) {
			merkle_hash *proof = NULL;
			size_t n = 0;

			if (fetch_proof(a, false, i, a->size, &proof, &n) != 0 ||
			    !merkle_verify_inclusion(i, a->size, leaves[i], proof, n,
			        a->root))
				bad = i;
			free(proof);
		}
		rc = fail_verify(a,
		    "the entries do not hash to the signed root: entry %" PRIu64
		    " was altered",
		    bad);
	}
	for (uint64_t i = 0; rc == 0 && a->history && i < a->size; i++) {
		Sk__V1__LogEntry *e =
		    sk__v1__log_entry__unpack(NULL, v[i].len, v[i].data);

		if (e != NULL && (a->initiative == 0 || mentions(e, a->initiative))) {
			if (a->c->json)
				out_json(&e->base);
			else
				print_entry(e);
		}
		if (e != NULL)
			sk__v1__log_entry__free_unpacked(e, NULL);
	}
	free(leaves);
	entries_free(v, got);
	if (rc == 0 && !a->c->json && !a->history)
		printf("all %" PRIu64 " entries hash to the signed root\n", a->size);
	return rc;
}

/* One entry, by its inclusion proof. */
static int
verify_entry(struct audit *a)
{
	Sk__V1__Request req = SK__V1__REQUEST__INIT;
	Sk__V1__LogEntriesRequest q = SK__V1__LOG_ENTRIES_REQUEST__INIT;
	Sk__V1__Response *resp;
	Sk__V1__LogEntry *e;
	merkle_hash leaf, *proof = NULL;
	size_t n = 0;
	int rc;

	if (a->entry >= a->size)
		return cli_usage("--entry: the log has %" PRIu64 " entries", a->size);
	q.unit_code = (char *)a->unit;
	q.start = a->entry;
	q.end = a->entry + 1;
	req.call_case = SK__V1__REQUEST__CALL_LOG_ENTRIES;
	req.log_entries = &q;
	if ((rc = cli_call(a->c, &req, &resp)) != 0)
		return rc;
	if (resp->log_entries->n_entries != 1) {
		sk__v1__response__free_unpacked(resp, NULL);
		return fail_verify(a, "%s", "the server does not serve that entry");
	}
	merkle_leaf(resp->log_entries->entries[0].data, resp->log_entries->entries[0].len,
	    leaf);
	e = sk__v1__log_entry__unpack(NULL, resp->log_entries->entries[0].len,
	    resp->log_entries->entries[0].data);
	sk__v1__response__free_unpacked(resp, NULL);
	if ((rc = fetch_proof(a, false, a->entry, a->size, &proof, &n)) == 0 &&
	    !merkle_verify_inclusion(a->entry, a->size, leaf, proof, n, a->root))
		rc = fail_verify(a, "%s", "the entry is not in the signed tree");
	free(proof);
	if (rc == 0 && e != NULL) {
		if (a->c->json)
			out_json(&e->base);
		else {
			printf("entry %" PRIu64 " is in the signed tree:\n", a->entry);
			print_entry(e);
		}
	}
	if (e != NULL)
		sk__v1__log_entry__free_unpacked(e, NULL);
	return rc;
}

int
cmd_audit(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "state", required_argument, NULL, 's' },
		{ "entry", required_argument, NULL, 'e' },
		{ "initiative", required_argument, NULL, 'i' },
		{ "log-key", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	struct audit a = { .c = c, .unit = "", .entry = UINT64_MAX };
	const char *home = getenv("HOME");
	struct sk_error err = { 0 };
	char hex[65];
	int ch, rc;

	snprintf(a.state_dir, sizeof(a.state_dir), "%s/.local/state/sk-audit",
	    home != NULL ? home : ".");
	if (getenv("SK_AUDIT_STATE") != NULL)
		snprintf(a.state_dir, sizeof(a.state_dir), "%s",
		    getenv("SK_AUDIT_STATE"));
	a.history = strcmp(argv[0], "history") == 0;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 's': snprintf(a.state_dir, sizeof(a.state_dir), "%s", optarg); break;
		case 'e':
			if (!cli_parse_id(optarg, &a.entry) && strcmp(optarg, "0") != 0)
				return cli_usage("--entry: an entry number");
			if (strcmp(optarg, "0") == 0)
				a.entry = 0;
			break;
		case 'i':
			if (!cli_parse_id(optarg, &a.initiative))
				return cli_usage("--initiative: an initiative ID");
			break;
		case 'k':
			if (skc_config_set(&c->cfg, "log_key", optarg, NULL, &err) != 0)
				return cli_usage("%s", err.msg);
			break;
		default: return SK_EXIT_USAGE;
		}
	}
	if (argc - optind > 1)
		return cli_usage(
		    "audit verify|history [UNIT] [--entry N] [--initiative ID] "
		    "[--state DIR] [--log-key KEY]");
	if (argc - optind == 1)
		a.unit = argv[optind];
	if ((rc = fetch_checkpoint(&a)) != 0 || (rc = check_consistency(&a)) != 0)
		return rc;
	if (!c->json) {
		merkle_hex(a.root, hex);
		printf("%s: checkpoint of %" PRIu64
		       " entries, root %s, signature verified\n",
		    a.origin, a.size, hex);
	}
	rc = a.entry != UINT64_MAX ? verify_entry(&a) : verify_all(&a);
	if (rc == 0)
		rc = save_trusted(&a);
	if (rc == 0 && c->json && !a.history && a.entry == UINT64_MAX)
		printf("{\"verified\":true,\"origin\":\"%s\",\"size\":%" PRIu64 "}\n",
		    a.origin, a.size);
	return rc;
}
