#include "categories.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lines.h"
#include "text.h"

static int
category_line(char *line, int lineno, void *arg, struct sk_error *err)
{
	struct categories *c = arg;
	struct category *nv;
	char *bar = strchr(line, '|'), *end, *name;
	unsigned long n;

	(void)lineno;
	if (bar == NULL)
		return status_set(err, SK_INVALID_ARGUMENT, "expected \"number | name\"");
	*bar = '\0';
	name = lines_trim(bar + 1);
	errno = 0;
	n = strtoul(lines_trim(line), &end, 10);
	if (errno != 0 || *end != '\0' || end == line || n == 0 || n > CATEGORIES_MAX)
		return status_set(err, SK_INVALID_ARGUMENT, "number: 1 to %d",
		    CATEGORIES_MAX);
	if (text_blank(name) || !text_valid(name, strlen(name)) ||
	    text_chars(name) > CATEGORY_NAME_MAX)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "name: UTF-8 text of 1 to %d characters", CATEGORY_NAME_MAX);
	if (categories_name(c, (uint32_t)n) != NULL)
		return status_set(err, SK_INVALID_ARGUMENT, "category %lu twice", n);
	if ((nv = realloc(c->v, (c->n + 1) * sizeof(*nv))) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	c->v = nv;
	if ((nv[c->n].name = strdup(name)) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	nv[c->n++].number = (uint32_t)n;
	return 0;
}

static int
by_number(const void *a, const void *b)
{
	const struct category *ca = a, *cb = b;

	return ca->number < cb->number ? -1 : ca->number > cb->number;
}

int
categories_load(struct categories *c, const char *path, struct sk_error *err)
{
	int rc;

	memset(c, 0, sizeof(*c));
	if ((rc = lines_read(path, category_line, c, err)) != 0) {
		categories_free(c);
		return rc;
	}
	if (c->n == 0)
		return status_set(err, SK_INVALID_ARGUMENT, "%s: no categories", path);
	qsort(c->v, c->n, sizeof(*c->v), by_number);
	return 0;
}

void
categories_free(struct categories *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i].name);
	free(c->v);
	memset(c, 0, sizeof(*c));
}

const char *
categories_name(const struct categories *c, uint32_t number)
{
	for (size_t i = 0; c != NULL && i < c->n; i++)
		if (c->v[i].number == number)
			return c->v[i].name;
	return NULL;
}
