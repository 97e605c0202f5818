/* unit_frame: the 4-byte big-endian length prefix and frame_check. */
#include "t.h"

#include "frame.h"

static void
hdr_round_trip(void)
{
	static const struct {
		uint32_t len;
		uint8_t bytes[FRAME_HDR_LEN];
	} cases[] = {
		{ 0, { 0x00, 0x00, 0x00, 0x00 } },
		{ 1, { 0x00, 0x00, 0x00, 0x01 } },
		{ 0x01020304, { 0x01, 0x02, 0x03, 0x04 } },
		{ 0x00ff0100, { 0x00, 0xff, 0x01, 0x00 } },
		{ UINT32_MAX, { 0xff, 0xff, 0xff, 0xff } },
	};
	uint8_t hdr[FRAME_HDR_LEN];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(hdr, 0xaa, sizeof(hdr));
		frame_hdr_put(hdr, cases[i].len);
		T_CHECK(memcmp(hdr, cases[i].bytes, FRAME_HDR_LEN) == 0);
		T_EQ_INT(frame_hdr_get(hdr), cases[i].len);
		T_EQ_INT(frame_hdr_get(cases[i].bytes), cases[i].len);
	}
}

static void
check_need_more_header(void)
{
	uint8_t buf[FRAME_HDR_LEN] = { 0, 0, 0, 0 };
	uint32_t len = 12345;

	/* Fewer than 4 bytes: nothing is known, body_len is left alone. */
	for (size_t avail = 0; avail < FRAME_HDR_LEN; avail++) {
		T_EQ_INT(frame_check(buf, avail, FRAME_DEFAULT_MAX, &len),
		    FRAME_NEED_MORE);
		T_EQ_INT(len, 12345);
	}
}

static void
check_too_big_on_header(void)
{
	uint8_t buf[FRAME_HDR_LEN + 8];
	uint32_t len = 0;

	/* The header alone is enough to refuse: no body bytes buffered. */
	frame_hdr_put(buf, FRAME_DEFAULT_MAX + 1);
	T_EQ_INT(frame_check(buf, FRAME_HDR_LEN, FRAME_DEFAULT_MAX, &len), FRAME_TOO_BIG);
	T_EQ_INT(len, FRAME_DEFAULT_MAX + 1);

	frame_hdr_put(buf, UINT32_MAX);
	T_EQ_INT(frame_check(buf, FRAME_HDR_LEN, FRAME_HARD_MAX, &len), FRAME_TOO_BIG);
	T_EQ_INT(len, UINT32_MAX);

	/* Body bytes present do not change the verdict. */
	frame_hdr_put(buf, 9);
	T_EQ_INT(frame_check(buf, sizeof(buf), 8, &len), FRAME_TOO_BIG);
	T_EQ_INT(len, 9);
}

static void
check_ready_and_partial(void)
{
	uint8_t buf[FRAME_HDR_LEN + 10];
	uint32_t len = 0;

	memset(buf, 'x', sizeof(buf));
	frame_hdr_put(buf, 6);

	/* Exactly header + body. */
	T_EQ_INT(frame_check(buf, FRAME_HDR_LEN + 6, FRAME_DEFAULT_MAX, &len),
	    FRAME_READY);
	T_EQ_INT(len, 6);

	/* More than one frame's worth buffered (pipelining): still READY. */
	len = 0;
	T_EQ_INT(frame_check(buf, sizeof(buf), FRAME_DEFAULT_MAX, &len), FRAME_READY);
	T_EQ_INT(len, 6);

	/* Partial body. */
	for (size_t avail = FRAME_HDR_LEN; avail < FRAME_HDR_LEN + 6; avail++)
		T_EQ_INT(frame_check(buf, avail, FRAME_DEFAULT_MAX, &len),
		    FRAME_NEED_MORE);
}

static void
check_empty_body(void)
{
	uint8_t buf[FRAME_HDR_LEN];
	uint32_t len = 99;

	frame_hdr_put(buf, 0);
	T_EQ_INT(frame_check(buf, FRAME_HDR_LEN, FRAME_DEFAULT_MAX, &len), FRAME_READY);
	T_EQ_INT(len, 0);
	/* Even with a limit of 0. */
	T_EQ_INT(frame_check(buf, FRAME_HDR_LEN, 0, &len), FRAME_READY);
}

static void
check_limit_boundary(void)
{
	enum { MAX = 1000 };
	static uint8_t buf[FRAME_HDR_LEN + MAX];
	uint8_t *hdr = buf;
	uint32_t len = 0;
	const uint32_t max = MAX;

	frame_hdr_put(hdr, max);
	/* Announced == max: allowed, just waiting for the body. */
	T_EQ_INT(frame_check(hdr, FRAME_HDR_LEN, max, &len), FRAME_NEED_MORE);
	T_EQ_INT(frame_check(buf, sizeof(buf), max, &len), FRAME_READY);
	T_EQ_INT(len, max);

	frame_hdr_put(hdr, max + 1);
	T_EQ_INT(frame_check(hdr, FRAME_HDR_LEN, max, &len), FRAME_TOO_BIG);
	T_EQ_INT(len, max + 1);

	/* The default and hard limits themselves. */
	frame_hdr_put(hdr, FRAME_DEFAULT_MAX);
	T_EQ_INT(frame_check(hdr, FRAME_HDR_LEN, FRAME_DEFAULT_MAX, &len),
	    FRAME_NEED_MORE);
	frame_hdr_put(hdr, FRAME_HARD_MAX + 1);
	T_EQ_INT(frame_check(hdr, FRAME_HDR_LEN, FRAME_HARD_MAX, &len), FRAME_TOO_BIG);
}

static const struct t_case cases[] = {
	{ "hdr_round_trip", hdr_round_trip },
	{ "check_need_more_header", check_need_more_header },
	{ "check_too_big_on_header", check_too_big_on_header },
	{ "check_ready_and_partial", check_ready_and_partial },
	{ "check_empty_body", check_empty_body },
	{ "check_limit_boundary", check_limit_boundary },
};

T_MAIN(cases)
