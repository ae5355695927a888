/*
 * diag.c - one-line error reports on stderr (see diag.h).
 */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>

int diag_error(const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (n < 0)
        msg[0] = '\0';
    for (char *p = msg; *p != '\0'; p++) {
        if (*p == '\n' || *p == '\r')
            *p = '?';
    }
    fprintf(stderr, "versus-runner-c: %s\n", msg);
    return RUNNER_EXIT_ERROR;
}
