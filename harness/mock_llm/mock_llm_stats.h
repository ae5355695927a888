/*
 * mock_llm_stats.h - what the mock LLM server counts and measures: counters, every sample of
 * the delay it added beyond the target latency and of each client's own time per turn, and
 * the per-task clock that client time is measured with.
 *
 * Client time per turn ("client gap"): for a task, the time from the moment the server sent
 * its reply to turn t - 1 to the moment it had fully received the request of turn t (t >= 1).
 * It is what the client spent between two LLM calls (parsing, running the tool, building and
 * sending the next request), measured from outside and the same way for every language. A
 * task's clock is forgotten when its final answer is sent.
 *
 * Samples are kept whole in growable arrays (fine at a few hundred thousand a run) and
 * summarized with linear-interpolation percentiles (stats.h). Times are int64 nanoseconds of
 * CLOCK_MONOTONIC in, milliseconds (double) out.
 */
#ifndef VERSUS_MOCK_LLM_STATS_H
#define VERSUS_MOCK_LLM_STATS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* A growable array of samples (milliseconds). */
struct mock_llm_samples {
    double *v;
    size_t n, cap;
};

/* One task's clock: when its last reply was sent. Open addressing, linear probing. */
struct mock_llm_task_slot {
    int64_t id; /* -1: empty */
    int64_t sent_ns;
};

struct mock_llm_stats {
    /* counters since start or the last reset */
    uint64_t requests;           /* POST /v1/chat/completions received, valid or not */
    uint64_t completions;        /* final answers sent */
    uint64_t tool_calls_sent;    /* tool-call replies sent */
    uint64_t wrong_tool_results; /* tool results that were not the expected value */
    uint64_t malformed;          /* answered 400 */
    uint64_t not_found;          /* answered 404 */
    uint64_t method_not_allowed; /* answered 405 */
    uint64_t disconnects;        /* clients that went away while their reply was held */
    /* what the front (mock_llm_front.h) refused or closed, by the answer it gave */
    uint64_t bad_http;          /* 400: not an HTTP/1.x request http-parser accepts */
    uint64_t request_timeouts;  /* 408: a request not received whole within the timeout */
    uint64_t body_too_large;    /* 413: a body over MOCK_LLM_MAX_BODY_BYTES */
    uint64_t headers_too_large; /* 431: request line + headers over the byte or line limit */
    uint64_t over_capacity;     /* 503: a connection over the cap */
    uint64_t idle_closed;       /* closed without an answer: no request started in time */
    uint64_t aborted_requests;  /* the client closed with a request partly sent */
    long connections_open;      /* connections open now (not reset) */
    long max_connections_open;  /* most open at once (reset to connections_open) */
    long in_flight;             /* replies being held now (not reset) */
    long max_in_flight;         /* most held at once (reset to in_flight) */
    struct mock_llm_samples added_delay_ms; /* reply sent - request received - target */
    struct mock_llm_samples client_gap_ms;  /* see above */
    /* task clocks (not reset: a conversation may straddle a reset) */
    struct mock_llm_task_slot *tasks;
    size_t task_cap, task_count;
};

/* Zeroes s. Nothing is allocated until the first sample or task. */
void mock_llm_stats_init(struct mock_llm_stats *s);

/* Frees the samples and the task clocks; s is then as after init. */
void mock_llm_stats_free(struct mock_llm_stats *s);

/* Zeroes the counters and drops the samples; max_in_flight becomes in_flight; task clocks
 * stay. */
void mock_llm_stats_reset(struct mock_llm_stats *s);

/* Appends a sample (milliseconds). Returns 0, or -1 when out of memory (sample dropped). */
int mock_llm_samples_add(struct mock_llm_samples *x, double ms);

/* One more reply held: in_flight + 1, and max_in_flight follows it. */
void mock_llm_stats_hold(struct mock_llm_stats *s);

/* One held reply sent or abandoned: in_flight - 1. */
void mock_llm_stats_release(struct mock_llm_stats *s);

/* The request of turn `turn` of task id was fully received at now_ns: when turn >= 1 and the
 * task's previous reply was sent at a known time, records the client gap. */
void mock_llm_stats_task_received(struct mock_llm_stats *s, int64_t id, int turn, int64_t now_ns);

/* The reply of task id was sent at now_ns: remembers it, or forgets the task when final. */
void mock_llm_stats_task_sent(struct mock_llm_stats *s, int64_t id, int64_t now_ns, int final);

/* How many tasks have a clock. */
size_t mock_llm_stats_tasks(const struct mock_llm_stats *s);

/* {"n", "p50", "p99", "max"} of x in milliseconds (new reference); the three are null when
 * n is 0. NULL when out of memory. */
json_t *mock_llm_samples_json(const struct mock_llm_samples *x);

/* One more connection open: connections_open + 1, and max_connections_open follows it. */
void mock_llm_stats_connect(struct mock_llm_stats *s);

/* The stats document (new reference), with the server's settings: {"requests", "completions",
 * "tool_calls_sent", "wrong_tool_results", "malformed", "not_found", "method_not_allowed",
 * "disconnects", "in_flight", "max_in_flight", "latency_ms", "calls", "added_delay_ms",
 * "client_gap_ms", "rejected", "idle_closed", "aborted_requests", "connections_open",
 * "max_connections_open", "connection_cap"}. "rejected" counts what the front refused by the
 * status it answered: {"400", "408", "413", "431", "503"} (the handler's own 400s are
 * "malformed", not in it). NULL when out of memory. */
json_t *mock_llm_stats_json(const struct mock_llm_stats *s, int latency_ms, int calls,
                            int connection_cap);

#endif
