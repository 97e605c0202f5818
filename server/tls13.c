#include "tls13.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define REC_HDR 5
#define REC_TAG 16
#define REC_IV 12
#define REC_PLAIN_MAX 16384                    /* 2^14, RFC 8446 5.1 */
#define REC_CIPHER_MAX (REC_PLAIN_MAX + 256)   /* 5.2 */
#define SECRET_MAX 48                          /* SHA-384 */
#define KEY_MAX 32

enum { CT_ALERT = 21, CT_HANDSHAKE = 22, CT_APPDATA = 23 };
enum {
	AL_CLOSE_NOTIFY = 0,
	AL_UNEXPECTED = 10,
	AL_BAD_MAC = 20,
	AL_OVERFLOW = 22,
	AL_DECODE = 50,
	AL_USER_CANCELED = 90,
	AL_NONE = 255, /* the peer's own alert is not answered */
};
enum { HS_KEY_UPDATE = 24 };

/* One direction: its AEAD (key set), IV, secret (for KeyUpdate), count. */
struct tls13_dir {
	EVP_CIPHER_CTX *aead;
	uint8_t secret[SECRET_MAX];
	uint8_t iv[REC_IV];
	uint64_t seq;
	bool captured; /* the key log gave the secret */
};

struct tls13 {
	const EVP_CIPHER *cipher;
	const char *digest; /* the suite's hash, for HKDF */
	size_t key_len, hash_len;
	struct tls13_dir rx, tx;
};

static int tls13_idx = -1; /* SSL ex_data slot: the connection's tls13 */

static int
hex_val(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* "LABEL <client random> <secret>" into d when LABEL is ours. */
static void
capture(struct tls13_dir *d, const char *hex)
{
	size_t n = strlen(hex), i;
	int hi, lo;

	if (n == 0 || n % 2 != 0 || n / 2 > SECRET_MAX)
		return;
	for (i = 0; i < n / 2; i++) {
		if ((hi = hex_val(hex[2 * i])) < 0 || (lo = hex_val(hex[2 * i + 1])) < 0)
			return;
		d->secret[i] = (uint8_t)(hi << 4 | lo);
	}
	d->captured = true;
}

static void
keylog_cb(const SSL *ssl, const char *line)
{
	static const char crx[] = "CLIENT_TRAFFIC_SECRET_0 ";
	static const char stx[] = "SERVER_TRAFFIC_SECRET_0 ";
	struct tls13 *t = SSL_get_ex_data(ssl, tls13_idx);
	const char *random, *secret;

	if (t == NULL || (random = strchr(line, ' ')) == NULL ||
	    (secret = strchr(random + 1, ' ')) == NULL)
		return;
	/* A server reads what the client sends, and sends its own. */
	if (strncmp(line, crx, sizeof(crx) - 1) == 0)
		capture(&t->rx, secret + 1);
	else if (strncmp(line, stx, sizeof(stx) - 1) == 0)
		capture(&t->tx, secret + 1);
}

int
tls13_prepare(SSL_CTX *ctx)
{
	if (tls13_idx < 0 &&
	    (tls13_idx = SSL_get_ex_new_index(0, NULL, NULL, NULL, NULL)) < 0)
		return -1;
	SSL_CTX_set_keylog_callback(ctx, keylog_cb);
	return SSL_CTX_set_ciphersuites(ctx,
	           "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:"
	           "TLS_AES_128_GCM_SHA256") == 1
	    ? 0
	    : -1;
}

struct tls13 *
tls13_new(SSL *ssl)
{
	struct tls13 *t;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	if (SSL_set_ex_data(ssl, tls13_idx, t) != 1) {
		free(t);
		return NULL;
	}
	return t;
}

/* HKDF-Expand-Label(secret, label, "", len), RFC 8446 7.1. */
static int
expand_label(const struct tls13 *t, const uint8_t *secret, const char *label,
    uint8_t *out, size_t len)
{
	uint8_t info[2 + 1 + 6 + 16 + 1];
	size_t ll = strlen(label), n = 0;
	EVP_KDF *kdf;
	EVP_KDF_CTX *kctx = NULL;
	int mode = EVP_KDF_HKDF_MODE_EXPAND_ONLY, rc = -1;
	OSSL_PARAM params[5];

	if (ll > 16)
		return -1;
	info[n++] = (uint8_t)(len >> 8);
	info[n++] = (uint8_t)len;
	info[n++] = (uint8_t)(6 + ll);
	memcpy(info + n, "tls13 ", 6);
	memcpy(info + n + 6, label, ll);
	n += 6 + ll;
	info[n++] = 0; /* no context */
	if ((kdf = EVP_KDF_fetch(NULL, "HKDF", NULL)) == NULL ||
	    (kctx = EVP_KDF_CTX_new(kdf)) == NULL)
		goto done;
	params[0] = OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode);
	params[1] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
	    (char *)t->digest, 0);
	params[2] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY,
	    (void *)secret, t->hash_len);
	params[3] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, info, n);
	params[4] = OSSL_PARAM_construct_end();
	if (EVP_KDF_derive(kctx, out, len, params) == 1)
		rc = 0;
done:
	EVP_KDF_CTX_free(kctx);
	EVP_KDF_free(kdf);
	return rc;
}

/* d's key and IV from its secret; the sequence starts over. */
static int
dir_keys(const struct tls13 *t, struct tls13_dir *d, bool seal)
{
	uint8_t key[KEY_MAX];
	int ok;

	if (expand_label(t, d->secret, "key", key, t->key_len) != 0 ||
	    expand_label(t, d->secret, "iv", d->iv, REC_IV) != 0)
		return -1;
	if (d->aead == NULL && (d->aead = EVP_CIPHER_CTX_new()) == NULL) {
		OPENSSL_cleanse(key, sizeof(key));
		return -1;
	}
	ok = seal ? EVP_EncryptInit_ex(d->aead, t->cipher, NULL, key, NULL)
	          : EVP_DecryptInit_ex(d->aead, t->cipher, NULL, key, NULL);
	OPENSSL_cleanse(key, sizeof(key));
	d->seq = 0;
	return ok == 1 ? 0 : -1;
}

/* The next secret, after a KeyUpdate (7.2). */
static int
dir_update(const struct tls13 *t, struct tls13_dir *d, bool seal)
{
	uint8_t next[SECRET_MAX];
	int rc;

	rc = expand_label(t, d->secret, "traffic upd", next, t->hash_len);
	memcpy(d->secret, next, t->hash_len);
	OPENSSL_cleanse(next, sizeof(next));
	return rc == 0 ? dir_keys(t, d, seal) : -1;
}

int
tls13_start(struct tls13 *t, SSL *ssl, const char **why)
{
	const SSL_CIPHER *c = SSL_get_current_cipher(ssl);

	SSL_set_ex_data(ssl, tls13_idx, NULL);
	if (!t->rx.captured || !t->tx.captured) {
		*why = "the handshake's traffic secrets were not reported";
		return -1;
	}
	/* Without read-ahead OpenSSL reads a record at a time; anything it
	 * holds now would be lost with it. */
	if (SSL_has_pending(ssl) || SSL_version(ssl) != TLS1_3_VERSION || c == NULL) {
		*why = "bytes were read beyond the handshake";
		return -1;
	}
	switch (SSL_CIPHER_get_protocol_id(c)) {
	case 0x1301:
		t->cipher = EVP_aes_128_gcm(), t->digest = "SHA256";
		t->key_len = 16, t->hash_len = 32;
		break;
	case 0x1302:
		t->cipher = EVP_aes_256_gcm(), t->digest = "SHA384";
		t->key_len = 32, t->hash_len = 48;
		break;
	case 0x1303:
		t->cipher = EVP_chacha20_poly1305(), t->digest = "SHA256";
		t->key_len = 32, t->hash_len = 32;
		break;
	default:
		*why = "a cipher suite tls13 does not seal";
		return -1;
	}
	if (dir_keys(t, &t->rx, false) != 0 || dir_keys(t, &t->tx, true) != 0) {
		*why = "cannot derive the traffic keys";
		return -1;
	}
	return 0;
}

/* The record's nonce: the IV with the sequence number XORed in (5.3). */
static void
nonce(const struct tls13_dir *d, uint8_t out[REC_IV])
{
	memcpy(out, d->iv, REC_IV);
	for (int i = 0; i < 8; i++)
		out[REC_IV - 1 - i] ^= (uint8_t)(d->seq >> (8 * i));
}

static void
header(uint8_t *h, size_t clen)
{
	h[0] = CT_APPDATA; /* every protected record says so (5.2) */
	h[1] = 3;
	h[2] = 3;
	h[3] = (uint8_t)(clen >> 8);
	h[4] = (uint8_t)clen;
}

/* One record of type holding n (≤ 2^14) bytes of p. */
static int
seal_record(struct tls13 *t, uint8_t type, const uint8_t *p, size_t n,
    struct evbuffer *wire)
{
	struct tls13_dir *d = &t->tx;
	size_t clen = n + 1 + REC_TAG;
	struct evbuffer_iovec v;
	uint8_t iv[REC_IV], *out;
	int l1 = 0, l2 = 0, l3 = 0, aad;

