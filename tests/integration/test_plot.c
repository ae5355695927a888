/*
 * test_plot.c - `versus plot` and `versus report` end to end: the real binary and the real
 * gnuplot on the fixtures in tests/fixtures/plot/ (a grep result with a failed cell, an agent
 * result, a versus-compare/1 file, a history file):
 *   - every kind of picture is drawn, as a valid PNG (magic bytes, > 2 KB) and a valid SVG
 *     (<?xml or <svg first, </svg> in it, > 2 KB), and every file written is printed;
 *   - the data files hold the rows the pictures draw: one per verified cell (none for a failed
 *     one), with the result's medians of wall time, CPU time and peak RSS (grep groups, the
 *     agent's concurrency plot);
 *   - the report is written as Markdown (linking its PNGs) and as self-contained HTML (its
 *     charts drawn in the page, no picture, no external reference), both with "The claims"
 *     and a verdict per claim, the environment and the failed cell's reason;
 *   - the report's agent table has our runners' rows in every agent group, and the documents'
 *     rows (workloads/agent.json "published") only in groups on their loop (2 calls of 1000 ms);
 *   - the language claims (language.json): the speed-up data file holds each runner's speed-up
 *     and efficiency from the result's medians, the latency data file each runner's
 *     percentiles at HdrHistogram's 1 / (1 - p); the report's GIL, GC-pause, long-run memory
 *     and Polars / pandas tables hold the fixture's figures and link their pictures;
 *   - gnuplot missing is one clear line and exit status 2 for `versus plot`, and a report
 *     without pictures (exit 0) for `versus report`; an unreadable input is one line, exit 2.
 */
#include <check.h>
#include <dirent.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "measure/process.h"
#include "util/fsutil.h"
#include "versus_test.h"

#define FIXTURES VERSUS_SOURCE_DIR "/tests/fixtures/plot"

static char tmpdir[4096];

static void make_tmpdir(void)
{
    vt_make_tmpdir(tmpdir, sizeof tmpdir, "plot");
}

/* run_versus(&out, &err, "plot", ..., NULL): exit status, stdout in *out, stderr in *err. */
#define run_versus(out, err_text, ...)                                                             \
    vt_run_versus_args(out, err_text, (const char *const[]){__VA_ARGS__})

static char *path_in(const char *dir, const char *name)
{
    char *p = fsutil_join(dir, name);
    ck_assert_ptr_nonnull(p);
    return p;
}

static char *read_all(const char *path, size_t *len)
{
    struct verr err;
    char *data = fsutil_read_file(path, len, &err);
    ck_assert_msg(data != NULL, "%s", err.msg);
    return data;
}

/* A valid PNG: the 8-byte signature (PNG spec, 5.2) and more than 2 KB. */
static void check_png(const char *path)
{
    size_t len;
    char *data = read_all(path, &len);
    ck_assert_msg(len > 2048, "%s: only %zu bytes", path, len);
    ck_assert_msg(memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0, "%s: not a PNG", path);
    free(data);
}

/* A valid SVG: starts with <?xml or <svg, holds </svg>, more than 2 KB. */
static void check_svg(const char *path)
{
    size_t len;
    char *data = read_all(path, &len);
    ck_assert_msg(len > 2048, "%s: only %zu bytes", path, len);
    ck_assert_msg(strncmp(data, "<?xml", 5) == 0 || strncmp(data, "<svg", 4) == 0,
                  "%s: does not start like an SVG", path);
    ck_assert_msg(strstr(data, "</svg>") != NULL, "%s: no </svg>", path);
    free(data);
}

/* Checks the PNG and SVG of stem in dir, and that stdout listed both. */
static void check_picture(const char *dir, const char *stem, const char *out)
{
    char name[512];
    snprintf(name, sizeof name, "%s.png", stem);
    char *png = path_in(dir, name);
    check_png(png);
    ck_assert_msg(strstr(out, png) != NULL, "%s not printed", png);
    snprintf(name, sizeof name, "%s.svg", stem);
    char *svg = path_in(dir, name);
    check_svg(svg);
    ck_assert_msg(strstr(out, svg) != NULL, "%s not printed", svg);
    free(png);
    free(svg);
}

static size_t count_lines(const char *text)
{
    size_t n = 0;
    for (const char *p = text; *p; p++)
        n += *p == '\n';
    return n;
}

/* The field col (0-based) of the data row of file text whose first field is key and, when key2
 * is not NULL, whose second field is key2; NaN when there is no such row. */
static double tsv_field(const char *text, const char *key, const char *key2, int col)
{
    for (const char *line = text; line != NULL && *line != '\0';
         line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        if (line[0] == '#')
            continue;
        size_t klen = strlen(key);
        if (strncmp(line, key, klen) != 0 || line[klen] != '\t')
            continue;
        const char *f = line + klen + 1;
        if (key2 != NULL) {
            size_t k2 = strlen(key2);
            if (strncmp(f, key2, k2) != 0 || f[k2] != '\t')
                continue;
        }
        f = line;
        for (int i = 0; i < col && f != NULL; i++)
            f = strchr(f, '\t') ? strchr(f, '\t') + 1 : NULL;
        return f != NULL ? strtod(f, NULL) : NAN;
    }
    return NAN;
}

