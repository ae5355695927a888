/*
 * mock_llm_stats.c - the mock LLM server's counters, samples and per-task clocks (see
 * mock_llm_stats.h). The task clocks are an open-addressing hash table keyed by task id
 * (linear probing, deletion by backward shift, doubled at half full).
 */
#include "mock_llm/mock_llm_stats.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/stats.h"

void mock_llm_stats_init(struct mock_llm_stats *s)
{
    memset(s, 0, sizeof *s);
}

void mock_llm_stats_free(struct mock_llm_stats *s)
{
    free(s->added_delay_ms.v);
    free(s->client_gap_ms.v);
    free(s->tasks);
    mock_llm_stats_init(s);
}

static void samples_clear(struct mock_llm_samples *x)
{
    free(x->v);
    memset(x, 0, sizeof *x);
}

void mock_llm_stats_reset(struct mock_llm_stats *s)
{
    s->requests = s->completions = s->tool_calls_sent = s->wrong_tool_results = 0;
    s->malformed = s->not_found = s->method_not_allowed = s->disconnects = 0;
    s->max_in_flight = s->in_flight;
    s->bad_http = s->request_timeouts = s->body_too_large = s->headers_too_large = 0;
    s->over_capacity = s->idle_closed = s->aborted_requests = 0;
    s->max_connections_open = s->connections_open;
    samples_clear(&s->added_delay_ms);
    samples_clear(&s->client_gap_ms);
}

int mock_llm_samples_add(struct mock_llm_samples *x, double ms)
{
    if (x->n == x->cap) {
        size_t cap = x->cap ? 2 * x->cap : 1024;
        double *v = realloc(x->v, cap * sizeof *v);
        if (v == NULL)
            return -1;
        x->v = v;
        x->cap = cap;
    }
    x->v[x->n++] = ms;
    return 0;
}

void mock_llm_stats_hold(struct mock_llm_stats *s)
{
    s->in_flight++;
    if (s->in_flight > s->max_in_flight)
        s->max_in_flight = s->in_flight;
}

void mock_llm_stats_release(struct mock_llm_stats *s)
{
    s->in_flight--;
}

void mock_llm_stats_connect(struct mock_llm_stats *s)
{
    s->connections_open++;
    if (s->connections_open > s->max_connections_open)
        s->max_connections_open = s->connections_open;
}

/* splitmix64's finalizer: spreads consecutive ids over the table. */
static size_t slot_of(int64_t id, size_t cap)
{
    uint64_t z = (uint64_t)id + 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return (size_t)(z ^ (z >> 31)) & (cap - 1);
}

/* The slot holding id, or the empty slot where it would go. Needs task_cap > task_count. */
static size_t find_slot(const struct mock_llm_stats *s, int64_t id)
{
    size_t i = slot_of(id, s->task_cap);
    while (s->tasks[i].id != -1 && s->tasks[i].id != id)
        i = (i + 1) & (s->task_cap - 1);
    return i;
}

static int grow_tasks(struct mock_llm_stats *s)
{
    size_t cap = s->task_cap ? 2 * s->task_cap : 256;
    struct mock_llm_task_slot *old = s->tasks, *tasks = malloc(cap * sizeof *tasks);
    if (tasks == NULL)
        return -1;
    for (size_t i = 0; i < cap; i++)
        tasks[i].id = -1;
    size_t old_cap = s->task_cap;
    s->tasks = tasks;
    s->task_cap = cap;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].id != -1)
            s->tasks[find_slot(s, old[i].id)] = old[i];
    free(old);
    return 0;
}

/* Empties slot i and shifts back the entries of its probe run that belong before it. */
static void remove_slot(struct mock_llm_stats *s, size_t i)
{
    size_t mask = s->task_cap - 1, j = i;
    for (;;) {
        s->tasks[i].id = -1;
        for (;;) {
            j = (j + 1) & mask;
            if (s->tasks[j].id == -1) {
                s->task_count--;
                return;
            }
            size_t home = slot_of(s->tasks[j].id, s->task_cap);
            /* entry j may move to i when its home is not in the cyclic range (i, j] */
            bool stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
            if (!stays)
                break;
        }
        s->tasks[i] = s->tasks[j];
        i = j;
    }
}

