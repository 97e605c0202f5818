/*
 * test_wire: what a careless or hostile peer sends to a real skd.
 *
 *   test_wire PORT CA CERT_A KEY_A CERT_B KEY_B
 *
 * A is an author in one commune, B an author in another. The server runs
 * with max_frame = 320k. Every case checks the server's answer and that
 * the server keeps serving B; at the end, that A's data did not change.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "frame.h"
#include "t.h"
#include "tclient.h"
#include "tls.h"

#define SERVER_MAX_FRAME (320u << 10)

static struct skc_config cfg_a, cfg_b;
static int port;

/* The server must still answer B (another tenant) after each case. */
static void
check_serving(void)
{
	struct skc *b = tclient_connect(&cfg_b, "B");

	T_CHECK(b != NULL);
	skc_close(b);
}

/* Count A's initiatives through the list call. */
static long
count_initiatives(void)
{
	Sk__V1__InitiativeListRequest l = SK__V1__INITIATIVE_LIST_REQUEST__INIT;
	Sk__V1__InitiativeListResponse *page;
	struct sk_error err = { 0 };
	struct skc *a = tclient_connect(&cfg_a, "A");
	long n = -1;

	if (a == NULL)
		return -1;
	l.page_size = 500;
	if (call_initiative_list(a, &l, &page, &err) == 0) {
		n = (long)page->n_initiatives;
		call_free(page);
	}
	skc_close(a);
	return n;
}

/* Send raw bytes on a fresh connection as A; return the first response. */
static Sk__V1__Response *
raw_exchange(struct skc **keep, const void *bytes, size_t len)
{
	struct sk_error err = { 0 };
	Sk__V1__Response *resp = NULL;
	struct skc *a = tclient_connect(&cfg_a, "A");

	if (a == NULL)
		return NULL;
	if (skc_send_raw(a, bytes, len, &err) == 0)
		skc_recv(a, &resp, &err);
	if (keep != NULL)
		*keep = a;
	else
		skc_close(a);
	return resp;
}

/* After a connection-level error the server closes: the next read fails. */
static void
check_closed(struct skc *a)
{
	Sk__V1__Response *resp = NULL;
	struct sk_error err = { 0 };

	T_EQ_INT(skc_recv(a, &resp, &err), SK_UNAVAILABLE);
	T_CHECK(resp == NULL);
}

static void
test_garbage(void)
{
	static const char junk[] = "GET / HTTP/1.1\r\nHost: skd\r\n\r\n";
	struct skc *a = NULL;
	Sk__V1__Response *r = raw_exchange(&a, junk, sizeof(junk) - 1);

	/* "GET " read as a length is ~1.2 GB: refused from the header alone. */
	T_EQ_INT(tclient_code(r), SK_RESOURCE_EXHAUSTED);
	T_EQ_INT(r ? r->id : 99, 0);
	T_CONTAINS(r && r->status ? r->status->message : NULL, "exceeds the limit");
	if (a != NULL)
		check_closed(a);
	skc_close(a);
	if (r)
		sk__v1__response__free_unpacked(r, NULL);
	check_serving();
}

static void
test_oversized(void)
{
	uint8_t hdr[FRAME_HDR_LEN];
	struct skc *a = NULL;
	Sk__V1__Response *r;

	/* Only the header: the server must not wait for the limit + 1 of body. */
	frame_hdr_put(hdr, SERVER_MAX_FRAME + 1);
	r = raw_exchange(&a, hdr, sizeof(hdr));
	T_EQ_INT(tclient_code(r), SK_RESOURCE_EXHAUSTED);
	if (a != NULL)
		check_closed(a);
	skc_close(a);
	if (r)
		sk__v1__response__free_unpacked(r, NULL);
	check_serving();
}

static void
test_at_limit(void)
{
	/* A frame of exactly the limit is read; its content is no request. */
	size_t len = SERVER_MAX_FRAME;
	uint8_t *buf = calloc(1, FRAME_HDR_LEN + len);
	Sk__V1__Response *r;

	if (buf == NULL)
		return;
	frame_hdr_put(buf, (uint32_t)len);
	/* Field 1 (id) as a varint, then padding in an unknown field 15. */
	buf[4] = 0x08, buf[5] = 0x2a;
	buf[6] = 0x7a; /* field 15, length-delimited, of the rest: a 3-byte varint */
	buf[7] = (uint8_t)(((len - 6) & 0x7f) | 0x80);
	buf[8] = (uint8_t)((((len - 6) >> 7) & 0x7f) | 0x80);
	buf[9] = (uint8_t)((len - 6) >> 14);
	r = raw_exchange(NULL, buf, FRAME_HDR_LEN + len);
	T_EQ_INT(tclient_code(r), SK_UNIMPLEMENTED);
	T_EQ_INT(r ? r->id : 0, 42);
	if (r)
		sk__v1__response__free_unpacked(r, NULL);
	free(buf);
	check_serving();
}

