/*
 * server.c - running a workload's server beside the measured runners (see server.h).
 *
 * The server is started with posix_spawn from this process (not through the spawner: it is not
 * measured), with stdout a pipe that the harness reads for the "listening URL" line and, at the
 * end, the final statistics. Its stderr is inherited, so its own error messages reach the user.
 */
#define _GNU_SOURCE /* pipe2 */
#include "measure/server.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/clock.h"

extern char **environ;

/* Reads from fd until a newline or the deadline; returns the malloc'd line or NULL. */
static char *read_line(int fd, double deadline)
{
    char buf[512];
    size_t n = 0;
    while (n < sizeof buf - 1) {
        int left_ms = (int)((deadline - clock_monotonic_s()) * 1000);
        if (left_ms <= 0)
            return NULL;
        struct pollfd p = {.fd = fd, .events = POLLIN};
        int r = poll(&p, 1, left_ms);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return NULL;
        ssize_t k = read(fd, buf + n, 1);
        if (k <= 0)
            return NULL;
        if (buf[n] == '\n') {
            buf[n] = '\0';
            return strdup(buf);
        }
        n++;
    }
    return NULL;
}

static void kill_and_reap(pid_t pid)
{
    kill(pid, SIGKILL);
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
        ;
}

int server_start(char *const *argv, double timeout_s, struct server *s, struct verr *err)
{
    memset(s, 0, sizeof *s);
    s->pid = -1;
    s->stdout_fd = -1;
    int out[2];
    if (pipe2(out, O_CLOEXEC) != 0)
        return verr_set(err, "cannot make a pipe: %s", strerror(errno));
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(out[1]);
    if (rc != 0) {
        close(out[0]);
        return verr_set(err, "cannot start server %s: %s", argv[0], strerror(rc));
    }
    char *line = read_line(out[0], clock_monotonic_s() + timeout_s);
    const char *prefix = "listening ";
    if (line == NULL || strncmp(line, prefix, strlen(prefix)) != 0) {
        verr_set(err, "server %s did not report \"listening URL\" within %.0f s%s%s", argv[0],
                 timeout_s, line ? ": said " : "", line ? line : "");
        free(line);
        close(out[0]);
        kill_and_reap(pid);
        return -1;
    }
    s->url = strdup(line + strlen(prefix));
    free(line);
    s->pid = pid;
    s->stdout_fd = out[0];
    return 0;
}

static size_t collect(char *data, size_t size, size_t n, void *user)
{
    struct {
        char *buf;
        size_t len;
    } *b = user;
    char *grown = realloc(b->buf, b->len + size * n + 1);
    if (grown == NULL)
        return 0;
    b->buf = grown;
    memcpy(b->buf + b->len, data, size * n);
    b->len += size * n;
    b->buf[b->len] = '\0';
    return size * n;
}

/* One HTTP request to the server; returns the body (malloc'd) or NULL with err set. */
static char *http(const struct server *s, const char *path, int post, struct verr *err)
{
    char url[512];
    snprintf(url, sizeof url, "%s%s", s->url, path);
    CURL *h = curl_easy_init();
    if (h == NULL) {
        verr_set(err, "curl_easy_init failed");
        return NULL;
    }
    struct {
        char *buf;
        size_t len;
    } body = {NULL, 0};
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    if (post)
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, "");
    CURLcode rc = curl_easy_perform(h);
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(h);
    if (rc != CURLE_OK || status != 200) {
        verr_set(err, "%s %s: %s (HTTP %ld)", post ? "POST" : "GET", url,
                 rc != CURLE_OK ? curl_easy_strerror(rc) : "unexpected status", status);
        free(body.buf);
        return NULL;
    }
    return body.buf ? body.buf : strdup("");
}

json_t *server_take_stats(const struct server *s, int reset, struct verr *err)
{
    char *text = http(s, "/_versus/stats", 0, err);
    if (text == NULL)
        return NULL;
    json_error_t je;
    json_t *stats = json_loads(text, 0, &je);
    free(text);
    if (stats == NULL) {
        verr_set(err, "server statistics are not JSON: %s", je.text);
        return NULL;
    }
    if (reset) {
        char *r = http(s, "/_versus/reset", 1, err);
        if (r == NULL) {
            json_decref(stats);
            return NULL;
        }
        free(r);
    }
    return stats;
}

json_t *server_stop(struct server *s)
{
    json_t *final = NULL;
    if (s->pid > 0) {
        kill(s->pid, SIGTERM);
        /* Read everything it prints until it closes stdout (exits), at most 5 s. */
        char *all = NULL;
        size_t len = 0;
        double deadline = clock_monotonic_s() + 5;
        for (;;) {
            int left_ms = (int)((deadline - clock_monotonic_s()) * 1000);
            struct pollfd p = {.fd = s->stdout_fd, .events = POLLIN};
            if (left_ms <= 0 || poll(&p, 1, left_ms) <= 0)
                break;
            char buf[4096];
            ssize_t k = read(s->stdout_fd, buf, sizeof buf);
            if (k <= 0)
                break;
            char *grown = realloc(all, len + (size_t)k + 1);
            if (grown == NULL)
                break;
            all = grown;
            memcpy(all + len, buf, (size_t)k);
            len += (size_t)k;
            all[len] = '\0';
        }
        int status;
        pid_t r;
        while ((r = waitpid(s->pid, &status, WNOHANG)) == 0 && clock_monotonic_s() < deadline)
            usleep(10000);
        if (r == 0)
            kill_and_reap(s->pid);
        if (all != NULL) {
            /* The final statistics: the last JSON object that starts a line (compact or
             * pretty-printed). */
            for (char *p = all + len; final == NULL && p-- > all;)
                if (*p == '{' && (p == all || p[-1] == '\n'))
                    final = json_loads(p, JSON_DISABLE_EOF_CHECK, NULL);
            free(all);
        }
    }
    if (s->stdout_fd >= 0)
        close(s->stdout_fd);
    free(s->url);
    memset(s, 0, sizeof *s);
    s->pid = -1;
    s->stdout_fd = -1;
    return final;
}
