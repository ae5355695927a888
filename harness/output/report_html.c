/*
 * report_html.c - the HTML report's inline styles, scripts and chart data (see report_html.h).
 */
#include "output/report_html.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "result/doc.h"
#include "result/doc_text.h"
#include "util/escape.h"
#include "util/fsutil.h"
#include "util/metric.h"

/* The page sources, relative to ROOT/web, in report_page.text's order. */
static const char *const SOURCES[4] = {
    "vendor/uplot/uPlot.min.css",
    "report/report.css",
    "vendor/uplot/uPlot.iife.min.js",
    "report/report.js",
};

/* The measured values of metric in cell, as a JSON array. */
static json_t *values(const json_t *cell, const char *metric)
{
    double *v = NULL;
    size_t n = doc_samples(cell, metric, &v);
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_real(v[i]));
    free(v);
    return a;
}

/* The versus-report-charts/1 object of doc, or NULL with err set. */
static json_t *chart_data(const json_t *doc, struct verr *err)
{
    struct doc_groups groups;
    if (doc_group_cells(doc, &groups, err) != 0)
        return NULL;
    json_t *list = json_array();
    for (size_t gi = 0; gi < groups.n; gi++) {
        const struct doc_group *g = &groups.groups[gi];
        char *label = doc_group_label(doc_cell(doc, g->cells[0]));
        json_t *runners = json_array();
        for (size_t k = 0; k < g->n; k++) {
            const json_t *cell = doc_cell(doc, g->cells[k]);
            const char *v = doc_str(cell, "verdict");
            if (v == NULL || strcmp(v, "failed") == 0 || strcmp(v, "skipped") == 0)
                continue;
            const char *runner = doc_str(cell, "runner");
            json_array_append_new(runners,
                                  json_pack("{s:s, s:o, s:o, s:o}", "runner", runner ? runner : "?",
                                            "wall_s", values(cell, METRIC_WALL_S), "cpu_s",
                                            values(cell, METRIC_CPU_S), "max_rss_bytes",
                                            values(cell, METRIC_MAX_RSS_BYTES)));
        }
        json_array_append_new(
            list, json_pack("{s:s, s:o}", "label", label ? label : "?", "runners", runners));
        free(label);
    }
    doc_groups_free(&groups);
    return json_pack("{s:s, s:o}", "schema", "versus-report-charts/1", "groups", list);
}

int report_page_load(struct report_page *pg, const char *web_dir, const json_t *doc,
                     struct verr *err)
{
    memset(pg, 0, sizeof *pg);
    for (size_t i = 0; i < 4; i++) {
        char *path = fsutil_join(web_dir, SOURCES[i]);
        pg->text[i] = path ? fsutil_read_file(path, NULL, err) : NULL;
        free(path);
        if (pg->text[i] == NULL)
            return verr_prefix(err, "the HTML report's page (%s/%s)", web_dir, SOURCES[i]);
    }
    json_t *data = chart_data(doc, err);
    if (data == NULL)
        return -1;
    char *raw = json_dumps(data, JSON_COMPACT | JSON_ESCAPE_SLASH | JSON_REAL_PRECISION(9));
    json_decref(data);
    char *json = raw ? escape_json_for_script(raw) : NULL; /* names from the document */
    free(raw);
    if (json == NULL)
        return verr_set(err, "out of memory");
    size_t len = strlen(json) + 64;
    pg->data = malloc(len);
    if (pg->data != NULL)
        snprintf(pg->data, len, "window.VERSUS_REPORT = %s;", json);
    free(json);
    if (pg->data == NULL)
        return verr_set(err, "out of memory");
    pg->styles[0] = (struct rep_asset){"uPlot.min.css", pg->text[0]};
    pg->styles[1] = (struct rep_asset){"report.css", pg->text[1]};
    pg->scripts[0] = (struct rep_asset){NULL, pg->data};
    pg->scripts[1] = (struct rep_asset){"uPlot.iife.min.js", pg->text[2]};
    pg->scripts[2] = (struct rep_asset){"report.js", pg->text[3]};
    return 0;
}

void report_page_attach(struct report_page *pg, struct report_out *o)
{
    o->styles = pg->styles;
    o->n_styles = 2;
    o->scripts = pg->scripts;
    o->n_scripts = 3;
}

void report_page_free(struct report_page *pg)
{
    for (size_t i = 0; i < 4; i++)
        free(pg->text[i]);
    free(pg->data);
    memset(pg, 0, sizeof *pg);
}

void report_html_chart(struct report_out *o, size_t gi)
{
    char markup[128];
    snprintf(markup, sizeof markup, "<div class=\"run-chart\" data-group=\"%zu\"></div>\n", gi);
    rep_html(o, markup);
}
