#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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
	/* syslog(3) priorities of error, warn, info, debug. */
	static const int prio[] = { 3, 4, 6, 7 };
	char stamp[40], line[1024];
	va_list ap;

	if (level > log_level)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* One write per line so that threads do not interleave. Under
	 * systemd, stderr is the journal's stream: "<N>" gives the line its
	 * priority and the journal stamps it. */
	if (getenv("JOURNAL_STREAM") != NULL) {
		fprintf(stderr, "<%d>%s: %s\n", prio[level], log_names[level], line);
		return;
	}
	time_format_iso(time(NULL), stamp, sizeof(stamp));
	fprintf(stderr, "%s skd %s: %s\n", stamp, log_names[level], line);
}
