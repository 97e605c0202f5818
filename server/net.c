#include "net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
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
#include "tls13.h"

#define NET_OUT_HIGH (4u << 20) /* stop reading while this much is unsent */
#define NET_HANDSHAKE_SECS 10   /* to finish the TLS handshake */
#define NET_COPY_MAX 4096       /* replies up to this are sealed together */

/*
 * A connection is first a handshake: OpenSSL on the socket, driven by one
 * event. Then OpenSSL's state is freed, tls13 seals and opens the records,
 * and the socket is a plain bufferevent whose input holds records and
 * whose output holds sealed ones.
 */
struct net_conn {
	struct conn base; /* first: what the layers above hold */
	struct server *srv;
	SSL *ssl;            /* during the handshake only */
	struct event *hs_ev; /* ditto: the socket's readiness, the deadline */
	struct timeval hs_deadline;
	struct bufferevent *bev; /* after it; NULL once closed */
	struct tls13 *tls;
	struct evbuffer *in;      /* opened records: frames */
	struct evbuffer *out;     /* small replies, sealed together */
	struct rpc_session *sess; /* set once authenticated */
	bool closed;
	bool closing;     /* close once the output is flushed */
	bool finishing;   /* all said (close_notify, an alert), waiting for EOF */
	bool paused;      /* reading stopped for back-pressure */
	bool half_closed; /* shutdown(SHUT_WR) done */
	bool peer_done;   /* the peer's close_notify came: it sends no more */
	bool eof;         /* and its FIN: close once all owed is written */
	bool sealing;     /* on the list of connections to seal */
	evutil_socket_t fd;
	unsigned refs; /* 1 while open, +1 per pending request, seal, callback */
	unsigned long serial;
	char peer[64];
	struct net_conn *prev, *next;
	struct net_conn *seal_next;
};

struct net {
	struct evconnlistener *listener;
	SSL_CTX *ssl_ctx;
	struct net_conn *conns;
	unsigned nconns;
	unsigned long serial;
	struct event *seal_ev; /* seals the replies of a loop turn */
	struct net_conn *sealq;
	bool quiet; /* shutting down: accept and read nothing */
};

static void conn_close(struct net_conn *c);
static void conn_finish(struct net_conn *c, bool notify);
static void conn_maybe_done(struct net_conn *c);

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

/* Bytes not yet written to the socket, sealed or not. */
static size_t
conn_unsent(struct net_conn *c)
{
	return evbuffer_get_length(c->out) +
	    evbuffer_get_length(bufferevent_get_output(c->bev));
}

/* Requests of c not yet answered: its holds but the open one and the
 * seal queue's. */
static unsigned
conn_inflight(struct net_conn *c)
{
	return c->refs - 1 - c->sealing;
}

/* Stop reading: too much owed to the peer, or unread by it. */
static void
conn_pause(struct net_conn *c)
{
	if (c->paused)
		return;
	c->paused = true;
	bufferevent_disable(c->bev, EV_READ);
}

/* Read again: records and frames may wait in the buffers already. */
static void
conn_resume(struct net_conn *c)
{
	if (c->srv->net->quiet)
		return;
	bufferevent_enable(c->bev, EV_READ);
	bufferevent_trigger(c->bev, EV_READ,
	    BEV_TRIG_IGNORE_WATERMARKS | BEV_TRIG_DEFER_CALLBACKS);
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
	if (c->paused && c->bev != NULL && conn_inflight(c) < c->srv->cfg->max_inflight &&
	    conn_unsent(c) < NET_OUT_HIGH) {
		c->paused = false;
		conn_resume(c);
	}
	conn_maybe_done(c);
}

