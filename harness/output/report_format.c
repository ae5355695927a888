/*
 * report_format.c - figures and ratios for people (see report_format.h).
 */
#include "output/report_format.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util/metric.h"
#include "util/textfmt.h"

void report_format_value(const char *metric, double v, char *out, size_t len)
{
    enum metric_unit unit = metric_unit_of_name(metric);
    if (!isfinite(v))
        snprintf(out, len, "—");
    else if (unit == METRIC_UNIT_BYTES)
        textfmt_bytes(v, out, len);
    else if (unit == METRIC_UNIT_SECONDS)
        textfmt_duration(v, out, len);
    else if (unit == METRIC_UNIT_MIB_PER_MIN)
        textfmt_growth(v, out, len);
    else
        snprintf(out, len, "%.0f", v);
}

void report_format_fixed(double v, const char *format, char *out, size_t len)
{
    if (isfinite(v))
        snprintf(out, len, format, v);
    else
        snprintf(out, len, "—");
}

void report_format_ratio(double v, char *out, size_t len)
{
    if (!isfinite(v))
        snprintf(out, len, "—");
    else
        snprintf(out, len, v < 10 ? "%.2f×" : v < 100 ? "%.1f×" : "%.0f×", v);
}

void report_format_interval(double lo, double hi, char *out, size_t len)
{
    if (!isfinite(lo) || !isfinite(hi)) {
        snprintf(out, len, "—");
        return;
    }
    char a[32], b[32];
    report_format_ratio(lo, a, sizeof a);
    report_format_ratio(hi, b, sizeof b);
    snprintf(out, len, "%s – %s", a, b);
}
