/*
 * tls13: a connection's TLS 1.3 records once OpenSSL has done the
 * handshake (RFC 8446, section 5).
 *
 * OpenSSL 3.0 keeps some 16 KiB for every connection it serves (the SSL
 * object, its record layer, the peer's certificate, the session), and an
 * idle connection holds all of it. So skd lets OpenSSL do the handshake
 * and nothing else: the traffic secrets it reports to its key-log
 * callback become two AEAD contexts here, and the SSL object is freed.
 * Only what TLS 1.3 allows after a handshake is accepted: application
 * data, alerts, and KeyUpdate messages.
 */
#ifndef SK_TLS13_H
#define SK_TLS13_H

#include <event2/buffer.h>
#include <openssl/ssl.h>
#include <stdbool.h>
#include <stdint.h>

struct tls13;

enum tls13_result {
	TLS13_OK,     /* the whole records received are opened */
	TLS13_CLOSED, /* the peer said close_notify */
	TLS13_ERROR,  /* a bad record or alert: close (an alert is queued) */
};

/* Have ctx (a server's) report its secrets to this module; once, before
 * any handshake. The cipher suites are the three that tls13 seals. */
int tls13_prepare(SSL_CTX *ctx);

/* A record state that will take ssl's secrets during its handshake, for
 * the server's side or the client's; NULL before tls13_prepare. */
struct tls13 *tls13_new(SSL *ssl, bool server);

/*
 * ssl's handshake is done: derive the keys. After this ssl may be freed.
 * Fails, with why, when a secret is missing, the suite is unknown,
 * OpenSSL read bytes beyond the handshake (they would be lost) or may have
 * sealed records itself (tickets, kernel TLS).
 */
int tls13_start(struct tls13 *t, SSL *ssl, const char **why);

/* Seal all of plain (drained) into records appended to wire. */
int tls13_seal(struct tls13 *t, struct evbuffer *plain, struct evbuffer *wire);

/* Seal len bytes of p; for frames that must not be copied elsewhere. */
int tls13_seal_mem(struct tls13 *t, const void *p, size_t len, struct evbuffer *wire);

/* One record of content type holding len (≤ 2^14) bytes of p and pad
 * zeros (at most 64): what the others are made of. */
int tls13_seal_type(struct tls13 *t, uint8_t type, const void *p, size_t len, size_t pad,
    struct evbuffer *wire);

/* Append a close_notify alert. */
int tls13_close_notify(struct tls13 *t, struct evbuffer *wire);

/* After how many records we update our key (2^24 unless set). */
void tls13_set_rekey(struct tls13 *t, uint64_t records);

/*
 * Open every whole record at the front of wire (drained as they are
 * opened): application data to plain; a KeyUpdate that asks for ours is
 * answered on out, once however many asked.
 */
enum tls13_result tls13_open(struct tls13 *t, struct evbuffer *wire,
    struct evbuffer *plain, struct evbuffer *out, const char **why);

/* Wipe and free (NULL is fine). */
void tls13_free(struct tls13 *t);

#endif
