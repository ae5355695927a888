/*
 * process.h - launch one program once and measure it.
 *
 * This is the measured path, so it does as little as possible between the clock readings:
 *   - the child is started by versus-spawner (harness/measure/spawner/), a small static process
 * that versus starts on the first run and that lives until versus exits: it forks and execs the
 *     program (argv[0] must already be an absolute path: PATH is searched before the clock
 *     starts, by process_resolve_exe) in a process group of its own, with stdin from /dev/null.
 *     Why: on Linux a new process's ru_maxrss starts at the resident size of the process it was
 *     forked from (execve records the old memory map's high-water mark, and with posix_spawn
 *     that map is the parent's), so every program started from versus itself would read at
 *     least versus's own size. From the spawner the floor is its size (process_rss_floor_bytes);
 *   - stdout and stderr are pipes, never /dev/null (GNU grep stops at the first match when its
 *     stdout is /dev/null). stdout is fed to an XXH3-64 digest as it streams and its first
 *     keep_stdout_bytes are kept; the last 4 KiB of stderr are kept;
 *   - when want_metrics is set, a third pipe is passed as file descriptor VERSUS_METRICS_FD
 *     (its number is in the child's environment) for the runner's `name=value` lines;
 *   - wall time is CLOCK_MONOTONIC, taken by the spawner, from just before fork() to the moment
 *     the child is reaped; user and system CPU time and peak RSS (ru_maxrss) come from wait4()
 *     on that one child, never from getrusage(RUSAGE_CHILDREN), which is a running maximum over
 *     every child ever waited for (hyperfine issue #753). ru_maxrss covers the child and those
 *     of its descendants it waited for;
 *   - the spawner watches the child through a pidfd (Linux >= 5.3), so a timeout is enforced
 *     even when the child closed its pipes: at timeout_s after the child started, versus asks
 *     the spawner to SIGKILL the whole process group. After the child is reaped, whatever is
 *     left of its group is killed;
 *   - if versus exits or is killed, the spawner sees its socket close and kills the running
 *     child's group; on SIGINT, SIGTERM or SIGHUP (when their action is still the default at
 *     the first run, a handler is installed then) versus also kills it itself, then dies of the
 *     signal as it would have;
 *   - with rss_interval_s, the resident set of the child's whole process group is read from
 *     /proc at that interval while this side waits (the poll's timeout is the next reading's
 *     time, so no thread is needed and nothing runs in the child): the memory timeline.
 * VERSUS_DIRECT_SPAWN=1 in the environment starts children from versus itself with posix_spawn,
 * as before the spawner (every peak RSS then includes versus's own resident size). Without it,
 * a spawner that cannot be found or started is an error, never a silent fallback.
 */
#ifndef VERSUS_PROCESS_H
#define VERSUS_PROCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "measure/rss_timeline.h"
#include "util/error.h"

/* How many bytes of stderr a run keeps (the last ones). */
#define PROCESS_STDERR_TAIL_BYTES 4096

/* The most perf events a run may count (versus-spawner's SPAWNER_MAX_COUNTERS). */
#define PROCESS_MAX_COUNTERS 12

/* A perf event to count for the child (measure/perf_counters.h names them). */
struct run_counter {
    uint64_t config;     /* perf_event_attr.config */
    uint32_t type;       /* perf_event_attr.type */
    bool exclude_kernel; /* user mode only */
};

/* One event's reading (perf_event_open(2), read with the times enabled and running). */
struct run_count {
    int error;           /* 0, or the errno that kept it from being counted */
    uint64_t value;      /* raw, not scaled */
    uint64_t enabled_ns; /* time enabled */
    uint64_t running_ns; /* time counting: < enabled_ns when the kernel multiplexed it */
};

/* Where a run's stdout goes. Only a pipe is read and digested: the other choices exist for
 * hyperfine's --output, and null is the trap of PITFALLS.md (GNU grep stops at the first match
 * when its stdout is /dev/null). */
