/*
 * table.c - the terminal table (see table.h).
 */
#include "table.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "summary.h"
#include "textfmt.h"

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

struct row {
    size_t cell;
    struct cell_summary s;
};

static int row_order(const void *a, const void *b)
{
    const struct row *x = a, *y = b;
    if (x->s.valid != y->s.valid)
        return x->s.valid ? -1 : 1;
    if (!x->s.valid)
        return (x->cell > y->cell) - (x->cell < y->cell);
    double d = x->s.wall_s.median - y->s.wall_s.median;
    return (d > 0) - (d < 0);
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
    fprintf(out, "\n%s%s", colour ? BOLD : "", g->workload ? g->workload->name : "commands");
    if (g->input_name != NULL)
        fprintf(out, " · %s%s%s%s", g->input_name, *size ? " (" : "", size, *size ? ")" : "");
    if (*g->case_name)
        fprintf(out, " · %s", g->case_name);
    fprintf(out, "%s%s%s\n", colour ? RESET : "", *params ? "   " : "", params);
}

static void print_group(FILE *out, const struct plan *p, const struct group *g, bool colour)
{
    struct row *rows = calloc(g->n_cells, sizeof *rows);
    for (size_t k = 0; k < g->n_cells; k++) {
        rows[k].cell = g->cells[k];
        summary_of_cell(&p->cells[g->cells[k]], &rows[k].s);
    }
    qsort(rows, g->n_cells, sizeof *rows, row_order);
    double fastest = rows[0].s.valid ? rows[0].s.wall_s.median : 0;
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
    /* "×" is two bytes but one column: pad by hand. */
    fprintf(out, "  %s  %s\n", "× fastest", "verified");

    for (size_t k = 0; k < g->n_cells; k++) {
        const struct cell *c = &p->cells[rows[k].cell];
        const struct cell_summary *s = &rows[k].s;
        if (!s->valid) {
            bool failed = c->verdict == VERDICT_FAILED;
            fprintf(out, "  %s%-16s %s: %s%s\n", failed && colour ? RED : "", c->label,
                    failed ? "✗ FAILED" : "skipped", c->reason ? c->reason : "no samples",
                    failed && colour ? RESET : "");
            continue;
        }
        char med[32], p95[32], cpu[32], rss[32];
        textfmt_duration(s->wall_s.median, med, sizeof med);
        textfmt_duration(s->wall_s.p95, p95, sizeof p95);
        textfmt_duration(s->cpu_s.median, cpu, sizeof cpu);
        textfmt_bytes(s->max_rss_bytes.median, rss, sizeof rss);
        fprintf(out, "  %-16s %10s %10s %10s %10s", c->label, med, p95, cpu, rss);
        json_array_foreach(metrics, mi, mv)
        {
            const struct summary *ms = summary_metric(s, json_string_value(mv));
            char t[32] = "-";
            if (ms != NULL)
                textfmt_duration(ms->median, t, sizeof t);
            fprintf(out, " %10s", t);
        }
        double ratio = fastest > 0 ? s->wall_s.median / fastest : 0;
        const char *mark = c->verdict == VERDICT_VERIFIED ? "✓" : "-";
        fprintf(out, " %10.2f   %s%s%s\n", ratio, colour && c->verdict == VERDICT_VERIFIED ? GREEN : "",
                mark, colour && c->verdict == VERDICT_VERIFIED ? RESET : "");
    }
    for (size_t k = 0; k < g->n_cells; k++)
        cell_summary_clear(&rows[k].s);
    free(rows);
}

void table_print(FILE *out, const struct plan *p, bool colour)
{
    for (size_t gi = 0; gi < p->n_groups; gi++)
        print_group(out, p, &p->groups[gi], colour);
    size_t failed = plan_count_failed(p);
    if (failed > 0)
        fprintf(out, "\n%s%zu cell%s failed%s\n", colour ? RED : "", failed,
                failed == 1 ? "" : "s", colour ? RESET : "");
    fflush(out);
}
