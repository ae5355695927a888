/*
 * versus_spawner.c - versus-spawner: the tiny process that forks and execs every measured
 * program, so that the program's peak RSS does not start at versus's.
 *
 * On Linux a new process's ru_maxrss starts at the resident size of the process it was forked
 * from: execve records the old memory map's high-water mark (fs/exec.c, exec_mmap ->
 * setmax_mm_hiwater_rss); with vfork/posix_spawn that map is the parent's own, with fork it
 * starts with the parent's anonymous pages. versus holds several MiB (more after loading a
 * large result); this program, linked statically and without stdio, holds a few hundred KiB,
 * so that is the floor of every figure.
 *
 * It is started by harness/measure/process.c with its end of a socket as descriptor
 * SPAWNER_SOCKET_FD, and serves one request at a time (spawner_protocol.h): fork; in the child
 * setpgid, the persona asked for (SPAWNER_RUN_NO_ASLR: personality(2) ADDR_NO_RANDOMIZE), fchdir,
 * dup2 the descriptors, execve; wait4 for it while watching the socket for KILL or
 * EOF; reply with the status, the rusage and the wall time. When the request names perf events,
 * they are opened before the clock starts and read after it stops (spawner_protocol.h says how,
 * and why not perf stat's way). It exits 0 when the socket reaches EOF (versus exited), after
 * killing and reaping a child still running; exit 2 with one line on stderr when it is not
 * started by versus or the socket fails.
 */
#define _GNU_SOURCE /* close_range, pipe2, MSG_CMSG_CLOEXEC */

#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <poll.h>
#include <signal.h>
#include <stdalign.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "spawner_io.h"
#include "spawner_protocol.h"

enum {
    SOCK = SPAWNER_SOCKET_FD,
    MAX_FDS = SPAWNER_FIXED_FDS + SPAWNER_MAX_EXTRA_FDS,
    CWD_INDEX = 3, /* the working directory among a RUN's descriptors */
    HIGH_FD = 16,  /* received descriptors are moved at or above this, out of the dup2 targets */
    PAGE = 4096,
};

/* The request being served. Static: they are not resident until a request touches them, and
 * their pages are given back after each run (release_buffers), so that a large request does
 * not raise the floor of later ones. */
static alignas(PAGE) char payload[SPAWNER_MAX_PAYLOAD];
static alignas(PAGE) char *strings[SPAWNER_MAX_STRINGS + 2]; /* argv, NULL, envp, NULL */

/* ---- I/O ------------------------------------------------------------------------------- */

/* Writes a fixed message to stderr (no stdio: it would cost buffers) and exits 2. */
static void die(const char *msg)
{
    static const char prefix[] = "versus-spawner: ";
    (void)!write(2, prefix, sizeof prefix - 1);
    (void)!write(2, msg, strlen(msg));
    (void)!write(2, "\n", 1);
    _exit(2);
}

/* Sends one reply. A failure means versus is gone: the next read of the socket sees EOF. */
static void send_reply(const struct spawner_reply *r)
{
    (void)spawner_move_all(SOCK, (void *)r, sizeof *r, true);
}

/* Sends a reply that carries no figures. */
static void reply(uint32_t kind, pid_t pid, int error)
{
    struct spawner_reply r = {.magic = SPAWNER_MAGIC, .kind = kind, .pid = pid, .error = error};
    send_reply(&r);
}

static void close_all(int *fds, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        close(fds[i]);
}

/* Reads one request header and the descriptors that came with it (close-on-exec, moved at or
 * above HIGH_FD). Returns 1 for a header; 0 when the socket ends (EOF or an error) before one;
 * -1 for a torn header, a wrong magic number or too many descriptors (none are then left
 * open). */
