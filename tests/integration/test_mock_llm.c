/*
 * test_mock_llm.c - `versus mock-llm` end to end: the real server as a process (VERSUS_BIN),
 * spoken to over loopback with libcurl's easy and multi interfaces.
 *
 *   - latency: each request takes at least the latency, and the added delay the server
 *     reports stays small (p99 under 25 ms on a quiet machine); its distance from the 2 ms
 *     target is printed, not asserted (a timing target belongs in a benchmark report: the
 *     agent table prints the server's added delay of every run); connections are kept alive;
 *   - a full conversation gives `task <ID>: sum=<S>` with S worked out by hand, and the server
 *     measures the client's time between turns;
 *   - malformed requests get 400 and the OpenAI error body, unknown paths 404, wrong methods
 *     405, each counted; /_versus/reset zeroes the counters;
 *   - a wrong tool result is counted and the final answer still comes;
 *   - a client that disconnects while its reply is held is counted, and the server stays
 *     healthy;
 *   - 1000 concurrent connections (curl multi) are all answered, with the added delay near
 *     the target;
 *   - stream: true gives well-formed server-sent events ending with [DONE];
 *   - the headers real clients send (the openai SDK's, Expect: 100-continue, a chunked body)
 *     change nothing;
 *   - a non-loopback --host is refused (exit 2, one line).
 *
 * The 25 ms bound applies only when the machine was quiet during the measurement (CPU busy
 * fraction from /proc/stat under 50%), 500 ms otherwise: on a shared, loaded machine the
 * scheduler, not the server, decides when a timer's process runs. A server that slept the
 * latency twice, or polled on a coarse tick, fails either way. Every loop
 * is bounded in count and time; everything stays on 127.0.0.1.
 */
#include <check.h>
#include <curl/curl.h>
#include <errno.h>
#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "measure/process.h"

extern char **environ;

#define QUIET_BUSY_FRACTION 0.5
#define TARGET_P99_MS 2.0 /* issue 4's target on an idle machine: printed, not asserted */
#define QUIET_P99_MS 25.0
#define LOOSE_P99_MS 500.0

struct server {
    pid_t pid;
    int out_fd;
    char url[128]; /* http://127.0.0.1:PORT */
};

static double monotonic_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Reads from fd into buf (up to cap - 1 bytes, NUL-terminated) until `until` appears (NULL:
 * end of file) or timeout_s passes. Returns the bytes read. */
static size_t read_until(int fd, char *buf, size_t cap, const char *until, double timeout_s)
{
    size_t len = 0;
    double deadline = monotonic_s() + timeout_s;
    buf[0] = '\0';
    while (len + 1 < cap && (until == NULL || strstr(buf, until) == NULL)) {
        double left = deadline - monotonic_s();
        if (left <= 0)
            break;
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, (int)(left * 1000) + 1) <= 0)
            continue;
        ssize_t n = read(fd, buf + len, cap - 1 - len);
        if (n <= 0)
            break;
        len += (size_t)n;
        buf[len] = '\0';
    }
    return len;
}

/* Starts `versus mock-llm --latency-ms latency --calls calls --quiet` and waits for its
 * listening line. */
static void start_server(struct server *s, int latency_ms, int calls)
{
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    char latency[16], k[16];
    snprintf(latency, sizeof latency, "%d", latency_ms);
    snprintf(k, sizeof k, "%d", calls);
    char *argv[] = {VERSUS_BIN, "mock-llm", "--latency-ms", latency, "--calls", k, "--quiet", NULL};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    posix_spawn_file_actions_addclose(&fa, fds[1]);
    ck_assert_int_eq(posix_spawn(&s->pid, VERSUS_BIN, &fa, NULL, argv, environ), 0);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    s->out_fd = fds[0];
    char line[256];
    read_until(s->out_fd, line, sizeof line, "\n", 20);
    int port = 0;
    ck_assert_msg(sscanf(line, "listening http://127.0.0.1:%d\n", &port) == 1,
                  "no listening line: '%s'", line);
    ck_assert_int_gt(port, 0);
    snprintf(s->url, sizeof s->url, "http://127.0.0.1:%d", port);
}

/* Sends SIGTERM, checks that the server exits 0 within 10 s and printed one stats line;
 * returns that document (new reference). */
