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

#include "conn.h"
#include "frame.h"
#include "log.h"
#include "metrics.h"
#include "rpc.h"
#include "tls.h"

#define NET_OUT_HIGH (4u << 20) /* stop reading while this much is unsent */
#define NET_HANDSHAKE_SECS 10   /* to finish TLS and authenticate */
#define NET_COPY_MAX 4096       /* replies up to this are copied, not referenced */

struct net_conn {
	struct conn base; /* first: what the layers above hold */
	struct server *srv;
	struct bufferevent *bev;  /* NULL once closed */
	struct rpc_session *sess; /* set once authenticated */
	bool closing;             /* close once the output is flushed */
	bool finishing;           /* close_notify sent, waiting for EOF */
	bool paused;              /* reading stopped for back-pressure */
	bool half_closed;         /* shutdown(SHUT_WR) done */
	evutil_socket_t fd;
	unsigned refs; /* 1 while open, +1 per pending write */
	unsigned long serial;
	char peer[64];
	struct net_conn *prev, *next;
};

struct net {
	struct evconnlistener *listener;
	SSL_CTX *ssl_ctx;
	struct net_conn *conns;
	unsigned nconns;
	unsigned long serial;
	bool quiet; /* shutting down: accept and read nothing */
};

static void conn_close(struct net_conn *c);
static void conn_finish(struct net_conn *c);

static void
conn_unlink(struct net_conn *c)
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

/* Bytes not yet written to the socket: replies, and records made of them. */
static size_t
conn_unsent(struct net_conn *c)
{
	return evbuffer_get_length(bufferevent_get_output(c->bev)) +
	    evbuffer_get_length(
	        bufferevent_get_output(bufferevent_get_underlying(c->bev)));
}

/*
 * Read again. Records may wait, not yet decrypted, in the socket's buffer
 * (the TLS filter takes them only when the socket brings more) and frames
 * in ours: have both looked at.
 */
static void
conn_resume(struct net_conn *c)
{
	bufferevent_enable(c->bev, EV_READ);
	bufferevent_trigger(bufferevent_get_underlying(c->bev), EV_READ,
	    BEV_TRIG_IGNORE_WATERMARKS | BEV_TRIG_DEFER_CALLBACKS);
	bufferevent_trigger(c->bev, EV_READ, BEV_TRIG_DEFER_CALLBACKS);
}

static void
net_conn_hold(struct conn *base)
{
	struct net_conn *c = (struct net_conn *)base;

	c->refs++;
}

static void
net_conn_release(struct conn *base)
{
	struct net_conn *c = (struct net_conn *)base;

	if (--c->refs == 0) {
		free(c);
		return;
	}
	/* A slot for queued writes opened up: read again if we paused. */
	if (c->paused && c->bev != NULL && c->refs <= c->srv->cfg->max_inflight &&
	    conn_unsent(c) < NET_OUT_HIGH) {
		c->paused = false;
		conn_resume(c);
	}
}

static void
conn_close(struct net_conn *c)
{
	if (c->bev == NULL)
		return;
	log_debug("conn %lu (%s): closed", c->serial, c->peer);
	metrics_conn_close();
	bufferevent_free(c->bev); /* closes the socket and frees the SSL */
	c->bev = NULL;
	rpc_close(c->sess);
	c->sess = NULL;
	conn_unlink(c);
	net_conn_release(&c->base);
}

static void
frame_cleanup(const void *data, size_t len, void *secret)
{
	if (secret != NULL)
		OPENSSL_cleanse((void *)data, len);
	free((void *)data);
}

static void
net_conn_send(struct conn *base, uint8_t *frame, size_t len, bool secret)
{
	struct net_conn *c = (struct net_conn *)base;
	struct evbuffer *out;
	int rc;

	/* Gone meanwhile, or ended: what the peer was told last stays last. */
	if (c->bev == NULL || c->closing) {
		frame_cleanup(frame, len, secret ? (void *)1 : NULL);
		return;
	}
	out = bufferevent_get_output(c->bev);
	/* Small replies are copied in after the ones before them, so that
	 * pipelined replies leave in one TLS record and one write, not one
	 * each (libevent writes a record per buffer chain). */
	if (!secret && len <= NET_COPY_MAX) {
		rc = evbuffer_add(out, frame, len);
		free(frame);
	} else {
		/* Handed over without a copy; freed (and wiped if secret)
		 * once OpenSSL has taken the bytes. */
		rc = evbuffer_add_reference(out, frame, len, frame_cleanup,
		    secret ? (void *)1 : NULL);
		if (rc != 0)
			frame_cleanup(frame, len, secret ? (void *)1 : NULL);
	}
	if (rc != 0) {
		log_error("conn %lu: cannot queue a reply", c->serial);
		c->closing = true; /* a reply is lost: the peer must not wait */
		conn_finish(c);
		return;
	}
	if (conn_unsent(c) >= NET_OUT_HIGH && !c->paused) {
		c->paused = true;
		bufferevent_disable(c->bev, EV_READ);
	}
}

