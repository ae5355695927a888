/*
 * print_metrics - test helper for the metrics channel: when VERSUS_METRICS_FD names a file
 * descriptor, writes "parse_s=0.25\nwalk_s=0.5\n" to it; then prints "ok\n" on stdout. As the
 * runner protocol asks, a missing or broken channel does not change the exit code (0).
 * Usage: print_metrics.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Writes all len bytes of data to fd; returns 0, or -1 on an error. */
static int write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

int main(void)
{
    const char *var = getenv("VERSUS_METRICS_FD");
    if (var != NULL) {
        char *end = NULL;
        long fd = strtol(var, &end, 10);
        if (*var != '\0' && *end == '\0' && fd >= 0 && fd <= 1024) {
            static const char lines[] = "parse_s=0.25\nwalk_s=0.5\n";
            (void)write_all((int)fd, lines, strlen(lines));
        }
    }
    fputs("ok\n", stdout);
    return 0;
}
