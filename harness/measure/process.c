/*
 * process.c - launch one program once and measure it (see process.h).
 *
 * One run: the pipes, buffers and environment are prepared before the clock starts. Then the
 * child is started by versus-spawner (harness/measure/spawner/): the pipes' write ends, /dev/null
 * and the working directory go to it over a socket with argv and envp; it forks, execs, replies
 * with the child's pid, and later with the status, rusage and wall time it took from wait4.
 * Meanwhile this side polls the pipes (stdout into the digest and the head, stderr into a 4 KiB
 * ring, the metrics channel into a buffer) and the socket, and at the deadline asks the
 * spawner to kill the child's group. Once the result is in, the pipes are drained to EOF
 * (bounded by DRAIN_LIMIT_MS, in case a descendant escaped the group).
 *
 * With VERSUS_DIRECT_SPAWN=1 the child is started here with posix_spawn instead, watched
 * through a pidfd polled with the pipes and reaped here, as versus did before the spawner.
 */
#define _GNU_SOURCE /* pipe2, environ, posix_spawn_file_actions_addchdir_np/addclosefrom_np */

#include "measure/process.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "measure/digest.h"
#include "measure/rss_tree.h"
#include "measure/spawner/spawner_client.h"
#include "util/clock.h"
#include "util/fsutil.h"

/* The metrics channel's descriptor number in the child (and its text, for the environment). */
#define METRICS_FD 3
#define METRICS_FD_TEXT "3"

enum {
    CHUNK_BYTES = 64 * 1024,         /* one read() */
    METRICS_MAX_BYTES = 1024 * 1024, /* more than this on the channel is read and dropped */
    DRAIN_LIMIT_MS = 1000,           /* how long to wait for EOF after the child is reaped */
    RSS_FULL_SCAN_S = 2,             /* the memory timeline classifies every process again
                                      * this often (rss_tree.h) */
    FIRST_FREE_FD = METRICS_FD + 1,  /* our pipe ends live at or above this number */
};

static const char metrics_env_prefix[] = "VERSUS_METRICS_FD=";
static char metrics_env_entry[] = "VERSUS_METRICS_FD=" METRICS_FD_TEXT;

/* ---- buffers ---------------------------------------------------------------------------- */

/* Keeps the first `limit` bytes added to it, NUL-terminated; the rest is dropped. */
struct head_buf {
    char *data;   /* alloc bytes, data[len] == '\0' */
    size_t len;   /* bytes kept */
    size_t alloc; /* always >= len + 1 */
    size_t limit; /* the most bytes it keeps */
};

/* Allocates the first block (at most one read's worth). Returns 0, or -1 when out of memory. */
static int head_init(struct head_buf *h, size_t limit)
{
    h->limit = limit < SIZE_MAX / 2 ? limit : SIZE_MAX / 2; /* SIZE_MAX: "all", without overflow */
    h->len = 0;
    h->alloc = (limit < CHUNK_BYTES ? limit : CHUNK_BYTES) + 1;
    h->data = malloc(h->alloc);
    if (h->data == NULL)
        return -1;
    h->data[0] = '\0';
    return 0;
}

/* Adds n bytes, keeping what fits under the limit. If memory runs out while the child runs, the
 * buffer stops growing (the head is shorter) rather than failing the run. */
static void head_add(struct head_buf *h, const char *p, size_t n)
{
    size_t take = h->limit - h->len;
    if (n < take)
        take = n;
    if (take == 0)
        return;
    if (h->len + take + 1 > h->alloc) {
        size_t want = h->alloc * 2;
        if (want < h->len + take + 1)
            want = h->len + take + 1;
        if (want > h->limit + 1)
            want = h->limit + 1;
        char *bigger = realloc(h->data, want);
        if (bigger != NULL) {
            h->data = bigger;
            h->alloc = want;
        } else {
            h->limit = h->alloc - 1;
            take = h->limit - h->len;
        }
    }
    memcpy(h->data + h->len, p, take);
    h->len += take;
    h->data[h->len] = '\0';
}

/* Keeps the last PROCESS_STDERR_TAIL_BYTES bytes added to it. */
struct tail_ring {
    char data[PROCESS_STDERR_TAIL_BYTES];
    uint64_t total; /* bytes ever added; the next one goes to data[total % size] */
};

static void ring_add(struct tail_ring *r, const char *p, size_t n)
{
    const size_t size = sizeof r->data;
    if (n > size) {
        r->total += n - size;
        p += n - size;
        n = size;
    }
    while (n > 0) {
        size_t pos = (size_t)(r->total % size);
        size_t take = size - pos < n ? size - pos : n;
        memcpy(r->data + pos, p, take);
        r->total += take;
        p += take;
        n -= take;
    }
}

/* Copies the ring's bytes in order into out (room for size + 1) and NUL-terminates them.
 * Returns how many bytes were copied. */
static size_t ring_copy(const struct tail_ring *r, char *out)
{
    const size_t size = sizeof r->data;
    if (r->total <= size) {
        memcpy(out, r->data, (size_t)r->total);
        out[r->total] = '\0';
        return (size_t)r->total;
    }
    size_t start = (size_t)(r->total % size);
    memcpy(out, r->data + start, size - start);
    memcpy(out + (size - start), r->data, start);
    out[size] = '\0';
    return size;
}

