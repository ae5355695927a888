/*
 * cli_compare.c - `versus compare BEFORE.json AFTER.json`: did anything get slower between two
 * result documents? A gate for continuous integration.
 *
 * Both files are read with results_load (versus/1, or a hyperfine export), their cells matched
 * by identity (workload, input, parameters, runner), and each matched pair compared on one
 * metric (compare_report.h: ratio of medians with a bootstrap CI, Mann-Whitney p, verdict).
 * The report goes to stdout as a table or as Markdown, and to a versus-compare/1 JSON file
 * with --json. Exit status: 1 when a cell regressed (slower, with the CI above 1 + threshold)
 * or went from verified to failed; 0 otherwise; 2 for bad usage or unusable input (unreadable,
 * neither format, no cell in common).
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "compare/compare_print.h"
#include "compare/compare_report.h"
#include "output/table.h"
#include "result/results_io.h"

static const char *USAGE =
    "usage: versus compare [options] BEFORE.json AFTER.json\n"
    "Compares two result documents (versus/1, or hyperfine --export-json) cell by cell.\n"
    "Exit 1 when a cell regressed or went from verified to failed, 0 otherwise.\n"
    "\n"
    "  --metric M         wall (default), cpu or rss\n"
    "  --threshold T      a cell regressed when the CI of after/before lies above 1 + T;\n"
    "                     T as a percentage (5%, the default) or a fraction (0.05)\n"
    "  --markdown         print Markdown (for a pull-request comment) instead of a table\n"
    "  --json FILE        also write the comparison as JSON (schema versus-compare/1)\n"
    "  --color WHEN       auto, always or never\n" CLI_COMMON_HELP "  -h, --help\n";

enum { O_METRIC = OPT_COMMON_LAST, O_THRESHOLD, O_MARKDOWN, O_JSON, O_COLOR };

/* Parses "5%" (a percentage) or "0.05" (a fraction) into a fraction >= 0; -1 when bad. */
static double parse_threshold(const char *text)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || errno != 0 || !isfinite(v) || v < 0)
        return -1;
    if (*end == '%' && end[1] == '\0')
        return v / 100.0;
    return *end == '\0' ? v : -1;
}

/* True when doc was converted from a hyperfine export. */
static bool from_hyperfine(const json_t *doc)
{
    const char *from = json_string_value(json_object_get(doc, "imported_from"));
    return from != NULL && strcmp(from, "hyperfine") == 0;
}

/* What a reader of figures from hyperfine must know about this metric, or NULL. */
static const char *hyperfine_note(enum compare_metric m)
{
    if (m == COMPARE_METRIC_RSS)
        return "note: hyperfine's memory_usage_byte comes from getrusage(RUSAGE_CHILDREN), a "
               "running maximum over every child it waited for (hyperfine #753): a small "
               "command measured after a big one reads the big one's peak";
    if (m == COMPARE_METRIC_CPU)
        return "note: hyperfine exports only the mean user and system time, not one per run, "
               "so its cells have no CPU samples to compare (n/a)";
    return NULL;
}

int cli_compare(int argc, char **argv, struct cli_context *ctx)
{
    static const struct option longopts[] = {
        CLI_COMMON_OPTIONS,
        {"metric", required_argument, 0, O_METRIC},
        {"threshold", required_argument, 0, O_THRESHOLD},
        {"markdown", no_argument, 0, O_MARKDOWN},
        {"json", required_argument, 0, O_JSON},
        {"color", required_argument, 0, O_COLOR},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    enum compare_metric metric = COMPARE_METRIC_WALL;
    double threshold = 0.05;
    bool markdown = false;
    const char *json_path = NULL, *colour = "auto";
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (cli_context_option(ctx, c, optarg))
            continue;
        switch (c) {
        case O_METRIC:
            if (compare_metric_parse(optarg, &metric) != 0) {
                fprintf(stderr, "versus compare: --metric must be wall, cpu or rss, not '%s'\n",
                        optarg);
                return 2;
            }
            break;
        case O_THRESHOLD:
            threshold = parse_threshold(optarg);
            if (threshold < 0) {
                fprintf(stderr,
                        "versus compare: --threshold needs a percentage (5%%) or a fraction "
                        "(0.05) >= 0, not '%s'\n",
                        optarg);
                return 2;
            }
            break;
        case O_MARKDOWN:
            markdown = true;
            break;
        case O_JSON:
            json_path = optarg;
            break;
        case O_COLOR:
            colour = optarg;
            break;
        case 'h':
            fputs(USAGE, stdout);
            return 0;
        default:
            fputs(USAGE, stderr);
            return 2;
        }
    }
    if (argc - optind != 2) {
        fprintf(stderr, "versus compare: needs two result files, BEFORE and AFTER (got %d)\n",
                argc - optind);
        return 2;
    }
    const char *before_path = argv[optind], *after_path = argv[optind + 1];
    struct verr err;
    json_t *before = results_load(before_path, &err);
    if (before == NULL) {
        fprintf(stderr, "versus compare: %s\n", err.msg);
        return 2;
    }
    json_t *after = results_load(after_path, &err);
    if (after == NULL) {
        fprintf(stderr, "versus compare: %s\n", err.msg);
        json_decref(before);
        return 2;
    }
    json_t *report =
        compare_documents(before, after, before_path, after_path, metric, threshold, &err);
    const char *note =
        from_hyperfine(before) || from_hyperfine(after) ? hyperfine_note(metric) : NULL;
    json_decref(before);
    json_decref(after);
    if (report == NULL) {
        fprintf(stderr, "versus compare: %s\n", err.msg);
        return 2;
    }
    if (markdown)
        compare_print_markdown(stdout, report);
    else
        compare_print_table(stdout, report, table_colour_wanted(colour, stdout));
    if (note != NULL)
        printf(markdown ? "\n> %s.\n" : "%s\n", note);
    int rc = compare_report_fails(report) ? 1 : 0;
    if (json_path != NULL && compare_report_write(report, json_path, &err) != 0) {
        fprintf(stderr, "versus compare: cannot write the comparison: %s\n", err.msg);
        rc = 2;
    }
    json_decref(report);
    return rc;
}
