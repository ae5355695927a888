/*
 * report.c - the report of a result (see report.h): its frame, the environment section, and
 * writing the file.
 *
 * The environment comes first because every figure after it depends on it: the machine and
 * its load (a shared machine drifts, METHODOLOGY.md), the commit the harness and runners were
 * built from, and each runner's version and build flags (a figure without the compiler that
 * made it cannot be reproduced). The text is built in memory (open_memstream) and written
 * atomically, so a failed report never leaves half a file.
 */
#include "output/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output/report_html.h"
#include "result/doc.h"
#include "util/fsutil.h"
#include "util/metric.h"
#include "util/textfmt.h"

static void loadavg_text(const json_t *a, char *out, size_t len)
{
    if (json_array_size(a) != 3) {
        snprintf(out, len, "—");
        return;
    }
    snprintf(out, len, "%.2f, %.2f, %.2f (1, 5, 15 min)", json_number_value(json_array_get(a, 0)),
             json_number_value(json_array_get(a, 1)), json_number_value(json_array_get(a, 2)));
}

/* The command line, its words joined by spaces. Malloc'd. */
static char *command_line(const json_t *doc)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (f == NULL)
        return NULL;
    size_t i;
    const json_t *w;
    json_array_foreach(json_object_get(doc, "command_line"), i, w)
        fprintf(f, "%s%s", i ? " " : "", json_string_value(w) ? json_string_value(w) : "");
    fclose(f);
    return text;
}

static void environment(struct report_out *o, const json_t *doc)
{
    const json_t *env = json_object_get(doc, "env");
    const json_t *settings = json_object_get(doc, "settings");
    rep_heading(o, 2, "Environment");
    char machine[512], cores[32], start[96], end[96], commit[160], runs[160];
    const char *cpu = doc_str(env, "cpu_model");
    double ncores = doc_num(env, "cores");
    snprintf(cores, sizeof cores, isfinite(ncores) ? "%.0f" : "?", ncores);
    snprintf(machine, sizeof machine, "%s, %s core%s", cpu ? cpu : "unknown CPU", cores,
             ncores == 1 ? "" : "s");
    loadavg_text(json_object_get(env, "loadavg_start"), start, sizeof start);
    loadavg_text(json_object_get(env, "loadavg_end"), end, sizeof end);
    const char *git = doc_str(env, "git_commit");
    snprintf(commit, sizeof commit, "%s%s", git ? git : "unknown",
             json_is_true(json_object_get(env, "git_dirty")) ? " (with uncommitted changes)" : "");
    double nruns = doc_num(settings, "runs"), nwarm = doc_num(settings, "warmup");
    snprintf(runs, sizeof runs, "%s%.0f measured, %.0f warmup per cell%s",
             isfinite(nruns) ? "" : "(not recorded) ", isfinite(nruns) ? nruns : 0,
             isfinite(nwarm) ? nwarm : 0,
             json_is_true(json_object_get(settings, "quick")) ? " (--quick)" : "");
    char *cmd = command_line(doc);
    const char *rows[][2] = {
        {"machine", machine},
        {"OS", doc_str(env, "os")},
        {"kernel", doc_str(env, "kernel")},
        {"git commit", commit},
        {"versus", doc_str(env, "versus_version")},
        {"C compiler", doc_str(env, "compiler")},
        {"load average at start", start},
        {"load average at end", end},
        {"created", doc_str(doc, "created_at")},
        {"command", cmd},
        {"runs", runs},
        {"order", doc_str(settings, "order")},
        {"percentiles", doc_str(settings, "percentile_definition")},
        {"CPU time", doc_str(settings, METRIC_CPU_S)},
    };
    static const char *const head[] = {"", ""};
    rep_table_begin(o, 2, head, "ll");
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        if (rows[i][1] != NULL)
            rep_table_row(o, 2, rows[i]);
    }
    rep_table_end(o);
    free(cmd);

    const json_t *runners = json_object_get(env, "runners");
    if (json_object_size(runners) == 0)
        return;
    rep_heading(o, 3, "Runners");
    static const char *const rhead[] = {"runner", "language", "available", "version", "build"};
    rep_table_begin(o, 5, rhead, "lllll");
    const char *name;
    const json_t *r;
    json_object_foreach((json_t *)runners, name, r)
    {
        const char *why = doc_str(r, "unavailable_reason");
        char avail[600];
        snprintf(avail, sizeof avail, "%s%s%s",
                 json_is_true(json_object_get(r, "available")) ? "yes" : "no", why ? ": " : "",
                 why ? why : "");
        const char *cells[] = {name, doc_str(r, "language"), avail, doc_str(r, "version"),
                               doc_str(r, "build_flags")};
        rep_table_row(o, 5, cells);
    }
    rep_table_end(o);
}