enum run_stdout {
    RUN_STDOUT_PIPE = 0, /* read through a pipe and digested (the default) */
    RUN_STDOUT_FILE,     /* written to stdout_path, truncated first ("/dev/null" for null) */
    RUN_STDOUT_INHERIT,  /* versus's own stdout */
};

/* What to run. All pointers are borrowed for the duration of process_run. */
struct run_spec {
    char *const *argv;        /* argv[0] is an absolute path */
    char *const *envp;        /* the child's whole environment; NULL: the harness's own */
    const char *cwd;          /* working directory; NULL: the harness's own */
    double timeout_s;         /* kill the process group after this many seconds; <= 0: never */
    size_t keep_stdout_bytes; /* keep the first this many bytes of stdout (0: none) */
    bool want_metrics;        /* open the metrics channel (VERSUS_METRICS_FD) */
    const struct run_counter *counters; /* perf events to count (versus-spawner only; with
                                         * VERSUS_DIRECT_SPAWN=1 each reads ENOTSUP) */
    size_t n_counters;                  /* at most PROCESS_MAX_COUNTERS */
    const char *stdin_path;             /* the child's stdin: this file; NULL: /dev/null */
    enum run_stdout stdout_to;
    const char *stdout_path; /* RUN_STDOUT_FILE: where */
    bool inherit_stderr;     /* stderr goes to versus's own (hyperfine's --show-output) */
    bool no_aslr;            /* address-space randomisation off for the child (personality(2)
                              * ADDR_NO_RANDOMIZE before execve, as `setarch -R`) */
    double rss_interval_s;   /* > 0: read the resident set of the child's process group every
                              * this many seconds while it runs (rss_timeline.h; never more
                              * often than PROCESS_RSS_MAX_SHARE of one CPU allows); 0: not */
};

/* The most of one CPU the memory timeline's readings may take: a reading that cost c seconds
 * puts the next one at least c / PROCESS_RSS_MAX_SHARE later. */
#define PROCESS_RSS_MAX_SHARE 0.01

/* What happened. Strings are owned by the outcome; free with run_outcome_clear. */
struct run_outcome {
    double wall_s;         /* CLOCK_MONOTONIC, spawn to reap, seconds */
    double user_s, sys_s;  /* from wait4's rusage, seconds */
    int64_t max_rss_bytes; /* ru_maxrss * 1024 */
    /* The rest of wait4's rusage that Linux fills (getrusage(2)): counts. */
    int64_t minflt, majflt;   /* page faults without and with I/O */
    int64_t nvcsw, nivcsw;    /* voluntary and involuntary context switches */
    int64_t inblock, oublock; /* 512-byte blocks read from and written to storage */
    struct run_count counts[PROCESS_MAX_COUNTERS]; /* spec.counters' readings, in order */
    int exit_code;                                 /* exit status when the child exited, else -1 */
    int signal;                                    /* terminating signal, else 0 */
    bool timed_out;                                /* killed by the harness after timeout_s */
    uint64_t stdout_digest;                        /* XXH3-64 of all of stdout */
    uint64_t stdout_bytes;                         /* how many bytes stdout had */
    char *stdout_head; /* first min(keep_stdout_bytes, stdout_bytes) bytes, NUL-added
                        * (never NULL after a successful process_run) */
    size_t stdout_head_len;
    char *stderr_tail; /* last PROCESS_STDERR_TAIL_BYTES of stderr, NUL-added (never NULL
                        * after a successful process_run) */
    size_t stderr_tail_len;
    char *metrics; /* what was written to the metrics channel (its first 1 MiB),
                    * NUL-added; NULL when want_metrics was false */
    size_t metrics_len;
    struct rss_timeline rss; /* the process group's resident set over time (interval_s 0 when
                              * spec.rss_interval_s was 0); owned */
};

