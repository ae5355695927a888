/*
 * error.h - the one error type of the harness.
 *
 * Functions that can fail take a `struct verr *err` as their last argument, return 0 on
 * success and -1 on failure, and on failure leave a complete, human-readable sentence in
 * err->msg ("runners/runners.json:12:5: runner \"go\": \"build\" must be an object").
 * err may be NULL when the caller does not care about the message.
 */
#ifndef VERSUS_ERROR_H
#define VERSUS_ERROR_H

#include <stddef.h>

struct verr {
    char msg[1024];
};

/* Formats a message into err->msg (truncating if needed). Does nothing if err is NULL.
 * Always returns -1, so that `return verr_set(err, ...);` reads as a failure. */
int verr_set(struct verr *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prefixes err->msg with "prefix: " (for adding context as an error travels up). Returns -1. */
int verr_prefix(struct verr *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
