/* fuzz_export: what `sk verify` reads from a file anyone may hand it: the
 * first line, the message, the stored records, notes and proofs inside
 * it; and every signature line of a note checked on its own. */
#include <openssl/evp.h>

#include "exportv.h"
#include "fuzz.h"
#include "note.h"

static char *vkey, *wkey;

int LLVMFuzzerInitialize(int *argc, char ***argv);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	EVP_PKEY *w = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");

	(void)argc;
	(void)argv;
	if (k == NULL || w == NULL || (vkey = note_vkey("sk.phuc-tho", k)) == NULL ||
	    (wkey = note_cosig_vkey("sk.phuc-tho/witness", w)) == NULL)
		abort();
	EVP_PKEY_free(k);
	EVP_PKEY_free(w);
	return 0;
}

/* The bytes as a whole file, and after a first line that lets them reach
 * the message's decoding. */
static void
check(const uint8_t *data, size_t size)
{
	static const char head[] =
	    EXPORTV_MAGIC " initiative 1 of sk.phuc-tho/xa-hat-mon\n";
	struct exportv_report rep;
	struct sk_error err;
	uint8_t *buf = malloc(sizeof(head) + size);

	if (buf == NULL)
		abort();
	(void)exportv_check(data, size, vkey, wkey, &rep, &err);
	exportv_report_free(&rep);
	memcpy(buf, head, sizeof(head) - 1);
	memcpy(buf + sizeof(head) - 1, data, size);
	(void)exportv_check(buf, sizeof(head) - 1 + size, vkey, NULL, &rep, &err);
	exportv_report_free(&rep);
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *keys[] = { wkey };
	char *s = fuzz_str(data, size), *kept;
	struct sk_error err;

	check(data, size);
	(void)note_lines_verify(s, vkey, keys, 1, &err);
	/* What keep keeps is what verifies: it never fails on a line. */
	if ((kept = note_lines_keep(s, vkey, keys, 1)) != NULL &&
	    note_lines_verify(kept, vkey, keys, 1, &err) == SK_UNAUTHENTICATED)
		abort();
	free(kept);
	free(s);
	return 0;
}