	if (d->seq == UINT64_MAX || evbuffer_reserve_space(wire, REC_HDR + clen, &v, 1) != 1)
		return -1;
	out = v.iov_base;
	header(out, clen);
	nonce(d, iv);
	if (EVP_EncryptInit_ex(d->aead, NULL, NULL, NULL, iv) != 1 ||
	    EVP_EncryptUpdate(d->aead, NULL, &aad, out, REC_HDR) != 1 ||
	    (n > 0 && EVP_EncryptUpdate(d->aead, out + REC_HDR, &l1, p, (int)n) != 1) ||
	    EVP_EncryptUpdate(d->aead, out + REC_HDR + l1, &l2, &type, 1) != 1 ||
	    EVP_EncryptFinal_ex(d->aead, out + REC_HDR + l1 + l2, &l3) != 1 ||
	    (size_t)(l1 + l2 + l3) != n + 1 ||
	    EVP_CIPHER_CTX_ctrl(d->aead, EVP_CTRL_AEAD_GET_TAG, REC_TAG,
	        out + REC_HDR + n + 1) != 1)
		return -1; /* the space reserved is not committed */
	d->seq++;
	v.iov_len = REC_HDR + clen;
	return evbuffer_commit_space(wire, &v, 1);
}

int
tls13_seal_mem(struct tls13 *t, const void *p, size_t len, struct evbuffer *wire)
{
	const uint8_t *b = p;
	size_t n;

	do {
		n = len < REC_PLAIN_MAX ? len : REC_PLAIN_MAX;
		if (seal_record(t, CT_APPDATA, b, n, wire) != 0)
			return -1;
		b += n;
		len -= n;
	} while (len > 0);
	return 0;
}

int
tls13_seal(struct tls13 *t, struct evbuffer *plain, struct evbuffer *wire)
{
	size_t len, n;
	uint8_t *p;

	while ((len = evbuffer_get_length(plain)) > 0) {
		n = len < REC_PLAIN_MAX ? len : REC_PLAIN_MAX;
		if ((p = evbuffer_pullup(plain, (ssize_t)n)) == NULL ||
		    seal_record(t, CT_APPDATA, p, n, wire) != 0)
			return -1;
		evbuffer_drain(plain, n);
	}
	return 0;
}

static int
send_alert(struct tls13 *t, uint8_t desc, struct evbuffer *wire)
{
	uint8_t a[2] = { desc == AL_CLOSE_NOTIFY ? 1 : 2, desc };

	return seal_record(t, CT_ALERT, a, sizeof(a), wire);
}

int
tls13_close_notify(struct tls13 *t, struct evbuffer *wire)
{
	return send_alert(t, AL_CLOSE_NOTIFY, wire);
}

/*
 * Post-handshake messages, whole in one record: only KeyUpdate is ours to
 * take (a server asks for no certificate after the handshake). Its reply,
 * when asked, goes out under the old key; then ours changes.
 */
static int
handshake_msgs(struct tls13 *t, const uint8_t *p, size_t n, struct evbuffer *out,
    uint8_t *alert, const char **why)
{
	static const uint8_t ku[5] = { HS_KEY_UPDATE, 0, 0, 1, 0 };

	if (n != sizeof(ku) || p[0] != HS_KEY_UPDATE || p[1] != 0 || p[2] != 0 ||
	    p[3] != 1 || p[4] > 1) {
		*alert = AL_UNEXPECTED;
		*why = "a handshake message other than one KeyUpdate";
		return -1;
	}
	if (dir_update(t, &t->rx, false) != 0)
		goto fail;
	if (p[4] == 1 && (seal_record(t, CT_HANDSHAKE, ku, sizeof(ku), out) != 0 ||
	                     dir_update(t, &t->tx, true) != 0))
		goto fail;
	return 0;
fail:
	*alert = AL_UNEXPECTED;
	*why = "cannot update the traffic keys";
	return -1;
}

/* A whole record's ciphertext c (clen bytes, header h) into plain. */
static int
open_record(struct tls13 *t, const uint8_t *h, const uint8_t *c, size_t clen,
    struct evbuffer *plain, uint8_t *type, struct evbuffer_iovec *v)
{
	struct tls13_dir *d = &t->rx;
	size_t mlen = clen - REC_TAG, i;
	uint8_t iv[REC_IV], *m;
	int l1 = 0, l2 = 0, aad;

