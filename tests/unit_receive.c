/*
 * unit_receive: what a receiving level accepts of another unit's log. A
 * checkpoint counts only if the key pinned for the unit signed it, it
 * names that unit's log, and it is one history with every checkpoint seen
 * before: a larger or smaller tree is proven consistent, the same size
 * must have the same root. A fork is refused naming both trees. The log
 * here is Hát Môn's in a temporary store, signed with a key of the test.
 */
#include "t.h"

#include <openssl/evp.h>

#include "convert.h"
#include "note.h"
#include "receive.h"
#include "tdomain.h"

struct fixture {
	struct tdomain d;
	EVP_PKEY *key, *other;
	SourceRec *s;
};

/* Grow Hát Môn's log to size leaves (leaf i is the hash of "i"). */
static void
grow(struct fixture *f, uint64_t size)
{
	struct sk_error err = { 0, "" };
	struct scope sc = { .tenant = TD_HM };
	struct store_txn t;
	uint64_t n;

	if (store_write_begin(f->d.ts.st, NULL, &t) != 0)
		td_fatal("store_write_begin", NULL);
	T_EQ_INT(tlog_size(&t, &sc, &n), 0);
	for (; n < size; n++) {
		char s[24];
		merkle_hash leaf;

		snprintf(s, sizeof(s), "%" PRIu64, n);
		merkle_leaf(s, strlen(s), leaf);
		T_EQ_INT(tlog_append_leaf(&t, &sc, leaf), 0);
	}
	if (store_commit(&t, &err) != 0)
		td_fatal("store_commit", &err);
}

/* A checkpoint of origin at size, with root (NULL: the log's own). */
static char *
checkpoint(struct fixture *f, EVP_PKEY *key, const char *origin, uint64_t size,
    const uint8_t *root)
{
	struct scope sc = { .tenant = TD_HM };
	struct store_txn t;
	merkle_hash r;
	char body[512];

	if (root == NULL) {
		if (store_read_begin(f->d.ts.st, &t) != 0)
			td_fatal("store_read_begin", NULL);
		T_EQ_INT(tlog_root(&t, &sc, size, r), 0);
		store_read_end(&t);
		root = r;
	}
	T_EQ_INT(checkpoint_format(body, sizeof(body), origin, size, root), 0);
	return note_sign(body, "sk-x", key);
}

/* receive_checkpoint of note, Hát Môn's log proving consistency. */
static int
take(struct fixture *f, const char *note, struct sk_error *err)
{
	struct scope sc = { .tenant = TD_HM };
	struct store_txn t;
	struct act a = { .sc = &sc };
	struct receive_log log;
	struct receive_tree tree;
	int rc;

	memset(err, 0, sizeof(*err));
	if (store_read_begin(f->d.ts.st, &t) != 0)
		td_fatal("store_read_begin", NULL);
	a.t = &t;
	log = receive_hosted(&a);
	rc = receive_checkpoint(f->s, note, &log, &tree, err);
	store_read_end(&t);
	return rc;
}

/* The size of the checkpoint the source holds. */
static uint64_t
held(struct fixture *f)
{
	char body[NOTE_MAX], origin[256];
	struct sk_error err = { 0, "" };
	merkle_hash root;
	uint64_t size = 0;

	if (note_verify(f->s->checkpoint, f->s->vkey, body, sizeof(body), &err) != 0 ||
	    checkpoint_parse(body, origin, sizeof(origin), &size, root) != 0)
		return 0;
	return size;
}

static void
setup(struct fixture *f)
{
	SourceRec s = SK__STORE__V1__SOURCE_REC__INIT;
	char *vkey;

	td_open(&f->d);
	f->key = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	f->other = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	if (f->key == NULL || f->other == NULL)
		td_fatal("EVP_PKEY_Q_keygen", NULL);
	vkey = note_vkey("sk-x", f->key);
	s.code = "xa-hat-mon";
	s.unit_id = TD_HM;
	s.vkey = vkey;
	f->s = rec_clone(&s.base);
	free(vkey);
	if (f->s == NULL)
		td_fatal("rec_clone", NULL);
}

static void
teardown(struct fixture *f)
{
	store_rec_free(f->s);
	EVP_PKEY_free(f->key);
	EVP_PKEY_free(f->other);
	td_close(&f->d);
}

