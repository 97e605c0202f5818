/*
 * fuzz: helpers for the libFuzzer targets (clang -fsanitize=fuzzer).
 * Each target feeds untrusted bytes to one parser the programs run on
 * what a peer sends; the sanitizers are the oracle.
 */
#ifndef SK_FUZZ_H
#define SK_FUZZ_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A NUL-terminated copy (the inputs these functions take are strings). */
static inline char *
fuzz_str(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif
