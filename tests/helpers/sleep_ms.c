/*
 * sleep_ms - test helper: sleeps N milliseconds (nanosleep, resumed after signals), then prints
 * "slept\n". Usage: sleep_ms N. Exit 0, or 2 with one line on stderr on a bad argument.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
    char *end = NULL;
    long ms = argc == 2 ? strtol(argv[1], &end, 10) : -1;
    if (argc != 2 || *argv[1] == '\0' || *end != '\0' || ms < 0) {
        fprintf(stderr, "usage: sleep_ms MILLISECONDS\n");
        return 2;
    }
    struct timespec left = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
    while (nanosleep(&left, &left) != 0 && errno == EINTR)
        ;
    fputs("slept\n", stdout);
    return 0;
}