static json_t *stop_server(struct server *s)
{
    ck_assert_int_eq(kill(s->pid, SIGTERM), 0);
    static char out[1 << 16];
    read_until(s->out_fd, out, sizeof out, NULL, 10);
    close(s->out_fd);
    int status = 0;
    pid_t got = 0;
    for (int i = 0; i < 1000 && got == 0; i++) {
        got = waitpid(s->pid, &status, WNOHANG);
        if (got == 0)
            usleep(10000);
    }
    if (got == 0) {
        kill(s->pid, SIGKILL);
        waitpid(s->pid, &status, 0);
        ck_abort_msg("mock-llm did not stop on SIGTERM");
    }
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "mock-llm status %d", status);
    json_error_t e;
    json_t *doc = json_loads(out, 0, &e);
    ck_assert_msg(doc != NULL, "final stats are not JSON: %s: '%s'", e.text, out);
    ck_assert_ptr_nonnull(strchr(out, '\n'));
    return doc;
}

/* A growable response body. */
struct body {
    char *data;
    size_t len;
};

static size_t on_data(char *ptr, size_t size, size_t n, void *arg)
{
    struct body *b = arg;
    char *grown = realloc(b->data, b->len + size * n + 1);
    if (grown == NULL)
        return 0;
    b->data = grown;
    memcpy(b->data + b->len, ptr, size * n);
    b->len += size * n;
    b->data[b->len] = '\0';
    return size * n;
}

/* Sets up an easy handle for method and url (body: NULL for none), writing into *b. */
static void setup_easy(CURL *h, const char *method, const char *url, const char *body,
                       struct body *b, struct curl_slist *headers)
{
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    if (body != NULL)
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, b);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 30000L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
}

static struct curl_slist *json_headers(void)
{
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    return curl_slist_append(h, "Expect:");
}

/* One request on handle h (reused: keep-alive); returns the status; *elapsed_s when given. */
static long request_on(CURL *h, const char *method, const char *url, const char *body,
                       struct body *b, double *elapsed_s)
{
    struct curl_slist *headers = json_headers();
    free(b->data);
    b->data = NULL;
    b->len = 0;
    setup_easy(h, method, url, body, b, headers);
    double t0 = monotonic_s();
    CURLcode rc = curl_easy_perform(h);
    if (elapsed_s != NULL)
        *elapsed_s = monotonic_s() - t0;
    curl_slist_free_all(headers);
    ck_assert_msg(rc == CURLE_OK, "%s %s: %s", method, url, curl_easy_strerror(rc));
    long code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    return code;
}

/* One request on a new handle; returns the status and the body (new reference when JSON, else
 * NULL) in *doc. */
static long request(const struct server *s, const char *method, const char *path, const char *body,
                    json_t **doc)
{
    char url[256];
    snprintf(url, sizeof url, "%s%s", s->url, path);
    CURL *h = curl_easy_init();
    struct body b = {0};
    long code = request_on(h, method, url, body, &b, NULL);
    curl_easy_cleanup(h);
    if (doc != NULL)
        *doc = b.data ? json_loads(b.data, 0, NULL) : NULL;
    free(b.data);
    return code;
}

static json_t *get_stats(const struct server *s)
{
    json_t *doc = NULL;
    ck_assert_int_eq(request(s, "GET", "/_versus/stats", NULL, &doc), 200);
    ck_assert_ptr_nonnull(doc);
    return doc;
}

static long long counter(const json_t *stats, const char *name)
{
    const json_t *v = json_object_get(stats, name);
    ck_assert_msg(json_is_integer(v), "stats lack %s", name);
    return json_integer_value(v);
}

static double figure(const json_t *stats, const char *group, const char *name)
{
    return json_number_value(json_object_get(json_object_get(stats, group), name));
}

/* The first request of task id: system and user messages, the lookup tool (new reference). */
static json_t *first_request(int id)
{
    char user[64];
    snprintf(user, sizeof user, "task %d: look up each item and report the sum", id);
    return json_pack("{s:s, s:[{s:s, s:s}, {s:s, s:s}], s:[{s:s, s:{s:s, s:s, s:{s:s}}}]}", "model",
                     "mock-gpt", "messages", "role", "system", "content",
                     "You are a careful agent.", "role", "user", "content", user, "tools", "type",
                     "function", "function", "name", "lookup", "description", "Looks an item up",
                     "parameters", "type", "object");
}

