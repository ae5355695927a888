/*
 * burn_cpu_ms - test helper: busy-loops until its own CPU time (CLOCK_PROCESS_CPUTIME_ID)
 * reaches N milliseconds, then prints "burned\n". Usage: burn_cpu_ms N. Exit 0, or 2 with one
 * line on stderr on a bad argument.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* This process's CPU time (user + system) in milliseconds. */
static double cpu_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    char *end = NULL;
    long ms = argc == 2 ? strtol(argv[1], &end, 10) : -1;
    if (argc != 2 || *argv[1] == '\0' || *end != '\0' || ms < 0) {
        fprintf(stderr, "usage: burn_cpu_ms MILLISECONDS\n");
        return 2;
    }
    volatile unsigned long spin = 0;
    while (cpu_ms() < (double)ms) {
        for (int i = 0; i < 10000; i++)
            spin = spin * 6364136223846793005UL + 1442695040888963407UL;
    }
    fputs("burned\n", stdout);
    return 0;
}
