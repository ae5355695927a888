/*
 * cli_plot.c - `versus plot`: pictures of a result, of a comparison, or of the history, drawn
 * by gnuplot from the scripts in plots/ (see plot.h for what is drawn).
 *
 *   versus plot RESULT.json [--out DIR]          bars per workload/input/case, agent curves
 *   versus plot --compare COMPARE.json [--out DIR]  ratios with confidence intervals
 *   versus plot --history HISTORY.jsonl [--out DIR] each cell's median over commits
 *
 * DIR defaults to ROOT/plots/out/<the input file's name without .json/.jsonl>/. Every file
 * written (data files and images) is printed on stdout, one per line. Exit status: 0, or 2
 * with one line on stderr (bad usage, an unreadable input, gnuplot missing or failing).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "output/gnuplot.h"
#include "output/plot.h"
#include "result/doc.h"
#include "util/fsutil.h"

static const char *USAGE =
    "usage: versus plot RESULT.json [--out DIR]\n"
    "       versus plot --compare COMPARE.json [--out DIR]\n"
    "       versus plot --history HISTORY.jsonl [--out DIR]\n"
    "Draws a result (wall, CPU and peak RSS per runner for each workload, input and case; the\n"
    "process tree's memory against time; task latency and CPU against concurrency for the agent\n"
    "workload; speed-up and efficiency against workers for parallel; request latency by\n"
    "percentile for gc-latency), a `versus compare` file\n"
    "(ratios with confidence intervals) or a history file (medians over commits) with gnuplot,\n"
    "as PNG and SVG, and prints the files it wrote.\n"
    "\n";

/* ROOT/plots/out/<stem of path>, malloc'd. */
static char *default_out_dir(const char *root, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base != NULL ? base + 1 : path;
    char stem[256];
    snprintf(stem, sizeof stem, "%s", base);
    size_t len = strlen(stem);
    if (len > 6 && strcmp(stem + len - 6, ".jsonl") == 0)
        stem[len - 6] = '\0';
    else if (len > 5 && strcmp(stem + len - 5, ".json") == 0)
        stem[len - 5] = '\0';
    char *slug = plot_slug(stem);
    char rel[300];
    snprintf(rel, sizeof rel, "plots/out/%s", slug ? slug : "_");
    free(slug);
    return fsutil_join(root, rel);
}

/* --format: a comma-separated list of png and svg, into an unsigned bit set. */
static int parse_formats(const struct cli_opt *opt, const char *text, char *why, size_t len)
{
    char **list = cli_split_list(text);
    unsigned formats = 0;
    for (size_t i = 0; list[i] != NULL; i++) {
        if (strcmp(list[i], "png") == 0)
            formats |= PLOT_PNG;
        else if (strcmp(list[i], "svg") == 0)
            formats |= PLOT_SVG;
        else
            formats |= 1u << 30; /* marks an unknown name */
    }
    for (size_t i = 0; list[i] != NULL; i++)
        free(list[i]);
    free(list);
    if (formats == 0 || (formats & (1u << 30)) != 0) {
        snprintf(why, len, "--%s takes png, svg or png,svg, not '%s'", opt->name, text);
        return -1;
    }
    *(unsigned *)opt->dst = formats;
    return 0;
}

int cli_plot(int argc, char **argv, struct cli_context *ctx)
{
    const char *out_dir = NULL, *compare = NULL, *history = NULL;
    unsigned formats = PLOT_PNG | PLOT_SVG;
    const struct cli_opt opts[] = {
        {CLI_OUT, .value = "DIR",
         .help = "where to write (default: ROOT/plots/out/<input file name>/)", .dst = &out_dir},
        CLI_STRING("compare", "FILE", "draw a versus-compare/1 file", &compare),
        CLI_STRING("history", "FILE", "draw a history file (JSON lines, `versus history append`)",
                   &history),
        {.name = "format",
         .value = "LIST",
         .help = "png, svg or png,svg (default png,svg)",
         .parse = parse_formats,
         .dst = &formats},
        CLI_END,
    };
    const struct cli_command cmd = {.name = "plot",
                                    .usage = USAGE,
                                    .notes = "  (gnuplot: $VERSUS_GNUPLOT, or gnuplot in PATH)\n",
                                    .opts = opts};
    int first, rc = cli_parse(&cmd, argc, argv, ctx, &first);
    if (rc != CLI_PROCEED)
        return rc;
    int positional = argc - first;
    int sources = (positional > 0) + (compare != NULL) + (history != NULL);
    if (sources != 1 || positional > 1) {
        fprintf(stderr, "versus plot: give one RESULT.json, or --compare FILE, or --history "
                        "FILE (see versus plot --help)\n");
        return 2;
    }
    const char *input = compare ? compare : history ? history : argv[first];

    struct verr err;
    json_t *doc = compare   ? plot_load_compare(input, &err)
                  : history ? plot_load_history(input, &err)
                            : doc_load(input, &err);
    if (doc == NULL) {
        fprintf(stderr, "versus plot: %s\n", err.msg);
        return 2;
    }
    char *gnuplot = gnuplot_find(&err);
    if (gnuplot == NULL) {
        fprintf(stderr, "versus plot: %s\n", err.msg);
        json_decref(doc);
        return 2;
    }
    char *dir = out_dir ? strdup(out_dir) : default_out_dir(ctx->root, input);
    char *scripts = fsutil_join(ctx->root, "plots");
    struct plot_options o = {
        .scripts_dir = scripts, .out_dir = dir, .gnuplot = gnuplot, .formats = formats};
    struct plot_files files = {0};
    rc = compare   ? plot_compare(doc, &o, &files, &err)
         : history ? plot_history(doc, &o, &files, &err)
                   : plot_result(doc, &o, &files, &err);
    for (size_t i = 0; i < files.n; i++)
        printf("%s\n", files.files[i].path);
    if (rc != 0)
        fprintf(stderr, "versus plot: %s\n", err.msg);
    else if (files.n == 0)
        fprintf(stderr, "versus plot: nothing to draw in %s (no cell with figures)\n", input);
    plot_files_free(&files);
    free(scripts);
    free(dir);
    free(gnuplot);
    json_decref(doc);
    return rc != 0 ? 2 : 0;
}
