/*
 * server.h - a server the harness runs beside a workload (today: versus mock-llm).
 *
 * The server is a process of its own, started by the harness (never by, or inside, the measured
 * runner), so that its work is not in any runner's figures. It must print, as the first line
 * of its stdout, "listening URL"; the harness waits for that line (with a timeout), passes URL
 * to the runners as the template parameter {url}, asks GET URL/_versus/stats and POST
 * URL/_versus/reset between runs (libcurl, outside the measured path), and stops it with
 * SIGTERM, after which the server prints its final statistics as one JSON object on stdout.
 */
#ifndef VERSUS_SERVER_H
#define VERSUS_SERVER_H

#include <jansson.h>
#include <sys/types.h>

#include "util/error.h"

struct server {
    pid_t pid;
    int stdout_fd; /* read end of the server's stdout */
    char *url;     /* "http://127.0.0.1:PORT" */
};

/* Starts argv (argv[0] an absolute path) and waits up to timeout_s for its "listening URL"
 * line. Returns 0 with s filled, or -1 with err set (the server is then killed and reaped). */
int server_start(char *const *argv, double timeout_s, struct server *s, struct verr *err);

/* GET URL/_versus/stats, then (reset) POST URL/_versus/reset. Returns a new JSON object, or
 * NULL with err set. */
json_t *server_take_stats(const struct server *s, int reset, struct verr *err);

/* Stops the server (SIGTERM, then SIGKILL after 5 s), reaps it and returns the JSON object it
 * printed last, or NULL. Frees what s holds. */
json_t *server_stop(struct server *s);

#endif
