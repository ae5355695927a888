/*
 * mock_llm.c - the mock LLM server: libevent's evhttp on a loopback socket, one event loop,
 * replies held by one evtimer each (see mock_llm.h for the design, mock_llm_script.h for what
 * it answers and mock_llm_stats.h for what it measures).
 */
#include "mock_llm/mock_llm.h"

#include <arpa/inet.h>
#include <errno.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "mock_llm/mock_llm_front.h"
#include "mock_llm/mock_llm_script.h"
#include "mock_llm/mock_llm_stats.h"

#define LISTEN_BACKLOG 4096

struct pending;

struct server {
    struct event_base *base;
    struct evhttp *http;
    const struct mock_llm_options *opt;
    struct mock_llm_stats stats;
    struct mock_llm_front front; /* the bounds, in front of evhttp (mock_llm_front.h) */
    struct pending *held;        /* every reply being held, a doubly linked list */
};

/* One reply being held: the request, the prepared answer, the timer and the EOF watcher. */
struct pending {
    struct server *srv;
    struct evhttp_request *req;
    struct evhttp_connection *evcon;
    struct event *timer;
    struct event *watch; /* EV_READ on the connection's socket while held */
    int64_t received_ns; /* CLOCK_MONOTONIC when the request was fully read */
    int64_t deadline_ns; /* received_ns + latency */
    int64_t task_id;
    bool final;               /* the final answer (else a tool call) */
    bool stream;              /* events holds the SSE events, else body the JSON */
    struct evbuffer *body;    /* non-streamed reply */
    struct evbuffer **events; /* streamed reply: one "data: ...\n\n" event each */
    size_t n_events;
    struct pending *prev, *next;
};

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static const char *method_name(enum evhttp_cmd_type cmd)
{
    switch (cmd) {
    case EVHTTP_REQ_GET:
        return "GET";
    case EVHTTP_REQ_POST:
        return "POST";
    case EVHTTP_REQ_HEAD:
        return "HEAD";
    case EVHTTP_REQ_PUT:
        return "PUT";
    case EVHTTP_REQ_DELETE:
        return "DELETE";
    case EVHTTP_REQ_OPTIONS:
        return "OPTIONS";
    case EVHTTP_REQ_TRACE:
        return "TRACE";
    case EVHTTP_REQ_CONNECT:
        return "CONNECT";
    case EVHTTP_REQ_PATCH:
        return "PATCH";
    }
    return "?";
}

/* Sends doc (stolen) as a JSON reply with status code. */
static void send_json(struct evhttp_request *req, int code, const char *reason, json_t *doc)
{
    struct evbuffer *buf = evbuffer_new();
    char *text = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
    json_decref(doc);
    if (buf == NULL || text == NULL) {
        free(text);
        if (buf != NULL)
            evbuffer_free(buf);
        evhttp_send_error(req, 500, "out of memory");
        return;
    }
    evbuffer_add(buf, text, strlen(text));
    free(text);
    evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type", "application/json");
    evhttp_send_reply(req, code, reason, buf);
    evbuffer_free(buf);
}

/* Answers with the OpenAI error body, counts nothing; logs unless quiet. */
static void send_error(struct server *srv, struct evhttp_request *req, int code, const char *reason,
                       const char *message)
{
    if (!srv->opt->quiet)
        fprintf(stderr, "mock-llm: %d %s %s: %s\n", code,
                method_name(evhttp_request_get_command(req)), evhttp_request_get_uri(req), message);
    send_json(req, code, reason, mock_llm_error_body(message));
}

static void unlink_pending(struct pending *p)
{
    if (p->prev != NULL)
        p->prev->next = p->next;
    else
        p->srv->held = p->next;
    if (p->next != NULL)
        p->next->prev = p->prev;
}

/* Frees what p owns (not the request, which is evhttp's or already sent) and p itself. */
static void free_pending(struct pending *p)
{
    unlink_pending(p);
    if (p->timer != NULL)
        event_free(p->timer);
    if (p->watch != NULL)
        event_free(p->watch);
    if (p->body != NULL)
        evbuffer_free(p->body);
    for (size_t i = 0; i < p->n_events; i++)
        evbuffer_free(p->events[i]);
    free(p->events);
    free(p);
}

