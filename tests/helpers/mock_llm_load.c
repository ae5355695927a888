/*
 * mock_llm_load - test helper: a load generator for the mock LLM server (harness/mock_llm/),
 * one libevent loop, one bufferevent per client. Usage:
 *   mock_llm_load PORT HEADERS BODIES SLOW IDLE ABORT
 * against `versus mock-llm --calls 1` on 127.0.0.1:PORT. One well-behaved client first resets
 * the server's stats (POST /_versus/reset), then makes sequential completion requests (task k,
 * turn 0, whose answer must be `task k: sum=0`) on one keep-alive connection, while at once
 * these abusive clients connect, all together:
 *   HEADERS  send a request whose header section is 20 KiB (expects 431);
 *   BODIES   declare a 2 MiB body (3 of 4) or send 1.5 MiB chunked (1 of 4) (expects 413);
 *   SLOW     dribble a request head one byte every 100 ms (slow loris; expects 408);
 *   IDLE     connect and send nothing (expects to be closed without an answer);
 *   ABORT    send half a request and close (the server counts it as aborted).
 * Any of them may instead get 503 when the server is at its connection cap. When every
 * abusive client is done the good one stops, fetches GET /_versus/stats, and the helper prints
 * one JSON document: {"good": {"requests", "ok", "wrong", "rtt_ms_p50", "rtt_ms_p99"},
 * "clients": {KIND: {"n", "<status>"..., "closed_silently", "retry_after_missing"}},
 * "server": the stats document}. Exit 0, 1 when it could not finish within 120 s or the
 * server broke the good connection, 2 on bad arguments. Raises its RLIMIT_NOFILE soft limit
 * to the hard one.
 */
#include <arpa/inet.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <jansson.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "helper_args.h"

enum kind { HEADERS, BODIES, SLOW, IDLE, ABORT, N_KINDS };
static const char *const KIND_NAMES[N_KINDS] = {"headers", "bodies", "slow", "idle", "abort"};

struct client {
    struct gen *g;
    enum kind kind;
    int index;
    struct bufferevent *bev;
    struct evbuffer *got;
    struct event *tick; /* SLOW: the next byte */
    size_t sent;        /* SLOW: bytes of the head sent */
};

struct good {
    struct bufferevent *bev;
    struct evbuffer *got;
    int phase; /* 0 reset, 1 completions, 2 stats */
    long task;
    double sent_at;
    double *rtt_ms;
    size_t n, cap;
    long ok, wrong;
    json_t *server;
};

struct gen {
    struct event_base *base;
    struct sockaddr_in addr;
    int counts[N_KINDS];
    struct client *clients;
    int n_clients, finished;
    json_t *outcome[N_KINDS];
    struct good good;
    int failed;
};

static const char SLOW_HEAD[] = "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n"
                                "Content-Type: application/json\r\nContent-Length: 10\r\n\r\n";

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void bump(json_t *o, const char *key)
{
    json_object_set_new(o, key, json_integer(json_integer_value(json_object_get(o, key)) + 1));
}

/* The status of an HTTP/1.1 reply at the start of text, or 0. */
static int status_of(const char *text, size_t len)
{
    if (len < 12 || strncmp(text, "HTTP/1.1 ", 9) != 0)
        return 0;
    return atoi(text + 9);
}

static void client_done(struct client *c)
{
    struct gen *g = c->g;
    size_t len = evbuffer_get_length(c->got);
    const char *text = (const char *)evbuffer_pullup(c->got, -1);
    json_t *o = g->outcome[c->kind];
    int status = text ? status_of(text, len) : 0;
    if (len == 0)
        bump(o, "closed_silently");
    else if (status == 0)
        bump(o, "not_http");
    else {
        char key[16];
        snprintf(key, sizeof key, "%d", status);
        bump(o, key);
        if (status == 503 && strstr(text, "\r\nRetry-After: ") == NULL)
            bump(o, "retry_after_missing");
    }
    if (c->tick != NULL)
        event_free(c->tick);
    c->tick = NULL;
    bufferevent_free(c->bev);
    c->bev = NULL;
    evbuffer_free(c->got);
    c->got = NULL;
    g->finished++;
}

static void on_client_read(struct bufferevent *bev, void *arg)
{
    struct client *c = arg;
    evbuffer_add_buffer(c->got, bufferevent_get_input(bev));
}

static void on_tick(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    struct client *c = arg;
    if (c->sent + 1 < sizeof SLOW_HEAD) /* never the whole head: the server must time it out */
        bufferevent_write(c->bev, SLOW_HEAD + c->sent++, 1);
}

static void on_abort_written(struct bufferevent *bev, void *arg)
{
    (void)bev;
    struct client *c = arg;
    /* half a request went out: go away without reading anything */
    bufferevent_free(c->bev);
    c->bev = NULL;
    evbuffer_free(c->got);
    c->got = NULL;
    bump(c->g->outcome[ABORT], "aborted");
    c->g->finished++;
}

static void on_client_event(struct bufferevent *bev, short what, void *arg);