/* Data rows (not comments, not blank) of a data file's text. */
static size_t data_rows(const char *text)
{
    size_t n = 0;
    for (const char *line = text; line != NULL && *line != '\0';
         line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
        n += line[0] != '#' && line[0] != '\n';
    return n;
}

/* The fixture result document name (in FIXTURES), loaded. */
static json_t *fixture(const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", FIXTURES, name);
    json_error_t e;
    json_t *doc = json_load_file(path, 0, &e);
    ck_assert_msg(doc != NULL, "%s:%d: %s", path, e.line, e.text);
    return doc;
}

static double summary_median(const json_t *cell, const char *metric)
{
    return json_number_value(
        json_object_get(json_object_get(json_object_get(cell, "summary"), metric), "median"));
}

/* a and b equal to the 10 significant digits the data files are written with. */
static void assert_same(double a, double b, const char *what)
{
    ck_assert_msg(fabs(a - b) <= 1e-8 * fabs(b), "%s: drew %.10g, the result says %.10g", what, a,
                  b);
}

/* Asserts that data (the data file of grep's group on brown, case) drew one row per verified
 * cell of the fixture doc, with its medians of wall time, CPU time and peak RSS, and no row
 * for a cell that is not verified. */
static void check_grep_rows(const char *data, const json_t *doc, const char *casename)
{
    size_t i, verified = 0;
    const json_t *cell;
    json_array_foreach(json_object_get(doc, "cells"), i, cell)
    {
        const char *name =
            json_string_value(json_object_get(json_object_get(cell, "parameters"), "name"));
        if (name == NULL || strcmp(name, casename) != 0)
            continue;
        const char *runner = json_string_value(json_object_get(cell, "runner"));
        if (strcmp(json_string_value(json_object_get(cell, "verdict")), "verified") != 0) {
            ck_assert_msg(isnan(tsv_field(data, runner, NULL, 1)), "failed cell %s drawn", runner);
            continue;
        }
        verified++;
        assert_same(tsv_field(data, runner, NULL, 1), summary_median(cell, "wall_s"), runner);
        assert_same(tsv_field(data, runner, NULL, 4), summary_median(cell, "cpu_s"), runner);
        assert_same(tsv_field(data, runner, NULL, 7), summary_median(cell, "max_rss_bytes"),
                    runner);
    }
    ck_assert_uint_ge(verified, 2);
    ck_assert_uint_eq(data_rows(data), verified);
}

START_TEST(plots_a_grep_result)
{
    make_tmpdir();
    char *out, *err;
    int rc = run_versus(&out, &err, "plot", FIXTURES "/grep.json", "--out", tmpdir, NULL);
    ck_assert_msg(rc == 0, "exit %d: %s", rc, err);
    static const char *const stems[] = {"01-grep-brown-literal-wall", "01-grep-brown-literal-cpu",
                                        "01-grep-brown-literal-rss",  "02-grep-brown-word-wall",
                                        "02-grep-brown-word-cpu",     "02-grep-brown-word-rss"};
    for (size_t i = 0; i < sizeof stems / sizeof stems[0]; i++)
        check_picture(tmpdir, stems[i], out);
    /* The data file is printed too, and the failed cell has no row in it. */
    char *tsv = path_in(tmpdir, "02-grep-brown-word.tsv");
    ck_assert(strstr(out, tsv) != NULL);
    size_t len;
    char *data = read_all(tsv, &len);
    ck_assert_msg(strstr(data, "\nrust\t") != NULL, "%s", data);
    ck_assert_msg(strstr(data, "\npython\t") == NULL, "failed cell drawn: %s", data);
    /* Each row holds what the result says of its cell. */
    json_t *doc = fixture("grep.json");
    check_grep_rows(data, doc, "word");
    free(data);
    free(tsv);
    tsv = path_in(tmpdir, "01-grep-brown-literal.tsv");
    data = read_all(tsv, &len);
    check_grep_rows(data, doc, "literal");
    json_decref(doc);
    free(data);
    free(tsv);
    free(out);
    free(err);
}
END_TEST

/* A document measured with --counters simulate (tests/fixtures/counters/cmd.json: `true` and
 * `seq 2000`, 3 runs each) gets a fourth bar chart, of the median instructions, whose data
 * columns hold the document's medians; its report's table has an instructions column. */
START_TEST(a_simulated_result_gets_an_instructions_chart_and_report_column)
{
    make_tmpdir();
    char *out, *err;
    const char *doc_path = VERSUS_SOURCE_DIR "/tests/fixtures/counters/cmd.json";
    int rc = run_versus(&out, &err, "plot", doc_path, "--out", tmpdir, NULL);
    ck_assert_msg(rc == 0, "exit %d: %s", rc, err);
    static const char *const kinds[] = {"wall", "cpu", "rss", "instructions"};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        char stem[64];
        snprintf(stem, sizeof stem, "01-cmd-exec-%s", kinds[i]);
        check_picture(tmpdir, stem, out);
    }
    char *tsv = path_in(tmpdir, "01-cmd-exec.tsv");
    size_t len;
    char *data = read_all(tsv, &len);
    ck_assert_msg(strstr(data, "max_rss_bytes\tp5\tp95\tinstructions\tp5\tp95\n") != NULL, "%s",
                  data);
    json_error_t je;
    json_t *doc = json_load_file(doc_path, 0, &je);
    ck_assert_ptr_nonnull(doc);
    static const struct {
        const char *runner;
        size_t cell;
    } rows[] = {{"true", 0}, {"seq 2000", 1}};
    for (size_t i = 0; i < 2; i++) {
        double want = summary_median(json_array_get(json_object_get(doc, "cells"), rows[i].cell),
                                     "instructions");
        assert_same(tsv_field(data, rows[i].runner, NULL, 10), want, rows[i].runner);
    }
    json_decref(doc);
    char *md = path_in(tmpdir, "report.md");
    free(out);
    free(err);
    rc = run_versus(&out, &err, "report", doc_path, "--no-plots", "--markdown", md, NULL);
    ck_assert_msg(rc == 0, "exit %d: %s", rc, err);
    char *report = read_all(md, &len);
    ck_assert_msg(strstr(report, "| peak RSS | instructions |") != NULL, "%s", report);
    ck_assert_msg(strstr(report, "| 127771 |") != NULL, "%s", report);
    free(report);
    free(md);
    free(data);
    free(tsv);
    free(out);
    free(err);
}
END_TEST

