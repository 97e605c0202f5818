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
#define REC_PLAIN_MAX 16384 /* 2^14, RFC 8446 5.1; with the type, 2^14 + 1 (5.4) */
#define SECRET_MAX 48       /* SHA-384 */
#define KEY_MAX 32
#define REKEY_AFTER (1u << 24) /* records under one AES-GCM key: below 5.5's limit */

enum { CT_ALERT = 21, CT_HANDSHAKE = 22, CT_APPDATA = 23 };
enum {
	AL_CLOSE_NOTIFY = 0,
	AL_UNEXPECTED = 10,
	AL_BAD_MAC = 20,
	AL_OVERFLOW = 22,
	AL_ILLEGAL = 47,
	AL_DECODE = 50,
	AL_USER_CANCELED = 90,
	AL_NONE = 255, /* the peer's own alert is not answered */
};
enum { HS_KEY_UPDATE = 24 };

/* One direction: its AEAD (key set), IV, secret (for KeyUpdate), count. */
struct tls13_dir {
	EVP_CIPHER_CTX *aead;
	uint8_t secret[SECRET_MAX];
	size_t secret_len; /* as the key log gave it; 0 before */
	uint8_t iv[REC_IV];
	uint64_t seq;
};

struct tls13 {
	const EVP_CIPHER *cipher;
	const char *digest; /* the suite's hash, for HKDF */
	size_t key_len, hash_len;
	struct tls13_dir rx, tx;
	uint64_t rekey_after; /* records we seal under one key */
	bool server;
	bool update_due; /* the peer asked for our KeyUpdate */
	bool dead;       /* keys lost (a derivation failed): seal nothing */
};

static int tls13_idx = -1; /* SSL ex_data slot: the connection's tls13 */
static EVP_KDF *tls13_kdf; /* HKDF, fetched once */

/* The hex secret of a key-log line into d (its length stays 0 when it
 * is not hex or too long: tls13_start then refuses). */
static void
capture(struct tls13_dir *d, const char *hex)
{
	size_t n = 0;

	if (OPENSSL_hexstr2buf_ex(d->secret, sizeof(d->secret), &n, hex, '\0') == 1)
		d->secret_len = n;
	else
		OPENSSL_cleanse(d->secret, sizeof(d->secret));
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
		capture(t->server ? &t->rx : &t->tx, secret + 1);
	else if (strncmp(line, stx, sizeof(stx) - 1) == 0)
		capture(t->server ? &t->tx : &t->rx, secret + 1);
}

int
tls13_prepare(SSL_CTX *ctx)
{
	if (tls13_idx < 0 &&
	    (tls13_idx = SSL_get_ex_new_index(0, NULL, NULL, NULL, NULL)) < 0)
		return -1;
	if (tls13_kdf == NULL && (tls13_kdf = EVP_KDF_fetch(NULL, "HKDF", NULL)) == NULL)
		return -1;
	SSL_CTX_set_keylog_callback(ctx, keylog_cb);
	/* OpenSSL must send nothing under the application keys (a ticket
	 * would take the sequence numbers we start at 0) and must not hand
	 * the keys to the kernel (an openssl.cnf may ask for kernel TLS). */
	SSL_CTX_set_num_tickets(ctx, 0);
	SSL_CTX_clear_options(ctx, SSL_OP_ENABLE_KTLS);
	return SSL_CTX_set_ciphersuites(ctx,
	           "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:"
	           "TLS_AES_128_GCM_SHA256") == 1 ?
	    0 :
	    -1;
}

struct tls13 *
tls13_new(SSL *ssl, bool server)
{
	struct tls13 *t;

	if (tls13_idx < 0 || (t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	t->server = server;
	t->rekey_after = REKEY_AFTER;
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
	EVP_KDF_CTX *kctx;
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
	if ((kctx = EVP_KDF_CTX_new(tls13_kdf)) == NULL)
		return -1;
	params[0] = OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode);
	params[1] =
	    OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, (char *)t->digest, 0);
	params[2] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, (void *)secret,
	    t->hash_len);
	params[3] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, info, n);
	params[4] = OSSL_PARAM_construct_end();
	if (EVP_KDF_derive(kctx, out, len, params) == 1)
		rc = 0;
	EVP_KDF_CTX_free(kctx);
	return rc;
}

