/*
 * input_ready.h - a named input made ready for a run, and its facts for the result document:
 * what `versus run` gives the planner (measure/plan_build.h, struct plan_input_source), which
 * cannot call the data stage itself.
 */
#ifndef VERSUS_DATA_INPUT_READY_H
#define VERSUS_DATA_INPUT_READY_H

#include <stdbool.h>
#include <stddef.h>

#include "define/workload.h"
#include "measure/plan_build.h"

/* How inputs are had: from data_dir; with no_fetch, a missing input is not fetched or
 * generated. */
struct input_ready {
    const char *data_dir;
    bool no_fetch;
    bool last_corrupt; /* set by input_ready_path: the input was there but not as pinned */
};

/* Makes sure in is present under r->data_dir and matches its pin (data/pin.h): when it is
 * missing or corrupt, fetches (data_fetch_input) or generates (data_gen_input) it again, unless
 * no_fetch or the input is large. Returns its path (malloc'd), or NULL with one line in why
 * ("input X is missing (PATH): run versus data gen", "input X does not match its pin (PATH has
 * sha256 ..., inputs.json pins ...): run versus data fetch", "input X is missing and cannot
 * be made again: ..."); r->last_corrupt then says whether it was there but corrupt. */
char *input_ready_path(struct input_ready *r, const struct input_def *in, char *why,
                       size_t why_len);

/* Fills g's input facts from g->input_path: size in bytes and SHA-256 (for a named input the
 * digest pin.c cached, so a large file is not hashed on every run). For a directory (a tree
 * input), the size is the sum of its regular files' sizes and the SHA-256 the one recorded
 * for the archive it was unpacked from (data.h), or none (""). */
void input_ready_describe(const struct input_ready *r, struct group *g);

/* The plan_input_source of r (r must outlive it). */
struct plan_input_source input_ready_source(struct input_ready *r);

#endif