START_TEST(plots_the_agent_against_concurrency)
{
    make_tmpdir();
    char *out, *err;
    int rc = run_versus(&out, &err, "plot", FIXTURES "/agent.json", "--out", tmpdir, NULL);
    ck_assert_msg(rc == 0, "exit %d: %s", rc, err);
    check_picture(tmpdir, "agent-concurrency", out);
    check_picture(tmpdir, "01-agent-c1-wall", out);
    check_picture(tmpdir, "02-agent-c10-rss", out);
    /* One row per runner and concurrency, with the cell's median CPU time and peak RSS. */
    char *tsv = path_in(tmpdir, "agent-concurrency.tsv");
    size_t len;
    char *data = read_all(tsv, &len);
    json_t *doc = fixture("agent.json");
    size_t i, drawn = 0;
    const json_t *cell;
    json_array_foreach(json_object_get(doc, "cells"), i, cell)
    {
        if (strcmp(json_string_value(json_object_get(cell, "verdict")), "verified") != 0)
            continue;
        const char *runner = json_string_value(json_object_get(cell, "runner"));
        char conc[32];
        snprintf(conc, sizeof conc, "%lld",
                 (long long)json_integer_value(
                     json_object_get(json_object_get(cell, "parameters"), "concurrency")));
        assert_same(tsv_field(data, runner, conc, 4), summary_median(cell, "cpu_s"), runner);
        assert_same(tsv_field(data, runner, conc, 7), summary_median(cell, "max_rss_bytes"),
                    runner);
        drawn++;
    }
    ck_assert_uint_ge(drawn, 4);
    json_decref(doc);
    free(data);
    free(tsv);
    free(out);
    free(err);
}
END_TEST

/* The cell of the fixture doc with this workload, runner and case name, or NULL. */
static const json_t *cell_of(const json_t *doc, const char *workload, const char *runner,
                             const char *casename)
{
    size_t i;
    const json_t *cell;
    json_array_foreach(json_object_get(doc, "cells"), i, cell)
    {
        const char *w = json_string_value(json_object_get(cell, "workload"));
        const char *r = json_string_value(json_object_get(cell, "runner"));
        const char *c =
            json_string_value(json_object_get(json_object_get(cell, "parameters"), "name"));
        if (w && r && c && strcmp(w, workload) == 0 && strcmp(r, runner) == 0 &&
            strcmp(c, casename) == 0)
            return cell;
    }
    return NULL;
}

static double metric_median(const json_t *cell, const char *metric)
{
    return json_number_value(json_object_get(
        json_object_get(json_object_get(json_object_get(cell, "summary"), "metrics"), metric),
        "median"));
}

/* The block of a data file whose header row starts with "header<TAB>": from that row to the
 * blank lines that end it (malloc'd), or NULL. */
static char *block_of(const char *text, const char *header)
{
    char key[256];
    snprintf(key, sizeof key, "%s\t", header);
    const char *p = strstr(text, key);
    while (p != NULL && p != text && p[-1] != '\n')
        p = strstr(p + 1, key);
    if (p == NULL)
        return NULL;
    const char *end = strstr(p, "\n\n");
    size_t n = end ? (size_t)(end - p) + 1 : strlen(p);
    char *b = malloc(n + 1);
    ck_assert_ptr_nonnull(b);
    memcpy(b, p, n);
    b[n] = '\0';
    return b;
}

