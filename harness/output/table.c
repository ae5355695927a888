/*
 * table.c - the terminal table (see table.h).
 */
#include "output/table.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "measure/contention.h"
#include "measure/perf_counters.h"
#include "measure/summary.h"
#include "output/claims.h"
#include "output/rows.h"
#include "result/doc.h"
#include "result/result.h"
#include "util/escape.h"
#include "util/metric.h"
#include "util/textfmt.h"

#define RED "\033[31m"
#define GREEN "\033[32m"
#define BOLD "\033[1m"
#define RESET "\033[0m"

bool table_colour_wanted(const char *mode, FILE *out)
{
    if (mode != NULL && strcmp(mode, "always") == 0)
        return true;
    if (mode != NULL && strcmp(mode, "never") == 0)
        return false;
    const char *nc = getenv("NO_COLOR");
    return isatty(fileno(out)) && (nc == NULL || *nc == '\0');
}

/* "pattern=President ignore_case=true" from the case parameters (name left out). */
static void params_text(const json_t *params, char *out, size_t len)
{
    const char *key;
    json_t *v;
    size_t used = 0;
    out[0] = '\0';
    json_object_foreach((json_t *)params, key, v)
    {
        if (strcmp(key, "name") == 0 || used + 2 >= len)
            continue;
        char val[256];
        if (json_is_string(v))
            snprintf(val, sizeof val, "%s", json_string_value(v));
        else if (json_is_integer(v))
            snprintf(val, sizeof val, "%lld", (long long)json_integer_value(v));
        else if (json_is_real(v))
            snprintf(val, sizeof val, "%g", json_real_value(v));
        else if (json_is_boolean(v))
            snprintf(val, sizeof val, "%s", json_is_true(v) ? "true" : "false");
        else
            snprintf(val, sizeof val, "…");
        int n = snprintf(out + used, len - used, "%s%s=%s", used ? " " : "", key, val);
        if (n > 0)
            used += (size_t)n < len - used ? (size_t)n : len - used - 1;
    }
}

static void print_heading(FILE *out, const struct plan *p, const struct group *g, bool colour)
{
    char params[512];
    params_text(g->params, params, sizeof params);
    char size[32] = "";
    if (g->input_bytes >= 0)
        textfmt_bytes((double)g->input_bytes, size, sizeof size);
    (void)p;
    /* Names come from files: no escape sequence of theirs reaches the terminal. */
    fprintf(out, "\n%s", colour ? BOLD : "");
    escape_terminal(out, g->workload ? g->workload->name : "commands");
    if (g->input_name != NULL) {
        fputs(" · ", out);
        escape_terminal(out, g->input_name);
        fprintf(out, "%s%s%s", *size ? " (" : "", size, *size ? ")" : "");
    }
    if (*g->case_name) {
        fputs(" · ", out);
        escape_terminal(out, g->case_name);
    }
    fprintf(out, "%s%s", colour ? RESET : "", *params ? "   " : "");
    escape_terminal(out, params);
    fputc('\n', out);
}

