#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "date.h"

static int log_level = LOG_LEVEL_INFO;
static const char *const log_names[] = { "error", "warn", "info", "debug" };

void
log_set_level(int level)
{
	log_level = level;
}

int
log_level_parse(const char *name)
{
	for (int i = 0; i <= LOG_LEVEL_DEBUG; i++)
		if (strcmp(name, log_names[i]) == 0)
			return i;
	return -1;
}

void
log_msg(int level, const char *fmt, ...)
{
	char stamp[40], line[1024];
	va_list ap;

	if (level > log_level)
		return;
	time_format_iso(time(NULL), stamp, sizeof(stamp));
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* One write per line so that threads do not interleave. */
	fprintf(stderr, "%s skd %s: %s\n", stamp, log_names[level], line);
}