static char *dump(const json_t *doc)
{
    char *text = json_dumps(doc, JSON_COMPACT);
    ck_assert_ptr_nonnull(text);
    return text;
}

/* POSTs conv to /v1/chat/completions and returns the reply's first choice (new reference). */
static json_t *complete(const struct server *s, const json_t *conv)
{
    char *text = dump(conv);
    json_t *doc = NULL;
    long code = request(s, "POST", "/v1/chat/completions", text, &doc);
    free(text);
    ck_assert_int_eq(code, 200);
    ck_assert_ptr_nonnull(doc);
    ck_assert_str_eq(json_string_value(json_object_get(doc, "object")), "chat.completion");
    json_t *choice = json_incref(json_array_get(json_object_get(doc, "choices"), 0));
    json_decref(doc);
    ck_assert_ptr_nonnull(choice);
    return choice;
}

/* Appends the assistant message of choice and a tool message answering its call with value
 * to conv; returns the call's id (static buffer). */
static const char *answer_call(json_t *conv, const json_t *choice, const char *value)
{
    static char id[64];
    json_t *msg = json_object_get(choice, "message");
    json_t *call = json_array_get(json_object_get(msg, "tool_calls"), 0);
    snprintf(id, sizeof id, "%s", json_string_value(json_object_get(call, "id")));
    json_t *messages = json_object_get(conv, "messages");
    json_array_append(messages, msg);
    json_array_append_new(messages, json_pack("{s:s, s:s, s:s}", "role", "tool", "tool_call_id", id,
                                              "content", value));
    return id;
}

/* CPU time counters from /proc/stat's first line: busy and total jiffies. */
static void cpu_times(unsigned long long *busy, unsigned long long *total)
{
    unsigned long long v[8] = {0};
    FILE *f = fopen("/proc/stat", "r");
    if (f != NULL) {
        if (fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3],
                   &v[4], &v[5], &v[6], &v[7]) != 8)
            memset(v, 0, sizeof v);
        fclose(f);
    }
    *total = v[0] + v[1] + v[2] + v[3] + v[4] + v[5] + v[6] + v[7];
    *busy = *total - v[3] - v[4]; /* less idle and iowait */
}

/* Fraction of all CPUs' time that was busy since the counters b0, t0 were read. */
static double busy_since(unsigned long long b0, unsigned long long t0)
{
    unsigned long long b1, t1;
    cpu_times(&b1, &t1);
    return t1 > t0 ? (double)(b1 - b0) / (double)(t1 - t0) : 0;
}

/* Checks the added-delay p99 against a generous bound (tighter when the machine was quiet), and
 * prints it beside the 2 ms target. */
static void check_accuracy(const char *what, const json_t *stats, double busy)
{
    double p50 = figure(stats, "added_delay_ms", "p50");
    double p99 = figure(stats, "added_delay_ms", "p99");
    double max = figure(stats, "added_delay_ms", "max");
    bool quiet = busy < QUIET_BUSY_FRACTION;
    double bound = quiet ? QUIET_P99_MS : LOOSE_P99_MS;
    printf("mock-llm %s: added delay p50 %.3f ms, p99 %.3f ms, max %.3f ms (n %lld); CPU busy "
           "%.0f%% -> p99 bound %.0f ms%s; the %.0f ms target %s\n",
           what, p50, p99, max,
           (long long)json_integer_value(
               json_object_get(json_object_get(stats, "added_delay_ms"), "n")),
           busy * 100, bound, quiet ? "" : " (machine busy)", TARGET_P99_MS,
           p99 < TARGET_P99_MS ? "met" : "missed");
    fflush(stdout);
    ck_assert_double_ge(p50, 0);
    ck_assert_double_lt(p99, bound);
}

