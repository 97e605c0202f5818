/*
 * unit_logv: verifying a decision log without a server. Checkpoints are
 * signed here (note.h) over trees of made-up entries (merkle.h), and the
 * proofs come from those trees, built by RFC 9162's definitions: the good
 * case, a wrong key, another unit's log, rollback, fork, an unreadable
 * trusted checkpoint, an altered entry found at its index, missing
 * entries, inclusion proofs that hold and that do not.
 */
#include <openssl/evp.h>
#include <stdlib.h>

#include "logv.h"
#include "t.h"

#define N 10 /* entries of the test log */
#define ORIGIN "sk.test/xa-hat-mon"

static EVP_PKEY *key, *other_key;
static char *vkey, *other_vkey;

/* A log as its server holds it: entries and their leaf hashes. */
struct tree {
	ProtobufCBinaryData v[N];
	merkle_hash leaves[N];
	char text[N][32];
	uint64_t n;
	int fail;   /* proofs answer this code instead (0: none) */
	int proofs; /* proofs asked for */
};

static void
tree_make(struct tree *t, uint64_t n, const char *tag)
{
	memset(t, 0, sizeof(*t));
	t->n = n;
	for (uint64_t i = 0; i < n; i++) {
		snprintf(t->text[i], sizeof(t->text[i]), "%s entry %llu", tag,
		    (unsigned long long)i);
		t->v[i].data = (uint8_t *)t->text[i];
		t->v[i].len = strlen(t->text[i]);
		merkle_leaf(t->v[i].data, t->v[i].len, t->leaves[i]);
	}
}

/* RFC 9162 2.1.3.1: PATH(m, D[lo:lo+n]), appended to p. */
static void
path(const merkle_hash *l, uint64_t m, uint64_t n, merkle_hash *p, size_t *k)
{
	uint64_t s;

	if (n <= 1)
		return;
	s = merkle_split(n);
	if (m < s) {
		path(l, m, s, p, k);
		merkle_root(l + s, n - s, p[(*k)++]);
	} else {
		path(l + s, m - s, n - s, p, k);
		merkle_root(l, s, p[(*k)++]);
	}
}

/* RFC 9162 2.1.4.1: SUBPROOF(m, D[n], b), appended to p. */
static void
subproof(const merkle_hash *l, uint64_t m, uint64_t n, bool b, merkle_hash *p, size_t *k)
{
	uint64_t s;

	if (m == n) {
		if (!b)
			merkle_root(l, n, p[(*k)++]);
		return;
	}
	s = merkle_split(n);
	if (m <= s) {
		subproof(l, m, s, b, p, k);
		merkle_root(l + s, n - s, p[(*k)++]);
	} else {
		subproof(l + s, m - s, n - s, false, p, k);
		merkle_root(l, s, p[(*k)++]);
	}
}

