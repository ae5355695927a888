/*
 * spawner_client.c - versus's side of versus-spawner (see spawner_client.h).
 *
 * The spawner is started with posix_spawn, in a process group of its own (so that a terminal's
 * ^C reaches versus, whose exit then closes the socket, and not the spawner directly), with
 * /dev/null as stdin and stdout, versus's stderr, an empty environment, and its end of a
 * socketpair as descriptor SPAWNER_SOCKET_FD. It says READY, then serves runs until the socket
 * closes. Its pid and our socket end are kept in one static record, tagged with our own pid so
 * that a forked copy of versus never talks to its parent's spawner.
 */
#define _GNU_SOURCE /* posix_spawn_file_actions_addclosefrom_np */

#include "measure/spawner/spawner_client.h"
#include "measure/spawner/spawner_io.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

enum {
    READY_TIMEOUT_MS = 10 * 1000, /* how long a starting spawner may take to say READY */
};

static const char spawner_name[] = "versus-spawner";

static struct {
    pid_t pid;   /* 0: none */
    int sock;    /* our end, -1: none */
    pid_t owner; /* the process that started it */
} sp = {.pid = 0, .sock = -1, .owner = 0};

/* ---- finding it -------------------------------------------------------------------------- */

/* Returns a malloc'd "<dir>/versus-spawner" for the directory of path, or NULL. */
static char *sibling_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL)
        return NULL;
    size_t dir_len = (size_t)(slash - path);
    size_t cap = dir_len + 1 + sizeof spawner_name;
    char *out = malloc(cap);
    if (out != NULL)
        snprintf(out, cap, "%.*s/%s", (int)dir_len, path, spawner_name);
    return out;
}

/* Returns the malloc'd path of the spawner, or NULL with err set. */
static char *find_spawner(struct verr *err)
{
    const char *forced = getenv("VERSUS_SPAWNER");
    if (forced != NULL && forced[0] != '\0') {
        if (access(forced, X_OK) != 0) {
            verr_set(err, "VERSUS_SPAWNER=%s: %s", forced, strerror(errno));
            return NULL;
        }
        char *copy = strdup(forced);
        if (copy == NULL)
            verr_set(err, "out of memory");
        return copy;
    }
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    self[n > 0 ? n : 0] = '\0';
    char *next_to_us = n > 0 ? sibling_of(self) : NULL;
    if (next_to_us != NULL && access(next_to_us, X_OK) == 0)
        return next_to_us;
    free(next_to_us);
#ifdef VERSUS_BUILD_DIR
    const char *build_dir = VERSUS_BUILD_DIR;
#else
    const char *build_dir = "(no build directory)";
#endif
    size_t cap = strlen(build_dir) + 1 + sizeof spawner_name;
    char *built = malloc(cap);
    if (built == NULL) {
        verr_set(err, "out of memory");
        return NULL;
    }
    snprintf(built, cap, "%s/%s", build_dir, spawner_name);
    if (access(built, X_OK) == 0)
        return built;
    free(built);
    verr_set(err,
             "%s not found next to %s nor in %s (build it, or set VERSUS_SPAWNER to its path; "
             "VERSUS_DIRECT_SPAWN=1 measures without it, and every peak RSS then includes "
             "versus's own)",
             spawner_name, self[0] != '\0' ? self : "versus", build_dir);
    return NULL;
}

/* ---- its life ----------------------------------------------------------------------------- */

/* Forgets a spawner inherited through fork: the socket is the parent's conversation. */
static void forget_inherited(void)
{
    if (sp.sock >= 0 && sp.owner != getpid()) {
        close(sp.sock);
        sp.sock = -1;
        sp.pid = 0;
    }
}

