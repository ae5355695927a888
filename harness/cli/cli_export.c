/*
 * cli_export.c - `versus export RESULT.json --format F [--out FILE]`: a result document in
 * another tool's format (export.h): hyperfine's JSON, github-action-benchmark's
 * customSmallerIsBetter JSON, CSV, or the table as Markdown.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "output/export.h"
#include "result/results_io.h"

static const char *USAGE =
    "usage: versus export RESULT.json --format FORMAT [--out FILE]\n"
    "Writes a result document in another tool's format.\n"
    "\n"
    "  --format F         hyperfine (its --export-json shape), github-action-benchmark\n"
    "                     (customSmallerIsBetter JSON), csv (one row per cell), markdown\n"
    "  --out FILE         where to write it (default: standard output)\n" CLI_COMMON_HELP
    "  -h, --help\n";

enum { O_FORMAT = OPT_COMMON_LAST, O_OUT };

int cli_export(int argc, char **argv, struct cli_context *ctx)
{
    static const struct option longopts[] = {
        CLI_COMMON_OPTIONS,
        {"format", required_argument, 0, O_FORMAT},
        {"out", required_argument, 0, O_OUT},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    const char *format = NULL, *out = "-";
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (cli_context_option(ctx, c, optarg))
            continue;
        switch (c) {
        case O_FORMAT:
            format = optarg;
            break;
        case O_OUT:
            out = optarg;
            break;
        case 'h':
            fputs(USAGE, stdout);
            return 0;
        default: /* getopt_long said what was wrong, on one line */
            return 2;
        }
    }
    if (optind + 1 != argc || format == NULL) {
        fprintf(stderr, "versus export: give one RESULT.json and --format\n");
        return 2;
    }
    struct verr err;
    enum export_format f;
    if (export_format_parse(format, &f, &err) != 0) {
        fprintf(stderr, "versus export: %s\n", err.msg);
        return 2;
    }
    json_t *doc = results_load(argv[optind], &err);
    if (doc == NULL) {
        fprintf(stderr, "versus export: %s\n", err.msg);
        return 2;
    }
    int rc = export_write(doc, f, out, &err);
    json_decref(doc);
    if (rc != 0) {
        fprintf(stderr, "versus export: %s\n", err.msg);
        return 2;
    }
    return 0;
}
