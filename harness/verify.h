/*
 * verify.h - does a run's output equal the reference output?
 *
 * Each workload declares how outputs compare (workload.h, "compare"):
 *   - digest: byte-identical, decided by equal XXH3-64 digests of the whole stdout;
 *   - json-stats: the one-line `name=value ...` statistics of the json-stats workload: every
 *     counter must be equal and number_sum equal within a relative tolerance
 *     (|a - b| <= rel_tol * max(|a|, |b|)), so that correctly rounded parsers that sum in the
 *     same order agree, and a parser that is 1 ULP off on some inputs is still caught when it
 *     matters. Needs the whole output in the kept head (it is one short line);
 *   - sorted-lines: the same lines in any order (for tools that walk a directory tree in their
 *     own order), compared by the digest of the lines sorted bytewise;
 *   - line-count: the same number of lines (for tools that print the same findings in
 *     different formats).
 */
#ifndef VERSUS_VERIFY_H
#define VERSUS_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "workload.h"

struct output_view {
    uint64_t digest;  /* XXH3-64 of the whole output */
    uint64_t bytes;   /* its length */
    const char *head; /* its first head_len bytes */
    size_t head_len;
};

/* How many bytes of output the harness keeps for workloads whose comparison needs all of it
 * (sorted-lines, line-count): a larger output fails the run with a clear reason. */
#define VERIFY_FULL_OUTPUT_CAP ((size_t)512 * 1024 * 1024)

/* True when w's comparison needs the whole output rather than its digest. */
bool verify_needs_full_output(const struct workload *w);

/* For sorted-lines and line-count: replaces the view's digest and bytes by those of the
 * normalised output (the lines sorted bytewise, each ending in '\n'; or "N lines\n"), and
 * returns the first max_text bytes of the normalised output (malloc'd, NUL-terminated; its
 * length in *text_len) so the reference output shown is what was compared. The view's head
 * must hold the whole output. For other modes returns NULL and changes nothing. */
char *verify_normalize(const struct workload *w, struct output_view *view, size_t max_text,
                       size_t *text_len);

/* Returns true when got matches want under workload w's compare mode (w NULL: digest). When it
 * does not, writes a one-line explanation into why (e.g. "output differs: digest 1f.. vs
 * 9a.., 1204 vs 1187 bytes" or "number_sum 1.5 vs 1.25"). */
bool verify_outputs(const struct workload *w, const struct output_view *want,
                    const struct output_view *got, char *why, size_t why_len);

#endif