/* Closes the socket and reaps the spawner, describing how it ended into why (may be NULL). */
static void stop_and_describe(char *why, size_t why_len)
{
    if (why != NULL && why_len > 0)
        why[0] = '\0';
    forget_inherited();
    if (sp.sock < 0)
        return;
    close(sp.sock);
    sp.sock = -1;
    int status = 0;
    pid_t got;
    do
        got = waitpid(sp.pid, &status, 0);
    while (got < 0 && errno == EINTR);
    if (why != NULL && got == sp.pid) {
        if (WIFSIGNALED(status))
            snprintf(why, why_len, "killed by signal %d (%s)", WTERMSIG(status),
                     strsignal(WTERMSIG(status)));
        else if (WIFEXITED(status))
            snprintf(why, why_len, "exited with code %d", WEXITSTATUS(status));
    }
    sp.pid = 0;
}

void spawner_stop(void)
{
    stop_and_describe(NULL, 0);
}

pid_t spawner_pid(void)
{
    forget_inherited();
    return sp.pid;
}

int spawner_socket(void)
{
    forget_inherited();
    return sp.sock;
}

/* Stops a spawner that failed us and sets err: "<spawner> (pid N) <what>: <how it ended>". */
static int fail_dead(struct verr *err, const char *what)
{
    pid_t pid = sp.pid;
    char why[128];
    stop_and_describe(why, sizeof why);
    return verr_set(err, "%s (pid %ld) %s%s%s", spawner_name, (long)pid, what,
                    why[0] != '\0' ? ": " : "", why);
}

/* Reads exactly n bytes from the socket, waiting at most timeout_ms for each (-1: forever).
 * Returns 0, or -1 at EOF, on an error or on timeout (errno ETIMEDOUT). */
static int read_socket(void *buf, size_t n, int timeout_ms)
{
    char *p = buf;
    while (n > 0) {
        if (timeout_ms >= 0) {
            struct pollfd pfd = {.fd = sp.sock, .events = POLLIN};
            int ready = poll(&pfd, 1, timeout_ms);
            if (ready < 0 && errno == EINTR)
                continue;
            if (ready <= 0) {
                if (ready == 0)
                    errno = ETIMEDOUT;
                return -1;
            }
        }
        if (spawner_move(sp.sock, &p, &n, false) != 0)
            return -1;
    }
    return 0;
}

int spawner_child_attributes(posix_spawnattr_t *attr)
{
    sigset_t none;
    sigset_t all;
    sigemptyset(&none);
    sigfillset(&all);
    int rc = posix_spawnattr_setflags(attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                                POSIX_SPAWN_SETSIGDEF);
    if (rc == 0)
        rc = posix_spawnattr_setpgroup(attr, 0);
    if (rc == 0)
        rc = posix_spawnattr_setsigmask(attr, &none);
    if (rc == 0)
        rc = posix_spawnattr_setsigdefault(attr, &all);
    return rc;
}

