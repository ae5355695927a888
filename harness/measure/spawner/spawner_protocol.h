/*
 * spawner_protocol.h - the messages between versus (harness/measure/process.c) and versus-spawner
 * (harness/measure/spawner/versus_spawner.c), over a connected AF_UNIX SOCK_STREAM socket that is the
 * spawner's file descriptor SPAWNER_SOCKET_FD.
 *
 *   spawner -> versus   READY once, at start-up.
 *   versus  -> spawner  RUN: a struct spawner_request, with n_fds descriptors attached
 *                       (SCM_RIGHTS), followed by payload_len bytes: argc then envc
 *                       NUL-terminated strings (argv[0] an absolute path).
 *   spawner -> versus   STARTED (the child's pid: it has exec'd), then DONE (reaped, with its
 *                       status and rusage); or FAILED (fork, fchdir, dup2 or execve failed:
 *                       no DONE follows); or REJECTED (a malformed or oversized request).
 *   versus  -> spawner  PROBE, between runs: the spawner forks a child that counts its own
 *                       resident pages (smaps_rollup) and exits, and replies DONE with that
 *                       count as maxrss_kib (or FAILED): the floor under every child's peak
 *                       RSS, the pages a child gets from the spawner.
 *   versus  -> spawner  KILL, at any time: SIGKILL the running child's process group (sent on
 *                       timeout; a KILL that arrives after the child was reaped is ignored).
 *   versus closes the socket: the spawner kills the running child's group, reaps it, exits 0.
 *
 * Descriptors of a RUN, in order: stdin, stdout, stderr (dup2'd onto 0, 1, 2), a directory
 * (O_PATH is enough) the child fchdir()s to, then any extra ones, dup2'd onto 3, 4, ...
 * Both sides run on the same machine and are built together: structs go as they are in memory.
 */
#ifndef VERSUS_SPAWNER_PROTOCOL_H
#define VERSUS_SPAWNER_PROTOCOL_H

#include <stdint.h>

#define SPAWNER_MAGIC 0x76735331u /* "vsS1"; changes with any change to this file */

enum {
    SPAWNER_SOCKET_FD = 3,               /* the socket, in the spawner */
    SPAWNER_FIXED_FDS = 4,               /* stdin, stdout, stderr, working directory */
    SPAWNER_MAX_EXTRA_FDS = 4,           /* extra descriptors, onto 3, 4, ... */
    SPAWNER_MAX_PAYLOAD = 1024 * 1024,   /* argv + envp bytes (Linux allows up to 2 MiB) */
    SPAWNER_MAX_STRINGS = 32 * 1024 - 2, /* argc + envc */
};

enum spawner_request_kind {
    SPAWNER_RUN = 1,
    SPAWNER_KILL = 2,
    SPAWNER_PROBE = 3,
};

struct spawner_request {
    uint32_t magic; /* SPAWNER_MAGIC */
    uint32_t kind;  /* enum spawner_request_kind */
    uint32_t n_fds; /* RUN: descriptors attached, SPAWNER_FIXED_FDS + extra */
    uint32_t argc;  /* RUN: >= 1 */
    uint32_t envc;
    uint32_t payload_len; /* RUN: bytes of strings that follow */
};

enum spawner_reply_kind {
    SPAWNER_READY = 1,
    SPAWNER_STARTED = 2,
    SPAWNER_DONE = 3,
    SPAWNER_FAILED = 4,   /* error: the errno of fork, pipe2, fchdir, dup2 or execve */
    SPAWNER_REJECTED = 5, /* error: E2BIG (too large), EBADMSG (malformed) */
};

struct spawner_reply {
    uint32_t magic; /* SPAWNER_MAGIC */
    uint32_t kind;  /* enum spawner_reply_kind */
    int32_t pid;    /* READY: the spawner's; STARTED, DONE: the child's */
    int32_t error;  /* FAILED, REJECTED: an errno value */
    int32_t status; /* DONE: the wait status */
    int32_t unused;
    int64_t wall_ns;    /* DONE: CLOCK_MONOTONIC from just before fork() to wait4()'s return */
    int64_t user_us;    /* DONE: ru_utime, microseconds */
    int64_t sys_us;     /* DONE: ru_stime, microseconds */
    int64_t maxrss_kib; /* DONE: ru_maxrss (KiB on Linux); after PROBE, the child's Rss */
};

#endif
