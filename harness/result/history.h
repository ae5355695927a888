/*
 * history.h - the benchmark history: one JSON line per benchmarked commit (JSON Lines,
 * https://jsonlines.org), appended by `versus history append` and drawn by
 * `versus plot --history`.
 *
 * A line: {"commit": "23026c6...", "date": "2026-11-21T15:02:11Z", "cells": [{"workload",
 * "input" (its name, or null), "parameters" (the case's, whole), "runner", "verdict",
 * "median_wall_s", "median_cpu_s", "median_max_rss_bytes", then "p5_wall_s", "p95_wall_s",
 * "p5_cpu_s", "p95_cpu_s", "p5_max_rss_bytes", "p95_max_rss_bytes"}]}: the figures are null for
 * a cell without figures (failed or skipped), which stays listed so a plot can show the gap.
 */
#ifndef VERSUS_HISTORY_H
#define VERSUS_HISTORY_H

#include <jansson.h>

#include "util/error.h"

/* The history line of a versus/1 document (a new reference). commit: the commit to record,
 * or NULL for the document's env.git_commit (null when it has none); date is its created_at. */
json_t *history_entry(const json_t *doc, const char *commit);

/* Appends entry as one compact JSON line to the file at path (created, with its directory, if
 * missing). Atomic: the whole new file is written to a temporary file beside it and renamed
 * over it (fsutil_write_atomic), so a reader or a crash sees the old history or the new one,
 * never a torn last line; concurrent appenders are serialised by an flock(2) on the directory,
 * so none is lost. Returns 0, or -1 with err set. */
int history_append(const char *path, const json_t *entry, struct verr *err);

#endif