/* The connection of a held reply closed (the client went away: see on_readable). */
static void on_close(struct evhttp_connection *evcon, void *arg)
{
    struct pending *p = arg;
    struct server *srv = p->srv;
    srv->stats.disconnects++;
    mock_llm_stats_release(&srv->stats);
    evhttp_connection_set_closecb(evcon, NULL, NULL);
    /* A request evhttp detached from its failing connection is ours to free; one still on the
     * connection is freed with it. */
    if (evhttp_request_get_connection(p->req) == NULL)
        evhttp_request_free(p->req);
    free_pending(p);
}

/* The socket of a held reply is readable: end of file or an error means the client is gone,
 * so close the connection now (on_close cleans up). Anything else is a pipelined request that
 * evhttp reads after the reply: stop watching. */
static void on_readable(evutil_socket_t fd, short what, void *arg)
{
    (void)what;
    struct pending *p = arg;
    char c;
    ssize_t n = recv(fd, &c, 1, MSG_PEEK);
    if (n > 0 || (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))) {
        if (n > 0)
            event_del(p->watch);
        return;
    }
    evhttp_connection_free(p->evcon);
}

/* Sends the held reply now; records the added delay, the counters and the task's clock. */
static void send_held(struct pending *p)
{
    struct server *srv = p->srv;
    struct evhttp_request *req = p->req;
    evhttp_connection_set_closecb(p->evcon, NULL, NULL);
    struct evkeyvalq *headers = evhttp_request_get_output_headers(req);
    if (p->stream) {
        evhttp_add_header(headers, "Content-Type", "text/event-stream");
        evhttp_add_header(headers, "Cache-Control", "no-cache");
        evhttp_send_reply_start(req, 200, "OK");
        for (size_t i = 0; i < p->n_events; i++)
            evhttp_send_reply_chunk(req, p->events[i]);
        struct evbuffer *done = evbuffer_new();
        if (done != NULL) {
            evbuffer_add(done, "data: [DONE]\n\n", 14);
            evhttp_send_reply_chunk(req, done);
            evbuffer_free(done);
        }
        evhttp_send_reply_end(req);
    } else {
        evhttp_add_header(headers, "Content-Type", "application/json");
        evhttp_send_reply(req, 200, "OK", p->body);
    }
    int64_t sent = now_ns();
    int64_t target = (int64_t)srv->opt->latency_ms * 1000000;
    mock_llm_samples_add(&srv->stats.added_delay_ms,
                         (double)(sent - p->received_ns - target) / 1e6);
    if (p->final)
        srv->stats.completions++;
    else
        srv->stats.tool_calls_sent++;
    mock_llm_stats_task_sent(&srv->stats, p->task_id, sent, p->final);
    mock_llm_stats_release(&srv->stats);
    free_pending(p);
}

/* Arms p's timer for what is left until its deadline (at least 0). */
static void arm(struct pending *p)
{
    event_base_update_cache_time(p->srv->base);
    int64_t left = p->deadline_ns - now_ns();
    if (left < 0)
        left = 0;
    struct timeval tv = {.tv_sec = (time_t)(left / 1000000000),
                         .tv_usec = (suseconds_t)((left % 1000000000 + 999) / 1000)};
    if (tv.tv_usec >= 1000000) {
        tv.tv_sec++;
        tv.tv_usec -= 1000000;
    }
    evtimer_add(p->timer, &tv);
}

static void on_timer(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    struct pending *p = arg;
    if (now_ns() < p->deadline_ns) {
        arm(p); /* fired early: hold the rest */
        return;
    }
    send_held(p);
}

/* Prepares the reply to turn into p (the JSON body, or the SSE events). Returns 0 or -1. */
static int prepare_reply(struct pending *p, const struct mock_llm_turn *turn)
{
    long long created = (long long)time(NULL);
    if (!turn->stream) {
        json_t *doc = mock_llm_completion(turn, created);
        char *text = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
        json_decref(doc);
        p->body = text ? evbuffer_new() : NULL;
        if (p->body != NULL)
            evbuffer_add(p->body, text, strlen(text));
        free(text);
        return p->body != NULL ? 0 : -1;
    }
    json_t *chunks = mock_llm_stream_chunks(turn, created);
    if (chunks == NULL)
        return -1;
    p->events = calloc(json_array_size(chunks) + 1, sizeof *p->events);
    int rc = p->events != NULL ? 0 : -1;
    size_t i;
    json_t *chunk;
    json_array_foreach(chunks, i, chunk)
    {
        char *text = rc == 0 ? json_dumps(chunk, JSON_COMPACT) : NULL;
        struct evbuffer *ev = text ? evbuffer_new() : NULL;
        if (ev == NULL) {
            free(text);
            rc = -1;
            break;
        }
        evbuffer_add_printf(ev, "data: %s\n\n", text);
        free(text);
        p->events[p->n_events++] = ev;
    }
    json_decref(chunks);
    return rc;
}

