/*
 * doc_text.h - a result document's cells and values as text, for titles, exports and the
 * history: the names a table or a chart gives a cell or a group, and how numbers and
 * parameter values are written.
 *
 * Takes cells and values read through doc.h; gives malloc'd strings (NULL when out of memory)
 * or text written into a caller's buffer. Nothing here fails on a document's shape: an absent
 * part is left out.
 */
#ifndef VERSUS_DOC_TEXT_H
#define VERSUS_DOC_TEXT_H

#include <jansson.h>
#include <stddef.h>

/* A group's name for titles: "grep · brown · literal" (workload, input, case; the parts that
 * are absent left out), or "(unnamed)". Malloc'd, or NULL when out of memory. */
char *doc_group_label(const json_t *cell);

/* The parameters other than "name" as "pattern=President, ignore_case=true" (strings as they
 * are, numbers with %g), or "" when there are none. Malloc'd, or NULL when out of memory. */
char *doc_parameters_text(const json_t *cell);

/* The machine line for titles: "AMD EPYC, 2 cores · 2026-11-21T15:02:11Z" from env.cpu_model,
 * env.cores and created_at (parts that are absent left out). Malloc'd, or NULL. */
char *doc_machine_line(const json_t *doc);

/* The cell's name in exports: its command text for workload "cmd", else "RUNNER (WORKLOAD
 * CASE, INPUT)" with the case and input parts left out when absent. Malloc'd. */
char *doc_cell_name(const json_t *cell);

/* The cell's identity (doc.h) as "WORKLOAD/INPUT/CASE/RUNNER" ("-" for no input, "" for no
 * case), for messages, into out. */
void doc_identity_text(const json_t *cell, char *out, size_t len);

/* Writes v as the shortest decimal text that reads back as the same double ("0.0125",
 * "1e-07"; whole numbers below 2^53 as integers), or "" for NaN and infinities, into out (at
 * least 32 bytes). */
void doc_number_text(double v, char *out, size_t len);

/* A parameter value as text, the way hyperfine holds parameters: strings as they are, numbers
 * and booleans as JSON writes them, anything else as compact JSON. Malloc'd. */
char *doc_value_text(const json_t *v);

/* The parameters of a `versus cmd` cell as hyperfine writes them: those of its
 * --parameter-scan/--parameter-list only (its parameters but the case's "name" and "shell",
 * names versus cmd reserves), name -> text, sorted by name (hyperfine's BTreeMap). A new
 * object; empty when there are none. */
json_t *doc_cmd_parameters(const json_t *cell);

#endif
