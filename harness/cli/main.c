/*
 * main.c - `versus`: a benchmark harness that runs equivalent workloads in several languages
 * side by side, measures each process (wall, CPU, peak RSS), verifies that all printed the
 * same output, and writes a JSON result document.
 *
 * This file only dispatches to a subcommand (cli_*.c); see README.md for the whole picture.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const char *USAGE =
    "usage: versus <command> [options]\n"
    "\n"
    "  run     run the benchmark matrix (workload x input x case x runner), verify, report\n"
    "  cmd     benchmark ad-hoc commands, exec'd directly (like hyperfine)\n"
    "  list    list workloads, inputs and runners, and whether each can run here\n"
    "  data    fetch (versus data fetch) or generate (versus data gen) the inputs\n"
    "  conform conformance gate: versus conform json checks the JSON runners' parsers\n"
    "  mock-llm  mock OpenAI chat-completions server for the agent workload (loopback only)\n"
    "  ab      A/B test of two commands, interleaved: faster, slower or no significant change\n"
    "  bisect  find the first commit between GOOD and BAD that made a benchmark slower\n"
    "  compare compare two result files (versus/1 or hyperfine) cell by cell; a CI gate\n"
    "  export  write a result in hyperfine, github-action-benchmark, CSV or Markdown form\n"
    "  history append a result's medians to the history (results/history.jsonl)\n"
    "  merge   join result files from several machines or shards into one\n"
    "  plot    draw a result, a comparison or the history with gnuplot (PNG and SVG)\n"
    "  report  write a self-contained report (Markdown, HTML): tables, plots, the claims\n"
    "\n"
    "  versus <command> --help   options of a command\n"
    "  versus --version\n";

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(USAGE, stderr);
        return 2;
    }
    const char *sub = argv[1];
    if (strcmp(sub, "--version") == 0 || strcmp(sub, "-V") == 0) {
        printf("versus %s\n", VERSUS_VERSION);
        return 0;
    }
    if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0 || strcmp(sub, "help") == 0) {
        fputs(USAGE, stdout);
        return 0;
    }
    static const struct {
        const char *name;
        int (*fn)(int, char **, struct cli_context *);
    } commands[] = {
        {"run", cli_run},         {"cmd", cli_cmd},         {"list", cli_list},
        {"data", cli_data},       {"conform", cli_conform}, {"mock-llm", cli_mock_llm},
        {"ab", cli_ab},           {"compare", cli_compare}, {"export", cli_export},
        {"history", cli_history}, {"merge", cli_merge},     {"plot", cli_plot},
        {"report", cli_report},   {"bisect", cli_bisect},
    };
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(sub, commands[i].name) == 0) {
            struct cli_context ctx;
            cli_context_init(&ctx, argc, argv);
            int rc = commands[i].fn(argc - 1, argv + 1, &ctx);
            cli_context_free(&ctx);
            return rc;
        }
    }
    fprintf(stderr, "versus: unknown command '%s'\n%s", sub, USAGE);
    return 2;
}