/* POST /v1/chat/completions: validate, answer, hold the answer. */
static void handle_completion(struct server *srv, struct evhttp_request *req, int64_t received_ns)
{
    srv->stats.requests++;
    struct evbuffer *in = evhttp_request_get_input_buffer(req);
    size_t len = evbuffer_get_length(in);
    const char *body = len ? (const char *)evbuffer_pullup(in, -1) : "";
    struct mock_llm_turn turn;
    struct verr err;
    if (mock_llm_parse_request(body, len, srv->opt->calls, &turn, &err) != 0) {
        srv->stats.malformed++;
        send_error(srv, req, 400, "Bad Request", err.msg);
        return;
    }
    srv->stats.wrong_tool_results += (uint64_t)turn.new_wrong_results;
    mock_llm_stats_task_received(&srv->stats, turn.task_id, turn.turn, received_ns);

    struct pending *p = calloc(1, sizeof *p);
    if (p == NULL) {
        evhttp_send_error(req, 500, "out of memory");
        return;
    }
    p->srv = srv;
    p->req = req;
    p->evcon = evhttp_request_get_connection(req);
    p->received_ns = received_ns;
    p->deadline_ns = received_ns + (int64_t)srv->opt->latency_ms * 1000000;
    p->task_id = turn.task_id;
    p->final = turn.final;
    p->stream = turn.stream;
    p->next = srv->held;
    if (srv->held != NULL)
        srv->held->prev = p;
    srv->held = p;
    evutil_socket_t fd = bufferevent_getfd(evhttp_connection_get_bufferevent(p->evcon));
    p->timer = evtimer_new(srv->base, on_timer, p);
    p->watch = event_new(srv->base, fd, EV_READ | EV_PERSIST, on_readable, p);
    if (prepare_reply(p, &turn) != 0 || p->timer == NULL || p->watch == NULL) {
        free_pending(p);
        evhttp_send_error(req, 500, "out of memory");
        return;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    evhttp_connection_set_closecb(p->evcon, on_close, p);
    event_add(p->watch, NULL);
    mock_llm_stats_hold(&srv->stats);
    arm(p);
}

/* Every request lands here first: route by path, then by method. */
static void on_request(struct evhttp_request *req, void *arg)
{
    int64_t received_ns = now_ns();
    struct server *srv = arg;
    const char *path = evhttp_uri_get_path(evhttp_request_get_evhttp_uri(req));
    enum evhttp_cmd_type cmd = evhttp_request_get_command(req);
    path = path ? path : "";
    char message[512];
    const char *allowed = NULL;
    if (strcmp(path, "/v1/chat/completions") == 0) {
        if (cmd == EVHTTP_REQ_POST) {
            handle_completion(srv, req, received_ns);
            return;
        }
        allowed = "POST";
    } else if (strcmp(path, "/_versus/stats") == 0) {
        if (cmd == EVHTTP_REQ_GET) {
            send_json(req, 200, "OK",
                      mock_llm_stats_json(&srv->stats, srv->opt->latency_ms, srv->opt->calls,
                                          srv->front.max_connections));
            return;
        }
        allowed = "GET";
    } else if (strcmp(path, "/_versus/reset") == 0) {
        if (cmd == EVHTTP_REQ_POST) {
            json_t *doc = mock_llm_stats_json(&srv->stats, srv->opt->latency_ms, srv->opt->calls,
                                              srv->front.max_connections);
            mock_llm_stats_reset(&srv->stats);
            send_json(req, 200, "OK", doc);
            return;
        }
        allowed = "POST";
    }
    if (allowed == NULL) {
        srv->stats.not_found++;
        snprintf(message, sizeof message, "Invalid URL (%s %.400s)", method_name(cmd), path);
        send_error(srv, req, 404, "Not Found", message);
        return;
    }
    srv->stats.method_not_allowed++;
    snprintf(message, sizeof message, "Method %s is not allowed for %.400s; use %s",
             method_name(cmd), path, allowed);
    evhttp_add_header(evhttp_request_get_output_headers(req), "Allow", allowed);
    send_error(srv, req, 405, "Method Not Allowed", message);
}

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
    (void)sig;
    (void)what;
    event_base_loopbreak(arg);
}

