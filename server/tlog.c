#include "tlog.h"

#include <errno.h>
#include <inttypes.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "note.h"
#include "pki.h"
#include "sha256.h"
#include "sk.pb-c.h"

#define DIRTY_MAX 1024
#define SEEN_MAX 64 /* units whose last checkpoint is remembered */

/* A checkpoint this process verified or signed: found unchanged in the
 * store, it need not be verified again (an Ed25519 verification a batch
 * and unit otherwise). Keyed by the note's hash, so a batch that aborts
 * after signing leaves nothing wrong behind. Writer thread only. */
struct seen {
	uint32_t tenant;
	uint8_t note[SHA256_LEN];
	uint64_t size;
	merkle_hash root;
};

static struct {
	EVP_PKEY *key;
	char name[128];
	char *vkey;
	uint32_t dirty[DIRTY_MAX]; /* units whose log grew in this batch */
	size_t ndirty;
	bool overflow;
	struct seen seen[SEEN_MAX];
} tlog;

int
tlog_init(const char *key_file, const char *name, bool create, struct sk_error *err)
{
	char pub[4096];
	FILE *fp;

	memset(tlog.seen, 0, sizeof(tlog.seen)); /* another key: nothing is known */
	snprintf(tlog.name, sizeof(tlog.name), "%s", name);
	if ((tlog.key = pki_read_key(key_file, err)) == NULL) {
		if (!create || err->code != SK_NOT_FOUND)
			return err->code;
		if ((tlog.key = pki_key_new()) == NULL ||
		    pki_write_key(key_file, tlog.key, err) != 0)
			return status_set(err, SK_INTERNAL, "%s: cannot make the log key",
			    key_file);
	}
	if (EVP_PKEY_get_id(tlog.key) != EVP_PKEY_ED25519)
		return status_set(err, SK_INVALID_ARGUMENT, "%s: not an Ed25519 key",
		    key_file);
	if ((tlog.vkey = note_vkey(tlog.name, tlog.key)) == NULL)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "log_name \"%s\": no spaces or '+' allowed", name);
	snprintf(pub, sizeof(pub), "%s.pub", key_file);
	if ((fp = fopen(pub, "w")) != NULL) {
		fprintf(fp, "%s\n", tlog.vkey);
		fclose(fp);
	}
	return 0;
}

void
tlog_shutdown(void)
{
	EVP_PKEY_free(tlog.key);
	free(tlog.vkey);
	memset(&tlog, 0, sizeof(tlog));
}

const char *
tlog_vkey(void)
{
	return tlog.vkey != NULL ? tlog.vkey : "";
}

/* ---- the tree ------------------------------------------------------------ */

static _Atomic unsigned long tlog_reads; /* stored hashes read, for benchmarks */

unsigned long
tlog_node_reads(void)
{
	return atomic_load_explicit(&tlog_reads, memory_order_relaxed);
}

static int
node_get(struct store_txn *t, const struct scope *sc, unsigned level, uint64_t index,
    merkle_hash out)
{
	atomic_fetch_add_explicit(&tlog_reads, 1, memory_order_relaxed);
	return store_log_node_get(t, sc, (uint8_t)level, index, out);
}

static int
node_put(struct store_txn *t, const struct scope *sc, unsigned level, uint64_t index,
    const merkle_hash h)
{
	return store_log_node_put(t, sc, (uint8_t)level, index, h);
}

int
tlog_size(struct store_txn *t, const struct scope *sc, uint64_t *size)
{
	return store_log_size_get(t, sc, size);
}

int
tlog_append_leaf(struct store_txn *t, const struct scope *sc, const merkle_hash leaf)
{
	merkle_hash cur, left;
	uint64_t n, idx;
	unsigned level = 0;
	int rc;

	if ((rc = tlog_size(t, sc, &n)) != 0)
		return rc;
	memcpy(cur, leaf, MERKLE_HASH_LEN);
	if ((rc = node_put(t, sc, 0, n, cur)) != 0)
		return rc;
	/* Each right child completes a subtree: store its parent too. */
	for (idx = n; idx & 1; idx >>= 1) {
		if ((rc = node_get(t, sc, level, idx - 1, left)) != 0)
			return rc;
		merkle_node(left, cur, cur);
		level++;
		if ((rc = node_put(t, sc, level, idx >> 1, cur)) != 0)
			return rc;
	}
	return store_log_size_put(t, sc, n + 1);
}