static int read_request(struct spawner_request *req, int *fds, unsigned *n_fds)
{
    size_t got = 0;
    bool bad = false;
    *n_fds = 0;
    while (got < sizeof *req) {
        union {
            struct cmsghdr align;
            char buf[CMSG_SPACE(sizeof(int) * MAX_FDS)];
        } ctl;
        struct iovec iov = {.iov_base = (char *)req + got, .iov_len = sizeof *req - got};
        struct msghdr msg = {
            .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf, .msg_controllen = sizeof ctl};
        ssize_t n = recvmsg(SOCK, &msg, MSG_CMSG_CLOEXEC);
        if (n < 0 && errno == EINTR)
            continue;
        for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); n >= 0 && c != NULL;
             c = CMSG_NXTHDR(&msg, c)) {
            if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
                continue;
            size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
            for (size_t i = 0; i < count; i++) {
                int fd;
                memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof fd);
                if (*n_fds < MAX_FDS)
                    fds[(*n_fds)++] = fd;
                else {
                    close(fd);
                    bad = true;
                }
            }
        }
        if (n > 0 && (msg.msg_flags & MSG_CTRUNC) != 0)
            bad = true;
        if (n <= 0) {
            /* EOF, or ECONNRESET (versus exited with a reply unread): versus is gone. */
            close_all(fds, *n_fds);
            *n_fds = 0;
            return got == 0 ? 0 : -1;
        }
        got += (size_t)n;
    }
    if (bad || req->magic != SPAWNER_MAGIC) {
        close_all(fds, *n_fds);
        *n_fds = 0;
        return -1;
    }
    for (unsigned i = 0; i < *n_fds; i++) {
        if (fds[i] < HIGH_FD) {
            int high = fcntl(fds[i], F_DUPFD_CLOEXEC, HIGH_FD);
            if (high < 0) {
                close_all(fds, *n_fds);
                *n_fds = 0;
                return -1;
            }
            close(fds[i]);
            fds[i] = high;
        }
    }
    return 1;
}

/* Reads and drops n bytes (the payload of a rejected request). Returns 0, or -1 at EOF. */
static int skip(size_t n)
{
    while (n > 0) {
        size_t take = n < sizeof payload ? n : sizeof payload;
        if (spawner_move_all(SOCK, payload, take, false) != 0)
            return -1;
        n -= take;
    }
    return 0;
}

/* Splits the payload into strings[]: argc strings, NULL, envc strings, NULL. Returns 0, or -1
 * when the payload does not hold exactly argc + envc NUL-terminated strings. */
static int split_payload(const struct spawner_request *req)
{
    size_t want = (size_t)req->argc + req->envc;
    size_t k = 0;
    size_t start = 0;
    for (size_t i = 0; i < req->payload_len; i++) {
        if (payload[i] != '\0')
            continue;
        if (k == want)
            return -1;
        strings[k < req->argc ? k : k + 1] = payload + start;
        k++;
        start = i + 1;
    }
    if (k != want || start != req->payload_len)
        return -1;
    strings[req->argc] = NULL;
    strings[want + 1] = NULL;
    return 0;
}

/* Gives the pages of the request buffers back to the kernel (they read as zeros next time). */
static void release_buffers(size_t payload_len, size_t n_strings)
{
    size_t bytes = (payload_len + PAGE - 1) / PAGE * PAGE;
    if (bytes > 0)
        (void)madvise(payload, bytes, MADV_DONTNEED);
    bytes = ((n_strings + 2) * sizeof strings[0] + PAGE - 1) / PAGE * PAGE;
    (void)madvise(strings, bytes, MADV_DONTNEED);
}

/* ---- one run ---------------------------------------------------------------------------- */

/* In the forked child: becomes the program or _exits, sending errno down err_fd on failure.
 * Signal dispositions and the mask are already the defaults (main sets them once). */
static void exec_child(const struct spawner_request *req, const int *fds, unsigned n_fds,
                       pid_t spawner, int err_fd)
{
    (void)setpgid(0, 0);
    /* Should the spawner die, the child dies too (versus then kills the rest of its group).
     * Checked again in case the spawner is gone already. */
    (void)prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != spawner)
        _exit(127);
    int e = 0;
    if ((req->flags & SPAWNER_RUN_NO_ASLR) != 0) {
        int persona = personality(0xffffffff); /* query: the current persona */
        if (persona == -1 || personality((unsigned long)persona | ADDR_NO_RANDOMIZE) == -1)
            e = errno;
    }
    if (e == 0 && fchdir(fds[CWD_INDEX]) != 0)
        e = errno;
    for (int t = 0; e == 0 && t < 3; t++) {
        if (dup2(fds[t], t) < 0)
            e = errno;
    }
    for (unsigned i = SPAWNER_FIXED_FDS; e == 0 && i < n_fds; i++) {
        if (dup2(fds[i], (int)(i - 1)) < 0)
            e = errno;
    }
    if (e == 0) {
        /* Everything above the targets is close-on-exec already; make sure of it (Linux 5.11;
         * on older kernels this fails harmlessly). err_fd must survive until execve. */
        (void)close_range(n_fds - 1, ~0U, CLOSE_RANGE_CLOEXEC);
        char **argv = strings;
        char **envp = strings + req->argc + 1;
        execve(argv[0], argv, envp);
        e = errno;
    }
    (void)!write(err_fd, &e, sizeof e);
    _exit(127);
}

