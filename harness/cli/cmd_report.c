/*
 * cmd_report.c - the warnings and the relative summary of `versus cmd` (see cmd_report.h).
 */
#include "cli/cmd_report.h"

#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare/compare_stats.h"
#include "measure/warnings.h"
#include "output/table.h"

void cmd_report_output_warning(char *const *outputs, bool show_output)
{
    for (size_t i = 0; outputs != NULL && outputs[i] != NULL && !show_output; i++) {
        if (strcmp(outputs[i], "null") == 0) {
            fprintf(stderr,
                    "versus cmd: warning: --output null sends stdout to /dev/null, and some "
                    "programs then do less: GNU grep stops at the first match (grep >= 2.27), so "
                    "it measures as fast as it is not. --output pipe (the default) reads it "
                    "through a pipe.\n");
            return;
        }
    }
}

/* The measured wall times of c (malloc'd); *n how many. */
static double *walls_of(const struct cell *c, size_t *n)
{
    double *w = malloc((c->n_samples + 1) * sizeof *w);
    *n = 0;
    for (size_t i = 0; w != NULL && i < c->n_samples; i++)
        if (!c->samples[i].warmup)
            w[(*n)++] = c->samples[i].wall_s;
    return w;
}

static bool measured(const struct cell *c)
{
    return c->verdict == VERDICT_OK || c->verdict == VERDICT_VERIFIED;
}

/* Prints and records the warnings of every cell. */
static void warnings(const struct cmd_report *r, const struct plan *p, json_t *doc)
{
    json_t *cells = json_object_get(doc, "cells");
    bool colour = table_colour_wanted(r->colour, stdout);
    for (size_t ci = 0; ci < p->n_cells; ci++) {
        json_t *list = warnings_of_cell(&p->cells[ci], r->ignore_failure);
        size_t i;
        json_t *w;
        json_array_foreach(list, i, w)
        {
            if (r->print)
                printf("%swarning%s: '%s': %s\n", colour ? "\033[33m" : "", colour ? "\033[0m" : "",
                       p->cells[ci].label, json_string_value(json_object_get(w, "message")));
        }
        json_object_set_new(json_array_get(cells, ci), "warnings", list);
    }
}

/* Prints and records the summary against the reference (cells[0] with --reference), or the
 * cell with the smallest median. */
static void relative(const struct cmd_report *r, const struct plan *p, json_t *doc)
{
    size_t ref = p->n_cells, n_measured = 0;
    double best = DBL_MAX;
    for (size_t ci = 0; ci < p->n_cells; ci++) {
        if (!measured(&p->cells[ci]))
            continue;
        n_measured++;
        size_t n;
        double *w = walls_of(&p->cells[ci], &n);
        double m = compare_median(w, n);
        free(w);
        if ((r->has_reference && ci == 0) || (!r->has_reference && m < best)) {
            best = r->has_reference && ci == 0 ? -1 : m;
            ref = ci;
        }
    }
    if (ref == p->n_cells || n_measured < 2 || (r->has_reference && ref != 0))
        return;
    size_t nr;
    double *rw = walls_of(&p->cells[ref], &nr);
    json_t *rows = json_array();
    if (r->print)
        printf("\nSummary (ratio of medians, 95%% bootstrap CI)\n  '%s' ran\n",
               p->cells[ref].label);
    for (size_t ci = 0; ci < p->n_cells; ci++) {
        if (ci == ref || !measured(&p->cells[ci]))
            continue;
        size_t n;
        double *w = walls_of(&p->cells[ci], &n);
        struct compare_ratio cr;
        if (compare_ratio_ci(rw, nr, w, n, COMPARE_CONFIDENCE, &cr) == 0) {
            bool faster = cr.ratio >= 1;
            /* "slower": the reciprocal, and the interval's ends swap. */
            double v = faster ? cr.ratio : 1 / cr.ratio;
            double lo = faster ? cr.low : (cr.high > 0 ? 1 / cr.high : 0);
            double hi = faster ? cr.high : (cr.low > 0 ? 1 / cr.low : DBL_MAX);
            if (r->print)
                printf("    %.2f times %s than '%s'  (95%% CI %.2f to %.2f)\n", v,
                       faster ? "faster" : "slower", p->cells[ci].label, lo, hi);
            json_array_append_new(rows, json_pack("{s:s, s:f, s:f, s:f}", "command",
                                                  p->cells[ci].label, "ratio", cr.ratio, "ci_low",
                                                  cr.low, "ci_high", cr.high));
        }
        free(w);
    }
    free(rw);
    json_object_set_new(doc, "relative",
                        json_pack("{s:s, s:b, s:f, s:o}", "reference", p->cells[ref].label, "given",
                                  r->has_reference, "confidence", COMPARE_CONFIDENCE, "rows",
                                  rows));
}

bool cmd_report_finish(void *arg, const struct plan *p, size_t failed, json_t *doc)
{
    (void)failed;
    const struct cmd_report *r = arg;
    if (r->shell && r->print)
        printf("(through a shell, SHELL -c COMMAND: its start-up is included in every figure)\n");
    warnings(r, p, doc);
    relative(r, p, doc);
    fflush(stdout);
    return false;
}
