/*
 * mock_llm_front.c - the per-connection front of the mock LLM server: a filter bufferevent
 * that parses what passes to evhttp with http-parser and answers 400/408/413/431/503 itself
 * (see mock_llm_front.h; http-parser's API: /usr/include/http_parser.h, nodejs/http-parser
 * 2.9; filters: libevent's bufferevent_filter_new(3) in event2/bufferevent.h).
 */
#include "mock_llm/mock_llm_front.h"

#include <errno.h>
#include <event2/buffer.h>
#include <fcntl.h>
#include <http_parser.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "mock_llm/mock_llm_script.h"

enum timer_kind { TIMER_NONE, TIMER_IDLE, TIMER_REQUEST, TIMER_OVER_CAP };

/* One connection's state (the filter's context). */
struct conn {
    struct mock_llm_front *front;
    struct bufferevent *filter, *under;
    http_parser parser;
    struct event *timer;
    struct event *kick; /* pushes evhttp's reply through the filter (see on_output_added) */
    enum timer_kind timer_kind;
    int header_lines;
    bool last_was_value; /* the parser's last header callback was a value (a new line next) */
    bool headers_done;
    bool in_message; /* a request started and not yet received whole */
    uint64_t body_bytes;
    int refuse_status; /* set by a parser callback: answer this and close */
    const char *refuse_why;
    bool counted; /* in connections_open */
    bool done;    /* answered or closed: input is dropped, nothing reaches evhttp */
};

/* One socket shut for writing after an answer, read and discarded until EOF or its deadline. */
struct lingerer {
    struct mock_llm_front *front;
    int fd;
    struct event *ev;
    int64_t deadline_ns;
};

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void arm(struct conn *c, enum timer_kind kind, int seconds)
{
    struct timeval tv = {.tv_sec = seconds};
    c->timer_kind = kind;
    evtimer_add(c->timer, &tv);
}

static void disarm(struct conn *c)
{
    c->timer_kind = TIMER_NONE;
    evtimer_del(c->timer);
}

static void close_linger(struct lingerer *l)
{
    event_free(l->ev);
    close(l->fd);
    l->front->lingering--;
    free(l);
}

static void on_linger(evutil_socket_t fd, short what, void *arg)
{
    struct lingerer *l = arg;
    if ((what & EV_READ) && now_ns() < l->deadline_ns) {
        char buf[4096];
        for (int i = 0; i < 16; i++) { /* at most 64 KiB a turn: others get theirs */
            ssize_t n = recv(fd, buf, sizeof buf, 0);
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
                return;
            if (n <= 0)
                break; /* EOF or an error: done */
        }
        if (now_ns() < l->deadline_ns)
            return;
    }
    close_linger(l);
}

/* Keeps the socket under fd open (a duplicate) for up to MOCK_LLM_LINGER_MS after the answer,
 * shut for writing, reading what the client still sends; see mock_llm_front.h. */
static void linger(struct mock_llm_front *f, int fd)
{
    shutdown(fd, SHUT_WR);
    if (f->lingering >= MOCK_LLM_MAX_LINGERING)
        return;
    struct lingerer *l = calloc(1, sizeof *l);
    int dup_fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (l == NULL || dup_fd < 0) {
        free(l);
        if (dup_fd >= 0)
            close(dup_fd);
        return;
    }
    l->front = f;
    l->fd = dup_fd;
    l->deadline_ns = now_ns() + (int64_t)MOCK_LLM_LINGER_MS * 1000000;
    l->ev = event_new(f->base, dup_fd, EV_READ | EV_PERSIST, on_linger, l);
    struct timeval tv = {.tv_sec = MOCK_LLM_LINGER_MS / 1000,
                         .tv_usec = (MOCK_LLM_LINGER_MS % 1000) * 1000};
    if (l->ev == NULL || event_add(l->ev, &tv) != 0) {
        if (l->ev != NULL)
            event_free(l->ev);
        close(dup_fd);
        free(l);
        return;
    }
    f->lingering++;
}