START_TEST(test_each_reply_waits_the_latency_on_a_kept_alive_connection)
{
    struct server s;
    start_server(&s, 100, 2);
    char url[256];
    snprintf(url, sizeof url, "%s/v1/chat/completions", s.url);
    json_t *conv = first_request(3);
    char *text = dump(conv);
    CURL *h = curl_easy_init();
    struct body b = {0};
    unsigned long long b0, t0;
    cpu_times(&b0, &t0);
    for (int i = 0; i < 20; i++) {
        double elapsed;
        ck_assert_int_eq(request_on(h, "POST", url, text, &b, &elapsed), 200);
        ck_assert_msg(elapsed >= 0.100, "request %d took %.4f s, less than the latency", i,
                      elapsed);
        ck_assert_msg(elapsed < 5, "request %d took %.1f s", i, elapsed);
        long connects = -1;
        curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &connects);
        if (i > 0)
            ck_assert_int_eq(connects, 0); /* keep-alive: the same connection */
    }
    double busy = busy_since(b0, t0);
    json_t *stats = get_stats(&s);
    ck_assert_int_eq(counter(stats, "requests"), 20);
    ck_assert_int_eq(counter(stats, "tool_calls_sent"), 20);
    ck_assert_int_eq(counter(stats, "max_in_flight"), 1);
    check_accuracy("1 request at a time, --latency-ms 100", stats, busy);
    json_decref(stats);
    free(b.data);
    free(text);
    json_decref(conv);
    curl_easy_cleanup(h);
    json_t *final = stop_server(&s);
    ck_assert_int_eq(counter(final, "requests"), 20);
    ck_assert_int_eq(counter(final, "latency_ms"), 100);
    json_decref(final);
}
END_TEST

START_TEST(test_a_full_conversation_gets_the_scripted_calls_and_the_right_sum)
{
    /* task 42, K = 3 (hand-computed, M = 1000003):
     *   t 0: i = 294 mod 64 = 38, n = 42 mod 9 + 1 = 7; 38 * 7919 = 300922, * 7 = 2106454
     *        = 2 M + 106448 -> 106448
     *   t 1: i = 38 + 13 = 51, n = 43 mod 9 + 1 = 8; 51 * 7919 = 403869, * 8 = 3230952
     *        = 3 M + 230943 -> 230943
     *   S = 106448 + 230943 = 337391 */
    struct server s;
    start_server(&s, 100, 3);
    json_t *conv = first_request(42);
    json_t *c0 = complete(&s, conv);
    ck_assert_str_eq(json_string_value(json_object_get(c0, "finish_reason")), "tool_calls");
    json_t *fn = json_object_get(
        json_array_get(json_object_get(json_object_get(c0, "message"), "tool_calls"), 0),
        "function");
    ck_assert_str_eq(json_string_value(json_object_get(fn, "name")), "lookup");
    ck_assert_str_eq(json_string_value(json_object_get(fn, "arguments")),
                     "{\"key\": \"item-38\", \"n\": 7}");
    ck_assert_str_eq(answer_call(conv, c0, "106448"), "call_42_0");
    json_decref(c0);
    json_t *c1 = complete(&s, conv);
    fn = json_object_get(
        json_array_get(json_object_get(json_object_get(c1, "message"), "tool_calls"), 0),
        "function");
    ck_assert_str_eq(json_string_value(json_object_get(fn, "arguments")),
                     "{\"key\": \"item-51\", \"n\": 8}");
    ck_assert_str_eq(answer_call(conv, c1, "230943"), "call_42_1");
    json_decref(c1);
    json_t *c2 = complete(&s, conv);
    ck_assert_str_eq(json_string_value(json_object_get(c2, "finish_reason")), "stop");
    json_t *msg = json_object_get(c2, "message");
    ck_assert_str_eq(json_string_value(json_object_get(msg, "content")), "task 42: sum=337391");
    ck_assert_ptr_null(json_object_get(msg, "tool_calls"));
    json_decref(c2);
    json_decref(conv);
    json_t *stats = get_stats(&s);
    ck_assert_int_eq(counter(stats, "completions"), 1);
    ck_assert_int_eq(counter(stats, "tool_calls_sent"), 2);
    ck_assert_int_eq(counter(stats, "wrong_tool_results"), 0);
    /* the client's own time before turns 1 and 2: positive, and far below a second here */
    ck_assert_int_eq(
        json_integer_value(json_object_get(json_object_get(stats, "client_gap_ms"), "n")), 2);
    ck_assert_double_gt(figure(stats, "client_gap_ms", "p50"), 0);
    ck_assert_double_lt(figure(stats, "client_gap_ms", "max"), 1000);
    json_decref(stats);
    json_decref(stop_server(&s));
}
END_TEST