static const char *const SPEEDUP_RUNNERS[] = {"c", "go", "rust", "python", "python-processes"};
static const char *const GC_RUNNERS[] = {"c", "rust", "go", "go-memlimit", "python", "node"};

/* language.json: the quick and short cases of parallel, gc-latency, agent-soak and dataframe
 * (tests/fixtures/plot/README.md). The speed-up data file has, per runner, W = 1 at 1 and
 * W = 2 at wall(w1) / wall(w2) with half that efficiency (wcores, W = 2 here too, left out of
 * the line); the skipped free-threaded runner has no block. The latency data file has, per
 * runner, the run medians of p50 to p99.99 at 1 / (1 - p) and the maximum at the request
 * count. */
START_TEST(plots_the_language_claims)
{
    make_tmpdir();
    char *out, *err;
    int rc = run_versus(&out, &err, "plot", FIXTURES "/language.json", "--out", tmpdir, NULL);
    ck_assert_msg(rc == 0, "exit %d: %s", rc, err);
    check_picture(tmpdir, "parallel_4_tasks_50000_rounds-speedup", out);
    check_picture(tmpdir, "gc-latency-latency", out);
    check_picture(tmpdir, "05-agent-soak-soak-300-timeline", out);
    json_t *doc = fixture("language.json");
    size_t len;

    char *tsv = path_in(tmpdir, "parallel_4_tasks_50000_rounds-speedup.tsv");
    char *data = read_all(tsv, &len);
    for (size_t i = 0; i < sizeof SPEEDUP_RUNNERS / sizeof *SPEEDUP_RUNNERS; i++) {
        const char *r = SPEEDUP_RUNNERS[i];
        const json_t *w1 = cell_of(doc, "parallel", r, "w1"),
                     *w2 = cell_of(doc, "parallel", r, "w2");
        ck_assert_msg(w1 != NULL && w2 != NULL, "%s: no w1 or w2 cell in the fixture", r);
        double one = summary_median(w1, "wall_s"), two = summary_median(w2, "wall_s");
        assert_same(tsv_field(data, r, "1", 3), 1.0, r);
        assert_same(tsv_field(data, r, "2", 2), two, r);
        assert_same(tsv_field(data, r, "2", 3), one / two, r);
        assert_same(tsv_field(data, r, "2", 4), one / two / 2, r);
        assert_same(tsv_field(data, r, "1", 5), metric_median(w1, "compute_s"), r);
    }
    ck_assert_msg(strstr(data, "python-freethreaded") == NULL, "a skipped runner drawn");
    ck_assert_uint_eq(data_rows(data), 5 * 3); /* per runner: header, W = 1, W = 2 */
    free(data);
    free(tsv);

    tsv = path_in(tmpdir, "gc-latency-latency.tsv");
    data = read_all(tsv, &len);
    static const struct {
        const char *label, *metric;
        double x;
    } points[] = {{"50%", "p50_s", 2},       {"90%", "p90_s", 10},         {"99%", "p99_s", 100},
                  {"99.9%", "p999_s", 1000}, {"99.99%", "p9999_s", 10000}, {"max", "max_s", 30000}};
    for (size_t i = 0; i < sizeof GC_RUNNERS / sizeof *GC_RUNNERS; i++) {
        char header[64];
        snprintf(header, sizeof header, "%s · small", GC_RUNNERS[i]);
        char *block = block_of(data, header);
        ck_assert_msg(block != NULL, "no block %s", header);
        const json_t *cell = cell_of(doc, "gc-latency", GC_RUNNERS[i], "small");
        for (size_t k = 0; k < sizeof points / sizeof *points; k++) {
            assert_same(tsv_field(block, points[k].label, NULL, 2), points[k].x, header);
            assert_same(tsv_field(block, points[k].label, NULL, 3),
                        metric_median(cell, points[k].metric), header);
        }
        ck_assert_uint_eq(data_rows(block), 1 + 6);
        free(block);
    }
    free(data);
    free(tsv);
    json_decref(doc);
    free(out);
    free(err);
}
END_TEST

/* A row of a Markdown table whose first cells are a and b (and c when not NULL). */
static const char *md_row(const char *text, const char *a, const char *b)
{
    char key[256];
    snprintf(key, sizeof key, "\n| %s | %s |", a, b);
    const char *p = strstr(text, key);
    return p ? p + 1 : NULL;
}

/* The report of language.json has the four claims' tables, with the fixture's figures, and
 * links the speed-up, latency and timeline pictures. */
