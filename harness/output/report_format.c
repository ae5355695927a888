/*
 * report_format.c - figures and ratios for people (see report_format.h).
 */
#include "output/report_format.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util/textfmt.h"

void report_format_value(const char *metric, double v, char *out, size_t len)
{
    size_t m = strlen(metric);
    if (!isfinite(v))
        snprintf(out, len, "—");
    else if (m >= 6 && strcmp(metric + m - 6, "_bytes") == 0)
        textfmt_bytes(v, out, len);
    else
        textfmt_duration(v, out, len);
}

void report_format_ratio(double v, char *out, size_t len)
{
    if (!isfinite(v))
        snprintf(out, len, "—");
    else
        snprintf(out, len, v < 10 ? "%.2f×" : v < 100 ? "%.1f×" : "%.0f×", v);
}
