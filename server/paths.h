/*
 * paths: where skd finds the data files it ships (the units of a
 * deployment, its content categories), in one place: $SK_DATA_DIR if set,
 * else share/sk beside the directory of the installed program
 * (/usr/bin/skd -> /usr/share/sk) when there is one, else the source
 * tree's server/data for a program run from its build directory.
 */
#ifndef SK_PATHS_H
#define SK_PATHS_H

#include <stddef.h>

#include "status.h"

/* The path of the shipped data file name into buf; NOT_FOUND naming the
 * places looked at when there is none. */
int paths_data(const char *name, char *buf, size_t sz, struct sk_error *err);

#endif