static const char *reason_of(int status)
{
    switch (status) {
    case 400:
        return "Bad Request";
    case 408:
        return "Request Timeout";
    case 413:
        return "Content Too Large";
    case 431:
        return "Request Header Fields Too Large";
    default:
        return "Service Unavailable";
    }
}

/* Writes the answer straight to the socket (it fits an empty send buffer; if evhttp still has
 * bytes to write there, the answer would cut into them, so then nothing is written). */
static void write_answer(struct conn *c, int fd, int status, const char *why)
{
    if (evbuffer_get_length(bufferevent_get_output(c->under)) != 0 ||
        evbuffer_get_length(bufferevent_get_output(c->filter)) != 0)
        return;
    json_t *doc = mock_llm_error_body(why);
    char *body = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
    json_decref(doc);
    char text[1024];
    int n = snprintf(text, sizeof text,
                     "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nConnection: close\r\n"
                     "%sContent-Length: %zu\r\n\r\n%s",
                     status, reason_of(status), status == 503 ? "Retry-After: 1\r\n" : "",
                     body ? strlen(body) : 0, body ? body : "");
    free(body);
    if (n > 0 && (size_t)n < sizeof text)
        (void)!send(fd, text, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT);
}

/* Makes evhttp drop the connection as it drops a broken one (its error callback, deferred to
 * the loop: never from inside the filter that evhttp's bufferevent is running). */
static void fail(struct conn *c)
{
    c->done = true;
    disarm(c);
    bufferevent_trigger_event(c->filter, BEV_EVENT_READING | BEV_EVENT_ERROR,
                              BEV_TRIG_DEFER_CALLBACKS);
}

/* Answers status (counted, logged unless quiet), lingers, and fails the connection. */
static void refuse(struct conn *c, int status, const char *why)
{
    struct mock_llm_stats *s = c->front->stats;
    switch (status) {
    case 400:
        s->bad_http++;
        break;
    case 408:
        s->request_timeouts++;
        break;
    case 413:
        s->body_too_large++;
        break;
    case 431:
        s->headers_too_large++;
        break;
    default:
        s->over_capacity++;
        break;
    }
    if (!c->front->quiet)
        fprintf(stderr, "mock-llm: %d %s: %s\n", status, reason_of(status), why);
    int fd = bufferevent_getfd(c->under);
    if (fd >= 0) {
        write_answer(c, fd, status, why);
        linger(c->front, fd);
    }
    fail(c);
}

static void on_timer(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    struct conn *c = arg;
    enum timer_kind kind = c->timer_kind;
    c->timer_kind = TIMER_NONE;
    if (c->done && kind != TIMER_OVER_CAP)
        return;
    switch (kind) {
    case TIMER_IDLE:
        c->front->stats->idle_closed++;
        fail(c);
        break;
    case TIMER_REQUEST:
        refuse(c, 408, "the request was not received whole within the timeout");
        break;
    case TIMER_OVER_CAP:
        refuse(c, 503, "too many connections; retry later");
        break;
    case TIMER_NONE:
        break;
    }
}

/* http-parser callbacks (parser->data is the connection): count, and stop at a violation by
 * returning nonzero (the parser then fails with HPE_CB_*, and refuse_status says why). */
static int stop(struct conn *c, int status, const char *why)
{
    c->refuse_status = status;
    c->refuse_why = why;
    return -1;
}

static int on_message_begin(http_parser *p)
{
    struct conn *c = p->data;
    c->in_message = true;
    c->headers_done = false;
    c->header_lines = 0;
    c->last_was_value = true;
    c->body_bytes = 0;
    arm(c, TIMER_REQUEST, c->front->timeout_s);
    return 0;
}