/* The hash of the tree over leaves [a, b), a < b, from stored nodes. */
static int
mth(struct store_txn *t, const struct scope *sc, uint64_t a, uint64_t b, merkle_hash out)
{
	uint64_t n = b - a, k;
	merkle_hash l, r;
	unsigned level = 0;
	int rc;

	if ((n & (n - 1)) == 0 && a % n == 0) {
		while ((1ULL << level) < n)
			level++;
		return node_get(t, sc, level, a >> level, out);
	}
	k = merkle_split(n);
	if ((rc = mth(t, sc, a, a + k, l)) != 0 || (rc = mth(t, sc, a + k, b, r)) != 0)
		return rc;
	merkle_node(l, r, out);
	return 0;
}

int
tlog_root(struct store_txn *t, const struct scope *sc, uint64_t size, merkle_hash out)
{
	if (size == 0) {
		merkle_empty(out);
		return 0;
	}
	return mth(t, sc, 0, size, out);
}

/* RFC 9162 §2.1.3.1 PATH(m, D[a:b]), m absolute. */
static int
path(struct store_txn *t, const struct scope *sc, uint64_t m, uint64_t a, uint64_t b,
    merkle_hash *proof, size_t *n)
{
	uint64_t k;
	int rc;

	if (b - a <= 1)
		return 0;
	if (*n >= TLOG_PROOF_MAX)
		return SK_INTERNAL;
	k = merkle_split(b - a);
	if (m < a + k) {
		if ((rc = path(t, sc, m, a, a + k, proof, n)) != 0)
			return rc;
		return mth(t, sc, a + k, b, proof[(*n)++]);
	}
	if ((rc = path(t, sc, m, a + k, b, proof, n)) != 0)
		return rc;
	return mth(t, sc, a, a + k, proof[(*n)++]);
}

int
tlog_inclusion(struct store_txn *t, const struct scope *sc, uint64_t index, uint64_t size,
    merkle_hash *proof, size_t *n)
{
	uint64_t have;
	int rc;

	*n = 0;
	if ((rc = tlog_size(t, sc, &have)) != 0)
		return rc;
	if (index >= size || size > have)
		return SK_OUT_OF_RANGE;
	return path(t, sc, index, 0, size, proof, n);
}

/* RFC 9162 §2.1.4.1 SUBPROOF(m, D[a:b], whole), m relative to a. */
static int
subproof(struct store_txn *t, const struct scope *sc, uint64_t m, uint64_t a, uint64_t b,
    bool whole, merkle_hash *proof, size_t *n)
{
	uint64_t k;
	int rc;

	if (*n >= TLOG_PROOF_MAX)
		return SK_INTERNAL;
	if (m == b - a) {
		if (whole)
			return 0;
		return mth(t, sc, a, b, proof[(*n)++]);
	}
	k = merkle_split(b - a);
	if (m <= k) {
		if ((rc = subproof(t, sc, m, a, a + k, whole, proof, n)) != 0)
			return rc;
		return mth(t, sc, a + k, b, proof[(*n)++]);
	}
	if ((rc = subproof(t, sc, m - k, a + k, b, false, proof, n)) != 0)
		return rc;
	return mth(t, sc, a, a + k, proof[(*n)++]);
}

int
tlog_consistency(struct store_txn *t, const struct scope *sc, uint64_t from,
    uint64_t size, merkle_hash *proof, size_t *n)
{
	uint64_t have;
	int rc;

	*n = 0;
	if ((rc = tlog_size(t, sc, &have)) != 0)
		return rc;
	if (from > size || size > have)
		return SK_OUT_OF_RANGE;
	if (from == 0 || from == size)
		return 0;
	return subproof(t, sc, from, 0, size, true, proof, n);
}

