/*
 * unit_note: C2SP signed notes and checkpoints: key ids computed by hand,
 * signatures that verify only under the right key and the exact text.
 */
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <stdlib.h>

#include "note.h"
#include "t.h"

static EVP_PKEY *
key(void)
{
	return EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
}

static void
vkey_format(void)
{
	EVP_PKEY *k = key();
	/* The bytes before the public key; no NUL, not a string. */
	static const uint8_t prefix[12] = "sk.example\n\x01";
	uint8_t pub[32], buf[64], md[32];
	size_t len = 32;
	char *v = note_vkey("sk.example", k), want[16];

	T_CHECK(v != NULL);
	EVP_PKEY_get_raw_public_key(k, pub, &len);
	/* key id = SHA-256("sk.example" "\n" 0x01 || public key)[0:4] */
	memcpy(buf, prefix, sizeof(prefix));
	memcpy(buf + 12, pub, 32);
	SHA256(buf, 44, md);
	snprintf(want, sizeof(want), "+%02x%02x%02x%02x+", md[0], md[1], md[2], md[3]);
	T_CHECK(v != NULL && strncmp(v, "sk.example", 10) == 0);
	T_CHECK(v != NULL && strstr(v, want) == v + 10);
	T_CHECK(note_vkey("has space", k) == NULL);
	T_CHECK(note_vkey("has+plus", k) == NULL);
	free(v);
	EVP_PKEY_free(k);
}

static void
sign_and_verify(void)
{
	EVP_PKEY *k = key(), *other = key();
	char *vk = note_vkey("sk.example", k), *vo = note_vkey("sk.example", other);
	char *n, body[NOTE_MAX], origin[64];
	struct sk_error err = { 0 };
	merkle_hash root, back;
	uint64_t size;

	memset(root, 0xab, sizeof(root));
	T_EQ_INT(checkpoint_format(body, sizeof(body), "sk.example/xa-hat-mon", 42, root),
	    0);
	n = note_sign(body, "sk.example", k);
	T_CHECK(n != NULL);
	if (n == NULL)
		goto done;
	/* The signature line: "— name base64". */
	T_CHECK(strstr(n, "\n\n\xe2\x80\x94 sk.example ") != NULL);
	T_EQ_INT(note_verify(n, vk, body, sizeof(body), &err), 0);
	T_EQ_INT(checkpoint_parse(body, origin, sizeof(origin), &size, back), 0);
	T_EQ_STR(origin, "sk.example/xa-hat-mon");
	T_EQ_INT(size, 42);
	T_CHECK(memcmp(root, back, sizeof(root)) == 0);
	/* The wrong key, or one changed byte of the text, and it fails. */
	T_EQ_INT(note_verify(n, vo, body, sizeof(body), &err), SK_UNAUTHENTICATED);
	n[strlen("sk.example/xa-hat-mon\n")] = '5'; /* 42 -> 52 */
	T_EQ_INT(note_verify(n, vk, body, sizeof(body), &err), SK_UNAUTHENTICATED);
	T_EQ_INT(note_verify("garbage", vk, body, sizeof(body), &err),
	    SK_INVALID_ARGUMENT);
	T_EQ_INT(note_verify(n, "not-a-key", body, sizeof(body), &err),
	    SK_INVALID_ARGUMENT);
	free(n);
done:
	free(vk);
	free(vo);
	EVP_PKEY_free(k);
	EVP_PKEY_free(other);
}

static void
checkpoint_refusals(void)
{
	char origin[64];
	merkle_hash root;
	uint64_t size;

	T_EQ_INT(checkpoint_parse("o\n01\nq83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=\n",
	             origin, sizeof(origin), &size, root),
	    -1); /* leading zero */
	T_EQ_INT(checkpoint_parse("o\n1\n", origin, sizeof(origin), &size, root), -1);
	T_EQ_INT(checkpoint_parse("o\n1\nnot base64\n", origin, sizeof(origin), &size,
	             root),
	    -1);
	T_EQ_INT(checkpoint_parse("\n1\nq83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=\n",
	             origin, sizeof(origin), &size, root),
	    -1); /* no origin */
	T_EQ_INT(checkpoint_parse("o\n1\nq83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=\n",
	             origin, sizeof(origin), &size, root),
	    0);
	T_EQ_INT(size, 1);
}

static const struct t_case cases[] = {
	{ "verifier key format and key id", vkey_format },
	{ "sign, verify, wrong key, changed text", sign_and_verify },
	{ "malformed checkpoints", checkpoint_refusals },
};

T_MAIN(cases)
