/*
 * agent_args.c - parsing the `agent` command line (see agent_args.h).
 */
#include "agent_args.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parses `text` as a decimal integer from 1 to `max` (digits only: no sign, no blanks).
 * Returns 0 and stores it in `*out`, or -1. */
static int parse_count(const char *text, unsigned long max, unsigned long *out)
{
    if (text[0] < '0' || text[0] > '9')
        return -1;
    char *end = NULL;
    errno = 0;
    unsigned long value = strtoul(text, &end, 10);
    if (errno != 0 || *end != '\0' || value == 0 || value > max)
        return -1;
    *out = value;
    return 0;
}

/* If argv[*i] is option `name` ("--url"), as `--url VALUE` or `--url=VALUE`, stores the value
 * in `*value`, advances *i past a separate value and returns 1; returns -1 when the option has
 * no value, 0 when argv[*i] is another argument. */
static int match_option(int argc, char **argv, int *i, const char *name, const char **value)
{
    const char *arg = argv[*i];
    size_t len = strlen(name);
    if (strncmp(arg, name, len) != 0)
        return 0;
    if (arg[len] == '=') {
        *value = arg + len + 1;
        return 1;
    }
    if (arg[len] != '\0')
        return 0;
    if (*i + 1 >= argc)
        return -1;
    *value = argv[++*i];
    return 1;
}

int agent_args_parse(int argc, char **argv, struct agent_options *out, char *err, size_t errsize)
{
    struct agent_options opt = {NULL, 0, 0, 0};
    const struct {
        const char *name;
        unsigned long max;
        unsigned long *field;
    } counts[] = {
        {"--tasks", AGENT_MAX_TASKS, &opt.tasks},
        {"--concurrency", AGENT_MAX_CONCURRENCY, &opt.concurrency},
        {"--calls", AGENT_MAX_CALLS, &opt.calls},
    };
    for (int i = 1; i < argc; i++) {
        const char *value = NULL;
        int found = match_option(argc, argv, &i, "--url", &value);
        if (found > 0) {
            if (value[0] == '\0') {
                snprintf(err, errsize, "--url needs a non-empty URL");
                return -1;
            }
            opt.url = value;
            continue;
        }
        for (size_t c = 0; found == 0 && c < sizeof counts / sizeof counts[0]; c++) {
            found = match_option(argc, argv, &i, counts[c].name, &value);
            if (found > 0 && parse_count(value, counts[c].max, counts[c].field) != 0) {
                snprintf(err, errsize, "%s needs an integer from 1 to %lu, not '%s'",
                         counts[c].name, counts[c].max, value);
                return -1;
            }
        }
        if (found < 0) {
            snprintf(err, errsize, "%s needs a value", argv[i]);
            return -1;
        }
        if (found == 0) {
            snprintf(err, errsize, "unknown argument '%s'", argv[i]);
            return -1;
        }
    }
    const char *missing = opt.url == NULL        ? "--url"
                          : opt.tasks == 0       ? "--tasks"
                          : opt.concurrency == 0 ? "--concurrency"
                          : opt.calls == 0       ? "--calls"
                                                 : NULL;
    if (missing != NULL) {
        snprintf(err, errsize, "missing %s", missing);
        return -1;
    }
    *out = opt;
    return 0;
}
