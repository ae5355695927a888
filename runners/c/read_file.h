/*
 * read_file.h - reads a whole file into memory with read(2).
 */
#ifndef VERSUS_RUNNER_C_READ_FILE_H
#define VERSUS_RUNNER_C_READ_FILE_H

#include <stddef.h>

/* Reads the whole file at `path` into a new malloc'd buffer, stored in `*data` (the caller
 * frees it; never NULL on success, even for an empty file), its size in bytes in `*len`.
 * Works for files whose size fstat does not know (pipes, /proc). Returns 0, or an errno
 * value on failure (then `*data` is NULL). */
int read_file(const char *path, char **data, size_t *len);

#endif
