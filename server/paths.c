#include "paths.h"

#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef SK_SOURCE_DATA_DIR
#define SK_SOURCE_DATA_DIR ""
#endif

static int
found(char *buf, size_t sz, const char *dir, const char *name)
{
	if (dir[0] == '\0')
		return 0;
	snprintf(buf, sz, "%s/%s", dir, name);
	return access(buf, R_OK) == 0;
}

/* share/sk beside the directory of the running program, if it exists. */
static int
installed_dir(char share[PATH_MAX])
{
	char exe[PATH_MAX], rel[PATH_MAX + 16];
	ssize_t n;

	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) <= 0)
		return 0;
	exe[n] = '\0';
	snprintf(rel, sizeof(rel), "%s/../share/sk", dirname(exe));
	return realpath(rel, share) != NULL;
}

int
paths_data(const char *name, char *buf, size_t sz, struct sk_error *err)
{
	const char *env = getenv("SK_DATA_DIR"), *dir;
	char share[PATH_MAX];

	/* One place, in this order: what the operator says, where skd is
	 * installed, the source tree a build runs from. */
	if (env != NULL && env[0] != '\0')
		dir = env;
	else if (installed_dir(share))
		dir = share;
	else
		dir = SK_SOURCE_DATA_DIR;
	if (found(buf, sz, dir, name))
		return 0;
	return status_set(err, SK_NOT_FOUND,
	    "no data file %s in %s (install skd with its data, or set SK_DATA_DIR)", name,
	    dir[0] != '\0' ? dir : "share/sk");
}
