/*
 * cmd_audit: an auditor's offline check of a unit's decision log, by
 * logv.h: the checkpoint's signature against the pinned key (log_key in
 * the configuration, or --log-key), never the key the server offers;
 * consistency with the checkpoint trusted last time (kept by trust.h,
 * --state DIR); every entry hashed, or one by its inclusion proof. A
 * failure prints what failed (both checkpoints on a fork or a rollback)
 * and exits with status 5.
 *
 * Under --json one object says the verdict: {"verified":true,"origin":..,
 * "size":"N"} with "entry":{LogEntry} for --entry and "entries":[...] for
 * a history; {"verified":false,"origin":..,"reason":..,"trusted":..,
 * "served":..} when it failed (the checkpoints only on a fork or rollback).
 *
 * --witness KEY (or witness_key in the configuration) requires that the
 * witness of KEY (the level above's server, C2SP tlog-cosignature) has
 * cosigned a checkpoint of this log that the served one extends.
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
#include "trust.h"

#define AUDIT_WITNESS_MAX 8

struct audit {
	struct cli *c;
	const char *unit; /* unit code, "" for one's own */
	char state_dir[1024];
	uint64_t entry;      /* --entry N, or UINT64_MAX */
	uint64_t initiative; /* history filter, 0: all */
	bool history;
	struct logv_checkpoint cp; /* the one served, once opened */
	struct logv_remote remote; /* proofs from the server */
	struct logv_source src;
	struct logv_result res;
	char *json; /* under --json: ",\"entry\":{…}" or ",\"entries\":[…]" */
	size_t json_len;
	char cosigned[2 * NOTE_MAX]; /* the latest checkpoint witnessed, as served */
	const char *witness[AUDIT_WITNESS_MAX]; /* --witness KEY: each required */
	size_t nwitness;
};

/* The verdict in a->res, for people and scripts. */
static int
audit_failed(struct audit *a)
{
	if (a->res.trusted[0] != '\0')
		fprintf(stderr, "trusted before:\n%s\nserved now:\n%s\n", a->res.trusted,
		    a->res.served);
	fprintf(stderr, "sk audit: VERIFICATION FAILED: %s\n", a->res.msg);
	if (!a->c->json)
		return SK_EXIT_VERIFY;
	printf("{\"verified\":false,\"origin\":");
	json_string(stdout, a->cp.origin);
	printf(",\"reason\":");
	json_string(stdout, a->res.msg);
	if (a->res.trusted[0] != '\0') {
		printf(",\"trusted\":");
		json_string(stdout, a->res.trusted);
		printf(",\"served\":");
		json_string(stdout, a->res.served);
	}
	printf("}\n");
	return SK_EXIT_VERIFY;
}

/* The verdict that all was verified, with what was asked for. */
static void
audit_json_ok(const struct audit *a)
{
	printf("{\"verified\":true,\"origin\":");
	json_string(stdout, a->cp.origin);
	printf(",\"size\":\"%" PRIu64 "\"%s}\n", a->cp.size, a->json ? a->json : "");
}

/* The served checkpoint, verified against the pinned key. */
static int
audit_open(struct audit *a)
{
	Sk__V1__LogCheckpointResponse *ck;
	struct cli *c = a->c;
	int rc;

	if ((rc = cli_connect(c)) != 0 ||
	    (rc = cli_status(c, call_log_checkpoint(c->conn, a->unit, &ck, &c->err))) !=
	        0)
		return rc;
	if (c->cfg.log_key[0] == '\0') {
		fprintf(stderr,
		    "sk audit: no pinned log key. The server presents\n  %s\n"
		    "Check it with the deployment's operator by another channel, then put\n"
		    "  log_key = <that key>\nin your configuration (or pass --log-key).\n",
		    ck->verifier_key);
		call_free(ck);
		return SK_EXIT_LOCAL;
	}
	logv_open(ck->checkpoint, c->cfg.log_key, a->unit, &a->cp, &a->res);
	snprintf(a->cosigned, sizeof(a->cosigned), "%s", ck->cosigned);
	call_free(ck);
	return a->res.verdict == LOGV_OK ? 0 : audit_failed(a);
}