	if (evbuffer_reserve_space(plain, mlen, v, 1) != 1)
		return -1;
	m = v->iov_base;
	nonce(d, iv);
	if (EVP_DecryptInit_ex(d->aead, NULL, NULL, NULL, iv) != 1 ||
	    EVP_DecryptUpdate(d->aead, NULL, &aad, h, REC_HDR) != 1 ||
	    EVP_DecryptUpdate(d->aead, m, &l1, c, (int)mlen) != 1 ||
	    EVP_CIPHER_CTX_ctrl(d->aead, EVP_CTRL_AEAD_SET_TAG, REC_TAG,
	        (void *)(c + mlen)) != 1 ||
	    EVP_DecryptFinal_ex(d->aead, m + l1, &l2) != 1 || (size_t)(l1 + l2) != mlen)
		return -1;
	d->seq++;
	/* The content type is the last byte not zero: padding follows it. */
	for (i = mlen; i > 0 && m[i - 1] == 0; i--)
		;
	if (i == 0)
		return -2;
	*type = m[i - 1];
	v->iov_len = i - 1;
	return 0;
}

/* One record at wire's front: 1 opened, 0 not whole yet, -1 refused. */
static int
open_one(struct tls13 *t, struct evbuffer *wire, struct evbuffer *plain,
    struct evbuffer *out, enum tls13_result *res, uint8_t *alert, const char **why)
{
	struct evbuffer_iovec v;
	uint8_t h[REC_HDR], *rec, type = 0;
	size_t clen;
	int rc;

	if (evbuffer_copyout(wire, h, REC_HDR) < REC_HDR)
		return 0;
	clen = (size_t)h[3] << 8 | h[4];
	if (h[0] != CT_APPDATA) {
		*alert = AL_UNEXPECTED, *why = "an unprotected record after the handshake";
		return -1;
	}
	if (clen > REC_CIPHER_MAX) {
		*alert = AL_OVERFLOW, *why = "a record longer than 2^14 + 256 bytes";
		return -1;
	}
	if (clen < REC_TAG + 1) {
		*alert = AL_DECODE, *why = "a record too short to be protected";
		return -1;
	}
	if (evbuffer_get_length(wire) < REC_HDR + clen)
		return 0;
	if (t->rx.seq == UINT64_MAX || (rec = evbuffer_pullup(wire, (ssize_t)(REC_HDR + clen))) == NULL) {
		*alert = AL_UNEXPECTED, *why = "out of memory or of sequence numbers";
		return -1;
	}
	rc = open_record(t, rec, rec + REC_HDR, clen, plain, &type, &v);
	evbuffer_drain(wire, REC_HDR + clen);
	if (rc == -1) {
		*alert = AL_BAD_MAC, *why = "a record that does not authenticate";
		return -1;
	}
	if (rc == -2 || v.iov_len > REC_PLAIN_MAX) {
		*alert = rc == -2 ? AL_UNEXPECTED : AL_OVERFLOW;
		*why = "a record without a content type, or too long";
		return -1;
	}
	switch (type) {
	case CT_APPDATA:
		if (v.iov_len > 0 && evbuffer_commit_space(plain, &v, 1) != 0) {
			*alert = AL_UNEXPECTED, *why = "out of memory";
			return -1;
		}
		return 1;
	case CT_ALERT:
		if (v.iov_len != 2) {
			*alert = AL_DECODE, *why = "a malformed alert";
			return -1;
		}
		if (((uint8_t *)v.iov_base)[1] == AL_USER_CANCELED)
			return 1; /* a close_notify follows */
		if (((uint8_t *)v.iov_base)[1] == AL_CLOSE_NOTIFY) {
			*res = TLS13_CLOSED;
			return 1;
		}
		*alert = AL_NONE, *why = "the peer sent a fatal alert";
		return -1;
	case CT_HANDSHAKE:
		return handshake_msgs(t, v.iov_base, v.iov_len, out, alert, why) == 0 ? 1 : -1;
	default:
		*alert = AL_UNEXPECTED, *why = "a record of an unknown content type";
		return -1;
	}
}

enum tls13_result
tls13_open(struct tls13 *t, struct evbuffer *wire, struct evbuffer *plain,
    struct evbuffer *out, const char **why)
{
	enum tls13_result res = TLS13_OK;
	uint8_t alert = AL_NONE;
	int rc;

	while (res == TLS13_OK && (rc = open_one(t, wire, plain, out, &res, &alert, why)) != 0) {
		if (rc < 0) {
			if (alert != AL_NONE)
				send_alert(t, alert, out);
			return TLS13_ERROR;
		}
	}
	return res;
}

static void
dir_free(struct tls13_dir *d)
{
	EVP_CIPHER_CTX_free(d->aead);
	OPENSSL_cleanse(d, sizeof(*d));
}

void
tls13_free(struct tls13 *t)
{
	if (t == NULL)
		return;
	dir_free(&t->rx);
	dir_free(&t->tx);
	free(t);
}
