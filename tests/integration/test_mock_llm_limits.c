/*
 * test_mock_llm_limits.c - the mock LLM server's limits (mock_llm.h, mock_llm_front.h), spoken
 * to with raw loopback sockets; every refusal is an answer then a close:
 *   - request line and headers over 16 KiB, or over 100 header lines: 431;
 *   - a body over 1 MiB: 413, declared (before it is sent) or chunked;
 *   - what is not HTTP: 400;
 *   - a client that sends half a request line and stops: 408 after the timeout (--timeout-s 1:
 *     within 0.5 to 10 s, a generous bound); one that connects and sends nothing is closed
 *     without an answer;
 *   - with --max-connections 2, a third connection: 503 with Retry-After, while the two
 *     others are still served;
 *   - each is counted in GET /_versus/stats under "rejected", "idle_closed";
 *   - afterwards a well-behaved request is still answered 200.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mock_llm_server.h"
#include "versus_test.h"

static pid_t server;
static int port;

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void start_server_with(const char *max_connections)
{
    server = vt_start_mock_llm(VT_ARGS("--quiet", "--latency-ms", "0", "--timeout-s", "1",
                                       "--max-connections", max_connections),
                               &port);
}

static void start_server(void)
{
    start_server_with("4096");
}

static void stop_server(void)
{
    vt_stop_mock_llm(server);
    server = 0;
}

static int connect_server(void)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    return fd;
}

static void send_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t k = send(fd, data, len, MSG_NOSIGNAL);
        if (k <= 0)
            return; /* the server may close early: that is what some cases test */
        data += k;
        len -= (size_t)k;
    }
}

/* Reads what the server says until it closes or timeout_s passes, or (when !to_close) until
 * a whole reply (headers and Content-Length bytes) came; returns the bytes read
 * (NUL-terminated, malloc'd) and sets *closed when it closed. */
static char *read_reply_until(int fd, double timeout_s, bool to_close, bool *closed)
{
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap);
    *closed = false;
    buf[0] = '\0';
    double deadline = now_s() + timeout_s;
    while (len + 1 < cap) {
        int ms = (int)((deadline - now_s()) * 1000);
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (ms <= 0 || poll(&p, 1, ms) <= 0)
            break;
        ssize_t k = recv(fd, buf + len, cap - 1 - len, 0);
        if (k <= 0) {
            *closed = true;
            break;
        }
        len += (size_t)k;
        buf[len] = '\0';
        const char *end = strstr(buf, "\r\n\r\n");
        const char *cl = strcasestr(buf, "Content-Length:");
        if (!to_close && end != NULL && cl != NULL &&
            len >= (size_t)(end + 4 - buf) + strtoul(cl + 15, NULL, 10))
            break;
    }
    buf[len] = '\0';
    return buf;
}

static char *read_reply(int fd, double timeout_s, bool *closed)
{
    return read_reply_until(fd, timeout_s, true, closed);
}

/* Sends len bytes of req on a new connection; checks that the answer starts with status and
 * that the server closed the connection after it. */
static void expect_refusal(const char *req, size_t len, const char *status)
{
    int fd = connect_server();
    send_all(fd, req, len);
    bool closed;
    char *reply = read_reply(fd, 10, &closed);
    ck_assert_msg(strncmp(reply, status, strlen(status)) == 0, "want %s, got: %.80s", status,
                  reply);
    ck_assert_msg(strstr(reply, "Connection: close") != NULL && closed, "not closed: %s", reply);
    free(reply);
    close(fd);
}

/* GET /_versus/stats on fd (kept open): the reply, malloc'd. */
static char *get_stats(int fd)
{
    const char *get = "GET /_versus/stats HTTP/1.1\r\nHost: x\r\n\r\n";
    send_all(fd, get, strlen(get));
    bool closed;
    char *reply = read_reply_until(fd, 10, false, &closed);
    ck_assert_msg(strncmp(reply, "HTTP/1.1 200", 12) == 0 && !closed, "got: %.80s", reply);
    return reply;
}

