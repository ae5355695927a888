/*
 * rss_tree.c - the resident set of a process group from /proc (see rss_tree.h).
 */
#define _GNU_SOURCE /* openat's O_CLOEXEC is POSIX; dirfd */

#include "measure/rss_tree.h"

#include "measure/spawner/spawner_io.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "measure/spawner/spawner_io.h"

/* The process group of the process whose /proc/PID/stat is text, or -1 when it cannot be
 * parsed. The command name (field 2) is in parentheses and may hold spaces and ')': the fields
 * after it start after the last ')'. */
static long stat_pgrp(const char *text)
{
    const char *close = strrchr(text, ')');
    if (close == NULL)
        return -1;
    char state = 0;
    long ppid = 0, pgrp = 0;
    if (sscanf(close + 1, " %c %ld %ld", &state, &ppid, &pgrp) != 3)
        return -1;
    return pgrp;
}

/* Resident bytes of pid, or -1 when it cannot be read or the process has no address space any
 * more (a zombie, or one being torn down at exit: statm reads all zeros, smaps_rollup is
 * empty). Such a process is not counted: a reading taken after the program exited but before
 * it was reaped would otherwise read 0 and bend the timeline's slope down. */
static int64_t member_rss(int proc_fd, long pid, enum rss_source source)
{
    char path[64];
    char buf[4096];
    if (source == RSS_SOURCE_STATM) {
        snprintf(path, sizeof path, "%ld/statm", pid);
        unsigned long long size = 0, resident = 0;
        if (spawner_read_text(proc_fd, path, buf, sizeof buf) <= 0 ||
            sscanf(buf, "%llu %llu", &size, &resident) != 2 || size == 0)
            return -1;
        return (int64_t)resident * (int64_t)sysconf(_SC_PAGESIZE);
    }
    snprintf(path, sizeof path, "%ld/smaps_rollup", pid);
    if (spawner_read_text(proc_fd, path, buf, sizeof buf) < 0)
        return -1;
    const char *rss = strstr(buf, "\nRss:");
    unsigned long long kib = 0;
    if (rss == NULL) /* a zombie's smaps_rollup is empty */
        return -1;
    if (sscanf(rss + 5, " %llu kB", &kib) != 1)
        return -1;
    return (int64_t)kib * 1024;
}

/* The classification of pid in the sorted seen[0..n), or -1 when it was not seen. */
static int seen_member(const struct rss_pid *seen, size_t n, pid_t pid)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (seen[mid].pid == pid)
            return seen[mid].member;
        if (seen[mid].pid < pid)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static int by_pid(const void *a, const void *b)
{
    pid_t x = ((const struct rss_pid *)a)->pid, y = ((const struct rss_pid *)b)->pid;
    return (x > y) - (x < y);
}

/* Appends p to *arr (growing it). Returns 0, or -1 when out of memory. */
static int seen_add(struct rss_pid **arr, size_t *n, size_t *cap, struct rss_pid p)
{
    if (*n == *cap) {
        size_t want = *cap ? *cap * 2 : 256;
        struct rss_pid *bigger = realloc(*arr, want * sizeof *bigger);
        if (bigger == NULL)
            return -1;
        *arr = bigger;
        *cap = want;
    }
    (*arr)[(*n)++] = p;
    return 0;
}

int64_t rss_tree_read(struct rss_tree *t, bool full)
{
    if (full)
        t->n = 0;
    DIR *dir = opendir("/proc");
    if (dir == NULL)
        return -1;
    int proc_fd = dirfd(dir);
    struct rss_pid *now = NULL;
    size_t n_now = 0, cap_now = 0;
    bool sorted = true;
    int64_t sum = 0;
    int members = 0;
    char stat_text[1024];
    char path[64];
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        char *end = NULL;
        long pid = strtol(e->d_name, &end, 10);
        if (!isdigit((unsigned char)e->d_name[0]) || *end != '\0')
            continue;
        int member = seen_member(t->seen, t->n, (pid_t)pid);
        if (member < 0) {
            snprintf(path, sizeof path, "%ld/stat", pid);
            if (spawner_read_text(proc_fd, path, stat_text, sizeof stat_text) <= 0)
                continue; /* gone already */
            member = stat_pgrp(stat_text) == (long)t->pgid;
        }
        sorted = sorted && (n_now == 0 || now[n_now - 1].pid < (pid_t)pid);
        if (seen_add(&now, &n_now, &cap_now,
                     (struct rss_pid){.pid = (pid_t)pid, .member = member != 0}) != 0)
            break; /* out of memory: this reading counts what it has read */
        if (!member)
            continue;
        int64_t rss = member_rss(proc_fd, pid, t->source);
        if (rss < 0)
            continue; /* it exited between the two reads, or is exiting */
        sum += rss;
        members++;
    }
    closedir(dir);
    if (!sorted && n_now > 1)
        qsort(now, n_now, sizeof *now, by_pid);
    free(t->seen);
    t->seen = now;
    t->n = n_now;
    t->cap = cap_now;
    t->members = members;
    return sum;
}

void rss_tree_clear(struct rss_tree *t)
{
    free(t->seen);
    *t = (struct rss_tree){0};
}