/* Check note is refused with code, saying what, and changes nothing. */
static void
refused(struct fixture *f, char *note, int code, const char *what)
{
	struct sk_error err = { 0, "" };
	uint64_t before = held(f);

	T_EQ_INT(take(f, note, &err), code);
	T_CONTAINS(err.msg, what);
	T_EQ_INT(held(f), before);
	free(note);
}

static void
one_history(void)
{
	struct sk_error err = { 0, "" };
	struct fixture f;
	char *n;

	setup(&f);
	grow(&f, 5);
	n = checkpoint(&f, f.key, "sk-x/xa-hat-mon", 5, NULL);
	T_EQ_INT(take(&f, n, &err), 0);
	free(n);
	T_EQ_INT(held(&f), 5);
	/* Larger, proven consistent: held from now on. */
	grow(&f, 9);
	n = checkpoint(&f, f.key, "sk-x/xa-hat-mon", 9, NULL);
	T_EQ_INT(take(&f, n, &err), 0);
	free(n);
	T_EQ_INT(held(&f), 9);
	/* An older one of the same history is fine, and changes nothing. */
	n = checkpoint(&f, f.key, "sk-x/xa-hat-mon", 5, NULL);
	T_EQ_INT(take(&f, n, &err), 0);
	free(n);
	T_EQ_INT(held(&f), 9);
	/* The same size, once more. */
	n = checkpoint(&f, f.key, "sk-x/xa-hat-mon", 9, NULL);
	T_EQ_INT(take(&f, n, &err), 0);
	free(n);
	teardown(&f);
}

static void
forks(void)
{
	static const uint8_t fake[MERKLE_HASH_LEN] = { 0xfa, 0x4e };
	struct sk_error err = { 0, "" };
	struct fixture f;
	char *n;

	setup(&f);
	grow(&f, 9);
	n = checkpoint(&f, f.key, "sk-x/xa-hat-mon", 9, NULL);
	T_EQ_INT(take(&f, n, &err), 0);
	free(n);
	/* The same size, another root: both named. */
	n = checkpoint(&f, f.key, "sk-x/xa-hat-mon", 9, fake);
	T_EQ_INT(take(&f, n, &err), SK_DATA_LOSS);
	T_CONTAINS(err.msg,
	    "xa-hat-mon's log forked: the checkpoint seen before (size 9 root ");
	/* Whole, both trees named, short enough for sk peer status. */
	T_CONTAINS(err.msg,
	    "and this one (size 9 root fa4e000000000000…) are not of one history");
	T_CHECK(strlen(err.msg) < 200);
	free(n);
	/* A larger tree that does not extend the one seen. */
	grow(&f, 12);
	refused(&f, checkpoint(&f, f.key, "sk-x/xa-hat-mon", 12, fake), SK_DATA_LOSS,
	    "forked");
	/* A smaller tree that the one seen does not extend. */
	refused(&f, checkpoint(&f, f.key, "sk-x/xa-hat-mon", 4, fake), SK_DATA_LOSS,
	    "size 4 root fa4e00");
	teardown(&f);
}

static void
not_this_log(void)
{
	struct sk_error err = { 0, "" };
	struct fixture f;
	char *n;

	setup(&f);
	grow(&f, 3);
	refused(&f, checkpoint(&f, f.other, "sk-x/xa-hat-mon", 3, NULL),
	    SK_UNAUTHENTICATED, "not signed by its pinned key");
	refused(&f, checkpoint(&f, f.key, "sk-x/xa-sen-phuong", 3, NULL),
	    SK_UNAUTHENTICATED, "is not of xa-hat-mon's log");
	refused(&f, strdup("sk-x/xa-hat-mon\n3\nnot a note\n"), SK_UNAUTHENTICATED,
	    "not signed");
	n = checkpoint(&f, f.key, "sk-x/xa-hat-mon", 3, NULL);
	T_EQ_INT(take(&f, n, &err), 0);
	free(n);
	/* Once seen, the log's origin does not change. */
	refused(&f, checkpoint(&f, f.key, "sk-y/xa-hat-mon", 3, NULL), SK_DATA_LOSS,
	    "changed its origin");
	teardown(&f);
}

static const struct t_case cases[] = {
	{ "one history: larger and smaller trees proven consistent", one_history },
	{ "a fork is refused, naming both trees", forks },
	{ "another key, another unit's log, another origin", not_this_log },
};

T_MAIN(cases)
