/*
 * sha256: SHA-256 over data that arrives in pieces (files, chunks read
 * from the store or the network), and the hex form people read.
 */
#ifndef SK_SHA256_H
#define SK_SHA256_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define SHA256_LEN 32

struct sha256;

/* NULL when out of memory. */
struct sha256 *sha256_new(void);
/* 0, or -1 if the digest failed (it then stays failed). */
int sha256_add(struct sha256 *h, const void *data, size_t len);
/* The digest of everything added; h is freed either way. */
int sha256_end(struct sha256 *h, uint8_t out[SHA256_LEN]);
void sha256_free(struct sha256 *h);

/* The digest of len bytes at data, at once; -1 if it failed. The
 * algorithm is fetched once: OpenSSL 3's SHA256() fetches it every call,
 * which costs more than hashing a tree node. */
int sha256_digest(const void *data, size_t len, uint8_t out[SHA256_LEN]);

/* The digest of what is left to read in fp; -1 on a read error. */
int sha256_file(FILE *fp, uint8_t out[SHA256_LEN]);

/* The first n bytes of h in lower-case hex into out (2n + 1 bytes). */
void sha256_hex(const uint8_t *h, size_t n, char *out);

#endif