/* ---- one run's state -------------------------------------------------------------------- */

enum { OUT_STDOUT, OUT_STDERR, OUT_METRICS, N_OUTPUTS };

struct run_io {
    int rd[N_OUTPUTS]; /* read ends in the harness, -1 when closed or not used */
    int wr[N_OUTPUTS]; /* write ends, closed in the harness once the child has them */
    int pidfd;         /* direct spawn: -1 until opened */
    int devnull;       /* spawner: the child's stdin, -1 once handed over */
    int cwd_fd;        /* spawner: the child's working directory (O_PATH), -1 once handed over */
    char *chunk;       /* CHUNK_BYTES read buffer */
    struct digest *digest;
    uint64_t stdout_bytes;
    struct head_buf head;    /* stdout's first bytes */
    struct tail_ring *tail;  /* stderr's last bytes */
    char *tail_text;         /* PROCESS_STDERR_TAIL_BYTES + 1, filled from tail at the end */
    struct head_buf metrics; /* data NULL when the channel is not open */
    char **envp;             /* the child's environment: borrowed strings, owned array */
    /* The memory timeline (spec.rss_interval_s > 0): the child's group, when it started
     * (CLOCK_MONOTONIC seconds), when the next reading is due (0: none), the readings. */
    struct rss_tree rss_group;
    double rss_start_s, rss_next_s, rss_interval_s, rss_full_s;
    struct rss_timeline rss;
};

static void close_fd(int *fd)
{
    if (*fd >= 0) {
        close(*fd); /* on Linux the descriptor is gone even on EINTR: never retry */
        *fd = -1;
    }
}

/* Empties io: no descriptors, no memory. */
static void io_init(struct run_io *io)
{
    *io = (struct run_io){.pidfd = -1, .devnull = -1, .cwd_fd = -1};
    for (int k = 0; k < N_OUTPUTS; k++)
        io->rd[k] = io->wr[k] = -1;
}

/* Closes and frees everything io holds, and empties it. */
static void io_free(struct run_io *io)
{
    for (int k = 0; k < N_OUTPUTS; k++) {
        close_fd(&io->rd[k]);
        close_fd(&io->wr[k]);
    }
    close_fd(&io->pidfd);
    close_fd(&io->devnull);
    close_fd(&io->cwd_fd);
    free(io->chunk);
    digest_free(io->digest);
    free(io->head.data);
    free(io->tail);
    free(io->tail_text);
    free(io->metrics.data);
    free(io->envp);
    rss_timeline_clear(&io->rss);
    rss_tree_clear(&io->rss_group);
    io_init(io);
}

/* Moves *fd to a number >= FIRST_FREE_FD (close-on-exec), so that the child's dup2 onto 0-3
 * can never overwrite a pipe end still to be duplicated. Returns 0, or -1 with errno set. */
static int move_high(int *fd)
{
    if (*fd >= FIRST_FREE_FD)
        return 0;
    int high = fcntl(*fd, F_DUPFD_CLOEXEC, FIRST_FREE_FD);
    if (high < 0)
        return -1;
    close(*fd);
    *fd = high;
    return 0;
}

/* Opens output k's pipe (both ends close-on-exec, numbered >= FIRST_FREE_FD). */
static int open_pipe(struct run_io *io, int k)
{
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0)
        return -1;
    io->rd[k] = p[0];
    io->wr[k] = p[1];
    return move_high(&io->rd[k]) == 0 && move_high(&io->wr[k]) == 0 ? 0 : -1;
}

/* Opens the child's stdout when it is not a pipe: the file of RUN_STDOUT_FILE (truncated), or a
 * copy of ours. Nothing is read from it. Returns 0, or -1 with errno set. */
static int open_stdout(struct run_io *io, const struct run_spec *spec)
{
    if (spec->stdout_to == RUN_STDOUT_INHERIT)
        io->wr[OUT_STDOUT] = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, FIRST_FREE_FD);
    else if (spec->stdout_path != NULL)
        io->wr[OUT_STDOUT] =
            open(spec->stdout_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    else
        errno = EINVAL;
    return io->wr[OUT_STDOUT] >= 0 ? move_high(&io->wr[OUT_STDOUT]) : -1;
}

/* The child's environment: base (or, when NULL, ours) without any VERSUS_METRICS_FD entry,
 * plus ours when want_metrics. The array is malloc'd, the strings are borrowed. */
static char **child_env(char *const *base, bool want_metrics)
{
    if (base == NULL)
        base = environ;
    size_t n = 0;
    while (base != NULL && base[n] != NULL)
        n++;
    char **env = malloc((n + 2) * sizeof *env);
    if (env == NULL)
        return NULL;
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        if (strncmp(base[i], metrics_env_prefix, sizeof metrics_env_prefix - 1) != 0)
            env[j++] = base[i];
    }
    if (want_metrics)
        env[j++] = metrics_env_entry;
    env[j] = NULL;
    return env;
}

/* Allocates everything one run needs before the clock starts; for the spawner (direct false)
 * also opens /dev/null and the working directory. Returns 0, or -1 with err. */
