#include "skc.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "frame.h"
#include "tls.h"

struct skc {
	int fd;
	SSL_CTX *ctx;
	SSL *ssl;
	uint64_t next_id;
	uint32_t max_frame;
	Sk__V1__Response *hello; /* owns the HelloResponse */
	uint8_t *out;            /* queued requests, not yet written */
	size_t out_len, out_cap;
};

/* Split "host:port" or "[v6]:port". */
static int
split_addr(const char *addr, char *host, size_t hsz, char *port, size_t psz)
{
	const char *colon;
	size_t hl;

	if (addr[0] == '[') {
		const char *end = strchr(addr, ']');

		if (end == NULL || end[1] != ':')
			return -1;
		hl = (size_t)(end - addr - 1);
		addr++;
		colon = end + 1;
	} else {
		if ((colon = strrchr(addr, ':')) == NULL)
			return -1;
		hl = (size_t)(colon - addr);
	}
	if (hl == 0 || hl >= hsz || strlen(colon + 1) == 0 || strlen(colon + 1) >= psz)
		return -1;
	memcpy(host, addr, hl);
	host[hl] = '\0';
	snprintf(port, psz, "%s", colon + 1);
	return 0;
}

static int
dial(const char *host, const char *port, int timeout_ms, struct sk_error *err)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res, *ai;
	struct timeval tv = { timeout_ms / 1000,
		(suseconds_t)(timeout_ms % 1000) * 1000 };
	int fd = -1, rc, saved = 0, one = 1;

	if ((rc = getaddrinfo(host, port, &hints, &res)) != 0) {
		status_set(err, SK_UNAVAILABLE, "%s: %s", host, gai_strerror(rc));
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if ((fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
		         ai->ai_protocol)) == -1)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		/* Each request is one write: Nagle would hold pipelined ones
		 * back until the server acknowledges the first. */
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		saved = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd == -1)
		status_set(err, SK_UNAVAILABLE, "cannot connect to %s:%s: %s", host, port,
		    strerror(saved));
	return fd;
}

/* Explain a failed TLS operation: an alert from the server says why. */
static int
tls_fail(struct skc *s, int ret, const char *what, struct sk_error *err)
{
	int e = SSL_get_error(s->ssl, ret);

	if (e == SSL_ERROR_SYSCALL && ERR_peek_error() == 0)
		status_set(err, SK_UNAVAILABLE, "%s: %s", what,
		    errno == EAGAIN || errno == EWOULDBLOCK ? "timed out" :
		        errno == 0 ? "connection closed by the server" :
		                     strerror(errno));
	else if (e == SSL_ERROR_ZERO_RETURN)
		status_set(err, SK_UNAVAILABLE, "%s: connection closed by the server",
		    what);
	else {
		status_set(err, SK_UNAVAILABLE, "%s", what);
		tls_errors(err->msg, sizeof(err->msg));
	}
	return err->code;
}

/* Our check of the server's certificate failed (verify result v): why,
 * in words people can act on. */
static int
tls_server_refused(long v, const char *ca, struct sk_error *err)
{
	switch (v) {
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
	case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
	case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
	case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
	case X509_V_ERR_CERT_SIGNATURE_FAILURE:
		return status_set(err, SK_UNAVAILABLE,
		    "the server's certificate is not from your deployment's CA "
		    "(unknown CA): is %s the deployment's ca.crt?",
		    ca);
	case X509_V_ERR_CERT_HAS_EXPIRED:
		return status_set(err, SK_UNAVAILABLE,
		    "the server's certificate has expired: tell its operator");
	case X509_V_ERR_CERT_NOT_YET_VALID:
		return status_set(err, SK_UNAVAILABLE,
		    "the server's certificate is not valid yet: is this computer's "
		    "clock right?");
	case X509_V_ERR_HOSTNAME_MISMATCH:
	case X509_V_ERR_IP_ADDRESS_MISMATCH:
		return status_set(err, SK_UNAVAILABLE,
		    "the server's certificate is not made out to the address in "
		    "\"server\"");
	default:
		return status_set(err, SK_UNAVAILABLE,
		    "the server's certificate does not verify: %s",
		    X509_verify_cert_error_string(v));
	}
}

/* The alert the server sent in the handshake, in words; NULL for none
 * we know. */