/* The served checkpoint must extend the one trusted before. */
static int
audit_extend(struct audit *a)
{
	char old[NOTE_MAX];
	struct cli *c = a->c;
	int found, rc;

	/* An unreadable file is no trust: "" fails as LOGV_BAD_TRUSTED. */
	found = trust_load(a->state_dir, a->cp.origin, old, sizeof(old));
	rc = logv_extend(&a->cp,
	    found == 0    ? NULL :
	        found > 0 ? old :
	                    "",
	    c->cfg.log_key, &a->src, &a->res, &c->err);
	if (rc != 0)
		return cli_status(c, rc);
	if (a->res.verdict != LOGV_OK)
		return audit_failed(a);
	if (found > 0 && !c->json)
		printf("consistent with the checkpoint trusted before (size %" PRIu64
		       ")\n",
		    a->res.trusted_size);
	return 0;
}

/* Each witness required has cosigned a checkpoint the served one extends. */
static int
audit_witness(struct audit *a)
{
	struct cli *c = a->c;
	char when[40];
	int64_t t;
	int rc;

	if (a->nwitness == 0 && c->cfg.witness_key[0] != '\0')
		a->witness[a->nwitness++] = c->cfg.witness_key;
	for (size_t i = 0; i < a->nwitness; i++) {
		rc = logv_witnessed(&a->cp, a->cosigned, c->cfg.log_key, a->witness[i],
		    &a->src, &t, &a->res, &c->err);
		if (rc != 0)
			return cli_status(c, rc);
		if (a->res.verdict != LOGV_OK)
			return audit_failed(a);
		if (!c->json)
			printf("witnessed: %.*s cosigned it at %s\n",
			    (int)strcspn(a->witness[i], "+"), a->witness[i],
			    out_time(t, when, sizeof(when)));
	}
	return 0;
}

/* One entry in columns that never run into each other. */
static void
print_entry(const Sk__V1__LogEntry *e)
{
	char when[40];

	printf("%6" PRIu64 "  ", e->seq);
	out_cell(stdout, out_time(e->time, when, sizeof(when)), 18);
	out_cell(stdout, e->actor, 17);
	putchar(' ');
	out_cell(stdout, e->action, 21);
	putchar(' ');
	out_cell(stdout, e->object, 23);
	printf(" %s\n", e->note);
}

static bool
mentions(const Sk__V1__LogEntry *e, uint64_t id)
{
	char obj[40], note[48];

	snprintf(obj, sizeof(obj), "initiative/%" PRIu64, id);
	snprintf(note, sizeof(note), "initiative %" PRIu64, id);
	return strcmp(e->object, obj) == 0 || strstr(e->note, note) != NULL;
}

/* The entries of the log that the history asks for: printed, or kept
 * for the verdict under --json. */
static void
audit_print(struct audit *a, const struct logv_entries *e)
{
	FILE *fp = a->c->json ? open_memstream(&a->json, &a->json_len) : NULL;
	bool first = true;

	if (fp != NULL)
		fputs(",\"entries\":[", fp);
	for (uint64_t i = 0; i < e->n; i++) {
		Sk__V1__LogEntry *le =
		    sk__v1__log_entry__unpack(NULL, e->v[i].len, e->v[i].data);

		if (le != NULL && (a->initiative == 0 || mentions(le, a->initiative))) {
			if (fp != NULL) {
				fputs(first ? "" : ",", fp);
				json_message(fp, &le->base);
				first = false;
			} else if (!a->c->json)
				print_entry(le);
		}
		if (le != NULL)
			sk__v1__log_entry__free_unpacked(le, NULL);
	}
	if (fp != NULL) {
		fputc(']', fp);
		fclose(fp);
	}
}

