/*
 * resume.h - `versus run --resume RESULT.json`: run only the cells an earlier (interrupted)
 * document lacks, and write one document with both.
 *
 * Takes a built plan and the earlier document; a plan cell whose identity (doc.h: workload,
 * input name, parameters, runner) matches an earlier cell that finished (verdict verified, ok,
 * failed or skipped) is not run: it is marked skipped with the reason RESUME_CARRIED, and
 * resume_carry later puts the earlier cell, samples and all, in its place in the new document.
 * Cells the earlier document marked "interrupted", or does not have, run from the start, and so
 * does the reference cell of their group (its output is what they are checked against).
 */
#ifndef VERSUS_RESUME_H
#define VERSUS_RESUME_H

#include <jansson.h>
#include <stddef.h>

#include "measure/plan.h"

#define RESUME_CARRIED "carried over from the resumed document"

/* Marks the plan cells that earlier already has finished (see above). Returns how many. */
size_t resume_mark(struct plan *p, const json_t *earlier);

/* Replaces every cell of doc marked by resume_mark with a copy of its earlier cell, records
 * "resumed_from": path, and recounts "failed_cells". Returns how many carried cells failed. */
size_t resume_carry(json_t *doc, const json_t *earlier, const char *path);

#endif
