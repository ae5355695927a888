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
 *     different formats);
 *   - paths: the same files named (for tools that say which files they flagged, each in its own
 *     words, such as black and ruff format, or flake8 and ruff check). From every line the
 *     first whitespace-separated word that contains a '/' is taken, with trailing ':' removed
 *     ("src/a.py:12:5:" gives "src/a.py:12:5", so a linter's findings are compared by file,
 *     line and column); a relative one is made absolute against the run's working directory
 *     (output_view.cwd), and "./" components and doubled slashes are dropped. Lines without
 *     such a word (summaries, "Oh no!") are left out. The words are sorted bytewise
 *     (duplicates kept) and compared as a whole; with the workload's "max_differ" f > 0, the
 *     outputs agree when at most f times the number of distinct words named by either are
 *     named by only one of them (formatters that disagree by design on a few files). Paths
 *     with spaces are not supported;
 *   - names: the same entries listed (long directory listings whose columns differ, such as
 *     ls -lR and lsd -lR): the last whitespace-separated word of every line that has at least
 *     three words (so directory headers "DIR:", "total N" and blank lines are left out), sorted
 *     bytewise (duplicates kept) and compared whole. Names with spaces compare by their last
 *     word, a symbolic link by its target.
 */
#ifndef VERSUS_VERIFY_H
#define VERSUS_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "define/workload.h"

struct output_view {
    uint64_t digest;  /* XXH3-64 of the whole output */
    uint64_t bytes;   /* its length */
    const char *head; /* its first head_len bytes */
    size_t head_len;
    const char *cwd; /* the run's working directory (paths mode), or NULL */
};

/* How many bytes of output the harness keeps for workloads whose comparison needs all of it
 * (sorted-lines, line-count): a larger output fails the run with a clear reason. */
#define VERIFY_FULL_OUTPUT_CAP ((size_t)512 * 1024 * 1024)

/* True when w's comparison needs the whole output rather than its digest. */
bool verify_needs_full_output(const struct workload *w);

/* For sorted-lines, line-count, paths and names: replaces the view's digest and bytes by those of
 * the normalised output (the lines sorted bytewise, each ending in '\n'; "N lines\n"; or the path
 * words sorted, one a line), and
 * returns the first max_text bytes of the normalised output (malloc'd, NUL-terminated; its
 * length in *text_len) so the reference output shown is what was compared. The view's head
 * must hold the whole output. For other modes returns NULL and changes nothing. */
char *verify_normalize(const struct workload *w, struct output_view *view, size_t max_text,
                       size_t *text_len);

/* Returns true when got matches want under workload w's compare mode (w NULL: digest). When it
 * does not, writes a one-line explanation into why (e.g. "output differs: digest 1f.. vs
 * 9a.., 1204 vs 1187 bytes", "number_sum 1.5 vs 1.25", or for paths how many are named by only
 * one side, with the first of each). For paths, want and got must have gone through
 * verify_normalize in this process: the whole normalised lists of the last outputs normalised
 * are kept, by digest, for this comparison. */
bool verify_outputs(const struct workload *w, const struct output_view *want,
                    const struct output_view *got, char *why, size_t why_len);

#endif