/* Hash every entry; they must make the signed root, entry by entry. */
static int
audit_all(struct audit *a)
{
	struct logv_entries e;
	struct cli *c = a->c;
	int rc;

	if ((rc = cli_status(c, logv_fetch(c->conn, a->unit, a->cp.size, &e, &c->err))) !=
	    0)
		return rc;
	if ((rc = logv_entries(&a->cp, &e, &a->src, &a->res, &c->err)) != 0)
		rc = cli_status(c, rc);
	else if (a->res.verdict != LOGV_OK)
		rc = audit_failed(a);
	else if (a->history)
		audit_print(a, &e);
	logv_entries_free(&e);
	if (rc == 0 && !c->json && !a->history)
		printf("all %" PRIu64 " entries hash to the signed root\n", a->cp.size);
	return rc;
}

/* One entry, by its inclusion proof. */
static int
audit_one(struct audit *a)
{
	Sk__V1__LogEntriesResponse *r;
	Sk__V1__LogEntry *e = NULL;
	const ProtobufCBinaryData *entry;
	struct cli *c = a->c;
	int rc;

	if (a->entry >= a->cp.size)
		return cli_usage("--entry: the log has %" PRIu64 " entries", a->cp.size);
	if ((rc = cli_status(c,
	         call_log_entries(c->conn, a->unit, a->entry, a->entry + 1, &r,
	             &c->err))) != 0)
		return rc;
	entry = r->n_entries == 1 ? &r->entries[0] : NULL;
	if ((rc = logv_entry(&a->cp, a->entry, entry, &a->src, &a->res, &c->err)) != 0)
		rc = cli_status(c, rc);
	else if (a->res.verdict != LOGV_OK)
		rc = audit_failed(a);
	else if (entry != NULL &&
	    (e = sk__v1__log_entry__unpack(NULL, entry->len, entry->data)) != NULL) {
		if (c->json) {
			FILE *fp = open_memstream(&a->json, &a->json_len);

			if (fp != NULL) {
				fputs(",\"entry\":", fp);
				json_message(fp, &e->base);
				fclose(fp);
			}
		} else {
			printf("entry %" PRIu64 " is in the signed tree:\n", a->entry);
			print_entry(e);
		}
	}
	if (e != NULL)
		sk__v1__log_entry__free_unpacked(e, NULL);
	call_free(r);
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
		{ "witness", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 },
	};
	static struct audit a; /* big: two signed notes and two checkpoints */
	struct sk_error err = { 0 };
	char hex[65];
	int ch, rc;

	a.c = c;
	a.unit = "";
	a.nwitness = 0;
	a.entry = UINT64_MAX;
	trust_dir(a.state_dir, sizeof(a.state_dir));
	a.history = strcmp(argv[0], "history") == 0;
	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, opts)) != -1) {
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
		case 'k': cli_set(c, "log_key", optarg); break;
		case 'w':
			if (a.nwitness == AUDIT_WITNESS_MAX)
				return cli_usage("--witness: at most %d",
				    AUDIT_WITNESS_MAX);
			a.witness[a.nwitness++] = optarg;
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
	a.remote.unit = a.unit;
	a.src.proof = logv_remote_proof;
	a.src.arg = &a.remote;
	if ((rc = audit_open(&a)) != 0)
		return rc;
	a.remote.conn = c->conn;
	if ((rc = audit_extend(&a)) != 0 || (rc = audit_witness(&a)) != 0)
		return rc;
	if (!c->json) {
		merkle_hex(a.cp.root, hex);
		printf("%s: checkpoint of %" PRIu64
		       " entries, root %s, signature verified\n",
		    a.cp.origin, a.cp.size, hex);
	}
	rc = a.entry != UINT64_MAX ? audit_one(&a) : audit_all(&a);
	if (rc == 0 && trust_save(a.state_dir, a.cp.origin, a.cp.note, &err) != 0)
		rc = cli_local(c, "audit: %s", err.msg);
	if (rc == 0 && c->json)
		audit_json_ok(&a);
	free(a.json);
	a.json = NULL;
	return rc;
}
