/* fuzz_note: what `sk audit` parses from a server it does not trust: signed
 * notes, checkpoint bodies, and proofs of any shape. */
#include <openssl/evp.h>

#include "fuzz.h"
#include "merkle.h"
#include "note.h"
#include "status.h"

static EVP_PKEY *key;
static char *vkey;

int LLVMFuzzerInitialize(int *argc, char ***argv);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, NULL);

	(void)argc;
	(void)argv;
	if (c == NULL || EVP_PKEY_keygen_init(c) != 1 || EVP_PKEY_keygen(c, &key) != 1 ||
	    (vkey = note_vkey("sk.phuc-tho", key)) == NULL)
		abort();
	EVP_PKEY_CTX_free(c);
	return 0;
}

/* What we sign must verify, and give back the same body. */
static void
round_trip(const char *s, size_t size)
{
	char *signed_note, body[NOTE_MAX];
	struct sk_error err;

	if (size == 0 || size >= NOTE_MAX / 2 || s[size - 1] != '\n' || strlen(s) != size)
		return;
	if ((signed_note = note_sign(s, "sk.phuc-tho", key)) == NULL)
		return;
	if (note_verify(signed_note, vkey, body, sizeof(body), &err) != 0 ||
	    strcmp(body, s) != 0)
		abort();
	free(signed_note);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size), body[NOTE_MAX], origin[256];
	struct sk_error err;
	merkle_hash root, leaf, proof[64];
	uint64_t tsize = 0, index = 0;
	size_t n = size / sizeof(merkle_hash);

	round_trip(s, size);
	(void)note_verify(s, vkey, body, sizeof(body), &err);
	(void)note_verify(s, s, body, sizeof(body), &err);
	(void)checkpoint_parse(s, origin, sizeof(origin), &tsize, root);
	if (n > 64)
		n = 64;
	memcpy(proof, data, n * sizeof(merkle_hash));
	memset(leaf, 0, sizeof(leaf));
	if (size >= 16) {
		memcpy(&index, data, 8);
		memcpy(&tsize, data + 8, 8);
	}
	(void)merkle_verify_inclusion(index, tsize, leaf, proof, n, root);
	(void)merkle_verify_consistency(index, tsize, root, leaf, proof, n);
	free(s);
	return 0;
}
