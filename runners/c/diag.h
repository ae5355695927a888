/*
 * diag.h - exit codes and the one-line error report of versus-runner-c.
 */
#ifndef VERSUS_RUNNER_C_DIAG_H
#define VERSUS_RUNNER_C_DIAG_H

/* Exit codes of the runner protocol (runners/README.md). */
enum runner_exit {
    RUNNER_EXIT_OK = 0,       /* success; for grep: at least one line matched */
    RUNNER_EXIT_NO_MATCH = 1, /* grep only: no line matched */
    RUNNER_EXIT_ERROR = 2,    /* bad input, bad arguments or any other error */
};

/* Prints "versus-runner-c: " and the printf-style message to stderr as exactly one line: a
 * newline or carriage return inside the formatted text (say, from a file name) is shown as
 * '?', and the message is truncated to 1 KiB. Always returns RUNNER_EXIT_ERROR, so that
 * `return diag_error(...);` reads as a failure. */
int diag_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
