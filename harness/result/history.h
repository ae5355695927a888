/*
 * history.h - the benchmark history (results/history.jsonl, JSON Lines): builds the line of one
 * benchmarked commit from its result document and appends it, for `versus history append`
 * (result/history_read.h reads the file back for plot, check and dashboard). Format: FORMAT.md,
 * section "History".
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
 * so none is lost. A symbolic link at path is written through (the file it names gets the
 * line; the link stays). A last line without its newline is mended when it is JSON; a torn one
 * (not JSON) is refused, naming file and line, and nothing is written. Returns 0, or -1 with
 * err set. */
int history_append(const char *path, const json_t *entry, struct verr *err);

#endif