static void
test_truncated(void)
{
	struct sk_error err = { 0 };
	uint8_t buf[FRAME_HDR_LEN + 10] = { 0 };
	struct skc *a = tclient_connect(&cfg_a, "A");

	/* Announce 100 bytes, send 10, go away. */
	frame_hdr_put(buf, 100);
	if (a != NULL)
		T_EQ_INT(skc_send_raw(a, buf, sizeof(buf), &err), 0);
	skc_close(a);
	check_serving();
}

static void
test_undecodable(void)
{
	static const uint8_t bad[] = { 0, 0, 0, 3, 0xff, 0xff, 0xff };
	Sk__V1__Request req = SK__V1__REQUEST__INIT;
	Sk__V1__HelloRequest h = SK__V1__HELLO_REQUEST__INIT;
	Sk__V1__Response *r, *r2 = NULL;
	struct sk_error err = { 0 };
	struct skc *a = NULL;

	r = raw_exchange(&a, bad, sizeof(bad));
	T_EQ_INT(tclient_code(r), SK_INVALID_ARGUMENT);
	T_CONTAINS(r && r->status ? r->status->message : NULL, "does not decode");
	/* Framing is intact, so the same connection goes on working. */
	call_wrap(&req, &h.base);
	if (a != NULL)
		T_EQ_INT(skc_call(a, &req, &r2, &err), 0);
	if (r2)
		sk__v1__response__free_unpacked(r2, NULL);
	if (r)
		sk__v1__response__free_unpacked(r, NULL);
	skc_close(a);
}

static void
test_unknown_call(void)
{
	/* id 7, then field 99 (a call this server does not know), empty. */
	static const uint8_t unk[] = { 0, 0, 0, 5, 0x08, 0x07, 0x9a, 0x06, 0x00 };
	static const uint8_t empty[] = { 0, 0, 0, 2, 0x08, 0x09 };
	Sk__V1__Response *r = raw_exchange(NULL, unk, sizeof(unk));

	T_EQ_INT(tclient_code(r), SK_UNIMPLEMENTED);
	T_EQ_INT(r ? r->id : 0, 7);
	if (r)
		sk__v1__response__free_unpacked(r, NULL);
	r = raw_exchange(NULL, empty, sizeof(empty));
	T_EQ_INT(tclient_code(r), SK_UNIMPLEMENTED);
	T_EQ_INT(r ? r->id : 0, 9);
	if (r)
		sk__v1__response__free_unpacked(r, NULL);
}

/* Id 0 belongs to answers about the connection: a request with it is
 * refused, and the connection goes on. */
static void
test_id_zero(void)
{
	/* id 0 (left out, as proto3 does), then hello (field 10), empty. */
	static const uint8_t zero[] = { 0, 0, 0, 2, 0x52, 0x00 };
	Sk__V1__Request req = SK__V1__REQUEST__INIT;
	Sk__V1__HelloRequest h = SK__V1__HELLO_REQUEST__INIT;
	Sk__V1__Response *r, *r2 = NULL;
	struct sk_error err = { 0 };
	struct skc *a = NULL;

	r = raw_exchange(&a, zero, sizeof(zero));
	T_EQ_INT(tclient_code(r), SK_INVALID_ARGUMENT);
	T_EQ_INT(r ? r->id : 99, 0);
	T_CONTAINS(r && r->status ? r->status->message : NULL, "id: 0 is reserved");
	call_wrap(&req, &h.base);
	if (a != NULL)
		T_EQ_INT(skc_call(a, &req, &r2, &err), 0);
	if (r2)
		sk__v1__response__free_unpacked(r2, NULL);
	if (r)
		sk__v1__response__free_unpacked(r, NULL);
	skc_close(a);
}

/* Many requests in flight at once: every one answered once, by its id. */
/* A create the server accepts from A: a title, one author. */
struct create_msg {
	Sk__V1__InitiativeCreateRequest cr;
	Sk__V1__Initiative in;
	Sk__V1__Author au, *aup;
};

