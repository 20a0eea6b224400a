/*
 * Logging to stderr: "2026-11-22T07:01:02+07:00 LEVEL message".
 * The level comes from $PARINDEX_LOG (debug, info, warn, error; default
 * info). Thread-safe: one fprintf per line.
 */
#ifndef PARINDEX_BASE_LOG_H
#define PARINDEX_BASE_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_set_level(enum log_level l);
void log_msg(enum log_level l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#endif