static int by_index(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* The cells of group g as the document holds them, in document (plan) order, into cells (new
 * references; g->n_cells of them). */
static void group_cells_json(const struct plan *p, const struct group *g, json_t **cells)
{
    size_t *idx = malloc((g->n_cells + 1) * sizeof *idx);
    memcpy(idx, g->cells, g->n_cells * sizeof *idx);
    qsort(idx, g->n_cells, sizeof *idx, by_index);
    for (size_t k = 0; k < g->n_cells; k++)
        cells[k] = result_cell_json(p, idx[k]);
    free(idx);
}

/* The most count columns: every perf counter, and the simulated instruction count. */
#define MAX_COUNT_COLUMNS (PERF_N_COUNTERS + 1)

/* The counters named one by one in --counters that this machine counts, and with --counters
 * simulate the instruction count: a column each. */
static size_t counter_columns(const struct plan *p, const char **names, const char **heads)
{
    size_t n = 0;
    if (p->simulator != NULL) {
        heads[n] = "instructions";
        names[n++] = METRIC_INSTRUCTIONS;
    }
    for (int k = 0; p->counters != NULL && k < PERF_N_COUNTERS; k++) {
        uint32_t bit = 1u << k;
        if ((p->counters->named & bit) != 0 && (p->counters->usable & bit) != 0) {
            heads[n] = perf_counter_def((enum perf_counter)k)->event;
            names[n++] = perf_counter_def((enum perf_counter)k)->metric;
        }
    }
    return n;
}

/* A median count for a column: "16447", "1.23 M", "4.56 G"; seconds as durations. */
static void count_text(const char *name, double v, char *out, size_t len)
{
    if (isnan(v))
        snprintf(out, len, "-");
    else if (metric_unit_of_name(name) == METRIC_UNIT_SECONDS)
        textfmt_duration(v, out, len);
    else if (metric_unit_of_name(name) == METRIC_UNIT_MIB_PER_MIN)
        textfmt_growth(v, out, len);
    else if (v < 1e6)
        snprintf(out, len, "%.0f", v);
    else if (v < 1e9)
        snprintf(out, len, "%.2f M", v / 1e6);
    else
        snprintf(out, len, "%.2f G", v / 1e9);
}

/* Under the rows, when any run was judged: how many measured runs of each cell were flagged
 * contaminated (contention.h), and the rule. Nothing when none was. */
static void print_contaminated(FILE *out, const struct rows *rows)
{
    json_int_t total = 0;
    for (size_t k = 0; k < rows->n; k++)
        total += json_integer_value(
            json_object_get(json_object_get(rows->rows[k].cell, "summary"), "contaminated"));
    if (total == 0)
        return;
    fprintf(out, "  contaminated runs:");
    for (size_t k = 0; k < rows->n; k++) {
        const json_t *sum = json_object_get(rows->rows[k].cell, "summary");
        if (!rows->rows[k].measured)
            continue;
        fprintf(out, "%s ", k > 0 ? "," : "");
        escape_terminal(out, doc_str(rows->rows[k].cell, "runner"));
        fprintf(out, " %lld of %lld",
                (long long)json_integer_value(json_object_get(sum, "contaminated")),
                (long long)json_integer_value(json_object_get(sum, "n")));
    }
    fprintf(out,
            "\n  (steal above %.0f %% of the CPUs' time, CPU pressure above %.0f %% of a run of "
            "%.1f s or more, or involuntary context switches far above the cell's own rate and "
            "costing over %.0f %% of the run; --rerun-contaminated N runs them again)\n",
            CONTENTION_MAX_STEAL_SHARE * 100, CONTENTION_MAX_PSI_SHARE * 100,
            CONTENTION_PSI_MIN_WINDOW_S, CONTENTION_PREEMPT_SHARE * 100);
}

/* A duration in the unit asked for ("second", "millisecond", "microsecond"; hyperfine's
 * --time-unit), or in the one that suits it (NULL). */
static void duration_in(double seconds, const char *unit, char *out, size_t len)
{
    if (unit == NULL || isnan(seconds))
        textfmt_duration(seconds, out, len);
    else if (strcmp(unit, "microsecond") == 0)
        snprintf(out, len, "%.1f µs", seconds * 1e6);
    else if (strcmp(unit, "millisecond") == 0)
        snprintf(out, len, "%.1f ms", seconds * 1e3);
    else
        snprintf(out, len, "%.3f s", seconds);
}

/* --sort mean-time: measured rows by mean wall time, then the others in document order. */
static int by_mean(const void *a, const void *b)
{
    const struct row *x = a, *y = b;
    if (x->measured != y->measured)
        return x->measured ? -1 : 1;
    double d = x->measured ? doc_figure(x->cell, METRIC_WALL_S, "mean") -
                                 doc_figure(y->cell, METRIC_WALL_S, "mean")
                           : 0;
    if (d != 0)
        return (d > 0) - (d < 0);
    return (x->order > y->order) - (x->order < y->order);
}

/* Under --counters simulate: a line per cell that could not be simulated, and with counts (for
 * tables without an instructions column) one line of every cell's median instruction count. */
static void print_simulation_notes(FILE *out, const struct plan *p, const struct group *g,
                                   bool counts)
{
    if (p->simulator == NULL)
        return;
    if (counts) {
        fprintf(out, "  instructions (simulated, median):");
        for (size_t k = 0; k < g->n_cells; k++) {
            const struct cell *c = &p->cells[g->cells[k]];
            struct cell_summary s;
            char t[32] = "-";
            if (summary_of_cell(c, &s) && s.instructions.n > 0)
                textfmt_count(s.instructions.median, t, sizeof t);
            fprintf(out, "%s %s %s", k ? "," : "", c->label, t);
            cell_summary_clear(&s);
        }
        fprintf(out, "\n");
    }
    for (size_t k = 0; k < g->n_cells; k++) {
        const struct cell *c = &p->cells[g->cells[k]];
        if (c->sim_unsupported != NULL)
            fprintf(out, "  %s: %s\n", c->label, c->sim_unsupported);
    }
}

static void print_row(FILE *out, const struct row *r, const json_t *metrics, const char **counters,
                      size_t n_counters, const struct table_options *o)
{
    bool colour = o->colour;
    char runner[200];
    escape_terminal_string(runner, sizeof runner, doc_str(r->cell, "runner"));
    const char *verdict = doc_verdict(r->cell);
    if (!r->measured) {
        bool failed = strcmp(verdict, "failed") == 0;
        const char *reason = doc_str(r->cell, "reason");
        fprintf(out, "  %s%-16s %s: ", failed && colour ? RED : "", runner,
                failed                                ? "✗ FAILED"
                : strcmp(verdict, "interrupted") == 0 ? "interrupted"
                                                      : "skipped");
        escape_terminal(out, reason ? reason : "no samples");
        fprintf(out, "%s\n", failed && colour ? RESET : "");
        return;
    }
    struct row_text t;
    rows_text(r, &t);
    if (o->time_unit != NULL) {
        duration_in(r->median_s, o->time_unit, t.median, sizeof t.median);
        duration_in(r->p95_s, o->time_unit, t.p95, sizeof t.p95);
        duration_in(r->cpu_s, o->time_unit, t.cpu, sizeof t.cpu);
    }
    fprintf(out, "  %-16s %10s %10s %10s %10s", runner, t.median, t.p95, t.cpu, t.rss);
    size_t mi;
    json_t *mv;
    json_array_foreach(metrics, mi, mv)
    {
        char key[80], t[32] = "-";
        snprintf(key, sizeof key, "metrics.%s", json_string_value(mv));
        double m = doc_figure(r->cell, key, "median");
        if (!isnan(m))
            textfmt_duration(m, t, sizeof t);
        fprintf(out, " %10s", t);
    }
    for (size_t i = 0; i < n_counters; i++) {
        char t[32];
        count_text(counters[i], doc_figure(r->cell, counters[i], "median"), t, sizeof t);
        fprintf(out, " %16s", t);
    }
    bool verified = strcmp(verdict, "verified") == 0;
    fprintf(out, " %10.2f   %s%s%s\n", isnan(r->ratio) ? 0.0 : r->ratio,
            colour && verified ? GREEN : "", verified ? "✓" : "-", colour && verified ? RESET : "");
}

static void print_group(FILE *out, const struct plan *p, const struct group *g,
                        const struct table_options *o)
{
    bool colour = o->colour;
    json_t **cells = calloc(g->n_cells + 1, sizeof *cells);
    group_cells_json(p, g, cells);
    struct rows rows;
    if (rows_build((const json_t *const *)cells, g->n_cells, &rows) == 0) {
        if (o->order == TABLE_BY_MEAN)
            qsort(rows.rows, rows.n, sizeof *rows.rows, by_mean);
        else if (o->order != TABLE_AS_GIVEN)
            rows_sort_fastest(&rows);
        const json_t *metrics = g->workload ? g->workload->metrics : NULL;
        print_heading(out, p, g, colour);
        fprintf(out, "  %-16s %10s %10s %10s %10s", "runner", "median", "p95", "CPU", "peak RSS");
        size_t mi;
        json_t *mv;
        json_array_foreach(metrics, mi, mv)
        {
            char h[64];
            snprintf(h, sizeof h, "%.*s", (int)strcspn(json_string_value(mv), "_"),
                     json_string_value(mv));
            fprintf(out, " %10s", h);
        }
        const char *counters[MAX_COUNT_COLUMNS], *heads[MAX_COUNT_COLUMNS];
        size_t n_counters = counter_columns(p, counters, heads);
        for (size_t i = 0; i < n_counters; i++)
            fprintf(out, " %16s", heads[i]);
        /* "×" is two bytes but one column: pad by hand. */
        fprintf(out, "  %s  %s\n", "× fastest", "verified");
        for (size_t k = 0; k < rows.n; k++)
            print_row(out, &rows.rows[k], metrics, counters, n_counters, o);
        print_contaminated(out, &rows);
        print_simulation_notes(out, p, g, false);
        rows_free(&rows);
    }
    for (size_t k = 0; k < g->n_cells; k++)
        json_decref(cells[k]);
    free(cells);
}

static double num(const json_t *obj, const char *key)
{
    return json_number_value(json_object_get(obj, key));
}

/* The median over the measured samples of cell c of server statistic obj.field (e.g. the
 * client's own time per turn, client_gap_ms.p50), or NAN. */
static double server_median(const struct cell *c, const char *obj, const char *field)
{
    double *v = malloc((c->n_samples + 1) * sizeof *v);
    size_t n = 0;
    for (size_t j = 0; j < c->n_samples; j++) {
        const json_t *x = json_object_get(json_object_get(c->samples[j].server, obj), field);
        if (!c->samples[j].warmup && json_is_number(x))
            v[n++] = json_number_value(x);
    }
    struct summary s;
    double m = stats_summarize(v, n, &s) == 0 ? s.median : NAN;
    free(v);
    return m;
}

/* The summary of the cell of runner name in group g, or false. */
static bool summary_of_runner(const struct plan *p, const struct group *g, const char *name,
                              struct cell_summary *out)
{
    for (size_t k = 0; k < g->n_cells; k++) {
        const struct cell *c = &p->cells[g->cells[k]];
        if (strcmp(c->label, name) == 0)
            return summary_of_cell(c, out);
    }
    memset(out, 0, sizeof *out);
    return false;
}

/* The workload's first "published" entry for runner, or NULL. */
static const json_t *published_of(const struct group *g, const char *runner)
{
    size_t i;
    json_t *pub;
    json_array_foreach(g->workload->published, i, pub)
    {
        const char *r = json_string_value(json_object_get(pub, "runner"));
        if (r != NULL && strcmp(r, runner) == 0)
            return pub;
    }
    return NULL;
}

/* One line "RUNNER/rust here: CPU a×, peak RSS b×[; in the documents: ...]" when the group
 * measured both runner and rust; the documents' ratio when "published" has both. */
static void print_rust_ratio(FILE *out, const struct plan *p, const struct group *g,
                             const char *runner)
{
    struct cell_summary num_s = {0}, rs = {0};
    if (summary_of_runner(p, g, runner, &num_s) && summary_of_runner(p, g, "rust", &rs) &&
        rs.cpu_s.median > 0 && rs.max_rss_bytes.median > 0) {
        fprintf(out, "  %s/rust here: CPU %.1f×, peak RSS %.1f×", runner,
                num_s.cpu_s.median / rs.cpu_s.median,
                num_s.max_rss_bytes.median / rs.max_rss_bytes.median);
        const json_t *dp = published_of(g, runner), *dr = published_of(g, "rust");
        if (dp != NULL && dr != NULL && claims_published_applies(dp, g->params) &&
            claims_published_applies(dr, g->params) && num(dr, METRIC_CPU_S) > 0 &&
            num(dr, "max_rss_mib") > 0)
            fprintf(out, "; in the documents: CPU %.1f×, peak RSS %.1f×",
                    num(dp, METRIC_CPU_S) / num(dr, METRIC_CPU_S),
                    num(dp, "max_rss_mib") / num(dr, "max_rss_mib"));
        fprintf(out, "\n");
    }
    cell_summary_clear(&num_s);
    cell_summary_clear(&rs);
}

/* True when a measured sample of the group has a memory timeline (--rss-interval). */
static bool group_has_timeline(const struct plan *p, const struct group *g)
{
    for (size_t k = 0; k < g->n_cells; k++) {
        const struct cell *c = &p->cells[g->cells[k]];
        for (size_t j = 0; j < c->n_samples; j++)
            if (!c->samples[j].warmup && c->samples[j].rss.n > 0)
                return true;
    }
    return false;
}

/* The documents' table shape for a group whose runners report task_latency_s (the agent
 * workload): task latency median and p95 in ms, process CPU in s, peak RSS in MiB (and, with
 * memory timelines, the process tree's peak and its growth over each run's second half), then the
 * figures others published (the workload's "published"), and the ratios to rust of python and
 * of each runner the documents published figures for (langchain). */
static void print_latency_table(FILE *out, const struct plan *p, const struct group *g, bool colour)
{
    const json_t *prm = g->params;
    fprintf(out,
            "\n%s%s · %s%s   concurrency %lld, %lld tasks, %lld calls of %lld ms (ideal task "
            "latency %lld ms)\n",
            colour ? BOLD : "", g->workload->name, g->case_name, colour ? RESET : "",
            (long long)num(prm, "concurrency"), (long long)num(prm, "tasks"),
            (long long)num(prm, "calls"), (long long)num(prm, "latency_ms"),
            (long long)(num(prm, "calls") * num(prm, "latency_ms")));
    bool timeline = group_has_timeline(p, g);
    fprintf(out, "  %-30s %10s %10s %8s %13s %12s", "runner", "median ms", "p95 ms", "CPU s",
            "peak RSS MiB", "own ms/turn");
    if (timeline)
        fprintf(out, " %13s %14s", "tree peak MiB", "growth MiB/min");
    fputc('\n', out);
    for (size_t k = 0; k < g->n_cells; k++) {
        const struct cell *c = &p->cells[g->cells[k]];
        struct cell_summary s;
        const struct summary *lat;
        if (!summary_of_cell(c, &s) || (lat = summary_metric(&s, "task_latency_s")) == NULL) {
            char label[200];
            escape_terminal_string(label, sizeof label, c->label);
            fprintf(out, "  %s%-30s ", colour ? RED : "", label);
            escape_terminal(out, c->reason ? c->reason : "no task latencies reported");
            fprintf(out, "%s\n", colour ? RESET : "");
            cell_summary_clear(&s);
            continue;
        }
        char label[200];
        escape_terminal_string(label, sizeof label, c->label);
        fprintf(out, "  %-30s %10.1f %10.1f %8.2f %13.1f %12.2f", label, lat->median * 1e3,
                lat->p95 * 1e3, s.cpu_s.median, s.max_rss_bytes.median / 1048576.0,
                server_median(c, "client_gap_ms", "p50"));
        if (timeline) {
            /* "-" where a run was too short for 3 readings in its second half. */
            char growth[32] = "-";
            if (s.rss_growth_mib_per_min.n > 0)
                snprintf(growth, sizeof growth, "%+.2f", s.rss_growth_mib_per_min.median);
            fprintf(out, " %13.1f %14s",
                    s.tree_peak_rss_bytes.n > 0 ? s.tree_peak_rss_bytes.median / 1048576.0 : NAN,
                    growth);
        }
        fputc('\n', out);
        cell_summary_clear(&s);
    }
    size_t i;
    json_t *pub;
    json_array_foreach(g->workload->published, i, pub)
    {
        if (!claims_published_applies(pub, prm))
            continue;
        fprintf(out, "  %-30s %10.0f %10.0f %8.2f %13.0f\n",
                json_string_value(json_object_get(pub, "label")), num(pub, "median_ms"),
                num(pub, "p95_ms"), num(pub, METRIC_CPU_S), num(pub, "max_rss_mib"));
    }
    /* The server's own accuracy over every measured run of the group. */
    double d50 = 0, d99 = 0, dmax = 0;
    size_t runs = 0;
    for (size_t k = 0; k < g->n_cells; k++) {
        const struct cell *c = &p->cells[g->cells[k]];
        for (size_t j = 0; j < c->n_samples; j++) {
            const json_t *d = json_object_get(c->samples[j].server, "added_delay_ms");
            if (c->samples[j].warmup || !json_is_number(json_object_get(d, "p99")))
                continue;
            d50 += num(d, "p50");
            d99 = fmax(d99, num(d, "p99"));
            dmax = fmax(dmax, num(d, "max"));
            runs++;
        }
    }
    if (runs > 0)
        fprintf(out,
                "  server's added delay over %zu runs: p50 %.2f ms (mean of runs), p99 %.2f ms "
                "and max %.2f ms (worst run)\n",
                runs, d50 / (double)runs, d99, dmax);
    print_simulation_notes(out, p, g, true);
    print_rust_ratio(out, p, g, "python");
    json_array_foreach(g->workload->published, i, pub)
    {
        const char *r = json_string_value(json_object_get(pub, "runner"));
        if (r != NULL && strcmp(r, "python") != 0 && strcmp(r, "rust") != 0)
            print_rust_ratio(out, p, g, r);
    }
}

static bool reports_task_latency(const struct group *g)
{
    size_t i;
    json_t *m;
    if (g->workload == NULL)
        return false;
    json_array_foreach(g->workload->metrics, i, m)
    {
        if (strcmp(json_string_value(m), "task_latency_s") == 0)
            return true;
    }
    return false;
}

void table_print_group(FILE *out, const struct plan *p, size_t gi, const struct table_options *o)
{
    if (reports_task_latency(&p->groups[gi]))
        print_latency_table(out, p, &p->groups[gi], o->colour);
    else
        print_group(out, p, &p->groups[gi], o);
    fflush(out);
}

void table_print_footer(FILE *out, const struct plan *p, bool colour)
{
    size_t failed = plan_count_failed(p);
    if (failed > 0)
        fprintf(out, "\n%s%zu cell%s failed%s\n", colour ? RED : "", failed, failed == 1 ? "" : "s",
                colour ? RESET : "");
    fflush(out);
}

void table_print(FILE *out, const struct plan *p, bool colour)
{
    const struct table_options o = {.colour = colour};
    for (size_t gi = 0; gi < p->n_groups; gi++)
        table_print_group(out, p, gi, &o);
    table_print_footer(out, p, colour);
}