/* Starts the spawner and waits for its READY. Returns 0, or -1 with err set. */
static int start(struct verr *err)
{
    char *path = find_spawner(err);
    if (path == NULL)
        return -1;
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
        free(path);
        return verr_set(err, "cannot start %s: socketpair: %s", spawner_name, strerror(errno));
    }
    /* Its end must not sit on 0, 1 or SPAWNER_SOCKET_FD, which the file actions overwrite. */
    if (sv[1] <= SPAWNER_SOCKET_FD) {
        int high = fcntl(sv[1], F_DUPFD_CLOEXEC, SPAWNER_SOCKET_FD + 1);
        close(sv[1]);
        sv[1] = high;
    }
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    int rc = sv[1] < 0 ? errno : posix_spawn_file_actions_init(&fa);
    if (rc == 0 && (rc = posix_spawnattr_init(&attr)) != 0)
        posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
        close(sv[0]);
        if (sv[1] >= 0)
            close(sv[1]);
        free(path);
        return verr_set(err, "cannot start %s: %s", spawner_name, strerror(rc));
    }
    rc = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    if (rc == 0)
        rc = posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    if (rc == 0)
        rc = posix_spawn_file_actions_adddup2(&fa, sv[1], SPAWNER_SOCKET_FD);
    if (rc == 0)
        rc = posix_spawn_file_actions_addclosefrom_np(&fa, SPAWNER_SOCKET_FD + 1);
    if (rc == 0)
        rc = spawner_child_attributes(&attr);
    char *argv[] = {(char *)spawner_name, NULL};
    char *envp[] = {NULL};
    pid_t pid = 0;
    if (rc == 0)
        rc = posix_spawn(&pid, path, &fa, &attr, argv, envp);
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&fa);
    close(sv[1]);
    if (rc != 0) {
        close(sv[0]);
        verr_set(err, "cannot start %s: %s", path, strerror(rc));
        free(path);
        return -1;
    }
    sp.pid = pid;
    sp.sock = sv[0];
    sp.owner = getpid();

    struct spawner_reply r;
    if (read_socket(&r, sizeof r, READY_TIMEOUT_MS) != 0) {
        const char *what =
            errno == ETIMEDOUT ? "did not say it was ready" : "ended before it was ready";
        char msg[sizeof err->msg / 2];
        snprintf(msg, sizeof msg, "(%s) %s", path, what);
        free(path);
        if (errno == ETIMEDOUT)
            kill(pid, SIGKILL);
        return fail_dead(err, msg);
    }
    if (r.magic != SPAWNER_MAGIC || r.kind != SPAWNER_READY || r.pid != pid) {
        char msg[sizeof err->msg / 2];
        snprintf(msg, sizeof msg, "(%s) is not the spawner this versus was built with", path);
        free(path);
        kill(pid, SIGKILL);
        return fail_dead(err, msg);
    }
    free(path);
    return 0;
}

int spawner_ensure(struct verr *err)
{
    forget_inherited();
    if (sp.sock >= 0) {
        /* Between runs the socket is quiet; readable means the spawner is gone (EOF). */
        struct pollfd pfd = {.fd = sp.sock, .events = POLLIN};
        if (poll(&pfd, 1, 0) != 0)
            spawner_stop();
    }
    return sp.sock >= 0 ? 0 : start(err);
}

/* ---- requests and replies ------------------------------------------------------------------ */

/* Counts the strings of a NULL-terminated array and adds their bytes (with NULs) to *bytes. */
static size_t count_strings(char *const *v, size_t *bytes)
{
    size_t n = 0;
    for (; v[n] != NULL; n++)
        *bytes += strlen(v[n]) + 1;
    return n;
}

int spawner_send_run(const int *fds, unsigned n_fds, char *const *argv, char *const *envp,
                     const struct spawner_counter *counters, uint32_t n_counters, uint32_t flags,
                     struct verr *err)
{
    if (n_counters > SPAWNER_MAX_COUNTERS)
        return verr_set(err, "internal error: %u counters for %s", n_counters, spawner_name);
    if (n_fds < SPAWNER_FIXED_FDS || n_fds > SPAWNER_FIXED_FDS + SPAWNER_MAX_EXTRA_FDS)
        return verr_set(err, "internal error: %u descriptors for %s", n_fds, spawner_name);
    size_t bytes = 0;
    size_t argc = count_strings(argv, &bytes);
    size_t envc = count_strings(envp, &bytes);
    if (bytes > SPAWNER_MAX_PAYLOAD || argc + envc > SPAWNER_MAX_STRINGS)
        return verr_set(err,
                        "argument list and environment too large: %zu bytes in %zu strings, at "
                        "most %d bytes in %d strings",
                        bytes, argc + envc, SPAWNER_MAX_PAYLOAD, SPAWNER_MAX_STRINGS);
    char *payload = malloc(bytes > 0 ? bytes : 1);
    if (payload == NULL)
        return verr_set(err, "out of memory");
    char *p = payload;
    for (char *const *v = argv; *v != NULL; v++)
        p = stpcpy(p, *v) + 1;
    for (char *const *v = envp; *v != NULL; v++)
        p = stpcpy(p, *v) + 1;