static void send_abuse(struct client *c)
{
    struct evbuffer *out = bufferevent_get_output(c->bev);
    switch (c->kind) {
    case HEADERS: {
        evbuffer_add_printf(out, "GET /_versus/stats HTTP/1.1\r\nHost: x\r\nX-Big: ");
        for (int i = 0; i < 20; i++)
            evbuffer_add_printf(out, "%01024d", 0);
        evbuffer_add_printf(out, "\r\n\r\n");
        break;
    }
    case BODIES:
        if (c->index % 4 != 3) {
            evbuffer_add_printf(out, "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n"
                                     "Content-Length: 2097152\r\n\r\n");
            break;
        }
        evbuffer_add_printf(out, "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n"
                                 "Transfer-Encoding: chunked\r\n\r\n");
        for (int i = 0; i < 24; i++) { /* 24 x 64 KiB */
            evbuffer_add_printf(out, "10000\r\n");
            char block[65536];
            memset(block, 'a', sizeof block);
            evbuffer_add(out, block, sizeof block);
            evbuffer_add_printf(out, "\r\n");
        }
        break;
    case SLOW: {
        struct timeval tv = {0, 100000};
        c->tick = event_new(c->g->base, -1, EV_PERSIST, on_tick, c);
        event_add(c->tick, &tv);
        break;
    }
    case IDLE:
        break;
    case ABORT:
        bufferevent_setcb(c->bev, NULL, on_abort_written, on_client_event, c);
        evbuffer_add_printf(out, "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n"
                                 "Content-Length: 100\r\n\r\n{\"model\":");
        break;
    case N_KINDS:
        break;
    }
}

static void on_client_event(struct bufferevent *bev, short what, void *arg)
{
    (void)bev;
    struct client *c = arg;
    if (what & BEV_EVENT_CONNECTED) {
        send_abuse(c);
        return;
    }
    if (c->bev != NULL)
        client_done(c);
}

static void start_abusers(struct gen *g)
{
    for (int i = 0; i < g->n_clients; i++) {
        struct client *c = &g->clients[i];
        c->bev = bufferevent_socket_new(g->base, -1, BEV_OPT_CLOSE_ON_FREE);
        c->got = evbuffer_new();
        bufferevent_setcb(c->bev, on_client_read, NULL, on_client_event, c);
        bufferevent_enable(c->bev, EV_READ | EV_WRITE);
        if (bufferevent_socket_connect(c->bev, (struct sockaddr *)&g->addr, sizeof g->addr) != 0) {
            bump(g->outcome[c->kind], "connect_failed");
            bufferevent_free(c->bev);
            c->bev = NULL;
            evbuffer_free(c->got);
            c->got = NULL;
            g->finished++;
        }
    }
}

static void good_send(struct gen *g)
{
    struct good *d = &g->good;
    struct evbuffer *out = bufferevent_get_output(d->bev);
    d->sent_at = now_s();
    if (d->phase == 0) {
        evbuffer_add_printf(out, "POST /_versus/reset HTTP/1.1\r\nHost: x\r\n"
                                 "Content-Length: 0\r\n\r\n");
    } else if (d->phase == 2) {
        evbuffer_add_printf(out, "GET /_versus/stats HTTP/1.1\r\nHost: x\r\n\r\n");
    } else {
        char body[256];
        int n = snprintf(body, sizeof body,
                         "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"task "
                         "%ld\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":"
                         "\"lookup\"}}]}",
                         d->task);
        evbuffer_add_printf(out,
                            "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: "
                            "application/json\r\nContent-Length: %d\r\n\r\n%s",
                            n, body);
    }
}

/* A whole reply in got: its length (head + body), else 0. */
static size_t whole_reply(struct evbuffer *got, const char **text)
{
    size_t len = evbuffer_get_length(got);
    struct evbuffer_ptr end = evbuffer_search(got, "\r\n\r\n", 4, NULL);
    if (end.pos < 0)
        return 0;
    *text = (const char *)evbuffer_pullup(got, -1);
    const char *cl = strstr(*text, "Content-Length: ");
    if (cl == NULL || cl > *text + end.pos)
        return 0;
    size_t total = (size_t)end.pos + 4 + strtoul(cl + 16, NULL, 10);
    return len >= total ? total : 0;
}

static void on_good_read(struct bufferevent *bev, void *arg)
{
    struct gen *g = arg;
    struct good *d = &g->good;
    evbuffer_add_buffer(d->got, bufferevent_get_input(bev));
    const char *text;
    size_t len = whole_reply(d->got, &text);
    if (len == 0)
        return;
    double rtt_ms = (now_s() - d->sent_at) * 1000;
    int status = status_of(text, len);
    const char *body = strstr(text, "\r\n\r\n") + 4;
    if (d->phase == 0) {
        d->phase = 1;
        start_abusers(g);
    } else if (d->phase == 2) {
        d->server = json_loadb(body, len - (size_t)(body - text), 0, NULL);
        evbuffer_drain(d->got, len);
        event_base_loopbreak(g->base);
        return;
    } else {
        char want[64];
        snprintf(want, sizeof want, "\"content\":\"task %ld: sum=0\"", d->task);
        char *copy = strndup(body, len - (size_t)(body - text));
        if (status == 200 && copy != NULL && strstr(copy, want) != NULL)
            d->ok++;
        else
            d->wrong++;
        free(copy);
        if (d->n == d->cap) {
            d->cap = d->cap ? 2 * d->cap : 1024;
            d->rtt_ms = realloc(d->rtt_ms, d->cap * sizeof *d->rtt_ms);
        }
        d->rtt_ms[d->n++] = rtt_ms;
        d->task++;
        if (g->finished == g->n_clients)
            d->phase = 2;
    }
    evbuffer_drain(d->got, len);
    good_send(g);
}