static void
conn_close(struct net_conn *c)
{
	if (c->closed)
		return;
	c->closed = true;
	log_debug("conn %lu (%s): closed", c->serial, c->peer);
	metrics_conn_close();
	if (c->bev != NULL)
		bufferevent_free(c->bev); /* closes the socket */
	else
		evutil_closesocket(c->fd);
	c->bev = NULL;
	SSL_free(c->ssl);
	c->ssl = NULL;
	if (c->hs_ev != NULL)
		event_free(c->hs_ev);
	c->hs_ev = NULL;
	tls13_free(c->tls);
	c->tls = NULL;
	if (c->in != NULL)
		evbuffer_free(c->in);
	if (c->out != NULL)
		evbuffer_free(c->out);
	c->in = c->out = NULL;
	rpc_close(c->sess);
	c->sess = NULL;
	conn_unlink(c);
	net_conn_release(&c->base);
}

static void
frame_cleanup(uint8_t *frame, size_t len, bool secret)
{
	if (secret)
		OPENSSL_cleanse(frame, len);
	free(frame);
}

/* Seal the replies gathered; a failure ends the connection. */
static int
conn_seal(struct net_conn *c)
{
	if (evbuffer_get_length(c->out) == 0 ||
	    tls13_seal(c->tls, c->out, bufferevent_get_output(c->bev)) == 0)
		return 0;
	log_error("conn %lu (%s): cannot seal a reply", c->serial, c->peer);
	c->closing = true; /* a reply is lost: the peer must not wait */
	conn_finish(c, false);
	return -1;
}

/* Replies of one loop turn leave in one record and one write. */
static void
seal_cb(evutil_socket_t fd, short what, void *arg)
{
	struct net *n = arg;
	struct net_conn *c;

	(void)fd;
	(void)what;
	while ((c = n->sealq) != NULL) {
		n->sealq = c->seal_next;
		c->sealing = false;
		if (c->bev != NULL && !c->finishing)
			conn_seal(c);
		net_conn_release(&c->base);
	}
}

static void
conn_seal_later(struct net_conn *c)
{
	struct net *n = c->srv->net;

	if (c->sealing)
		return;
	c->sealing = true;
	net_conn_hold(&c->base);
	c->seal_next = n->sealq;
	n->sealq = c;
	event_active(n->seal_ev, EV_WRITE, 0);
}

