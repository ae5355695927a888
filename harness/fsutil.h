/*
 * fsutil.h - small file-system helpers: whole-file reads, atomic writes, directories, SHA-256.
 *
 * Results are never half-written: fsutil_write_atomic writes a temporary file in the target's
 * directory, fsyncs it and renames it over the target (rename(2) is atomic within a file
 * system), so a reader sees the old file or the new one, never a torn one.
 */
#ifndef VERSUS_FSUTIL_H
#define VERSUS_FSUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "error.h"

/* Reads the whole file at path into a malloc'd, NUL-terminated buffer; *len gets its size.
 * Returns NULL with err set ("cannot read PATH: reason"). */
char *fsutil_read_file(const char *path, size_t *len, struct verr *err);

/* Writes len bytes to path atomically (temp file in the same directory, fsync, rename).
 * Returns 0, or -1 with err set; the target is then untouched. */
int fsutil_write_atomic(const char *path, const void *data, size_t len, struct verr *err);

/* Creates dir and its missing parents (mode 0755), like mkdir -p. Returns 0 or -1. */
int fsutil_mkdir_p(const char *dir, struct verr *err);

/* True when path exists (any type). */
bool fsutil_exists(const char *path);

/* Size of the file at path in bytes, or -1 when it cannot be stat'ed. */
int64_t fsutil_file_size(const char *path);

/* Newest modification time (seconds) of path and, if a directory, everything below it,
 * skipping directories named "target", ".venv", "__pycache__" and ".git". Returns 0 when
 * path does not exist. */
time_t fsutil_newest_mtime(const char *path);

/* SHA-256 (FIPS 180-4, via OpenSSL's EVP interface) of the file at path, as 64 lower-case
 * hex digits plus NUL in out. Returns 0, or -1 with err set. */
int fsutil_sha256_file(const char *path, char out[65], struct verr *err);

/* Joins a and b with one '/' into a malloc'd string (b absolute: a copy of b). */
char *fsutil_join(const char *a, const char *b);

#endif