START_TEST(reports_the_language_claims)
{
    make_tmpdir();
    char *md = path_in(tmpdir, "report.md");
    char *out, *err;
    int rc = run_versus(&out, &err, "report", FIXTURES "/language.json", "--markdown", md, NULL);
    ck_assert_msg(rc == 0, "exit %d: %s", rc, err);
    size_t len;
    char *text = read_all(md, &len);
    json_t *doc = fixture("language.json");
    char want[512];

    const char *gil = strstr(text, "## Parallel speed-up: the GIL claim");
    ck_assert_msg(gil != NULL, "no GIL section");
    const json_t *pp = cell_of(doc, "parallel", "python-processes", "w2");
    snprintf(want, sizeof want, "| %.1f | %.1f |\n",
             summary_median(pp, "max_rss_bytes") / 1048576.0,
             summary_median(pp, "tree_peak_rss_bytes") / 1048576.0);
    ck_assert_msg(strstr(gil, want) != NULL, "python-processes' peaks %s", want);
    ck_assert(strstr(gil, "](report-plots/parallel_4_tasks_50000_rounds-speedup.png)") != NULL);

    const char *gc = strstr(text, "## Request latency under a live heap: the GC-pause claim");
    ck_assert_msg(gc != NULL && gc > gil, "no GC-pause section after the GIL one");
    for (size_t i = 0; i < sizeof GC_RUNNERS / sizeof *GC_RUNNERS; i++) {
        const json_t *c = cell_of(doc, "gc-latency", GC_RUNNERS[i], "small");
        const char *row = md_row(gc, GC_RUNNERS[i], "small");
        ck_assert_msg(row != NULL, "no gc-latency row for %s", GC_RUNNERS[i]);
        snprintf(want, sizeof want, "| %s | small | %.3f | %.3f | %.3f | %.2f | %.0f | %.2f |",
                 GC_RUNNERS[i], metric_median(c, "p50_s") * 1e3, metric_median(c, "p99_s") * 1e3,
                 metric_median(c, "p999_s") * 1e3, metric_median(c, "max_s") * 1e3,
                 metric_median(c, "pauses"), metric_median(c, "pause_s") * 1e3);
        ck_assert_msg(strncmp(row, want, strlen(want)) == 0, "%s\nwant %s", row, want);
    }
    ck_assert(strstr(gc, "](report-plots/gc-latency-latency.png)") != NULL);

    const char *soak = strstr(text, "## Memory over a long run: the long-run memory claim");
    ck_assert_msg(soak != NULL && soak > gc, "no long-run memory section");
    const json_t *py = cell_of(doc, "agent-soak", "python", "soak-300");
    snprintf(want, sizeof want, "| python | soak-300 | %.2f | %+.2f | %.1f |",
             summary_median(py, "wall_s"), summary_median(py, "rss_growth_mib_per_min"),
             summary_median(py, "tree_peak_rss_bytes") / 1048576.0);
    ck_assert_msg(strstr(soak, want) != NULL, "want %s", want);
    ck_assert(strstr(soak, "| c | soak-300 |") != NULL);
    ck_assert(strstr(soak, "](report-plots/05-agent-soak-soak-300-timeline.png)") != NULL);

    const char *df = strstr(text, "## Group-by queries: the Polars / pandas claim");
    ck_assert_msg(df != NULL && df > soak, "no Polars / pandas section");
    const json_t *pd = cell_of(doc, "dataframe", "pandas", "groupby");
    const json_t *pl = cell_of(doc, "dataframe", "polars", "groupby");
    snprintf(want, sizeof want, "| groupby-1e5 · groupby | %.2f× | %.2f× |",
             metric_median(pd, "load_s") / metric_median(pl, "load_s"),
             metric_median(pd, "q1_s") / metric_median(pl, "q1_s"));
    ck_assert_msg(strstr(df, want) != NULL, "want %s", want);
    snprintf(want, sizeof want, "| polars | groupby-1e5 · groupby | %.3f | %.3f |",
             metric_median(pl, "load_s"), metric_median(pl, "q1_s"));
    ck_assert_msg(strstr(df, want) != NULL, "want %s", want);
    ck_assert(strstr(df, "## The claims") != NULL); /* the claims come after */
    json_decref(doc);
    free(text);
    free(md);
    free(out);
    free(err);
}
END_TEST

START_TEST(plot_draws_the_ratios_of_a_comparison)
{
    make_tmpdir();
    char *out, *err;
    int rc = run_versus(&out, &err, "plot", "--compare", FIXTURES "/compare.json", "--out", tmpdir,
                        NULL);
    ck_assert_msg(rc == 0, "exit %d: %s", rc, err);
    check_picture(tmpdir, "compare-ratios", out);
    free(out);
    free(err);
}
END_TEST

START_TEST(plot_draws_one_picture_per_cell_of_the_history)
{
    make_tmpdir();
    char *out, *err;
    int rc = run_versus(&out, &err, "plot", "--history", FIXTURES "/history.jsonl", "--out", tmpdir,
                        NULL);
    ck_assert_msg(rc == 0, "exit %d: %s", rc, err);
    check_picture(tmpdir, "history-01-grep-brown-literal", out);
    check_picture(tmpdir, "history-02-grep-brown-word", out);
    free(out);
    free(err);
}
END_TEST