static int io_prepare(struct run_io *io, const struct run_spec *spec, bool direct, struct verr *err)
{
    io->chunk = malloc(CHUNK_BYTES);
    io->digest = digest_new();
    io->tail = calloc(1, sizeof *io->tail);
    io->tail_text = malloc(PROCESS_STDERR_TAIL_BYTES + 1);
    io->envp = child_env(spec->envp, spec->want_metrics);
    if (io->chunk == NULL || io->digest == NULL || io->tail == NULL || io->tail_text == NULL ||
        io->envp == NULL || head_init(&io->head, spec->keep_stdout_bytes) != 0 ||
        (spec->want_metrics && head_init(&io->metrics, METRICS_MAX_BYTES) != 0))
        return verr_set(err, "cannot start %s: out of memory", spec->argv[0]);
    for (int k = 0; k < N_OUTPUTS; k++) {
        if (k == OUT_METRICS && !spec->want_metrics)
            continue;
        if (k == OUT_STDOUT && spec->stdout_to != RUN_STDOUT_PIPE) {
            if (open_stdout(io, spec) != 0)
                return verr_set(err, "cannot start %s: stdout %s: %s", spec->argv[0],
                                spec->stdout_path ? spec->stdout_path : "(ours)", strerror(errno));
            continue;
        }
        if (k == OUT_STDERR && spec->inherit_stderr) {
            io->wr[k] = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, FIRST_FREE_FD);
            if (io->wr[k] < 0)
                return verr_set(err, "cannot start %s: stderr: %s", spec->argv[0], strerror(errno));
            continue;
        }
        if (open_pipe(io, k) != 0)
            return verr_set(err, "cannot start %s: cannot open a pipe: %s", spec->argv[0],
                            strerror(errno));
    }
    const char *in = spec->stdin_path != NULL ? spec->stdin_path : "/dev/null";
    io->devnull = open(in, O_RDONLY | O_CLOEXEC);
    if (io->devnull < 0 || move_high(&io->devnull) != 0)
        return verr_set(err, "cannot start %s: stdin %s: %s", spec->argv[0], in, strerror(errno));
    if (direct)
        return 0;
    /* The directory itself, not its name: the child goes exactly where posix_spawn's chdir
     * (relative to our working directory) would have taken it. */
    const char *dir = spec->cwd != NULL ? spec->cwd : ".";
    io->cwd_fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (io->cwd_fd < 0) {
        if (spec->cwd != NULL)
            return verr_set(err, "cannot start %s in %s: %s", spec->argv[0], spec->cwd,
                            strerror(errno));
        return verr_set(err, "cannot start %s: the working directory: %s", spec->argv[0],
                        strerror(errno));
    }
    return 0;
}

/* Reads once from output k (which poll found ready) and files the bytes; closes it at EOF or
 * on a read error. */
static void io_read(struct run_io *io, int k)
{
    ssize_t n;
    do
        n = read(io->rd[k], io->chunk, CHUNK_BYTES);
    while (n < 0 && errno == EINTR);
    if (n <= 0) {
        close_fd(&io->rd[k]);
        return;
    }
    size_t len = (size_t)n;
    switch (k) {
    case OUT_STDOUT:
        digest_update(io->digest, io->chunk, len);
        io->stdout_bytes += len;
        head_add(&io->head, io->chunk, len);
        break;
    case OUT_STDERR:
        ring_add(io->tail, io->chunk, len);
        break;
    default:
        head_add(&io->metrics, io->chunk, len);
        break;
    }
}

/* ---- clocks ----------------------------------------------------------------------------- */