static void
net_conn_send(struct conn *base, uint8_t *frame, size_t len, bool secret)
{
	struct net_conn *c = (struct net_conn *)base;
	int rc;

	/* Gone meanwhile, or ended: what the peer was told last stays last. */
	if (c->bev == NULL || c->closing) {
		frame_cleanup(frame, len, secret);
		return;
	}
	if (!secret && len <= NET_COPY_MAX) {
		rc = evbuffer_add(c->out, frame, len);
		if (rc == 0)
			conn_seal_later(c);
	} else {
		/* Sealed from the frame itself, behind the replies before it;
		 * a secret is then wiped, never copied to a buffer. */
		if (conn_seal(c) != 0)
			goto done;
		rc = tls13_seal_mem(c->tls, frame, len, bufferevent_get_output(c->bev));
	}
	if (rc != 0) {
		log_error("conn %lu: cannot queue a reply", c->serial);
		c->closing = true; /* a reply is lost: the peer must not wait */
		conn_finish(c, false);
		goto done;
	}
	if (conn_unsent(c) >= NET_OUT_HIGH)
		conn_pause(c);
done:
	frame_cleanup(frame, len, secret);
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
 * Everything owed is sealed: say close_notify (unless a fatal alert went
 * instead), half-close once written, and wait a little for the peer's EOF
 * while discarding what it still sends. Closing with unread input would
 * make the kernel send a reset, which can destroy the error reply before
 * the peer reads it.
 */
static void
conn_finish(struct net_conn *c, bool notify)
{
	struct timeval linger = { 5, 0 };
	struct evbuffer *wire = bufferevent_get_output(c->bev);

	if (c->finishing)
		return;
	c->finishing = true;
	if (notify && tls13_seal(c->tls, c->out, wire) == 0)
		tls13_close_notify(c->tls, wire);
	evbuffer_drain(c->out, evbuffer_get_length(c->out));
	if (evbuffer_add_cb(wire, sent_cb, c) == NULL)
		shutdown(c->fd, SHUT_WR);
	else
		sent_cb(wire, NULL, c);
	bufferevent_set_timeouts(c->bev, &linger, &linger);
	if (!c->eof)
		bufferevent_enable(c->bev, EV_READ);
	else if (conn_unsent(c) == 0) /* the peer is gone and nothing is owed */
		bufferevent_trigger(c->bev, EV_WRITE,
		    BEV_TRIG_IGNORE_WATERMARKS | BEV_TRIG_DEFER_CALLBACKS);
}

/* Does a whole frame (or one too big) wait in the input, not yet read? */
static bool
conn_frame_waiting(struct net_conn *c)
{
	uint8_t hdr[FRAME_HDR_LEN];
	uint32_t len;

	return evbuffer_copyout(c->in, hdr, FRAME_HDR_LEN) == FRAME_HDR_LEN &&
	    frame_check(hdr, evbuffer_get_length(c->in), c->srv->cfg->max_frame, &len) !=
	    FRAME_NEED_MORE;
}

/*
 * The peer said close_notify, which ends only what it sends (RFC 8446
 * 6.1): once every request it sent is answered and sealed, say ours and
 * close.
 */
static void
conn_maybe_done(struct net_conn *c)
{
	if (c->peer_done && c->bev != NULL && !c->finishing && !c->paused &&
	    conn_inflight(c) == 0 && !conn_frame_waiting(c)) {
		c->closing = true;
		conn_finish(c, true);
	}
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
	conn_finish(c, true);
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

/* Who the handshake says the peer is; read before the SSL is freed. */
struct peer_id {
	uint8_t fp[TLS_FP_LEN];
	bool pinned; /* a linked server's certificate, of its own CA */
	int code;    /* SK_OK, or why it is refused */
	char msg[160];
};

static void
peer_identify(SSL *ssl, struct peer_id *p)
{
	const unsigned char *alpn;
	unsigned int alpn_len;
	const char *why, *pwhy;

	p->code = SK_OK;
	SSL_get0_alpn_selected(ssl, &alpn, &alpn_len);
	if (alpn_len != strlen(TLS_ALPN) || memcmp(alpn, TLS_ALPN, alpn_len) != 0) {
		p->code = SK_FAILED_PRECONDITION;
		snprintf(p->msg, sizeof(p->msg), "ALPN sk/1 is required");
		return;
	}
	/* A linked server's certificate is of its own CA: accepted only if
	 * pinned (rpc_open asks authz). */
	if (tls_peer_fingerprint(ssl, p->fp, &why) == 0)
		p->pinned = false;
	else if (tls_peer_pinnable(ssl, p->fp, &pwhy) == 0)
		p->pinned = true;
	else {
		p->code = SK_UNAUTHENTICATED;
		snprintf(p->msg, sizeof(p->msg), "certificate refused: %s", why);
	}
}

static void conn_read_cb(struct bufferevent *bev, void *arg);
static void conn_write_cb(struct bufferevent *bev, void *arg);
static void conn_event_cb(struct bufferevent *bev, short what, void *arg);

/* From OpenSSL's handshake to tls13's records over a bufferevent. */
static int
conn_switch(struct net_conn *c, const char **why)
{
	if (tls13_start(c->tls, c->ssl, why) != 0)
		return -1;
	SSL_free(c->ssl);
	c->ssl = NULL;
	event_free(c->hs_ev);
	c->hs_ev = NULL;
	*why = "out of memory";
	if ((c->in = evbuffer_new()) == NULL || (c->out = evbuffer_new()) == NULL ||
	    (c->bev = bufferevent_socket_new(c->srv->base, c->fd,
	         BEV_OPT_CLOSE_ON_FREE)) == NULL)
		return -1;
	/* Timeouts come next: the idle one once authenticated, or the
	 * linger of a refusal (conn_finish). */
	bufferevent_setcb(c->bev, conn_read_cb, conn_write_cb, conn_event_cb, c);
	bufferevent_enable(c->bev, EV_READ | EV_WRITE);
	return 0;
}

static void
conn_authenticate(struct net_conn *c)
{
	struct timeval idle = { c->srv->cfg->idle_timeout, 0 };
	struct peer_id p;
	const char *why;
	char who[96];

	memset(&p, 0, sizeof(p));
	peer_identify(c->ssl, &p);
	if (conn_switch(c, &why) != 0) {
		log_info("conn %lu (%s): %s", c->serial, c->peer, why);
		metrics_handshake_failed();
		conn_close(c);
		return;
	}
	if (p.code != SK_OK) {
		conn_fail(c, p.code, p.msg);
		return;
	}
	snprintf(who, sizeof(who), "conn %lu (%s)", c->serial, c->peer);
	if ((c->sess = rpc_open(c->srv, &c->base, p.fp, p.pinned, who)) == NULL)
		return; /* refused, and told why */
	bufferevent_set_timeouts(c->bev, &idle, &idle);
	/* Requests sent right behind the handshake came with its last bytes. */
	conn_resume(c);
}

static void handshake_cb(evutil_socket_t fd, short what, void *arg);

/* Wait for the socket as OpenSSL asks, until the deadline. */
static void
handshake_wait(struct net_conn *c, short what)
{
	struct timeval now, left = { 0, 0 };

	event_base_gettimeofday_cached(c->srv->base, &now);
	if (evutil_timercmp(&now, &c->hs_deadline, <))
		evutil_timersub(&c->hs_deadline, &now, &left);
	event_assign(c->hs_ev, c->srv->base, c->fd, what, handshake_cb, c);
	event_add(c->hs_ev, &left);
}

static void
handshake_cb(evutil_socket_t fd, short what, void *arg)
{
	struct net_conn *c = arg;
	char why[256] = "";
	int rc, err;

	(void)fd;
	if (what & EV_TIMEOUT) {
		log_info("conn %lu (%s): handshake timed out", c->serial, c->peer);
		metrics_handshake_failed();
		conn_close(c);
		return;
	}
	ERR_clear_error();
	if ((rc = SSL_do_handshake(c->ssl)) == 1) {
		net_conn_hold(&c->base);
		conn_authenticate(c);
		net_conn_release(&c->base);
		return;
	}
	err = SSL_get_error(c->ssl, rc);
	if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
		handshake_wait(c, err == SSL_ERROR_WANT_READ ? EV_READ : EV_WRITE);
		return;
	}
	tls_errors(why, sizeof(why));
	log_info("conn %lu (%s): %s", c->serial, c->peer,
	    why[0] ? why : "TLS handshake failed");
	metrics_handshake_failed(); /* before it knew who: TLS refused */
	conn_close(c);
}

/* Hand every whole frame in the input buffer to rpc. */
static void
conn_read_frames(struct net_conn *c)
{
	struct evbuffer *in = c->in;
	uint32_t max = c->srv->cfg->max_frame, len;
	uint8_t hdr[FRAME_HDR_LEN];
	char msg[128];
	enum frame_result fr;

	while (c->bev != NULL && !c->srv->net->quiet) {
		if (c->closing) {
			evbuffer_drain(in, evbuffer_get_length(in));
			return;
		}
		/* Refused, and being told why: nothing is read. */
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
		/* The read callback's own hold is one more. */
		if (conn_inflight(c) > c->srv->cfg->max_inflight) {
			conn_pause(c);
			return;
		}
	}
}

static void
conn_read_cb(struct bufferevent *bev, void *arg)
{
	struct net_conn *c = arg;
	struct evbuffer *wire = bufferevent_get_input(bev);
	enum tls13_result r;
	const char *why = "";

	/* All is said, or the peer's close_notify came: what follows is
	 * not read. */
	if (c->finishing || c->peer_done)
		evbuffer_drain(wire, evbuffer_get_length(wire));
	if (c->finishing)
		return;
	net_conn_hold(&c->base); /* a handler may close c under us */
	r = c->peer_done ?
	    TLS13_OK :
	    tls13_open(c->tls, wire, c->in, bufferevent_get_output(bev), &why);
	if (r == TLS13_ERROR) {
		log_info("conn %lu (%s): TLS: %s", c->serial, c->peer, why);
		c->closing = true;
		conn_finish(c, false); /* the alert is sent, nothing after it */
	} else {
		c->peer_done = c->peer_done || r == TLS13_CLOSED;
		conn_read_frames(c);
		rpc_flush(c->sess); /* the reads among them, together */
		/* A peer that asks for key updates and never reads is
		 * answered, but not beyond the output's bound. */
		if (c->bev != NULL && conn_unsent(c) >= NET_OUT_HIGH)
			conn_pause(c);
	}
	net_conn_release(&c->base); /* and closes, if the peer is done */
}

static void
conn_write_cb(struct bufferevent *bev, void *arg)
{
	struct net_conn *c = arg;

	(void)bev;
	if (c->eof && c->finishing && conn_unsent(c) == 0) {
		conn_close(c);
		return;
	}
	if (c->paused && !c->closing && conn_inflight(c) < c->srv->cfg->max_inflight) {
		c->paused = false;
		conn_resume(c);
	}
}

static void
conn_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct net_conn *c = arg;

	(void)bev;
	/* A half-close after close_notify: the replies still go out. */
	if ((what & BEV_EVENT_EOF) &&
	    ((c->peer_done && !c->finishing) || (c->finishing && conn_unsent(c) > 0))) {
		c->eof = true;
		return;
	}
	/* A peer that closed as soon as it said close_notify resets what we
	 * still send it, our close_notify included: no news. */
	if (what & BEV_EVENT_ERROR)
		log_msg(c->peer_done || c->finishing ? LOG_LEVEL_DEBUG : LOG_LEVEL_INFO,
		    "conn %lu (%s): %s", c->serial, c->peer,
		    evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR()));
	else if ((what & BEV_EVENT_TIMEOUT) && !c->finishing)
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
	struct timeval now, handshake = { NET_HANDSHAKE_SECS, 0 };
	struct net_conn *c;
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
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		evutil_closesocket(fd);
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
	metrics_conn_open();
	/* OpenSSL reads the socket itself, a record at a time (no read-ahead),
	 * so that what follows the handshake stays in the socket for tls13. */
	if ((c->ssl = SSL_new(n->ssl_ctx)) == NULL ||
	    (c->tls = tls13_new(c->ssl, true)) == NULL || SSL_set_fd(c->ssl, fd) != 1 ||
	    (c->hs_ev = event_new(srv->base, fd, EV_READ, handshake_cb, c)) == NULL) {
		log_error("conn %lu (%s): out of memory", c->serial, c->peer);
		conn_close(c);
		return;
	}
	SSL_set_accept_state(c->ssl);
	event_base_gettimeofday_cached(srv->base, &now);
	evutil_timeradd(&now, &handshake, &c->hs_deadline);
	handshake_wait(c, EV_READ);
	log_debug("conn %lu (%s): accepted", c->serial, c->peer);
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
	if (tls13_prepare(srv->net->ssl_ctx) != 0 ||
	    (srv->net->seal_ev = event_new(srv->base, -1, 0, seal_cb, srv->net)) == NULL)
		return status_set(err, SK_INTERNAL, "TLS record setup failed");
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

	struct net_conn *c, *next;

	n->quiet = true;
	if (n->listener != NULL)
		evconnlistener_disable(n->listener);
	for (c = n->conns; c != NULL; c = next) {
		next = c->next;
		if (c->bev != NULL)
			bufferevent_disable(c->bev, EV_READ);
		else
			conn_close(c); /* still shaking hands: owed nothing */
	}
}

bool
net_flushed(struct server *srv)
{
	for (struct net_conn *c = srv->net->conns; c != NULL; c = c->next)
		if (c->bev != NULL && conn_unsent(c) > 0)
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
	seal_cb(-1, 0, n); /* gives back the holds of those still listed */
	if (n->seal_ev != NULL)
		event_free(n->seal_ev);
	if (n->listener != NULL)
		evconnlistener_free(n->listener);
	SSL_CTX_free(n->ssl_ctx);
	free(n);
	srv->net = NULL;
}
