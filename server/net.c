#include "net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/listener.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "frame.h"
#include "log.h"
#include "rpc.h"
#include "tls.h"

#define NET_OUT_HIGH (4u << 20) /* stop reading while this much is unsent */
#define NET_HANDSHAKE_SECS 10   /* to finish TLS and authenticate */

struct conn {
	struct server *srv;
	struct bufferevent *bev; /* NULL once closed */
	struct principal who;
	bool authed;
	bool closing;   /* close once the output is flushed */
	bool finishing; /* close_notify sent, waiting for EOF */
	bool paused;    /* reading stopped for back-pressure */
	unsigned refs;  /* 1 while open, +1 per pending write */
	unsigned long serial;
	char peer[64];
	struct conn *prev, *next;
};

struct net {
	struct evconnlistener *listener;
	struct conn *conns;
	unsigned nconns;
	unsigned long serial;
	bool quiet; /* shutting down: accept and read nothing */
};

static void conn_close(struct conn *c);
static void conn_finish(struct conn *c);

static void
conn_unlink(struct conn *c)
{
	struct net *n = c->srv->net;

	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		n->conns = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	n->nconns--;
}

void
net_conn_hold(struct conn *c)
{
	c->refs++;
}

void
net_conn_release(struct conn *c)
{
	if (--c->refs == 0) {
		free(c);
		return;
	}
	/* A slot for queued writes opened up: read again if we paused. */
	if (c->paused && c->bev != NULL && c->refs <= c->srv->cfg->max_inflight &&
	    evbuffer_get_length(bufferevent_get_output(c->bev)) < NET_OUT_HIGH) {
		c->paused = false;
		bufferevent_enable(c->bev, EV_READ);
		/* Frames may already wait in the input buffer. */
		bufferevent_trigger(c->bev, EV_READ, BEV_TRIG_DEFER_CALLBACKS);
	}
}

static void
conn_close(struct conn *c)
{
	if (c->bev == NULL)
		return;
	log_debug("conn %lu (%s): closed", c->serial, c->peer);
	bufferevent_free(c->bev); /* closes the socket and frees the SSL */
	c->bev = NULL;
	conn_unlink(c);
	net_conn_release(c);
}

static void
reply_cleanup(const void *data, size_t len, void *secret)
{
	if (secret != NULL)
		OPENSSL_cleanse((void *)data, len);
	free((void *)data);
}

void
net_reply(struct conn *c, const Sk__V1__Response *resp, bool secret)
{
	struct evbuffer *out;
	size_t len;
	uint8_t *buf;

	if (c->bev == NULL)
		return; /* the connection went away meanwhile */
	len = protobuf_c_message_get_packed_size(&resp->base);
	if ((buf = malloc(FRAME_HDR_LEN + len)) == NULL) {
		log_error("conn %lu: out of memory for a reply", c->serial);
		c->closing = true; /* a reply is lost: the peer must not wait */
		conn_finish(c);
		return;
	}
	frame_hdr_put(buf, (uint32_t)len);
	protobuf_c_message_pack(&resp->base, buf + FRAME_HDR_LEN);
	out = bufferevent_get_output(c->bev);
	/* Hand the buffer over without a copy; it is freed (and wiped if
	 * secret) once OpenSSL has taken the bytes. */
	if (evbuffer_add_reference(out, buf, FRAME_HDR_LEN + len, reply_cleanup,
	        secret ? (void *)1 : NULL) != 0) {
		reply_cleanup(buf, FRAME_HDR_LEN + len, secret ? (void *)1 : NULL);
		c->closing = true;
		conn_finish(c);
		return;
	}
	if (evbuffer_get_length(out) >= NET_OUT_HIGH && !c->paused) {
		c->paused = true;
		bufferevent_disable(c->bev, EV_READ);
	}
}

/*
 * Everything owed is sent: say close_notify, half-close, and wait a little
 * for the peer's EOF while discarding what it still sends. Closing with
 * unread input would make the kernel send a reset, which can destroy the
 * error reply before the peer reads it.
 */
static void
conn_finish(struct conn *c)
{
	struct timeval linger = { 5, 0 };
	SSL *ssl = bufferevent_openssl_get_ssl(c->bev);

	if (c->finishing)
		return;
	c->finishing = true;
	SSL_shutdown(ssl);
	shutdown(bufferevent_getfd(c->bev), SHUT_WR);
	bufferevent_set_timeouts(c->bev, &linger, NULL);
	bufferevent_enable(c->bev, EV_READ);
}

