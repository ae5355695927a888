/*
 * spawner_client.h - versus's side of versus-spawner (see versus_spawner.c and
 * spawner_protocol.h): finds and starts the spawner on first use, sends it one run at a time,
 * reads its replies, and stops it. Used by harness/measure/process.c only. One spawner per process:
 * a process forked from versus that uses these functions starts its own.
 */
#ifndef VERSUS_SPAWNER_CLIENT_H
#define VERSUS_SPAWNER_CLIENT_H

#include <spawn.h>
#include <stdint.h>
#include <sys/types.h>

#include "measure/spawner/spawner_protocol.h"
#include "util/error.h"

/* Makes sure the spawner is running: starts it on first use, and again when the previous one
 * died between runs. It is looked for at $VERSUS_SPAWNER when that is set, else as
 * "versus-spawner" next to /proc/self/exe, else in VERSUS_BUILD_DIR. Returns 0, or -1 with err
 * set ("versus-spawner not found next to ... nor in ...", "versus-spawner ... exited with code
 * 2 before it was ready"). */
int spawner_ensure(struct verr *err);

/* Sends one RUN request: fds[0..n_fds-1] as spawner_protocol.h orders them, argv (argv[0] an
 * absolute path) and envp (both NULL-terminated), and the perf events to count for the child
 * (counters[0..n_counters-1], at most SPAWNER_MAX_COUNTERS). The spawner must be running
 * (spawner_ensure). Returns 0, or -1 with err set: the request is too large ("argument list and
 * environment too large: N bytes, at most 1048576"), or the spawner died (it is then reaped and
 * forgotten). */
int spawner_send_run(const int *fds, unsigned n_fds, char *const *argv, char *const *envp,
                     const struct spawner_counter *counters, uint32_t n_counters, uint32_t flags,
                     struct verr *err);

/* Asks the spawner to SIGKILL the running child's process group. Returns 0, or -1 (errno set)
 * when the request could not be sent; the next spawner_read_reply then reports why. */
int spawner_send_kill(void);

/* Asks the running spawner for the resident size a child starts with (PROBE). Returns it in
 * bytes, or -1 with err set (the spawner died, could not fork, or no smaps_rollup). */
int64_t spawner_probe_floor(struct verr *err);

/* The socket to poll: it becomes readable when a reply (or the spawner's death) is waiting.
 * -1 when no spawner is running. */
int spawner_socket(void);

/* Reads the next reply into *r (blocking). Returns 0, or -1 with err set when the spawner died
 * ("versus-spawner (pid 123) died: killed by signal 9"; it is then reaped and forgotten) or sent
 * something that is not a reply (it is then stopped). */
int spawner_read_reply(struct spawner_reply *r, struct verr *err);

/* Stops the spawner: closes the socket (it then kills a running child's group, reaps it and
 * exits) and reaps it. Does nothing when none is running. */
void spawner_stop(void);

/* Sets attr (initialised) as every child of versus starts: in a process group of its own, with
 * an empty signal mask and every signal at its default disposition (the spawner itself, and a
 * measured program under VERSUS_DIRECT_SPAWN=1). Returns 0 or an errno value. */
int spawner_child_attributes(posix_spawnattr_t *attr);

/* The spawner's process id, or 0 when none is running. */
pid_t spawner_pid(void);

/* The peak resident size (VmHWM in /proc/<pid>/status) of process pid, 0 meaning this one, in
 * bytes; -1 when it cannot be read. */
int64_t vm_hwm_bytes(pid_t pid);

#endif