int
tlog_entry(struct store_txn *t, const struct scope *sc, uint64_t seq, const void **data,
    size_t *len)
{
	return store_log_entry_get(t, sc, seq, data, len);
}

int
tlog_checkpoint(struct store_txn *t, const struct scope *sc, char **note)
{
	return store_log_checkpoint_get(t, sc, note);
}

/* ---- appending and sealing ------------------------------------------------- */

static void
mark_dirty(uint32_t tenant)
{
	for (size_t i = 0; i < tlog.ndirty; i++)
		if (tlog.dirty[i] == tenant)
			return;
	if (tlog.ndirty == DIRTY_MAX)
		tlog.overflow = true;
	else
		tlog.dirty[tlog.ndirty++] = tenant;
}

static int
origin_of(struct store_txn *t, uint32_t tenant, char *buf, size_t sz)
{
	UnitRec *u = NULL;
	int rc;

	if ((rc = store_unit_get(t, tenant, &u)) != 0)
		return rc;
	snprintf(buf, sz, "%s/%s", tlog.name, u->code);
	store_rec_free(u);
	return 0;
}

int
tlog_append(struct store_txn *t, const struct scope *sc, const char *action,
    const char *object, const ProtobufCMessage *state, const char *note)
{
	Sk__V1__LogEntry e = SK__V1__LOG_ENTRY__INIT;
	uint8_t hash[SHA256_DIGEST_LENGTH], *buf = NULL;
	char origin[256];
	merkle_hash leaf;
	size_t len;
	int rc;

	if ((rc = origin_of(t, sc->tenant, origin, sizeof(origin))) != 0 ||
	    (rc = tlog_size(t, sc, &e.seq)) != 0)
		return rc;
	e.origin = origin;
	e.time = time(NULL);
	e.actor = (char *)sc->login;
	if (sc->fp != NULL) {
		e.actor_cert.data = (uint8_t *)sc->fp;
		e.actor_cert.len = STORE_FP_LEN;
	}
	e.action = (char *)action;
	e.object = (char *)object;
	e.note = (char *)(note != NULL ? note : "");
	if (state != NULL) {
		len = protobuf_c_message_get_packed_size(state);
		if ((buf = malloc(len ? len : 1)) == NULL)
			return SK_RESOURCE_EXHAUSTED;
		protobuf_c_message_pack(state, buf);
		rc = sha256_digest(buf, len, hash);
		free(buf);
		if (rc != 0)
			return SK_INTERNAL;
		e.object_hash.data = hash;
		e.object_hash.len = sizeof(hash);
	}
	len = protobuf_c_message_get_packed_size(&e.base);
	if ((buf = malloc(len)) == NULL)
		return SK_RESOURCE_EXHAUSTED;
	protobuf_c_message_pack(&e.base, buf);
	merkle_leaf(buf, len, leaf);
	rc = store_log_entry_put(t, sc, e.seq, buf, len);
	free(buf);
	if (rc == 0)
		rc = tlog_append_leaf(t, sc, leaf);
	if (rc == 0)
		mark_dirty(sc->tenant);
	return rc;
}

void
tlog_batch_begin(void)
{
	tlog.ndirty = 0;
	tlog.overflow = false;
}

static struct seen *
seen_slot(uint32_t tenant)
{
	return &tlog.seen[tenant % SEEN_MAX];
}

static void
seen_put(uint32_t tenant, const char *note, uint64_t size, const merkle_hash root)
{
	struct seen *s = seen_slot(tenant);

	if (sha256_digest(note, strlen(note), s->note) != 0) {
		s->tenant = 0; /* nothing remembered */
		return;
	}
	s->tenant = tenant;
	s->size = size;
	memcpy(s->root, root, MERKLE_HASH_LEN);
}

/* The size and root of the stored checkpoint old, ours and of this
 * origin: verified, or known from having been verified or signed. */
