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
};

/* Makes sure in's file exists under r->data_dir, fetching (data_fetch_input) or generating
 * (data_gen_input) it when missing, unless no_fetch or the input is large. Returns its path
 * (malloc'd), or NULL with one line in why ("input X is missing (PATH): run versus data fetch
 * / data gen", "input X is large and is not fetched by versus run: ...", "input X
 * unavailable: ..."). */
char *input_ready_path(const struct input_ready *r, const struct input_def *in, char *why,
                       size_t why_len);

/* Fills g's input facts from g->input_path: size in bytes and SHA-256. For a directory (a tree
 * input), the size is the sum of its regular files' sizes and the SHA-256 the one recorded
 * for the archive it was unpacked from (data.h), or none (""). */
void input_ready_describe(struct group *g);

/* The plan_input_source of r (r must outlive it). */
struct plan_input_source input_ready_source(struct input_ready *r);

#endif
