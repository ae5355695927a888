/*
 * test_mock_llm_limits.c - the mock LLM server's limits (mock_llm.h), spoken to with raw
 * loopback sockets:
 *   - headers over 16 KiB are refused: 400, evhttp 2.1's answer (HTTP's 431 needs libevent
 *     2.2's error callback), and the connection closed;
 *   - a declared body over 1 MiB is answered 413 before it is sent;
 *   - a client that sends half a request line and stops is disconnected after the timeout
 *     (--timeout-s 1: within 1 to 10 s, a generous bound), and one that connects and sends
 *     nothing too;
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

#include "versus_test.h"

static pid_t server;
static int port;

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void start_server(void)
{
    int out[2];
    ck_assert_int_eq(pipe(out), 0);
    server = fork();
    ck_assert_int_ge(server, 0);
    if (server == 0) {
        dup2(out[1], STDOUT_FILENO);
        close(out[0]);
        execl(VERSUS_BIN, VERSUS_BIN, "mock-llm", "--quiet", "--latency-ms", "0", "--timeout-s",
              "1", (char *)NULL);
        _exit(127);
    }
    close(out[1]);
    char line[256] = "";
    size_t n = 0;
    while (n + 1 < sizeof line && read(out[0], line + n, 1) == 1 && line[n] != '\n')
        n++;
    line[n] = '\0';
    close(out[0]);
    const char *colon = strrchr(line, ':');
    ck_assert_msg(strncmp(line, "listening http://127.0.0.1:", 27) == 0 && colon, "%s", line);
    port = atoi(colon + 1);
}

static void stop_server(void)
{
    if (server > 0) {
        kill(server, SIGTERM);
        waitpid(server, NULL, 0);
    }
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

/* Reads what the server says until it closes or timeout_s passes; returns the bytes read
 * (NUL-terminated, malloc'd) and sets *closed when it closed. */
static char *read_reply(int fd, double timeout_s, bool *closed)
{
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap);
    *closed = false;
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
        if (strstr(buf, "\r\n\r\n") != NULL && len >= 12)
            break;
        buf[len] = '\0';
    }
    buf[len] = '\0';
    return buf;
}

START_TEST(test_big_headers_and_bodies_are_refused)
{
    start_server();
    int fd = connect_server();
    size_t big = 20 << 10;
    char *req = malloc(big + 256);
    /* A request that would get 200 with small headers. */
    int n = snprintf(req, 256, "GET /_versus/stats HTTP/1.1\r\nHost: x\r\nX-Big: ");
    memset(req + n, 'a', big);
    memcpy(req + n + big, "\r\n\r\n", 5);
    send_all(fd, req, (size_t)n + big + 4);
    bool closed;
    char *reply = read_reply(fd, 10, &closed);
    ck_assert_msg(strncmp(reply, "HTTP/1.1 400", 12) == 0, "got: %.80s", reply);
    free(reply);
    close(fd);
    free(req);

    fd = connect_server();
    const char *head = "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: "
                       "application/json\r\nContent-Length: 2097152\r\n\r\n";
    send_all(fd, head, strlen(head));
    reply = read_reply(fd, 10, &closed);
    ck_assert_msg(strncmp(reply, "HTTP/1.1 413", 12) == 0, "got: %.80s", reply);
    free(reply);
    close(fd);
    stop_server();
}
END_TEST

START_TEST(test_slow_and_silent_clients_are_disconnected)
{
    start_server();
    int slow = connect_server(), silent = connect_server();
    send_all(slow, "POST /v1/chat/comp", 18);
    double t0 = now_s();
    bool closed_slow, closed_silent;
    free(read_reply(slow, 10, &closed_slow));
    free(read_reply(silent, 10, &closed_silent));
    double took = now_s() - t0;
    ck_assert_msg(closed_slow && closed_silent, "still connected after %.1f s", took);
    ck_assert_msg(took >= 0.5 && took < 10, "closed after %.2f s", took);
    close(slow);
    close(silent);

    int fd = connect_server();
    const char *get = "GET /_versus/stats HTTP/1.1\r\nHost: x\r\n\r\n";
    send_all(fd, get, strlen(get));
    bool closed;
    char *reply = read_reply(fd, 10, &closed);
    ck_assert_msg(strncmp(reply, "HTTP/1.1 200", 12) == 0, "got: %.80s", reply);
    free(reply);
    close(fd);
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
    tcase_add_test(tc, test_slow_and_silent_clients_are_disconnected);
    suite_add_tcase(s, tc);
    return vt_run_suite(s, "test_mock_llm_limits", NULL);
}
