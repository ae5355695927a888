/*
 * data_util.h - helpers shared by the fetchers of inputs (data.c for npm packages, data_tree.c
 * for directory trees, data_gen.c for generated files): running a tool, a temporary directory
 * to fetch into and the end of a preparation, removing a tree, checking a digest's spelling.
 * Internal to the data module; see data.h for what the fetchers do.
 */
#ifndef VERSUS_DATA_UTIL_H
#define VERSUS_DATA_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"

/* Runs argv (argv[0] absolute) in cwd (NULL: ours), unmeasured; fails unless it exits with 0.
 * *out (out may be NULL) gets the first 64 KiB of stdout. what names the step in messages.
 * Returns 0, or -1 with err set ("WHAT failed (exit code N): LAST STDERR LINE", or why it could
 * not start). */
int data_run_tool(char *const *argv, const char *cwd, char **out, const char *what,
                  struct verr *err);

/* Removes dir and everything below it, like rm -rf (best effort; symbolic links are removed,
 * not followed; directories made read-only by an archive are made writable first). */
void data_remove_tree(const char *dir);

/* Makes a fresh directory data_dir/.fetch-XXXXXX to fetch into (and data_dir when missing).
 * Returns its malloc'd path, or NULL with err set. */
char *data_temp_dir(const char *data_dir, struct verr *err);

/* The end of preparing input name: removes tmp (a file or a tree; NULL: nothing) and frees it;
 * when rc != 0, prefixes err with 'input "NAME"'. Returns rc. */
int data_end_prepare(int rc, char *tmp, const char *name, struct verr *err);

/* Copies the last non-blank line of text (NULL: none) into out (out_size > 0), without
 * surrounding whitespace, cut to fit. */
void data_last_line(const char *text, char *out, size_t out_size);

/* True when s is 64 lower-case hexadecimal digits. */
bool data_is_sha256_hex(const char *s);

/* True when rel is a relative path without empty, "." or ".." components. */
bool data_is_safe_relative(const char *rel);

/* True when path, with every symbolic link in it resolved (realpath(3)), is root or below it
 * (root resolved too): a member path that a link inside an unpacked package points elsewhere
 * is not. False when either cannot be resolved. */
bool data_is_inside(const char *root, const char *path);

#endif
