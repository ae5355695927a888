/*
 * history_check_print.h - a versus-history-check/1 document (history_check.h) for people: a
 * terminal table or Markdown, one row per change point, the latest first, then a line saying
 * whether the gate passed and why.
 */
#ifndef VERSUS_HISTORY_CHECK_PRINT_H
#define VERSUS_HISTORY_CHECK_PRINT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

/* A figure of metric (a document name: "wall_s", "max_rss_bytes", ...) for people: "12.3 ms",
 * "3.4 MiB", "1.23e+06"; "-" when x is NaN. */
void history_check_format_value(const char *metric, double x, char *out, size_t len);

void history_check_print(FILE *out, const json_t *doc, bool markdown);

#endif