static double seconds_between(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/* Milliseconds from now until deadline (CLOCK_MONOTONIC seconds), rounded up, 0 when past. */
static int ms_until(double deadline)
{
    double left = (deadline - clock_monotonic_s()) * 1e3;
    if (left <= 0)
        return 0;
    if (left >= (double)INT_MAX)
        return INT_MAX;
    int ms = (int)left;
    return (double)ms < left ? ms + 1 : ms;
}

/* ---- the memory timeline --------------------------------------------------------------- */

/* Starts the timeline of the child pgid (its group) now, with a first reading, when the spec
 * asks for one. */
static void rss_begin(struct run_io *io, const struct run_spec *spec, pid_t pgid)
{
    if (spec->rss_interval_s <= 0)
        return;
    io->rss_group = (struct rss_tree){.pgid = pgid, .source = RSS_SOURCE_STATM};
    io->rss_interval_s = spec->rss_interval_s;
    io->rss.interval_s = spec->rss_interval_s;
    io->rss_start_s = clock_monotonic_s();
    io->rss_next_s = io->rss_start_s;
}

/* Takes a reading if one is due (a full one every RSS_FULL_SCAN_S, rss_tree.h), and sets when
 * the next one is: one interval later, or later still when this quick reading cost more than
 * PROCESS_RSS_MAX_SHARE of the interval. */
static void rss_tick(struct run_io *io)
{
    if (io->rss_next_s <= 0)
        return;
    double now = clock_monotonic_s();
    if (now < io->rss_next_s)
        return;
    bool full = now >= io->rss_full_s;
    int64_t bytes = rss_tree_read(&io->rss_group, full);
    double after = clock_monotonic_s();
    if (full)
        io->rss_full_s = after + RSS_FULL_SCAN_S;
    /* No live member: the program has exited and waits to be reaped; no reading. */
    if (bytes >= 0 && io->rss_group.members > 0)
        rss_timeline_add(&io->rss, now - io->rss_start_s, bytes);
    /* A full reading's cost is spread over RSS_FULL_SCAN_S; a quick one's sets the pace. */
    double gap = full ? 0 : (after - now) / PROCESS_RSS_MAX_SHARE;
    if (gap < io->rss_interval_s)
        gap = io->rss_interval_s;
    io->rss_next_s += gap;
    if (io->rss_next_s < after) /* fell behind (a slow poll): no burst of catch-up readings */
        io->rss_next_s = after + gap;
}

/* The poll timeout (ms, -1: none) shortened to the next reading's. */
static int rss_timeout(const struct run_io *io, int timeout_ms)
{
    if (io->rss_next_s <= 0)
        return timeout_ms;
    int ms = ms_until(io->rss_next_s);
    return timeout_ms < 0 || ms < timeout_ms ? ms : timeout_ms;
}

/* ---- signals ----------------------------------------------------------------------------- */

/* The running child's pid, which is also its process group's id; 0 when none runs. */
static volatile sig_atomic_t running_child;

/* The helpers started beside the runs (servers, process_track_helper): pids, which are also
 * their process groups' ids; 0 in a free slot. */
#define MAX_HELPERS 16
static volatile sig_atomic_t helpers[MAX_HELPERS];

static const int fatal_signals[] = {SIGINT, SIGTERM, SIGHUP};
static volatile sig_atomic_t handled[3]; /* fatal_signals[i] has on_fatal_signal */
static volatile sig_atomic_t interruptible, interrupted;

/* SIGINT, SIGTERM, SIGHUP: kills the running child's group and every helper's; then, when
 * versus is interruptible and this is the first such signal, records it and returns (versus
 * stops launching and writes what it has: process_set_interruptible), with this handler again
 * on all three so that a second signal comes back here; else (a second signal, or versus not
 * interruptible) removes the named temporary of a write under way and ends versus by the
 * signal. Only async-signal-safe calls (signal-safety(7)). */
static void on_fatal_signal(int sig)
{
    int saved = errno;
    pid_t pid = (pid_t)running_child;
    if (pid > 0) {
        (void)kill(-pid, SIGKILL);
        (void)kill(pid, SIGKILL);
    }
    for (int i = 0; i < MAX_HELPERS; i++) {
        pid_t h = (pid_t)helpers[i];
        if (h > 0) {
            (void)kill(-h, SIGKILL);
            (void)kill(h, SIGKILL);
        }
    }
    if (interruptible && !interrupted) {
        interrupted = sig;
        /* Once more for the next signal (SA_RESETHAND made this one's action the default): it
         * takes the path below, which ends versus at once. */
        for (size_t i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++) {
            if (handled[i]) {
                struct sigaction again = {.sa_handler = on_fatal_signal, .sa_flags = SA_RESETHAND};
                sigemptyset(&again.sa_mask);
                (void)sigaction(fatal_signals[i], &again, NULL);
            }
        }
        static const char msg[] = "versus: interrupted: stopping, writing what was measured "
                                  "(a second signal ends versus at once)\n";
        (void)!write(STDERR_FILENO, msg, sizeof msg - 1);
        errno = saved;
        return;
    }
    /* A result being written is abandoned: its named temporary goes (util/fsutil.h). */
    fsutil_unlink_pending_temp();
    /* SA_RESETHAND made the action the default again: once we return, the signal ends us. */
    (void)raise(sig);
    errno = saved;
}

/* Installs on_fatal_signal for SIGINT, SIGTERM and SIGHUP where their action is the default
 * (once; an ignored signal or a handler of main's own is left alone). */
static void install_signal_handlers(void)
{
    static bool installed;
    if (installed)
        return;
    installed = true;
    for (size_t i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++) {
        struct sigaction old;
        if (sigaction(fatal_signals[i], NULL, &old) != 0 || (old.sa_flags & SA_SIGINFO) != 0 ||
            old.sa_handler != SIG_DFL)
            continue;
        struct sigaction sa = {.sa_handler = on_fatal_signal, .sa_flags = SA_RESETHAND};
        sigemptyset(&sa.sa_mask);
        handled[i] = sigaction(fatal_signals[i], &sa, NULL) == 0;
    }
}

void process_set_interruptible(bool on)
{
    install_signal_handlers();
    interruptible = on;
}

int process_interrupted(void)
{
    return (int)interrupted;
}

int process_track_helper(pid_t pid)
{
    install_signal_handlers();
    for (int i = 0; i < MAX_HELPERS; i++) {
        if (helpers[i] == 0) {
            helpers[i] = pid;
            return 0;
        }
    }
    return -1;
}

void process_untrack_helper(pid_t pid)
{
    for (int i = 0; i < MAX_HELPERS; i++) {
        if (helpers[i] == pid)
            helpers[i] = 0;
    }
}

/* ---- watching a run ---------------------------------------------------------------------- */

/* Polls the open pipes (and, when watch_fd >= 0, watch_fd: the pidfd or the spawner's socket)
 * until something is ready or timeout_ms (-1: no limit) passes, and reads what is ready.
 * Returns 1 when watch_fd is readable (the child has exited, or the spawner replied), 0
 * otherwise, -1 when poll failed (errno set). */
static int pump(struct run_io *io, int watch_fd, int timeout_ms)
{
    struct pollfd pfd[N_OUTPUTS + 1];
    for (int k = 0; k < N_OUTPUTS; k++)
        pfd[k] = (struct pollfd){.fd = io->rd[k], .events = POLLIN};
    pfd[N_OUTPUTS] = (struct pollfd){.fd = watch_fd, .events = POLLIN};
    int ready = poll(pfd, N_OUTPUTS + 1, timeout_ms);
    if (ready < 0)
        return errno == EINTR ? 0 : -1;
    for (int k = 0; k < N_OUTPUTS; k++) {
        if (pfd[k].fd >= 0 && (pfd[k].revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)) != 0)
            io_read(io, k);
    }
    return watch_fd >= 0 && (pfd[N_OUTPUTS].revents & (POLLIN | POLLHUP | POLLERR)) != 0;
}

