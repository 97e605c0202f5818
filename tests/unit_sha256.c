/* unit_sha256: the streaming digest against known answers (FIPS 180-2). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "t.h"

static void
hex_of(const uint8_t *h, char *out)
{
	sha256_hex(h, SHA256_LEN, out);
}

static void
known_answers(void)
{
	uint8_t h[SHA256_LEN];
	char hex[65];
	struct sha256 *s = sha256_new();

	T_CHECK(s != NULL);
	T_EQ_INT(sha256_end(s, h), 0);
	hex_of(h, hex);
	T_EQ_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

	/* "abc" given in two pieces hashes as one. */
	s = sha256_new();
	T_EQ_INT(sha256_add(s, "a", 1), 0);
	T_EQ_INT(sha256_add(s, "bc", 2), 0);
	T_EQ_INT(sha256_end(s, h), 0);
	hex_of(h, hex);
	T_EQ_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha256_hex(h, 4, hex);
	T_EQ_STR(hex, "ba7816bf");
}

static void
file(void)
{
	uint8_t h[SHA256_LEN], want[SHA256_LEN];
	size_t n = 200000; /* more than one read buffer */
	uint8_t *data = malloc(n);
	struct sha256 *s;
	FILE *fp = tmpfile();

	T_CHECK(data != NULL && fp != NULL);
	if (data == NULL || fp == NULL) {
		free(data);
		if (fp != NULL)
			fclose(fp);
		return;
	}
	for (size_t i = 0; i < n; i++)
		data[i] = (uint8_t)(i * 7 + (i >> 9));
	T_EQ_INT(fwrite(data, 1, n, fp), n);
	rewind(fp);
	T_EQ_INT(sha256_file(fp, h), 0);
	s = sha256_new();
	sha256_add(s, data, n);
	T_EQ_INT(sha256_end(s, want), 0);
	T_CHECK(memcmp(h, want, SHA256_LEN) == 0);
	fclose(fp);
	free(data);
}

static const struct t_case cases[] = {
	{ "known_answers", known_answers },
	{ "file", file },
};

T_MAIN(cases)
