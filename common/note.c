#include "note.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ED25519_LEN 32
#define SIG_LEN 64
#define ALG_ED25519 0x01
#define ALG_COSIG_V1 0x04 /* C2SP tlog-cosignature, Ed25519 */

static const char note_dash[] = "\xe2\x80\x94 "; /* "— " */

static int
b64_encode(const uint8_t *in, size_t n, char *out, size_t osz)
{
	if (osz < 4 * ((n + 2) / 3) + 1)
		return -1;
	return EVP_EncodeBlock((unsigned char *)out, in, (int)n);
}

/* Decode standard base64 with padding; returns the length or -1. */
static int
b64_decode(const char *in, size_t n, uint8_t *out, size_t osz)
{
	int len, pad = 0;

	if (n == 0 || n % 4 != 0 || osz < n / 4 * 3)
		return -1;
	if ((len = EVP_DecodeBlock(out, (const unsigned char *)in, (int)n)) < 0)
		return -1;
	pad = (in[n - 1] == '=') + (in[n - 2] == '=');
	return len - pad;
}

static void
key_id_alg(const char *name, uint8_t alg, const uint8_t pub[ED25519_LEN], uint8_t id[4])
{
	uint8_t buf[256 + 2 + ED25519_LEN], md[SHA256_DIGEST_LENGTH];
	size_t n = strlen(name);

	if (n > 256)
		n = 256;
	/* NOLINTNEXTLINE(bugprone-not-null-terminated-result): bytes to hash */
	memcpy(buf, name, n);
	buf[n] = '\n';
	buf[n + 1] = alg;
	memcpy(buf + n + 2, pub, ED25519_LEN);
	SHA256(buf, n + 2 + ED25519_LEN, md);
	memcpy(id, md, 4);
}

static void
key_id(const char *name, const uint8_t pub[ED25519_LEN], uint8_t id[4])
{
	key_id_alg(name, ALG_ED25519, pub, id);
}

/* A key name is non-empty, without spaces, '+' or newlines. */
static bool
name_ok(const char *name)
{
	return name[0] != '\0' && strlen(name) <= 256 && strpbrk(name, " +\n\t") == NULL;
}

static char *
vkey_of(const char *name, uint8_t alg, EVP_PKEY *key)
{
	uint8_t raw[1 + ED25519_LEN], id[4];
	size_t len = ED25519_LEN;
	char b64[64], *out;

	if (!name_ok(name) || EVP_PKEY_get_raw_public_key(key, raw + 1, &len) != 1 ||
	    len != ED25519_LEN)
		return NULL;
	raw[0] = alg;
	key_id_alg(name, alg, raw + 1, id);
	b64_encode(raw, sizeof(raw), b64, sizeof(b64));
	if ((out = malloc(strlen(name) + 80)) == NULL)
		return NULL;
	snprintf(out, strlen(name) + 80, "%s+%02x%02x%02x%02x+%s", name, id[0], id[1],
	    id[2], id[3], b64);
	return out;
}

char *
note_vkey(const char *name, EVP_PKEY *key)
{
	return vkey_of(name, ALG_ED25519, key);
}

char *
note_cosig_vkey(const char *name, EVP_PKEY *key)
{
	return vkey_of(name, ALG_COSIG_V1, key);
}

