/*
 * tstore: a real store in a temporary directory, for unit tests.
 * Include after t.h.
 */
#ifndef SK_TSTORE_H
#define SK_TSTORE_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "store.h"

struct tmpstore {
	char dir[64];
	struct store *st;
};

static inline int
tmp_open(struct tmpstore *ts, size_t map_size, size_t map_max)
{
	struct store_opts o = { map_size, map_max, true };
	struct sk_error err = { 0, "" };
	int rc;

	snprintf(ts->dir, sizeof(ts->dir), "/tmp/sk-unit-store-XXXXXX");
	ts->st = NULL;
	if (mkdtemp(ts->dir) == NULL) {
		perror("mkdtemp");
		return -1;
	}
	rc = store_open(&ts->st, ts->dir, &o, &err);
	if (rc != 0)
		fprintf(stderr, "store_open: %s\n", err.msg);
	return rc;
}

static inline void
tmp_remove(const char *dir)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/data.mdb", dir);
	T_EQ_INT(unlink(path), 0);
	snprintf(path, sizeof(path), "%s/lock.mdb", dir);
	T_EQ_INT(unlink(path), 0);
	T_EQ_INT(rmdir(dir), 0);
}

static inline void
tmp_close(struct tmpstore *ts)
{
	store_close(ts->st);
	ts->st = NULL;
	tmp_remove(ts->dir);
}

static inline int
commit(struct store_txn *t)
{
	struct sk_error err = { 0, "" };
	int rc = store_commit(t, &err);

	if (rc != 0)
		fprintf(stderr, "store_commit: %s\n", err.msg);
	return rc;
}

#endif
