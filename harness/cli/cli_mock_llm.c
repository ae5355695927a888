/*
 * cli_mock_llm.c - `versus mock-llm`: runs the mock LLM server of the `agent` workload (an
 * OpenAI Chat Completions API on loopback that plays a fixed tool-calling script and holds
 * every reply for --latency-ms) until SIGTERM or SIGINT. See mock_llm.h and runners/README.md.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "mock_llm/mock_llm.h"
#include "mock_llm/mock_llm_script.h"

static const char *USAGE =
    "usage: versus mock-llm [options]\n"
    "Serves a mock OpenAI Chat Completions API (POST /v1/chat/completions) for the agent\n"
    "workload; prints `listening http://HOST:PORT` when ready, serves until SIGTERM or SIGINT,\n"
    "then prints its stats as one JSON line (also at GET /_versus/stats; POST /_versus/reset\n"
    "zeroes them).\n"
    "\n";

int cli_mock_llm(int argc, char **argv, struct cli_context *ctx)
{
    struct mock_llm_options opt = {.host = "127.0.0.1",
                                   .port = 0,
                                   .latency_ms = 1000,
                                   .calls = 2,
                                   .quiet = false,
                                   .timeout_s = MOCK_LLM_TIMEOUT_S,
                                   .max_connections = MOCK_LLM_MAX_CONNECTIONS};
    const struct cli_opt opts[] = {
        CLI_STRING("host", "ADDR",
                   "loopback address to listen on (default 127.0.0.1; ::1, localhost)", &opt.host),
        CLI_COUNT("port", "N", "TCP port (default 0: chosen by the kernel)", &opt.port, 0, 65535),
        CLI_COUNT("latency-ms", "N", "how long every reply is held, in milliseconds (default 1000)",
                  &opt.latency_ms, 0, 0),
        CLI_COUNT("calls", "K", "LLM calls per task: K-1 tool calls, then the answer (default 2)",
                  &opt.calls, 1, MOCK_LLM_MAX_CALLS),
        CLI_COUNT("timeout-s", "S",
                  "answer 408 to a request not received whole within S seconds of its\n"
                  "first byte; close a connection idle for S seconds (default 10)",
                  &opt.timeout_s, 1, 3600),
        CLI_COUNT("max-connections", "N",
                  "connections open at once; one more is answered 503 (default 4096)",
                  &opt.max_connections, 1, 1 << 20),
        {CLI_QUIET, .help = "no diagnostics on stderr", .dst = &opt.quiet},
        CLI_END,
    };
    const struct cli_command cmd = {
        .name = "mock-llm", .usage = USAGE, .options_first = true, .opts = opts};
    int first, rc = cli_parse(&cmd, argc, argv, ctx, &first);
    if (rc != CLI_PROCEED)
        return rc;
    if (first < argc) {
        fprintf(stderr, "versus mock-llm: unexpected argument '%s'\n", argv[first]);
        return 2;
    }
    struct verr err;
    if (mock_llm_serve(&opt, stdout, &err) != 0) {
        fprintf(stderr, "versus mock-llm: %s\n", err.msg);
        return 2;
    }
    return 0;
}
