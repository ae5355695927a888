/*
 * mock_llm_server.c - starting and stopping `versus mock-llm` for a test (mock_llm_server.h).
 */
#define _GNU_SOURCE
#include "mock_llm_server.h"

#include <check.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

pid_t vt_start_mock_llm(const char *const *args, int *port)
{
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    char *argv[32] = {VERSUS_BIN, "mock-llm"};
    int n = 2;
    for (; args[n - 2] != NULL && n < 31; n++)
        argv[n] = (char *)args[n - 2];
    argv[n] = NULL;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    posix_spawn_file_actions_addclose(&fa, fds[1]);
    pid_t pid = 0;
    ck_assert_int_eq(posix_spawn(&pid, VERSUS_BIN, &fa, NULL, argv, environ), 0);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    char line[256] = "";
    size_t len = 0;
    struct pollfd p = {.fd = fds[0], .events = POLLIN};
    while (len + 1 < sizeof line && poll(&p, 1, 20000) > 0 && read(fds[0], line + len, 1) == 1 &&
           line[len] != '\n')
        len++;
    line[len] = '\0';
    close(fds[0]);
    *port = 0;
    if (sscanf(line, "listening http://127.0.0.1:%d", port) != 1 || *port <= 0) {
        vt_stop_mock_llm(pid);
        ck_abort_msg("versus mock-llm did not start: '%s'", line);
    }
    return pid;
}

void vt_stop_mock_llm(pid_t pid)
{
    if (pid <= 0)
        return;
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
}
