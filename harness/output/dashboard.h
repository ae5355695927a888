/*
 * dashboard.h - the history dashboard: a static site of the benchmark history (history.h) and
 * its change points (compare/history_check.h), written by `versus report --history FILE
 * --html DIR`.
 *
 * DIR gets index.html and assets/: the page, its script and style (web/dashboard/), uPlot
 * (web/vendor/uplot/, vendored from npm by scripts/vendor-web.sh, with its licence) and
 * data.js, which sets window.VERSUS_DASHBOARD to a "versus-dashboard/1" object:
 *   {"schema", "file", "metric" ("wall_s"), "metric_label" ("wall time"), "unit" ("seconds",
 *    "bytes" or "count"), "repository_url" (or null), "commits": [{"commit", "date"}] (every
 *    entry, in file order), "series": [{"workload", "input", "parameters", "case", "runner",
 *    "median", "p5", "p95" (one number or null per commit), "change_points" (as in
 *    versus-history-check/1)}], "check" (the whole versus-history-check/1 document)}.
 * Data as a script, not a JSON file the page fetches: browsers refuse fetch() from file://.
 * Nothing is loaded from the network; the page works from file:// and on GitHub Pages.
 */
#ifndef VERSUS_DASHBOARD_H
#define VERSUS_DASHBOARD_H

#include <jansson.h>

#include "util/error.h"

struct dashboard_options {
    const char *out_dir;        /* DIR, created if missing */
    const char *web_dir;        /* the page's sources: ROOT/web */
    const char *history_path;   /* recorded in the data */
    const char *repository_url; /* "https://github.com/o/r": commits become links; or NULL */
};

/* Writes the site for entries (history_read) and check (history_check over the same
 * entries). Returns 0, or -1 with err set (a missing asset, a file that cannot be written). */
int dashboard_write(const json_t *entries, const json_t *check, const struct dashboard_options *o,
                    struct verr *err);

#endif
