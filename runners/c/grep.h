/*
 * grep.h - the `grep` workload: print the lines of a file that match a regular expression.
 */
#ifndef VERSUS_RUNNER_C_GREP_H
#define VERSUS_RUNNER_C_GREP_H

#include <stdbool.h>

/* Prints to stdout every line of the file at `path` that contains a match of `pattern`, as
 * `LC_ALL=C grep -a -E` does: each matching line's bytes without its '\n', then '\n'.
 * Matching uses PCRE2 (8-bit, JIT when available) on bytes: no UTF, no UCP, so `\w`, `\s`,
 * `\b` and `ignore_case` folding are ASCII-only.
 * Returns RUNNER_EXIT_OK if a line matched, RUNNER_EXIT_NO_MATCH if none did, and
 * RUNNER_EXIT_ERROR after printing one line on stderr for a bad pattern, an unreadable file,
 * a matching failure (such as a resource limit) or a failed write. */
int grep_run(const char *pattern, const char *path, bool ignore_case);

#endif
