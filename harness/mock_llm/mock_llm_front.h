/*
 * mock_llm_front.h - the mock LLM server's bounds, enforced in front of evhttp (libevent 2.1),
 * which has no hooks for them: every accepted connection's bufferevent is a filter
 * (bufferevent_filter_new, made by evhttp's bevcb) over the socket's. The filter's input side
 * feeds each byte to an HTTP/1.1 parser (nodejs/http-parser 2.9, Debian's libhttp-parser-dev)
 * and passes it to evhttp unchanged; the parser finds the message boundaries (Content-Length
 * and chunked) and counts what evhttp cannot answer for as HTTP says. On a violation the
 * answer is written straight to the socket (a few hundred bytes, into an empty send buffer),
 * no more input reaches evhttp, and the connection is failed through its error callback, so
 * evhttp frees it as it frees any connection that broke:
 *   - request line + headers over MOCK_LLM_MAX_HEADER_BYTES, or more than
 *     MOCK_LLM_MAX_HEADER_LINES header lines: 431 Request Header Fields Too Large (RFC 6585);
 *   - a body (declared by Content-Length, or counted through chunks) over
 *     MOCK_LLM_MAX_BODY_BYTES: 413 Content Too Large (RFC 9110 15.5.14), before it is read;
 *   - a request whose first byte came but whose last did not within timeout_s: 408 Request
 *     Timeout (RFC 9110 15.5.9); a connection with no request started for timeout_s (since it
 *     opened or since its last reply went out) is closed without an answer;
 *   - what http-parser rejects: 400 Bad Request;
 *   - a connection while max_connections are open: 503 Service Unavailable with Retry-After: 1,
 *     at once; the others are not touched.
 * Every answer carries "Connection: close" and the OpenAI error body. After it the socket is
 * shut for writing and read (discarded) for up to MOCK_LLM_LINGER_MS before it is closed, so
 * that unread request bytes do not make the kernel reset the connection and destroy the answer
 * before the client read it (the "lingering close" of Apache and nginx); at most
 * MOCK_LLM_MAX_LINGERING sockets linger at once, beyond that they are closed at once.
 * Each is counted in the stats (mock_llm_stats.h) by the status it answered, and so are idle
 * connections closed, requests the client abandoned half sent and connections open.
 * A reply being held is not under the timeout (the request was received whole).
 *
 * Why a filter: evhttp 2.1 reads, parses and refuses inside itself with no callback (2.2 has
 * evhttp_set_errorcb), and its bevcb is the one place to stand between the socket and it. Two
 * quirks of 2.1.12's filters with evhttp are worked around in mock_llm_front.c: a reply added
 * while evhttp has writing disabled is not pushed on when it enables it (a deferred flush
 * does), and evhttp counts a reply sent once the filter passed it on, then may close the
 * socket (Connection: close), so the output side writes to the socket at once.
 */
#ifndef VERSUS_MOCK_LLM_FRONT_H
#define VERSUS_MOCK_LLM_FRONT_H

#include <event2/bufferevent.h>
#include <event2/event.h>
#include <stdbool.h>

#include "mock_llm/mock_llm_stats.h"

#define MOCK_LLM_MAX_HEADER_BYTES (16 << 10)
#define MOCK_LLM_MAX_HEADER_LINES 100
#define MOCK_LLM_MAX_BODY_BYTES (1 << 20)
#define MOCK_LLM_LINGER_MS 1000
#define MOCK_LLM_MAX_LINGERING 1024

struct mock_llm_front {
    struct event_base *base;
    struct mock_llm_stats *stats; /* counted into */
    int max_connections;          /* the cap (>= 1) */
    int timeout_s;                /* read timeout (>= 1) */
    bool quiet;                   /* no line on stderr per refusal */
    int lingering;                /* sockets lingering now */
};

/* evhttp_set_bevcb's callback (arg: a struct mock_llm_front that outlives the server): the
 * filter bufferevent of one new connection, with the socket bufferevent under it (evhttp
 * gives it the socket next). NULL when out of memory (evhttp then drops the connection). */
struct bufferevent *mock_llm_front_bevcb(struct event_base *base, void *arg);

#endif