static const char *
tls_alert_words(unsigned long e)
{
	if (ERR_GET_LIB(e) != ERR_LIB_SSL)
		return NULL;
	switch (ERR_GET_REASON(e)) {
	case SSL_R_TLSV1_ALERT_UNKNOWN_CA:
		return "the server refused your certificate: it is not from the "
		       "deployment's CA (unknown CA)";
	case SSL_R_SSLV3_ALERT_CERTIFICATE_EXPIRED:
		return "the server refused your certificate: it has expired";
	case SSL_R_SSLV3_ALERT_BAD_CERTIFICATE:
	case SSL_R_SSLV3_ALERT_CERTIFICATE_UNKNOWN:
	case SSL_R_SSLV3_ALERT_CERTIFICATE_REVOKED:
	case SSL_R_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE:
	case SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED:
	case SSL_R_TLSV1_ALERT_ACCESS_DENIED:
		return "the server refused your certificate";
	case SSL_R_TLSV1_ALERT_NO_APPLICATION_PROTOCOL:
		return "the server does not speak sk/1";
	case SSL_R_TLSV1_ALERT_PROTOCOL_VERSION:
	case SSL_R_UNSUPPORTED_PROTOCOL: return "the server does not speak TLS 1.3";
	case SSL_R_WRONG_VERSION_NUMBER:
	case SSL_R_PACKET_LENGTH_TOO_LONG:
		return "the server does not speak TLS: is it skd, on that port?";
	default: return NULL;
	}
}

/* A failed handshake: our verdict on the server's certificate, else the
 * server's alert, else OpenSSL's own words. */
static int
tls_handshake_fail(struct skc *s, int ret, const char *ca, struct sk_error *err)
{
	long v = SSL_get_verify_result(s->ssl);
	const char *words;

	if (v != X509_V_OK) {
		ERR_clear_error();
		return tls_server_refused(v, ca, err);
	}
	if ((words = tls_alert_words(ERR_peek_error())) != NULL) {
		ERR_clear_error();
		return status_set(err, SK_UNAVAILABLE, "%s", words);
	}
	return tls_fail(s, ret, "TLS handshake", err);
}

/*
 * The server finishes the handshake whatever our certificate and then
 * says why it refuses it (id 0, UNAUTHENTICATED, "certificate refused:
 * " and OpenSSL's verify text): that is a TLS failure, said in words.
 */
static void
tls_client_refused(const char *cert, struct sk_error *err)
{
	static const char prefix[] = "certificate refused: ";
	static const struct {
		long v;
		const char *words;
	} known[] = {
		{ X509_V_ERR_CERT_HAS_EXPIRED,
		    "it has expired: ask the administrator "
		    "for a new one (sk user renew)" },
		{ X509_V_ERR_CERT_NOT_YET_VALID,
		    "it is not valid yet: is the server's "
		    "clock right?" },
		{ X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY,
		    "it is not from this deployment's CA (unknown CA)" },
		{ X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT,
		    "it is not from this deployment's CA (unknown CA)" },
		{ X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT,
		    "it is not from this deployment's CA (unknown CA)" },
		{ X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE,
		    "it is not from this deployment's CA (unknown CA)" },
		{ X509_V_ERR_CERT_SIGNATURE_FAILURE,
		    "it is not from this deployment's CA (unknown CA)" },
	};
	char why[sizeof(err->msg)];
	const char *words;

	if (err->code != SK_UNAUTHENTICATED ||
	    strncmp(err->msg, prefix, sizeof(prefix) - 1) != 0)
		return;
	snprintf(why, sizeof(why), "%s", err->msg + sizeof(prefix) - 1);
	words = why;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(why, X509_verify_cert_error_string(known[i].v)) == 0)
			words = known[i].words;
	status_set(err, SK_UNAVAILABLE, "the server refused your certificate %s: %s",
	    cert, words);
}

static int
write_all(struct skc *s, const uint8_t *buf, size_t len, struct sk_error *err)
{
	size_t off = 0;
	int n;

	while (off < len) {
		n = SSL_write(s->ssl, buf + off,
		    (int)(len - off > INT_MAX ? INT_MAX : len - off));
		if (n <= 0)
			return tls_fail(s, n, "sending", err);
		off += (size_t)n;
	}
	return 0;
}

static int
read_all(struct skc *s, uint8_t *buf, size_t len, struct sk_error *err)
{
	size_t off = 0;
	int n;

	while (off < len) {
		n = SSL_read(s->ssl, buf + off,
		    (int)(len - off > INT_MAX ? INT_MAX : len - off));
		if (n <= 0)
			return tls_fail(s, n, "receiving", err);
		off += (size_t)n;
	}
	return 0;
}

