#include "sha256.h"

#include <openssl/evp.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

static EVP_MD *sha256_md; /* fetched once, kept for the process */
static pthread_once_t sha256_once = PTHREAD_ONCE_INIT;

static void
sha256_fetch(void)
{
	sha256_md = EVP_MD_fetch(NULL, "SHA256", NULL);
}

int
sha256_digest(const void *data, size_t len, uint8_t out[SHA256_LEN])
{
	pthread_once(&sha256_once, sha256_fetch);
	return EVP_Digest(data, len, out, NULL,
	           sha256_md != NULL ? sha256_md : EVP_sha256(), NULL) == 1 ?
	    0 :
	    -1;
}

struct sha256 {
	EVP_MD_CTX *md;
	bool failed;
};

struct sha256 *
sha256_new(void)
{
	struct sha256 *h = calloc(1, sizeof(*h));

	if (h == NULL)
		return NULL;
	pthread_once(&sha256_once, sha256_fetch);
	if ((h->md = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(h->md, sha256_md != NULL ? sha256_md : EVP_sha256(),
	        NULL) != 1) {
		sha256_free(h);
		return NULL;
	}
	return h;
}

int
sha256_add(struct sha256 *h, const void *data, size_t len)
{
	if (!h->failed && EVP_DigestUpdate(h->md, data, len) != 1)
		h->failed = true;
	return h->failed ? -1 : 0;
}

int
sha256_end(struct sha256 *h, uint8_t out[SHA256_LEN])
{
	bool ok = !h->failed && EVP_DigestFinal_ex(h->md, out, NULL) == 1;

	sha256_free(h);
	return ok ? 0 : -1;
}

void
sha256_free(struct sha256 *h)
{
	if (h == NULL)
		return;
	EVP_MD_CTX_free(h->md);
	free(h);
}

int
sha256_file(FILE *fp, uint8_t out[SHA256_LEN])
{
	struct sha256 *h = sha256_new();
	uint8_t buf[65536];
	size_t n;

	if (h == NULL)
		return -1;
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		sha256_add(h, buf, n);
	if (ferror(fp)) {
		sha256_free(h);
		return -1;
	}
	return sha256_end(h, out);
}

void
sha256_hex(const uint8_t *h, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[h[i] >> 4];
		out[2 * i + 1] = digits[h[i] & 15];
	}
	out[2 * n] = '\0';
}
