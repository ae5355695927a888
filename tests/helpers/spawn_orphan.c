/*
 * spawn_orphan - test helper: forks a child that sleeps 30 s holding stdout open, prints the
 * child's pid and a newline, and exits at once. A harness that waits for stdout's EOF instead of
 * the process, or that leaves the process group alive, waits those 30 s.
 * Usage: spawn_orphan. Exit 0, or 1 when fork fails.
 */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        perror("spawn_orphan: fork");
        return 1;
    }
    if (pid == 0) {
        struct timespec t = {.tv_sec = 30, .tv_nsec = 0};
        nanosleep(&t, NULL);
        _exit(0);
    }
    printf("%ld\n", (long)pid);
    return 0;
}
