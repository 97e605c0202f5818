/*
 * logv: a decision log checked against what its server signed. Entries
 * are hashed here, so an entry altered or removed on the server is caught
 * even if its tree was not.
 */
#include "logv.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "call.h"

static enum logv_verdict logv_fail(struct logv_result *res, enum logv_verdict v,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static enum logv_verdict
logv_fail(struct logv_result *res, enum logv_verdict v, const char *fmt, ...)
{
	va_list ap;

	res->verdict = v;
	va_start(ap, fmt);
	vsnprintf(res->msg, sizeof(res->msg), fmt, ap);
	va_end(ap);
	return v;
}

static void
logv_clear(struct logv_result *res)
{
	res->verdict = LOGV_OK;
	res->msg[0] = '\0';
	res->index = 0;
	res->trusted_size = 0;
	res->trusted[0] = '\0';
	res->served[0] = '\0';
}

int
logv_remote_proof(void *arg, bool consistency, uint64_t x, uint64_t size,
    merkle_hash **hashes, size_t *n, struct sk_error *err)
{
	const struct logv_remote *r = arg;
	Sk__V1__LogProofResponse *p;
	int rc;

	*hashes = NULL;
	*n = 0;
	if ((rc = call_log_proof(r->conn, r->unit, consistency, x, size, &p, err)) != 0)
		return rc;
	if (p->n_hashes > 0 &&
	    (*hashes = calloc(p->n_hashes, sizeof(merkle_hash))) == NULL) {
		call_free(p);
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	}
	*n = p->n_hashes;
	for (size_t i = 0; i < *n; i++)
		if (p->hashes[i].len == MERKLE_HASH_LEN)
			memcpy((*hashes)[i], p->hashes[i].data, MERKLE_HASH_LEN);
	call_free(p);
	return 0;
}

enum logv_verdict
logv_open(const char *note, const char *vkey, const char *unit,
    struct logv_checkpoint *cp, struct logv_result *res)
{
	char body[NOTE_MAX];
	struct sk_error err = { 0 };
	size_t ol, ul;

	logv_clear(res);
	memset(cp, 0, sizeof(*cp));
	snprintf(cp->note, sizeof(cp->note), "%s", note);
	if (note_verify(cp->note, vkey, body, sizeof(body), &err) != 0)
		return logv_fail(res, LOGV_BAD_SIGNATURE, "%s", err.msg);
	if (checkpoint_parse(body, cp->origin, sizeof(cp->origin), &cp->size, cp->root) !=
	    0)
		return logv_fail(res, LOGV_BAD_CHECKPOINT,
		    "the checkpoint does not parse");
	/* "<log name>/<unit>": a server must not pass off another log. */
	ol = strlen(cp->origin);
	ul = unit != NULL ? strlen(unit) : 0;
	if (ul > 0 &&
	    (ol < ul + 1 || cp->origin[ol - ul - 1] != '/' ||
	        strcmp(cp->origin + ol - ul, unit) != 0))
		return logv_fail(res, LOGV_WRONG_LOG,
		    "the server answered with the log of %s", cp->origin);
	return LOGV_OK;
}

/* trusted, parsed: a checkpoint of cp's log signed by vkey. */
static bool
logv_trusted(const char *trusted, const char *vkey, const struct logv_checkpoint *cp,
    uint64_t *size, merkle_hash root)
{
	char body[NOTE_MAX], origin[256];
	struct sk_error err = { 0 };

	return note_verify(trusted, vkey, body, sizeof(body), &err) == 0 &&
	    checkpoint_parse(body, origin, sizeof(origin), size, root) == 0 &&
	    strcmp(origin, cp->origin) == 0;
}

/* Both notes go with a rollback or a fork: the evidence. */
static enum logv_verdict
logv_conflict(struct logv_result *res, enum logv_verdict v, const char *trusted,
    const struct logv_checkpoint *cp, const char *msg)
{
	snprintf(res->trusted, sizeof(res->trusted), "%s", trusted);
	snprintf(res->served, sizeof(res->served), "%s", cp->note);
	return logv_fail(res, v, "%s", msg);
}

int
logv_extend(const struct logv_checkpoint *cp, const char *trusted, const char *vkey,
    const struct logv_source *src, struct logv_result *res, struct sk_error *err)
{
	merkle_hash oroot, *proof = NULL;
	uint64_t osize;
	size_t n = 0;
	bool ok;
	int rc;

	logv_clear(res);
	if (trusted == NULL)
		return 0; /* first use: trust on this first checkpoint */
	if (!logv_trusted(trusted, vkey, cp, &osize, oroot)) {
		logv_fail(res, LOGV_BAD_TRUSTED,
		    "the locally trusted checkpoint is unreadable or not signed by the "
		    "pinned key");
		return 0;
	}
	res->trusted_size = osize;
	if (cp->size < osize) {
		logv_conflict(res, LOGV_ROLLBACK, trusted, cp,
		    "ROLLBACK: the server's log is shorter than the checkpoint you "
		    "trusted before");
		return 0;
	}
	if (cp->size == osize)
		ok = memcmp(cp->root, oroot, MERKLE_HASH_LEN) == 0;
	else {
		if ((rc = src->proof(src->arg, true, osize, cp->size, &proof, &n, err)) !=
		    0)
			return rc;
		ok =
		    merkle_verify_consistency(osize, cp->size, oroot, cp->root, proof, n);
		free(proof);
	}
	if (!ok)
		logv_conflict(res, LOGV_FORK, trusted, cp,
		    "FORK: the server's log does not extend the checkpoint you trusted "
		    "before");
	return 0;
}

void
logv_entries_free(struct logv_entries *e)
{
	for (uint64_t i = 0; e->v != NULL && i < e->n; i++)
		free(e->v[i].data);
	free(e->v);
	e->v = NULL;
	e->n = 0;
}

/* Keep the entries of one answer, up to size; false when out of memory. */
static bool
logv_keep(struct logv_entries *e, const Sk__V1__LogEntriesResponse *r, uint64_t size)
{
	for (size_t i = 0; i < r->n_entries && e->n < size; i++, e->n++) {
		ProtobufCBinaryData *d = &e->v[e->n];

		if ((d->data = malloc(r->entries[i].len + 1)) == NULL)
			return false;
		memcpy(d->data, r->entries[i].data, r->entries[i].len);
		d->len = r->entries[i].len;
	}
	return true;
}

int
logv_fetch(struct skc *s, const char *unit, uint64_t size, struct logv_entries *e,
    struct sk_error *err)
{
	Sk__V1__LogEntriesResponse *r;
	bool more = true, kept;
	int rc;

	e->n = 0;
	if ((e->v = calloc(size + 1, sizeof(*e->v))) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	while (more && e->n < size) {
		if ((rc = call_log_entries(s, unit, e->n, size, &r, err)) != 0) {
			logv_entries_free(e);
			return rc; /* the connection failed: no verdict */
		}
		/* An empty answer: the server has fewer entries than it signed. */
		more = r->n_entries > 0;
		kept = logv_keep(e, r, size);
		call_free(r);
		if (!kept) {
			logv_entries_free(e);
			return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
		}
	}
	return 0;
}

/* Is leaf at index in cp's tree, by a proof from src? */
static int
logv_included(const struct logv_checkpoint *cp, uint64_t index, const merkle_hash leaf,
    const struct logv_source *src, bool *yes, struct sk_error *err)
{
	merkle_hash *proof = NULL;
	size_t n = 0;
	int rc;

	*yes = false;
	if ((rc = src->proof(src->arg, false, index, cp->size, &proof, &n, err)) != 0)
		return rc;
	*yes = merkle_verify_inclusion(index, cp->size, leaf, proof, n, cp->root);
	free(proof);
	return 0;
}

/* The first of leaves whose inclusion in cp's tree is not proved. */
static int
logv_first_altered(const struct logv_checkpoint *cp, const merkle_hash *leaves,
    const struct logv_source *src, uint64_t *bad, struct sk_error *err)
{
	bool yes;
	int rc;

	for (*bad = 0; *bad < cp->size; ++*bad) {
		rc = logv_included(cp, *bad, leaves[*bad], src, &yes, err);
		if (rc == SK_UNAVAILABLE)
			return rc;
		if (rc != 0 || !yes)
			break; /* a refused proof places nothing */
	}
	err->code = 0;
	err->msg[0] = '\0';
	return 0;
}

static void
logv_entry_at(void *arg, uint64_t i, const void **data, size_t *len)
{
	const struct logv_entries *e = arg;

	*data = e->v[i].data;
	*len = e->v[i].len;
}

int
logv_entries(const struct logv_checkpoint *cp, const struct logv_entries *e,
    const struct logv_source *src, struct logv_result *res, struct sk_error *err)
{
	merkle_hash *leaves, root;
	uint64_t bad;
	int rc = 0;

	logv_clear(res);
	if (e->n < cp->size) {
		res->index = e->n;
		logv_fail(res, LOGV_MISSING,
		    "the server serves only %" PRIu64 " of the %" PRIu64
		    " entries its checkpoint covers: entries were removed",
		    e->n, cp->size);
		return 0;
	}
	/* The root from every entry, on every processor; only when it is not
	 * the signed one are the leaves kept, to find which entry differs. */
	if (merkle_root_entries(cp->size, logv_entry_at, (void *)e, 0, root) != 0)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	if (memcmp(root, cp->root, MERKLE_HASH_LEN) == 0)
		return 0;
	if ((leaves = calloc(cp->size + 1, sizeof(*leaves))) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	for (uint64_t i = 0; i < cp->size; i++)
		merkle_leaf(e->v[i].data, e->v[i].len, leaves[i]);
	if ((rc = logv_first_altered(cp, leaves, src, &bad, err)) == 0) {
		res->index = bad;
		logv_fail(res, LOGV_ALTERED,
		    "the entries do not hash to the signed root: entry %" PRIu64
		    " was altered",
		    bad);
	}
	free(leaves);
	return rc;
}

int
logv_entry(const struct logv_checkpoint *cp, uint64_t index,
    const ProtobufCBinaryData *entry, const struct logv_source *src,
    struct logv_result *res, struct sk_error *err)
{
	merkle_hash leaf;
	bool yes = false;
	int rc;

	logv_clear(res);
	if (entry == NULL) {
		logv_fail(res, LOGV_NOT_SERVED, "the server does not serve that entry");
		return 0;
	}
	if (index >= cp->size) {
		logv_fail(res, LOGV_NOT_INCLUDED, "the entry is not in the signed tree");
		return 0;
	}
	merkle_leaf(entry->data, entry->len, leaf);
	if ((rc = logv_included(cp, index, leaf, src, &yes, err)) != 0)
		return rc;
	if (!yes)
		logv_fail(res, LOGV_NOT_INCLUDED, "the entry is not in the signed tree");
	return 0;
}

int
logv_witnessed(const struct logv_checkpoint *cp, const char *cosigned, const char *vkey,
    const char *wkey, const struct logv_source *src, int64_t *when,
    struct logv_result *res, struct sk_error *err)
{
	static struct logv_checkpoint wcp; /* a signed note: not on the stack */
	struct sk_error werr = { 0 };

	logv_clear(res);
	*when = 0;
	if (cosigned == NULL || cosigned[0] == '\0') {
		logv_fail(res, LOGV_UNWITNESSED,
		    "UNWITNESSED: no checkpoint of %s has been cosigned by a witness",
		    cp->origin);
		return 0;
	}
	if (logv_open(cosigned, vkey, NULL, &wcp, res) != LOGV_OK)
		return 0;
	if (strcmp(wcp.origin, cp->origin) != 0) {
		logv_fail(res, LOGV_WRONG_LOG,
		    "the witnessed checkpoint is of %s, not of %s", wcp.origin,
		    cp->origin);
		return 0;
	}
	if (note_cosig_verify(cosigned, wkey, when, &werr) != 0) {
		logv_fail(res, LOGV_UNWITNESSED,
		    "UNWITNESSED: %s (the witness saw another tree at size %" PRIu64
		    ", or never this log)",
		    werr.msg, wcp.size);
		return 0;
	}
	return logv_extend(cp, cosigned, vkey, src, res, err);
}
