/*
 * unit_tls13: skd's records after the handshake, against OpenSSL itself
 * as the peer. A real handshake on a socket pair (the server's side as net
 * drives it), then the server's side goes over to tls13 and the client's
 * OpenSSL must read what it seals and seal what it opens, in every suite,
 * across key updates, large and split records; tampering is refused.
 */
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "t.h"
#include "tls.h"
#include "tls13.h"

static char dir[] = "/tmp/unit_tls13.XXXXXX";
static char ca_path[64], key_path[64];

/* A self-signed Ed25519 certificate, CA and leaf of both sides. */
static void
make_identity(void)
{
	EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	X509 *x = X509_new();
	X509_NAME *name;
	FILE *fp;
	int fd;

	T_CHECK(mkdtemp(dir) != NULL);
	snprintf(ca_path, sizeof(ca_path), "%s/ca.crt", dir);
	snprintf(key_path, sizeof(key_path), "%s/ca.key", dir);
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
	X509_gmtime_adj(X509_getm_notBefore(x), -60);
	X509_gmtime_adj(X509_getm_notAfter(x), 3600);
	X509_set_pubkey(x, key);
	name = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)"t",
	    -1, -1, 0);
	X509_set_issuer_name(x, name);
	T_CHECK(X509_sign(x, key, NULL) > 0);
	fd = open(key_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	fp = fdopen(fd, "w");
	PEM_write_PrivateKey(fp, key, NULL, NULL, 0, NULL, NULL);
	fclose(fp);
	fp = fopen(ca_path, "w");
	PEM_write_X509(fp, x);
	fclose(fp);
	X509_free(x);
	EVP_PKEY_free(key);
}

struct pair {
	SSL_CTX *sctx, *cctx;
	SSL *srv, *cli;
	int sfd, cfd;
	struct tls13 *t, *ct; /* the server's; the client's, for crafted records */
	struct evbuffer *wire_in, *wire_out, *plain;
};

static SSL_CTX *
ctx_new(enum tls_side side)
{
	struct sk_error err;
	SSL_CTX *ctx = tls_ctx_new(side, ca_path, ca_path, key_path, &err);

	T_CHECK(ctx != NULL);
	return ctx;
}

/* Shake hands; the client sends early if asked, before the server ends. */
static int
pair_open(struct pair *p, const char *suite, bool prepare, const char *early)
{
	int sv[2], rs = 0, rc = 0, n = 0;

	memset(p, 0, sizeof(*p));
	p->sctx = ctx_new(TLS_SERVER);
	p->cctx = ctx_new(TLS_CLIENT);
	if (prepare) {
		T_EQ_INT(tls13_prepare(p->sctx), 0);
		T_EQ_INT(tls13_prepare(p->cctx), 0);
	}
	T_EQ_INT(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv), 0);
	p->sfd = sv[0];
	p->cfd = sv[1];
	p->srv = SSL_new(p->sctx);
	p->cli = SSL_new(p->cctx);
	if (suite != NULL)
		T_CHECK(SSL_set_ciphersuites(p->cli, suite) == 1);
	p->t = tls13_new(p->srv, true);
	p->ct = tls13_new(p->cli, false);
	SSL_set_fd(p->srv, p->sfd);
	SSL_set_fd(p->cli, p->cfd);
	SSL_set_accept_state(p->srv);
	SSL_set_connect_state(p->cli);
	while ((rs != 1 || rc != 1) && n++ < 100) {
		if (rc != 1 && (rc = SSL_do_handshake(p->cli)) == 1 && early != NULL)
			T_EQ_INT(SSL_write(p->cli, early, (int)strlen(early)),
			    (int)strlen(early));
		/* The server ends last, as with a real client that pipelines. */
		if (rs != 1 && rc == 1)
			rs = SSL_do_handshake(p->srv);
		else if (rs != 1)
			(void)SSL_do_handshake(p->srv);
	}
	T_EQ_INT(rs, 1);
	T_EQ_INT(rc, 1);
	p->wire_in = evbuffer_new();
	p->wire_out = evbuffer_new();
	p->plain = evbuffer_new();
	return rs == 1 && rc == 1 ? 0 : -1;
}

