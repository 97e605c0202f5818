/*
 * frame: the length-prefixed framing of the wire protocol.
 *
 * A frame is a 4-byte big-endian length followed by that many bytes of
 * one encoded protobuf message. The length is checked against the
 * receiver's limit as soon as the 4 header bytes are in, before any of
 * the body is buffered. An empty body is allowed (it decodes to an empty
 * message, which the server refuses as "no call").
 */
#ifndef SK_FRAME_H
#define SK_FRAME_H

#include <stddef.h>
#include <stdint.h>

#define FRAME_HDR_LEN 4
#define FRAME_DEFAULT_MAX (1u << 20) /* 1 MiB */
#define FRAME_HARD_MAX (64u << 20)   /* no limit may exceed this */
#define FRAME_MIN_MAX (320u << 10)   /* nor be below: a 256 KiB file chunk must fit */

enum frame_result {
	FRAME_NEED_MORE = 0, /* not enough bytes yet */
	FRAME_READY = 1,     /* a whole frame is available */
	FRAME_TOO_BIG = -1   /* announced length exceeds the limit */
};

/* Write the header for a body of len bytes. */
void frame_hdr_put(uint8_t hdr[FRAME_HDR_LEN], uint32_t len);

/* Read a header. */
uint32_t frame_hdr_get(const uint8_t hdr[FRAME_HDR_LEN]);

/*
 * Look at the first avail bytes of a stream: is a whole frame there?
 * On FRAME_READY and FRAME_TOO_BIG, *body_len is the announced length.
 */
enum frame_result frame_check(const uint8_t *buf, size_t avail, uint32_t max,
    uint32_t *body_len);

#endif