static int64_t ns_between(const struct timespec *a, const struct timespec *b)
{
    return ((int64_t)b->tv_sec - (int64_t)a->tv_sec) * 1000000000 + (b->tv_nsec - a->tv_nsec);
}

static int64_t tv_us(const struct timeval *t)
{
    return (int64_t)t->tv_sec * 1000000 + t->tv_usec;
}

/* Sends DONE for pid: its status, the time from start to end, its CPU time and counts from ru,
 * maxrss_kib, and the readings of its perf counters (counts[0..n_counts-1]). */
static void reply_done(pid_t pid, int status, const struct timespec *start,
                       const struct timespec *end, const struct rusage *ru, int64_t maxrss_kib,
                       const struct spawner_count *counts, uint32_t n_counts)
{
    struct spawner_reply done = {
        .magic = SPAWNER_MAGIC,
        .kind = SPAWNER_DONE,
        .pid = pid,
        .status = status,
        .wall_ns = ns_between(start, end),
        .user_us = tv_us(&ru->ru_utime),
        .sys_us = tv_us(&ru->ru_stime),
        .maxrss_kib = maxrss_kib,
        .minflt = ru->ru_minflt,
        .majflt = ru->ru_majflt,
        .nvcsw = ru->ru_nvcsw,
        .nivcsw = ru->ru_nivcsw,
        .inblock = ru->ru_inblock,
        .oublock = ru->ru_oublock,
    };
    for (uint32_t i = 0; i < n_counts && i < SPAWNER_MAX_COUNTERS; i++)
        done.counts[i] = counts[i];
    send_reply(&done);
}

static void kill_group(pid_t pid)
{
    (void)kill(-pid, SIGKILL);
    (void)kill(pid, SIGKILL);
}

/* One read(2) of at most n bytes from fd (retried on EINTR), then closes fd. Returns what
 * read returned: a child's single message on a pipe arrives whole or not at all. */
static ssize_t read_and_close(int fd, void *buf, size_t n)
{
    ssize_t got;
    do
        got = read(fd, buf, n);
    while (got < 0 && errno == EINTR);
    close(fd);
    return got;
}

/* Waits for pid, which must be ours. */
static void reap(pid_t pid, int *status, struct rusage *ru)
{
    while (wait4(pid, status, 0, ru) < 0 && errno == EINTR)
        ;
}

/* Waits for the running child while watching the socket: KILL kills its group; EOF (versus is
 * gone) or anything else kills it, reaps it and exits. */
