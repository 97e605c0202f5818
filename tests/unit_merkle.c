/*
 * unit_merkle: the tree hash and proofs of RFC 6962 / RFC 9162, computed
 * by hand for small trees, checked for every size and index up to 64
 * against proofs the server builds from its store, and on a tree of
 * 100 000 entries.
 */
#include <openssl/sha.h>
#include <stdlib.h>
#include <unistd.h>

#include "merkle.h"
#include "store.h"
#include "t.h"
#include "tlog.h"

static void
hex_to(const char *hex, merkle_hash out)
{
	for (size_t i = 0; i < MERKLE_HASH_LEN; i++)
		sscanf(hex + 2 * i, "%2hhx", &out[i]);
}

static void
empty_and_leaf(void)
{
	merkle_hash h, want;
	char hex[65];

	merkle_empty(h);
	merkle_hex(h, hex);
	T_EQ_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	merkle_leaf("", 0, h); /* SHA-256(0x00) */
	merkle_hex(h, hex);
	T_EQ_STR(hex, "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
	merkle_root(NULL, 0, h);
	merkle_empty(want);
	T_CHECK(memcmp(h, want, MERKLE_HASH_LEN) == 0);
}

/* Three leaves, by the definition: root = H(1 | H(1 | l0 | l1) | l2). */
static void
three_by_hand(void)
{
	uint8_t buf[1 + 64], e[2];
	merkle_hash l[3], n01, want, got;

	for (int i = 0; i < 3; i++) {
		e[0] = 0x00;
		e[1] = (uint8_t)('a' + i);
		SHA256(e, 2, l[i]); /* leaf: SHA-256(0x00 || "a") */
		merkle_leaf(e + 1, 1, got);
		T_CHECK(memcmp(got, l[i], MERKLE_HASH_LEN) == 0);
	}
	buf[0] = 0x01;
	memcpy(buf + 1, l[0], 32);
	memcpy(buf + 33, l[1], 32);
	SHA256(buf, sizeof(buf), n01);
	memcpy(buf + 1, n01, 32);
	memcpy(buf + 33, l[2], 32);
	SHA256(buf, sizeof(buf), want);
	merkle_root(l, 3, got);
	T_CHECK(memcmp(got, want, MERKLE_HASH_LEN) == 0);
	/* The proof of leaf 2 in 3 is [H(l0,l1)]; of leaf 0 is [l1, l2]. */
	T_CHECK(merkle_verify_inclusion(2, 3, l[2], &n01, 1, want));
	merkle_hash p0[2];
	memcpy(p0[0], l[1], 32);
	memcpy(p0[1], l[2], 32);
	T_CHECK(merkle_verify_inclusion(0, 3, l[0], p0, 2, want));
	T_CHECK(!merkle_verify_inclusion(1, 3, l[0], p0, 2, want));
}

/* The eight-leaf tree of the certificate-transparency reference tests. */
static void
reference_vector(void)
{
	static const uint8_t e0[] = { 0 }, e1[] = { 0x00 }, e2[] = { 0x10 },
	                     e3[] = { 0x20, 0x21 }, e4[] = { 0x30, 0x31 },
	                     e5[] = { 0x40, 0x41, 0x42, 0x43 },
	                     e6[] = { 0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57 },
	                     e7[] = { 0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67,
		                     0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f };
	const uint8_t *e[] = { e0, e1, e2, e3, e4, e5, e6, e7 };
	const size_t len[] = { 0, 1, 1, 2, 2, 4, 8, 16 };
	merkle_hash l[8], root, want;

	for (int i = 0; i < 8; i++)
		merkle_leaf(e[i], len[i], l[i]);
	merkle_root(l, 8, root);
	hex_to("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328", want);
	T_CHECK(memcmp(root, want, MERKLE_HASH_LEN) == 0);
}

static struct store *
tmp_store(char *dir)
{
	struct store_opts o = { (size_t)64 << 20, (size_t)4 << 30, true };
	struct sk_error err = { 0 };
	struct store *st = NULL;

	if (mkdtemp(dir) == NULL || store_open(&st, dir, &o, &err) != 0)
		fprintf(stderr, "store: %s\n", err.msg);
	return st;
}

static void
tmp_remove(char *dir)
{
	char p[128];

	snprintf(p, sizeof(p), "%s/data.mdb", dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/lock.mdb", dir);
	unlink(p);
	rmdir(dir);
}

#define N64 64

/* Proofs from the store verify, for every size and index up to 64. */
static void
all_small_proofs(void)
{
	char dir[] = "/tmp/sk-merkle.XXXXXX";
	struct store *st = tmp_store(dir);
	struct scope sc = { .tenant = 7, .login = "t" };
	merkle_hash leaves[N64], roots[N64 + 1], proof[TLOG_PROOF_MAX], r;
	struct store_txn t;
	struct sk_error err;
	size_t n;
	uint8_t e[8];
	int bad = 0;

	if (st == NULL)
		return;
	T_EQ_INT(store_write_begin(st, NULL, &t), 0);
	for (int i = 0; i < N64; i++) {
		memcpy(e, &i, sizeof(i));
		merkle_leaf(e, sizeof(i), leaves[i]);
		T_EQ_INT(tlog_append_leaf(&t, &sc, leaves[i]), 0);
	}
	T_EQ_INT(store_commit(&t, &err), 0);
	T_EQ_INT(store_read_begin(st, &t), 0);
	for (uint64_t size = 0; size <= N64; size++) {
		merkle_root(leaves, size, roots[size]);
		T_EQ_INT(tlog_root(&t, &sc, size, r), 0);
		bad += memcmp(r, roots[size], MERKLE_HASH_LEN) != 0;
	}
	for (uint64_t size = 1; size <= N64; size++)
		for (uint64_t i = 0; i < size; i++) {
			if (tlog_inclusion(&t, &sc, i, size, proof, &n) != 0 ||
			    !merkle_verify_inclusion(i, size, leaves[i], proof, n,
			        roots[size]))
				bad++;
			/* A proof for the wrong leaf, or a damaged one, fails. */
			if (merkle_verify_inclusion(i, size, leaves[(i + 1) % N64], proof,
			        n, roots[size]) &&
			    size > 1)
				bad++;
			if (n > 0) {
				proof[n - 1][0] ^= 1;
				bad += merkle_verify_inclusion(i, size, leaves[i], proof,
				    n, roots[size]);
			}
		}
	for (uint64_t size = 1; size <= N64; size++)
		for (uint64_t m = 1; m <= size; m++) {
			if (tlog_consistency(&t, &sc, m, size, proof, &n) != 0 ||
			    !merkle_verify_consistency(m, size, roots[m], roots[size],
			        proof, n))
				bad++;
			if (m < size &&
			    merkle_verify_consistency(m, size, roots[m - 1], roots[size],
			        proof, n))
				bad++;
		}
	T_EQ_INT(bad, 0);
	T_EQ_INT(tlog_inclusion(&t, &sc, 5, 65, proof, &n), SK_OUT_OF_RANGE);
	T_EQ_INT(tlog_consistency(&t, &sc, 9, 8, proof, &n), SK_OUT_OF_RANGE);
	store_read_end(&t);
	store_close(st);
	tmp_remove(dir);
}

/* 100 000 entries: the stored root is the defined root; sampled proofs hold
 * and stay short (at most about 2 log2 n hashes). */
static void
large_tree(void)
{
	enum { N = 100000 };
	char dir[] = "/tmp/sk-merkle.XXXXXX";
	struct store *st = tmp_store(dir);
	struct scope sc = { .tenant = 9, .login = "t" };
	merkle_hash *leaves = calloc(N, sizeof(merkle_hash)), proof[TLOG_PROOF_MAX];
	merkle_hash root, want, r1;
	struct store_txn t;
	struct sk_error err;
	size_t n, longest = 0;
	uint32_t x = 12345;
	int bad = 0;

	if (st == NULL || leaves == NULL) {
		free(leaves);
		return;
	}
	T_EQ_INT(store_write_begin(st, NULL, &t), 0);
	for (uint32_t i = 0; i < N; i++) {
		merkle_leaf(&i, sizeof(i), leaves[i]);
		if (tlog_append_leaf(&t, &sc, leaves[i]) != 0)
			bad++;
	}
	T_EQ_INT(store_commit(&t, &err), 0);
	T_EQ_INT(store_read_begin(st, &t), 0);
	merkle_root(leaves, N, want);
	T_EQ_INT(tlog_root(&t, &sc, N, root), 0);
	T_CHECK(memcmp(root, want, MERKLE_HASH_LEN) == 0);
	for (int k = 0; k < 50; k++) {
		uint64_t size, i, m;

		x = x * 1103515245u + 12345u;
		size = 1 + x % N;
		x = x * 1103515245u + 12345u;
		i = x % size;
		m = 1 + x % size;
		merkle_root(leaves, size, r1);
		if (tlog_inclusion(&t, &sc, i, size, proof, &n) != 0 ||
		    !merkle_verify_inclusion(i, size, leaves[i], proof, n, r1))
			bad++;
		longest = n > longest ? n : longest;
		merkle_root(leaves, m, root);
		if (tlog_consistency(&t, &sc, m, size, proof, &n) != 0 ||
		    !merkle_verify_consistency(m, size, root, r1, proof, n))
			bad++;
		longest = n > longest ? n : longest;
	}
	T_EQ_INT(bad, 0);
	T_CHECK(longest <= (size_t)2 * 17);
	store_read_end(&t);
	store_close(st);
	tmp_remove(dir);
	free(leaves);
}

/* Entry i: its number, written i % 300 times (entries of many lengths). */
static void
entry_at(void *arg, uint64_t i, const void **data, size_t *len)
{
	static __thread uint64_t buf[300];

	(void)arg;
	for (size_t k = 0; k < i % 300; k++)
		buf[k] = i;
	*data = buf;
	*len = (i % 300) * sizeof(uint64_t);
}

/* The root from the entries, on every processor, is the definition's
 * root, at sizes around the chunks the work is cut in. */
static void
root_of_entries(void)
{
	static const uint64_t sizes[] = { 0, 1, 2, 3, 5, 4095, 4096, 4097, 8191, 8192,
		8193, 12289, 40000, 65536, 65537 };
	merkle_hash *leaves = calloc(65537, sizeof(*leaves)), want, got;

	if (leaves == NULL) {
		T_CHECK(!"memory");
		return;
	}
	for (uint64_t i = 0; i < 65537; i++) {
		const void *data;
		size_t len;

		entry_at(NULL, i, &data, &len);
		merkle_leaf(data, len, leaves[i]);
	}
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		merkle_root(leaves, sizes[k], want);
		for (unsigned threads = 0; threads <= 3; threads++) {
			memset(got, 0, sizeof(got));
			T_EQ_INT(merkle_root_entries(sizes[k], entry_at, NULL, threads,
			             got),
			    0);
			if (memcmp(got, want, MERKLE_HASH_LEN) != 0) {
				fprintf(stderr, "size %llu, %u threads: another root\n",
				    (unsigned long long)sizes[k], threads);
				T_CHECK(!"the same root");
			}
		}
	}
	free(leaves);
}

static const struct t_case cases[] = {
	{ "empty tree and leaf hashes", empty_and_leaf },
	{ "a three-leaf tree by hand", three_by_hand },
	{ "the reference eight-leaf tree", reference_vector },
	{ "every proof up to size 64", all_small_proofs },
	{ "a tree of 100 000 entries", large_tree },
	{ "the root from the entries, in threads, is the same", root_of_entries },
};

T_MAIN(cases)
