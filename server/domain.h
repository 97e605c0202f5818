/*
 * domain: what every call of the domain modules takes.
 *
 * The domain modules (initiative, council, decision, files, users) hold
 * the rules of the registry as plain C functions over a store transaction
 * and a scope. RPC handlers, the sweep, the migration and the work above
 * the unit call them; none of them knows about requests, connections or
 * the wire. A call that refuses returns its sk_code with err set and has
 * written nothing it would want kept (the caller aborts the transaction).
 */
#ifndef SK_DOMAIN_H
#define SK_DOMAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"
#include "store.h"

struct categories;
struct sectors;

/* Durations and allowances the rules depend on: configuration, not law
 * written into code. */
struct terms {
	int review_months;       /* a council answers within this (3) */
	int correction_days;     /* a returned dossier comes back within this */
	int upload_days;         /* an unfinished upload is dropped after this */
	uint64_t unit_files_max; /* bytes of files one unit may hold */
	const struct categories *categories; /* NULL: any number is one */
	const struct sectors *sectors;       /* NULL: no routing by sector */
};

/* One act: who acts, in which unit, in which transaction, and when. */
struct act {
	struct store_txn *t;
	const struct scope *sc; /* from authz, never from a request */
	const struct terms *terms;
	int64_t now;   /* Unix seconds: one clock for the whole act */
	int32_t today; /* the local date of now, days since 1970-01-01 */
};

/* An act at the current time. */
struct act act_now(struct store_txn *t, const struct scope *sc,
    const struct terms *terms);

/* The local date of Unix time t, as act.today. */
int32_t act_day(int64_t t);

/* A growing array of owned records (free them with recs_free). */
struct recs {
	void **v;
	size_t n, cap;
};

/* Append rec, which the array owns from here (freed on failure too):
 * 0 or SK_RESOURCE_EXHAUSTED. */
int recs_push(struct recs *r, void *rec);
void recs_free(struct recs *r);

/* A store_rec_fn that pushes each record into the struct recs at arg. */
int recs_collect(void *rec, void *arg);

#endif
