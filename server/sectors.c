#include "sectors.h"

#include <stdlib.h>
#include <string.h>

#include "lines.h"
#include "text.h"

static bool
is_code(const char *s)
{
	return s[0] != '\0' && strlen(s) <= 64 &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") == strlen(s);
}

static int
sector_line(char *line, int lineno, void *arg, struct sk_error *err)
{
	struct sectors *s = arg;
	char *f[3], *p = line, *bar;
	struct sector *nv;

	(void)lineno;
	for (int i = 0; i < 3; i++) {
		if ((bar = i < 2 ? strchr(p, '|') : NULL) == NULL && i < 2)
			return status_set(err, SK_INVALID_ARGUMENT,
			    "expected \"code | name | office\"");
		if (bar != NULL)
			*bar = '\0';
		f[i] = lines_trim(p);
		p = bar != NULL ? bar + 1 : p;
	}
	if (!is_code(f[0]) || !is_code(f[2]))
		return status_set(err, SK_INVALID_ARGUMENT,
		    "code and office are [a-z0-9-], at most 64");
	if (text_blank(f[1]) || !text_valid(f[1], strlen(f[1])) || text_chars(f[1]) > 200)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "name: UTF-8 text of 1 to 200");
	if (sectors_find(s, f[0]) != NULL)
		return status_set(err, SK_INVALID_ARGUMENT, "sector %s twice", f[0]);
	if (s->n == SECTORS_MAX)
		return status_set(err, SK_INVALID_ARGUMENT, "more than %d sectors",
		    SECTORS_MAX);
	if ((nv = realloc(s->v, (s->n + 1) * sizeof(*nv))) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	s->v = nv;
	memset(&nv[s->n], 0, sizeof(nv[s->n]));
	if ((nv[s->n].code = strdup(f[0])) == NULL ||
	    (nv[s->n].name = strdup(f[1])) == NULL ||
	    (nv[s->n].office = strdup(f[2])) == NULL) {
		free(nv[s->n].code);
		free(nv[s->n].name);
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	}
	s->n++;
	return 0;
}

int
sectors_load(struct sectors *s, const char *path, struct sk_error *err)
{
	int rc;

	memset(s, 0, sizeof(*s));
	if ((rc = lines_read(path, sector_line, s, err)) != 0) {
		sectors_free(s);
		return rc;
	}
	if (s->n == 0)
		return status_set(err, SK_INVALID_ARGUMENT, "%s: no sectors", path);
	return 0;
}

void
sectors_free(struct sectors *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].code);
		free(s->v[i].name);
		free(s->v[i].office);
	}
	free(s->v);
	memset(s, 0, sizeof(*s));
}

const struct sector *
sectors_find(const struct sectors *s, const char *code)
{
	for (size_t i = 0; s != NULL && i < s->n; i++)
		if (strcmp(s->v[i].code, code) == 0)
			return &s->v[i];
	return NULL;
}
