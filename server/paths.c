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

int
paths_data(const char *name, char *buf, size_t sz, struct sk_error *err)
{
	char exe[PATH_MAX], share[PATH_MAX + 16];
	const char *env = getenv("SK_DATA_DIR");
	ssize_t n;

	if (env != NULL && found(buf, sz, env, name))
		return 0;
	share[0] = '\0';
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) > 0) {
		exe[n] = '\0';
		snprintf(share, sizeof(share), "%s/../share/sk", dirname(exe));
		if (found(buf, sz, share, name))
			return 0;
	}
	if (found(buf, sz, SK_SOURCE_DATA_DIR, name))
		return 0;
	return status_set(err, SK_NOT_FOUND,
	    "no data file %s in $SK_DATA_DIR, %s or %s (install skd, or set "
	    "SK_DATA_DIR)",
	    name, share[0] ? share : "share/sk", SK_SOURCE_DATA_DIR);
}
