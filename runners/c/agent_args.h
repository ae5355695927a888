/*
 * agent_args.h - the command line of the `agent` workload:
 * `agent --url URL --tasks N --concurrency C --calls K`, options in any order.
 */
#ifndef VERSUS_RUNNER_C_AGENT_ARGS_H
#define VERSUS_RUNNER_C_AGENT_ARGS_H

#include <stddef.h>

/* The largest --tasks: task IDs 0..N-1 must fit a signed 32-bit integer (the mock server's
 * limit on the ID in "task <ID>"). */
#define AGENT_MAX_TASKS 2147483648UL
/* The largest --concurrency: each task in flight holds one connection (a descriptor). */
#define AGENT_MAX_CONCURRENCY 1000000UL
/* The largest --calls (informational only: the server decides when a task ends). */
#define AGENT_MAX_CALLS 2147483647UL

/* What the command line asks for. */
struct agent_options {
    const char *url;           /* the server's base URL, as given (borrowed from argv) */
    unsigned long tasks;       /* N: task IDs 0..N-1, 1..AGENT_MAX_TASKS */
    unsigned long concurrency; /* C: tasks (and connections) in flight at most, >= 1 */
    unsigned long calls;       /* K: LLM calls per task, >= 1, informational */
};

/* Parses argv[1..argc-1] (argv[0] is the program name): --url, --tasks, --concurrency and --calls,
 * each exactly once or more (the last one wins), each as `--name VALUE` or `--name=VALUE`, in any
 * order. The URL must be non-empty; the counts are plain decimal integers from 1 to their
 * AGENT_MAX_* limit. Returns 0 and fills `*out`, or -1 with a one-line message (no newline) in
 * err[0..errsize) naming the offending argument. */
int agent_args_parse(int argc, char **argv, struct agent_options *out, char *err, size_t errsize);

#endif