START_TEST(test_big_headers_and_bodies_are_refused)
{
    start_server();
    size_t big = 20 << 10;
    char *req = malloc(big + 256);
    /* A request that would get 200 with small headers. */
    int n = snprintf(req, 256, "GET /_versus/stats HTTP/1.1\r\nHost: x\r\nX-Big: ");
    memset(req + n, 'a', big);
    memcpy(req + n + big, "\r\n\r\n", 5);
    expect_refusal(req, (size_t)n + big + 4, "HTTP/1.1 431 ");
    /* 150 short header lines: few bytes, too many lines. */
    n = snprintf(req, 256, "GET /_versus/stats HTTP/1.1\r\nHost: x\r\n");
    for (int i = 0; i < 150; i++)
        n += snprintf(req + n, 32, "X-%d: y\r\n", i);
    n += snprintf(req + n, 8, "\r\n");
    expect_refusal(req, (size_t)n, "HTTP/1.1 431 ");

    const char *head = "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: "
                       "application/json\r\nContent-Length: 2097152\r\n\r\n";
    expect_refusal(head, strlen(head), "HTTP/1.1 413 ");
    /* Chunked: 3 chunks of 512 KiB; the third passes 1 MiB. */
    size_t chunk = 512 << 10;
    char *body = malloc(3 * (chunk + 16) + 256);
    n = snprintf(body, 256,
                 "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
                 "chunked\r\n\r\n");
    for (int i = 0; i < 3; i++) {
        n += snprintf(body + n, 16, "%zx\r\n", chunk);
        memset(body + n, 'a', chunk);
        n += (int)chunk;
        n += snprintf(body + n, 3, "\r\n");
    }
    n += snprintf(body + n, 8, "0\r\n\r\n");
    expect_refusal(body, (size_t)n, "HTTP/1.1 413 ");
    free(body);

    const char *garbage = "GARB\x01GE / HTTP/1.1\r\n\r\n";
    expect_refusal(garbage, strlen(garbage), "HTTP/1.1 400 ");
    free(req);

    int fd = connect_server();
    char *stats = get_stats(fd);
    ck_assert_msg(strstr(stats, "\"rejected\":{\"400\":1,\"408\":0,\"413\":2,\"431\":2,\"503\":0}"),
                  "%s", stats);
    free(stats);
    close(fd);
    stop_server();
}
END_TEST

START_TEST(test_slow_and_silent_clients_are_answered_408_or_closed)
{
    start_server();
    int slow = connect_server(), silent = connect_server();
    send_all(slow, "POST /v1/chat/comp", 18);
    double t0 = now_s();
    bool closed_slow, closed_silent;
    char *said_slow = read_reply(slow, 10, &closed_slow);
    char *said_silent = read_reply(silent, 10, &closed_silent);
    double took = now_s() - t0;
    ck_assert_msg(closed_slow && closed_silent, "still connected after %.1f s", took);
    ck_assert_msg(took >= 0.5 && took < 10, "closed after %.2f s", took);
    ck_assert_msg(strncmp(said_slow, "HTTP/1.1 408 ", 13) == 0, "slow client got: %.80s",
                  said_slow);
    ck_assert_msg(said_silent[0] == '\0', "silent client got: %.80s", said_silent);
    free(said_slow);
    free(said_silent);
    close(slow);
    close(silent);

    int fd = connect_server();
    char *stats = get_stats(fd);
    ck_assert_msg(strstr(stats, "\"408\":1,") && strstr(stats, "\"idle_closed\":1,"), "%s", stats);
    free(stats);
    close(fd);
    stop_server();
}
END_TEST

START_TEST(test_connections_over_the_cap_are_answered_503)
{
    start_server_with("2");
    int a = connect_server(), b = connect_server();
    free(get_stats(a)); /* both accepted and open */
    free(get_stats(b));
    int c = connect_server();
    bool closed;
    char *reply = read_reply(c, 10, &closed);
    ck_assert_msg(strncmp(reply, "HTTP/1.1 503 ", 13) == 0 && closed, "got: %.80s", reply);
    ck_assert_msg(strstr(reply, "\r\nRetry-After: 1\r\n") != NULL, "%s", reply);
    free(reply);
    close(c);
    char *stats = get_stats(a); /* the others are untouched */
    ck_assert_msg(strstr(stats, "\"503\":1}") && strstr(stats, "\"connections_open\":2,") &&
                      strstr(stats, "\"connection_cap\":2"),
                  "%s", stats);
    free(stats);
    close(b);
    close(a);
    stop_server();
}
END_TEST

int main(void)
{
    Suite *s = suite_create("mock_llm_limits");
    TCase *tc = tcase_create("limits");
    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, NULL, stop_server); /* also when a check failed */
    tcase_add_test(tc, test_big_headers_and_bodies_are_refused);
    tcase_add_test(tc, test_slow_and_silent_clients_are_answered_408_or_closed);
    tcase_add_test(tc, test_connections_over_the_cap_are_answered_503);
    suite_add_tcase(s, tc);
    return vt_run_suite(s, "test_mock_llm_limits", NULL);
}
