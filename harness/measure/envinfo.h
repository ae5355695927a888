/*
 * envinfo.h - what machine and software a result was measured on.
 *
 * Collected once per result document, outside the measured path: CPU model and core count
 * (/proc/cpuinfo, sysconf), kernel (uname), operating system (/etc/os-release), load average
 * (getloadavg: 1, 5 and 15 minutes; the machine is shared, so it is recorded at the start and
 * end of a run), the git commit of this project (and whether the tree had changes), versus's
 * own version and the compiler that built it.
 */
#ifndef VERSUS_ENVINFO_H
#define VERSUS_ENVINFO_H

#include <jansson.h>

/* A new object with cpu_model, cores, kernel, os, loadavg_start, git_commit, git_dirty,
 * versus_version, compiler. root is the project root (for git). Missing facts are null. */
json_t *envinfo_collect(const char *root);

/* A new array of the three load averages, or null when unavailable. */
json_t *envinfo_loadavg(void);

/* The current time in UTC as "2026-11-21T14:03:05Z" (ISO 8601), written into out. */
void envinfo_utc_now(char *out, size_t len, int for_filename);

#endif
