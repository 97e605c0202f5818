/*
 * note: checkpoints as C2SP signed notes (c2sp.org/signed-note,
 * c2sp.org/tlog-checkpoint), signed with Ed25519.
 *
 *   checkpoint body   "<origin>\n<size>\n<base64 root>\n"
 *   signed note       body "\n" "— <name> <base64(key id || signature)>\n"
 *   key id            first 4 bytes of SHA-256(name "\n" 0x01 public-key)
 *   verifier key      "<name>+<hex key id>+<base64(0x01 public-key)>"
 */
#ifndef SK_NOTE_H
#define SK_NOTE_H

#include <openssl/evp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "merkle.h"
#include "status.h"

#define NOTE_MAX 4096

/* The verifier key of an Ed25519 key pair (or public key); malloc'd. */
char *note_vkey(const char *name, EVP_PKEY *key);

/* C2SP tlog-cosignature v1 (Ed25519): a witness's verifier key (type
 * 0x04), its signature line on a checkpoint body at time t (Unix seconds)
 * to append to the note, and whether note carries a valid cosignature by
 * the witness of vkey (its time into *t). */
char *note_cosig_vkey(const char *name, EVP_PKEY *key);
char *note_cosign(const char *body, const char *name, EVP_PKEY *key, int64_t t);
int note_cosig_verify(const char *note, const char *vkey, int64_t *t,
    struct sk_error *err);
/* Is vkey a well-formed witness key (type 0x04)? Its name into name. */
int note_cosig_vkey_check(const char *vkey, char *name, size_t nsz);

/* Is vkey a well-formed Ed25519 verifier key whose id matches its name
 * and key? Its name into name. 0, or -1. */
int note_vkey_check(const char *vkey, char *name, size_t nsz);

/* Sign body (which ends in "\n") as name; malloc'd signed note or NULL. */
char *note_sign(const char *body, const char *name, EVP_PKEY *key);

/*
 * Check a signed note against a verifier key. On success the body is
 * copied to body (size bsz). SK_UNAUTHENTICATED when no signature by that
 * key verifies, SK_INVALID_ARGUMENT when the note or key is malformed.
 */
int note_verify(const char *note, const char *vkey, char *body, size_t bsz,
    struct sk_error *err);

/*
 * Every signature line of note, each on its own, verifies under vkey (a
 * signer's key; NULL: none) or one of the n witness keys wkeys: 0, else
 * SK_UNAUTHENTICATED naming the first line that does not (a line changed
 * by one byte, or a signature by a key not given), SK_INVALID_ARGUMENT
 * when it is no signed note. Stricter than note_verify, which looks only
 * for one good line: for a note whose every byte must be accounted for.
 */
int note_lines_verify(const char *note, const char *vkey, const char *const *wkeys,
    size_t n, struct sk_error *err);

/* note with only its signature lines that verify as note_lines_verify
 * wants them (the others left out); malloc'd, NULL when out of memory or
 * not a signed note. A note left without any line is its body and blank
 * line alone. */
char *note_lines_keep(const char *note, const char *vkey, const char *const *wkeys,
    size_t n);

/* The body of a checkpoint. */
int checkpoint_format(char *buf, size_t sz, const char *origin, uint64_t size,
    const merkle_hash root);

/* Parse a checkpoint body; origin gets the first line. */
int checkpoint_parse(const char *body, char *origin, size_t osz, uint64_t *size,
    merkle_hash root);

#endif