static int on_header_field(http_parser *p, const char *at, size_t len)
{
    (void)at;
    (void)len;
    struct conn *c = p->data;
    if (c->last_was_value && ++c->header_lines > MOCK_LLM_MAX_HEADER_LINES)
        return stop(c, 431, "more header lines than the server accepts");
    c->last_was_value = false;
    return 0;
}

static int on_header_value(http_parser *p, const char *at, size_t len)
{
    (void)at;
    (void)len;
    ((struct conn *)p->data)->last_was_value = true;
    return 0;
}

static int on_headers_complete(http_parser *p)
{
    struct conn *c = p->data;
    c->headers_done = true;
    if (!(p->flags & F_CHUNKED) && p->content_length != ULLONG_MAX &&
        p->content_length > MOCK_LLM_MAX_BODY_BYTES)
        return stop(c, 413, "the declared body is larger than the server accepts");
    return 0;
}

static int on_body(http_parser *p, const char *at, size_t len)
{
    (void)at;
    struct conn *c = p->data;
    c->body_bytes += len;
    if (c->body_bytes > MOCK_LLM_MAX_BODY_BYTES)
        return stop(c, 413, "the body is larger than the server accepts");
    return 0;
}

static int on_message_complete(http_parser *p)
{
    struct conn *c = p->data;
    c->in_message = false;
    disarm(c); /* the reply is held now; the idle clock starts when it goes out */
    return 0;
}

static const http_parser_settings SETTINGS = {
    .on_message_begin = on_message_begin,
    .on_header_field = on_header_field,
    .on_header_value = on_header_value,
    .on_headers_complete = on_headers_complete,
    .on_body = on_body,
    .on_message_complete = on_message_complete,
};

/* Parses len bytes; returns 0, or -1 with refuse_status and refuse_why set. */
static int parse(struct conn *c, const char *data, size_t len)
{
    while (len > 0) {
        size_t done = http_parser_execute(&c->parser, &SETTINGS, data, len);
        enum http_errno e = HTTP_PARSER_ERRNO(&c->parser);
        if (e == HPE_HEADER_OVERFLOW && !c->headers_done)
            return stop(c, 431, "the request line and headers are larger than the server accepts");
        if (e != HPE_OK) {
            if (c->refuse_status == 0)
                stop(c, 400, http_errno_description(e));
            return -1;
        }
        if (!c->parser.upgrade)
            return 0;
        /* An Upgrade (h2c, websocket) evhttp does not do: it answers the request as HTTP/1.1,
         * so what follows is the next request. */
        data += done;
        len -= done;
        http_parser_init(&c->parser, HTTP_REQUEST);
        c->parser.data = c;
    }
    return 0;
}

static enum bufferevent_filter_result on_input(struct evbuffer *src, struct evbuffer *dst,
                                               ev_ssize_t limit, enum bufferevent_flush_mode mode,
                                               void *arg)
{
    (void)limit;
    (void)mode;
    struct conn *c = arg;
    size_t len = evbuffer_get_length(src);
    if (len == 0)
        return BEV_NEED_MORE;
    if (c->done) {
        evbuffer_drain(src, len);
        return BEV_OK;
    }
    struct evbuffer_ptr at;
    evbuffer_ptr_set(src, &at, 0, EVBUFFER_PTR_SET);
    struct evbuffer_iovec v;
    int failed = 0;
    while (failed == 0 && evbuffer_peek(src, -1, &at, &v, 1) > 0 && v.iov_len > 0) {
        failed = parse(c, v.iov_base, v.iov_len);
        if (evbuffer_ptr_set(src, &at, v.iov_len, EVBUFFER_PTR_ADD) != 0)
            break;
    }
    if (failed) {
        evbuffer_drain(src, len);
        refuse(c, c->refuse_status, c->refuse_why);
        return BEV_OK;
    }
    evbuffer_remove_buffer(src, dst, len);
    return BEV_OK;
}