START_TEST(test_errors_counted_and_reset)
{
    struct server s;
    start_server(&s, 100, 2);
    json_t *doc = NULL;
    ck_assert_int_eq(request(&s, "POST", "/v1/chat/completions", "{bad json", &doc), 400);
    json_t *err = json_object_get(doc, "error");
    ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(err, "message")), "JSON"));
    ck_assert_str_eq(json_string_value(json_object_get(err, "type")), "invalid_request_error");
    ck_assert(json_is_null(json_object_get(err, "param")));
    ck_assert(json_is_null(json_object_get(err, "code")));
    json_decref(doc);
    /* a valid JSON request without a task id */
    ck_assert_int_eq(
        request(&s, "POST", "/v1/chat/completions",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"lookup\"}}]}",
                &doc),
        400);
    ck_assert_ptr_nonnull(strstr(
        json_string_value(json_object_get(json_object_get(doc, "error"), "message")), "task <ID>"));
    json_decref(doc);
    /* a tool result for a call the server never made */
    json_t *conv = first_request(9);
    json_array_append_new(json_object_get(conv, "messages"),
                          json_pack("{s:s, s:n, s:[{s:s, s:s, s:{s:s, s:s}}]}", "role", "assistant",
                                    "content", "tool_calls", "id", "call_9_7", "type", "function",
                                    "function", "name", "lookup", "arguments", "{}"));
    json_array_append_new(
        json_object_get(conv, "messages"),
        json_pack("{s:s, s:s, s:s}", "role", "tool", "tool_call_id", "call_9_7", "content", "1"));
    char *text = dump(conv);
    ck_assert_int_eq(request(&s, "POST", "/v1/chat/completions", text, NULL), 400);
    free(text);
    json_decref(conv);
    ck_assert_int_eq(request(&s, "GET", "/v1/chat/completions", NULL, &doc), 405);
    ck_assert_ptr_nonnull(json_object_get(doc, "error"));
    json_decref(doc);
    ck_assert_int_eq(request(&s, "POST", "/v1/completions", "{}", &doc), 404);
    ck_assert_ptr_nonnull(json_object_get(doc, "error"));
    json_decref(doc);
    ck_assert_int_eq(request(&s, "DELETE", "/_versus/stats", NULL, NULL), 405);

    json_t *stats = get_stats(&s);
    ck_assert_int_eq(counter(stats, "requests"), 3);
    ck_assert_int_eq(counter(stats, "malformed"), 3);
    ck_assert_int_eq(counter(stats, "method_not_allowed"), 2);
    ck_assert_int_eq(counter(stats, "not_found"), 1);
    ck_assert_int_eq(counter(stats, "in_flight"), 0);
    json_decref(stats);
    ck_assert_int_eq(request(&s, "POST", "/_versus/reset", "", &doc), 200);
    ck_assert_int_eq(counter(doc, "malformed"), 3); /* the counters as they were */
    json_decref(doc);
    stats = get_stats(&s);
    ck_assert_int_eq(counter(stats, "requests"), 0);
    ck_assert_int_eq(counter(stats, "malformed"), 0);
    ck_assert_int_eq(counter(stats, "not_found"), 0);
    json_decref(stats);
    json_decref(stop_server(&s));
}
END_TEST

START_TEST(test_a_wrong_tool_result_is_counted_and_summed_as_sent)
{
    struct server s;
    start_server(&s, 100, 2);
    json_t *conv = first_request(17);
    json_t *c0 = complete(&s, conv);
    answer_call(conv, c0, "42"); /* the right value is 919896 */
    json_decref(c0);
    json_t *c1 = complete(&s, conv);
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(c1, "message"), "content")),
                     "task 17: sum=42");
    json_decref(c1);
    json_decref(conv);
    json_t *stats = get_stats(&s);
    ck_assert_int_eq(counter(stats, "wrong_tool_results"), 1);
    ck_assert_int_eq(counter(stats, "completions"), 1);
    ck_assert_int_eq(counter(stats, "malformed"), 0);
    json_decref(stats);
    json_decref(stop_server(&s));
}
END_TEST