/* A long history: 400 commits of 20 groups x 50 runners (400 000 cells). plot --history draws
 * all 20 groups (gnuplot stood in for by tests/golden/fake-gnuplot.sh), each TSV holding every
 * runner's block with every commit's median. Drawing it compared every cell with every group
 * and runner (about 400 million group comparisons; 96 s at 300 commits); through an index it takes
 * a pass. The test case's timeout (120 s) is the bound, not a timing target. */
#define H_COMMITS 400
#define H_GROUPS 20
#define H_RUNNERS 50

START_TEST(plot_draws_a_long_history_through_an_index)
{
    make_tmpdir();
    char *hist = path_in(tmpdir, "history.jsonl");
    FILE *f = fopen(hist, "w");
    ck_assert_ptr_nonnull(f);
    for (int e = 0; e < H_COMMITS; e++) {
        fprintf(f, "{\"commit\":\"%040d\",\"date\":\"2026-11-21T14:43:47Z\",\"cells\":[", e);
        for (int g = 0; g < H_GROUPS; g++)
            for (int r = 0; r < H_RUNNERS; r++)
                fprintf(f,
                        "%s{\"workload\":\"w\",\"input\":\"in\",\"parameters\":{\"name\":\"c%d\"},"
                        "\"runner\":\"r%d\",\"verdict\":\"verified\",\"median_wall_s\":%d.%03d,"
                        "\"median_cpu_s\":1.0,\"median_max_rss_bytes\":1024.0}",
                        g + r ? "," : "", g, r, e + 1, r);
        fputs("]}\n", f);
    }
    ck_assert_int_eq(fclose(f), 0);
    char *out_dir = path_in(tmpdir, "out");
    setenv("VERSUS_GNUPLOT", VERSUS_SOURCE_DIR "/tests/golden/fake-gnuplot.sh", 1);
    char *out, *err;
    int rc = run_versus(&out, &err, "plot", "--history", hist, "--out", out_dir, "--format", "svg",
                        NULL);
    unsetenv("VERSUS_GNUPLOT");
    ck_assert_msg(rc == 0, "exit %d: %s", rc, err);
    for (int g = 0; g < H_GROUPS; g++) {
        char name[64];
        snprintf(name, sizeof name, "history-%02d-w-in-c%d.tsv", g + 1, g);
        char *tsv = path_in(out_dir, name);
        size_t len;
        char *data = read_all(tsv, &len);
        /* One heading per runner's block, one row per commit in each (data kept whole for
         * the search below: the lines are counted in a copy). */
        size_t rows = 0, headings = 0;
        char *copy = strdup(data), *save = NULL;
        for (char *line = strtok_r(copy, "\n", &save); line != NULL;
             line = strtok_r(NULL, "\n", &save)) {
            headings += strstr(line, "\tposition\tcommit") != NULL;
            rows += line[0] == 'r' && strstr(line, "\tposition\tcommit") == NULL;
        }
        free(copy);
        ck_assert_uint_eq(headings, H_RUNNERS);
        ck_assert_uint_eq(rows, (size_t)H_RUNNERS * H_COMMITS);
        /* Runner 49's row at commit 399: its median is 400.049 s. */
        char want[128];
        snprintf(want, sizeof want, "r49\t399\t0000000\t2026-11-21T14:43:47Z\t400.049\t");
        ck_assert_msg(strstr(data, want) != NULL, "%s: no '%s'", name, want);
        free(data);
        free(tsv);
    }
    free(out);
    free(err);
    free(out_dir);
    free(hist);
}
END_TEST

/* The claims section of a report: its heading, then a verdict for every claim. */
static void check_claims(const char *text, const char *heading, const char *strong_open)
{
    const char *claims = strstr(text, heading);
    ck_assert_msg(claims != NULL, "no claims section");
    static const char *const words[] = {"holds", "does not hold here", "not measured here"};
    size_t verdicts = 0;
    for (const char *p = claims; (p = strstr(p, "Verdict: ")) != NULL; p++) {
        p += strlen("Verdict: ");
        ck_assert_msg(strncmp(p, strong_open, strlen(strong_open)) == 0, "%.80s", p);
        p += strlen(strong_open);
        bool known = false;
        for (size_t i = 0; i < 3; i++)
            known = known || strncmp(p, words[i], strlen(words[i])) == 0;
        ck_assert_msg(known, "not a verdict: %.40s", p);
        verdicts++;
    }
    /* every claim of workloads/claims.json, each with a verdict and one per comparison */
    json_error_t jerr;
    json_t *file = json_load_file(VERSUS_SOURCE_DIR "/workloads/claims.json", 0, &jerr);
    ck_assert_msg(file != NULL, "%s", jerr.text);
    size_t expected = 0, i;
    const json_t *claim;
    json_array_foreach(json_object_get(file, "claims"), i, claim) expected +=
        1 + json_array_size(json_object_get(claim, "comparisons"));
    json_decref(file);
    ck_assert_uint_ge(expected, 3 + 7);
    ck_assert_uint_eq(verdicts, expected);
    ck_assert_msg(strstr(claims, "grep → ripgrep is 10–100× faster") != NULL, "claim 1 missing");
}

