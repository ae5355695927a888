/*
 * history_read.h - reading the benchmark history (history.h: JSON Lines, one object per
 * benchmarked commit), for `versus plot --history`, `versus history check` and the dashboard.
 */
#ifndef VERSUS_HISTORY_READ_H
#define VERSUS_HISTORY_READ_H

#include <jansson.h>

#include "util/error.h"

/* The entries of the history file at path, in file order (a new array of objects, each with a
 * "cells" array; blank lines are skipped). NULL with err set ("PATH:LINE: column C: ...") when
 * the file cannot be read or a line is not such an object. */
json_t *history_read(const char *path, struct verr *err);

#endif
