/*
 * doc_hyperfine.h - a hyperfine JSON export read as a versus/1 document (doc.h loads it).
 *
 * Takes a parsed `hyperfine --export-json` document ({"results": [{"command", "mean",
 * "stddev", "median", "user", "system", "min", "max", "times": [...],
 * "memory_usage_byte": [...], "exit_codes": [...], "parameters": {...}}]}); gives a versus/1
 * document with one cell per result: workload "cmd", runner = the command, input null,
 * parameters = hyperfine's parameters or {}, verdict "ok", "imported_from": "hyperfine", one
 * measured sample per entry of times (wall_s, seconds), with max_rss_bytes from
 * memory_usage_byte and exit from exit_codes when given; user_s, sys_s and cpu_s per sample
 * only when hyperfine gives them as arrays (it gives only their means: those go into the
 * summary), else null. Note that hyperfine's memory_usage_byte comes from
 * getrusage(RUSAGE_CHILDREN), a running maximum over every child it ever waited for
 * (hyperfine #753).
 */
#ifndef VERSUS_DOC_HYPERFINE_H
#define VERSUS_DOC_HYPERFINE_H

#include <jansson.h>

#include "util/error.h"

/* Converts a parsed hyperfine export into a versus/1 document (a new reference); source is
 * recorded as where it came from. Returns NULL with err set when hf is not one ("SOURCE: not
 * a hyperfine JSON export", "SOURCE: hyperfine result 2: \"command\" must be a string"). */
json_t *doc_from_hyperfine(const json_t *hf, const char *source, struct verr *err);

#endif
