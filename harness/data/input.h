/*
 * input.h - where an input of workloads/inputs.json lives under the data directory, and what
 * kind of thing it is. The leaf of the data stage: data.c, data_gen.c and data_tree.c all use
 * it, and it uses none of them.
 */
#ifndef VERSUS_DATA_INPUT_H
#define VERSUS_DATA_INPUT_H

#include <stdbool.h>

#include "define/workload.h"

/* The path of input's file under data_dir (malloc'd; NULL when out of memory). */
char *data_input_path(const struct input_def *input, const char *data_dir);

/* True when input's kind makes a directory tree ("pypi-sdist", "debian-source"). */
bool data_input_is_tree(const struct input_def *input);

#endif
