/*
 * test_helpers_die.c - no process versus starts outlives it. The fixture workload "wait"
 * (tests/fixtures/server) runs the mock LLM server beside a runner that never ends; while it
 * runs, versus is killed
 *   - with SIGKILL (no handler runs: the server dies of its parent-death signal), and
 *   - with SIGTERM (the handler kills the running child's group and the server's, and versus
 *     writes what it measured: test_interrupt.c);
 * afterwards the server process is gone (or a zombie) and nothing listens on its port any more,
 * and the runner is gone too.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "versus_test.h"

#define FIXTURES VERSUS_SOURCE_DIR "/tests/fixtures/server"

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* /proc/PID/cmdline with the NULs between arguments made spaces, into buf; "" when gone. */
static void cmdline_of(pid_t pid, char *buf, size_t cap)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/cmdline", (int)pid);
    buf[0] = '\0';
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return;
    size_t n = fread(buf, 1, cap - 1, f);
    fclose(f);
    for (size_t i = 0; i + 1 < n; i++)
        if (buf[i] == '\0')
            buf[i] = ' ';
    buf[n] = '\0';
}

/* The state letter ('Z' for a zombie) and parent of pid from /proc/PID/stat; false (state 0,
 * parent 0) when the process is gone. */
static bool stat_of(pid_t pid, char *state, pid_t *parent)
{
    char path[64], text[512];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    *state = 0;
    *parent = 0;
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return false;
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    const char *paren = strrchr(text, ')');
    int ppid = 0;
    if (paren == NULL || sscanf(paren + 1, " %c %d", state, &ppid) != 2)
        return false;
    *parent = (pid_t)ppid;
    return true;
}

static char state_of(pid_t pid)
{
    char state;
    pid_t parent;
    stat_of(pid, &state, &parent);
    return state;
}

static pid_t parent_of(pid_t pid)
{
    char state;
    pid_t parent;
    stat_of(pid, &state, &parent);
    return parent;
}

/* The first process, not a zombie, whose command line contains needle and (when parent > 0)
 * whose parent is parent; 0 when none. */
static pid_t find_process(const char *needle, pid_t parent)
{
    DIR *d = opendir("/proc");
    ck_assert_ptr_nonnull(d);
    pid_t found = 0;
    const struct dirent *e;
    char cmd[4096];
    while (found == 0 && (e = readdir(d)) != NULL) {
        pid_t pid = (pid_t)atoi(e->d_name);
        if (pid <= 0)
            continue;
        cmdline_of(pid, cmd, sizeof cmd);
        if (strstr(cmd, needle) != NULL && state_of(pid) != 'Z' &&
            (parent <= 0 || parent_of(pid) == parent))
            found = pid;
    }
    closedir(d);
    return found;
}

static bool accepts(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ck_assert_int_ge(fd, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool ok = connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
    close(fd);
    return ok;
}

static void kill_versus_mid_run(int sig)
{
    char dir[4096], json[4200], data[4200];
    vt_make_tmpdir(dir, sizeof dir, "helpers_die");
    snprintf(json, sizeof json, "%s/out.json", dir);
    snprintf(data, sizeof data, "%s/data", dir);
    pid_t versus = fork();
    ck_assert_int_ge(versus, 0);
    if (versus == 0) {
        /* Its own process group, so that the test's signals reach only it. */
        setpgid(0, 0);
        execl(VERSUS_BIN, VERSUS_BIN, "run", "--manifest", FIXTURES "/runners.json", "--workloads",
              FIXTURES "/workloads", "--data-dir", data, "--runs", "1", "--warmup", "0", "--quiet",
              "--json", json, (char *)NULL);
        _exit(127);
    }
    /* Wait for the runner, whose argument is the server's URL. */
    pid_t runner = 0, server = 0;
    int port = 0;
    char cmd[4096];
    double deadline = now_s() + 60;
    while ((runner == 0 || server == 0) && now_s() < deadline) {
        usleep(20000);
        runner = find_process(VERSUS_HELPERS_DIR "/hang http://127.0.0.1:", 0);
        server = find_process(" mock-llm --quiet", versus); /* versus's own child */
        if (runner != 0) {
            cmdline_of(runner, cmd, sizeof cmd);
            const char *colon = strrchr(cmd, ':');
            port = colon ? atoi(colon + 1) : 0;
        }
    }
    ck_assert_msg(runner > 0 && server > 0 && port > 0, "runner %d server %d port %d", runner,
                  server, port);
    ck_assert(accepts(port));
    ck_assert_int_eq(kill(versus, sig), 0);
    int status;
    ck_assert_int_eq(waitpid(versus, &status, 0), versus);
    /* SIGKILL kills it; after SIGTERM it writes what it measured and exits 128 + 15. */
    ck_assert(WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) == 128 + sig));
    deadline = now_s() + 10;
    while ((state_of(server) > 0 && state_of(server) != 'Z') && now_s() < deadline)
        usleep(20000);
    char st = state_of(server);
    ck_assert_msg(st == 0 || st == 'Z', "the server %d outlived versus (state %c)", server, st);
    ck_assert_msg(!accepts(port), "something still listens on port %d", port);
    deadline = now_s() + 10;
    while ((state_of(runner) > 0 && state_of(runner) != 'Z') && now_s() < deadline)
        usleep(20000);
    st = state_of(runner);
    ck_assert_msg(st == 0 || st == 'Z', "the runner %d outlived versus (state %c)", runner, st);
}

START_TEST(test_the_server_dies_when_versus_is_killed)
{
    kill_versus_mid_run(SIGKILL);
}
END_TEST

START_TEST(test_the_server_dies_when_versus_is_terminated)
{
    kill_versus_mid_run(SIGTERM);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("helpers_die");
    TCase *tc = tcase_create("kill");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_the_server_dies_when_versus_is_killed);
    tcase_add_test(tc, test_the_server_dies_when_versus_is_terminated);
    suite_add_tcase(s, tc);
    return vt_run_suite(s, "test_helpers_die", NULL);
}
