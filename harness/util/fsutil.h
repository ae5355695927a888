/*
 * fsutil.h - small file-system helpers: whole-file reads, atomic writes, directories, SHA-256.
 *
 * Results are never half-written: fsutil_write_atomic writes a temporary file in the target's
 * directory, fsyncs it and renames it over the target (rename(2) is atomic within a file
 * system), so a reader sees the old file or the new one, never a torn one.
 *
 * Functions taking `struct verr *err` accept NULL there (see error.h).
 */
#ifndef VERSUS_FSUTIL_H
#define VERSUS_FSUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "util/error.h"

/* Reads the whole file at path into a malloc'd buffer with a NUL after the data (the data may
 * hold NULs too); *len (if len is not NULL) gets its size in bytes. Reads to end of file
 * whatever stat says (works for /proc). Returns NULL with err set ("cannot read PATH:
 * reason"; a directory gives "Is a directory"). */
char *fsutil_read_file(const char *path, size_t *len, struct verr *err);

/* Writes len bytes (data may be NULL when len is 0) to path atomically: a temporary in the
 * same directory, written, fsync'd and renamed over path; then the directory is fsync'd (best
 * effort). The temporary is nameless while written (O_TMPFILE) and named
 * ".<name>.tmp-<pid>-XXXXXX" only for the rename (linkat through /proc/self/fd), or from the
 * start where O_TMPFILE or /proc is missing; temporaries of path whose pid is dead (a killed
 * writer's) are removed first. The new file gets the permission bits of
 * the file it replaces, or 0644. A symbolic link at path is replaced, not followed. Returns
 * 0, or -1 with err set ("cannot write PATH: ..."); the target is then untouched and the
 * temporary removed. The directory must exist. */
int fsutil_write_atomic(const char *path, const void *data, size_t len, struct verr *err);

/* Unlinks the named temporary of the atomic write under way, if any: for a signal handler
 * that is about to end the process (async-signal-safe: one unlink(2)). */
void fsutil_unlink_pending_temp(void);

/* Creates dir and its missing parents (mode 0755, less the umask), like mkdir -p; an existing
 * directory is fine. Returns 0, or -1 with err set ("cannot create directory PATH: reason",
 * naming the component that failed). */
int fsutil_mkdir_p(const char *dir, struct verr *err);

/* The directory of path, malloc'd: "." when it has none, "/" for a file in the root; NULL
 * when out of memory. */
char *fsutil_dir_name(const char *path);

/* True when path exists (any type). Follows symbolic links, like test -e: a dangling link
 * does not exist. */
bool fsutil_exists(const char *path);

/* Size of the file at path in bytes (symbolic links followed), or -1 when it cannot be
 * stat'ed. */
int64_t fsutil_file_size(const char *path);

/* True when path is a directory (symbolic links followed). */
bool fsutil_is_dir(const char *path);

/* The size of what path holds, in bytes: for a regular file its size; for a directory the sum
 * of the sizes of the regular files below it (symbolic links are neither followed nor
 * counted; entries that cannot be read are left out). *n_files (if not NULL) gets how many
 * regular files were counted (1 for a file). Returns -1 when path cannot be stat'ed. */
int64_t fsutil_tree_size(const char *path, int64_t *n_files);

/* Newest modification time (seconds since the epoch) of path and, if a directory, everything
 * below it (directories' own times included), skipping directories named "target", ".venv",
 * "__pycache__" and ".git" and every symbolic link below path (path itself is followed).
 * Entries that cannot be read are ignored. Returns 0 when path does not exist. */
time_t fsutil_newest_mtime(const char *path);

/* SHA-256 (FIPS 180-4, via OpenSSL's EVP interface) of the file at path, read in 1 MiB
 * chunks, as 64 lower-case hex digits plus NUL in out. Returns 0, or -1 with err set ("cannot
 * read PATH: reason" or "cannot hash PATH: ..."). */
int fsutil_sha256_file(const char *path, char out[65], struct verr *err);

/* Joins a and b with one '/' into a malloc'd string: trailing slashes of a are dropped, so
 * ("a/", "b") and ("a", "b") both give "a/b", and ("/", "b") gives "/b". When b is absolute or
 * a is empty the result is a copy of b. Returns NULL when out of memory. */
char *fsutil_join(const char *a, const char *b);

#endif
