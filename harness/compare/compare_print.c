/*
 * compare_print.c - the terminal table and the Markdown of a versus-compare/1 report (see
 * compare_print.h). Everything is rendered from the report's JSON, so what people read and
 * what machines read cannot disagree.
 */
#include "compare/compare_print.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare/compare_result.h"
#include "compare/compare_stats.h"
#include "util/escape.h"
#include "util/metric.h"
#include "util/parallel.h"
#include "util/textfmt.h"

#define RED "\033[31m"
#define GREEN "\033[32m"
#define BOLD "\033[1m"
#define RESET "\033[0m"

/* Columns of the table. */
enum {
    C_WORKLOAD,
    C_INPUT,
    C_CASE,
    C_RUNNER,
    C_N,
    C_BEFORE,
    C_AFTER,
    C_RATIO,
    C_CI,
    C_P,
    C_VERDICT,
    N_COLS
};

static const char *const HEADINGS[N_COLS] = {"workload", "input",  "case",   "runner",
                                             "n",        "before", "after",  "after/before",
                                             "95% CI",   "p",      "verdict"};

#define CELL_TEXT 512

void compare_format_value(const struct metric_def *m, double x, char *out, size_t len)
{
    if (isnan(x))
        snprintf(out, len, "-");
    else if (m->unit == METRIC_UNIT_BYTES)
        textfmt_bytes(x, out, len);
    else if (m->unit == METRIC_UNIT_SECONDS)
        textfmt_duration(x, out, len);
    else if (m->unit == METRIC_UNIT_MIB_PER_MIN)
        textfmt_growth(x, out, len);
    else
        textfmt_count(x, out, len);
}

void compare_rule_text(const struct metric_def *m, const char *th, bool markdown, char *out,
                       size_t len)
{
    const char *em = markdown ? "*" : "";
    if (metric_rule_of(m->name) == METRIC_RULE_SEPARATION)
        snprintf(out, len,
                 "separation rule for a near-deterministic metric: a cell %sregressed%s when "
                 "every after value lies above every before value, and after/before - 1 "
                 "exceeds both %s and %g times the larger relative spread (max - min) / median "
                 "of either side",
                 em, em, th, COMPARE_SEPARATION_K);
    else
        snprintf(out, len,
                 "a cell %sregressed%s when it is slower (p < 0.05) and the whole interval lies "
                 "above 1 + %s",
                 em, em, th);
}

void compare_format_ratio(double x, char *out, size_t len)
{
    if (isnan(x))
        snprintf(out, len, "-");
    else if (fabs(x) >= DBL_MAX)
        snprintf(out, len, "inf");
    else
        snprintf(out, len, "%.3f", x);
}

void compare_format_ci(double low, double high, bool markdown, char *out, size_t len)
{
    if (isnan(low) || isnan(high)) {
        snprintf(out, len, "-");
        return;
    }
    char lo[32], hi[32];
    compare_format_ratio(low, lo, sizeof lo);
    compare_format_ratio(high, hi, sizeof hi);
    if (markdown)
        snprintf(out, len, "%s–%s", lo, hi);
    else
        snprintf(out, len, "[%s, %s]", lo, hi);
}

void compare_format_p(double p, char *out, size_t len)
{
    if (isnan(p))
        snprintf(out, len, "-");
    else if (p < 0.001)
        snprintf(out, len, "<0.001");
    else
        snprintf(out, len, "%.3f", p);
}

void compare_format_p_of(const struct metric_def *m, double p, char *out, size_t len)
{
    char plain[32];
    compare_format_p(p, plain, sizeof plain);
    if (metric_rule_of(m->name) == METRIC_RULE_SEPARATION && !isnan(p))
        snprintf(out, len, "(%s)", plain);
    else
        snprintf(out, len, "%s", plain);
}

