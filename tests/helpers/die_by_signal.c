/*
 * die_by_signal - test helper: kills itself with signal SIG (for example 11 or 9). The signal's
 * action is reset to the default first (a sanitizer's SIGSEGV handler would otherwise turn the
 * signal into an exit status) and core dumps are disabled. Usage: die_by_signal SIG. Exits 2
 * with one line on stderr on a bad argument, 1 if it somehow survives.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

int main(int argc, char **argv)
{
    char *end = NULL;
    long sig = argc == 2 ? strtol(argv[1], &end, 10) : -1;
    if (argc != 2 || *argv[1] == '\0' || *end != '\0' || sig < 1 || sig > 64) {
        fprintf(stderr, "usage: die_by_signal SIGNAL_NUMBER\n");
        return 2;
    }
    struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    signal((int)sig, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, (int)sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise((int)sig);
    fprintf(stderr, "die_by_signal: still alive after signal %ld\n", sig);
    return 1;
}
