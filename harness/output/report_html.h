/*
 * report_html.h - what the HTML report carries beside its text: the history dashboard's look
 * and chart library, inline, so that the report stays one file that works offline (mailed, or
 * kept as a CI artefact).
 *
 * Takes the versus/1 document and the page sources (ROOT/web: report/report.css,
 * report/report.js, and uPlot 1.6.32 in vendor/uplot/, vendored from npm by
 * scripts/vendor-web.sh); gives the style sheets and scripts for report_out (report_emit.h):
 * uPlot's and the report's CSS, then the chart data, uPlot and report.js. The chart data is
 * window.VERSUS_REPORT, a "versus-report-charts/1" object: {"schema", "groups": [{"label",
 * "runners": [{"runner", "wall_s", "cpu_s", "max_rss_bytes": one number per measured run, in
 * run order}]}]}, one group per table of the results (doc_group_cells' order; measured cells
 * only), written with '/' escaped so that no "</script>" can occur in it. report.js draws one
 * chart per <div class="run-chart" data-group="N"> (report_html_chart) and makes the tables
 * sortable. Errors: a page source that cannot be read (named), out of memory.
 */
#ifndef VERSUS_REPORT_HTML_H
#define VERSUS_REPORT_HTML_H

#include <jansson.h>
#include <stddef.h>

#include "output/report_emit.h"
#include "util/error.h"

struct report_page {
    char *text[4]; /* uPlot CSS, report CSS, uPlot JS, report JS (read from files) */
    char *data;    /* "window.VERSUS_REPORT = {...};" */
    struct rep_asset styles[2], scripts[3];
};

/* Reads the page sources from web_dir and builds the chart data of doc. Returns 0, or -1 with
 * err set; free with report_page_free either way. */
int report_page_load(struct report_page *pg, const char *web_dir, const json_t *doc,
                     struct verr *err);

/* Makes o (an HTML report) carry the page's styles and scripts. */
void report_page_attach(struct report_page *pg, struct report_out *o);

void report_page_free(struct report_page *pg);

/* The place of group gi's chart (HTML only). */
void report_html_chart(struct report_out *o, size_t gi);

#endif
