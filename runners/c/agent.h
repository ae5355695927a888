/*
 * agent.h - the `agent` workload: a tool-using agent loop against an OpenAI Chat Completions
 * server (in the benchmark, `versus mock-llm`), with libcurl's multi interface.
 */
#ifndef VERSUS_RUNNER_C_AGENT_H
#define VERSUS_RUNNER_C_AGENT_H

#include "agent_args.h"

/* Runs tasks 0..opt->tasks-1, at most opt->concurrency at once, on one CURLM whose connection
 * pool holds at most that many keep-alive HTTP/1.1 connections. Each task POSTs its growing
 * conversation to opt->url + "/v1/chat/completions" until the server gives a final answer
 * (agent_conv.h). Then prints each task's final answer on its own line, in task ID order, and
 * reports one `task_latency_s` per task (seconds, monotonic, first request sent to final answer
 * received) on the metrics channel. Raises the soft RLIMIT_NOFILE (up to the hard limit) when
 * it is too low for the connections.
 * Returns RUNNER_EXIT_OK, or RUNNER_EXIT_ERROR after printing one line on stderr at the first
 * connection or transfer error, HTTP status other than 200, malformed response, failed tool
 * call, memory exhaustion or stdout write error (nothing is retried). */
int agent_run(const struct agent_options *opt);

#endif