START_TEST(reports_markdown_and_self_contained_html)
{
    make_tmpdir();
    char *md = path_in(tmpdir, "report.md"), *html = path_in(tmpdir, "report.html");
    char *out, *err;
    int rc = run_versus(&out, &err, "report", FIXTURES "/grep.json", "--markdown", md, "--html",
                        html, NULL);
    ck_assert_msg(rc == 0, "exit %d: %s", rc, err);
    ck_assert(strstr(out, md) != NULL && strstr(out, html) != NULL);

    size_t len;
    char *text = read_all(md, &len);
    check_claims(text, "## The claims", "**");
    ck_assert(strstr(text, "## Environment") != NULL);
    ck_assert(strstr(text, "AMD EPYC") != NULL);
    ck_assert_msg(strstr(text, "](report-plots/01-grep-brown-literal-wall.png)") != NULL,
                  "no relative image link");
    ck_assert(strstr(text, "timed out after 0.3 s") != NULL);
    char *png = path_in(tmpdir, "report-plots/01-grep-brown-literal-wall.png");
    check_png(png);
    free(png);
    free(text);

    text = read_all(html, &len);
    ck_assert(strncmp(text, "<!DOCTYPE html>", 15) == 0);
    check_claims(text, "<h2>The claims</h2>", "<strong class=\"v\">");
    /* The HTML report draws its charts itself (uPlot, inline): no picture, no file loaded. */
    ck_assert(strstr(text, "data:image/png;base64") == NULL);
    ck_assert(strstr(text, "<div class=\"run-chart\" data-group=\"0\">") != NULL);
    ck_assert_msg(strstr(text, "src=\"http") == NULL && strstr(text, "href=\"http") == NULL &&
                      strstr(text, "src=\"") == NULL && strstr(text, "<link") == NULL,
                  "external reference in the HTML");
    ck_assert(strstr(text, "timed out after 0.3 s") != NULL);
    free(text);
    free(md);
    free(html);
    free(out);
    free(err);
}
END_TEST

/* The number of entries of dir, "." and ".." left out. */
static size_t count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    size_t n = 0;
    const struct dirent *e;
    while ((e = readdir(d)) != NULL)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

START_TEST(reports_the_agent_claim)
{
    make_tmpdir();
    char *html = path_in(tmpdir, "agent.html"), *tmp = path_in(tmpdir, "tmp");
    ck_assert_int_eq(fsutil_mkdir_p(tmp, NULL), 0);
    setenv("TMPDIR", tmp, 1);
    char *out, *err;
    int rc = run_versus(&out, &err, "report", FIXTURES "/agent.json", "--html", html, NULL);
    ck_assert_msg(rc == 0, "exit %d: %s", rc, err);
    size_t len;
    char *text = read_all(html, &len);
    check_claims(text, "<h2>The claims</h2>", "<strong class=\"v\">");
    /* The documents' own figures from workloads/agent.json "published": 3.28 / 0.1 s CPU. */
    ck_assert_msg(strstr(text, "their own table: 32.8×") != NULL, "published ratio missing");
    ck_assert(strstr(text, "Against concurrency") != NULL);
    ck_assert(strstr(text, "src=\"data:image/png;base64,") != NULL);
    /* The documents' agent table, with our runners' rows; the fixture's loop (2 calls of
     * 100 ms) is not the documents' (2 of 1000 ms), so their rows are left out, and it says so. */
    const char *table = strstr(text, "<h2>Agent loop: the documents&#39; table</h2>");
    ck_assert_msg(table != NULL, "no agent table");
    ck_assert_msg(table < strstr(text, "<h2>The claims</h2>"), "agent table after the claims");
    ck_assert(strstr(table, "<td>rust</td>") != NULL && strstr(table, "<td>python</td>") != NULL);
    ck_assert(strstr(table, "(documents)</td>") == NULL);
    ck_assert(strstr(table, "figures are for another loop") != NULL);
    /* --html alone: the pictures were drawn into a temporary directory, then removed */
    ck_assert_uint_eq(count_entries(tmp), 0);
    ck_assert_uint_eq(count_entries(tmpdir), 2); /* agent.html and tmp */
    unsetenv("TMPDIR");
    free(text);
    free(tmp);
    free(html);
    free(out);
    free(err);
}
END_TEST

/* The fixture with every cell's model latency set to the documents' 1000 ms: the documents'
 * rows (workloads/agent.json "published") stand beside ours in every agent group. */