/* Tell the peer what went wrong (request id 0), then close. */
static void
conn_fail(struct conn *c, int code, const char *msg)
{
	Sk__V1__Response resp = SK__V1__RESPONSE__INIT;
	Sk__V1__Status st = SK__V1__STATUS__INIT;

	log_info("conn %lu (%s): %s: %s", c->serial, c->peer, status_name(code), msg);
	st.code = (Sk__V1__Code)code;
	st.message = (char *)msg;
	resp.status = &st;
	net_reply(c, &resp, false);
	if (c->bev == NULL)
		return;
	c->closing = true;
	if (evbuffer_get_length(bufferevent_get_output(c->bev)) == 0)
		conn_finish(c);
}

static void
conn_authenticate(struct conn *c)
{
	SSL *ssl = bufferevent_openssl_get_ssl(c->bev);
	const unsigned char *alpn;
	unsigned int alpn_len;
	uint8_t fp[STORE_FP_LEN];
	const char *why;
	char msg[160];
	struct store_txn t;
	struct sk_error err = { 0 };
	UserRec *u = NULL;
	int rc;

	SSL_get0_alpn_selected(ssl, &alpn, &alpn_len);
	if (alpn_len != strlen(TLS_ALPN) || memcmp(alpn, TLS_ALPN, alpn_len) != 0) {
		conn_fail(c, SK_FAILED_PRECONDITION, "ALPN sk/1 is required");
		return;
	}
	if (tls_peer_fingerprint(ssl, fp, &why) != 0) {
		snprintf(msg, sizeof(msg), "certificate refused: %s", why);
		conn_fail(c, SK_UNAUTHENTICATED, msg);
		return;
	}
	if ((rc = store_read_begin(c->srv->st, &t)) == 0) {
		rc = store_user_by_fp(&t, fp, &u);
		store_read_end(&t);
	}
	if (rc == SK_NOT_FOUND) {
		conn_fail(c, SK_UNAUTHENTICATED,
		    "this certificate is not enrolled for any user");
	} else if (rc != 0) {
		conn_fail(c, SK_UNAVAILABLE, "storage error while authenticating");
	} else if (authz_principal(&c->who, u, fp, &err) != 0) {
		conn_fail(c, err.code, err.msg);
	} else {
		struct timeval idle = { c->srv->cfg->idle_timeout, 0 };

		c->authed = true;
		bufferevent_set_timeouts(c->bev, &idle, &idle);
		log_info("conn %lu (%s): user %s, unit %u", c->serial, c->peer,
		    c->who.login, c->who.tenant);
	}
	store_rec_free(u);
}

/* Decode and dispatch every whole frame in the input buffer. */
static void
conn_read_frames(struct conn *c)
{
	struct evbuffer *in = bufferevent_get_input(c->bev);
	uint32_t max = c->srv->cfg->max_frame, len;
	Sk__V1__Request *req;
	uint8_t hdr[FRAME_HDR_LEN];
	char msg[128];
	enum frame_result fr;

	while (c->bev != NULL && !c->srv->net->quiet) {
		if (!c->authed || c->closing) {
			evbuffer_drain(in, evbuffer_get_length(in));
			return;
		}
		/* Replies not yet read by the peer: stop here, not after the
		 * whole input; the write callback resumes when they drain. */
		if (c->paused)
			return;
		if (evbuffer_copyout(in, hdr, FRAME_HDR_LEN) < FRAME_HDR_LEN)
			return;
		fr = frame_check(hdr, evbuffer_get_length(in), max, &len);
		if (fr == FRAME_TOO_BIG) {
			snprintf(msg, sizeof(msg),
			    "frame of %u bytes exceeds the limit of %u", len, max);
			conn_fail(c, SK_RESOURCE_EXHAUSTED, msg);
			return;
		}
		if (fr == FRAME_NEED_MORE)
			return;
		evbuffer_drain(in, FRAME_HDR_LEN);
		req = sk__v1__request__unpack(NULL, len, evbuffer_pullup(in, len));
		evbuffer_drain(in, len);
		if (req == NULL) {
			Sk__V1__Response resp = SK__V1__RESPONSE__INIT;
			Sk__V1__Status st = SK__V1__STATUS__INIT;

			st.code = SK__V1__CODE__INVALID_ARGUMENT;
			st.message = "request does not decode as sk.v1.Request";
			resp.status = &st;
			log_info("conn %lu (%s): undecodable request of %u bytes",
			    c->serial, c->peer, len);
			net_reply(c, &resp, false);
			continue;
		}
		rpc_dispatch(c->srv, c, &c->who, req);
		sk__v1__request__free_unpacked(req, NULL);
		if (c->bev != NULL && c->refs > c->srv->cfg->max_inflight + 1 &&
		    !c->paused) {
			c->paused = true;
			bufferevent_disable(c->bev, EV_READ);
			return;
		}
	}
}

