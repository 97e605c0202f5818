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

/*
 * What a case starts from: a log of N entries (t) as its server holds it,
 * a proof source over it, and the checkpoint of its first size entries,
 * signed by the pinned key and opened.
 */
struct fix {
	struct tree t;
	struct logv_source src;
	char *note;
	struct logv_checkpoint cp;
	struct logv_entries e; /* t's entries, all of them */
	struct logv_result res;
	struct sk_error err;
};

static struct fix *
fix_open(const char *tag, uint64_t size)
{
	static struct fix f;

	memset(&f, 0, sizeof(f));
	tree_make(&f.t, N, tag);
	f.src.proof = tree_proof;
	f.src.arg = &f.t;
	f.e.v = f.t.v;
	f.e.n = N;
	f.note = signed_checkpoint(&f.t, size, ORIGIN, key);
	T_EQ_INT(logv_open(f.note, vkey, "xa-hat-mon", &f.cp, &f.res), LOGV_OK);
	return &f;
}

static void
fix_close(struct fix *f)
{
	free(f->note);
}

static void
good_log(void)
{
	struct fix *f = fix_open("a", N);

	T_EQ_STR(f->cp.origin, ORIGIN);
	T_EQ_INT(f->cp.size, N);
	T_EQ_STR(f->cp.note, f->note);
	T_EQ_INT(logv_open(f->note, vkey, NULL, &f->cp, &f->res), LOGV_OK); /* any unit */
	/* First use: nothing trusted, nothing to prove. */
	T_EQ_INT(logv_extend(&f->cp, NULL, vkey, &f->src, &f->res, &f->err), 0);
	T_EQ_INT(f->res.verdict, LOGV_OK);
	T_EQ_INT(f->res.trusted_size, 0);
	T_EQ_INT(logv_entries(&f->cp, &f->e, &f->src, &f->res, &f->err), 0);
	T_EQ_INT(f->res.verdict, LOGV_OK);
	T_EQ_INT(f->t.proofs, 0); /* the root matched: no proof needed */
	for (uint64_t i = 0; i < N; i++) {
		T_EQ_INT(logv_entry(&f->cp, i, &f->t.v[i], &f->src, &f->res, &f->err), 0);
		T_EQ_INT(f->res.verdict, LOGV_OK);
	}
	fix_close(f);
}

static void
wrong_key_or_log(void)
{
	struct fix *f = fix_open("a", N);
	struct logv_checkpoint *cp = &f->cp;
	struct logv_result *res = &f->res;
	char *no_checkpoint, *bare_origin;

	T_EQ_INT(logv_open(f->note, other_vkey, "xa-hat-mon", cp, res),
	    LOGV_BAD_SIGNATURE);
	T_EQ_INT(res->verdict, LOGV_BAD_SIGNATURE);
	T_CONTAINS(res->msg, "no valid signature");
	T_EQ_STR(cp->origin, ""); /* nothing of it is believed */
	T_EQ_INT(logv_open("not a note", vkey, NULL, cp, res), LOGV_BAD_SIGNATURE);
	T_EQ_INT(logv_open(f->note, "not a key", NULL, cp, res), LOGV_BAD_SIGNATURE);
	/* Signed, but no checkpoint. */
	no_checkpoint = note_sign("hello\n", "sk.test", key);
	T_EQ_INT(logv_open(no_checkpoint, vkey, NULL, cp, res), LOGV_BAD_CHECKPOINT);
	T_EQ_STR(res->msg, "the checkpoint does not parse");
	/* Another unit's log, and a unit that is only the origin's tail. */
	T_EQ_INT(logv_open(f->note, vkey, "xa-sen-phuong", cp, res), LOGV_WRONG_LOG);
	T_EQ_STR(res->msg, "the server answered with the log of " ORIGIN);
	T_EQ_INT(logv_open(f->note, vkey, "hat-mon", cp, res), LOGV_WRONG_LOG);
	bare_origin = signed_checkpoint(&f->t, N, "xa-hat-mon", key);
	T_EQ_INT(logv_open(bare_origin, vkey, "xa-hat-mon", cp, res), LOGV_WRONG_LOG);
	free(no_checkpoint);
	free(bare_origin);
	fix_close(f);
}

