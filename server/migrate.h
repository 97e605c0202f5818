/*
 * migrate: bring a data directory written by an older skd up to the
 * schema this one writes (STORE_SCHEMA), in one transaction, before the
 * server accepts any request. A failed migration changes nothing.
 */
#ifndef SK_MIGRATE_H
#define SK_MIGRATE_H

#include "status.h"
#include "store.h"

int migrate(struct store *st, struct sk_error *err);

#endif
