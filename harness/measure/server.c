/*
 * server.c - running a workload's server beside the measured runners (see server.h).
 *
 * The server is started with fork and execve from this process (not through the spawner: it is
 * not measured), with stdout a pipe that the harness reads for the "listening URL" line and, at
 * the end, the final statistics. Its stderr is inherited, so its own error messages reach the
 * user. It never outlives versus: between fork and execve the child leads a process group of
 * its own and asks for SIGKILL when versus dies (prctl(2) PR_SET_PDEATHSIG, which posix_spawn
 * cannot set; checked again with getppid in case versus died before), and versus's signal
 * handler kills that group (process_track_helper).
 */
#define _GNU_SOURCE /* pipe2 */
#include "measure/server.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "measure/process.h"
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
    kill(-pid, SIGKILL);
    kill(pid, SIGKILL);
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
        ;
    process_untrack_helper(pid);
}

/* In the forked child: its own process group, death with the parent, stdin /dev/null, stdout
 * out_fd, then execve; on failure the errno goes down err_fd and the child _exits. Only
 * async-signal-safe calls (signal-safety(7)). */
static void exec_helper(char *const *argv, int out_fd, pid_t parent, int err_fd)
{
    (void)setpgid(0, 0);
    (void)prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
        _exit(127);
    int in = open("/dev/null", O_RDONLY);
    int e = 0;
    if (in < 0 || dup2(in, STDIN_FILENO) < 0 || dup2(out_fd, STDOUT_FILENO) < 0)
        e = errno;
    if (e == 0) {
        execve(argv[0], argv, environ);
        e = errno;
    }
    (void)!write(err_fd, &e, sizeof e);
    _exit(127);
}

/* Starts argv with its stdout on out_fd (see exec_helper). Returns the pid, or -1 with *error
 * the errno (fork's, or what made the child fail before execve). */
static pid_t spawn_helper(char *const *argv, int out_fd, int *error)
{
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) {
        *error = errno;
        return -1;
    }
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0)
        exec_helper(argv, out_fd, parent, report[1]);
    close(report[1]);
    if (pid < 0) {
        *error = errno;
        close(report[0]);
        return -1;
    }
    (void)setpgid(pid, pid); /* also here, so that the group exists before it may be killed */
    int e = 0;
    ssize_t n;
    while ((n = read(report[0], &e, sizeof e)) < 0 && errno == EINTR)
        ;
    close(report[0]);
    if (n == (ssize_t)sizeof e) { /* the child failed before execve and has exited */
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
            ;
        *error = e;
        return -1;
    }
    return pid;
}

int server_start(char *const *argv, double timeout_s, struct server *s, struct verr *err)
{
    memset(s, 0, sizeof *s);
    s->pid = -1;
    s->stdout_fd = -1;
    int out[2];
    if (pipe2(out, O_CLOEXEC) != 0)
        return verr_set(err, "cannot make a pipe: %s", strerror(errno));
    int rc = 0;
    pid_t pid = spawn_helper(argv, out[1], &rc);
    close(out[1]);
    if (pid < 0) {
        close(out[0]);
        return verr_set(err, "cannot start server %s: %s", argv[0], strerror(rc));
    }
    (void)process_track_helper(pid);
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
        (void)kill(-s->pid, SIGKILL); /* whatever the server started */
        process_untrack_helper(s->pid);
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
