/*
 * trust: the checkpoint an auditor trusted last, one file per log, so that
 * the next run of sk audit can prove the log only grew since (logv.h).
 *
 * The folder is --state DIR, else $SK_AUDIT_STATE, else
 * ~/.local/state/sk-audit; a log's file is its origin with '/' and ' '
 * made '_', and ".checkpoint". What the files hold is only trusted once
 * logv_extend() has verified it again under the pinned key.
 */
#ifndef SK_TRUST_H
#define SK_TRUST_H

#include <stddef.h>

#include "status.h"

/* The default folder ($SK_AUDIT_STATE, else under $HOME, else "."). */
void trust_dir(char *buf, size_t sz);

/*
 * The note trusted for the log origin, into note (size sz, cut to fit):
 * 1 when there is one, 0 when there is none (first use), -1 when the file
 * is there but cannot be read (errno says why).
 */
int trust_load(const char *dir, const char *origin, char *note, size_t sz);

/*
 * Trust note for the log origin from now on: written aside and renamed
 * over the old file, the folder made (0700) if missing. 0, or -1 with
 * err->msg "PATH: why".
 */
int trust_save(const char *dir, const char *origin, const char *note,
    struct sk_error *err);

#endif