START_TEST(test_a_client_leaving_mid_wait_is_noticed_at_once_and_its_reply_dropped)
{
    struct server s;
    start_server(&s, 1000, 2);
    json_t *conv = first_request(1);
    char *text = dump(conv);
    char url[256];
    snprintf(url, sizeof url, "%s/v1/chat/completions", s.url);
    CURL *h = curl_easy_init();
    struct body b = {0};
    struct curl_slist *headers = json_headers();
    setup_easy(h, "POST", url, text, &b, headers);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 200L); /* gives up long before the reply */
    ck_assert_int_eq(curl_easy_perform(h), CURLE_OPERATION_TIMEDOUT);
    curl_easy_cleanup(h); /* closes the connection */
    curl_slist_free_all(headers);
    free(b.data);
    /* noticed at once, not when the reply would have been written (1 s after the request):
     * look for at most 0.7 s after the client gave up at 0.2 s */
    json_t *stats = NULL;
    for (int i = 0; i < 35; i++) {
        json_decref(stats);
        stats = get_stats(&s);
        if (counter(stats, "disconnects") == 1)
            break;
        usleep(20000);
    }
    ck_assert_int_eq(counter(stats, "disconnects"), 1);
    ck_assert_int_eq(counter(stats, "in_flight"), 0);
    json_decref(stats);
    usleep(1000000); /* past the time the dropped reply was due */
    stats = get_stats(&s);
    ck_assert_int_eq(counter(stats, "tool_calls_sent"), 0); /* it was never sent */
    ck_assert_int_eq(counter(stats, "disconnects"), 1);
    json_decref(stats);
    /* still healthy: the next request is answered */
    json_t *c0 = complete(&s, conv);
    ck_assert_str_eq(json_string_value(json_object_get(c0, "finish_reason")), "tool_calls");
    json_decref(c0);
    free(text);
    json_decref(conv);
    json_t *final = stop_server(&s);
    ck_assert_int_eq(counter(final, "disconnects"), 1);
    ck_assert_int_eq(counter(final, "tool_calls_sent"), 1);
    json_decref(final);
}
END_TEST

#define CONCURRENT 1000

START_TEST(test_a_thousand_concurrent_requests_are_all_answered_on_time)
{
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    if (rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    ck_assert_msg(rl.rlim_cur > CONCURRENT + 64, "RLIMIT_NOFILE %llu is too low",
                  (unsigned long long)rl.rlim_cur);
    struct server s;
    start_server(&s, 1000, 2);
    char url[256];
    snprintf(url, sizeof url, "%s/v1/chat/completions", s.url);
    CURLM *multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)CONCURRENT);
    curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)CONCURRENT);
    static CURL *handles[CONCURRENT];
    static struct body bodies[CONCURRENT];
    static char *texts[CONCURRENT];
    struct curl_slist *headers = json_headers();
    for (int i = 0; i < CONCURRENT; i++) {
        json_t *conv = first_request(i);
        texts[i] = dump(conv);
        json_decref(conv);
        handles[i] = curl_easy_init();
        bodies[i] = (struct body){0};
        setup_easy(handles[i], "POST", url, texts[i], &bodies[i], headers);
        curl_multi_add_handle(multi, handles[i]);
    }
    unsigned long long b0, t0;
    cpu_times(&b0, &t0);
    double start = monotonic_s();
    int running = 1, done = 0;
    while (running > 0 && monotonic_s() - start < 60) {
        curl_multi_perform(multi, &running);
        if (running > 0)
            curl_multi_poll(multi, NULL, 0, 100, NULL);
        CURLMsg *m;
        int left;
        while ((m = curl_multi_info_read(multi, &left)) != NULL) {
            if (m->msg != CURLMSG_DONE)
                continue;
            ck_assert_msg(m->data.result == CURLE_OK, "transfer failed: %s",
                          curl_easy_strerror(m->data.result));
            long code = 0;
            curl_easy_getinfo(m->easy_handle, CURLINFO_RESPONSE_CODE, &code);
            ck_assert_int_eq(code, 200);
            done++;
        }
    }
    double wall = monotonic_s() - start;
    double busy = busy_since(b0, t0);
    ck_assert_int_eq(done, CONCURRENT);
    for (int i = 0; i < CONCURRENT; i++) {
        json_t *doc = json_loads(bodies[i].data ? bodies[i].data : "", 0, NULL);
        json_t *call = json_array_get(
            json_object_get(
                json_object_get(json_array_get(json_object_get(doc, "choices"), 0), "message"),
                "tool_calls"),
            0);
        char want[32];
        snprintf(want, sizeof want, "call_%d_0", i);
        ck_assert_str_eq(json_string_value(json_object_get(call, "id")), want);
        json_decref(doc);
        curl_multi_remove_handle(multi, handles[i]);
        curl_easy_cleanup(handles[i]);
        free(bodies[i].data);
        free(texts[i]);
    }
    curl_slist_free_all(headers);
    curl_multi_cleanup(multi);
    json_t *stats = get_stats(&s);
    ck_assert_int_eq(counter(stats, "tool_calls_sent"), CONCURRENT);
    ck_assert_int_eq(counter(stats, "disconnects"), 0);
    printf("mock-llm 1000 concurrent: all answered in %.3f s of wall time; max_in_flight %lld\n",
           wall, counter(stats, "max_in_flight"));
    check_accuracy("1000 concurrent requests, --latency-ms 1000", stats, busy);
    ck_assert_int_gt(counter(stats, "max_in_flight"), CONCURRENT / 2);
    json_decref(stats);
    json_decref(stop_server(&s));
}
END_TEST

