/*
 * mock_llm.h - a mock of the OpenAI Chat Completions API for the `agent` workload: it plays
 * the deterministic script of mock_llm_script.h and holds every reply for a fixed latency, the
 * way a real LLM would take its time, without costing anything while it waits.
 *
 * One thread, one libevent event loop (evhttp). A request to POST /v1/chat/completions is read
 * whole, validated and answered in memory at once; the reply is then held by a timer of its own
 * (an evtimer, never a sleeping thread) until latency_ms after the request was fully received,
 * and sent when it fires (a streamed reply sends all its events then: the latency comes before
 * the first byte). A held request costs a timer and a few hundred bytes, so a thousand of them
 * at once cost nothing. Measured: the delay added beyond the target (reply sent - request
 * received - latency, >= 0: a timer that fires early is re-armed) and each client's own time
 * between turns (mock_llm_stats.h).
 *
 * libevent 2.1's evhttp stops reading a connection once its request is read, so it would only
 * notice a client that went away when the held reply is written. The server therefore watches
 * each connection that has a reply held: end of file there closes the connection at once; its
 * close callback cancels the timer, frees the reply and counts a disconnect.
 *
 * Other endpoints: GET /_versus/stats returns the stats document (mock_llm_stats_json); POST
 * /_versus/reset returns it too and then zeroes the counters. An unknown path is answered 404,
 * a known path with the wrong method 405, a bad completion request 400, each with the OpenAI
 * error body and counted. SIGTERM or SIGINT end the loop; the final stats document is then
 * printed as one line.
 *
 * Limits (a hostile or broken client must not cost the others). libevent 2.1's evhttp has no
 * hook to answer them as HTTP says, so a front of our own enforces them: each connection's
 * bufferevent is a filter that runs http-parser over the bytes on their way to evhttp
 * (mock_llm_front.h says how, and why the answers are written straight to the socket):
 *   - request line and headers: at most MOCK_LLM_MAX_HEADER_BYTES (16 KiB) together and
 *     MOCK_LLM_MAX_HEADER_LINES (100) header lines, else 431 Request Header Fields Too Large;
 *   - body: at most MOCK_LLM_MAX_BODY_BYTES (1 MiB) per request, whether declared by
 *     Content-Length (refused before it is sent) or chunked (refused at the chunk that passes
 *     it), else 413 Content Too Large;
 *   - time: a request whose first byte came but which is not received whole within timeout_s
 *     (default MOCK_LLM_TIMEOUT_S, 10 s; a slow-loris client dribbling bytes included) is
 *     answered 408 Request Timeout; a connection with no request started for timeout_s (since
 *     it opened or its last reply went out) is closed without an answer. A reply being held
 *     is not cut by it;
 *   - connections: at most max_connections open at once (default MOCK_LLM_MAX_CONNECTIONS,
 *     4096, --max-connections); one more is answered 503 Service Unavailable with
 *     Retry-After: 1 at once and closed, without touching the others;
 *   - what http-parser cannot parse as an HTTP/1.x request: 400 Bad Request.
 *   - memory: a connection holds at most 16 KiB of request line and headers and 1 MiB of body
 *     (evhttp's input buffer), plus its reply (a few KiB); so all connections together hold at
 *     most max_connections x (1 MiB + 16 KiB + a few KiB): about 4.1 GiB at the default cap,
 *     40 MiB at --max-connections 39. On top, the one body being parsed at a time (one
 *     thread) has its jansson tree. Sockets lingering after a refusal (at most 1024, for at
 *     most 1 s each) hold no request.
 *   - the event loop: parsing one body with jansson holds the loop, and every other client
 *     waits that long. The 1 MiB cap bounds it, by the body's shape: mock_llm_parse_request
 *     on 1 MiB bodies, best of 20, on this 2-core machine at load average 8: 15-30 ms when
 *     the bulk is one long string, 35-70 ms for 35 000 small messages, 45-115 ms for 500 000
 *     one-digit numbers, 70-100 ms for an object of 80 000 keys (json_loadb is nearly all of
 *     it). So one body stalls the others by at most about 0.1 s here; a real agent request
 *     (a few KiB) by well under 1 ms, since the time grows linearly with the size.
 * Each refusal closes the connection (Connection: close) and is counted in the stats under
 * "rejected" by its status; idle connections closed and requests abandoned half sent are
 * counted too ("idle_closed", "aborted_requests"), and connections open ("connections_open").
 * evhttp's own limits stay set above these (twice the header and body limits; 2 x timeout_s,
 * which also bounds writing a reply to a client that reads none) as a backstop it does not
 * reach. tests/integration/test_mock_llm_limits.c checks each answer, test_mock_llm_load.c
 * all of them at once under 1 000 clients.
 */
#ifndef VERSUS_MOCK_LLM_H
#define VERSUS_MOCK_LLM_H

#include <stdbool.h>
#include <stdio.h>

#include "mock_llm/mock_llm_front.h"
#include "util/error.h"

struct mock_llm_options {
    const char *host;    /* a loopback address: 127.0.0.0/8, ::1 or "localhost" */
    int port;            /* 0: chosen by the kernel */
    int latency_ms;      /* how long every reply is held, milliseconds (>= 0) */
    int calls;           /* K: LLM calls per task, 1..MOCK_LLM_MAX_CALLS */
    bool quiet;          /* no diagnostics on stderr */
    int timeout_s;       /* read timeout of a connection, seconds (0: MOCK_LLM_TIMEOUT_S) */
    int max_connections; /* connections open at once (0: MOCK_LLM_MAX_CONNECTIONS) */
};

#define MOCK_LLM_TIMEOUT_S 10
#define MOCK_LLM_MAX_CONNECTIONS 4096

/* Runs the server until SIGTERM or SIGINT. Prints `listening http://HOST:PORT` on out (flushed)
 * once it accepts connections, and the final stats document as one line on out when it stops.
 * Unless quiet, writes one line on stderr for each request answered with an error. Raises the
 * soft RLIMIT_NOFILE to the hard limit first, and ignores SIGPIPE. Returns 0 after a signal, or
 * -1 with err set when it could not start (not a loopback host, the port is taken, libevent
 * failed). */
int mock_llm_serve(const struct mock_llm_options *opt, FILE *out, struct verr *err);

#endif
