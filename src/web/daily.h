/*
 * The server's daily timer (issue 13): a background thread with its own
 * database connection that, once a second, checks whether the day's
 * refresh (app/refresh.h: 00:05 Vietnam time) is due and not yet done by
 * this server, and then calls app_daily_refresh, which lets only one
 * server on the database run it. At startup after 00:05 it runs at once
 * if no server has run it today (the server was down at 00:05). Requests
 * are never blocked: the worker threads have their own connections.
 */
#ifndef PARINDEX_WEB_DAILY_H
#define PARINDEX_WEB_DAILY_H
#include <stdbool.h>

struct daily;
/* Starts the thread on db_url; NULL when it cannot (logged). */
struct daily *daily_start(const char *db_url);
/* Stops the thread (waits for a refresh in progress) and frees it. */
void daily_stop(struct daily *d);
#endif
