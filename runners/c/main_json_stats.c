/*
 * main_json_stats.c - versus-runner-c-json-stats, the C11 reference runner's `json-stats`
 * workload.
 *
 *   versus-runner-c-json-stats FILE [--repeat K]
 *       parses FILE K times with jansson and prints the counts line (json_stats.c)
 *
 * One executable per workload (see main_grep.c): this one loads jansson and libc only.
 * Exit codes: 0 success, 2 for bad arguments or input or any other error, with exactly one
 * line on stderr. Optional timings go to the descriptor in VERSUS_METRICS_FD (metrics.c).
 */
#include "diag.h"
#include "json_stats.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define USAGE "usage: versus-runner-c-json-stats FILE [--repeat K]"

/* Parses a --repeat count: a decimal integer from 1 to ULONG_MAX. Returns 0 and stores it in
 * `*out`, or -1 if `text` is anything else. */
static int parse_repeat(const char *text, unsigned long *out)
{
    if (text[0] < '0' || text[0] > '9')
        return -1;
    char *end = NULL;
    errno = 0;
    unsigned long k = strtoul(text, &end, 10);
    if (errno != 0 || *end != '\0' || k == 0)
        return -1;
    *out = k;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return diag_error("json-stats: expected FILE; " USAGE);
    unsigned long repeat = 1;
    for (int i = 2; i < argc; i++) {
        const char *value = NULL;
        if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
            value = argv[++i];
        else if (strncmp(argv[i], "--repeat=", 9) == 0)
            value = argv[i] + 9;
        else
            return diag_error("json-stats: unknown or incomplete argument '%s'; " USAGE, argv[i]);
        if (parse_repeat(value, &repeat) != 0)
            return diag_error("json-stats: --repeat needs a positive integer, not '%s'", value);
    }
    return json_stats_run(argv[1], repeat);
}
