/*
 * Leaves and nodes are short messages (a node is 65 bytes), so the cost of
 * a hash is mostly its setting up: OpenSSL 3's EVP spends more on that
 * than on the hashing itself, its low-level SHA-256 calls nearly nothing.
 * They are deprecated, not gone: used while OpenSSL has them.
 */
#define OPENSSL_SUPPRESS_DEPRECATED

#include "merkle.h"

#include <openssl/evp.h>
#include <openssl/sha.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* SHA-256 of the n bytes at a then the m at b (m may be 0). */
static void
hash2(const void *a, size_t n, const void *b, size_t m, merkle_hash out)
{
#ifndef OPENSSL_NO_DEPRECATED_3_0
	SHA256_CTX c;

	SHA256_Init(&c);
	SHA256_Update(&c, a, n);
	if (m > 0)
		SHA256_Update(&c, b, m);
	SHA256_Final(out, &c);
#else
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	/* On allocation failure the hash is all zeros: it verifies nothing. */
	memset(out, 0, MERKLE_HASH_LEN);
	if (md != NULL && EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1 &&
	    EVP_DigestUpdate(md, a, n) == 1 && EVP_DigestUpdate(md, b, m) == 1)
		EVP_DigestFinal_ex(md, out, NULL);
	EVP_MD_CTX_free(md);
#endif
}

void
merkle_leaf(const void *entry, size_t len, merkle_hash out)
{
	static const uint8_t zero = 0x00;

	hash2(&zero, 1, entry, len, out);
}

void
merkle_node(const merkle_hash left, const merkle_hash right, merkle_hash out)
{
	uint8_t buf[1 + 2 * MERKLE_HASH_LEN];

	buf[0] = 0x01;
	memcpy(buf + 1, left, MERKLE_HASH_LEN);
	memcpy(buf + 1 + MERKLE_HASH_LEN, right, MERKLE_HASH_LEN);
	hash2(buf, sizeof(buf), NULL, 0, out);
}

void
merkle_empty(merkle_hash out)
{
	SHA256((const uint8_t *)"", 0, out);
}

uint64_t
merkle_split(uint64_t n)
{
	uint64_t k = 1;

	while (k << 1 < n)
		k <<= 1;
	return k;
}

void
merkle_root(const merkle_hash *leaves, uint64_t n, merkle_hash out)
{
	merkle_hash l, r;
	uint64_t k;

	if (n == 0) {
		merkle_empty(out);
		return;
	}
	if (n == 1) {
		memcpy(out, leaves[0], MERKLE_HASH_LEN);
		return;
	}
	k = merkle_split(n);
	merkle_root(leaves, k, l);
	merkle_root(leaves + k, n - k, r);
	merkle_node(l, r, out);
}

/*
 * The same root bottom-up: each level pairs its nodes in order, an odd last
 * one going up as it is. Where a tree is split at a power of two, the left
 * part is complete and pairs alike, so this is the definition's tree.
 * Reduces v[0..n) in place to v[0].
 */
static void
reduce(merkle_hash *v, uint64_t n)
{
	while (n > 1) {
		uint64_t i;

		for (i = 0; i + 1 < n; i += 2)
			merkle_node(v[i], v[i + 1], v[i / 2]);
		if (i < n)
			memcpy(v[i / 2], v[i], MERKLE_HASH_LEN);
		n = (n + 1) / 2;
	}
}

/*
 * The tree is cut into chunks of CHUNK leaves (a power of two, so each full
 * chunk is a complete subtree and the last is the rest): each chunk's root
 * is hashed from its entries by whichever thread takes it, then the roots
 * are reduced as the leaves would have been.
 */
#define CHUNK 4096
#define THREADS_MAX 8

struct rootjob {
	uint64_t n, nchunks, next; /* next: the chunk to take, under lock */
	merkle_entry_fn get;
	void *arg;
	merkle_hash *roots;
	pthread_mutex_t lock;
};

static void *
root_worker(void *arg)
{
	struct rootjob *j = arg;
	merkle_hash *leaves = malloc(CHUNK * sizeof(*leaves));
	uint64_t c, a, b;

	if (leaves == NULL)
		return NULL; /* the others take its chunks */
	for (;;) {
		const void *data;
		size_t len;
		bool done;

		pthread_mutex_lock(&j->lock);
		if (!(done = j->next == j->nchunks))
			c = j->next++;
		pthread_mutex_unlock(&j->lock);
		if (done)
			break;
		a = c * CHUNK;
		b = a + CHUNK < j->n ? a + CHUNK : j->n;
		for (uint64_t i = a; i < b; i++) {
			j->get(j->arg, i, &data, &len);
			merkle_leaf(data, len, leaves[i - a]);
		}
		reduce(leaves, b - a);
		memcpy(j->roots[c], leaves[0], MERKLE_HASH_LEN);
	}
	free(leaves);
	return NULL;
}