START_TEST(test_a_streamed_reply_is_server_sent_events_ending_in_done)
{
    struct server s;
    start_server(&s, 100, 2);
    json_t *conv = first_request(17);
    json_object_set_new(conv, "stream", json_true());
    char *text = dump(conv);
    char url[256];
    snprintf(url, sizeof url, "%s/v1/chat/completions", s.url);
    CURL *h = curl_easy_init();
    struct body b = {0};
    ck_assert_int_eq(request_on(h, "POST", url, text, &b, NULL), 200);
    char *type = NULL;
    curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &type);
    ck_assert_ptr_nonnull(type);
    ck_assert_str_eq(type, "text/event-stream");
    double first_byte = 0;
    curl_easy_getinfo(h, CURLINFO_STARTTRANSFER_TIME, &first_byte);
    ck_assert_double_ge(first_byte, 0.100); /* the latency comes before the first byte */
    /* events: "data: <JSON>\n\n" ... "data: [DONE]\n\n" and nothing after */
    char args[256] = "";
    int events = 0;
    bool done = false;
    for (char *at = b.data; at != NULL && *at != '\0' && events < 100; events++) {
        ck_assert(!done);
        char *end = strstr(at, "\n\n");
        ck_assert_ptr_nonnull(end);
        *end = '\0';
        ck_assert_int_eq(strncmp(at, "data: ", 6), 0);
        const char *payload = at + 6;
        if (strcmp(payload, "[DONE]") == 0) {
            done = true;
        } else {
            json_t *chunk = json_loads(payload, 0, NULL);
            ck_assert_msg(chunk != NULL, "not JSON: %s", payload);
            ck_assert_str_eq(json_string_value(json_object_get(chunk, "object")),
                             "chat.completion.chunk");
            json_t *choice = json_array_get(json_object_get(chunk, "choices"), 0);
            json_t *call =
                json_array_get(json_object_get(json_object_get(choice, "delta"), "tool_calls"), 0);
            const char *piece =
                json_string_value(json_object_get(json_object_get(call, "function"), "arguments"));
            if (piece != NULL)
                strncat(args, piece, sizeof args - strlen(args) - 1);
            json_decref(chunk);
        }
        at = end + 2;
    }
    ck_assert(done);
    ck_assert_str_eq(args, "{\"key\": \"item-55\", \"n\": 9}");
    free(b.data);
    curl_easy_cleanup(h);
    free(text);
    json_decref(conv);
    json_decref(stop_server(&s));
}
END_TEST