char *
note_sign(const char *body, const char *name, EVP_PKEY *key)
{
	uint8_t sig[4 + SIG_LEN], pub[ED25519_LEN];
	size_t siglen = SIG_LEN, publen = ED25519_LEN, n = strlen(body);
	EVP_MD_CTX *md = NULL;
	char b64[128], *out = NULL;

	if (n == 0 || body[n - 1] != '\n' || !name_ok(name) ||
	    EVP_PKEY_get_raw_public_key(key, pub, &publen) != 1)
		return NULL;
	key_id(name, pub, sig);
	if ((md = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestSignInit(md, NULL, NULL, NULL, key) != 1 ||
	    EVP_DigestSign(md, sig + 4, &siglen, (const uint8_t *)body, n) != 1 ||
	    siglen != SIG_LEN)
		goto done;
	b64_encode(sig, sizeof(sig), b64, sizeof(b64));
	if ((out = malloc(n + strlen(name) + 160)) != NULL)
		snprintf(out, n + strlen(name) + 160, "%s\n%s%s %s\n", body, note_dash,
		    name, b64);
done:
	EVP_MD_CTX_free(md);
	return out;
}

/* Parse "name+hexid+base64(alg || key)". */
static int
vkey_parse_alg(const char *vkey, uint8_t alg, char *name, size_t nsz, uint8_t id[4],
    uint8_t pub[ED25519_LEN])
{
	const char *p1 = strchr(vkey, '+'), *p2;
	uint8_t raw[64];
	unsigned v[4];
	int len;

	if (p1 == NULL || (p2 = strchr(p1 + 1, '+')) == NULL || p2 - p1 != 9 ||
	    (size_t)(p1 - vkey) >= nsz)
		return -1;
	memcpy(name, vkey, (size_t)(p1 - vkey));
	name[p1 - vkey] = '\0';
	if (sscanf(p1 + 1, "%2x%2x%2x%2x", &v[0], &v[1], &v[2], &v[3]) != 4)
		return -1;
	for (int i = 0; i < 4; i++)
		id[i] = (uint8_t)v[i];
	len = b64_decode(p2 + 1, strcspn(p2 + 1, "\r\n"), raw, sizeof(raw));
	if (len != 1 + ED25519_LEN || raw[0] != alg)
		return -1;
	memcpy(pub, raw + 1, ED25519_LEN);
	return 0;
}

static int
vkey_parse(const char *vkey, char *name, size_t nsz, uint8_t id[4],
    uint8_t pub[ED25519_LEN])
{
	return vkey_parse_alg(vkey, ALG_ED25519, name, nsz, id, pub);
}

static int
vkey_check_alg(const char *vkey, uint8_t alg, char *name, size_t nsz)
{
	uint8_t id[4], want[4], pub[ED25519_LEN];

	if (vkey_parse_alg(vkey, alg, name, nsz, id, pub) != 0 || !name_ok(name))
		return -1;
	key_id_alg(name, alg, pub, want);
	return memcmp(id, want, sizeof(id)) == 0 ? 0 : -1;
}

int
note_vkey_check(const char *vkey, char *name, size_t nsz)
{
	return vkey_check_alg(vkey, ALG_ED25519, name, nsz);
}

int
note_cosig_vkey_check(const char *vkey, char *name, size_t nsz)
{
	return vkey_check_alg(vkey, ALG_COSIG_V1, name, nsz);
}

static bool
sig_ok(const uint8_t pub[ED25519_LEN], const char *body, size_t n, const uint8_t *sig)
{
	EVP_PKEY *key =
	    EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pub, ED25519_LEN);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	bool ok = key != NULL && md != NULL &&
	    EVP_DigestVerifyInit(md, NULL, NULL, NULL, key) == 1 &&
	    EVP_DigestVerify(md, sig, SIG_LEN, (const uint8_t *)body, n) == 1;

	EVP_MD_CTX_free(md);
	EVP_PKEY_free(key);
	return ok;
}

int
note_verify(const char *note, const char *vkey, char *body, size_t bsz,
    struct sk_error *err)
{
	char name[257], want_id_line[300];
	uint8_t id[4], pub[ED25519_LEN], sig[4 + SIG_LEN + 8], kid[4];
	const char *sep, *line, *end;
	size_t blen;
	int len;

	if (vkey_parse(vkey, name, sizeof(name), id, pub) != 0)
		return status_set(err, SK_INVALID_ARGUMENT, "not a verifier key: %.60s",
		    vkey);
	key_id(name, pub, kid);
	if (memcmp(kid, id, 4) != 0)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "verifier key: the key id does not match");
	/* The body ends at the last blank line before the signatures. */
	if ((sep = strstr(note, "\n\n")) == NULL)
		return status_set(err, SK_INVALID_ARGUMENT, "not a signed note");
	while (strstr(sep + 1, "\n\n") != NULL)
		sep = strstr(sep + 1, "\n\n");
	blen = (size_t)(sep - note) + 1;
	if (blen + 1 > bsz)
		return status_set(err, SK_INVALID_ARGUMENT, "note too long");
	snprintf(want_id_line, sizeof(want_id_line), "%s%s ", note_dash, name);
	for (line = sep + 2; *line != '\0'; line = end + 1) {
		if ((end = strchr(line, '\n')) == NULL)
			break;
		if (strncmp(line, want_id_line, strlen(want_id_line)) != 0)
			continue;
		len = b64_decode(line + strlen(want_id_line),
		    (size_t)(end - line) - strlen(want_id_line), sig, sizeof(sig));
		if (len != 4 + SIG_LEN || memcmp(sig, id, 4) != 0)
			continue;
		if (sig_ok(pub, note, blen, sig + 4)) {
			memcpy(body, note, blen);
			body[blen] = '\0';
			return 0;
		}
	}
	return status_set(err, SK_UNAUTHENTICATED,
	    "no valid signature by %s on this checkpoint", name);
}

/* "cosignature/v1\ntime T\n" then the checkpoint's body: what a
 * cosigner signs (C2SP tlog-cosignature). malloc'd, its length in *n. */
