/*
 * skc: the connection of the client library (sk, the TUI, skd's puller);
 * call.h has a typed function for every call over it, xfer.h moves files,
 * logv.h verifies decision logs.
 *
 * A connection is a blocking TLS 1.3 session to skd, with our client
 * certificate, verifying the server against the deployment CA and the
 * host name or address we dialled. skc_connect() also says Hello, so a
 * refused certificate or a disabled user is reported right there.
 *
 * Calls: skc_call() sends one request and waits for its response.
 * Pipelining: skc_send() any number, then skc_recv() the responses in
 * the order the server sends them (which need not be the order sent).
 * Sending or receiving on a NULL connection (one that failed to connect)
 * is SK_UNAVAILABLE "not connected", as on a connection that dropped.
 */
#ifndef SK_SKC_H
#define SK_SKC_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "sk.pb-c.h"
#include "status.h"

struct skc_config {
	char server[256]; /* host:port, [v6]:port */
	char ca[PATH_MAX];
	char cert[PATH_MAX];
	char key[PATH_MAX];
	char log_key[256];     /* the decision log's verifier key, pinned */
	char witness_key[256]; /* a witness whose cosignature audits require */
	/* The legal bases printed on documents ("Căn cứ ...;"), a line each,
	 * from doc_basis lines; "": the shipped ones (doc.h). */
	char doc_bases[4096];
	uint32_t max_frame; /* largest response accepted */
	int timeout_ms;     /* per read or write */
};

/* 127.0.0.1:7443, responses up to 16 MiB, 30 s per read or write. */
void skc_config_defaults(struct skc_config *c);

/* Read "key = value" lines (server, ca, cert, key, log_key, timeout in
 * seconds, max_frame, doc_basis once per basis); relative paths are taken relative to the file's
 * folder. 0, or SK_INVALID_ARGUMENT (or the file's error) with err. */
int skc_config_load(struct skc_config *c, const char *path, struct sk_error *err);

/* The configuration file to read when none is named: $SK_CONFIG, else
 * ~/.config/sk/sk.conf if it is there (into buf). NULL when there is
 * none, with where (size wsz) saying where it looked. */
const char *skc_config_find(char *buf, size_t sz, char *where, size_t wsz);

/* Set one setting, as a line of the file would; relative paths are taken
 * relative to base_dir (NULL: as they are). 0, or SK_INVALID_ARGUMENT
 * with err for an unknown key, a bad number or a value too long. */
int skc_config_set(struct skc_config *c, const char *key, const char *value,
    const char *base_dir, struct sk_error *err);

struct skc;

/*
 * Connect, handshake and say Hello; *out is the caller's, closed with
 * skc_close. On failure *out is NULL and err->code is SK_INVALID_ARGUMENT
 * for a local problem (no certificate configured, a bad address, a key
 * or certificate file that does not load), SK_UNAVAILABLE for network and
 * TLS failures (the server refusing our certificate included), or the
 * status the server sent (e.g. SK_UNAUTHENTICATED for a disabled user).
 * TLS failures are said in words people can act on: the server's
 * certificate from an unknown CA, expired or not valid yet; ours refused
 * by the server, and why (unknown CA, expired, not valid yet).
 */
int skc_connect(const struct skc_config *c, struct skc **out, struct sk_error *err);

/* Close and free s (NULL is fine). */
void skc_close(struct skc *s);

/* The server's Hello answer: who we are, our unit and roles; it belongs
 * to s and lives as long as s. */
const Sk__V1__HelloResponse *skc_hello(const struct skc *s);

/* Send req (only read; it stays the caller's); sets req->id to a fresh id
 * when it is 0. 0, SK_INVALID_ARGUMENT for a request over 64 MiB, or
 * SK_UNAVAILABLE. */
int skc_send(struct skc *s, Sk__V1__Request *req, struct sk_error *err);

/* Pipelining: queue req as skc_send does, without writing it yet; the
 * queue goes out in one TLS record and one write at skc_flush (or at the
 * next skc_send or skc_recv). */
int skc_queue(struct skc *s, Sk__V1__Request *req, struct sk_error *err);
int skc_flush(struct skc *s, struct sk_error *err);

/* Receive the next response, whatever its status; the caller frees it
 * with sk__v1__response__free_unpacked (or call_free). 0, or
 * SK_UNAVAILABLE (the connection failed, or the response was over
 * max_frame or did not decode) with *resp NULL. */
int skc_recv(struct skc *s, Sk__V1__Response **resp, struct sk_error *err);

/*
 * Send req and wait for its response, skipping answers to other ids.
 * Returns 0 when the server answered OK (*resp is then the caller's), the
 * server's status code with err filled when it refused (or refused the
 * whole connection, id 0), or SK_UNAVAILABLE when the connection failed.
 * call.h checks the result too; prefer it.
 */
int skc_call(struct skc *s, Sk__V1__Request *req, Sk__V1__Response **resp,
    struct sk_error *err);

/* Is the connection still there? A Hello, answered: 0, or as skc_call.
 * A front end that idles pings so that a lost server is shown. */
int skc_ping(struct skc *s, struct sk_error *err);

/* Send bytes as they are, for tests of the server's framing. */
int skc_send_raw(struct skc *s, const void *buf, size_t len, struct sk_error *err);

#endif