static int
old_checkpoint(uint32_t tenant, const char *old, const char *origin, uint64_t *osize,
    merkle_hash oroot)
{
	struct seen *s = seen_slot(tenant);
	char obody[NOTE_MAX], oorigin[256];
	struct sk_error verr = { 0 };
	uint8_t h[SHA256_LEN];

	if (s->tenant == tenant && sha256_digest(old, strlen(old), h) == 0 &&
	    CRYPTO_memcmp(h, s->note, SHA256_LEN) == 0) {
		*osize = s->size;
		memcpy(oroot, s->root, MERKLE_HASH_LEN);
		return 0;
	}
	if (note_verify(old, tlog.vkey, obody, sizeof(obody), &verr) != 0 ||
	    checkpoint_parse(obody, oorigin, sizeof(oorigin), osize, oroot) != 0 ||
	    strcmp(oorigin, origin) != 0)
		return -1;
	seen_put(tenant, old, *osize, oroot);
	return 0;
}

/* Sign a checkpoint of unit's log if it grew, never a smaller or forked one. */
static int
seal_unit(struct store_txn *t, uint32_t tenant, struct sk_error *err)
{
	struct scope sc = { .tenant = tenant };
	char *old = NULL, *signed_note = NULL, origin[256];
	char body[NOTE_MAX];
	merkle_hash root, oroot, check;
	uint64_t size, osize = 0;
	int rc;

	if ((rc = tlog_size(t, &sc, &size)) != 0 ||
	    (rc = origin_of(t, tenant, origin, sizeof(origin))) != 0)
		return status_set(err, rc, "decision log of unit %u unreadable", tenant);
	rc = tlog_checkpoint(t, &sc, &old);
	if (rc != 0 && rc != SK_NOT_FOUND)
		return status_set(err, rc, "decision log of unit %u unreadable", tenant);
	if (old != NULL) {
		rc = old_checkpoint(tenant, old, origin, &osize, oroot);
		free(old);
		if (rc != 0)
			return status_set(err, SK_DATA_LOSS,
			    "decision log of unit %u: the stored checkpoint is not ours; "
			    "refusing to sign",
			    tenant);
		/* Never sign a tree that is smaller than, or forks from, the last. */
		if (size < osize || tlog_root(t, &sc, osize, check) != 0 ||
		    CRYPTO_memcmp(check, oroot, MERKLE_HASH_LEN) != 0) {
			log_error("decision log of unit %u disagrees with its checkpoint "
			          "of size %" PRIu64 "; not signing",
			    tenant, osize);
			return status_set(err, SK_DATA_LOSS,
			    "decision log of unit %u does not extend its last checkpoint",
			    tenant);
		}
		if (size == osize)
			return 0; /* nothing new */
	}
	if ((rc = tlog_root(t, &sc, size, root)) != 0 ||
	    checkpoint_format(body, sizeof(body), origin, size, root) != 0 ||
	    (signed_note = note_sign(body, tlog.name, tlog.key)) == NULL)
		return status_set(err, rc ? rc : SK_INTERNAL,
		    "cannot sign the checkpoint of unit %u", tenant);
	rc = store_log_checkpoint_put(t, &sc, signed_note);
	if (rc == 0)
		seen_put(tenant, signed_note, size, root);
	free(signed_note);
	if (rc != 0)
		return status_set(err, rc, "cannot store the checkpoint of unit %u",
		    tenant);
	return 0;
}

int
tlog_batch_seal(struct store_txn *t, struct sk_error *err)
{
	UnitRec **units = NULL;
	size_t n = 0;
	int rc = 0;

	if (tlog.key == NULL)
		return 0; /* no log configured (unit tests of other modules) */
	if (!tlog.overflow) {
		for (size_t i = 0; i < tlog.ndirty && rc == 0; i++)
			rc = seal_unit(t, tlog.dirty[i], err);
		return rc;
	}
	if ((rc = store_unit_list(t, &units, &n)) != 0)
		return status_set(err, rc, "cannot list the units");
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = seal_unit(t, units[i]->id, err);
	store_unit_list_free(units, n);
	return rc;
}