static bool any_open(const struct run_io *io)
{
    for (int k = 0; k < N_OUTPUTS; k++) {
        if (io->rd[k] >= 0)
            return true;
    }
    return false;
}

/* After the child is reaped: kills what is left of its group (when pid > 0; the spawner does
 * that itself), then reads the pipes to EOF, for at most DRAIN_LIMIT_MS (a descendant that left
 * the group may hold them open forever). */
static void drain(struct run_io *io, pid_t pid)
{
    /* ESRCH (nothing left) is the usual answer; on EPERM (a set-uid descendant) nothing more
     * can be done, and the drain limit still holds. */
    if (pid > 0)
        (void)kill(-pid, SIGKILL);
    double deadline = clock_monotonic_s() + DRAIN_LIMIT_MS / 1e3;
    while (any_open(io)) {
        int ms = ms_until(deadline);
        if (ms == 0 || pump(io, -1, ms) < 0)
            break;
    }
}

/* Moves the results of a reaped run into out (all but wall_s, timed_out and the counters):
 * status is the wait status, ru the child's rusage from wait4. */
static void fill_outcome(struct run_io *io, int status, const struct rusage *ru,
                         struct run_outcome *out)
{
    out->user_s = (double)ru->ru_utime.tv_sec + (double)ru->ru_utime.tv_usec / 1e6;
    out->sys_s = (double)ru->ru_stime.tv_sec + (double)ru->ru_stime.tv_usec / 1e6;
    out->max_rss_bytes = (int64_t)ru->ru_maxrss * 1024; /* Linux reports KiB */
    out->minflt = ru->ru_minflt;
    out->majflt = ru->ru_majflt;
    out->nvcsw = ru->ru_nvcsw;
    out->nivcsw = ru->ru_nivcsw;
    out->inblock = ru->ru_inblock;
    out->oublock = ru->ru_oublock;
    if (WIFEXITED(status)) {
        out->exit_code = WEXITSTATUS(status);
        out->signal = 0;
    } else {
        out->exit_code = -1;
        out->signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    }
    out->stdout_digest = digest_value(io->digest);
    out->stdout_bytes = io->stdout_bytes;
    out->stdout_head = io->head.data;
    out->stdout_head_len = io->head.len;
    io->head.data = NULL;
    out->stderr_tail_len = ring_copy(io->tail, io->tail_text);
    out->stderr_tail = io->tail_text;
    io->tail_text = NULL;
    out->metrics = io->metrics.data;
    out->metrics_len = io->metrics.len;
    io->metrics.data = NULL;
    rss_timeline_move(&out->rss, &io->rss);
}

/* Sets err for a child that could not be started (error: an errno value). Returns -1. */
static int start_failed(const struct run_spec *spec, int error, struct verr *err)
{
    if (spec->cwd != NULL)
        return verr_set(err, "cannot start %s in %s: %s", spec->argv[0], spec->cwd,
                        strerror(error));
    return verr_set(err, "cannot start %s: %s", spec->argv[0], strerror(error));
}

/* ---- through the spawner ----------------------------------------------------------------- */

/* Runs spec through versus-spawner with io prepared. Returns 0 with out filled, or -1 with err. */
static int run_spawned(const struct run_spec *spec, struct run_io *io, struct run_outcome *out,
                       struct verr *err)
{
    const char *exe = spec->argv[0];
    if (spawner_ensure(err) != 0)
        return verr_prefix(err, "cannot start %s", exe);
    int fds[SPAWNER_FIXED_FDS + 1] = {io->devnull, io->wr[OUT_STDOUT], io->wr[OUT_STDERR],
                                      io->cwd_fd, io->wr[OUT_METRICS]};
    unsigned n_fds = spec->want_metrics ? SPAWNER_FIXED_FDS + 1 : SPAWNER_FIXED_FDS;
    struct spawner_counter counters[SPAWNER_MAX_COUNTERS];
    size_t n_counters =
        spec->n_counters < SPAWNER_MAX_COUNTERS ? spec->n_counters : SPAWNER_MAX_COUNTERS;
    for (size_t i = 0; i < n_counters; i++)
        counters[i] = (struct spawner_counter){.type = spec->counters[i].type,
                                               .config = spec->counters[i].config,
                                               .exclude_kernel = spec->counters[i].exclude_kernel};
    uint32_t flags = spec->no_aslr ? SPAWNER_RUN_NO_ASLR : 0;
    if (spawner_send_run(fds, n_fds, spec->argv, io->envp, counters, (uint32_t)n_counters, flags,
                         err) != 0)
        return verr_prefix(err, "cannot start %s", exe);
    /* The spawner holds its own copies now (made when the request was sent). */
    for (int k = 0; k < N_OUTPUTS; k++)
        close_fd(&io->wr[k]);
    close_fd(&io->devnull);
    close_fd(&io->cwd_fd);

