/*
 * helper_args.h - what the test helpers share: reading a whole-number argument.
 */
#ifndef VERSUS_HELPER_ARGS_H
#define VERSUS_HELPER_ARGS_H

#include <stdlib.h>

/* text as a whole number from 1 to max, or -1 when it is not one. */
static inline long helper_arg(const char *text, long max)
{
    char *end = NULL;
    long v = strtol(text, &end, 10);
    return *text != '\0' && *end == '\0' && v >= 1 && v <= max ? v : -1;
}

#endif
