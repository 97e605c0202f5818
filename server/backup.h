/*
 * backup: a data directory copied while its server runs (skd backup), and
 * checked offline (skd check).
 *
 * backup_run() copies the files skd init made (keys with their modes,
 * certificates, settings, the deployment's data) and a consistent,
 * compacted copy of the store: every write acknowledged before it began
 * is in it, with the decision logs that record them.
 *
 * check_run() verifies a data directory with no server: for each unit,
 * every log entry hashes into the tree the store keeps, the last signed
 * checkpoint verifies under the log key and is a prefix of that tree,
 * every initiative's stored record is the state its latest log entry
 * hashed, and the indexes hold exactly the keys the records call for
 * (store_index_check). It prints one line per unit and what failed.
 */
#ifndef SK_BACKUP_H
#define SK_BACKUP_H

#include <stdio.h>

#include "status.h"

/* Copy data directory dir to dest (a new directory). 0, or err. */
int backup_run(const char *dir, const char *dest, struct sk_error *err);

/* Check dir; vkey is the log verifier key (DIR/log.key.pub when NULL).
 * Returns 0 when everything verified, 1 when something did not (said on
 * out), or -1 when the directory cannot be read (err). */
int check_run(const char *dir, const char *vkey, FILE *out, struct sk_error *err);

#endif
