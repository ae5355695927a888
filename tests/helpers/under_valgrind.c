/*
 * under_valgrind - test helper: behaves one way natively and another under Valgrind, so that
 * tests of `--counters simulate` have ground truth. Usage: under_valgrind MODE, where MODE is
 *   refuse   exit 0 natively; under Valgrind print one stderr line and exit 3 (a program that
 *            cannot run under simulation);
 *   hang     exit 0 natively; under Valgrind sleep until killed (a run killed under
 *            simulation by the timeout).
 * Under Valgrind is told by RUNNING_ON_VALGRIND, Valgrind's client request
 * (<valgrind/valgrind.h>, Valgrind user manual 3.19, "The Client Request mechanism"); where
 * that header is missing, by Valgrind's preloaded core library in LD_PRELOAD (vgpreload_*).
 * Exit 2 with one stderr line on bad usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define HAVE_VALGRIND_H 1
#endif
#endif

static int under_valgrind(void)
{
#ifdef HAVE_VALGRIND_H
    return RUNNING_ON_VALGRIND != 0;
#else
    const char *pre = getenv("LD_PRELOAD");
    return pre != NULL && strstr(pre, "vgpreload") != NULL;
#endif
}

int main(int argc, char **argv)
{
    if (argc != 2 || (strcmp(argv[1], "refuse") != 0 && strcmp(argv[1], "hang") != 0)) {
        fprintf(stderr, "usage: under_valgrind refuse|hang\n");
        return 2;
    }
    if (!under_valgrind())
        return 0;
    if (strcmp(argv[1], "refuse") == 0) {
        fprintf(stderr, "under_valgrind: refusing to run under Valgrind\n");
        return 3;
    }
    for (;;)
        pause();
}
