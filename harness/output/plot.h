/*
 * plot.h - pictures of results, drawn by gnuplot from the scripts in plots/.
 *
 * Each function writes tab-separated data files into an output directory and runs one
 * gnuplot script per picture and format (gnuplot.h), so every picture can be redrawn by hand
 * from its data file (`gnuplot -c plots/bars.gp DATA OUT TITLE png wall`). What is drawn:
 *   - plot_result, for each workload + input + case (a doc group, result/doc.h): wall time, CPU
 * time and peak RSS per runner, a bar at the median with p5 to p95 whiskers (bars.gp); and, for the
 *     cells whose summary has metrics.task_latency_s (the agent workload), per workload and
 *     input: task latency p95 and CPU against parameters.concurrency, one line per runner
 *     (agent.gp); and, per group whose samples have a memory timeline (rss_timeline), the
 *     process tree's resident set against time of each runner's last measured run, one line
 *     per runner (timeline.gp); for workload parallel (plot_speedup.c), speed-up and parallel
 *     efficiency against the worker count, one line per runner, with the ideal line
 *     (speedup.gp); for cells with request latency percentiles (workload gc-latency,
 *     plot_latency.c), latency against percentile on HdrHistogram's 1 / (1 - p) scale, one line
 *     per runner and case (latency.gp). Failed and skipped cells have no figures and are left
 *     out;
 *   - plot_compare, a versus-compare/1 document: one row per matched cell, its ratio after /
 *     before with the confidence interval as error bars, a line at 1 (ratios.gp);
 *   - plot_history, the lines of a history file (history.h): each group's median wall time
 *     over commits, one line per runner (history.gp).
 * Titles name the workload, input and case, the machine (env.cpu_model, env.cores) and the
 * date (created_at). Files are named NN-workload-input-case-metric.{png,svg} (NN: the group's
 * position, so names never collide), data files .tsv.
 */
#ifndef VERSUS_PLOT_H
#define VERSUS_PLOT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util/error.h"

/* Image formats, as a bit set: PNG through gnuplot's pngcairo terminal (gd's png when gnuplot
 * has no cairo), SVG through its svg terminal. */
enum plot_format {
    PLOT_PNG = 1,
    PLOT_SVG = 2,
};

struct plot_options {
    const char *scripts_dir; /* where bars.gp, agent.gp, ... (plots/) are */
    const char *out_dir;     /* where data files and images go (created if missing) */
    const char *gnuplot;     /* absolute path, from gnuplot_find */
    unsigned formats;        /* PLOT_PNG | PLOT_SVG */
};

/* Group index of a file that does not draw one doc group. */
#define PLOT_NO_GROUP SIZE_MAX

/* One file written. */
struct plot_file {
    char *path;      /* as written: out_dir joined with the file name */
    char kind[16];   /* "data", or what the image shows: "wall", "cpu", "rss", "agent",
                      * "timeline", "speedup", "latency", "ratios", "history" */
    unsigned format; /* PLOT_PNG or PLOT_SVG; 0 for a data file */
    size_t group;    /* the doc group drawn (plot_result's bars), else PLOT_NO_GROUP */
    char *label;     /* what it shows, for captions: "grep · brown · literal" */
};

/* The files written, in the order they were written. */
struct plot_files {
    struct plot_file *files;
    size_t n;
};

/* Draws a versus/1 document (see above) into o->out_dir. Appends every file written to out
 * (initialise it to {0}). Returns 0, or -1 with err set (a data file that cannot be written,
 * gnuplot failing); the files written so far stay listed in out. */
int plot_result(const json_t *doc, const struct plot_options *o, struct plot_files *out,
                struct verr *err);

/* Loads a versus-compare/1 document (`versus compare --json`). Returns a new reference, or
 * NULL with err set ("PATH: line 1, column 2: ...", "PATH: not a versus-compare/1 document"). */
json_t *plot_load_compare(const char *path, struct verr *err);

/* Draws a versus-compare/1 document cmp: its matched cells that have a ratio. Writes nothing
 * (and returns 0) when there is no such cell. Same contract as plot_result. */
int plot_compare(const json_t *cmp, const struct plot_options *o, struct plot_files *out,
                 struct verr *err);

/* Loads a history file (JSON Lines, history.h): returns a new array of its entries, oldest
 * first, or NULL with err set ("PATH:4: ...": a line that is not a JSON object with a "cells"
 * array). Empty lines are skipped. */
json_t *plot_load_history(const char *path, struct verr *err);

/* Draws the history entries (an array from plot_load_history): one picture per group of
 * cells (workload, input, parameters), median wall time over the entries, one line per
 * runner. Writes nothing (and returns 0) when no cell has a median. Same contract as
 * plot_result. */
int plot_history(const json_t *entries, const struct plot_options *o, struct plot_files *out,
                 struct verr *err);

/* The GIL claim's picture (plot_speedup.c) and the GC-pause claim's (plot_latency.c), called
 * by plot_result; each writes nothing when the document has no such cell. Same contract as
 * plot_result. */
int plot_speedup(const json_t *doc, const struct plot_options *o, struct plot_files *out,
                 struct verr *err);
int plot_latency(const json_t *doc, const struct plot_options *o, struct plot_files *out,
                 struct verr *err);

/* ---- pictures across groups (plot_series.c) ---- */