static char *
cosig_message(const char *body, size_t blen, int64_t t, size_t *n)
{
	char head[64];
	int hl =
	    snprintf(head, sizeof(head), "cosignature/v1\ntime %lld\n", (long long)t);
	char *m = malloc((size_t)hl + blen);

	if (m == NULL)
		return NULL;
	memcpy(m, head, (size_t)hl);
	memcpy(m + hl, body, blen);
	*n = (size_t)hl + blen;
	return m;
}

static void
be64_put(uint8_t *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

static uint64_t
be64_get(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

char *
note_cosign(const char *body, const char *name, EVP_PKEY *key, int64_t t)
{
	uint8_t sig[4 + 8 + SIG_LEN], pub[ED25519_LEN];
	size_t siglen = SIG_LEN, publen = ED25519_LEN, n = strlen(body), mlen = 0;
	EVP_MD_CTX *md = NULL;
	char b64[160], *msg = NULL, *out = NULL;

	if (n == 0 || body[n - 1] != '\n' || t < 0 || !name_ok(name) ||
	    EVP_PKEY_get_raw_public_key(key, pub, &publen) != 1)
		return NULL;
	key_id_alg(name, ALG_COSIG_V1, pub, sig);
	be64_put(sig + 4, (uint64_t)t);
	if ((msg = cosig_message(body, n, t, &mlen)) == NULL ||
	    (md = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestSignInit(md, NULL, NULL, NULL, key) != 1 ||
	    EVP_DigestSign(md, sig + 12, &siglen, (const uint8_t *)msg, mlen) != 1 ||
	    siglen != SIG_LEN)
		goto done;
	b64_encode(sig, sizeof(sig), b64, sizeof(b64));
	if ((out = malloc(strlen(name) + 200)) != NULL)
		snprintf(out, strlen(name) + 200, "%s%s %s\n", note_dash, name, b64);
done:
	EVP_MD_CTX_free(md);
	free(msg);
	return out;
}

/* The body of a signed note (up to its last blank line), its length. */
static const char *
note_body(const char *note, size_t *blen)
{
	const char *sep = strstr(note, "\n\n");

	if (sep == NULL)
		return NULL;
	while (strstr(sep + 1, "\n\n") != NULL)
		sep = strstr(sep + 1, "\n\n");
	*blen = (size_t)(sep - note) + 1;
	return sep + 2;
}

int
note_cosig_verify(const char *note, const char *vkey, int64_t *t, struct sk_error *err)
{
	uint8_t id[4], pub[ED25519_LEN], sig[4 + 8 + SIG_LEN + 8];
	char name[257], want[300], *msg;
	const char *line, *end;
	size_t blen, mlen;
	int len;

	if (vkey_parse_alg(vkey, ALG_COSIG_V1, name, sizeof(name), id, pub) != 0)
		return status_set(err, SK_INVALID_ARGUMENT, "not a witness key: %.60s",
		    vkey);
	if ((line = note_body(note, &blen)) == NULL)
		return status_set(err, SK_INVALID_ARGUMENT, "not a signed note");
	snprintf(want, sizeof(want), "%s%s ", note_dash, name);
	for (; *line != '\0'; line = end + 1) {
		if ((end = strchr(line, '\n')) == NULL)
			break;
		if (strncmp(line, want, strlen(want)) != 0)
			continue;
		len = b64_decode(line + strlen(want), (size_t)(end - line) - strlen(want),
		    sig, sizeof(sig));
		if (len != 4 + 8 + SIG_LEN || memcmp(sig, id, 4) != 0 ||
		    be64_get(sig + 4) > INT64_MAX)
			continue;
		*t = (int64_t)be64_get(sig + 4);
		if ((msg = cosig_message(note, blen, *t, &mlen)) == NULL)
			return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
		if (sig_ok(pub, msg, mlen, sig + 12)) {
			free(msg);
			return 0;
		}
		free(msg);
	}
	return status_set(err, SK_UNAUTHENTICATED,
	    "no valid cosignature by witness %s on this checkpoint", name);
}

/* Is the base64 at the end of a signature line ("— name BASE64") the one
 * encoding of its bytes? Slack bits before a "=" decode the same, so a
 * changed bit there would change nothing else. */
static bool
line_canonical(const char *line, size_t llen)
{
	const char *sp = memchr(line, ' ', llen), *b64;
	uint8_t raw[256];
	char again[400];
	size_t n;
	int len;

	if (sp == NULL ||
	    (sp = memchr(sp + 1, ' ', llen - (size_t)(sp + 1 - line))) == NULL)
		return false;
	b64 = sp + 1;
	n = llen - (size_t)(b64 - line);
	if (n >= sizeof(again) || (len = b64_decode(b64, n, raw, sizeof(raw))) < 0 ||
	    b64_encode(raw, (size_t)len, again, sizeof(again)) < 0)
		return false;
	return strlen(again) == n && memcmp(again, b64, n) == 0;
}

/* Does the one signature line [line, line + llen) on the body of note
 * (blen bytes) verify under vkey (a signer's key, or NULL) or one of the
 * n witness keys wkeys? */
static bool
line_verifies(const char *note, size_t blen, const char *line, size_t llen,
    const char *vkey, const char *const *wkeys, size_t n)
{
	char *one = malloc(blen + llen + 3), body[NOTE_MAX];
	struct sk_error err = { 0 };
	bool ok = false;
	int64_t t;

	if (one == NULL || !line_canonical(line, llen)) {
		free(one);
		return false;
	}
	/* The body, its blank line, then this signature line alone. */
	memcpy(one, note, blen);
	one[blen] = '\n';
	memcpy(one + blen + 1, line, llen);
	one[blen + 1 + llen] = '\n';
	one[blen + 2 + llen] = '\0';
	ok = vkey != NULL && note_verify(one, vkey, body, sizeof(body), &err) == 0;
	for (size_t i = 0; i < n && !ok; i++)
		ok = note_cosig_verify(one, wkeys[i], &t, &err) == 0;
	free(one);
	return ok;
}

int
note_lines_verify(const char *note, const char *vkey, const char *const *wkeys, size_t n,
    struct sk_error *err)
{
	const char *line, *end;
	size_t blen;
	int k = 1;

	if ((line = note_body(note, &blen)) == NULL || *line == '\0')
		return status_set(err, SK_INVALID_ARGUMENT, "not a signed note");
	for (; *line != '\0'; line = end + 1, k++) {
		if ((end = strchr(line, '\n')) == NULL)
			return status_set(err, SK_INVALID_ARGUMENT,
			    "signature line %d does not end its line", k);
		if (!line_verifies(note, blen, line, (size_t)(end - line), vkey, wkeys,
		        n))
			return status_set(err, SK_UNAUTHENTICATED,
			    "signature line %d (%.40s) verifies under no key given", k,
			    line);
	}
	return 0;
}

char *
note_lines_keep(const char *note, const char *vkey, const char *const *wkeys, size_t n)
{
	const char *line, *end;
	size_t blen, used;
	char *out;

	if ((line = note_body(note, &blen)) == NULL ||
	    (out = malloc(strlen(note) + 1)) == NULL)
		return NULL;
	memcpy(out, note, blen + 1); /* the body and its blank line */
	used = blen + 1;
	for (; *line != '\0' && (end = strchr(line, '\n')) != NULL; line = end + 1) {
		if (!line_verifies(note, blen, line, (size_t)(end - line), vkey, wkeys,
		        n))
			continue;
		memcpy(out + used, line, (size_t)(end - line) + 1);
		used += (size_t)(end - line) + 1;
	}
	out[used] = '\0';
	return out;
}

int
checkpoint_format(char *buf, size_t sz, const char *origin, uint64_t size,
    const merkle_hash root)
{
	char b64[64];

	b64_encode(root, MERKLE_HASH_LEN, b64, sizeof(b64));
	return (size_t)snprintf(buf, sz, "%s\n%llu\n%s\n", origin,
	           (unsigned long long)size, b64) < sz ?
	    0 :
	    -1;
}

int
checkpoint_parse(const char *body, char *origin, size_t osz, uint64_t *size,
    merkle_hash root)
{
	const char *l1 = strchr(body, '\n'), *l2, *l3;
	uint8_t raw[48];
	char num[32];
	char *end;

	if (l1 == NULL || (size_t)(l1 - body) >= osz || l1 == body ||
	    (l2 = strchr(l1 + 1, '\n')) == NULL || (l3 = strchr(l2 + 1, '\n')) == NULL ||
	    l2 - l1 - 1 >= (long)sizeof(num) || l2 - l1 - 1 == 0)
		return -1;
	memcpy(origin, body, (size_t)(l1 - body));
	origin[l1 - body] = '\0';
	memcpy(num, l1 + 1, (size_t)(l2 - l1 - 1));
	num[l2 - l1 - 1] = '\0';
	if (num[0] < '0' || num[0] > '9' || (num[0] == '0' && num[1] != '\0'))
		return -1;
	*size = strtoull(num, &end, 10);
	if (*end != '\0')
		return -1;
	if (b64_decode(l2 + 1, (size_t)(l3 - l2 - 1), raw, sizeof(raw)) !=
	    MERKLE_HASH_LEN)
		return -1;
	memcpy(root, raw, MERKLE_HASH_LEN);
	return 0;
}