/* The socket's buffer is empty: half-close (conn_finish waits for it). */
static void
sent_cb(struct evbuffer *buf, const struct evbuffer_cb_info *info, void *arg)
{
	struct net_conn *c = arg;

	(void)info;
	if (evbuffer_get_length(buf) == 0 && !c->half_closed) {
		c->half_closed = true;
		shutdown(c->fd, SHUT_WR);
	}
}

/*
 * Everything owed is sent: say close_notify, half-close, and wait a little
 * for the peer's EOF while discarding what it still sends. Closing with
 * unread input would make the kernel send a reset, which can destroy the
 * error reply before the peer reads it.
 */
static void
conn_finish(struct net_conn *c)
{
	struct timeval linger = { 5, 0 };
	SSL *ssl = bufferevent_openssl_get_ssl(c->bev);
	struct evbuffer *wire;

	if (c->finishing)
		return;
	c->finishing = true;
	SSL_shutdown(ssl);
	/* The socket's own buffer still holds the close_notify (and perhaps
	 * more): half-close once it is written. */
	wire = bufferevent_get_output(bufferevent_get_underlying(c->bev));
	if (evbuffer_add_cb(wire, sent_cb, c) == NULL)
		shutdown(c->fd, SHUT_WR);
	else
		sent_cb(wire, NULL, c);
	bufferevent_set_timeouts(c->bev, &linger, NULL);
	bufferevent_enable(c->bev, EV_READ);
}

/* A last frame (or none), then close once the output is flushed. */
static void
net_conn_end(struct conn *base, uint8_t *frame, size_t len)
{
	struct net_conn *c = (struct net_conn *)base;

	if (frame != NULL)
		net_conn_send(base, frame, len, false);
	if (c->bev == NULL)
		return;
	c->closing = true;
	if (evbuffer_get_length(bufferevent_get_output(c->bev)) == 0)
		conn_finish(c);
}

static const struct conn_ops net_conn_ops = {
	.send = net_conn_send,
	.end = net_conn_end,
	.hold = net_conn_hold,
	.release = net_conn_release,
};

/* Refuse the connection as a whole (request id 0), then close. */
static void
conn_fail(struct net_conn *c, int code, const char *msg)
{
	log_info("conn %lu (%s): refused: %s: %s", c->serial, c->peer, status_name(code),
	    msg);
	metrics_handshake_failed();
	rpc_refuse(&c->base, code, msg);
}

static void
conn_authenticate(struct net_conn *c)
{
	SSL *ssl = bufferevent_openssl_get_ssl(c->bev);
	const unsigned char *alpn;
	unsigned int alpn_len;
	uint8_t fp[TLS_FP_LEN];
	struct timeval idle = { c->srv->cfg->idle_timeout, 0 };
	const char *why, *pwhy;
	char msg[160], who[96];
	bool pinned;

	SSL_get0_alpn_selected(ssl, &alpn, &alpn_len);
	if (alpn_len != strlen(TLS_ALPN) || memcmp(alpn, TLS_ALPN, alpn_len) != 0) {
		conn_fail(c, SK_FAILED_PRECONDITION, "ALPN sk/1 is required");
		return;
	}
	/* A linked server's certificate is of its own CA: accepted only if
	 * pinned (rpc_open asks authz). */
	if (tls_peer_fingerprint(ssl, fp, &why) == 0)
		pinned = false;
	else if (tls_peer_pinnable(ssl, fp, &pwhy) == 0)
		pinned = true;
	else {
		snprintf(msg, sizeof(msg), "certificate refused: %s", why);
		conn_fail(c, SK_UNAUTHENTICATED, msg);
		return;
	}
	snprintf(who, sizeof(who), "conn %lu (%s)", c->serial, c->peer);
	if ((c->sess = rpc_open(c->srv, &c->base, fp, pinned, who)) == NULL)
		return; /* refused, and told why */
	bufferevent_set_timeouts(c->bev, &idle, &idle);
	/* Requests sent right behind the handshake came with its last bytes. */
	conn_resume(c);
}

/* Hand every whole frame in the input buffer to rpc. */
static void
conn_read_frames(struct net_conn *c)
{
	struct evbuffer *in = bufferevent_get_input(c->bev);
	uint32_t max = c->srv->cfg->max_frame, len;
	uint8_t hdr[FRAME_HDR_LEN];
	char msg[128];
	enum frame_result fr;

	while (c->bev != NULL && !c->srv->net->quiet) {
		if (c->closing) {
			evbuffer_drain(in, evbuffer_get_length(in));
			return;
		}
		/* Records behind the handshake's last are decrypted before
		 * libevent says it is done: they wait for authentication. */
		if (c->sess == NULL)
			return;
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
		rpc_frame(c->sess, evbuffer_pullup(in, len), len);
		if (c->bev == NULL)
			return;
		evbuffer_drain(in, len);
		if (c->refs > c->srv->cfg->max_inflight + 1 && !c->paused) {
			c->paused = true;
			bufferevent_disable(c->bev, EV_READ);
			return;
		}
	}
}