    struct spawner_request req = {
        .magic = SPAWNER_MAGIC,
        .kind = SPAWNER_RUN,
        .n_fds = n_fds,
        .argc = (uint32_t)argc,
        .envc = (uint32_t)envc,
        .payload_len = (uint32_t)bytes,
        .n_counters = n_counters,
        .flags = flags,
    };
    if (n_counters > 0)
        memcpy(req.counters, counters, n_counters * sizeof *counters);
    union {
        struct cmsghdr align;
        char buf[CMSG_SPACE(sizeof(int) * (SPAWNER_FIXED_FDS + SPAWNER_MAX_EXTRA_FDS))];
    } ctl;
    memset(&ctl, 0, sizeof ctl);
    struct iovec iov[2] = {{.iov_base = &req, .iov_len = sizeof req},
                           {.iov_base = payload, .iov_len = bytes}};
    struct msghdr msg = {.msg_iov = iov,
                         .msg_iovlen = 2,
                         .msg_control = ctl.buf,
                         .msg_controllen = CMSG_SPACE(sizeof(int) * n_fds)};
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int) * n_fds);
    memcpy(CMSG_DATA(c), fds, sizeof(int) * n_fds);
    ssize_t sent;
    do
        sent = sendmsg(sp.sock, &msg, MSG_NOSIGNAL);
    while (sent < 0 && errno == EINTR);
    int rc = 0;
    if (sent < 0) {
        rc = -1;
    } else if ((size_t)sent < sizeof req) {
        rc = spawner_move_all(sp.sock, (char *)&req + sent, sizeof req - (size_t)sent, true) != 0 ||
                     spawner_move_all(sp.sock, payload, bytes, true) != 0
                 ? -1
                 : 0;
    } else {
        size_t done = (size_t)sent - sizeof req;
        rc = spawner_move_all(sp.sock, payload + done, bytes - done, true);
    }
    free(payload);
    if (rc != 0)
        return fail_dead(err, "stopped taking requests");
    return 0;
}

int spawner_send_kill(void)
{
    struct spawner_request req = {.magic = SPAWNER_MAGIC, .kind = SPAWNER_KILL};
    return spawner_move_all(sp.sock, &req, sizeof req, true);
}

int spawner_read_reply(struct spawner_reply *r, struct verr *err)
{
    if (read_socket(r, sizeof *r, -1) != 0)
        return fail_dead(err, "died");
    if (r->magic != SPAWNER_MAGIC || r->kind < SPAWNER_STARTED || r->kind > SPAWNER_REJECTED)
        return fail_dead(err, "sent a reply that makes no sense (stopped)");
    return 0;
}

int64_t spawner_probe_floor(struct verr *err)
{
    struct spawner_request req = {.magic = SPAWNER_MAGIC, .kind = SPAWNER_PROBE};
    if (spawner_move_all(sp.sock, &req, sizeof req, true) != 0)
        return fail_dead(err, "stopped taking requests");
    struct spawner_reply r;
    if (spawner_read_reply(&r, err) != 0)
        return -1;
    if (r.kind == SPAWNER_FAILED)
        return verr_set(err, "%s cannot measure a child: %s", spawner_name, strerror(r.error));
    if (r.kind != SPAWNER_DONE) {
        spawner_stop();
        return verr_set(err, "%s replied out of turn (stopped)", spawner_name);
    }
    return r.maxrss_kib * 1024;
}

/* ---- its size ------------------------------------------------------------------------------ */

int64_t vm_hwm_bytes(pid_t pid)
{
    char path[64];
    if (pid == 0)
        snprintf(path, sizeof path, "/proc/self/status");
    else
        snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
    FILE *f = fopen(path, "re");
    if (f == NULL)
        return -1;
    char line[256];
    int64_t bytes = -1;
    while (fgets(line, sizeof line, f) != NULL) {
        long long kib = 0;
        if (sscanf(line, "VmHWM: %lld kB", &kib) == 1) {
            bytes = (int64_t)kib * 1024;
            break;
        }
    }
    fclose(f);
    return bytes;
}