static void
grown_log(void)
{
	struct fix *f = fix_open("a", N);
	char *before;

	/* Every earlier size is proved a prefix; the same size needs no proof. */
	for (uint64_t m = 1; m <= N; m++) {
		before = signed_checkpoint(&f->t, m, ORIGIN, key);
		f->t.proofs = 0;
		T_EQ_INT(logv_extend(&f->cp, before, vkey, &f->src, &f->res, &f->err), 0);
		T_EQ_INT(f->res.verdict, LOGV_OK);
		T_EQ_INT(f->res.trusted_size, m);
		T_EQ_INT(f->t.proofs, m < N ? 1 : 0);
		T_EQ_STR(f->res.trusted, "");
		free(before);
	}
	fix_close(f);
}

static void
rollback(void)
{
	struct fix *f = fix_open("a", 6);
	char *trusted = signed_checkpoint(&f->t, N, ORIGIN, key);

	T_EQ_INT(logv_extend(&f->cp, trusted, vkey, &f->src, &f->res, &f->err), 0);
	T_EQ_INT(f->res.verdict, LOGV_ROLLBACK);
	T_CONTAINS(f->res.msg, "ROLLBACK");
	T_EQ_INT(f->res.trusted_size, N);
	T_EQ_STR(f->res.trusted, trusted);
	T_EQ_STR(f->res.served, f->note);
	free(trusted);
	fix_close(f);
}

static void
fork_log(void)
{
	struct fix *f = fix_open("b", N);
	struct tree a;
	char *trusted, *same_size;

	/* The auditor trusted 6 entries of log a; the server now serves log
	 * b, which differs from entry 0 on: no consistency proof joins them. */
	tree_make(&a, N, "a");
	trusted = signed_checkpoint(&a, 6, ORIGIN, key);
	T_EQ_INT(logv_extend(&f->cp, trusted, vkey, &f->src, &f->res, &f->err), 0);
	T_EQ_INT(f->res.verdict, LOGV_FORK);
	T_CONTAINS(f->res.msg, "FORK");
	T_EQ_STR(f->res.trusted, trusted);
	T_EQ_STR(f->res.served, f->note);
	T_EQ_INT(f->t.proofs, 1);
	/* The same size with another root is a fork too, without a proof. */
	same_size = signed_checkpoint(&a, N, ORIGIN, key);
	f->t.proofs = 0;
	T_EQ_INT(logv_extend(&f->cp, same_size, vkey, &f->src, &f->res, &f->err), 0);
	T_EQ_INT(f->res.verdict, LOGV_FORK);
	T_EQ_INT(f->t.proofs, 0);
	free(trusted);
	free(same_size);
	fix_close(f);
}

static void
bad_trusted(void)
{
	struct fix *f = fix_open("a", N);
	char *by_other = signed_checkpoint(&f->t, 5, ORIGIN, other_key);
	char *other_log = signed_checkpoint(&f->t, 5, "sk.test/xa-sen-phuong", key);

	T_EQ_INT(logv_extend(&f->cp, by_other, vkey, &f->src, &f->res, &f->err), 0);
	T_EQ_INT(f->res.verdict, LOGV_BAD_TRUSTED);
	T_CONTAINS(f->res.msg, "not signed by the pinned key");
	T_EQ_INT(logv_extend(&f->cp, "", vkey, &f->src, &f->res, &f->err), 0);
	T_EQ_INT(f->res.verdict, LOGV_BAD_TRUSTED); /* a file that could not be read */
	T_EQ_INT(logv_extend(&f->cp, other_log, vkey, &f->src, &f->res, &f->err), 0);
	T_EQ_INT(f->res.verdict, LOGV_BAD_TRUSTED);
	T_EQ_INT(f->t.proofs, 0);
	free(by_other);
	free(other_log);
	fix_close(f);
}