/* True when a and b are both NULL or the same string. */
bool plot_same_str(const char *a, const char *b);

/* Sorts the cell indexes idx[0..n) of doc by key(cell), ascending (stable). */
void plot_sort_cells(const json_t *doc, size_t *idx, size_t n, double (*key)(const json_t *cell));

/* Draws the picture of the series of cell `key` (n_cells cells in doc), marking every cell it
 * draws in done[]. Same contract as plot_result. */
typedef int (*plot_series_fn)(const json_t *doc, size_t key, bool *done, size_t n_cells,
                              const struct plot_options *o, struct plot_files *out,
                              struct verr *err);

/* Writes "\tV1\tV2...\n" (plot_write_number each). */
void plot_write_numbers(FILE *f, const double *values, size_t n);

/* Writes one runner's block of a data file: the cells idx[0..n) of doc. */
typedef void (*plot_block_fn)(FILE *f, const json_t *doc, size_t *idx, size_t n);

/* Writes the blocks of a series, one per runner (first appearance order), separated by two
 * blank lines (gnuplot's index): the cells from index key on that usable accepts, same(cell,
 * key's cell) says belong to the series and no earlier call marked in done[] (each is marked).
 * idx has room for n_cells indexes. */
void plot_runner_blocks(FILE *f, const json_t *doc, size_t key, bool *done, size_t n_cells,
                        size_t *idx, bool (*usable)(const json_t *cell),
                        bool (*same)(const json_t *a, const json_t *b), plot_block_fn block);

/* Calls one for each cell that usable accepts and no earlier call marked done, in the
 * document's order. Returns 0, or the first failure (-1 with err set). */
int plot_each_series(const json_t *doc, bool (*usable)(const json_t *cell), plot_series_fn one,
                     const struct plot_options *o, struct plot_files *out, struct verr *err);

/* A picture across groups: its script, its kind (plot_file.kind), the suffix of its file
 * names after the label's slug ("-concurrency"), what its title says after the label, the data
 * file's first comment after the label, and the writer of its blocks (the cells of the series
 * of cell key, marked in done[]; idx has room for n_cells indexes). */
struct plot_series {
    const char *script, *kind, *suffix, *what, *header;
    void (*blocks)(FILE *f, const json_t *doc, size_t key, bool *done, size_t n_cells, size_t *idx);
};

/* Writes the data file SLUG(label)SUFFIX.tsv ("# LABEL: HEADER", then the blocks) and draws it,
 * titled "LABEL · WHAT\nMACHINE" (doc_machine_line). Same contract as plot_result. */
int plot_series_draw(const json_t *doc, size_t key, bool *done, size_t n_cells, const char *label,
                     const struct plot_series *s, const struct plot_options *o,
                     struct plot_files *out, struct verr *err);

/* "workload · input" of a cell ("(unnamed)" without a workload, no " · " without an input). */
void plot_workload_label(const json_t *cell, char *out, size_t len);

/* Frees every file name and label in f and zeroes it. */
void plot_files_free(struct plot_files *f);

/* ---- shared by plot_result.c, plot_compare.c and plot_history.c ---- */

/* Appends a file to f (path and label are copied; label may be NULL). Returns 0, or -1 with
 * err set when out of memory. */
int plot_files_add(struct plot_files *f, const char *path, const char *kind, unsigned format,
                   size_t group, const char *label, struct verr *err);

/* A file-name-safe form of text: ASCII letters, digits, '.', '_' and '-' kept, every other
 * run of bytes turned into one '_', at most 60 bytes, never empty ("_"). Malloc'd, or NULL. */
char *plot_slug(const char *text);

/* The file-name stem of a group: the slugs of its workload, input and case name joined by '-'
 * ("grep-brown-literal"; absent parts left out), or "cell". Malloc'd, or NULL. */
char *plot_group_stem(const json_t *cell);

/* Writes text to a data file as one field: tabs, newlines and double quotes (which gnuplot
 * would take as a field separator, a record end, a quoted string) become spaces or single
 * quotes, and at most 48 bytes are written (then "…"). */
void plot_write_field(FILE *f, const char *text);

/* Writes a number to a data file: %.9g, or NaN when it is not finite. */
void plot_write_number(FILE *f, double v);

/* Opens o->out_dir/name for writing (creating the directory), records it in out as a "data"
 * file, and returns the stream with its path in *path (malloc'd). NULL with err set on
 * failure. Close it with plot_data_close. */
FILE *plot_data_open(const struct plot_options *o, const char *name, size_t group,
                     struct plot_files *out, char **path, struct verr *err);

/* Closes a data file; -1 with err set when a write failed. */
int plot_data_close(FILE *f, const char *path, struct verr *err);

/* Draws data_path with script (a file name in o->scripts_dir) once per format in o->formats:
 * gnuplot -c SCRIPT DATA OUT_DIR/STEM.{png,svg} TITLE {png,svg} EXTRA... (at most 5 extra
 * arguments), checks that the image was written, and records it in out with kind, group and
 * label. Returns 0, or -1 with err set. */
int plot_render(const struct plot_options *o, const char *script, const char *data_path,
                const char *stem, const char *title, const char *const *extra, size_t n_extra,
                const char *kind, size_t group, const char *label, struct plot_files *out,
                struct verr *err);

#endif