static void
create_msg_init(struct create_msg *m, const char *title)
{
	sk__v1__initiative_create_request__init(&m->cr);
	sk__v1__initiative__init(&m->in);
	sk__v1__author__init(&m->au);
	m->au.name = "Người Thử";
	m->au.share = 10000;
	m->aup = &m->au;
	m->in.title = (char *)title;
	m->in.category = 6;
	m->in.n_authors = 1;
	m->in.authors = &m->aup;
	m->cr.initiative = &m->in;
}

static void
test_pipelining(void)
{
	enum { N = 40 };
	Sk__V1__Request req[N];
	Sk__V1__HelloRequest h = SK__V1__HELLO_REQUEST__INIT;
	struct create_msg cm;
	Sk__V1__Response *r;
	struct sk_error err = { 0 };
	struct skc *a = tclient_connect(&cfg_a, "A");
	int seen[N] = { 0 }, created = 0, out_of_order = 0;
	uint64_t last = 0;
	long before = count_initiatives();

	if (a == NULL)
		return;
	create_msg_init(&cm, "Sáng kiến gửi dồn");
	for (int i = 0; i < N; i++) {
		sk__v1__request__init(&req[i]);
		req[i].id = 1000 + (uint64_t)i;
		call_wrap(&req[i], i % 2 == 0 ? &cm.cr.base : &h.base);
		/* The second half queued: one record, sent by the first recv. */
		T_EQ_INT(i < N / 2 ? skc_send(a, &req[i], &err) :
		                     skc_queue(a, &req[i], &err),
		    0);
	}
	for (int i = 0; i < N; i++) {
		if (skc_recv(a, &r, &err) != 0) {
			T_CHECK(!"a response is missing");
			break;
		}
		T_CHECK(r->id >= 1000 && r->id < 1000 + N);
		if (r->id >= 1000 && r->id < 1000 + N) {
			seen[r->id - 1000]++;
			if (tclient_code(r) == 0 && (r->id - 1000) % 2 == 0)
				created++;
		}
		if (r->id < last)
			out_of_order++;
		last = r->id;
		sk__v1__response__free_unpacked(r, NULL);
	}
	for (int i = 0; i < N; i++)
		T_EQ_INT(seen[i], 1);
	T_EQ_INT(created, N / 2);
	T_EQ_INT(count_initiatives(), before + N / 2);
	printf("     pipelining: %d of %d responses came back out of order\n",
	    out_of_order, N);
	skc_close(a);
}

/* ---- TLS refusals, with a hand-made client ------------------------------ */

static SSL_CTX *
raw_ctx(const char *cert, const char *key, const char *alpn, int max_version)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());

	SSL_CTX_load_verify_locations(ctx, cfg_a.ca, NULL);
	if (cert != NULL) {
		SSL_CTX_use_certificate_file(ctx, cert, SSL_FILETYPE_PEM);
		SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM);
	}
	if (alpn != NULL)
		SSL_CTX_set_alpn_protos(ctx, (const unsigned char *)alpn, strlen(alpn));
	if (max_version != 0)
		SSL_CTX_set_max_proto_version(ctx, max_version);
	return ctx;
}

