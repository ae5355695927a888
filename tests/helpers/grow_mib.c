/*
 * grow_mib - test helper: grows its resident memory linearly. It maps N MiB of anonymous
 * memory and writes to every page of one more MiB every STEP_MS milliseconds (CLOCK_MONOTONIC
 * deadlines, so the rate holds whatever a step costs), then prints "grew N\n" and exits. Its
 * resident set thus rises by 1 MiB per STEP_MS from its start-up footprint to about N MiB
 * more: the ground truth of a memory timeline's slope and peak.
 * Usage: grow_mib N STEP_MS. Exit 0, 1 when the memory cannot be mapped, 2 on a bad argument.
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
    long step_ms = argc == 3 ? helper_arg(argv[2], 10000) : -1;
    if (mib < 0 || step_ms < 0) {
        fprintf(stderr, "usage: grow_mib MEBIBYTES (1 to 4096) STEP_MS (1 to 10000)\n");
        return 2;
    }
    size_t one = (size_t)1 << 20;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    char *map =
        mmap(NULL, (size_t)mib * one, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED) {
        perror("grow_mib: mmap");
        return 1;
    }
    volatile char *mem = map;
    struct timespec due;
    clock_gettime(CLOCK_MONOTONIC, &due);
    for (long m = 0; m < mib; m++) {
        for (size_t i = 0; i < one; i += page)
            mem[(size_t)m * one + i] = 1;
        due.tv_nsec += step_ms * 1000000L;
        while (due.tv_nsec >= 1000000000L) {
            due.tv_nsec -= 1000000000L;
            due.tv_sec++;
        }
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &due, NULL) != 0) {
        }
    }
    printf("grew %ld\n", mib);
    return 0;
}
