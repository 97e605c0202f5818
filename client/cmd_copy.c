/*
 * cmd_copy: the immutable copy a receiving level keeps of a forwarded
 * initiative: its origin, the unit's decision and certificates, its files
 * by hash, and the proofs it carries. --verify checks them as anyone
 * holding the deployment's log key can, offline: the origin unit's
 * checkpoint signed by the pinned key (never one the server offers), and
 * the entries that recognised and decided the initiative in its tree.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "cli.h"
#include "json.h"
#include "logv.h"
#include "out.h"

enum { OPT_VERIFY = 256, OPT_LOG_KEY };

static void
copy_origin(const Sk__V1__Copy *k)
{
	const Sk__V1__Origin *o = k->origin;
	char d[16], t[40];

	printf("Copy %" PRIu64 " of initiative %" PRIu64 " (version %u) of %s [%s]\n",
	    k->id, o->initiative_id, o->version, o->unit_name, o->unit_code);
	printf("  Title:         %s\n", k->dossier != NULL ? k->dossier->title : "");
	printf("  Received:      %s, sent by %s; reviewed here as initiative %" PRIu64
	       "\n",
	    out_time(k->received_at, t, sizeof(t)), k->sent_by, k->review_id);
	printf("  Round:         %" PRIu64 "; sector %s, office %s\n", o->round_id,
	    o->sector, o->office[0] ? o->office : "-");
	printf("  Submission:    %s of %s: %s\n", o->submission_number,
	    out_date(k->submission_signed_on, d, sizeof(d)), k->submission_reasons);
	printf("  Scope:         %s\n", k->scope);
}

static void
copy_decision(const Sk__V1__Copy *k)
{
	const Sk__V1__Decision *d = k->decision;
	char day[16], share[16];

	if (d != NULL)
		printf("  Decision:      %s of %s, signed by %s (%s)\n", d->number,
		    out_date(d->signed_on, day, sizeof(day)), d->signer_name,
		    d->unit_name);
	for (size_t i = 0; i < k->n_certificates; i++) {
		const Sk__V1__Certificate *e = k->certificates[i];

		out_share(e->share, share, sizeof(share));
		printf("  %s %s: %s (%s%%)\n",
		    i == 0 ? "Certificates: " : "              ", e->number, e->author,
		    share);
	}
}

static void
copy_files(const Sk__V1__Copy *k)
{
	for (size_t i = 0; i < k->n_attachments; i++) {
		const Sk__V1__Attachment *a = k->attachments[i];

		printf("  %s ", i == 0 ? "Attachments:  " : "              ");
		for (size_t b = 0; b < a->sha256.len; b++)
			printf("%02x", a->sha256.data[b]);
		printf("  %" PRIu64 " bytes  %s\n", a->size, a->name);
	}
	if (k->n_attachments == 0)
		printf("  Attachments:   none\n");
}

/* The proofs and the checkpoint they are against, as served (unverified). */
static void
copy_proofs(const Sk__V1__Copy *k)
{
	char origin[256] = "?";
	merkle_hash root;
	uint64_t size = 0;

	if (checkpoint_parse(k->checkpoint, origin, sizeof(origin), &size, root) != 0)
		snprintf(origin, sizeof(origin), "(no checkpoint)");
	printf("  Proofs:        %zu log entr%s of %s, against its checkpoint of %" PRIu64
	       " entries:",
	    k->n_proofs, k->n_proofs == 1 ? "y" : "ies", origin, size);
	for (size_t i = 0; i < k->n_proofs; i++)
		printf("%s %s, entry %" PRIu64, i ? ";" : "", k->proofs[i]->what,
		    k->proofs[i]->index);
	printf("\n                 (--verify checks them against the pinned log key)\n");
}

static void
print_copy(const Sk__V1__Copy *k)
{
	copy_origin(k);
	copy_decision(k);
	if (k->dossier != NULL) {
		printf("  Authors:       ");
		for (size_t i = 0; i < k->dossier->n_authors; i++)
			printf("%s%s", i ? ", " : "", k->dossier->authors[i]->name);
		printf("\n");
	}
	copy_files(k);
	copy_proofs(k);
}

