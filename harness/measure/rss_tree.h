/*
 * rss_tree.h - the resident set of a whole process group, read now from /proc.
 *
 * Takes a process group id (versus-spawner puts every measured child in a group of its own
 * whose id is the child's pid) and gives the sum, over the group's live processes, of their
 * resident set in bytes. Each member's resident set is read from /proc/PID/statm (field 2,
 * resident pages, times the page size: the kernel's RSS counters, file + anon + shmem,
 * proc(5)) or /proc/PID/smaps_rollup ("Rss:" in KiB, Linux >= 4.14). Pages shared between
 * members (a fork's copy-on-write pages, a shared library) are counted once per member, as
 * `ps` and `top` count them.
 *
 * Finding the members: a process's group is field 5 of /proc/PID/stat (proc(5)), and reading
 * it costs several microseconds of CPU per process (METHODOLOGY.md, "Memory timeline"). So
 * each process seen is classified once, member or not, and remembered: a reading lists /proc
 * (getdents), reads stat only for the pids it has not seen, and statm for the members. A full
 * reading forgets and classifies again (a process may change its group with setpgid, and pids
 * are reused after they wrap). This kernel has no /proc/PID/task/TID/children
 * (CONFIG_PROC_CHILDREN), which would have given the descendants directly.
 *
 * A process that exits between two reads, or has no address space left (a zombie), is skipped
 * and not counted in members. Errors:
 * -1 when /proc cannot be opened (errno set).
 */
#ifndef VERSUS_RSS_TREE_H
#define VERSUS_RSS_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Where each member's resident size is read from. */
enum rss_source {
    RSS_SOURCE_STATM,        /* /proc/PID/statm, field 2 (the default: cheapest) */
    RSS_SOURCE_SMAPS_ROLLUP, /* /proc/PID/smaps_rollup, "Rss:" */
};

/* A process seen, and whether it is in the group. */
struct rss_pid {
    pid_t pid;
    bool member;
};

/* One group being followed: its id, where RSS is read from, and the processes seen at the last
 * reading, by increasing pid. Zero it, set pgid and source, free it with rss_tree_clear. */
struct rss_tree {
    pid_t pgid;
    enum rss_source source;
    struct rss_pid *seen;
    size_t n, cap;
    int members; /* how many members the last reading counted */
};

/* The resident bytes of the group's processes now (see above; full: classify every process
 * again). Returns the sum (0 when no live member is left), or -1 with errno set. */
int64_t rss_tree_read(struct rss_tree *t, bool full);

/* Frees what t holds and zeroes it. */
void rss_tree_clear(struct rss_tree *t);

#endif