static int
pair_switch(struct pair *p, const char **why)
{
	int rc = tls13_start(p->t, p->srv, why);

	SSL_free(p->srv);
	p->srv = NULL;
	return rc;
}

static void
pair_close(struct pair *p)
{
	tls13_free(p->t);
	tls13_free(p->ct);
	SSL_free(p->srv);
	SSL_free(p->cli);
	SSL_CTX_free(p->sctx);
	SSL_CTX_free(p->cctx);
	close(p->sfd);
	close(p->cfd);
	evbuffer_free(p->wire_in);
	evbuffer_free(p->wire_out);
	evbuffer_free(p->plain);
}

/* Whatever the client sent, into wire_in. */
static void
srv_read(struct pair *p)
{
	while (evbuffer_read(p->wire_in, p->sfd, 65536) > 0)
		;
}

/* wire_out to the client's socket. */
static void
srv_write(struct pair *p)
{
	while (evbuffer_get_length(p->wire_out) > 0)
		if (evbuffer_write(p->wire_out, p->sfd) <= 0)
			break;
}

static enum tls13_result
srv_open(struct pair *p)
{
	const char *why = NULL;

	srv_read(p);
	return tls13_open(p->t, p->wire_in, p->plain, p->wire_out, &why);
}

static bool
plain_is(struct pair *p, const void *want, size_t len)
{
	bool ok = evbuffer_get_length(p->plain) == len &&
	    memcmp(evbuffer_pullup(p->plain, (ssize_t)len), want, len) == 0;

	evbuffer_drain(p->plain, evbuffer_get_length(p->plain));
	return ok;
}

/* The client reads len bytes (the server's socket written as it goes). */
static bool
cli_reads(struct pair *p, const void *want, size_t len)
{
	uint8_t *got = malloc(len + 1);
	size_t have = 0;
	int n, tries = 0;
	bool ok;

	while (have < len && tries++ < 100000) {
		srv_write(p);
		if ((n = SSL_read(p->cli, got + have, (int)(len - have))) > 0)
			have += (size_t)n;
		else if (SSL_get_error(p->cli, n) != SSL_ERROR_WANT_READ)
			break;
	}
	ok = have == len && memcmp(got, want, len) == 0;
	free(got);
	return ok;
}

static void
test_suites(void)
{
	static const char *suites[] = { "TLS_AES_128_GCM_SHA256",
		"TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256" };
	static const char early[] = "right behind the handshake";
	struct pair p;
	const char *why = NULL;

	for (size_t i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
		if (pair_open(&p, suites[i], true, early) != 0)
			return;
		T_EQ_INT(pair_switch(&p, &why), 0);
		/* What came behind the handshake was left for tls13. */
		T_EQ_INT(srv_open(&p), TLS13_OK);
		T_CHECK(plain_is(&p, early, strlen(early)));
		T_EQ_INT(SSL_write(p.cli, "Phúc Thọ", (int)strlen("Phúc Thọ")),
		    (int)strlen("Phúc Thọ"));
		T_EQ_INT(srv_open(&p), TLS13_OK);
		T_CHECK(plain_is(&p, "Phúc Thọ", strlen("Phúc Thọ")));
		T_EQ_INT(tls13_seal_mem(p.t, "sáng kiến", strlen("sáng kiến"),
		             p.wire_out),
		    0);
		T_CHECK(cli_reads(&p, "sáng kiến", strlen("sáng kiến")));
		/* An empty record is allowed, and carries nothing. */
		T_EQ_INT(tls13_seal_mem(p.t, "", 0, p.wire_out), 0);
		T_EQ_INT(tls13_seal_mem(p.t, "x", 1, p.wire_out), 0);
		T_CHECK(cli_reads(&p, "x", 1));
		pair_close(&p);
	}
}

