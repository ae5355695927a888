/*
 * cachegrind.h - reading Cachegrind's output files: the instruction count (Ir) of a process,
 * summed over a process tree.
 *
 * Takes: the text of one output file, or a directory of them (one per process, written by
 * `valgrind --tool=cachegrind --trace-children=yes --cachegrind-out-file=DIR/cg.%p`). Gives:
 * instructions executed (Ir), a count of events.
 *
 * The format is the one the Cachegrind manual describes ("Cachegrind Output File Format",
 * https://valgrind.org/docs/manual/cg-manual.html#cg-manual.impl-details.file-format, Valgrind
 * 3.19): header lines `desc: ...` (any number), `cmd: COMMAND` (one), `events: NAME NAME ...`
 * (one, the names of the columns, e.g. `events: Ir` with --cache-sim=no, `events: Ir I1mr ILmr
 * Dr ...` with the cache simulation), then the per-line counts (`fl=`, `fn=` and `LINE COUNT
 * ...` lines, which are not needed here), and last `summary: COUNT COUNT ...`, the totals of
 * the whole process in the order of `events:` (Valgrind 3.19 writes it last; the manual lets
 * it be followed by an optional `totals:` line that this reader ignores). Only the summary is
 * read: it is the sum of every counted instruction of the client program, from its first
 * instruction after execve to its exit; Valgrind's own start-up is not in it.
 *
 * Errors name the file and the line: a missing `events:` or `summary:` line (a process killed
 * before it could write its file leaves none, or a truncated one), no `Ir` event, a summary
 * with fewer counts than events, or a count that is not a non-negative integer.
 */
#ifndef VERSUS_CACHEGRIND_H
#define VERSUS_CACHEGRIND_H

#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

/* The Ir total of one output file whose text is text[0..len) (need not be NUL-terminated);
 * name is for messages. Returns 0 with *ir set, or -1 with err set ("NAME: line 5: summary has
 * 1 counts for 2 events"). */
int cachegrind_parse_ir(const char *text, size_t len, const char *name, uint64_t *ir,
                        struct verr *err);

/* Sums the Ir of every file in dir whose name begins with prefix (e.g. "cg."): one per process
 * of the tree. Returns 0 with *ir the sum and *files how many files were read (0 when there
 * is none: *ir is then 0), or -1 with err set (the directory or a file cannot be read, or a
 * file does not parse). */
int cachegrind_sum_dir(const char *dir, const char *prefix, uint64_t *ir, size_t *files,
                       struct verr *err);

#endif