static void
conn_read_cb(struct bufferevent *bev, void *arg)
{
	struct net_conn *c = arg;

	(void)bev;
	net_conn_hold(&c->base); /* a handler may close c under us */
	conn_read_frames(c);
	rpc_flush(c->sess); /* the reads among them, together */
	net_conn_release(&c->base);
}

static void
conn_write_cb(struct bufferevent *bev, void *arg)
{
	struct net_conn *c = arg;

	(void)bev;
	if (c->closing) {
		conn_finish(c);
		return;
	}
	if (c->paused && c->refs <= c->srv->cfg->max_inflight) {
		c->paused = false;
		conn_resume(c);
	}
}

static void
conn_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct net_conn *c = arg;
	char why[256] = "";

	(void)bev;
	if (what & BEV_EVENT_CONNECTED) {
		net_conn_hold(&c->base);
		conn_authenticate(c);
		net_conn_release(&c->base);
		return;
	}
	if (what & BEV_EVENT_ERROR) {
		tls_errors(why, sizeof(why));
		if (c->sess == NULL)
			metrics_handshake_failed(); /* before it knew who: TLS refused */
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
	struct bufferevent *wire;
	struct net_conn *c;
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
	if ((c = calloc(1, sizeof(*c))) == NULL || (ssl = SSL_new(n->ssl_ctx)) == NULL) {
		free(c);
		evutil_closesocket(fd);
		return;
	}
	/* TLS as a filter over a socket bufferevent: the socket is read and
	 * written in large pieces, and every record already received is
	 * decrypted before the frames are handled, so that pipelined
	 * requests cost one read and their replies one write. (Over the
	 * socket directly, libevent takes one record per loop turn.) */
	if ((wire = bufferevent_socket_new(srv->base, fd, BEV_OPT_CLOSE_ON_FREE)) ==
	    NULL) {
		SSL_free(ssl);
		free(c);
		evutil_closesocket(fd);
		return;
	}
	c->bev = bufferevent_openssl_filter_new(srv->base, wire, ssl,
	    BUFFEREVENT_SSL_ACCEPTING, BEV_OPT_CLOSE_ON_FREE);
	if (c->bev == NULL) { /* libevent freed ssl (BEV_OPT_CLOSE_ON_FREE) */
		bufferevent_free(wire);
		free(c);
		return;
	}
	c->fd = fd;
	c->base.ops = &net_conn_ops;
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
	metrics_conn_open();
}

static int
write_port_file(struct server *srv, const char *path, evutil_socket_t fd,
    struct sk_error *err)
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
	srv->port = port;
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
	if ((srv->net->ssl_ctx = tls_ctx_new(TLS_SERVER, srv->cfg->ca_file,
	         srv->cfg->cert_file, srv->cfg->key_file, err)) == NULL)
		return err->code;
	/* An idle connection gives its TLS record buffers (some 34 KiB)
	 * back; they are taken again when a record comes. */
	if (srv->cfg->tls_release_buffers)
		SSL_CTX_set_mode(srv->net->ssl_ctx, SSL_MODE_RELEASE_BUFFERS);
	if (parse_listen(srv->cfg->listen, &ss, &sslen) != 0)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "listen: \"%s\" is not address:port (numeric)", srv->cfg->listen);
	srv->net->listener = evconnlistener_new_bind(srv->base, accept_cb, srv,
	    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE | LEV_OPT_CLOSE_ON_EXEC, 128,
	    (struct sockaddr *)&ss, sslen);
	if (srv->net->listener == NULL)
		return status_set(err, SK_UNAVAILABLE, "cannot listen on %s: %s",
		    srv->cfg->listen, strerror(errno));
	return write_port_file(srv, srv->cfg->port_file,
	    evconnlistener_get_fd(srv->net->listener), err);
}

void
net_quiesce(struct server *srv)
{
	struct net *n = srv->net;

	n->quiet = true;
	if (n->listener != NULL)
		evconnlistener_disable(n->listener);
	for (struct net_conn *c = n->conns; c != NULL; c = c->next)
		bufferevent_disable(c->bev, EV_READ);
}

bool
net_flushed(struct server *srv)
{
	for (struct net_conn *c = srv->net->conns; c != NULL; c = c->next)
		if (conn_unsent(c) > 0)
			return false;
	return true;
}

void
net_free(struct server *srv)
{
	struct net *n = srv->net;
	struct net_conn *c, *next;

	if (n == NULL)
		return;
	for (c = n->conns; c != NULL; c = next) {
		next = c->next;
		conn_close(c);
	}
	if (n->listener != NULL)
		evconnlistener_free(n->listener);
	SSL_CTX_free(n->ssl_ctx);
	free(n);
	srv->net = NULL;
}