void mock_llm_stats_task_received(struct mock_llm_stats *s, int64_t id, int turn, int64_t now_ns)
{
    if (turn < 1 || s->task_count == 0)
        return;
    size_t i = find_slot(s, id);
    if (s->tasks[i].id == id)
        mock_llm_samples_add(&s->client_gap_ms, (double)(now_ns - s->tasks[i].sent_ns) / 1e6);
}

void mock_llm_stats_task_sent(struct mock_llm_stats *s, int64_t id, int64_t now_ns, int final)
{
    if (final) {
        if (s->task_count > 0) {
            size_t i = find_slot(s, id);
            if (s->tasks[i].id == id)
                remove_slot(s, i);
        }
        return;
    }
    if (2 * (s->task_count + 1) > s->task_cap && grow_tasks(s) != 0)
        return;
    size_t i = find_slot(s, id);
    if (s->tasks[i].id != id) {
        s->tasks[i].id = id;
        s->task_count++;
    }
    s->tasks[i].sent_ns = now_ns;
}

size_t mock_llm_stats_tasks(const struct mock_llm_stats *s)
{
    return s->task_count;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

json_t *mock_llm_samples_json(const struct mock_llm_samples *x)
{
    if (x->n == 0)
        return json_pack("{s:i, s:n, s:n, s:n}", "n", 0, "p50", "p99", "max");
    double *sorted = malloc(x->n * sizeof *sorted);
    if (sorted == NULL)
        return NULL;
    memcpy(sorted, x->v, x->n * sizeof *sorted);
    qsort(sorted, x->n, sizeof *sorted, cmp_double);
    json_t *o = json_pack("{s:I, s:f, s:f, s:f}", "n", (json_int_t)x->n, "p50",
                          stats_quantile_sorted(sorted, x->n, 0.5), "p99",
                          stats_quantile_sorted(sorted, x->n, 0.99), "max", sorted[x->n - 1]);
    free(sorted);
    return o;
}

json_t *mock_llm_stats_json(const struct mock_llm_stats *s, int latency_ms, int calls,
                            int connection_cap)
{
    json_t *doc = json_pack(
        "{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:i, s:i, s:o, s:o}", "requests",
        (json_int_t)s->requests, "completions", (json_int_t)s->completions, "tool_calls_sent",
        (json_int_t)s->tool_calls_sent, "wrong_tool_results", (json_int_t)s->wrong_tool_results,
        "malformed", (json_int_t)s->malformed, "not_found", (json_int_t)s->not_found,
        "method_not_allowed", (json_int_t)s->method_not_allowed, "disconnects",
        (json_int_t)s->disconnects, "in_flight", (json_int_t)s->in_flight, "max_in_flight",
        (json_int_t)s->max_in_flight, "latency_ms", latency_ms, "calls", calls, "added_delay_ms",
        mock_llm_samples_json(&s->added_delay_ms), "client_gap_ms",
        mock_llm_samples_json(&s->client_gap_ms));
    json_t *rejected =
        json_pack("{s:I, s:I, s:I, s:I, s:I}", "400", (json_int_t)s->bad_http, "408",
                  (json_int_t)s->request_timeouts, "413", (json_int_t)s->body_too_large, "431",
                  (json_int_t)s->headers_too_large, "503", (json_int_t)s->over_capacity);
    if (doc == NULL || rejected == NULL || json_object_set_new(doc, "rejected", rejected) != 0 ||
        json_object_set_new(doc, "idle_closed", json_integer((json_int_t)s->idle_closed)) != 0 ||
        json_object_set_new(doc, "aborted_requests",
                            json_integer((json_int_t)s->aborted_requests)) != 0 ||
        json_object_set_new(doc, "connections_open",
                            json_integer((json_int_t)s->connections_open)) != 0 ||
        json_object_set_new(doc, "max_connections_open",
                            json_integer((json_int_t)s->max_connections_open)) != 0 ||
        json_object_set_new(doc, "connection_cap", json_integer(connection_cap)) != 0) {
        json_decref(doc);
        return NULL;
    }
    return doc;
}
