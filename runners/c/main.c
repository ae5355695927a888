/*
 * main.c - versus-runner-c, the C11 reference runner of versus.
 *
 * It performs the workloads of the runner protocol (runners/README.md), one per process:
 *
 *   versus-runner-c grep PATTERN FILE [--ignore-case]
 *       prints the lines of FILE matching PATTERN, as `LC_ALL=C grep -a -E` does, using
 *       PCRE2 with JIT on bytes (grep.c)
 *   versus-runner-c json-stats FILE [--repeat K]
 *       parses FILE K times with jansson and prints the counts line (json_stats.c)
 *   versus-runner-c agent --url URL --tasks N --concurrency C --calls K
 *       runs N tool-using agent tasks, C at a time, against an OpenAI Chat Completions server
 *       with libcurl's multi interface and prints their final answers (agent.c)
 *
 * Arguments are positional as shown, so a PATTERN starting with '-' needs no escaping; the
 * options may follow in any order (agent has options only). Exit codes: 0 success, 1 for grep
 * when no line matched, 2 for bad arguments or input or any other error, with exactly one line
 * on stderr.
 * Optional timings go to the descriptor in VERSUS_METRICS_FD (metrics.c).
 */
#include "agent.h"
#include "agent_args.h"
#include "diag.h"
#include "grep.h"
#include "json_stats.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define USAGE                                                                                      \
    "usage: versus-runner-c grep PATTERN FILE [--ignore-case] | "                                  \
    "versus-runner-c json-stats FILE [--repeat K] | "                                              \
    "versus-runner-c agent --url URL --tasks N --concurrency C --calls K"

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

/* `grep PATTERN FILE [--ignore-case]`: argv[0] is "grep". */
static int main_grep(int argc, char **argv)
{
    if (argc < 3)
        return diag_error("grep: expected PATTERN and FILE; " USAGE);
    bool ignore_case = false;
    for (int i = 3; i < argc; i++) {
        if (strcmp(argv[i], "--ignore-case") == 0)
            ignore_case = true;
        else
            return diag_error("grep: unknown argument '%s'; " USAGE, argv[i]);
    }
    return grep_run(argv[1], argv[2], ignore_case);
}

/* `json-stats FILE [--repeat K]`: argv[0] is "json-stats". */
static int main_json_stats(int argc, char **argv)
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

/* `agent --url URL --tasks N --concurrency C --calls K`: argv[0] is "agent". */
static int main_agent(int argc, char **argv)
{
    struct agent_options opt;
    char err[256];
    if (agent_args_parse(argc, argv, &opt, err, sizeof err) != 0)
        return diag_error("agent: %s; " USAGE, err);
    return agent_run(&opt);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return diag_error(USAGE);
    if (strcmp(argv[1], "grep") == 0)
        return main_grep(argc - 1, argv + 1);
    if (strcmp(argv[1], "json-stats") == 0)
        return main_json_stats(argc - 1, argv + 1);
    if (strcmp(argv[1], "agent") == 0)
        return main_agent(argc - 1, argv + 1);
    return diag_error("unknown workload '%s'; " USAGE, argv[1]);
}