/* A logv_source answering from one proof the copy carries. */
static int
copy_proof(void *arg, bool consistency, uint64_t x, uint64_t size, merkle_hash **hashes,
    size_t *n, struct sk_error *err)
{
	const Sk__V1__EntryProof *p = arg;

	(void)size;
	*hashes = NULL;
	*n = 0;
	if (consistency || x != p->index)
		return status_set(err, SK_NOT_FOUND, "the copy carries no such proof");
	if (p->n_hashes > 0 && (*hashes = calloc(p->n_hashes, sizeof(**hashes))) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	for (size_t i = 0; i < p->n_hashes; i++)
		if (p->hashes[i].len == MERKLE_HASH_LEN) /* else zeros: it fails */
			memcpy((*hashes)[i], p->hashes[i].data, MERKLE_HASH_LEN);
	*n = p->n_hashes;
	return 0;
}

/* Is the entry of proof p the step of the origin's initiative it names? */
static bool
proof_names(const struct logv_checkpoint *cp, const Sk__V1__Copy *k,
    const Sk__V1__EntryProof *p, char *why, size_t sz)
{
	static const struct {
		const char *what, *action;
	} steps[] = { { "recognised", "initiative.recognise" },
		{ "decided", "initiative.decide" } };
	Sk__V1__LogEntry *e =
	    sk__v1__log_entry__unpack(NULL, p->entry.len, p->entry.data);
	char object[48];
	const char *action = NULL;
	bool ok;

	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if (strcmp(p->what, steps[i].what) == 0)
			action = steps[i].action;
	snprintf(object, sizeof(object), "initiative/%" PRIu64, k->origin->initiative_id);
	ok = e != NULL && action != NULL && strcmp(e->origin, cp->origin) == 0 &&
	    strcmp(e->action, action) == 0 && strcmp(e->object, object) == 0;
	if (!ok)
		snprintf(why, sz,
		    "entry %" PRIu64 " is in the log, but is not the entry that %s %s",
		    p->index, p->what, object);
	if (e != NULL)
		sk__v1__log_entry__free_unpacked(e, NULL);
	return ok;
}

/* The verdict of --verify, for people or scripts; the exit status. */
static int
verify_verdict(struct cli *c, const Sk__V1__Copy *k, const struct logv_checkpoint *cp,
    const char *failed)
{
	/* A checkpoint that did not open names no log: say the unit's. */
	const char *origin = cp->origin[0] ? cp->origin : k->origin->unit_code;

	if (failed != NULL)
		fprintf(stderr, "sk copy: VERIFICATION FAILED: %s\n", failed);
	if (c->json) {
		printf("{\"verified\":%s,\"origin\":", failed == NULL ? "true" : "false");
		json_string(stdout, origin);
		if (failed != NULL) {
			printf(",\"reason\":");
			json_string(stdout, failed);
		} else
			printf(",\"size\":\"%" PRIu64 "\"", cp->size);
		printf(",\"copy\":");
		json_message(stdout, &k->base);
		printf("}\n");
		return failed == NULL ? 0 : SK_EXIT_VERIFY;
	}
	if (failed != NULL)
		return SK_EXIT_VERIFY;
	printf("verified: the checkpoint of %s (%" PRIu64 " entries) is signed by the "
	       "pinned key, and the %zu entries that recognised and decided initiative "
	       "%" PRIu64 " there are in it\n",
	    cp->origin, cp->size, k->n_proofs, k->origin->initiative_id);
	return 0;
}

/*
 * What the copy carries, checked as anyone holding the deployment's log
 * key can: the checkpoint signed by that key and of the origin unit's
 * log, each proof's entry in its tree and naming the origin's initiative.
 */
static int
copy_verify(struct cli *c, const Sk__V1__Copy *k)
{
	struct logv_checkpoint cp = { 0 };
	struct logv_result res = { 0 };
	char why[256];
	bool recognised = false, decided = false;

	if (c->cfg.log_key[0] == '\0')
		return cli_local(c,
		    "no pinned log key: put log_key in your configuration "
		    "(as user create writes it), or pass --log-key");
	if (logv_open(k->checkpoint, c->cfg.log_key, k->origin->unit_code, &cp, &res) !=
	    LOGV_OK)
		return verify_verdict(c, k, &cp, res.msg);
	for (size_t i = 0; i < k->n_proofs; i++) {
		const Sk__V1__EntryProof *p = k->proofs[i];
		struct logv_source src = { copy_proof, (void *)p };

		if (logv_entry(&cp, p->index, &p->entry, &src, &res, &c->err) != 0 ||
		    res.verdict != LOGV_OK)
			return verify_verdict(c, k, &cp,
			    res.verdict != LOGV_OK ? res.msg : c->err.msg);
		if (!proof_names(&cp, k, p, why, sizeof(why)))
			return verify_verdict(c, k, &cp, why);
		recognised |= strcmp(p->what, "recognised") == 0;
		decided |= strcmp(p->what, "decided") == 0;
	}
	if (!recognised || !decided)
		return verify_verdict(c, k, &cp,
		    "the copy does not prove both its recognition and its decision");
	return verify_verdict(c, k, &cp, NULL);
}

int
cmd_copy_show(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "verify", no_argument, NULL, OPT_VERIFY },
		{ "log-key", required_argument, NULL, OPT_LOG_KEY },
		{ NULL, 0, NULL, 0 },
	};
	Sk__V1__Copy *k;
	bool verify = false;
	uint64_t id;
	int ch, rc;

	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, opts)) != -1) {
		if (ch == OPT_VERIFY)
			verify = true;
		else if (ch == OPT_LOG_KEY)
			cli_set(c, "log_key", optarg);
		else
			return SK_EXIT_USAGE;
	}
	if (argc - optind != 1 || !cli_parse_id(argv[optind], &id))
		return cli_usage("copy show needs one copy ID");
	if ((rc = cli_connect(c)) != 0 ||
	    (rc = cli_status(c, call_copy_get(c->conn, id, &k, &c->err))) != 0)
		return rc;
	if (k->origin == NULL) {
		status_set(&c->err, SK_UNKNOWN,
		    "copy %" PRIu64 " came without its origin", id);
		rc = cli_status(c, SK_UNKNOWN);
	} else if (verify) {
		if (!c->json)
			print_copy(k);
		rc = copy_verify(c, k);
	} else if (c->json)
		out_json(&k->base);
	else
		print_copy(k);
	call_free(k);
	return rc;
}
