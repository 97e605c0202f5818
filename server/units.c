#include "units.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lines.h"
#include "names.h"
#include "text.h"

static bool
parse_id(const char *s, uint32_t *v)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || n > UINT32_MAX)
		return false;
	*v = (uint32_t)n;
	return true;
}

int
units_parse_line(char *line, UnitRec *u, struct sk_error *err)
{
	char *f[5], *p = line, *bar;
	int kind;

	sk__store__v1__unit_rec__init(u);
	if ((bar = strchr(line, '#')) != NULL)
		*bar = '\0';
	if (*lines_trim(line) == '\0')
		return 0;
	for (int i = 0; i < 5; i++) {
		bar = i < 4 ? strchr(p, '|') : NULL;
		if (i < 4 && bar == NULL) {
			status_set(err, SK_INVALID_ARGUMENT,
			    "expected 5 fields separated by '|'");
			return -1;
		}
		if (bar != NULL)
			*bar = '\0';
		f[i] = lines_trim(p);
		p = bar != NULL ? bar + 1 : p;
	}
	if (strchr(f[4], '|') != NULL) {
		status_set(err, SK_INVALID_ARGUMENT, "expected 5 fields, found more");
		return -1;
	}
	if (!parse_id(f[0], &u->id) || u->id == 0 || !parse_id(f[3], &u->parent_id)) {
		status_set(err, SK_INVALID_ARGUMENT,
		    "id and parent id must be numbers, id > 0");
		return -1;
	}
	if ((kind = unit_kind_parse(f[2])) < 0) {
		status_set(err, SK_INVALID_ARGUMENT, "unknown kind \"%s\"", f[2]);
		return -1;
	}
	if (f[1][0] == '\0' ||
	    strspn(f[1], "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(f[1]) ||
	    text_blank(f[4]) || !text_valid(f[4], strlen(f[4]))) {
		status_set(err, SK_INVALID_ARGUMENT,
		    "code must be [a-z0-9-], name non-empty UTF-8");
		return -1;
	}
	u->code = f[1];
	u->kind = (uint32_t)kind;
	u->name = f[4];
	return 1;
}

struct load {
	struct store_txn *t;
	size_t count;
};

static int
load_line(char *line, int lineno, void *arg, struct sk_error *err)
{
	struct load *l = arg;
	UnitRec u, *old;
	int r;

	(void)lineno;
	if ((r = units_parse_line(line, &u, err)) <= 0)
		return r < 0 ? SK_INVALID_ARGUMENT : 0;
	if (store_unit_get(l->t, u.id, &old) == 0) {
		store_rec_free(old);
		return status_set(err, SK_ALREADY_EXISTS, "unit id %u twice", u.id);
	}
	if (store_unit_put(l->t, &u) != 0)
		return status_set(err, SK_INTERNAL, "cannot store unit %u", u.id);
	l->count++;
	return 0;
}

struct root {
	char *name, *code;
	size_t nsz, csz;
	int found;
};

static int
root_line(char *line, int lineno, void *arg, struct sk_error *err)
{
	struct root *r = arg;
	UnitRec u;
	int rc;

	(void)lineno;
	if ((rc = units_parse_line(line, &u, err)) <= 0)
		return rc < 0 ? SK_INVALID_ARGUMENT : 0;
	if (u.parent_id != 0)
		return 0;
	if (r->found++ > 0)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "a second unit at the top (parent 0): %s", u.code);
	snprintf(r->name, r->nsz, "%s", u.name);
	snprintf(r->code, r->csz, "%s", u.code);
	return 0;
}

int
units_file_root(const char *path, char *name, size_t nsz, char *code, size_t csz,
    struct sk_error *err)
{
	struct root r = { name, code, nsz, csz, 0 };
	int rc;

	if ((rc = lines_read(path, root_line, &r, err)) != 0)
		return rc;
	if (r.found == 0)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "%s: no unit at the top (parent 0)", path);
	return 0;
}

int
units_load(struct store_txn *t, const char *path, size_t *count, struct sk_error *err)
{
	struct load l = { t, 0 };
	int rc = lines_read(path, load_line, &l, err);

	*count = l.count;
	return rc;
}

static int
unit_order(const void *a, const void *b)
{
	const UnitRec *ua = *(const UnitRec *const *)a;
	const UnitRec *ub = *(const UnitRec *const *)b;

	if (ua->kind != ub->kind)
		return ua->kind < ub->kind ? -1 : 1;
	return text_collate(ua->name, ub->name);
}

int
units_list(struct store_txn *t, const char *query, UnitRec ***v, size_t *n)
{
	size_t k = 0;
	int rc;

	if ((rc = store_unit_list(t, v, n)) != 0)
		return rc;
	for (size_t i = 0; i < *n; i++) {
		if (text_match((*v)[i]->name, query) || text_match((*v)[i]->code, query))
			(*v)[k++] = (*v)[i];
		else
			store_rec_free((*v)[i]);
	}
	*n = k;
	qsort(*v, *n, sizeof(**v), unit_order);
	return 0;
}