static void watch(pid_t pid, int pidfd)
{
    for (;;) {
        struct pollfd pfd[2] = {{.fd = pidfd, .events = POLLIN}, {.fd = SOCK, .events = POLLIN}};
        if (poll(pfd, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break; /* cannot watch: just wait */
        }
        if (pfd[0].revents != 0)
            return;
        if (pfd[1].revents == 0)
            continue;
        struct spawner_request req;
        int fds[MAX_FDS];
        unsigned n_fds = 0;
        int got = read_request(&req, fds, &n_fds);
        if (got == 1 && req.kind == SPAWNER_KILL) {
            kill_group(pid);
            continue;
        }
        close_all(fds, n_fds);
        kill_group(pid);
        int status;
        struct rusage ru;
        reap(pid, &status, &ru);
        if (got == 0)
            _exit(0);
        die("protocol error during a run (a request other than KILL)");
    }
}

/* ---- counters ------------------------------------------------------------------------------ */

/* Opens the request's events on the spawner itself (perf_event_open(2), called directly: glibc
 * has no wrapper), disabled, inherited by the child fork() makes, switched on in that child by
 * its execve (enable_on_exec), with the times enabled and running to scale by. The spawner never
 * execs, so its own copy never counts; read() of it gives the counts of every inherited copy
 * that has exited. fds[i] is -1 and counts[i].error set for an event that cannot be opened. */
static void open_counters(const struct spawner_request *req, int *fds, struct spawner_count *counts)
{
    for (uint32_t i = 0; i < req->n_counters; i++) {
        struct perf_event_attr a;
        memset(&a, 0, sizeof a);
        a.size = sizeof a;
        a.type = req->counters[i].type;
        a.config = req->counters[i].config;
        a.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
        a.disabled = 1;
        a.inherit = 1;
        a.enable_on_exec = 1;
        a.exclude_hv = 1;
        a.exclude_kernel = req->counters[i].exclude_kernel != 0;
        fds[i] = (int)syscall(SYS_perf_event_open, &a, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
        counts[i] = (struct spawner_count){.error = fds[i] < 0 ? errno : 0};
    }
}

/* Reads and closes the counters of a reaped child: each descriptor on its own. */
static void read_counters(uint32_t n, int *fds, struct spawner_count *counts)
{
    for (uint32_t i = 0; i < n; i++) {
        if (fds[i] < 0)
            continue;
        uint64_t v[3];
        ssize_t got;
        do
            got = read(fds[i], v, sizeof v);
        while (got < 0 && errno == EINTR);
        if (got == (ssize_t)sizeof v) {
            counts[i].value = v[0];
            counts[i].enabled_ns = v[1];
            counts[i].running_ns = v[2];
        } else {
            counts[i].error = got < 0 ? errno : EIO;
        }
        close(fds[i]);
        fds[i] = -1;
    }
}

static void close_counters(uint32_t n, int *fds)
{
    for (uint32_t i = 0; i < n; i++) {
        if (fds[i] >= 0)
            close(fds[i]);
        fds[i] = -1;
    }
}

/* Serves one RUN request whose payload is in place. The descriptors are closed here. */
static void run(const struct spawner_request *req, int *fds, unsigned n_fds)
{
    int err_pipe[2];
    if (pipe2(err_pipe, O_CLOEXEC) != 0) {
        int e = errno;
        close_all(fds, n_fds);
        reply(SPAWNER_FAILED, 0, e);
        return;
    }
    pid_t self = getpid();
    struct timespec start;
    struct timespec end;
    int counter_fds[SPAWNER_MAX_COUNTERS];
    struct spawner_count counts[SPAWNER_MAX_COUNTERS];
    /* Before the clock: the spawner's own events, disabled; the child's copies switch on at its
     * execve. */
    open_counters(req, counter_fds, counts);
    clock_gettime(CLOCK_MONOTONIC, &start);
    pid_t pid = fork();
    if (pid == 0) {
        close(err_pipe[0]);
        exec_child(req, fds, n_fds, self, err_pipe[1]);
    }
    int fork_errno = errno;
    close(err_pipe[1]);
    close_all(fds, n_fds);
    if (pid < 0) {
        close(err_pipe[0]);
        close_counters(req->n_counters, counter_fds);
        reply(SPAWNER_FAILED, 0, fork_errno);
        return;
    }
    (void)setpgid(pid, pid); /* also here, so that the group exists before versus may kill it */

    /* EOF: execve succeeded (the pipe is close-on-exec); an int: the child's errno. */
    int child_errno = 0;
    ssize_t n = read_and_close(err_pipe[0], &child_errno, sizeof child_errno);
    int status = 0;
    struct rusage ru = {0};
    if (n == (ssize_t)sizeof child_errno) {
        reap(pid, &status, &ru);
        close_counters(req->n_counters, counter_fds);
        reply(SPAWNER_FAILED, 0, child_errno);
        return;
    }

    int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (pidfd < 0) { /* Linux < 5.3: the child cannot be watched, so it is not run */
        int e = errno;
        kill_group(pid);
        reap(pid, &status, &ru);
        close_counters(req->n_counters, counter_fds);
        reply(SPAWNER_FAILED, 0, e);
        return;
    }
    reply(SPAWNER_STARTED, pid, 0);
    watch(pid, pidfd);
    reap(pid, &status, &ru);
    clock_gettime(CLOCK_MONOTONIC, &end);
    close(pidfd);
    /* Whatever is left of its group (ESRCH, nothing, is the usual answer). */
    (void)kill(-pid, SIGKILL);
    read_counters(req->n_counters, counter_fds, counts);

    reply_done(pid, status, &start, &end, &ru, ru.ru_maxrss, counts, req->n_counters);
}

/* In a child: its own resident size, in KiB, counted page by page (the Rss of
 * /proc/self/smaps_rollup; the kernel's own counters, which ru_maxrss reads, are per CPU and
 * approximate: for a process this small they often read 0). -1 when it cannot be read. */
static int64_t own_rss_kib(void)
{
    char buf[2048];
    if (spawner_read_text(AT_FDCWD, "/proc/self/smaps_rollup", buf, sizeof buf) < 0)
        return -1;
    const char *line = strstr(buf, "\nRss:");
    if (line == NULL)
        return -1;
    const char *p = line + strlen("\nRss:");
    while (*p == ' ')
        p++;
    int64_t kib = -1;
    for (; *p >= '0' && *p <= '9'; p++)
        kib = (kib < 0 ? 0 : kib * 10) + (*p - '0');
    return kib;
}

/* Serves PROBE: forks a child that measures its own resident size and exits, and replies DONE
 * with that size as maxrss_kib. fork() gives a child the spawner's pages that hold anonymous
 * memory (its code, mapped from its file, is not copied), and a program's execve records what
 * the child then holds as its first high-water mark: this is the floor under every child. */
static void probe(void)
{
    int rss_pipe[2];
    if (pipe2(rss_pipe, O_CLOEXEC) != 0) {
        reply(SPAWNER_FAILED, 0, errno);
        return;
    }
    struct timespec start;
    struct timespec end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    pid_t pid = fork();
    if (pid == 0) {
        int64_t kib = own_rss_kib();
        (void)!write(rss_pipe[1], &kib, sizeof kib);
        _exit(0);
    }
    int fork_errno = errno;
    close(rss_pipe[1]);
    if (pid < 0) {
        close(rss_pipe[0]);
        reply(SPAWNER_FAILED, 0, fork_errno);
        return;
    }
    int64_t kib = -1;
    ssize_t n = read_and_close(rss_pipe[0], &kib, sizeof kib);
    int status = 0;
    struct rusage ru = {0};
    reap(pid, &status, &ru);
    clock_gettime(CLOCK_MONOTONIC, &end);
    if (n != (ssize_t)sizeof kib || kib < 0) {
        reply(SPAWNER_FAILED, 0, ENOSYS); /* no /proc/self/smaps_rollup (Linux < 4.14) */
        return;
    }
    reply_done(pid, status, &start, &end, &ru, kib, NULL, 0);
}

/* Serves the request whose header was just read. */
static void serve(const struct spawner_request *req, int *fds, unsigned n_fds)
{
    if (req->kind == SPAWNER_KILL || req->kind == SPAWNER_PROBE) {
        close_all(fds, n_fds);
        if (req->kind == SPAWNER_PROBE)
            probe();
        return; /* a KILL whose run already ended */
    }
    int bad = 0;
    if (req->kind != SPAWNER_RUN || n_fds != req->n_fds || n_fds < SPAWNER_FIXED_FDS ||
        req->argc < 1 || req->argc > SPAWNER_MAX_STRINGS ||
        req->envc > SPAWNER_MAX_STRINGS - req->argc)
        bad = EBADMSG;
    else if (req->n_counters > SPAWNER_MAX_COUNTERS)
        bad = EBADMSG;
    else if (req->payload_len > sizeof payload)
        bad = E2BIG;
    if (bad != 0) {
        close_all(fds, n_fds);
        if (req->kind == SPAWNER_RUN && skip(req->payload_len) != 0)
            _exit(0);
        reply(SPAWNER_REJECTED, 0, bad);
        return;
    }
    if (spawner_move_all(SOCK, payload, req->payload_len, false) != 0) {
        close_all(fds, n_fds);
        _exit(0);
    }
    if (split_payload(req) != 0) {
        close_all(fds, n_fds);
        reply(SPAWNER_REJECTED, 0, EBADMSG);
    } else {
        run(req, fds, n_fds);
    }
    release_buffers(req->payload_len, (size_t)req->argc + req->envc);
}

int main(void)
{
    /* Default dispositions and an empty mask, inherited by every child (and so reset for it). */
    struct sigaction dfl = {.sa_handler = SIG_DFL};
    sigemptyset(&dfl.sa_mask);
    for (int sig = 1; sig < NSIG; sig++) {
        if (sig != SIGKILL && sig != SIGSTOP)
            (void)sigaction(sig, &dfl, NULL);
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);

    int type = 0;
    socklen_t len = sizeof type;
    if (getsockopt(SOCK, SOL_SOCKET, SO_TYPE, &type, &len) != 0 || type != SOCK_STREAM)
        die("a helper of versus, not to be run by hand (descriptor 3 must be its socket)");
    reply(SPAWNER_READY, getpid(), 0);
    for (;;) {
        struct spawner_request req;
        int fds[MAX_FDS];
        unsigned n_fds = 0;
        int got = read_request(&req, fds, &n_fds);
        if (got == 0)
            return 0;
        if (got < 0)
            die("protocol error (a torn or unknown request)");
        serve(&req, fds, n_fds);
    }
}
