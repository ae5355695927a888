/*
 * fork_touch - test helper: a parent that forks one worker which touches N MiB and holds it
 * for HOLD_MS milliseconds, then exits. The parent waits for the worker's end through a pipe
 * (EOF when the worker exits) but never calls wait(), as a pool whose workers outlive their
 * parent's accounting: wait4's ru_maxrss of the parent then stays its own small footprint,
 * while the process group's resident sum reaches N MiB. Prints "forked N\n".
 * Usage: fork_touch N HOLD_MS. Exit 0, 1 when fork or mmap fail, 2 on a bad argument.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "helper_args.h"

int main(int argc, char **argv)
{
    long mib = argc == 3 ? helper_arg(argv[1], 4096) : -1;
    long hold_ms = argc == 3 ? helper_arg(argv[2], 60000) : -1;
    if (mib < 0 || hold_ms < 0) {
        fprintf(stderr, "usage: fork_touch MEBIBYTES (1 to 4096) HOLD_MS (1 to 60000)\n");
        return 2;
    }
    int p[2];
    if (pipe(p) != 0) {
        perror("fork_touch: pipe");
        return 1;
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork_touch: fork");
        return 1;
    }
    if (pid == 0) {
        close(p[0]);
        size_t bytes = (size_t)mib << 20;
        size_t page = (size_t)sysconf(_SC_PAGESIZE);
        char *map = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (map == MAP_FAILED)
            _exit(1);
        volatile char *mem = map;
        for (size_t i = 0; i < bytes; i += page)
            mem[i] = 1;
        struct timespec hold = {.tv_sec = hold_ms / 1000, .tv_nsec = (hold_ms % 1000) * 1000000L};
        while (nanosleep(&hold, &hold) != 0) {
        }
        _exit(0); /* closes p[1]: the parent's read returns 0 */
    }
    close(p[1]);
    char c;
    while (read(p[0], &c, 1) > 0) {
    }
    printf("forked %ld\n", mib);
    return 0;
}