/* Raises the soft limit on open files to the hard one: a thousand clients need a thousand. */
static void raise_nofile(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return;
    rlim_t want = rl.rlim_max == RLIM_INFINITY ? 1 << 20 : rl.rlim_max;
    if (rl.rlim_cur < want) {
        rl.rlim_cur = want;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

/* Parses host into addr (port 0) and its printable form; only loopback addresses. */
static int loopback_address(const char *host, struct sockaddr_storage *addr, socklen_t *len,
                            char *shown, size_t shown_size, struct verr *err)
{
    memset(addr, 0, sizeof *addr);
    struct sockaddr_in *v4 = (struct sockaddr_in *)addr;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)addr;
    const char *numeric = strcmp(host, "localhost") == 0 ? "127.0.0.1" : host;
    if (inet_pton(AF_INET, numeric, &v4->sin_addr) == 1) {
        if ((ntohl(v4->sin_addr.s_addr) >> 24) != 127)
            return verr_set(err, "--host %s is not a loopback address (127.0.0.0/8, ::1)", host);
        v4->sin_family = AF_INET;
        *len = sizeof *v4;
        snprintf(shown, shown_size, "%s", numeric);
        return 0;
    }
    if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
        if (!IN6_IS_ADDR_LOOPBACK(&v6->sin6_addr))
            return verr_set(err, "--host %s is not a loopback address (127.0.0.0/8, ::1)", host);
        v6->sin6_family = AF_INET6;
        *len = sizeof *v6;
        snprintf(shown, shown_size, "[%s]", host);
        return 0;
    }
    return verr_set(err, "--host '%s' is not an IP address or localhost", host);
}

/* A listening, non-blocking socket on host:port; *port_out is the port it got. */
static int listen_socket(const struct mock_llm_options *opt, int *port_out, char *shown,
                         size_t shown_size, struct verr *err)
{
    struct sockaddr_storage addr;
    socklen_t len = 0;
    if (opt->port < 0 || opt->port > 65535)
        return verr_set(err, "--port %d is not a TCP port (0..65535)", opt->port);
    if (loopback_address(opt->host, &addr, &len, shown, shown_size, err) != 0)
        return -1;
    if (addr.ss_family == AF_INET6)
        ((struct sockaddr_in6 *)&addr)->sin6_port = htons((uint16_t)opt->port);
    else
        ((struct sockaddr_in *)&addr)->sin_port = htons((uint16_t)opt->port);
    int fd = socket(addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return verr_set(err, "socket: %s", strerror(errno));
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (bind(fd, (struct sockaddr *)&addr, len) != 0 || listen(fd, LISTEN_BACKLOG) != 0) {
        verr_set(err, "cannot listen on %s:%d: %s", shown, opt->port, strerror(errno));
        close(fd);
        return -1;
    }
    len = sizeof addr;
    getsockname(fd, (struct sockaddr *)&addr, &len);
    *port_out = ntohs(addr.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&addr)->sin6_port
                                                 : ((struct sockaddr_in *)&addr)->sin_port);
    return fd;
}

/* Frees every held reply at shutdown (their requests go with evhttp_free). */
static void drop_held(struct server *srv)
{
    struct pending *p = srv->held;
    while (p != NULL) {
        struct pending *next = p->next;
        evhttp_connection_set_closecb(p->evcon, NULL, NULL);
        free_pending(p);
        p = next;
    }
}