START_TEST(reports_the_documents_agent_rows_on_their_loop)
{
    make_tmpdir();
    json_error_t jerr;
    json_t *doc = json_load_file(FIXTURES "/agent.json", 0, &jerr);
    ck_assert_msg(doc != NULL, "%s", jerr.text);
    size_t i, groups = 0;
    json_t *cell;
    json_array_foreach(json_object_get(doc, "cells"), i, cell)
    {
        json_t *prm = json_object_get(cell, "parameters");
        ck_assert(json_is_object(prm) && json_is_number(json_object_get(prm, "latency_ms")));
        json_object_set_new(prm, "latency_ms", json_integer(1000));
        groups += strcmp(json_string_value(json_object_get(cell, "runner")), "rust") == 0;
    }
    char *fixture = path_in(tmpdir, "agent-1000ms.json"), *md = path_in(tmpdir, "agent.md");
    ck_assert_int_eq(json_dump_file(doc, fixture, 0), 0);
    json_decref(doc);
    char *out, *err;
    int rc = run_versus(&out, &err, "report", fixture, "--markdown", md, "--no-plots", NULL);
    ck_assert_msg(rc == 0, "exit %d: %s", rc, err);
    size_t len;
    char *text = read_all(md, &len);
    const char *table = strstr(text, "## Agent loop: the documents' table");
    ck_assert_msg(table != NULL, "no agent table");
    size_t rows = 0;
    for (const char *p = table; (p = strstr(p, "| Python langchain (documents) | 2475 | 2495 | "
                                               "3.28 | 115 |")) != NULL;
         p++)
        rows++;
    ck_assert_uint_ge(groups, 2);
    ck_assert_uint_eq(rows, groups);
    ck_assert(strstr(table, "| Rust (documents) | 2012 | 2013 | 0.10 | 25 |") != NULL);
    ck_assert(strstr(table, "figures are for another loop") == NULL);
    free(text);
    free(md);
    free(fixture);
    free(out);
    free(err);
}
END_TEST

START_TEST(gnuplot_missing_is_a_clear_error)
{
    make_tmpdir();
    setenv("VERSUS_GNUPLOT", "/nonexistent/gnuplot", 1);
    char *out, *err;
    int rc = run_versus(&out, &err, "plot", FIXTURES "/grep.json", "--out", tmpdir, NULL);
    ck_assert_int_eq(rc, 2);
    ck_assert_msg(count_lines(err) == 1 && strstr(err, "gnuplot not found") != NULL, "%s", err);
    free(out);
    free(err);

    char *html = path_in(tmpdir, "r.html"), *md = path_in(tmpdir, "r.md");
    rc = run_versus(&out, &err, "report", FIXTURES "/grep.json", "--html", html, "--markdown", md,
                    NULL);
    ck_assert_msg(rc == 0, "exit %d: %s", rc, err);
    size_t len;
    char *text = read_all(md, &len);
    ck_assert(strstr(text, "No pictures: gnuplot not found") != NULL);
    free(text);
    /* The HTML report needs no gnuplot: its charts are drawn in the browser. */
    text = read_all(html, &len);
    check_claims(text, "<h2>The claims</h2>", "<strong class=\"v\">");
    ck_assert(strstr(text, "<div class=\"run-chart\"") != NULL);
    free(text);
    free(html);
    free(md);
    free(out);
    free(err);
    unsetenv("VERSUS_GNUPLOT");
}
END_TEST

START_TEST(bad_input_is_one_line_and_exit_2)
{
    make_tmpdir();
    char *bad = path_in(tmpdir, "bad.json");
    ck_assert_int_eq(fsutil_write_atomic(bad, "{\"schema\": \"other\"}", 19, NULL), 0);
    const char *cases[][3] = {
        {"plot", bad, NULL},
        {"plot", "--compare", FIXTURES "/grep.json"},
        {"plot", "--history", FIXTURES "/grep.json"},
        {"report", "/nonexistent/result.json", NULL},
        {"report", bad, NULL},
        {"plot", NULL, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out, *err;
        int rc = run_versus(&out, &err, cases[i][0], cases[i][1], cases[i][2], NULL);
        ck_assert_msg(rc == 2, "case %zu: exit %d", i, rc);
        ck_assert_msg(count_lines(err) == 1, "case %zu: stderr %s", i, err);
        free(out);
        free(err);
    }
    free(bad);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("plot");
    TCase *tc = tcase_create("end-to-end");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, plots_a_grep_result);
    tcase_add_test(tc, plots_the_agent_against_concurrency);
    tcase_add_test(tc, a_simulated_result_gets_an_instructions_chart_and_report_column);
    tcase_add_test(tc, plots_the_language_claims);
    tcase_add_test(tc, reports_the_language_claims);
    tcase_add_test(tc, plot_draws_the_ratios_of_a_comparison);
    tcase_add_test(tc, plot_draws_one_picture_per_cell_of_the_history);
    tcase_add_test(tc, reports_markdown_and_self_contained_html);
    tcase_add_test(tc, reports_the_agent_claim);
    tcase_add_test(tc, reports_the_documents_agent_rows_on_their_loop);
    tcase_add_test(tc, gnuplot_missing_is_a_clear_error);
    tcase_add_test(tc, bad_input_is_one_line_and_exit_2);
    suite_add_tcase(s, tc);
    TCase *scale = tcase_create("scale");
    tcase_set_timeout(scale, 120);
    tcase_add_test(scale, plot_draws_a_long_history_through_an_index);
    suite_add_tcase(s, scale);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
