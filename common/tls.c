#include "tls.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>

static const unsigned char tls_alpn_wire[] = "\x04" TLS_ALPN;

void
tls_errors(char *buf, size_t sz)
{
	unsigned long e;
	size_t n = strlen(buf);

	while ((e = ERR_get_error()) != 0) {
		if (n + 4 >= sz)
			continue;
		if (n > 0) {
			buf[n++] = ':';
			buf[n++] = ' ';
		}
		ERR_error_string_n(e, buf + n, sz - n);
		n = strlen(buf);
	}
}

int
tls_check_key_mode(const char *path, struct sk_error *err)
{
	struct stat st;

	if (stat(path, &st) == -1) {
		status_set(err, SK_INVALID_ARGUMENT, "%s: cannot read key file", path);
		return -1;
	}
	if ((st.st_mode & 077) != 0) {
		status_set(err, SK_PERMISSION_DENIED,
		    "%s: private key is readable by others (mode %03o); chmod 600 it",
		    path, (unsigned)(st.st_mode & 0777));
		return -1;
	}
	return 0;
}

/*
 * The server completes the handshake whatever the client certificate, so
 * that it can tell the client why it is refused (expired, unknown CA) in
 * a protocol message instead of a bare alert; net refuses every peer whose
 * verification result is not X509_V_OK before reading any request.
 */
static int
verify_record_only(int ok, X509_STORE_CTX *x)
{
	(void)ok;
	(void)x;
	return 1;
}

static int
alpn_select(SSL *ssl, const unsigned char **out, unsigned char *outlen,
    const unsigned char *in, unsigned int inlen, void *arg)
{
	unsigned char *sel;

	(void)ssl;
	(void)arg;
	if (SSL_select_next_proto(&sel, outlen, tls_alpn_wire, sizeof(tls_alpn_wire) - 1,
	        in, inlen) != OPENSSL_NPN_NEGOTIATED)
		return SSL_TLSEXT_ERR_ALERT_FATAL;
	*out = sel;
	return SSL_TLSEXT_ERR_OK;
}

SSL_CTX *
tls_ctx_new(enum tls_side side, const char *ca_file, const char *cert_file,
    const char *key_file, struct sk_error *err)
{
	SSL_CTX *ctx;

	if (tls_check_key_mode(key_file, err) == -1)
		return NULL;
	ctx = SSL_CTX_new(side == TLS_SERVER ? TLS_server_method() : TLS_client_method());
	if (ctx == NULL)
		goto fail;
	if (!SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION) ||
	    !SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION))
		goto fail;
	if (SSL_CTX_use_certificate_chain_file(ctx, cert_file) != 1) {
		status_set(err, SK_INVALID_ARGUMENT, "%s: cannot load certificate",
		    cert_file);
		goto fail_msg;
	}
	if (SSL_CTX_use_PrivateKey_file(ctx, key_file, SSL_FILETYPE_PEM) != 1 ||
	    SSL_CTX_check_private_key(ctx) != 1) {
		status_set(err, SK_INVALID_ARGUMENT,
		    "%s: cannot load key, or it does not match %s", key_file, cert_file);
		goto fail_msg;
	}
	if (SSL_CTX_load_verify_locations(ctx, ca_file, NULL) != 1) {
		status_set(err, SK_INVALID_ARGUMENT, "%s: cannot load CA", ca_file);
		goto fail_msg;
	}
	if (side == TLS_SERVER) {
		SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, verify_record_only);
		SSL_CTX_set_alpn_select_cb(ctx, alpn_select, NULL);
		SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
		SSL_CTX_set_num_tickets(ctx, 0);
	} else {
		SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
		if (SSL_CTX_set_alpn_protos(ctx, tls_alpn_wire,
		        sizeof(tls_alpn_wire) - 1) != 0)
			goto fail;
	}
	SSL_CTX_set_verify_depth(ctx, 2);
	SSL_CTX_set_mode(ctx, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	return ctx;
fail:
	status_set(err, SK_INTERNAL, "TLS context setup failed");
fail_msg:
	tls_errors(err->msg, sizeof(err->msg));
	SSL_CTX_free(ctx);
	return NULL;
}

int
tls_cert_fingerprint(X509 *cert, uint8_t fp[TLS_FP_LEN])
{
	unsigned int len = TLS_FP_LEN;

	if (X509_digest(cert, EVP_sha256(), fp, &len) != 1 || len != TLS_FP_LEN)
		return -1;
	return 0;
}

int
tls_peer_fingerprint(SSL *ssl, uint8_t fp[TLS_FP_LEN], const char **why)
{
	X509 *peer;
	long res;
	int rc;

	if ((peer = SSL_get1_peer_certificate(ssl)) == NULL) {
		*why = "a client certificate is required";
		return -1;
	}
	if ((res = SSL_get_verify_result(ssl)) != X509_V_OK) {
		*why = X509_verify_cert_error_string(res);
		X509_free(peer);
		return -1;
	}
	rc = tls_cert_fingerprint(peer, fp);
	X509_free(peer);
	*why = "cannot fingerprint the certificate";
	return rc;
}

/* Is verification result res only an unknown issuer? */
static bool
issuer_unknown(long res)
{
	return res == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
	    res == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT ||
	    res == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT ||
	    res == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN ||
	    res == X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE;
}

int
tls_peer_pinnable(SSL *ssl, uint8_t fp[TLS_FP_LEN], const char **why)
{
	X509 *peer;
	int rc = -1;

	if ((peer = SSL_get1_peer_certificate(ssl)) == NULL) {
		*why = "a client certificate is required";
		return -1;
	}
	if (!issuer_unknown(SSL_get_verify_result(ssl)))
		*why = X509_verify_cert_error_string(SSL_get_verify_result(ssl));
	else if (X509_cmp_current_time(X509_get0_notBefore(peer)) >= 0)
		*why = "certificate is not yet valid";
	else if (X509_cmp_current_time(X509_get0_notAfter(peer)) <= 0)
		*why = "certificate has expired";
	else if ((rc = tls_cert_fingerprint(peer, fp)) != 0)
		*why = "cannot fingerprint the certificate";
	X509_free(peer);
	return rc;
}

void
tls_fp_hex(const uint8_t fp[TLS_FP_LEN], char *hex)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < TLS_FP_LEN; i++) {
		hex[2 * i] = digits[fp[i] >> 4];
		hex[2 * i + 1] = digits[fp[i] & 15];
	}
	hex[(size_t)2 * TLS_FP_LEN] = '\0';
}
