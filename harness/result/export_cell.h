/*
 * export_cell.h - what the export formats (export.h) and the history (history.h) read from
 * one cell of a versus/1 document beyond resview.h's accessors (resview_str,
 * resview_input_name, resview_figure, resview_group_cells): its name, whether it has figures,
 * its measured samples and mean CPU times; and how numbers and parameters are written as text.
 *
 * The document is trusted to be versus/1 (results_load or result_build made it), but a field
 * that is missing or of another type reads as absent (NULL, NAN), never as a crash.
 */
#ifndef VERSUS_EXPORT_CELL_H
#define VERSUS_EXPORT_CELL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* The cell's case name (parameters.name), or "" when it has none. */
const char *export_cell_case(const json_t *cell);

/* The cell's name: its command text for workload "cmd", else "RUNNER (WORKLOAD CASE, INPUT)"
 * with the case and input parts left out when absent. Malloc'd. */
char *export_cell_name(const json_t *cell);

/* True when the cell has figures: verdict "verified" or "ok" and a summary object. */
bool export_cell_measured(const json_t *cell);

/* The mean of metric per measured run: summary.<metric>.mean, else the mean of the measured
 * samples' <metric>, else NAN (a sample lacks it, or there are none). */
double export_cell_mean(const json_t *cell, const char *metric);

/* The cell's measured samples (warmup false or absent), borrowed, in order, as a new array. */
json_t *export_cell_samples(const json_t *cell);

/* Writes v as the shortest decimal text that reads back as the same double ("0.0125",
 * "1e-07"), or "" for NAN and infinities, into out (at least 32 bytes). */
void export_number(double v, char *out, size_t len);

/* A parameter value as text, the way hyperfine holds parameters: strings as they are, numbers
 * and booleans as JSON writes them, anything else as compact JSON. Malloc'd. */
char *export_value_text(const json_t *v);

#endif
