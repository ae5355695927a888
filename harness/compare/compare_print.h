/*
 * compare_print.h - a versus-compare/1 report (compare_result.h, whose rows are made into JSON one
 * at a time, so a report of 60 000 rows is printed in little memory) for people: a terminal table,
 * or Markdown fit for a pull-request comment (a heading, a table, a line naming the
 * regressions); and the number formats `versus ab` shares with them.
 */
#ifndef VERSUS_COMPARE_PRINT_H
#define VERSUS_COMPARE_PRINT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "compare/compare_report.h"
#include "compare/compare_result.h"

/* A median of metric m for people, by its unit: "12.3 ms" (seconds), "3.4 MiB" (bytes) or
 * "72.13 M" (a count, instructions); "-" when x is NaN. */
void compare_format_value(const struct metric_def *m, double x, char *out, size_t len);

/* What the verdict rule of metric m is, in one sentence for people (terminal or Markdown),
 * with the threshold text th ("5%"): what "regressed" means. */
void compare_rule_text(const struct metric_def *m, const char *th, bool markdown, char *out,
                       size_t len);

/* A ratio with 3 decimals ("1.052"), "-" when NaN, "inf" when unbounded (DBL_MAX). */
void compare_format_ratio(double x, char *out, size_t len);

/* An interval "[0.981, 1.020]" (sep "–" style "0.981–1.020" when markdown); "-" when
 * unknown. */
void compare_format_ci(double low, double high, bool markdown, char *out, size_t len);

/* A p-value: "<0.001", or 3 decimals ("0.042"); "-" when NaN. */
void compare_format_p(double p, char *out, size_t len);

/* The p-value of metric m as compare_format_p writes it, in parentheses when m's verdict rule
 * does not use it (the separation rule: metric_rule_of), so that nobody reads it as the
 * reason for a verdict. COMPARE_P_UNUSED_NOTE says so under a table that has one. */
void compare_format_p_of(const struct metric_def *m, double p, char *out, size_t len);
#define COMPARE_P_UNUSED_NOTE                                                                      \
    "p in parentheses: the Mann-Whitney p, shown for reference; the separation rule does not "     \
    "use it"

/* A cell's case for people, from its parameters: the "name" member when there is one, else
 * "k=v k=v" (strings unquoted), else "-". Writes into out. */
void compare_format_case(const json_t *parameters, char *out, size_t len);

/* When some matched cell of the report has too few runs for any verdict but "no significant
 * change" (compare_mwu_min_p; never for a report by the separation rule), writes a one-line note
 * saying how many and what to do into out and returns true; else returns false. */
bool compare_few_runs_note(const struct compare_result *r, char *out, size_t len);

/* Prints the report as a table (with ANSI colours when colour is set), then the cells that
 * appeared, disappeared or changed verdict, then a one-line tally. */
void compare_print_table(FILE *out, const struct compare_result *r, bool colour);

/* Prints the report as Markdown: a "###" heading naming the metric, one line saying what the
 * figures are, a table of the matched cells, the appeared/disappeared/changed cells, and a
 * line naming the regressions (or saying there are none). */
void compare_print_markdown(FILE *out, const struct compare_result *r);

#endif
