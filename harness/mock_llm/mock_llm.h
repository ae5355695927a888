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
 * Limits (a hostile or broken client must not cost the others; what libevent 2.1's evhttp can
 * enforce, so the answers are its own):
 *   - request line and headers: at most MOCK_LLM_MAX_HEADER_BYTES (16 KiB) together; more is
 *     answered 400 by evhttp and the connection closed (HTTP's 431 needs libevent 2.2's error
 *     callback);
 *   - body: at most MOCK_LLM_MAX_BODY_BYTES (1 MiB) per request, else 413 Payload Too Large.
 *     This also bounds how long parsing one body holds the event loop: jansson parses at about
 *     100 MB/s here, so at most about 10 ms, which every other client may see as added delay;
 *   - time: a connection that sends nothing, or does not finish sending its request, within
 *     timeout_s (default MOCK_LLM_TIMEOUT_S, 10 s) is closed (evhttp closes it without an
 *     answer; a 408 needs libevent 2.2). A reply being held is not cut by it.
 *   - memory: with the two bounds above a connection holds at most about 1 MiB + 16 KiB of
 *     request; the connection count is bounded only by RLIMIT_NOFILE (raised to the hard
 *     limit), not by a cap of its own (evhttp 2.1 has none).
 * Requests refused by evhttp (400, 413, timeouts) are not seen by the handler, so they are not
 * in the stats.
 */
#ifndef VERSUS_MOCK_LLM_H
#define VERSUS_MOCK_LLM_H

#include <stdbool.h>
#include <stdio.h>

#include "util/error.h"

struct mock_llm_options {
    const char *host; /* a loopback address: 127.0.0.0/8, ::1 or "localhost" */
    int port;         /* 0: chosen by the kernel */
    int latency_ms;   /* how long every reply is held, milliseconds (>= 0) */
    int calls;        /* K: LLM calls per task, 1..MOCK_LLM_MAX_CALLS */
    bool quiet;       /* no diagnostics on stderr */
    int timeout_s;    /* read/write timeout of a connection, seconds (0: MOCK_LLM_TIMEOUT_S) */
};

#define MOCK_LLM_MAX_HEADER_BYTES (16 << 10)
#define MOCK_LLM_MAX_BODY_BYTES (1 << 20)
#define MOCK_LLM_TIMEOUT_S 10

/* Runs the server until SIGTERM or SIGINT. Prints `listening http://HOST:PORT` on out (flushed)
 * once it accepts connections, and the final stats document as one line on out when it stops.
 * Unless quiet, writes one line on stderr for each request answered with an error. Raises the
 * soft RLIMIT_NOFILE to the hard limit first, and ignores SIGPIPE. Returns 0 after a signal, or
 * -1 with err set when it could not start (not a loopback host, the port is taken, libevent
 * failed). */
int mock_llm_serve(const struct mock_llm_options *opt, FILE *out, struct verr *err);

#endif
