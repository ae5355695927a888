/*
 * agent.c - the `agent` workload's event loop on libcurl's multi interface (see agent.h).
 *
 * One thread, one CURLM. A *slot* is one easy handle with the state of the task it runs; there
 * are min(C, N) slots, so at most C tasks are in flight, and CURLMOPT_MAX_TOTAL_CONNECTIONS = C
 * bounds the connection pool the same way. Pending task IDs wait in a FIFO queue; when a
 * slot's task ends, the slot takes the next ID. Each turn removes the handle from the multi,
 * sets the grown request body and adds it again: between turns the connection waits in the
 * multi's pool and is reused (HTTP/1.1 keep-alive). curl_multi_poll sleeps until a socket is
 * ready or curl's next timeout; the server's latency costs no CPU here.
 */
#include "agent.h"

#include "agent_conv.h"
#include "agent_lookup.h"
#include "diag.h"
#include "metrics.h"

#include <curl/curl.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

/* The largest response body accepted, bytes: a runaway server is an error, not an OOM. */
#define AGENT_MAX_RESPONSE ((size_t)64 << 20)
/* Descriptors wanted beyond one a connection: stdio, curl's wake-up pair, the metrics fd. */
#define AGENT_SPARE_FDS 64
/* How long one curl_multi_poll may sleep when curl has no earlier timeout, milliseconds. */
#define AGENT_POLL_MS 1000
/* How much of an error response's body goes into the error line, bytes. */
#define AGENT_ERROR_BODY_MAX 200
/* Size of the buffer for a task's error message (agent_conv_step), bytes. */
#define AGENT_ERR_SIZE 256

/* A growing byte buffer: a response body as CURLOPT_WRITEFUNCTION delivers it. */
struct buffer {
    char *data;
    size_t len;
    size_t cap;
};

/* One easy handle and the task it runs. */
struct slot {
    CURL *easy;
    bool in_multi;      /* added to the CURLM (a request in flight) */
    unsigned long task; /* the task ID, while messages != NULL */
    json_t *messages;   /* the task's conversation so far; NULL when idle */
    char *request;      /* the body being sent (curl reads it in place) */
    struct buffer response;
    double started; /* metrics_now() when the task's first request was sent */
    char curl_error[CURL_ERROR_SIZE];
};

/* The pending task IDs, first in first out: next..end-1. */
struct queue {
    unsigned long next;
    unsigned long end;
};

/* Everything one run holds. */
struct agent {
    const struct agent_options *opt;
    CURLM *multi;
    struct curl_slist *headers;
    char *endpoint; /* opt->url + "/v1/chat/completions" */
    json_t *tools;
    struct agent_table table;
    struct slot *slots;
    size_t nslots;
    struct queue pending;
    unsigned long finished;
    char **answers;  /* by task ID */
    double *latency; /* by task ID, seconds */
};

/* CURLOPT_WRITEFUNCTION: appends size * nmemb bytes at ptr to the struct buffer at userdata.
 * Returns the count taken; anything else (0 here: out of memory, or the body would exceed
 * AGENT_MAX_RESPONSE) makes curl fail the transfer with CURLE_WRITE_ERROR. */
static size_t on_body(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct buffer *b = userdata;
    size_t n = size * nmemb;
    if (n > AGENT_MAX_RESPONSE - b->len)
        return 0;
    if (b->len + n > b->cap) {
        size_t cap = b->cap == 0 ? 4096 : b->cap;
        while (cap < b->len + n)
            cap *= 2;
        char *data = realloc(b->data, cap);
        if (data == NULL)
            return 0;
        b->data = data;
        b->cap = cap;
    }
    memcpy(b->data + b->len, ptr, n);
    b->len += n;
    return n;
}

/* Raises the soft RLIMIT_NOFILE to fit `connections` sockets and AGENT_SPARE_FDS more, as far
 * as the hard limit allows. Failure is left for the connections themselves to report. */
static void raise_fd_limit(unsigned long connections)
{
    struct rlimit lim;
    if (getrlimit(RLIMIT_NOFILE, &lim) != 0 || lim.rlim_cur == RLIM_INFINITY)
        return;
    rlim_t want = (rlim_t)connections + AGENT_SPARE_FDS;
    if (lim.rlim_cur >= want)
        return;
    lim.rlim_cur = lim.rlim_max != RLIM_INFINITY && lim.rlim_max < want ? lim.rlim_max : want;
    (void)setrlimit(RLIMIT_NOFILE, &lim);
}

/* Returns url without trailing slashes + "/v1/chat/completions" (malloc'd), or NULL. */
static char *make_endpoint(const char *url)
{
    static const char path[] = "/v1/chat/completions";
    size_t len = strlen(url);
    while (len > 0 && url[len - 1] == '/')
        len--;
    char *endpoint = malloc(len + sizeof path);
    if (endpoint != NULL) {
        memcpy(endpoint, url, len);
        memcpy(endpoint + len, path, sizeof path);
    }
    return endpoint;
}

