/*
 * cli_export.c - `versus export RESULT.json --format F [--out FILE]`: a result document in
 * another tool's format (export.h): hyperfine's JSON, github-action-benchmark's
 * customSmallerIsBetter JSON, CSV, or the table as Markdown.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "output/export.h"
#include "result/doc.h"

static const char *USAGE = "usage: versus export RESULT.json --format FORMAT [--out FILE]\n"
                           "Writes a result document in another tool's format.\n"
                           "\n";

int cli_export(int argc, char **argv, struct cli_context *ctx)
{
    const char *format = NULL, *out = "-";
    const struct cli_opt opts[] = {
        CLI_STRING("format", "F",
                   "hyperfine (its --export-json shape), github-action-benchmark\n"
                   "(customSmallerIsBetter JSON), csv (one row per cell), markdown",
                   &format),
        {CLI_OUT, .dst = &out},
        CLI_END,
    };
    const struct cli_command cmd = {.name = "export", .usage = USAGE, .opts = opts};
    int first, rc = cli_parse(&cmd, argc, argv, ctx, &first);
    if (rc != CLI_PROCEED)
        return rc;
    if (first + 1 != argc || format == NULL) {
        fprintf(stderr, "versus export: give one RESULT.json and --format\n");
        return 2;
    }
    struct verr err;
    enum export_format f;
    if (export_format_parse(format, &f, &err) != 0) {
        fprintf(stderr, "versus export: %s\n", err.msg);
        return 2;
    }
    json_t *doc = doc_load(argv[first], &err);
    if (doc == NULL) {
        fprintf(stderr, "versus export: %s\n", err.msg);
        return 2;
    }
    rc = export_write(doc, f, out, &err);
    json_decref(doc);
    if (rc != 0) {
        fprintf(stderr, "versus export: %s\n", err.msg);
        return 2;
    }
    return 0;
}