/* A logv_proof_fn over a struct tree. */
static int
tree_proof(void *arg, bool consistency, uint64_t x, uint64_t size, merkle_hash **hashes,
    size_t *n, struct sk_error *err)
{
	struct tree *t = arg;

	t->proofs++;
	*hashes = NULL;
	*n = 0;
	if (t->fail != 0)
		return status_set(err, t->fail, "no proof today");
	if (size > t->n || x > size)
		return status_set(err, SK_OUT_OF_RANGE, "out of range");
	if ((*hashes = calloc(128, sizeof(merkle_hash))) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	if (consistency)
		subproof(t->leaves, x, size, true, *hashes, n);
	else
		path(t->leaves, x, size, *hashes, n);
	return 0;
}

/* The checkpoint of the first size entries of t, signed by k; malloc'd. */
static char *
signed_checkpoint(const struct tree *t, uint64_t size, const char *origin, EVP_PKEY *k)
{
	char body[NOTE_MAX];
	merkle_hash root;

	merkle_root(t->leaves, size, root);
	checkpoint_format(body, sizeof(body), origin, size, root);
	return note_sign(body, "sk.test", k);
}

static struct logv_entries
entries_of(struct tree *t, uint64_t n)
{
	struct logv_entries e = { t->v, n };

	return e;
}

static void
good_log(void)
{
	struct tree t;
	struct logv_source src = { tree_proof, &t };
	struct logv_checkpoint cp;
	struct logv_entries e;
	static struct logv_result res;
	struct sk_error err = { 0 };
	char *note;

	tree_make(&t, N, "a");
	note = signed_checkpoint(&t, N, ORIGIN, key);
	T_EQ_INT(logv_open(note, vkey, "xa-hat-mon", &cp, &res), LOGV_OK);
	T_EQ_STR(cp.origin, ORIGIN);
	T_EQ_INT(cp.size, N);
	T_EQ_STR(cp.note, note);
	T_EQ_INT(logv_open(note, vkey, NULL, &cp, &res), LOGV_OK); /* any unit */
	/* First use: nothing trusted, nothing to prove. */
	T_EQ_INT(logv_extend(&cp, NULL, vkey, &src, &res, &err), 0);
	T_EQ_INT(res.verdict, LOGV_OK);
	T_EQ_INT(res.trusted_size, 0);
	e = entries_of(&t, N);
	T_EQ_INT(logv_entries(&cp, &e, &src, &res, &err), 0);
	T_EQ_INT(res.verdict, LOGV_OK);
	T_EQ_INT(t.proofs, 0); /* the root matched: no proof needed */
	for (uint64_t i = 0; i < N; i++) {
		T_EQ_INT(logv_entry(&cp, i, &t.v[i], &src, &res, &err), 0);
		T_EQ_INT(res.verdict, LOGV_OK);
	}
	free(note);
}

static void
wrong_key_or_log(void)
{
	struct tree t;
	struct logv_checkpoint cp;
	static struct logv_result res;
	char *note, *unsigned_body, *other_origin;

	tree_make(&t, N, "a");
	note = signed_checkpoint(&t, N, ORIGIN, key);
	T_EQ_INT(logv_open(note, other_vkey, "xa-hat-mon", &cp, &res),
	    LOGV_BAD_SIGNATURE);
	T_EQ_INT(res.verdict, LOGV_BAD_SIGNATURE);
	T_CONTAINS(res.msg, "no valid signature");
	T_EQ_STR(cp.origin, ""); /* nothing of it is believed */
	T_EQ_INT(logv_open("not a note", vkey, NULL, &cp, &res), LOGV_BAD_SIGNATURE);
	T_EQ_INT(logv_open(note, "not a key", NULL, &cp, &res), LOGV_BAD_SIGNATURE);
	/* Signed, but no checkpoint. */
	unsigned_body = note_sign("hello\n", "sk.test", key);
	T_EQ_INT(logv_open(unsigned_body, vkey, NULL, &cp, &res), LOGV_BAD_CHECKPOINT);
	T_EQ_STR(res.msg, "the checkpoint does not parse");
	/* Another unit's log, and a unit that is only the origin's tail. */
	T_EQ_INT(logv_open(note, vkey, "xa-sen-phuong", &cp, &res), LOGV_WRONG_LOG);
	T_EQ_STR(res.msg, "the server answered with the log of " ORIGIN);
	T_EQ_INT(logv_open(note, vkey, "hat-mon", &cp, &res), LOGV_WRONG_LOG);
	other_origin = signed_checkpoint(&t, N, "xa-hat-mon", key);
	T_EQ_INT(logv_open(other_origin, vkey, "xa-hat-mon", &cp, &res), LOGV_WRONG_LOG);
	free(note);
	free(unsigned_body);
	free(other_origin);
}

static void
grown_log(void)
{
	struct tree t;
	struct logv_source src = { tree_proof, &t };
	struct logv_checkpoint cp;
	static struct logv_result res;
	struct sk_error err = { 0 };
	char *now, *before[N + 1];

	tree_make(&t, N, "a");
	now = signed_checkpoint(&t, N, ORIGIN, key);
	T_EQ_INT(logv_open(now, vkey, "xa-hat-mon", &cp, &res), LOGV_OK);
	/* Every earlier size is proved a prefix; the same size needs no proof. */
	for (uint64_t m = 1; m <= N; m++) {
		before[m] = signed_checkpoint(&t, m, ORIGIN, key);
		t.proofs = 0;
		T_EQ_INT(logv_extend(&cp, before[m], vkey, &src, &res, &err), 0);
		T_EQ_INT(res.verdict, LOGV_OK);
		T_EQ_INT(res.trusted_size, m);
		T_EQ_INT(t.proofs, m < N ? 1 : 0);
		T_EQ_STR(res.trusted, "");
		free(before[m]);
	}
	free(now);
}

static void
rollback(void)
{
	struct tree t;
	struct logv_source src = { tree_proof, &t };
	struct logv_checkpoint cp;
	static struct logv_result res;
	struct sk_error err = { 0 };
	char *trusted, *served;

	tree_make(&t, N, "a");
	trusted = signed_checkpoint(&t, N, ORIGIN, key);
	served = signed_checkpoint(&t, 6, ORIGIN, key);
	T_EQ_INT(logv_open(served, vkey, "xa-hat-mon", &cp, &res), LOGV_OK);
	T_EQ_INT(logv_extend(&cp, trusted, vkey, &src, &res, &err), 0);
	T_EQ_INT(res.verdict, LOGV_ROLLBACK);
	T_CONTAINS(res.msg, "ROLLBACK");
	T_EQ_INT(res.trusted_size, N);
	T_EQ_STR(res.trusted, trusted);
	T_EQ_STR(res.served, served);
	free(trusted);
	free(served);
}

static void
fork_log(void)
{
	struct tree a, b;
	struct logv_source src = { tree_proof, &b };
	struct logv_checkpoint cp;
	static struct logv_result res;
	struct sk_error err = { 0 };
	char *trusted, *served, *same_size;

	/* The server trusted at 6 entries of a now serves b, which differs
	 * from entry 0 on: no consistency proof can join them. */
	tree_make(&a, N, "a");
	tree_make(&b, N, "b");
	trusted = signed_checkpoint(&a, 6, ORIGIN, key);
	served = signed_checkpoint(&b, N, ORIGIN, key);
	T_EQ_INT(logv_open(served, vkey, "xa-hat-mon", &cp, &res), LOGV_OK);
	T_EQ_INT(logv_extend(&cp, trusted, vkey, &src, &res, &err), 0);
	T_EQ_INT(res.verdict, LOGV_FORK);
	T_CONTAINS(res.msg, "FORK");
	T_EQ_STR(res.trusted, trusted);
	T_EQ_STR(res.served, served);
	T_EQ_INT(b.proofs, 1);
	/* The same size with another root is a fork too, without a proof. */
	same_size = signed_checkpoint(&a, N, ORIGIN, key);
	b.proofs = 0;
	T_EQ_INT(logv_extend(&cp, same_size, vkey, &src, &res, &err), 0);
	T_EQ_INT(res.verdict, LOGV_FORK);
	T_EQ_INT(b.proofs, 0);
	free(trusted);
	free(served);
	free(same_size);
}

static void
bad_trusted(void)
{
	struct tree t;
	struct logv_source src = { tree_proof, &t };
	struct logv_checkpoint cp;
	static struct logv_result res;
	struct sk_error err = { 0 };
	char *served, *by_other, *other_log;

	tree_make(&t, N, "a");
	served = signed_checkpoint(&t, N, ORIGIN, key);
	by_other = signed_checkpoint(&t, 5, ORIGIN, other_key);
	other_log = signed_checkpoint(&t, 5, "sk.test/xa-sen-phuong", key);
	T_EQ_INT(logv_open(served, vkey, "xa-hat-mon", &cp, &res), LOGV_OK);
	T_EQ_INT(logv_extend(&cp, by_other, vkey, &src, &res, &err), 0);
	T_EQ_INT(res.verdict, LOGV_BAD_TRUSTED);
	T_CONTAINS(res.msg, "not signed by the pinned key");
	T_EQ_INT(logv_extend(&cp, "", vkey, &src, &res, &err), 0); /* unreadable */
	T_EQ_INT(res.verdict, LOGV_BAD_TRUSTED);
	T_EQ_INT(logv_extend(&cp, other_log, vkey, &src, &res, &err), 0);
	T_EQ_INT(res.verdict, LOGV_BAD_TRUSTED);
	T_EQ_INT(t.proofs, 0);
	free(served);
	free(by_other);
	free(other_log);
}

/* Entry `bad` served with other bytes than the server's tree holds. */
static void
altered_at(uint64_t bad)
{
	struct tree t;
	struct logv_source src = { tree_proof, &t };
	struct logv_checkpoint cp;
	struct logv_entries e;
	static struct logv_result res;
	struct sk_error err = { 0 };
	ProtobufCBinaryData keep;
	char *note;

	tree_make(&t, N, "a");
	note = signed_checkpoint(&t, N, ORIGIN, key);
	T_EQ_INT(logv_open(note, vkey, "xa-hat-mon", &cp, &res), LOGV_OK);
	keep = t.v[bad];
	t.v[bad].data = (uint8_t *)"an entry rewritten afterwards";
	t.v[bad].len = strlen((char *)t.v[bad].data);
	e = entries_of(&t, N);
	T_EQ_INT(logv_entries(&cp, &e, &src, &res, &err), 0);
	T_EQ_INT(res.verdict, LOGV_ALTERED);
	T_EQ_INT(res.index, bad);
	T_EQ_INT(t.proofs, bad + 1); /* one proof per entry up to the bad one */
	T_EQ_INT(logv_entry(&cp, bad, &t.v[bad], &src, &res, &err), 0);
	T_EQ_INT(res.verdict, LOGV_NOT_INCLUDED);
	t.v[bad] = keep;
	free(note);
}

static void
altered_entry(void)
{
	altered_at(0);
	altered_at(7);
	altered_at(N - 1);
}

static void
missing_entries(void)
{
	struct tree t;
	struct logv_source src = { tree_proof, &t };
	struct logv_checkpoint cp;
	struct logv_entries e;
	static struct logv_result res;
	struct sk_error err = { 0 };
	char *note;

	tree_make(&t, N, "a");
	note = signed_checkpoint(&t, N, ORIGIN, key);
	T_EQ_INT(logv_open(note, vkey, NULL, &cp, &res), LOGV_OK);
	e = entries_of(&t, N - 1);
	T_EQ_INT(logv_entries(&cp, &e, &src, &res, &err), 0);
	T_EQ_INT(res.verdict, LOGV_MISSING);
	T_EQ_INT(res.index, N - 1);
	T_CONTAINS(res.msg, "only 9 of the 10 entries");
	free(note);
}

static void
inclusion(void)
{
	struct tree t;
	struct logv_source src = { tree_proof, &t };
	struct logv_checkpoint cp;
	static struct logv_result res;
	struct sk_error err = { 0 };
	char *note;

	tree_make(&t, N, "a");
	note = signed_checkpoint(&t, N, ORIGIN, key);
	T_EQ_INT(logv_open(note, vkey, NULL, &cp, &res), LOGV_OK);
	T_EQ_INT(logv_entry(&cp, 4, &t.v[4], &src, &res, &err), 0);
	T_EQ_INT(res.verdict, LOGV_OK);
	/* Entry 5's bytes are not entry 4. */
	T_EQ_INT(logv_entry(&cp, 4, &t.v[5], &src, &res, &err), 0);
	T_EQ_INT(res.verdict, LOGV_NOT_INCLUDED);
	T_EQ_STR(res.msg, "the entry is not in the signed tree");
	T_EQ_INT(logv_entry(&cp, 4, NULL, &src, &res, &err), 0);
	T_EQ_INT(res.verdict, LOGV_NOT_SERVED);
	T_EQ_INT(logv_entry(&cp, N, &t.v[0], &src, &res, &err), 0);
	T_EQ_INT(res.verdict, LOGV_NOT_INCLUDED);
	free(note);
}

/* A source that fails: no verdict when it is gone; a refused proof does
 * not place an entry. */
static void
source_failures(void)
{
	struct tree t;
	struct logv_source src = { tree_proof, &t };
	struct logv_checkpoint cp;
	struct logv_entries e;
	static struct logv_result res;
	struct sk_error err = { 0 };
	char *note, *before;

	tree_make(&t, N, "a");
	note = signed_checkpoint(&t, N, ORIGIN, key);
	before = signed_checkpoint(&t, 3, ORIGIN, key);
	T_EQ_INT(logv_open(note, vkey, NULL, &cp, &res), LOGV_OK);
	t.fail = SK_UNAVAILABLE;
	T_EQ_INT(logv_extend(&cp, before, vkey, &src, &res, &err), SK_UNAVAILABLE);
	T_EQ_STR(err.msg, "no proof today");
	T_EQ_INT(logv_entry(&cp, 2, &t.v[2], &src, &res, &err), SK_UNAVAILABLE);
	t.v[5].data = (uint8_t *)"changed";
	t.v[5].len = 7;
	e = entries_of(&t, N);
	T_EQ_INT(logv_entries(&cp, &e, &src, &res, &err), SK_UNAVAILABLE);
	t.fail = SK_PERMISSION_DENIED;
	T_EQ_INT(logv_entries(&cp, &e, &src, &res, &err), 0);
	T_EQ_INT(res.verdict, LOGV_ALTERED);
	T_EQ_INT(res.index, 0);
	T_EQ_INT(err.code, 0);
	free(note);
	free(before);
}

static const struct t_case cases[] = {
	{ "a good log: signature, first use, entries, inclusion", good_log },
	{ "a wrong key, no checkpoint, another unit's log", wrong_key_or_log },
	{ "a grown log is consistent with every earlier size", grown_log },
	{ "rollback: smaller than trusted, both notes kept", rollback },
	{ "fork: no consistency, or another root at the same size", fork_log },
	{ "a trusted checkpoint that does not verify", bad_trusted },
	{ "an altered entry is found at its index", altered_entry },
	{ "entries missing from the end", missing_entries },
	{ "inclusion proofs that hold and that do not", inclusion },
	{ "a source that fails", source_failures },
};

int
main(void)
{
	int rc;

	key = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	other_key = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	vkey = note_vkey("sk.test", key);
	other_vkey = note_vkey("sk.test", other_key);
	rc = t_run(cases, sizeof(cases) / sizeof(cases[0]));
	free(vkey);
	free(other_vkey);
	EVP_PKEY_free(key);
	EVP_PKEY_free(other_key);
	return rc;
}
