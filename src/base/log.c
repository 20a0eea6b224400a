/* stderr logger; see log.h. Timestamps are Vietnam local time. */
#include "base/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int level = -1;

void log_set_level(enum log_level l) { level = (int)l; }

static int current_level(void)
{
	if (level >= 0)
		return level;
	const char *e = getenv("PARINDEX_LOG");
	if (!e)
		level = LOG_INFO;
	else if (!strcmp(e, "debug"))
		level = LOG_DEBUG;
	else if (!strcmp(e, "warn"))
		level = LOG_WARN;
	else if (!strcmp(e, "error"))
		level = LOG_ERROR;
	else
		level = LOG_INFO;
	return level;
}

void log_msg(enum log_level l, const char *fmt, ...)
{
	static const char *names[] = {"DEBUG", "INFO", "WARN", "ERROR"};
	if ((int)l < current_level())
		return;
	time_t t = time(NULL) + 7 * 3600;
	struct tm tm;
	gmtime_r(&t, &tm);
	char stamp[32], msg[4096];
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S+07:00", &tm);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s %s %s\n", stamp, names[l], msg);
}
