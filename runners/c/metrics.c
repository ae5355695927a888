/*
 * metrics.c - monotonic clock and the VERSUS_METRICS_FD channel (see metrics.h).
 */
#include "metrics.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

double metrics_now(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return 0.0;
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Returns the descriptor named by VERSUS_METRICS_FD, or -1 if unset or not a plain
 * non-negative decimal int. */
static int metrics_fd(void)
{
    const char *text = getenv("VERSUS_METRICS_FD");
    if (text == NULL || *text < '0' || *text > '9')
        return -1;
    char *end = NULL;
    errno = 0;
    long fd = strtol(text, &end, 10);
    if (errno != 0 || *end != '\0' || fd > INT_MAX)
        return -1;
    return (int)fd;
}

void metrics_report(const struct metric *metrics, size_t count)
{
    int fd = metrics_fd();
    if (fd < 0)
        return;
    for (size_t i = 0; i < count; i++)
        (void)dprintf(fd, "%s=%.9f\n", metrics[i].name, metrics[i].value);
}
