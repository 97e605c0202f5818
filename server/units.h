/*
 * units: the tenants: the unit list file that `skd init` loads, and
 * listing the units as people look for them.
 *
 * One unit a line, "id | code | kind | parent id | name", '#' comments.
 * The hierarchy is data: a merged or renamed unit is a change to this
 * file and the store, never to code.
 */
#ifndef SK_UNITS_H
#define SK_UNITS_H

#include <stddef.h>

#include "status.h"
#include "store.h"

/* Parse one line into u (strings point into line, which is modified).
 * Returns 1 for a unit, 0 for a blank or comment line, -1 on error. */
int units_parse_line(char *line, UnitRec *u, struct sk_error *err);

/* The one unit of path at the top of the tree (parent 0): its name names
 * the deployment, its code the decision logs. */
int units_file_root(const char *path, char *name, size_t nsz, char *code, size_t csz,
    struct sk_error *err);

/* Load every unit of path into the store within t. */
int units_load(struct store_txn *t, const char *path, size_t *count,
    struct sk_error *err);

/* The units whose name or code matches query (without diacritics; ""
 * matches all), by kind, then by name in Vietnamese order. */
int units_list(struct store_txn *t, const char *query, UnitRec ***v, size_t *n);

#endif
