/*
 * trust: the trusted checkpoints of sk audit, in plain files.
 */
#include "trust.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void
trust_dir(char *buf, size_t sz)
{
	const char *env = getenv("SK_AUDIT_STATE"), *home = getenv("HOME");

	if (env != NULL)
		snprintf(buf, sz, "%s", env);
	else
		snprintf(buf, sz, "%s/.local/state/sk-audit", home != NULL ? home : ".");
}

/* DIR/ORIGIN.checkpoint, the origin made one file name. */
static void
trust_path(const char *dir, const char *origin, char *buf, size_t sz)
{
	char name[256];

	snprintf(name, sizeof(name), "%s", origin);
	for (char *p = name; *p; p++)
		if (*p == '/' || *p == ' ')
			*p = '_';
	snprintf(buf, sz, "%s/%s.checkpoint", dir, name);
}

int
trust_load(const char *dir, const char *origin, char *note, size_t sz)
{
	char path[1400];
	size_t n;
	FILE *fp;

	trust_path(dir, origin, path, sizeof(path));
	if ((fp = fopen(path, "r")) == NULL)
		return errno == ENOENT ? 0 : -1;
	n = fread(note, 1, sz - 1, fp);
	note[n] = '\0';
	if (ferror(fp)) {
		fclose(fp);
		return -1;
	}
	fclose(fp);
	return 1;
}

int
trust_save(const char *dir, const char *origin, const char *note, struct sk_error *err)
{
	char path[1400], tmp[1500];
	FILE *fp;
	int saved;

	mkdir(dir, 0700);
	trust_path(dir, origin, path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if ((fp = fopen(tmp, "w")) == NULL)
		goto fail;
	if (fputs(note, fp) == EOF) {
		saved = errno;
		fclose(fp);
		errno = saved;
		goto fail;
	}
	if (fclose(fp) != 0 || rename(tmp, path) != 0)
		goto fail;
	return 0;
fail:
	status_set(err, SK_INVALID_ARGUMENT, "%s: %s", path, strerror(errno));
	return -1;
}