/* Passes evhttp's replies through and writes them to the socket at once, as far as it takes
 * them: evhttp 2.1 counts a reply as sent when the filter's output is empty and may then shut
 * the socket and free the connection (Connection: close), which would drop what the socket
 * bufferevent had not yet written. Whatever the socket does not take now (a client that does
 * not read) is written by the socket bufferevent later, unless evhttp closes first. A reply
 * going out with no request under way starts the idle clock. */
static enum bufferevent_filter_result on_output(struct evbuffer *src, struct evbuffer *dst,
                                                ev_ssize_t limit, enum bufferevent_flush_mode mode,
                                                void *arg)
{
    (void)limit;
    (void)mode;
    struct conn *c = arg;
    size_t len = evbuffer_get_length(src);
    if (len == 0)
        return BEV_NEED_MORE;
    evbuffer_remove_buffer(src, dst, len);
    int fd = bufferevent_getfd(c->under);
    if (fd >= 0)
        evbuffer_write(dst, fd);
    if (!c->in_message && !c->done)
        arm(c, TIMER_IDLE, c->front->timeout_s);
    return BEV_OK;
}

static void on_kick(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    struct conn *c = arg;
    bufferevent_flush(c->filter, EV_WRITE, BEV_NORMAL);
}

/* evhttp 2.1 adds its reply to the filter's output while writing is disabled, then enables
 * writing; the filter (2.1.12) only looks at its output when bytes are added or the socket
 * bufferevent drained, so the reply would wait until the socket happened to report writable.
 * An added byte therefore schedules a flush of the filter for the next turn of the loop, when
 * evhttp has enabled writing. */
static void on_output_added(struct evbuffer *buf, const struct evbuffer_cb_info *info, void *arg)
{
    (void)buf;
    struct conn *c = arg;
    if (info->n_added > 0)
        event_active(c->kick, EV_TIMEOUT, 0);
}

static void free_conn(void *arg)
{
    struct conn *c = arg;
    if (c->in_message && !c->done)
        c->front->stats->aborted_requests++;
    if (c->counted)
        c->front->stats->connections_open--;
    event_free(c->timer);
    event_free(c->kick);
    free(c);
}

struct bufferevent *mock_llm_front_bevcb(struct event_base *base, void *arg)
{
    struct mock_llm_front *f = arg;
    http_parser_set_max_header_size(MOCK_LLM_MAX_HEADER_BYTES);
    struct conn *c = calloc(1, sizeof *c);
    if (c == NULL)
        return NULL;
    c->front = f;
    http_parser_init(&c->parser, HTTP_REQUEST);
    c->parser.data = c;
    c->timer = evtimer_new(base, on_timer, c);
    c->kick = evtimer_new(base, on_kick, c);
    c->under = bufferevent_socket_new(base, -1, BEV_OPT_CLOSE_ON_FREE);
    c->filter = c->under && c->timer && c->kick
                    ? bufferevent_filter_new(c->under, on_input, on_output, BEV_OPT_CLOSE_ON_FREE,
                                             free_conn, c)
                    : NULL;
    if (c->filter == NULL ||
        evbuffer_add_cb(bufferevent_get_output(c->filter), on_output_added, c) == NULL) {
        if (c->filter != NULL)
            bufferevent_free(c->filter); /* frees the socket's and c */
        else {
            if (c->under != NULL)
                bufferevent_free(c->under);
            if (c->timer != NULL)
                event_free(c->timer);
            if (c->kick != NULL)
                event_free(c->kick);
            free(c);
        }
        return NULL;
    }
    if (f->stats->connections_open >= f->max_connections) {
        c->done =
            true; /* nothing it sends reaches evhttp; answered once evhttp gave it its socket */
        struct timeval zero = {0, 0};
        c->timer_kind = TIMER_OVER_CAP;
        evtimer_add(c->timer, &zero);
    } else {
        c->counted = true;
        mock_llm_stats_connect(f->stats);
        arm(c, TIMER_IDLE, f->timeout_s);
    }
    return c->filter;
}
