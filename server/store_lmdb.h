/*
 * store_lmdb: the LMDB insides of the store, shared by store.c (the
 * records) and store_index.c (the indexes kept with the initiatives).
 * Nothing outside store*.c includes it: the rest of the server never
 * sees LMDB.
 */
#ifndef SK_STORE_LMDB_H
#define SK_STORE_LMDB_H

#include <lmdb.h>
#include <pthread.h>

#include "store.h"
#include "store_impl.h"

enum store_db {
	DB_META,
	DB_UNITS,
	DB_USERS,
	DB_LOGINS,
	DB_CERTS,
	DB_INITIATIVES,
	DB_SEQ,
	DB_BY_STATE, /* the indexes of store_index.c */
	DB_BY_CATEGORY,
	DB_WORDS,
	DB_LEXICON,
	DB_NEAR,
	DB_OBJ,
	DB_COUNT = DB_OBJ + STORE_OBJ_COUNT
};

struct store {
	MDB_env *env;
	MDB_dbi dbi[DB_COUNT];
	size_t map_size;
	size_t map_max;
	/* Readers hold it shared; growing the map takes it exclusively,
	 * because LMDB forbids resizing while this process has a txn open. */
	pthread_rwlock_t resize;
};

/* The LMDB transaction behind a store_txn's opaque handle, and a table. */
#define TXN(t) ((MDB_txn *)(void *)(t)->h)
#define DBI(t, db) ((t)->st->dbi[(db)])

/* Record an LMDB failure on t (the sticky error) and map it to an sk
 * code; MDB_NOTFOUND is SK_NOT_FOUND and no failure. */
int store_lmdb_fail(struct store_txn *t, int rc);

/* Bring the indexes from what old (NULL: none) called for to what r
 * does, in store_initiative_put's transaction. */
int store_index_update(struct store_txn *t, const struct scope *sc,
    const InitiativeRec *old, const InitiativeRec *r);

#endif