/* 200 KiB each way: records of 2^14, sealed from an evbuffer in pieces. */
static void
test_large(void)
{
	size_t len = (size_t)200 * 1024, sent = 0;
	uint8_t *buf = malloc(len);
	struct pair p;
	const char *why;
	int n;

	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)(i * 7 + i / 251);
	if (pair_open(&p, NULL, true, NULL) != 0 || pair_switch(&p, &why) != 0)
		goto done;
	for (size_t off = 0; off < len; off += 1000)
		evbuffer_add(p.plain, buf + off, len - off < 1000 ? len - off : 1000);
	T_EQ_INT(tls13_seal(p.t, p.plain, p.wire_out), 0);
	T_EQ_INT(evbuffer_get_length(p.plain), 0);
	/* 13 records: 12 full ones and the rest. */
	T_EQ_INT(evbuffer_get_length(p.wire_out), len + (size_t)13 * (5 + 1 + 16));
	T_CHECK(cli_reads(&p, buf, len));
	for (int tries = 0; sent < len && tries < 10000; tries++) {
		n = SSL_write(p.cli, buf + sent, (int)(len - sent));
		if (n > 0)
			sent += (size_t)n;
		else if (SSL_get_error(p.cli, n) != SSL_ERROR_WANT_WRITE)
			break;
		if (srv_open(&p) != TLS13_OK)
			break;
	}
	T_EQ_INT(sent, len);
	T_EQ_INT(srv_open(&p), TLS13_OK);
	T_CHECK(plain_is(&p, buf, len));
	pair_close(&p);
done:
	free(buf);
}

/* The client updates its keys, and asks for ours to be updated. */
static void
test_key_update(void)
{
	struct pair p;
	const char *why;

	if (pair_open(&p, NULL, true, NULL) != 0 || pair_switch(&p, &why) != 0)
		return;
	for (int round = 0; round < 3; round++) {
		T_EQ_INT(SSL_key_update(p.cli,
		             round == 1 ? SSL_KEY_UPDATE_NOT_REQUESTED :
		                          SSL_KEY_UPDATE_REQUESTED),
		    1);
		T_EQ_INT(SSL_write(p.cli, "after", 5), 5);
		T_EQ_INT(srv_open(&p), TLS13_OK);
		T_CHECK(plain_is(&p, "after", 5));
		/* Asked: our KeyUpdate is queued, and what follows it is
		 * sealed with the new key, which the client must follow. */
		T_EQ_INT(evbuffer_get_length(p.wire_out) > 0, round != 1);
		T_EQ_INT(tls13_seal_mem(p.t, "reply", 5, p.wire_out), 0);
		T_CHECK(cli_reads(&p, "reply", 5));
	}
	pair_close(&p);
}

/* Records split at every byte still open, one whole at a time. */
static void
test_split(void)
{
	struct pair p;
	const char *why;
	uint8_t *all;
	size_t len;

	if (pair_open(&p, NULL, true, NULL) != 0 || pair_switch(&p, &why) != 0)
		return;
	T_EQ_INT(SSL_write(p.cli, "one", 3), 3);
	T_EQ_INT(SSL_write(p.cli, "two", 3), 3);
	srv_read(&p);
	len = evbuffer_get_length(p.wire_in);
	all = malloc(len);
	evbuffer_remove(p.wire_in, all, len);
	for (size_t i = 0; i < len; i++) {
		evbuffer_add(p.wire_in, all + i, 1);
		T_EQ_INT(tls13_open(p.t, p.wire_in, p.plain, p.wire_out, &why), TLS13_OK);
		if (i + 1 < len / 2)
			T_EQ_INT(evbuffer_get_length(p.plain), 0);
	}
	T_CHECK(plain_is(&p, "onetwo", 6));
	free(all);
	pair_close(&p);
}

/* A record changed on the way, or not protected, or too long: refused. */
static void
test_refused(void)
{
	static const uint8_t plain_hs[] = { 22, 3, 3, 0, 1, 0 };
	static const uint8_t too_long[] = { 23, 3, 3, 0x41, 0x01 };
	struct pair p;
	const char *why = NULL;
	uint8_t *rec;

	if (pair_open(&p, NULL, true, NULL) != 0 || pair_switch(&p, &why) != 0)
		return;
	T_EQ_INT(SSL_write(p.cli, "tampered", 8), 8);
	srv_read(&p);
	rec = evbuffer_pullup(p.wire_in, -1);
	rec[7] ^= 1;
	T_EQ_INT(tls13_open(p.t, p.wire_in, p.plain, p.wire_out, &why), TLS13_ERROR);
	T_CONTAINS(why, "authenticate");
	T_EQ_INT(evbuffer_get_length(p.plain), 0);
	T_CHECK(evbuffer_get_length(p.wire_out) > 0); /* bad_record_mac */
	pair_close(&p);

	if (pair_open(&p, NULL, true, NULL) != 0 || pair_switch(&p, &why) != 0)
		return;
	evbuffer_add(p.wire_in, plain_hs, sizeof(plain_hs));
	T_EQ_INT(tls13_open(p.t, p.wire_in, p.plain, p.wire_out, &why), TLS13_ERROR);
	T_CONTAINS(why, "unprotected");
	evbuffer_drain(p.wire_in, evbuffer_get_length(p.wire_in));
	evbuffer_add(p.wire_in, too_long, sizeof(too_long));
	T_EQ_INT(tls13_open(p.t, p.wire_in, p.plain, p.wire_out, &why), TLS13_ERROR);
	T_CONTAINS(why, "longer");
	pair_close(&p);
}

