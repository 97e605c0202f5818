#include "lines.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

char *
lines_trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* Put "path:lineno: " before what err says. */
static int
where(struct sk_error *err, const char *path, int lineno)
{
	char msg[sizeof(err->msg)];

	snprintf(msg, sizeof(msg), "%s", err->msg);
	return status_set(err, err->code != 0 ? err->code : SK_INVALID_ARGUMENT,
	    "%s:%d: %s", path, lineno, msg);
}

int
lines_read(const char *path, lines_fn fn, void *arg, struct sk_error *err)
{
	char line[LINES_MAX], *hash, *s;
	int lineno = 0, rc = 0;
	size_t len;
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL)
		return status_set(err, SK_NOT_FOUND, "%s: %s", path, strerror(errno));
	while (rc == 0 && fgets(line, sizeof(line), fp) != NULL) {
		lineno++;
		len = strlen(line);
		if (len == sizeof(line) - 1 && line[len - 1] != '\n' && !feof(fp)) {
			status_set(err, SK_INVALID_ARGUMENT, "line too long");
			rc = where(err, path, lineno);
			break;
		}
		if ((hash = strchr(line, '#')) != NULL)
			*hash = '\0';
		if (*(s = lines_trim(line)) == '\0')
			continue;
		if ((rc = fn(s, lineno, arg, err)) != 0)
			rc = where(err, path, lineno);
	}
	if (rc == 0 && ferror(fp))
		rc = status_set(err, SK_UNAVAILABLE, "%s: read error", path);
	fclose(fp);
	return rc;
}

struct kv {
	lines_kv_fn fn;
	void *arg;
};

static int
kv_line(char *line, int lineno, void *arg, struct sk_error *err)
{
	struct kv *kv = arg;
	char *eq = strchr(line, '=');

	(void)lineno;
	if (eq == NULL)
		return status_set(err, SK_INVALID_ARGUMENT, "expected \"key = value\"");
	*eq = '\0';
	/* A bad setting is the file's fault, whatever the setter said. */
	if (kv->fn(lines_trim(line), lines_trim(eq + 1), kv->arg, err) != 0)
		return err->code = SK_INVALID_ARGUMENT;
	return 0;
}

int
lines_read_kv(const char *path, lines_kv_fn fn, void *arg, struct sk_error *err)
{
	struct kv kv = { fn, arg };

	return lines_read(path, kv_line, &kv, err);
}