static void on_good_event(struct bufferevent *bev, short what, void *arg)
{
    (void)bev;
    struct gen *g = arg;
    if (what & BEV_EVENT_CONNECTED) {
        good_send(g);
        return;
    }
    fprintf(stderr, "mock_llm_load: the well-behaved connection broke (events %#x)\n", what);
    g->failed = 1;
    event_base_loopbreak(g->base);
}

static void start_good(struct gen *g)
{
    struct good *d = &g->good;
    d->bev = bufferevent_socket_new(g->base, -1, BEV_OPT_CLOSE_ON_FREE);
    d->got = evbuffer_new();
    d->task = 1;
    bufferevent_setcb(d->bev, on_good_read, NULL, on_good_event, g);
    bufferevent_enable(d->bev, EV_READ | EV_WRITE);
    if (bufferevent_socket_connect(d->bev, (struct sockaddr *)&g->addr, sizeof g->addr) != 0)
        g->failed = 1;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void on_deadline(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    struct gen *g = arg;
    fprintf(stderr, "mock_llm_load: not done after 120 s (%d of %d abusive clients done)\n",
            g->finished, g->n_clients);
    g->failed = 1;
    event_base_loopbreak(g->base);
}

int main(int argc, char **argv)
{
    long port = argc == 7 ? helper_arg(argv[1], 65535) : -1;
    struct gen g = {0};
    for (int k = 0; k < N_KINDS && port > 0; k++) {
        long n = helper_arg(argv[2 + k], 100000);
        g.counts[k] = (int)n;
        if (n < 0)
            port = -1;
    }
    if (port < 0) {
        fprintf(stderr, "usage: mock_llm_load PORT HEADERS BODIES SLOW IDLE ABORT (each >= 1)\n");
        return 2;
    }
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    g.base = event_base_new();
    g.addr.sin_family = AF_INET;
    g.addr.sin_port = htons((uint16_t)port);
    g.addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    for (int k = 0; k < N_KINDS; k++) {
        g.n_clients += g.counts[k];
        g.outcome[k] = json_pack("{s:i}", "n", g.counts[k]);
    }
    g.clients = calloc((size_t)g.n_clients, sizeof *g.clients);
    /* Interleaved, so that every kind meets the cap alike. */
    int at = 0, left[N_KINDS];
    memcpy(left, g.counts, sizeof left);
    while (at < g.n_clients)
        for (int k = 0; k < N_KINDS; k++)
            if (left[k] > 0) {
                g.clients[at] =
                    (struct client){.g = &g, .kind = (enum kind)k, .index = g.counts[k] - left[k]};
                left[k]--;
                at++;
            }
    struct event *deadline = evtimer_new(g.base, on_deadline, &g);
    struct timeval limit = {120, 0};
    evtimer_add(deadline, &limit);
    start_good(&g);
    if (!g.failed)
        event_base_dispatch(g.base);

    struct good *d = &g.good;
    qsort(d->rtt_ms, d->n, sizeof *d->rtt_ms, cmp_double);
    json_t *clients = json_object();
    for (int k = 0; k < N_KINDS; k++)
        json_object_set_new(clients, KIND_NAMES[k], g.outcome[k]);
    json_t *doc =
        json_pack("{s:{s:I, s:I, s:I, s:f, s:f}, s:o, s:o}", "good", "requests", (json_int_t)d->n,
                  "ok", (json_int_t)d->ok, "wrong", (json_int_t)d->wrong, "rtt_ms_p50",
                  d->n ? d->rtt_ms[d->n / 2] : 0.0, "rtt_ms_p99",
                  d->n ? d->rtt_ms[(size_t)((double)(d->n - 1) * 0.99)] : 0.0, "clients", clients,
                  "server", d->server ? d->server : json_null());
    json_dumpf(doc, stdout, JSON_COMPACT);
    putchar('\n');
    json_decref(doc);
    for (int i = 0; i < g.n_clients; i++) {
        if (g.clients[i].tick != NULL)
            event_free(g.clients[i].tick);
        if (g.clients[i].bev != NULL)
            bufferevent_free(g.clients[i].bev);
        if (g.clients[i].got != NULL)
            evbuffer_free(g.clients[i].got);
    }
    free(g.clients);
    free(d->rtt_ms);
    if (d->bev != NULL)
        bufferevent_free(d->bev);
    if (d->got != NULL)
        evbuffer_free(d->got);
    event_free(deadline);
    event_base_free(g.base);
    return g.failed || d->server == NULL ? 1 : 0;
}