int
merkle_root_entries(uint64_t n, merkle_entry_fn get, void *arg, unsigned threads,
    merkle_hash out)
{
	struct rootjob j = { .n = n, .get = get, .arg = arg };
	pthread_t tid[THREADS_MAX];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t nt = 0, want;

	if (n == 0) {
		merkle_empty(out);
		return 0;
	}
	j.nchunks = (n + CHUNK - 1) / CHUNK;
	if ((j.roots = malloc(j.nchunks * sizeof(*j.roots))) == NULL)
		return -1;
	pthread_mutex_init(&j.lock, NULL);
	if (threads == 0)
		threads = cpus > 1 ? (unsigned)cpus : 1;
	want = threads > THREADS_MAX ? THREADS_MAX : threads;
	if (want > j.nchunks)
		want = (size_t)j.nchunks;
	/* This thread works too: a thread that cannot start is no harm. */
	while (nt + 1 < want && pthread_create(&tid[nt], NULL, root_worker, &j) == 0)
		nt++;
	root_worker(&j);
	for (size_t i = 0; i < nt; i++)
		pthread_join(tid[i], NULL);
	pthread_mutex_destroy(&j.lock);
	if (j.next < j.nchunks) { /* no memory for a chunk's leaves */
		free(j.roots);
		return -1;
	}
	reduce(j.roots, j.nchunks);
	memcpy(out, j.roots[0], MERKLE_HASH_LEN);
	free(j.roots);
	return 0;
}

/* RFC 9162 §2.1.3.2 */
bool
merkle_verify_inclusion(uint64_t index, uint64_t size, const merkle_hash leaf,
    const merkle_hash *proof, size_t n, const merkle_hash root)
{
	uint64_t fn = index, sn = size - 1;
	merkle_hash r;

	if (index >= size)
		return false;
	memcpy(r, leaf, MERKLE_HASH_LEN);
	for (size_t i = 0; i < n; i++) {
		if (sn == 0)
			return false;
		if ((fn & 1) || fn == sn) {
			merkle_node(proof[i], r, r);
			if (!(fn & 1))
				while (fn != 0 && !(fn & 1))
					fn >>= 1, sn >>= 1;
		} else
			merkle_node(r, proof[i], r);
		fn >>= 1;
		sn >>= 1;
	}
	return sn == 0 && memcmp(r, root, MERKLE_HASH_LEN) == 0;
}

/* RFC 9162 §2.1.4.2 */
bool
merkle_verify_consistency(uint64_t size1, uint64_t size2, const merkle_hash root1,
    const merkle_hash root2, const merkle_hash *proof, size_t n)
{
	merkle_hash fr, sr;
	uint64_t fn, sn;
	size_t i = 0;

	if (size1 > size2)
		return false;
	if (size1 == size2)
		return n == 0 && memcmp(root1, root2, MERKLE_HASH_LEN) == 0;
	if (size1 == 0)
		return n == 0; /* the empty tree is a prefix of every tree */
	/* If size1 is a power of two, root1 is the first proof node. */
	if ((size1 & (size1 - 1)) == 0) {
		if (n + 1 < 2 || n + 1 > 130)
			return false;
		memcpy(fr, root1, MERKLE_HASH_LEN);
		memcpy(sr, root1, MERKLE_HASH_LEN);
	} else {
		if (n == 0)
			return false;
		memcpy(fr, proof[0], MERKLE_HASH_LEN);
		memcpy(sr, proof[0], MERKLE_HASH_LEN);
		i = 1;
	}
	fn = size1 - 1;
	sn = size2 - 1;
	while (fn & 1)
		fn >>= 1, sn >>= 1;
	for (; i < n; i++) {
		if (sn == 0)
			return false;
		if ((fn & 1) || fn == sn) {
			merkle_node(proof[i], fr, fr);
			merkle_node(proof[i], sr, sr);
			if (!(fn & 1))
				while (fn != 0 && !(fn & 1))
					fn >>= 1, sn >>= 1;
		} else
			merkle_node(sr, proof[i], sr);
		fn >>= 1;
		sn >>= 1;
	}
	return sn == 0 && memcmp(fr, root1, MERKLE_HASH_LEN) == 0 &&
	    memcmp(sr, root2, MERKLE_HASH_LEN) == 0;
}

void
merkle_hex(const merkle_hash h, char *out)
{
	for (size_t i = 0; i < MERKLE_HASH_LEN; i++)
		snprintf(out + 2 * i, 3, "%02x", h[i]);
}