    struct spawner_reply r;
    if (spawner_read_reply(&r, err) != 0)
        return verr_prefix(err, "cannot start %s", exe);
    if (r.kind == SPAWNER_FAILED || r.kind == SPAWNER_REJECTED)
        return start_failed(spec, r.error, err);
    if (r.kind != SPAWNER_STARTED || r.pid <= 0) {
        spawner_stop();
        return verr_set(err, "cannot start %s: versus-spawner replied out of turn (stopped)", exe);
    }
    pid_t pid = r.pid;
    running_child = pid;
    /* From now, when the program runs: a run killed on time took at least timeout_s. */
    double deadline = spec->timeout_s > 0 ? clock_monotonic_s() + spec->timeout_s : 0;
    rss_begin(io, spec, pid);
    bool killed = false;
    for (;;) {
        int timeout_ms = -1;
        if (deadline > 0 && !killed) {
            timeout_ms = ms_until(deadline);
            if (timeout_ms == 0) {
                /* When this cannot be sent the spawner is gone, and the read below says so. */
                (void)spawner_send_kill();
                killed = true;
                continue;
            }
        }
        rss_tick(io);
        int ready = pump(io, spawner_socket(), rss_timeout(io, timeout_ms));
        if (ready < 0) {
            int e = errno;
            running_child = 0;
            spawner_stop(); /* it kills the child's group on EOF */
            drain(io, pid);
            return verr_set(err, "cannot watch %s: poll: %s", exe, strerror(e));
        }
        if (ready)
            break;
    }
    int rc = spawner_read_reply(&r, err);
    running_child = 0;
    if (rc != 0) {
        /* The child died with the spawner (PR_SET_PDEATHSIG); its group may not have. */
        drain(io, pid);
        return verr_prefix(err, "cannot measure %s", exe);
    }
    if (r.kind != SPAWNER_DONE || r.pid != pid) {
        spawner_stop();
        drain(io, pid);
        return verr_set(err, "cannot measure %s: versus-spawner replied out of turn (stopped)",
                        exe);
    }
    drain(io, 0); /* the spawner killed what was left of the group */
    struct rusage ru = {
        .ru_utime = {.tv_sec = r.user_us / 1000000, .tv_usec = r.user_us % 1000000},
        .ru_stime = {.tv_sec = r.sys_us / 1000000, .tv_usec = r.sys_us % 1000000},
        .ru_maxrss = r.maxrss_kib,
        .ru_minflt = r.minflt,
        .ru_majflt = r.majflt,
        .ru_nvcsw = r.nvcsw,
        .ru_nivcsw = r.nivcsw,
        .ru_inblock = r.inblock,
        .ru_oublock = r.oublock,
    };
    fill_outcome(io, r.status, &ru, out);
    for (size_t i = 0; i < spec->n_counters; i++)
        out->counts[i] = (struct run_count){.error = r.counts[i].error,
                                            .value = r.counts[i].value,
                                            .enabled_ns = r.counts[i].enabled_ns,
                                            .running_ns = r.counts[i].running_ns};
    out->wall_s = (double)r.wall_ns / 1e9;
    /* A child that exited by itself just before the kill landed did not time out. */
    out->timed_out = killed && WIFSIGNALED(r.status) && WTERMSIG(r.status) == SIGKILL;
    return 0;
}

/* ---- direct spawn (VERSUS_DIRECT_SPAWN=1) ------------------------------------------------ */

/* Starts the child (the caller reads the clock just before). Returns 0, or an errno value. */
static int spawn_child(const struct run_spec *spec, struct run_io *io, pid_t *pid)
{
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    int rc = posix_spawn_file_actions_init(&fa);
    if (rc != 0)
        return rc;
    rc = posix_spawnattr_init(&attr);
    if (rc != 0) {
        posix_spawn_file_actions_destroy(&fa);
        return rc;
    }
    if (spec->cwd != NULL)
        rc = posix_spawn_file_actions_addchdir_np(&fa, spec->cwd);
    if (rc == 0)
        rc = posix_spawn_file_actions_adddup2(&fa, io->devnull, 0);
    if (rc == 0)
        rc = posix_spawn_file_actions_adddup2(&fa, io->wr[OUT_STDOUT], 1);
    if (rc == 0)
        rc = posix_spawn_file_actions_adddup2(&fa, io->wr[OUT_STDERR], 2);
    if (rc == 0 && spec->want_metrics)
        rc = posix_spawn_file_actions_adddup2(&fa, io->wr[OUT_METRICS], METRICS_FD);
    /* Nothing else the harness holds open (even without close-on-exec) reaches the child. */
    if (rc == 0)
        rc = posix_spawn_file_actions_addclosefrom_np(&fa, spec->want_metrics ? METRICS_FD + 1
                                                                              : METRICS_FD);
    if (rc == 0)
        rc = spawner_child_attributes(&attr);
    if (rc == 0)
        rc = posix_spawn(pid, spec->argv[0], &fa, &attr, spec->argv, io->envp);
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&fa);
    return rc;
}

