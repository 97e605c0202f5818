/*
 * sectors: the sectors of forwarded initiatives and the office of the
 * receiving level whose inbox each goes to (education to Phòng GD&ĐT, the
 * rest to Phòng Kinh tế in 2024): routing as data. skd reads them from
 * DIR/sectors when it starts. Lines "code | name | office unit code".
 */
#ifndef SK_SECTORS_H
#define SK_SECTORS_H

#include <stddef.h>

#include "status.h"

#define SECTORS_MAX 100

struct sector {
	char *code;
	char *name;
	char *office; /* the code of the office unit that receives it */
};

struct sectors {
	struct sector *v;
	size_t n;
};

int sectors_load(struct sectors *s, const char *path, struct sk_error *err);
void sectors_free(struct sectors *s);

/* The sector with code, or NULL. */
const struct sector *sectors_find(const struct sectors *s, const char *code);

#endif