static void
conn_read_cb(struct bufferevent *bev, void *arg)
{
	struct conn *c = arg;

	(void)bev;
	net_conn_hold(c); /* a handler may close c under us */
	conn_read_frames(c);
	net_conn_release(c);
}

static void
conn_write_cb(struct bufferevent *bev, void *arg)
{
	struct conn *c = arg;

	(void)bev;
	if (c->closing) {
		conn_finish(c);
		return;
	}
	if (c->paused && c->refs <= c->srv->cfg->max_inflight) {
		c->paused = false;
		bufferevent_enable(c->bev, EV_READ);
		bufferevent_trigger(c->bev, EV_READ, BEV_TRIG_DEFER_CALLBACKS);
	}
}

static void
conn_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct conn *c = arg;
	char why[256] = "";

	(void)bev;
	if (what & BEV_EVENT_CONNECTED) {
		net_conn_hold(c);
		conn_authenticate(c);
		net_conn_release(c);
		return;
	}
	if (what & BEV_EVENT_ERROR) {
		tls_errors(why, sizeof(why));
		log_info("conn %lu (%s): %s", c->serial, c->peer,
		    why[0] ? why : "connection error");
	} else if (what & BEV_EVENT_TIMEOUT)
		log_info("conn %lu (%s): idle timeout", c->serial, c->peer);
	conn_close(c);
}

static void
peer_name(const struct sockaddr *sa, char *buf, size_t sz)
{
	char host[INET6_ADDRSTRLEN] = "?";
	unsigned port = 0;

	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)sa;

		inet_ntop(AF_INET, &in->sin_addr, host, sizeof(host));
		port = ntohs(in->sin_port);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)sa;

		inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof(host));
		port = ntohs(in6->sin6_port);
	}
	snprintf(buf, sz, "%s:%u", host, port);
}

static void
accept_cb(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa, int salen,
    void *arg)
{
	struct server *srv = arg;
	struct net *n = srv->net;
	struct timeval handshake = { NET_HANDSHAKE_SECS, 0 };
	struct conn *c;
	SSL *ssl;
	int one = 1;

	(void)l;
	(void)salen;
	if (n->quiet || n->nconns >= srv->cfg->max_conns) {
		log_warn("refusing a connection: %s",
		    n->quiet ? "shutting down" : "too many connections");
		evutil_closesocket(fd);
		return;
	}
	/* Replies are whole frames; pipelined ones must not wait for ACKs. */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if ((c = calloc(1, sizeof(*c))) == NULL ||
	    (ssl = SSL_new(srv->ssl_ctx)) == NULL) {
		free(c);
		evutil_closesocket(fd);
		return;
	}
	c->bev = bufferevent_openssl_socket_new(srv->base, fd, ssl,
	    BUFFEREVENT_SSL_ACCEPTING, BEV_OPT_CLOSE_ON_FREE);
	if (c->bev == NULL) {
		SSL_free(ssl);
		free(c);
		evutil_closesocket(fd);
		return;
	}
	c->srv = srv;
	c->refs = 1;
	c->serial = ++n->serial;
	peer_name(sa, c->peer, sizeof(c->peer));
	c->next = n->conns;
	if (n->conns != NULL)
		n->conns->prev = c;
	n->conns = c;
	n->nconns++;
	bufferevent_openssl_set_allow_dirty_shutdown(c->bev, 1);
	bufferevent_setcb(c->bev, conn_read_cb, conn_write_cb, conn_event_cb, c);
	/* Unauthenticated peers get seconds, not the idle timeout. */
	bufferevent_set_timeouts(c->bev, &handshake, &handshake);
	bufferevent_enable(c->bev, EV_READ | EV_WRITE);
	log_debug("conn %lu (%s): accepted", c->serial, c->peer);
}