/* Waits for pid (which must be ours) and takes its status and rusage. Returns 0, or -1 with
 * errno set. */
static int reap(pid_t pid, int *status, struct rusage *ru)
{
    for (;;) {
        pid_t got = wait4(pid, status, 0, ru);
        if (got == pid)
            return 0;
        if (got < 0 && errno != EINTR)
            return -1;
    }
}

/* Kills pid's process group and pid itself (which may have left the group). pid must not have
 * been reaped yet. */
static void kill_all(pid_t pid)
{
    kill(-pid, SIGKILL);
    kill(pid, SIGKILL);
}

/* Runs spec with posix_spawn from this process, with io prepared. Returns 0 with out filled,
 * or -1 with err. */
static int run_direct(const struct run_spec *spec, struct run_io *io, struct run_outcome *out,
                      struct verr *err)
{
    const char *exe = spec->argv[0];
    struct timespec start;
    struct timespec end;
    pid_t pid = 0;
    /* posix_spawn's child inherits this process's persona: set it for the spawn only. */
    int persona = spec->no_aslr ? personality(0xffffffff) : -1;
    if (persona != -1 && personality((unsigned long)persona | ADDR_NO_RANDOMIZE) == -1)
        return start_failed(spec, errno, err);
    clock_gettime(CLOCK_MONOTONIC, &start);
    int rc = spawn_child(spec, io, &pid);
    if (persona != -1)
        (void)personality((unsigned long)persona);
    double deadline = 0;
    if (spec->timeout_s > 0)
        deadline = (double)start.tv_sec + (double)start.tv_nsec / 1e9 + spec->timeout_s;
    if (rc != 0)
        return start_failed(spec, rc, err);
    running_child = pid;
    for (int k = 0; k < N_OUTPUTS; k++)
        close_fd(&io->wr[k]);

    int status = 0;
    struct rusage ru = {0};
    io->pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (io->pidfd < 0) {
        int e = errno;
        kill_all(pid);
        reap(pid, &status, &ru);
        running_child = 0;
        drain(io, pid);
        return verr_set(err, "cannot watch %s: pidfd_open: %s (Linux 5.3 or later is needed)", exe,
                        strerror(e));
    }

    rss_begin(io, spec, pid);
    bool killed = false;
    for (;;) {
        int timeout_ms = -1;
        if (deadline > 0) {
            timeout_ms = ms_until(deadline);
            if (timeout_ms == 0) {
                kill_all(pid);
                killed = true;
                break;
            }
        }
        rss_tick(io);
        int exited = pump(io, io->pidfd, rss_timeout(io, timeout_ms));
        if (exited < 0) {
            int e = errno;
            kill_all(pid);
            reap(pid, &status, &ru);
            running_child = 0;
            drain(io, pid);
            return verr_set(err, "cannot watch %s: poll: %s", exe, strerror(e));
        }
        if (exited)
            break;
    }
    rc = reap(pid, &status, &ru);
    running_child = 0;
    if (rc != 0) /* ECHILD: someone else reaped it (SIGCHLD ignored?) */
        return verr_set(err, "cannot wait for %s: %s", exe, strerror(errno));
    clock_gettime(CLOCK_MONOTONIC, &end);
    drain(io, pid);
    fill_outcome(io, status, &ru, out);
    /* Counters are opened by versus-spawner between fork and execve; posix_spawn leaves no
     * such moment. */
    for (size_t i = 0; i < spec->n_counters; i++)
        out->counts[i] = (struct run_count){.error = ENOTSUP};
    out->wall_s = seconds_between(&start, &end);
    /* A child that exited by itself just before the kill landed did not time out. */
    out->timed_out = killed && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
    return 0;
}

/* ---- the entry points -------------------------------------------------------------------- */

bool process_direct_spawn(void)
{
    const char *v = getenv("VERSUS_DIRECT_SPAWN");
    return v != NULL && strcmp(v, "1") == 0;
}

int process_run(const struct run_spec *spec, struct run_outcome *out, struct verr *err)
{
    *out = (struct run_outcome){.exit_code = -1};
    if (spec == NULL || spec->argv == NULL || spec->argv[0] == NULL)
        return verr_set(err, "cannot start a program: empty command");
    const char *exe = spec->argv[0];
    if (exe[0] != '/')
        return verr_set(err, "cannot start %s: not an absolute path", exe);
    install_signal_handlers();

    bool direct = process_direct_spawn();
    struct run_io io;
    io_init(&io);
    int rc = io_prepare(&io, spec, direct, err);
    if (rc == 0)
        rc = direct ? run_direct(spec, &io, out, err) : run_spawned(spec, &io, out, err);
    io_free(&io);
    return rc;
}

int64_t process_rss_floor_bytes(void)
{
    if (process_direct_spawn())
        return vm_hwm_bytes(0);
    if (spawner_ensure(NULL) != 0)
        return -1;
    return spawner_probe_floor(NULL);
}

void process_shutdown(void)
{
    spawner_stop();
}

void run_outcome_clear(struct run_outcome *out)
{
    if (out == NULL)
        return;
    free(out->stdout_head);
    free(out->stderr_tail);
    free(out->metrics);
    rss_timeline_clear(&out->rss);
    *out = (struct run_outcome){0};
}

