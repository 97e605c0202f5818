#include "witness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "note.h"
#include "pki.h"
#include "tlog.h"

static struct {
	EVP_PKEY *key;
	char name[192];
	char *vkey;
} witness;

int
witness_init(const char *key_file, const char *name, struct sk_error *err)
{
	snprintf(witness.name, sizeof(witness.name), "%s", name);
	if ((witness.key = pki_read_key(key_file, err)) == NULL) {
		if (err->code != SK_NOT_FOUND)
			return err->code;
		if ((witness.key = pki_key_new()) == NULL ||
		    pki_write_key(key_file, witness.key, err) != 0)
			return status_set(err, SK_INTERNAL,
			    "%s: cannot make the witness key", key_file);
	}
	if (EVP_PKEY_get_id(witness.key) != EVP_PKEY_ED25519)
		return status_set(err, SK_INVALID_ARGUMENT, "%s: not an Ed25519 key",
		    key_file);
	if ((witness.vkey = note_cosig_vkey(witness.name, witness.key)) == NULL)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "witness name \"%s\": no spaces or '+' allowed", name);
	return 0;
}

void
witness_shutdown(void)
{
	EVP_PKEY_free(witness.key);
	free(witness.vkey);
	memset(&witness, 0, sizeof(witness));
}

const char *
witness_vkey(void)
{
	return witness.vkey != NULL ? witness.vkey : "";
}

char *
witness_cosign(const char *note, int64_t now)
{
	const char *sep = strstr(note, "\n\n");
	char *body, *line;

	if (witness.key == NULL || sep == NULL)
		return NULL;
	if ((body = strndup(note, (size_t)(sep - note) + 1)) == NULL)
		return NULL;
	line = note_cosign(body, witness.name, witness.key, now);
	free(body);
	return line;
}

/* Is note a checkpoint of the act's log, by its key and its tree? */
static int
own_checkpoint(const struct act *a, const char *note, uint64_t *size,
    struct sk_error *err)
{
	char body[NOTE_MAX], origin[256];
	merkle_hash root, ours;
	uint64_t have;

	if (note_verify(note, tlog_vkey(), body, sizeof(body), err) != 0 ||
	    checkpoint_parse(body, origin, sizeof(origin), size, root) != 0)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "not a checkpoint of this server's log");
	if (tlog_size(a->t, a->sc, &have) != 0 || *size > have ||
	    tlog_root(a->t, a->sc, *size, ours) != 0 ||
	    memcmp(root, ours, MERKLE_HASH_LEN) != 0)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "not a checkpoint of your unit's log");
	return 0;
}

int
witness_keep(const struct act *a, const char *note, const char *line, const char *vkey,
    struct sk_error *err)
{
	char *kept = NULL, *next = NULL, *with = NULL;
	uint64_t size, ksize = 0;
	struct sk_error ignore = { 0 };
	int64_t t;
	size_t n;
	int rc;

	if ((rc = own_checkpoint(a, note, &size, err)) != 0)
		return rc;
	n = strlen(note) + strlen(line) + 1;
	if ((with = malloc(n)) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	snprintf(with, n, "%s%s", note, line);
	if (note_cosig_verify(with, vkey, &t, err) != 0) {
		free(with);
		return err->code;
	}
	/* The same checkpoint cosigned before: one more line on it. */
	if (store_log_cosigned_get(a->t, a->sc, &kept) == 0 &&
	    own_checkpoint(a, kept, &ksize, &ignore) == 0 && ksize > size) {
		free(kept);
		free(with);
		return 0; /* a larger one is witnessed already */
	}
	if (kept != NULL && ksize == size && strncmp(kept, note, strlen(note)) == 0 &&
	    strstr(kept, line) == NULL) {
		n = strlen(kept) + strlen(line) + 1;
		if ((next = malloc(n)) != NULL)
			snprintf(next, n, "%s%s", kept, line);
	} else if (kept != NULL && ksize == size && strstr(kept, line) != NULL)
		next = strdup(kept);
	else
		next = strdup(with);
	free(kept);
	free(with);
	if (next == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	if ((rc = store_log_cosigned_put(a->t, a->sc, next)) != 0)
		status_set(err, rc, "cannot keep the cosignature");
	free(next);
	return rc;
}