/* close_notify both ways. */
static void
test_close(void)
{
	struct pair p;
	const char *why;
	char b[8];
	int n;

	if (pair_open(&p, NULL, true, NULL) != 0 || pair_switch(&p, &why) != 0)
		return;
	T_EQ_INT(tls13_seal_mem(p.t, "bye", 3, p.wire_out), 0);
	T_EQ_INT(tls13_close_notify(p.t, p.wire_out), 0);
	T_CHECK(cli_reads(&p, "bye", 3));
	n = SSL_read(p.cli, b, sizeof(b));
	T_EQ_INT(n, 0);
	T_EQ_INT(SSL_get_error(p.cli, n), SSL_ERROR_ZERO_RETURN);
	T_CHECK(SSL_shutdown(p.cli) >= 0);
	T_EQ_INT(srv_open(&p), TLS13_CLOSED);
	pair_close(&p);
}

/* Without the key log, there is nothing to take over from. */
static void
test_unprepared(void)
{
	struct pair p;
	const char *why = NULL;

	/* A context that was never prepared reports no secrets. */
	if (pair_open(&p, NULL, false, NULL) != 0)
		return;
	T_EQ_INT(pair_switch(&p, &why), -1);
	T_CONTAINS(why, "secrets");
	pair_close(&p);
}

/* The client's side on tls13 too, to seal what OpenSSL would not. */
static int
crafted_open(struct pair *p)
{
	const char *why = NULL;

	if (pair_open(p, NULL, true, NULL) != 0 || pair_switch(p, &why) != 0)
		return -1;
	T_EQ_INT(tls13_start(p->ct, p->cli, &why), 0);
	return 0;
}

/* A record the client's tls13 seals, opened by the server's. */
static enum tls13_result
crafted(struct pair *p, uint8_t type, const void *m, size_t len, size_t pad,
    const char **why)
{
	*why = NULL;
	T_EQ_INT(tls13_seal_type(p->ct, type, m, len, pad, p->wire_in), 0);
	return tls13_open(p->t, p->wire_in, p->plain, p->wire_out, why);
}

static void
test_crafted(void)
{
	static const uint8_t ku_bad[5] = { 24, 0, 0, 1, 2 };
	static const uint8_t fatal[2] = { 2, 40 }, cancel[2] = { 1, 90 }, ccs[1] = { 1 };
	struct pair p;
	const char *why;

	if (crafted_open(&p) != 0)
		return;
	/* Empty application data, and padded: taken as what they hold. */
	T_EQ_INT(crafted(&p, 23, "", 0, 0, &why), TLS13_OK);
	T_EQ_INT(crafted(&p, 23, "abc", 3, 64, &why), TLS13_OK);
	T_CHECK(plain_is(&p, "abc", 3));
	/* user_canceled is a warning; a close_notify or data follows. */
	T_EQ_INT(crafted(&p, 21, cancel, 2, 0, &why), TLS13_OK);
	T_EQ_INT(crafted(&p, 23, "d", 1, 0, &why), TLS13_OK);
	T_CHECK(plain_is(&p, "d", 1));
	T_EQ_INT(evbuffer_get_length(p.wire_out), 0);
	/* A fatal alert ends it, unanswered. */
	T_EQ_INT(crafted(&p, 21, fatal, 2, 0, &why), TLS13_ERROR);
	T_CONTAINS(why, "fatal alert");
	T_EQ_INT(evbuffer_get_length(p.wire_out), 0);
	pair_close(&p);

	if (crafted_open(&p) != 0)
		return;
	T_EQ_INT(crafted(&p, 22, ku_bad, sizeof(ku_bad), 0, &why), TLS13_ERROR);
	T_CONTAINS(why, "neither");
	T_CHECK(evbuffer_get_length(p.wire_out) > 0); /* illegal_parameter */
	pair_close(&p);

	if (crafted_open(&p) != 0)
		return;
	/* Padding alone: no content type. */
	T_EQ_INT(crafted(&p, 0, "", 0, 8, &why), TLS13_ERROR);
	T_CONTAINS(why, "content type");
	pair_close(&p);

	if (crafted_open(&p) != 0)
		return;
	/* change_cipher_spec has no place after the handshake. */
	T_EQ_INT(crafted(&p, 20, ccs, 1, 0, &why), TLS13_ERROR);
	T_CONTAINS(why, "unknown content type");
	pair_close(&p);
}