bool run_outcome_exited_ok(const struct run_outcome *out, const int *ok_codes, size_t n_ok)
{
    if (out->timed_out || out->signal != 0 || out->exit_code < 0)
        return false;
    for (size_t i = 0; i < n_ok; i++) {
        if (ok_codes[i] == out->exit_code)
            return true;
    }
    return false;
}

/* ---- finding programs ------------------------------------------------------------------- */

/* Returns a malloc'd absolute form of path: relative paths are joined to the working directory,
 * then "." and empty components are dropped ("..", and symbolic links, are kept as they are).
 * Returns NULL with errno set on failure. */
static char *absolute_path(const char *path)
{
    char *cwd = NULL;
    if (path[0] != '/') {
        cwd = getcwd(NULL, 0);
        if (cwd == NULL)
            return NULL;
    }
    size_t cap = (cwd != NULL ? strlen(cwd) : 0) + strlen(path) + 3;
    char *joined = malloc(cap);
    char *clean = malloc(cap);
    if (joined == NULL || clean == NULL) {
        free(cwd);
        free(joined);
        free(clean);
        errno = ENOMEM;
        return NULL;
    }
    snprintf(joined, cap, "%s/%s", cwd != NULL ? cwd : "", path);
    free(cwd);
    size_t len = 0;
    char *save = NULL;
    for (char *part = strtok_r(joined, "/", &save); part != NULL;
         part = strtok_r(NULL, "/", &save)) {
        if (strcmp(part, ".") == 0)
            continue;
        size_t n = strlen(part);
        clean[len++] = '/';
        memcpy(clean + len, part, n);
        len += n;
    }
    if (len == 0)
        clean[len++] = '/';
    clean[len] = '\0';
    free(joined);
    return clean;
}

/* Returns 0 when path is an executable regular file, else -1 with errno set (EACCES for a file
 * without execute permission or that is not a regular file). */
static int check_executable(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return -1;
    if (!S_ISREG(st.st_mode)) {
        errno = S_ISDIR(st.st_mode) ? EISDIR : EACCES;
        return -1;
    }
    return access(path, X_OK);
}

char *process_resolve_exe(const char *name, struct verr *err)
{
    if (name == NULL || name[0] == '\0') {
        verr_set(err, "empty program name");
        return NULL;
    }
    if (strchr(name, '/') != NULL) {
        if (check_executable(name) != 0) {
            verr_set(err, "cannot run '%s': %s", name,
                     errno == EACCES ? "not an executable file" : strerror(errno));
            return NULL;
        }
        char *abs = absolute_path(name);
        if (abs == NULL)
            verr_set(err, "cannot run '%s': %s", name, strerror(errno));
        return abs;
    }
    const char *path = getenv("PATH");
    if (path == NULL)
        path = "/bin:/usr/bin"; /* what execvp uses without PATH */
    size_t name_len = strlen(name);
    for (const char *dir = path;; dir++) {
        size_t dir_len = strcspn(dir, ":");
        char *candidate = malloc(dir_len + name_len + 3);
        if (candidate == NULL) {
            verr_set(err, "cannot look for '%s': out of memory", name);
            return NULL;
        }
        if (dir_len == 0) /* an empty PATH entry means the working directory */
            snprintf(candidate, dir_len + name_len + 3, "./%s", name);
        else
            snprintf(candidate, dir_len + name_len + 3, "%.*s/%s", (int)dir_len, dir, name);
        if (check_executable(candidate) == 0) {
            char *abs = absolute_path(candidate);
            free(candidate);
            if (abs == NULL)
                verr_set(err, "cannot run '%s': %s", name, strerror(errno));
            return abs;
        }
        free(candidate);
        dir += dir_len;
        if (*dir == '\0')
            break;
    }
    verr_set(err, "'%s' not found in PATH", name);
    return NULL;
}

int process_capture(char *const *argv, const char *cwd, size_t max_out, char **out, char **err_text,
                    struct verr *err)
{
    if (out != NULL)
        *out = NULL;
    if (err_text != NULL)
        *err_text = NULL;
    if (argv == NULL || argv[0] == NULL)
        return verr_set(err, "cannot start a program: empty command");
    char *exe = process_resolve_exe(argv[0], err);
    if (exe == NULL)
        return -1;
    size_t n = 0;
    while (argv[n] != NULL)
        n++;
    char **args = malloc((n + 1) * sizeof *args);
    if (args == NULL) {
        free(exe);
        return verr_set(err, "cannot start %s: out of memory", argv[0]);
    }
    args[0] = exe;
    for (size_t i = 1; i <= n; i++)
        args[i] = argv[i];
    struct run_spec spec = {
        .argv = args,
        .envp = NULL,
        .cwd = cwd,
        .timeout_s = 0,
        .keep_stdout_bytes = out != NULL ? max_out : 0,
        .want_metrics = false,
    };
    struct run_outcome o;
    int rc = process_run(&spec, &o, err);
    free(args);
    free(exe);
    if (rc != 0)
        return -1;
    int code = o.signal != 0 ? 128 + o.signal : o.exit_code;
    if (out != NULL) {
        *out = o.stdout_head;
        o.stdout_head = NULL;
    }
    if (err_text != NULL) {
        *err_text = o.stderr_tail;
        o.stderr_tail = NULL;
    }
    run_outcome_clear(&o);
    return code;
}