/* The base name of path (borrowed). */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash != NULL ? slash + 1 : path;
}

/* What every figure means: the first paragraph of the Markdown report, the last section of
 * the HTML one. */
static void method_text(struct report_out *o)
{
    rep_text(o, "Figures are medians over the measured runs unless a column says otherwise; wall "
                "time is CLOCK_MONOTONIC from spawn to reap, CPU time user + system of the one "
                "process from wait4, peak RSS its ru_maxrss (METHODOLOGY.md). Failed and "
                "skipped cells are kept out of every figure.");
}

/* The HTML report's sections (report.h). */
static int html_sections(struct report_out *o, const json_t *doc, const struct report_options *ro,
                         struct verr *err)
{
    report_findings(o, doc, ro);
    int rc = report_results(o, doc, ro, err);
    if (rc != 0)
        return rc;
    report_agent(o, doc, ro);
    rc = report_language(o, doc, ro, err);
    if (rc != 0)
        return rc;
    report_claims(o, ro);
    environment(o, doc);
    rep_heading(o, 2, "Method");
    rep_para_begin(o);
    method_text(o);
    rep_text(o, " Each chart shows every measured run in the order it ran (runs of a group are "
                "interleaved, so a drift of the machine shows in every runner at once); a table "
                "sorts by a column when its heading is clicked.");
    rep_para_end(o);
    return 0;
}

int report_write(const json_t *doc, const struct report_options *ro, enum report_format format,
                 const char *path, struct verr *err)
{
    struct report_page page = {0};
    if (format == REPORT_HTML &&
        report_page_load(&page, ro->web_dir ? ro->web_dir : "web", doc, err) != 0) {
        report_page_free(&page);
        return -1;
    }
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (f == NULL) {
        report_page_free(&page);
        return verr_set(err, "out of memory");
    }
    char *dir = fsutil_dir_name(path);
    struct report_out o = {.f = f, .format = format, .base_dir = dir};
    if (format == REPORT_HTML)
        report_page_attach(&page, &o);
    char title[512];
    snprintf(title, sizeof title, "versus report: %s",
             ro->result_path ? base_name(ro->result_path) : "result");
    rep_begin(&o, title);
    rep_para_begin(&o);
    rep_text(&o, "Benchmark result ");
    rep_code(&o, ro->result_path ? ro->result_path : "?");
    const char *created = doc_str(doc, "created_at");
    rep_textf(&o, "%s%s.%s", created ? ", created " : "", created ? created : "",
              format == REPORT_HTML ? " The environment and the method are at the end." : " ");
    if (format != REPORT_HTML)
        method_text(&o);
    rep_para_end(&o);
    int rc;
    if (format == REPORT_HTML) {
        rc = html_sections(&o, doc, ro, err);
    } else {
        environment(&o, doc);
        rc = report_results(&o, doc, ro, err);
        if (rc == 0) {
            report_agent(&o, doc, ro);
            rc = report_language(&o, doc, ro, err);
        }
        if (rc == 0) {
            report_claims(&o, ro);
        }
    }
    rep_end(&o);
    int bad = ferror(f);
    if (fclose(f) != 0 || bad)
        rc = rc != 0 ? rc : verr_set(err, "out of memory");
    if (rc == 0)
        rc = fsutil_write_atomic(path, text, len, err);
    free(text);
    free(dir);
    report_page_free(&page);
    return rc;
}
