/*
 * lang_args.c - integer option values for the language workloads' runners (see lang_args.h).
 */
#include "lang_args.h"

#include "diag.h"

#include <errno.h>
#include <stdlib.h>

int lang_arg_long(const char *name, const char *text, long min, long max, long *out)
{
    char *end = NULL;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (text[0] == '\0' || errno != 0 || *end != '\0' || value < min || value > max) {
        (void)diag_error("%s needs an integer from %ld to %ld, not \"%s\"", name, min, max, text);
        return -1;
    }
    *out = value;
    return 0;
}
