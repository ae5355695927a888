/*
 * report_format.h - how the report writes one figure or one ratio for people. A leaf of the
 * report: every section (report_results.c, report_claims.c, report_agent.c) uses it, and it
 * uses only util/textfmt.h.
 */
#ifndef VERSUS_REPORT_FORMAT_H
#define VERSUS_REPORT_FORMAT_H

#include <stddef.h>

/* A figure of metric for people, by the metric's unit (metric_unit_of_name, util/metric.h):
 * seconds as a duration, bytes as a size (textfmt.h), a count as a whole number; "—" when v
 * is NaN. Writes into out. */
void report_format_value(const char *metric, double v, char *out, size_t len);

/* A ratio for people: "3.14×", "31.4×", "314×"; "—" when v is NaN. Writes into out. */
/* v printed with format (one printf conversion of a double), or "—" when v is not finite. */
void report_format_fixed(double v, const char *format, char *out, size_t len);

void report_format_ratio(double v, char *out, size_t len);

/* An interval of ratios for people: "2.9× – 3.6×"; "—" when an end is NaN or infinite. */
void report_format_interval(double lo, double hi, char *out, size_t len);

#endif
