/*
 * tls: OpenSSL 3 contexts for both ends of the protocol.
 *
 * TLS 1.3 only, a certificate on both sides verified against the
 * deployment CA, ALPN "sk/1". The server side finishes the handshake even
 * for a bad client certificate and records the verdict; the caller must
 * check tls_peer_fingerprint() before trusting the peer. Private key files must not be readable by
 * group or others; a key that is refuses to load.
 */
#ifndef SK_TLS_H
#define SK_TLS_H

#include <openssl/ssl.h>
#include <stdint.h>

#include "status.h"

#define TLS_ALPN "sk/1"
#define TLS_FP_LEN 32 /* SHA-256 of the certificate's DER */

enum tls_side { TLS_SERVER, TLS_CLIENT };

/* New context for side, with our cert and key and the CA that vouches for peers. */
SSL_CTX *tls_ctx_new(enum tls_side side, const char *ca_file, const char *cert_file,
    const char *key_file, struct sk_error *err);

/* SHA-256 fingerprint of a certificate. */
int tls_cert_fingerprint(X509 *cert, uint8_t fp[TLS_FP_LEN]);

/*
 * Fingerprint of the verified peer's certificate. -1 with why set when
 * there is none or it did not verify (e.g. "certificate has expired").
 */
int tls_peer_fingerprint(SSL *ssl, uint8_t fp[TLS_FP_LEN], const char **why);

/*
 * Fingerprint of a peer's certificate that failed verification only
 * because its issuer is not our CA (a linked server's, of its own CA),
 * and is within its validity dates: the caller accepts it only if that
 * fingerprint is pinned. -1 with why set otherwise.
 */
int tls_peer_pinnable(SSL *ssl, uint8_t fp[TLS_FP_LEN], const char **why);

/* Lower-case hex of a fingerprint; hex needs 2 * TLS_FP_LEN + 1 bytes. */
void tls_fp_hex(const uint8_t fp[TLS_FP_LEN], char *hex);

/* Append OpenSSL's queued errors to a message and clear the queue. */
void tls_errors(char *buf, size_t sz);

/* -1 with a message if path is a key file readable by group or others. */
int tls_check_key_mode(const char *path, struct sk_error *err);

#endif