/* Creates slot s's easy handle with the options every request shares. Returns 0, or -1. */
static int slot_init(struct agent *a, struct slot *s)
{
    s->easy = curl_easy_init();
    if (s->easy == NULL)
        return -1;
    CURL *e = s->easy;
    if (curl_easy_setopt(e, CURLOPT_URL, a->endpoint) != CURLE_OK ||
        curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https") != CURLE_OK ||
        curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1) != CURLE_OK ||
        curl_easy_setopt(e, CURLOPT_POST, 1L) != CURLE_OK ||
        curl_easy_setopt(e, CURLOPT_HTTPHEADER, a->headers) != CURLE_OK ||
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body) != CURLE_OK ||
        curl_easy_setopt(e, CURLOPT_WRITEDATA, (void *)&s->response) != CURLE_OK ||
        curl_easy_setopt(e, CURLOPT_ERRORBUFFER, s->curl_error) != CURLE_OK ||
        curl_easy_setopt(e, CURLOPT_PRIVATE, (void *)s) != CURLE_OK ||
        curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L) != CURLE_OK ||
        curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L) != CURLE_OK)
        return -1;
    return 0;
}

/* Sends slot s's conversation: builds the body, hands it to the easy handle and adds the
 * handle to the multi. Returns 0, or RUNNER_EXIT_ERROR after reporting. */
static int slot_send(struct agent *a, struct slot *s)
{
    free(s->request);
    s->request = agent_conv_request(s->messages, a->tools);
    if (s->request == NULL)
        return diag_error("agent: task %lu: out of memory", s->task);
    s->response.len = 0;
    s->curl_error[0] = '\0';
    if (curl_easy_setopt(s->easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(s->request)) !=
            CURLE_OK ||
        curl_easy_setopt(s->easy, CURLOPT_POSTFIELDS, s->request) != CURLE_OK)
        return diag_error("agent: task %lu: cannot set the request body", s->task);
    CURLMcode mc = curl_multi_add_handle(a->multi, s->easy);
    if (mc != CURLM_OK)
        return diag_error("agent: task %lu: curl_multi_add_handle: %s", s->task,
                          curl_multi_strerror(mc));
    s->in_multi = true;
    return 0;
}

/* Starts the next pending task on the idle slot s. Returns 0, or RUNNER_EXIT_ERROR. */
static int slot_start(struct agent *a, struct slot *s)
{
    s->task = a->pending.next++;
    s->messages = agent_conv_start(s->task);
    if (s->messages == NULL)
        return diag_error("agent: task %lu: out of memory", s->task);
    s->started = metrics_now();
    return slot_send(a, s);
}

/* Handles the end of slot s's transfer with outcome `result`: the next turn, or the task's
 * answer and the next pending task. Returns 0, or RUNNER_EXIT_ERROR after reporting. */
static int slot_done(struct agent *a, struct slot *s, CURLcode result)
{
    CURLMcode mc = curl_multi_remove_handle(a->multi, s->easy);
    s->in_multi = false;
    if (mc != CURLM_OK)
        return diag_error("agent: curl_multi_remove_handle: %s", curl_multi_strerror(mc));
    if (result != CURLE_OK)
        return diag_error("agent: task %lu: POST %s: %s", s->task, a->endpoint,
                          s->curl_error[0] != '\0' ? s->curl_error : curl_easy_strerror(result));
    const char *body = s->response.data != NULL ? s->response.data : "";
    long status = 0;
    if (curl_easy_getinfo(s->easy, CURLINFO_RESPONSE_CODE, &status) != CURLE_OK || status != 200) {
        int shown =
            s->response.len < AGENT_ERROR_BODY_MAX ? (int)s->response.len : AGENT_ERROR_BODY_MAX;
        return diag_error("agent: task %lu: POST %s: HTTP status %ld: %.*s", s->task, a->endpoint,
                          status, shown, body);
    }
    char err[AGENT_ERR_SIZE];
    char *answer = NULL;
    enum agent_step step =
        agent_conv_step(s->messages, &a->table, body, s->response.len, &answer, err, sizeof err);
    if (step == AGENT_STEP_ERROR)
        return diag_error("agent: task %lu: %s", s->task, err);
    if (step == AGENT_STEP_TOOLS)
        return slot_send(a, s);
    a->answers[s->task] = answer;
    a->latency[s->task] = metrics_now() - s->started;
    a->finished++;
    json_decref(s->messages);
    s->messages = NULL;
    if (a->pending.next < a->pending.end)
        return slot_start(a, s);
    return 0;
}

/* Drives the multi until every task has its answer. Returns 0, or RUNNER_EXIT_ERROR at the
 * first error, after reporting it. */