/* A thousand KeyUpdates asking for ours, read at once: one answer. */
static void
test_update_flood(void)
{
	struct pair p;
	const char *why;

	if (pair_open(&p, NULL, true, NULL) != 0 || pair_switch(&p, &why) != 0)
		return;
	for (int i = 0; i < 1000; i++) {
		T_EQ_INT(SSL_key_update(p.cli, SSL_KEY_UPDATE_REQUESTED), 1);
		T_EQ_INT(SSL_write(p.cli, "k", 1), 1);
		srv_read(&p); /* the socket pair's buffer is small */
	}
	T_EQ_INT(srv_open(&p), TLS13_OK);
	T_EQ_INT(evbuffer_get_length(p.plain), 1000);
	/* One KeyUpdate record: header, message, type, tag. */
	T_EQ_INT(evbuffer_get_length(p.wire_out), 5 + 5 + 1 + 16);
	T_EQ_INT(tls13_seal_mem(p.t, "after", 5, p.wire_out), 0);
	T_CHECK(cli_reads(&p, "after", 5));
	pair_close(&p);
}

/* After rekey_after records we update our key; the client follows. */
static void
test_rekey(void)
{
	struct pair p;
	const char *why;
	char want[10];

	if (pair_open(&p, NULL, true, NULL) != 0 || pair_switch(&p, &why) != 0)
		return;
	tls13_set_rekey(p.t, 3);
	for (int i = 0; i < 10; i++) {
		want[i] = (char)('0' + i);
		T_EQ_INT(tls13_seal_mem(p.t, &want[i], 1, p.wire_out), 0);
	}
	/* Ten records of one byte and three KeyUpdates. */
	T_EQ_INT(evbuffer_get_length(p.wire_out),
	    10 * (5 + 1 + 1 + 16) + 3 * (5 + 5 + 1 + 16));
	T_CHECK(cli_reads(&p, want, sizeof(want)));
	pair_close(&p);
}

/* A server context that sends tickets would take sequence numbers. */
static void
test_tickets_refused(void)
{
	struct pair p;
	const char *why = NULL;

	memset(&p, 0, sizeof(p));
	if (pair_open(&p, NULL, true, NULL) != 0)
		return;
	T_EQ_INT(SSL_get_num_tickets(p.srv), 0); /* a prepared context sends none */
	SSL_set_num_tickets(p.srv, 2);
	T_EQ_INT(pair_switch(&p, &why), -1);
	T_CONTAINS(why, "tickets");
	pair_close(&p);
}

static const struct t_case cases[] = {
	{ "suites", test_suites },
	{ "unprepared", test_unprepared },
	{ "large", test_large },
	{ "key_update", test_key_update },
	{ "split", test_split },
	{ "refused", test_refused },
	{ "close", test_close },
	{ "crafted records", test_crafted },
	{ "a flood of key updates", test_update_flood },
	{ "rekey", test_rekey },
	{ "tickets refused", test_tickets_refused },
};

int
main(void)
{
	int rc;

	make_identity();
	rc = t_run(cases, sizeof(cases) / sizeof(cases[0]));
	unlink(ca_path);
	unlink(key_path);
	rmdir(dir);
	return rc;
}