/* Creates the event base (precise timers: timerfd, CLOCK_MONOTONIC) and the HTTP server. */
static int make_server(struct server *srv, struct verr *err)
{
    struct event_config *cfg = event_config_new();
    if (cfg == NULL)
        return verr_set(err, "event_config_new failed");
    event_config_set_flag(cfg, EVENT_BASE_FLAG_PRECISE_TIMER);
    srv->base = event_base_new_with_config(cfg);
    event_config_free(cfg);
    if (srv->base == NULL)
        return verr_set(err, "event_base_new failed");
    srv->http = evhttp_new(srv->base);
    if (srv->http == NULL)
        return verr_set(err, "evhttp_new failed");
    evhttp_set_allowed_methods(srv->http, EVHTTP_REQ_GET | EVHTTP_REQ_POST | EVHTTP_REQ_HEAD |
                                              EVHTTP_REQ_PUT | EVHTTP_REQ_DELETE |
                                              EVHTTP_REQ_OPTIONS | EVHTTP_REQ_PATCH);
    int timeout_s = srv->opt->timeout_s > 0 ? srv->opt->timeout_s : MOCK_LLM_TIMEOUT_S;
    srv->front = (struct mock_llm_front){.base = srv->base,
                                         .stats = &srv->stats,
                                         .max_connections = srv->opt->max_connections > 0
                                                                ? srv->opt->max_connections
                                                                : MOCK_LLM_MAX_CONNECTIONS,
                                         .timeout_s = timeout_s,
                                         .quiet = srv->opt->quiet};
    evhttp_set_bevcb(srv->http, mock_llm_front_bevcb, &srv->front);
    /* The front enforces the limits and answers; evhttp's own are a backstop above them that
     * it never reaches (its timeout also bounds writing a reply to a client that reads none). */
    evhttp_set_max_body_size(srv->http, 2 * MOCK_LLM_MAX_BODY_BYTES);
    evhttp_set_max_headers_size(srv->http, 2 * MOCK_LLM_MAX_HEADER_BYTES);
    struct timeval tv = {.tv_sec = 2 * timeout_s};
    evhttp_set_timeout_tv(srv->http, &tv);
    evhttp_set_gencb(srv->http, on_request, srv);
    return 0;
}

int mock_llm_serve(const struct mock_llm_options *opt, FILE *out, struct verr *err)
{
    if (opt->calls < 1 || opt->calls > MOCK_LLM_MAX_CALLS)
        return verr_set(err, "--calls must be 1 to %d, not %d", MOCK_LLM_MAX_CALLS, opt->calls);
    if (opt->latency_ms < 0)
        return verr_set(err, "--latency-ms must be >= 0, not %d", opt->latency_ms);
    raise_nofile();
    signal(SIGPIPE, SIG_IGN);
    char shown[64];
    int port = 0;
    int fd = listen_socket(opt, &port, shown, sizeof shown, err);
    if (fd < 0)
        return -1;
    struct server srv = {.opt = opt};
    mock_llm_stats_init(&srv.stats);
    struct event *sigterm = NULL, *sigint = NULL;
    int rc = make_server(&srv, err);
    if (rc == 0 && evhttp_accept_socket_with_handle(srv.http, fd) == NULL)
        rc = verr_set(err, "evhttp cannot accept on %s:%d", shown, port);
    if (rc != 0)
        close(fd); /* else evhttp owns it */
    if (rc == 0) {
        sigterm = evsignal_new(srv.base, SIGTERM, on_signal, srv.base);
        sigint = evsignal_new(srv.base, SIGINT, on_signal, srv.base);
        if (sigterm == NULL || sigint == NULL || evsignal_add(sigterm, NULL) != 0 ||
            evsignal_add(sigint, NULL) != 0)
            rc = verr_set(err, "cannot handle SIGTERM and SIGINT");
    }
    if (rc == 0) {
        fprintf(out, "listening http://%s:%d\n", shown, port);
        fflush(out);
        event_base_dispatch(srv.base);
        json_t *doc =
            mock_llm_stats_json(&srv.stats, opt->latency_ms, opt->calls, srv.front.max_connections);
        if (doc != NULL)
            json_dumpf(doc, out, JSON_COMPACT);
        fputc('\n', out);
        fflush(out);
        json_decref(doc);
    }
    drop_held(&srv);
    if (sigterm != NULL)
        event_free(sigterm);
    if (sigint != NULL)
        event_free(sigint);
    if (srv.http != NULL)
        evhttp_free(srv.http);
    if (srv.base != NULL)
        event_base_free(srv.base);
    mock_llm_stats_free(&srv.stats);
    return rc;
}