void compare_format_case(const json_t *parameters, char *out, size_t len)
{
    const char *name = json_string_value(json_object_get(parameters, "name"));
    if (name != NULL) {
        snprintf(out, len, "%s", name);
        return;
    }
    size_t used = 0;
    const char *key;
    json_t *v;
    out[0] = '\0';
    json_object_foreach((json_t *)parameters, key, v)
    {
        char *val = json_is_string(v) ? strdup(json_string_value(v))
                                      : json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
        int n = snprintf(out + used, len - used, "%s%s=%s", used ? " " : "", key, val ? val : "?");
        free(val);
        if (n < 0 || (size_t)n >= len - used)
            break;
        used += (size_t)n;
    }
    if (out[0] == '\0')
        snprintf(out, len, "-");
}

/* Display width of UTF-8 text: one column per code point (no wide characters here). */
static size_t width_of(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

static double num(const json_t *row, const char *name)
{
    const json_t *v = json_object_get(row, name);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

static const char *str(const json_t *j, const char *name)
{
    const char *s = json_string_value(json_object_get(j, name));
    return s ? s : "";
}

/* "12/10": the measured samples on each side ("-" for a missing side). */
static void n_text(const json_t *row, char *out, size_t len)
{
    const json_t *b = json_object_get(row, "n_before"), *a = json_object_get(row, "n_after");
    char sb[24] = "-", sa[24] = "-";
    if (json_is_integer(b))
        snprintf(sb, sizeof sb, "%lld", (long long)json_integer_value(b));
    if (json_is_integer(a))
        snprintf(sa, sizeof sa, "%lld", (long long)json_integer_value(a));
    snprintf(out, len, "%s/%s", sb, sa);
}

/* The texts of one row's columns. */
static void row_texts(const json_t *row, const struct metric_def *m, bool markdown,
                      char texts[N_COLS][CELL_TEXT])
{
    const char *input = json_string_value(json_object_get(row, "input"));
    snprintf(texts[C_WORKLOAD], CELL_TEXT, "%s", str(row, "workload"));
    snprintf(texts[C_INPUT], CELL_TEXT, "%s", input ? input : "-");
    compare_format_case(json_object_get(row, "parameters"), texts[C_CASE], CELL_TEXT);
    snprintf(texts[C_RUNNER], CELL_TEXT, "%s", str(row, "runner"));
    n_text(row, texts[C_N], CELL_TEXT);
    compare_format_value(m, num(row, "median_before"), texts[C_BEFORE], CELL_TEXT);
    compare_format_value(m, num(row, "median_after"), texts[C_AFTER], CELL_TEXT);
    compare_format_ratio(num(row, "ratio"), texts[C_RATIO], CELL_TEXT);
    double hi = num(row, "ci_high");
    if (isnan(hi) && !isnan(num(row, "ci_low")))
        hi = DBL_MAX; /* null high end with a known low end: unbounded */
    compare_format_ci(num(row, "ci_low"), hi, markdown, texts[C_CI], CELL_TEXT);
    compare_format_p_of(m, num(row, "p_value"), texts[C_P], CELL_TEXT);
    snprintf(texts[C_VERDICT], CELL_TEXT, "%s", str(row, "verdict"));
    if (!markdown) /* names from the files: no escape sequence reaches the terminal */
        for (int c = C_WORKLOAD; c <= C_RUNNER; c++) {
            char raw[CELL_TEXT];
            memcpy(raw, texts[c], CELL_TEXT);
            escape_terminal_string(texts[c], CELL_TEXT, raw);
        }
}

/* The report's metric; wall time when it names none that versus knows. */
static const struct metric_def *metric_of(const json_t *report)
{
    const struct metric_def *m =
        compare_metric_parse(json_string_value(json_object_get(report, "metric")));
    return m != NULL ? m : metric_find(METRIC_WALL_S);
}

/* prefix, then id as a Markdown code span or as terminal text. */
static void put_id(FILE *out, const char *prefix, const char *id, bool markdown)
{
    fputs(prefix, out);
    if (markdown)
        escape_markdown_code(out, id);
    else
        escape_terminal(out, id);
}

/* "grep brown/literal rust": a row's identity in one phrase. */
static void identity_text(const json_t *row, char *out, size_t len)
{
    char c[CELL_TEXT];
    const char *input = json_string_value(json_object_get(row, "input"));
    compare_format_case(json_object_get(row, "parameters"), c, sizeof c);
    snprintf(out, len, "%s %s/%s %s", str(row, "workload"), input ? input : "-", c,
             str(row, "runner"));
}

static const char *verdict_colour(const char *v)
{
    if (strcmp(v, "regressed") == 0 || strcmp(v, "failed") == 0 || strcmp(v, "no data") == 0)
        return RED BOLD;
    if (strcmp(v, "slower") == 0)
        return RED;
    if (strcmp(v, "faster") == 0)
        return GREEN;
    return "";
}

/* The regression threshold as a percentage, "5%". */
static void threshold_text(const json_t *report, char *out, size_t len)
{
    snprintf(out, len, "%g%%", num(report, "threshold") * 100.0);
}

/* True when row i's verdict changed between the documents (both sides present). */
static bool verdict_changed(const struct compare_result *r, size_t i)
{
    const char *vb = compare_result_verdict_before(r, i), *va = compare_result_verdict_after(r, i);
    return vb != NULL && va != NULL && strcmp(vb, va) != 0;
}

/* Prints row i's identity as one list item. */
static void put_row_id(FILE *out, const struct compare_result *r, size_t i, bool markdown)
{
    char id[4 * CELL_TEXT];
    json_t *row = compare_result_row(r, i);
    if (row == NULL)
        return;
    identity_text(row, id, sizeof id);
    json_decref(row);
    put_id(out, markdown ? "- " : "  ", id, markdown);
}

/* Prints the cells of one status other than "matched", and those whose verdict changed. */
static void print_changes(FILE *out, const struct compare_result *r, bool markdown)
{
    static const char *const statuses[] = {"appeared", "disappeared"};
    static const char *const what[] = {"appeared (in the after document only)",
                                       "disappeared (in the before document only)"};
    static const char *const what_md[] = {"Appeared (in the after document only)",
                                          "Disappeared (in the before document only)"};
    for (int s = 0; s < 2; s++) {
        size_t k = 0;
        for (size_t i = 0; i < r->n; i++) {
            if (strcmp(r->rows[i].status, statuses[s]) != 0)
                continue;
            if (k++ == 0)
                fprintf(out, markdown ? "\n**%s:**\n\n" : "\n%s:\n",
                        markdown ? what_md[s] : what[s]);
            put_row_id(out, r, i, markdown);
            fputc('\n', out);
        }
    }
    size_t k = 0;
    for (size_t i = 0; i < r->n; i++) {
        if (!verdict_changed(r, i))
            continue;
        if (k++ == 0)
            fprintf(out, markdown ? "\n**Changed verdict:**\n\n" : "\nchanged verdict:\n");
        put_row_id(out, r, i, markdown);
        fprintf(out, markdown ? ": %s → %s%s\n" : ": %s -> %s%s\n",
                compare_result_verdict_before(r, i), compare_result_verdict_after(r, i),
                compare_result_went_failed(r, i)
                    ? (markdown ? " (**fails the gate**)" : " (fails the gate)")
                    : "");
    }
}

/* "3 regressed, 1 faster, 10 no significant change, 1 failed" over the matched cells. */
static void tally_text(const struct compare_result *r, char *out, size_t len)
{
    static const char *const verdicts[] = {
        "regressed", "slower", "faster", "no significant change", "failed", "no data", "n/a"};
    size_t counts[7] = {0};
    for (size_t i = 0; i < r->n; i++) {
        const char *verdict = r->rows[i].f.verdict;
        if (strcmp(r->rows[i].status, "matched") != 0 && strcmp(verdict, "no data") != 0)
            continue;
        for (int k = 0; k < 7; k++)
            counts[k] += strcmp(verdict, verdicts[k]) == 0;
    }
    size_t used = 0;
    out[0] = '\0';
    for (int k = 0; k < 7; k++) {
        if (counts[k] == 0)
            continue;
        int n =
            snprintf(out + used, len - used, "%s%zu %s", used ? ", " : "", counts[k], verdicts[k]);
        if (n < 0 || (size_t)n >= len - used)
            break;
        used += (size_t)n;
    }
}

bool compare_few_runs_note(const struct compare_result *r, char *out, size_t len)
{
    if (strcmp(str(r->head, "rule"), "separation") == 0)
        return false; /* no rank test in that rule */
    size_t few = 0, nb = 0, na = 0;
    for (size_t i = 0; i < r->n; i++) {
        const struct compare_row *row = &r->rows[i];
        size_t b = row->f.n_before, a = row->f.n_after;
        if (strcmp(row->status, "matched") != 0 || strcmp(row->f.verdict, "failed") == 0 ||
            strcmp(row->f.verdict, "n/a") == 0 || b == 0 || a == 0 ||
            compare_mwu_min_p(b, a) < COMPARE_ALPHA)
            continue;
        if (few++ == 0) {
            nb = b;
            na = a;
        }
    }
    if (few == 0)
        return false;
    snprintf(out, len,
             "note: %zu matched cell%s too few runs to ever be significant (with %zu and %zu "
             "runs the smallest possible p is %.3g): record at least --runs 10",
             few, few == 1 ? " has" : "s have", nb, na, compare_mwu_min_p(nb, na));
    return true;
}

/* The texts of matched row i into texts; false when it is not matched (or out of memory). */
static bool matched_row_texts(const struct compare_result *r, size_t i, const struct metric_def *m,
                              bool markdown, char texts[N_COLS][CELL_TEXT])
{
    if (strcmp(r->rows[i].status, "matched") != 0)
        return false;
    json_t *row = compare_result_row(r, i);
    if (row == NULL)
        return false;
    row_texts(row, m, markdown, texts);
    json_decref(row);
    return true;
}

/* The shown rows' texts, made ahead on a thread per processor (util/parallel.h) and held
 * compactly: rows[i] is row i's N_COLS column texts one after another, each NUL-terminated
 * (malloc'd), or NULL for a row that is not matched or could not be made ahead (it is then made
 * when it is printed). A row's texts come from its JSON (compare_result_row), most of the
 * table's time for tens of thousands of rows, and the table needs them twice (widths, lines). */
struct texts_ahead {
    const struct compare_result *r;
    const struct metric_def *m;
    bool markdown;
    char **rows;
};

/* Makes the texts of rows first, first + stride, ... (each worker writes only its rows). */
static void make_texts_ahead(void *ctx, size_t first, size_t stride)
{
    struct texts_ahead *t = ctx;
    char texts[N_COLS][CELL_TEXT];
    for (size_t i = first; i < t->r->n; i += stride) {
        if (!matched_row_texts(t->r, i, t->m, t->markdown, texts))
            continue;
        size_t len = 0;
        for (int c = 0; c < N_COLS; c++)
            len += strlen(texts[c]) + 1;
        char *packed = malloc(len), *p = packed;
        if (packed == NULL)
            continue;
        for (int c = 0; c < N_COLS; c++) {
            size_t n = strlen(texts[c]) + 1;
            memcpy(p, texts[c], n);
            p += n;
        }
        t->rows[i] = packed;
    }
}

/* Makes every shown row's texts ahead into t (t->rows NULL when out of memory: every row is
 * then made as it is printed). */
static void texts_ahead_make(struct texts_ahead *t, const struct compare_result *r,
                             const struct metric_def *m, bool markdown)
{
    *t = (struct texts_ahead){r, m, markdown, calloc(r->n > 0 ? r->n : 1, sizeof(char *))};
    if (t->rows != NULL)
        parallel_for(r->n, 1000, make_texts_ahead, t);
}

/* Row i's texts into texts, made ahead or made now; false when the row is not shown. */
static bool shown_row_texts(const struct texts_ahead *t, size_t i, char texts[N_COLS][CELL_TEXT])
{
    const char *p = t->rows != NULL ? t->rows[i] : NULL;
    if (p == NULL)
        return matched_row_texts(t->r, i, t->m, t->markdown, texts);
    for (int c = 0; c < N_COLS; c++) {
        size_t n = strlen(p) + 1;
        memcpy(texts[c], p, n);
        p += n;
    }
    return true;
}

/* Frees what texts_ahead_make made. */
static void texts_ahead_free(struct texts_ahead *t)
{
    if (t->rows != NULL)
        for (size_t i = 0; i < t->r->n; i++)
            free(t->rows[i]);
    free(t->rows);
}

/* Appends the len bytes at text to line (of *used bytes so far). */
static void put_bytes(char *line, size_t *used, const char *text, size_t len)
{
    memcpy(line + *used, text, len);
    *used += len;
}

/* Writes one row of the table: its column texts, each padded to its width but the last, the
 * verdict coloured when colour is on. The line is made in a buffer and written at once: a
 * fprintf per column was most of printing 60 000 rows. */
static void put_table_line(FILE *out, char texts[N_COLS][CELL_TEXT], const size_t widths[N_COLS],
                           bool colour)
{
    /* Each text is at most CELL_TEXT bytes and each width at most CELL_TEXT columns (widths
     * are those of texts), so a column takes at most two CELL_TEXT, two spaces and colours. */
    char line[N_COLS * (2 * CELL_TEXT + 2 + sizeof RED BOLD + sizeof RESET) + 1];
    size_t used = 0;
    for (int c = 0; c < N_COLS; c++) {
        const char *t = texts[c];
        size_t len = strnlen(t, CELL_TEXT - 1), w = width_of(t);
        const char *on = c == C_VERDICT && colour ? verdict_colour(t) : "";
        if (c)
            put_bytes(line, &used, "  ", 2);
        put_bytes(line, &used, on, strlen(on));
        put_bytes(line, &used, t, len);
        if (*on)
            put_bytes(line, &used, RESET, sizeof RESET - 1);
        if (c != N_COLS - 1 && widths[c] > w) {
            memset(line + used, ' ', widths[c] - w);
            used += widths[c] - w;
        }
    }
    line[used++] = '\n';
    fwrite(line, 1, used, out);
}

void compare_print_table(FILE *out, const struct compare_result *r, bool colour)
{
    const json_t *report = r->head;
    const struct metric_def *m = metric_of(report);
    size_t widths[N_COLS];
    for (int c = 0; c < N_COLS; c++)
        widths[c] = width_of(HEADINGS[c]);
    char texts[N_COLS][CELL_TEXT];
    size_t shown = 0;
    struct texts_ahead ahead;
    texts_ahead_make(&ahead, r, m, false);
    /* Two passes over the rows: widths, then lines. */
    for (size_t i = 0; i < r->n; i++) {
        if (!shown_row_texts(&ahead, i, texts))
            continue;
        for (int c = 0; c < N_COLS; c++) {
            size_t w = width_of(texts[c]);
            widths[c] = w > widths[c] ? w : widths[c];
        }
        shown++;
    }
    char th[32];
    threshold_text(report, th, sizeof th);
    fprintf(out, "versus compare: %s, %s -> %s\n", m->label, str(report, "before"),
            str(report, "after"));
    if (metric_rule_of(m->name) == METRIC_RULE_SEPARATION) {
        char rule[512];
        compare_rule_text(m, th, false, rule, sizeof rule);
        fprintf(out, "ratio of medians after/before, %g%% percentile bootstrap CI; %s\n%s\n\n",
                num(report, "confidence") * 100.0, rule, COMPARE_P_UNUSED_NOTE);
    } else {
        fprintf(out,
                "ratio of medians after/before, %g%% percentile bootstrap CI, Mann-Whitney p; "
                "regressed = slower with the CI above 1 + %s\n\n",
                num(report, "confidence") * 100.0, th);
    }
    for (int c = 0; c < N_COLS; c++)
        fprintf(out, "%s%-*s", c ? "  " : "", c == N_COLS - 1 ? 0 : (int)widths[c], HEADINGS[c]);
    fputc('\n', out);
    for (size_t i = 0; i < r->n; i++) {
        if (shown_row_texts(&ahead, i, texts))
            put_table_line(out, texts, widths, colour);
    }
    texts_ahead_free(&ahead);
    print_changes(out, r, false);
    char tally[256];
    tally_text(r, tally, sizeof tally);
    fprintf(out, "\n%s (%zu matched)\n", *tally ? tally : "nothing matched", shown);
    char note[512];
    if (compare_few_runs_note(r, note, sizeof note))
        fprintf(out, "%s\n", note);
}

/* Writes text as one Markdown table cell (util/escape.h). */
static void md_cell(FILE *out, const char *text)
{
    fputs(" ", out);
    escape_markdown(out, text);
    fputs(" |", out);
}

void compare_print_markdown(FILE *out, const struct compare_result *r)
{
    const json_t *report = r->head;
    const struct metric_def *m = metric_of(report);
    char th[32], rule[512];
    threshold_text(report, th, sizeof th);
    compare_rule_text(m, th, true, rule, sizeof rule);
    fprintf(out, "### versus compare: %s\n\n", m->label);
    fprintf(out,
            "`%s` → `%s`. Ratio of medians after/before with its %g%% bootstrap confidence "
            "interval and the Mann-Whitney p-value; %s.%s\n\n",
            str(report, "before"), str(report, "after"), num(report, "confidence") * 100.0, rule,
            metric_rule_of(m->name) == METRIC_RULE_SEPARATION ? " " COMPARE_P_UNUSED_NOTE "." : "");
    fputs("|", out);
    for (int c = 0; c < N_COLS; c++)
        md_cell(out, HEADINGS[c]);
    fputs("\n|", out);
    for (int c = 0; c < N_COLS; c++)
        fputs(c >= C_N && c <= C_P ? " ---: |" : " --- |", out);
    fputc('\n', out);
    char texts[N_COLS][CELL_TEXT];
    struct texts_ahead ahead;
    texts_ahead_make(&ahead, r, m, true);
    for (size_t i = 0; i < r->n; i++) {
        if (!shown_row_texts(&ahead, i, texts))
            continue;
        bool loud = strcmp(texts[C_VERDICT], "regressed") == 0 ||
                    strcmp(texts[C_VERDICT], "failed") == 0 ||
                    strcmp(texts[C_VERDICT], "no data") == 0;
        fputs("|", out);
        for (int c = 0; c < N_COLS; c++) {
            if (c == C_VERDICT && loud) {
                fprintf(out, " **%s** |", texts[c]);
                continue;
            }
            if (c >= C_WORKLOAD && c <= C_RUNNER)
                md_cell(out, texts[c]); /* a name from the documents */
            else
                fprintf(out, " %s |", texts[c]); /* a figure versus wrote */
        }
        fputc('\n', out);
    }
    texts_ahead_free(&ahead);
    print_changes(out, r, true);
    fputc('\n', out);
    size_t k = 0;
    char id[4 * CELL_TEXT], ci[64];
    for (size_t i = 0; i < r->n; i++) {
        if (strcmp(r->rows[i].f.verdict, "regressed") != 0)
            continue;
        json_t *row = compare_result_row(r, i);
        if (row == NULL)
            continue;
        identity_text(row, id, sizeof id);
        compare_format_ci(num(row, "ci_low"), num(row, "ci_high"), true, ci, sizeof ci);
        if (k++ == 0)
            fprintf(out, "**Regressions** (beyond +%s): ", th);
        else
            fputs("; ", out);
        put_id(out, "", id, true);
        fprintf(out, " %+.1f%% (CI %s)", (num(row, "ratio") - 1.0) * 100.0, ci);
        json_decref(row);
    }
    if (k == 0)
        fprintf(out, "**No regressions** beyond +%s", th);
    size_t went_failed = 0;
    for (size_t i = 0; i < r->n; i++)
        went_failed += compare_result_went_failed(r, i);
    if (went_failed > 0)
        fprintf(out, "; %zu cell%s went from verified to failed", went_failed,
                went_failed == 1 ? "" : "s");
    fputs(".\n", out);
    char note[512];
    if (compare_few_runs_note(r, note, sizeof note))
        fprintf(out, "\n> %s.\n", note);
}
