/*
 * categories: the content categories of a deployment (the plan's six in
 * 2024), as data: skd reads them from DIR/categories when it starts, so a
 * deployment changes them by editing that file. Lines "number | name".
 */
#ifndef SK_CATEGORIES_H
#define SK_CATEGORIES_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

#define CATEGORIES_MAX 99
#define CATEGORY_NAME_MAX 200 /* characters */

struct category {
	uint32_t number; /* 1 to CATEGORIES_MAX */
	char *name;
};

struct categories {
	struct category *v; /* by number */
	size_t n;
};

/* Read path; an error names the line at fault. */
int categories_load(struct categories *c, const char *path, struct sk_error *err);
void categories_free(struct categories *c);

/* The name of category number, or NULL if the deployment has none. */
const char *categories_name(const struct categories *c, uint32_t number);

#endif
