/*
 * cli_mock_llm.c - `versus mock-llm`: runs the mock LLM server of the `agent` workload (an
 * OpenAI Chat Completions API on loopback that plays a fixed tool-calling script and holds
 * every reply for --latency-ms) until SIGTERM or SIGINT. See mock_llm.h and runners/README.md.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "mock_llm/mock_llm.h"
#include "mock_llm/mock_llm_script.h"

static const char *USAGE =
    "usage: versus mock-llm [options]\n"
    "Serves a mock OpenAI Chat Completions API (POST /v1/chat/completions) for the agent\n"
    "workload; prints `listening http://HOST:PORT` when ready, serves until SIGTERM or SIGINT,\n"
    "then prints its stats as one JSON line (also at GET /_versus/stats; POST /_versus/reset\n"
    "zeroes them).\n"
    "\n"
    "  --host ADDR        loopback address to listen on (default 127.0.0.1; ::1, localhost)\n"
    "  --port N           TCP port (default 0: chosen by the kernel)\n"
    "  --latency-ms N     how long every reply is held, in milliseconds (default 1000)\n"
    "  --calls K          LLM calls per task: K-1 tool calls, then the answer (default 2)\n"
    "  --quiet            no diagnostics on stderr\n"
    "  -h, --help\n";

enum { O_HOST = OPT_COMMON_LAST, O_PORT, O_LATENCY, O_CALLS, O_QUIET };

int cli_mock_llm(int argc, char **argv, struct cli_context *ctx)
{
    static const struct option longopts[] = {
        CLI_COMMON_OPTIONS,
        {"host", required_argument, 0, O_HOST},
        {"port", required_argument, 0, O_PORT},
        {"latency-ms", required_argument, 0, O_LATENCY},
        {"calls", required_argument, 0, O_CALLS},
        {"quiet", no_argument, 0, O_QUIET},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    struct mock_llm_options opt = {
        .host = "127.0.0.1", .port = 0, .latency_ms = 1000, .calls = 2, .quiet = false};
    int c;
    optind = 1;
    opterr = 0; /* one line of our own below, not getopt's */
    while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
        if (cli_context_option(ctx, c, optarg))
            continue;
        switch (c) {
        case O_HOST:
            opt.host = optarg;
            break;
        case O_PORT:
            opt.port = cli_parse_count("--port", optarg, 0);
            if (opt.port > 65535) {
                fprintf(stderr, "versus mock-llm: --port must be 0..65535, not %d\n", opt.port);
                return 2;
            }
            break;
        case O_LATENCY:
            opt.latency_ms = cli_parse_count("--latency-ms", optarg, 0);
            break;
        case O_CALLS:
            opt.calls = cli_parse_count("--calls", optarg, 1);
            if (opt.calls > MOCK_LLM_MAX_CALLS) {
                fprintf(stderr, "versus mock-llm: --calls must be 1..%d, not %d\n",
                        MOCK_LLM_MAX_CALLS, opt.calls);
                return 2;
            }
            break;
        case O_QUIET:
            opt.quiet = true;
            break;
        case 'h':
            fputs(USAGE, stdout);
            return 0;
        default:
            fprintf(stderr, "versus mock-llm: bad option '%s' (see versus mock-llm --help)\n",
                    argv[optind - 1]);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "versus mock-llm: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    struct verr err;
    if (mock_llm_serve(&opt, stdout, &err) != 0) {
        fprintf(stderr, "versus mock-llm: %s\n", err.msg);
        return 2;
    }
    return 0;
}