START_TEST(test_the_openai_sdks_headers_expect_and_chunked_bodies_are_accepted)
{
    /* The headers the openai SDK (under langchain-openai and openai-agents) puts on every
     * request: a bearer key, its User-Agent and X-Stainless-* headers, Accept and
     * Accept-Encoding (the reply stays plain JSON: nothing is compressed). Then the same with
     * what other clients add: Expect: 100-continue, and a chunked request body. */
    static const char *const sdk[] = {"Content-Type: application/json",
                                      "Accept: application/json",
                                      "Accept-Encoding: gzip, deflate",
                                      "Authorization: Bearer unused",
                                      "User-Agent: AsyncOpenAI/Python 3.54.0",
                                      "X-Stainless-Lang: python",
                                      "X-Stainless-Package-Version: 3.54.0",
                                      "X-Stainless-Async: async:asyncio",
                                      "X-Stainless-Retry-Count: 0",
                                      "X-Stainless-Read-Timeout: 60.0",
                                      "Connection: keep-alive"};
    static const char *const extra[] = {"Expect:", "Expect: 100-continue",
                                        "Transfer-Encoding: chunked"};
    struct server s;
    start_server(&s, 10, 2);
    char url[256];
    snprintf(url, sizeof url, "%s/v1/chat/completions", s.url);
    json_t *conv = first_request(17);
    char *text = dump(conv);
    for (size_t v = 0; v < sizeof extra / sizeof extra[0]; v++) {
        struct curl_slist *headers = NULL;
        for (size_t i = 0; i < sizeof sdk / sizeof sdk[0]; i++)
            headers = curl_slist_append(headers, sdk[i]);
        headers = curl_slist_append(headers, extra[v]);
        if (v == 2)
            headers = curl_slist_append(headers, "Expect:");
        CURL *h = curl_easy_init();
        struct body b = {0};
        setup_easy(h, "POST", url, text, &b, headers);
        CURLcode rc = curl_easy_perform(h);
        ck_assert_msg(rc == CURLE_OK, "%s: %s", extra[v], curl_easy_strerror(rc));
        long code = 0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
        ck_assert_msg(code == 200, "%s: status %ld: %s", extra[v], code, b.data ? b.data : "");
        json_t *doc = b.data ? json_loads(b.data, 0, NULL) : NULL;
        ck_assert_msg(doc != NULL, "%s: the reply is not plain JSON", extra[v]);
        ck_assert_str_eq(json_string_value(json_object_get(doc, "id")), "chatcmpl-17-0");
        json_decref(doc);
        free(b.data);
        curl_easy_cleanup(h);
        curl_slist_free_all(headers);
    }
    free(text);
    json_decref(conv);
    json_t *stats = get_stats(&s);
    ck_assert_int_eq(counter(stats, "requests"), 3);
    ck_assert_int_eq(counter(stats, "tool_calls_sent"), 3);
    ck_assert_int_eq(counter(stats, "malformed"), 0);
    json_decref(stats);
    json_decref(stop_server(&s));
}
END_TEST

START_TEST(test_refuses_non_loopback_host)
{
    char *argv[] = {VERSUS_BIN, "mock-llm", "--host", "8.8.8.8", NULL};
    char *out = NULL, *err_text = NULL;
    struct verr err;
    int rc = process_capture(argv, NULL, 4096, &out, &err_text, &err);
    ck_assert_int_eq(rc, 2);
    ck_assert_str_eq(out, "");
    ck_assert_ptr_nonnull(strstr(err_text, "not a loopback address"));
    ck_assert_ptr_eq(strchr(err_text, '\n'), err_text + strlen(err_text) - 1); /* one line */
    free(out);
    free(err_text);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("mock_llm");
    TCase *tc = tcase_create("server");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_each_reply_waits_the_latency_on_a_kept_alive_connection);
    tcase_add_test(tc, test_a_full_conversation_gets_the_scripted_calls_and_the_right_sum);
    tcase_add_test(tc, test_errors_counted_and_reset);
    tcase_add_test(tc, test_a_wrong_tool_result_is_counted_and_summed_as_sent);
    tcase_add_test(tc, test_a_client_leaving_mid_wait_is_noticed_at_once_and_its_reply_dropped);
    tcase_add_test(tc, test_a_thousand_concurrent_requests_are_all_answered_on_time);
    tcase_add_test(tc, test_a_streamed_reply_is_server_sent_events_ending_in_done);
    tcase_add_test(tc, test_the_openai_sdks_headers_expect_and_chunked_bodies_are_accepted);
    tcase_add_test(tc, test_refuses_non_loopback_host);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    curl_global_cleanup();
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