static int run_loop(struct agent *a)
{
    while (a->finished < a->opt->tasks) {
        int running = 0;
        CURLMcode mc = curl_multi_perform(a->multi, &running);
        if (mc != CURLM_OK)
            return diag_error("agent: curl_multi_perform: %s", curl_multi_strerror(mc));
        CURLMsg *msg = NULL;
        int left = 0;
        while ((msg = curl_multi_info_read(a->multi, &left)) != NULL) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            /* msg does not survive curl_multi_remove_handle: copy what slot_done needs. */
            CURLcode result = msg->data.result;
            void *slot = NULL;
            if (curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &slot) != CURLE_OK ||
                slot == NULL)
                return diag_error("agent: a transfer lost its task");
            int rc = slot_done(a, slot, result);
            if (rc != 0)
                return rc;
        }
        if (a->finished == a->opt->tasks)
            break;
        mc = curl_multi_poll(a->multi, NULL, 0, AGENT_POLL_MS, NULL);
        if (mc != CURLM_OK)
            return diag_error("agent: curl_multi_poll: %s", curl_multi_strerror(mc));
    }
    return 0;
}

/* Allocates and configures everything before the first request. Returns 0, or
 * RUNNER_EXIT_ERROR after reporting; agent_cleanup releases what was made either way. */
static int agent_setup(struct agent *a)
{
    const struct agent_options *opt = a->opt;
    agent_table_init(&a->table);
    a->nslots = opt->concurrency < opt->tasks ? opt->concurrency : opt->tasks;
    a->pending.next = 0;
    a->pending.end = opt->tasks;
    a->endpoint = make_endpoint(opt->url);
    a->tools = agent_conv_tools();
    a->slots = calloc(a->nslots, sizeof *a->slots);
    a->answers = calloc(opt->tasks, sizeof *a->answers);
    a->latency = calloc(opt->tasks, sizeof *a->latency);
    a->headers = curl_slist_append(NULL, "Content-Type: application/json");
    struct curl_slist *headers = NULL;
    if (a->headers != NULL) /* no "Expect: 100-continue" round trip before large bodies */
        headers = curl_slist_append(a->headers, "Expect:");
    if (a->endpoint == NULL || a->tools == NULL || a->slots == NULL || a->answers == NULL ||
        a->latency == NULL || headers == NULL)
        return diag_error("agent: out of memory for %lu tasks", opt->tasks);
    a->multi = curl_multi_init();
    if (a->multi == NULL ||
        curl_multi_setopt(a->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)a->nslots) != CURLM_OK ||
        curl_multi_setopt(a->multi, CURLMOPT_MAXCONNECTS, (long)a->nslots) != CURLM_OK)
        return diag_error("agent: cannot set up curl's multi handle");
    for (size_t i = 0; i < a->nslots; i++) {
        if (slot_init(a, &a->slots[i]) != 0)
            return diag_error("agent: cannot set up a curl easy handle");
    }
    raise_fd_limit(a->nslots);
    return 0;
}

/* Releases everything agent_setup and the run made (safe on a partial setup). */
static void agent_cleanup(struct agent *a)
{
    for (size_t i = 0; a->slots != NULL && i < a->nslots; i++) {
        struct slot *s = &a->slots[i];
        if (s->in_multi)
            (void)curl_multi_remove_handle(a->multi, s->easy);
        curl_easy_cleanup(s->easy);
        json_decref(s->messages);
        free(s->request);
        free(s->response.data);
    }
    if (a->multi != NULL)
        (void)curl_multi_cleanup(a->multi);
    for (unsigned long t = 0; a->answers != NULL && t < a->opt->tasks; t++)
        free(a->answers[t]);
    free(a->answers);
    free(a->latency);
    free(a->slots);
    json_decref(a->tools);
    free(a->endpoint);
    curl_slist_free_all(a->headers);
}

/* Prints the answers in task ID order. Returns 0, or RUNNER_EXIT_ERROR after reporting. */
static int print_answers(const struct agent *a)
{
    for (unsigned long t = 0; t < a->opt->tasks; t++) {
        fputs(a->answers[t], stdout);
        putchar('\n');
    }
    if (fflush(stdout) != 0 || ferror(stdout))
        return diag_error("agent: writing stdout failed");
    return 0;
}

/* Reports task_latency_s once per task on the metrics channel (nothing when out of memory). */
static void report_latencies(const struct agent *a)
{
    struct metric *metrics = calloc(a->opt->tasks, sizeof *metrics);
    if (metrics == NULL)
        return;
    for (unsigned long t = 0; t < a->opt->tasks; t++) {
        metrics[t].name = "task_latency_s";
        metrics[t].value = a->latency[t];
    }
    metrics_report(metrics, a->opt->tasks);
    free(metrics);
}

int agent_run(const struct agent_options *opt)
{
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return diag_error("agent: curl_global_init failed");
    struct agent a;
    memset(&a, 0, sizeof a);
    a.opt = opt;
    int rc = agent_setup(&a);
    for (size_t i = 0; rc == 0 && i < a.nslots; i++)
        rc = slot_start(&a, &a.slots[i]);
    if (rc == 0)
        rc = run_loop(&a);
    if (rc == 0)
        rc = print_answers(&a);
    if (rc == 0)
        report_latencies(&a);
    agent_cleanup(&a);
    curl_global_cleanup();
    return rc;
}