/* d's key and IV from its secret; the sequence starts over. A failure
 * leaves t dead: no record is sealed or opened after it. */
static int
dir_keys(struct tls13 *t, struct tls13_dir *d, bool seal)
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
	ok = seal ? EVP_EncryptInit_ex(d->aead, t->cipher, NULL, key, NULL) :
	            EVP_DecryptInit_ex(d->aead, t->cipher, NULL, key, NULL);
	OPENSSL_cleanse(key, sizeof(key));
	d->seq = 0;
	if (ok != 1)
		t->dead = true;
	return ok == 1 ? 0 : -1;
}

/* The next secret, after a KeyUpdate (7.2). */
static int
dir_update(struct tls13 *t, struct tls13_dir *d, bool seal)
{
	uint8_t next[SECRET_MAX];

	if (expand_label(t, d->secret, "traffic upd", next, t->hash_len) != 0) {
		t->dead = true;
		return -1;
	}
	memcpy(d->secret, next, t->hash_len);
	OPENSSL_cleanse(next, sizeof(next));
	return dir_keys(t, d, seal);
}

int
tls13_start(struct tls13 *t, SSL *ssl, const char **why)
{
	const SSL_CIPHER *c = SSL_get_current_cipher(ssl);

	SSL_set_ex_data(ssl, tls13_idx, NULL);
	if (t->rx.secret_len == 0 || t->tx.secret_len == 0) {
		*why = "the handshake's traffic secrets were not reported";
		return -1;
	}
	if (SSL_version(ssl) != TLS1_3_VERSION || c == NULL) {
		*why = "not a TLS 1.3 connection";
		return -1;
	}
	/* Without read-ahead OpenSSL reads a record at a time; anything it
	 * holds now would be lost with it. */
	if (SSL_has_pending(ssl)) {
		*why = "bytes were read beyond the handshake";
		return -1;
	}
	/* Both sequences start at 0: nothing may have been sealed under the
	 * application keys, by OpenSSL or by the kernel. */
	if ((t->server && SSL_get_num_tickets(ssl) != 0) ||
	    BIO_get_ktls_send(SSL_get_wbio(ssl)) ||
	    BIO_get_ktls_recv(SSL_get_rbio(ssl))) {
		*why = "session tickets or kernel TLS are on";
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
	default: *why = "a cipher suite tls13 does not seal"; return -1;
	}
	if (t->rx.secret_len != t->hash_len || t->tx.secret_len != t->hash_len) {
		*why = "a traffic secret of the wrong length";
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

/* One record of type holding n (≤ 2^14) bytes of p, then pad zeros. */
static int
seal_record(struct tls13 *t, uint8_t type, const uint8_t *p, size_t n, size_t pad,
    struct evbuffer *wire)
{
	static const uint8_t zeros[64];
	struct tls13_dir *d = &t->tx;
	size_t clen = n + 1 + pad + REC_TAG;
	struct evbuffer_iovec v;
	uint8_t iv[REC_IV], *out, *at;
	int l = 0, aad;

	if (t->dead || d->seq == UINT64_MAX || n + 1 + pad > REC_PLAIN_MAX + 1 ||
	    pad > sizeof(zeros) ||
	    evbuffer_reserve_space(wire, REC_HDR + clen, &v, 1) != 1)
		return -1;
	out = v.iov_base;
	at = out + REC_HDR;
	header(out, clen);
	nonce(d, iv);
	if (EVP_EncryptInit_ex(d->aead, NULL, NULL, NULL, iv) != 1 ||
	    EVP_EncryptUpdate(d->aead, NULL, &aad, out, REC_HDR) != 1)
		return -1; /* the space reserved is not committed */
	if (n > 0 && EVP_EncryptUpdate(d->aead, at, &l, p, (int)n) != 1)
		return -1;
	at += l;
	if (EVP_EncryptUpdate(d->aead, at, &l, &type, 1) != 1)
		return -1;
	at += l;
	if (pad > 0 && EVP_EncryptUpdate(d->aead, at, &l, zeros, (int)pad) != 1)
		return -1;
	at += pad > 0 ? l : 0;
	if (EVP_EncryptFinal_ex(d->aead, at, &l) != 1 ||
	    (size_t)(at + l - out) != REC_HDR + n + 1 + pad ||
	    EVP_CIPHER_CTX_ctrl(d->aead, EVP_CTRL_AEAD_GET_TAG, REC_TAG, at + l) != 1)
		return -1;
	v.iov_len = REC_HDR + clen;
	if (evbuffer_commit_space(wire, &v, 1) != 0)
		return -1;
	d->seq++;
	return 0;
}

/* Our KeyUpdate (4.6.3), then our new key. */
static int
send_key_update(struct tls13 *t, struct evbuffer *wire)
{
	static const uint8_t ku[5] = { HS_KEY_UPDATE, 0, 0, 1, 0 };

	if (seal_record(t, CT_HANDSHAKE, ku, sizeof(ku), 0, wire) != 0)
		return -1;
	return dir_update(t, &t->tx, true);
}

int
tls13_seal_type(struct tls13 *t, uint8_t type, const void *p, size_t len, size_t pad,
    struct evbuffer *wire)
{
	if (t->tx.seq >= t->rekey_after && send_key_update(t, wire) != 0)
		return -1;
	return seal_record(t, type, p, len, pad, wire);
}

int
tls13_seal_mem(struct tls13 *t, const void *p, size_t len, struct evbuffer *wire)
{
	const uint8_t *b = p;
	size_t n;

	do {
		n = len < REC_PLAIN_MAX ? len : REC_PLAIN_MAX;
		if (tls13_seal_type(t, CT_APPDATA, b, n, 0, wire) != 0)
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
		    tls13_seal_type(t, CT_APPDATA, p, n, 0, wire) != 0)
			return -1;
		evbuffer_drain(plain, n);
	}
	return 0;
}

static int
send_alert(struct tls13 *t, uint8_t desc, struct evbuffer *wire)
{
	uint8_t a[2] = { desc == AL_CLOSE_NOTIFY ? 1 : 2, desc };

	return seal_record(t, CT_ALERT, a, sizeof(a), 0, wire);
}

int
tls13_close_notify(struct tls13 *t, struct evbuffer *wire)
{
	return send_alert(t, AL_CLOSE_NOTIFY, wire);
}

void
tls13_set_rekey(struct tls13 *t, uint64_t records)
{
	t->rekey_after = records;
}

/*
 * Post-handshake messages, whole in one record: only KeyUpdate is ours to
 * take (a server asks for no certificate after the handshake; OpenSSL
 * neither splits nor joins them). The reply a peer asks for goes out once
 * for all the updates of one read (4.6.3 allows it), so that a peer that
 * floods them makes us write no more than it.
 */
static int
handshake_msgs(struct tls13 *t, const uint8_t *p, size_t n, uint8_t *alert,
    const char **why)
{
	if (n != 5 || p[0] != HS_KEY_UPDATE || p[1] != 0 || p[2] != 0 || p[3] != 1) {
		*alert = AL_UNEXPECTED;
		*why = "a handshake message other than one KeyUpdate";
		return -1;
	}
	if (p[4] > 1) {
		*alert = AL_ILLEGAL;
		*why = "a KeyUpdate neither requesting nor declining ours";
		return -1;
	}
	if (dir_update(t, &t->rx, false) != 0) {
		*alert = AL_NONE; /* the keys are gone: nothing can be sealed */
		*why = "cannot update the traffic keys";
		return -1;
	}
	if (p[4] == 1)
		t->update_due = true;
	return 0;
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
	    EVP_DecryptFinal_ex(d->aead, m + l1, &l2) != 1 ||
	    (size_t)l1 + (size_t)l2 != mlen)
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

/* What an opened record of type says (v: its content). 1 taken, -1 refused. */
static int
take_record(struct tls13 *t, uint8_t type, struct evbuffer_iovec *v,
    struct evbuffer *plain, enum tls13_result *res, uint8_t *alert, const char **why)
{
	const uint8_t *m = v->iov_base;

	switch (type) {
	case CT_APPDATA:
		if (v->iov_len > 0 && evbuffer_commit_space(plain, v, 1) != 0) {
			*alert = AL_UNEXPECTED, *why = "out of memory";
			return -1;
		}
		return 1;
	case CT_ALERT:
		if (v->iov_len != 2) {
			*alert = AL_DECODE, *why = "a malformed alert";
			return -1;
		}
		if (m[1] == AL_USER_CANCELED)
			return 1; /* a close_notify follows */
		if (m[1] == AL_CLOSE_NOTIFY) {
			*res = TLS13_CLOSED;
			return 1;
		}
		*alert = AL_NONE, *why = "the peer sent a fatal alert";
		return -1;
	case CT_HANDSHAKE:
		return handshake_msgs(t, m, v->iov_len, alert, why) == 0 ? 1 : -1;
	default:
		*alert = AL_UNEXPECTED, *why = "a record of an unknown content type";
		return -1;
	}
}

/* One record at wire's front: 1 opened, 0 not whole yet, -1 refused. */
static int
open_one(struct tls13 *t, struct evbuffer *wire, struct evbuffer *plain,
    enum tls13_result *res, uint8_t *alert, const char **why)
{
	struct evbuffer_iovec v;
	uint8_t h[REC_HDR], *rec, type = 0;
	size_t clen;
	int rc;

	if (evbuffer_copyout(wire, h, REC_HDR) < REC_HDR)
		return 0;
	clen = (size_t)h[3] << 8 | h[4];
	if (h[0] != CT_APPDATA) {
		*alert = AL_UNEXPECTED,
		*why = "an unprotected record after the handshake";
		return -1;
	}
	if (clen > REC_PLAIN_MAX + 1 + REC_TAG) {
		*alert = AL_OVERFLOW,
		*why = "a record longer than 2^14 + 1 bytes of plaintext";
		return -1;
	}
	if (clen < REC_TAG + 1) {
		*alert = AL_DECODE, *why = "a record too short to be protected";
		return -1;
	}
	if (evbuffer_get_length(wire) < REC_HDR + clen)
		return 0;
	if (t->dead || t->rx.seq == UINT64_MAX ||
	    (rec = evbuffer_pullup(wire, (ssize_t)(REC_HDR + clen))) == NULL) {
		*alert = AL_NONE, *why = "out of memory, keys or sequence numbers";
		return -1;
	}
	rc = open_record(t, rec, rec + REC_HDR, clen, plain, &type, &v);
	evbuffer_drain(wire, REC_HDR + clen);
	if (rc == -1) {
		*alert = AL_BAD_MAC, *why = "a record that does not authenticate";
		return -1;
	}
	if (rc == -2) {
		*alert = AL_UNEXPECTED, *why = "a record without a content type";
		return -1;
	}
	return take_record(t, type, &v, plain, res, alert, why);
}

enum tls13_result
tls13_open(struct tls13 *t, struct evbuffer *wire, struct evbuffer *plain,
    struct evbuffer *out, const char **why)
{
	enum tls13_result res = TLS13_OK;
	uint8_t alert = AL_NONE;
	int rc;

	while (
	    res == TLS13_OK && (rc = open_one(t, wire, plain, &res, &alert, why)) != 0) {
		if (rc < 0) {
			if (alert != AL_NONE)
				send_alert(t, alert, out);
			return TLS13_ERROR;
		}
	}
	if (t->update_due) {
		t->update_due = false;
		if (send_key_update(t, out) != 0) {
			*why = "cannot update the traffic keys";
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