static int
write_port_file(const char *path, evutil_socket_t fd, struct sk_error *err)
{
	union {
		struct sockaddr sa;
		struct sockaddr_in in;
		struct sockaddr_in6 in6;
	} ss;
	socklen_t len = sizeof(ss);
	unsigned port;
	FILE *fp;

	memset(&ss, 0, sizeof(ss));
	if (getsockname(fd, &ss.sa, &len) != 0)
		return status_set(err, SK_INTERNAL, "getsockname: %s", strerror(errno));
	port = ntohs(ss.sa.sa_family == AF_INET6 ? ss.in6.sin6_port : ss.in.sin_port);
	log_info("listening on port %u", port);
	if (path[0] == '\0')
		return 0;
	if ((fp = fopen(path, "w")) == NULL)
		return status_set(err, SK_INTERNAL, "%s: %s", path, strerror(errno));
	fprintf(fp, "%u\n", port);
	fclose(fp);
	return 0;
}

/* "host:port" or "[v6]:port", numeric; port 0 asks for any free port. */
static int
parse_listen(const char *s, struct sockaddr_storage *ss, int *sslen)
{
	struct sockaddr_in *in = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
	char host[INET6_ADDRSTRLEN + 2];
	const char *colon = strrchr(s, ':');
	unsigned long port;
	char *end;
	size_t hl;

	if (colon == NULL || (hl = (size_t)(colon - s)) == 0 || hl >= sizeof(host))
		return -1;
	port = strtoul(colon + 1, &end, 10);
	if (end == colon + 1 || *end != '\0' || port > 65535)
		return -1;
	memcpy(host, s, hl);
	host[hl] = '\0';
	memset(ss, 0, sizeof(*ss));
	if (host[0] == '[' && host[hl - 1] == ']') {
		host[hl - 1] = '\0';
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
		*sslen = sizeof(*in6);
		return inet_pton(AF_INET6, host + 1, &in6->sin6_addr) == 1 ? 0 : -1;
	}
	in->sin_family = AF_INET;
	in->sin_port = htons((uint16_t)port);
	*sslen = sizeof(*in);
	return inet_pton(AF_INET, host, &in->sin_addr) == 1 ? 0 : -1;
}

int
net_start(struct server *srv, struct sk_error *err)
{
	struct sockaddr_storage ss;
	int sslen = sizeof(ss);

	if ((srv->net = calloc(1, sizeof(*srv->net))) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	if (parse_listen(srv->cfg->listen, &ss, &sslen) != 0)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "listen: \"%s\" is not address:port (numeric)", srv->cfg->listen);
	srv->net->listener = evconnlistener_new_bind(srv->base, accept_cb, srv,
	    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE | LEV_OPT_CLOSE_ON_EXEC, 128,
	    (struct sockaddr *)&ss, sslen);
	if (srv->net->listener == NULL)
		return status_set(err, SK_UNAVAILABLE, "cannot listen on %s: %s",
		    srv->cfg->listen, strerror(errno));
	return write_port_file(srv->cfg->port_file,
	    evconnlistener_get_fd(srv->net->listener), err);
}

void
net_quiesce(struct server *srv)
{
	struct net *n = srv->net;

	n->quiet = true;
	if (n->listener != NULL)
		evconnlistener_disable(n->listener);
	for (struct conn *c = n->conns; c != NULL; c = c->next)
		bufferevent_disable(c->bev, EV_READ);
}

bool
net_flushed(struct server *srv)
{
	for (struct conn *c = srv->net->conns; c != NULL; c = c->next)
		if (evbuffer_get_length(bufferevent_get_output(c->bev)) > 0)
			return false;
	return true;
}

void
net_free(struct server *srv)
{
	struct net *n = srv->net;
	struct conn *c, *next;

	if (n == NULL)
		return;
	for (c = n->conns; c != NULL; c = next) {
		next = c->next;
		conn_close(c);
	}
	if (n->listener != NULL)
		evconnlistener_free(n->listener);
	free(n);
	srv->net = NULL;
}

void
net_kick(struct server *srv, const uint8_t fp[STORE_FP_LEN], const char *why)
{
	struct conn *c, *next;

	for (c = srv->net->conns; c != NULL; c = next) {
		next = c->next; /* conn_fail may unlink c */
		if (c->authed && memcmp(c->who.fp, fp, STORE_FP_LEN) == 0) {
			c->authed = false;
			conn_fail(c, SK_UNAUTHENTICATED, why);
		}
	}
}
