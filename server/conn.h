/*
 * conn: a client connection as everything above net sees it.
 *
 * net implements a small table of operations (as Redis's connection.h
 * does); the layers above call them through these wrappers and never see
 * sockets, TLS or net itself. Frames handed over are whole: a 4-byte
 * big-endian length, then the body.
 */
#ifndef SK_CONN_H
#define SK_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct conn;

struct conn_ops {
	/* Queue frame (malloc'd; the connection owns it from here and, if
	 * secret, wipes it once sent). Dropped if the connection is gone. */
	void (*send)(struct conn *c, uint8_t *frame, size_t len, bool secret);
	/* Queue a last frame, then close once everything is sent. */
	void (*end)(struct conn *c, uint8_t *frame, size_t len);
	/* Keep c's memory across an asynchronous reply (a queued write);
	 * release gives it back. */
	void (*hold)(struct conn *c);
	void (*release)(struct conn *c);
};

struct conn {
	const struct conn_ops *ops;
};

static inline void
conn_send(struct conn *c, uint8_t *frame, size_t len, bool secret)
{
	c->ops->send(c, frame, len, secret);
}

static inline void
conn_end(struct conn *c, uint8_t *frame, size_t len)
{
	c->ops->end(c, frame, len);
}

static inline void
conn_hold(struct conn *c)
{
	c->ops->hold(c);
}

static inline void
conn_release(struct conn *c)
{
	c->ops->release(c);
}

#endif