/* A TCP connection to the server, or -1. */
static int
raw_socket(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	struct timeval tv = { 10, 0 };
	int fd;

	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Send a valid Hello on ssl, read: 1 if the server answered it OK. */
static int
tls_hello(SSL *ssl)
{
	static const uint8_t hello[] = { 0, 0, 0, 4, 0x08, 0x01, 0x52, 0x00 };
	uint8_t buf[4096];
	int n, ok = 0;

	if (SSL_write(ssl, hello, sizeof(hello)) > 0 &&
	    (n = SSL_read(ssl, buf, sizeof(buf))) > FRAME_HDR_LEN) {
		Sk__V1__Response *r = sk__v1__response__unpack(NULL,
		    (size_t)n - FRAME_HDR_LEN, buf + FRAME_HDR_LEN);

		ok = r != NULL && tclient_code(r) == 0 &&
		    r->result_case == SK__V1__RESPONSE__RESULT_HELLO;
		if (r)
			sk__v1__response__free_unpacked(r, NULL);
	}
	ERR_clear_error();
	return ok;
}

/* Handshake, send a valid Hello, read: 1 if the server answered it OK. */
static int
raw_hello(SSL_CTX *ctx)
{
	int fd, ok = 0;
	SSL *ssl;

	if ((fd = raw_socket()) == -1)
		return -1;
	ssl = SSL_new(ctx);
	SSL_set_fd(ssl, fd);
	if (SSL_connect(ssl) == 1)
		ok = tls_hello(ssl);
	ERR_clear_error();
	SSL_free(ssl);
	close(fd);
	return ok;
}

static void
test_tls_refusals(void)
{
	SSL_CTX *good = raw_ctx(cfg_a.cert, cfg_a.key, "\x04sk/1", 0);
	SSL_CTX *nocert = raw_ctx(NULL, NULL, "\x04sk/1", 0);
	SSL_CTX *noalpn = raw_ctx(cfg_a.cert, cfg_a.key, NULL, 0);
	SSL_CTX *http = raw_ctx(cfg_a.cert, cfg_a.key, "\x08http/1.1", 0);
	SSL_CTX *tls12 = raw_ctx(cfg_a.cert, cfg_a.key, "\x04sk/1", TLS1_2_VERSION);

	T_EQ_INT(raw_hello(good), 1); /* the control: the helper works */
	T_EQ_INT(raw_hello(nocert), 0);
	T_EQ_INT(raw_hello(noalpn), 0);
	T_EQ_INT(raw_hello(http), 0);
	T_EQ_INT(raw_hello(tls12), 0);
	SSL_CTX_free(good);
	SSL_CTX_free(nocert);
	SSL_CTX_free(noalpn);
	SSL_CTX_free(http);
	SSL_CTX_free(tls12);
	check_serving();
}

/*
 * A request sent right behind the handshake often arrives with its last
 * bytes: it must stay in the socket while OpenSSL finishes, wait for the
 * peer to be authenticated, and be answered, not dropped. Each try waits
 * 5 s at most.
 */
static void
test_behind_handshake(void)
{
	struct skc_config c = cfg_a;
	struct sk_error err = { 0 };
	int answered = 0;

	c.timeout_ms = 5000;
	for (int i = 0; i < 30; i++) {
		struct skc *s = NULL;

		if (skc_connect(&c, &s, &err) == 0)
			answered++;
		else
			fprintf(stderr, "try %d: %s\n", i, err.msg);
		skc_close(s);
	}
	T_EQ_INT(answered, 30);
}

/*
 * After the handshake skd's own record layer (tls13) speaks to OpenSSL:
 * in each cipher suite, across the client's key updates (that the server
 * answers them is unit_tls13's to check: OpenSSL's client goes on either
 * way); a record changed on the way ends that connection and no other.
 */
static void
test_records(void)
{
	static const char *suites[] = { "TLS_AES_128_GCM_SHA256",
		"TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256" };
	static const uint8_t forged[] = { 23, 3, 3, 0, 20, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
		11, 12, 13, 14, 15, 16, 17, 18, 19, 20 };
	SSL_CTX *ctx = raw_ctx(cfg_a.cert, cfg_a.key, "\x04sk/1", 0);
	uint8_t b[64];
	SSL *ssl;
	int fd;

	for (size_t i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
		if ((fd = raw_socket()) == -1)
			break;
		ssl = SSL_new(ctx);
		SSL_set_ciphersuites(ssl, suites[i]);
		SSL_set_fd(ssl, fd);
		T_EQ_INT(SSL_connect(ssl), 1);
		T_EQ_INT(tls_hello(ssl), 1);
		for (int k = 0; k < 3; k++) {
			T_EQ_INT(SSL_key_update(ssl,
			             k == 1 ? SSL_KEY_UPDATE_NOT_REQUESTED :
			                      SSL_KEY_UPDATE_REQUESTED),
			    1);
			T_EQ_INT(tls_hello(ssl), 1);
		}
		/* A record that does not authenticate: the server says
		 * bad_record_mac and closes. */
		T_EQ_INT(write(fd, forged, sizeof(forged)), (long)sizeof(forged));
		ERR_clear_error();
		T_CHECK(SSL_read(ssl, b, sizeof(b)) <= 0);
		T_EQ_INT(ERR_GET_REASON(ERR_peek_error()),
		    SSL_R_SSLV3_ALERT_BAD_RECORD_MAC);
		ERR_clear_error();
		SSL_free(ssl);
		close(fd);
	}
	SSL_CTX_free(ctx);
	check_serving();
}

/*
 * close_notify ends only what the client sends: pipelined creates, more
 * than the server takes at once (max_inflight, 64: it pauses with some
 * still unread), then close_notify and a half-close, and every reply
 * still comes, then the server's close_notify.
 */
enum { HALF_CLOSE_CREATES = 150 };

static void
test_half_close(void)
{
	SSL_CTX *ctx = raw_ctx(cfg_a.cert, cfg_a.key, "\x04sk/1", 0);
	Sk__V1__Request req = SK__V1__REQUEST__INIT;
	struct create_msg cm;
	static uint8_t buf[1 << 20];
	uint8_t frame[512];
	size_t len, have = 0, replies = 0, off = 0;
	int fd, n = 0;
	SSL *ssl;

	create_msg_init(&cm, "Sáng kiến gửi trước khi đóng");
	req.id = 7;
	call_wrap(&req, &cm.cr.base);
	len = sk__v1__request__get_packed_size(&req);
	frame_hdr_put(frame, (uint32_t)len);
	sk__v1__request__pack(&req, frame + FRAME_HDR_LEN);
	if ((fd = raw_socket()) == -1)
		return;
	ssl = SSL_new(ctx);
	SSL_set_fd(ssl, fd);
	T_EQ_INT(SSL_connect(ssl), 1);
	for (int i = 0; i < HALF_CLOSE_CREATES; i++)
		T_EQ_INT(SSL_write(ssl, frame, (int)(FRAME_HDR_LEN + len)),
		    (int)(FRAME_HDR_LEN + len));
	SSL_shutdown(ssl);
	shutdown(fd, SHUT_WR);
	while (have < sizeof(buf) &&
	    (n = SSL_read(ssl, buf + have, (int)(sizeof(buf) - have))) > 0)
		have += (size_t)n;
	T_EQ_INT(SSL_get_error(ssl, n), SSL_ERROR_ZERO_RETURN);
	while (off + FRAME_HDR_LEN <= have) {
		uint32_t fl = (uint32_t)buf[off] << 24 | (uint32_t)buf[off + 1] << 16 |
		    (uint32_t)buf[off + 2] << 8 | buf[off + 3];
		Sk__V1__Response *r;

		if (off + FRAME_HDR_LEN + fl > have)
			break;
		r = sk__v1__response__unpack(NULL, fl, buf + off + FRAME_HDR_LEN);
		replies += r != NULL && r->id == 7 && tclient_code(r) == 0;
		if (r != NULL)
			sk__v1__response__free_unpacked(r, NULL);
		off += FRAME_HDR_LEN + fl;
	}
	T_EQ_INT(replies, HALF_CLOSE_CREATES);
	ERR_clear_error();
	SSL_free(ssl);
	close(fd);
	SSL_CTX_free(ctx);
}

static long initial_count;

static void
test_nothing_changed(void)
{
	/* Only the pipelining case (20) and the half-close (HALF_CLOSE_CREATES)
	 * create; nothing else stored anything. */
	T_EQ_INT(count_initiatives(), initial_count + 20 + HALF_CLOSE_CREATES);
}

static const struct t_case cases[] = {
	{ "garbage bytes", test_garbage },
	{ "frame over the limit", test_oversized },
	{ "frame at the limit", test_at_limit },
	{ "truncated frame", test_truncated },
	{ "undecodable protobuf", test_undecodable },
	{ "unknown call", test_unknown_call },
	{ "request id 0", test_id_zero },
	{ "pipelining, out-of-order replies", test_pipelining },
	{ "TLS: no cert, no ALPN, wrong ALPN, TLS 1.2", test_tls_refusals },
	{ "a request right behind the handshake", test_behind_handshake },
	{ "TLS records: suites, key updates, a forged record", test_records },
	{ "close_notify and a half-close: the replies still come", test_half_close },
	{ "nothing stored changed", test_nothing_changed },
};

int
main(int argc, char **argv)
{
	if (argc != 7) {
		fprintf(stderr, "usage: test_wire PORT CA CERT_A KEY_A CERT_B KEY_B\n");
		return 2;
	}
	port = atoi(argv[1]);
	tclient_config(&cfg_a, argv[1], argv[2], argv[3], argv[4]);
	tclient_config(&cfg_b, argv[1], argv[2], argv[5], argv[6]);
	cfg_a.timeout_ms = cfg_b.timeout_ms = 10000;
	initial_count = count_initiatives();
	if (initial_count < 0) {
		fprintf(stderr, "test_wire: cannot reach the server as A\n");
		return 1;
	}
	return t_run(cases, sizeof(cases) / sizeof(cases[0]));
}
