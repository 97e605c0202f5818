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

/* C2SP tlog-cosignature v1: the key id with type 0x04, the timestamp in
 * the signature, the message "cosignature/v1\ntime T\n" + body; a
 * cosignature holds only for the exact body, the witness's key and time. */
static void
cosignatures(void)
{
	static const char body[] =
	    "sk.test/xa-hat-mon\n5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";
	struct sk_error err = { 0, "" };
	EVP_PKEY *log = key(), *w = key(), *w2 = key();
	char *note = note_sign(body, "sk.test", log),
	     *line = note_cosign(body, "pt/w", w, 1700000000);
	char *wv = note_cosig_vkey("pt/w", w), *wv2 = note_cosig_vkey("pt/w2", w2);
	char *lv = note_vkey("sk.test", log), *both = NULL, *bad = NULL, name[64];
	uint8_t pub[32], raw[48], md[32], buf[64];
	size_t len = 32;
	int64_t t = 0;

	T_CHECK(note != NULL && line != NULL && wv != NULL && wv2 != NULL && lv != NULL);
	if (note == NULL || line == NULL || wv == NULL || wv2 == NULL || lv == NULL)
		goto done;
	/* Its key id: SHA-256("pt/w" "\n" 0x04 || key)[0:4]. */
	EVP_PKEY_get_raw_public_key(w, pub, &len);
	/* The name, a newline and the algorithm byte: no NUL among them. */
	static const uint8_t prefix[6] = { 'p', 't', '/', 'w', '\n', 0x04 };
	memcpy(buf, prefix, sizeof(prefix));
	memcpy(buf + 6, pub, 32);
	SHA256(buf, 38, md);
	snprintf(name, sizeof(name), "pt/w+%02x%02x%02x%02x+", md[0], md[1], md[2],
	    md[3]);
	T_CHECK(strncmp(wv, name, strlen(name)) == 0);
	T_EQ_INT(note_vkey_check(wv, name, sizeof(name)), -1); /* not a log's key */
	len = strlen(note) + strlen(line) + 1;
	if ((both = malloc(len)) == NULL)
		goto done;
	snprintf(both, len, "%s%s", note, line);
	T_EQ_INT(note_cosig_verify(both, wv, &t, &err), 0);
	T_EQ_INT(t, 1700000000);
	/* The log's signature still verifies with a cosignature added. */
	{
		char b[512];

		T_EQ_INT(note_verify(both, lv, b, sizeof(b), &err), 0);
		T_EQ_STR(b, body);
	}
	/* Another witness has not cosigned it; the note alone has none. */
	T_EQ_INT(note_cosig_verify(both, wv2, &t, &err), SK_UNAUTHENTICATED);
	T_CONTAINS(err.msg, "no valid cosignature by witness pt/w2");
	T_EQ_INT(note_cosig_verify(note, wv, &t, &err), SK_UNAUTHENTICATED);
	/* A log key is no witness key. */
	T_EQ_INT(note_cosig_verify(both, lv, &t, &err), SK_INVALID_ARGUMENT);
	/* Another tree at that size: the cosignature does not hold for it. */
	if ((bad = strdup(both)) != NULL) {
		bad[strlen("sk.test/xa-hat-mon\n5\n")] = 'B';
		T_EQ_INT(note_cosig_verify(bad, wv, &t, &err), SK_UNAUTHENTICATED);
	}
	/* The time is signed: a line with another time fails. */
	{
		const char *b64 = strrchr(line, ' ') + 1;
		int n = EVP_DecodeBlock(raw, (const unsigned char *)b64,
		    (int)strcspn(b64, "\n"));

		T_CHECK(
		    n >= 76 && raw[4] == 0 && raw[11] == (uint8_t)(1700000000 & 0xff));
	}
	{
		char *late = note_cosign(body, "pt/w", w, 1700000001);

		T_CHECK(late != NULL && strcmp(late, line) != 0);
		free(late);
	}
done:
	free(note);
	free(line);
	free(wv);
	free(wv2);
	free(lv);
	free(both);
	free(bad);
	EVP_PKEY_free(log);
	EVP_PKEY_free(w);
	EVP_PKEY_free(w2);
}

static const struct t_case cases[] = {
	{ "cosignatures (C2SP tlog-cosignature v1)", cosignatures },
	{ "verifier key format and key id", vkey_format },
	{ "sign, verify, wrong key, changed text", sign_and_verify },
	{ "malformed checkpoints", checkpoint_refusals },
};

T_MAIN(cases)
