/*
 * main_agent.c - versus-runner-c-agent, the C11 reference runner's `agent` workload.
 *
 *   versus-runner-c-agent --url URL --tasks N --concurrency C --calls K
 *       runs N tool-using agent tasks, C at a time, against an OpenAI Chat Completions server
 *       with libcurl's multi interface and prints their final answers (agent.c)
 *
 * One executable per workload (see main_grep.c): only this one links libcurl. The options may
 * come in any order. Exit codes: 0 success, 2 for bad arguments, a failed request or any other
 * error, with exactly one line on stderr. One task_latency_s per task goes to the descriptor in
 * VERSUS_METRICS_FD (metrics.c).
 */
#include "agent.h"
#include "agent_args.h"
#include "diag.h"

#define USAGE "usage: versus-runner-c-agent --url URL --tasks N --concurrency C --calls K"

int main(int argc, char **argv)
{
    struct agent_options opt;
    char err[256];
    if (agent_args_parse(argc, argv, &opt, err, sizeof err) != 0)
        return diag_error("agent: %s; " USAGE, err);
    return agent_run(&opt);
}