/* Entry `bad` served with other bytes than the server's tree holds. */
static void
altered_at(uint64_t bad)
{
	struct fix *f = fix_open("a", N);

	f->t.v[bad].data = (uint8_t *)"an entry rewritten afterwards";
	f->t.v[bad].len = strlen((char *)f->t.v[bad].data);
	T_EQ_INT(logv_entries(&f->cp, &f->e, &f->src, &f->res, &f->err), 0);
	T_EQ_INT(f->res.verdict, LOGV_ALTERED);
	T_EQ_INT(f->res.index, bad);
	T_EQ_INT(f->t.proofs, bad + 1); /* one proof per entry up to the bad one */
	T_EQ_INT(logv_entry(&f->cp, bad, &f->t.v[bad], &f->src, &f->res, &f->err), 0);
	T_EQ_INT(f->res.verdict, LOGV_NOT_INCLUDED);
	fix_close(f);
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
	struct fix *f = fix_open("a", N);

	f->e.n = N - 1;
	T_EQ_INT(logv_entries(&f->cp, &f->e, &f->src, &f->res, &f->err), 0);
	T_EQ_INT(f->res.verdict, LOGV_MISSING);
	T_EQ_INT(f->res.index, N - 1);
	T_CONTAINS(f->res.msg, "only 9 of the 10 entries");
	fix_close(f);
}

static void
inclusion(void)
{
	struct fix *f = fix_open("a", N);

	T_EQ_INT(logv_entry(&f->cp, 4, &f->t.v[4], &f->src, &f->res, &f->err), 0);
	T_EQ_INT(f->res.verdict, LOGV_OK);
	/* Entry 5's bytes are not entry 4. */
	T_EQ_INT(logv_entry(&f->cp, 4, &f->t.v[5], &f->src, &f->res, &f->err), 0);
	T_EQ_INT(f->res.verdict, LOGV_NOT_INCLUDED);
	T_EQ_STR(f->res.msg, "the entry is not in the signed tree");
	T_EQ_INT(logv_entry(&f->cp, 4, NULL, &f->src, &f->res, &f->err), 0);
	T_EQ_INT(f->res.verdict, LOGV_NOT_SERVED);
	T_EQ_INT(logv_entry(&f->cp, N, &f->t.v[0], &f->src, &f->res, &f->err), 0);
	T_EQ_INT(f->res.verdict, LOGV_NOT_INCLUDED);
	fix_close(f);
}

/* A source that fails: no verdict when it is gone; a refused proof does
 * not place an entry. */
static void
source_failures(void)
{
	struct fix *f = fix_open("a", N);
	char *before = signed_checkpoint(&f->t, 3, ORIGIN, key);

	f->t.fail = SK_UNAVAILABLE;
	T_EQ_INT(logv_extend(&f->cp, before, vkey, &f->src, &f->res, &f->err),
	    SK_UNAVAILABLE);
	T_EQ_STR(f->err.msg, "no proof today");
	T_EQ_INT(logv_entry(&f->cp, 2, &f->t.v[2], &f->src, &f->res, &f->err),
	    SK_UNAVAILABLE);
	f->t.v[5].data = (uint8_t *)"changed";
	f->t.v[5].len = 7;
	T_EQ_INT(logv_entries(&f->cp, &f->e, &f->src, &f->res, &f->err), SK_UNAVAILABLE);
	f->t.fail = SK_PERMISSION_DENIED;
	T_EQ_INT(logv_entries(&f->cp, &f->e, &f->src, &f->res, &f->err), 0);
	T_EQ_INT(f->res.verdict, LOGV_ALTERED);
	T_EQ_INT(f->res.index, 0);
	T_EQ_INT(f->err.code, 0);
	free(before);
	fix_close(f);
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
