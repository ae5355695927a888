/*
 * spawner_protocol.h - the messages between versus (harness/measure/process.c) and versus-spawner
 * (harness/measure/spawner/versus_spawner.c), over a connected AF_UNIX SOCK_STREAM socket that is
 * the spawner's file descriptor SPAWNER_SOCKET_FD.
 *
 *   spawner -> versus   READY once, at start-up.
 *   versus  -> spawner  RUN: a struct spawner_request, with n_fds descriptors attached
 *                       (SCM_RIGHTS), followed by payload_len bytes: argc then envc
 *                       NUL-terminated strings (argv[0] an absolute path). The request may
 *                       name up to SPAWNER_MAX_COUNTERS perf events to count for the child.
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
 * Counters (perf_event_open(2)), poop's way (github.com/andrewrk/poop, src/main.zig): just
 * before the clock starts, the spawner opens each event on itself, disabled, with inherit and
 * enable_on_exec; the child fork() makes inherits a copy, which switches on when the child
 * execs, so a count starts at the program's first instruction and takes in every descendant
 * that exits before the run is read (their copies are folded into the spawner's event when they
 * exit). After wait4 and the clock, each is read on its own (inherit excludes
 * PERF_FORMAT_GROUP) and closed. An event that cannot be opened is reported with its errno; the
 * run goes on. perf stat's way (open for the child's pid while the child waits on a pipe
 * between fork and execve, tools/perf/util/evlist.c) counts the same, but the child's wait for
 * the pipe cost about 150 us per run on a loaded 2-CPU machine, against 40 us this way.
 *
 * Descriptors of a RUN, in order: stdin, stdout, stderr (dup2'd onto 0, 1, 2), a directory
 * (O_PATH is enough) the child fchdir()s to, then any extra ones, dup2'd onto 3, 4, ...
 * Both sides run on the same machine and are built together: structs go as they are in memory.
 */
#ifndef VERSUS_SPAWNER_PROTOCOL_H
#define VERSUS_SPAWNER_PROTOCOL_H

#include <stdint.h>

#define SPAWNER_MAGIC 0x76735333u /* "vsS3"; changes with any change to this file */

enum {
    SPAWNER_SOCKET_FD = 3,               /* the socket, in the spawner */
    SPAWNER_FIXED_FDS = 4,               /* stdin, stdout, stderr, working directory */
    SPAWNER_MAX_EXTRA_FDS = 4,           /* extra descriptors, onto 3, 4, ... */
    SPAWNER_MAX_PAYLOAD = 1024 * 1024,   /* argv + envp bytes (Linux allows up to 2 MiB) */
    SPAWNER_MAX_STRINGS = 32 * 1024 - 2, /* argc + envc */
    SPAWNER_MAX_COUNTERS = 12,           /* perf events per RUN */
};

/* One perf event to count for a RUN's child: perf_event_attr's type and config. */
struct spawner_counter {
    uint32_t type;           /* PERF_TYPE_SOFTWARE, PERF_TYPE_HARDWARE, ... */
    uint32_t exclude_kernel; /* 1: count user mode only (needed when perf_event_paranoid >= 2
                              * and the caller is not privileged) */
    uint64_t config;         /* PERF_COUNT_SW_TASK_CLOCK, PERF_COUNT_HW_INSTRUCTIONS, ... */
};

/* One event's reading after a RUN: read(2) of its descriptor with
 * PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING. */
struct spawner_count {
    uint64_t value;      /* raw count (task-clock: nanoseconds), not scaled */
    uint64_t enabled_ns; /* time the event was enabled */
    uint64_t running_ns; /* time it was on the PMU: < enabled_ns when multiplexed */
    int32_t error;       /* 0, or the errno of perf_event_open or read */
    int32_t unused;
};

/* Flags of a RUN request. */
enum spawner_run_flag {
    /* Address-space layout randomisation off for the child: personality(ADDR_NO_RANDOMIZE)
     * before execve (personality(2); what `setarch -R` does), so that stack and mmap addresses,
     * hence a simulated instruction count, are the same in every run. */
    SPAWNER_RUN_NO_ASLR = 1u << 0,
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
    uint32_t n_counters;  /* RUN: events in counters[], at most SPAWNER_MAX_COUNTERS */
    uint32_t flags;       /* RUN: enum spawner_run_flag bits */
    struct spawner_counter counters[SPAWNER_MAX_COUNTERS];
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
    /* DONE: the rest of wait4's rusage that Linux fills (getrusage(2)), for the child and the
     * descendants it waited for. */
    int64_t minflt;  /* ru_minflt: page faults served without I/O */
    int64_t majflt;  /* ru_majflt: page faults that needed I/O */
    int64_t nvcsw;   /* ru_nvcsw: voluntary context switches (it waited) */
    int64_t nivcsw;  /* ru_nivcsw: involuntary context switches (it was preempted) */
    int64_t inblock; /* ru_inblock: 512-byte blocks read from storage */
    int64_t oublock; /* ru_oublock: 512-byte blocks written to storage */
    struct spawner_count counts[SPAWNER_MAX_COUNTERS]; /* DONE: the request's counters, in order */
};

#endif