/* Runs spec once and fills out (zeroed first). Returns 0 when the child was started and reaped
 * (whatever its exit status), or -1 with err set when it could not be started ("cannot start
 * /usr/bin/rg: No such file or directory", "cannot start /usr/bin/rg: versus-spawner not found
 * next to ..."), or, rarely, watched (pidfd_open or poll failed, or the spawner died during the
 * run: "cannot measure /usr/bin/rg: versus-spawner (pid 123) died: killed by signal 9"; the
 * child is then killed, and the next run starts a new spawner). After -1, out holds no memory.
 * Not thread-safe: one run at a time per process. */
int process_run(const struct run_spec *spec, struct run_outcome *out, struct verr *err);

/* The peak RSS every measured child reads at least, in bytes: what a child inherits from the
 * process it is started from. Measured: the resident size of a child the spawner forks and
 * that counts its own pages (its anonymous memory; the spawner's code, mapped from its file, is
 * not inherited, so this is well below the spawner's own VmHWM); a run's argv and environment
 * add a few KiB. The kernel's RSS counters are approximate at this size, so a child may read
 * less. With VERSUS_DIRECT_SPAWN=1: versus's own VmHWM (posix_spawn execs from versus's memory
 * map). Starts the spawner if needed; -1 when it cannot be started or asked. */
int64_t process_rss_floor_bytes(void);

/* True when VERSUS_DIRECT_SPAWN=1: children are started from versus with posix_spawn (and no
 * perf counters can be opened for them). */
bool process_direct_spawn(void);

/* Stops the spawner, if one is running: closes its socket (it then kills a running child's
 * group) and reaps it. The next process_run starts another. Optional: at exit the spawner
 * notices versus is gone and exits by itself. */
void process_shutdown(void);

/* Helpers are processes started beside the measured runs (a workload's server, server.c), each
 * the leader of its own process group. A tracked helper's group is killed (SIGKILL) by the
 * handler of SIGINT, SIGTERM and SIGHUP before versus ends, like the running child's; the
 * handler is installed by the first call. At most 16 are tracked at once: returns 0, or -1
 * when that many are. Untrack a helper once it is reaped. */
int process_track_helper(pid_t pid);

/* Interrupts (SIGINT, SIGTERM, SIGHUP). By default the first one kills the running child's
 * group and the helpers' and ends versus by that signal. Once process_set_interruptible(true)
 * is called, the first one kills them the same way but only records the signal (stderr gets
 * one line): the caller sees it with process_interrupted(), stops launching runs and writes
 * what it has; the three signals are back to their default actions then, so a second one ends
 * versus at once. */
void process_set_interruptible(bool on);

/* The signal that interrupted versus (see above), or 0. */
int process_interrupted(void);
void process_untrack_helper(pid_t pid);

/* Frees the strings of an outcome and zeroes it. */
void run_outcome_clear(struct run_outcome *out);

/* True when the outcome ended by itself with an exit code in ok_codes[0..n_ok-1]. */
bool run_outcome_exited_ok(const struct run_outcome *out, const int *ok_codes, size_t n_ok);

/* Finds name (a path, or a command looked up in PATH like execvp does) and returns a malloc'd
 * absolute path to an executable file, or NULL with err set ("'rg' not found in PATH").
 * Relative paths are joined to the working directory; symbolic links are kept as they are (a
 * venv's bin/python is a link that must stay one). */
char *process_resolve_exe(const char *name, struct verr *err);

/* Runs argv (argv[0] looked up in PATH) unmeasured, with cwd (NULL: ours), waits for it, and
 * returns its exit code (or 128+signal), with the first max_out bytes of stdout in *out
 * (malloc'd, NUL-terminated; out may be NULL to discard... into a pipe, never /dev/null) and
 * the last bytes of stderr in *err_text (may be NULL). Both are set whatever the exit code; free
 * them. Returns -1 with err set (and *out, *err_text NULL) when it could not be started. For
 * builds, version queries and helper tools, not for measurement (no timeout). */
int process_capture(char *const *argv, const char *cwd, size_t max_out, char **out, char **err_text,
                    struct verr *err);

#endif