int
skc_send_raw(struct skc *s, const void *buf, size_t len, struct sk_error *err)
{
	return write_all(s, buf, len, err);
}

/* Room for n more bytes of queued requests. */
static int
out_reserve(struct skc *s, size_t n, struct sk_error *err)
{
	size_t cap = s->out_cap ? s->out_cap : 4096;
	uint8_t *nb;

	while (cap - s->out_len < n)
		cap *= 2;
	if (cap == s->out_cap)
		return 0;
	if ((nb = malloc(cap)) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	if (s->out != NULL) {
		memcpy(nb, s->out, s->out_len);
		OPENSSL_cleanse(s->out, s->out_cap);
		free(s->out);
	}
	s->out = nb;
	s->out_cap = cap;
	return 0;
}

int
skc_queue(struct skc *s, Sk__V1__Request *req, struct sk_error *err)
{
	size_t len;

	if (s == NULL)
		return status_set(err, SK_UNAVAILABLE, "not connected");
	if (req->id == 0)
		req->id = s->next_id++;
	len = protobuf_c_message_get_packed_size(&req->base);
	if (len > FRAME_HARD_MAX)
		return status_set(err, SK_INVALID_ARGUMENT, "request too large");
	if (out_reserve(s, FRAME_HDR_LEN + len, err) != 0)
		return err->code;
	frame_hdr_put(s->out + s->out_len, (uint32_t)len);
	protobuf_c_message_pack(&req->base, s->out + s->out_len + FRAME_HDR_LEN);
	s->out_len += FRAME_HDR_LEN + len;
	return 0;
}

int
skc_flush(struct skc *s, struct sk_error *err)
{
	int rc;

	if (s == NULL)
		return status_set(err, SK_UNAVAILABLE, "not connected");
	if (s->out_len == 0)
		return 0;
	rc = write_all(s, s->out, s->out_len, err);
	OPENSSL_cleanse(s->out, s->out_len); /* may hold a key request */
	s->out_len = 0;
	return rc;
}

int
skc_send(struct skc *s, Sk__V1__Request *req, struct sk_error *err)
{
	int rc;

	if ((rc = skc_queue(s, req, err)) != 0)
		return rc;
	return skc_flush(s, err);
}

int
skc_recv(struct skc *s, Sk__V1__Response **resp, struct sk_error *err)
{
	uint8_t hdr[FRAME_HDR_LEN], *body;
	uint32_t len;
	int rc;

	*resp = NULL;
	if (s == NULL)
		return status_set(err, SK_UNAVAILABLE, "not connected");
	/* What was queued is sent before waiting for anything. */
	if ((rc = skc_flush(s, err)) != 0 ||
	    (rc = read_all(s, hdr, sizeof(hdr), err)) != 0)
		return rc;
	if (frame_check(hdr, sizeof(hdr), s->max_frame, &len) == FRAME_TOO_BIG)
		return status_set(err, SK_UNAVAILABLE,
		    "response of %u bytes exceeds our limit of %u", len, s->max_frame);
	if ((body = malloc(len ? len : 1)) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	if ((rc = read_all(s, body, len, err)) == 0 &&
	    (*resp = sk__v1__response__unpack(NULL, len, body)) == NULL)
		rc = status_set(err, SK_UNAVAILABLE, "response does not decode");
	OPENSSL_cleanse(body, len); /* may hold a new user's key */
	free(body);
	return rc;
}

/* The server's verdict on a response: 0 for OK, else its status. */
static int
response_status(const Sk__V1__Response *r, struct sk_error *err)
{
	if (r->status == NULL || r->status->code == SK__V1__CODE__OK)
		return 0;
	return status_set(err, (int)r->status->code, "%s", r->status->message);
}

int
skc_call(struct skc *s, Sk__V1__Request *req, Sk__V1__Response **out,
    struct sk_error *err)
{
	Sk__V1__Response *r;
	int rc;

	*out = NULL;
	req->id = 0;
	if ((rc = skc_send(s, req, err)) != 0)
		return rc;
	for (;;) {
		if ((rc = skc_recv(s, &r, err)) != 0 || r == NULL)
			return rc != 0 ? rc : SK_UNKNOWN;
		/* id 0: the server speaks about the whole connection. */
		if (r->id == req->id || r->id == 0)
			break;
		sk__v1__response__free_unpacked(r, NULL);
	}
	if ((rc = response_status(r, err)) != 0 || r->id == 0) {
		if (rc == 0)
			rc = status_set(err, SK_UNKNOWN, "unexpected reply");
		sk__v1__response__free_unpacked(r, NULL);
		return rc;
	}
	*out = r;
	return 0;
}

/* Say Hello; the answer, checked, into *out. */
static int
hello_call(struct skc *s, Sk__V1__Response **out, struct sk_error *err)
{
	Sk__V1__Request req = SK__V1__REQUEST__INIT;
	Sk__V1__HelloRequest h = SK__V1__HELLO_REQUEST__INIT;
	int rc;

	h.protocol = 1;
	h.client = "sk " SK_VERSION;
	req.call_case = SK__V1__REQUEST__CALL_HELLO;
	req.hello = &h;
	if ((rc = skc_call(s, &req, out, err)) != 0)
		return rc;
	if ((*out)->result_case != SK__V1__RESPONSE__RESULT_HELLO)
		return status_set(err, SK_UNKNOWN, "server did not answer Hello");
	return 0;
}

static int
say_hello(struct skc *s, struct sk_error *err)
{
	return hello_call(s, &s->hello, err);
}

int
skc_ping(struct skc *s, struct sk_error *err)
{
	Sk__V1__Response *r = NULL;
	int rc = hello_call(s, &r, err);

	if (r != NULL)
		sk__v1__response__free_unpacked(r, NULL);
	return rc;
}

static int
tls_start(struct skc *s, const char *host, const char *ca, struct sk_error *err)
{
	X509_VERIFY_PARAM *vp;
	struct in6_addr a6;
	struct in_addr a4;
	bool ip =
	    inet_pton(AF_INET, host, &a4) == 1 || inet_pton(AF_INET6, host, &a6) == 1;
	int rc;

	if ((s->ssl = SSL_new(s->ctx)) == NULL || SSL_set_fd(s->ssl, s->fd) != 1)
		return status_set(err, SK_INTERNAL, "TLS setup failed");
	/* Read what the socket has, not one record header at a time: pipelined
	 * replies then cost one read. Safe here, as reads block on the socket
	 * (SO_RCVTIMEO) and nothing polls it. */
	SSL_set_read_ahead(s->ssl, 1);
	vp = SSL_get0_param(s->ssl);
	if (ip ? X509_VERIFY_PARAM_set1_ip_asc(vp, host) != 1 :
	         (SSL_set1_host(s->ssl, host) != 1 ||
	             SSL_set_tlsext_host_name(s->ssl, host) != 1))
		return status_set(err, SK_INTERNAL, "TLS setup failed");
	if ((rc = SSL_connect(s->ssl)) != 1)
		return tls_handshake_fail(s, rc, ca, err);
	return 0;
}

int
skc_connect(const struct skc_config *c, struct skc **out, struct sk_error *err)
{
	char host[256], port[16];
	struct skc *s;

	*out = NULL;
	if (c->ca[0] == '\0' || c->cert[0] == '\0' || c->key[0] == '\0')
		return status_set(err, SK_INVALID_ARGUMENT,
		    "no certificate configured (ca, cert and key)");
	if (split_addr(c->server, host, sizeof(host), port, sizeof(port)) != 0)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "server: \"%s\" is not host:port", c->server);
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	s->fd = -1;
	s->next_id = 1;
	s->max_frame = c->max_frame;
	/* The local TLS setup first: a bad key file is not a network error. */
	if ((s->ctx = tls_ctx_new(TLS_CLIENT, c->ca, c->cert, c->key, err)) == NULL) {
		err->code = SK_INVALID_ARGUMENT;
		skc_close(s);
		return err->code;
	}
	if ((s->fd = dial(host, port, c->timeout_ms, err)) == -1 ||
	    tls_start(s, host, c->ca, err) != 0) {
		skc_close(s);
		return err->code;
	}
	if (say_hello(s, err) != 0) {
		tls_client_refused(c->cert, err);
		skc_close(s);
		return err->code;
	}
	*out = s;
	return 0;
}

void
skc_close(struct skc *s)
{
	if (s == NULL)
		return;
	if (s->ssl != NULL) {
		SSL_shutdown(s->ssl);
		SSL_free(s->ssl);
	}
	SSL_CTX_free(s->ctx);
	if (s->fd >= 0)
		close(s->fd);
	if (s->hello != NULL)
		sk__v1__response__free_unpacked(s->hello, NULL);
	if (s->out != NULL) {
		OPENSSL_cleanse(s->out, s->out_cap);
		free(s->out);
	}
	free(s);
}

const Sk__V1__HelloResponse *
skc_hello(const struct skc *s)
{
	return s->hello->hello;
}
