#include "frame.h"

void
frame_hdr_put(uint8_t hdr[FRAME_HDR_LEN], uint32_t len)
{
	hdr[0] = (uint8_t)(len >> 24);
	hdr[1] = (uint8_t)(len >> 16);
	hdr[2] = (uint8_t)(len >> 8);
	hdr[3] = (uint8_t)len;
}

uint32_t
frame_hdr_get(const uint8_t hdr[FRAME_HDR_LEN])
{
	return (uint32_t)hdr[0] << 24 | (uint32_t)hdr[1] << 16 | (uint32_t)hdr[2] << 8 |
	    (uint32_t)hdr[3];
}

enum frame_result
frame_check(const uint8_t *buf, size_t avail, uint32_t max, uint32_t *body_len)
{
	uint32_t len;

	if (avail < FRAME_HDR_LEN)
		return FRAME_NEED_MORE;
	len = frame_hdr_get(buf);
	*body_len = len;
	if (len > max)
		return FRAME_TOO_BIG;
	if (avail - FRAME_HDR_LEN < len)
		return FRAME_NEED_MORE;
	return FRAME_READY;
}
