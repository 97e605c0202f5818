#include "merkle.h"

#include <stdio.h>
#include <string.h>

#include "sha256.h"

void
merkle_leaf(const void *entry, size_t len, merkle_hash out)
{
	static const uint8_t zero = 0x00;
	struct sha256 *h = sha256_new();

	/* On allocation failure the hash is all zeros: it verifies nothing. */
	memset(out, 0, MERKLE_HASH_LEN);
	if (h == NULL)
		return;
	sha256_add(h, &zero, 1); /* a failure sticks: sha256_end reports it */
	sha256_add(h, entry, len);
	if (sha256_end(h, out) != 0)
		memset(out, 0, MERKLE_HASH_LEN);
}

void
merkle_node(const merkle_hash left, const merkle_hash right, merkle_hash out)
{
	uint8_t buf[1 + 2 * MERKLE_HASH_LEN];

	buf[0] = 0x01;
	memcpy(buf + 1, left, MERKLE_HASH_LEN);
	memcpy(buf + 1 + MERKLE_HASH_LEN, right, MERKLE_HASH_LEN);
	if (sha256_digest(buf, sizeof(buf), out) != 0)
		memset(out, 0, MERKLE_HASH_LEN); /* verifies nothing */
}

void
merkle_empty(merkle_hash out)
{
	if (sha256_digest("", 0, out) != 0)
		memset(out, 0, MERKLE_HASH_LEN);
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
